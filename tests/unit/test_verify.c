/*
 * test_verify.c — the bytecode verifier (pol_verify_program,
 * pol_verify_chunk): a real policy is compiled, then its program is
 * corrupted in exactly one way (an operand out of range, a jump into the
 * middle of an instruction, stack depths that differ where paths meet, a
 * value of the wrong type, a table entry past its end, ...) and the exact
 * refusal is asserted. Each test runs in a process of its own, so the
 * program is changed in place.
 *
 * Chunks written by hand are listed as opcodes each followed by its
 * operands (CODE(p, ci, POL_I_CONST, 0, POL_I_RETURN)); a jump operand is
 * the offset from the end of its instruction.
 */
#include <criterion/criterion.h>
#include <gc.h>
#include <stdio.h>
#include <string.h>
#include "polc.h"
#include "source.h"
#include "support.h"
#include "verify.h"
#include "vm.h"

TestSuite(verify, .init = pol_test_capture_diagnostics);

/* ------------------------------------------------------------ harness */

#define SMALL \
    "policy \"t\"\n" \
    "  title \"T\"\n" \
    "  in force from 2025-01-01 for 3 years\n" \
    "  identified by id\n" \
    "  as of as_of\n" \
    "  applies when flag\n" \
    "enum Kind { a, b, c }\n" \
    "enum Other { x, y }\n" \
    "record Item {\n  n: integer\n  amt: money\n}\n" \
    "record Box {\n  items: list of Item\n}\n" \
    "facts {\n" \
    "  id: text\n" \
    "  as_of: optional date\n" \
    "  n: integer\n" \
    "  flag: bool\n" \
    "  rev: money\n" \
    "  start: date\n" \
    "  kind: Kind\n" \
    "  other: Other\n" \
    "  items: list of Item\n" \
    "  opt_n: optional integer\n" \
    "  rate: decimal\n" \
    "  item: Item\n" \
    "  opt_item: optional Item\n" \
    "  box: Box\n" \
    "}\n" \
    "parameter p = 1\n" \
    "parameter q = 2\n" \
    "define twice(x: integer): integer = x * 2\n" \
    "define d: integer = twice(n)\n" \
    "define k: Kind = kind\n" \
    "define r: integer\n" \
    "  rule one when flag: 1\n" \
    "  rule two when not flag: 2\n" \
    "define o: optional integer = opt_n\n" \
    "measure m\n" \
    "  article \"1\"\n" \
    "  when flag\n" \
    "  when n > 1\n" \
    "  amount capped rev\n" \
    "    at most 100 元\n"

/* A policy's text (or file) compiled: the program it gives is sound. */
static PolProgram *sound(PolProgram *p, const char *what)
{
    const char *why = pol_verify_program(p);
    cr_assert_null(why, "%s as compiled is refused: %s", what, why);
    return p;
}

static PolProgram *compile_text(const char *text) { return sound(pol_test_compile(text), "the policy"); }
static PolProgram *small(void) { return compile_text(SMALL); }
static PolProgram *compile_file(const char *path) { return sound(pol_test_compile_file(path), path); }

static int chunk_named(const PolProgram *p, const char *name)
{
    for (int i = 0; i < p->nchunks; i++)
        if (strcmp(p->chunks[i].name, name) == 0)
            return i;
    cr_assert_fail("no chunk `%s`", name);
    return -1;
}

/* The offset of the n-th (from 0) instruction op in chunk ci, -1 none. */
static int find_op(const PolProgram *p, int ci, PolOpcode op, int n)
{
    const PolChunk *c = &p->chunks[ci];
    for (int at = 0; at < c->len; at += pol_instruction_size((PolOpcode)c->code[at]))
        if (c->code[at] == op && n-- == 0)
            return at;
    return -1;
}

/* The first instruction op of any chunk: its offset, its chunk in *ci. */
static int find_any(const PolProgram *p, PolOpcode op, int *ci)
{
    for (int i = 0; i < p->nchunks; i++) {
        int at = find_op(p, i, op, 0);
        if (at >= 0) {
            *ci = i;
            return at;
        }
    }
    cr_assert_fail("no %s in the program", pol_opcode_names[op]);
    return -1;
}

static void set_operand(PolProgram *p, int ci, int at, int which, int v)
{
    uint8_t *o = p->chunks[ci].code + at + 1 + 2 * which;
    o[0] = (uint8_t)v;
    o[1] = (uint8_t)(v >> 8);
}

static int operand(const PolProgram *p, int ci, int at, int which)
{
    return pol_operand(p->chunks[ci].code + at + 1 + 2 * which);
}

/* Replaces the code of chunk ci by ins[0..n): opcodes each followed by
 * their operands; every byte's source location that of the chunk's first. */
static void put_code(PolProgram *p, int ci, const int *ins, int n)
{
    PolChunk *c = &p->chunks[ci];
    uint8_t *code = GC_MALLOC_ATOMIC((size_t)n * 2 + 1);
    int len = 0;
    for (int i = 0; i < n;) {
        PolOpcode op = (PolOpcode)ins[i++];
        code[len++] = (uint8_t)op;
        int operands = op < POL_I_COUNT ? (pol_instruction_size(op) - 1) / 2 : 0;
        for (int k = 0; k < operands; k++, i++) {
            cr_assert_lt(i, n, "%s without its operands", pol_opcode_names[op]);
            code[len++] = (uint8_t)ins[i];
            code[len++] = (uint8_t)(ins[i] >> 8);
        }
    }
    int32_t *spans = GC_MALLOC_ATOMIC((size_t)len * sizeof *spans + sizeof *spans);
    for (int k = 0; k < len; k++)
        spans[k] = c->spans[0];
    c->code = code;
    c->spans = spans;
    c->len = len;
    c->max_stack = 64;
}
#define CODE(p, ci, ...) \
    do { \
        const int ins_[] = {__VA_ARGS__}; \
        put_code((p), (ci), ins_, (int)(sizeof ins_ / sizeof *ins_)); \
    } while (0)

/* The declaration that runs chunk ci made to name it. */
static void own(PolProgram *p, int ci)
{
    const PolChunk *c = &p->chunks[ci];
    switch (c->kind) {
    case POL_CHUNK_PARAM: p->param_chunks[c->index] = ci; break;
    case POL_CHUNK_DEFINE: p->defines[c->index].chunk = ci; break;
    case POL_CHUNK_MEASURE: p->measures[c->index].chunk = ci; break;
    case POL_CHUNK_APPLIES: p->applies_chunk = ci; break;
    }
}

/* Chunks a and b trade places (the order they are analysed in). */
static void swap_chunks(PolProgram *p, int a, int b)
{
    PolChunk t = p->chunks[a];
    p->chunks[a] = p->chunks[b];
    p->chunks[b] = t;
    own(p, a);
    own(p, b);
}

/* A new constant of p: its index. */
static int add_const(PolProgram *p, PolValue v)
{
    PolValue *c = GC_MALLOC((size_t)(p->nconsts + 2) * sizeof *c);
    memcpy(c, p->consts, (size_t)p->nconsts * sizeof *c);
    c[p->nconsts] = v;
    p->consts = c;
    return p->nconsts++;
}

static int const_int(PolProgram *p, int64_t i)
{
    PolValue v = pol_absent();
    v.tag = POL_V_INT;
    v.as.i = i;
    return add_const(p, v);
}

static int const_text(PolProgram *p, const char *s)
{
    PolValue v = pol_absent();
    v.tag = POL_V_TEXT;
    v.as.text = pol_text_new(s, (uint32_t)strlen(s));
    return add_const(p, v);
}

static int const_of(PolProgram *p, PolValueTag tag)
{
    PolValue v = pol_absent();
    v.tag = tag;
    switch (tag) {
    case POL_V_DEC: v.as.dec.num = 1; v.as.dec.den = 2; break;
    case POL_V_TEXT: return const_text(p, "s");
    default: break;
    }
    return add_const(p, v);
}

static int fact(const PolProgram *p, const char *name)
{
    for (int i = 0; i < p->facts->count; i++)
        if (strcmp(p->facts->members[i].name, name) == 0)
            return i;
    cr_assert_fail("no fact `%s`", name);
    return -1;
}

/* The verifier refuses p, saying exactly why. */
static void refused(const PolProgram *p, const char *want)
{
    const char *why = pol_verify_program(p);
    cr_assert_not_null(why, "accepted; wanted: %s", want);
    cr_assert_str_eq(why, want);
}

/* ... in chunk ci at offset at, for what. */
static void refused_at(const PolProgram *p, int ci, int at, const char *what)
{
    refused(p, pol_strdup_printf("invalid bytecode in `%s` at %d: %s", p->chunks[ci].name, at, what));
}

static void accepted(const PolProgram *p)
{
    const char *why = pol_verify_program(p);
    cr_assert_null(why, "refused: %s", why);
}

/* ------------------------------------------------------ sound programs */

Test(verify, every_policy_of_the_repository_is_sound)
{
    static const char *const paths[] = {
        "tests/example/example.pol", "tests/items/skills.pol", "tests/relief/relief.pol",
        "tests/amendment/refund.pol", "policies/ui-job-stability.pol", "policies/changsha-srdi-2025.pol",
        "tests/regress/regress.pol",
    };
    for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
        PolProgram *p = compile_file(paths[i]);
        for (int ci = 0; ci < p->nchunks; ci++) {
            int depth = -1;
            cr_assert_null(pol_verify_chunk(p, ci, &depth), "%s: chunk %s", paths[i], p->chunks[ci].name);
            cr_assert_eq(depth, p->chunks[ci].max_stack, "%s: chunk %s", paths[i], p->chunks[ci].name);
        }
    }
}

Test(verify, pol_verify_chunk_says_why)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    CODE(p, ci, POL_I_ADD_INT, POL_I_RETURN);
    int depth = 7;
    cr_assert_str_eq(pol_verify_chunk(p, ci, &depth), "invalid bytecode in `p` at 0: stack underflow");
    cr_assert_eq(depth, 7, "the depth is not set when the chunk is refused");
}

/* ------------------------------------------------- chunk headers, pass 1 */

Test(verify, chunk_kind_out_of_range)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    p->chunks[ci].kind = (PolChunkKind)(POL_CHUNK_APPLIES + 1);
    refused_at(p, ci, 0, "bad chunk header");
}

Test(verify, more_arguments_than_locals)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "twice");
    p->chunks[ci].nargs = p->chunks[ci].nlocals + 1;
    refused_at(p, ci, 0, "bad chunk header");
}

Test(verify, measure_chunk_of_no_measure)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "m");
    p->chunks[ci].index = p->nmeasures;
    refused_at(p, ci, 0, "measure chunk does not match its measure");
}

Test(verify, measure_chunk_of_another_chunk)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "m");
    int other = chunk_named(p, "p");
    p->measures[p->chunks[ci].index].chunk = other;
    refused_at(p, ci, 0, "measure chunk does not match its measure");
}

Test(verify, definition_chunk_of_no_definition)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "d");
    p->chunks[ci].index = -1;
    refused_at(p, ci, 0, "definition chunk does not match its definition");
}

Test(verify, definition_chunk_of_another_definition)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "d");
    int twice = chunk_named(p, "twice");
    p->chunks[ci].index = p->chunks[twice].index;
    refused_at(p, ci, 0, "definition chunk does not match its definition");
}

Test(verify, definition_chunk_with_other_arguments)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "twice");
    p->defines[p->chunks[ci].index].nargs = 0;
    refused_at(p, ci, 0, "definition chunk does not match its definition");
}

Test(verify, unknown_instruction)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    CODE(p, ci, POL_I_TRUE, POL_I_COUNT, POL_I_RETURN);
    refused_at(p, ci, 1, "unknown instruction");
}

Test(verify, instruction_past_the_end)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    CODE(p, ci, POL_I_TRUE, POL_I_RETURN, POL_I_CONST, 0);
    p->chunks[ci].len -= 1;   /* CONST's operand cut in half */
    refused_at(p, ci, 2, "instruction runs past the end");
}

Test(verify, operand_byte_without_a_source_location)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    CODE(p, ci, POL_I_CONST, 0, POL_I_RETURN);
    p->chunks[ci].spans[2] = p->nspans;
    refused_at(p, ci, 0, "no source location");
}

Test(verify, negative_source_location)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    CODE(p, ci, POL_I_CONST, 0, POL_I_RETURN);
    p->chunks[ci].spans[3] = -1;
    refused_at(p, ci, 3, "no source location");
}

Test(verify, empty_chunk)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    p->chunks[ci].len = 0;
    refused_at(p, ci, 0, "empty chunk");
}

/* ----------------------------------------------------------- operands */

Test(verify, constant_out_of_range)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    CODE(p, ci, POL_I_CONST, p->nconsts, POL_I_RETURN);
    refused_at(p, ci, 0, "constant out of range");
}

Test(verify, fact_out_of_range)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    CODE(p, ci, POL_I_FACT, p->facts->count, POL_I_RETURN);
    refused_at(p, ci, 0, "fact out of range");
}

Test(verify, note_path_out_of_range)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    CODE(p, ci, POL_I_TRUE, POL_I_NOTE, p->nstrings, POL_NO_INDEX, POL_I_RETURN);
    refused_at(p, ci, 1, "note operand out of range");
}

Test(verify, note_index_local_out_of_range)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    CODE(p, ci, POL_I_TRUE, POL_I_NOTE, 0, p->chunks[ci].nlocals, POL_I_RETURN);
    refused_at(p, ci, 1, "note operand out of range");
}

Test(verify, local_out_of_range)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "twice");
    CODE(p, ci, POL_I_LOCAL, p->chunks[ci].nlocals, POL_I_RETURN);
    refused_at(p, ci, 0, "local out of range");
}

Test(verify, set_local_negative)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    /* operands are unsigned: 0xffff is past any local */
    CODE(p, ci, POL_I_TRUE, POL_I_SET_LOCAL, 0xffff, POL_I_TRUE, POL_I_RETURN);
    refused_at(p, ci, 1, "local out of range");
}

Test(verify, parameter_out_of_range)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    CODE(p, ci, POL_I_PARAM, p->nparams, POL_I_RETURN);
    refused_at(p, ci, 0, "parameter out of range");
}

Test(verify, definition_out_of_range)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    CODE(p, ci, POL_I_DEF, p->ndefines, POL_I_RETURN);
    refused_at(p, ci, 0, "definition out of range");
}

Test(verify, definition_with_arguments_read_as_a_value)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    int twice = p->chunks[chunk_named(p, "twice")].index;
    CODE(p, ci, POL_I_DEF, twice, POL_I_RETURN);
    refused_at(p, ci, 0, "definition out of range");
}

Test(verify, call_of_no_definition)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "d");
    int at = find_op(p, ci, POL_I_CALL, 0);
    set_operand(p, ci, at, 0, p->ndefines);
    refused_at(p, ci, at, "call does not match its definition");
}

Test(verify, call_with_another_number_of_arguments)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "d");
    int at = find_op(p, ci, POL_I_CALL, 0);
    set_operand(p, ci, at, 1, 2);
    refused_at(p, ci, at, "call does not match its definition");
}

Test(verify, granted_out_of_range)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    CODE(p, ci, POL_I_GRANTED, p->nmeasures, POL_I_RETURN);
    refused_at(p, ci, 0, "measure out of range");
}

Test(verify, scale_out_of_range)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    CODE(p, ci, POL_I_TRUE, POL_I_SCALE, p->nscales, POL_I_RETURN);
    refused_at(p, ci, 1, "scale out of range");
}

Test(verify, branch_out_of_range)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    CODE(p, ci, POL_I_BRANCH, p->nbranches, POL_I_TRUE, POL_I_RETURN);
    refused_at(p, ci, 0, "branch out of range");
}

Test(verify, item_path_out_of_range)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "twice");
    CODE(p, ci, POL_I_ITEM, p->nstrings, 0, POL_I_TRUE, POL_I_RETURN);
    refused_at(p, ci, 0, "item operand out of range");
}

Test(verify, item_index_local_out_of_range)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "twice");
    CODE(p, ci, POL_I_ITEM, 0, p->chunks[ci].nlocals, POL_I_TRUE, POL_I_RETURN);
    refused_at(p, ci, 0, "item operand out of range");
}

Test(verify, rounding_mode_out_of_range)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    CODE(p, ci, POL_I_TRUE, POL_I_ROUND, POL_ROUND_HALF_EVEN + 1, POL_UNIT_FEN, POL_I_RETURN);
    refused_at(p, ci, 1, "bad rounding");
}

Test(verify, rounding_unit_unknown)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    CODE(p, ci, POL_I_TRUE, POL_I_ROUND, 0, 7, POL_I_RETURN);
    refused_at(p, ci, 1, "bad rounding");
}

Test(verify, month_rounding_out_of_range)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    CODE(p, ci, POL_I_TRUE, POL_I_TRUE, POL_I_SUB_MONTHS, POL_ROUND_HALF_EVEN + 1, POL_I_RETURN);
    refused_at(p, ci, 2, "bad rounding");
}

Test(verify, least_of_nothing)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    CODE(p, ci, POL_I_MAX, 0, POL_I_RETURN);
    refused_at(p, ci, 0, "min/max of nothing");
}

Test(verify, iterator_locals_out_of_range)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "twice");
    /* ITER A needs locals A and A+1 */
    CODE(p, ci, POL_I_ITER, p->chunks[ci].nlocals - 1, 0, POL_I_TRUE, POL_I_RETURN);
    refused_at(p, ci, 0, "iterator locals out of range");
}

Test(verify, rule_applies_outside_a_definition)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    CODE(p, ci, POL_I_RULE_APPLIES, 0, POL_I_TRUE, POL_I_RETURN);
    refused_at(p, ci, 0, "rule out of range");
}

Test(verify, rule_applies_past_the_rules)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "r");
    int at = find_op(p, ci, POL_I_RULE_APPLIES, 0);
    set_operand(p, ci, at, 0, 2);
    refused_at(p, ci, at, "rule out of range");
}

Test(verify, rule_join_locals_out_of_range)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "r");
    int at = find_op(p, ci, POL_I_RULE_JOIN, 0);
    set_operand(p, ci, at, 0, p->chunks[ci].nlocals - 1);
    refused_at(p, ci, at, "rule operand out of range");
}

Test(verify, rule_join_past_the_rules)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "r");
    int at = find_op(p, ci, POL_I_RULE_JOIN, 0);
    set_operand(p, ci, at, 1, 2);
    refused_at(p, ci, at, "rule operand out of range");
}

Test(verify, rule_join_outside_a_definition)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "m");
    p->chunks[ci].nlocals = 2;
    CODE(p, ci, POL_I_TRUE, POL_I_RULE_JOIN, 0, 0, POL_I_GRANT_NONE);
    refused_at(p, ci, 1, "rule operand out of range");
}

Test(verify, condition_outside_a_measure)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    CODE(p, ci, POL_I_TRUE, POL_I_COND, 0, POL_I_TRUE, POL_I_RETURN);
    refused_at(p, ci, 1, "condition out of range");
}

Test(verify, condition_past_the_measures)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "m");
    int at = find_op(p, ci, POL_I_COND, 1);
    set_operand(p, ci, at, 0, 2);
    refused_at(p, ci, at, "condition out of range");
}

Test(verify, ceiling_outside_a_measure)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    CODE(p, ci, POL_I_TRUE, POL_I_CAP, 0, POL_I_TRUE, POL_I_RETURN);
    refused_at(p, ci, 1, "ceiling out of range");
}

Test(verify, ceiling_past_the_measures)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "m");
    int at = find_op(p, ci, POL_I_CAP, 0);
    set_operand(p, ci, at, 0, 1);
    refused_at(p, ci, at, "ceiling out of range");
}

Test(verify, grant_outside_a_measure)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    CODE(p, ci, POL_I_TRUE, POL_I_GRANT);
    refused_at(p, ci, 1, "grant outside a measure");
}

Test(verify, source_the_measure_does_not_have)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "m");
    CODE(p, ci, POL_I_CONST, const_text(p, "notice"), POL_I_SOURCE, POL_I_GRANT_NONE);
    refused_at(p, ci, 3, "a source the measure does not have");
}

Test(verify, item_instruction_outside_a_per_item_measure)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "m");
    CODE(p, ci, POL_I_ITEMS_END);
    refused_at(p, ci, 0, "an item instruction outside a per-item measure");
}

Test(verify, item_instruction_outside_a_measure)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    CODE(p, ci, POL_I_EARLIER, POL_I_RETURN);
    refused_at(p, ci, 0, "an item instruction outside a per-item measure");
}

/* ------------------------------------------------------- stack depths */

Test(verify, return_from_a_measure)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "m");
    CODE(p, ci, POL_I_TRUE, POL_I_RETURN);
    refused_at(p, ci, 1, "return from a measure");
}

Test(verify, return_with_two_values)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    CODE(p, ci, POL_I_TRUE, POL_I_TRUE, POL_I_RETURN);
    refused_at(p, ci, 2, "return with a wrong stack depth");
}

Test(verify, stack_underflow)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    CODE(p, ci, POL_I_TRUE, POL_I_EQ, POL_I_RETURN);
    refused_at(p, ci, 1, "stack underflow");
}

Test(verify, stack_without_bound)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    int n = POL_VM_STACK / 2 + 2;
    int *ins = GC_MALLOC_ATOMIC((size_t)n * sizeof *ins);
    for (int i = 0; i < n - 1; i++)
        ins[i] = POL_I_TRUE;
    ins[n - 1] = POL_I_RETURN;
    put_code(p, ci, ins, n);
    refused_at(p, ci, POL_VM_STACK / 2, "the stack grows without bound");
}

Test(verify, jump_into_an_instruction)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    CODE(p, ci, POL_I_JUMP, 1, POL_I_CONST, 0, POL_I_RETURN);
    refused_at(p, ci, 0, "jump to the middle of an instruction or out of the chunk");
}

Test(verify, jump_past_the_end)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    CODE(p, ci, POL_I_TRUE, POL_I_JUMP_IF_FALSE, 10, POL_I_TRUE, POL_I_RETURN);
    refused_at(p, ci, 1, "jump to the middle of an instruction or out of the chunk");
}

Test(verify, jump_before_the_start)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    CODE(p, ci, POL_I_JUMP, -10, POL_I_TRUE, POL_I_RETURN);
    refused_at(p, ci, 0, "jump to the middle of an instruction or out of the chunk");
}

Test(verify, falling_off_the_end)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    CODE(p, ci, POL_I_TRUE, POL_I_NOT);
    refused_at(p, ci, 1, "jump to the middle of an instruction or out of the chunk");
}

Test(verify, depths_disagree_where_paths_meet)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    /* 0 TRUE, 1 JUMP_IF_FALSE +1 (to 5, depth 0), 4 TRUE (5 at depth 1) */
    CODE(p, ci, POL_I_TRUE, POL_I_JUMP_IF_FALSE, 1, POL_I_TRUE, POL_I_TRUE, POL_I_RETURN);
    refused_at(p, ci, 4, "stack depths disagree where paths meet");
}

Test(verify, deeper_than_declared)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "d");
    p->chunks[ci].max_stack -= 1;
    refused_at(p, ci, 0, "the stack is deeper than the chunk declares");
}

/* --------------------------------------------------------------- types */

/* The measure m of SMALL made a per-item one: items of record Item, one
 * subject value (an integer), condition 0 the measure's and 1 an item's,
 * locals 0 (the list), 1, 2 (the position), 3 and 4. */
static int make_per_item(PolProgram *p)
{
    int ci = chunk_named(p, "m");
    PolMeasureInfo *mi = &p->measures[p->chunks[ci].index];
    const PolType *item = p->facts->members[fact(p, "items")].type->inner;
    mi->item_type = item;
    mi->item_conds = 1;
    mi->nsubject = 1;
    mi->subject_names = GC_MALLOC(sizeof *mi->subject_names);
    mi->subject_names[0] = "n";
    mi->subject_types = GC_MALLOC(sizeof *mi->subject_types);
    mi->subject_types[0] = &pol_type_int;
    p->chunks[ci].nlocals = 5;
    return ci;
}

/* A scale of money (or of numbers) as p's only one: one bracket, `above`. */
static void add_scale(PolProgram *p, bool money)
{
    PolScaleInfo *s = GC_MALLOC(sizeof *s);
    s->name = "s";
    s->money = money;
    s->nbrackets = 1;
    s->brackets = GC_MALLOC_ATOMIC(sizeof *s->brackets);
    s->brackets[0].up_to = (PolUMoney){0, 1};
    s->brackets[0].rate = (PolDec){1, 10};
    s->brackets[0].deduction = (PolUMoney){0, 1};
    s->span = 0;
    p->scales = s;
    p->nscales = 1;
}

Test(verify, constants_of_every_kind)
{
    static const PolValueTag tags[] = {POL_V_ABSENT, POL_V_BOOL, POL_V_INT, POL_V_DEC, POL_V_MONEY,
                                       POL_V_DATE, POL_V_DUR, POL_V_TEXT, POL_V_ENUM};
    for (size_t i = 0; i < sizeof tags / sizeof *tags; i++) {
        PolProgram *p = small();
        int ci = chunk_named(p, "p");
        CODE(p, ci, POL_I_CONST, const_of(p, tags[i]), POL_I_RETURN);
        accepted(p);
    }
}

Test(verify, negative_enum_constant)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    PolValue v = pol_absent();
    v.tag = POL_V_ENUM;
    v.as.enum_index = -1;
    CODE(p, ci, POL_I_CONST, add_const(p, v), POL_I_RETURN);
    refused_at(p, ci, 0, "negative enum constant");
}

Test(verify, constant_of_no_type)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    PolValue v = pol_absent();
    v.tag = (PolValueTag)99;
    CODE(p, ci, POL_I_CONST, add_const(p, v), POL_I_RETURN);
    refused_at(p, ci, 0, "constant of no type");
}

Test(verify, member_of_what_is_not_a_record)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    CODE(p, ci, POL_I_FACT, fact(p, "n"), POL_I_FIELD, 0, POL_I_RETURN);
    refused_at(p, ci, 3, "a member of what is not a record");
}

Test(verify, member_of_what_may_be_absent)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    CODE(p, ci, POL_I_FACT, fact(p, "opt_item"), POL_I_FIELD, 0, POL_I_RETURN);
    refused_at(p, ci, 3, "a member of what is not a record");
}

Test(verify, member_of_an_optional_record)
{
    /* FIELD_OPT of an optional record: the member may be absent; of what
     * is always absent, it stays absent */
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    CODE(p, ci, POL_I_FACT, fact(p, "opt_item"), POL_I_FIELD_OPT, 0, POL_I_UNWRAP, POL_I_ABSENT, POL_I_FIELD_OPT, 1,
         POL_I_IS_PRESENT, POL_I_EQ, POL_I_RETURN);
    accepted(p);
}

Test(verify, list_member_of_nothing)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    CODE(p, ci, POL_I_ABSENT, POL_I_FIELD_LIST, 0, POL_I_RETURN);
    refused_at(p, ci, 1, "a list member of nothing");
}

Test(verify, member_out_of_range)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    CODE(p, ci, POL_I_FACT, fact(p, "item"), POL_I_FIELD, 2, POL_I_RETURN);
    refused_at(p, ci, 3, "member out of range");
}

Test(verify, list_member_that_is_not_a_list)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    CODE(p, ci, POL_I_FACT, fact(p, "item"), POL_I_FIELD_LIST, 0, POL_I_RETURN);
    refused_at(p, ci, 3, "a list member that is not a list");
}

Test(verify, unwrapping_the_no_rule_mark)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    CODE(p, ci, POL_I_RULE_EMPTY, POL_I_UNWRAP, POL_I_RETURN);
    refused_at(p, ci, 1, "unwrapping the no-rule mark");
}

Test(verify, note_index_that_is_not_an_integer)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    p->chunks[ci].nlocals = 1;   /* never set: absent */
    CODE(p, ci, POL_I_TRUE, POL_I_NOTE, 0, 0, POL_I_RETURN);
    refused_at(p, ci, 1, "a list index that is not an integer");
}

Test(verify, calls_with_arguments_of_two_types)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    int twice = p->chunks[chunk_named(p, "twice")].index;
    CODE(p, ci, POL_I_CONST, const_int(p, 1), POL_I_CALL, twice, 1, POL_I_CONST, const_text(p, "1"), POL_I_CALL, twice, 1,
         POL_I_EQ, POL_I_RETURN);
    refused_at(p, ci, 11, "calls pass arguments of different types");
}

Test(verify, a_definition_never_called_is_not_analysed)
{
    /* its arguments are unknown until a call is seen: its code is checked
     * against them then */
    PolProgram *p = small();
    int d = chunk_named(p, "d");
    CODE(p, d, POL_I_CONST, const_int(p, 4), POL_I_RETURN);
    accepted(p);
    int twice = chunk_named(p, "twice");
    CODE(p, twice, POL_I_LOCAL, 0, POL_I_NOT, POL_I_RETURN);
    accepted(p);   /* x * 2 read as a bool, but nobody calls twice */
    CODE(p, d, POL_I_CONST, const_int(p, 4), POL_I_CALL, p->chunks[twice].index, 1, POL_I_RETURN);
    refused_at(p, twice, 3, "not of what is not a bool");
}

/* One arithmetic instruction on x and y (constants of those kinds). */
static void arithmetic(PolOpcode op, PolValueTag x, PolValueTag y, int bad_at, const char *what)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    if (pol_opcode_operands[op] == POL_OPND_A)   /* ADD_MONTHS, SUB_MONTHS: rounded down */
        CODE(p, ci, POL_I_CONST, const_of(p, x), POL_I_CONST, const_of(p, y), op, POL_ROUND_DOWN, POL_I_RETURN);
    else
        CODE(p, ci, POL_I_CONST, const_of(p, x), POL_I_CONST, const_of(p, y), op, POL_I_RETURN);
    if (what)
        refused_at(p, ci, bad_at, what);
    else
        accepted(p);
}

Test(verify, arithmetic_of_every_kind)
{
    arithmetic(POL_I_MUL_INT, POL_V_INT, POL_V_INT, 0, NULL);
    arithmetic(POL_I_DIV_DEC, POL_V_DEC, POL_V_DEC, 0, NULL);
    arithmetic(POL_I_SUB_MONEY, POL_V_MONEY, POL_V_MONEY, 0, NULL);
    arithmetic(POL_I_ADD_DUR, POL_V_DUR, POL_V_DUR, 0, NULL);
    arithmetic(POL_I_SUB_DUR, POL_V_DUR, POL_V_DUR, 0, NULL);
    arithmetic(POL_I_MUL_MONEY_INT, POL_V_MONEY, POL_V_INT, 0, NULL);
    arithmetic(POL_I_DIV_MONEY, POL_V_MONEY, POL_V_MONEY, 0, NULL);
    arithmetic(POL_I_DIV_MONEY_DEC, POL_V_MONEY, POL_V_DEC, 0, NULL);
    arithmetic(POL_I_SUB_DATE, POL_V_DATE, POL_V_DATE, 0, NULL);
    arithmetic(POL_I_ADD_MONTHS, POL_V_DATE, POL_V_DUR, 0, NULL);
}

Test(verify, arithmetic_on_the_wrong_type)
{
    arithmetic(POL_I_ADD_INT, POL_V_TEXT, POL_V_INT, 6, "arithmetic on the wrong type");
    arithmetic(POL_I_ADD_INT, POL_V_INT, POL_V_DEC, 6, "arithmetic on the wrong type");
    arithmetic(POL_I_ADD_DUR, POL_V_DUR, POL_V_DATE, 6, "arithmetic on the wrong type");
    arithmetic(POL_I_MUL_MONEY_DEC, POL_V_INT, POL_V_DEC, 6, "money arithmetic on what is not money");
    arithmetic(POL_I_MUL_MONEY_INT, POL_V_MONEY, POL_V_DEC, 6, "money arithmetic with the wrong type");
    arithmetic(POL_I_DIV_MONEY, POL_V_MONEY, POL_V_DEC, 6, "money arithmetic with the wrong type");
    arithmetic(POL_I_ADD_MONTHS, POL_V_INT, POL_V_DUR, 6, "date arithmetic on what is not a date");
    arithmetic(POL_I_SUB_MONTHS, POL_V_DATE, POL_V_INT, 6, "date arithmetic with what is not a duration");
    arithmetic(POL_I_SUB_DATE, POL_V_INT, POL_V_DATE, 6, "days between what are not dates");
    arithmetic(POL_I_SUB_DATE, POL_V_DATE, POL_V_DUR, 6, "days between what are not dates");
}

Test(verify, arithmetic_on_what_may_be_absent)
{
    arithmetic(POL_I_ADD_MONEY, POL_V_MONEY, POL_V_ABSENT, 6, "arithmetic on the wrong type");
}

/* One instruction on a constant of kind x. */
static void unary(PolOpcode op, PolValueTag x, const char *what)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    CODE(p, ci, POL_I_CONST, const_of(p, x), op, POL_I_RETURN);
    if (what)
        refused_at(p, ci, 3, what);
    else
        accepted(p);
}

Test(verify, one_value_of_every_kind)
{
    unary(POL_I_NEG_INT, POL_V_INT, NULL);
    unary(POL_I_NEG_DEC, POL_V_DEC, NULL);
    unary(POL_I_NEG_MONEY, POL_V_MONEY, NULL);
    unary(POL_I_TO_DEC, POL_V_INT, NULL);
    unary(POL_I_TO_DEC, POL_V_ABSENT, NULL);
    unary(POL_I_TO_UMONEY, POL_V_MONEY, NULL);
    unary(POL_I_TO_UMONEY, POL_V_ABSENT, NULL);
    unary(POL_I_NOT, POL_V_BOOL, NULL);
    unary(POL_I_YEAR, POL_V_DATE, NULL);
    unary(POL_I_MONTH, POL_V_DATE, NULL);
    unary(POL_I_DAY, POL_V_DATE, NULL);
    unary(POL_I_WITHIN, POL_V_DATE, NULL);
    unary(POL_I_IS_PRESENT, POL_V_ABSENT, NULL);
}

Test(verify, one_value_of_the_wrong_kind)
{
    unary(POL_I_NEG_INT, POL_V_DEC, "negation of the wrong type");
    unary(POL_I_NEG_MONEY, POL_V_INT, "negation of the wrong type");
    unary(POL_I_TO_DEC, POL_V_DEC, "an integer to convert is not one");
    unary(POL_I_TO_UMONEY, POL_V_INT, "unrounded money of what is not money");
    unary(POL_I_NOT, POL_V_INT, "not of what is not a bool");
    unary(POL_I_YEAR, POL_V_INT, "a date function of what is not a date");
    unary(POL_I_WITHIN, POL_V_ABSENT, "a date function of what is not a date");
    unary(POL_I_NEG_UMONEY, POL_V_MONEY, "negation of the wrong type");
}

Test(verify, rounding_what_is_not_money)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    CODE(p, ci, POL_I_CONST, const_of(p, POL_V_DEC), POL_I_ROUND, 0, POL_UNIT_YUAN, POL_I_RETURN);
    refused_at(p, ci, 3, "rounding what is not money");
}

Test(verify, unrounded_money)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    int money = const_of(p, POL_V_MONEY), dec = const_of(p, POL_V_DEC);
    /* -((m + m - m) * d / d / m) = -(m) rounded; the quotient a decimal */
    CODE(p, ci, POL_I_CONST, money, POL_I_TO_UMONEY, POL_I_TO_UMONEY, POL_I_CONST, money, POL_I_TO_UMONEY, POL_I_ADD_UMONEY,
         POL_I_CONST, money, POL_I_TO_UMONEY, POL_I_SUB_UMONEY, POL_I_CONST, dec, POL_I_MUL_UMONEY_DEC, POL_I_CONST, dec,
         POL_I_DIV_UMONEY_DEC, POL_I_CONST, money, POL_I_TO_UMONEY, POL_I_DIV_UMONEY, POL_I_NEG_DEC, POL_I_CONST, money,
         POL_I_TO_UMONEY, POL_I_NEG_UMONEY, POL_I_ROUND, POL_ROUND_HALF_EVEN, POL_UNIT_FEN, POL_I_TO_DEC, POL_I_EQ, POL_I_RETURN);
    /* TO_DEC of money, before EQ and RETURN, is refused */
    refused_at(p, ci, p->chunks[ci].len - 3, "an integer to convert is not one");
    p->chunks[ci].code[p->chunks[ci].len - 3] = POL_I_NEG_MONEY;
    accepted(p);
}

Test(verify, unrounded_money_arithmetic_on_the_wrong_type)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    int money = const_of(p, POL_V_MONEY);
    CODE(p, ci, POL_I_CONST, money, POL_I_CONST, money, POL_I_TO_UMONEY, POL_I_ADD_UMONEY, POL_I_RETURN);
    refused_at(p, ci, 7, "unrounded money arithmetic on what is not unrounded money");
    CODE(p, ci, POL_I_CONST, money, POL_I_TO_UMONEY, POL_I_CONST, money, POL_I_MUL_UMONEY_DEC, POL_I_RETURN);
    refused_at(p, ci, 7, "unrounded money arithmetic with the wrong type");
    CODE(p, ci, POL_I_CONST, money, POL_I_TO_UMONEY, POL_I_CONST, money, POL_I_SUB_UMONEY, POL_I_RETURN);
    refused_at(p, ci, 7, "unrounded money arithmetic with the wrong type");
}

Test(verify, scales_of_money_and_of_numbers)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    add_scale(p, true);
    CODE(p, ci, POL_I_CONST, const_of(p, POL_V_MONEY), POL_I_TO_UMONEY, POL_I_SCALE, 0, POL_I_RETURN);
    accepted(p);
    CODE(p, ci, POL_I_CONST, const_of(p, POL_V_MONEY), POL_I_SCALE, 0, POL_I_RETURN);
    refused_at(p, ci, 3, "a scale applied to a base of another kind");
    p->scales[0].money = false;
    CODE(p, ci, POL_I_CONST, const_of(p, POL_V_DEC), POL_I_SCALE, 0, POL_I_RETURN);
    accepted(p);
    CODE(p, ci, POL_I_CONST, const_of(p, POL_V_INT), POL_I_SCALE, 0, POL_I_RETURN);
    refused_at(p, ci, 3, "a scale applied to a base of another kind");
}

/* A comparison of constants of kinds x and y. */
static void compare(PolValueTag x, PolValueTag y, bool ok)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    CODE(p, ci, POL_I_CONST, const_of(p, x), POL_I_CONST, const_of(p, y), POL_I_LT, POL_I_RETURN);
    if (ok)
        accepted(p);
    else
        refused_at(p, ci, 6, "comparing values that have no common order");
}

Test(verify, comparisons)
{
    compare(POL_V_INT, POL_V_INT, true);
    compare(POL_V_MONEY, POL_V_MONEY, true);
    compare(POL_V_DATE, POL_V_DATE, true);
    compare(POL_V_DEC, POL_V_DEC, true);
    compare(POL_V_ABSENT, POL_V_INT, true);   /* absent compares false */
    compare(POL_V_BOOL, POL_V_BOOL, false);
    compare(POL_V_INT, POL_V_TEXT, false);
    compare(POL_V_INT, POL_V_DATE, false);
    compare(POL_V_INT, POL_V_DEC, false);
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    int money = const_of(p, POL_V_MONEY);
    CODE(p, ci, POL_I_CONST, money, POL_I_TO_UMONEY, POL_I_CONST, money, POL_I_TO_UMONEY, POL_I_GE, POL_I_RETURN);
    accepted(p);
    CODE(p, ci, POL_I_RULE_EMPTY, POL_I_CONST, money, POL_I_LE, POL_I_RETURN);
    refused_at(p, ci, 4, "comparing values that have no common order");
    CODE(p, ci, POL_I_CONST, money, POL_I_RULE_EMPTY, POL_I_GT, POL_I_RETURN);
    refused_at(p, ci, 4, "comparing values that have no common order");
}

Test(verify, least_and_greatest)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    int i = const_of(p, POL_V_INT), t = const_of(p, POL_V_TEXT);
    CODE(p, ci, POL_I_CONST, i, POL_I_CONST, i, POL_I_MIN, 2, POL_I_RETURN);
    accepted(p);
    CODE(p, ci, POL_I_CONST, i, POL_I_CONST, const_of(p, POL_V_MONEY), POL_I_MAX, 2, POL_I_RETURN);
    refused_at(p, ci, 6, "the least or greatest of values that have no common order");
    CODE(p, ci, POL_I_CONST, t, POL_I_CONST, t, POL_I_MAX, 2, POL_I_RETURN);
    refused_at(p, ci, 6, "the least or greatest of values that have no common order");
    CODE(p, ci, POL_I_ABSENT, POL_I_MIN, 1, POL_I_RETURN);
    refused_at(p, ci, 1, "the least or greatest of values that have no common order");
    CODE(p, ci, POL_I_RULE_EMPTY, POL_I_MIN, 1, POL_I_RETURN);
    refused_at(p, ci, 1, "the least or greatest of values that have no common order");
}

Test(verify, the_no_rule_mark_tested)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    CODE(p, ci, POL_I_RULE_EMPTY, POL_I_IS_PRESENT, POL_I_RETURN);
    refused_at(p, ci, 1, "the no-rule mark tested");
}

Test(verify, jumps_on_what_is_not_a_bool)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    int i = const_of(p, POL_V_INT);
    CODE(p, ci, POL_I_CONST, i, POL_I_JUMP_IF_FALSE, 0, POL_I_TRUE, POL_I_RETURN);
    refused_at(p, ci, 3, "a jump on what is not a bool");
    CODE(p, ci, POL_I_CONST, i, POL_I_AND, 1, POL_I_TRUE, POL_I_RETURN);
    refused_at(p, ci, 3, "and/or of what is not a bool");
    CODE(p, ci, POL_I_ABSENT, POL_I_OR, 1, POL_I_TRUE, POL_I_RETURN);
    refused_at(p, ci, 1, "and/or of what is not a bool");
}

Test(verify, otherwise)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    int i = const_of(p, POL_V_INT);
    /* present: jumps keeping it; absent: popped, the other value */
    CODE(p, ci, POL_I_FACT, fact(p, "opt_n"), POL_I_OTHERWISE, 3, POL_I_CONST, i, POL_I_RETURN);
    accepted(p);
    /* what can only be absent never jumps */
    CODE(p, ci, POL_I_ABSENT, POL_I_OTHERWISE, 3, POL_I_CONST, i, POL_I_RETURN);
    accepted(p);
    CODE(p, ci, POL_I_RULE_EMPTY, POL_I_OTHERWISE, 3, POL_I_CONST, i, POL_I_RETURN);
    refused_at(p, ci, 1, "otherwise of the no-rule mark");
}

Test(verify, iterating_over_what_is_not_a_list)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    p->chunks[ci].nlocals = 3;
    /* 0 ITER 0 -> 11; 5 SET_LOCAL 2; 8 JUMP -> 0; 11 TRUE; 12 RETURN */
    CODE(p, ci, POL_I_ITER, 0, 6, POL_I_SET_LOCAL, 2, POL_I_JUMP, -11, POL_I_TRUE, POL_I_RETURN);
    refused_at(p, ci, 0, "iterating over what is not a list");
    CODE(p, ci, POL_I_FACT, fact(p, "items"), POL_I_SET_LOCAL, 0, POL_I_ITER, 0, 6, POL_I_SET_LOCAL, 2, POL_I_JUMP, -11,
         POL_I_TRUE, POL_I_RETURN);
    refused_at(p, ci, 6, "an iterator index that is not an integer");
    CODE(p, ci, POL_I_FACT, fact(p, "items"), POL_I_SET_LOCAL, 0, POL_I_CONST, const_int(p, 0), POL_I_SET_LOCAL, 1,
         POL_I_ITER, 0, 6, POL_I_SET_LOCAL, 2, POL_I_JUMP, -11, POL_I_TRUE, POL_I_RETURN);
    accepted(p);
}

Test(verify, rules_of_different_types)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "r");
    int at = find_op(p, ci, POL_I_RULE_JOIN, 1);
    /* the second rule's value: a text */
    int c = find_op(p, ci, POL_I_CONST, 0);
    while (c >= 0 && c < at) {
        int k = operand(p, ci, c, 0);
        if (p->consts[k].tag == POL_V_INT && p->consts[k].as.i == 2)
            set_operand(p, ci, c, 0, const_text(p, "2"));
        c += 3;
        while (c < at && p->chunks[ci].code[c] != POL_I_CONST)
            c += pol_instruction_size((PolOpcode)p->chunks[ci].code[c]);
    }
    refused_at(p, ci, at, "rules of different types");
}

Test(verify, item_index_that_is_not_an_integer)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "twice");
    CODE(p, ci, POL_I_LOCAL, 0, POL_I_ITEM, 0, 0, POL_I_RETURN);
    accepted(p);
    p->chunks[ci].nlocals = 2;
    CODE(p, ci, POL_I_LOCAL, 0, POL_I_ITEM, 0, 1, POL_I_RETURN);
    refused_at(p, ci, 3, "a list index that is not an integer");
}

Test(verify, measure_values_of_the_wrong_type)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "m");
    int i = const_of(p, POL_V_INT), money = const_of(p, POL_V_MONEY);
    CODE(p, ci, POL_I_CONST, i, POL_I_COND, 0, POL_I_GRANT_NONE);
    refused_at(p, ci, 3, "a condition that is not a bool");
    CODE(p, ci, POL_I_CONST, i, POL_I_GRANT);
    refused_at(p, ci, 3, "an amount that is not money");
    CODE(p, ci, POL_I_CONST, i, POL_I_CAP_BASE, POL_I_CAP_GRANT);
    refused_at(p, ci, 3, "an amount that is not money");
    CODE(p, ci, POL_I_CONST, money, POL_I_CAP_BASE, POL_I_CONST, i, POL_I_CAP, 0, POL_I_CAP_GRANT);
    refused_at(p, ci, 7, "a ceiling that is not money");
    CODE(p, ci, POL_I_CONST, money, POL_I_CAP_BASE, POL_I_ABSENT, POL_I_CAP, 0, POL_I_CAP_GRANT);
    accepted(p);
    p->measures[p->chunks[ci].index].has_source = true;
    CODE(p, ci, POL_I_CONST, i, POL_I_SOURCE, POL_I_GRANT_NONE);
    refused_at(p, ci, 3, "a source that is not text");
    CODE(p, ci, POL_I_CONST, const_text(p, "notice"), POL_I_SOURCE, POL_I_GRANT_NONE);
    accepted(p);
}

Test(verify, returns_of_the_wrong_type)
{
    PolProgram *p = small();
    int k = chunk_named(p, "k");
    CODE(p, k, POL_I_CONST, const_int(p, 1), POL_I_RETURN);
    refused_at(p, k, 3, "a definition returns a value of another type than its own");
    CODE(p, k, POL_I_FACT, fact(p, "other"), POL_I_RETURN);
    refused_at(p, k, 3, "a definition returns a value of another type than its own");
    PolValue v = pol_absent();
    v.tag = POL_V_ENUM;
    v.as.enum_index = 3;   /* Kind has 3 values */
    CODE(p, k, POL_I_CONST, add_const(p, v), POL_I_RETURN);
    refused_at(p, k, 3, "a definition returns a value of another type than its own");
    v.as.enum_index = 2;
    CODE(p, k, POL_I_CONST, add_const(p, v), POL_I_RETURN);
    accepted(p);
    CODE(p, k, POL_I_ABSENT, POL_I_RETURN);
    refused_at(p, k, 1, "a definition returns a value of another type than its own");
    CODE(p, k, POL_I_RULE_EMPTY, POL_I_RETURN);
    refused_at(p, k, 1, "a definition returns a value of another type than its own");
    int applies = chunk_named(p, "applies");
    CODE(p, applies, POL_I_CONST, const_int(p, 1), POL_I_RETURN);
    refused_at(p, applies, 3, "`applies when` that is not a bool");
}

Test(verify, a_parameter_of_two_types)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    /* 0 TRUE, 1 JUMP_IF_FALSE -> 8, 4 CONST int, 7 RETURN, 8 TRUE, 9 RETURN */
    CODE(p, ci, POL_I_TRUE, POL_I_JUMP_IF_FALSE, 4, POL_I_CONST, const_int(p, 1), POL_I_RETURN, POL_I_TRUE, POL_I_RETURN);
    refused_at(p, ci, 9, "a parameter of two types");
    CODE(p, ci, POL_I_RULE_EMPTY, POL_I_RETURN);
    refused_at(p, ci, 1, "a parameter of two types");
}

Test(verify, a_parameter_read_before_its_type_is_known)
{
    /* q reads p, analysed after it: q is analysed again when p's type grows */
    PolProgram *p = small();
    int pc = chunk_named(p, "p"), qc = chunk_named(p, "q");
    int pi = p->chunks[pc].index;
    CODE(p, pc, POL_I_PARAM, p->chunks[qc].index, POL_I_RETURN);
    CODE(p, qc, POL_I_CONST, const_of(p, POL_V_TEXT), POL_I_RETURN);
    accepted(p);
    (void)pi;
    CODE(p, pc, POL_I_PARAM, p->chunks[qc].index, POL_I_NOT, POL_I_RETURN);
    refused_at(p, pc, 3, "not of what is not a bool");
}

Test(verify, types_disagree_where_paths_meet)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    int i = const_int(p, 1), t = const_text(p, "1");
    /* 0 TRUE, 1 JUMP_IF_FALSE -> 10, 4 CONST int, 7 JUMP -> 16, 10 CONST text, 13 JUMP -> 16, 16 RETURN */
    CODE(p, ci, POL_I_TRUE, POL_I_JUMP_IF_FALSE, 6, POL_I_CONST, i, POL_I_JUMP, 6, POL_I_CONST, t, POL_I_JUMP, 0, POL_I_RETURN);
    refused_at(p, ci, 13, "types disagree where paths meet");
    /* the same falling through onto the join: 0 TRUE, 1 JUMP_IF_FALSE -> 10, 4 CONST int, 7 JUMP -> 13, 10 CONST text, 13 RETURN */
    CODE(p, ci, POL_I_TRUE, POL_I_JUMP_IF_FALSE, 6, POL_I_CONST, i, POL_I_JUMP, 3, POL_I_CONST, t, POL_I_RETURN);
    refused_at(p, ci, 13, "types disagree where paths meet");
}

/* --------------------------------------------------- per-item measures */

Test(verify, per_item_operands)
{
    PolProgram *p = small();
    int ci = make_per_item(p);
    CODE(p, ci, POL_I_ITEM_ORDER, 5, POL_I_ITEMS_END);
    refused_at(p, ci, 0, "item list local out of range");
    CODE(p, ci, POL_I_ITEM_NEXT, 3, 0, POL_I_ITEMS_END);
    refused_at(p, ci, 0, "item locals out of range");
    CODE(p, ci, POL_I_ITEM_SUBJECT, 2, POL_I_ITEMS_END);
    refused_at(p, ci, 0, "a subject of another length than the measure's");
    CODE(p, ci, POL_I_TRUE, POL_I_ITEM_COND, 2, 0, POL_I_ITEMS_END);
    refused_at(p, ci, 1, "condition out of range");
    CODE(p, ci, POL_I_TRUE, POL_I_ITEM_COND, 0, 0, POL_I_ITEMS_END);
    refused_at(p, ci, 1, "condition out of range");
    CODE(p, ci, POL_I_TRUE, POL_I_COND, 1, POL_I_ITEMS_END);
    refused_at(p, ci, 1, "an item's condition as the measure's");
}

/* The code of a per-item measure, as the compiler writes it: the list in
 * local 0, the position in 2, each item in 3, its subject, its condition,
 * its amount. */
static void per_item_code(PolProgram *p, int ci, int list, int key, int subject, int cond, int amount)
{
    int zero = const_int(p, 0);
    /*  0 FACT list       3 SET_LOCAL 0     6 CONST 0         9 SET_LOCAL 2
     * 12 CONST key      15 ITEM_KEY       16 ITEM_ORDER 0   19 ITEM_NEXT 0 -> 55
     * 24 SET_LOCAL 3    27 CONST subject  30 ITEM_SUBJECT 1
     * 33 CONST cond     36 ITEM_COND 1 -> 48
     * 41 CONST amount   44 ITEM_GRANT     45 JUMP -> 19
     * 48 EARLIER        49 SET_LOCAL 4    52 JUMP -> 19     55 ITEMS_END */
    CODE(p, ci, POL_I_FACT, list, POL_I_SET_LOCAL, 0, POL_I_CONST, zero, POL_I_SET_LOCAL, 2, POL_I_CONST, key,
         POL_I_ITEM_KEY, POL_I_ITEM_ORDER, 0, POL_I_ITEM_NEXT, 0, 31, POL_I_SET_LOCAL, 3, POL_I_CONST, subject,
         POL_I_ITEM_SUBJECT, 1, POL_I_CONST, cond, POL_I_ITEM_COND, 1, 7, POL_I_CONST, amount, POL_I_ITEM_GRANT,
         POL_I_JUMP, -29, POL_I_EARLIER, POL_I_SET_LOCAL, 4, POL_I_JUMP, -36, POL_I_ITEMS_END);
}

Test(verify, per_item_types)
{
    PolProgram *p = small();
    int ci = make_per_item(p);
    int items = fact(p, "items"), i = const_of(p, POL_V_INT), b = const_of(p, POL_V_BOOL), m = const_of(p, POL_V_MONEY);
    int t = const_of(p, POL_V_TEXT);
    per_item_code(p, ci, items, i, i, b, m);
    accepted(p);
    per_item_code(p, ci, items, t, i, b, m);
    refused_at(p, ci, 15, "items ordered by what has no order");
    per_item_code(p, ci, fact(p, "n"), i, i, b, m);
    refused_at(p, ci, 16, "ordering the items of what is not a list");
    per_item_code(p, ci, items, i, t, b, m);
    refused_at(p, ci, 30, "a subject value of another type than the measure's");
    per_item_code(p, ci, items, i, i, i, m);
    refused_at(p, ci, 36, "a condition that is not a bool");
    per_item_code(p, ci, items, i, i, b, i);
    refused_at(p, ci, 44, "an amount that is not money");
    p->measures[p->chunks[ci].index].item_type = pol_type_record(p->facts);
    per_item_code(p, ci, items, i, i, b, m);
    refused_at(p, ci, 19, "items of another type than the measure's");
}

Test(verify, per_item_next_of_what_is_not_a_list)
{
    PolProgram *p = small();
    int ci = make_per_item(p);
    /* 0 ITEM_NEXT 0 -> 9, 5 SET_LOCAL 3, 8 ITEM_GRANT_NONE, 9 ITEMS_END */
    CODE(p, ci, POL_I_ITEM_NEXT, 0, 4, POL_I_SET_LOCAL, 3, POL_I_ITEM_GRANT_NONE, POL_I_ITEMS_END);
    refused_at(p, ci, 0, "taking the items of what is not a list");
    CODE(p, ci, POL_I_FACT, fact(p, "items"), POL_I_SET_LOCAL, 0, POL_I_ITEM_NEXT, 0, 4, POL_I_SET_LOCAL, 3,
         POL_I_ITEM_GRANT_NONE, POL_I_ITEMS_END);
    refused_at(p, ci, 6, "an item position that is not an integer");
}

/* -------------------------------------------- locals reused (finding 58) */

Test(verify, a_local_of_two_types_where_paths_meet)
{
    /* the compiler reuses a local in disjoint scopes: where the paths meet
     * it holds values of two types, which nothing may read before it is
     * set again */
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    p->chunks[ci].nlocals = 1;
    int i = const_int(p, 1), t = const_text(p, "1");
    /* 0 TRUE, 1 JUMP_IF_FALSE -> 13, 4 CONST int, 7 SET_LOCAL 0, 10 JUMP -> 19,
     * 13 CONST text, 16 SET_LOCAL 0, 19 ... */
#define BRANCHES POL_I_TRUE, POL_I_JUMP_IF_FALSE, 9, POL_I_CONST, i, POL_I_SET_LOCAL, 0, POL_I_JUMP, 6, POL_I_CONST, t, \
                 POL_I_SET_LOCAL, 0
    CODE(p, ci, BRANCHES, POL_I_TRUE, POL_I_RETURN);
    accepted(p);
    CODE(p, ci, BRANCHES, POL_I_CONST, i, POL_I_SET_LOCAL, 0, POL_I_LOCAL, 0, POL_I_RETURN);
    accepted(p);
    CODE(p, ci, BRANCHES, POL_I_LOCAL, 0, POL_I_RETURN);
    refused_at(p, ci, 19, "a local read that holds values of two types");
    p->chunks[ci].nlocals = 3;
    CODE(p, ci, BRANCHES, POL_I_ITER, 0, 3, POL_I_SET_LOCAL, 2, POL_I_TRUE, POL_I_RETURN);
    refused_at(p, ci, 19, "iterating over what is not a list");
#undef BRANCHES
}

Test(verify, a_value_of_two_types_on_the_stack_where_paths_meet)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    p->chunks[ci].nlocals = 1;
    int i = const_int(p, 1), t = const_text(p, "1");
    /* 0 TRUE, 1 JUMP_IF_FALSE -> 10, 4 CONST int, 7 JUMP -> 13, 10 CONST text, 13 EQ... */
    CODE(p, ci, POL_I_TRUE, POL_I_JUMP_IF_FALSE, 6, POL_I_CONST, i, POL_I_JUMP, 3, POL_I_CONST, t, POL_I_TRUE, POL_I_EQ,
         POL_I_RETURN);
    refused_at(p, ci, 13, "types disagree where paths meet");
}

/* The .polc of the policy at path, written and read back. */
static PolProgram *polc_round_trip(const char *path)
{
    PolProgram *p = compile_file(path);
    size_t len = 0;
    const uint8_t *bytes = pol_polc_encode(p, &len);
    PolProgram *q = pol_polc_read_bytes(bytes, len, "t.polc", &pol_test_ds);
    cr_assert_not_null(q, "%s: %s", path, pol_test_diagnostics());
    cr_assert_eq(pol_test_ds.errors, 0, "%s", pol_test_diagnostics());
    cr_assert_str_eq(q->digest, pol_polc_digest(p));
    return q;
}

Test(verify, ui_job_stability_polc_is_read_back)
{
    /* its conditions reuse a local for the items of two lists in turn */
    PolProgram *q = polc_round_trip("policies/ui-job-stability.pol");
    cr_assert_eq(q->nmeasures, 2);
}

Test(verify, every_policy_of_the_repository_is_read_back_from_its_polc)
{
    static const char *const paths[] = {
        "tests/example/example.pol", "tests/items/skills.pol", "tests/relief/relief.pol",
        "tests/amendment/refund.pol", "policies/changsha-srdi-2025.pol", "tests/regress/regress.pol",
        "tests/amendment/ui-job-stability-2024.pol", "tests/amendment/changsha-srdi-2025.pol",
    };
    for (size_t i = 0; i < sizeof paths / sizeof *paths; i++)
        polc_round_trip(paths[i]);
}

/* ------------------------------------------------------------- tables */

/* A step of every day citing a notice: its index. */
static int add_step(PolProgram *p)
{
    PolStep *st = GC_MALLOC_ATOMIC((size_t)(p->nsteps + 1) * sizeof *st);
    if (p->nsteps)   /* a program without dated values has no steps (NULL) */
        memcpy(st, p->steps, (size_t)p->nsteps * sizeof *st);
    st[p->nsteps] = (PolStep){.from = 0, .through = 3000000, .source = const_text(p, "notice"), .span = 0};
    p->steps = st;
    return p->nsteps++;
}

/* SMALL's parameter q made a dated one, of one step: its number. */
static int dated_q(PolProgram *p)
{
    int qc = chunk_named(p, "q");
    int q = p->chunks[qc].index, s = add_step(p);
    p->param_steps[q] = s;
    p->param_nsteps[q] = 1;
    p->param_dated[q] = 1;
    /* 0 STEP s -> 9, 5 CONST 2, 8 RETURN, 9 NO_STEP */
    CODE(p, qc, POL_I_STEP, s, 4, POL_I_CONST, const_int(p, 2), POL_I_RETURN, POL_I_NO_STEP);
    return q;
}

Test(verify, dated_parameters)
{
    PolProgram *p = small();
    int q = dated_q(p);
    accepted(p);
    int pc = chunk_named(p, "p");
    CODE(p, pc, POL_I_PARAM_SOURCE, q, POL_I_RETURN);
    refused_at(p, pc, 0, "a parameter that depends on the evaluation date is not marked dated");
    p->param_dated[p->chunks[pc].index] = 1;
    accepted(p);
    p->param_dated[p->chunks[pc].index] = 0;
    /* a step of its own, the parameter without steps */
    CODE(p, pc, POL_I_STEP, 0, 4, POL_I_CONST, const_int(p, 2), POL_I_RETURN, POL_I_NO_STEP);
    refused_at(p, pc, 0, "a parameter that depends on the evaluation date is not marked dated");
}

Test(verify, a_dated_ceiling)
{
    PolProgram *p = small();
    int m = p->chunks[chunk_named(p, "m")].index;
    p->measures[m].cap_steps[0] = add_step(p);
    p->measures[m].cond_steps[0] = p->measures[m].cap_steps[0];
    p->measures[m].step = p->measures[m].cap_steps[0];
    accepted(p);
}

Test(verify, id_and_date_members_out_of_range)
{
    PolProgram *p = small();
    p->id_member = p->facts->count;
    refused(p, "invalid policy: id member out of range");
    p = small();
    p->id_member = -1;   /* no `identified by` */
    p->date_member = -2;
    refused(p, "invalid policy: date member out of range");
    p = small();
    p->applies_chunk = p->nchunks;
    refused(p, "invalid policy: applies chunk out of range");
}

Test(verify, a_policy_without_id_date_or_applies)
{
    PolProgram *p = small();
    int applies = chunk_named(p, "applies");
    p->id_member = -1;
    p->date_member = -1;
    p->applies_chunk = -1;
    p->chunks[applies].kind = POL_CHUNK_PARAM;   /* now owned by nothing */
    refused_at(p, applies, 0, "the chunk does not belong to what it runs");
}

/* refund.pol: a dated parameter (steps with sources), rules that cite
 * sources, a measure with a source. */
static PolProgram *refund(void) { return compile_file("tests/amendment/refund.pol"); }

Test(verify, invalid_steps)
{
    PolProgram *p = refund();
    cr_assert_gt(p->nsteps, 1);
    p->steps[1].through = p->steps[1].from - 1;
    refused(p, "invalid step");
    p = refund();
    p->steps[0].span = p->nspans;
    refused(p, "invalid step");
    p = refund();
    p->steps[0].source = p->nconsts;
    refused(p, "invalid step");
    p = refund();
    p->steps[0].source = const_int(p, 1);
    refused(p, "invalid step");
    p = refund();
    p->steps[0].source = -1;   /* no source: the parameter's `source of` has none to read */
    int ci = -1;
    int at = find_any(p, POL_I_PARAM_SOURCE, &ci);
    refused_at(p, ci, at, "the source of a parameter without sources");
}

Test(verify, a_repealed_step_needs_no_source)
{
    PolProgram *p = refund();
    p->steps[0].source = -1;
    p->steps[0].repealed = true;
    accepted(p);
}

Test(verify, invalid_parameter_tables)
{
    PolProgram *p = small();
    p->param_chunks[0] = p->nchunks;
    refused(p, "invalid parameter chunk");
    p = refund();
    int i = 0;
    while (p->param_nsteps[i] == 0)
        i++;
    p->param_steps[i] = p->nsteps;
    refused(p, "invalid parameter steps");
    p = refund();
    i = 0;
    while (p->param_nsteps[i] == 0)
        i++;
    p->param_nsteps[i] = p->nsteps - p->param_steps[i] + 1;
    refused(p, "invalid parameter steps");
}

Test(verify, invalid_definition_tables)
{
    PolProgram *p = small();
    p->defines[0].chunk = -1;
    refused(p, "invalid definition chunk");
    p = small();
    int r = p->chunks[chunk_named(p, "r")].index;
    p->defines[r].rules[1].span = -1;
    refused(p, "invalid rule span");
    p = small();
    p->defines[r].rules[0].step = p->nsteps;
    refused(p, "invalid rule step");
}

Test(verify, the_source_of_a_definition)
{
    PolProgram *p = compile_file("policies/ui-job-stability.pol");
    int ci = -1;
    int at = find_any(p, POL_I_DEF_SOURCE, &ci);
    int d = operand(p, ci, at, 0);
    p->steps[p->defines[d].rules[0].step].source = -1;
    refused_at(p, ci, at, "the source of a definition without sources");
    p = compile_file("policies/ui-job-stability.pol");
    p->defines[d].rules[1].step = -1;
    refused_at(p, ci, at, "the source of a definition without sources");
    p = small();
    ci = chunk_named(p, "p");
    CODE(p, ci, POL_I_TRUE, POL_I_DEF_SOURCE, p->ndefines, POL_I_RETURN);
    refused_at(p, ci, 1, "the source of a definition without sources");
    CODE(p, ci, POL_I_TRUE, POL_I_DEF_SOURCE, p->chunks[chunk_named(p, "twice")].index, POL_I_RETURN);
    refused_at(p, ci, 1, "the source of a definition without sources");
    d = p->chunks[chunk_named(p, "d")].index;
    p->defines[d].nrules = 0;
    CODE(p, ci, POL_I_TRUE, POL_I_DEF_SOURCE, d, POL_I_RETURN);
    refused_at(p, ci, 1, "the source of a definition without sources");
    /* rules that cite no source */
    CODE(p, ci, POL_I_TRUE, POL_I_DEF_SOURCE, p->chunks[chunk_named(p, "r")].index, POL_I_RETURN);
    refused_at(p, ci, 1, "the source of a definition without sources");
}

Test(verify, the_source_of_a_parameter)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    CODE(p, ci, POL_I_PARAM_SOURCE, p->nparams, POL_I_RETURN);
    refused_at(p, ci, 0, "the source of a parameter without sources");
    CODE(p, ci, POL_I_PARAM_SOURCE, p->chunks[chunk_named(p, "q")].index, POL_I_RETURN);
    refused_at(p, ci, 0, "the source of a parameter without sources");
}

Test(verify, step_out_of_range)
{
    PolProgram *p = refund();
    int ci = -1;
    int at = find_any(p, POL_I_STEP, &ci);
    set_operand(p, ci, at, 0, p->nsteps);
    refused_at(p, ci, at, "step out of range");
}

Test(verify, undated_parameters_that_depend_on_the_date)
{
    PolProgram *p = refund();
    int i = 0;
    while (p->param_nsteps[i] == 0)
        i++;
    p->param_dated[i] = 0;
    refused_at(p, p->param_chunks[i], 0, "a parameter that depends on the evaluation date is not marked dated");
    p = small();
    int pc = chunk_named(p, "p");
    CODE(p, pc, POL_I_EVAL_DATE, POL_I_RETURN);
    refused_at(p, pc, 0, "a parameter that depends on the evaluation date is not marked dated");
    p->param_dated[p->chunks[pc].index] = 1;
    accepted(p);
    /* q reads p, dated */
    int qc = chunk_named(p, "q");
    CODE(p, qc, POL_I_PARAM, p->chunks[pc].index, POL_I_RETURN);
    refused_at(p, qc, 0, "a parameter that depends on the evaluation date is not marked dated");
    p->param_dated[p->chunks[qc].index] = 1;
    accepted(p);
    CODE(p, qc, POL_I_PARAM_SOURCE, p->chunks[pc].index, POL_I_RETURN);
    p->param_dated[p->chunks[qc].index] = 0;
    refused_at(p, qc, 0, "the source of a parameter without sources");
}

Test(verify, invalid_branch_span)
{
    PolProgram *p = compile_file("tests/example/example.pol");
    cr_assert_gt(p->nbranches, 0);
    p->branches[p->nbranches - 1].span = p->nspans;
    refused(p, "invalid branch span");
}

Test(verify, invalid_scales)
{
    PolProgram *p = small();
    add_scale(p, true);
    accepted(p);
    p->scales[0].nbrackets = 0;
    refused(p, "invalid scale `s`");
    p = small();
    add_scale(p, true);
    p->scales[0].span = -1;
    refused(p, "invalid scale `s`");
    p = small();
    add_scale(p, true);
    p->scales[0].brackets[0].up_to.den = 0;
    refused(p, "invalid scale `s`");
    p = small();
    add_scale(p, true);
    p->scales[0].brackets[0].deduction.den = -1;
    refused(p, "invalid scale `s`");
    p = small();
    add_scale(p, true);
    p->scales[0].brackets[0].rate.den = 0;
    refused(p, "invalid scale `s`");
}

Test(verify, scale_bounds_must_increase)
{
    PolProgram *p = compile_file("tests/relief/relief.pol");
    int k = 0;
    while (p->scales[k].nbrackets < 3)
        k++;
    PolScaleInfo *s = &p->scales[k];
    s->brackets[1].up_to = s->brackets[0].up_to;
    refused(p, pol_strdup_printf("invalid scale `%s`", s->name));
}

Test(verify, invalid_measures)
{
    PolProgram *p = small();
    int m = p->chunks[chunk_named(p, "m")].index;
    p->measures[m].chunk = p->nchunks;
    refused(p, "invalid measure `m`");
    p = small();
    p->measures[m].span = -1;
    refused(p, "invalid measure `m`");
    p = small();
    p->measures[m].step = 0;   /* SMALL has no steps */
    refused(p, "invalid measure `m`");
    p = small();
    p->measures[m].cond_steps[1] = 0;
    refused(p, "invalid measure `m`");
    p = small();
    p->measures[m].cap_steps[0] = 0;
    refused(p, "invalid measure `m`");
    p = small();
    p->measures[m].nsubject = 1;   /* a subject without items */
    refused(p, "invalid measure `m`");
    p = small();
    p->measures[m].item_conds = 1;
    refused(p, "invalid measure `m`");
}

Test(verify, invalid_per_item_measures)
{
    PolProgram *p = small();
    make_per_item(p);
    int m = 0;
    PolMeasureInfo *mi = &p->measures[m];
    mi->item_type = &pol_type_int;
    refused(p, "invalid measure `m`");
    mi->item_type = pol_type_record(NULL);
    refused(p, "invalid measure `m`");
    mi->item_type = p->facts->members[fact(p, "item")].type;
    mi->nsubject = -1;
    refused(p, "invalid measure `m`");
    mi->nsubject = 1;
    mi->item_conds = -1;
    refused(p, "invalid measure `m`");
    mi->item_conds = 3;
    refused(p, "invalid measure `m`");
    mi->item_conds = 1;
    mi->subject_types[0] = mi->item_type;
    refused(p, "invalid measure `m`");
    mi->subject_types[0] = pol_type_list(&pol_type_int);
    refused(p, "invalid measure `m`");
    mi->subject_types[0] = &pol_type_dur;
    refused(p, "invalid measure `m`");
    mi->subject_types[0] = pol_type_opt(&pol_type_money);
    /* the tables are sound: m's code (COND 1 now an item's) is what is refused */
    int ci = mi->chunk;
    refused_at(p, ci, find_op(p, ci, POL_I_COND, 1), "an item's condition as the measure's");
}

/* ------------------------------------------------ who runs which chunk */

/* Chunk ci taken out: the last chunk moved into its place. */
static void remove_chunk(PolProgram *p, int ci)
{
    p->chunks[ci] = p->chunks[--p->nchunks];
    own(p, ci);
}

Test(verify, chunks_that_belong_to_nothing)
{
    {
        PolProgram *p = small();
        int pc = chunk_named(p, "p");
        p->chunks[pc].kind = POL_CHUNK_APPLIES;
        refused_at(p, pc, 0, "the chunk does not belong to what it runs");
    }
    PolProgram *p = small();
    int pc = chunk_named(p, "p"), qc = chunk_named(p, "q");
    p->chunks[pc].index = p->chunks[qc].index;
    refused_at(p, pc, 0, "the chunk does not belong to what it runs");
    p = small();
    p->chunks[pc].nargs = 1;
    p->chunks[pc].nlocals = 1;
    refused_at(p, pc, 0, "the chunk does not belong to what it runs");
    p = small();
    p->chunks[pc].index = p->nparams;
    refused_at(p, pc, 0, "the chunk does not belong to what it runs");
    p = small();
    int mc = chunk_named(p, "m");
    p->chunks[mc].nargs = 1;
    p->chunks[mc].nlocals = 1;
    refused_at(p, mc, 0, "the chunk does not belong to what it runs");
    p = small();
    int ac = chunk_named(p, "applies");
    p->chunks[ac].nargs = 1;
    p->chunks[ac].nlocals = 1;
    refused_at(p, ac, 0, "the chunk does not belong to what it runs");
}

Test(verify, what_runs_a_chunk_of_another_kind)
{
    PolProgram *p = small();
    int qc = chunk_named(p, "q"), k = chunk_named(p, "k");
    int q = p->chunks[qc].index;
    remove_chunk(p, qc);
    k = chunk_named(p, "k");
    p->param_chunks[q] = k;
    refused_at(p, k, 0, "a parameter runs a chunk of another kind");

    p = small();
    int kc = chunk_named(p, "k");
    int kd = p->chunks[kc].index;
    remove_chunk(p, kc);
    int pc = chunk_named(p, "p");
    p->defines[kd].chunk = pc;
    refused_at(p, pc, 0, "a definition runs a chunk of another kind");

    p = small();
    int mc = chunk_named(p, "m");
    remove_chunk(p, mc);
    pc = chunk_named(p, "p");
    p->measures[0].chunk = pc;
    refused_at(p, pc, 0, "a measure runs a chunk of another kind");

    p = small();
    int ac = chunk_named(p, "applies");
    remove_chunk(p, ac);
    pc = chunk_named(p, "p");
    p->applies_chunk = pc;
    refused_at(p, pc, 0, "`applies when` runs a chunk of another kind");
}

/* ---------------------------------------------------- the facts schema */

static PolMember *member(PolProgram *p, const char *name)
{
    return &((PolRecord *)(uintptr_t)p->facts)->members[fact(p, name)];
}

static void schema_refused(const PolProgram *p, const char *name, const char *what)
{
    refused(p, pol_strdup_printf("invalid policy: member `%s` of `the facts` has %s", name, what));
}

Test(verify, member_types_facts_cannot_have)
{
    static const PolType error = {POL_T_ERROR, NULL, NULL, NULL}, no_enum = {POL_T_ENUM, NULL, NULL, NULL},
                         no_record = {POL_T_RECORD, NULL, NULL, NULL};
    const PolType *bad[] = {&error, &pol_type_umoney, &pol_type_dur, &no_enum, &no_record, pol_type_opt(&pol_type_int),
                            pol_type_list(&pol_type_dur)};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        PolProgram *p = small();
        member(p, "n")->type = bad[i];
        schema_refused(p, "n", "a type facts cannot have");
    }
    /* lists nest 8 deep at most */
    const PolType *t = &pol_type_int;
    for (int depth = 0; depth < 9; depth++)
        t = pol_type_list(t);
    PolProgram *p = small();
    PolMember *m = member(p, "items");
    m->type = t;
    schema_refused(p, "items", "a type facts cannot have");
    m->type = t->inner;
    m->value_type = t->inner;
    accepted(p);
}

Test(verify, member_in_a_named_record)
{
    PolProgram *p = small();
    PolRecord *item = (PolRecord *)(uintptr_t)p->records[0];
    cr_assert_str_eq(item->name, "Item");
    item->members[1].type = &pol_type_dur;
    refused(p, "invalid policy: member `amt` of `Item` has a type facts cannot have");
}

Test(verify, unknown_presence)
{
    PolProgram *p = small();
    member(p, "n")->presence = (PolPresence)(POL_PRESENCE_REQUIRED_WHEN + 1);
    schema_refused(p, "n", "an unknown presence");
    p = small();
    member(p, "n")->presence = (PolPresence)-1;
    schema_refused(p, "n", "an unknown presence");
}

#define REQUIRED_WHEN \
    "policy \"t\"\n" \
    "  title \"T\"\n" \
    "  in force from 2025-01-01 for 3 years\n" \
    "enum Kind { a, b, c }\n" \
    "record Item {\n  n: integer\n}\n" \
    "facts {\n" \
    "  kind: Kind\n" \
    "  n: integer\n" \
    "  size: integer, required when kind is one of {a, c}, absent otherwise\n" \
    "  cnt: integer, 0 to 10\n" \
    "  items: list of Item, at least 1 items\n" \
    "}\n" \
    "define d: integer = n\n"

Test(verify, required_when)
{
    PolProgram *p = compile_text(REQUIRED_WHEN);
    PolMember *m = member(p, "size");
    cr_assert_eq(m->presence, POL_PRESENCE_REQUIRED_WHEN);
    cr_assert_eq(m->nwhen, 2);
    int kind = m->when_member;
    m->when_member = p->facts->count;
    schema_refused(p, "size", "`required when` that names no enum member and words");
    m->when_member = fact(p, "n");
    schema_refused(p, "size", "`required when` that names no enum member and words");
    m->when_member = kind;
    m->nwhen = 0;
    schema_refused(p, "size", "`required when` that names no enum member and words");
    m->nwhen = 2;
    int *values = GC_MALLOC_ATOMIC(2 * sizeof *values);
    m->when_values = values;
    values[0] = 2, values[1] = 0;
    schema_refused(p, "size", "`required when` that names no enum member and words");
    values[0] = 0, values[1] = 0;
    schema_refused(p, "size", "`required when` that names no enum member and words");
    values[0] = 0, values[1] = 3;
    schema_refused(p, "size", "`required when` that names no enum member and words");
    values[0] = -1, values[1] = 2;
    schema_refused(p, "size", "`required when` that names no enum member and words");
    values[0] = 1, values[1] = 2;
    accepted(p);
}

Test(verify, required_when_values_without_required_when)
{
    PolProgram *p = compile_text(REQUIRED_WHEN);
    PolMember *n = member(p, "n");
    n->nwhen = 1;
    schema_refused(p, "n", "values of `required when` without `required when`");
    n->nwhen = 0;
    n->absent_otherwise = true;
    schema_refused(p, "n", "values of `required when` without `required when`");
}

Test(verify, bounds)
{
    PolProgram *p = compile_text(REQUIRED_WHEN);
    PolMember *count = member(p, "cnt"), *items = member(p, "items"), *n = member(p, "n");
    cr_assert(count->no_sign && count->has_min && count->has_max);
    n->no_sign = true;
    schema_refused(p, "n", "bounds that are not those of an integer or a list");
    n->no_sign = false;
    n->type = &pol_type_money;
    n->value_type = &pol_type_money;
    n->has_max = true;
    schema_refused(p, "n", "bounds that are not those of an integer or a list");
    p = compile_text(REQUIRED_WHEN);
    count = member(p, "cnt"), items = member(p, "items");
    count->min = 11;
    schema_refused(p, "cnt", "bounds that are not those of an integer or a list");
    count->min = -1;
    schema_refused(p, "cnt", "bounds that are not those of an integer or a list");
    count->min = 0;
    count->has_max = false;
    schema_refused(p, "cnt", "bounds that are not those of an integer or a list");
    count->has_max = true;
    count->has_min = false;
    schema_refused(p, "cnt", "bounds that are not those of an integer or a list");
    count->has_min = true;
    accepted(p);
    items->min = -1;
    schema_refused(p, "items", "bounds that are not those of an integer or a list");
    items->min = 1;
    items->has_max = true;
    items->max = -1;
    schema_refused(p, "items", "bounds that are not those of an integer or a list");
    items->max = 5;
    accepted(p);
    items->no_sign = true;
    schema_refused(p, "items", "bounds that are not those of an integer or a list");
}

Test(verify, value_type_that_does_not_follow)
{
    PolProgram *p = compile_text(REQUIRED_WHEN);
    member(p, "n")->value_type = pol_type_opt(&pol_type_int);
    schema_refused(p, "n", "a value type that does not follow from its type");
    p = compile_text(REQUIRED_WHEN);
    member(p, "size")->value_type = &pol_type_int;
    schema_refused(p, "size", "a value type that does not follow from its type");
    p = compile_text(REQUIRED_WHEN);
    member(p, "items")->value_type = pol_type_opt(member(p, "items")->type);
    schema_refused(p, "items", "a value type that does not follow from its type");
}

/* ------------------------------------ values not known yet, and joins */

Test(verify, a_parameter_analysed_after_its_reader)
{
    /* p, analysed first, reads q before its type is known: nothing is
     * required of what has no value yet, and p is analysed again */
    PolProgram *p = small();
    int pc = chunk_named(p, "p"), qc = chunk_named(p, "q");
    cr_assert_lt(pc, qc);
    int q = p->chunks[qc].index, twice = p->chunks[chunk_named(p, "twice")].index;
    CODE(p, pc, POL_I_CONST, const_int(p, 1), POL_I_PARAM, q, POL_I_ADD_INT, POL_I_CALL, twice, 1, POL_I_RETURN);
    accepted(p);
    CODE(p, qc, POL_I_FACT, fact(p, "box"), POL_I_RETURN);
    CODE(p, pc, POL_I_PARAM, q, POL_I_FIELD_LIST, 0, POL_I_RETURN);
    accepted(p);
    CODE(p, pc, POL_I_PARAM, q, POL_I_FIELD, 0, POL_I_CONST, const_int(p, 1), POL_I_ADD_INT, POL_I_RETURN);
    refused_at(p, pc, 9, "arithmetic on the wrong type");
}

Test(verify, per_item_list_not_known_yet)
{
    PolProgram *p = small();
    int ci = make_per_item(p);
    int qc = chunk_named(p, "q");
    int i = const_of(p, POL_V_INT), b = const_of(p, POL_V_BOOL), m = const_of(p, POL_V_MONEY);
    per_item_code(p, ci, 0, i, i, b, m);
    p->chunks[ci].code[0] = POL_I_PARAM;   /* the list: q's value */
    set_operand(p, ci, 0, 0, p->chunks[qc].index);
    CODE(p, qc, POL_I_FACT, fact(p, "items"), POL_I_RETURN);
    swap_chunks(p, ci, 0);   /* the measure analysed first */
    accepted(p);
}

Test(verify, enum_values_joined)
{
    PolProgram *p = small();
    int k = chunk_named(p, "k");
    PolValue v = pol_absent();
    v.tag = POL_V_ENUM;
    v.as.enum_index = 1;
    int one = add_const(p, v);
    v.as.enum_index = 3;
    int three = add_const(p, v);
    /* 0 TRUE, 1 JUMP_IF_FALSE -> 10, 4 FACT kind, 7 JUMP -> 13, 10 CONST enum, 13 RETURN */
    CODE(p, k, POL_I_TRUE, POL_I_JUMP_IF_FALSE, 6, POL_I_FACT, fact(p, "kind"), POL_I_JUMP, 3, POL_I_CONST, one, POL_I_RETURN);
    accepted(p);
    CODE(p, k, POL_I_TRUE, POL_I_JUMP_IF_FALSE, 6, POL_I_FACT, fact(p, "kind"), POL_I_JUMP, 3, POL_I_CONST, three, POL_I_RETURN);
    refused_at(p, k, 13, "a definition returns a value of another type than its own");
    CODE(p, k, POL_I_TRUE, POL_I_JUMP_IF_FALSE, 6, POL_I_FACT, fact(p, "kind"), POL_I_JUMP, 3, POL_I_FACT, fact(p, "other"),
         POL_I_RETURN);
    refused_at(p, k, 13, "types disagree where paths meet");
}

Test(verify, an_optional_definition)
{
    PolProgram *p = small();
    int o = chunk_named(p, "o");
    CODE(p, o, POL_I_ABSENT, POL_I_RETURN);
    accepted(p);
    CODE(p, o, POL_I_FACT, fact(p, "n"), POL_I_RETURN);
    accepted(p);
    CODE(p, o, POL_I_FACT, fact(p, "rev"), POL_I_RETURN);
    refused_at(p, o, 3, "a definition returns a value of another type than its own");
}

Test(verify, rule_index_of_another_type)
{
    PolProgram *p = small();
    int r = chunk_named(p, "r");
    p->chunks[r].nlocals = 2;
    /* 0 RULE_EMPTY, 1 SET_LOCAL 0, 4 CONST text, 7 SET_LOCAL 1, 10 CONST int, 13 RULE_JOIN 0 0, 18 CONST int, 21 RETURN */
    CODE(p, r, POL_I_RULE_EMPTY, POL_I_SET_LOCAL, 0, POL_I_CONST, const_text(p, "x"), POL_I_SET_LOCAL, 1, POL_I_CONST,
         const_int(p, 1), POL_I_RULE_JOIN, 0, 0, POL_I_CONST, const_int(p, 1), POL_I_RETURN);
    refused_at(p, r, 13, "rules of different types");
}

Test(verify, more_values_of_the_wrong_kind)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    CODE(p, ci, POL_I_RULE_EMPTY, POL_I_NOT, POL_I_RETURN);
    refused_at(p, ci, 1, "not of what is not a bool");
    CODE(p, ci, POL_I_CONST, const_of(p, POL_V_MONEY), POL_I_ROUND, POL_ROUND_UP, POL_UNIT_YUAN, POL_I_RETURN);
    accepted(p);
    compare(POL_V_INT, POL_V_ABSENT, true);
    p = small();
    ci = make_per_item(p);
    CODE(p, ci, POL_I_RULE_EMPTY, POL_I_ITEM_KEY, POL_I_ITEMS_END);
    refused_at(p, ci, 1, "items ordered by what has no order");
    CODE(p, ci, POL_I_ABSENT, POL_I_ITEM_KEY, POL_I_ITEMS_END);
    refused_at(p, ci, 1, "items ordered by what has no order");
}

Test(verify, a_list_index_of_two_types)
{
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    p->chunks[ci].nlocals = 1;
    int i = const_int(p, 1), t = const_text(p, "1");
    /* as in a_local_of_two_types_where_paths_meet, then 19 TRUE, 20 NOTE 0 0 */
    CODE(p, ci, POL_I_TRUE, POL_I_JUMP_IF_FALSE, 9, POL_I_CONST, i, POL_I_SET_LOCAL, 0, POL_I_JUMP, 6, POL_I_CONST, t,
         POL_I_SET_LOCAL, 0, POL_I_TRUE, POL_I_NOTE, 0, 0, POL_I_RETURN);
    refused_at(p, ci, 20, "a list index that is not an integer");
}

Test(verify, unreachable_code_is_not_analysed)
{
    /* an instruction no path reaches is checked for its size and source
     * location only (the VM never runs it) */
    PolProgram *p = small();
    int ci = chunk_named(p, "p");
    CODE(p, ci, POL_I_CONST, const_int(p, 1), POL_I_RETURN, POL_I_JUMP, -100, POL_I_PARAM, 999, POL_I_JUMP, 100, POL_I_ADD_INT);
    accepted(p);
}

Test(verify, a_definition_analysed_before_the_parameter_it_reads)
{
    PolProgram *p = small();
    int dc = chunk_named(p, "d"), qc = chunk_named(p, "q");
    CODE(p, dc, POL_I_PARAM, p->chunks[qc].index, POL_I_RETURN);
    swap_chunks(p, dc, 0);
    accepted(p);
    CODE(p, qc, POL_I_TRUE, POL_I_RETURN);
    refused_at(p, 0, 3, "a definition returns a value of another type than its own");
}

Test(verify, items_granted_without_an_amount)
{
    PolProgram *p = small();
    int ci = make_per_item(p);
    p->measures[p->chunks[ci].index].item_conds = 2;   /* m's conditions are both the measure's */
    /*  0 FACT items, 3 SET_LOCAL 0, 6 CONST 0, 9 SET_LOCAL 2, 12 ITEM_ORDER 0, 15 ITEM_NEXT 0 -> 28,
     * 20 SET_LOCAL 3, 23 ITEM_CAP_GRANT, 24 ITEM_GRANT_NONE, 25 JUMP -> 15, 28 ITEMS_END */
    CODE(p, ci, POL_I_FACT, fact(p, "items"), POL_I_SET_LOCAL, 0, POL_I_CONST, const_int(p, 0), POL_I_SET_LOCAL, 2,
         POL_I_ITEM_ORDER, 0, POL_I_ITEM_NEXT, 0, 8, POL_I_SET_LOCAL, 3, POL_I_ITEM_CAP_GRANT, POL_I_ITEM_GRANT_NONE,
         POL_I_JUMP, -13, POL_I_ITEMS_END);
    accepted(p);
}
