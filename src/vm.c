/*
 * vm.c — the bytecode interpreter.
 *
 * A stack machine over PolValue. Each chunk runs in its own frame: its
 * locals sit on the value stack below its operands. Definitions, parameters
 * and measures are evaluated at most once per applicant and memoised;
 * the checker has rejected cycles, so the frames pushed through DEF, CALL
 * and GRANTED are bounded by the number of declarations (and by
 * POL_VM_MAX_CALLS). One C function runs them all (exec), without C
 * recursion. Every arithmetic instruction is checked: an overflow
 * or a division by zero stops the evaluation with an error that points at
 * the policy line, never a wrapped number.
 */
#include <gc.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "vm.h"

#define READ_U16(ip) pol_operand(ip)
#define READ_I16(ip) pol_jump_offset(ip)

/*
 * The leading conditions of a measure chunk that exec decides without
 * entering the chunk (see its measure loop), each of one of the common
 * shapes the compiler gives a `when`:
 *   T_DEF      DEF d; COND c                      a definition already known
 *   T_GRANTED  GRANTED m; COND c                  a measure already decided
 *   T_BOOL     FACT a; NOTE; COND c               a yes-or-no fact
 *   T_EQ       FACT a; NOTE; CONST k|TRUE; EQ; COND c   a fact = a constant
 *              (T_EQ_ENUM when the constant is an enum value: its number)
 *   T_PRESENT  FACT a; NOTE; IS_PRESENT; COND c   an optional fact is present
 *   T_FIELD    FACT a; UNWRAP; FIELD i; NOTE; [NOT;] COND c
 *                                                 a member of a present record
 *   T_FIELD_PRESENT  FACT a; FIELD_OPT i; NOTE; IS_PRESENT; COND c
 * (each NOTE may be missing). The fact is tested where it is, not copied
 * onto the stack; the test counts the steps of its instructions. A
 * chunk whose frame would not fit the stack gets none, so that entering it
 * fails as it always did.
 */
enum { T_DEF, T_GRANTED, T_BOOL, T_EQ, T_EQ_ENUM, T_PRESENT, T_FIELD, T_FIELD_NOT, T_FIELD_PRESENT };

/* What TRUE pushes, for the tests that compare with it. */
static const PolValue yes_value = {.tag = POL_V_BOOL, .as.b = true};

typedef struct CondTest {
    uint8_t kind;                 /* T_* */
    uint8_t steps;                /* the instructions it stands for */
    uint16_t a, i;                /* the fact, definition or measure; the member */
    uint16_t cond;                /* the condition's number (COND's operand) */
    int32_t end;                  /* the code offset after it */
    const PolValue *value;        /* T_EQ: the constant */
    int32_t e;                    /* T_EQ_ENUM: the enum value's number */
} CondTest;

typedef struct MeasurePrelude {
    int n;                        /* leading conditions of those shapes */
    CondTest *test;
    /* The first of them that test definitions 0 to 63 (T_DEF): nlead of
     * them, the definitions as bits, their steps and where they end. When
     * every one of those definitions is known and true, they are passed in
     * one test (a definition shared by several measures is tested once). */
    int nlead;
    uint64_t lead;
    int lead_steps;
    int32_t lead_end;
    bool grant_none;              /* GRANT_NONE right after them */
    bool fits;                    /* its frame fits an empty stack */
    int chunk;                    /* the measure's chunk */
    int32_t from, through;        /* the days it is in force (`in force from ...`) */
} MeasurePrelude;

/* The instruction at offset *o of c when it is `op`: the offset of its
 * operands, *o moved past it and one more step counted in *steps; else -1. */
static int take(const PolChunk *c, int32_t *o, PolOpcode op, int *steps)
{
    if (*o >= c->len || c->code[*o] != op || *o + pol_instruction_size(op) > c->len)
        return -1;
    int at = *o + 1;
    *o += pol_instruction_size(op);
    ++*steps;
    return at;
}

/* A NOTE at *o, if there is one, passed over. */
static void take_note(const PolChunk *c, int32_t *o, int *steps)
{
    (void)take(c, o, POL_I_NOTE, steps);
}

/* The condition test at offset o of measure chunk c, false when the code
 * there is none of the shapes. */
static bool cond_test(const PolProgram *p, const PolChunk *c, int32_t o, CondTest *t)
{
    int steps = 0, at;
    memset(t, 0, sizeof *t);
    if ((at = take(c, &o, POL_I_DEF, &steps)) >= 0 || (at = take(c, &o, POL_I_GRANTED, &steps)) >= 0) {
        t->kind = c->code[at - 1] == POL_I_DEF ? T_DEF : T_GRANTED;
        t->a = (uint16_t)READ_U16(c->code + at);
    } else if ((at = take(c, &o, POL_I_FACT, &steps)) >= 0) {
        t->a = (uint16_t)READ_U16(c->code + at);
        int k;
        take_note(c, &o, &steps);
        if (o < c->len && c->code[o] == POL_I_COND) {
            t->kind = T_BOOL;
        } else if (take(c, &o, POL_I_IS_PRESENT, &steps) >= 0) {
            t->kind = T_PRESENT;
        } else if ((k = take(c, &o, POL_I_CONST, &steps)) >= 0 || take(c, &o, POL_I_TRUE, &steps) >= 0) {
            if (take(c, &o, POL_I_EQ, &steps) < 0)
                return false;
            t->kind = T_EQ;
            t->value = k >= 0 ? &p->consts[READ_U16(c->code + k)] : &yes_value;
            if (t->value->tag == POL_V_ENUM) {
                t->kind = T_EQ_ENUM;
                t->e = t->value->as.enum_index;
            }
        } else if (take(c, &o, POL_I_UNWRAP, &steps) >= 0) {
            if ((at = take(c, &o, POL_I_FIELD, &steps)) < 0)
                return false;
            t->i = (uint16_t)READ_U16(c->code + at);
            take_note(c, &o, &steps);
            t->kind = take(c, &o, POL_I_NOT, &steps) >= 0 ? T_FIELD_NOT : T_FIELD;
        } else if ((at = take(c, &o, POL_I_FIELD_OPT, &steps)) >= 0) {
            t->i = (uint16_t)READ_U16(c->code + at);
            take_note(c, &o, &steps);
            if (take(c, &o, POL_I_IS_PRESENT, &steps) < 0)
                return false;
            t->kind = T_FIELD_PRESENT;
        } else {
            return false;
        }
    } else {
        return false;
    }
    if ((at = take(c, &o, POL_I_COND, &steps)) < 0)
        return false;
    t->cond = (uint16_t)READ_U16(c->code + at);
    t->steps = (uint8_t)steps;
    t->end = o;
    return true;
}

/*
 * A definition without arguments whose whole chunk reads one fact and
 * perhaps compares it with constants, the common shape of the terms
 * several measures share (`define enterprise: bool = kind = enterprise`):
 *   L_FACT  FACT a; NOTE; RETURN                    the fact itself
 *   L_EQ    FACT a; NOTE; CONST k|TRUE; EQ; RETURN  whether it equals a constant
 *   L_IN    FACT a; NOTE; CONST k1 ... CONST kn; IN n; RETURN
 *                                                   whether it is one of them
 * (the NOTE may be missing). Without tracing, exec gives such a definition
 * its value, and memoises it, without entering its chunk: the steps of its
 * instructions are counted, and when the step limit, the calls limit or
 * the stack would stop it, its chunk is entered as before and stops it at
 * the same instruction. The policy's `applies when` is often of that shape
 * too.
 */
enum { L_NONE, L_FACT, L_EQ, L_IN };

static inline bool values_equal(const PolValue *a, const PolValue *b);

typedef struct Leaf {
    uint8_t kind;                 /* L_* */
    uint8_t steps;                /* the instructions of its chunk */
    uint16_t a;                   /* the fact */
    int n;                        /* L_EQ: 1, L_IN: the constants */
    const PolValue **value;
    int32_t *e;                   /* when they are all enum values: their numbers, else NULL */
    int max_stack;                /* its chunk's */
} Leaf;

/* Whether chunk c is of one of those shapes: *l tells which. */
static bool leaf_of(const PolProgram *p, const PolChunk *c, Leaf *l)
{
    int steps = 0, at;
    int32_t o = 0;
    memset(l, 0, sizeof *l);
    if (c->nargs != 0 || c->nlocals != 0 || (at = take(c, &o, POL_I_FACT, &steps)) < 0)
        return false;
    l->a = (uint16_t)READ_U16(c->code + at);
    take_note(c, &o, &steps);
    int32_t first = o;
    int n = 0;
    while (take(c, &o, POL_I_CONST, &steps) >= 0 || take(c, &o, POL_I_TRUE, &steps) >= 0)
        n++;
    uint8_t kind;
    if (n == 0)
        kind = L_FACT;
    else if (n == 1 && take(c, &o, POL_I_EQ, &steps) >= 0)
        kind = L_EQ;
    else if ((at = take(c, &o, POL_I_IN, &steps)) >= 0 && READ_U16(c->code + at) == n)
        kind = L_IN;
    else
        return false;
    if (take(c, &o, POL_I_RETURN, &steps) < 0 || o != c->len)
        return false;
    l->kind = kind;
    l->n = n;
    l->max_stack = c->max_stack;
    l->value = GC_MALLOC((size_t)(n + 1) * sizeof *l->value);
    l->e = GC_MALLOC_ATOMIC((size_t)(n + 1) * sizeof *l->e);
    bool enums = true;
    for (int i = 0; i < n; i++) {
        l->value[i] = c->code[first] == POL_I_TRUE ? &yes_value : &p->consts[READ_U16(c->code + first + 1)];
        enums &= l->value[i]->tag == POL_V_ENUM;
        l->e[i] = l->value[i]->as.enum_index;
        first += pol_instruction_size((PolOpcode)c->code[first]);
    }
    if (!enums)
        l->e = NULL;
    l->steps = (uint8_t)steps;
    return true;
}

/* The value of a leaf definition for facts. */
static inline void leaf_value(const Leaf *l, const PolValue *facts, PolValue *out)
{
    const PolValue *x = &facts[l->a];
    if (l->kind == L_FACT) {
        *out = *x;
        return;
    }
    bool found = false;
    if (l->e) {
        if (x->tag == POL_V_ENUM)
            for (int i = 0; i < l->n && !found; i++)
                found = x->as.enum_index == l->e[i];
    } else {
        for (int i = 0; i < l->n && !found; i++)
            found = values_equal(x, l->value[i]);
    }
    out->tag = POL_V_BOOL;
    out->as.b = found;
}

/* What pol_eval_new allocates: the PolEval of vm.h first (a PolEval * is
 * an Eval *), then what only this file needs. */
typedef struct Eval {
    PolEval pub;
    MeasurePrelude *prelude;      /* one per measure */
    PolMeasureResult *blank;      /* each measure's result before it is evaluated: zeros,
                                     failed_cond and cap_bit -1, its own buffers
                                     (pol_eval_run) */
    int nitems;                   /* the per-item measures, and their numbers */
    int *items;
    uint64_t def_true, def_false; /* definitions 0 to 63 known for this applicant, by value */
    Leaf *leaf;                   /* one per definition, L_NONE for most */
    Leaf applies;                 /* the policy's `applies when` */
} Eval;

static MeasurePrelude *preludes(const PolProgram *p)
{
    MeasurePrelude *ms = GC_MALLOC((size_t)(p->nmeasures + 1) * sizeof *ms);
    for (int m = 0; m < p->nmeasures; m++) {
        const PolChunk *c = &p->chunks[p->measures[m].chunk];
        CondTest t;
        int32_t o = 0;
        int n = 0;
        int32_t step = p->measures[m].step;
        ms[m].chunk = p->measures[m].chunk;
        ms[m].from = step < 0 ? INT32_MIN : p->steps[step].from;
        ms[m].through = step < 0 ? INT32_MAX : p->steps[step].through;
        ms[m].fits = c->nlocals + c->max_stack < POL_VM_STACK;
        if (ms[m].fits)
            for (; cond_test(p, c, o, &t); o = t.end)
                n++;
        ms[m].n = n;
        ms[m].grant_none = ms[m].fits && o < c->len && c->code[o] == POL_I_GRANT_NONE;
        ms[m].test = GC_MALLOC((size_t)(n + 1) * sizeof *ms[m].test);
        o = 0;
        for (int j = 0; j < n; j++) {
            const CondTest *tj = &ms[m].test[j];
            cond_test(p, c, o, &ms[m].test[j]);
            o = tj->end;
            if (ms[m].nlead == j && tj->kind == T_DEF && tj->a < 64) {
                ms[m].nlead++;
                ms[m].lead |= (uint64_t)1 << tj->a;
                ms[m].lead_steps += tj->steps;
                ms[m].lead_end = tj->end;
            }
        }
    }
    return ms;
}

PolEval *pol_eval_new(const PolProgram *p)
{
    Eval *x = GC_MALLOC(sizeof *x);
    x->prelude = preludes(p);
    x->leaf = GC_MALLOC((size_t)(p->ndefines + 1) * sizeof *x->leaf);
    for (int k = 0; k < p->ndefines; k++)
        leaf_of(p, &p->chunks[p->defines[k].chunk], &x->leaf[k]);
    if (p->applies_chunk >= 0)
        leaf_of(p, &p->chunks[p->applies_chunk], &x->applies);
    PolEval *ev = &x->pub;
    ev->prog = p;
    ev->max_steps = POL_VM_MAX_STEPS;
    ev->measures = GC_MALLOC((size_t)(p->nmeasures + 1) * sizeof *ev->measures);
    for (int i = 0; i < p->nmeasures; i++) {
        ev->measures[i].conds = GC_MALLOC((size_t)(p->measures[i].nconds + 1) * sizeof(PolCondTrace));
        ev->measures[i].caps = GC_MALLOC((size_t)(p->measures[i].ncaps + 1) * sizeof(PolValue));
        if (p->measures[i].item_type) {
            PolItems *it = GC_MALLOC(sizeof *it);
            it->granted_cap = 8;
            it->granted = GC_MALLOC(sizeof *it->granted + (size_t)it->granted_cap * sizeof(PolValue));
            ev->measures[i].items = it;
        }
    }
    x->blank = GC_MALLOC((size_t)(p->nmeasures + 1) * sizeof *x->blank);
    memcpy(x->blank, ev->measures, (size_t)p->nmeasures * sizeof *x->blank);
    for (int i = 0; i < p->nmeasures; i++)
        x->blank[i].failed_cond = x->blank[i].cap_bit = -1;
    x->items = GC_MALLOC_ATOMIC((size_t)(p->nmeasures + 1) * sizeof *x->items);
    for (int i = 0; i < p->nmeasures; i++)
        if (p->measures[i].item_type)
            x->items[x->nitems++] = i;
    ev->defs = GC_MALLOC((size_t)(p->ndefines + 1) * sizeof *ev->defs);
    ev->def_state = GC_MALLOC_ATOMIC((size_t)(p->ndefines + 1));
    ev->def_reads_from = GC_MALLOC_ATOMIC((size_t)(p->ndefines + 1) * sizeof(int32_t));
    ev->def_reads_to = GC_MALLOC_ATOMIC((size_t)(p->ndefines + 1) * sizeof(int32_t));
    ev->def_rule = GC_MALLOC_ATOMIC((size_t)(p->ndefines + 1) * sizeof(int32_t));
    ev->params = GC_MALLOC((size_t)(p->nparams + 1) * sizeof *ev->params);
    ev->param_state = GC_MALLOC_ATOMIC((size_t)(p->nparams + 1));
    memset(ev->param_state, 0, (size_t)(p->nparams + 1));
    ev->param_date = GC_MALLOC_ATOMIC((size_t)(p->nparams + 1) * sizeof *ev->param_date);
    ev->param_used = GC_MALLOC_ATOMIC((size_t)(p->nparams + 1));
    ev->stack = GC_MALLOC((size_t)POL_VM_STACK * sizeof *ev->stack);
    return ev;
}

int pol_eval_conditions_before(const PolEval *ev, int m)
{
    return ((const Eval *)ev)->prelude[m].n;
}

bool pol_eval_frameless(const PolEval *ev, int k)
{
    const Eval *x = (const Eval *)ev;
    return (k < 0 ? x->applies.kind : x->leaf[k].kind) != L_NONE;
}

/* Stops the evaluation with error `code` (E08xx) at span. The arguments
 * of its message are text, NULL past the last; they are kept so that the
 * message can be composed in any language (pol_eval_error). */
static bool fail(PolEval *ev, int32_t span, PolDiagCode code, const char *a, const char *b, const char *c)
{
    PolVmError *e = &ev->error;
    e->code = code;
    e->args[0] = a;
    e->args[1] = b;
    e->args[2] = c;
    e->span = span;
    return false;
}

/* The same for a limit n: the number is the message's argument. */
static bool fail_limit(PolEval *ev, int32_t span, PolDiagCode code, long n)
{
    snprintf(ev->error.number, sizeof ev->error.number, "%ld", n);
    return fail(ev, span, code, ev->error.number, NULL, NULL);
}

/* An error no policy can cause (the checker and the verifier rule it out):
 * no code, the message `m` with one text argument (or NULL). */
static bool internal_error(PolEval *ev, int32_t span, PolMsg m, const char *a)
{
    PolVmError *e = &ev->error;
    e->code = POL_NO_CODE;
    e->internal = m;
    e->args[0] = a;
    e->args[1] = e->args[2] = NULL;
    e->span = span;
    return false;
}

PolDiag pol_eval_error(const PolEval *ev, PolLang lang)
{
    const PolProgram *p = ev->prog;
    const PolVmError *e = &ev->error;
    PolSpan none = {0};
    PolSpan at = e->span >= 0 ? p->spans[e->span] : none;
    PolDiag d;
    if (e->code != POL_NO_CODE) {
        d = pol_diag_make(lang, e->code, at, e->args[0], e->args[1], e->args[2]);
    } else {   /* an internal error: no code, no help */
        d = pol_diag_error(lang, POL_NO_CODE, pol_msg(lang, e->internal, e->args[0]));
        d.span = at;
    }
    if (e->other_span >= 0) {
        PolDiag *note = GC_MALLOC(sizeof *note);
        note->severity = POL_NOTE;
        note->lang = lang;
        note->span = p->spans[e->other_span];
        note->message = pol_msg(lang, POL_MSG_other_rule_here);
        d.note = note;
    }
    return d;
}

/* E0820: the value of what runs `name` is repealed on the evaluation date
 * by its step st. */
static bool repealed(PolEval *ev, int32_t span, const char *name, const PolStep *st)
{
    PolVmError *e = &ev->error;
    pol_date_format(ev->eval_date, e->days[0], sizeof e->days[0]);
    pol_date_format(st->from, e->days[1], sizeof e->days[1]);
    return fail(ev, span, POL_E0820_value_not_in_force, name, e->days[0], e->days[1]);
}

/* The step of a dated parameter k in force on the evaluation date, NULL
 * when none is (a checked policy has one for every day in force). */
static const PolStep *step_of_param(const PolEval *ev, int k)
{
    const PolProgram *p = ev->prog;
    for (int32_t i = 0; i < p->param_nsteps[k]; i++) {
        const PolStep *st = &p->steps[p->param_steps[k] + i];
        if (ev->eval_date >= st->from && ev->eval_date <= st->through)
            return st;
    }
    return NULL;
}

/* Whether measure m holds on the evaluation date (`in force from ...`). */
static inline bool measure_in_force(const PolEval *ev, int m)
{
    int32_t s = ev->prog->measures[m].step;
    return s < 0 || (ev->eval_date >= ev->prog->steps[s].from && ev->eval_date <= ev->prog->steps[s].through);
}

static void record_read(PolEval *ev, int32_t path, int32_t index, PolValue v)
{
    if (ev->nreads == ev->cap_reads) {
        ev->cap_reads = ev->cap_reads ? ev->cap_reads * 2 : 64;
        ev->reads = GC_REALLOC(ev->reads, (size_t)ev->cap_reads * sizeof *ev->reads);
    }
    ev->reads[ev->nreads++] = (PolRead){path, index, -1, -1, -1, v};
}

/* Records what an explanation shows beside the facts read (vm.h). */
static void record_mark(PolEval *ev, PolRead r)
{
    record_read(ev, 0, 0, r.value);
    ev->reads[ev->nreads - 1] = r;
}

static void replay_reads(PolEval *ev, int32_t from, int32_t to)
{
    for (int32_t i = from; i < to; i++)
        record_mark(ev, ev->reads[i]);
}

/* ---- per-item measures ---- */

static int32_t grown(int32_t cap, int32_t need)
{
    int32_t n = cap ? cap : 8;
    while (n < need)
        n *= 2;
    return n;
}

/* A new result, for the item at list index `index`, the next in the order
 * taken; its subject's values are filled by ITEM_SUBJECT. */
static PolItemResult *item_start(PolItems *it, const PolMeasureInfo *mi, int32_t index, bool tracing)
{
    if (it->count == it->cap) {
        int32_t cap = grown(it->cap, it->count + 1);
        PolItemResult *items = GC_MALLOC((size_t)cap * sizeof *items);
        PolValue *subject = GC_MALLOC((size_t)cap * (size_t)(mi->nsubject + 1) * sizeof *subject);
        if (it->count) {
            memcpy(items, it->item, (size_t)it->count * sizeof *items);
            memcpy(subject, it->subject, (size_t)it->count * (size_t)mi->nsubject * sizeof *subject);
        }
        it->item = items;
        it->subject = subject;
        it->cap = cap;
    }
    PolItemResult *r = &it->item[it->count++];
    memset(r, 0, sizeof *r);
    r->index = index;
    r->outcome = POL_MEASURE_REFUSED;
    r->failed_cond = -1;
    r->cap_bit = -1;
    if (tracing) {
        r->conds = GC_MALLOC((size_t)(mi->nconds + 1) * sizeof *r->conds);
        r->caps = GC_MALLOC((size_t)(mi->ncaps + 1) * sizeof *r->caps);
        for (int k = 0; k < mi->ncaps; k++)
            r->caps[k] = pol_absent();
    }
    return r;
}

/* The item being decided is granted: one more of `earlier grants`. The
 * list is appended to in place: no value of it is held from one item to
 * the next (only the clauses of this measure can name it, and they are
 * done with it when the item is decided). */
static void item_granted(PolItems *it)
{
    PolListValue *g = it->granted;
    if (g->count == it->granted_cap) {
        int32_t cap = grown(it->granted_cap, g->count + 1);
        PolListValue *bigger = GC_MALLOC(sizeof *bigger + (size_t)cap * sizeof(PolValue));
        memcpy(bigger->items, g->items, (size_t)g->count * sizeof(PolValue));
        bigger->count = g->count;
        it->granted = g = bigger;
        it->granted_cap = cap;
    }
    g->items[g->count++] = it->current;
}

static inline int values_cmp(const PolValue *a, const PolValue *b);

/* The order the n items are taken in: by their `ordered by` values when
 * ITEM_KEY gave them, ties (and no values) in list order: a merge sort,
 * which is stable. */
static void items_order(PolItems *it, int32_t n)
{
    if (n > it->order_cap) {
        it->order_cap = grown(it->order_cap, n);
        it->order = GC_MALLOC_ATOMIC((size_t)it->order_cap * sizeof *it->order);
        it->scratch = GC_MALLOC_ATOMIC((size_t)it->order_cap * sizeof *it->scratch);
    }
    for (int32_t i = 0; i < n; i++)
        it->order[i] = i;
    it->norder = n;
    if (it->nkeys == 0)
        return;
    int32_t *from = it->order, *to = it->scratch;
    for (int32_t width = 1; width < n; width *= 2) {
        for (int32_t lo = 0; lo < n; lo += 2 * width) {
            int32_t mid = lo + width < n ? lo + width : n, hi = lo + 2 * width < n ? lo + 2 * width : n;
            int32_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                to[k++] = values_cmp(&it->key[from[j]], &it->key[from[i]]) < 0 ? from[j++] : from[i++];
            while (i < mid)
                to[k++] = from[i++];
            while (j < hi)
                to[k++] = from[j++];
        }
        int32_t *t = from;
        from = to;
        to = t;
    }
    if (from != it->order)
        memcpy(it->order, from, (size_t)n * sizeof *it->order);
}

/* Structural equality of two values of one type; ABSENT equals nothing.
 * By pointer and inline: a PolValue is 48 bytes. */
static inline bool values_equal(const PolValue *a, const PolValue *b)
{
    if (a->tag == POL_V_ABSENT || b->tag == POL_V_ABSENT || a->tag != b->tag)
        return false;
    switch (a->tag) {
    case POL_V_BOOL: return a->as.b == b->as.b;
    case POL_V_INT: return a->as.i == b->as.i;
    case POL_V_MONEY: return a->as.fen == b->as.fen;
    case POL_V_DEC: return pol_dec_cmp(a->as.dec, b->as.dec) == 0;
    case POL_V_UMONEY: return pol_umoney_cmp(a->as.umoney, b->as.umoney) == 0;
    case POL_V_DATE: return a->as.date == b->as.date;
    case POL_V_DUR: return a->as.dur.months == b->as.dur.months && a->as.dur.days == b->as.dur.days;
    case POL_V_ENUM: return a->as.enum_index == b->as.enum_index;
    case POL_V_TEXT: return a->as.text->len == b->as.text->len && memcmp(a->as.text->bytes, b->as.text->bytes, a->as.text->len) == 0;
    default: return false;
    }
}

/* Order of two values of one ordered type. */
static inline int values_cmp(const PolValue *a, const PolValue *b)
{
    switch (a->tag) {
    case POL_V_INT: return (a->as.i > b->as.i) - (a->as.i < b->as.i);
    case POL_V_MONEY: return (a->as.fen > b->as.fen) - (a->as.fen < b->as.fen);
    case POL_V_DATE: return (a->as.date > b->as.date) - (a->as.date < b->as.date);
    case POL_V_DEC: return pol_dec_cmp(a->as.dec, b->as.dec);
    case POL_V_UMONEY: return pol_umoney_cmp(a->as.umoney, b->as.umoney);
    default: return 0;
    }
}

static PolDiagCode num_error(PolNumStatus s)
{
    return s == POL_NUM_DIV_ZERO ? POL_E0801_division_by_zero : s == POL_NUM_BAD_DATE ? POL_E0803_date_out_of_calendar
                                                                                     : POL_E0802_result_too_large;
}

/* Values built without a call. Where the VM makes a bool or an absent
 * value on the stack it writes only the tag and the member that is read
 * (see SET_BOOL, PUSH_BOOL): no other byte of such a value is ever read. */
static inline PolValue v_int(int64_t i) { return (PolValue){.tag = POL_V_INT, .as.i = i}; }
static inline PolValue v_absent(void) { return (PolValue){.tag = POL_V_ABSENT}; }

/* Definition k has its value for this applicant: kept among the known
 * and true (MeasurePrelude). */
static inline void def_known(PolEval *ev, int k)
{
    if (k < 64 && ev->defs[k].tag == POL_V_BOOL) {
        if (ev->defs[k].as.b)
            ((Eval *)ev)->def_true |= (uint64_t)1 << k;
        else
            ((Eval *)ev)->def_false |= (uint64_t)1 << k;
    }
}

/* Whether leaf definition l can be given its value without a
 * frame: entered with the stack at base, depth calls deeper than now, it
 * would not stop at the step limit (fuel steps left), the calls limit or
 * the stack's end. */
static inline bool leaf_fits(const PolEval *ev, const Leaf *l, const PolValue *base, int depth, long fuel)
{
    return l->kind != L_NONE && fuel >= l->steps && ev->calls + depth <= POL_VM_MAX_CALLS &&
           (base - ev->stack) + l->max_stack < POL_VM_STACK;
}

/* ... and gives it definition k's value, memoised as RETURN does. */
static inline void leaf_def(PolEval *ev, const Leaf *l, int k, const PolValue *facts)
{
    leaf_value(l, facts, &ev->defs[k]);
    ev->def_reads_from[k] = ev->def_reads_to[k] = ev->nreads;
    ev->def_state[k] = 2;
    def_known(ev, k);
}

/*
 * What to do when a frame's chunk has finished: how the evaluation of a
 * definition, parameter, measure or the policy's `applies when` ends, as
 * eval_def, eval_param, eval_measure and eval_applies of a recursive
 * interpreter would do after their call returns.
 */
enum {
    K_ROOT_APPLIES,       /* the policy's `applies when`, before the measures */
    K_ROOT_MEASURE,       /* a measure of the top-level loop: go on with the next */
    K_CALL,               /* a definition with arguments: its value stays on the stack */
    K_DEF,                /* a definition without arguments: memoise its value */
    K_PARAM,              /* a parameter: keep its value for every applicant */
    K_GRANTED             /* a measure asked for by GRANTED: push whether it was granted */
};

typedef struct Frame {
    const PolChunk *ch;
    const uint8_t *ip;        /* where this chunk resumes while a callee runs */
    PolValue *locals;         /* its locals, then its operands, on the value stack */
    int32_t mark;             /* measure: reads since the last condition */
    int64_t capped;           /* measure: the amount under its ceilings */
    int chunk_index;
    int kind;                 /* K_* */
    int k;                    /* the definition, parameter or measure */
    int32_t from;             /* K_DEF, applies: the reads before it started */
} Frame;

/* The chunk whose value an instruction of frame f decides: its own, or
 * for a function (a definition with arguments) its caller's. */
static int owner_chunk(const Frame *frames, const Frame *f)
{
    while (f > frames && f->kind == K_CALL)
        f--;
    return f->chunk_index;
}

/*
 * Evaluates every measure for the applicant set up by pol_eval_run: the
 * policy's `applies when` (when in force), then each measure in order, with
 * definitions, parameters and other measures evaluated on demand and
 * memoised. One C function runs every chunk: entering a chunk pushes a
 * Frame (at most POL_VM_MAX_CALLS, as deep as the calls counter allows)
 * instead of recursing, so a definition or a measure costs a few stores,
 * not a C call.
 *
 * Dispatch is direct threading through a table of label addresses (GCC's
 * computed goto). The stack pointer, the step count and the tracing flag
 * live in locals. Each instruction counts one step, checked before it runs,
 * so the step limit stops at the same instruction, with the same span, as
 * a one-instruction-at-a-time loop. Without tracing, a NOTE after a value
 * read is skipped by the instruction before it (still counted as a step),
 * a memoised definition feeds the COND after it directly, and a constant
 * is compared by the EQ after it directly: the same work, fewer dispatches.
 * Also without tracing, a measure's first conditions of the common shapes
 * are decided before its chunk is entered (MeasurePrelude), and a
 * definition that only reads a fact is given its value without a frame
 * (Leaf): each counts the steps of the instructions it stands for, and
 * leaves them to the chunk when a limit would stop among them.
 */
static bool exec(PolEval *ev)
{
    const PolProgram *prog = ev->prog;
    Frame frames[POL_VM_MAX_CALLS + 1];
    Frame *f = NULL;                  /* the running frame; NULL between measures */
    const PolChunk *ch = NULL;
    const uint8_t *code = NULL, *ip = NULL;
    PolValue *locals = NULL;
    PolValue *sp = &ev->stack[ev->sp];
    PolMeasureResult *mr = NULL;
    int32_t mark = 0;
    int64_t capped = 0;
    const bool tracing = ev->tracing;
    long fuel = ev->max_steps - ev->steps;   /* steps left before the limit */
    const PolValue *facts = ev->facts.as.record->members;   /* a record, as pol_eval_run asks */
    int next_measure = 0;
    int m = 0;                        /* the measure being entered */
    const MeasurePrelude *pre = ((const Eval *)ev)->prelude;
    const Leaf *leaf = ((const Eval *)ev)->leaf;

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"
#pragma GCC diagnostic ignored "-Wpedantic"
    static const void *const dispatch[256] = {
        [0 ... 255] = &&op_UNKNOWN,
#define OP(name, operands, pops, pushes, doc) [POL_I_##name] = &&op_##name,
#include "opcodes.h"
#undef OP
    };
#pragma GCC diagnostic pop

#define SPAN() (ch->spans[(ip - code) - 1])
#define SYNC() (ev->sp = (int)(sp - ev->stack), ev->steps = ev->max_steps - fuel)
#define ERR(CODE, A, B, C) do { SYNC(); return fail(ev, SPAN(), CODE, A, B, C); } while (0)
#define ERR_INTERNAL(MSG, A) do { SYNC(); return internal_error(ev, SPAN(), MSG, A); } while (0)
#define CHECK(status) do { PolNumStatus s_ = (status); if (s_ != POL_NUM_OK) ERR(num_error(s_), NULL, NULL, NULL); } while (0)
#define POP() (*--sp)
#define PUSH(v) (*sp++ = (v))
#define TOP (sp[-1])
/* the top becomes a bool: tag and byte written in place (no other byte of a
 * bool is ever read) */
#define SET_BOOL(x) do { bool b_ = (x); TOP.tag = POL_V_BOOL; TOP.as.b = b_; } while (0)
#define PUSH_BOOL(x) do { bool b_ = (x); sp->tag = POL_V_BOOL; sp->as.b = b_; sp++; } while (0)
#define STEP() do { if (__builtin_expect(--fuel < 0, 0)) goto too_many; } while (0)
/* the item of a per-item measure being decided (none before its first
 * ITEM_NEXT: only a forged .polc does that) */
#define ITEM(r) PolItemResult *r = mr->items && mr->items->count ? &mr->items->item[mr->items->count - 1] : NULL; \
    if (!r) ERR_INTERNAL(POL_MSG_vm_no_item, prog->measures[ch->index].id)
#define NEXT do { STEP(); goto *dispatch[*ip++]; } while (0)
/* a NOTE right after a value read does nothing without tracing */
#define SKIP_NOTE() do { if (!tracing && *ip == POL_I_NOTE) { STEP(); ip += 5; } } while (0)
/* Enters chunk CI with NARGS arguments on the stack, at code offset START;
 * what happens when it ends is KIND (for definition, parameter or measure
 * K, reads before FROM). */
#define ENTER(CI, NARGS, KIND, K, FROM) ENTER_AT(CI, NARGS, KIND, K, FROM, 0)
#define ENTER_AT(CI, NARGS, KIND, K, FROM, START) do {                                                \
        int ci_ = (CI);                                                                            \
        const PolChunk *nch_ = &prog->chunks[ci_];                                                 \
        if (++ev->calls > POL_VM_MAX_CALLS) {                                                      \
            SYNC();                                                                                \
            return fail_limit(ev, nch_->len ? nch_->spans[0] : -1,                                 \
                              POL_E0808_calls_too_deep, POL_VM_MAX_CALLS);                         \
        }                                                                                          \
        PolValue *base_ = sp - (NARGS);                                                            \
        if ((base_ - ev->stack) + nch_->nlocals + nch_->max_stack >= POL_VM_STACK) {               \
            SYNC();                                                                                \
            return fail(ev, nch_->len ? nch_->spans[0] : -1, POL_E0809_out_of_stack, NULL, NULL, NULL); \
        }                                                                                          \
        if (f) {                                                                                   \
            f->ip = ip;                                                                            \
            f->mark = mark;                                                                        \
            f->capped = capped;                                                                    \
            f++;                                                                                   \
        } else {                                                                                   \
            f = frames;                                                                            \
        }                                                                                          \
        f->ch = ch = nch_;                                                                         \
        f->chunk_index = ci_;                                                                      \
        f->kind = (KIND);                                                                          \
        f->k = (K);                                                                                \
        f->from = (FROM);                                                                          \
        f->locals = locals = base_;                                                                \
        for (int i_ = (NARGS); i_ < ch->nlocals; i_++)                                             \
            locals[i_].tag = POL_V_ABSENT;                                                         \
        sp = locals + ch->nlocals;                                                                 \
        code = ch->code;                                                                           \
        ip = code + (START);                                                                       \
        mr = ch->kind == POL_CHUNK_MEASURE ? &ev->measures[ch->index] : NULL;                      \
        mark = ev->nreads;                                                                         \
        capped = 0;                                                                                \
        NEXT;                                                                                      \
    } while (0)

    /* ---- the policy's `applies when`, then each measure in turn ---- */
    if (ev->in_force) {   /* pol_eval_run has set applies to -1 */
        const Leaf *la = &((const Eval *)ev)->applies;
        if (prog->applies_chunk < 0) {
            ev->applies = 1;
        } else if (!tracing && leaf_fits(ev, la, sp, 1, fuel)) {
            PolValue v;
            fuel -= la->steps;
            leaf_value(la, facts, &v);
            ev->applies = v.as.b ? 1 : 0;
            ev->applies_reads_from = ev->applies_reads_to = ev->nreads;
        } else {
            ENTER(prog->applies_chunk, 0, K_ROOT_APPLIES, 0, ev->nreads);
        }
    }
next:
    while (next_measure < prog->nmeasures) {
        m = next_measure++;
        PolMeasureResult *r = &ev->measures[m];   /* failed_cond and cap_bit -1 (pol_eval_run) */
        if (r->state == 2)
            continue;
        const MeasurePrelude *pm = &pre[m];
        if (!ev->in_force || ev->eval_date < pm->from || ev->eval_date > pm->through) {
            r->outcome = POL_MEASURE_NOT_IN_FORCE;
        } else if (!ev->applies) {
            r->outcome = POL_MEASURE_NOT_APPLICABLE;
        } else {
            r->outcome = POL_MEASURE_REFUSED;
            /* The measure's first conditions, when of the common shapes,
             * are decided without entering its chunk (prelude); the chunk
             * is entered after those that hold, unless that decided the
             * measure. Not when tracing: conditions record their reads. */
            int ci = pm->chunk;
            int32_t start = 0;
            if (!tracing) {
                int j = 0;
                const Eval *x = (const Eval *)ev;
                if (pm->nlead && ((x->def_true | x->def_false) & pm->lead) == pm->lead && fuel >= pm->lead_steps) {
                    /* the leading definitions are all known: their first false one, if any */
                    if (x->def_false & pm->lead) {
                        while (!(x->def_false & (uint64_t)1 << pm->test[j].a))
                            j++;
                        fuel -= 2 * (j + 1);
                        r->failed_cond = pm->test[j].cond;
                        goto decided;
                    }
                    fuel -= pm->lead_steps;
                    j = pm->nlead;
                    start = pm->lead_end;
                }
                for (; j < pm->n; j++) {
                    const CondTest *t = &pm->test[j];
                    bool holds;
                    if (fuel < t->steps)
                        break;
                    switch (t->kind) {
                    case T_DEF:
                        if (ev->def_state[t->a] == 0 &&
                            leaf_fits(ev, &leaf[t->a], sp + prog->chunks[ci].nlocals, 2, fuel - t->steps)) {
                            fuel -= leaf[t->a].steps;   /* as DEF would, in the measure's frame */
                            leaf_def(ev, &leaf[t->a], t->a, facts);
                        }
                        if (ev->def_state[t->a] != 2)
                            goto enter;
                        holds = ev->defs[t->a].as.b;
                        break;
                    case T_GRANTED:
                        if (ev->measures[t->a].state != 2)
                            goto enter;
                        holds = ev->measures[t->a].outcome == POL_MEASURE_GRANTED;
                        break;
                    case T_BOOL: holds = facts[t->a].as.b; break;
                    case T_EQ: holds = values_equal(&facts[t->a], t->value); break;
                    case T_EQ_ENUM: holds = facts[t->a].tag == POL_V_ENUM && facts[t->a].as.enum_index == t->e; break;
                    case T_PRESENT: holds = facts[t->a].tag != POL_V_ABSENT; break;
                    case T_FIELD_PRESENT:
                        holds = facts[t->a].tag != POL_V_ABSENT &&
                                facts[t->a].as.record->members[t->i].tag != POL_V_ABSENT;
                        break;
                    default:   /* T_FIELD, T_FIELD_NOT: an UNWRAP of an absent record fails in the chunk */
                        if (facts[t->a].tag == POL_V_ABSENT)
                            goto enter;
                        holds = facts[t->a].as.record->members[t->i].as.b != (t->kind == T_FIELD_NOT);
                        break;
                    }
                    fuel -= t->steps;
                    if (!holds) {
                        r->failed_cond = t->cond;
                        goto decided;
                    }
                    start = t->end;
                }
                if (j == pm->n && pm->grant_none && fuel >= 1) {
                    fuel--;
                    r->outcome = POL_MEASURE_GRANTED;
                    goto decided;
                }
            }
        enter:
            r->state = 1;
            if (!pm->fits)
                ENTER_AT(ci, 0, K_ROOT_MEASURE, m, 0, start);
            /* ENTER_AT at the root, where nothing can fail: the calls
             * counter goes from 0 to 1 and the frame fits the stack */
            ev->calls++;
            f = frames;
            f->ch = ch = &prog->chunks[ci];
            f->chunk_index = ci;
            f->kind = K_ROOT_MEASURE;
            f->k = m;
            f->locals = locals = sp;
            for (int i = 0; i < ch->nlocals; i++)
                locals[i].tag = POL_V_ABSENT;
            sp = locals + ch->nlocals;
            code = ch->code;
            ip = code + start;
            mr = r;
            mark = ev->nreads;
            capped = 0;
            NEXT;
        }
    decided:
        r->state = 2;
    }
    SYNC();
    return true;

    /* ---- the instructions ---- */
op_CONST: {
    const PolValue *c = &prog->consts[READ_U16(ip)];
    ip += 2;
    if (*ip == POL_I_EQ) {            /* x = constant */
        STEP();
        ip++;
        SET_BOOL(values_equal(&TOP, c));
        NEXT;
    }
    PUSH(*c);
    NEXT;
}
op_TRUE: PUSH_BOOL(true); NEXT;
op_FALSE: PUSH_BOOL(false); NEXT;
op_ABSENT: sp->tag = POL_V_ABSENT; sp++; NEXT;
op_FACT: PUSH(facts[READ_U16(ip)]); ip += 2; SKIP_NOTE(); NEXT;
op_FIELD: {
    int i = READ_U16(ip); ip += 2;
    TOP = TOP.as.record->members[i];
    SKIP_NOTE();
    NEXT;
}
op_FIELD_OPT: {
    int i = READ_U16(ip); ip += 2;
    if (TOP.tag != POL_V_ABSENT)
        TOP = TOP.as.record->members[i];
    SKIP_NOTE();
    NEXT;
}
op_FIELD_LIST: {
    int i = READ_U16(ip); ip += 2;
    if (TOP.tag != POL_V_ABSENT) {
        TOP = TOP.as.record->members[i];
    } else {
        static const PolListValue empty = {0};
        TOP.tag = POL_V_LIST;
        TOP.as.list = &empty;
    }
    SKIP_NOTE();
    NEXT;
}
op_UNWRAP:
    if (TOP.tag == POL_V_ABSENT)
        ERR_INTERNAL(POL_MSG_vm_optional_absent, NULL);
    SKIP_NOTE();
    NEXT;
op_NOTE: {
    if (tracing) {
        int path = READ_U16(ip), slot = READ_U16(ip + 2);
        int32_t index = -1;
        if (slot != POL_NO_INDEX)
            index = (int32_t)locals[slot].as.i - 1;
        record_read(ev, path, index, TOP);
    }
    ip += 4;
    NEXT;
}
op_LOCAL: PUSH(locals[READ_U16(ip)]); ip += 2; NEXT;
op_SET_LOCAL: locals[READ_U16(ip)] = POP(); ip += 2; NEXT;
op_PARAM: {
    int k = READ_U16(ip); ip += 2;
    if (tracing)
        ev->param_used[k] = 1;
    /* parameters read no facts: kept for every applicant (a dated one, for
     * every applicant of the same evaluation date) */
    if (ev->param_state[k] && (!prog->param_dated[k] || ev->param_date[k] == ev->eval_date)) {
        PUSH(ev->params[k]);
        NEXT;
    }
    ENTER(prog->param_chunks[k], 0, K_PARAM, k, 0);
}
op_PARAM_SOURCE: {
    int k = READ_U16(ip); ip += 2;
    if (tracing)
        ev->param_used[k] = 1;
    const PolStep *st = step_of_param(ev, k);
    if (!st)
        ERR_INTERNAL(POL_MSG_vm_no_step, prog->param_names[k]);
    if (st->repealed) {
        SYNC();
        return repealed(ev, SPAN(), prog->param_names[k], st);
    }
    PUSH(prog->consts[st->source]);
    NEXT;
}
op_DEF_SOURCE: {
    int k = READ_U16(ip); ip += 2;
    int rule = ev->def_rule[k];
    const PolDefineInfo *di = &prog->defines[k];
    if (rule < 0 || rule >= di->nrules || di->rules[rule].step < 0)
        ERR_INTERNAL(POL_MSG_vm_no_step, di->name);
    TOP = prog->consts[prog->steps[di->rules[rule].step].source];
    NEXT;
}
op_DEF: {
    int k = READ_U16(ip); ip += 2;
    uint8_t state = ev->def_state[k];
    if (state == 0 && !tracing && leaf_fits(ev, &leaf[k], sp, 1, fuel)) {
        fuel -= leaf[k].steps;
        leaf_def(ev, &leaf[k], k, facts);
        state = 2;
    }
    if (state == 2) {
        if (tracing) {
            replay_reads(ev, ev->def_reads_from[k], ev->def_reads_to[k]);
        } else if (*ip == POL_I_COND) {   /* `when d` of a memoised d */
            STEP();
            int c = READ_U16(ip + 1);
            ip += 3;
            if (!ev->defs[k].as.b) {
                mr->outcome = POL_MEASURE_REFUSED;
                mr->failed_cond = c;
                goto measure_done;
            }
            NEXT;
        }
        PUSH(ev->defs[k]);
        NEXT;
    }
    if (state == 1)
        ERR_INTERNAL(POL_MSG_vm_definition_cycle, prog->defines[k].name);
    ev->def_state[k] = 1;
    ENTER(prog->defines[k].chunk, 0, K_DEF, k, ev->nreads);
}
op_CALL: {
    int k = READ_U16(ip), n = READ_U16(ip + 2);
    ip += 4;
    ENTER(prog->defines[k].chunk, n, K_CALL, k, 0);
}
op_GRANTED: {
    m = READ_U16(ip); ip += 2;
    PolMeasureResult *r = &ev->measures[m];
    if (r->state == 2) {
        PUSH_BOOL(r->outcome == POL_MEASURE_GRANTED);
        NEXT;
    }
    if (r->state == 1)
        ERR_INTERNAL(POL_MSG_vm_measure_cycle, prog->measures[m].id);
    r->state = 1;
    r->failed_cond = -1;
    r->cap_bit = -1;
    /* A chunk runs only when the policy is in force and applies: `applies
     * when` is decided before any measure, and cannot ask for one (E0521,
     * E0522); a forged .polc whose `applies when` does is refused here. */
    if (ev->applies < 0)
        ERR_INTERNAL(POL_MSG_vm_measure_cycle, prog->measures[m].id);
    if (!measure_in_force(ev, m)) {
        r->outcome = POL_MEASURE_NOT_IN_FORCE;
        r->state = 2;
        PUSH_BOOL(false);
        NEXT;
    }
    ev->measures[m].outcome = POL_MEASURE_REFUSED;
    ENTER(prog->measures[m].chunk, 0, K_GRANTED, m, 0);
}
op_EVAL_DATE: sp->tag = POL_V_DATE; sp->as.date = ev->eval_date; sp++; NEXT;
op_ADD_INT: { PolValue b = POP(); CHECK(pol_int_add(TOP.as.i, b.as.i, &TOP.as.i)); NEXT; }
op_SUB_INT: { PolValue b = POP(); CHECK(pol_int_sub(TOP.as.i, b.as.i, &TOP.as.i)); NEXT; }
op_MUL_INT: { PolValue b = POP(); CHECK(pol_int_mul(TOP.as.i, b.as.i, &TOP.as.i)); NEXT; }
op_NEG_INT: CHECK(pol_int_neg(TOP.as.i, &TOP.as.i)); NEXT;
op_TO_DEC: {
    if (TOP.tag != POL_V_INT)
        NEXT;   /* an absent optional integer stays absent */
    PolValue v = v_absent();
    v.tag = POL_V_DEC;
    v.as.dec = pol_dec_from_int(TOP.as.i);
    TOP = v;
    NEXT;
}
op_ADD_DEC: { PolValue b = POP(); CHECK(pol_dec_add(TOP.as.dec, b.as.dec, &TOP.as.dec)); NEXT; }
op_SUB_DEC: { PolValue b = POP(); CHECK(pol_dec_sub(TOP.as.dec, b.as.dec, &TOP.as.dec)); NEXT; }
op_MUL_DEC: { PolValue b = POP(); CHECK(pol_dec_mul(TOP.as.dec, b.as.dec, &TOP.as.dec)); NEXT; }
op_DIV_DEC: { PolValue b = POP(); CHECK(pol_dec_div(TOP.as.dec, b.as.dec, &TOP.as.dec)); NEXT; }
op_NEG_DEC: CHECK(pol_dec_neg(TOP.as.dec, &TOP.as.dec)); NEXT;
op_ADD_MONEY: { PolValue b = POP(); CHECK(pol_money_add(TOP.as.fen, b.as.fen, &TOP.as.fen)); NEXT; }
op_SUB_MONEY: { PolValue b = POP(); CHECK(pol_money_sub(TOP.as.fen, b.as.fen, &TOP.as.fen)); NEXT; }
op_NEG_MONEY: CHECK(pol_int_neg(TOP.as.fen, &TOP.as.fen)); NEXT;
op_MUL_MONEY_INT: { PolValue b = POP(); CHECK(pol_money_mul_int(TOP.as.fen, b.as.i, &TOP.as.fen)); NEXT; }
op_MUL_MONEY_DEC: {
    PolValue b = POP();
    PolUMoney u = pol_money_mul_dec(TOP.as.fen, b.as.dec);
    TOP.tag = POL_V_UMONEY;
    TOP.as.umoney = u;
    NEXT;
}
op_DIV_MONEY_DEC: {
    PolValue b = POP();
    PolDec inv;
    if (b.as.dec.num == 0)
        ERR(POL_E0801_division_by_zero, NULL, NULL, NULL);
    CHECK(pol_dec_make(b.as.dec.den, b.as.dec.num, &inv));
    PolUMoney u = pol_money_mul_dec(TOP.as.fen, inv);
    TOP.tag = POL_V_UMONEY;
    TOP.as.umoney = u;
    NEXT;
}
op_DIV_MONEY: {
    PolValue b = POP();
    PolDec d;
    CHECK(pol_money_div_money(TOP.as.fen, b.as.fen, &d));
    TOP.tag = POL_V_DEC;
    TOP.as.dec = d;
    NEXT;
}
op_ROUND: {
    int mode = READ_U16(ip), unit = READ_U16(ip + 2);
    ip += 4;
    PolUMoney u = TOP.tag == POL_V_MONEY ? pol_umoney_from_money(TOP.as.fen) : TOP.as.umoney;
    if (tracing) {
        /* the exact amount before rounding, as a read with a negative
         * path naming the rounding (see POL_READ_ROUNDING) */
        PolValue exact = v_absent();
        exact.tag = POL_V_UMONEY;
        exact.as.umoney = u;
        record_mark(ev, (PolRead){POL_READ_ROUNDING(mode, unit), ev->item, ev->item_list, -1, -1, exact});
        ev->item_list = ev->item = -1;
    }
    int64_t fen;
    CHECK(pol_umoney_round(u, (PolRound)mode, unit, &fen));
    TOP = ((PolValue){.tag = POL_V_MONEY, .as.fen = fen});
    NEXT;
}
op_TO_UMONEY:
    if (TOP.tag == POL_V_MONEY) {
        PolUMoney u = pol_umoney_from_money(TOP.as.fen);
        TOP.tag = POL_V_UMONEY;
        TOP.as.umoney = u;
    }
    NEXT;
op_ADD_UMONEY: { PolValue b = POP(); CHECK(pol_umoney_add(TOP.as.umoney, b.as.umoney, &TOP.as.umoney)); NEXT; }
op_SUB_UMONEY: { PolValue b = POP(); CHECK(pol_umoney_sub(TOP.as.umoney, b.as.umoney, &TOP.as.umoney)); NEXT; }
op_NEG_UMONEY: CHECK(pol_umoney_neg(TOP.as.umoney, &TOP.as.umoney)); NEXT;
op_MUL_UMONEY_DEC: { PolValue b = POP(); CHECK(pol_umoney_mul_dec(TOP.as.umoney, b.as.dec, &TOP.as.umoney)); NEXT; }
op_DIV_UMONEY_DEC: { PolValue b = POP(); CHECK(pol_umoney_div_dec(TOP.as.umoney, b.as.dec, &TOP.as.umoney)); NEXT; }
op_DIV_UMONEY: {
    PolValue b = POP();
    PolDec d;
    CHECK(pol_umoney_div(TOP.as.umoney, b.as.umoney, &d));
    TOP.tag = POL_V_DEC;
    TOP.as.dec = d;
    NEXT;
}
op_SCALE: {
    const PolScaleInfo *sc = &prog->scales[READ_U16(ip)];
    ip += 2;
    PolUMoney base = sc->money ? TOP.as.umoney : pol_umoney_from_dec(TOP.as.dec), value;
    int bracket;
    CHECK(pol_scale_apply(sc->brackets, sc->nbrackets, sc->marginal, base, &value, &bracket));
    if (tracing) {
        PolValue b = v_absent();
        b.tag = POL_V_UMONEY;
        b.as.umoney = base;
        record_mark(ev, (PolRead){POL_READ_SCALE, (int32_t)(sc - prog->scales), -1, bracket, owner_chunk(frames, f), b});
    }
    if (sc->money) {
        TOP.tag = POL_V_UMONEY;
        TOP.as.umoney = value;
    } else {
        PolDec d;
        CHECK(pol_umoney_to_dec(value, &d));
        TOP.tag = POL_V_DEC;
        TOP.as.dec = d;
    }
    NEXT;
}
op_ADD_MONTHS:
op_SUB_MONTHS: {
    bool sub = ip[-1] == POL_I_SUB_MONTHS;
    int mode = READ_U16(ip); ip += 2;
    PolDuration d = POP().as.dur;
    int64_t months = d.months, days = d.days;
    if (sub) { months = -months; days = -days; }
    int32_t date = TOP.as.date;
    CHECK(pol_date_add_months(date, months, (PolRound)mode, &date, NULL));
    CHECK(pol_date_add_days(date, days, &date));
    TOP.as.date = date;
    NEXT;
}
op_SUB_DATE: { PolValue b = POP(); TOP = v_int((int64_t)TOP.as.date - b.as.date); NEXT; }
op_ADD_DUR:
op_SUB_DUR: {
    bool add = ip[-1] == POL_I_ADD_DUR;
    PolDuration b = POP().as.dur;
    int64_t mo = (int64_t)TOP.as.dur.months + (add ? b.months : -b.months);
    int64_t d = (int64_t)TOP.as.dur.days + (add ? b.days : -b.days);
    if (mo > INT32_MAX || mo < INT32_MIN || d > INT32_MAX || d < INT32_MIN)
        ERR(POL_E0804_duration_overflow, NULL, NULL, NULL);
    TOP.as.dur.months = (int32_t)mo;
    TOP.as.dur.days = (int32_t)d;
    NEXT;
}
op_EQ: { sp--; SET_BOOL(values_equal(&TOP, sp)); NEXT; }
op_NE: { sp--; SET_BOOL(!values_equal(&TOP, sp)); NEXT; }
op_LT: { sp--; SET_BOOL(values_cmp(&TOP, sp) < 0); NEXT; }
op_LE: { sp--; SET_BOOL(values_cmp(&TOP, sp) <= 0); NEXT; }
op_GT: { sp--; SET_BOOL(values_cmp(&TOP, sp) > 0); NEXT; }
op_GE: { sp--; SET_BOOL(values_cmp(&TOP, sp) >= 0); NEXT; }
op_NOT: TOP.as.b = !TOP.as.b; NEXT;
op_IN: {
    int n = READ_U16(ip); ip += 2;
    sp -= n;
    bool found = false;
    for (int i = 0; i < n && !found; i++)
        found = values_equal(&sp[-1], &sp[i]);
    SET_BOOL(found);
    NEXT;
}
op_MIN:
op_MAX: {
    bool min = ip[-1] == POL_I_MIN;
    int n = READ_U16(ip); ip += 2;
    sp -= n;
    PolValue best = sp[0];
    for (int i = 1; i < n; i++) {
        int c = values_cmp(&sp[i], &best);
        if ((min && c < 0) || (!min && c > 0))
            best = sp[i];
    }
    PUSH(best);
    NEXT;
}
op_YEAR:
op_MONTH:
op_DAY: {
    int which = ip[-1];
    int y, mo, d;
    pol_date_to_ymd(TOP.as.date, &y, &mo, &d);
    TOP = v_int(which == POL_I_YEAR ? y : which == POL_I_MONTH ? mo : d);
    NEXT;
}
op_WITHIN: SET_BOOL(TOP.as.date >= prog->force_from && TOP.as.date <= prog->force_last); NEXT;
op_IS_PRESENT: SET_BOOL(TOP.tag != POL_V_ABSENT); NEXT;
op_JUMP: { int off = READ_I16(ip); ip += 2 + off; NEXT; }
op_JUMP_IF_FALSE: { int off = READ_I16(ip); ip += 2; if (!POP().as.b) ip += off; NEXT; }
op_AND: { int off = READ_I16(ip); ip += 2; if (!TOP.as.b) ip += off; else sp--; NEXT; }
op_OR: { int off = READ_I16(ip); ip += 2; if (TOP.as.b) ip += off; else sp--; NEXT; }
op_OTHERWISE: { int off = READ_I16(ip); ip += 2; if (TOP.tag != POL_V_ABSENT) ip += off; else sp--; NEXT; }
op_ITER: {
    int slot = READ_U16(ip), off = READ_I16(ip + 2);
    ip += 4;
    const PolListValue *l = locals[slot].as.list;
    int64_t i = locals[slot + 1].as.i;
    if ((uint64_t)i >= (uint64_t)l->count) {   /* unsigned: a negative index (a forged .polc) ends too */
        ip += off;
    } else {
        PUSH(l->items[i]);
        locals[slot + 1].as.i = i + 1;
    }
    NEXT;
}
op_RULE_EMPTY: { PolValue v = v_absent(); v.tag = (PolValueTag)POL_V_EMPTY; PUSH(v); NEXT; }
op_RULE_JOIN: {
    int slot = READ_U16(ip), rule = READ_U16(ip + 2);
    ip += 4;
    PolValue v = POP();
    if ((int)v.tag == POL_V_EMPTY)
        NEXT;
    if ((int)locals[slot].tag != POL_V_EMPTY) {
        int other = (int)locals[slot + 1].as.i;
        const PolDefineInfo *di = NULL;
        for (int k = 0; k < prog->ndefines; k++)
            if (prog->defines[k].chunk == f->chunk_index)
                di = &prog->defines[k];
        if (di && (other < 0 || other >= di->nrules))
            other = rule;   /* the slot was not filled by a rule (a forged .polc) */
        ev->error.other_span = di ? di->rules[other].span : -1;
        ERR(POL_E0805_rule_conflict,
            di ? di->name : "?", di ? di->rules[other].label : "?", di ? di->rules[rule].label : "?");
    }
    locals[slot] = v;
    locals[slot + 1] = v_int(rule);
    NEXT;
}
op_JUMP_IF_RULE: { int off = READ_I16(ip); ip += 2; if ((int)TOP.tag != POL_V_EMPTY) ip += off; else sp--; NEXT; }
op_RULE_APPLIES: {
    int rule = READ_U16(ip); ip += 2;
    if (ch->kind == POL_CHUNK_DEFINE)   /* for explanations and `source of` */
        ev->def_rule[ch->index] = rule;
    NEXT;
}
op_NO_RULE: ERR(POL_E0806_no_rule_applies, ch->name, NULL, NULL);
op_STEP: {
    const PolStep *st = &prog->steps[READ_U16(ip)];
    int off = READ_I16(ip + 2);
    ip += 4;
    if (ev->eval_date < st->from || ev->eval_date > st->through) {
        ip += off;
        NEXT;
    }
    if (st->repealed) {
        SYNC();
        return repealed(ev, SPAN(), ch->name, st);
    }
    NEXT;
}
op_NO_STEP: ERR_INTERNAL(POL_MSG_vm_no_step, ch->name);
op_COND: {
    int k = READ_U16(ip); ip += 2;
    bool holds = POP().as.b;
    if (tracing) {
        mr->conds[k] = (PolCondTrace){true, holds, mark, ev->nreads};
        mark = ev->nreads;
    }
    if (!holds) {
        mr->outcome = POL_MEASURE_REFUSED;
        mr->failed_cond = k;
        goto measure_done;
    }
    NEXT;
}
op_GRANT: {
    int64_t fen = POP().as.fen;
    mr->has_amount = true;
    mr->amount = fen;
    mr->outcome = fen > 0 || (fen == 0 && prog->measures[ch->index].zero_granted) ? POL_MEASURE_GRANTED : POL_MEASURE_ZERO;
    mr->amount_reads_from = mark;
    mr->amount_reads_to = ev->nreads;
    goto measure_done;
}
op_GRANT_NONE:
    mr->outcome = POL_MEASURE_GRANTED;
    goto measure_done;
op_CAP_BASE:
    capped = POP().as.fen;
    mr->base = capped;
    mr->cap_bit = -1;
    NEXT;
op_CAP: {
    int k = READ_U16(ip); ip += 2;
    PolValue cap = POP();
    if (tracing)
        mr->caps[k] = cap;
    if (cap.tag == POL_V_MONEY && cap.as.fen < capped) {
        capped = cap.as.fen;
        mr->cap_bit = k;
    }
    NEXT;
}
op_CAP_GRANT:
    mr->has_amount = true;
    mr->floored = capped < 0;
    mr->amount = capped < 0 ? 0 : capped;
    mr->outcome = mr->amount > 0 || prog->measures[ch->index].zero_granted ? POL_MEASURE_GRANTED : POL_MEASURE_ZERO;
    mr->amount_reads_from = mark;
    mr->amount_reads_to = ev->nreads;
    goto measure_done;
op_SOURCE:
    if (mr->items) {         /* a per-item measure: the item's source */
        ITEM(r);
        r->source = POP().as.text;
    } else {
        mr->source = POP().as.text;
    }
    if (tracing)
        mark = ev->nreads;   /* what the source read is no part of the amount */
    NEXT;
op_BRANCH: {
    int b = READ_U16(ip); ip += 2;
    if (tracing)
        record_mark(ev, (PolRead){POL_READ_BRANCH, b, -1, -1, owner_chunk(frames, f), v_absent()});
    NEXT;
}
op_ITEM: {
    if (tracing) {
        ev->item_list = READ_U16(ip);
        ev->item = (int32_t)locals[READ_U16(ip + 2)].as.i - 1;
    }
    ip += 4;
    NEXT;
}

    /* ---- per-item measures: the items of a list, one at a time ---- */
op_ITEM_KEY: {
    PolItems *it = mr->items;
    if (it->nkeys == it->key_cap) {
        int32_t cap = grown(it->key_cap, it->nkeys + 1);
        PolValue *key = GC_MALLOC((size_t)cap * sizeof *key);
        if (it->nkeys)
            memcpy(key, it->key, (size_t)it->nkeys * sizeof *key);
        it->key = key;
        it->key_cap = cap;
    }
    it->key[it->nkeys++] = POP();
    NEXT;
}
op_ITEM_ORDER: {
    int a = READ_U16(ip); ip += 2;
    PolItems *it = mr->items;
    int32_t n = locals[a].as.list->count;
    if (it->nkeys != 0 && it->nkeys != n)
        ERR_INTERNAL(POL_MSG_vm_items_unordered, prog->measures[ch->index].id);
    items_order(it, n);
    it->taken = true;
    it->count = 0;
    it->granted->count = 0;
    if (tracing) {
        it->list_reads_from = mark;
        it->list_reads_to = ev->nreads;
        mark = ev->nreads;
    }
    NEXT;
}
op_ITEM_NEXT: {
    int a = READ_U16(ip), off = READ_I16(ip + 2);
    ip += 4;
    PolItems *it = mr->items;
    const PolListValue *l = locals[a].as.list;
    int64_t pos = locals[a + 2].as.i;
    /* unsigned: a negative position (a forged .polc) ends too */
    if ((uint64_t)pos >= (uint64_t)it->norder || (uint64_t)it->order[pos] >= (uint64_t)l->count) {
        ip += off;
        NEXT;
    }
    int32_t index = it->order[pos];
    locals[a + 1] = v_int((int64_t)index + 1);
    locals[a + 2] = v_int(pos + 1);
    item_start(it, &prog->measures[ch->index], index, tracing);
    it->current = l->items[index];
    PUSH(it->current);
    if (tracing)
        mark = ev->nreads;
    NEXT;
}
op_ITEM_SUBJECT: {
    int n = READ_U16(ip); ip += 2;
    ITEM(r);
    (void)r;
    PolItems *it = mr->items;
    sp -= n;
    memcpy(&it->subject[(size_t)(it->count - 1) * (size_t)n], sp, (size_t)n * sizeof *sp);
    if (tracing)
        mark = ev->nreads;   /* what the subject read is no part of a condition */
    NEXT;
}
op_ITEM_COND: {
    int k = READ_U16(ip), off = READ_I16(ip + 2);
    ip += 4;
    ITEM(r);
    bool holds = POP().as.b;
    if (tracing) {
        r->conds[k] = (PolCondTrace){true, holds, mark, ev->nreads};
        mark = ev->nreads;
    }
    if (!holds) {
        r->failed_cond = k;
        ip += off;
    }
    NEXT;
}
op_ITEM_GRANT:
op_ITEM_CAP_GRANT:
op_ITEM_GRANT_NONE: {
    int op = ip[-1];
    ITEM(r);
    if (op == POL_I_ITEM_GRANT_NONE) {
        r->outcome = POL_MEASURE_GRANTED;
    } else {
        int64_t fen;
        if (op == POL_I_ITEM_GRANT) {
            fen = POP().as.fen;
        } else {
            r->base = mr->base;
            r->cap_bit = mr->cap_bit;
            r->floored = capped < 0;
            fen = capped < 0 ? 0 : capped;
            if (tracing)
                memcpy(r->caps, mr->caps, (size_t)prog->measures[ch->index].ncaps * sizeof *r->caps);
        }
        r->has_amount = true;
        r->amount = fen;
        r->outcome = fen > 0 || (fen == 0 && prog->measures[ch->index].zero_granted) ? POL_MEASURE_GRANTED : POL_MEASURE_ZERO;
        r->amount_reads_from = mark;
        r->amount_reads_to = ev->nreads;
    }
    if (r->outcome == POL_MEASURE_GRANTED)
        item_granted(mr->items);
    NEXT;
}
op_ITEMS_END: {
    const PolItems *it = mr->items;
    mr->outcome = POL_MEASURE_REFUSED;
    for (int32_t k = 0; k < it->count && mr->outcome != POL_MEASURE_GRANTED; k++)
        if (it->item[k].outcome == POL_MEASURE_GRANTED || it->item[k].outcome == POL_MEASURE_ZERO)
            mr->outcome = it->item[k].outcome;
    goto measure_done;
}
op_EARLIER: {
    PolValue v = v_absent();
    v.tag = POL_V_LIST;
    v.as.list = mr->items->granted;
    PUSH(v);
    NEXT;
}
op_UNKNOWN:
    snprintf(ev->error.number, sizeof ev->error.number, "%d", (int)ip[-1]);
    ERR_INTERNAL(POL_MSG_vm_unknown_instruction, ev->error.number);
too_many:
    ip++;
    SYNC();
    return fail_limit(ev, SPAN(), POL_E0807_too_many_steps, ev->max_steps);

    /* ---- a chunk has finished: back to the frame that entered it ---- */
op_RETURN: {
    PolValue v = POP();
    *locals = v;                      /* the result replaces the arguments */
    sp = locals + 1;
    ev->calls--;
    Frame *done = f;
    f = f == frames ? NULL : f - 1;
    if (f) {
        ch = f->ch;
        code = ch->code;
        ip = f->ip;
        locals = f->locals;
        mr = ch->kind == POL_CHUNK_MEASURE ? &ev->measures[ch->index] : NULL;
        mark = f->mark;
        capped = f->capped;
    }
    int k = done->k;
    switch (done->kind) {
    case K_DEF:
        ev->defs[k] = TOP;
        ev->def_reads_from[k] = done->from;
        ev->def_reads_to[k] = ev->nreads;
        ev->def_state[k] = 2;
        def_known(ev, k);
        NEXT;
    case K_PARAM:
        ev->params[k] = TOP;
        ev->param_state[k] = 1;
        ev->param_date[k] = ev->eval_date;
        NEXT;
    case K_ROOT_APPLIES:
        ev->applies = POP().as.b ? 1 : 0;
        ev->applies_reads_from = done->from;
        ev->applies_reads_to = ev->nreads;
        goto next;
    default: /* K_CALL */
        NEXT;
    }
}
measure_done: {
    sp = locals;
    ev->calls--;
    Frame *done = f;
    f = f == frames ? NULL : f - 1;
    ev->measures[done->k].state = 2;
    if (!f)                           /* K_ROOT_MEASURE */
        goto next;
    ch = f->ch;
    code = ch->code;
    ip = f->ip;
    locals = f->locals;
    mr = ch->kind == POL_CHUNK_MEASURE ? &ev->measures[ch->index] : NULL;
    mark = f->mark;
    capped = f->capped;
    PUSH_BOOL(ev->measures[done->k].outcome == POL_MEASURE_GRANTED);   /* K_GRANTED */
    NEXT;
}
#undef SPAN
#undef SYNC
#undef ERR
#undef ERR_INTERNAL
#undef CHECK
#undef POP
#undef PUSH
#undef TOP
#undef STEP
#undef SET_BOOL
#undef PUSH_BOOL
#undef NEXT
#undef SKIP_NOTE
#undef ITEM
#undef ENTER
#undef ENTER_AT
}

bool pol_eval_run(PolEval *ev, PolValue facts, int32_t eval_date, bool tracing)
{
    const PolProgram *p = ev->prog;
    ev->facts = facts;
    ev->eval_date = eval_date;
    ev->in_force = eval_date >= p->force_from && eval_date <= p->force_last;
    ev->tracing = tracing;
    ev->applies = -1;
    ev->nreads = 0;
    ev->sp = 0;
    ev->steps = 0;
    ev->calls = 0;
    ev->error.span = ev->error.other_span = -1;
    ev->error.code = POL_NO_CODE;
    ev->item_list = ev->item = -1;
    memset(ev->def_state, 0, (size_t)p->ndefines);
    if (tracing) {
        for (int i = 0; i < p->ndefines; i++)
            ev->def_rule[i] = -1;
        /* the dated parameters an applicant reads, through others too, are
         * named in its explanation: computed again, not taken as kept */
        memset(ev->param_used, 0, (size_t)p->nparams);
        for (int i = 0; i < p->nparams; i++)
            if (p->param_dated[i])
                ev->param_state[i] = 0;
    }
    /* every result as before its measure is evaluated, at once: zeros
     * around the buffers each measure keeps */
    Eval *x = (Eval *)ev;
    x->def_true = x->def_false = 0;
    memcpy(ev->measures, x->blank, (size_t)p->nmeasures * sizeof *ev->measures);
    for (int j = 0; j < x->nitems; j++) {
        PolItems *items = ev->measures[x->items[j]].items;
        items->count = items->nkeys = items->norder = 0;
        items->taken = false;
        items->granted->count = 0;
    }
    if (tracing)
        for (int i = 0; i < p->nmeasures; i++) {
            memset(ev->measures[i].conds, 0, (size_t)p->measures[i].nconds * sizeof(PolCondTrace));
            for (int k = 0; k < p->measures[i].ncaps; k++)
                ev->measures[i].caps[k] = pol_absent();
        }
    return exec(ev);
}
