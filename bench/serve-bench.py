#!/usr/bin/env python3
"""`make bench`: polrun serve under load (docs/performance.md, "The service").

    python3 bench/serve-bench.py POLRUN POLICY REGISTER [SECONDS]

REGISTER is an NDJSON file of applicants (bench/gen.c's). Starts
`polrun serve` on a free loopback port and measures, with wrk (Debian's
`wrk`, a real HTTP load generator):

  1. decide at 1, 16 and 64 connections: requests a second, p50 and p99
     latency; the bodies are the first 1,000 applicants of REGISTER, in
     turn (a Lua script of wrk);
  2. batch: the first 200,000 applicants of REGISTER posted whole with
     curl, best of 3, in MB/s of body and applicants a second, beside
     `polrun batch --jobs 1` on the same file;
  3. swaps under load: 16 connections decide for SECONDS (default 10)
     while the policy is edited every 0.5 s (written to a new file and
     renamed over it, changing a ceiling, so that each edit makes a new
     version); /metrics and the server's resident memory are sampled every
     0.1 s: the most versions in memory at once, the collected heap and the
     RSS before, at most during and after the swaps, and the latency during
     the swaps against the same load without them, and the time the
     collector held every thread stopped in each.

Prints one table. The load generator runs on the same machine as the
server: on two cores they share the CPUs.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

POLRUN, POLICY, REGISTER = sys.argv[1], sys.argv[2], sys.argv[3]
SECONDS = int(sys.argv[4]) if len(sys.argv) > 4 else 10
T = tempfile.mkdtemp(prefix="polrun-serve-bench-")


def start(policy, *args):
    log = open(os.path.join(T, "server.log"), "w+b")
    proc = subprocess.Popen([POLRUN, "serve", policy, "--listen", "127.0.0.1:0", *args],
                            stdout=subprocess.DEVNULL, stderr=log)
    for _ in range(1000):
        log.seek(0)
        for line in log.read().decode(errors="replace").splitlines():
            if '"event":"listening"' in line:
                return proc, json.loads(line)["port"], log
        time.sleep(0.01)
    sys.exit("serve-bench: the server did not start")


def wrk(port, connections, seconds, script):
    threads = min(2, connections)
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", script,
                          f"http://127.0.0.1:{port}/v1/policies/{NAME}/decide"],
                         capture_output=True, text=True).stdout

    def unit(v, u):
        return float(v) * {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 6e4}[u]

    r = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}
    for pct in ("50", "99"):
        m = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.M)
        r["p" + pct] = unit(*m.groups())
    m = re.search(r"Latency\s+\S+\s+\S+\s+([\d.]+)(us|ms|s|m)", out)
    r["max"] = unit(*m.groups())
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    r["non2xx"] = int(bad.group(1)) if bad else 0
    r["socket_errors"] = errors.group(1) if errors else "none"
    return r


def metrics(port):
    text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10).read().decode()
    values = {}
    for line in text.splitlines():
        m = re.match(r"([a-z_]+)(?:\{[^}]*\})? (\S+)$", line)
        if m:
            values[m.group(1)] = values.get(m.group(1), 0) + float(m.group(2))
    return values


def rss_kb(pid):
    with open(f"/proc/{pid}/status", encoding="utf-8") as f:
        return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1))


NAME = os.path.splitext(os.path.basename(POLICY))[0]
with open(REGISTER, "rb") as f:
    lines = []
    for line in f:
        lines.append(line.rstrip(b"\n"))
        if len(lines) == 200000:
            break
# the bodies: the first 1,000 applicants that polrun decides (not bad facts)
answers = subprocess.run([POLRUN, "batch", POLICY], input=b"".join(l + b"\n" for l in lines[:2000]),
                         capture_output=True).stdout.splitlines()
bodies = [l for l, a in zip(lines, answers) if not a.startswith(b'{"line":')][:1000]
with open(os.path.join(T, "bodies.lua"), "wb") as f:
    f.write(b"bodies = {\n")
    for b in bodies:
        f.write(b"  [==[" + b + b"]==],\n")   # a long string: the bytes as they are
    f.write(b"}\n")
    f.write(b"""i = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  i = i % #bodies + 1
  return wrk.format(nil, nil, nil, bodies[i])
end
""")
script = os.path.join(T, "bodies.lua")

rows = []
proc, port, log = start(POLICY, "--batch-limit", "256M")
# the bodies decide as polrun run decides them (a spot check of the load)
wrk(port, 1, 1, script)
for c in (1, 16, 64):
    r = wrk(port, c, SECONDS, script)
    rows.append((f"decide, {c} connection{'s' if c > 1 else ''}",
                 f"{r['rps']:.0f} req/s", f"p50 {r['p50']:.3f} ms, p99 {r['p99']:.3f} ms",
                 f"non-2xx {r['non2xx']}, socket errors {r['socket_errors']}"))

register = os.path.join(T, "register.ndjson")
with open(register, "wb") as f:
    for line in lines:
        f.write(line + b"\n")
size = os.path.getsize(register)
best = None
for _ in range(3):
    out = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code} %{time_total}", "--data-binary",
                          "@" + register, f"http://127.0.0.1:{port}/v1/policies/{NAME}/batch"],
                         capture_output=True, text=True).stdout.split()
    if out[0] != "200":
        sys.exit(f"serve-bench: batch answered {out[0]}")
    best = min(best or 1e9, float(out[1]))
cli = None
for _ in range(3):
    t = time.time()
    with open(register, "rb") as f:
        subprocess.run([POLRUN, "batch", POLICY], stdin=f, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    cli = min(cli or 1e9, time.time() - t)
rows.append((f"batch, {len(lines)} applicants ({size / 1e6:.0f} MB) posted whole",
             f"{size / best / 1e6:.0f} MB/s", f"{len(lines) / best:.0f} applicants/s",
             f"polrun batch --jobs 1: {size / cli / 1e6:.0f} MB/s ({best / cli:.2f}x its time)"))
proc.send_signal(signal.SIGTERM)
proc.wait()

# swaps under load
policy_dir = os.path.join(T, "policy")
shutil.copytree(os.path.dirname(os.path.abspath(POLICY)), policy_dir)
policy = os.path.join(policy_dir, os.path.basename(POLICY))
text_a = open(policy, "rb").read()
text_b = text_a.replace("parameter key_project_ceiling = 30 万元".encode(), "parameter key_project_ceiling = 29 万元".encode())
if text_a == text_b:
    sys.exit("serve-bench: the edit changes nothing")
proc, port, log = start(policy)
wrk(port, 16, 1, script)
ahead = metrics(port)
steady = wrk(port, 16, SECONDS, script)
before = metrics(port)
rss_before = rss_kb(proc.pid)
samples = []
stop = threading.Event()


def sample():
    while not stop.is_set():
        m = metrics(port)
        samples.append((m.get("polrun_policy_versions_in_memory", 0),
                        m.get("polrun_heap_bytes", 0) - m.get("polrun_heap_free_bytes", 0), rss_kb(proc.pid)))
        time.sleep(0.1)


def edit():
    k = 0
    while not stop.is_set():
        time.sleep(0.5)
        tmp = policy + ".tmp"
        with open(tmp, "wb") as f:
            f.write(text_b if k % 2 == 0 else text_a)
        os.rename(tmp, policy)
        k += 1


threads = [threading.Thread(target=sample), threading.Thread(target=edit)]
for t in threads:
    t.start()
swapping = wrk(port, 16, SECONDS, script)
stop.set()
for t in threads:
    t.join()
time.sleep(1)
after = metrics(port)
rss_after = rss_kb(proc.pid)
reloads = int(after.get("polrun_policy_reloads_total", 0))
proc.send_signal(signal.SIGTERM)
proc.wait()
events = [json.loads(l) for l in open(os.path.join(T, "server.log"), encoding="utf-8") if l.startswith("{")]
swap_ms = [e["duration_ms"] for e in events if e.get("event") == "reload"]
versions = max(s[0] for s in samples)
heap_max = max(s[1] for s in samples)
rss_max = max(s[2] for s in samples)
rows.append(("decide, 16 connections, no edits", f"{steady['rps']:.0f} req/s",
             f"p50 {steady['p50']:.3f} ms, p99 {steady['p99']:.3f} ms", f"max {steady['max']:.1f} ms"))
rows.append((f"decide, 16 connections, {reloads} swaps in {SECONDS} s", f"{swapping['rps']:.0f} req/s",
             f"p50 {swapping['p50']:.3f} ms, p99 {swapping['p99']:.3f} ms",
             f"max {swapping['max']:.1f} ms, non-2xx {swapping['non2xx']}, socket errors {swapping['socket_errors']}"))
def pauses(a, b):
    n = b["polrun_gc_collections_total"] - a["polrun_gc_collections_total"]
    t = (b["polrun_gc_pause_seconds_total"] - a["polrun_gc_pause_seconds_total"]) * 1000
    return f"{n:.0f} collections, {t:.0f} ms stopped"


rows.append(("  the collector: without edits / with the swaps", pauses(ahead, before), pauses(before, after),
             f"longest stop {after['polrun_gc_pause_seconds_max'] * 1000:.1f} ms"))
rows.append(("  a swap: load, check, compile (median, slowest)",
             f"{sorted(swap_ms)[len(swap_ms) // 2]:.1f} ms" if swap_ms else "-",
             f"{max(swap_ms):.1f} ms" if swap_ms else "-", "no request waits for it"))
rows.append(("  versions in memory at once (most, sampled; and the server's own count)",
             f"{versions:.0f}", f"max {after.get('polrun_policy_versions_in_memory_max', 0):.0f}", "<= 2"))
def used(m):
    return (m["polrun_heap_bytes"] - m["polrun_heap_free_bytes"]) / 1e6


rows.append(("  collected heap in use: before / most during / after", f"{used(before):.1f} MB",
             f"{heap_max / 1e6:.1f} MB", f"{used(after):.1f} MB (heap {after['polrun_heap_bytes'] / 1e6:.1f} MB)"))
rows.append(("  resident memory: before / most during / after", f"{rss_before / 1024:.1f} MB",
             f"{rss_max / 1024:.1f} MB", f"{rss_after / 1024:.1f} MB"))

print()
print("polrun serve (wrk; load generator and server on the same machine)")
for r in rows:
    print(f"{r[0]:<58} {r[1]:<14} {r[2]:<34} {r[3]}")
shutil.rmtree(T, ignore_errors=True)
