#!/bin/sh
# The limits of polrun: each is reached, and answered by a clear error (or a
# correct result), never a crash, a hang or a wrapped number.
#   tests/limits/run.sh POLRUN
# Ends with "limits: N passed, N failed"; exit 1 on any failure. The
# mutation test of .polc files runs DIR/fuzz/mutate-polc beside POLRUN
# when it has been built (make test builds it); LIMITS_FULL=1 runs it on
# the example policy too (a minute or more; make sanitize does).
P=${1:-build/polrun}
here=$(dirname "$0")
. "$here/../lib.sh"
POL=policies/changsha-srdi-2025.pol
lines() {      # lines FILE N DESCRIPTION
    n=$(wc -l < "$1")
    [ "$n" -eq "$2" ] && ok || bad "$3: $n lines, wanted $2"
}

gen() { python3 - "$@"; }   # a generator script on standard input

# ---- source files ----------------------------------------------------------

HEAD='policy "deep"
  title "Deep"
  in force from 2025-01-01 for 1 year

record R {
  r: optional R
  v: integer
}

facts {
  id: text
  x: integer
  r: optional R
}
'
printf '%s\n# ' "$HEAD" > "$T/big.pol"
head -c 8400000 /dev/zero | tr '\0' 'x' >> "$T/big.pol"
expect_exit 1 "a source file over 8 MiB" -- "$P" check "$T/big.pol"
contains "$T/err" "error[E0704]: $T/big.pol is larger than 8388608 bytes" "the size limit is named"
expect_exit 1 "checking /dev/zero" -- "$P" check /dev/zero
contains "$T/err" "error[E0701]: cannot read /dev/zero: File too large" "an endless file is refused, not read until memory runs out"
# an import is confined to the policy's folder tree and the stdlib, and is a
# regular file: an endless device is refused before it is opened, whether it
# is named through `..` or through a link of the policy's folder
printf '%s\nimport "../../../../../../../../../../dev/zero"\n' "$HEAD" > "$T/zero.pol"
expect_exit 1 "importing /dev/zero" -- "$P" check "$T/zero.pol"
contains "$T/err" "error[E0715]: cannot import \`../../../../../../../../../../dev/zero\`" "importing /dev/zero through .."
ln -s /dev/zero "$T/zero-link.pol"
printf '%s\nimport "zero-link.pol"\n' "$HEAD" > "$T/zero.pol"
expect_exit 1 "importing /dev/zero through a link" -- "$P" check "$T/zero.pol"
contains "$T/err" "error[E0715]: cannot import \`zero-link.pol\`" "importing /dev/zero through a link"
expect_exit 3 "facts from /dev/zero" -- "$P" run "$POL" --facts /dev/zero
contains "$T/err" "File too large" "endless facts are refused"

# ---- nesting: the parser stops at 10000 levels -----------------------------

# nest NAME TYPE DEPTH PREFIX CORE SUFFIX: define d: TYPE = PREFIX*DEPTH CORE SUFFIX*DEPTH
nest() {
    gen "$T/$1.pol" "$HEAD" "$2" "$3" "$4" "$5" "$6" <<'PY'
import sys
path, head, ty, n, pre, core, post = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5], sys.argv[6], sys.argv[7]
open(path, 'w').write(head + '\ndefine d: ' + ty + ' = ' + pre * n + core + post * n + '\n')
PY
}
nest parens200k integer 200000 '(' 'x' ')'
for cmd in check "fmt" "fmt --dump-ast" graph disasm; do
    # shellcheck disable=SC2086
    expect_exit 1 "$cmd on 200000 parentheses" -- "$P" $cmd "$T/parens200k.pol"
    contains "$T/err" "error[E0707]: the policy is nested too deeply for the parser (more than 10000 levels)" "$cmd on 200000 parentheses: E0707"
done
# operators nest without parentheses: the tree is measured as it is built
nest plus20k integer 20000 '' 'x' ' + 1'
nest and20k bool 20000 '' 'true' ' and true'
nest not20k bool 20000 'not ' 'true' ''
nest neg20k integer 20000 '- ' 'x' ''
nest member20k integer 20000 '' 'r' '.r'
nest otherwise20k integer 20000 '' 'r.v' ' otherwise r.v'
for f in plus20k and20k not20k neg20k member20k otherwise20k; do
    for cmd in check "fmt" "fmt --dump-ast"; do
        # shellcheck disable=SC2086
        expect_exit 1 "$cmd on $f" -- "$P" $cmd "$T/$f.pol"
        contains "$T/err" "error[E0707]: the policy is nested too deeply for the parser (more than 10000 levels)" "$cmd on $f: E0707"
    done
done
# the deepest trees the parser accepts: every walk of a tree copes with them
nest parens9990 integer 9990 '(' 'x' ')'
expect_exit 0 "9990 parentheses: check" -- "$P" check "$T/parens9990.pol"
expect_exit 0 "9990 parentheses: fmt" -- "$P" fmt "$T/parens9990.pol"
expect_exit 0 "9990 parentheses: compile" -- "$P" compile "$T/parens9990.pol" -o "$T/p.polc"
nest plus9990 integer 9990 '' 'x' ' + 1'
nest and9990 bool 9990 '' 'true' ' and true'
nest member9990 integer 9990 '' 'r' '.r'
nest otherwise9990 integer 9990 '' 'r.v' ' otherwise r.v'
nest neg4990 integer 4990 '- ' 'x' ''
nest min4990 integer 4990 'min(' 'x' ', 1)'
for f in plus9990 and9990 member9990 otherwise9990 neg4990 min4990; do
    expect_exit 0 "fmt on $f" -- "$P" fmt "$T/$f.pol"
    expect_exit 0 "fmt --dump-ast on $f" -- "$P" fmt --dump-ast "$T/$f.pol"
    for cmd in check graph disasm; do
        expect_exit 1 "$cmd on $f" -- "$P" $cmd "$T/$f.pol"
        contains "$T/err" "error[E0706]: expression nested too deeply (more than 1000 levels)" "$cmd on $f: E0706"
    done
done
# within the checker's 1000 levels a policy compiles and runs
gen "$T/deep999.pol" "$HEAD" <<'PY'
import sys
path, head = sys.argv[1], sys.argv[2]
body = '\ndefine d: integer = x' + ' + 1' * 990 + '\ndefine e: bool = ' + 'not ' * 991 + 'true\n'
body += 'define f: integer = ' + 'min(' * 490 + 'x' + ', 1000)' * 490 + '\n'
body += '\nmeasure m\n  article "1"\n  title "deep"\n  when d > 990 and not e\n  amount fixed (d + f) * 1 元\n'
open(path, 'w').write(head + body)
PY
echo '{"id":"a","x":10}' > "$T/x.json"
expect_exit 0 "999 levels: run" -- "$P" run "$T/deep999.pol" --facts "$T/x.json" --date 2025-06-01
contains "$T/out" '"amount": "1010.00"' "999 levels: the right amount"
expect_exit 0 "999 levels: graph" -- "$P" graph "$T/deep999.pol"
expect_exit 0 "999 levels: compile" -- "$P" compile "$T/deep999.pol" -o "$T/deep.polc"
expect_exit 0 "999 levels: from .polc" -- "$P" run "$T/deep.polc" --facts "$T/x.json" --date 2025-06-01 --explain=text

# ---- a small C stack: the parser allows what the stack holds ----------------
# With `ulimit -s 256` fmt crashed on 9990 levels of `x + 1 + …`, and with
# 128 KiB check and graph too (every walk of the tree recurses): now the
# parser refuses a tree deeper than the stack it runs on holds (E0718),
# and what it accepts every command walks without running out.
cat > "$T/facts-x.json" <<'JSON'
{"id": "a", "x": 10}
JSON
gen "$T/case-x.case" <<'PY'
import sys
open(sys.argv[1], 'w').write('name: a\nfacts: {"id": "a", "x": 10}\ndate: 2025-06-01\nexpect error: {"exit": 1}\n')
PY
small_stack() {   # small_stack KIB COMMAND...: COMMAND with that stack
    sh -c 'ulimit -s "$0" && exec "$@"' "$@"
}
for kb in 256 128; do
    for f in plus9990 and9990 member9990 otherwise9990 neg4990 min4990; do
        for cmd in check "fmt" "fmt --check" "fmt --dump-ast" graph "compile -o $T/s.polc" \
                   "run --facts $T/facts-x.json --date 2025-06-01" "test"; do
            extra=
            [ "$cmd" = test ] && extra=$T/case-x.case
            # shellcheck disable=SC2086
            expect_exit 1 "ulimit -s $kb: $cmd on $f" -- small_stack "$kb" "$P" $cmd "$T/$f.pol" $extra
            contains "$T/err" "error[E0718]: the policy is nested too deeply for a stack of $kb KiB" "ulimit -s $kb: $cmd on $f: E0718"
        done
    done
    # parentheses nest in the parser's own stack, not in the tree
    for cmd in check "fmt" "fmt --dump-ast" graph "compile -o $T/s.polc"; do
        # shellcheck disable=SC2086
        expect_exit 0 "ulimit -s $kb: $cmd on parens9990" -- small_stack "$kb" "$P" $cmd "$T/parens9990.pol"
    done
    # what fits is walked by every command
    gen "$T/fits$kb.pol" "$HEAD" "$kb" <<'PY'
import sys
path, head, kb = sys.argv[1], sys.argv[2], int(sys.argv[3])
n = 28 if kb == 128 else 90   # within what an AddressSanitizer build allows too (parse.h)
body = '\ndefine d: integer = x' + ' + 1' * n + '\ndefine e: bool = ' + 'not ' * (n + 1) + 'true\n'
body += 'define f: integer = ' + 'min(' * (n // 2) + 'x' + ', 1000)' * (n // 2) + '\n'
body += '\nmeasure m\n  article "1"\n  title "deep"\n  when d > 0 and not e\n  amount fixed (d + f) * 1 元\n'
open(path, 'w').write(head + body)
PY
    for cmd in check "fmt" "fmt --dump-ast" graph "compile -o $T/s.polc"; do
        # shellcheck disable=SC2086
        expect_exit 0 "ulimit -s $kb: $cmd on what fits" -- small_stack "$kb" "$P" $cmd "$T/fits$kb.pol"
    done
    expect_exit 0 "ulimit -s $kb: run on what fits" -- small_stack "$kb" "$P" run "$T/fits$kb.pol" --facts "$T/facts-x.json" --date 2025-06-01 --explain=text
done

# Below what polrun needs before any tree (its commands' frames, the
# parser's initial stacks, the collector clearing the stack under an
# allocation: about 70 KiB), `ulimit -s 64` crashed check, graph and run
# on any policy, deep or not: every command now refuses a stack under
# 128 KiB (E0720) before it starts. 128 and 256 KiB are tested above.
for cmd in check "fmt" "fmt --check" graph "compile -o $T/s.polc" "run --facts $T/facts-x.json --date 2025-06-01" \
           "test" "batch" "disasm"; do
    for f in fits128 plus9990; do
        extra=
        [ "$cmd" = test ] && extra=$T/case-x.case
        # shellcheck disable=SC2086
        expect_exit 1 "ulimit -s 64: $cmd on $f" -- small_stack 64 "$P" $cmd "$T/$f.pol" $extra < "$T/facts-x.json"
        contains "$T/err" "error[E0720]: a stack of 64 KiB is too small for polrun: it needs 128 KiB at least" "ulimit -s 64: $cmd on $f: E0720"
    done
done
expect_exit 1 "ulimit -s 100: run" -- small_stack 100 "$P" run "$T/fits128.pol" --facts "$T/facts-x.json" --date 2025-06-01
contains "$T/err" "error[E0720]: a stack of 100 KiB is too small for polrun: it needs 128 KiB at least" "ulimit -s 100: E0720"
expect_exit 0 "ulimit -s 64: --version" -- small_stack 64 "$P" --version

# ---- the least integer ----------------------------------------------------
# -9223372036854775808 could not be written: its digits alone were too
# large (E0106). Negated, they are the least 64-bit integer; alone, or
# after a binary minus, still E0106 (the golden integer-least).
gen "$T/least.pol" "$HEAD" <<'PY'
import sys
path, head = sys.argv[1], sys.argv[2]
open(path, 'w').write(head + """
define lowest: integer = -9223372036854775808
define next: integer = -(9223372036854775807)
define negated: integer = -lowest

measure least
  article "1"
  title "least"
  when lowest < next and lowest + 1 = next and lowest = -9223372036854775807 - 1 and x = 1
  amount fixed 1 元

measure overflow
  article "2"
  title "overflow"
  when x = 2 and negated > 0
  amount fixed 1 元
""")
PY
expect_exit 0 "-9223372036854775808: check" -- "$P" check "$T/least.pol"
echo '{"id": "a", "x": 1}' > "$T/least1.json"
expect_exit 0 "-9223372036854775808: run" -- "$P" run "$T/least.pol" --facts "$T/least1.json" --date 2025-06-01
contains "$T/out" '"total": "1.00"' "-9223372036854775808 is the least integer"
echo '{"id": "a", "x": 2}' > "$T/least2.json"
expect_exit 1 "-9223372036854775808 negated" -- "$P" run "$T/least.pol" --facts "$T/least2.json" --date 2025-06-01
contains "$T/err" "error[E08" "-9223372036854775808 negated: a runtime overflow"
expect_exit 0 "-9223372036854775808: fmt --check" -- "$P" fmt --check "$T/least.pol"

# ---- many declarations: names are looked up by hash, not one by one --------

gen "$T/many.pol" "$HEAD" <<'PY'
import sys
path, head = sys.argv[1], sys.argv[2]
open(path, 'w').write(head + ''.join('\ndefine d%d: integer = x + %d\n' % (i, i) for i in range(70000)))
PY
expect_exit 1 "70000 definitions" -- timeout 120 "$P" check "$T/many.pol"
contains "$T/err" "error[E0708]: the policy is too large for the bytecode" "more than 65535 of anything is too large for the bytecode"

# ---- very many names: each found by a keyed hash, never by a search -------
# Each of these took from 15 s to minutes while duplicates were found by
# comparing every pair, members and enum values by looking through them all,
# and names by FNV-1a with linear probing (tests/limits/many_names.py,
# docs/robustness.md). ulimit -t bounds the work; nothing is timed.
cpu() { (ulimit -t 10; exec "$@"); }
python3 "$here/many_names.py" "$T"
expect_exit 1 "200000 enum values, the last given twice" -- cpu "$P" check "$T/enum.pol"
n=$(grep -c '^error\[E0309\]: `v199999` is listed twice in enum Big$' "$T/err")
[ "$n" -eq 1 ] && ok || { bad "200000 enum values: the value given twice reported $n times"; show "$T/err"; }
expect_exit 1 "200000 members, the last given twice" -- cpu "$P" check "$T/members.pol"
n=$(grep -c '^error\[E0310\]: member `m199999` is declared twice$' "$T/err")
[ "$n" -eq 1 ] && ok || { bad "200000 members: the member given twice reported $n times"; show "$T/err"; }
expect_exit 0 "30000 rules, each with an exception" -- cpu "$P" check "$T/rules.pol"
expect_exit 0 "60000 names of one FNV-1a hash" -- cpu "$P" check "$T/colliding.pol"
expect_exit 0 "60000 names of one FNV-1a hash: graph" -- cpu "$P" graph "$T/colliding.pol"
expect_exit 0 "facts of 60000 members" -- cpu "$P" run "$T/facts.pol" --facts "$T/facts.json" --date 2025-06-01
contains "$T/out" '"total": "1.00"' "facts of 60000 members: the last one read"

# ---- diagnostics: at most 50 -----------------------------------------------

gen "$T/errors.pol" "$HEAD" <<'PY'
import sys
path, head = sys.argv[1], sys.argv[2]
open(path, 'w').write(head + ''.join('\ndefine d%d: integer = unknown%d\n' % (i, i) for i in range(500)))
PY
expect_exit 1 "500 errors" -- "$P" check "$T/errors.pol"
n=$(grep -c '^error\[E0301\]' "$T/err")
[ "$n" -eq 50 ] && ok || bad "500 errors: $n shown, wanted 50"
contains "$T/err" "too many errors" "the diagnostics stop with a note (E0709)"

# ---- one facts record ------------------------------------------------------

gen "$T" <<'PY'
import sys
d = sys.argv[1]
good = '{"id":"X1","kind":"enterprise","registered_in_changsha":true,"is_sme":true,"tier":"srdi_sme","as_of":"2025-06-30"'
def w(name, text): open(d + '/' + name, 'w').write(text)
def chain(n):   # x holds n more nodes below it: objects n + 2 deep in all
    return '{"id":"a","x":' + '{"v":1,"next":' * n + '{"v":1}' + '}' * n + '}'
w('nest64.json', chain(62))
w('nest65.json', chain(63))
w('nest100k.json', chain(100000))
w('array100k.json', good + ',"standards":' + '[' * 100000 + ']' * 100000 + '}')
w('string1m.json', good + ',"name":"' + 'x' * (1 << 20) + '"}')
w('string1m1.json', good + ',"name":"' + 'x' * ((1 << 20) + 1) + '"}')
item = '{"level":"national","published_on":"2025-06-01"}'
w('list100k.json', good + ',"standards":[' + ','.join([item] * 100000) + ']}')
w('list100k1.json', good + ',"standards":[' + ','.join([item] * 100001) + ']}')
w('size16m.json', good + ',"name":"x"' + ' ' * (16 << 20) + '}')
PY
expect_exit 0 "facts nested 64 levels" -- "$P" run "$here/recursive.pol" --facts "$T/nest64.json" --date 2025-06-01
expect_exit 3 "facts nested 65 levels" -- "$P" run "$here/recursive.pol" --facts "$T/nest65.json" --date 2025-06-01
contains "$T/err" "nested deeper than 64 levels" "the depth limit is named"
expect_exit 3 "facts nested 100000 levels" -- "$P" run "$here/recursive.pol" --facts "$T/nest100k.json" --date 2025-06-01
contains "$T/err" "nested deeper than 64 levels" "deep facts stop at the limit"
expect_exit 3 "an array 100000 deep" -- "$P" run "$POL" --facts "$T/array100k.json"
expect_exit 0 "a string of 1 MiB" -- "$P" run "$POL" --facts "$T/string1m.json"
expect_exit 3 "a string over 1 MiB" -- "$P" run "$POL" --facts "$T/string1m1.json"
contains "$T/err" "string longer than 1048576 bytes" "the string limit is named"
expect_exit 0 "a list of 100000 items" -- "$P" run "$POL" --facts "$T/list100k.json"
expect_exit 3 "a list of 100001 items" -- "$P" run "$POL" --facts "$T/list100k1.json"
contains "$T/err" "list longer than 100000 items" "the list limit is named"
expect_exit 3 "facts over 16 MiB" -- "$P" run "$POL" --facts "$T/size16m.json"
contains "$T/err" "over the limit of 16777216 bytes" "the size limit is named"

# ---- evaluation: steps -----------------------------------------------------

gen "$T/items.json" <<'PY'
import json, sys
open(sys.argv[1], 'w').write(json.dumps({'id': 'a', 'items': [{'n': i} for i in range(300)]}))
PY
expect_exit 1 "10^8 steps" -- "$P" run "$here/steps.pol" --facts "$T/items.json" --date 2025-06-01
contains "$T/err" "error[E0807]: the evaluation took more than 10000000 steps" "the step limit is named"

# ---- money at the edge of the exact range ----------------------------------

echo '{"id":"a","value":"999999999999999.99","times":1}' > "$T/m1.json"
expect_exit 0 "30% of 92233720368547758.07 元" -- "$P" run "$here/money.pol" --facts "$T/m1.json" --date 2025-06-01
contains "$T/out" '"amount": "27670116110564327.42"' "30% of the largest amount, rounded down, exactly"
contains "$T/out" '"amount": "27670116110564328.00"' "30% of the largest amount, rounded up to yuan, exactly"
contains "$T/out" '"total": "56340232221128655.41"' "their total, exactly"
echo '{"id":"a","value":"999999999999999.99","times":9223}' > "$T/m2.json"
expect_exit 1 "money times an integer beyond the range" -- "$P" run "$here/money.pol" --facts "$T/m2.json" --date 2025-06-01
contains "$T/err" "error[E0802]: the result is too large to be exact" "an overflow is an error"
echo '{"id":"a"}' > "$T/m3.json"
expect_exit 1 "150% of the largest amount, capped" -- "$P" run "$here/money-over.pol" --facts "$T/m3.json" --date 2025-06-01
contains "$T/err" "error[E0802]" "an amount beyond the range is an error before any ceiling"
expect_exit 0 "a total beyond the range" -- "$P" run "$here/money-total.pol" --facts "$T/m3.json" --date 2025-06-01
contains "$T/out" '"total": null' "a total beyond the range is null, not wrapped"
echo '{"id":"a","value":"92233720368547758.07","times":1}' > "$T/m4.json"
expect_exit 3 "facts money over the maximum" -- "$P" run "$here/money.pol" --facts "$T/m4.json" --date 2025-06-01
contains "$T/err" "over the maximum 999999999999999.99" "facts money has its own maximum"

# ---- batch: nothing is lost ------------------------------------------------

gen "$T" <<'PY'
import sys
d = sys.argv[1]
good = '{"id":"G%d","kind":"enterprise","registered_in_changsha":true,"is_sme":true,"tier":"little_giant","as_of":"2025-06-30","little_giant":{"first_recognized_on":"2025-05-01","award_received":false}}'
lines = [
    (good % 1).encode(),
    b'',
    b'{',
    b'{"id":"\xff\xfe bad UTF-8"}',
    b'null',
    b'[]',
    (good % 2).encode(),
    b'{"id":"S","name":"' + b'x' * (5 << 20) + b'"}',
    b'{"id":"A","standards":' + b'[' * 100000 + b']' * 100000 + b'}',
    (good % 3).encode(),
    b'{"id":"T","kind":"enterp',
]
open(d + '/lost.ndjson', 'wb').write(b'\n'.join(lines))          # the last line has no line end
open(d + '/bom.ndjson', 'wb').write(b'\xef\xbb\xbf' + (good % 1).encode() + b'\r\n' + (good % 2).encode() + b'\r\n')
hdr = 'id,kind,registered_in_changsha,is_sme,tier,as_of,little_giant.first_recognized_on,little_giant.award_received'
row = 'C%d,enterprise,true,true,little_giant,2025-06-30,2025-05-01,false'
rows = [hdr.encode(), (row % 1).encode(), b'', b'X,"unclosed,quote here",true', b'Y,\xff\xfe,true,true,none,2025-06-30,,',
        (row % 2).encode(), b'Z,enterprise,true,true,none,2025-06-30,"' + b'x' * (5 << 20) + b'",',
        b'W,enterprise,true,true,none,2025-06-30,' + b'[' * 100 + b']' * 100 + b',', (row % 3).encode(), b'V,"never closed']
open(d + '/lost.csv', 'wb').write(b'\n'.join(rows))
open(d + '/bom.csv', 'wb').write(b'\xef\xbb\xbf' + hdr.encode() + b'\r\n' + (row % 1).encode() + b'\r\n' + (row % 2).encode() + b'\r\n')
open(d + '/wide.csv', 'w').write(','.join(['id'] + ['c%d' % i for i in range(10001)]) + '\na\n')
open(d + '/deep.csv', 'w').write('id,x.v,x' + '.next' * 64 + '.v\na,1,2\n')
PY
for jobs in 1 2; do
    expect_exit 3 "batch --jobs $jobs: bad lines" -- "$P" batch "$POL" --jobs $jobs < "$T/lost.ndjson"
    cp "$T/out" "$T/lost.$jobs.out"
    lines "$T/out" 11 "batch --jobs $jobs: one answer per line"
    for k in 1 7 10; do
        sed -n "${k}p" "$T/out" | grep -q '"entitlements"' && ok || bad "batch --jobs $jobs: line $k is decided"
    done
    for k in 2 3 4 5 6 8 9 11; do
        sed -n "${k}p" "$T/out" | grep -q "^{\"line\":$k,.*\"error\"" && ok || bad "batch --jobs $jobs: line $k is an error in place"
    done
    python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]' "$T/out" && ok ||
        bad "batch --jobs $jobs: every answer is JSON in UTF-8"
done
cmp -s "$T/lost.1.out" "$T/lost.2.out" && ok || bad "batch: --jobs 2 answers as --jobs 1"
expect_exit 0 "batch: a byte order mark and CRLF" -- "$P" batch "$POL" < "$T/bom.ndjson"
lines "$T/out" 2 "batch: BOM and CRLF lines are decided"
grep -c '"entitlements"' "$T/out" | grep -qx 2 && ok || bad "batch: BOM and CRLF lines are decided normally"
for jobs in 1 2; do
    expect_exit 3 "batch --input csv --jobs $jobs: bad rows" -- "$P" batch "$POL" --input csv --jobs $jobs < "$T/lost.csv"
    cp "$T/out" "$T/lostcsv.$jobs.out"
    lines "$T/out" 9 "batch --input csv --jobs $jobs: one answer per row"
    for k in 1 5 8; do
        sed -n "${k}p" "$T/out" | grep -q '"entitlements"' && ok || bad "batch csv --jobs $jobs: row $((k + 1)) is decided"
    done
    for k in 2 3 4 6 7 9; do
        sed -n "${k}p" "$T/out" | grep -q "^{\"line\":$((k + 1)),.*\"error\"" && ok || bad "batch csv --jobs $jobs: row $((k + 1)) is an error in place"
    done
done
cmp -s "$T/lostcsv.1.out" "$T/lostcsv.2.out" && ok || bad "batch csv: --jobs 2 answers as --jobs 1"
expect_exit 3 "batch csv out: bad lines" -- "$P" batch "$POL" --output csv --no-bom < "$T/lost.ndjson"
n=$(python3 -c 'import csv,sys; print(len(list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))))' "$T/out")
[ "$n" -eq 12 ] && ok || bad "batch --output csv: $n rows, wanted the header and 11"
expect_exit 0 "batch csv: a byte order mark and CRLF" -- "$P" batch "$POL" --input csv < "$T/bom.csv"
grep -c '"entitlements"' "$T/out" | grep -qx 2 && ok || bad "batch csv: BOM and CRLF rows are decided normally"
expect_exit 3 "batch csv: a header of 10002 columns" -- "$P" batch "$POL" --input csv < "$T/wide.csv"
contains "$T/out" "more than 10000" "the column limit is named"
expect_exit 3 "batch csv: a column 66 members deep" -- "$P" batch "$here/recursive.pol" --input csv --date 2025-06-01 < "$T/deep.csv"
contains "$T/out" "nested more than 64 deep" "the column depth limit is named"

# ---- bytecode files: every byte of a small one changed ---------------------

expect_exit 0 "compile the small policy" -- "$P" compile "$here/small.pol" -o "$T/small.polc"
python3 - "$P" "$T/small.polc" <<'PY' && ok || bad "a .polc with any byte changed is refused with exit 1"
import subprocess, sys
polrun, path = sys.argv[1], sys.argv[2]
data = open(path, 'rb').read()
wrong = []
for i in range(len(data)):
    x = bytearray(data)
    x[i] ^= 0x5a
    bad = path + '.bad.polc'
    open(bad, 'wb').write(x)
    r = subprocess.run([polrun, 'run', bad, '--facts', '-', '--date', '2025-06-01'], input=b'{"id":"a","size":"micro","staff":1}', capture_output=True)
    if r.returncode != 1 or b'error' not in r.stderr:
        wrong.append((i, r.returncode))
print('polc: %d bytes changed one at a time, %d not refused %s' % (len(data), len(wrong), wrong[:10]))
sys.exit(1 if wrong else 0)
PY
# a forged file: the checksum is right, the code is not (a member of an integer)
python3 - "$T/small.polc" "$T/forged.polc" <<'PY'
import re, sys
ops = {m.group(1): i for i, m in enumerate(re.finditer(r'^OP\((\w+)', open('src/opcodes.h').read(), re.M))}
data = bytearray(open(sys.argv[1], 'rb').read())
at = data.find(bytes([ops['FACT'], 2, 0, ops['NOTE']]))   # FACT staff; NOTE ...
data[at + 3:at + 8] = bytes([ops['FIELD'], 0, 0, ops['UNWRAP'], ops['UNWRAP']])
h = 2166136261
for b in data[14:]:
    h = ((h ^ b) * 16777619) & 0xffffffff
data[6:10] = (len(data) - 14).to_bytes(4, 'little')
data[10:14] = h.to_bytes(4, 'little')
open(sys.argv[2], 'wb').write(data)
PY
echo '{"id":"a","size":"micro","staff":1}' > "$T/small.json"
expect_exit 1 "a forged .polc with a valid checksum" -- "$P" run "$T/forged.polc" --facts "$T/small.json" --date 2025-06-01
contains "$T/err" "a member of what is not a record" "the verifier names what is wrong"
M="$(dirname "$P")/fuzz/mutate-polc"
if [ -x "$M" ]; then
    expect_exit 0 "the verifier on every byte of a compiled policy, checksum recomputed" -- "$M" "$T/small.polc"
    cat "$T/out"
    # the example policy uses every construct: the long run, when asked for (make sanitize)
    if [ -n "${LIMITS_FULL:-}" ]; then
        "$P" compile tests/example/example.pol -o "$T/example.polc" &&
            expect_exit 0 "the verifier on the example policy, checksum recomputed" -- "$M" "$T/example.polc"
        cat "$T/out"
    fi
fi

finish limits
