#!/usr/bin/env python3
"""The scripted sessions of `polrun lsp` (tests/run.sh, `make test`).

    python3 tests/lsp/run.py POLRUN [--update]

(`LSP_SESSIONS="session_edges ..."` runs only those sessions; `--update`
rewrites the golden answers of tests/lsp/edges/answers.json: read the diff.)

Each session starts the server as an editor would and checks its answers
exactly: the Changsha policy (open, a typo and its fix, hover, definition,
references, completion, symbols, formatting, a code action, rename,
shutdown and exit), positions in UTF-8 and UTF-16 after Chinese text and
full-width punctuation, messages in Chinese, an unsaved imported file,
code lenses over the recorded cases, malformed messages, broken headers
and bodies over the limits, ids and params of the wrong kind, requests
after shutdown, surrogate pairs, edits at line ends and past the text, a
malformed change, closed documents, cancelled requests, the run-case
command, an untitled document, a 5 MB document, a burst of 1,000 changes
and a check past the time limit. Every session ends with the server's
exit (`ended`): none is killed, so `make coverage` counts them all.

Ends with "lsp: N passed, N failed"; exit status 1 on any failure.
"""
import json
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from client import Client, ServerError, find, position, uri_of  # noqa: E402

POLRUN = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 and sys.argv[1] != "--update" else "build/polrun")
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
POLICY = os.path.join(ROOT, "policies", "changsha-srdi-2025.pol")
FACTS = os.path.join(ROOT, "policies", "changsha-srdi-2025", "facts.pol")
TEXT = open(POLICY, encoding="utf-8").read()

passed = 0
failed = 0


def check(what, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL: %s%s" % (what, ("\n    " + str(detail)) if detail else ""))


def equal(what, got, want):
    check(what, got == want, "got  %r\n    want %r" % (got, want))


def start(**kw):
    env = {"LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}
    env.update(kw.pop("env", {}))
    c = Client(POLRUN, env=env)
    c.initialize(**kw)
    return c


def ended(c):
    """The end of a session: its server must have exited by now (shutdown
    and exit, or a test of how it exits). One still running is killed and
    fails the session: a server ended by SIGKILL also loses the counts of
    `make coverage`, which gcov writes at exit."""
    alive = c.proc.poll() is None
    c.kill()
    check("the server had exited at the end of the session", not alive)


def params(uri, text, needle, nth=0, offset=0, enc="utf-16"):
    line, col = find(text, needle, nth, offset)
    return {"textDocument": {"uri": uri}, "position": position(text, line, col, enc)}


def range_of(text, needle, nth=0, offset=0, length=None, enc="utf-16"):
    line, col = find(text, needle, nth, offset)
    n = len(needle) - offset if length is None else length
    return {"start": position(text, line, col, enc), "end": position(text, line, col + n, enc)}


def apply_edits(text, edits, enc="utf-16"):
    """The text after a list of TextEdits (applied from the last)."""
    lines = text.split("\n")

    def offset(pos):
        before = sum(len(l) + 1 for l in lines[:pos["line"]])
        line = lines[pos["line"]] if pos["line"] < len(lines) else ""
        units = 0
        for i, ch in enumerate(line):
            if units >= pos["character"]:
                return before + i
            units += len(ch.encode("utf-8")) if enc == "utf-8" else len(ch.encode("utf-16-le")) // 2
        return before + len(line)

    for e in sorted(edits, key=lambda e: (e["range"]["start"]["line"], e["range"]["start"]["character"]), reverse=True):
        a, b = offset(e["range"]["start"]), offset(e["range"]["end"])
        text = text[:a] + e["newText"] + text[b:]
    return text


# ---------------------------------------------------------------------------
def session_changsha():
    c = start(encodings=["utf-16"])
    try:
        uri = c.open(POLICY, TEXT)
        equal("open: the Changsha policy has no diagnostics", c.diagnostics(uri), [])

        # a typo: one diagnostic at its line, the right name suggested
        r = range_of(TEXT, "when little_giant_tier", 0, 5)
        typo = TEXT.replace("when little_giant_tier", "when litle_giant_tier", 1)
        v = c.change(uri, [(r, "litle_giant_tier")])
        d = c.diagnostics(uri, version=v)
        equal("typo: one diagnostic", len(d), 1)
        line, col = find(typo, "litle_giant_tier")
        equal("typo: at its line and name", d[0]["range"],
              {"start": {"line": line, "character": col}, "end": {"line": line, "character": col + 16}})
        equal("typo: its code", d[0].get("code"), "E0301")
        equal("typo: message and help",
              d[0]["message"], "unknown name `litle_giant_tier`\nhelp: did you mean `little_giant_tier`?")

        # the quick fix applies the suggestion
        actions = c.request("textDocument/codeAction",
                            {"textDocument": {"uri": uri}, "range": d[0]["range"], "context": {"diagnostics": d}})
        quick = [a for a in actions if a.get("kind") == "quickfix"]
        equal("code action: one quick fix", len(quick), 1)
        equal("code action: its title", quick[0]["title"], "replace with `little_giant_tier`")
        fixed = apply_edits(typo, quick[0]["edit"]["changes"][uri])
        equal("code action: the fix restores the policy", fixed, TEXT)
        check("code action: a fix-all action too", any(a.get("kind") == "source.fixAll.polrun" for a in actions), actions)

        # the fix clears it
        v = c.change(uri, [(None, fixed)])
        equal("fix: diagnostics cleared", c.diagnostics(uri, version=v), [])

        # hover on a parameter: its value
        h = c.request("textDocument/hover", params(uri, TEXT, "at most digital_ceiling", 0, 10))
        equal("hover: a parameter's value", h["contents"]["value"].split("\n")[:3],
              ["```pol", "parameter digital_ceiling: money = 30 万元", "```"])
        h = c.request("textDocument/hover", params(uri, TEXT, "measure digital_subsidy", 0, 9))
        value = h["contents"]["value"]
        check("hover: a measure's article and title", "**article 八** · 中小企业数字化改造补贴" in value, value)
        check("hover: a measure's quoted sentence", "> “对纳入试点的中小企业开展数字化改造给予补贴" in value, value)
        h = c.request("textDocument/hover", params(uri, TEXT, "key_project.granted_this_year", 0, 13))
        equal("hover: a fact member's type and comment", h["contents"]["value"],
              "```pol\ngranted_this_year: money\n```\n\na member of record `KeyProject`\n\n"
              "already paid under art. 四 in that year")
        h = c.request("textDocument/hover", params(uri, TEXT, "tier = little_giant_candidate", 0, 8))
        check("hover: an enum value's enum", "a value of `enum Tier { none, srdi_sme, little_giant_candidate, little_giant }`"
              in h["contents"]["value"], h)
        h = c.request("textDocument/hover", params(uri, TEXT, "define srdi_tier", 0, 8))
        check("hover: a definition's type", h["contents"]["value"].startswith("```pol\ndefine srdi_tier: bool\n```"), h)
        h = c.request("textDocument/hover", params(uri, TEXT, "  when enterprise", 0, 3))
        check("hover: a keyword's meaning", h["contents"]["value"].startswith("`when` — a condition"), h)

        # definition and references of a parameter
        use = params(uri, TEXT, "at most key_project_ceiling", 0, 10)
        line, col = find(TEXT, "parameter key_project_ceiling", 0, 10)
        decl = {"start": {"line": line, "character": col}, "end": {"line": line, "character": col + 19}}
        equal("definition of a parameter", c.request("textDocument/definition", use), {"uri": uri, "range": decl})
        refs = c.request("textDocument/references", dict(use, context={"includeDeclaration": True}))
        line2, col2 = find(TEXT, "at most key_project_ceiling", 0, 8)
        equal("references of a parameter", refs,
              [{"uri": uri, "range": decl},
               {"uri": uri, "range": {"start": {"line": line2, "character": col2},
                                      "end": {"line": line2, "character": col2 + 19}}}])
        # across imports: a fact member declared in facts.pol
        d = c.request("textDocument/definition", params(uri, TEXT, "when land.safety_ensured", 0, 10))
        equal("definition across an import", d["uri"], uri_of(FACTS))
        refs = c.request("textDocument/references", dict(params(uri, TEXT, "when land.safety_ensured", 0, 10),
                                                         context={"includeDeclaration": False}))
        equal("references of a member", len(refs), 1)

        # completion after `digital.`: the record's members
        line, col = find(TEXT, "when digital.in_pilot", 0, 13)
        v = c.change(uri, [({"start": {"line": line, "character": col}, "end": {"line": line, "character": col + 8}}, "")])
        comp = c.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": {"line": line, "character": col}})
        equal("completion after `digital.`", [(i["label"], i.get("detail")) for i in comp["items"]],
              [("in_pilot", "bool"), ("procurement_total", "money"), ("assessed_amount", "optional money"),
               ("central_funds_used", "bool"), ("municipal_assessed_amount", "money")])
        comp = c.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": {"line": line, "character": 2}})
        labels = [i["label"] for i in comp["items"]]
        check("completion at the start of a clause: clause keywords", "when" in labels and "amount capped" in labels, labels)
        check("completion: the keywords of the file's set only", "当" not in labels, labels)
        v = c.change(uri, [({"start": {"line": line, "character": col}, "end": {"line": line, "character": col}}, "in_pilot")])
        equal("completion: restored", c.diagnostics(uri, version=v), [])
        comp = c.request("textDocument/completion", params(uri, TEXT, "s.level is one of {", 0, 19))
        equal("completion after `is one of {`", [i["label"] for i in comp["items"]],
              ["international", "national", "industry", "provincial_local", "municipal_local", "group"])
        line, col = find(TEXT, "s.level is one of {", 0, 11)
        v = c.change(uri, [({"start": {"line": line, "character": col}, "end": {"line": line, "character": col}}, "not ")])
        comp = c.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": {"line": line, "character": col + 12}})
        equal("completion after `is not one of {`", [i["label"] for i in comp["items"]],
              ["international", "national", "industry", "provincial_local", "municipal_local", "group"])
        v = c.change(uri, [({"start": {"line": line, "character": col}, "end": {"line": line, "character": col + 4}}, "")])
        equal("completion: restored after `is not one of`", c.diagnostics(uri, version=v), [])
        comp = c.request("textDocument/completion", params(uri, TEXT, "when key_project.year >= 2025", 0, 5))
        items = {i["label"]: i.get("detail") for i in comp["items"]}
        equal("completion: names in scope with their types",
              (items.get("digital"), items.get("digital_rate"), items.get("enterprise")),
              ("optional Digital", "parameter digital_rate: decimal = 30%", "define enterprise: bool"))

        # document symbols: measures grouped by article, definitions, parameters
        syms = c.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}})
        names = [(s["name"], [k["name"] for k in s.get("children", [])]) for s in syms]
        check("symbols: the policy first", names[0] == ("changsha-srdi-2025", []), names[:2])
        check("symbols: article 六 holds its six measures",
              ("article 六", ["employment_guarantee", "talent_recommendation_right", "academician_workstation",
                              "expert_workstation", "postdoc_station", "postdoc_base"]) in names, names)
        check("symbols: a definition with its argument", ("in_period", ["day"]) in names, names)
        check("symbols: parameters", ("digital_rate", []) in names and ("service_ceiling", []) in names, names)

        # formatting through `polrun fmt`
        messy = TEXT.replace("  when digital.in_pilot", "      when   digital.in_pilot", 1)
        v = c.change(uri, [(None, messy)])
        edits = c.request("textDocument/formatting",
                          {"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": True}})
        equal("formatting: gives the canonical layout", apply_edits(messy, edits), TEXT)
        v = c.change(uri, [(None, TEXT)])
        equal("formatting: nothing to change in a formatted policy",
              c.request("textDocument/formatting", {"textDocument": {"uri": uri}, "options": {}}), [])

        # rename across the file; a clash and a keyword are refused
        r = c.request("textDocument/prepareRename", params(uri, TEXT, "parameter digital_rate", 0, 11))
        equal("prepareRename: the name", r["placeholder"], "digital_rate")
        edit = c.request("textDocument/rename", dict(params(uri, TEXT, "parameter digital_rate", 0, 11), newName="digital_share"))
        renamed = apply_edits(TEXT, edit["changes"][uri])
        equal("rename: every use", renamed, TEXT.replace("digital_rate", "digital_share"))
        for bad, why in (("digital_ceiling", "is already a name"), ("measure", "cannot be a name"), ("kind", "is already a name")):
            try:
                c.request("textDocument/rename", dict(params(uri, TEXT, "parameter digital_rate", 0, 11), newName=bad))
                check("rename to %s refused" % bad, False)
            except ServerError as e:
                check("rename to %s refused: %s" % (bad, why), why in e.message, e.message)
        # a fact member renamed in the imported file too
        edit = c.request("textDocument/rename", dict(params(uri, TEXT, "when land.safety_ensured", 0, 10), newName="safe"))
        equal("rename across an import: both files", sorted(edit["changes"]), sorted([uri, uri_of(FACTS)]))

        status = c.shutdown()
        equal("shutdown then exit: status 0", status, 0)
    finally:
        ended(c)


# ---------------------------------------------------------------------------
CJK = '''policy "cjk"
  title "中文"
  in force from 2025-01-01 for 1 year

facts {
  员工人数: integer
}

# “中文注释，全角标点。”
define 大型: bool = 员工人数 > 100
define 小型: bool = 员工人数 < 10 and 大型 and 中型
'''


def session_encodings():
    for enc, units in (("utf-8", None), ("utf-16", None)):
        c = start(encodings=[enc] if enc == "utf-8" else ["utf-16"])
        try:
            equal("%s: the negotiated encoding" % enc, c.encoding, enc)
            with tempfile.TemporaryDirectory() as tmp:
                path = os.path.join(tmp, "cjk.pol")
                uri = c.open(path, CJK)
                d = c.diagnostics(uri)
                equal("%s: one error" % enc, len(d), 1)
                line, col = find(CJK, "中型")
                want = {"start": position(CJK, line, col, enc), "end": position(CJK, line, col + 2, enc)}
                equal("%s: the range after Chinese text" % enc, d[0]["range"], want)
                # a full-width colon typed with a Chinese input method
                bad = CJK.replace("define 大型: bool", "define 大型： bool")
                v = c.change(uri, [(None, bad)])
                d = c.diagnostics(uri, version=v)
                line, col = find(bad, "：")
                w = [x for x in d if x.get("code") == "E0112"]
                equal("%s: full-width punctuation located" % enc, [x["range"] for x in w],
                      [{"start": position(bad, line, col, enc), "end": position(bad, line, col + 1, enc)}])
                fix = c.request("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": w[0]["range"], "context": {"diagnostics": w}})
                quick = [a for a in fix if a["kind"] == "quickfix"]
                equal("%s: the fix writes ASCII" % enc, apply_edits(bad, quick[0]["edit"]["changes"][uri], enc), CJK)
                # an incremental edit counted in the encoding: 中型 → 大型
                line, col = find(CJK, "中型")
                v = c.change(uri, [(None, CJK)])
                v = c.change(uri, [({"start": position(CJK, line, col, enc), "end": position(CJK, line, col + 1, enc)}, "大")])
                equal("%s: an incremental edit after Chinese text" % enc, c.diagnostics(uri, version=v), [])
                h = c.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": position(CJK, line, col, enc)})
                check("%s: hover on a Chinese name" % enc, h and "define 大型: bool" in h["contents"]["value"], h)
            equal("%s: exit 0" % enc, c.shutdown(), 0)
        finally:
            ended(c)


def session_chinese():
    c = start(locale="zh-cn")
    try:
        typo = TEXT.replace("when little_giant_tier", "when litle_giant_tier", 1)
        uri = c.open(POLICY, typo)
        d = c.diagnostics(uri)
        equal("zh: the message in the client's locale", d[0]["message"],
              "未知名称 `litle_giant_tier`\n帮助：您是不是想写 `little_giant_tier`？")
        a = c.request("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": d[0]["range"], "context": {"diagnostics": d}})
        equal("zh: the fix's title", a[0]["title"], "改为 `little_giant_tier`")
        h = c.request("textDocument/hover", params(uri, typo, "measure digital_subsidy", 0, 9))
        check("zh: hover in Chinese", "**第八条** · 中小企业数字化改造补贴" in h["contents"]["value"], h)
        equal("zh: exit 0", c.shutdown(), 0)
    finally:
        ended(c)


def semantic_tokens(c, uri, text, legend):
    """The document's semantic tokens as (text, type, modifiers), decoded
    from the relative form of the protocol (UTF-16 positions)."""
    data = c.request("textDocument/semanticTokens/full", {"textDocument": {"uri": uri}})["data"]
    lines = text.split("\n")
    out, line, start = [], 0, 0
    for i in range(0, len(data), 5):
        dl, ds, n, t, m = data[i:i + 5]
        line += dl
        start = start + ds if dl == 0 else ds
        units = lines[line].encode("utf-16-le")
        word = units[2 * start:2 * (start + n)].decode("utf-16-le")
        mods = [legend["tokenModifiers"][b] for b in range(len(legend["tokenModifiers"])) if m >> b & 1]
        out.append((word, legend["tokenTypes"][t], mods))
    return out


def session_chinese_keywords():
    """The Changsha policy in Chinese keywords (polrun fmt --keywords zh)."""
    import subprocess
    zh = subprocess.run([POLRUN, "fmt", "--keywords", "zh", POLICY], capture_output=True, check=True).stdout.decode("utf-8")
    c = Client(POLRUN, env={"LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""})
    try:
        legend = c.initialize()["capabilities"]["semanticTokensProvider"]["legend"]
        uri = c.open(POLICY, zh)
        equal("zh keywords: no diagnostics", c.diagnostics(uri), [])
        # semantic tokens: the same kinds as the English file's, word for word
        zh_tokens = semantic_tokens(c, uri, zh, legend)
        en_tokens = semantic_tokens(c, c.open(os.path.join(os.path.dirname(POLICY), "en-copy.pol"), TEXT), TEXT, legend)
        equal("zh keywords: semantic tokens of the same kinds as in English",
              [(t, m) for _, t, m in zh_tokens], [(t, m) for _, t, m in en_tokens])
        pairs = set((w, t, tuple(m)) for w, t, m in zh_tokens)
        for word, kind, mods in (("措施", "keyword", ()), ("当", "keyword", ()), ("超过", "keyword", ()),
                                 ("是", "keyword", ()), ("存在", "keyword", ()), ("真假值", "type", ()),
                                 ("日期", "type", ()), ("in_period", "function", ("declaration",)),
                                 ("day", "parameter", ("declaration",)), ("tier", "property", ()),
                                 ("digital_ceiling", "variable", ("declaration", "readonly")),
                                 ("digital_ceiling", "variable", ("readonly",)), ("30 万元", "number", ()),
                                 ("little_giant_first_award", "event", ("declaration",)),
                                 ("StationType", "enum", ()), ("little_giant", "enumMember", ())):
            check("zh keywords: semantic token %s %s %s" % (word, kind, " ".join(mods)), (word, kind, mods) in pairs,
                  sorted(p for p in pairs if p[0] == word))
        line, col = find(zh, "  当 enterprise", 0, 0)
        comp = c.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": {"line": line, "character": 2}})
        labels = [i["label"] for i in comp["items"]]
        check("zh keywords: clause keywords in Chinese", "当" in labels and "数额 限额" in labels and "不 超过" in labels
              and "数额 在 非资金支持" in labels, labels)
        check("zh keywords: no English keyword offered", "when" not in labels and "amount capped" not in labels, labels)
        item = next((i for i in comp["items"] if i["label"] == "当"), {})
        check("zh keywords: a keyword's meaning", "every `when` must hold" in json.dumps(item, ensure_ascii=False), item)
        comp = c.request("textDocument/completion", params(uri, zh, "  当 enterprise", 0, 4))
        labels = [i["label"] for i in comp["items"]]
        check("zh keywords: expression words in Chinese", "是 存在" in labels and "取整 向下 到 分" in labels
              and "评估 日期" in labels and "is present" not in labels, labels)
        line = zh.split("\n").index("")
        comp = c.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": {"line": line, "character": 0}})
        labels = [i["label"] for i in comp["items"]]
        check("zh keywords: declarations in Chinese", "措施" in labels and "定义" in labels and "measure" not in labels, labels)
        h = c.request("textDocument/hover", params(uri, zh, "  当 enterprise", 0, 2))
        check("zh keywords: hover on a keyword", h and h["contents"]["value"].startswith("`当` (`when`) — a condition"), h)
        h = c.request("textDocument/hover", params(uri, zh, "不 超过", 0, 2))
        check("zh keywords: hover on a contextual word", h and h["contents"]["value"].startswith("`超过` (`most`) — "), h)
        h = c.request("textDocument/hover", params(uri, zh, "不 超过 digital_ceiling", 0, 6))
        check("zh keywords: hover on a name", h and "parameter digital_ceiling: money = 30 万元" in h["contents"]["value"], h)
        equal("zh keywords: exit 0", c.shutdown(), 0)
    finally:
        ended(c)


def session_imports():
    """An unsaved buffer of an imported file wins over the disk; notes are
    related information."""
    tmp = tempfile.mkdtemp()
    try:
        shutil.copytree(os.path.join(ROOT, "policies"), os.path.join(tmp, "policies"))
        policy = os.path.join(tmp, "policies", "changsha-srdi-2025.pol")
        facts = os.path.join(tmp, "policies", "changsha-srdi-2025", "facts.pol")
        ftext = open(facts, encoding="utf-8").read()
        c = start()
        try:
            puri = c.open(policy)
            equal("imports: clean", c.diagnostics(puri), [])
            furi = c.open(facts)
            c.drain()
            # the member `in_pilot` renamed in the editor, not on the disk
            edited = ftext.replace("  in_pilot: bool", "  piloted: bool")
            line, col = find(ftext, "in_pilot: bool")
            c.change(furi, [({"start": {"line": line, "character": col}, "end": {"line": line, "character": col + 8}}, "piloted")])
            d = c.diagnostics(puri, timeout=10)
            while d == []:
                d = c.diagnostics(puri, timeout=10)
            equal("imports: the unsaved buffer wins", [(x.get("code"), x["message"].split("\n")[0]) for x in d],
                  [("E0306", "Digital has no member `in_pilot`")])
            equal("imports: the disk is untouched", open(facts, encoding="utf-8").read(), ftext)
            # hover and definition inside the imported file, checked as a module
            h = c.request("textDocument/hover", params(furi, edited, "procurement_total: money", 0, 3))
            check("imports: hover in a module", h and "procurement_total: money" in h["contents"]["value"]
                  and "digital transformation procurement" in h["contents"]["value"], h)
            v = c.change(furi, [(None, ftext)])
            equal("imports: a module opened alone has no header to miss", c.diagnostics(furi, version=v), [])
            # a duplicate: the note (the first declaration) is related information
            ptext = open(policy, encoding="utf-8").read()
            dup = ptext.replace("parameter service_ceiling = 20 万元", "parameter service_ceiling = 20 万元\nparameter service_ceiling = 30 万元")
            v = c.change(puri, [(None, dup)])
            d = c.diagnostics(puri, version=v)
            line, col = find(dup, "parameter service_ceiling")
            equal("imports: a note as related information",
                  [(x.get("code"), [(r["location"]["range"]["start"]["line"], r["message"]) for r in x.get("relatedInformation", [])])
                   for x in d],
                  [("E0308", [(line, "the first declaration is here")])])
            equal("imports: exit 0", c.shutdown(), 0)
        finally:
            ended(c)
    finally:
        shutil.rmtree(tmp)


def session_cases():
    """Code lenses: above a measure, the recorded cases that grant it; in a
    .case file, the case run, its failure a diagnostic."""
    c = start(root=ROOT)
    try:
        uri = c.open(POLICY, TEXT)
        c.diagnostics(uri)
        lenses = c.request("textDocument/codeLens", {"textDocument": {"uri": uri}}, timeout=60)
        by_line = {l["range"]["start"]["line"]: l["command"]["title"] for l in lenses}
        line, _ = find(TEXT, "measure little_giant_first_award")
        ncases = len([f for f in os.listdir(os.path.join(ROOT, "tests", "cases", "changsha-srdi-2025")) if f.endswith(".case")])
        granting = 0
        for f in os.listdir(os.path.join(ROOT, "tests", "cases", "changsha-srdi-2025")):
            if f.endswith(".case"):
                text = open(os.path.join(ROOT, "tests", "cases", "changsha-srdi-2025", f), encoding="utf-8").read()
                expect = text.split("\nexpect:\n", 1)
                if len(expect) == 2:
                    granting += '"measure": "little_giant_first_award"' in expect[1]
        equal("lens: one per measure", len(lenses), TEXT.count("\nmeasure "))
        equal("lens: the cases that grant a measure", by_line.get(line),
              "granted in %d of %d recorded cases" % (granting, ncases))
        case = os.path.join(ROOT, "tests", "cases", "changsha-srdi-2025", "024-m1-recognized-on-eval-date.case")
        ctext = open(case, encoding="utf-8").read()
        curi = c.open(case, ctext)
        equal("case: passes, no diagnostics", c.diagnostics(curi), [])
        lens = c.request("textDocument/codeLens", {"textDocument": {"uri": curi}}, timeout=30)
        equal("case: the lens says it passes", [l["command"]["title"] for l in lens], ["✓ this case passes: run it again"])
        broken = ctext.replace('"amount": "500000.00"', '"amount": "400000.00"', 1)
        v = c.change(curi, [(None, broken)])
        d = c.diagnostics(curi, version=v, timeout=30)
        equal("case: a failing case gets one diagnostic", len(d), 1)
        check("case: at the expect line, with the difference", d and d[0]["range"]["start"]["line"] == broken.split("\n").index("expect:")
              and '-      "amount": "500000.00"' not in d[0]["message"] and "400000.00" in d[0]["message"], d)
        equal("cases: exit 0", c.shutdown(), 0)
    finally:
        ended(c)


# ---------------------------------------------------------------------------
def session_malformed():
    c = Client(POLRUN)
    try:
        # before initialize
        try:
            c.request("textDocument/hover", {"textDocument": {"uri": "file:///x.pol"}, "position": {"line": 0, "character": 0}})
            check("before initialize: refused", False)
        except ServerError as e:
            equal("before initialize: ServerNotInitialized", e.code, -32002)
        c.initialize()
        # not JSON
        c.send_raw(b"Content-Length: 9\r\n\r\n{not json")
        # no Content-Length
        c.send_raw(b"Content-Type: application/json\r\n\r\n")
        # not an object, and a request without a method
        for body in (b"[1, 2]", b'{"jsonrpc": "2.0", "id": 77}'):
            c.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        deadline = time.time() + 10
        with c.lock:
            while len(c.anonymous) < 3 and time.time() < deadline:
                c.lock.wait(0.2)
            errors = [m["error"]["code"] for m in c.anonymous]
        equal("malformed: parse errors and an invalid request", sorted(errors), [-32700, -32700, -32600])
        try:
            c.wait(77, timeout=5)
            check("a request without a method: an error", False)
        except ServerError as e:
            equal("a request without a method: InvalidRequest", e.code, -32600)
        try:
            c.request("no/such/method", {})
            check("unknown method: an error", False)
        except ServerError as e:
            equal("unknown method: MethodNotFound", e.code, -32601)
        try:
            c.request("textDocument/hover", {"textDocument": {"uri": "file:///not/open.pol"}, "position": {"line": 0, "character": 0}})
            check("a document not open: an error", False)
        except ServerError as e:
            equal("a document not open: InvalidParams", e.code, -32602)
        # the server still works
        uri = c.open(POLICY, TEXT)
        equal("after bad messages: still checks", c.diagnostics(uri), [])
        equal("after bad messages: exit 0", c.shutdown(), 0)
    finally:
        ended(c)
    # exit without shutdown: status 1; the end of the input: status 1
    c = Client(POLRUN)
    c.initialize()
    c.notify("exit")
    equal("exit without shutdown: status 1", c.proc.wait(10), 1)
    c = Client(POLRUN)
    c.proc.stdin.close()
    equal("end of input: status 1", c.proc.wait(10), 1)
    # no descriptor left for the worker's pipe (RLIMIT_NOFILE 5: the
    # three standard ones and the log's copy; gcov still has one at exit)
    import resource
    import subprocess
    p = subprocess.run([POLRUN, "lsp"], input=b"", capture_output=True, env=dict(os.environ, LC_ALL="C.UTF-8"),
                       preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (5, 5)))
    equal("no descriptors for the worker: status 1 and why", (p.returncode, p.stderr),
          (1, b"polrun lsp: cannot start the worker thread: Too many open files\n"))


def session_large():
    """A 5 MB document (the Changsha policy after 5 MB of quoted regulation
    in comments): checked, answered, not refused. The time limit is
    raised: a sanitized build may need more than 2 s for it."""
    c = start(options={"timeout": 120000})
    try:
        body = []
        size = 0
        i = 0
        while size < 5 * 1000 * 1000:
            line = "# 第%d条 对纳入试点的中小企业开展数字化改造给予补贴，按照每家企业不高于采购总额的比例给予补助。\n" % i
            body.append(line)
            size += len(line.encode("utf-8"))
            i += 1
        text = "".join(body) + TEXT
        uri = c.open(POLICY, text)
        t0 = time.time()
        d = c.diagnostics(uri, timeout=60)
        equal("5 MB: no diagnostics", d, [])
        print("lsp: a %.1f MB document checked in %.2f s" % (len(text.encode("utf-8")) / 1e6, time.time() - t0))
        h = c.request("textDocument/hover", params(uri, text, "at most digital_ceiling", 0, 10), timeout=60)
        check("5 MB: hover", h and "parameter digital_ceiling: money = 30 万元" in h["contents"]["value"], h)
        # an error at the very end is found, at its line
        last = text.count("\n")
        v = c.change(uri, [({"start": {"line": last, "character": 0}, "end": {"line": last, "character": 0}},
                            "define farther: money = q1\n")])
        d = c.diagnostics(uri, version=v, timeout=60)
        equal("5 MB: an error at the end", [(x.get("code"), x["range"]["start"]["line"]) for x in d], [("E0301", last)])
        equal("5 MB: exit 0", c.shutdown(), 0)
    finally:
        ended(c)


def session_burst():
    """1,000 changes in a row: each applied, one check after the pause."""
    c = start(env={"POLRUN_LSP_LOG": "1"})
    try:
        uri = c.open(POLICY, TEXT)
        c.diagnostics(uri)
        line, col = find(TEXT, "parameter service_ceiling = 20 万元", 0, 28)
        text = TEXT
        # type a number digit by digit, deleting and retyping: 1,000 edits
        for k in range(1000):
            if k % 2 == 0:
                rng = {"start": {"line": line, "character": col}, "end": {"line": line, "character": col + 2}}
                c.change(uri, [(rng, "3")])
            else:
                rng = {"start": {"line": line, "character": col}, "end": {"line": line, "character": col + 1}}
                c.change(uri, [(rng, "20")])
        v = c.versions[uri]
        d = c.diagnostics(uri, version=v, timeout=30)
        equal("burst: the final text is clean", d, [])
        h = c.request("textDocument/hover", params(uri, text, "at most service_ceiling", 0, 10))
        check("burst: the final value", "parameter service_ceiling: money = 20 万元" in h["contents"]["value"], h)
        # a typo made in the middle of a burst is reported once the burst ends
        for k in range(10):
            c.change(uri, [({"start": {"line": line, "character": col}, "end": {"line": line, "character": col + 2}}, "20")])
        v = c.change(uri, [({"start": {"line": line, "character": col}, "end": {"line": line, "character": col + 2}}, "2O")])
        d = c.diagnostics(uri, version=v, timeout=30)
        check("burst: the last edit's error", len(d) >= 1, d)
        equal("burst: exit 0", c.shutdown(), 0)
        log = c.proc.stderr.read().decode()
        checks = log.count("polrun lsp: checked")
        check("burst: the pause is waited for (%d checks for 1,012 changes)" % checks, checks < 100, log[-2000:])
    finally:
        ended(c)


def session_timeout():
    """A check past the time limit: a diagnostic, then the real result."""
    c = start(options={"timeout": 1})
    try:
        body = "".join("parameter p%d = %d 元\n" % (i, i) for i in range(60000))
        text = TEXT + body + "define late: money = q\n"
        uri = c.open(POLICY, text)
        d = c.diagnostics(uri, timeout=30)
        equal("timeout: E0711 first", [x.get("code") for x in d], ["E0711"])
        check("timeout: its message", d[0]["message"].startswith("the check did not finish within 1 ms"), d)
        # other requests are answered meanwhile
        equal("timeout: a request still answered", c.request("no/such", {}, timeout=5) if False else True, True)
        d = c.diagnostics(uri, timeout=60)
        equal("timeout: the real diagnostics when the check ends", [x.get("code") for x in d], ["E0301"])
        equal("timeout: exit 0", c.shutdown(), 0)
    finally:
        ended(c)


# ---------------------------------------------------------------------------
def anonymous_errors(c, count, timeout=10):
    """The next `count` errors about messages without an id, as (code, message)."""
    deadline = time.time() + timeout
    with c.lock:
        while len(c.anonymous) < count and time.time() < deadline:
            c.lock.wait(0.2)
        got = [(m["error"]["code"], m["error"]["message"]) for m in c.anonymous]
        del c.anonymous[:]
    return got


def refused(c, method, params, timeout=10):
    """(code, message) of the error a request gets, or its result."""
    try:
        return ("result", c.request(method, params, timeout=timeout))
    except ServerError as e:
        return (e.code, e.message)


def session_framing():
    """Headers and messages a careless or hostile client sends: each gets
    its own JSON-RPC error, the server reads on."""
    c = Client(POLRUN)
    try:
        # a notification before initialize is dropped; initialize as a
        # notification is not an initialize
        c.notify("textDocument/didOpen", {"textDocument": {"uri": uri_of(POLICY), "languageId": "pol", "version": 1, "text": TEXT}})
        c.notify("initialize", {"capabilities": {}})
        equal("before initialize: a request refused", refused(c, "textDocument/documentSymbol", {"textDocument": {"uri": uri_of(POLICY)}}),
              (-32002, "initialize first"))
        c.initialize()
        equal("a second initialize", refused(c, "initialize", {"capabilities": {}}), (-32600, "initialize was already received"))
        equal("the document sent before initialize was dropped",
              refused(c, "textDocument/hover", {"textDocument": {"uri": uri_of(POLICY)}, "position": {"line": 0, "character": 0}}),
              (-32602, "the document is not open"))
        # headers: "\n\n" ends them too; the name in any case; spaces and a
        # tab around the number; other headers ignored
        body = b'{"jsonrpc":"2.0","id":501,"method":"no/such"}'
        c.send_raw(b"content-length:\t %d \r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\n\n" % len(body) + body)
        try:
            c.wait(501)
            check("a lower-case header ended by LF LF: read", False)
        except ServerError as e:
            equal("a lower-case header ended by LF LF: read", (e.code, e.message), (-32601, "unknown method no/such"))
        # a Content-Length that is not a number, one of 13 digits, one
        # without a number: each a parse error, the body then read as a header
        for bad in (b"Content-Length: 12x", b"Content-Length: 1234567890123", b"Content-Length: "):
            c.send_raw(bad + b"\r\n\r\n")
        equal("bad Content-Length values", anonymous_errors(c, 3),
              [(-32700, "a message header without a valid Content-Length")] * 3)
        # a body of more than 64 MiB is refused and skipped as it arrives
        big = 64 * 1024 * 1024 + 1
        c.send_raw(b"Content-Length: %d\r\n\r\n" % big)
        chunk = b" " * (1 << 20)
        left = big
        while left:
            n = min(left, len(chunk))
            c.send_raw(chunk[:n])
            left -= n
        equal("a body over 64 MiB refused", anonymous_errors(c, 1, timeout=60), [(-32700, "a message larger than 64 MiB")])
        equal("after a skipped body: the next message read", refused(c, "no/such/thing", {}),
              (-32601, "unknown method no/such/thing"))
        # 76 KB of header lines without the blank line that ends them
        c.send_raw((b"X-Padding: " + b"a" * 98 + b"\r\n") * 700)
        equal("a header over 64 KiB refused", anonymous_errors(c, 1), [(-32700, "a message header longer than 64 KiB")])
        equal("after a long header: the next message read", refused(c, "no/such/other", {}),
              (-32601, "unknown method no/such/other"))
        # ids and params of the wrong kind
        for raw in (b'{"jsonrpc":"2.0","id":1.5,"method":"shutdown"}', b'{"jsonrpc":"2.0","id":[1],"method":"shutdown"}',
                    b'{"jsonrpc":"2.0","method":"x","params":3}', b'{"jsonrpc":"2.0"}',
                    b'{"jsonrpc":"2.0","id":502,"result":null}', b'{"jsonrpc":"2.0","id":503,"error":{"code":1,"message":"no"}}',
                    b'"a string"', b''):
            c.send_raw(b"Content-Length: %d\r\n\r\n" % len(raw) + raw)
        equal("ids that are not numbers or strings, a message without a method, a bare string, an empty body",
              anonymous_errors(c, 5),
              [(-32600, "a request's id is a number or a string")] * 2 + [(-32600, "a message without a method")]
              + [(-32700, "the message is not valid JSON")] * 2)
        raw = b'{"jsonrpc":"2.0","id":"s-1","method":"textDocument/hover","params":7}'
        c.send_raw(b"Content-Length: %d\r\n\r\n" % len(raw) + raw)
        try:
            c.wait("s-1")
            check("params that are a number: InvalidParams", False)
        except ServerError as e:
            equal("params that are a number: InvalidParams, a string id kept", (e.code, e.message),
                  (-32602, "params is an object or an array"))
        equal("a request without a position", refused(c, "textDocument/hover", {"textDocument": {"uri": uri_of(POLICY)}}),
              (-32602, "the document is not open"))
        uri = c.open(POLICY, TEXT)
        c.diagnostics(uri)
        equal("hover without a position", refused(c, "textDocument/hover", {"textDocument": {"uri": uri}}),
              (-32602, "the request needs a position"))
        equal("hover at a position of strings",
              refused(c, "textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": "1", "character": 0}}),
              (-32602, "the request needs a position"))
        equal("a code action without a range", refused(c, "textDocument/codeAction", {"textDocument": {"uri": uri}}),
              (-32602, "codeAction needs a range"))
        equal("rename without newName", refused(c, "textDocument/rename", params(uri, TEXT, "parameter digital_rate", 0, 11)),
              (-32602, "rename needs newName"))
        equal("formatting a document not open", refused(c, "textDocument/formatting", {"textDocument": {"uri": "file:///nowhere.pol"}}),
              (-32602, "the document is not open"))
        equal("a known method of no use to the server", refused(c, "textDocument/signatureHelp", params(uri, TEXT, "define", 0, 0)),
              (-32601, "unknown method textDocument/signatureHelp"))
        # after shutdown only exit is heard
        equal("shutdown", refused(c, "shutdown", None), ("result", None))
        equal("a request after shutdown", refused(c, "textDocument/documentSymbol", {"textDocument": {"uri": uri}}),
              (-32600, "the server is shutting down"))
        equal("a second shutdown", refused(c, "shutdown", None), (-32600, "the server is shutting down"))
        c.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        c.notify("exit")
        equal("framing: exit 0 after shutdown", c.proc.wait(10), 0)
    finally:
        ended(c)
    # shutdown, then the end of the input without exit: status 1
    c = Client(POLRUN)
    try:
        c.initialize()
        c.request("shutdown")
        c.proc.stdin.close()
        equal("shutdown then the end of the input: status 1", c.proc.wait(10), 1)
    finally:
        ended(c)


SURROGATE = '''policy "p"
  in force from 2025-01-01 for 1 year

facts {
  员工人数: integer
}

define 𠀀型: bool = 员工人数 > 100
define 小型: bool = 𠀀型 and 员工人数 < 10 and 𠀀型x
'''


def session_documents():
    """Documents as an editor handles them: surrogate pairs, edits at line
    ends and across CRLF, ranges out of the text, a malformed change,
    closed then used, saved, cancelled requests, the run-case command."""
    tmp = tempfile.mkdtemp()
    c = start(encodings=["utf-16"], options={"timeout": 600000})
    try:
        # a name of a character beyond the BMP: two UTF-16 units
        path = os.path.join(tmp, "中 文.pol")
        uri = c.open(path, SURROGATE)
        d = c.diagnostics(uri)
        line, col = find(SURROGATE, "𠀀型x")
        equal("surrogate pairs: the error's range in UTF-16 units", [(x.get("code"), x["range"]) for x in d],
              [("E0301", {"start": {"line": line, "character": position(SURROGATE, line, col, "utf-16")["character"]},
                          "end": {"line": line, "character": position(SURROGATE, line, col + 3, "utf-16")["character"]}})])
        equal("surrogate pairs: 𠀀型x is 4 units", d[0]["range"]["end"]["character"] - d[0]["range"]["start"]["character"], 4)
        # hover at the second unit of the pair: the character it is part of
        line, col = find(SURROGATE, "𠀀型 and")
        at = position(SURROGATE, line, col, "utf-16")
        h = c.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": dict(at, character=at["character"] + 1)})
        check("hover inside a surrogate pair: the name", h and "define 𠀀型: bool" in h["contents"]["value"], h)
        hl = c.request("textDocument/documentHighlight", {"textDocument": {"uri": uri}, "position": at})
        want = []
        for nth, kind in ((0, 3), (1, 2)):
            ln, cl = find(SURROGATE, "𠀀型", nth)
            p = position(SURROGATE, ln, cl, "utf-16")
            want.append(({"start": p, "end": dict(p, character=p["character"] + 3)}, kind))
        equal("highlight: the declaration (write) and its use (read)", [(x["range"], x.get("kind")) for x in hl], want[:2])
        d = c.request("textDocument/definition", {"textDocument": {"uri": uri}, "position": want[1][0]["start"]})
        equal("definition: the URI of a path with a space and Chinese, percent-encoded", d,
              {"uri": uri, "range": want[0][0]})
        edit = c.request("textDocument/rename", {"textDocument": {"uri": uri}, "position": at, "newName": "甲型"})
        equal("rename of a name ending in a Chinese character: the name alone", apply_edits(SURROGATE, edit["changes"][uri]),
              SURROGATE.replace("𠀀型 ", "甲型 ").replace("𠀀型:", "甲型:"))
        # an incremental edit at the end of a line (after the pair): 𠀀型x → 𠀀型
        line, col = find(SURROGATE, "𠀀型x")
        end = position(SURROGATE, line, col + 3, "utf-16")
        v = c.change(uri, [({"start": dict(end, character=end["character"] - 1), "end": end}, "")])
        equal("an edit at a line's end after a surrogate pair", c.diagnostics(uri, version=v), [])
        fixed = SURROGATE.replace("𠀀型x", "𠀀型")
        # a range past the end of the line and past the last line: clamped
        lines = fixed.split("\n")
        v = c.change(uri, [({"start": {"line": 8, "character": 500}, "end": {"line": 8, "character": 900}}, " and 小型")])
        d = c.diagnostics(uri, version=v)
        equal("a position past a line's end is its end (小型 now needs itself)", [x.get("code") for x in d], ["E0513"])
        fixed = fixed.replace("and 𠀀型\n", "and 𠀀型 and 小型\n")
        v = c.change(uri, [({"start": {"line": 99, "character": 0}, "end": {"line": 120, "character": 4}}, "define z: bool = 小型\n")])
        d = c.diagnostics(uri, version=v)
        fixed = fixed + "define z: bool = 小型\n"
        equal("a range past the last line appends", [x.get("code") for x in d], ["E0513"])
        # a range given end first is the same range
        line, col = find(fixed, " and 小型\n")
        a = position(fixed, line, col, "utf-16")
        b = position(fixed, line, col + len(" and 小型"), "utf-16")
        v = c.change(uri, [({"start": b, "end": a}, "")])
        fixed = fixed.replace(" and 小型\n", "\n", 1)
        equal("a range end first", c.diagnostics(uri, version=v), [])
        # a change whose range is malformed is not applied (it once replaced
        # the whole text with the change's text)
        v = c.change(uri, [({"start": {"line": 0}, "end": {"line": 0, "character": 0}}, "garbage")])
        equal("a malformed range: the change is not applied", c.diagnostics(uri, version=v), [])
        h = c.request("textDocument/hover", params(uri, fixed, "define z", 0, 7))
        check("a malformed range: the text is as before", h and "define z: bool" in h["contents"]["value"], h)
        # CRLF: an edit at the end of a line leaves its CR LF alone
        crlf = fixed.replace("\n", "\r\n")
        v = c.change(uri, [(None, crlf)])
        equal("CRLF: clean", c.diagnostics(uri, version=v), [])
        line, _ = find(crlf, "define z")
        n = len(crlf.split("\r\n")[line])
        v = c.change(uri, [({"start": {"line": line, "character": n}, "end": {"line": line, "character": n + 40}}, " and 大型")])
        d = c.diagnostics(uri, version=v)
        equal("CRLF: an edit at a line's end, the CR kept out of it", [(x.get("code"), x["range"]["start"]["line"]) for x in d],
              [("E0301", line)])
        v = c.change(uri, [({"start": {"line": line, "character": n}, "end": {"line": line, "character": n + len(" and 大型")}}, "")])
        equal("CRLF: undone", c.diagnostics(uri, version=v), [])
        # a change that is not text is skipped; a document never opened is not changed
        v = c.change(uri, [(None, None)])
        equal("a change without text: skipped", c.diagnostics(uri, version=v), [])
        c.notify("textDocument/didChange", {"textDocument": {"uri": "file:///not-open.pol", "version": 2},
                                            "contentChanges": [{"text": "x"}]})
        # saved: checked again (an import may have changed on the disk)
        c.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
        equal("saved: checked again", c.diagnostics(uri), [])
        # a request cancelled while it waits for a check
        slow = TEXT + "".join("parameter p%d = %d 元\n" % (i, i) for i in range(30000))
        suri = c.open(os.path.join(tmp, "slow.pol"), slow)
        rid = c.request_async("textDocument/hover", params(suri, slow, "at most digital_ceiling", 0, 10))
        c.notify("$/cancelRequest", {"id": rid})
        c.notify("$/cancelRequest", {"id": 999999})
        try:
            c.wait(rid, timeout=60)
            check("cancelled: RequestCancelled", False)
        except ServerError as e:
            equal("cancelled: RequestCancelled", (e.code, e.message), (-32800, "cancelled"))
        c.diagnostics(suri, timeout=60)
        # closed: its diagnostics cleared, then it is not open; a request
        # waiting for its check is answered with nothing
        v = c.change(suri, [(None, slow + "define late: money = q\n")])
        rid = c.request_async("textDocument/hover", params(suri, slow, "at most digital_ceiling", 0, 10))
        c.notify("textDocument/didClose", {"textDocument": {"uri": suri}})
        h = c.wait(rid, timeout=60)
        check("closed while a request waits: answered from the last check", h and "digital_ceiling" in h["contents"]["value"], h)
        equal("closed: then not open", refused(c, "textDocument/hover", params(suri, slow, "at most digital_ceiling", 0, 10)),
              (-32602, "the document is not open"))
        c.notify("textDocument/didClose", {"textDocument": {"uri": suri}})
        c.notify("textDocument/didClose", {"textDocument": {}})
        # the other document is still served
        h = c.request("textDocument/hover", params(uri, crlf, "define z", 0, 7))
        check("after a close: the other document served", h and "define z: bool" in h["contents"]["value"], h)
        # the run-case command
        equal("executeCommand: an unknown command", refused(c, "workspace/executeCommand", {"command": "polrun.other", "arguments": [uri]}),
              (-32602, "unknown command"))
        equal("executeCommand: no arguments", refused(c, "workspace/executeCommand", {"command": "polrun.runCase"}),
              (-32602, "unknown command"))
        equal("executeCommand: a policy is not a case", refused(c, "workspace/executeCommand", {"command": "polrun.runCase", "arguments": [uri]}),
              (-32602, "the case is not open"))
        case = os.path.join(ROOT, "tests", "cases", "changsha-srdi-2025", "024-m1-recognized-on-eval-date.case")
        curi = c.open(case)
        equal("a case: passes", c.diagnostics(curi, timeout=30), [])
        equal("executeCommand: runs the case", refused(c, "workspace/executeCommand", {"command": "polrun.runCase", "arguments": [curi]}),
              ("result", None))
        equal("executeCommand: the case's diagnostics again", c.diagnostics(curi, timeout=30), [])
        equal("a case: no symbols", c.request("textDocument/documentSymbol", {"textDocument": {"uri": curi}}), [])
        equal("a case: no hover", c.request("textDocument/hover", {"textDocument": {"uri": curi}, "position": {"line": 0, "character": 0}}), None)
        equal("a case: not formatted", c.request("textDocument/formatting", {"textDocument": {"uri": curi}, "options": {}}), None)
        # a document that is not a file: checked, no path
        nuri = "untitled:Untitled-1"
        c.notify("textDocument/didOpen", {"textDocument": {"uri": nuri, "languageId": "pol", "version": 1, "text": fixed}})
        equal("an untitled document: checked", c.diagnostics(nuri), [])
        equal("documents: exit 0", c.shutdown(), 0)
    finally:
        ended(c)
        shutil.rmtree(tmp)


def session_example():
    """The example policy (every construct): arguments and the variables
    of count/sum, their highlight, rename and members; enum values; a
    scale (the relief policy)."""
    ex = os.path.join(ROOT, "tests", "example", "example.pol")
    text = open(ex, encoding="utf-8").read()
    c = start()
    try:
        uri = c.open(ex, text)
        equal("example: no diagnostics", c.diagnostics(uri), [])

        def hover(needle, offset):
            h = c.request("textDocument/hover", params(uri, text, needle, 0, offset))
            return h and h["contents"]["value"]
        equal("hover: an argument", hover("young(f: Founder", 6), "```pol\nf: Founder\n```\n\na parameter of `young`")
        equal("hover: the variable of sum", hover("sum g.paid for g in previous_grants", 15),
              "```pol\ng: Grant\n```\n\neach element of `previous_grants` in turn")
        at = params(uri, text, "count f in founders where f.graduate", 0, 6)
        line = at["position"]["line"]
        cols = [m for m in range(len(text.split("\n")[line])) if text.split("\n")[line][m:m + 2] in ("f ", "f.", "f,")]
        hl = c.request("textDocument/documentHighlight", at)
        equal("highlight of a variable of count: its three places on its line, the first written",
              [(x["range"]["start"]["line"], x["range"]["start"]["character"], x["range"]["end"]["character"], x["kind"]) for x in hl],
              [(line, k, k + 1, 3 if i == 0 else 2) for i, k in enumerate(cols)])
        edit = c.request("textDocument/rename", dict(at, newName="founder"))
        lines = text.split("\n")
        lines[line] = lines[line].replace("f in", "founder in").replace("f.", "founder.").replace("(f,", "(founder,")
        equal("rename of a variable of count: that expression alone", apply_edits(text, edit["changes"][uri]), "\n".join(lines))
        equal("rename of a variable to a name local elsewhere: allowed",
              len(c.request("textDocument/rename", dict(at, newName="g"))["changes"][uri]), 3)
        for name, where in (("employees", ":51)"), ):
            try:
                c.request("textDocument/rename", dict(at, newName=name))
                check("rename of a variable to a fact: refused", False)
            except ServerError as e:
                equal("rename of a variable to a fact: refused", (e.code, e.message.split(" (")[0]),
                      (-32803, "`employees` is already a name"))
        # completion: an argument's members, a variable's, an enum's values
        for needle, cut, want in (("l.monthly_rent * min", "monthly_rent", ["start", "monthly_rent", "term_months"]),
                                  ("where f.graduate and young", "graduate", ["age", "graduate"])):
            line, col = find(text, needle, 0, needle.index(".") + 1)
            c.change(uri, [({"start": {"line": line, "character": col}, "end": {"line": line, "character": col + len(cut)}}, "")])
            comp = c.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": {"line": line, "character": col}})
            equal("completion after `%s`" % needle[:needle.index(".") + 1], [i["label"] for i in comp["items"]], want)
            v = c.change(uri, [({"start": {"line": line, "character": col}, "end": {"line": line, "character": col}}, cut)])
        equal("completion: restored", c.diagnostics(uri, version=v), [])
        line = text.split("\n").index("")
        c.change(uri, [({"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}}, "define zz: bool = stage = Stage.")])
        comp = c.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": {"line": line, "character": 32}})
        equal("completion after `Stage.`", [(i["label"], i.get("detail")) for i in comp["items"]],
              [("idea", "Stage"), ("seed", "Stage"), ("growth", "Stage")])
        relief = os.path.join(ROOT, "tests", "relief", "relief.pol")
        rtext = open(relief, encoding="utf-8").read()
        ruri = c.open(relief, rtext)
        equal("relief: no diagnostics", c.diagnostics(ruri), [])
        h = c.request("textDocument/hover", params(ruri, rtext, "scale 经营所得税率", 0, 6))
        check("hover: a scale's signature",
              h and h["contents"]["value"].startswith("```pol\nscale 经营所得税率(base: money): unrounded money\n```"), h)
        equal("example: exit 0", c.shutdown(), 0)
    finally:
        ended(c)



# ---------------------------------------------------------------------------
EDGES_DIR = os.path.join(ROOT, "tests", "lsp", "edges")
EDGES = os.path.join(EDGES_DIR, "edges.pol")
ANSWERS = os.path.join(EDGES_DIR, "answers.json")
UPDATE = "--update" in sys.argv


def normalized(x, tmp=None):
    """An answer with the checkout's folders (and a session's temporary
    one) replaced by names, so that the goldens hold wherever they are."""
    s = json.dumps(x, ensure_ascii=False, sort_keys=True)
    for path, name in ((uri_of(EDGES_DIR), "file://EDGES"), (uri_of(os.path.join(ROOT, "stdlib")), "file://STDLIB"),
                       (EDGES_DIR, "EDGES"), (os.path.join(ROOT, "stdlib"), "STDLIB"),
                       (uri_of(tmp or "/nowhere"), "file://TMP"), (tmp or "/nowhere", "TMP")):
        s = s.replace(path, name)
    return json.loads(s)


class Answers:
    """The goldens of a file of tests/lsp/edges/: each answer compared
    exactly, by name; `run.py POLRUN --update` rewrites them (read the
    diff)."""

    def __init__(self, path=ANSWERS, tmp=None):
        self.path = path
        self.tmp = tmp
        self.want = {} if UPDATE else json.load(open(path, encoding="utf-8"))
        self.got = {}

    def __call__(self, name, got):
        got = normalized(got, self.tmp)
        if name in self.got:
            raise KeyError("two answers named " + name)
        self.got[name] = got
        if not UPDATE:
            equal("edges: " + name, got, self.want.get(name, "(no golden)"))

    def close(self):
        if UPDATE:
            with open(self.path, "w", encoding="utf-8") as f:
                json.dump(self.got, f, ensure_ascii=False, indent=1)
                f.write("\n")
        else:
            equal("edges: every golden answer was asked", sorted(set(self.want) - set(self.got)), [])


def brief_items(comp):
    """A completion list as (label, kind, detail, documentation)."""
    return [[i["label"], i["kind"], i.get("detail"), (i.get("documentation") or {}).get("value")] for i in comp["items"]]


def complete_line(c, uri, text, answers, name, line_text, col=None, good=None):
    """The completion at the end of line_text (or at col), typed as a last
    line after text, against its golden. With good: text + good analysed
    first, so that the last good analysis knows the line's declaration,
    and text's own analysis the last good one again after."""
    if good:
        v = c.change(uri, [(None, text + good + "\n")])
        equal("edges: %s: the line before it is typed" % name, c.diagnostics(uri, version=v), [])
    variant = text + line_text + "\n"
    line = variant.count("\n") - 1
    c.change(uri, [(None, variant)])
    comp = c.request("textDocument/completion", {"textDocument": {"uri": uri},
                                                 "position": {"line": line, "character": len(line_text) if col is None else col}})
    answers("completion: " + name, brief_items(comp))
    if good:
        v = c.change(uri, [(None, text)])
        c.diagnostics(uri, version=v)


def session_edges():
    """Every kind of name at every kind of place of tests/lsp/edges/: hover,
    definition, references, highlight, rename, completion, symbols and
    semantic tokens, each answer against its golden."""
    text = open(EDGES, encoding="utf-8").read()
    answers = Answers()
    c = Client(POLRUN, env={"LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""})
    try:
        legend = c.initialize()["capabilities"]["semanticTokensProvider"]["legend"]
        uri = c.open(EDGES, text)
        equal("edges: no diagnostics", c.diagnostics(uri), [])

        def at(needle, offset=0, nth=0, t=None, u=None):
            return params(u or uri, t or text, needle, nth, offset)

        def ask(name, method, p, **extra):
            try:
                answers(name, c.request(method, dict(p, **extra)))
            except ServerError as e:
                answers(name, {"error": [e.code, e.message]})

        # hover: each kind of name, its signature and its comments
        for name, needle, offset in (
                ("enum, the comment above", "enum Stage", 5),
                ("enum value, a trailing comment", "small,", 0),
                ("enum value without comment", "  large", 2),
                ("record, the comment above after a rule", "record Founder", 7),
                ("member, a trailing comment", "age: integer, at least", 0),
                ("member in backticks", "`first-name`", 1),
                ("fact, a trailing comment after a string with #", "note: optional", 0),
                ("fact in backticks, used", "`count` > double", 2),
                ("parameter without a type", "parameter limit", 10),
                ("parameter with a type", "parameter rate", 10),
                ("scale of numbers", "scale points", 6),
                ("definition with arguments", "define young", 7),
                ("argument, declared", "cap: integer)", 0),
                ("argument, used", "< cap", 2),
                ("variable of count", "f in founders where", 0),
                ("variable of sum", "p.age for p", 0),
                ("member of a member of an imported record", "head.address.region", 13),
                ("imported definition", "double(1)", 0),
                ("standard library definition", "between(2025", 0),
                ("enum value after its enum", "Region.north", 7),
                ("enum value in a set", "{seed, growth}", 1),
                ("measure, quotation over two lines and a note", "measure founding_grant", 8),
                ("measure, named article, no title", "measure named_article", 8),
                ("measure, words before the quotation", "measure untitled", 8),
                ("measure, no title", "measure bare", 8),
                ("measure in `is granted`", "founding_grant is granted", 0),
                ("policy name", 'policy "edges"', 8),
                ("facts", "facts {", 0),
                ("keyword", "amount in kind", 0),
                ("contextual word", "at least 16", 3),
                ("a word of a comment", "# The stage", 2),
                ("a keyword inside a comment", "# True for", 7),
                ("a word of a text", '"Founding grant"', 10),
                ("a number", "limit = 40", 8),
                ("whitespace", "  in force", 0),
                ("the end of a line", "define score: decimal = points(employees)", 41),
                ("an operator", "f.age < cap", 6)):
            ask("hover: " + name, "textDocument/hover", at(needle, offset))
        ask("hover: past the last line", "textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 999, "character": 0}})
        ask("hover: past a line's end", "textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 3, "character": 999}})

        # definition, declaration
        for name, needle, offset in (("imported definition", "double(1)", 0), ("standard library", "between(2025", 0),
                                     ("argument", "< cap", 2), ("enum value", "Region.north", 7),
                                     ("member of an imported record", "head.address.region", 13),
                                     ("a keyword", "amount in kind", 0), ("a comment", "# The stage", 6)):
            ask("definition: " + name, "textDocument/definition", at(needle, offset))
        ask("declaration: a fact", "textDocument/declaration", at("stage is one", 0))

        # references, highlight
        for name, needle, offset, decl in (("enum value", "{seed, growth}", 1, False),
                                           ("enum value with its declaration", "{seed, growth}", 1, True),
                                           ("imported definition", "double(1)", 0, True),
                                           ("member of an imported record", "head.address.region", 13, True),
                                           ("whitespace", "  in force", 0, True)):
            ask("references: " + name, "textDocument/references", at(needle, offset), context={"includeDeclaration": decl})
        ask("references: no context", "textDocument/references", at("< cap", 2))
        for name, needle, offset in (("imported definition: its uses here only", "double(1)", 0),
                                     ("an argument", "< cap", 2), ("nothing", "# The stage", 2)):
            ask("highlight: " + name, "textDocument/documentHighlight", at(needle, offset))

        # prepareRename, rename
        for name, needle, offset in (("policy", 'policy "edges"', 8), ("facts", "facts {", 0),
                                     ("a name in backticks", "`first-name`", 1), ("a keyword", "amount in kind", 0)):
            ask("prepareRename: " + name, "textDocument/prepareRename", at(needle, offset))
        for name, needle, offset, new in (("to the same name", "parameter limit", 10, "limit"),
                                          ("enum value onto another of its enum", "{seed, growth}", 1, "idea"),
                                          ("enum value onto one of another enum", "{seed, growth}", 1, "small"),
                                          ("member onto a sibling", "age: integer, at least", 0, "size"),
                                          ("member onto a fact's name", "age: integer, at least", 0, "stage"),
                                          ("argument onto its sibling", "< cap", 2, "f"),
                                          ("argument onto a global", "< cap", 2, "limit"),
                                          ("variable onto a variable elsewhere", "f in founders where", 0, "p"),
                                          ("global onto an argument", "parameter limit", 10, "cap"),
                                          ("global onto a fact", "parameter limit", 10, "employees"),
                                          ("global onto a variable", "parameter limit", 10, "p"),
                                          ("fact onto a global", "employees: integer", 0, "rate"),
                                          ("a name in backticks", "`first-name`", 1, "given"),
                                          ("imported definition: both files", "double(1)", 0, "twice"),
                                          ("enum onto a record", "enum Stage", 5, "Founder"),
                                          ("policy", 'policy "edges"', 8, "x"),
                                          ("to a keyword", "parameter limit", 10, "when"),
                                          ("to a name with a space", "parameter limit", 10, "a b"),
                                          ("nothing", "# The stage", 2, "x")):
            ask("rename: " + name, "textDocument/rename", at(needle, offset), newName=new)
        ask("rename: no newName", "textDocument/rename", at("parameter limit", 10))

        # completion, after a dot and elsewhere
        def complete(name, line_text, col=None, good=None):
            complete_line(c, uri, text, answers, name, line_text, col, good)
        complete("members of an imported record, their comments", "define q: bool = head.address.")
        complete("a chain through a list", "define q: bool = founders.")
        complete("an unknown member", "define q: bool = head.nope.")
        complete("a member that is no record", "define q: bool = head.age.")
        complete("after an enum", "define q: bool = Region.")
        complete("after a name in backticks", "define q: bool = `count`.")
        complete("an argument not used yet: nothing to go by", "define q(x: Founder): bool = x.")
        complete("an argument's members", "define q(x: Founder): bool = x.", good="define q(x: Founder): bool = x.age > 1")
        complete("a member of a variable", "define q: integer = sum g.address. for g in founders",
                 col=len("define q: integer = sum g.address."), good="define q: integer = sum g.age for g in founders")
        complete("an enum member's values", "define q: bool = head.size is one of {")
        complete("an imported enum member's values", "define q: bool = head.address.region is not one of {north, ")
        complete("a chain of unknown names in a set", "define q: bool = head.nope.size is one of {")
        complete("a set after something else", "define q: bool = id is nothing of {")
        complete("a set without `is`", "define q: bool = stage one of {")
        complete("a set at the start of a line", "stage is one of {")
        complete("`is one of {` at the start of a line", "is one of {")
        complete("`one of {` at the start of a line", "  one of {")
        complete("members at the start of a line", "head.")
        complete("a set whose values spell `one of`", "define q: bool = stage is one of {one of")
        complete("a set after a word ending in is", "define q: bool = stageis one of {")
        complete("a closed set", "define q: bool = stage is one of {seed} and ")
        complete("a clause", "  ")
        complete("a declaration", "")
        complete("a word being typed", "define q: bool = you")
        complete("in a comment", "# a comment ")
        c.change(uri, [(None, text)])

        # a document with a syntax error: completion from the last good analysis
        broken = text + "define q: bool = head.\n"
        v = c.change(uri, [(None, broken)])
        answers("syntax error: diagnostics", c.diagnostics(uri, version=v))
        comp = c.request("textDocument/completion", {"textDocument": {"uri": uri},
                                                     "position": {"line": broken.count("\n") - 1, "character": 22}})
        answers("syntax error: members from the last good analysis", brief_items(comp))
        comp = c.request("textDocument/completion", at("youngest >= 1", 0, t=broken))
        answers("syntax error: names from the last good analysis",
                [i[0] for i in brief_items(comp) if i[1] != 14])
        v = c.change(uri, [(None, text)])
        c.diagnostics(uri, version=v)

        answers("codeAction: nothing to fix", c.request("textDocument/codeAction", {"textDocument": {"uri": uri},
                                                                                  "range": range_of(text, "limit = 40"),
                                                                                  "context": {"diagnostics": []}}))
        # symbols and semantic tokens of the whole file
        answers("documentSymbol", c.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}}))
        answers("semanticTokens", [" ".join([w, t] + m) for w, t, m in semantic_tokens(c, uri, text, legend)])
        equal("edges: exit 0", c.shutdown(), 0)
    finally:
        answers.close()
        ended(c)



BROKEN = '''# broken.pol — a policy with errors of every kind the server shows.
import "broken-module.pol"

policy "broken"
  in force from 2025-01-01 for 1 year

enum Colour { red, red }

facts {
  id: text
  colour: Colour
  n: integer
}

parameter p: integer = "text"
define untyped(x: Unknown) = x
define wrong: integer = untyped(1) + q
define twice: integer = n
define twice: integer = n
define used: integer = n + helper

# a note above
measure titled
  title "Only a title"
  when n > 1
  amount in kind

measure m
  article "1"
  title "m"
  when titled
  amount in kind
'''

# names the checker could not resolve: the index keeps what it can
BROKEN_NAMES = '''policy "broken2"
  in force from 2025-01-01 for 1 year

enum Colour { red, green }

record Pair {
  left: integer
}

facts {
  n: integer
  pair: Pair
  colour: Colour
  extra: integer, required when nope = red
  other: integer, required when pair = red
  odd: Unknown
}

define member_of_a_number: integer = n.x
define over_a_number: bool = any v in n where v > 1
define unknown_value: bool = colour = Colour.blue
define unknown_member: integer = pair.right
define call_of_nothing: integer = nothing(1)
'''

# two fixes of one line, and one that overlaps another
FIXES = BROKEN.replace("when titled", "when “quoted” = id and “again” = id").replace("define used", "define amount")

MODULE = '''module "broken-module"

define helper: integer = 1 + nothing
'''


def session_edges_errors():
    """A policy with errors and an imported module with one, and the
    Chinese keywords: diagnostics, notes, quick fixes, code lenses, hover
    and completion on what could be analysed, each against its golden."""
    tmp = tempfile.mkdtemp()
    answers = Answers(os.path.join(EDGES_DIR, "errors.json"), tmp)
    c = start(root=tmp)
    try:
        path = os.path.join(tmp, "broken.pol")
        with open(os.path.join(tmp, "broken-module.pol"), "w", encoding="utf-8") as f:
            f.write(MODULE)
        uri = c.open(path, BROKEN)
        d = c.diagnostics(uri)
        answers("diagnostics of the policy", d)
        muri = uri_of(os.path.join(tmp, "broken-module.pol"))
        answers("diagnostics of the module, not open", c.diagnostics(muri))

        def at(needle, offset=0, nth=0, t=BROKEN):
            return params(uri, t, needle, nth, offset)
        for name, needle, offset in (("a parameter whose value is refused", "parameter p", 10),
                                     ("a definition without a type", "define untyped", 7),
                                     ("an argument of an unknown type", "x: Unknown", 0),
                                     ("a measure with a title and no article", "measure titled", 8),
                                     ("the first of two declarations", "define twice", 7),
                                     ("an enum with a duplicate value", "enum Colour", 5)):
            answers("hover: " + name, c.request("textDocument/hover", at(needle, offset)))
        for name, rng in (("all", {"start": {"line": 0, "character": 0}, "end": {"line": 99, "character": 0}}),
                          ("a measure as a value", range_of(BROKEN, "when titled", 0, 5)),
                          ("nothing to fix", range_of(BROKEN, "define twice"))):
            answers("codeAction: " + name, c.request("textDocument/codeAction",
                                                     {"textDocument": {"uri": uri}, "range": rng, "context": {"diagnostics": []}}))
        v = c.change(uri, [(None, FIXES)])
        answers("fixes: diagnostics", c.diagnostics(uri, version=v))
        for name, rng in (("all", {"start": {"line": 0, "character": 0}, "end": {"line": 99, "character": 0}}),
                          ("the first quotes", range_of(FIXES, "“quoted”")),
                          ("an empty range at the end of the first quotes", range_of(FIXES, "“quoted”", 0, 8, 0)),
                          ("an empty range just after them", range_of(FIXES, "“quoted” ", 0, 9, 0)),
                          ("an empty range just before the second", range_of(FIXES, "“again”", 0, 0, 0)),
                          ("the line before", range_of(FIXES, "  title \"m\""))):
            answers("fixes: codeAction: " + name, c.request("textDocument/codeAction",
                                                            {"textDocument": {"uri": uri}, "range": rng, "context": {"diagnostics": []}}))
        v = c.change(uri, [(None, BROKEN)])
        c.diagnostics(uri, version=v)
        answers("codeLens: no cases", c.request("textDocument/codeLens", {"textDocument": {"uri": uri}}))
        answers("documentSymbol", c.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}}))
        answers("completion: past the last line", brief_items(c.request(
            "textDocument/completion", {"textDocument": {"uri": uri}, "position": {"line": 500, "character": 3}})))
        # a second declaration of a name has none: it once had a null name,
        # and completion or rename crashed on it
        answers("completion: a clause in the facts", [i[0] for i in brief_items(c.request(
            "textDocument/completion", at("colour: Colour", 0)))])
        answers("rename: a fact, with a name declared twice", c.request(
            "textDocument/rename", dict(at("n: integer", 0), newName="count_of")))
        answers("hover: the second declaration", c.request("textDocument/hover", at("define twice", 7, 1)))
        answers("hover: a name in the second declaration: not resolved", c.request("textDocument/hover", at("twice: integer = n", 17, 1)))

        # the module fixed on the disk and saved: its diagnostics cleared
        with open(os.path.join(tmp, "broken-module.pol"), "w", encoding="utf-8") as f:
            f.write(MODULE.replace("1 + nothing", "1"))
        c.notify("workspace/didChangeWatchedFiles", {"changes": []})
        answers("the module fixed: the policy again", c.diagnostics(uri))
        answers("the module fixed: its diagnostics cleared", c.diagnostics(muri))
        # names the checker could not resolve
        nuri = c.open(os.path.join(tmp, "names.pol"), BROKEN_NAMES)
        answers("unresolved: diagnostics", [(x.get("code"), x["range"]["start"]["line"]) for x in c.diagnostics(nuri)])
        for name, needle, offset in (("a member of a number", "n.x", 2), ("the number", "n.x", 0),
                                     ("a variable over a number", "any v in", 4), ("it, used", "v > 1", 0),
                                     ("an unknown value", "Colour.blue", 7), ("its enum", "Colour.blue", 0),
                                     ("an unknown member", "pair.right", 5), ("an unknown function", "nothing(1)", 0),
                                     ("an unknown member a requirement names", "when nope", 5),
                                     ("a value of a requirement on a member that is no enum", "pair = red", 7),
                                     ("a fact of an unknown type", "odd: Unknown", 0)):
            answers("unresolved: hover: " + name, c.request("textDocument/hover", params(nuri, BROKEN_NAMES, needle, 0, offset)))
        answers("unresolved: symbols", [(s["name"], [k["name"] for k in s.get("children", [])])
                                        for s in c.request("textDocument/documentSymbol", {"textDocument": {"uri": nuri}})])
        equal("edges errors: exit 0", c.shutdown(), 0)
    finally:
        answers.close()
        ended(c)
        shutil.rmtree(tmp)



def session_edges_zh():
    """tests/lsp/edges/edges.pol in Chinese keywords (`polrun fmt --keywords
    zh`), and documents whose set of keywords is not yet decided: hover on
    Chinese words, completion of each kind, against goldens."""
    import subprocess
    zh = subprocess.run([POLRUN, "fmt", "--keywords", "zh", EDGES], capture_output=True, check=True).stdout.decode("utf-8")
    answers = Answers(os.path.join(EDGES_DIR, "zh.json"))
    c = start(encodings=["utf-8"])
    try:
        uri = c.open(os.path.join(EDGES_DIR, "edges-zh.pol"), zh)
        equal("edges zh: no diagnostics", c.diagnostics(uri), [])

        def at(needle, offset=0, nth=0):
            line, col = find(zh, needle, nth, offset)
            return {"textDocument": {"uri": uri}, "position": position(zh, line, col, "utf-8")}
        for name, needle, offset in (("a keyword", "定义 young", 0), ("a keyword, its second character", "定义 young", 1),
                                     ("a contextual word", "之一 的", 0), ("a name after Chinese words", "是 之一 的 {seed", 8)):
            answers("hover: " + name, c.request("textDocument/hover", at(needle, offset)))

        def complete(name, line_text, document=None):
            text = (zh if document is None else document) + line_text
            line = text.count("\n")
            v = c.change(uri, [(None, text)])
            c.diagnostics(uri, version=v)
            comp = c.request("textDocument/completion", {"textDocument": {"uri": uri},
                                                         "position": {"line": line, "character": len(line_text.encode("utf-8"))}})
            answers("completion: " + name, [i[0] for i in brief_items(comp)])
        complete("the values after 是 之一 的 {", "定义 q: 真假值 = head.size 是 之一 的 {")
        complete("the values after 是 非 之一 的 {", "定义 q: 真假值 = stage 是 非 之一 的 {idea, ")
        complete("English words in a Chinese file: no values", "定义 q: 真假值 = stage is one of {")
        complete("a clause", "  ")
        complete("a declaration", "")
        # a document without a keyword yet: the words of both sets; a
        # comment, a text or backticks before the first keyword are skipped
        for name, before in (("nothing", ""), ("a comment", "# policy\n"), ("a text", '"policy \\" when"\n'),
                             ("a word that is no keyword", "foo\n"), ("a backslash at the end", '"\\'),
                             ("a word at the very end", "foo"),
                             ("backticks", "`policy`\n"), ("a text left open", '"policy\n')):
            complete("no keyword yet, " + name, "", before)
        complete("the set of the first keyword after a comment", "", "# policy when\n政策 \"p\"\n")
        equal("edges zh: exit 0", c.shutdown(), 0)
    finally:
        answers.close()
        ended(c)



def session_server_edges():
    """The server's own edges: initialization options at and past their
    bounds, many documents, changes of every form, messages of the wrong
    shape, requests without what they need, cases found on the disk or not
    at all, a reader that goes away. Exact answers."""
    tmp = tempfile.mkdtemp()
    try:
        # a policy and its cases: tests/cases/<id>/ in a folder above it
        os.makedirs(os.path.join(tmp, "policies"))
        os.makedirs(os.path.join(tmp, "tests", "cases", "small"))
        os.makedirs(os.path.join(tmp, "tests", "cases", "nowhere"))
        os.makedirs(os.path.join(tmp, "mine", "small"))
        small = ('policy "small"\n  title "s"\n  in force from 2025-01-01 for 1 year\n\nfacts {\n  n: integer\n}\n\n'
                 'measure m\n  article "1"\n  title "m"\n  when n > 1\n  amount in kind\n')
        policy = os.path.join(tmp, "policies", "small.pol")
        with open(policy, "w", encoding="utf-8") as f:
            f.write(small)
        case = ('case: two\ndate: 2025-06-01\nfacts:\n{"n": 2}\nexpect:\n{"entitlements": [{"measure": "m", "article": "1", '
                '"title": "m", "amount": null, "basis": "non_monetary"}]}\n')
        cpath = os.path.join(tmp, "tests", "cases", "small", "two.case")
        with open(cpath, "w", encoding="utf-8") as f:
            f.write(case)
        with open(os.path.join(tmp, "mine", "small", "one.case"), "w", encoding="utf-8") as f:
            f.write(case.replace('{"n": 2}', '{"n": 0}'))

        # options at and past their bounds; a relative casesDirectory
        c = Client(POLRUN, env={"LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""})
        r = c.initialize(encodings=[1, "utf-32"], locale="", root=tmp,
                         options={"debounce": 10001, "timeout": 0, "casesDirectory": "mine"})
        equal("server: an encoding it does not know: UTF-16", r["capabilities"]["positionEncoding"], "utf-16")
        equal("server: initialize twice", refused(c, "initialize", {"capabilities": {}}),
              (-32600, "initialize was already received"))
        uri = c.open(policy, small)
        equal("server: checked (the debounce past its bound ignored)", c.diagnostics(uri, timeout=5), [])
        lenses = c.request("textDocument/codeLens", {"textDocument": {"uri": uri}}, timeout=30)
        equal("server: a lens over the cases of casesDirectory, relative to the root, one case",
              [l["command"]["title"] for l in lenses], ["granted in 0 of 1 recorded case"])
        # requests without what they need
        for name, method, p, want in (
                ("hover without a position", "textDocument/hover", {"textDocument": {"uri": uri}},
                 (-32602, "the request needs a position")),
                ("a position of the wrong kind", "textDocument/hover",
                 {"textDocument": {"uri": uri}, "position": {"line": "0", "character": 0}}, (-32602, "the request needs a position")),
                ("codeAction without a range", "textDocument/codeAction", {"textDocument": {"uri": uri}},
                 (-32602, "codeAction needs a range")),
                ("codeAction with half a range", "textDocument/codeAction",
                 {"textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0}}},
                 (-32602, "codeAction needs a range")),
                ("no document", "textDocument/hover", {"position": {"line": 0, "character": 0}}, (-32602, "the document is not open")),
                ("formatting, no document", "textDocument/formatting", {}, (-32602, "the document is not open")),
                ("declaration", "textDocument/declaration", params(uri, small, "n > 1"),
                 ("result", {"uri": uri, "range": range_of(small, "n: integer", 0, 0, 1)})),
                ("a method the server has not", "textDocument/typeDefinition", params(uri, small, "n > 1"),
                 (-32601, "unknown method textDocument/typeDefinition"))):
            equal("server: " + name, refused(c, method, p), want)
        equal("server: exit 0", c.shutdown(), 0)
        ended(c)

        # options of the wrong kind or out of range; a relative
        # casesDirectory without a root; a Chinese locale of another region
        c = Client(POLRUN, env={"LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""})
        r = c.initialize(encodings=["utf-8"], locale="zh-TW", options={"debounce": -1, "timeout": "5", "casesDirectory": "mine"})
        equal("server: UTF-8 when asked", r["capabilities"]["positionEncoding"], "utf-8")
        uri = c.open(policy, small)
        equal("server: checked with the options left at their defaults", c.diagnostics(uri, timeout=5), [])
        equal("server: a relative casesDirectory without a root: no cases, said in Chinese",
              [l["command"]["title"] for l in c.request("textDocument/codeLens", {"textDocument": {"uri": uri}}, timeout=30)],
              ["没有已记录的案例"])
        equal("server: exit 0 (options)", c.shutdown(), 0)
        ended(c)

        # initialize as a careless client sends it: encodings that are no
        # list, an empty locale, options of the wrong kind
        c = Client(POLRUN, env={"LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""})
        r = c.request("initialize", {"capabilities": {"general": {"positionEncodings": "utf-8"}}, "locale": "",
                                     "initializationOptions": {"debounce": "30", "casesDirectory": "", "timeout": 700000}})
        c.notify("initialized", {})
        equal("server: encodings that are no list: UTF-16", r["capabilities"]["positionEncoding"], "utf-16")
        uri = c.open(policy, small)
        equal("server: careless options: checked", c.diagnostics(uri, timeout=5), [])
        for name, pos in (("no line", {"character": 0}), ("no character", {"line": 0}), ("a line of the wrong kind", {"line": 0.5, "character": 0})):
            equal("server: a position with %s" % name, refused(c, "textDocument/hover", {"textDocument": {"uri": uri}, "position": pos}),
                  (-32602, "the request needs a position"))
        for name, rng in (("a start without a line", {"start": {"character": 0}, "end": {"line": 0, "character": 0}}),
                          ("a start without a character", {"start": {"line": 0}, "end": {"line": 0, "character": 0}}),
                          ("an end without a line", {"start": {"line": 0, "character": 0}, "end": {"character": 0}}),
                          ("an end without a character", {"start": {"line": 0, "character": 0}, "end": {"line": 0}})):
            equal("server: a range with %s" % name, refused(c, "textDocument/codeAction", {"textDocument": {"uri": uri}, "range": rng}),
                  (-32602, "codeAction needs a range"))
        equal("server: exit 0 (careless)", c.shutdown(), 0)
        ended(c)

        # an absolute casesDirectory without the policy's folder; many documents
        c = start(options={"casesDirectory": os.path.join(tmp, "none"), "debounce": 0, "timeout": 600001})
        uri = c.open(policy, small)
        c.diagnostics(uri)
        lenses = c.request("textDocument/codeLens", {"textDocument": {"uri": uri}}, timeout=30)
        equal("server: no folder of cases", [l["command"]["title"] for l in lenses], ["no recorded cases"])
        uris = [c.open(os.path.join(tmp, "doc%d.pol" % i), small.replace('"small"', '"d%d"' % i)) for i in range(12)]
        for u in uris:
            equal("server: one of twelve documents checked", c.diagnostics(u, timeout=10), [])
        c.notify("textDocument/didOpen", {"textDocument": {"uri": uris[3], "languageId": "pol", "version": 7, "text": small + "x"}})
        d = c.diagnostics(uris[3])
        equal("server: a document opened again takes the new text", [x.get("code") for x in d], ["E0204"])
        c.notify("textDocument/didOpen", {"textDocument": {"uri": uris[4], "version": 1}})
        h = c.request("textDocument/hover", params(uris[4], small, "n > 1"))
        check("server: an open without text leaves the document as it was", h and "n: integer" in h["contents"]["value"], h)
        # changes: a null range is the whole text; no version counts one up
        c.notify("textDocument/didChange", {"textDocument": {"uri": uris[5]},
                                            "contentChanges": [{"range": None, "text": small + "define z: integer = q\n"}]})
        d = c.diagnostics(uris[5], version=2)
        equal("server: a change with a null range and no version: the version counted one up", [x.get("code") for x in d], ["E0301"])
        c.notify("textDocument/didChange", {"textDocument": {"uri": uris[5], "version": 40},
                                            "contentChanges": [{"range": {"start": {"line": 0, "character": "x"},
                                                                          "end": {"line": 0, "character": 0}}, "text": "y"},
                                                               {"range": {"start": {"line": 0, "character": 0},
                                                                          "end": {"line": 0, "character": 0}}, "text": 5}]})
        equal("server: changes that are not applied, the version taken", [x.get("code") for x in c.diagnostics(uris[5], version=40)],
              ["E0301"])
        c.notify("textDocument/didChange", {"contentChanges": [{"text": "x"}]})
        # messages of the wrong shape
        for body, want in ((b'{"jsonrpc": "2.0", "id": 1.5, "method": "shutdown"}', (-32600, "a request's id is a number or a string")),
                           (b'{"jsonrpc": "2.0", "id": true, "method": "shutdown"}', (-32600, "a request's id is a number or a string")),
                           (b'"text"', (-32700, "the message is not valid JSON")),
                           (b'{"jsonrpc": "2.0", "method": "x"}', None)):
            c.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            if want:
                equal("server: %s" % body.decode(), anonymous_errors(c, 1), [want])
        equal("server: params neither object nor array", refused(c, "textDocument/hover", 5), (-32602, "params is an object or an array"))
        equal("server: params a string", refused(c, "textDocument/hover", "x"), (-32602, "params is an object or an array"))
        for body in (b'{"jsonrpc": "2.0", "id": null, "method": "shutdown"}', b'{"jsonrpc": "2.0", "id": {}, "method": "shutdown"}'):
            c.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            equal("server: %s" % body.decode(), anonymous_errors(c, 1), [(-32600, "a request's id is a number or a string")])
        c.notify("textDocument/didChange", {"textDocument": {"uri": uris[7]}, "contentChanges": {"text": "x"}})
        h = c.request("textDocument/hover", params(uris[7], small, "n > 1"))
        check("server: changes that are no list: the text as it was", h and "n: integer" in h["contents"]["value"], h)
        c.notify("textDocument/didOpen", 5)
        c.send({"jsonrpc": "2.0", "id": 999, "result": None})   # a response to nothing: no answer
        c.send({"jsonrpc": "2.0", "id": "s1", "method": "textDocument/hover", "params": params(uri, small, "n > 1")})
        h = c.wait("s1")
        check("server: a request with a string id", h and h["contents"]["value"].startswith("```pol\nn: integer"), h)
        # code lenses of a module, of a policy whose id holds a slash, of
        # one whose folder of cases is empty
        muri = c.open(os.path.join(EDGES_DIR, "common.pol"))
        c.diagnostics(muri)
        equal("server: a module has no lenses", c.request("textDocument/codeLens", {"textDocument": {"uri": muri}}), [])
        for pid in ("a/b", "nowhere"):
            u = c.open(os.path.join(tmp, "policies", "id%d.pol" % len(pid)), small.replace('"small"', '"%s"' % pid))
            c.diagnostics(u)
            equal("server: policy %s: no recorded cases" % pid,
                  [l["command"]["title"] for l in c.request("textDocument/codeLens", {"textDocument": {"uri": u}}, timeout=30)],
                  ["no recorded cases"])
        # a measure of an imported module: not this file's lens nor symbol
        with open(os.path.join(tmp, "mm.pol"), "w", encoding="utf-8") as f:
            f.write('module "mm"\n\nmeasure mod_m\n  article "9"\n  title "x"\n  amount in kind\n')
        um = 'import "mm.pol"\npolicy "usesm"\n  title "t"\n  in force from 2025-01-01 for 1 year\n\nfacts {\n  n: integer\n}\n'
        uuri = c.open(os.path.join(tmp, "um.pol"), um)
        equal("server: a policy whose measure is imported: clean", c.diagnostics(uuri), [])
        equal("server: no lens for an imported measure", c.request("textDocument/codeLens", {"textDocument": {"uri": uuri}}), [])
        equal("server: no symbol for an imported measure",
              [s["name"] for s in c.request("textDocument/documentSymbol", {"textDocument": {"uri": uuri}})], ["usesm", "facts"])
        # formatting a text that does not parse: nothing to do
        v = c.change(uris[6], [(None, small + "define\n")])
        c.diagnostics(uris[6], version=v)
        equal("server: formatting a text that does not parse", c.request("textDocument/formatting",
                                                                        {"textDocument": {"uri": uris[6]}, "options": {}}), None)
        c.notify("textDocument/didOpen", {"textDocument": {"languageId": "pol", "version": 1, "text": small}})
        equal("server: runCase with an argument that is no URI", refused(c, "workspace/executeCommand",
                                                                         {"command": "polrun.runCase", "arguments": [5]}),
              (-32602, "unknown command"))
        # documents that never parsed: completion from what could be read;
        # symbols of what could be read; tokens of a comment alone
        never = 'policy "never"\n  in force from 2025-01-01 for 1 year\n\nfacts {\n  n: integer\n}\n\ndefine q: bool = n.'
        nuri = c.open(os.path.join(tmp, "never.pol"), never)
        equal("server: a document that never parsed", [x.get("code") for x in c.diagnostics(nuri)], ["E0204"])
        comp = c.request("textDocument/completion", {"textDocument": {"uri": nuri}, "position": {"line": 7, "character": 19}})
        equal("server: completion after a dot, no good analysis", comp["items"], [])
        comp = c.request("textDocument/completion", {"textDocument": {"uri": nuri}, "position": {"line": 7, "character": 17}})
        equal("server: completion of names, no good analysis", [i["label"] for i in comp["items"]][:3], ["n", "q", "not"])
        equal("server: symbols of what could be read",
              [(s["name"], s.get("detail")) for s in c.request("textDocument/documentSymbol", {"textDocument": {"uri": nuri}})],
              [("never", None), ("facts", None), ("q", "bool")])
        # 300 uses of one fact (the index's table of references grows), the
        # last at the very end of a text without a final line feed; a name
        # declared twice whose second declaration holds a variable
        many = (small.replace("  n: integer\n", "  n: integer\n  ns: list of P\n") + "record P {\n  k: integer\n}\n"
                + "define twice: integer = 1\ndefine twice: integer = count v in ns where v.k > 1\n"
                + "define total: integer = " + " + ".join(["n"] * 300))
        muri2 = c.open(os.path.join(tmp, "many.pol"), many)
        equal("server: 300 uses: the duplicate only", [x.get("code") for x in c.diagnostics(muri2)], ["E0308"])
        refs = c.request("textDocument/references", dict(params(muri2, many, "n: integer"), context={"includeDeclaration": True}))
        equal("server: 300 uses and the declaration", len(refs), 302)
        last = many.count("\n")
        equal("server: the last use, at the end of the text", refs[-1]["range"],
              {"start": {"line": last, "character": len(many.split("\n")[-1]) - 1},
               "end": {"line": last, "character": len(many.split("\n")[-1])}})
        h = c.request("textDocument/hover", params(muri2, many, "count v in", 0, 6))
        equal("server: a variable of the second declaration (which the checker does not check)", h["contents"]["value"],
              "```pol\nv: ?\n```\n\neach element of `ns` in turn")
        # a name written decomposed (e and U+0301), which the scanner reads
        # composed: its places are the name as written (a rename once
        # replaced the whole head of its declaration)
        nfd = "cafe\u0301"
        dtext = small + "define %s: integer = n\ndefine b: integer = %s + 1\n" % (nfd, nfd)
        duri = c.open(os.path.join(tmp, "nfd.pol"), dtext)
        equal("server: a decomposed name: clean", c.diagnostics(duri), [])
        edit = c.request("textDocument/rename", dict(params(duri, dtext, nfd + " + 1", 0, 1), newName="cafe2"))
        equal("server: a decomposed name renamed where it is written",
              apply_edits(dtext, edit["changes"][duri]), dtext.replace(nfd, "cafe2"))
        # 130 quantifiers one inside the other (the checker stops at 64):
        # the index keeps 128 in scope and goes on
        deep = ('policy "deep"\n  title "t"\n  in force from 2025-01-01 for 1 year\n\nrecord P {\n  k: integer\n}\n\n'
                'facts {\n  ns: list of P\n}\n\ndefine deep: bool = '
                + " ".join("any v%d in ns where" % i for i in range(130)) + " v0.k > v129.k\n")
        deuri = c.open(os.path.join(tmp, "deep.pol"), deep)
        equal("server: 130 quantifiers: the checker's limit", c.diagnostics(deuri)[0]["code"], "E0710")
        h = c.request("textDocument/hover", params(deuri, deep, "v0.k", 0, 0))
        equal("server: the outermost variable, used inside", h["contents"]["value"], "```pol\nv0: P\n```\n\neach element of `ns` in turn")
        # a measure with neither article nor title (E0502): its name alone
        buri = c.open(os.path.join(tmp, "bare.pol"), small.replace('  article "1"\n  title "m"\n', ""))
        equal("server: a measure without article", [x.get("code") for x in c.diagnostics(buri)], ["E0502"])
        h = c.request("textDocument/hover", params(buri, small, "measure m", 0, 8))
        equal("server: its hover, the name alone", h["contents"]["value"], "```pol\nmeasure m\n```")
        curi = c.open(os.path.join(tmp, "comment.pol"), "# nothing but a comment\n")
        c.diagnostics(curi)
        equal("server: the tokens of a comment alone", c.request("textDocument/semanticTokens/full", {"textDocument": {"uri": curi}}),
              {"data": [0, 0, 23, 5, 0]})
        equal("server: exit 0 (many documents)", c.shutdown(), 0)
        ended(c)

        # cases: one found on the disk, one without a policy anywhere, one
        # with problems of its own
        c = start()
        curi = c.open(cpath, case)
        equal("server: a case, its policy found on the disk", c.diagnostics(curi, timeout=30), [])
        lens = c.request("textDocument/codeLens", {"textDocument": {"uri": curi}}, timeout=30)
        equal("server: the case's lens", [(l["command"]["title"], l["command"]["arguments"]) for l in lens],
              [("✓ this case passes: run it again", [curi])])
        lost = os.path.join(tmp, "tests", "cases", "nowhere", "lost.case")
        luri = c.open(lost, case)
        equal("server: a case without a policy: no lens", c.request("textDocument/codeLens", {"textDocument": {"uri": luri}}), [])
        for name, u in (("an untitled case", "untitled:Untitled-2.case"), ("a case named without a folder", "file://rel.case")):
            c.notify("textDocument/didOpen", {"textDocument": {"uri": u, "languageId": "pol", "version": 1, "text": case}})
            equal("server: %s: no lens" % name, c.request("textDocument/codeLens", {"textDocument": {"uri": u}}), [])
        bad = case.replace('{"n": 2}', '{"n": "two"}')
        v = c.change(curi, [(None, bad)])
        d = c.diagnostics(curi, version=v, timeout=30)
        equal("server: a case whose facts are refused", [(x.get("code"), x["range"]["start"]["line"]) for x in d],
              [(None, 4)])
        equal("server: its lens", [l["command"]["title"] for l in c.request("textDocument/codeLens", {"textDocument": {"uri": curi}},
                                                                          timeout=30)], ["✗ this case fails: run it again"])
        broken_case = case.replace("expect:", "expected:")
        v = c.change(curi, [(None, broken_case)])
        d = c.diagnostics(curi, version=v, timeout=30)
        check("server: a case that cannot be read: its problem", len(d) == 1 and d[0].get("code"), d)
        equal("server: its lens", [l["command"]["title"] for l in c.request("textDocument/codeLens", {"textDocument": {"uri": curi}},
                                                                          timeout=30)], ["this case cannot be run: see its problems"])
        for method in ("textDocument/references", "textDocument/codeAction", "textDocument/completion",
                       "textDocument/semanticTokens/full", "textDocument/definition"):
            p = {"textDocument": {"uri": curi}, "position": {"line": 0, "character": 0},
                 "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}}
            equal("server: a case: %s" % method, c.request(method, p), [] if method in (
                "textDocument/references", "textDocument/codeAction", "textDocument/completion") else None)
        # a case closed while it runs: its lens request answered with nothing
        xuri = c.open(os.path.join(tmp, "tests", "cases", "small", "x.case"), case)
        rid = c.request_async("textDocument/codeLens", {"textDocument": {"uri": xuri}})
        c.notify("textDocument/didClose", {"textDocument": {"uri": xuri}})
        equal("server: a case closed while it runs", c.wait(rid, timeout=30), [])
        # the policy open beside its case: the case replayed against it
        puri = c.open(policy, small.replace("n > 1", "n > 5"))
        c.diagnostics(puri)
        c.notify("textDocument/didChange", {"textDocument": {"uri": curi, "version": 9}, "contentChanges": [{"text": case}]})
        d = c.diagnostics(curi, version=9, timeout=30)
        check("server: the case against the policy as the editor shows it: fails", len(d) == 1 and "+" in d[0]["message"], d)
        # the policy's lenses with an untitled case open beside (a document
        # without a file among those compared with the folder's cases)
        lenses = c.request("textDocument/codeLens", {"textDocument": {"uri": puri}}, timeout=30)
        equal("server: the policy's lens, its case open in the editor", [l["command"]["title"] for l in lenses],
              ["granted in 0 of 1 recorded case"])
        # a folder of cases that is empty
        nuri = c.open(os.path.join(tmp, "policies", "nowhere.pol"), small.replace('"small"', '"nowhere"'))
        c.diagnostics(nuri)
        equal("server: an empty folder of cases", [l["command"]["title"] for l in
                                                     c.request("textDocument/codeLens", {"textDocument": {"uri": nuri}}, timeout=30)],
              ["no recorded cases"])
        # a case at the root of the file system, on no disk: no policy
        c.notify("textDocument/didOpen", {"textDocument": {"uri": "file:///polrun-no-such.case", "languageId": "pol",
                                                           "version": 1, "text": case}})
        equal("server: a case at the root: no lens", c.request("textDocument/codeLens",
                                                               {"textDocument": {"uri": "file:///polrun-no-such.case"}}), [])
        # the tokens of a document that is no file
        c.notify("textDocument/didOpen", {"textDocument": {"uri": "untitled:Tokens", "languageId": "pol", "version": 1,
                                                           "text": "# a comment\n"}})
        c.diagnostics("untitled:Tokens")
        equal("server: the tokens of an untitled document", c.request("textDocument/semanticTokens/full",
                                                                      {"textDocument": {"uri": "untitled:Tokens"}}),
              {"data": [0, 0, 11, 5, 0]})
        equal("server: exit 0 (cases)", c.shutdown(), 0)
        ended(c)

        # a case opened while its policy, just opened, is not checked yet
        c = start()
        puri = c.open(policy, small)
        curi = c.open(cpath, case)
        equal("server: a case beside a policy not yet checked", c.diagnostics(curi, timeout=30), [])
        equal("server: exit 0 (policy not checked yet)", c.shutdown(), 0)
        ended(c)
    finally:
        shutil.rmtree(tmp)

    # a client that stops reading, the server started with SIGPIPE
    # ignored (as supervisors do): its first answer fails, it ends, status 1
    import signal
    import subprocess
    p = subprocess.Popen([POLRUN, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         preexec_fn=lambda: signal.signal(signal.SIGPIPE, signal.SIG_IGN))
    p.stdout.close()
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}).encode()
    p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    p.stdin.flush()
    try:
        status = p.wait(10)
    except subprocess.TimeoutExpired:
        p.kill()
        status = p.wait()
    p.stdin.close()
    p.stderr.close()
    equal("server: a reader gone: status 1", status, 1)



def session_edges_more():
    """tests/lsp/edges/more.pol: a declaration at the first line, a name
    after a comment that holds it, optional lists and enums, a scale of
    money, completion through each kind of name; against goldens."""
    path = os.path.join(EDGES_DIR, "more.pol")
    text = open(path, encoding="utf-8").read()
    answers = Answers(os.path.join(EDGES_DIR, "more.json"))
    c = start()
    try:
        uri = c.open(path, text)
        equal("edges more: no diagnostics", c.diagnostics(uri), [])

        def at(needle, offset=0, nth=0):
            return params(uri, text, needle, nth, offset)
        for name, needle, offset in (("an enum at the first line", "enum First", 5),
                                     ("a parameter whose name follows a comment", "lim = 40", 0),
                                     ("a parameter, used", "> lim", 2),
                                     ("a scale of money", "scale money_scale", 6),
                                     ("a scale, applied", "money_scale(10", 0),
                                     ("a name in backticks, used", "`x-y` >", 1),
                                     ("a variable over an optional list", "i in items", 0),
                                     ("a member of a record declared after its use", "i.kind_of", 2),
                                     ("a record declared after its use", "list of Item", 8),
                                     ("the member a requirement depends on", "when sort = b", 5),
                                     ("a value a requirement names", "when sort = b", 12),
                                     ("a value in a requirement's set", "{a, b}\n", 4),
                                     ("a member, a tab before its comment", "name: text", 0),
                                     ("a member, no space after the mark", "code: text", 0),
                                     ("a keyword after a text with # and quotes", '" or flag', 2),
                                     ("a word of a text with # and quotes", 'b\\" grant"', 4),
                                     ("a measure, a reading without a quotation", "measure grant", 8),
                                     ("a measure, quotations with quotes inside", "measure quoted", 8),
                                     ("a measure, a quotation never closed", "measure unclosed", 8)):
            answers("hover: " + name, c.request("textDocument/hover", at(needle, offset)))
        answers("hover: the first word of the file", c.request("textDocument/hover",
                                                               {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}))
        answers("definition: a parameter whose name follows a comment", c.request("textDocument/definition", at("> lim", 2)))
        answers("prepareRename: a name in backticks, used", c.request("textDocument/prepareRename", at("`x-y` >", 1)))
        answers("rename: a name in backticks, used", c.request("textDocument/rename", dict(at("`x-y` >", 1), newName="xy")))

        def complete(name, line_text, good=None):
            complete_line(c, uri, text, answers, name, line_text, None, good)
        complete("an optional list of records", "define q: bool = items.")
        complete("an optional enum in a set", "define q: bool = opt is one of {")
        complete("a member that is an enum, in a set", "define q: bool = all i in items where i.kind_of is one of {",
                 good="define q: bool = all i in items where i.kind_of = First.a")
        complete("a variable's members", "define q: bool = all i in items where i.", good="define q: bool = all i in items where i.qty > 1")
        complete("an argument in a set", "define q(v: First): bool = v is not one of {", good="define q(v: First): bool = v = First.a")
        complete("a member of an enum member: none", "define q: bool = opt.")
        complete("a chain through a member that is no record", "define q: bool = all i in items where i.qty.x.",
                 good="define q: bool = all i in items where i.qty > 1")
        complete("a set after a member of something that is no record", "define q: bool = lim.x is one of {")
        complete("a set after an unknown member", "define q: bool = all i in items where i.nope is one of {",
                 good="define q: bool = all i in items where i.qty > 1")
        complete("a set after a name that is no enum", "define q: bool = lim is one of {")
        complete("names, a scale among them", "define q: money = ")
        answers("documentSymbol", c.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}}))
        equal("edges more: exit 0", c.shutdown(), 0)
    finally:
        answers.close()
        ended(c)



def session_server_waits():
    """Requests that wait for a check: two waiting and one cancelled, one
    whose document is closed before its first check ends, a document that
    is no file past the time limit; a policy closed with an imported file
    in error; the log switched off by an empty POLRUN_LSP_LOG."""
    tmp = tempfile.mkdtemp()
    slow = TEXT + "".join("parameter p%d = %d 元\n" % (i, i) for i in range(30000))
    c = start(env={"POLRUN_LSP_LOG": ""}, options={"timeout": 600000, "debounce": 0})
    try:
        suri = c.open(os.path.join(tmp, "slow.pol"), slow)
        first = c.request_async("textDocument/hover", params(suri, slow, "at most digital_ceiling", 0, 10))
        second = c.request_async("textDocument/hover", params(suri, slow, "at most service_ceiling", 0, 10))
        c.notify("$/cancelRequest", {"id": first})
        h = c.wait(second, timeout=60)
        check("waits: the second request answered", h and "service_ceiling" in h["contents"]["value"], h)
        try:
            c.wait(first, timeout=60)
            check("waits: the first cancelled", False)
        except ServerError as e:
            equal("waits: the first cancelled", (e.code, e.message), (-32800, "cancelled"))
        # closed before its first check ends: answered with nothing
        curi = c.open(os.path.join(tmp, "closed.pol"), slow)
        rid = c.request_async("textDocument/hover", params(curi, slow, "at most digital_ceiling", 0, 10))
        c.notify("textDocument/didClose", {"textDocument": {"uri": curi}})
        equal("waits: closed before its first check: null", c.wait(rid, timeout=60), None)
        # a policy closed: its diagnostics and those of its imported file cleared
        with open(os.path.join(tmp, "mod.pol"), "w", encoding="utf-8") as f:
            f.write('module "mod"\n\ndefine helper: integer = 1 + nothing\n')
        puri = c.open(os.path.join(tmp, "uses.pol"), 'import "mod.pol"\n\npolicy "uses"\n  title "u"\n'
                      '  in force from 2025-01-01 for 1 year\n\ndefine h: integer = helper\n')
        muri = uri_of(os.path.join(tmp, "mod.pol"))
        got = {}
        deadline = time.time() + 60
        while len(got) < 2 and time.time() < deadline:
            msg = c.notifications.get(timeout=max(deadline - time.time(), 0.1))
            p = msg.get("params", {})
            if p.get("uri") in (puri, muri):
                got[p["uri"]] = [x.get("code") for x in p["diagnostics"]]
        equal("waits: the imported file's error published to it (the policy's own beside)", got,
              {puri: ["E0607"], muri: ["E0301"]})
        # a second imported file in error; the first fixed on the disk: its
        # diagnostics cleared, the second's kept
        with open(os.path.join(tmp, "mod2.pol"), "w", encoding="utf-8") as f:
            f.write('module "mod2"\n\ndefine helper2: integer = 2 + nowhere\n')
        m2uri = uri_of(os.path.join(tmp, "mod2.pol"))
        v = c.change(puri, [({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, 'import "mod2.pol"\n')])
        got = {}
        while len(got) < 3 and time.time() < deadline:
            msg = c.notifications.get(timeout=max(deadline - time.time(), 0.1))
            p = msg.get("params", {})
            if p.get("uri") in (puri, muri, m2uri) and (p["uri"] != puri or p.get("version") == v):
                got[p["uri"]] = [x.get("code") for x in p["diagnostics"]]
        equal("waits: two imported files in error", got, {puri: ["E0607"], muri: ["E0301"], m2uri: ["E0301"]})
        with open(os.path.join(tmp, "mod.pol"), "w", encoding="utf-8") as f:
            f.write('module "mod"\n\ndefine helper: integer = 1\n')
        c.notify("textDocument/didSave", {"textDocument": {"uri": puri}})
        got = {}
        while len(got) < 3 and time.time() < deadline:
            msg = c.notifications.get(timeout=max(deadline - time.time(), 0.1))
            p = msg.get("params", {})
            if p.get("uri") in (puri, muri, m2uri):
                got[p["uri"]] = [x.get("code") for x in p["diagnostics"]]
        equal("waits: the first fixed: cleared, the second kept", got, {puri: ["E0607"], muri: [], m2uri: ["E0301"]})
        c.notify("textDocument/didClose", {"textDocument": {"uri": puri}})
        cleared = {}
        while len(cleared) < 2 and time.time() < deadline:
            msg = c.notifications.get(timeout=max(deadline - time.time(), 0.1))
            p = msg.get("params", {})
            if p.get("uri") in (puri, m2uri):
                cleared[p["uri"]] = p["diagnostics"]
        equal("waits: closed, its own and the second's cleared", cleared, {puri: [], m2uri: []})
        equal("waits: exit 0", c.shutdown(), 0)
        check("waits: nothing logged", c.proc.stderr.read() == b"")
    finally:
        ended(c)
    # a document that is no file (so it imports nothing), past the time
    # limit at its first check
    alone = ('policy "alone"\n  title "a"\n  in force from 2025-01-01 for 1 year\n\nfacts {\n  n: integer\n}\n\n'
             + "".join("parameter p%d = %d 元\n" % (i, i) for i in range(30000)))
    c = start(options={"timeout": 1})
    try:
        c.notify("textDocument/didOpen", {"textDocument": {"uri": "untitled:Slow-1", "languageId": "pol", "version": 1,
                                                           "text": alone + "define late: money = q\n"}})
        d = c.diagnostics("untitled:Slow-1", timeout=30)
        equal("waits: an untitled document past the limit: E0711", [x.get("code") for x in d], ["E0711"])
        d = c.diagnostics("untitled:Slow-1", timeout=60)
        equal("waits: then its real diagnostics", [x.get("code") for x in d], ["E0301"])
        equal("waits: exit 0 (untitled)", c.shutdown(), 0)
    finally:
        ended(c)
        shutil.rmtree(tmp)


def main():
    for session in (session_changsha, session_encodings, session_chinese, session_chinese_keywords, session_imports, session_cases,
                    session_malformed, session_framing, session_documents, session_example, session_large, session_burst, session_timeout,
                    session_edges, session_edges_errors, session_edges_zh, session_server_edges,
                    session_edges_more, session_server_waits):
        if os.environ.get("LSP_SESSIONS") and session.__name__ not in os.environ["LSP_SESSIONS"].split():
            continue
        try:
            session()
        except Exception as e:  # a session that breaks is a failure, not the end
            import traceback
            traceback.print_exc()
            check("%s ran to its end" % session.__name__, False, e)
    print("lsp: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
