/*
 * test_hash.c — the keyed hash of names and the table by name (hash.h).
 */
#include <criterion/criterion.h>
#include <gc.h>
#include <stdio.h>
#include <string.h>
#include "hash.h"

static void init(void) { GC_INIT(); }

TestSuite(hash, .init = init);

/* The published test vectors of SipHash-2-4 (the reference
 * implementation's vectors.h, the paper's appendix): key 00 01 … 0f, the
 * messages 00, 00 01, … of 0 to 63 bytes. */
static const uint64_t vectors[64] = {
    0x726fdb47dd0e0e31ull, 0x74f839c593dc67fdull, 0x0d6c8009d9a94f5aull, 0x85676696d7fb7e2dull,
    0xcf2794e0277187b7ull, 0x18765564cd99a68dull, 0xcbc9466e58fee3ceull, 0xab0200f58b01d137ull,
    0x93f5f5799a932462ull, 0x9e0082df0ba9e4b0ull, 0x7a5dbbc594ddb9f3ull, 0xf4b32f46226bada7ull,
    0x751e8fbc860ee5fbull, 0x14ea5627c0843d90ull, 0xf723ca908e7af2eeull, 0xa129ca6149be45e5ull,
    0x3f2acc7f57c29bdbull, 0x699ae9f52cbe4794ull, 0x4bc1b3f0968dd39cull, 0xbb6dc91da77961bdull,
    0xbed65cf21aa2ee98ull, 0xd0f2cbb02e3b67c7ull, 0x93536795e3a33e88ull, 0xa80c038ccd5ccec8ull,
    0xb8ad50c6f649af94ull, 0xbce192de8a85b8eaull, 0x17d835b85bbb15f3ull, 0x2f2e6163076bcfadull,
    0xde4daaaca71dc9a5ull, 0xa6a2506687956571ull, 0xad87a3535c49ef28ull, 0x32d892fad841c342ull,
    0x7127512f72f27cceull, 0xa7f32346f95978e3ull, 0x12e0b01abb051238ull, 0x15e034d40fa197aeull,
    0x314dffbe0815a3b4ull, 0x027990f029623981ull, 0xcadcd4e59ef40c4dull, 0x9abfd8766a33735cull,
    0x0e3ea96b5304a7d0ull, 0xad0c42d6fc585992ull, 0x187306c89bc215a9ull, 0xd4a60abcf3792b95ull,
    0xf935451de4f21df2ull, 0xa9538f0419755787ull, 0xdb9acddff56ca510ull, 0xd06c98cd5c0975ebull,
    0xe612a3cb9ecba951ull, 0xc766e62cfcadaf96ull, 0xee64435a9752fe72ull, 0xa192d576b245165aull,
    0x0a8787bf8ecb74b2ull, 0x81b3e73d20b49b6full, 0x7fa8220ba3b2eceaull, 0x245731c13ca42499ull,
    0xb78dbfaf3a8d83bdull, 0xea1ad565322a1a0bull, 0x60e61c23a3795013ull, 0x6606d7e446282b93ull,
    0x6ca4ecb15c5f91e1ull, 0x9f626da15c9625f3ull, 0xe51b38608ef25f57ull, 0x958a324ceb064572ull,
};

Test(hash, siphash24_published_vectors)
{
    uint8_t key[16], msg[64];
    for (int i = 0; i < 16; i++)
        key[i] = (uint8_t)i;
    for (int i = 0; i < 64; i++)
        msg[i] = (uint8_t)i;
    for (int n = 0; n < 64; n++)
        cr_assert_eq(pol_siphash24(key, msg, (size_t)n), vectors[n], "a message of %d bytes", n);
}

Test(hash, names_are_hashed_under_a_key)
{
    /* not SipHash under the zero key, nor under the vectors' key */
    uint8_t zero[16] = {0}, key[16];
    for (int i = 0; i < 16; i++)
        key[i] = (uint8_t)i;
    cr_assert_neq(pol_hash_name("eligible", 8), pol_siphash24(zero, "eligible", 8));
    cr_assert_neq(pol_hash_name("eligible", 8), pol_siphash24(key, "eligible", 8));
    /* the same name, the same hash, within a process */
    cr_assert_eq(pol_hash_name("eligible", 8), pol_hash_name("eligible", 8));
    cr_assert_neq(pol_hash_name("eligible", 8), pol_hash_name("eligible2", 9));
}

Test(hash, table_finds_what_was_put)
{
    PolNameTable t = {0};
    cr_assert_eq(pol_names_get(&t, "a", 1), -1, "an empty table");
    char names[5000][16];
    for (int i = 0; i < 5000; i++) {
        snprintf(names[i], sizeof names[i], "n%d", i);
        cr_assert_eq(pol_names_put(&t, names[i], strlen(names[i]), i), -1);
    }
    cr_assert_eq(t.count, 5000);
    cr_assert_leq(2 * t.count, t.cap, "at most half full");
    for (int i = 0; i < 5000; i++)
        cr_assert_eq(pol_names_get(&t, names[i], strlen(names[i])), i);
    cr_assert_eq(pol_names_get(&t, "n5000", 5), -1);
    cr_assert_eq(pol_names_get(&t, "n1", 1), -1, "a prefix is another name");
    cr_assert_eq(pol_names_get(&t, "n12x", 3), 12, "the length given counts, not a NUL");
    /* a name put again keeps its first index */
    cr_assert_eq(pol_names_put(&t, "n7", 2, 99), 7);
    cr_assert_eq(pol_names_get(&t, "n7", 2), 7);
    cr_assert_eq(t.count, 5000);
    /* names with NUL bytes and the empty name are names like any other */
    cr_assert_eq(pol_names_put(&t, "a\0b", 3, 5001), -1);
    cr_assert_eq(pol_names_get(&t, "a\0c", 3), -1);
    cr_assert_eq(pol_names_get(&t, "a\0b", 3), 5001);
    cr_assert_eq(pol_names_put(&t, "", 0, 5002), -1);
    cr_assert_eq(pol_names_get(&t, "", 0), 5002);
}

static uint32_t fnv1a(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* Names chosen to share one slot under an unkeyed hash (FNV-1a, as the
 * checker had: every lookup then walks all of them) spread out under the
 * keyed one. */
Test(hash, names_chosen_to_collide_spread_out)
{
    enum { N = 2000, BITS = 13 };
    static char names[N][16];
    int n = 0;
    for (unsigned k = 0; n < N; k++) {
        char s[16];
        snprintf(s, sizeof s, "n%x", k);
        if ((fnv1a(s) & ((1u << BITS) - 1)) == 0x155)
            memcpy(names[n++], s, sizeof s);
    }
    PolNameTable t = {0};
    for (int i = 0; i < N; i++)
        cr_assert_eq(pol_names_put(&t, names[i], strlen(names[i]), i), -1);
    cr_assert_leq(t.cap, 1 << BITS, "one FNV-1a slot of this table for them all");
    /* FNV-1a would put the last of them 1999 slots past its own; at most
     * half full, the keyed hash's longest run is tens of slots (its tail
     * falls off exponentially, so 200 is never reached by chance) */
    cr_assert_lt(pol_names_longest_probe(&t), 200, "the longest probe: %d", pol_names_longest_probe(&t));
    for (int i = 0; i < N; i++)
        cr_assert_eq(pol_names_get(&t, names[i], strlen(names[i])), i);
}
