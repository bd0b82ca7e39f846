#!/bin/sh
# Out of memory: every command ends with E0719 "out of memory" and status
# 1, never a crash; batch's output ends at a line boundary, whichever
# thread ran out (docs/robustness.md, finding 34).
#   tests/memory/run.sh POLRUN
# Two ways of running out:
#   - a virtual-memory limit (`ulimit -v`) and an input that needs more
#     than it allows, with an input that needs less as the control;
#   - POLRUN-faults (beside POLRUN, `make test` builds it: alloc.c with
#     POL_ALLOC_FAULTS), which fails the Nth allocation of the collector
#     named by POLRUN_FAIL_ALLOC: check, run, test and batch (one job and
#     two) on a small policy, failing allocation 1, 2, ... until the
#     command needs fewer, when its output must be the usual one.
# Before, every one of these died of SIGSEGV (a NULL from the collector
# used as an object).
# Ends with "memory: N passed, N failed"; exit 1 on any failure, 77 when
# the ulimit part was skipped (AddressSanitizer reserves terabytes of
# address space: it cannot run under ulimit -v).
P=${1:-build/polrun}
F=${P%/*}/polrun-faults
here=$(dirname "$0")
. "$here/../lib.sh"
POL=$here/small.pol
OOM='error[E0719]: out of memory'
skipped=0

[ -x "$F" ] || { echo "memory: $F not built (make test builds it)"; exit 1; }

# every line of the file is a complete JSON object, and the file ends with a
# line end (or is empty)
whole_lines() {   # whole_lines FILE DESCRIPTION
    if python3 - "$1" <<'PY'
import json, sys
data = open(sys.argv[1], 'rb').read()
if data and not data.endswith(b'\n'):
    sys.exit('no line end at the end')
for n, line in enumerate(data.splitlines(), 1):
    try:
        if not isinstance(json.loads(line), dict):
            sys.exit('line %d: not an object' % n)
    except ValueError as e:
        sys.exit('line %d: %s' % (n, e))
PY
    then ok; else bad "$2: output not whole lines"; fi
}

# ---- a virtual-memory limit --------------------------------------------------

python3 - "$T" <<'PY'
import json, sys
t = sys.argv[1]
good = json.dumps({"id": "a", "tier": "small", "revenue": "5000.00", "projects": [{"cost": "100.00"}]})
# 15 MB of facts (within the 16 MiB limit of one applicant) decoded need
# more than the limit below leaves
big = json.dumps({"id": "big", "tier": "small", "revenue": "5000.00",
                  "projects": [{"cost": "1.00", "note": "x" * 120}] * 100000})
with open(t + '/in.ndjson', 'w') as f:
    f.write((good + '\n') * 2000 + big + '\n' + (good + '\n') * 2000)
open(t + '/big.json', 'w').write(big)
open(t + '/big.case', 'w').write('case: big\ndate: 2025-06-01\nfacts:\n' + big + '\nexpect:\n{"total": "0.00"}\n')
PY
python3 -c "
import sys
src = open(sys.argv[1]).read()
open(sys.argv[2], 'w').write(src + '\nenum Big { ' + ', '.join('v%d' % i for i in range(200000)) + ' }\n')
" "$POL" "$T/enum.pol"

LIMIT=56000   # KiB: what the small inputs need (about 38 MB with two jobs), with room; not what the big ones need
limited() { sh -c 'ulimit -v "$0" && exec "$@"' "$LIMIT" "$@"; }
if [ -n "${ASAN_OPTIONS:-}" ]; then
    echo "memory: ulimit -v skipped (not under AddressSanitizer)"
    skipped=1
else
    expect_exit 0 "ulimit -v: check, small" -- limited "$P" check "$POL"
    expect_exit 1 "ulimit -v: check, 200000 enum values" -- limited "$P" check "$T/enum.pol"
    contains "$T/err" "$OOM" "ulimit -v: check: E0719"
    expect_exit 0 "ulimit -v: run, small" -- limited "$P" run "$POL" --facts "$here/small.json" --date 2025-06-01
    expect_exit 1 "ulimit -v: run, 15 MB of facts" -- limited "$P" run "$POL" --facts "$T/big.json" --date 2025-06-01
    contains "$T/err" "$OOM" "ulimit -v: run: E0719"
    expect_exit 0 "ulimit -v: test, small" -- limited "$P" test "$POL" "$here/small.case"
    expect_exit 1 "ulimit -v: test, 15 MB of facts" -- limited "$P" test "$POL" "$T/big.case"
    contains "$T/err" "$OOM" "ulimit -v: test: E0719"
    expect_exit 1 "ulimit -v: --lang zh" -- limited "$P" --lang zh check "$T/enum.pol"
    contains "$T/err" "错误[E0719]：内存不足" "ulimit -v: E0719 in Chinese"
    expect_exit 1 "ulimit -v: --error-format json" -- limited "$P" check --error-format json "$T/enum.pol"
    contains "$T/err" '"code":"E0719"' "ulimit -v: E0719 as JSON"
    for jobs in 1 2; do
        expect_exit 0 "ulimit -v: batch --jobs $jobs, small" -- limited "$P" batch "$POL" --jobs $jobs --date 2025-06-01 < "$here/small.json"
        expect_exit 1 "ulimit -v: batch --jobs $jobs, a 15 MB line among 4000" -- \
            limited "$P" batch "$POL" --jobs $jobs --date 2025-06-01 < "$T/in.ndjson"
        contains "$T/err" "$OOM" "ulimit -v: batch --jobs $jobs: E0719"
        whole_lines "$T/out" "ulimit -v: batch --jobs $jobs"
        n=$(wc -l < "$T/out")
        [ "$n" -le 2000 ] && ok || bad "ulimit -v: batch --jobs $jobs: $n lines answered, the 15 MB line is line 2001"
    done
fi

# ---- the Nth allocation fails ------------------------------------------------

# every_failure NAME STDIN COMMAND...: fails allocation 1, 2, ... of COMMAND
# until it succeeds; each must end with E0719 and status 1, standard output
# whole lines (batch); the first success gives the usual output
every_failure() {
    name=$1 input=$2
    shift 2
    "$@" < "$input" > "$T/want" 2>/dev/null
    n=1
    while [ $n -le 5000 ]; do
        POLRUN_FAIL_ALLOC=$n "$@" < "$input" > "$T/out" 2> "$T/err"
        got=$?
        if [ $got -eq 0 ]; then
            same "$T/out" "$T/want" "$name: the usual output once the allocations needed are fewer than $n"
            break
        fi
        if [ $got -ne 1 ] || ! grep -qF "$OOM" "$T/err"; then
            bad "$name: allocation $n failed: exit $got"
            show "$T/err"
            return
        fi
        # batch: every line whole (a JSON object; a CSV row of as many cells
        # as the header), the last one too: python3 once a run is too slow
        case $name in
        *csv) mode=csv ;;
        batch*) mode=json ;;
        *) mode= ;;
        esac
        if [ -n "$mode" ]; then
            if [ -s "$T/out" ] && [ "$(tail -c 1 "$T/out" | od -An -c | tr -d ' ')" != '\n' ]; then
                bad "$name: allocation $n failed: the last line cut short"
            elif ! awk -F, -v mode=$mode 'NR == 1 { cells = NF }
                    mode == "json" && !/^\{.*\}$/ { exit 1 }
                    mode == "csv" && NF != cells { exit 1 }' "$T/out"; then
                bad "$name: allocation $n failed: a line not whole"
                show "$T/out"
            fi
        fi
        n=$((n + 1))
    done
    [ $n -gt 20 ] && ok || bad "$name: only $n allocations"
    echo "$name: allocations 1 to $((n - 1)) failed in turn, each E0719"
}
every_failure check /dev/null "$F" check "$POL"
every_failure run /dev/null "$F" run "$POL" --facts "$here/small.json" --date 2025-06-01
every_failure test /dev/null "$F" test "$POL" "$here/small.case"
awk '{ for (i = 0; i < 50; i++) print }' "$here/small.json" > "$T/fifty.ndjson"
every_failure "batch --jobs 1" "$T/fifty.ndjson" "$F" batch "$POL" --date 2025-06-01
every_failure "batch --jobs 2" "$T/fifty.ndjson" "$F" batch "$POL" --jobs 2 --date 2025-06-01
every_failure "batch --output csv" "$T/fifty.ndjson" "$F" batch "$POL" --output csv --date 2025-06-01

finish memory || exit 1
[ $skipped -eq 0 ] || exit 77
