/*
 * serve_batch.c — streaming batches (serve_batch.h).
 *
 * A job is shared by three owners, each holding one reference: the
 * request (until the request is over), the response (until libmicrohttpd
 * destroys it: the answer was sent, or the client left) and the thread
 * that decides (until pol_batch returns). The last one frees it. The job
 * is uncollectable memory: the collector scans it (it holds the version,
 * which must stay alive while the batch decides) but never frees it.
 *
 * The ring: the deciding thread writes the answers through a stdio
 * stream (fopencookie) into `ring`, waiting while it is full; the
 * connection's content reader takes them out. When the ring is empty and
 * the batch is not over, the reader suspends the connection and the
 * writer resumes it when it has added answers; both happen under the
 * job's lock, so a resume never comes before its suspend.
 *
 * Threads and the collector: the deciding threads are created with
 * GC_pthread_create (GC_THREADS); the content reader runs in a thread of
 * libmicrohttpd that serve.c has registered.
 */
#define GC_THREADS
#include <gc.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "serve_batch.h"
#include "serve_log.h"

#define RING_BYTES ((size_t)256 << 10)
#define STREAM_BUFFER ((size_t)64 << 10)

/* Counts the answers as they stream by (one line each in NDJSON; one
 * record each, after the header, in CSV): those that are an error, and
 * among them those of a policy failing at run time (their message names
 * an E08xx error). */
typedef struct AnswerCounter {
    bool csv;
    bool line_start, in_quotes, header_done;
    int prefix_len;           /* bytes of the line start seen (NDJSON) */
    char prefix[8];
    char last;                /* CSV: the last byte before the record's end */
    int match;                /* bytes of "error[E08" matched */
    bool runtime;             /* this answer names a runtime error */
    long decided, bad, runtime_errors;
} AnswerCounter;

struct PolServeBatchJob {
    int fd;
    size_t size;
    int policy;
    int refs;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    char *ring;               /* malloc, RING_BYTES */
    size_t head, len;
    bool started, producer_done, consumer_gone, cut, suspended, waiting_turn;
    struct MHD_Connection *conn;
    PolServeVersion *version;
    PolServeBatch opts;
    double deadline;
    int status;
    long bytes_out;
    AnswerCounter count;
    PolServeBatchJob *prev, *next;   /* the list of running jobs */
};

static pthread_mutex_t jobs_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t turn = PTHREAD_COND_INITIALIZER;
static PolServeBatchJob *jobs;        /* started and not yet freed */
static int active, running, max_running = 1;
static int devnull = -1;

void pol_serve_batch_setup(int max)
{
    max_running = max > 0 ? max : 1;
    devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
}

/* ------------------------------------------------------------------ the body */

static int temporary_file(void)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC | O_EXCL, 0600);
    if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL))
        return fd;
    /* a file system without O_TMPFILE: a named file, removed at once */
    char path[4096];
    if ((size_t)snprintf(path, sizeof path, "%s/polrun-batch-XXXXXX", dir) >= sizeof path)
        return -1;
    fd = mkostemp(path, O_CLOEXEC);
    if (fd >= 0)
        unlink(path);
    return fd;
}

PolServeBatchJob *pol_serve_batch_new(int policy_index)
{
    int fd = temporary_file();
    if (fd < 0)
        return NULL;
    PolServeBatchJob *j = GC_MALLOC_UNCOLLECTABLE(sizeof *j);
    if (!j) {
        close(fd);
        errno = ENOMEM;
        return NULL;
    }
    j->fd = fd;
    j->policy = policy_index;
    j->refs = 1;
    pthread_mutex_init(&j->lock, NULL);
    pthread_cond_init(&j->cond, NULL);
    return j;
}

bool pol_serve_batch_append(PolServeBatchJob *j, const char *data, size_t n)
{
    while (n > 0) {
        ssize_t w = write(j->fd, data, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        data += w;
        n -= (size_t)w;
        j->size += (size_t)w;
    }
    return true;
}

size_t pol_serve_batch_size(const PolServeBatchJob *j) { return j->size; }

bool pol_serve_batch_csv_header(PolServeBatchJob *j, const PolProgram *p, PolLang lang, PolServeError *err)
{
    return pol_serve_engine_csv_header(p, j->fd, lang, err);
}

static void job_free(PolServeBatchJob *j)
{
    if (j->started) {
        pthread_mutex_lock(&jobs_lock);
        if (j->prev)
            j->prev->next = j->next;
        else
            jobs = j->next;
        if (j->next)
            j->next->prev = j->prev;
        active--;
        pthread_cond_broadcast(&turn);
        pthread_mutex_unlock(&jobs_lock);
    }
    close(j->fd);
    free(j->ring);
    pthread_mutex_destroy(&j->lock);
    pthread_cond_destroy(&j->cond);
    pol_serve_version_release(j->version);
    j->version = NULL;
    GC_FREE(j);
}

/* Drops one reference; the caller holds j->lock, which this releases. */
static void job_unref_locked(PolServeBatchJob *j)
{
    int left = --j->refs;
    pthread_mutex_unlock(&j->lock);
    if (left == 0)
        job_free(j);
}

void pol_serve_batch_discard(PolServeBatchJob *j)
{
    pthread_mutex_lock(&j->lock);
    job_unref_locked(j);
}

/* Stops the batch reading: its next read of the body finds the end. The
 * caller holds j->lock. */
static void stop_input(PolServeBatchJob *j)
{
    if (devnull >= 0)
        dup2(devnull, j->fd);
}

/* Wakes the connection if its reader is waiting; the caller holds j->lock. */
static void wake_reader(PolServeBatchJob *j)
{
    if (j->suspended && !j->consumer_gone) {
        j->suspended = false;
        MHD_resume_connection(j->conn);
    }
}

/* ------------------------------------------------------- counting answers */

static void count_bytes(AnswerCounter *c, const char *p, size_t n)
{
    static const char runtime[] = "error[E08";
    for (size_t i = 0; i < n; i++) {
        char ch = p[i];
        if (c->csv && ch == '"')
            c->in_quotes = !c->in_quotes;
        bool end = ch == '\n' && !(c->csv && c->in_quotes);
        if (!end) {
            if (!c->csv && c->prefix_len < (int)sizeof c->prefix)
                c->prefix[c->prefix_len++] = ch;
            if (ch != '\r')
                c->last = ch;
            c->match = ch == runtime[c->match] ? c->match + 1 : ch == 'e' ? 1 : 0;
            if (c->match == (int)sizeof runtime - 1) {
                c->runtime = true;
                c->match = 0;
            }
            continue;
        }
        bool error;
        if (c->csv) {
            error = c->last != ',';   /* the last column, error, is empty for a decision */
            if (!c->header_done) {
                c->header_done = true;
                goto next;
            }
        } else {
            error = c->prefix_len >= 8 && memcmp(c->prefix, "{\"line\":", 8) == 0;
        }
        if (!error)
            c->decided++;
        else if (c->runtime)
            c->runtime_errors++;
        else
            c->bad++;
    next:
        c->prefix_len = 0;
        c->last = 0;
        c->match = 0;
        c->runtime = false;
    }
}

/* ------------------------------------------------------- the answer stream */

static ssize_t stream_write(void *cookie, const char *data, size_t size)
{
    PolServeBatchJob *j = cookie;
    pthread_mutex_lock(&j->lock);
    size_t left = size;
    while (left > 0) {
        if (j->consumer_gone || j->cut)
            break;   /* nobody to answer: the answers are dropped, and the input stops */
        if (pol_serve_now() > j->deadline) {
            j->cut = true;
            stop_input(j);
            wake_reader(j);
            break;
        }
        size_t room = RING_BYTES - j->len;
        if (room == 0) {
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_nsec += 100 * 1000 * 1000;   /* look at the deadline ten times a second */
            if (until.tv_nsec >= 1000000000L) {
                until.tv_sec++;
                until.tv_nsec -= 1000000000L;
            }
            pthread_cond_timedwait(&j->cond, &j->lock, &until);
            continue;
        }
        size_t n = left < room ? left : room;
        size_t tail = (j->head + j->len) % RING_BYTES;
        size_t first = n < RING_BYTES - tail ? n : RING_BYTES - tail;
        memcpy(j->ring + tail, data, first);
        memcpy(j->ring, data + first, n - first);
        count_bytes(&j->count, data, n);
        j->len += n;
        j->bytes_out += (long)n;
        data += n;
        left -= n;
        wake_reader(j);
    }
    pthread_mutex_unlock(&j->lock);
    return (ssize_t)size;   /* never an error: polrun batch must not report one of ours */
}

static ssize_t content_reader(void *cls, uint64_t pos, char *buf, size_t max)
{
    (void)pos;
    PolServeBatchJob *j = cls;
    pthread_mutex_lock(&j->lock);
    if (j->len > 0) {
        size_t n = j->len < max ? j->len : max;
        size_t first = n < RING_BYTES - j->head ? n : RING_BYTES - j->head;
        memcpy(buf, j->ring + j->head, first);
        memcpy(buf + first, j->ring, n - first);
        j->head = (j->head + n) % RING_BYTES;
        j->len -= n;
        pthread_cond_broadcast(&j->cond);
        pthread_mutex_unlock(&j->lock);
        return (ssize_t)n;
    }
    ssize_t r = 0;
    if (j->cut)
        r = MHD_CONTENT_READER_END_WITH_ERROR;
    else if (j->producer_done)
        r = MHD_CONTENT_READER_END_OF_STREAM;
    else {
        j->suspended = true;
        MHD_suspend_connection(j->conn);
    }
    pthread_mutex_unlock(&j->lock);
    return r;
}

static void content_free(void *cls)
{
    PolServeBatchJob *j = cls;
    pthread_mutex_lock(&j->lock);
    j->consumer_gone = true;
    j->suspended = false;
    if (!j->producer_done) {
        j->cut = true;
        stop_input(j);
    }
    pthread_cond_broadcast(&j->cond);
    job_unref_locked(j);
}

/* ---------------------------------------------------------------- deciding */

static void *batch_main(void *arg)
{
    PolServeBatchJob *j = arg;
    pthread_mutex_lock(&jobs_lock);
    while (running >= max_running && pol_serve_now() < j->deadline && !j->cut) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += 1;
        pthread_cond_timedwait(&turn, &jobs_lock, &until);
    }
    running++;
    pthread_mutex_unlock(&jobs_lock);

    int status = 1;
    bool go;
    pthread_mutex_lock(&j->lock);
    go = !j->cut && !j->consumer_gone && pol_serve_now() <= j->deadline;
    if (!go && !j->consumer_gone) {
        j->cut = true;
        wake_reader(j);
    }
    pthread_mutex_unlock(&j->lock);
    if (go) {
        cookie_io_functions_t io = {.read = NULL, .write = stream_write, .seek = NULL, .close = NULL};
        FILE *out = fopencookie(j, "w", io);
        if (out) {
            setvbuf(out, NULL, _IOFBF, STREAM_BUFFER);
            lseek(j->fd, 0, SEEK_SET);
            /* a decider of the version's pool, as a single decision takes
             * one, rather than one made (and its VM stack) for the batch */
            PolServeSlot *slot = pol_serve_version_slot(j->version);
            j->opts.decider = slot->decider;
            status = pol_serve_engine_batch(pol_serve_version_program(j->version), &j->opts, j->fd, out);
            j->opts.decider = NULL;
            pol_serve_version_slot_return(j->version, slot);
            fclose(out);
        } else {
            pthread_mutex_lock(&j->lock);
            j->cut = true;
            pthread_mutex_unlock(&j->lock);
        }
    }

    pthread_mutex_lock(&jobs_lock);
    running--;
    pthread_cond_broadcast(&turn);
    pthread_mutex_unlock(&jobs_lock);

    pthread_mutex_lock(&j->lock);
    j->producer_done = true;
    j->status = status;
    if (pol_serve_now() > j->deadline && !j->consumer_gone)
        j->cut = true;   /* past its time: the answer so far is not the whole one */
    wake_reader(j);
    pthread_cond_broadcast(&j->cond);
    job_unref_locked(j);
    return NULL;
}

struct MHD_Response *pol_serve_batch_start(PolServeBatchJob *j, struct MHD_Connection *c, PolServeVersion *v,
                                           const PolServeBatch *o, double deadline)
{
    j->ring = malloc(RING_BYTES);
    if (!j->ring) {
        pol_serve_version_release(v);
        return NULL;
    }
    j->conn = c;
    j->version = v;
    j->opts = *o;
    j->deadline = deadline;
    j->count.csv = o->csv_out;
    struct MHD_Response *r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, STREAM_BUFFER, content_reader, j,
                                                               content_free);
    if (!r)
        return NULL;   /* the job keeps v and frees it with itself */
    pthread_mutex_lock(&jobs_lock);
    j->started = true;
    j->next = jobs;
    if (jobs)
        jobs->prev = j;
    jobs = j;
    active++;
    pthread_mutex_unlock(&jobs_lock);
    pthread_mutex_lock(&j->lock);
    j->refs += 2;   /* the response's and the thread's */
    pthread_mutex_unlock(&j->lock);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_t thread;
    int e = GC_pthread_create(&thread, &attr, batch_main, j);
    pthread_attr_destroy(&attr);
    if (e != 0) {
        /* the response ends at once with an error, as a cut batch does */
        pthread_mutex_lock(&j->lock);
        j->cut = true;
        j->producer_done = true;
        j->refs--;
        pthread_mutex_unlock(&j->lock);
        PolBuf line = pol_serve_log_begin("error");
        pol_serve_log_text(&line, "message", "cannot start a batch thread");
        pol_serve_log_text(&line, "error", strerror(e));
        pol_serve_log_end(&line);
    }
    return r;
}

void pol_serve_batch_close(PolServeBatchJob *j, PolServeBatchReport *r)
{
    pthread_mutex_lock(&j->lock);
    memset(r, 0, sizeof *r);
    r->started = j->started;
    r->finished = j->producer_done && !j->cut;
    r->cut = j->cut;
    r->status = j->status;
    r->bytes_in = (long)j->size;
    r->bytes_out = j->bytes_out;
    r->decided = j->count.decided;
    r->bad_facts = j->count.bad;
    r->policy_errors = j->count.runtime_errors;
    job_unref_locked(j);
}

int pol_serve_batch_active(void)
{
    pthread_mutex_lock(&jobs_lock);
    int n = active;
    pthread_mutex_unlock(&jobs_lock);
    return n;
}

void pol_serve_batch_cancel_all(void)
{
    pthread_mutex_lock(&jobs_lock);
    for (PolServeBatchJob *j = jobs; j; j = j->next) {
        pthread_mutex_lock(&j->lock);
        if (!j->producer_done || j->len > 0) {
            j->cut = true;
            j->len = 0;
            stop_input(j);
            wake_reader(j);
            pthread_cond_broadcast(&j->cond);
        }
        pthread_mutex_unlock(&j->lock);
    }
    pthread_cond_broadcast(&turn);
    pthread_mutex_unlock(&jobs_lock);
}
