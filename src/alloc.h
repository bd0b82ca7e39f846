/*
 * alloc.h — memory for the whole library: collected blocks (Boehm GC), and
 * what happens when there is no more.
 */
#ifndef POL_ALLOC_H
#define POL_ALLOC_H

#include <stddef.h>

/* The array arr of count items of size bytes each, with room for one more:
 * arr itself or a bigger copy. An array grown only by this function (from
 * NULL and count 0) doubles when count reaches a power of two, so that
 * appending n items copies about 2n of them, not n²/2 (a policy may
 * declare a hundred thousand members or rules). */
void *pol_grow(void *arr, size_t count, size_t size);

/* Out of memory. A failed allocation is not something a caller can mend
 * half-way through a walk of a tree or an evaluation, so the library does
 * not return it through every call: the collector (GC_set_oom_fn), the
 * arena and pol_malloc report it to one handler, which the program that
 * uses the library installs and which does not return (polrun's prints
 * E0719 and ends with status 1). With no handler, a failed allocation is
 * NULL, as the collector gives it. bytes: the size that could not be had. */
typedef void PolOutOfMemory(size_t bytes);
void pol_alloc_on_oom(PolOutOfMemory *fn);

/* Reports that bytes could not be had (the handler does not return);
 * returns only when no handler is installed. */
void pol_out_of_memory(size_t bytes);

/* malloc(n), reported to the handler when it fails (jansson's allocator). */
void *pol_malloc(size_t n);

/* Output that must be written whole (batch's blocks of whole lines):
 * while one thread is between pol_oom_hold and pol_oom_release, a thread
 * that runs out of memory waits for it before it calls the handler, so
 * that the output ends at a line boundary whichever thread ran out.
 * Nothing between the two may allocate. */
void pol_oom_hold(void);
void pol_oom_release(void);

#endif
