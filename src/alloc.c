/*
 * alloc.c — see alloc.h.
 */
#include <gc.h>
#include "alloc.h"

void *pol_grow(void *arr, size_t count, size_t size)
{
    /* the room is implied by count: 4, then the next power of two */
    if (count != 0 && (count < 4 || (count & (count - 1)) != 0))
        return arr;
    size_t room = count ? 2 * count : 4;
    return GC_REALLOC(arr, room * size);
}
