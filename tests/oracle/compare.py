#!/usr/bin/env python3
"""Compare polrun's batch output with the oracle's, line by line.

    python3 compare.py INPUT POLRUN_OUT ORACLE_OUT
                       [--polrun-status N] [--show K] [--facts-only]
                       [--contract changsha|ui|ui-facts]

- A decision must equal the oracle's decision as parsed JSON, member order
  included (objects are compared as lists of key/value pairs, recursively;
  true is not 1, "1.00" is not 1).
- A top-level "digest" member of polrun's decision (the digest of the
  compiled policy, which the oracle cannot know) is left out of the
  comparison, wherever it stands; everything else is compared as above.
- An error line must have the same "line", the same "id" (present or absent,
  and equal), and the same error "path"; the message may differ but must be
  a string.
- polrun's exit status (if given) must be 3 when any line had bad facts,
  else 0.
- With --facts-only, decisions are not compared: a line is decided by both
  or refused by both (with the same line, id and path), as for a policy
  that declares the facts alone (tests/oracle/ui-facts.pol).

Prints the first K mismatches (default 5) with their input line, then, on a
failure and with --contract, which contract the suite encodes and what to
update when a value was changed on purpose (advice.py), then ends with
`crosscheck: A agreed, D disagreed`.  Exit 0 when all agreed, the line
counts match and the exit status is right; 1 otherwise.
"""

import decimal
import json
import sys

_decoder = json.JSONDecoder(object_pairs_hook=lambda pairs: ("obj", pairs),
                            parse_float=decimal.Decimal,
                            parse_int=decimal.Decimal,
                            parse_constant=lambda name: ("const", name))


def canon(v):
    """Order-preserving, type-exact form of a parsed JSON value."""
    if type(v) is tuple and v[0] == "obj":
        return ("obj", tuple((k, canon(x)) for k, x in v[1]))
    if type(v) is tuple:
        return v
    if type(v) is list:
        return ("list", tuple(canon(x) for x in v))
    if type(v) is bool:
        return ("bool", v)
    if v is None:
        return ("null",)
    if type(v) is str:
        return ("str", v)
    return ("num", v)               # Decimal: 1 == 1.0 is fine for numbers


def parse(line):
    try:
        text = line.decode("utf-8")
        return canon(_decoder.decode(text))
    except (UnicodeDecodeError, ValueError):
        return None


def members(c):
    """dict of an object's canon form (first occurrence), or None."""
    if c is None or c[0] != "obj":
        return None
    d = {}
    for k, v in c[1]:
        d.setdefault(k, v)
    return d


def without_digest(c):
    """A decision's canon form without its top-level "digest" member(s)."""
    return ("obj", tuple(kv for kv in c[1] if kv[0] != "digest"))


def compare_line(pol_raw, ora_raw, facts_only=False):
    """None when they agree, else a short reason."""
    ora = parse(ora_raw)
    if ora is None:
        return "oracle line is not JSON (oracle bug)"
    if pol_raw is None:
        return "polrun gave no line"
    pol = parse(pol_raw)
    if pol is None:
        return "polrun line is not JSON"
    om = members(ora)
    if om is None:
        return "oracle gave no decision (oracle bug or short output)"
    pm = members(pol)
    if pm is None:
        return "polrun line is not a JSON object"
    if "error" in om:
        if "error" not in pm:
            return "oracle: bad facts; polrun: a decision"
        if pm.get("line") != om["line"]:
            return "different \"line\""
        oe = members(om["error"])
        omsg = oe.get("message") if oe else None
        if omsg and omsg[1].startswith("line is not JSON"):
            # A line that is not JSON at all: polrun's decoder reads it as
            # far as it can and names the path where the syntax broke (and
            # the id when it was read before); the oracle says "$". Both
            # must answer the line with an error; the place is polrun's.
            return None
        if ("id" in pm) != ("id" in om):
            return "\"id\" present in one only"
        if "id" in om and pm["id"] != om["id"]:
            return "different \"id\""
        pe, oe = members(pm["error"]), members(om["error"])
        if pe is None:
            return "polrun \"error\" is not an object"
        if pe.get("path") != oe["path"]:
            return "different error path"
        m = pe.get("message")
        if m is None or m[0] != "str":
            return "polrun error has no string \"message\""
        return None
    if "error" in pm:
        return "oracle: a decision; polrun: bad facts"
    if facts_only:
        return None
    pol = without_digest(pol)
    if pol != ora:
        if [k for k, _ in pol[1]] != [k for k, _ in ora[1]]:
            return "decision members differ or are in another order"
        for k, v in ora[1]:
            if pm[k] != v:
                return "decision differs at \"%s\"" % k
        return "decision differs"
    return None


def lines_of(f):
    """Lines of a binary file without their newline; every b"\\n" ends a
    line and a last line without one is a line too."""
    for line in f:
        yield line[:-1] if line.endswith(b"\n") else line


def clip(b, n=1500):
    s = b.decode("utf-8", "backslashreplace")
    return s if len(s) <= n else s[:n] + "...(%d more chars)" % (len(s) - n)


def main(argv):
    args = argv[1:]
    status = None
    show = 5
    facts_only = False
    contract = None
    pos = []
    i = 0
    while i < len(args):
        if args[i] == "--polrun-status" and i + 1 < len(args):
            status = int(args[i + 1])
            i += 2
        elif args[i] == "--show" and i + 1 < len(args):
            show = int(args[i + 1])
            i += 2
        elif args[i] == "--contract" and i + 1 < len(args):
            contract = args[i + 1]
            i += 2
        elif args[i] == "--facts-only":
            facts_only = True
            i += 1
        else:
            pos.append(args[i])
            i += 1
    if len(pos) != 3:
        sys.stderr.write(__doc__)
        return 2
    files = [open(p, "rb") for p in pos]
    inp, pol, ora = (lines_of(f) for f in files)
    failed = False
    agreed = disagreed = 0
    n_in = n_pol = n_ora = 0
    any_bad = False
    while True:
        i_line = next(inp, None)
        p = next(pol, None)
        o = next(ora, None)
        if i_line is None and p is None and o is None:
            break
        n_in += i_line is not None
        n_pol += p is not None
        n_ora += o is not None
        if i_line is None:
            continue                      # output past the input's end
        if o is None:
            o = b"null"
        if b'"error"' in o:
            om = members(parse(o))
            any_bad = any_bad or (om is not None and "error" in om)
        why = compare_line(p, o, facts_only)
        if why is None:
            agreed += 1
            continue
        disagreed += 1
        if disagreed <= show:
            print("--- line %d: %s" % (n_in, why))
            print("input:  " + clip(i_line))
            print("polrun: " + ("(none)" if p is None else clip(p)))
            print("oracle: " + clip(o))
    for f in files:
        f.close()
    if disagreed > show:
        print("--- (%d more mismatches not shown)" % (disagreed - show))
    if n_ora != n_in:
        print("compare: oracle gave %d lines for %d input lines"
              % (n_ora, n_in))
        failed = True
    if n_pol != n_in:
        print("compare: polrun gave %d lines for %d input lines"
              % (n_pol, n_in))
        failed = True
    if status is not None:
        want = 3 if any_bad else 0
        if status != want:
            print("compare: polrun exited with status %d, expected %d (%s)"
                  % (status, want, "some lines had bad facts" if any_bad
                     else "no line had bad facts"))
            failed = True
    if (failed or disagreed) and contract:
        import advice
        sys.stdout.write(advice.advice(contract))
    print("crosscheck: %d agreed, %d disagreed" % (agreed, disagreed))
    return 1 if failed or disagreed else 0


if __name__ == "__main__":
    sys.stdout.reconfigure(encoding="utf-8")
    sys.exit(main(sys.argv))
