/*
 * vm.c — the bytecode interpreter.
 *
 * A stack machine over PolValue. Each chunk runs in its own frame: its
 * locals sit on the value stack below its operands. Definitions, parameters
 * and measures are evaluated at most once per applicant and memoised;
 * the checker has rejected cycles, so the C recursion through DEF, CALL and
 * GRANTED is bounded by the number of declarations (and by
 * POL_VM_MAX_CALLS). Every arithmetic instruction is checked: an overflow
 * or a division by zero stops the evaluation with an error that points at
 * the policy line, never a wrapped number.
 */
#include <gc.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "vm.h"

PolEval *pol_eval_new(const PolProgram *p)
{
    PolEval *ev = GC_MALLOC(sizeof *ev);
    ev->prog = p;
    ev->measures = GC_MALLOC((size_t)(p->nmeasures + 1) * sizeof *ev->measures);
    for (int i = 0; i < p->nmeasures; i++) {
        ev->measures[i].conds = GC_MALLOC((size_t)(p->measures[i].nconds + 1) * sizeof(PolCondTrace));
        ev->measures[i].caps = GC_MALLOC((size_t)(p->measures[i].ncaps + 1) * sizeof(PolValue));
    }
    ev->defs = GC_MALLOC((size_t)(p->ndefines + 1) * sizeof *ev->defs);
    ev->def_state = GC_MALLOC_ATOMIC((size_t)(p->ndefines + 1));
    ev->def_reads_from = GC_MALLOC_ATOMIC((size_t)(p->ndefines + 1) * sizeof(int32_t));
    ev->def_reads_to = GC_MALLOC_ATOMIC((size_t)(p->ndefines + 1) * sizeof(int32_t));
    ev->params = GC_MALLOC((size_t)(p->nparams + 1) * sizeof *ev->params);
    ev->param_state = GC_MALLOC_ATOMIC((size_t)(p->nparams + 1));
    memset(ev->param_state, 0, (size_t)(p->nparams + 1));
    ev->stack = GC_MALLOC((size_t)POL_VM_STACK * sizeof *ev->stack);
    return ev;
}

static bool fail(PolEval *ev, int32_t span, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static bool fail(PolEval *ev, int32_t span, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ev->error.message, sizeof ev->error.message, fmt, ap);
    va_end(ap);
    ev->error.span = span;
    return false;
}

static void record_read(PolEval *ev, int32_t path, int32_t index, PolValue v)
{
    if (ev->nreads == ev->cap_reads) {
        ev->cap_reads = ev->cap_reads ? ev->cap_reads * 2 : 64;
        ev->reads = GC_REALLOC(ev->reads, (size_t)ev->cap_reads * sizeof *ev->reads);
    }
    ev->reads[ev->nreads++] = (PolRead){path, index, v};
}

static void replay_reads(PolEval *ev, int32_t from, int32_t to)
{
    for (int32_t i = from; i < to; i++)
        record_read(ev, ev->reads[i].path, ev->reads[i].index, ev->reads[i].value);
}

/* Structural equality of two values of one type; ABSENT equals nothing. */
static bool values_equal(PolValue a, PolValue b)
{
    if (a.tag == POL_V_ABSENT || b.tag == POL_V_ABSENT || a.tag != b.tag)
        return false;
    switch (a.tag) {
    case POL_V_BOOL: return a.as.b == b.as.b;
    case POL_V_INT: return a.as.i == b.as.i;
    case POL_V_MONEY: return a.as.fen == b.as.fen;
    case POL_V_DEC: return pol_dec_cmp(a.as.dec, b.as.dec) == 0;
    case POL_V_DATE: return a.as.date == b.as.date;
    case POL_V_DUR: return a.as.dur.months == b.as.dur.months && a.as.dur.days == b.as.dur.days;
    case POL_V_ENUM: return a.as.enum_index == b.as.enum_index;
    case POL_V_TEXT: return a.as.text->len == b.as.text->len && memcmp(a.as.text->bytes, b.as.text->bytes, a.as.text->len) == 0;
    default: return false;
    }
}

/* Order of two values of one ordered type. */
static int values_cmp(PolValue a, PolValue b)
{
    switch (a.tag) {
    case POL_V_INT: return (a.as.i > b.as.i) - (a.as.i < b.as.i);
    case POL_V_MONEY: return (a.as.fen > b.as.fen) - (a.as.fen < b.as.fen);
    case POL_V_DATE: return (a.as.date > b.as.date) - (a.as.date < b.as.date);
    case POL_V_DEC: return pol_dec_cmp(a.as.dec, b.as.dec);
    default: return 0;
    }
}

static bool run_chunk(PolEval *ev, int chunk, int nargs);

static bool eval_def(PolEval *ev, int k, int32_t span)
{
    if (ev->def_state[k] == 2) {
        if (ev->tracing)
            replay_reads(ev, ev->def_reads_from[k], ev->def_reads_to[k]);
        ev->stack[ev->sp++] = ev->defs[k];
        return true;
    }
    if (ev->def_state[k] == 1)
        return fail(ev, span, "`%s` depends on itself", ev->prog->defines[k].name);
    ev->def_state[k] = 1;
    int32_t from = ev->nreads;
    if (!run_chunk(ev, ev->prog->defines[k].chunk, 0))
        return false;
    ev->defs[k] = ev->stack[ev->sp - 1];
    ev->def_reads_from[k] = from;
    ev->def_reads_to[k] = ev->nreads;
    ev->def_state[k] = 2;
    return true;
}

static bool eval_param(PolEval *ev, int k)
{
    if (!ev->param_state[k]) {
        if (!run_chunk(ev, ev->prog->param_chunks[k], 0))
            return false;
        ev->params[k] = ev->stack[--ev->sp];
        ev->param_state[k] = 1;   /* parameters read no facts: kept for every applicant */
    }
    ev->stack[ev->sp++] = ev->params[k];
    return true;
}

static bool eval_applies(PolEval *ev)
{
    if (ev->applies >= 0)
        return true;
    if (ev->prog->applies_chunk < 0) {
        ev->applies = 1;
        return true;
    }
    int32_t from = ev->nreads;
    if (!run_chunk(ev, ev->prog->applies_chunk, 0))
        return false;
    ev->applies = ev->stack[--ev->sp].as.b ? 1 : 0;
    ev->applies_reads_from = from;
    ev->applies_reads_to = ev->nreads;
    return true;
}

static bool eval_measure(PolEval *ev, int m, int32_t span)
{
    PolMeasureResult *r = &ev->measures[m];
    if (r->state == 2)
        return true;
    if (r->state == 1)
        return fail(ev, span, "measure `%s` depends on itself", ev->prog->measures[m].id);
    r->state = 1;
    r->failed_cond = -1;
    r->cap_bit = -1;
    if (!ev->in_force) {
        r->outcome = POL_MEASURE_NOT_IN_FORCE;
    } else {
        if (!eval_applies(ev))
            return false;
        if (!ev->applies) {
            r->outcome = POL_MEASURE_NOT_APPLICABLE;
        } else {
            r->outcome = POL_MEASURE_REFUSED;
            if (!run_chunk(ev, ev->prog->measures[m].chunk, 0))
                return false;
        }
    }
    r->state = 2;
    return true;
}

#define READ_U16(ip) ((int)((ip)[0] | ((ip)[1] << 8)))
#define READ_I16(ip) ((int)(int16_t)(uint16_t)((ip)[0] | ((ip)[1] << 8)))

static const char *num_error(PolNumStatus s)
{
    return s == POL_NUM_DIV_ZERO ? "division by zero" : s == POL_NUM_BAD_DATE ? "the date leaves the calendar (years 1 to 9999)"
                                                                             : "the result is too large to be exact";
}

/*
 * Runs chunk with nargs arguments already on the stack. A value-returning
 * chunk leaves its result in place of the arguments; a measure chunk leaves
 * nothing and records its result.
 */
static bool run_chunk(PolEval *ev, int chunk_index, int nargs)
{
    const PolProgram *prog = ev->prog;
    const PolChunk *ch = &prog->chunks[chunk_index];
    if (++ev->calls > POL_VM_MAX_CALLS) {
        ev->calls--;
        return fail(ev, ch->len ? ch->spans[0] : -1, "definitions call each other more than %d deep", POL_VM_MAX_CALLS);
    }
    int base = ev->sp - nargs;
    if (base + ch->nlocals + ch->max_stack >= POL_VM_STACK) {
        ev->calls--;
        return fail(ev, ch->len ? ch->spans[0] : -1, "the evaluation needs more stack than the VM has");
    }
    for (int i = nargs; i < ch->nlocals; i++)
        ev->stack[base + i] = pol_absent();
    PolValue *locals = &ev->stack[base];
    ev->sp = base + ch->nlocals;
    PolValue *sp = &ev->stack[ev->sp];
    const uint8_t *code = ch->code;
    const uint8_t *ip = code;
    PolMeasureResult *mr = ch->kind == POL_CHUNK_MEASURE ? &ev->measures[ch->index] : NULL;
    int32_t mark = ev->nreads;    /* reads since the last measure condition */
    int64_t capped = 0;

#define SPAN() (ch->spans[(ip - code) - 1])
#define ERR(...) do { ev->sp = (int)(sp - ev->stack); ev->calls--; return fail(ev, SPAN(), __VA_ARGS__); } while (0)
#define CHECK(status) do { PolNumStatus s_ = (status); if (s_ != POL_NUM_OK) ERR("%s", num_error(s_)); } while (0)
#define POP() (*--sp)
#define PUSH(v) (*sp++ = (v))
#define TOP (sp[-1])

    for (;;) {
        if (++ev->steps > POL_VM_MAX_STEPS) {
            ip++;
            ERR("the evaluation took more than %ld steps", POL_VM_MAX_STEPS);
        }
        PolOpcode op = (PolOpcode)*ip++;
        switch (op) {
        case POL_I_CONST: PUSH(prog->consts[READ_U16(ip)]); ip += 2; break;
        case POL_I_TRUE: PUSH(pol_bool(true)); break;
        case POL_I_FALSE: PUSH(pol_bool(false)); break;
        case POL_I_ABSENT: PUSH(pol_absent()); break;
        case POL_I_FACT: PUSH(ev->facts.as.record->members[READ_U16(ip)]); ip += 2; break;
        case POL_I_FIELD: {
            int m = READ_U16(ip); ip += 2;
            TOP = TOP.as.record->members[m];
            break;
        }
        case POL_I_FIELD_OPT: {
            int m = READ_U16(ip); ip += 2;
            if (TOP.tag != POL_V_ABSENT)
                TOP = TOP.as.record->members[m];
            break;
        }
        case POL_I_FIELD_LIST: {
            int m = READ_U16(ip); ip += 2;
            if (TOP.tag != POL_V_ABSENT) {
                TOP = TOP.as.record->members[m];
            } else {
                static const PolListValue empty = {0};
                TOP.tag = POL_V_LIST;
                TOP.as.list = &empty;
            }
            break;
        }
        case POL_I_UNWRAP:
            if (TOP.tag == POL_V_ABSENT)
                ERR("an optional value is absent here");
            break;
        case POL_I_NOTE: {
            int path = READ_U16(ip), slot = READ_U16(ip + 2);
            ip += 4;
            if (ev->tracing) {
                int32_t index = -1;
                if (slot != POL_NO_INDEX)
                    index = (int32_t)locals[slot].as.i - 1;
                record_read(ev, path, index, TOP);
            }
            break;
        }
        case POL_I_LOCAL: PUSH(locals[READ_U16(ip)]); ip += 2; break;
        case POL_I_SET_LOCAL: locals[READ_U16(ip)] = POP(); ip += 2; break;
        case POL_I_PARAM: {
            int k = READ_U16(ip); ip += 2;
            ev->sp = (int)(sp - ev->stack);
            if (!eval_param(ev, k)) { ev->calls--; return false; }
            sp = &ev->stack[ev->sp];
            break;
        }
        case POL_I_DEF: {
            int k = READ_U16(ip); ip += 2;
            ev->sp = (int)(sp - ev->stack);
            if (!eval_def(ev, k, SPAN())) { ev->calls--; return false; }
            sp = &ev->stack[ev->sp];
            break;
        }
        case POL_I_CALL: {
            int k = READ_U16(ip), n = READ_U16(ip + 2);
            ip += 4;
            ev->sp = (int)(sp - ev->stack);
            if (!run_chunk(ev, prog->defines[k].chunk, n)) { ev->calls--; return false; }
            sp = &ev->stack[ev->sp];
            break;
        }
        case POL_I_GRANTED: {
            int m = READ_U16(ip); ip += 2;
            ev->sp = (int)(sp - ev->stack);
            if (!eval_measure(ev, m, SPAN())) { ev->calls--; return false; }
            sp = &ev->stack[ev->sp];
            PUSH(pol_bool(ev->measures[m].outcome == POL_MEASURE_GRANTED));
            break;
        }
        case POL_I_EVAL_DATE: PUSH(pol_date(ev->eval_date)); break;
        case POL_I_ADD_INT: { PolValue b = POP(); CHECK(pol_int_add(TOP.as.i, b.as.i, &TOP.as.i)); break; }
        case POL_I_SUB_INT: { PolValue b = POP(); CHECK(pol_int_sub(TOP.as.i, b.as.i, &TOP.as.i)); break; }
        case POL_I_MUL_INT: { PolValue b = POP(); CHECK(pol_int_mul(TOP.as.i, b.as.i, &TOP.as.i)); break; }
        case POL_I_NEG_INT: CHECK(pol_int_neg(TOP.as.i, &TOP.as.i)); break;
        case POL_I_TO_DEC: {
            if (TOP.tag != POL_V_INT)
                break;   /* an absent optional integer stays absent */
            PolValue v = pol_absent();
            v.tag = POL_V_DEC;
            v.as.dec = pol_dec_from_int(TOP.as.i);
            TOP = v;
            break;
        }
        case POL_I_ADD_DEC: { PolValue b = POP(); CHECK(pol_dec_add(TOP.as.dec, b.as.dec, &TOP.as.dec)); break; }
        case POL_I_SUB_DEC: { PolValue b = POP(); CHECK(pol_dec_sub(TOP.as.dec, b.as.dec, &TOP.as.dec)); break; }
        case POL_I_MUL_DEC: { PolValue b = POP(); CHECK(pol_dec_mul(TOP.as.dec, b.as.dec, &TOP.as.dec)); break; }
        case POL_I_DIV_DEC: { PolValue b = POP(); CHECK(pol_dec_div(TOP.as.dec, b.as.dec, &TOP.as.dec)); break; }
        case POL_I_NEG_DEC: CHECK(pol_dec_neg(TOP.as.dec, &TOP.as.dec)); break;
        case POL_I_ADD_MONEY: { PolValue b = POP(); CHECK(pol_money_add(TOP.as.fen, b.as.fen, &TOP.as.fen)); break; }
        case POL_I_SUB_MONEY: { PolValue b = POP(); CHECK(pol_money_sub(TOP.as.fen, b.as.fen, &TOP.as.fen)); break; }
        case POL_I_NEG_MONEY: CHECK(pol_int_neg(TOP.as.fen, &TOP.as.fen)); break;
        case POL_I_MUL_MONEY_INT: { PolValue b = POP(); CHECK(pol_money_mul_int(TOP.as.fen, b.as.i, &TOP.as.fen)); break; }
        case POL_I_MUL_MONEY_DEC: {
            PolValue b = POP();
            PolUMoney u = pol_money_mul_dec(TOP.as.fen, b.as.dec);
            TOP.tag = POL_V_UMONEY;
            TOP.as.umoney = u;
            break;
        }
        case POL_I_DIV_MONEY_DEC: {
            PolValue b = POP();
            PolDec inv;
            if (b.as.dec.num == 0)
                ERR("division by zero");
            CHECK(pol_dec_make(b.as.dec.den, b.as.dec.num, &inv));
            PolUMoney u = pol_money_mul_dec(TOP.as.fen, inv);
            TOP.tag = POL_V_UMONEY;
            TOP.as.umoney = u;
            break;
        }
        case POL_I_DIV_MONEY: {
            PolValue b = POP();
            PolDec d;
            CHECK(pol_money_div_money(TOP.as.fen, b.as.fen, &d));
            TOP.tag = POL_V_DEC;
            TOP.as.dec = d;
            break;
        }
        case POL_I_ROUND: {
            int mode = READ_U16(ip), unit = READ_U16(ip + 2);
            ip += 4;
            PolUMoney u;
            if (TOP.tag == POL_V_MONEY) {
                u.num = TOP.as.fen;
                u.den = 1;
            } else {
                u = TOP.as.umoney;
            }
            int64_t fen;
            CHECK(pol_umoney_round(u, (PolRound)mode, unit, &fen));
            TOP = pol_money(fen);
            break;
        }
        case POL_I_ADD_MONTHS:
        case POL_I_SUB_MONTHS: {
            int mode = READ_U16(ip); ip += 2;
            PolDuration d = POP().as.dur;
            int64_t months = d.months, days = d.days;
            if (op == POL_I_SUB_MONTHS) { months = -months; days = -days; }
            int32_t date = TOP.as.date;
            CHECK(pol_date_add_months(date, months, (PolRound)mode, &date, NULL));
            CHECK(pol_date_add_days(date, days, &date));
            TOP.as.date = date;
            break;
        }
        case POL_I_SUB_DATE: { PolValue b = POP(); TOP = pol_int((int64_t)TOP.as.date - b.as.date); break; }
        case POL_I_ADD_DUR:
        case POL_I_SUB_DUR: {
            PolDuration b = POP().as.dur;
            int64_t m = (int64_t)TOP.as.dur.months + (op == POL_I_ADD_DUR ? b.months : -b.months);
            int64_t d = (int64_t)TOP.as.dur.days + (op == POL_I_ADD_DUR ? b.days : -b.days);
            if (m > INT32_MAX || m < INT32_MIN || d > INT32_MAX || d < INT32_MIN)
                ERR("the duration is too long");
            TOP.as.dur.months = (int32_t)m;
            TOP.as.dur.days = (int32_t)d;
            break;
        }
        case POL_I_EQ: { PolValue b = POP(); TOP = pol_bool(values_equal(TOP, b)); break; }
        case POL_I_NE: { PolValue b = POP(); TOP = pol_bool(!values_equal(TOP, b)); break; }
        case POL_I_LT: { PolValue b = POP(); TOP = pol_bool(values_cmp(TOP, b) < 0); break; }
        case POL_I_LE: { PolValue b = POP(); TOP = pol_bool(values_cmp(TOP, b) <= 0); break; }
        case POL_I_GT: { PolValue b = POP(); TOP = pol_bool(values_cmp(TOP, b) > 0); break; }
        case POL_I_GE: { PolValue b = POP(); TOP = pol_bool(values_cmp(TOP, b) >= 0); break; }
        case POL_I_NOT: TOP.as.b = !TOP.as.b; break;
        case POL_I_IN: {
            int n = READ_U16(ip); ip += 2;
            sp -= n;
            bool found = false;
            for (int i = 0; i < n && !found; i++)
                found = values_equal(sp[-1], sp[i]);
            TOP = pol_bool(found);
            break;
        }
        case POL_I_MIN:
        case POL_I_MAX: {
            int n = READ_U16(ip); ip += 2;
            sp -= n;
            PolValue best = sp[0];
            for (int i = 1; i < n; i++) {
                int c = values_cmp(sp[i], best);
                if ((op == POL_I_MIN && c < 0) || (op == POL_I_MAX && c > 0))
                    best = sp[i];
            }
            PUSH(best);
            break;
        }
        case POL_I_YEAR:
        case POL_I_MONTH:
        case POL_I_DAY: {
            int y, m, d;
            pol_date_to_ymd(TOP.as.date, &y, &m, &d);
            TOP = pol_int(op == POL_I_YEAR ? y : op == POL_I_MONTH ? m : d);
            break;
        }
        case POL_I_WITHIN: TOP = pol_bool(TOP.as.date >= prog->force_from && TOP.as.date <= prog->force_last); break;
        case POL_I_IS_PRESENT: TOP = pol_bool(TOP.tag != POL_V_ABSENT); break;
        case POL_I_JUMP: { int off = READ_I16(ip); ip += 2 + off; break; }
        case POL_I_JUMP_IF_FALSE: { int off = READ_I16(ip); ip += 2; if (!POP().as.b) ip += off; break; }
        case POL_I_AND: { int off = READ_I16(ip); ip += 2; if (!TOP.as.b) ip += off; else sp--; break; }
        case POL_I_OR: { int off = READ_I16(ip); ip += 2; if (TOP.as.b) ip += off; else sp--; break; }
        case POL_I_OTHERWISE: { int off = READ_I16(ip); ip += 2; if (TOP.tag != POL_V_ABSENT) ip += off; else sp--; break; }
        case POL_I_ITER: {
            int slot = READ_U16(ip), off = READ_I16(ip + 2);
            ip += 4;
            const PolListValue *l = locals[slot].as.list;
            int64_t i = locals[slot + 1].as.i;
            if (i >= l->count) {
                ip += off;
            } else {
                PUSH(l->items[i]);
                locals[slot + 1].as.i = i + 1;
            }
            break;
        }
        case POL_I_RULE_EMPTY: { PolValue v = pol_absent(); v.tag = (PolValueTag)POL_V_EMPTY; PUSH(v); break; }
        case POL_I_RULE_JOIN: {
            int slot = READ_U16(ip), rule = READ_U16(ip + 2);
            ip += 4;
            PolValue v = POP();
            if ((int)v.tag == POL_V_EMPTY)
                break;
            if ((int)locals[slot].tag != POL_V_EMPTY) {
                int other = (int)locals[slot + 1].as.i;
                const PolDefineInfo *di = NULL;
                for (int k = 0; k < prog->ndefines; k++)
                    if (prog->defines[k].chunk == chunk_index)
                        di = &prog->defines[k];
                ev->error.other_span = di ? di->rules[other].span : -1;
                ERR("two rules of `%s` apply at once: `%s` and `%s`; make one an exception to the other",
                    di ? di->name : "?", di ? di->rules[other].label : "?", di ? di->rules[rule].label : "?");
            }
            locals[slot] = v;
            locals[slot + 1] = pol_int(rule);
            break;
        }
        case POL_I_JUMP_IF_RULE: { int off = READ_I16(ip); ip += 2; if ((int)TOP.tag != POL_V_EMPTY) ip += off; else sp--; break; }
        case POL_I_NO_RULE: ERR("no rule of `%s` applies, and it has no default", ch->name);
        case POL_I_COND: {
            int k = READ_U16(ip); ip += 2;
            bool holds = POP().as.b;
            if (ev->tracing) {
                mr->conds[k] = (PolCondTrace){true, holds, mark, ev->nreads};
                mark = ev->nreads;
            }
            if (!holds) {
                mr->outcome = POL_MEASURE_REFUSED;
                mr->failed_cond = k;
                goto measure_done;
            }
            break;
        }
        case POL_I_GRANT: {
            int64_t fen = POP().as.fen;
            mr->has_amount = true;
            mr->amount = fen;
            mr->outcome = fen > 0 ? POL_MEASURE_GRANTED : POL_MEASURE_ZERO;
            mr->amount_reads_from = mark;
            mr->amount_reads_to = ev->nreads;
            goto measure_done;
        }
        case POL_I_GRANT_NONE:
            mr->outcome = POL_MEASURE_GRANTED;
            goto measure_done;
        case POL_I_CAP_BASE:
            capped = POP().as.fen;
            mr->base = capped;
            mr->cap_bit = -1;
            break;
        case POL_I_CAP: {
            int k = READ_U16(ip); ip += 2;
            PolValue cap = POP();
            if (ev->tracing)
                mr->caps[k] = cap;
            if (cap.tag == POL_V_MONEY && cap.as.fen < capped) {
                capped = cap.as.fen;
                mr->cap_bit = k;
            }
            break;
        }
        case POL_I_CAP_GRANT:
            mr->has_amount = true;
            mr->floored = capped < 0;
            mr->amount = capped < 0 ? 0 : capped;
            mr->outcome = mr->amount > 0 ? POL_MEASURE_GRANTED : POL_MEASURE_ZERO;
            mr->amount_reads_from = mark;
            mr->amount_reads_to = ev->nreads;
            goto measure_done;
        case POL_I_RETURN: {
            PolValue v = POP();
            ev->stack[base] = v;
            ev->sp = base + 1;
            ev->calls--;
            return true;
        }
        default:
            ERR("corrupt bytecode: unknown instruction %d", (int)op);
        }
    }
measure_done:
    ev->sp = base;
    ev->calls--;
    return true;
#undef SPAN
#undef ERR
#undef CHECK
#undef POP
#undef PUSH
#undef TOP
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
    ev->error.message[0] = '\0';
    memset(ev->def_state, 0, (size_t)p->ndefines);
    for (int i = 0; i < p->nmeasures; i++) {
        PolMeasureResult *r = &ev->measures[i];
        PolCondTrace *conds = r->conds;
        PolValue *caps = r->caps;
        memset(r, 0, sizeof *r);
        r->conds = conds;
        r->caps = caps;
        if (tracing) {
            memset(conds, 0, (size_t)p->measures[i].nconds * sizeof *conds);
            for (int k = 0; k < p->measures[i].ncaps; k++)
                caps[k] = pol_absent();
        }
    }
    if (ev->in_force && !eval_applies(ev))
        return false;
    for (int i = 0; i < p->nmeasures; i++)
        if (!eval_measure(ev, i, p->measures[i].span))
            return false;
    return true;
}
