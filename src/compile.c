/*
 * compile.c — checked AST to bytecode.
 *
 * One chunk per parameter, definition and measure, and one for the policy's
 * `applies when`. Expressions compile to stack code in the obvious way;
 * the two shapes worth a comment are quantifiers (a counted loop over a
 * list in three locals) and definitions with rules, which compile Catala's
 * default logic: a group of sibling rules joins its results in a local, two
 * applicable siblings are a conflict, and a rule's exceptions are tried
 * before the rule itself.
 */
#include <gc.h>
#include <stdint.h>
#include <string.h>
#include "alloc.h"
#include "compile.h"
#include "hash.h"
#include "polc.h"
#include "source.h"
#include "verify.h"

typedef struct Compiler {
    PolProgram *p;
    const PolChecked *checked;
    PolChunk *ch;
    int32_t span;           /* the span instructions are attributed to */
    PolMsg too_big;         /* what exceeded the bytecode's 16-bit operands */
    bool overflow;          /* ... if anything did */
    PolNameTable consts;    /* the constants by their bytes, the strings by their text: */
    PolNameTable strings;   /* each is kept once, found without a search */
    /* the definition being compiled: the exceptions to its rule r are
     * children[child_start[r]] to children[child_start[r + 1] - 1] */
    int *child_start, *children;
    bool else_if;           /* the `if` being generated is the `else` of another */
    PolKeywordSet kwset;    /* of the declaration being compiled: a branch is quoted in its words */
    int item_list, item_slot;   /* the innermost `sum` over a list of the facts: its path
                                   (a string) and the local of its index; -1 none */
} Compiler;

/* ---- emission ---- */

/* Something exceeded the bytecode's 16-bit operands: reported once compiling is done. */
static void overflowed(Compiler *c, PolMsg what)
{
    c->too_big = what;
    c->overflow = true;
}

/* The values of `is one of {...}`, `min(...)` and `max(...)` are all on
 * the stack at once, and a chunk may need at most 32768 values (the
 * verifier's bound, half the VM's stack): a list of more than LIST_MAX
 * values is too large for the bytecode, with room left for what an
 * expression holds below it. */
#define LIST_MAX 32000

static void listed(Compiler *c, int n)
{
    if (n > LIST_MAX)
        overflowed(c, POL_MSG_big_list);
}

static int32_t span_index(Compiler *c, PolSpan s)
{
    PolProgram *p = c->p;
    if (p->nspans > 0) {
        PolSpan *last = &p->spans[p->nspans - 1];
        if (last->src == s.src && last->first_line == s.first_line && last->first_col == s.first_col &&
            last->last_line == s.last_line && last->last_col == s.last_col)
            return p->nspans - 1;
    }
    p->spans = pol_grow(p->spans, (size_t)p->nspans, sizeof *p->spans);
    p->spans[p->nspans] = s;
    return p->nspans++;
}

static void emit_byte(Compiler *c, uint8_t b, int32_t span)
{
    PolChunk *ch = c->ch;
    if (ch->len == ch->cap) {
        ch->cap = ch->cap ? ch->cap * 2 : 64;
        ch->code = GC_REALLOC(ch->code, (size_t)ch->cap);
        ch->spans = GC_REALLOC(ch->spans, (size_t)ch->cap * sizeof *ch->spans);
    }
    ch->spans[ch->len] = span;
    ch->code[ch->len++] = b;
}

static void emit_u16(Compiler *c, int v, int32_t span)
{
    if (v < 0 || v > 0xffff)
        overflowed(c, POL_MSG_big_operand);
    emit_byte(c, (uint8_t)(v & 0xff), span);
    emit_byte(c, (uint8_t)((v >> 8) & 0xff), span);
}

static void op0(Compiler *c, PolOpcode op) { emit_byte(c, (uint8_t)op, c->span); }
static void op1(Compiler *c, PolOpcode op, int a) { op0(c, op); emit_u16(c, a, c->span); }
static void op2(Compiler *c, PolOpcode op, int a, int b) { op1(c, op, a); emit_u16(c, b, c->span); }

/* Emits a jump and returns the offset of its operand, to patch later. */
static int jump(Compiler *c, PolOpcode op)
{
    op0(c, op);
    emit_u16(c, 0, c->span);
    return c->ch->len - 2;
}

static int jump_a(Compiler *c, PolOpcode op, int a)
{
    op1(c, op, a);
    emit_u16(c, 0, c->span);
    return c->ch->len - 2;
}

static void patch(Compiler *c, int at)
{
    int off = c->ch->len - (at + 2);
    if (off > INT16_MAX)
        overflowed(c, POL_MSG_big_jump);
    c->ch->code[at] = (uint8_t)(off & 0xff);
    c->ch->code[at + 1] = (uint8_t)((off >> 8) & 0xff);
}

static void jump_back(Compiler *c, int target)
{
    op0(c, POL_I_JUMP);
    int off = target - (c->ch->len + 2);
    if (off < INT16_MIN)
        overflowed(c, POL_MSG_big_loop);
    emit_u16(c, off & 0xffff, c->span);
}

static int add_const(Compiler *c, PolValue v)
{
    PolProgram *p = c->p;
    PolValue *key = GC_MALLOC(sizeof *key);   /* the table keeps the bytes it was given */
    *key = v;
    int i = pol_names_put(&c->consts, (const char *)key, sizeof *key, p->nconsts);
    if (i >= 0)
        return i;
    p->consts = pol_grow(p->consts, (size_t)p->nconsts, sizeof *p->consts);
    p->consts[p->nconsts] = v;
    return p->nconsts++;
}

static int add_string(Compiler *c, const char *s)
{
    PolProgram *p = c->p;
    int i = pol_names_put(&c->strings, s, strlen(s), p->nstrings);
    if (i >= 0)
        return i;
    p->strings = pol_grow(p->strings, (size_t)p->nstrings, sizeof *p->strings);
    p->strings[p->nstrings] = s;
    return p->nstrings++;
}

static void push_const(Compiler *c, PolValue v) { op1(c, POL_I_CONST, add_const(c, v)); }

/* BRANCH: a branch of an `if` chain, for the explanation. */
static void branch(Compiler *c, const char *text, PolSpan span)
{
    PolProgram *p = c->p;
    p->branches = pol_grow(p->branches, (size_t)p->nbranches, sizeof *p->branches);
    p->branches[p->nbranches].text = text;
    p->branches[p->nbranches].span = span_index(c, span);
    op1(c, POL_I_BRANCH, p->nbranches++);
}

static PolValue zero_value(void) { PolValue v; memset(&v, 0, sizeof v); return v; }

static int text_const(Compiler *c, const char *s)
{
    PolValue v = zero_value();
    v.tag = POL_V_TEXT;
    v.as.text = pol_text_new(s, (uint32_t)strlen(s));
    return add_const(c, v);
}

/* A step (bytecode.h) of the days from..through, citing cite, written at
 * span: its index. */
static int add_step(Compiler *c, int32_t from, int32_t through, bool repealed, const PolCite *cite, PolSpan span)
{
    PolProgram *p = c->p;
    PolStep st;
    memset(&st, 0, sizeof st);
    st.from = from;
    st.through = through;
    st.repealed = repealed;
    st.source = cite && cite->source ? text_const(c, cite->source) : -1;
    st.has_verified = cite && cite->has_verified;
    st.verified = st.has_verified ? cite->verified : 0;
    st.span = span_index(c, span);
    p->steps = GC_REALLOC(p->steps, (size_t)(p->nsteps + 1) * sizeof *p->steps);
    p->steps[p->nsteps] = st;
    return p->nsteps++;
}

/* The step of a dated clause written at span (its range and what it
 * cites), -1 for a clause that neither holds on some days only nor cites
 * anything. */
static int clause_step(Compiler *c, const PolRange *r, const PolCite *cite, PolSpan span)
{
    if (!r->has && !(cite && cite->source))
        return -1;
    int32_t from = r->has ? r->from : c->checked->force_from;
    int32_t through = r->has && r->has_through ? r->through : c->checked->force_last;
    return add_step(c, from, through, false, cite, span);
}

/* STEP for a dated clause: jumps (to patch) when the evaluation date is
 * outside its days; -1, and nothing emitted, when it holds every day. */
static int step_jump(Compiler *c, int step, const PolRange *r)
{
    return step >= 0 && r->has ? jump_a(c, POL_I_STEP, step) : -1;
}

static int new_locals(Compiler *c, int n)
{
    int slot = c->ch->nlocals;
    c->ch->nlocals += n;
    return slot;
}


/* ---- expressions ---- */

static void gen(Compiler *c, const PolExpr *e, bool outer);

/* The kind of a value, optional or not. */
static PolTypeKind base_kind(const PolType *t)
{
    return t->kind == POL_T_OPT ? t->inner->kind : t->kind;
}

/* The expression of a dated clause (a ceiling, a condition): its value on
 * the clause's days, on the others what `outside` pushes (ABSENT: no
 * ceiling; TRUE: a condition that holds). */
static void gen_dated(Compiler *c, const PolExpr *e, PolSpan span, int step, const PolRange *r, PolOpcode outside)
{
    c->span = span_index(c, span);
    int out = step_jump(c, step, r);
    gen(c, e, true);
    c->span = span_index(c, span);
    if (out >= 0) {
        int done = jump(c, POL_I_JUMP);
        patch(c, out);
        op0(c, outside);
        patch(c, done);
    }
}

static bool is_int(const PolExpr *e) { return e->type && base_kind(e->type) == POL_T_INT; }
static bool is_dec(const PolExpr *e) { return e->type && base_kind(e->type) == POL_T_DEC; }
static bool is_money(const PolExpr *e) { return e->type && base_kind(e->type) == POL_T_MONEY; }
static bool is_umoney(const PolExpr *e) { return e->type && base_kind(e->type) == POL_T_UMONEY; }

/* Generates e converted to the type `to` expects: an integer to decimal,
 * money to unrounded money. */
static void gen_as(Compiler *c, const PolExpr *e, const PolType *to)
{
    gen(c, e, true);
    const PolType *t = to && to->kind == POL_T_OPT ? to->inner : to;
    if (t && t->kind == POL_T_DEC && is_int(e))
        op0(c, POL_I_TO_DEC);
    if (t && t->kind == POL_T_UMONEY && is_money(e))
        op0(c, POL_I_TO_UMONEY);
}

/* Two operands of one kind: an integer beside a decimal becomes one, money
 * beside unrounded money becomes unrounded. */
static void gen_pair(Compiler *c, const PolExpr *a, const PolExpr *b)
{
    bool dec = (is_dec(a) && is_int(b)) || (is_dec(b) && is_int(a));
    bool umoney = (is_umoney(a) && is_money(b)) || (is_umoney(b) && is_money(a));
    gen(c, a, true);
    if (dec && is_int(a)) op0(c, POL_I_TO_DEC);
    if (umoney && is_money(a)) op0(c, POL_I_TO_UMONEY);
    gen(c, b, true);
    if (dec && is_int(b)) op0(c, POL_I_TO_DEC);
    if (umoney && is_money(b)) op0(c, POL_I_TO_UMONEY);
}

static void gen_note(Compiler *c, const PolExpr *e)
{
    if (!e->path)
        return;
    int index_slot = POL_NO_INDEX;
    if (strstr(e->path, "[]")) {
        const PolExpr *root = e;
        while (root->kind == POL_E_MEMBER)
            root = root->left;
        if (root->kind == POL_E_NAME && root->ref == POL_REF_LOCAL)
            index_slot = root->ref_index - 2;
    }
    op2(c, POL_I_NOTE, add_string(c, e->path), index_slot);
}

static void gen_arith(Compiler *c, const PolExpr *e)
{
    const PolExpr *l = e->left, *r = e->right;
    PolTypeKind lk = l->type->kind, rk = r->type->kind, k = e->type->kind;
    switch (e->op) {
    case POL_OP_ADD:
    case POL_OP_SUB: {
        bool add = e->op == POL_OP_ADD;
        if (k == POL_T_UMONEY) {
            gen_as(c, l, e->type);
            gen_as(c, r, e->type);
            op0(c, add ? POL_I_ADD_UMONEY : POL_I_SUB_UMONEY);
            return;
        }
        gen_pair(c, l, r);
        if (lk == POL_T_DATE && rk == POL_T_DATE) op0(c, POL_I_SUB_DATE);
        else if (k == POL_T_INT) op0(c, add ? POL_I_ADD_INT : POL_I_SUB_INT);
        else if (k == POL_T_DEC) op0(c, add ? POL_I_ADD_DEC : POL_I_SUB_DEC);
        else if (k == POL_T_MONEY) op0(c, add ? POL_I_ADD_MONEY : POL_I_SUB_MONEY);
        else if (k == POL_T_DUR) op0(c, add ? POL_I_ADD_DUR : POL_I_SUB_DUR);
        else op1(c, add ? POL_I_ADD_MONTHS : POL_I_SUB_MONTHS, POL_ROUND_DOWN);
        return;
    }
    case POL_OP_MUL:
    case POL_OP_OF:
        if (k == POL_T_INT) { gen_pair(c, l, r); op0(c, POL_I_MUL_INT); return; }
        if (k == POL_T_DEC) { gen_pair(c, l, r); op0(c, POL_I_MUL_DEC); return; }
        if (lk == POL_T_UMONEY || rk == POL_T_UMONEY) {
            /* the amount first, then the factor as a decimal */
            const PolExpr *amount = lk == POL_T_UMONEY ? l : r, *factor = lk == POL_T_UMONEY ? r : l;
            gen(c, amount, true);
            gen(c, factor, true);
            if (is_int(factor)) op0(c, POL_I_TO_DEC);
            op0(c, POL_I_MUL_UMONEY_DEC);
            return;
        }
        /* money first, then the factor */
        if (lk == POL_T_MONEY) { gen(c, l, true); gen(c, r, true); }
        else { gen(c, r, true); gen(c, l, true); }
        op0(c, k == POL_T_MONEY ? POL_I_MUL_MONEY_INT : POL_I_MUL_MONEY_DEC);
        return;
    case POL_OP_DIV:
        if (lk == POL_T_MONEY && rk == POL_T_MONEY) { gen(c, l, true); gen(c, r, true); op0(c, POL_I_DIV_MONEY); return; }
        if (k == POL_T_DEC && (lk == POL_T_UMONEY || rk == POL_T_UMONEY)) {   /* a ratio */
            gen_as(c, l, &pol_type_umoney);
            gen_as(c, r, &pol_type_umoney);
            op0(c, POL_I_DIV_UMONEY);
            return;
        }
        gen(c, l, true);
        if (is_int(l)) op0(c, POL_I_TO_DEC);
        gen(c, r, true);
        if (is_int(r)) op0(c, POL_I_TO_DEC);
        op0(c, lk == POL_T_MONEY ? POL_I_DIV_MONEY_DEC : lk == POL_T_UMONEY ? POL_I_DIV_UMONEY_DEC : POL_I_DIV_DEC);
        return;
    default:
        return;
    }
}

static void gen_quant(Compiler *c, const PolExpr *e)
{
    int base = e->ref_index;
    int list = base, acc = base + 2, var = base + 3;
    gen(c, e->left, true);
    op1(c, POL_I_SET_LOCAL, list);
    push_const(c, pol_int(0));
    op1(c, POL_I_SET_LOCAL, list + 1);
    if (e->quant == POL_Q_COUNT || e->quant == POL_Q_SUM) {
        PolValue zero = pol_int(0);
        if (e->type->kind == POL_T_MONEY || e->type->kind == POL_T_UMONEY) zero = pol_money(0);
        if (e->type->kind == POL_T_DEC) { zero = zero_value(); zero.tag = POL_V_DEC; zero.as.dec.den = 1; }
        push_const(c, zero);
        if (e->type->kind == POL_T_UMONEY) op0(c, POL_I_TO_UMONEY);
        op1(c, POL_I_SET_LOCAL, acc);
    }
    int loop = c->ch->len;
    int done_iter = jump_a(c, POL_I_ITER, list);
    op1(c, POL_I_SET_LOCAL, var);
    /* a rounding in a sum's terms belongs to the item being summed */
    int saved_list = c->item_list, saved_slot = c->item_slot;
    if (e->quant == POL_Q_SUM) {
        c->item_list = e->left->path ? add_string(c, e->left->path) : -1;
        c->item_slot = e->left->path ? list + 1 : -1;
    }
    int skip = -1;
    if (e->cond) {
        gen(c, e->cond, true);
        skip = jump(c, POL_I_JUMP_IF_FALSE);
    }
    switch (e->quant) {
    case POL_Q_ANY: {
        op0(c, POL_I_TRUE);
        int end = jump(c, POL_I_JUMP);
        if (skip >= 0) patch(c, skip);
        jump_back(c, loop);
        patch(c, done_iter);
        op0(c, POL_I_FALSE);
        patch(c, end);
        return;
    }
    case POL_Q_ALL: {
        /* a true condition goes round again; a false one ends with false */
        jump_back(c, loop);
        patch(c, skip);
        op0(c, POL_I_FALSE);
        int end = jump(c, POL_I_JUMP);
        patch(c, done_iter);
        op0(c, POL_I_TRUE);
        patch(c, end);
        return;
    }
    case POL_Q_COUNT:
        op1(c, POL_I_LOCAL, acc);
        push_const(c, pol_int(1));
        op0(c, POL_I_ADD_INT);
        op1(c, POL_I_SET_LOCAL, acc);
        break;
    case POL_Q_SUM:
        op1(c, POL_I_LOCAL, acc);
        gen_as(c, e->value, e->type);
        c->item_list = saved_list;
        c->item_slot = saved_slot;
        op0(c, e->type->kind == POL_T_MONEY ? POL_I_ADD_MONEY : e->type->kind == POL_T_UMONEY ? POL_I_ADD_UMONEY
             : e->type->kind == POL_T_DEC ? POL_I_ADD_DEC : POL_I_ADD_INT);
        op1(c, POL_I_SET_LOCAL, acc);
        break;
    }
    if (skip >= 0) patch(c, skip);
    jump_back(c, loop);
    patch(c, done_iter);
    op1(c, POL_I_LOCAL, acc);
}

static void gen(Compiler *c, const PolExpr *e, bool outer)
{
    int32_t saved = c->span;
    c->span = span_index(c, e->span);
    switch (e->kind) {
    case POL_E_BOOL: op0(c, e->lit.b ? POL_I_TRUE : POL_I_FALSE); break;
    case POL_E_INT: push_const(c, pol_int(e->lit.i)); break;
    case POL_E_DEC: { PolValue v = zero_value(); v.tag = POL_V_DEC; v.as.dec = e->lit.dec; push_const(c, v); break; }
    case POL_E_MONEY: push_const(c, pol_money(e->lit.fen)); break;
    case POL_E_DATE: push_const(c, pol_date(e->lit.date)); break;
    case POL_E_DUR: { PolValue v = zero_value(); v.tag = POL_V_DUR; v.as.dur = e->lit.dur; push_const(c, v); break; }
    case POL_E_TEXT: {
        PolValue v = zero_value();
        v.tag = POL_V_TEXT;
        v.as.text = pol_text_new(e->lit.text, (uint32_t)strlen(e->lit.text));
        push_const(c, v);
        break;
    }
    case POL_E_NAME:
        switch (e->ref) {
        case POL_REF_ENUM_VALUE: push_const(c, pol_enum_value(e->ref_index)); break;
        case POL_REF_LOCAL: op1(c, POL_I_LOCAL, e->ref_index); break;
        case POL_REF_PARAM: op1(c, POL_I_PARAM, e->ref_decl->index); break;
        case POL_REF_DEFINE: op1(c, POL_I_DEF, e->ref_decl->index); break;
        case POL_REF_FACT: op1(c, POL_I_FACT, e->ref_index); break;
        default: op0(c, POL_I_ABSENT); break;
        }
        if (e->unwrap) op0(c, POL_I_UNWRAP);
        if (outer && e->ref == POL_REF_FACT) gen_note(c, e);
        break;
    case POL_E_MEMBER: {
        gen(c, e->left, false);
        bool left_optional = e->negated;
        bool list = e->type->kind == POL_T_LIST;
        op1(c, left_optional ? (list ? POL_I_FIELD_LIST : POL_I_FIELD_OPT) : POL_I_FIELD, e->ref_index);
        if (e->unwrap) op0(c, POL_I_UNWRAP);
        if (outer) gen_note(c, e);
        break;
    }
    case POL_E_CALL:
        if (e->ref == POL_REF_BUILTIN) {
            if (e->ref_index <= POL_BI_MAX) {
                for (int i = 0; i < e->args.count; i++)
                    gen_as(c, e->args.items[i], e->type);
                listed(c, e->args.count);
                op1(c, e->ref_index == POL_BI_MIN ? POL_I_MIN : POL_I_MAX, e->args.count);
            } else {
                gen(c, e->args.items[0], true);
                op0(c, e->ref_index == POL_BI_YEAR ? POL_I_YEAR : e->ref_index == POL_BI_MONTH ? POL_I_MONTH : POL_I_DAY);
            }
        } else if (e->ref == POL_REF_SCALE) {
            gen_as(c, e->args.items[0], e->ref_decl->scale_money ? &pol_type_umoney : &pol_type_dec);
            op1(c, POL_I_SCALE, e->ref_decl->index);
        } else {
            const PolDecl *d = e->ref_decl;
            for (int i = 0; i < e->args.count; i++)
                gen_as(c, e->args.items[i], d->params[i].type.type);
            op2(c, POL_I_CALL, d->index, e->args.count);
        }
        break;
    case POL_E_UNARY:
        gen(c, e->left, true);
        if (e->op == POL_OP_NOT) op0(c, POL_I_NOT);
        else op0(c, e->type->kind == POL_T_INT ? POL_I_NEG_INT : e->type->kind == POL_T_DEC ? POL_I_NEG_DEC
                  : e->type->kind == POL_T_UMONEY ? POL_I_NEG_UMONEY : POL_I_NEG_MONEY);
        break;
    case POL_E_BINARY:
        switch (e->op) {
        case POL_OP_AND:
        case POL_OP_OR: {
            gen(c, e->left, true);
            int j = jump(c, e->op == POL_OP_AND ? POL_I_AND : POL_I_OR);
            gen(c, e->right, true);
            patch(c, j);
            break;
        }
        case POL_OP_EQ: case POL_OP_NE: case POL_OP_LT: case POL_OP_LE: case POL_OP_GT: case POL_OP_GE: {
            static const PolOpcode cmp[] = {POL_I_EQ, POL_I_NE, POL_I_LT, POL_I_LE, POL_I_GT, POL_I_GE};
            gen_pair(c, e->left, e->right);
            op0(c, cmp[e->op - POL_OP_EQ]);
            break;
        }
        default:
            gen_arith(c, e);
        }
        break;
    case POL_E_IF: {
        /* each branch says it was taken (BRANCH, for the explanation); an
         * `else` that is itself an `if` lets that `if` say it */
        bool else_if = c->else_if;
        c->else_if = false;
        gen(c, e->cond, true);
        int j = jump(c, POL_I_JUMP_IF_FALSE);
        branch(c,
               pol_strdup_printf("%s%s%s %s", else_if ? pol_kw_in("else", c->kwset) : "", else_if ? " " : "",
                                 pol_kw_in("if", c->kwset), pol_span_text(e->cond->span)),
               e->cond->span);
        gen_as(c, e->left, e->type);
        int end = jump(c, POL_I_JUMP);
        patch(c, j);
        if (e->right->kind == POL_E_IF)
            c->else_if = true;
        else
            branch(c, "else", e->right->span);
        gen_as(c, e->right, e->type);
        patch(c, end);
        break;
    }
    case POL_E_IN: {
        bool dec = is_dec(e->left), umoney = is_umoney(e->left);
        for (int i = 0; i < e->args.count; i++) {
            dec |= is_dec(e->args.items[i]);
            umoney |= is_umoney(e->args.items[i]);
        }
        gen(c, e->left, true);
        if (dec && is_int(e->left)) op0(c, POL_I_TO_DEC);
        if (umoney && is_money(e->left)) op0(c, POL_I_TO_UMONEY);
        for (int i = 0; i < e->args.count; i++) {
            gen(c, e->args.items[i], true);
            if (dec && is_int(e->args.items[i])) op0(c, POL_I_TO_DEC);
            if (umoney && is_money(e->args.items[i])) op0(c, POL_I_TO_UMONEY);
        }
        listed(c, e->args.count);
        op1(c, POL_I_IN, e->args.count);
        if (e->negated) op0(c, POL_I_NOT);   /* is not one of */
        break;
    }
    case POL_E_OTHERWISE: {
        gen(c, e->left, true);
        if (e->type->kind == POL_T_UMONEY && is_money(e->left))
            op0(c, POL_I_TO_UMONEY);   /* before the paths meet: an absent value stays absent */
        int j = jump(c, POL_I_OTHERWISE);
        gen_as(c, e->right, e->type);
        patch(c, j);
        if (e->type->kind == POL_T_DEC && e->left->type->inner && e->left->type->inner->kind == POL_T_INT)
            op0(c, POL_I_TO_DEC);
        break;
    }
    case POL_E_PRESENT:
        gen(c, e->left, true);
        op0(c, POL_I_IS_PRESENT);
        if (e->negated) op0(c, POL_I_NOT);
        break;
    case POL_E_GRANTED: op1(c, POL_I_GRANTED, e->ref_decl->index); break;
    case POL_E_QUANT: gen_quant(c, e); break;
    case POL_E_ROUND:
        if (e->round_unit == 0) {
            const PolExpr *in = e->left;
            gen(c, in->left, true);
            gen(c, in->right, true);
            op1(c, in->op == POL_OP_ADD ? POL_I_ADD_MONTHS : POL_I_SUB_MONTHS, (int)e->round_mode);
        } else {
            gen(c, e->left, true);
            if (c->item_slot >= 0)
                op2(c, POL_I_ITEM, c->item_list, c->item_slot);
            op2(c, POL_I_ROUND, (int)e->round_mode, (int)e->round_unit);
        }
        break;
    case POL_E_EVAL_DATE: op0(c, POL_I_EVAL_DATE); break;
    case POL_E_EARLIER: op0(c, POL_I_EARLIER); break;
    case POL_E_POLICY_START: push_const(c, pol_date(c->checked->force_from)); break;
    case POL_E_POLICY_END: push_const(c, pol_date(c->checked->force_last)); break;
    case POL_E_WITHIN: gen(c, e->left, true); op0(c, POL_I_WITHIN); break;
    case POL_E_SOURCE_OF:
        if (e->ref == POL_REF_PARAM) {
            op1(c, POL_I_PARAM_SOURCE, e->ref_decl->index);
        } else {
            op1(c, POL_I_DEF, e->ref_decl->index);
            op1(c, POL_I_DEF_SOURCE, e->ref_decl->index);
        }
        break;
    }
    c->span = saved;
}

/* ---- chunks ---- */

/* Whether an expression's value depends on a dated parameter (`source of`
 * one too). */
static bool expr_dated(const PolChecked *k, const PolExpr *e, int depth);

static bool param_dated_at(const PolChecked *k, int i, int depth)
{
    const PolDecl *d = k->params.items[i];
    if (d->steps.count > 0)
        return true;
    return depth < 1000 && expr_dated(k, d->value, depth + 1);   /* no circle: the checker refused them */
}

static bool expr_dated(const PolChecked *k, const PolExpr *e, int depth)
{
    if (!e)
        return false;
    if (e->ref == POL_REF_PARAM && e->ref_decl && param_dated_at(k, e->ref_decl->index, depth))
        return true;
    if (expr_dated(k, e->left, depth) || expr_dated(k, e->right, depth) || expr_dated(k, e->cond, depth) ||
        expr_dated(k, e->value, depth))
        return true;
    for (int i = 0; i < e->args.count; i++)
        if (expr_dated(k, e->args.items[i], depth))
            return true;
    return false;
}

static bool param_dated(const PolChecked *k, int i)
{
    return param_dated_at(k, i, 0);
}

/* A dated parameter's chunk: each step in turn, `STEP s` then its value,
 * and a step that repeals the value stops with an error in its days. */
static void compile_steps(Compiler *c, const PolDecl *d, int i)
{
    PolProgram *p = c->p;
    p->param_steps[i] = p->nsteps;
    p->param_nsteps[i] = d->steps.count;
    for (int j = 0; j < d->steps.count; j++) {
        const PolStepDecl *st = &d->steps.items[j];
        int32_t through = j + 1 < d->steps.count ? d->steps.items[j + 1].from - 1 : c->checked->force_last;
        add_step(c, st->from, through, st->value == NULL, &st->cite, st->span);
    }
    for (int j = 0; j < d->steps.count; j++) {
        const PolStepDecl *st = &d->steps.items[j];
        c->span = span_index(c, st->span);
        int next = jump_a(c, POL_I_STEP, p->param_steps[i] + j);
        if (st->value) {
            gen_as(c, st->value, d->type.type);
            op0(c, POL_I_RETURN);
        } else {
            op0(c, POL_I_NO_STEP);   /* not reached: STEP stops in a repeal's days */
        }
        patch(c, next);
    }
    c->span = span_index(c, d->span);
    op0(c, POL_I_NO_STEP);
}

static PolChunk *new_chunk(Compiler *c, const char *name, PolChunkKind kind, int index, int nargs, int nlocals)
{
    PolProgram *p = c->p;
    p->chunks = pol_grow(p->chunks, (size_t)p->nchunks, sizeof *p->chunks);
    PolChunk *ch = &p->chunks[p->nchunks++];
    memset(ch, 0, sizeof *ch);
    ch->name = name;
    ch->kind = kind;
    ch->index = index;
    ch->nargs = nargs;
    ch->nlocals = nlocals;
    c->ch = ch;
    return ch;
}

static void gen_group(Compiler *c, const PolDecl *d, const int *members, int n);

static void gen_rule(Compiler *c, const PolDecl *d, int r)
{
    const PolRule *rule = &d->rules[r];
    c->span = span_index(c, rule->span);
    int n = c->child_start[r + 1] - c->child_start[r];
    int end_children = -1;
    if (n) {
        gen_group(c, d, c->children + c->child_start[r], n);
        end_children = jump(c, POL_I_JUMP_IF_RULE);
    }
    /* a dated rule applies only on its days: outside them, as if its
     * condition were false */
    int outside = step_jump(c, c->p->defines[d->index].rules[r].step, &rule->range);
    int skip = -1;
    if (rule->cond) {
        gen(c, rule->cond, true);
        skip = jump(c, POL_I_JUMP_IF_FALSE);
    }
    op1(c, POL_I_RULE_APPLIES, r);
    gen_as(c, rule->value, d->type.type);
    int end = jump(c, POL_I_JUMP);
    if (skip >= 0) patch(c, skip);
    if (outside >= 0) patch(c, outside);
    op0(c, POL_I_RULE_EMPTY);
    patch(c, end);
    if (end_children >= 0) patch(c, end_children);
}

static void gen_group(Compiler *c, const PolDecl *d, const int *members, int n)
{
    int slot = new_locals(c, 2);
    op0(c, POL_I_RULE_EMPTY);
    op1(c, POL_I_SET_LOCAL, slot);
    for (int i = 0; i < n; i++) {
        gen_rule(c, d, members[i]);
        c->span = span_index(c, d->rules[members[i]].span);
        op2(c, POL_I_RULE_JOIN, slot, members[i]);
    }
    op1(c, POL_I_LOCAL, slot);
}

static void compile_define(Compiler *c, const PolDecl *d)
{
    new_chunk(c, d->name, POL_CHUNK_DEFINE, d->index, d->nparams, d->nlocals);
    c->span = span_index(c, d->span);
    /* one rule always applying, that cites nothing (a formula): its value */
    if (d->nrules == 1 && d->rules[0].kind == POL_RULE_BASE && !d->rules[0].cond && d->rules[0].parent < 0 &&
        c->p->defines[d->index].rules[0].step < 0) {
        gen_as(c, d->rules[0].value, d->type.type);
        op0(c, POL_I_RETURN);
        return;
    }
    /* each rule's exceptions, in source order, found once for all rules */
    c->child_start = GC_MALLOC_ATOMIC(((size_t)d->nrules + 2) * sizeof *c->child_start);
    c->children = GC_MALLOC_ATOMIC(((size_t)d->nrules + 1) * sizeof *c->children);
    memset(c->child_start, 0, ((size_t)d->nrules + 2) * sizeof *c->child_start);
    for (int i = 0; i < d->nrules; i++)
        if (d->rules[i].parent >= 0)
            c->child_start[d->rules[i].parent + 2]++;
    for (int r = 0; r < d->nrules; r++)
        c->child_start[r + 2] += c->child_start[r + 1];
    for (int i = 0; i < d->nrules; i++)
        if (d->rules[i].parent >= 0)
            c->children[c->child_start[d->rules[i].parent + 1]++] = i;
    int *exceptions = GC_MALLOC_ATOMIC((size_t)d->nrules * sizeof *exceptions);
    int *bases = GC_MALLOC_ATOMIC((size_t)d->nrules * sizeof *bases);
    int nexc = 0, nbase = 0, deflt = -1;
    for (int i = 0; i < d->nrules; i++) {
        const PolRule *r = &d->rules[i];
        if (r->kind == POL_RULE_DEFAULT) deflt = i;
        else if (r->parent >= 0) continue;
        else if (r->kind == POL_RULE_EXCEPTION) exceptions[nexc++] = i;
        else if (r->kind == POL_RULE_BASE) bases[nbase++] = i;
    }
    int done[2] = {-1, -1};
    if (nexc) {
        gen_group(c, d, exceptions, nexc);
        done[0] = jump(c, POL_I_JUMP_IF_RULE);
    }
    if (nbase) {
        gen_group(c, d, bases, nbase);
        done[1] = jump(c, POL_I_JUMP_IF_RULE);
    } else {
        op0(c, POL_I_RULE_EMPTY);
        done[1] = jump(c, POL_I_JUMP_IF_RULE);
    }
    c->span = span_index(c, d->span);
    if (deflt >= 0) {
        c->span = span_index(c, d->rules[deflt].span);
        op1(c, POL_I_RULE_APPLIES, deflt);
        gen_as(c, d->rules[deflt].value, d->type.type);
    } else {
        op0(c, POL_I_RULE_EMPTY);
        op0(c, POL_I_NO_RULE);
    }
    for (int k = 0; k < 2; k++)
        if (done[k] >= 0) patch(c, done[k]);
    op0(c, POL_I_RETURN);
}

/* The end of a measure (or of an item of a per-item measure) whose
 * conditions held: its source, then its amount (under its ceilings) and
 * the grant. */
static void gen_grant(Compiler *c, const PolDecl *d, const PolMeasureInfo *mi, bool item)
{
    if (d->source) {
        gen(c, d->source, true);
        c->span = span_index(c, d->source->span);
        op0(c, POL_I_SOURCE);
    }
    c->span = span_index(c, d->span);
    if (!d->amount) {   /* per regulation, in kind */
        op0(c, item ? POL_I_ITEM_GRANT_NONE : POL_I_GRANT_NONE);
        return;
    }
    gen(c, d->amount, true);
    if (d->ncaps == 0) {   /* fixed, or computed without ceilings */
        op0(c, item ? POL_I_ITEM_GRANT : POL_I_GRANT);
        return;
    }
    op0(c, POL_I_CAP_BASE);
    for (int i = 0; i < d->ncaps; i++) {
        /* a dated ceiling counts only on its days: outside, no ceiling */
        gen_dated(c, d->caps[i].expr, d->caps[i].span, mi->cap_steps[i], &d->caps[i].range, POL_I_ABSENT);
        op1(c, POL_I_CAP, i);
    }
    op0(c, item ? POL_I_ITEM_CAP_GRANT : POL_I_CAP_GRANT);
}

/* Conditions [from, to) of a measure: a false one refuses it; a dated
 * one holds outside its days. */
static void gen_conds(Compiler *c, const PolDecl *d, const PolMeasureInfo *mi, int from, int to)
{
    for (int i = from; i < to; i++) {
        gen_dated(c, d->conds[i], d->conds[i]->span, mi->cond_steps[i], &d->cond_ranges[i], POL_I_TRUE);
        op1(c, POL_I_COND, i);
    }
}

/*
 * A per-item measure: the conditions written before `for each` (a false
 * one refuses the measure), the list, its order (a first loop gives each item's
 * `ordered by` value to ITEM_KEY), then a loop over the items in that
 * order: the subject, each condition (a false one refuses the item and
 * goes on with the next), the source and the grant. Its locals: the list,
 * the item's index + 1 (what NOTE reads), its position in the order taken,
 * then the item.
 */
static void compile_items(Compiler *c, const PolDecl *d, const PolMeasureInfo *mi)
{
    int list = d->item_slot, index = list + 1, position = list + 2, var = list + 3;
    gen_conds(c, d, mi, 0, d->item_conds);
    gen(c, d->items, true);
    op1(c, POL_I_SET_LOCAL, list);
    if (d->order) {
        c->span = span_index(c, d->order->span);
        push_const(c, pol_int(0));
        op1(c, POL_I_SET_LOCAL, index);
        int loop = c->ch->len;
        int done = jump_a(c, POL_I_ITER, list);
        op1(c, POL_I_SET_LOCAL, var);
        gen(c, d->order, true);
        c->span = span_index(c, d->order->span);
        op0(c, POL_I_ITEM_KEY);
        jump_back(c, loop);
        patch(c, done);
    }
    c->span = span_index(c, d->for_span);
    op1(c, POL_I_ITEM_ORDER, list);
    push_const(c, pol_int(0));
    op1(c, POL_I_SET_LOCAL, index);
    push_const(c, pol_int(0));
    op1(c, POL_I_SET_LOCAL, position);
    int loop = c->ch->len;
    int done = jump_a(c, POL_I_ITEM_NEXT, list);
    op1(c, POL_I_SET_LOCAL, var);
    for (int i = 0; i < d->nsubject; i++)
        gen(c, d->subject_values[i], true);
    c->span = span_index(c, d->subject_span);
    op1(c, POL_I_ITEM_SUBJECT, d->nsubject);
    int *refused = GC_MALLOC_ATOMIC((size_t)(d->nconds + 1) * sizeof *refused);
    for (int i = d->item_conds; i < d->nconds; i++) {
        gen_dated(c, d->conds[i], d->conds[i]->span, mi->cond_steps[i], &d->cond_ranges[i], POL_I_TRUE);
        refused[i] = jump_a(c, POL_I_ITEM_COND, i);
    }
    gen_grant(c, d, mi, true);
    for (int i = d->item_conds; i < d->nconds; i++)
        patch(c, refused[i]);
    c->span = span_index(c, d->for_span);
    jump_back(c, loop);
    patch(c, done);
    op0(c, POL_I_ITEMS_END);
}

static void compile_measure(Compiler *c, const PolDecl *d, PolMeasureInfo *mi)
{
    mi->chunk = c->p->nchunks;
    new_chunk(c, d->name, POL_CHUNK_MEASURE, d->index, 0, d->nlocals);
    if (d->item_var) {
        compile_items(c, d, mi);
        return;
    }
    gen_conds(c, d, mi, 0, d->nconds);
    gen_grant(c, d, mi, false);
}

/* The exact value of a bracket's literal (the checker allows only these):
 * fen for money. */
static PolUMoney literal_value(const PolExpr *e)
{
    switch (e->kind) {
    case POL_E_MONEY: return pol_umoney_from_money(e->lit.fen);
    case POL_E_DEC: return pol_umoney_from_dec(e->lit.dec);
    default: return pol_umoney_from_money(e->lit.i);
    }
}

static void compile_scale(Compiler *c, const PolDecl *d, PolScaleInfo *si)
{
    si->name = d->name;
    si->source = d->source_doc;
    si->money = d->scale_money;
    si->marginal = d->scale_marginal;
    si->span = span_index(c, d->span);
    si->nbrackets = d->nbrackets;
    si->brackets = GC_MALLOC_ATOMIC((size_t)(d->nbrackets + 1) * sizeof *si->brackets);
    for (int i = 0; i < d->nbrackets; i++) {
        const PolBracketDecl *b = &d->brackets[i];
        PolBracket *o = &si->brackets[i];
        o->up_to = b->bound ? literal_value(b->bound) : pol_umoney_from_money(0);
        PolUMoney rate = literal_value(b->rate);
        o->rate.num = (int64_t)rate.num;   /* a literal: fits */
        o->rate.den = rate.den;
        o->deduction = b->deduction ? literal_value(b->deduction) : pol_umoney_from_money(0);
    }
}

PolProgram *pol_compile(const PolChecked *k, PolDiags *ds)
{
    Compiler c;
    memset(&c, 0, sizeof c);
    c.item_list = c.item_slot = -1;
    PolProgram *p = GC_MALLOC(sizeof *p);
    c.p = p;
    c.checked = k;
    const PolDecl *h = k->policy;
    p->policy_id = h->name;
    p->title = h->title;
    p->source_doc = h->source_doc;
    p->force_from = k->force_from;
    p->force_last = k->force_last;
    p->facts = k->facts;
    p->id_member = k->id_member;
    p->date_member = k->date_member;
    p->nenums = k->nenums;
    p->enums = k->enums;
    p->nrecords = k->nrecords;
    p->records = k->records;
    p->applies_chunk = -1;
    p->scheme = h->scheme;
    if (h->applies) {
        p->applies_chunk = p->nchunks;
        p->applies_text = pol_span_text(h->applies->span);
        new_chunk(&c, "applies", POL_CHUNK_APPLIES, 0, 0, h->nlocals);
        gen(&c, h->applies, true);
        op0(&c, POL_I_RETURN);
    }
    p->nparams = k->params.count;
    p->param_chunks = GC_MALLOC((size_t)(p->nparams + 1) * sizeof *p->param_chunks);
    p->param_names = GC_MALLOC((size_t)(p->nparams + 1) * sizeof *p->param_names);
    p->param_steps = GC_MALLOC_ATOMIC((size_t)(p->nparams + 1) * sizeof *p->param_steps);
    p->param_nsteps = GC_MALLOC_ATOMIC((size_t)(p->nparams + 1) * sizeof *p->param_nsteps);
    p->param_dated = GC_MALLOC_ATOMIC((size_t)(p->nparams + 1) * sizeof *p->param_dated);
    p->param_types = GC_MALLOC((size_t)(p->nparams + 1) * sizeof *p->param_types);
    for (int i = 0; i < k->params.count; i++) {
        const PolDecl *d = k->params.items[i];
        p->param_chunks[i] = p->nchunks;
        p->param_names[i] = d->name;
        p->param_types[i] = d->type.type ? d->type.type : &pol_type_error;
        new_chunk(&c, d->name, POL_CHUNK_PARAM, i, 0, 0);
        c.span = span_index(&c, d->span);
        if (d->steps.count == 0) {
            p->param_steps[i] = -1;
            p->param_nsteps[i] = 0;
            gen_as(&c, d->value, d->type.type);
            op0(&c, POL_I_RETURN);
            continue;
        }
        c.kwset = d->kwset;
        compile_steps(&c, d, i);
    }
    for (int i = 0; i < k->params.count; i++)
        p->param_dated[i] = (uint8_t)param_dated(k, i);
    p->ndefines = k->defines.count;
    p->defines = GC_MALLOC((size_t)(p->ndefines + 1) * sizeof *p->defines);
    for (int i = 0; i < k->defines.count; i++) {
        const PolDecl *d = k->defines.items[i];
        PolDefineInfo *di = &p->defines[i];
        di->name = d->name;
        di->chunk = p->nchunks;
        di->nargs = d->nparams;
        di->nrules = d->nrules;
        di->type = d->type.type;
        di->rules = GC_MALLOC((size_t)(d->nrules + 1) * sizeof *di->rules);
        for (int r = 0; r < d->nrules; r++) {
            di->rules[r].label = d->rules[r].label ? d->rules[r].label : "default";
            di->rules[r].kind = d->rules[r].kind;
            di->rules[r].span = span_index(&c, d->rules[r].span);
            di->rules[r].step = clause_step(&c, &d->rules[r].range, &d->rules[r].cite, d->rules[r].span);
        }
        c.kwset = d->kwset;
        compile_define(&c, d);
    }
    p->nscales = k->scales.count;
    p->scales = GC_MALLOC((size_t)(p->nscales + 1) * sizeof *p->scales);
    for (int i = 0; i < k->scales.count; i++)
        compile_scale(&c, k->scales.items[i], &p->scales[i]);
    p->nmeasures = k->measures.count;
    p->measures = GC_MALLOC((size_t)(p->nmeasures + 1) * sizeof *p->measures);
    for (int i = 0; i < k->measures.count; i++) {
        const PolDecl *d = k->measures.items[i];
        PolMeasureInfo *mi = &p->measures[i];
        mi->id = d->name;
        mi->article = d->article;
        mi->title = d->title_text;
        mi->nresponsible = d->nresponsible;
        mi->responsible = d->responsible;
        mi->basis = d->basis;
        mi->nconds = d->nconds;
        mi->cond_texts = GC_MALLOC((size_t)(d->nconds + 1) * sizeof *mi->cond_texts);
        mi->cond_spans = GC_MALLOC_ATOMIC((size_t)(d->nconds + 1) * sizeof *mi->cond_spans);
        mi->cond_steps = GC_MALLOC_ATOMIC((size_t)(d->nconds + 1) * sizeof *mi->cond_steps);
        for (int j = 0; j < d->nconds; j++) {
            mi->cond_texts[j] = pol_span_text(d->conds[j]->span);
            mi->cond_spans[j] = span_index(&c, d->conds[j]->span);
            mi->cond_steps[j] = clause_step(&c, &d->cond_ranges[j], NULL, d->conds[j]->span);
        }
        mi->ncaps = d->ncaps;
        mi->cap_texts = GC_MALLOC((size_t)(d->ncaps + 1) * sizeof *mi->cap_texts);
        mi->cap_steps = GC_MALLOC_ATOMIC((size_t)(d->ncaps + 1) * sizeof *mi->cap_steps);
        for (int j = 0; j < d->ncaps; j++) {
            mi->cap_texts[j] = pol_span_text(d->caps[j].expr->span);
            mi->cap_steps[j] = clause_step(&c, &d->caps[j].range, NULL, d->caps[j].span);
        }
        mi->step = clause_step(&c, &d->in_force, NULL, d->span);
        mi->amount_text = d->amount ? pol_span_text(d->amount->span) : NULL;
        mi->span = span_index(&c, d->span);
        mi->zero_granted = d->zero_granted;
        mi->has_source = d->source != NULL;
        if (d->item_var) {
            mi->item_type = d->items->type->inner;
            mi->item_var = d->item_var;
            mi->items_text = pol_span_text(d->items->span);
            mi->order_text = d->order ? pol_span_text(d->order->span) : NULL;
            mi->item_conds = d->item_conds;
            mi->nsubject = d->nsubject;
            mi->subject_names = d->subject_names;
            mi->subject_types = GC_MALLOC((size_t)(d->nsubject + 1) * sizeof *mi->subject_types);
            for (int j = 0; j < d->nsubject; j++)
                mi->subject_types[j] = d->subject_values[j]->type;
        }
        c.kwset = d->kwset;
        compile_measure(&c, d, mi);
    }
    if (c.overflow) {
        pol_diag(ds, POL_E0708_too_large_for_bytecode, h->span, NULL, pol_msg(ds->lang, c.too_big));
        return NULL;
    }
    for (int i = 0; i < p->nchunks; i++) {
        const char *wrong = pol_verify_chunk(p, i, &p->chunks[i].max_stack);
        if (wrong) {
            pol_diag_internal(ds, POL_MSG_compiler_failed, wrong);
            return NULL;
        }
    }
    if (p->nconsts > 0xffff || p->nstrings > 0xffff || p->nchunks > 0xffff) {
        pol_diag(ds, POL_E0708_too_large_for_bytecode, h->span, NULL, pol_msg(ds->lang, POL_MSG_big_tables));
        return NULL;
    }
    p->digest = pol_polc_digest(p);
    return p;
}
