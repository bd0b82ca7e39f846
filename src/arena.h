/*
 * arena.h — a bump allocator for the facts of one applicant at a time.
 *
 * `polrun batch` decodes a million applicants; allocating each one's
 * records, lists and texts on the collected heap would make the collector
 * run every few thousand applicants. Instead each batch worker owns an
 * arena: the facts of an applicant are decoded into it (contiguously, which
 * the VM also likes), decided, written out, and the arena is reset for the
 * next one. Nothing is freed one by one and nothing is collected.
 *
 * Values in an arena point only to memory of the same arena (or to static
 * data), so the arena itself is plain malloc memory the collector need not
 * scan; they are valid until the next pol_arena_reset.
 */
#ifndef POL_ARENA_H
#define POL_ARENA_H

#include <stddef.h>
#include <string.h>

typedef struct PolArenaChunk PolArenaChunk;

typedef struct PolArena {
    char *cur, *end;             /* free room in the current chunk */
    PolArenaChunk *first;        /* kept across resets */
    PolArenaChunk *extra;        /* chunks added since the last reset */
} PolArena;

#define POL_ARENA_ALIGN ((size_t)16)

/* n bytes (rounded up to POL_ARENA_ALIGN) from a new chunk, when the
 * current one has not room for them; NULL when memory ran out. */
void *pol_arena_grow(PolArena *a, size_t n);

/* n bytes, not zeroed, aligned for any value; NULL when memory ran out.
 * Inline: the facts decoder takes a few for every value. */
static inline void *pol_arena_take(PolArena *a, size_t n)
{
    n = (n + POL_ARENA_ALIGN - 1) & ~(POL_ARENA_ALIGN - 1);
    if ((size_t)(a->end - a->cur) < n)
        return pol_arena_grow(a, n);
    void *p = a->cur;
    a->cur += n;
    return p;
}

/* n bytes, zeroed, aligned for any value; NULL when memory ran out. */
static inline void *pol_arena_alloc(PolArena *a, size_t n)
{
    void *p = pol_arena_take(a, n);
    if (p)
        memset(p, 0, n);
    return p;
}
/* Forgets everything allocated; keeps the first chunk for the next applicant. */
void pol_arena_reset(PolArena *a);
void pol_arena_free(PolArena *a);

#endif
