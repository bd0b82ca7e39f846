/*
 * serve.h — `polrun serve`: an HTTP/1.1 decision service with hot reload.
 *
 *   POST /v1/policies/{policy}/decide   one applicant, as `polrun run` prints it
 *   POST /v1/policies/{policy}/batch    a register, as `polrun batch` writes it
 *   GET  /v1/policies[/{policy}]        what is served, and failed reloads
 *   GET  /healthz, /readyz, /metrics
 *
 * Built on libmicrohttpd (docs/design.md says why). The HTTP side is
 * serve.c; the policies, their versions and hot reload serve_policy.c;
 * streaming batches serve_batch.c; counters serve_metrics.c; the log
 * serve_log.c; and every call into the rest of polrun serve_engine.c.
 * docs/serve.md is the user's guide.
 */
#ifndef POL_SERVE_H
#define POL_SERVE_H

#include <stdbool.h>
#include <stddef.h>
#include "diag.h"

typedef struct PolServeOptions {
    const char *listen;          /* HOST:PORT, default 127.0.0.1:8080 */
    int threads;                 /* HTTP threads and batches at once; 0: one per CPU */
    const char *token_file;      /* NULL: no authentication */
    size_t decide_limit;         /* body bytes, default 1 MiB */
    size_t batch_limit;          /* body bytes, default 16 MiB */
    unsigned max_connections;    /* default 512 */
    unsigned timeout;            /* seconds a connection may stay silent, default 10 */
    unsigned time_limit;         /* seconds a request may take from its first byte, default 60 */
    unsigned grace;              /* seconds SIGTERM waits for requests in flight, default 8 */
    const char *given;           /* the first serve option given, for "not for this command" */
    PolLang lang;                /* of every message (set by the caller before parsing options) */
    const char *stdlib_dir;      /* where imports are looked for after the importing file's folder */
} PolServeOptions;

/* The defaults. */
void pol_serve_options_init(PolServeOptions *o);

/* If argv[*i] is an option of serve, reads it (and its value, advancing
 * *i) and returns 1; returns 0 when it is not one; prints a usage error
 * and returns -1 when its value is wrong or missing. */
int pol_serve_parse_option(PolServeOptions *o, int argc, char **argv, int *i);

/* Serves the policies at paths[0..n) until SIGTERM or SIGINT; what keeps
 * it from starting is reported to ds. Returns the exit status: 0 after a
 * clean stop, 1 when it cannot listen or start, 2 for a usage error (two
 * policies with the same name, a bad address). */
int pol_serve(const PolServeOptions *o, const char *const *paths, int n, PolDiags *ds);

#endif
