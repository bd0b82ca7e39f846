#!/usr/bin/env python3
"""A batch whose reader stops reading, stopped by a signal.

    python3 tests/batch/blocked_write.py POLRUN POLICY LINEFILE SIGNAL COUNT [OPTIONS...]

polrun batch POLICY OPTIONS reads the line of LINEFILE COUNT times (0: for
ever) and writes to a pipe of which this script reads 4 KiB and then no
more. Once polrun has stopped writing (the pipe holds as much as it did a
second before: it is blocked) and, with a COUNT, has read its whole input
(all of it written and none left in the pipe), SIGNAL (TERM, INT or HUP)
is sent. polrun
must end by it within 20 seconds (else it is killed: the test fails rather
than hang). What it wrote (what was read and what the pipe still held)
must be what standard error says: E1205, every line a whole JSON object,
as many as it counts; or E1206, the last N bytes of the output the start
of an answer and the lines before them whole JSON objects, as many as it
counts. Prints `whole N` or `cut N K` and exits 0, or prints what is wrong
and exits 1."""
import fcntl
import json
import os
import re
import signal
import subprocess
import sys
import termios
import threading
import time


def fail(msg):
    print(msg)
    sys.exit(1)


polrun, policy, linefile, signame, count = sys.argv[1:6]
options = sys.argv[6:]
count = int(count)
sig = getattr(signal, "SIG" + signame)
line = open(linefile, "rb").read().split(b"\n")[0] + b"\n"

r, w = os.pipe()
proc = subprocess.Popen([polrun, "batch", policy] + options, stdin=subprocess.PIPE, stdout=w,
                        stderr=subprocess.PIPE, restore_signals=True,
                        preexec_fn=lambda: [signal.signal(s, signal.SIG_DFL)
                                            for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)])
os.close(w)


def unread(fd=r):
    return int.from_bytes(fcntl.ioctl(fd, termios.FIONREAD, b"\0\0\0\0"), "little")


def feed():
    try:
        n = 0
        chunk = line * 256
        while count == 0 or n < count:
            k = 256 if count == 0 else min(256, count - n)
            proc.stdin.write(chunk if k == 256 else line * k)
            n += k
        proc.stdin.flush()
        while unread(proc.stdin.fileno()) > 0:   # read by polrun: its input has ended
            time.sleep(0.05)
        proc.stdin.close()
    except (BrokenPipeError, ValueError, OSError):
        pass


errs = []
feeder = threading.Thread(target=feed, daemon=True)
feeder.start()
threading.Thread(target=lambda: errs.append(proc.stderr.read()), daemon=True).start()

first = os.read(r, 4096)


# blocked: the pipe holds as much as it did a second before
deadline = time.monotonic() + 60
before = -1
while True:
    time.sleep(1)
    now = unread()
    if now == before and now > 0 and (count == 0 or (not feeder.is_alive() and proc.stdin.closed)):
        break
    before = now
    if proc.poll() is not None:
        fail(f"polrun ended before it was blocked (exit {proc.returncode})")
    if time.monotonic() > deadline:
        fail("polrun never stopped writing")

proc.send_signal(sig)
try:
    proc.wait(timeout=20)
except subprocess.TimeoutExpired:
    proc.kill()
    proc.wait()
    fail(f"SIG{signame} did not end a batch blocked writing: killed after 20 s")

rest = b""
while True:
    b = os.read(r, 1 << 16)
    if not b:
        break
    rest += b
out = first + rest
time.sleep(0.1)
err = (errs[0] if errs else b"").decode("utf-8", "replace")
if proc.returncode != -sig:
    fail(f"exit {proc.returncode}, wanted -{int(sig)} (ended by SIG{signame}): {err}")


def whole_lines(data):
    if data and not data.endswith(b"\n"):
        fail(f"the output ends inside a line: ...{data[-80:]!r}\n{err}")
    lines = data.split(b"\n")[:-1]
    for n, l in enumerate(lines, 1):
        try:
            v = json.loads(l.decode("utf-8"))
        except ValueError as e:
            fail(f"line {n} is not JSON ({e}): {l[:200]!r}")
        if not isinstance(v, dict):
            fail(f"line {n} is not an object: {l[:200]!r}")
    return len(lines)


m = re.search(r"error\[E1205\]: stopped by SIG(\w+) after answering (\d+) lines?; "
              r"the records after them were not answered", err)
if m:
    n = whole_lines(out)
    if m.group(1) != signame or int(m.group(2)) != n:
        fail(f"{n} whole lines, standard error says: {err}")
    print(f"whole {n}")
    sys.exit(0)
m = re.search(r"error\[E1206\]: stopped by SIG(\w+) after answering (\d+) lines?, while the output was not "
              r"being read: its last (\d+) bytes are the start of the next answer, cut short", err)
if not m:
    fail(f"no E1205 or E1206: {err}")
k = int(m.group(3))
if k == 0 or k > len(out) or b"\n" in out[len(out) - k:]:
    fail(f"the last {k} bytes are not the start of an answer: ...{out[-200:]!r}")
n = whole_lines(out[:len(out) - k])
if m.group(1) != signame or int(m.group(2)) != n:
    fail(f"{n} whole lines, standard error says: {err}")
print(f"cut {n} {k}")
