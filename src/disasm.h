/*
 * disasm.h — `polrun disasm`: the bytecode of a program as text.
 */
#ifndef POL_DISASM_H
#define POL_DISASM_H

#include <stdio.h>
#include "bytecode.h"

/* Prints every chunk, clox style: offset, source line (`|` for the line
 * above), instruction name, operands and what they name. */
void pol_disasm(const PolProgram *p, FILE *out);

#endif
