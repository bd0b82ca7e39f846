/*
 * serve_engine.c — the server's one door into polrun (serve_engine.h).
 *
 * Diagnostics: the loader, checker and compiler print their diagnostics
 * on standard error as they find them, counting them in the process-wide
 * pol_diags. A server must keep them (GET /v1/policies/{policy} shows the
 * last failed load's) and must not interleave them with its JSON log. So a
 * load runs under load_lock, with pol_diags switched to the JSON format
 * and file descriptor 2 pointed at an anonymous memory file for its
 * duration; the server writes its own log to a duplicate of the original
 * descriptor 2 (serve.c), never to stderr. The lines captured are the
 * diagnostics, one JSON object each, joined into a JSON array.
 */
#define GC_THREADS
#include <gc.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "arena.h"
#include "batch.h"
#include "check.h"
#include "compile.h"
#include "csv.h"
#include "facts.h"
#include "load.h"
#include "num.h"
#include "polc.h"
#include "serve_engine.h"
#include "source.h"

/* ------------------------------------------------------------------ loading */

static pthread_mutex_t load_lock = PTHREAD_MUTEX_INITIALIZER;

static bool is_polc(const char *path)
{
    size_t n = strlen(path);
    return n > 5 && strcmp(path + n - 5, ".polc") == 0;
}

/* As the command line loads a policy (main.c): a .polc is read and
 * verified, a source is loaded with its imports, checked and compiled.
 * *decls receives the declarations read (to list the files). */
static PolProgram *load_program(const char *path, PolDeclList *decls)
{
    memset(decls, 0, sizeof *decls);
    if (is_polc(path)) {
        char err[512];
        PolProgram *p = pol_polc_read(path, err, sizeof err);
        if (!p)
            pol_polc_report();
        return p;
    }
    *decls = pol_load(path);
    if (pol_diags.errors)
        return NULL;
    PolChecked *checked = pol_check(*decls);
    return checked ? pol_compile(checked) : NULL;
}

/* Reads back what was written to fd since offset 0. */
static char *read_all(int fd, size_t *len)
{
    off_t end = lseek(fd, 0, SEEK_END);
    size_t n = end > 0 ? (size_t)end : 0;
    char *text = GC_MALLOC_ATOMIC(n + 1);
    size_t got = 0;
    while (got < n) {
        ssize_t r = pread(fd, text + got, n - got, (off_t)got);
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    text[got] = '\0';
    *len = got;
    return text;
}

/* The JSON lines of the capture as one JSON array. */
static const char *json_array_of_lines(const char *text, size_t len)
{
    PolBuf b = {0};
    pol_buf_puts(&b, "[");
    bool first = true;
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - text) : len;
        if (end > i && text[i] == '{') {
            if (!first)
                pol_buf_puts(&b, ",");
            pol_buf_put(&b, text + i, end - i);
            first = false;
        }
        i = end + 1;
    }
    pol_buf_puts(&b, "]");
    return b.data;
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

/* The files named by the "file" members of the captured diagnostics (a
 * file that failed to parse declares nothing, but is still one to watch). */
static void add_files_of_diagnostics(PolServeLoad *out, int *cap, const char *text, size_t len)
{
    static const char key[] = "\"file\":\"";
    for (const char *p = text; (p = memmem(p, len - (size_t)(p - text), key, sizeof key - 1)) != NULL;) {
        p += sizeof key - 1;
        const char *q = p;
        while (q < text + len && *q != '"' && *q != '\\')
            q++;
        if (q < text + len && *q == '"' && q > p)
            add_file(out, cap, GC_STRNDUP(p, (size_t)(q - p)));
        p = q;
    }
}

void pol_serve_engine_load(const char *path, PolServeLoad *out)
{
    memset(out, 0, sizeof *out);
    int cap = 0;
    add_file(out, &cap, path);
    pthread_mutex_lock(&load_lock);
    PolDiagnostics saved = pol_diags;
    pol_diags.format = POL_FORMAT_JSON;
    pol_diags.errors = pol_diags.warnings = 0;
    pol_diags.suppressed = pol_diags.printed = false;
    int capture = memfd_create("polrun-diagnostics", MFD_CLOEXEC);
    int saved_fd = capture >= 0 ? dup(2) : -1;
    if (saved_fd >= 0)
        dup2(capture, 2);
    PolDeclList decls;
    out->prog = load_program(path, &decls);
    out->errors = pol_diags.errors;
    fflush(stderr);
    if (saved_fd >= 0) {
        dup2(saved_fd, 2);
        close(saved_fd);
    }
    pol_diags = saved;
    pthread_mutex_unlock(&load_lock);

    size_t len = 0;
    const char *text = capture >= 0 ? read_all(capture, &len) : "";
    if (capture >= 0)
        close(capture);
    out->diagnostics = json_array_of_lines(text, len);
    if (!out->prog && out->errors == 0)
        out->errors = 1;   /* refused without a diagnostic: never serve it */
    for (int i = 0; i < decls.count; i++) {
        const PolSource *src = decls.items[i]->span.src;
        if (src && src->path)
            add_file(out, &cap, src->path);
    }
    add_files_of_diagnostics(out, &cap, text, len);
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
    (void)p;
    return NULL;
}

uint64_t pol_serve_engine_fingerprint(const PolProgram *p)
{
    size_t len;
    const uint8_t *bytes = pol_polc_encode(p, &len);
    uint64_t h = 0xcbf29ce484222325u;   /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        h = (h ^ bytes[i]) * 0x100000001b3u;
    return h;
}

/* ---------------------------------------------------------------- deciding */

PolDecider *pol_serve_engine_decider_new(const PolProgram *p)
{
    return pol_decider_new(p);
}

static _Thread_local PolArena *thread_arena;

void pol_serve_engine_thread_start(void)
{
    if (thread_arena)
        return;
    thread_arena = calloc(1, sizeof *thread_arena);
    if (thread_arena)
        pol_facts_set_arena(thread_arena);
}

void pol_serve_engine_thread_end(void)
{
    if (!thread_arena)
        return;
    pol_facts_set_arena(NULL);
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
                             PolExplain explain, PolBuf *out, PolServeError *err)
{
    if (thread_arena)
        pol_arena_reset(thread_arena);
    PolRunResult res;
    PolDecideOptions opts = {date, have_date, POL_DECISION_PRETTY, explain};
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
    bool malformed = is_malformed(res.code) || (res.code == POL_E0905_not_an_object && blank == len);
    err->fault = res.exit == POL_EXIT_FACTS ? (malformed ? POL_SERVE_MALFORMED : POL_SERVE_BAD_FACTS)
                                            : POL_SERVE_POLICY_ERROR;
    err->code = pol_diag_code(res.code);
    snprintf(err->path, sizeof err->path, "%s", res.path[0] ? res.path : "$");
    if (res.exit == POL_EXIT_POLICY) {   /* the message, and where in the policy */
        const PolEval *ev = d->ev;
        snprintf(err->message, sizeof err->message, "%s", ev->error.message);
        if (ev->error.span >= 0) {
            PolSpan s = ev->prog->spans[ev->error.span];
            snprintf(err->location, sizeof err->location, "%s:%d:%d", s.src ? s.src->path : "?", s.first_line,
                     s.first_col);
        }
    } else {
        snprintf(err->message, sizeof err->message, "%s", res.message);
    }
    return false;
}

/* ------------------------------------------------------------------ batches */

bool pol_serve_engine_csv_header(const PolProgram *p, int in_fd, PolServeError *err)
{
    memset(err, 0, sizeof *err);
    err->fault = POL_SERVE_BAD_FACTS;
    snprintf(err->path, sizeof err->path, "$");
    const size_t limit = (size_t)POL_FACTS_MAX_BYTES + 2;
    size_t cap = 1 << 16, len = 0, scanned = 0, end = 0;
    bool quoted = false;
    char *buf = malloc(cap);
    if (!buf)
        return true;   /* the batch itself will say what it can */
    for (;;) {
        if (len == cap) {
            if (cap >= limit) {
                err->code = pol_diag_code(POL_E1203_csv_header_too_long);
                pol_diag_message(err->message, sizeof err->message, POL_E1203_csv_header_too_long, limit);
                free(buf);
                return false;
            }
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
        end = pol_csv_record_end(buf, len, &scanned, &quoted);
        if (end || n <= 0 || len == before)
            break;
    }
    size_t hlen = end ? end : len;
    while (hlen && (buf[hlen - 1] == '\n' || buf[hlen - 1] == '\r'))
        hlen--;
    bool usable = true;
    if (hlen > 0 || len > 0) {
        PolCsvError herr;
        const char *unknown;
        pol_csv_plan(p->facts, p->id_member, buf, hlen, &herr, &unknown);
        if (herr.message[0]) {
            err->code = pol_diag_code(POL_E1204_csv_header_unusable);
            snprintf(err->path, sizeof err->path, "%s", herr.path[0] ? herr.path : "$");
            snprintf(err->message, sizeof err->message, "%s", herr.message);
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
    };
    return pol_batch(p, &bo, in_fd, out);
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
