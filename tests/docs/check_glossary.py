#!/usr/bin/env python3
"""Checks that the Chinese texts of polrun use the terms of docs/glossary.md.

    python3 tests/docs/check_glossary.py [ROOT]

The glossary's tables have a column 不用: the variants of a term that are
not used. None of them may appear in
  - a Chinese text of the message registry, src/diagnostics.h, or of the
    reviewer's page, src/doc.c (every string literal holding a Chinese
    character: messages, helps, explanations, the page's words);
  - a Chinese document, docs/*.zh.md;
  - a reading of the Changsha policy (a comment `# 解读：…` and the comment
    lines that continue it).
Prints one line per use found ("FILE:LINE: 舍入 (the glossary's term: 取整)")
and "glossary: N terms, N texts checked, N failed"; exit 1 when any.
Also called by tests/docs/check_docs.py (the `docs` suite of make test).
"""
import glob
import os
import re
import sys

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


def rejected_variants(glossary_path):
    """{variant: term} from the rows of the glossary's tables whose third
    column (不用) is not empty."""
    out = {}
    header = None
    with open(glossary_path, encoding="utf-8") as f:
        for line in f:
            if not line.startswith("|"):
                header = None
                continue
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if header is None:
                header = cells
                continue
            if set("".join(cells)) <= set("-: "):
                continue
            if len(cells) < 3 or "不用" not in header:
                continue
            term = cells[header.index("术语")]
            for variant in re.split(r"[、，,]", cells[header.index("不用")]):
                variant = variant.strip()
                if variant:
                    out[variant] = term
    return out


def texts(root):
    """Yields (file, line, text) for every Chinese text the glossary governs."""
    path = os.path.join(root, "src", "diagnostics.h")
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            for m in STRING.finditer(line):
                if HAN.search(m.group(1)):
                    yield path, n, m.group(1)
    path = os.path.join(root, "src", "doc.c")   # the words of the reviewer's page
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            for m in STRING.finditer(line):
                if HAN.search(m.group(1)):
                    yield path, n, m.group(1)
    for path in sorted(glob.glob(os.path.join(root, "docs", "*.zh.md"))):
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                yield path, n, line
    path = os.path.join(root, "policies", "changsha-srdi-2025.pol")
    with open(path, encoding="utf-8") as f:
        in_reading = False
        for n, line in enumerate(f, 1):
            comment = line.strip()
            if not comment.startswith("#"):
                in_reading = False
                continue
            body = comment.lstrip("#").strip()
            if body.startswith("解读："):
                in_reading = True
            elif not body or body.startswith("Reading:") or body.startswith("“"):
                in_reading = False
            if in_reading:
                yield path, n, body


def check(root, out=sys.stdout):
    """Returns (terms, texts, failures)."""
    variants = rejected_variants(os.path.join(root, "docs", "glossary.md"))
    count = 0
    failures = 0
    for path, n, text in texts(root):
        count += 1
        for variant, term in variants.items():
            if variant in text:
                failures += 1
                print(f"FAIL {os.path.relpath(path, root)}:{n}: {variant} (the glossary's term: {term})", file=out)
    return len(variants), count, failures


def main(argv):
    root = argv[1] if len(argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    terms, count, failures = check(os.path.abspath(root))
    print(f"glossary: {terms} variants, {count} texts checked, {failures} failed")
    return 1 if failures or not terms else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
