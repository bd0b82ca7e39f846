/*
 * test_disasm.c — pol_disasm: the listing of a program, exactly; every
 * kind of operand note; and the bytes the verifier would refuse (an
 * unknown opcode, an operand cut off, a byte without a source location,
 * an operand past its table), printed as they are instead of read past.
 */
#include <criterion/criterion.h>
#include <gc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "disasm.h"
#include "source.h"
#include "support.h"

TestSuite(disasm, .init = pol_test_capture_diagnostics);

#define SMALL \
    "policy \"t\"\n" \
    "  title \"T\"\n" \
    "  in force from 2025-01-01 for 3 years\n" \
    "facts {\n" \
    "  n: integer\n" \
    "}\n" \
    "parameter p = 2\n" \
    "define d: integer = n * p\n" \
    "measure m\n" \
    "  article \"1\"\n" \
    "  when d > 1\n" \
    "  amount in kind\n"

static const char *listing(const PolProgram *p)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    cr_assert_not_null(out);
    pol_disasm(p, out);
    cr_assert_eq(fclose(out), 0);
    char *copy = pol_strdup_printf("%s", text);
    free(text);
    return copy;
}

static void contains(const char *text, const char *line)
{
    cr_assert_not_null(strstr(text, line), "no line `%s` in:\n%s", line, text);
}

Test(disasm, a_small_program)
{
    cr_assert_str_eq(listing(pol_test_compile(SMALL)),
                     "== parameter p (0 arguments, 0 locals) ==\n"
                     "0000    7 CONST          0  ; 2\n"
                     "0003    | RETURN        \n"
                     "\n"
                     "== definition d (0 arguments, 0 locals) ==\n"
                     "0000    8 FACT           0  ; n\n"
                     "0003    | NOTE           0 65535  ; n\n"
                     "0008    | PARAM          0  ; p\n"
                     "0011    | MUL_INT       \n"
                     "0012    | RETURN        \n"
                     "\n"
                     "== measure m (0 arguments, 0 locals) ==\n"
                     "0000   11 DEF            0  ; d\n"
                     "0003    | CONST          1  ; 1\n"
                     "0006    | GT            \n"
                     "0007    | COND           0\n"
                     "0010    9 GRANT_NONE    \n"
                     "\n");
}

Test(disasm, operand_notes)
{
    const char *relief = listing(pol_test_compile_file("tests/relief/relief.pol"));
    contains(relief, "SCALE          0  ; 经营所得税率\n");
    contains(relief, "BRANCH         0  ; if business_income_of_year <= halved_part_limit\n");
    contains(relief, "BRANCH         1  ; else\n");
    contains(relief, "ITEM           11 1  ; local_taxes\n");
    contains(relief, "CALL           ");
    contains(relief, "  ; 0.5\n");   /* a decimal constant */
    const char *example = listing(pol_test_compile_file("tests/example/example.pol"));
    contains(example, "  ; 50000.00 元\n");
    contains(example, "  ; 2025-01-01\n");
    contains(example, "  ; \"TEST-0001\"\n");
    contains(example, "  ; enum value 1\n");
    contains(example, "  ; 12 months 0 days\n");
    contains(example, "== applies applies (0 arguments, 0 locals) ==\n");
    contains(example, "== definition young (2 arguments, 2 locals) ==\n");
    contains(example, "GRANTED        0  ; founding_grant\n");
    contains(example, "ITER           ");
    contains(example, "AND            -> ");
}

/* Chunk d of SMALL given bytes code[0..n), each byte at source location loc. */
static PolProgram *with_code(const uint8_t *code, int n, int loc)
{
    PolProgram *p = pol_test_compile(SMALL);
    PolChunk *c = &p->chunks[1];
    cr_assert_str_eq(c->name, "d");
    c->code = GC_MALLOC_ATOMIC((size_t)n + 1);
    memcpy(c->code, code, (size_t)n);
    c->spans = GC_MALLOC_ATOMIC((size_t)n * sizeof *c->spans + sizeof *c->spans);
    for (int k = 0; k < n; k++)
        c->spans[k] = loc;
    c->len = n;
    return p;
}

static const char *chunk_d(const PolProgram *p)
{
    const char *all = listing(p);
    const char *from = strstr(all, "== definition d");
    const char *to = strstr(from, "\n\n");
    return pol_strdup_printf("%.*s", (int)(to - from + 1), from);
}

Test(disasm, constants_of_every_kind)
{
    PolProgram *p = pol_test_compile(SMALL);
    static const PolValueTag tags[] = {POL_V_ABSENT, POL_V_BOOL, POL_V_DUR, POL_V_DEC};
    PolValue *c = GC_MALLOC(4 * sizeof *c);
    for (int i = 0; i < 4; i++) {
        c[i] = pol_absent();
        c[i].tag = tags[i];
    }
    c[2].as.dur.months = 0;
    c[2].as.dur.days = 30;
    c[3].as.dec = (PolDec){-1, 8};
    p->consts = c;
    p->nconsts = 4;
    const uint8_t code[] = {POL_I_CONST, 0, 0, POL_I_CONST, 1, 0, POL_I_CONST, 2, 0, POL_I_CONST, 3, 0, POL_I_RETURN};
    PolProgram *q = with_code(code, (int)sizeof code, p->chunks[1].spans[0]);
    q->consts = c;
    q->nconsts = 4;
    cr_assert_str_eq(chunk_d(q), "== definition d (0 arguments, 0 locals) ==\n"
                                 "0000    8 CONST          0\n"
                                 "0003    | CONST          1\n"
                                 "0006    | CONST          2  ; 0 months 30 days\n"
                                 "0009    | CONST          3  ; -0.125\n"
                                 "0012    | RETURN        \n");
}

Test(disasm, bytes_the_verifier_refuses)
{
    /* an unknown opcode; an operand past its table (no note); a jump and
     * a jump with an operand; the last instruction cut off, B then A */
    const uint8_t code[] = {200, POL_I_FACT, 9, 0, POL_I_JUMP, 0xfd, 0xff, POL_I_ITER, 1, 0, 2, 0, POL_I_NOTE, 1, 0, 7};
    cr_assert_str_eq(chunk_d(with_code(code, (int)sizeof code, -1)),
                     "== definition d (0 arguments, 0 locals) ==\n"
                     "0000  ?? 200\n"
                     "0001    0 FACT           9\n"
                     "0004    | JUMP           -> 0004\n"
                     "0007    | ITER           1 -> 0014\n"
                     "0012    | NOTE           1 0\n");
    const uint8_t cut[] = {POL_I_TRUE, POL_I_CONST, 1};
    cr_assert_str_eq(chunk_d(with_code(cut, (int)sizeof cut, 0)),
                     "== definition d (0 arguments, 0 locals) ==\n"
                     "0000    7 TRUE          \n"
                     "0001    | CONST          0  ; 2\n");
}
