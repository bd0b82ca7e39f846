#!/usr/bin/env python3
"""The table of `make coverage`: lines and branches of each file of src/.

    python3 tools/coverage.py build-cov/src.info

Reads lcov's tracefile (SF/LF/LH/BRF/BRH records), prints one row per
file — lines covered, branches taken — sorted by branch coverage, the
files under the per-file target marked, then the whole against its target.
The targets are those of docs/robustness.md: every file at least 90% of
its branches, the whole at least 95%. Exit 0 in any case: the figures are
a report, recorded in docs/robustness.md, not a gate of `make test`.

Conditions marked NEVER(...) or ALWAYS(...) (src/never.h) are constants in
the coverage build and so are not counted; the last line says how many
there are and in which files, so that what is set aside stays in view.
"""

import glob
import os
import re
import sys

FILE_TARGET = 90.0
WHOLE_TARGET = 95.0


def read(path):
    files, cur = {}, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line.startswith("SF:"):
                cur = files.setdefault(os.path.basename(line[3:]), {"LF": 0, "LH": 0, "BRF": 0, "BRH": 0})
            elif ":" in line and cur is not None:
                key, _, value = line.partition(":")
                if key in cur:
                    cur[key] += int(value)
            elif line == "end_of_record":
                cur = None
    return files


def set_aside(src):
    """NEVER(...)/ALWAYS(...) uses of each file of src/ (never.h aside)."""
    uses = {}
    for path in sorted(glob.glob(os.path.join(src, "*.[ch]"))):
        if os.path.basename(path) == "never.h":
            continue
        with open(path, encoding="utf-8") as f:
            n = len(re.findall(r"\b(?:NEVER|ALWAYS)\(", f.read()))
        if n:
            uses[os.path.basename(path)] = n
    return uses


def pct(hit, found):
    return 100.0 * hit / found if found else 100.0


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    files = read(sys.argv[1])
    rows = sorted(files.items(), key=lambda kv: (pct(kv[1]["BRH"], kv[1]["BRF"]), kv[0]))
    print(f"{'file':<18} {'lines':>16} {'branches':>18}")
    under = 0
    for name, c in rows:
        b = pct(c["BRH"], c["BRF"])
        mark = "  < %.0f%%" % FILE_TARGET if b < FILE_TARGET else ""
        under += b < FILE_TARGET
        print(f"{name:<18} {pct(c['LH'], c['LF']):6.1f}% {c['LH']:>4}/{c['LF']:<5} "
              f"{b:6.1f}% {c['BRH']:>5}/{c['BRF']:<5}{mark}")
    lh = sum(c["LH"] for c in files.values())
    lf = sum(c["LF"] for c in files.values())
    bh = sum(c["BRH"] for c in files.values())
    bf = sum(c["BRF"] for c in files.values())
    whole = pct(bh, bf)
    print(f"{'src/ (whole)':<18} {pct(lh, lf):6.1f}% {lh:>4}/{lf:<5} {whole:6.1f}% {bh:>5}/{bf:<5}")
    print(f"coverage: branches {whole:.1f}% against the target of {WHOLE_TARGET:.0f}%: "
          f"{'met' if whole >= WHOLE_TARGET else 'MISSED'}; "
          f"{under} of {len(files)} files under {FILE_TARGET:.0f}%")
    uses = set_aside(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src"))
    print(f"coverage: {sum(uses.values())} conditions set aside as unreachable (NEVER/ALWAYS)"
          + (": " + ", ".join(f"{k} {v}" for k, v in uses.items()) if uses else ""))


main()
