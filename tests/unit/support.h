/*
 * support.h — what the unit tests share: diagnostics captured instead of
 * printed, so a test can assert the exact message and place.
 */
#ifndef POL_TEST_SUPPORT_H
#define POL_TEST_SUPPORT_H

#include <stdbool.h>
#include "bytecode.h"
#include "diag.h"

/* What the tests report to: every diagnostic printed in the human format
 * (English) to the standard error that pol_test_diagnostics reads back. */
extern PolDiags pol_test_ds;

/* A suite's .init: starts the GC, resets the diagnostic counts and sends
 * standard error to a file that pol_test_diagnostics reads back. */
void pol_test_capture_diagnostics(void);
/* pol_test_ds empty again (its printing kept). */
void pol_test_reset_diagnostics(void);
/* Everything printed to standard error since the test began (a NUL that an
 * excerpt quotes from the source is shown as '?'). */
const char *pol_test_diagnostics(void);
/* Whether a diagnostic points at `where` ("t.pol:12:5"), not at a longer
 * line or column that merely starts with it. */
bool pol_test_diag_at(const char *where);

/* The program of a policy's text (named t.pol), parsed, checked and
 * compiled; the test fails at the first diagnostic of an error. */
PolProgram *pol_test_compile(const char *text);
/* The same for a policy file and its imports (the library: stdlib/). */
PolProgram *pol_test_compile_file(const char *path);

#endif
