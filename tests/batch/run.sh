#!/bin/sh
# `polrun batch` at scale: streaming, --jobs, the sharding property that
# Spark and Hadoop Streaming rely on, and CSV in and out.
#   tests/batch/run.sh POLRUN
# Ends with "batch: N passed, N failed"; exit 1 on any failure.
P=${1:-build/polrun}
POL=policies/changsha-srdi-2025.pol
HERE=$(dirname "$0")
. "$HERE/../lib.sh"   # the messages of bad lines are compared in English
status() {   # status GOT WANT DESCRIPTION
    if [ "$1" -eq "$2" ]; then ok; else bad "$3: exit $1, wanted $2"; fi
}
lines() { wc -l < "$1" | tr -d ' '; }
# the digest of the policy, which every change of it changes, as the golden
# files write it
undigest() { sed 's/sha256:[0-9a-f]\{64\}/sha256:…/' "$1" > "$1.golden"; }

# The generator of the benchmark, built here so that this suite needs
# nothing but a C compiler: the same applicants as NDJSON and as CSV.
GEN="$T/gen"
if ! cc -std=c11 -O2 -o "$GEN" bench/gen.c 2>"$T/cc.err"; then
    bad "cannot build bench/gen.c"; cat "$T/cc.err"
    echo "batch: $pass passed, $fail failed"
    exit 1
fi

# ---------------------------------------------------------------- streaming
# A mixed register: the oracle's generator writes tricky JSON (escapes,
# tabs, shuffled keys) and one bad line in ten, each with one defect.
python3 tests/oracle/gen_facts.py 7 20000 --invalid-rate 0.1 > "$T/mixed.ndjson"
# plus the awkward lines: empty, CRLF, a BOM, and a last line without LF
{
    cat "$T/mixed.ndjson"
    printf '\n'
    printf '{"id":"CRLF","kind":"enterprise","registered_in_changsha":true,"is_sme":true,"tier":"none","as_of":"2025-06-30"}\r\n'
    printf '\357\273\277{"id":"BOM","kind":"enterprise","registered_in_changsha":true,"is_sme":true,"tier":"none","as_of":"2025-06-30"}\n'
    printf '{"id":"LAST","kind":"enterprise","registered_in_changsha":true,"is_sme":true,"tier":"none","as_of":"2025-06-30"}'
} > "$T/in.ndjson"
"$P" batch "$POL" < "$T/in.ndjson" > "$T/j1.out" 2>"$T/j1.err"
status $? 3 "a register with bad lines exits 3"
[ "$(lines "$T/j1.out")" -eq 20004 ] && ok || bad "every line answered: $(lines "$T/j1.out") answers to 20004 lines"
grep -q '^{"line":20001,"error":{"path":"\$","message":"empty line' "$T/j1.out" && ok || bad "the empty line is answered in its place"
sed -n 20002p "$T/j1.out" | grep -q '^{"id":"CRLF"' && ok || bad "a CRLF line is decided"
sed -n 20003p "$T/j1.out" | grep -q '^{"id":"BOM"' && ok || bad "a line with a BOM is decided"
sed -n 20004p "$T/j1.out" | grep -q '^{"id":"LAST"' && ok || bad "a last line without LF is decided"
for j in 2 3 4; do
    "$P" batch "$POL" --jobs $j < "$T/in.ndjson" > "$T/j$j.out" 2>/dev/null
    status $? 3 "--jobs $j exit status"
    same "$T/j1.out" "$T/j$j.out" "--jobs $j is byte-identical to --jobs 1"
done
"$P" batch "$POL" --jobs 2 --date 2026-01-01 < "$T/in.ndjson" > "$T/d2.out" 2>/dev/null
"$P" batch "$POL" --date 2026-01-01 < "$T/in.ndjson" > "$T/d1.out" 2>/dev/null
same "$T/d1.out" "$T/d2.out" "--jobs 2 --date is byte-identical to --jobs 1"

: > "$T/empty"
"$P" batch "$POL" --jobs 2 < "$T/empty" > "$T/empty.out"
status $? 0 "no input, no output: exit 0"
[ ! -s "$T/empty.out" ] && ok || bad "no input gives no output"

# A line over the facts limit (16 MiB) is answered, not held: memory stays
# bounded and the next line is decided.
python3 -c '
import sys
sys.stdout.write("{\"id\":\"BIG\",\"name\":\"" + "x" * (17 << 20) + "\"}\n")
sys.stdout.write("{\"id\":\"AFTER\",\"kind\":\"enterprise\",\"registered_in_changsha\":true,\"is_sme\":true,\"tier\":\"none\",\"as_of\":\"2025-06-30\"}\n")
' > "$T/big.ndjson"
"$P" batch "$POL" < "$T/big.ndjson" > "$T/big.out"
status $? 3 "an over-long line exits 3"
sed -n 1p "$T/big.out" | grep -q '^{"line":1,"id":"BIG","error":{"path":"\$","message":"facts of 17825814 bytes are over the limit of 16777216 bytes"}}$' \
    && ok || bad "the over-long line is answered with its id and length: $(head -c 200 "$T/big.out")"
sed -n 2p "$T/big.out" | grep -q '^{"id":"AFTER"' && ok || bad "the line after an over-long one is decided"

# ------------------------------------------------------------------ shards
# Spark's RDD.pipe and Hadoop Streaming run one `polrun batch` per input
# split and concatenate the outputs. For that to be right, splitting at line
# boundaries and concatenating must give what one process gives. Decisions
# are compared byte for byte. Error lines carry the line number within
# their shard, so the whole run's error lines are renumbered by each
# shard's offset (only the "line" member; the rest byte for byte).
split -n l/4 "$T/mixed.ndjson" "$T/shard."
offset=0
: > "$T/shards.out"
: > "$T/offsets"
for s in "$T"/shard.*; do
    "$P" batch "$POL" < "$s" >> "$T/shards.out" 2>/dev/null
    n=$(lines "$s")
    echo "$offset $n" >> "$T/offsets"
    offset=$((offset + n))
done
[ "$(ls "$T"/shard.* | wc -l)" -eq 4 ] && ok || bad "split -n l/4 made 4 shards"
"$P" batch "$POL" < "$T/mixed.ndjson" > "$T/whole.out" 2>/dev/null
awk 'NR == FNR { from[NR] = $1; to[NR] = $1 + $2; k = NR; next }
     /^\{"line":/ {
         n = substr($0, 9) + 0
         for (i = 1; i <= k; i++) if (n > from[i] && n <= to[i]) { n -= from[i]; break }
         sub(/^\{"line":[0-9]+/, "{\"line\":" n)
     }
     { print }' "$T/offsets" "$T/whole.out" > "$T/renumbered.out"
same "$T/renumbered.out" "$T/shards.out" "4 shards concatenated = one process (error lines numbered within their shard)"
grep -v '^{"line":' "$T/whole.out" > "$T/whole.decisions"
grep -v '^{"line":' "$T/shards.out" > "$T/shards.decisions"
same "$T/whole.decisions" "$T/shards.decisions" "the decisions of 4 shards are byte-identical to one process"
[ "$(grep -c '^{"line":' "$T/whole.out")" -gt 1000 ] && ok || bad "the shard test covers error lines"
# with only valid applicants, the concatenation is byte-identical as it is
"$GEN" --count 30000 --seed 11 > "$T/valid.ndjson"
split -n l/4 "$T/valid.ndjson" "$T/vshard."
for s in "$T"/vshard.*; do "$P" batch "$POL" --jobs 2 < "$s"; done > "$T/vshards.out"
"$P" batch "$POL" < "$T/valid.ndjson" > "$T/vwhole.out"
status $? 0 "valid applicants exit 0"
same "$T/vwhole.out" "$T/vshards.out" "valid applicants: 4 shards concatenated are byte-identical to one process"

# --------------------------------------------------------------------- CSV
# The golden file: Chinese names, quoted cells with commas, quotes and a
# line feed, lists as JSON, TRUE/FALSE, an empty `date or null` cell, and
# malformed rows (a stray quote, a cell too many, an empty row, a list cell
# that is not JSON) answered by error rows in their place.
"$P" batch "$POL" --input csv < "$HERE/changsha.csv" > "$T/csv.ndjson"
status $? 3 "CSV with malformed rows exits 3"
undigest "$T/csv.ndjson"
same "$HERE/changsha.expected.ndjson" "$T/csv.ndjson.golden" "CSV in, NDJSON out (golden)"
"$P" batch "$POL" --input csv --output csv < "$HERE/changsha.csv" > "$T/csv.csv"
undigest "$T/csv.csv"
same "$HERE/changsha.expected.csv" "$T/csv.csv.golden" "CSV in, CSV out (golden)"
"$P" batch "$POL" --input csv --output csv --jobs 3 < "$HERE/changsha.csv" > "$T/csv3.csv"
same "$T/csv.csv" "$T/csv3.csv" "CSV out with --jobs 3 is byte-identical"
head -c 3 "$T/csv.csv" | od -An -tx1 | grep -q 'ef bb bf' && ok || bad "CSV output starts with a UTF-8 BOM"
"$P" batch "$POL" --input csv --output csv --no-bom < "$HERE/changsha.csv" > "$T/nobom.csv"
head -c 3 "$T/nobom.csv" | grep -q '^id,' && ok || bad "--no-bom writes no BOM"
python3 - "$T/csv.csv" <<'EOF' && ok || bad "CSV output reads back with Python's csv module"
import csv, re, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8-sig")))
assert rows[0][:3] == ["id", "as_of", "in_force"] and rows[0][-3:] == ["total", "digest", "error"], rows[0]
assert all(len(r) == len(rows[0]) for r in rows), [len(r) for r in rows]
assert len(rows) == 13, len(rows)
assert rows[1][rows[0].index("little_giant_first_award")] == "500000.00"
assert rows[1][rows[0].index("ip_fast_track")] == "granted"
assert re.fullmatch("sha256:[0-9a-f]{64}", rows[1][-2]), rows[1][-2]
assert rows[6][-2] == "", "a row not decided has no digest"
assert rows[6][-1].startswith('line 7: $: the row has 19 cells')
assert '"1234.567"' in rows[7][-1]
with open(sys.argv[1], "rb") as f:
    data = f.read()
assert data.count(b"\r\n") == 13 and data.count(b"\n") == 13, "CRLF line ends"
EOF

# --output csv: a cell of text that may hold what an applicant wrote (the
# id, the error) and that a spreadsheet would take for a formula (= + - @,
# a tab or a CR first, after any apostrophes) is written quoted after an
# apostrophe, as OWASP recommends; the amounts polrun computed are
# written as they are. Excel and WPS read the full-width ＝ ＋ － ＠
# (U+FF1D, U+FF0B, U+FF0D, U+FF20) as those operators: they are
# neutralised alike.
printf '%s\r\n' 'ref,paid' '"=HYPERLINK(""http://example.com/?q=""&A1;""x"")",15.00' "@SUM(1+1)*cmd|' /C calc'!A0,1.00" \
    '+1,1.00' '-2,1.00' "	tab,1.00" "'=x,1.00" "''@y,1.00" "'plain,1.00" 'A-1,1.00' '=bad,x' \
    '"＝HYPERLINK(""http://example.com/"")*1",1.00' '＋1,1.00' '－2,1.00' '＠SUM(1),1.00' "'＝x,1.00" 'A＝1,1.00' \
    '＝bad,x' > "$T/formula.csv"
for j in 1 2; do
    "$P" batch tests/batch/paid.pol --date 2025-06-30 --input csv --output csv --no-bom --jobs $j < "$T/formula.csv" \
        > "$T/formula.out" 2>/dev/null
    status $? 3 "formula ids: a bad row exits 3 (--jobs $j)"
    python3 - "$T/formula.out" <<'PY' && ok || bad "cells a spreadsheet would take for formulas are neutralised (--jobs $j): $(cat "$T/formula.out")"
import csv, sys
data = open(sys.argv[1], encoding="utf-8", newline="").read()
rows = list(csv.reader(data.splitlines(True)))
ids = [r[0] for r in rows[1:]]
want = ["'=HYPERLINK(\"http://example.com/?q=\"&A1;\"x\")", "'@SUM(1+1)*cmd|' /C calc'!A0", "'+1", "'-2",
        "'\ttab", "''=x", "'''@y", "'plain", "A-1", "'=bad", "'＝HYPERLINK(\"http://example.com/\")*1", "'＋1",
        "'－2", "'＠SUM(1)", "''＝x", "A＝1", "'＝bad"]
assert ids == want, ids
assert rows[1][3:5] == ["100.00", "100.00"], rows[1]
assert rows[10][-1].startswith("line 11: $.paid: "), rows[10][-1]
assert rows[17][-1].startswith("line 18: $.paid: "), rows[17][-1]
# quoted in the file, so that the apostrophe is inside the cell
assert "\r\n\"'=HYPERLINK(" in data and "\r\n\"'-2\"," in data and "\r\nA-1," in data, data
# taken off again: one apostrophe less where the rest begins with one of them
def original(c):
    return c[1:] if c.startswith("'") and c.lstrip("'")[:1] in tuple("=+-@\t\r＝＋－＠") else c
assert [original(c) for c in ids] == ['=HYPERLINK("http://example.com/?q="&A1;"x")', "@SUM(1+1)*cmd|' /C calc'!A0",
                                     "+1", "-2", "\ttab", "'=x", "''@y", "'plain", "A-1", "=bad",
                                     '＝HYPERLINK("http://example.com/")*1', "＋1", "－2", "＠SUM(1)", "'＝x", "A＝1",
                                     "＝bad"]
PY
done

# The same applicants as NDJSON and as CSV get the same decisions.
"$GEN" --count 20000 --seed 5 > "$T/g.ndjson"
"$GEN" --count 20000 --seed 5 --format csv > "$T/g.csv"
"$P" batch "$POL" < "$T/g.ndjson" > "$T/g.out"
"$P" batch "$POL" --input csv --jobs 2 < "$T/g.csv" > "$T/gcsv.out"
status $? 0 "generated CSV exits 0"
same "$T/g.out" "$T/gcsv.out" "20000 applicants: CSV in gives the decisions of NDJSON in"
# and bad ones are answered in place, with the row number (header = row 1)
"$GEN" --count 3000 --seed 9 --invalid 10 --format csv > "$T/gbad.csv"
"$P" batch "$POL" --input csv < "$T/gbad.csv" > "$T/gbad.out"
status $? 3 "generated CSV with bad rows exits 3"
[ "$(lines "$T/gbad.out")" -eq 3000 ] && ok || bad "every CSV row answered: $(lines "$T/gbad.out") of 3000"
awk -F'"line":' 'NF > 1 { split($2, a, ","); if (a[1] != NR + 1) { print "row " NR + 1 " answered as line " a[1]; exit 1 } }' \
    "$T/gbad.out" && ok || bad "CSV error lines carry the row number"

# A malformed row costs that row alone, whatever --jobs: a stray quote
# inside a cell, a quote opened at a cell's start and never closed, two
# such quotes far apart (which pair up across the rows between them), and
# text after a closing quote are each answered by an error in their row's
# place, and every other row is decided as it is without them.
"$GEN" --count 1001 --seed 11 --format csv > "$T/stray.csv"
"$P" batch "$POL" --input csv < "$T/stray.csv" > "$T/stray.want" 2>/dev/null
python3 - "$T/stray.csv" "$T" <<'PY'
import sys
src, out = sys.argv[1], sys.argv[2]
lines = open(src, encoding="utf-8", newline="").read().split("\n")
def with_name(row, name):   # row 0 is the header; the name is cell 2, unquoted
    cells = lines[row].split(",")
    assert '"' not in cells[1], cells[1]
    cells[1] = name
    return ",".join(cells)
variants = {
    "inside": {501: 'Acme 5" Display Co'},
    "open": {501: '"Acme 5 Display Co'},
    "two": {300: '"Acme 5 Display Co', 700: '"Beta 7 Display Co'},
    "after": {400: '"Acme 5"" Display" Co'},
}
for name, rows in variants.items():
    ls = list(lines)
    for r, cell in rows.items():
        ls[r] = with_name(r, cell)
    open(f"{out}/stray-{name}.csv", "w", encoding="utf-8", newline="").write("\n".join(ls))
    open(f"{out}/stray-{name}.rows", "w").write(" ".join(str(r + 1) for r in sorted(rows)))
PY
for v in inside open two after; do
    for j in 1 2 4; do
        "$P" batch "$POL" --input csv --jobs $j < "$T/stray-$v.csv" > "$T/stray.out" 2>/dev/null
        status $? 3 "a stray quote ($v, --jobs $j) exits 3"
        python3 - "$T/stray.want" "$T/stray.out" $(cat "$T/stray-$v.rows") <<'PY' && ok || bad "a stray quote ($v, --jobs $j) costs its row alone"
import json, sys
want = open(sys.argv[1], encoding="utf-8").read().splitlines()
got = open(sys.argv[2], encoding="utf-8").read().splitlines()
bad = {int(a) for a in sys.argv[3:]}
assert len(got) == len(want) == 1001, f"{len(got)} answers to 1001 rows"
for i, (w, g) in enumerate(zip(want, got)):
    line = i + 2
    if line in bad:
        e = json.loads(g)
        assert e["line"] == line and "quote" in e["error"]["message"], (line, g)
    else:
        assert w == g, (line, w[:200], g[:200])
PY
    done
done
# ... also when no quote follows it for longer than a row may be (16 MiB):
# the row of the stray quote is answered, the 70,000 after it decided.
python3 - "$T/longstray.csv" <<'PY'
import sys
with open(sys.argv[1], "w", encoding="utf-8", newline="") as f:
    f.write("id,name,kind,registered_in_changsha,is_sme,tier,as_of\r\n")
    f.write('S,"Acme 5 Display Co,enterprise,true,true,none,2025-06-30\r\n')
    for i in range(70000):
        f.write(f"R{i},{'x' * 240},enterprise,true,true,none,2025-06-30\r\n")
PY
for j in 1 2; do
    "$P" batch "$POL" --input csv --jobs $j < "$T/longstray.csv" > "$T/longstray.out" 2>/dev/null
    status $? 3 "a stray quote before 16 MiB without quotes exits 3 (--jobs $j)"
    [ "$(lines "$T/longstray.out")" -eq 70001 ] && [ "$(grep -c '"error"' "$T/longstray.out")" -eq 1 ] \
        && sed -n 1p "$T/longstray.out" | grep -q '^{"line":2,"id":"S","error":{"path":"\$","message":"cell 2: a quoted cell is not closed' \
        && sed -n 70001p "$T/longstray.out" | grep -q '^{"id":"R69999",' \
        && ok || bad "a stray quote before 16 MiB without quotes costs its row alone (--jobs $j): $(lines "$T/longstray.out") answers, $(head -c 300 "$T/longstray.out")"
done

# The header is the first line: a quote it leaves open is refused at its
# line end (E1204, a message of its own) and every row after it is
# answered with that error, also when no quote follows for more than
# 16 MiB (70,000 rows, 17 MB) and when a later quote would close it.
python3 - "$T/openhead.csv" <<'PY'
import sys
with open(sys.argv[1], "w", encoding="utf-8", newline="") as f:
    f.write('id,"name,kind,registered_in_changsha,is_sme,tier,as_of\r\n')
    for i in range(70000):
        f.write(f"R{i},{'x' * 240},enterprise,true,true,none,2025-06-30\r\n")
PY
for j in 1 2; do
    "$P" batch "$POL" --input csv --jobs $j < "$T/openhead.csv" > "$T/openhead.out" 2>"$T/openhead.err"
    status $? 3 "a header whose quote is left open exits 3 (--jobs $j)"
    [ "$(lines "$T/openhead.out")" -eq 70000 ] && [ "$(grep -c '"message":"the CSV header row cannot be read: cell 2: a quoted cell is not closed on the header' "$T/openhead.out")" -eq 70000 ] \
        && sed -n 70000p "$T/openhead.out" | grep -q '^{"line":70001,' \
        && grep -q "^error\[E1204\]: the CSV header row cannot be read: cell 2: a quoted cell is not closed on the header's line" "$T/openhead.err" \
        && ok || bad "a header whose quote is left open is refused at its line end (--jobs $j): $(lines "$T/openhead.out") answers, $(head -c 300 "$T/openhead.out") $(head -c 300 "$T/openhead.err")"
done
printf '"id\r\nx",kind,registered_in_changsha,is_sme,tier,as_of\r\nA,enterprise,true,true,none,2025-06-30\r\n"' > "$T/twohead.csv"
"$P" batch "$POL" --input csv < "$T/twohead.csv" > "$T/twohead.out" 2>"$T/twohead.err"
status $? 3 "a header quoted over two lines exits 3"
[ "$(lines "$T/twohead.out")" -eq 3 ] && grep -q '^error\[E1204\]: the CSV header row cannot be read: cell 1: a quoted cell is not closed on the header' "$T/twohead.err" \
    && ok || bad "a header quoted over two lines is refused at its first line end: $(cat "$T/twohead.out" "$T/twohead.err")"

# The rows polrun reads are the rows Python's csv module reads, cell for
# cell, on generated awkward rows with malformed ones in between.
for seed in 1 2; do
    python3 "$HERE/csv_rows.py" "$P" "$T" $seed > "$T/rows.out" 2>&1 && ok || bad "$(cat "$T/rows.out")"
done

# Another policy, unchanged: the column types come from its facts schema
# (nullable money, a decimal, a required list, an optional record...).
python3 "$HERE/cases_to_rows.py" tests/example/cases/*.case "$T/ex.ndjson" "$T/ex.csv"
"$P" batch tests/example/example.pol --date 2025-06-10 < "$T/ex.ndjson" > "$T/ex.out" 2>/dev/null
"$P" batch tests/example/example.pol --date 2025-06-10 --input csv < "$T/ex.csv" > "$T/excsv.out" 2>/dev/null
same "$T/ex.out" "$T/excsv.out" "example policy: CSV in gives the decisions of NDJSON in"
[ "$(grep -c '"entitlements"' "$T/ex.out")" -ge 30 ] && ok || bad "the example policy decided its cases"

# A header naming a column twice cannot be read: every row is answered.
printf 'id,kind,kind\r\nA,enterprise,enterprise\r\nB,service_org,service_org\r\n' > "$T/dup.csv"
"$P" batch "$POL" --input csv < "$T/dup.csv" > "$T/dup.out" 2>"$T/dup.err"
status $? 3 "a header naming a column twice exits 3"
[ "$(grep -c 'names column 3 `kind` twice' "$T/dup.out")" -eq 2 ] && ok || bad "every row answered with the header error"
# An empty first line (a blank line before the header, a BOM alone) names
# no column: the header is refused, not read as one column without a name
# (before: every row was answered "unknown key \"\"").
for head in '\r\n' '\n' '\357\273\277\n'; do
    printf "${head}id,kind\nA,enterprise\nB,enterprise\n" > "$T/blank.csv"
    "$P" batch "$POL" --input csv < "$T/blank.csv" > "$T/blank.out" 2>/dev/null
    status $? 3 "a blank header line exits 3"
    [ "$(grep -c 'the CSV header row is empty' "$T/blank.out")" -eq 3 ] && ok || bad "a blank header is refused: $(cat "$T/blank.out")"
done
# An unknown column is warned about; a row with a value in it is an error.
printf 'id,kind,registered_in_changsha,tierr\r\nA,service_org,true,\r\nB,service_org,true,none\r\n' > "$T/unk.csv"
"$P" batch "$POL" --input csv --date 2025-06-30 < "$T/unk.csv" > "$T/unk.out" 2>"$T/unk.err"
grep -q 'warning: the CSV header names columns the facts do not declare: tierr' "$T/unk.err" && ok || bad "unknown column warned"
"$P" batch "$POL" --input csv --date 2025-06-30 --error-format json < "$T/unk.csv" > /dev/null 2>"$T/unk.json"
python3 -c 'import json, sys; d = json.loads(open(sys.argv[1]).read()); assert d["severity"] == "warning" and "tierr" in d["message"]' \
    "$T/unk.json" && ok || bad "the warning is one JSON object with --error-format json: $(cat "$T/unk.json")"
sed -n 1p "$T/unk.out" | grep -q '^{"id":"A"' && ok || bad "an empty cell in an unknown column is absent"
sed -n 2p "$T/unk.out" | grep -q '"path":"\$.tierr","message":"unknown key \\"tierr\\"; did you mean \\"tier\\"?"' \
    && ok || bad "a value in an unknown column is an unknown key: $(sed -n 2p "$T/unk.out")"

# ------------------------------------------------------ identified by
# The id of an answer, decided or not, is the member the policy names with
# `identified by`, whatever it is called; a stray "id" key is no id.
cat > "$T/applicant_no.pol" <<'POL'
policy "t"
  title "T"
  in force from 2025-01-01 for 3 years
  identified by applicant_no

facts {
  applicant_no: text
  staff: integer
}

measure award
  article "1"
  title "A"
  when staff > 10
  amount fixed 100 元
POL
printf '%s\n' '{"applicant_no":"N1","staff":20}' '{"applicant_no":"N2","staff":"20"}' \
    '{"staff":"x","applicant_no":"N3"}' '{"id":"decoy","applicant_no":"N4","staff":1}' '{"id":"decoy","staff":1}' \
    > "$T/applicant_no.ndjson"
for jobs in 1 2; do
    "$P" batch "$T/applicant_no.pol" --date 2025-06-30 --jobs $jobs < "$T/applicant_no.ndjson" > "$T/an.out" 2>/dev/null
    status $? 3 "identified by applicant_no: bad lines exit 3 (--jobs $jobs)"
    sed -n 1p "$T/an.out" | grep -q '^{"id":"N1",' && ok || bad "a decision carries applicant_no: $(sed -n 1p "$T/an.out")"
    sed -n 2p "$T/an.out" | grep -q '^{"line":2,"id":"N2","error":{"path":"\$.staff"' && ok || bad "a bad line is labelled with applicant_no: $(sed -n 2p "$T/an.out")"
    sed -n 3p "$T/an.out" | grep -q '^{"line":3,"id":"N3",' && ok || bad "... read after the error: $(sed -n 3p "$T/an.out")"
    sed -n 4p "$T/an.out" | grep -q '^{"line":4,"id":"N4",' && ok || bad "... not from a stray id key: $(sed -n 4p "$T/an.out")"
    sed -n 5p "$T/an.out" | grep -q '^{"line":5,"error":' && ok || bad "no applicant_no, no id: $(sed -n 5p "$T/an.out")"
done
printf 'applicant_no,staff\r\nC1,x\r\n' > "$T/applicant_no.csv"
"$P" batch "$T/applicant_no.pol" --date 2025-06-30 --input csv --output csv < "$T/applicant_no.csv" > "$T/an.csv" 2>/dev/null
sed -n 2p "$T/an.csv" | grep -q '^C1,' && ok || bad "a bad CSV row is labelled with applicant_no: $(sed -n 2p "$T/an.csv")"

# ------------------------------------------------- memory whatever the lines
# What is in flight is bounded by the answers' size too: a blank line or a
# short bad one is answered by a line 40 to 100 times longer, and 2 million
# of them once made 470 MB at --jobs 8 (the bound of valid lines: 50 MB).
python3 -c "import sys; sys.stdout.write('x\n' * 2000000)" > "$T/short.ndjson"
python3 tests/batch/peak_rss.py "$T/short.rss" "$P" batch "$POL" --jobs 8 < "$T/short.ndjson" > "$T/short.out" 2>/dev/null
status $? 3 "2 million short bad lines exit 3"
[ "$(lines "$T/short.out")" -eq 2000000 ] && ok || bad "2 million short bad lines: $(lines "$T/short.out") answers"
"$GEN" --count 20000 --seed 7 > "$T/v8.ndjson"
python3 tests/batch/peak_rss.py "$T/valid.rss" "$P" batch "$POL" --jobs 8 < "$T/v8.ndjson" > /dev/null 2>&1
short_kb=$(cat "$T/short.rss"); valid_kb=$(cat "$T/valid.rss")
# under AddressSanitizer memory is larger and less even: only the comparison
if [ -z "${ASAN_OPTIONS:-}" ]; then
    [ "$short_kb" -le 131072 ] && ok || bad "peak memory of 2 million short bad lines at --jobs 8: $short_kb KiB, over 128 MiB"
fi
[ "$short_kb" -le $((valid_kb * 3 / 2 + 16384)) ] && ok ||
    bad "peak memory of short bad lines ($short_kb KiB) against valid lines ($valid_kb KiB) at --jobs 8"

# ------------------------------------------------ output closed, SIGPIPE ignored
# Many supervisors start programs with SIGPIPE ignored: a write to a reader
# that has gone then fails with EPIPE, and batch must stop there (E1202,
# exit 1) rather than decide an endless input for nobody.
line=$(sed -n 1p "$T/v8.ndjson")
for jobs in 1 2; do
    (
        trap '' PIPE
        yes "$line" 2>/dev/null | { timeout 60 "$P" batch "$POL" --jobs $jobs 2>"$T/pipe.err"; echo $? > "$T/pipe.status"; } | head -n 1 > "$T/pipe.out"
    )
    status "$(cat "$T/pipe.status")" 1 "SIGPIPE ignored, the reader gone (--jobs $jobs): stops"
    contains "$T/pipe.err" "error[E1202]: writing decisions: Broken pipe" "SIGPIPE ignored (--jobs $jobs)"
    [ "$(lines "$T/pipe.out")" -eq 1 ] && ok || bad "SIGPIPE ignored: the reader's line"
done

# ------------------------------------------------------------------ signals
# SIGINT, SIGTERM or SIGHUP stop reading; the answers end at a line boundary,
# every one whole; standard error says how many lines were answered (E1205);
# polrun ends by the signal (a shell shows 128 + its number). A background
# command of a script starts with SIGINT ignored: env gives it the default;
# timeout forwards the signal and keeps a test that fails from hanging.
feed_ndjson() { yes "$line" 2>/dev/null; }
csvrow=$(sed -n 2p tests/batch/changsha.csv)
feed_csv() { sed -n 1p tests/batch/changsha.csv; yes "$csvrow" 2>/dev/null; }
signal_test() {   # signal_test FEED lines|rows SIGNAL NUMBER JOBS [OPTIONS...]
    feed=$1 unit=$2 sig=$3 num=$4 jobs=$5; shift 5
    rm -f "$T/sig.out"
    $feed | timeout -k 5 120 env --default-signal=INT,HUP,TERM "$P" batch "$POL" --jobs "$jobs" "$@" \
        > "$T/sig.out" 2> "$T/sig.err" &
    pid=$!
    n=0
    while [ ! -s "$T/sig.out" ] && [ $n -lt 300 ]; do sleep 0.1; n=$((n + 1)); done
    sleep 0.2
    kill -s "$sig" $pid
    wait $pid 2>/dev/null
    got=$?
    status $got $((128 + num)) "SIG$sig (--jobs $jobs $*): ends by the signal"
    if answered=$(python3 tests/batch/complete_lines.py "$T/sig.out"); then ok; else bad "SIG$sig (--jobs $jobs $*): $answered"; fi
    contains "$T/sig.err" "error[E1205]: stopped by SIG$sig after answering $answered $unit; the records after them were not answered" "SIG$sig (--jobs $jobs $*)"
}
signal_test feed_ndjson lines TERM 15 1
signal_test feed_ndjson lines INT 2 2
signal_test feed_ndjson lines HUP 1 8
signal_test feed_ndjson lines TERM 15 3 --explain
signal_test feed_csv rows TERM 15 2 --input csv
# ... also when the output's reader has stopped reading and polrun is
# blocked writing (the signals are watched there too), and when the input
# has ended (400 lines, all read) and the last answers wait to be written.
# To a pipe the output ends with whole answers (writes of PIPE_BUF bytes
# cut at answer ends); an answer longer than that (--explain) may be cut,
# which E1206 must then say exactly. blocked_write.py kills polrun after
# 20 s and fails rather than hang (before, each of these hung).
printf '%s\n' "$line" > "$T/line.ndjson"
blocked_test() {   # blocked_test whole|any SIGNAL COUNT JOBS [OPTIONS...]
    want=$1 sig=$2 count=$3 jobs=$4; shift 4
    if got=$(python3 "$HERE/blocked_write.py" "$P" "$POL" "$T/line.ndjson" "$sig" "$count" --jobs "$jobs" "$@"); then
        case $want:$got in
        whole:whole*|any:*) ok ;;
        *) bad "SIG$sig, output blocked (--jobs $jobs $*, $count lines): to a pipe, $got" ;;
        esac
    else
        bad "SIG$sig, output blocked (--jobs $jobs $*, $count lines): $got"
    fi
}
blocked_test whole TERM 0 1
blocked_test whole INT 0 2
blocked_test whole HUP 0 4
blocked_test any TERM 0 3 --explain
blocked_test whole TERM 400 1
blocked_test whole TERM 400 2
# an ignored signal stays ignored (nohup)
(
    trap '' HUP
    yes "$line" | head -n 300000 | "$P" batch "$POL" --jobs 2 > "$T/nohup.out" 2>/dev/null &
    pid=$!
    sleep 0.5
    kill -s HUP $pid
    wait $pid 2>/dev/null
    echo $? > "$T/nohup.status"
)
status "$(cat "$T/nohup.status")" 0 "SIGHUP ignored when batch started: not stopped"
[ "$(lines "$T/nohup.out")" -eq 300000 ] && ok || bad "SIGHUP ignored: $(lines "$T/nohup.out") answers to 300000 lines"

# ------------------------------------------------------------------- usage
"$P" batch "$POL" --jobs 0 < /dev/null 2>/dev/null; status $? 2 "--jobs 0 is a usage error"
"$P" batch "$POL" --jobs x < /dev/null 2>/dev/null; status $? 2 "--jobs x is a usage error"
"$P" batch "$POL" --input xml < /dev/null 2>/dev/null; status $? 2 "--input xml is a usage error"
"$P" batch "$POL" --output=json < /dev/null 2>/dev/null; status $? 2 "--output=json is a usage error"

finish batch
