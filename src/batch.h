/*
 * batch.h — `polrun batch`: a whole register, streamed.
 *
 * Input is read in blocks of whole records; each block is decided by one
 * worker (the calling thread with jobs = 1, else one of `jobs` threads, each
 * with its own PolEval over the shared read-only PolProgram) and written in
 * input order. A bounded ring of blocks keeps memory constant whatever the
 * input size: the reader waits for the writer when the ring is full.
 */
#ifndef POL_BATCH_H
#define POL_BATCH_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "arena.h"
#include "bytecode.h"
#include "diag.h"
#include "text.h"

#define POL_BATCH_MAX_JOBS 256
/* A block's answers are written once they pass this many bytes (and every
 * block before it is written), whatever the records expand to: no write is
 * larger than this and one record's answer. */
#define POL_BATCH_ANSWER_BYTES ((size_t)1 << 20)

typedef enum PolBatchFormat { POL_BATCH_NDJSON, POL_BATCH_CSV } PolBatchFormat;

/* Another answer to each record than its decision under the program (polrun
 * diff decides it under two): the records are read, cut, ordered and
 * written exactly as batch's. Each worker thread has the state worker_new
 * makes, each block of records the state block_new makes; a block's
 * answers go to out, and block_written sees each block's state in input
 * order, once its answers are written. */
typedef struct PolBatchHook {
    void *ctx;
    void *(*worker_new)(void *ctx);
    void *(*block_new)(void *ctx);
    void (*block_start)(void *ctx, void *block);
    /* a record's facts as JSON (a CSV row already converted); arena:
     * where to decode them, reset for each record */
    void (*record)(void *worker, void *block, PolArena *arena, long line, const char *json, size_t len, PolBuf *out);
    /* a record that is not facts at all (an empty line, a CSV row that
     * does not fit the header, a record over the size limit) */
    void (*unreadable)(void *worker, void *block, long line, const char *id, const char *path, const char *message,
                       PolBuf *out);
    void (*block_written)(void *ctx, void *block);
} PolBatchHook;

typedef struct PolBatchOptions {
    int32_t date;            /* the evaluation date when have_date */
    bool have_date;
    int jobs;                /* 1 .. POL_BATCH_MAX_JOBS */
    PolBatchFormat input, output;
    bool bom;                /* CSV output: start with a UTF-8 byte order mark */
    bool explain;            /* NDJSON output: each decision with its "explanation" */
    PolLang lang;            /* of the messages in error lines */
    const PolBatchHook *hook; /* NULL: each record decided under the program */
    int signal_fd;           /* a signalfd(2): a signal read from it stops the reading; 0 none */
    int signal_pipe;         /* a pipe carrying a signal's number as one byte (a handler's:
                                see main.c): stops the reading too; 0 none */
    /* NULL, or `jobs` deciders of the program (pol_decider_new), one per
     * job, used instead of new ones: a caller that runs batch after batch
     * with one program keeps them (making one lays out the VM's value
     * stack). One batch at a time uses them. */
    struct PolDecider *const *deciders;
} PolBatchOptions;

/* Decides every record of in_fd and writes one answer per record to out;
 * what concerns the whole run (input or output that fails, a CSV header
 * that cannot be used) goes to ds. Returns the exit status (status.h): 3
 * when any record had bad facts or the input could not be read, else 1
 * when any hit a runtime error of the policy (or the output could not be
 * written, or polrun failed), else 0. With a hook, the answers to the
 * records are the hook's and never change the status. A signal read from
 * signal_fd or signal_pipe stops the batch wherever it waits (for input or
 * for its output): nothing more is read, no answers are written after
 * those being written, E1205 says how many were (E1206 when the output was
 * left inside an answer: batch.c), and the status is POL_EXIT_SIGNAL + the
 * signal's number. Both are then made non-blocking. The first write that
 * fails stops the reading too (E1202). */
int pol_batch(const PolProgram *p, const PolBatchOptions *o, int in_fd, FILE *out, PolDiags *ds);

#endif
