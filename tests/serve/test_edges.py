"""The service at its edges, run by test_serve.py after its own tests (its
helpers, servers and counts; S is that module): every option's malformed
value, each query parameter's spellings and refusals on each endpoint,
the Accept header choosing CSV, a token after extra spaces, a policy
name that is no file of the service."""
import json

S = None   # test_serve, set by its main()


def usage(args, text):
    got, out, err = S.run_polrun("serve", S.os.path.join(S.ROOT, "policies", "changsha-srdi-2025.pol"), *args)
    S.equal((got, out, err.decode()), (2, b"", f"polrun: {text}\nrun `polrun --help` for usage\n"),
            f"serve {' '.join(args)}")


def test_option_spellings():
    """Malformed numbers and sizes, each refused with its message, exit 2."""
    size = "takes a size in bytes, with K, M or G for KiB, MiB or GiB (16M), not"
    usage(["--threads", "abc"], "--threads takes a whole number from 1 to 256, not `abc`")
    usage(["--threads="], "--threads takes a whole number from 1 to 256, not ``")
    usage(["--max-connections", "1e3"], "--max-connections takes a whole number from 1 to 1000000, not `1e3`")
    usage(["--timeout", "0"], "--timeout takes a whole number from 1 to 86400, not `0`")
    usage(["--decide-limit", "1x"], f"--decide-limit {size} `1x`")
    usage(["--decide-limit", "k"], f"--decide-limit {size} `k`")
    usage(["--batch-limit=-1"], f"--batch-limit {size} `-1`")
    usage(["--batch-limit", "99999999999999999999999K"], f"--batch-limit {size} `99999999999999999999999K`")
    usage(["--max-connections", "1000001"], "--max-connections takes a whole number from 1 to 1000000, not `1000001`")
    usage(["--listen"], "--listen needs a value")
    usage(["--listen", "127.0.0.1:99999"],
          "--listen 127.0.0.1:99999: write HOST:PORT, e.g. 127.0.0.1:8080, [::1]:8080 or :8080 for every interface")


def test_query_parameters():
    """explain, date, output and bom in each spelling they take, on the
    endpoints that take them; the others refused with the list taken."""
    policy = S.policy_copy("query")
    s = S.Server([policy])
    facts = S.read(S.CANDIDATE)
    _, want_plain, _ = S.run_polrun("run", policy, "--facts", S.CANDIDATE)
    plain = json.loads(want_plain)
    for q in ("?explain=0", "?explain=false"):
        status, _, body = s.decide(facts, q)
        S.equal((status, json.loads(body)), (200, plain), f"decide{q}: no explanation")
    for q in ("?explain=1", "?explain=true", "?explain=json"):
        status, _, body = s.decide(facts, q)
        S.equal((status, "explanation" in json.dumps(json.loads(body))), (200, True), f"decide{q}: explained")
    # a key without a value: an empty value, refused as such
    status, _, body = s.decide(facts, "?explain")
    e = S.error_of(body)
    S.equal((status, e.get("code")), (400, "E1306"), "decide?explain (no value)")
    # batch: no text explanation, no bom without CSV, each parameter once
    line = facts.replace(b"\n", b"") + b"\n"
    status, _, body = s.request("POST", "/v1/policies/changsha-srdi-2025/batch?explain=text", line)
    S.equal((status, S.error_of(body).get("code")), (400, "E1306"), "batch?explain=text refused")
    status, _, body = s.request("POST", "/v1/policies/changsha-srdi-2025/batch?bom=1", line)
    S.equal((status, S.error_of(body).get("code")), (400, "E1306"), "batch?bom=1 without CSV refused")
    status, _, body = s.request("POST", "/v1/policies/changsha-srdi-2025/batch?bom=2&output=csv", line)
    S.equal((status, S.error_of(body).get("code")), (400, "E1306"), "batch?bom=2 refused")
    status, _, body = s.request("POST", "/v1/policies/changsha-srdi-2025/batch?output=csv&output=csv", line)
    S.equal((status, S.error_of(body).get("code")), (400, "E1306"), "batch?output twice refused")
    # CSV out without a byte order mark, by the query or by Accept
    _, want_csv, _ = S.run_polrun("batch", policy, "--output", "csv", "--no-bom", stdin=line)
    status, h, body = s.request("POST", "/v1/policies/changsha-srdi-2025/batch?output=csv&bom=0", line)
    S.equal((status, body), (200, want_csv), "batch?output=csv&bom=0: CSV without a BOM")
    status, h, body = s.request("POST", "/v1/policies/changsha-srdi-2025/batch", line, headers={"Accept": "text/csv"})
    S.equal((status, body), (200, b"\xef\xbb\xbf" + want_csv), "Accept: text/csv: CSV with a BOM")
    status, h, body = s.request("POST", "/v1/policies/changsha-srdi-2025/batch?bom=1", line,
                                headers={"Accept": "text/csv, application/x-ndjson"})
    S.equal((status, S.error_of(body).get("code")), (400, "E1306"), "Accept naming ndjson too: NDJSON, so no bom")
    # an endpoint that takes no parameter says so
    status, _, body = s.request("GET", "/healthz?verbose=1")
    e = S.error_of(body)
    S.equal((status, e.get("code")), (400, "E1305"), "/healthz?verbose=1 refused")
    S.equal((e.get("message"), e.get("help")),
            ("unknown query parameter `verbose`", "this endpoint takes no query parameters"), "/healthz says it takes none")
    s.stop()


def test_token_spaces():
    """`Bearer` followed by several spaces before the token is accepted;
    another scheme is not."""
    policy = S.policy_copy("tok")
    token = S.os.path.join(S.SCRATCH, "tok-edges.token")
    with open(token, "w") as f:
        f.write("s3cret\n")
    S.os.chmod(token, 0o600)
    s = S.Server([policy], "--token-file", token)
    facts = S.read(S.CANDIDATE)
    status, _, _ = s.decide(facts, headers={"Authorization": "Bearer    s3cret"})
    S.equal(status, 200, "Bearer and three spaces: accepted")
    status, _, _ = s.decide(facts, headers={"Authorization": "Basic s3cret"})
    S.equal(status, 401, "Basic: refused")
    status, _, _ = s.decide(facts, headers={"Authorization": "Bearer s3cre"})
    S.equal(status, 401, "a token one character short: refused")
    s.stop()


def test_bodies_at_edges():
    """A decision asked with a body of white space alone; CSV batches of a
    header alone (with and without its line end), of nothing, and naming a
    column the facts lack: each answered as `polrun batch --input csv`
    answers it; a blank first line: the header refused (E1204, 422)."""
    policy = S.policy_copy("bodies")
    s = S.Server([policy])
    for body in (b"", b" \t\r\n"):
        status, _, got = s.decide(body)
        S.equal((status, json.loads(got)),
                (400, {"error": {"path": "$", "message": "expected an object (the applicant's facts), got nothing",
                                 "code": "E0905"}}), f"decide {body!r}")
    for body in (b"id,kind\r\n", b"id,kind", b"", b"id,bogus\r\nA,1\r\n"):
        _, want, _ = S.run_polrun("batch", policy, "--input", "csv", stdin=body)
        status, h, got = s.request("POST", "/v1/policies/changsha-srdi-2025/batch", body,
                                   headers={"Content-Type": "text/csv"})
        S.equal((status, h.get("content-type"), got), (200, "application/x-ndjson", want), f"CSV batch {body!r}")
    # a blank first line names no column: refused as batch refuses it (E1204)
    for body in (b"\r\n", b"\nA,enterprise\n"):
        status, _, got = s.request("POST", "/v1/policies/changsha-srdi-2025/batch", body,
                                   headers={"Content-Type": "text/csv"})
        S.equal((status, json.loads(got)),
                (422, {"error": {"path": "$", "code": "E1204",
                                 "message": "the CSV header row is empty: the first line of a CSV input names its columns"}}),
                f"CSV batch {body!r}")
    s.stop()


def test_reload_edges():
    """The policy's file deleted: a failed reload (E0701 in the log), the
    version before kept serving; the file made again: loaded again."""
    policy = S.policy_copy("gone")
    s = S.Server([policy])
    src = S.read(policy)
    facts = S.read(S.CANDIDATE)
    _, _, before = s.decide(facts)
    S.os.unlink(policy)
    failed = s.wait_event("reload_failed", timeout=20)
    S.check(len(failed) == 1, f"a deleted policy: one reload_failed ({failed})")
    if failed:
        e = failed[0]
        S.equal((e.get("serving"), [d.get("code") for d in e.get("diagnostics", [])]), (1, ["E0701"]),
                "the failed reload says what it serves and why it failed")
    status, _, body = s.decide(facts)
    S.equal((status, body), (200, before), "the version before still decides")
    S.write_renamed(policy, src.replace("30 万元".encode(), "31 万元".encode(), 1))
    reloaded = s.wait_event("reload", timeout=20)
    S.equal([(e.get("version"), e.get("previous")) for e in reloaded], [(2, 1)], "the file made again: loaded again")
    s.stop()


TESTS = [test_option_spellings, test_query_parameters, test_token_spaces, test_bodies_at_edges, test_reload_edges]
