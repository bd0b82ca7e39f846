#!/usr/bin/env python3
"""Self-test of the differential-testing tools, on cases worked out by hand
from the contract (shared/spec/changsha-srdi-2025.md).

    python3 tests/oracle/test_oracle.py

Exit status 0 when every check passes, 1 otherwise.
"""

import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ORACLE = os.path.join(HERE, "oracle.py")
GEN = os.path.join(HERE, "gen_facts.py")
COMPARE = os.path.join(HERE, "compare.py")

FAILURES = []
CHECKS = [0]


def check(cond, what):
    CHECKS[0] += 1
    if not cond:
        FAILURES.append(what)
        print("FAIL: " + what)


def run_oracle(lines, *args):
    """lines: list of str/bytes/dict.  Returns (list of parsed outputs
    with member order kept as lists of pairs, raw dicts, status)."""
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
    return [json.loads(o) for o in outs], p.returncode, outs


def one(facts, *args):
    res, status, _ = run_oracle([facts], *args)
    assert len(res) == 1
    return res[0], status


def ent(d):
    """[(measure, amount)] of a decision."""
    return [(e["measure"], e["amount"]) for e in d["entitlements"]]


def enterprise(tier, as_of="2025-06-30", **more):
    f = {"id": "9143010000000001XX", "kind": "enterprise",
         "registered_in_changsha": True, "is_sme": True, "tier": tier,
         "as_of": as_of}
    f.update(more)
    return f


R1 = ["市工业和信息化局", "各区县市人民政府", "园区管委会"]
R6 = ["市委人才办", "市教育局", "市科技局", "市人力资源社会保障局", "市科协"]
R8 = ["市工业和信息化局"]


def test_contract_example():
    # contract section 3: a 小巨人 first recognised in period, award not paid.
    # Besides the award (500000.00) a 小巨人 is SRDI tier, so it also gets
    # 3 ip_fast_track, 5 employment_guarantee and 6 talent_recommendation.
    f = enterprise("little_giant", little_giant={
        "first_recognized_on": "2025-05-10", "award_received": False})
    d, st = one(f)
    check(st == 0, "example: exit 0")
    check(list(d.keys()) == ["id", "policy", "as_of", "in_force",
                             "entitlements", "total"], "decision key order")
    check(d["id"] == "9143010000000001XX", "example id")
    check(d["policy"] == "changsha-srdi-2025", "policy name")
    check(d["as_of"] == "2025-06-30" and d["in_force"] is True, "example date")
    check(ent(d) == [("little_giant_first_award", "500000.00"),
                     ("ip_fast_track", None),
                     ("employment_guarantee", None),
                     ("talent_recommendation_right", None)],
          "example entitlements: %r" % ent(d))
    e = d["entitlements"][0]
    check(list(e.keys()) == ["measure", "article", "title", "amount",
                             "basis", "responsible"], "entitlement key order")
    check(e == {"measure": "little_giant_first_award", "article": "一",
                "title": "专精特新“小巨人”企业首次认定奖励",
                "amount": "500000.00", "basis": "fixed", "responsible": R1},
          "example entitlement: %r" % e)
    check(d["entitlements"][3]["responsible"] == R6, "art. 六 responsible")
    check(d["entitlements"][1]["basis"] == "non_monetary", "basis 三")
    check(d["total"] == "500000.00", "example total")
    # award already received, or recognised before 2025-03-01, or after as_of
    for lg in ({"first_recognized_on": "2025-05-10", "award_received": True},
               {"first_recognized_on": "2025-02-28", "award_received": False},
               {"first_recognized_on": "2025-07-01", "award_received": False},
               {"first_recognized_on": None, "award_received": False}):
        d, _ = one(enterprise("little_giant", little_giant=lg))
        check(d["total"] == "0.00" and ent(d)[0][0] == "ip_fast_track",
              "no award for %r" % lg)
    # the first day in force is in period
    d, _ = one(enterprise("little_giant", "2025-03-01", little_giant={
        "first_recognized_on": "2025-03-01", "award_received": False}))
    check(d["total"] == "500000.00", "award on 2025-03-01")


def test_digital():
    base = {"in_pilot": True, "procurement_total": "333.33",
            "central_funds_used": False, "municipal_assessed_amount": 0}
    d, _ = one(enterprise("none", digital=base))
    # 333.33 x 30% = 99.999 -> rounded down to the fen: 99.99
    check(ent(d) == [("digital_subsidy", "99.99")], "333.33 -> 99.99: %r"
          % ent(d))
    check(d["total"] == "99.99", "total 99.99")
    check(d["entitlements"][0]["responsible"] == R8 and
          d["entitlements"][0]["basis"] == "capped", "digital basis")
    # the same as a JSON number
    d, _ = one('{"id":"n","kind":"enterprise","registered_in_changsha":true,'
               '"is_sme":true,"tier":"none","as_of":"2025-06-30","digital":'
               '{"in_pilot":true,"procurement_total":333.33,'
               '"central_funds_used":false,"municipal_assessed_amount":0}}')
    check(ent(d) == [("digital_subsidy", "99.99")], "333.33 as number")
    # 1000000.04 x 30% = 300000.012 -> ceiling 300000.00; assessed 120000.5
    # is lower -> 120000.50; matching min(300000.01, 300000.00) = 300000.00
    dg = dict(base, procurement_total="1000000.04", assessed_amount=120000.5,
              central_funds_used=True, municipal_assessed_amount="300000.01")
    d, _ = one(enterprise("none", digital=dg))
    check(ent(d) == [("digital_subsidy", "120000.50"),
                     ("digital_municipal_matching", "300000.00")],
          "assessed + matching: %r" % ent(d))
    check(d["total"] == "420000.50", "total 420000.50")
    # without assessed amount the grant is the ceiling: 300000.00
    dg = dict(base, procurement_total=1000000.04)
    d, _ = one(enterprise("none", digital=dg))
    check(ent(d) == [("digital_subsidy", "300000.00")], "cap 300000.00")
    # 999999.99 x 30% = 299999.997 -> 299999.99
    d, _ = one(enterprise("none", digital=dict(base,
                                               procurement_total=999999.99)))
    check(ent(d) == [("digital_subsidy", "299999.99")], "299999.99")
    # 0.03 x 30% = 0.009 -> 0.00: not granted, and so no matching either
    dg = dict(base, procurement_total="0.03", central_funds_used=True,
              municipal_assessed_amount=5)
    d, _ = one(enterprise("none", digital=dg))
    check(ent(d) == [] and d["total"] == "0.00", "0.03 -> nothing")
    # 0.04 x 30% = 0.012 -> 0.01
    d, _ = one(enterprise("none", digital=dict(dg, procurement_total="0.04")))
    check(ent(d) == [("digital_subsidy", "0.01"),
                     ("digital_municipal_matching", "5.00")], "0.04 -> 0.01")
    # assessed amount 0 -> not granted -> no matching
    d, _ = one(enterprise("none", digital=dict(dg, procurement_total=1000,
                                               assessed_amount="0.00")))
    check(ent(d) == [], "assessed 0 -> nothing")
    # assessed amount null = absent
    d, _ = one(enterprise("none", digital=dict(base, assessed_amount=None)))
    check(ent(d) == [("digital_subsidy", "99.99")], "assessed null")
    # not an SME, not in the pilot
    f = enterprise("none", digital=base)
    f["is_sme"] = False
    d, _ = one(f)
    check(ent(d) == [], "not SME")
    d, _ = one(enterprise("none", digital=dict(base, in_pilot=False)))
    check(ent(d) == [], "not in pilot")


def test_in_force():
    f = enterprise("srdi_sme")
    for day, force in (("2025-02-28", False), ("2025-03-01", True),
                       ("2028-02-29", True), ("2028-03-01", False),
                       ("2030-01-01", False)):
        f["as_of"] = day
        d, _ = one(f)
        check(d["in_force"] is force and d["as_of"] == day, "in force " + day)
        if force:
            check(ent(d) == [("ip_fast_track", None),
                             ("employment_guarantee", None)], "srdi " + day)
        else:
            check(d["entitlements"] == [] and d["total"] == "0.00",
                  "not in force " + day)
    # --date overrides as_of, and is the decision's as_of
    f["as_of"] = "2024-01-01"
    d, st = one(f, "--date", "2025-06-30")
    check(st == 0 and d["as_of"] == "2025-06-30" and d["in_force"] is True,
          "--date overrides")
    # not registered in Changsha: nothing, in_force still from the date
    g = dict(enterprise("srdi_sme"), registered_in_changsha=False)
    d, _ = one(g)
    check(d["in_force"] is True and d["entitlements"] == [], "not Changsha")


def test_key_project():
    kp = {"selected": True, "year": 2025, "assessed_amount": 250000,
          "granted_this_year": "100000.00"}
    d, _ = one(enterprise("little_giant_candidate", key_project=kp))
    # min(250000.00, 300000.00 - 100000.00) = 200000.00
    check(("key_project_subsidy", "200000.00") in ent(d), "kp 200000.00")
    check(d["total"] == "200000.00", "kp total")
    d, _ = one(enterprise("little_giant_candidate",
                          key_project=dict(kp, granted_this_year=300000)))
    check("key_project_subsidy" not in dict(ent(d)), "kp ceiling used up")
    d, _ = one(enterprise("little_giant_candidate",
                          key_project=dict(kp, granted_this_year=300000.01)))
    check("key_project_subsidy" not in dict(ent(d)), "kp over ceiling")
    d, _ = one(enterprise("little_giant_candidate", "2025-12-31",
                          key_project=dict(kp, year=2026)))
    check("key_project_subsidy" not in dict(ent(d)), "kp future year")
    d, _ = one(enterprise("little_giant_candidate", "2026-01-01",
                          key_project=dict(kp, year=2026)))
    check(("key_project_subsidy", "200000.00") in ent(d), "kp year 2026")
    d, _ = one(enterprise("little_giant_candidate",
                          key_project=dict(kp, year=2024)))
    check("key_project_subsidy" not in dict(ent(d)), "kp year 2024")
    d, _ = one(enterprise("little_giant", key_project=kp))
    check("key_project_subsidy" not in dict(ent(d)), "kp only candidates")


def test_service_org():
    f = {"id": "S1", "kind": "service_org", "registered_in_changsha": True,
         "as_of": "2026-01-01",
         "service": {"outstanding_results": True, "assessed_amount": 150000,
                     "granted_before": "100000"}}
    d, st = one(f)
    check(st == 0 and ent(d) == [("service_org_subsidy", "100000.00")],
          "service 100000.00: %r" % ent(d))
    check(d["entitlements"][0]["article"] == "十" and
          d["entitlements"][0]["responsible"] == R1, "service article")
    f["service"]["granted_before"] = "200000.00"
    d, _ = one(f)
    check(ent(d) == [], "service ceiling used up")
    # a service organisation gets none of the enterprise measures
    g = dict(f, tier="little_giant", is_sme=True,
             digital={"in_pilot": True, "procurement_total": 1000,
                      "central_funds_used": True,
                      "municipal_assessed_amount": 1})
    d, _ = one(g)
    check(ent(d) == [], "service_org with tier")


def test_workstations_standards_land():
    ws = [{"type": "academician", "approved_on": "2025-03-01",
           "funded_before": False},
          {"type": "academician", "approved_on": "2025-04-01",
           "funded_before": False},
          {"type": "expert", "approved_on": "2025-04-01",
           "funded_before": True},
          {"type": "postdoc_base", "approved_on": "2025-07-01",
           "funded_before": False},
          {"type": "postdoc_station", "approved_on": "2025-02-28",
           "funded_before": False}]
    d, _ = one(enterprise("little_giant", workstations=ws))
    check(ent(d) == [("ip_fast_track", None), ("employment_guarantee", None),
                     ("talent_recommendation_right", None),
                     ("academician_workstation", "1000000.00")],
          "workstations: %r" % ent(d))
    check(d["total"] == "1000000.00", "workstation total")
    d, _ = one(enterprise("srdi_sme", workstations=ws))
    check("academician_workstation" not in dict(ent(d)), "ws only 小巨人")
    st = [{"level": "industry", "published_on": "2025-04-01"},
          {"level": "group", "published_on": "2025-04-01"}]
    d, _ = one(enterprise("srdi_sme", standards=st))
    check("standard_setting_award" not in dict(ent(d)), "industry standard")
    st.append({"level": "municipal_local", "published_on": "2025-03-01"})
    d, _ = one(enterprise("srdi_sme", standards=st))
    check(ent(d)[0] == ("standard_setting_award", None), "municipal std")
    d, _ = one(enterprise("none", standards=st))
    check(ent(d) == [], "standard needs SRDI")
    land = {"industrial_land": True, "industrial_real_estate": False,
            "conforms_to_spatial_plan": True, "use_unchanged": True,
            "safety_ensured": True, "raises_utilization": True}
    d, _ = one(enterprise("srdi_sme", land=land, overseas={"activities": 1}))
    check(ent(d) == [("ip_fast_track", None), ("employment_guarantee", None),
                     ("market_expansion_support", None),
                     ("land_premium_waiver", None)], "land + overseas")
    d, _ = one(enterprise("srdi_sme", land=dict(land,
                                                industrial_real_estate=True),
                          overseas={"activities": 0}))
    check(ent(d) == [("ip_fast_track", None),
                     ("employment_guarantee", None)], "工业地产, 0 activities")


def bad(line, *args):
    d, st = one(line, *args)
    check(st == 3, "exit 3 for %r" % (line,))
    check("error" in d, "error for %r" % (line,))
    return d


def test_bad_facts():
    ok = ('{"id":"x","kind":"enterprise","registered_in_changsha":true,'
          '"is_sme":true,"tier":"none","as_of":"2025-06-30"%s}')
    dg = (',"digital":{"in_pilot":true,"procurement_total":%s,'
          '"central_funds_used":false,"municipal_assessed_amount":0}')
    for money in ('1.005', '"1.005"', '-1', '"-0.01"', '1e5', '"1e5"',
                  '"00100"', '"１２３"', '1000000000000000', '"1000000000000000.00"',
                  'true', 'null', '"1."', '".5"', '" 1"', '{}'):
        d = bad(ok % (dg % money))
        check(d.get("id") == "x" and
              d["error"]["path"] == "$.digital.procurement_total",
              "money %s: %r" % (money, d))
        check(list(d.keys()) == ["line", "id", "error"] and d["line"] == 1,
              "error key order")
    d, st = one(ok % (dg % '"999999999999999.99"'))
    check(st == 0 and d["entitlements"][0]["amount"] == "300000.00",
          "money upper bound is valid")
    cases = [
        ('{"id":"a","kind":"enterprise","kind":"enterprise",'
         '"registered_in_changsha":true,"is_sme":true,"tier":"none",'
         '"as_of":"2025-06-30"}', "$.kind", "a"),
        ('{"id":"a","k\\u0069nd":"enterprise","kind":"enterprise",'
         '"registered_in_changsha":true,"is_sme":true,"tier":"none",'
         '"as_of":"2025-06-30"}', "$.kind", "a"),
        ("hello", "$", None),
        ('{"id":"a",}', "$", None),
        ('{"id":"a","kind":NaN}', "$", None),
        ('[1]', "$", None),
        ('"x"', "$", None),
        ('null', "$", None),
        ('{"id":"a","kind":"enterprise","registered_in_changsha":true,'
         '"is_sme":true,"as_of":"2025-06-30"}', "$.tier", "a"),
        ('{"id":"a","kind":"enterprise","registered_in_changsha":true,'
         '"is_sme":true,"tier":null,"as_of":"2025-06-30"}', "$.tier", "a"),
        ('{"id":"a","kind":"service_org","registered_in_changsha":true,'
         '"tier":"big","as_of":"2025-06-30"}', "$.tier", "a"),
        ('{"id":"a","kind":"company","registered_in_changsha":true,'
         '"as_of":"2025-06-30"}', "$.kind", "a"),
        ('{"id":"a","kind":"service_org","registered_in_changsha":1,'
         '"as_of":"2025-06-30"}', "$.registered_in_changsha", "a"),
        ('{"id":7,"kind":"service_org","registered_in_changsha":true,'
         '"as_of":"2025-06-30"}', "$.id", None),
        ('{"kind":"service_org","registered_in_changsha":true,'
         '"as_of":"2025-06-30"}', "$.id", None),
        (ok % ',"standards":[{"level":"national","published_on":"2025-04-01"},'
              '{"level":"city","published_on":"2025-04-01"}]',
         "$.standards[1].level", "x"),
        (ok % ',"standards":[null]', "$.standards[0]", "x"),
        (ok % ',"standards":{}', "$.standards", "x"),
        (ok % ',"overseas":{"activities":-1}', "$.overseas.activities", "x"),
        (ok % ',"overseas":{"activities":1.0}', "$.overseas.activities", "x"),
        (ok % ',"overseas":{"activities":"1"}', "$.overseas.activities", "x"),
        (ok % ',"key_project":{"selected":true,"year":2025e0,'
              '"assessed_amount":1,"granted_this_year":0}',
         "$.key_project.year", "x"),
        (ok % ',"little_giant":{"award_received":false}',
         "$.little_giant.first_recognized_on", "x"),
        (ok % ',"little_giant":{"first_recognized_on":"2025-13-01",'
              '"award_received":false}',
         "$.little_giant.first_recognized_on", "x"),
        (ok % ',"digital":{"in_pilot":true,"procurement_total":1,'
              '"central_funds_used":false,"municipal_assessed_amount":0,'
              '"foo":1}', "$.digital.foo", "x"),
        (ok % ',"workstations":[{"type":"expert","approved_on":"2025-04-01",'
              '"funded_before":false,"funded_before":false}]',
         "$.workstations[0].funded_before", "x"),
        (ok % ',"land":{"industrial_land":true}',
         "$.land.industrial_real_estate", "x"),
        (ok % ',"Tier":"none"', "$.Tier", "x"),
        ('{"id":"a","kind":"service_org","registered_in_changsha":true}',
         "$.as_of", "a"),
        ('{"id":"a","kind":"service_org","registered_in_changsha":true,'
         '"as_of":null}', "$.as_of", "a"),
        ('{"id":"a","kind":"service_org","registered_in_changsha":true,'
         '"as_of":"2025-02-29"}', "$.as_of", "a"),
        ('{"id":"a","kind":"service_org","registered_in_changsha":true,'
         '"as_of":"２０２５-03-01"}', "$.as_of", "a"),
    ]
    for line, path, ident in cases:
        d = bad(line)
        check(d["error"]["path"] == path, "path of %s: %r" % (line, d))
        check(d.get("id") == ident, "id of %s: %r" % (line, d))
        check(isinstance(d["error"].get("message"), str), "message")
    # with --date, a missing as_of is fine but a bad one is still an error
    d, st = one('{"id":"a","kind":"service_org","registered_in_changsha":'
                'true}', "--date", "2025-06-30")
    check(st == 0 and d["as_of"] == "2025-06-30", "--date without as_of")
    d, st = one('{"id":"a","kind":"service_org","registered_in_changsha":'
                'true,"as_of":"2025-02-29"}', "--date", "2025-06-30")
    check(st == 3 and d["error"]["path"] == "$.as_of", "bad as_of + --date")
    # null = absent for optional members; lists null = empty
    d, st = one(ok % ',"name":null,"standards":null,"digital":null,'
                     '"little_giant":{"first_recognized_on":null,'
                     '"award_received":false}')
    check(st == 0 and "error" not in d, "nulls accepted")
    # a service organisation needs neither is_sme nor tier
    d, st = one('{"id":"s","kind":"service_org","registered_in_changsha":'
                'true,"as_of":"2025-06-30","is_sme":null}')
    check(st == 0 and "error" not in d, "service_org without tier")
    # a batch: every line answered in place, line numbers from 1
    res, st, _ = run_oracle([ok % "", "nope", b"\xff\xfe", ok % ""])
    check(st == 3 and len(res) == 4, "batch of 4")
    check(res[1] == {"line": 2, "error": res[1]["error"]} and
          res[1]["error"]["path"] == "$", "line 2 is not JSON")
    check(res[2]["line"] == 3 and res[2]["error"]["path"] == "$",
          "line 3 is not UTF-8")
    check("error" not in res[0] and "error" not in res[3], "good lines")
    p = subprocess.run([sys.executable, ORACLE, "--date", "2025-02-30"],
                       input=b"", stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    check(p.returncode == 2, "bad --date is a usage error")


def test_generator_and_compare():
    with tempfile.TemporaryDirectory() as tmp:
        for seed in ("1", "2", "abc"):
            inp = os.path.join(tmp, "in%s.ndjson" % seed)
            exp = os.path.join(tmp, "exp%s.ndjson" % seed)
            out = os.path.join(tmp, "out%s.ndjson" % seed)
            with open(inp, "wb") as f:
                subprocess.run([sys.executable, GEN, seed, "3000",
                                "--invalid-rate", "0.5", "--expect", exp],
                               stdout=f, check=True)
            again = subprocess.run([sys.executable, GEN, seed, "3000",
                                    "--invalid-rate", "0.5"],
                                   stdout=subprocess.PIPE, check=True).stdout
            with open(inp, "rb") as f:
                check(f.read() == again, "generator deterministic " + seed)
            with open(inp, "rb") as fi, open(out, "wb") as fo:
                st = subprocess.run([sys.executable, ORACLE], stdin=fi,
                                    stdout=fo).returncode
            check(st == 3, "oracle exit 3 on generated bad facts")
            with open(exp, encoding="utf-8") as f:
                exps = [json.loads(x) for x in f]
            with open(out, encoding="utf-8") as f:
                outs = [json.loads(x) for x in f]
            check(len(exps) == len(outs) == 3000, "3000 lines")
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
            check(wrong == 0, "generator's defects are the oracle's errors")
            if seed == "1":
                # compare.py: the oracle agrees with itself ...
                p = subprocess.run([sys.executable, COMPARE, inp, out, out,
                                    "--polrun-status", "3"],
                                   stdout=subprocess.PIPE)
                last = p.stdout.decode().strip().splitlines()[-1]
                check(p.returncode == 0 and
                      last == "crosscheck: 3000 agreed, 0 disagreed",
                      "compare self: %s" % last)
                # ... but not when member order, types or paths change
                with open(out, "rb") as f:
                    lines = f.read().split(b"\n")
                for k, ln in enumerate(lines):
                    if ln.startswith(b'{"id"'):
                        d = json.loads(ln)
                        lines[k] = json.dumps(
                            dict(reversed(list(d.items()))),
                            ensure_ascii=False).encode()
                        break
                for k, ln in enumerate(lines):
                    if b'"in_force":true' in ln:
                        lines[k] = ln.replace(b'"in_force":true',
                                              b'"in_force":1')
                        break
                for k, ln in enumerate(lines):
                    # a bad-facts path (a line that is not JSON at all may
                    # be placed anywhere by polrun, see compare.py)
                    if b'"path":"$.' in ln:
                        lines[k] = ln.replace(b'"path":"$.', b'"path":"$.x.')
                        break
                mut = os.path.join(tmp, "mut.ndjson")
                with open(mut, "wb") as f:
                    f.write(b"\n".join(lines[:-2]) + b"\n")   # 1 line short
                p = subprocess.run([sys.executable, COMPARE, inp, mut, out,
                                    "--polrun-status", "0"],
                                   stdout=subprocess.PIPE)
                last = p.stdout.decode().strip().splitlines()[-1]
                check(p.returncode == 1 and
                      last == "crosscheck: 2996 agreed, 4 disagreed",
                      "compare finds mutations: %s" % last)


def main():
    for t in (test_contract_example, test_digital, test_in_force,
              test_key_project, test_service_org,
              test_workstations_standards_land, test_bad_facts,
              test_generator_and_compare):
        try:
            t()
        except Exception as e:          # a crash is a failure, not a stop
            FAILURES.append("%s crashed: %r" % (t.__name__, e))
            print("FAIL: %s crashed: %r" % (t.__name__, e))
    print("test_oracle: %d checks, %d failed" % (CHECKS[0], len(FAILURES)))
    if FAILURES:
        # which contract this encodes and what to update (advice.py)
        import advice
        sys.stdout.write(advice.advice("changsha"))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
