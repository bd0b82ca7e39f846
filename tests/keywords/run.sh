#!/bin/sh
# The two sets of keywords: run by tests/run.sh (`make test`).
#   tests/keywords/run.sh POLRUN
#
# - check_table.py: src/keywords.def has a Chinese word for every keyword
#   and contextual word of the grammar, and docs/language.md lists them.
# - Every policy of the repository (policies/, stdlib/, tests/example,
#   tests/regress, tests/relief, the unemployment-insurance facts of
#   tests/oracle), converted with `polrun fmt --keywords zh`, checks, has
#   the syntax tree of the English one (`fmt --dump-ast`), is in the
#   canonical layout, and converts back with `--keywords en` to the
#   canonical English file byte for byte; their recorded cases pass
#   against the Chinese ones.
# - The Changsha policy in Chinese keywords decides 100,000 generated
#   applicants (tests/oracle/gen_facts.py, one in ten with a defect)
#   byte-identically to the English one, the digest aside (it is that of
#   another source), with the same exit status. KEYWORDS_COUNT changes the
#   number.
# Ends with "keywords: N passed, N failed"; exit 1 on any failure.
P=${1:-build/polrun}
case $P in /*) ;; *) P=$(pwd)/$P ;; esac
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$here/../lib.sh"

if python3 "$here/check_table.py" "$root"; then ok; else bad "src/keywords.def is incomplete (above)"; fi

# Each policy in its folder tree, so that its imports are found.
cp -R "$root/policies" "$root/stdlib" "$T/"
mkdir -p "$T/tests" && cp -R "$root/tests/example" "$root/tests/regress" "$root/tests/relief" "$T/tests/"
mkdir -p "$T/tests/cases" "$T/tests/oracle" && cp -R "$root/tests/cases/changsha-srdi-2025" "$root/tests/cases/ui-job-stability" "$T/tests/cases/"
cp "$root/tests/oracle/ui-facts.pol" "$T/tests/oracle/"
cd "$T" || exit 1
for f in $(find policies stdlib tests -name '*.pol' | sort); do
    zh=${f%.pol}.zh.pol
    if ! "$P" fmt --keywords zh "$f" >"$zh" 2>"$T/err"; then
        bad "fmt --keywords zh $f"; sed 's/^/    /' "$T/err"; continue
    fi
    "$P" fmt --dump-ast "$f" >"$T/en.ast" 2>&1
    "$P" fmt --dump-ast "$zh" >"$T/zh.ast" 2>&1
    if cmp -s "$T/en.ast" "$T/zh.ast"; then ok; else bad "$f in Chinese keywords has another syntax tree"; diff "$T/en.ast" "$T/zh.ast" | head -10; fi
    case $f in */facts.pol|stdlib/*) ;;   # imported files: checked through their importers
    *) if "$P" check "$zh" >"$T/out" 2>&1; then ok; else bad "polrun check $zh"; sed 's/^/    /' "$T/out"; fi ;;
    esac
    if "$P" fmt --check "$zh" >/dev/null 2>&1; then ok; else bad "$zh is not in the canonical layout"; fi
    "$P" fmt "$f" >"$T/canonical.pol" 2>/dev/null
    if "$P" fmt --keywords en "$zh" 2>&1 | cmp -s - "$T/canonical.pol"; then ok
    else bad "$zh converted back to English keywords is not the canonical $f"; "$P" fmt --keywords en "$zh" 2>&1 | diff "$T/canonical.pol" - | head -10; fi
done

# The recorded cases pass against the policies in Chinese keywords.
for pair in tests/example/example:tests/example/cases tests/regress/regress:tests/regress/cases \
            tests/relief/relief:tests/relief/cases policies/changsha-srdi-2025:tests/cases/changsha-srdi-2025 \
            policies/ui-job-stability:tests/cases/ui-job-stability; do
    pol=${pair%%:*}.zh.pol
    if "$P" test "$pol" "${pair#*:}"/*.case >"$T/out" 2>&1; then ok; else bad "polrun test $pol"; tail -5 "$T/out"; fi
done

# The two real policies decide alike in both sets: Changsha's applicants
# (gen_facts.py) and the unemployment-insurance applications (ui_gen.py,
# a fifth as many: each is decided over several notices).
count=${KEYWORDS_COUNT:-100000}
same_decisions() {   # POLICY GENERATOR COUNT
    python3 "$root/tests/oracle/$2" 1 "$3" --invalid-rate 0.1 >"$T/in.ndjson"
    "$P" batch "policies/$1.pol" <"$T/in.ndjson" >"$T/en.ndjson" 2>"$T/en.err"; en_rc=$?
    "$P" batch "policies/$1.zh.pol" <"$T/in.ndjson" >"$T/zh.ndjson" 2>"$T/zh.err"; zh_rc=$?
    sed 's/"digest":"sha256:[0-9a-f]*"/"digest":"…"/' "$T/en.ndjson" >"$T/en.cmp"
    sed 's/"digest":"sha256:[0-9a-f]*"/"digest":"…"/' "$T/zh.ndjson" >"$T/zh.cmp"
    lines=$(wc -l <"$T/en.ndjson")
    if [ "$en_rc" = "$zh_rc" ] && [ "$lines" -eq "$3" ] && cmp -s "$T/en.cmp" "$T/zh.cmp" && cmp -s "$T/en.err" "$T/zh.err"; then ok
    else bad "$1 in Chinese keywords decides $3 applicants differently (exit $en_rc and $zh_rc, $lines lines)"; cmp "$T/en.cmp" "$T/zh.cmp"; fi
    if grep -q '"digest":"sha256:' "$T/zh.ndjson"; then ok; else bad "no digest in the decisions of $1 in Chinese keywords"; fi
}
same_decisions changsha-srdi-2025 gen_facts.py "$count"
same_decisions ui-job-stability ui_gen.py $(( (count + 4) / 5 ))

# Its explanation quotes the branches of a policy in Chinese keywords in
# that policy's words (如果 / 否则 如果), not in English ones.
"$P" run policies/ui-job-stability.zh.pol --facts "$root/examples/ui-job-stability/welder-2025.json" \
    --explain=text --lang zh >"$T/explain" 2>&1
if grep -q '分支 `如果 ' "$T/explain" && grep -q '分支 `否则 如果 ' "$T/explain" \
   && ! grep -q '分支 `\(else \)\{0,1\}if ' "$T/explain" && grep -q '逐项：每一项 c，取自 ' "$T/explain"; then ok
else bad "the explanation of policies/ui-job-stability.zh.pol quotes English keywords:"; grep '分支\|逐项' "$T/explain" | head -5; fi

finish keywords
