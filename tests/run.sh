#!/bin/sh
# Runs every test of polrun; called by `make test`.
#   tests/run.sh POLRUN UNIT_TESTS
# Each suite prints its own count; the last line sums them as
# "N passed, N failed" and the exit status is 1 if anything failed.
POLRUN=${1:-build/polrun}
UNIT=${2:-build/unit_tests}
here=$(dirname "$0")
passed=0
failed=0

suite() {   # suite NAME COMMAND...: one suite is one pass or one fail
    name=$1
    shift
    echo "== $name"
    if "$@"; then
        passed=$((passed + 1))
    else
        echo "** $name FAILED"
        failed=$((failed + 1))
    fi
}

suite "unit tests (Criterion)" "$UNIT" --jobs 2
suite "golden diagnostics" sh "$here/diagnostics/run.sh" "$POLRUN"
suite "example policy" "$POLRUN" test "$here/example/example.pol" "$here"/example/cases/*.case
suite "regressions" "$POLRUN" test "$here/regress/regress.pol" "$here"/regress/cases/*.case
suite "Changsha cases" "$POLRUN" test policies/changsha-srdi-2025.pol "$here"/cases/changsha-srdi-2025/*.case
suite "oracle self-test" python3 "$here/oracle/test_oracle.py"
# CROSSCHECK_COUNT: fewer applicants under the sanitizers (make sanitize)
count=${CROSSCHECK_COUNT:-100000}
suite "cross-check with the oracle ($count applicants)" \
    bash "$here/oracle/crosscheck.sh" "$POLRUN" policies/changsha-srdi-2025.pol "$count" 2025
suite "command line" sh "$here/cli/run.sh" "$POLRUN"
suite "batch: streaming, --jobs, shards, CSV" sh "$here/batch/run.sh" "$POLRUN"
suite "formatter (polrun fmt)" sh "$here/fmt/run.sh" "$POLRUN"
suite "documentation examples" sh "$here/docs/run.sh" "$POLRUN" README.md docs/*.md
suite "editor support (TextMate grammar, Vim, Emacs)" sh "$here/editors/run.sh" "$POLRUN"
suite "limits: sizes, nesting, steps, money, nothing lost in batch, .polc bytes" sh "$here/limits/run.sh" "$POLRUN"
suite "fuzz regressions and seeds (tests/fuzz)" sh "$here/fuzz/regress.sh" "$(dirname "$POLRUN")/fuzz"

echo
echo "suites: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
