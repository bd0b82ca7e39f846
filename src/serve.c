/*
 * serve.c — `polrun serve`: the HTTP side (serve.h).
 *
 * libmicrohttpd runs the connections on a pool of `--threads` threads
 * (poll(): see the daemon's flags in pol_serve). A request goes through the access handler several times: once
 * when its headers are in (route, authenticate, check the method, the
 * query and the declared length, answer any error at once), once per
 * piece of body, and once more when the body is complete (decide). A
 * decide is answered right there, on the pool thread: it takes
 * microseconds. A batch gets a thread of its own (serve_batch.c) and the
 * connection streams its answers.
 *
 * Threads and the collector: the collector must know every thread that
 * touches memory it manages. The pool threads are libmicrohttpd's, so
 * each registers itself (GC_register_my_thread) the first time it enters
 * one of our callbacks, and unregisters when it ends (a thread-specific
 * key's destructor); GC_allow_register_threads() is called first. What
 * libmicrohttpd keeps for us between callbacks (the request state behind
 * `con_cls`) lives in memory the collector scans but never frees
 * (GC_MALLOC_UNCOLLECTABLE), released when the request completes:
 * libmicrohttpd's own memory is not scanned. Answers are copied into
 * libmicrohttpd's memory, never lent from the collected heap.
 *
 * Deadlines: libmicrohttpd closes a connection silent for `--timeout`
 * seconds. A client that keeps a connection busy by sending slowly (a
 * slow-loris sends a header line every few seconds) is caught by the
 * sweeper thread: every connection must deliver a complete request within
 * `--time-limit` seconds of opening (or of its previous answer): one that
 * completes it later is answered 408, one that has not a second after the
 * limit has its socket shut down under libmicrohttpd, which closes it. A batch
 * must finish within the same limit from its first byte (serve_batch.c).
 *
 * Signals: SIGTERM and SIGINT drain (stop accepting, answer 503 to new
 * requests on open connections, wait up to `--grace` seconds for those in
 * flight, cut the batches still running) and exit 0; SIGHUP reloads every
 * policy and the token file. The handlers only write a byte to a pipe the
 * main thread reads.
 */
#define GC_THREADS
#include <gc.h>
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "diagnostics.h"
#include "serve.h"
#include "serve_batch.h"
#include "serve_engine.h"
#include "serve_log.h"
#include "serve_metrics.h"
#include "serve_policy.h"
#include "source.h"
#include "text.h"

#define MAX_THREADS 256
#define MAX_SIZE ((size_t)1 << 40)

/* ------------------------------------------------------------------ options */

void pol_serve_options_init(PolServeOptions *o)
{
    memset(o, 0, sizeof *o);
    o->listen = "127.0.0.1:8080";
    o->decide_limit = (size_t)1 << 20;
    o->batch_limit = (size_t)16 << 20;
    o->max_connections = 512;
    o->timeout = 10;
    o->time_limit = 60;
    o->grace = 8;
}

static int usage(PolLang lang, const char *message)
{
    fprintf(stderr, "polrun: %s\n%s\n", message, pol_msg(lang, POL_MSG_usage_hint));
    return -1;
}

static bool parse_unsigned(const char *s, unsigned long min, unsigned long max, unsigned long *out)
{
    if (*s < '0' || *s > '9')
        return false;
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || *end || v < min || v > max)
        return false;
    *out = v;
    return true;
}

/* 1048576, 1024K, 1M, 1G (powers of 1024). */
static bool parse_size(const char *s, size_t *out)
{
    if (*s < '0' || *s > '9')
        return false;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    unsigned shift = 0;
    if (*end == 'K' || *end == 'k')
        shift = 10, end++;
    else if (*end == 'M' || *end == 'm')
        shift = 20, end++;
    else if (*end == 'G' || *end == 'g')
        shift = 30, end++;
    if (errno || *end || v == 0 || v > (MAX_SIZE >> shift))
        return false;
    *out = (size_t)(v << shift);
    return true;
}

int pol_serve_parse_option(PolServeOptions *o, int argc, char **argv, int *i)
{
    static const char *const names[] = {"--listen",  "--threads", "--token-file", "--decide-limit", "--batch-limit",
                                        "--max-connections", "--timeout", "--time-limit", "--grace"};
    const char *a = argv[*i];
    const char *eq = strchr(a, '=');
    size_t len = eq ? (size_t)(eq - a) : strlen(a);
    int which = -1;
    for (int k = 0; k < (int)(sizeof names / sizeof names[0]); k++)
        if (strlen(names[k]) == len && strncmp(a, names[k], len) == 0)
            which = k;
    if (which < 0)
        return 0;
    const char *name = names[which];
    if (!eq && *i + 1 >= argc)
        return usage(o->lang, pol_msg(o->lang, POL_MSG_usage_needs_value, name));
    const char *v = eq ? eq + 1 : argv[++*i];
    if (!o->given)
        o->given = name;
    unsigned long n;
    switch (which) {
    case 0:
        o->listen = v;
        break;
    case 1:
        if (!parse_unsigned(v, 1, MAX_THREADS, &n))
            return usage(o->lang, pol_msg(o->lang, POL_MSG_usage_serve_number, name, 1u, (unsigned)MAX_THREADS, v));
        o->threads = (int)n;
        break;
    case 2:
        o->token_file = v;
        break;
    case 3:
    case 4:
        if (!parse_size(v, which == 3 ? &o->decide_limit : &o->batch_limit))
            return usage(o->lang, pol_msg(o->lang, POL_MSG_usage_serve_size, name, v));
        break;
    case 5:
        if (!parse_unsigned(v, 1, 1000000, &n))
            return usage(o->lang, pol_msg(o->lang, POL_MSG_usage_serve_number, name, 1u, 1000000u, v));
        o->max_connections = (unsigned)n;
        break;
    default:
        if (!parse_unsigned(v, which == 8 ? 0 : 1, 86400, &n))
            return usage(o->lang, pol_msg(o->lang, POL_MSG_usage_serve_number, name, which == 8 ? 0u : 1u, 86400u, v));
        if (which == 6)
            o->timeout = (unsigned)n;
        else if (which == 7)
            o->time_limit = (unsigned)n;
        else
            o->grace = (unsigned)n;
        break;
    }
    return 1;
}

/* ------------------------------------------------------------------- state */

static const PolServeOptions *opt;
static PolDiags *diags;             /* what keeps the server from starting: the command line prints it */
static struct MHD_Daemon *daemon_handle;
static atomic_bool started;        /* listening: libmicrohttpd's messages are logged from then on */
static atomic_bool draining;
static int signal_pipe[2] = {-1, -1};
static pthread_key_t thread_key;

/* The token (NULL: none), replaced on SIGHUP: an immutable string on the
 * collected heap, held by this root. */
static _Atomic(const char *) token;

/* A connection, for the sweeper: malloc'd when it opens, freed when it
 * closes (libmicrohttpd says so before it closes the socket). */
typedef struct Conn {
    int fd;
    double since;             /* opened, or answered its last request */
    bool busy;                /* a request fully received and not yet answered */
    bool cut;                 /* the sweeper shut it down */
    struct Conn *prev, *next;
} Conn;

static pthread_mutex_t conns_lock = PTHREAD_MUTEX_INITIALIZER;
static Conn *conns;
static pthread_t sweeper;
static bool sweeper_running;
static bool sweeper_stop;          /* under conns_lock */
static pthread_cond_t sweeper_wake = PTHREAD_COND_INITIALIZER;

/* One request, behind libmicrohttpd's con_cls. */
typedef struct Request {
    double started;
    PolLang lang;             /* of its messages: Accept-Language, else the server's --lang */
    Conn *conn;
    const char *method, *path;
    PolServeEndpoint endpoint;
    PolServePolicy *policy;
    unsigned status;
    bool body_done;
    const char *code;         /* the error code answered, for the log */
    long version;             /* of the version that decided, 0 none */
    const char *digest;
    /* decide */
    char *body;               /* malloc */
    size_t len, cap;
    PolExplain explain;
    int32_t date;
    bool have_date;
    PolServeOutcome outcome;
    bool counted;             /* an applicant was answered */
    /* batch */
    PolServeBatch batch;
    PolServeBatchJob *job;
    bool too_large;           /* the body went over the limit: dropped, 413 at its end */
    bool timed_out;           /* the body took longer than --time-limit */
    int failed_errno;         /* the body could not be kept */
    /* an answer found with the headers, kept for the final call when no
     * body follows (so that the connection can stay open) */
    bool has_body;
    struct MHD_Response *pending;
    unsigned pending_status;
} Request;

/* ------------------------------------------------------ threads and the GC */

/* A thread of libmicrohttpd ends: its arena goes, and the collector
 * forgets it if it was registered here (key value 2). */
static void thread_ends(void *how)
{
    pol_serve_engine_thread_end();
    if ((uintptr_t)how == 2)
        GC_unregister_my_thread();
}

/* Registers the calling libmicrohttpd thread with the collector once. */
static void enter(void)
{
    static _Thread_local bool known;
    if (known)
        return;
    known = true;
    uintptr_t how = 1;
    if (!GC_thread_is_registered()) {
        struct GC_stack_base base;
        if (GC_get_stack_base(&base) == GC_SUCCESS && GC_register_my_thread(&base) == GC_SUCCESS)
            how = 2;
    }
    pthread_setspecific(thread_key, (void *)how);
    pol_serve_engine_thread_start();
}

/* ---------------------------------------------------------------- answering */

/* The language of a request's messages: of the tags of Accept-Language
 * that are Chinese or English (`zh`, `zh-CN`, `en-GB`, ...), the one with
 * the highest q-value (the first of equals); else the server's --lang. */
static PolLang request_language(struct MHD_Connection *c)
{
    const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_LANGUAGE);
    PolLang best = opt->lang;
    double best_q = 0;
    while (h && *h) {
        while (*h == ' ' || *h == ',')
            h++;
        const char *tag = h;
        while (*h && *h != ';' && *h != ',' && *h != ' ')
            h++;
        size_t len = (size_t)(h - tag);
        double q = 1;
        while (*h && *h != ',') {
            if (strncmp(h, ";q=", 3) == 0 || strncmp(h, "; q=", 4) == 0)
                q = strtod(strchr(h, '=') + 1, NULL);
            h++;
        }
        bool zh = len >= 2 && pol_ascii_eq_nocase(tag, "zh", 2) && (len == 2 || tag[2] == '-');
        bool en = len >= 2 && pol_ascii_eq_nocase(tag, "en", 2) && (len == 2 || tag[2] == '-');
        if ((zh || en) && q > best_q) {
            best = zh ? POL_LANG_ZH : POL_LANG_EN;
            best_q = q;
        }
    }
    return best;
}

static enum MHD_Result send_response(struct MHD_Connection *c, Request *r, unsigned status, const char *type,
                                     const char *body, size_t len)
{
    struct MHD_Response *resp = MHD_create_response_from_buffer(len, (void *)(uintptr_t)body, MHD_RESPMEM_MUST_COPY);
    if (!resp)
        return MHD_NO;
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    if (r->version > 0) {
        char number[24];
        snprintf(number, sizeof number, "%ld", r->version);
        MHD_add_response_header(resp, "Polrun-Policy-Version", number);
        if (r->digest)
            MHD_add_response_header(resp, "Polrun-Policy-Digest", r->digest);
    }
    if (status == MHD_HTTP_UNAUTHORIZED)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer realm=\"polrun\"");
    if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW,
                                r->endpoint == POL_EP_DECIDE || r->endpoint == POL_EP_BATCH ? "POST" : "GET, HEAD");
    if (status == MHD_HTTP_SERVICE_UNAVAILABLE)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, "1");
    /* an error's message, and a text explanation, are in the request's language */
    if (status != MHD_HTTP_OK || r->explain == POL_EXPLAIN_TEXT)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_LANGUAGE, r->lang == POL_LANG_ZH ? "zh" : "en");
    MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY, "Accept-Language");
    /* a request answered before its body was read: the rest of it cannot
     * be told from a next request, so the connection ends with this answer */
    if ((!r->body_done && r->has_body) || atomic_load(&draining))
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
    r->status = status;
    if (!r->body_done && !r->has_body) {   /* answered on the final call */
        r->pending = resp;
        r->pending_status = status;
        return MHD_YES;
    }
    enum MHD_Result ok = MHD_queue_response(c, status, resp);
    MHD_destroy_response(resp);
    return ok;
}

static enum MHD_Result send_json(struct MHD_Connection *c, Request *r, unsigned status, const PolBuf *b)
{
    return send_response(c, r, status, "application/json", b->data, b->len);
}

/* {"error":{"path":..,"message":..,"code":..,"help":..}}: the shape of every
 * error answer; path only for what is about the facts. */
static void error_body(PolBuf *b, const char *path, const char *message, const char *code, const char *help,
                       const char *location)
{
    pol_buf_puts(b, "{\"error\":{");
    if (path) {
        pol_buf_puts(b, "\"path\":");
        pol_buf_json_string(b, path, strlen(path));
        pol_buf_puts(b, ",");
    }
    pol_buf_puts(b, "\"message\":");
    pol_buf_json_string(b, message, strlen(message));
    if (code) {
        pol_buf_puts(b, ",\"code\":");
        pol_buf_json_string(b, code, strlen(code));
    }
    if (location && *location) {
        pol_buf_puts(b, ",\"location\":");
        pol_buf_json_string(b, location, strlen(location));
    }
    if (help) {
        pol_buf_puts(b, ",\"help\":");
        pol_buf_json_string(b, help, strlen(help));
    }
    pol_buf_puts(b, "}}\n");
}

/* An error of the server's own (E13xx) with the arguments of its message;
 * help NULL gives the registry's. */
static enum MHD_Result send_error(struct MHD_Connection *c, Request *r, unsigned status, PolDiagCode code,
                                  const char *help, ...)
{
    va_list ap;
    va_start(ap, help);
    const char *message = pol_fit(pol_diag_vtext(r->lang, code, ap), 1024);
    va_end(ap);
    if (!help)
        help = pol_diag_help(code, r->lang);
    PolBuf b = {0};
    r->code = pol_diag_code(code);
    error_body(&b, NULL, message, r->code, help, NULL);
    return send_json(c, r, status, &b);
}

/* ----------------------------------------------------------------- routing */

static const char *policy_names(PolLang lang)
{
    PolBuf b = {0};
    for (int i = 0; i < pol_serve_policy_count(); i++)
        pol_buf_printf(&b, "%s`%s`", i ? pol_msg(lang, POL_MSG_list_comma) : "", pol_serve_policy_name(pol_serve_policy_at(i)));
    return b.data ? b.data : "";
}

/* Finds the endpoint of path; *name receives the policy named in it. */
static PolServeEndpoint route(const char *path, const char **name, size_t *name_len)
{
    static const char prefix[] = "/v1/policies";
    if (strcmp(path, "/healthz") == 0)
        return POL_EP_HEALTHZ;
    if (strcmp(path, "/readyz") == 0)
        return POL_EP_READYZ;
    if (strcmp(path, "/metrics") == 0)
        return POL_EP_METRICS;
    if (strncmp(path, prefix, sizeof prefix - 1) != 0)
        return POL_EP_NONE;
    const char *rest = path + sizeof prefix - 1;
    if (*rest == '\0')
        return POL_EP_POLICIES;
    if (*rest != '/' || rest[1] == '\0' || rest[1] == '/')
        return POL_EP_NONE;
    rest++;
    const char *slash = strchr(rest, '/');
    *name = rest;
    *name_len = slash ? (size_t)(slash - rest) : strlen(rest);
    if (!slash)
        return POL_EP_POLICY;
    if (strcmp(slash, "/decide") == 0)
        return POL_EP_DECIDE;
    if (strcmp(slash, "/batch") == 0)
        return POL_EP_BATCH;
    return POL_EP_NONE;
}

/* Compares in time that depends only on the length of the token. */
static bool token_matches(const char *given, const char *expected)
{
    size_t g = strlen(given), e = strlen(expected);
    unsigned char diff = g != e;
    for (size_t i = 0; i < e; i++)
        diff |= (unsigned char)(expected[i] ^ (i < g ? given[i] : 0));
    return diff == 0;
}

static bool authorized(struct MHD_Connection *c)
{
    const char *expected = atomic_load(&token);
    if (!expected)
        return true;
    const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    if (!h || !pol_ascii_eq_nocase(h, "Bearer ", 7))
        return false;
    h += 7;
    while (*h == ' ')
        h++;
    return token_matches(h, expected);
}

/* The query of one request, checked as it is read. */
typedef struct Query {
    Request *r;
    const char *bad_key, *bad_value, *expected;   /* the first problem */
    bool unknown;
    bool seen_explain, seen_date, seen_output, seen_bom;
    bool csv_out_given, bom_given;
    bool csv_out, bom;
} Query;

static void query_problem(Query *q, const char *key, const char *value, const char *expected, bool unknown)
{
    if (q->bad_key)
        return;
    q->bad_key = GC_STRDUP(key);
    q->bad_value = value ? GC_STRDUP(value) : "";
    q->expected = expected;
    q->unknown = unknown;
}

static enum MHD_Result query_member(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    Query *q = cls;
    Request *r = q->r;
    bool decide = r->endpoint == POL_EP_DECIDE, batch = r->endpoint == POL_EP_BATCH;
    const char *v = value ? value : "";
    bool *seen = NULL;
    if ((decide || batch) && strcmp(key, "explain") == 0)
        seen = &q->seen_explain;
    else if ((decide || batch) && strcmp(key, "date") == 0)
        seen = &q->seen_date;
    else if (batch && strcmp(key, "output") == 0)
        seen = &q->seen_output;
    else if (batch && strcmp(key, "bom") == 0)
        seen = &q->seen_bom;
    if (!seen) {
        query_problem(q, key, value, NULL, true);
        return MHD_YES;
    }
    if (*seen) {
        query_problem(q, key, value, pol_msg(q->r->lang, POL_MSG_serve_given_twice), false);
        return MHD_YES;
    }
    *seen = true;
    if (strcmp(key, "explain") == 0) {
        if (strcmp(v, "1") == 0 || strcmp(v, "json") == 0 || strcmp(v, "true") == 0)
            r->explain = POL_EXPLAIN_JSON;
        else if (decide && strcmp(v, "text") == 0)
            r->explain = POL_EXPLAIN_TEXT;
        else if (strcmp(v, "0") == 0 || strcmp(v, "false") == 0)
            r->explain = POL_EXPLAIN_NONE;
        else
            query_problem(q, key, value,
                          pol_msg(q->r->lang, decide ? POL_MSG_serve_expect_explain : POL_MSG_serve_expect_explain_batch), false);
    } else if (strcmp(key, "date") == 0) {
        if (pol_serve_engine_date_parse(v, &r->date))
            r->have_date = true;
        else
            query_problem(q, key, value, pol_msg(q->r->lang, POL_MSG_serve_expect_date), false);
    } else if (strcmp(key, "output") == 0) {
        if (strcmp(v, "csv") == 0 || strcmp(v, "ndjson") == 0) {
            q->csv_out_given = true;
            q->csv_out = v[0] == 'c';
        } else {
            query_problem(q, key, value, pol_msg(q->r->lang, POL_MSG_serve_expect_output), false);
        }
    } else {
        if (strcmp(v, "1") == 0 || strcmp(v, "0") == 0) {
            q->bom_given = true;
            q->bom = v[0] == '1';
        } else {
            query_problem(q, key, value, pol_msg(q->r->lang, POL_MSG_serve_expect_bom), false);
        }
    }
    return MHD_YES;
}

/* "explain, date" (in the language's list style), NULL: none. */
static const char *endpoint_parameters(PolServeEndpoint ep, PolLang lang)
{
    if (ep != POL_EP_DECIDE && ep != POL_EP_BATCH)
        return NULL;
    const char *comma = pol_msg(lang, POL_MSG_list_comma);
    if (ep == POL_EP_DECIDE)
        return pol_strdup_printf("explain%sdate", comma);
    return pol_strdup_printf("explain%sdate%soutput%sbom", comma, comma, comma);
}

/* Reads the query; false after answering 400. */
static bool read_query(struct MHD_Connection *c, Request *r, enum MHD_Result *answer)
{
    Query q;
    memset(&q, 0, sizeof q);
    q.r = r;
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, query_member, &q);
    if (r->endpoint == POL_EP_BATCH && !q.bad_key) {
        bool csv_out = q.csv_out;
        if (!q.csv_out_given) {   /* Accept: text/csv asks for CSV too */
            const char *accept = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT);
            csv_out = accept && strstr(accept, "text/csv") && !strstr(accept, "ndjson");
        }
        r->batch.csv_out = csv_out;
        r->batch.bom = q.bom_given ? q.bom : true;
        r->batch.lang = r->lang;
        r->batch.explain = r->explain == POL_EXPLAIN_JSON;
        r->batch.date = r->date;
        r->batch.have_date = r->have_date;
        const char *type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
        r->batch.csv_in = type && pol_ascii_eq_nocase(type, "text/csv", 8);
        if (r->batch.explain && csv_out)
            query_problem(&q, "explain", "1", pol_msg(r->lang, POL_MSG_serve_not_with_csv), false);
        else if (q.bom_given && !csv_out)
            query_problem(&q, "bom", q.bom ? "1" : "0", pol_msg(r->lang, POL_MSG_serve_bom_needs_csv), false);
    }
    if (!q.bad_key)
        return true;
    if (q.unknown) {
        const char *takes = endpoint_parameters(r->endpoint, r->lang);
        const char *help = takes ? pol_msg(r->lang, POL_MSG_serve_parameters_taken, takes) : pol_msg(r->lang, POL_MSG_serve_no_parameters);
        *answer = send_error(c, r, MHD_HTTP_BAD_REQUEST, POL_E1305_serve_unknown_parameter, help, q.bad_key);
    } else {
        *answer = send_error(c, r, MHD_HTTP_BAD_REQUEST, POL_E1306_serve_bad_parameter, NULL, q.bad_key, q.bad_value,
                             q.expected);
    }
    return false;
}

/* --------------------------------------------------------------- endpoints */

static enum MHD_Result answer_policies(struct MHD_Connection *c, Request *r)
{
    PolBuf b = {0};
    pol_buf_puts(&b, "{\"policies\":[");
    for (int i = 0; i < pol_serve_policy_count(); i++) {
        if (i)
            pol_buf_puts(&b, ",");
        pol_serve_policy_json(&b, pol_serve_policy_at(i));
    }
    pol_buf_puts(&b, "]}\n");
    return send_json(c, r, MHD_HTTP_OK, &b);
}

static enum MHD_Result answer_policy(struct MHD_Connection *c, Request *r)
{
    PolBuf b = {0};
    pol_serve_policy_json(&b, r->policy);
    pol_buf_puts(&b, "\n");
    return send_json(c, r, MHD_HTTP_OK, &b);
}

static enum MHD_Result answer_health(struct MHD_Connection *c, Request *r)
{
    PolBuf b = {0};
    pol_buf_puts(&b, "{\"status\":\"ok\"}\n");
    return send_json(c, r, MHD_HTTP_OK, &b);
}

static enum MHD_Result answer_ready(struct MHD_Connection *c, Request *r)
{
    PolBuf b = {0};
    bool ready = pol_serve_policies_ready() && !atomic_load(&draining);
    pol_buf_printf(&b, "{\"status\":\"%s\",\"draining\":%s,\"policies\":{", ready ? "ready" : "not ready",
                   atomic_load(&draining) ? "true" : "false");
    for (int i = 0; i < pol_serve_policy_count(); i++) {
        PolServePolicy *p = pol_serve_policy_at(i);
        PolServePolicyStats s;
        pol_serve_policy_stats(p, &s);
        if (i)
            pol_buf_puts(&b, ",");
        pol_buf_json_string(&b, pol_serve_policy_name(p), strlen(pol_serve_policy_name(p)));
        pol_buf_printf(&b, ":%s", s.loaded ? "true" : "false");
    }
    pol_buf_puts(&b, "}}\n");
    return send_json(c, r, ready ? MHD_HTTP_OK : MHD_HTTP_SERVICE_UNAVAILABLE, &b);
}

static enum MHD_Result answer_metrics(struct MHD_Connection *c, Request *r)
{
    PolBuf b = {0};
    pol_serve_metrics_write(&b);
    return send_response(c, r, MHD_HTTP_OK, "text/plain; version=0.0.4; charset=utf-8", b.data, b.len);
}

static enum MHD_Result answer_not_loaded(struct MHD_Connection *c, Request *r)
{
    const char *name = pol_serve_policy_name(r->policy);
    return send_error(c, r, MHD_HTTP_SERVICE_UNAVAILABLE, POL_E1308_serve_policy_not_loaded,
                      pol_msg(r->lang, POL_MSG_serve_see_policy, name), name);
}

static enum MHD_Result answer_decide(struct MHD_Connection *c, Request *r)
{
    PolServeVersion *v = pol_serve_version_acquire(r->policy);
    if (!v)
        return answer_not_loaded(c, r);
    r->version = pol_serve_version_number(v);
    r->digest = pol_serve_version_digest(v);
    PolServeSlot *slot = pol_serve_version_slot(v);
    PolServeError err;
    enum MHD_Result ok;
    r->counted = true;
    if (pol_serve_engine_decide(slot->decider, r->body ? r->body : "", r->len, r->date, r->have_date, r->explain,
                                r->lang, &slot->out, &err)) {
        r->outcome = POL_OUTCOME_DECIDED;
        ok = send_response(c, r, MHD_HTTP_OK,
                           r->explain == POL_EXPLAIN_TEXT ? "text/plain; charset=utf-8" : "application/json",
                           slot->out.data, slot->out.len);
    } else {
        PolBuf b = {0};
        unsigned status = err.fault == POL_SERVE_MALFORMED ? MHD_HTTP_BAD_REQUEST
                        : err.fault == POL_SERVE_BAD_FACTS  ? MHD_HTTP_UNPROCESSABLE_CONTENT
                                                            : MHD_HTTP_INTERNAL_SERVER_ERROR;
        r->outcome = err.fault == POL_SERVE_POLICY_ERROR ? POL_OUTCOME_POLICY_ERROR : POL_OUTCOME_BAD_FACTS;
        r->code = err.code;
        error_body(&b, err.path, err.message, err.code, NULL, err.location);
        ok = send_json(c, r, status, &b);
    }
    pol_serve_version_slot_return(v, slot);
    pol_serve_version_release(v);
    return ok;
}

static enum MHD_Result answer_batch(struct MHD_Connection *c, Request *r)
{
    PolServeVersion *v = pol_serve_version_acquire(r->policy);
    if (!v)
        return answer_not_loaded(c, r);
    r->version = pol_serve_version_number(v);
    r->digest = pol_serve_version_digest(v);
    if (r->batch.csv_in) {
        PolServeError err;
        if (!pol_serve_batch_csv_header(r->job, pol_serve_version_program(v), r->lang, &err)) {
            pol_serve_version_release(v);
            PolBuf b = {0};
            r->code = err.code;
            error_body(&b, err.path, err.message, err.code, NULL, NULL);
            return send_json(c, r, MHD_HTTP_UNPROCESSABLE_CONTENT, &b);
        }
    }
    double deadline = r->started + opt->time_limit;
    struct MHD_Response *resp = pol_serve_batch_start(r->job, c, v, &r->batch, deadline);
    if (!resp)
        return send_error(c, r, MHD_HTTP_INTERNAL_SERVER_ERROR, POL_E1314_serve_cannot_answer, NULL,
                          pol_strerror(r->lang, ENOMEM));
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
                            r->batch.csv_out ? "text/csv; charset=utf-8" : "application/x-ndjson");
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_LANGUAGE, r->lang == POL_LANG_ZH ? "zh" : "en");
    MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY, "Accept-Language");
    char number[24];
    snprintf(number, sizeof number, "%ld", r->version);
    MHD_add_response_header(resp, "Polrun-Policy-Version", number);
    if (r->digest)
        MHD_add_response_header(resp, "Polrun-Policy-Digest", r->digest);
    if (atomic_load(&draining))
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
    r->status = MHD_HTTP_OK;
    enum MHD_Result ok = MHD_queue_response(c, MHD_HTTP_OK, resp);
    MHD_destroy_response(resp);
    return ok;
}

/* ------------------------------------------------------- libmicrohttpd hooks */

static Conn *conn_of(struct MHD_Connection *c)
{
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return info ? info->socket_context : NULL;
}

static void set_busy(Conn *k, bool busy)
{
    if (!k)
        return;
    pthread_mutex_lock(&conns_lock);
    k->busy = busy;
    k->since = pol_serve_now();
    pthread_mutex_unlock(&conns_lock);
}

static bool conn_was_cut(Conn *k)
{
    if (!k)
        return false;
    pthread_mutex_lock(&conns_lock);
    bool cut = k->cut;
    pthread_mutex_unlock(&conns_lock);
    return cut;
}

/* The checks of a request whose headers are in. */
static enum MHD_Result begin(struct MHD_Connection *c, Request *r, const char *url, const char *method)
{
    const char *name = NULL;
    size_t name_len = 0;
    r->endpoint = route(url, &name, &name_len);
    const char *length = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    const char *chunked = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING);
    r->has_body = (length && strcmp(length, "0") != 0) || chunked;
    if (atomic_load(&draining))
        return send_error(c, r, MHD_HTTP_SERVICE_UNAVAILABLE, POL_E1309_serve_shutting_down, NULL);
    if (!authorized(c))
        return send_error(c, r, MHD_HTTP_UNAUTHORIZED, POL_E1307_serve_unauthorized, NULL);
    if (r->endpoint == POL_EP_NONE)
        return send_error(c, r, MHD_HTTP_NOT_FOUND, POL_E1301_serve_no_endpoint, NULL, url);
    bool post = r->endpoint == POL_EP_DECIDE || r->endpoint == POL_EP_BATCH;
    bool method_ok = post ? strcmp(method, "POST") == 0 : strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
    if (!method_ok)
        return send_error(c, r, MHD_HTTP_METHOD_NOT_ALLOWED, POL_E1303_serve_method_not_allowed, NULL, method, url,
                          post ? "POST" : "GET");
    if (name) {
        r->policy = pol_serve_policy_find(name, name_len);
        if (!r->policy) {
            const char *shown = GC_STRNDUP(name, name_len);
            return send_error(c, r, MHD_HTTP_NOT_FOUND, POL_E1302_serve_no_policy,
                              pol_msg(r->lang, POL_MSG_serve_policies_served, policy_names(r->lang)), shown);
        }
    }
    enum MHD_Result answer;
    if (!read_query(c, r, &answer))
        return answer;
    if (!post)
        return MHD_YES;   /* answered on the final call, once any body is read */
    size_t limit = r->endpoint == POL_EP_DECIDE ? opt->decide_limit : opt->batch_limit;
    if (length) {
        char *end;
        errno = 0;
        unsigned long long n = strtoull(length, &end, 10);
        if (!errno && *end == '\0' && n > limit) {
            /* A client waiting for "100 Continue" is answered before it
             * sends the body. Any other is sending it already: the body is
             * read and dropped and the answer comes after it, as an answer
             * sent in the middle of a body is lost to the connection's reset
             * when the client does not read it before it is done writing. */
            const char *expect = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_EXPECT);
            if (expect && pol_ascii_eq_nocase(expect, "100-continue", sizeof "100-continue"))
                return send_error(c, r, MHD_HTTP_CONTENT_TOO_LARGE, POL_E1304_serve_body_too_large, NULL, limit);
            r->too_large = true;
        }
    }
    if (r->endpoint == POL_EP_BATCH) {
        r->job = pol_serve_batch_new(pol_serve_policy_index(r->policy));
        if (!r->job)
            return send_error(c, r, MHD_HTTP_INTERNAL_SERVER_ERROR, POL_E1314_serve_cannot_answer, NULL,
                              pol_strerror(r->lang, errno));
    }
    return MHD_YES;   /* the body follows (libmicrohttpd answers "100 Continue" when asked) */
}

/* A piece of the body. A body over the limit, one that cannot be kept and
 * one still arriving after --time-limit are read to their end and dropped,
 * and answered then (libmicrohttpd cannot answer in the middle of a body);
 * the sweeper cuts a connection that takes a second more than that. */
static void take_body(Request *r, const char *data, size_t n)
{
    if (pol_serve_now() > r->started + opt->time_limit)
        r->timed_out = true;   /* dropped; 408 if it ends before the sweeper cuts it */
    if (r->timed_out || r->too_large || r->failed_errno)
        return;
    size_t limit = r->endpoint == POL_EP_DECIDE ? opt->decide_limit : opt->batch_limit;
    size_t have = r->endpoint == POL_EP_DECIDE ? r->len : pol_serve_batch_size(r->job);
    if (n > limit - have) {
        r->too_large = true;
        return;
    }
    if (r->endpoint == POL_EP_BATCH) {
        if (!pol_serve_batch_append(r->job, data, n))
            r->failed_errno = errno ? errno : EIO;
        return;
    }
    if (r->len + n + 1 > r->cap) {   /* + 1: the body is kept NUL-terminated, as a file read is */
        size_t cap = r->cap ? r->cap : 4096;
        while (cap < r->len + n + 1)
            cap *= 2;
        char *grown = realloc(r->body, cap);
        if (!grown) {
            r->failed_errno = ENOMEM;
            return;
        }
        r->body = grown;
        r->cap = cap;
    }
    memcpy(r->body + r->len, data, n);
    r->len += n;
    r->body[r->len] = '\0';
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
    (void)cls;
    (void)version;
    enter();
    Request *r = *con_cls;
    if (!r) {
        r = GC_MALLOC_UNCOLLECTABLE(sizeof *r);
        if (!r)
            return MHD_NO;
        *con_cls = r;
        r->conn = conn_of(c);
        r->started = pol_serve_now();
        r->lang = request_language(c);
        r->method = GC_STRDUP(method);
        r->path = GC_STRDUP(url);
        r->endpoint = POL_EP_NONE;
        pol_serve_metrics_in_flight(1);
        return begin(c, r, url, method);
    }
    if (*upload_size) {
        size_t n = *upload_size;
        *upload_size = 0;
        if (r->status)   /* answered already (or about to be): the rest of the body is dropped */
            return MHD_YES;
        take_body(r, upload, n);
        return MHD_YES;
    }
    if (r->status && !r->pending)
        return MHD_YES;
    if (!r->pending && (r->timed_out || pol_serve_now() > r->started + opt->time_limit))
        return send_error(c, r, MHD_HTTP_REQUEST_TIMEOUT, POL_E1310_serve_request_timeout, NULL, opt->time_limit);
    if (!r->pending && r->too_large)
        return send_error(c, r, MHD_HTTP_CONTENT_TOO_LARGE, POL_E1304_serve_body_too_large, NULL,
                          r->endpoint == POL_EP_DECIDE ? opt->decide_limit : opt->batch_limit);
    if (!r->pending && r->failed_errno)
        return send_error(c, r, MHD_HTTP_INTERNAL_SERVER_ERROR, POL_E1314_serve_cannot_answer, NULL,
                          pol_strerror(r->lang, r->failed_errno));
    r->body_done = true;
    set_busy(r->conn, true);
    if (r->pending) {
        struct MHD_Response *resp = r->pending;
        r->pending = NULL;
        enum MHD_Result ok = MHD_queue_response(c, r->pending_status, resp);
        MHD_destroy_response(resp);
        return ok;
    }
    switch (r->endpoint) {
    case POL_EP_DECIDE: return answer_decide(c, r);
    case POL_EP_BATCH: return answer_batch(c, r);
    case POL_EP_POLICIES: return answer_policies(c, r);
    case POL_EP_POLICY: return answer_policy(c, r);
    case POL_EP_HEALTHZ: return answer_health(c, r);
    case POL_EP_READYZ: return answer_ready(c, r);
    default: return answer_metrics(c, r);
    }
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    enter();
    Request *r = *con_cls;
    if (!r)
        return;
    *con_cls = NULL;
    double took = pol_serve_now() - r->started;
    PolServeBatchReport report;
    memset(&report, 0, sizeof report);
    if (r->job)
        pol_serve_batch_close(r->job, &report);
    unsigned status = r->status;
    if (r->timed_out || (conn_was_cut(r->conn) && (status == 0 || toe != MHD_REQUEST_TERMINATED_COMPLETED_OK)))
        status = MHD_HTTP_REQUEST_TIMEOUT;
    int policy = r->policy ? pol_serve_policy_index(r->policy) : -1;
    pol_serve_metrics_request(r->endpoint, policy, status, took);
    if (r->counted)
        pol_serve_metrics_decisions(policy, r->outcome, 1);
    if (report.started) {
        pol_serve_metrics_decisions(policy, POL_OUTCOME_DECIDED, report.decided);
        pol_serve_metrics_decisions(policy, POL_OUTCOME_BAD_FACTS, report.bad_facts);
        pol_serve_metrics_decisions(policy, POL_OUTCOME_POLICY_ERROR, report.policy_errors);
        pol_serve_metrics_batch_bytes(policy, report.bytes_in, report.bytes_out);
    }
    pol_serve_metrics_in_flight(-1);

    PolBuf line = pol_serve_log_begin("request");
    pol_serve_log_text(&line, "method", r->method);
    pol_serve_log_text(&line, "path", r->path);
    pol_buf_printf(&line, ",\"status\":%u", status);
    pol_serve_log_text(&line, "policy", r->policy ? pol_serve_policy_name(r->policy) : NULL);
    if (r->version)
        pol_buf_printf(&line, ",\"version\":%ld", r->version);
    else
        pol_buf_puts(&line, ",\"version\":null");
    pol_serve_log_text(&line, "digest", r->digest);
    pol_buf_printf(&line, ",\"duration_ms\":%.3f", took * 1000);
    if (r->code)
        pol_serve_log_text(&line, "code", r->code);
    if (report.started)
        pol_buf_printf(&line, ",\"bytes_in\":%ld,\"bytes_out\":%ld,\"decided\":%ld,\"bad_facts\":%ld,"
                              "\"policy_errors\":%ld,\"complete\":%s",
                       report.bytes_in, report.bytes_out, report.decided, report.bad_facts, report.policy_errors,
                       report.finished ? "true" : "false");
    if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK)
        pol_serve_log_text(&line, "ended",
                           toe == MHD_REQUEST_TERMINATED_TIMEOUT_REACHED    ? "timeout"
                           : toe == MHD_REQUEST_TERMINATED_CLIENT_ABORT     ? "client_abort"
                           : toe == MHD_REQUEST_TERMINATED_DAEMON_SHUTDOWN  ? "shutdown"
                           : toe == MHD_REQUEST_TERMINATED_READ_ERROR       ? "read_error"
                                                                            : "error");
    pol_serve_log_end(&line);

    set_busy(r->conn, false);
    if (r->pending)
        MHD_destroy_response(r->pending);
    free(r->body);
    GC_FREE(r);
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode toe)
{
    (void)cls;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
        Conn *k = calloc(1, sizeof *k);
        if (!k)
            return;
        const union MHD_ConnectionInfo *info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        k->fd = info ? info->connect_fd : -1;
        k->since = pol_serve_now();
        pthread_mutex_lock(&conns_lock);
        k->next = conns;
        if (conns)
            conns->prev = k;
        conns = k;
        pthread_mutex_unlock(&conns_lock);
        *socket_context = k;
        return;
    }
    Conn *k = *socket_context;
    if (!k)
        return;
    pthread_mutex_lock(&conns_lock);
    if (k->prev)
        k->prev->next = k->next;
    else
        conns = k->next;
    if (k->next)
        k->next->prev = k->prev;
    pthread_mutex_unlock(&conns_lock);
    free(k);
    *socket_context = NULL;
}

static void on_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    if (!atomic_load(&started))
        return;   /* why it could not start: E1311 says it */
    enter();
    char text[512];
    vsnprintf(text, sizeof text, fmt, ap);
    size_t n = strlen(text);
    while (n && (text[n - 1] == '\n' || text[n - 1] == ' '))
        text[--n] = '\0';
    PolBuf line = pol_serve_log_begin("http");
    pol_serve_log_text(&line, "message", text);
    pol_serve_log_end(&line);
}

/* libmicrohttpd found its own state broken and cannot go on: the log says
 * where (one `panic` line) before the process aborts, as it would anyway. */
static void on_panic(void *cls, const char *file, unsigned int line_no, const char *reason)
{
    (void)cls;
    enter();
    PolBuf line = pol_serve_log_begin("panic");
    pol_serve_log_text(&line, "file", file ? file : "?");
    pol_buf_printf(&line, ",\"line\":%u", line_no);
    pol_serve_log_text(&line, "message", reason ? reason : "");
    pol_serve_log_end(&line);
    abort();
}

/* ---------------------------------------------------------------- sweeper */

static void *sweeper_main(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&conns_lock);
    while (!sweeper_stop) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 250 * 1000 * 1000;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&sweeper_wake, &conns_lock, &until);
        double now = pol_serve_now();
        for (Conn *k = conns; k; k = k->next)
            if (!k->busy && !k->cut && k->fd >= 0 && now - k->since > opt->time_limit + 1.0) {
                k->cut = true;
                shutdown(k->fd, SHUT_RDWR);
            }
    }
    pthread_mutex_unlock(&conns_lock);
    return NULL;
}

/* ------------------------------------------------------------------ startup */

static void on_signal(int sig)
{
    int saved = errno;
    char c = sig == SIGHUP ? 'H' : 'T';
    if (write(signal_pipe[1], &c, 1) < 0) {
        /* the pipe is full: a signal is waiting to be read already */
    }
    errno = saved;
}

static bool read_token(const char *path, bool at_start)
{
    if (!path)
        return true;
    PolSource *src = pol_source_read(path);
    const char *why = NULL;
    char *t = NULL;
    if (!src) {
        why = pol_strerror(opt->lang, errno);
    } else {
        size_t n = src->len;
        while (n && isspace((unsigned char)src->text[n - 1]))
            n--;
        size_t start = 0;
        while (start < n && isspace((unsigned char)src->text[start]))
            start++;
        t = GC_STRNDUP(src->text + start, n - start);
        if (!*t)
            why = pol_msg(opt->lang, POL_MSG_serve_token_empty);
        else if (strpbrk(t, " \t\r\n"))
            why = pol_msg(opt->lang, POL_MSG_serve_token_spaces);
    }
    if (why) {
        if (at_start) {
            pol_diag(diags, POL_E1312_serve_token_file, (PolSpan){0}, NULL, path, why);
        } else {
            const char *message = pol_fit(pol_diag_text(opt->lang, POL_E1312_serve_token_file, path, why), 1024);
            PolBuf line = pol_serve_log_begin("token_kept");
            pol_serve_log_text(&line, "code", pol_diag_code(POL_E1312_serve_token_file));
            pol_serve_log_text(&line, "message", message);
            pol_serve_log_end(&line);
        }
        return false;
    }
    atomic_store(&token, t);
    return true;
}

/* The name a policy file is served under: its base name without .pol or .polc. */
static const char *served_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    size_t n = strlen(base);
    if (n > 5 && strcmp(base + n - 5, ".polc") == 0)
        n -= 5;
    else if (n > 4 && strcmp(base + n - 4, ".pol") == 0)
        n -= 4;
    return GC_STRNDUP(base, n);
}

/* HOST:PORT, [V6]:PORT or :PORT (every interface) into *addr. */
static bool parse_listen(const char *text, struct sockaddr_storage *addr, socklen_t *len)
{
    const char *colon = strrchr(text, ':');
    if (!colon || colon[1] == '\0')
        return false;
    unsigned long port;
    if (!parse_unsigned(colon + 1, 0, 65535, &port))
        return false;
    const char *host = text;
    size_t host_len = (size_t)(colon - text);
    if (host_len >= 2 && host[0] == '[' && host[host_len - 1] == ']') {
        host++;
        host_len -= 2;
    }
    char *h = GC_STRNDUP(host, host_len);
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    char service[8];
    snprintf(service, sizeof service, "%lu", port);
    if (getaddrinfo(*h ? h : NULL, service, &hints, &res) != 0 || !res)
        return false;
    memcpy(addr, res->ai_addr, res->ai_addrlen);
    *len = res->ai_addrlen;
    freeaddrinfo(res);
    return true;
}

static const char *address_text(const struct sockaddr_storage *addr, unsigned port)
{
    char host[INET6_ADDRSTRLEN] = "?";
    if (addr->ss_family == AF_INET6) {
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)addr)->sin6_addr, host, sizeof host);
        return pol_strdup_printf("[%s]:%u", host, port);
    }
    inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)addr)->sin_addr, host, sizeof host);
    return pol_strdup_printf("%s:%u", host, port);
}

static void log_event(const char *event)
{
    PolBuf line = pol_serve_log_begin(event);
    pol_serve_log_end(&line);
}

/* Waits for requests in flight, at most `seconds`. */
static void wait_quiet(double seconds)
{
    double until = pol_serve_now() + seconds;
    while (pol_serve_now() < until && (pol_serve_metrics_in_flight_now() > 0 || pol_serve_batch_active() > 0))
        usleep(20 * 1000);
}

int pol_serve(const PolServeOptions *o, const char *const *paths, int n, PolDiags *ds)
{
    opt = o;
    diags = ds;
    const char **names = GC_MALLOC((size_t)n * sizeof *names);
    for (int i = 0; i < n; i++) {
        names[i] = served_name(paths[i]);
        for (int k = 0; k < i; k++)
            if (strcmp(names[k], names[i]) == 0) {
                pol_diag(ds, POL_E1313_serve_duplicate_name, (PolSpan){0}, NULL, names[i], paths[k], paths[i]);
                return 2;
            }
    }
    struct sockaddr_storage addr;
    socklen_t addr_len = 0;
    memset(&addr, 0, sizeof addr);
    if (!parse_listen(o->listen, &addr, &addr_len)) {
        fprintf(stderr, "polrun: %s\n%s\n", pol_msg(opt->lang, POL_MSG_usage_serve_listen, o->listen), pol_msg(opt->lang, POL_MSG_usage_hint));
        return 2;
    }
    if (!read_token(o->token_file, true))
        return 1;
    int threads = o->threads;
    if (threads <= 0) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        threads = cpus > 0 ? (cpus > MAX_THREADS ? MAX_THREADS : (int)cpus) : 1;
    }

    /* signals: to a pipe the main thread reads, whichever thread they reach */
    if (pipe2(signal_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
        return 1;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    pol_serve_log_open();
    GC_allow_register_threads();
    pthread_key_create(&thread_key, thread_ends);
    if (!pol_serve_metrics_init(n)) {
        pol_diag_internal(ds, POL_MSG_out_of_memory, (size_t)n * 1024);
        return 1;
    }
    pol_serve_batch_setup(threads);
    pol_serve_policies_init(paths, names, n, o->lang, o->stdlib_dir);

    /* poll(), not epoll (which MHD_USE_AUTO would choose): libmicrohttpd
     * 0.9.75's MHD_quiesce_daemon removes the listening socket from each
     * worker's epoll set while the worker may be removing it too, and
     * whichever loses aborts the process ("Failed to remove listen FD from
     * epoll set"). With poll() quiescing only wakes the workers. */
    MHD_set_panic_func(on_panic, NULL);
    unsigned flags = MHD_USE_POLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;
    if (addr.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    struct MHD_OptionItem options[] = {
        {MHD_OPTION_EXTERNAL_LOGGER, (intptr_t)on_log, NULL},
        {MHD_OPTION_SOCK_ADDR, 0, &addr},
        {MHD_OPTION_CONNECTION_LIMIT, (intptr_t)o->max_connections, NULL},
        {MHD_OPTION_CONNECTION_TIMEOUT, (intptr_t)o->timeout, NULL},
        {MHD_OPTION_CONNECTION_MEMORY_LIMIT, (intptr_t)(32 * 1024), NULL},
        {MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)on_completed, NULL},
        {MHD_OPTION_NOTIFY_CONNECTION, (intptr_t)on_connection, NULL},
        {threads > 1 ? MHD_OPTION_THREAD_POOL_SIZE : MHD_OPTION_END, threads, NULL},
        {MHD_OPTION_END, 0, NULL},
    };
    uint16_t port = ntohs(addr.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)(void *)&addr)->sin6_port
                                                      : ((struct sockaddr_in *)(void *)&addr)->sin_port);
    daemon_handle = MHD_start_daemon(flags, port, NULL, NULL, on_request, NULL, MHD_OPTION_ARRAY, options,
                                     MHD_OPTION_END);
    if (!daemon_handle) {
        int e = errno ? errno : EADDRINUSE;
        pol_diag(ds, POL_E1311_serve_cannot_listen, (PolSpan){0}, NULL, o->listen, pol_strerror(o->lang, e));
        return 1;
    }
    atomic_store(&started, true);
    /* listening already: until the first loads are done, a request is
     * answered 503 (no version that checks) and /readyz says not ready */
    if (!pol_serve_policies_start(0.1)) {
        MHD_stop_daemon(daemon_handle);
        return 1;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon_handle, MHD_DAEMON_INFO_BIND_PORT);
    unsigned bound = info ? info->port : port;
    PolBuf line = pol_serve_log_begin("listening");
    pol_serve_log_text(&line, "address", address_text(&addr, bound));
    pol_buf_printf(&line, ",\"port\":%u,\"threads\":%d,\"policies\":[", bound, threads);
    for (int i = 0; i < n; i++) {
        if (i)
            pol_buf_puts(&line, ",");
        pol_buf_json_string(&line, names[i], strlen(names[i]));
    }
    pol_buf_printf(&line, "],\"ready\":%s,\"authentication\":%s", pol_serve_policies_ready() ? "true" : "false",
                   o->token_file ? "true" : "false");
    pol_serve_log_end(&line);
    sweeper_running = GC_pthread_create(&sweeper, NULL, sweeper_main, NULL) == 0;

    for (;;) {
        struct pollfd p = {signal_pipe[0], POLLIN, 0};
        if (poll(&p, 1, -1) < 0 && errno != EINTR)
            break;
        char c;
        bool stop = false;
        while (read(signal_pipe[0], &c, 1) == 1) {
            if (c == 'H') {
                log_event("sighup");
                read_token(o->token_file, false);
                pol_serve_policies_reload_all();
            } else {
                stop = true;
            }
        }
        if (stop)
            break;
    }

    /* drain */
    atomic_store(&draining, true);
    double drain_started = pol_serve_now();
    /* The listening socket stops taking connections at once (shut down,
     * so that a client is refused rather than left in the backlog), but is
     * closed only after MHD_stop_daemon: a worker may still be polling it.
     * The log says `draining` once new clients are refused. */
    int listen_fd = MHD_quiesce_daemon(daemon_handle);
    if (listen_fd >= 0)
        shutdown(listen_fd, SHUT_RDWR);
    line = pol_serve_log_begin("draining");
    pol_buf_printf(&line, ",\"in_flight\":%ld,\"grace_seconds\":%u", pol_serve_metrics_in_flight_now(), o->grace);
    pol_serve_log_end(&line);
    wait_quiet(o->grace);
    long left = pol_serve_metrics_in_flight_now();
    if (pol_serve_batch_active() > 0) {
        pol_serve_batch_cancel_all();
        wait_quiet(1.0);
    }
    /* libmicrohttpd must not be stopped while a connection is suspended
     * (it aborts): a batch cut above has resumed its connection, but its
     * thread may not have taken it back yet. If one is still there after
     * the second given, the process ends without stopping the daemon (the
     * kernel closes the sockets); the log says so. */
    bool stoppable = pol_serve_batch_active() == 0;
    if (stoppable)
        MHD_stop_daemon(daemon_handle);
    if (listen_fd >= 0)
        close(listen_fd);
    pthread_mutex_lock(&conns_lock);
    sweeper_stop = true;
    pthread_cond_signal(&sweeper_wake);
    pthread_mutex_unlock(&conns_lock);
    if (sweeper_running)
        GC_pthread_join(sweeper, NULL);
    pol_serve_policies_stop();
    line = pol_serve_log_begin("stopped");
    pol_buf_printf(&line, ",\"drain_ms\":%.0f,\"unfinished\":%ld,\"daemon_stopped\":%s",
                   (pol_serve_now() - drain_started) * 1000, left, stoppable ? "true" : "false");
    pol_serve_log_end(&line);
    return 0;
}
