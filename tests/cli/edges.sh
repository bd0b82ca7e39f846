# The command line at its edges, sourced by tests/cli/run.sh (its $P, $T,
# $POL, helpers and counts): every option's refusal with its exact message
# and status, and `polrun test` on the case files and --update runs that
# the rest of the suite does not make: an expected error the run now
# misses or gives otherwise, a member the decision lacks, CRLF and tabs,
# a case that cannot be read, --update from an error to a decision and
# back, from text that is not JSON, keeping a recorded digest; `diff
# --cases` with a case that cannot be read or has no date, and a policy
# without `identified by` in each format.

# ---------------------------------------------------------------- usage
# usage NAME MESSAGE -- COMMAND...: exit 2 and exactly this message, then
# the hint
usage() {
    what=$1 msg=$2
    shift 2
    expect_exit 2 "$what" "$@"
    printf 'polrun: %s\nrun `polrun --help` for usage\n' "$msg" >"$T/usage.want"
    same "$T/err" "$T/usage.want" "$what: the message"
    empty "$T/out" "$what: nothing on standard output"
}
usage "check without a policy" "check: name the policy file" -- "$P" check
usage "--facts without its value" "--facts needs a value" -- "$P" check "$POL" --facts
usage "--stale without its value" "--stale needs a value" -- "$P" check "$POL" --stale
usage "-o without its value" "-o needs a value" -- "$P" compile "$POL" -o
usage "--stale=DATE not a date" "--stale 2026-02-30: expected a date YYYY-MM-DD that exists" -- "$P" check "$POL" --stale=2026-02-30
usage "--write and --check together" "--check: choose one of --write, --check and --dump-ast" -- "$P" fmt "$POL" --write --check
usage "--keywords=fr" "--keywords fr: choose en or zh" -- "$P" fmt "$POL" --keywords=fr
usage "--keywords without its value" "--keywords needs a value" -- "$P" fmt "$POL" --keywords
usage "--error-format without its value" "--error-format needs a value" -- "$P" check "$POL" --error-format
usage "--error-format=xml" "--error-format xml: choose human, gnu or json" -- "$P" check "$POL" --error-format=xml
usage "--jobs without its value" "--jobs needs a value" -- "$P" batch "$POL" --jobs
usage "--jobs=0" "--jobs 0: give a number of threads from 1 to 256" -- "$P" batch "$POL" --jobs=0
usage "--jobs 257" "--jobs 257: give a number of threads from 1 to 256" -- "$P" batch "$POL" --jobs 257
usage "--jobs x" "--jobs x: give a number of threads from 1 to 256" -- "$P" batch "$POL" --jobs x
usage "--jobs 1x" "--jobs 1x: give a number of threads from 1 to 256" -- "$P" batch "$POL" --jobs 1x
usage "--input=xml" "--input xml: choose ndjson or csv" -- "$P" batch "$POL" --input=xml
usage "--output xml" "--output xml: choose ndjson or csv" -- "$P" batch "$POL" --output xml
usage "--output without its value" "--output needs a value" -- "$P" batch "$POL" --output
usage "--format without its value" "--format needs a value" -- "$P" diff "$POL" "$POL" --format
usage "--format=yaml" "--format yaml: choose text, json or csv" -- "$P" diff "$POL" "$POL" --format=yaml
usage "--lang without its value" "--lang needs a value" -- "$P" check "$POL" --lang
usage "--lang=fr" "--lang fr: choose zh or en" -- "$P" --lang=fr check "$POL"
usage "test without cases" "test: name the case files to replay" -- "$P" test "$POL"
usage "doc without -o" "doc: name the output folder with -o DIR" -- "$P" doc "$POL"
usage "lsp with a policy" "unexpected argument $POL" -- "$P" lsp "$POL"
usage "graph with two policies" "unexpected argument extra.pol" -- "$P" graph "$POL" extra.pol
usage "a lone dash as a second policy" "unexpected argument -" -- "$P" check "$POL" -
usage "--no-bom to batch without CSV output" "--no-bom applies to --output csv only" -- "$P" batch "$POL" --no-bom
usage "--explain with CSV output" "--explain cannot be written in CSV: use it with --output ndjson" -- "$P" batch "$POL" --explain --output=csv
usage "diff --no-bom without CSV" "--no-bom applies to diff --format csv only" -- "$P" diff "$POL" "$POL" --no-bom
usage "diff --cases with --input" "--input: diff --cases reads case files, not standard input" -- \
    "$P" diff "$POL" "$POL" --cases x.case --input csv
usage "diff with a bad --date" "--date 2025-02-30: expected a date YYYY-MM-DD that exists" -- "$P" diff "$POL" "$POL" --date 2025-02-30
usage "batch with a bad --date" "--date 2025-02-30: expected a date YYYY-MM-DD that exists" -- "$P" batch "$POL" --date=2025-02-30
usage "--update to check" "--update does not apply to \`check\`" -- "$P" check "$POL" --update
usage "--input to run" "--input does not apply to \`run\`" -- "$P" run "$POL" --facts x.json --input=csv

# the options in their NAME=VALUE spelling do what the spaced one does
expect_exit 0 "run --facts=FILE --date=DATE" -- "$P" run "$POL" --facts="$T/good.json" --date=2025-06-30
contains "$T/out" '"as_of": "2025-06-30"' "run --facts=FILE --date=DATE decides"
expect_exit 0 "check --stale=DATE" -- "$P" check "$POL" --stale=2025-01-01
contains "$T/err" "every dated value verified since 2025-01-01" "check --stale=DATE"
expect_exit 0 "fmt --keywords en" -- "$P" fmt "$POL" --keywords en
same "$T/out" "$POL" "fmt --keywords en prints the canonical policy"
expect_exit 0 "--error-format human" -- "$P" check "$POL" --error-format human
contains "$T/err" "ok (15 measures" "--error-format human prints the summary"
# tools read the diagnostics alone: no summary in the other formats
expect_exit 0 "--error-format=json" -- "$P" check "$POL" --error-format=json
empty "$T/err" "check --error-format=json says nothing of a good policy"
printf 'policy "x"\n  title "t"\nmeasure m\n' >"$T/broken-edges.pol"
expect_exit 1 "check --error-format=gnu on a broken policy" -- "$P" check "$T/broken-edges.pol" --error-format=gnu
grep -q 'errors\? found\|failed' "$T/err" && bad "--error-format=gnu prints no summary" || ok
# a policy that does not check: each command that loads one says so, exit 1
# (diff: 2, trouble)
expect_exit 1 "test of a broken policy" -- "$P" test "$T/broken-edges.pol" "$T/none.case"
expect_exit 1 "compile of a broken policy" -- "$P" compile "$T/broken-edges.pol" -o "$T/broken-edges.polc"
expect_exit 1 "graph of a broken policy" -- "$P" graph "$T/broken-edges.pol"
expect_exit 1 "doc of a broken policy" -- "$P" doc "$T/broken-edges.pol" -o "$T/docx"
expect_exit 1 "batch of a broken policy" -- "$P" batch "$T/broken-edges.pol" </dev/null
expect_exit 2 "diff from a broken policy" -- "$P" diff "$T/broken-edges.pol" "$POL" </dev/null
contains "$T/err" "error[E" "diff from a broken policy: its diagnostic"
[ -e "$T/broken-edges.polc" ] && bad "compile of a broken policy wrote a file" || ok
[ -e "$T/docx" ] && bad "doc of a broken policy made its folder" || ok
# POLRUN_GC_STRESS=0 and empty are off; on, the decisions are the same
for v in 0 "" 1; do
    POLRUN_GC_STRESS=$v "$P" run "$POL" --facts "$T/good.json" >"$T/gc.out" 2>"$T/err" && ok || bad "POLRUN_GC_STRESS=$v: exit $?"
    "$P" run "$POL" --facts "$T/good.json" >"$T/gc.want" 2>/dev/null
    same "$T/gc.out" "$T/gc.want" "POLRUN_GC_STRESS=$v decides alike"
done
# the stdlib found beside the binary by its name on PATH (no slash in argv[0])
mkdir -p "$T/bin"
ln -sf "$(cd "$(dirname "$P")" && pwd)/$(basename "$P")" "$T/bin/polrun"
(PATH="$T/bin:$PATH"; unset POLRUN_STDLIB; cd "$T" && polrun check "$OLDPWD/$POL" >"$T/out" 2>"$T/err") && ok ||
    bad "polrun found on PATH checks a policy: $(cat "$T/err")"

# ---------------------------------------------------------------- test
PP=tests/diagnostics/facts/policy.pol
F='{"id": "A1", "as_of": "2025-06-30", "kind": "enterprise", "tier": "small", "registered": true, "staff": 10, "revenue": "1000.00", "ratio": 0.5, "founded_on": "2020-01-01", "closed_on": null, "projects": []}'
BADF='{"id": "A1", "as_of": "2025-06-30", "kind": "enterprise", "tier": "medium", "registered": true, "staff": 10, "revenue": "1000.00", "ratio": 0.5, "founded_on": "2020-01-01", "closed_on": null, "projects": []}'
mkdir "$T/cases"
C=$T/cases
printf 'case: wrong exit\nfacts:\n%s\nexpect error:\n{"exit": 1}\n' "$BADF" >"$C/wrong-exit.case"
printf 'case: wrong message\nfacts:\n%s\nexpect error:\n{"exit": 3, "path": "$.tier", "message": "no"}\n' "$BADF" >"$C/wrong-message.case"
printf 'case: no such member\nfacts:\n%s\nexpect:\n{"bonus": "1.00", "digest": 12}\n' "$F" >"$C/no-member.case"
printf 'case:\tTabs and CRLF\t \r\ndate: 2025-06-30\r\nfacts:\r\n%s\r\n\r\nexpect:\r\n{"total": "100000.00"}\r\n' "$F" >"$C/crlf.case"
expect_exit 1 "test: errors other than expected, a member missing, CRLF, a missing file" -- \
    "$P" test "$PP" "$C/wrong-exit.case" "$C/wrong-message.case" "$C/no-member.case" "$C/crlf.case" "$C/missing.case"
cat >"$T/test.want" <<EOF
FAIL $C/wrong-exit.case: wrong exit
  expected error: {
  "exit": 1
}
  got exit 3 at \$.tier: expected one of "none", "small", "large"; got "medium"
FAIL $C/wrong-message.case: wrong message
  expected error: {
  "exit": 3,
  "path": "\$.tier",
  "message": "no"
}
  got exit 3 at \$.tier: expected one of "none", "small", "large"; got "medium"
FAIL $C/no-member.case: no such member
  bonus:
    the decision has no member \`bonus\`
note $C/no-member.case: recorded under other rules (12); decided now under sha256:…
FAIL $C/missing.case: cannot read: No such file or directory
1 passed, 4 failed
EOF
sed 's/sha256:[0-9a-f]\{64\}/sha256:…/' "$T/out" >"$T/test.got"
same "$T/test.got" "$T/test.want" "test: the FAIL lines of each"
printf 'error[E0701]: cannot read %s: No such file or directory\n' "$C/missing.case" >"$T/test.want"
same "$T/err" "$T/test.want" "test: a case file that cannot be read"

# --update: an expected error the run no longer gives becomes the decision
# (without a digest, as none was recorded); a decision the run no longer
# gives is left, and said; an expected error or decision that is not JSON
# is written whole; a recorded digest is rewritten in place
printf 'case: now decides\nfacts:\n%s\nexpect error:\n{"exit": 3, "path": "$.tier"}\n' "$F" >"$C/now-decides.case"
printf 'case: now refused\nfacts:\n%s\nexpect:\n{"total": "100000.00"}\n' "$BADF" >"$C/now-refused.case"
printf 'case: error not JSON\nfacts:\n%s\nexpect error:\n{"exit": 3, "path": "$.kind"\n' "$BADF" >"$C/error-not-json.case"
printf 'case: decision not JSON\nfacts:\n%s\nexpect:\n{"total": \n' "$F" >"$C/decision-not-json.case"
printf 'case: a digest\nfacts:\n%s\nexpect:\n{"total": "1.00", "digest": "sha256:0"}\n' "$F" >"$C/digest.case"
cp "$C/now-refused.case" "$C/now-refused.orig"
expect_exit 1 "test --update: a case that now fails is not updated" -- "$P" test "$PP" "$C/now-decides.case" \
    "$C/now-refused.case" "$C/error-not-json.case" "$C/decision-not-json.case" "$C/digest.case" --update
cat >"$T/test.want" <<EOF
updated $C/now-decides.case
FAIL $C/now-refused.case: not updated: the case now fails with exit 3: \$.tier: expected one of "none", "small", "large"; got "medium"
updated $C/error-not-json.case
updated $C/decision-not-json.case
updated $C/digest.case
4 updated
4 passed, 1 failed
EOF
same "$T/out" "$T/test.want" "test --update: what each case became"
same "$C/now-refused.case" "$C/now-refused.orig" "test --update leaves a case that now fails as it was"
DECISION='{
  "id": "A1",
  "policy": "facts",
  "as_of": "2025-06-30",
  "in_force": true,
  "entitlements": [
    {
      "measure": "award",
      "article": "一",
      "title": "Award",
      "amount": "100000.00",
      "basis": "fixed"
    }
  ],
  "total": "100000.00"
}'
printf 'case: now decides\nfacts:\n%s\nexpect:\n%s\n' "$F" "$DECISION" >"$T/test.want"
same "$C/now-decides.case" "$T/test.want" "test --update: an error no longer given becomes the decision"
printf 'case: error not JSON\nfacts:\n%s\nexpect error:\n{"exit": 3, "path": "$.tier"}\n' "$BADF" >"$T/test.want"
same "$C/error-not-json.case" "$T/test.want" "test --update: an expected error that is not JSON written whole"
printf 'case: decision not JSON\nfacts:\n%s\nexpect:\n%s\n' "$F" "$DECISION" >"$T/test.want"
same "$C/decision-not-json.case" "$T/test.want" "test --update: an expected decision that is not JSON written whole"
sed 's/sha256:[0-9a-f]\{64\}/sha256:…/' "$C/digest.case" >"$T/test.got"
printf 'case: a digest\nfacts:\n%s\nexpect:\n{"total": "100000.00", "digest": "sha256:…"}\n' "$F" >"$T/test.want"
same "$T/test.got" "$T/test.want" "test --update: a recorded digest rewritten where it stands"
expect_exit 0 "test after --update" -- "$P" test "$PP" "$C/now-decides.case" "$C/error-not-json.case" \
    "$C/decision-not-json.case" "$C/digest.case"
# a case file with two names is not replaced (E0712), nor are the others
# dropped: the count says so
printf 'case: two names\nfacts:\n%s\nexpect:\n{"total": "1.00"}\n' "$F" >"$C/linked.case"
ln "$C/linked.case" "$C/other-name.case"
expect_exit 1 "test --update on a case file with two names" -- "$P" test "$PP" "$C/linked.case" --update
contains "$T/err" "error[E0712]" "test --update on a case file with two names: E0712"
contains "$T/out" "FAIL $C/linked.case: cannot rewrite: Too many links" "test --update on a case file with two names: FAIL"
contains "$C/other-name.case" '{"total": "1.00"}' "the case file with two names is left as it was"

# ---------------------------------------------------------------- diff
# diff --cases: a case without a date is decided on its facts' date; a
# case file that cannot be read is said (E0701) and makes it trouble (2),
# the others compared all the same; CSV whose header cannot be written
printf 'case: no date\nfacts:\n%s\nexpect:\n{}\n' "$F" >"$C/nodate.case"
expect_exit 2 "diff --cases with a case that cannot be read" -- "$P" diff "$PP" "$PP" --cases "$C/nodate.case" "$C/missing.case"
contains "$T/out" "1 applicants, 0 changed (0 gained, 0 lost)" "diff --cases: the case read is compared"
printf 'error[E0701]: cannot read %s: No such file or directory\n' "$C/missing.case" >"$T/want"
same "$T/err" "$T/want" "diff --cases: the case that cannot be read"
expect_exit 2 "diff --cases --format csv to a full disk" -- sh -c '"$1" diff "$2" "$2" --cases "$3" --format csv >/dev/full' \
    sh "$P" "$PP" "$C/nodate.case"
printf 'error[E1202]: writing decisions: No space left on device\n' >"$T/want"
same "$T/err" "$T/want" "diff --cases --format csv to a full disk: E1202 once"
# a policy without `identified by`: an applicant is named by its line, its
# id cell empty
cat >"$T/anon-old.pol" <<'POL'
policy "n"
  title "N"
  in force from 2025-01-01 for 1 year

facts {
  n: integer
}

measure m
  article "1"
  title "M"
  when n > 1
  amount fixed 1 元
POL
sed 's/when n > 1/when n > 2/' "$T/anon-old.pol" >"$T/anon-new.pol"
printf '{"n": 2}\n' >"$T/anon.ndjson"
expect_exit 1 "diff of a policy without an id, CSV" -- sh -c '"$1" diff "$2" "$3" --date 2025-06-30 --format csv --no-bom <"$4"' \
    sh "$P" "$T/anon-old.pol" "$T/anon-new.pol" "$T/anon.ndjson"
printf 'line,id,old_total,new_total,m.old,m.new,old_error,new_error\r\n1,,1.00,0.00,1.00,,,\r\n' >"$T/want"
same "$T/out" "$T/want" "diff of a policy without an id: the id cell empty"
printf 'n\n2\nx\n' >"$T/anon.csv"
expect_exit 1 "diff of a policy without an id, CSV in, text out" -- sh -c '"$1" diff "$2" "$3" --date 2025-06-30 --input csv <"$4"' \
    sh "$P" "$T/anon-old.pol" "$T/anon-new.pol" "$T/anon.csv"
sed 's/sha256:[0-9a-f]\{64\}/sha256:…/g' "$T/out" >"$T/got"
cat >"$T/want" <<'TXT'
before: sha256:…; after: sha256:…
2 applicants, 1 changed (0 gained, 1 lost)
1 not decided under either version (their facts are refused or the policy fails on them)
total: 1.00 before, 0.00 after
  m: granted 1 before, 0 after; total 1.00 before, 0.00 after

the changed applicant:
line 2 (-): total 1.00 → 0.00
    m: 1.00 → not granted
TXT
same "$T/got" "$T/want" "diff of a policy without an id: named by its line"

# ---------------------------------------------------------------- graph
# the edges policy's graph against its golden (a title with quotes, a
# measure without one, list members read through their items); a header
# with a source; `applies when` as a node of its own, a backslash escaped,
# a title that repeats the article left out
expect_exit 0 "graph of the doc edges policy" -- "$P" graph tests/doc/edges.pol
same "$T/out" tests/cli/golden/graph-edges.dot "graph of tests/doc/edges.pol"
expect_exit 0 "graph of a policy with a source" -- "$P" graph tests/doc/small.pol
contains "$T/out" 'label="doc-sample-2025\n小微企业稳岗扶持办法（测试用） 某政发〔2025〕1号", labelloc=t];' "graph names the source"
cat >"$T/applies.pol" <<'POL'
policy "ap"
  title "A \\ B"
  in force from 2025-01-01 for 1 year
  applies when registered

facts {
  id: text
  registered: bool
}

measure m
  article "1"
  title "1"
  amount fixed 1 元
POL
expect_exit 0 "graph of a policy with applies when" -- "$P" graph "$T/applies.pol"
cat >"$T/want" <<'DOT'
digraph policy {
  graph [rankdir=LR, fontname="Noto Sans CJK SC,sans-serif", label="ap\nA \\ B", labelloc=t];
  node [fontname="Noto Sans CJK SC,sans-serif", fontsize=11];
  edge [color="#888888"];
  "applies" [label="every measure applies when\nregistered", shape=hexagon, style=filled, fillcolor="#fbeeee"];
  "fact:registered" [label="registered", shape=ellipse, style=filled, fillcolor="#eef6ee"];
  "applies" -> "fact:registered";
  "measure:m" [label="m\nart. 1  ", shape=box, style="bold,filled", fillcolor="#dde8fb"];
}
DOT
same "$T/out" "$T/want" "graph: applies when, a backslash, a title that is the article"

# ---------------------------------------------------------------- batch
# a stopping signal ignored when polrun started (nohup) stays ignored:
# SIGHUP does not stop the batch, every line is answered, exit 0
mkfifo "$T/hup.fifo"
sh -c 'trap "" HUP; exec "$1" batch "$2" <"$3" >"$4" 2>"$5"' sh "$P" "$POL" "$T/hup.fifo" "$T/hup.out" "$T/hup.err" &
hup_pid=$!
exec 3>"$T/hup.fifo"
cat "$T/good.json" >&3
sleep 0.3
kill -HUP "$hup_pid" 2>/dev/null
cat "$T/good.json" >&3
exec 3>&-
wait "$hup_pid"
hup_status=$?
[ "$hup_status" -eq 0 ] && ok || bad "batch with SIGHUP ignored, sent SIGHUP: exit $hup_status, wanted 0 ($(cat "$T/hup.err"))"
[ "$(grep -c '"total"' "$T/hup.out")" -eq 2 ] && ok || bad "batch with SIGHUP ignored: both lines answered: $(cat "$T/hup.out")"
empty "$T/hup.err" "batch with SIGHUP ignored: nothing on standard error"

# ---------------------------------------------------------------- more
# an expected error whose path is not text: E1111, the FAIL line in English
printf 'case: x\nfacts:\n{}\nexpect error:\n{"path": 3}\n' >"$C/path-number.case"
expect_exit 1 "test: an expected error's path that is a number" -- "$P" test "$PP" "$C/path-number.case"
contains "$T/out" "FAIL $C/path-number.case: \`path\` of the expected error must be a JSON string" "E1111's FAIL line"
contains "$T/err" "error[E1111]: \`path\` of an expected error must be a JSON string" "E1111"
# diff --cases: a case with a date that is none (E1107) and a file that is
# no case (E1102): both said, nothing compared, trouble
printf 'case: x\ndate: 2025-13-01\nfacts:\n{}\nexpect:\n{}\n' >"$C/bad-date.case"
printf 'nothing\n' >"$C/no-case.case"
expect_exit 2 "diff --cases with a bad date and a file that is no case" -- "$P" diff "$PP" "$PP" --cases "$C/bad-date.case" "$C/no-case.case"
contains "$T/out" "0 applicants, 0 changed (0 gained, 0 lost)" "diff --cases: nothing compared"
contains "$T/err" "error[E1107]: \`2025-13-01\` is not a date YYYY-MM-DD" "diff --cases: the bad date"
contains "$T/err" "error[E1102]: expected \`key: value\`, \`facts:\` or \`expect:\`, found \`nothing\`" "diff --cases: no case"
# check --stale with one stale step: the summary in the singular
cat >"$T/one-step.pol" <<'POL'
policy "one"
  title "One"
  in force from 2025-01-01 for 1 year

facts {
  id: text
}

parameter rate: decimal
  from 2025-01-01: 30% source "A-1" verified 2025-02-01

measure m
  article "1"
  title "M"
  amount fixed 1 元
POL
expect_exit 1 "check --stale with one stale step" -- "$P" check "$T/one-step.pol" --stale 2025-06-01
contains "$T/out" "one-step.pol:10: \`rate\`: from 2025-01-01: 30% source \"A-1\": verified 2025-02-01" "the stale step"
contains "$T/err" "one-step.pol: 1 dated value not verified since 2025-06-01" "one dated value, in the singular"
# the stdlib from POLRUN_STDLIB
POLRUN_STDLIB="$(pwd)/stdlib" "$P" check tests/example/example.pol >"$T/out" 2>"$T/err" && ok ||
    bad "POLRUN_STDLIB names the stdlib: $(cat "$T/err")"
POLRUN_STDLIB="$T/no-stdlib" "$P" check tests/example/example.pol >"$T/out" 2>"$T/err" && bad "POLRUN_STDLIB to nothing: the imports fail" || ok
contains "$T/err" "error[E" "POLRUN_STDLIB to nothing: the import's error"
# run of a policy that does not check; -h; fmt of two files, --dump-ast
# given twice, --write given a dash after a file, in the gnu format
expect_exit 1 "run of a broken policy" -- "$P" run "$T/broken-edges.pol" --facts "$T/good.json"
expect_exit 0 "-h" -- "$P" -h
contains "$T/out" "usage: polrun COMMAND [OPTIONS]" "-h prints the usage"
expect_exit 0 "fmt of two files" -- "$P" fmt tests/doc/edges.pol tests/doc/small.pol
cat tests/doc/edges.pol tests/doc/small.pol >"$T/want"
same "$T/out" "$T/want" "fmt of two canonical files prints both as they are"
expect_exit 0 "--dump-ast twice" -- "$P" fmt tests/doc/small.pol --dump-ast --dump-ast
usage "fmt --write with a dash after a file" "fmt --write cannot rewrite standard input" -- \
    "$P" fmt tests/doc/small.pol - --write
sed 's/amount fixed 1/amount   fixed 1/' "$T/applies.pol" >"$T/ugly.pol"
expect_exit 1 "fmt --check, gnu format, a file not canonical" -- "$P" fmt "$T/ugly.pol" --check --error-format gnu
contains "$T/out" "+  amount fixed 1 元" "fmt --check shows the canonical line"
# --jobs with a sign, --output ndjson
usage "--jobs=-1" "--jobs -1: give a number of threads from 1 to 256" -- "$P" batch "$POL" --jobs=-1
expect_exit 0 "batch --output ndjson" -- "$P" batch "$POL" --output ndjson --input ndjson <"$T/good.json"
contains "$T/out" '"total":' "batch --output ndjson decides"
