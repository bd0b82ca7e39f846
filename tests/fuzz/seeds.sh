#!/bin/sh
# Builds the starting corpora of the harnesses from the repository:
#   tests/fuzz/seeds.sh POLRUN DEST
# DEST/<harness>/ gets: policy, program — every .pol of policies/, stdlib/
# and tests/; facts — the facts of every case file and examples/*.json;
# polc — each of those policies that compiles, compiled; batch — the
# examples and case facts as NDJSON, tests/batch/changsha.csv, under
# several option bytes (see fuzz_batch.c). The committed minimized seeds
# tests/fuzz/seeds/<harness>/ are copied in too.
set -eu
P=$1
D=$2
here=$(dirname "$0")
for h in policy program facts polc batch csv; do
    mkdir -p "$D/$h"
    [ -d "$here/seeds/$h" ] && cp "$here/seeds/$h"/* "$D/$h/" 2>/dev/null || true
done
i=0
for f in $(find policies stdlib tests -name '*.pol' | sort); do
    i=$((i + 1))
    cp "$f" "$D/policy/repo-$i.pol"
    cp "$f" "$D/program/repo-$i.pol"
    "$P" compile "$f" -o "$D/polc/repo-$i.polc" >/dev/null 2>&1 || rm -f "$D/polc/repo-$i.polc"
done
for f in "$D"/polc/*.polc; do [ -e "$f" ] && mv "$f" "${f%.polc}.bin"; done
python3 - "$D" <<'PY'
import glob, json, os, sys
d = sys.argv[1]
facts = []
for path in sorted(glob.glob('tests/**/*.case', recursive=True)):
    text = open(path, encoding='utf-8', errors='replace').read()
    if 'facts:' not in text:
        continue
    body = text.split('facts:', 1)[1]
    body = body.split('\nexpect', 1)[0]
    facts.append(body.strip())
for path in sorted(glob.glob('examples/*.json')):
    facts.append(open(path, encoding='utf-8').read().strip())
for i, f in enumerate(facts):
    open(os.path.join(d, 'facts', 'case-%d.json' % i), 'w', encoding='utf-8').write(f)
lines = []
for f in facts:
    try:
        lines.append(json.dumps(json.loads(f), ensure_ascii=False))
    except ValueError:
        pass
def batch(name, flags, text):
    open(os.path.join(d, 'batch', name), 'wb').write(bytes([flags]) + text.encode('utf-8'))
for k in range(0, len(lines), 8):
    chunk = '\n'.join(lines[k:k + 8]) + '\n'
    batch('ndjson-%d' % k, 0, chunk)
    batch('ndjson-date-%d' % k, 4 | 2 * (k % 2), chunk)
batch('mixed', 8, lines[0] + '\n\n{\n[]\nnull\n\ufeff' + lines[1] + '\r\n' + lines[2])
csv = open('tests/batch/changsha.csv', encoding='utf-8').read()
batch('csv', 1, csv)
batch('csv-out', 3, csv)
batch('csv-jobs', 13, csv)
rows = csv.split('\n', 1)[1]
for k, start in enumerate(range(0, len(rows), 1500)):
    open(os.path.join(d, 'csv', 'changsha-%d' % k), 'wb').write(bytes([18]) + rows[start:start + 1500].encode('utf-8'))
PY
