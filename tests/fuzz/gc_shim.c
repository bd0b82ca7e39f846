/*
 * gc_shim.c — see gc_shim.h.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "gc_shim.h"

typedef struct Block {
    struct Block *prev, *next;
    size_t size;
    int listed;
    int magic;
} Block;

#define MAGIC 0x5047c0de
#define HDR ((sizeof(Block) + 15) & ~(size_t)15)

static Block head = {&head, &head, 0, 0, 0};   /* freed by pol_shim_free_all */
static Block perm = {&perm, &perm, 0, 0, 0};   /* kept (and reachable, for LeakSanitizer) */
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static int permanent;

void pol_shim_permanent(int on) { permanent = on; }

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

/* Big blocks (the VM's value stack is 3 MB) are kept for the next input
 * rather than freed: mapping and clearing fresh pages for each would cost
 * more than the input itself. A use after the end of an input is not
 * caught in them. */
#define BIG ((size_t)1 << 20)
static Block *cache[8];

void *pol_shim_malloc(size_t n, int zero)
{
    if (n >= BIG) {
        pthread_mutex_lock(&mu);
        for (int i = 0; i < 8; i++) {
            Block *b = cache[i];
            if (b && b->size == n) {
                cache[i] = NULL;
                pthread_mutex_unlock(&mu);
                if (zero)
                    memset((char *)b + HDR, 0, n);
                return link_block(b, n, !permanent);
            }
        }
        pthread_mutex_unlock(&mu);
    }
    Block *b = zero ? calloc(1, HDR + n) : malloc(HDR + n);
    if (!b)
        abort();
    return link_block(b, n, !permanent);
}

void *pol_shim_realloc(void *p, size_t n)
{
    if (!p)
        return pol_shim_malloc(n, 0);
    Block *b = unlink_block(p);
    int listed = b->listed;
    Block *nb = realloc(b, HDR + n);
    if (!nb)
        abort();
    return link_block(nb, n, listed);
}

void pol_shim_free(void *p)
{
    if (p) {
        Block *b = unlink_block(p);
        b->magic = 0;
        free(b);
    }
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
    Block *b = head.next;
    head.next = head.prev = &head;
    pthread_mutex_unlock(&mu);
    while (b != &head) {
        Block *next = b->next;
        int kept = 0;
        if (b->size >= BIG)
            for (int i = 0; i < 8 && !kept; i++)
                if (!cache[i]) {
                    cache[i] = b;
                    kept = 1;
                }
        if (!kept) {
            b->magic = 0;
            free(b);
        }
        b = next;
    }
}
