#!/usr/bin/env python3
"""Runs a command with this process's standard input and output and writes
its peak resident memory in KiB (getrusage of the children) to FILE.

    python3 tests/batch/peak_rss.py FILE COMMAND [ARG...]

Exits with the command's status."""
import resource
import subprocess
import sys

status = subprocess.call(sys.argv[2:])
with open(sys.argv[1], "w") as f:
    f.write("%d\n" % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(status if status >= 0 else 128 - status)
