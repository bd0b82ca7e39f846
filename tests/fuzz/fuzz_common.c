/*
 * fuzz_common.c — see fuzz.h.
 */
#include <errno.h>
#include <gc.h>
#include <pthread.h>
#include <jansson.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "alloc.h"
#include "check.h"
#include "compile.h"
#include "decision.h"
#include "fuzz.h"
#include "load.h"
#include "source.h"

#ifdef POL_GC_SHIM_H
#define SHIM 1
#else
#define SHIM 0
static void pol_shim_permanent(int on) { (void)on; }
static void pol_shim_free_all(void) {}
static void pol_shim_fail_at(long n) { (void)n; }
static long pol_shim_failed(void) { return 0; }
static long pol_shim_allocations(void) { return 0; }
static void pol_shim_free_abandoned(void) {}
#endif

const char *fuzz_root = ".";
static const char *stdlib_dir;
static char tmpdir[PATH_MAX - 64];
static char tmpfile_path[PATH_MAX];
static int real_stderr = 2;
static char real_tmpdir[PATH_MAX], real_stdlib[PATH_MAX];   /* links resolved */

void fuzz_fail(const char *file, int line, const char *fmt, ...)
{
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    int n = snprintf(msg, sizeof msg, "%s:%d: property violated: ", file, line);
    if (n > 0 && (size_t)n < sizeof msg)
        n += vsnprintf(msg + n, sizeof msg - (size_t)n, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof msg - 1)
        n = (int)sizeof msg - 2;
    msg[n++] = '\n';
    if (write(real_stderr, msg, (size_t)n) < 0) {
        /* nothing more to do */
    }
    abort();
}

/* What a policy may try to import beside the input (tests/fuzz/pol.dict
 * names them): a named pipe, a folder, and a link that leads out of the
 * folder. The loader must read none of them. */
static const char *const trap_names[] = {"pipe.pol", "folder", "outside.pol"};

static const char *trap_path(int i) { return pol_strdup_printf("%s/%s", tmpdir, trap_names[i]); }

static void make_traps(void)
{
    if (mkfifo(trap_path(0), 0600) != 0 || mkdir(trap_path(1), 0700) != 0 ||
        symlink(pol_strdup_printf("%s/README.md", fuzz_root), trap_path(2)) != 0) {
        perror("polrun fuzz: the import traps");
        exit(2);
    }
}

static void remove_tmpdir(void)
{
    unlink(tmpfile_path);
    unlink(trap_path(0));
    rmdir(trap_path(1));
    unlink(trap_path(2));
    rmdir(tmpdir);   /* fails if a harness left something: /dev/shm is cleaned at boot */
}

FILE *fuzz_null;

static void on_out_of_memory(size_t bytes);

void fuzz_init(const char *argv0)
{
    GC_INIT();
    pol_alloc_on_oom(on_out_of_memory);
    pol_shim_permanent(1);
    /* the root: POLRUN_FUZZ_ROOT, else the folder of BUILD/fuzz/NAME */
    const char *env = getenv("POLRUN_FUZZ_ROOT");
    char real[PATH_MAX];
    if (env) {
        fuzz_root = strdup(env);
    } else if (realpath(argv0, real)) {
        for (int i = 0; i < 3; i++) {
            char *slash = strrchr(real, '/');
            if (slash)
                *slash = '\0';
        }
        fuzz_root = strdup(real);
    }
    stdlib_dir = pol_strdup_printf("%s/stdlib", fuzz_root);
    const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(tmpdir, sizeof tmpdir, "%s/polrun-fuzz.XXXXXX", base);
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        exit(2);
    }
    snprintf(tmpfile_path, sizeof tmpfile_path, "%s/input.pol", tmpdir);
    make_traps();
    atexit(remove_tmpdir);
    if (!realpath(tmpdir, real_tmpdir) || !realpath(stdlib_dir, real_stdlib)) {
        perror("polrun fuzz: realpath");
        exit(2);
    }
    /* diagnostics to nowhere; failures and sanitizer reports to fd 2 */
    real_stderr = dup(2);
    fuzz_null = fopen("/dev/null", "w");
    if (fuzz_null)
        stderr = fuzz_null;
    fuzz_begin();
}

const char *fuzz_tmpdir(void) { return tmpdir; }

void fuzz_init_done(void) { pol_shim_permanent(0); }

PolDiags fuzz_ds;
static PolDiagPrinter printer;

/* Prints each diagnostic, once it is checked that a terminal shows it as
 * it is: well-formed UTF-8, with no NUL, control character (but line
 * feed and tab), invisible or text-direction character in it — what it
 * quotes of the input is escaped (\0, \xNN, \u{NNNN}). Rendered once, as
 * pol_diag_print renders it, and written as it writes it. */
static void check_and_print(void *data, const PolDiag *d)
{
    PolDiagPrinter *pr = data;
    PolBuf text = {0};
    pol_diag_render(&text, d, pr->format, !pr->printed);
    for (size_t i = 0; i < text.len;) {
        unsigned char c = (unsigned char)text.data[i];
        if ((c >= 0x20 && c < 0x7f) || c == '\n' || c == '\t') {
            i++;   /* (most of it: printable ASCII) */
            continue;
        }
        size_t k = pol_utf8_len(text.data + i, text.len - i);
        FUZZ_CHECK(k, "a diagnostic holds byte 0x%02x, not UTF-8:\n%s", c, text.data);
        unsigned cp = pol_utf8_decode(text.data + i, k);
        FUZZ_CHECK(cp >= 0xa0 && !pol_char_invisible(cp), "a diagnostic holds U+%04X as it is:\n%s", cp, text.data);
        i += k;
    }
    fwrite(text.data, 1, text.len, pr->out);
    if (d->severity != POL_WARNING && !d->path)
        pr->printed = true;
}

void fuzz_begin(void)
{
    pol_diags_init(&fuzz_ds, POL_LANG_EN);
    printer = (PolDiagPrinter){fuzz_null ? fuzz_null : stderr, POL_FORMAT_HUMAN, false};
    fuzz_ds.sink = check_and_print;
    fuzz_ds.sink_data = &printer;
}

void fuzz_diagnostics_format(PolDiagFormat f)
{
    printer.format = f;
}

/* ------------------------------------------------------------ out of memory */

jmp_buf fuzz_oom_jump;
static long oom_armed;            /* the allocation that fails, 0 none */
static pthread_t oom_thread;      /* where the harness waits for it */
static bool oom_landed;           /* the handler jumped: the run was abandoned */
static size_t oom_bytes;

long fuzz_oom_force = -1;

long fuzz_oom_allocations(void) { return pol_shim_allocations(); }

long fuzz_oom_pick(const uint8_t *data, size_t size)
{
    if (!SHIM)
        return 0;
    if (fuzz_oom_force >= 0)
        return fuzz_oom_force;
    uint64_t h = 0xcbf29ce484222325u;   /* FNV-1a */
    for (size_t i = 0; i < size; i++)
        h = (h ^ data[i]) * 0x100000001b3u;
    h ^= h >> 32;   /* its low bits mixed (splitmix64's finish) */
    h *= 0xbf58476d1ce4e5b9u;
    h ^= h >> 29;
    if (h & 7)
        return 0;
    unsigned bits = 4 + (unsigned)((h >> 19) % 12);   /* 1 to 16, ..., to 32768: as many small as large */
    return 1 + (long)((h >> 3) & ((1u << bits) - 1));
}

void fuzz_oom_arm(long n)
{
    oom_thread = pthread_self();
    oom_landed = false;
    oom_armed = n;
    pol_shim_fail_at(n);
}

void fuzz_oom_disarm(void)
{
    pol_shim_fail_at(0);
    oom_armed = 0;
}

/* polrun's handler (main.c) prints E0719 and ends the process; the
 * harness's goes back to where the harness waits, and the input ends there */
static void on_out_of_memory(size_t bytes)
{
    FUZZ_CHECK(oom_armed && pol_shim_failed() == 1, "out of memory (%zu bytes) that was not the allocation failed on purpose",
               bytes);
    FUZZ_CHECK(pthread_equal(pthread_self(), oom_thread), "out of memory in a thread the harness cannot stop");
    oom_bytes = bytes;
    oom_landed = true;
    longjmp(fuzz_oom_jump, 1);
}

size_t fuzz_oom_landed(void)
{
    FUZZ_CHECK(oom_landed, "jumped back without running out of memory");
    /* pol_out_of_memory took the hold for this thread (so that no other
     * writes a line after it): polrun would have exited with it */
    pol_oom_release();
    fuzz_oom_disarm();
    return oom_bytes;
}

void fuzz_end(void)
{
    if (oom_armed)
        fuzz_oom_disarm();
    if (oom_landed) {
        pol_shim_free_abandoned();
        oom_landed = false;
    }
    pol_shim_free_all();
}

static bool within(const char *path, const char *folder)
{
    size_t n = strlen(folder);
    return strncmp(path, folder, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

PolChecked *fuzz_check_text(const uint8_t *data, size_t size)
{
    FILE *f = fopen(tmpfile_path, "wb");
    FUZZ_CHECK(f, "cannot write %s", tmpfile_path);
    FUZZ_CHECK(fwrite(data, 1, size, f) == size && fclose(f) == 0, "cannot write %s", tmpfile_path);
    PolLoadOptions lo = {stdlib_dir, {NULL, NULL, NULL}};
    PolLoaded loaded = pol_load(tmpfile_path, &lo, &fuzz_ds);
    /* imports are confined: every file read is a regular file of the
     * input's folder or of the stdlib (a named pipe would have hung) */
    for (int i = 0; i < loaded.nsources; i++) {
        char real[PATH_MAX];
        struct stat st;
        const char *path = loaded.sources[i]->path;
        FUZZ_CHECK(realpath(path, real) && stat(real, &st) == 0 && S_ISREG(st.st_mode), "the loader read %s, no regular file", path);
        FUZZ_CHECK(within(real, real_tmpdir) || within(real, real_stdlib), "the loader read %s, outside the policy's folder and the stdlib", real);
    }
    if (fuzz_ds.errors)
        return NULL;
    return pol_check(loaded.decls, &fuzz_ds);
}

PolProgram *fuzz_policy_from_file(const char *relpath)
{
    const char *path = pol_strdup_printf("%s/%s", fuzz_root, relpath);
    PolLoadOptions lo = {stdlib_dir, {NULL, NULL, NULL}};
    PolDeclList d = pol_load(path, &lo, &fuzz_ds).decls;
    FUZZ_CHECK(!fuzz_ds.errors, "%s does not load", path);
    PolChecked *c = pol_check(d, &fuzz_ds);
    FUZZ_CHECK(c, "%s does not check", path);
    PolProgram *p = pol_compile(c, &fuzz_ds);
    FUZZ_CHECK(p, "%s does not compile", path);
    /* the layout of its decisions, kept in the program by its first use, is
     * made now, while allocations are permanent: made during an input, it
     * would be freed with the input and the program would point at it */
    pol_decision_layout(p);
    return p;
}

void fuzz_decider_forget(PolDecider *d)
{
    d->ev->reads = NULL;
    d->ev->cap_reads = 0;
}

/* ---- facts from a schema ---- */

static void facts_value(const PolType *t, const PolMember *m, int variant, int depth, PolBuf *out);

static void facts_record(const PolRecord *r, int variant, int depth, PolBuf *out)
{
    pol_buf_puts(out, "{");
    bool first = true;
    for (int i = 0; i < r->count; i++) {
        const PolMember *m = &r->members[i];
        bool leave_out = variant == 1 && (m->presence == POL_PRESENCE_OPTIONAL || m->presence == POL_PRESENCE_REQUIRED_WHEN);
        if (leave_out)
            continue;
        if (!first)
            pol_buf_puts(out, ",");
        first = false;
        pol_buf_json_string(out, m->name, strlen(m->name));
        pol_buf_puts(out, ":");
        if (variant == 1 && m->presence == POL_PRESENCE_NULLABLE)
            pol_buf_puts(out, "null");
        else
            facts_value(m->type, m, variant, depth + 1, out);
    }
    pol_buf_puts(out, "}");
}

static void facts_value(const PolType *t, const PolMember *m, int variant, int depth, PolBuf *out)
{
    if (depth > 8) {
        pol_buf_puts(out, "null");
        return;
    }
    switch (t->kind) {
    case POL_T_BOOL: pol_buf_puts(out, variant == 0 ? "true" : "false"); break;
    case POL_T_INT: {
        int64_t v = variant == 0 ? 12 : variant == 1 ? 0 : 100000;
        if (m && m->has_min && v < m->min)
            v = m->min;
        pol_buf_printf(out, "%lld", (long long)v);
        break;
    }
    case POL_T_DEC: pol_buf_puts(out, variant == 0 ? "0.5" : variant == 1 ? "0" : "\"123.456\""); break;
    case POL_T_MONEY: pol_buf_puts(out, variant == 0 ? "\"1000000.00\"" : variant == 1 ? "0" : "\"92233720368547758.07\""); break;
    case POL_T_DATE: pol_buf_puts(out, variant == 0 ? "\"2025-06-30\"" : variant == 1 ? "\"2024-02-29\"" : "\"9999-12-31\""); break;
    case POL_T_TEXT: pol_buf_puts(out, variant == 0 ? "\"x\"" : variant == 1 ? "\"\"" : "\"长沙\""); break;
    case POL_T_ENUM: {
        const PolEnum *e = t->enumeration;
        const char *w = e->count == 0 ? "?" : variant == 2 ? e->values[e->count - 1] : e->values[0];
        pol_buf_json_string(out, w, strlen(w));
        break;
    }
    case POL_T_RECORD: facts_record(t->record, variant, depth, out); break;
    case POL_T_LIST:
        pol_buf_puts(out, "[");
        if (variant != 2) {
            facts_value(t->inner, NULL, variant, depth + 1, out);
            if (variant == 0) {
                pol_buf_puts(out, ",");
                facts_value(t->inner, NULL, 2, depth + 1, out);
            }
        }
        pol_buf_puts(out, "]");
        break;
    case POL_T_OPT:
        if (variant == 1)
            pol_buf_puts(out, "null");
        else
            facts_value(t->inner, m, variant, depth + 1, out);
        break;
    default: pol_buf_puts(out, "null"); break;
    }
}

void fuzz_facts_for(const PolProgram *p, int variant, PolBuf *out)
{
    facts_record(p->facts, variant, 0, out);
}

bool fuzz_json_valid(const char *s, size_t n)
{
    json_error_t e;
    json_t *j = json_loadb(s, n, JSON_DECODE_ANY, &e);
    if (!j)
        return false;
    json_decref(j);
    return true;
}

const char *fuzz_decide(PolDecider *d, const char *json, size_t len, int32_t date, bool have_date)
{
    const char *plain = NULL;
    static const PolExplain modes[] = {POL_EXPLAIN_NONE, POL_EXPLAIN_JSON, POL_EXPLAIN_TEXT};
    for (int i = 0; i < 3; i++) {
        PolBuf out = {0};
        PolDecideError res;
        PolDecideOptions o = {date, have_date, i == 1 ? POL_DECISION_PRETTY : POL_DECISION_LINE, modes[i],
                              fuzz_ds.lang, NULL};
        bool ok = pol_decide(d, json, len, &o, &out, &res);
        if (!ok) {
            FUZZ_CHECK(res.path && res.path[0] == '$', "error path %s", res.path ? res.path : "(none)");
            FUZZ_CHECK(res.message && res.message[0], "error without a message");
            FUZZ_CHECK(res.bad_facts == (res.diag.path != NULL), "bad facts without a path, or a path without bad facts");
            pol_diags_add(&fuzz_ds, &res.diag);
            /* the error line of batch must be JSON too */
            PolBuf line = {0};
            pol_decision_error_json(&line, 1, res.id ? res.id->bytes : NULL, res.path, res.message);
            FUZZ_CHECK(fuzz_json_valid(line.data, line.len), "error line is not JSON: %.*s", (int)line.len, line.data);
            return NULL;
        }
        if (modes[i] != POL_EXPLAIN_TEXT)
            FUZZ_CHECK(fuzz_json_valid(out.data, out.len), "decision is not JSON: %.*s", (int)(out.len > 1000 ? 1000 : out.len), out.data);
        if (i == 0) {
            pol_buf_put(&out, "", 1);
            plain = out.data;
        }
    }
    return plain;
}

/* ------------------------------------------------------------ CSV reference */
/* Written apart from src/csv.c, so that it can disagree with it: the whole
 * input at hand, a byte at a time, cell by cell. */

size_t fuzz_csv_record(const char *p, size_t n)
{
    size_t i = 0, first_nl = 0;
    for (;;) {                                     /* a cell starts at i */
        if (i < n && p[i] == '"') {
            for (i++;; i++) {
                if (i == n)
                    return first_nl ? first_nl : n;    /* never closed */
                if (p[i] == '\n' && !first_nl)
                    first_nl = i + 1;
                if (p[i] == '"' && i + 1 < n && p[i + 1] == '"')
                    i++;
                else if (p[i] == '"')
                    break;
            }
            i++;                                   /* past the closing quote */
            if (i == n)
                return n;
            if (p[i] == '\r' && (i + 1 == n || p[i + 1] == '\n'))
                return i + 1 == n ? n : i + 2;
            if (p[i] == '\n')
                return i + 1;
            if (p[i] == ',') {
                i++;
                continue;
            }
            if (first_nl)
                return first_nl;                   /* text after a quote past a line end */
        }
        for (; i < n && p[i] != ',' && p[i] != '\n'; i++)
            ;                                      /* an unquoted cell: its quotes are bytes */
        if (i == n)
            return n;
        if (p[i] == '\n')
            return i + 1;
        i++;
    }
}

int fuzz_csv_cells(const char *p, size_t n, const char **cells, size_t *lens, int max)
{
    if (n == 0)
        return -1;                                 /* an empty row */
    int count = 0;
    size_t i = 0;
    for (;;) {                                     /* a cell starts at i */
        if (count == max)
            return -1;
        char *cell = GC_MALLOC_ATOMIC(n + 1);
        size_t len = 0;
        if (i < n && p[i] == '"') {
            for (i++;; i++) {
                if (i == n)
                    return -1;                     /* never closed */
                if (p[i] == '"' && i + 1 < n && p[i + 1] == '"')
                    i++;
                else if (p[i] == '"')
                    break;
                cell[len++] = p[i];
            }
            i++;
            if (i < n && p[i] != ',')
                return -1;                         /* text after the closing quote */
        } else {
            for (; i < n && p[i] != ','; i++) {
                if (p[i] == '"')
                    return -1;                     /* a quote in an unquoted cell */
                cell[len++] = p[i];
            }
        }
        cells[count] = cell;
        lens[count++] = len;
        if (i == n)
            return count;
        i++;                                       /* the comma */
    }
}
