#!/usr/bin/env python3
"""Checks that the Chinese references say what the English ones say.

    python3 tests/docs/check_sync.py POLRUN [ROOT]
    python3 tests/docs/check_sync.py POLRUN --self-test

For each pair of PAIRS (docs/NAME.md and docs/NAME.zh.md):
  - each file links to the other near its top (the line `中文版 / English`);
  - the headings outside fenced blocks are the same, level by level, in the
    same order, and a numbered heading ("## 4.2 ...") has the same number;
  - the fenced blocks are the same examples, in the same order: the same
    language, words and options in the info string, and
      pol       the same program: the syntax tree (`polrun fmt --dump-ast`)
                of the Chinese block, converted to English keywords with
                `polrun fmt --keywords en` first, equals the English
                block's; where a block cannot be parsed (a fragment, a
                mistake shown on purpose) the same words with comments
                left out and Chinese keywords read as English ones;
      json      the same JSON value;
      console   the same commands (the output shown is what polrun prints
                in each language, which tests/docs/check_docs.py checks);
      file=...  the same file, comment lines (`#`) left out;
    other blocks (text shown for reading) are compared by kind only: their
    comments and annotations are translated.
Comments of a pol block may be translated; names, texts and numbers may not.
Every block of both files is also run by tests/docs/check_docs.py (a
Chinese block in Chinese keywords is checked like any other).
Prints one line per difference and "sync: N pairs, N blocks, N failed";
exit 1 when any. Also called by check_docs.py (the `docs` suite).
"""
import difflib
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_docs import FENCE, blocks  # noqa: E402

PAIRS = ("language", "cases", "cli")
NUMBER = re.compile(r"^(\d+(?:\.\d+)*)\.?\s")


def outline(path):
    """(headings, blocks): headings as (line, level, number or None) outside
    fenced blocks; blocks as check_docs.blocks gives them."""
    found = list(blocks(path))
    inside = set()
    for line, _, _, _, text in found:
        inside.update(range(line, line + text.count("\n") + 2))
    headings = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if n in inside:
                continue
            m = re.match(r"^(#{1,6})\s+(.*)$", line)
            if m and not FENCE.match(line):
                number = NUMBER.match(m.group(2))
                headings.append((n, len(m.group(1)), number.group(1) if number else None))
    return headings, found


def keyword_map(root):
    """{Chinese word: English word} from src/keywords.def."""
    out = {}
    row = re.compile(r'^(?:KW|CTX|UNIT)\(\s*\w+\s*,\s*"([^"]*)"\s*,\s*"([^"]*)"\s*\)')
    with open(os.path.join(root, "src", "keywords.def"), encoding="utf-8") as f:
        for line in f:
            m = row.match(line)
            if m:
                out[m.group(2)] = m.group(1)
    return out


def words(text, zh_to_en):
    """The words of a pol text without its comments, Chinese keywords read
    as English ones (texts and names in backticks kept whole)."""
    token = re.compile(r'"(?:[^"\\\n]|\\.)*"|`[^`\n]*`|#[^\n]*|[^\s"`#]+')
    out = []
    for t in token.findall(text):
        if t.startswith("#"):
            continue
        out.append(zh_to_en.get(t, t))
    return out


class Polrun:
    def __init__(self, polrun, workdir):
        self.polrun = polrun
        self.dir = workdir

    def _run(self, args, text):
        path = os.path.join(self.dir, "block.pol")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        p = subprocess.run([self.polrun] + args + [path], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=60)
        return p.stdout.decode("utf-8", "replace") if p.returncode == 0 else None

    def tree(self, text):
        """The syntax tree of a policy text in English keywords after
        conversion, or None when it does not parse."""
        english = self._run(["fmt", "--keywords", "en"], text)
        return None if english is None else self._run(["fmt", "--dump-ast"], english)


def same_pol(en, zh, polrun, zh_to_en):
    t_en = polrun.tree(en)
    t_zh = polrun.tree(zh)
    if t_en is not None and t_zh is not None:
        if t_en == t_zh:
            return None
        return "another program: the syntax trees differ (`polrun fmt --dump-ast` on both)"
    if words(en, zh_to_en) == words(zh, zh_to_en):
        return None
    a, b = words(en, zh_to_en), words(zh, zh_to_en)
    k = next((i for i in range(min(len(a), len(b))) if a[i] != b[i]), min(len(a), len(b)))
    return f"another text: the English block has {' '.join(a[k:k + 4]) or 'nothing'}, this one {' '.join(b[k:k + 4]) or 'nothing'}"


def commands(text):
    return [l for l in text.split("\n") if l.startswith("$ ")]


def without_comments(text):
    return [l.rstrip() for l in text.split("\n") if l.strip() and not l.lstrip().startswith("#")]


def info(block):
    _, lang, words_, options, _ = block
    return " ".join([lang] + words_ + [f"{k}={v}" for k, v in options.items()]) or "(none)"


def key(block, polrun, zh_to_en):
    """What a block must be the same in, as one text: blocks with the same
    key are the same example (compare_block says why two are not)."""
    _, lang, words_, options, text = block
    head = info(block)
    if lang == "pol":
        tree = polrun.tree(text)
        return head + "\n" + (tree if tree is not None else " ".join(words(text, zh_to_en)))
    if lang == "json":
        try:
            return head + "\n" + json.dumps(json.loads(text), sort_keys=True)
        except json.JSONDecodeError:
            return head + "\n" + text
    if lang == "console":
        return head + "\n" + "\n".join(commands(text))
    if "file" in options:
        return head + "\n" + "\n".join(without_comments(text))
    return head


def compare_block(en_block, zh_block, polrun, zh_to_en):
    """None when the two blocks are the same example, else why not."""
    _, lang, words_, options, en = en_block
    _, zlang, zwords, zoptions, zh = zh_block
    if (lang, words_, options) != (zlang, zwords, zoptions):
        return f"a ```{info(zh_block)} block where the English has ```{info(en_block)}"
    if lang == "pol":
        return same_pol(en, zh, polrun, zh_to_en)
    if lang == "json":
        try:
            same = json.loads(en) == json.loads(zh)
        except json.JSONDecodeError:
            same = en == zh
        return None if same else "another JSON value"
    if lang == "console":
        return None if commands(en) == commands(zh) else "other commands"
    if "file" in options:
        return None if without_comments(en) == without_comments(zh) else "another file (comment lines aside)"
    return None


def check_pair(root, docs, name, polrun, zh_to_en, out):
    """Returns (blocks compared, failures)."""
    en_path = os.path.join(docs, name + ".md")
    zh_path = os.path.join(docs, name + ".zh.md")
    rel_en, rel_zh = os.path.relpath(en_path, root), os.path.relpath(zh_path, root)
    if not os.path.exists(zh_path):
        print(f"FAIL {rel_zh}: missing (the Chinese version of {rel_en})", file=out)
        return 0, 1
    failures = 0

    def say(message):
        nonlocal failures
        failures += 1
        print("FAIL " + message, file=out)

    for path, other in ((en_path, name + ".zh.md"), (zh_path, name + ".md")):
        with open(path, encoding="utf-8") as f:
            top = "".join(f.readlines()[:6])
        if f"]({other})" not in top:
            say(f"{os.path.relpath(path, root)}:1: no link to {other} in its first lines (中文版 / English)")
    en_heads, en_blocks = outline(en_path)
    zh_heads, zh_blocks = outline(zh_path)

    def level(h):
        return f"level {h[1]}" + (f" numbered {h[2]}" if h[2] else "")

    # headings: the same levels and numbers, in the same order
    match = difflib.SequenceMatcher(None, [h[1:] for h in en_heads], [h[1:] for h in zh_heads], autojunk=False)
    for op, a1, a2, b1, b2 in match.get_opcodes():
        for k in range(max(a2 - a1, b2 - b1)) if op != "equal" else ():
            if k < a2 - a1 and k < b2 - b1:
                say(f"{rel_zh}:{zh_heads[b1 + k][0]}: a heading of {level(zh_heads[b1 + k])} where "
                    f"{rel_en}:{en_heads[a1 + k][0]} has {level(en_heads[a1 + k])}")
            elif k < a2 - a1:
                say(f"{rel_zh}: lacks the section of {rel_en}:{en_heads[a1 + k][0]} ({level(en_heads[a1 + k])})")
            else:
                say(f"{rel_zh}:{zh_heads[b1 + k][0]}: a section {rel_en} does not have ({level(zh_heads[b1 + k])})")
    # examples: aligned by what they are, then compared pair by pair
    match = difflib.SequenceMatcher(None, [key(b, polrun, zh_to_en) for b in en_blocks],
                                    [key(b, polrun, zh_to_en) for b in zh_blocks], autojunk=False)
    for op, a1, a2, b1, b2 in match.get_opcodes():
        for k in range(max(a2 - a1, b2 - b1)) if op != "equal" else ():
            if k < a2 - a1 and k < b2 - b1:
                why = compare_block(en_blocks[a1 + k], zh_blocks[b1 + k], polrun, zh_to_en)
                say(f"{rel_zh}:{zh_blocks[b1 + k][0]}: not the example of {rel_en}:{en_blocks[a1 + k][0]}: {why}")
            elif k < a2 - a1:
                say(f"{rel_zh}: lacks the example of {rel_en}:{en_blocks[a1 + k][0]} (```{info(en_blocks[a1 + k])})")
            else:
                say(f"{rel_zh}:{zh_blocks[b1 + k][0]}: an example {rel_en} does not have (```{info(zh_blocks[b1 + k])})")
    return len(en_blocks), failures


def check(polrun, root, docs=None, names=PAIRS, out=sys.stdout):
    """Returns (pairs, blocks, failures); the pairs are in DOCS (root/docs
    unless given: the self-test's fixtures)."""
    docs = docs or os.path.join(root, "docs")
    zh_to_en = keyword_map(root)
    count = failures = 0
    with tempfile.TemporaryDirectory(prefix="polrun-sync-") as d:
        runner = Polrun(polrun, d)
        for name in names:
            n, f = check_pair(root, docs, name, runner, zh_to_en, out)
            count += n
            failures += f
    return len(names), count, failures


def self_test(polrun, root, out=sys.stdout):
    """The check checks itself on tests/docs/fixtures/sync: the pair good
    must pass; the pair drift must give exactly the failures the first line
    of drift.zh.md announces (<!-- failures: N ... -->). Returns the
    problems found, as lines."""
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "sync")
    problems = []
    quiet = open(os.devnull, "w")
    _, count, failures = check(polrun, root, here, ("good",), quiet)
    if failures or not count:
        problems.append(f"tests/docs/fixtures/sync/good: {failures} failures (run check_sync.py --self-test)")
    with open(os.path.join(here, "drift.zh.md"), encoding="utf-8") as f:
        want = int(re.match(r"<!-- failures: (\d+)", f.readline()).group(1))
    _, _, failures = check(polrun, root, here, ("drift",), quiet)
    if failures != want:
        problems.append(f"tests/docs/fixtures/sync/drift: {failures} failures found, {want} expected")
    quiet.close()
    return problems


def main(argv):
    if len(argv) < 2:
        print("usage: check_sync.py POLRUN [ROOT]", file=sys.stderr)
        return 2
    if len(argv) > 2 and argv[2] == "--self-test":
        here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "sync")
        root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
        for name in ("good", "drift"):
            check(os.path.abspath(argv[1]), os.path.abspath(root), here, (name,))
        problems = self_test(os.path.abspath(argv[1]), os.path.abspath(root))
        print("\n".join(problems) or "sync: the self-test passed")
        return 1 if problems else 0
    root = argv[2] if len(argv) > 2 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    pairs, count, failures = check(os.path.abspath(argv[1]), os.path.abspath(root))
    print(f"sync: {pairs} pairs, {count} blocks, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
