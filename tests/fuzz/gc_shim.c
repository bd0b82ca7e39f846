/*
 * gc_shim.c — see gc_shim.h.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "gc_shim.h"
#undef malloc     /* (the shim's own blocks are libc's) */
#undef realloc
#undef free

/* The shim is the fuzzing build's allocator, as libc's malloc is the
 * other builds': its branches and comparisons tell nothing about polrun,
 * and it runs for every allocation, so libFuzzer's coverage leaves it out
 * (uninstrumented, like libc). */
#ifdef __clang__
#pragma clang attribute push(__attribute__((no_sanitize("coverage"))), apply_to = function)
#endif

#ifndef __has_feature
#define __has_feature(x) 0
#endif
#if __has_feature(address_sanitizer) || defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#else
#define ASAN_POISON_MEMORY_REGION(p, n) ((void)(p), (void)(n))
#define ASAN_UNPOISON_MEMORY_REGION(p, n) ((void)(p), (void)(n))
#endif

typedef struct Block {
    struct Block *prev, *next;
    size_t size;
    int listed;
    int magic;
    char *map;                /* a big block: its own mapping (else NULL) */
    size_t maplen;
} Block;

#define MAGIC 0x5047c0de
#define HDR ((sizeof(Block) + 15) & ~(size_t)15)

static Block head = {&head, &head, 0, 0, 0, NULL, 0};   /* freed by pol_shim_free_all */
static Block perm = {&perm, &perm, 0, 0, 0, NULL, 0};   /* kept (and reachable, for LeakSanitizer) */
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static int permanent;

void pol_shim_permanent(int on) { permanent = on; }

/* ------------------------------------------------- failures on purpose */

static long fail_at, allocations, failed;   /* allocations: since armed */

void pol_shim_fail_at(long n)
{
    if (n > 0) {   /* (disarmed, the count stays readable) */
        __atomic_store_n(&allocations, 0, __ATOMIC_SEQ_CST);
        __atomic_store_n(&failed, 0, __ATOMIC_SEQ_CST);
    }
    __atomic_store_n(&fail_at, n, __ATOMIC_SEQ_CST);
}

long pol_shim_failed(void) { return __atomic_load_n(&failed, __ATOMIC_SEQ_CST); }

long pol_shim_allocations(void) { return __atomic_load_n(&allocations, __ATOMIC_SEQ_CST); }

/* Whether this allocation is the one to fail; if so the collector's
 * out-of-memory function has been called and returned (no handler) */
static void maybe_fail(size_t n)
{
    long at = __atomic_load_n(&fail_at, __ATOMIC_RELAXED);
    if (at <= 0 || __atomic_add_fetch(&allocations, 1, __ATOMIC_SEQ_CST) != at)
        return;
    __atomic_add_fetch(&failed, 1, __ATOMIC_SEQ_CST);
    GC_get_oom_fn()(n);
    abort();   /* the library would have been given NULL */
}

/* ------------------------------------- malloc'd blocks, listed by input */

/* An open-addressing set of the blocks, with the input each was got in
 * (0: while permanent). The addresses are kept disguised (HIDE), so that
 * LeakSanitizer does not take the set for a reference: a block the
 * library forgets to free is still reported. */
typedef struct Held { uintptr_t p; long input; } Held;
#define HIDE(p) ((uintptr_t)(p) ^ (uintptr_t)0x5a5a5a5a5a5a5a5aull)   /* never 0 or 1: blocks are aligned */
#define GONE ((uintptr_t)1)
static Held *held;
static size_t held_cap, held_used;   /* used: live and gone slots */
static long input_no = 1;

static size_t slot_of(uintptr_t p)
{
    uintptr_t h = p >> 4;
    h ^= h >> 17;
    h *= 0x9E3779B97F4A7C15u;
    return (size_t)(h >> 20) & (held_cap - 1);
}

static void hold_add(uintptr_t p, long input)   /* under mu; p hidden */
{
    if (2 * (held_used + 1) > held_cap) {
        Held *old = held;
        size_t n = held_cap;
        held_cap = held_cap ? held_cap * 2 : 1024;
        held = calloc(held_cap, sizeof *held);
        if (!held)
            abort();
        held_used = 0;
        for (size_t i = 0; i < n; i++)
            if (old[i].p && old[i].p != GONE)
                hold_add(old[i].p, old[i].input);
        free(old);
    }
    size_t i = slot_of(p);
    while (held[i].p && held[i].p != GONE)
        i = (i + 1) & (held_cap - 1);
    if (!held[i].p)
        held_used++;
    held[i] = (Held){p, input};
}

static void hold_remove(uintptr_t p)   /* under mu; p hidden; not listed: nothing */
{
    if (!held_cap)
        return;
    for (size_t i = slot_of(p); held[i].p; i = (i + 1) & (held_cap - 1))
        if (held[i].p == p) {
            held[i].p = GONE;
            return;
        }
}

/* under mu: the block was p, it is q (hidden; p maybe q) */
static void hold_move(uintptr_t p, uintptr_t q, long input)
{
    hold_remove(p);
    hold_add(q, input);
}

void *pol_shim_c_malloc(size_t n)
{
    void *p = malloc(n);
    if (p) {
        pthread_mutex_lock(&mu);
        hold_add(HIDE(p), permanent ? 0 : input_no);
        pthread_mutex_unlock(&mu);
    }
    return p;
}

/* (the old address is a key of the set, never read through) */
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 12
#pragma GCC diagnostic ignored "-Wuse-after-free"
#endif
void *pol_shim_c_realloc(void *p, size_t n)
{
    if (!p)
        return pol_shim_c_malloc(n);
    void *q = realloc(p, n);
    if (q) {
        pthread_mutex_lock(&mu);
        hold_move(HIDE(p), HIDE(q), permanent ? 0 : input_no);
        pthread_mutex_unlock(&mu);
    }
    return q;
}

void pol_shim_c_free(void *p)
{
    if (p) {
        pthread_mutex_lock(&mu);
        hold_remove(HIDE(p));
        pthread_mutex_unlock(&mu);
    }
    free(p);
}

void pol_shim_free_abandoned(void)
{
    pthread_mutex_lock(&mu);
    for (size_t i = 0; i < held_cap; i++)
        if (held[i].p && held[i].p != GONE && held[i].input == input_no) {
            free((void *)HIDE(held[i].p));
            held[i].p = GONE;
        }
    pthread_mutex_unlock(&mu);
}

static void *link_block(Block *b, size_t n, int listed)
{
    b->size = n;
    b->magic = MAGIC;
    pthread_mutex_lock(&mu);
    b->listed = listed;
    Block *list = listed ? &head : &perm;
    b->next = list->next;
    b->prev = list;
    list->next->prev = b;
    list->next = b;
    pthread_mutex_unlock(&mu);
    return (char *)b + HDR;
}

static Block *unlink_block(void *p)
{
    Block *b = (Block *)((char *)p - HDR);
    if (b->magic != MAGIC)
        abort();
    pthread_mutex_lock(&mu);
    b->prev->next = b->next;
    b->next->prev = b->prev;
    pthread_mutex_unlock(&mu);
    return b;
}

/* Big blocks (the VM's value stack of 3 MB, batch's block buffers of 256
 * and 512 KiB) get a mapping of their own, the block at its end and a
 * page without access on either side, so that an overflow is a fault at
 * once. When an input ends they are kept for the next one rather than
 * unmapped, poisoned for AddressSanitizer meanwhile, so that a use after
 * the input is still reported. A block handed out cleared is cleared by
 * the kernel (MADV_DONTNEED), page by page as it is touched: the VM uses
 * a few hundred bytes of its stack, and clearing all of it for every
 * input (a memset of 3 MB, its page faults) cost more than the input. */
#define BIG ((size_t)128 << 10)
#define NCACHE 32
static struct { char *map; size_t len; } cache[NCACHE];   /* (the blocks in them are poisoned) */
static size_t page;

static Block *place(char *map, size_t maplen, size_t n)
{
    char *end = map + maplen - page;                       /* the guard page after */
    char *user = (char *)((uintptr_t)(end - n) & ~(uintptr_t)15);
    Block *b = (Block *)(user - HDR);
    b->map = map;
    b->maplen = maplen;
    return b;
}

static Block *big_block(size_t n, int zero)
{
    size_t need = HDR + n + 16;
    pthread_mutex_lock(&mu);
    if (!page)
        page = (size_t)sysconf(_SC_PAGESIZE);
    for (int i = 0; i < NCACHE; i++) {
        size_t room = cache[i].map ? cache[i].len - 2 * page : 0;
        if (room >= need && room / 2 <= need) {
            char *map = cache[i].map;
            size_t maplen = cache[i].len;
            cache[i].map = NULL;
            pthread_mutex_unlock(&mu);
            ASAN_UNPOISON_MEMORY_REGION(map + page, maplen - 2 * page);
            if (zero && madvise(map + page, maplen - 2 * page, MADV_DONTNEED) != 0)
                abort();
            return place(map, maplen, n);
        }
    }
    pthread_mutex_unlock(&mu);
    size_t maplen = ((need + page - 1) & ~(page - 1)) + 2 * page;
    char *map = mmap(NULL, maplen, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (map == MAP_FAILED || mprotect(map, page, PROT_NONE) != 0 || mprotect(map + maplen - page, page, PROT_NONE) != 0)
        abort();
    return place(map, maplen, n);
}

/* A big block no longer used: kept, poisoned, for the next input */
static void big_release(Block *b)
{
    b->magic = 0;
    char *map = b->map;
    size_t maplen = b->maplen;
    ASAN_POISON_MEMORY_REGION(map + page, maplen - 2 * page);
    pthread_mutex_lock(&mu);
    for (int i = 0; i < NCACHE; i++)
        if (!cache[i].map) {
            cache[i].map = map;
            cache[i].len = maplen;
            pthread_mutex_unlock(&mu);
            return;
        }
    pthread_mutex_unlock(&mu);
    ASAN_UNPOISON_MEMORY_REGION(map + page, maplen - 2 * page);
    munmap(map, maplen);
}

static void release(Block *b)
{
    if (b->map) {
        big_release(b);
    } else {
        b->magic = 0;
        free(b);
    }
}

void *pol_shim_malloc(size_t n, int zero)
{
    maybe_fail(n);
    Block *b;
    if (n >= BIG) {
        b = big_block(n, zero);
    } else {
        b = zero ? calloc(1, HDR + n) : malloc(HDR + n);
        if (!b)
            abort();
        b->map = NULL;
    }
    return link_block(b, n, !permanent);
}

void *pol_shim_realloc(void *p, size_t n)
{
    if (!p)
        return pol_shim_malloc(n, 0);
    maybe_fail(n);
    Block *b = unlink_block(p);
    int listed = b->listed;
    if (b->map || n >= BIG) {   /* to or from a mapping of its own: copied */
        Block *nb = n >= BIG ? big_block(n, 0) : malloc(HDR + n);
        if (!nb)
            abort();
        if (n < BIG)
            nb->map = NULL;
        memcpy((char *)nb + HDR, p, b->size < n ? b->size : n);
        release(b);
        return link_block(nb, n, listed);
    }
    Block *nb = realloc(b, HDR + n);
    if (!nb)
        abort();
    return link_block(nb, n, listed);
}

void pol_shim_free(void *p)
{
    if (p)
        release(unlink_block(p));
}

char *pol_shim_strdup(const char *s)
{
    size_t n = strlen(s);
    char *d = pol_shim_malloc(n + 1, 0);
    memcpy(d, s, n + 1);
    return d;
}

char *pol_shim_strndup(const char *s, size_t n)
{
    size_t k = strnlen(s, n);
    char *d = pol_shim_malloc(k + 1, 0);
    memcpy(d, s, k);
    d[k] = '\0';
    return d;
}

void pol_shim_free_all(void)
{
    pthread_mutex_lock(&mu);
    input_no++;
    Block *b = head.next;
    head.next = head.prev = &head;
    pthread_mutex_unlock(&mu);
    while (b != &head) {
        Block *next = b->next;
        release(b);
        b = next;
    }
}

#ifdef __clang__
#pragma clang attribute pop
#endif
