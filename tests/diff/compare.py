#!/usr/bin/env python3
"""What `polrun diff OLD NEW` must say, worked out from two `polrun batch`
runs over the same register, compared line by line; then checked against
diff's answer in one format.

    compare.py OLD.ndjson NEW.ndjson json|csv|text DIFF_OUTPUT

OLD.ndjson and NEW.ndjson: `polrun batch` of each version (one answer per
line, in input order). Prints one line per mismatch and exits 1 on any.
"""
import csv
import io
import json
import sys


def money(s):
    """Money text to fen (exact: no floats)."""
    neg = s.startswith("-")
    whole, _, frac = s.lstrip("-").partition(".")
    v = int(whole) * 100 + int((frac + "00")[:2])
    return -v if neg else v


def fmt(fen):
    sign = "-" if fen < 0 else ""
    fen = abs(fen)
    return "%s%d.%02d" % (sign, fen // 100, fen % 100)


def values(answer, measures):
    """{measure: amount text or "granted"} of a decision (a per-item measure:
    the sum of its items); None for an error line."""
    if "error" in answer:
        return None
    got = {}
    for e in answer["entitlements"]:
        if e["measure"] not in measures:
            measures.append(e["measure"])
        amount = e["amount"] if e["amount"] is not None else "granted"
        before = got.get(e["measure"])
        if before is not None and before != "granted" and amount != "granted":
            # a per-item measure: the sum of its items' amounts
            amount = fmt(money(before) + money(amount))
        elif before is not None and amount == "granted":
            amount = before
        got[e["measure"]] = amount
    return got


def expected(old_path, new_path):
    olds = [json.loads(l) for l in open(old_path, encoding="utf-8", newline="\n").read().split("\n") if l]
    news = [json.loads(l) for l in open(new_path, encoding="utf-8", newline="\n").read().split("\n") if l]
    assert len(olds) == len(news), "the two batch runs answer as many lines"
    measures = []
    rows = []
    s = {"applicants": 0, "changed": 0, "gained": 0, "lost": 0, "undecided": 0,
         "old_total": 0, "new_total": 0, "granted": {}, "sums": {}}
    for i, (a, b) in enumerate(zip(olds, news), 1):
        s["applicants"] += 1
        va, vb = values(a, measures), values(b, measures)
        if va is None and vb is None:
            s["undecided"] += 1
            continue
        for k, v, ans in ((0, va, a), (1, vb, b)):
            if v is None:
                continue
            s[("old_total", "new_total")[k]] += money(ans["total"])
            for m, amt in v.items():
                g = s["granted"].setdefault(m, [0, 0])
                g[k] += 1
                t = s["sums"].setdefault(m, [0, 0])
                t[k] += 0 if amt == "granted" else money(amt)
        changed = (va is None) != (vb is None) or va != vb
        if not changed:
            continue
        s["changed"] += 1
        if va is not None and vb is not None:
            ta, tb = money(a["total"]), money(b["total"])
            s["gained"] += tb > ta
            s["lost"] += tb < ta
        ident = (a if va is not None else b).get("id", a.get("id", b.get("id")))
        rows.append({"line": i, "id": ident,
                     "old_total": a["total"] if va is not None else None,
                     "new_total": b["total"] if vb is not None else None,
                     "old": va, "new": vb,
                     "old_error": a["error"]["message"] if va is None else None,
                     "new_error": b["error"]["message"] if vb is None else None})
    return measures, rows, s


def changes(row, measures):
    out = []
    for m in measures:
        o = row["old"].get(m) if row["old"] is not None else None
        n = row["new"].get(m) if row["new"] is not None else None
        if o != n:
            out.append({"measure": m, "old": o, "new": n})
    return out


def main():
    old_path, new_path, form, diff_path = sys.argv[1:5]
    measures, rows, s = expected(old_path, new_path)
    text = open(diff_path, encoding="utf-8-sig").read()
    bad = []

    def check(what, got, want):
        if got != want:
            bad.append("%s: diff says %r, the batch runs %r" % (what, got, want))

    if form == "json":
        lines = [json.loads(l) for l in text.split("\n") if l]
        summary = lines[-1]["summary"]
        got_rows = lines[:-1]
        check("changed lines", len(got_rows), len(rows))
        for g, w in zip(got_rows, rows):
            where = "line %d" % w["line"]
            check(where + " line", g["line"], w["line"])
            check(where + " id", g.get("id"), w["id"])
            check(where + " old_total", g["old_total"], w["old_total"])
            check(where + " new_total", g["new_total"], w["new_total"])
            check(where + " changes", g["changes"], changes(w, measures))
            check(where + " old error", g.get("old_error", {}).get("message"), w["old_error"])
            check(where + " new error", g.get("new_error", {}).get("message"), w["new_error"])
        for k in ("applicants", "changed", "gained", "lost", "undecided"):
            check("summary " + k, summary[k], s[k])
        check("summary old_total", summary["old_total"], fmt(s["old_total"]))
        check("summary new_total", summary["new_total"], fmt(s["new_total"]))
        for m in summary["measures"]:
            g = s["granted"].get(m["measure"], [0, 0])
            t = s["sums"].get(m["measure"], [0, 0])
            check(m["measure"] + " granted", [m["old_granted"], m["new_granted"]], g)
            check(m["measure"] + " totals", [m["old_total"], m["new_total"]], [fmt(t[0]), fmt(t[1])])
        check("measures", sorted(m["measure"] for m in summary["measures"]) >= sorted(s["granted"]), True)
    elif form == "csv":
        table = list(csv.reader(io.StringIO(text)))
        head, body = table[0], table[1:]
        check("rows", len(body), len(rows))
        col = {h: i for i, h in enumerate(head)}
        for g, w in zip(body, rows):
            where = "line %d" % w["line"]
            check(where + " line", g[col["line"]], str(w["line"]))
            check(where + " id", g[col["id"]], w["id"] or "")
            check(where + " old_total", g[col["old_total"]], w["old_total"] or "")
            check(where + " new_total", g[col["new_total"]], w["new_total"] or "")
            for m in measures:
                for side in ("old", "new"):
                    want = (w[side] or {}).get(m) or ""
                    check("%s %s.%s" % (where, m, side), g[col[m + "." + side]], want)
            check(where + " old_error", g[col["old_error"]], w["old_error"] or "")
            check(where + " new_error", g[col["new_error"]], w["new_error"] or "")
    elif form == "text":
        want = ["%d applicants, %d changed (%d gained, %d lost)" % (s["applicants"], s["changed"], s["gained"], s["lost"]),
                "total: %s before, %s after" % (fmt(s["old_total"]), fmt(s["new_total"]))]
        if s["undecided"]:
            want.append("%d not decided under either version" % s["undecided"])
        for m in measures:
            g = s["granted"].get(m, [0, 0])
            t = s["sums"].get(m, [0, 0])
            want.append("  %s: granted %d before, %d after; total %s before, %s after" % (m, g[0], g[1], fmt(t[0]), fmt(t[1])))
        for w in rows[:20]:
            want.append("line %d (%s): total %s → %s" % (w["line"], w["id"] or "-",
                        w["old_total"] or "not decided", w["new_total"] or "not decided"))
        for line in want:
            if line not in text:
                bad.append("the text does not say: " + line)
        if rows and "line %d " % rows[20]["line"] in text if len(rows) > 20 else False:
            bad.append("the text lists more than the first 20 changed applicants")
    for b in bad[:30]:
        print(b)
    print("%s: %d changed applicants of %d, %d mismatches" % (form, len(rows), s["applicants"], len(bad)))
    sys.exit(1 if bad else 0)


main()
