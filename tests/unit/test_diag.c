/*
 * test_diag.c — diagnostics as values (diag.h), the loader's file reading
 * (load.h), and what a server relies on: no state shared between calls, a
 * language per call, deciding on several threads at once.
 */
#define GC_THREADS
#include <criterion/criterion.h>
#include <gc.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "check.h"
#include "compile.h"
#include "decide.h"
#include "diag.h"
#include "load.h"
#include "parse.h"

static void init(void) { GC_INIT(); }

TestSuite(diag, .init = init);

#define POLICY(extra) \
    "policy \"t\"\n" \
    "  title \"T\"\n" \
    "  in force from 2025-01-01 for 3 years\n" \
    "  identified by id\n" \
    "enum Tier { none, little_giant }\n" \
    "facts {\n  id: text\n  tier: Tier\n  staff: integer\n}\n" \
    "measure award\n  article \"1\"\n  title \"A\"\n  when tier = " extra "\n" \
    "  amount fixed 100 元\n"

/* Checks text as the file t.pol, reporting to ds. */
static PolChecked *check_text(const char *text, PolDiags *ds)
{
    PolSource *src = pol_source_from_text("t.pol", text, strlen(text));
    PolDeclList decls = pol_parse_source(src, NULL, ds);
    return ds->errors ? NULL : pol_check(decls, ds);
}

Test(diag, a_diagnostic_is_a_value_with_code_place_message_and_help)
{
    PolDiags ds;
    pol_diags_init(&ds, POL_LANG_EN);
    cr_assert_null(check_text(POLICY("litle_giant"), &ds));
    cr_assert_eq(ds.errors, 1);
    cr_assert_eq(ds.count, 1);
    const PolDiag *d = ds.items[0];
    cr_assert_eq(d->code, POL_E0301_unknown_name);
    cr_assert_str_eq(pol_diag_code(d->code), "E0301");
    cr_assert_str_eq(d->message, "unknown name `litle_giant`");
    cr_assert_str_eq(d->help, "did you mean `little_giant`?");
    cr_assert_str_eq(d->span.src->path, "t.pol");
    cr_assert_eq(d->span.first_line, 14);
    cr_assert_null(d->path, "not about facts");
}

Test(diag, each_collection_has_its_language)
{
    PolDiags en, zh;
    pol_diags_init(&en, POL_LANG_EN);
    pol_diags_init(&zh, POL_LANG_ZH);
    cr_assert_null(check_text(POLICY("litle_giant"), &zh));
    cr_assert_null(check_text(POLICY("litle_giant"), &en));
    cr_assert_str_eq(zh.items[0]->message, "未知名称 `litle_giant`");
    cr_assert_str_eq(zh.items[0]->help, "您是不是想写 `little_giant`？");
    cr_assert_str_eq(en.items[0]->message, "unknown name `litle_giant`");
    cr_assert_eq(zh.errors, 1, "one check leaves nothing behind for the next");
    cr_assert_eq(en.errors, 1);
}

Test(diag, a_checked_policy_checks_again_alike)
{
    for (int i = 0; i < 3; i++) {
        PolDiags ds;
        pol_diags_init(&ds, POL_LANG_EN);
        PolChecked *c = check_text(POLICY("little_giant"), &ds);
        cr_assert_not_null(c, "run %d", i);
        cr_assert_eq(ds.errors, 0);
        cr_assert_not_null(pol_compile(c, &ds));
    }
}

static int sunk;

static void count(void *data, const PolDiag *d)
{
    (void)d;
    (*(int *)data)++;
}

Test(diag, a_sink_is_told_of_each_as_it_comes_and_the_limit_holds)
{
    PolDiags ds;
    pol_diags_init(&ds, POL_LANG_EN);
    ds.max_errors = 2;
    ds.sink = count;
    ds.sink_data = &sunk;
    for (int i = 0; i < 5; i++)
        pol_diag(&ds, POL_E0701_cannot_read, (PolSpan){0}, NULL, "x.pol", "gone");
    cr_assert_eq(ds.errors, 5, "every error is counted");
    cr_assert_eq(ds.count, 3, "two kept, then E0709");
    cr_assert_eq(ds.items[2]->code, POL_E0709_too_many_errors);
    cr_assert_eq(sunk, 3);
    PolBuf out = {0};
    pol_diag_render(&out, ds.items[0], POL_FORMAT_GNU, true);
    cr_assert_str_eq(out.data, "polrun: error[E0701]: cannot read x.pol: gone\n");
}

Test(diag, notes_hang_from_their_error)
{
    PolDiags ds;
    pol_diags_init(&ds, POL_LANG_EN);
    const char *text = POLICY("little_giant") "parameter award = 1\n";
    cr_assert_null(check_text(text, &ds));
    cr_assert_eq(ds.count, 1);
    const PolDiag *d = ds.items[0];
    cr_assert_not_null(d->note, "the first declaration is shown");
    cr_assert_eq(d->note->severity, POL_NOTE);
    cr_assert_eq(d->note->span.first_line, 11);
}

/* ---- the loader's file reading ---- */

typedef struct Buffer { const char *path, *text; } Buffer;

static const char *tmp_dir(void)
{
    static char dir[] = "/tmp/polrun-test-diag.XXXXXX";
    static bool made;
    if (!made)
        cr_assert_not_null(mkdtemp(dir));
    made = true;
    return dir;
}

static const Buffer *buffer_of(void *data, const char *path)
{
    for (const Buffer *b = data; b->path; b++)
        if (strcmp(b->path, path) == 0)
            return b;
    return NULL;
}

static PolSource *read_buffer(void *data, const char *path)
{
    const Buffer *b = buffer_of(data, path);
    return b ? pol_source_from_text(path, b->text, strlen(b->text)) : pol_source_read(path);
}

static bool readable(void *data, const char *path)
{
    return buffer_of(data, path) || access(path, R_OK) == 0;
}

Test(diag, an_unsaved_buffer_of_an_import_wins_over_the_disk)
{
    const char *dir = tmp_dir();
    const char *main_path = pol_strdup_printf("%s/main.pol", dir);
    const char *lib_path = pol_strdup_printf("%s/lib.pol", dir);
    FILE *f = fopen(lib_path, "w");
    fputs("module \"lib\"\nparameter cap = 1 元\n", f);   /* on disk: no `floor` */
    fclose(f);
    f = fopen(main_path, "w");
    fputs(POLICY("little_giant") "import \"lib.pol\"\ndefine x: money = floor\n", f);
    fclose(f);
    PolDiags ds;
    pol_diags_init(&ds, POL_LANG_EN);
    PolLoaded disk = pol_load(main_path, NULL, &ds);
    cr_assert_eq(disk.nsources, 2);
    cr_assert_null(pol_check(disk.decls, &ds), "from the disk, `floor` is unknown");

    Buffer buffers[] = {{lib_path, "module \"lib\"\nparameter floor = 2 元\n"}, {NULL, NULL}};
    PolLoadOptions o = {NULL, {read_buffer, readable, buffers}};
    pol_diags_init(&ds, POL_LANG_EN);
    PolLoaded edited = pol_load(main_path, &o, &ds);
    cr_assert_eq(ds.errors, 0);
    cr_assert_str_eq(edited.sources[1]->text, buffers[0].text);
    cr_assert_not_null(pol_check(edited.decls, &ds), "the buffer is what the editor shows");
}

Test(diag, a_file_only_an_editor_has_is_loaded_too)
{
    const char *path = pol_strdup_printf("%s/new.pol", tmp_dir());
    Buffer buffers[] = {{path, POLICY("little_giant")}, {NULL, NULL}};
    PolLoadOptions o = {NULL, {read_buffer, readable, buffers}};
    PolDiags ds;
    pol_diags_init(&ds, POL_LANG_EN);
    PolLoaded l = pol_load(path, &o, &ds);
    cr_assert_eq(ds.errors, 0);
    cr_assert_eq(l.nsources, 1);
    cr_assert_not_null(pol_check(l.decls, &ds));
    pol_diags_init(&ds, POL_LANG_EN);
    pol_load(path, NULL, &ds);
    cr_assert_eq(ds.items[0]->code, POL_E0701_cannot_read, "the disk has no such file");
}

/* ---- deciding on several threads, each in its language ---- */

typedef struct Job {
    const PolProgram *p;
    PolLang lang;
    const char *message;
    int decided;
} Job;

static void *decide_many(void *arg)
{
    Job *j = arg;
    PolDecider *d = pol_decider_new(j->p);
    PolDecideOptions o = {0, false, POL_DECISION_LINE, POL_EXPLAIN_NONE, j->lang, NULL};
    pol_date_from_ymd(2025, 6, 30, &o.date);
    o.have_date = true;
    const char *good = "{\"id\":\"A\",\"tier\":\"little_giant\",\"staff\":3}";
    const char *bad = "{\"id\":\"B\",\"tier\":\"giant\",\"staff\":3}";
    for (int i = 0; i < 2000; i++) {
        PolBuf out = {0};
        PolDecideError err;
        const char *facts = i % 2 ? bad : good;
        if (pol_decide(d, facts, strlen(facts), &o, &out, &err))
            j->decided++;
        else if (!j->message)
            j->message = err.message;
        else if (strcmp(j->message, err.message) != 0)
            j->message = "messages changed language";
    }
    return NULL;
}

Test(diag, threads_decide_at_once_each_in_its_language)
{
    PolDiags ds;
    pol_diags_init(&ds, POL_LANG_EN);
    PolChecked *c = check_text(POLICY("little_giant"), &ds);
    cr_assert_not_null(c);
    PolProgram *p = pol_compile(c, &ds);
    Job jobs[4] = {{p, POL_LANG_EN, NULL, 0}, {p, POL_LANG_ZH, NULL, 0}, {p, POL_LANG_EN, NULL, 0}, {p, POL_LANG_ZH, NULL, 0}};
    pthread_t threads[4];
    for (int i = 0; i < 4; i++)
        cr_assert_eq(GC_pthread_create(&threads[i], NULL, decide_many, &jobs[i]), 0);
    for (int i = 0; i < 4; i++)
        GC_pthread_join(threads[i], NULL);
    for (int i = 0; i < 4; i++) {
        cr_assert_eq(jobs[i].decided, 1000);
        cr_assert_not_null(jobs[i].message);
        cr_assert_str_eq(jobs[i].message, jobs[i].lang == POL_LANG_ZH
                                              ? "应为以下之一：\"none\"、\"little_giant\"；实际为\"giant\""
                                              : "expected one of \"none\", \"little_giant\"; got \"giant\"");
    }
}
