/*
 * source.h — policy source files and the one renderer of diagnostics.
 *
 * Every message polrun prints about a policy goes through pol_diag, with a
 * code from the registry src/diagnostics.h, in English or Chinese
 * (pol_diags.lang). The human form (Rust style) is
 *     error[E0301]: unknown name `litle_giant`
 *       --> file:12:17
 *        |
 *     12 |     when tier = litle_giant
 *        |                 ^^^^^^^^^^^
 *        = help: did you mean `little_giant`?
 * and in Chinese
 *     错误[E0301]：未知名称 `litle_giant`
 *       ...
 *        = 帮助：您是不是想写 `little_giant`？
 */
#ifndef POL_SOURCE_H
#define POL_SOURCE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include "diagnostics.h"
#include "span.h"
#include "text.h"

struct PolSource {
    const char *path;       /* as given on the command line or resolved by import */
    const char *text;       /* NUL-terminated; may contain other NULs (reported by the scanner) */
    size_t len;
    int nlines;
    const size_t *line_starts; /* byte offset of each line, nlines entries */
};

/* Reads a file into a new PolSource; NULL with errno set on failure, EFBIG
 * for a file larger than POL_SOURCE_MAX_READ (reading stops there, so that
 * /dev/zero or a pipe that never ends is refused, not read until memory
 * runs out; each kind of file has a smaller limit of its own). */
#define POL_SOURCE_MAX_READ ((size_t)64 << 20)
PolSource *pol_source_read(const char *path);
/* The largest policy file (and each file it imports) that load and fmt
 * accept: E0704 beyond it. */
#define POL_MAX_SOURCE_BYTES (8u << 20)
PolSource *pol_source_from_text(const char *path, const char *text, size_t len);

typedef enum PolSeverity { POL_ERROR, POL_WARNING, POL_NOTE } PolSeverity;

typedef enum PolDiagFormat {
    POL_FORMAT_HUMAN,   /* error[E0301]: message, --> file:line:col, the source line, a caret underline, help */
    POL_FORMAT_GNU,     /* file:line:col: error[E0301]: message, one line each (editors, compile-mode) */
    POL_FORMAT_JSON     /* one JSON object a line: severity, file, span, code, message, help */
} PolDiagFormat;

typedef enum PolLang { POL_LANG_EN, POL_LANG_ZH } PolLang;

typedef struct PolDiagnostics {
    PolDiagFormat format;
    PolLang lang;            /* of messages and helps (not of gnu/json keywords) */
    int errors, warnings;
    int max_errors;          /* stop reporting after this many (0: 50) */
    bool suppressed;         /* the limit was reached */
    bool printed;            /* a human diagnostic was printed (they are separated by a blank line) */
} PolDiagnostics;

extern PolDiagnostics pol_diags;

/* Reports error `code` at span (span.src NULL: a file, not a place in it).
 * The arguments after help are those of the code's message format in
 * src/diagnostics.h (the same in both languages). help NULL gives the
 * code's help from the registry, if it has one; otherwise a help built
 * with pol_msg, in the current language. */
void pol_diag(PolDiagCode code, PolSpan span, const char *help, ...);
/* An error that has no code yet (the VM's runtime errors): fmt is the
 * message as it is printed. */
void pol_diag_uncoded(PolSpan span, const char *help, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* A secondary note at another place ("the other rule is here"). */
void pol_diag_note(PolSpan span, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* An applicant's facts refused (E09xx): the facts file, the JSON path of
 * what is wrong and the message, in the format of --error-format (gnu:
 * "FILE: error[CODE]: PATH: MESSAGE"; json: the member "path" where a
 * policy diagnostic has "span"). */
void pol_diag_facts(PolDiagCode code, const char *file, const char *path, const char *msg);
/* Error without code or source place: "error: ..." */
void pol_error_plain(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A message of the registry (MSG) formatted in the current language. */
const char *pol_msg(PolMsg m, ...);
/* Its format in the current language, for printf-like functions. */
const char *pol_msg_format(PolMsg m);
/* Its format in lang (for a thread that must not touch pol_diags). */
const char *pol_msg_format_lang(PolMsg m, PolLang lang);
/* "E0301" */
const char *pol_diag_code(PolDiagCode code);
/* The message of error `code` with its arguments, in the current language,
 * into out[size]; one too long is cut at a character boundary and ends
 * in "...". */
void pol_diag_vmessage(char *out, size_t size, PolDiagCode code, va_list ap);
void pol_diag_message(char *out, size_t size, PolDiagCode code, ...);
/* The message and help formats of a code in a language (help may be NULL). */
const char *pol_diag_format(PolDiagCode code, PolLang lang);
const char *pol_diag_help(PolDiagCode code, PolLang lang);
/* The language of the environment: LC_ALL, else LC_MESSAGES, else LANG;
 * one starting with "zh" is Chinese, anything else English. */
PolLang pol_lang_from_env(void);
/* "zh" or "en"; false for anything else. */
bool pol_lang_parse(const char *s, PolLang *lang);
/* strerror in the current language for the common cases. */
const char *pol_strerror(int errnum);

/* Text of the source covered by span, on one line (whitespace runs collapsed). */
const char *pol_span_text(PolSpan span);

#endif
