#!/bin/sh
# An amendment, end to end: tests/amendment/changsha-srdi-2025.pol is the
# shipped Changsha policy with a hypothetical amendment of art. 八 (35% and
# 400000.00 from 2026-01-01, dated parameters citing their sources).
#   tests/amendment/run.sh [--update] POLRUN
# - its cases: both sides of the date and of the ceilings;
# - the explanation names the step chosen and its source (text, English and
#   Chinese, against golden/*.txt; JSON);
# - check --stale lists the steps not verified since a date;
# - its .polc decides as its source does.
# --update rewrites the golden files (read the diff before committing).
# Ends with "amendment: N passed, N failed"; exit 1 on any failure.
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
SHIPPED=policies/changsha-srdi-2025.pol
AMENDED=$HERE/changsha-srdi-2025.pol

# the fixture's facts are the shipped policy's
same "$HERE/changsha-srdi-2025/facts.pol" policies/changsha-srdi-2025/facts.pol \
    "tests/amendment/changsha-srdi-2025/facts.pol is a copy of the shipped facts: copy it again"

# ---------------------------------------------------------------- the cases
expect_exit 0 "the amended policy's cases" -- "$P" test "$AMENDED" "$HERE"/cases/*.case
contains "$T/out" "10 passed, 0 failed" "every case of the amendment passes"
# the shipped policy decides the days before the amendment alike, the days after not
expect_exit 1 "the shipped policy on the amendment's cases" -- "$P" test "$SHIPPED" "$HERE"/cases/*.case
contains "$T/out" "4 passed, 6 failed" "the shipped policy passes the cases dated 2025 only"
grep '^FAIL' "$T/out" | grep -q -- '-2025-12-31-' && bad "a case dated 2025-12-31 fails under the shipped policy" || ok

# ---------------------------------------------------------- the explanation
facts() { awk '/^facts:/{f=1;next}/^expect/{f=0}f' "$1"; }
facts "$HERE/cases/05-2025-12-31-far-over.case" > "$T/before.json"
facts "$HERE/cases/09-2026-01-01-far-over.case" > "$T/after.json"
for day in before after; do
    for lang in en zh; do
        golden=$HERE/golden/explain-$day.$lang.txt
        "$P" run "$AMENDED" --facts "$T/$day.json" --explain=text --lang "$lang" 2>"$T/err" |
            sed 's/sha256:[0-9a-f]\{64\}/sha256:…/' > "$T/explain"
        if [ "$update" -eq 1 ]; then
            cp "$T/explain" "$golden"
        else
            same "$T/explain" "$golden" "--explain=text --lang $lang, $day the amendment"
        fi
    done
done
contains "$HERE/golden/explain-after.en.txt" 'digital_rate = "0.35"   (step from 2026-01-01, 长政办发〔2026〕1号, verified 2026-01-05)' "the text explanation names the step and its source"
contains "$HERE/golden/explain-before.zh.txt" 'digital_ceiling = "300000.00"   （阶段：2025-03-01 至 2025-12-31，长政办发〔2025〕3号，2025-03-01 核对）' "在中文说明中写出阶段和依据"
"$P" run "$AMENDED" --facts "$T/after.json" --explain > "$T/after.out"
python3 - "$T/after.out" <<'PY' && ok || bad "the JSON explanation lists the steps chosen"
import json, sys
d = json.load(open(sys.argv[1]))
steps = d["explanation"]["steps"]
assert [s["parameter"] for s in steps] == ["digital_rate", "digital_ceiling"], steps
assert steps[0] == {"parameter": "digital_rate", "value": "0.35", "from": "2026-01-01",
                    "source": "长政办发〔2026〕1号", "verified": "2026-01-05"}, steps[0]
assert steps[1]["value"] == "400000.00" and "through" not in steps[1], steps[1]
keys = list(d["explanation"])
assert keys.index("definitions") + 1 == keys.index("steps") < keys.index("measures"), keys
PY
"$P" run "$AMENDED" --facts "$T/before.json" --explain > "$T/before.out"
python3 - "$T/before.out" <<'PY' && ok || bad "before the amendment: the first steps, with their last day"
import json, sys
steps = json.load(open(sys.argv[1]))["explanation"]["steps"]
assert steps[0]["from"] == "2025-03-01" and steps[0]["through"] == "2025-12-31" and steps[0]["value"] == "0.3", steps
PY
# a policy without dated values says nothing of steps
"$P" run "$SHIPPED" --facts "$T/after.json" --explain > "$T/shipped.out"
grep -q '"steps"' "$T/shipped.out" && bad "the shipped policy's explanation has no steps member" || ok

# -------------------------------------------------------------- check --stale
expect_exit 1 "check --stale 2026-01-05" -- "$P" check "$AMENDED" --stale 2026-01-05
grep -c 'verified 2025-03-01$' "$T/out" | grep -qx 2 && ok || bad "--stale lists the two steps verified 2025-03-01"
line=$(grep -n '^  from 2025-03-01: 30% source' "$AMENDED" | cut -d: -f1)
contains "$T/out" "changsha-srdi-2025.pol:$line: \`digital_rate\`: from 2025-03-01: 30% source \"长政办发〔2025〕3号\": verified 2025-03-01" "a stale step: file:line, name, step, source, date"
grep -q '2026-01-01: 35%' "$T/out" && bad "a step verified since is not listed" || ok
contains "$T/err" "2 dated values not verified since 2026-01-05" "--stale counts them"
expect_exit 0 "check --stale 2025-03-01" -- "$P" check "$AMENDED" --stale 2025-03-01
contains "$T/err" "every dated value verified since 2025-03-01" "nothing stale"
expect_exit 1 "check --stale in Chinese" -- "$P" check "$AMENDED" --stale 2026-01-05 --lang zh
contains "$T/out" "：2025-03-01 核对" "--stale --lang zh"
expect_exit 2 "check --stale with no date" -- "$P" check "$AMENDED" --stale 2026-02-30
contains "$T/err" "--stale 2026-02-30" "a bad --stale date is named"
expect_exit 2 "--stale is for check only" -- "$P" run "$AMENDED" --facts "$T/after.json" --stale 2026-01-05

# ------------------------------- a rate by date and size, a condition from a date
# refund.pol: the shape of the job-stability refund (rates by date and by
# size, the 2022-05-31 step for large enterprises, a condition from
# 2024-01-01, the notice whose step decided the rate as the source)
REFUND=$HERE/refund.pol
expect_exit 0 "the refund's cases" -- "$P" test "$REFUND" "$HERE"/refund-cases/*.case
contains "$T/out" "9 passed, 0 failed" "every refund case passes"
facts "$HERE/refund-cases/06-micro-2023-12-31-no-months.case" > "$T/r06.json"
"$P" run "$REFUND" --facts "$T/r06.json" --explain=text > "$T/r06.txt"
contains "$T/r06.txt" "✔ when months_paid_in_full >= 12   [from 2024-01-01]   not in force on 2023-12-31: holds" "a dated condition outside its days holds, and says so"
"$P" run "$REFUND" --facts "$T/r06.json" --explain=text --lang zh > "$T/r06.zh.txt"
contains "$T/r06.zh.txt" "[自 2024-01-01 起]   2023-12-31 不适用：视为满足" "日期之外的条件视为满足"
"$P" run "$REFUND" --facts "$T/r06.json" --explain > "$T/r06.out"
python3 - "$T/r06.out" <<'PY' && ok || bad "the JSON explanation of a dated condition outside its days"
import json, sys
d = json.load(open(sys.argv[1]))
m = d["explanation"]["measures"][0]
c = m["conditions"][0]
assert c["holds"] is True and c["from"] == "2024-01-01" and c["in_force"] is False and "through" not in c, c
assert d["entitlements"][0]["source"] == "国办发〔2023〕11号", d["entitlements"]
steps = d["explanation"]["steps"]
assert [s["parameter"] for s in steps] == ["unit_rate"], steps
assert steps[0]["from"] == "2023-01-01" and steps[0]["through"] == "2023-12-31", steps
defs = {x["name"]: x for x in d["explanation"]["definitions"]}
assert defs["refund_rate"]["decided_by"].startswith("rule other at ") and defs["refund_rate"]["source"] == "ui-job-stability.md §3", defs
PY

# --------------------------------------------------------- compiled, it decides alike
"$P" compile "$AMENDED" -o "$T/amended.polc" > /dev/null
for day in before after; do
    "$P" run "$AMENDED" --facts "$T/$day.json" --explain > "$T/pol.out"
    "$P" run "$T/amended.polc" --facts "$T/$day.json" --explain > "$T/polc.out"
    python3 -c 'import json,sys; a,b=(json.load(open(f)) for f in sys.argv[1:]); sys.exit(a["explanation"]["steps"] != b["explanation"]["steps"] or a["entitlements"] != b["entitlements"] or a["digest"] != b["digest"])' \
        "$T/pol.out" "$T/polc.out" && ok || bad "the .polc decides and explains the steps as the source does ($day)"
done
expect_exit 1 "check --stale on the .polc" -- "$P" check "$T/amended.polc" --stale 2026-01-05
contains "$T/out" "changsha-srdi-2025.pol:$line: \`digital_rate\`" "a .polc names the file of a stale step by its name"

finish amendment
