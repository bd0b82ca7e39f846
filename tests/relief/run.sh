#!/bin/sh
# The relief policy (tests/relief/relief.pol): a real progressive-bracket
# relief, exact arithmetic rounded once, scales and the explanations of
# what decided each amount.
#
#   tests/relief/run.sh [--update] POLRUN
#
# 1. `polrun test` replays every case of tests/relief/cases (hand-computed
#    from the announcements' worked examples and their formulas).
# 2. The explanations of three cases are compared with the goldens of
#    tests/relief/explain: NAME.json (--explain, the JSON words are fixed),
#    NAME.en.txt and NAME.zh.txt (--explain=text --lang en|zh): the branch
#    of an `if` that decided a value, the bracket of the scale applied, the
#    item of each rounding in a sum. The digest is written sha256:….
#    --update rewrites the goldens from the output: read the diff.
# Prints "relief: N passed, N failed"; exit 1 if anything failed.
update=0
polrun=
for arg in "$@"; do
    case $arg in
    --update) update=1 ;;
    *) polrun=$arg ;;
    esac
done
[ -n "$polrun" ] || { echo "usage: $0 [--update] POLRUN" >&2; exit 2; }
here=$(dirname "$0")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0

if "$polrun" test "$here/relief.pol" "$here"/cases/*.case > "$T/out" 2>&1; then
    pass=$((pass + 1))
else
    fail=$((fail + 1))
    echo "FAIL: polrun test tests/relief/relief.pol tests/relief/cases/*.case"
    sed 's/^/    /' "$T/out"
fi

# the facts of a case file: the lines between `facts:` and `expect`
facts_of() {
    awk '/^facts:/{f=1;next}/^expect/{f=0}f' "$1"
}

golden() {   # golden NAME FILE COMMAND...
    name=$1 file=$2
    shift 2
    "$@" 2>&1 | sed 's/sha256:[0-9a-f]\{64\}/sha256:…/' > "$T/got"
    if [ "$update" -eq 1 ]; then
        cp "$T/got" "$here/explain/$file"
        pass=$((pass + 1))
    elif cmp -s "$T/got" "$here/explain/$file"; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL: $name: differs from tests/relief/explain/$file"
        diff -u "$here/explain/$file" "$T/got" | head -30 | sed 's/^/    /'
    fi
}

for c in 02-wu-worked-example 05-rounded-once-proportion 08-a-loss-year-and-local-taxes; do
    facts_of "$here/cases/$c.case" > "$T/$c.json"
    golden "$c --explain" "$c.json" "$polrun" run "$here/relief.pol" --facts "$T/$c.json" --explain
    for lang in en zh; do
        golden "$c --explain=text --lang $lang" "$c.$lang.txt" \
            "$polrun" run "$here/relief.pol" --facts "$T/$c.json" --explain=text --lang "$lang"
    done
done

echo "relief: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
