/*
 * arena.c — the bump allocator of arena.h.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "alloc.h"
#include "arena.h"

#define CHUNK_BYTES ((size_t)64 << 10)
#define ALIGN POL_ARENA_ALIGN

struct PolArenaChunk {
    PolArenaChunk *next;
    size_t size;
    _Alignas(16) char data[];
};

static PolArenaChunk *new_chunk(size_t size)
{
    PolArenaChunk *c = malloc(sizeof *c + size);
    if (!c) {
        pol_out_of_memory(sizeof *c + size);
        return NULL;
    }
    c->next = NULL;
    c->size = size;
    return c;
}

void *pol_arena_grow(PolArena *a, size_t n)
{
    n = (n + ALIGN - 1) & ~(ALIGN - 1);
    PolArenaChunk *c = new_chunk(n > CHUNK_BYTES ? n : CHUNK_BYTES);
    if (!c)
        return NULL;
    if (!a->first) {
        a->first = c;
    } else {
        c->next = a->extra;
        a->extra = c;
    }
    a->cur = c->data + n;
    a->end = c->data + c->size;
    return c->data;
}

void pol_arena_reset(PolArena *a)
{
    while (a->extra) {
        PolArenaChunk *c = a->extra;
        a->extra = c->next;
        free(c);
    }
    if (a->first) {
        a->cur = a->first->data;
        a->end = a->first->data + a->first->size;
    }
}

void pol_arena_free(PolArena *a)
{
    pol_arena_reset(a);
    free(a->first);
    memset(a, 0, sizeof *a);
}
