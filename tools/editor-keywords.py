#!/usr/bin/env python3
"""The Chinese keywords of the editors' grammars, from src/keywords.def.

    tools/editor-keywords.py          rewrite the generated parts
    tools/editor-keywords.py --check  exit 1 (and say which) when one is stale

The English words of each grammar are written by hand, phrase by phrase;
the Chinese set is generated here from the one table of words, so that a
word changed in keywords.def reaches Vim, Emacs and VS Code at once. Each
editor file has one generated part, between a BEGIN and an END line that
name this tool (in the TextMate grammar, which is JSON and has no comments,
the repository entries "zh-declarations" and "zh-keywords").

How a Chinese word is shown follows from its English word (the groups
below): reserved words everywhere, like their English words; the built-in
types everywhere; contextual words (keywords only in their place, names
elsewhere) only next to a reserved word of the set (`不 超过`, `是 存在`,
`级 到`) or in the places the English grammars know (`对象`, `速算扣除数`,
`核验于`, `以上`, `类别 资助`); units after a number.
"""
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TABLE = os.path.join(ROOT, "src", "keywords.def")
VIM = os.path.join(ROOT, "editors", "vim", "syntax", "pol.vim")
EMACS = os.path.join(ROOT, "editors", "emacs", "pol-mode.el")
TEXTMATE = os.path.join(ROOT, "editors", "vscode", "syntaxes", "pol.tmLanguage.json")

# The groups of the reserved words, by their English word, as the English
# patterns of the three grammars group them.
NAMED = {  # a declaration and the kind of name it declares
    "measure": "function", "scale": "function", "define": "function",
    "parameter": "constant", "enum": "type", "record": "type",
}
LABELLED = ("rule", "exception")
GROUPS = [
    ("declaration", ("policy", "facts")),
    ("include", ("import", "module")),
    ("conditional", ("when", "if", "then", "else")),
    ("repeat", ("any", "all", "count", "sum", "where")),
    ("operator", ("and", "or", "not", "is", "of", "otherwise", "within", "rounded", "half")),
    ("boolean", ("true", "false")),
    ("constant", ("null",)),
    ("storage", ("optional", "list", "required")),
]
TYPES = ("bool", "integer", "decimal", "money", "date", "duration", "text", "unrounded")
# contextual words with a place of their own (not next to a reserved word)
PLACED = ("subject", "deduction", "verified", "above", "kind", "grant", "relief", "service")


def read_table(path=TABLE):
    """(reserved, contextual, units): reserved {english: chinese};
    contextual {key: (english, chinese)}; units {english: chinese}."""
    reserved, contextual, units = {}, {}, {}
    row = re.compile(r'^(KW|CTX|UNIT)\(\s*(\w+)\s*,\s*"([^"]*)"\s*,\s*"([^"]*)"\s*\)')
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = row.match(line)
            if not m:
                continue
            kind, key, en, zh = m.groups()
            if kind == "KW":
                reserved[en] = zh
            elif kind == "CTX":
                contextual[key] = (en, zh)
            else:
                units[en] = zh
    return reserved, contextual, units


class Words:
    def __init__(self, path=TABLE):
        self.reserved, self.contextual, self.units = read_table(path)
        grouped = set(NAMED) | set(LABELLED) | {w for _, ws in GROUPS for w in ws} | {"date", "article"}
        self.groups = [(name, [self.reserved[w] for w in ws]) for name, ws in GROUPS]
        self.groups.append(("keyword", [zh for en, zh in self.reserved.items() if en not in grouped]))
        self.named = {kind: [self.reserved[en] for en, k in NAMED.items() if k == kind]
                      for kind in ("function", "constant", "type")}
        self.labelled = [self.reserved[w] for w in LABELLED]
        self.article = self.reserved["article"]
        self.to = self.reserved["to"]
        self.types = [self.reserved["date"]] + [self.contextual[k][1] for k in TYPES if k in self.contextual]
        self.unrounded = self.contextual["unrounded"][1]
        self.money = self.contextual["money"][1]
        self.placed = {k: self.contextual[k][1] for k in PLACED}
        self.loose = sorted({zh for k, (en, zh) in self.contextual.items()
                             if k not in PLACED and k not in TYPES}, key=lambda w: (-len(w), w))
        self.all_reserved = sorted(self.reserved.values(), key=lambda w: (-len(w), w))
        self.duration_units = [self.units[u] for u in ("year", "month", "day")]
        self.items = self.contextual["items"][1]


def longest_first(words):
    return sorted(set(words), key=lambda w: (-len(w), w))


def alternation(words, open_, bar, close):
    """One of words, longest first (a regular expression's group)."""
    return open_ + bar.join(longest_first(words)) + close


# ---- Vim ----

VIM_BEGIN = '" BEGIN Chinese keywords, generated from src/keywords.def by tools/editor-keywords.py'
VIM_END = '" END Chinese keywords'
VIM_UNITS_BEGIN = '" BEGIN Chinese units, generated from src/keywords.def by tools/editor-keywords.py'
VIM_UNITS_END = '" END Chinese units'
# no name character before (looking back 4 bytes: one UTF-8 character) or after
VIM_BEFORE = "\\%([A-Za-z0-9_]\\|[^\\x00-\\x7f]\\)\\@4<!"
VIM_AFTER = "\\%([A-Za-z0-9_]\\|[^\\x00-\\x7f]\\)\\@!"


def vim_alt(words):
    return alternation(words, "\\%(", "\\|", "\\)")


def vim_block(w):
    before, after = VIM_BEFORE, VIM_AFTER

    def word(words):
        return before + vim_alt(words) + after

    groups = {"declaration": "polDeclaration", "include": "polInclude", "conditional": "polConditional",
              "repeat": "polRepeat", "operator": "polOperatorWord", "boolean": "polBoolean",
              "constant": "polConstant", "storage": "polStorage", "keyword": "polKeyword"}
    out = [VIM_BEGIN,
           '" The Chinese set: reserved words everywhere, contextual words next to a',
           '" reserved word or in their place, types, units after a number.']
    for name, words in w.groups:
        out.append('syn match   %-15s "%s"' % (groups[name], word(words)))
    out.append('syn match   polDeclaration  "%s" nextgroup=polDeclName skipwhite'
               % word(w.named["function"] + w.named["constant"]))
    out.append('syn match   polDeclaration  "%s" nextgroup=polTypeName skipwhite' % word(w.named["type"]))
    out.append('syn match   polRule         "%s" nextgroup=polLabel skipwhite' % word(w.labelled))
    reserved = vim_alt(w.all_reserved)
    loose = vim_alt(w.loose)
    out.append('syn match   polKeyword      "\\%%(%s\\s\\+\\)\\@40<=%s%s"' % (reserved, loose, after))
    out.append('syn match   polKeyword      "%s%s\\ze\\s\\+%s%s"' % (before, loose, reserved, after))
    p = w.placed
    out.append('syn match   polKeyword      "^\\s*\\zs%s\\ze\\s\\+[^ \\t:]\\+\\s*:"' % p["subject"])
    out.append('syn match   polKeyword      ",\\s*\\zs%s%s"' % (p["deduction"], after))
    out.append('syn match   polKeyword      "%s%s\\ze\\s\\+\\d\\{4}-\\d\\{2}-\\d\\{2}"' % (before, p["verified"]))
    out.append('syn match   polKeyword      "^\\s*\\zs%s\\ze\\s*:"' % p["above"])
    out.append('syn match   polKeyword      "%s%s\\s\\+%s%s"'
               % (before, p["kind"], vim_alt([p["grant"], p["relief"], p["service"]]), after))
    out.append('syn match   polType         "%s"' % word(w.types))
    out.append('syn match   polType         "%s%s\\s\\+%s%s"' % (before, w.unrounded, w.money, after))
    out.append('syn match   polArticleKw    "%s%s%s" nextgroup=polArticle skipwhite' % (before, w.article, after))
    out.append(VIM_END)
    return out


def vim_units(w):
    """After the numbers, which they must override (the later match wins)."""
    after = VIM_AFTER
    return [VIM_UNITS_BEGIN,
            'syn match   polDuration     "\\%%(\\w\\|\\.\\)\\@1<!\\d\\+\\s*%s%s"' % (vim_alt(w.duration_units), after),
            'syn match   polNumber       "\\%%(\\w\\|\\.\\)\\@1<!\\d\\+\\s\\+%s%s"' % (w.items, after),
            VIM_UNITS_END]


# ---- Emacs ----

EMACS_BEGIN = ";; BEGIN Chinese keywords, generated from src/keywords.def by tools/editor-keywords.py"
EMACS_END = ";; END Chinese keywords"


def el_string(s):
    s = s.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\n", "\\n")
    return '"' + s + '"'


def el_alt(words):
    return alternation(words, "\\(?:", "\\|", "\\)")


def emacs_block(w):
    faces = {"declaration": "font-lock-keyword-face", "include": "font-lock-keyword-face",
             "conditional": "font-lock-keyword-face", "repeat": "font-lock-keyword-face",
             "operator": "font-lock-keyword-face", "boolean": "font-lock-constant-face",
             "constant": "font-lock-constant-face", "storage": "font-lock-keyword-face",
             "keyword": "font-lock-keyword-face"}
    sym = lambda words: "\\_<" + el_alt(words) + "\\_>"
    rules = []
    for words, face in ((w.named["function"], "font-lock-function-name-face"),
                        (w.named["constant"], "font-lock-variable-name-face"),
                        (w.named["type"], "font-lock-type-face"),
                        (w.labelled, "font-lock-constant-face")):
        # the name after the word is pol--name's
        rules.append('(,(concat %s pol--name "\\\\)") (1 font-lock-keyword-face) (2 %s))'
                     % (el_string("\\_<\\(" + el_alt(words) + "\\)\\_>[ \t]+\\("), face))
    rules.append('(%s (1 font-lock-keyword-face) (2 \'pol-article-face t))'
                 % el_string("\\_<\\(" + w.article + "\\)\\_>[ \t]+\\(\"\\(?:[^\"\\\n]\\|\\\\.\\)*\"\\)"))
    reserved = el_alt(w.all_reserved)
    loose = el_alt(w.loose)
    p = w.placed
    rules.append('(%s 1 font-lock-keyword-face)' % el_string("\\_<" + reserved + "[ \t]+\\(" + loose + "\\)\\_>"))
    rules.append('(%s 1 font-lock-keyword-face)' % el_string("\\_<\\(" + loose + "\\)[ \t]+" + reserved + "\\_>"))
    rules.append('(%s 1 font-lock-keyword-face)' % el_string("^[ \t]*\\(" + p["subject"] + "\\)[ \t]+[^ \t:\n]+[ \t]*:"))
    rules.append('(%s 1 font-lock-keyword-face)' % el_string(",[ \t]*\\(" + p["deduction"] + "\\)\\_>"))
    rules.append('(%s 1 font-lock-keyword-face)' % el_string("\\_<\\(" + p["verified"] + "\\)[ \t]+[0-9]\\{4\\}-"))
    rules.append('(%s 1 font-lock-keyword-face)' % el_string("^[ \t]*\\(" + p["above"] + "\\)[ \t]*:"))
    rules.append('(%s . font-lock-keyword-face)'
                 % el_string("\\_<" + p["kind"] + "[ \t]+" + el_alt([p["grant"], p["relief"], p["service"]]) + "\\_>"))
    rules.append('(%s . font-lock-type-face)' % el_string("\\_<" + w.unrounded + "[ \t]+" + w.money + "\\_>"))
    rules.append('(%s . font-lock-type-face)' % el_string(sym(w.types)))
    for name, words in w.groups:
        rules.append('(%s . %s)' % (el_string(sym(words)), faces[name]))
    rules.append('(%s 1 font-lock-constant-face)'
                 % el_string("\\(?:^\\|[^[:word:]_.]\\)\\([0-9]+[ \t]*" + el_alt(w.duration_units) + "\\)\\_>"))
    rules.append('(%s 1 font-lock-constant-face)'
                 % el_string("\\(?:^\\|[^[:word:]_.]\\)\\([0-9]+[ \t]+" + w.items + "\\)\\_>"))
    body = ["    " + r for r in rules]
    out = [EMACS_BEGIN,
           "(defconst pol--zh-font-lock-keywords",
           "  `(;; The Chinese set: reserved words everywhere, contextual words next to",
           "    ;; a reserved word or in their place, types, units after a number."]
    out.extend(body)
    out[-1] += ")"
    out.append('  "Font-lock keywords of pol-mode for a policy written in Chinese keywords.")')
    out.append(EMACS_END)
    return out


# ---- TextMate (VS Code) ----

NAME_RE = "(?:[A-Za-z_]|[^\\x00-\\x7F])(?:[A-Za-z0-9_]|[^\\x00-\\x7F])*"
TM_BEFORE = "(?<![A-Za-z0-9_]|[^\\x00-\\x7F])"
TM_AFTER = "(?![A-Za-z0-9_]|[^\\x00-\\x7F])"


def tm_alt(words):
    return alternation(words, "(?:", "|", ")")


def tm_entries(w):
    scopes = {"declaration": "storage.type.pol", "include": "keyword.control.import.pol",
              "conditional": "keyword.control.conditional.pol", "repeat": "keyword.control.quantifier.pol",
              "operator": "keyword.operator.word.pol", "boolean": "constant.language.pol",
              "constant": "constant.language.pol", "storage": "storage.modifier.pol",
              "keyword": "keyword.other.pol"}
    word = lambda words: TM_BEFORE + tm_alt(words) + TM_AFTER
    decl = []
    for words, scope, name_scope in ((w.named["function"], "storage.type.pol", "entity.name.function.pol"),
                                     (w.named["constant"], "storage.type.parameter.pol", "variable.other.constant.pol"),
                                     (w.named["type"], "storage.type.pol", "entity.name.type.pol")):
        decl.append({"match": TM_BEFORE + "(" + tm_alt(words) + ")\\s+(" + NAME_RE + ")",
                     "captures": {"1": {"name": scope}, "2": {"name": name_scope}}})
    decl.append({"match": TM_BEFORE + "(" + tm_alt(w.labelled) + ")\\s+(" + NAME_RE + ")(?:\\s+(" + w.to + ")\\s+(" + NAME_RE + "))?",
                 "captures": {"1": {"name": "keyword.other.rule.pol"}, "2": {"name": "entity.name.label.pol"},
                              "3": {"name": "keyword.other.to.pol"}, "4": {"name": "entity.name.label.pol"}}})
    p = w.placed
    loose = tm_alt(w.loose)
    kw = []
    kw.append({"match": "^\\s*(" + p["subject"] + ")(?=\\s+[^\\s:]+\\s*:)", "captures": {"1": {"name": "keyword.other.pol"}}})
    kw.append({"match": ",\\s*(" + p["deduction"] + ")" + TM_AFTER, "captures": {"1": {"name": "keyword.other.bracket.pol"}}})
    kw.append({"match": TM_BEFORE + p["verified"] + "(?=\\s+\\d{4}-\\d{2}-\\d{2})", "name": "keyword.other.pol"})
    kw.append({"match": "^\\s*(" + p["above"] + ")(?=\\s*:)", "captures": {"1": {"name": "keyword.other.bracket.pol"}}})
    kw.append({"match": TM_BEFORE + p["kind"] + "\\s+" + tm_alt([p["grant"], p["relief"], p["service"]]) + TM_AFTER,
               "name": "keyword.other.pol"})
    kw.append({"match": TM_BEFORE + w.unrounded + "\\s+" + w.money + TM_AFTER, "name": "support.type.primitive.pol"})
    kw.append({"match": "(?<![\\w.])\\d+\\s*" + tm_alt(w.duration_units) + TM_AFTER, "name": "constant.numeric.duration.pol"})
    kw.append({"match": "(?<![\\w.])\\d+\\s+" + w.items + TM_AFTER, "name": "constant.numeric.integer.pol"})
    # a contextual word after a reserved word: one pattern per group of
    # the reserved word, so that each keeps its scope
    for name, words in w.groups:
        kw.append({"match": TM_BEFORE + "(" + tm_alt(words) + ")\\s+(" + loose + ")" + TM_AFTER,
                   "captures": {"1": {"name": scopes[name]}, "2": {"name": "keyword.other.pol"}}})
    kw.append({"match": TM_BEFORE + loose + "(?=\\s+" + tm_alt(w.all_reserved) + TM_AFTER + ")", "name": "keyword.other.pol"})
    kw.append({"match": word(w.types), "name": "support.type.primitive.pol"})
    for name, words in w.groups:
        kw.append({"match": word(words), "name": scopes[name]})
    kw.append({"match": word([w.article]), "name": "keyword.other.article.pol"})
    return {
        "zh-declarations": {"comment": "Generated from src/keywords.def by tools/editor-keywords.py: the Chinese declarations and the names they declare.",
                            "patterns": decl},
        "zh-keywords": {"comment": "Generated from src/keywords.def by tools/editor-keywords.py: the Chinese set, reserved words everywhere, contextual words next to a reserved word or in their place.",
                        "patterns": kw},
    }


def tm_render(key, entry):
    lines = ['    "%s": {' % key, '      "comment": %s,' % json.dumps(entry["comment"], ensure_ascii=False),
             '      "patterns": [']
    pats = [json.dumps(p, ensure_ascii=False, separators=(", ", ": ")) for p in entry["patterns"]]
    pats = ["        " + p.replace("{", "{ ", 1)[:-1] + " }" for p in pats]
    lines.append(",\n".join(pats))
    lines.append("      ]")
    lines.append("    }")
    return "\n".join(lines)


def replace_between(text, begin, end, block, path):
    a = text.find(begin)
    b = text.find(end)
    if a < 0 or b < a:
        raise SystemExit("%s: no generated part (%s ... %s)" % (path, begin, end))
    b = text.index("\n", b) + 1
    return text[:a] + "\n".join(block) + "\n" + text[b:]


def tm_replace(text, entries):
    for key, entry in entries.items():
        start = text.find('    "%s": {' % key)
        if start < 0:
            raise SystemExit("%s: no repository entry %s" % (TEXTMATE, key))
        stop = text.index("\n    }", start) + len("\n    }")
        text = text[:start] + tm_render(key, entry) + text[stop:]
    return text


def generated(w):
    """{path: (old text, new text)}"""
    out = {}
    with open(VIM, encoding="utf-8") as f:
        old = f.read()
    new = replace_between(old, VIM_BEGIN, VIM_END, vim_block(w), VIM)
    out[VIM] = (old, replace_between(new, VIM_UNITS_BEGIN, VIM_UNITS_END, vim_units(w), VIM))
    with open(EMACS, encoding="utf-8") as f:
        old = f.read()
    out[EMACS] = (old, replace_between(old, EMACS_BEGIN, EMACS_END, emacs_block(w), EMACS))
    with open(TEXTMATE, encoding="utf-8") as f:
        old = f.read()
    new = tm_replace(old, tm_entries(w))
    json.loads(new)
    out[TEXTMATE] = (old, new)
    return out


def main(argv):
    check = argv[1:] == ["--check"]
    if argv[1:] and not check:
        sys.stderr.write("usage: tools/editor-keywords.py [--check]\n")
        return 2
    stale = 0
    for path, (old, new) in generated(Words()).items():
        if old == new:
            continue
        if check:
            print("%s: its Chinese keywords differ from src/keywords.def: run tools/editor-keywords.py"
                  % os.path.relpath(path, ROOT))
            stale += 1
        else:
            with open(path, "w", encoding="utf-8") as f:
                f.write(new)
            print("wrote %s" % os.path.relpath(path, ROOT))
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
