#!/bin/sh
# `make bench`: how fast polrun decides a register, against its targets.
#   bench/run.sh BUILD [COUNT]
# BUILD holds polrun, bench-gen and bench-vm (built by make); COUNT
# applicants (default 1000000) are generated deterministically. Prints the
# machine, then one table; each time is the best of several runs, because a
# shared machine only ever makes a run slower. Takes a few minutes.
set -u
BUILD=${1:-build}
COUNT=${2:-1000000}
POL=policies/changsha-srdi-2025.pol
P=$BUILD/polrun
RUNS=${BENCH_RUNS:-3}
T=$(mktemp -d "${TMPDIR:-/tmp}/polrun-bench.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT

missing=""
command -v jq >/dev/null 2>&1 || missing="$missing jq"
[ -x /usr/bin/time ] || missing="$missing time"
if [ -n "$missing" ]; then
    echo "bench: installing$missing"
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null || exit 2
fi

# best WALL SECONDS of RUNS runs of a command (stdin/stdout as given to it)
best_time() {   # best_time INPUT OUTPUT COMMAND...
    in=$1; out=$2; shift 2
    b=""
    i=0
    while [ $i -lt "$RUNS" ]; do
        # (time(1) puts "Command exited with non-zero status" before the
        # figures when the status is not 0, as diff's 1 for "changed")
        /usr/bin/time -f "%e %P %U %S" -o "$T/time" "$@" < "$in" > "$out" 2>/dev/null
        tail -n 1 "$T/time" > "$T/last"
        t=$(cut -d' ' -f1 "$T/last")
        if [ -z "$b" ] || awk "BEGIN { exit !($t < $b) }"; then
            b=$t; cut -d' ' -f2 "$T/last" > "$T/cpu"; awk '{ print $3 + $4 }' "$T/last" > "$T/cpusec"
        fi
        i=$((i + 1))
    done
    echo "$b"
}
peak_kb() {     # peak_kb INPUT COMMAND...: the most resident memory of one run
    in=$1; shift
    /usr/bin/time -f "%M" -o "$T/time" "$@" < "$in" > /dev/null 2>/dev/null
    cat "$T/time"
}

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'),"\
     "$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "generating $COUNT applicants (bench/gen.c, seed 1)..."
"$BUILD/bench-gen" --count "$COUNT" > "$T/all.ndjson"
head -n 100000 "$T/all.ndjson" > "$T/100k.ndjson"
bytes=$(wc -c < "$T/all.ndjson")
echo "$COUNT applicants, $bytes bytes ($(awk "BEGIN { printf \"%.0f\", $bytes / $COUNT }") bytes each)"

# 1-3: in-process timings (bench/bench.c)
POLRUN_STDLIB=${POLRUN_STDLIB:-stdlib} "$BUILD/bench-vm" "$POL" "$T/all.ndjson" --n 2000 --reps 300 > "$T/hot" || {
    echo "bench: bench-vm failed (the VM and the hand-written C disagree?)"; cat "$T/hot"; exit 1; }
POLRUN_STDLIB=${POLRUN_STDLIB:-stdlib} "$BUILD/bench-vm" "$POL" "$T/all.ndjson" --n 100000 --reps 5 > "$T/cold" || exit 1
get() { awk -v k="$2" '$1 == k { print $2 }' "$1"; }
spawn_ms() {    # best of 20 starts of a command, in ms
    i=0; b=""
    while [ $i -lt 20 ]; do
        s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N)
        t=$(( (e - s) / 1000 )); if [ -z "$b" ] || [ "$t" -lt "$b" ]; then b=$t; fi; i=$((i + 1))
    done
    awk "BEGIN { printf \"%.2f\", $b / 1000 }"
}
check_ms=$(spawn_ms "$P" check "$POL")
true_ms=$(spawn_ms /bin/true)

# 4-5: end to end
j1=$(best_time "$T/all.ndjson" /dev/null "$P" batch "$POL" --jobs 1)
j1cpu=$(cat "$T/cpusec")
j2=$(best_time "$T/all.ndjson" /dev/null "$P" batch "$POL" --jobs 2)
p2=$(awk '{ printf "%.2f", $1 / 100 }' "$T/cpu")
runs=$RUNS
RUNS=2     # jq takes a while
jq=$(best_time "$T/all.ndjson" /dev/null jq -c .)
jqcpu=$(cat "$T/cpusec")
RUNS=$runs
# 6: memory
m100k=$(peak_kb "$T/100k.ndjson" "$P" batch "$POL" --jobs 1)
m1m=$(peak_kb "$T/all.ndjson" "$P" batch "$POL" --jobs 1)
m100k2=$(peak_kb "$T/100k.ndjson" "$P" batch "$POL" --jobs 2)
m1m2=$(peak_kb "$T/all.ndjson" "$P" batch "$POL" --jobs 2)
# 8: polrun diff, the policy against its amended copy (tests/amendment):
# every applicant decided under both, only the changed ones written
df=$(best_time "$T/all.ndjson" /dev/null "$P" diff "$POL" tests/amendment/changsha-srdi-2025.pol --jobs 1)
# 7: the Dask recipe of docs/scale-out.md, 2 worker processes, answers
# gathered in order (to /dev/null, like the batch runs); skipped without
# python3-distributed. The cluster starts once; each run is one job on it.
dask_job=0; dask_start=0; dask_last=0; dask_parts=0; dask_cpu="0 0 0"
for py in python3 /usr/bin/python3; do
    "$py" -c 'import dask.distributed' >/dev/null 2>&1 || continue
    "$py" tests/scaleout/dask_batch.py "$P" "$POL" "$T/all.ndjson" --workers 2 --partitions 8 \
        --runs "$RUNS" --stats --output /dev/null 2> "$T/dask" || { echo "bench: the Dask recipe failed"; cat "$T/dask"; exit 1; }
    dask_job=$(sed -n 's/.*; job \([0-9.]*\) s (best.*/\1/p' "$T/dask")
    dask_start=$(sed -n 's/.*cluster ready in \([0-9.]*\) s;.*/\1/p' "$T/dask")
    dask_last=$(sed -n 's/.*last task done at \([0-9.]*\) s;.*/\1/p' "$T/dask")
    dask_parts=$(sed -n 's/^dask: \([0-9]*\) partitions.*/\1/p' "$T/dask")
    dask_cpu=$(sed -n 's/^dask: CPU of that job: polrun \([0-9.]*\) s, workers \([0-9.]*\) s, client and scheduler \([0-9.]*\) s$/\1 \2 \3/p' "$T/dask")
    break
done

awk -v count="$COUNT" -v bytes="$bytes" -v j1="$j1" -v j2="$j2" -v jq="$jq" \
    -v cms="$(get "$T/hot" compile_ms)" -v check_ms="$check_ms" -v true_ms="$true_ms" -v p2="$p2" \
    -v dec="$(get "$T/hot" decode_ns)" -v decmb="$(get "$T/hot" decode_mb_s)" \
    -v vm="$(get "$T/hot" vm_ns)" -v hand="$(get "$T/hot" hand_ns)" -v json="$(get "$T/hot" vm_json_ns)" \
    -v vmc="$(get "$T/cold" vm_ns)" -v handc="$(get "$T/cold" hand_ns)" \
    -v agree="$(get "$T/hot" disagreements)" \
    -v m100k="$m100k" -v m1m="$m1m" -v m100k2="$m100k2" -v m1m2="$m1m2" \
    -v dj="$dask_job" -v ds="$dask_start" -v dl="$dask_last" -v dp="$dask_parts" \
    -v dcpu="$dask_cpu" -v j1cpu="$j1cpu" -v df="$df" -v jqcpu="$jqcpu" '
function verdict(ok) { return ok ? "MET" : "MISSED" }
BEGIN {
    r1 = count / j1; r2 = count / j2; rq = count / jq
    printf "\n%-58s %-22s %-18s %s\n", "measure", "result", "target", ""
    printf "%-58s %-22s %-18s %s\n", "1. parse + check + compile, in process (best of 200)", sprintf("%.3f ms", cms), "< 5 ms", verdict(cms < 5)
    printf "%-58s %-22s %-18s %s\n", "   `polrun check` as a process (best of 20)", sprintf("%.2f ms", check_ms), "", ""
    printf "%-58s %-22s %-18s %s\n", "   (starting /bin/true on this machine, best of 20)", sprintf("%.2f ms", true_ms), "", ""
    printf "%-58s %-22s %-18s %s\n", "   facts decoding (facts.c, into the arena)", sprintf("%.0f ns, %.0f MB/s", dec, decmb), ">= 1000 MB/s", verdict(decmb >= 1000)
    printf "%-58s %-22s %-18s %s\n", "2. VM only, decoded facts in cache (2000 applicants)", sprintf("%.0f ns = %.2fM/s", vm, 1000 / vm), "", ""
    printf "%-58s %-22s %-18s %s\n", "3. hand-written C, same facts", sprintf("%.0f ns = %.2fM/s", hand, 1000 / hand), "", ""
    printf "%-58s %-22s %-18s %s\n", "   VM / hand-written C (in cache)", sprintf("%.1fx", vm / hand), "<= 3x", verdict(vm / hand <= 3)
    printf "%-58s %-22s %-18s %s\n", "   VM / hand-written C (100000 applicants, from memory)", sprintf("%.1fx (%.0f / %.0f ns)", vmc / handc, vmc, handc), "", ""
    printf "%-58s %-22s %-18s %s\n", "   VM and hand-written C disagree on", agree " measures", "0", verdict(agree == 0)
    printf "%-58s %-22s %-18s %s\n", "   VM + decision JSON (decision.c), per applicant", sprintf("%.0f ns = %.2fM/s", json, 1000 / json), "", ""
    printf "%-58s %-22s %-18s %s\n", "4. batch --jobs 1", sprintf("%.0f/s, %.0f MB/s", r1, bytes / j1 / 1e6), "", ""
    printf "%-58s %-22s %-18s %s\n", "   batch --jobs 2", sprintf("%.0f/s, %.0f MB/s", r2, bytes / j2 / 1e6), "", ""
    printf "%-58s %-22s %-18s %s\n", "   CPUs --jobs 2 got in its best run", p2, "", ""
    printf "%-58s %-22s %-18s %s\n", "   --jobs 2 / --jobs 1", sprintf("%.2fx", j1 / j2), ">= 1.8x", verdict(j1 / j2 >= 1.8)
    printf "%-58s %-22s %-18s %s\n", "5. jq -c .", sprintf("%.0f/s, %.0f MB/s", rq, bytes / jq / 1e6), "", ""
    printf "%-58s %-22s %-18s %s\n", "   batch --jobs 1 / jq", sprintf("%.1fx", jq / j1), ">= 20x", verdict(jq / j1 >= 20)
    printf "%-58s %-22s %-18s %s\n", "   batch --jobs 2 / jq", sprintf("%.1fx", jq / j2), "", ""
    printf "%-58s %-22s %-18s %s\n", "   batch --jobs 1 / jq in CPU seconds (user + system)", (j1cpu > 0 ? sprintf("%.1fx (%.2f / %.2f s)", jqcpu / j1cpu, j1cpu, jqcpu) : "too short to tell"), "", ""
    printf "%-58s %-22s %-18s %s\n", "6. peak RSS, --jobs 1: 100k / " count " applicants", sprintf("%.1f / %.1f MB", m100k / 1024, m1m / 1024), "<= 64 MB, equal", verdict(m1m <= 65536 && m1m < m100k * 1.1 + 1024)
    printf "%-58s %-22s %-18s %s\n", "   peak RSS, --jobs 2: 100k / " count " applicants", sprintf("%.1f / %.1f MB", m100k2 / 1024, m1m2 / 1024), "<= 64 MB, equal", verdict(m1m2 <= 65536 && m1m2 < m100k2 * 1.1 + 1024)
    if (dj > 0) {
        rd = count / dj
        printf "%-58s %-22s %-18s %s\n", "7. Dask recipe, 2 worker processes, " dp " partitions, gathered", sprintf("%.0f/s, %.0f MB/s", rd, bytes / dj / 1e6), "", ""
        printf "%-58s %-22s %-18s %s\n", "   Dask / batch --jobs 2, Dask / batch --jobs 1", sprintf("%.2fx, %.2fx", j2 / dj, j1 / dj), "", ""
        printf "%-58s %-22s %-18s %s\n", "   Dask: last task done / job; cluster start (not in job)", sprintf("%.2f / %.2f s; %.2f s", dl, dj, ds), "", ""
        split(dcpu, c, " ")
        printf "%-58s %-22s %-18s %s\n", "   CPU s: Dask polrun + workers + client = all; batch -j1", sprintf("%.1f+%.1f+%.1f=%.1f; %.1f", c[1], c[2], c[3], c[1] + c[2] + c[3], j1cpu), "", ""
    } else
        printf "%-58s %-22s %-18s %s\n", "7. Dask recipe (docs/scale-out.md)", "skipped: no python3-distributed", "", ""
    printf "%-58s %-22s %-18s %s\n", "8. diff against its amendment, --jobs 1 (both decided)", sprintf("%.0f/s, %.2fx batch time", count / df, df / j1), "", ""
}'
echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (another process on the machine slows every run it overlaps)"

# the language server: diagnostics after a change (docs/performance.md)
echo
python3 bench/lsp-latency.py "$P" 200

# the decision service: decide with wrk at 1, 16 and 64 connections,
# batch in MB/s, swaps under load (docs/performance.md, "The service")
python3 bench/serve-bench.py "$P" "$POL" "$T/all.ndjson" "${SERVE_BENCH_SECONDS:-10}"
