#!/usr/bin/env python3
"""The facts of case files as NDJSON and as CSV, for tests/batch/run.sh.

    cases_to_rows.py CASE... OUT.ndjson OUT.csv

Writes the `facts:` object of every case that expects a decision (not
`expect error:`) as one NDJSON line (its text as written, made
compact) and as one CSV row: nested objects become dotted columns, lists
become JSON in their cell, null and absent members become empty cells.
Scalars keep their JSON spelling (money and numbers are never turned into
floats). The columns are the union of the members met, in order of first
appearance.
"""
import csv
import json
import sys
from collections import OrderedDict


def facts_text(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    if any(l.startswith("expect error") for l in lines):
        raise ValueError("a case of bad facts")
    start = lines.index("facts:") + 1
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("expect"))
    return "\n".join(lines[start:end])


def keep(text):
    """The raw spelling of numbers, as strings tagged to tell them apart."""
    return json.loads(text, object_pairs_hook=OrderedDict,
                      parse_float=lambda s: ("num", s), parse_int=lambda s: ("num", s))


def compact(v):
    if isinstance(v, tuple):
        return v[1]
    if isinstance(v, OrderedDict):
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + compact(x) for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ",".join(compact(x) for x in v) + "]"
    return json.dumps(v, ensure_ascii=False)


def flatten(obj, prefix, out):
    for k, v in obj.items():
        name = prefix + k
        if isinstance(v, OrderedDict):
            flatten(v, name + ".", out)
        elif v is None:
            out[name] = ""
        elif isinstance(v, tuple):
            out[name] = v[1]
        elif isinstance(v, bool):
            out[name] = "true" if v else "false"
        elif isinstance(v, list):
            out[name] = compact(v)
        else:
            out[name] = v


def main(argv):
    cases, nd_path, csv_path = argv[1:-2], argv[-2], argv[-1]
    rows, columns = [], OrderedDict()
    with open(nd_path, "w", encoding="utf-8") as nd:
        for c in cases:
            try:
                obj = keep(facts_text(c))
            except (ValueError, StopIteration):
                continue
            if not isinstance(obj, OrderedDict):
                continue
            nd.write(compact(obj) + "\n")
            row = OrderedDict()
            flatten(obj, "", row)
            rows.append(row)
            for k in row:
                columns.setdefault(k, None)
    with open(csv_path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(list(columns))
        for r in rows:
            w.writerow([r.get(k, "") for k in columns])


if __name__ == "__main__":
    main(sys.argv)
