/*
 * load.h — reading a policy and the files it imports.
 *
 * `import "x.pol"` is looked up beside the importing file, then in the
 * stdlib directory. Each file is read once (by its real path), so diamonds
 * and cycles of imports are harmless. How a file is read can be replaced:
 * an editor's unsaved buffer of an imported file then wins over the disk.
 *
 * Each source is also given a name that does not depend on the folders it
 * was found in (PolSource.name): the policy's file name without its folder,
 * an import beside it by the path it is imported with from there
 * (`changsha-srdi-2025/facts.pol`), an import of the standard library as
 * `stdlib/NAME`. A compiled policy stores these names, so that compiling
 * the same files in two folders gives the same bytes (polc.h).
 */
#ifndef POL_LOAD_H
#define POL_LOAD_H

#include <stdbool.h>
#include "ast.h"
#include "diag.h"
#include "source.h"

/* How the loader reads files. Each function may be NULL: then the disk. */
typedef struct PolFiles {
    /* The file at path, named path; NULL with errno set when it cannot be
     * read (disk: pol_source_read). */
    PolSource *(*read)(void *data, const char *path);
    /* Whether the file at path can be read (disk: access(2)); asked to
     * find an import, and for a file that is not on the disk at all (an
     * editor's new, unsaved file), which is then read all the same. */
    bool (*readable)(void *data, const char *path);
    void *data;
} PolFiles;

typedef struct PolLoadOptions {
    const char *stdlib_dir;     /* where imports are looked for after the importing file's folder; NULL: nowhere */
    PolFiles files;             /* {0}: the disk */
} PolLoadOptions;

/* What was loaded. */
typedef struct PolLoaded {
    PolDeclList decls;          /* of every file read, imports first, without the imports themselves */
    int nsources;
    const PolSource **sources;  /* every file read, the policy's own first */
    bool parse_errors;          /* a file did not parse: decls are what could be read */
    bool is_module;             /* the file loaded declares `module "x"`: one for policies to import */
} PolLoaded;

/* Reads and parses path and every file it imports (o NULL: from the disk,
 * without a stdlib directory). Reports what goes wrong to ds (E07xx, and
 * every syntax error); returns what could be read. */
PolLoaded pol_load(const char *path, const PolLoadOptions *o, PolDiags *ds);

#endif
