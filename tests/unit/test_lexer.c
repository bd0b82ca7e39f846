/*
 * test_lexer.c — the flex scanner driven directly through its reentrant API
 * (pol_yylex_init_extra, pol_yy_scan_bytes, pol_yylex): every keyword and
 * punctuation token, each literal form with its exact value, locations in
 * characters, comments, text escapes, and the diagnostic of each malformed
 * literal: counted once in pol_diags, and the literal still returned as the
 * token it was meant to be (with a zero value), so parsing goes on without
 * follow-on errors; a stray character is reported and skipped.
 */
#include <criterion/criterion.h>
#include <gc.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "scan.h"
#include "parser.h"
/* The generated header declares the scanner again, as the parser does. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wredundant-decls"
#include "lexer.h"
#include "keywords.h"
#pragma GCC diagnostic pop
#include "source.h"
#include "support.h"

/* ------------------------------------------------------------ harness */

/* Diagnostics go to a temporary file so that tests can read them back. */

/* Everything printed to stderr since the test started. */

/* Whether a diagnostic was reported at `where` ("t.pol:LINE:COL"), whatever
 * the format puts around it. */

TestSuite(lexer, .init = pol_test_capture_diagnostics);

typedef struct Tok {
    int kind;
    POL_YYSTYPE val;
    POL_YYLTYPE loc;
} Tok;

#define MAXTOK 128
static Tok toks[MAXTOK];

/* Scans text[0..len) to the end; returns the number of tokens. */
static int lex_n(const char *text, size_t len)
{
    PolSource *src = pol_source_from_text("t.pol", text, len);
    struct PolScanExtra *extra = GC_MALLOC(sizeof *extra);
    extra->src = src;
    extra->ds = &pol_test_ds;
    extra->line = 1;
    extra->col = 0;
    extra->prev_line = 1;
    extra->prev_col = 0;
    extra->bad_at_token = -1;
    yyscan_t scanner;
    cr_assert_eq(pol_yylex_init_extra(extra, &scanner), 0);
    YY_BUFFER_STATE buf = pol_yy_scan_bytes(text, (int)len, scanner);
    int n = 0;
    for (;;) {
        POL_YYSTYPE val;
        POL_YYLTYPE loc;
        memset(&val, 0, sizeof val);
        memset(&loc, 0, sizeof loc);
        int t = pol_yylex(&val, &loc, scanner);
        if (t == 0)
            break;
        cr_assert_lt(n, MAXTOK, "too many tokens in %s", text);
        toks[n].kind = t;
        toks[n].val = val;
        toks[n].loc = loc;
        n++;
    }
    pol_yy_delete_buffer(buf, scanner);
    pol_yylex_destroy(scanner);
    return n;
}

static int lex(const char *text) { return lex_n(text, strlen(text)); }

/* Exactly one token of kind `kind`, no diagnostics. */
static Tok *one(const char *text, int kind)
{
    int n = lex(text);
    cr_assert_eq(n, 1, "`%s`: %d tokens, expected 1", text, n);
    cr_assert_eq(toks[0].kind, kind, "`%s`: token %d, expected %d", text, toks[0].kind, kind);
    cr_assert_eq(pol_test_ds.errors, 0, "`%s`: unexpected diagnostics:\n%s", text, pol_test_diagnostics());
    return &toks[0];
}

/* Exactly one name, `name`, no diagnostics. */
static Tok *ident(const char *text, const char *name)
{
    Tok *t = one(text, IDENT);
    cr_assert_str_eq(t->val.str, name);
    return t;
}

/* Exactly one token of `kind` and exactly one error whose text contains `msg`. */
static Tok *one_error(const char *text, int kind, const char *msg)
{
    int n = lex(text);
    cr_assert_eq(n, 1, "`%s`: %d tokens, expected 1", text, n);
    cr_assert_eq(toks[0].kind, kind, "`%s`: token %d, expected %d", text, toks[0].kind, kind);
    cr_assert_eq(pol_test_ds.errors, 1, "`%s`: %d errors, expected 1", text, pol_test_ds.errors);
    cr_assert(strstr(pol_test_diagnostics(), msg), "`%s`: expected a diagnostic containing `%s`, got:\n%s", text, msg, pol_test_diagnostics());
    return &toks[0];
}

static void assert_loc(const Tok *t, int fl, int fc, int ll, int lc)
{
    cr_assert(t->loc.first_line == fl && t->loc.first_column == fc && t->loc.last_line == ll && t->loc.last_column == lc,
              "location %d:%d-%d:%d, expected %d:%d-%d:%d", t->loc.first_line, t->loc.first_column,
              t->loc.last_line, t->loc.last_column, fl, fc, ll, lc);
}

static void assert_money(const char *text, int64_t fen)
{
    pol_test_ds.errors = 0;
    Tok *t = one(text, MONEY);
    cr_assert_eq(t->val.expr->kind, POL_E_MONEY);
    cr_assert_eq(t->val.expr->lit.fen, fen, "`%s` is %lld fen, expected %lld", text,
                 (long long)t->val.expr->lit.fen, (long long)fen);
}

static void assert_dec_tok(const char *text, int kind, int64_t num, int64_t den)
{
    Tok *t = one(text, kind);
    cr_assert_eq(t->val.expr->kind, POL_E_DEC);
    cr_assert(t->val.expr->lit.dec.num == num && t->val.expr->lit.dec.den == den, "`%s` is %lld/%lld, expected %lld/%lld",
              text, (long long)t->val.expr->lit.dec.num, (long long)t->val.expr->lit.dec.den, (long long)num, (long long)den);
}

static void assert_duration(const char *text, int32_t months, int32_t days)
{
    Tok *t = one(text, DURATION);
    cr_assert_eq(t->val.expr->kind, POL_E_DUR);
    cr_assert(t->val.expr->lit.dur.months == months && t->val.expr->lit.dur.days == days,
              "`%s` is %d months %d days, expected %d months %d days", text, t->val.expr->lit.dur.months,
              t->val.expr->lit.dur.days, months, days);
}

/* ----------------------------------------------------------- keywords */

static const struct { const char *word; int token; } keywords[] = {
    {"policy", POLICY}, {"title", TITLE}, {"source", SOURCE}, {"in", IN}, {"force", FORCE},
    {"from", FROM}, {"for", FOR}, {"through", THROUGH}, {"applies", APPLIES}, {"when", WHEN},
    {"identified", IDENTIFIED}, {"by", BY}, {"as", AS}, {"of", OF}, {"import", IMPORT},
    {"module", MODULE}, {"enum", ENUM}, {"record", RECORD}, {"facts", FACTS},
    {"optional", OPTIONAL}, {"or", OR}, {"null", NULL_}, {"required", REQUIRED}, {"at", AT},
    {"parameter", PARAMETER}, {"define", DEFINE}, {"rule", RULE}, {"exception", EXCEPTION},
    {"to", TO}, {"default", DEFAULT}, {"measure", MEASURE}, {"article", ARTICLE},
    {"responsible", RESPONSIBLE}, {"amount", AMOUNT}, {"fixed", FIXED}, {"capped", CAPPED},
    {"per", PER}, {"otherwise", OTHERWISE}, {"is", IS}, {"any", ANY}, {"all", ALL},
    {"count", COUNT}, {"sum", SUM}, {"where", WHERE}, {"if", IF}, {"then", THEN},
    {"else", ELSE}, {"and", AND}, {"not", NOT}, {"true", TRUE_}, {"false", FALSE_},
    {"rounded", ROUNDED}, {"list", LIST}, {"evaluation", EVALUATION}, {"date", DATE_KW},
    {"within", WITHIN},
};

Test(lexer, every_keyword)
{
    size_t nk = sizeof keywords / sizeof keywords[0];
    cr_assert_eq(nk, 56);
    for (size_t i = 0; i < nk; i++) {
        Tok *t = one(keywords[i].word, keywords[i].token);
        int len = (int)strlen(keywords[i].word);
        assert_loc(t, 1, 1, 1, len);
    }
}

Test(lexer, keyword_prefix_or_suffix_is_a_name)
{
    for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++) {
        char buf[64];
        snprintf(buf, sizeof buf, "%sx", keywords[i].word);
        Tok *t = one(buf, IDENT);
        cr_assert_str_eq(t->val.str, buf);
        snprintf(buf, sizeof buf, "_%s", keywords[i].word);
        t = one(buf, IDENT);
        cr_assert_str_eq(t->val.str, buf);
    }
    /* keywords are case-sensitive */
    cr_assert_str_eq(one("Policy", IDENT)->val.str, "Policy");
    cr_assert_str_eq(one("AND", IDENT)->val.str, "AND");
}

Test(lexer, keywords_after_a_dot_are_member_names)
{
    int n = lex("x.count . policy.date");
    cr_assert_eq(n, 7);
    int kinds[] = {IDENT, '.', IDENT, '.', IDENT, '.', IDENT};
    const char *names[] = {"x", NULL, "count", NULL, "policy", NULL, "date"};
    for (int i = 0; i < n; i++) {
        cr_assert_eq(toks[i].kind, kinds[i], "token %d is %d", i, toks[i].kind);
        if (names[i])
            cr_assert_str_eq(toks[i].val.str, names[i]);
    }
    assert_loc(&toks[2], 1, 3, 1, 7);
    assert_loc(&toks[3], 1, 9, 1, 9);
    assert_loc(&toks[4], 1, 11, 1, 16);
    cr_assert_eq(pol_test_ds.errors, 0);
}

Test(lexer, a_name_in_backticks_is_a_name_whatever_the_word)
{
    assert_loc(ident("`amount`", "amount"), 1, 1, 1, 8);
    ident("`registered-capital`", "registered-capital");
    ident("`注册资本`", "注册资本");
    ident("`2025_total`", "2025_total");   /* a digit may come first between backticks */
    int n = lex("x.`date` `when`when");
    int kinds[] = {IDENT, '.', IDENT, IDENT, WHEN};
    cr_assert_eq(n, 5);
    for (int i = 0; i < n; i++)
        cr_assert_eq(toks[i].kind, kinds[i], "token %d is %d", i, toks[i].kind);
    cr_assert_str_eq(toks[2].val.str, "date");
    cr_assert_str_eq(toks[3].val.str, "when");
    cr_assert_eq(pol_test_ds.errors, 0);
}

Test(lexer, backticks_around_what_cannot_be_a_name)
{
    cr_assert_eq(lex("`fee amount` x"), 1);
    cr_assert_eq(pol_test_ds.errors, 1);
    cr_assert(strstr(pol_test_diagnostics(), "error[E0117]: `fee amount` cannot be a name"), "%s", pol_test_diagnostics());
    cr_assert(pol_test_diag_at("t.pol:1:1"), "%s", pol_test_diagnostics());
}

Test(lexer, backticks_empty_or_with_a_dot)
{
    cr_assert_eq(lex("`` `a.b`"), 0);
    cr_assert_eq(pol_test_ds.errors, 2);
    cr_assert(strstr(pol_test_diagnostics(), "error[E0117]: `` cannot be a name"), "%s", pol_test_diagnostics());
    cr_assert(strstr(pol_test_diagnostics(), "error[E0117]: `a.b` cannot be a name"), "%s", pol_test_diagnostics());
}

Test(lexer, a_name_in_backticks_not_closed_on_its_line)
{
    int n = lex("`revenue\nx");
    cr_assert_eq(n, 1);
    cr_assert_eq(toks[0].kind, IDENT);
    cr_assert_str_eq(toks[0].val.str, "x");
    cr_assert_eq(pol_test_ds.errors, 1);
    cr_assert(strstr(pol_test_diagnostics(), "error[E0118]: a name in backticks is not closed"), "%s", pol_test_diagnostics());
}

Test(lexer, a_dot_before_a_newline_or_digit_returns_to_normal_scanning)
{
    int n = lex("a.\n  policy\nb.5");
    /* a . POLICY b . INT: after the dot a newline, then a keyword */
    cr_assert_eq(n, 6);
    cr_assert_eq(toks[1].kind, '.');
    cr_assert_eq(toks[2].kind, POLICY);
    assert_loc(&toks[2], 2, 3, 2, 8);
    cr_assert_eq(toks[3].kind, IDENT);
    assert_loc(&toks[3], 3, 1, 3, 1);
    cr_assert_eq(toks[4].kind, '.');
    cr_assert_eq(toks[5].kind, INT);
    cr_assert_eq(toks[5].val.expr->lit.i, 5);
    assert_loc(&toks[5], 3, 3, 3, 3);
}

/* -------------------------------------------------------- punctuation */

Test(lexer, punctuation_ascii_and_unicode)
{
    const char *text = "( ) { } , : ? + - * × / ÷ = != ≠ < <= ≤ > >= ≥ .";
    int expect[] = {'(', ')', '{', '}', ',', ':', '?', '+', '-', '*', '*', '/', '/', '=',
                    NE, NE, '<', LE, LE, '>', GE, GE, '.'};
    int n = lex(text);
    cr_assert_eq(n, (int)(sizeof expect / sizeof expect[0]));
    for (int i = 0; i < n; i++)
        cr_assert_eq(toks[i].kind, expect[i], "token %d: %d, expected %d", i, toks[i].kind, expect[i]);
    /* columns in characters: × ÷ ≠ ≤ ≥ are one column each */
    assert_loc(&toks[10], 1, 21, 1, 21);   /* × */
    assert_loc(&toks[12], 1, 25, 1, 25);   /* ÷ */
    assert_loc(&toks[14], 1, 29, 1, 30);   /* != */
    assert_loc(&toks[15], 1, 32, 1, 32);   /* ≠ */
    assert_loc(&toks[22], 1, 48, 1, 48);   /* . */
    cr_assert_eq(pol_test_ds.errors, 0);
}

/* The Unicode operator signs end a name: `a×b≤c` is five tokens. */
Test(lexer, operators_need_no_spaces)
{
    int n = lex("a×b≤c");
    cr_assert_eq(n, 5);
    int expect[] = {IDENT, '*', IDENT, LE, IDENT};
    for (int i = 0; i < n; i++)
        cr_assert_eq(toks[i].kind, expect[i]);
    cr_assert_str_eq(toks[0].val.str, "a");
    cr_assert_str_eq(toks[2].val.str, "b");
    assert_loc(&toks[4], 1, 5, 1, 5);
}

Test(lexer, unexpected_character_is_reported_and_skipped)
{
    int n = lex("a @ b");
    cr_assert_eq(n, 2);
    cr_assert_str_eq(toks[0].val.str, "a");
    cr_assert_str_eq(toks[1].val.str, "b");
    assert_loc(&toks[1], 1, 5, 1, 5);
    cr_assert_eq(pol_test_ds.errors, 1);
    cr_assert(strstr(pol_test_diagnostics(), "unexpected character `@`"), "%s", pol_test_diagnostics());
    cr_assert(pol_test_diag_at("t.pol:1:3"), "%s", pol_test_diagnostics());
}

Test(lexer, invalid_bytes)
{
    int n = lex_n("a\0b", 3);
    cr_assert_eq(n, 2);
    cr_assert_eq(toks[0].kind, IDENT);
    cr_assert_eq(toks[1].kind, IDENT);
    assert_loc(&toks[1], 1, 3, 1, 3);
    cr_assert_eq(pol_test_ds.errors, 1);
    cr_assert(strstr(pol_test_diagnostics(), "invalid byte 0x00"), "%s", pol_test_diagnostics());

    pol_test_reset_diagnostics();
    n = lex("ab\xff");
    cr_assert_eq(n, 1);
    cr_assert_str_eq(toks[0].val.str, "ab");
    cr_assert_eq(pol_test_ds.errors, 1);
    cr_assert(strstr(pol_test_diagnostics(), "invalid byte 0xff"), "%s", pol_test_diagnostics());
}

/* -------------------------------------------------------------- money */

Test(lexer, money_in_yuan)
{
    assert_money("500000 元", 50000000);
    assert_money("500000元", 50000000);
    assert_money("500000 yuan", 50000000);
    assert_money("500000\tyuan", 50000000);
    assert_money("0.01 元", 1);
    assert_money("12.3 元", 1230);
    assert_money("1,000 元", 100000);
    assert_money("0 元", 0);
}

Test(lexer, money_in_wan_and_yi)
{
    assert_money("50 万元", 50000000);
    assert_money("30万元", 30000000);
    assert_money("1.5 亿元", 15000000000);
    assert_money("0.005 万元", 5000);
    assert_money("0.0000001 亿元", 1000);
}

Test(lexer, money_with_yen_sign)
{
    assert_money("¥500,000.00", 50000000);
    assert_money("¥ 12.34", 1234);
    assert_money("¥1", 100);
    assert_money("¥1,234,567.8", 123456780);
}

Test(lexer, money_location_counts_characters)
{
    Tok *t = one("500000 元", MONEY);
    assert_loc(t, 1, 1, 1, 8);
    t = one("¥500,000.00", MONEY);
    assert_loc(t, 1, 1, 1, 11);
    t = one("1.5 亿元", MONEY);
    assert_loc(t, 1, 1, 1, 6);
}

Test(lexer, money_below_a_fen_is_an_error)
{
    Tok *t = one_error("0.005 元", MONEY, "`0.005 元` is not a whole number of fen");
    cr_assert_eq(t->val.expr->lit.fen, 0);
}

Test(lexer, money_below_a_fen_with_yen_sign_is_an_error)
{
    one_error("¥1.234", MONEY, "is not a whole number of fen");
}

/* Digits past int64 are reported, and the scanner still knows where the
 * number ends (read_number sets its length on overflow too), so the unit
 * after it is read as usual. */
Test(lexer, money_too_large)
{
    one_error("99999999999999999999 元", MONEY, "is too large");
}

Test(lexer, money_too_large_after_the_unit)
{
    /* 10^11 亿元 = 10^21 fen */
    Tok *t = one_error("100000000000 亿元", MONEY, "is too large");
    cr_assert_eq(t->val.expr->lit.fen, 0);
}

/* The largest amount facts may carry (POL_MONEY_FACT_MAX) can be written
 * as a literal: its fen fit in int64 although its digits times 100 would
 * not, so the scanner must not multiply before it scales. */
Test(lexer, largest_fact_amount_as_a_literal)
{
    assert_money("999999999999999.99 元", POL_MONEY_FACT_MAX);
}

Test(lexer, large_money_literal)
{
    assert_money("92233720368547758 元", INT64_C(9223372036854775800));
}

/* -------------------------------------------------------- percentages */

Test(lexer, percentages_are_exact_rationals)
{
    assert_dec_tok("30%", PERCENT, 3, 10);
    assert_dec_tok("12.5%", PERCENT, 1, 8);
    assert_dec_tok("100%", PERCENT, 1, 1);
    assert_dec_tok("0.5%", PERCENT, 1, 200);
    assert_dec_tok("0%", PERCENT, 0, 1);
    assert_dec_tok("1,000%", PERCENT, 10, 1);
    Tok *t = one("12.5%", PERCENT);
    assert_loc(t, 1, 1, 1, 5);
}

Test(lexer, percentage_too_precise)
{
    Tok *t = one_error("0.00000000000000000001%", PERCENT, "too large or too precise");
    cr_assert_eq(t->val.expr->lit.dec.num, 0);
}

/* ------------------------------------------------------------ numbers */

Test(lexer, integers_and_decimals)
{
    Tok *t = one("42", INT);
    cr_assert_eq(t->val.expr->kind, POL_E_INT);
    cr_assert_eq(t->val.expr->lit.i, 42);
    t = one("9223372036854775807", INT);
    cr_assert_eq(t->val.expr->lit.i, INT64_MAX);
    t = one("007", INT);
    cr_assert_eq(t->val.expr->lit.i, 7);
    assert_dec_tok("1.25", DECIMAL, 5, 4);
    assert_dec_tok("0.1", DECIMAL, 1, 10);
    assert_dec_tok("2.50", DECIMAL, 5, 2);
    assert_dec_tok("3.0", DECIMAL, 3, 1);
}

Test(lexer, integer_too_large)
{
    Tok *t = one_error("9223372036854775809", INT, "the number `9223372036854775809` is too large");
    cr_assert_eq(t->val.expr->lit.i, 0);
    /* 2^63: the parser keeps it only negated (parser/least_integer) */
    pol_test_reset_diagnostics();
    t = one("9223372036854775808", INT);
    cr_assert_eq(t->val.expr->lit.i, INT64_MIN);
}

Test(lexer, decimal_with_too_many_digits)
{
    Tok *t = one_error("0.1234567890123456789", DECIMAL, "has too many digits");
    cr_assert_eq(t->val.expr->lit.dec.num, 0);
}

/* -------------------------------------------------------------- dates */

Test(lexer, valid_dates)
{
    Tok *t = one("2025-03-01", DATE);
    cr_assert_eq(t->val.expr->kind, POL_E_DATE);
    cr_assert_eq(t->val.expr->lit.date, 20148);
    assert_loc(t, 1, 1, 1, 10);
    t = one("2024-02-29", DATE);
    cr_assert_eq(t->val.expr->lit.date, 19782);
    t = one("1970-01-01", DATE);
    cr_assert_eq(t->val.expr->lit.date, 0);
    t = one("9999-12-31", DATE);
    cr_assert_eq(t->val.expr->lit.date, 2932896);
}

Test(lexer, february_29_of_a_common_year_is_an_error)
{
    Tok *t = one_error("2025-02-29", DATE, "`2025-02-29` is not a date");
    cr_assert_eq(t->val.expr->lit.date, 0);
}

Test(lexer, month_13_is_an_error)
{
    one_error("2025-13-01", DATE, "`2025-13-01` is not a date");
}

Test(lexer, date_minus_is_not_a_date)
{
    /* spaces make it a subtraction of integers */
    int n = lex("2025 - 03 - 01");
    cr_assert_eq(n, 5);
    int expect[] = {INT, '-', INT, '-', INT};
    for (int i = 0; i < n; i++)
        cr_assert_eq(toks[i].kind, expect[i]);
    cr_assert_eq(toks[4].val.expr->lit.i, 1);
}

/* ---------------------------------------------------------- durations */

Test(lexer, durations)
{
    assert_duration("3 years", 36, 0);
    assert_duration("1 year", 12, 0);
    assert_duration("2 months", 2, 0);
    assert_duration("1 month", 1, 0);
    assert_duration("12 months", 12, 0);
    assert_duration("10 days", 0, 10);
    assert_duration("1 day", 0, 1);
    assert_duration("3\tyears", 36, 0);
    assert_duration("10000 years", 120000, 0);
    Tok *t = one("3 years", DURATION);
    assert_loc(t, 1, 1, 1, 7);
}

Test(lexer, duration_too_long)
{
    Tok *t = one_error("10001 years", DURATION, "the duration `10001 years` is too long");
    cr_assert_eq(t->val.expr->lit.dur.months, 0);
}

/* The same for a duration: too many digits are reported, not misread. */
Test(lexer, duration_digits_overflow)
{
    one_error("99999999999999999999 years", DURATION, "is too long");
}

Test(lexer, ascii_operators_need_no_spaces)
{
    int n = lex("a*b<=c");
    cr_assert_eq(n, 5);
    int expect[] = {IDENT, '*', IDENT, LE, IDENT};
    for (int i = 0; i < n; i++)
        cr_assert_eq(toks[i].kind, expect[i]);
    assert_loc(&toks[4], 1, 6, 1, 6);
}

Test(lexer, number_then_name_is_not_a_duration)
{
    int n = lex("3 weeks");
    cr_assert_eq(n, 2);
    cr_assert_eq(toks[0].kind, INT);
    cr_assert_eq(toks[1].kind, IDENT);
    cr_assert_str_eq(toks[1].val.str, "weeks");
}

/* -------------------------------------------------------- identifiers */

Test(lexer, utf8_identifiers)
{
    assert_loc(ident("中文名", "中文名"), 1, 1, 1, 3);
    assert_loc(ident("企业_2", "企业_2"), 1, 1, 1, 4);
    ident("_x9", "_x9");
    assert_loc(ident("Ünïcode", "Ünïcode"), 1, 1, 1, 7);
}

Test(lexer, columns_are_counted_in_characters)
{
    int n = lex("中文名 = 1\n  中文 b × 名");
    cr_assert_eq(n, 7);
    assert_loc(&toks[0], 1, 1, 1, 3);
    cr_assert_eq(toks[1].kind, '=');
    assert_loc(&toks[1], 1, 5, 1, 5);
    cr_assert_eq(toks[2].kind, INT);
    assert_loc(&toks[2], 1, 7, 1, 7);
    cr_assert_str_eq(toks[3].val.str, "中文");
    assert_loc(&toks[3], 2, 3, 2, 4);
    cr_assert_str_eq(toks[4].val.str, "b");
    assert_loc(&toks[4], 2, 6, 2, 6);
    cr_assert_eq(toks[5].kind, '*');
    assert_loc(&toks[5], 2, 8, 2, 8);
    assert_loc(&toks[6], 2, 10, 2, 10);
}

Test(lexer, tabs_and_crlf)
{
    int n = lex("\ta\r\n\tb");
    cr_assert_eq(n, 2);
    assert_loc(&toks[0], 1, 2, 1, 2);
    assert_loc(&toks[1], 2, 2, 2, 2);
}

Test(lexer, surrogate_in_a_name_is_invalid_utf8)
{
    one_error("\xed\xa0\x80", IDENT, "a name is not valid UTF-8");
}

Test(lexer, full_width_comma_alone)
{
    int n = lex("a ， b");
    cr_assert_eq(n, 3);
    cr_assert_eq(toks[0].kind, IDENT);
    cr_assert_eq(toks[1].kind, ',');
    assert_loc(&toks[1], 1, 3, 1, 3);
    cr_assert_eq(toks[2].kind, IDENT);
    cr_assert_eq(pol_test_ds.errors, 1);
    cr_assert(strstr(pol_test_diagnostics(), "full-width `，` (U+FF0C) is not part of the language"), "%s", pol_test_diagnostics());
    cr_assert(strstr(pol_test_diagnostics(), "write the ASCII `,`"), "%s", pol_test_diagnostics());
}

Test(lexer, full_width_space_is_named_and_read_as_a_space)
{
    int n = lex("a\xe3\x80\x80" "b");
    cr_assert_eq(n, 2);
    cr_assert_eq(toks[0].kind, IDENT);
    cr_assert_eq(toks[1].kind, IDENT);
    cr_assert_eq(pol_test_ds.errors, 1);
    cr_assert(strstr(pol_test_diagnostics(), "a full-width space (U+3000"), "%s", pol_test_diagnostics());
}

Test(lexer, text_without_its_opening_quote_is_one_error)
{
    int n = lex("title 长沙市 奖励\"\nwhen");
    cr_assert_eq(n, 3);
    cr_assert_eq(toks[0].kind, TITLE);
    cr_assert_eq(toks[1].kind, STRING);
    cr_assert_str_eq(toks[1].val.str, "长沙市 奖励");
    assert_loc(&toks[1], 1, 7, 1, 13);
    cr_assert_eq(toks[2].kind, WHEN);
    cr_assert_eq(pol_test_ds.errors, 1);
    cr_assert(strstr(pol_test_diagnostics(), "this text has no opening quote"), "%s", pol_test_diagnostics());
}

Test(lexer, a_name_before_an_expression_is_no_text_without_quote)
{
    /* `:` and `=` between the name and the quote: the text starts later */
    int n = lex("define label: text = Award\"");
    cr_assert_eq(n, 6);
    cr_assert_eq(toks[1].kind, IDENT);
    cr_assert_eq(toks[5].kind, STRING);
    cr_assert_str_eq(toks[5].val.str, "Award");
    cr_assert_eq(pol_test_ds.errors, 1);
}

Test(lexer, full_width_parentheses)
{
    int n = lex("（");
    cr_assert_eq(n, 1);
    cr_assert_eq(toks[0].kind, '(');
    cr_assert_eq(pol_test_ds.errors, 1);
    cr_assert(strstr(pol_test_diagnostics(), "full-width `（`"), "%s", pol_test_diagnostics());
}

Test(lexer, full_width_comma_after_a_name)
{
    /* as a Chinese input method types it: two names and a comma */
    int n = lex("a，b");
    cr_assert_eq(n, 3);
    cr_assert_str_eq(toks[0].val.str, "a");
    cr_assert_eq(toks[1].kind, ',');
    assert_loc(&toks[1], 1, 2, 1, 2);
    cr_assert_str_eq(toks[2].val.str, "b");
    cr_assert_eq(pol_test_ds.errors, 1, "%s", pol_test_diagnostics());
}

Test(lexer, every_full_width_stand_in)
{
    static const struct { const char *text; int token; } wide[] = {
        {"，", ','}, {"：", ':'}, {"（", '('}, {"）", ')'}, {"｛", '{'}, {"｝", '}'}, {"＝", '='},
        {"、", ','}, {"？", '?'}, {"＋", '+'}, {"－", '-'}, {"＜", '<'}, {"＞", '>'},
    };
    for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++) {
        pol_test_reset_diagnostics();
        char buf[32];
        snprintf(buf, sizeof buf, "x%sy", wide[i].text);
        int n = lex(buf);
        cr_assert_eq(n, 3, "`%s`: %d tokens", buf, n);
        cr_assert_eq(toks[1].kind, wide[i].token, "`%s`", buf);
        cr_assert_eq(pol_test_ds.errors, 1, "`%s`", buf);
    }
}

Test(lexer, other_chinese_punctuation_is_reported_and_skipped)
{
    int n = lex("a。b");
    cr_assert_eq(n, 2);
    cr_assert_str_eq(toks[0].val.str, "a");
    cr_assert_str_eq(toks[1].val.str, "b");
    cr_assert_eq(pol_test_ds.errors, 1);
    cr_assert(strstr(pol_test_diagnostics(), "Chinese punctuation `。` (U+3002) is not part of the language"), "%s", pol_test_diagnostics());
}

Test(lexer, enum_values_typed_with_a_full_width_comma)
{
    int n = lex("{ none，small }");
    int expect[] = {'{', IDENT, ',', IDENT, '}'};
    cr_assert_eq(n, 5);
    for (int i = 0; i < n; i++)
        cr_assert_eq(toks[i].kind, expect[i]);
    cr_assert_str_eq(toks[3].val.str, "small");
    cr_assert_eq(pol_test_ds.errors, 1);
}

Test(lexer, chinese_quotes_cannot_start_text)
{
    Tok *t = one_error("“专精特新”", STRING, "Chinese quotation marks do not delimit text");
    cr_assert_str_eq(t->val.str, "专精特新");
    cr_assert(strstr(pol_test_diagnostics(), "write text between ASCII double quotes: \"专精特新\""), "%s", pol_test_diagnostics());
}

/* ----------------------------------------------------------- comments */

Test(lexer, comments_run_to_the_end_of_the_line)
{
    int n = lex("# a comment \"with quotes\" and 中文 and policy\na # trailing ¥1.234\n  #\nb");
    cr_assert_eq(n, 2);
    cr_assert_str_eq(toks[0].val.str, "a");
    assert_loc(&toks[0], 2, 1, 2, 1);
    cr_assert_str_eq(toks[1].val.str, "b");
    assert_loc(&toks[1], 4, 1, 4, 1);
    cr_assert_eq(pol_test_ds.errors, 0);
}

Test(lexer, comment_at_end_of_input)
{
    int n = lex("x #");
    cr_assert_eq(n, 1);
    cr_assert_eq(toks[0].kind, IDENT);
}

/* -------------------------------------------------------------- text */

Test(lexer, text_with_escapes)
{
    Tok *t = one("\"a\\\"b\\\\c\\nd\\te\"", STRING);
    cr_assert_str_eq(t->val.str, "a\"b\\c\nd\te");
    assert_loc(t, 1, 1, 1, 15);
}

Test(lexer, text_in_chinese)
{
    Tok *t = one("\"专精特新\"", STRING);
    cr_assert_str_eq(t->val.str, "专精特新");
    assert_loc(t, 1, 1, 1, 6);
    t = one("\"\"", STRING);
    cr_assert_str_eq(t->val.str, "");
}

Test(lexer, text_with_a_hash_is_not_a_comment)
{
    int n = lex("\"a # b\" c");
    cr_assert_eq(n, 2);
    cr_assert_str_eq(toks[0].val.str, "a # b");
    cr_assert_str_eq(toks[1].val.str, "c");
}

Test(lexer, unknown_escape)
{
    Tok *t = one_error("\"a\\qb\"", STRING, "unknown escape `\\q` in text");
    cr_assert_str_eq(t->val.str, "aqb");
}

Test(lexer, unterminated_text)
{
    int n = lex("\"abc\nx");
    cr_assert_eq(n, 2);
    cr_assert_eq(toks[0].kind, STRING);
    cr_assert_str_eq(toks[0].val.str, "abc");
    cr_assert_eq(toks[1].kind, IDENT);
    assert_loc(&toks[1], 2, 1, 2, 1);
    cr_assert_eq(pol_test_ds.errors, 1);
    cr_assert(strstr(pol_test_diagnostics(), "unterminated text"), "%s", pol_test_diagnostics());
}

Test(lexer, text_not_utf8)
{
    Tok *t = one_error("\"a\xff\"", STRING, "text is not valid UTF-8");
    cr_assert_str_eq(t->val.str, "");
}

/* ----------------------------------------------------- whole sentences */

Test(lexer, a_measure_clause)
{
    int n = lex("amount capped 30% of digital.procurement_total rounded down to fen\n    at most 30 万元");
    int expect[] = {AMOUNT, CAPPED, PERCENT, OF, IDENT, '.', IDENT, ROUNDED, IDENT, TO, IDENT, AT, IDENT, MONEY};
    cr_assert_eq(n, (int)(sizeof expect / sizeof expect[0]));
    for (int i = 0; i < n; i++)
        cr_assert_eq(toks[i].kind, expect[i], "token %d: %d, expected %d", i, toks[i].kind, expect[i]);
    cr_assert_str_eq(toks[6].val.str, "procurement_total");
    cr_assert_eq(toks[13].val.expr->lit.fen, 30000000);
    assert_loc(&toks[11], 2, 5, 2, 6);
    assert_loc(&toks[13], 2, 13, 2, 17);
}

Test(lexer, errors_do_not_stop_the_scan)
{
    int n = lex("2025-02-29 x 0.005 元 y");
    cr_assert_eq(n, 4);
    cr_assert_eq(toks[0].kind, DATE);
    cr_assert_eq(toks[1].kind, IDENT);
    cr_assert_eq(toks[2].kind, MONEY);
    cr_assert_eq(toks[3].kind, IDENT);
    assert_loc(&toks[3], 1, 22, 1, 22);
    cr_assert_eq(pol_test_ds.errors, 2);
}

/* ---------------------------------------------- characters that hide */

Test(lexer, a_name_is_one_name_whatever_its_encoding)
{
    ident("caf\xc3\xa9", "caf\xc3\xa9");
    pol_test_reset_diagnostics();
    ident("cafe\xcc\x81", "caf\xc3\xa9");          /* e and a combining acute: NFC, é */
    pol_test_reset_diagnostics();
    ident("\xef\xa4\x80\xe5\xb8\x82", "\xe8\xb1\x88\xe5\xb8\x82");   /* a CJK compatibility ideograph: its unified one */
    pol_test_reset_diagnostics();
    ident("`cafe\xcc\x81-x`", "caf\xc3\xa9-x");
}

Test(lexer, a_name_holding_an_invisible_character_is_refused_where_it_is)
{
    one_error("eligible\xe2\x80\x8b", IDENT, "error[E0119]: the name `eligible\\u{200B}` holds U+200B");
    cr_assert(pol_test_diag_at("t.pol:1:9"), "%s", pol_test_diagnostics());
    pol_test_reset_diagnostics();
    one_error("`tier\xc2\xa0size`", IDENT, "holds U+00A0");
    cr_assert(pol_test_diag_at("t.pol:1:6"), "at the character, after the backtick: %s", pol_test_diagnostics());
    pol_test_reset_diagnostics();
    one_error("a\xe2\x80\xae" "b", IDENT, "holds U+202E");
    pol_test_reset_diagnostics();
    one_error("\xe6\x95\xb0\xef\xbb\xbf", IDENT, "holds U+FEFF");
    cr_assert(pol_test_diag_at("t.pol:1:2"), "%s", pol_test_diagnostics());
}

Test(lexer, text_direction_controls_in_text_and_comments_are_refused)
{
    one_error("\"abc\xe2\x80\xae" "def\"", STRING, "error[E0120]: text holds the text-direction control U+202E");
    cr_assert(pol_test_diag_at("t.pol:1:5"), "%s", pol_test_diagnostics());
    pol_test_reset_diagnostics();
    int n = lex("x # note \xe2\x81\xa6 y\nz");
    cr_assert_eq(n, 2, "the comment is skipped");
    cr_assert_eq(pol_test_ds.errors, 1);
    cr_assert(strstr(pol_test_diagnostics(), "a comment holds the text-direction control U+2066"), "%s", pol_test_diagnostics());
    cr_assert(pol_test_diag_at("t.pol:1:10"), "%s", pol_test_diagnostics());
    pol_test_reset_diagnostics();
    one("\"a zero-width\xe2\x80\x8bspace is text\"", STRING);   /* only the controls that reorder */
}

/* pol_kw_quote_in: the syntax a help shows, in the keywords of a file. */
Test(keywords, quote_in_writes_syntax_in_the_file_s_words)
{
    const char *en = "add `amount fixed 50 万元` or `in force from 2025-03-01 for 3 years`";
    cr_assert_eq(pol_kw_quote_in(en, POL_KW_EN), en, "English is the registry's own text");
    cr_assert_str_eq(pol_kw_quote_in(en, POL_KW_ZH),
                     "add `数额 定额 50 万元` or `在 施行 自 2025-03-01 对于 3 年`");
    /* a contextual word spelt alike for two keys, told by its neighbours */
    cr_assert_str_eq(pol_kw_quote_in("`rounded down` or `up`; `half up`; `up to X`; `amount in kind`; `kind relief`", POL_KW_ZH),
                     "`取整 向下` or `向上`; `四舍 五入`; `级 到 X`; `数额 在 非资金支持`; `类别 减免`");
    /* names, members after a dot, texts and signs stay as written */
    cr_assert_str_eq(pol_kw_quote_in("`article \"one of\"`, `ordered by c.date`, `x otherwise ...`, `{a, b}`", POL_KW_ZH),
                     "`条款 \"one of\"`, `排序 依 c.date`, `x 缺省 ...`, `{a, b}`");
    /* outside backticks nothing changes; an unclosed backtick is text */
    cr_assert_str_eq(pol_kw_quote_in("the amount is `amount` and `when", POL_KW_ZH), "the amount is `数额` and `when");
}
