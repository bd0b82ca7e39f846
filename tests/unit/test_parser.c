/*
 * test_parser.c — the bison grammar through pol_parse_source: the exact
 * shape of expression trees (printed as s-expressions, so precedence and
 * associativity are visible in one string), every declaration kind with its
 * clauses, and syntax errors: each counted once in pol_diags, with parsing
 * resumed at the next declaration.
 */
#include <criterion/criterion.h>
#define GC_THREADS
#include <gc.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "parse.h"
#include "source.h"
#include "stack.h"
#include "support.h"

/* ------------------------------------------------------------ harness */


/* Everything printed to stderr since the test started. */

/* Whether a diagnostic was reported at `where` ("t.pol:LINE:COL"), whatever
 * the format puts around it. */

TestSuite(parser, .init = pol_test_capture_diagnostics);

static PolDeclList parse(const char *text)
{
    PolSource *src = pol_source_from_text("t.pol", text, strlen(text));
    return pol_parse_source(src, NULL, &pol_test_ds);
}

/* ---- s-expressions ---- */

typedef struct Out { char buf[4096]; size_t len; } Out;

static void put(Out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(Out *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(o->buf + o->len, sizeof o->buf - o->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        o->len += (size_t)n;
    if (o->len >= sizeof o->buf)
        o->len = sizeof o->buf - 1;
}

static const char *op_name(PolOp op)
{
    static const char *names[] = {"+", "-", "*", "/", "of", "=", "!=", "<", "<=", ">", ">=", "and", "or", "not", "neg"};
    return names[op];
}

static const char *round_name(PolRound r)
{
    static const char *names[] = {"down", "up", "half-up", "half-even"};
    return names[r];
}

static void sx(Out *o, const PolExpr *e)
{
    if (!e) {
        put(o, "-");
        return;
    }
    switch (e->kind) {
    case POL_E_BOOL: put(o, "%s", e->type ? "<error>" : e->lit.b ? "true" : "false"); break;
    case POL_E_INT: put(o, "%lld", (long long)e->lit.i); break;
    case POL_E_DEC: put(o, "%lld/%lld", (long long)e->lit.dec.num, (long long)e->lit.dec.den); break;
    case POL_E_MONEY: put(o, "%lldfen", (long long)e->lit.fen); break;
    case POL_E_DATE: put(o, "day%d", e->lit.date); break;
    case POL_E_DUR: put(o, "%dm%dd", e->lit.dur.months, e->lit.dur.days); break;
    case POL_E_TEXT: put(o, "\"%s\"", e->lit.text); break;
    case POL_E_NAME: put(o, "%s", e->name); break;
    case POL_E_EARLIER: put(o, "earlier-grants"); break;
    case POL_E_MEMBER: put(o, "(. "); sx(o, e->left); put(o, " %s)", e->name); break;
    case POL_E_CALL:
        put(o, "(%s", e->name);
        for (int i = 0; i < e->args.count; i++) {
            put(o, " ");
            sx(o, e->args.items[i]);
        }
        put(o, ")");
        break;
    case POL_E_UNARY: put(o, "(%s ", op_name(e->op)); sx(o, e->left); put(o, ")"); break;
    case POL_E_BINARY:
        put(o, "(%s ", op_name(e->op));
        sx(o, e->left);
        put(o, " ");
        sx(o, e->right);
        put(o, ")");
        break;
    case POL_E_IF:
        put(o, "(if ");
        sx(o, e->cond);
        put(o, " ");
        sx(o, e->left);
        put(o, " ");
        sx(o, e->right);
        put(o, ")");
        break;
    case POL_E_IN:
        put(o, e->negated ? "(not-in " : "(in ");
        sx(o, e->left);
        for (int i = 0; i < e->args.count; i++) {
            put(o, " ");
            sx(o, e->args.items[i]);
        }
        put(o, ")");
        break;
    case POL_E_OTHERWISE: put(o, "(otherwise "); sx(o, e->left); put(o, " "); sx(o, e->right); put(o, ")"); break;
    case POL_E_PRESENT: put(o, "(%s ", e->negated ? "absent" : "present"); sx(o, e->left); put(o, ")"); break;
    case POL_E_GRANTED: put(o, "(granted "); sx(o, e->left); put(o, ")"); break;
    case POL_E_QUANT: {
        static const char *q[] = {"any", "all", "count", "sum"};
        put(o, "(%s ", q[e->quant]);
        if (e->quant == POL_Q_SUM) {
            sx(o, e->value);
            put(o, " ");
        }
        put(o, "%s ", e->name);
        sx(o, e->left);
        put(o, " ");
        sx(o, e->cond);
        put(o, ")");
        break;
    }
    case POL_E_ROUND:
        put(o, "(round-%s-%s ", round_name(e->round_mode),
            e->round_unit == POL_UNIT_FEN ? "fen" : e->round_unit == POL_UNIT_YUAN ? "yuan" : "date");
        sx(o, e->left);
        put(o, ")");
        break;
    case POL_E_EVAL_DATE: put(o, "evaluation-date"); break;
    case POL_E_POLICY_START: put(o, "policy-start"); break;
    case POL_E_POLICY_END: put(o, "policy-end"); break;
    case POL_E_WITHIN: put(o, "(within "); sx(o, e->left); put(o, ")"); break;
    case POL_E_SOURCE_OF: put(o, "(source-of %s)", e->name); break;
    }
}

static const char *sexpr(const PolExpr *e)
{
    Out *o = GC_MALLOC_ATOMIC(sizeof *o);
    o->len = 0;
    o->buf[0] = '\0';
    sx(o, e);
    return GC_STRDUP(o->buf);
}

/* The tree of `parameter p = <text>`; no diagnostics allowed. */
static const char *expr_of(const char *text)
{
    pol_test_reset_diagnostics();
    PolDeclList l = parse(pol_strdup_printf("parameter p = %s\n", text));
    cr_assert_eq(pol_test_ds.errors, 0, "`%s`: unexpected errors:\n%s", text, pol_test_diagnostics());
    cr_assert_eq(l.count, 1, "`%s`: %d declarations", text, l.count);
    cr_assert_eq(l.items[0]->kind, POL_D_PARAM);
    return sexpr(l.items[0]->value);
}

#define assert_tree(text, want) do { \
        const char *got_ = expr_of(text); \
        cr_assert_str_eq(got_, want, "`%s` parsed as %s, expected %s", text, got_, want); \
    } while (0)

/* Exactly `errors` diagnostics for `parameter p = <text>`, one containing msg. */
static void expr_error(const char *text, const char *msg)
{
    pol_test_reset_diagnostics();
    parse(pol_strdup_printf("parameter p = %s\n", text));
    cr_assert_eq(pol_test_ds.errors, 1, "`%s`: %d errors, expected 1:\n%s", text, pol_test_ds.errors, pol_test_diagnostics());
    cr_assert(strstr(pol_test_diagnostics(), msg), "`%s`: expected `%s` in:\n%s", text, msg, pol_test_diagnostics());
}

/* ------------------------------------------------------- precedence */

Test(parser, multiplication_binds_tighter_than_addition)
{
    assert_tree("a + b × c", "(+ a (* b c))");
    assert_tree("a * b + c", "(+ (* a b) c)");
    assert_tree("a ÷ b - c / d", "(- (/ a b) (/ c d))");
    assert_tree("(a + b) * c", "(* (+ a b) c)");
}

Test(parser, arithmetic_is_left_associative)
{
    assert_tree("a - b - c", "(- (- a b) c)");
    assert_tree("a / b / c", "(/ (/ a b) c)");
    assert_tree("a - (b - c)", "(- a (- b c))");
}

Test(parser, unary_minus)
{
    assert_tree("-a * b", "(* (neg a) b)");
    assert_tree("a - -b", "(- a (neg b))");
    assert_tree("--1", "(neg (neg 1))");
}

Test(parser, least_integer)
{
    assert_tree("-9223372036854775808", "-9223372036854775808");
    assert_tree("-(9223372036854775808)", "-9223372036854775808");
    assert_tree("--9223372036854775808", "(neg -9223372036854775808)");
    assert_tree("-009223372036854775808", "-9223372036854775808");
    expr_error("9223372036854775808", "the number `9223372036854775808` is too large");
    expr_error("1 - 9223372036854775808", "the number `9223372036854775808` is too large");
    expr_error("-9223372036854775809", "the number `9223372036854775809` is too large");
}

Test(parser, not_binds_tighter_than_and_but_looser_than_comparison)
{
    assert_tree("not a and b", "(and (not a) b)");
    assert_tree("not a = b", "(not (= a b))");
    assert_tree("not not a", "(not (not a))");
}

Test(parser, and_binds_tighter_than_or)
{
    assert_tree("a or b and c", "(or a (and b c))");
    assert_tree("a and b or c", "(or (and a b) c)");
    assert_tree("a and b and c", "(and (and a b) c)");
}

Test(parser, comparisons_bind_looser_than_arithmetic)
{
    assert_tree("a + 1 > b * 2", "(> (+ a 1) (* b 2))");
    assert_tree("a = b and c ≠ d", "(and (= a b) (!= c d))");
    assert_tree("a <= b or a ≥ c", "(or (<= a b) (>= a c))");
    assert_tree("a < b", "(< a b)");
    assert_tree("a ≤ b", "(<= a b)");
    assert_tree("a != b", "(!= a b)");
}

Test(parser, comparisons_do_not_chain)
{
    expr_error("a < b < c", "`<` is not expected here");
    cr_assert(pol_test_diag_at("t.pol:1:21"), "%s", pol_test_diagnostics());
}

Test(parser, otherwise_binds_tightest)
{
    assert_tree("x otherwise y + 1", "(+ (otherwise x y) 1)");
    assert_tree("1 + x otherwise y", "(+ 1 (otherwise x y))");
    assert_tree("x otherwise y * 2", "(* (otherwise x y) 2)");
    assert_tree("-x otherwise 1", "(neg (otherwise x 1))");
    assert_tree("a.b otherwise 0 >= 1", "(>= (otherwise (. a b) 0) 1)");
    assert_tree("x otherwise y otherwise z", "(otherwise (otherwise x y) z)");
}

Test(parser, rate_of_money_rounded)
{
    assert_tree("30% of m rounded down to fen", "(round-down-fen (of 3/10 m))");
    assert_tree("30% of m rounded half even to yuan", "(round-half-even-yuan (of 3/10 m))");
    assert_tree("m * 2 + n rounded half up to fen", "(round-half-up-fen (+ (* m 2) n))");
    assert_tree("d + 1 month rounded up", "(round-up-date (+ d 1m0d))");
    assert_tree("d - 1 year rounded down", "(round-down-date (- d 12m0d))");
    assert_tree("a of b of c", "(of (of a b) c)");
    assert_tree("12.5% of m * 2", "(* (of 1/8 m) 2)");
}

Test(parser, rounded_binds_looser_than_arithmetic_but_tighter_than_comparison)
{
    assert_tree("a rounded up to fen > b", "(> (round-up-fen a) b)");
    assert_tree("x = m rounded down to yuan", "(= x (round-down-yuan m))");
}

Test(parser, unknown_rounding_mode)
{
    expr_error("m rounded sideways to fen", "unknown rounding mode `sideways`");
}

Test(parser, unknown_rounding_mode_of_two_words)
{
    expr_error("m rounded half odd to fen", "unknown rounding mode `half odd`");
}

Test(parser, unknown_rounding_unit)
{
    expr_error("m rounded down to cents", "unknown rounding unit `cents`");
}

Test(parser, if_then_else)
{
    assert_tree("if a then 1 else 2", "(if a 1 2)");
    assert_tree("if a then 1 else 2 + 3", "(if a 1 (+ 2 3))");
    assert_tree("1 + if a then 1 else 2", "(+ 1 (if a 1 2))");
    assert_tree("if a and b then x else if c then y else z", "(if (and a b) x (if c y z))");
    assert_tree("if a then if b then 1 else 2 else 3", "(if a (if b 1 2) 3)");
}

Test(parser, quantifiers)
{
    assert_tree("any s in xs where s.ok", "(any s xs (. s ok))");
    assert_tree("all s in xs where s.n > 1 and s.ok", "(all s xs (and (> (. s n) 1) (. s ok)))");
    assert_tree("count s in xs", "(count s xs -)");
    assert_tree("count s in xs where s.ok", "(count s xs (. s ok))");
    assert_tree("count s in xs > 3", "(> (count s xs -) 3)");
    assert_tree("sum s.amount for s in a.items", "(sum (. s amount) s (. a items) -)");
    assert_tree("sum s.n * 2 for s in xs where s.ok or s.bad", "(sum (* (. s n) 2) s xs (or (. s ok) (. s bad)))");
    assert_tree("(any s in xs where s.ok) and b", "(and (any s xs (. s ok)) b)");
    assert_tree("any s in xs where (all t in s.ys where t.ok)", "(any s xs (all t (. s ys) (. t ok)))");
}

Test(parser, quantifier_needs_where)
{
    expr_error("any s in xs", "expected keyword `where`");
}

Test(parser, is_one_of)
{
    assert_tree("x is one of {a, b, c}", "(in x a b c)");
    assert_tree("x is one of {a, b,}", "(in x a b)");
    assert_tree("x.y is one of {1}", "(in (. x y) 1)");
    assert_tree("x is one of {a} and y", "(and (in x a) y)");
}

Test(parser, is_two_of_is_an_error)
{
    expr_error("x is two of {a}", "expected `one` in `is one of {...}`, found `two`");
}

Test(parser, is_not_one_of)
{
    assert_tree("x is not one of {a, b}", "(not-in x a b)");
    assert_tree("x is not one of {a,}", "(not-in x a)");
    assert_tree("not x is not one of {a} or y", "(or (not (not-in x a)) y)");
    expr_error("x is not none of {a}", "expected `one` in `is not one of {...}`, found `none`");
}

Test(parser, if_without_else_points_at_the_if)
{
    expr_error("if a then b", "this `if` has no `else`");
    cr_assert(pol_test_diag_at("t.pol:1:15"), "not at the `if`:\n%s", pol_test_diagnostics());
    cr_assert(strstr(pol_test_diagnostics(), "`else` and its value were expected here"), "%s", pol_test_diagnostics());
}

Test(parser, rounded_to_fen_without_a_mode)
{
    expr_error("x rounded to fen", "`rounded to fen` does not say how to round");
    cr_assert(strstr(pol_test_diagnostics(), "`rounded half up to fen`"), "%s", pol_test_diagnostics());
}

Test(parser, is_present_absent_granted)
{
    assert_tree("x is present", "(present x)");
    assert_tree("x.y is absent", "(absent (. x y))");
    assert_tree("m is granted", "(granted m)");
    assert_tree("x is present and x > 1", "(and (present x) (> x 1))");
    assert_tree("not x is absent", "(not (absent x))");
}

Test(parser, is_unknown_word)
{
    expr_error("x is big", "`is big` is not a test the language knows");
}

Test(parser, member_chains_and_calls)
{
    assert_tree("a.b.c", "(. (. a b) c)");
    assert_tree("f(x).y", "(. (f x) y)");
    assert_tree("f()", "(f)");
    assert_tree("min(a, b + 1, 3)", "(min a (+ b 1) 3)");
    assert_tree("year(evaluation date)", "(year evaluation-date)");
    assert_tree("a.count", "(. a count)");
    assert_tree("E.x = a.b", "(= (. E x) (. a b))");
}

Test(parser, literals)
{
    assert_tree("true", "true");
    assert_tree("false", "false");
    assert_tree("\"专精特新\"", "\"专精特新\"");
    assert_tree("2025-03-01", "day20148");
    assert_tree("50 万元", "50000000fen");
    assert_tree("10 days", "0m10d");
    assert_tree("1.5", "3/2");
}

Test(parser, evaluation_date_and_policy_period)
{
    assert_tree("evaluation date", "evaluation-date");
    assert_tree("policy start", "policy-start");
    assert_tree("policy end", "policy-end");
    assert_tree("d within period in force", "(within d)");
    assert_tree("d + 1 day within period in force", "(within (+ d 0m1d))");
}

Test(parser, policy_middle_is_an_error)
{
    expr_error("policy middle", "expected `start` or `end` after `policy` in an expression, found `middle`");
}

Test(parser, within_needs_period)
{
    expr_error("d within time in force", "expected `period` in `within period in force`, found `time`");
}

Test(parser, a_malformed_literal_is_one_error_and_parsing_goes_on)
{
    pol_test_reset_diagnostics();
    PolDeclList l = parse("parameter p = 0.005 元 + 1\nparameter q = 2025-02-30\nparameter r = 3\n");
    cr_assert_eq(pol_test_ds.errors, 2, "%s", pol_test_diagnostics());
    cr_assert_eq(l.count, 3);
    /* the literal keeps its kind, with a zero value */
    cr_assert_str_eq(sexpr(l.items[0]->value), "(+ 0fen 1)");
    cr_assert_str_eq(sexpr(l.items[1]->value), "day0");
    cr_assert_str_eq(l.items[2]->name, "r");
}

Test(parser, a_stray_character_is_one_error)
{
    pol_test_reset_diagnostics();
    PolDeclList l = parse("parameter p = 1 @ + 2\nparameter q = 3\n");
    cr_assert_eq(pol_test_ds.errors, 1, "%s", pol_test_diagnostics());
    cr_assert(strstr(pol_test_diagnostics(), "unexpected character `@`"), "%s", pol_test_diagnostics());
    cr_assert_eq(l.count, 2);
    cr_assert_str_eq(sexpr(l.items[0]->value), "(+ 1 2)");
}

Test(parser, full_width_punctuation_is_one_error_and_read_as_meant)
{
    pol_test_reset_diagnostics();
    PolDeclList l = parse("enum E { a，b、c }\nparameter p = min（1，2）\n");
    cr_assert_eq(pol_test_ds.errors, 5, "%s", pol_test_diagnostics());
    cr_assert_eq(l.count, 2);
    cr_assert_eq(l.items[0]->nvalues, 3);
    cr_assert_str_eq(l.items[0]->values[2], "c");
    cr_assert_str_eq(sexpr(l.items[1]->value), "(min 1 2)");
}

Test(parser, expression_spans)
{
    pol_test_reset_diagnostics();
    PolDeclList l = parse("parameter p = 中文 + (b × c)\n");
    cr_assert_eq(pol_test_ds.errors, 0);
    const PolExpr *e = l.items[0]->value;
    cr_assert(e->span.first_line == 1 && e->span.first_col == 15 && e->span.last_col == 26,
              "sum span %d:%d-%d", e->span.first_line, e->span.first_col, e->span.last_col);
    cr_assert(e->left->span.first_col == 15 && e->left->span.last_col == 16);
    /* parentheses belong to the inner expression's span */
    cr_assert(e->right->span.first_col == 20 && e->right->span.last_col == 26,
              "product span %d-%d", e->right->span.first_col, e->right->span.last_col);
    cr_assert_str_eq(pol_span_text(e->right->span), "(b × c)");
    cr_assert(l.items[0]->span.first_col == 1 && l.items[0]->span.last_col == 26);
}

/* ------------------------------------------------------- declarations */

Test(parser, policy_header_with_duration)
{
    PolDeclList l = parse("policy \"p-1\"\n"
                          "  title \"标题\"\n"
                          "  source \"文件\"\n"
                          "  in force from 2025-03-01 for 3 years\n"
                          "  identified by id\n"
                          "  as of as_of\n"
                          "  applies when registered and not closed\n");
    cr_assert_eq(pol_test_ds.errors, 0, "%s", pol_test_diagnostics());
    cr_assert_eq(l.count, 1);
    const PolDecl *d = l.items[0];
    cr_assert_eq(d->kind, POL_D_POLICY);
    cr_assert_str_eq(d->name, "p-1");
    cr_assert_str_eq(d->title, "标题");
    cr_assert_str_eq(d->source_doc, "文件");
    cr_assert_eq(d->force_from, 20148);
    cr_assert(d->force_has_duration);
    cr_assert_eq(d->force_duration.months, 36);
    cr_assert_eq(d->force_duration.days, 0);
    cr_assert_eq(d->force_through, 0);
    cr_assert_str_eq(d->id_member, "id");
    cr_assert_str_eq(d->date_member, "as_of");
    cr_assert_str_eq(sexpr(d->applies), "(and registered (not closed))");
}

Test(parser, policy_header_through)
{
    PolDeclList l = parse("policy \"p\"\n  in force from 2025-03-01 through 2024-02-29\n");
    cr_assert_eq(pol_test_ds.errors, 0);
    cr_assert_eq(l.count, 1);
    cr_assert_eq(l.items[0]->force_from, 20148);
    cr_assert_eq(l.items[0]->force_through, 19782);
    cr_assert(!l.items[0]->force_has_duration);
    cr_assert_null(l.items[0]->title);
    cr_assert_null(l.items[0]->applies);
}

Test(parser, module_and_import)
{
    const char *module = NULL;
    PolSource *src = pol_source_from_text("t.pol", "module \"m/x\"\nimport \"period.pol\"\nimport \"a/b.pol\"\n",
                                          strlen("module \"m/x\"\nimport \"period.pol\"\nimport \"a/b.pol\"\n"));
    PolDeclList l = pol_parse_source(src, &module, &pol_test_ds);
    cr_assert_eq(pol_test_ds.errors, 0);
    cr_assert_str_eq(module, "m/x");
    cr_assert_eq(l.count, 2);
    cr_assert_eq(l.items[0]->kind, POL_D_IMPORT);
    cr_assert_str_eq(l.items[0]->name, "period.pol");
    cr_assert_str_eq(l.items[1]->name, "a/b.pol");
    cr_assert_eq(l.items[1]->span.first_line, 3);
}

Test(parser, enum_declarations)
{
    PolDeclList l = parse("enum Tier { none, srdi_sme, little_giant }\nenum 级别 {\n  国家,\n  省级,\n}\n");
    cr_assert_eq(pol_test_ds.errors, 0);
    cr_assert_eq(l.count, 2);
    const PolDecl *d = l.items[0];
    cr_assert_eq(d->kind, POL_D_ENUM);
    cr_assert_str_eq(d->name, "Tier");
    cr_assert_eq(d->nvalues, 3);
    cr_assert_str_eq(d->values[0], "none");
    cr_assert_str_eq(d->values[2], "little_giant");
    cr_assert_eq(d->value_spans[1].first_col, 19);
    cr_assert_str_eq(l.items[1]->name, "级别");
    cr_assert_eq(l.items[1]->nvalues, 2);
    cr_assert_str_eq(l.items[1]->values[1], "省级");
    cr_assert_eq(l.items[1]->span.last_line, 5);
}

Test(parser, record_and_facts_members)
{
    PolDeclList l = parse("record R {\n"
                          "  a: bool\n"
                          "  b: optional money\n"
                          "  c: date or null\n"
                          "  d: integer, at least 0\n"
                          "  e: optional integer, at least 1\n"
                          "  f: list of Item\n"
                          "  g: bool, required when kind = enterprise\n"
                          "  h: date\n"
                          "}\n"
                          "facts {\n  id: text\n  r: optional R\n}\n");
    cr_assert_eq(pol_test_ds.errors, 0, "%s", pol_test_diagnostics());
    cr_assert_eq(l.count, 2);
    const PolDecl *r = l.items[0];
    cr_assert_eq(r->kind, POL_D_RECORD);
    cr_assert_str_eq(r->name, "R");
    cr_assert_eq(r->nmembers, 8);
    const PolMemberDecl *m = r->members;
    cr_assert_str_eq(m[0].name, "a");
    cr_assert_str_eq(m[0].type.name, "bool");
    cr_assert_eq(m[0].presence, POL_PRESENCE_REQUIRED);
    cr_assert_str_eq(m[1].type.name, "money");
    cr_assert_eq(m[1].presence, POL_PRESENCE_OPTIONAL);
    cr_assert_eq(m[2].presence, POL_PRESENCE_NULLABLE);
    cr_assert_str_eq(m[2].type.name, "date");
    cr_assert(m[3].has_min);
    cr_assert_eq(m[3].min, 0);
    cr_assert_eq(m[3].presence, POL_PRESENCE_REQUIRED);
    cr_assert(m[4].has_min);
    cr_assert_eq(m[4].min, 1);
    cr_assert_eq(m[4].presence, POL_PRESENCE_OPTIONAL);
    cr_assert(m[5].type.is_list);
    cr_assert_str_eq(m[5].type.name, "Item");
    cr_assert_eq(m[6].presence, POL_PRESENCE_REQUIRED_WHEN);
    cr_assert_str_eq(m[6].when_member, "kind");
    cr_assert_eq(m[6].nwhen_values, 1);
    cr_assert_str_eq(m[6].when_values[0], "enterprise");
    cr_assert(!m[7].has_min);
    cr_assert_eq(r->span.last_line, 10);
    const PolDecl *f = l.items[1];
    cr_assert_eq(f->kind, POL_D_FACTS);
    cr_assert_str_eq(f->name, "facts");
    cr_assert_eq(f->nmembers, 2);
    cr_assert_eq(f->members[1].presence, POL_PRESENCE_OPTIONAL);
    cr_assert_str_eq(f->members[1].type.name, "R");
}

Test(parser, member_bounds_and_conditions)
{
    PolDeclList l = parse("record R {\n"
                          "  a: integer, 0 to 99\n"
                          "  b: integer, at most 9\n"
                          "  c: list of R, at most 20 items\n"
                          "  d: optional list of R, 1 to 4 items\n"
                          "  e: list of R, at least 1 item\n"
                          "  f: Size, required when kind is one of {enterprise, other,}, absent otherwise\n"
                          "  g: optional Size, required when kind = enterprise\n"
                          "}\n");
    cr_assert_eq(pol_test_ds.errors, 0, "%s", pol_test_diagnostics());
    const PolMemberDecl *m = l.items[0]->members;
    cr_assert(m[0].has_min && m[0].has_max && m[0].bound_range && !m[0].bound_items);
    cr_assert_eq(m[0].min, 0);
    cr_assert_eq(m[0].max, 99);
    cr_assert(!m[1].has_min && m[1].has_max && !m[1].bound_range);
    cr_assert_eq(m[1].max, 9);
    cr_assert(m[2].has_max && m[2].bound_items && !m[2].has_min);
    cr_assert_eq(m[2].max, 20);
    cr_assert(m[3].has_min && m[3].has_max && m[3].bound_items && m[3].bound_range);
    cr_assert_eq(m[3].presence, POL_PRESENCE_OPTIONAL);
    cr_assert(m[4].has_min && m[4].bound_items);
    cr_assert_eq(m[4].min, 1);
    cr_assert_eq(m[5].presence, POL_PRESENCE_REQUIRED_WHEN);
    cr_assert_eq(m[5].nwhen_values, 2);
    cr_assert_str_eq(m[5].when_values[1], "other");
    cr_assert(m[5].absent_otherwise);
    /* kept optional, for the checker to refuse */
    cr_assert_eq(m[6].presence, POL_PRESENCE_OPTIONAL);
    cr_assert_str_eq(m[6].when_member, "kind");
}

Test(parser, member_clauses_once)
{
    parse("record R {\n  a: integer, at least 1, at most 3\n  b: X, required when k = a, required when k = b\n}\n");
    cr_assert_eq(pol_test_ds.errors, 2, "%s", pol_test_diagnostics());
    cr_assert(strstr(pol_test_diagnostics(), "member `a` has a second bound"), "%s", pol_test_diagnostics());
    cr_assert(strstr(pol_test_diagnostics(), "member `b` has a second `required when`"), "%s", pol_test_diagnostics());
}

Test(parser, member_at_most_misspelt)
{
    parse("record R {\n  a: integer, at mots 3\n}\n");
    cr_assert(strstr(pol_test_diagnostics(), "expected `most` after `at` in a member declaration, found `mots`"), "%s",
              pol_test_diagnostics());
}

Test(parser, at_least_misspelt)
{
    parse("record R {\n  d: integer, at lest 0\n}\n");
    cr_assert_eq(pol_test_ds.errors, 1);
    cr_assert(strstr(pol_test_diagnostics(), "expected `least` after `at` in a member declaration, found `lest`"), "%s", pol_test_diagnostics());
}

Test(parser, parameters)
{
    PolDeclList l = parse("parameter a = 30 万元\n"
                          "parameter b: decimal = 1\n"
                          "parameter c: optional money = 1 元\n"
                          "parameter d: date? = 2025-03-01\n");
    cr_assert_eq(pol_test_ds.errors, 0);
    cr_assert_eq(l.count, 4);
    cr_assert_eq(l.items[0]->kind, POL_D_PARAM);
    cr_assert_str_eq(l.items[0]->name, "a");
    cr_assert_null(l.items[0]->type.name);
    cr_assert_str_eq(sexpr(l.items[0]->value), "30000000fen");
    cr_assert_str_eq(l.items[1]->type.name, "decimal");
    cr_assert(!l.items[1]->type.optional);
    cr_assert_str_eq(l.items[2]->type.name, "money");
    cr_assert(l.items[2]->type.optional);
    cr_assert_str_eq(l.items[3]->type.name, "date");
    cr_assert(l.items[3]->type.optional);
}

Test(parser, simple_define_and_function)
{
    PolDeclList l = parse("define big: bool = n > 10\n"
                          "define between(day: date, first: date, last: optional date): bool =\n"
                          "  day >= first\n"
                          "define xs: list of Item = items\n");
    cr_assert_eq(pol_test_ds.errors, 0, "%s", pol_test_diagnostics());
    cr_assert_eq(l.count, 3);
    const PolDecl *d = l.items[0];
    cr_assert_eq(d->kind, POL_D_DEFINE);
    cr_assert_str_eq(d->name, "big");
    cr_assert_str_eq(d->type.name, "bool");
    cr_assert_eq(d->nparams, 0);
    cr_assert_eq(d->nrules, 1);
    cr_assert_eq(d->rules[0].kind, POL_RULE_BASE);
    cr_assert_null(d->rules[0].label);
    cr_assert_null(d->rules[0].cond);
    cr_assert_str_eq(sexpr(d->rules[0].value), "(> n 10)");
    const PolDecl *f = l.items[1];
    cr_assert_eq(f->nparams, 3);
    cr_assert_str_eq(f->params[0].name, "day");
    cr_assert_str_eq(f->params[1].type.name, "date");
    cr_assert(f->params[2].type.optional);
    cr_assert_str_eq(sexpr(f->rules[0].value), "(>= day first)");
    cr_assert(l.items[2]->type.is_list);
    cr_assert_str_eq(l.items[2]->type.name, "Item");
}

Test(parser, define_with_rules)
{
    PolDeclList l = parse("define rate: decimal\n"
                          "  default 0%\n"
                          "  rule base: 10%\n"
                          "  rule small when n < 5: 20%\n"
                          "  exception any_big: 1%\n"
                          "  exception big when n > 100: 2%\n"
                          "  exception tiny to small: 3%\n"
                          "  exception tiny2 to small when n = 0: 4%\n");
    cr_assert_eq(pol_test_ds.errors, 0, "%s", pol_test_diagnostics());
    cr_assert_eq(l.count, 1);
    const PolDecl *d = l.items[0];
    cr_assert_eq(d->nrules, 7);
    static const struct { PolRuleKind kind; const char *label, *target, *cond, *value; } want[] = {
        {POL_RULE_DEFAULT, NULL, NULL, "-", "0/1"},
        {POL_RULE_BASE, "base", NULL, "-", "1/10"},
        {POL_RULE_BASE, "small", NULL, "(< n 5)", "1/5"},
        {POL_RULE_EXCEPTION, "any_big", NULL, "-", "1/100"},
        {POL_RULE_EXCEPTION, "big", NULL, "(> n 100)", "1/50"},
        {POL_RULE_EXCEPTION, "tiny", "small", "-", "3/100"},
        {POL_RULE_EXCEPTION, "tiny2", "small", "(= n 0)", "1/25"},
    };
    for (int i = 0; i < 7; i++) {
        const PolRule *r = &d->rules[i];
        cr_assert_eq(r->kind, want[i].kind, "rule %d", i);
        if (want[i].label)
            cr_assert_str_eq(r->label, want[i].label);
        else
            cr_assert_null(r->label);
        if (want[i].target)
            cr_assert_str_eq(r->target, want[i].target);
        else
            cr_assert_null(r->target);
        cr_assert_str_eq(sexpr(r->cond), want[i].cond, "rule %d cond", i);
        cr_assert_str_eq(sexpr(r->value), want[i].value, "rule %d value", i);
        cr_assert_eq(r->parent, -1);
        cr_assert_eq(r->span.first_line, i + 2);
    }
    cr_assert_eq(d->rules[5].target_span.first_col, 21);
}

Test(parser, measures)
{
    PolDeclList l = parse("measure m1\n"
                          "  article \"一\"\n"
                          "  title \"奖励\"\n"
                          "  responsible \"市工业和信息化局\", \"市财政局\"\n"
                          "  when a\n"
                          "  when b.c > 1\n"
                          "  amount fixed 50 万元\n"
                          "measure m2\n"
                          "  amount capped 30% of x rounded down to fen\n"
                          "    at most 30 万元\n"
                          "    at most y.z if present\n"
                          "measure m3\n  amount per regulation\n"
                          "measure m4\n  amount in kind\n"
                          "measure m5\n");
    cr_assert_eq(pol_test_ds.errors, 0, "%s", pol_test_diagnostics());
    cr_assert_eq(l.count, 5);
    const PolDecl *m = l.items[0];
    cr_assert_eq(m->kind, POL_D_MEASURE);
    cr_assert_str_eq(m->name, "m1");
    cr_assert_str_eq(m->article, "一");
    cr_assert_str_eq(m->title_text, "奖励");
    cr_assert_eq(m->nresponsible, 2);
    cr_assert_str_eq(m->responsible[1], "市财政局");
    cr_assert_eq(m->nconds, 2);
    cr_assert_str_eq(sexpr(m->conds[0]), "a");
    cr_assert_str_eq(sexpr(m->conds[1]), "(> (. b c) 1)");
    cr_assert(m->has_amount);
    cr_assert_eq(m->basis, POL_BASIS_FIXED);
    cr_assert_str_eq(sexpr(m->amount), "50000000fen");
    cr_assert_eq(m->ncaps, 0);
    m = l.items[1];
    cr_assert_eq(m->basis, POL_BASIS_CAPPED);
    cr_assert_str_eq(sexpr(m->amount), "(round-down-fen (of 3/10 x))");
    cr_assert_eq(m->ncaps, 2);
    cr_assert_str_eq(sexpr(m->caps[0].expr), "30000000fen");
    cr_assert(!m->caps[0].if_present);
    cr_assert_str_eq(sexpr(m->caps[1].expr), "(. y z)");
    cr_assert(m->caps[1].if_present);
    cr_assert_eq(m->caps[1].span.first_line, 11);
    cr_assert_eq(l.items[2]->basis, POL_BASIS_PER_REGULATION);
    cr_assert(l.items[2]->has_amount);
    cr_assert_null(l.items[2]->amount);
    cr_assert_eq(l.items[3]->basis, POL_BASIS_NON_MONETARY);
    cr_assert(l.items[3]->has_amount);
    cr_assert_eq(l.items[4]->basis, POL_BASIS_NON_MONETARY);
    cr_assert(!l.items[4]->has_amount);
}

Test(parser, computed_amount_source_and_zero_grant)
{
    PolDeclList l = parse("measure m\n"
                          "  article \"1\"\n"
                          "  source \"财税〔2023〕12号\"\n"
                          "  amount computed 50% of x rounded half up to fen\n"
                          "    at most 10 万元\n"
                          "  granted at zero\n");
    cr_assert_eq(pol_test_ds.errors, 0, "%s", pol_test_diagnostics());
    const PolDecl *m = l.items[0];
    cr_assert_eq(m->basis, POL_BASIS_COMPUTED);
    cr_assert_str_eq(sexpr(m->amount), "(round-half-up-fen (of 1/2 x))");
    cr_assert_eq(m->ncaps, 1);
    cr_assert_str_eq(sexpr(m->source), "\"财税〔2023〕12号\"");
    cr_assert(m->zero_granted);
    cr_assert_eq(m->zero_span.first_line, 6);
}

Test(parser, a_clause_starting_with_a_name_after_a_rounding)
{
    /* `rounded down` then `granted at zero`, `rounded half up` then it:
     * `half` is read as part of the mode only right after `rounded` */
    PolDeclList l = parse("measure m\n  when d + 1 month rounded down <= e\n  amount computed x rounded down to fen\n"
                          "  granted at zero\n"
                          "measure n\n  when e >= d + 1 month rounded down\n  granted at zero\n  amount fixed half\n");
    cr_assert_eq(pol_test_ds.errors, 0, "%s", pol_test_diagnostics());
    cr_assert(l.items[0]->zero_granted && l.items[1]->zero_granted);
    cr_assert_str_eq(sexpr(l.items[1]->conds[0]), "(>= e (round-down-date (+ d 1m0d)))");
    cr_assert_str_eq(sexpr(l.items[1]->amount), "half");
    l = parse("policy \"p\"\n  applies when x = y rounded half even to fen\n  kind relief\n");
    cr_assert_eq(pol_test_ds.errors, 0, "%s", pol_test_diagnostics());
    cr_assert_eq(l.items[0]->scheme, POL_SCHEME_RELIEF);
}

Test(parser, kind_of_scheme_misspelt)
{
    parse("policy \"p\"\n  kind relif\n");
    cr_assert_eq(pol_test_ds.errors, 1);
    cr_assert(strstr(pol_test_diagnostics(), "unknown kind of scheme `relif`"), "%s", pol_test_diagnostics());
    parse("policy \"p\"\n  knd relief\n");
    cr_assert(strstr(pol_test_diagnostics(), "expected `kind` in the policy header (`kind relief`), found `knd`"), "%s",
              pol_test_diagnostics());
}

Test(parser, unknown_kind_of_amount)
{
    parse("measure m\n  amount computd 1 元\n");
    cr_assert_eq(pol_test_ds.errors, 1);
    cr_assert(strstr(pol_test_diagnostics(), "unknown kind of amount `computd`"), "%s", pol_test_diagnostics());
}

Test(parser, granted_at_zero_misspelt)
{
    parse("measure m\n  amount fixed 0 元\n  granted at nil\n");
    cr_assert_eq(pol_test_ds.errors, 1);
    cr_assert(strstr(pol_test_diagnostics(), "expected `zero` in `granted at zero`, found `nil`"), "%s", pol_test_diagnostics());
}

Test(parser, per_item_measure)
{
    PolDeclList l = parse("measure m\n"
                          "  article \"1\"\n"
                          "  for each c in person.certificates ordered by c.issued_on\n"
                          "  subject occupation: c.occupation, level: c.level\n"
                          "  when (count g in earlier grants where g.level = c.level) < 3\n"
                          "  amount fixed 1000 元\n"
                          "measure n\n  for each x in xs\n  subject id: x.id\n  amount in kind\n");
    cr_assert_eq(pol_test_ds.errors, 0, "%s", pol_test_diagnostics());
    const PolDecl *m = l.items[0];
    cr_assert_str_eq(m->item_var, "c");
    cr_assert_str_eq(sexpr(m->items), "(. person certificates)");
    cr_assert_str_eq(sexpr(m->order), "(. c issued_on)");
    cr_assert_eq(m->for_span.first_line, 3);
    cr_assert_eq(m->nsubject, 2);
    cr_assert_str_eq(m->subject_names[1], "level");
    cr_assert_str_eq(sexpr(m->subject_values[0]), "(. c occupation)");
    cr_assert_str_eq(sexpr(m->conds[0]), "(< (count g earlier-grants (= (. g level) (. c level))) 3)");
    cr_assert_null(l.items[1]->order);
    cr_assert_str_eq(l.items[1]->item_var, "x");
}

Test(parser, ordered_and_earlier_are_names_elsewhere)
{
    /* `ordered` and `earlier` are words only before `by` and `grants` */
    PolDeclList l = parse("define ordered: bool = earlier and ordered\n"
                          "measure m\n  for each c in earlier ordered by c.d\n  subject s: ordered\n  amount in kind\n");
    cr_assert_eq(pol_test_ds.errors, 0, "%s", pol_test_diagnostics());
    cr_assert_str_eq(sexpr(l.items[0]->rules[0].value), "(and earlier ordered)");
    cr_assert_str_eq(sexpr(l.items[1]->items), "earlier");
}

Test(parser, per_item_clauses_twice)
{
    parse("measure m\n  for each c in xs\n  for each d in ys\n  subject a: 1\n  subject b: 2\n  amount in kind\n");
    cr_assert_eq(pol_test_ds.errors, 2, "%s", pol_test_diagnostics());
    cr_assert(strstr(pol_test_diagnostics(), "a second `for each` clause in measure `m`"), "%s", pol_test_diagnostics());
    cr_assert(strstr(pol_test_diagnostics(), "a second `subject` clause in measure `m`"), "%s", pol_test_diagnostics());
}

Test(parser, per_item_words_misspelt)
{
    parse("measure m\n  for every c in xs\n  amount in kind\n");
    cr_assert(strstr(pol_test_diagnostics(), "expected `each` after `for` in a measure (`for each c in LIST`), found `every`"),
              "%s", pol_test_diagnostics());
    parse("measure m\n  subjet a: 1\n  amount in kind\n");
    cr_assert(strstr(pol_test_diagnostics(), "expected `subject` in `subject NAME: VALUE, ...`, found `subjet`"), "%s",
              pol_test_diagnostics());
}

Test(parser, second_amount_is_an_error)
{
    PolDeclList l = parse("measure m\n  amount fixed 1 元\n  amount in kind\n");
    cr_assert_eq(pol_test_ds.errors, 1);
    cr_assert(strstr(pol_test_diagnostics(), "second `amount` in measure `m`"), "%s", pol_test_diagnostics());
    cr_assert_eq(l.count, 1);
    cr_assert_eq(l.items[0]->basis, POL_BASIS_FIXED);
}

Test(parser, amount_per_misspelt)
{
    parse("measure m\n  amount per regulations\n");
    cr_assert_eq(pol_test_ds.errors, 1);
    cr_assert(strstr(pol_test_diagnostics(), "expected `regulation` after `amount per`, found `regulations`"), "%s", pol_test_diagnostics());
}

Test(parser, at_most_misspelt)
{
    parse("measure m\n  amount capped x\n  at mots 1 元\n");
    cr_assert_eq(pol_test_ds.errors, 1);
    cr_assert(strstr(pol_test_diagnostics(), "expected `most` in a ceiling"), "%s", pol_test_diagnostics());
}

Test(parser, if_present_misspelt)
{
    parse("measure m\n  amount capped x\n  at most y if presnt\n");
    cr_assert_eq(pol_test_ds.errors, 1);
    cr_assert(strstr(pol_test_diagnostics(), "expected `present` after `if` in a ceiling, found `presnt`"), "%s", pol_test_diagnostics());
}

Test(parser, declarations_in_source_order)
{
    PolDeclList l = parse("measure m\nparameter p = 1\nenum E { a }\nrecord R { }\ndefine d: bool = true\n"
                          "facts { }\npolicy \"x\"\n");
    cr_assert_eq(pol_test_ds.errors, 0, "%s", pol_test_diagnostics());
    cr_assert_eq(l.count, 7);
    PolDeclKind want[] = {POL_D_MEASURE, POL_D_PARAM, POL_D_ENUM, POL_D_RECORD, POL_D_DEFINE, POL_D_FACTS, POL_D_POLICY};
    for (int i = 0; i < 7; i++)
        cr_assert_eq(l.items[i]->kind, want[i], "declaration %d", i);
}

Test(parser, empty_source)
{
    PolDeclList l = parse("");
    cr_assert_eq(l.count, 0);
    l = parse("# only a comment\n\n");
    cr_assert_eq(l.count, 0);
    cr_assert_eq(pol_test_ds.errors, 0);
}

/* ------------------------------------------------------ error recovery */

Test(parser, syntax_error_recovers_at_the_next_declaration)
{
    PolDeclList l = parse("parameter a = = 1\nparameter b = 2\n");
    cr_assert_eq(pol_test_ds.errors, 1, "%s", pol_test_diagnostics());
    cr_assert(strstr(pol_test_diagnostics(), "`=` is not expected here"), "%s", pol_test_diagnostics());
    cr_assert(pol_test_diag_at("t.pol:1:15"), "%s", pol_test_diagnostics());
    cr_assert_eq(l.count, 1);
    cr_assert_str_eq(l.items[0]->name, "b");
    cr_assert_str_eq(sexpr(l.items[0]->value), "2");
}

Test(parser, one_error_per_broken_declaration)
{
    PolDeclList l = parse("parameter a = = 1\n"
                          "parameter b = 2\n"
                          "define c: bool = ) x y z\n"
                          "define d: integer = 4\n"
                          "enum E { x y }\n"
                          "parameter f = 6\n");
    cr_assert_eq(pol_test_ds.errors, 3, "%s", pol_test_diagnostics());
    /* `define c: bool` was begun (its head read) before the error: it is
     * kept without rules; the broken parameter and enum are dropped */
    cr_assert_eq(l.count, 4);
    cr_assert_str_eq(l.items[0]->name, "b");
    cr_assert_str_eq(l.items[1]->name, "c");
    cr_assert_eq(l.items[1]->nrules, 0);
    cr_assert_str_eq(l.items[2]->name, "d");
    cr_assert_str_eq(l.items[3]->name, "f");
}

Test(parser, missing_operand_at_the_end_of_a_line)
{
    PolDeclList l = parse("parameter a = 1 +\nmeasure m\n  amount in kind\n");
    cr_assert_eq(pol_test_ds.errors, 1, "%s", pol_test_diagnostics());
    cr_assert(strstr(pol_test_diagnostics(), "keyword `measure` is not expected here"), "%s", pol_test_diagnostics());
    cr_assert(pol_test_diag_at("t.pol:2:1"), "%s", pol_test_diagnostics());
    cr_assert_eq(l.count, 1);
    cr_assert_eq(l.items[0]->kind, POL_D_MEASURE);
    cr_assert(l.items[0]->has_amount);
}

Test(parser, error_inside_a_measure_skips_its_remaining_clauses)
{
    PolDeclList l = parse("measure m\n  when a and\n  when b\n  amount in kind\nparameter p = 1\n");
    cr_assert_eq(pol_test_ds.errors, 1, "%s", pol_test_diagnostics());
    /* the measure was begun before the error; its later clauses are skipped */
    cr_assert_eq(l.count, 2);
    cr_assert_eq(l.items[0]->kind, POL_D_MEASURE);
    cr_assert_eq(l.items[0]->nconds, 0);
    cr_assert(!l.items[0]->has_amount);
    cr_assert_str_eq(l.items[1]->name, "p");
}

Test(parser, keyword_as_a_member_name_is_a_syntax_error)
{
    PolDeclList l = parse("record R {\n  when: date\n}\nparameter p = 1\n");
    cr_assert_eq(pol_test_ds.errors, 1, "%s", pol_test_diagnostics());
    cr_assert(strstr(pol_test_diagnostics(), "expected a name or `}`, found keyword `when`"), "%s", pol_test_diagnostics());
    cr_assert(pol_test_diag_at("t.pol:2:3"), "%s", pol_test_diagnostics());
    cr_assert(strstr(pol_test_diagnostics(), "`when` is a word of the language; write it in backticks to use it as a name"), "%s", pol_test_diagnostics());
    cr_assert_str_eq(l.items[l.count - 1]->name, "p");
}

Test(parser, keyword_in_backticks_is_a_member_name)
{
    PolDeclList l = parse("record R {\n  `when`: date\n  `registered-capital`: money\n}\n");
    cr_assert_eq(pol_test_ds.errors, 0, "%s", pol_test_diagnostics());
    cr_assert_eq(l.count, 1);
    cr_assert_eq(l.items[0]->nmembers, 2);
    cr_assert_str_eq(l.items[0]->members[0].name, "when");
    cr_assert_str_eq(l.items[0]->members[1].name, "registered-capital");
}

Test(parser, nesting_limit)
{
    size_t n = 10001, cap = 2 * n + 64;
    char *text = GC_MALLOC_ATOMIC(cap);
    size_t len = (size_t)snprintf(text, cap, "parameter p = ");
    memset(text + len, '(', n);
    len += n;
    text[len++] = '1';
    memset(text + len, ')', n);
    len += n;
    snprintf(text + len, cap - len, "\nparameter q = 2\n");
    PolDeclList l = parse(text);
    cr_assert_eq(pol_test_ds.errors, 1, "%s", pol_test_diagnostics());
    cr_assert(strstr(pol_test_diagnostics(), "nested too deeply for the parser (more than 10000 levels)"), "%s", pol_test_diagnostics());
    /* 9990 levels are fine */
    pol_test_reset_diagnostics();
    n = 9990;
    len = (size_t)snprintf(text, cap, "parameter p = ");
    memset(text + len, '(', n);
    len += n;
    text[len++] = '1';
    memset(text + len, ')', n);
    len += n;
    text[len] = '\0';
    l = parse(text);
    cr_assert_eq(pol_test_ds.errors, 0);
    cr_assert_str_eq(sexpr(l.items[0]->value), "1");
}

/* A thread made with a small stack (as batch, serve and the language
 * server make theirs) holds fewer levels: the parser measures the stack it
 * runs on and refuses a deeper tree with E0718, naming the stack's size. */
typedef struct SmallStack { const char *text; int max_depth; size_t size; PolDeclList decls; } SmallStack;

static void *parse_on_small_stack(void *arg)
{
    SmallStack *s = arg;
    s->max_depth = pol_parse_max_depth();
    s->size = pol_stack_size();
    s->decls = parse(s->text);
    return NULL;
}

Test(parser, nesting_limit_follows_the_stack)
{
    cr_assert_eq(pol_parse_max_depth(), POL_MAX_TREE_DEPTH, "the usual 8 MiB holds every level");
    size_t n = 5000, cap = 4 * n + 64;
    char *text = GC_MALLOC_ATOMIC(cap);
    size_t len = (size_t)snprintf(text, cap, "parameter p = 1");
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(text + len, cap - len, " + 1");
    snprintf(text + len, cap - len, "\nparameter q = 2\n");
    SmallStack s = {text, 0, 0, {0}};
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 256 * 1024);
    pthread_t t;
    cr_assert_eq(GC_pthread_create(&t, &attr, parse_on_small_stack, &s), 0);
    pthread_join(t, NULL);
    pthread_attr_destroy(&attr);
    cr_assert_eq(s.size, 256 * 1024);
    cr_assert(s.max_depth > 50 && s.max_depth < 1000, "%d levels in 256 KiB", s.max_depth);
    cr_assert_eq(pol_test_ds.errors, 1, "%s", pol_test_diagnostics());
    cr_assert(strstr(pol_test_diagnostics(), "error[E0718]: the policy is nested too deeply for a stack of 256 KiB"), "%s", pol_test_diagnostics());
    cr_assert(pol_test_diag_at("t.pol:1:15"), "%s", pol_test_diagnostics());
    cr_assert_eq(s.decls.count, 2, "parsing goes on after it");
}

Test(parser, unterminated_text_in_a_header)
{
    PolDeclList l = parse("policy \"x\n  title \"T\"\nparameter p = 1\n");
    cr_assert_eq(pol_test_ds.errors, 1, "%s", pol_test_diagnostics());
    cr_assert(strstr(pol_test_diagnostics(), "unterminated text"), "%s", pol_test_diagnostics());
    cr_assert(pol_test_diag_at("t.pol:1:8"), "%s", pol_test_diagnostics());
    cr_assert_eq(l.count, 2);
    cr_assert_str_eq(l.items[0]->name, "x");
    cr_assert_str_eq(l.items[0]->title, "T");
    cr_assert_str_eq(l.items[1]->name, "p");
}
