#!/usr/bin/env python3
"""Checks that FILE, the output of a batch that was stopped, ends at a line
boundary and that every line is a whole JSON object; prints the number of
lines, or what is wrong (exit 1).

    python3 tests/batch/complete_lines.py FILE"""
import json
import sys

data = open(sys.argv[1], "rb").read()
if data and not data.endswith(b"\n"):
    print("the output ends inside a line: ...%r" % data[-80:])
    sys.exit(1)
lines = data.split(b"\n")[:-1]
for n, line in enumerate(lines, 1):
    try:
        v = json.loads(line.decode("utf-8"))
    except ValueError as e:
        print("line %d is not JSON (%s): %r" % (n, e, line[:200]))
        sys.exit(1)
    if not isinstance(v, dict):
        print("line %d is not an object: %r" % (n, line[:200]))
        sys.exit(1)
print(len(lines))
