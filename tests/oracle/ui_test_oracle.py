#!/usr/bin/env python3
"""Self-test of the ui-job-stability differential-testing tools.

    python3 tests/oracle/ui_test_oracle.py

The oracle (ui_oracle.py) is checked on cases worked out by hand from the
contract (shared/spec/ui-job-stability.md; every check names its section),
the generator (ui_gen.py) for determinism, for the one defect of each bad
line and for covering every boundary the contract names, and compare.py /
ui_crosscheck.sh for leaving polrun's "digest" out of the comparison (for
both policies) while still finding every other difference.

Exit status 0 when every check passes, 1 otherwise.
"""

import datetime
import decimal
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ORACLE = os.path.join(HERE, "ui_oracle.py")
GEN = os.path.join(HERE, "ui_gen.py")
COMPARE = os.path.join(HERE, "compare.py")
CROSSCHECK = os.path.join(HERE, "ui_crosscheck.sh")
CS_ORACLE = os.path.join(HERE, "oracle.py")
CS_GEN = os.path.join(HERE, "gen_facts.py")

FAILURES = []
CHECKS = [0]


def check(cond, what):
    CHECKS[0] += 1
    if not cond:
        FAILURES.append(what)
        print("FAIL: " + what)


def run_oracle(lines, *args):
    """lines: str / bytes / dict each.  Returns (parsed outputs, status)."""
    data = b""
    for x in lines:
        if isinstance(x, dict):
            x = json.dumps(x, ensure_ascii=False)
        if isinstance(x, str):
            x = x.encode("utf-8")
        data += x + b"\n"
    p = subprocess.run([sys.executable, ORACLE] + list(args), input=data,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    outs = p.stdout.decode("utf-8").splitlines()
    return [json.loads(o) for o in outs], p.returncode


def one(facts, *args):
    res, status = run_oracle([facts], *args)
    assert len(res) == 1, res
    return res[0], status


# --------------------------------------------------------------------------
# Applications

def unit(applied, category="enterprise", size="small", months=12,
         insured="100", claimants=0, premiums="10000.00", uid="U1"):
    u = {"category": category}
    if size is not None:
        u["size"] = size
    u.update({"months_paid_in_full": months, "insured_average": insured,
              "new_claimants": claimants, "premiums_paid": premiums})
    return {"id": uid, "applied_on": applied, "kind": "unit", "unit": u}


def cert(occ, level, issued, typ="skill_level", urgent=False,
         training=False):
    return {"occupation": occ, "type": typ, "level": level,
            "issued_on": issued, "urgently_needed": urgent,
            "training_subsidy_received": training}


def hist(occ, level, received, urgent=False):
    return {"occupation": occ, "level": level, "received_on": received,
            "urgently_needed": urgent}


def person(applied, certs, history=None, status="enterprise_employee",
           months=12, pid="P1"):
    p = {"status": status, "months_insured": months, "certificates": certs}
    if history is not None:
        p["history"] = history
    return {"id": pid, "applied_on": applied, "kind": "person", "person": p}


def refund_of(d):
    """(amount, source) of the refund, or None."""
    es = d["entitlements"]
    if not es:
        return None
    assert len(es) == 1 and es[0]["measure"] == "job_stability_refund"
    return es[0]["amount"], es[0]["source"]


def grants(d):
    """[(occupation, level, amount)] of the skills entitlements."""
    return [(e["subject"]["occupation"], e["subject"]["level"], e["amount"])
            for e in d["entitlements"]]


A, B, C = "4-04-05-01", "6-18-01-01", "4-07-06-01"


# --------------------------------------------------------------------------
# Section 5: the decision, member by member

def test_decision_format():
    d, st = one(unit("2024-06-30", premiums="12345.67"))
    check(st == 0, "§5 a good line exits 0")
    check(list(d) == ["id", "policy", "applied_on", "in_force",
                      "entitlements", "total"], "§5 decision member order")
    check(d["policy"] == "ui-job-stability" and d["id"] == "U1",
          "§5 policy name and id")
    e = d["entitlements"][0]
    check(list(e) == ["measure", "article", "amount", "basis", "source"],
          "§3 refund entitlement members: %r" % list(e))
    # 12345.67 x 60% = 7407.402 -> 7407.40
    check(e == {"measure": "job_stability_refund", "article": "稳岗返还",
                "amount": "7407.40", "basis": "computed",
                "source": "人社部发〔2024〕40号"}, "§3 2024 refund: %r" % e)
    check(d["total"] == "7407.40", "§5 total is the sum")
    d, _ = one(person("2024-06-30", [cert(A, "primary", "2024-01-10")]))
    e = d["entitlements"][0]
    check(list(e) == ["measure", "article", "subject", "amount", "basis",
                      "source"], "§4 skills entitlement members")
    check(e == {"measure": "skills_upgrade_subsidy", "article": "技能提升补贴",
                "subject": {"occupation": A, "level": "primary"},
                "amount": "1000.00", "basis": "fixed",
                "source": "人社部发〔2024〕40号"}, "§4 2024 skills: %r" % e)
    check(list(e["subject"]) == ["occupation", "level"],
          "§4 subject member order")


# --------------------------------------------------------------------------
# Section 1: which rules apply

def test_in_force():
    for day, force in (("2021-12-31", False), ("2022-01-01", True),
                       ("2025-12-31", True), ("2026-01-01", False)):
        d, st = one(unit(day))
        check(st == 0 and d["in_force"] is force and d["applied_on"] == day,
              "§1 in force on %s: %s" % (day, force))
        if not force:
            check(d["entitlements"] == [] and d["total"] == "0.00",
                  "§1 out of force %s: nothing" % day)
    # --date overrides applied_on, both ways
    d, _ = one(unit("2021-12-31"), "--date", "2022-01-01")
    check(d["applied_on"] == "2022-01-01" and d["in_force"] and
          refund_of(d) == ("9000.00", "人社部发〔2022〕23号"),
          "§1 --date 2022-01-01 decides a 2021 application: %r" % d)
    d, _ = one(unit("2025-06-30"), "--date", "2026-01-01")
    check(d["applied_on"] == "2026-01-01" and not d["in_force"] and
          d["entitlements"] == [], "§1 --date 2026-01-01: out of force")
    # a person before 2024: in force (the refund's years), no skills
    d, _ = one(person("2023-06-30", [cert(A, "primary", "2023-01-10")]))
    check(d["in_force"] is True and d["entitlements"] == [] and
          d["total"] == "0.00", "§1 skills are not encoded before 2024")
    d, _ = one(person("2022-05-31", [cert(A, "advanced", "2022-05-01")]))
    check(d["in_force"] is True and d["entitlements"] == [],
          "§1 a 2022 skills application: in force, nothing")


# --------------------------------------------------------------------------
# Section 3: the refund

def test_refund_rates():
    rows = [
        # day, category, size, premiums, amount, source
        ("2022-05-30", "enterprise", "large", "10000.00", "3000.00",
         "人社部发〔2022〕23号"),
        ("2022-05-31", "enterprise", "large", "10000.00", "5000.00",
         "人社部发〔2022〕31号"),
        ("2022-12-31", "enterprise", "large", "10000.00", "5000.00",
         "人社部发〔2022〕31号"),
        ("2022-05-31", "enterprise", "medium", "10000.00", "9000.00",
         "人社部发〔2022〕23号"),
        ("2022-01-01", "enterprise", "micro", "10000.00", "9000.00",
         "人社部发〔2022〕23号"),
        ("2022-12-31", "law_firm", None, "10000.00", "9000.00",
         "人社部发〔2022〕23号"),
        ("2023-01-01", "enterprise", "large", "10000.00", "3000.00",
         "国办发〔2023〕11号"),
        ("2023-12-31", "foundation", None, "10000.00", "6000.00",
         "国办发〔2023〕11号"),
        ("2024-01-01", "enterprise", "small", "10000.00", "6000.00",
         "人社部发〔2024〕40号"),
        ("2024-12-31", "enterprise", "large", "10000.00", "3000.00",
         "人社部发〔2024〕40号"),
        ("2025-01-01", "individual_business", None, "10000.00", "6000.00",
         "人社部发〔2025〕18号"),
        ("2025-12-31", "enterprise", "large", "10000.00", "3000.00",
         "人社部发〔2025〕18号"),
    ]
    for day, cat, size, prem, amount, source in rows:
        d, _ = one(unit(day, cat, size, premiums=prem))
        check(refund_of(d) == (amount, source),
              "§3 rate table %s %s/%s: %r" % (day, cat, size, refund_of(d)))
    for cat in ("social_organisation", "social_service_agency",
                "accounting_firm"):
        d, _ = one(unit("2024-06-30", cat, None))
        check(refund_of(d) == ("6000.00", "人社部发〔2024〕40号"),
              "§3 %s at the rate of small and medium enterprises" % cat)


def test_refund_conditions():
    def got(**kw):
        day = kw.pop("day", "2024-06-30")
        d, _ = one(unit(day, **kw))
        return refund_of(d)
    R = ("6000.00", "人社部发〔2024〕40号")
    check(got(insured="200", claimants=11) == R,
          "§3 11 / 200 = exactly 5.5%: granted")
    check(got(insured="199.99", claimants=11) is None,
          "§3 11 / 199.99 > 5.5%: refused")
    check(got(insured=200.01, claimants=11) == R,
          "§3 11 / 200.01 < 5.5%: granted")
    check(got(insured="30", claimants=6) == R,
          "§3 6 / 30 = 20% with 30 insured: granted")
    check(got(insured="30.01", claimants=6) is None,
          "§3 30.01 insured is over 30: the 20% rule does not apply")
    check(got(insured="29.99", claimants=6) is None,
          "§3 6 / 29.99 > 20%: refused")
    check(got(insured="30.00", claimants=7) is None,
          "§3 7 / 30 > 20%: refused")
    check(got(insured="0", claimants=5) == R,
          "§3 nobody insured: rate 0, granted")
    check(got(insured="1000", claimants=0) == R,
          "§3 nobody laid off: granted")
    check(got(insured="18.18", claimants=1) == R,
          "§3 1 / 18.18 = 5.5006%: over 5.5% but 30 or fewer at <= 20%")
    check(got(months=11) is None, "§3 2024: 11 months paid in full refused")
    check(got(months=12) == R, "§3 2024: 12 months paid in full granted")
    check(got(day="2025-01-01", months=11) is None,
          "§3 2025: 11 months refused")
    check(got(day="2023-12-31", months=0) ==
          ("6000.00", "国办发〔2023〕11号"),
          "§3 2023: no months condition")
    check(got(day="2022-06-01", months=0) ==
          ("9000.00", "人社部发〔2022〕23号"),
          "§3 2022: no months condition")


def test_refund_amounts():
    def amt(prem, day="2024-06-30", size="small"):
        d, _ = one(unit(day, size=size, premiums=prem))
        r = refund_of(d)
        return (r[0] if r else None), d["total"]
    # 0.05 x 30% = 0.015 -> 0.02 (half up)
    check(amt("0.05", size="large") == ("0.02", "0.02"), "§3 half up 0.015")
    # 0.01 x 30% = 0.003 -> 0.00: not granted, total 0.00
    check(amt("0.01", size="large") == (None, "0.00"),
          "§3 0.00 is not granted")
    check(amt("0", size="large") == (None, "0.00"), "§3 no premiums")
    # 0.01 x 50% = 0.005 -> 0.01
    check(amt("0.01", day="2022-06-01", size="large") == ("0.01", "0.01"),
          "§3 half up 0.005 (50%)")
    # 0.01 x 60% = 0.006 -> 0.01; x 90% = 0.009 -> 0.01
    check(amt("0.01") == ("0.01", "0.01"), "§3 0.006 -> 0.01")
    check(amt("0.01", day="2022-03-01") == ("0.01", "0.01"), "§3 0.009")
    # 1000.05 x 50% = 500.025 -> 500.03
    check(amt("1000.05", day="2022-05-31", size="large")[0] == "500.03",
          "§3 500.025 -> 500.03")
    # 333.33 x 30% = 99.999 -> 100.00
    check(amt(333.33, size="large")[0] == "100.00", "§3 99.999 -> 100.00")
    # 1234.55 x 90% = 1111.095 -> 1111.10
    check(amt("1234.55", day="2022-02-01")[0] == "1111.10",
          "§3 1111.095 -> 1111.10")
    # 999999999999999.99 x 90% = 899999999999999.991 -> ...99
    check(amt("999999999999999.99", day="2022-02-01")[0] ==
          "899999999999999.99", "§3 the largest amount at 90%")
    check(amt("999999999999999.99")[0] == "599999999999999.99",
          "§3 the largest amount at 60%")


# --------------------------------------------------------------------------
# Section 4: the skills subsidy

def test_skills_amounts_and_eligibility():
    cs = [cert(A, "primary", "2025-01-10", urgent=True),
          cert(B, "intermediate", "2025-01-11", urgent=True),
          cert(C, "advanced", "2025-01-12", urgent=True)]
    d, _ = one(person("2025-06-30", cs))
    check(grants(d) == [(A, "primary", "1000.00"),
                        (B, "intermediate", "1500.00"),
                        (C, "advanced", "2000.00")] and
          d["total"] == "4500.00" and
          d["entitlements"][0]["source"] == "人社部发〔2025〕18号",
          "§4 amounts per level, 2025 source: %r" % grants(d))
    d, _ = one(person("2025-06-30", cs, status="benefit_recipient"))
    check(len(grants(d)) == 3, "§4 a benefit recipient is eligible")
    d, _ = one(person("2025-06-30", cs, status="other"))
    check(grants(d) == [] and d["total"] == "0.00", "§4 status other")
    d, _ = one(person("2025-06-30", cs, months=11))
    check(grants(d) == [], "§4 11 months insured")
    d, _ = one(person("2025-06-30", cs, months=12))
    check(len(grants(d)) == 3, "§4 12 months insured")


def test_skills_conditions_1_2():
    d, _ = one(person("2024-06-30", [
        cert(A, "primary", "2024-01-10", typ="other"),
        cert(B, "primary", "2024-01-11", typ="vocational_qualification"),
        cert(C, "primary", "2024-01-12", training=True)]))
    check(grants(d) == [(B, "primary", "1000.00")],
          "§4 cond 1 (type other) and 2 (training subsidy): %r" % grants(d))


def test_skills_condition_3():
    # the same occupation and level already received (in another year)
    d, _ = one(person("2024-06-30", [cert(A, "intermediate", "2024-01-10")],
                      [hist(A, "intermediate", "2021-03-01")]))
    check(grants(d) == [], "§4 cond 3: same occupation and level received")
    # a higher level received: no lower one
    d, _ = one(person("2024-06-30", [cert(A, "primary", "2024-01-10")],
                      [hist(A, "advanced", "2020-03-01")]))
    check(grants(d) == [], "§4 cond 3: higher level already received")
    # a lower level received: the higher one is granted
    d, _ = one(person("2024-06-30", [cert(A, "advanced", "2024-01-10")],
                      [hist(A, "primary", "2020-03-01")]))
    check(grants(d) == [(A, "advanced", "2000.00")],
          "§4 cond 3: a lower level received does not block")
    # another occupation at a higher level does not block
    d, _ = one(person("2024-06-30", [cert(A, "primary", "2024-01-10")],
                      [hist(B, "advanced", "2020-03-01")]))
    check(len(grants(d)) == 1, "§4 cond 3: other occupation")
    # 2024: intermediate then advanced of one occupation -> both
    two = [cert(A, "intermediate", "2024-01-10"),
           cert(A, "advanced", "2024-02-10")]
    d, _ = one(person("2024-06-30", two))
    check(grants(d) == [(A, "intermediate", "1500.00"),
                        (A, "advanced", "2000.00")],
          "§4 2024: lower then higher both granted: %r" % grants(d))
    # 2024: advanced issued first -> the intermediate comes after a higher
    # level granted earlier in this application
    rev = [cert(A, "intermediate", "2024-02-10"),
           cert(A, "advanced", "2024-01-10")]
    d, _ = one(person("2024-06-30", rev))
    check(grants(d) == [(A, "advanced", "2000.00")],
          "§4 2024: higher granted earlier blocks the lower")
    # 2025: the advanced is held, so the intermediate is refused even
    # though it is taken first
    two25 = [cert(A, "intermediate", "2025-01-10", urgent=True),
             cert(A, "advanced", "2025-02-10", urgent=True)]
    d, _ = one(person("2025-06-30", two25))
    check(grants(d) == [(A, "advanced", "2000.00")],
          "§4 2025: a higher certificate held: %r" % grants(d))
    # 2025: held counts a refused certificate (training subsidy paid)
    d, _ = one(person("2025-06-30", [
        cert(A, "primary", "2025-01-10"),
        cert(A, "intermediate", "2025-01-11", training=True)]))
    check(grants(d) == [], "§4 2025: held although refused itself")
    # 2025: a certificate of type other is not held
    d, _ = one(person("2025-06-30", [
        cert(A, "primary", "2025-01-10"),
        cert(A, "advanced", "2025-01-11", typ="other")]))
    check(grants(d) == [(A, "primary", "1000.00")],
          "§4 2025: type other is not held")
    # 2025: a certificate issued after applied_on is not held
    d, _ = one(person("2025-06-30", [
        cert(A, "primary", "2025-01-10"),
        cert(A, "advanced", "2025-07-01")]))
    check(grants(d) == [(A, "primary", "1000.00")],
          "§4 2025: issued after applied_on is not held")
    d, _ = one(person("2025-06-30", [
        cert(A, "primary", "2025-01-10"),
        cert(A, "advanced", "2025-06-30", typ="vocational_qualification")]))
    check(grants(d) == [(A, "advanced", "2000.00")],
          "§4 2025: issued on applied_on is held")
    # 2024: the same pair is granted (no held rule in 2024)
    d, _ = one(person("2024-06-30", [
        cert(A, "primary", "2024-01-10"),
        cert(A, "intermediate", "2024-01-11", training=True)]))
    check(grants(d) == [(A, "primary", "1000.00")],
          "§4 2024: no held rule")
    # the same occupation and level twice in one application: once
    d, _ = one(person("2024-06-30", [cert(A, "primary", "2024-01-10"),
                                     cert(A, "primary", "2024-03-10")]))
    check(grants(d) == [(A, "primary", "1000.00")],
          "§4 cond 3: granted earlier in this application")


def test_skills_condition_4():
    # 2024: two in history this year (one after applied_on) + 2 -> 1 more
    h = [hist(B, "primary", "2024-02-01"), hist(C, "primary", "2024-11-30"),
         hist(B, "advanced", "2023-12-31")]
    d, _ = one(person("2024-06-30", [cert(A, "primary", "2024-01-10"),
                                     cert(A, "advanced", "2024-01-11")], h))
    check(grants(d) == [(A, "primary", "1000.00")],
          "§4 cond 4: the running count reaches 3: %r" % grants(d))
    # 2024: four certificates, none in history: three granted
    four = [cert(A, "primary", "2024-01-10"), cert(B, "primary", "2024-01-11"),
            cert(C, "primary", "2024-01-12"), cert("X", "primary", "2024-01-13")]
    d, _ = one(person("2024-06-30", four))
    check([g[0] for g in grants(d)] == [A, B, C] and d["total"] == "3000.00",
          "§4 2024: at most three a year")
    # 2025: one non-urgent a year
    d, _ = one(person("2025-06-30", [cert(A, "primary", "2025-01-10"),
                                     cert(B, "primary", "2025-01-11")]))
    check(grants(d) == [(A, "primary", "1000.00")],
          "§4 2025: a second non-urgent refused")
    # 2025: non-urgent, non-urgent, urgent, urgent -> 1st, 3rd, 4th
    mix = [cert(A, "primary", "2025-01-10"), cert(B, "primary", "2025-01-11"),
           cert(C, "primary", "2025-01-12", urgent=True),
           cert("X", "primary", "2025-01-13", urgent=True)]
    d, _ = one(person("2025-06-30", mix))
    check([g[0] for g in grants(d)] == [A, C, "X"],
          "§4 2025: urgently needed ones up to three in all")
    # 2025: a non-urgent in this year's history blocks non-urgent ones only
    d, _ = one(person("2025-06-30", [cert(A, "primary", "2025-01-10"),
                                     cert(B, "primary", "2025-01-11",
                                          urgent=True)],
                      [hist(C, "primary", "2025-12-01")]))
    check(grants(d) == [(B, "primary", "1000.00")],
          "§4 2025: non-urgent history counted, urgent granted")
    # 2025: urgent history does not block a non-urgent one
    d, _ = one(person("2025-06-30", [cert(A, "primary", "2025-01-10")],
                      [hist(C, "primary", "2025-02-01", urgent=True),
                       hist(B, "primary", "2025-03-01", urgent=True)]))
    check(grants(d) == [(A, "primary", "1000.00")],
          "§4 2025: two urgent received, a non-urgent still granted")
    # 2025: three urgent received this year -> nothing more
    d, _ = one(person("2025-06-30", [cert(A, "primary", "2025-01-10",
                                          urgent=True)],
                      [hist(C, "primary", "2025-02-01", urgent=True),
                       hist(B, "primary", "2025-03-01", urgent=True),
                       hist("X", "primary", "2025-04-01", urgent=True)]))
    check(grants(d) == [], "§4 2025: three already this year")
    # a non-urgent received in 2024 does not count in 2025
    d, _ = one(person("2025-01-01", [cert(A, "primary", "2024-12-31")],
                      [hist(B, "primary", "2024-12-31")]))
    check(len(grants(d)) == 1, "§4 the count is per calendar year")


def test_skills_conditions_5_6():
    def ok(issued, applied):
        d, _ = one(person(applied, [cert(A, "primary", issued, urgent=True)]))
        return len(grants(d)) == 1
    check(ok("2024-03-31", "2025-03-31"), "§4 cond 5: 2024-03-31 -> 2025-03-31")
    check(not ok("2024-03-31", "2025-04-01"), "§4 cond 5: a day late")
    check(ok("2024-02-29", "2025-02-28"), "§4 cond 5: 29 Feb -> 28 Feb")
    check(not ok("2024-02-29", "2025-03-01"), "§4 cond 5: 29 Feb, 1 Mar")
    check(ok("2023-02-28", "2024-02-28"), "§4 cond 5: 2023-02-28 -> 2024-02-28")
    check(not ok("2023-02-28", "2024-02-29"), "§4 cond 5: not the 29th")
    check(ok("2024-01-31", "2025-01-31"), "§4 cond 5: month end")
    check(ok("2025-06-30", "2025-06-30"), "§4 cond 6: issued on applied_on")
    check(not ok("2025-07-01", "2025-06-30"), "§4 cond 6: issued after")
    # --date moves the evaluation date for the window and condition 6
    d, _ = one(person("2024-01-01", [cert(A, "primary", "2024-06-01",
                                          urgent=True)]),
               "--date", "2024-06-30")
    check(len(grants(d)) == 1 and d["applied_on"] == "2024-06-30",
          "§1 --date is the date of conditions 5 and 6")


def test_skills_order():
    # taken by issued_on: the one given last is taken first
    d, _ = one(person("2024-06-30", [cert(A, "primary", "2024-03-01"),
                                     cert(B, "advanced", "2024-01-01")]))
    check([g[0] for g in grants(d)] == [B, A], "§4 order by issued_on")
    # ties in the order given; the count decides which is refused
    h = [hist(C, "primary", "2024-01-05"), hist(C, "advanced", "2024-01-06")]
    d, _ = one(person("2024-06-30", [cert(A, "primary", "2024-05-01"),
                                     cert(B, "advanced", "2024-05-01")], h))
    check(grants(d) == [(A, "primary", "1000.00")],
          "§4 a tie in the order given (A first)")
    d, _ = one(person("2024-06-30", [cert(B, "advanced", "2024-05-01"),
                                     cert(A, "primary", "2024-05-01")], h))
    check(grants(d) == [(B, "advanced", "2000.00")],
          "§4 a tie in the order given (B first)")
    # 2025 non-urgent limit: the earlier issue wins, whatever the order
    d, _ = one(person("2025-06-30", [cert(A, "advanced", "2025-05-02"),
                                     cert(B, "primary", "2025-05-01")]))
    check(grants(d) == [(B, "primary", "1000.00")],
          "§4 2025: the earlier certificate takes the one non-urgent")


def test_reasons():
    res, st = run_oracle([person("2024-06-30", [
        cert(A, "primary", "2024-01-10", typ="other"),
        cert(B, "primary", "2024-01-11", training=True),
        cert(C, "primary", "2023-05-01"),
        cert("X", "primary", "2024-07-01"),
        cert("Y", "primary", "2024-02-01")],
        [hist("Z", "primary", "2024-01-01")]),
        person("2024-06-30", [cert(A, "primary", "2024-01-10"),
                              cert(A, "primary", "2024-01-11"),
                              cert(B, "primary", "2024-01-12")],
               [hist("Z", "primary", "2024-01-01"),
                hist("W", "primary", "2024-01-02")])], "--reasons")
    why = [(x["index"], x.get("condition")) for x in res[0]["certificates"]]
    check(why == [(2, 5), (0, 1), (1, 2), (4, None), (3, 6)],
          "§4 --reasons names conditions 1, 2, 5, 6: %r" % why)
    why = [(x["index"], x.get("condition")) for x in res[1]["certificates"]]
    check(why == [(0, None), (1, 3), (2, 4)],
          "§4 --reasons names conditions 3, 4: %r" % why)


# --------------------------------------------------------------------------
# Sections 2 and 6: bad facts

def bad(line, path, ident="same", *args):
    d, st = one(line, *args)
    if ident == "same":
        ident = line.get("id") if isinstance(line, dict) else None
    ok = (st == 3 and "error" in d and d["error"]["path"] == path and
          d.get("id") == ident and isinstance(d["error"]["message"], str))
    check(ok, "path %s: %r" % (path, d))
    return d


def test_bad_facts():
    u = unit("2024-06-30")
    p = person("2024-06-30", [cert(A, "primary", "2024-01-10")])
    d = bad(dict(p, unit=u["unit"]), "$.unit")          # §6
    check(list(d) == ["line", "id", "error"] and d["line"] == 1,
          "§6 error line members")
    bad(dict(u, person=p["person"]), "$.person")        # §6
    one_ok, st = one(dict(p, unit=None))
    check(st == 0 and "error" not in one_ok, "§2 unit null for a person")
    bad(dict(u, unit=None), "$.unit")                   # §2 required when
    bad({"id": "x", "applied_on": "2024-06-30", "kind": "person"},
        "$.person")
    e = unit("2024-06-30")
    del e["unit"]["size"]
    bad(e, "$.unit.size")                               # §6 size missing
    e["unit"]["size"] = None
    bad(e, "$.unit.size")                               # null, required
    bad(unit("2024-06-30", "law_firm", "small"), "$.unit.size")   # §6
    d, st = one(unit("2024-06-30", "law_firm", None))
    check(st == 0, "§2 no size for a law firm")
    f = unit("2024-06-30", "law_firm", None)
    f["unit"]["size"] = None
    d, st = one(f)
    check(st == 0, "§2 size null for a law firm counts as absent")
    for ia in ("200.005", "-1", "-0", "1e2", 1.005, "", "２００"):
        bad(unit("2024-06-30", insured=ia), "$.unit.insured_average")  # §6
    for prem in ("-0", "1000000000000000.00", "1.001", True, None):
        bad(unit("2024-06-30", premiums=prem), "$.unit.premiums_paid")  # §2
    d, st = one(unit("2024-06-30", premiums="999999999999999.99"))
    check(st == 0, "§2 the largest money")
    for months in ('-0', '1000000000', '1.0', '"12"', '-1', '1e1'):
        line = json.dumps(unit("2024-06-30")).replace(
            '"months_paid_in_full": 12', '"months_paid_in_full": ' + months)
        bad_line(line, "$.unit.months_paid_in_full", "U1",
                 "§2 integer %s" % months)
    d, st = one(unit("2024-06-30", months=999999999))
    check(st == 0, "§2 the largest integer")
    # §6 list bounds
    bad(person("2024-06-30", [cert(A, "primary", "2024-01-10")] * 21),
        "$.person.certificates")
    d, st = one(person("2024-06-30", [cert(A, "primary", "2024-01-10")] * 20))
    check(st == 0 and len(grants(d)) == 1, "§2 20 certificates")
    bad(person("2024-06-30", [], [hist(A, "primary", "2020-01-01")] * 101),
        "$.person.history")
    d, st = one(person("2024-06-30", [],
                       [hist(A, "primary", "2020-01-01")] * 100))
    check(st == 0, "§2 100 history entries")
    # elements before the one too many are checked first
    many = [cert(A, "primary", "2024-01-10")] * 21
    many[3] = dict(many[3], level="senior")
    bad(person("2024-06-30", many), "$.person.certificates[3].level")
    # certificates required, history optional
    q = person("2024-06-30", [])
    del q["person"]["certificates"]
    bad(q, "$.person.certificates")
    q["person"]["certificates"] = None
    bad(q, "$.person.certificates")
    d, st = one(person("2024-06-30", [], None))
    check(st == 0, "§2 history absent")
    r = person("2024-06-30", [])
    r["person"]["history"] = None
    d, st = one(r)
    check(st == 0, "§2 history null = empty")
    # certificate and history members
    c = cert(A, "primary", "2024-01-10")
    for key, val in (("type", "certificate"), ("level", 5),
                     ("issued_on", "2024-02-30"), ("urgently_needed", "no"),
                     ("training_subsidy_received", None),
                     ("occupation", 4)):
        bad(person("2024-06-30", [c, dict(c, **{key: val})]),
            "$.person.certificates[1].%s" % key)
    c2 = dict(c)
    del c2["issued_on"]
    bad(person("2024-06-30", [c2]), "$.person.certificates[0].issued_on")
    bad(person("2024-06-30", [dict(c, extra=1)]),
        "$.person.certificates[0].extra")
    bad(person("2024-06-30", [], [hist(A, "expert", "2024-01-01")]),
        "$.person.history[0].level")
    bad(person("2024-06-30", [None]), "$.person.certificates[0]")
    # top level
    bad({"applied_on": "2024-06-30", "kind": "unit", "unit": u["unit"]},
        "$.id", None)
    bad(dict(u, id=7), "$.id", None)
    bad(dict(u, kind="Unit"), "$.kind")
    bad(dict(u, applied_on="2023-02-29"), "$.applied_on")
    bad(dict(u, applied_on=None), "$.applied_on")
    g = dict(u)
    del g["applied_on"]
    bad(g, "$.applied_on", "U1", "--date", "2024-06-30")   # still required
    bad(dict(u, Kind="unit"), "$.Kind")
    bad(dict(u, **{"insured-average": 1}), '$["insured-average"]')
    bad_line('{"id":"U1","id":"U2","applied_on":"2024-06-30","kind":"unit"}',
             "$.id", "U1", "§2 repeated key")
    bad_line('{"id":"U1","applied_on":"2024-06-30","kind":"unit",'
             '"unit":{"category":"law_firm","c\\u0061tegory":"law_firm"}}',
             "$.unit.category", "U1", "§2 repeated key spelled with escapes")
    # the first problem: a bad value before a missing member
    bad_line('{"id":"U1","kind":"unit","unit":{"category":"law_firm",'
             '"months_paid_in_full":12,"insured_average":1,'
             '"new_claimants":0,"premiums_paid":"1.005"}}',
             "$.unit.premiums_paid", "U1", "document order before presence")
    bad_line('{"id":"U1","applied_on":"2024-06-30","kind":"person",'
             '"person":{"certificates":[]}}', "$.person.status", "U1",
             "missing members in the table's order")
    bad_line('{"id":"U1","applied_on":"2024-06-30","kind":"unit",'
             '"unit":{"category":"enterprise","months_paid_in_full":12,'
             '"insured_average":1,"new_claimants":0,"premiums_paid":1,'
             '"sise":"large"}}', "$.unit.sise", "U1",
             "an unknown key before the missing one")
    bad_line("", "$", None, "an empty line")
    bad_line("[1]", "$", None, "top level not an object")
    bad_line('{"id":"U1","kind":NaN}', "$", None, "not JSON")
    bad_line('{"id":"a\\ud800","kind":"unit"}', "$", None,
             "a lone surrogate is not JSON")
    bad_line(b'{"id":"\xff"}', "$", None, "not UTF-8")
    bad_line('{"id":"a\\u0000b","kind":"x"}', "$.id", None, "NUL in text")
    # a batch: each line in its place, exit 3
    res, st = run_oracle([u, "nope", p, b"\xfe"])
    check(st == 3 and len(res) == 4 and "error" not in res[0] and
          res[1]["line"] == 2 and res[3]["line"] == 4 and
          "error" not in res[2], "§6 a batch answers every line")
    res, st = run_oracle([u, p])
    check(st == 0, "exit 0 when every line is good")
    pr = subprocess.run([sys.executable, ORACLE, "--date", "2025-02-29"],
                        input=b"", stdout=subprocess.PIPE,
                        stderr=subprocess.PIPE)
    check(pr.returncode == 2, "a bad --date is a usage error")


def bad_line(line, path, ident, what):
    d, st = one(line)
    check(st == 3 and d.get("error", {}).get("path") == path and
          d.get("id") == ident, "%s: %r" % (what, d))


# --------------------------------------------------------------------------
# The generator

def twelve_after(d):
    try:
        return d.replace(year=d.year + 1)
    except ValueError:
        return d.replace(year=d.year + 1, day=28)


def test_generator():
    with tempfile.TemporaryDirectory() as tmp:
        for seed in ("1", "2", "abc"):
            inp = os.path.join(tmp, "in.ndjson")
            exp = os.path.join(tmp, "exp.ndjson")
            with open(inp, "wb") as f:
                subprocess.run([sys.executable, GEN, seed, "3000",
                                "--invalid-rate", "0.5", "--expect", exp],
                               stdout=f, check=True)
            again = subprocess.run([sys.executable, GEN, seed, "3000",
                                    "--invalid-rate", "0.5"],
                                   stdout=subprocess.PIPE, check=True).stdout
            with open(inp, "rb") as f:
                check(f.read() == again, "generator deterministic " + seed)
            with open(inp, "rb") as f:
                p = subprocess.run([sys.executable, ORACLE], stdin=f,
                                   stdout=subprocess.PIPE)
            check(p.returncode == 3, "oracle exit 3 on generated bad facts")
            outs = [json.loads(x) for x in p.stdout.decode().splitlines()]
            with open(exp, encoding="utf-8") as f:
                exps = [json.loads(x) for x in f]
            check(len(exps) == len(outs) == 3000, "3000 lines each")
            wrong = 0
            for e, o in zip(exps, outs):
                if e["path"] is None:
                    good = "error" not in o
                else:
                    good = ("error" in o and o["error"]["path"] == e["path"]
                            and o.get("id") == e.get("id"))
                if not good:
                    wrong += 1
                    if wrong <= 3:
                        print("generator/oracle disagree: %r %r" % (e, o))
            check(wrong == 0, "the generator's defects are the oracle's "
                              "errors (seed %s)" % seed)
            paths = set(e["path"] for e in exps)
            for p_ in ("$", "$.unit", "$.person", "$.unit.size",
                       "$.person.certificates", "$.person.history",
                       "$.unit.insured_average", "$.applied_on"):
                check(p_ in paths, "generator makes errors at %s" % p_)
        # coverage of the boundaries, from valid lines only
        p = subprocess.run([sys.executable, GEN, "1", "6000",
                            "--invalid-rate", "0"], stdout=subprocess.PIPE,
                           check=True)
        facts = [json.loads(x, parse_float=decimal.Decimal)
                 for x in p.stdout.decode().splitlines()]
        seen = set()
        days = set(f["applied_on"] for f in facts)
        for b in ("2021-12-31", "2022-01-01", "2022-05-30", "2022-05-31",
                  "2022-12-31", "2023-01-01", "2023-12-31", "2024-01-01",
                  "2024-12-31", "2025-01-01", "2025-12-31", "2026-01-01"):
            check(b in days, "§1 generator covers applied_on %s" % b)
        for f in facts:
            if f["kind"] == "unit":
                u = f["unit"]
                ia = str(u["insured_average"])
                nc = u["new_claimants"]
                whole, _, frac = ia.partition(".")
                h = int(whole) * 100 + int((frac + "00")[:2])
                if nc and h and 100000 * nc == 55 * h:
                    seen.add("5.5% exactly")
                if nc and 0 < h <= 3000 and 500 * nc == h:
                    seen.add("20% exactly")
                if h == 3000:
                    seen.add("30 insured")
                if h == 3001:
                    seen.add("30.01 insured")
                if h == 0 and nc:
                    seen.add("nobody insured")
                seen.add("unit months %d" % u["months_paid_in_full"])
                if u["category"] == "enterprise":
                    seen.add("size " + u["size"])
                else:
                    seen.add("category " + u["category"])
                continue
            pr = f["person"]
            seen.add("person months %d" % pr["months_insured"])
            cs = pr["certificates"]
            if len(cs) == 20:
                seen.add("20 certificates")
            if len(pr.get("history") or []) == 100:
                seen.add("100 history entries")
            issued = [c["issued_on"] for c in cs]
            if len(set(issued)) < len(issued):
                seen.add("a tie in issued_on")
            if any(issued[i] > issued[i + 1] for i in range(len(cs) - 1)):
                seen.add("certificates not in issued_on order")
            a = datetime.date.fromisoformat(f["applied_on"])
            for c in cs:
                i = datetime.date.fromisoformat(c["issued_on"])
                w = twelve_after(i)
                if w == a:
                    seen.add("applied on the last day of the window")
                if w + datetime.timedelta(days=1) == a:
                    seen.add("applied the day after the window")
                if c["issued_on"][5:] == "02-29":
                    seen.add("issued on 29 February")
                if i == a:
                    seen.add("issued on applied_on")
                if i == a + datetime.timedelta(days=1):
                    seen.add("issued the day after applied_on")
                seen.add("type " + c["type"])
                seen.add("level " + c["level"])
                if c["training_subsidy_received"]:
                    seen.add("training subsidy")
                if c["urgently_needed"]:
                    seen.add("urgently needed")
            occ = [(c["occupation"]) for c in cs]
            if len(set(occ)) < len(occ):
                seen.add("one occupation twice")
            for h in pr.get("history") or []:
                if h["received_on"][:4] == f["applied_on"][:4]:
                    seen.add("history in the same year")
                    if h["received_on"] > f["applied_on"]:
                        seen.add("history later in the same year")
                else:
                    seen.add("history in another year")
        for want in ("5.5% exactly", "20% exactly", "30 insured",
                     "30.01 insured", "nobody insured", "unit months 11",
                     "unit months 12", "person months 11",
                     "person months 12", "size large", "size micro",
                     "category law_firm", "category individual_business",
                     "20 certificates", "100 history entries",
                     "a tie in issued_on",
                     "certificates not in issued_on order",
                     "applied on the last day of the window",
                     "applied the day after the window",
                     "issued on 29 February", "issued on applied_on",
                     "issued the day after applied_on", "type other",
                     "type vocational_qualification", "type skill_level",
                     "level primary", "level intermediate", "level advanced",
                     "training subsidy", "urgently needed",
                     "one occupation twice", "history in the same year",
                     "history later in the same year",
                     "history in another year"):
            check(want in seen, "generator covers: " + want)
        # the decisions they lead to: every rate, every refusal reason
        p2 = subprocess.run([sys.executable, ORACLE, "--reasons"],
                            input=p.stdout, stdout=subprocess.PIPE)
        reasons = [json.loads(x) for x in p2.stdout.decode().splitlines()]
        conds = set()
        rates = set()
        for r in reasons:
            for c in r.get("certificates", []):
                conds.add(c.get("condition") if not c["granted"] else "ok")
            if "refund" in r:
                rates.add(r["refund"].split(" ")[0])
        for c in (0, 1, 2, 3, 4, 5, 6, "ok"):
            check(c in conds, "generator leads to condition %s" % c)
        for r in ("30%", "50%", "60%", "90%", "layoff", "fewer"):
            check(r in rates, "generator leads to refund outcome %s" % r)
        p3 = subprocess.run([sys.executable, ORACLE], input=p.stdout,
                            stdout=subprocess.PIPE)
        most = max(len(json.loads(x)["entitlements"])
                   for x in p3.stdout.decode().splitlines())
        check(most == 3, "generator reaches three grants in one year")


# --------------------------------------------------------------------------
# compare.py and ui_crosscheck.sh: the digest is left out

def with_digest(line, where):
    d = json.loads(line)
    items = list(d.items())
    dg = ("digest", "sha256:" + "ab" * 32)
    if where == "first":
        items.insert(0, dg)
    elif where == "after policy":
        items.insert(2, dg)
    else:
        items.append(dg)
    return json.dumps(dict(items), ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")


def compare(inp, pol_lines, ora, status):
    with tempfile.NamedTemporaryFile(delete=False) as f:
        f.write(b"\n".join(pol_lines) + b"\n")
        name = f.name
    try:
        p = subprocess.run([sys.executable, COMPARE, inp, name, ora,
                            "--polrun-status", str(status)],
                           stdout=subprocess.PIPE)
    finally:
        os.unlink(name)
    return p.returncode, p.stdout.decode().strip().splitlines()[-1]


def test_compare_digest():
    with tempfile.TemporaryDirectory() as tmp:
        for name, gen, ora in (("ui-job-stability", GEN, ORACLE),
                               ("changsha-srdi-2025", CS_GEN, CS_ORACLE)):
            inp = os.path.join(tmp, name + ".in")
            out = os.path.join(tmp, name + ".out")
            with open(inp, "wb") as f:
                subprocess.run([sys.executable, gen, "5", "400",
                                "--invalid-rate", "0.2"], stdout=f, check=True)
            with open(inp, "rb") as fi, open(out, "wb") as fo:
                st = subprocess.run([sys.executable, ora], stdin=fi,
                                    stdout=fo).returncode
            with open(out, "rb") as f:
                lines = f.read().splitlines()
            decisions = [i for i, x in enumerate(lines)
                         if x.startswith(b'{"id"')]
            check(len(decisions) > 200, "%s: decisions to compare" % name)
            rc, last = compare(inp, lines, out, st)
            check(rc == 0 and last == "crosscheck: 400 agreed, 0 disagreed",
                  "%s: compare agrees with itself: %s" % (name, last))
            dg = list(lines)
            for n, i in enumerate(decisions):
                dg[i] = with_digest(lines[i], ("first", "after policy",
                                               "last")[n % 3])
            rc, last = compare(inp, dg, out, st)
            check(rc == 0 and last == "crosscheck: 400 agreed, 0 disagreed",
                  "%s: a top-level digest is left out: %s" % (name, last))
            # anything else still counts: a digest inside an entitlement,
            # another member, a changed total
            mut = list(dg)
            k = 0
            for i in decisions:
                d = json.loads(lines[i])
                if d["entitlements"] and k == 0:
                    d["entitlements"][0]["digest"] = "sha256:00"
                    k += 1
                elif k == 1:
                    d["extra"] = 1
                    k += 1
                elif k == 2:
                    d["total"] = d["total"] + "0"
                    k += 1
                else:
                    continue
                mut[i] = json.dumps(d, ensure_ascii=False).encode()
            rc, last = compare(inp, mut, out, st)
            check(rc == 1 and last == "crosscheck: 397 agreed, 3 disagreed",
                  "%s: other differences still found: %s" % (name, last))


def test_compare_facts_only():
    """--facts-only: decisions are not compared, refusals still are."""
    with tempfile.TemporaryDirectory() as tmp:
        inp = os.path.join(tmp, "in")
        out = os.path.join(tmp, "out")
        with open(inp, "wb") as f:
            subprocess.run([sys.executable, GEN, "6", "300",
                            "--invalid-rate", "0.3"], stdout=f, check=True)
        with open(inp, "rb") as fi, open(out, "wb") as fo:
            st = subprocess.run([sys.executable, ORACLE], stdin=fi,
                                stdout=fo).returncode
        with open(out, "rb") as f:
            lines = f.read().splitlines()
        mut = list(lines)
        errors = []
        for i, x in enumerate(lines):
            d = json.loads(x)
            if "error" in d:
                if not d["error"]["message"].startswith("line is not JSON"):
                    errors.append(i)
                continue
            d["entitlements"], d["total"] = [], "0.00"
            mut[i] = json.dumps(d, ensure_ascii=False).encode()

        def run(pol_lines, *extra):
            with tempfile.NamedTemporaryFile(delete=False) as f:
                f.write(b"\n".join(pol_lines) + b"\n")
                name = f.name
            try:
                p = subprocess.run([sys.executable, COMPARE, inp, name, out,
                                    "--polrun-status", str(st)] + list(extra),
                                   stdout=subprocess.PIPE)
            finally:
                os.unlink(name)
            return p.returncode
        check(run(mut) == 1, "compare: other decisions disagree")
        check(run(mut, "--facts-only") == 0,
              "compare --facts-only: decisions are not compared")
        d = json.loads(mut[errors[0]])
        d["error"]["path"] = "$.elsewhere"
        mut[errors[0]] = json.dumps(d, ensure_ascii=False).encode()
        check(run(mut, "--facts-only") == 1,
              "compare --facts-only: another path disagrees")


FAKE_POLRUN = r'''#!/usr/bin/env python3
# stands in for `polrun batch POLICY [--date D]`: the oracle plus a digest
import json, subprocess, sys
args = sys.argv[3:]
p = subprocess.run([sys.executable, %(oracle)r] + args, stdin=sys.stdin,
                   stdout=subprocess.PIPE)
out = []
for line in p.stdout.splitlines():
    d = json.loads(line)
    if "error" not in d:
        items = list(d.items())
        items.insert(2, ("digest", "sha256:" + "0" * 64))
        d = dict(items)
        %(mutate)s
    out.append(json.dumps(d, ensure_ascii=False))
sys.stdout.write("\n".join(out) + "\n")
sys.exit(p.returncode)
'''


def test_crosscheck_script():
    with tempfile.TemporaryDirectory() as tmp:
        for mutate, want_rc in (("pass", 0),
                                ("d['total'] = '0.01' if d['id'].endswith("
                                 "'7') else d['total']", 1)):
            fake = os.path.join(tmp, "polrun")
            with open(fake, "w", encoding="utf-8") as f:
                f.write(FAKE_POLRUN % {"oracle": ORACLE, "mutate": mutate})
            os.chmod(fake, 0o755)
            env = dict(os.environ, CROSSCHECK_SHOW="1")
            p = subprocess.run(["bash", CROSSCHECK, fake,
                                "policies/ui-job-stability.pol", "2000", "3"],
                               stdout=subprocess.PIPE, env=env)
            last = p.stdout.decode().strip().splitlines()[-1]
            check(p.returncode == want_rc and
                  (want_rc == 1 or last == "crosscheck: 2000 agreed, "
                                            "0 disagreed"),
                  "ui_crosscheck.sh with a stand-in polrun (%s): %d %s"
                  % (mutate[:10], p.returncode, last))
            # a failure says which contract the suite encodes and what to
            # update (advice.py), before the closing line
            out = p.stdout.decode()
            check(("shared/spec/ui-job-stability.md" in out and
                   "tests/oracle/ui_oracle.py" in out and
                   last.startswith("crosscheck: ")) == (want_rc == 1),
                  "ui_crosscheck.sh explains a failure, and only a failure "
                  "(%s)" % mutate[:10])
        env = dict(os.environ, CROSSCHECK_DATE="2024-06-30")
        with open(fake, "w", encoding="utf-8") as f:
            f.write(FAKE_POLRUN % {"oracle": ORACLE, "mutate": "pass"})
        p = subprocess.run(["bash", CROSSCHECK, fake, "x.pol", "500", "4"],
                           stdout=subprocess.PIPE, env=env)
        check(p.returncode == 0, "ui_crosscheck.sh with CROSSCHECK_DATE")


def main():
    for t in (test_decision_format, test_in_force, test_refund_rates,
              test_refund_conditions, test_refund_amounts,
              test_skills_amounts_and_eligibility, test_skills_conditions_1_2,
              test_skills_condition_3, test_skills_condition_4,
              test_skills_conditions_5_6, test_skills_order, test_reasons,
              test_bad_facts, test_generator, test_compare_digest,
              test_compare_facts_only, test_crosscheck_script):
        try:
            t()
        except Exception as e:          # a crash is a failure, not a stop
            FAILURES.append("%s crashed: %r" % (t.__name__, e))
            print("FAIL: %s crashed: %r" % (t.__name__, e))
    print("ui_test_oracle: %d checks, %d failed" % (CHECKS[0], len(FAILURES)))
    if FAILURES:
        # which contract this encodes and what to update (advice.py)
        import advice
        sys.stdout.write(advice.advice("ui"))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
