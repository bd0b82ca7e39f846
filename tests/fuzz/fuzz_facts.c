/*
 * fuzz_facts.c — harness 3: facts JSON → decode → evaluate with the
 * Changsha policy (policies/changsha-srdi-2025.pol, compiled once).
 *
 * Odd-length inputs are decided at the facts' own date (`as_of`), even ones
 * at 2025-06-30 (--date). Every explanation mode is tried; a decision must
 * be valid JSON, a refusal must have a path, a message and a valid batch
 * error line.
 */
#include <string.h>
#include "fuzz.h"

static PolDecider *decider;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    fuzz_init((*argv)[0]);
    decider = pol_decider_new(fuzz_policy_from_file("policies/changsha-srdi-2025.pol"));
    fuzz_init_done();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_begin();
    fuzz_decider_forget(decider);
    int32_t date;
    pol_date_from_ymd(2025, 6, 30, &date);
    FUZZ_OOM_OR_RETURN(data, size, fuzz_decider_forget(decider));
    fuzz_decide(decider, (const char *)data, size, date, size % 2 == 0);
    fuzz_decider_forget(decider);
    fuzz_end();
    return 0;
}
