#!/usr/bin/env python3
"""The rows `polrun batch --input csv` reads, compared with Python's csv module.

    tests/batch/csv_rows.py POLRUN SCRATCH [SEED]

Writes, with Python's csv writer, rows of four cells made of the awkward
pieces of CSV (commas, quotes, CR, LF and CRLF inside cells, empty cells,
spaces, tabs, leading = + - @, Chinese text), in both line ends and both
quoting styles, plus malformed rows (a quote inside an unquoted cell,
text after a closing quote) in between. Python's reader gives the
expected rows. polrun cannot print a row, but it echoes the cell of the
policy's `identified by` member in every answer, decided or not; so the
file is decided four times, by a policy identified by each column in turn,
with --jobs 1 and 3, and each answer's id must be that cell as Python read
it (no id when the cell is empty), and each malformed row an error in its
place. Exits 1 with the first difference.
"""
import csv
import io
import json
import os
import random
import subprocess
import sys

POLICY = """policy "csv rows"
  title "CSV rows"
  in force from 2025-01-01 for 3 years
  identified by c{column}

facts {{
  c1: optional text
  c2: optional text
  c3: optional text
  c4: optional text
}}

measure seen
  article "1"
  title "Seen"
  when c{column} is present
  amount fixed 1 元
"""

PIECES = ["a", "Z", "9", " ", ",", '"', '""', "\r\n", "\n", "\r", "\t", "=", "+", "-", "@", "'",
          "长沙", "芯联", "-5.00", "=HYPERLINK(\"x\")", ",\"", "\"\n\""]


def cell(rng):
    if rng.random() < 0.15:
        return ""
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 6)))


def generate(rng, count):
    """The CSV text, and per data row: its four cells, or None when malformed."""
    out = io.StringIO(newline="")
    expected = []
    terminator = rng.choice(["\r\n", "\n"])
    # a lone CR is a line end to Python's reader but not in RFC 4180: cells
    # holding one are always quoted, which QUOTE_MINIMAL does only with CRLF
    quoting = csv.QUOTE_ALL if terminator == "\n" else rng.choice([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])
    w = csv.writer(out, lineterminator=terminator, quoting=quoting)
    w.writerow(["c1", "c2", "c3", "c4"])
    for i in range(count):
        r = rng.random()
        if r < 0.03:
            out.write(f'bad"{i},x,y,z{terminator}')            # a quote inside an unquoted cell
            expected.append(None)
        elif r < 0.06:
            out.write(f'"bad{i}"after,x,y,z{terminator}')      # text after a closing quote
            expected.append(None)
        else:
            row = [cell(rng) for _ in range(4)]
            if all(c == "" for c in row):
                row[0] = "x"                                      # an empty row is another test
            w.writerow(row)
            expected.append(row)
    return out.getvalue(), expected


def main():
    polrun, scratch = sys.argv[1], sys.argv[2]
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    rng = random.Random(seed)
    text, expected = generate(rng, 3000)
    data = text.encode("utf-8")
    path = os.path.join(scratch, "rows.csv")
    with open(path, "wb") as f:
        f.write(data)

    # Python's reader agrees with the writer on the good rows, and keeps
    # the bad ones to one row each (it reads their quote as a byte)
    read = list(csv.reader(io.StringIO(text, newline="")))
    assert read[0] == ["c1", "c2", "c3", "c4"], read[0]
    assert len(read) == len(expected) + 1, (len(read), len(expected) + 1)
    for i, want in enumerate(expected):
        if want is not None:
            assert read[i + 1] == want, (i + 2, read[i + 1], want)

    checked = 0
    for column in range(1, 5):
        pol = os.path.join(scratch, f"rows{column}.pol")
        with open(pol, "w", encoding="utf-8") as f:
            f.write(POLICY.format(column=column))
        for jobs in (1, 3):
            with open(path, "rb") as f:
                run = subprocess.run([polrun, "batch", pol, "--input", "csv", "--date", "2025-06-30",
                                      "--jobs", str(jobs)], stdin=f, capture_output=True)
            answers = run.stdout.decode("utf-8").splitlines()
            where = f"identified by c{column}, --jobs {jobs}"
            if len(answers) != len(expected):
                sys.exit(f"{where}: {len(answers)} answers to {len(expected)} rows\n{run.stderr.decode()}")
            for i, (answer, row) in enumerate(zip(answers, expected)):
                a = json.loads(answer)
                line = i + 2
                if row is None:
                    if a.get("line") != line or "error" not in a:
                        sys.exit(f"{where}: malformed row {line} answered with {answer[:300]}")
                    continue
                if "error" in a:
                    sys.exit(f"{where}: row {line} {row!r} refused: {answer[:300]}")
                cell_read = read[i + 1][column - 1]
                if (a.get("id") or "") != cell_read:   # an empty cell is absent: "id": null
                    sys.exit(f"{where}: row {line}: polrun read {a.get('id')!r}, Python {cell_read!r}")
                checked += 1
            if run.returncode != 3:
                sys.exit(f"{where}: exit {run.returncode}, wanted 3 (malformed rows)")
    print(f"csv rows: {checked} cells read as Python reads them, {expected.count(None)} malformed rows answered in place")


if __name__ == "__main__":
    main()
