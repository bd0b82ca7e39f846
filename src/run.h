/*
 * run.h — one applicant end to end: facts text → decoded facts → evaluation
 * → decision JSON. Shared by `run`, `batch` and `test` so that they cannot
 * disagree.
 */
#ifndef POL_RUN_H
#define POL_RUN_H

#include "decision.h"
#include "facts.h"
#include "vm.h"

enum { POL_EXIT_OK = 0, POL_EXIT_POLICY = 1, POL_EXIT_USAGE = 2, POL_EXIT_FACTS = 3 };

typedef struct PolRunResult {
    int exit;                  /* POL_EXIT_* */
    PolDiagCode code;          /* E09xx bad facts, E08xx runtime error (POL_NO_CODE: internal) */
    char path[512];            /* bad facts: JSON path; policy error: "$" */
    char message[1024];        /* in the current language, without the code (bad facts) */
    const PolText *id;         /* the applicant's id when it could be read */
} PolRunResult;

/* Evaluates one applicant. date_override < 0 means "use the facts' date".
 * On success appends the decision to out and returns true. */
bool pol_run_facts(PolEval *ev, const char *json, size_t len, int32_t date_override, bool have_date,
                   PolExplain explain, bool pretty, PolBuf *out, PolRunResult *res);
/* Prints a runtime error of the VM as a diagnostic pointing into the policy,
 * with its code. */
void pol_report_vm_error(const PolEval *ev);
/* "file:line:col: error[E0801]: message" of a VM error, in the current
 * language (an internal error has no code), for batch error lines. */
const char *pol_vm_error_text(const PolEval *ev);

/* `polrun test`: replays case files, prints diffs and the closing count.
 * Returns the number of failed cases. */
int pol_test_cases(const PolProgram *p, char **paths, int n, bool update);

#endif
