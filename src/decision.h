/*
 * decision.h — writing decisions (and their explanations) as JSON, and the
 * error object of a bad batch line.
 *
 * The member order is part of the contract: id, policy, as_of, in_force,
 * entitlements, total, then explanation. Money is a string with exactly two
 * decimals.
 */
#ifndef POL_DECISION_H
#define POL_DECISION_H

#include <stdbool.h>
#include <stdio.h>
#include "vm.h"

/* A growable byte buffer on the GC heap. */
typedef struct PolBuf { char *data; size_t len, cap; } PolBuf;

void pol_buf_put(PolBuf *b, const char *s, size_t n);
void pol_buf_puts(PolBuf *b, const char *s);
void pol_buf_printf(PolBuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void pol_buf_json_string(PolBuf *b, const char *s, size_t n);

typedef enum PolExplain { POL_EXPLAIN_NONE, POL_EXPLAIN_JSON, POL_EXPLAIN_TEXT } PolExplain;

/* Appends the decision of a finished evaluation. pretty: indented over
 * several lines (run); else one line (batch). */
void pol_decision_json(PolBuf *out, const PolEval *ev, bool pretty, bool explain);
/* Appends a readable explanation tree (--explain=text). */
void pol_explain_text(PolBuf *out, const PolEval *ev);
/* Appends {"line": N, "id": ..., "error": {"path": ..., "message": ...}} on one line. */
void pol_error_line_json(PolBuf *out, long line, const char *id, const char *path, const char *message);

#endif
