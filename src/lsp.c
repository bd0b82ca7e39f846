/*
 * lsp.c — `polrun lsp`: the server's loop (see docs/lsp.md).
 *
 * Two threads. The main thread owns standard input and output, the open
 * documents and every reply; it never runs the front end. A worker thread
 * runs the front end, one job at a time (checking a policy, formatting,
 * telling a name from a keyword, replaying cases), on copies of the texts
 * it needs, and hands back immutable results through a pipe that wakes
 * the main thread's poll(2).
 *
 * A change marks every open policy dirty; a dirty policy is checked once
 * the edits pause for `debounce` milliseconds (30 by default). Requests do
 * not wait for the pause: one that needs the names of a document whose
 * text changed since its last check (hover, definition, ...) starts that
 * check at once and is answered when it ends; everything else is answered
 * as it arrives. A check still running after `timeout` milliseconds (2000)
 * gets a diagnostic saying so, and the waiting requests are answered from
 * the last check that finished: the server never hangs on a policy.
 *
 * Threads and the collector: GC_THREADS before <gc.h>, the worker made by
 * GC_pthread_create, as in batch.c.
 */
#define GC_THREADS
#include <gc.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "lsp.h"
#include "lsp_check.h"
#include "lsp_query.h"
#include "lsp_rpc.h"
#include "lsp_text.h"

/* ---- jobs of the worker ---- */

typedef enum JobKind { JOB_ANALYSE, JOB_FORMAT, JOB_NAME, JOB_CASES, JOB_TOKENS } JobKind;

typedef struct Job {
    JobKind kind;
    struct Job *next;
    /* input */
    const char *uri, *path;
    long version;
    PolLspBuffer *buffers;
    int nbuffers;
    PolLang lang;
    const char *text;           /* FORMAT, TOKENS: the document; NAME: the new name */
    size_t len;
    json_t *request;            /* FORMAT, NAME, CASES, TOKENS: the request to answer (main thread only) */
    PolLspAnalysis *of;         /* CASES: the analysis whose policy runs them (NULL: check path first) */
    PolLspBuffer *case_files;
    int ncases;
    /* output */
    PolLspAnalysis *analysis;
    char *formatted;
    size_t formatted_len;
    bool name_ok;
    PolLspCaseResult *cases;
    PolClassedToken *tokens;
    int ntokens;
    double started;             /* ms, when the worker took it */
    bool reported_slow;
} Job;

typedef struct Worker {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t work;
    Job *queue, *queue_tail;    /* waiting */
    Job *running;
    Job *done, *done_tail;      /* finished, for the main thread */
    int wake[2];                /* the worker writes a byte when a job is done */
    const char *stdlib_dir;
} Worker;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void run_job(Worker *w, Job *j)
{
    switch (j->kind) {
    case JOB_ANALYSE:
        j->analysis = pol_lsp_analyse(j->path, j->buffers, j->nbuffers, w->stdlib_dir, j->lang);
        j->analysis->version = j->version;
        break;
    case JOB_FORMAT:
        j->formatted = pol_lsp_format(j->path, j->text, j->len, &j->formatted_len);
        break;
    case JOB_NAME:
        j->name_ok = pol_lsp_is_name(j->text);
        break;
    case JOB_TOKENS:
        j->tokens = pol_lsp_tokens(j->path, j->text, j->len, &j->ntokens);
        break;
    case JOB_CASES:
        if (!j->of)
            j->of = pol_lsp_analyse(j->path, j->buffers, j->nbuffers, w->stdlib_dir, j->lang);
        j->cases = pol_lsp_run_cases(j->of, j->case_files, j->ncases, j->lang);
        break;
    }
}

static void *worker_main(void *arg)
{
    Worker *w = arg;
    pthread_mutex_lock(&w->mu);
    for (;;) {
        while (!w->queue)
            pthread_cond_wait(&w->work, &w->mu);
        Job *j = w->queue;
        w->queue = j->next;
        if (!w->queue)
            w->queue_tail = NULL;
        j->next = NULL;
        j->started = now_ms();
        w->running = j;
        pthread_mutex_unlock(&w->mu);
        /* the main thread counts the time limit from now */
        char c = 1;
        ssize_t n = write(w->wake[1], &c, 1);
        (void)n;
        run_job(w, j);
        pthread_mutex_lock(&w->mu);
        w->running = NULL;
        if (w->done_tail)
            w->done_tail->next = j;
        else
            w->done = j;
        w->done_tail = j;
        n = write(w->wake[1], &c, 1);
        (void)n;   /* a full pipe already wakes the main thread */
    }
    return NULL;
}

/* ---- the server ---- */

typedef struct Waiting {
    json_t *msg;                /* a request waiting for the check of its document */
    const char *uri;
    struct Waiting *next;
} Waiting;

typedef struct DocState {
    PolLspDoc *doc;
    const char *real;           /* the file as the loader names it */
    bool dirty;                 /* changed since the last check was started */
    double due;                 /* when to start its check (ms) */
    PolLspAnalysis *analysis;   /* the last check that finished */
    PolLspAnalysis *good;       /* the last one without syntax errors */
    const char **published;     /* files this document's checks published diagnostics to */
    int npublished;
    json_t *case_lens;          /* .case: the last result of running it */
} DocState;

typedef struct Server {
    PolLspOptions opt;
    PolLspEncoding enc;
    PolLang lang;
    bool initialized, shutdown;
    int exit_status;            /* -1 while running */
    double debounce, timeout;
    const char *cases_dir;      /* initializationOptions.casesDirectory */
    const char *root_dir;       /* the workspace */
    DocState *docs;
    int ndocs, capdocs;
    Waiting *waiting;
    Worker worker;
    FILE *log;                  /* POLRUN_LSP_LOG: what the server does, on the standard error */
    FILE *err;                  /* the standard error as it was at the start */
} Server;

static void send_message(Server *s, json_t *msg)
{
    if (!pol_rpc_write(STDOUT_FILENO, msg))
        s->exit_status = s->exit_status < 0 ? 1 : s->exit_status;   /* the client is gone */
    json_decref(msg);
}

static void reply(Server *s, json_t *req, json_t *result)
{
    send_message(s, pol_rpc_result(json_object_get(req, "id"), result));
}

static void reply_error(Server *s, json_t *req, int code, const char *text)
{
    send_message(s, pol_rpc_error(req ? json_object_get(req, "id") : NULL, code, text));
}

static void log_line(Server *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void log_line(Server *s, const char *fmt, ...)
{
    if (!s->log)
        return;
    va_list ap;
    va_start(ap, fmt);
    fputs("polrun lsp: ", s->log);
    vfprintf(s->log, fmt, ap);
    fputc('\n', s->log);
    fflush(s->log);
    va_end(ap);
}

/* The open document of uri; NULL also for a message that names none. */
static DocState *find_doc(Server *s, const char *uri)
{
    for (int i = 0; uri && i < s->ndocs; i++)
        if (strcmp(s->docs[i].doc->uri, uri) == 0)
            return &s->docs[i];
    return NULL;
}

static const char *real_path(const char *path)
{
    char real[PATH_MAX];
    return realpath(path, real) ? GC_STRDUP(real) : path;
}

/* ---- submitting work ---- */

static void submit(Server *s, Job *j)
{
    Worker *w = &s->worker;
    pthread_mutex_lock(&w->mu);
    /* a check waiting for the worker is replaced by a newer one of the same document */
    if (j->kind == JOB_ANALYSE)
        for (Job *q = w->queue; q; q = q->next)
            if (q->kind == JOB_ANALYSE && strcmp(q->uri, j->uri) == 0) {
                q->version = j->version;
                q->buffers = j->buffers;
                q->nbuffers = j->nbuffers;
                q->lang = j->lang;
                pthread_mutex_unlock(&w->mu);
                return;
            }
    if (w->queue_tail)
        w->queue_tail->next = j;
    else
        w->queue = j;
    w->queue_tail = j;
    pthread_cond_signal(&w->work);
    pthread_mutex_unlock(&w->mu);
}

/* Copies of every open document's text, so that the worker reads what the
 * editor shows, not the disk. */
static PolLspBuffer *snapshot(Server *s, int *n)
{
    PolLspBuffer *b = GC_MALLOC((size_t)(s->ndocs ? s->ndocs : 1) * sizeof *b);
    int k = 0;
    for (int i = 0; i < s->ndocs; i++) {
        DocState *d = &s->docs[i];
        char *text = GC_MALLOC_ATOMIC(d->doc->len + 1);
        memcpy(text, d->doc->text, d->doc->len + 1);
        /* a document that is no file (`untitled:`) is read by its URI */
        b[k].path = d->real ? d->real : d->doc->uri;
        b[k].text = text;
        b[k].len = d->doc->len;
        k++;
    }
    *n = k;
    return b;
}

static void start_check(Server *s, DocState *d)
{
    Job *j = GC_MALLOC(sizeof *j);
    j->kind = JOB_ANALYSE;
    j->uri = d->doc->uri;
    j->path = d->real ? d->real : d->doc->uri;
    j->version = d->doc->version;
    j->lang = s->lang;
    j->buffers = snapshot(s, &j->nbuffers);
    d->dirty = false;
    submit(s, j);
}

static void mark_dirty(Server *s, double delay)
{
    double due = now_ms() + delay;
    for (int i = 0; i < s->ndocs; i++) {
        DocState *d = &s->docs[i];
        if (d->doc->is_case)
            continue;
        d->dirty = true;
        d->due = due;
    }
}

/* ---- diagnostics ---- */

static void publish(Server *s, const char *uri, long version, json_t *diags)
{
    json_t *p = json_object();
    json_object_set_new(p, "uri", json_string(uri));
    if (version >= 0)
        json_object_set_new(p, "version", json_integer(version));
    json_object_set_new(p, "diagnostics", diags);
    send_message(s, pol_rpc_notification("textDocument/publishDiagnostics", p));
}

/* E0711 in the client's language: the message and its help on two lines,
 * or (human) as `polrun check` prints an error without a place. */
static const char *diag_text(PolLang lang, PolDiagCode code, ...)
{
    va_list ap;
    va_start(ap, code);
    const char *text = pol_strdup_vprintf(pol_diag_format(code, lang), ap);
    va_end(ap);
    return text;
}

static const char *timeout_message(Server *s, bool human)
{
    const char *msg = diag_text(s->lang, POL_E0711_check_timeout, (int)s->timeout);
    const char *help = pol_diag_help(POL_E0711_check_timeout, s->lang);
    const char *help_word = pol_msg_format(s->lang, POL_MSG_help);
    if (!human)
        return pol_strdup_printf("%s\n%s%s", msg, help_word, help);
    return pol_strdup_printf("%s[%s]%s%s\n  = %s%s\n", pol_msg_format(s->lang, POL_MSG_error),
                             pol_diag_code(POL_E0711_check_timeout), pol_msg_format(s->lang, POL_MSG_colon), msg,
                             help_word, help);
}

/* Publishes the diagnostics of d's last check: those of its own file, and
 * those of each imported file that is not open itself (an open one
 * publishes its own); a file that had some and has none now is cleared. */
static void publish_analysis(Server *s, DocState *d)
{
    const PolLspAnalysis *a = d->analysis;
    const char *self = d->real ? d->real : d->doc->uri;
    json_t *own = pol_lsp_diagnostics(a, self, s->enc, s->lang);
    if (a->timed_out) {
        json_t *x = json_object();
        PolLspRange r = {{0, 0}, {0, 0}};
        json_object_set_new(x, "range", pol_lsp_range_json(r));
        json_object_set_new(x, "severity", json_integer(1));
        json_object_set_new(x, "source", json_string("polrun"));
        json_object_set_new(x, "code", json_string(pol_diag_code(POL_E0711_check_timeout)));
        json_object_set_new(x, "message", pol_lsp_string(timeout_message(s, false)));
        json_array_insert_new(own, 0, x);
    }
    publish(s, d->doc->uri, d->doc->version, own);
    const char **now = GC_MALLOC((size_t)(a->ndiags + 1) * sizeof *now);
    int nnow = 0;
    for (int i = 0; i < a->ndiags; i++) {
        const char *path = a->diags[i].path;
        bool open = false;
        for (int k = 0; k < s->ndocs; k++)
            if (s->docs[k].real && strcmp(s->docs[k].real, path) == 0)
                open = true;
        bool seen = strcmp(path, self) == 0 || open;
        for (int k = 0; k < nnow && !seen; k++)
            seen = strcmp(now[k], path) == 0;
        if (!seen)
            now[nnow++] = path;
    }
    for (int i = 0; i < nnow; i++)
        publish(s, pol_lsp_path_to_uri(now[i]), -1, pol_lsp_diagnostics(a, now[i], s->enc, s->lang));
    for (int i = 0; i < d->npublished; i++) {
        bool still = false;
        for (int k = 0; k < nnow; k++)
            still = still || strcmp(now[k], d->published[i]) == 0;
        if (!still)
            publish(s, pol_lsp_path_to_uri(d->published[i]), -1, json_array());
    }
    d->published = now;
    d->npublished = nnow;
}

/* ---- requests that need a document's names ---- */

static void answer(Server *s, json_t *req, DocState *d);

static bool current(const DocState *d)
{
    return d->analysis && d->analysis->version == d->doc->version && !d->dirty;
}

/* Answers req now if d's last check is of its current text, else when the
 * check that is due ends (started now: no debounce for a request). */
static void answer_when_checked(Server *s, json_t *req, DocState *d)
{
    if (current(d) || d->doc->is_case) {
        answer(s, req, d);
        return;
    }
    Waiting *w = GC_MALLOC(sizeof *w);
    w->msg = json_incref(req);
    w->uri = d->doc->uri;
    w->next = s->waiting;
    s->waiting = w;
    if (d->dirty)
        start_check(s, d);
}

/* Answers what waited for d (force: also when the check is not current,
 * after a time-out). */
static void release_waiting(Server *s, DocState *d, bool force)
{
    Waiting **p = &s->waiting;
    Waiting *ready = NULL;
    while (*p) {
        Waiting *w = *p;
        if (strcmp(w->uri, d->doc->uri) == 0 && (force || current(d))) {
            *p = w->next;
            w->next = ready;
            ready = w;
        } else {
            p = &w->next;
        }
    }
    /* in the order they came */
    Waiting *ordered = NULL;
    while (ready) {
        Waiting *n = ready->next;
        ready->next = ordered;
        ordered = ready;
        ready = n;
    }
    for (Waiting *w = ordered; w; w = w->next) {
        answer(s, w->msg, d);
        json_decref(w->msg);
    }
}

static PolLspQuery query_of(Server *s, DocState *d)
{
    PolLspQuery q = {d->analysis, d->good ? d->good : d->analysis, d->doc, d->real ? d->real : d->doc->uri, s->enc, s->lang};
    return q;
}

static bool read_position(json_t *params, PolLspPos *pos)
{
    json_t *p = json_object_get(params, "position");
    json_t *l = json_object_get(p, "line"), *c = json_object_get(p, "character");
    if (!json_is_integer(l) || !json_is_integer(c))
        return false;
    pos->line = (long)json_integer_value(l);
    pos->character = (long)json_integer_value(c);
    return true;
}

static bool read_range(json_t *r, PolLspRange *range)
{
    json_t *a = json_object_get(r, "start"), *b = json_object_get(r, "end");
    if (!json_is_integer(json_object_get(a, "line")) || !json_is_integer(json_object_get(a, "character")) ||
        !json_is_integer(json_object_get(b, "line")) || !json_is_integer(json_object_get(b, "character")))
        return false;
    range->start.line = (long)json_integer_value(json_object_get(a, "line"));
    range->start.character = (long)json_integer_value(json_object_get(a, "character"));
    range->end.line = (long)json_integer_value(json_object_get(b, "line"));
    range->end.character = (long)json_integer_value(json_object_get(b, "character"));
    return true;
}

static const char *msg_text(Server *s, PolMsg m, ...)
{
    va_list ap;
    va_start(ap, m);
    const char *text = pol_strdup_vprintf(pol_msg_format(s->lang, m), ap);
    va_end(ap);
    return text;
}

/* ---- cases: code lenses ---- */

static bool is_dir(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY);
    if (fd < 0)
        return false;
    close(fd);
    return true;
}

/* The folder of the recorded cases of a policy: casesDirectory/<id>, else
 * tests/cases/<id> in the policy's folder or a folder above it. */
static const char *cases_folder(Server *s, const PolLspAnalysis *a)
{
    const char *id = NULL;
    for (int i = 0; i < a->decls.count; i++)
        if (a->decls.items[i]->kind == POL_D_POLICY)
            id = a->decls.items[i]->name;
    if (!id || strchr(id, '/'))
        return NULL;
    if (s->cases_dir) {
        const char *p = pol_strdup_printf("%s/%s", s->cases_dir, id);
        return is_dir(p) ? p : NULL;
    }
    char *dir = GC_STRDUP(a->root);
    for (char *slash = strrchr(dir, '/'); slash; slash = strrchr(dir, '/')) {
        *slash = '\0';
        const char *p = pol_strdup_printf("%s/tests/cases/%s", *dir ? dir : "", id);
        if (is_dir(p))
            return p;
    }
    return NULL;
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static const char **case_files(const char *dir, int *n)
{
    *n = 0;
    const char **files = NULL;
    int cap = 0;
    DIR *dp = opendir(dir);
    if (!dp)
        return NULL;
    struct dirent *e;
    while ((e = readdir(dp))) {
        size_t len = strlen(e->d_name);
        if (len < 6 || strcmp(e->d_name + len - 5, ".case") != 0)
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            const char **f = GC_MALLOC((size_t)cap * sizeof *f);
            if (*n)
                memcpy(f, files, (size_t)*n * sizeof *f);
            files = f;
        }
        files[(*n)++] = pol_strdup_printf("%s/%s", dir, e->d_name);
    }
    closedir(dp);
    if (*n)
        qsort(files, (size_t)*n, sizeof *files, compare_strings);
    return files;
}

/* The policy a .case file is replayed against: the one whose id names the
 * case's folder, open or on disk (policies/<id>.pol or <id>.pol in a
 * folder above). */
static DocState *policy_of_case(Server *s, DocState *c)
{
    if (!c->real)
        return NULL;
    char *dir = GC_STRDUP(c->real);
    char *slash = strrchr(dir, '/');
    if (!slash)
        return NULL;
    *slash = '\0';
    const char *id = strrchr(dir, '/') ? strrchr(dir, '/') + 1 : dir;
    for (int i = 0; i < s->ndocs; i++) {
        DocState *d = &s->docs[i];
        if (d->doc->is_case || !d->analysis)
            continue;
        for (int k = 0; k < d->analysis->decls.count; k++) {
            const PolDecl *p = d->analysis->decls.items[k];
            if (p->kind == POL_D_POLICY && strcmp(p->name, id) == 0 && d->analysis->nsources &&
                d->analysis->decls.items[k]->span.src == d->analysis->sources[0])
                return d;
        }
    }
    return NULL;
}

static const char *policy_file_for_case(DocState *c)
{
    char *dir = GC_STRDUP(c->real);
    char *slash = strrchr(dir, '/');
    if (!slash)
        return NULL;
    *slash = '\0';
    const char *id = strrchr(dir, '/') ? GC_STRDUP(strrchr(dir, '/') + 1) : dir;
    for (slash = strrchr(dir, '/'); slash; slash = strrchr(dir, '/')) {
        *slash = '\0';
        const char *candidates[] = {pol_strdup_printf("%s/policies/%s.pol", dir, id), pol_strdup_printf("%s/%s.pol", dir, id)};
        for (int i = 0; i < 2; i++)
            if (access(candidates[i], R_OK) == 0)
                return real_path(candidates[i]);
    }
    return NULL;
}

/* ---- answering ---- */

static json_t *full_range_edit(const PolLspDoc *d, PolLspEncoding enc, const char *text, size_t len)
{
    PolLspRange r = {{0, 0}, pol_lsp_doc_position(d, d->len, enc)};
    json_t *edit = json_object();
    json_object_set_new(edit, "range", pol_lsp_range_json(r));
    char *copy = GC_MALLOC_ATOMIC(len + 1);
    memcpy(copy, text, len);
    copy[len] = '\0';
    json_object_set_new(edit, "newText", pol_lsp_string(copy));
    json_t *edits = json_array();
    json_array_append_new(edits, edit);
    return edits;
}

static void answer_lenses(Server *s, json_t *req, DocState *d);

/* A job of the worker on a copy of the document's text as it is now, that
 * answers req. */
static void submit_on_text(Server *s, JobKind kind, const DocState *d, json_t *req)
{
    Job *j = GC_MALLOC(sizeof *j);
    j->kind = kind;
    j->uri = d->doc->uri;
    j->path = d->real ? d->real : d->doc->uri;
    j->version = d->doc->version;
    char *text = GC_MALLOC_ATOMIC(d->doc->len + 1);
    memcpy(text, d->doc->text, d->doc->len + 1);
    j->text = text;
    j->len = d->doc->len;
    j->request = json_incref(req);
    submit(s, j);
}

static void answer(Server *s, json_t *req, DocState *d)
{
    const char *method = json_string_value(json_object_get(req, "method"));
    json_t *params = json_object_get(req, "params");
    PolLspPos pos = {0, 0};
    bool has_pos = read_position(params, &pos);
    if (!d->analysis && !d->doc->is_case) {
        reply(s, req, json_null());
        return;
    }
    PolLspQuery q = query_of(s, d);
    if (strcmp(method, "textDocument/codeLens") == 0) {
        answer_lenses(s, req, d);
        return;
    }
    if (d->doc->is_case) {
        reply(s, req, strcmp(method, "textDocument/documentSymbol") == 0 || strcmp(method, "textDocument/references") == 0 ||
                              strcmp(method, "textDocument/codeAction") == 0 || strcmp(method, "textDocument/completion") == 0
                          ? json_array()
                          : json_null());
        return;
    }
    if (strcmp(method, "textDocument/documentSymbol") == 0) {
        reply(s, req, pol_lsp_document_symbols(&q));
    } else if (strcmp(method, "textDocument/semanticTokens/full") == 0) {
        /* the scanner reads the text on the worker; names resolve in the analysis */
        submit_on_text(s, JOB_TOKENS, d, req);
    } else if (strcmp(method, "textDocument/codeAction") == 0) {
        PolLspRange r;
        if (!read_range(json_object_get(params, "range"), &r)) {
            reply_error(s, req, POL_RPC_INVALID_PARAMS, "codeAction needs a range");
            return;
        }
        reply(s, req, pol_lsp_code_actions(&q, r, d->doc->uri));
    } else if (!has_pos) {
        reply_error(s, req, POL_RPC_INVALID_PARAMS, "the request needs a position");
    } else if (strcmp(method, "textDocument/hover") == 0) {
        reply(s, req, pol_lsp_hover(&q, pos));
    } else if (strcmp(method, "textDocument/definition") == 0 || strcmp(method, "textDocument/declaration") == 0) {
        reply(s, req, pol_lsp_definition(&q, pos));
    } else if (strcmp(method, "textDocument/references") == 0) {
        json_t *ctx = json_object_get(params, "context");
        reply(s, req, pol_lsp_references(&q, pos, json_is_true(json_object_get(ctx, "includeDeclaration"))));
    } else if (strcmp(method, "textDocument/documentHighlight") == 0) {
        reply(s, req, pol_lsp_document_highlight(&q, pos));
    } else if (strcmp(method, "textDocument/prepareRename") == 0) {
        reply(s, req, pol_lsp_prepare_rename(&q, pos));
    } else if (strcmp(method, "textDocument/completion") == 0) {
        reply(s, req, pol_lsp_completion(&q, pos));
    } else {
        /* textDocument/rename, the last of the methods needs_check lets through */
        const char *name = json_string_value(json_object_get(params, "newName"));
        if (!name) {
            reply_error(s, req, POL_RPC_INVALID_PARAMS, "rename needs newName");
            return;
        }
        /* whether the new name is a name is the scanner's to say: on the worker */
        Job *j = GC_MALLOC(sizeof *j);
        j->kind = JOB_NAME;
        j->uri = d->doc->uri;
        j->text = GC_STRDUP(name);
        j->request = json_incref(req);
        j->version = d->doc->version;
        submit(s, j);
    }
}

static void finish_rename(Server *s, Job *j)
{
    DocState *d = find_doc(s, j->uri);
    PolLspPos pos;
    json_t *params = json_object_get(j->request, "params");
    if (!d || !d->analysis || d->doc->version != j->version || !read_position(params, &pos)) {
        reply_error(s, j->request, POL_RPC_CONTENT_MODIFIED, "the document changed during the rename");
        return;
    }
    PolLspQuery q = query_of(s, d);
    const char *error = NULL;
    json_t *edit = pol_lsp_rename(&q, pos, j->text, j->name_ok, &error);
    if (edit)
        reply(s, j->request, edit);
    else
        reply_error(s, j->request, POL_RPC_REQUEST_FAILED, error);
}

/* A .case document: replayed against its policy (open, else read from
 * the disk); its result is the lens, its failure a diagnostic. */
static void run_case(Server *s, DocState *c, json_t *req)
{
    DocState *p = policy_of_case(s, c);
    Job *j = GC_MALLOC(sizeof *j);
    j->kind = JOB_CASES;
    j->uri = c->doc->uri;
    j->version = c->doc->version;
    j->lang = s->lang;
    j->of = p && p->analysis && !p->analysis->timed_out ? p->analysis : NULL;
    if (!j->of) {
        j->path = c->real ? policy_file_for_case(c) : NULL;
        if (!j->path) {
            if (req)
                reply(s, req, json_array());
            return;
        }
        j->buffers = snapshot(s, &j->nbuffers);
    }
    j->request = req ? json_incref(req) : NULL;
    /* the case as the editor shows it */
    char *text = GC_MALLOC_ATOMIC(c->doc->len + 1);
    memcpy(text, c->doc->text, c->doc->len + 1);
    j->case_files = GC_MALLOC(sizeof *j->case_files);
    j->case_files[0] = (PolLspBuffer){c->real ? c->real : c->doc->uri, text, c->doc->len};
    j->ncases = 1;
    submit(s, j);
}

static void answer_lenses(Server *s, json_t *req, DocState *d)
{
    if (d->doc->is_case) {
        run_case(s, d, req);
        return;
    }
    const char *dir = cases_folder(s, d->analysis);
    int n = 0;
    const char **files = dir ? case_files(dir, &n) : NULL;
    if (!d->analysis->checked || n == 0) {
        PolLspQuery q = query_of(s, d);
        reply(s, req, pol_lsp_measure_lenses(&q, NULL, 0));
        return;
    }
    Job *j = GC_MALLOC(sizeof *j);
    j->kind = JOB_CASES;
    j->uri = d->doc->uri;
    j->version = d->doc->version;
    j->lang = s->lang;
    j->request = json_incref(req);
    j->of = d->analysis;
    j->case_files = GC_MALLOC((size_t)n * sizeof *j->case_files);
    for (int i = 0; i < n; i++) {
        /* an open case file as the editor shows it */
        const char *real = real_path(files[i]);
        j->case_files[i] = (PolLspBuffer){real, NULL, 0};
        for (int k = 0; k < s->ndocs; k++)
            if (s->docs[k].real && strcmp(s->docs[k].real, real) == 0) {
                char *text = GC_MALLOC_ATOMIC(s->docs[k].doc->len + 1);
                memcpy(text, s->docs[k].doc->text, s->docs[k].doc->len + 1);
                j->case_files[i].text = text;
                j->case_files[i].len = s->docs[k].doc->len;
            }
    }
    j->ncases = n;
    submit(s, j);
}

static json_t *case_lens(Server *s, const PolLspCaseResult *r)
{
    json_t *lens = json_object();
    PolLspRange top = {{0, 0}, {0, 0}};
    json_object_set_new(lens, "range", pol_lsp_range_json(top));
    json_t *cmd = json_object();
    const char *title = !r->ran ? msg_text(s, POL_MSG_lsp_case_not_run)
                      : r->passed ? msg_text(s, POL_MSG_lsp_case_passes)
                                  : msg_text(s, POL_MSG_lsp_case_fails);
    json_object_set_new(cmd, "title", pol_lsp_string(title));
    json_object_set_new(cmd, "command", json_string("polrun.runCase"));
    json_t *args = json_array();
    json_array_append_new(args, json_string(pol_lsp_path_to_uri(r->path)));
    json_object_set_new(cmd, "arguments", args);
    json_object_set_new(lens, "command", cmd);
    return lens;
}

static void finish_cases(Server *s, Job *j)
{
    DocState *d = find_doc(s, j->uri);
    if (!d) {
        if (j->request)
            reply(s, j->request, json_array());
        return;
    }
    if (d->doc->is_case) {
        const PolLspCaseResult *r = j->cases;
        /* a failing case: its problems, or the difference, as diagnostics */
        json_t *diags = json_array();
        for (int i = 0; r && i < r->ndiags; i++) {
            PolLspAnalysis one = {0};
            one.diags = &r->diags[i];
            one.ndiags = 1;
            json_t *x = pol_lsp_diagnostics(&one, r->diags[i].path, s->enc, s->lang);
            json_array_extend(diags, x);
            json_decref(x);
        }
        if (r && r->ran && !r->passed && r->output && !r->ndiags) {
            json_t *x = json_object();
            PolLspRange at = {{0, 0}, {0, 0}};
            /* at the `expect:` line */
            for (long line = 0; line < d->doc->nlines; line++)
                if (strncmp(d->doc->text + d->doc->lines[line], "expect:", 7) == 0) {
                    at.start.line = at.end.line = line;
                    at.end.character = 7;
                }
            json_object_set_new(x, "range", pol_lsp_range_json(at));
            json_object_set_new(x, "severity", json_integer(1));
            json_object_set_new(x, "source", json_string("polrun"));
            json_object_set_new(x, "message", pol_lsp_string(r->output));
            json_array_append_new(diags, x);
        }
        publish(s, d->doc->uri, d->doc->version, diags);
        if (j->request) {
            json_t *lenses = json_array();
            if (r)
                json_array_append_new(lenses, case_lens(s, r));
            reply(s, j->request, lenses);
        }
        return;
    }
    PolLspQuery q = query_of(s, d);
    if (j->request)
        reply(s, j->request, pol_lsp_measure_lenses(&q, j->cases, j->ncases));
}

static void finish_job(Server *s, Job *j)
{
    switch (j->kind) {
    case JOB_ANALYSE: {
        DocState *d = find_doc(s, j->uri);
        if (!d)
            break;
        log_line(s, "checked %s (version %ld) in %.1f ms", j->uri, j->version, j->analysis->millis);
        if (d->analysis && d->analysis->version > j->version)
            break;   /* an older check that ended late */
        d->analysis = j->analysis;
        if (!j->analysis->parse_errors)
            d->good = j->analysis;
        if (j->version == d->doc->version)
            publish_analysis(s, d);
        release_waiting(s, d, false);
        break;
    }
    case JOB_FORMAT: {
        DocState *d = find_doc(s, j->uri);
        if (!d || d->doc->version != j->version)
            reply_error(s, j->request, POL_RPC_CONTENT_MODIFIED, "the document changed while it was formatted");
        else if (!j->formatted)
            reply(s, j->request, json_null());   /* it does not parse: nothing to format */
        else if (j->formatted_len == d->doc->len && memcmp(j->formatted, d->doc->text, d->doc->len) == 0)
            reply(s, j->request, json_array());
        else
            reply(s, j->request, full_range_edit(d->doc, s->enc, j->formatted, j->formatted_len));
        break;
    }
    case JOB_NAME:
        finish_rename(s, j);
        break;
    case JOB_CASES:
        finish_cases(s, j);
        break;
    case JOB_TOKENS: {
        DocState *d = find_doc(s, j->uri);
        if (!d || d->doc->version != j->version || !d->analysis || d->analysis->version != j->version) {
            reply_error(s, j->request, POL_RPC_CONTENT_MODIFIED, "the document changed while its tokens were read");
        } else {
            PolLspQuery q = query_of(s, d);
            reply(s, j->request, pol_lsp_semantic_tokens(&q, j->tokens, j->ntokens));
        }
        break;
    }
    }
    if (j->request)
        json_decref(j->request);
}

/* A check that runs past the time limit: say so, and answer what waits. */
static void watch_worker(Server *s)
{
    Worker *w = &s->worker;
    pthread_mutex_lock(&w->mu);
    Job *j = w->running;
    bool slow = j && j->kind == JOB_ANALYSE && !j->reported_slow && now_ms() - j->started > s->timeout;
    if (slow)
        j->reported_slow = true;
    const char *uri = slow ? j->uri : NULL;
    long version = slow ? j->version : 0;
    pthread_mutex_unlock(&w->mu);
    if (!slow)
        return;
    DocState *d = find_doc(s, uri);
    if (!d)
        return;
    /* said on the standard error too: the client's log of the server */
    if (s->err) {
        fputs(timeout_message(s, true), s->err);
        fflush(s->err);
    }
    log_line(s, "the check of %s (version %ld) runs past %.0f ms", uri, version, s->timeout);
    PolLspAnalysis *late = GC_MALLOC(sizeof *late);
    if (d->analysis)
        *late = *d->analysis;
    else
        late->root = d->real ? d->real : d->doc->uri;
    late->timed_out = true;
    late->version = version;
    d->analysis = late;
    publish_analysis(s, d);
    release_waiting(s, d, true);
}

static void drain_worker(Server *s)
{
    char buf[64];
    while (read(s->worker.wake[0], buf, sizeof buf) > 0)
        ;
    Worker *w = &s->worker;
    pthread_mutex_lock(&w->mu);
    Job *done = w->done;
    w->done = w->done_tail = NULL;
    pthread_mutex_unlock(&w->mu);
    while (done) {
        Job *next = done->next;
        finish_job(s, done);
        done = next;
    }
}

/* ---- lifecycle and documents ---- */

static json_t *capabilities(Server *s)
{
    json_t *c = json_object();
    json_object_set_new(c, "positionEncoding", json_string(s->enc == POL_LSP_UTF8 ? "utf-8" : "utf-16"));
    json_t *sync = json_object();
    json_object_set_new(sync, "openClose", json_true());
    json_object_set_new(sync, "change", json_integer(2));   /* incremental */
    json_t *save = json_object();
    json_object_set_new(save, "includeText", json_false());
    json_object_set_new(sync, "save", save);
    json_object_set_new(c, "textDocumentSync", sync);
    json_object_set_new(c, "hoverProvider", json_true());
    json_object_set_new(c, "definitionProvider", json_true());
    json_object_set_new(c, "declarationProvider", json_true());
    json_object_set_new(c, "referencesProvider", json_true());
    json_object_set_new(c, "documentHighlightProvider", json_true());
    json_t *rename = json_object();
    json_object_set_new(rename, "prepareProvider", json_true());
    json_object_set_new(c, "renameProvider", rename);
    json_t *completion = json_object();
    json_t *triggers = json_array();
    json_array_append_new(triggers, json_string("."));
    json_array_append_new(triggers, json_string("{"));
    json_array_append_new(triggers, json_string(","));
    json_object_set_new(completion, "triggerCharacters", triggers);
    json_object_set_new(c, "completionProvider", completion);
    json_object_set_new(c, "documentSymbolProvider", json_true());
    json_object_set_new(c, "documentFormattingProvider", json_true());
    json_t *tokens = json_object();
    json_object_set_new(tokens, "legend", pol_lsp_semantic_legend());
    json_object_set_new(tokens, "full", json_true());
    json_object_set_new(c, "semanticTokensProvider", tokens);
    json_t *actions = json_object();
    json_t *kinds = json_array();
    json_array_append_new(kinds, json_string("quickfix"));
    json_array_append_new(kinds, json_string("source.fixAll.polrun"));
    json_object_set_new(actions, "codeActionKinds", kinds);
    json_object_set_new(c, "codeActionProvider", actions);
    json_t *lens = json_object();
    json_object_set_new(lens, "resolveProvider", json_false());
    json_object_set_new(c, "codeLensProvider", lens);
    json_t *commands = json_object();
    json_t *names = json_array();
    json_array_append_new(names, json_string("polrun.runCase"));
    json_object_set_new(commands, "commands", names);
    json_object_set_new(c, "executeCommandProvider", commands);
    return c;
}

static void initialize(Server *s, json_t *req)
{
    json_t *params = json_object_get(req, "params");
    json_t *encodings = json_object_get(json_object_get(json_object_get(params, "capabilities"), "general"), "positionEncodings");
    s->enc = POL_LSP_UTF16;
    size_t i;
    json_t *e;
    json_array_foreach(encodings, i, e)
        if (json_is_string(e) && strcmp(json_string_value(e), "utf-8") == 0)
            s->enc = POL_LSP_UTF8;
    const char *locale = json_string_value(json_object_get(params, "locale"));
    if (locale && *locale)
        s->lang = strncmp(locale, "zh", 2) == 0 ? POL_LANG_ZH : POL_LANG_EN;
    json_t *options = json_object_get(params, "initializationOptions");
    json_t *v = json_object_get(options, "debounce");
    if (json_is_integer(v) && json_integer_value(v) >= 0 && json_integer_value(v) <= 10000)
        s->debounce = (double)json_integer_value(v);
    v = json_object_get(options, "timeout");
    if (json_is_integer(v) && json_integer_value(v) >= 1 && json_integer_value(v) <= 600000)
        s->timeout = (double)json_integer_value(v);
    const char *cases = json_string_value(json_object_get(options, "casesDirectory"));
    if (cases && *cases)
        s->cases_dir = GC_STRDUP(cases);
    const char *root = json_string_value(json_object_get(params, "rootUri"));
    if (root)
        s->root_dir = pol_lsp_uri_to_path(root);
    if (s->cases_dir && s->cases_dir[0] != '/' && s->root_dir)
        s->cases_dir = pol_strdup_printf("%s/%s", s->root_dir, s->cases_dir);
    json_t *result = json_object();
    json_object_set_new(result, "capabilities", capabilities(s));
    json_t *info = json_object();
    json_object_set_new(info, "name", json_string("polrun"));
    json_object_set_new(info, "version", json_string(s->opt.version));
    json_object_set_new(result, "serverInfo", info);
    s->initialized = true;
    reply(s, req, result);
}

static void did_open(Server *s, json_t *params)
{
    json_t *td = json_object_get(params, "textDocument");
    const char *uri = json_string_value(json_object_get(td, "uri"));
    const char *text = json_string_value(json_object_get(td, "text"));
    if (!uri || !text)
        return;
    long version = (long)json_integer_value(json_object_get(td, "version"));
    DocState *d = find_doc(s, uri);
    if (!d) {
        if (s->ndocs == s->capdocs) {
            s->capdocs = s->capdocs ? s->capdocs * 2 : 8;
            DocState *docs = GC_MALLOC((size_t)s->capdocs * sizeof *docs);
            if (s->ndocs)
                memcpy(docs, s->docs, (size_t)s->ndocs * sizeof *docs);
            s->docs = docs;
        }
        d = &s->docs[s->ndocs++];
        memset(d, 0, sizeof *d);
    } else {
        pol_lsp_doc_free(d->doc);
    }
    d->doc = pol_lsp_doc_new(uri, text, json_string_length(json_object_get(td, "text")), version);
    if (!d->doc) {
        s->ndocs--;
        return;
    }
    d->real = d->doc->path ? real_path(d->doc->path) : NULL;
    d->analysis = NULL;
    if (d->doc->is_case) {
        run_case(s, d, NULL);
        return;
    }
    /* an opened policy is checked at once; the others see its buffer */
    mark_dirty(s, s->debounce);
    d->due = now_ms();
}

static void did_change(Server *s, json_t *params)
{
    json_t *td = json_object_get(params, "textDocument");
    DocState *d = find_doc(s, json_string_value(json_object_get(td, "uri")));
    if (!d)
        return;
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(params, "contentChanges"), i, c) {
        json_t *text = json_object_get(c, "text");
        if (!json_is_string(text))
            continue;
        /* a change without a range (or a null one) is the whole text; one
         * whose range is not a range cannot be applied: it is left out,
         * rather than taken for the whole text */
        json_t *range = json_object_get(c, "range");
        PolLspRange r;
        if (!range || json_is_null(range))
            pol_lsp_doc_set(d->doc, json_string_value(text), json_string_length(text));
        else if (read_range(range, &r))
            pol_lsp_doc_edit(d->doc, r, s->enc, json_string_value(text), json_string_length(text));
        else
            log_line(s, "a change to %s with a malformed range left out", d->doc->uri);
    }
    json_t *v = json_object_get(td, "version");
    d->doc->version = json_is_integer(v) ? (long)json_integer_value(v) : d->doc->version + 1;
    if (d->doc->is_case)
        run_case(s, d, NULL);
    else
        mark_dirty(s, s->debounce);
}

static void did_close(Server *s, json_t *params)
{
    const char *uri = json_string_value(json_object_get(json_object_get(params, "textDocument"), "uri"));
    DocState *d = find_doc(s, uri);
    if (!d)
        return;
    release_waiting(s, d, true);
    publish(s, uri, -1, json_array());
    for (int i = 0; i < d->npublished; i++)
        publish(s, pol_lsp_path_to_uri(d->published[i]), -1, json_array());
    pol_lsp_doc_free(d->doc);
    *d = s->docs[--s->ndocs];
    /* the others read the file from the disk again */
    mark_dirty(s, s->debounce);
}

static void execute_command(Server *s, json_t *req)
{
    json_t *params = json_object_get(req, "params");
    const char *command = json_string_value(json_object_get(params, "command"));
    const char *uri = json_string_value(json_array_get(json_object_get(params, "arguments"), 0));
    if (!command || strcmp(command, "polrun.runCase") != 0 || !uri) {
        reply_error(s, req, POL_RPC_INVALID_PARAMS, "unknown command");
        return;
    }
    DocState *d = find_doc(s, uri);
    if (!d || !d->doc->is_case) {
        reply_error(s, req, POL_RPC_INVALID_PARAMS, "the case is not open");
        return;
    }
    run_case(s, d, NULL);
    reply(s, req, json_null());
}

/* The methods that need the document's names: answered after its check. */
static bool needs_check(const char *method)
{
    static const char *const methods[] = {
        "textDocument/hover", "textDocument/definition", "textDocument/declaration", "textDocument/references",
        "textDocument/documentHighlight", "textDocument/prepareRename", "textDocument/rename",
        "textDocument/completion", "textDocument/documentSymbol", "textDocument/codeAction", "textDocument/codeLens",
        "textDocument/semanticTokens/full",
    };
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
        if (strcmp(method, methods[i]) == 0)
            return true;
    return false;
}

static void handle(Server *s, json_t *msg)
{
    if (!json_is_object(msg)) {
        reply_error(s, NULL, POL_RPC_INVALID_REQUEST, "a message is a JSON object");
        return;
    }
    json_t *id = json_object_get(msg, "id");
    const char *method = json_string_value(json_object_get(msg, "method"));
    bool request = id != NULL;
    if (request && !json_is_integer(id) && !json_is_string(id)) {
        reply_error(s, NULL, POL_RPC_INVALID_REQUEST, "a request's id is a number or a string");
        return;
    }
    if (!method) {
        /* a response to a request of ours, or nonsense */
        if (!json_object_get(msg, "result") && !json_object_get(msg, "error"))
            reply_error(s, request ? msg : NULL, POL_RPC_INVALID_REQUEST, "a message without a method");
        return;
    }
    json_t *params = json_object_get(msg, "params");
    if (params && !json_is_object(params) && !json_is_array(params)) {
        if (request)
            reply_error(s, msg, POL_RPC_INVALID_PARAMS, "params is an object or an array");
        return;
    }
    if (strcmp(method, "exit") == 0) {
        s->exit_status = s->shutdown ? 0 : 1;
        return;
    }
    if (strcmp(method, "initialize") == 0) {
        if (!request)
            return;
        if (s->initialized)
            reply_error(s, msg, POL_RPC_INVALID_REQUEST, "initialize was already received");
        else
            initialize(s, msg);
        return;
    }
    if (!s->initialized) {
        if (request)
            reply_error(s, msg, POL_RPC_SERVER_NOT_INITIALIZED, "initialize first");
        return;
    }
    if (s->shutdown) {
        if (request)
            reply_error(s, msg, POL_RPC_INVALID_REQUEST, "the server is shutting down");
        return;
    }
    if (strcmp(method, "shutdown") == 0) {
        s->shutdown = true;
        reply(s, msg, json_null());
        return;
    }
    if (!request) {
        if (strcmp(method, "textDocument/didOpen") == 0)
            did_open(s, params);
        else if (strcmp(method, "textDocument/didChange") == 0)
            did_change(s, params);
        else if (strcmp(method, "textDocument/didClose") == 0)
            did_close(s, params);
        else if (strcmp(method, "textDocument/didSave") == 0 || strcmp(method, "workspace/didChangeWatchedFiles") == 0)
            mark_dirty(s, s->debounce);   /* an imported file may have changed on the disk */
        else if (strcmp(method, "$/cancelRequest") == 0) {
            json_t *cid = json_object_get(params, "id");
            for (Waiting **p = &s->waiting; *p; p = &(*p)->next)
                if (json_equal(json_object_get((*p)->msg, "id"), cid)) {
                    Waiting *w = *p;
                    *p = w->next;
                    reply_error(s, w->msg, -32800, "cancelled");
                    json_decref(w->msg);
                    break;
                }
        }
        return;   /* other notifications are not for us */
    }
    if (strcmp(method, "workspace/executeCommand") == 0) {
        execute_command(s, msg);
        return;
    }
    const char *uri = json_string_value(json_object_get(json_object_get(params, "textDocument"), "uri"));
    if (strcmp(method, "textDocument/formatting") == 0) {
        DocState *d = find_doc(s, uri);
        if (!d) {
            reply_error(s, msg, POL_RPC_INVALID_PARAMS, "the document is not open");
            return;
        }
        if (d->doc->is_case) {
            reply(s, msg, json_null());
            return;
        }
        submit_on_text(s, JOB_FORMAT, d, msg);
        return;
    }
    if (needs_check(method)) {
        DocState *d = find_doc(s, uri);
        if (!d)
            reply_error(s, msg, POL_RPC_INVALID_PARAMS, "the document is not open");
        else
            answer_when_checked(s, msg, d);
        return;
    }
    reply_error(s, msg, POL_RPC_METHOD_NOT_FOUND, pol_strdup_printf("unknown method %s", method));
}

static bool start_worker(Server *s)
{
    Worker *w = &s->worker;
    if (pipe(w->wake) != 0)
        return false;
    fcntl(w->wake[0], F_SETFL, O_NONBLOCK);
    fcntl(w->wake[1], F_SETFL, O_NONBLOCK);
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->work, NULL);
    w->stdlib_dir = s->opt.stdlib_dir;
    return GC_pthread_create(&w->thread, NULL, worker_main, w) == 0;
}

int pol_lsp_main(const PolLspOptions *options)
{
    Server *s = GC_MALLOC(sizeof *s);
    s->opt = *options;
    s->lang = options->lang;
    s->enc = POL_LSP_UTF16;
    s->exit_status = -1;
    s->debounce = 30;
    s->timeout = 2000;
    /* the log goes to the standard error as it was at the start, whatever
     * the front end does with `stderr` */
    int errfd = dup(STDERR_FILENO);
    s->err = errfd >= 0 ? fdopen(errfd, "w") : NULL;
    s->log = getenv("POLRUN_LSP_LOG") && *getenv("POLRUN_LSP_LOG") ? s->err : NULL;
    if (!start_worker(s)) {
        fprintf(stderr, "polrun lsp: cannot start the worker thread: %s\n", strerror(errno));
        return 1;
    }
    PolRpcReader in;
    pol_rpc_reader_init(&in, STDIN_FILENO);
    while (s->exit_status < 0) {
        /* the next moment something is due: a debounced check, the time limit */
        double now = now_ms(), wait = 1000;
        for (int i = 0; i < s->ndocs; i++)
            if (s->docs[i].dirty && s->docs[i].due - now < wait)
                wait = s->docs[i].due - now;
        pthread_mutex_lock(&s->worker.mu);
        Job *running = s->worker.running;
        if (running && running->kind == JOB_ANALYSE && !running->reported_slow && running->started + s->timeout - now < wait)
            wait = running->started + s->timeout - now;
        pthread_mutex_unlock(&s->worker.mu);
        if (wait < 0)
            wait = 0;
        struct pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {s->worker.wake[0], POLLIN, 0}};
        int ready = in.eof ? 0 : poll(fds, 2, (int)(wait + 0.999));
        if (ready < 0 && errno != EINTR)
            break;
        if (ready > 0 && (fds[1].revents & POLLIN))
            drain_worker(s);
        if (ready > 0 && (fds[0].revents & (POLLIN | POLLHUP | POLLERR)))
            pol_rpc_fill(&in);
        for (;;) {
            json_t *msg;
            const char *error;
            PolRpcRead r = pol_rpc_next(&in, &msg, &error);
            if (r == POL_RPC_MESSAGE) {
                handle(s, msg);
                json_decref(msg);
                if (s->exit_status >= 0)
                    break;
            } else if (r == POL_RPC_BAD) {
                log_line(s, "%s", error);
                reply_error(s, NULL, POL_RPC_PARSE_ERROR, error);
            } else {
                break;
            }
        }
        if (in.eof && s->exit_status < 0) {
            log_line(s, "the input ended without exit");
            s->exit_status = 1;
        }
        now = now_ms();
        for (int i = 0; i < s->ndocs; i++)
            if (s->docs[i].dirty && s->docs[i].due <= now)
                start_check(s, &s->docs[i]);
        watch_worker(s);
    }
    return s->exit_status;
}
