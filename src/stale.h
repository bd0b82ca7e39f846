/*
 * stale.h — `polrun check --stale DATE`: the dated values of a compiled
 * policy whose source has not been checked against the law since a date.
 */
#ifndef POL_STALE_H
#define POL_STALE_H

#include <stdint.h>
#include <stdio.h>
#include "bytecode.h"
#include "message.h"

/* Writes to out one line per step of a dated parameter, and per rule that
 * is dated or cites a source, whose `verified` date is missing or before
 * `since` (in the policy's order: file:line, the value's name, the step as
 * written, its source, when it was verified), in the words of lang.
 * Returns how many. */
int pol_stale_steps(const PolProgram *p, int32_t since, PolLang lang, FILE *out);

#endif
