#!/usr/bin/env python3
"""Independent reference implementation of the changsha-srdi-2025 contract.

    python3 oracle.py [--date YYYY-MM-DD] < in.ndjson > out.ndjson

Reads NDJSON applicants on stdin and answers every input line with one output
line, exactly like `polrun batch policies/changsha-srdi-2025.pol`: a decision
(contract section 3) or an error line {"line": N, "id": ..., "error": {...}}.
Exit status 0 when every line was good, 3 when any line had bad facts, 2 on a
usage error.

Written for the tests only, from the contract (shared/spec/changsha-srdi-2025.md)
and the project's written decisions where the contract is silent; it shares no
code with polrun or with the policy file.  Python 3 standard library only.
Money is held as integer fen, parsed from the raw JSON text; no float is ever
made from an amount.
"""

import json
import re
import sys

POLICY = "changsha-srdi-2025"

# --------------------------------------------------------------------------
# Bad facts

class BadFacts(Exception):
    def __init__(self, path, message):
        Exception.__init__(self, path, message)
        self.path = path
        self.message = message


class Num(object):
    """A JSON number, kept as the exact text it was written with."""
    __slots__ = ("raw",)

    def __init__(self, raw):
        self.raw = raw


class Obj(list):
    """A JSON object: the list of (key, value) pairs in text order,
    repeated keys included (json's dict would silently keep the last)."""
    __slots__ = ()


def _reject_constant(name):
    # NaN, Infinity, -Infinity: accepted by Python's json, not JSON (RFC 8259)
    raise ValueError("not JSON: " + name)


_decoder = json.JSONDecoder(object_pairs_hook=Obj, parse_int=Num,
                            parse_float=Num, parse_constant=_reject_constant,
                            strict=True)


def parse_json_text(text):
    """Whole text must be exactly one JSON value (surrounding whitespace ok)."""
    return _decoder.decode(text)


# --------------------------------------------------------------------------
# Scalar types of contract section 2

_MONEY_RE = re.compile(r"(0|[1-9][0-9]*)(?:\.([0-9]{1,2}))?\Z")
_INT_RE = re.compile(r"-?(0|[1-9][0-9]*)\Z")
_DATE_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")
MONEY_MAX_FEN = 99999999999999999          # 999999999999999.99 yuan

MONEY_EXPECTED = ("expected money: yuan as a JSON number or string of ASCII "
                  "digits, no leading zeros, at most two decimals, "
                  "0 to 999999999999999.99")


def is_real_date(s):
    """Strict YYYY-MM-DD of ASCII digits naming a real (Gregorian) day.
    Year 0000 is not accepted (there is no year 0 in the calendar)."""
    if type(s) is not str:
        return False
    m = _DATE_RE.match(s)
    if m is None:
        return False
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if y < 1 or mo < 1 or mo > 12 or d < 1:
        return False
    if mo == 2:
        leap = (y % 4 == 0 and y % 100 != 0) or y % 400 == 0
        dim = 29 if leap else 28
    elif mo in (4, 6, 9, 11):
        dim = 30
    else:
        dim = 31
    return d <= dim


def money_fen(text):
    """Money text -> integer fen, or None when it is not valid money."""
    m = _MONEY_RE.match(text)
    if m is None:
        return None
    whole, frac = m.group(1), m.group(2)
    if len(whole) > 15:                      # > 999999999999999 yuan
        return None
    fen = int(whole) * 100
    if frac:
        fen += int(frac) * (10 if len(frac) == 1 else 1)
    if fen > MONEY_MAX_FEN:
        return None
    return fen


def fmt_fen(fen):
    return "%d.%02d" % divmod(fen, 100)


def v_str(v, p):
    if type(v) is not str:
        raise BadFacts(p, "expected a string")
    return v


def v_bool(v, p):
    if type(v) is not bool:
        raise BadFacts(p, "expected true or false")
    return v


def v_date(v, p):
    if not is_real_date(v):
        raise BadFacts(p, "expected a date \"YYYY-MM-DD\" naming a real day")
    return v


def v_money(v, p):
    if type(v) is Num:
        fen = money_fen(v.raw)
    elif type(v) is str:
        fen = money_fen(v)
    else:
        fen = None
    if fen is None:
        raise BadFacts(p, MONEY_EXPECTED)
    return fen


def v_int(v, p):
    if type(v) is not Num or _INT_RE.match(v.raw) is None:
        raise BadFacts(p, "expected an integer (a JSON number without "
                          "fraction or exponent)")
    raw = v.raw
    if len(raw) > 4000:   # beyond Python's int() digit limit; sign is kept
        return -(10 ** 4000) if raw.startswith("-") else 10 ** 4000
    return int(raw)


def v_nonneg_int(v, p):
    n = v_int(v, p)
    if n < 0:
        raise BadFacts(p, "expected an integer >= 0")
    return n


def v_enum(*words):
    def check(v, p):
        if type(v) is not str or v not in words:
            raise BadFacts(p, "expected one of " +
                           ", ".join('"%s"' % w for w in words))
        return v
    return check


# --------------------------------------------------------------------------
# Objects.  A field is (name, validator, presence) with presence one of
#   REQ   required, null not allowed
#   REQN  required, may be null
#   OPT   optional, null = absent
#   COND  required when kind is "enterprise", otherwise optional (null = absent)
# Missing required members are reported after the whole object was read, in
# the order of the field list (the contract's table order).

REQ, REQN, OPT, COND = "req", "reqn", "opt", "cond"

ABSENT = object()


def object_validator(fields):
    table = dict((f[0], f) for f in fields)

    def check(v, p):
        if type(v) is not Obj:
            raise BadFacts(p, "expected an object")
        return read_object(v, p, fields, table)
    return check


def read_object(o, p, fields, table, kind_of=None):
    vals = {}
    for key, val in o:
        kp = p + "." + key
        if key in vals:
            raise BadFacts(kp, "key given twice")
        f = table.get(key)
        if f is None:
            raise BadFacts(kp, "unknown key")
        presence = f[2]
        if val is None:
            if presence == REQ:
                raise BadFacts(kp, "required, must not be null")
            vals[key] = None
        else:
            vals[key] = f[1](val, kp)
    kind = vals.get("kind") if kind_of is None else kind_of
    for name, _, presence in fields:
        if presence == REQ or presence == REQN:
            if name not in vals:
                raise BadFacts(p + "." + name, "missing required key")
        elif presence == COND and kind == "enterprise":
            if vals.get(name) is None:
                raise BadFacts(p + "." + name,
                               "required when kind is \"enterprise\"")
    return vals


def list_validator(elem):
    def check(v, p):
        if type(v) is not list:
            raise BadFacts(p, "expected a list")
        return [elem(x, "%s[%d]" % (p, i)) for i, x in enumerate(v)]
    return check


LITTLE_GIANT = object_validator([
    ("first_recognized_on", v_date, REQN),
    ("award_received", v_bool, REQ),
])

STANDARD = object_validator([
    ("level", v_enum("international", "national", "industry",
                     "provincial_local", "municipal_local", "group"), REQ),
    ("published_on", v_date, REQ),
])

KEY_PROJECT = object_validator([
    ("selected", v_bool, REQ),
    ("year", v_int, REQ),
    ("assessed_amount", v_money, REQ),
    ("granted_this_year", v_money, REQ),
])

WORKSTATION = object_validator([
    ("type", v_enum("academician", "expert", "postdoc_station",
                    "postdoc_base"), REQ),
    ("approved_on", v_date, REQ),
    ("funded_before", v_bool, REQ),
])

OVERSEAS = object_validator([
    ("activities", v_nonneg_int, REQ),
])

DIGITAL = object_validator([
    ("in_pilot", v_bool, REQ),
    ("procurement_total", v_money, REQ),
    ("assessed_amount", v_money, OPT),
    ("central_funds_used", v_bool, REQ),
    ("municipal_assessed_amount", v_money, REQ),
])

LAND = object_validator([
    ("industrial_land", v_bool, REQ),
    ("industrial_real_estate", v_bool, REQ),
    ("conforms_to_spatial_plan", v_bool, REQ),
    ("use_unchanged", v_bool, REQ),
    ("safety_ensured", v_bool, REQ),
    ("raises_utilization", v_bool, REQ),
])

SERVICE = object_validator([
    ("outstanding_results", v_bool, REQ),
    ("assessed_amount", v_money, REQ),
    ("granted_before", v_money, REQ),
])

TOP_FIELDS = [
    ("id", v_str, REQ),
    ("name", v_str, OPT),
    ("kind", v_enum("enterprise", "service_org"), REQ),
    ("registered_in_changsha", v_bool, REQ),
    ("is_sme", v_bool, COND),
    ("tier", v_enum("none", "srdi_sme", "little_giant_candidate",
                    "little_giant"), COND),
    ("as_of", v_date, OPT),
    ("little_giant", LITTLE_GIANT, OPT),
    ("standards", list_validator(STANDARD), OPT),
    ("key_project", KEY_PROJECT, OPT),
    ("workstations", list_validator(WORKSTATION), OPT),
    ("overseas", OVERSEAS, OPT),
    ("digital", DIGITAL, OPT),
    ("land", LAND, OPT),
    ("service", SERVICE, OPT),
]
TOP_TABLE = dict((f[0], f) for f in TOP_FIELDS)


def read_facts(top):
    if type(top) is not Obj:
        raise BadFacts("$", "expected a JSON object")
    return read_object(top, "$", TOP_FIELDS, TOP_TABLE)


# --------------------------------------------------------------------------
# The measures (contract section 4)

IN_FORCE_FROM = "2025-03-01"
IN_FORCE_TO = "2028-02-29"            # inclusive
SRDI = ("srdi_sme", "little_giant_candidate", "little_giant")

RESP = {
    "一": ["市工业和信息化局", "各区县市人民政府", "园区管委会"],
    "二": ["市科技局", "市工业和信息化局", "市市场监管局"],
    "三": ["市知识产权局"],
    "四": ["市工业和信息化局", "市财政局"],
    "六": ["市委人才办", "市教育局", "市科技局", "市人力资源社会保障局", "市科协"],
    "七": ["市工业和信息化局", "市商务局"],
    "八": ["市工业和信息化局"],
    "九": ["市发展改革委", "市工业和信息化局", "市自然资源规划局"],
    "十": ["市工业和信息化局", "各区县市人民政府", "园区管委会"],
}

# measure, article, title, basis -- in the order of the contract's table
MEASURES = [
    ("little_giant_first_award", "一", "专精特新“小巨人”企业首次认定奖励", "fixed"),
    ("standard_setting_award", "二", "参与制定标准一次性奖励", "per_regulation"),
    ("ip_fast_track", "三", "知识产权快速预审、快速确权和快速维权服务", "non_monetary"),
    ("key_project_subsidy", "四", "专精特新“小巨人”后备企业重点项目补助", "capped"),
    ("employment_guarantee", "六", "纳入重点企业用工保障范围", "non_monetary"),
    ("talent_recommendation_right", "六", "高层次人才举荐权", "non_monetary"),
    ("academician_workstation", "六", "院士工作站经费支持", "fixed"),
    ("expert_workstation", "六", "专家工作站经费支持", "fixed"),
    ("postdoc_station", "六", "博士后科研工作站经费支持", "fixed"),
    ("postdoc_base", "六", "博士后创新创业实践基地经费支持", "fixed"),
    ("market_expansion_support", "七", "市场开拓资金支持", "per_regulation"),
    ("digital_subsidy", "八", "中小企业数字化改造补贴", "capped"),
    ("digital_municipal_matching", "八", "数字化改造市级配套支持", "capped"),
    ("land_premium_waiver", "九", "提高工业用地利用率不再增收土地价款", "non_monetary"),
    ("service_org_subsidy", "十", "服务成效突出的企业服务机构补助", "capped"),
]

WORKSTATION_FEN = {
    "academician_workstation": ("academician", 100000000),
    "expert_workstation": ("expert", 60000000),
    "postdoc_station": ("postdoc_station", 100000000),
    "postdoc_base": ("postdoc_base", 60000000),
}

CAP_KEY_PROJECT = 30000000      # 300000.00 per enterprise per year
CAP_DIGITAL = 30000000          # 300000.00
CAP_MATCHING = 30000000         # 300000.00
CAP_SERVICE = 20000000          # 200000.00 for the whole period
FIRST_AWARD = 50000000          # 500000.00


def grants(f, day):
    """Return {measure: amount_fen or None} of what is granted.
    `f` is the validated facts, `day` the evaluation date (in force,
    registered in Changsha already checked)."""
    g = {}

    def in_period(d):
        return d is not None and IN_FORCE_FROM <= d <= day

    enterprise = f["kind"] == "enterprise"
    tier = f.get("tier")
    srdi = enterprise and tier in SRDI
    little_giant = enterprise and tier == "little_giant"

    # 1 一
    lg = f.get("little_giant")
    if little_giant and lg is not None:
        if in_period(lg["first_recognized_on"]) and not lg["award_received"]:
            g["little_giant_first_award"] = FIRST_AWARD

    # 2 二
    if srdi:
        for s in f.get("standards") or []:
            if s["level"] in ("international", "national", "municipal_local") \
                    and in_period(s["published_on"]):
                g["standard_setting_award"] = None
                break

    # 3 三, 5 六
    if srdi:
        g["ip_fast_track"] = None

    # 4 四
    kp = f.get("key_project")
    if enterprise and tier == "little_giant_candidate" and kp is not None:
        if kp["selected"] and 2025 <= kp["year"] <= int(day[:4]):
            amt = min(kp["assessed_amount"],
                      CAP_KEY_PROJECT - kp["granted_this_year"])
            if amt > 0:
                g["key_project_subsidy"] = amt

    if srdi:
        g["employment_guarantee"] = None
    # 6 六
    if little_giant:
        g["talent_recommendation_right"] = None

    # 7-10 六
    if little_giant:
        stations = f.get("workstations") or []
        for measure, (wtype, fen) in WORKSTATION_FEN.items():
            for w in stations:
                if w["type"] == wtype and in_period(w["approved_on"]) \
                        and not w["funded_before"]:
                    g[measure] = fen
                    break

    # 11 七
    ov = f.get("overseas")
    if srdi and ov is not None and ov["activities"] >= 1:
        g["market_expansion_support"] = None

    # 12, 13 八
    dg = f.get("digital")
    if enterprise and f.get("is_sme") is True and dg is not None \
            and dg["in_pilot"]:
        amt = min(dg["procurement_total"] * 30 // 100, CAP_DIGITAL)
        if dg.get("assessed_amount") is not None:
            amt = min(amt, dg["assessed_amount"])
        if amt > 0:
            g["digital_subsidy"] = amt
            if dg["central_funds_used"]:
                m = min(dg["municipal_assessed_amount"], CAP_MATCHING)
                if m > 0:
                    g["digital_municipal_matching"] = m

    # 14 九
    ld = f.get("land")
    if srdi and ld is not None:
        if ld["industrial_land"] and not ld["industrial_real_estate"] \
                and ld["conforms_to_spatial_plan"] and ld["use_unchanged"] \
                and ld["safety_ensured"] and ld["raises_utilization"]:
            g["land_premium_waiver"] = None

    # 15 十
    sv = f.get("service")
    if f["kind"] == "service_org" and sv is not None \
            and sv["outstanding_results"]:
        amt = min(sv["assessed_amount"], CAP_SERVICE - sv["granted_before"])
        if amt > 0:
            g["service_org_subsidy"] = amt
    return g


def decide(f, day):
    in_force = IN_FORCE_FROM <= day <= IN_FORCE_TO
    ents = []
    total = 0
    if in_force and f["registered_in_changsha"]:
        g = grants(f, day)
        for measure, article, title, basis in MEASURES:
            if measure not in g:
                continue
            amt = g[measure]
            if amt is not None:
                total += amt
            ents.append({
                "measure": measure,
                "article": article,
                "title": title,
                "amount": None if amt is None else fmt_fen(amt),
                "basis": basis,
                "responsible": list(RESP[article]),
            })
    return {
        "id": f["id"],
        "policy": POLICY,
        "as_of": day,
        "in_force": in_force,
        "entitlements": ents,
        "total": fmt_fen(total),
    }


# --------------------------------------------------------------------------
# One line

def answer(raw_line, lineno, date=None):
    """raw_line: bytes without the newline.  Returns (output_dict, ok)."""
    top = None
    try:
        try:
            text = raw_line.decode("utf-8")
        except UnicodeDecodeError:
            raise BadFacts("$", "line is not UTF-8 text")
        try:
            top = parse_json_text(text)
        except ValueError as e:          # JSONDecodeError and NaN rejection
            raise BadFacts("$", "line is not JSON: %s" % e)
        facts = read_facts(top)
        day = date
        if day is None:
            day = facts.get("as_of")
        if day is None:
            raise BadFacts("$.as_of", "no evaluation date: the facts have no "
                                      "as_of and no --date was given")
        return decide(facts, day), True
    except BadFacts as e:
        out = {"line": lineno}
        if type(top) is Obj:
            for k, v in top:          # the first "id" member, if a string
                if k == "id":
                    if type(v) is str:
                        out["id"] = v
                    break
        out["error"] = {"path": e.path, "message": e.message}
        return out, False


def main(argv):
    date = None
    args = argv[1:]
    if args == ["-h"] or args == ["--help"]:
        sys.stdout.write(__doc__)
        return 0
    if len(args) == 2 and args[0] == "--date":
        date = args[1]
    elif len(args) == 1 and args[0].startswith("--date="):
        date = args[0][len("--date="):]
    elif args:
        sys.stderr.write("usage: oracle.py [--date YYYY-MM-DD] "
                         "< in.ndjson > out.ndjson\n")
        return 2
    if date is not None and not is_real_date(date):
        sys.stderr.write("oracle.py: --date must be YYYY-MM-DD naming a "
                         "real day\n")
        return 2
    out = sys.stdout
    bad = 0
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    buf = []
    i = 0
    # every b"\n" ends a line; a last line without one is a line too
    for line in sys.stdin.buffer:
        i += 1
        if line.endswith(b"\n"):
            line = line[:-1]
        res, ok = answer(line, i, date)
        if not ok:
            bad += 1
        buf.append(dumps(res))
        if len(buf) >= 4096:
            out.write("\n".join(buf) + "\n")
            buf = []
    if buf:
        out.write("\n".join(buf) + "\n")
    out.flush()
    return 3 if bad else 0


if __name__ == "__main__":
    sys.stdout.reconfigure(encoding="utf-8")
    sys.exit(main(sys.argv))
