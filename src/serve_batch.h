/*
 * serve_batch.h — POST /v1/policies/{policy}/batch: a register decided as
 * `polrun batch` decides it, streamed, in constant memory.
 *
 * HTTP/1.1 as libmicrohttpd serves it answers a request once its body has
 * been received, and clients send the whole body before they read the
 * answer. So the body is written, as it arrives, to an anonymous
 * temporary file (O_TMPFILE in $TMPDIR, else /tmp: never visible in the
 * file system, gone when closed), and once it is complete a thread of the
 * server decides it with `polrun batch`'s own code, reading the file in
 * blocks and writing the answers into a fixed ring buffer from which the
 * connection sends them as they come (chunked transfer encoding). Memory
 * is the same for ten applicants or ten million; the disk holds the body.
 *
 * At most `max_running` batches are decided at once (one core each); the
 * others wait for a turn. A batch that runs past its deadline, or whose
 * client leaves, stops reading its input at once (its file is replaced by
 * /dev/null under it), and a batch stopped by its deadline ends its answer
 * with an error (the chunked stream is cut), never with a silent end.
 */
#ifndef POL_SERVE_BATCH_H
#define POL_SERVE_BATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <microhttpd.h>
#include "serve_engine.h"
#include "serve_policy.h"

typedef struct PolServeBatchJob PolServeBatchJob;

/* How many batches are decided at once; call before the first job. */
void pol_serve_batch_setup(int max_running);

/* A new job, its body still to come; NULL with errno when no temporary
 * file can be made. */
PolServeBatchJob *pol_serve_batch_new(int policy_index);
/* Appends n bytes of the body; false (errno) when they cannot be written. */
bool pol_serve_batch_append(PolServeBatchJob *j, const char *data, size_t n);
size_t pol_serve_batch_size(const PolServeBatchJob *j);
/* For CSV input: checks the header row with version v's program. */
bool pol_serve_batch_csv_header(PolServeBatchJob *j, const PolProgram *p, PolLang lang, PolServeError *err);

/* Starts deciding the whole body with v (acquired by the caller; the job
 * releases it when it is done) and returns the response that streams the
 * answers, to be queued on connection c. deadline: pol_serve_now() time
 * after which the batch is cut. NULL when no response or thread can be
 * made (the job is then discarded). */
struct MHD_Response *pol_serve_batch_start(PolServeBatchJob *j, struct MHD_Connection *c, PolServeVersion *v,
                                           const PolServeBatch *o, double deadline);
/* A job that will not be started (its request failed): frees it. */
void pol_serve_batch_discard(PolServeBatchJob *j);

/* What a finished request's job did, for its log line and the metrics. */
typedef struct PolServeBatchReport {
    bool started, finished;   /* the answers began / were all written */
    bool cut;                 /* stopped: deadline, the client left, or shutdown */
    int status;               /* polrun batch's exit status when finished */
    long bytes_in, bytes_out;
    long decided, bad_facts, policy_errors;
} PolServeBatchReport;
/* Called when the request is over: fills *r with what is known and lets go
 * of the job (the thread may still be stopping; it frees it last). */
void pol_serve_batch_close(PolServeBatchJob *j, PolServeBatchReport *r);

/* Jobs still deciding or still streaming. */
int pol_serve_batch_active(void);
/* Cuts every running job (the end of a drain that ran out of time). */
void pol_serve_batch_cancel_all(void);

#endif
