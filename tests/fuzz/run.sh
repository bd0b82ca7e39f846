#!/bin/sh
# `make fuzz`: builds the libFuzzer harnesses and runs each for SECONDS.
#   tests/fuzz/run.sh SECONDS HARNESS...
# Two harnesses run at a time (the machine has two cores), one worker each.
# Build: build-fuzz/ with clang, -fsanitize=fuzzer,address,undefined, and
# the collector replaced by gc_shim.c. Corpora: build-fuzz/corpus/<h>,
# started from the repository (seeds.sh) and kept between runs (not in
# git). Crashes: build-fuzz/crashes/<h>/. Logs: build-fuzz/logs/<h>.log.
# Environment: FUZZ_CC (default clang), FUZZ_ARGS (more libFuzzer options),
# FUZZ_PARALLEL (default 2).
# Ends with one line per harness: executions, coverage (cov), features
# (ft), corpus size and crashes; exit 1 when a harness found a crash.
set -eu
secs=$1
shift
B=build-fuzz
CC=${FUZZ_CC:-clang}
par=${FUZZ_PARALLEL:-2}
here=tests/fuzz
FLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -fsanitize=fuzzer-no-link"
# The generated scanner and parser without libFuzzer's comparison tracing
# (trace-cmp): their comparisons are of states and table entries, never of
# the input's bytes, so what libFuzzer learns from them (values to insert)
# is nothing, and they ran for every byte: a fifth of the time of
# `policy` and `program`. Their edges stay instrumented; the comparisons
# of the hand-written scanner (src/scan.c) and of the actions' helpers
# stay traced, and string comparisons reach libFuzzer through the
# sanitizers' interceptors of strcmp and memcmp whatever the flags.
GEN="-fno-sanitize-coverage=trace-cmp"
targets=""
for h in "$@"; do targets="$targets $B/fuzz/fuzz-$h"; done
# objects built with other flags are built again
mkdir -p $B
if [ "$(cat $B/flags 2>/dev/null)" != "$CC $FLAGS $GEN" ]; then
    rm -rf $B/obj $B/libpolrun.a $B/fuzz
    echo "$CC $FLAGS $GEN" > $B/flags
fi
# -Wno-error: clang warns about things gcc does not; gcc's build is the strict one
make -s BUILD=$B CC="$CC" OPT="$FLAGS" GEN_EXTRA="$GEN" CFLAGS="-include $here/gc_shim.h -Wno-error" $targets
mkdir -p $B/logs
sh $here/seeds.sh build/polrun $B/corpus

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

# libFuzzer's own options are its defaults, chosen against what each
# costs (profiles of `policy`, `program` and `batch` fuzzing from their
# seeds, docs/robustness.md "What an input costs"):
# - the entropic schedule (-entropic=1) picks the inputs that reach rare
#   features; it is libFuzzer's default since it did at least as well as the
#   older schedule on ClusterFuzz and a little better on FuzzBench. Its
#   frequency updates cost 10 to 25% of the time while the features are
#   still rare (a short run from the seeds), less once most are common.
#   Turned off it gained nothing: `batch` ran 1,221 and 1,331 executions
#   a CPU second against 1,526 and 1,618 with it (the older schedule kept
#   larger inputs), `program` 596 against 541, one run each. It stays.
# - hit counters (-use_counters=1): a loop run 1, 2, 3, 4-7, ... times is
#   a feature of its own (ft is four to five times cov), which is how the
#   harnesses reach many records, deep nesting and long lists; without
#   them `policy` kept a quarter of its features and 58% of its corpus
#   in the same time, for no more executions. Kept.
# - -reduce_inputs=1 and -len_control=100 cost little (no measurable
#   difference) and keep inputs short, which keeps them fast. Kept.
# - value profiles (-use_value_profile) stay off: they would add a feature
#   for every distance of every traced comparison, more bookkeeping for
#   each input where the time already goes.
run_one() {
    h=$1
    case $h in
        policy|program) dict=pol.dict; len=16384 ;;
        polc) dict=; len=65536 ;;
        facts) dict=json.dict; len=16384 ;;
        batch) dict=json.dict; len=65536 ;;
        csv) dict=csv.dict; len=4096 ;;
    esac
    mkdir -p $B/crashes/$h
    # shellcheck disable=SC2086
    $B/fuzz/fuzz-$h $B/corpus/$h ${dict:+-dict=$here/$dict} -max_len=$len -timeout=20 -rss_limit_mb=2560 \
        -max_total_time="$secs" -print_final_stats=1 -artifact_prefix=$B/crashes/$h/ ${FUZZ_ARGS:-} \
        > $B/logs/$h.log 2>&1 || true
}

running=0
for h in "$@"; do
    run_one "$h" &
    running=$((running + 1))
    if [ "$running" -ge "$par" ]; then
        wait
        running=0
    fi
done
wait

status=0
for h in "$@"; do
    log=$B/logs/$h.log
    execs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || echo '?')
    last=$(grep -E '^#[0-9]+' "$log" | tail -1)
    cov=$(echo "$last" | grep -o 'cov: [0-9]*' | grep -o '[0-9]*' || echo '?')
    ft=$(echo "$last" | grep -o 'ft: [0-9]*' | grep -o '[0-9]*' || echo '?')
    corp=$(ls $B/corpus/$h | wc -l)
    crashes=$(ls $B/crashes/$h | wc -l)
    echo "fuzz $h: ${execs:-?} executions in ${secs}s, cov ${cov:-?}, ft ${ft:-?}, corpus $corp, crashes $crashes"
    if grep -q 'ERROR: libFuzzer\|SUMMARY: \|property violated\|runtime error' "$log"; then
        status=1
        grep -m3 'ERROR:\|SUMMARY:\|property violated\|Test unit written' "$log" | sed 's/^/    /'
    fi
done
exit $status
