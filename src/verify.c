/*
 * verify.c — what the VM may trust about a program, checked before its
 * first instruction runs.
 *
 * The VM trusts its code: FIELD reads a record's member without looking at
 * the value's tag, ITER reads a list, ADD_INT adds two integers whatever
 * they are. The compiler only emits such code, and checks each chunk here
 * as it finishes (its stack depth is found here too); a .polc file is read
 * from disk and may be corrupted or forged, so the loader checks all of it
 * here. Two analyses, both abstract interpretation over every path of a
 * chunk: the stack depth (pol_verify_chunk), then the types of the values
 * every instruction takes (pol_verify_program).
 * What is wrong is said in English, whatever --lang says: it describes
 * bytecode, for a bug report, not a mistake in a policy.
 */
#include <gc.h>
#include <string.h>
#include "never.h"
#include "text.h"
#include "verify.h"
#include "vm.h"

/* What is wrong, for a bug report (English whatever --lang says: it
 * describes bytecode, not the policy). Always false. */
static bool bad(const char **why, const PolChunk *c, int at, const char *what)
{
    *why = pol_strdup_printf("invalid bytecode in `%s` at %d: %s", c->name, at, what);
    return false;
}

static bool invalid(const char **why, const char *what)
{
    *why = what;
    return false;
}

static bool index_ok(int i, int n) { return i >= 0 && i < n; }

/* Whether every step of a parameter's steps[first .. first+n) that gives
 * a value cites a source (`source of` reads it). */
static bool steps_cite(const PolProgram *p, int first, int n)
{
    for (int i = 0; i < n; i++)
        if (!p->steps[first + i].repealed && p->steps[first + i].source < 0)
            return false;
    return true;
}

/* Whether every rule of d cites a source (a rule's step is one of the
 * program's: program_ok). */
static bool rules_cite(const PolProgram *p, const PolDefineInfo *d)
{
    for (int k = 0; k < d->nrules; k++)
        if (d->rules[k].step < 0 || p->steps[d->rules[k].step].source < 0)
            return false;
    return true;
}

/* ---- stack depth ---- */

/* Operands in range, jumps onto instruction starts, equal stack depths
 * where paths meet (see pol_verify_chunk). */
static bool chunk_stack(const PolProgram *p, int ci, int *max_depth, const char **why)
{
    const PolChunk *c = &p->chunks[ci];
    if (c->kind > POL_CHUNK_APPLIES || c->nargs > c->nlocals)
        return bad(why, c, 0, "bad chunk header");
    if (c->kind == POL_CHUNK_MEASURE && (!index_ok(c->index, p->nmeasures) || p->measures[c->index].chunk != ci))
        return bad(why, c, 0, "measure chunk does not match its measure");
    if (c->kind == POL_CHUNK_DEFINE && (!index_ok(c->index, p->ndefines) || p->defines[c->index].chunk != ci ||
                                        p->defines[c->index].nargs != c->nargs))
        return bad(why, c, 0, "definition chunk does not match its definition");
    /* Pass 1: instruction boundaries and operand ranges. */
    uint8_t *start = GC_MALLOC_ATOMIC((size_t)c->len + 1);
    memset(start, 0, (size_t)c->len + 1);
    for (int at = 0; at < c->len;) {
        int op = c->code[at];
        if (op >= POL_I_COUNT)
            return bad(why, c, at, "unknown instruction");
        int size = pol_instruction_size((PolOpcode)op);
        if (at + size > c->len)
            return bad(why, c, at, "instruction runs past the end");
        for (int k = at; k < at + size; k++)   /* an error after an operand is read names the span of its last byte */
            if (!index_ok(c->spans[k], p->nspans))
                return bad(why, c, at, "no source location");
        start[at] = 1;
        at += size;
    }
    /* Pass 2: stack depth by abstract interpretation over all paths. */
    int *depth = GC_MALLOC_ATOMIC((size_t)(c->len + 1) * sizeof *depth);
    for (int k = 0; k <= c->len; k++)
        depth[k] = -1;
    int *work = GC_MALLOC_ATOMIC((size_t)(c->len + 1) * sizeof *work);
    int nwork = 0;
    int max = 0;
    if (c->len == 0)
        return bad(why, c, 0, "empty chunk");
    depth[0] = 0;
    work[nwork++] = 0;
    while (nwork) {
        int at = work[--nwork];
        PolOpcode op = (PolOpcode)c->code[at];
        const uint8_t *o = c->code + at + 1;
        /* operands only where the instruction has them (pass 1: they are in the chunk) */
        int a = pol_opcode_operands[op] != POL_OPND_N ? pol_operand(o) : 0;
        int b = pol_opcode_operands[op] == POL_OPND_AB || pol_opcode_operands[op] == POL_OPND_AJ ? pol_operand(o + 2) : 0;
        int d = depth[at];
        int next = at + pol_instruction_size(op);
        int target = -1;
        bool falls = true;
        int pops = pol_opcode_pops[op], pushes = pol_opcode_pushes[op];
        switch (op) {
        case POL_I_CONST: if (!index_ok(a, p->nconsts)) return bad(why, c, at, "constant out of range"); break;
        case POL_I_FACT: if (!index_ok(a, p->facts->count)) return bad(why, c, at, "fact out of range"); break;
        case POL_I_NOTE:
            if (!index_ok(a, p->nstrings) || (b != POL_NO_INDEX && !index_ok(b, c->nlocals)))
                return bad(why, c, at, "note operand out of range");
            break;
        case POL_I_LOCAL: case POL_I_SET_LOCAL:
            if (!index_ok(a, c->nlocals)) return bad(why, c, at, "local out of range");
            break;
        case POL_I_PARAM: if (!index_ok(a, p->nparams)) return bad(why, c, at, "parameter out of range"); break;
        case POL_I_DEF:
            if (!index_ok(a, p->ndefines) || p->defines[a].nargs != 0) return bad(why, c, at, "definition out of range");
            break;
        case POL_I_CALL:
            if (!index_ok(a, p->ndefines) || p->defines[a].nargs != b) return bad(why, c, at, "call does not match its definition");
            pops = b;
            break;
        case POL_I_GRANTED: if (!index_ok(a, p->nmeasures)) return bad(why, c, at, "measure out of range"); break;
        case POL_I_SCALE: if (!index_ok(a, p->nscales)) return bad(why, c, at, "scale out of range"); break;
        case POL_I_BRANCH: if (!index_ok(a, p->nbranches)) return bad(why, c, at, "branch out of range"); break;
        case POL_I_ITEM:
            if (!index_ok(a, p->nstrings) || !index_ok(b, c->nlocals)) return bad(why, c, at, "item operand out of range");
            break;
        case POL_I_PARAM_SOURCE:
            if (!index_ok(a, p->nparams) || p->param_nsteps[a] == 0 || !steps_cite(p, p->param_steps[a], p->param_nsteps[a]))
                return bad(why, c, at, "the source of a parameter without sources");
            break;
        case POL_I_DEF_SOURCE:
            if (!index_ok(a, p->ndefines) || p->defines[a].nargs != 0 || p->defines[a].nrules == 0 || !rules_cite(p, &p->defines[a]))
                return bad(why, c, at, "the source of a definition without sources");
            break;
        case POL_I_STEP:
            if (!index_ok(a, p->nsteps)) return bad(why, c, at, "step out of range");
            target = next + (int16_t)b;
            break;
        case POL_I_NO_STEP: falls = false; break;
        case POL_I_ROUND:
            if (a > POL_ROUND_HALF_EVEN || (b != POL_UNIT_FEN && b != POL_UNIT_YUAN)) return bad(why, c, at, "bad rounding");
            break;
        case POL_I_ADD_MONTHS: case POL_I_SUB_MONTHS:
            if (a > POL_ROUND_HALF_EVEN) return bad(why, c, at, "bad rounding");
            break;
        case POL_I_IN: pops = a + 1; break;
        case POL_I_MIN: case POL_I_MAX:
            if (a < 1) return bad(why, c, at, "min/max of nothing");
            pops = a;
            break;
        case POL_I_JUMP: target = next + (int16_t)a; falls = false; break;
        case POL_I_JUMP_IF_FALSE: target = next + (int16_t)a; break;
        case POL_I_AND: case POL_I_OR: case POL_I_OTHERWISE: case POL_I_JUMP_IF_RULE:
            target = next + (int16_t)a;
            pops = 1;
            pushes = 0;   /* fall-through pops; the jump keeps the value (handled below) */
            break;
        case POL_I_ITER:
            if (!index_ok(a, c->nlocals - 1)) return bad(why, c, at, "iterator locals out of range");
            target = next + (int16_t)b;
            pops = 0;
            pushes = 1;
            break;
        case POL_I_RULE_APPLIES:
            if (c->kind != POL_CHUNK_DEFINE || !index_ok(a, p->defines[c->index].nrules))
                return bad(why, c, at, "rule out of range");
            break;
        case POL_I_RULE_JOIN:
            if (!index_ok(a, c->nlocals - 1) || c->kind != POL_CHUNK_DEFINE || !index_ok(b, p->defines[c->index].nrules))
                return bad(why, c, at, "rule operand out of range");
            break;
        case POL_I_COND:
            if (c->kind != POL_CHUNK_MEASURE || !index_ok(a, p->measures[c->index].nconds))
                return bad(why, c, at, "condition out of range");
            if (p->measures[c->index].item_type && a >= p->measures[c->index].item_conds)
                return bad(why, c, at, "an item's condition as the measure's");
            break;
        case POL_I_CAP:
            if (c->kind != POL_CHUNK_MEASURE || !index_ok(a, p->measures[c->index].ncaps))
                return bad(why, c, at, "ceiling out of range");
            break;
        case POL_I_GRANT: case POL_I_GRANT_NONE: case POL_I_CAP_GRANT: case POL_I_CAP_BASE: case POL_I_SOURCE:
            if (c->kind != POL_CHUNK_MEASURE) return bad(why, c, at, "grant outside a measure");
            if (op == POL_I_SOURCE && !p->measures[c->index].has_source) return bad(why, c, at, "a source the measure does not have");
            if (op != POL_I_CAP_BASE && op != POL_I_SOURCE) falls = false;
            break;
        case POL_I_ITEM_KEY: case POL_I_ITEM_ORDER: case POL_I_ITEM_NEXT: case POL_I_ITEM_SUBJECT: case POL_I_ITEM_COND:
        case POL_I_ITEM_GRANT: case POL_I_ITEM_CAP_GRANT: case POL_I_ITEM_GRANT_NONE: case POL_I_ITEMS_END: case POL_I_EARLIER: {
            if (c->kind != POL_CHUNK_MEASURE || !p->measures[c->index].item_type)
                return bad(why, c, at, "an item instruction outside a per-item measure");
            const PolMeasureInfo *mi = &p->measures[c->index];
            if (op == POL_I_ITEM_ORDER && !index_ok(a, c->nlocals))
                return bad(why, c, at, "item list local out of range");
            if (op == POL_I_ITEM_NEXT) {
                if (!index_ok(a, c->nlocals - 2)) return bad(why, c, at, "item locals out of range");
                target = next + (int16_t)b;
                pops = 0;
                pushes = 1;
            }
            if (op == POL_I_ITEM_SUBJECT) {
                if (a != mi->nsubject) return bad(why, c, at, "a subject of another length than the measure's");
                pops = a;
            }
            if (op == POL_I_ITEM_COND) {
                if (!index_ok(a, mi->nconds) || a < mi->item_conds) return bad(why, c, at, "condition out of range");
                target = next + (int16_t)b;
            }
            if (op == POL_I_ITEMS_END)
                falls = false;
            break;
        }
        case POL_I_RETURN:
            if (c->kind == POL_CHUNK_MEASURE) return bad(why, c, at, "return from a measure");
            if (d != 1) return bad(why, c, at, "return with a wrong stack depth");
            falls = false;
            break;
        case POL_I_NO_RULE: falls = false; break;
        default: break;
        }
        if (d < pops)
            return bad(why, c, at, "stack underflow");
        int after = d - pops + pushes;
        if (after > POL_VM_STACK / 2)
            return bad(why, c, at, "the stack grows without bound");
        if (after > max)
            max = after;
        int succ[2], nsucc = 0;
        int succ_depth[2];
        if (falls) { succ[nsucc] = next; succ_depth[nsucc++] = after; }
        if (target >= 0 || pol_opcode_operands[op] >= POL_OPND_J) {
            int keep = (op == POL_I_AND || op == POL_I_OR || op == POL_I_OTHERWISE || op == POL_I_JUMP_IF_RULE) ? d
                     : op == POL_I_ITER || op == POL_I_ITEM_NEXT ? d : after;
            succ[nsucc] = target;
            succ_depth[nsucc++] = keep;
        }
        for (int s = 0; s < nsucc; s++) {
            int t = succ[s];
            if (t < 0 || t >= c->len || !start[t])
                return bad(why, c, at, "jump to the middle of an instruction or out of the chunk");
            if (depth[t] == -1) {
                depth[t] = succ_depth[s];
                work[nwork++] = t;
            } else if (depth[t] != succ_depth[s]) {
                return bad(why, c, at, "stack depths disagree where paths meet");
            }
        }
    }
    *max_depth = max;
    return true;
}

/* ---- types ----
 *
 * Every instruction gets values of the types it needs, on every path. The
 * check is abstract interpretation over types, like the stack depth above, with
 * the locals in the state, joined where paths meet, and across chunks: a
 * definition's arguments are what its calls pass, a parameter is what its
 * chunk returns (to a fixed point), a definition's value is its declared
 * type. The schema must be one the facts decoder builds values of.
 */

/* An abstract value: what a stack slot or a local may hold at a point. */
typedef struct AV {
    const PolType *t;   /* the type of a present value (never OPT); NULL: none can be */
    int32_t emax;       /* ENUM: the largest index it may have */
    uint8_t absent;     /* it may be absent */
    uint8_t empty;      /* it may be the "no rule applies" mark */
    uint8_t mixed;      /* a local that holds values of two types where paths meet
                           (the compiler reuses a local in disjoint scopes): it may
                           be set again, never read */
} AV;

static const PolType enum_any = {POL_T_ENUM, NULL, NULL, NULL};   /* an enum constant: of no known enum */

static bool av_bottom(AV a) { return !a.t && !a.absent && !a.empty; }

static AV av_of(const PolType *t)
{
    AV a = {NULL, 0, 0, 0, 0};
    if (t->kind == POL_T_OPT) {
        a.absent = 1;
        t = t->inner;
    }
    a.t = t;
    if (t->kind == POL_T_ENUM)
        a.emax = t->enumeration ? t->enumeration->count - 1 : INT32_MAX;
    return a;
}

static AV av_kind(PolTypeKind k)
{
    static const PolType *const simple[] = {&pol_type_error, &pol_type_bool, &pol_type_int, &pol_type_dec, &pol_type_money,
                                            &pol_type_umoney, &pol_type_date, &pol_type_dur, &pol_type_text};
    return av_of(simple[k]);
}

/* The same type, an enum of no known enum being like any enum. */
static bool type_same(const PolType *a, const PolType *b)
{
    if (a->kind != b->kind)
        return false;
    switch (a->kind) {
    case POL_T_ENUM: return !a->enumeration || !b->enumeration || a->enumeration == b->enumeration;
    case POL_T_RECORD: return a->record == b->record;
    case POL_T_LIST:
    case POL_T_OPT: return type_same(a->inner, b->inner);
    default: return true;
    }
}

/* *into joined with a; false when they cannot meet (two types). */
static bool av_join(AV *into, AV a, bool *changed)
{
    AV r = *into;
    if (a.t) {
        if (!r.t) {
            r.t = a.t;
            r.emax = a.emax;
        } else if (!type_same(r.t, a.t)) {
            return false;
        } else if (r.t->kind == POL_T_ENUM) {
            if (r.t->enumeration != a.t->enumeration)
                r.t = &enum_any;
            if (a.emax > r.emax)
                r.emax = a.emax;
        }
    }
    r.absent |= a.absent;
    r.empty |= a.empty;
    if (r.t != into->t || r.emax != into->emax || r.absent != into->absent || r.empty != into->empty) {
        *into = r;
        if (changed)
            *changed = true;
    }
    return true;
}

/* Whether a value of a may be used where t is declared. */
static bool av_fits(AV a, const PolType *t)
{
    AV d = av_of(t);
    if (av_bottom(a))
        return true;
    if (a.empty || (a.absent && !d.absent))
        return false;
    if (!a.t)
        return true;
    if (!type_same(a.t, d.t))
        return false;
    /* a declared enum names its enum: the checker's types and the .polc
       reader's (get_type, from the table of enums) always do; a value of
       another named enum is not type_same */
    if (d.t->kind == POL_T_ENUM && ALWAYS(d.t->enumeration) && a.emax >= d.t->enumeration->count)
        return false;
    return true;
}

/* What a member of a record holds: its type, absent unless required (an
 * absent list is an empty one). */
static AV av_member(const PolMember *m)
{
    AV a = av_of(m->type);
    if (m->presence != POL_PRESENCE_REQUIRED && m->type->kind != POL_T_LIST)
        a.absent = 1;
    return a;
}

typedef struct Types {
    const PolProgram *p;
    AV *params;              /* what each parameter's chunk returns */
    AV **args;               /* what each definition's calls pass */
    bool *called;
    int **param_users;       /* chunks that read each parameter, -1 ended */
    bool *dirty;             /* chunks to analyse (again) */
    int *queue, nqueue;
} Types;

static void mark_dirty(Types *T, int ci)
{
    if (!T->dirty[ci]) {
        T->dirty[ci] = true;
        T->queue[T->nqueue++] = ci;
    }
}

/* A state: the depth of the stack, then the locals and the stack. */
typedef struct State { int depth; AV v[]; } State;

static bool merge_state(State **slot, const AV *v, int nlocals, int depth, bool *changed)
{
    if (!*slot) {
        State *s = GC_MALLOC_ATOMIC(sizeof *s + (size_t)(nlocals + depth + 1) * sizeof(AV));
        s->depth = depth;
        memcpy(s->v, v, (size_t)(nlocals + depth) * sizeof(AV));
        *slot = s;
        *changed = true;
        return true;
    }
    if (NEVER((*slot)->depth != depth))   /* chunk_stack: one depth where paths meet */
        return false;
    for (int i = 0; i < nlocals + depth; i++) {
        AV *s = &(*slot)->v[i];
        if (s->mixed)
            continue;
        if (v[i].mixed || !av_join(s, v[i], changed)) {
            if (i >= nlocals)
                return false;   /* values on the stack must agree */
            *s = (AV){NULL, 0, 1, 1, 1};   /* anything: no requirement is met */
            *changed = true;
        }
    }
    return true;
}

/* The requirement that a be a present value of kind k (absent allowed when
 * opt); an unreachable (bottom) value meets every requirement. */
static bool is_kind(AV a, PolTypeKind k, bool opt)
{
    if (a.mixed)
        return false;
    if (av_bottom(a))
        return true;
    if (a.empty || (a.absent && !opt))
        return false;
    return !a.t || a.t->kind == k;
}

static bool is_ordered(AV a)
{
    return !a.t || a.t->kind == POL_T_INT || a.t->kind == POL_T_MONEY || a.t->kind == POL_T_DATE || a.t->kind == POL_T_DEC ||
           a.t->kind == POL_T_UMONEY;
}

/* The result of an operation on operands of which one may be unreachable. */
static AV result(AV r, AV x, AV y)
{
    AV none = {NULL, 0, 0, 0, 0};
    return av_bottom(x) || av_bottom(y) ? none : r;
}

static bool chunk_types(Types *T, int ci, const char **why)
{
    const PolProgram *p = T->p;
    const PolChunk *c = &p->chunks[ci];
    const int nl = c->nlocals;
    /* leaders: where a path may come from elsewhere than the instruction before */
    uint8_t *leader = GC_MALLOC_ATOMIC((size_t)c->len + 1);
    memset(leader, 0, (size_t)c->len + 1);
    leader[0] = 1;
    for (int at = 0; at < c->len;) {
        PolOpcode op = (PolOpcode)c->code[at];
        int next = at + pol_instruction_size(op);
        PolOperands k = pol_opcode_operands[op];
        if (k == POL_OPND_J || k == POL_OPND_AJ) {
            int target = next + pol_jump_offset(c->code + at + (k == POL_OPND_J ? 1 : 3));
            if (target >= 0 && target < c->len)   /* unchecked when unreachable */
                leader[target] = 1;
            leader[next] = 1;
        }
        if (op == POL_I_JUMP || op == POL_I_RETURN || op == POL_I_NO_RULE || op == POL_I_GRANT ||
            op == POL_I_GRANT_NONE || op == POL_I_CAP_GRANT || op == POL_I_ITEMS_END ||
            op == POL_I_NO_STEP)
            leader[next] = 1;
        at = next;
    }
    State **state = GC_MALLOC((size_t)(c->len + 1) * sizeof *state);
    int *work = GC_MALLOC_ATOMIC((size_t)(c->len + 1) * sizeof *work);
    uint8_t *queued = GC_MALLOC_ATOMIC((size_t)c->len + 1);
    memset(queued, 0, (size_t)c->len + 1);
    int nwork = 0;
    AV *cur = GC_MALLOC_ATOMIC((size_t)(nl + c->max_stack + 2) * sizeof *cur);
    for (int i = 0; i < nl; i++) {
        AV absent = {NULL, 0, 1, 0, 0};
        cur[i] = c->kind == POL_CHUNK_DEFINE && i < c->nargs ? T->args[c->index][i] : absent;
    }
    bool changed = false;
    merge_state(&state[0], cur, nl, 0, &changed);
    work[nwork++] = 0;
    queued[0] = 1;
#define FAIL(what) return bad(why, c, at, what)
#define POPV() (cur[nl + --depth])
#define PUSHV(a) (cur[nl + depth++] = (a))
#define NEED(a, k, opt, what) do { if (!is_kind((a), (k), (opt))) FAIL(what); } while (0)
    while (nwork) {
        int at = work[--nwork];
        queued[at] = 0;
        int depth = state[at]->depth;
        memcpy(cur, state[at]->v, (size_t)(nl + depth) * sizeof *cur);
        for (;;) {
            PolOpcode op = (PolOpcode)c->code[at];
            const uint8_t *o = c->code + at + 1;
            PolOperands kind = pol_opcode_operands[op];
            int a = kind != POL_OPND_N ? pol_operand(o) : 0;
            int b = kind == POL_OPND_AB || kind == POL_OPND_AJ ? pol_operand(o + 2) : 0;
            int next = at + pol_instruction_size(op);
            int target = -1;
            bool falls = true;
            AV x, y, none = {NULL, 0, 0, 0, 0};
            switch (op) {
            case POL_I_CONST: {
                PolValue v = p->consts[a];
                switch (v.tag) {
                case POL_V_ABSENT: x = none; x.absent = 1; break;
                case POL_V_BOOL: x = av_kind(POL_T_BOOL); break;
                case POL_V_INT: x = av_kind(POL_T_INT); break;
                case POL_V_DEC: x = av_kind(POL_T_DEC); break;
                case POL_V_MONEY: x = av_kind(POL_T_MONEY); break;
                case POL_V_DATE: x = av_kind(POL_T_DATE); break;
                case POL_V_DUR: x = av_kind(POL_T_DUR); break;
                case POL_V_TEXT: x = av_kind(POL_T_TEXT); break;
                case POL_V_ENUM:
                    if (v.as.enum_index < 0)
                        FAIL("negative enum constant");
                    x = av_of(&enum_any);
                    x.emax = v.as.enum_index;
                    break;
                default: FAIL("constant of no type");
                }
                PUSHV(x);
                break;
            }
            case POL_I_TRUE: case POL_I_FALSE: case POL_I_GRANTED: PUSHV(av_kind(POL_T_BOOL)); break;
            case POL_I_PARAM_SOURCE: PUSHV(av_kind(POL_T_TEXT)); break;
            case POL_I_DEF_SOURCE: (void)POPV(); PUSHV(av_kind(POL_T_TEXT)); break;
            case POL_I_STEP: target = next + (int16_t)b; break;
            case POL_I_NO_STEP: falls = false; break;
            case POL_I_ABSENT: x = none; x.absent = 1; PUSHV(x); break;
            case POL_I_FACT: PUSHV(av_member(&p->facts->members[a])); break;
            case POL_I_FIELD: case POL_I_FIELD_OPT: case POL_I_FIELD_LIST: {
                x = POPV();
                NEED(x, POL_T_RECORD, op != POL_I_FIELD, "a member of what is not a record");
                if (!x.t) {                       /* absent, or unreachable: stays so */
                    if (op == POL_I_FIELD_LIST && x.absent)
                        FAIL("a list member of nothing");
                    PUSHV(x);
                    break;
                }
                const PolRecord *r = x.t->record;
                if (!index_ok(a, r->count))
                    FAIL("member out of range");
                y = av_member(&r->members[a]);
                if (op == POL_I_FIELD_LIST) {
                    if (r->members[a].type->kind != POL_T_LIST)
                        FAIL("a list member that is not a list");
                } else if (x.absent) {
                    y.absent = 1;
                }
                PUSHV(y);
                break;
            }
            case POL_I_UNWRAP:
                x = POPV();
                if (x.empty)
                    FAIL("unwrapping the no-rule mark");
                x.absent = 0;
                PUSHV(x);
                break;
            case POL_I_NOTE:
                if (b != POL_NO_INDEX)
                    NEED(cur[b], POL_T_INT, false, "a list index that is not an integer");
                break;
            case POL_I_LOCAL:
                if (cur[a].mixed)
                    FAIL("a local read that holds values of two types");
                PUSHV(cur[a]);
                break;
            case POL_I_SET_LOCAL: cur[a] = POPV(); break;
            case POL_I_PARAM: PUSHV(T->params[a]); break;
            case POL_I_DEF: PUSHV(av_of(p->defines[a].type)); break;
            case POL_I_CALL: {
                bool grew = !T->called[a];
                T->called[a] = true;
                depth -= b;
                for (int i = 0; i < b; i++)
                    if (!av_join(&T->args[a][i], cur[nl + depth + i], &grew))
                        FAIL("calls pass arguments of different types");
                if (grew)
                    mark_dirty(T, p->defines[a].chunk);
                PUSHV(av_of(p->defines[a].type));
                break;
            }
            case POL_I_EVAL_DATE: PUSHV(av_kind(POL_T_DATE)); break;
            case POL_I_ADD_INT: case POL_I_SUB_INT: case POL_I_MUL_INT:
            case POL_I_ADD_DEC: case POL_I_SUB_DEC: case POL_I_MUL_DEC: case POL_I_DIV_DEC:
            case POL_I_ADD_MONEY: case POL_I_SUB_MONEY: case POL_I_ADD_DUR: case POL_I_SUB_DUR: {
                PolTypeKind k = op <= POL_I_MUL_INT ? POL_T_INT : op <= POL_I_DIV_DEC ? POL_T_DEC
                              : op <= POL_I_SUB_MONEY ? POL_T_MONEY : POL_T_DUR;
                y = POPV();
                x = POPV();
                NEED(x, k, false, "arithmetic on the wrong type");
                NEED(y, k, false, "arithmetic on the wrong type");
                PUSHV(result(av_kind(k), x, y));
                break;
            }
            case POL_I_NEG_INT: case POL_I_NEG_DEC: case POL_I_NEG_MONEY: {
                PolTypeKind k = op == POL_I_NEG_INT ? POL_T_INT : op == POL_I_NEG_DEC ? POL_T_DEC : POL_T_MONEY;
                x = POPV();
                NEED(x, k, false, "negation of the wrong type");
                PUSHV(result(av_kind(k), x, x));
                break;
            }
            case POL_I_TO_DEC:
                x = POPV();
                NEED(x, POL_T_INT, true, "an integer to convert is not one");
                y = x.t ? av_kind(POL_T_DEC) : none;
                y.absent = x.absent;
                PUSHV(y);
                break;
            case POL_I_MUL_MONEY_INT: case POL_I_MUL_MONEY_DEC: case POL_I_DIV_MONEY_DEC: case POL_I_DIV_MONEY: {
                y = POPV();
                x = POPV();
                NEED(x, POL_T_MONEY, false, "money arithmetic on what is not money");
                NEED(y, op == POL_I_MUL_MONEY_INT ? POL_T_INT : op == POL_I_DIV_MONEY ? POL_T_MONEY : POL_T_DEC, false,
                     "money arithmetic with the wrong type");
                PUSHV(result(av_kind(op == POL_I_MUL_MONEY_INT ? POL_T_MONEY : op == POL_I_DIV_MONEY ? POL_T_DEC : POL_T_UMONEY), x, y));
                break;
            }
            case POL_I_ROUND:
                x = POPV();
                if (!is_kind(x, POL_T_MONEY, false) && !is_kind(x, POL_T_UMONEY, false))
                    FAIL("rounding what is not money");
                PUSHV(result(av_kind(POL_T_MONEY), x, x));
                break;
            case POL_I_TO_UMONEY:
                x = POPV();
                if (!is_kind(x, POL_T_MONEY, true) && !is_kind(x, POL_T_UMONEY, true))
                    FAIL("unrounded money of what is not money");
                y = x.t ? av_kind(POL_T_UMONEY) : none;
                y.absent = x.absent;
                PUSHV(y);
                break;
            case POL_I_ADD_UMONEY: case POL_I_SUB_UMONEY: case POL_I_MUL_UMONEY_DEC: case POL_I_DIV_UMONEY_DEC:
            case POL_I_DIV_UMONEY:
                y = POPV();
                x = POPV();
                NEED(x, POL_T_UMONEY, false, "unrounded money arithmetic on what is not unrounded money");
                NEED(y, op == POL_I_ADD_UMONEY || op == POL_I_SUB_UMONEY || op == POL_I_DIV_UMONEY ? POL_T_UMONEY : POL_T_DEC, false,
                     "unrounded money arithmetic with the wrong type");
                PUSHV(result(av_kind(op == POL_I_DIV_UMONEY ? POL_T_DEC : POL_T_UMONEY), x, y));
                break;
            case POL_I_SCALE:
                x = POPV();
                NEED(x, p->scales[a].money ? POL_T_UMONEY : POL_T_DEC, false, "a scale applied to a base of another kind");
                PUSHV(result(av_kind(p->scales[a].money ? POL_T_UMONEY : POL_T_DEC), x, x));
                break;
            case POL_I_NEG_UMONEY:
                x = POPV();
                NEED(x, POL_T_UMONEY, false, "negation of the wrong type");
                PUSHV(result(av_kind(POL_T_UMONEY), x, x));
                break;
            case POL_I_ADD_MONTHS: case POL_I_SUB_MONTHS:
                y = POPV();
                x = POPV();
                NEED(x, POL_T_DATE, false, "date arithmetic on what is not a date");
                NEED(y, POL_T_DUR, false, "date arithmetic with what is not a duration");
                PUSHV(result(av_kind(POL_T_DATE), x, y));
                break;
            case POL_I_SUB_DATE:
                y = POPV();
                x = POPV();
                NEED(x, POL_T_DATE, false, "days between what are not dates");
                NEED(y, POL_T_DATE, false, "days between what are not dates");
                PUSHV(result(av_kind(POL_T_INT), x, y));
                break;
            case POL_I_EQ: case POL_I_NE:
                depth -= 2;
                PUSHV(av_kind(POL_T_BOOL));
                break;
            case POL_I_LT: case POL_I_LE: case POL_I_GT: case POL_I_GE:
                y = POPV();
                x = POPV();
                if (x.empty || y.empty || !is_ordered(x) || !is_ordered(y) || (x.t && y.t && x.t->kind != y.t->kind))
                    FAIL("comparing values that have no common order");
                PUSHV(av_kind(POL_T_BOOL));
                break;
            case POL_I_NOT:
                x = POPV();
                NEED(x, POL_T_BOOL, false, "not of what is not a bool");
                PUSHV(result(av_kind(POL_T_BOOL), x, x));
                break;
            case POL_I_IN:
                depth -= a + 1;
                PUSHV(av_kind(POL_T_BOOL));
                break;
            case POL_I_MIN: case POL_I_MAX: {
                depth -= a;
                AV r = none;
                for (int i = 0; i < a; i++) {
                    x = cur[nl + depth + i];
                    if (x.empty || x.absent || !is_ordered(x) || !av_join(&r, x, NULL))
                        FAIL("the least or greatest of values that have no common order");
                }
                PUSHV(r);
                break;
            }
            case POL_I_YEAR: case POL_I_MONTH: case POL_I_DAY: case POL_I_WITHIN:
                x = POPV();
                NEED(x, POL_T_DATE, false, "a date function of what is not a date");
                PUSHV(result(av_kind(op == POL_I_WITHIN ? POL_T_BOOL : POL_T_INT), x, x));
                break;
            case POL_I_IS_PRESENT:
                x = POPV();
                if (x.empty)
                    FAIL("the no-rule mark tested");
                PUSHV(av_kind(POL_T_BOOL));
                break;
            case POL_I_JUMP: target = next + (int16_t)a; falls = false; break;
            case POL_I_JUMP_IF_FALSE:
                x = POPV();
                NEED(x, POL_T_BOOL, false, "a jump on what is not a bool");
                target = next + (int16_t)a;
                break;
            case POL_I_AND: case POL_I_OR:
                NEED(cur[nl + depth - 1], POL_T_BOOL, false, "and/or of what is not a bool");
                target = next + (int16_t)a;   /* keeps it; falling through pops it */
                break;
            case POL_I_OTHERWISE: case POL_I_JUMP_IF_RULE:
                if (op == POL_I_OTHERWISE && cur[nl + depth - 1].empty)
                    FAIL("otherwise of the no-rule mark");
                target = next + (int16_t)a;
                break;
            case POL_I_ITER:
                NEED(cur[a], POL_T_LIST, false, "iterating over what is not a list");
                NEED(cur[a + 1], POL_T_INT, false, "an iterator index that is not an integer");
                target = next + (int16_t)b;
                break;
            case POL_I_RULE_EMPTY: x = none; x.empty = 1; PUSHV(x); break;
            case POL_I_RULE_JOIN: {
                x = POPV();
                if (!av_join(&cur[a], x, NULL) || !av_join(&cur[a + 1], av_kind(POL_T_INT), NULL))
                    FAIL("rules of different types");
                break;
            }
            case POL_I_RULE_APPLIES: case POL_I_BRANCH: break;
            case POL_I_ITEM: NEED(cur[b], POL_T_INT, false, "a list index that is not an integer"); break;
            case POL_I_NO_RULE: falls = false; break;
            case POL_I_COND:
                x = POPV();
                NEED(x, POL_T_BOOL, false, "a condition that is not a bool");
                break;
            case POL_I_GRANT: case POL_I_CAP_BASE:
                x = POPV();
                NEED(x, POL_T_MONEY, false, "an amount that is not money");
                if (op == POL_I_GRANT)
                    falls = false;
                break;
            case POL_I_CAP:
                x = POPV();
                NEED(x, POL_T_MONEY, true, "a ceiling that is not money");
                break;
            case POL_I_SOURCE:
                x = POPV();
                NEED(x, POL_T_TEXT, false, "a source that is not text");
                break;
            case POL_I_ITEM_KEY:
                x = POPV();
                if (x.empty || x.absent || !is_ordered(x))
                    FAIL("items ordered by what has no order");
                break;
            case POL_I_ITEM_ORDER:
                NEED(cur[a], POL_T_LIST, false, "ordering the items of what is not a list");
                break;
            case POL_I_ITEM_NEXT:
                NEED(cur[a], POL_T_LIST, false, "taking the items of what is not a list");
                NEED(cur[a + 2], POL_T_INT, false, "an item position that is not an integer");
                if (cur[a].t && !type_same(cur[a].t->inner, p->measures[c->index].item_type))
                    FAIL("items of another type than the measure's");
                cur[a + 1] = av_kind(POL_T_INT);
                target = next + (int16_t)b;
                break;
            case POL_I_ITEM_SUBJECT: {
                const PolMeasureInfo *mi = &p->measures[c->index];
                depth -= a;
                for (int i = 0; i < a; i++)
                    if (!av_fits(cur[nl + depth + i], mi->subject_types[i]))
                        FAIL("a subject value of another type than the measure's");
                break;
            }
            case POL_I_ITEM_COND:
                x = POPV();
                NEED(x, POL_T_BOOL, false, "a condition that is not a bool");
                target = next + (int16_t)b;
                break;
            case POL_I_ITEM_GRANT:
                x = POPV();
                NEED(x, POL_T_MONEY, false, "an amount that is not money");
                break;
            case POL_I_ITEM_CAP_GRANT: case POL_I_ITEM_GRANT_NONE: break;
            case POL_I_ITEMS_END: falls = false; break;
            case POL_I_EARLIER: PUSHV(av_of(pol_type_list(p->measures[c->index].item_type))); break;
            case POL_I_GRANT_NONE: case POL_I_CAP_GRANT: falls = false; break;
            case POL_I_RETURN:
                x = POPV();
                falls = false;
                if (c->kind == POL_CHUNK_DEFINE) {
                    if (!av_fits(x, p->defines[c->index].type))
                        FAIL("a definition returns a value of another type than its own");
                } else if (c->kind == POL_CHUNK_APPLIES) {
                    NEED(x, POL_T_BOOL, false, "`applies when` that is not a bool");
                } else {
                    bool grew = false;
                    if (x.empty || !av_join(&T->params[c->index], x, &grew))
                        FAIL("a parameter of two types");
                    if (grew)
                        for (int *u = T->param_users[c->index]; *u >= 0; u++)
                            mark_dirty(T, *u);
                }
                break;
            default: FAIL("unknown instruction");
            }
            /* successors: the jump target, then the next instruction */
            if (target >= 0) {
                int tdepth = depth;
                AV *top = depth > 0 ? &cur[nl + depth - 1] : &none;   /* JUMP may leave an empty stack */
                AV keep = *top;
                if (op == POL_I_OTHERWISE) {
                    cur[nl + depth - 1].absent = 0;
                } else if (op == POL_I_JUMP_IF_RULE) {
                    cur[nl + depth - 1].empty = 0;
                }
                bool grew = false;
                /* OTHERWISE of what can only be absent never jumps */
                if ((op != POL_I_OTHERWISE || cur[nl + depth - 1].t) && !merge_state(&state[target], cur, nl, tdepth, &grew))
                    FAIL("types disagree where paths meet");
                if (grew && !queued[target]) {
                    queued[target] = 1;
                    work[nwork++] = target;
                }
                *top = keep;
                if (op == POL_I_AND || op == POL_I_OR || op == POL_I_OTHERWISE || op == POL_I_JUMP_IF_RULE)
                    depth--;   /* falling through pops it */
                else if (op == POL_I_ITER || op == POL_I_ITEM_NEXT)
                    PUSHV(cur[a].t ? av_of(cur[a].t->inner) : none);   /* the next item */
            }
            if (!falls)
                break;
            at = next;
            if (leader[at]) {
                bool grew = false;
                if (!merge_state(&state[at], cur, nl, depth, &grew))
                    FAIL("types disagree where paths meet");
                if (grew && !queued[at]) {
                    queued[at] = 1;
                    work[nwork++] = at;
                }
                break;
            }
        }
    }
#undef FAIL
#undef POPV
#undef PUSHV
#undef NEED
    return true;
}

static bool facts_type_ok(const PolType *t, int depth)
{
    switch (t->kind) {
    case POL_T_BOOL: case POL_T_INT: case POL_T_DEC: case POL_T_MONEY: case POL_T_DATE: case POL_T_TEXT: return true;
    case POL_T_ENUM: return t->enumeration != NULL;
    case POL_T_RECORD: return t->record != NULL;
    case POL_T_LIST: return depth < 8 && facts_type_ok(t->inner, depth + 1);
    default: return false;   /* optional (only outside a type), unrounded money, durations, errors */
    }
}

/* `required when k is one of {...}`: k an enum member of the record, the
 * values its words, ascending, each once. */
static bool when_ok(const PolRecord *r, const PolMember *m)
{
    if (!index_ok(m->when_member, r->count) || r->members[m->when_member].type->kind != POL_T_ENUM || m->nwhen < 1)
        return false;
    int words = r->members[m->when_member].type->enumeration->count;
    for (int k = 0; k < m->nwhen; k++)
        if (!index_ok(m->when_values[k], words) || (k > 0 && m->when_values[k] <= m->when_values[k - 1]))
            return false;
    return true;
}

/* Bounds on an integer, or on the length of a list (never negative); the
 * lower one not above the upper one; no sign only for `N to M` from 0. */
static bool bounds_ok(const PolMember *m)
{
    if (!m->has_min && !m->has_max)
        return !m->no_sign;
    bool list = m->type->kind == POL_T_LIST;
    if (!list && m->type->kind != POL_T_INT)
        return false;
    if (list && ((m->has_min && m->min < 0) || (m->has_max && m->max < 0)))
        return false;
    if (m->has_min && m->has_max && m->min > m->max)
        return false;
    return !m->no_sign || (!list && m->has_min && m->has_max && m->min >= 0);
}

/* A record the facts decoder can fill: types it reads, a presence it
 * knows, `required when` naming an enum member and one of its words, and
 * what expressions see (value_type) as the checker derives it. */
static bool record_ok(const PolRecord *r, const char **why)
{
    for (int i = 0; i < r->count; i++) {
        const PolMember *m = &r->members[i];
        const char *wrong = NULL;
        if (!facts_type_ok(m->type, 0))
            wrong = "a type facts cannot have";
        else if (m->presence < POL_PRESENCE_REQUIRED || m->presence > POL_PRESENCE_REQUIRED_WHEN)
            wrong = "an unknown presence";
        else if (m->presence == POL_PRESENCE_REQUIRED_WHEN && !when_ok(r, m))
            wrong = "`required when` that names no enum member and words";
        else if (m->presence != POL_PRESENCE_REQUIRED_WHEN && (m->nwhen != 0 || m->absent_otherwise))
            wrong = "values of `required when` without `required when`";
        else if (!bounds_ok(m))
            wrong = "bounds that are not those of an integer or a list";
        else if (!pol_type_equal(m->value_type, m->type->kind == POL_T_LIST || m->presence == POL_PRESENCE_REQUIRED
                                                    ? m->type : pol_type_opt(m->type)))
            wrong = "a value type that does not follow from its type";
        if (wrong) {
            *why = pol_strdup_printf("invalid policy: member `%s` of `%s` has %s", m->name, r->name, wrong);
            return false;
        }
    }
    return true;
}

/* Which chunk runs what: each measure, definition, parameter and the
 * policy's `applies when` has a chunk of its kind, and only that (a
 * definition's and a measure's chunk are found theirs by chunk_stack). */
static bool chunk_owner_ok(const PolProgram *p, int ci)
{
    const PolChunk *c = &p->chunks[ci];
    switch (c->kind) {
    case POL_CHUNK_PARAM: return index_ok(c->index, p->nparams) && p->param_chunks[c->index] == ci && c->nargs == 0;
    case POL_CHUNK_DEFINE: return true;
    case POL_CHUNK_MEASURE: return c->nargs == 0;
    case POL_CHUNK_APPLIES: return p->applies_chunk == ci && c->nargs == 0;
    default: return false;
    }
}

static bool types_verify(const PolProgram *p, const char **why)
{
    if (!record_ok(p->facts, why))
        return false;
    for (int i = 0; i < p->nrecords; i++)
        if (!record_ok(p->records[i], why))
            return false;
    for (int ci = 0; ci < p->nchunks; ci++)
        if (!chunk_owner_ok(p, ci))
            return bad(why, &p->chunks[ci], 0, "the chunk does not belong to what it runs");
    for (int i = 0; i < p->nparams; i++)
        if (p->chunks[p->param_chunks[i]].kind != POL_CHUNK_PARAM)
            return bad(why, &p->chunks[p->param_chunks[i]], 0, "a parameter runs a chunk of another kind");
    for (int i = 0; i < p->ndefines; i++)
        if (p->chunks[p->defines[i].chunk].kind != POL_CHUNK_DEFINE)
            return bad(why, &p->chunks[p->defines[i].chunk], 0, "a definition runs a chunk of another kind");
    for (int i = 0; i < p->nmeasures; i++)
        if (p->chunks[p->measures[i].chunk].kind != POL_CHUNK_MEASURE)
            return bad(why, &p->chunks[p->measures[i].chunk], 0, "a measure runs a chunk of another kind");
    if (p->applies_chunk >= 0 && p->chunks[p->applies_chunk].kind != POL_CHUNK_APPLIES)
        return bad(why, &p->chunks[p->applies_chunk], 0, "`applies when` runs a chunk of another kind");

    Types T;
    memset(&T, 0, sizeof T);
    T.p = p;
    T.params = GC_MALLOC_ATOMIC((size_t)(p->nparams + 1) * sizeof *T.params);
    memset(T.params, 0, (size_t)(p->nparams + 1) * sizeof *T.params);
    T.args = GC_MALLOC((size_t)(p->ndefines + 1) * sizeof *T.args);
    T.called = GC_MALLOC_ATOMIC((size_t)(p->ndefines + 1) * sizeof *T.called);
    memset(T.called, 0, (size_t)(p->ndefines + 1) * sizeof *T.called);
    for (int i = 0; i < p->ndefines; i++) {
        T.args[i] = GC_MALLOC_ATOMIC((size_t)(p->defines[i].nargs + 1) * sizeof(AV));
        memset(T.args[i], 0, (size_t)(p->defines[i].nargs + 1) * sizeof(AV));
    }
    /* who reads each parameter: they are analysed again when it grows */
    int *nusers = GC_MALLOC_ATOMIC((size_t)(p->nparams + 1) * sizeof *nusers);
    memset(nusers, 0, (size_t)(p->nparams + 1) * sizeof *nusers);
    T.param_users = GC_MALLOC((size_t)(p->nparams + 1) * sizeof *T.param_users);
    for (int pass = 0; pass < 2; pass++) {
        for (int ci = 0; ci < p->nchunks; ci++) {
            const PolChunk *c = &p->chunks[ci];
            for (int at = 0; at < c->len; at += pol_instruction_size((PolOpcode)c->code[at])) {
                if (c->code[at] != POL_I_PARAM)
                    continue;
                int k = pol_operand(c->code + at + 1);
                if (!index_ok(k, p->nparams))
                    continue;   /* unreachable: its operand was not checked */
                if (pass == 0)
                    nusers[k]++;
                else
                    T.param_users[k][nusers[k]++] = ci;
            }
        }
        for (int k = 0; k < p->nparams; k++) {
            if (pass == 0) {
                T.param_users[k] = GC_MALLOC_ATOMIC((size_t)(nusers[k] + 1) * sizeof(int));
                nusers[k] = 0;
            } else {
                T.param_users[k][nusers[k]] = -1;
            }
        }
    }
    T.dirty = GC_MALLOC_ATOMIC((size_t)(p->nchunks + 1) * sizeof *T.dirty);
    memset(T.dirty, 0, (size_t)(p->nchunks + 1) * sizeof *T.dirty);
    T.queue = GC_MALLOC_ATOMIC((size_t)(p->nchunks + 1) * sizeof *T.queue);
    for (int ci = p->nchunks - 1; ci >= 0; ci--)
        mark_dirty(&T, ci);
    while (T.nqueue) {
        int ci = T.queue[--T.nqueue];
        T.dirty[ci] = false;
        const PolChunk *c = &p->chunks[ci];
        if (c->kind == POL_CHUNK_DEFINE && c->nargs > 0 && !T.called[c->index])
            continue;   /* never called: analysed when a call is seen */
        if (!chunk_types(&T, ci, why))
            return false;
    }
    return true;
}

static bool umoney_ok(PolUMoney u)
{
    return u.den > 0;
}

/* What the VM's scale application relies on: brackets, their bounds
 * increasing (the last is `above`), every value a valid rational. */
static bool scale_ok(const PolScaleInfo *s, int nspans)
{
    if (s->nbrackets < 1 || !index_ok(s->span, nspans))
        return false;
    for (int i = 0; i < s->nbrackets; i++) {
        const PolBracket *b = &s->brackets[i];
        if (!umoney_ok(b->up_to) || !umoney_ok(b->deduction) || b->rate.den <= 0)
            return false;
        if (i > 0 && i < s->nbrackets - 1 && pol_umoney_cmp(b->up_to, s->brackets[i - 1].up_to) <= 0)
            return false;
    }
    return true;
}

/* A per-item measure: items of a record type, a subject a decision can
 * write (a value a fact may have, or absent). */
static bool items_ok(const PolMeasureInfo *mi)
{
    if (!mi->item_type)
        return mi->nsubject == 0 && mi->item_conds == 0;
    if (mi->item_type->kind != POL_T_RECORD || !mi->item_type->record || mi->nsubject < 0 || mi->item_conds < 0 ||
        mi->item_conds > mi->nconds)
        return false;
    for (int k = 0; k < mi->nsubject; k++) {
        const PolType *t = mi->subject_types[k];
        if (t->kind == POL_T_OPT)
            t = t->inner;
        if (!facts_type_ok(t, 0) || t->kind == POL_T_RECORD || t->kind == POL_T_LIST)
            return false;
    }
    return true;
}

/* A parameter whose value depends on the evaluation date (it has steps,
 * reads the source of one, or reads a dated parameter) is marked dated:
 * the VM keeps the value of an undated one for every applicant. */
static bool dated_ok(const PolProgram *p, const char **why)
{
    for (int i = 0; i < p->nparams; i++) {
        const PolChunk *c = &p->chunks[p->param_chunks[i]];
        bool dated = p->param_nsteps[i] > 0;
        for (int at = 0; at < c->len && !dated; at += pol_instruction_size((PolOpcode)c->code[at])) {
            int op = c->code[at], a = at + 2 < c->len ? c->code[at + 1] | c->code[at + 2] << 8 : -1;
            dated = op == POL_I_STEP || op == POL_I_PARAM_SOURCE || op == POL_I_EVAL_DATE ||
                    (op == POL_I_PARAM && index_ok(a, p->nparams) && p->param_dated[a]);
        }
        if (dated && !p->param_dated[i])
            return bad(why, c, 0, "a parameter that depends on the evaluation date is not marked dated");
    }
    return true;
}

static bool program_ok(const PolProgram *p, const char **why)
{
    if (p->id_member != -1 && !index_ok(p->id_member, p->facts->count)) {
        return invalid(why, "invalid policy: id member out of range");
    }
    if (p->date_member != -1 && !index_ok(p->date_member, p->facts->count)) {
        return invalid(why, "invalid policy: date member out of range");
    }
    if (p->applies_chunk != -1 && !index_ok(p->applies_chunk, p->nchunks)) {
        return invalid(why, "invalid policy: applies chunk out of range");
    }
    for (int i = 0; i < p->nsteps; i++) {
        const PolStep *st = &p->steps[i];
        if (st->through < st->from || !index_ok(st->span, p->nspans) ||
            (st->source != -1 && (!index_ok(st->source, p->nconsts) || p->consts[st->source].tag != POL_V_TEXT)))
            return invalid(why, "invalid step");
    }
    for (int i = 0; i < p->nparams; i++) {
        if (!index_ok(p->param_chunks[i], p->nchunks)) return invalid(why, "invalid parameter chunk");
        if (p->param_nsteps[i] && (!index_ok(p->param_steps[i], p->nsteps) || p->param_nsteps[i] > p->nsteps - p->param_steps[i]))
            return invalid(why, "invalid parameter steps");
    }
    for (int i = 0; i < p->ndefines; i++) {
        if (!index_ok(p->defines[i].chunk, p->nchunks)) return invalid(why, "invalid definition chunk");
        for (int k = 0; k < p->defines[i].nrules; k++) {
            if (!index_ok(p->defines[i].rules[k].span, p->nspans)) return invalid(why, "invalid rule span");
            if (p->defines[i].rules[k].step != -1 && !index_ok(p->defines[i].rules[k].step, p->nsteps))
                return invalid(why, "invalid rule step");
        }
    }
    for (int i = 0; i < p->nbranches; i++)
        if (!index_ok(p->branches[i].span, p->nspans))
            return invalid(why, "invalid branch span");
    for (int i = 0; i < p->nscales; i++)
        if (!scale_ok(&p->scales[i], p->nspans))
            return invalid(why, pol_strdup_printf("invalid scale `%s`", p->scales[i].name));
    for (int i = 0; i < p->nmeasures; i++) {
        const PolMeasureInfo *m = &p->measures[i];
        bool ok = index_ok(m->chunk, p->nchunks) && index_ok(m->span, p->nspans) && items_ok(m) && (m->step == -1 || index_ok(m->step, p->nsteps));
        for (int k = 0; k < m->nconds && ok; k++)
            ok = m->cond_steps[k] == -1 || index_ok(m->cond_steps[k], p->nsteps);
        for (int k = 0; k < m->ncaps && ok; k++)
            ok = m->cap_steps[k] == -1 || index_ok(m->cap_steps[k], p->nsteps);
        if (!ok) {
            *why = pol_strdup_printf("invalid measure `%s`", m->id);
            return false;
        }
    }
    for (int ci = 0; ci < p->nchunks; ci++) {
        int depth;
        if (!chunk_stack(p, ci, &depth, why))
            return false;
        if (depth > p->chunks[ci].max_stack)
            return bad(why, &p->chunks[ci], 0, "the stack is deeper than the chunk declares");
    }
    if (!dated_ok(p, why))
        return false;
    return types_verify(p, why);
}

const char *pol_verify_chunk(const PolProgram *p, int chunk, int *max_depth)
{
    const char *why = NULL;
    return chunk_stack(p, chunk, max_depth, &why) ? NULL : why;
}

const char *pol_verify_program(const PolProgram *p)
{
    const char *why = NULL;
    return program_ok(p, &why) ? NULL : why;
}
