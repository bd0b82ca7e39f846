#!/bin/sh
# polrun diff: what an amendment changes, against two polrun batch runs.
#   tests/diff/run.sh POLRUN
# The shipped Changsha policy against its amended copy (tests/amendment)
# over a generated register (tests/oracle/gen_facts.py, one line in ten
# bad): diff's JSON, CSV and text agree with the two batch runs compared
# line by line (compare.py); --jobs 2 answers byte for byte as one job;
# a policy against itself exits 0; --cases over the amendment's cases;
# the digests; usage errors exit 2.
# Ends with "diff: N passed, N failed"; exit 1 on any failure.
P=${1:-build/polrun}
HERE=$(dirname "$0")
. "$HERE/../lib.sh"
OLD=policies/changsha-srdi-2025.pol
NEW=tests/amendment/changsha-srdi-2025.pol
R=$T/register.ndjson
python3 tests/oracle/gen_facts.py 13 3000 > "$R"

"$P" batch "$OLD" < "$R" > "$T/old.ndjson" 2>/dev/null
"$P" batch "$NEW" < "$R" > "$T/new.ndjson" 2>/dev/null

for form in json csv text; do
    expect_exit 1 "diff --format $form of the amendment" -- "$P" diff "$OLD" "$NEW" --format $form --lang en < "$R"
    cp "$T/out" "$T/diff.$form"
    if python3 "$HERE/compare.py" "$T/old.ndjson" "$T/new.ndjson" $form "$T/diff.$form" > "$T/cmp" 2>&1; then ok
    else bad "diff --format $form disagrees with the two batch runs"; head -30 "$T/cmp"; fi
    expect_exit 1 "diff --format $form --jobs 2" -- "$P" diff "$OLD" "$NEW" --format $form --jobs 2 --lang en < "$R"
    same "$T/out" "$T/diff.$form" "--format $form --jobs 2 answers as one job"
done
# some applicants gained, under the new rate and ceiling
grep -q '"changed":[1-9]' "$T/diff.json" && ok || bad "the amendment changes some applicants of the register"
contains "$T/diff.json" '"measure":"digital_subsidy"' "the changes name the measure"
# the default format is text, in the language of --lang
expect_exit 1 "diff in Chinese" -- "$P" diff "$OLD" "$NEW" --lang zh < "$R"
contains "$T/out" "有变化" "the text in Chinese"
# CSV without its byte order mark
expect_exit 1 "diff --format csv --no-bom" -- "$P" diff "$OLD" "$NEW" --format csv --no-bom < "$R"
head -c 5 "$T/out" | grep -q '^line,' && ok || bad "--no-bom: the CSV starts with its header"
# an id a spreadsheet would take for a formula is written after an
# apostrophe; the amounts beside it are not touched
python3 - "$R" "$T/diff.json" "$T/formula.ndjson" <<'PY'
import json, sys
lines = open(sys.argv[1], encoding="utf-8", errors="surrogateescape", newline="").read().split("\n")
rows = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8") if l.startswith('{"line"')]
changed = [r["line"] for r in rows if r.get("old_total") and r.get("new_total")][:2]
# the full-width ＠ (U+FF20), which Excel and WPS read as @, likewise
for line, id in zip(changed, ['=HYPERLINK("http://example.com/","x")', "＠SUM(1)"]):
    facts = json.loads(lines[line - 1])
    facts["id"] = id
    lines[line - 1] = json.dumps(facts, ensure_ascii=False)
open(sys.argv[3], "w", encoding="utf-8", errors="surrogateescape", newline="").write("\n".join(lines))
PY
expect_exit 1 "diff --format csv of a formula id" -- "$P" diff "$OLD" "$NEW" --format csv --no-bom < "$T/formula.ndjson"
grep -q "^[0-9]*,\"'=HYPERLINK(\"\"http://example.com/\"\",\"\"x\"\")\",[0-9]" "$T/out" && ok \
    || bad "a formula id is neutralised in diff's CSV: $(grep -i hyperlink "$T/out")"
grep -q "^[0-9]*,\"'＠SUM(1)\",[0-9]" "$T/out" && ok || bad "a full-width ＠ id is neutralised in diff's CSV: $(grep SUM "$T/out")"

# the digests of both versions, as check prints them
D_OLD=$("$P" check "$OLD" 2>/dev/null)
D_NEW=$("$P" check "$NEW" 2>/dev/null)
contains "$T/diff.json" "\"old_digest\":\"$D_OLD\",\"new_digest\":\"$D_NEW\"" "the summary names both digests"
contains "$T/diff.text" "before: $D_OLD; after: $D_NEW" "the text names both digests"

# a policy against itself: no differences, exit 0
expect_exit 0 "diff of a policy with itself" -- "$P" diff "$OLD" "$OLD" --format json < "$R"
[ "$(wc -l < "$T/out")" -eq 1 ] && ok || bad "a policy against itself: only the summary line"
contains "$T/out" '"changed":0,' "nothing changed"
# the .polc compiled from the new version changes the same applicants
"$P" compile "$NEW" -o "$T/new.polc" > /dev/null
expect_exit 1 "diff against a .polc" -- "$P" diff "$OLD" "$T/new.polc" --format json < "$R"
same "$T/out" "$T/diff.json" "a .polc differs from the old version as its source does"

# the evaluation date of every applicant, or --date for all
expect_exit 0 "diff --date before the amendment" -- "$P" diff "$OLD" "$NEW" --date 2025-12-31 --format json < "$R"
expect_exit 1 "diff --date from the amendment" -- "$P" diff "$OLD" "$NEW" --date 2026-01-01 --format json < "$R"

# a per-item measure: the unemployment-insurance policy as the 2024 notice
# left it (tests/amendment/ui-job-stability-2024.pol: no 2025 steps) against
# the shipped one, over generated applications; a measure's value is the
# sum of its granted items
same tests/amendment/ui-job-stability/facts.pol policies/ui-job-stability/facts.pol \
    "tests/amendment/ui-job-stability/facts.pol is a copy of the shipped facts: copy it again"
UI_OLD=tests/amendment/ui-job-stability-2024.pol
UI_NEW=policies/ui-job-stability.pol
python3 tests/oracle/ui_gen.py 5 3000 > "$T/ui.ndjson"
"$P" batch "$UI_OLD" < "$T/ui.ndjson" > "$T/ui-old.ndjson" 2>/dev/null
"$P" batch "$UI_NEW" < "$T/ui.ndjson" > "$T/ui-new.ndjson" 2>/dev/null
for form in json csv text; do
    expect_exit 1 "diff --format $form of the 2025 notice" -- "$P" diff "$UI_OLD" "$UI_NEW" --format $form --lang en < "$T/ui.ndjson"
    if python3 "$HERE/compare.py" "$T/ui-old.ndjson" "$T/ui-new.ndjson" $form "$T/out" > "$T/cmp" 2>&1; then ok
    else bad "diff --format $form of the 2025 notice disagrees with the two batch runs"; head -30 "$T/cmp"; fi
done
contains "$T/out" "skills_upgrade_subsidy: granted 339 before, 315 after; total 803000.00 before, 715500.00 after" \
    "the 2025 notice: fewer skills subsidies, summed over their items"

# bad lines are counted, not fatal
printf '{"id": "x"\n\n' > "$T/bad.ndjson"
expect_exit 0 "diff over bad lines only" -- "$P" diff "$OLD" "$NEW" --format json < "$T/bad.ndjson"
contains "$T/out" '"applicants":2,"changed":0,"gained":0,"lost":0,"undecided":2' "bad lines are counted as not decided"

# an applicant decided under one version and refused by the other: the
# text names the refusal and its side, the JSON carries it, the id is read
# from the side that refused it; one changed applicant is "the changed
# applicant"
cp tests/batch/paid.pol "$T/one-old.pol"
sed 's/  paid: money/  paid: integer/; s/when paid > 0 元/when paid > 0/; s/fixed 100 元/fixed 120 元/' \
    "$T/one-old.pol" > "$T/one-new.pol"
printf '{"ref": "R7", "paid": "1.00"}\n' > "$T/one.ndjson"
expect_exit 1 "diff of an applicant the new version refuses" -- "$P" diff "$T/one-old.pol" "$T/one-new.pol" \
    --date 2025-06-30 --lang en < "$T/one.ndjson"
sed -n '/^1 applicants/,$p' "$T/out" > "$T/one.text"
cat > "$T/one.want" <<'TEXT'
1 applicants, 1 changed (0 gained, 0 lost)
total: 100.00 before, 0.00 after
  award: granted 1 before, 0 after; total 100.00 before, 0.00 after

the changed applicant:
line 1 (R7): total 100.00 → not decided
    award: 100.00 → not granted
    after: expected an integer, got "1.00"
TEXT
same "$T/one.text" "$T/one.want" "an applicant refused by the new version, in text"
expect_exit 1 "diff --format json of an applicant the new version refuses" -- "$P" diff "$T/one-old.pol" \
    "$T/one-new.pol" --date 2025-06-30 --format json < "$T/one.ndjson"
contains "$T/out" '{"line":1,"id":"R7","old_total":"100.00","new_total":null,"changes":[{"measure":"award","old":"100.00","new":null}],"new_error":{"path":"$.paid","message":"expected an integer, got \"1.00\""}}' \
    "an applicant refused by the new version, in JSON"
expect_exit 1 "diff of an applicant the old version refuses" -- "$P" diff "$T/one-new.pol" "$T/one-old.pol" \
    --date 2025-06-30 --lang en < "$T/one.ndjson"
contains "$T/out" 'line 1 (R7): total not decided → 100.00' "the id of an applicant refused by the old version"
contains "$T/out" '    before: expected an integer, got "1.00"' "the refusal of the old version"
# a full disk: said once, with its cause, in every format
for form in text json csv; do
    "$P" diff "$T/one-old.pol" "$T/one-new.pol" --date 2025-06-30 --format $form < "$T/one.ndjson" > /dev/full 2> "$T/full.err"
    status=$?
    [ $status -eq 2 ] && [ "$(grep -c 'E1202' "$T/full.err")" -eq 1 ] \
        && grep -q '^error\[E1202\]: writing decisions: No space left on device$' "$T/full.err" \
        && ok || bad "diff --format $form to a full disk: exit $status, $(cat "$T/full.err")"
done

# recorded cases: those dated from 2026-01-01 with the subsidy change
expect_exit 1 "diff --cases" -- "$P" diff "$OLD" "$NEW" --cases tests/amendment/cases/*.case --format json
[ "$(grep -c '"case":' "$T/out")" -eq 6 ] && ok || bad "--cases: the 6 cases the shipped policy fails are changed"
contains "$T/out" '"applicants":10,"changed":6,' "--cases: 10 cases read, 6 changed"
expect_exit 0 "diff --cases of a policy with itself" -- "$P" diff "$NEW" "$NEW" --cases tests/amendment/cases/*.case

# usage: exit 2
expect_exit 2 "diff without the new policy" -- "$P" diff "$OLD"
expect_exit 2 "diff --format xml" -- "$P" diff "$OLD" "$NEW" --format xml
contains "$T/err" "--format xml: choose text, json or csv" "an unknown format is named"
expect_exit 2 "diff --cases without cases" -- "$P" diff "$OLD" "$NEW" --cases
expect_exit 2 "diff with a third file" -- "$P" diff "$OLD" "$NEW" extra.pol
expect_exit 2 "diff --explain" -- "$P" diff "$OLD" "$NEW" --explain
expect_exit 2 "diff of a policy that does not exist" -- "$P" diff "$OLD" no-such.pol
finish diff
