#!/bin/sh
# `make sanitize`: the whole test suite with binaries built with
# -fsanitize=address,undefined (make sanitize builds them in DIR).
#   tests/fuzz/sanitize.sh DIR
# The collector and AddressSanitizer together (docs/robustness.md):
#   detect_leaks=0                    LeakSanitizer cannot see pointers held in
#                                     the collector's heap: every block reached
#                                     only from there would be "leaked"
#   detect_stack_use_after_return=0   a fake stack frame would hide pointers
#                                     from the collector's stack scan (the
#                                     default, stated so that it stays so)
# UBSan stops at the first report (-fno-sanitize-recover=all at build).
# The cross-check runs on CROSSCHECK_COUNT applicants (default 20000).
set -u
B=${1:-build-san}
export ASAN_OPTIONS="detect_leaks=0:detect_stack_use_after_return=0:abort_on_error=1:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}"
export CROSSCHECK_COUNT=${CROSSCHECK_COUNT:-20000}
status=0
sh tests/run.sh "$B/polrun" "$B/unit_tests" || status=1
exit $status
