/*
 * diag.h — diagnostics as values: what every stage reports, collected,
 * and rendered once, at the edge, as a person or a tool reads it.
 *
 * A PolDiag is one error (or warning or note): a code of the registry
 * (src/diagnostics.h), its message composed in a language, and where it
 * is — a span of a policy, or a file and a JSON path in it (facts). The
 * stages that report many (loader, parser, checker, compiler, .polc
 * reader, case runner, batch) add them to a PolDiags the caller owns;
 * those that stop at the first (facts decoder, CSV reader, VM, deciding
 * one applicant) hand back one PolDiag. Nothing prints unless its caller
 * asks: it renders them (pol_diag_render), or gives the collection a sink
 * that is told of each as it is reported (pol_diag_print prints them as
 * the command line does). There is no global state: a collection per
 * call, each with its language.
 *
 * The human rendering (Rust style) is
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
#ifndef POL_DIAG_H
#define POL_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include "diagnostics.h"
#include "message.h"
#include "span.h"
#include "text.h"

/* "E0301"; NULL for POL_NO_CODE. */
const char *pol_diag_code(PolDiagCode code);
/* The message format and the help of a code in lang (help may be NULL). */
const char *pol_diag_format(PolDiagCode code, PolLang lang);
const char *pol_diag_help(PolDiagCode code, PolLang lang);
/* The message of code with its arguments in lang, as composed: without
 * pol_localize's spacing (messages about facts keep the text they quote). */
const char *pol_diag_text(PolLang lang, PolDiagCode code, ...);
const char *pol_diag_vtext(PolLang lang, PolDiagCode code, va_list ap);

typedef enum PolSeverity { POL_ERROR, POL_WARNING, POL_NOTE } PolSeverity;

typedef struct PolDiag PolDiag;
struct PolDiag {
    PolSeverity severity;
    PolDiagCode code;       /* POL_NO_CODE: an internal error of polrun, a warning or a note */
    PolLang lang;           /* of message and help */
    PolSpan span;           /* the place in a policy; span.src NULL: none */
    const char *file;       /* facts: the file the facts came from (NULL: not known) */
    const char *path;       /* facts: the JSON path of what is wrong ("$.a[2]"); NULL otherwise */
    long line, column;      /* facts: where path is in the JSON text, 1-based (0: not known) */
    const char *message;    /* composed in lang, without code or place */
    const char *help;       /* NULL: none */
    PolDiag *note;          /* a second place ("the other rule is here"), then its own note; NULL */
};

/* Where diagnostics go as they are reported (the command line prints
 * them at once; a server collects and sends them later). */
typedef void PolDiagSink(void *data, const PolDiag *d);

typedef struct PolDiags {
    PolLang lang;           /* of every message reported here */
    int max_errors;         /* stop keeping errors after this many, with E0709 (0: 50) */
    int errors, warnings;   /* every one reported, kept or not */
    bool suppressed;        /* the limit was reached */
    int count, cap;
    PolDiag **items;        /* those kept, in order; each error's notes hang from it */
    PolDiagSink *sink;      /* told of each diagnostic (and note) kept; may be NULL */
    void *sink_data;
} PolDiags;

/* An empty collection for messages in lang. */
void pol_diags_init(PolDiags *ds, PolLang lang);

/* Reports error `code` at span (span.src NULL: not a place in a policy).
 * The arguments after help are those of the code's message format (the
 * same in both languages). help NULL gives the code's help from the
 * registry, if it has one; else help is a text in ds->lang. */
void pol_diag(PolDiags *ds, PolDiagCode code, PolSpan span, const char *help, ...);
/* A note at another place, for the error reported last ("the first
 * declaration is here"): message m of the registry. */
void pol_diag_note(PolDiags *ds, PolSpan span, PolMsg m, ...);
/* An error that is no mistake of the input: polrun itself failed (out of
 * memory, a thread that cannot start, the compiler's own check). */
void pol_diag_internal(PolDiags *ds, PolMsg m, ...);
/* A warning without code or place: message m. */
void pol_diag_warning(PolDiags *ds, PolMsg m, ...);
/* Reports a PolDiag made elsewhere (the facts of an applicant, a runtime
 * error), with its notes; counted like any other. */
void pol_diags_add(PolDiags *ds, const PolDiag *d);

/* A PolDiag value, for the stages that stop at their first error: error
 * `code` in lang at span, its registry help, the message composed from
 * the arguments and shown in lang (pol_localize). */
PolDiag pol_diag_make(PolLang lang, PolDiagCode code, PolSpan span, ...);
/* An error value of code (POL_NO_CODE: none) with message as it is, no
 * help and no place yet (a facts error sets its path). */
PolDiag pol_diag_error(PolLang lang, PolDiagCode code, const char *message);

typedef enum PolDiagFormat {
    POL_FORMAT_HUMAN,   /* error[E0301]: message, --> file:line:col, the source line, a caret underline, help */
    POL_FORMAT_GNU,     /* file:line:col: error[E0301]: message, one line each (editors, compile-mode) */
    POL_FORMAT_JSON     /* one JSON object a line: severity, file, span (or path), code, message, help */
} PolDiagFormat;

/* Appends d as format f, each line ended by \n; not its notes, which are
 * rendered by calls of their own (a collection's sink is told of each).
 * first: nothing was rendered before it (human diagnostics are separated
 * by a blank line; a note belongs to the error before it). */
void pol_diag_render(PolBuf *out, const PolDiag *d, PolDiagFormat f, bool first);
/* A sink that prints each diagnostic to out as it comes (ds.sink =
 * pol_diag_print, ds.sink_data = the printer): human diagnostics are
 * separated by a blank line. */
typedef struct PolDiagPrinter {
    FILE *out;
    PolDiagFormat format;
    bool printed;           /* something was printed before */
} PolDiagPrinter;
void pol_diag_print(void *printer, const PolDiag *d);

/* "file:line:col: error[E0801]: message" (the keyword in English, as in
 * the gnu format; only "error[E0801]: message" without a place): one line,
 * for the error objects of batch and the expectations of case files. */
const char *pol_diag_line(const PolDiag *d);

#endif
