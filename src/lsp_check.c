/*
 * lsp_check.c — the language server's one door into the front end: load
 * (with unsaved buffers, through the loader's file reading), check,
 * format, replay cases; diagnostics taken as values from a collection of
 * the request's own, in the client's language (see lsp_check.h).
 */
#include <errno.h>
#include <gc.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "cases.h"
#include "compile.h"
#include "decide.h"
#include "fmt.h"
#include "load.h"
#include "lsp_check.h"
#include "lsp_index.h"
#include "never.h"
#include "parse.h"

/* ---- diagnostics: the front end's values, as the server keeps them ---- */

typedef struct Diags { int count, cap; PolLspDiag *items; } Diags;

static PolLspDiag *diag_push(Diags *d)
{
    if (d->count == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 16;
        PolLspDiag *items = GC_MALLOC((size_t)d->cap * sizeof *items);
        if (d->count)
            memcpy(items, d->items, (size_t)d->count * sizeof *items);
        d->items = items;
    }
    PolLspDiag *x = &d->items[d->count++];
    memset(x, 0, sizeof *x);
    return x;
}

/* ---- fixes: the helps that say what to write ---- */

typedef enum FixKind {
    FIX_NAME,        /* did you mean `x`: the name at the end of the span becomes x */
    FIX_SPAN,        /* the span becomes the argument */
    FIX_QUOTES,      /* the span becomes the argument in ASCII double quotes */
    FIX_BACKTICKS,   /* the span (a word of the language) in backticks */
    FIX_GRANTED      /* the span becomes `x is granted` */
} FixKind;

static const struct { PolMsg msg; FixKind kind; } fix_helps[] = {
    {POL_MSG_did_you_mean, FIX_NAME},
    {POL_MSG_write_ascii, FIX_SPAN},
    {POL_MSG_ascii_quotes, FIX_QUOTES},
    {POL_MSG_keyword_as_name, FIX_BACKTICKS},
    {POL_MSG_write_is_granted, FIX_GRANTED},
};

/* The argument that the format fmt (one conversion) took to print help, or
 * NULL when help was not printed by fmt. */
static const char *template_argument(const char *fmt, const char *help)
{
    /* every help of fix_helps, in both languages, has one conversion and
     * no `%%` (src/diagnostics.h): the checks below keep a new one honest */
    const char *conv = strchr(fmt, '%');
    while (NEVER(conv && conv[1] == '%'))
        conv = strchr(conv + 2, '%');
    if (NEVER(!conv))
        return NULL;
    const char *after = conv + 1;
    while (*after && !strchr("sdc", *after))
        after++;
    if (NEVER(!*after))
        return NULL;
    after++;
    size_t prefix = (size_t)(conv - fmt), suffix = strlen(after), n = strlen(help);
    if (n < prefix + suffix || strncmp(help, fmt, prefix) != 0 || strcmp(help + n - suffix, after) != 0)
        return NULL;
    return GC_STRNDUP(help + prefix, n - prefix - suffix);
}

/* The span of the last `len` characters of span (on its last line). */
static PolSpan tail_span(PolSpan span, int chars)
{
    PolSpan s = span;
    s.first_line = span.last_line;
    s.first_col = span.last_col - chars + 1;
    /* the name ends the span's text, on its last line (a name, or the
     * member after the last dot of `a.b`) */
    if (NEVER(s.first_col < 1))
        s.first_col = 1;
    return s;
}

static int utf8_chars(const char *s)
{
    int n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xc0) != 0x80)
            n++;
    return n;
}

static void add_fixes(PolLspDiag *d, PolLang lang)
{
    if (!d->help || !d->span.src)
        return;
    for (size_t i = 0; i < sizeof fix_helps / sizeof fix_helps[0]; i++) {
        const char *arg = template_argument(pol_msg_format(lang, fix_helps[i].msg), d->help);
        if (!arg || !*arg)
            continue;
        PolLspFix f = {d->span, arg, NULL};
        const char *span_text = pol_span_text(d->span);
        switch (fix_helps[i].kind) {
        case FIX_NAME: {
            /* `digital.in_pilott`: only the name after the last dot changes */
            const char *dot = strrchr(span_text, '.');
            const char *name = dot ? dot + 1 : span_text;
            if (strchr(name, ' '))
                continue;
            f.span = tail_span(d->span, utf8_chars(name));
            break;
        }
        case FIX_SPAN: break;
        case FIX_QUOTES: f.text = pol_strdup_printf("\"%s\"", arg); break;
        case FIX_BACKTICKS: f.text = pol_strdup_printf("`%s`", span_text); break;
        case FIX_GRANTED: f.text = pol_strdup_printf("%s is granted", arg); break;
        }
        f.title = pol_msg(lang, POL_MSG_lsp_fix_replace, f.text);
        d->fixes = GC_MALLOC(sizeof *d->fixes);
        d->fixes[0] = f;
        d->nfixes = 1;
        break;
    }
}

/* The errors of ds (each with its notes) as the server keeps them; a
 * diagnostic without a place belongs to the file `file`. At most `limit`
 * of them (-1: all). */
static void take_diagnostics(Diags *out, const PolDiags *ds, const char *file, int limit, PolLang lang)
{
    for (int i = 0; i < ds->count && (limit < 0 || i < limit); i++) {
        const PolDiag *d = ds->items[i];
        PolLspDiag *x = diag_push(out);
        x->path = d->span.src ? d->span.src->path : file;
        x->span = d->span;
        x->code = pol_diag_code(d->code);
        x->message = d->message;
        x->help = d->help;
        for (const PolDiag *n = d->note; n; n = n->note) {
            PolLspNote *notes = GC_MALLOC((size_t)(x->nnotes + 1) * sizeof *notes);
            if (x->nnotes)
                memcpy(notes, x->notes, (size_t)x->nnotes * sizeof *notes);
            notes[x->nnotes].span = n->span;
            notes[x->nnotes].message = n->message;
            x->notes = notes;
            x->nnotes++;
        }
        add_fixes(x, lang);
    }
}

/* A collection for one request, in lang; errors up to a limit an editor
 * can show. */
static PolDiags diags_for(PolLang lang)
{
    PolDiags ds;
    pol_diags_init(&ds, lang);
    ds.max_errors = 200;
    return ds;
}

/* ---- loading with unsaved buffers ---- */

typedef struct Buffers {
    const PolLspBuffer *items;
    int count;
} Buffers;

static const PolLspBuffer *buffer_of(const Buffers *b, const char *path)
{
    for (int i = 0; i < b->count; i++)
        if (strcmp(b->items[i].path, path) == 0)
            return &b->items[i];
    return NULL;
}

/* The real path of a file, or path itself when only a buffer holds it (a
 * file not yet saved). */
static const char *resolve(const char *path)
{
    char real[PATH_MAX];
    return realpath(path, real) ? GC_STRDUP(real) : path;
}

/* The loader's reading (load.h): an unsaved buffer wins over the disk, and
 * every file is named by its real path, as the client knows it. */
static PolSource *read_buffer_or_file(void *data, const char *path)
{
    const char *real = resolve(path);
    const PolLspBuffer *b = buffer_of(data, real);
    if (!b)
        return pol_source_read(real);
    char *text = GC_MALLOC_ATOMIC(b->len + 1);
    memcpy(text, b->text, b->len);
    text[b->len] = '\0';
    return pol_source_from_text(real, text, b->len);
}

static bool buffer_or_file_readable(void *data, const char *path)
{
    return buffer_of(data, resolve(path)) || access(path, R_OK) == 0;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

PolLspAnalysis *pol_lsp_analyse(const char *path, const PolLspBuffer *buffers, int nbuffers, const char *stdlib_dir,
                                PolLang lang)
{
    double t0 = now_ms();
    PolLspAnalysis *a = GC_MALLOC(sizeof *a);
    a->root = GC_STRDUP(path);
    Buffers b = {buffers, nbuffers};
    PolLoadOptions lo = {stdlib_dir, {read_buffer_or_file, buffer_or_file_readable, &b}};
    PolDiags ds = diags_for(lang);
    PolLoaded l = pol_load(path, &lo, &ds);
    /* the checker runs on what could be read, so that a policy with a
     * syntax error still gets its names resolved for hover and completion;
     * its messages count only when the files parsed */
    int load_errors = ds.errors;
    PolChecked *checked = l.decls.count ? pol_check(l.decls, &ds) : NULL;
    a->sources = l.sources;
    a->nsources = l.nsources;
    a->decls = l.decls;
    a->parse_errors = l.parse_errors;
    a->checked = load_errors ? NULL : checked;
    Diags d = {0};
    /* with errors in loading, only their messages, not the checker's
     * consequences of a partial tree */
    take_diagnostics(&d, &ds, a->root, load_errors ? load_errors : -1, lang);
    if (l.is_module) {
        /* a module opened by itself has no header of its own to miss */
        int k = 0;
        for (int i = 0; i < d.count; i++)
            if (!d.items[i].code || strcmp(d.items[i].code, pol_diag_code(POL_E0606_missing_policy_header)) != 0)
                d.items[k++] = d.items[i];
        d.count = k;
    }
    a->diags = d.items;
    a->ndiags = d.count;
    pol_lsp_index(a);
    a->millis = now_ms() - t0;
    return a;
}

static PolSource *source_copy(const char *path, const char *text, size_t len)
{
    char *copy = GC_MALLOC_ATOMIC(len + 1);
    memcpy(copy, text, len);
    copy[len] = '\0';
    return pol_source_from_text(path, copy, len);
}

PolClassedToken *pol_lsp_tokens(const char *path, const char *text, size_t len, int *count)
{
    return pol_fmt_classify(source_copy(path, text, len), count);
}

char *pol_lsp_format(const char *path, const char *text, size_t len, size_t *out_len)
{
    PolDiags ds = diags_for(POL_LANG_EN);
    PolSource *src = source_copy(path, text, len);
    pol_parse_source(src, NULL, &ds);
    return ds.errors ? NULL : pol_fmt_text(src, out_len, &ds);
}

bool pol_lsp_is_name(const char *name)
{
    if (!*name || strlen(name) > 256 || strpbrk(name, " \t\r\n#`"))
        return false;
    PolDiags ds = diags_for(POL_LANG_EN);
    const char *text = pol_strdup_printf("parameter %s = 1\n", name);
    PolSource *src = pol_source_from_text("name", text, strlen(text));
    PolDeclList decls = pol_parse_source(src, NULL, &ds);
    return ds.errors == 0 && decls.count == 1 && strcmp(decls.items[0]->name, name) == 0;
}

PolLspCaseResult *pol_lsp_run_cases(PolLspAnalysis *a, const PolLspBuffer *cases, int n, PolLang lang)
{
    PolLspCaseResult *results = GC_MALLOC((size_t)(n ? n : 1) * sizeof *results);
    if (a->checked && !a->program) {
        PolDiags ds = diags_for(lang);
        a->program = pol_compile(a->checked, &ds);
    }
    PolDecider *ev = a->program ? pol_decider_new(a->program) : NULL;
    for (int i = 0; i < n; i++) {
        PolLspCaseResult *r = &results[i];
        r->path = cases[i].path;
        if (!ev)
            continue;
        PolDiags ds = diags_for(lang);
        const char *text = cases[i].text;
        size_t len = cases[i].len;
        if (!text) {
            PolSource *src = pol_source_read(cases[i].path);
            if (!src) {
                pol_diag(&ds, POL_E0701_cannot_read, (PolSpan){0}, NULL, cases[i].path, pol_strerror(lang, errno));
                Diags d = {0};
                take_diagnostics(&d, &ds, cases[i].path, -1, lang);
                r->diags = d.items;
                r->ndiags = d.count;
                continue;
            }
            text = src->text;
            len = src->len;
        }
        /* what `polrun test` writes for the case (FAIL lines, diffs) */
        char *report = NULL;
        size_t report_len = 0;
        FILE *out = open_memstream(&report, &report_len);
        if (!out)
            continue;
        const char *decision = NULL;
        r->passed = pol_test_case_text(ev, cases[i].path, text, len, &decision, out, &ds);
        r->ran = true;
        fclose(out);
        if (report_len)
            r->output = GC_STRNDUP(report, report_len);
        free(report);
        if (ds.count) {
            /* problems of the case file itself: spans in its text */
            Diags d = {0};
            take_diagnostics(&d, &ds, cases[i].path, -1, lang);
            r->diags = d.items;
            r->ndiags = d.count;
            r->ran = false;
        }
        json_t *j = decision ? json_loads(decision, 0, NULL) : NULL;
        json_t *list = json_object_get(j, "entitlements");
        r->granted = GC_MALLOC((json_array_size(list) + 1) * sizeof *r->granted);
        size_t k;
        json_t *e;
        json_array_foreach(list, k, e) {
            const char *m = json_string_value(json_object_get(e, "measure"));
            if (m)
                r->granted[r->ngranted++] = GC_STRDUP(m);
        }
        json_decref(j);
    }
    return results;
}
