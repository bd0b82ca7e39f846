#!/bin/sh
# polrun fmt: golden layouts, properties over every .pol file of the
# repository and over generated programs, --check and --write.
#
#   tests/fmt/run.sh [--update] POLRUN
#
# golden/NAME.pol is formatted and compared with golden/NAME.formatted
# (--update rewrites the .formatted files instead: read the diff before
# committing). props.py checks, for every parsing file, that formatting
# keeps the syntax tree and the comments and is idempotent; gen.py writes
# the generated programs (deterministic seeds). Ends with
# "fmt: N passed, N failed"; exit 1 if anything failed.

update=0
P=
for arg in "$@"; do
    case $arg in
    --update) update=1 ;;
    *) P=$arg ;;
    esac
done
P=${P:-build/polrun}
case $P in
/*) ;;
*/*) P=$(pwd)/$P ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.." || exit 1
. "$here/../lib.sh"

# ---- golden layouts ----
for f in "$here"/golden/*.pol; do
    expected=${f%.pol}.formatted
    name=golden/$(basename "$f")
    if [ "$update" -eq 1 ]; then
        "$P" fmt "$f" >"$expected" || bad "$name does not format"
        continue
    fi
    expect_exit 0 "fmt $name" -- "$P" fmt "$f"
    same "$T/out" "$expected" "fmt $name differs from $(basename "$expected")"
    expect_exit 0 "fmt --check $(basename "$expected")" -- "$P" fmt --check "$expected"
done

# ---- properties: every .pol of the repository, and generated programs ----
python3 "$here/gen.py" "$T/gen" 150 || bad "gen.py failed"
python3 "$here/props.py" "$P" policies stdlib tests "$T/gen" >"$T/props" 2>&1
grep -v '^props: ' "$T/props" | head -40
set -- $(sed -n 's/^props: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$T/props")
if [ $# -eq 2 ]; then
    pass=$((pass + $1))
    fail=$((fail + $2))
else
    bad "props.py did not finish"; tail -5 "$T/props"
fi

# ---- --check and --write ----
G=$here/golden
cp "$G/layout.pol" "$T/a.pol"
cp "$G/layout.formatted" "$T/b.pol"
expect_exit 0 "--check on a formatted file" -- "$P" fmt --check "$T/b.pol"
empty "$T/out" "--check on a formatted file prints nothing"
expect_exit 1 "--check on an unformatted file" -- "$P" fmt --check "$T/a.pol" "$T/b.pol"
printf -- '--- %s\n+++ %s\n' "$T/a.pol" "$T/a.pol" >"$T/want"
head -2 "$T/out" | same - "$T/want" "--check shows a diff of exactly the unformatted file"
grep -q "^--- $T/b.pol" "$T/out" && bad "--check shows a diff of a formatted file" || ok
same "$T/a.pol" "$G/layout.pol" "--check changes nothing"
# the diff, as a patch, formats the file
if command -v patch >/dev/null 2>&1; then
    cp "$T/a.pol" "$T/p.pol"
    sed "s|$T/a.pol|$T/p.pol|" "$T/out" | (cd / && patch -s -p0) && ok || bad "patch does not apply --check's diff"
    same "$T/p.pol" "$G/layout.formatted" "the patched file is the formatted one"
else
    ok; ok
fi
# a golden of the diff itself: hunks, context, a file without a final line feed
printf 'policy "x"\n  title   "X"\n  in force from 2025-01-01 for 1 year\n\nfacts {\n  id: text\n  n: integer,at least 0\n}' >"$T/nl.pol"
expect_exit 1 "--check on a file without a final line feed" -- "$P" fmt --check "$T/nl.pol"
sed "s|$T/|T/|" "$T/out" >"$T/nl.diff"
same "$T/nl.diff" "$G/check.diff" "--check prints the unified diff"

touch -d '2001-02-03 04:05:06' "$T/b.pol"
chmod 640 "$T/a.pol"
before=$(stat -c %Y "$T/b.pol")
expect_exit 0 "--write" -- "$P" fmt --write "$T/a.pol" "$T/b.pol"
empty "$T/out" "--write prints nothing"
same "$T/a.pol" "$G/layout.formatted" "--write rewrites the file in the canonical layout"
[ "$(stat -c %Y "$T/b.pol")" = "$before" ] && ok || bad "--write rewrote a file that was already formatted"
[ "$(stat -c %a "$T/a.pol")" = 640 ] && ok || bad "--write kept the file mode: $(stat -c %a "$T/a.pol")"
expect_exit 0 "--check after --write" -- "$P" fmt --check "$T/a.pol" "$T/b.pol"
ls "$T" | grep -q 'tmp$' && bad "--write left a temporary file: $(ls "$T")" || ok

cp "$G/comments.pol" "$T/target.pol"
ln -s target.pol "$T/link.pol"
expect_exit 0 "--write through a symbolic link" -- "$P" fmt --write "$T/link.pol"
[ -L "$T/link.pol" ] && ok || bad "--write replaced a symbolic link by a file"
same "$T/target.pol" "$G/comments.formatted" "--write through a link rewrites its target"

# ---- --write replaces a file safely (docs/robustness.md, "What was found") ----
# In a folder of its own, so that a file left behind shows.
W=$(mkdir "$T/w" && cd "$T/w" && pwd -P)
cp "$G/layout.pol" "$W/planted.pol"
printf 'not to be overwritten\n' >"$W/victim"
chmod 600 "$W/victim"
cp "$W/victim" "$T/victim.orig"
# A link planted at the temporary name --write once used (<file>.fmt-<pid>.tmp;
# exec keeps the shell's process id) is left alone, and so is its target.
expect_exit 0 "--write beside a planted link" -- \
    sh -c 'ln -s "$2/victim" "$2/planted.pol.fmt-$$.tmp" && exec "$1" fmt --write "$2/planted.pol"' sh "$P" "$W"
same "$W/victim" "$T/victim.orig" "--write follows no link planted at a temporary name"
[ "$(stat -c %a "$W/victim")" = 600 ] && ok || bad "--write changed the mode of a planted link's target: $(stat -c %a "$W/victim")"
same "$W/planted.pol" "$G/layout.formatted" "--write beside a planted link formats the file"
rm -f "$W"/planted.pol.fmt-*.tmp
[ "$(ls -A "$W" | tr '\n' ' ')" = "planted.pol victim " ] && ok || bad "--write left files behind: $(ls -A "$W")"

# A write that fails (the file size limit here, as a full disk would) leaves
# the file as it was, and nothing beside it.
cp "$G/layout.pol" "$W/full.pol"
expect_exit 1 "--write when the new text cannot be written" -- \
    sh -c 'trap "" XFSZ; ulimit -f 1 && exec "$1" fmt --write "$2"' sh "$P" "$W/full.pol"
contains "$T/err" "error[E1001]: cannot write $W/full.pol: File too large" "--write when the new text cannot be written"
same "$W/full.pol" "$G/layout.pol" "--write that fails leaves the file as it was"
[ "$(ls -A "$W" | tr '\n' ' ')" = "full.pol planted.pol victim " ] && ok || bad "--write that failed left files behind: $(ls -A "$W")"
rm -f "$W/full.pol"

# A file with a second name (a hard link) is refused: replaced, the other
# name would keep the old text. Both names are left as they were.
cp "$G/layout.pol" "$W/linked.pol"
ln "$W/linked.pol" "$W/second-name.pol"
expect_exit 1 "--write on a file with two names" -- "$P" fmt --write "$W/linked.pol"
contains "$T/err" "error[E0712]: $W/linked.pol has 2 names (hard links)" "--write on a file with two names"
same "$W/linked.pol" "$G/layout.pol" "--write leaves a file with two names as it was"
[ "$(stat -c %h "$W/linked.pol")" = 2 ] && ok || bad "--write broke a hard link"
rm -f "$W/linked.pol" "$W/second-name.pol"

# Owner and group are kept where the caller may set them (root may).
if [ "$(id -u)" = 0 ]; then
    cp "$G/layout.pol" "$W/owned.pol"
    chown 65534:65534 "$W/owned.pol"
    chmod 604 "$W/owned.pol"
    expect_exit 0 "--write on another user's file" -- "$P" fmt --write "$W/owned.pol"
    [ "$(stat -c '%u:%g %a' "$W/owned.pol")" = "65534:65534 604" ] && ok ||
        bad "--write kept neither owner, group nor mode: $(stat -c '%u:%g %a' "$W/owned.pol")"
    same "$W/owned.pol" "$G/layout.formatted" "--write on another user's file formats it"
fi

printf 'policy "x"\n  title\nmeasure   m\n' >"$T/broken.pol"
cp "$T/broken.pol" "$T/broken.orig"
cp "$G/continuation.pol" "$T/c.pol"
expect_exit 1 "fmt on a file that does not parse" -- "$P" fmt "$T/broken.pol"
empty "$T/out" "fmt prints nothing for a file that does not parse"
grep -q "error" "$T/err" && ok || bad "fmt on a file that does not parse: no diagnostic"
grep -qF "broken.pol:3:1" "$T/err" && ok || bad "the diagnostic names the place: $(head -1 "$T/err")"
expect_exit 1 "--write with a file that does not parse" -- "$P" fmt --write "$T/broken.pol" "$T/c.pol"
same "$T/broken.pol" "$T/broken.orig" "--write never rewrites a file that does not parse"
same "$T/c.pol" "$G/continuation.formatted" "--write still formats the other files"
expect_exit 1 "--check with a file that does not parse" -- "$P" fmt --check "$T/broken.pol"
expect_exit 1 "fmt on a missing file" -- "$P" fmt "$T/missing.pol"

# ---- line ends and the byte order mark stay the file's own ----
# golden/crlf.pol ends its lines in CRLF, and so does its layout (above); a
# file whose first line ends in LF gets LF throughout, a CR elsewhere too
printf 'policy "mixed"\n  title "t"\r\n  in force from 2025-01-01 for 1 year\r\n' >"$T/mixed.pol"
printf 'policy "mixed"\n  title "t"\n  in force from 2025-01-01 for 1 year\n' >"$T/mixed.want"
expect_exit 0 "fmt of a file whose first line ends in LF" -- "$P" fmt "$T/mixed.pol"
same "$T/out" "$T/mixed.want" "the first line's end is the file's"
# a UTF-8 byte order mark is printed and written back, and a formatted file
# with one is formatted
{ printf '\357\273\277'; cat "$G/crlf.pol"; } >"$T/bom.pol"
{ printf '\357\273\277'; cat "$G/crlf.formatted"; } >"$T/bom.want"
expect_exit 0 "fmt of a file with a byte order mark" -- "$P" fmt "$T/bom.pol"
same "$T/out" "$T/bom.want" "fmt prints the byte order mark and CRLF back"
expect_exit 0 "--write of a file with a byte order mark" -- "$P" fmt --write "$T/bom.pol"
same "$T/bom.pol" "$T/bom.want" "--write keeps the byte order mark and CRLF"
expect_exit 0 "--check of a formatted file with a byte order mark" -- "$P" fmt --check "$T/bom.pol"

# ---- the command line ----
expect_exit 0 "fmt of two files" -- "$P" fmt "$G/spelling.pol" "$G/crlf.pol"
cat "$G/spelling.formatted" "$G/crlf.formatted" >"$T/want"
same "$T/out" "$T/want" "fmt of two files prints both, in order"
expect_exit 0 "fmt - (standard input)" -- sh -c '"$1" fmt - <"$2"' sh "$P" "$G/layout.pol"
same "$T/out" "$G/layout.formatted" "fmt - formats standard input"
expect_exit 2 "--write -" -- "$P" fmt --write -
expect_exit 2 "--write with --check" -- "$P" fmt --write --check "$T/a.pol"
expect_exit 2 "fmt without a file" -- "$P" fmt
expect_exit 0 "--dump-ast" -- "$P" fmt --dump-ast "$G/layout.pol"
cp "$T/out" "$T/dump1"
"$P" fmt --dump-ast "$G/layout.formatted" >"$T/dump2"
same "$T/dump2" "$T/dump1" "--dump-ast: a file and its formatted text have the same tree"
grep -q '^measure first_award$' "$T/dump1" && ok || bad "--dump-ast prints the declarations"
"$P" --help | grep -q '^  fmt FILE' && ok || bad "--help lists fmt"

finish fmt
