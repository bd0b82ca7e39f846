#!/bin/sh
# make demo: evaluate the bundled example applicants with the Changsha
# policy and print each decision with its explanation.
POLRUN=${1:-build/polrun}
POLICY=policies/changsha-srdi-2025.pol
set -e
"$POLRUN" check "$POLICY"
for f in examples/*.json; do
    echo
    echo "=================================================================="
    echo "== $f"
    echo "=================================================================="
    "$POLRUN" run "$POLICY" --facts "$f" --explain=text
done
echo
echo "== the same applicants as one batch (NDJSON in, NDJSON out)"
for f in examples/*.json; do tr -d '\n' < "$f"; echo; done | "$POLRUN" batch "$POLICY"
