#!/bin/sh
# Golden diagnostics: what polrun tells a drafter about a broken policy.
#
#   tests/diagnostics/run.sh [--update] POLRUN
#
# For every tests/diagnostics/NAME.pol, runs (from the repository root)
#     POLRUN check tests/diagnostics/NAME.pol
# and for every tests/diagnostics/runtime/NAME.pol, with its facts NAME.json,
#     POLRUN run tests/diagnostics/runtime/NAME.pol --facts tests/diagnostics/runtime/NAME.json --date 2025-06-30
# then compares standard error with NAME.stderr and the exit status with
# NAME.exit (diff -u on a mismatch). Prints "diagnostics: N passed, N failed"
# and exits 1 if any case failed.
#
# --update rewrites NAME.stderr and NAME.exit from the actual output instead
# of comparing: read every rewritten file before committing it.
#
# Only *.pol directly in tests/diagnostics and tests/diagnostics/runtime are
# cases; files in other subdirectories (include/) are imported by cases.

usage() {
    echo "usage: $0 [--update] POLRUN" >&2
    exit 2
}

update=0
polrun=
for arg in "$@"; do
    case $arg in
    --update) update=1 ;;
    -*) usage ;;
    *) [ -z "$polrun" ] || usage; polrun=$arg ;;
    esac
done
[ -n "$polrun" ] || usage

# POLRUN may be relative to the caller's directory; the cases run from the
# repository root. A bare name is looked up in PATH as usual.
case $polrun in
/*) ;;
*/*) polrun=$(pwd)/$polrun ;;
esac

here=$(cd "$(dirname "$0")" && pwd) || exit 2
root=$(cd "$here/../.." && pwd) || exit 2
cd "$root" || exit 2
dir=tests/diagnostics

tmp=$(mktemp -d 2>/dev/null) || { tmp=${TMPDIR:-/tmp}/polrun-diagnostics.$$; mkdir "$tmp" || exit 2; }
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' HUP INT TERM

passed=0
failed=0
updated=0

# one CASE_PATH_WITHOUT_EXTENSION COMMAND...: runs one case and compares or updates it.
one() {
    base=$1
    shift
    "$@" >/dev/null 2>"$tmp/stderr"
    echo $? >"$tmp/exit"
    if [ "$update" -eq 1 ]; then
        if ! cmp -s "$tmp/stderr" "$base.stderr" || ! cmp -s "$tmp/exit" "$base.exit"; then
            cp "$tmp/stderr" "$base.stderr" && cp "$tmp/exit" "$base.exit" || exit 2
            echo "updated $base"
            updated=$((updated + 1))
        fi
        passed=$((passed + 1))
        return
    fi
    ok=1
    for kind in stderr exit; do
        if [ ! -f "$base.$kind" ]; then
            echo "FAIL $base.pol: $base.$kind is missing (run with --update, then read it)"
            ok=0
        elif ! cmp -s "$base.$kind" "$tmp/$kind"; then
            [ "$ok" -eq 0 ] || echo "FAIL $base.pol"
            diff -u "$base.$kind" "$tmp/$kind" | sed "1,2s|$tmp/$kind|actual $kind|"
            ok=0
        fi
    done
    if [ "$ok" -eq 1 ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
    fi
}

for pol in "$dir"/*.pol; do
    [ -f "$pol" ] || continue
    base=${pol%.pol}
    one "$base" "$polrun" check "$pol"
done

for pol in "$dir"/runtime/*.pol; do
    [ -f "$pol" ] || continue
    base=${pol%.pol}
    if [ ! -f "$base.json" ]; then
        echo "FAIL $pol: its facts $base.json are missing"
        failed=$((failed + 1))
        continue
    fi
    one "$base" "$polrun" run "$pol" --facts "$base.json" --date 2025-06-30
done

[ "$update" -eq 0 ] || echo "diagnostics: $updated golden file pairs rewritten"
echo "diagnostics: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
