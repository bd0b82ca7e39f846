#!/usr/bin/env python3
"""Deterministic random applicants for differential testing of polrun.

    python3 gen_facts.py SEED COUNT [--invalid-rate R] [--expect FILE]

Prints COUNT NDJSON lines of synthetic applicants for changsha-srdi-2025
(contract: shared/spec/changsha-srdi-2025.md, section 2).  The same SEED and
COUNT always give the same bytes (random.Random(SEED); SEED is used as an
integer when it looks like one, else as a string).

Valid applicants cover the whole space: both kinds, every tier, optional
objects present / absent / null, dates clustered on the edges of the period in
force and around the evaluation date, money around every ceiling, written as
JSON numbers and as strings, with and without trailing zeros, shuffled key
order, escaped keys and strings, assorted whitespace.  Every applicant has an
`as_of`.

A fraction R (default 0.1) of the lines are bad facts, each with EXACTLY ONE
defect, so the JSON path of the error is unambiguous.  With --expect FILE the
generator also writes, per line, what it made: {"line": N, "path": null} for a
valid line, {"line": N, "path": "$.x", "id": "..."/absent, "defect": "..."} for
a bad one (path = the error path the contract calls for when no --date is
given).  The expect file does not change the NDJSON output.

Standard library only; written for the tests, shares no code with polrun.
"""

import datetime
import json
import random
import sys
from json.encoder import encode_basestring, encode_basestring_ascii


# --------------------------------------------------------------------------
# A tiny JSON tree that can be written byte by byte as we choose.

class Raw(object):
    """Text written verbatim in place of a value (numbers, odd tokens)."""
    __slots__ = ("t",)

    def __init__(self, t):
        self.t = t


class EStr(str):
    """A string (value or key) written with the given raw JSON text, e.g.
    with \\u escapes; compares equal to its decoded value."""

    def __new__(cls, value, raw):
        s = str.__new__(cls, value)
        s.raw = raw
        return s


class O(list):
    """A JSON object: list of [key, value] pairs, written in this order."""
    __slots__ = ()


def enc(v, sty):
    """JSON text of v in style sty = (escape, comma, colon, lbrace, rbrace)."""
    es, cs, col, lb, rb = sty
    t = type(v)
    if t is O:
        parts = []
        add = parts.append
        for k, x in v:
            tx = type(x)
            if tx is str:
                xs = es(x)
            elif tx is bool:
                xs = "true" if x else "false"
            elif tx is Raw:
                xs = x.t
            elif x is None:
                xs = "null"
            else:
                xs = enc(x, sty)
            add((k.raw if type(k) is EStr else es(k)) + col + xs)
        return lb + cs.join(parts) + rb
    if t is str:
        return es(v)
    if t is bool:
        return "true" if v else "false"
    if v is None:
        return "null"
    if t is Raw:
        return v.t
    if t is EStr:
        return v.raw
    if t is list:
        return "[" + cs.join([enc(x, sty) for x in v]) + "]"
    raise TypeError(t)


STYLES = [
    (",", ":", "{", "}"),
    (",", ":", "{", "}"),
    (", ", ": ", "{", "}"),
    (", ", ": ", "{ ", " }"),
    (" , ", " : ", "{", "}"),
    (",\t", ":\t", "{\t", "\t}"),
]


# --------------------------------------------------------------------------
# Dates

_ISO = {}
ORD_MAX = datetime.date(9999, 12, 31).toordinal()


def iso(o):
    s = _ISO.get(o)
    if s is None:
        s = datetime.date.fromordinal(o).isoformat()
        _ISO[o] = s
    return s


def ordi(s):
    y, m, d = s.split("-")
    return datetime.date(int(y), int(m), int(d)).toordinal()


AS_OF_EDGES = [ordi(s) for s in (
    "2025-02-28", "2025-03-01", "2025-03-02", "2028-02-28", "2028-02-29",
    "2028-03-01", "2024-12-31", "2025-01-01", "2025-12-31", "2026-01-01",
    "2026-12-31", "2027-01-01", "2027-12-31", "2028-01-01")]
AS_OF_FAR = [ordi(s) for s in (
    "2030-01-01", "2024-02-29", "2099-12-31", "1999-12-31", "2100-03-01",
    "0001-01-01", "9999-12-31")]
FACT_EDGES = [ordi(s) for s in (
    "2025-02-28", "2025-03-01", "2025-03-02", "2028-02-29", "2028-03-01",
    "2024-12-31", "2025-01-01")]
O_2025_01_01 = ordi("2025-01-01")
O_2028_06_30 = ordi("2028-06-30")
O_2023_01_01 = ordi("2023-01-01")
O_2028_12_31 = ordi("2028-12-31")
O_2000_01_01 = ordi("2000-01-01")


def gen_as_of(rng):
    r = rng.random()
    if r < 0.45:
        return rng.choice(AS_OF_EDGES)
    if r < 0.94:
        return rng.randint(O_2025_01_01, O_2028_06_30)
    if r < 0.98:
        return rng.choice(AS_OF_FAR)
    return rng.randint(O_2000_01_01, ordi("2099-12-31"))


def gen_fact_date(rng, a):
    """A date relative to as_of `a` (ordinal), as a string."""
    r = rng.random()
    if r < 0.15:
        o = a
    elif r < 0.25:
        o = a - 1
    elif r < 0.35:
        o = a + 1
    elif r < 0.45:
        o = a + rng.randint(2, 400)
    elif r < 0.65:
        o = a - rng.randint(2, 1200)
    elif r < 0.85:
        o = rng.choice(FACT_EDGES)
    else:
        o = rng.randint(O_2023_01_01, O_2028_12_31)
    if o < 1:
        o = 1
    elif o > ORD_MAX:
        o = ORD_MAX
    return iso(o)


# --------------------------------------------------------------------------
# Money (integer fen) and how it is written

def money_value(rng, fen):
    i, f = divmod(fen, 100)
    if f == 0:
        r = rng.random()
        t = str(i) if r < 0.5 else ("%d.00" % i if r < 0.85 else "%d.0" % i)
    elif f % 10 == 0:
        t = "%d.%d" % (i, f // 10) if rng.random() < 0.5 else "%d.%02d" % (i, f)
    else:
        t = "%d.%02d" % (i, f)
    return Raw(t) if rng.random() < 0.5 else t


MAXF = 99999999999999999
KP_ASSESSED = [0, 1, 10000000, 25000000, 29999999, 30000000, 30000001,
               50000000, MAXF]
KP_GRANTED = [0, 0, 0, 0, 1, 10000000, 20000000, 29999999, 30000000,
              30000001, MAXF]
SV_ASSESSED = [0, 1, 10000000, 15000000, 19999999, 20000000, 20000001,
               30000000, MAXF]
SV_GRANTED = [0, 0, 0, 0, 1, 5000000, 10000000, 19999999, 20000000,
              20000001, MAXF]
PROCUREMENT = [0, 1, 3, 4, 10, 33333, 66666, 99999999, 99999996, 100000000,
               100000003, 100000004, 100000033, 66666666, 66666667, 3333333,
               MAXF]
DG_ASSESSED = [0, 1, 9999, 10000000, 12000050, 29999999, 30000000, 30000001,
               MAXF]
MUNICIPAL = [0, 1, 10000000, 29999999, 30000000, 30000001, MAXF]


def gen_money(rng, edges, hi):
    r = rng.random()
    if r < 0.55:
        fen = rng.choice(edges)
    elif r < 0.97:
        fen = rng.randint(0, hi)
    else:
        fen = rng.randint(0, MAXF)
    return money_value(rng, fen)


# --------------------------------------------------------------------------
# Valid applicants

TIERS = ["none", "srdi_sme", "little_giant_candidate", "little_giant"]
LEVELS = ["international", "national", "industry", "provincial_local",
          "municipal_local", "group"]
WSTYPES = ["academician", "expert", "postdoc_station", "postdoc_base"]
NAMES = ["长沙某某科技有限公司", "湖南湘江新区智造股份有限公司", "Example Ltd.",
         "服务机构“星城”中心", "a \"quoted\" name \\ with backslash",
         "tab\tand\u0001control", "emoji 🚀 name", "", "Ünïcødé GmbH"]
ID_ODD = ["测试-", "A\"B\\", "é/", "🚀", "x\ty", "\u2028"]


def escaped(s):
    """s written with every character as a \\u escape."""
    out = []
    for ch in s:
        c = ord(ch)
        if c > 0xFFFF:
            c -= 0x10000
            out.append("\\u%04x\\u%04X" % (0xD800 + (c >> 10),
                                           0xDC00 + (c & 0x3FF)))
        else:
            out.append("\\u%04x" % c if c % 2 else "\\u%04X" % c)
    return EStr(s, '"' + "".join(out) + '"')


def present(rng, p_present, p_null=0.08):
    """'present', 'null' or 'absent' for an optional member."""
    r = rng.random()
    if r < p_present:
        return "present"
    if r < p_present + p_null:
        return "null"
    return "absent"


def maybe_shuffle(rng, o, p):
    if rng.random() < p:
        rng.shuffle(o)
    return o


def gen_valid(rng, n, rich):
    a = gen_as_of(rng)
    kind = "enterprise" if rng.random() < 0.82 else "service_org"
    o = O()
    if rng.random() < 0.04:
        ident = "9143%014d%s" % (n, rng.choice(ID_ODD))
    else:
        ident = "9143%014d" % n
    o.append(["id", ident])
    st = present(rng, 0.4, 0.1)
    if st == "present":
        o.append(["name", rng.choice(NAMES)])
    elif st == "null":
        o.append(["name", None])
    o.append(["kind", kind])
    o.append(["registered_in_changsha", rng.random() < 0.88])
    if kind == "enterprise":
        o.append(["is_sme", rng.random() < 0.85])
        tier = rng.choice(TIERS)
        o.append(["tier", tier])
    else:
        tier = None
        st = present(rng, 0.35, 0.15)
        if st == "present":
            o.append(["is_sme", rng.random() < 0.5])
        elif st == "null":
            o.append(["is_sme", None])
        st = present(rng, 0.35, 0.15)
        if st == "present":
            tier = rng.choice(TIERS)
            o.append(["tier", tier])
        elif st == "null":
            o.append(["tier", None])
    o.append(["as_of", iso(a)])
    boost = 0.25 if rich else 0.0

    def opt(key, p, make):
        st = present(rng, min(p + boost, 0.92))
        if st == "present":
            o.append([key, make()])
        elif st == "null":
            o.append([key, None])

    def little_giant():
        x = O()
        x.append(["first_recognized_on",
                  None if rng.random() < 0.15 else gen_fact_date(rng, a)])
        x.append(["award_received", rng.random() < 0.25])
        return maybe_shuffle(rng, x, 0.2)
    opt("little_giant", 0.7 if tier == "little_giant" else 0.2, little_giant)

    def standards():
        lst = []
        for _ in range(rng.choice((0, 1, 1, 1, 2, 2, 3, 4))):
            x = O()
            x.append(["level", rng.choice(LEVELS)])
            x.append(["published_on", gen_fact_date(rng, a)])
            lst.append(maybe_shuffle(rng, x, 0.2))
        return lst
    opt("standards", 0.45, standards)

    def key_project():
        x = O()
        x.append(["selected", rng.random() < 0.85])
        y = datetime.date.fromordinal(a).year
        r = rng.random()
        if r < 0.5:
            year = y + rng.choice((-1, 0, 0, 1))
        elif r < 0.95:
            year = rng.choice((2024, 2025, 2025, 2026, 2027, 2028, 2029))
        else:
            year = rng.choice((0, 1999, 2100, 2147483648))
        x.append(["year", Raw(str(year))])
        x.append(["assessed_amount", gen_money(rng, KP_ASSESSED, 40000000)])
        x.append(["granted_this_year", gen_money(rng, KP_GRANTED, 40000000)])
        return maybe_shuffle(rng, x, 0.2)
    opt("key_project", 0.65 if tier == "little_giant_candidate" else 0.2,
        key_project)

    def workstations():
        lst = []
        k = rng.choice((0, 1, 1, 2, 2, 3, 5))
        for _ in range(k):
            x = O()
            x.append(["type", rng.choice(WSTYPES)])
            x.append(["approved_on", gen_fact_date(rng, a)])
            x.append(["funded_before", rng.random() < 0.25])
            lst.append(maybe_shuffle(rng, x, 0.2))
        if lst and rng.random() < 0.3:       # a second station of one type
            x = O()
            x.append(["type", lst[0][0][1] if lst[0][0][0] == "type"
                      else rng.choice(WSTYPES)])
            x.append(["approved_on", gen_fact_date(rng, a)])
            x.append(["funded_before", rng.random() < 0.5])
            lst.append(x)
        return lst
    opt("workstations", 0.6 if tier == "little_giant" else 0.2, workstations)

    def overseas():
        r = rng.random()
        if r < 0.97:
            k = rng.choice((0, 0, 1, 1, 1, 2, 3, 10, 250))
        else:
            k = rng.choice((2147483647, 2147483648, 4294967296,
                            9007199254740993))
        x = O()
        x.append(["activities", Raw(str(k))])
        return x
    opt("overseas", 0.4, overseas)

    def digital():
        x = O()
        x.append(["in_pilot", rng.random() < 0.8])
        x.append(["procurement_total", gen_money(rng, PROCUREMENT, 200000000)])
        st = present(rng, 0.5, 0.1)
        if st == "present":
            x.append(["assessed_amount",
                      gen_money(rng, DG_ASSESSED, 35000000)])
        elif st == "null":
            x.append(["assessed_amount", None])
        x.append(["central_funds_used", rng.random() < 0.6])
        x.append(["municipal_assessed_amount",
                  gen_money(rng, MUNICIPAL, 35000000)])
        return maybe_shuffle(rng, x, 0.2)
    opt("digital", 0.5, digital)

    def land():
        x = O()
        x.append(["industrial_land", rng.random() < 0.9])
        x.append(["industrial_real_estate", rng.random() < 0.15])
        for k in ("conforms_to_spatial_plan", "use_unchanged",
                  "safety_ensured", "raises_utilization"):
            x.append([k, rng.random() < 0.9])
        return maybe_shuffle(rng, x, 0.2)
    opt("land", 0.35, land)

    def service():
        x = O()
        x.append(["outstanding_results", rng.random() < 0.8])
        x.append(["assessed_amount", gen_money(rng, SV_ASSESSED, 25000000)])
        x.append(["granted_before", gen_money(rng, SV_GRANTED, 25000000)])
        return maybe_shuffle(rng, x, 0.2)
    opt("service", 0.8 if kind == "service_org" else 0.1, service)

    maybe_shuffle(rng, o, 0.3)
    if rng.random() < 0.03:                 # a key written with \u escapes
        pair = rng.choice(o)
        pair[0] = escaped(pair[0])
    if rng.random() < 0.02:                 # an enum value written escaped
        for pair in o:
            if pair[0] == "kind":
                pair[1] = escaped(pair[1])
    return o


# --------------------------------------------------------------------------
# Defects: exactly one per bad line

# What every member is, by object type.
SCHEMA = {
    "top": {"id": "str", "name": "str", "kind": "kind",
            "registered_in_changsha": "bool", "is_sme": "bool",
            "tier": "tier", "as_of": "date", "little_giant": "obj:lg",
            "standards": "list:st", "key_project": "obj:kp",
            "workstations": "list:ws", "overseas": "obj:ov",
            "digital": "obj:dg", "land": "obj:ld", "service": "obj:sv"},
    "lg": {"first_recognized_on": "date", "award_received": "bool"},
    "st": {"level": "level", "published_on": "date"},
    "kp": {"selected": "bool", "year": "int", "assessed_amount": "money",
           "granted_this_year": "money"},
    "ws": {"type": "wstype", "approved_on": "date", "funded_before": "bool"},
    "ov": {"activities": "nnint"},
    "dg": {"in_pilot": "bool", "procurement_total": "money",
           "assessed_amount": "money", "central_funds_used": "bool",
           "municipal_assessed_amount": "money"},
    "ld": {"industrial_land": "bool", "industrial_real_estate": "bool",
           "conforms_to_spatial_plan": "bool", "use_unchanged": "bool",
           "safety_ensured": "bool", "raises_utilization": "bool"},
    "sv": {"outstanding_results": "bool", "assessed_amount": "money",
           "granted_before": "money"},
}
# members that may not be null (and so may not be missing either)
NULLABLE = {("top", "name"), ("top", "as_of"), ("top", "little_giant"),
            ("top", "standards"), ("top", "key_project"),
            ("top", "workstations"), ("top", "overseas"), ("top", "digital"),
            ("top", "land"), ("top", "service"),
            ("lg", "first_recognized_on"), ("dg", "assessed_amount")}
OPTIONAL = {("top", "name"), ("top", "as_of"), ("top", "little_giant"),
            ("top", "standards"), ("top", "key_project"),
            ("top", "workstations"), ("top", "overseas"), ("top", "digital"),
            ("top", "land"), ("top", "service"), ("dg", "assessed_amount")}


class Site(object):
    __slots__ = ("path", "obj", "idx", "typ", "otype", "key")

    def __init__(self, path, obj, idx, typ, otype, key):
        self.path, self.obj, self.idx = path, obj, idx
        self.typ, self.otype, self.key = typ, otype, key


def walk(top, kind):
    """Members (Site), objects (path, O, otype) and list elements
    (path, list, j) of a valid applicant."""
    members, objects, elems = [], [], []

    def visit(o, path, otype):
        objects.append((path, o, otype))
        sch = SCHEMA[otype]
        for i, (k, v) in enumerate(o):
            typ = sch[k]
            p = path + "." + k
            members.append(Site(p, o, i, typ, otype, k))
            if v is None:
                continue
            if typ.startswith("obj:"):
                visit(v, p, typ[4:])
            elif typ.startswith("list:"):
                for j, x in enumerate(v):
                    ep = "%s[%d]" % (p, j)
                    elems.append((ep, v, j))
                    visit(x, ep, typ[5:])
    visit(top, "$", "top")
    return members, objects, elems


def required_nonnull(site, kind):
    key = (site.otype, site.key)
    if key in NULLABLE:
        return False
    if site.otype == "top" and site.key in ("is_sme", "tier"):
        return kind == "enterprise"
    return True


BAD_ENUM = {
    "kind": ["Enterprise", "company", "service-org", "serviceorg", "",
             "enterprise ", "ENTERPRISE", "企业"],
    "tier": ["Little_Giant", "little-giant", "srdi", "none ", "小巨人", "",
             "NONE", "little_giant_candidates", "null"],
    "level": ["city", "local", "National", "international_", "municipal",
              "provincial", "", "国家"],
    "wstype": ["academy", "Expert", "postdoc", "postdoc-station", "",
               "academician_workstation"],
}
UNKNOWN_KEYS = {
    "top": ["tiers", "Kind", "as_of_date", "registered", "isSme", "notes",
            "digitals", "ID", "is_SME", "registered_in_changsha_"],
    "lg": ["first_recognised_on", "award", "recognized_on", "awarded"],
    "st": ["levels", "published", "publish_date", "Level"],
    "kp": ["assessed", "granted", "granted_this_years", "Year", "amount"],
    "ws": ["types", "approved", "funded", "approval_date"],
    "ov": ["activity", "count", "Activities"],
    "dg": ["procurement", "assessed", "central_funds", "municipal_amount",
           "pilot"],
    "ld": ["industrial_real_estates", "land", "conforms"],
    "sv": ["outstanding", "assessed", "granted"],
}
BAD_DATES = ["2025-13-01", "2025-00-10", "2025-01-00", "2025-02-29",
             "2027-02-29", "2100-02-29", "2025-04-31", "2025-06-31",
             "2025-09-31", "2025-11-31", "2025-01-32", "2025-3-01",
             "2025-03-1", "25-03-01", "2025/03/01", "20250301",
             "2025-03-01T00:00:00", " 2025-03-01", "2025-03-01 ", "",
             "+2025-03-01", "2025-03-01Z", "2025-02-30",
             "２０２５-03-01", "2025-0３-01", "2025_03_01", "10000-01-01"]


def defect_money(cls, rng):
    if cls == "third_decimal":
        t = rng.choice(["123.456", "0.001", "299999.999", "300000.005",
                        "1.000", "200000.001", "0.000"])
    elif cls == "negative":
        t = rng.choice(["-1", "-0.01", "-300000.00", "-5", "-200000.01",
                        "-999999999999999.99"])
    elif cls == "exponent":
        t = rng.choice(["1e5", "1E5", "3.0e5", "1e-2", "0e0", "2E+5",
                        "1.5e2"])
    elif cls == "leading_zero":
        return rng.choice(["00100", "0100", "00", "007.50", "00.5",
                           "0300000.00"])      # strings only: not JSON else
    elif cls == "fullwidth":
        return rng.choice(["１２３", "３０００００.００", "1２3.45", "٣٠٠",
                           "１", "300000．00"])
    elif cls == "over_bound":
        t = rng.choice(["1000000000000000", "1000000000000000.00",
                        "999999999999999999999", "1000000000000000.0",
                        "99999999999999999999999999.99", "1000000000000000.01"])
    else:
        raise ValueError(cls)
    return Raw(t) if rng.random() < 0.5 else t


def wrong_type(typ, rng):
    """A value of the wrong JSON type for a member of type `typ`."""
    if typ == "str":
        c = [Raw("123"), True, O(), [], Raw("0.5")]
    elif typ == "bool":
        c = ["true", Raw("1"), Raw("0"), "false", "yes", O()]
    elif typ == "date":
        c = [Raw("20250301"), True, O(), [], Raw("2025")]
    elif typ == "money":
        c = [O(), [], [Raw("1")], "", "一万"]
    elif typ in ("int", "nnint"):
        c = ["2025", "1", O(), [], "", "1.0"]
    elif typ in ("kind", "tier", "level", "wstype"):
        c = [Raw("1"), True, [], O()]
    elif typ.startswith("obj:"):
        c = [[], "x", Raw("1"), True, [O()]]
    elif typ.startswith("list:"):
        c = [O(), "x", Raw("0"), True]
    else:
        raise ValueError(typ)
    return rng.choice(c)


CLASSES = ["third_decimal", "negative", "exponent", "leading_zero",
           "fullwidth", "over_bound", "bad_date", "bool_for_number",
           "int_bad", "enum_bad", "type_bad", "elem_bad", "null_required",
           "missing", "unknown", "repeated", "top_not_object", "non_json"]
MONEY_CLASSES = ("third_decimal", "negative", "exponent", "leading_zero",
                 "fullwidth", "over_bound")


def first_id(o):
    for k, v in o:
        if k == "id":
            return v if type(v) in (str, EStr) else None
    return None


def make_bad(rng, n, sty):
    """Returns (line_bytes, expected_path, expected_id, defect)."""
    o = gen_valid(rng, n, True)
    kind = None
    for k, v in o:
        if k == "kind":
            kind = v
    members, objects, elems = walk(o, kind)
    while True:
        cls = rng.choice(CLASSES)
        r = apply_defect(cls, rng, o, kind, members, objects, elems, sty)
        if r is not None:
            return r + (cls,)


def apply_defect(cls, rng, o, kind, members, objects, elems, sty):
    ident = first_id(o)
    if cls in MONEY_CLASSES or cls == "fullwidth":
        sites = [s for s in members if s.typ == "money"]
        if cls == "fullwidth":
            sites += [s for s in members if s.typ == "date"]
        if not sites:
            return None
        s = rng.choice(sites)
        if s.typ == "date":
            bad = rng.choice(["２０２５-０３-０１", "2025-0３-01",
                              "２０２８-０２-２９", "2025-03-０1"])
        else:
            bad = defect_money(cls, rng)
        s.obj[s.idx][1] = bad
        return line_of(o, sty), s.path, ident
    if cls == "bad_date":
        sites = [s for s in members if s.typ == "date"]
        s = rng.choice(sites)                  # as_of is always there
        bad = rng.choice(BAD_DATES)
        if rng.random() < 0.1:
            bad = rng.choice([Raw("20250301"), Raw("2025")])
        s.obj[s.idx][1] = bad
        return line_of(o, sty), s.path, ident
    if cls == "bool_for_number":
        sites = [s for s in members if s.typ in ("money", "int", "nnint")]
        if not sites:
            return None
        s = rng.choice(sites)
        s.obj[s.idx][1] = rng.random() < 0.5
        return line_of(o, sty), s.path, ident
    if cls == "int_bad":
        sites = [s for s in members if s.typ in ("int", "nnint")]
        if not sites:
            return None
        s = rng.choice(sites)
        c = [Raw("2025.0"), Raw("1.5"), Raw("2.025e3"), Raw("2025e0"),
             Raw("1E1"), Raw("0.0")]
        if s.typ == "nnint":
            c += [Raw("-1"), Raw("-100"), Raw("-2147483648")] * 2
        s.obj[s.idx][1] = rng.choice(c)
        return line_of(o, sty), s.path, ident
    if cls == "enum_bad":
        sites = [s for s in members if s.typ in BAD_ENUM]
        s = rng.choice(sites)                  # kind is always there
        s.obj[s.idx][1] = rng.choice(BAD_ENUM[s.typ])
        return line_of(o, sty), s.path, ident
    if cls == "type_bad":
        s = rng.choice(members)
        s.obj[s.idx][1] = wrong_type(s.typ, rng)
        if s.path == "$.id":
            ident = None
        return line_of(o, sty), s.path, ident
    if cls == "elem_bad":
        if not elems:
            return None
        p, lst, j = rng.choice(elems)
        lst[j] = rng.choice(["x", Raw("1"), None, [], True, [O()]])
        return line_of(o, sty), p, ident
    if cls == "null_required":
        sites = [s for s in members if required_nonnull(s, kind)]
        s = rng.choice(sites)
        s.obj[s.idx][1] = None
        if s.path == "$.id":
            ident = None
        return line_of(o, sty), s.path, ident
    if cls == "missing":
        cands = []
        for path, obj, otype in objects:
            for i, (k, v) in enumerate(obj):
                if (otype, k) in OPTIONAL and not (otype, k) == ("top",
                                                                  "as_of"):
                    continue
                if otype == "top" and k in ("is_sme", "tier") \
                        and kind != "enterprise":
                    continue
                cands.append((path + "." + k, obj, i))
        p, obj, i = rng.choice(cands)
        del obj[i]
        if p == "$.id":
            ident = None
        return line_of(o, sty), p, ident
    if cls == "unknown":
        path, obj, otype = rng.choice(objects)
        k = rng.choice(UNKNOWN_KEYS[otype])
        v = rng.choice([True, "x", Raw("1"), None, O(), "2025-03-01"])
        obj.insert(rng.randint(0, len(obj)), [k, v])
        return line_of(o, sty), path + "." + k, ident
    if cls == "repeated":
        cands = [(path, obj, i) for path, obj, otype in objects
                 for i, (k, v) in enumerate(obj)
                 if not (otype == "top" and k == "id")]
        path, obj, i = rng.choice(cands)
        k, v = obj[i]
        if type(v) is bool and rng.random() < 0.5:
            v = not v
        if rng.random() < 0.2 and type(k) is not EStr:
            k2 = escaped(k)                    # same key, spelled otherwise
        else:
            k2 = str(k)
        obj.insert(rng.randint(i + 1, len(obj)), [k2, v])
        return line_of(o, sty), path + "." + str(k), ident
    if cls == "top_not_object":
        text = line_of(o, sty).decode("utf-8")
        c = ["[" + text + "]", "[]", '"' + "9143" + '"', "42", "null", "true",
             "false", '[{"id":"x"}]', '"{}"', "0", "-1.5", '""']
        return rng.choice(c).encode("utf-8"), "$", None
    if cls == "non_json":
        return non_json(rng, o, members, sty), "$", None
    raise ValueError(cls)


def non_json(rng, o, members, sty):
    what = rng.choice(["truncate", "trailing_comma", "extra", "single_quotes",
                       "nan", "leading_zero_number", "bad_number",
                       "bare_word", "control_char", "bad_escape",
                       "unquoted_key", "comment", "lone", "bad_utf8"])
    numeric = [s for s in members if s.typ in ("money", "int", "nnint")]
    if what in ("nan", "leading_zero_number", "bad_number") and numeric:
        s = rng.choice(numeric)
        if what == "nan":
            t = rng.choice(["NaN", "Infinity", "-Infinity", "nan"])
        elif what == "leading_zero_number":
            t = rng.choice(["00100", "0100.50", "02025", "-00", "00"])
        else:
            t = rng.choice([".5", "1.", "+1", "0x10", "1_000", "1.e2", "--1",
                            "1e", "Infinity1"])
        s.obj[s.idx][1] = Raw(t)
        return line_of(o, sty)
    if what == "bare_word":
        bools = [s for s in members if s.typ == "bool"]
        s = rng.choice(bools)
        s.obj[s.idx][1] = Raw(rng.choice(["True", "FALSE", "yes", "undefined",
                                          "nul", "truee"]))
        return line_of(o, sty)
    if what == "control_char":
        # a raw control character inside a string
        o[0][1] = Raw('"' + "9143" + rng.choice(["\t", "\x01", "\x1f", "\r"])
                      + "0001" + '"')
        return line_of(o, sty)
    if what == "bad_escape":
        o[0][1] = Raw('"' + rng.choice(["\\x41", "\\u12", "\\a", "\\uZZZZ",
                                        "\\'"]) + '"')
        return line_of(o, sty)
    text = line_of(o, sty).decode("utf-8")
    if what == "truncate":
        text = text[:rng.randint(1, len(text) - 1)]
    elif what == "trailing_comma":
        text = text[:-1].rstrip() + ",}"
    elif what == "extra":
        text = rng.choice([text + text, text + "}", text + " x", text + ",",
                           text + "[]", "{}" + text])
    elif what == "single_quotes":
        text = text.replace('"', "'")
    elif what == "unquoted_key":
        k = o[rng.randint(0, len(o) - 1)][0]
        if type(k) is EStr:
            text = text[:-1] + ",kind:1}"
        else:
            text = text.replace(encode_basestring(k), k, 1)
    elif what == "comment":
        text = rng.choice([text + " // c", "/* c */" + text,
                           text[:-1] + "/*c*/}", "# c " + text])
    elif what == "lone":
        text = rng.choice(["{", "}", "[", "{{}}", "hello", "{]", "'x'", ":",
                           ",", "{\"id\"}", "{\"id\":}", "{,}", "\"unterminated",
                           "tru", "{\"a\" \"b\"}", "\x00"])
    elif what == "bad_utf8":
        b = text.encode("utf-8")
        i = b.find(b'"', b.find(b"{") + 1)
        bad = rng.choice([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x80abc",
                          b"\xc0\xaf"])
        # inside the first key, so the text is never valid UTF-8
        return b[:i + 1] + bad + b[i + 1:]
    else:                                      # nan etc. without numbers
        text = text[:-1] + ",\"nan\":NaN}"
    return text.encode("utf-8")


def line_of(o, sty):
    return enc(o, sty).encode("utf-8")


# --------------------------------------------------------------------------

def main(argv):
    args = argv[1:]
    rate = 0.1
    expect = None
    pos = []
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--invalid-rate" and i + 1 < len(args):
            rate = float(args[i + 1])
            i += 2
        elif a.startswith("--invalid-rate="):
            rate = float(a.split("=", 1)[1])
            i += 1
        elif a == "--expect" and i + 1 < len(args):
            expect = args[i + 1]
            i += 2
        elif a in ("-h", "--help"):
            sys.stdout.write(__doc__)
            return 0
        else:
            pos.append(a)
            i += 1
    if len(pos) != 2 or not (0.0 <= rate <= 1.0):
        sys.stderr.write("usage: gen_facts.py SEED COUNT [--invalid-rate R] "
                         "[--expect FILE]\n")
        return 2
    seed = pos[0]
    try:
        seed = int(seed)
    except ValueError:
        pass
    try:
        count = int(pos[1])
    except ValueError:
        sys.stderr.write("gen_facts.py: COUNT must be an integer\n")
        return 2
    rng = random.Random(seed)
    out = sys.stdout.buffer
    ef = open(expect, "w", encoding="utf-8") if expect else None
    buf = []
    ebuf = []
    for n in range(1, count + 1):
        ea = rng.random() < 0.3
        s = STYLES[rng.randrange(len(STYLES))]
        sty = (encode_basestring_ascii if ea else encode_basestring,
               s[0], s[1], s[2], s[3])
        if rng.random() < rate:
            line, path, ident, cls = make_bad(rng, n, sty)
            if ef:
                e = {"line": n, "path": path}
                if ident is not None:
                    e["id"] = str(ident)
                e["defect"] = cls
                ebuf.append(json.dumps(e, ensure_ascii=False))
        else:
            o = gen_valid(rng, n, False)
            line = line_of(o, sty)
            if rng.random() < 0.02:
                line = b" " + line + b"\t "
            if ef:
                ebuf.append('{"line": %d, "path": null}' % n)
        buf.append(line)
        if len(buf) >= 8192:
            out.write(b"\n".join(buf) + b"\n")
            buf = []
            if ef:
                ef.write("\n".join(ebuf) + "\n")
                ebuf = []
    if buf:
        out.write(b"\n".join(buf) + b"\n")
    if ef:
        if ebuf:
            ef.write("\n".join(ebuf) + "\n")
        ef.close()
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
