/*
 * fuzz_program.c — harness 2: policy source → compile → run on fixed facts.
 *
 * A policy that checks is compiled and disassembled; its .polc bytes are
 * read back and must pass verification (the verifier refuses nothing the
 * compiler makes). Facts built from its declaration (three variants, see
 * fuzz_facts_for) are decided by both programs, in every explanation
 * mode, at its first day in force and at the facts' own date: the
 * decisions must be valid JSON and the same from source and from .polc.
 * A policy that checks is in force on one day at least.
 */
#include <stdio.h>
#include <string.h>
#include "fuzz.h"
#include "compile.h"
#include "disasm.h"
#include "polc.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    fuzz_init((*argv)[0]);
    fuzz_init_done();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_begin();
    FUZZ_OOM_OR_RETURN(data, size, (void)0);
    PolChecked *checked = fuzz_check_text(data, size);
    PolProgram *p = checked ? pol_compile(checked, &fuzz_ds) : NULL;
    if (!p) {
        fuzz_end();
        return 0;
    }
    FUZZ_CHECK(p->force_last >= p->force_from, "the policy checks but is never in force (%d to %d)", (int)p->force_from,
               (int)p->force_last);
    pol_disasm(p, fuzz_null);
    size_t len;
    const uint8_t *bytes = pol_polc_encode(p, &len);
    PolProgram *q = pol_polc_read_bytes(bytes, len, "input.polc", &fuzz_ds);
    FUZZ_CHECK(q, "the compiled policy does not verify: %s", fuzz_ds.count ? fuzz_ds.items[fuzz_ds.count - 1]->message : "");
    PolDecider *ep = pol_decider_new(p), *eq = pol_decider_new(q);
    int32_t date = p->force_from;
    int32_t lo, hi;
    pol_date_from_ymd(1, 1, 1, &lo);
    pol_date_from_ymd(9999, 12, 31, &hi);
    if (date < lo || date > hi)
        pol_date_from_ymd(2025, 6, 30, &date);
    for (int variant = 0; variant < 3; variant++) {
        PolBuf facts = {0};
        fuzz_facts_for(p, variant, &facts);
        for (int own_date = 0; own_date < 2; own_date++) {
            const char *a = fuzz_decide(ep, facts.data, facts.len, date, !own_date);
            const char *b = fuzz_decide(eq, facts.data, facts.len, date, !own_date);
            FUZZ_CHECK((a == NULL) == (b == NULL), "source and .polc disagree: %s / %s", a ? a : "error", b ? b : "error");
            FUZZ_CHECK(!a || strcmp(a, b) == 0, "source and .polc decide differently:\n%s\n%s", a, b);
        }
    }
    fuzz_end();
    return 0;
}
