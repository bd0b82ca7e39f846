#!/usr/bin/env python3
"""The error answers of `polrun serve`, one request of each kind, for the
golden files of tests/diagnostics (serve-requests.args).

    python3 tests/serve/errors.py POLRUN LANG SCRATCH

Starts servers with --lang LANG, sends each bad request and writes to
standard error what it sent, the HTTP status and the error of the answer,
rendered as polrun renders a diagnostic (human format, in LANG):

    POST /v1/policies/nope/decide
    HTTP 404
    error[E1302]: no policy named `nope` is served
      = help: the policies served are `changsha-srdi-2025`

so that the messages of both languages are compared with their goldens.
Exit status 1 if a server does not start or an answer is not an error.
"""

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time

POLRUN, LANG, SCRATCH = sys.argv[1], sys.argv[2], sys.argv[3]
ENV = dict(os.environ, LC_ALL="C.UTF-8", LANG="C.UTF-8")
POLICY = "policies/changsha-srdi-2025.pol"
status = 0


def start(*args, env=None):
    log = open(os.path.join(SCRATCH, f"server{time.time_ns()}.log"), "w+b")
    proc = subprocess.Popen([POLRUN, "--lang", LANG, "serve", *args, "--listen", "127.0.0.1:0"],
                            stdout=subprocess.DEVNULL, stderr=log, env=env or ENV)
    for _ in range(500):
        log.seek(0)
        for line in log.read().decode(errors="replace").splitlines():
            if '"event":"listening"' in line:
                return proc, json.loads(line)["port"]
        time.sleep(0.01)
    proc.kill()
    sys.exit("the server did not start")


WORDS = {"en": ("error", ": ", "help: "), "zh": ("错误", "：", "帮助：")}


def show(method, path, status_code, body):
    global status
    print(f"{method} {path}", file=sys.stderr)
    print(f"HTTP {status_code}", file=sys.stderr)
    try:
        e = json.loads(body)["error"]
    except (ValueError, KeyError):
        print(f"(not an error) {body[:200]!r}", file=sys.stderr)
        status = 1
        return
    error, colon, help_ = WORDS[LANG]
    where = f"{e['path']}{colon}" if "path" in e else ""
    print(f"{error}[{e['code']}]{colon}{where}{e['message']}", file=sys.stderr)
    if "help" in e:
        print(f"  = {help_}{e['help']}", file=sys.stderr)


def ask(port, method, path, body=None, headers=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    c.request(method, path, body=body, headers=headers or {})
    r = c.getresponse()
    show(method, path, r.status, r.read())
    c.close()


decide = "/v1/policies/changsha-srdi-2025/decide"
batch = "/v1/policies/changsha-srdi-2025/batch"
facts = open("examples/candidate.json", "rb").read()

broken = os.path.join(SCRATCH, "broken.pol")
with open(broken, "w", encoding="utf-8") as f:
    f.write('policy "broken"\n  title "B"\n  in force from 2025-01-01 for 1 year\n\nfacts { x: integr }\n')
server, port = start(POLICY, broken, "--time-limit", "1", "--decide-limit", "1K")
ask(port, "GET", "/nowhere")
ask(port, "POST", "/v1/policies/nope/decide", facts)
ask(port, "GET", decide)
ask(port, "POST", decide, b"x" * 2000)
ask(port, "POST", decide + "?verbose=1", facts)
ask(port, "GET", "/metrics?verbose=1")
ask(port, "POST", decide + "?explain=maybe", facts)
ask(port, "POST", decide + "?date=2025-02-30", facts)
ask(port, "POST", batch + "?explain=text", facts)
ask(port, "POST", batch + "?explain=1&output=csv", facts)
ask(port, "POST", batch + "?bom=0", facts)
ask(port, "POST", batch + "?output=xml", facts)
ask(port, "POST", decide + "?date=2025-06-01&date=2025-06-02", facts)
ask(port, "POST", "/v1/policies/broken/decide", b'{"x": 1}')
ask(port, "POST", decide, b'{"id": "x",')
ask(port, "POST", decide, facts.replace(b'"333.33"', b'"333.333"'))
ask(port, "POST", batch, b"id,kind,kind\nA1,enterprise,enterprise\n", {"Content-Type": "text/csv"})

# a body that arrives after --time-limit
sock = socket.create_connection(("127.0.0.1", port), timeout=20)
sock.sendall(f"POST {decide} HTTP/1.1\r\nHost: x\r\nContent-Length: {len(facts)}\r\n\r\n".encode())
time.sleep(1.3)
sock.sendall(facts)
answer = b""
while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
    d = sock.recv(4096)
    if not d:
        break
    answer += d
sock.close()
head, _, body = answer.partition(b"\r\n\r\n")
show("POST", decide + " (the body after 1.3 s)", int(head.split()[1]), body)

# shutting down: a request on an open connection while another is in flight
keep = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
keep.request("GET", "/healthz")
keep.getresponse().read()
slow = socket.create_connection(("127.0.0.1", port), timeout=20)
slow.sendall(f"POST {decide}?date=2026-01-01 HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{{".encode())
time.sleep(0.2)
server.send_signal(signal.SIGTERM)
time.sleep(0.3)
keep.request("GET", "/healthz")
r = keep.getresponse()
show("GET", "/healthz (while shutting down)", r.status, r.read())
slow.sendall(b"}")
slow.recv(4096)
slow.close()
server.wait(20)

# a token is needed
token = os.path.join(SCRATCH, "token")
with open(token, "w", encoding="utf-8") as f:
    f.write("secret\n")
server, port = start(POLICY, "--token-file", token)
ask(port, "GET", "/v1/policies", headers={"Authorization": "Bearer guess"})
server.send_signal(signal.SIGTERM)
server.wait(20)

# a batch whose body cannot be kept
server, port = start(POLICY, env=dict(ENV, TMPDIR=os.path.join(SCRATCH, "missing")))
ask(port, "POST", batch, facts)
server.send_signal(signal.SIGTERM)
server.wait(20)
sys.exit(status)
