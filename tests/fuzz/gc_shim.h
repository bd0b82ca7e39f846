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
 *
 * Out of memory on purpose (pol_shim_fail_at): the Nth GC_* allocation
 * calls the collector's out-of-memory function instead, as GC_malloc does
 * when it finds no room, and polrun's handler (alloc.h) does not return:
 * the harness takes over there, where polrun would have exited. What the
 * abandoned run held is freed then: its GC_* blocks with the input's, and
 * its malloc'd blocks, which are listed too (malloc, realloc and free of
 * the code built with this header are the shim's; other blocks, libc's own,
 * are freed as they are).
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
/* Makes the nth GC_* allocation from now, of any thread, fail (0: none):
 * the collector's out-of-memory function is called with its size, and the
 * allocation aborts if that returns. pol_shim_failed: how many have failed
 * since the last pol_shim_fail_at. */
void pol_shim_fail_at(long n);
long pol_shim_failed(void);
/* How many GC_* allocations were made while armed, since the last
 * pol_shim_fail_at(n > 0) (disarming keeps the count). */
long pol_shim_allocations(void);
/* Frees every block the input being run got from malloc or realloc and
 * still holds: after its run was abandoned (out of memory), before
 * pol_shim_free_all. */
void pol_shim_free_abandoned(void);

#include <stdlib.h>
void *pol_shim_c_malloc(size_t n);
void *pol_shim_c_realloc(void *p, size_t n);
void pol_shim_c_free(void *p);
#define malloc(n) pol_shim_c_malloc(n)
#define realloc(p, n) pol_shim_c_realloc((p), (n))
#define free(p) pol_shim_c_free(p)

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
