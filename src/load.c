/*
 * load.c — reading a policy and the files it imports (load.h). An import
 * cycle is not an error: declarations, unlike statements, have no order.
 *
 * Imports are confined: a policy reads files of its own folder tree and of
 * the standard library, nothing else. A policy can come from anyone (a
 * server loads what a drafter saved), and a file read is quoted in the
 * diagnostics: `import "../../etc/passwd"` would otherwise show its first
 * line. The name is checked by its text first, before anything is looked
 * up on the disk (so a refusal says nothing about files outside), then
 * the file found by its real path (symbolic links resolved), its kind
 * (a folder, a named pipe or a device is no policy), and it is opened
 * without blocking.
 */
#include <errno.h>
#include <gc.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "load.h"
#include "parse.h"
#include "source.h"

#define MAX_IMPORTS 256

typedef struct Loader {
    const PolLoadOptions *o;
    PolDiags *ds;
    PolLoaded out;
    const char *root;       /* the policy's folder, absolute, links resolved: its tree may be imported */
    const char *stdlib;     /* the stdlib folder likewise; NULL: none */
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

/* path made absolute (from the working folder) and normal by its text
 * alone: no `.`, `..` or empty parts; links are not resolved. */
static const char *lexical(const char *path)
{
    char cwd[PATH_MAX];
    const char *full = path[0] != '/' && getcwd(cwd, sizeof cwd) ? pol_strdup_printf("%s/%s", cwd, path) : path;
    char *out = GC_MALLOC_ATOMIC(strlen(full) + 2);
    size_t len = 0;   /* out[0..len) is "" or "/a/b" */
    for (const char *p = full; *p;) {
        while (*p == '/')
            p++;
        const char *end = p;
        while (*end && *end != '/')
            end++;
        size_t n = (size_t)(end - p);
        if (n == 2 && p[0] == '.' && p[1] == '.') {
            while (len > 0 && out[len - 1] != '/')
                len--;
            if (len > 0)
                len--;
        } else if (n > 0 && !(n == 1 && p[0] == '.')) {
            out[len++] = '/';
            memcpy(out + len, p, n);
            len += n;
        }
        p = end;
    }
    if (len == 0)
        out[len++] = '/';
    out[len] = '\0';
    return out;
}

/* The real path of a folder, or its lexical one when it is not on the disk. */
static const char *real_folder(const char *path)
{
    char buf[PATH_MAX];
    return realpath(path, buf) ? GC_STRDUP(buf) : lexical(path);
}

/* Whether the absolute path is folder or inside it. */
static bool within(const char *path, const char *folder)
{
    if (!folder)
        return false;
    size_t n = strlen(folder);
    if (n == 1)
        return true;   /* "/" */
    return strncmp(path, folder, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

static bool allowed(const Loader *l, const char *absolute)
{
    return within(absolute, l->root) || within(absolute, l->stdlib);
}

static bool readable(const Loader *l, const char *path)
{
    const PolFiles *f = &l->o->files;
    return f->readable ? f->readable(f->data, path) : access(path, R_OK) == 0;
}

/* Reads the file at path, found at real (links resolved). An import is
 * read from the disk as a regular file without blocking. */
static PolSource *read_file(const Loader *l, const char *path, const char *real, bool import)
{
    const PolFiles *f = &l->o->files;
    if (f->read)
        return f->read(f->data, path);
    return import ? pol_source_read_regular(real, path) : pol_source_read(path);
}

/* Whether what `import` resolved to, at the real path real, may be read:
 * inside the policy's tree or the stdlib, and a regular file. Reports why
 * not. */
static bool importable(Loader *l, const char *real, const PolDecl *import)
{
    struct stat st;
    if (!allowed(l, real)) {
        pol_diag(l->ds, POL_E0715_import_outside, import->span, NULL, import->name);
        return false;
    }
    if (stat(real, &st) != 0 || S_ISREG(st.st_mode))
        return true;   /* a failure here is the reading's to report */
    pol_diag(l->ds, S_ISDIR(st.st_mode) ? POL_E0716_import_folder : POL_E0717_import_not_file, import->span, NULL,
             import->name);
    return false;
}

static void load_import(Loader *l, const char *importer, const char *importer_name, const PolDecl *d);

/* Where an import that is nowhere was looked for: beside the importing
 * file (at path), then in the standard library. */
static const char *searched(const Loader *l, const char *path, const PolDecl *import)
{
    if (!l->o->stdlib_dir)
        return pol_msg(l->ds->lang, POL_MSG_import_searched_no_stdlib, path);
    const char *lib = pol_strdup_printf("%s/%s", l->o->stdlib_dir, import->name);
    if (strcmp(lib, path) == 0)
        return pol_msg(l->ds->lang, POL_MSG_import_searched_no_stdlib, path);
    return pol_msg(l->ds->lang, POL_MSG_import_searched, path, lib);
}

/* Loads the file at path, known by name (source.h): the policy (import
 * NULL) or what the declaration import resolved to. */
static void load_file(Loader *l, const char *path, const char *name, const PolDecl *import)
{
    PolDiags *ds = l->ds;
    PolSpan from = import ? import->span : (PolSpan){0};
    char buf[PATH_MAX];
    const char *real = realpath(path, buf);
    if (!real) {
        int err = errno;
        if (!l->o->files.readable || !readable(l, path)) {
            pol_diag(ds, import ? POL_E0702_cannot_import : POL_E0701_cannot_read, from, import && err == ENOENT ? searched(l, path, import) : NULL,
                     path, pol_strerror(ds->lang, err));
            return;
        }
        real = path;   /* only an editor has it: known by the name it was given */
    } else if (import && !importable(l, real, import)) {
        return;
    }
    for (int i = 0; i < l->nseen; i++)
        if (strcmp(l->seen[i], real) == 0)
            return;
    if (l->nseen == MAX_IMPORTS) {
        pol_diag(ds, POL_E0703_too_many_imports, from, NULL, MAX_IMPORTS);
        return;
    }
    l->seen[l->nseen++] = GC_STRDUP(real);
    PolSource *src = read_file(l, path, real, import != NULL);
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
    if (!import && module)
        out->is_module = true;
    if (decls.count == 0 && !module && ds->errors == errors_before) {
        PolSpan start = {src, 1, 1, 1, 1};
        pol_diag(ds, POL_E0705_declares_nothing, start, NULL,
                 pol_msg(ds->lang, import ? POL_MSG_the_imported_file : POL_MSG_the_policy_file));
    }
    for (int i = 0; i < decls.count; i++)
        if (decls.items[i]->kind == POL_D_IMPORT)
            load_import(l, path, name, decls.items[i]);
    for (int i = 0; i < decls.count; i++)
        if (decls.items[i]->kind != POL_D_IMPORT)
            pol_decl_list_push(&out->decls, decls.items[i]);
}

/* `import "NAME"` of the file at importer (known by importer_name):
 * beside it, else in the stdlib; the name checked by its text before
 * anything is looked up on the disk. */
static void load_import(Loader *l, const char *importer, const char *importer_name, const PolDecl *d)
{
    const char *name = d->name;
    if (!*name) {
        pol_diag(l->ds, POL_E0713_import_empty, d->span, NULL);
        return;
    }
    if (name[0] == '/') {
        pol_diag(l->ds, POL_E0714_import_absolute, d->span, NULL, name);
        return;
    }
    const char *dir = dir_of(importer);
    bool beside_allowed = allowed(l, lexical(pol_strdup_printf("%s/%s", real_folder(dir), name)));
    bool lib_allowed = l->stdlib && within(lexical(pol_strdup_printf("%s/%s", l->stdlib, name)), l->stdlib);
    if (!beside_allowed && !lib_allowed) {
        pol_diag(l->ds, POL_E0715_import_outside, d->span, NULL, name);
        return;
    }
    const char *beside = pol_strdup_printf("%s/%s", dir, name);
    const char *lib = lib_allowed ? pol_strdup_printf("%s/%s", l->o->stdlib_dir, name) : NULL;
    if (beside_allowed && !(lib && !readable(l, beside) && readable(l, lib)))
        load_file(l, beside, joined_name(folder_of_name(importer_name), name), d);
    else
        load_file(l, lib, joined_name("stdlib", name), d);
}

PolLoaded pol_load(const char *path, const PolLoadOptions *o, PolDiags *ds)
{
    static const PolLoadOptions disk = {NULL, {NULL, NULL, NULL}};
    Loader l;
    memset(&l, 0, sizeof l);
    l.o = o ? o : &disk;
    l.ds = ds;
    l.root = real_folder(dir_of(path));
    l.stdlib = l.o->stdlib_dir ? real_folder(l.o->stdlib_dir) : NULL;
    const char *slash = strrchr(path, '/');
    load_file(&l, path, slash ? slash + 1 : path, NULL);
    return l.out;
}
