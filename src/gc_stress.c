/*
 * gc_stress.c — see gc_stress.h. Empty unless built with -DPOL_GC_STRESS.
 */
#ifdef POL_GC_STRESS
#include <stdlib.h>
#include "gc_stress.h"

static long every = -1;    /* collect before every Nth allocation; 0 never */
static long count;

static void tick(void)
{
    if (every < 0) {       /* the first allocation is made by the main thread */
        const char *s = getenv("POLRUN_GC_STRESS");
        every = s ? atol(s) : 0;
        if (every < 0)
            every = 0;
    }
    if (every > 0 && __atomic_add_fetch(&count, 1, __ATOMIC_RELAXED) % every == 0)
        GC_gcollect();
}

void *pol_gc_stress_malloc(size_t n)
{
    tick();
    return GC_malloc(n);
}

void *pol_gc_stress_malloc_atomic(size_t n)
{
    tick();
    return GC_malloc_atomic(n);
}

void *pol_gc_stress_realloc(void *p, size_t n)
{
    tick();
    return GC_realloc(p, n);
}
#else
typedef int pol_gc_stress_unused;   /* a translation unit must declare something */
#endif
