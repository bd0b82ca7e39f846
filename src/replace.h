/*
 * replace.h — replacing a file's content safely, for the commands that
 * rewrite files a drafter keeps (fmt --write, test --update).
 */
#ifndef POL_REPLACE_H
#define POL_REPLACE_H

#include <stdbool.h>
#include <stddef.h>
#include "diag.h"

/* Replaces the content of the file at path (a symbolic link: its target)
 * with data[0..len), so that at any moment the file holds either all of
 * its old content or all of the new, whatever fails (a full disk, a
 * signal, a crash): the new content goes to a temporary file beside it,
 * created with mkstemp (a new name no one can have planted a link at,
 * readable only by its owner while it is written), synced, given the
 * original's owner and group where the caller may set them and then its
 * mode, and renamed over the original.
 *
 * Refused: a file with more than one name (hard links), which the rename
 * would split (the other names would keep the old content), E0712; a path
 * that is not a regular file, E1001. Returns true when replaced; else
 * reports to ds (E1001 naming the file and the reason), leaves the file
 * as it was, removes the temporary file, and sets errno (EMLINK for
 * several names). */
bool pol_replace_file(const char *path, const char *data, size_t len, PolDiags *ds);

#endif
