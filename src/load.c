/*
 * load.c — reading a policy and the files it imports (load.h). An import
 * cycle is not an error: declarations, unlike statements, have no order.
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

typedef struct Loader {
    const PolLoadOptions *o;
    PolDiags *ds;
    PolLoaded out;
    const char *seen[MAX_IMPORTS];
    int nseen;
} Loader;

static const char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? GC_STRNDUP(path, (size_t)(slash - path)) : ".";
}

/* folder/file with `.` and `folder/..` taken out: the name of a file found
 * from another (source.h), whatever the folders the policy sits in. */
static const char *joined_name(const char *folder, const char *file)
{
    const char *whole = folder ? pol_strdup_printf("%s/%s", folder, file) : file;
    const char **parts = GC_MALLOC((strlen(whole) / 2 + 2) * sizeof *parts);
    int n = 0;
    for (const char *p = whole; *p;) {
        const char *end = strchr(p, '/');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *part = GC_STRNDUP(p, len);
        if (strcmp(part, "..") == 0 && n > 0 && strcmp(parts[n - 1], "..") != 0)
            n--;
        else if (len > 0 && strcmp(part, ".") != 0)
            parts[n++] = part;
        p = end ? end + 1 : p + len;
    }
    PolBuf b = {0};
    for (int i = 0; i < n; i++)
        pol_buf_printf(&b, "%s%s", i ? "/" : "", parts[i]);
    return b.data ? b.data : ".";
}

/* The folder part of a name, NULL for none. */
static const char *folder_of_name(const char *name)
{
    const char *slash = strrchr(name, '/');
    return slash ? GC_STRNDUP(name, (size_t)(slash - name)) : NULL;
}

static bool readable(const Loader *l, const char *path)
{
    const PolFiles *f = &l->o->files;
    return f->readable ? f->readable(f->data, path) : access(path, R_OK) == 0;
}

static PolSource *read_file(const Loader *l, const char *path)
{
    const PolFiles *f = &l->o->files;
    return f->read ? f->read(f->data, path) : pol_source_read(path);
}

/* Loads the file at path, known by name (source.h), imported at from (a
 * span of no source for the policy itself). */
static void load_file(Loader *l, const char *path, const char *name, PolSpan from)
{
    PolDiags *ds = l->ds;
    char buf[PATH_MAX];
    const char *real = realpath(path, buf);
    if (!real) {
        int err = errno;
        if (!l->o->files.readable || !readable(l, path)) {
            pol_diag(ds, from.src ? POL_E0702_cannot_import : POL_E0701_cannot_read, from, NULL, path,
                     pol_strerror(ds->lang, err));
            return;
        }
        real = path;   /* only an editor has it: known by the name it was given */
    }
    for (int i = 0; i < l->nseen; i++)
        if (strcmp(l->seen[i], real) == 0)
            return;
    if (l->nseen == MAX_IMPORTS) {
        pol_diag(ds, POL_E0703_too_many_imports, from, NULL, MAX_IMPORTS);
        return;
    }
    l->seen[l->nseen++] = GC_STRDUP(real);
    PolSource *src = read_file(l, path);
    if (!src) {
        pol_diag(ds, POL_E0701_cannot_read, from, NULL, path, pol_strerror(ds->lang, errno));
        return;
    }
    src->name = name;
    PolLoaded *out = &l->out;
    const PolSource **sources = GC_MALLOC((size_t)(out->nsources + 1) * sizeof *sources);
    if (out->nsources)
        memcpy(sources, out->sources, (size_t)out->nsources * sizeof *sources);
    sources[out->nsources++] = src;
    out->sources = sources;
    if (src->len > POL_MAX_SOURCE_BYTES) {
        pol_diag(ds, POL_E0704_file_too_large, from, NULL, path, POL_MAX_SOURCE_BYTES);
        return;
    }
    const char *module = NULL;
    int errors_before = ds->errors;
    PolDeclList decls = pol_parse_source(src, &module, ds);
    if (ds->errors != errors_before)
        out->parse_errors = true;
    if (!from.src && module)
        out->is_module = true;
    if (decls.count == 0 && !module && ds->errors == errors_before) {
        PolSpan start = {src, 1, 1, 1, 1};
        pol_diag(ds, POL_E0705_declares_nothing, start, NULL,
                 pol_msg(ds->lang, from.src ? POL_MSG_the_imported_file : POL_MSG_the_policy_file));
    }
    for (int i = 0; i < decls.count; i++) {
        PolDecl *d = decls.items[i];
        if (d->kind != POL_D_IMPORT)
            continue;
        const char *candidate = pol_strdup_printf("%s/%s", dir_of(path), d->name);
        const char *candidate_name = joined_name(folder_of_name(name), d->name);
        if (!readable(l, candidate) && l->o->stdlib_dir) {
            const char *lib = pol_strdup_printf("%s/%s", l->o->stdlib_dir, d->name);
            if (readable(l, lib)) {
                candidate = lib;
                candidate_name = joined_name("stdlib", d->name);
            }
        }
        load_file(l, candidate, candidate_name, d->span);
    }
    for (int i = 0; i < decls.count; i++)
        if (decls.items[i]->kind != POL_D_IMPORT)
            pol_decl_list_push(&out->decls, decls.items[i]);
}

PolLoaded pol_load(const char *path, const PolLoadOptions *o, PolDiags *ds)
{
    static const PolLoadOptions disk = {NULL, {NULL, NULL, NULL}};
    Loader l;
    memset(&l, 0, sizeof l);
    l.o = o ? o : &disk;
    l.ds = ds;
    PolSpan none = {0};
    const char *slash = strrchr(path, '/');
    load_file(&l, path, slash ? slash + 1 : path, none);
    return l.out;
}
