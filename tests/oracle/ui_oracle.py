#!/usr/bin/env python3
"""Independent reference implementation of the ui-job-stability contract.

    python3 ui_oracle.py [--date YYYY-MM-DD] [--reasons] < in.ndjson > out.ndjson

Reads NDJSON applications on stdin and answers every input line with one
output line, exactly like `polrun batch policies/ui-job-stability.pol`: a
decision (contract section 5) or an error line
{"line": N, "id": ..., "error": {"path": ..., "message": ...}}.
Exit status 0 when every line was good, 3 when any line had bad facts, 2 on a
usage error.

--date D   decides every application under the rules in force on D instead
           of its applied_on (as polrun's --date overrides the evaluation
           date); applied_on is still required and checked.
--reasons  writes, instead of the decisions, one line per input line saying
           why: for a unit the refund's notice, rate and outcome; for a
           person each certificate in the order taken, granted or refused
           with the number of the first condition of contract section 4 that
           refused it (0: the person is not eligible at all).  For writing
           and reviewing cases; not compared with polrun.

Written for the tests only, from the contract
(shared/spec/ui-job-stability.md) and the project's written decisions where
the contract is silent (tests/oracle/README.md); it shares no code with
polrun, the policy file or the Changsha oracle.  Python 3 standard library
only.  Money is held as integer fen parsed from the raw JSON text, ratios
are compared in integers: no float is ever made from a fact.
"""

import json
import re
import sys

POLICY = "ui-job-stability"

# --------------------------------------------------------------------------
# JSON text, kept exact

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
    """A JSON object: its (key, value) pairs in text order, repeated keys
    included (a dict would silently keep the last)."""
    __slots__ = ()


def _reject_constant(name):
    # NaN, Infinity, -Infinity: accepted by Python's json, not JSON
    raise ValueError("not JSON: " + name)


_decoder = json.JSONDecoder(object_pairs_hook=Obj, parse_int=Num,
                            parse_float=Num, parse_constant=_reject_constant,
                            strict=True)

_SURROGATE = re.compile("[\ud800-\udfff]")


def _no_lone_surrogates(v):
    """JSON text must be Unicode: a \\uD800 escape without its pair is not
    (Python's json accepts it)."""
    t = type(v)
    if t is str:
        if _SURROGATE.search(v):
            raise ValueError("a \\u escape names a lone surrogate")
    elif t is Obj:
        for k, x in v:
            _no_lone_surrogates(k)
            _no_lone_surrogates(x)
    elif t is list:
        for x in v:
            _no_lone_surrogates(x)


def parse_json_text(text):
    """The whole text must be exactly one JSON value."""
    v = _decoder.decode(text)
    if "\\u" in text:
        _no_lone_surrogates(v)
    return v


# --------------------------------------------------------------------------
# Paths, as polrun writes them: $.key for a name, $["key"] otherwise, [i]

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def key_path(p, key):
    if _IDENT.match(key):
        return p + "." + key
    out = []
    for ch in key:
        if ch == '"' or ch == "\\":
            out.append("\\" + ch)
        elif ord(ch) < 0x20:
            out.append("\\u%04x" % ord(ch))
        else:
            out.append(ch)
    return p + '["' + "".join(out) + '"]'


# --------------------------------------------------------------------------
# Scalar types of contract section 2

_MONEY_RE = re.compile(r"(0|[1-9][0-9]*)(?:\.([0-9]{1,2}))?\Z")
_INT_RE = re.compile(r"(0|[1-9][0-9]*)\Z")
_DATE_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")
MONEY_MAX_FEN = 99999999999999999          # 999999999999999.99 yuan
INT_MAX = 999999999

MONEY_EXPECTED = ("expected money: yuan as a JSON number or string of ASCII "
                  "digits, no sign, at most two decimals, "
                  "0 to 999999999999999.99")


def days_in_month(y, m):
    if m == 2:
        leap = (y % 4 == 0 and y % 100 != 0) or y % 400 == 0
        return 29 if leap else 28
    if m in (4, 6, 9, 11):
        return 30
    return 31


def is_real_date(s):
    """Strict YYYY-MM-DD of ASCII digits naming a real Gregorian day from
    year 0001."""
    if type(s) is not str:
        return False
    m = _DATE_RE.match(s)
    if m is None:
        return False
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    return y >= 1 and 1 <= mo <= 12 and 1 <= d <= days_in_month(y, mo)


def money_fen(text):
    """Money text -> integer fen, or None when it is not valid money."""
    m = _MONEY_RE.match(text)
    if m is None:
        return None
    whole, frac = m.group(1), m.group(2)
    if len(whole) > 15:
        return None
    fen = int(whole) * 100
    if frac:
        fen += int(frac) * (10 if len(frac) == 1 else 1)
    if fen > MONEY_MAX_FEN:
        return None
    return fen


def fmt_fen(fen):
    return "%d.%02d" % divmod(fen, 100)


def v_text(v, p):
    if type(v) is not str:
        raise BadFacts(p, "expected a string")
    if "\x00" in v:
        raise BadFacts(p, "text may not hold U+0000")
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
    """Money, and insured_average, which is written as money is."""
    fen = None
    if type(v) is Num or type(v) is str:
        fen = money_fen(v.raw if type(v) is Num else v)
    if fen is None:
        raise BadFacts(p, MONEY_EXPECTED)
    return fen


def v_int(v, p):
    if type(v) is not Num or _INT_RE.match(v.raw) is None \
            or len(v.raw) > 9:
        raise BadFacts(p, "expected an integer: ASCII digits without sign, "
                          "fraction or exponent, 0 to 999999999")
    return int(v.raw)


def v_enum(*words):
    def check(v, p):
        if type(v) is not str or v not in words:
            raise BadFacts(p, "expected one of " +
                           ", ".join('"%s"' % w for w in words))
        return v
    check.words = words
    return check


# --------------------------------------------------------------------------
# Objects.  A member is (name, validator, presence):
#   REQ            required, null refused (when met)
#   OPT            optional, null = absent
#   ("only", k, w) required (not null) when member k of the same object is
#                  w, and absent (or null) otherwise
# Values are checked in text order as they are met (unknown key, repeated
# key, null for a required member, a bad value -- nested objects and lists
# completely); after the object's closing brace, presence in the order of
# the contract's table: a missing required member, a required-when member
# missing or null, an absent-otherwise member given.

REQ, OPT = "req", "opt"


def only(k, w):
    return ("only", k, w)


def object_validator(fields):
    table = dict((f[0], f) for f in fields)

    def check(v, p):
        if type(v) is not Obj:
            raise BadFacts(p, "expected an object")
        return read_object(v, p, fields, table)
    return check


def read_object(o, p, fields, table):
    vals = {}
    for key, val in o:
        f = table.get(key)
        if f is None:
            raise BadFacts(key_path(p, key), "unknown key")
        kp = p + "." + key
        if key in vals:
            raise BadFacts(kp, "key given twice")
        if val is None:
            if f[2] == REQ:
                raise BadFacts(kp, "required, must not be null")
            vals[key] = None
        else:
            vals[key] = f[1](val, kp)
    for name, _, presence in fields:
        if presence == REQ:
            if name not in vals:
                raise BadFacts(p + "." + name, "missing required key")
        elif presence != OPT:
            _, k, w = presence
            if vals.get(k) == w:
                if vals.get(name) is None:
                    raise BadFacts(p + "." + name,
                                   "required when %s is \"%s\"" % (k, w))
            elif vals.get(name) is not None:
                raise BadFacts(p + "." + name,
                               "must be absent unless %s is \"%s\"" % (k, w))
    return vals


def list_validator(elem, most):
    """A list of at most `most` elements: the elements before the one too
    many are checked first, then the list is refused at its own path."""
    def check(v, p):
        if type(v) is not list:
            raise BadFacts(p, "expected a list")
        out = []
        for i, x in enumerate(v):
            if i == most:
                raise BadFacts(p, "more than %d items" % most)
            out.append(elem(x, "%s[%d]" % (p, i)))
        return out
    return check


CATEGORIES = ("enterprise", "social_organisation", "foundation",
              "social_service_agency", "law_firm", "accounting_firm",
              "individual_business")
SIZES = ("large", "medium", "small", "micro")
STATUSES = ("enterprise_employee", "benefit_recipient", "other")
CERT_TYPES = ("vocational_qualification", "skill_level", "other")
LEVELS = ("primary", "intermediate", "advanced")

UNIT = object_validator([
    ("category", v_enum(*CATEGORIES), REQ),
    ("size", v_enum(*SIZES), only("category", "enterprise")),
    ("months_paid_in_full", v_int, REQ),
    ("insured_average", v_money, REQ),
    ("new_claimants", v_int, REQ),
    ("premiums_paid", v_money, REQ),
])

CERTIFICATE = object_validator([
    ("occupation", v_text, REQ),
    ("type", v_enum(*CERT_TYPES), REQ),
    ("level", v_enum(*LEVELS), REQ),
    ("issued_on", v_date, REQ),
    ("urgently_needed", v_bool, REQ),
    ("training_subsidy_received", v_bool, REQ),
])

HISTORY = object_validator([
    ("occupation", v_text, REQ),
    ("level", v_enum(*LEVELS), REQ),
    ("received_on", v_date, REQ),
    ("urgently_needed", v_bool, REQ),
])

MAX_CERTIFICATES = 20
MAX_HISTORY = 100

PERSON = object_validator([
    ("status", v_enum(*STATUSES), REQ),
    ("months_insured", v_int, REQ),
    ("certificates", list_validator(CERTIFICATE, MAX_CERTIFICATES), REQ),
    ("history", list_validator(HISTORY, MAX_HISTORY), OPT),
])

TOP_FIELDS = [
    ("id", v_text, REQ),
    ("applied_on", v_date, REQ),
    ("kind", v_enum("unit", "person"), REQ),
    ("unit", UNIT, only("kind", "unit")),
    ("person", PERSON, only("kind", "person")),
]
TOP_TABLE = dict((f[0], f) for f in TOP_FIELDS)


def read_facts(top):
    if type(top) is not Obj:
        raise BadFacts("$", "expected a JSON object")
    return read_object(top, "$", TOP_FIELDS, TOP_TABLE)


# --------------------------------------------------------------------------
# Section 1: which rules apply

IN_FORCE_FROM = "2022-01-01"
IN_FORCE_TO = "2025-12-31"              # inclusive

SOURCE_2022 = "人社部发〔2022〕23号"
SOURCE_2022_LARGE = "人社部发〔2022〕31号"   # large enterprises from 2022-05-31
SOURCE_2023 = "国办发〔2023〕11号"
SOURCE_2024 = "人社部发〔2024〕40号"
SOURCE_2025 = "人社部发〔2025〕18号"


def refund_rule(day, large):
    """(refund rate in percent, source) for an application dated `day`
    (in force), for a large enterprise or any other unit."""
    year = day[:4]
    if year == "2022":
        if large:
            if day >= "2022-05-31":
                return 50, SOURCE_2022_LARGE
            return 30, SOURCE_2022
        return 90, SOURCE_2022
    src = {"2023": SOURCE_2023, "2024": SOURCE_2024, "2025": SOURCE_2025}
    return (30 if large else 60), src[year]


# --------------------------------------------------------------------------
# Section 3: the job-stability refund

def refund(u, day):
    """(entitlement or None, reason)."""
    ia = u["insured_average"]          # in hundredths of a person
    nc = u["new_claimants"]
    # rate = nc / (ia / 100), exact; ia = 0: rate 0
    # rate <= 5.5%  <=>  100 nc * 1000 <= 55 ia
    # rate <= 20%   <=>  100 nc * 5 <= ia
    # ia <= 30      <=>  ia <= 3000 hundredths
    if ia == 0:
        low = True
        small = True
    else:
        low = 100000 * nc <= 55 * ia
        small = ia <= 3000 and 500 * nc <= ia
    if not (nc == 0 or low or small):
        return None, "layoff rate over 5.5% (and not a unit of 30 or " \
                     "fewer insured at 20% or less)"
    if day >= "2024-01-01" and u["months_paid_in_full"] < 12:
        return None, "fewer than 12 months paid in full (from 2024)"
    large = u["category"] == "enterprise" and u.get("size") == "large"
    pct, source = refund_rule(day, large)
    amount = (u["premiums_paid"] * pct + 50) // 100      # half up to the fen
    if amount == 0:
        return None, "%d%% of the premiums is 0.00 (%s)" % (pct, source)
    return ({"measure": "job_stability_refund",
             "article": "稳岗返还",
             "amount": amount,
             "basis": "computed",
             "source": source},
            "%d%% (%s)" % (pct, source))


# --------------------------------------------------------------------------
# Section 4: the skills-upgrade subsidy

SKILL_FEN = {"primary": 100000, "intermediate": 150000, "advanced": 200000}
RANK = {"primary": 1, "intermediate": 2, "advanced": 3}
GRANTED_TYPES = ("vocational_qualification", "skill_level")


def twelve_months_after(d):
    """The same day a year later, or the last day of that month."""
    y, m, dd = int(d[:4]) + 1, int(d[5:7]), int(d[8:10])
    dd = min(dd, days_in_month(y, m))
    return "%04d-%02d-%02d" % (y, m, dd)


def skills(pr, day):
    """(list of entitlements, list of per-certificate reasons)."""
    year = day[:4]
    if year not in ("2024", "2025"):
        return [], [{"index": i, "granted": False, "condition": None,
                     "why": "no skills subsidy before 2024"}
                    for i in range(len(pr["certificates"]))]
    source = SOURCE_2024 if year == "2024" else SOURCE_2025
    certs = pr["certificates"]
    # taken in order of issued_on, ties in the order given (stable sort)
    order = sorted(range(len(certs)), key=lambda i: certs[i]["issued_on"])
    if pr["status"] not in ("enterprise_employee", "benefit_recipient") \
            or pr["months_insured"] < 12:
        return [], [{"index": i, "granted": False, "condition": 0,
                     "why": "status or fewer than 12 months insured"}
                    for i in order]
    history = pr.get("history") or []
    # (occupation, rank) of every subsidy received so far
    received = [(h["occupation"], RANK[h["level"]]) for h in history]
    count = sum(1 for h in history if h["received_on"][:4] == year)
    non_urgent = sum(1 for h in history if h["received_on"][:4] == year
                     and not h["urgently_needed"])
    # held, for the 2025 rule: history, and this application's certificates
    # of a granted type issued on or before the evaluation date
    held = list(received)
    held += [(c["occupation"], RANK[c["level"]]) for c in certs
             if c["type"] != "other" and c["issued_on"] <= day]
    ents = []
    why = []
    for i in order:
        c = certs[i]
        occ, rank = c["occupation"], RANK[c["level"]]
        cond = None
        if c["type"] not in GRANTED_TYPES:
            cond = 1
        elif c["training_subsidy_received"]:
            cond = 2
        elif any(o == occ and r >= rank for o, r in received) or \
                (year == "2025" and
                 any(o == occ and r > rank for o, r in held)):
            cond = 3
        elif count >= 3 or (year == "2025" and not c["urgently_needed"]
                            and non_urgent > 0):
            cond = 4
        elif day > twelve_months_after(c["issued_on"]):
            cond = 5
        elif c["issued_on"] > day:
            cond = 6
        if cond is not None:
            why.append({"index": i, "granted": False, "condition": cond})
            continue
        received.append((occ, rank))
        count += 1
        if not c["urgently_needed"]:
            non_urgent += 1
        ents.append({"measure": "skills_upgrade_subsidy",
                     "article": "技能提升补贴",
                     "subject": {"occupation": occ, "level": c["level"]},
                     "amount": SKILL_FEN[c["level"]],
                     "basis": "fixed",
                     "source": source})
        why.append({"index": i, "granted": True})
    return ents, why


# --------------------------------------------------------------------------
# Section 5: the decision

def decide(f, day):
    """(decision, reasons)."""
    in_force = IN_FORCE_FROM <= day <= IN_FORCE_TO
    ents = []
    reasons = {}
    if not in_force:
        reasons["in_force"] = False
    elif f["kind"] == "unit":
        e, why = refund(f["unit"], day)
        reasons["refund"] = why
        if e is not None:
            ents.append(e)
    else:
        ents, why = skills(f["person"], day)
        reasons["certificates"] = why
    total = sum(e["amount"] for e in ents)
    for e in ents:
        e["amount"] = fmt_fen(e["amount"])
    return ({"id": f["id"],
             "policy": POLICY,
             "applied_on": day,
             "in_force": in_force,
             "entitlements": ents,
             "total": fmt_fen(total)},
            reasons)


# --------------------------------------------------------------------------
# One line

def first_id(top):
    """The id an error line carries: the first top-level "id" member whose
    value is a string polrun accepts as text."""
    if type(top) is not Obj:
        return None
    for k, v in top:
        if k == "id" and type(v) is str:
            return None if "\x00" in v else v
    return None


def answer(raw_line, lineno, date=None, want_reasons=False):
    """raw_line: bytes without the newline.  Returns (output_dict, ok)."""
    top = None
    try:
        if raw_line.endswith(b"\r"):
            raw_line = raw_line[:-1]
        if raw_line == b"":
            raise BadFacts("$", "empty line")
        if raw_line.startswith(b"\xef\xbb\xbf"):
            raw_line = raw_line[3:]
        try:
            text = raw_line.decode("utf-8")
        except UnicodeDecodeError:
            raise BadFacts("$", "line is not JSON: not UTF-8 text")
        try:
            top = parse_json_text(text)
        except ValueError as e:          # JSONDecodeError, NaN, surrogates
            raise BadFacts("$", "line is not JSON: %s" % e)
        facts = read_facts(top)
        day = date if date is not None else facts["applied_on"]
        decision, reasons = decide(facts, day)
        if want_reasons:
            out = {"line": lineno, "id": facts["id"], "applied_on": day}
            out.update(reasons)
            return out, True
        return decision, True
    except BadFacts as e:
        out = {"line": lineno}
        ident = first_id(top)
        if ident is not None:
            out["id"] = ident
        out["error"] = {"path": e.path, "message": e.message}
        return out, False


def usage():
    sys.stderr.write("usage: ui_oracle.py [--date YYYY-MM-DD] [--reasons] "
                     "< in.ndjson > out.ndjson\n")
    return 2


def main(argv):
    date = None
    want_reasons = False
    args = argv[1:]
    if args in (["-h"], ["--help"]):
        sys.stdout.write(__doc__)
        return 0
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--date" and i + 1 < len(args) and date is None:
            date = args[i + 1]
            i += 2
        elif a.startswith("--date=") and date is None:
            date = a[len("--date="):]
            i += 1
        elif a == "--reasons" and not want_reasons:
            want_reasons = True
            i += 1
        else:
            return usage()
    if date is not None and not is_real_date(date):
        sys.stderr.write("ui_oracle.py: --date must be YYYY-MM-DD naming a "
                         "real day\n")
        return 2
    out = sys.stdout
    bad = 0
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    buf = []
    n = 0
    # every b"\n" ends a line; a last line without one is a line too
    for line in sys.stdin.buffer:
        n += 1
        if line.endswith(b"\n"):
            line = line[:-1]
        res, ok = answer(line, n, date, want_reasons)
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
