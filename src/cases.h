/*
 * cases.h — `polrun test`: replaying recorded cases (docs/cases.md).
 */
#ifndef POL_CASES_H
#define POL_CASES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "bytecode.h"
#include "decide.h"
#include "diag.h"

/* Replays the case files at paths[0..n) against p: writes a FAIL line and
 * a diff for each failing case and the closing count to out (in English:
 * programs read them), and reports the problems of the case files to ds.
 * With update, rewrites each case's expectation to what p decides now.
 * Returns the number of failed cases. */
int pol_test_cases(const PolProgram *p, char **paths, int n, bool update, FILE *out, PolDiags *ds);
/* One case from its text (an editor's unsaved buffer), written to out as
 * pol_test_cases writes each case, without the closing count. True when
 * it passes; *decision: the decision's JSON text when the facts could be
 * decided, else NULL. */
bool pol_test_case_text(PolDecider *dr, const char *path, const char *text, size_t len, const char **decision,
                        FILE *out, PolDiags *ds);

/* The facts of the case file at path and its `date:` (*have_date false
 * when it has none): what `polrun diff --cases` decides. False when the
 * file cannot be read or is not a case file, reported to ds. */
bool pol_case_facts(const char *path, const char **facts, size_t *len, int32_t *date, bool *have_date, PolDiags *ds);

#endif
