/*
 * compile.h — a checked policy to bytecode (bytecode.h).
 */
#ifndef POL_COMPILE_H
#define POL_COMPILE_H

#include "bytecode.h"
#include "check.h"
#include "diag.h"

/* Compiles a checked policy into a new program on the GC heap; every chunk
 * is verified (verify.h) and knows its deepest stack. NULL, after a
 * diagnostic in ds, only when the policy is too large for the bytecode's
 * 16-bit operands (E0708), or when the compiler itself failed (an internal
 * error). The program is read-only from then on: any number of threads
 * may evaluate it. */
PolProgram *pol_compile(const PolChecked *checked, PolDiags *ds);

#endif
