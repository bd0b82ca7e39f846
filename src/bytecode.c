/*
 * bytecode.c — the instruction tables, generated from the one list in
 * opcodes.h, so that no table can fall out of step with another.
 */
#include "bytecode.h"

const char *const pol_opcode_names[POL_I_COUNT] = {
#define OP(name, operands, pops, pushes, doc) #name,
#include "opcodes.h"
#undef OP
};
const PolOperands pol_opcode_operands[POL_I_COUNT] = {
#define OP(name, operands, pops, pushes, doc) POL_OPND_##operands,
#include "opcodes.h"
#undef OP
};
const int8_t pol_opcode_pops[POL_I_COUNT] = {
#define OP(name, operands, pops, pushes, doc) pops,
#include "opcodes.h"
#undef OP
};
const int8_t pol_opcode_pushes[POL_I_COUNT] = {
#define OP(name, operands, pops, pushes, doc) pushes,
#include "opcodes.h"
#undef OP
};

int pol_instruction_size(PolOpcode op)
{
    static const int8_t size[] = {[POL_OPND_N] = 1, [POL_OPND_A] = 3, [POL_OPND_J] = 3, [POL_OPND_AB] = 5, [POL_OPND_AJ] = 5};
    return size[pol_opcode_operands[op]];
}
