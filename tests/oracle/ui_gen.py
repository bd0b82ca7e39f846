#!/usr/bin/env python3
"""Deterministic applications for differential testing of ui-job-stability.

    python3 ui_gen.py SEED COUNT [--invalid-rate R] [--expect FILE]

Prints COUNT NDJSON lines of synthetic applications for the ui-job-stability
contract (shared/spec/ui-job-stability.md, section 2).  The same SEED and
COUNT always give the same bytes (random.Random(SEED); SEED is an integer
when it looks like one, else a string).

Valid applications are concentrated on the edges of the contract: every
date where the rules change (2021-12-31, 2022-01-01, 2022-05-30,
2022-05-31, 2022-12-31, 2023-01-01, 2023-12-31, 2024-01-01, 2024-12-31,
2025-01-01, 2025-12-31, 2026-01-01) and month ends around 29 February;
layoff rates of exactly 5.5% and 20% and one hundredth of a person either
side, 30 and 30.01 insured, nobody insured; 11, 12 and 13 months; premiums
whose refund needs rounding half up, or rounds to 0.00; every certificate
type, level and flag, several certificates of one occupation, ties in
issued_on, certificates issued on the application day, the day after, and
twelve months before give or take a day (across month ends and 29
February); history in the year of the application (before and after it) and
in other years, enough of it for the yearly count to reach 3; lists at their
bounds (20 certificates, 100 history entries).  The JSON text varies too:
member order, spacing, \\u-escaped keys and words, non-ASCII text, money as
numbers and strings with and without trailing zeros.

A fraction R (default 0.1) of the lines are bad facts with EXACTLY ONE
defect each (section 6 and the schema of section 2), so the JSON path of the
error is not open to dispute.  With --expect FILE the generator also writes,
per line, {"line": N, "path": null} for a valid line, or {"line": N,
"path": "$...", "id": "..." (when the error line must carry one),
"defect": "..."} for a bad one.  The expect file does not change the NDJSON
output.

The generator knows the input schema only, never the decisions, so a
misreading of the rules in the oracle is not repeated here.  Standard library
only; shares no code with polrun or with the oracle.
"""

import datetime
import json
import random
import sys

# --------------------------------------------------------------------------
# A small JSON tree written byte by byte as chosen

class Raw(object):
    """JSON text written verbatim (numbers, odd tokens)."""
    __slots__ = ("t",)

    def __init__(self, t):
        self.t = t


class Key(str):
    """A key written with the given raw text (e.g. with \\u escapes)."""

    def __new__(cls, value, raw):
        s = str.__new__(cls, value)
        s.raw = raw
        return s


class O(list):
    """A JSON object: [key, value] pairs in the order they are written."""
    __slots__ = ()

    def get(self, k, default=None):
        for kk, v in self:
            if kk == k:
                return v
        return default

    def index_of(self, k):
        for i, (kk, _) in enumerate(self):
            if kk == k:
                return i
        return -1

    def set(self, k, v):
        i = self.index_of(k)
        if i < 0:
            self.append([k, v])
        else:
            self[i][1] = v

    def remove_key(self, k):
        i = self.index_of(k)
        if i >= 0:
            del self[i]


class Style(object):
    __slots__ = ("comma", "colon", "ascii", "escape_words")

    def __init__(self, rng):
        self.comma, self.colon = rng.choice(
            [(",", ":")] * 5 + [(", ", ": ")] * 3 +
            [(" ,", " : "), (",\t", ":\t"), (" , ", ":  ")])
        self.ascii = rng.random() < 0.2
        self.escape_words = rng.random() < 0.1


def enc_str(s, sty):
    if type(s) is Key:
        return s.raw
    if sty.ascii:
        return json.dumps(s, ensure_ascii=True)
    return json.dumps(s, ensure_ascii=False)


def enc(v, sty):
    t = type(v)
    if t is O:
        return "{" + sty.comma.join(enc_str(k, sty) + sty.colon + enc(x, sty)
                                    for k, x in v) + "}"
    if t is list:
        return "[" + sty.comma.join(enc(x, sty) for x in v) + "]"
    if t is str or t is Key:
        return enc_str(v, sty)
    if t is bool:
        return "true" if v else "false"
    if v is None:
        return "null"
    if t is Raw:
        return v.t
    if t is int:
        return str(v)
    raise TypeError(t)


def escaped(word, rng):
    """The word written with one ASCII letter as a \\u escape."""
    i = rng.randrange(len(word))
    return Key(word, json.dumps(word[:i])[:-1] + "\\u%04x" % ord(word[i]) +
               json.dumps(word[i + 1:])[1:])


def word(rng, sty, w):
    """An enum word or key, sometimes \\u-escaped."""
    if sty.escape_words and rng.random() < 0.3:
        return escaped(w, rng)
    return w


# --------------------------------------------------------------------------
# Dates

D = datetime.date


def iso(d):
    return d.isoformat()


def day(s):
    return D(int(s[:4]), int(s[5:7]), int(s[8:10]))


BOUNDARIES = ["2021-12-31", "2022-01-01", "2022-05-30", "2022-05-31",
              "2022-12-31", "2023-01-01", "2023-12-31", "2024-01-01",
              "2024-12-31", "2025-01-01", "2025-12-31", "2026-01-01"]
# month ends and 29 February, for the 12-month claim window
MONTH_ENDS = ["2024-02-28", "2024-02-29", "2024-03-01", "2025-02-28",
              "2025-03-01", "2024-03-31", "2025-03-31", "2024-04-30",
              "2025-04-30", "2024-01-31", "2025-01-31", "2024-06-30",
              "2025-06-30", "2024-08-31", "2025-08-31", "2024-11-30",
              "2025-11-30", "2025-12-31", "2024-12-31"]
SPECIAL_ISSUES = ["2023-02-28", "2023-03-01", "2023-03-31", "2024-02-28",
                  "2024-02-29", "2024-03-01", "2024-03-31", "2024-04-30",
                  "2024-01-31", "2023-12-31", "2024-12-31", "2025-01-01",
                  "2025-02-28", "2025-03-01", "2023-01-01", "2022-12-31"]
LO = D(2021, 6, 1)
HI = D(2026, 6, 30)


def random_day(rng, lo=LO, hi=HI):
    return lo + datetime.timedelta(days=rng.randrange((hi - lo).days + 1))


def applied_day(rng, person):
    r = rng.random()
    if r < (0.3 if person else 0.45):
        return rng.choice(BOUNDARIES)
    if r < 0.6:
        return rng.choice(MONTH_ENDS)
    if person and r < 0.9:
        return iso(random_day(rng, D(2024, 1, 1), D(2025, 12, 31)))
    return iso(random_day(rng))


def year_back(d, years=1):
    """The same day `years` earlier (28 February for a 29th)."""
    y = d.year - years
    try:
        return D(y, d.month, d.day)
    except ValueError:
        return D(y, d.month, 28)


def month_end_back(d):
    """The last day of the same month a year earlier."""
    y = d.year - 1
    nxt = D(y + (d.month == 12), d.month % 12 + 1, 1)
    return nxt - datetime.timedelta(days=1)


def issued_day(rng, applied):
    a = day(applied)
    r = rng.random()
    one = datetime.timedelta(days=1)
    if r < 0.12:
        return applied                                   # the same day
    if r < 0.18:
        return iso(a + one)                              # not yet issued
    if r < 0.40:                                         # 12 months, +-2 days
        b = year_back(a)
        return iso(b + rng.choice([-2, -1, 0, 0, 1, 2]) * one)
    if r < 0.48:
        return iso(month_end_back(a))
    if r < 0.60:
        return rng.choice(SPECIAL_ISSUES)
    if r < 0.65:
        return iso(a + rng.randrange(2, 60) * one)
    return iso(a - rng.randrange(1, 500) * one)


def received_day(rng, applied):
    a = day(applied)
    r = rng.random()
    if r < 0.55:                                          # the same year
        lo, hi = D(a.year, 1, 1), D(a.year, 12, 31)
        if rng.random() < 0.3:
            return rng.choice([iso(lo), iso(hi), applied])
        return iso(random_day(rng, lo, hi))
    if r < 0.8:                                           # the year before
        if rng.random() < 0.3:
            return "%d-12-31" % (a.year - 1)
        return iso(random_day(rng, D(a.year - 1, 1, 1), D(a.year - 1, 12, 31)))
    if r < 0.9:
        return "%d-01-01" % (a.year + 1)
    return iso(random_day(rng, D(2017, 1, 1), D(2026, 12, 31)))


# --------------------------------------------------------------------------
# Money and integers, as text

def money_text(rng, fen, allow_number=True):
    """fen written as money: a JSON number or a string, with or without
    trailing zeros."""
    y, f = divmod(fen, 100)
    forms = []
    if f == 0:
        forms += ["%d" % y, "%d.0" % y, "%d.00" % y]
    elif f % 10 == 0:
        forms += ["%d.%d" % (y, f // 10), "%d.%02d" % (y, f)]
    else:
        forms += ["%d.%02d" % (y, f)]
    t = rng.choice(forms)
    if allow_number and rng.random() < 0.5:
        return Raw(t)
    return t


def premiums_fen(rng):
    r = rng.random()
    if r < 0.1:
        return rng.randrange(0, 6)                        # rounds to 0.00?
    if r < 0.3:                                            # half a fen at
        return rng.randrange(0, 10 ** 9) * 10 + 5          # 30% / 50% / 90%
    if r < 0.4:
        return rng.randrange(0, 10 ** 9) * 2 + 1           # odd: 50%
    if r < 0.43:
        return rng.choice([99999999999999999, 99999999999999995,
                           10 ** 17 - 10, 1])
    if r < 0.5:
        return rng.randrange(0, 100000) * 100
    return rng.randrange(0, 5 * 10 ** 9)


def rate_case(rng):
    """(insured_average in hundredths, new_claimants, label)."""
    k = rng.randrange(1, 60)
    r = rng.random()
    if r < 0.10:
        return rng.choice([0, 100, 3000, 3001, rng.randrange(0, 10 ** 6)]), \
            0, "nobody laid off"
    if r < 0.22:
        return 20000 * k, 11 * k, "exactly 5.5%"
    if r < 0.30:
        return 20000 * k - 1, 11 * k, "just over 5.5%"
    if r < 0.36:
        return 20000 * k + 1, 11 * k, "just under 5.5%"
    if r < 0.48:
        ia = rng.choice([500, 1000, 1500, 2000, 2500, 3000])
        return ia, ia // 500, "exactly 20% at 30 or fewer"
    if r < 0.54:
        return rng.choice([(2999, 6), (3000, 7), (1999, 4), (500, 2)]) + \
            ("just over 20%",)
    if r < 0.62:
        return rng.choice([(3001, 6), (3001, 1), (3001, 2), (3100, 6)]) + \
            ("30.01 insured",)
    if r < 0.66:
        return 3000, rng.choice([1, 6]), "30 insured"
    if r < 0.70:
        return 0, rng.randrange(1, 50), "nobody insured, layoffs"
    ia = rng.randrange(0, 500000)
    return ia, rng.randrange(0, ia // 1000 + 2), "random"


def int_value(rng, choices):
    return Raw(str(rng.choice(choices)))


# --------------------------------------------------------------------------
# Valid applications

CATEGORIES = ["enterprise", "social_organisation", "foundation",
              "social_service_agency", "law_firm", "accounting_firm",
              "individual_business"]
SIZES = ["large", "medium", "small", "micro"]
STATUSES = ["enterprise_employee", "benefit_recipient", "other"]
TYPES = ["vocational_qualification", "skill_level", "other"]
LEVELS = ["primary", "intermediate", "advanced"]
OCCUPATIONS = ["4-04-05-01", "6-18-01-01", "4-07-06-01", "电工（6-31-01-03）",
               "X-99 \"引号\"\\"]


def maybe_shuffle(rng, o, p=0.3):
    if rng.random() < p:
        rng.shuffle(o)
    return o


def gen_unit(rng, sty):
    u = O()
    cat = rng.choice(["enterprise"] * 7 + CATEGORIES[1:])
    u.append(["category", word(rng, sty, cat)])
    if cat == "enterprise":
        u.append(["size", word(rng, sty, rng.choice(SIZES + ["large"]))])
    elif rng.random() < 0.15:
        u.append(["size", None])                      # null counts as absent
    u.append(["months_paid_in_full",
              int_value(rng, [0, 1, 11, 11, 12, 12, 13, 24, 60, 999999999,
                              rng.randrange(0, 200)])])
    ia, nc, _ = rate_case(rng)
    u.append(["insured_average", money_text(rng, ia)])
    u.append(["new_claimants", Raw(str(nc))])
    u.append(["premiums_paid", money_text(rng, premiums_fen(rng))])
    return maybe_shuffle(rng, u)


def gen_certificate(rng, sty, applied, earlier):
    c = O()
    if earlier and rng.random() < 0.3:
        occ = rng.choice(earlier)[0]
    else:
        occ = rng.choice(OCCUPATIONS[:3] * 3 + OCCUPATIONS[3:])
    c.append(["occupation", occ])
    c.append(["type", word(rng, sty, rng.choice(TYPES[:2] * 2 + TYPES[2:]))])
    c.append(["level", word(rng, sty, rng.choice(LEVELS))])
    if earlier and rng.random() < 0.3:
        issued = rng.choice(earlier)[1]                  # a tie
    else:
        issued = issued_day(rng, applied)
    c.append(["issued_on", issued])
    c.append(["urgently_needed", rng.random() < 0.4])
    c.append(["training_subsidy_received", rng.random() < 0.1])
    earlier.append((occ, issued))
    return maybe_shuffle(rng, c, 0.2)


def gen_history_entry(rng, sty, applied, occs):
    h = O()
    h.append(["occupation", rng.choice(occs) if occs and rng.random() < 0.4
              else rng.choice(OCCUPATIONS[:3])])
    h.append(["level", word(rng, sty, rng.choice(LEVELS))])
    h.append(["received_on", received_day(rng, applied)])
    h.append(["urgently_needed", rng.random() < 0.4])
    return maybe_shuffle(rng, h, 0.2)


def gen_person(rng, sty, applied):
    p = O()
    p.append(["status", word(rng, sty, rng.choice(STATUSES[:2] * 4 +
                                                   STATUSES[2:]))])
    p.append(["months_insured",
              int_value(rng, [0, 11, 12, 12, 13, 36, 120, 999999999,
                              rng.randrange(12, 400)])])
    r = rng.random()
    n = (0 if r < 0.08 else 1 if r < 0.3 else 2 if r < 0.5 else
         3 if r < 0.65 else 4 if r < 0.75 else 20 if r < 0.78 else
         rng.randrange(5, 9))
    earlier = []
    certs = [gen_certificate(rng, sty, applied, earlier) for _ in range(n)]
    p.append(["certificates", certs])
    r = rng.random()
    occs = [e[0] for e in earlier]
    if r < 0.25:
        pass                                                # absent
    elif r < 0.3:
        p.append(["history", None])
    elif r < 0.38:
        p.append(["history", []])
    else:
        m = 100 if rng.random() < 0.02 else rng.choice([1, 1, 2, 2, 3, 3, 4, 5])
        p.append(["history", [gen_history_entry(rng, sty, applied, occs)
                              for _ in range(m)]])
    return maybe_shuffle(rng, p, 0.2)


IDS = ["91110000MA01ABCD2X", "91330100MA2B7Q9K5L", "330102199001011234",
       "张三-330106198805050011", "id with \"quotes\" and \\ backslash",
       "单位\t制表", "Ω-ünïcödé-😀"]


def gen_id(rng, n):
    r = rng.random()
    if r < 0.2:
        return rng.choice(IDS) + "-%d" % n
    return "%s%08d" % (rng.choice(["9133", "9144", "P-", "U-"]), n)


def gen_valid(rng, n, sty):
    person = rng.random() < 0.5
    applied = applied_day(rng, person)
    top = O()
    top.append(["id", gen_id(rng, n)])
    top.append(["applied_on", applied])
    top.append(["kind", word(rng, sty, "person" if person else "unit")])
    if person:
        if rng.random() < 0.05:
            top.append(["unit", None])                  # null = absent
        top.append(["person", gen_person(rng, sty, applied)])
    else:
        top.append(["unit", gen_unit(rng, sty)])
        if rng.random() < 0.05:
            top.append(["person", None])
    maybe_shuffle(rng, top, 0.25)
    return top, person


# --------------------------------------------------------------------------
# Bad facts: exactly one defect each

INT_DEFECTS = ["-1", "-0", "1.0", "12.5", "1e1", "1E2", "1000000000",
               "99999999999999999999", '"12"', "true", "[]", "{}", '""']
MONEY_DEFECTS = ['"200.005"', "200.005", "-1", '"-1"', '"-0"', "-0",
                 '"-0.00"', "1e2", '"1e2"', '"00200"', "\"\uff12\uff10\uff10\"",
                 "true", "[]", "{}", '"1000000000000000.00"',
                 "1000000000000000", '""', '" 200"', '"200."', '".5"',
                 '"1,000.00"', "0.001", '"0.5 "']
DATE_DEFECTS = ['"2025-02-29"', '"2023-02-29"', '"2025-13-01"',
                '"2025-00-10"', '"2025-1-01"', '"20250101"',
                "\"\uff12\uff10\uff12\uff15-01-01\"", "20250101",
                '"2025-04-31"', '"0000-01-01"', '"2025-01-01T00:00:00"',
                '" 2025-01-01"', '"2025/01/01"', "true", "[]", '""']
BOOL_DEFECTS = ['"true"', '"false"', "0", "1", '"yes"', "[]", "{}"]
TEXT_DEFECTS = ["7", "true", "[\"x\"]", "{\"a\":1}", '"a\\u0000b"', "0.5"]


def enum_defects(words):
    w = words[-1]
    out = ['"%s"' % w.upper(), '"%s "' % w, '""', "1", "true", "[]",
           '"unknown"', '"%s"' % w.capitalize()]
    if "_" in w:
        out.append('"%s"' % w.replace("_", "-"))
    return out


class Site(object):
    """An object of the tree with its path and the schema it follows."""

    def __init__(self, obj, path, schema):
        self.obj, self.path, self.schema = obj, path, schema


# the schema the generator knows: member -> (kind of value, required?)
S_TOP = [("id", "text", True), ("applied_on", "date", True),
         ("kind", ("enum", ["unit", "person"]), True)]
S_UNIT = [("category", ("enum", CATEGORIES), True),
          ("size", ("enum", SIZES), "size"),
          ("months_paid_in_full", "int", True),
          ("insured_average", "money", True),
          ("new_claimants", "int", True),
          ("premiums_paid", "money", True)]
S_PERSON = [("status", ("enum", STATUSES), True),
            ("months_insured", "int", True),
            ("certificates", "certs", True),
            ("history", "history", False)]
S_CERT = [("occupation", "text", True), ("type", ("enum", TYPES), True),
          ("level", ("enum", LEVELS), True), ("issued_on", "date", True),
          ("urgently_needed", "bool", True),
          ("training_subsidy_received", "bool", True)]
S_HIST = [("occupation", "text", True), ("level", ("enum", LEVELS), True),
          ("received_on", "date", True), ("urgently_needed", "bool", True)]

UNKNOWN_KEYS = {
    # key -> the path tail polrun writes for it
    "Kind": ".Kind", "applied": ".applied", "sizee": ".sizee",
    "zzz": ".zzz", "Status": ".Status", "issued": ".issued",
    "insured-average": '["insured-average"]', "种类": '["种类"]',
    "a\"b": '["a\\"b"]', "title": ".title", "digest": ".digest",
}


def defect_value(rng, kind):
    if kind == "int":
        return rng.choice(INT_DEFECTS)
    if kind == "money":
        return rng.choice(MONEY_DEFECTS)
    if kind == "date":
        return rng.choice(DATE_DEFECTS)
    if kind == "bool":
        return rng.choice(BOOL_DEFECTS)
    if kind == "text":
        return rng.choice(TEXT_DEFECTS)
    if kind in ("certs", "history"):
        return rng.choice(['{}', '"x"', "1", "true"])
    if kind == "object":
        return rng.choice(['[]', '"x"', "1", "true", "[{}]"])
    return rng.choice(enum_defects(kind[1]))


def sites_of(top, person):
    out = [Site(top, "$", S_TOP)]
    if person:
        p = top.get("person")
        out.append(Site(p, "$.person", S_PERSON))
        for i, c in enumerate(p.get("certificates")):
            out.append(Site(c, "$.person.certificates[%d]" % i, S_CERT))
        for i, h in enumerate(p.get("history") or []):
            out.append(Site(h, "$.person.history[%d]" % i, S_HIST))
    else:
        out.append(Site(top.get("unit"), "$.unit", S_UNIT))
    return out


def make_bad(rng, n, sty):
    """(top or raw bytes, expected path, expected id or None, defect)."""
    top, person = gen_valid(rng, n, sty)
    ident = top.get("id")
    r = rng.random()
    if r < 0.07:
        return not_json(rng, top, sty), "$", None, "not JSON"
    if r < 0.09:
        t = rng.choice(['[%s]', '"%s"', "1", "null", "true", "[]"])
        text = t % enc(top, sty) if "%s" in t else t
        if t == '"%s"':
            text = json.dumps(enc(top, sty), ensure_ascii=False)
        return text.encode("utf-8"), "$", None, "top level not an object"
    if r < 0.22:
        return kind_defect(rng, top, person, ident, sty)
    sites = sites_of(top, person)
    site = rng.choice(sites)
    if site.schema is S_TOP and rng.random() < 0.5:
        site = rng.choice(sites)
    return member_defect(rng, top, site, person, ident, sty)


def kind_defect(rng, top, person, ident, sty):
    """The rules of kind, unit and person, and the list bounds."""
    r = rng.random()
    if r < 0.15:
        top.remove_key("person" if person else "unit")
        return top, "$.person" if person else "$.unit", ident, \
            "missing the kind's object"
    if r < 0.25:
        top.set("person" if person else "unit", None)
        return top, "$.person" if person else "$.unit", ident, \
            "the kind's object is null"
    if r < 0.45:
        other = O()
        if person:
            other = gen_unit(rng, sty)
            pos = rng.randrange(len(top) + 1)
            top.insert(pos, ["unit", other])
            return top, "$.unit", ident, "unit given for a person"
        other = gen_person(rng, sty, top.get("applied_on"))
        pos = rng.randrange(len(top) + 1)
        top.insert(pos, ["person", other])
        return top, "$.person", ident, "person given for a unit"
    if r < 0.65 and not person:
        u = top.get("unit")
        cat = u.get("category")
        if cat == "enterprise":
            if rng.random() < 0.5:
                u.remove_key("size")
                return top, "$.unit.size", ident, "size missing"
            u.set("size", None)
            return top, "$.unit.size", ident, "size null for an enterprise"
        u.set("size", rng.choice(SIZES))
        return top, "$.unit.size", ident, "size given for " + cat
    if r < 0.65:
        r = 0.7 + rng.random() * 0.3
    if person and r >= 0.95:
        top.set("person", Raw(defect_value(rng, "object")))
        return top, "$.person", ident, "person not an object"
    if person:
        p = top.get("person")
        applied = top.get("applied_on")
        if r < 0.85:
            certs = p.get("certificates")
            earlier = []
            while len(certs) < 21:
                certs.append(gen_certificate(rng, sty, applied, earlier))
            del certs[21:]
            return top, "$.person.certificates", ident, "21 certificates"
        hist = p.get("history") or []
        while len(hist) < 101:
            hist.append(gen_history_entry(rng, sty, applied, []))
        del hist[101:]
        p.set("history", hist)
        return top, "$.person.history", ident, "101 history entries"
    # a unit: the object itself of the wrong type
    top.set("unit", Raw(defect_value(rng, "object")))
    return top, "$.unit", ident, "unit not an object"


def member_defect(rng, top, site, person, ident, sty):
    o, path, schema = site.obj, site.path, site.schema
    r = rng.random()
    if r < 0.12:                                    # an unknown key
        k = rng.choice(sorted(UNKNOWN_KEYS))
        o.insert(rng.randrange(len(o) + 1), [k, rng.choice([1, "x", None])])
        return top, path + UNKNOWN_KEYS[k], ident, "unknown key " + k
    if r < 0.22:                                    # a repeated key
        i = rng.randrange(len(o))
        k, v = o[i]
        k2 = escaped(k, rng) if rng.random() < 0.3 else str(k)
        o.insert(rng.randrange(i + 1, len(o) + 1), [k2, v])
        return top, path + "." + k, ident, "repeated key " + k
    if r < 0.34:                                    # a missing member
        req = [m for m in schema if m[2] is True]
        name = rng.choice(req)[0]
        o.remove_key(name)
        if schema is S_TOP and name == "id":
            ident = None
        return top, path + "." + name, ident, "missing " + name
    if r < 0.44:                                    # null for a required one
        req = [m for m in schema if m[2] is True]
        name = rng.choice(req)[0]
        o.set(name, None)
        if schema is S_TOP and name == "id":
            ident = None
        return top, path + "." + name, ident, "null " + name
    if schema is S_PERSON and r < 0.5:              # a list element
        lst = rng.choice(["certificates", "history"])
        items = o.get(lst)
        if items is None:
            items = []
            o.set(lst, items)
        del items[10:]              # far from the bound: one defect only
        i = rng.randrange(len(items) + 1)
        items.insert(i, Raw(rng.choice(["null", "1", '"x"', "[]", "[{}]"])))
        return top, "%s.%s[%d]" % (path, lst, i), ident, "bad element"
    # a bad value for a member that is there (or put there)
    given = [m for m in schema if o.index_of(m[0]) >= 0]
    name, kind, _ = rng.choice(given)
    text = defect_value(rng, kind)
    o.set(name, Raw(text))
    if schema is S_TOP and name == "id":
        ident = None
    return top, path + "." + name, ident, "bad %s: %s" % (name, text)


def not_json(rng, top, sty):
    text = enc(top, sty)
    r = rng.random()
    if r < 0.2:
        return text[:rng.randrange(1, len(text))].encode("utf-8")
    if r < 0.3:
        return (text[:-1] + sty.comma + "}").encode("utf-8")
    if r < 0.4:
        return text.replace('"applied_on"', '"applied_on":NaN,"x"', 1) \
            .encode("utf-8") if '"applied_on"' in text else b"NaN"
    if r < 0.5:
        return (text[:-1] + sty.comma + '"n":0123}').encode("utf-8")
    if r < 0.6:
        i = text.index('"') + 1                    # inside the first key
        return (text[:i] + "\x01" + text[i:]).encode("utf-8")
    if r < 0.7:
        i = text.index('"') + 1
        return text[:i].encode("utf-8") + b"\xff" + text[i:].encode("utf-8")
    if r < 0.8:
        return (text[:-1] + sty.comma + '"n":"\\ud800"}').encode("utf-8")
    if r < 0.85:
        return (text + " x").encode("utf-8")
    if r < 0.9:
        return (text + text).encode("utf-8")
    if r < 0.95:
        return text.replace('"', "'").encode("utf-8")
    return b""


# --------------------------------------------------------------------------

def main(argv):
    args = argv[1:]
    rate = 0.1
    expect = None
    pos = []
    i = 0
    while i < len(args):
        if args[i] == "--invalid-rate" and i + 1 < len(args):
            rate = float(args[i + 1])
            i += 2
        elif args[i] == "--expect" and i + 1 < len(args):
            expect = args[i + 1]
            i += 2
        else:
            pos.append(args[i])
            i += 1
    if len(pos) != 2 or not (0 <= rate <= 1):
        sys.stderr.write("usage: ui_gen.py SEED COUNT [--invalid-rate R] "
                         "[--expect FILE]\n")
        return 2
    seed = int(pos[0]) if pos[0].lstrip("-").isdigit() else pos[0]
    count = int(pos[1])
    rng = random.Random(seed)
    out = sys.stdout.buffer
    exp = open(expect, "w", encoding="utf-8") if expect else None
    buf = []
    for n in range(1, count + 1):
        sty = Style(rng)
        if rng.random() < rate:
            top, path, ident, defect = make_bad(rng, n, sty)
            line = top if type(top) is bytes else enc(top, sty).encode("utf-8")
            rec = {"line": n, "path": path}
            if ident is not None:
                rec["id"] = ident
            rec["defect"] = defect
        else:
            top, _ = gen_valid(rng, n, sty)
            line = enc(top, sty).encode("utf-8")
            if rng.random() < 0.01:
                line = b" " + line + b"\t\r"
            rec = {"line": n, "path": None}
        buf.append(line)
        if exp:
            exp.write(json.dumps(rec, ensure_ascii=False) + "\n")
        if len(buf) >= 2048:
            out.write(b"\n".join(buf) + b"\n")
            buf = []
    if buf:
        out.write(b"\n".join(buf) + b"\n")
    out.flush()
    if exp:
        exp.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
