/*
 * decide.h — one applicant end to end: facts text → decoded facts →
 * evaluation → the decision written. `run`, `batch` and `test` all decide
 * through here, so that they cannot disagree.
 */
#ifndef POL_DECIDE_H
#define POL_DECIDE_H

#include <stdbool.h>
#include "arena.h"
#include "decision.h"
#include "diag.h"
#include "facts.h"
#include "vm.h"

/* Why an applicant was not decided. */
typedef struct PolDecideError {
    bool bad_facts;            /* the facts were refused; else the policy failed on them (or polrun did) */
    PolDiag diag;              /* facts: code E09xx, JSON path, line and column; policy: code E08xx,
                                  span, help, a note at the other rule of a conflict */
    const char *path;          /* as batch's error line gives it: the JSON path, "$" for a policy error */
    const char *message;       /* ... and the message: "file:line:col: error[E0801]: ..." for a policy error */
    const PolText *id;         /* the applicant's id when it could be read, else NULL */
} PolDecideError;

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
    PolLang lang;              /* of errors and of the text explanation */
    PolArena *arena;           /* where the facts are decoded (reset by the caller); NULL: the collected heap */
} PolDecideOptions;

/* A decider for p (GC heap): make one per thread, for as many applicants
 * as it likes; p is shared. */
PolDecider *pol_decider_new(const PolProgram *p);
/* Decides the applicant whose facts are json[0..len) and leaves the
 * results in d->ev (its measures, its facts, its date) until the next
 * call; o->format is not used. False with *err filled when it could not. */
bool pol_decide_eval(PolDecider *d, const char *json, size_t len, const PolDecideOptions *o, PolDecideError *err);
/* Decides the applicant whose facts are json[0..len): on success appends
 * the decision to out and returns true; else false with *err filled. */
bool pol_decide(PolDecider *d, const char *json, size_t len, const PolDecideOptions *o, PolBuf *out,
                PolDecideError *err);

#endif
