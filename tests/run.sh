#!/bin/sh
# Runs every test of polrun; called by `make test` (tests/README.md says
# what each suite checks and how to run one alone).
#   tests/run.sh POLRUN UNIT_TESTS
# SUITES="unit batch ..." runs only the suites of those keys (the words in
# brackets below; `make test SUITES="unit cli"` passes it on).
# Each suite prints its own count. A suite exits 0 when it passed, 77 when
# it passed but skipped a part (a tool it needs is missing: it says which),
# anything else when it failed. The last line counts the suites:
# "suites: N passed, N skipped in part, N failed"; the exit status is 1 if
# any failed.
POLRUN=${1:-build/polrun}
UNIT=${2:-build/unit_tests}
here=$(dirname "$0")
passed=0
partly=0
failed=0
partly_names=""

suite() {   # suite KEY NAME COMMAND...: one suite is one pass, one partial pass or one fail
    key=$1
    name=$2
    shift 2
    if [ -n "${SUITES:-}" ]; then
        case " $SUITES " in *" $key "*) ;; *) return 0 ;; esac
    fi
    echo "== $name [$key]"
    "$@"
    status=$?
    if [ "$status" -eq 0 ]; then
        passed=$((passed + 1))
    elif [ "$status" -eq 77 ]; then
        partly=$((partly + 1))
        partly_names="$partly_names${partly_names:+, }$key"
        echo "-- $name: passed, with parts skipped"
    else
        echo "** $name FAILED"
        failed=$((failed + 1))
    fi
}

suite unit "unit tests (Criterion)" "$UNIT" --jobs 2
suite layers "layers: who may include and link what" python3 "$here/layers.py" "$(dirname "$POLRUN")"
suite diagnostics "golden diagnostics" sh "$here/diagnostics/run.sh" "$POLRUN"
suite example "example policy" "$POLRUN" test "$here/example/example.pol" "$here"/example/cases/*.case
suite regress "regressions" "$POLRUN" test "$here/regress/regress.pol" "$here"/regress/cases/*.case
suite changsha "Changsha cases" "$POLRUN" test policies/changsha-srdi-2025.pol "$here"/cases/changsha-srdi-2025/*.case
suite relief "relief policy: exact arithmetic rounded once, scales, explanations" sh "$here/relief/run.sh" "$POLRUN"
suite items "per-item measures" "$POLRUN" test "$here/items/skills.pol" "$here"/items/cases/*.case
suite amendment "an amendment: dated values, their explanation and sources" sh "$here/amendment/run.sh" "$POLRUN"
suite diff "diff: an amendment against two batch runs" sh "$here/diff/run.sh" "$POLRUN"
suite oracle "oracle self-test" python3 "$here/oracle/test_oracle.py"
# CROSSCHECK_COUNT: fewer applicants under the sanitizers (make sanitize)
count=${CROSSCHECK_COUNT:-100000}
suite crosscheck "cross-check with the oracle ($count applicants)" \
    bash "$here/oracle/crosscheck.sh" "$POLRUN" policies/changsha-srdi-2025.pol "$count" 2025
uicount=${UI_FACTS_COUNT:-30000}
suite uifacts "the facts of the unemployment-insurance contract against its oracle ($uicount applications)" \
    env CROSSCHECK_FACTS_ONLY=1 CROSSCHECK_INVALID_RATE=0.3 \
    bash "$here/oracle/ui_crosscheck.sh" "$POLRUN" "$here/oracle/ui-facts.pol" "$uicount" 12
suite ui-cases "ui-job-stability cases" "$POLRUN" test policies/ui-job-stability.pol "$here"/cases/ui-job-stability/*.case
suite ui-explain "ui-job-stability explanations, the examples' register" sh "$here/ui-explain/run.sh" "$POLRUN"
suite ui-oracle "ui-job-stability oracle self-test" python3 "$here/oracle/ui_test_oracle.py"
# UI_CROSSCHECK_COUNT: fewer applications under the sanitizers (make sanitize)
uicheck=${UI_CROSSCHECK_COUNT:-100000}
suite ui-crosscheck "ui-job-stability cross-check with the oracle ($uicheck applications)" \
    bash "$here/oracle/ui_crosscheck.sh" "$POLRUN" policies/ui-job-stability.pol "$uicheck" 2025
suite cli "command line" sh "$here/cli/run.sh" "$POLRUN"
suite batch "batch: streaming, --jobs, shards, CSV" sh "$here/batch/run.sh" "$POLRUN"
suite serve "serve: the HTTP decision service and hot reload" python3 "$here/serve/test_serve.py" "$POLRUN"
suite fmt "formatter (polrun fmt)" sh "$here/fmt/run.sh" "$POLRUN"
suite keywords "Chinese keywords: the table, every policy converted, Changsha decided alike" sh "$here/keywords/run.sh" "$POLRUN"
suite docs "documentation examples" sh "$here/docs/run.sh" "$POLRUN" README.md docs/*.md
suite editors "editor support (TextMate grammar, Vim, Emacs)" sh "$here/editors/run.sh" "$POLRUN"
suite lsp "language server (polrun lsp): scripted sessions" python3 "$here/lsp/run.py" "$POLRUN"
suite doc "doc: the reviewer's page (golden HTML, tidy, Chromium)" sh "$here/doc/run.sh" "$POLRUN"
suite locales "locales: C, C.UTF-8, tr_TR.UTF-8 and a missing zh_CN.UTF-8 (a subset; make test-locales: all)" sh "$here/locales/run.sh" "$POLRUN"
suite limits "limits: sizes, nesting, steps, money, nothing lost in batch, .polc bytes" sh "$here/limits/run.sh" "$POLRUN"
suite memory "out of memory: ulimit -v, the Nth allocation failed" sh "$here/memory/run.sh" "$POLRUN"
suite fuzz "fuzz regressions and seeds (tests/fuzz)" sh "$here/fuzz/regress.sh" "$(dirname "$POLRUN")/fuzz"
suite scaleout "scale-out on Dask distributed (2 worker processes)" sh "$here/scaleout/run.sh" "$POLRUN"

echo
if [ $((passed + partly + failed)) -eq 0 ]; then
    echo "suites: none ran (SUITES=\"${SUITES:-}\" names no suite)"
    exit 1
fi
echo "suites: $passed passed, $partly skipped in part${partly_names:+ ($partly_names)}, $failed failed"
[ "$failed" -eq 0 ]
