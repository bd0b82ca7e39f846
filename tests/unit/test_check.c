/*
 * test_check.c — name resolution and type checking (pol_check).
 *
 * Each error test checks a small policy with exactly one mistake: pol_check
 * must return NULL with exactly one error (no cascade) whose message names
 * the mistake. The positive tests assert the types and referents the
 * checker assigns: unrounded money, narrowing of optional facts, enum
 * values resolved by the type their context expects.
 */
#include <criterion/criterion.h>
#include <gc.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "check.h"
#include "parse.h"
#include "source.h"
#include "support.h"

/* ------------------------------------------------------------ harness */



/* Whether a diagnostic was reported at `where` ("t.pol:LINE:COL"), whatever
 * the format puts around it. */

TestSuite(check, .init = pol_test_capture_diagnostics);

#define HEADER \
    "policy \"t\"\n" \
    "  title \"T\"\n" \
    "  in force from 2025-01-01 for 3 years\n"

#define SCHEMA \
    "enum Kind { enterprise, service_org }\n" \
    "enum Tier { none, srdi_sme, little_giant }\n" \
    "record Item {\n  n: integer\n  v: optional integer\n  ok: bool\n  amt: money\n  on: date\n}\n" \
    "record Sub {\n  flag: bool\n  paid: optional money\n  first_on: date or null\n  items: list of Item\n}\n" \
    "facts {\n" \
    "  id: text\n" \
    "  kind: Kind\n" \
    "  tier: Tier\n" \
    "  n: integer\n" \
    "  opt_n: optional integer\n" \
    "  rate: decimal\n" \
    "  rev: money\n" \
    "  opt_amt: optional money\n" \
    "  start: date\n" \
    "  opt_day: date or null\n" \
    "  flag: bool\n" \
    "  sub: Sub\n" \
    "  opt_sub: optional Sub\n" \
    "  items: list of Item\n" \
    "  name: optional text\n" \
    "}\n"

/* Parses text (which must have no syntax error) and checks it. */
static PolChecked *check_text(const char *text)
{
    PolSource *src = pol_source_from_text("t.pol", text, strlen(text));
    PolDeclList decls = pol_parse_source(src, NULL, &pol_test_ds);
    cr_assert_eq(pol_test_ds.errors, 0, "syntax errors in the test policy:\n%s", pol_test_diagnostics());
    return pol_check(decls, &pol_test_ds);
}

/* The standard header and schema, then body. */
static PolChecked *check_body(const char *body)
{
    return check_text(pol_strdup_printf(HEADER SCHEMA "%s", body));
}

static void expect_one_error_in(PolChecked *c, const char *what, const char *msg)
{
    cr_assert_null(c, "%s: pol_check accepted it", what);
    cr_assert_eq(pol_test_ds.errors, 1, "%s: %d errors, expected 1:\n%s", what, pol_test_ds.errors, pol_test_diagnostics());
    cr_assert(strstr(pol_test_diagnostics(), msg), "%s: expected `%s` in:\n%s", what, msg, pol_test_diagnostics());
}

/* Exactly one error, containing msg. */
static void check_error(const char *body, const char *msg)
{
    expect_one_error_in(check_body(body), body, msg);
}

/* Exactly one error, containing msg, reported at `where` ("t.pol:LINE:COL"). */
static void check_error_at(const char *body, const char *where, const char *msg)
{
    check_error(body, msg);
    cr_assert(pol_test_diag_at(where), "expected the error at %s:\n%s", where, pol_test_diagnostics());
}

static PolChecked *check_ok(const char *body)
{
    PolChecked *c = check_body(body);
    cr_assert_not_null(c, "rejected:\n%s", pol_test_diagnostics());
    cr_assert_eq(pol_test_ds.errors, 0);
    return c;
}

static const PolDecl *find(const PolDeclList *l, const char *name)
{
    for (int i = 0; i < l->count; i++)
        if (strcmp(l->items[i]->name, name) == 0)
            return l->items[i];
    cr_assert_fail("no declaration `%s`", name);
    return NULL;
}

/* The value of a simple definition. */
static const PolExpr *value_of(const PolChecked *c, const char *name)
{
    const PolDecl *d = find(&c->defines, name);
    cr_assert_eq(d->nrules, 1);
    return d->rules[0].value;
}

static void assert_kind(const PolExpr *e, PolTypeKind kind, const char *what)
{
    cr_assert_not_null(e->type, "%s has no type", what);
    cr_assert_eq(e->type->kind, kind, "%s is %s", what, pol_type_name(e->type));
}

/* ------------------------------------------------------------- names */

Test(check, unknown_name)
{
    check_error_at("define x: integer = nope\n", "t.pol:36:21", "unknown name `nope`");
}

Test(check, unknown_name_suggests_a_close_one)
{
    check_error("define x: money = revv\n", "did you mean `rev`?");
}

Test(check, enum_value_where_no_enum_is_expected)
{
    check_error("define x: bool = enterprise\n", "`enterprise` is a value of Kind");
}

Test(check, unknown_type)
{
    check_error("define x: intger = 1\n", "unknown type `intger`");
}

Test(check, unknown_type_suggests)
{
    check_error("define x: Tire = tier\n", "did you mean `Tier`?");
}

/* One typo, one message: after an unknown type the value's names are not
 * reported again (the type is an error type, which accepts anything). */
Test(check, unknown_type_does_not_cascade_to_enum_values)
{
    check_error("define x: Tire = none\n", "unknown type `Tire`");
}

Test(check, unknown_type_in_a_record)
{
    check_error("record R {\n  a: Nope\n}\n", "unknown type `Nope`");
}

Test(check, unknown_member)
{
    check_error("define x: bool = sub.flg\n", "Sub has no member `flg`");
    cr_assert(strstr(pol_test_diagnostics(), "did you mean `flag`?"), "%s", pol_test_diagnostics());
}

Test(check, member_of_a_non_record)
{
    check_error("define x: bool = n.flag\n", "`n` is integer, which has no members");
}

Test(check, unknown_enum_value)
{
    check_error("define x: Kind = Kind.nope\n", "`nope` is not a value of Kind");
}

Test(check, unknown_enum_value_in_comparison)
{
    check_error("define x: bool = tier = little_gaint\n", "did you mean `little_giant`?");
}

Test(check, unknown_function)
{
    check_error("define x: integer = foo(1)\n", "unknown function `foo`");
}

Test(check, unknown_measure)
{
    check_error("define x: bool = nope is granted\n", "unknown measure `nope`");
}

Test(check, measure_used_as_a_value)
{
    check_error("measure m\n  article \"1\"\n  title \"m\"\n  amount in kind\ndefine x: bool = m\n",
                "`m` is a measure, not a value");
}

Test(check, function_used_without_arguments)
{
    check_error("define f(a: integer): integer = a\ndefine x: integer = f\n", "`f` takes arguments");
}

/* ------------------------------------------------------------ optionals */

Test(check, optional_in_arithmetic)
{
    check_error("define x: integer = opt_n + 1\n", "this is optional integer and may be absent; arithmetic needs a value");
}

Test(check, optional_as_a_required_value)
{
    check_error("define x: money = opt_amt\n", "this is optional money and may be absent");
}

Test(check, optional_in_an_ordering)
{
    check_error("define x: bool = opt_n > 1\n", "a comparison needs a value");
}

Test(check, optional_member_of_an_optional_record)
{
    check_error("define x: bool = opt_sub.flag\n", "this is optional bool and may be absent");
}

Test(check, both_sides_may_be_absent)
{
    check_error("define x: bool = opt_n = opt_n\n", "both sides of `=` may be absent");
}

Test(check, otherwise_on_a_required_value)
{
    check_error("define x: integer = n otherwise 0\n", "this is integer and is never absent, so `otherwise` has no effect");
}

Test(check, otherwise_of_the_wrong_type)
{
    check_error("define x: integer = opt_n otherwise 1 元\n",
                "the value used when `opt_n` is absent must be integer, found money");
}

Test(check, is_present_on_a_required_value)
{
    check_error("define x: bool = n is present\n", "this is integer and is never absent");
}

Test(check, narrowing_does_not_survive_or)
{
    check_error("define x: bool = opt_n is present or opt_n > 3\n", "a comparison needs a value");
}

Test(check, narrowing_does_not_reach_the_else_branch)
{
    check_error("define x: integer = if opt_n is present then 0 else opt_n\n", "may be absent");
}

Test(check, narrowing_does_not_leak_to_another_measure)
{
    check_error_at("measure m1\n  article \"1\"\n  title \"a\"\n  when opt_n is present\n  amount in kind\n"
                   "measure m2\n  article \"2\"\n  title \"b\"\n  when opt_n > 1\n  amount in kind\n",
                   "t.pol:44:8", "this is optional integer and may be absent");
}

Test(check, narrowing_does_not_leak_to_the_next_rule)
{
    check_error_at("define x: integer\n  rule a when opt_n is present: opt_n\n  rule b when flag: opt_n\n  default 0\n",
                   "t.pol:38:21", "this is optional integer and may be absent");
}

/* `a.v is present` narrows the item of `a`, not `b.v` for another variable
 * over the same list (docs/language.md once listed this as a known issue). */
Test(check, narrowing_is_per_quantifier_variable)
{
    check_error("define x: bool = any a in items where a.v is present and (any b in items where b.v > 1)\n",
                "may be absent");
}

/* ------------------------------------------------------------- money */

Test(check, unrounded_money_as_money)
{
    check_error("define x: money = 30% of rev\n", "the value of `x` must be money: this amount is not rounded yet");
    cr_assert(strstr(pol_test_diagnostics(), "help: declare `x` as `unrounded money` to keep it exact, and round once, where the amount is granted"),
              "%s", pol_test_diagnostics());
}

Test(check, unrounded_money_divided)
{
    check_error("define x: money = rev / 3\n", "this amount is not rounded yet");
}

/* Unrounded money is a value like any other: every operation keeps it
 * exact, and it stays unrounded money until the policy rounds it. */
Test(check, unrounded_money_is_computed_with)
{
    static const struct { const char *value; PolTypeKind kind; } cases[] = {
        {"rev × 30% + rev", POL_T_UMONEY},
        {"rev - rev × 30%", POL_T_UMONEY},
        {"-(rev / 3)", POL_T_UMONEY},
        {"rev / 3 × 3", POL_T_UMONEY},
        {"2 × (rev / 3)", POL_T_UMONEY},
        {"50% of (rev / 3)", POL_T_UMONEY},
        {"rev / 3 / 1.5", POL_T_UMONEY},
        {"rev / 3 / rev", POL_T_DEC},
        {"rev / (rev × 30%)", POL_T_DEC},
        {"sum 30% of i.amt for i in items", POL_T_UMONEY},
        {"min(rev / 3, 10 元)", POL_T_UMONEY},
        {"max(10 元, rev × rate, rev)", POL_T_UMONEY},
        {"if flag then rev / 3 else rev", POL_T_UMONEY},
        {"if flag then rev else rev × rate", POL_T_UMONEY},
        {"opt_amt otherwise (rev / 3)", POL_T_UMONEY},
        {"(rev / 3) rounded half up to fen", POL_T_MONEY},
        {"rev / 3 > rev", POL_T_BOOL},
        {"rev = rev × rate", POL_T_BOOL},
        {"rev × rate ≤ 30 万元", POL_T_BOOL},
        {"rev / 3 is one of {10 元, 20 元}", POL_T_BOOL},
        {"opt_amt = rev / 3", POL_T_BOOL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *ty = cases[i].kind == POL_T_UMONEY ? "unrounded money" : cases[i].kind == POL_T_DEC ? "decimal"
                       : cases[i].kind == POL_T_MONEY ? "money" : "bool";
        PolChecked *c = check_ok(pol_strdup_printf("define x: %s = %s\n", ty, cases[i].value));
        cr_assert_eq(value_of(c, "x")->type->kind, cases[i].kind, "%s", cases[i].value);
    }
}

/* Money goes where unrounded money is declared, never the reverse. */
Test(check, money_is_unrounded_money_where_declared)
{
    PolChecked *c = check_ok("define half(x: unrounded money): unrounded money = x × 50%\n"
                             "define a: unrounded money = rev\n"
                             "define b: unrounded money = half(rev)\n"
                             "define c: unrounded money = half(rev / 3)\n"
                             "define d(x: unrounded money?): unrounded money = x otherwise 0 元\n"
                             "define e: unrounded money = d(opt_amt)\n"
                             "parameter p = 30% of 10 元\n"
                             "parameter q: unrounded money = 10 元\n");
    cr_assert_eq(find(&c->params, "p")->type.type->kind, POL_T_UMONEY);
    check_error("define f(x: money): money = x\ndefine y: money = f(rev / 3)\n",
                "argument `x` of `f` must be money: this amount is not rounded yet");
    cr_assert(strstr(pol_test_diagnostics(), "help: declare argument `x` of `f` as `unrounded money`"), "%s", pol_test_diagnostics());
}

Test(check, money_times_money_is_not_a_ratio)
{
    check_error("define x: unrounded money = rev × rev / rev\n", "cannot multiply money and money");
    cr_assert(strstr(pol_test_diagnostics(), "help: money is multiplied by a number or a rate"), "%s", pol_test_diagnostics());
}

Test(check, money_times_unrounded_money)
{
    check_error("define x: unrounded money = rev × (rev × rate)\n", "cannot multiply money and unrounded money");
}

Test(check, unrounded_money_times_unrounded_money)
{
    check_error("define x: unrounded money = (rev / 3) × (rev / 3)\n", "cannot multiply unrounded money and unrounded money");
}

Test(check, money_compared_with_zero)
{
    check_error("define x: bool = rev > 0\n", "cannot compare money with integer");
    cr_assert(strstr(pol_test_diagnostics(), "help: an amount is compared with an amount: write `0 元`"), "%s", pol_test_diagnostics());
}

Test(check, unrounded_money_compared_with_a_decimal)
{
    check_error("define x: bool = 1.5 <= rev / 3\n", "cannot compare decimal with unrounded money");
    cr_assert(strstr(pol_test_diagnostics(), "write `1.5 元`"), "%s", pol_test_diagnostics());
}

Test(check, money_compared_with_a_number_name)
{
    check_error("define x: bool = rev = n\n", "cannot compare money with integer");
    cr_assert(strstr(pol_test_diagnostics(), "make the number one, `n * 1 元`"), "%s", pol_test_diagnostics());
}

Test(check, unrounded_money_as_a_parameter)
{
    check_error("parameter p: money = 30% of 10 元\n", "parameter `p` must be money: this amount is not rounded yet");
    cr_assert(strstr(pol_test_diagnostics(), "help: declare parameter `p` as `unrounded money`"), "%s", pol_test_diagnostics());
}

Test(check, unrounded_money_as_a_ceiling)
{
    check_error("measure m\n  article \"1\"\n  title \"m\"\n  amount capped rev\n    at most 30% of rev\n",
                "a ceiling must be money: this amount is not rounded yet");
    cr_assert(strstr(pol_test_diagnostics(), "help: round once, here where the amount is granted: `(30% of rev) rounded half up to fen`"),
              "%s", pol_test_diagnostics());
}

#define TABLE "scale t\n  up to 30000 元: 5%, deduction 0 元\n  above: 10%, deduction 1500 元\n"

Test(check, a_scale_is_applied_like_a_function)
{
    PolChecked *c = check_ok(TABLE "scale r\n  up to 1: 10%\n  above: 20%\n"
                             "define a: unrounded money = t(rev)\n"
                             "define b: unrounded money = t(rev / 3) + t(rev)\n"
                             "define d: decimal = r(n) + r(rate)\n");
    cr_assert_eq(value_of(c, "a")->type->kind, POL_T_UMONEY);
    cr_assert_eq(value_of(c, "d")->type->kind, POL_T_DEC);
    cr_assert_eq(c->scales.count, 2);
    const PolDecl *t = c->scales.items[0], *r = c->scales.items[1];
    cr_assert(t->scale_money && !t->scale_marginal);
    cr_assert(!r->scale_money && r->scale_marginal);
    cr_assert_eq(value_of(c, "a")->ref, POL_REF_SCALE);
}

Test(check, a_scale_takes_one_base)
{
    check_error(TABLE "define a: unrounded money = t(rev, rev)\n", "`t` takes 1 argument, found 2");
}

Test(check, a_scale_of_money_takes_money)
{
    check_error(TABLE "define a: unrounded money = t(n)\n", "argument `base` of `t` is money, found integer");
}

Test(check, an_optional_base)
{
    check_error(TABLE "define a: unrounded money = t(opt_amt)\n", "this is optional money and may be absent");
}

Test(check, a_scale_is_not_a_value)
{
    check_error(TABLE "define a: unrounded money = t\n", "`t` takes arguments");
}

Test(check, a_scale_in_a_parameter)
{
    check_error(TABLE "parameter p = t(10 元)\n", "parameter");
}

Test(check, money_rounded_without_a_unit)
{
    check_error("define x: money = 30% of rev rounded down\n", "missing `to fen` or `to yuan`");
}

Test(check, integer_rounded_to_fen)
{
    check_error("define x: money = n rounded down to fen\n", "only money is rounded to fen or yuan; this is integer");
}

Test(check, money_plus_integer)
{
    check_error("define x: money = rev + 1\n", "cannot add money and integer");
}

Test(check, money_times_money)
{
    check_error("define x: money = rev × rev\n", "cannot multiply money and money");
}

Test(check, of_needs_a_rate)
{
    check_error("define x: money = rev of rev\n", "`of` takes a rate on its left, found money");
}

Test(check, define_without_type_shows_the_type_of_its_value)
{
    check_error("define x = rev × 2\n", "`define x` does not say the type of its value");
    cr_assert(strstr(pol_test_diagnostics(), "this one gives money: `define x: money = …`"), "%s", pol_test_diagnostics());
}

Test(check, define_without_type_with_arguments)
{
    check_error("define f(n: integer) = n > 2\n", "`define f` does not say the type of its value");
    cr_assert(strstr(pol_test_diagnostics(), "`define f(…): bool = …`"), "%s", pol_test_diagnostics());
}

/* ------------------------------------------------------------- dates */

Test(check, date_plus_months_unrounded)
{
    check_error("define x: date = start + 1 month\n",
                "adding months to a date may land on a day that does not exist (31 January + 1 month)");
}

Test(check, date_minus_a_duration_variable_unrounded)
{
    check_error("define d: duration = 2 days\ndefine x: date = start - d\n", "adding months to a date");
}

Test(check, date_rounded_half_up)
{
    check_error("define x: date = start + 1 year rounded half up\n", "a date is rounded `down` or `up`");
}

Test(check, year_of_a_non_date)
{
    check_error("define x: integer = year(n)\n", "`year` needs date, but this is integer");
}

Test(check, within_a_non_date)
{
    check_error("define x: bool = n within period in force\n", "`within period in force` needs date, but this is integer");
}

/* ------------------------------------------------------- comparisons */

Test(check, incompatible_comparison)
{
    check_error("define x: bool = rev > 1\n", "cannot compare money with integer");
}

Test(check, enums_are_not_ordered)
{
    check_error("define x: bool = tier < little_giant\n", "values of Tier have no order");
}

Test(check, text_is_not_ordered)
{
    check_error("define x: bool = id < \"a\"\n", "values of text have no order");
}

Test(check, records_are_not_compared)
{
    check_error("define x: bool = sub = sub\n", "cannot compare Sub with Sub");
}

Test(check, one_of_with_a_value_of_another_type)
{
    check_error("define x: bool = n is one of {1, rev}\n", "`rev` is money, not integer");
}

/* ------------------------------------------------- values and functions */

Test(check, value_of_the_wrong_type)
{
    check_error("define x: integer = rev\n", "the value of `x` must be integer, found money");
}

Test(check, parameter_of_the_wrong_type)
{
    check_error("parameter p: money = 1\n", "parameter `p` must be money, found integer");
}

Test(check, branches_differ)
{
    check_error("define x: integer = if flag then 1 else rev\n",
                "the two branches differ: `then` gives integer, `else` gives money");
}

Test(check, if_condition_not_bool)
{
    check_error("define x: integer = if n then 1 else 2\n", "`if` needs a condition (true or false), but this is integer");
}

Test(check, not_of_a_number)
{
    check_error("define x: bool = not n\n", "`not` needs a condition (true or false), but this is integer");
}

Test(check, and_of_a_number)
{
    check_error("define x: bool = flag and n\n", "`and` needs a condition (true or false), but this is integer");
}

Test(check, negating_text)
{
    check_error("define x: text = -id\n", "cannot negate text");
}

Test(check, wrong_number_of_arguments)
{
    check_error("define f(a: integer): integer = a\ndefine x: integer = f(1, 2)\n", "`f` takes 1 argument, found 2");
}

Test(check, argument_of_the_wrong_type)
{
    check_error("define f(a: integer): integer = a\ndefine x: integer = f(rev)\n",
                "argument `a` of `f` is integer, found money");
}

Test(check, optional_argument_for_a_required_parameter)
{
    check_error("define f(a: integer): integer = a\ndefine x: integer = f(opt_n)\n",
                "this is optional integer and may be absent; `f` needs a value");
}

Test(check, argument_declared_twice)
{
    check_error("define f(a: integer, a: integer): integer = 1\n", "argument `a` is declared twice");
}

Test(check, min_of_one_value)
{
    check_error("define x: integer = min(n)\n", "`min` needs at least two values");
}

Test(check, max_of_mixed_kinds)
{
    check_error("define x: money = max(rev, n)\n", "`max` compares numbers, amounts or dates of one kind; this is integer");
}

Test(check, year_with_two_arguments)
{
    check_error("define x: integer = year(start, start)\n", "`year` takes one date");
}

Test(check, expression_nested_too_deeply)
{
    char body[2048];
    int k = snprintf(body, sizeof body, "define x: integer = ");
    for (int i = 0; i < 1500; i++)
        body[k++] = '-';
    snprintf(body + k, sizeof body - (size_t)k, "1\n");
    check_error(body, "expression nested too deeply (more than");
}

/* ---------------------------------------------------------- quantifiers */

Test(check, quantifier_over_a_non_list)
{
    check_error("define x: bool = any s in n where true\n", "`any` goes over a list, but this is integer");
}

Test(check, sum_of_dates)
{
    check_error("define x: integer = sum s.on for s in items\n", "`sum` adds numbers or money, found date");
}

Test(check, sum_of_optionals)
{
    check_error("define x: integer = sum s.v for s in items\n", "this is optional integer and may be absent; `sum` needs a value");
}

Test(check, where_not_bool)
{
    check_error("define x: integer = count s in items where s.n\n", "`where` needs a condition (true or false), but this is integer");
}

Test(check, quantifier_variable_is_local)
{
    check_error("define x: bool = (any s in items where s.ok) and s.ok\n", "unknown name `s`");
}

/* -------------------------------------------------------------- rules */

Test(check, two_defaults)
{
    check_error("define x: integer\n  default 0\n  default 1\n", "`x` has more than one default");
}

Test(check, rule_label_used_twice)
{
    check_error("define x: integer\n  rule a: 1\n  rule a when flag: 2\n", "rule label `a` is used twice in `x`");
}

Test(check, exception_to_an_unknown_rule)
{
    check_error("define x: integer\n  rule base: 1\n  exception e to bsae when flag: 2\n",
                "`x` has no rule labelled `bsae`");
}

Test(check, exception_to_itself)
{
    check_error("define x: integer\n  rule base: 1\n  exception e to e when flag: 2\n", "an exception cannot override itself");
}

Test(check, exceptions_in_a_circle)
{
    check_error("define x: integer\n  rule base: 1\n  exception a to b: 2\n  exception b to a: 3\n",
                "exceptions of `x` override each other in a circle");
}

Test(check, exceptions_without_a_rule)
{
    check_error("define x: integer\n  exception e when flag: 1\n", "`x` has exceptions but no rule");
}

Test(check, rule_condition_not_bool)
{
    check_error("define x: integer\n  rule a when n: 1\n  default 0\n", "a rule's `when` needs a condition");
}

Test(check, rule_value_of_the_wrong_type)
{
    check_error("define x: integer\n  rule a when flag: rev\n  default 0\n", "the value of `x` must be integer, found money");
}

/* ------------------------------------------------------- declarations */

Test(check, duplicate_declaration)
{
    check_error("parameter p = 1\nparameter p = 2\n", "`p` is declared twice");
}

Test(check, duplicate_across_kinds)
{
    check_error("define p: integer = 1\nmeasure p\n  article \"1\"\n  title \"t\"\n  amount in kind\n", "`p` is declared twice");
}

Test(check, duplicate_enum_value)
{
    check_error("enum E { a, b, a }\n", "`a` is listed twice in enum E");
}

Test(check, duplicate_member)
{
    check_error("record R {\n  a: bool\n  a: integer\n}\n", "member `a` is declared twice");
}

Test(check, list_of_a_non_record)
{
    check_error("record R {\n  a: list of integer\n}\n", "`list of integer`: lists of integer are not supported");
}

Test(check, at_least_on_money)
{
    check_error("record R {\n  a: money, at least 0\n}\n", "`at least` applies to integers");
}

Test(check, required_when_names_a_non_enum)
{
    check_error("record R {\n  a: bool\n  b: bool, required when a = x\n}\n", "`a` is not an enum member of R");
}

Test(check, required_when_names_an_unknown_value)
{
    check_error("record R {\n  k: Kind\n  b: bool, required when k = nope\n}\n", "`nope` is not a value of Kind");
}

Test(check, required_when_names_values_of_its_enum)
{
    check_error_at("record R {\n  k: Kind\n  b: bool, required when k is one of {enterprise, nope}\n}\n", "t.pol:38:51",
                   "`nope` is not a value of Kind");
    pol_test_reset_diagnostics();
    check_ok("record R {\n  k: Kind\n  b: bool, required when k is one of {enterprise, service_org}, absent otherwise\n}\n");
}

Test(check, required_when_needs_a_plain_type)
{
    check_error_at("record R {\n  k: Kind\n  b: optional bool, required when k = enterprise\n}\n", "t.pol:38:15",
                   "`b` is optional bool: a member `required when` is written with its plain type");
    pol_test_reset_diagnostics();
    check_error("record R {\n  k: Kind\n  b: bool or null, required when k = enterprise\n}\n",
                "`b` is optional bool: a member `required when` is written with its plain type");
}

Test(check, absent_otherwise_follows_required_when)
{
    check_error_at("record R {\n  b: bool, absent otherwise\n}\n", "t.pol:37:12", "`absent otherwise` follows a `required when`");
}

Test(check, bounds_of_integers_and_lists)
{
    check_ok("record R {\n  a: integer, 0 to 9\n  b: integer, at most 3\n  c: list of Item, 1 to 4 items\n"
             "  d: optional list of Item, at most 4 items\n  e: list of Item, at least 1 item\n}\n");
    pol_test_reset_diagnostics();
    check_error_at("record R {\n  a: list of Item, at most 20\n}\n", "t.pol:37:20", "`a` is a list: its bound counts items");
    pol_test_reset_diagnostics();
    check_error_at("record R {\n  a: integer, at most 20 items\n}\n", "t.pol:37:15",
                   "`items` bounds the length of a list; `a` is integer");
    pol_test_reset_diagnostics();
    check_error_at("record R {\n  a: money, 0 to 9\n}\n", "t.pol:37:13",
                   "a bound applies to an integer or to the length of a list; `a` is money");
    pol_test_reset_diagnostics();
    check_error("record R {\n  a: money, at most 9\n}\n", "a bound applies to an integer or to the length of a list; `a` is money");
    pol_test_reset_diagnostics();
    check_error_at("record R {\n  a: integer, 9 to 1\n}\n", "t.pol:37:15", "`9 to 1` holds no value: the first bound is above the second");
}

/* -------------------------------------------------------------- cycles */

Test(check, cycle_between_definitions)
{
    check_error("define a: integer = b + 1\ndefine b: integer = a\n", "depends on itself");
}

Test(check, definition_depends_on_itself)
{
    check_error("define a: integer = a + 1\n", "`a` depends on itself");
}

Test(check, cycle_through_functions)
{
    check_error("define f(x: integer): integer = g(x)\ndefine g(x: integer): integer = f(x)\n", "depends on itself");
}

Test(check, cycle_through_a_measure)
{
    check_error("measure m\n  article \"1\"\n  title \"t\"\n  when m is granted\n  amount in kind\n",
                "`m` depends on itself");
}

Test(check, cycle_between_measures_and_definitions)
{
    check_error("define d: bool = m is granted\n"
                "measure m\n  article \"1\"\n  title \"t\"\n  when d\n  amount in kind\n",
                "depends on itself");
}

Test(check, parameter_depends_on_itself)
{
    check_error("parameter p = p + 1\n", "parameter `p` depends on itself");
}

Test(check, parameters_depend_on_each_other)
{
    check_error("parameter p = q + 1\nparameter q = p\n", "depends on itself");
}

/* ---------------------------------------------------------- parameters */

Test(check, parameter_reads_a_fact)
{
    check_error("parameter p = n + 1\n", "parameter reads the fact `n`");
}

Test(check, parameter_reads_a_definition)
{
    check_error("define d: integer = 1\nparameter p = d\n", "parameter reads definition `d`");
}

Test(check, parameter_reads_the_evaluation_date)
{
    check_error("parameter p = evaluation date\n", "a parameter cannot depend on the evaluation");
}

Test(check, parameter_calls_a_function)
{
    check_error("define f(a: integer): integer = a\nparameter p = f(1)\n", "a parameter cannot call `f`");
}

/* -------------------------------------------------------------- header */

Test(check, missing_policy_header)
{
    expect_one_error_in(check_text(SCHEMA), "no header", "missing policy header");
}

Test(check, missing_facts)
{
    expect_one_error_in(check_text(HEADER "parameter p = 1\n"), "no facts", "missing facts declaration");
}

Test(check, header_without_title_is_fine)
{
    PolChecked *c = check_text("policy \"t\"\n  in force from 2025-01-01 for 3 years\n" SCHEMA);
    cr_assert_not_null(c, "a policy without a title was refused:\n%s", pol_test_diagnostics());
    cr_assert_null(c->policy->title);
    cr_assert_eq(c->policy->scheme, POL_SCHEME_GRANT, "the kind of scheme is grant unless the header says");
}

Test(check, header_kind_of_scheme)
{
    PolChecked *c = check_text("policy \"t\"\n  in force from 2025-01-01 for 3 years\n  kind relief\n" SCHEMA);
    cr_assert_not_null(c, "%s", pol_test_diagnostics());
    cr_assert_eq(c->policy->scheme, POL_SCHEME_RELIEF);
    c = check_text("policy \"t\"\n  kind service\n  in force from 2025-01-01 for 3 years\n" SCHEMA);
    cr_assert_not_null(c, "%s", pol_test_diagnostics());
    cr_assert_eq(c->policy->scheme, POL_SCHEME_SERVICE);
}

Test(check, header_without_period)
{
    expect_one_error_in(check_text("policy \"t\"\n  title \"T\"\n" SCHEMA), "no period",
                        "the policy header has no period in force");
}

Test(check, policy_ends_before_it_starts)
{
    expect_one_error_in(check_text("policy \"t\"\n  title \"T\"\n  in force from 2025-01-01 through 2024-12-31\n" SCHEMA),
                        "reversed period", "the policy ends before it starts");
}

Test(check, period_ends_on_a_day_that_does_not_exist)
{
    expect_one_error_in(check_text("policy \"t\"\n  title \"T\"\n  in force from 2024-02-29 for 1 year\n" SCHEMA),
                        "29 February + 1 year", "the period in force does not end on a day that exists");
}

Test(check, second_policy_header)
{
    expect_one_error_in(check_text(HEADER SCHEMA "policy \"u\"\n  title \"U\"\n"), "two headers", "second policy header");
}

Test(check, second_facts_block)
{
    expect_one_error_in(check_text(HEADER SCHEMA "facts {\n  other: text\n}\n"), "two facts", "second facts block");
}

Test(check, identified_by_a_non_text)
{
    expect_one_error_in(check_text(HEADER "  identified by n\n" SCHEMA), "identified by n",
                        "`identified by` names a text member of the facts; `n` is not one");
}

Test(check, as_of_a_non_date)
{
    expect_one_error_in(check_text(HEADER "  as of nope\n" SCHEMA), "as of nope",
                        "`as of` names a date member of the facts; `nope` is not one");
}

Test(check, applies_when_not_bool)
{
    expect_one_error_in(check_text(HEADER "  applies when n\n" SCHEMA), "applies when n",
                        "`applies when` needs a condition (true or false), but this is integer");
}

Test(check, applies_when_depends_on_a_measure)
{
    expect_one_error_in(check_text(HEADER "  applies when m is granted\n" SCHEMA
                                   "measure m\n  article \"1\"\n  title \"t\"\n  amount in kind\n"),
                        "applies when m is granted", "`applies when` depends on whether `m` is granted");
}

Test(check, applies_when_depends_on_a_measure_through_a_definition)
{
    expect_one_error_in(check_text(HEADER "  applies when d\n" SCHEMA "define d: bool = m is granted\n"
                                   "measure m\n  article \"1\"\n  title \"t\"\n  amount in kind\n"),
                        "applies when d", "`applies when` uses `d`, which depends on whether a measure is granted");
}

Test(check, duration_in_the_facts)
{
    check_error("record R {\n  term: duration\n}\n", "a duration cannot be read from facts");
}

/* ------------------------------------------------------------ measures */

Test(check, measure_without_article)
{
    check_error("measure m\n  title \"t\"\n  amount in kind\n", "measure `m` has no article");
}

Test(check, measure_without_title_or_responsible_is_fine)
{
    PolChecked *c = check_ok("measure m\n  article \"1\"\n  amount in kind\n");
    const PolDecl *m = find(&c->measures, "m");
    cr_assert_null(m->title_text);
    cr_assert_eq(m->nresponsible, 0);
}

#define PER_ITEM "measure m\n  article \"1\"\n  for each i in items ordered by i.on\n  subject n: i.n, on: i.on\n"

Test(check, per_item_measure)
{
    PolChecked *c = check_ok("define counted(l: list of Item): integer = count g in l\n"
                             PER_ITEM "  when i.ok\n  when counted(earlier grants) < 2\n"
                             "  when not (any g in earlier grants where g.n = i.n)\n"
                             "  amount fixed i.amt\n"
                             "measure after\n  article \"2\"\n  when m is granted\n  amount in kind\n");
    const PolDecl *m = find(&c->measures, "m");
    cr_assert_eq(m->items->type->kind, POL_T_LIST);
    cr_assert_eq(m->item_slot, 0);
    cr_assert_geq(m->nlocals, 4, "the list, the index, the position and the item");
    const PolExpr *earlier = m->conds[1]->left->args.items[0];
    cr_assert_eq(earlier->kind, POL_E_EARLIER);
    cr_assert_eq(earlier->type->kind, POL_T_LIST, "earlier grants is a list of the items");
    cr_assert_eq(earlier->type->inner, m->items->type->inner);
}

#define EARLIER_OUTSIDE "`earlier grants` has a meaning only in the clauses of a measure with `for each`"

Test(check, earlier_grants_in_a_definition)
{
    check_error("define d: integer = count g in earlier grants\n", EARLIER_OUTSIDE);
}

Test(check, earlier_grants_in_a_measure_without_for_each)
{
    check_error("measure m\n  article \"1\"\n  when (count g in earlier grants) = 0\n  amount in kind\n", EARLIER_OUTSIDE);
}

Test(check, earlier_grants_in_the_ordering)
{
    /* nothing is granted before the order is known */
    check_error("measure m\n  article \"1\"\n  for each i in items ordered by count g in earlier grants\n"
                "  subject n: i.n\n  amount in kind\n", EARLIER_OUTSIDE);
}

Test(check, for_each_over_a_record)
{
    check_error("measure m\n  article \"1\"\n  for each i in sub\n  subject n: 1\n  amount in kind\n",
                "`for each` goes over a list, but this is Sub");
}

Test(check, ordered_by_a_bool)
{
    check_error("measure m\n  article \"1\"\n  for each i in items ordered by i.ok\n  subject n: i.n\n  amount in kind\n",
                "the items cannot be ordered by bool");
}

Test(check, ordered_by_an_optional_value)
{
    check_error("measure m\n  article \"1\"\n  for each i in items ordered by i.v\n  subject n: i.n\n  amount in kind\n",
                "`ordered by` needs a value");
}

Test(check, per_item_measure_without_subject)
{
    check_error_at("measure m\n  article \"1\"\n  for each i in items\n  amount in kind\n", "t.pol:36:1",
                   "per-item measure `m` has no subject");
}

Test(check, subject_without_for_each)
{
    check_error_at("measure m\n  article \"1\"\n  subject n: n\n  amount in kind\n", "t.pol:38:3",
                   "measure `m` has a subject but no `for each`");
}

Test(check, subject_member_twice)
{
    check_error("measure m\n  article \"1\"\n  for each i in items\n  subject n: i.n, n: i.on\n  amount in kind\n",
                "`n` is named twice in the subject of `m`");
}

Test(check, subject_of_a_list)
{
    check_error("measure m\n  article \"1\"\n  for each i in items\n  subject every: items\n  amount in kind\n",
                "the subject's `every` cannot be list of Item");
}

Test(check, subject_of_optional_and_enum_values)
{
    PolChecked *c = check_ok("measure m\n  article \"1\"\n  for each i in items\n  subject v: i.v, t: tier, k: kind\n"
                             "  amount in kind\n");
    cr_assert_eq(find(&c->measures, "m")->nsubject, 3, "optional and enum values may name an item");
}

Test(check, conditions_before_for_each_are_the_measures)
{
    /* what they narrow is narrowed in the list; the later ones are each item's */
    PolChecked *c = check_ok("measure m\n  article \"1\"\n  when opt_sub is present\n  when opt_sub.flag\n"
                             "  for each i in opt_sub.items\n  subject n: i.n\n  when i.ok\n  amount in kind\n");
    const PolDecl *m = find(&c->measures, "m");
    cr_assert_eq(m->item_conds, 2, "two conditions of the measure");
    cr_assert_eq(m->nconds, 3);
    cr_assert_eq(m->items->type->kind, POL_T_LIST, "the list, narrowed");
}

Test(check, ordered_by_narrowed_before_for_each)
{
    check_ok("measure m\n  article \"1\"\n  when opt_n is present\n  for each i in items ordered by opt_n + i.n\n"
             "  subject n: i.n\n  amount in kind\n");
    check_error("measure m\n  article \"1\"\n  for each i in items ordered by opt_n + i.n\n  subject n: i.n\n"
                "  when opt_n is present\n  amount in kind\n", "arithmetic needs a value");
}

Test(check, the_item_before_for_each)
{
    check_error("measure m\n  article \"1\"\n  when i.ok\n  for each i in items\n  subject n: i.n\n  amount in kind\n",
                "unknown name `i`");
}

Test(check, earlier_grants_before_for_each)
{
    check_error("measure m\n  article \"1\"\n  when (count g in earlier grants) = 0\n  for each i in items\n"
                "  subject n: i.n\n  amount in kind\n", EARLIER_OUTSIDE);
}

Test(check, computed_amount_with_and_without_ceilings)
{
    PolChecked *c = check_ok("measure m\n  article \"1\"\n  amount computed 30% of rev rounded half up to fen\n"
                             "measure n\n  article \"2\"\n  amount computed rev - 1 元\n    at most 5 元\n");
    cr_assert_eq(find(&c->measures, "m")->basis, POL_BASIS_COMPUTED);
    cr_assert_eq(find(&c->measures, "n")->ncaps, 1);
}

Test(check, computed_amount_must_be_rounded)
{
    check_error("measure m\n  article \"1\"\n  amount computed 30% of rev\n", "the amount must be money");
}

Test(check, source_is_text)
{
    PolChecked *c = check_ok("measure m\n  article \"1\"\n  source \"财税〔2023〕12号\"\n  amount in kind\n");
    cr_assert_not_null(find(&c->measures, "m")->source);
    check_error("measure m\n  article \"1\"\n  source 12\n  amount in kind\n",
                "the source of measure `m` must be text, found integer");
}

Test(check, granted_at_zero_needs_money)
{
    PolChecked *c = check_ok("measure m\n  article \"1\"\n  amount fixed 0 元\n  granted at zero\n");
    cr_assert(find(&c->measures, "m")->zero_granted);
    check_error_at("measure m\n  article \"1\"\n  amount in kind\n  granted at zero\n", "t.pol:39:3",
                   "measure `m` is granted at zero, but it grants no amount");
}

Test(check, measure_without_amount)
{
    check_error("measure m\n  article \"1\"\n  title \"t\"\n", "measure `m` has no amount");
}

Test(check, measure_condition_not_bool)
{
    check_error("measure m\n  article \"1\"\n  title \"t\"\n  when n\n  amount in kind\n",
                "`when` needs a condition (true or false), but this is integer");
}

Test(check, amount_not_money)
{
    check_error("measure m\n  article \"1\"\n  title \"t\"\n  amount fixed 5\n", "the amount must be money, found integer");
}

Test(check, unrounded_amount)
{
    check_error("measure m\n  article \"1\"\n  title \"t\"\n  amount fixed 30% of rev\n",
                "the amount must be money: this amount is not rounded yet");
    cr_assert(strstr(pol_test_diagnostics(), "help: round once, here where the amount is granted"), "%s", pol_test_diagnostics());
}

Test(check, capped_without_ceiling)
{
    check_error("measure m\n  article \"1\"\n  title \"t\"\n  amount capped rev\n", "capped measure `m` has no ceiling");
}

Test(check, ceiling_without_capped_amount)
{
    check_error("measure m\n  article \"1\"\n  title \"t\"\n  amount fixed rev\n  at most 1 元\n",
                "a ceiling belongs to a capped or computed amount");
}

Test(check, optional_ceiling_without_if_present)
{
    check_error("measure m\n  article \"1\"\n  title \"t\"\n  amount capped rev\n  at most opt_amt\n",
                "this ceiling is optional money and may be absent");
}

Test(check, if_present_on_a_required_ceiling)
{
    check_error("measure m\n  article \"1\"\n  title \"t\"\n  amount capped rev\n  at most rev if present\n",
                "this ceiling is money and is never absent");
}

Test(check, ceiling_not_money)
{
    check_error("measure m\n  article \"1\"\n  title \"t\"\n  amount capped rev\n  at most 5\n",
                "a ceiling must be money, found integer");
}

/* -------------------------------------------------------- positive cases */

Test(check, checked_policy_summary)
{
    PolChecked *c = check_text("policy \"t\"\n  title \"T\"\n  in force from 2025-01-01 for 3 years\n"
                               "  identified by id\n  as of start\n  applies when flag\n" SCHEMA
                               "parameter p1 = 1\nparameter p2 = 2\n"
                               "define d1: integer = p2\nmeasure m1\n  article \"1\"\n  title \"a\"\n  amount in kind\n"
                               "define d2: bool = true\n");
    cr_assert_not_null(c, "%s", pol_test_diagnostics());
    cr_assert_str_eq(c->policy->name, "t");
    cr_assert_eq(c->force_from, 20089);    /* 2025-01-01 */
    cr_assert_eq(c->force_last, 21183);    /* 2027-12-31: three years, end exclusive */
    cr_assert_eq(c->id_member, 0);
    cr_assert_eq(c->date_member, 8);
    cr_assert_eq(c->facts->count, 15);
    cr_assert_str_eq(c->facts->members[4].name, "opt_n");
    cr_assert_eq(c->facts->members[4].value_type->kind, POL_T_OPT);
    cr_assert_eq(c->facts->members[4].type->kind, POL_T_INT);
    /* a list member is a plain list */
    cr_assert_eq(c->facts->members[13].value_type->kind, POL_T_LIST);
    cr_assert_eq(c->facts->members[9].presence, POL_PRESENCE_NULLABLE);
    cr_assert_eq(c->params.count, 2);
    cr_assert_eq(c->defines.count, 2);
    cr_assert_str_eq(c->defines.items[1]->name, "d2");
    cr_assert_eq(c->defines.items[1]->index, 1);
    cr_assert_eq(c->measures.count, 1);
    cr_assert_eq(c->nenums, 2);
    cr_assert_eq(c->nrecords, 2);
    cr_assert_eq(value_of(c, "d1")->ref, POL_REF_PARAM);
    cr_assert_eq(value_of(c, "d1")->ref_decl->index, 1);
}

Test(check, period_through_a_date)
{
    PolChecked *c = check_text("policy \"t\"\n  title \"T\"\n  in force from 2025-03-01 through 2028-02-29\n" SCHEMA);
    cr_assert_not_null(c);
    cr_assert_eq(c->force_from, 20148);
    cr_assert_eq(c->force_last, 20148 + 365 + 366 + 365 - 1);
    cr_assert_eq(c->id_member, -1);
    cr_assert_eq(c->date_member, -1);
}

Test(check, types_of_arithmetic)
{
    PolChecked *c = check_ok("define a: money = rev × 2\n"
                             "define b: money = rev × rate rounded down to fen\n"
                             "define c: money = rev / 2 rounded half even to fen\n"
                             "define d: decimal = rev / rev\n"
                             "define e: decimal = 1 + 1.5\n"
                             "define f: integer = 1 + 2\n"
                             "define g: integer = start - start\n"
                             "define h: date = start + 10 days\n"
                             "define i: duration = 1 month + 10 days\n"
                             "define j: decimal = n × rate\n"
                             "define k: money = rev rounded half up to yuan\n"
                             "define l: money = 30% of rev rounded down to fen\n"
                             "define m: decimal = 50% of 3\n"
                             "define o: money = 2 × rev\n"
                             "define q: date = start + 1 month rounded up\n"
                             "define r: decimal = min(n, rate)\n"
                             "define s: money = -rev\n"
                             "define t: decimal = n / 2\n"
                             "define u: decimal = 1\n");
    assert_kind(value_of(c, "a"), POL_T_MONEY, "rev × 2");
    assert_kind(value_of(c, "b"), POL_T_MONEY, "(rev × rate) rounded");
    assert_kind(value_of(c, "b")->left, POL_T_UMONEY, "rev × rate");
    assert_kind(value_of(c, "c")->left, POL_T_UMONEY, "rev / 2");
    assert_kind(value_of(c, "d"), POL_T_DEC, "rev / rev");
    assert_kind(value_of(c, "e"), POL_T_DEC, "1 + 1.5");
    assert_kind(value_of(c, "f"), POL_T_INT, "1 + 2");
    assert_kind(value_of(c, "g"), POL_T_INT, "start - start");
    assert_kind(value_of(c, "h"), POL_T_DATE, "start + 10 days");
    assert_kind(value_of(c, "i"), POL_T_DUR, "1 month + 10 days");
    assert_kind(value_of(c, "j"), POL_T_DEC, "n × rate");
    assert_kind(value_of(c, "k"), POL_T_MONEY, "rev rounded to yuan");
    assert_kind(value_of(c, "k")->left, POL_T_MONEY, "rev");
    assert_kind(value_of(c, "l")->left, POL_T_UMONEY, "30% of rev");
    assert_kind(value_of(c, "l")->left->left, POL_T_DEC, "30%");
    assert_kind(value_of(c, "m"), POL_T_DEC, "50% of 3");
    assert_kind(value_of(c, "o"), POL_T_MONEY, "2 × rev");
    assert_kind(value_of(c, "q"), POL_T_DATE, "start + 1 month rounded up");
    assert_kind(value_of(c, "r"), POL_T_DEC, "min(n, rate)");
    assert_kind(value_of(c, "s"), POL_T_MONEY, "-rev");
    assert_kind(value_of(c, "t"), POL_T_DEC, "n / 2");
    assert_kind(value_of(c, "u"), POL_T_INT, "1 where a decimal is expected");
}

Test(check, fact_references)
{
    PolChecked *c = check_ok("define a: bool = sub.flag\ndefine b: money = rev\ndefine c: integer = count s in sub.items where s.ok\n");
    const PolExpr *a = value_of(c, "a");
    cr_assert_eq(a->kind, POL_E_MEMBER);
    cr_assert_eq(a->ref_index, 0);
    cr_assert_str_eq(a->path, "sub.flag");
    cr_assert_eq(a->left->ref, POL_REF_FACT);
    cr_assert_eq(a->left->ref_index, 11);
    const PolExpr *b = value_of(c, "b");
    cr_assert_eq(b->ref, POL_REF_FACT);
    cr_assert_eq(b->ref_index, 6);
    cr_assert_str_eq(b->path, "rev");
    const PolExpr *q = value_of(c, "c");
    assert_kind(q, POL_T_INT, "count");
    cr_assert_eq(q->ref_index, 0);                  /* list, index and accumulator in slots 0-2 */
    cr_assert_eq(q->cond->left->ref, POL_REF_LOCAL);
    cr_assert_eq(q->cond->left->ref_index, 3);      /* the variable in slot 3 */
    cr_assert_str_eq(q->cond->path, "sub.items[].ok");
    cr_assert_eq(find(&c->defines, "c")->nlocals, 4);
}

Test(check, optional_record_members_are_optional)
{
    PolChecked *c = check_ok("define a: bool = opt_sub.flag otherwise false\ndefine b: integer = count s in opt_sub.items\n");
    const PolExpr *a = value_of(c, "a");
    assert_kind(a->left, POL_T_OPT, "opt_sub.flag");
    cr_assert(a->left->negated, "the member of an optional record is read with FIELD_OPT");
    /* a list in an absent record is an empty list */
    assert_kind(value_of(c, "b")->left, POL_T_LIST, "opt_sub.items");
}

Test(check, narrowing_in_measure_conditions)
{
    PolChecked *c = check_ok("measure m\n  article \"1\"\n  title \"t\"\n"
                             "  when opt_n is present\n  when opt_n > 3\n"
                             "  when opt_sub.paid is present\n  when opt_sub.paid > 1 元 and opt_sub.flag\n"
                             "  amount capped opt_amt otherwise rev\n    at most opt_sub.paid\n");
    const PolDecl *m = find(&c->measures, "m");
    const PolExpr *gt = m->conds[1];
    cr_assert(gt->left->unwrap, "opt_n is narrowed after `opt_n is present`");
    assert_kind(gt->left, POL_T_INT, "narrowed opt_n");
    const PolExpr *both = m->conds[3];
    cr_assert(both->left->left->unwrap);
    assert_kind(both->left->left, POL_T_MONEY, "narrowed opt_sub.paid");
    /* opt_sub.paid present implies opt_sub present */
    cr_assert(both->right->left->unwrap, "opt_sub is narrowed by its member");
    assert_kind(both->right, POL_T_BOOL, "opt_sub.flag");
    assert_kind(m->caps[0].expr, POL_T_MONEY, "narrowed ceiling");
}

Test(check, narrowing_in_if_and_conjunctions)
{
    PolChecked *c = check_ok("define a: integer = if opt_n is present then opt_n + 1 else 0\n"
                             "define b: integer = if opt_n is absent then 0 else opt_n\n"
                             "define c: bool = opt_n is present and opt_n > 1\n"
                             "define d: bool = not (opt_n is absent) and opt_n > 1\n"
                             "define e: bool = opt_n is absent or opt_n > 1\n"
                             "define f: bool = any s in items where s.v is present and s.v > 1\n"
                             "define g: integer\n  rule a when opt_n is present: opt_n\n  default 0\n");
    cr_assert(value_of(c, "a")->left->left->unwrap);
    cr_assert(value_of(c, "b")->right->unwrap);
    cr_assert(value_of(c, "c")->right->left->unwrap);
    cr_assert(value_of(c, "d")->right->left->unwrap);
    cr_assert(value_of(c, "e")->right->left->unwrap, "`x is absent or x > 1`: x is present on the right");
    cr_assert(!value_of(c, "a")->cond->left->unwrap, "the test itself reads the optional value");
    const PolDecl *g = find(&c->defines, "g");
    cr_assert(g->rules[0].value->unwrap);
}

Test(check, enum_values_resolve_by_context)
{
    PolChecked *c = check_ok("define a: bool = kind = service_org\n"
                             "define b: bool = tier is one of {srdi_sme, little_giant}\n"
                             "define k: Kind = if flag then service_org else enterprise\n"
                             "define f(x: Tier): bool = x = none\n"
                             "define g: bool = f(little_giant)\n"
                             "define t: Tier\n  rule a when flag: little_giant\n  default none\n"
                             "define e: Kind = Kind.service_org\n"
                             "define o: bool = kind ≠ enterprise\n");
    const PolExpr *a = value_of(c, "a");
    cr_assert_eq(a->right->ref, POL_REF_ENUM_VALUE);
    cr_assert_eq(a->right->ref_index, 1);
    assert_kind(a->right, POL_T_ENUM, "service_org");
    const PolExpr *b = value_of(c, "b");
    cr_assert_eq(b->args.items[0]->ref_index, 1);
    cr_assert_eq(b->args.items[1]->ref_index, 2);
    const PolExpr *k = value_of(c, "k");
    cr_assert_eq(k->left->ref, POL_REF_ENUM_VALUE);
    cr_assert_eq(k->left->ref_index, 1);
    cr_assert_eq(k->right->ref_index, 0);
    cr_assert_eq(value_of(c, "f")->right->ref_index, 0);
    const PolExpr *g = value_of(c, "g");
    cr_assert_eq(g->ref, POL_REF_DEFINE);
    cr_assert_eq(g->args.items[0]->ref, POL_REF_ENUM_VALUE);
    cr_assert_eq(g->args.items[0]->ref_index, 2);
    const PolDecl *t = find(&c->defines, "t");
    cr_assert_eq(t->rules[0].value->ref_index, 2);
    cr_assert_eq(t->rules[1].value->ref_index, 0);
    const PolExpr *e = value_of(c, "e");
    cr_assert_eq(e->kind, POL_E_NAME);
    cr_assert_eq(e->ref, POL_REF_ENUM_VALUE);
    cr_assert_eq(e->ref_index, 1);
    cr_assert_eq(value_of(c, "o")->right->ref_index, 0);
}

Test(check, enum_value_beats_a_fact_of_the_same_name)
{
    PolChecked *c = check_ok("enum Colour { n, rev }\ndefine x: Colour = n\ndefine y: integer = n\n");
    cr_assert_eq(value_of(c, "x")->ref, POL_REF_ENUM_VALUE);
    cr_assert_eq(value_of(c, "x")->ref_index, 0);
    cr_assert_eq(value_of(c, "y")->ref, POL_REF_FACT);
}

Test(check, parameters_are_checked_in_dependency_order)
{
    PolChecked *c = check_ok("parameter a = b + 1\nparameter b = 2 × c\nparameter c = 10%\nparameter d: decimal = 1\n");
    cr_assert_eq(find(&c->params, "a")->type.type->kind, POL_T_DEC);
    cr_assert_eq(find(&c->params, "b")->type.type->kind, POL_T_DEC);
    cr_assert_eq(find(&c->params, "c")->type.type->kind, POL_T_DEC);
    cr_assert_eq(find(&c->params, "d")->type.type->kind, POL_T_DEC);
    cr_assert_eq(find(&c->params, "a")->index, 0);
}

Test(check, rules_with_exceptions)
{
    PolChecked *c = check_ok("define x: integer\n"
                             "  default 0\n"
                             "  rule base: 1\n"
                             "  rule other when flag: 2\n"
                             "  exception big to base when n > 100: 3\n"
                             "  exception bigger to big when n > 1000: 4\n"
                             "  exception any_case when opt_n is present: opt_n\n");
    const PolDecl *d = find(&c->defines, "x");
    cr_assert_eq(d->rules[0].parent, -1);
    cr_assert_eq(d->rules[1].parent, -1);
    cr_assert_eq(d->rules[2].parent, -1);
    cr_assert_eq(d->rules[3].parent, 1);
    cr_assert_eq(d->rules[4].parent, 3);
    cr_assert_eq(d->rules[5].parent, -1);
    cr_assert(d->rules[5].value->unwrap);
}

Test(check, stdlib_style_functions)
{
    PolChecked *c = check_ok("define between(day: date, first: date, last: date): bool = day >= first and day <= last\n"
                             "define since_start(day: date): bool = between(day, policy start, evaluation date)\n"
                             "define x: bool = since_start(start) and start within period in force\n");
    const PolDecl *b = find(&c->defines, "between");
    cr_assert_eq(b->nparams, 3);
    cr_assert_eq(b->rules[0].value->left->left->ref, POL_REF_LOCAL);
    cr_assert_eq(b->rules[0].value->left->left->ref_index, 0);
    cr_assert_eq(b->rules[0].value->right->right->ref_index, 2);
}
