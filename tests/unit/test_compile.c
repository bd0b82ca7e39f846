/*
 * test_compile.c — the bytecode compiler (pol_compile): exact instruction
 * sequences for small programs. A chunk is rendered as a listing such as
 *     CONST int 1, CONST int 2, ADD_INT, RETURN
 * where constants are shown by value, facts and definitions by name, and a
 * jump by the index of the instruction it lands on (`@5`, or `@end`), so a
 * misplaced jump offset shows up as a wrong index.
 */
#include <criterion/criterion.h>
#include <gc.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "check.h"
#include "compile.h"
#include "load.h"
#include "parse.h"
#include "source.h"
#include "support.h"

/* ------------------------------------------------------------ harness */



TestSuite(compile, .init = pol_test_capture_diagnostics);

#define HEADER \
    "policy \"t\"\n" \
    "  title \"T\"\n" \
    "  in force from 2025-01-01 for 3 years\n"

#define SCHEMA \
    "enum Kind { enterprise, service_org }\n" \
    "record Item {\n  n: integer\n  ok: bool\n  amt: money\n  v: optional integer\n}\n" \
    "record Sub {\n  paid: money\n  flag: bool\n  items: list of Item\n}\n" \
    "facts {\n" \
    "  id: text\n" \
    "  n: integer\n" \
    "  flag: bool\n" \
    "  other: bool\n" \
    "  rev: money\n" \
    "  opt_amt: optional money\n" \
    "  start: date\n" \
    "  sub: Sub\n" \
    "  items: list of Item\n" \
    "  opt_n: optional integer\n" \
    "  kind: Kind\n" \
    "  opt_sub: optional Sub\n" \
    "  rate: decimal\n" \
    "}\n"

static void verify_program(const PolProgram *p);

/* Parses, checks and compiles text; no diagnostics allowed. */
static PolProgram *build_text(const char *text)
{
    PolProgram *p = pol_test_compile(text);
    verify_program(p);
    return p;
}

static PolProgram *build(const char *body)
{
    return build_text(pol_strdup_printf(HEADER SCHEMA "%s", body));
}

static const PolChunk *chunk(const PolProgram *p, const char *name)
{
    for (int i = 0; i < p->nchunks; i++)
        if (strcmp(p->chunks[i].name, name) == 0)
            return &p->chunks[i];
    cr_assert_fail("no chunk `%s`", name);
    return NULL;
}

static int u16(const uint8_t *at) { return at[0] | (at[1] << 8); }
static int i16(const uint8_t *at) { return (int16_t)(uint16_t)u16(at); }

/* Offsets of the instruction starts; returns their number. */
static int starts(const PolChunk *ch, int *out, int max)
{
    int n = 0;
    for (int at = 0; at < ch->len; at += pol_instruction_size((PolOpcode)ch->code[at])) {
        cr_assert_lt(ch->code[at], POL_I_COUNT, "chunk %s: bad opcode %d at %d", ch->name, ch->code[at], at);
        cr_assert_lt(n, max);
        out[n++] = at;
    }
    return n;
}

/* The instruction index an offset falls on, "end" for the chunk's end. */
static const char *target(const PolChunk *ch, const int *st, int n, int offset)
{
    if (offset == ch->len)
        return "end";
    for (int i = 0; i < n; i++)
        if (st[i] == offset)
            return pol_strdup_printf("%d", i);
    return pol_strdup_printf("bad%d", offset);
}

static void put(char *buf, size_t size, size_t *len, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void put(char *buf, size_t size, size_t *len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(buf + *len, size - *len, fmt, ap);
    va_end(ap);
    if (k > 0)
        *len += (size_t)k;
    if (*len >= size)
        *len = size - 1;
}

static const char *value_text(PolValue v)
{
    switch (v.tag) {
    case POL_V_BOOL: return v.as.b ? "bool true" : "bool false";
    case POL_V_INT: return pol_strdup_printf("int %lld", (long long)v.as.i);
    case POL_V_DEC: return pol_strdup_printf("dec %lld/%lld", (long long)v.as.dec.num, (long long)v.as.dec.den);
    case POL_V_MONEY: return pol_strdup_printf("fen %lld", (long long)v.as.fen);
    case POL_V_DATE: return pol_strdup_printf("date %d", v.as.date);
    case POL_V_DUR: return pol_strdup_printf("dur %dm%dd", v.as.dur.months, v.as.dur.days);
    case POL_V_TEXT: return pol_strdup_printf("text \"%s\"", v.as.text->bytes);
    case POL_V_ENUM: return pol_strdup_printf("enum %d", v.as.enum_index);
    default: return pol_strdup_printf("tag %d", (int)v.tag);
    }
}

/* The chunk as one line of instructions. */
static const char *listing(const PolProgram *p, const PolChunk *ch)
{
    int *st = GC_MALLOC_ATOMIC((size_t)ch->len * sizeof *st + sizeof *st);
    int n = starts(ch, st, ch->len);
    size_t size = 16384, len = 0;
    char *buf = GC_MALLOC_ATOMIC(size);
    buf[0] = '\0';
    for (int i = 0; i < n; i++) {
        const uint8_t *code = ch->code + st[i];
        PolOpcode op = (PolOpcode)code[0];
        int a = pol_instruction_size(op) >= 3 ? u16(code + 1) : 0;
        int b = pol_instruction_size(op) >= 5 ? u16(code + 3) : 0;
        put(buf, size, &len, "%s%s", i ? ", " : "", pol_opcode_names[op]);
        switch (op) {
        case POL_I_CONST: put(buf, size, &len, " %s", value_text(p->consts[a])); break;
        case POL_I_FACT: put(buf, size, &len, " %s", p->facts->members[a].name); break;
        case POL_I_NOTE:
            if (b == POL_NO_INDEX)
                put(buf, size, &len, " %s -", p->strings[a]);
            else
                put(buf, size, &len, " %s %d", p->strings[a], b);
            break;
        case POL_I_PARAM: put(buf, size, &len, " %s", p->param_names[a]); break;
        case POL_I_DEF: put(buf, size, &len, " %s", p->defines[a].name); break;
        case POL_I_CALL: put(buf, size, &len, " %s %d", p->defines[a].name, b); break;
        case POL_I_GRANTED: put(buf, size, &len, " %s", p->measures[a].id); break;
        case POL_I_ITEM: put(buf, size, &len, " %s %d", p->strings[a], b); break;
        default:
            switch (pol_opcode_operands[op]) {
            case POL_OPND_N: break;
            case POL_OPND_A: put(buf, size, &len, " %d", a); break;
            case POL_OPND_AB: put(buf, size, &len, " %d %d", a, b); break;
            case POL_OPND_J: put(buf, size, &len, " @%s", target(ch, st, n, st[i] + 3 + i16(code + 1))); break;
            case POL_OPND_AJ: put(buf, size, &len, " %d @%s", a, target(ch, st, n, st[i] + 5 + i16(code + 3))); break;
            }
        }
    }
    return buf;
}

#define assert_listing(p, name, want) do { \
        const char *got_ = listing((p), chunk((p), (name))); \
        cr_assert_str_eq(got_, want, "chunk %s:\n  got  %s\n  want %s", name, got_, want); \
    } while (0)

/* Structural checks on every chunk: opcodes known, operands in range,
 * jumps landing on instruction starts, value chunks ending in RETURN and
 * measure chunks in a grant. */
static void verify_program(const PolProgram *p)
{
    for (int c = 0; c < p->nchunks; c++) {
        const PolChunk *ch = &p->chunks[c];
        int *st = GC_MALLOC_ATOMIC((size_t)ch->len * sizeof *st + sizeof *st);
        int n = starts(ch, st, ch->len);
        cr_assert_gt(n, 0, "chunk %s is empty", ch->name);
        for (int i = 0; i < n; i++) {
            const uint8_t *code = ch->code + st[i];
            PolOpcode op = (PolOpcode)code[0];
            cr_assert_leq(st[i] + pol_instruction_size(op), ch->len, "chunk %s: truncated instruction", ch->name);
            int a = pol_instruction_size(op) >= 3 ? u16(code + 1) : 0;
            switch (op) {
            case POL_I_CONST: cr_assert_lt(a, p->nconsts); break;
            case POL_I_FACT: cr_assert_lt(a, p->facts->count); break;
            case POL_I_NOTE: cr_assert_lt(a, p->nstrings); break;
            case POL_I_PARAM: cr_assert_lt(a, p->nparams); break;
            case POL_I_DEF: case POL_I_CALL: cr_assert_lt(a, p->ndefines); break;
            case POL_I_GRANTED: cr_assert_lt(a, p->nmeasures); break;
            case POL_I_LOCAL: case POL_I_SET_LOCAL: cr_assert_lt(a, ch->nlocals, "chunk %s: local %d of %d", ch->name, a, ch->nlocals); break;
            default: break;
            }
            int to = -1;
            if (pol_opcode_operands[op] == POL_OPND_J)
                to = st[i] + 3 + i16(code + 1);
            else if (pol_opcode_operands[op] == POL_OPND_AJ)
                to = st[i] + 5 + i16(code + 3);
            if (to >= 0 && to != ch->len) {
                bool ok = false;
                for (int k = 0; k < n; k++)
                    ok |= st[k] == to;
                cr_assert(ok, "chunk %s: jump at %d lands on %d, not an instruction", ch->name, st[i], to);
            }
            cr_assert(to < 0 || to <= ch->len, "chunk %s: jump out of the chunk", ch->name);
        }
        PolOpcode last = (PolOpcode)ch->code[st[n - 1]];
        if (ch->kind == POL_CHUNK_MEASURE)
            cr_assert(last == POL_I_GRANT || last == POL_I_GRANT_NONE || last == POL_I_CAP_GRANT || last == POL_I_ITEMS_END,
                      "measure %s ends in %s", ch->name, pol_opcode_names[last]);
        else if (ch->kind == POL_CHUNK_PARAM && p->param_nsteps[ch->index] > 0)
            cr_assert_eq(last, POL_I_NO_STEP, "dated parameter %s ends in %s", ch->name, pol_opcode_names[last]);
        else
            cr_assert_eq(last, POL_I_RETURN, "chunk %s ends in %s", ch->name, pol_opcode_names[last]);
        cr_assert_geq(ch->max_stack, ch->kind == POL_CHUNK_MEASURE ? 0 : 1);
    }
}

/* ------------------------------------------------------------- tables */

Test(compile, opcode_tables)
{
    cr_assert_str_eq(pol_opcode_names[POL_I_CONST], "CONST");
    cr_assert_str_eq(pol_opcode_names[POL_I_RETURN], "RETURN");
    cr_assert_eq(pol_instruction_size(POL_I_ADD_INT), 1);
    cr_assert_eq(pol_instruction_size(POL_I_CONST), 3);
    cr_assert_eq(pol_instruction_size(POL_I_JUMP), 3);
    cr_assert_eq(pol_instruction_size(POL_I_NOTE), 5);
    cr_assert_eq(pol_instruction_size(POL_I_ITER), 5);
    cr_assert_eq(pol_opcode_pops[POL_I_ADD_INT], 2);
    cr_assert_eq(pol_opcode_pushes[POL_I_ADD_INT], 1);
    cr_assert_eq(pol_opcode_operands[POL_I_RULE_JOIN], POL_OPND_AB);
}

/* ---------------------------------------------------------- parameters */

Test(compile, parameter_one_plus_two)
{
    PolProgram *p = build("parameter p = 1 + 2\n");
    const PolChunk *ch = chunk(p, "p");
    cr_assert_eq(ch->kind, POL_CHUNK_PARAM);
    cr_assert_eq(ch->len, 8);
    /* raw bytes: opcode, then u16 little-endian operands */
    cr_assert_eq(ch->code[0], POL_I_CONST);
    cr_assert_eq(ch->code[3], POL_I_CONST);
    cr_assert_eq(ch->code[6], POL_I_ADD_INT);
    cr_assert_eq(ch->code[7], POL_I_RETURN);
    int a = u16(ch->code + 1), b = u16(ch->code + 4);
    cr_assert_eq(p->consts[a].tag, POL_V_INT);
    cr_assert_eq(p->consts[a].as.i, 1);
    cr_assert_eq(p->consts[b].as.i, 2);
    assert_listing(p, "p", "CONST int 1, CONST int 2, ADD_INT, RETURN");
    cr_assert_eq(p->nparams, 1);
    cr_assert_eq(p->param_chunks[0], (int)(ch - p->chunks));
    cr_assert_str_eq(p->param_names[0], "p");
}

Test(compile, stack_depth_is_exact)
{
    PolProgram *p = build("parameter p = 1 + 2\nparameter q = min(1, 2, 3)\nparameter r = (1 + 2) * (3 + 4)\n");
    cr_assert_eq(chunk(p, "p")->max_stack, 2);
    cr_assert_eq(chunk(p, "q")->max_stack, 3);
    cr_assert_eq(chunk(p, "r")->max_stack, 3);
}

Test(compile, constants_are_shared)
{
    PolProgram *p = build("parameter p = 7 + 7\nparameter q = 7\n");
    const PolChunk *ch = chunk(p, "p");
    cr_assert_eq(u16(ch->code + 1), u16(ch->code + 4));
    cr_assert_eq(u16(chunk(p, "q")->code + 1), u16(ch->code + 1));
    cr_assert_eq(p->nconsts, 1);
}

Test(compile, integers_become_decimals_where_needed)
{
    PolProgram *p = build("parameter a: decimal = 1\nparameter b = 1 + 0.5\nparameter c = 0.5 × 3\nparameter d = 7 / 2\n");
    assert_listing(p, "a", "CONST int 1, TO_DEC, RETURN");
    assert_listing(p, "b", "CONST int 1, TO_DEC, CONST dec 1/2, ADD_DEC, RETURN");
    assert_listing(p, "c", "CONST dec 1/2, CONST int 3, TO_DEC, MUL_DEC, RETURN");
    assert_listing(p, "d", "CONST int 7, TO_DEC, CONST int 2, TO_DEC, DIV_DEC, RETURN");
}

Test(compile, parameter_reads_a_parameter)
{
    PolProgram *p = build("parameter a = b × 2\nparameter b = 5 元\n");
    assert_listing(p, "a", "PARAM b, CONST int 2, MUL_MONEY_INT, RETURN");
    assert_listing(p, "b", "CONST fen 500, RETURN");
}

/* --------------------------------------------------------- definitions */

Test(compile, define_with_a_fact_member)
{
    PolProgram *p = build("define paid: money = sub.paid\n");
    const PolChunk *ch = chunk(p, "paid");
    cr_assert_eq(ch->kind, POL_CHUNK_DEFINE);
    cr_assert_eq(ch->nargs, 0);
    /* only the outermost read is noted, with its whole path */
    assert_listing(p, "paid", "FACT sub, FIELD 0, NOTE sub.paid -, RETURN");
    cr_assert_eq(p->ndefines, 1);
    cr_assert_str_eq(p->defines[0].name, "paid");
    cr_assert_eq(p->defines[0].chunk, (int)(ch - p->chunks));
}

Test(compile, and_or_short_circuit)
{
    PolProgram *p = build("define a: bool = flag and other\n"
                          "define o: bool = flag or other\n"
                          "define ao: bool = flag and other or n > 1\n");
    assert_listing(p, "a", "FACT flag, NOTE flag -, AND @5, FACT other, NOTE other -, RETURN");
    assert_listing(p, "o", "FACT flag, NOTE flag -, OR @5, FACT other, NOTE other -, RETURN");
    assert_listing(p, "ao", "FACT flag, NOTE flag -, AND @5, FACT other, NOTE other -, OR @10, "
                            "FACT n, NOTE n -, CONST int 1, GT, RETURN");
}

Test(compile, not_and_unary_minus)
{
    PolProgram *p = build("define a: bool = not flag\ndefine b: integer = -n\ndefine c: money = -rev\ndefine d: decimal = -rate\n");
    assert_listing(p, "a", "FACT flag, NOTE flag -, NOT, RETURN");
    assert_listing(p, "b", "FACT n, NOTE n -, NEG_INT, RETURN");
    assert_listing(p, "c", "FACT rev, NOTE rev -, NEG_MONEY, RETURN");
    assert_listing(p, "d", "FACT rate, NOTE rate -, NEG_DEC, RETURN");
}

Test(compile, if_then_else)
{
    PolProgram *p = build("define x: integer = if flag then 1 else 2\ndefine y: decimal = if flag then 1 else 0.5\n");
    assert_listing(p, "x", "FACT flag, NOTE flag -, JUMP_IF_FALSE @6, BRANCH 0, CONST int 1, JUMP @8, BRANCH 1, CONST int 2, RETURN");
    assert_listing(p, "y", "FACT flag, NOTE flag -, JUMP_IF_FALSE @7, BRANCH 2, CONST int 1, TO_DEC, JUMP @9, BRANCH 3, "
                           "CONST dec 1/2, RETURN");
    cr_assert_str_eq(p->branches[0].text, "if flag");
    cr_assert_str_eq(p->branches[1].text, "else");
}

/* An `else if` chain: one BRANCH per branch taken, the `else if`s named
 * as such, the last `else` once. */
Test(compile, else_if_chain_names_each_branch)
{
    PolProgram *p = build("define x: integer =\n  if flag then 1\n  else if other then 2\n  else 3\n");
    assert_listing(p, "x", "FACT flag, NOTE flag -, JUMP_IF_FALSE @6, BRANCH 0, CONST int 1, JUMP @14, FACT other, "
                           "NOTE other -, JUMP_IF_FALSE @12, BRANCH 1, CONST int 2, JUMP @14, BRANCH 2, CONST int 3, RETURN");
    cr_assert_eq(p->nbranches, 3);
    cr_assert_str_eq(p->branches[0].text, "if flag");
    cr_assert_str_eq(p->branches[1].text, "else if other");
    cr_assert_str_eq(p->branches[2].text, "else");
    int first = p->spans[p->branches[0].span].first_line;   /* the line of `if flag` */
    cr_assert_eq(p->spans[p->branches[1].span].first_line, first + 1);
    cr_assert_eq(p->spans[p->branches[2].span].first_line, first + 2);
}

/* A rounding in the terms of a sum over a list of the facts says which
 * item it rounds (ITEM: the list's path, the local of its index). */
Test(compile, rounding_in_a_sum_names_its_item)
{
    PolProgram *p = build("define s: money = sum (30% of i.amt rounded half up to fen) for i in items\n");
    const char *got = listing(p, chunk(p, "s"));
    cr_assert(strstr(got, "MUL_MONEY_DEC, ITEM items 1, ROUND 2 1, ADD_MONEY"), "%s", got);
    p = build("define s: money = (sum 30% of i.amt for i in items) rounded half up to fen\n");
    got = listing(p, chunk(p, "s"));
    cr_assert(!strstr(got, "ITEM"), "%s", got);
}

Test(compile, scales)
{
    PolProgram *p = build("scale t\n  source \"Table 2\"\n  up to 30000 元: 5%, deduction 0 元\n  up to 90000 元: 10%, deduction 1500 元\n"
                          "  above: 20%, deduction 10500 元\n"
                          "scale m\n  up to 1.5: 10%\n  above: 1\n"
                          "define a: unrounded money = t(rev)\n"
                          "define b: unrounded money = t(rev / 3)\n"
                          "define c: decimal = m(n)\n");
    assert_listing(p, "a", "FACT rev, NOTE rev -, TO_UMONEY, SCALE 0, RETURN");
    assert_listing(p, "b", "FACT rev, NOTE rev -, CONST int 3, TO_DEC, DIV_MONEY_DEC, SCALE 0, RETURN");
    assert_listing(p, "c", "FACT n, NOTE n -, TO_DEC, SCALE 1, RETURN");
    cr_assert_eq(p->nscales, 2);
    const PolScaleInfo *t = &p->scales[0], *m = &p->scales[1];
    cr_assert_str_eq(t->name, "t");
    cr_assert_str_eq(t->source, "Table 2");
    cr_assert(t->money && !t->marginal && t->nbrackets == 3);
    cr_assert(t->brackets[1].up_to.num == 9000000 && t->brackets[1].up_to.den == 1);
    cr_assert(t->brackets[1].rate.num == 1 && t->brackets[1].rate.den == 10);
    cr_assert(t->brackets[2].deduction.num == 1050000 && t->brackets[2].deduction.den == 1);
    cr_assert(!m->money && m->marginal && m->nbrackets == 2 && m->source == NULL);
    cr_assert(m->brackets[0].up_to.num == 3 && m->brackets[0].up_to.den == 2);
    cr_assert(m->brackets[1].rate.num == 1 && m->brackets[1].rate.den == 1);
}

Test(compile, comparisons)
{
    PolProgram *p = build("define a: bool = n = 1.5\n"
                          "define b: bool = kind = service_org\n"
                          "define c: bool = id ≠ \"x\"\n"
                          "define d: bool = rev <= 5 元\n"
                          "define e: bool = start >= 2025-03-01\n"
                          "define f: bool = n < 3\n");
    assert_listing(p, "a", "FACT n, NOTE n -, TO_DEC, CONST dec 3/2, EQ, RETURN");
    assert_listing(p, "b", "FACT kind, NOTE kind -, CONST enum 1, EQ, RETURN");
    assert_listing(p, "c", "FACT id, NOTE id -, CONST text \"x\", NE, RETURN");
    assert_listing(p, "d", "FACT rev, NOTE rev -, CONST fen 500, LE, RETURN");
    assert_listing(p, "e", "FACT start, NOTE start -, CONST date 20148, GE, RETURN");
    assert_listing(p, "f", "FACT n, NOTE n -, CONST int 3, LT, RETURN");
}

/* An optional integer is converted like an integer (docs/language.md once
 * listed this as a known issue). */
Test(compile, optional_integer_compared_with_a_decimal)
{
    PolProgram *p = build("define a: bool = opt_n = 2.0\n");
    assert_listing(p, "a", "FACT opt_n, NOTE opt_n -, TO_DEC, CONST dec 2/1, EQ, RETURN");
}

Test(compile, is_one_of)
{
    PolProgram *p = build("define a: bool = kind is one of {enterprise, service_org}\ndefine b: bool = n is one of {1, 2.5}\n");
    assert_listing(p, "a", "FACT kind, NOTE kind -, CONST enum 0, CONST enum 1, IN 2, RETURN");
    assert_listing(p, "b", "FACT n, NOTE n -, TO_DEC, CONST int 1, TO_DEC, CONST dec 5/2, IN 2, RETURN");
}

Test(compile, is_not_one_of)
{
    PolProgram *p = build("define a: bool = kind is not one of {enterprise}\n");
    assert_listing(p, "a", "FACT kind, NOTE kind -, CONST enum 0, IN 1, NOT, RETURN");
}

Test(compile, money_arithmetic)
{
    PolProgram *p = build("define a: money = 30% of rev rounded half even to fen\n"
                          "define b: money = rev × 2\n"
                          "define c: money = 2 × rev\n"
                          "define d: money = rev / 4 rounded up to yuan\n"
                          "define e: decimal = rev / rev\n"
                          "define f: money = rev rounded down to yuan\n"
                          "define g: money = rate × rev rounded half up to fen\n"
                          "define h: money = rev + 1 元 - rev\n");
    assert_listing(p, "a", "FACT rev, NOTE rev -, CONST dec 3/10, MUL_MONEY_DEC, ROUND 3 1, RETURN");
    assert_listing(p, "b", "FACT rev, NOTE rev -, CONST int 2, MUL_MONEY_INT, RETURN");
    assert_listing(p, "c", "FACT rev, NOTE rev -, CONST int 2, MUL_MONEY_INT, RETURN");
    assert_listing(p, "d", "FACT rev, NOTE rev -, CONST int 4, TO_DEC, DIV_MONEY_DEC, ROUND 1 100, RETURN");
    assert_listing(p, "e", "FACT rev, NOTE rev -, FACT rev, NOTE rev -, DIV_MONEY, RETURN");
    assert_listing(p, "f", "FACT rev, NOTE rev -, ROUND 0 100, RETURN");
    assert_listing(p, "g", "FACT rev, NOTE rev -, FACT rate, NOTE rate -, MUL_MONEY_DEC, ROUND 2 1, RETURN");
    assert_listing(p, "h", "FACT rev, NOTE rev -, CONST fen 100, ADD_MONEY, FACT rev, NOTE rev -, SUB_MONEY, RETURN");
}

Test(compile, unrounded_money_arithmetic)
{
    PolProgram *p = build("define a: unrounded money = rev × 30% - rev / 3\n"
                          "define b: unrounded money = (rev + rev × rate) × 2\n"
                          "define c: unrounded money = -(rev / 3) / 1.5\n"
                          "define d: decimal = rev / (rev / 3)\n"
                          "define e: bool = rev / 3 >= rev\n"
                          "define f: unrounded money = opt_amt otherwise (rev / 3)\n"
                          "define g: unrounded money = if flag then rev else rev / 3\n"
                          "define h: unrounded money = rev\n"
                          "define i: money = (rev / 3 + rev) rounded half up to fen\n");
    assert_listing(p, "a", "FACT rev, NOTE rev -, CONST dec 3/10, MUL_MONEY_DEC, FACT rev, NOTE rev -, CONST int 3, TO_DEC, "
                           "DIV_MONEY_DEC, SUB_UMONEY, RETURN");
    assert_listing(p, "b", "FACT rev, NOTE rev -, TO_UMONEY, FACT rev, NOTE rev -, FACT rate, NOTE rate -, MUL_MONEY_DEC, "
                           "ADD_UMONEY, CONST int 2, TO_DEC, MUL_UMONEY_DEC, RETURN");
    assert_listing(p, "c", "FACT rev, NOTE rev -, CONST int 3, TO_DEC, DIV_MONEY_DEC, NEG_UMONEY, CONST dec 3/2, "
                           "DIV_UMONEY_DEC, RETURN");
    assert_listing(p, "d", "FACT rev, NOTE rev -, TO_UMONEY, FACT rev, NOTE rev -, CONST int 3, TO_DEC, DIV_MONEY_DEC, "
                           "DIV_UMONEY, RETURN");
    assert_listing(p, "e", "FACT rev, NOTE rev -, CONST int 3, TO_DEC, DIV_MONEY_DEC, FACT rev, NOTE rev -, TO_UMONEY, GE, "
                           "RETURN");
    assert_listing(p, "f", "FACT opt_amt, NOTE opt_amt -, TO_UMONEY, OTHERWISE @9, FACT rev, NOTE rev -, CONST int 3, "
                           "TO_DEC, DIV_MONEY_DEC, RETURN");
    assert_listing(p, "g", "FACT flag, NOTE flag -, JUMP_IF_FALSE @8, BRANCH 0, FACT rev, NOTE rev -, TO_UMONEY, JUMP @14, "
                           "BRANCH 1, FACT rev, NOTE rev -, CONST int 3, TO_DEC, DIV_MONEY_DEC, RETURN");
    assert_listing(p, "h", "FACT rev, NOTE rev -, TO_UMONEY, RETURN");
    assert_listing(p, "i", "FACT rev, NOTE rev -, CONST int 3, TO_DEC, DIV_MONEY_DEC, FACT rev, NOTE rev -, TO_UMONEY, "
                           "ADD_UMONEY, ROUND 2 1, RETURN");
}

Test(compile, dates_and_durations)
{
    PolProgram *p = build("define a: date = start + 1 month rounded up\n"
                          "define b: date = start - 1 year rounded down\n"
                          "define c: date = start + 10 days\n"
                          "define d: duration = 1 month + 10 days\n"
                          "define e: integer = year(start) + month(start) + day(start)\n"
                          "define f: bool = start within period in force\n"
                          "define g: date = max(policy start, evaluation date, policy end)\n");
    assert_listing(p, "a", "FACT start, NOTE start -, CONST dur 1m0d, ADD_MONTHS 1, RETURN");
    assert_listing(p, "b", "FACT start, NOTE start -, CONST dur 12m0d, SUB_MONTHS 0, RETURN");
    assert_listing(p, "c", "FACT start, NOTE start -, CONST dur 0m10d, ADD_MONTHS 0, RETURN");
    assert_listing(p, "d", "CONST dur 1m0d, CONST dur 0m10d, ADD_DUR, RETURN");
    assert_listing(p, "e", "FACT start, NOTE start -, YEAR, FACT start, NOTE start -, MONTH, ADD_INT, "
                           "FACT start, NOTE start -, DAY, ADD_INT, RETURN");
    assert_listing(p, "f", "FACT start, NOTE start -, WITHIN, RETURN");
    /* 2025-01-01 and 2027-12-31 */
    assert_listing(p, "g", "CONST date 20089, EVAL_DATE, CONST date 21183, MAX 3, RETURN");
}

/* `date - date` is an integer computed by SUB_DATE, not SUB_INT. */
Test(compile, date_minus_date)
{
    PolProgram *p = build("define a: integer = start - 2025-01-01\n");
    assert_listing(p, "a", "FACT start, NOTE start -, CONST date 20089, SUB_DATE, RETURN");
}

Test(compile, optionals)
{
    PolProgram *p = build("define a: integer = opt_n otherwise 0\n"
                          "define b: bool = opt_n is absent\n"
                          "define c: integer = if opt_n is present then opt_n else 0\n"
                          "define d: bool = opt_sub.flag otherwise false\n"
                          "define e: integer = count s in opt_sub.items\n");
    assert_listing(p, "a", "FACT opt_n, NOTE opt_n -, OTHERWISE @4, CONST int 0, RETURN");
    assert_listing(p, "b", "FACT opt_n, NOTE opt_n -, IS_PRESENT, NOT, RETURN");
    assert_listing(p, "c", "FACT opt_n, NOTE opt_n -, IS_PRESENT, JUMP_IF_FALSE @9, BRANCH 0, "
                           "FACT opt_n, UNWRAP, NOTE opt_n -, JUMP @11, BRANCH 1, CONST int 0, RETURN");
    assert_listing(p, "d", "FACT opt_sub, FIELD_OPT 1, NOTE opt_sub.flag -, OTHERWISE @5, FALSE, RETURN");
    assert_listing(p, "e", "FACT opt_sub, FIELD_LIST 2, NOTE opt_sub.items -, SET_LOCAL 0, CONST int 0, SET_LOCAL 1, "
                           "CONST int 0, SET_LOCAL 2, ITER 0 @15, SET_LOCAL 3, LOCAL 2, CONST int 1, ADD_INT, "
                           "SET_LOCAL 2, JUMP @8, LOCAL 2, RETURN");
}

/* ---------------------------------------------------------- quantifiers */

Test(compile, any)
{
    PolProgram *p = build("define a: bool = any s in items where s.ok\n");
    assert_listing(p, "a", "FACT items, NOTE items -, SET_LOCAL 0, CONST int 0, SET_LOCAL 1, ITER 0 @14, "
                           "SET_LOCAL 3, LOCAL 3, FIELD 1, NOTE items[].ok 1, JUMP_IF_FALSE @13, TRUE, JUMP @15, "
                           "JUMP @5, FALSE, RETURN");
    cr_assert_eq(chunk(p, "a")->nlocals, 4);
}

Test(compile, all)
{
    PolProgram *p = build("define a: bool = all s in items where s.ok\n");
    assert_listing(p, "a", "FACT items, NOTE items -, SET_LOCAL 0, CONST int 0, SET_LOCAL 1, ITER 0 @14, "
                           "SET_LOCAL 3, LOCAL 3, FIELD 1, NOTE items[].ok 1, JUMP_IF_FALSE @12, JUMP @5, "
                           "FALSE, JUMP @15, TRUE, RETURN");
}

Test(compile, count_where)
{
    PolProgram *p = build("define c: integer = count s in items where s.ok\n");
    assert_listing(p, "c", "FACT items, NOTE items -, SET_LOCAL 0, CONST int 0, SET_LOCAL 1, CONST int 0, SET_LOCAL 2, "
                           "ITER 0 @18, SET_LOCAL 3, LOCAL 3, FIELD 1, NOTE items[].ok 1, JUMP_IF_FALSE @17, "
                           "LOCAL 2, CONST int 1, ADD_INT, SET_LOCAL 2, JUMP @7, LOCAL 2, RETURN");
}

Test(compile, sum_of_money)
{
    PolProgram *p = build("define s: money = sum i.amt for i in sub.items\n");
    assert_listing(p, "s", "FACT sub, FIELD 2, NOTE sub.items -, SET_LOCAL 0, CONST int 0, SET_LOCAL 1, "
                           "CONST fen 0, SET_LOCAL 2, ITER 0 @17, SET_LOCAL 3, LOCAL 2, LOCAL 3, FIELD 2, "
                           "NOTE sub.items[].amt 1, ADD_MONEY, SET_LOCAL 2, JUMP @8, LOCAL 2, RETURN");
}

Test(compile, sum_of_decimals_converts_each_term)
{
    PolProgram *p = build("define s: decimal = sum i.n × rate for i in items\n");
    const char *got = listing(p, chunk(p, "s"));
    cr_assert(strstr(got, "CONST dec 0/1, SET_LOCAL 2"), "%s", got);
    cr_assert(strstr(got, "LOCAL 2, LOCAL 3, FIELD 0, NOTE items[].n 1, TO_DEC, FACT rate, NOTE rate -, MUL_DEC, ADD_DEC, SET_LOCAL 2"),
              "%s", got);
}

Test(compile, nested_quantifiers_use_separate_locals)
{
    PolProgram *p = build("define a: bool = any s in items where (any t in sub.items where t.n = s.n)\n");
    const PolChunk *ch = chunk(p, "a");
    cr_assert_eq(ch->nlocals, 8);
    const char *got = listing(p, ch);
    cr_assert(strstr(got, "SET_LOCAL 4, CONST int 0, SET_LOCAL 5, ITER 4 @"), "%s", got);
    cr_assert(strstr(got, "LOCAL 7, FIELD 0, NOTE sub.items[].n 5, LOCAL 3, FIELD 0, NOTE items[].n 1, EQ"), "%s", got);
}

/* ---------------------------------------------------------------- rules */

Test(compile, rules_with_a_default)
{
    PolProgram *p = build("define x: integer\n  rule a when flag: 1\n  rule b when other: 2\n  default 0\n");
    assert_listing(p, "x", "RULE_EMPTY, SET_LOCAL 0, FACT flag, NOTE flag -, JUMP_IF_FALSE @8, RULE_APPLIES 0, CONST int 1, "
                           "JUMP @9, RULE_EMPTY, RULE_JOIN 0 0, FACT other, NOTE other -, JUMP_IF_FALSE @16, RULE_APPLIES 1, "
                           "CONST int 2, JUMP @17, RULE_EMPTY, RULE_JOIN 0 1, LOCAL 0, JUMP_IF_RULE @22, RULE_APPLIES 2, "
                           "CONST int 0, RETURN");
    cr_assert_eq(chunk(p, "x")->nlocals, 2);
    cr_assert_eq(p->defines[0].nrules, 3);
    cr_assert_str_eq(p->defines[0].rules[0].label, "a");
    cr_assert_str_eq(p->defines[0].rules[2].label, "default");
}

Test(compile, exception_to_a_rule_without_default)
{
    PolProgram *p = build("define y: integer\n  rule base: 1\n  exception e to base when flag: 2\n");
    assert_listing(p, "y", "RULE_EMPTY, SET_LOCAL 0, RULE_EMPTY, SET_LOCAL 2, FACT flag, NOTE flag -, JUMP_IF_FALSE @10, "
                           "RULE_APPLIES 1, CONST int 2, JUMP @11, RULE_EMPTY, RULE_JOIN 2 1, LOCAL 2, JUMP_IF_RULE @18, "
                           "RULE_APPLIES 0, CONST int 1, JUMP @18, RULE_EMPTY, RULE_JOIN 0 0, LOCAL 0, JUMP_IF_RULE @23, "
                           "RULE_EMPTY, NO_RULE, RETURN");
    cr_assert_eq(chunk(p, "y")->nlocals, 4);
}

Test(compile, untargeted_exceptions_come_first)
{
    PolProgram *p = build("define z: integer\n  default 0\n  rule r when flag: 1\n  exception e when other: 2\n");
    assert_listing(p, "z", "RULE_EMPTY, SET_LOCAL 0, FACT other, NOTE other -, JUMP_IF_FALSE @8, RULE_APPLIES 2, CONST int 2, "
                           "JUMP @9, RULE_EMPTY, RULE_JOIN 0 2, LOCAL 0, JUMP_IF_RULE @26, RULE_EMPTY, SET_LOCAL 2, FACT flag, "
                           "NOTE flag -, JUMP_IF_FALSE @20, RULE_APPLIES 1, CONST int 1, JUMP @21, RULE_EMPTY, RULE_JOIN 2 1, "
                           "LOCAL 2, JUMP_IF_RULE @26, RULE_APPLIES 0, CONST int 0, RETURN");
}

/* ------------------------------------------------- references and calls */

Test(compile, definitions_parameters_and_calls)
{
    PolProgram *p = build("parameter k = 3\n"
                          "define f(a: integer): integer = a + k\n"
                          "define g: integer = f(n)\n"
                          "define h(a: decimal, b: integer): decimal = a\n"
                          "define i: decimal = h(2, 3)\n"
                          "define j: integer = g + g\n");
    const PolChunk *f = chunk(p, "f");
    cr_assert_eq(f->nargs, 1);
    cr_assert_eq(f->nlocals, 1);
    assert_listing(p, "f", "LOCAL 0, PARAM k, ADD_INT, RETURN");
    assert_listing(p, "g", "FACT n, NOTE n -, CALL f 1, RETURN");
    assert_listing(p, "i", "CONST int 2, TO_DEC, CONST int 3, CALL h 2, RETURN");
    assert_listing(p, "j", "DEF g, DEF g, ADD_INT, RETURN");
    cr_assert_eq(p->defines[2].nargs, 2);
}

Test(compile, min_max_and_conversions)
{
    PolProgram *p = build("define a: decimal = min(n, 1.5)\ndefine b: money = max(rev, 1 元, opt_amt otherwise 0 元)\n");
    assert_listing(p, "a", "FACT n, NOTE n -, TO_DEC, CONST dec 3/2, MIN 2, RETURN");
    assert_listing(p, "b", "FACT rev, NOTE rev -, CONST fen 100, FACT opt_amt, NOTE opt_amt -, OTHERWISE @7, CONST fen 0, MAX 3, RETURN");
}

/* ------------------------------------------------------------- measures */

Test(compile, measure_with_conditions)
{
    PolProgram *p = build("measure m\n  article \"一\"\n  title \"T\"\n  responsible \"a\", \"b\"\n"
                          "  when flag\n  when n > 1\n  amount fixed 5 元\n");
    const PolChunk *ch = chunk(p, "m");
    cr_assert_eq(ch->kind, POL_CHUNK_MEASURE);
    assert_listing(p, "m", "FACT flag, NOTE flag -, COND 0, FACT n, NOTE n -, CONST int 1, GT, COND 1, CONST fen 500, GRANT");
    cr_assert_eq(p->nmeasures, 1);
    const PolMeasureInfo *mi = &p->measures[0];
    cr_assert_str_eq(mi->id, "m");
    cr_assert_str_eq(mi->article, "一");
    cr_assert_str_eq(mi->title, "T");
    cr_assert_eq(mi->nresponsible, 2);
    cr_assert_str_eq(mi->responsible[1], "b");
    cr_assert_eq(mi->basis, POL_BASIS_FIXED);
    cr_assert_eq(mi->chunk, (int)(ch - p->chunks));
    cr_assert_eq(mi->nconds, 2);
    cr_assert_str_eq(mi->cond_texts[0], "flag");
    cr_assert_str_eq(mi->cond_texts[1], "n > 1");
    cr_assert_str_eq(mi->amount_text, "5 元");
    cr_assert_eq(p->spans[mi->cond_spans[1]].first_line, 36);
}

Test(compile, per_item_measure)
{
    PolProgram *p = build("measure m\n  article \"1\"\n  for each i in items ordered by i.n\n  subject n: i.n\n"
                          "  when i.ok\n  when (count g in earlier grants) < 2\n  amount fixed i.amt\n");
    /* the list in local 0; the ordering loop; the items in order (local 1
     * the index + 1, 2 the position, 3 the item): a refused item jumps to
     * the JUMP back (instruction 48), the end of the list to ITEMS_END */
    assert_listing(p, "m",
                   "FACT items, NOTE items -, SET_LOCAL 0, CONST int 0, SET_LOCAL 1, "
                   "ITER 0 @12, SET_LOCAL 3, LOCAL 3, FIELD 0, NOTE items[].n 1, ITEM_KEY, JUMP @5, "
                   "ITEM_ORDER 0, CONST int 0, SET_LOCAL 1, CONST int 0, SET_LOCAL 2, "
                   "ITEM_NEXT 0 @49, SET_LOCAL 3, LOCAL 3, FIELD 0, NOTE items[].n 1, ITEM_SUBJECT 1, "
                   "LOCAL 3, FIELD 1, NOTE items[].ok 1, ITEM_COND 0 @48, "
                   "EARLIER, SET_LOCAL 4, CONST int 0, SET_LOCAL 5, CONST int 0, SET_LOCAL 6, ITER 4 @40, SET_LOCAL 7, "
                   "LOCAL 6, CONST int 1, ADD_INT, SET_LOCAL 6, JUMP @33, LOCAL 6, CONST int 2, LT, ITEM_COND 1 @48, "
                   "LOCAL 3, FIELD 2, NOTE items[].amt 1, ITEM_GRANT, JUMP @17, ITEMS_END");
    const PolMeasureInfo *mi = &p->measures[0];
    cr_assert_str_eq(mi->item_var, "i");
    cr_assert_str_eq(mi->items_text, "items");
    cr_assert_str_eq(mi->order_text, "i.n");
    cr_assert_eq(mi->item_type->kind, POL_T_RECORD);
    cr_assert_str_eq(mi->item_type->record->name, "Item");
    cr_assert_eq(mi->nsubject, 1);
    cr_assert_str_eq(mi->subject_names[0], "n");
    cr_assert_eq(mi->subject_types[0]->kind, POL_T_INT);
}

Test(compile, capped_measure)
{
    PolProgram *p = build("measure m\n  article \"1\"\n  title \"T\"\n"
                          "  amount capped 30% of rev rounded down to fen\n    at most 5 元\n    at most opt_amt if present\n");
    assert_listing(p, "m", "FACT rev, NOTE rev -, CONST dec 3/10, MUL_MONEY_DEC, ROUND 0 1, CAP_BASE, "
                           "CONST fen 500, CAP 0, FACT opt_amt, NOTE opt_amt -, CAP 1, CAP_GRANT");
    cr_assert_eq(p->measures[0].basis, POL_BASIS_CAPPED);
    cr_assert_eq(p->measures[0].ncaps, 2);
    cr_assert_str_eq(p->measures[0].cap_texts[1], "opt_amt");
    cr_assert_str_eq(p->measures[0].amount_text, "30% of rev rounded down to fen");
}

Test(compile, measures_without_money)
{
    PolProgram *p = build("measure a\n  article \"1\"\n  title \"T\"\n  amount in kind\n"
                          "measure b\n  article \"2\"\n  title \"U\"\n  when a is granted\n  amount per regulation\n");
    assert_listing(p, "a", "GRANT_NONE");
    assert_listing(p, "b", "GRANTED a, COND 0, GRANT_NONE");
    cr_assert_eq(p->measures[0].basis, POL_BASIS_NON_MONETARY);
    cr_assert_eq(p->measures[1].basis, POL_BASIS_PER_REGULATION);
    cr_assert_null(p->measures[0].amount_text);
}

Test(compile, applies_when_and_header)
{
    PolProgram *p = build_text("policy \"t\"\n  title \"T\"\n  source \"S\"\n  in force from 2025-03-01 through 2025-12-31\n"
                               "  identified by id\n  as of start\n  applies when flag and n > 0\n" SCHEMA);
    cr_assert_eq(p->applies_chunk, 0);
    cr_assert_eq(p->chunks[0].kind, POL_CHUNK_APPLIES);
    assert_listing(p, "applies", "FACT flag, NOTE flag -, AND @7, FACT n, NOTE n -, CONST int 0, GT, RETURN");
    cr_assert_str_eq(p->applies_text, "flag and n > 0");
    cr_assert_str_eq(p->policy_id, "t");
    cr_assert_str_eq(p->title, "T");
    cr_assert_str_eq(p->source_doc, "S");
    cr_assert_eq(p->force_from, 20148);
    cr_assert_eq(p->force_last, 20453);
    cr_assert_eq(p->id_member, 0);
    cr_assert_eq(p->date_member, 6);
}

/* ------------------------------------------------------- dated values */

Test(compile, dated_parameter_tries_its_steps_in_order)
{
    PolProgram *p = build("parameter r: decimal\n"
                          "  from 2025-01-01: 30% source \"a\"\n"
                          "  from 2026-01-01: not in force\n"
                          "  from 2026-06-01: 35% source \"b\" verified 2026-06-02\n"
                          "parameter h = r * 2\n"
                          "parameter k = 5\n");
    assert_listing(p, "r", "STEP 0 @3, CONST dec 3/10, RETURN, STEP 1 @5, NO_STEP, STEP 2 @8, CONST dec 7/20, RETURN, NO_STEP");
    cr_assert_eq(p->nsteps, 3);
    cr_assert_eq(p->param_steps[0], 0);
    cr_assert_eq(p->param_nsteps[0], 3);
    /* each step through the day before the next; the last through the policy's last day */
    cr_assert_eq(p->steps[0].from, 20089);
    cr_assert_eq(p->steps[0].through, 20453);
    cr_assert(!p->steps[0].repealed);
    cr_assert_str_eq(p->consts[p->steps[0].source].as.text->bytes, "a");
    cr_assert(p->steps[1].repealed);
    cr_assert_eq(p->steps[1].from, 20454);
    cr_assert_eq(p->steps[1].through, 20604);
    cr_assert_eq(p->steps[1].source, -1);
    cr_assert_eq(p->steps[2].from, 20605);
    cr_assert_eq(p->steps[2].through, 21184 - 1);
    cr_assert(p->steps[2].has_verified);
    cr_assert_eq(p->steps[2].verified, 20606);
    /* what depends on the evaluation date is kept per date only */
    cr_assert(p->param_dated[0]);
    cr_assert(p->param_dated[1], "a parameter computed from a dated one is dated");
    cr_assert(!p->param_dated[2]);
    cr_assert_eq(p->param_nsteps[1], 0);
}

Test(compile, dated_rule_condition_ceiling_and_source_of)
{
    PolProgram *p = build("parameter r: decimal\n  from 2025-01-01: 30% source \"a\"\n"
                          "define d: integer\n"
                          "  rule early from 2025-01-01 through 2025-06-30: 1 source \"x\"\n"
                          "  rule late from 2025-07-01: 2 source \"y\"\n"
                          "define s: text = source of d\n"
                          "define t: text = source of r\n"
                          "measure m\n  article \"1\"\n  title \"M\"\n  in force from 2025-07-01\n"
                          "  from 2026-01-01 when flag\n"
                          "  amount capped rev\n    at most from 2025-07-01 through 2025-12-31: 5 元\n");
    /* outside its days a rule gives no value, as if its condition were false */
    assert_listing(p, "d", "RULE_EMPTY, SET_LOCAL 0, STEP 1 @6, RULE_APPLIES 0, CONST int 1, JUMP @7, RULE_EMPTY, RULE_JOIN 0 0, "
                           "STEP 2 @12, RULE_APPLIES 1, CONST int 2, JUMP @13, RULE_EMPTY, RULE_JOIN 0 1, LOCAL 0, JUMP_IF_RULE @18, "
                           "RULE_EMPTY, NO_RULE, RETURN");
    assert_listing(p, "s", "DEF d, DEF_SOURCE 0, RETURN");
    assert_listing(p, "t", "PARAM_SOURCE 0, RETURN");
    /* outside its days a condition holds, a ceiling is absent */
    assert_listing(p, "m", "STEP 3 @4, FACT flag, NOTE flag -, JUMP @5, TRUE, COND 0, FACT rev, NOTE rev -, CAP_BASE, "
                           "STEP 4 @12, CONST fen 500, JUMP @13, ABSENT, CAP 0, CAP_GRANT");
    cr_assert_eq(p->defines[0].rules[0].step, 1);
    cr_assert_eq(p->steps[1].through, 20269);
    cr_assert_eq(p->measures[0].cond_steps[0], 3);
    cr_assert_eq(p->measures[0].cap_steps[0], 4);
    cr_assert_eq(p->measures[0].step, 5);   /* `in force`: data, no instruction */
    cr_assert_eq(p->steps[5].from, 20270);
    cr_assert_eq(p->steps[5].through, 21183);
}

Test(compile, no_applies_chunk_without_applies_when)
{
    PolProgram *p = build("parameter p = 1\n");
    cr_assert_eq(p->applies_chunk, -1);
    cr_assert_eq(p->nchunks, 1);
}

Test(compile, spans_point_at_the_source)
{
    PolProgram *p = build("define x: integer =\n  n + 1\n");
    const PolChunk *ch = chunk(p, "x");
    /* the ADD_INT instruction is attributed to `n + 1` on line 32 */
    int at = 0;
    while (ch->code[at] != POL_I_ADD_INT)
        at += pol_instruction_size((PolOpcode)ch->code[at]);
    PolSpan s = p->spans[ch->spans[at]];
    cr_assert_eq(s.first_line, 32);
    cr_assert_eq(s.first_col, 3);
    cr_assert_eq(s.last_col, 7);
}

/* `flag and n is one of {1, ..., count}`: the jump of `and` goes over
 * 3 bytes per value. */
static const char *long_list(int count)
{
    size_t cap = (size_t)count * 8 + 64, len = 0;
    char *body = GC_MALLOC_ATOMIC(cap);
    len += (size_t)snprintf(body, cap, "define x: bool = flag and n is one of {");
    for (int i = 1; i <= count; i++)
        len += (size_t)snprintf(body + len, cap - len, "%s%d", i > 1 ? ", " : "", i);
    snprintf(body + len, cap - len, "}\n");
    return body;
}

Test(compile, long_jumps_within_16_bits)
{
    PolProgram *p = build(long_list(10000));
    const PolChunk *ch = chunk(p, "x");
    /* FACT NOTE AND, then FACT NOTE, 10000 CONST, IN, RETURN */
    cr_assert_eq(ch->len, 3 + 5 + 3 + 3 + 5 + 10000 * 3 + 3 + 1);
    cr_assert_eq(ch->code[8], POL_I_AND);
    cr_assert_eq(i16(ch->code + 9), 3 + 5 + 10000 * 3 + 3);
    cr_assert_eq(p->nconsts, 10000);
}

/* body (after the header and schema) checks but does not compile: one
 * error, E0708, saying what it needs. */
static void assert_too_large(const char *body, const char *needs)
{
    pol_test_reset_diagnostics();
    const char *text = pol_strdup_printf(HEADER SCHEMA "%s", body);
    PolSource *src = pol_source_from_text("t.pol", text, strlen(text));
    PolDeclList decls = pol_parse_source(src, NULL, &pol_test_ds);
    PolChecked *c = pol_check(decls, &pol_test_ds);
    cr_assert_not_null(c, "%s", pol_test_diagnostics());
    cr_assert_null(pol_compile(c, &pol_test_ds));
    cr_assert_eq(pol_test_ds.errors, 1, "%s", pol_test_diagnostics());
    const char *want = pol_strdup_printf("error[E0708]: the policy is too large for the bytecode: it needs %s", needs);
    cr_assert(strstr(pol_test_diagnostics(), want), "%s", pol_test_diagnostics());
}

Test(compile, a_jump_beyond_16_bits_is_refused)
{
    assert_too_large(long_list(12000), "a jump longer than 32767 bytes of code");
}

/* `n is one of {…}` puts each value on the stack before IN compares them:
 * a list longer than the stack the verifier allows a chunk (half the VM's,
 * 32768 values) is a policy too large for the bytecode (E0708), not an
 * internal error of the compiler. 32000 values compile. */
static const char *values_of(const char *start, int n)
{
    size_t cap = (size_t)n * 8 + 64, len = 0;
    char *text = GC_MALLOC_ATOMIC(cap);
    len += (size_t)snprintf(text, cap, "%s", start);
    for (int i = 1; i <= n; i++)
        len += (size_t)snprintf(text + len, cap - len, "%s%d", i > 1 ? ", " : "", i);
    snprintf(text + len, cap - len, "}\n");
    return text;
}

Test(compile, a_list_of_values_beyond_the_stack_is_refused)
{
    PolProgram *p = build(values_of("define x: bool = n is one of {", 32000));
    cr_assert_eq(chunk(p, "x")->max_stack, 32001);
    static const char *const shapes[] = {"define x: bool = n is one of {", "define x: integer = max(",
                                         "define x: bool = n is not one of {"};
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        const char *body = values_of(shapes[i], 32001);
        if (i == 1)   /* max( ... ) */
            body = pol_strdup_printf("%.*s)\n", (int)(strlen(body) - 2), body);
        assert_too_large(body, "a list of more than 32000 values");
    }
}

/* ----------------------------------------------------- the real policy */

Test(compile, changsha_policy_compiles_to_well_formed_chunks)
{
    PolLoadOptions lo = {"stdlib", {NULL, NULL, NULL}};
    PolDeclList decls = pol_load("policies/changsha-srdi-2025.pol", &lo, &pol_test_ds).decls;
    cr_assert_eq(pol_test_ds.errors, 0, "%s", pol_test_diagnostics());
    PolChecked *c = pol_check(decls, &pol_test_ds);
    cr_assert_not_null(c, "%s", pol_test_diagnostics());
    PolProgram *p = pol_compile(c, &pol_test_ds);
    verify_program(p);
    cr_assert_eq(p->nmeasures, 15);
    cr_assert_str_eq(p->measures[0].id, "little_giant_first_award");
    cr_assert_geq(p->applies_chunk, 0);
    assert_listing(p, "applies", "FACT registered_in_changsha, NOTE registered_in_changsha -, RETURN");
    assert_listing(p, "little_giant_tier", "FACT tier, NOTE tier -, CONST enum 3, EQ, RETURN");
}
