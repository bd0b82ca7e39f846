#!/bin/sh
# The fuzzing harnesses without libFuzzer, in `make test`: each replays its
# regression inputs (regress/<harness>/: every input that once crashed or
# broke a property) and its minimized seeds (seeds/<harness>/).
#   tests/fuzz/regress.sh DIR     (DIR/replay-<harness>, e.g. build/fuzz;
#                                  REPLAY=oom: DIR/oom-<harness>, build-shim)
# A harness with neither folder, or with folders that hold nothing, fails:
# a replay of nothing proves nothing.
# Ends with "fuzz regressions: N passed, N failed".
D=${1:-build/fuzz}
here=$(dirname "$0")
pass=0
fail=0
for h in policy program facts polc batch csv; do
    dirs=""
    for d in "$here/regress/$h" "$here/seeds/$h"; do
        [ -d "$d" ] && dirs="$dirs $d"
    done
    if [ -z "$dirs" ]; then
        fail=$((fail + 1))
        echo "FAIL: $h: no $here/regress/$h or $here/seeds/$h to replay"
        continue
    fi
    # shellcheck disable=SC2086
    if out=$("$D/${REPLAY:-replay}-$h" $dirs 2>&1); then
        pass=$((pass + 1))
        echo "$h: $out"
    else
        fail=$((fail + 1))
        echo "FAIL: $h:"
        echo "$out" | tail -30 | sed 's/^/    /'
    fi
done
echo "fuzz regressions: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
