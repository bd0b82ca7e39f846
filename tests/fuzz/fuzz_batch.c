/*
 * fuzz_batch.c — harness 5: an NDJSON (or CSV) stream → polrun batch with
 * the Changsha policy.
 *
 * The first byte chooses the options: bit 0 CSV input, bit 1 CSV output,
 * bit 2 --date 2025-06-30, bit 3 --jobs 2, bit 4 --explain (with NDJSON
 * output, as the command line allows), bit 5 an output that fails after
 * 64 × (input length % 64) bytes, bit 6 a signal waiting on the signalfd
 * before the first read, bit 7 out of memory (one job: an allocation that
 * fuzz_oom_pick chooses fails); the rest is standard input.
 * Nothing may be lost: there must be exactly one answer per input record
 * (line, or CSV row after the header, which is the first line), in order; an NDJSON answer must be
 * valid JSON whose "line" (when it is an error) is its own line number;
 * the exit status is 0 only when no answer is an error; no CSV answer
 * begins with what a spreadsheet reads as a formula (= + - @, a tab, a CR
 * or the full-width ＝ ＋ － ＠: the id cell is neutralised). What is in flight
 * is bounded whatever the records expand to: no write is larger than
 * POL_BATCH_ANSWER_BYTES and one answer. An output that fails is written
 * no more after its first failure, and the status is 1 (E1202); a signal
 * stops the batch before any record is answered (E1205, status 128 + it).
 * When memory runs out, what was written ends at a line boundary, every
 * line an answer as above, in order, no more than there are records.
 */
#ifndef _GNU_SOURCE   /* fopencookie; the Makefile defines it too, for the sanitize
                         build's header forced in before this line */
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>
#include "batch.h"
#include "fuzz.h"
#include "source.h"

static const PolProgram *prog;
/* the deciders of the jobs, made once and kept from input to input (as a
 * caller that runs batch after batch keeps them: PolBatchOptions.deciders);
 * an input out of memory on purpose has pol_batch make its own */
static PolDecider *deciders[2];
static int in_fd;            /* standard input of the batch: a file, rewritten for each input */
static int signal_fd;        /* a signalfd of SIGURG, blocked in this thread */

/* The batch's output: what it writes, how (the largest single write), and
 * a failure after fail_at bytes when failing. */
typedef struct Output {
    char *data;
    size_t len, cap, largest, fail_at;
    bool failing, failed;
    long writes_after_failure;
} Output;

static ssize_t output_write(void *cookie, const char *buf, size_t n)
{
    Output *o = cookie;
    if (o->failed)
        o->writes_after_failure++;
    if (o->failing && (o->failed || o->len + n > o->fail_at)) {
        o->failed = true;
        errno = EPIPE;
        return 0;
    }
    if (n > o->largest)
        o->largest = n;
    if (o->len + n > o->cap) {
        o->cap = (o->len + n) * 2;
        o->data = realloc(o->data, o->cap);
        FUZZ_CHECK(o->data, "out of memory");
    }
    memcpy(o->data + o->len, buf, n);
    o->len += n;
    return (ssize_t)n;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    fuzz_init((*argv)[0]);
    prog = fuzz_policy_from_file("policies/changsha-srdi-2025.pol");
    deciders[0] = pol_decider_new(prog);
    deciders[1] = pol_decider_new(prog);
    const char *path = pol_strdup_printf("%s/batch-input", fuzz_tmpdir());
    in_fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    FUZZ_CHECK(in_fd >= 0, "cannot create %s", path);
    unlink(path);
    sigset_t urg;
    sigemptyset(&urg);
    sigaddset(&urg, SIGURG);
    pthread_sigmask(SIG_BLOCK, &urg, NULL);
    signal_fd = signalfd(-1, &urg, SFD_CLOEXEC | SFD_NONBLOCK);
    FUZZ_CHECK(signal_fd > 0, "signalfd");
    fuzz_init_done();
    return 0;
}

/* The answers [out, out+n) on NDJSON lines: each valid JSON, an error's
 * "line" its own line number (the line after the header's in CSV input).
 * Returns whether any is an error. */
static bool check_ndjson_answers(const char *out, size_t outlen, bool csv_in)
{
    long line = 0;
    bool any_error = false;
    for (const char *p = out, *end = out + outlen; p < end; line++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        FUZZ_CHECK(nl, "an answer without its line end");
        json_error_t e;
        json_t *j = json_loadb(p, (size_t)(nl - p), 0, &e);
        FUZZ_CHECK(j, "answer %ld is not JSON: %s: %.*s", line + 1, e.text, (int)(nl - p > 500 ? 500 : nl - p), p);
        json_t *err = json_object_get(j, "error");
        if (err) {
            any_error = true;
            long want = csv_in ? line + 2 : line + 1;
            json_t *l = json_object_get(j, "line");
            FUZZ_CHECK(json_is_integer(l) && json_integer_value(l) == want, "answer %ld has line %lld", line + 1,
                       json_is_integer(l) ? (long long)json_integer_value(l) : -1LL);
        }
        json_decref(j);
        p = nl + 1;
    }
    return any_error;
}

/* Records of [p, p+n): NDJSON lines, or CSV records by the reference
 * (fuzz_csv_record, not csv.c); a
 * last one without its line end counts. */
static long count_records(bool csv, const char *p, size_t n)
{
    long count = 0;
    for (size_t at = 0; at < n; count++) {
        if (csv) {
            at += fuzz_csv_record(p + at, n - at);
        } else {
            const char *nl = memchr(p + at, '\n', n - at);
            at = nl ? (size_t)(nl - p) + 1 : n;
        }
    }
    return count;
}

/* Whether a CSV record begins with what Excel or WPS reads as a formula. */
static bool formula_first(const char *p, size_t n)
{
    static const char *const starts[] = {"=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠"};
    for (size_t k = 0; k < sizeof starts / sizeof *starts; k++)
        if (n >= strlen(starts[k]) && memcmp(p, starts[k], strlen(starts[k])) == 0)
            return true;
    return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    fuzz_begin();
    uint8_t flags = data[0];
    const char *in = (const char *)data + 1;
    size_t n = size - 1;
    long oom = flags & 128 || fuzz_oom_force >= 0 ? fuzz_oom_pick(data, size) : 0;
    PolBatchOptions o = {
        .have_date = flags & 4,
        .jobs = flags & 8 && !oom ? 2 : 1,   /* (a worker's failure cannot be taken back) */
        .input = flags & 1 ? POL_BATCH_CSV : POL_BATCH_NDJSON,
        .output = flags & 2 ? POL_BATCH_CSV : POL_BATCH_NDJSON,
        .bom = true,
        .explain = (flags & 16) && !(flags & 2),
        .signal_fd = signal_fd,
        .deciders = oom ? NULL : deciders,
    };
    pol_date_from_ymd(2025, 6, 30, &o.date);
    FUZZ_CHECK(ftruncate(in_fd, 0) == 0 && pwrite(in_fd, in, n, 0) == (ssize_t)n && lseek(in_fd, 0, SEEK_SET) == 0,
               "writing the input");
    static Output w;   /* (static: read again after a longjmp) */
    w = (Output){.failing = flags & 32, .fail_at = 64 * (n % 64)};
    FILE *f = fopencookie(&w, "w", (cookie_io_functions_t){NULL, output_write, NULL, NULL});
    FUZZ_CHECK(f, "fopencookie");
    if (flags & 64)
        raise(SIGURG);
    if (oom) {
        fuzz_oom_arm(oom);
        if (setjmp(fuzz_oom_jump)) {
            fuzz_oom_landed();
            /* polrun ends here (E0719, exit 1) without flushing its stdio:
             * what was written is what is out */
            w.failing = w.failed = true;
            w.writes_after_failure = 0;
            fclose(f);
            struct signalfd_siginfo si;
            while (read(signal_fd, &si, sizeof si) > 0)
                ;
            const char *out = w.data ? w.data : "";
            FUZZ_CHECK(w.len == 0 || out[w.len - 1] == '\n', "out of memory left a line cut short (flags %d)", flags);
            long answers = count_records(o.output == POL_BATCH_CSV, out, w.len) - (o.output == POL_BATCH_CSV && w.len);
            long records = count_records(o.input == POL_BATCH_CSV, in, n) - (o.input == POL_BATCH_CSV);
            FUZZ_CHECK(answers <= (records > 0 ? records : 0), "%ld answers to %ld records", answers, records);
            if (o.output == POL_BATCH_NDJSON)
                check_ndjson_answers(out, w.len, o.input == POL_BATCH_CSV);
            fuzz_end();   /* frees w.data with what the batch abandoned */
            return 0;
        }
    }
    int status = pol_batch(prog, &o, in_fd, f, &fuzz_ds);
    fuzz_oom_disarm();
    fuzz_decider_forget(deciders[0]);
    fuzz_decider_forget(deciders[1]);
    long writes_after_failure = w.writes_after_failure;
    bool failed = w.failed;
    w.failing = false;
    fclose(f);
    struct signalfd_siginfo si;
    while (read(signal_fd, &si, sizeof si) > 0)   /* none left for the next input */
        ;
    const char *out = w.data ? w.data : "";
    size_t outlen = w.len;
    if (failed) {
        FUZZ_CHECK(writes_after_failure == 0, "%ld writes after the output failed (flags %d)", writes_after_failure,
                   flags & 127);
        FUZZ_CHECK(status == 1, "exit status %d after the output failed", status);
        FUZZ_CHECK(fuzz_ds.errors > 0, "no error said the output failed");
        free(w.data);
        fuzz_end();
        return 0;
    }
    if (flags & 64) {
        FUZZ_CHECK(status == 128 + SIGURG, "exit status %d after a signal", status);
        long answered = count_records(o.output == POL_BATCH_CSV, out, outlen) - (o.output == POL_BATCH_CSV);
        FUZZ_CHECK(answered == 0, "%ld records answered after a signal", answered);
        free(w.data);
        fuzz_end();
        return 0;
    }

    size_t header = 0;                        /* CSV: the first line, whatever its quotes */
    while (o.input == POL_BATCH_CSV && header < n && in[header++] != '\n')
        ;
    long records = count_records(o.input == POL_BATCH_CSV, in + header, n - header);
    long answers = count_records(o.output == POL_BATCH_CSV, out, outlen);
    if (o.output == POL_BATCH_CSV)
        answers--;                            /* the header */
    FUZZ_CHECK(records == answers, "%ld records answered by %ld lines (flags %d)", records, answers, flags & 127);
    for (size_t at = 0; o.output == POL_BATCH_CSV && at < outlen;) {
        size_t l = fuzz_csv_record(out + at, outlen - at);
        FUZZ_CHECK(!formula_first(out + at, l), "a CSV answer begins as a formula: %.*s", (int)(l > 200 ? 200 : l),
                   out + at);
        at += l;
    }
    size_t longest = 0;
    for (size_t at = 0; at < outlen;) {
        const char *nl = memchr(out + at, '\n', outlen - at);
        size_t l = nl ? (size_t)(nl - (out + at)) + 1 : outlen - at;
        longest = l > longest ? l : longest;
        at += l;
    }
    FUZZ_CHECK(w.largest <= POL_BATCH_ANSWER_BYTES + longest + BUFSIZ,
               "a write of %zu bytes: the answers in flight are not bounded (longest answer %zu)", w.largest, longest);
    FUZZ_CHECK(status == 0 || status == 1 || status == 3, "exit status %d", status);
    if (o.output == POL_BATCH_NDJSON) {
        bool any_error = check_ndjson_answers(out, outlen, o.input == POL_BATCH_CSV);
        FUZZ_CHECK(any_error == (status != 0), "exit status %d with%s errors", status, any_error ? "" : "out");
    }
    free(w.data);
    fuzz_end();
    return 0;
}
