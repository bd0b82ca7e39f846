/*
 * lsp_check.c — the language server's one door into the front end: load
 * (with unsaved buffers), check, format, replay cases; diagnostics
 * collected as values (see lsp_check.h).
 *
 * The front end reports through pol_diag, which prints. Here its output is
 * taken in the JSON format (one object a line: severity, file, span, code,
 * message, help; notes follow their error) into memory and read back, so
 * the server sees exactly what `polrun check --error-format=json` prints,
 * in the client's language.
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
#include "fmt.h"
#include "lsp_check.h"
#include "lsp_index.h"
#include "cases.h"
#include "compile.h"
#include "decide.h"
#include "parse.h"

/* ---- diagnostics from the front end's printed output ---- */

typedef struct Capture {
    FILE *saved_err, *saved_out;
    char *err_text, *out_text;
    size_t err_len, out_len;
    FILE *err, *out;
    PolDiagnostics saved_diags;
} Capture;

/* From here to capture_end, what the front end prints goes to memory, as
 * JSON diagnostics in lang. with_stdout: standard output too (the case
 * runner prints its results there). */
static bool capture_begin(Capture *c, PolLang lang, bool with_stdout)
{
    memset(c, 0, sizeof *c);
    c->err = open_memstream(&c->err_text, &c->err_len);
    if (!c->err)
        return false;
    if (with_stdout) {
        c->out = open_memstream(&c->out_text, &c->out_len);
        if (!c->out) {
            fclose(c->err);
            return false;
        }
        fflush(stdout);
        c->saved_out = stdout;
        stdout = c->out;
    }
    c->saved_err = stderr;
    stderr = c->err;
    c->saved_diags = pol_diags;
    memset(&pol_diags, 0, sizeof pol_diags);
    pol_diags.format = POL_FORMAT_JSON;
    pol_diags.lang = lang;
    pol_diags.max_errors = 200;
    return true;
}

static void capture_end(Capture *c)
{
    stderr = c->saved_err;
    fclose(c->err);
    if (c->saved_out) {
        stdout = c->saved_out;
        fclose(c->out);
    }
    pol_diags = c->saved_diags;
}

static void capture_free(Capture *c)
{
    free(c->err_text);
    free(c->out_text);
}

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

static const PolSource *find_source(const PolSource *const *sources, int n, const char *path)
{
    for (int i = 0; i < n; i++)
        if (strcmp(sources[i]->path, path) == 0)
            return sources[i];
    return NULL;
}

static const char *json_text(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? GC_STRDUP(s) : NULL;
}

static PolSpan json_span(json_t *o, const PolSource *src)
{
    PolSpan s = {0};
    json_t *span = json_object_get(o, "span");
    if (!src || !span)
        return s;
    s.src = src;
    s.first_line = (int)json_integer_value(json_object_get(json_object_get(span, "start"), "line"));
    s.first_col = (int)json_integer_value(json_object_get(json_object_get(span, "start"), "column"));
    s.last_line = (int)json_integer_value(json_object_get(json_object_get(span, "end"), "line"));
    s.last_col = (int)json_integer_value(json_object_get(json_object_get(span, "end"), "column"));
    return s;
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
    const char *conv = strchr(fmt, '%');
    while (conv && conv[1] == '%')
        conv = strchr(conv + 2, '%');
    if (!conv)
        return NULL;
    const char *after = conv + 1;
    while (*after && !strchr("sdc", *after))
        after++;
    if (!*after)
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
    if (s.first_col < 1)
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
    PolLang saved = pol_diags.lang;
    pol_diags.lang = lang;
    for (size_t i = 0; i < sizeof fix_helps / sizeof fix_helps[0]; i++) {
        const char *arg = template_argument(pol_msg_format(fix_helps[i].msg), d->help);
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
        f.title = pol_msg(POL_MSG_lsp_fix_replace, f.text);
        d->fixes = GC_MALLOC(sizeof *d->fixes);
        d->fixes[0] = f;
        d->nfixes = 1;
        break;
    }
    pol_diags.lang = saved;
}

/* Reads the JSON lines printed between capture_begin and capture_end. */
static void read_diagnostics(Diags *out, const char *text, size_t len, const PolSource *const *sources, int nsources,
                             const char *root, PolLang lang)
{
    PolLspDiag *last = NULL;
    for (size_t i = 0; i < len;) {
        size_t j = i;
        while (j < len && text[j] != '\n')
            j++;
        json_t *o = json_loadb(text + i, j - i, 0, NULL);
        i = j + 1;
        if (!json_is_object(o)) {
            json_decref(o);
            continue;
        }
        const char *severity = json_string_value(json_object_get(o, "severity"));
        const char *file = json_text(o, "file");
        const PolSource *src = file ? find_source(sources, nsources, file) : NULL;
        PolSpan span = json_span(o, src);
        if (severity && strcmp(severity, "note") == 0 && last) {
            PolLspNote *notes = GC_MALLOC((size_t)(last->nnotes + 1) * sizeof *notes);
            if (last->nnotes)
                memcpy(notes, last->notes, (size_t)last->nnotes * sizeof *notes);
            notes[last->nnotes].span = span;
            notes[last->nnotes].message = json_text(o, "message");
            last->notes = notes;
            last->nnotes++;
        } else {
            last = diag_push(out);
            last->path = src ? src->path : root;
            last->span = span;
            last->code = json_text(o, "code");
            last->message = json_text(o, "message");
            last->help = json_text(o, "help");
            add_fixes(last, lang);
        }
        json_decref(o);
    }
}

/* ---- loading with unsaved buffers ---- */

typedef struct Loader {
    const PolLspBuffer *buffers;
    int nbuffers;
    const char *stdlib_dir;
    PolDeclList decls;
    const PolSource **sources;
    int nsources, cap;
    bool parse_errors;
    bool root_is_module;        /* `module "x"`: a file for policies to import */
} Loader;

enum { MAX_IMPORTS = 256 };

static const PolLspBuffer *buffer_of(const Loader *l, const char *path)
{
    for (int i = 0; i < l->nbuffers; i++)
        if (strcmp(l->buffers[i].path, path) == 0)
            return &l->buffers[i];
    return NULL;
}

/* The real path of a file, or path itself when only a buffer holds it (a
 * file not yet saved); NULL when neither exists. */
static const char *resolve(const Loader *l, const char *path)
{
    char real[PATH_MAX];
    if (realpath(path, real))
        return GC_STRDUP(real);
    return buffer_of(l, path) ? path : NULL;
}

static const char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? GC_STRNDUP(path, (size_t)(slash - path)) : ".";
}

static void load_file(Loader *l, const char *path, PolSpan from)
{
    const char *real = resolve(l, path);
    if (!real) {
        pol_diag(from.src ? POL_E0702_cannot_import : POL_E0701_cannot_read, from, NULL, path, pol_strerror(errno ? errno : ENOENT));
        return;
    }
    for (int i = 0; i < l->nsources; i++)
        if (strcmp(l->sources[i]->path, real) == 0)
            return;
    if (l->nsources == MAX_IMPORTS) {
        pol_diag(POL_E0703_too_many_imports, from, NULL, MAX_IMPORTS);
        return;
    }
    const PolLspBuffer *b = buffer_of(l, real);
    PolSource *src;
    if (b) {
        char *text = GC_MALLOC_ATOMIC(b->len + 1);
        memcpy(text, b->text, b->len);
        text[b->len] = '\0';
        src = pol_source_from_text(real, text, b->len);
    } else {
        src = pol_source_read(real);
        if (!src) {
            pol_diag(POL_E0701_cannot_read, from, NULL, path, pol_strerror(errno));
            return;
        }
    }
    if (l->nsources == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 8;
        const PolSource **s = GC_MALLOC((size_t)l->cap * sizeof *s);
        if (l->nsources)
            memcpy(s, l->sources, (size_t)l->nsources * sizeof *s);
        l->sources = s;
    }
    l->sources[l->nsources++] = src;
    if (src->len > POL_MAX_SOURCE_BYTES) {
        pol_diag(POL_E0704_file_too_large, from, NULL, path, POL_MAX_SOURCE_BYTES);
        return;
    }
    const char *module = NULL;
    int errors_before = pol_diags.errors;
    PolDeclList decls = pol_parse_source(src, &module);
    if (!from.src && module)
        l->root_is_module = true;
    if (pol_diags.errors != errors_before)
        l->parse_errors = true;
    if (decls.count == 0 && !module && pol_diags.errors == errors_before) {
        PolSpan start = {src, 1, 1, 1, 1};
        pol_diag(POL_E0705_declares_nothing, start, NULL, pol_msg(from.src ? POL_MSG_the_imported_file : POL_MSG_the_policy_file));
    }
    for (int i = 0; i < decls.count; i++) {
        PolDecl *d = decls.items[i];
        if (d->kind != POL_D_IMPORT)
            continue;
        const char *candidate = pol_strdup_printf("%s/%s", dir_of(real), d->name);
        if (!buffer_of(l, candidate) && access(candidate, R_OK) != 0 && l->stdlib_dir) {
            const char *lib = pol_strdup_printf("%s/%s", l->stdlib_dir, d->name);
            if (access(lib, R_OK) == 0)
                candidate = lib;
        }
        load_file(l, candidate, d->span);
    }
    for (int i = 0; i < decls.count; i++)
        if (decls.items[i]->kind != POL_D_IMPORT)
            pol_decl_list_push(&l->decls, decls.items[i]);
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
    Loader l;
    memset(&l, 0, sizeof l);
    l.buffers = buffers;
    l.nbuffers = nbuffers;
    l.stdlib_dir = stdlib_dir;
    Capture cap;
    if (!capture_begin(&cap, lang, false))
        return a;
    PolSpan none = {0};
    load_file(&l, path, none);
    /* the checker runs on what could be read, so that a policy with a
     * syntax error still gets its names resolved for hover and completion;
     * its messages count only when the files parsed */
    int load_errors = pol_diags.errors;
    PolChecked *checked = l.decls.count ? pol_check(l.decls) : NULL;
    capture_end(&cap);
    a->sources = l.sources;
    a->nsources = l.nsources;
    a->decls = l.decls;
    a->parse_errors = l.parse_errors;
    a->checked = load_errors ? NULL : checked;
    Diags d = {0};
    read_diagnostics(&d, cap.err_text, cap.err_len, l.sources, l.nsources, a->root, lang);
    capture_free(&cap);
    if (load_errors && d.count > 0) {
        /* keep the loader's and parser's messages, not the checker's
         * consequences of a partial tree */
        if (d.count > load_errors)
            d.count = load_errors;
    }
    if (l.root_is_module) {
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

char *pol_lsp_format(const char *path, const char *text, size_t len, size_t *out_len)
{
    Capture cap;
    if (!capture_begin(&cap, POL_LANG_EN, false))
        return NULL;
    char *copy = GC_MALLOC_ATOMIC(len + 1);
    memcpy(copy, text, len);
    copy[len] = '\0';
    PolSource *src = pol_source_from_text(path, copy, len);
    pol_parse_source(src, NULL);
    char *out = pol_diags.errors ? NULL : pol_fmt_text(src, out_len);
    capture_end(&cap);
    capture_free(&cap);
    return out;
}

bool pol_lsp_is_name(const char *name)
{
    if (!*name || strlen(name) > 256 || strpbrk(name, " \t\r\n#`"))
        return false;
    Capture cap;
    if (!capture_begin(&cap, POL_LANG_EN, false))
        return false;
    const char *text = pol_strdup_printf("parameter %s = 1\n", name);
    PolSource *src = pol_source_from_text("name", text, strlen(text));
    PolDeclList decls = pol_parse_source(src, NULL);
    bool ok = pol_diags.errors == 0 && decls.count == 1 && strcmp(decls.items[0]->name, name) == 0;
    capture_end(&cap);
    capture_free(&cap);
    return ok;
}

PolLspCaseResult *pol_lsp_run_cases(PolLspAnalysis *a, const PolLspBuffer *cases, int n, PolLang lang)
{
    PolLspCaseResult *results = GC_MALLOC((size_t)(n ? n : 1) * sizeof *results);
    Capture cap;
    if (!capture_begin(&cap, lang, true))
        return results;
    if (a->checked && !a->program)
        a->program = pol_compile(a->checked);
    PolDecider *ev = a->program ? pol_decider_new(a->program) : NULL;
    size_t err_mark = 0, out_mark = 0;
    for (int i = 0; i < n; i++) {
        PolLspCaseResult *r = &results[i];
        r->path = cases[i].path;
        if (!ev)
            continue;
        const char *text = cases[i].text;
        size_t len = cases[i].len;
        if (!text) {
            PolSource *src = pol_source_read(cases[i].path);
            if (!src) {
                pol_diag(POL_E0701_cannot_read, (PolSpan){0}, NULL, cases[i].path, pol_strerror(errno));
                continue;
            }
            text = src->text;
            len = src->len;
        }
        const char *decision = NULL;
        r->passed = pol_test_case_text(ev, cases[i].path, text, len, &decision);
        r->ran = true;
        fflush(cap.out);
        fflush(cap.err);
        /* what it printed, and its own diagnostics (a malformed case file) */
        if (cap.out_len > out_mark)
            r->output = GC_STRNDUP(cap.out_text + out_mark, cap.out_len - out_mark);
        out_mark = cap.out_len;
        if (cap.err_len > err_mark) {
            /* the case's problems are spans in a source made from its text */
            Diags d = {0};
            const PolSource *src = pol_source_from_text(cases[i].path, GC_STRNDUP(text, len), len);
            read_diagnostics(&d, cap.err_text + err_mark, cap.err_len - err_mark, &src, 1, cases[i].path, lang);
            r->diags = d.items;
            r->ndiags = d.count;
            r->ran = d.count == 0;
        }
        err_mark = cap.err_len;
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
    capture_end(&cap);
    capture_free(&cap);
    return results;
}
