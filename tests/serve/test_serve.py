#!/usr/bin/env python3
"""The tests of `polrun serve`, with Python's standard library as the client.

    python3 tests/serve/test_serve.py POLRUN [TEST...]

Run from the repository root (tests/run.sh does). Each test starts its own
server on a free loopback port (--listen 127.0.0.1:0; the port is read from
the server's "listening" log line), on copies of the policies in a scratch
folder so that it may edit them. Prints one line per failed check and
"serve: N passed, N failed"; exit status 1 if anything failed.

SERVE_RUN_COUNT (default 2000): how many of the 2,000 generated applicants
are also compared byte for byte with `polrun run` (one process each, the
slow part; make sanitize asks for fewer). Every one of them is compared with
`polrun batch`'s decision in any case.
"""

import concurrent.futures
import http.client
import json
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
POLRUN = None
SCRATCH = None
ENV = dict(os.environ, LC_ALL="C.UTF-8", LANG="C.UTF-8")
ENV.pop("LC_MESSAGES", None)
ENV.pop("LANGUAGE", None)
# A sanitized build is several times slower: every wait is stretched.
SLOW = float(os.environ.get("SERVE_SLOWNESS", "1"))

passed = 0
failed = 0
current = "?"


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL [{current}]: {what}")
    return ok


def equal(actual, expected, what):
    if actual == expected:
        return check(True, what)
    a, e = repr(actual), repr(expected)
    return check(False, f"{what}: got {a[:400]}, wanted {e[:400]}")


# --------------------------------------------------------------- fixtures

def policy_copy(name):
    """The Changsha policy and its facts module, copied into a new folder."""
    d = os.path.join(SCRATCH, name)
    os.makedirs(os.path.join(d, "changsha-srdi-2025"))
    shutil.copy(os.path.join(ROOT, "policies", "changsha-srdi-2025.pol"), d)
    shutil.copy(os.path.join(ROOT, "policies", "changsha-srdi-2025", "facts.pol"),
                os.path.join(d, "changsha-srdi-2025"))
    return os.path.join(d, "changsha-srdi-2025.pol")


def read(path, mode="rb"):
    with open(path, mode, encoding=None if "b" in mode else "utf-8") as f:
        return f.read()


def write_renamed(path, data):
    """Writes as editors and `sed -i` do: a new file, renamed over the old."""
    tmp = path + ".tmp~"
    with open(tmp, "wb") as f:
        f.write(data)
    os.rename(tmp, path)


def write_in_place(path, data):
    with open(path, "wb") as f:
        f.write(data)


def run_polrun(*args, stdin=None):
    p = subprocess.run([POLRUN, *args], input=stdin, capture_output=True, env=ENV, cwd=ROOT)
    return p.returncode, p.stdout, p.stderr


CANDIDATE = os.path.join(ROOT, "examples", "candidate.json")


# ----------------------------------------------------------------- server

class Server:
    """A `polrun serve` process with its log."""

    def __init__(self, policies, *args, wait_ready=True, env=None):
        fd, self.log_path = tempfile.mkstemp(dir=SCRATCH, suffix=".log")
        os.close(fd)
        self.log = open(self.log_path, "wb")
        self.proc = subprocess.Popen([POLRUN, "serve", *policies, "--listen", "127.0.0.1:0", *args],
                                     stdout=subprocess.DEVNULL, stderr=self.log, env=dict(ENV, **(env or {})), cwd=ROOT)
        self.port = None
        deadline = time.time() + 20 * SLOW
        while time.time() < deadline and self.port is None:
            for e in self.events():
                if e.get("event") == "listening":
                    self.port = e["port"]
            if self.proc.poll() is not None:
                break
            time.sleep(0.02)
        if self.port is None:
            raise RuntimeError("the server did not start: " + read(self.log_path).decode(errors="replace")[-2000:])
        SERVERS.append(self)

    def events(self, kind=None):
        out = []
        text = read(self.log_path).decode("utf-8", errors="replace")
        # a line the server is writing at this moment is not complete yet:
        # only the lines ended by a newline are read
        for line in text[:text.rfind("\n") + 1].splitlines():
            try:
                e = json.loads(line)
            except ValueError:
                e = {"event": "not-json", "line": line}
            if kind is None or e.get("event") == kind:
                out.append(e)
        return out

    def wait_event(self, kind, count=1, timeout=10, where=None):
        deadline = time.time() + timeout * SLOW
        while time.time() < deadline:
            found = [e for e in self.events(kind) if where is None or where(e)]
            if len(found) >= count:
                return found
            time.sleep(0.02)
        return [e for e in self.events(kind) if where is None or where(e)]

    def connection(self, timeout=30):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout * SLOW)

    def request(self, method, path, body=None, headers=None, conn=None):
        """(status, headers as a dict of lower-case names, body bytes)."""
        own = conn is None
        c = conn or self.connection()
        try:
            c.request(method, path, body=body, headers=headers or {})
            r = c.getresponse()
            data = r.read()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, data
        finally:
            if own:
                c.close()

    def decide(self, body, query="", policy="changsha-srdi-2025", conn=None, headers=None):
        return self.request("POST", f"/v1/policies/{policy}/decide{query}", body, headers, conn)

    def metric(self, name, labels=None):
        _, _, text = self.request("GET", "/metrics")
        total = None
        for line in text.decode().splitlines():
            if line.startswith("#"):
                continue
            m = re.match(r"([a-z_]+)(\{[^}]*\})? (\S+)$", line)
            if not m or m.group(1) != name:
                continue
            if labels and not all(f'{k}="{v}"' in (m.group(2) or "") for k, v in labels.items()):
                continue
            total = (total or 0) + float(m.group(3))
        return total

    def stop(self, sig=signal.SIGTERM, timeout=10):
        """Exit status and seconds taken after sig."""
        if self.proc.poll() is not None:
            return self.proc.returncode, 0.0
        t = time.time()
        self.proc.send_signal(sig)
        try:
            code = self.proc.wait(timeout * SLOW)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = self.proc.wait()
            return "killed", time.time() - t
        return code, time.time() - t


SERVERS = []


def stop_all():
    """Stops the servers a test left running (SIGTERM: each must exit 0) and
    reads every log for a sanitizer's report."""
    for s in SERVERS:
        if s.proc.poll() is None:
            code, _ = s.stop()
            check(code == 0, f"the server exits 0 on SIGTERM at the end of the test (got {code})")
        log = read(s.log_path).decode("utf-8", errors="replace")
        for marker in ("ERROR: AddressSanitizer", "runtime error:", "ERROR: LeakSanitizer", "Segmentation fault"):
            at = log.find(marker)
            check(at < 0, f"the server's log has no `{marker}`: {log[at:at + 1500]}")
        check(s.proc.returncode in (0, 1, 2, "killed") or s.proc.returncode == -signal.SIGKILL,
              f"the server ended without a crash (status {s.proc.returncode}) {log[-3000:]}")


def error_of(body):
    try:
        return json.loads(body)["error"]
    except (ValueError, KeyError, TypeError):
        return {}


# ------------------------------------------------------------------ tests

def test_endpoints():
    """Every endpoint and status code."""
    changsha = policy_copy("endpoints")
    runtime = os.path.join(ROOT, "tests", "diagnostics", "runtime", "division-by-zero.pol")
    s = Server([changsha, runtime])

    status, h, body = s.request("GET", "/healthz")
    equal((status, json.loads(body)), (200, {"status": "ok"}), "GET /healthz")
    equal(h.get("content-type"), "application/json", "/healthz content type")
    status, _, body = s.request("HEAD", "/healthz")
    equal((status, body), (200, b""), "HEAD /healthz")
    status, _, body = s.request("GET", "/readyz")
    equal((status, json.loads(body)["status"]), (200, "ready"), "GET /readyz with every policy loaded")

    # the listing and one policy
    status, _, body = s.request("GET", "/v1/policies")
    doc = json.loads(body)
    equal(status, 200, "GET /v1/policies")
    equal([p["name"] for p in doc["policies"]], ["changsha-srdi-2025", "division-by-zero"], "the policies listed")
    status, _, body = s.request("GET", "/v1/policies/changsha-srdi-2025")
    p = json.loads(body)
    equal(status, 200, "GET /v1/policies/{policy}")
    equal((p["id"], p["title"], p["source"], p["in_force"]),
          ("changsha-srdi-2025", "关于促进专精特新中小企业高质量发展的若干措施", "长政办发〔2025〕3号",
           {"from": "2025-03-01", "to": "2028-02-29"}), "id, title, source, period in force")
    equal((p["loaded"], p["version"], p["last_failure"], p["file"]), (True, 1, None, changsha),
          "loaded, version, no failure, the file")
    _, digest, _ = run_polrun("check", changsha)
    equal(p["digest"], digest.decode().strip(), "the digest is the one polrun check prints")
    check(re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", p["loaded_at"] or ""), "loaded_at time")
    check(any(f.endswith("changsha-srdi-2025/facts.pol") for f in p["files"]) and
          any(f.endswith("stdlib/period.pol") for f in p["files"]), "the imported files are listed: " + str(p["files"]))
    status, _, body = s.request("GET", "/v1/policies/nope")
    equal((status, error_of(body).get("code")), (404, "E1302"), "unknown policy (GET)")

    # decide: byte for byte what polrun run prints
    facts = read(CANDIDATE)
    code, expected, _ = run_polrun("run", changsha, "--facts", CANDIDATE)
    status, h, body = s.decide(facts)
    equal((status, body), (200, expected), "decide = polrun run")
    equal((h.get("content-type"), h.get("polrun-policy-version"), h.get("polrun-policy-digest")),
          ("application/json", "1", json.loads(body)["digest"]),
          "decide: content type, and the version and digest that decided")
    for query, args, ctype in (("?explain=1", ["--explain"], "application/json"),
                               ("?explain=json", ["--explain=json"], "application/json"),
                               ("?explain=text", ["--explain=text"], "text/plain; charset=utf-8"),
                               ("?date=2026-01-01", ["--date", "2026-01-01"], "application/json"),
                               ("?date=2024-12-31&explain=text", ["--date", "2024-12-31", "--explain=text"],
                                "text/plain; charset=utf-8")):
        _, expected, _ = run_polrun("run", changsha, "--facts", CANDIDATE, *args)
        status, h, body = s.decide(facts, query)
        equal((status, body), (200, expected), f"decide{query} = polrun run {' '.join(args)}")
        equal(h.get("content-type"), ctype, f"decide{query}: content type")

    # bad facts: 422, with what polrun run --error-format json says
    bad = json.loads(facts)
    bad["digital"]["procurement_total"] = "12.345"
    bad_text = json.dumps(bad, ensure_ascii=False).encode()
    badfile = os.path.join(SCRATCH, "bad.json")
    with open(badfile, "wb") as f:
        f.write(bad_text)
    code, _, err = run_polrun("run", changsha, "--facts", badfile, "--error-format", "json")
    want = json.loads(err.decode().splitlines()[0])
    status, _, body = s.decide(bad_text)
    e = error_of(body)
    equal(status, 422, "bad facts: 422")
    equal((e.get("path"), e.get("code"), e.get("message")), (want["path"], want["code"], want["message"]),
          "bad facts: path, code and message of polrun run")
    status, _, body = s.decide(b'{"id": "x", "kind": "enterprise",')
    equal((status, error_of(body).get("code"), error_of(body).get("path")), (400, "E0904", "$"),
          "malformed JSON: 400")
    status, _, body = s.decide(b"")
    equal(status, 400, "an empty body: 400")
    status, _, body = s.decide(b"[1, 2]")
    equal((status, error_of(body).get("code")), (422, "E0905"), "JSON that is not an object: 422")
    no_date = dict(json.loads(facts))
    del no_date["as_of"]
    status, _, body = s.decide(json.dumps(no_date).encode())
    equal((status, error_of(body).get("path")), (422, "$.as_of"), "no evaluation date: 422 at $.as_of")

    # Accept-Language: the messages of one request in Chinese (as --lang zh)
    code, _, err = run_polrun("--lang", "zh", "run", changsha, "--facts", badfile, "--error-format", "json")
    want = json.loads(err.decode().splitlines()[0])
    for header in ("zh-CN,zh;q=0.9,en;q=0.8", "zh", "en;q=0.5, zh-TW;q=0.9"):
        status, h, body = s.decide(bad_text, headers={"Accept-Language": header})
        e = error_of(body)
        equal((status, e.get("message"), h.get("content-language")), (422, want["message"], "zh"),
              f"Accept-Language: {header}: the message in Chinese")
    status, h, body = s.decide(bad_text, headers={"Accept-Language": "fr, en-GB;q=0.1"})
    check(error_of(body).get("message", "").startswith("expected money"), "Accept-Language en-GB: English")
    equal(h.get("vary"), "Accept-Language", "answers vary by Accept-Language")
    _, expected, _ = run_polrun("--lang", "zh", "run", changsha, "--facts", CANDIDATE, "--explain=text")
    status, h, body = s.decide(facts, "?explain=text", headers={"Accept-Language": "zh"})
    equal((status, body, h.get("content-language")), (200, expected, "zh"),
          "explain=text with Accept-Language: zh = polrun --lang zh run --explain=text")
    status, _, body = s.decide(facts, policy="nope", headers={"Accept-Language": "zh"})
    equal(error_of(body).get("message"), "没有名为 `nope` 的政策在提供服务", "a server error in Chinese")
    register = read(CANDIDATE).replace(b"\n", b"") + b"\n" + bad_text.replace(b"\n", b"") + b"\n"
    _, expected, _ = run_polrun("--lang", "zh", "batch", changsha, stdin=register)
    status, h, body = s.request("POST", "/v1/policies/changsha-srdi-2025/batch", register,
                                {"Accept-Language": "zh"})
    equal((status, body, h.get("content-language")), (200, expected, "zh"),
          "batch with Accept-Language: zh = polrun --lang zh batch")

    # a policy failing at run time: 500, with its code and where
    rt_facts = read(os.path.join(ROOT, "tests", "diagnostics", "runtime", "division-by-zero.json"))
    status, _, body = s.decide(rt_facts, "?date=2025-06-30", policy="division-by-zero")
    e = error_of(body)
    equal((status, e.get("code")), (500, "E0801"), "runtime error of the policy: 500")
    check(re.search(r"division-by-zero\.pol:\d+:\d+$", e.get("location", "")), "runtime error: its location " + repr(e))

    # wrong method, unknown endpoint and policy
    status, h, body = s.request("GET", "/v1/policies/changsha-srdi-2025/decide")
    equal((status, h.get("allow"), error_of(body).get("code")), (405, "POST", "E1303"), "GET on decide: 405")
    status, h, _ = s.request("POST", "/v1/policies", b"{}")
    equal((status, h.get("allow")), (405, "GET, HEAD"), "POST on /v1/policies: 405")
    status, _, _ = s.request("DELETE", "/healthz")
    equal(status, 405, "DELETE /healthz: 405")
    status, _, body = s.request("PUT", "/v1/policies/changsha-srdi-2025/batch", b"")
    equal(status, 405, "PUT on batch: 405")
    for path in ("/", "/v1", "/v1/policies/", "/v1/policies/changsha-srdi-2025/run", "/v2/policies",
                 "/v1/policies//decide", "/healthz/x"):
        status, _, body = s.request("GET", path)
        equal((status, error_of(body).get("code")), (404, "E1301"), f"unknown endpoint {path}: 404")
    status, _, body = s.decide(facts, policy="nope")
    e = error_of(body)
    equal((status, e.get("code")), (404, "E1302"), "unknown policy (decide): 404")
    check("changsha-srdi-2025" in e.get("help", ""), "unknown policy: the help names the policies served")

    # the query
    for query, code in (("?explain=maybe", "E1306"), ("?date=2025-02-30", "E1306"), ("?date=", "E1306"),
                        ("?explain=1&explain=1", "E1306"), ("?output=csv", "E1305"), ("?x=1", "E1305")):
        status, _, body = s.decide(facts, query)
        equal((status, error_of(body).get("code")), (400, code), f"decide{query}: 400")
    status, _, body = s.request("GET", "/healthz?verbose=1")
    equal((status, error_of(body).get("code")), (400, "E1305"), "a query where none is taken: 400")
    batch_path = "/v1/policies/changsha-srdi-2025/batch"
    for query in ("?explain=text", "?explain=1&output=csv", "?bom=0", "?output=xml", "?bom=2&output=csv"):
        status, _, body = s.request("POST", batch_path + query, facts)
        equal((status, error_of(body).get("code")), (400, "E1306"), f"batch{query}: 400")

    # body limits: 413 (1 MiB for decide, 16 MiB for batch)
    big = b'{"id": "' + b"x" * (1 << 20) + b'"}'
    status, _, body = s.decide(big)
    equal((status, error_of(body).get("code")), (413, "E1304"), "decide body over 1 MiB: 413")
    status, _, body = s.decide(iter([big[:1000], big[1000:]]))   # no length: chunked
    equal((status, error_of(body).get("code")), (413, "E1304"), "chunked decide body over 1 MiB: 413")
    status, _, body = s.decide(facts)
    equal(status, 200, "decide again after 413s")

    # the metrics
    status, h, text = s.request("GET", "/metrics")
    text = text.decode()
    equal((status, h.get("content-type")), (200, "text/plain; version=0.0.4; charset=utf-8"), "GET /metrics")
    for name in ("polrun_requests_total", "polrun_decisions_total", "polrun_request_duration_seconds_bucket",
                 "polrun_request_duration_seconds_sum", "polrun_requests_in_flight", "polrun_policy_reloads_total",
                 "polrun_policy_reload_failures_total", "polrun_policy_version", "polrun_policy_versions_in_memory",
                 "polrun_heap_bytes", "polrun_gc_collections_total", "polrun_gc_pause_seconds_max"):
        check(f"\n{name}" in text, f"/metrics has {name}")
    check(re.search(r'polrun_requests_total\{endpoint="decide",policy="changsha-srdi-2025",status="422"\} 7\n', text),
          "/metrics: the 422s of decide counted")
    check(re.search(r'polrun_decisions_total\{policy="changsha-srdi-2025",outcome="decided"\} (\d+)', text),
          "/metrics: decisions by outcome")
    check(re.search(r'polrun_decisions_total\{policy="division-by-zero",outcome="policy_error"\} 1\n', text),
          "/metrics: the policy error counted")

    # every log line is JSON, one a request, and never the facts
    log = read(s.log_path).decode()
    check("湘江新区精密传感有限公司" not in log and "91430104MA4PQ7R21X" not in log, "the log holds no facts")
    reqs = s.events("request")
    check(all(set(("time", "method", "path", "status", "policy", "digest", "duration_ms")) <= set(e) for e in reqs),
          "every request line has time, method, path, status, policy, digest, duration_ms")
    equal(s.events("not-json"), [], "every log line is JSON")
    code, took = s.stop()
    equal(code, 0, "SIGTERM: exit 0")


def test_not_ready():
    """A policy that never checked: /readyz 503, its decide 503, its diagnostics shown."""
    good = policy_copy("notready")
    broken = os.path.join(SCRATCH, "broken.pol")
    with open(broken, "w", encoding="utf-8") as f:
        f.write('policy "broken"\n  title "B"\n  in force from 2025-01-01 for 1 year\n\nfacts { x: integr }\n')
    s = Server([good, broken])
    status, _, body = s.request("GET", "/readyz")
    equal((status, json.loads(body)["policies"]), (503, {"changsha-srdi-2025": True, "broken": False}),
          "/readyz: 503 while a policy has no version")
    status, _, body = s.decide(b"{}", policy="broken")
    e = error_of(body)
    equal((status, e.get("code")), (503, "E1308"), "decide on a policy that never checked: 503")
    check("/v1/policies/broken" in e.get("help", ""), "503: the help points to the diagnostics")
    status, _, body = s.request("GET", "/v1/policies/broken")
    p = json.loads(body)
    equal((status, p["loaded"], p["version"]), (200, False, None), "GET of a policy that never checked")
    f = p.get("last_failure") or {}
    d = (f.get("diagnostics") or [{}])[0]
    equal((f.get("errors"), d.get("code"), d.get("file"), d.get("span", {}).get("start")),
          (1, "E0302", broken, {"line": 5, "column": 12}), "its diagnostics: code, file, place")
    check(s.metric("polrun_policy_reload_failures_total", {"policy": "broken"}) == 1, "/metrics: one failed load")
    # fixed: it loads, and the server becomes ready
    write_renamed(broken, read(broken).replace(b"integr", b"integer") + b'\nmeasure m\n  article "1"\n'
                  b'  title "M"\n  when x > 1\n  amount fixed 1 yuan\n')
    s.wait_event("load", 2)
    status, _, _ = s.request("GET", "/readyz")
    equal(status, 200, "/readyz: 200 once the policy is fixed")
    status, _, body = s.decide(b'{"x": 2}', "?date=2025-06-01", policy="broken")
    equal(status, 200, "the fixed policy decides")
    s.stop()


def test_token():
    """--token-file: every request needs `Authorization: Bearer <token>`."""
    tokfile = os.path.join(SCRATCH, "token.txt")
    with open(tokfile, "w", encoding="utf-8") as f:
        f.write("s3cret-token-123\n")
    os.chmod(tokfile, 0o600)
    s = Server([policy_copy("token"), "--token-file", tokfile])
    for headers, want in (({}, 401), ({"Authorization": "Bearer wrong"}, 401),
                          ({"Authorization": "Bearer s3cret-token-12"}, 401),
                          ({"Authorization": "Bearer s3cret-token-1234"}, 401),
                          ({"Authorization": "Basic czNjcmV0"}, 401),
                          ({"Authorization": "Bearer s3cret-token-123"}, 200),
                          ({"Authorization": "bearer s3cret-token-123"}, 200)):
        for method, path in (("GET", "/healthz"), ("GET", "/metrics"), ("GET", "/v1/policies")):
            status, h, body = s.request(method, path, headers=headers)
            equal(status, want, f"{method} {path} with {headers}")
            if want == 401:
                equal((h.get("www-authenticate"), error_of(body).get("code")), ('Bearer realm="polrun"', "E1307"),
                      "401: WWW-Authenticate and E1307")
    status, _, _ = s.decide(read(CANDIDATE), headers={"Authorization": "Bearer nope"})
    equal(status, 401, "decide without the token: 401")
    status, _, _ = s.request("GET", "/nowhere")
    equal(status, 401, "an unknown endpoint without the token: 401 (nothing is told)")
    status, _, _ = s.decide(read(CANDIDATE), headers={"Authorization": "Bearer s3cret-token-123"})
    equal(status, 200, "decide with the token")
    # SIGHUP reads the token file again
    with open(tokfile, "w", encoding="utf-8") as f:
        f.write("rotated\n")
    s.proc.send_signal(signal.SIGHUP)
    s.wait_event("sighup")
    time.sleep(0.1 * SLOW)
    equal(s.request("GET", "/healthz", headers={"Authorization": "Bearer rotated"})[0], 200, "the rotated token")
    equal(s.request("GET", "/healthz", headers={"Authorization": "Bearer s3cret-token-123"})[0], 401,
          "the old token no longer")
    s.stop()
    # a token file that cannot be used stops the start
    empty = os.path.join(SCRATCH, "empty-token")
    open(empty, "w", encoding="utf-8").close()
    code, _, err = run_polrun("serve", policy_copy("token2"), "--token-file", empty, "--listen", "127.0.0.1:0")
    equal(code, 1, "an empty token file: exit 1")
    check(b"E1312" in err, "an empty token file: E1312")


def generated(count, seed):
    out = subprocess.run([sys.executable, os.path.join(ROOT, "tests", "oracle", "gen_facts.py"), str(seed),
                          str(count)], capture_output=True, check=True).stdout
    return out.splitlines()


def test_equivalence():
    """decide = polrun run and batch = polrun batch, on 2,000 generated applicants."""
    policy = policy_copy("equivalence")
    lines = generated(2000, 20250)
    s = Server([policy])
    register = b"".join(l + b"\n" for l in lines)

    # batch: the whole register, then CSV out, --explain, --date, CSV in
    for query, args, headers in (("", [], {}), ("?output=csv", ["--output", "csv"], {}),
                                 ("?output=csv&bom=0", ["--output", "csv", "--no-bom"], {}),
                                 ("", ["--output", "csv"], {"Accept": "text/csv"}),
                                 ("?explain=1", ["--explain"], {}),
                                 ("?date=2026-06-30", ["--date", "2026-06-30"], {})):
        code, expected, _ = run_polrun("batch", policy, *args, stdin=register)
        status, h, body = s.request("POST", f"/v1/policies/changsha-srdi-2025/batch{query}", register, headers)
        equal(status, 200, f"batch{query} {headers}: 200")
        check(body == expected, f"batch{query} {headers} = polrun batch {' '.join(args)} "
                                f"({len(body)} and {len(expected)} bytes)")
    csv_in = read(os.path.join(ROOT, "tests", "batch", "changsha.csv"))
    code, expected, _ = run_polrun("batch", policy, "--input", "csv", stdin=csv_in)
    status, h, body = s.request("POST", "/v1/policies/changsha-srdi-2025/batch", csv_in,
                                {"Content-Type": "text/csv; charset=utf-8"})
    equal((status, body), (200, expected), "CSV in = polrun batch --input csv")
    equal(h.get("content-type"), "application/x-ndjson", "batch answers NDJSON")
    status, _, body = s.request("POST", "/v1/policies/changsha-srdi-2025/batch", b'"id","x\n',
                                {"Content-Type": "text/csv"})
    equal((status, error_of(body).get("code")), (422, "E1204"), "a CSV header that cannot be used: 422")
    code, expected, _ = run_polrun("batch", policy, stdin=b"")
    status, _, body = s.request("POST", "/v1/policies/changsha-srdi-2025/batch", b"")
    equal((status, body), (200, expected), "an empty batch")

    # decide, each applicant alone, 4 clients at once
    batch_lines = run_polrun("batch", policy, stdin=register)[1].splitlines()
    answers = [None] * len(lines)

    def client(k):
        c = s.connection()
        for i in range(k, len(lines), 4):
            answers[i] = s.decide(lines[i], conn=c)
        c.close()

    threads = [threading.Thread(target=client, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    mismatched = []
    for i, (status, _, body) in enumerate(answers):
        b = json.loads(batch_lines[i])
        if "error" in b:
            e = error_of(body)
            ok = status in (400, 422) and e.get("path") == b["error"]["path"] and \
                e.get("message") == b["error"]["message"]
        else:
            ok = status == 200 and json.loads(body) == b
        if not ok:
            mismatched.append(i + 1)
    equal(mismatched[:10], [], f"decide agrees with polrun batch on all {len(lines)} applicants")

    # and byte for byte with polrun run, one process per applicant
    count = min(len(lines), int(os.environ.get("SERVE_RUN_COUNT", "2000")))
    folder = os.path.join(SCRATCH, "applicants")
    os.makedirs(folder)

    def compare(i):
        path = os.path.join(folder, f"{i}.json")
        with open(path, "wb") as f:
            f.write(lines[i])
        code, out, err = run_polrun("run", policy, "--facts", path, "--error-format", "json")
        status, _, body = answers[i]
        if code == 0:
            return status == 200 and body == out
        want = json.loads(err.decode().splitlines()[0])
        e = error_of(body)
        return code == 3 and status in (400, 422) and \
            (e.get("path"), e.get("code"), e.get("message")) == (want["path"], want["code"], want["message"])

    with concurrent.futures.ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(compare, range(count)))
    equal([i + 1 for i, ok in enumerate(results) if not ok][:10], [],
          f"decide = polrun run, byte for byte, on {count} applicants")
    bad = sum(1 for st, _, _ in answers if st != 200)
    check(150 <= bad <= 250, f"about a tenth of the applicants have bad facts ({bad})")
    s.stop()


def test_reload_under_load():
    """16 clients decide while the policy is edited: no request lost or failed,
    each answered wholly by one version, and the version changes."""
    policy = policy_copy("reload")
    text_a = read(policy)
    text_b = text_a.replace("parameter key_project_ceiling = 30 万元".encode(),
                            "parameter key_project_ceiling = 29 万元".encode())
    check(text_a != text_b, "the edit changes the policy")
    facts = read(CANDIDATE)
    s = Server([policy])
    _, _, out_a = s.decide(facts)
    write_renamed(policy, text_b)
    s.wait_event("reload", 1)
    _, _, out_b = s.decide(facts)
    check(out_a != out_b and b'"250000.00"' in out_a and b'"240000.00"' in out_b,
          "the two versions decide differently")

    stop = threading.Event()
    results = []
    errors = []

    def client():
        c = s.connection()
        mine = []
        try:
            while not stop.is_set():
                status, h, body = s.decide(facts, conn=c)
                mine.append((status, int(h.get("polrun-policy-version", "0")), body, h.get("polrun-policy-digest")))
        except Exception as e:   # a lost request
            errors.append(repr(e))
        finally:
            c.close()
        results.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(16)]
    for t in threads:
        t.start()
    most_in_memory = 0
    edits = 6
    for k in range(edits):
        time.sleep(0.3 * SLOW)
        writer = write_renamed if k % 2 == 0 else write_in_place
        writer(policy, text_a if k % 2 == 0 else text_b)
        s.wait_event("reload", k + 2, timeout=10)
        most_in_memory = max(most_in_memory, s.metric("polrun_policy_versions_in_memory") or 0)
    time.sleep(0.3 * SLOW)
    stop.set()
    for t in threads:
        t.join()
    equal(errors, [], "no request lost")
    statuses = {st for st, _, _, _ in results}
    equal(statuses, {200}, f"every one of {len(results)} requests answered 200")
    by_version, digests = {}, {}
    for _, v, body, digest in results:
        by_version.setdefault(v, set()).add(body)
        digests.setdefault(v, set()).add(digest)
    equal(sorted(v for v, d in digests.items() if len(d) != 1), [], "each version has one digest")
    equal(sorted(v for v, bodies in by_version.items() if json.loads(next(iter(bodies)))["digest"] not in digests[v]),
          [], "each answer's digest is its version's")
    vs = sorted(digests)
    check(all(digests[a] != digests[b] for a, b in zip(vs, vs[1:]) if b == a + 1),
          "the digest changes with each edit")
    check(all(digests[a] == digests[b] for a, b in zip(vs, vs[2:]) if b == a + 2),
          "an edit undone gives the digest back")
    equal(sorted(v for v, bodies in by_version.items() if len(bodies) != 1), [],
          "each version gives one decision (no request decided by a mix)")
    check(len(by_version) >= 4, f"the version changed under load (versions seen: {sorted(by_version)})")
    for v, bodies in by_version.items():
        body = next(iter(bodies))
        want = out_b if v % 2 == 0 else out_a   # 1 = A, 2 = B, 3 = A, ...
        equal(body, want, f"version {v} decides with its own rules")
    reloads = s.events("reload")
    equal(len(reloads), edits + 1, "one reload per edit")
    check(all(e["versions_in_memory"] <= 2 for e in reloads), "at most two versions in memory at a swap")
    check(most_in_memory <= 2, f"at most two versions in memory while serving ({most_in_memory})")
    equal(s.metric("polrun_policy_versions_in_memory_max"), 2, "the most versions in memory at once: 2")
    freed = s.wait_event("version_freed", edits)
    check(len(freed) >= edits, f"old versions are freed after their last request ({len(freed)} freed)")
    equal(s.metric("polrun_policy_version"), edits + 2, "/metrics: the version serving")
    equal(s.metric("polrun_requests_in_flight"), 1, "/metrics: only the /metrics request in flight")
    s.stop()


def test_broken_edit():
    """A change that does not check leaves the last good version serving."""
    policy = policy_copy("broken")
    facts_module = os.path.join(os.path.dirname(policy), "changsha-srdi-2025", "facts.pol")
    good = read(policy)
    s = Server([policy])
    _, _, expected = s.decide(read(CANDIDATE))
    write_in_place(policy, good.replace(b"define enterprise: bool = kind = enterprise",
                                        b"define enterprise: bool = kind = enterprize"))
    fails = s.wait_event("reload_failed")
    check(len(fails) == 1 and fails[0]["serving"] == 1 and fails[0]["diagnostics"][0]["code"] == "E0301",
          "the failed reload is logged with its diagnostics")
    status, h, body = s.decide(read(CANDIDATE))
    equal((status, h.get("polrun-policy-version"), body), (200, "1", expected), "still serving version 1")
    status, _, body = s.request("GET", "/v1/policies/changsha-srdi-2025")
    p = json.loads(body)
    f = p["last_failure"] or {}
    d = (f.get("diagnostics") or [{}])[0]
    equal((p["version"], f.get("errors"), d.get("code"), d.get("file"), d.get("severity")),
          (1, 1, "E0301", policy, "error"), "GET shows the diagnostics of the failed edit")
    check("enterprize" in d.get("message", ""), "the diagnostic's message names the mistake")
    equal(s.events("not-json"), [], "the diagnostics do not leak into the log as text")
    status, _, _ = s.request("GET", "/readyz")
    equal(status, 200, "still ready: the last good version serves")
    # an edit of an imported file that breaks it, then the fix
    module = read(facts_module)
    write_renamed(facts_module, module.replace(b"enum Kind {", b"enum Kind "))
    s.wait_event("reload_failed", 2)
    status, _, body = s.request("GET", "/v1/policies/changsha-srdi-2025")
    d = (json.loads(body)["last_failure"] or {}).get("diagnostics") or [{}]
    check(d[0].get("file", "").endswith("facts.pol"), "a broken import is reported in its file")
    write_renamed(facts_module, module)
    write_renamed(policy, good.replace("30 万元".encode(), "31 万元".encode(), 1))
    s.wait_event("reload")
    status, h, body = s.request("GET", "/v1/policies/changsha-srdi-2025")
    p = json.loads(body)
    equal((p["version"], p["last_failure"]), (2, None), "fixed: version 2, the failure cleared")
    # SIGHUP reloads; a reload that changes nothing makes no new version
    s.proc.send_signal(signal.SIGHUP)
    s.wait_event("reload_unchanged")
    equal(len(s.events("reload_unchanged")), 1, "SIGHUP reloads (and an unchanged policy keeps its version)")
    # two broken edits; a third failure is logged when the loader reads the
    # restored module before the policy's own fix lands (they are two writes)
    failed = len(s.events("reload_failed"))
    check(failed >= 2, f"both broken edits failed to load ({failed} failures)")
    equal(s.metric("polrun_policy_reload_failures_total"), failed, "/metrics: the failed reloads, as logged")
    s.stop()


def test_limits_batch_64mib():
    """A 64 MiB body: 413, the answer read whole, and the server serving after."""
    s = Server([policy_copy("limits")])
    path = "/v1/policies/changsha-srdi-2025/batch"
    # announced, sent whole (the body is read and dropped, then 413)
    body = b"x" * (64 << 20)
    status, h, data = s.request("POST", path, body)
    equal((status, error_of(data).get("code")), (413, "E1304"), "64 MiB with Content-Length: 413")
    # announced, the client waits for 100 Continue: answered at once
    sock = socket.create_connection(("127.0.0.1", s.port), timeout=10 * SLOW)
    sock.sendall(f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: {64 << 20}\r\n"
                 "Expect: 100-continue\r\n\r\n".encode())
    head = sock.recv(4096)
    check(head.startswith(b"HTTP/1.1 413"), "64 MiB with Expect: 100-continue: 413 before the body")
    sock.close()
    # chunked, no length given
    def chunks():
        piece = b"y" * (1 << 20)
        for _ in range(64):
            yield piece
    status, _, data = s.request("POST", path, chunks())   # no length: chunked
    equal((status, error_of(data).get("code")), (413, "E1304"), "64 MiB chunked: 413")
    status, _, _ = s.decide(read(CANDIDATE))
    equal(status, 200, "serving after the 413s")
    check(s.metric("polrun_heap_bytes") < (48 << 20), "the dropped bodies were not kept in memory")
    s.stop()


def raw_exchange(port, data, timeout=5):
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout * SLOW)
    try:
        sock.sendall(data)
        out = b""
        while True:
            d = sock.recv(65536)
            if not d:
                break
            out += d
    except OSError as e:
        out += repr(e).encode()
    finally:
        sock.close()
    return out


def test_malformed_http():
    """Garbage, broken requests and huge headers leave the server serving."""
    s = Server([policy_copy("malformed"), "--timeout", "1"])
    for data, want in ((b"GARBAGE\r\n\r\n", None),
                       (b"\x00\x01\x02\xff" * 100 + b"\r\n\r\n", None),
                       (b"GET /healthz HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n", b"HTTP/1.1 400"),
                       (b"GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n", b"HTTP/1.1 505"),
                       (b"GET /healthz HTTP/1.1\r\nHost: x\r\nX: " + b"a" * 100000 + b"\r\n\r\n", b"HTTP/1.1 431"),
                       (b"POST /v1/policies/changsha-srdi-2025/decide HTTP/1.1\r\nHost: x\r\n"
                        b"Content-Length: 10\r\nContent-Length: 20\r\n\r\n0123456789", None),
                       (b"POST /v1/policies/changsha-srdi-2025/decide HTTP/1.1\r\nHost: x\r\n"
                        b"Transfer-Encoding: chunked\r\n\r\nZZZ\r\nabc\r\n", None),
                       (b"GET /healthz HTTP/1.1\r\n", None)):
        out = raw_exchange(s.port, data, timeout=3)
        if want:
            check(out.startswith(want), f"{data[:40]!r}: {out[:60]!r}")
        status, _, _ = s.request("GET", "/healthz")
        equal(status, 200, f"serving after {data[:40]!r}")
    # a connection closed halfway through its headers, or through a body
    for data in (b"POST /v1/policies/changsha-srdi-2025/decide HTTP/1.1\r\nHo",
                 b"POST /v1/policies/changsha-srdi-2025/batch HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n{"):
        sock = socket.create_connection(("127.0.0.1", s.port))
        sock.sendall(data)
        sock.close()
    status, _, _ = s.decide(read(CANDIDATE))
    equal(status, 200, "serving after clients that left halfway")
    equal(s.events("not-json"), [], "libmicrohttpd's own messages are JSON log lines too")
    code, _ = s.stop()
    equal(code, 0, "exit 0 after malformed requests")


def test_slow_clients():
    """Slow-loris connections are cut at --time-limit; others are served meanwhile."""
    s = Server([policy_copy("slow"), "--time-limit", "1", "--timeout", "1"])
    socks = []
    for _ in range(20):
        sock = socket.create_connection(("127.0.0.1", s.port), timeout=10)
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        socks.append(sock)
    cut_at = [None] * len(socks)
    started = time.time()
    slowest = 0.0
    while time.time() - started < 6 * SLOW and any(c is None for c in cut_at):
        for i, sock in enumerate(socks):
            if cut_at[i] is not None:
                continue
            try:
                sock.sendall(b"X-Slow: 1\r\n")   # never silent for a whole second
            except OSError:
                cut_at[i] = time.time() - started
                continue
            r, _, _ = select.select([sock], [], [], 0)
            if r:
                try:
                    if sock.recv(100) == b"":
                        cut_at[i] = time.time() - started
                except OSError:
                    cut_at[i] = time.time() - started
        t = time.time()
        status, _, _ = s.request("GET", "/healthz")
        slowest = max(slowest, time.time() - t)
        check(status == 200, "served while slow clients hold connections")
        time.sleep(0.4)
    check(all(c is not None and c < 4.5 * SLOW for c in cut_at),
          f"every slow-loris connection cut a second after the 1 s time limit: {cut_at}")
    check(slowest < 1.0 * SLOW, f"the others answered promptly (slowest {slowest:.3f} s)")
    for sock in socks:
        sock.close()
    # a silent connection is closed after --timeout
    sock = socket.create_connection(("127.0.0.1", s.port), timeout=10)
    t = time.time()
    got = sock.recv(100)
    took = time.time() - t
    check(got == b"" and took < 3 * SLOW, f"a silent connection closed after about 1 s ({took:.2f} s)")
    sock.close()
    # a body sent too slowly
    sock = socket.create_connection(("127.0.0.1", s.port), timeout=10)
    sock.sendall(b"POST /v1/policies/changsha-srdi-2025/decide HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n")
    t = time.time()
    closed = False
    while time.time() - t < 6 * SLOW:
        try:
            sock.sendall(b" ")
        except OSError:
            closed = True
            break
        r, _, _ = select.select([sock], [], [], 0.5)
        if r:
            try:
                data = sock.recv(1000)
            except OSError:
                data = b""
            closed = True
            break
    check(closed and time.time() - t < 4.5 * SLOW, "a body trickled past the time limit is cut")
    sock.close()
    s.wait_event("request", where=lambda e: e["status"] == 408)
    check(any(e["status"] == 408 for e in s.events("request")), "the cut request is logged as 408")
    status, _, _ = s.decide(read(CANDIDATE))
    equal(status, 200, "serving after the slow clients")
    s.stop()


def test_client_leaves_mid_batch():
    """A client that disconnects in the middle of a batch leaves the server serving."""
    s = Server([policy_copy("leave"), "--threads", "2", "--timeout", "2"])
    register = b"".join(l + b"\n" for l in generated(4000, 7)) * 4
    for round_ in range(3):
        sock = socket.create_connection(("127.0.0.1", s.port), timeout=20)
        sock.sendall(b"POST /v1/policies/changsha-srdi-2025/batch HTTP/1.1\r\nHost: x\r\n"
                     b"Content-Length: %d\r\n\r\n" % len(register) + register)
        got = sock.recv(4096)
        check(got.startswith(b"HTTP/1.1 200"), "the batch started answering")
        sock.close()   # gone, the answers unread
    # a client gone while it was still sending the body
    sock = socket.create_connection(("127.0.0.1", s.port), timeout=20)
    sock.sendall(b"POST /v1/policies/changsha-srdi-2025/batch HTTP/1.1\r\nHost: x\r\n"
                 b"Content-Length: %d\r\n\r\n" % len(register) + register[:len(register) // 2])
    sock.close()
    # each ends: the three at once, the one gone halfway through its body
    # after --timeout
    ended = s.wait_event("request", 4, timeout=15, where=lambda e: e["path"].endswith("/batch"))
    check(len(ended) == 4 and all(e.get("complete") is False for e in ended if e["status"] == 200),
          f"the abandoned batches are logged as incomplete: {ended}")
    status, _, body = s.decide(read(CANDIDATE))
    equal(status, 200, "decide after clients left batches")
    _, expected, _ = run_polrun("batch", policy_copy("leave2"), stdin=register[:200000].rsplit(b"\n", 1)[0] + b"\n")
    status, _, body = s.request("POST", "/v1/policies/changsha-srdi-2025/batch",
                                register[:200000].rsplit(b"\n", 1)[0] + b"\n")
    equal((status, body == expected), (200, True), "a whole batch after them")
    deadline = time.time() + 10 * SLOW
    while time.time() < deadline and s.metric("polrun_requests_in_flight") != 1:
        time.sleep(0.05)
    equal(s.metric("polrun_requests_in_flight"), 1, "nothing left in flight")
    code, took = s.stop()
    equal(code, 0, "exit 0")


def test_sigterm():
    """SIGTERM drains: in-flight requests finish, new ones get 503, exit 0 within 10 s."""
    grace = int(5 * SLOW)   # slower builds get the time their batch needs
    s = Server([policy_copy("term"), "--grace", str(grace)])
    keep = s.connection()
    equal(s.request("GET", "/healthz", conn=keep)[0], 200, "a keep-alive connection")
    # a batch in flight whose client reads slowly: its answers (11 MB) do
    # not fit in the sockets' buffers
    register = b"".join(l + b"\n" for l in generated(3000, 11)) * 8
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16384)   # before connecting: a small window
    sock.settimeout(20)
    sock.connect(("127.0.0.1", s.port))
    sock.sendall(b"POST /v1/policies/changsha-srdi-2025/batch HTTP/1.1\r\nHost: x\r\n"
                 b"Content-Length: %d\r\n\r\n" % len(register) + register)
    first = sock.recv(1024)
    check(first.startswith(b"HTTP/1.1 200"), "the batch is answering")
    t = time.time()
    s.proc.send_signal(signal.SIGTERM)
    s.wait_event("draining")
    status, h, body = s.request("GET", "/healthz", conn=keep)
    equal((status, error_of(body).get("code"), h.get("connection")), (503, "E1309", "close"),
          "a new request while draining: 503")
    try:
        socket.create_connection(("127.0.0.1", s.port), timeout=5).close()
        refused = False
    except ConnectionRefusedError:
        refused = True
    check(refused, "a new connection while draining is refused")
    rest = first
    while True:   # about 8 MB/s: the 11 MB take under two seconds of the five of grace
        d = sock.recv(65536)
        if not d:
            break
        rest += d
        time.sleep(0.002)
    sock.close()
    body = rest.split(b"\r\n\r\n", 1)[1]
    check(body.endswith(b"\r\n0\r\n\r\n"), "the batch in flight was answered to its end")
    code = s.proc.wait(12 * SLOW)
    took = time.time() - t
    equal(code, 0, "exit 0")
    check(took < 10 * SLOW, f"within 10 s ({took:.2f} s)")
    check(s.events("stopped") and s.events("stopped")[0]["unfinished"] == 0, "nothing left unfinished")
    # a batch whose client does not read at all: cut when the grace is over
    s4 = Server([policy_copy("term4"), "--grace", "1"])
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16384)
    sock.settimeout(20)
    sock.connect(("127.0.0.1", s4.port))
    sock.sendall(b"POST /v1/policies/changsha-srdi-2025/batch HTTP/1.1\r\nHost: x\r\n"
                 b"Content-Length: %d\r\n\r\n" % len(register) + register)
    check(sock.recv(1024).startswith(b"HTTP/1.1 200"), "the unread batch is answering")
    time.sleep(0.5)
    code, took = s4.stop()
    equal(code, 0, "SIGTERM with a batch nobody reads: exit 0")
    check(took < 5 * SLOW, f"SIGTERM with a batch nobody reads: the grace, then out ({took:.2f} s)")
    stopped = s4.events("stopped")
    check(stopped and stopped[0]["unfinished"] == 1, f"the cut batch is counted unfinished: {stopped}")
    rest = b""
    try:
        while True:
            d = sock.recv(65536)
            if not d:
                break
            rest += d
    except OSError:
        pass
    sock.close()
    check(not rest.endswith(b"\r\n0\r\n\r\n"), "the cut answer has no final chunk")
    # idle: at once
    s2 = Server([policy_copy("term2")])
    code, took = s2.stop()
    equal(code, 0, "SIGTERM when idle: exit 0")
    check(took < 2 * SLOW, f"SIGTERM when idle: quick ({took:.2f} s)")
    s3 = Server([policy_copy("term3")])
    code, took = s3.stop(signal.SIGINT)
    equal(code, 0, "SIGINT: exit 0")


def test_start_errors():
    """What stops a server from starting."""
    policy = policy_copy("start")
    for args, code, text in ((["--listen", "nonsense"], 2, b"--listen nonsense"),
                             (["--listen", "127.0.0.1:99999"], 2, b"--listen"),
                             (["--threads", "0"], 2, b"--threads"),
                             (["--decide-limit", "1X"], 2, b"--decide-limit"),
                             (["--timeout"], 2, b"--timeout needs a value"),
                             (["--jobs", "2"], 2, b"--jobs does not apply to `serve`")):
        got, _, err = run_polrun("serve", policy, *args)
        equal(got, code, f"serve {' '.join(args)}: exit {code}")
        check(text in err, f"serve {' '.join(args)}: says {text!r}: {err[:200]!r}")
    got, _, err = run_polrun("serve")
    equal(got, 2, "serve without a policy: exit 2")
    got, _, err = run_polrun("run", policy, "--facts", CANDIDATE, "--listen", ":1")
    check(got == 2 and b"--listen does not apply to `run`" in err, "--listen given to run: usage error")
    other = os.path.join(SCRATCH, "other")
    os.makedirs(other)
    shutil.copy(policy, other)
    got, _, err = run_polrun("serve", policy, os.path.join(other, "changsha-srdi-2025.pol"))
    check(got == 2 and b"E1313" in err, "two policies with one name: E1313, exit 2")
    s = Server([policy])
    got, _, err = run_polrun("serve", policy, "--listen", f"127.0.0.1:{s.port}")
    check(got == 1 and b"E1311" in err, f"an address in use: E1311, exit 1: {err[-300:]!r}")
    s.stop()


def test_docs_curl():
    """Every curl command of docs/serve.md, docs/serve.zh.md and the README works as shown."""
    s = Server([os.path.join(ROOT, "policies", "changsha-srdi-2025.pol")])
    ran = 0
    for doc in ("docs/serve.md", "docs/serve.zh.md", "README.md"):
        text = read(os.path.join(ROOT, doc)).decode()
        for block in re.findall(r"```sh\n(.*?)```", text, re.S):
            for line in block.splitlines():
                if not line.startswith("curl "):
                    continue
                before = len(s.events("request"))
                command = line.replace("localhost:8080", f"127.0.0.1:{s.port}")
                p = subprocess.run(["sh", "-c", command], capture_output=True, cwd=ROOT, env=ENV, timeout=30 * SLOW)
                check(p.returncode == 0 and p.stdout, f"{doc}: `{line}` exits 0 with an answer: {p.stderr[:200]!r}")
                got = s.wait_event("request", before + 1)
                status = got[before]["status"] if len(got) > before else None
                check(status == 200, f"{doc}: `{line}` is answered 200 (got {status})")
                ran += 1
    check(ran >= 20, f"the curl examples of both documents were run ({ran})")
    s.stop()


def free_port(family=socket.AF_INET, host="127.0.0.1"):
    with socket.socket(family) as k:
        k.bind((host, 0))
        return k.getsockname()[1]


def test_options_and_edges():
    """Every option at and past its bounds, the size suffixes, a compiled
    policy served and replaced, IPv6, a log that cannot be written."""
    policy = policy_copy("edges")
    for args, text in ((["--max-connections", "0"], "--max-connections takes a whole number from 1 to 1000000, not `0`"),
                       (["--grace=-1"], "--grace takes a whole number from 0 to 86400, not `-1`"),
                       (["--time-limit", "86401"], "--time-limit takes a whole number from 1 to 86400, not `86401`"),
                       (["--threads", "257"], "--threads takes a whole number from 1 to 256, not `257`"),
                       (["--timeout", "99999999999999999999999"],
                        "--timeout takes a whole number from 1 to 86400, not `99999999999999999999999`"),
                       (["--batch-limit=0"], "--batch-limit takes a size in bytes, with K, M or G for KiB, MiB or GiB (16M), not `0`"),
                       (["--batch-limit", "1025G"],
                        "--batch-limit takes a size in bytes, with K, M or G for KiB, MiB or GiB (16M), not `1025G`"),
                       (["--decide-limit", "2T"], "--decide-limit takes a size in bytes, with K, M or G for KiB, MiB or GiB (16M), not `2T`"),
                       (["--listen", "127.0.0.1:"],
                        "--listen 127.0.0.1:: write HOST:PORT, e.g. 127.0.0.1:8080, [::1]:8080 or :8080 for every interface"),
                       (["--listen", "[::1"], "--listen [::1: write HOST:PORT, e.g. 127.0.0.1:8080, [::1]:8080 or :8080 for every interface")):
        got, _, err = run_polrun("serve", policy, *args)
        equal((got, err.decode()), (2, f"polrun: {text}\nrun `polrun --help` for usage\n"), f"serve {' '.join(args)}")

    # the suffixes: 1k is 1024 bytes, lower case as upper; the largest sizes are taken
    s = Server([policy], "--decide-limit=1k", "--batch-limit", "1024G", "--threads=1", "--grace", "0")
    status, _, body = s.decide(b" " * 1025)
    equal((status, error_of(body).get("code")), (413, "E1304"), "--decide-limit=1k: 1025 bytes refused")
    status, _, body = s.decide(b"{}" + b" " * 1022)
    equal(status, 422, "--decide-limit=1k: 1024 bytes read (and refused as facts)")
    code, _ = s.stop()
    equal(code, 0, "--grace 0: exit 0")
    for size in ("1m", "1M", "1g", "1024K"):
        s = Server([policy], "--decide-limit", size)
        status, _, _ = s.decide(read(CANDIDATE))
        equal(status, 200, f"--decide-limit {size}: a decision")
        s.stop()

    # a compiled policy: decided as `polrun run` decides it; a broken
    # replacement keeps it serving
    polc = os.path.join(os.path.dirname(policy), "compiled.polc")
    got, _, err = run_polrun("compile", policy, "-o", polc)
    equal(got, 0, f"compile: {err[:200]!r}")
    _, want, _ = run_polrun("run", polc, "--facts", CANDIDATE)
    s = Server([polc])
    status, h, body = s.decide(read(CANDIDATE), policy="compiled")
    equal((status, body), (200, want), "a .polc served: the decision of polrun run")
    status, _, body = s.request("GET", "/v1/policies/compiled")
    p = json.loads(body)
    equal((p["file"], p["files"], p["version"]), (polc, [polc], 1), "a .polc: one file, version 1")
    good = read(polc)
    write_renamed(polc, good[:-7] + b"garbage")
    fails = s.wait_event("reload_failed")
    check(len(fails) == 1 and fails[0]["diagnostics"][0]["code"].startswith("E"), f"a broken .polc: the reload failed: {fails}")
    status, h, body = s.decide(read(CANDIDATE), policy="compiled")
    equal((status, h.get("polrun-policy-version"), body), (200, "1", want), "a broken .polc: version 1 still serves")
    write_renamed(polc, good)
    s.wait_event("reload_unchanged")
    equal(len(s.events("reload_unchanged")), 1, "the .polc restored: the same digest, the same version")
    s.stop()

    # IPv6 loopback, where the machine has one
    try:
        port6 = free_port(socket.AF_INET6, "::1")
    except OSError:
        port6 = None
    if port6:
        log = os.path.join(SCRATCH, "ipv6.log")
        with open(log, "wb") as f:
            p = subprocess.Popen([POLRUN, "serve", policy, "--listen", f"[::1]:{port6}"], stderr=f, env=ENV, cwd=ROOT)
        try:
            deadline = time.time() + 20 * SLOW
            while b'"listening"' not in read(log) and time.time() < deadline and p.poll() is None:
                time.sleep(0.05)
            listening = [json.loads(l) for l in read(log).splitlines() if b'"listening"' in l]
            equal([e.get("address") for e in listening], [f"[::1]:{port6}"], "IPv6: the address logged in brackets")
            c = http.client.HTTPConnection("::1", port6, timeout=10 * SLOW)
            c.request("GET", "/healthz")
            equal(c.getresponse().status, 200, "IPv6: answered")
            c.close()
        finally:
            p.send_signal(signal.SIGTERM)
            equal(p.wait(10 * SLOW), 0, "IPv6: exit 0")

    # a log that cannot be written (a full disk) does not stop the service
    port = free_port()
    with open("/dev/full", "wb") as full:
        p = subprocess.Popen([POLRUN, "serve", policy, "--listen", f"127.0.0.1:{port}"], stderr=full, env=ENV, cwd=ROOT)
    try:
        status = None
        deadline = time.time() + 20 * SLOW
        # 503 until the policy is loaded (the log cannot say when)
        while status in (None, 503) and time.time() < deadline and p.poll() is None:
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=10 * SLOW)
                c.request("POST", "/v1/policies/changsha-srdi-2025/decide", body=read(CANDIDATE))
                r = c.getresponse()
                status, body = r.status, r.read()
                c.close()
                if status == 503:
                    time.sleep(0.05)
            except OSError:
                time.sleep(0.05)
        equal(status, 200, "the log on a full disk: decisions still answered")
    finally:
        p.send_signal(signal.SIGTERM)
        equal(p.wait(10 * SLOW), 0, "the log on a full disk: exit 0 on SIGTERM")


def test_batch_edges():
    """A CSV header over the limit of `polrun batch`, a batch that cannot
    keep its body."""
    policy = policy_copy("batch-edges")
    s = Server([policy], "--batch-limit", "64M")
    path = "/v1/policies/changsha-srdi-2025/batch"
    want = (422, {"path": "$", "message": "the CSV header row is longer than 16777218 bytes", "code": "E1203"})
    # 16 MiB and 3 bytes without a line end: the old server read it as a
    # header (its buffer, grown by doubling, was checked at 32 MiB) and
    # answered 200 with nothing, where polrun batch says E1203
    for n, tail in (((16 << 20) + 3, b""), (24 << 20, b"\nid\n1\n")):
        status, _, body = s.request("POST", path, b"a" * n + tail, {"Content-Type": "text/csv"})
        equal((status, error_of(body)), want, f"a CSV header of {n} bytes: E1203")
    code, out, err = run_polrun("batch", policy, "--input", "csv", stdin=b"a" * ((16 << 20) + 3))
    equal((code, out, err.split(b"\n")[0]), (3, b"", b"error[E1203]: the CSV header row is longer than 16777218 bytes"),
          "polrun batch says the same")
    status, _, body = s.request("POST", path, b"id,nonsense\n1,2\n", {"Content-Type": "text/csv"})
    equal((status, body), (200, b'{"line":2,"id":"1","error":{"path":"$.nonsense","message":"unknown key \\"nonsense\\""}}\n'),
          "a column the facts do not declare: the row that fills it is an error")
    s.stop()
    # no temporary file for the body (TMPDIR missing): 500, decisions still answered
    s = Server([policy], env={"TMPDIR": os.path.join(SCRATCH, "no-such-folder")})
    status, _, body = s.request("POST", path, b"{}\n")
    equal((status, error_of(body)), (500, {"message": "the server cannot answer this request: No such file or directory",
                                           "code": "E1314"}), "a batch without a temporary file: E1314")
    status, _, _ = s.decide(read(CANDIDATE))
    equal(status, 200, "a batch without a temporary file: decisions still answered")
    s.stop()
    # a folder whose file system has no O_TMPFILE (procfs): a named file is
    # tried, and refused there too
    s = Server([policy], env={"TMPDIR": "/proc"})
    status, _, body = s.request("POST", path, b"{}\n")
    e = error_of(body)
    check(status == 500 and e.get("code") == "E1314" and e.get("message", "").startswith("the server cannot answer this request: "),
          f"TMPDIR without O_TMPFILE nor room for a file: E1314 ({status}, {e})")
    s.stop()
    # Accept-Language: the highest q among zh and en wins, q=0 is a refusal,
    # a tag that only starts with zh or en is neither
    s = Server([policy])
    bad = read(CANDIDATE).replace(b'"as_of"', b'"as_of_"', 1)
    for header, lang in (("en;q=0.5, zh-Hant-TW", "zh"), ("zh;q=0.4,en;q=0.8", "en"), ("zh; q=0", "en"),
                         ("zhx, enx, ZH-cn;q=0.1", "zh"), ("*", "en"), ("", "en")):
        status, h, body = s.decide(bad, headers={"Accept-Language": header})
        equal((status, h.get("content-language")), (422, lang), f"Accept-Language `{header}`: {lang}")
    s.stop()


TESTS = [test_endpoints, test_not_ready, test_token, test_equivalence, test_reload_under_load, test_broken_edit,
         test_limits_batch_64mib, test_malformed_http, test_slow_clients, test_client_leaves_mid_batch,
         test_sigterm, test_start_errors, test_options_and_edges, test_batch_edges, test_docs_curl]


def main():
    global POLRUN, SCRATCH, current
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    POLRUN = os.path.abspath(sys.argv[1])
    only = set(sys.argv[2:])
    SCRATCH = tempfile.mkdtemp(prefix="polrun-serve-")
    import test_edges   # the service at its edges (test_edges.py), with this module's helpers
    test_edges.S = sys.modules[__name__]
    try:
        for t in TESTS + test_edges.TESTS:
            if only and t.__name__ not in only:
                continue
            current = t.__name__
            started = time.time()
            try:
                t()
            except Exception as e:   # a test that breaks counts as a failure, the others still run
                import traceback
                traceback.print_exc()
                check(False, f"raised {e!r}")
            finally:
                stop_all()
                SERVERS.clear()
            print(f"  {t.__name__}: {time.time() - started:.1f} s")
    finally:
        for s in SERVERS:
            if s.proc.poll() is None:
                s.proc.kill()
        shutil.rmtree(SCRATCH, ignore_errors=True)
    print(f"serve: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
