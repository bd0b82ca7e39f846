#!/usr/bin/env python3
"""How long after a change `polrun lsp` publishes its diagnostics
(`make bench`; docs/performance.md).

    python3 bench/lsp-latency.py POLRUN [CHANGES]

A 300-line policy (the Changsha policy with more parameters and measures
after it) is opened; then CHANGES times (default 200) one name is broken
and mended in turn, and the time from sending each didChange to reading
the publishDiagnostics of that version is measured. That time includes
the pause the server waits for before it checks (`debounce`, 30 ms by
default; DEBOUNCE=ms in the environment sets another): the figure is
what a drafter sees. Prints the median, the 90th
and 99th percentiles and the slowest, with the server's own check time.
"""
import os
import re
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "lsp"))
from client import Client, find  # noqa: E402

POLRUN = sys.argv[1] if len(sys.argv) > 1 else "build/polrun"
N = int(sys.argv[2]) if len(sys.argv) > 2 else 200
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
POLICY = os.path.join(ROOT, "policies", "changsha-srdi-2025.pol")

text = open(POLICY, encoding="utf-8").read()
extra = []
k = 0
while (text + "".join(extra)).count("\n") < 300:
    extra.append("\nparameter extra_ceiling_%d = %d 万元\n\nmeasure extra_subsidy_%d\n  article \"十\"\n"
                 "  title \"补充措施\"\n  when enterprise\n  when srdi_tier\n  amount fixed extra_ceiling_%d\n" % (k, k + 1, k, k))
    k += 1
text += "".join(extra)
lines = text.count("\n")

c = Client(POLRUN, env={"POLRUN_LSP_LOG": "1"})
DEBOUNCE = int(os.environ.get("DEBOUNCE", "30"))
c.initialize(options={"debounce": DEBOUNCE})
uri = c.open(POLICY, text)
assert c.diagnostics(uri) == [], "the benchmark policy must be clean"
line, col = find(text, "when little_giant_tier", 0, 5)
times = []
for i in range(N):
    new = "litle_giant_tier" if i % 2 == 0 else "little_giant_tier"
    old = len("little_giant_tier") if i % 2 == 0 else len("litle_giant_tier")
    t0 = time.perf_counter()
    v = c.change(uri, [({"start": {"line": line, "character": col}, "end": {"line": line, "character": col + old}}, new)])
    d = c.diagnostics(uri, version=v)
    times.append((time.perf_counter() - t0) * 1000)
    assert len(d) == (1 if i % 2 == 0 else 0), d
    time.sleep(0.05)
c.shutdown()
log = c.proc.stderr.read().decode()
checks = [float(m) for m in re.findall(r"in ([0-9.]+) ms", log)]
times.sort()
q = lambda p: times[min(len(times) - 1, int(p * len(times)))]
print("lsp latency (debounce %d ms): %d-line policy, %d changes: median %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms "
      "(check itself: median %.2f ms)" % (DEBOUNCE, lines, N, statistics.median(times), q(0.9), q(0.99), times[-1],
                                          statistics.median(checks)))
