#!/usr/bin/env python3
"""What to do when a cross-check with an oracle fails.

    python3 advice.py changsha|ui|ui-facts

Prints, for a drafter who has just seen `make test` fail in one of the
suites `oracle`, `crosscheck`, `uifacts`, `ui-oracle` or `ui-crosscheck`,
which contract the failing suite encodes, and what to update when a value
of the policy was changed on purpose. compare.py (with --contract, as
crosscheck.sh and ui_crosscheck.sh call it), test_oracle.py and
ui_test_oracle.py print it when they fail.
"""

import sys
import textwrap

CONTRACTS = {
    "changsha": {
        "suites": "The suites `oracle` and `crosscheck` check",
        "policy": "policies/changsha-srdi-2025.pol",
        "contract": "shared/spec/changsha-srdi-2025.md",
        "oracle": "tests/oracle/oracle.py",
        "values": "IN_FORCE_FROM and IN_FORCE_TO, WORKSTATION_FEN, CAP_KEY_PROJECT, "
                  "CAP_DIGITAL, CAP_MATCHING, CAP_SERVICE, FIRST_AWARD, and the rules "
                  "of grants()",
        "selftest": "tests/oracle/test_oracle.py",
        "generator": "tests/oracle/gen_facts.py (the amounts and dates on either "
                     "side of each ceiling and date, e.g. KP_ASSESSED, AS_OF_EDGES)",
        "cases": "tests/cases/changsha-srdi-2025/*.case",
        "run": 'make test SUITES="oracle crosscheck changsha keywords"',
    },
    "ui": {
        "suites": "The suites `ui-oracle` and `ui-crosscheck` check",
        "policy": "policies/ui-job-stability.pol",
        "contract": "shared/spec/ui-job-stability.md",
        "oracle": "tests/oracle/ui_oracle.py",
        "values": "IN_FORCE_FROM and IN_FORCE_TO, SKILL_FEN, the rates and notices "
                  "of refund_rule() and the conditions of contract section 4",
        "selftest": "tests/oracle/ui_test_oracle.py (each check names its section; "
                    "tests/oracle/ui-job-stability.md lists them)",
        "generator": "tests/oracle/ui_gen.py (the edges of every rule)",
        "cases": "tests/cases/ui-job-stability/*.case (their README maps them to "
                 "the contract's sections)",
        "run": 'make test SUITES="ui-oracle ui-crosscheck ui-cases uifacts keywords"',
    },
}
CONTRACTS["ui-facts"] = dict(CONTRACTS["ui"],
                             suites="The suite `uifacts` checks",
                             policy="tests/oracle/ui-facts.pol (the contract's facts, "
                                    "sections 2 and 6, declared alone)",
                             values="the facts tables: TOP_FIELDS, UNIT, CERTIFICATE, "
                                    "HISTORY, PERSON, MAX_CERTIFICATES, MAX_HISTORY")

# (indent of the first line, of the next ones, text): each filled to 76 columns
PARAGRAPHS = [
    ("", "", "Why this suite failed, and what to do:"),
    ("", "", "{suites} polrun against an independent implementation "
             "of the contract {contract}: {oracle}, written from the contract alone, "
             "decides the same generated applicants as `polrun batch` on {policy}. "
             "A disagreement means that one of the two no longer says what the "
             "contract says."),
    ("- ", "  ", "If the policy file is wrong (a mistyped value, a misread article), "
                 "mend the .pol file: the contract and the oracle stay as they are."),
    ("- ", "  ", "If you changed a value on purpose because the contract changed (an "
                 "amount, a ceiling, a rate, a date), make the change in every place "
                 "that encodes the contract, or this suite keeps failing:"),
    ("    1. ", "       ", "the contract itself: {contract};"),
    ("    2. ", "       ", "the oracle, {oracle}: {values};"),
    ("    3. ", "       ", "the oracle's checks worked out by hand: {selftest};"),
    ("    4. ", "       ", "the generator, if the value is an edge it tries on both "
                           "sides: {generator};"),
    ("    5. ", "       ", "the recorded cases, {cases}: `polrun test --update` "
                           "rewrites their expected decisions (read the diff before "
                           "committing it)."),
    ("  ", "  ", "Then run:"),
    ("    ", "    ", "{run}"),
]
RULE = "-" * 76 + "\n"


def advice(contract):
    fields = CONTRACTS[contract]
    out = [RULE]
    for first, rest, text in PARAGRAPHS:
        out.append(textwrap.fill(text.format(**fields), 76, initial_indent=first,
                                 subsequent_indent=rest,
                                 break_on_hyphens=False) + "\n")
    out.append(RULE)
    return "".join(out)


def main(argv):
    if len(argv) != 2 or argv[1] not in CONTRACTS:
        sys.stderr.write("usage: advice.py %s\n" % "|".join(sorted(CONTRACTS)))
        return 2
    sys.stdout.write(advice(argv[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
