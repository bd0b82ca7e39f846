/*
 * load.h — reading a policy and the files it imports.
 */
#ifndef POL_LOAD_H
#define POL_LOAD_H

#include "ast.h"

/* Reads and parses path and every file it imports (relative to the
 * importing file, then the stdlib directory). Returns the declarations of
 * all files, imports first. Diagnostics go to stderr; pol_diags.errors
 * counts them. */
PolDeclList pol_load(const char *path);
/* The directory searched for `import "x.pol"` after the importing file's. */
void pol_set_stdlib_dir(const char *dir);

#endif
