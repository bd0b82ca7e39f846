#!/usr/bin/env python3
"""The registry of polrun's diagnostics (src/diagnostics.h): checks and docs.

    python3 tools/diagnostics.py check
        Checks the registry: codes well formed, unique, in order and in the
        range of their stage; names unique; the English and Chinese formats
        of every entry take the same arguments; a Chinese text for every
        message and help; every entry used by the sources; and the codes as
        recorded in tests/diagnostics/codes.lock (a code never changes
        meaning: its name stays, and a code no longer used is retired there,
        never reused).

    python3 tools/diagnostics.py doc [--check]
        Brings docs/errors.md in step with the registry: the index and, for
        each code, the block between <!-- BEGIN generated:CODE --> and
        <!-- END generated:CODE --> (its heading, messages and helps) are
        rewritten; a code without a section gets a skeleton (with TODO where
        the example and the fix go) among the codes of its range. Everything outside the generated blocks is written by hand and
        kept. With --check nothing is written: the run fails if the file is
        not what `doc` would make, if a TODO is left, if a section lacks its
        wrong example ("Wrong:" and a block) or its fix, or if a line of a
        ```text block showing a message (error[E...] or 错误[E...]) is not
        printed by any golden test of tests/diagnostics in that language.

    python3 tools/diagnostics.py lock
        Appends the codes of the registry missing from codes.lock.

Exit status 0 when all is well, 1 otherwise (each problem on a line).
"""
import glob
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HEADER = os.path.join(ROOT, "src", "diagnostics.h")
DOC = os.path.join(ROOT, "docs", "errors.md")
LOCK = os.path.join(ROOT, "tests", "diagnostics", "codes.lock")
GOLDEN = os.path.join(ROOT, "tests", "diagnostics")

STAGES = {
    1: "scanner",
    2: "parser",
    3: "names",
    4: "types",
    5: "declarations, measures, parameters, default logic",
    6: "facts schema and policy header",
    7: "files, imports and size limits",
    8: "runtime errors: deciding an applicant",
    9: "the facts of an applicant",
    10: "compiled policies (.polc)",
    11: "case files of polrun test",
    12: "polrun batch: input and output",
    13: "polrun serve: requests and the server",
}

# ---------------------------------------------------------------- parsing

TOKEN = re.compile(r'''
    (?P<comment>/\*.*?\*/|//[^\n]*)
  | (?P<string>"(?:\\.|[^"\\\n])*")
  | (?P<ident>[A-Za-z_][A-Za-z_0-9]*)
  | (?P<punct>[(),])
  | (?P<space>\s+)
  | (?P<other>.)
''', re.S | re.X)


def c_string(lit):
    """The value of a C string literal (the escapes the registry uses)."""
    out = []
    i = 1
    while i < len(lit) - 1:
        c = lit[i]
        if c == "\\":
            e = lit[i + 1]
            out.append({"n": "\n", "t": "\t", '"': '"', "\\": "\\"}.get(e, "\\" + e))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


class Entry:
    def __init__(self, kind, args, line, comment):
        self.kind = kind
        self.line = line
        self.comment = comment
        if kind == "DIAG":
            self.code, self.name, self.en, self.zh, self.en_help, self.zh_help = args
        else:
            self.name, self.en, self.zh = args

    def help_msgs(self):
        """MSG entries a `/* help: MSG a, b (when) */` comment names."""
        m = re.search(r"help:\s*MSG\s+([a-z_, ]+)", self.comment or "")
        if not m:
            return []
        return [name.strip() for name in m.group(1).split(",") if name.strip()]

    def help_when(self):
        """The `(when)` of that comment, if any."""
        m = re.search(r"help:\s*MSG\s+[a-z_, ]+\(([^)]*)\)", self.comment or "")
        return m.group(1) if m else None


def parse_registry(path=HEADER):
    text = open(path, encoding="utf-8").read()
    start = text.index("#else /* the table */")
    body = text[start:]
    base_line = text[:start].count("\n") + 1
    tokens = []
    for m in TOKEN.finditer(body):
        kind = m.lastgroup
        if kind == "space":
            continue
        tokens.append((kind, m.group(), base_line + body[:m.start()].count("\n")))
    entries = []
    i = 0
    while i < len(tokens):
        kind, value, line = tokens[i]
        if kind == "ident" and value in ("DIAG", "MSG") and i + 1 < len(tokens) and tokens[i + 1][1] == "(" \
                and tokens[i - 1][1] != "define":
            j = i + 2
            args, cur = [], None
            depth = 1
            while depth:
                k, v, _ = tokens[j]
                if v == "(":
                    depth += 1
                elif v == ")":
                    depth -= 1
                    if depth == 0:
                        args.append(cur)
                        break
                elif v == "," and depth == 1:
                    args.append(cur)
                    cur = None
                elif k == "string":
                    cur = (cur or "") + c_string(v)
                elif k == "ident":
                    cur = None if v == "NULL" else v
                j += 1
            comment = None
            if j + 1 < len(tokens) and tokens[j + 1][0] == "comment" and tokens[j + 1][2] == tokens[j][2]:
                comment = tokens[j + 1][1]
            want = 6 if value == "DIAG" else 3
            if len(args) != want:
                raise SystemExit(f"src/diagnostics.h:{line}: {value} with {len(args)} arguments, expected {want}")
            entries.append(Entry(value, args, line, comment))
            i = j + 1
            continue
        i += 1
    diags = [e for e in entries if e.kind == "DIAG"]
    msgs = [e for e in entries if e.kind == "MSG"]
    return diags, msgs


SPEC = re.compile(r"%(?:(\d+)\$)?([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?(hh|h|ll|l|z|j|t|L)?([a-zA-Z%])")


def arg_kinds(fmt):
    """The C types a printf format consumes, in order (None: a bad format)."""
    kinds = []
    for m in SPEC.finditer(fmt):
        _, _, width, prec, length, conv = m.groups()
        if conv == "%":
            continue
        if width == "*":
            kinds.append("int")
        if prec == "*":
            kinds.append("int")
        length = length or ""
        if conv in "di":
            kinds.append(length + "int")
        elif conv in "ouxX":
            kinds.append(length + "unsigned")
        elif conv == "c":
            kinds.append("int")
        elif conv == "s":
            kinds.append("string")
        elif conv == "p":
            kinds.append("pointer")
        else:
            return None
    return kinds


def has_han(s):
    return any("\u4e00" <= ch <= "\u9fff" for ch in s)


def read_lock():
    locked = {}
    if not os.path.exists(LOCK):
        return locked
    for n, line in enumerate(open(LOCK, encoding="utf-8"), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        locked[parts[0]] = (parts[1] if len(parts) > 1 else "", "retired" in parts[2:], n)
    return locked


# ---------------------------------------------------------------- check

def check():
    diags, msgs = parse_registry()
    problems = []

    def bad(entry, text):
        problems.append(f"src/diagnostics.h:{entry.line}: {text}")

    seen_codes, seen_names, seen_msgs = {}, {}, {}
    previous = ""
    for d in diags:
        if not re.fullmatch(r"E\d{4}", d.code or "") or int(d.code[1:3]) not in STAGES:
            last = max(STAGES)
            bad(d, f"`{d.code}` is not a code E0101..E{last:02d}99 (the ranges are STAGES in {os.path.basename(__file__)})")
            continue
        if d.code in seen_codes:
            bad(d, f"{d.code} is also assigned at line {seen_codes[d.code]}")
        seen_codes[d.code] = d.line
        if d.code <= previous:
            bad(d, f"{d.code} comes after {previous}: keep the codes in order")
        previous = d.code
        if d.code.endswith("00"):
            bad(d, f"{d.code}: codes of a stage start at xx01")
        if not re.fullmatch(r"[a-z][a-z0-9_]*", d.name or ""):
            bad(d, f"{d.code}: name `{d.name}` is not lower_snake_case")
        if d.name in seen_names:
            bad(d, f"{d.code}: name `{d.name}` is also {seen_names[d.name]}")
        seen_names[d.name] = d.code
        for what, en, zh in (("message", d.en, d.zh), ("help", d.en_help, d.zh_help)):
            if (en is None) != (zh is None):
                bad(d, f"{d.code}: the {what} exists in one language only")
                continue
            if en is None:
                continue
            if not has_han(zh):
                bad(d, f"{d.code}: the Chinese {what} has no Chinese in it")
            if what == "message":
                ke, kz = arg_kinds(en), arg_kinds(zh)
                if ke is None or kz is None or ke != kz:
                    bad(d, f"{d.code}: the English and Chinese messages take different arguments: {ke} and {kz}")
        for name in d.help_msgs():
            if name not in {m.name for m in msgs}:
                bad(d, f"{d.code}: the comment names MSG `{name}`, which does not exist")
    for m in msgs:
        if m.name in seen_msgs:
            bad(m, f"MSG `{m.name}` is also at line {seen_msgs[m.name]}")
        seen_msgs[m.name] = m.line
        ke, kz = arg_kinds(m.en), arg_kinds(m.zh)
        if ke is None or kz is None or ke != kz:
            bad(m, f"MSG `{m.name}`: the English and Chinese formats take different arguments: {ke} and {kz}")

    # every entry is used somewhere in the sources
    sources = ""
    for pattern in ("src/*.c", "src/*.h", "grammar/*.y", "grammar/*.l"):
        for path in glob.glob(os.path.join(ROOT, pattern)):
            if not path.endswith("diagnostics.h"):
                sources += open(path, encoding="utf-8", errors="replace").read()
    for d in diags:
        if f"POL_{d.code}_{d.name}" not in sources:
            bad(d, f"{d.code} ({d.name}) is not used: no POL_{d.code}_{d.name} in src/ or grammar/ (retire it in codes.lock)")
    for m in msgs:
        if f"POL_MSG_{m.name}" not in sources:
            bad(m, f"MSG `{m.name}` is not used: no POL_MSG_{m.name} in src/ or grammar/")

    # codes never change meaning
    locked = read_lock()
    rel = os.path.relpath(LOCK, ROOT)
    for d in diags:
        if d.code not in locked:
            bad(d, f"{d.code} is not in {rel}: add `{d.code} {d.name}` (python3 tools/diagnostics.py lock)")
            continue
        name, retired, n = locked[d.code]
        if retired:
            problems.append(f"{rel}:{n}: {d.code} was retired and cannot be used again (it is `{d.name}` now)")
        elif name != d.name:
            problems.append(f"{rel}:{n}: {d.code} was assigned to `{name}` and is now `{d.name}`: "
                            "a code never changes meaning; give the new diagnostic a new code")
    for code, (name, retired, n) in locked.items():
        if not retired and code not in seen_codes:
            problems.append(f"{rel}:{n}: {code} ({name}) is no longer in the registry: mark it `retired` here")

    for p in problems:
        print(p)
    if not problems:
        print(f"registry: {len(diags)} codes, {len(msgs)} messages, all consistent")
    return not problems


def lock():
    diags, _ = parse_registry()
    locked = read_lock()
    new = [d for d in diags if d.code not in locked]
    with open(LOCK, "a", encoding="utf-8") as f:
        for d in new:
            f.write(f"{d.code} {d.name}\n")
    print(f"{len(new)} codes added to {os.path.relpath(LOCK, ROOT)}")
    return True


# ---------------------------------------------------------------- docs

def display(fmt):
    """A format as readers see it: `…` for what the message fills in."""
    def one(m):
        conv, prec = m.group(6), m.group(4)
        if conv == "%":
            return "%"
        if conv == "s" and prec == "0":
            return ""          # an English plural the Chinese leaves out
        return "…"
    fmt = re.sub(r"(?<=[a-z])(?<!%[a-z])%s\b", "(s)", fmt)   # argument%s: a plural suffix (not %s%s)
    return re.sub("…+", "…", SPEC.sub(one, fmt))   # `%s%s%s`: one thing filled in


def cell(s):
    """s in a table cell: pipes escaped, and backslashes outside `code`."""
    parts = s.split("`")
    for i in range(0, len(parts), 2):
        parts[i] = parts[i].replace("\\", "\\\\")
    return "`".join(parts).replace("|", "\\|")


def title(d):
    return d.name.replace("_", " ")


def anchor(d):
    return f"{d.code.lower()}-{d.name.replace('_', '-')}"


def generated_block(d, msgs_by_name):
    rows = [f"### {d.code} {title(d)}", "",
            "| | English | 中文 |", "|---|---|---|",
            f"| message | {cell(display(d.en))} | {cell(display(d.zh))} |"]
    if d.en_help is not None:
        rows.append(f"| help | {cell(d.en_help)} | {cell(d.zh_help)} |")
    when = d.help_when()
    for name in d.help_msgs():
        m = msgs_by_name[name]
        label = f"help ({when})" if when else "help"
        rows.append(f"| {label} | {cell(display(m.en))} | {cell(display(m.zh))} |")
    return "\n".join(rows)


def index_block(diags):
    rows = ["| code | English | 中文 |", "|---|---|---|"]
    for d in diags:
        rows.append(f"| [{d.code}](#{anchor(d)}) | {cell(display(d.en))} | {cell(display(d.zh))} |")
    return "\n".join(rows)


def skeleton(d, block):
    return (f"<!-- BEGIN generated:{d.code} -->\n{block}\n<!-- END generated:{d.code} -->\n\n"
            "Wrong:\n\n```pol fragment\nTODO\n```\n\n"
            "polrun says:\n\n```text\nTODO\n```\n\n"
            "Fix: TODO\n\n```pol fragment\nTODO\n```\n\n")


BLOCK = re.compile(r"<!-- BEGIN generated:(\w+) -->\n(.*?)<!-- END generated:\1 -->", re.S)


def make_doc(text, diags, msgs):
    msgs_by_name = {m.name: m for m in msgs}
    by_code = {d.code: d for d in diags}

    def replace(m):
        key = m.group(1)
        if key == "index":
            new = index_block(diags)
        elif key in by_code:
            new = generated_block(by_code[key], msgs_by_name)
        else:
            return m.group(0)   # reported by --check
        return f"<!-- BEGIN generated:{key} -->\n{new}\n<!-- END generated:{key} -->"

    text = BLOCK.sub(replace, text)
    present = set(re.findall(r"<!-- BEGIN generated:(E\d{4}) -->", text))
    for d in diags:
        if d.code in present:
            continue
        # among the codes of its range (E03xx...): before the next one, else
        # after the section of the one before it (which ends at the next
        # section or `## ` heading); the first of a new range starts a
        # `## ` heading of its own before the next range
        piece = skeleton(d, generated_block(d, msgs_by_name))
        group = d.code[:3]
        later = sorted(c for c in present if c[:3] == group and c > d.code)
        earlier = sorted(c for c in present if c[:3] == group and c < d.code)
        if later:
            at = text.index(f"<!-- BEGIN generated:{later[0]} -->")
        elif earlier:
            end = text.index(f"<!-- END generated:{earlier[-1]} -->")
            nxt = re.compile(r"^(<!-- BEGIN generated:E|## )", re.M).search(text, end)
            at = nxt.start() if nxt else len(text)
        else:
            piece = f"## {group}xx\n\n" + piece
            next_groups = sorted(c for c in present if c[:3] > group)
            at = len(text)
            if next_groups:
                first = text.index(f"<!-- BEGIN generated:{next_groups[0]} -->")
                heading = text.rfind("\n## ", 0, first)
                at = heading + 1 if heading >= 0 else first
        if at == len(text):
            text = text.rstrip("\n") + "\n\n" + piece
        else:
            text = text[:at] + piece + text[at:]
        present.add(d.code)
    return text


def golden_lines():
    """The first line of every diagnostic printed by the golden tests, by language."""
    lines = {"en": set(), "zh": set()}
    for path in glob.glob(os.path.join(GOLDEN, "*.stderr")) + glob.glob(os.path.join(GOLDEN, "*", "*.stderr")):
        lang = "zh" if path.endswith(".zh.stderr") else "en"
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                lines[lang].add(line.rstrip("\n"))
    return lines


def doc_problems(text, diags):
    problems = []
    codes = [d.code for d in diags]
    order = re.findall(r"<!-- BEGIN generated:(E\d{4}) -->", text)
    for code in set(order) - set(codes):
        problems.append(f"docs/errors.md: a section for {code}, which is not in the registry")
    if order != sorted(order):
        problems.append("docs/errors.md: the sections are not in the order of their codes")
    golden = golden_lines()
    starts = [(m.start(), m.group(1)) for m in re.finditer(r"<!-- BEGIN generated:(E\d{4}) -->", text)]
    for k, (at, code) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(text)
        section = text[at:end]
        line = text[:at].count("\n") + 1
        where = f"docs/errors.md:{line}: {code}"
        if "TODO" in section:
            problems.append(f"{where}: TODO left in the section")
        if not re.search(r"^Wrong:\n\n```", section, re.M):
            problems.append(f"{where}: no wrong example (Wrong: and a fenced block)")
        if not re.search(r"^Fix", section, re.M):
            problems.append(f"{where}: no fix")
        shown = {"en": 0, "zh": 0}
        for block in re.findall(r"```text\n(.*?)```", section, re.S):
            for shown_line in block.splitlines():
                lang = "en" if shown_line.startswith("error[") else "zh" if shown_line.startswith("错误[") else None
                if not lang:
                    continue
                shown[lang] += 1
                if f"[{code}]" not in shown_line:
                    problems.append(f"{where}: `{shown_line}` is not a message of {code}")
                if shown_line not in golden[lang]:
                    problems.append(f"{where}: `{shown_line}` is printed by no golden test of tests/diagnostics")
        for lang in ("en", "zh"):
            if not shown[lang]:
                problems.append(f"{where}: no {'English' if lang == 'en' else 'Chinese'} message shown")
    return problems


def doc(check_only):
    diags, msgs = parse_registry()
    text = open(DOC, encoding="utf-8").read() if os.path.exists(DOC) else ""
    if "<!-- BEGIN generated:index -->" not in text:
        text = text.rstrip("\n") + "\n\n<!-- BEGIN generated:index -->\n<!-- END generated:index -->\n"
    new = make_doc(text, diags, msgs)
    if not check_only:
        with open(DOC, "w", encoding="utf-8") as f:
            f.write(new)
        problems = [p for p in doc_problems(new, diags)]
        for p in problems:
            print(p)
        print(f"docs/errors.md written ({len(problems)} problems left)")
        return True
    problems = []
    if new != text:
        problems.append("docs/errors.md is not in step with src/diagnostics.h: run python3 tools/diagnostics.py doc")
    problems += doc_problems(new, diags)
    for p in problems:
        print(p)
    if not problems:
        print(f"docs/errors.md: {len(diags)} codes documented")
    return not problems


def main(argv):
    if len(argv) >= 2 and argv[1] == "check" and len(argv) == 2:
        return 0 if check() else 1
    if len(argv) >= 2 and argv[1] == "doc" and argv[2:] in ([], ["--check"]):
        return 0 if doc(argv[2:] == ["--check"]) else 1
    if argv[1:] == ["lock"]:
        return 0 if lock() else 1
    print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
    print("usage: tools/diagnostics.py check | doc [--check] | lock", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
