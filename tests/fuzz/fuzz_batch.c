/*
 * fuzz_batch.c — harness 5: an NDJSON (or CSV) stream → polrun batch with
 * the Changsha policy.
 *
 * The first byte chooses the options: bit 0 CSV input, bit 1 CSV output,
 * bit 2 --date 2025-06-30, bit 3 --jobs 2, bit 4 --explain (with NDJSON
 * output, as the command line allows); the rest is standard input.
 * Nothing may be lost: there must be exactly one answer per input record
 * (line, or CSV row after the header), in order; an NDJSON answer must be
 * valid JSON whose "line" (when it is an error) is its own line number;
 * the exit status is 0 only when no answer is an error.
 */
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "batch.h"
#include "fuzz.h"
#include "source.h"

static const PolProgram *prog;
static int in_fd;            /* standard input of the batch: a file, rewritten for each input */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    fuzz_init((*argv)[0]);
    prog = fuzz_policy_from_file("policies/changsha-srdi-2025.pol");
    const char *path = pol_strdup_printf("%s/batch-input", fuzz_tmpdir());
    in_fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    FUZZ_CHECK(in_fd >= 0, "cannot create %s", path);
    unlink(path);
    fuzz_init_done();
    return 0;
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    fuzz_begin();
    uint8_t flags = data[0];
    const char *in = (const char *)data + 1;
    size_t n = size - 1;
    PolBatchOptions o = {
        .have_date = flags & 4,
        .jobs = flags & 8 ? 2 : 1,
        .input = flags & 1 ? POL_BATCH_CSV : POL_BATCH_NDJSON,
        .output = flags & 2 ? POL_BATCH_CSV : POL_BATCH_NDJSON,
        .bom = true,
        .explain = (flags & 16) && !(flags & 2),
    };
    pol_date_from_ymd(2025, 6, 30, &o.date);
    FUZZ_CHECK(ftruncate(in_fd, 0) == 0 && pwrite(in_fd, in, n, 0) == (ssize_t)n && lseek(in_fd, 0, SEEK_SET) == 0,
               "writing the input");
    char *out = NULL;
    size_t outlen = 0;
    FILE *f = open_memstream(&out, &outlen);
    FUZZ_CHECK(f, "open_memstream");
    int status = pol_batch(prog, &o, in_fd, f, &fuzz_ds);
    fclose(f);

    long records = count_records(o.input == POL_BATCH_CSV, in, n);
    if (o.input == POL_BATCH_CSV && records > 0)
        records--;                            /* the header */
    long answers = count_records(o.output == POL_BATCH_CSV, out, outlen);
    if (o.output == POL_BATCH_CSV)
        answers--;                            /* the header */
    FUZZ_CHECK(records == answers, "%ld records answered by %ld lines (flags %d)", records, answers, flags & 31);
    FUZZ_CHECK(status == 0 || status == 1 || status == 3, "exit status %d", status);
    if (o.output == POL_BATCH_NDJSON) {
        long line = 0;
        bool any_error = false;
        for (char *p = out, *end = out + outlen; p < end; line++) {
            char *nl = memchr(p, '\n', (size_t)(end - p));
            FUZZ_CHECK(nl, "an answer without its line end");
            json_error_t e;
            json_t *j = json_loadb(p, (size_t)(nl - p), 0, &e);
            FUZZ_CHECK(j, "answer %ld is not JSON: %s: %.*s", line + 1, e.text, (int)(nl - p > 500 ? 500 : nl - p), p);
            json_t *err = json_object_get(j, "error");
            if (err) {
                any_error = true;
                long want = o.input == POL_BATCH_CSV ? line + 2 : line + 1;
                json_t *l = json_object_get(j, "line");
                FUZZ_CHECK(json_is_integer(l) && json_integer_value(l) == want, "answer %ld has line %lld", line + 1,
                           json_is_integer(l) ? (long long)json_integer_value(l) : -1LL);
            }
            json_decref(j);
            p = nl + 1;
        }
        FUZZ_CHECK(any_error == (status != 0), "exit status %d with%s errors", status, any_error ? "" : "out");
    }
    free(out);
    fuzz_end();
    return 0;
}
