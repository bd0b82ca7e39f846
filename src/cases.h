/*
 * cases.h — `polrun test`: replaying recorded cases (docs/cases.md).
 */
#ifndef POL_CASES_H
#define POL_CASES_H

#include <stdbool.h>
#include "bytecode.h"

/* Replays the case files at paths[0..n) against p: prints a FAIL line and
 * a diff for each failing case and the closing count on standard output,
 * problems of the case files as diagnostics. With update, rewrites each
 * case's expectation to what p decides now. Returns the number of failed
 * cases. */
int pol_test_cases(const PolProgram *p, char **paths, int n, bool update);

#endif
