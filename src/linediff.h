/*
 * linediff.h — the lines that differ between two texts, as a unified diff
 * (`polrun fmt --check`).
 */
#ifndef POL_LINEDIFF_H
#define POL_LINEDIFF_H

#include <stddef.h>
#include "text.h"

/* Appends to out the unified diff (as `diff -u` writes it, 3 lines of
 * context) that turns before[0..before_len) into after[0..after_len):
 * `--- name` and `+++ name` (the same name, so that `patch -p0` applies it
 * to the file), then hunks `@@ -l,n +l,n @@`; a last line without a line
 * feed is followed by `\ No newline at end of file`. Lines are compared
 * byte for byte, their ends included (a CRLF line differs from its LF
 * form). Appends nothing when the texts are equal. The shortest diff is
 * looked for (Myers); when the texts differ in too many places for that to
 * stay small, the part between their common first and last lines is
 * replaced whole. */
void pol_unified_diff(PolBuf *out, const char *name, const char *before, size_t before_len, const char *after,
                      size_t after_len);

#endif
