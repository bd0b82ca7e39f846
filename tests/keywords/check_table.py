#!/usr/bin/env python3
"""The table of keywords (src/keywords.def) is complete.

    python3 tests/keywords/check_table.py [ROOT]

- every keyword token of grammar/parser.y (`%token NAME "word"`, the words
  of the language) has a KW row, with that English word;
- every contextual word the parser asks for (`word(st, ..., "least", ...)`,
  `POL_CTX_key`) has a CTX row;
- every row has a Chinese word, and no two rows spell a word alike (but
  contextual words may share their English word: `kind` of `in kind` and
  of `kind relief`, `up` of `rounded up` and of `half up`);
- the Chinese words are words: no ASCII, no blank;
- docs/language.md (§13) lists every row, in both sets, and so does its
  Chinese version, docs/language.zh.md.

A keyword added to the grammar without its Chinese word fails here: add
its row to src/keywords.def (and to the tables of docs/language.md and
docs/language.zh.md).
Prints "keywords table: N rows checked" or the problems, exit 1.
"""
import re
import sys
from pathlib import Path

root = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
table = (root / "src/keywords.def").read_text(encoding="utf-8")
grammar = (root / "grammar/parser.y").read_text(encoding="utf-8")
references = {name: (root / name).read_text(encoding="utf-8")
              for name in ("docs/language.md", "docs/language.zh.md")}
problems = []

rows = re.findall(r'^(KW|CTX|UNIT)\(\s*(\w+),\s*"([^"]*)",\s*"([^"]*)"\)', table, re.M)
kw = {key: (en, zh) for kind, key, en, zh in rows if kind == "KW"}
ctx = {key: (en, zh) for kind, key, en, zh in rows if kind == "CTX"}

# the grammar's keyword tokens: those spelt as a lower-case word
for token, word in re.findall(r'(\b[A-Z_][A-Z_0-9]*)\s+"([a-z]+)"', "\n".join(
        line for line in grammar.splitlines() if line.startswith("%token") and not line.startswith("%token <"))):
    if token not in kw:
        problems.append(f"grammar/parser.y: keyword `{word}` ({token}) has no row KW({token}, \"{word}\", \"...\") in src/keywords.def")
    elif kw[token][0] != word:
        problems.append(f"src/keywords.def: KW({token}) spells `{kw[token][0]}`, the grammar `{word}`")

# the contextual words the parser asks for
english_ctx = {en for en, _ in ctx.values()}
for word in sorted(set(re.findall(r'\bword\(st, [^,]+, [^,]+, "(\w+)"', grammar))):
    if word not in english_ctx:
        problems.append(f"grammar/parser.y: contextual word `{word}` has no CTX row in src/keywords.def")
for key in sorted(set(re.findall(r'\bPOL_CTX_(\w+)', grammar))):
    if key not in ctx and key != "COUNT":
        problems.append(f"grammar/parser.y: POL_CTX_{key} has no CTX row in src/keywords.def")
for word in sorted(set(re.findall(r'strcmp\(\$?\w+, "([a-z]+)"\)', grammar))):
    problems.append(f"grammar/parser.y: the word `{word}` is compared with strcmp: ask for it with word() or ctx_is() and give it a CTX row in src/keywords.def")

# every row has its Chinese word; one spelling, one row
seen = {}
for kind, key, en, zh in rows:
    if not zh:
        problems.append(f"src/keywords.def: {kind}({key}, \"{en}\") has no Chinese word")
    elif re.search(r"[\x00-\x7f]", zh):
        problems.append(f"src/keywords.def: {kind}({key}): `{zh}` is not a Chinese word (ASCII or blank in it)")
    for word in (en, zh):
        other = seen.get(word)
        if other and not (kind == other[0] == "CTX" and word == en):
            problems.append(f"src/keywords.def: `{word}` spells both {other[0]}({other[1]}) and {kind}({key})")
        seen[word] = (kind, key)

# the documentation's table
for kind, key, en, zh in rows:
    for name, text in references.items():
        if not re.search(r"^\|[^\n]*`%s`[^\n]*\|[^\n]*`%s`" % (re.escape(en), re.escape(zh)), text, re.M):
            problems.append(f"{name}: the table of Chinese keywords has no row `{en}` | `{zh}`")

for p in problems:
    print(p)
if problems:
    print(f"keywords table: {len(problems)} problem(s)")
    sys.exit(1)
print(f"keywords table: {len(rows)} rows checked")
