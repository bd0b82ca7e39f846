/*
 * mutate.c — every single-byte change of a compiled policy, through the
 * .polc harness (fuzz_polc.c): for each byte of the file, each of a few
 * other values, the file with its checksum recomputed is read, verified
 * and, when accepted, run on facts built from its declaration, in every
 * explanation mode. A crash or a violated property aborts.
 *   build/fuzz/mutate-polc FILE.polc
 * Prints how many of the changed files the loader refused and accepted
 * (an accepted one differs where it cannot matter: a title, a source
 * text, an unused constant, ...). Used by tests/limits/run.sh.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"
#include "polc.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s FILE.polc\n", argv[0]);
        return 2;
    }
    LLVMFuzzerInitialize(&argc, &argv);
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 2;
    }
    static uint8_t buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    uint8_t *copy = malloc(n);
    /* The policy's own source text comes first in the payload: a change
     * there only changes what messages quote, so one byte in 61 of it is
     * enough. Its end: after the count of sources, each one's path and
     * text, both preceded by a u32 length. */
    size_t text_from = 18, text_to = 18;
    if (n >= 18) {
        uint32_t nsrc = (uint32_t)buf[14] | (uint32_t)buf[15] << 8 | (uint32_t)buf[16] << 16 | (uint32_t)buf[17] << 24;
        size_t at = 18;
        for (uint32_t s = 0; s < 2 * nsrc && s < 512 && at + 4 <= n; s++) {
            uint32_t len = (uint32_t)buf[at] | (uint32_t)buf[at + 1] << 8 | (uint32_t)buf[at + 2] << 16 | (uint32_t)buf[at + 3] << 24;
            at += 4 + (len == UINT32_MAX ? 0 : len);
        }
        text_to = at < n ? at : n;
    }
    long accepted = 0, total = 0;
    for (size_t i = 0; i < n; i++) {
        if (i > text_from && i + 4 < text_to && i % 61 != 0)
            continue;
        const uint8_t values[] = {(uint8_t)(buf[i] ^ 0x01), (uint8_t)(buf[i] ^ 0x80), 0xff};
        for (size_t k = 0; k < sizeof values; k++) {
            if (values[k] == buf[i] || (k == 2 && values[k] == (uint8_t)(buf[i] ^ 0x80)))
                continue;
            memcpy(copy, buf, n);
            copy[i] = values[k];
            /* the harness recomputes the checksum; count what it accepts */
            uint8_t *fixed = malloc(n);
            memcpy(fixed, copy, n);
            if (n >= 14) {
                uint32_t h = 2166136261u;
                for (size_t j = 14; j < n; j++) {
                    h ^= fixed[j];
                    h *= 16777619u;
                }
                uint32_t len = (uint32_t)(n - 14);
                for (int j = 0; j < 4; j++) {
                    fixed[6 + j] = (uint8_t)(len >> (8 * j));
                    fixed[10 + j] = (uint8_t)(h >> (8 * j));
                }
            }
            fuzz_begin();
            accepted += pol_polc_read_bytes(fixed, n, "mutated.polc", &fuzz_ds) != NULL;
            fuzz_end();
            free(fixed);
            LLVMFuzzerTestOneInput(copy, n);
            total++;
        }
    }
    printf("%ld changed files: %ld refused, %ld accepted and run\n", total, total - accepted, accepted);
    free(copy);
    return 0;
}
