#!/bin/sh
# Command-line behaviour of polrun: exit statuses, stdout/stderr, batch.
#   tests/cli/run.sh POLRUN
# Ends with "cli: N passed, N failed"; exit 1 on any failure.
P=${1:-build/polrun}
. "$(dirname "$0")/../lib.sh"
POL=policies/changsha-srdi-2025.pol

good='{"id":"X1","kind":"enterprise","registered_in_changsha":true,"is_sme":true,"tier":"srdi_sme","as_of":"2025-06-30"}'
echo "$good" > "$T/good.json"

expect_exit 0 "--version" -- "$P" --version
contains "$T/out" "polrun " "--version prints the version"
expect_exit 0 "--help" -- "$P" --help
contains "$T/out" "usage: polrun" "--help prints usage"
# their text is output like any other: not written (a full disk) is E1001, exit 1
for opt in --help --version; do
    expect_exit 1 "$opt to a full disk" -- sh -c '"$1" "$2" >/dev/full' sh "$P" "$opt"
    contains "$T/err" "error[E1001]: cannot write standard output: No space left on device" "$opt to a full disk"
done
# a reader that has gone, with SIGPIPE ignored (as supervisors often start
# programs): the write fails with EPIPE, E1001, exit 1 (batch: tests/batch)
for cmd in "run $POL --facts $T/good.json --explain=text" \
           "test policies/ui-job-stability.pol tests/cases/ui-job-stability/*.case"; do
    expect_exit 1 "polrun ${cmd%% *}, the reader gone, SIGPIPE ignored" -- \
        sh -c 'trap "" PIPE; { "$1" $2; echo $? > "$3"; } | (exec 0<&-; sleep 0.5); exit $(cat "$3")' sh "$P" "$cmd" "$T/st"
    contains "$T/err" "error[E1001]: cannot write standard output: Broken pipe" "polrun ${cmd%% *}, the reader gone"
done
expect_exit 2 "no command" -- "$P"
expect_exit 2 "unknown command" -- "$P" frobnicate "$POL"
contains "$T/err" "unknown command" "unknown command is named"
expect_exit 2 "unknown option" -- "$P" run "$POL" --facts "$T/good.json" --bogus
expect_exit 2 "run without --facts" -- "$P" run "$POL"
expect_exit 2 "bad --date" -- "$P" run "$POL" --facts "$T/good.json" --date 2025-13-01
contains "$T/err" "--date 2025-13-01" "bad --date is named"

expect_exit 0 "check" -- "$P" check "$POL"
printf 'policy "x"\n  title "t"\nmeasure m\n' > "$T/broken.pol"
expect_exit 1 "check on a broken policy" -- "$P" check "$T/broken.pol"
expect_exit 1 "check on a missing file" -- "$P" check "$T/none.pol"

# Imports stay in the policy's folder tree and the stdlib (docs/language.md):
# `..` within the tree, a subfolder, a link to a file of the tree and the
# stdlib are fine; `..` out of it from a subfolder, or a folder given as a
# file, is refused, and a policy that is a folder is named as one.
mkdir -p "$T/tree/sub" "$T/elsewhere"
head -n 5 tests/diagnostics/include/header.pol | grep -v '^#' >"$T/tree/main.pol"
printf 'facts { id: text }\nimport "sub/a.pol"\nimport "sub/../b.pol"\nimport "link.pol"\nimport "period.pol"\n' >>"$T/tree/main.pol"
printf 'module "a"\nimport "../b.pol"\ndefine a: integer = b + 1\n' >"$T/tree/sub/a.pol"
printf 'module "b"\ndefine b: integer = 1\n' >"$T/tree/b.pol"
printf 'module "c"\ndefine c: integer = 2\n' >"$T/tree/c.pol"
ln -s c.pol "$T/tree/link.pol"
expect_exit 0 "imports within the tree and the stdlib" -- "$P" check "$T/tree/main.pol"
printf 'module "d"\ndefine d: integer = 3\n' >"$T/elsewhere/d.pol"
printf 'module "a"\nimport "../../elsewhere/d.pol"\ndefine a: integer = 1\n' >"$T/tree/sub/a.pol"
expect_exit 1 "an import of an import leaving the tree" -- "$P" check "$T/tree/main.pol"
contains "$T/err" "error[E0715]: cannot import \`../../elsewhere/d.pol\`" "an import of an import leaving the tree"
contains "$T/err" "$T/tree/sub/a.pol:2:1" "the refusal points at the import"
expect_exit 1 "checking a folder" -- "$P" check "$T/tree"
contains "$T/err" "error[E0701]: cannot read $T/tree: Is a directory" "checking a folder"

# Names are in NFC (docs/language.md §2): a name written composed (é) and
# used decomposed (e and a combining acute) is one name, and facts keys and
# CSV columns in either spelling find it.
E_ACUTE=$(printf 'caf\303\251')
E_COMB=$(printf 'cafe\314\201')
{ head -n 5 tests/diagnostics/include/header.pol | grep -v '^#'
  printf 'facts {\n  id: text\n  %s: integer\n}\n' "$E_ACUTE"
  printf 'measure m\n  article "1"\n  title "M"\n  when %s > 1\n  amount fixed 1 元\n' "$E_COMB"; } >"$T/nfc.pol"
expect_exit 0 "a name in two spellings is one name" -- "$P" check "$T/nfc.pol"
printf '{"id": "A", "%s": 2}\n' "$E_COMB" >"$T/nfc.json"
expect_exit 0 "a facts key in another spelling of the name" -- "$P" run "$T/nfc.pol" --facts "$T/nfc.json" --date 2025-06-30
contains "$T/out" '"total": "1.00"' "a facts key in another spelling of the name is read"
printf 'id,%s\nA,2\n' "$E_COMB" | "$P" batch "$T/nfc.pol" --input csv --date 2025-06-30 >"$T/out" 2>"$T/err"
contains "$T/out" '"total":"1.00"' "a CSV column in another spelling of the name is read"

# A policy saved with a UTF-8 byte order mark (Windows editors) is read as
# without it, its columns counted after it; so is one it imports.
printf '\357\273\277' >"$T/bom.pol"
cat "$POL" >>"$T/bom.pol"
mkdir -p "$T/changsha-srdi-2025"
{ printf '\357\273\277'; cat policies/changsha-srdi-2025/facts.pol; } >"$T/changsha-srdi-2025/facts.pol"
expect_exit 0 "a policy with a byte order mark" -- "$P" check "$T/bom.pol"
printf '\357\273\277policy "x"\n  title "t"\nmeasure m\n' >"$T/bom-broken.pol"
expect_exit 1 "a broken policy with a byte order mark" -- "$P" check "$T/bom-broken.pol"
contains "$T/err" "$T/bom-broken.pol:3:1" "columns and lines are counted after the byte order mark"

expect_exit 1 "check --error-format=gnu" -- "$P" check --error-format=gnu tests/diagnostics/several-errors.pol
contains "$T/err" "tests/diagnostics/several-errors.pol:24:19: error[E0301]: unknown name \`revenu\`" "gnu format: file:line:col: error[CODE]: message"
n=$(grep -c ': error\[E[0-9]*\]: ' "$T/err"); [ "$n" -eq 5 ] && ok || bad "gnu format: $n error lines, wanted 5"
grep -q '^ *|' "$T/err" && bad "gnu format prints no source excerpt" || ok
expect_exit 1 "check --error-format json" -- "$P" check --error-format json tests/diagnostics/keyword-as-name.pol
contains "$T/err" '{"severity":"error","file":"tests/diagnostics/keyword-as-name.pol","span":{"start":{"line":24,"column":8},"end":{"line":24,"column":12}}' "json format"
python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$T/err" && ok || bad "json format: every line is a JSON object"
expect_exit 2 "bad --error-format" -- "$P" check --error-format xml "$POL"

expect_exit 0 "run" -- "$P" run "$POL" --facts "$T/good.json"
contains "$T/out" '"total": "0.00"' "run prints the decision"
contains "$T/out" '"measure": "ip_fast_track"' "run lists entitlements"
empty "$T/err" "run writes nothing to stderr"

expect_exit 0 "run from stdin" -- sh -c "\"$P\" run \"$POL\" --facts - < \"$T/good.json\""
contains "$T/out" '"as_of": "2025-06-30"' "facts from standard input"

expect_exit 0 "--date overrides as_of" -- "$P" run "$POL" --facts "$T/good.json" --date 2028-03-01
contains "$T/out" '"in_force": false' "--date 2028-03-01 is out of force"
contains "$T/out" '"as_of": "2028-03-01"' "decision carries the evaluation date"

echo '{"id":"X2","kind":"enterprise","registered_in_changsha":true,"is_sme":true,"tier":"srdi_sme"}' > "$T/nodate.json"
expect_exit 3 "no date anywhere" -- "$P" run "$POL" --facts "$T/nodate.json"
contains "$T/err" '--date' "missing date names --date"
contains "$T/err" '$.as_of' "missing date names as_of"
empty "$T/out" "no decision on stdout without a date"

echo '{"id":"X3","kind":"enterprise","registered_in_changsha":true,"is_sme":true,"tier":"srdi_sme","as_of":"2025-06-30","digital":{"in_pilot":true,"procurement_total":"12.345","central_funds_used":false,"municipal_assessed_amount":0}}' > "$T/bad.json"
expect_exit 3 "bad facts" -- "$P" run "$POL" --facts "$T/bad.json"
contains "$T/err" '$.digital.procurement_total' "bad facts name the JSON path"
empty "$T/out" "no decision on stdout for bad facts"

expect_exit 3 "unreadable facts" -- "$P" run "$POL" --facts "$T/none.json"

# bad facts in every --error-format: human, gnu (file: error[CODE]: path: message), json
echo '{"id":"X1","kind":"enterprise","as_of":"2025-13-01"}' > "$T/badfacts.json"
expect_exit 3 "bad facts" -- "$P" run "$POL" --facts "$T/badfacts.json"
contains "$T/err" "error[E0934]: bad facts in $T/badfacts.json: \$.as_of: expected a date YYYY-MM-DD, got \"2025-13-01\"" "bad facts, human"
empty "$T/out" "bad facts print no decision"
expect_exit 3 "bad facts, gnu" -- "$P" run "$POL" --facts "$T/badfacts.json" --error-format gnu
contains "$T/err" "$T/badfacts.json: error[E0934]: \$.as_of: expected a date YYYY-MM-DD, got \"2025-13-01\"" "bad facts, gnu"
expect_exit 3 "bad facts, json" -- "$P" run "$POL" --facts "$T/badfacts.json" --error-format json --lang zh
contains "$T/err" "{\"severity\":\"error\",\"file\":\"$T/badfacts.json\",\"path\":\"\$.as_of\",\"code\":\"E0934\",\"message\":\"应为日期 YYYY-MM-DD，实际为\\\"2025-13-01\\\"\"}" "bad facts, json"
python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$T/err" && ok || bad "bad facts, json: a JSON object"

expect_exit 0 "run --explain" -- "$P" run "$POL" --facts "$T/good.json" --explain
contains "$T/out" '"explanation"' "--explain adds the explanation"
contains "$T/out" '"failed": "little_giant_tier"' "a refused measure names its failing condition"
expect_exit 0 "run --explain=text" -- "$P" run "$POL" --facts "$T/good.json" --explain=text
contains "$T/out" "first failing condition" "text explanation"

# explanations show the rounding step by step and what decided each definition
expect_exit 0 "explain a rounded amount" -- "$P" run "$POL" --facts examples/candidate.json --explain
contains "$T/out" '"rounding": [' "the amount's rounding is explained"
contains "$T/out" '"exact": "99.999"' "the exact amount before rounding"
contains "$T/out" '"rounded": "down to fen"' "the rounding mode and unit"
contains "$T/out" '"decided_by": "formula at policies/changsha-srdi-2025.pol:' "a definition's formula is named"
contains "$T/out" '"bit": true' "the ceiling that bit is named"
awk '/^facts:/{f=1;next}/^expect/{f=0}f' tests/example/cases/09-seed-hardware-deep-tech.case > "$T/ex.json"
"$P" run tests/example/example.pol --facts "$T/ex.json" --date 2025-06-10 --explain=text > "$T/out" 2>"$T/err"
contains "$T/out" "(exception deep_tech at tests/example/example.pol:" "an exception that decided a definition is named"

# the whole text explanation, in English and in Chinese (--lang zh), is
# compared with tests/cli/golden/explain-*.LANG.txt: conditions and the
# facts they read, the first failing one, rounding, ceilings, definitions
golden() {   # golden NAME LANG COMMAND...  (the digest written sha256:…)
    name=$1 lang=$2
    shift 2
    "$@" --explain=text --lang "$lang" 2>"$T/err" | sed 's/sha256:[0-9a-f]\{64\}/sha256:…/' > "$T/out"
    if cmp -s "$T/out" "tests/cli/golden/$name.$lang.txt"; then ok; else
        bad "--explain=text --lang $lang differs from tests/cli/golden/$name.$lang.txt"
        diff "tests/cli/golden/$name.$lang.txt" "$T/out" | head -20 | sed 's/^/    /'
    fi
}
echo '{"id":"R-1","applied_on":"2025-06-30","small":true,"taxes":[],"fee_due":"0.00"}' > "$T/relief.json"
for lang in en zh; do
    golden explain-candidate $lang "$P" run "$POL" --facts examples/candidate.json
    golden explain-example-09 $lang "$P" run tests/example/example.pol --facts "$T/ex.json" --date 2025-06-10
    # a policy of `kind relief`: its outcomes in the words of a relief
    golden explain-relief $lang "$P" run tests/cli/relief.pol --facts "$T/relief.json"
    # a per-item measure: every certificate in the order taken, its subject,
    # outcome and the condition that refused it
    golden explain-items $lang "$P" run tests/items/skills.pol --facts tests/items/applicant.json
    # refused by its own condition, written before `for each`: no item taken
    golden explain-items-refused $lang "$P" run tests/items/skills.pol --facts tests/items/not-insured.json
done
# the same in JSON (the same words in every language)
"$P" run tests/items/skills.pol --facts tests/items/applicant.json --explain --lang zh 2>"$T/err" |
    sed 's/sha256:[0-9a-f]\{64\}/sha256:…/' > "$T/out"
if cmp -s "$T/out" tests/cli/golden/explain-items.json; then ok; else
    bad "--explain differs from tests/cli/golden/explain-items.json"
    diff tests/cli/golden/explain-items.json "$T/out" | head -20 | sed 's/^/    /'
fi
# Decisions of the shapes no other policy of the tests shows
# (tests/cli/decisions.pol): scales of both forms and of numbers, a base in
# each bracket; dated conditions, ceilings, rules and parameters; a default
# and an exception; per-item measures in kind, without an order, over no
# items and refused before their list; rounding to the yuan, of each item
# of a sum; an amount below zero, one floored at zero, a total beyond
# money; not in force, not applicable; the CSV cells of ids a spreadsheet
# would misread (a formula after an apostrophe, a comma, a line end and
# quotes) and the row of refused facts
decisions() {   # decisions NAME DESCRIPTION: $T/out against tests/cli/golden/NAME
    sed 's/sha256:[0-9a-f]\{64\}/sha256:…/' "$T/out" > "$T/cmp"
    if cmp -s "$T/cmp" "tests/cli/golden/$1"; then ok; else
        bad "$2 differs from tests/cli/golden/$1"
        diff "tests/cli/golden/$1" "$T/cmp" | head -20 | sed 's/^/    /'
    fi
}
for lang in en zh; do
    : > "$T/all"
    for n in 1 2 3 4 5 6 7; do
        sed -n "${n}p" tests/cli/decisions.ndjson > "$T/d.json"
        expect_exit 0 "decisions.pol, applicant $n, --explain=text --lang $lang" -- \
            "$P" run tests/cli/decisions.pol --facts "$T/d.json" --explain=text --lang "$lang"
        cat "$T/out" >> "$T/all"
    done
    mv "$T/all" "$T/out"
    decisions "decisions.$lang.txt" "the text explanations of decisions.pol in $lang"
done
# the last applicant's facts are refused (a line of error, exit 3)
expect_exit 3 "decisions.pol, batch --explain" -- \
    sh -c '"$1" batch tests/cli/decisions.pol --explain < tests/cli/decisions.ndjson' sh "$P"
decisions decisions.ndjson "the JSON explanations of decisions.pol"
expect_exit 3 "decisions.pol, batch --output csv" -- \
    sh -c '"$1" batch tests/cli/decisions.pol --output csv < tests/cli/decisions.ndjson' sh "$P"
decisions decisions.csv "the CSV rows of decisions.pol"
# `kind service`: provided / 提供服务, not provided / 不予提供
sed 's/^  kind relief$/  kind service/' tests/cli/relief.pol > "$T/service.pol"
echo '{"id":"S-1","applied_on":"2025-06-30","small":false,"taxes":[],"fee_due":"0.00"}' > "$T/service.json"
expect_exit 0 "kind service, English" -- "$P" run "$T/service.pol" --facts "$T/service.json" --explain=text --lang en
contains "$T/out" "✔ advice (art. 4) provided" "a service granted is provided"
contains "$T/out" "✘ fee_waiver (art. 3) not provided" "a service refused is not provided"
expect_exit 0 "kind service, Chinese" -- "$P" run "$T/service.pol" --facts "$T/service.json" --explain=text --lang zh
contains "$T/out" "✔ advice（第4条）提供服务" "提供服务"
contains "$T/out" "✘ fee_waiver（第3条）不予提供" "不予提供"
expect_exit 0 "kind service, JSON explanation" -- "$P" run "$T/service.pol" --facts "$T/service.json" --explain --lang zh
contains "$T/out" '"outcome": "granted"' "the JSON outcome words are the same for every kind"

# names in backticks: facts keys that are words of the language (amount,
# count) or hold a hyphen, in run, errors, explanations and CSV headers
Q=tests/editors/grammar/quoted-names.pol
echo '{"id":"Q1","amount":"10.00","registered-capital":"12000000.00","count":3}' > "$T/q.json"
expect_exit 0 "names in backticks" -- "$P" run "$Q" --facts "$T/q.json" --date 2025-06-30 --explain=text
contains "$T/out" '"amount": "10.00"' "a facts member named amount is the measure's amount"
contains "$T/out" '[registered-capital = "12000000.00", count = 3]' "the explanation names the keys without backticks"
echo '{"id":"Q2","amount":"1.005","registered-capital":"0.00","count":0}' > "$T/q.json"
expect_exit 3 "bad facts under a name in backticks" -- "$P" run "$Q" --facts "$T/q.json" --date 2025-06-30
contains "$T/err" '$.amount: expected money' "the JSON path names the key"
printf 'id,amount,registered-capital,count\nQ3,5.00,20000000.00,4\n' | "$P" batch "$Q" --input csv --date 2025-06-30 > "$T/out" 2>"$T/err"
contains "$T/out" '"total":"5.00"' "a CSV header names the keys as they are"
empty "$T/err" "no unknown column"

# an option a command does not take is a usage error, never ignored
expect_exit 2 "run --jobs" -- "$P" run "$POL" --facts "$T/good.json" --jobs 2
contains "$T/err" "polrun: --jobs does not apply to \`run\`" "the option and the command are named"
empty "$T/out" "nothing decided"
expect_exit 2 "check --date" -- "$P" check "$POL" --date=2025-01-01
contains "$T/err" "polrun: --date does not apply to \`check\`" "--date= is named as --date"
expect_exit 2 "test --explain" -- "$P" test "$POL" tests/cases/changsha-srdi-2025/*.case --explain
expect_exit 2 "compile --facts" -- "$P" compile "$POL" -o "$T/x.polc" --facts "$T/good.json"
[ ! -e "$T/x.polc" ] && ok || bad "compile with a wrong option wrote nothing"
expect_exit 2 "fmt -o" -- "$P" fmt "$POL" -o "$T/x.pol"
expect_exit 2 "fmt --update" -- "$P" fmt "$POL" --update
# polrun run from PATH (argv[0] without a folder) finds its standard
# library through /proc/self/exe: beside a build (stdlib/ of the source
# tree) and beside an installed binary (PREFIX/share/polrun/stdlib)
abs=$(cd "$(dirname "$P")" && pwd)/$(basename "$P")
root=$(pwd)
mkdir -p "$T/elsewhere" "$T/prefix/bin" "$T/prefix/share/polrun/stdlib"
expect_exit 0 "polrun from PATH, in a build" -- sh -c "cd '$T/elsewhere' && PATH='$(dirname "$abs")':\$PATH exec env -u POLRUN_STDLIB polrun check '$root/$POL'"
contains "$T/err" "changsha-srdi-2025.pol: ok" "the policy and its import of the standard library were read"
cp "$abs" "$T/prefix/bin/polrun" && cp stdlib/*.pol "$T/prefix/share/polrun/stdlib/"
expect_exit 0 "polrun from PATH, installed" -- sh -c "cd '$T/elsewhere' && PATH='$T/prefix/bin':\$PATH exec env -u POLRUN_STDLIB polrun check '$root/$POL'"
contains "$T/err" "changsha-srdi-2025.pol: ok" "the installed standard library was read"
printf 'import "no-such.pol"\n' > "$T/elsewhere/imports.pol"
expect_exit 1 "an import found nowhere" -- sh -c "cd '$T/elsewhere' && PATH='$T/prefix/bin':\$PATH exec env -u POLRUN_STDLIB polrun check imports.pol"
contains "$T/err" "looked for it at \`./no-such.pol\`, beside the importing file, and at \`$T/prefix/bin/../share/polrun/stdlib/no-such.pol\`, in the standard library" "E0702 names the places it looked in"
expect_exit 2 "check --keywords" -- "$P" check "$POL" --keywords zh
contains "$T/err" "polrun: --keywords does not apply to \`check\`" "--keywords belongs to fmt"
expect_exit 2 "fmt --keywords fr" -- "$P" fmt "$POL" --keywords fr
contains "$T/err" "polrun: --keywords fr: choose en or zh" "the sets are named"
expect_exit 2 "fmt --keywords without a set" -- "$P" fmt "$POL" --keywords
printf 'parameter cap = 30 万元\n' > "$T/kw.pol"
expect_exit 0 "fmt --keywords=zh" -- "$P" fmt --keywords=zh "$T/kw.pol"
[ "$(cat "$T/out")" = "参数 cap = 30 万元" ] && ok || bad "fmt --keywords=zh: $(cat "$T/out")"
expect_exit 1 "fmt --check --keywords zh of an English file" -- "$P" fmt --check --keywords zh "$T/kw.pol"
expect_exit 0 "fmt --write --keywords zh" -- "$P" fmt --write --keywords zh "$T/kw.pol"
[ "$(cat "$T/kw.pol")" = "参数 cap = 30 万元" ] && ok || bad "fmt --write --keywords zh: $(cat "$T/kw.pol")"
expect_exit 0 "fmt --check --keywords zh of a Chinese file" -- "$P" fmt --check --keywords zh "$T/kw.pol"
expect_exit 2 "disasm --explain" -- "$P" disasm "$POL" --explain
expect_exit 2 "graph --no-bom" -- "$P" graph "$POL" --no-bom
expect_exit 2 "run --output" -- "$P" run "$POL" --facts "$T/good.json" --output csv

# batch --explain: every line carries the explanation run --explain gives
printf '%s\n%s\n' "$good" '{"id":"X2","kind":"enterprise","registered_in_changsha":false,"is_sme":true,"tier":"srdi_sme","as_of":"2025-06-30"}' > "$T/two.ndjson"
expect_exit 0 "batch --explain" -- sh -c "\"$P\" batch \"$POL\" --explain < \"$T/two.ndjson\""
cp "$T/out" "$T/explained.ndjson"
"$P" run "$POL" --facts "$T/good.json" --explain > "$T/run.json"
python3 -c 'import json,sys; a=[json.loads(l) for l in open(sys.argv[1])]; sys.exit(not (len(a) == 2 and a[0] == json.load(open(sys.argv[2])) and a[1]["explanation"]["applies"]["holds"] is False))' "$T/explained.ndjson" "$T/run.json" \
    && ok || bad "batch --explain lines equal run --explain"
expect_exit 0 "batch --explain --jobs 2" -- sh -c "\"$P\" batch \"$POL\" --explain --jobs 2 < \"$T/two.ndjson\""
cmp -s "$T/out" "$T/explained.ndjson" && ok || bad "batch --explain --jobs 2 is byte-identical to --jobs 1"
expect_exit 2 "batch --explain=text" -- "$P" batch "$POL" --explain=text
contains "$T/err" "batch writes one line per applicant; use --explain" "--explain=text is refused with the way out"
expect_exit 2 "batch --explain --output csv" -- "$P" batch "$POL" --explain --output csv
contains "$T/err" "--explain cannot be written in CSV" "--explain with CSV output"
expect_exit 2 "batch --no-bom without CSV output" -- "$P" batch "$POL" --no-bom
contains "$T/err" "--no-bom applies to --output csv only" "--no-bom alone"

# batch: order kept, every line answered, bad lines in place, exit 3
printf '%s\n\n{\n%s\r\nnull\n[]\n{"id":"B1","kind":"enterprise"}\n%s' "$good" "$good" "$good" > "$T/in.ndjson"
printf '\357\273\277%s\n' "$good" > "$T/bom.ndjson"
expect_exit 3 "batch with bad lines" -- sh -c "\"$P\" batch \"$POL\" < \"$T/in.ndjson\""
lines=$(wc -l < "$T/out")
[ "$lines" -eq 8 ] && ok || bad "batch answered $lines lines, wanted 8"
sed -n 1p "$T/out" | grep -q '"id":"X1"' && ok || bad "batch line 1 is the decision"
sed -n 2p "$T/out" | grep -q '"line":2,' && ok || bad "blank line answered in place"
sed -n 3p "$T/out" | grep -q '"line":3,' && ok || bad "truncated object answered in place"
sed -n 4p "$T/out" | grep -q '"policy":"changsha-srdi-2025"' && ok || bad "CRLF line decided"
sed -n 5p "$T/out" | grep -q '"line":5,' && ok || bad "null answered"
sed -n 7p "$T/out" | grep -q '"line":7,"id":"B1"' && ok || bad "bad line carries its id"
sed -n 8p "$T/out" | grep -q '"id":"X1"' && ok || bad "last line without newline decided"
expect_exit 0 "batch with a BOM" -- sh -c "\"$P\" batch \"$POL\" < \"$T/bom.ndjson\""
contains "$T/out" '"id":"X1"' "BOM accepted"
expect_exit 0 "batch --date" -- sh -c "echo '$good' | \"$P\" batch \"$POL\" --date 2025-02-28"
contains "$T/out" '"in_force":false' "batch --date"

expect_exit 0 "disasm" -- "$P" disasm "$POL"
contains "$T/out" "== measure little_giant_first_award" "disasm prints chunks"
contains "$T/out" "COND" "disasm prints instructions"

# test: failing case gives a diff and exit 1; --update rewrites it
cp tests/cases/changsha-srdi-2025/001-*.case "$T/a.case"
sed 's/"in_force": false/"in_force": true/' "$T/a.case" > "$T/b.case"
expect_exit 1 "test with a failing case" -- "$P" test "$POL" "$T/b.case"
contains "$T/out" "0 passed, 1 failed" "test counts a failure"
contains "$T/out" "in_force" "test names the differing member"
expect_exit 0 "test --update" -- "$P" test "$POL" "$T/b.case" --update
expect_exit 0 "test after --update" -- "$P" test "$POL" "$T/b.case"
contains "$T/out" "1 passed, 0 failed" "updated case passes"

# --update keeps the case's layout: the values it records are rewritten
# where they stand (tests/cli/update: NAME.case before, NAME.updated after)
for f in tests/cli/update/*.case; do
    name=$(basename "$f" .case)
    cp "$f" "$T/u.case"
    expect_exit 1 "test $name before --update" -- "$P" test tests/example/example.pol "$T/u.case"
    expect_exit 0 "test --update $name" -- "$P" test tests/example/example.pol "$T/u.case" --update
    contains "$T/out" "1 updated" "test --update $name says it updated the case"
    if cmp -s "$T/u.case" "tests/cli/update/$name.updated"; then ok; else
        bad "test --update $name differs from tests/cli/update/$name.updated"
        diff "tests/cli/update/$name.updated" "$T/u.case" | head -20 | sed 's/^/    /'
    fi
    expect_exit 0 "test $name after --update" -- "$P" test tests/example/example.pol "$T/u.case"
    expect_exit 0 "test --update $name again" -- "$P" test tests/example/example.pol "$T/u.case" --update
    contains "$T/out" "0 updated" "test --update $name a second time changes nothing"
done
# an entitlement the case gives is compared by the members it gives
expect_exit 1 "test compares the members a case gives" -- "$P" test tests/example/example.pol tests/cli/update/compact.case
contains "$T/out" '+     "amount": "80000.00"' "the diff shows the member given"
expect_exit 1 "test compares the members a case gives, item by item" -- "$P" test tests/example/example.pol tests/cli/update/fewer.case
grep -q '"article"' "$T/out" && bad "the diff shows members the case does not give" || ok
# a case whose file cannot be written whole (a size limit: the write fails
# part way) is left as it was, and nothing is left beside it
mkdir "$T/limited"
cp tests/cli/update/pretty.case "$T/limited/p.case"
(ulimit -f 1; trap '' XFSZ; "$P" test tests/example/example.pol "$T/limited/p.case" --update >/dev/null 2>"$T/err")
[ $? -eq 1 ] && ok || bad "test --update past a file size limit: exit $?, wanted 1"
cmp -s "$T/limited/p.case" tests/cli/update/pretty.case && ok || bad "test --update past a file size limit cut the case"
[ "$(ls -A "$T/limited")" = "p.case" ] && ok || bad "test --update left files beside the case: $(ls -A "$T/limited")"
contains "$T/err" "E1001" "test --update says it cannot write the case"

# compile: a .polc file runs exactly like its source, and any flipped byte is refused
expect_exit 0 "compile" -- "$P" compile "$POL" -o "$T/c.polc"
expect_exit 2 "compile without -o" -- "$P" compile "$POL"
expect_exit 0 "run a .polc" -- "$P" run "$T/c.polc" --facts "$T/good.json"
cp "$T/out" "$T/from-polc"
"$P" run "$POL" --facts "$T/good.json" > "$T/from-source"
cmp -s "$T/from-polc" "$T/from-source" && ok || bad ".polc and source decide alike"
expect_exit 0 "disasm a .polc" -- "$P" disasm "$T/c.polc"
size=$(wc -c < "$T/c.polc")
refused=0
i=0
while [ "$i" -lt "$size" ]; do
    cp "$T/c.polc" "$T/x.polc"
    byte=$(od -An -tu1 -j "$i" -N1 "$T/c.polc" | tr -d ' ')
    printf "\\$(printf %03o $(( byte ^ 0x5a )))" | dd of="$T/x.polc" bs=1 seek="$i" conv=notrunc 2>/dev/null
    "$P" disasm "$T/x.polc" >/dev/null 2>&1
    [ $? -eq 1 ] && refused=$((refused + 1))
    i=$((i + 41))
done
expected=$(( (size + 40) / 41 ))
[ "$refused" -eq "$expected" ] && ok || bad "corrupted .polc: $refused of $expected flipped files refused"
printf 'POLC\011\000\000\000\000\000\000\000\000\000' > "$T/v.polc"
expect_exit 1 "a .polc of another version" -- "$P" disasm "$T/v.polc"
contains "$T/err" "format version 9" "another format version is named"

# the digest: the SHA-256 of the .polc bytes, the same from the source and
# from the .polc, printed by check and compile, in every decision
expect_exit 0 "check prints the digest" -- "$P" check "$POL"
grep -qx 'sha256:[0-9a-f]\{64\}' "$T/out" && ok || bad "check prints sha256:<64 hex> on stdout: $(cat "$T/out")"
digest=$(cat "$T/out")
contains "$T/err" "changsha-srdi-2025.pol: ok" "check still says ok on stderr"
expect_exit 0 "compile prints the digest" -- "$P" compile "$POL" -o "$T/d.polc"
[ "$(cat "$T/out")" = "$digest" ] && ok || bad "compile prints the digest check printed"
[ "sha256:$(sha256sum "$T/d.polc" | cut -d' ' -f1)" = "$digest" ] && ok || bad "the digest is sha256sum of the .polc"
expect_exit 0 "check a .polc" -- "$P" check "$T/d.polc"
[ "$(cat "$T/out")" = "$digest" ] && ok || bad "check of the .polc prints the same digest"
for pol in "$POL" "$T/d.polc"; do
    "$P" run "$pol" --facts "$T/good.json" > "$T/out"
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); k=list(d); sys.exit(not (d["digest"] == sys.argv[2] and k[k.index("total") + 1] == "digest"))' "$T/out" "$digest" \
        && ok || bad "run $pol: the digest is the member after total"
done
echo "$good" | "$P" batch "$POL" > "$T/out"
grep -q "\"total\":\"0.00\",\"digest\":\"$digest\"}\$" "$T/out" && ok || bad "batch: the digest after the total"
echo "$good" | "$P" batch "$POL" --output csv --no-bom > "$T/out"
head -1 "$T/out" | grep -q ',total,digest,error' && ok || bad "batch --output csv: a digest column"
sed -n 2p "$T/out" | grep -q ",0.00,$digest," && ok || bad "batch --output csv: the digest in its column"
# one character of an amount changes it; a comment changes it too (the sources travel in the .polc)
mkdir -p "$T/amended"
cp -R policies/. "$T/amended/"
sed 's/^parameter digital_ceiling = 30 万元/parameter digital_ceiling = 31 万元/' "$POL" > "$T/amended/changsha-srdi-2025.pol"
grep -q '31 万元' "$T/amended/changsha-srdi-2025.pol" && ok || bad "the amended copy changed an amount"
"$P" check "$T/amended/changsha-srdi-2025.pol" > "$T/out" 2>/dev/null
[ -s "$T/out" ] && [ "$(cat "$T/out")" != "$digest" ] && ok || bad "a one-character change of an amount changes the digest"
# the same policy compiled in two folders, from absolute and relative
# paths, with two standard library folders: the same bytes
mkdir -p "$T/one/p" "$T/two/deep/q" "$T/lib1" "$T/lib2"
cp -R policies/. "$T/one/p/"
cp -R policies/. "$T/two/deep/q/"
cp stdlib/*.pol "$T/lib1/"
cp stdlib/*.pol "$T/lib2/"
P_ABS=$(cd "$(dirname "$P")" && pwd)/$(basename "$P")
(cd "$T/one" && "$P_ABS" compile p/changsha-srdi-2025.pol -o "$T/one.polc" --stdlib "$T/lib1" > /dev/null) &&
(cd "$T/two/deep" && "$P_ABS" compile "$T/two/deep/q/changsha-srdi-2025.pol" -o "$T/two.polc" --stdlib ../../lib2 > /dev/null) \
    && ok || bad "compiling in two folders"
cmp -s "$T/one.polc" "$T/two.polc" && ok || bad "the same policy compiled in two folders gives the same .polc bytes"
cmp -s "$T/one.polc" "$T/d.polc" && ok || bad "... the bytes compile gives in the source tree"
grep -a -q "$T" "$T/one.polc" && bad "a .polc holds no folder it was compiled in" || ok
grep -a -q 'stdlib/period.pol' "$T/one.polc" && ok || bad "the standard library is named stdlib/period.pol in a .polc"
# a case that recorded another digest: a note, not a failure
sed 's/"total": "0.00"/"total": "0.00", "digest": "sha256:0000"/' tests/cases/changsha-srdi-2025/001-*.case > "$T/rec.case"
expect_exit 0 "a case recorded under another digest passes" -- "$P" test "$POL" "$T/rec.case"
contains "$T/out" "note $T/rec.case: recorded under other rules (\"sha256:0000\"); decided now under $digest" "the case says it was recorded under other rules"
sed "s/\"total\": \"0.00\"/\"total\": \"0.00\", \"digest\": \"$digest\"/" tests/cases/changsha-srdi-2025/001-*.case > "$T/same.case"
expect_exit 0 "a case recorded under this digest" -- "$P" test "$POL" "$T/same.case"
grep -q '^note' "$T/out" && bad "no note for a case recorded under this digest" || ok

# the example policy uses every construct: it compiles, disassembles and runs from .polc
expect_exit 0 "check the example policy" -- "$P" check tests/example/example.pol
expect_exit 0 "compile the example policy" -- "$P" compile tests/example/example.pol -o "$T/ex.polc"
expect_exit 0 "disasm the example policy" -- "$P" disasm "$T/ex.polc"
contains "$T/out" "RULE_JOIN" "the example's default logic is in its bytecode"
expect_exit 0 "the example's cases from its .polc" -- "$P" test "$T/ex.polc" tests/example/cases/*.case

# docs/bytecode.md is generated from the opcode list and must be current
sh tools/gen-bytecode-doc.sh src/opcodes.h > "$T/bytecode.md"
cmp -s "$T/bytecode.md" docs/bytecode.md && ok || bad "docs/bytecode.md is stale: run make docs/bytecode.md"

# graph: Graphviz accepts the picture of the policy
expect_exit 0 "graph" -- "$P" graph "$POL"
contains "$T/out" '"measure:little_giant_first_award"' "graph has the measures"
contains "$T/out" 'art. 一' "graph labels measures with their articles"
contains "$T/out" '"fact:digital.procurement_total"' "graph has the facts read"
if command -v dot >/dev/null 2>&1; then
    dot -Tsvg "$T/out" > "$T/g.svg" 2>"$T/dot.err" && [ -s "$T/g.svg" ] && ok || bad "dot rejects the graph: $(cat "$T/dot.err")"
else
    bad "graphviz (dot) is not installed: run make deps"
fi

# the options' refusals and the case files at their edges
. tests/cli/edges.sh

finish cli
