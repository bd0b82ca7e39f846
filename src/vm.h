/*
 * vm.h — evaluating a compiled policy for one applicant.
 *
 * A PolEval holds everything one evaluation needs and is reused for the
 * next applicant (pol_eval_run starts afresh): memoised definitions and
 * measures, the value stack, and, when tracing for an explanation, the fact
 * values each condition read. One PolEval per thread; the PolProgram they
 * evaluate is shared and read-only. Nothing here prints: errors are
 * returned in PolVmError and rendered by the caller.
 */
#ifndef POL_VM_H
#define POL_VM_H

#include <stdbool.h>
#include "bytecode.h"
#include "diag.h"

#define POL_VM_STACK 65536
#define POL_VM_MAX_STEPS 10000000L   /* instructions per applicant */
#define POL_VM_MAX_CALLS 200          /* nested definition calls */

typedef enum PolMeasureOutcome {
    POL_MEASURE_NOT_IN_FORCE,   /* the evaluation date is outside the period */
    POL_MEASURE_NOT_APPLICABLE, /* the policy's `applies when` is false */
    POL_MEASURE_REFUSED,        /* a condition failed: failed_cond */
    POL_MEASURE_ZERO,           /* conditions hold, but the amount is zero or less (zero is
                                   granted when the measure is granted at zero) */
    POL_MEASURE_GRANTED
} PolMeasureOutcome;

/* What tracing records, in the order it happened, told apart by `path`:
 *   path >= 0: a fact read, at program string `path`, list index `index`
 *     or -1, its value `value`;
 *   POL_READ_ROUNDING(mode, unit) (-8 to -1): an exact amount `value`
 *     rounded; when the rounding is written in the value of a `sum` over a
 *     list of the facts, `list` is the list's path (a program string) and
 *     `index` the item, else both -1;
 *   POL_READ_BRANCH: branch `index` (program branches) decided a value;
 *   POL_READ_SCALE: scale `index` applied to the base `value`, which fell
 *     in bracket `bracket`.
 * A branch and a scale name in `chunk` the chunk whose value they decided
 * (a definition's, a measure's; for a function, its caller's), so that an
 * explanation shows them with that value only. */
typedef struct PolRead {
    int32_t path;
    int32_t index;
    int32_t list;
    int32_t bracket;
    int32_t chunk;
    PolValue value;
} PolRead;
#define POL_READ_ROUNDING(mode, unit) (-1 - ((int32_t)(mode) + ((unit) == POL_UNIT_YUAN ? 4 : 0)))
#define POL_READ_IS_ROUNDING(path) ((path) < 0 && (path) >= -8)
#define POL_READ_ROUND_MODE(path) ((PolRound)((-1 - (path)) % 4))
#define POL_READ_ROUND_UNIT(path) ((-1 - (path)) >= 4 ? POL_UNIT_YUAN : POL_UNIT_FEN)
#define POL_READ_BRANCH (-9)
#define POL_READ_SCALE (-10)
typedef struct PolCondTrace { bool evaluated, holds; int32_t reads_from, reads_to; } PolCondTrace;

/* What one item of a per-item measure came to. */
typedef struct PolItemResult {
    int32_t index;               /* its position in the list */
    PolMeasureOutcome outcome;   /* REFUSED, ZERO or GRANTED */
    int failed_cond;             /* REFUSED: the first failing condition */
    bool has_amount;
    bool floored;
    int cap_bit;
    int64_t amount, base;        /* as in PolMeasureResult */
    const PolText *source;
    PolCondTrace *conds;         /* tracing */
    PolValue *caps;              /* tracing */
    int32_t amount_reads_from, amount_reads_to;
} PolItemResult;

/* The items of a per-item measure in one evaluation, in the order taken.
 * Kept from one applicant to the next (only counts are reset). */
typedef struct PolItems {
    int32_t count, cap;          /* items decided */
    PolItemResult *item;
    PolValue *subject;           /* count × the measure's nsubject values */
    PolValue current;            /* the item being decided */
    PolValue *key;               /* `ordered by`: each item's value, by list index */
    int32_t nkeys, key_cap;
    int32_t *order, *scratch;    /* list indices in the order taken */
    int32_t norder, order_cap;
    PolListValue *granted;       /* earlier grants: the items granted so far, in grant order */
    int32_t granted_cap;
    int32_t list_reads_from, list_reads_to;   /* tracing: the list and the `ordered by` values */
    bool taken;                  /* the list was taken (the measure's own conditions held) */
} PolItems;

typedef struct PolMeasureResult {
    uint8_t state;               /* 0 not evaluated, 1 evaluating, 2 done */
    PolMeasureOutcome outcome;
    int failed_cond;             /* REFUSED: index of the first failing condition */
    bool has_amount;
    int64_t amount;              /* fen, when has_amount */
    int64_t base;                /* capped: the amount before ceilings */
    int cap_bit;                 /* capped: the ceiling that bit last, -1 none */
    bool floored;                /* capped: the result was below zero and became zero */
    PolCondTrace *conds;         /* tracing */
    PolValue *caps;              /* tracing: each ceiling's value */
    int32_t amount_reads_from, amount_reads_to;
    const PolText *source;       /* the `source` clause's text, once the conditions held */
    PolItems *items;             /* a per-item measure's items; NULL for the others */
} PolMeasureResult;

/* What stopped an evaluation, kept without words (the VM has no
 * language): pol_eval_error makes the PolDiag of it in one. */
typedef struct PolVmError {
    int32_t span, other_span;    /* indices into program spans, -1 none */
    PolDiagCode code;            /* E08xx; POL_NO_CODE for an internal error */
    PolMsg internal;             /* POL_NO_CODE: its message, with args[0] */
    const char *args[3];         /* the arguments of the message: all text */
    char number[24];             /* a number among them */
    char days[2][16];            /* dates among them */
} PolVmError;

typedef struct PolEval {
    const PolProgram *prog;
    PolValue facts;
    int32_t eval_date;
    bool in_force;
    bool tracing;
    int8_t applies;              /* -1 unknown, 0, 1 */
    PolMeasureResult *measures;
    PolValue *defs; uint8_t *def_state;
    int32_t *def_rule;           /* tracing: the rule that gave each definition its value, -1 its formula */
    int32_t *def_reads_from, *def_reads_to;
    PolValue *params; uint8_t *param_state;
    int32_t *param_date;         /* a dated parameter's value is for this evaluation date */
    uint8_t *param_used;         /* tracing: the parameters this applicant read */
    PolRead *reads; int32_t nreads, cap_reads;
    int32_t item_list, item;     /* tracing: what ITEM said the next rounding belongs to, -1 none */
    int32_t applies_reads_from, applies_reads_to;
    PolValue *stack;
    int sp;
    long steps;
    long max_steps;              /* the step limit: POL_VM_MAX_STEPS (a test may lower it) */
    int calls;
    PolVmError error;
} PolEval;

/* An evaluator for p (GC heap), for one thread at a time. */
PolEval *pol_eval_new(const PolProgram *p);
/* Evaluates every measure for facts (a record of p's facts schema) at
 * eval_date, recording what each condition read when tracing. The results
 * stay in ev until the next run. False on a runtime error, described in
 * ev->error. */
bool pol_eval_run(PolEval *ev, PolValue facts, int32_t eval_date, bool tracing);
/* The error of the last run, in lang: at its place in the policy, with the
 * code's help, and a note at the other rule of a conflict. */
PolDiag pol_eval_error(const PolEval *ev, PolLang lang);
/* What a run without tracing takes short ways through (vm.c): how many of
 * measure m's first conditions are decided before its chunk is entered,
 * and whether definition k (-1: the policy's `applies when`) is given its
 * value without entering its chunk. The results are the same either way;
 * tests use these to know which way they exercise. */
int pol_eval_conditions_before(const PolEval *ev, int m);
bool pol_eval_frameless(const PolEval *ev, int k);

#endif
