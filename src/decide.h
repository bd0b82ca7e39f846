/*
 * decide.h — one applicant end to end: facts text → decoded facts →
 * evaluation → the decision written. `run`, `batch` and `test` all decide
 * through here, so that they cannot disagree.
 */
#ifndef POL_DECIDE_H
#define POL_DECIDE_H

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

/* What deciding needs for a program, for one thread at a time: an
 * evaluator, and the layout of the program's decisions (shared). */
typedef struct PolDecider {
    PolEval *ev;
    const PolDecisionLayout *layout;
} PolDecider;

typedef struct PolDecideOptions {
    int32_t date;              /* the evaluation date when have_date, else the facts' `as of` member */
    bool have_date;
    PolDecisionFormat format;  /* JSON pretty or on one line, or a CSV row */
    PolExplain explain;        /* JSON: with the explanation; text: after a pretty decision */
} PolDecideOptions;

/* A decider for p (GC heap). */
PolDecider *pol_decider_new(const PolProgram *p);
/* Decides the applicant whose facts are json[0..len): on success appends
 * the decision to out and returns true; else false with *res filled (and
 * d->ev->error for a runtime error of the policy). */
bool pol_decide(PolDecider *d, const char *json, size_t len, const PolDecideOptions *o, PolBuf *out,
                PolRunResult *res);
/* Prints a runtime error of the VM as a diagnostic pointing into the policy,
 * with its code. */
void pol_report_vm_error(const PolEval *ev);
/* "file:line:col: error[E0801]: message" of a VM error, in the current
 * language (an internal error has no code), for batch error lines. */
const char *pol_vm_error_text(const PolEval *ev);

#endif
