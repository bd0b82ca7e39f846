/*
 * hash.c — SipHash-2-4, this process's key, and the table of hash.h.
 */
#include <fcntl.h>
#include <gc.h>
#include <pthread.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>
#include "hash.h"

/* ---- SipHash-2-4 ---- */

#define ROTL(x, b) (((x) << (b)) | ((x) >> (64 - (b))))

static uint64_t load64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

#define SIPROUND(v0, v1, v2, v3)                                               \
    do {                                                                       \
        v0 += v1; v1 = ROTL(v1, 13); v1 ^= v0; v0 = ROTL(v0, 32);              \
        v2 += v3; v3 = ROTL(v3, 16); v3 ^= v2;                                 \
        v0 += v3; v3 = ROTL(v3, 21); v3 ^= v0;                                 \
        v2 += v1; v1 = ROTL(v1, 17); v1 ^= v2; v2 = ROTL(v2, 32);              \
    } while (0)

uint64_t pol_siphash24(const uint8_t key[16], const void *data, size_t len)
{
    const uint8_t *in = data;
    uint64_t k0 = load64(key), k1 = load64(key + 8);
    uint64_t v0 = k0 ^ 0x736f6d6570736575ull, v1 = k1 ^ 0x646f72616e646f6dull;
    uint64_t v2 = k0 ^ 0x6c7967656e657261ull, v3 = k1 ^ 0x7465646279746573ull;
    const uint8_t *end = in + (len & ~(size_t)7);
    for (; in != end; in += 8) {
        uint64_t m = load64(in);
        v3 ^= m;
        SIPROUND(v0, v1, v2, v3);
        SIPROUND(v0, v1, v2, v3);
        v0 ^= m;
    }
    /* the last 0 to 7 bytes, and the length's low byte on top */
    uint64_t b = (uint64_t)len << 56;
    for (size_t i = 0; i < (len & 7); i++)
        b |= (uint64_t)in[i] << (8 * i);
    v3 ^= b;
    SIPROUND(v0, v1, v2, v3);
    SIPROUND(v0, v1, v2, v3);
    v0 ^= b;
    v2 ^= 0xff;
    for (int i = 0; i < 4; i++)
        SIPROUND(v0, v1, v2, v3);
    return v0 ^ v1 ^ v2 ^ v3;
}

/* ---- this process's key ---- */

static uint8_t process_key[16];
static pthread_once_t key_once = PTHREAD_ONCE_INIT;

static void draw_key(void)
{
    size_t got = 0;
    while (got < sizeof process_key) {
        ssize_t n = getrandom(process_key + got, sizeof process_key - got, 0);
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    if (got == sizeof process_key)
        return;
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        got = 0;
        while (got < sizeof process_key) {
            ssize_t n = read(fd, process_key + got, sizeof process_key - got);
            if (n <= 0)
                break;
            got += (size_t)n;
        }
        close(fd);
        if (got == sizeof process_key)
            return;
    }
    /* no random source (a sandbox without /dev): what differs between
     * runs, mixed, is still better than a key known in advance */
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t seed[4] = {(uint64_t)ts.tv_sec, (uint64_t)ts.tv_nsec, (uint64_t)getpid(), (uint64_t)(uintptr_t)&ts};
    uint8_t zero[16] = {0};
    uint64_t a = pol_siphash24(zero, seed, sizeof seed);
    seed[0] ^= a;
    uint64_t b = pol_siphash24(zero, seed, sizeof seed);
    memcpy(process_key, &a, 8);
    memcpy(process_key + 8, &b, 8);
}

uint64_t pol_hash_name(const char *name, size_t len)
{
    pthread_once(&key_once, draw_key);
    return pol_siphash24(process_key, name, len);
}

/* ---- the table ---- */

struct PolNameSlot {
    const char *name;       /* NULL: free */
    size_t len;
    int value;
};

/* The slot of the name: where it is, or the free slot where it would go. */
static PolNameSlot *find_slot(const PolNameTable *t, const char *name, size_t len, uint64_t h)
{
    size_t mask = (size_t)t->cap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        PolNameSlot *s = &t->slots[i];
        if (!s->name || (s->len == len && memcmp(s->name, name, len) == 0))
            return s;
    }
}

int pol_names_get(const PolNameTable *t, const char *name, size_t len)
{
    if (!t->count)
        return -1;
    const PolNameSlot *s = find_slot(t, name, len, pol_hash_name(name, len));
    return s->name ? s->value : -1;
}

int pol_names_longest_probe(const PolNameTable *t)
{
    int longest = 0;
    size_t mask = (size_t)t->cap - 1;
    for (int i = 0; i < t->cap; i++)
        if (t->slots[i].name) {
            size_t home = (size_t)pol_hash_name(t->slots[i].name, t->slots[i].len) & mask;
            int d = (int)(((size_t)i - home) & mask);
            if (d > longest)
                longest = d;
        }
    return longest;
}

int pol_names_put(PolNameTable *t, const char *name, size_t len, int value)
{
    if (2 * (t->count + 1) > t->cap) {   /* at most half full: probes stay short */
        PolNameTable bigger = {NULL, t->cap ? 2 * t->cap : 16, 0};
        bigger.slots = GC_MALLOC((size_t)bigger.cap * sizeof *bigger.slots);
        for (int i = 0; i < t->cap; i++)
            if (t->slots[i].name)
                *find_slot(&bigger, t->slots[i].name, t->slots[i].len,
                           pol_hash_name(t->slots[i].name, t->slots[i].len)) = t->slots[i];
        bigger.count = t->count;
        *t = bigger;
    }
    PolNameSlot *s = find_slot(t, name, len, pol_hash_name(name, len));
    if (s->name)
        return s->value;
    *s = (PolNameSlot){name, len, value};
    t->count++;
    return -1;
}
