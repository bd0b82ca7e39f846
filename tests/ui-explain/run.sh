#!/bin/sh
# The explanations of policies/ui-job-stability.pol and its example
# applicants (examples/ui-job-stability/), end to end:
#   tests/ui-explain/run.sh [--update] POLRUN
# - --explain=text, English and Chinese, against golden/*.txt: the refund
#   names the rule of the rate, its days and the notice that set it; each
#   refused certificate names the numbered condition of the contract's §4
#   that refused it (condition_1_... to condition_6_...);
# - the JSON explanation says the same (rule, days and source of the rate;
#   each item's failing condition);
# - --date moves an application to another notice's rate;
# - the register of examples/ decides as the contract's oracle does.
# --update rewrites the golden files (read the diff before committing).
# Ends with "ui-explain: N passed, N failed"; exit 1 on any failure.
update=0
P=
for arg in "$@"; do
    case $arg in
    --update) update=1 ;;
    *) P=$arg ;;
    esac
done
P=${P:-build/polrun}
HERE=$(dirname "$0")
. "$HERE/../lib.sh"
POLICY=policies/ui-job-stability.pol
EX=examples/ui-job-stability

expect_exit 0 "check" -- "$P" check "$POLICY"

# ---------------------------------------------------------- the explanation
for name in large-enterprise-2022 small-firm-2024 welder-2025; do
    for lang in en zh; do
        golden=$HERE/golden/$name.$lang.txt
        "$P" run "$POLICY" --facts "$EX/$name.json" --explain=text --lang "$lang" 2>"$T/err" |
            sed 's/sha256:[0-9a-f]\{64\}/sha256:…/' > "$T/explain"
        if [ "$update" -eq 1 ]; then
            cp "$T/explain" "$golden"
        else
            same "$T/explain" "$golden" "--explain=text --lang $lang, $name"
        fi
    done
done
contains "$HERE/golden/large-enterprise-2022.en.txt" \
    'refund_rate = "0.5"   (rule large_2022_raised at policies/ui-job-stability.pol' \
    "the rate names its rule"
contains "$HERE/golden/large-enterprise-2022.en.txt" '2022-05-31 through 2022-12-31, 人社部发〔2022〕31号)' \
    "the rate names its days and the notice that set it"
contains "$HERE/golden/welder-2025.en.txt" \
    'when condition_3_not_received(person, c, earlier grants)  [person = "present"]   <- first failing condition' \
    "a certificate refused by condition 3"
contains "$HERE/golden/welder-2025.en.txt" \
    'when condition_4_yearly_count(person, c, earlier grants)  [person = "present"]   <- first failing condition' \
    "a certificate refused by condition 4 (2025: one not urgently needed)"

# the JSON explanation: the rate's rule, days and notice; each item's failing condition
"$P" run "$POLICY" --facts "$EX/large-enterprise-2022.json" --explain > "$T/large.json"
"$P" run "$POLICY" --facts "$EX/welder-2025.json" --explain > "$T/welder.json"
python3 - "$T/large.json" "$T/welder.json" <<'PY' && ok || bad "the JSON explanation names the rule, the notice and the failing conditions"
import json, sys
large = json.load(open(sys.argv[1]))["explanation"]
rate = [d for d in large["definitions"] if d["name"] == "refund_rate"]
assert len(rate) == 1, rate
assert rate[0]["from"] == "2022-05-31" and rate[0]["through"] == "2022-12-31", rate
assert rate[0]["source"] == "人社部发〔2022〕31号", rate
assert rate[0]["decided_by"].startswith("rule large_2022_raised "), rate
welder = json.load(open(sys.argv[2]))["explanation"]
skills = [m for m in welder["measures"] if m["measure"] == "skills_upgrade_subsidy"][0]
got = [(i["index"], i["outcome"], i.get("failed")) for i in skills["items"]]
want = [(1, "refused", "condition_3_not_received(person, c, earlier grants)"),
        (0, "granted", None),
        (2, "granted", None),
        (3, "refused", "condition_4_yearly_count(person, c, earlier grants)")]
assert got == want, got
PY

# --date: the same large enterprise decided on 2022-05-30 gets the 30% of 人社部发〔2022〕23号
expect_exit 0 "--date 2022-05-30" -- "$P" run "$POLICY" --facts "$EX/large-enterprise-2022.json" --date 2022-05-30
contains "$T/out" '"amount": "562026.11"' "30% of 1873420.35, half up"
contains "$T/out" '"source": "人社部发〔2022〕23号"' "the notice before the raise"

# ------------------------------------------- the register against the oracle
expect_exit 0 "the register" -- "$P" batch "$POLICY" < "$EX/register.ndjson"
sed 's/,"digest":"sha256:[0-9a-f]\{64\}"//' "$T/out" > "$T/polrun.ndjson"
python3 tests/oracle/ui_oracle.py < "$EX/register.ndjson" > "$T/oracle.ndjson"
same "$T/polrun.ndjson" "$T/oracle.ndjson" "the register of examples/ decided as the oracle decides it"

finish ui-explain
