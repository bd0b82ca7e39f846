#!/usr/bin/env python3
"""Who may need what: the layers of polrun, checked on its includes and on
the links between its object files.

    python3 tests/layers.py BUILD      (BUILD: the build folder, e.g. build)

A module is a file of src/ without its extension (vm, facts, ...) or one
of the grammar (lexer, parser). Module A needs module B when A's source
includes B's header, directly or through other headers, or when A's object
file refers to a symbol that B's defines, directly or through other
objects (nm). The rules, from the pipeline source → tokens → tree →
checked tree → bytecode → VM → decision (docs/design.md):

  - the bytecode side (bytecode, verify, vm, polc, disasm) needs nothing of
    the front end (scanner, parser, tree, loader, checker) or the compiler;
  - the front end needs nothing of the compiler or anything after it;
  - the facts readers (facts, csv) need no front end, compiler or VM;
  - decision output (decision) needs no command (decide, batch, cases,
    fmt, graph, doc, lsp*, serve*, main) and nothing of the front end or
    compiler;
  - nothing needs main, and nothing but main ends the process (exit);
  - no two object files need each other, however indirectly (no circle);
  - every function a header of src/ declares is defined by the file of the
    same name (scan.h: by scan.c or the scanner of grammar/lexer.l;
    gc_stress.h: only in a stress build).

Prints each violation and "layers: N passed, N failed"; exit 1 on any.
"""

import collections
import glob
import os
import re
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
FRONT = {"ast", "scan", "lexer", "parser", "parse", "keywords", "load", "check", "astdump", "fmt", "graph", "doc"}
BACK = {"compile", "bytecode", "verify", "vm", "polc", "disasm", "decision", "decide", "facts", "csv"}
COMMANDS = {"decide", "batch", "cases", "case_edit", "diff", "fmt", "graph", "doc", "main",
            "lsp", "lsp_check", "lsp_index", "lsp_query", "lsp_rpc", "lsp_text",
            "serve", "serve_batch", "serve_engine", "serve_log", "serve_metrics", "serve_policy"}
RULES = [
    ({"bytecode", "verify", "vm", "polc", "disasm"}, FRONT | {"compile"},
     "the bytecode side needs nothing of the front end or the compiler"),
    (FRONT, BACK, "the front end needs nothing of the compiler or what comes after it"),
    ({"facts", "csv"}, FRONT | {"compile", "bytecode", "verify", "vm", "polc", "disasm"} | COMMANDS,
     "the facts readers need no front end, compiler or VM"),
    ({"decision"}, FRONT | {"compile"} | COMMANDS, "decision output needs no command, front end or compiler"),
]


def module_of(path):
    return os.path.splitext(os.path.basename(path))[0]


def includes():
    """module -> the modules whose headers its sources include, transitively."""
    direct = collections.defaultdict(set)   # file name -> included file names
    files = glob.glob(os.path.join(ROOT, "src", "*.[ch]")) + glob.glob(os.path.join(ROOT, "grammar", "*.[ly]"))
    for f in files:
        with open(f, encoding="utf-8") as fh:
            text = fh.read()
        name = os.path.basename(f)
        direct[name] |= set(re.findall(r'^\s*#\s*include\s+"([^"]+)"', text, re.M))
        if name == "parser.y":   # what the generated parser.h includes
            req = re.search(r"%code requires \{(.*?)\}", text, re.S)
            direct["parser.h"] |= set(re.findall(r'#include "([^"]+)"', req.group(1))) if req else set()
    closure = {}

    def reach(name, seen):
        for inc in direct.get(name, ()):
            if inc not in seen:
                seen.add(inc)
                reach(inc, seen)
        return seen

    needs = collections.defaultdict(set)
    for f in files:
        name = os.path.basename(f)
        closure[name] = reach(name, set())
        m = module_of(name)
        needs[m] |= {module_of(h) for h in closure[name] if module_of(h) != m}
    return needs


def objects(build):
    """The object files of the current sources: module -> path."""
    objs = {}
    for src in glob.glob(os.path.join(ROOT, "src", "*.c")):
        objs[module_of(src)] = os.path.join(build, "obj", module_of(src) + ".o")
    for gen in ("parser", "lexer"):
        objs[gen] = os.path.join(build, "obj", gen + ".o")
    missing = [o for o in objs.values() if not os.path.exists(o)]
    if missing:
        sys.exit("layers: build first (make): missing " + ", ".join(sorted(missing)))
    return objs


def symbols(obj):
    out = subprocess.run(["nm", "-P", obj], capture_output=True, text=True, encoding="utf-8", check=True).stdout
    defined, undefined = set(), set()
    for line in out.splitlines():
        f = line.split()
        if len(f) < 2:
            continue
        (undefined if f[1] == "U" else defined if f[1] in "TDBRCVWG" else set()).add(f[0])
    return defined, undefined


def local_functions(obj):
    """The file-local functions an object defines (nm's `t`)."""
    out = subprocess.run(["nm", "-P", obj], capture_output=True, text=True, check=True).stdout
    return {f[0] for f in (line.split() for line in out.splitlines()) if len(f) >= 2 and f[1] == "t"}


def links(objs):
    """module -> the modules whose objects it refers to (direct), who
    defines what, and what each refers to."""
    defs, undefs = {}, {}
    owner = {}
    for m, o in objs.items():
        defs[m], undefs[m] = symbols(o)
        for s in defs[m]:
            owner.setdefault(s, m)
    direct = {m: {owner[s] for s in undefs[m] if s in owner and owner[s] != m} for m in objs}
    return direct, defs, undefs


def transitive(direct):
    out = {}
    for m in direct:
        seen, todo = set(), list(direct[m])
        while todo:
            n = todo.pop()
            if n not in seen:
                seen.add(n)
                todo.extend(direct.get(n, ()))
        out[m] = seen - {m}
    return out


def cycles(direct):
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on, comps, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in direct.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                comps.append(sorted(comp))

    for v in sorted(direct):
        if v not in index:
            visit(v)
    return comps


def declared_functions(header):
    with open(header, encoding="utf-8") as fh:
        text = fh.read()
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r"^\s*#.*$", "", text, flags=re.M)
    text = re.sub(r"\bstatic\s+inline\b[^{]*\{[^}]*\}", "", text)   # defined in the header itself
    return set(re.findall(r"\b(pol_\w+)\s*\([^;{]*\)\s*(?:__attribute__\s*\(\(.*?\)\)\s*)?;", text, re.S))


def main(argv):
    build = argv[1] if len(argv) > 1 else "build"
    passed = failed = 0

    def check(ok, what):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print("FAIL: " + what)

    objs = objects(build)
    inc = includes()
    direct, defs, refs = links(objs)
    linked = transitive(direct)
    for who, forbidden, why in RULES:
        for m in sorted(who):
            bad_inc = sorted(inc.get(m, set()) & forbidden)
            check(not bad_inc, f"{m} includes the headers of {', '.join(bad_inc)}: {why}")
            bad_link = sorted(linked.get(m, set()) & forbidden)
            check(not bad_link, f"{m} links {', '.join(bad_link)}: {why}")
    for m in sorted(objs):
        if m != "main":
            check("main" not in linked[m] and "main" not in inc.get(m, set()), f"{m} needs main.c")
            ends = sorted(refs[m] & {"exit", "_exit", "_Exit", "quick_exit"})
            if m == "lexer" and "yy_fatal_error" in local_functions(objs[m]):
                # flex's own yy_fatal_error, which exits, is never called
                # (YY_FATAL_ERROR is pol_scan_fatal) and is dropped when
                # optimising; an unoptimised build (make coverage) keeps it
                ends = [e for e in ends if e != "exit"]
            check(not ends, f"{m} calls {', '.join(ends)}: only main.c ends the process")
    circles = cycles(direct)
    check(not circles, "object files that need each other: " + "; ".join(" <-> ".join(c) for c in circles))
    for header in sorted(glob.glob(os.path.join(ROOT, "src", "*.h"))):
        m = module_of(header)
        owners = {"scan": ("scan", "lexer")}.get(m, (m,))
        declared = declared_functions(header)
        if m == "gc_stress" and not declared & defs.get(m, set()):
            continue   # defined only in a stress build (-DPOL_GC_STRESS)
        for fn in sorted(declared):
            check(any(fn in defs.get(o, ()) for o in owners),
                  f"src/{m}.h declares {fn}, which {' or '.join(o + '.c' for o in owners)} does not define")
    print(f"layers: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
