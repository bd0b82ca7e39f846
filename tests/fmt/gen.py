#!/usr/bin/env python3
"""Random .pol programs for the fmt property tests.

    tests/fmt/gen.py OUTDIR COUNT [FIRST_SEED]

writes OUTDIR/gen-SEED.pol for COUNT seeds. Each program parses (it need
not type-check: the formatter works on syntax) and uses every construct of
the grammar over a few seeds: every declaration, header and measure clause,
member form, rule form, operator (ASCII and × ÷ ≠ ≤ ≥), quantifier, literal
spelling. The layout is random: spaces, tabs, no space where the scanner
allows it, line breaks anywhere a drafter could put one, blank lines,
comments after code and on their own lines, CRLF line ends, trailing
blanks. Deterministic: a seed always gives the same file.
"""
import os
import random
import sys

NAMES = ["a", "b", "rate", "x1", "_tmp", "revenue", "tier", "员工人数", "租金补贴上限", "小微企业",
         "least", "most", "present", "absent", "granted", "one", "period", "regulation", "kind",
         "start", "end", "down", "up", "half", "even", "fen", "min", "max", "bool", "money", "text"]
TYPES = ["bool", "integer", "decimal", "money", "text", "Tier", "Founder", "duration"]
MONEY = ["500000 元", "500000元", "50 万元", "1.5 亿元", "¥500,000.00", "¥ 12", "500000 yuan", "0.12 万元",
         "3333.33 元", "1,000,000 元", "0 元", "2\t万元"]
PERCENT = ["30%", "12.5%", "1,000%", "0%"]
DURATION = ["3 years", "1 year", "6 months", "1 month", "10 days", "1 day", "2\tyears"]
DATES = ["2025-03-01", "2024-02-29", "2026-12-31", "0001-01-01"]
TEXTS = ['"市工业和信息化局"', '"a # not a comment"', '"quoted \\"x\\""', '"back\\\\slash"', '"line\\nbreak\\ttab"',
         '""', '"专精特新“小巨人”"']
COMMENTS = ["# a comment", "#", "# “本文件自 2025 年 3 月 1 日起施行”", "# x = y # z", '# "not text"',
            "#   indented text", "# ---------------------------------------------------------------",
            "# Reading: a long remark that a drafter wrote to explain the rule"]

# Tokens between which no space is needed (the scanner splits them anyway).
TIGHT = set("(),{}:?")


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.toks = []          # (text, no_break_after)

    def t(self, *texts):
        for x in texts:
            self.toks.append([x, False])

    def name(self):
        return self.r.choice(NAMES)

    def pick(self, xs):
        return self.r.choice(xs)

    # ---- expressions: each returns its precedence level; wrap() adds
    # parentheses when the level is lower than the place needs ----

    def expr(self, need=0, depth=0):
        mark = len(self.toks)
        level = self.expr_any(depth)
        if level < need:
            self.toks.insert(mark, ["(", False])
            self.t(")")
        return level

    def primary(self, depth):
        r = self.r.random()
        if depth > 3 or r < 0.35:
            kind = self.r.randrange(12)
            if kind == 0:
                self.t(str(self.r.choice([0, 1, 25, 2025, 9223372036854775807])))
            elif kind == 1:
                self.t(self.pick(["0.5", "1.5", "0.125", "12.340"]))
            elif kind == 2:
                self.t(self.pick(MONEY))
            elif kind == 3:
                self.t(self.pick(PERCENT))
            elif kind == 4:
                self.t(self.pick(DATES))
            elif kind == 5:
                self.t(self.pick(DURATION))
            elif kind == 6:
                self.t(self.pick(TEXTS))
            elif kind == 7:
                self.t(self.pick(["true", "false"]))
            elif kind == 8:
                self.t("evaluation", "date")
            elif kind == 9:
                self.t("policy", self.pick(["start", "end"]))
            else:
                self.t(self.name())
        elif r < 0.55:
            self.t(self.name(), "(")
            for i in range(self.r.randrange(4)):
                if i:
                    self.t(",")
                self.expr(0, depth + 1)
            self.t(")")
        elif r < 0.75:
            self.primary(depth + 1)
            self.t(".")
            self.toks[-1][1] = True          # never a line break right after a dot
            self.t(self.pick(NAMES + ["title", "amount", "date", "source"]))   # any word after a dot
        else:
            self.t("(")
            self.expr(0, depth + 1)
            self.t(")")
        return 10

    def expr_any(self, depth):
        if depth > 4:
            return self.primary(depth)
        k = self.r.randrange(22)
        d = depth + 1
        if k < 6:
            return self.primary(depth)
        if k == 6:
            self.t("if"); self.expr(0, d); self.t("then"); self.expr(0, d); self.t("else"); self.expr(0, d)
            return 0
        if k == 7:
            q = self.pick(["any", "all", "count", "count-where", "sum", "sum-where"])
            if q.startswith("sum"):
                self.t("sum"); self.expr(1, d); self.t("for", self.name(), "in"); self.primary(d)
            else:
                self.t(q.split("-")[0], self.name(), "in"); self.primary(d)
            if q in ("any", "all", "count-where", "sum-where"):
                self.t("where"); self.expr(0, d)
            return 0
        if k == 8:
            self.expr(1, d); self.t("or"); self.expr(2, d)
            return 1
        if k == 9:
            self.expr(2, d); self.t("and"); self.expr(3, d)
            return 2
        if k == 10:
            self.t("not"); self.expr(3, d)
            return 3
        if k == 11:
            self.expr(5, d); self.t(self.pick(["=", "!=", "≠", "<", "<=", "≤", ">", ">=", "≥"])); self.expr(5, d)
            return 4
        if k == 12:
            self.expr(5, d); self.t("is", self.pick(["present", "absent", "granted"]))
            return 4
        if k == 13:
            self.expr(5, d); self.t("is", "one", "of", "{")
            for i in range(self.r.randrange(1, 4)):
                if i:
                    self.t(",")
                self.expr(self.r.choice([0, 1]), d)
            if self.r.random() < 0.2:
                self.t(",")
            self.t("}")
            return 4
        if k == 14:
            self.expr(5, d); self.t("within", "period", "in", "force")
            return 4
        if k == 15:
            self.expr(6, d); self.t("rounded")
            self.t(*self.pick([["down"], ["up"], ["half", "up"], ["half", "even"]]))
            if self.r.random() < 0.5:
                self.t("to", self.pick(["fen", "yuan"]))
            return 5
        if k == 16:
            self.expr(6, d); self.t(self.pick(["+", "-"])); self.expr(7, d)
            return 6
        if k == 17:
            self.expr(7, d); self.t(self.pick(["*", "×", "/", "÷", "of"])); self.expr(8, d)
            return 7
        if k == 18:
            self.t("-"); self.expr(8, d)
            return 8
        if k == 19:
            self.expr(9, d); self.t("otherwise"); self.expr(10, d)
            return 9
        return self.primary(depth)

    # ---- declarations ----

    def type_base(self):
        r = self.r.random()
        if r < 0.15:
            self.t("date")
        elif r < 0.3:
            self.t("list", "of", self.pick(TYPES))
        else:
            self.t(self.pick(TYPES))

    def type_(self):
        r = self.r.random()
        if r < 0.2:
            self.t("optional"); self.type_base()
        elif r < 0.35:
            self.type_base(); self.t("?")
        elif r < 0.45:
            self.t("unrounded", "money")
        else:
            self.type_base()

    def policy(self):
        self.t("policy", self.pick(['"riverton-2025"', '"长沙-2025"']))
        clauses = ["title", "source", "force", "identified", "as", "applies"]
        self.r.shuffle(clauses)
        for c in clauses[: self.r.randrange(len(clauses) + 1)]:
            if c == "title":
                self.t("title", self.pick(TEXTS))
            elif c == "source":
                self.t("source", self.pick(TEXTS))
            elif c == "force":
                self.t("in", "force", "from", self.pick(DATES))
                if self.r.random() < 0.5:
                    self.t("for", self.pick(DURATION))
                else:
                    self.t("through", self.pick(DATES))
            elif c == "identified":
                self.t("identified", "by", self.name())
            elif c == "as":
                self.t("as", "of", self.name())
            else:
                self.t("applies", "when"); self.expr()

    def members(self):
        for _ in range(self.r.randrange(5)):
            self.t(self.name(), ":")
            form = self.r.randrange(10)
            if form == 1 or form == 5:
                self.t("optional")
            self.type_base()
            if form == 2:
                self.t("or", "null")
            elif form == 3:
                self.t(",", "required", "when", self.name(), "=", self.name())
            elif form == 4 or form == 5:
                self.t(",", "at", "least", str(self.r.choice([0, 1, 16])))
            elif form == 6:
                self.t(",", "required", "when", self.name(), "is", "one", "of", "{", self.name())
                for _ in range(self.r.randrange(3)):
                    self.t(",", self.name())
                self.t("}")
                if self.r.random() < 0.5:
                    self.t(",", "absent", "otherwise")
            elif form == 7:
                self.t(",", "at", self.pick(["least", "most"]), self.pick(["1 item", "20 items", "4  items"]))
            elif form == 8:
                self.t(",", str(self.r.choice([0, 1])), "to", self.pick(["9", "999999999", "4 items"]))
            elif form == 9:
                self.t(",", "at", "most", str(self.r.choice([0, 9, 20])), ",", "required", "when", self.name(), "=", self.name())

    def scale(self):
        self.t("scale", self.name())
        if self.r.random() < 0.5:
            self.t("source", self.pick(TEXTS))
        deductions = self.r.random() < 0.5
        for i in range(self.r.randrange(4)):
            self.t("up", "to", self.pick(["30000 元", "9 万元", "¥300,000.00", "1.5", "20"]), ":",
                   self.pick(["5%", "10%", "0.35", "1"]))
            if deductions:
                self.t(",", "deduction", self.pick(["0 元", "1500 元", "65500 元", "0.5"]))
        self.t("above", ":", self.pick(["35%", "0.25"]))
        if deductions:
            self.t(",", "deduction", self.pick(["65500 元", "2"]))

    def decl(self):
        k = self.r.randrange(11)
        if k == 10:
            self.scale()
            return
        if k == 0:
            self.t("module", self.pick(['"example/x"', '"period"']))
        elif k == 1:
            self.t("import", self.pick(['"period.pol"', '"changsha-srdi-2025/facts.pol"']))
        elif k == 2:
            self.t("enum", self.pick(["Tier", "Size", "类型"]), "{")
            for i in range(self.r.randrange(1, 5)):
                if i:
                    self.t(",")
                self.t(self.name())
            if self.r.random() < 0.3:
                self.t(",")
            self.t("}")
        elif k == 3:
            self.t("record", self.pick(["Founder", "Lease"]), "{"); self.members(); self.t("}")
        elif k == 4:
            self.t("facts", "{"); self.members(); self.t("}")
        elif k == 5:
            self.t("parameter", self.name())
            if self.r.random() < 0.6:
                self.t(":"); self.type_()
            self.t("="); self.expr()
        elif k in (6, 7):
            self.t("define", self.name())
            if self.r.random() < 0.4:
                self.t("(")
                for i in range(self.r.randrange(1, 4)):
                    if i:
                        self.t(",")
                    self.t(self.name(), ":"); self.type_()
                self.t(")")
            self.t(":"); self.type_()
            if k == 6:
                self.t("="); self.expr()
            else:
                for _ in range(self.r.randrange(1, 5)):
                    form = self.r.randrange(7)
                    if form == 0:
                        self.t("default"); self.expr()
                        continue
                    self.t("rule" if form < 3 else "exception", self.name())
                    if form in (5, 6):
                        self.t("to", self.name())
                    if form in (2, 4, 6):
                        self.t("when"); self.expr()
                    self.t(":"); self.expr()
        else:
            self.t("measure", self.name())
            amount = False
            for _ in range(self.r.randrange(9)):
                c = self.r.randrange(7)
                if c == 0:
                    self.t("article", self.pick(TEXTS))
                elif c == 1:
                    self.t("title", self.pick(TEXTS))
                elif c == 2:
                    self.t("responsible", self.pick(TEXTS))
                    for _ in range(self.r.randrange(3)):
                        self.t(",", self.pick(TEXTS))
                elif c == 3:
                    self.t("when"); self.expr()
                elif c == 4 and not amount:
                    amount = True
                    self.t("amount", *self.pick([["fixed"], ["capped"], ["per", "regulation"], ["in", "kind"]]))
                    if self.toks[-1][0] in ("fixed", "capped"):
                        self.expr()
                else:
                    self.t("at", "most"); self.expr(1)
                    if self.r.random() < 0.4:
                        self.t("if", "present")

    def program(self):
        if self.r.random() < 0.5:
            self.policy()
        for _ in range(self.r.randrange(1, 9)):
            self.decl()

    # ---- layout ----

    def comment(self):
        c = self.pick(COMMENTS)
        return c + self.pick(["", "", "  ", "\t"])

    def indent(self):
        return self.pick(["", "  ", "    ", "\t", "         ", " "])

    def layout(self):
        r = self.r
        chaos = r.choice([0.02, 0.1, 0.3])
        out = []
        if r.random() < 0.3:
            out.append(self.comment() + "\n\n")
        for i, (text, no_break) in enumerate(self.toks):
            out.append(text)
            if i + 1 == len(self.toks):
                break
            nxt = self.toks[i + 1][0]
            # no space where the scanner splits anyway, but `1,` `202 元`
            # written tight would be the money `1,202 元`
            tight_ok = (text in TIGHT or nxt in TIGHT) and not (text == "," and nxt[0].isdigit()) \
                and not (nxt == "," and text[-1].isdigit())
            if no_break:
                out.append(r.choice(["", " ", "\t"]) if text == "." else r.choice([" ", "\t"]))
                continue
            x = r.random()
            if x < chaos * 0.4:
                out.append("\n" + self.indent())
            elif x < chaos * 0.55:
                out.append(r.choice(["", "  "]) + "\n\n" + self.indent())
            elif x < chaos * 0.75:
                out.append(r.choice([" ", "      "]) + self.comment() + "\n" + self.indent())
            elif x < chaos:
                out.append("\n" + self.indent() + self.comment() + "\n" + self.indent())
            elif tight_ok and r.random() < 0.3:
                out.append("")
            else:
                out.append(r.choice([" ", " ", " ", "  ", "\t"]))
        text = "".join(out) + r.choice(["\n", "", "\n\n", "  # last\n"])
        if r.random() < 0.15:
            text = text.replace("\n", "\r\n")
        return text


def main():
    outdir, count = sys.argv[1], int(sys.argv[2])
    first = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    os.makedirs(outdir, exist_ok=True)
    for seed in range(first, first + count):
        g = Gen(seed)
        g.program()
        with open(os.path.join(outdir, "gen-%d.pol" % seed), "w", encoding="utf-8", newline="") as f:
            f.write(g.layout())


if __name__ == "__main__":
    main()
