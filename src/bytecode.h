/*
 * bytecode.h — a compiled policy: the instruction set, chunks of code,
 * constants, and the declarations the runtime reports (measures,
 * definitions and their rules, parameters).
 *
 * The layout: an instruction is one opcode byte followed by its operands,
 * each u16 little-endian; a jump operand is an i16 offset from the end of
 * the instruction. Who knows it: compile.c writes it, verify.c checks it,
 * vm.c runs it, disasm.c prints it, polc.c stores it. Nothing here knows the
 * syntax tree or the checker, so none of those needs the front end.
 */
#ifndef POL_BYTECODE_H
#define POL_BYTECODE_H

#include <stdbool.h>
#include <stdint.h>
#include "kinds.h"
#include "span.h"
#include "types.h"
#include "value.h"

typedef enum PolOpcode {
#define OP(name, operands, pops, pushes, doc) POL_I_##name,
#include "opcodes.h"
#undef OP
    POL_I_COUNT
} PolOpcode;

/* The operands an instruction has (opcodes.h): none, A, A and B, a jump,
 * A and a jump. */
typedef enum PolOperands { POL_OPND_N, POL_OPND_A, POL_OPND_AB, POL_OPND_J, POL_OPND_AJ } PolOperands;

extern const char *const pol_opcode_names[POL_I_COUNT];
extern const PolOperands pol_opcode_operands[POL_I_COUNT];
/* Values taken from and left on the stack; -1: it depends on an operand. */
extern const int8_t pol_opcode_pops[POL_I_COUNT], pol_opcode_pushes[POL_I_COUNT];
/* Bytes of an instruction with its operands: 1, 3 or 5. */
int pol_instruction_size(PolOpcode op);

/* An operand at p: unsigned, or a signed jump offset. */
static inline int pol_operand(const uint8_t *p) { return p[0] | p[1] << 8; }
static inline int pol_jump_offset(const uint8_t *p) { return (int16_t)(uint16_t)(p[0] | p[1] << 8); }

/* A NOTE's list-index operand when the value read is not in a list. */
#define POL_NO_INDEX 0xffff

typedef enum PolChunkKind { POL_CHUNK_PARAM, POL_CHUNK_DEFINE, POL_CHUNK_MEASURE, POL_CHUNK_APPLIES } PolChunkKind;

typedef struct PolChunk {
    const char *name;
    PolChunkKind kind;
    int index;                  /* parameter, definition or measure number */
    uint8_t *code;
    int32_t len, cap;
    int32_t *spans;             /* span index for each code byte (instruction starts matter) */
    int nargs, nlocals;
    int max_stack;              /* the deepest stack on any path (verify.c finds it) */
} PolChunk;

/* A dated value or clause: a step of a dated parameter, or the days and
 * the source of a rule, a condition, a ceiling or a measure. */
typedef struct PolStep {
    int32_t from, through;      /* the days it holds, both included (num.h) */
    bool repealed;              /* a parameter's `not in force`: no value then */
    int32_t source;             /* the constant (text) it cites, -1 none */
    bool has_verified;
    int32_t verified;           /* the day its source was last checked */
    int32_t span;               /* where it is written */
} PolStep;

typedef struct PolRuleInfo {
    const char *label;
    int32_t span;
    PolRuleKind kind;
    int32_t step;               /* its days and source (PolStep), -1: neither */
} PolRuleInfo;

typedef struct PolDefineInfo {
    const char *name;
    const PolType *type;        /* of its value */
    int chunk;
    int nargs;
    int nrules;
    PolRuleInfo *rules;
} PolDefineInfo;

typedef struct PolMeasureInfo {
    const char *id, *article, *title;   /* title NULL: not declared */
    int nresponsible;
    const char **responsible;
    PolBasis basis;
    int chunk;
    int nconds;
    const char **cond_texts;    /* the source of each `when`, whitespace collapsed */
    int32_t *cond_spans;
    int32_t *cond_steps;        /* each condition's days (a step), -1: every day */
    int ncaps;
    const char **cap_texts;
    int32_t *cap_steps;         /* each ceiling's days (a step), -1: every day */
    const char *amount_text;
    int32_t span;
    bool zero_granted;          /* granted at zero: an amount of 0.00 is a grant */
    bool has_source;            /* a `source` clause: its chunk gives SOURCE before the grant */
    /* per-item measures (`for each`); item_type NULL for the others */
    const PolType *item_type;   /* the record type of the items */
    const char *item_var;       /* `c` */
    const char *items_text;     /* the list as written: `person.certificates` */
    const char *order_text;     /* `ordered by` as written, or NULL */
    int item_conds;             /* conditions [0, item_conds) are the measure's (COND, before
                                   the list is taken), the others each item's (ITEM_COND) */
    int nsubject;
    const char **subject_names;
    const PolType **subject_types;
    int32_t step;               /* `in force from ...` (a step): outside it, not_in_force; -1 */
} PolMeasureInfo;

/* A branch of an `if … else if … else` chain, as the explanation names it:
 * "if C", "else if C" or "else", and where it is. */
typedef struct PolBranchInfo { const char *text; int32_t span; } PolBranchInfo;

/* A scale (progressive table), its values exact: bounds and deductions in
 * fen for a scale of money (num.h's PolBracket). */
typedef struct PolScaleInfo {
    const char *name;
    const char *source;         /* its `source`, NULL when none */
    bool money;                 /* bases, bounds and deductions are money; else numbers */
    bool marginal;              /* no deductions: each rate on the part of the base in its bracket */
    int nbrackets;
    PolBracket *brackets;       /* the last one is `above` */
    int32_t span;               /* the declaration */
} PolScaleInfo;

/* Read-only once built: any number of threads may evaluate it at once. */
typedef struct PolProgram {
    const char *policy_id, *title, *source_doc;
    int32_t force_from, force_last;
    const PolRecord *facts;
    int id_member, date_member;
    int applies_chunk;          /* -1: applies to every applicant */
    const char *applies_text;
    PolSchemeKind scheme;       /* the words of text explanations */
    int nconsts; PolValue *consts;
    int nstrings; const char **strings;     /* fact paths for NOTE */
    int nspans; PolSpan *spans;
    int nchunks; PolChunk *chunks;
    int nparams; int *param_chunks; const char **param_names;
    const PolType **param_types;  /* of each parameter's value */
    int32_t *param_steps;       /* a dated parameter's first step, -1 for one value */
    int32_t *param_nsteps;      /* ... and how many it has, in order of date */
    uint8_t *param_dated;       /* its value depends on the evaluation date: its steps,
                                   or a dated parameter it reads */
    int nsteps; PolStep *steps;
    int ndefines; PolDefineInfo *defines;
    int nmeasures; PolMeasureInfo *measures;
    int nenums; const PolEnum **enums;
    int nrecords; const PolRecord **records;
    int nscales; PolScaleInfo *scales;
    int nbranches; PolBranchInfo *branches;
    const char *digest;         /* "sha256:..." of its .polc bytes (polc.h): set by
                                   pol_compile and by the .polc reader */
    const struct PolDecisionLayout *layout;   /* of its decisions (decision.h): made by
                                   the first pol_decision_layout, then shared */
} PolProgram;

#endif
