#!/bin/sh
# polrun in the locales its users have: run by tests/run.sh (`make test`,
# suite `locales`) and by `make test-locales` (--full).
#   tests/locales/run.sh POLRUN                  a representative subset
#   tests/locales/run.sh --full POLRUN UNIT      the locale-sensitive suites
#
# Four settings of LANG and LC_ALL: C, C.UTF-8, tr_TR.UTF-8 (a Turkish
# locale: `I` is not the capital of `i` there) and zh_CN.UTF-8 left
# uninstalled (a locale name the machine does not have: the C library
# falls back to C, yet polrun still speaks Chinese, as it reads the name).
# tr_TR.UTF-8 is made by tools/deps.sh (localedef); without it that locale
# is skipped with a notice and the suite passes in part (exit 77). When
# zh_CN.UTF-8 is installed it is tested as an installed locale, with a
# notice.
#
# The subset, in each locale, against what polrun does in C.UTF-8:
# - the language of the messages: English, but Chinese for zh_CN, without
#   --lang; --lang en and --lang zh whatever the locale (a golden of
#   tests/diagnostics); `--explain=text` of the Changsha policy;
# - fmt: the Changsha policy converted to Chinese keywords and back,
#   `fmt --check` of every policy;
# - keywords: the Chinese Changsha policy decides the examples' register
#   byte-identically;
# - editors: Vim and Emacs on the samples, the Chinese one included
#   (tests/editors/run.sh with EDITORS_PARTS="vim emacs").
# --full runs every suite that reads or writes text in a language instead
# (LOCALE_SUITES), once per locale, and counts the runs that failed.
full=false
if [ "${1:-}" = --full ]; then full=true; shift; fi
P=${1:-build/polrun}
UNIT=${2:-build/unit_tests}
case $P in /*) ;; *) P=$(pwd)/$P ;; esac
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$here/../lib.sh"
skip=0

# Whether the C library has locale $1 (locale -a writes utf8 for UTF-8).
installed() {
    want=$(printf '%s' "$1" | sed 's/\.UTF-8$/.utf8/')
    locale -a 2>/dev/null | grep -qx "$want"
}

locales=""
for l in C C.UTF-8 tr_TR.UTF-8 zh_CN.UTF-8; do
    case $l in
    tr_TR.UTF-8)
        if ! installed "$l"; then
            echo "locales: $l is not installed (tools/deps.sh makes it with localedef): skipped"
            skip=$((skip + 1))
            continue
        fi ;;
    zh_CN.UTF-8)
        if installed "$l"; then
            echo "locales: $l is installed here: tested as an installed locale, not as a missing one"
        fi ;;
    esac
    locales="$locales $l"
done

# in_locale L COMMAND...: COMMAND with LANG and LC_ALL set to L and nothing
# else of the locale set (bash and others may warn that L is missing: that
# goes to their standard error, which the checks below do not compare).
in_locale() {
    loc=$1; shift
    env -u LC_MESSAGES -u LC_CTYPE -u LANGUAGE LANG="$loc" LC_ALL="$loc" "$@"
}

if $full; then
    suites=${LOCALE_SUITES:-"unit diagnostics relief amendment ui-explain cli batch diff fmt keywords docs editors lsp doc serve"}
    for l in $locales; do
        echo "== locale $l: $suites"
        if in_locale "$l" env SUITES="$suites" sh "$root/tests/run.sh" "$P" "$UNIT" >"$T/run" 2>&1; then
            ok
        else
            bad "make test in $l:"; grep -v 'setlocale: LC_ALL: cannot change locale' "$T/run" | grep -E 'FAIL|FAILED|^suites:' | sed 's/^/    /'
        fi
        tail -1 "$T/run"
    done
    echo "locales (full):$locales: $pass passed, $fail failed, $skip skipped"
    [ "$fail" -eq 0 ] || exit 1
    [ "$skip" -eq 0 ] || exit 77
    exit 0
fi

cd "$root" || exit 1
typo=tests/diagnostics/amount-in-typo
changsha=policies/changsha-srdi-2025.pol
mkdir "$T/base"

# What polrun does in C.UTF-8.
"$P" fmt --keywords zh "$changsha" >"$T/base/zh.pol" 2>"$T/err" || { bad "fmt --keywords zh in C.UTF-8"; show "$T/err"; }
cp -R policies/changsha-srdi-2025 "$T/base/"   # the facts it imports
"$P" batch "$T/base/zh.pol" <examples/register.ndjson >"$T/base/batch" 2>&1
for lang in en zh; do
    "$P" --lang "$lang" run --explain=text "$changsha" examples/candidate.json >"$T/base/explain.$lang" 2>&1
done

for l in $locales; do
    d=$T/$l
    mkdir "$d"
    case $l in zh*) own=zh; want=$typo.zh.stderr ;; *) own=en; want=$typo.stderr ;; esac
    # the language of the messages
    in_locale "$l" "$P" check "$typo.pol" >/dev/null 2>"$d/err"
    same "$d/err" "$want" "$l: the messages of polrun check without --lang ($own)"
    in_locale "$l" "$P" --lang en check "$typo.pol" >/dev/null 2>"$d/err"
    same "$d/err" "$typo.stderr" "$l: polrun --lang en check"
    in_locale "$l" "$P" --lang zh check "$typo.pol" >/dev/null 2>"$d/err"
    same "$d/err" "$typo.zh.stderr" "$l: polrun --lang zh check"
    in_locale "$l" "$P" run --explain=text "$changsha" examples/candidate.json >"$d/explain" 2>&1
    same "$d/explain" "$T/base/explain.$own" "$l: run --explain=text ($own)"
    # fmt and the keywords
    in_locale "$l" "$P" fmt --keywords zh "$changsha" >"$d/zh.pol" 2>"$d/err"
    same "$d/zh.pol" "$T/base/zh.pol" "$l: fmt --keywords zh of the Changsha policy"
    cp -R policies/changsha-srdi-2025 "$d/"
    in_locale "$l" "$P" fmt --keywords en "$d/zh.pol" >"$d/en.pol" 2>"$d/err"
    same "$d/en.pol" "$changsha" "$l: fmt --keywords en gives the original back"
    expect_exit 0 "$l: fmt --check of every policy" -- in_locale "$l" "$P" fmt --check policies/*.pol
    in_locale "$l" "$P" batch "$d/zh.pol" <examples/register.ndjson >"$d/batch" 2>&1
    sed "s|$d/|$T/base/|g" "$d/batch" >"$d/batch.base"
    same "$d/batch.base" "$T/base/batch" "$l: the Chinese Changsha policy decides the register"
    # Vim and Emacs
    if in_locale "$l" env EDITORS_PARTS="vim emacs" sh tests/editors/run.sh "$P" >"$d/editors" 2>&1; then
        ok
    else
        rc=$?
        if [ "$rc" -eq 77 ]; then
            skip=$((skip + 1)); grep '(skipped)' "$d/editors"
        else
            bad "$l: editors (Vim, Emacs):"; grep -v 'setlocale' "$d/editors" | sed 's/^/    /'
        fi
    fi
done

echo "locales:$locales: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ] || exit 1
[ "$skip" -eq 0 ] || exit 77
