/*
 * alloc.c — see alloc.h.
 *
 * Built with -DPOL_ALLOC_FAULTS (build/polrun-faults, for tests only) and
 * linked with `-Wl,--wrap=GC_malloc,...`, it also fails the Nth
 * allocation of the collector when POLRUN_FAIL_ALLOC=N is in the
 * environment, as the collector does when memory has run out, so that a
 * test can fail allocation 1, 2, ... of a command and see each end cleanly
 * (tests/memory/run.sh).
 */
#include <gc.h>
#include <pthread.h>
#include <stdlib.h>
#include "alloc.h"

void *pol_grow(void *arr, size_t count, size_t size)
{
    /* the room is implied by count: 4, then the next power of two */
    if (count != 0 && (count < 4 || (count & (count - 1)) != 0))
        return arr;
    size_t room = count ? 2 * count : 4;
    return GC_REALLOC(arr, room * size);
}

/* ------------------------------------------------------------ out of memory */

static PolOutOfMemory *handler;
static pthread_mutex_t hold = PTHREAD_MUTEX_INITIALIZER;
static _Thread_local int holding;

static void *collector_out_of_memory(size_t bytes)
{
    pol_out_of_memory(bytes);
    return NULL;
}

void pol_alloc_on_oom(PolOutOfMemory *fn)
{
    static GC_oom_func collector_default;
    if (!collector_default)
        collector_default = GC_get_oom_fn();
    handler = fn;
    GC_set_oom_fn(fn ? collector_out_of_memory : collector_default);
}

void pol_out_of_memory(size_t bytes)
{
    if (!handler)
        return;
    if (!holding)
        pthread_mutex_lock(&hold);   /* a block being written is written whole; then never released */
    handler(bytes);
}

void *pol_malloc(size_t n)
{
    void *p = malloc(n);
    if (!p && n)
        pol_out_of_memory(n);
    return p;
}

void pol_oom_hold(void)
{
    pthread_mutex_lock(&hold);
    holding = 1;
}

void pol_oom_release(void)
{
    holding = 0;
    pthread_mutex_unlock(&hold);
}

/* ------------------------------------------------------- injected failures */

#ifdef POL_ALLOC_FAULTS
void *__real_GC_malloc(size_t n);
void *__real_GC_malloc_atomic(size_t n);
void *__real_GC_realloc(void *p, size_t n);
char *__real_GC_strdup(const char *s);
void *__wrap_GC_malloc(size_t n);
void *__wrap_GC_malloc_atomic(size_t n);
void *__wrap_GC_realloc(void *p, size_t n);
char *__wrap_GC_strdup(const char *s);

static long fail_at = -1;   /* the allocation to fail, counted from 1; 0 none */
static long count;

/* True when this allocation is the one to fail: the collector's
 * out-of-memory function is called, as GC_malloc does when it finds no room */
static int fails(void)
{
    if (fail_at < 0) {
        const char *s = getenv("POLRUN_FAIL_ALLOC");
        long n = s ? atol(s) : 0;
        fail_at = n > 0 ? n : 0;
    }
    return fail_at > 0 && __atomic_add_fetch(&count, 1, __ATOMIC_RELAXED) == fail_at;
}

void *__wrap_GC_malloc(size_t n)
{
    return fails() ? GC_get_oom_fn()(n) : __real_GC_malloc(n);
}

void *__wrap_GC_malloc_atomic(size_t n)
{
    return fails() ? GC_get_oom_fn()(n) : __real_GC_malloc_atomic(n);
}

void *__wrap_GC_realloc(void *p, size_t n)
{
    return fails() ? GC_get_oom_fn()(n) : __real_GC_realloc(p, n);
}

char *__wrap_GC_strdup(const char *s)
{
    return fails() ? GC_get_oom_fn()(0) : __real_GC_strdup(s);
}
#endif
