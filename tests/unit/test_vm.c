/*
 * test_vm.c — the bytecode interpreter, end to end: a policy text is parsed,
 * checked and compiled, an applicant's facts are decoded from JSON
 * (pol_facts_decode) and evaluated (pol_eval_run). Tests assert the values
 * of definitions, the outcome and amount of each measure, and the runtime
 * errors: overflow (never a wrapped number), division by zero, default
 * logic conflicts and gaps, and the step and call limits.
 */
#include <criterion/criterion.h>
#include <gc.h>
#include <glob.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "check.h"
#include "compile.h"
#include "cases.h"
#include "facts.h"
#include "load.h"
#include "parse.h"
#include "source.h"
#include "support.h"
#include "vm.h"

/* ------------------------------------------------------------ harness */



TestSuite(vm, .init = pol_test_capture_diagnostics);

#define HEADER \
    "policy \"t\"\n" \
    "  title \"T\"\n" \
    "  in force from 2025-01-01 for 3 years\n"

#define SCHEMA \
    "enum Kind { enterprise, service_org }\n" \
    "record Item {\n  n: integer\n  ok: bool\n  amt: money\n  v: optional integer\n}\n" \
    "record Sub {\n  paid: optional money\n  flag: bool\n  items: optional list of Item\n}\n" \
    "facts {\n" \
    "  id: text\n" \
    "  n: integer\n" \
    "  m: integer\n" \
    "  flag: bool\n" \
    "  rev: money\n" \
    "  rev2: money\n" \
    "  start: date\n" \
    "  rate: decimal\n" \
    "  kind: Kind\n" \
    "  opt_n: optional integer\n" \
    "  opt_amt: optional money\n" \
    "  sub: optional Sub\n" \
    "  items: optional list of Item\n" \
    "}\n"

/* 2025-06-01, inside the period in force (2025-01-01 to 2027-12-31). */
#define DAY 20240

static PolProgram *build_text(const char *text) { return pol_test_compile(text); }

static PolProgram *build(const char *body)
{
    return build_text(pol_strdup_printf(HEADER SCHEMA "%s", body));
}

/* The facts: defaults for the required members, replaced or completed by
 * key/value pairs (JSON text) given as NULL-terminated arguments. */
static const char *facts(const char *key, ...)
{
    static const char *defaults[][2] = {
        {"id", "\"A-1\""}, {"n", "0"}, {"m", "0"}, {"flag", "false"}, {"rev", "\"0.00\""},
        {"rev2", "\"0.00\""}, {"start", "\"2025-06-01\""}, {"rate", "\"0\""}, {"kind", "\"enterprise\""},
    };
    const char *keys[32], *values[32];
    int n = 0;
    va_list ap;
    va_start(ap, key);
    for (const char *k = key; k; k = va_arg(ap, const char *)) {
        keys[n] = k;
        values[n] = va_arg(ap, const char *);
        n++;
    }
    va_end(ap);
    char *out = pol_strdup_printf("{");
    bool first = true;
    for (size_t d = 0; d < sizeof defaults / sizeof defaults[0]; d++) {
        const char *v = defaults[d][1];
        for (int i = 0; i < n; i++)
            if (strcmp(keys[i], defaults[d][0]) == 0)
                v = values[i];
        out = pol_strdup_printf("%s%s\"%s\": %s", out, first ? "" : ", ", defaults[d][0], v);
        first = false;
    }
    for (int i = 0; i < n; i++) {
        bool is_default = false;
        for (size_t d = 0; d < sizeof defaults / sizeof defaults[0]; d++)
            is_default |= strcmp(keys[i], defaults[d][0]) == 0;
        if (!is_default)
            out = pol_strdup_printf("%s, \"%s\": %s", out, keys[i], values[i]);
    }
    return pol_strdup_printf("%s}", out);
}

static bool last_ok;

/* Decodes json and evaluates every measure on `date`; last_ok is the result. */
static PolEval *run_on(PolProgram *p, PolEval *ev, const char *json, int32_t date)
{
    PolValue v;
    PolDiag err;
    bool decoded = pol_facts_decode(p->facts, json, strlen(json), NULL, &v, &err, NULL);
    cr_assert(decoded, "facts refused: %s: %s\n%s", err.path, err.message, json);
    if (!ev)
        ev = pol_eval_new(p);
    last_ok = pol_eval_run(ev, v, date, false);
    return ev;
}

static PolEval *run(PolProgram *p, const char *json) { return run_on(p, NULL, json, DAY); }

static int define_index(const PolProgram *p, const char *name)
{
    for (int k = 0; k < p->ndefines; k++)
        if (strcmp(p->defines[k].name, name) == 0)
            return k;
    cr_assert_fail("no definition `%s`", name);
    return -1;
}

static int measure_index(const PolProgram *p, const char *name)
{
    for (int k = 0; k < p->nmeasures; k++)
        if (strcmp(p->measures[k].id, name) == 0)
            return k;
    cr_assert_fail("no measure `%s`", name);
    return -1;
}

/* body plus a measure whose conditions evaluate each named definition
 * (`when d = d`), so their values can be read after the run. */
static PolProgram *build_probe(const char *body, const char *names)
{
    char *probe = pol_strdup_printf("measure zz_probe\n  article \"p\"\n  title \"p\"\n");
    char *copy = GC_STRDUP(names);
    for (char *save = NULL, *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save))
        probe = pol_strdup_printf("%s  when %s = %s\n", probe, w, w);
    probe = pol_strdup_printf("%s  amount in kind\n", probe);
    return build(pol_strdup_printf("%s%s", body, probe));
}

static PolValue def_value(const PolProgram *p, const PolEval *ev, const char *name)
{
    cr_assert(last_ok, "the evaluation failed: %s", pol_eval_error(ev, POL_LANG_EN).message);
    int k = define_index(p, name);
    cr_assert_eq(ev->def_state[k], 2, "`%s` was not evaluated", name);
    return ev->defs[k];
}

static void assert_int(const PolProgram *p, const PolEval *ev, const char *name, int64_t want)
{
    PolValue v = def_value(p, ev, name);
    cr_assert_eq(v.tag, POL_V_INT, "`%s` has tag %d", name, (int)v.tag);
    cr_assert_eq(v.as.i, want, "`%s` is %lld, expected %lld", name, (long long)v.as.i, (long long)want);
}

static void assert_bool(const PolProgram *p, const PolEval *ev, const char *name, bool want)
{
    PolValue v = def_value(p, ev, name);
    cr_assert_eq(v.tag, POL_V_BOOL, "`%s` has tag %d", name, (int)v.tag);
    cr_assert_eq(v.as.b, want, "`%s` is %s", name, v.as.b ? "true" : "false");
}

static void assert_fen(const PolProgram *p, const PolEval *ev, const char *name, int64_t want)
{
    PolValue v = def_value(p, ev, name);
    cr_assert_eq(v.tag, POL_V_MONEY, "`%s` has tag %d", name, (int)v.tag);
    cr_assert_eq(v.as.fen, want, "`%s` is %lld fen, expected %lld", name, (long long)v.as.fen, (long long)want);
}

static void assert_dec(const PolProgram *p, const PolEval *ev, const char *name, int64_t num, int64_t den)
{
    PolValue v = def_value(p, ev, name);
    cr_assert_eq(v.tag, POL_V_DEC, "`%s` has tag %d", name, (int)v.tag);
    cr_assert(v.as.dec.num == num && v.as.dec.den == den, "`%s` is %lld/%lld, expected %lld/%lld", name,
              (long long)v.as.dec.num, (long long)v.as.dec.den, (long long)num, (long long)den);
}

static void assert_date(const PolProgram *p, const PolEval *ev, const char *name, int32_t want)
{
    PolValue v = def_value(p, ev, name);
    cr_assert_eq(v.tag, POL_V_DATE, "`%s` has tag %d", name, (int)v.tag);
    cr_assert_eq(v.as.date, want, "`%s` is day %d, expected %d", name, v.as.date, want);
}

/* The evaluation failed with a message containing msg, at line:col. */
static void assert_error(const PolProgram *p, const PolEval *ev, const char *msg, int line, int col)
{
    cr_assert(!last_ok, "the evaluation succeeded; expected `%s`", msg);
    cr_assert(strstr(pol_eval_error(ev, POL_LANG_EN).message, msg), "error `%s`, expected `%s`", pol_eval_error(ev, POL_LANG_EN).message, msg);
    cr_assert_geq(ev->error.span, 0, "the error has no place");
    PolSpan s = p->spans[ev->error.span];
    cr_assert(s.first_line == line && s.first_col == col, "error at %d:%d, expected %d:%d (%s)", s.first_line,
              s.first_col, line, col, pol_eval_error(ev, POL_LANG_EN).message);
}

static const PolMeasureResult *measure(const PolProgram *p, const PolEval *ev, const char *name)
{
    cr_assert(last_ok, "the evaluation failed: %s", pol_eval_error(ev, POL_LANG_EN).message);
    return &ev->measures[measure_index(p, name)];
}

/* The first line of the body (after header and schema). */
#define L 31

/* ------------------------------------------------------------ integers */

Test(vm, integer_arithmetic)
{
    PolProgram *p = build_probe("define a: integer = n * 3 - m + 1\ndefine b: integer = -n\ndefine c: integer = n - m * m\n",
                                "a b c");
    PolEval *ev = run(p, facts("n", "5", "m", "2", NULL));
    assert_int(p, ev, "a", 14);
    assert_int(p, ev, "b", -5);
    assert_int(p, ev, "c", 1);
}

Test(vm, integer_addition_overflow_is_an_error)
{
    PolProgram *p = build_probe("define a: integer = n + 1\n", "a");
    PolEval *ev = run(p, facts("n", "9223372036854775807", NULL));
    assert_error(p, ev, "the result is too large to be exact", L, 21);
}

Test(vm, integer_multiplication_overflow_is_an_error)
{
    PolProgram *p = build_probe("define a: integer = n * n\n", "a");
    PolEval *ev = run(p, facts("n", "3037000500", NULL));
    assert_error(p, ev, "the result is too large to be exact", L, 21);
    /* one less fits: 3037000499² = 9223372030926249001 */
    ev = run(p, facts("n", "3037000499", NULL));
    assert_int(p, ev, "a", INT64_C(9223372030926249001));
}

Test(vm, integer_subtraction_and_negation_overflow)
{
    PolProgram *p = build_probe("define a: integer = n - 1\ndefine b: integer = -m\n", "a b");
    PolEval *ev = run(p, facts("n", "-9223372036854775808", "m", "0", NULL));
    assert_error(p, ev, "the result is too large to be exact", L, 21);
    ev = run(p, facts("n", "0", "m", "-9223372036854775808", NULL));
    assert_error(p, ev, "the result is too large to be exact", L + 1, 21);
}

/* ------------------------------------------------------------ decimals */

Test(vm, decimal_arithmetic_is_exact)
{
    PolProgram *p = build_probe("define a: decimal = rate * 3 + 1 / 3\n"
                                "define b: decimal = 0.1 + 0.2\n"
                                "define c: decimal = n / 4\n"
                                "define d: decimal = -rate - 50% of rate\n"
                                "define e: decimal = 12.5% of n\n",
                                "a b c d e");
    PolEval *ev = run(p, facts("rate", "\"0.5\"", "n", "7", NULL));
    assert_dec(p, ev, "a", 11, 6);
    assert_dec(p, ev, "b", 3, 10);
    assert_dec(p, ev, "c", 7, 4);
    assert_dec(p, ev, "d", -3, 4);
    assert_dec(p, ev, "e", 7, 8);
}

Test(vm, decimal_division_by_zero)
{
    PolProgram *p = build_probe("define a: decimal = 1 / n\n", "a");
    PolEval *ev = run(p, facts("n", "0", NULL));
    assert_error(p, ev, "division by zero", L, 21);
}

Test(vm, decimal_division_by_a_zero_decimal)
{
    PolProgram *p = build_probe("define a: decimal = 2.5 / rate\n", "a");
    PolEval *ev = run(p, facts("rate", "0", NULL));
    assert_error(p, ev, "division by zero", L, 21);
}

/* --------------------------------------------------------------- money */

Test(vm, money_arithmetic)
{
    PolProgram *p = build_probe("define a: money = rev + rev2 - 1 元\n"
                                "define b: money = rev * 3\n"
                                "define c: money = 2 × rev2\n"
                                "define d: decimal = rev / rev2\n"
                                "define e: money = -rev\n"
                                "define f: money = rev / n rounded down to fen\n"
                                "define g: money = rev / 0.3 rounded down to fen\n",
                                "a b c d e f g");
    PolEval *ev = run(p, facts("rev", "\"12.34\"", "rev2", "\"0.66\"", "n", "3", NULL));
    assert_fen(p, ev, "a", 1200);
    assert_fen(p, ev, "b", 3702);
    assert_fen(p, ev, "c", 132);
    assert_dec(p, ev, "d", 617, 33);
    assert_fen(p, ev, "e", -1234);
    assert_fen(p, ev, "f", 411);     /* 411.33... fen */
    assert_fen(p, ev, "g", 4113);    /* 4113.33... fen */
}

Test(vm, money_overflow_is_an_error)
{
    PolProgram *p = build_probe("define a: money = rev * 100\n", "a");
    PolEval *ev = run(p, facts("rev", "\"999999999999999.99\"", NULL));
    assert_error(p, ev, "the result is too large to be exact", L, 19);
    /* the largest amount facts carry fits when doubled */
    p = build_probe("define a: money = rev + rev2\n", "a");
    ev = run(p, facts("rev", "\"999999999999999.99\"", "rev2", "\"999999999999999.99\"", NULL));
    assert_fen(p, ev, "a", INT64_C(199999999999999998));
}

Test(vm, money_sum_overflow_is_an_error)
{
    PolProgram *p = build_probe("define a: money = rev + 92000000000000000 元\n", "a");
    PolEval *ev = run(p, facts("rev", "\"999999999999999.99\"", NULL));
    assert_error(p, ev, "the result is too large to be exact", L, 19);
}

Test(vm, rounding_that_leaves_int64_is_an_error)
{
    PolProgram *p = build_probe("define a: money = rev × 100.5 rounded down to fen\n", "a");
    PolEval *ev = run(p, facts("rev", "\"999999999999999.99\"", NULL));
    assert_error(p, ev, "the result is too large to be exact", L, 19);
}

Test(vm, money_division_by_zero)
{
    PolProgram *p = build_probe("define a: money = rev / n rounded down to fen\n", "a");
    PolEval *ev = run(p, facts("rev", "\"1.00\"", "n", "0", NULL));
    assert_error(p, ev, "division by zero", L, 19);
}

Test(vm, money_divided_by_zero_money)
{
    PolProgram *p = build_probe("define a: decimal = rev / rev2\n", "a");
    PolEval *ev = run(p, facts("rev", "\"1.00\"", NULL));
    assert_error(p, ev, "division by zero", L, 21);
}

Test(vm, money_divided_by_a_zero_rate)
{
    PolProgram *p = build_probe("define a: money = rev / rate rounded up to fen\n", "a");
    PolEval *ev = run(p, facts("rev", "\"1.00\"", "rate", "\"0.0\"", NULL));
    assert_error(p, ev, "division by zero", L, 19);
}

/* ------------------------------------------------------------ rounding */

#define ROUNDING_BODY(expr, unit) \
    "define rd: money = " expr " rounded down to " unit "\n" \
    "define ru: money = " expr " rounded up to " unit "\n" \
    "define hu: money = " expr " rounded half up to " unit "\n" \
    "define he: money = " expr " rounded half even to " unit "\n"

static void assert_rounding(PolProgram *p, const char *json, int64_t down, int64_t up, int64_t half_up, int64_t half_even)
{
    PolEval *ev = run(p, json);
    assert_fen(p, ev, "rd", down);
    assert_fen(p, ev, "ru", up);
    assert_fen(p, ev, "hu", half_up);
    assert_fen(p, ev, "he", half_even);
}

Test(vm, rounding_to_fen_at_ties)
{
    PolProgram *p = build_probe(ROUNDING_BODY("50% of rev", "fen"), "rd ru hu he");
    assert_rounding(p, facts("rev", "\"0.01\"", NULL), 0, 1, 1, 0);     /* 0.5 fen */
    assert_rounding(p, facts("rev", "\"0.03\"", NULL), 1, 2, 2, 2);     /* 1.5 fen */
    assert_rounding(p, facts("rev", "\"0.05\"", NULL), 2, 3, 3, 2);     /* 2.5 fen */
    assert_rounding(p, facts("rev", "\"0.04\"", NULL), 2, 2, 2, 2);     /* exact */
}

Test(vm, rounding_to_fen_near_ties)
{
    PolProgram *p = build_probe(ROUNDING_BODY("rev × rate", "fen"), "rd ru hu he");
    /* 0.01 × 0.49 = 0.49 fen; 0.01 × 0.51 = 0.51 fen */
    assert_rounding(p, facts("rev", "\"0.01\"", "rate", "\"0.49\"", NULL), 0, 1, 0, 0);
    assert_rounding(p, facts("rev", "\"0.01\"", "rate", "\"0.51\"", NULL), 0, 1, 1, 1);
    /* 333.33 × 30% = 99.999 yuan */
    assert_rounding(p, facts("rev", "\"333.33\"", "rate", "\"0.3\"", NULL), 9999, 10000, 10000, 10000);
}

Test(vm, rounding_negative_ties_to_fen)
{
    PolProgram *p = build_probe(ROUNDING_BODY("-rev × 50%", "fen"), "rd ru hu he");
    assert_rounding(p, facts("rev", "\"0.01\"", NULL), 0, -1, -1, 0);   /* -0.5 fen */
    assert_rounding(p, facts("rev", "\"0.03\"", NULL), -1, -2, -2, -2); /* -1.5 fen */
}

Test(vm, rounding_to_yuan_at_ties)
{
    PolProgram *p = build_probe(ROUNDING_BODY("rev", "yuan"), "rd ru hu he");
    assert_rounding(p, facts("rev", "\"2.50\"", NULL), 200, 300, 300, 200);
    assert_rounding(p, facts("rev", "\"3.50\"", NULL), 300, 400, 400, 400);
    assert_rounding(p, facts("rev", "\"2.51\"", NULL), 200, 300, 300, 300);
    assert_rounding(p, facts("rev", "\"2.49\"", NULL), 200, 300, 200, 200);
    assert_rounding(p, facts("rev", "\"7.00\"", NULL), 700, 700, 700, 700);
}

Test(vm, rounding_unrounded_money_to_yuan)
{
    PolProgram *p = build_probe(ROUNDING_BODY("rev / 4", "yuan"), "rd ru hu he");
    /* 10.00 / 4 = 2.50 yuan */
    assert_rounding(p, facts("rev", "\"10.00\"", NULL), 200, 300, 300, 200);
    /* 0.02 / 4 = 0.005 yuan */
    assert_rounding(p, facts("rev", "\"0.02\"", NULL), 0, 100, 0, 0);
}

Test(vm, rounding_negative_to_yuan)
{
    PolProgram *p = build_probe(ROUNDING_BODY("-rev", "yuan"), "rd ru hu he");
    assert_rounding(p, facts("rev", "\"2.50\"", NULL), -200, -300, -300, -200);
    assert_rounding(p, facts("rev", "\"3.50\"", NULL), -300, -400, -400, -400);
}

/* ----------------------------------------------------- unrounded money */

static void assert_umoney(const PolProgram *p, const PolEval *ev, const char *name, pol_i128 num, int64_t den)
{
    PolValue v = def_value(p, ev, name);
    cr_assert_eq(v.tag, POL_V_UMONEY, "`%s` has tag %d", name, (int)v.tag);
    cr_assert(v.as.umoney.num == num && v.as.umoney.den == den, "`%s` is %lld/%lld, expected %lld/%lld", name,
              (long long)v.as.umoney.num, (long long)v.as.umoney.den, (long long)num, (long long)den);
}

/* Money times a rate, divided, summed, compared: exact until rounded once. */
Test(vm, unrounded_money_stays_exact)
{
    PolProgram *p = build_probe("define third: unrounded money = rev / 3\n"
                                "define whole: unrounded money = third × 3\n"
                                "define back: bool = third × 3 = rev\n"
                                "define sum7: unrounded money = rev / 7 + rev / 3\n"
                                "define less: unrounded money = rev - rev × 30%\n"
                                "define neg: unrounded money = -third\n"
                                "define by_rate: unrounded money = third / 1.5\n"
                                "define ratio: decimal = third / rev\n"
                                "define ratio2: decimal = rev2 / third\n"
                                "define widened: unrounded money = rev2\n"
                                "define bigger: bool = third > rev2\n"
                                "define at_most: bool = third <= rev2\n"
                                "define lowest: unrounded money = min(third, rev2, 1 元)\n"
                                "define highest: unrounded money = max(rev2, third)\n"
                                "define chosen: unrounded money = if flag then third else rev2\n"
                                "define fallback: unrounded money = opt_amt otherwise third\n"
                                "define listed: bool = third is one of {1 元, 3.33 元}\n"
                                "define once: money = (rev / 7 + rev / 3) rounded half up to fen\n",
                                "third whole back sum7 less neg by_rate ratio ratio2 widened bigger at_most lowest highest "
                                "chosen fallback listed once");
    PolEval *ev = run(p, facts("rev", "\"10.00\"", "rev2", "\"3.33\"", NULL));
    assert_umoney(p, ev, "third", 1000, 3);
    assert_umoney(p, ev, "whole", 1000, 1);
    assert_bool(p, ev, "back", true);
    assert_umoney(p, ev, "sum7", 10000, 21);
    assert_umoney(p, ev, "less", 700, 1);
    assert_umoney(p, ev, "neg", -1000, 3);
    assert_umoney(p, ev, "by_rate", 2000, 9);
    assert_dec(p, ev, "ratio", 1, 3);
    assert_dec(p, ev, "ratio2", 999, 1000);
    assert_umoney(p, ev, "widened", 333, 1);
    assert_bool(p, ev, "bigger", true);           /* 3.333… > 3.33 */
    assert_bool(p, ev, "at_most", false);
    assert_umoney(p, ev, "lowest", 100, 1);
    assert_umoney(p, ev, "highest", 1000, 3);
    assert_umoney(p, ev, "chosen", 333, 1);
    assert_umoney(p, ev, "fallback", 1000, 3);
    assert_bool(p, ev, "listed", false);
    assert_fen(p, ev, "once", 476);               /* 10/21 + 10/3 = 4.7619… yuan */
    ev = run(p, facts("rev", "\"9.99\"", "rev2", "\"3.33\"", "flag", "true", "opt_amt", "\"0.05\"", NULL));
    assert_umoney(p, ev, "third", 333, 1);
    assert_bool(p, ev, "bigger", false);
    assert_bool(p, ev, "at_most", true);
    assert_bool(p, ev, "listed", true);
    assert_umoney(p, ev, "chosen", 333, 1);
    assert_umoney(p, ev, "fallback", 5, 1);
}

/* Rounding once differs from rounding each step: 0.05 × 50% and 0.05 × 50%
 * is 0.05, where each half rounded half up would give 0.06. */
Test(vm, unrounded_money_summed_over_a_list)
{
    PolProgram *p = build_probe("define exact: unrounded money = sum 50% of i.amt for i in items\n"
                                "define once: money = (sum 50% of i.amt for i in items) rounded half up to fen\n"
                                "define each: money = sum (50% of i.amt rounded half up to fen) for i in items\n",
                                "exact once each");
    const char *list = "[{\"n\": 1, \"ok\": true, \"amt\": \"0.05\"}, {\"n\": 2, \"ok\": true, \"amt\": \"0.05\"}]";
    PolEval *ev = run(p, facts("items", list, NULL));
    assert_umoney(p, ev, "exact", 5, 1);
    assert_fen(p, ev, "once", 5);
    assert_fen(p, ev, "each", 6);
    ev = run(p, facts(NULL));
    assert_umoney(p, ev, "exact", 0, 1);
}

Test(vm, unrounded_money_overflow_is_an_error)
{
    /* a third of 10^16 fen, times 10^12 twice: about 3.3 × 10^39 fen, beyond 2^127 */
    PolProgram *p = build_probe("define s: unrounded money = rev / 3 × 1000000000000 × 1000000000000\n", "s");
    PolEval *ev = run(p, facts("rev", "\"99999999999999.99\"", NULL));
    assert_error(p, ev, "the result is too large to be exact", L, 29);
    ev = run(p, facts("rev", "\"0.03\"", NULL));
    assert_umoney(p, ev, "s", (pol_i128)1000000000000 * 1000000000000, 1);
    /* a ratio that is no decimal of 64 bits */
    p = build_probe("define r: decimal = rev / 3 × 1000000000 / rev2\n", "r");
    ev = run(p, facts("rev", "\"99999999999999.99\"", "rev2", "\"0.07\"", NULL));
    assert_error(p, ev, "the result is too large to be exact", L, 21);
    p = build_probe("define q: unrounded money = rev / 3 / 0\n", "q");
    ev = run(p, facts("rev", "\"1.00\"", NULL));
    assert_error(p, ev, "division by zero", L, 29);
    p = build_probe("define q: decimal = rev / (rev2 / 3)\n", "q");
    ev = run(p, facts("rev", "\"1.00\"", NULL));
    assert_error(p, ev, "division by zero", L, 21);
}

/* --------------------------------------------------------------- dates */

#define MONTH_BODY(expr) \
    "define dn: date = " expr " rounded down\n" \
    "define up: date = " expr " rounded up\n"

static void assert_month_end(PolProgram *p, const char *start, int32_t down, int32_t up)
{
    PolEval *ev = run(p, facts("start", start, NULL));
    assert_date(p, ev, "dn", down);
    assert_date(p, ev, "up", up);
}

Test(vm, january_31_plus_one_month)
{
    PolProgram *p = build_probe(MONTH_BODY("start + 1 month"), "dn up");
    assert_month_end(p, "\"2025-01-31\"", 20147, 20148);   /* 2025-02-28, 2025-03-01 */
    assert_month_end(p, "\"2024-01-31\"", 19782, 19783);   /* 2024-02-29, 2024-03-01 */
    assert_month_end(p, "\"2025-01-15\"", 20134, 20134);   /* 2025-02-15 either way */
}

Test(vm, leap_day_plus_one_year)
{
    PolProgram *p = build_probe(MONTH_BODY("start + 1 year"), "dn up");
    assert_month_end(p, "\"2024-02-29\"", 20147, 20148);   /* 2025-02-28, 2025-03-01 */
    assert_month_end(p, "\"2024-02-28\"", 20147, 20147);   /* 2025-02-28 */
}

Test(vm, march_31_minus_one_month)
{
    PolProgram *p = build_probe(MONTH_BODY("start - 1 month"), "dn up");
    assert_month_end(p, "\"2025-03-31\"", 20147, 20148);   /* 2025-02-28, 2025-03-01 */
}

Test(vm, months_then_days)
{
    PolProgram *p = build_probe("define a: duration = 1 month + 10 days\n"
                                "define dn: date = start + a rounded down\n"
                                "define up: date = start + a rounded up\n",
                                "dn up");
    /* 2025-01-31 + 1 month = 2025-02-28 (or 2025-03-01), then + 10 days */
    assert_month_end(p, "\"2025-01-31\"", 20157, 20158);
}

Test(vm, days_and_differences)
{
    PolProgram *p = build_probe("define a: date = start + 10 days\n"
                                "define b: date = start - 31 days\n"
                                "define c: integer = start - 2025-01-01\n"
                                "define d: bool = 1969-12-31 - 1970-01-01 = -1\n"
                                "define e: bool = start - 2025-01-01 = 30\n"
                                "define f: integer = year(start) * 10000 + month(start) * 100 + day(start)\n",
                                "a b c d e f");
    PolEval *ev = run(p, facts("start", "\"2025-01-31\"", NULL));
    assert_date(p, ev, "a", 20129);
    assert_date(p, ev, "b", 20088);
    assert_int(p, ev, "c", 30);
    assert_bool(p, ev, "d", true);
    assert_bool(p, ev, "e", true);
    assert_int(p, ev, "f", 20250131);
}

Test(vm, durations_compare_by_months_and_days)
{
    PolProgram *p = build_probe("define a: bool = 1 year = 12 months\ndefine b: bool = 30 days = 1 month\n"
                                "define c: bool = 1 year + 6 months = 18 months\ndefine d: bool = 2 months - 1 month ≠ 1 month\n",
                                "a b c d");
    PolEval *ev = run(p, facts(NULL));
    assert_bool(p, ev, "a", true);
    assert_bool(p, ev, "b", false);
    assert_bool(p, ev, "c", true);
    assert_bool(p, ev, "d", false);
}

Test(vm, a_date_leaving_the_calendar_is_an_error)
{
    PolProgram *p = build_probe("define a: date = start + 8000 years rounded down\n", "a");
    PolEval *ev = run(p, facts(NULL));
    assert_error(p, ev, "the date leaves the calendar", L, 18);
}

Test(vm, evaluation_date_and_period)
{
    PolProgram *p = build_probe("define a: date = evaluation date\n"
                                "define b: bool = start within period in force\n"
                                "define c: date = policy end\n"
                                "define d: date = policy start\n",
                                "a b c d");
    PolEval *ev = run_on(p, NULL, facts("start", "\"2027-12-31\"", NULL), 20103);
    assert_date(p, ev, "a", 20103);
    assert_bool(p, ev, "b", true);
    assert_date(p, ev, "c", 21183);
    assert_date(p, ev, "d", 20089);
    ev = run(p, facts("start", "\"2028-01-01\"", NULL));
    assert_bool(p, ev, "b", false);
    ev = run(p, facts("start", "\"2024-12-31\"", NULL));
    assert_bool(p, ev, "b", false);
}

/* --------------------------------------------------- comparisons, choice */

Test(vm, comparisons)
{
    PolProgram *p = build_probe("define a: bool = n < m\ndefine b: bool = n <= 3\ndefine c: bool = rev > rev2\n"
                                "define d: bool = rate >= 0.5\ndefine e: bool = start = 2025-06-01\n"
                                "define f: bool = kind = service_org\ndefine g: bool = id ≠ \"A-1\"\n"
                                "define h: bool = n = 3.0\ndefine i: bool = rate < n\n",
                                "a b c d e f g h i");
    PolEval *ev = run(p, facts("n", "3", "m", "4", "rev", "\"5.00\"", "rev2", "\"5.00\"", "rate", "\"0.5\"", "kind",
                               "\"service_org\"", NULL));
    assert_bool(p, ev, "a", true);
    assert_bool(p, ev, "b", true);
    assert_bool(p, ev, "c", false);
    assert_bool(p, ev, "d", true);
    assert_bool(p, ev, "e", true);
    assert_bool(p, ev, "f", true);
    assert_bool(p, ev, "g", false);
    assert_bool(p, ev, "h", true);
    assert_bool(p, ev, "i", true);
}

Test(vm, absent_values_equal_nothing)
{
    PolProgram *p = build_probe("define a: bool = opt_n = 2\ndefine b: bool = opt_n ≠ 2\ndefine c: bool = opt_n is one of {1, 2}\n"
                                "define d: bool = opt_n = 2.0\ndefine e: bool = opt_n ≠ 2.0\ndefine f: bool = opt_n is one of {2.0}\n",
                                "a b c d e f");
    PolEval *ev = run(p, facts(NULL));
    assert_bool(p, ev, "a", false);
    assert_bool(p, ev, "b", true);
    assert_bool(p, ev, "c", false);
    assert_bool(p, ev, "d", false);
    assert_bool(p, ev, "e", true);
    assert_bool(p, ev, "f", false);
    ev = run(p, facts("opt_n", "2", NULL));
    assert_bool(p, ev, "a", true);
    assert_bool(p, ev, "b", false);
    assert_bool(p, ev, "c", true);
    assert_bool(p, ev, "d", true);
    assert_bool(p, ev, "e", false);
    assert_bool(p, ev, "f", true);
}

Test(vm, logic_short_circuits)
{
    /* the right side of `and` would divide by zero */
    PolProgram *p = build_probe("define a: bool = n ≠ 0 and 10 / n > 1\ndefine b: bool = n = 0 or 10 / n > 1\n"
                                "define c: bool = not flag\ndefine d: integer = if n = 0 then 0 else 10 * n\n",
                                "a b c d");
    PolEval *ev = run(p, facts("n", "0", NULL));
    assert_bool(p, ev, "a", false);
    assert_bool(p, ev, "b", true);
    assert_bool(p, ev, "c", true);
    assert_int(p, ev, "d", 0);
    ev = run(p, facts("n", "4", "flag", "true", NULL));
    assert_bool(p, ev, "a", true);
    assert_bool(p, ev, "b", true);
    assert_bool(p, ev, "c", false);
    assert_int(p, ev, "d", 40);
}

Test(vm, min_max_and_one_of)
{
    PolProgram *p = build_probe("define a: integer = min(n, m, 7)\ndefine b: money = max(rev, rev2)\n"
                                "define c: date = min(start, 2025-01-01)\ndefine d: decimal = max(n, 2.5)\n"
                                "define e: bool = kind is one of {service_org}\ndefine f: bool = n is one of {1, 9, 2.0}\n",
                                "a b c d e f");
    PolEval *ev = run(p, facts("n", "9", "m", "-3", "rev", "\"1.00\"", "rev2", "\"2.00\"", NULL));
    assert_int(p, ev, "a", -3);
    assert_fen(p, ev, "b", 200);
    assert_date(p, ev, "c", 20089);
    assert_dec(p, ev, "d", 9, 1);
    assert_bool(p, ev, "e", false);
    assert_bool(p, ev, "f", true);
}

/* `is not one of` is `not (is one of)`: true for an absent value, as `!=` is. */
Test(vm, is_not_one_of)
{
    PolProgram *p = build_probe("define a: bool = kind is not one of {service_org}\ndefine b: bool = n is not one of {1, 9, 2.0}\n"
                                "define c: bool = opt_n is not one of {1, 2}\n",
                                "a b c");
    PolEval *ev = run(p, facts("n", "9", NULL));
    assert_bool(p, ev, "a", true);
    assert_bool(p, ev, "b", false);
    assert_bool(p, ev, "c", true);
    ev = run(p, facts("n", "3", "kind", "\"service_org\"", "opt_n", "2", NULL));
    assert_bool(p, ev, "a", false);
    assert_bool(p, ev, "b", true);
    assert_bool(p, ev, "c", false);
}

Test(vm, optional_records_and_otherwise)
{
    PolProgram *p = build_probe("define a: bool = sub.flag otherwise true\n"
                                "define b: integer = count i in sub.items\n"
                                "define c: money = sub.paid otherwise 7 元\n"
                                "define d: integer = opt_n otherwise -1\n"
                                "define e: bool = sub.paid is present\n"
                                "define f: money = if sub.paid is present then sub.paid else 0 元\n",
                                "a b c d e f");
    PolEval *ev = run(p, facts(NULL));
    assert_bool(p, ev, "a", true);
    assert_int(p, ev, "b", 0);
    assert_fen(p, ev, "c", 700);
    assert_int(p, ev, "d", -1);
    assert_bool(p, ev, "e", false);
    assert_fen(p, ev, "f", 0);
    ev = run(p, facts("opt_n", "5", "sub",
                      "{\"flag\": false, \"paid\": \"3.00\", \"items\": [{\"n\": 1, \"ok\": true, \"amt\": \"1\"}]}", NULL));
    assert_bool(p, ev, "a", false);
    assert_int(p, ev, "b", 1);
    assert_fen(p, ev, "c", 300);
    assert_int(p, ev, "d", 5);
    assert_bool(p, ev, "e", true);
    assert_fen(p, ev, "f", 300);
}

Test(vm, functions_definitions_and_parameters)
{
    PolProgram *p = build_probe("parameter k = 10\nparameter k2 = k * k\n"
                                "define f(a: integer, b: integer): integer = a * k + b\n"
                                "define g: integer = f(n, m) + f(1, 2)\n"
                                "define h: integer = g + g + k2\n"
                                "define half(x: decimal): decimal = x / 2\n"
                                "define i: decimal = half(n)\n",
                                "g h i");
    PolEval *ev = run(p, facts("n", "3", "m", "4", NULL));
    assert_int(p, ev, "g", 46);
    assert_int(p, ev, "h", 192);
    assert_dec(p, ev, "i", 3, 2);
}

Test(vm, one_evaluator_for_two_applicants)
{
    PolProgram *p = build_probe("define a: integer = n * 2\n", "a");
    PolEval *ev = run(p, facts("n", "3", NULL));
    assert_int(p, ev, "a", 6);
    run_on(p, ev, facts("n", "5", NULL), DAY);
    assert_int(p, ev, "a", 10);
}

/* ---------------------------------------------------------- quantifiers */

#define ITEMS \
    "[{\"n\": 3, \"ok\": true, \"amt\": \"1.50\", \"v\": 7}," \
    " {\"n\": 5, \"ok\": false, \"amt\": \"2.25\"}," \
    " {\"n\": 8, \"ok\": true, \"amt\": \"0.25\", \"v\": 1}]"

Test(vm, quantifiers)
{
    PolProgram *p = build_probe("define any_ok: bool = any i in items where i.ok and i.n > 4\n"
                                "define any_big: bool = any i in items where i.n > 8\n"
                                "define all_pos: bool = all i in items where i.n > 0\n"
                                "define all_ok: bool = all i in items where i.ok\n"
                                "define cnt: integer = count i in items\n"
                                "define cnt_ok: integer = count i in items where i.ok\n"
                                "define total: money = sum i.amt for i in items\n"
                                "define total_ok: money = sum i.amt for i in items where i.ok\n"
                                "define nsum: integer = sum i.n for i in items\n"
                                "define dsum: decimal = sum i.n / 2 for i in items\n"
                                "define vsum: integer = sum i.v for i in items where i.v is present\n",
                                "any_ok any_big all_pos all_ok cnt cnt_ok total total_ok nsum dsum vsum");
    PolEval *ev = run(p, facts("items", ITEMS, NULL));
    assert_bool(p, ev, "any_ok", true);
    assert_bool(p, ev, "any_big", false);
    assert_bool(p, ev, "all_pos", true);
    assert_bool(p, ev, "all_ok", false);
    assert_int(p, ev, "cnt", 3);
    assert_int(p, ev, "cnt_ok", 2);
    assert_fen(p, ev, "total", 400);
    assert_fen(p, ev, "total_ok", 175);
    assert_int(p, ev, "nsum", 16);
    assert_dec(p, ev, "dsum", 8, 1);
    assert_int(p, ev, "vsum", 8);
}

Test(vm, quantifiers_over_an_empty_list)
{
    PolProgram *p = build_probe("define a: bool = any i in items where i.ok\n"
                                "define b: bool = all i in items where i.ok\n"
                                "define c: integer = count i in items\n"
                                "define d: money = sum i.amt for i in items\n"
                                "define e: decimal = sum i.n × 0.5 for i in items\n",
                                "a b c d e");
    PolEval *ev = run(p, facts(NULL));
    assert_bool(p, ev, "a", false);
    assert_bool(p, ev, "b", true);
    assert_int(p, ev, "c", 0);
    assert_fen(p, ev, "d", 0);
    assert_dec(p, ev, "e", 0, 1);
}

Test(vm, nested_quantifiers)
{
    PolProgram *p = build_probe("define pairs: integer = count a in items where (count b in items where b.n > a.n) = 1\n"
                                "define inner: bool = all a in items where (any b in items where b.n = a.n)\n"
                                "define narrowed: bool = any a in items where a.v is present and (any b in items where (b.v otherwise 0) > a.v)\n",
                                "pairs inner narrowed");
    PolEval *ev = run(p, facts("items", ITEMS, NULL));
    assert_int(p, ev, "pairs", 1);
    assert_bool(p, ev, "inner", true);
    assert_bool(p, ev, "narrowed", true);
}

Test(vm, quantifier_in_a_function)
{
    PolProgram *p = build_probe("define above(k: integer): integer = count i in items where i.n > k\n"
                                "define a: integer = above(2) * 100 + above(4) * 10 + above(8)\n",
                                "a");
    PolEval *ev = run(p, facts("items", ITEMS, NULL));
    assert_int(p, ev, "a", 320);
}

Test(vm, money_sum_overflow_in_a_quantifier)
{
    PolProgram *p = build_probe("define a: money = sum i.amt × 100 for i in items\n", "a");
    PolEval *ev = run(p, facts("items", "[{\"n\": 1, \"ok\": true, \"amt\": \"999999999999999.99\"}]", NULL));
    assert_error(p, ev, "the result is too large to be exact", L, 23);
}

/* ------------------------------------------------------- default logic */

#define RATE_RULES \
    "define r: integer\n" \
    "  default 0\n" \
    "  rule small when n < 10: 1\n" \
    "  rule medium when n >= 10 and n < 100: 2\n" \
    "  exception pilot to small when flag: 3\n" \
    "  exception excluded when m = 1: 9\n"

static void assert_rate(PolProgram *p, const char *json, int64_t want)
{
    PolEval *ev = run(p, json);
    assert_int(p, ev, "r", want);
}

Test(vm, default_logic)
{
    PolProgram *p = build_probe(RATE_RULES, "r");
    assert_rate(p, facts("n", "5", NULL), 1);
    assert_rate(p, facts("n", "50", NULL), 2);
    assert_rate(p, facts("n", "500", NULL), 0);
    assert_rate(p, facts("n", "5", "flag", "true", NULL), 3);
    /* a targeted exception replaces its target even where the target's own
     * condition does not hold */
    assert_rate(p, facts("n", "500", "flag", "true", NULL), 3);
    assert_rate(p, facts("n", "5", "m", "1", NULL), 9);
    assert_rate(p, facts("n", "50", "flag", "true", "m", "1", NULL), 9);
}

Test(vm, conflict_names_both_rules)
{
    PolProgram *p = build_probe(RATE_RULES, "r");
    /* `pilot` makes `small` apply, and `medium` applies too */
    PolEval *ev = run(p, facts("n", "50", "flag", "true", NULL));
    assert_error(p, ev, "two rules of `r` apply at once: `small` and `medium`; make one an exception to the other", L + 3, 3);
    cr_assert_geq(ev->error.other_span, 0);
    cr_assert_eq(p->spans[ev->error.other_span].first_line, L + 2);
}

Test(vm, conflict_between_plain_rules)
{
    PolProgram *p = build_probe("define x: money\n  rule a when n > 1: 1 元\n  rule b when n > 2: 2 元\n", "x");
    PolEval *ev = run(p, facts("n", "2", NULL));
    assert_fen(p, ev, "x", 100);
    ev = run(p, facts("n", "5", NULL));
    assert_error(p, ev, "two rules of `x` apply at once: `a` and `b`", L + 2, 3);
    cr_assert_eq(p->spans[ev->error.other_span].first_line, L + 1);
}

Test(vm, conflict_between_untargeted_exceptions)
{
    PolProgram *p = build_probe("define x: integer\n  rule base: 1\n  exception e1 when flag: 2\n  exception e2 when n > 0: 3\n", "x");
    PolEval *ev = run(p, facts("flag", "true", NULL));
    assert_int(p, ev, "x", 2);
    ev = run(p, facts("n", "1", NULL));
    assert_int(p, ev, "x", 3);
    ev = run(p, facts("n", "1", "flag", "true", NULL));
    assert_error(p, ev, "two rules of `x` apply at once: `e1` and `e2`", L + 3, 3);
}

Test(vm, exceptions_and_a_default_without_rules)
{
    PolProgram *p = build_probe("define x: integer\n  default 5\n  exception e when flag: 1\n", "x");
    PolEval *ev = run(p, facts(NULL));
    assert_int(p, ev, "x", 5);
    ev = run(p, facts("flag", "true", NULL));
    assert_int(p, ev, "x", 1);
}

Test(vm, rules_with_quantifiers_in_a_function)
{
    PolProgram *p = build_probe("define x(k: integer): integer\n"
                                "  rule a when any i in items where i.n > k: count i in items where i.ok\n"
                                "  exception b to a when all i in items where i.ok: 100\n"
                                "  default 0\n"
                                "define y: integer = x(4) * 1000 + x(10)\n",
                                "y");
    PolEval *ev = run(p, facts("items", ITEMS, NULL));
    assert_int(p, ev, "y", 2000);
    ev = run(p, facts("items", "[{\"n\": 5, \"ok\": true, \"amt\": 0}]", NULL));
    assert_int(p, ev, "y", 100100);
}

Test(vm, no_rule_applies)
{
    PolProgram *p = build_probe("define x: integer\n  rule a when n > 1: 1\n  rule b when n < -1: 2\n", "x");
    PolEval *ev = run(p, facts("n", "0", NULL));
    assert_error(p, ev, "no rule of `x` applies, and it has no default", L, 1);
    ev = run(p, facts("n", "-5", NULL));
    assert_int(p, ev, "x", 2);
}

Test(vm, exceptions_of_exceptions)
{
    /* docs/language.md §8.3: the amended fee */
    PolProgram *p = build_probe("define fee: money\n"
                                "  rule standard: 100 元\n"
                                "  exception amended_2026 to standard: 120 元\n"
                                "  exception reduced when flag: 50 元\n"
                                "  exception waived to reduced when n > 0: 0 元\n",
                                "fee");
    PolEval *ev = run(p, facts(NULL));
    assert_fen(p, ev, "fee", 12000);
    ev = run(p, facts("flag", "true", NULL));
    assert_fen(p, ev, "fee", 5000);
    ev = run(p, facts("flag", "true", "n", "1", NULL));
    assert_fen(p, ev, "fee", 0);
    ev = run(p, facts("n", "1", NULL));
    assert_fen(p, ev, "fee", 0);
}

Test(vm, rules_in_a_function)
{
    PolProgram *p = build_probe("define band(staff: integer): integer\n"
                                "  rule tiny when staff < 10: 1\n"
                                "  rule mid when staff >= 10 and staff < 100: 2\n"
                                "  rule big when staff >= 100: 3\n"
                                "define b: integer = band(n) * 100 + band(m) * 10 + band(5)\n",
                                "b");
    PolEval *ev = run(p, facts("n", "150", "m", "50", NULL));
    assert_int(p, ev, "b", 321);
}

/* ------------------------------------------------------------- measures */

Test(vm, measure_outcomes)
{
    PolProgram *p = build("measure fixed_award\n  article \"1\"\n  title \"a\"\n  when flag\n  when n > 1\n  amount fixed 5 万元\n"
                          "measure zero_award\n  article \"2\"\n  title \"b\"\n  amount fixed rev\n"
                          "measure negative_award\n  article \"3\"\n  title \"c\"\n  amount fixed rev - 1 元\n"
                          "measure service\n  article \"4\"\n  title \"d\"\n  when fixed_award is granted\n  amount in kind\n"
                          "measure regulated\n  article \"5\"\n  title \"e\"\n  when not (fixed_award is granted)\n  amount per regulation\n");
    PolEval *ev = run(p, facts("flag", "true", "n", "2", NULL));
    const PolMeasureResult *r = measure(p, ev, "fixed_award");
    cr_assert_eq(r->outcome, POL_MEASURE_GRANTED);
    cr_assert(r->has_amount);
    cr_assert_eq(r->amount, 5000000);
    r = measure(p, ev, "zero_award");
    cr_assert_eq(r->outcome, POL_MEASURE_ZERO);
    cr_assert_eq(r->amount, 0);
    r = measure(p, ev, "negative_award");
    cr_assert_eq(r->outcome, POL_MEASURE_ZERO);
    cr_assert_eq(r->amount, -100);
    cr_assert_eq(measure(p, ev, "service")->outcome, POL_MEASURE_GRANTED);
    cr_assert(!measure(p, ev, "service")->has_amount);
    cr_assert_eq(measure(p, ev, "regulated")->outcome, POL_MEASURE_REFUSED);
    cr_assert_eq(measure(p, ev, "regulated")->failed_cond, 0);

    ev = run(p, facts("flag", "true", "n", "1", NULL));
    r = measure(p, ev, "fixed_award");
    cr_assert_eq(r->outcome, POL_MEASURE_REFUSED);
    cr_assert_eq(r->failed_cond, 1);
    cr_assert(!r->has_amount);
    cr_assert_eq(measure(p, ev, "service")->outcome, POL_MEASURE_REFUSED);
    cr_assert_eq(measure(p, ev, "regulated")->outcome, POL_MEASURE_GRANTED);
    ev = run(p, facts(NULL));
    cr_assert_eq(measure(p, ev, "fixed_award")->failed_cond, 0);
}

Test(vm, conditions_stop_at_the_first_false)
{
    /* the second condition would divide by zero */
    PolProgram *p = build("measure m\n  article \"1\"\n  title \"a\"\n  when n ≠ 0\n  when 10 / n > 1\n  amount in kind\n");
    PolEval *ev = run(p, facts("n", "0", NULL));
    cr_assert_eq(measure(p, ev, "m")->outcome, POL_MEASURE_REFUSED);
    cr_assert_eq(measure(p, ev, "m")->failed_cond, 0);
    ev = run(p, facts("n", "20", NULL));
    cr_assert_eq(measure(p, ev, "m")->failed_cond, 1);
}

Test(vm, capped_amounts)
{
    PolProgram *p = build("parameter ceiling = 30 万元\n"
                          "measure m\n  article \"1\"\n  title \"a\"\n"
                          "  amount capped 30% of rev rounded down to fen\n"
                          "    at most ceiling\n"
                          "    at most opt_amt if present\n"
                          "    at most 50 万元 - rev2\n");
    PolEval *ev = run(p, facts("rev", "\"333.33\"", NULL));
    const PolMeasureResult *r = measure(p, ev, "m");
    cr_assert_eq(r->outcome, POL_MEASURE_GRANTED);
    cr_assert_eq(r->amount, 9999);
    cr_assert_eq(r->base, 9999);
    cr_assert_eq(r->cap_bit, -1);

    ev = run(p, facts("rev", "\"2000000.00\"", NULL));
    r = measure(p, ev, "m");
    cr_assert_eq(r->base, 60000000);
    cr_assert_eq(r->amount, 30000000);
    cr_assert_eq(r->cap_bit, 0);

    ev = run(p, facts("rev", "\"2000000.00\"", "opt_amt", "\"1234.56\"", NULL));
    r = measure(p, ev, "m");
    cr_assert_eq(r->amount, 123456);
    cr_assert_eq(r->cap_bit, 1);

    ev = run(p, facts("rev", "\"1000.00\"", "rev2", "\"499900.00\"", NULL));
    r = measure(p, ev, "m");
    cr_assert_eq(r->amount, 10000);
    cr_assert_eq(r->cap_bit, 2);
    cr_assert(!r->floored);

    /* a ceiling below zero gives zero, not granted */
    ev = run(p, facts("rev", "\"1000.00\"", "rev2", "\"600000.00\"", NULL));
    r = measure(p, ev, "m");
    cr_assert_eq(r->outcome, POL_MEASURE_ZERO);
    cr_assert_eq(r->amount, 0);
    cr_assert(r->floored);
    cr_assert_eq(r->cap_bit, 2);
}

Test(vm, zero_grants_computed_amounts_and_sources)
{
    PolProgram *p = build("measure nil_award\n  article \"1\"\n  amount fixed rev\n  granted at zero\n"
                          "measure nil_capped\n  article \"2\"\n  amount capped rev\n    at most rev2 - 1 元\n  granted at zero\n"
                          "measure relief\n  article \"3\"\n  source if flag then \"A\" else \"B\"\n"
                          "  amount computed 50% of rev rounded half up to fen\n    at most 10 元\n");
    PolEval *ev = run(p, facts("rev", "\"0.00\"", "rev2", "\"5.00\"", NULL));
    const PolMeasureResult *r = measure(p, ev, "nil_award");
    cr_assert_eq(r->outcome, POL_MEASURE_GRANTED, "an amount of 0.00 granted at zero is a grant");
    cr_assert_eq(r->amount, 0);
    cr_assert_null(r->source);
    cr_assert_eq(measure(p, ev, "nil_capped")->outcome, POL_MEASURE_GRANTED);
    r = measure(p, ev, "relief");
    cr_assert_eq(r->outcome, POL_MEASURE_ZERO, "zero is not granted by default");
    cr_assert_str_eq(r->source->bytes, "B");

    ev = run(p, facts("rev", "\"3.00\"", "rev2", "\"0.00\"", NULL));
    r = measure(p, ev, "nil_capped");
    cr_assert(r->floored);
    cr_assert_eq(r->outcome, POL_MEASURE_GRANTED, "a ceiling below zero gives zero, granted at zero");

    ev = run(p, facts("rev", "\"33.33\"", "flag", "true", NULL));
    r = measure(p, ev, "relief");
    cr_assert_eq(r->outcome, POL_MEASURE_GRANTED);
    cr_assert_eq(r->amount, 1000);
    cr_assert_eq(r->base, 1667);
    cr_assert_eq(r->cap_bit, 0);
    cr_assert_str_eq(r->source->bytes, "A");
}

Test(vm, negative_amount_granted_at_zero_is_not_granted)
{
    PolProgram *p = build("measure m\n  article \"1\"\n  amount fixed rev - 1 元\n  granted at zero\n");
    PolEval *ev = run(p, facts(NULL));
    cr_assert_eq(measure(p, ev, "m")->outcome, POL_MEASURE_ZERO);
    cr_assert_eq(measure(p, ev, "m")->amount, -100);
}

Test(vm, parameter_values)
{
    PolProgram *p = build("parameter award = 50 万元\nparameter rate = 30%\nparameter half = 50% of award rounded down to yuan\n"
                          "measure m\n  article \"1\"\n  title \"a\"\n  amount fixed half + (rate of 10 元 rounded down to fen)\n");
    PolEval *ev = run(p, facts(NULL));
    cr_assert_eq(measure(p, ev, "m")->amount, 25000300);
}

Test(vm, period_in_force_and_applies_when)
{
    PolProgram *p = build_text(HEADER "  applies when flag\n" SCHEMA
                               "measure m\n  article \"1\"\n  title \"a\"\n  amount fixed 1 元\n");
    PolEval *ev = run_on(p, NULL, facts("flag", "true", NULL), 20088);   /* 2024-12-31 */
    cr_assert_eq(measure(p, ev, "m")->outcome, POL_MEASURE_NOT_IN_FORCE);
    cr_assert(!ev->in_force);
    ev = run_on(p, NULL, facts("flag", "true", NULL), 21184);            /* 2028-01-01 */
    cr_assert_eq(measure(p, ev, "m")->outcome, POL_MEASURE_NOT_IN_FORCE);
    ev = run_on(p, NULL, facts("flag", "true", NULL), 21183);            /* 2027-12-31 */
    cr_assert_eq(measure(p, ev, "m")->outcome, POL_MEASURE_GRANTED);
    ev = run_on(p, NULL, facts("flag", "true", NULL), 20089);            /* 2025-01-01 */
    cr_assert_eq(measure(p, ev, "m")->outcome, POL_MEASURE_GRANTED);
    cr_assert(ev->in_force);
    ev = run(p, facts(NULL));
    cr_assert_eq(measure(p, ev, "m")->outcome, POL_MEASURE_NOT_APPLICABLE);
    cr_assert_eq(ev->applies, 0);
}

Test(vm, quantifier_in_applies_when)
{
    PolProgram *p = build_text(HEADER "  applies when any i in items where i.ok\n" SCHEMA
                               "measure m\n  article \"1\"\n  title \"a\"\n  amount in kind\n");
    PolEval *ev = run(p, facts("items", ITEMS, NULL));
    cr_assert_eq(measure(p, ev, "m")->outcome, POL_MEASURE_GRANTED);
    ev = run(p, facts(NULL));
    cr_assert_eq(measure(p, ev, "m")->outcome, POL_MEASURE_NOT_APPLICABLE);
}

Test(vm, an_error_in_a_measure_stops_the_evaluation)
{
    PolProgram *p = build("measure m\n  article \"1\"\n  title \"a\"\n  amount fixed rev * n\n");
    PolEval *ev = run(p, facts("rev", "\"999999999999999.99\"", "n", "1000", NULL));
    assert_error(p, ev, "the result is too large to be exact", L + 3, 16);
}

Test(vm, tracing_records_the_facts_each_condition_read)
{
    PolProgram *p = build("define big: bool = n > 4\n"
                          "measure a\n  article \"1\"\n  title \"a\"\n  when flag\n  when big\n  amount fixed rev\n"
                          "measure b\n  article \"2\"\n  title \"b\"\n  when big\n  when any i in items where i.n > 4\n"
                          "  amount in kind\n");
    PolValue v;
    PolDiag err;
    const char *json = facts("flag", "true", "n", "5", "rev", "\"5.00\"", "items", ITEMS, NULL);
    cr_assert(pol_facts_decode(p->facts, json, strlen(json), NULL, &v, &err, NULL));
    PolEval *ev = pol_eval_new(p);
    cr_assert(pol_eval_run(ev, v, DAY, true), "%s", pol_eval_error(ev, POL_LANG_EN).message);
    /* reads: flag, n (big), rev; n again (big, replayed), items, items[].n x2 */
    cr_assert_eq(ev->nreads, 7);
    static const struct { const char *path; int index; } want[] = {
        {"flag", -1}, {"n", -1}, {"rev", -1}, {"n", -1}, {"items", -1}, {"items[].n", 0}, {"items[].n", 1},
    };
    for (int i = 0; i < 7; i++) {
        cr_assert_str_eq(p->strings[ev->reads[i].path], want[i].path, "read %d", i);
        cr_assert_eq(ev->reads[i].index, want[i].index, "read %d", i);
    }
    cr_assert_eq(ev->reads[0].value.tag, POL_V_BOOL);
    cr_assert_eq(ev->reads[2].value.as.fen, 500);
    cr_assert_eq(ev->reads[6].value.as.i, 5);
    const PolMeasureResult *a = &ev->measures[measure_index(p, "a")];
    cr_assert(a->conds[0].evaluated && a->conds[0].holds);
    cr_assert_eq(a->conds[0].reads_from, 0);
    cr_assert_eq(a->conds[0].reads_to, 1);
    cr_assert_eq(a->conds[1].reads_from, 1);
    cr_assert_eq(a->conds[1].reads_to, 2);
    cr_assert_eq(a->amount_reads_from, 2);
    cr_assert_eq(a->amount_reads_to, 3);
    const PolMeasureResult *b = &ev->measures[measure_index(p, "b")];
    cr_assert_eq(b->conds[0].reads_from, 3);
    cr_assert_eq(b->conds[0].reads_to, 4);
    cr_assert_eq(b->conds[1].reads_from, 4);
    cr_assert_eq(b->conds[1].reads_to, 7);
    cr_assert_eq(b->outcome, POL_MEASURE_GRANTED);
}

/* The table of 经营所得, quick-deduction and marginal forms, and a scale of
 * numbers. */
#define SCALES \
    "scale quick\n  up to 30000 元: 5%, deduction 0 元\n  up to 90000 元: 10%, deduction 1500 元\n" \
    "  up to 300000 元: 20%, deduction 10500 元\n  up to 500000 元: 30%, deduction 40500 元\n" \
    "  above: 35%, deduction 65500 元\n" \
    "scale marginal\n  up to 30000 元: 5%\n  up to 90000 元: 10%\n  up to 300000 元: 20%\n  up to 500000 元: 30%\n" \
    "  above: 35%\n" \
    "scale points\n  up to 10: 1\n  up to 20.5: 50%\n  above: 0.25\n"

Test(vm, scales)
{
    PolProgram *p = build_probe(SCALES
                                "define q: unrounded money = quick(rev)\n"
                                "define m: unrounded money = marginal(rev)\n"
                                "define third: unrounded money = quick(rev / 3)\n"
                                "define pts: decimal = points(rate)\n"
                                "define pts_n: decimal = points(n)\n",
                                "q m third pts pts_n");
    PolEval *ev = run(p, facts("rev", "\"80000.00\"", "rate", "\"25\"", "n", "10", NULL));
    assert_umoney(p, ev, "q", 650000, 1);
    assert_umoney(p, ev, "m", 650000, 1);
    assert_umoney(p, ev, "third", 400000, 3);   /* 26666.66… 元 × 5% = 1333.33… 元 */
    assert_dec(p, ev, "pts", 131, 8);           /* 10 + 10.5 × 50% + 4.5 × 25% = 16.375 */
    assert_dec(p, ev, "pts_n", 10, 1);
    ev = run(p, facts("rev", "\"2400000.00\"", "rate", "\"20.5\"", "n", "11", NULL));
    assert_umoney(p, ev, "q", 77450000, 1);
    assert_umoney(p, ev, "m", 77450000, 1);
    assert_dec(p, ev, "pts", 61, 4);            /* 10 + 10.5 × 50% */
    assert_dec(p, ev, "pts_n", 21, 2);
}

/* With tracing: the branch of an `if` that decided each value and the
 * bracket of each scale applied, with the chunk whose value they decided;
 * a rounding in the terms of a sum names the item it rounds. */
Test(vm, tracing_records_branches_brackets_and_items)
{
    PolProgram *p = build(SCALES
                          "define band: integer =\n  if rev <= 30000 元 then 1\n  else if rev <= 90000 元 then 2\n  else 3\n"
                          "define tax: unrounded money = quick(rev)\n"
                          "define kind_of(x: integer): integer = if x > 1 then 10 else 20\n"
                          "define kinds: integer = kind_of(band)\n"
                          "measure a\n  article \"1\"\n  title \"a\"\n  when band = 2\n"
                          "  amount fixed sum (50% of i.amt rounded half up to fen) for i in items\n");
    PolValue v;
    PolDiag err;
    const char *json = facts("rev", "\"80000.00\"", "items", ITEMS, NULL);
    cr_assert(pol_facts_decode(p->facts, json, strlen(json), NULL, &v, &err, NULL));
    PolEval *ev = pol_eval_new(p);
    cr_assert(pol_eval_run(ev, v, DAY, true), "%s", pol_eval_error(ev, POL_LANG_EN).message);
    int band = p->defines[define_index(p, "band")].chunk;
    int branches = 0, roundings = 0;
    for (int i = 0; i < ev->nreads; i++) {
        const PolRead *r = &ev->reads[i];
        if (r->path == POL_READ_BRANCH) {
            branches++;
            cr_assert_eq(r->chunk, band);
            cr_assert_str_eq(p->branches[r->index].text, "else if rev <= 90000 元");
        } else if (POL_READ_IS_ROUNDING(r->path)) {
            cr_assert_str_eq(p->strings[r->list], "items");
            cr_assert_eq(r->index, roundings);
            cr_assert_eq(r->value.tag, POL_V_UMONEY);
            roundings++;
        }
    }
    cr_assert_eq(branches, 1);
    cr_assert_eq(roundings, 3);
    /* tax and kinds are not needed by the measure: evaluate them too */
    p = build(SCALES
              "define tax: unrounded money = quick(rev)\n"
              "define kind_of(x: integer): integer = if x > 1 then 10 else 20\n"
              "define kinds: integer = kind_of(n)\n"
              "measure a\n  article \"1\"\n  title \"a\"\n  when kinds = 10\n  amount fixed tax rounded down to fen\n");
    json = facts("rev", "\"80000.00\"", "n", "5", NULL);
    cr_assert(pol_facts_decode(p->facts, json, strlen(json), NULL, &v, &err, NULL));
    ev = pol_eval_new(p);
    cr_assert(pol_eval_run(ev, v, DAY, true), "%s", pol_eval_error(ev, POL_LANG_EN).message);
    int scales = 0;
    branches = 0;
    for (int i = 0; i < ev->nreads; i++) {
        const PolRead *r = &ev->reads[i];
        if (r->path == POL_READ_SCALE) {
            scales++;
            cr_assert_eq(r->index, 0);
            cr_assert_eq(r->bracket, 1);
            cr_assert_eq(r->chunk, p->defines[define_index(p, "tax")].chunk);
            cr_assert(r->value.as.umoney.num == 8000000 && r->value.as.umoney.den == 1);
        } else if (r->path == POL_READ_BRANCH) {
            branches++;
            /* the function's branch decided `kinds`, which called it */
            cr_assert_eq(r->chunk, p->defines[define_index(p, "kinds")].chunk);
            cr_assert_str_eq(p->branches[r->index].text, "if x > 1");
        }
    }
    cr_assert_eq(scales, 1);
    cr_assert_eq(branches, 1);
    cr_assert_eq(ev->measures[0].amount, 650000);
}

/* Items `n`, `ok`, `amt`, `v` of the list `items`, in list order. */
#define NEIGHBOURS \
    "[{\"n\": 3, \"ok\": true, \"amt\": \"1.50\", \"v\": 2}," \
    " {\"n\": 1, \"ok\": true, \"amt\": \"2.00\", \"v\": 1}," \
    " {\"n\": 2, \"ok\": false, \"amt\": \"9.00\", \"v\": 1}," \
    " {\"n\": 3, \"ok\": true, \"amt\": \"0.00\", \"v\": 1}," \
    " {\"n\": 4, \"ok\": true, \"amt\": \"5.00\", \"v\": 2}]"

static const PolItems *items_of(const PolProgram *p, const PolEval *ev, const char *name)
{
    const PolItems *it = measure(p, ev, name)->items;
    cr_assert_not_null(it, "%s is not a per-item measure", name);
    return it;
}

Test(vm, per_item_measure_order_and_earlier_grants)
{
    /* ordered by v (ties in list order): items 1, 2, 3, then 0, 4; at most
     * two granted, and not two of the same n */
    PolProgram *p = build("measure m\n  article \"1\"\n  for each i in items ordered by i.v otherwise 0\n"
                          "  subject n: i.n\n"
                          "  when i.ok\n"
                          "  when (count g in earlier grants) < 2\n"
                          "  when not (any g in earlier grants where g.n = i.n)\n"
                          "  amount fixed i.amt\n"
                          "measure after\n  article \"2\"\n  when m is granted\n  amount in kind\n");
    PolEval *ev = run(p, facts("items", NEIGHBOURS, NULL));
    cr_assert(last_ok);
    const PolMeasureResult *r = measure(p, ev, "m");
    cr_assert_eq(r->outcome, POL_MEASURE_GRANTED);
    const PolItems *it = items_of(p, ev, "m");
    cr_assert_eq(it->count, 5);
    static const int32_t order[] = {1, 2, 3, 0, 4};
    static const PolMeasureOutcome outcome[] = {POL_MEASURE_GRANTED, POL_MEASURE_REFUSED, POL_MEASURE_ZERO,
                                                POL_MEASURE_GRANTED, POL_MEASURE_REFUSED};
    static const int failed[] = {-1, 0, -1, -1, 1};
    for (int k = 0; k < 5; k++) {
        cr_assert_eq(it->item[k].index, order[k], "item %d taken is list item %d, not %d", k, order[k], it->item[k].index);
        cr_assert_eq(it->item[k].outcome, outcome[k], "list item %d", order[k]);
        cr_assert_eq(it->item[k].failed_cond, failed[k], "list item %d", order[k]);
        cr_assert_eq(it->subject[k].as.i, k == 0 ? 1 : k == 1 ? 2 : k == 4 ? 4 : 3);
    }
    cr_assert_eq(it->item[0].amount, 200);
    cr_assert_eq(it->item[2].amount, 0, "an amount of zero is not granted");
    cr_assert_eq(it->item[3].amount, 150);
    cr_assert_eq(it->granted->count, 2);
    cr_assert_eq(measure(p, ev, "after")->outcome, POL_MEASURE_GRANTED, "granted when one item is");

    /* the same evaluator, another applicant: nothing is left of the first */
    ev = run_on(p, ev, facts("items", "[{\"n\": 9, \"ok\": false, \"amt\": \"1.00\"}]", NULL), DAY);
    it = items_of(p, ev, "m");
    cr_assert_eq(it->count, 1);
    cr_assert_eq(it->item[0].failed_cond, 0);
    cr_assert_eq(it->granted->count, 0);
    cr_assert_eq(measure(p, ev, "m")->outcome, POL_MEASURE_REFUSED);
    cr_assert_eq(measure(p, ev, "after")->outcome, POL_MEASURE_REFUSED);
}

Test(vm, per_item_measure_over_no_items)
{
    PolProgram *p = build("measure m\n  article \"1\"\n  for each i in items\n  subject n: i.n\n  amount fixed i.amt\n");
    PolEval *ev = run(p, facts(NULL));
    cr_assert_eq(items_of(p, ev, "m")->count, 0);
    cr_assert_eq(measure(p, ev, "m")->outcome, POL_MEASURE_REFUSED);
}

Test(vm, per_item_measure_refused_before_its_items)
{
    /* a condition written before `for each` is the measure's: tested once,
     * and when false the list is not taken; the later ones are the items' */
    PolProgram *p = build("measure m\n  article \"1\"\n  when flag\n  for each i in items\n  subject n: i.n\n"
                          "  when i.ok\n  amount fixed i.amt\n");
    cr_assert_eq(p->measures[0].item_conds, 1);
    PolEval *ev = run(p, facts("flag", "false", "items", NEIGHBOURS, NULL));
    cr_assert(last_ok);
    const PolMeasureResult *r = measure(p, ev, "m");
    cr_assert_eq(r->outcome, POL_MEASURE_REFUSED);
    cr_assert_eq(r->failed_cond, 0);
    cr_assert(!items_of(p, ev, "m")->taken, "the list was not taken");
    cr_assert_eq(items_of(p, ev, "m")->count, 0);
    ev = run(p, facts("flag", "true", "items", NEIGHBOURS, NULL));
    r = measure(p, ev, "m");
    cr_assert_eq(r->outcome, POL_MEASURE_GRANTED);
    const PolItems *it = items_of(p, ev, "m");
    cr_assert(it->taken);
    cr_assert_eq(it->count, 5);
    cr_assert_eq(it->item[2].outcome, POL_MEASURE_REFUSED);
    cr_assert_eq(it->item[2].failed_cond, 1, "an item's conditions are numbered after the measure's");
}

Test(vm, per_item_zero_ceilings_and_sources)
{
    PolProgram *p = build("measure m\n  article \"1\"\n  for each i in items\n  subject n: i.n\n"
                          "  source if i.ok then \"A\" else \"B\"\n"
                          "  amount capped i.amt\n    at most 2 元\n  granted at zero\n");
    PolEval *ev = run(p, facts("items", NEIGHBOURS, NULL));
    const PolItems *it = items_of(p, ev, "m");
    cr_assert_eq(it->count, 5);
    cr_assert_eq(it->item[2].amount, 200);
    cr_assert_eq(it->item[2].base, 900);
    cr_assert_eq(it->item[2].cap_bit, 0);
    cr_assert_str_eq(it->item[2].source->bytes, "B");
    cr_assert_eq(it->item[3].outcome, POL_MEASURE_GRANTED, "granted at zero");
    cr_assert_eq(it->item[3].amount, 0);
    cr_assert_eq(it->item[3].cap_bit, -1);
    cr_assert_str_eq(it->item[3].source->bytes, "A");
    cr_assert_eq(it->granted->count, 5);
}

Test(vm, per_item_measure_of_zeros_only)
{
    PolProgram *p = build("measure m\n  article \"1\"\n  for each i in items\n  subject n: i.n\n  when i.n = 3\n"
                          "  amount fixed i.amt - 1.50 元\n");
    PolEval *ev = run(p, facts("items", NEIGHBOURS, NULL));
    cr_assert_eq(measure(p, ev, "m")->outcome, POL_MEASURE_ZERO, "no item granted, one of zero");
}

Test(vm, tracing_the_items)
{
    PolProgram *p = build("measure m\n  article \"1\"\n  for each i in items ordered by i.n\n  subject v: i.v\n"
                          "  when i.ok\n  amount fixed i.amt\n");
    const char *json = facts("items", NEIGHBOURS, NULL);
    PolValue v;
    PolDiag err;
    cr_assert(pol_facts_decode(p->facts, json, strlen(json), NULL, &v, &err, NULL));
    PolEval *ev = pol_eval_new(p);
    last_ok = pol_eval_run(ev, v, DAY, true);
    const PolItems *it = items_of(p, ev, "m");
    /* the list and the five values it is ordered by */
    cr_assert_eq(it->list_reads_to - it->list_reads_from, 6);
    cr_assert_eq(ev->reads[it->list_reads_from + 2].index, 1, "the value of list item 1");
    const PolItemResult *third = &it->item[2];   /* n = 3, list item 0, then 3 (ties in list order) */
    cr_assert_eq(third->index, 0);
    cr_assert_eq(it->item[3].index, 3);
    cr_assert(third->conds[0].evaluated && third->conds[0].holds);
    cr_assert_eq(third->conds[0].reads_to - third->conds[0].reads_from, 1);
    cr_assert_eq(ev->reads[third->conds[0].reads_from].index, 0, "item 0's own member was read");
    cr_assert_eq(it->item[1].failed_cond, 0);
}

Test(vm, tracing_a_refused_measure)
{
    PolProgram *p = build("measure a\n  article \"1\"\n  title \"a\"\n  when flag\n  when n > 4\n  amount fixed rev\n");
    PolValue v;
    PolDiag err;
    const char *json = facts(NULL);
    cr_assert(pol_facts_decode(p->facts, json, strlen(json), NULL, &v, &err, NULL));
    PolEval *ev = pol_eval_new(p);
    cr_assert(pol_eval_run(ev, v, DAY, true));
    const PolMeasureResult *a = &ev->measures[0];
    cr_assert_eq(a->outcome, POL_MEASURE_REFUSED);
    cr_assert(a->conds[0].evaluated);
    cr_assert(!a->conds[0].holds);
    cr_assert(!a->conds[1].evaluated, "a condition after the failing one is not evaluated");
    cr_assert_eq(ev->nreads, 1);
}

Test(vm, a_long_list_of_values)
{
    size_t cap = 10000 * 8 + 64, len = 0;
    char *body = GC_MALLOC_ATOMIC(cap);
    len += (size_t)snprintf(body, cap, "define x: bool = flag and n is one of {");
    for (int i = 1; i <= 10000; i++)
        len += (size_t)snprintf(body + len, cap - len, "%s%d", i > 1 ? ", " : "", i * 2);
    snprintf(body + len, cap - len, "}\n");
    PolProgram *p = build_probe(body, "x");
    PolEval *ev = run(p, facts("flag", "true", "n", "20000", NULL));
    assert_bool(p, ev, "x", true);
    ev = run(p, facts("flag", "true", "n", "19999", NULL));
    assert_bool(p, ev, "x", false);
    ev = run(p, facts("n", "20000", NULL));
    assert_bool(p, ev, "x", false);
}

/* A chunk's stack bound is the deepest stack the verifier finds on its
 * paths, not its code length: `n is one of {1, ..., 22000}` is 66000+
 * bytes of code but needs 22001 slots, which fit the VM's 65536. */
Test(vm, a_very_long_list_of_values)
{
    size_t cap = 22000 * 8 + 64, len = 0;
    char *body = GC_MALLOC_ATOMIC(cap);
    len += (size_t)snprintf(body, cap, "define x: bool = n is one of {");
    for (int i = 1; i <= 22000; i++)
        len += (size_t)snprintf(body + len, cap - len, "%s%d", i > 1 ? ", " : "", i);
    snprintf(body + len, cap - len, "}\n");
    PolProgram *p = build_probe(body, "x");
    PolEval *ev = run(p, facts("n", "21999", NULL));
    assert_bool(p, ev, "x", true);
}

/* --------------------------------------------------------------- limits */

Test(vm, step_limit)
{
    /* a quantifier in a quantifier over 4000 items: 16 million iterations */
    size_t cap = 4000 * 40 + 16;
    char *json = GC_MALLOC_ATOMIC(cap);
    size_t len = 0;
    json[len++] = '[';
    for (int i = 0; i < 4000; i++)
        len += (size_t)snprintf(json + len, cap - len, "%s{\"n\":%d,\"ok\":true,\"amt\":0}", i ? "," : "", i);
    json[len++] = ']';
    json[len] = '\0';
    PolProgram *p = build_probe("define a: integer = count x in items where (count y in items where y.n > x.n) > 0\n", "a");
    PolEval *ev = run(p, facts("items", json, NULL));
    cr_assert(!last_ok, "the evaluation ended");
    cr_assert_str_eq(pol_eval_error(ev, POL_LANG_EN).message, "the evaluation took more than 10000000 steps");
    cr_assert_leq(ev->steps, POL_VM_MAX_STEPS + 1);
}

/* Without tracing, a measure's first conditions of the common shapes are
 * decided without entering its chunk, and a definition that only reads a
 * fact (and compares it) is given its value without a frame. Tracing runs
 * every instruction. Both must come to the same results, count the same
 * steps, and stop at the same instruction for any step limit. */
#define FAST \
    "define ent: bool = kind = enterprise\n" \
    "define small: bool = n is one of {1, 2, 3}\n" \
    "define plain: bool = flag\n" \
    "define big: bool = n > 4\n" \
    "measure a\n  article \"1\"\n  title \"a\"\n  when ent\n  when small\n  amount in kind\n" \
    "measure b\n  article \"2\"\n  title \"b\"\n  when plain\n  when big\n  amount fixed rev\n" \
    "measure c\n  article \"3\"\n  title \"c\"\n  when a is granted\n  when flag\n  when kind = enterprise\n" \
    "  when flag = true\n  amount fixed 1 元\n" \
    "measure d\n  article \"4\"\n  title \"d\"\n  when ent\n  when opt_n is present\n  when sub is present\n" \
    "  when sub.flag\n  amount in kind\n" \
    "measure e\n  article \"5\"\n  title \"e\"\n  when sub is present\n  when not sub.flag\n  when ent\n" \
    "  amount fixed rev\n" \
    "measure f\n  article \"6\"\n  title \"f\"\n  when sub.paid is present\n  when small\n  when ent\n  amount in kind\n" \
    "measure g\n  article \"7\"\n  title \"g\"\n  when ent\n  when small\n  when plain\n  amount fixed rev\n"

/* Only a mismatch reaches Criterion: an assertion that passes costs it a
 * message to the runner, and these are made by the hundred thousand. */
#define SAME(cond, ...) do { if (!(cond)) cr_assert_fail(__VA_ARGS__); } while (0)

static void assert_same_evaluation(const PolProgram *p, const PolEval *fast, bool fast_ok, const PolEval *slow,
                                   bool slow_ok, const char *json, long limit)
{
    SAME(fast_ok == slow_ok, "%s, limit %ld: %s without tracing, %s with", json, limit,
         fast_ok ? "done" : "stopped", slow_ok ? "done" : "stopped");
    SAME(fast->steps == slow->steps, "%s, limit %ld: %ld steps without tracing, %ld with", json, limit,
         fast->steps, slow->steps);
    if (!fast_ok) {
        SAME(fast->error.code == slow->error.code, "%s, limit %ld: error %d, %d", json, limit, (int)fast->error.code,
             (int)slow->error.code);
        SAME(fast->error.span == slow->error.span, "%s, limit %ld: at span %d, %d", json, limit, fast->error.span,
             slow->error.span);
        return;
    }
    for (int k = 0; k < p->ndefines; k++) {
        SAME(fast->def_state[k] == slow->def_state[k], "%s: definition %s", json, p->defines[k].name);
        if (fast->def_state[k] == 2 && fast->defs[k].tag == POL_V_BOOL)
            SAME(fast->defs[k].as.b == slow->defs[k].as.b, "%s: definition %s", json, p->defines[k].name);
    }
    for (int m = 0; m < p->nmeasures; m++) {
        const PolMeasureResult *a = &fast->measures[m], *b = &slow->measures[m];
        const char *id = p->measures[m].id;
        SAME(a->outcome == b->outcome && a->failed_cond == b->failed_cond && a->has_amount == b->has_amount &&
                 a->amount == b->amount && a->state == b->state,
             "%s: measure %s: outcome %d, %d; failed condition %d, %d; amount %lld, %lld", json, id, (int)a->outcome,
             (int)b->outcome, a->failed_cond, b->failed_cond, (long long)a->amount, (long long)b->amount);
    }
}

Test(vm, the_untraced_fast_path_decides_as_tracing_does)
{
    PolProgram *p = build_text(HEADER "  applies when kind is one of {enterprise, service_org}\n" SCHEMA FAST);
    static const char *const kinds[] = {"\"enterprise\"", "\"service_org\""}, *const flags[] = {"true", "false"},
                             *const ns[] = {"0", "2", "5"}, *const opts[] = {NULL, "3"},
                             *const subs[] = {NULL, "{\"paid\": \"1.00\", \"flag\": true}", "{\"flag\": false}"};
    /* one pair of evaluators for every applicant, as a batch does */
    PolEval *fast = pol_eval_new(p), *slow = pol_eval_new(p);
    /* the short ways are taken where this test means them to be */
    cr_assert(pol_eval_frameless(fast, -1));
    cr_assert(pol_eval_frameless(fast, define_index(p, "ent")));
    cr_assert(pol_eval_frameless(fast, define_index(p, "small")));
    cr_assert(pol_eval_frameless(fast, define_index(p, "plain")));
    cr_assert(!pol_eval_frameless(fast, define_index(p, "big")));
    static const struct { const char *measure; int before; } shapes[] = {
        {"a", 2}, {"b", 2}, {"c", 4}, {"d", 4}, {"e", 3}, {"f", 3}, {"g", 3},
    };
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++)
        cr_assert_eq(pol_eval_conditions_before(fast, measure_index(p, shapes[i].measure)), shapes[i].before,
                     "measure %s: %d conditions before entering it", shapes[i].measure,
                     pol_eval_conditions_before(fast, measure_index(p, shapes[i].measure)));
    int decided = 0, stops = 0;
    for (int i = 0; i < 2 * 2 * 3 * 2 * 3; i++) {
        const char *kind = kinds[i % 2], *flag = flags[i / 2 % 2], *n = ns[i / 4 % 3], *opt = opts[i / 12 % 2],
                   *sub = subs[i / 24];
        char *json = GC_STRDUP(facts("kind", kind, "flag", flag, "n", n, "rev", "\"7.00\"", NULL));
        json[strlen(json) - 1] = '\0';   /* the optional members after the others */
        json = pol_strdup_printf("%s%s%s%s%s}", json, opt ? ", \"opt_n\": " : "", opt ? opt : "",
                                 sub ? ", \"sub\": " : "", sub ? sub : "");
        PolValue v;
        PolDiag err;
        cr_assert(pol_facts_decode(p->facts, json, strlen(json), NULL, &v, &err, NULL), "%s", err.message);
        fast->max_steps = slow->max_steps = POL_VM_MAX_STEPS;
        bool fast_ok = pol_eval_run(fast, v, DAY, false), slow_ok = pol_eval_run(slow, v, DAY, true);
        assert_same_evaluation(p, fast, fast_ok, slow, slow_ok, json, POL_VM_MAX_STEPS);
        cr_assert(fast_ok, "%s", pol_eval_error(fast, POL_LANG_EN).message);
        decided += fast->measures[measure_index(p, "g")].outcome == POL_MEASURE_GRANTED;
        /* every step limit up to the steps it takes: stopped at the same place */
        long all = fast->steps;
        for (long limit = 0; limit <= all; limit++) {
            fast->max_steps = slow->max_steps = limit;
            fast_ok = pol_eval_run(fast, v, DAY, false);
            slow_ok = pol_eval_run(slow, v, DAY, true);
            assert_same_evaluation(p, fast, fast_ok, slow, slow_ok, json, limit);
            cr_assert_eq(fast_ok, limit == all, "%s: limit %ld of %ld", json, limit, all);
            stops += !fast_ok;
            if (!fast_ok)
                cr_assert_eq(fast->error.code, POL_E0807_too_many_steps);
        }
    }
    cr_assert_gt(decided, 0, "no applicant was granted g");
    cr_assert_gt(stops, 72 * 10, "too few stops: %d", stops);
}

/* `d0 = d1 + 1`, ..., `d(k-1) = n`: the measure and k definitions nest. */
static PolProgram *chain(int k)
{
    char *body = pol_strdup_printf("define d%d: integer = n\n", k - 1);
    for (int i = k - 2; i >= 0; i--)
        body = pol_strdup_printf("%sdefine d%d: integer = d%d + 1\n", body, i, i + 1);
    return build_probe(body, "d0");
}

Test(vm, call_depth_limit)
{
    PolProgram *p = chain(199);
    PolEval *ev = run(p, facts("n", "1", NULL));
    assert_int(p, ev, "d0", 199);
    p = chain(200);
    ev = run(p, facts("n", "1", NULL));
    cr_assert(!last_ok);
    cr_assert_str_eq(pol_eval_error(ev, POL_LANG_EN).message, "definitions call each other more than 200 deep");
    /* the innermost definition, `d199 = n`, is one given its value without
     * a frame when the limit allows: with tracing it stops at the same place */
    int32_t span = ev->error.span;
    long steps = ev->steps;
    PolValue v;
    PolDiag err;
    const char *json = facts("n", "1", NULL);
    cr_assert(pol_facts_decode(p->facts, json, strlen(json), NULL, &v, &err, NULL));
    ev = pol_eval_new(p);
    cr_assert(!pol_eval_run(ev, v, DAY, true));
    cr_assert_eq(ev->error.span, span);
    cr_assert_eq(ev->steps, steps);
}

/* --------------------------------------------------------- dated values */

/* 2025-01-01 .. 2025-06-30: 30%, from 2025-07-01: 35%, from 2026-01-01:
 * repealed; `h` is computed from it. */
#define DATED \
    "parameter r: decimal\n" \
    "  from 2025-01-01: 30% source \"a\"\n" \
    "  from 2025-07-01: 35% source \"b\"\n" \
    "  from 2026-01-01: not in force source \"c\"\n" \
    "parameter h = r * 2\n" \
    "define v: decimal = h\n" \
    "define s: text = source of r\n" \
    "define late: integer\n" \
    "  rule early from 2025-01-01 through 2025-06-30: 1 source \"x\"\n" \
    "  rule later from 2025-07-01: 2 source \"y\"\n" \
    "define ls: text = source of late\n"

Test(vm, a_dated_value_is_chosen_by_the_evaluation_date)
{
    PolProgram *p = build_probe(DATED, "v s late ls");
    PolEval *ev = NULL;
    /* one evaluator, dates going back and forth: a dated parameter is kept
     * for one date only, an undated one for every applicant */
    static const struct { int32_t day; int64_t num, den; const char *src; int64_t late; const char *lsrc; } cases[] = {
        {20240, 3, 5, "a", 1, "x"},   /* 2025-06-01 */
        {20269, 3, 5, "a", 1, "x"},   /* 2025-06-30, the last day of the first step */
        {20270, 7, 10, "b", 2, "y"},  /* 2025-07-01, the first of the second */
        {20240, 3, 5, "a", 1, "x"},   /* back */
        {20270, 7, 10, "b", 2, "y"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ev = run_on(p, ev, facts(NULL), cases[i].day);
        assert_dec(p, ev, "v", cases[i].num, cases[i].den);
        PolValue s = def_value(p, ev, "s");
        cr_assert_str_eq(s.as.text->bytes, cases[i].src);
        assert_int(p, ev, "late", cases[i].late);
        cr_assert_str_eq(def_value(p, ev, "ls").as.text->bytes, cases[i].lsrc);
    }
}

Test(vm, a_repealed_value_is_an_error_naming_it_the_date_and_the_step)
{
    PolProgram *p = build_probe(DATED, "v");
    PolEval *ev = run_on(p, NULL, facts(NULL), 20454);   /* 2026-01-01 */
    assert_error(p, ev, "`r` has no value on 2026-01-01: its step from 2026-01-01 repeals it", L + 3, 3);
    cr_assert_eq(ev->error.code, POL_E0820_value_not_in_force);
    /* the same evaluator goes on with a date that has a value */
    run_on(p, ev, facts(NULL), 20240);
    assert_dec(p, ev, "v", 3, 5);
}

Test(vm, dated_conditions_ceilings_and_measures)
{
    PolProgram *p = build("measure m\n  article \"1\"\n  title \"M\"\n"
                          "  from 2025-07-01 when flag\n"
                          "  amount capped rev\n    at most from 2025-07-01 through 2025-12-31: 5 元\n"
                          "measure later\n  article \"2\"\n  title \"L\"\n  in force from 2026-01-01\n  amount fixed 1 元\n"
                          "measure asks\n  article \"3\"\n  title \"A\"\n  when later is granted\n  amount fixed 2 元\n");
    /* before its days: the condition holds untried, the ceiling counts not */
    PolEval *ev = run_on(p, NULL, facts("rev", "\"100.00\"", NULL), 20240);
    const PolMeasureResult *m = measure(p, ev, "m");
    cr_assert_eq(m->outcome, POL_MEASURE_GRANTED);
    cr_assert_eq(m->amount, 10000);
    cr_assert_eq(measure(p, ev, "later")->outcome, POL_MEASURE_NOT_IN_FORCE);
    cr_assert_eq(measure(p, ev, "asks")->outcome, POL_MEASURE_REFUSED);
    /* within them: the condition is tried, the ceiling bites */
    ev = run_on(p, ev, facts("rev", "\"100.00\"", NULL), 20270);
    cr_assert_eq(measure(p, ev, "m")->outcome, POL_MEASURE_REFUSED);
    ev = run_on(p, ev, facts("rev", "\"100.00\"", "flag", "true", NULL), 20270);
    cr_assert_eq(measure(p, ev, "m")->amount, 500);
    /* after the ceiling's last day, none again; the measure in force from 2026 */
    ev = run_on(p, ev, facts("rev", "\"100.00\"", "flag", "true", NULL), 20454);
    cr_assert_eq(measure(p, ev, "m")->amount, 10000);
    cr_assert_eq(measure(p, ev, "later")->outcome, POL_MEASURE_GRANTED);
    cr_assert_eq(measure(p, ev, "asks")->outcome, POL_MEASURE_GRANTED);
}

Test(vm, tracing_names_the_dated_parameters_read)
{
    PolProgram *p = build_probe(DATED, "v");
    PolEval *ev = pol_eval_new(p);
    PolValue facts_value;
    PolDiag err;
    const char *json = facts(NULL);
    cr_assert(pol_facts_decode(p->facts, json, strlen(json), NULL, &facts_value, &err, NULL));
    cr_assert(pol_eval_run(ev, facts_value, 20240, false));
    /* traced after an untraced run of the same date: r is read through h,
     * though h was kept */
    cr_assert(pol_eval_run(ev, facts_value, 20240, true));
    cr_assert(ev->param_used[0], "r is named as read");
    cr_assert(ev->param_used[1], "h is named as read");
}

/* ------------------------------------ the bundled policies, every step limit */

static PolProgram *load_policy(const char *path)
{
    PolLoadOptions lo = {"stdlib", {NULL, NULL, NULL}};
    PolDeclList decls = pol_load(path, &lo, &pol_test_ds).decls;
    cr_assert_eq(pol_test_ds.errors, 0, "%s:\n%s", path, pol_test_diagnostics());
    PolChecked *c = pol_check(decls, &pol_test_ds);
    cr_assert_not_null(c, "%s:\n%s", path, pol_test_diagnostics());
    PolProgram *p = pol_compile(c, &pol_test_ds);
    cr_assert_not_null(p, "%s:\n%s", path, pol_test_diagnostics());
    return p;
}

/* An evaluation that keeps no parameter from the one before: an
 * evaluator keeps them from one applicant to the next, and tracing computes
 * the dated ones again, which would count other steps. */
static bool run_cold(PolEval *ev, PolValue facts_value, int32_t date, bool tracing)
{
    memset(ev->param_state, 0, (size_t)ev->prog->nparams);
    return pol_eval_run(ev, facts_value, date, tracing);
}

/* Facts v decided on date without tracing and with it, fully and under
 * each step limit below the steps that takes (the first 32, then about
 * 400 spread over the rest, from a start chosen by `seed`): both stop at
 * the same instruction with E0807, or end alike. */
static void stops_alike(const PolProgram *p, PolEval *fast, PolEval *slow, PolValue v, int32_t date, const char *name,
                        size_t seed)
{
    fast->max_steps = slow->max_steps = POL_VM_MAX_STEPS;
    bool fast_ok = run_cold(fast, v, date, false), slow_ok = run_cold(slow, v, date, true);
    assert_same_evaluation(p, fast, fast_ok, slow, slow_ok, name, POL_VM_MAX_STEPS);
    long all = fast->steps, stride = all / 400 + 1;
    for (long limit = 0; limit < all; limit += limit < 32 ? 1 : stride) {
        if (limit == 32)
            limit += (long)seed % stride;
        fast->max_steps = slow->max_steps = limit;
        fast_ok = run_cold(fast, v, date, false);
        slow_ok = run_cold(slow, v, date, true);
        assert_same_evaluation(p, fast, fast_ok, slow, slow_ok, name, limit);
        SAME(!fast_ok && fast->error.code == POL_E0807_too_many_steps,
             "%s: not stopped by the limit of %ld of its %ld steps", name, limit, all);
    }
}

/* The facts of every `every`-th case file matching pattern, decided as
 * stops_alike does. Cases whose facts are refused are left out; returns
 * how many were decided. */
static int every_step_limit(const char *policy, const char *pattern, size_t every)
{
    PolProgram *p = load_policy(policy);
    PolEval *fast = pol_eval_new(p), *slow = pol_eval_new(p);
    glob_t g;
    cr_assert_eq(glob(pattern, 0, NULL, &g), 0, "no case matches %s", pattern);
    int decided = 0;
    for (size_t c = 0; c < g.gl_pathc; c += every) {
        const char *json;
        size_t len;
        int32_t date;
        bool have_date;
        cr_assert(pol_case_facts(g.gl_pathv[c], &json, &len, &date, &have_date, &pol_test_ds), "%s", g.gl_pathv[c]);
        PolValue v;
        PolDiag err;
        if (!pol_facts_decode(p->facts, json, len, NULL, &v, &err, NULL))
            continue;
        if (!have_date) {
            if (p->date_member < 0 || v.as.record->members[p->date_member].tag != POL_V_DATE)
                continue;
            date = v.as.record->members[p->date_member].as.date;
        }
        stops_alike(p, fast, slow, v, date, g.gl_pathv[c], c);
        decided++;
    }
    globfree(&g);
    return decided;
}

Test(vm, the_bundled_policies_stop_alike_at_every_step_limit)
{
    static const struct { const char *policy, *cases; size_t every; } all[] = {
        {"tests/example/example.pol", "tests/example/cases/*.case", 1},
        {"tests/regress/regress.pol", "tests/regress/cases/*.case", 1},
        {"tests/relief/relief.pol", "tests/relief/cases/*.case", 1},
        {"tests/items/skills.pol", "tests/items/cases/*.case", 1},
        {"tests/amendment/changsha-srdi-2025.pol", "tests/amendment/cases/*.case", 1},
        {"tests/amendment/refund.pol", "tests/amendment/refund-cases/*.case", 1},
        {"policies/changsha-srdi-2025.pol", "tests/cases/changsha-srdi-2025/*.case", 1},
        {"policies/ui-job-stability.pol", "tests/cases/ui-job-stability/*.case", 1},
    };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        int n = every_step_limit(all[i].policy, all[i].cases, all[i].every);
        cr_assert_gt(n, 0, "%s: no case decided", all[i].policy);
    }
}

/* ------------------------------------- each operation, each kind of operand */

/* Every arithmetic instruction on the edge of its range: an error at the
 * operation, never a wrapped number. `which` chooses the operation. */
#define EDGES \
    "policy \"t\"\n" \
    "  title \"T\"\n" \
    "  in force from 2025-01-01 for 3 years\n" \
    "facts {\n" \
    "  id: text\n" \
    "  which: integer\n" \
    "  rev: money\n" \
    "  rate: decimal\n" \
    "  start: date\n" \
    "}\n" \
    "define big: decimal = rate * 9000000000000000000\n" \
    "define bigm: money = rev * 90000000000000000\n" \
    "define bigu: unrounded money = rev * rate * 9000000000000000\n" \
    "define r: decimal =\n" \
    "  if which = 1 then big + big\n" \
    "  else if which = 2 then -big - big\n" \
    "  else if which = 3 then big * big\n" \
    "  else if which = 4 then -(-big - 223372036854775808)\n" \
    "  else 0\n" \
    "define m: money =\n" \
    "  if which = 5 then -bigm - bigm\n" \
    "  else if which = 6 then -(-bigm - 2233720368547758.08 元)\n" \
    "  else 0 元\n" \
    "define u: unrounded money =\n" \
    "  if which = 7 then bigu * 1000000000000000000 * 1000000000000000000\n" \
    "  else 0 元\n" \
    "define d: date = if which = 8 then start + 3000000 days else start - 1 day\n" \
    "measure mm\n" \
    "  article \"1\"\n" \
    "  when r = r\n" \
    "  when m = m\n" \
    "  when u = u\n" \
    "  when d = d\n" \
    "  amount in kind\n"

Test(vm, every_operation_at_the_edge_of_its_range)
{
    PolProgram *p = build_text(EDGES);
    static const struct { const char *msg; int line, col; } at[] = {
        {"the result is too large to be exact", 15, 21},   /* big + big */
        {"the result is too large to be exact", 16, 26},   /* -big - big */
        {"the result is too large to be exact", 17, 26},   /* big * big */
        {"the result is too large to be exact", 18, 26},   /* -(-2^63) */
        {"the result is too large to be exact", 21, 21},   /* -bigm - bigm */
        {"the result is too large to be exact", 22, 26},   /* -(-2^63 fen) */
        {"the result is too large to be exact", 25, 21},   /* unrounded money */
        {"the date leaves the calendar (years 1 to 9999)", 27, 36},
    };
    PolEval *ev = NULL;
    for (int which = 1; which <= 8; which++) {
        char *json = pol_strdup_printf("{\"id\": \"E\", \"which\": %d, \"rev\": \"1.00\", \"rate\": \"1\", "
                                       "\"start\": \"2025-01-01\"}", which);
        ev = run_on(p, ev, json, DAY);
        assert_error(p, ev, at[which - 1].msg, at[which - 1].line, at[which - 1].col);
    }
    /* none of them: the same evaluator goes on */
    ev = run_on(p, ev, "{\"id\": \"E\", \"which\": 0, \"rev\": \"1.00\", \"rate\": \"1\", \"start\": \"2025-01-01\"}", DAY);
    assert_dec(p, ev, "r", 0, 1);
    assert_fen(p, ev, "m", 0);
    assert_date(p, ev, "d", 20088);   /* 2024-12-31 */
}

/* Each operation with each kind of operand, comparisons of each type,
 * scales of both forms and of numbers, dates and durations, a measure
 * asked for before its turn, a per-item measure of more than eight items,
 * shortcuts of every shape (an optional enum, `= true`, `is one of
 * {true}`): exact values, then every step limit with and without tracing. */
#define SHAPES \
    "policy \"t\"\n" \
    "  title \"T\"\n" \
    "  in force from 2025-01-01 for 3 years\n" \
    "enum Kind { enterprise, service_org }\n" \
    "record Item {\n" \
    "  n: integer\n" \
    "  ok: bool\n" \
    "  amt: money\n" \
    "}\n" \
    "facts {\n" \
    "  id: text\n" \
    "  n: integer\n" \
    "  flag: bool\n" \
    "  rev: money\n" \
    "  rate: decimal\n" \
    "  start: date\n" \
    "  kind: Kind\n" \
    "  kind2: optional Kind\n" \
    "  opt_n: optional integer\n" \
    "  opt_m: optional money\n" \
    "  items: list of Item\n" \
    "}\n" \
    "scale quick\n" \
    "  up to 100 元: 10%, deduction 0 元\n" \
    "  above: 20%, deduction 10 元\n" \
    "scale marginal\n" \
    "  up to 100 元: 10%\n" \
    "  up to 1000 元: 20%\n" \
    "  above: 30%\n" \
    "scale pts\n" \
    "  up to 10: 1\n" \
    "  above: 50%\n" \
    "parameter base: money = 1000 元\n" \
    "define ent: bool = kind = enterprise\n" \
    "define some: bool = kind2 is one of {enterprise}\n" \
    "define same: bool = kind2 = service_org\n" \
    "define yes: bool = flag = true\n" \
    "define yn: bool = flag is one of {true}\n" \
    "define ints: integer = -(n * 3 - 2) + n\n" \
    "define decs: decimal = -(rate * 2 - rate) + rate / 4\n" \
    "define moneys: money = -(rev - 1 元) + rev * 2\n" \
    "define umoneys: unrounded money = -(rev * rate - rev / 3) + rev * 0.5\n" \
    "define quick_tax: unrounded money = quick(rev)\n" \
    "define marg_tax: unrounded money = marginal(rev)\n" \
    "define points: decimal = pts(rate)\n" \
    "define later_day: date = start + 1 month rounded down + 10 days\n" \
    "define earlier_day: date = start - 2 months rounded up\n" \
    "define span_days: integer = later_day - start\n" \
    "define ymd: integer = year(start) * 10000 + month(start) * 100 + day(start)\n" \
    "define inside: bool = start within period in force\n" \
    "define lo: money = min(rev, 5 元, base)\n" \
    "define hi: date = max(start, 2025-03-01)\n" \
    "define cmp: bool = rate < 1 and rate <= 1 and rev > 0 元 and rev >= 0 元 and n != 3 or not flag\n" \
    "define ratio: decimal = rev / base\n" \
    "define uratio: decimal = umoneys / quick_tax\n" \
    "define d1: bool = 1 month + 2 days = 2 days + 1 month\n" \
    "define d2: bool = 3 months - 1 month = 2 months + 1 day\n" \
    "define m1: money = (0.5 * (rev * rate)) rounded half up to fen\n" \
    "define mixed2: decimal = max(n, rate, 0.5)\n" \
    "define m3: money = min(rev, umoneys) rounded down to fen\n" \
    "define m4: money = (umoneys + rev) rounded down to fen\n" \
    "define m5: money = (rev - umoneys) rounded down to fen\n" \
    "define od: integer = opt_n otherwise 7\n" \
    "define ou: money = (opt_m otherwise umoneys) rounded half even to fen\n" \
    "measure asks\n" \
    "  article \"1\"\n" \
    "  title \"asks\"\n" \
    "  when later is granted\n" \
    "  amount fixed base\n" \
    "measure later\n" \
    "  article \"2\"\n" \
    "  title \"later\"\n" \
    "  when ent\n" \
    "  when yes\n" \
    "  when ints > -100\n" \
    "  amount computed umoneys rounded half even to fen\n" \
    "measure per_item\n" \
    "  article \"3\"\n" \
    "  title \"per item\"\n" \
    "  for each x in items ordered by x.n\n" \
    "  subject n: x.n\n" \
    "  when x.ok\n" \
    "  amount capped x.amt at most 10 元\n" \
    "measure zz_probe\n  article \"p\"\n" \
    "  when ent = ent\n" \
    "  when some = some\n" \
    "  when same = same\n" \
    "  when yes = yes\n" \
    "  when yn = yn\n" \
    "  when ints = ints\n" \
    "  when decs = decs\n" \
    "  when moneys = moneys\n" \
    "  when umoneys = umoneys\n" \
    "  when quick_tax = quick_tax\n" \
    "  when marg_tax = marg_tax\n" \
    "  when points = points\n" \
    "  when later_day = later_day\n" \
    "  when earlier_day = earlier_day\n" \
    "  when span_days = span_days\n" \
    "  when ymd = ymd\n" \
    "  when inside = inside\n" \
    "  when lo = lo\n" \
    "  when hi = hi\n" \
    "  when cmp = cmp\n" \
    "  when ratio = ratio\n" \
    "  when uratio = uratio\n" \
    "  when d1 = d1\n" \
    "  when d2 = d2\n" \
    "  when m1 = m1\n" \
    "  when mixed2 = mixed2\n" \
    "  when m3 = m3\n" \
    "  when m4 = m4\n" \
    "  when m5 = m5\n" \
    "  when od = od\n" \
    "  when ou = ou\n" \
    "  amount in kind\n"

Test(vm, each_operation_and_operand_kind)
{
    PolProgram *p = build_text(SHAPES);
    const char *f1 = "{\"id\": \"S-1\", \"n\": 4, \"flag\": true, \"rev\": \"123.45\", \"rate\": \"0.35\", "
                     "\"start\": \"2025-01-31\", \"kind\": \"enterprise\", \"items\": [{\"n\": 3, \"ok\": true, "
                     "\"amt\": \"12.00\"}, {\"n\": 1, \"ok\": false, \"amt\": \"1.00\"}, {\"n\": 2, \"ok\": true, "
                     "\"amt\": \"4.50\"}]}";
    PolEval *ev = run(p, f1);
    assert_int(p, ev, "ints", -6);
    assert_dec(p, ev, "decs", -21, 80);
    assert_fen(p, ev, "moneys", 12445);
    assert_fen(p, ev, "lo", 500);
    assert_dec(p, ev, "points", 7, 20);
    assert_date(p, ev, "later_day", 20157);     /* 2025-01-31 + 1 month rounded down + 10 days: 2025-03-10 */
    assert_date(p, ev, "earlier_day", 20058);   /* 2025-01-31 - 2 months rounded up: 2024-12-01 */
    assert_int(p, ev, "span_days", 38);
    assert_int(p, ev, "ymd", 20250131);
    assert_bool(p, ev, "inside", true);
    assert_date(p, ev, "hi", 20148);            /* 2025-03-01 */
    assert_bool(p, ev, "cmp", true);
    assert_dec(p, ev, "ratio", 2469, 20000);
    assert_bool(p, ev, "d1", true);
    assert_bool(p, ev, "d2", false);
    assert_bool(p, ev, "some", false);          /* kind2 absent */
    assert_bool(p, ev, "same", false);
    assert_bool(p, ev, "yes", true);
    assert_bool(p, ev, "yn", true);
    assert_fen(p, ev, "m1", 2160);              /* 21.60375 */
    assert_dec(p, ev, "mixed2", 4, 1);
    assert_fen(p, ev, "m3", 5966);              /* 59.6675 down */
    assert_fen(p, ev, "m4", 18311);             /* 183.1175 down */
    assert_fen(p, ev, "m5", 6378);              /* 63.7825 down */
    assert_int(p, ev, "od", 7);
    assert_fen(p, ev, "ou", 5967);
    cr_assert_eq(measure(p, ev, "later")->amount, 5967);   /* 59.6675 half even */
    cr_assert_eq(measure(p, ev, "asks")->outcome, POL_MEASURE_GRANTED);
    const PolMeasureResult *pi = measure(p, ev, "per_item");
    cr_assert_eq(pi->items->count, 3);
    cr_assert_eq(pi->items->granted->count, 2);
    /* the items in the order of x.n: 1 (refused), 2, 3 (capped at 10 yuan) */
    cr_assert_eq(pi->items->item[0].index, 1);
    cr_assert_eq(pi->items->item[0].outcome, POL_MEASURE_REFUSED);
    cr_assert_eq(pi->items->item[1].amount, 450);
    cr_assert_eq(pi->items->item[2].amount, 1000);
    cr_assert_eq(pi->items->item[2].cap_bit, 0);

    /* another applicant: `later` refused, so `asks` too; ten items granted */
    char *items = pol_strdup_printf("[");
    for (int i = 0; i < 10; i++)
        items = pol_strdup_printf("%s%s{\"n\": %d, \"ok\": true, \"amt\": \"%d.00\"}", items, i ? ", " : "", 10 - i, i);
    const char *f2 = pol_strdup_printf("{\"id\": \"S-2\", \"n\": 3, \"flag\": false, \"rev\": \"50.00\", \"rate\": \"12.5\", "
                                       "\"start\": \"2025-12-31\", \"kind\": \"service_org\", \"kind2\": \"enterprise\", "
                                       "\"opt_n\": 3, \"opt_m\": \"0.01\", "
                                       "\"items\": %s]}", items);
    ev = run(p, f2);
    assert_bool(p, ev, "some", true);
    assert_bool(p, ev, "same", false);
    assert_int(p, ev, "od", 3);
    assert_fen(p, ev, "ou", 1);
    assert_bool(p, ev, "cmp", true);            /* n = 3, but not flag */
    assert_dec(p, ev, "points", 45, 4);         /* 10 × 1 + (12.5 − 10) × 50% */
    assert_date(p, ev, "earlier_day", 20392);   /* 2025-12-31 - 2 months rounded up: 2025-10-31 */
    cr_assert_eq(measure(p, ev, "later")->outcome, POL_MEASURE_REFUSED);
    cr_assert_eq(measure(p, ev, "asks")->outcome, POL_MEASURE_REFUSED);
    pi = measure(p, ev, "per_item");
    cr_assert_eq(pi->items->granted->count, 9, "the item of 0 yuan is not granted");
    cr_assert_eq(pi->items->item[0].index, 9);   /* n = 1 first, 9 yuan */
    cr_assert_eq(pi->items->item[0].amount, 900);
    cr_assert_eq(pi->items->item[9].index, 0);   /* n = 10 last, 0 yuan */
    cr_assert_eq(pi->items->item[9].outcome, POL_MEASURE_ZERO);

    const char *f3 = "{\"id\": \"S-3\", \"n\": 5, \"flag\": true, \"rev\": \"5000.00\", \"rate\": \"3\", "
                     "\"start\": \"2024-02-29\", \"kind\": \"enterprise\", \"kind2\": \"service_org\", \"items\": []}";
    ev = run(p, f3);
    assert_bool(p, ev, "same", true);
    assert_bool(p, ev, "inside", false);
    assert_date(p, ev, "later_day", 19821);     /* 2024-02-29 + 1 month + 10 days: 2024-04-08 */
    cr_assert_eq(measure(p, ev, "per_item")->outcome, POL_MEASURE_REFUSED);

    /* and every step limit, each applicant on three dates: in force, before, after */
    PolEval *fast = pol_eval_new(p), *slow = pol_eval_new(p);
    const char *all[] = {f1, f2, f3};
    static const int32_t dates[] = {DAY, 20000, 21200};
    for (size_t i = 0; i < 3; i++)
        for (size_t d = 0; d < 3; d++) {
            PolValue v;
            PolDiag err;
            cr_assert(pol_facts_decode(p->facts, all[i], strlen(all[i]), NULL, &v, &err, NULL), "%s", err.message);
            stops_alike(p, fast, slow, v, dates[d], all[i], i * 3 + d);
        }
}

/* `applies when` cannot ask whether a measure is granted (the checker
 * refuses it, E0521); a program whose `applies when` does anyway, as a
 * forged .polc could, stops with an internal error, not a loop. */
Test(vm, a_measure_asked_for_by_applies_when_is_an_internal_error)
{
    PolProgram *p = build_text(HEADER "  applies when flag\n" SCHEMA
                               "measure m\n  article \"1\"\n  title \"M\"\n  amount in kind\n");
    uint8_t *code = p->chunks[p->applies_chunk].code;
    cr_assert_eq(code[0], POL_I_FACT);
    code[0] = POL_I_GRANTED;   /* FACT flag becomes GRANTED m: the same size */
    code[1] = code[2] = 0;
    for (int tracing = 0; tracing < 2; tracing++) {
        PolEval *ev = pol_eval_new(p);
        PolValue v;
        PolDiag err;
        const char *json = facts("flag", "true", NULL);
        cr_assert(pol_facts_decode(p->facts, json, strlen(json), NULL, &v, &err, NULL));
        cr_assert(!pol_eval_run(ev, v, DAY, tracing));
        PolDiag d = pol_eval_error(ev, POL_LANG_EN);
        cr_assert_eq(d.code, POL_NO_CODE);
        cr_assert_str_eq(d.message, "measure `m` depends on itself");
        cr_assert_str_eq(pol_eval_error(ev, POL_LANG_ZH).message, "措施 `m` 依赖于它自身");
    }
}
