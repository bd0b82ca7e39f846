/*
 * lsp_text.h — the language server's open documents and the three ways of
 * counting a column.
 *
 * An editor names a place by a line and a "character" counted in the
 * position encoding agreed at `initialize`: UTF-16 code units (the
 * protocol's default) or UTF-8 bytes. polrun's spans count characters
 * (code points), 1-based, the last one inclusive. This file converts
 * between them against the text itself, so a line with Chinese text or
 * full-width punctuation before an error lands on the right character in
 * either encoding. Lines end at "\n"; a "\r" before it belongs to no line.
 *
 * A document is plain malloc memory (texts can be megabytes and are
 * replaced on every keystroke; the collector need not scan them).
 */
#ifndef POL_LSP_TEXT_H
#define POL_LSP_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include "span.h"

typedef enum PolLspEncoding { POL_LSP_UTF16, POL_LSP_UTF8 } PolLspEncoding;

/* A place as the protocol names it: 0-based line and character. */
typedef struct PolLspPos { long line, character; } PolLspPos;
typedef struct PolLspRange { PolLspPos start, end; } PolLspRange;

typedef struct PolLspDoc {
    char *uri;
    char *path;              /* the file the URI names, NULL when not a file: URI */
    char *text;              /* NUL-terminated, len bytes */
    size_t len, cap;
    long version;
    bool is_case;            /* a .case file of `polrun test` */
    size_t *lines;           /* byte offset of each line start */
    long nlines;
} PolLspDoc;

/* A new document holding a copy of text; NULL when memory runs out. */
PolLspDoc *pol_lsp_doc_new(const char *uri, const char *text, size_t len, long version);
void pol_lsp_doc_free(PolLspDoc *d);
/* Replaces the bytes of range (in encoding enc) by text. A range past the
 * end of a line or of the document is clamped, as the protocol asks.
 * False when memory runs out (the document is unchanged). */
bool pol_lsp_doc_edit(PolLspDoc *d, PolLspRange range, PolLspEncoding enc, const char *text, size_t len);
/* Replaces the whole text. */
bool pol_lsp_doc_set(PolLspDoc *d, const char *text, size_t len);

/* Byte offset of a position in text (clamped to its line and the text). */
size_t pol_lsp_offset(const char *text, size_t len, const size_t *lines, long nlines, PolLspPos pos, PolLspEncoding enc);
size_t pol_lsp_doc_offset(const PolLspDoc *d, PolLspPos pos, PolLspEncoding enc);
/* The position of byte offset off (which should start a character). */
PolLspPos pol_lsp_doc_position(const PolLspDoc *d, size_t off, PolLspEncoding enc);
/* Units of enc in the bytes [from, to) of a text: bytes, or UTF-16 code
 * units (two for a character beyond U+FFFF). */
long pol_lsp_units(const char *from, const char *to, PolLspEncoding enc);

/* The range of a polrun span in its source text. A span without source is
 * the start of the file. */
PolLspRange pol_lsp_span_range(PolSpan span, PolLspEncoding enc);
/* Byte offsets in span.src of the span's first character and one past its
 * last; false for a span without source. */
bool pol_lsp_span_bytes(PolSpan span, size_t *start, size_t *end);

/* "file:///a/b%20c.pol" → "/a/b c.pol"; NULL for another scheme. */
char *pol_lsp_uri_to_path(const char *uri);
/* "/a/b c.pol" → "file:///a/b%20c.pol" (GC memory). */
char *pol_lsp_path_to_uri(const char *path);

#endif
