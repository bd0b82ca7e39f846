/*
 * serve_policy.c — policies, versions and the loader thread (serve_policy.h).
 *
 * Threads and the collector: this file defines GC_THREADS before <gc.h>
 * and starts the loader with GC_pthread_create. The policies live in a
 * collected array held by a static pointer (a root); a version is kept
 * alive by its policy's `current` pointer, by the loader's `retired`
 * pointer and by the requests that acquired it (their state is scanned,
 * serve.c). Finalizers run only when the loader asks for them
 * (GC_set_finalize_on_demand), in the loader thread.
 */
#define GC_THREADS
#include <gc.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>
#include "serve_engine.h"
#include "serve_log.h"
#include "serve_policy.h"

/* How long a retired version may outlive its last request, collections
 * notwithstanding, before the loader builds the next one anyway (and
 * says so): a stale word on some stack can keep it reachable for the
 * conservative collector. */
#define RETAINED_PATIENCE 2.0
/* How often the loader looks again at a policy it must wait for. */
#define RETRY_SECONDS 0.05

struct PolServeVersion {
    const PolProgram *prog;
    long number;
    const char *digest;         /* of its decisions (polc.h) */
    const char *modified;       /* the policy file's modification time */
    const char *loaded_at;
    int nfiles;
    const char **files;
    atomic_long holders;
    PolServePolicy *policy;
    pthread_mutex_t pool_lock;
    PolServeSlot *pool;
};

/* The last load that did not check: immutable once published. */
typedef struct Failure {
    const char *at;
    int errors;
    const char *diagnostics;    /* JSON array */
} Failure;

/* A file a policy read: the watch on its folder and its name there. */
typedef struct WatchedFile { int wd; const char *base; } WatchedFile;

struct PolServePolicy {
    const char *name, *path;
    int index;
    _Atomic(PolServeVersion *) current;
    _Atomic(Failure *) failure;
    atomic_long reloads, failures, in_memory, most_in_memory;
    /* the loader's own */
    PolServeVersion *retired;   /* the version before current, until its last request */
    double waiting_since;       /* waiting for retired to be freed, 0 not waiting */
    long next_number;
    int nwatched;
    WatchedFile *watched;
    bool dirty;
    double due;
};

static PolServePolicy *policies;
static int npolicies;
static PolLang language;          /* of the diagnostics of a load */
static const char *stdlib;        /* where imports are looked for after the policy's folder */
static double settle = 0.1;
static int inotify_fd = -1, wake_fd = -1;
static atomic_bool stop_requested, reload_all_requested;
static pthread_t loader;
static bool loader_running;

/* ----------------------------------------------------------------- versions */

static void version_freed(void *obj, void *data)
{
    (void)data;
    PolServeVersion *v = obj;
    PolServePolicy *p = v->policy;
    long left = atomic_fetch_sub(&p->in_memory, 1) - 1;
    pthread_mutex_destroy(&v->pool_lock);
    PolBuf line = pol_serve_log_begin("version_freed");
    pol_serve_log_text(&line, "policy", p->name);
    pol_buf_printf(&line, ",\"version\":%ld,\"versions_in_memory\":%ld", v->number, left);
    pol_serve_log_end(&line);
}

static const char *now_text(void)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    char buf[32];
    pol_serve_time_text(&t, buf);
    return GC_STRDUP(buf);
}

static PolServeVersion *version_new(PolServePolicy *p, const PolServeLoad *load)
{
    PolServeVersion *v = GC_MALLOC(sizeof *v);
    v->prog = load->prog;
    v->number = ++p->next_number;
    v->digest = pol_serve_engine_digest(load->prog);
    struct stat st;
    if (stat(p->path, &st) == 0) {
        char buf[32];
        pol_serve_time_text(&st.st_mtim, buf);
        v->modified = GC_STRDUP(buf);
    }
    v->loaded_at = now_text();
    v->nfiles = load->nfiles;
    v->files = GC_MALLOC((size_t)(load->nfiles + 1) * sizeof *v->files);
    for (int i = 0; i < load->nfiles; i++) {
        char real[PATH_MAX];
        v->files[i] = realpath(load->files[i], real) ? GC_STRDUP(real) : load->files[i];
    }
    atomic_init(&v->holders, 0);
    v->policy = p;
    pthread_mutex_init(&v->pool_lock, NULL);
    GC_register_finalizer_no_order(v, version_freed, NULL, NULL, NULL);
    long alive = atomic_fetch_add(&p->in_memory, 1) + 1;
    long most = atomic_load(&p->most_in_memory);
    while (alive > most && !atomic_compare_exchange_weak(&p->most_in_memory, &most, alive)) {
    }
    return v;
}

PolServeVersion *pol_serve_version_acquire(PolServePolicy *p)
{
    for (;;) {
        PolServeVersion *v = atomic_load(&p->current);
        if (!v)
            return NULL;
        atomic_fetch_add(&v->holders, 1);
        /* Still current: the loader, which swaps before it reads the
         * holders of the version it retired, cannot miss this one. */
        if (atomic_load(&p->current) == v)
            return v;
        atomic_fetch_sub(&v->holders, 1);
    }
}

void pol_serve_version_release(PolServeVersion *v)
{
    if (v)
        atomic_fetch_sub(&v->holders, 1);
}

const PolProgram *pol_serve_version_program(const PolServeVersion *v) { return v->prog; }
long pol_serve_version_number(const PolServeVersion *v) { return v->number; }
const char *pol_serve_version_digest(const PolServeVersion *v) { return v->digest; }

PolServeSlot *pol_serve_version_slot(PolServeVersion *v)
{
    pthread_mutex_lock(&v->pool_lock);
    PolServeSlot *s = v->pool;
    if (s)
        v->pool = s->next;
    pthread_mutex_unlock(&v->pool_lock);
    if (!s) {
        s = GC_MALLOC(sizeof *s);
        s->decider = pol_serve_engine_decider_new(v->prog);
    }
    s->next = NULL;
    s->out.len = 0;
    return s;
}

void pol_serve_version_slot_return(PolServeVersion *v, PolServeSlot *s)
{
    if (s->out.cap > ((size_t)1 << 20))   /* one huge explanation need not stay */
        memset(&s->out, 0, sizeof s->out);
    pthread_mutex_lock(&v->pool_lock);
    s->next = v->pool;
    v->pool = s;
    pthread_mutex_unlock(&v->pool_lock);
}

/* ----------------------------------------------------------------- policies */

int pol_serve_policy_count(void) { return npolicies; }
PolServePolicy *pol_serve_policy_at(int i) { return &policies[i]; }
const char *pol_serve_policy_name(const PolServePolicy *p) { return p->name; }
int pol_serve_policy_index(const PolServePolicy *p) { return p->index; }

PolServePolicy *pol_serve_policy_find(const char *name, size_t len)
{
    for (int i = 0; i < npolicies; i++)
        if (strlen(policies[i].name) == len && memcmp(policies[i].name, name, len) == 0)
            return &policies[i];
    return NULL;
}

bool pol_serve_policies_ready(void)
{
    for (int i = 0; i < npolicies; i++)
        if (!atomic_load(&policies[i].current))
            return false;
    return true;
}

void pol_serve_policy_stats(const PolServePolicy *p, PolServePolicyStats *s)
{
    PolServeVersion *v = atomic_load(&p->current);
    s->version = v ? v->number : 0;
    s->loaded = v != NULL;
    s->reloads = atomic_load(&p->reloads);
    s->failures = atomic_load(&p->failures);
    s->versions_in_memory = atomic_load(&p->in_memory);
    s->most_in_memory = atomic_load(&p->most_in_memory);
}

static void json_text_or_null(PolBuf *out, const char *s)
{
    if (s)
        pol_buf_json_string(out, s, strlen(s));
    else
        pol_buf_puts(out, "null");
}

void pol_serve_policy_json(PolBuf *out, PolServePolicy *p)
{
    PolServeVersion *v = pol_serve_version_acquire(p);
    Failure *f = atomic_load(&p->failure);
    pol_buf_puts(out, "{\"name\":");
    pol_buf_json_string(out, p->name, strlen(p->name));
    pol_buf_puts(out, ",\"file\":");
    pol_buf_json_string(out, p->path, strlen(p->path));
    pol_buf_printf(out, ",\"loaded\":%s", v ? "true" : "false");
    if (v) {
        pol_buf_printf(out, ",\"version\":%ld,\"digest\":", v->number);
        json_text_or_null(out, v->digest);
        pol_serve_engine_describe(out, v->prog);
        pol_buf_puts(out, ",\"modified\":");
        json_text_or_null(out, v->modified);
        pol_buf_puts(out, ",\"loaded_at\":");
        json_text_or_null(out, v->loaded_at);
        pol_buf_puts(out, ",\"files\":[");
        for (int i = 0; i < v->nfiles; i++) {
            if (i)
                pol_buf_puts(out, ",");
            pol_buf_json_string(out, v->files[i], strlen(v->files[i]));
        }
        pol_buf_puts(out, "]");
    } else {
        pol_buf_puts(out, ",\"version\":null,\"digest\":null");
    }
    pol_buf_printf(out, ",\"versions_in_memory\":%ld,\"last_failure\":", atomic_load(&p->in_memory));
    if (f) {
        pol_buf_puts(out, "{\"at\":");
        pol_buf_json_string(out, f->at, strlen(f->at));
        pol_buf_printf(out, ",\"errors\":%d,\"diagnostics\":%s}", f->errors, f->diagnostics);
    } else {
        pol_buf_puts(out, "null");
    }
    pol_buf_puts(out, "}");
    pol_serve_version_release(v);
}

/* ------------------------------------------------------------------ loading */

static bool relevant_name(const char *name)
{
    size_t n = strlen(name);
    return (n > 4 && strcmp(name + n - 4, ".pol") == 0) || (n > 5 && strcmp(name + n - 5, ".polc") == 0) ||
           strncmp(name, "..", 2) == 0;   /* an atomically swapped folder of symbolic links (Kubernetes) */
}

static void watch_file(PolServePolicy *p, int *cap, const char *path)
{
    if (inotify_fd < 0)
        return;
    const char *slash = strrchr(path, '/');
    const char *dir = slash ? (slash == path ? "/" : GC_STRNDUP(path, (size_t)(slash - path))) : ".";
    const char *base = slash ? slash + 1 : path;
    int wd = inotify_add_watch(inotify_fd, dir,
                               IN_CLOSE_WRITE | IN_MODIFY | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE |
                                   IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR);
    if (wd < 0)
        return;
    for (int i = 0; i < p->nwatched; i++)
        if (p->watched[i].wd == wd && strcmp(p->watched[i].base, base) == 0)
            return;
    if (p->nwatched == *cap) {
        *cap = *cap ? 2 * *cap : 8;
        WatchedFile *grown = GC_MALLOC((size_t)*cap * sizeof *grown);
        if (p->nwatched)
            memcpy(grown, p->watched, (size_t)p->nwatched * sizeof *grown);
        p->watched = grown;
    }
    p->watched[p->nwatched].wd = wd;
    p->watched[p->nwatched].base = GC_STRDUP(base);
    p->nwatched++;
}

/* Watches the folders of the files of the last load, both as they were
 * opened and where their symbolic links lead. */
static void watch_files(PolServePolicy *p, const PolServeLoad *load)
{
    int cap = 0;
    p->nwatched = 0;
    p->watched = NULL;
    watch_file(p, &cap, p->path);
    for (int i = 0; i < load->nfiles; i++) {
        watch_file(p, &cap, load->files[i]);
        char real[PATH_MAX];
        if (realpath(load->files[i], real))
            watch_file(p, &cap, real);
    }
}

/* The collector scans whole stack frames, and a frame's unused slots still
 * hold what an earlier, deeper call left there: a version pointer left by
 * the loader's last swap would keep that version alive. Overwrite the
 * stack below the caller before a collection that must free it. */
static __attribute__((noinline)) void scrub_stack(void)
{
    volatile uintptr_t pad[4096];
    for (size_t i = 0; i < sizeof pad / sizeof pad[0]; i++)
        pad[i] = 0;
}

static __attribute__((noinline)) void collect(void)
{
    GC_gcollect();
    GC_invoke_finalizers();
}

static void log_memory(PolBuf *line)
{
    GC_word heap = 0, free_bytes = 0, unmapped = 0;
    GC_get_heap_usage_safe(&heap, &free_bytes, &unmapped, NULL, NULL);
    pol_buf_printf(line, ",\"heap_bytes\":%lu,\"heap_free_bytes\":%lu", (unsigned long)heap,
                   (unsigned long)free_bytes);
}

enum { DONE, RETRY };

/* Loads p again and swaps the new version in if it checks. RETRY when it
 * must first wait for the version before the current one to be freed. */
static int load_policy(PolServePolicy *p, const char *why)
{
    double started = pol_serve_now();
    if (p->retired) {
        if (atomic_load(&p->retired->holders) > 0)
            return RETRY;
        p->retired = NULL;
        collect();
    }
    if (atomic_load(&p->in_memory) >= 2) {
        collect();
        if (atomic_load(&p->in_memory) >= 2) {
            if (p->waiting_since == 0)
                p->waiting_since = started;
            if (started - p->waiting_since < RETAINED_PATIENCE)
                return RETRY;
            PolBuf line = pol_serve_log_begin("version_retained");
            pol_serve_log_text(&line, "policy", p->name);
            pol_buf_printf(&line, ",\"versions_in_memory\":%ld,\"waited_ms\":%.0f", atomic_load(&p->in_memory),
                           (started - p->waiting_since) * 1000);
            pol_serve_log_end(&line);
        }
    }
    p->waiting_since = 0;

    PolServeLoad load;
    pol_serve_engine_load(p->path, language, stdlib, &load);
    watch_files(p, &load);
    double took = (pol_serve_now() - started) * 1000;
    PolServeVersion *cur = atomic_load(&p->current);
    if (!load.prog) {
        Failure *f = GC_MALLOC(sizeof *f);
        f->at = now_text();
        f->errors = load.errors;
        f->diagnostics = load.diagnostics;
        atomic_store(&p->failure, f);
        atomic_fetch_add(&p->failures, 1);
        PolBuf line = pol_serve_log_begin("reload_failed");
        pol_serve_log_text(&line, "policy", p->name);
        pol_serve_log_text(&line, "reason", why);
        pol_buf_printf(&line, ",\"errors\":%d,\"serving\":", load.errors);
        if (cur)
            pol_buf_printf(&line, "%ld", cur->number);
        else
            pol_buf_puts(&line, "null");
        pol_buf_printf(&line, ",\"duration_ms\":%.3f,\"diagnostics\":%s", took, load.diagnostics);
        pol_serve_log_end(&line);
        return DONE;
    }
    const char *digest = pol_serve_engine_digest(load.prog);
    atomic_store(&p->failure, NULL);
    if (cur && cur->digest && digest && strcmp(cur->digest, digest) == 0) {   /* the same compiled policy */
        PolBuf line = pol_serve_log_begin("reload_unchanged");
        pol_serve_log_text(&line, "policy", p->name);
        pol_serve_log_text(&line, "reason", why);
        pol_buf_printf(&line, ",\"version\":%ld,\"duration_ms\":%.3f", cur->number, took);
        pol_serve_log_end(&line);
        return DONE;
    }
    PolServeVersion *v = version_new(p, &load);
    PolServeVersion *old = atomic_exchange(&p->current, v);
    p->retired = old;
    if (old)
        atomic_fetch_add(&p->reloads, 1);
    PolBuf line = pol_serve_log_begin(old ? "reload" : "load");
    pol_serve_log_text(&line, "policy", p->name);
    pol_serve_log_text(&line, "reason", why);
    pol_buf_printf(&line, ",\"version\":%ld,\"previous\":", v->number);
    if (old)
        pol_buf_printf(&line, "%ld", old->number);
    else
        pol_buf_puts(&line, "null");
    pol_serve_log_text(&line, "digest", v->digest);
    pol_serve_log_text(&line, "modified", v->modified);
    pol_buf_printf(&line, ",\"files\":%d,\"duration_ms\":%.3f,\"versions_in_memory\":%ld", v->nfiles, took,
                   atomic_load(&p->in_memory));
    log_memory(&line);
    pol_serve_log_end(&line);
    return DONE;
}

/* ------------------------------------------------------------------- loader */

static void mark_dirty(PolServePolicy *p, double due)
{
    if (!p->dirty || due < p->due)
        p->due = due;
    p->dirty = true;
}

static void read_events(double now)
{
    char buf[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
    for (;;) {
        ssize_t n = read(inotify_fd, buf, sizeof buf);
        if (n <= 0)
            return;
        for (char *at = buf; at < buf + n;) {
            const struct inotify_event *e = (const struct inotify_event *)(void *)at;
            at += sizeof *e + e->len;
            const char *name = e->len ? e->name : "";
            for (int i = 0; i < npolicies; i++) {
                PolServePolicy *p = &policies[i];
                for (int k = 0; k < p->nwatched; k++) {
                    const WatchedFile *w = &p->watched[k];
                    bool self = (e->mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED)) != 0;
                    if (w->wd == e->wd && (self || strcmp(w->base, name) == 0 || relevant_name(name))) {
                        mark_dirty(p, now + settle);
                        break;
                    }
                }
            }
        }
    }
}

static void *loader_main(void *arg)
{
    (void)arg;
    for (;;) {
        double now = pol_serve_now();
        double next = now + 1.0;
        for (int i = 0; i < npolicies; i++) {
            if (policies[i].dirty && policies[i].due < next)
                next = policies[i].due;
            if (policies[i].retired && now + 0.1 < next)
                next = now + 0.1;
        }
        int timeout = next > now ? (int)((next - now) * 1000) + 1 : 0;
        struct pollfd fds[2] = {{wake_fd, POLLIN, 0}, {inotify_fd, POLLIN, 0}};
        int ready = poll(fds, inotify_fd >= 0 ? 2 : 1, timeout);
        if (ready < 0 && errno != EINTR)
            break;
        now = pol_serve_now();
        if (ready > 0 && (fds[0].revents & POLLIN)) {
            uint64_t count;
            if (read(wake_fd, &count, sizeof count) < 0 && errno != EAGAIN)
                break;
        }
        if (atomic_load(&stop_requested))
            break;
        if (atomic_exchange(&reload_all_requested, false))
            for (int i = 0; i < npolicies; i++)
                mark_dirty(&policies[i], now);
        if (ready > 0 && inotify_fd >= 0 && (fds[1].revents & POLLIN))
            read_events(now);
        /* a retired version no request holds any more: let it go */
        bool freed = false;
        for (int i = 0; i < npolicies; i++) {
            PolServePolicy *p = &policies[i];
            if (p->retired && atomic_load(&p->retired->holders) == 0) {
                p->retired = NULL;
                freed = true;
            }
        }
        scrub_stack();
        if (freed)
            collect();
        else
            GC_invoke_finalizers();
        for (int i = 0; i < npolicies; i++) {
            PolServePolicy *p = &policies[i];
            if (!p->dirty || p->due > now)
                continue;
            p->dirty = false;
            scrub_stack();
            if (load_policy(p, "changed") == RETRY)
                mark_dirty(p, now + RETRY_SECONDS);
        }
    }
    return NULL;
}

void pol_serve_policies_init(const char *const *paths, const char *const *names, int n, PolLang lang,
                             const char *stdlib_dir)
{
    language = lang;
    stdlib = stdlib_dir;
    npolicies = n;
    policies = GC_MALLOC((size_t)n * sizeof *policies);
    for (int i = 0; i < n; i++) {
        policies[i].name = names[i];
        policies[i].path = paths[i];
        policies[i].index = i;
    }
}

bool pol_serve_policies_start(double settle_seconds)
{
    GC_set_finalize_on_demand(1);
    settle = settle_seconds;
    inotify_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (inotify_fd < 0) {
        PolBuf line = pol_serve_log_begin("warning");
        pol_serve_log_text(&line, "message", "inotify is not available: edits are seen only on SIGHUP");
        pol_serve_log_text(&line, "error", strerror(errno));
        pol_serve_log_end(&line);
    }
    wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    for (int i = 0; i < npolicies; i++)
        load_policy(&policies[i], "start");
    if (wake_fd < 0)
        return false;
    int e = GC_pthread_create(&loader, NULL, loader_main, NULL);
    if (e != 0) {
        PolBuf line = pol_serve_log_begin("error");
        pol_serve_log_text(&line, "message", "cannot start the loader thread");
        pol_serve_log_text(&line, "error", strerror(e));
        pol_serve_log_end(&line);
        return false;
    }
    loader_running = true;
    return true;
}

void pol_serve_policies_reload_all(void)
{
    atomic_store(&reload_all_requested, true);
    uint64_t one = 1;
    if (wake_fd >= 0 && write(wake_fd, &one, sizeof one) < 0) {
        /* the counter is full: the loader is awake anyway */
    }
}

void pol_serve_policies_stop(void)
{
    if (!loader_running)
        return;
    atomic_store(&stop_requested, true);
    uint64_t one = 1;
    if (write(wake_fd, &one, sizeof one) < 0) {
        /* as above */
    }
    GC_pthread_join(loader, NULL);
    loader_running = false;
}
