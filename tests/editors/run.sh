#!/bin/sh
# Tests the editor support of editors/: run by tests/run.sh (`make test`).
#   tests/editors/run.sh POLRUN
#
# - The samples (grammar/*.pol, indent.pol) are policies: each passes
#   `polrun check`, except grammar/invalid-*.pol, which must fail it.
# - The VS Code extension's JSON files parse.
# - The TextMate grammar (scope source.pol) gives the scopes annotated in
#   grammar/*.pol, checked by vscode-tmgrammar-test (an npm package,
#   installed here from package-lock.json on first use), and marks nothing
#   invalid in a valid policy (no-invalid.js: the project's policies and the
#   ```pol blocks of docs/*.md). Without npm this part is skipped with a
#   notice.
# - Vim: the syntax file loads without errors and gives the expected groups,
#   marks nothing polError in a valid policy, the ftplugin's errorformat
#   reads `polrun check --error-format=gnu` and :make lands on the right
#   byte, and the indent file re-indents indent.pol to its own layout
#   (vim-test.vim); in a Vim whose encoding is GBK (cp936) the Chinese
#   keywords are still found (vim-encoding.vim: scriptencoding).
#   Skipped with a notice without vim.
# - Emacs: pol-mode.el byte-compiles without warnings, fontifies and indents
#   the same samples, marks nothing invalid in a valid policy, and sends
#   `next-error` to the right character (emacs-test.el). Skipped with a notice without emacs.
# - The language server: the VS Code extension's client (vscode-client.js,
#   with the extension's npm dependencies) and Neovim's built-in client
#   (nvim-lsp-test.lua, headless) against polrun lsp. Skipped with a
#   notice without node and npm, or without nvim.
#
# EDITORS_PARTS="vim emacs" runs only those parts (of textmate, vscode,
# nvim, vim, emacs, and valid: the scan of every valid policy for error
# marks); tests/locales runs Vim and Emacs on the samples in each locale.
#
# Ends with "editors: N passed, N failed, N skipped"; exit 1 on any failure,
# else 77 when a part was skipped (tests/run.sh counts the suite as passed
# in part), else 0.
P=${1:-build/polrun}
case $P in /*) ;; *) P=$(pwd)/$P ;; esac
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
skip=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
skipped() { skip=$((skip + 1)); echo "editors: $* (skipped)"; }
part() {   # part NAME: whether EDITORS_PARTS (if set) names it
    case " ${EDITORS_PARTS:-$1} " in *" $1 "*) return 0 ;; *) return 1 ;; esac
}

# The samples are policies.
for f in "$here"/grammar/*.pol "$here"/indent.pol "$here"/indent.zh.pol; do
    name=${f#"$here"/}
    "$P" check "$f" >"$T/out" 2>&1
    rc=$?
    case $name in
    grammar/invalid-*) want=1 ;;
    *) want=0 ;;
    esac
    if [ "$rc" -eq "$want" ]; then ok; else bad "polrun check $name: exit $rc, wanted $want"; sed 's/^/    /' "$T/out"; fi
done

# indent.zh.pol is indent.pol in Chinese keywords, as polrun writes it
# (its three lines of comment aside).
"$P" fmt --keywords zh "$here/indent.pol" | sed 1,3d >"$T/indent.zh"
if sed 1,3d "$here/indent.zh.pol" | cmp -s - "$T/indent.zh"; then
    ok
else
    bad "indent.zh.pol is not \`polrun fmt --keywords zh indent.pol\`:"; sed 1,3d "$here/indent.zh.pol" | diff - "$T/indent.zh" | sed 's/^/    /'
fi

# Valid policies: every one of the project, and every checked ```pol block
# of docs/*.md, and the policies in Chinese keywords. No editor may mark
# anything in them as an error (EDITORS_PARTS without `valid`: no such scan).
: >"$T/valid.list"
if part valid; then
    mkdir "$T/valid"
    find "$root/policies" "$root/stdlib" "$root/tests/example" -name '*.pol' | sort >"$T/valid.list"
    ls "$here"/grammar/*.pol "$here/indent.pol" "$here/indent.zh.pol" | grep -v '/invalid-' >>"$T/valid.list"
    python3 - "$root" "$T/valid" >>"$T/valid.list" <<'PY'
import os, sys
sys.path.insert(0, os.path.join(sys.argv[1], "tests", "docs"))
from check_docs import blocks
docs = os.path.join(sys.argv[1], "docs")
for name in sorted(os.listdir(docs)):
    if name.endswith(".md"):
        for line, lang, words, options, text in blocks(os.path.join(docs, name)):
            if lang == "pol" and "fragment" not in words and "error" not in words:
                out = os.path.join(sys.argv[2], "%s-%d.pol" % (name[:-3], line))
                open(out, "w", encoding="utf-8").write(text)
                print(out)
PY

    # The same policies in Chinese keywords (polrun fmt --keywords zh).
    mkdir "$T/zh"
    for f in "$root"/policies/*.pol "$root/tests/example/example.pol"; do
        "$P" fmt --keywords zh "$f" >"$T/zh/zh-${f##*/}" 2>"$T/err" && echo "$T/zh/zh-${f##*/}" >>"$T/valid.list" ||
            { bad "polrun fmt --keywords zh ${f#"$root"/}"; sed 's/^/    /' "$T/err"; }
    done
fi

# The Chinese keywords of the three grammars are those of src/keywords.def.
if python3 "$root/tools/editor-keywords.py" --check >"$T/out" 2>&1; then
    ok
else
    bad "the editors' Chinese keywords are stale:"; sed 's/^/    /' "$T/out"
fi

# The extension's JSON files.
for f in package.json language-configuration.json syntaxes/pol.tmLanguage.json snippets/pol.json; do
    if python3 -c 'import json, sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$root/editors/vscode/$f" 2>"$T/err"; then
        ok
    else
        bad "editors/vscode/$f is not valid JSON"; sed 's/^/    /' "$T/err"
    fi
done

# The TextMate grammar.
if ! part textmate; then
    :
elif command -v npm >/dev/null 2>&1; then
    if [ ! -x "$here/node_modules/.bin/vscode-tmgrammar-test" ]; then
        (cd "$here" && npm ci --no-audit --no-fund --loglevel=error) >"$T/npm" 2>&1 ||
            { echo "npm ci in tests/editors failed:"; sed 's/^/    /' "$T/npm"; }
    fi
    if [ -x "$here/node_modules/.bin/vscode-tmgrammar-test" ]; then
        if (cd "$here" && node_modules/.bin/vscode-tmgrammar-test --compact \
                --config "$root/editors/vscode/package.json" 'grammar/*.pol') >"$T/tm" 2>&1; then
            ok
        else
            bad "TextMate grammar (vscode-tmgrammar-test):"; sed 's/^/    /' "$T/tm"
        fi
        # shellcheck disable=SC2046
        if (cd "$here" && node no-invalid.js "$root/editors/vscode/syntaxes/pol.tmLanguage.json" \
                $(cat "$T/valid.list")) >"$T/tm" 2>&1; then
            ok
        else
            bad "TextMate grammar marks valid policies invalid:"; sed 's/^/    /' "$T/tm"
        fi
    else
        bad "vscode-tmgrammar-test could not be installed"
    fi
else
    skipped "npm not found: TextMate grammar test"
fi

# The VS Code extension's language client against polrun lsp: its
# dependencies from editors/vscode/package-lock.json, its serverOptions.
if ! part vscode; then
    :
elif command -v npm >/dev/null 2>&1 && command -v node >/dev/null 2>&1; then
    ext="$root/editors/vscode"
    if [ ! -d "$ext/node_modules/vscode-languageclient" ]; then
        (cd "$ext" && npm ci --no-audit --no-fund --loglevel=error) >"$T/npm" 2>&1 ||
            { echo "npm ci in editors/vscode failed:"; sed 's/^/    /' "$T/npm"; }
    fi
    # the messages it compares are English whatever the locale
    if LC_ALL=C.UTF-8 LANG=C.UTF-8 node "$here/vscode-client.js" "$ext" "$P" "$root/policies/changsha-srdi-2025.pol" >"$T/vsc" 2>&1; then
        ok
    else
        bad "the VS Code extension's client against polrun lsp:"; sed 's/^/    /' "$T/vsc"
    fi
else
    skipped "node or npm not found: the VS Code extension's client"
fi

# Neovim's built-in LSP client, configured as editors/README.md says,
# headless: a typo's diagnostic at its line, a hover, the fix clears it.
if ! part nvim; then
    :
elif command -v nvim >/dev/null 2>&1; then
    mkdir "$T/nvim" && cp -R "$root/policies" "$T/nvim/"
    (cd "$T/nvim" && LC_ALL=C.UTF-8 LANG=C.UTF-8 POLRUN=$P POLICY=$T/nvim/policies/changsha-srdi-2025.pol OUT=$T/nvim/out EDITORS=$root/editors \
        timeout 120 nvim --headless --clean -u NONE -c "luafile $here/nvim-lsp-test.lua") >"$T/nvim.log" 2>&1
    printf '%s\n' "filetype pol" \
        'diagnostic 63:8 E0301 unknown name `litle_giant_tier` | help: did you mean `little_giant_tier`?' \
        'hover ```pol | parameter digital_rate: decimal = 30% | ```' "cleared true" >"$T/nvim.want"
    if cmp -s "$T/nvim.want" "$T/nvim/out" 2>/dev/null; then
        ok
    else
        bad "Neovim's LSP client with polrun lsp:"; diff "$T/nvim.want" "$T/nvim/out" 2>&1 | sed 's/^/    /'; sed 's/^/    /' "$T/nvim.log"
    fi
else
    skipped "nvim not found: Neovim's LSP client"
fi

# Vim.
if ! part vim; then
    :
elif command -v vim >/dev/null 2>&1; then
    "$P" check --error-format=gnu "$here/grammar/invalid-punctuation.pol" >/dev/null 2>"$T/gnu"
    POL_EDITORS="$root/editors/vim" POL_SAMPLES="$here" POL_REPORT="$T/vim" POL_GNU="$T/gnu" POL_VALID="$T/valid.list" \
        vim -u NONE -i NONE -N -es -S "$here/vim-test.vim" </dev/null >/dev/null 2>&1
    rc=$?
    if [ "$rc" -eq 0 ] && [ -s "$T/vim" ]; then ok; else bad "Vim (exit $rc):"; sed 's/^/    /' "$T/vim" 2>/dev/null; fi
    # a Vim in GBK (cp936) still finds the Chinese keywords: scriptencoding
    POL_EDITORS="$root/editors/vim" POL_SAMPLES="$here" POL_REPORT="$T/vim-gbk" \
        vim -u NONE -i NONE -N -es --cmd 'set encoding=cp936' -S "$here/vim-encoding.vim" </dev/null >/dev/null 2>&1
    if [ "$(cat "$T/vim-gbk" 2>/dev/null)" = "cp936 polDeclaration polKeyword polType" ]; then
        ok
    else
        bad "Vim in cp936: wanted the groups polDeclaration polKeyword polType, got: $(cat "$T/vim-gbk" 2>/dev/null)"
    fi
else
    skipped "vim not found: Vim syntax, quickfix and indent test"
fi

# Emacs.
if ! part emacs; then
    :
elif command -v emacs >/dev/null 2>&1; then
    cp "$root/editors/emacs/pol-mode.el" "$T/"
    if emacs -Q --batch --eval '(setq byte-compile-error-on-warn t)' \
            -f batch-byte-compile "$T/pol-mode.el" >"$T/emacs" 2>&1; then
        ok
    else
        bad "pol-mode.el does not byte-compile cleanly:"; sed 's/^/    /' "$T/emacs"
    fi
    if POL_SAMPLES="$here" POL_VALID="$T/valid.list" emacs -Q --batch -L "$T" -l pol-mode -l "$here/emacs-test.el" \
            -f ert-run-tests-batch-and-exit >"$T/ert" 2>&1; then
        ok
    else
        bad "pol-mode tests (emacs-test.el):"; sed 's/^/    /' "$T/ert"
    fi
else
    skipped "emacs not found: pol-mode byte-compile and test"
fi

echo "editors: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ] || exit 1
[ "$skip" -eq 0 ] || exit 77
