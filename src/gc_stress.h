/*
 * gc_stress.h — the collector under stress, for tests (docs/robustness.md).
 *
 * A stress build force-includes this header in every file:
 *     make BUILD=build-san CFLAGS="-DPOL_GC_STRESS -include src/gc_stress.h"
 * (make sanitize does). GC_MALLOC, GC_MALLOC_ATOMIC and GC_REALLOC then
 * count allocations, and with POLRUN_GC_STRESS=N in the environment every
 * Nth one first runs a full collection, as Lua's HARDMEMTESTS does: an
 * object that is still used but reachable only through memory the
 * collector does not scan (malloc'd memory, a hidden pointer) is freed and
 * reused at once, and the tests that run under it fail.
 *
 * In any build, POLRUN_GC_STRESS set (not 0) also makes main() ask the
 * collector to collect whenever it may, rather than when the heap has grown.
 */
#ifndef POL_GC_STRESS_H
#define POL_GC_STRESS_H

#define GC_THREADS
#include <gc/gc.h>
#include <stddef.h>

void *pol_gc_stress_malloc(size_t n);
void *pol_gc_stress_malloc_atomic(size_t n);
void *pol_gc_stress_realloc(void *p, size_t n);

#undef GC_MALLOC
#undef GC_MALLOC_ATOMIC
#undef GC_REALLOC
#define GC_MALLOC(n) pol_gc_stress_malloc(n)
#define GC_MALLOC_ATOMIC(n) pol_gc_stress_malloc_atomic(n)
#define GC_REALLOC(p, n) pol_gc_stress_realloc((p), (n))

#endif
