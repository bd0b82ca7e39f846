# The helpers of the shell test suites (tests/*/run.sh), sourced by them:
#   . "$(dirname "$0")/../lib.sh"
# Messages are compared in English whatever the machine's locale; $T is a
# scratch folder removed on exit; each check counts one pass or one fail,
# and `finish NAME` prints "NAME: N passed, N failed" and sets the status.
export LC_ALL=C.UTF-8 LANG=C.UTF-8
unset LC_MESSAGES LANGUAGE
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
show() { head -c 600 "$1" | sed 's/^/    /'; echo; }   # the start of a file, indented

# expect_exit WANT DESCRIPTION -- COMMAND...: runs COMMAND, output to $T/out, $T/err
expect_exit() {
    want=$1; what=$2; shift 3
    "$@" >"$T/out" 2>"$T/err"
    got=$?
    if [ "$got" -eq "$want" ]; then ok; else bad "$what: exit $got, wanted $want"; show "$T/err"; fi
}
contains() {   # contains FILE TEXT DESCRIPTION
    if grep -qF -- "$2" "$1"; then ok; else bad "$3: $1 lacks: $2"; show "$1"; fi
}
empty() {      # empty FILE DESCRIPTION
    if [ ! -s "$1" ]; then ok; else bad "$2: $1 is not empty"; show "$1"; fi
}
same() {       # same ACTUAL EXPECTED DESCRIPTION: byte-identical
    if cmp -s "$1" "$2"; then ok; else bad "$3: $1 and $2 differ"; diff -u "$2" "$1" | head -40; fi
}
finish() {     # finish NAME
    echo "$1: $pass passed, $fail failed"
    [ "$fail" -eq 0 ]
}
