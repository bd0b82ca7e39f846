/*
 * gc_shim.h — the collector replaced by plain malloc, for the fuzzing build.
 *
 * Force-included (-include tests/fuzz/gc_shim.h) into every file of the
 * fuzzing build (build-fuzz). AddressSanitizer cannot see inside the
 * collector's heap: an overflow of a GC_MALLOC'd array would go unnoticed.
 * Here every GC_* allocation is its own malloc block with redzones, listed,
 * and all of those made while a harness runs one input are freed when it
 * ends (pol_shim_free_all), so a use after that, an overflow or a double
 * free is reported. Blocks allocated during LLVMFuzzerInitialize (a policy
 * compiled once) are permanent.
 */
#ifndef POL_GC_SHIM_H
#define POL_GC_SHIM_H

#define GC_THREADS
#include <gc/gc.h>
#include <stddef.h>

void *pol_shim_malloc(size_t n, int zero);
void *pol_shim_realloc(void *p, size_t n);
void pol_shim_free(void *p);
char *pol_shim_strdup(const char *s);
char *pol_shim_strndup(const char *s, size_t n);
/* Frees every block allocated since the last call (or since permanent
 * allocation ended). */
void pol_shim_free_all(void);
/* While on, blocks are not listed and never freed. */
void pol_shim_permanent(int on);

#undef GC_MALLOC
#undef GC_MALLOC_ATOMIC
#undef GC_MALLOC_UNCOLLECTABLE
#undef GC_REALLOC
#undef GC_FREE
#undef GC_STRDUP
#undef GC_STRNDUP
#define GC_MALLOC(n) pol_shim_malloc((n), 1)
#define GC_MALLOC_ATOMIC(n) pol_shim_malloc((n), 0)
#define GC_MALLOC_UNCOLLECTABLE(n) pol_shim_malloc((n), 1)
#define GC_REALLOC(p, n) pol_shim_realloc((p), (n))
#define GC_FREE(p) pol_shim_free(p)
#define GC_STRDUP(s) pol_shim_strdup(s)
#define GC_STRNDUP(s, n) pol_shim_strndup((s), (n))

#endif
