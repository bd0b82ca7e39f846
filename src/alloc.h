/*
 * alloc.h — memory for the whole library: collected blocks (Boehm GC).
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

#endif
