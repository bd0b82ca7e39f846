#!/bin/sh
# Scale-out on a real engine: the Dask recipe of docs/scale-out.md
# (tests/scaleout/dask_batch.py) on a LocalCluster of two worker processes,
# against one `polrun batch` over the whole register: the gathered answers
# byte for byte, and the exit status.
#   tests/scaleout/run.sh POLRUN
# Ends with "scaleout: N passed, N failed"; exit 1 on any failure. Without
# Dask distributed only the check of the page runs, and the suite says so,
# ends with "..., 1 skipped" and exits 77 (tests/run.sh counts it as passed
# with a part skipped).
P=${1:-build/polrun}
POL=policies/changsha-srdi-2025.pol
HERE=$(dirname "$0")
. "$HERE/../lib.sh"   # the messages of bad lines are compared in English

# docs/scale-out.md shows the recipe as it runs here: the part of
# dask_batch.py between its two recipe lines, unchanged (needs no Dask).
python3 - "$HERE/dask_batch.py" docs/scale-out.md <<'EOF' && ok || bad "docs/scale-out.md does not show the recipe of dask_batch.py as it is"
import sys
code = open(sys.argv[1], encoding="utf-8").read()
start = "# docs/scale-out.md shows this part as it is (tests/scaleout/run.sh checks).\n"
recipe = code.split(start)[1].split("\n\n\n# ------")[0]
doc = open(sys.argv[2], encoding="utf-8").read()
sys.exit(0 if "```python\n" + recipe + "\n```\n" in doc else 1)
EOF

# The Python that has Dask: Debian's, which may not be the first python3 on
# PATH (a python3 of pyenv or a virtual environment comes first there).
PY=""
for py in python3 /usr/bin/python3; do
    if "$py" -c 'import dask.distributed' >/dev/null 2>&1; then PY=$py; break; fi
done
if [ -z "$PY" ]; then
    echo "scaleout: python3-distributed not found: the Dask runs (skipped; apt-get install python3-distributed)"
    echo "scaleout: $pass passed, $fail failed, 1 skipped"
    [ "$fail" -eq 0 ] || exit 1
    exit 77
fi

status() {   # status GOT WANT DESCRIPTION
    if [ "$1" -eq "$2" ]; then ok; else bad "$3: exit $1, wanted $2"; show "$T/dask.err"; fi
}
# dask NAME POLICY REGISTER [OPTION...]: the recipe, answers in $T/NAME.dask
dask() {
    name=$1; policy=$2; register=$3; shift 3
    "$PY" "$HERE/dask_batch.py" "$P" "$policy" "$register" --workers 2 "$@" \
        > "$T/$name.dask" 2> "$T/dask.err"
}
# single NAME POLICY REGISTER [BATCH_OPTION...]: one run, answers in $T/NAME.one
single() {
    name=$1; policy=$2; register=$3; shift 3
    "$P" batch "$policy" "$@" < "$register" > "$T/$name.one" 2> "$T/one.err"
}

# ------------------------------------------------ the Changsha register
# The oracle's generator: tricky JSON (escapes, tabs, shuffled keys) and one
# bad line in ten; then the awkward lines (empty, CRLF, a BOM, a last line
# without LF), which fall in the last partition.
python3 tests/oracle/gen_facts.py 19 20000 --invalid-rate 0.1 > "$T/mixed.ndjson"
{
    cat "$T/mixed.ndjson"
    printf '\n'
    printf '{"id":"CRLF","kind":"enterprise","registered_in_changsha":true,"is_sme":true,"tier":"none","as_of":"2025-06-30"}\r\n'
    printf '\357\273\277{"id":"BOM","kind":"enterprise","registered_in_changsha":true,"is_sme":true,"tier":"none","as_of":"2025-06-30"}\n'
    printf '{"id":"LAST","kind":"enterprise","registered_in_changsha":true,"is_sme":true,"tier":"none","as_of":"2025-06-30"}'
} > "$T/in.ndjson"

# As docs/scale-out.md says: compile once, ship the .polc to the workers.
"$P" compile "$POL" -o "$T/changsha.polc" && ok || bad "polrun compile"
single mixed "$POL" "$T/in.ndjson"
one=$?
dask mixed "$T/changsha.polc" "$T/in.ndjson" --partitions 5 --stats
status $? "$one" "the gathered run exits as one run does"
[ "$one" -eq 3 ] && ok || bad "one run over a register with bad lines exits 3, not $one"
same "$T/mixed.dask" "$T/mixed.one" "20004 lines in 5 partitions on 2 workers, gathered = one run (error lines renumbered)"
[ "$(wc -l < "$T/mixed.one")" -eq 20004 ] && ok || bad "one answer per line"

# It ran as it says: 5 partitions, 2 worker processes, none of them this one,
# and the renumbering was needed (error lines in every partition but the first).
grep '^dask: ' "$T/dask.err" > "$T/stats"
grep -q '^dask: 5 partitions, 20004 lines; ' "$T/stats" && ok || bad "5 partitions, 20004 lines: $(cat "$T/stats")"
workers=$(sed -n 's/.*; worker processes \([0-9 ]*\); .*/\1/p' "$T/stats")
ran=$(sed -n 's/.*; tasks ran in \([0-9 ]*\); .*/\1/p' "$T/stats")
driver=$(sed -n 's/.*; this process \([0-9]*\)$/\1/p' "$T/stats")
[ "$(echo $workers | wc -w)" -eq 2 ] && ok || bad "2 worker processes, not: $workers"
elsewhere=1
for pid in $ran; do
    case " $workers " in *" $pid "*) ;; *) elsewhere=0 ;; esac
    [ "$pid" = "$driver" ] && elsewhere=0
done
[ -n "$ran" ] && [ "$elsewhere" -eq 1 ] && ok || bad "the tasks ran in the worker processes ($workers), not here ($driver): $ran"
# the first partition ends near line 20004 / 5
late=$(grep -c '^{"line":[0-9][0-9][0-9][0-9][0-9]*,' "$T/mixed.one")
[ "$late" -gt 1000 ] && ok || bad "error lines past line 4500 to renumber: $late"
# without the renumbering, the answers differ exactly in the error lines
"$PY" - "$T/in.ndjson" "$T/changsha.polc" "$P" <<'EOF' > "$T/raw.out" && ok || bad "the partitions unrenumbered"
import subprocess, sys
sys.path.insert(0, "tests/scaleout")
from dask_batch import count_lines
data = open(sys.argv[1], "rb").read()
size = len(data)
# cut as read_bytes does: at the line end after each fifth of the bytes
cuts = [0]
for k in range(1, 5):
    at = data.find(b"\n", max(size * k // 5, cuts[-1])) + 1 or size
    cuts.append(at)
cuts.append(size)
for a, b in zip(cuts, cuts[1:]):
    sys.stdout.buffer.write(subprocess.run([sys.argv[3], "batch", sys.argv[2]], input=data[a:b],
                                           stdout=subprocess.PIPE).stdout)
EOF
cmp -s "$T/raw.out" "$T/mixed.one" && bad "the test would pass without renumbering" || ok

# Other cuts, and options passed through to polrun batch.
dask mixed7 "$T/changsha.polc" "$T/in.ndjson" --partitions 7 -- --date 2026-01-01 --lang zh
got=$?
single mixed7 "$POL" "$T/in.ndjson" --date 2026-01-01 --lang zh
status $got $? "--date and --lang passed through: exit status"
same "$T/mixed7.dask" "$T/mixed7.one" "7 partitions, --date 2026-01-01 --lang zh: gathered = one run"

# Valid applicants only (the bench's generator): exit 0.
cc -std=c11 -O2 -o "$T/gen" bench/gen.c && ok || bad "cannot build bench/gen.c"
"$T/gen" --count 30000 --seed 11 > "$T/valid.ndjson"
single valid "$POL" "$T/valid.ndjson"
[ $? -eq 0 ] && ok || bad "one run over valid applicants exits 0"
dask valid "$T/changsha.polc" "$T/valid.ndjson" --partitions 4
status $? 0 "valid applicants: the gathered run exits 0"
same "$T/valid.dask" "$T/valid.one" "30000 valid applicants in 4 partitions: gathered = one run"

# ---------------------------------------------- exit statuses: 1, and 3 over 1
# A policy that divides by a fact: staff 0 is a runtime error (exit 1),
# answered in place; a tier that is not one is bad facts (exit 3), which
# outranks it in one run. Each kind is put in the first or the last
# partition only, so the status of the whole comes from different places.
DIV=tests/diagnostics/runtime/division-by-zero.pol
register() {   # register N ZERO_STAFF_AT BAD_TIER_AT
    awk -v n="$1" -v z="$2" -v b="$3" 'BEGIN {
        for (i = 1; i <= n; i++)
            printf "{\"id\":\"D%d\",\"tier\":\"%s\",\"revenue\":\"%d.00\",\"staff\":%d,\"ratio\":%d.5}\n",
                i, i == b ? "huge" : "small", i * 7, i == z ? 0 : i % 50 + 1, i % 90
    }'
}
register 4000 100 0 > "$T/runtime.ndjson"
register 4000 100 3900 > "$T/both.ndjson"
register 4000 3950 20 > "$T/both2.ndjson"
for r in runtime:1 both:3 both2:3; do
    name=${r%:*}; want=${r#*:}
    single "$name" "$DIV" "$T/$name.ndjson" --date 2025-06-30
    [ $? -eq "$want" ] && ok || bad "$name: one run exits $want"
    dask "$name" "$DIV" "$T/$name.ndjson" --partitions 4 -- --date 2025-06-30
    status $? "$want" "$name: the gathered run exits as one run does"
    same "$T/$name.dask" "$T/$name.one" "$name: gathered = one run"
done
grep -q '^{"line":100,"id":"D100","error":{"path":"\$","message":"tests/diagnostics/runtime/division-by-zero.pol:17:28: error\[E0801\]: division by zero"}}$' \
    "$T/runtime.dask" && ok || bad "the runtime error is answered in its place"
grep -q '^{"line":3950,"id":"D3950",' "$T/both2.dask" && ok || bad "a runtime error in the last partition is renumbered"

# -------------------------------------------------------- runs that fail
# A policy that does not load: every partition fails; the job stops with
# polrun's status and message, and answers nothing, as one run does.
single missing /nonexistent.pol "$T/valid.ndjson"
one=$?
dask missing /nonexistent.pol "$T/valid.ndjson" --partitions 4
status $? "$one" "a policy that does not load: exit status of one run"
[ "$one" -eq 1 ] && ok || bad "one run with a missing policy exits 1, not $one"
contains "$T/dask.err" 'error[E0701]: cannot read /nonexistent.pol' "polrun's message is passed on"
contains "$T/dask.err" 'partition 0: polrun batch exited 1 and answered 0 of its' "the failed partition is named"
empty "$T/missing.dask" "nothing is answered when no partition was"
# a usage error (exit 2) too
dask baddate "$T/changsha.polc" "$T/valid.ndjson" --partitions 4 -- --date 2025-13-01
status $? 2 "a usage error of polrun batch exits 2"
# CSV cannot be cut into partitions: refused before anything runs
dask csv "$T/changsha.polc" "$T/valid.ndjson" -- --input csv
status $? 2 "--input csv is refused"
contains "$T/dask.err" "a CSV register cannot be cut into partitions" "why CSV is refused"

# ------------------------------------------------------------ small inputs
# More partitions than lines (some partitions are empty), and no lines.
head -n 3 "$T/in.ndjson" > "$T/three.ndjson"
single three "$POL" "$T/three.ndjson"
one=$?
dask three "$T/changsha.polc" "$T/three.ndjson" --partitions 8 --stats
status $? "$one" "3 lines, 8 partitions: exit status"
same "$T/three.dask" "$T/three.one" "3 lines in 8 partitions: gathered = one run"
grep -q '^dask: [89] partitions, 3 lines;' "$T/dask.err" && ok || bad "empty partitions ran: $(grep '^dask:' "$T/dask.err")"
: > "$T/none.ndjson"
dask none "$T/changsha.polc" "$T/none.ndjson"
status $? 0 "an empty register exits 0"
empty "$T/none.dask" "an empty register has no answers"

finish scaleout
