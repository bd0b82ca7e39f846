/*
 * diff.h — `polrun diff OLD NEW`: what an amendment changes, applicant by
 * applicant and in total.
 *
 * Every applicant of a register (NDJSON or CSV on standard input, read as
 * batch reads it, in one pass and constant memory) or of recorded cases is
 * decided under both versions; an applicant whose entitlements differ (a
 * measure granted under one and not the other, or with another amount) is
 * changed. The answer: a summary (applicants, changed, gained, lost, the
 * totals before and after, and per measure the number granted and the
 * total before and after) and the changed applicants, as text (in the
 * words of --lang), JSON lines or CSV rows.
 */
#ifndef POL_DIFF_H
#define POL_DIFF_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "batch.h"
#include "bytecode.h"
#include "diag.h"

typedef enum PolDiffFormat { POL_DIFF_TEXT, POL_DIFF_JSON, POL_DIFF_CSV } PolDiffFormat;

/* diff(1)'s exit statuses: no differences, differences, trouble (a usage
 * error, a policy that does not check, input or output that fails). */
enum { POL_DIFF_SAME = 0, POL_DIFF_DIFFERENT = 1, POL_DIFF_TROUBLE = 2 };

/* How many changed applicants the text lists after its summary. */
#define POL_DIFF_SHOWN 20

typedef struct PolDiffOptions {
    int32_t date;              /* the evaluation date when have_date */
    bool have_date;
    int jobs;                  /* 1 .. POL_BATCH_MAX_JOBS */
    PolBatchFormat input;
    PolDiffFormat format;
    bool bom;                  /* CSV: start with a UTF-8 byte order mark */
    PolLang lang;              /* of the text and of the messages of applicants not decided */
} PolDiffOptions;

/* Decides every record of in_fd under old and new and writes what
 * changed to out. Returns POL_DIFF_SAME, _DIFFERENT or _TROUBLE (what
 * went wrong reported to ds). Records that cannot be decided under either
 * version are counted, never fatal. */
int pol_diff(const PolProgram *old, const PolProgram *new_, const PolDiffOptions *o, int in_fd, FILE *out,
             PolDiags *ds);
/* The same over the facts of the case files paths[0..n) (each with its
 * own `date:` when it has one); a file that is not a case is trouble. */
int pol_diff_cases(const PolProgram *old, const PolProgram *new_, const PolDiffOptions *o, char **paths, int n,
                   FILE *out, PolDiags *ds);

#endif
