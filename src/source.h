/*
 * source.h — policy source files: read whole, with the start of every line
 * (for spans and the excerpts of diagnostics, diag.h).
 */
#ifndef POL_SOURCE_H
#define POL_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include "span.h"
#include "text.h"

struct PolSource {
    const char *path;       /* as given on the command line or resolved by import */
    const char *name;       /* the same file named without the folders it was found in
                               (load.h): what a .polc stores, so that its bytes do not
                               depend on where the policy was compiled */
    const char *text;       /* NUL-terminated; may contain other NULs (reported by the scanner) */
    bool bom;               /* the file began with a UTF-8 byte order mark, which text leaves out */
    size_t len;
    int nlines;
    const size_t *line_starts; /* byte offset of each line, nlines entries */
};

/* Reads a file into a new PolSource (a UTF-8 byte order mark at its start
 * left out of the text: bom); NULL with errno set on failure, EFBIG
 * for a file larger than POL_SOURCE_MAX_READ (reading stops there, so that
 * /dev/zero or a pipe that never ends is refused, not read until memory
 * runs out; each kind of file has a smaller limit of its own). */
#define POL_SOURCE_MAX_READ ((size_t)64 << 20)
PolSource *pol_source_read(const char *path);
/* The same for a file that must be a regular file (an import), named name:
 * opened without blocking (a named pipe never makes it wait) and without
 * following a symbolic link at the end of path (what the loader checked
 * is what is read); a folder is EISDIR, any other kind of file EINVAL. */
PolSource *pol_source_read_regular(const char *path, const char *name);
/* The largest policy file (and each file it imports) that load and fmt
 * accept: E0704 beyond it. */
#define POL_MAX_SOURCE_BYTES (8u << 20)
/* A source of text[0..len) (NUL-terminated), named path (and name). */
PolSource *pol_source_from_text(const char *path, const char *text, size_t len);

/* Line number line (from 1) of src, without its line feed (nor a carriage
 * return before it): its first byte, and its length in *len. */
const char *pol_source_line(const PolSource *src, int line, size_t *len);
/* The text of a comment line ("  # x" → "x": the `#` and one space after
 * it removed), NULL when line is not a comment line or not in src. */
const char *pol_source_comment(const PolSource *src, int line);

/* Text of the source covered by span, on one line (whitespace runs collapsed). */
const char *pol_span_text(PolSpan span);

#endif
