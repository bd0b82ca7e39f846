/*
 * verify.h — checking bytecode before it runs: what the VM trusts
 * (operands in range, jumps onto instructions, stack depths, the types of
 * the values every instruction takes, a facts schema the decoder can fill).
 *
 * The compiler checks each chunk it makes; the .polc loader checks a whole
 * program read from disk. Both functions return NULL when the bytecode is
 * sound, else what is wrong, in English (it describes bytecode, for a bug
 * report), on the GC heap.
 */
#ifndef POL_VERIFY_H
#define POL_VERIFY_H

#include "bytecode.h"

/* Checks chunk number `chunk` of p on its own and finds its deepest stack
 * over all paths (*max_depth), which the compiler records in the chunk. */
const char *pol_verify_chunk(const PolProgram *p, int chunk, int *max_depth);
/* Checks all of p: its tables, every chunk (whose declared max_stack must
 * cover the deepest stack), the types across chunks, the facts schema. */
const char *pol_verify_program(const PolProgram *p);

#endif
