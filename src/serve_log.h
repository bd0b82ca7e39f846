/*
 * serve_log.h — the log of `polrun serve`: one JSON object a line.
 *
 * Every line starts with "time" (UTC, RFC 3339 with milliseconds) and
 * "event" ("request", "reload", "listening", ...). The log goes to the
 * standard error the server was started with, through a descriptor of its
 * own (so that nothing polrun writes on stderr can split a line), one
 * write(2) a line under a lock, so lines of concurrent requests never mix.
 */
#ifndef POL_SERVE_LOG_H
#define POL_SERVE_LOG_H

#include <stdbool.h>
#include <time.h>
#include "text.h"

/* Takes its own duplicate of descriptor 2; call before anything else. */
void pol_serve_log_open(void);
/* A new line: {"time":"...","event":"EVENT" (members follow, each
 * starting with a comma). */
PolBuf pol_serve_log_begin(const char *event);
/* Closes the object and writes the line. */
void pol_serve_log_end(PolBuf *line);
/* Appends ,"key":"text" (JSON-escaped); NULL text gives null. */
void pol_serve_log_text(PolBuf *line, const char *key, const char *text);

/* "2025-03-01T08:00:00.000Z" of a wall-clock time, into buf[32]. */
void pol_serve_time_text(const struct timespec *t, char buf[32]);
/* Seconds on the monotonic clock. */
double pol_serve_now(void);

#endif
