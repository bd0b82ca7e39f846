/*
 * batch.c — `polrun batch`: streaming NDJSON or CSV in, NDJSON or CSV out.
 *
 * The input is cut into blocks of whole records (about BLOCK_BYTES each).
 * With one job the calling thread reads a block, decides it and writes it,
 * then the next. With N jobs the calling thread only reads and writes: it
 * fills the blocks of a ring of 2N+2, N worker threads decide them (each
 * with its own PolEval; the PolProgram is read-only and shared), and the
 * calling thread writes them strictly in input order, waiting for the
 * oldest block when the ring is full. Output is therefore byte-identical
 * whatever N, and memory is bounded by the ring whatever the input size.
 *
 * What a block answers is bounded too, whatever the records expand to (an
 * empty line is answered by a line of 90 bytes): a block holds at most
 * MAX_RECORDS records, and a worker whose answers pass POL_BATCH_ANSWER_BYTES
 * writes them itself as soon as every block before its own is written (the
 * block is then the oldest: nothing else writes), and goes on.
 *
 * The first write that fails ends the reading (a reader that has gone,
 * SIGPIPE ignored, must not leave batch deciding an endless input). So does
 * a signal read from the options' signalfd or pipe, whenever it comes
 * before the last answer is written: nothing more is read, no block is
 * written after the one being written (nor decided further), and E1205
 * says how many records were answered. The signals stay blocked, so no call is interrupted: they
 * are watched wherever batch waits, for input (the reader) and for its
 * output (a writer). To watch them there, output to a pipe, FIFO or
 * terminal is written through a non-blocking description of its own
 * (reopened from /proc/self/fd, so that the caller's stays as it was): a
 * write that would block waits in poll(2) for the output or a signal. To
 * a pipe, answers go in writes of at most PIPE_BUF bytes cut at answer
 * ends, which the kernel writes whole or not at all, so the output ends
 * with a whole answer whenever the signal comes; an answer longer than
 * that, or output that is no pipe, may end inside an answer when its
 * reader has stopped reading: batch waits a second for the reader to take
 * the answer's end, then stops, and E1206 says how many bytes of it were
 * written.
 *
 * A record longer than the facts limit is not held whole: its first bytes
 * are kept (to read its id) and the rest is skipped while counting, and it
 * is answered like any other bad record.
 *
 * Threads and the collector: this file defines GC_THREADS before <gc.h>
 * and creates its threads with GC_pthread_create, so the collector knows
 * and scans them; main() has called GC_INIT.
 */
#ifndef _GNU_SOURCE   /* also given by the Makefile: before a force-included header */
#define _GNU_SOURCE   /* F_GETPIPE_SZ */
#endif
#define GC_THREADS
#include <gc.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "alloc.h"
#include "arena.h"
#include "batch.h"
#include "csv.h"
#include "decide.h"
#include "source.h"
#include "status.h"

#define BLOCK_BYTES ((size_t)256 << 10)
#define RECORD_LIMIT ((size_t)POL_FACTS_MAX_BYTES + 2)   /* a record and its CR LF */
#define MAX_RECORDS 4096                    /* per block: short records expand most */
#define CUT_GRACE_MS 1000                   /* a signal in an answer: how long its end may take */

enum { FREE, FILLED, DONE };

typedef struct Block {
    char *in;                  /* malloc: whole records, each ended by LF (the last maybe not) */
    size_t len, cap;
    long seq;                  /* its place in the input: the blocks filled before it */
    long first_line;           /* line (CSV: row) number of the first record */
    long nrecords;
    bool oversize;             /* one record over the limit: in holds its start */
    size_t oversize_len;       /* ... and its full length without the line end */
    PolBuf out;                /* the answers, GC heap (atomic) */
    size_t *ends;              /* where each record's answer ends in out (pol_grow) */
    long nends;
    void *hook;                /* the hook's state of the block */
    int status;
    int state;
} Block;

/* The signals that stop a batch (the options' signalfd and pipe) and the
 * one taken from them. Whoever waits, the reader for input or a writer for
 * the output, watches them; the first to read a signal records it and
 * writes to `wake`, which nobody reads, so that every other wait, now and
 * later, returns at once. */
typedef struct Stop {
    int fd, pipe;              /* -1 none; made non-blocking, as two threads may read */
    int wake[2];               /* -1 none */
    atomic_int signal;         /* 0 none */
} Stop;

typedef struct Reader {
    int fd;
    bool csv;
    bool eof;
    int error;                 /* errno of a failed read, 0 none */
    size_t out_of_memory;      /* bytes it could not get (reading stopped there), 0 none */
    Stop *stop;
    int signal;                /* the signal that stopped the reading, 0 none */
    char *carry;               /* malloc: the start of a record not yet complete */
    size_t carry_len, carry_cap;
    long next_line;
} Reader;

typedef struct Batch Batch;

typedef struct Worker {
    Batch *batch;
    PolDecider *decider;
    PolBuf json;               /* CSV input: the row as facts JSON */
    PolCsvScratch csv;
    PolArena arena;            /* the facts of the applicant being decided */
    void *hook;                /* the hook's state of the worker */
    pthread_t thread;
} Worker;

struct Batch {
    const PolProgram *prog;
    const PolBatchOptions *opt;
    PolDiags *ds;
    const PolCsvPlan *plan;
    FILE *out;
    int out_fd;                /* the output's non-blocking description, -1: written through out */
    bool out_pipe;             /* ... a pipe: writes of PIPE_BUF bytes are whole */
    int out_pipe_size;         /* ... its size in bytes, 0 unknown */
    Stop *stop;
    size_t cut;                /* a signal left the output inside an answer: the bytes of it written */
    int write_error;           /* errno of a failed write, 0 none (with N jobs: set under mu) */
    long answered;             /* records whose answers were written */
    Block *ring;               /* NULL with one job */
    int nblocks;
    Worker *workers;
    pthread_mutex_t mu;
    pthread_cond_t work, done, head;
    long filled, taken;        /* blocks filled by the reader, taken by workers */
    long written;              /* blocks written; the block of seq written is the oldest */
    bool quit;
};

/* ------------------------------------------------------------------ memory */

/* Makes *buf (malloc, *cap bytes) c bytes. When memory has run out, the
 * input ends here: false, and pol_batch reports it once the answers so far
 * are written. */
static bool resize(Reader *r, char **buf, size_t *cap, size_t c)
{
    char *q = realloc(*buf, c);
    if (!q) {
        r->out_of_memory = c;
        r->eof = true;
        r->carry_len = 0;
        return false;
    }
    *buf = q;
    *cap = c;
    return true;
}

/* At least need bytes in *buf, doubling. */
static bool reserve(Reader *r, char **buf, size_t *cap, size_t need)
{
    if (need <= *cap)
        return true;
    size_t c = *cap ? *cap : BLOCK_BYTES;
    while (c < need)
        c *= 2;
    return resize(r, buf, cap, c);
}

static PolBuf new_buf(size_t cap)
{
    /* atomic: text holds no pointers, so the collector need not scan it */
    PolBuf b = {GC_MALLOC_ATOMIC(cap), 0, cap};
    return b;
}

/* ------------------------------------------------------------------ reader */

/* Offset just past the end of the first complete record of p[0..n), 0 none.
 * *scan carries the scan over calls on a growing record; at_end: no more
 * input follows. */
static size_t record_end(bool csv, const char *p, size_t n, bool at_end, PolCsvScan *scan)
{
    if (csv)
        return pol_csv_record_end(p, n, at_end, scan);
    const char *nl = memchr(p + scan->scanned, '\n', n - scan->scanned);
    if (!nl) {
        scan->scanned = n;
        return 0;
    }
    scan->scanned = 0;
    return (size_t)(nl - p) + 1;
}

static bool stop_watched(const Stop *s) { return s->fd >= 0 || s->pipe >= 0; }

/* Waits until fd (-1 none) is ready for events, a signal has come, or
 * timeout_ms have passed (-1 never; 0 only looks): 1 ready, 0 not, -1 a
 * signal (s->signal). The signals are blocked, so no call anywhere is
 * interrupted: they are read here, from the signalfd or the pipe. */
static int stop_wait(Stop *s, int fd, short events, int timeout_ms)
{
    if (atomic_load(&s->signal))
        return -1;
    struct pollfd pf[4] = {{fd, events, 0}, {s->fd, POLLIN, 0}, {s->pipe, POLLIN, 0}, {s->wake[0], POLLIN, 0}};
    int n;
    while ((n = poll(pf, 4, timeout_ms)) < 0 && errno == EINTR)
        ;
    int sig = 0;
    struct signalfd_siginfo si;
    unsigned char c;
    if ((pf[1].revents & POLLIN) && read(s->fd, &si, sizeof si) == (ssize_t)sizeof si)
        sig = (int)si.ssi_signo;
    else if ((pf[2].revents & POLLIN) && read(s->pipe, &c, 1) == 1)
        sig = c;
    int none = 0;
    if (sig && atomic_compare_exchange_strong(&s->signal, &none, sig) && s->wake[1] >= 0 && write(s->wake[1], "", 1) < 0) {
        /* the other waits look at s->signal before they wait */
    }
    if (atomic_load(&s->signal))
        return -1;
    return n > 0 && pf[0].revents ? 1 : 0;
}

/* A signal has come (looked for now, without waiting). */
static bool stopped(Stop *s) { return stop_watched(s) && stop_wait(s, -1, 0, 0) < 0; }

/* One read(2), retried on EINTR. 0 at the end of input, on an error or on a
 * signal. */
static size_t read_some(Reader *r, char *to, size_t room)
{
    if (r->signal)
        return 0;
    if (stop_watched(r->stop) && stop_wait(r->stop, r->fd, POLLIN, -1) < 0) {
        r->signal = atomic_load(&r->stop->signal);
        r->eof = true;
        return 0;
    }
    for (;;) {
        ssize_t n = read(r->fd, to, room);
        if (n > 0)
            return (size_t)n;
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            r->error = errno;
        r->eof = true;
        return 0;
    }
}

/* The block holds RECORD_LIMIT bytes of one record with no end in sight:
 * skip the rest of it, counting, and keep what follows for the next block. */
static void skip_oversize(Reader *r, Block *b, PolCsvScan scan)
{
    size_t total = b->len;
    char last = b->in[b->len - 1];
    char chunk[1 << 16];
    for (;;) {
        size_t n = read_some(r, chunk, sizeof chunk);
        if (n == 0)
            break;
        scan.scanned = 0;
        scan.line_end = 0;
        size_t e = record_end(r->csv, chunk, n, false, &scan);
        if (!e)
            e = pol_csv_first_line_end(&scan);   /* a quote open past a line end: the record ends there */
        if (e) {
            total += e - 1;
            last = e >= 2 ? chunk[e - 2] : last;
            if (reserve(r, &r->carry, &r->carry_cap, n - e)) {
                memcpy(r->carry, chunk + e, n - e);
                r->carry_len = n - e;
            }
            break;
        }
        total += n;
        last = chunk[n - 1];
    }
    if (last == '\r')
        total--;
    b->oversize = true;
    b->oversize_len = total;
    b->len = POL_FACTS_MAX_BYTES;
    b->nrecords = 1;
}

/* Fills b with the next whole records. False when the input has none left. */
static bool fill(Reader *r, Block *b)
{
    b->len = 0;
    b->nrecords = 0;
    b->oversize = false;
    if (b->cap > 4 * BLOCK_BYTES) {        /* after a huge record, give it back */
        free(b->in);
        b->in = NULL;
        b->cap = 0;
    }
    if (!reserve(r, &b->in, &b->cap, r->carry_len > BLOCK_BYTES ? r->carry_len : BLOCK_BYTES))
        return false;
    memcpy(b->in, r->carry, r->carry_len);
    b->len = r->carry_len;
    r->carry_len = 0;
    size_t cut = 0;
    PolCsvScan scan = {0};
    long count = 0;
    b->first_line = r->next_line;
    for (;;) {
        size_t e;
        bool at_end = r->eof && !r->signal;   /* a record cut short by a signal is not one */
        while (count < MAX_RECORDS && (e = record_end(r->csv, b->in + cut, b->len - cut, at_end, &scan)) != 0) {
            cut += e;
            count++;
        }
        if (r->eof || count == MAX_RECORDS || (cut > 0 && b->len >= BLOCK_BYTES))
            break;
        if (b->len == b->cap) {
            if (cut > 0)
                break;
            if (b->cap >= RECORD_LIMIT && r->csv && pol_csv_first_line_end(&scan)) {
                cut = pol_csv_first_line_end(&scan);   /* as a quote never closed: its first line alone */
                count++;
                break;
            }
            if (b->cap >= RECORD_LIMIT) {
                skip_oversize(r, b, scan);
                if (r->signal) {           /* the record was not read whole */
                    b->nrecords = 0;
                    r->carry_len = 0;
                    return false;
                }
                r->next_line++;
                return true;
            }
            size_t c = b->cap * 2 < RECORD_LIMIT ? b->cap * 2 : RECORD_LIMIT;
            if (!resize(r, &b->in, &b->cap, c))
                break;   /* answer the records read so far; the rest is lost and reported */
        }
        b->len += read_some(r, b->in + b->len, b->cap - b->len);
    }
    if (r->signal) {
        b->len = cut;                      /* a record cut short is not answered */
    } else if (r->eof && count < MAX_RECORDS && cut < b->len) {   /* the last record has no line end */
        cut = b->len;
        count++;
    }
    if (reserve(r, &r->carry, &r->carry_cap, b->len - cut)) {
        memcpy(r->carry, b->in + cut, b->len - cut);
        r->carry_len = b->len - cut;
    }
    b->len = cut;
    b->nrecords = count;
    r->next_line += count;
    return count > 0;
}

/* The CSV header: the first line (pol_csv_header_end), taken from the
 * input before any block. */
static bool read_header(Reader *r, PolDiags *ds, char **rec, size_t *len)
{
    size_t e = 0, scanned = 0;
    for (;;) {
        e = pol_csv_header_end(r->carry + scanned, r->carry_len - scanned);
        if (e) {
            e += scanned;
            break;
        }
        scanned = r->carry_len;
        if (r->eof)
            break;
        if (r->carry_len >= RECORD_LIMIT) {
            pol_diag(ds, POL_E1203_csv_header_too_long, (PolSpan){0}, NULL, RECORD_LIMIT);
            return false;
        }
        if (!reserve(r, &r->carry, &r->carry_cap, r->carry_len + BLOCK_BYTES))
            return false;
        r->carry_len += read_some(r, r->carry + r->carry_len, r->carry_cap - r->carry_len);
    }
    size_t n = e ? e : r->carry_len;
    *rec = GC_MALLOC_ATOMIC(n + 1);
    memcpy(*rec, r->carry, n);
    (*rec)[n] = '\0';
    *len = n;
    if (*len && (*rec)[*len - 1] == '\n')
        (*len)--;
    if (*len && (*rec)[*len - 1] == '\r')
        (*len)--;
    memmove(r->carry, r->carry + n, r->carry_len - n);
    r->carry_len -= n;
    r->next_line = 2;
    return true;
}

/* ---------------------------------------------------------------- deciding */

static void write_early(Batch *bt, Block *b);

static void answer_error(Worker *w, Block *b, long line, const char *id, const char *path, const char *message,
                         int exit)
{
    const Batch *bt = w->batch;
    const PolBatchHook *h = bt->opt->hook;
    if (h) {
        h->unreadable(w->hook, b->hook, line, id, path, message, &b->out);
        return;
    }
    if (bt->opt->output == POL_BATCH_CSV) {
        pol_decision_csv_error(&b->out, bt->prog, line, id, path, message, bt->opt->lang);
    } else {
        pol_decision_error_json(&b->out, line, id, path, message);
        pol_buf_put(&b->out, "\n", 1);
    }
    if (exit == POL_EXIT_FACTS || b->status == POL_EXIT_OK)
        b->status = exit;
}

/* Answers one record (without its line end). */
static void answer(Worker *w, Block *b, long line, const char *rec, size_t len)
{
    const Batch *bt = w->batch;
    const PolBatchOptions *o = bt->opt;
    const char *json = rec;
    size_t jlen = len;
    pol_arena_reset(&w->arena);
    if (o->input == POL_BATCH_CSV) {
        PolDiag cerr;
        const char *id;
        w->json.len = 0;
        if (!pol_csv_row_json(bt->plan, rec, len, &w->csv, &w->json, &cerr, &id)) {
            answer_error(w, b, line, id, cerr.path, cerr.message, POL_EXIT_FACTS);
            return;
        }
        json = w->json.data;
        jlen = w->json.len;
    } else if (len == 0) {
        answer_error(w, b, line, NULL, "$", pol_msg(o->lang, POL_MSG_batch_empty_line), POL_EXIT_FACTS);
        return;
    }
    if (o->hook) {
        o->hook->record(w->hook, b->hook, &w->arena, line, json, jlen, &b->out);
        return;
    }
    size_t mark = b->out.len;
    PolDecideError res;
    PolDecideOptions d = {o->date, o->have_date, o->output == POL_BATCH_CSV ? POL_DECISION_CSV : POL_DECISION_LINE,
                          o->explain ? POL_EXPLAIN_JSON : POL_EXPLAIN_NONE, o->lang, &w->arena};
    if (pol_decide(w->decider, json, jlen, &d, &b->out, &res)) {
        if (o->output != POL_BATCH_CSV)
            pol_buf_put(&b->out, "\n", 1);
        return;
    }
    b->out.len = mark;
    answer_error(w, b, line, res.id ? res.id->bytes : NULL, res.path, res.message,
                 res.bad_facts ? POL_EXIT_FACTS : POL_EXIT_POLICY);
}

static void answer_oversize(Worker *w, Block *b)
{
    const Batch *bt = w->batch;
    if (bt->opt->input == POL_BATCH_CSV) {
        answer_error(w, b, b->first_line, NULL, "$",
                     pol_msg(bt->opt->lang, POL_MSG_batch_row_too_long, POL_FACTS_MAX_BYTES), POL_EXIT_FACTS);
        return;
    }
    /* the same answer as the decoder gives; the id is read from the start */
    pol_arena_reset(&w->arena);
    PolValue facts;
    PolDiag ferr;
    const PolText *id = NULL;
    PolFactsOptions fo = {bt->opt->lang, &w->arena, bt->prog->id_member};
    pol_facts_decode(bt->prog->facts, b->in, b->len, &fo, &facts, NULL, &id);
    ferr = pol_facts_too_large(b->oversize_len, bt->opt->lang);
    answer_error(w, b, b->first_line, id ? id->bytes : NULL, ferr.path, ferr.message, POL_EXIT_FACTS);
}

/* The answer of a record ends here (it may be empty, with a hook). */
static void end_answer(Block *b)
{
    b->ends = pol_grow(b->ends, (size_t)b->nends, sizeof *b->ends);
    b->ends[b->nends++] = b->out.len;
}

static void decide_block(Worker *w, Block *b)
{
    bool csv = w->batch->opt->input == POL_BATCH_CSV;
    const PolBatchHook *h = w->batch->opt->hook;
    b->out.len = 0;
    b->nends = 0;
    b->status = POL_EXIT_OK;
    if (h) {
        if (!b->hook)
            b->hook = h->block_new(h->ctx);
        h->block_start(h->ctx, b->hook);
    }
    if (b->out.cap > 8 * BLOCK_BYTES)     /* after a huge record, give it back */
        b->out = new_buf(2 * BLOCK_BYTES);
    if (b->oversize) {
        answer_oversize(w, b);
        end_answer(b);
        return;
    }
    const char *p = b->in, *end = b->in + b->len;
    for (long i = 0; i < b->nrecords; i++) {
        PolCsvScan scan = {0};
        size_t e = record_end(csv, p, (size_t)(end - p), true, &scan);
        const char *rec_end = e ? p + e - 1 : end;
        size_t len = (size_t)(rec_end - p);
        if (len && p[len - 1] == '\r')
            len--;
        answer(w, b, b->first_line + i, p, len);
        end_answer(b);
        p = e ? p + e : end;
        if (b->out.len >= POL_BATCH_ANSWER_BYTES)
            write_early(w->batch, b);
        if (atomic_load(&w->batch->stop->signal))
            return;   /* nothing more is written */
    }
}

/* ----------------------------------------------------------------- writing */

/* The bytes the output pipe takes now without cutting a write short: its
 * size less what it holds, less two pages, as the pages it holds may be
 * partly filled (0 unknown). Only a reader changes it, and only upwards. */
static size_t pipe_room(const Batch *bt)
{
    int unread;
    if (bt->out_pipe_size <= 0 || ioctl(bt->out_fd, FIONREAD, &unread) != 0 || unread < 0)
        return 0;
    size_t used = (size_t)unread + 2 * PIPE_BUF;
    return (size_t)bt->out_pipe_size > used ? (size_t)bt->out_pipe_size - used : 0;
}

static long ms_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long)(t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

/* Writes p[0..len), whose answers end at ends[0..nends), to the output's
 * non-blocking description: errno of a failed write, else 0 with *done the
 * bytes written, all of them unless a signal stopped the writing. A write
 * that would block waits for the output or a signal. After a signal,
 * batch writes on only to the end of the answer it is in, for at most
 * CUT_GRACE_MS. To a pipe, each write ends at an answer's end (unless one
 * answer is longer) and is at most PIPE_BUF bytes, or what the pipe has
 * room for, so that it is never cut by the pipe being full. */
static int put_fd(Batch *bt, const char *p, size_t len, const size_t *ends, long nends, size_t *done)
{
    size_t at = 0, upto = len;   /* upto: where the writing may stop, len unless a signal came */
    long k = 0;                  /* ends[k] is the first end past at */
    struct timespec signalled;
    bool grace = false;
    while (at < upto) {
        while (k < nends && ends[k] <= at)
            k++;
        size_t chunk = upto;
        size_t most = bt->out_pipe ? pipe_room(bt) : 0;
        most = most > PIPE_BUF ? most : PIPE_BUF;
        if (bt->out_pipe && chunk - at > most) {
            long j = k;
            while (j < nends && ends[j] - at <= most)
                j++;
            chunk = j > k ? ends[j - 1] : at + most;
        }
        ssize_t n = write(bt->out_fd, p + at, chunk - at);
        if (n > 0) {
            at += (size_t)n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
            *done = at;
            return n == 0 ? EIO : errno;
        }
        if (!grace && stop_wait(bt->stop, bt->out_fd, POLLOUT, -1) >= 0)
            continue;
        if (!grace) {            /* a signal: on only to the end of this answer, if any is begun */
            grace = true;
            clock_gettime(CLOCK_MONOTONIC, &signalled);
            upto = k < nends && (k == 0 ? at > 0 : at > ends[k - 1]) ? ends[k] : at;
            continue;
        }
        long left = CUT_GRACE_MS - ms_since(&signalled);
        struct pollfd pf = {bt->out_fd, POLLOUT, 0};
        if (left <= 0 || poll(&pf, 1, (int)left) == 0)
            break;
    }
    *done = at;
    return 0;
}

/* Writes the block's answers so far: errno of a failed write, 0 when
 * written (or when an earlier write failed or, answers, once a signal has
 * come: nothing more is). Counts the answers written whole. */
static int put_answers(Batch *bt, Block *b, int failed, bool answers)
{
    size_t len = b->out.len;
    long nends = b->nends;
    b->out.len = 0;
    b->nends = 0;
    if (failed || len == 0 || (answers && stopped(bt->stop)))
        return 0;
    errno = 0;
    /* whole, and out of the stream's buffer, before memory running out in
     * a worker may end the process: the output ends at a line boundary */
    pol_oom_hold();
    size_t done = len;
    int e;
    if (bt->out_fd >= 0) {
        e = put_fd(bt, b->out.data, len, b->ends, nends, &done);
    } else {
        size_t n = fwrite(b->out.data, 1, len, bt->out);
        e = n == len && fflush(bt->out) == 0 ? 0 : errno ? errno : EIO;
    }
    pol_oom_release();
    if (e)
        return e;
    long whole = 0;
    while (whole < nends && b->ends[whole] <= done)
        whole++;
    bt->answered += whole;
    if (done < len && whole < nends)
        bt->cut = done - (whole ? b->ends[whole - 1] : 0);
    return 0;
}

static void write_block(Batch *bt, Block *b, int *status)
{
    if (b->status == POL_EXIT_FACTS || *status == POL_EXIT_OK)
        *status = b->status;
    int e = put_answers(bt, b, bt->write_error, true);
    if (e)
        bt->write_error = e;
    if (bt->opt->hook)
        bt->opt->hook->block_written(bt->opt->hook->ctx, b->hook);
}

/* A worker's block has answered more than POL_BATCH_ANSWER_BYTES: its answers
 * are written once the blocks before it are (with one job, at once). */
static void write_early(Batch *bt, Block *b)
{
    if (!bt->ring) {
        int e = put_answers(bt, b, bt->write_error, true);
        if (e)
            bt->write_error = e;
        return;
    }
    pthread_mutex_lock(&bt->mu);
    while (bt->written != b->seq)
        pthread_cond_wait(&bt->head, &bt->mu);
    int failed = bt->write_error;
    pthread_mutex_unlock(&bt->mu);
    int e = put_answers(bt, b, failed, true);   /* the oldest block: the writer waits for it */
    if (e) {
        pthread_mutex_lock(&bt->mu);
        bt->write_error = e;
        pthread_mutex_unlock(&bt->mu);
    }
}

/* ----------------------------------------------------------------- threads */

static void *worker_main(void *arg)
{
    Worker *w = arg;
    Batch *bt = w->batch;
    pthread_mutex_lock(&bt->mu);
    for (;;) {
        while (bt->taken == bt->filled && !bt->quit)
            pthread_cond_wait(&bt->work, &bt->mu);
        if (bt->taken == bt->filled)
            break;
        Block *b = &bt->ring[bt->taken % bt->nblocks];
        bt->taken++;
        pthread_mutex_unlock(&bt->mu);
        decide_block(w, b);
        pthread_mutex_lock(&bt->mu);
        b->state = DONE;
        pthread_cond_broadcast(&bt->done);
    }
    pthread_mutex_unlock(&bt->mu);
    pol_arena_free(&w->arena);
    return NULL;
}

static void init_worker(Worker *w, Batch *bt, int job)
{
    w->batch = bt;
    w->decider = bt->opt->deciders ? bt->opt->deciders[job] : pol_decider_new(bt->prog);
    w->json = new_buf(4096);
    if (bt->opt->hook)
        w->hook = bt->opt->hook->worker_new(bt->opt->hook->ctx);
}

/* With N jobs: this thread reads and writes, the workers decide. */
static void run_parallel(Batch *bt, Reader *r, int *status)
{
    int jobs = bt->opt->jobs;
    bt->nblocks = 2 * jobs + 2;
    bt->ring = GC_MALLOC((size_t)bt->nblocks * sizeof *bt->ring);
    for (int i = 0; i < bt->nblocks; i++)
        bt->ring[i].out = new_buf(2 * BLOCK_BYTES);
    bt->workers = GC_MALLOC((size_t)jobs * sizeof *bt->workers);
    pthread_mutex_init(&bt->mu, NULL);
    pthread_cond_init(&bt->work, NULL);
    pthread_cond_init(&bt->done, NULL);
    pthread_cond_init(&bt->head, NULL);
    int started = 0;
    for (int i = 0; i < jobs; i++) {
        init_worker(&bt->workers[i], bt, i);
        int e = GC_pthread_create(&bt->workers[i].thread, NULL, worker_main, &bt->workers[i]);
        if (e != 0) {
            if (started == 0) {
                pol_diag_internal(bt->ds, POL_MSG_cannot_start_thread, pol_strerror(bt->ds->lang, e));
                *status = POL_EXIT_POLICY;
                return;
            }
            break;   /* fewer workers only means slower */
        }
        started++;
    }
    pthread_mutex_lock(&bt->mu);
    for (;;) {
        /* write every finished block at the head, in order */
        while (bt->written < bt->filled && bt->ring[bt->written % bt->nblocks].state == DONE) {
            Block *b = &bt->ring[bt->written % bt->nblocks];
            pthread_mutex_unlock(&bt->mu);
            write_block(bt, b, status);
            pthread_mutex_lock(&bt->mu);
            b->state = FREE;
            bt->written++;
            pthread_cond_broadcast(&bt->head);
        }
        if ((bt->write_error || atomic_load(&bt->stop->signal)) && !r->eof) {   /* nobody reads the answers, or a signal: read no more */
            r->eof = true;
            r->carry_len = 0;
        }
        if (r->eof && r->carry_len == 0) {
            if (bt->written == bt->filled)
                break;
            pthread_cond_wait(&bt->done, &bt->mu);
            continue;
        }
        Block *b = &bt->ring[bt->filled % bt->nblocks];
        if (b->state != FREE) {            /* the ring is full: wait for the oldest */
            pthread_cond_wait(&bt->done, &bt->mu);
            continue;
        }
        pthread_mutex_unlock(&bt->mu);
        bool got = fill(r, b);
        pthread_mutex_lock(&bt->mu);
        if (got) {
            b->state = FILLED;
            b->seq = bt->filled;
            bt->filled++;
            pthread_cond_signal(&bt->work);
        }
    }
    bt->quit = true;
    pthread_cond_broadcast(&bt->work);
    pthread_mutex_unlock(&bt->mu);
    for (int i = 0; i < started; i++)
        GC_pthread_join(bt->workers[i].thread, NULL);
}

/* ------------------------------------------------------------------- entry */

static const char *signal_name(int sig)
{
    switch (sig) {
    case SIGINT: return "SIGINT";
    case SIGTERM: return "SIGTERM";
    case SIGHUP: return "SIGHUP";
    case SIGQUIT: return "SIGQUIT";
    default: return "a signal";
    }
}

static int run(Batch *bt, Reader *r, PolDiags *ds);

/* The signals to watch: the options' signalfd and pipe, non-blocking (two
 * threads may find them readable and only one reads), and the wake pipe. */
static void stop_init(Stop *s, const PolBatchOptions *o)
{
    s->fd = o->signal_fd > 0 ? o->signal_fd : -1;
    s->pipe = o->signal_pipe > 0 ? o->signal_pipe : -1;
    s->wake[0] = s->wake[1] = -1;
    atomic_init(&s->signal, 0);
    if (!stop_watched(s))
        return;
    for (int k = 0; k < 2; k++) {
        int fd = k ? s->pipe : s->fd;
        if (fd >= 0)
            fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    }
    if (pipe(s->wake) != 0)
        s->wake[0] = s->wake[1] = -1;
}

/* A description of out's file of its own that does not block, where a
 * write may wait for ever (a pipe, FIFO or terminal whose reader stops
 * reading): opened anew from /proc, so that the caller's description keeps
 * its flags. -1 where there is none: out is written as it is. */
static int open_output(FILE *out, bool *pipe_out)
{
    int fd = fileno(out);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !(S_ISFIFO(st.st_mode) || (S_ISCHR(st.st_mode) && isatty(fd))))
        return -1;
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    *pipe_out = S_ISFIFO(st.st_mode);
    return open(path, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
}

int pol_batch(const PolProgram *p, const PolBatchOptions *o, int in_fd, FILE *out, PolDiags *ds)
{
    Batch bt;
    memset(&bt, 0, sizeof bt);
    bt.prog = p;
    bt.opt = o;
    bt.ds = ds;
    bt.out = out;
    Stop stop;
    stop_init(&stop, o);
    bt.stop = &stop;
    bt.out_fd = -1;
    if (stop_watched(&stop) && fflush(out) == 0)
        bt.out_fd = open_output(out, &bt.out_pipe);
    if (bt.out_fd >= 0 && bt.out_pipe) {
        int size = fcntl(bt.out_fd, F_GETPIPE_SZ);
        bt.out_pipe_size = size > 0 ? size : 0;
    }
    Reader r;
    memset(&r, 0, sizeof r);
    r.fd = in_fd;
    r.csv = o->input == POL_BATCH_CSV;
    r.stop = &stop;
    r.next_line = 1;
    int status = run(&bt, &r, ds);
    for (int k = 0; k < 2; k++)
        if (stop.wake[k] >= 0)
            close(stop.wake[k]);
    if (bt.out_fd >= 0)
        close(bt.out_fd);
    return status;
}

static int run(Batch *bt, Reader *r, PolDiags *ds)
{
    const PolProgram *p = bt->prog;
    const PolBatchOptions *o = bt->opt;
    FILE *out = bt->out;
    int status = POL_EXIT_OK;
    if (!reserve(r, &r->carry, &r->carry_cap, 1)) {   /* never NULL, even for memcpy of 0 bytes */
        pol_diag(ds, POL_E0719_memory_exhausted, (PolSpan){0}, NULL);
        return POL_EXIT_POLICY;
    }

    if (o->output == POL_BATCH_CSV && !o->hook) {
        Block head = {.out = new_buf(1024)};
        if (o->bom)
            pol_buf_puts(&head.out, "\xEF\xBB\xBF");
        pol_decision_csv_header(&head.out, p);
        end_answer(&head);
        bt->write_error = put_answers(bt, &head, 0, false);
        bt->answered = 0;                  /* the header answers nothing */
    }
    if (r->csv) {
        char *header;
        size_t len;
        if (!read_header(r, ds, &header, &len)) {
            free(r->carry);
            if (r->out_of_memory) {
                pol_diag(ds, POL_E0719_memory_exhausted, (PolSpan){0}, NULL);
                return POL_EXIT_POLICY;
            }
            return POL_EXIT_FACTS;
        }
        if (r->signal && r->carry_len == 0) {
            /* stopped before a row was read whole (the header maybe not): nothing to answer */
        } else if (len == 0 && r->eof && r->carry_len == 0) {
            /* no header, no rows: nothing to answer */
        } else {
            PolDiag herr;
            const char *unknown;
            bt->plan = pol_csv_plan(p->facts, p->id_member, header, len, o->lang, &herr, &unknown);
            if (herr.message)
                pol_diag(ds, POL_E1204_csv_header_unusable, (PolSpan){0}, NULL, herr.message);
            else if (unknown[0])
                pol_diag_warning(ds, POL_MSG_csv_unknown_columns, unknown);
        }
    }

    if (o->jobs <= 1) {
        Worker w;
        memset(&w, 0, sizeof w);
        init_worker(&w, bt, 0);
        Block b;
        memset(&b, 0, sizeof b);
        b.out = new_buf(2 * BLOCK_BYTES);
        while (!bt->write_error && fill(r, &b)) {
            decide_block(&w, &b);
            write_block(bt, &b, &status);
        }
        pol_arena_free(&w.arena);
        free(b.in);
    } else {
        run_parallel(bt, r, &status);
        for (int i = 0; i < bt->nblocks; i++)
            free(bt->ring[i].in);
    }
    free(r->carry);

    if (r->error) {
        pol_diag(ds, POL_E1201_cannot_read_input, (PolSpan){0}, NULL, pol_strerror(ds->lang, r->error));
        return POL_EXIT_FACTS;
    }
    if (!bt->write_error && fflush(out) != 0)
        bt->write_error = errno ? errno : EIO;
    if (bt->write_error) {
        pol_diag(ds, POL_E1202_cannot_write_output, (PolSpan){0}, NULL, pol_strerror(ds->lang, bt->write_error));
        return POL_EXIT_POLICY;
    }
    if (r->out_of_memory) {
        pol_diag(ds, POL_E0719_memory_exhausted, (PolSpan){0}, NULL);
        return POL_EXIT_POLICY;
    }
    int sig = r->signal ? r->signal : atomic_load(&bt->stop->signal);
    if (sig) {
        const char *unit = pol_msg(ds->lang, r->csv ? POL_MSG_batch_row : POL_MSG_batch_line);
        if (bt->cut)
            pol_diag(ds, POL_E1206_stopped_inside_answer, (PolSpan){0}, NULL, signal_name(sig), bt->answered, unit,
                     bt->answered == 1 ? "" : "s", bt->cut);
        else
            pol_diag(ds, POL_E1205_stopped_by_signal, (PolSpan){0}, NULL, signal_name(sig), bt->answered, unit,
                     bt->answered == 1 ? "" : "s");
        return POL_EXIT_SIGNAL + sig;
    }
    return status;
}
