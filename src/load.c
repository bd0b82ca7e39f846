/*
 * load.c — reading a policy and the files it imports.
 *
 * `import "x.pol"` is looked up beside the importing file, then in the
 * stdlib directory. Each file is read once (by its real path), so diamonds
 * and cycles of imports are harmless; an import cycle is not an error
 * because declarations, unlike statements, have no order.
 */
#include <errno.h>
#include <gc.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "load.h"
#include "parse.h"
#include "source.h"

#define MAX_IMPORTS 256

static const char *stdlib_dir = NULL;

void pol_set_stdlib_dir(const char *dir) { stdlib_dir = dir; }

typedef struct Loader {
    PolDeclList decls;
    const char *seen[MAX_IMPORTS];
    int nseen;
} Loader;

static const char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? GC_STRNDUP(path, (size_t)(slash - path)) : ".";
}

static void load_file(Loader *l, const char *path, PolSpan from)
{
    char real[PATH_MAX];
    if (!realpath(path, real)) {
        if (from.src)
            pol_diag(POL_E0702_cannot_import, from, NULL, path, pol_strerror(errno));
        else
            pol_diag(POL_E0701_cannot_read, from, NULL, path, pol_strerror(errno));
        return;
    }
    for (int i = 0; i < l->nseen; i++)
        if (strcmp(l->seen[i], real) == 0)
            return;
    if (l->nseen == MAX_IMPORTS) {
        pol_diag(POL_E0703_too_many_imports, from, NULL, MAX_IMPORTS);
        return;
    }
    l->seen[l->nseen++] = GC_STRDUP(real);
    PolSource *src = pol_source_read(path);
    if (!src) {
        pol_diag(POL_E0701_cannot_read, from, NULL, path, pol_strerror(errno));
        return;
    }
    if (src->len > POL_MAX_SOURCE_BYTES) {
        pol_diag(POL_E0704_file_too_large, from, NULL, path, POL_MAX_SOURCE_BYTES);
        return;
    }
    const char *module = NULL;
    int errors_before = pol_diags.errors;
    PolDeclList decls = pol_parse_source(src, &module);
    if (decls.count == 0 && !module && pol_diags.errors == errors_before) {
        PolSpan start = {src, 1, 1, 1, 1};
        pol_diag(POL_E0705_declares_nothing, start, NULL, pol_msg(from.src ? POL_MSG_the_imported_file : POL_MSG_the_policy_file));
    }
    for (int i = 0; i < decls.count; i++) {
        PolDecl *d = decls.items[i];
        if (d->kind != POL_D_IMPORT)
            continue;
        const char *candidate = pol_strdup_printf("%s/%s", dir_of(path), d->name);
        if (access(candidate, R_OK) != 0 && stdlib_dir) {
            const char *lib = pol_strdup_printf("%s/%s", stdlib_dir, d->name);
            if (access(lib, R_OK) == 0)
                candidate = lib;
        }
        load_file(l, candidate, d->span);
    }
    for (int i = 0; i < decls.count; i++)
        if (decls.items[i]->kind != POL_D_IMPORT)
            pol_decl_list_push(&l->decls, decls.items[i]);
}

PolDeclList pol_load(const char *path)
{
    Loader l;
    memset(&l, 0, sizeof l);
    PolSpan none = {0};
    load_file(&l, path, none);
    return l.decls;
}
