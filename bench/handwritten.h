/*
 * handwritten.h — the Changsha measures (contract §4) written directly in C,
 * for the benchmark only: the speed an interpreter can approach. It reads
 * the same decoded facts as the VM (member positions looked up by name in
 * the policy's facts schema once) and fills one result per measure, in the
 * contract's table order, which is also the policy's.
 */
#ifndef POL_BENCH_HANDWRITTEN_H
#define POL_BENCH_HANDWRITTEN_H

#include <stdbool.h>
#include <stdint.h>
#include "types.h"
#include "value.h"

#define HAND_MEASURES 15

typedef struct HandResult {
    bool granted[HAND_MEASURES];
    bool has_amount[HAND_MEASURES];
    int64_t amount[HAND_MEASURES];   /* fen */
} HandResult;

extern const char *const hand_measure_ids[HAND_MEASURES];

/* Looks up member positions and enum values; false when the schema is not
 * the Changsha one. */
bool hand_init(const PolRecord *facts);
void hand_decide(PolValue facts, int32_t eval_date, HandResult *r);

#endif
