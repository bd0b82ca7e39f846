#!/usr/bin/env bash
# Differential test of polrun against the independent oracle.
#
#   tests/oracle/crosscheck.sh POLRUN POLICY [COUNT] [SEED]
#
# Generates COUNT (default 100000) random applicants with gen_facts.py from
# SEED (default 1), answers them with `POLRUN batch POLICY` and with
# oracle.py, and compares the two outputs line by line (compare.py).  Ends
# with `crosscheck: A agreed, D disagreed`; exit 0 when all agree, the line
# counts match and polrun's exit status is right (3 when any line had bad
# facts, else 0); exit 1 otherwise; exit 2 on a usage or tool error.
#
# Environment (optional):
#   CROSSCHECK_INVALID_RATE  fraction of bad-facts lines (default 0.1)
#   CROSSCHECK_DATE          YYYY-MM-DD given as --date to both sides
#   CROSSCHECK_SHOW          how many mismatches to print (default 5)
#   CROSSCHECK_KEEP          a directory: keep the input and outputs there
set -u

if [ $# -lt 2 ] || [ $# -gt 4 ]; then
    echo "usage: $0 POLRUN POLICY [COUNT] [SEED]" >&2
    exit 2
fi
POLRUN=$1
POLICY=$2
COUNT=${3:-100000}
SEED=${4:-1}
RATE=${CROSSCHECK_INVALID_RATE:-0.1}
SHOW=${CROSSCHECK_SHOW:-5}
HERE=$(cd "$(dirname "$0")" && pwd)

DATE_ARGS=()
if [ -n "${CROSSCHECK_DATE:-}" ]; then
    DATE_ARGS=(--date "$CROSSCHECK_DATE")
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/crosscheck.XXXXXX") || exit 2
cleanup() { rm -rf "$TMP"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

if ! python3 "$HERE/gen_facts.py" "$SEED" "$COUNT" --invalid-rate "$RATE" \
        > "$TMP/in.ndjson"; then
    echo "crosscheck: gen_facts.py failed" >&2
    exit 2
fi

"$POLRUN" batch "$POLICY" "${DATE_ARGS[@]}" < "$TMP/in.ndjson" \
    > "$TMP/polrun.ndjson" 2> "$TMP/polrun.stderr"
POLRUN_STATUS=$?

python3 "$HERE/oracle.py" "${DATE_ARGS[@]}" < "$TMP/in.ndjson" \
    > "$TMP/oracle.ndjson"
ORACLE_STATUS=$?
if [ "$ORACLE_STATUS" -ne 0 ] && [ "$ORACLE_STATUS" -ne 3 ]; then
    echo "crosscheck: oracle.py failed with status $ORACLE_STATUS" >&2
    exit 2
fi

if [ "$POLRUN_STATUS" -ne 0 ] && [ "$POLRUN_STATUS" -ne 3 ]; then
    echo "crosscheck: polrun exited with status $POLRUN_STATUS; its stderr ends:"
    tail -n 20 "$TMP/polrun.stderr"
fi

python3 "$HERE/compare.py" "$TMP/in.ndjson" "$TMP/polrun.ndjson" \
    "$TMP/oracle.ndjson" --polrun-status "$POLRUN_STATUS" --show "$SHOW" \
    --contract changsha
RESULT=$?

if [ -n "${CROSSCHECK_KEEP:-}" ]; then
    mkdir -p "$CROSSCHECK_KEEP" &&
        cp "$TMP/in.ndjson" "$TMP/polrun.ndjson" "$TMP/polrun.stderr" \
           "$TMP/oracle.ndjson" "$CROSSCHECK_KEEP/"
fi
exit "$RESULT"
