/*
 * test_front_edges.c — the edges of the front end's helpers, function by
 * function: the keyword tables (words in the other set, units, phrases,
 * help texts put in Chinese keywords), reading a source file (what an
 * import may and may not open), the text of a span and of a comment, and
 * the diagnostics collection's notes, warnings and one-line form.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <gc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "ast.h"
#include "diag.h"
#include "keywords.h"
#include "source.h"

static void init(void) { GC_INIT(); }

TestSuite(front_edges, .init = init);

/* ---------------------------------------------------------------- keywords */

Test(front_edges, keyword_words_in_either_set)
{
    cr_assert_str_eq(pol_kw_in("rounded", POL_KW_ZH), "取整");
    cr_assert_str_eq(pol_kw_in("rounded", POL_KW_EN), "rounded");
    cr_assert_str_eq(pol_kw_in("no_such_keyword", POL_KW_ZH), "no_such_keyword");
    cr_assert_str_eq(pol_kw_type_name(pol_ctx_word(POL_CTX_money, POL_KW_ZH)), "money");
    cr_assert_str_eq(pol_kw_type_name(pol_ctx_word(POL_CTX_text, POL_KW_ZH)), "text");
    cr_assert_str_eq(pol_kw_type_name("Tier"), "Tier");
    cr_assert_eq(pol_ctx_match(POL_CTX_money, "money"), POL_KW_EN);
    cr_assert_eq(pol_ctx_match(POL_CTX_money, pol_ctx_word(POL_CTX_money, POL_KW_ZH)), POL_KW_ZH);
    cr_assert_eq(pol_ctx_match(POL_CTX_money, "moneys"), POL_KW_UNDECIDED);
    cr_assert_str_eq(pol_kw_english("取整"), "rounded");
    cr_assert_str_eq(pol_kw_english("rounded"), "rounded");
    cr_assert_null(pol_kw_english("rounding"));
}

Test(front_edges, duration_units)
{
    PolKeywordSet set = POL_KW_UNDECIDED;
    cr_assert_eq(pol_kw_unit_of("year", &set), 0);
    cr_assert_eq(set, POL_KW_EN);
    cr_assert_eq(pol_kw_unit_of("months", &set), 1);
    cr_assert_eq(pol_kw_unit_of("天", &set), 2);
    cr_assert_eq(set, POL_KW_ZH);
    cr_assert_eq(pol_kw_unit_of("yearly", &set), -1);
    cr_assert_eq(pol_kw_unit_of("dayss", &set), -1);
    cr_assert_eq(pol_kw_unit_of("mon", &set), -1);
    cr_assert_str_eq(pol_kw_unit(0, 1, POL_KW_EN), "year");
    cr_assert_str_eq(pol_kw_unit(1, 2, POL_KW_EN), "months");
    cr_assert_str_eq(pol_kw_unit(2, 2, POL_KW_ZH), "天");
}

Test(front_edges, phrases_and_the_room_for_them)
{
    char out[64];
    cr_assert(pol_kw_phrase("rounded half up", POL_KW_EN, out, sizeof out));
    cr_assert_str_eq(out, "rounded half up");
    cr_assert_not(pol_kw_phrase("rounded half up", POL_KW_EN, out, 10), "no room for the last word");
    cr_assert_not(pol_kw_phrase("rounded", POL_KW_EN, out, 7), "no room for the NUL");
    cr_assert(pol_kw_phrase("rounded", POL_KW_EN, out, 8));
    cr_assert_not(pol_kw_phrase("", POL_KW_EN, out, 0), "no room at all");
    cr_assert(pol_kw_phrase("", POL_KW_EN, out, 1));
    cr_assert_str_eq(out, "");
    cr_assert_not(pol_kw_phrase("rounded sideways", POL_KW_EN, out, sizeof out), "not a phrase of the language");
}

Test(front_edges, help_texts_in_chinese_keywords)
{
    const char *help = "write `x otherwise 0 元`";
    cr_assert_eq(pol_kw_quote_in(help, POL_KW_EN), help, "English keywords: the text itself");
    cr_assert_null(pol_kw_quote_in(NULL, POL_KW_ZH));
    cr_assert_str_eq(pol_kw_quote_in("no quotes here", POL_KW_ZH), "no quotes here");
    cr_assert_str_eq(pol_kw_quote_in("a `rounded` and an open ` quote", POL_KW_ZH),
                     "a `取整` and an open ` quote");
    /* a text in double quotes stays as it is, even unclosed */
    cr_assert_str_eq(pol_kw_quote_in("`source \"if then\"`", POL_KW_ZH), "`依据 \"if then\"`");
    cr_assert_str_eq(pol_kw_quote_in("`source \"if then`", POL_KW_ZH), "`依据 \"if then`");
    /* units, `up` alone and in `up to`, `half up`, both kinds of `kind`, members */
    cr_assert_str_eq(pol_kw_quote_in("`x + 3 months`", POL_KW_ZH), "`x + 3 个月`");
    cr_assert_str_eq(pol_kw_quote_in("`x rounded up`", POL_KW_ZH), "`x 取整 向上`");
    cr_assert_str_eq(pol_kw_quote_in("`up to 30000 元`", POL_KW_ZH), "`级 到 30000 元`");
    cr_assert_str_eq(pol_kw_quote_in("`up  to`", POL_KW_ZH), "`级  到`");
    cr_assert_str_eq(pol_kw_quote_in("`up top`", POL_KW_ZH), "`向上 top`");
    cr_assert_str_eq(pol_kw_quote_in("`rounded half up`", POL_KW_ZH), "`取整 四舍 五入`");
    cr_assert_str_eq(pol_kw_quote_in("`amount in kind`", POL_KW_ZH), "`数额 在 非资金支持`");
    cr_assert_str_eq(pol_kw_quote_in("`kind relief`", POL_KW_ZH), "`类别 减免`");
    cr_assert_str_eq(pol_kw_quote_in("`c.if c.up if2 years.x`", POL_KW_ZH), "`c.if c.up if2 years.x`");
    cr_assert_str_eq(pol_kw_quote_in("`verylongword if`", POL_KW_ZH), "`verylongword 如果`");
}

/* ----------------------------------------------------------------- sources */

static char dir[64];

static void make_dir(void)
{
    GC_INIT();
    snprintf(dir, sizeof dir, "/tmp/polrun-front-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

static void remove_dir(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

static char *path_of(const char *name)
{
    char *p = GC_MALLOC_ATOMIC(strlen(dir) + strlen(name) + 2);
    sprintf(p, "%s/%s", dir, name);
    return p;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    fputs(text, f);
    cr_assert_eq(fclose(f), 0);
}

Test(front_edges, only_a_regular_file_is_read_as_an_import, .init = make_dir, .fini = remove_dir)
{
    char *good = path_of("good.pol"), *fifo = path_of("fifo.pol"), *link = path_of("link.pol");
    write_file(good, "\xEF\xBB\xBFpolicy \"t\"\n");
    PolSource *src = pol_source_read_regular(good, "shown.pol");
    cr_assert_not_null(src);
    cr_assert_str_eq(src->path, "shown.pol");
    cr_assert(src->bom);
    cr_assert_str_eq(src->text, "policy \"t\"\n");

    errno = 0;
    cr_assert_null(pol_source_read_regular(path_of("missing.pol"), "missing.pol"));
    cr_assert_eq(errno, ENOENT);
    errno = 0;
    cr_assert_null(pol_source_read_regular(dir, "dir"));
    cr_assert_eq(errno, EISDIR);
    cr_assert_eq(mkfifo(fifo, 0600), 0);
    errno = 0;
    cr_assert_null(pol_source_read_regular(fifo, "fifo.pol"), "a FIFO is refused, without blocking");
    cr_assert_eq(errno, EINVAL);
    cr_assert_eq(symlink(good, link), 0);
    errno = 0;
    cr_assert_null(pol_source_read_regular(link, "link.pol"), "a symbolic link is not followed");
    cr_assert_eq(errno, ELOOP);

    /* pol_source_read reads what it is given; a folder cannot be read */
    errno = 0;
    cr_assert_null(pol_source_read(dir));
    cr_assert_eq(errno, EISDIR);
    cr_assert_not_null(pol_source_read(link));
}

Test(front_edges, comments_and_the_text_of_spans)
{
    const char *text = "  # indented\n#tight\ncode # after\n\t#\r\nx = (1 +\n  # inside\n  2)\n";
    PolSource *src = pol_source_from_text("t.pol", text, strlen(text));
    cr_assert_str_eq(pol_source_comment(src, 1), "indented");
    cr_assert_str_eq(pol_source_comment(src, 2), "tight");
    cr_assert_null(pol_source_comment(src, 3), "code first");
    cr_assert_str_eq(pol_source_comment(src, 4), "");
    cr_assert_null(pol_source_comment(src, 0));
    cr_assert_null(pol_source_comment(src, src->nlines + 1));
    cr_assert_null(pol_source_comment(NULL, 1));
    size_t len;
    const char *line = pol_source_line(src, 4, &len);
    cr_assert_eq(len, 2, "the CR is no part of the line");
    cr_assert_eq(strncmp(line, "\t#", 2), 0);

    PolSpan span = {src, 5, 5, 7, 4};   /* `(1 + # inside 2)` over three lines */
    cr_assert_str_eq(pol_span_text(span), "(1 + 2)");
    PolSpan none = {NULL, 1, 1, 1, 1};
    cr_assert_str_eq(pol_span_text(none), "");
    PolSpan before = {src, 0, 1, 1, 1}, after = {src, 1, 1, src->nlines + 1, 1};
    cr_assert_str_eq(pol_span_text(before), "");
    cr_assert_str_eq(pol_span_text(after), "");
    PolSpan backwards = {src, 3, 5, 3, 1};   /* ends before it starts: nothing */
    cr_assert_str_eq(pol_span_text(backwards), "");
}

/* ------------------------------------------------------------- diagnostics */

Test(front_edges, codes_outside_the_registry_have_none)
{
    cr_assert_null(pol_diag_code(POL_NO_CODE));
    cr_assert_null(pol_diag_code(POL_DIAG_COUNT));
    cr_assert_str_eq(pol_diag_code(POL_E0301_unknown_name), "E0301");
}

Test(front_edges, notes_hang_from_the_last_error)
{
    const char *text = "a\nb\nc\n";
    PolSource *src = pol_source_from_text("t.pol", text, strlen(text));
    PolSpan l1 = {src, 1, 1, 1, 1}, l2 = {src, 2, 1, 2, 1}, l3 = {src, 3, 1, 3, 1};
    PolDiags ds;
    pol_diags_init(&ds, POL_LANG_EN);
    pol_diag_note(&ds, l1, POL_MSG_first_declaration_here);   /* no error before it: kept by none */
    cr_assert_eq(ds.count, 0);
    pol_diag_warning(&ds, POL_MSG_first_declaration_here);
    pol_diag_note(&ds, l1, POL_MSG_first_declaration_here);   /* a warning takes no note */
    cr_assert_eq(ds.warnings, 1);
    cr_assert_null(ds.items[0]->note);
    pol_diag(&ds, POL_E0301_unknown_name, l1, NULL, "x");
    pol_diag_note(&ds, l2, POL_MSG_first_declaration_here);
    pol_diag_note(&ds, l3, POL_MSG_other_step_here);
    const PolDiag *e = ds.items[1];
    cr_assert_eq(e->note->span.first_line, 2);
    cr_assert_eq(e->note->note->span.first_line, 3, "a second note after the first");
    cr_assert_null(e->note->note->note);

    /* a warning made elsewhere is counted as a warning, past the error limit too */
    PolDiags few;
    pol_diags_init(&few, POL_LANG_EN);
    few.max_errors = 1;
    pol_diag(&few, POL_E0301_unknown_name, l1, NULL, "x");
    pol_diag(&few, POL_E0301_unknown_name, l2, NULL, "y");
    cr_assert(few.suppressed);
    int kept = few.count;
    pol_diag_note(&few, l3, POL_MSG_first_declaration_here);
    cr_assert_eq(few.count, kept, "no note once suppressed");
    PolDiag w = *ds.items[0];
    pol_diags_add(&few, &w);
    cr_assert_eq(few.warnings, 1);
    cr_assert_eq(few.items[few.count - 1]->severity, POL_WARNING);
}

Test(front_edges, one_line_form_of_a_diagnostic)
{
    PolDiag d = pol_diag_error(POL_LANG_EN, POL_NO_CODE, "plain");
    cr_assert_str_eq(pol_diag_line(&d), "plain");
    d = pol_diag_error(POL_LANG_EN, POL_E0301_unknown_name, "unknown name `x`");
    cr_assert_str_eq(pol_diag_line(&d), "error[E0301]: unknown name `x`");
    d.span.first_line = 3;
    d.span.first_col = 4;
    cr_assert_str_eq(pol_diag_line(&d), "?:3:4: error[E0301]: unknown name `x`");
}

/* --------------------------------------------------------------- the tree */

Test(front_edges, dates_for_the_last_ceiling_or_rule_of_a_declaration_without_one)
{
    const char *text = "measure m\n  article \"1\"\n  amount fixed 1 元\n";
    PolSource *src = pol_source_from_text("t.pol", text, strlen(text));
    PolSource *other = pol_source_from_text("u.pol", text, strlen(text));
    PolSpan head = {src, 1, 1, 1, 9};
    PolDecl *d = pol_decl_new(POL_D_MEASURE, head);
    PolRange range;
    memset(&range, 0, sizeof range);
    range.from = 5;
    PolCite cite;
    memset(&cite, 0, sizeof cite);
    pol_decl_date_last_cap(d, range);    /* nothing to date: nothing changes */
    pol_decl_date_last_rule(d, range, cite);
    cr_assert_eq(d->ncaps, 0);
    cr_assert_eq(d->nrules, 0);
    pol_decl_add_cap(d, pol_expr_new(POL_E_MONEY, head), false, head);
    pol_decl_date_last_cap(d, range);
    cr_assert_eq(d->caps[0].range.from, 5);

    /* the extent: over what the declaration holds in its own file */
    pol_decl_add_cond(d, NULL);
    PolSpan line3 = {src, 3, 3, 3, 18}, elsewhere = {other, 3, 1, 3, 30};
    pol_decl_add_cond(d, pol_expr_new(POL_E_BOOL, elsewhere));
    d->amount = pol_expr_new(POL_E_MONEY, line3);
    PolSpan e = pol_decl_extent(d);
    cr_assert_eq(e.src, src);
    cr_assert_eq(e.first_line, 1);
    cr_assert_eq(e.last_line, 3);
    cr_assert_eq(e.last_col, 18);
}
