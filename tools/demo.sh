#!/bin/sh
# make demo: evaluate the bundled example applicants with both policies —
# the Changsha SRDI measures (examples/*.json) and the unemployment-insurance
# job-stability measures of 2022–2025 (examples/ui-job-stability/) — and
# print each decision with its explanation, then each register as a batch.
POLRUN=${1:-build/polrun}
set -e

demo() {   # POLICY FILE...
    policy=$1
    shift
    "$POLRUN" check "$policy"
    for f in "$@"; do
        echo
        echo "=================================================================="
        echo "== $f"
        echo "=================================================================="
        "$POLRUN" run "$policy" --facts "$f" --explain=text
    done
}

demo policies/changsha-srdi-2025.pol examples/*.json
echo
echo "== the same applicants as one batch (NDJSON in, NDJSON out)"
for f in examples/*.json; do tr -d '\n' < "$f"; echo; done | "$POLRUN" batch policies/changsha-srdi-2025.pol

echo
demo policies/ui-job-stability.pol examples/ui-job-stability/*.json
echo
echo "== a register of applications from 2021 to 2025, each decided under the notice of its applied_on"
"$POLRUN" batch policies/ui-job-stability.pol < examples/ui-job-stability/register.ndjson
