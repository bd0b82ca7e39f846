#!/usr/bin/env python3
"""Checks the examples of the documentation against polrun.

    python3 tests/docs/check_docs.py POLRUN [FILE.md...]

Called by tests/docs/run.sh, which documents the conventions. Each
document gets a fresh working folder; its fenced blocks are handled in
order. Prints one line per failure and ends with "docs: N passed, N failed".
"""
import json
import shutil
import os
import re
import subprocess
import sys
import tempfile

FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})(.*)$")


def blocks(path):
    """Yields (line, lang, words, options, text) for each fenced block."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, fence, info = len(m.group(1)), m.group(2), m.group(3).strip()
        if fence[0] == "`" and "`" in info:
            i += 1      # inline code at the start of a line, not a fence (CommonMark)
            continue
        start = i + 1
        body = []
        i += 1
        while i < len(lines):
            close = re.match(r"^ {0,3}" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}\s*$", lines[i])
            if close:
                break
            line = lines[i]
            # remove the fence's indentation from the body, as Markdown does
            strip = min(indent, len(line) - len(line.lstrip(" ")))
            body.append(line[strip:])
            i += 1
        i += 1
        parts = info.split()
        lang = parts[0] if parts else ""
        words = [p for p in parts[1:] if "=" not in p]
        options = dict(p.split("=", 1) for p in parts[1:] if "=" in p)
        text = "\n".join(body) + "\n" if body else ""
        yield start, lang, words, options, text


def run(cmd, cwd, env, stdin=None):
    p = subprocess.run(cmd, cwd=cwd, env=env, input=stdin, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=120)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def normalise(text):
    lines = [l.rstrip() for l in text.split("\n")]
    while lines and lines[-1] == "":
        lines.pop()
    return lines


DIGEST = "sha256:\u2026"   # `sha256:…` in a document: any digest


def same_line(want, got):
    """A line as shown equals the one printed; `sha256:…` stands for the
    digest of a compiled policy (64 hex digits), which any change of the
    policy or of polrun's compiled format changes."""
    if DIGEST not in want:
        return want == got
    pattern = "sha256:[0-9a-f]{64}".join(re.escape(part) for part in want.split(DIGEST))
    return re.fullmatch(pattern, got) is not None


def matches(want, got):
    """Compares expected lines with actual ones; a line `...` alone stands
    for any number of lines."""
    if not want:
        return not got
    if want[0] == "...":
        return any(matches(want[1:], got[k:]) for k in range(len(got) + 1))
    return bool(got) and same_line(want[0], got[0]) and matches(want[1:], got[1:])


def subset_diff(want, got, path="$"):
    """The members of `want` that differ in `got` (decision comparison as in
    case files: members left out are not compared)."""
    if isinstance(want, dict) and isinstance(got, dict):
        out = []
        for k, v in want.items():
            if k not in got:
                out.append(f"{path}.{k}: missing")
            else:
                out.extend(subset_diff(v, got[k], f"{path}.{k}"))
        return out
    if isinstance(want, str) and isinstance(got, str) and DIGEST in want:
        return [] if same_line(want, got) else [f"{path}: expected {want}, got {got}"]
    if want != got:
        return [f"{path}: expected {json.dumps(want, ensure_ascii=False)}, got {json.dumps(got, ensure_ascii=False)}"]
    return []


class Doc:
    def __init__(self, path, polrun, report):
        self.path = path
        self.polrun = polrun
        self.report = report
        self.dir = tempfile.mkdtemp(prefix="polrun-doc-")
        bindir = os.path.join(self.dir, ".bin")
        os.mkdir(bindir)
        wrapper = os.path.join(bindir, "polrun")
        with open(wrapper, "w", encoding="utf-8") as f:
            f.write('#!/bin/sh\nexec "%s" "$@"\n' % polrun)
        os.chmod(wrapper, 0o755)
        # The repository's policies, examples and fixtures, as a reader who
        # runs the commands from its top folder finds them.
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        for name in ("policies", "examples", "tests"):
            os.symlink(os.path.join(root, name), os.path.join(self.dir, name))
        # A document for Chinese readers (NAME.zh.md) shows what polrun
        # prints in a Chinese locale; every other document, the English.
        locale = "zh_CN.UTF-8" if path.endswith(".zh.md") else "C.UTF-8"
        self.env = dict(os.environ, PATH=bindir + os.pathsep + os.environ.get("PATH", ""),
                        LC_ALL=locale, LANG=locale, LC_MESSAGES=locale)
        self.policy = None      # the last checked policy, for facts blocks
        self.facts = None       # (line, decision or error) of the last facts block

    def where(self, line):
        return f"{os.path.relpath(self.path)}:{line}"

    def write(self, name, text):
        target = os.path.join(self.dir, name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as f:
            f.write(text)
        return target

    def pol(self, line, words, options, text):
        if "fragment" in words:
            if "file" in options:
                self.write(options["file"], text)
            return
        name = options.get("file") or f"doc-block-{line}.pol"
        target = self.write(name, text)
        rc, out, err = run([self.polrun, "check", name], self.dir, self.env)
        if "error" in words:
            if rc == 1:
                self.report.ok()
            else:
                self.report.fail(self.where(line), f"this ```pol error block should fail `polrun check` (exit 1), got exit {rc}")
            self.policy = None
            return
        if rc == 0:
            self.report.ok()
            self.policy = target
        else:
            self.report.fail(self.where(line), f"`polrun check` exit {rc}:\n{err}")
            self.policy = None

    def json_facts(self, line, options, text):
        if self.policy is None:
            self.report.fail(self.where(line), "a ```json facts block without a valid ```pol block before it")
            return
        cmd = [self.polrun, "run", self.policy, "--facts", "-"]
        if "date" in options:
            cmd += ["--date", options["date"]]
        rc, out, err = run(cmd, self.dir, self.env, stdin=text.encode("utf-8"))
        if rc != 0:
            self.report.fail(self.where(line), f"`polrun run` on these facts: exit {rc}:\n{err}")
            self.facts = None
            return
        self.report.ok()
        self.facts = json.loads(out)

    def json_decision(self, line, text):
        if self.facts is None:
            self.report.fail(self.where(line), "a ```json decision block without a ```json facts block before it")
            return
        try:
            want = json.loads(text)
        except json.JSONDecodeError as e:
            self.report.fail(self.where(line), f"the decision is not JSON: {e}")
            return
        diff = subset_diff(want, self.facts)
        if diff:
            self.report.fail(self.where(line), "the decision differs:\n  " + "\n  ".join(diff))
        else:
            self.report.ok()

    def console(self, line, text):
        lines = text.split("\n")
        i = 0
        while i < len(lines):
            if not lines[i].startswith("$ "):
                if lines[i].strip():
                    self.report.fail(self.where(line + i), f"output without a command: {lines[i]}")
                i += 1
                continue
            cmd_line = line + i
            cmd = lines[i][2:]
            i += 1
            expected = []
            while i < len(lines) and not lines[i].startswith("$ "):
                expected.append(lines[i])
                i += 1
            p = subprocess.run(["sh", "-c", cmd], cwd=self.dir, env=self.env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120)
            got = normalise(p.stdout.decode("utf-8", "replace"))
            want = normalise("\n".join(expected))
            if matches(want, got):
                self.report.ok()
            else:
                self.report.fail(self.where(cmd_line), f"`{cmd}` printed:\n" +
                                 "\n".join("    " + l for l in got) +
                                 "\n  but the document shows:\n" +
                                 "\n".join("    " + l for l in want))

    def check(self):
        try:
            self.check_blocks()
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    def check_blocks(self):
        for line, lang, words, options, text in blocks(self.path):
            if lang == "pol":
                self.pol(line, words, options, text)
            elif "file" in options:
                self.write(options["file"], text)
            if lang == "json" and "facts" in words:
                self.json_facts(line, options, text)
            elif lang == "json" and "decision" in words:
                self.json_decision(line, text)
            elif lang == "console":
                self.console(line, text)


class Report:
    def __init__(self, quiet=False):
        self.passed = 0
        self.failed = 0
        self.skipped = 0
        self.quiet = quiet

    def ok(self):
        self.passed += 1

    def fail(self, where, message):
        self.failed += 1
        if not self.quiet:
            print(f"FAIL {where}: {message}")

    def skip(self, why):
        self.skipped += 1
        print(f"docs: {why} (skipped)")


def self_test(polrun, here, report):
    """The checker checks itself: fixtures/good.md uses every convention
    and must pass; fixtures/bad.md must give exactly the number of failures
    its first line announces (<!-- failures: N -->)."""
    good = Report(quiet=True)
    Doc(os.path.join(here, "fixtures", "good.md"), polrun, good).check()
    if good.failed == 0 and good.passed > 0:
        report.ok()
    else:
        report.fail("tests/docs/fixtures/good.md", f"{good.failed} failures in the self-test (run check_docs.py on it)")
    bad_path = os.path.join(here, "fixtures", "bad.md")
    with open(bad_path, encoding="utf-8") as f:
        want = int(re.match(r"<!-- failures: (\d+) -->", f.readline()).group(1))
    bad = Report(quiet=True)
    Doc(bad_path, polrun, bad).check()
    if bad.failed == want:
        report.ok()
    else:
        report.fail("tests/docs/fixtures/bad.md", f"{bad.failed} failures found, {want} expected (run check_docs.py on it)")
    # and the comparison of the Chinese references with the English ones
    import check_sync
    root = os.path.dirname(os.path.dirname(here))
    for problem in check_sync.self_test(polrun, root) or [None]:
        if problem:
            report.fail("tests/docs/fixtures/sync", problem)
        else:
            report.ok()


def man_page(root, report):
    """docs/polrun.1 covers every command and option of docs/cli.md, and
    renders without warnings and within 80 columns."""
    with open(os.path.join(root, "docs", "cli.md"), encoding="utf-8") as f:
        cli = f.read()
    with open(os.path.join(root, "docs", "polrun.1"), encoding="utf-8") as f:
        man = f.read()
    plain = man.replace("\\-", "-").replace("\\fI", "").replace("\\fB", "").replace("\\fR", "").replace("\\fP", "")
    commands = sorted(set(re.findall(r"^polrun ([a-z]+)", cli, re.M)))
    options = sorted(set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*|-o)\b", cli)))
    missing = [c for c in commands if f'.SY "polrun {c}"' not in plain]
    missing += [o for o in options if o not in plain]
    if missing:
        report.fail("docs/polrun.1", "lacks what docs/cli.md documents: " + ", ".join(missing))
    else:
        report.ok()
    page = os.path.join(root, "docs", "polrun.1")
    if shutil.which("groff"):
        p = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-z", page], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE)
        if p.returncode == 0 and not p.stderr:
            report.ok()
        else:
            report.fail("docs/polrun.1", "groff warns:\n" + p.stderr.decode("utf-8", "replace"))
    else:
        report.skip("groff not found: docs/polrun.1 rendered without warnings")
    if shutil.which("man"):
        p = subprocess.run(["man", "-l", page], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           env=dict(os.environ, MANWIDTH="80", MANPAGER="cat", PAGER="cat", LC_ALL="C.UTF-8"))
        text = p.stdout.decode("utf-8", "replace")
        long_lines = [l for l in text.split("\n") if len(l) > 80]
        if p.returncode == 0 and "POLRUN(1)" in text and not long_lines:
            report.ok()
        else:
            report.fail("docs/polrun.1", f"man -l: exit {p.returncode}; lines over 80 columns: {long_lines[:3]}")
    else:
        report.skip("man not found: docs/polrun.1 within 80 columns")


def main(argv):
    if len(argv) < 2:
        print("usage: check_docs.py POLRUN [FILE.md...]", file=sys.stderr)
        return 2
    polrun = os.path.abspath(argv[1])
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
    files = argv[2:]
    if not files:
        docs = os.path.join(root, "docs")
        files = sorted(os.path.join("docs", f) for f in os.listdir(docs) if f.endswith(".md"))
    report = Report()
    # the Chinese texts use the glossary's terms (tests/docs/check_glossary.py)
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import check_glossary
    terms, _, failures = check_glossary.check(root)
    if failures or not terms:
        report.fail("docs/glossary.md", f"{failures} texts use a variant the glossary rejects (above)")
    else:
        report.ok()
    # the Chinese references say what the English ones say (check_sync.py)
    import check_sync
    pairs, compared, failures = check_sync.check(polrun, root)
    if failures:
        report.fail("docs/*.zh.md", f"{failures} differences between {pairs} references and their Chinese versions (above)")
    else:
        report.ok()
    if not argv[2:]:
        self_test(polrun, os.path.dirname(os.path.abspath(__file__)), report)
        man_page(root, report)
    for f in files:
        Doc(os.path.join(root, f) if not os.path.isabs(f) else f, polrun, report).check()
    skipped = f", {report.skipped} skipped" if report.skipped else ""
    print(f"docs: {report.passed} passed, {report.failed} failed{skipped}")
    # 77: passed, but parts were skipped (tests/run.sh counts it so)
    return 1 if report.failed else 77 if report.skipped else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
