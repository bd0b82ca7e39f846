/*
 * fuzz_polc.c — harness 4: a .polc file → verify → run.
 *
 * The input is a compiled policy file. Its length and checksum fields are
 * recomputed first (when it starts with the magic number), so that a
 * mutated file reaches the reader and the verifier instead of stopping at
 * the checksum. A file that is accepted is disassembled, decides facts
 * built from its declaration in every explanation mode, and its bytes
 * written again must be accepted again.
 */
#include <gc.h>
#include <stdio.h>
#include <string.h>
#include "fuzz.h"
#include "disasm.h"
#include "polc.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    fuzz_init((*argv)[0]);
    fuzz_init_done();
    return 0;
}

static void put_u32(uint8_t *b, uint32_t v)
{
    b[0] = (uint8_t)v;
    b[1] = (uint8_t)(v >> 8);
    b[2] = (uint8_t)(v >> 16);
    b[3] = (uint8_t)(v >> 24);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_begin();
    uint8_t *b = GC_MALLOC_ATOMIC(size + 1);
    memcpy(b, data, size);
    if (size >= 14 && memcmp(b, "POLC", 4) == 0) {
        uint32_t h = 2166136261u;
        for (size_t i = 14; i < size; i++) {
            h ^= b[i];
            h *= 16777619u;
        }
        put_u32(b + 6, (uint32_t)(size - 14));
        put_u32(b + 10, h);
    }
    FUZZ_OOM_OR_RETURN(data, size, (void)0);
    PolProgram *p = pol_polc_read_bytes(b, size, "input.polc", &fuzz_ds);
    if (!p) {
        FUZZ_CHECK(fuzz_ds.count && fuzz_ds.items[fuzz_ds.count - 1]->message[0], "refused without a message");
        fuzz_end();
        return 0;
    }
    pol_disasm(p, fuzz_null);
    PolDecider *d = pol_decider_new(p);
    int32_t date = p->force_from;
    int32_t lo, hi;
    pol_date_from_ymd(1, 1, 1, &lo);
    pol_date_from_ymd(9999, 12, 31, &hi);
    if (date < lo || date > hi)
        pol_date_from_ymd(2025, 6, 30, &date);
    for (int variant = 0; variant < 3; variant++) {
        PolBuf facts = {0};
        fuzz_facts_for(p, variant, &facts);
        fuzz_decide(d, facts.data, facts.len, date, true);
    }
    size_t len;
    const uint8_t *again = pol_polc_encode(p, &len);
    FUZZ_CHECK(pol_polc_read_bytes(again, len, "again.polc", &fuzz_ds), "an accepted file written again is refused: %s",
               fuzz_ds.count ? fuzz_ds.items[fuzz_ds.count - 1]->message : "");
    fuzz_end();
    return 0;
}
