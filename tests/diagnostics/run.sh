#!/bin/sh
# Golden diagnostics: what polrun tells a drafter about a broken policy, in
# English and in Chinese.
#
#   tests/diagnostics/run.sh [--update] POLRUN
#
# Every case runs twice from the repository root, with --lang en and with
# --lang zh; standard error is compared with NAME.stderr (English) and
# NAME.zh.stderr (Chinese), the exit status with NAME.exit (the same in
# both languages), diff -u on a mismatch. The cases:
#
#   NAME.pol           POLRUN --lang L check tests/diagnostics/NAME.pol
#   runtime/NAME.pol   POLRUN --lang L run tests/diagnostics/runtime/NAME.pol
#                          --facts tests/diagnostics/runtime/NAME.json --date 2025-06-30
#   facts/NAME.json    POLRUN --lang L run tests/diagnostics/facts/policy.pol
#                          --facts tests/diagnostics/facts/NAME.json
#                      (bad facts: policy.pol declares a member of every kind)
#   cases/NAME.case    POLRUN --lang L test tests/diagnostics/facts/policy.pol
#                          tests/diagnostics/cases/NAME.case
#                      (case files; their FAIL lines on standard output are
#                      not compared here, see test-fail-lines.args)
#   NAME.args          a shell script, for what a .pol file cannot show (a
#                      missing file, an oversized one, hundreds of imports):
#                      sourced with the function `polrun` (POLRUN --lang L)
#                      and $TMP, an empty scratch directory; $TMP in its
#                      standard error is written as `$TMP`, and the digest
#                      of a compiled policy (`sha256:` and 64 hex digits,
#                      which every change of a policy changes) as
#                      `sha256:…`.
#
# Then, without --update:
#   - every code of src/diagnostics.h must appear (as `[E0301]`) in at least
#     one English and one Chinese golden file, or the run fails naming it;
#   - `LANG=zh_CN.UTF-8` (and LC_MESSAGES, LC_ALL over LANG) choose the
#     language as --lang does;
#   - tools/diagnostics.py checks the registry (the formats of the two
#     languages agree, codes.lock) and that docs/errors.md documents every
#     code with messages these golden files print.
# Prints "diagnostics: N passed, N failed" and exits 1 if anything failed.
#
# --update rewrites NAME.stderr, NAME.zh.stderr and NAME.exit from the
# actual output instead of comparing: read every rewritten file before
# committing it.
#
# Only *.pol and *.args directly in tests/diagnostics and
# tests/diagnostics/runtime, *.json in tests/diagnostics/facts and *.case in
# tests/diagnostics/cases are cases; files in other subdirectories
# (include/) are imported by cases.

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

# The language comes from --lang alone, whatever the caller's locale.
unset LC_ALL LC_MESSAGES
LANG=C
export LANG

# one BASE LANG COMMAND...: runs one case in one language and compares or
# updates BASE.stderr (en) or BASE.zh.stderr (zh), and BASE.exit.
one() {
    base=$1
    lang=$2
    shift 2
    golden=$base.stderr
    [ "$lang" = en ] || golden=$base.$lang.stderr
    "$@" >/dev/null 2>"$tmp/raw-stderr"
    echo $? >"$tmp/exit"
    # the standard library is where the program is (E0702 names it): the
    # same golden for every checkout and build folder
    sed "s|$root/[^/\`]*/\.\./stdlib/|\$STDLIB/|g" "$tmp/raw-stderr" >"$tmp/stderr"
    if [ "$update" -eq 1 ]; then
        if ! cmp -s "$tmp/stderr" "$golden" || ! cmp -s "$tmp/exit" "$base.exit"; then
            cp "$tmp/stderr" "$golden" && cp "$tmp/exit" "$base.exit" || exit 2
            echo "updated $golden"
            updated=$((updated + 1))
        fi
        passed=$((passed + 1))
        return
    fi
    ok=1
    for file in "$golden" "$base.exit"; do
        case $file in *.exit) kind=exit ;; *) kind=stderr ;; esac
        if [ ! -f "$file" ]; then
            echo "FAIL $base ($lang): $file is missing (run with --update, then read it)"
            ok=0
        elif ! cmp -s "$file" "$tmp/$kind"; then
            [ "$ok" -eq 0 ] || echo "FAIL $base ($lang)"
            diff -u "$file" "$tmp/$kind" | sed "1,2s|$tmp/$kind|actual $kind|"
            ok=0
        fi
    done
    if [ "$ok" -eq 1 ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
    fi
}

# args_case FILE LANG: runs a NAME.args script (see above).
args_case() {
    rm -rf "$tmp/scratch" && mkdir "$tmp/scratch" || exit 2
    (
        TMP=$tmp/scratch
        lang=$2
        polrun() { "$polrun_bin" --lang "$lang" "$@"; }
        . "./$1"
    ) 2>"$tmp/args-stderr"
    status=$?
    sed -e "s|$tmp/scratch|\$TMP|g" -e 's/sha256:[0-9a-f]\{64\}/sha256:…/g' "$tmp/args-stderr" >&2
    return $status
}
polrun_bin=$polrun

for lang in en zh; do
    for pol in "$dir"/*.pol; do
        [ -f "$pol" ] || continue
        one "${pol%.pol}" "$lang" "$polrun" --lang "$lang" check "$pol"
    done
    for args in "$dir"/*.args; do
        [ -f "$args" ] || continue
        one "${args%.args}" "$lang" args_case "$args" "$lang"
    done
    for pol in "$dir"/runtime/*.pol; do
        [ -f "$pol" ] || continue
        base=${pol%.pol}
        if [ ! -f "$base.json" ]; then
            echo "FAIL $pol: its facts $base.json are missing"
            failed=$((failed + 1))
            continue
        fi
        one "$base" "$lang" "$polrun" --lang "$lang" run "$pol" --facts "$base.json" --date 2025-06-30
    done
    for json in "$dir"/facts/*.json; do
        [ -f "$json" ] || continue
        one "${json%.json}" "$lang" "$polrun" --lang "$lang" run "$dir/facts/policy.pol" --facts "$json"
    done
    for case in "$dir"/cases/*.case; do
        [ -f "$case" ] || continue
        one "${case%.case}" "$lang" "$polrun" --lang "$lang" test "$dir/facts/policy.pol" "$case"
    done
done

if [ "$update" -eq 1 ]; then
    echo "diagnostics: $updated golden files rewritten"
    echo "diagnostics: $passed passed, $failed failed"
    exit 0
fi

# check NAME COMMAND...: one more pass or fail.
check() {
    name=$1
    shift
    if "$@"; then
        passed=$((passed + 1))
    else
        echo "FAIL $name"
        failed=$((failed + 1))
    fi
}

# Every registered code has a golden file in each language.
codes=$(sed -n 's/^DIAG(\(E[0-9][0-9][0-9][0-9]\),.*/\1/p' src/diagnostics.h)
[ -n "$codes" ] || { echo "FAIL no codes found in src/diagnostics.h"; failed=$((failed + 1)); }
ls "$dir"/*.stderr "$dir"/*/*.stderr 2>/dev/null | grep -v '\.zh\.stderr$' >"$tmp/en-files"
ls "$dir"/*.zh.stderr "$dir"/*/*.zh.stderr 2>/dev/null >"$tmp/zh-files"
missing=
for code in $codes; do
    for lang in en zh; do
        if ! xargs grep -l -F "[$code]" <"$tmp/$lang-files" >/dev/null 2>&1; then
            missing="$missing $code($lang)"
        fi
    done
done
if [ -n "$missing" ]; then
    echo "FAIL codes without a golden test:$missing"
    echo "     (add tests/diagnostics/NAME.pol showing each, then run with --update)"
    failed=$((failed + 1))
else
    passed=$((passed + 1))
fi

# The locale chooses the language when --lang is not given.
sample=$dir/several-errors
locale_case() {   # locale_case GOLDEN VAR=VALUE...
    golden=$1
    shift
    env -u LC_ALL -u LC_MESSAGES -u LANG "$@" "$polrun" check "$sample.pol" 2>"$tmp/stderr" >/dev/null
    cmp -s "$golden" "$tmp/stderr" || { diff -u "$golden" "$tmp/stderr" | head -5; return 1; }
}
check "LANG=zh_CN.UTF-8 gives Chinese" locale_case "$sample.zh.stderr" LANG=zh_CN.UTF-8
check "LC_MESSAGES=zh_TW.UTF-8 over LANG=en_US.UTF-8 gives Chinese" locale_case "$sample.zh.stderr" LANG=en_US.UTF-8 LC_MESSAGES=zh_TW.UTF-8
check "LC_ALL=C over LANG=zh_CN.UTF-8 gives English" locale_case "$sample.stderr" LANG=zh_CN.UTF-8 LC_ALL=C
check "no locale gives English" locale_case "$sample.stderr"
lang_over_locale() {
    LANG=zh_CN.UTF-8 "$polrun" --lang en check "$sample.pol" 2>"$tmp/stderr" >/dev/null
    cmp -s "$sample.stderr" "$tmp/stderr"
}
check "--lang en over LANG=zh_CN.UTF-8" lang_over_locale

# The registry and its documentation.
if command -v python3 >/dev/null 2>&1; then
    check "tools/diagnostics.py check" python3 tools/diagnostics.py check
    check "docs/errors.md documents every code (tools/diagnostics.py doc --check)" python3 tools/diagnostics.py doc --check
else
    echo "SKIP tools/diagnostics.py: python3 not found"
fi

echo "diagnostics: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
