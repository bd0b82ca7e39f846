/*
 * program.h — a compiled policy: bytecode chunks, constants, and the
 * declarations the runtime reports (measures, definitions).
 *
 * Knows the bytecode layout: compile.c, vm.c, disasm.c, polc.c.
 * An instruction is one opcode byte followed by its operands, each u16
 * little-endian; a jump operand is an i16 offset from the end of the
 * instruction.
 */
#ifndef POL_PROGRAM_H
#define POL_PROGRAM_H

#include <stdint.h>
#include <stdio.h>
#include "check.h"
#include "ast.h"
#include "types.h"
#include "value.h"

typedef enum PolOpcode {
#define OP(name, operands, pops, pushes, doc) POL_I_##name,
#include "opcodes.h"
#undef OP
    POL_I_COUNT
} PolOpcode;

typedef enum PolOperands { POL_OPND_N, POL_OPND_A, POL_OPND_AB, POL_OPND_J, POL_OPND_AJ } PolOperands;

extern const char *const pol_opcode_names[POL_I_COUNT];
extern const PolOperands pol_opcode_operands[POL_I_COUNT];
extern const int8_t pol_opcode_pops[POL_I_COUNT], pol_opcode_pushes[POL_I_COUNT];
int pol_instruction_size(PolOpcode op);

#define POL_NO_INDEX 0xffff

typedef enum PolChunkKind { POL_CHUNK_PARAM, POL_CHUNK_DEFINE, POL_CHUNK_MEASURE, POL_CHUNK_APPLIES } PolChunkKind;

typedef struct PolChunk {
    const char *name;
    PolChunkKind kind;
    int index;                  /* parameter, definition or measure number */
    uint8_t *code;
    int32_t len, cap;
    int32_t *spans;             /* span index for each code byte (instruction starts matter) */
    int nargs, nlocals, max_stack;
} PolChunk;

typedef struct PolRuleInfo { const char *label; int32_t span; PolRuleKind kind; } PolRuleInfo;

typedef struct PolDefineInfo {
    const char *name;
    const PolType *type;        /* of its value */
    int chunk;
    int nargs;
    int nrules;
    PolRuleInfo *rules;
} PolDefineInfo;

typedef struct PolMeasureInfo {
    const char *id, *article, *title;
    int nresponsible;
    const char **responsible;
    PolBasis basis;
    int chunk;
    int nconds;
    const char **cond_texts;    /* the source of each `when`, whitespace collapsed */
    int32_t *cond_spans;
    int ncaps;
    const char **cap_texts;
    const char *amount_text;
    int32_t span;
} PolMeasureInfo;

typedef struct PolProgram {
    const char *policy_id, *title, *source_doc;
    int32_t force_from, force_last;
    const PolRecord *facts;
    int id_member, date_member;
    int applies_chunk;          /* -1: applies to every applicant */
    const char *applies_text;
    int nconsts; PolValue *consts;
    int nstrings; const char **strings;     /* fact paths for NOTE */
    int nspans; PolSpan *spans;
    int nchunks; PolChunk *chunks;
    int nparams; int *param_chunks; const char **param_names;
    int ndefines; PolDefineInfo *defines;
    int nmeasures; PolMeasureInfo *measures;
    int nenums; const PolEnum **enums;
    int nrecords; const PolRecord **records;
} PolProgram;

/* Compiles a checked policy. NULL, after a diagnostic, only when the policy
 * is too large for the bytecode's 16-bit operands. */
PolProgram *pol_compile(const PolChecked *checked);

/* Prints the bytecode of every chunk, clox style: offset, line, name, operands. */
void pol_disasm(const PolProgram *p, FILE *out);

#endif
