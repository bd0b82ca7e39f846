#!/bin/sh
# `make sanitize`: every test with the binaries make sanitize built in DIR
# (-fsanitize=address,undefined, and the collector stress hooks of
# src/gc_stress.h), then a second pass under collector stress.
#   tests/fuzz/sanitize.sh DIR
#
# The collector and AddressSanitizer together (docs/robustness.md):
#   detect_leaks=0                    LeakSanitizer cannot see pointers held in
#                                     the collector's heap: every malloc'd block
#                                     reached only from there would be "leaked"
#   detect_stack_use_after_return=0   a fake stack frame would hide pointers
#                                     from the collector's stack scan (it is
#                                     the default; stated so that it stays so)
# UBSan stops at its first report (-fno-sanitize-recover=all at build).
#
# Pass 1: tests/run.sh, the cross-checks on CROSSCHECK_COUNT applicants and
# UI_CROSSCHECK_COUNT applications
# (default 20000), the .polc mutation test on the example policy too.
# Pass 2, POLRUN_GC_STRESS=GC_STRESS_EVERY (default 20): a full collection
# before every 20th allocation (and collections whenever the collector may):
# the three case suites, the cross-check on 1000 applicants, --jobs 2 on
# them, the fuzzing regressions and seeds, and the server's tests of its
# threads, versions and batches.
# Pass 3: the fuzzing regressions and seeds out of memory (below).
set -u
B=${1:-build-san}
export ASAN_OPTIONS="detect_leaks=0:detect_stack_use_after_return=0:abort_on_error=1:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}"
export CROSSCHECK_COUNT=${CROSSCHECK_COUNT:-20000}
export UI_CROSSCHECK_COUNT=${UI_CROSSCHECK_COUNT:-20000}
# the server's tests: 300 of the 2,000 applicants also through polrun run
# (one process each), and every wait three times as long
export SERVE_RUN_COUNT=${SERVE_RUN_COUNT:-300} SERVE_SLOWNESS=${SERVE_SLOWNESS:-3}
status=0

echo "==== pass 1: every test, sanitized"
LIMITS_FULL=1 sh tests/run.sh "$B/polrun" "$B/unit_tests" || status=1

echo
echo "==== pass 2: under collector stress (POLRUN_GC_STRESS=${GC_STRESS_EVERY:-20})"
export POLRUN_GC_STRESS=${GC_STRESS_EVERY:-20}
failed=0
run() {   # run NAME COMMAND...
    echo "== $1"
    shift
    if "$@"; then :; else echo "** FAILED"; failed=$((failed + 1)); fi
}
run "example policy" "$B/polrun" test tests/example/example.pol tests/example/cases/*.case
run "regressions" "$B/polrun" test tests/regress/regress.pol tests/regress/cases/*.case
run "Changsha cases" "$B/polrun" test policies/changsha-srdi-2025.pol tests/cases/changsha-srdi-2025/*.case
run "relief cases" "$B/polrun" test tests/relief/relief.pol tests/relief/cases/*.case
run "cross-check (1000 applicants)" bash tests/oracle/crosscheck.sh "$B/polrun" policies/changsha-srdi-2025.pol 1000 7
T=$(mktemp -d)
python3 tests/oracle/gen_facts.py 7 1000 > "$T/in.ndjson"
"$B/polrun" batch policies/changsha-srdi-2025.pol < "$T/in.ndjson" > "$T/one" 2>/dev/null
"$B/polrun" batch policies/changsha-srdi-2025.pol --jobs 2 < "$T/in.ndjson" > "$T/two" 2>/dev/null
run "batch --jobs 2 (1000 applicants)" cmp "$T/one" "$T/two"
rm -rf "$T"
run "fuzz regressions and seeds" sh tests/fuzz/regress.sh "$B/fuzz"
run "serve: endpoints, reload under load, batches left, drain" env SERVE_SLOWNESS=5 SERVE_RUN_COUNT=100 \
    python3 tests/serve/test_serve.py "$B/polrun" test_endpoints test_reload_under_load test_broken_edit \
    test_client_leaves_mid_batch test_sigterm
echo "gc stress: $failed failed"
[ "$failed" -eq 0 ] || status=1

# Pass 3: the harnesses with the collector replaced by the fuzzing shim
# (build-shim, no collector: LeakSanitizer on), every regression input and
# seed run out of memory at allocation 1 to 16 and every half again after
# (replay.c, POLRUN_FUZZ_OOM=sweep): each run must end in the out-of-memory
# handler, with the harness's properties, and nothing may leak but what
# tests/fuzz/lsan.supp names.
echo
echo "==== pass 3: out of memory at allocation after allocation (build-shim)"
unset POLRUN_GC_STRESS
if ASAN_OPTIONS="$ASAN_OPTIONS:detect_leaks=1" LSAN_OPTIONS="suppressions=$(pwd)/tests/fuzz/lsan.supp" POLRUN_FUZZ_OOM=sweep \
    REPLAY=oom sh tests/fuzz/regress.sh build-shim/fuzz; then :; else status=1; fi
exit $status
