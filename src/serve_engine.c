/*
 * serve_engine.c — the server's one door into polrun (serve_engine.h).
 *
 * Diagnostics are values (diag.h): a load reports to a collection of its
 * own, in the server's language, and keeps them as the JSON array GET
 * /v1/policies/{policy} shows (each as --error-format json writes it);
 * nothing is printed, so nothing mixes with the server's JSON log.
 */
#define GC_THREADS
#include <gc.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "arena.h"
#include "batch.h"
#include "check.h"
#include "compile.h"
#include "csv.h"
#include "diag.h"
#include "facts.h"
#include "load.h"
#include "num.h"
#include "polc.h"
#include "serve_engine.h"
#include "source.h"

/* ------------------------------------------------------------------ loading */

static bool is_polc(const char *path)
{
    size_t n = strlen(path);
    return n > 5 && strcmp(path + n - 5, ".polc") == 0;
}

static void add_file(PolServeLoad *out, int *cap, const char *p)
{
    for (int i = 0; i < out->nfiles; i++)
        if (strcmp(out->files[i], p) == 0)
            return;
    if (out->nfiles == *cap) {
        *cap = *cap ? 2 * *cap : 8;
        const char **grown = GC_MALLOC((size_t)*cap * sizeof *grown);
        if (out->nfiles)
            memcpy(grown, out->files, (size_t)out->nfiles * sizeof *grown);
        out->files = grown;
    }
    out->files[out->nfiles++] = GC_STRDUP(p);
}

/* As the command line loads a policy (main.c): a .polc is read and
 * verified, a source is loaded with its imports, checked and compiled.
 * Every file read is one to watch. */
static PolProgram *load_program(const char *path, const char *stdlib_dir, PolDiags *ds, PolServeLoad *out, int *cap)
{
    if (is_polc(path))
        return pol_polc_read(path, ds);
    PolLoadOptions lo = {stdlib_dir, {NULL, NULL, NULL}};
    PolLoaded loaded = pol_load(path, &lo, ds);
    for (int i = 0; i < loaded.nsources; i++)
        add_file(out, cap, loaded.sources[i]->path);
    if (ds->errors)
        return NULL;
    PolChecked *checked = pol_check(loaded.decls, ds);
    return checked ? pol_compile(checked, ds) : NULL;
}

/* The diagnostics of ds, each error followed by its notes, as a JSON
 * array of what --error-format json writes. */
static const char *json_array(const PolDiags *ds)
{
    PolBuf b = {0};
    pol_buf_puts(&b, "[");
    bool first = true;
    for (int i = 0; i < ds->count; i++)
        for (const PolDiag *d = ds->items[i]; d; d = d->note) {
            PolBuf one = {0};
            pol_diag_render(&one, d, POL_FORMAT_JSON, true);
            if (!first)
                pol_buf_puts(&b, ",");
            pol_buf_put(&b, one.data, one.len - 1);   /* without its line end */
            first = false;
        }
    pol_buf_puts(&b, "]");
    return b.data;
}

void pol_serve_engine_load(const char *path, PolLang lang, const char *stdlib_dir, PolServeLoad *out)
{
    memset(out, 0, sizeof *out);
    int cap = 0;
    add_file(out, &cap, path);
    PolDiags ds;
    pol_diags_init(&ds, lang);
    out->prog = load_program(path, stdlib_dir, &ds, out, &cap);
    out->errors = ds.errors;
    out->diagnostics = json_array(&ds);
    if (!out->prog && out->errors == 0)
        out->errors = 1;   /* refused without a diagnostic: never serve it */
    for (int i = 0; i < ds.count; i++)   /* a file named in a diagnostic is one to watch too */
        if (ds.items[i]->span.src)
            add_file(out, &cap, ds.items[i]->span.src->path);
}

/* --------------------------------------------------------------- describing */

void pol_serve_engine_describe(PolBuf *out, const PolProgram *p)
{
    char from[11], to[11];
    pol_serve_engine_date_text(p->force_from, from);
    pol_serve_engine_date_text(p->force_last, to);
    pol_buf_puts(out, ",\"id\":");
    pol_buf_json_string(out, p->policy_id, strlen(p->policy_id));
    pol_buf_puts(out, ",\"title\":");
    if (p->title)
        pol_buf_json_string(out, p->title, strlen(p->title));
    else
        pol_buf_puts(out, "null");
    pol_buf_puts(out, ",\"source\":");
    if (p->source_doc)
        pol_buf_json_string(out, p->source_doc, strlen(p->source_doc));
    else
        pol_buf_puts(out, "null");
    pol_buf_printf(out, ",\"in_force\":{\"from\":\"%s\",\"to\":\"%s\"},\"measures\":%d", from, to, p->nmeasures);
}

const char *pol_serve_engine_digest(const PolProgram *p)
{
    return p->digest;
}

/* ---------------------------------------------------------------- deciding */

PolDecider *pol_serve_engine_decider_new(const PolProgram *p)
{
    return pol_decider_new(p);
}

/* The facts arena of each deciding thread (the server's, not polrun's:
 * pol_decide takes it as an option). */
static _Thread_local PolArena *thread_arena;

void pol_serve_engine_thread_start(void)
{
    if (!thread_arena)
        thread_arena = calloc(1, sizeof *thread_arena);
}

void pol_serve_engine_thread_end(void)
{
    if (!thread_arena)
        return;
    pol_arena_free(thread_arena);
    free(thread_arena);
    thread_arena = NULL;
}

/* The facts errors that say the text is not JSON at all. */
static bool is_malformed(PolDiagCode code)
{
    switch (code) {
    case POL_E0903_invalid_utf8:
    case POL_E0904_json_syntax:
    case POL_E0906_text_after_object:
    case POL_E0907_string_not_closed:
    case POL_E0908_control_character:
    case POL_E0909_invalid_escape:
    case POL_E0910_backslash_without_escape:
    case POL_E0911_invalid_unicode_escape:
    case POL_E0912_lone_surrogate:
    case POL_E0921_trailing_comma_object:
    case POL_E0922_trailing_comma_list:
        return true;
    default:
        return false;
    }
}

bool pol_serve_engine_decide(PolDecider *d, const char *json, size_t len, int32_t date, bool have_date,
                             PolExplain explain, PolLang lang, PolBuf *out, PolServeError *err)
{
    if (thread_arena)
        pol_arena_reset(thread_arena);
    PolDecideError res;
    PolDecideOptions opts = {date, have_date, POL_DECISION_PRETTY, explain, lang, thread_arena};
    size_t mark = out->len;
    if (pol_decide(d, json, len, &opts, out, &res)) {
        pol_buf_put(out, "\n", 1);
        return true;
    }
    out->len = mark;
    memset(err, 0, sizeof *err);
    size_t blank = 0;
    while (blank < len && (json[blank] == ' ' || json[blank] == '\t' || json[blank] == '\n' || json[blank] == '\r'))
        blank++;
    PolDiagCode code = res.diag.code;
    bool malformed = is_malformed(code) || (code == POL_E0905_not_an_object && blank == len);
    err->fault = res.bad_facts ? (malformed ? POL_SERVE_MALFORMED : POL_SERVE_BAD_FACTS) : POL_SERVE_POLICY_ERROR;
    err->code = pol_diag_code(code);
    err->path = res.path && res.path[0] ? res.path : "$";
    err->location = "";
    if (!res.bad_facts) {   /* the message, and where in the policy */
        err->message = res.diag.message;
        PolSpan s = res.diag.span;
        if (s.src || s.first_line)
            err->location = pol_strdup_printf("%s:%d:%d", s.src ? s.src->path : "?", s.first_line, s.first_col);
    } else {
        err->message = res.message;
    }
    return false;
}

/* ------------------------------------------------------------------ batches */

bool pol_serve_engine_csv_header(const PolProgram *p, int in_fd, PolLang lang, PolServeError *err)
{
    memset(err, 0, sizeof *err);
    err->fault = POL_SERVE_BAD_FACTS;
    err->path = "$";
    err->location = "";
    const size_t limit = (size_t)POL_FACTS_MAX_BYTES + 2;
    size_t cap = 1 << 16, len = 0, end = 0;
    char *buf = malloc(cap);
    if (!buf)
        return true;   /* the batch itself will say what it can */
    for (;;) {
        if (len > limit)   /* no line end yet, and more than a header may hold */
            break;
        if (len == cap) {
            char *grown = realloc(buf, cap * 2);
            if (!grown) {
                free(buf);
                return true;
            }
            buf = grown;
            cap *= 2;
        }
        ssize_t n = pread(in_fd, buf + len, cap - len, (off_t)len);
        if (n < 0 && errno == EINTR)
            continue;
        size_t before = len;
        if (n > 0)
            len += (size_t)n;
        end = pol_csv_header_end(buf, len);   /* the first line, as batch reads it */
        if (end || n <= 0 || len == before)
            break;
    }
    /* the first line, line end included, within the limit of `polrun
     * batch` (the buffer's size is no measure: it grows by doubling) */
    if ((end ? end : len) > limit) {
        err->code = pol_diag_code(POL_E1203_csv_header_too_long);
        err->message = pol_fit(pol_diag_text(lang, POL_E1203_csv_header_too_long, limit), 1024);
        free(buf);
        return false;
    }
    size_t hlen = end ? end : len;
    while (hlen && (buf[hlen - 1] == '\n' || buf[hlen - 1] == '\r'))
        hlen--;
    bool usable = true;
    if (hlen > 0 || len > 0) {
        PolDiag herr;
        const char *unknown;
        pol_csv_plan(p->facts, p->id_member, buf, hlen, lang, &herr, &unknown);
        if (herr.message) {
            err->code = pol_diag_code(POL_E1204_csv_header_unusable);
            err->path = herr.path && herr.path[0] ? herr.path : "$";
            err->message = herr.message;
            usable = false;
        }
    }
    free(buf);
    return usable;
}

int pol_serve_engine_batch(const PolProgram *p, const PolServeBatch *o, int in_fd, FILE *out)
{
    PolBatchOptions bo = {
        .date = o->date,
        .have_date = o->have_date,
        .jobs = 1,
        .input = o->csv_in ? POL_BATCH_CSV : POL_BATCH_NDJSON,
        .output = o->csv_out ? POL_BATCH_CSV : POL_BATCH_NDJSON,
        .bom = o->bom,
        .explain = o->explain,
        .lang = o->lang,
        .deciders = o->decider ? &o->decider : NULL,
    };
    PolDiags ds;   /* the run's own failures: the status says enough to the server */
    pol_diags_init(&ds, o->lang);
    return pol_batch(p, &bo, in_fd, out, &ds);
}

/* ------------------------------------------------------------------- dates */

void pol_serve_engine_date_text(int32_t date, char buf[11])
{
    pol_date_format(date, buf, 11);
}

bool pol_serve_engine_date_parse(const char *text, int32_t *date)
{
    return pol_date_parse(text, strlen(text), date);
}
