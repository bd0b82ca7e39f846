/*
 * serve_engine.h — what `polrun serve` needs of the rest of polrun, in one
 * place: load a policy (with its diagnostics as data and the files it
 * read), describe it, decide one applicant as `polrun run` prints it, and
 * decide a stream as `polrun batch` writes it.
 *
 * The server's other files (serve.c, serve_policy.c, serve_batch.c) call
 * polrun only through these functions, so that the pipeline can change
 * underneath without the server noticing.
 */
#ifndef POL_SERVE_ENGINE_H
#define POL_SERVE_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "bytecode.h"
#include "decide.h"
#include "decision.h"
#include "text.h"

/* A policy loaded from its files. */
typedef struct PolServeLoad {
    PolProgram *prog;         /* NULL when the policy does not check */
    int errors;               /* diagnostics that are errors */
    const char *diagnostics;  /* a JSON array, one object per diagnostic: severity,
                               * file, span, code, message, help (as --error-format json) */
    int nfiles;
    const char **files;       /* every file read, as it was opened (the policy first) */
} PolServeLoad;

/* Loads, checks and compiles the policy at path (a .pol source with its
 * imports, beside it or in stdlib_dir, or a verified .polc), its
 * diagnostics in lang. It never prints;
 * loads may run at once. Everything returned is on the collected heap. */
void pol_serve_engine_load(const char *path, PolLang lang, const char *stdlib_dir, PolServeLoad *out);

/* The members id, title, source, in_force {from, to}, measures of the
 * policy, appended to an open JSON object (each preceded by a comma). */
void pol_serve_engine_describe(PolBuf *out, const PolProgram *p);
/* "sha256:<hex>" of the compiled policy: the digest of its decisions. */
const char *pol_serve_engine_digest(const PolProgram *p);

/* A new decider of p, reusable for any number of applicants, one at a
 * time. */
PolDecider *pol_serve_engine_decider_new(const PolProgram *p);

/* Why an applicant was not decided. */
typedef enum PolServeFault {
    POL_SERVE_MALFORMED,      /* the body is not JSON at all: HTTP 400 */
    POL_SERVE_BAD_FACTS,      /* JSON, but not facts this policy accepts: 422 */
    POL_SERVE_POLICY_ERROR    /* the policy failed at run time (E08xx): 500 */
} PolServeFault;

typedef struct PolServeError {
    PolServeFault fault;
    const char *code;         /* "E0904"; NULL for an internal error of polrun */
    const char *path;         /* JSON path of the offending fact, "$" for the whole */
    const char *message;      /* in the server's language */
    const char *location;     /* a policy error: "file:line:col" in the policy, else "" */
} PolServeError;

/* Decides one applicant with d (of the version deciding it) and appends
 * to out exactly what `polrun run --facts FILE` prints for it (with
 * --date when have_date, --explain as explain), final newline included.
 * False with *err filled when it is not decided. The facts are decoded
 * into the calling thread's arena (pol_serve_engine_thread_start). */
bool pol_serve_engine_decide(PolDecider *d, const char *json, size_t len, int32_t date, bool have_date,
                             PolExplain explain, PolLang lang, PolBuf *out, PolServeError *err);

/* A thread that decides (pol_serve_engine_decide) calls this once before
 * and pol_serve_engine_thread_end when it ends: its facts arena. */
void pol_serve_engine_thread_start(void);
void pol_serve_engine_thread_end(void);

typedef struct PolServeBatch {
    int32_t date;
    bool have_date;
    bool csv_in, csv_out;
    bool bom;                 /* CSV output: a UTF-8 byte order mark first */
    bool explain;             /* NDJSON output: each decision with its explanation */
    PolLang lang;             /* of the messages in error lines */
    PolDecider *decider;      /* NULL, or a decider of the program to decide with (a version's pool) */
} PolServeBatch;

/* For CSV input: checks the header row (the first record of in_fd, read
 * with pread from offset 0) as `polrun batch` would. False when every row
 * would be answered with one error (a header that cannot be used or
 * never ends): *err says why (fault POL_SERVE_BAD_FACTS). */
bool pol_serve_engine_csv_header(const PolProgram *p, int in_fd, PolLang lang, PolServeError *err);

/* Decides every record of in_fd (from its current offset) into out,
 * byte for byte what `polrun batch` writes with these options and one
 * job. Returns polrun batch's exit status (0, 1 or 3); what concerns the
 * whole run (output that cannot be written, a CSV header warning) is not
 * printed. Runs in the calling thread, which must be known to the
 * collector. */
int pol_serve_engine_batch(const PolProgram *p, const PolServeBatch *o, int in_fd, FILE *out);

/* Formats a date (days since 1970-01-01) as YYYY-MM-DD into buf[11];
 * parses one. */
void pol_serve_engine_date_text(int32_t date, char buf[11]);
bool pol_serve_engine_date_parse(const char *text, int32_t *date);

#endif
