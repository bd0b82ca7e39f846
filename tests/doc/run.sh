#!/bin/sh
# `polrun doc`, the reviewer's page of a policy (docs/cli.md).
#   tests/doc/run.sh POLRUN            (--update rewrites the goldens and docs/changsha)
#
#   - the pages of tests/doc/small.pol, in Chinese (the default) and in
#     English (--lang en), are byte-identical to tests/doc/golden/*.html;
#   - the committed page of the Changsha policy, docs/changsha/index.html
#     and style.css, is what polrun doc writes today;
#   - HTML Tidy finds neither error nor warning in those pages and in the
#     page of tests/example/example.pol (every construct of the language);
#   - headless Chromium renders the Changsha page to a PNG;
#   - the command's errors: no -o (exit 2), a broken policy (exit 1), a
#     folder that cannot be written (exit 1, E1001 naming it).
# Without tidy or chromium their part is skipped with a notice (exit 77:
# passed in part). Ends with "doc: N passed, N failed".
P=${1:-build/polrun}
. "$(dirname "$0")/../lib.sh"
here=tests/doc
skipped=""

if [ "${2:-}" = --update ]; then
    "$P" doc "$here/small.pol" -o "$T/zh" && cp "$T/zh/index.html" "$here/golden/small.zh.html"
    "$P" doc "$here/small.pol" -o "$T/en" --lang en && cp "$T/en/index.html" "$here/golden/small.en.html"
    "$P" doc "$here/dated.pol" -o "$T/dzh" && cp "$T/dzh/index.html" "$here/golden/dated.zh.html"
    "$P" doc "$here/dated.pol" -o "$T/den" --lang en && cp "$T/den/index.html" "$here/golden/dated.en.html"
    "$P" doc "$here/edges.pol" -o "$T/ezh" && cp "$T/ezh/index.html" "$here/golden/edges.zh.html"
    "$P" doc "$here/edges.pol" -o "$T/een" --lang en && cp "$T/een/index.html" "$here/golden/edges.en.html"
    "$P" doc policies/changsha-srdi-2025.pol -o docs/changsha
    echo "doc: goldens and docs/changsha rewritten"
    exit 0
fi

expect_exit 0 "doc of the small policy" -- "$P" doc "$here/small.pol" -o "$T/zh"
empty "$T/out" "doc writes files, nothing on standard output"
same "$T/zh/index.html" "$here/golden/small.zh.html" "the Chinese page (the default, whatever the locale)"
expect_exit 0 "doc --lang en" -- "$P" doc "$here/small.pol" -o "$T/en" --lang en
same "$T/en/index.html" "$here/golden/small.en.html" "the English page"
same "$T/en/style.css" "$T/zh/style.css" "one style sheet for both languages"
LC_ALL=zh_CN.UTF-8 "$P" doc "$here/small.pol" -o "$T/zh2" --lang=zh >/dev/null 2>&1
same "$T/zh2/index.html" "$here/golden/small.zh.html" "--lang=zh"

# what changes over time and what is decided item by item: dated steps,
# rules, conditions and ceilings, a measure's own days, two scales, a
# per-item measure
expect_exit 0 "doc of the dated policy" -- "$P" doc "$here/dated.pol" -o "$T/dzh"
same "$T/dzh/index.html" "$here/golden/dated.zh.html" "the Chinese page of the dated policy"
expect_exit 0 "doc --lang en of the dated policy" -- "$P" doc "$here/dated.pol" -o "$T/den" --lang en
same "$T/den/index.html" "$here/golden/dated.en.html" "the English page of the dated policy"
# the edges (tests/doc/edges.pol): no parameters, no id or date member,
# texts to escape, amounts from fen to 万亿 and below zero in words,
# min and max, every quantifier, presence either way, a measure's own
# days, a rule that ends, a grant at zero
expect_exit 0 "doc of the edges policy" -- "$P" doc "$here/edges.pol" -o "$T/ezh"
same "$T/ezh/index.html" "$here/golden/edges.zh.html" "the Chinese page of the edges policy"
expect_exit 0 "doc --lang en of the edges policy" -- "$P" doc "$here/edges.pol" -o "$T/een" --lang en
same "$T/een/index.html" "$here/golden/edges.en.html" "the English page of the edges policy"
for p in tests/relief/relief.pol policies/ui-job-stability.pol tests/items/skills.pol; do
    n=$(basename "$p" .pol)
    expect_exit 0 "doc of $p" -- "$P" doc "$p" -o "$T/$n"
    if grep -q '<code>earlier grants</code>\|id="param-[^"]*"><td><code>[^<]*</code></td><td></td>' "$T/$n/index.html"; then
        bad "doc of $p leaves a construct as code or a parameter without its value"
    else
        ok
    fi
done
contains "$T/relief/index.html" '<section id="scales">' "a scale has its table"
contains "$T/ui-job-stability/index.html" '<li><span class="dated">自 2024-01-01 起：</span><span class="number">3</span>' \
    "a dated parameter shows its steps"

expect_exit 0 "doc of the Changsha policy" -- "$P" doc policies/changsha-srdi-2025.pol -o "$T/changsha"
same "$T/changsha/index.html" docs/changsha/index.html \
    "docs/changsha/index.html is current (tests/doc/run.sh $P --update rewrites it)"
same "$T/changsha/style.css" docs/changsha/style.css "docs/changsha/style.css is current"
expect_exit 0 "doc of the example policy" -- "$P" doc tests/example/example.pol -o "$T/example" --lang en

# errors
expect_exit 2 "doc without -o" -- "$P" doc "$here/small.pol"
contains "$T/err" "doc: name the output folder with -o DIR" "the usage error says what is missing"
printf 'policy "x"\n  title "t"\nmeasure m\n' > "$T/broken.pol"
expect_exit 1 "doc of a broken policy" -- "$P" doc "$T/broken.pol" -o "$T/broken"
if [ -e "$T/broken" ]; then bad "a broken policy leaves no folder"; else ok; fi
expect_exit 1 "doc into a folder that cannot be made" -- "$P" doc "$here/small.pol" -o "$T/none/deeper"
contains "$T/err" "error[E1001]: cannot write $T/none/deeper" "E1001 names the folder"
mkdir "$T/ro" && touch "$T/ro/index.html" && chmod a-w "$T/ro/index.html"
if [ "$(id -u)" -ne 0 ]; then
    expect_exit 1 "doc over a read-only page" -- "$P" doc "$here/small.pol" -o "$T/ro"
    contains "$T/err" "cannot write $T/ro/index.html" "E1001 names the file"
fi
# a page or a style sheet that cannot be written (a folder in its place,
# whoever runs it): E1001 naming it, exit 1, nothing written after it
mkdir -p "$T/page-taken/index.html" "$T/css-taken/style.css"
expect_exit 1 "doc where the page is a folder" -- "$P" doc "$here/small.pol" -o "$T/page-taken"
printf 'error[E1001]: cannot write %s/page-taken/index.html: Is a directory\n' "$T" >"$T/want"
same "$T/err" "$T/want" "doc where the page is a folder: E1001"
[ -e "$T/page-taken/style.css" ] && bad "doc went on after the page failed" || ok
expect_exit 1 "doc where the style sheet is a folder" -- "$P" doc "$here/small.pol" -o "$T/css-taken"
printf 'error[E1001]: cannot write %s/css-taken/style.css: Is a directory\n' "$T" >"$T/want"
same "$T/err" "$T/want" "doc where the style sheet is a folder: E1001"
same "$T/css-taken/index.html" "$here/golden/small.zh.html" "the page written before the style sheet failed"

# HTML Tidy: no error, no warning
if command -v tidy >/dev/null 2>&1; then
    for page in "$here/golden/small.zh.html" "$here/golden/small.en.html" docs/changsha/index.html \
                "$here/golden/dated.zh.html" "$here/golden/dated.en.html" "$here/golden/edges.zh.html" \
                "$here/golden/edges.en.html" "$T/relief/index.html" \
                "$T/ui-job-stability/index.html" "$T/skills/index.html" "$T/example/index.html"; do
        if tidy -q -e "$page" >"$T/tidy" 2>&1; then ok; else bad "tidy finds problems in $page:"; show "$T/tidy"; fi
    done
else
    echo "doc: tidy not found: the pages are not checked by HTML Tidy (skipped)"
    skipped=1
fi

# headless Chromium renders the Changsha page
chrome=$(command -v chromium || command -v chromium-browser || true)
if [ -n "$chrome" ]; then
    mkdir "$T/home"
    HOME="$T/home" timeout 120 "$chrome" --headless --no-sandbox --disable-gpu --hide-scrollbars \
        --window-size=1280,2000 --screenshot="$T/changsha.png" "file://$(pwd)/docs/changsha/index.html" \
        >"$T/chromium.log" 2>&1
    if [ -s "$T/changsha.png" ] && [ "$(head -c 8 "$T/changsha.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] \
       && [ "$(wc -c <"$T/changsha.png")" -gt 50000 ]; then
        ok
    else
        bad "Chromium did not render docs/changsha/index.html to a PNG:"; show "$T/chromium.log"
    fi
else
    echo "doc: chromium not found: the page is not rendered in a browser (skipped)"
    skipped=1
fi

finish doc || exit 1
[ -z "$skipped" ] || exit 77
