#!/bin/sh
# Refreshes the committed seeds from the corpora that `make fuzz` grew:
#   tests/fuzz/minimize.sh HARNESS...      (after make fuzz)
# For each harness, tests/fuzz/seeds/<harness>/ becomes the smallest set of
# inputs of build-fuzz/corpus/<harness> (up to 4 KiB each; 16 KiB for
# polc, whose inputs are whole compiled policies) that still
# reaches every edge the corpus reaches (libFuzzer -merge=1 on edges only,
# -use_counters=0: hit counts would keep thousands of inputs). The seeds
# are replayed by make test (tests/fuzz/regress.sh) and start the next
# make fuzz (seeds.sh). Files are named by their SHA-1, as libFuzzer does.
set -eu
B=build-fuzz
here=$(dirname "$0")
for h in "$@"; do
    [ -x "$B/fuzz/fuzz-$h" ] || { echo "minimize: $B/fuzz/fuzz-$h is not built (make fuzz)" >&2; exit 2; }
    [ -d "$B/corpus/$h" ] || { echo "minimize: no corpus $B/corpus/$h" >&2; exit 2; }
    new=$(mktemp -d)
    len=4096
    [ "$h" = polc ] && len=16384
    ASAN_OPTIONS=detect_leaks=0 "$B/fuzz/fuzz-$h" -merge=1 -use_counters=0 -max_len=$len \
        "$new" "$B/corpus/$h" > "$B/logs/minimize-$h.log" 2>&1
    rm -rf "$here/seeds/$h"
    mkdir -p "$here/seeds/$h"
    cp "$new"/* "$here/seeds/$h/"
    rm -rf "$new"
    echo "seeds $h: $(ls "$here/seeds/$h" | wc -l) files, $(cat "$here/seeds/$h"/* | wc -c) bytes" \
         "($(grep -o 'MERGE-OUTER: [0-9]* new files.*' "$B/logs/minimize-$h.log"))"
done
