#!/usr/bin/env python3
"""Properties of polrun fmt over a set of .pol files.

    tests/fmt/props.py POLRUN FILE|DIR...

(a DIR stands for every .pol file under it, node_modules and hidden
folders left out). For every FILE that parses (`polrun fmt --dump-ast` exits 0):
  - same tree: the dump of fmt(FILE) equals the dump of FILE;
  - idempotent: fmt(fmt(FILE)) == fmt(FILE);
  - comments kept: the comments of FILE, in order, each still after code or
    on its own line as it was, are the comments of fmt(FILE);
  - tidy: no tab, no trailing blank, no two blank lines in a row, one
    newline at the end, indentation in steps of 2 spaces for code lines,
    every line ending as FILE's first line does (CRLF or LF);
  - --check's diff: nothing for a formatted file; else a unified diff that
    `patch` applies to FILE to give fmt(FILE), with as many lines taken out
    and put in as `diff --minimal -u` finds (with patch and diff at hand).
For a FILE that does not parse: fmt exits 1, prints nothing on standard
output, and `fmt --write` leaves the file as it was.
Prints one line per failure and "props: N passed, N failed" (one check per
file and property).
"""
import os
import shutil
import subprocess
import sys
import tempfile


def run(args, stdin=None):
    p = subprocess.run(args, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return p.returncode, p.stdout, p.stderr


def comments(text):
    """(on its own line?, text) of each comment: `#` outside "..." to the end
    of the line, without trailing blanks."""
    out = []
    for line in text.decode("utf-8", "surrogateescape").split("\n"):
        i, n = 0, len(line)
        while i < n:
            c = line[i]
            if c == '"':
                i += 1
                while i < n and line[i] != '"':
                    i += 2 if line[i] == "\\" else 1
                i += 1
            elif c == "#":
                out.append((line[:i].strip() == "", line[i:].rstrip(" \t\r")))
                break
            else:
                i += 1
    return out


def crlf_file(text):
    """Whether the file's first line ends in CRLF (fmt keeps that ending)."""
    nl = text.find(b"\n")
    return nl > 0 and text[nl - 1:nl] == b"\r"


def tidy_problems(text, crlf):
    s = text.decode("utf-8", "surrogateescape")
    if s.startswith("\ufeff"):
        s = s[1:]
    if s == "":
        return []
    probs = []
    ends = s.count("\n")
    if crlf and s.count("\r\n") != ends:
        probs.append("%d of %d lines do not end in CRLF" % (ends - s.count("\r\n"), ends))
    if not crlf and "\r\n" in s:
        probs.append("a line ends in CRLF, the first in LF")
    if crlf:
        s = s.replace("\r\n", "\n")
    if not s.endswith("\n") or s.endswith("\n\n"):
        probs.append("does not end in exactly one newline")
    if s.startswith("\n"):
        probs.append("starts with a blank line")
    lines = s[:-1].split("\n")
    for k, line in enumerate(lines, 1):
        if "\t" in line[: len(line) - len(line.lstrip(" \t"))]:
            probs.append("line %d: a tab in the indentation" % k)
        if line != line.rstrip(" \t\r"):
            probs.append("line %d: trailing blank" % k)
        if k > 1 and line == "" and lines[k - 2] == "":
            probs.append("line %d: two blank lines" % k)
        indent = len(line) - len(line.lstrip(" "))
        if not line.lstrip().startswith("#") and indent % 2:
            probs.append("line %d: odd indentation" % k)
    return probs[:3]


def changed_lines(diff):
    """The lines a unified diff takes out or puts in."""
    return sum(1 for line in diff.split(b"\n")
               if line[:1] in (b"-", b"+") and not line.startswith((b"--- ", b"+++ ")))


def pol_files(args):
    for a in args:
        if not os.path.isdir(a):
            yield a
            continue
        for root, dirs, names in os.walk(a):
            dirs[:] = sorted(d for d in dirs if d != "node_modules" and not d.startswith("."))
            for n in sorted(names):
                if n.endswith(".pol"):
                    yield os.path.join(root, n)


def main():
    polrun, files = sys.argv[1], list(pol_files(sys.argv[2:]))
    passed = failed = 0
    tmp = tempfile.mkdtemp()
    tools = shutil.which("patch") and shutil.which("diff")

    def check(ok, what):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print("FAIL " + what)

    try:
        for f in files:
            rc, dump, _ = run([polrun, "fmt", "--dump-ast", f])
            if rc != 0:
                # does not parse: refused, untouched
                orig = open(f, "rb").read()
                rc1, out1, _ = run([polrun, "fmt", f])
                check(rc1 == 1 and out1 == b"", "%s: a file that does not parse: exit %d, %d bytes printed" % (f, rc1, len(out1)))
                copy = os.path.join(tmp, "broken.pol")
                shutil.copyfile(f, copy)
                rc2, _, _ = run([polrun, "fmt", "--write", copy])
                check(rc2 == 1 and open(copy, "rb").read() == orig, "%s: fmt --write changed a file that does not parse" % f)
                continue
            rc, once, err = run([polrun, "fmt", f])
            if rc != 0:
                check(False, "%s: fmt exit %d: %s" % (f, rc, err.decode(errors="replace").strip()))
                continue
            formatted = os.path.join(tmp, "once.pol")
            with open(formatted, "wb") as o:
                o.write(once)
            rc, dump2, err = run([polrun, "fmt", "--dump-ast", formatted])
            check(rc == 0 and dump2 == dump, "%s: the formatted file has another tree" % f)
            rc, twice, _ = run([polrun, "fmt", formatted])
            check(rc == 0 and twice == once, "%s: not idempotent" % f)
            before, after = comments(open(f, "rb").read()), comments(once)
            check(before == after, "%s: comments changed: %d before, %d after%s" % (
                f, len(before), len(after),
                "".join("\n    %r -> %r" % (a, b) for a, b in zip(before, after) if a != b)[:400]))
            probs = tidy_problems(once, crlf_file(open(f, "rb").read()))
            check(not probs, "%s: untidy output: %s" % (f, "; ".join(probs)))
            rc, diff, _ = run([polrun, "fmt", "--check", f])
            original = open(f, "rb").read()
            if once == original:
                check(rc == 0 and diff == b"", "%s: --check on a formatted file: exit %d, %d bytes" % (f, rc, len(diff)))
            elif tools:
                patched = os.path.join(tmp, "patched.pol")
                p = subprocess.run(["patch", "-s", "-o", patched, f], input=diff,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                check(rc == 1 and p.returncode == 0 and open(patched, "rb").read() == once,
                      "%s: --check's diff does not patch the file into its formatted text: %s" % (
                          f, (p.stdout + p.stderr).decode(errors="replace")[:300]))
                _, gnu, _ = run(["diff", "--minimal", "-u", f, formatted])
                check(changed_lines(diff) == changed_lines(gnu),
                      "%s: --check's diff changes %d lines, diff --minimal %d" % (f, changed_lines(diff), changed_lines(gnu)))
    finally:
        shutil.rmtree(tmp)
    print("props: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
