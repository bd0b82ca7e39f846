#!/bin/sh
# Checks the examples of the documentation: run by tests/run.sh (`make test`).
#   tests/docs/run.sh POLRUN [FILE.md...]      (default: every docs/*.md)
#
# Conventions for the fenced blocks of a document. Each document gets a
# fresh working folder; its blocks are handled from top to bottom.
#
#   ```pol              A complete policy. It is written to a file and must
#                       pass `polrun check` (exit 0). It may import the
#                       standard library ("period.pol") or files written by
#                       earlier blocks of the same document.
#   ```pol fragment     A piece of a policy, shown for reading: not checked
#                       (with file=NAME it is still written: a module that
#                       a later block imports).
#   ```pol error        A policy with a mistake, shown on purpose: it must
#                       fail `polrun check` (exit 1).
#   ```LANG file=NAME   (any language: pol, text, json...) The block is also
#                       written to NAME in the working folder (a folder in
#                       NAME is made), replacing what an earlier block wrote
#                       there: so a tutorial can grow one file step by step
#                       and run commands on it. A case file is ```text
#                       file=cases/NAME.case.
#   ```json facts       The facts of one applicant, decided with `polrun run`
#                       by the last valid ```pol block above it (the run must
#                       succeed). `date=YYYY-MM-DD` in the info string adds
#                       `--date`.
#   ```json decision    Members of the decision of the last ```json facts
#                       block: each member given must equal the decision's
#                       (as in case files, members left out are not
#                       compared; a list is compared whole).
#   ```console          A terminal session: a line `$ COMMAND` is run with
#                       `sh` in the working folder, with `polrun` meaning
#                       POLRUN, in the locale C.UTF-8 (zh_CN.UTF-8 for a
#                       document NAME.zh.md, which shows what a Chinese
#                       reader's terminal prints); the lines up to the next
#                       `$ ` line are what it must print (standard output and standard error
#                       together; trailing spaces and blank lines at the end
#                       are ignored). A line `...` alone stands for any
#                       number of lines. The exit status is not compared:
#                       show it with `echo $?` where it matters.
#
# In a console block and a json decision block, `sha256:…` stands for the
# digest of a compiled policy (`sha256:` and 64 hex digits): it changes with
# every change of the policy, or of the compiled format.
#
# Other blocks (```text, ```sh, ```json without a word, ```) are not run.
# A block inside an HTML comment (<!-- ... -->) is not shown to readers but
# is handled all the same: a tutorial prepares a file that way when it only
# shows the lines that change.
#
# The Chinese messages of src/diagnostics.h, the docs/*.zh.md documents and
# the readings of the Changsha policy must not use a variant that
# docs/glossary.md rejects (tests/docs/check_glossary.py), whatever the
# FILE arguments.
#
# The Chinese references say what the English ones say, whatever the FILE
# arguments (tests/docs/check_sync.py, which lists the pairs): docs/NAME.zh.md
# has the headings of docs/NAME.md, level by level and number by number, in
# the same order, and the same examples in the same order: each ```pol
# block the same program (the same syntax tree after `polrun fmt --keywords
# en`, so a Chinese block may use Chinese keywords and translated comments),
# each ```json block the same value, each ```console block the same
# commands (the output shown is checked above, in Chinese for a .zh.md),
# each file=NAME block the same file but for its comment lines. Each of the
# two links to the other in its first lines. A section or an example added
# to one and not to the other fails.
#
# Without FILE arguments, docs/polrun.1 is checked too: it names every
# command and option of docs/cli.md, groff renders it without warnings and
# `man -l` within 80 columns (each part skipped when groff or man is
# missing). And the checker first checks itself on
# tests/docs/fixtures: good.md uses every convention and must pass; bad.md
# must give exactly the failures it announces on its first line; likewise
# the pairs sync/good and sync/drift for the comparison of references.
# Ends with "docs: N passed, N failed[, N skipped]"; exit 1 on any failure,
# else 77 when a part was skipped (tests/run.sh counts the suite as passed
# in part), else 0.
P=${1:-build/polrun}
[ $# -gt 0 ] && shift
exec python3 "$(dirname "$0")/check_docs.py" "$P" "$@"
