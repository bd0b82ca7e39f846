/*
 * source.h — policy source files and the one renderer of diagnostics.
 *
 * Every message polrun prints about a policy goes through pol_diag: the
 * form is
 *     file:line:col: error: message
 *        |
 *     12 |     when tier = litle_giant
 *        |                 ^^^^^^^^^^^
 *        = help: did you mean `little_giant`?
 */
#ifndef POL_SOURCE_H
#define POL_SOURCE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include "span.h"

struct PolSource {
    const char *path;       /* as given on the command line or resolved by import */
    const char *text;       /* NUL-terminated; may contain other NULs (reported by the scanner) */
    size_t len;
    int nlines;
    const size_t *line_starts; /* byte offset of each line, nlines entries */
};

/* Reads a file into a new PolSource; NULL with errno set on failure. */
PolSource *pol_source_read(const char *path);
PolSource *pol_source_from_text(const char *path, const char *text, size_t len);

typedef enum PolSeverity { POL_ERROR, POL_WARNING, POL_NOTE } PolSeverity;

typedef enum PolDiagFormat {
    POL_FORMAT_HUMAN,   /* file:line:col, the source line, a caret underline, help */
    POL_FORMAT_GNU,     /* file:line:col: error: message, one line each (editors, compile-mode) */
    POL_FORMAT_JSON     /* one JSON object a line: severity, file, span, message, help */
} PolDiagFormat;

typedef struct PolDiagnostics {
    PolDiagFormat format;
    int errors, warnings;
    int max_errors;          /* stop reporting after this many (0: 50) */
    bool suppressed;         /* the limit was reached */
} PolDiagnostics;

extern PolDiagnostics pol_diags;

/* Prints one diagnostic at span. help may be NULL. */
void pol_diag(PolSeverity sev, PolSpan span, const char *help, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* A secondary note at another place ("the other rule is here"). */
void pol_diag_note(PolSpan span, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Plain error without a source place: "polrun: error: ..." */
void pol_error_plain(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *pol_strdup_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *pol_strdup_vprintf(const char *fmt, va_list ap);
/* Text of the source covered by span, on one line (whitespace runs collapsed). */
const char *pol_span_text(PolSpan span);
/* Edit distance for "did you mean" suggestions. */
int pol_edit_distance(const char *a, const char *b);

#endif
