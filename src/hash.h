/*
 * hash.h — names looked up by a keyed hash.
 *
 * Whoever writes a policy chooses its names, and whoever sends facts
 * chooses their keys. With a hash anyone can compute (FNV-1a, as the
 * checker had), names can be chosen so that they all fall into one slot of
 * a table, and every lookup then walks all of them: 50,000 such names took
 * forty times as long to check as 50,000 others. The hash here is
 * SipHash-2-4 (Aumasson and Bernstein, 2012) under a 128-bit key drawn
 * from the system's random source once per process, so which names collide
 * cannot be known from outside. Nothing polrun writes depends on the key:
 * a table is only ever asked for one name, never walked in slot order.
 */
#ifndef POL_HASH_H
#define POL_HASH_H

#include <stddef.h>
#include <stdint.h>

/* SipHash-2-4 of len bytes under key (16 bytes, k0 then k1 little-endian),
 * as the reference implementation computes it. */
uint64_t pol_siphash24(const uint8_t key[16], const void *data, size_t len);

/* The keyed hash of a name: SipHash-2-4 under this process's key. */
uint64_t pol_hash_name(const char *name, size_t len);

/* A table from names to indexes (0 and up), open addressing with linear
 * probing; it grows by itself and keeps a pointer to each name put in it
 * (the name must outlive the table). Zeroed, it is empty. Its memory is
 * collected. */
typedef struct PolNameSlot PolNameSlot;
typedef struct PolNameTable {
    PolNameSlot *slots;
    int cap;                /* a power of two, 0 while empty */
    int count;
} PolNameTable;

/* The index of the name of len bytes, -1 when the table has no such name. */
int pol_names_get(const PolNameTable *t, const char *name, size_t len);
/* Adds name (len bytes) with index value (≥ 0) unless the table holds it
 * already: -1 when added, else the index of the one held (which is kept). */
int pol_names_put(PolNameTable *t, const char *name, size_t len, int value);
/* How many slots past its own the furthest name lies (0: each is in its
 * own): what a lookup may have to probe, for the tests. */
int pol_names_longest_probe(const PolNameTable *t);

#endif
