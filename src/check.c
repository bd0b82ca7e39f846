/*
 * check.c — name resolution and type checking.
 *
 * Works in passes over the declarations of all loaded files:
 *   1. declare enums and records (so they may be used before they appear),
 *   2. resolve member types and build the facts schema,
 *   3. check the policy header, parameters, definitions and measures,
 *   4. reject cycles among definitions, parameters and measures, so every
 *      evaluation terminates.
 * An expression whose type could not be found gets pol_type_error, which
 * every rule accepts silently: one mistake, one message.
 */
#include <gc.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "alloc.h"
#include "check.h"
#include "hash.h"
#include "source.h"

/* ---------------------------------------------------------------------- */
/* Scope: what bare names mean inside an expression                        */

typedef struct Local { const char *name; const PolType *type; int slot; const char *path; } Local;

/* What the checker knows to hold where it stands, learnt from a condition
 * that must be true there (`when x is present`, the left of `and`, ...):
 * the value known by `key` (a fact path, or a local and its members) is
 * present; or its enum word is one of `words` (a bit per word of its enum),
 * and present too when the condition could only hold for a present value
 * (`k = v`, not `k != v`). */
typedef struct Known {
    const char *key;
    bool present;
    const uint64_t *words;         /* NULL: nothing known of its word */
} Known;

typedef struct Checker {
    PolDiags *ds;
    PolChecked *out;
    PolDeclList all;
    const PolDecl *current;        /* declaration being checked */
    bool in_param;                 /* parameters may not read facts or definitions */
    bool too_deep;                 /* the nesting limit was reported in this declaration */
    const PolType *earlier;        /* in a per-item measure's clauses: the type of `earlier grants` */
    Local locals[64];
    int nlocals;
    int next_slot, max_slot;
    Known *narrowed;               /* what is known where the checker stands (pol_grow) */
    int nnarrowed;
    int depth;
    PolNameTable names;            /* the named declarations: their positions in all (check_duplicates) */
    PolNameTable enum_values;      /* every value of every enum: the position of its enum in out->enums */
} Checker;

#define MAX_EXPR_DEPTH 1000

/* Declarations that share the space of names (not imports, the policy's
 * header or the facts): one of each name after check_duplicates. */
static bool named_kind(const PolDecl *d)
{
    return d->name && d->kind != POL_D_IMPORT && d->kind != POL_D_POLICY && d->kind != POL_D_FACTS;
}

/* By the index of names (check_duplicates makes it before anything is
 * looked up): a policy may have many thousands, no linear search. */
static PolDecl *find_decl(Checker *c, const char *name, int kind_mask)
{
    int at = pol_names_get(&c->names, name, strlen(name));
    PolDecl *d = at >= 0 ? c->all.items[at] : NULL;
    return d && (kind_mask & (1 << d->kind)) ? d : NULL;
}

#define K(kind) (1 << (kind))
#define VALUE_DECLS (K(POL_D_PARAM) | K(POL_D_DEFINE))
#define TYPE_DECLS (K(POL_D_ENUM) | K(POL_D_RECORD))

/* "did you mean": the closest name among candidates (text.h). */
static PolSuggest suggest_for(const char *name)
{
    PolSuggest s;
    pol_suggest_init(&s, name, strlen(name));
    return s;
}

static void suggest_try(const Checker *c, PolSuggest *s, const char *candidate)
{
    if (!c->ds->suppressed)   /* no help is shown after too many errors */
        pol_suggest_try(s, candidate);
}

static const char *suggest_help(const Checker *c, const PolSuggest *s)
{
    return s->best ? pol_msg(c->ds->lang, POL_MSG_did_you_mean, s->best) : NULL;
}

/* ---------------------------------------------------------------------- */
/* Words of the messages, in the language of the diagnostics              */

static const char *record_name(const Checker *c, const PolRecord *r)
{
    /* the facts' record is named "the facts" (a name no record can have) */
    return strcmp(r->name, "the facts") == 0 ? pol_msg(c->ds->lang, POL_MSG_the_facts) : pol_msg(c->ds->lang, POL_MSG_type_named, r->name);
}

/* A type as messages name it: pol_type_name, translated. */
static const char *tn(const Checker *c, const PolType *t)
{
    switch (t->kind) {
    case POL_T_ERROR: return pol_msg(c->ds->lang, POL_MSG_type_error);
    case POL_T_BOOL: return pol_msg(c->ds->lang, POL_MSG_type_bool);
    case POL_T_INT: return pol_msg(c->ds->lang, POL_MSG_type_integer);
    case POL_T_DEC: return pol_msg(c->ds->lang, POL_MSG_type_decimal);
    case POL_T_MONEY: return pol_msg(c->ds->lang, POL_MSG_type_money);
    case POL_T_UMONEY: return pol_msg(c->ds->lang, POL_MSG_type_unrounded_money);
    case POL_T_DATE: return pol_msg(c->ds->lang, POL_MSG_type_date);
    case POL_T_DUR: return pol_msg(c->ds->lang, POL_MSG_type_duration);
    case POL_T_TEXT: return pol_msg(c->ds->lang, POL_MSG_type_text);
    case POL_T_ENUM: return pol_msg(c->ds->lang, POL_MSG_type_named, t->enumeration->name);
    case POL_T_RECORD: return record_name(c, t->record);
    case POL_T_LIST: return pol_msg(c->ds->lang, POL_MSG_type_list, tn(c, t->inner));
    case POL_T_OPT: return pol_msg(c->ds->lang, POL_MSG_type_optional, tn(c, t->inner));
    }
    return pol_type_name(t);
}

/* `name`, as the subject of "... needs a value" */
static const char *code_words(const Checker *c, const char *name)
{
    return pol_msg(c->ds->lang, POL_MSG_what_code, name);
}

/* The source of e in a help: itself when short and on one line, else `...`. */
static const char *short_text(const PolExpr *e)
{
    const char *t = pol_span_text(e->span);
    return strlen(t) <= 48 && !strchr(t, '\n') ? t : "...";
}

/* The source of e in a help that puts it in parentheses: short_text
 * without the pair that already encloses all of it, if any. */
static const char *inner_text(const PolExpr *e)
{
    const char *t = short_text(e);
    size_t n = strlen(t);
    if (n < 2 || t[0] != '(' || t[n - 1] != ')')
        return t;
    int depth = 0;
    bool quoted = false;
    for (size_t i = 0; i + 1 < n; i++) {
        if (t[i] == '"')
            quoted = !quoted;
        else if (!quoted && t[i] == '(')
            depth++;
        else if (!quoted && t[i] == ')' && --depth == 0)
            return t;   /* `(a) + (b)`: the first pair closes before the end */
    }
    return pol_strdup_printf("%.*s", (int)(n - 2), t + 1);
}

/* The help of code in the words of the file where span is: NULL, the
 * registry's own, for a file of English keywords. */
static const char *own_help(const Checker *c, PolSpan span, PolDiagCode code)
{
    for (int i = 0; i < c->all.count; i++)
        if (c->all.items[i]->span.src == span.src && c->all.items[i]->kwset == POL_KW_ZH)
            return pol_kw_quote_in(pol_diag_help(code, c->ds->lang), POL_KW_ZH);
    return NULL;
}

/* E0404: unrounded money where money must be (`what`). Its help says to
 * round once where the amount is granted: at an amount or a ceiling, there;
 * for a value declared money (`declared`: "`share`", "parameter `rate`"),
 * declare it unrounded money instead — never a rounding at each step. */
static void unrounded_error(const Checker *c, const PolExpr *e, const char *what, const char *declared)
{
    /* the words of the help in those of the file */
    PolKeywordSet set = c->current ? c->current->kwset : POL_KW_EN;
    const char *rounded = pol_kw_in("rounded", set), *half = pol_kw_in("half", set);
    const char *half_up = pol_strdup_printf("%s %s %s %s %s", rounded, half, pol_ctx_word(POL_CTX_half_up, set),
                                            pol_kw_in("to", set), pol_ctx_word(POL_CTX_fen, set));
    const char *help = declared
        ? pol_msg(c->ds->lang, POL_MSG_round_once_declare, declared,
                  pol_strdup_printf("%s %s", pol_ctx_word(POL_CTX_unrounded, set), pol_ctx_word(POL_CTX_money, set)),
                  pol_strdup_printf("%s %s", pol_kw_in("amount", set), pol_kw_in("fixed", set)), half_up)
        : pol_msg(c->ds->lang, POL_MSG_round_once_here, inner_text(e), half_up,
                  pol_strdup_printf("%s %s", rounded, pol_ctx_word(POL_CTX_down, set)), pol_ctx_word(POL_CTX_up, set),
                  pol_strdup_printf("%s %s", half, pol_ctx_word(POL_CTX_half_even, set)));
    pol_diag(c->ds, POL_E0404_unrounded_operand, e->span, help, what);
}

/* A day as the messages write it: 2025-03-01. */
static const char *day_text(int32_t d)
{
    char buf[16];
    pol_date_format(d, buf, sizeof buf);
    return GC_STRDUP(buf);
}

/* ---------------------------------------------------------------------- */
/* Types written in source                                                */

static const PolType *resolve_type_name(Checker *c, const char *name, PolSpan span)
{
    static const struct { const char *name; const PolType *type; } builtin[] = {
        {"bool", &pol_type_bool}, {"integer", &pol_type_int}, {"decimal", &pol_type_dec},
        {"money", &pol_type_money}, {"date", &pol_type_date}, {"duration", &pol_type_dur},
        {"text", &pol_type_text}, {"unrounded money", &pol_type_umoney},
    };
    for (size_t i = 0; i < sizeof builtin / sizeof builtin[0]; i++)
        if (strcmp(name, builtin[i].name) == 0)
            return builtin[i].type;
    PolDecl *d = find_decl(c, name, TYPE_DECLS);
    if (d && d->kind == POL_D_ENUM && d->enumeration)
        return pol_type_enum(d->enumeration);
    if (d && d->kind == POL_D_RECORD && d->record)
        return pol_type_record(d->record);
    PolSuggest s = suggest_for(name);
    for (size_t i = 0; i < sizeof builtin / sizeof builtin[0]; i++)
        suggest_try(c, &s, builtin[i].name);
    for (int i = 0; i < c->all.count; i++)
        if (c->all.items[i]->kind == POL_D_ENUM || c->all.items[i]->kind == POL_D_RECORD)
            suggest_try(c, &s, c->all.items[i]->name);
    pol_diag(c->ds, POL_E0302_unknown_type, span, suggest_help(c, &s), name);
    return &pol_type_error;
}

static const PolType *resolve_type(Checker *c, PolTypeExpr *t)
{
    const PolType *base = resolve_type_name(c, t->name, t->span);
    if (t->is_list) {
        if (base->kind != POL_T_RECORD && base->kind != POL_T_ERROR) {
            pol_diag(c->ds, POL_E0403_list_of_non_record, t->span, own_help(c, t->span, POL_E0403_list_of_non_record), t->name, tn(c, base));
            base = &pol_type_error;
        } else {
            base = pol_type_list(base);
        }
    }
    if (t->optional)
        base = pol_type_opt(base);
    t->type = base;
    return base;
}

/* ---------------------------------------------------------------------- */
/* Expressions                                                            */

static const PolType *check_expr(Checker *c, PolExpr *e, const PolType *expected);
static void check_param(Checker *c, PolDecl *d);

static bool is_error(const PolType *t) { return t->kind == POL_T_ERROR; }
static bool is_numeric(const PolType *t) { return t->kind == POL_T_INT || t->kind == POL_T_DEC; }
/* money or unrounded money: they mix, giving unrounded money */
static bool is_amount(const PolType *t) { return t->kind == POL_T_MONEY || t->kind == POL_T_UMONEY; }

static bool narrowed(Checker *c, const char *path)
{
    if (!path)
        return false;
    for (int i = 0; i < c->nnarrowed; i++)
        if (c->narrowed[i].present && strcmp(c->narrowed[i].key, path) == 0)
            return true;
    return false;
}

static void know(Checker *c, const char *key, bool present, const uint64_t *words)
{
    /* as many as the conditions of a measure or a chain of `and` give */
    c->narrowed = pol_grow(c->narrowed, (size_t)c->nnarrowed, sizeof *c->narrowed);
    c->narrowed[c->nnarrowed++] = (Known){key, present, words};
}

static void narrow(Checker *c, const char *path)
{
    /* "a.b" present implies "a" present. */
    for (const char *p = path; (p = strchr(p, '.')) != NULL; p++) {
        const char *prefix = GC_STRNDUP(path, (size_t)(p - path));
        if (!narrowed(c, prefix))
            know(c, prefix, true, NULL);
    }
    if (!narrowed(c, path))
        know(c, path, true, NULL);
}

/* The enum of a value that names one (possibly optional), or NULL. */
static const PolEnum *enum_of(const PolExpr *e)
{
    const PolType *t = e->type;
    if (t && t->kind == POL_T_OPT)
        t = t->inner;
    return t && t->kind == POL_T_ENUM ? t->enumeration : NULL;
}


/* `x = v`, `v = x`, `x != v`: the words set by comparing a value known by
 * its key with an enum word; NULL when it is no such comparison. */
static uint64_t *compared_word(const PolExpr *e, const PolExpr **x)
{
    const PolExpr *a = e->left, *b = e->right;
    if (a->ref == POL_REF_ENUM_VALUE && b->ref != POL_REF_ENUM_VALUE) {
        const PolExpr *t = a;
        a = b;
        b = t;
    }
    const PolEnum *en = enum_of(a);
    if (b->ref != POL_REF_ENUM_VALUE || !en || b->ref_index < 0 || b->ref_index >= en->count)
        return NULL;
    uint64_t *words = GC_MALLOC_ATOMIC(((size_t)en->count + 63) / 64 * sizeof *words);
    memset(words, 0, ((size_t)en->count + 63) / 64 * sizeof *words);
    words[b->ref_index / 64] |= UINT64_C(1) << (b->ref_index % 64);
    *x = a;
    return words;
}

/* `x is one of {v, ...}` over enum words: the words listed. */
static uint64_t *listed_words(const PolExpr *e)
{
    const PolEnum *en = enum_of(e->left);
    if (!en)
        return NULL;
    uint64_t *words = GC_MALLOC_ATOMIC(((size_t)en->count + 63) / 64 * sizeof *words);
    memset(words, 0, ((size_t)en->count + 63) / 64 * sizeof *words);
    for (int i = 0; i < e->args.count; i++) {
        const PolExpr *v = e->args.items[i];
        if (v->ref != POL_REF_ENUM_VALUE || v->ref_index < 0 || v->ref_index >= en->count)
            return NULL;
        words[v->ref_index / 64] |= UINT64_C(1) << (v->ref_index % 64);
    }
    return words;
}

/* What `e` being `truth` says of the word of one enum value: its words
 * (a fresh set) and that value, *present when it must then be present;
 * NULL when e says nothing of one value's word. `x = a or x = b` says x is
 * a or b; `x != a and x != b` that x is neither (or absent). */
static uint64_t *words_of(const PolExpr *e, bool truth, const PolExpr **x, bool *present)
{
    if (!e)
        return NULL;
    const PolEnum *en;
    uint64_t *words;
    bool in;
    switch (e->kind) {
    case POL_E_UNARY:
        return e->op == POL_OP_NOT ? words_of(e->left, !truth, x, present) : NULL;
    case POL_E_IN:
        words = listed_words(e);
        *x = e->left;
        in = e->negated != truth;
        break;
    case POL_E_BINARY:
        if (e->op == POL_OP_EQ || e->op == POL_OP_NE) {
            words = compared_word(e, x);
            in = (e->op == POL_OP_EQ) == truth;
            break;
        }
        if (e->op == POL_OP_AND || e->op == POL_OP_OR) {
            /* both sides hold (`and` true, `or` false): both sets; either does: one of them */
            bool both = (e->op == POL_OP_AND) == truth;
            const PolExpr *a = NULL, *b = NULL;
            bool pa = false, pb = false;
            uint64_t *wa = words_of(e->left, truth, &a, &pa), *wb = words_of(e->right, truth, &b, &pb);
            if (!wa || !wb || strcmp(a->key, b->key) != 0 || enum_of(a) != enum_of(b))
                return NULL;
            size_t n = ((size_t)enum_of(a)->count + 63) / 64;
            for (size_t i = 0; i < n; i++)
                wa[i] = both ? wa[i] & wb[i] : wa[i] | wb[i];
            *x = a;
            *present = both ? pa || pb : pa && pb;
            return wa;
        }
        return NULL;
    default:
        return NULL;
    }
    if (!words || !(*x)->key || !(en = enum_of(*x)))
        return NULL;
    if (!in)
        for (size_t i = 0; i < ((size_t)en->count + 63) / 64; i++)
            words[i] = ~words[i];
    *present = in;   /* only a present value has a word; `!=` holds for an absent one */
    return words;
}

/* Learns what `e` being `truth` says of one enum value's word. */
static void learn_words_of(Checker *c, const PolExpr *e, bool truth)
{
    const PolExpr *x = NULL;
    bool present = false;
    uint64_t *words = words_of(e, truth, &x, &present);
    if (!words)
        return;
    if (present)
        narrow(c, x->key);
    know(c, x->key, present, words);
}

/* Adds the paths that must be present when e evaluates to `truth`. */
static void learn(Checker *c, const PolExpr *e, bool truth)
{
    if (!e)
        return;
    switch (e->kind) {
    case POL_E_PRESENT:
        if (e->negated != truth && e->left->key)
            narrow(c, e->left->key);
        break;
    case POL_E_UNARY:
        if (e->op == POL_OP_NOT)
            learn(c, e->left, !truth);
        break;
    case POL_E_BINARY:
        if ((e->op == POL_OP_AND && truth) || (e->op == POL_OP_OR && !truth)) {
            learn(c, e->left, truth);
            learn(c, e->right, truth);
        } else {
            learn_words_of(c, e, truth);
        }
        break;
    case POL_E_IN:
        learn_words_of(c, e, truth);
        break;
    default:
        break;
    }
}

/* Whether member m of record r is known to be present where the checker
 * stands because its `required when` holds: the enum sibling it names,
 * reached by the same path (parent_key, NULL for the facts), is present
 * and has one of the words that require it. parent_present: the record
 * value itself is present. */
static bool required_here(Checker *c, const PolRecord *r, int m, const char *parent_key, bool parent_present)
{
    const PolMember *pm = &r->members[m];
    if (pm->presence != POL_PRESENCE_REQUIRED_WHEN || pm->when_member < 0 || pm->when_member >= r->count)
        return false;
    const PolMember *k = &r->members[pm->when_member];
    if (k->type->kind != POL_T_ENUM)
        return false;
    const char *key = parent_key ? pol_strdup_printf("%s.%s", parent_key, k->name) : k->name;
    if (!narrowed(c, key) && !(parent_present && k->value_type->kind != POL_T_OPT))
        return false;
    const PolEnum *e = k->type->enumeration;
    for (int v = 0; v < e->count; v++) {
        bool possible = true;
        for (int i = 0; i < c->nnarrowed && possible; i++)
            if (c->narrowed[i].words && strcmp(c->narrowed[i].key, key) == 0)
                possible = c->narrowed[i].words[v / 64] >> (v % 64) & 1;
        if (possible && !pol_member_required_by(pm, v))
            return false;
    }
    return true;
}


static const PolType *unwrap_if_narrowed(Checker *c, PolExpr *e, const PolType *t)
{
    if (t->kind == POL_T_OPT && narrowed(c, e->key)) {
        e->unwrap = true;
        return t->inner;
    }
    return t;
}

/* A member read from the facts (of record r, index m): unwrapped where it
 * is known to be present, by a test of its own or by its `required when`. */
static const PolType *unwrap_member(Checker *c, PolExpr *e, const PolType *t, const PolRecord *r, int m,
                                    const char *parent_key, bool parent_present)
{
    if (t->kind == POL_T_OPT && !narrowed(c, e->key) && e->key && required_here(c, r, m, parent_key, parent_present)) {
        e->unwrap = true;
        return t->inner;
    }
    return unwrap_if_narrowed(c, e, t);
}

/* The condition under which a member read by e is required (`kind =
 * enterprise`, `unit.category is one of {a, b}`), or NULL when e reads no
 * member `required when`. */
static const char *required_condition(const Checker *c, const PolExpr *e)
{
    const PolRecord *r = NULL;
    const char *prefix = "";
    if (e->kind == POL_E_NAME && e->ref == POL_REF_FACT) {
        r = c->out->facts;
    } else if (e->kind == POL_E_MEMBER && e->left->type) {
        const PolType *lt = e->left->type->kind == POL_T_OPT ? e->left->type->inner : e->left->type;
        r = lt->kind == POL_T_RECORD ? lt->record : NULL;
        prefix = pol_strdup_printf("%s.", pol_span_text(e->left->span));
    }
    if (!r || e->ref_index < 0 || e->ref_index >= r->count)
        return NULL;
    const PolMember *m = &r->members[e->ref_index];
    if (m->presence != POL_PRESENCE_REQUIRED_WHEN || m->when_member < 0 || m->nwhen < 1)
        return NULL;
    const PolMember *k = &r->members[m->when_member];
    const PolEnum *en = k->type->enumeration;
    if (m->nwhen == 1)
        return pol_strdup_printf("%s%s = %s", prefix, k->name, en->values[m->when_values[0]]);
    PolBuf b = {0};
    pol_buf_printf(&b, "%s%s is one of {", prefix, k->name);
    for (int i = 0; i < m->nwhen; i++)
        pol_buf_printf(&b, "%s%s", i ? ", " : "", en->values[m->when_values[i]]);
    pol_buf_puts(&b, "}");
    return b.data;
}

static void not_optional_error(const Checker *c, PolExpr *e, const PolType *t, const char *what)
{
    const char *text = pol_span_text(e->span);
    const char *condition = required_condition(c, e);
    const char *help = condition ? pol_msg(c->ds->lang, POL_MSG_write_required_when, text, condition, condition, condition, text)
                                 : pol_msg(c->ds->lang, POL_MSG_write_otherwise, text, text);
    pol_diag(c->ds, POL_E0401_may_be_absent, e->span, help, tn(c, t), what);
}

/* Requires a non-optional value of a kind; reports and returns false otherwise. */
static bool want(const Checker *c, PolExpr *e, const PolType *t, PolTypeKind kind, const char *what)
{
    if (is_error(t) || t->kind == kind)
        return true;
    if (t->kind == POL_T_OPT && t->inner->kind == kind) {
        not_optional_error(c, e, t, what);
        return false;
    }
    const PolType k = {kind, NULL, NULL, NULL};
    pol_diag(c->ds, POL_E0402_wrong_kind, e->span, NULL, what, kind == POL_T_BOOL ? pol_msg(c->ds->lang, POL_MSG_a_condition) : tn(c, &k), tn(c, t));
    return false;
}

static int add_local(Checker *c, const char *name, const PolType *t, const char *path, PolSpan span)
{
    if (c->nlocals >= 64) {
        pol_diag(c->ds, POL_E0710_too_many_nested_names, span, NULL, 64);
        return 0;
    }
    int slot = c->next_slot++;
    if (c->next_slot > c->max_slot)
        c->max_slot = c->next_slot;
    c->locals[c->nlocals++] = (Local){name, t, slot, path};
    return slot;
}

static const PolType *check_name(Checker *c, PolExpr *e, const PolType *expected)
{
    /* An enum value wins where an enum is expected: `tier = little_giant`. */
    if (expected && expected->kind == POL_T_OPT)
        expected = expected->inner;
    if (expected && expected->kind == POL_T_ENUM) {
        int v = pol_enum_find(expected->enumeration, e->name);
        if (v >= 0) {
            e->ref = POL_REF_ENUM_VALUE;
            e->ref_index = v;
            return expected;
        }
    }
    /* Where the expected type was itself a mistake (`define x: Tire = none`),
     * an enum value is taken on trust: one typo, one message. */
    if (expected && expected->kind == POL_T_ERROR && !find_decl(c, e->name, VALUE_DECLS) &&
        !(c->out->facts && pol_record_find(c->out->facts, e->name) >= 0) &&
        pol_names_get(&c->enum_values, e->name, strlen(e->name)) >= 0)
        return &pol_type_error;
    for (int i = c->nlocals - 1; i >= 0; i--) {
        if (strcmp(c->locals[i].name, e->name) == 0) {
            e->ref = POL_REF_LOCAL;
            e->ref_index = c->locals[i].slot;
            e->path = c->locals[i].path;
            e->key = pol_strdup_printf("@%d", c->locals[i].slot);
            return unwrap_if_narrowed(c, e, c->locals[i].type);
        }
    }
    PolDecl *d = find_decl(c, e->name, VALUE_DECLS);
    if (d) {
        if (c->in_param && d->kind == POL_D_DEFINE) {
            pol_diag(c->ds, POL_E0516_parameter_reads_definition, e->span, own_help(c, e->span, POL_E0516_parameter_reads_definition), d->name);
            return &pol_type_error;
        }
        if (d->nparams > 0) {
            pol_diag(c->ds, POL_E0313_arguments_missing, e->span, pol_msg(c->ds->lang, POL_MSG_write_call, d->name, d->nparams, d->nparams == 1 ? "" : "s"),
                     d->name);
            return &pol_type_error;
        }
        e->ref = d->kind == POL_D_PARAM ? POL_REF_PARAM : POL_REF_DEFINE;
        e->ref_decl = d;
        if (d->kind == POL_D_PARAM && !d->checked) {
            /* parameters are checked on demand so that one may use another
             * declared later */
            if (d->checking) {
                pol_diag(c->ds, POL_E0515_parameter_cycle, e->span, NULL, d->name);
                return &pol_type_error;
            }
            check_param(c, d);
        }
        return d->type.type ? d->type.type : &pol_type_error;
    }
    if (c->out->facts) {
        int m = pol_record_find(c->out->facts, e->name);
        if (m >= 0) {
            if (c->in_param) {
                pol_diag(c->ds, POL_E0517_parameter_reads_fact, e->span, own_help(c, e->span, POL_E0517_parameter_reads_fact), e->name);
                return &pol_type_error;
            }
            e->ref = POL_REF_FACT;
            e->ref_index = m;
            e->path = e->name;
            e->key = e->name;
            return unwrap_member(c, e, c->out->facts->members[m].value_type, c->out->facts, m, NULL, true);
        }
    }
    if (find_decl(c, e->name, K(POL_D_MEASURE))) {
        pol_diag(c->ds, POL_E0312_measure_as_value, e->span, pol_msg(c->ds->lang, POL_MSG_write_is_granted, e->name), e->name);
        return &pol_type_error;
    }
    if (find_decl(c, e->name, K(POL_D_SCALE))) {   /* a scale is applied to a base */
        pol_diag(c->ds, POL_E0313_arguments_missing, e->span, pol_msg(c->ds->lang, POL_MSG_write_call, e->name, 1, ""), e->name);
        return &pol_type_error;
    }
    /* Not found: suggest among everything a bare name can be. */
    PolSuggest s = suggest_for(e->name);
    for (int i = 0; i < c->nlocals; i++)
        suggest_try(c, &s, c->locals[i].name);
    for (int i = 0; i < c->all.count; i++)
        if (c->all.items[i]->kind == POL_D_PARAM || c->all.items[i]->kind == POL_D_DEFINE)
            suggest_try(c, &s, c->all.items[i]->name);
    if (c->out->facts)
        for (int i = 0; i < c->out->facts->count; i++)
            suggest_try(c, &s, c->out->facts->members[i].name);
    if (expected && expected->kind == POL_T_ENUM)
        for (int i = 0; i < expected->enumeration->count; i++)
            suggest_try(c, &s, expected->enumeration->values[i]);
    const char *help = suggest_help(c, &s);
    if (!help) {
        /* maybe an enum value used where no enum is expected (the first
         * enum that has it) */
        int i = pol_names_get(&c->enum_values, e->name, strlen(e->name));
        if (i >= 0)
            help = pol_msg(c->ds->lang, POL_MSG_enum_value_elsewhere, e->name, c->out->enums[i]->name, e->name,
                           c->out->enums[i]->name, e->name);
    }
    pol_diag(c->ds, POL_E0301_unknown_name, e->span, help, e->name);
    return &pol_type_error;
}

static const PolType *check_member(Checker *c, PolExpr *e)
{
    /* Enum.value */
    if (e->left->kind == POL_E_NAME) {
        PolDecl *d = find_decl(c, e->left->name, K(POL_D_ENUM));
        if (d && d->enumeration && !find_decl(c, e->left->name, VALUE_DECLS)) {
            int v = pol_enum_find(d->enumeration, e->name);
            if (v < 0) {
                PolSuggest s = suggest_for(e->name);
                for (int i = 0; i < d->enumeration->count; i++)
                    suggest_try(c, &s, d->enumeration->values[i]);
                pol_diag(c->ds, POL_E0305_not_enum_value, e->span, suggest_help(c, &s), e->name, d->name);
                return &pol_type_error;
            }
            e->kind = POL_E_NAME;
            e->name = e->name;
            e->ref = POL_REF_ENUM_VALUE;
            e->ref_index = v;
            return pol_type_enum(d->enumeration);
        }
    }
    const PolType *lt = check_expr(c, e->left, NULL);
    if (is_error(lt))
        return lt;
    bool optional = lt->kind == POL_T_OPT;
    const PolType *rt = optional ? lt->inner : lt;
    if (rt->kind != POL_T_RECORD) {
        pol_diag(c->ds, POL_E0307_member_of_non_record, e->span, NULL, pol_span_text(e->left->span), tn(c, lt));
        return &pol_type_error;
    }
    int m = pol_record_find(rt->record, e->name);
    if (m < 0) {
        PolSuggest s = suggest_for(e->name);
        for (int i = 0; i < rt->record->count; i++)
            suggest_try(c, &s, rt->record->members[i].name);
        pol_diag(c->ds, POL_E0306_unknown_member, e->span, suggest_help(c, &s), record_name(c, rt->record), e->name);
        return &pol_type_error;
    }
    e->ref_index = m;
    if (e->left->path)
        e->path = pol_strdup_printf("%s.%s", e->left->path, e->name);
    if (e->left->key)
        e->key = pol_strdup_printf("%s.%s", e->left->key, e->name);
    const PolType *t = rt->record->members[m].value_type;
    if (optional && t->kind != POL_T_LIST)
        t = pol_type_opt(t);
    else if (optional)
        e->ref = POL_REF_NONE;   /* absent record: empty list, see compiler */
    /* remember whether the left side was optional for the compiler */
    e->negated = optional;
    return unwrap_member(c, e, t, rt->record, m, e->left->key, !optional);
}

/* The common type of two numeric or equal types, for comparisons and branches. */
static const PolType *unify(const PolType *a, const PolType *b)
{
    if (is_error(a)) return b;
    if (is_error(b)) return a;
    if (pol_type_equal(a, b)) return a;
    if (is_numeric(a) && is_numeric(b)) return &pol_type_dec;
    if (is_amount(a) && is_amount(b)) return &pol_type_umoney;
    if (a->kind == POL_T_OPT && pol_type_equal(a->inner, b)) return a;
    if (b->kind == POL_T_OPT && pol_type_equal(b->inner, a)) return b;
    if (a->kind == POL_T_OPT && b->kind != POL_T_OPT && is_amount(a->inner) && is_amount(b)) return pol_type_opt(&pol_type_umoney);
    if (b->kind == POL_T_OPT && a->kind != POL_T_OPT && is_amount(b->inner) && is_amount(a)) return pol_type_opt(&pol_type_umoney);
    return NULL;
}

static const PolType *check_arith(Checker *c, PolExpr *e)
{
    const PolType *lt = check_expr(c, e->left, NULL);
    const PolType *rt = check_expr(c, e->right, NULL);
    if (is_error(lt) || is_error(rt))
        return &pol_type_error;
    for (int k = 0; k < 2; k++) {
        const PolType *t = k ? rt : lt;
        PolExpr *x = k ? e->right : e->left;
        if (t->kind == POL_T_OPT) {
            not_optional_error(c, x, t, pol_msg(c->ds->lang, POL_MSG_what_arithmetic));
            return &pol_type_error;
        }
    }
    PolTypeKind l = lt->kind, r = rt->kind;
    /* Unrounded money is exact: it adds, subtracts, is multiplied and
     * divided like money, and stays unrounded until the policy rounds it. */
    bool umoney = l == POL_T_UMONEY || r == POL_T_UMONEY;
    switch (e->op) {
    case POL_OP_ADD:
    case POL_OP_SUB:
        if (l == POL_T_INT && r == POL_T_INT) return &pol_type_int;
        if (is_numeric(lt) && is_numeric(rt)) return &pol_type_dec;
        if (l == POL_T_MONEY && r == POL_T_MONEY) return &pol_type_money;
        if (is_amount(lt) && is_amount(rt)) return &pol_type_umoney;
        if (l == POL_T_DATE && r == POL_T_DUR) return &pol_type_date;
        if (l == POL_T_DUR && r == POL_T_DUR) return &pol_type_dur;
        if (l == POL_T_DATE && r == POL_T_DATE && e->op == POL_OP_SUB) return &pol_type_int;
        break;
    case POL_OP_MUL:
        if (l == POL_T_INT && r == POL_T_INT) return &pol_type_int;
        if (is_numeric(lt) && is_numeric(rt)) return &pol_type_dec;
        if ((l == POL_T_MONEY && r == POL_T_INT) || (l == POL_T_INT && r == POL_T_MONEY)) return &pol_type_money;
        if ((l == POL_T_MONEY && r == POL_T_DEC) || (l == POL_T_DEC && r == POL_T_MONEY)) return &pol_type_umoney;
        if ((umoney && is_numeric(rt)) || (umoney && is_numeric(lt))) return &pol_type_umoney;
        break;
    case POL_OP_OF:
        if (l == POL_T_DEC && is_amount(rt)) return &pol_type_umoney;
        if (l == POL_T_DEC && is_numeric(rt)) return &pol_type_dec;
    {
        /* quoted in the words of the file being checked */
        PolKeywordSet set = c->current ? c->current->kwset : POL_KW_EN;
        const char *of = pol_kw_in("of", set);
        pol_diag(c->ds, POL_E0405_of_without_rate, e->span, pol_msg(c->ds->lang, POL_MSG_of_after_rate, of, of), of, tn(c, lt));
    }
        return &pol_type_error;
    case POL_OP_DIV:
        if (is_numeric(lt) && is_numeric(rt)) return &pol_type_dec;
        if (is_amount(lt) && is_numeric(rt)) return &pol_type_umoney;
        if (is_amount(lt) && is_amount(rt)) return &pol_type_dec;   /* a ratio */
        break;
    default:
        break;
    }
    static const PolMsg opname[] = {POL_MSG_op_add, POL_MSG_op_subtract, POL_MSG_op_multiply, POL_MSG_op_divide, POL_MSG_op_rate_of};
    const char *help = e->op == POL_OP_MUL && is_amount(lt) && is_amount(rt) ? pol_msg(c->ds->lang, POL_MSG_ratio_of_amounts) : NULL;
    pol_diag(c->ds, POL_E0406_bad_arithmetic, e->span, help, pol_msg(c->ds->lang, opname[e->op]), tn(c, lt), tn(c, rt));
    return &pol_type_error;
}

static bool months_in(const PolExpr *dur)
{
    /* A duration with months or years needs a month-end choice when added to
     * a date; a literal of days alone does not. */
    return !(dur->kind == POL_E_DUR && dur->lit.dur.months == 0);
}

/* Money compared with a plain number (`x > 0`): say how to write the
 * number as money (`0 元`); NULL for any other mismatch. */
static const char *money_and_number_help(const Checker *c, const PolExpr *a, const PolType *at, const PolExpr *b, const PolType *bt)
{
    if (is_amount(bt) && is_numeric(at)) {
        const PolExpr *x = a;
        a = b;
        b = x;
        const PolType *t = at;
        at = bt;
        bt = t;
    }
    if (!is_amount(at) || !is_numeric(bt))
        return NULL;
    if (b->kind == POL_E_INT || b->kind == POL_E_DEC)
        return pol_msg(c->ds->lang, POL_MSG_compare_with_yuan, pol_span_text(b->span));
    bool plain = b->kind == POL_E_NAME || b->kind == POL_E_MEMBER || b->kind == POL_E_CALL;
    return pol_msg(c->ds->lang, POL_MSG_number_to_money, plain ? short_text(b) : pol_strdup_printf("(%s)", inner_text(b)));
}

static const PolType *check_compare(Checker *c, PolExpr *e)
{
    const PolType *lt = check_expr(c, e->left, NULL);
    const PolType *rt = check_expr(c, e->right, lt);
    if (e->right->ref == POL_REF_ENUM_VALUE && lt->kind == POL_T_ERROR)
        return &pol_type_bool;
    if (is_error(lt) || is_error(rt))
        return &pol_type_bool;
    bool equality = e->op == POL_OP_EQ || e->op == POL_OP_NE;
    if (!equality) {
        for (int k = 0; k < 2; k++) {
            const PolType *t = k ? rt : lt;
            if (t->kind == POL_T_OPT) {
                not_optional_error(c, k ? e->right : e->left, t, pol_msg(c->ds->lang, POL_MSG_what_comparison));
                return &pol_type_bool;
            }
        }
    }
    const PolType *l = lt->kind == POL_T_OPT ? lt->inner : lt;
    const PolType *r = rt->kind == POL_T_OPT ? rt->inner : rt;
    if (lt->kind == POL_T_OPT && rt->kind == POL_T_OPT) {
        pol_diag(c->ds, POL_E0408_both_sides_absent, e->span, own_help(c, e->span, POL_E0408_both_sides_absent), e->op == POL_OP_EQ ? "=" : "≠");
        return &pol_type_bool;
    }
    const PolType *u = unify(l, r);
    if (u && !equality && (u->kind == POL_T_ENUM || u->kind == POL_T_BOOL || u->kind == POL_T_TEXT)) {
        pol_diag(c->ds, POL_E0409_no_order, e->span, own_help(c, e->span, POL_E0409_no_order), tn(c, u));
        return &pol_type_bool;
    }
    if (!u || u->kind == POL_T_LIST || u->kind == POL_T_RECORD ||
        (!equality && (u->kind == POL_T_BOOL || u->kind == POL_T_ENUM || u->kind == POL_T_TEXT || u->kind == POL_T_DUR))) {
        pol_diag(c->ds, POL_E0410_cannot_compare, e->span, money_and_number_help(c, e->left, l, e->right, r),
                 tn(c, lt), tn(c, rt));
    }
    return &pol_type_bool;
}

/* Money goes where unrounded money is declared (never the reverse):
 * money, optional or not, into (optional) unrounded money. */
static bool money_widens(const PolType *from, const PolType *to)
{
    bool opt_to = to->kind == POL_T_OPT;
    const PolType *t = opt_to ? to->inner : to;
    if (t->kind != POL_T_UMONEY)
        return false;
    if (from->kind == POL_T_OPT)
        return opt_to && is_amount(from->inner);
    return is_amount(from);
}

/* `s(base)`: a scale applied to a base of its kind (money or unrounded
 * money for a scale of money, a number for one of numbers); the result is
 * unrounded money, or a decimal. The argument is called `base` in
 * messages. */
static const PolType *check_scale_call(Checker *c, PolExpr *e, PolDecl *scale)
{
    if (c->in_param) {
        pol_diag(c->ds, POL_E0518_parameter_calls, e->span, own_help(c, e->span, POL_E0518_parameter_calls), e->name);
        return &pol_type_error;
    }
    e->ref = POL_REF_SCALE;
    e->ref_decl = scale;
    const PolType *result = scale->scale_money ? &pol_type_umoney : &pol_type_dec;
    if (e->args.count != 1) {
        pol_diag(c->ds, POL_E0414_argument_count, e->span, NULL, scale->name, 1, "", e->args.count);
        for (int i = 0; i < e->args.count; i++)
            check_expr(c, e->args.items[i], NULL);
        return result;
    }
    PolExpr *base = e->args.items[0];
    const PolType *at = check_expr(c, base, NULL);
    const PolType *want_t = scale->scale_money ? &pol_type_money : &pol_type_dec;
    if (is_error(at))
        return result;
    if (at->kind == POL_T_OPT && (scale->scale_money ? is_amount(at->inner) : is_numeric(at->inner)))
        not_optional_error(c, base, at, code_words(c, scale->name));
    else if (scale->scale_money ? !is_amount(at) : !is_numeric(at))
        pol_diag(c->ds, POL_E0415_argument_type, base->span, NULL, "base", scale->name, tn(c, want_t), tn(c, at));
    return result;
}

static const PolType *check_call(Checker *c, PolExpr *e)
{
    static const char *builtins[] = {"min", "max", "year", "month", "day"};
    for (int b = 0; b < 5; b++) {
        if (strcmp(e->name, builtins[b]) != 0)
            continue;
        e->ref = POL_REF_BUILTIN;
        e->ref_index = b;
        if (b <= POL_BI_MAX) {
            if (e->args.count < 2) {
                pol_diag(c->ds, POL_E0411_min_max_one_value, e->span, NULL, e->name);
                return &pol_type_error;
            }
            const PolType *t = NULL;
            for (int i = 0; i < e->args.count; i++) {
                const PolType *at = check_expr(c, e->args.items[i], NULL);
                if (is_error(at))
                    return &pol_type_error;
                if (at->kind == POL_T_OPT) {
                    not_optional_error(c, e->args.items[i], at, code_words(c, e->name));
                    return &pol_type_error;
                }
                const PolType *u = t ? unify(t, at) : at;
                if (!u || !(is_numeric(u) || is_amount(u) || u->kind == POL_T_DATE)) {
                    pol_diag(c->ds, POL_E0412_min_max_type, e->args.items[i]->span, NULL, e->name, tn(c, at));
                    return &pol_type_error;
                }
                t = u;
            }
            return t;
        }
        if (e->args.count != 1) {
            pol_diag(c->ds, POL_E0413_date_part_arity, e->span, NULL, e->name);
            return &pol_type_error;
        }
        const PolType *at = check_expr(c, e->args.items[0], NULL);
        want(c, e->args.items[0], at, POL_T_DATE, code_words(c, e->name));
        return &pol_type_int;
    }
    PolDecl *scale = find_decl(c, e->name, K(POL_D_SCALE));
    if (scale)
        return check_scale_call(c, e, scale);
    PolDecl *d = find_decl(c, e->name, K(POL_D_DEFINE));
    if (!d) {
        PolSuggest s = suggest_for(e->name);
        for (int i = 0; i < 5; i++)
            suggest_try(c, &s, builtins[i]);
        for (int i = 0; i < c->all.count; i++)
            if ((c->all.items[i]->kind == POL_D_DEFINE && c->all.items[i]->nparams > 0) || c->all.items[i]->kind == POL_D_SCALE)
                suggest_try(c, &s, c->all.items[i]->name);
        pol_diag(c->ds, POL_E0303_unknown_function, e->span, suggest_help(c, &s), e->name);
        for (int i = 0; i < e->args.count; i++)
            check_expr(c, e->args.items[i], NULL);
        return &pol_type_error;
    }
    if (c->in_param) {
        pol_diag(c->ds, POL_E0518_parameter_calls, e->span, own_help(c, e->span, POL_E0518_parameter_calls), e->name);
        return &pol_type_error;
    }
    e->ref = POL_REF_DEFINE;
    e->ref_decl = d;
    if (e->args.count != d->nparams) {
        pol_diag(c->ds, POL_E0414_argument_count, e->span, NULL, d->name, d->nparams, d->nparams == 1 ? "" : "s", e->args.count);
        return d->type.type ? d->type.type : &pol_type_error;
    }
    for (int i = 0; i < e->args.count; i++) {
        const PolType *pt = d->params[i].type.type;
        const PolType *at = check_expr(c, e->args.items[i], pt);
        if (!pt || is_error(at) || is_error(pt))
            continue;
        if (!pol_type_equal(pt, at) && !(pt->kind == POL_T_DEC && at->kind == POL_T_INT) &&
            !(pt->kind == POL_T_OPT && pol_type_equal(pt->inner, at)) && !money_widens(at, pt)) {
            if (at->kind == POL_T_OPT && pol_type_equal(at->inner, pt))
                not_optional_error(c, e->args.items[i], at, code_words(c, d->name));
            else if (at->kind == POL_T_UMONEY && (pt->kind == POL_T_MONEY || (pt->kind == POL_T_OPT && pt->inner->kind == POL_T_MONEY)))
                unrounded_error(c, e->args.items[i], pol_msg(c->ds->lang, POL_MSG_what_argument, d->params[i].name, d->name),
                                pol_msg(c->ds->lang, POL_MSG_what_argument, d->params[i].name, d->name));
            else
                pol_diag(c->ds, POL_E0415_argument_type, e->args.items[i]->span, NULL, d->params[i].name, d->name, tn(c, pt), tn(c, at));
        }
    }
    return d->type.type ? d->type.type : &pol_type_error;
}

/* What a missing source is called: "the step from 2025-03-01", "rule `x`". */
static const char *rule_words(const Checker *c, const PolRule *r)
{
    if (r->kind == POL_RULE_DEFAULT)
        return pol_msg(c->ds->lang, POL_MSG_the_default);
    return pol_msg(c->ds->lang, r->kind == POL_RULE_EXCEPTION ? POL_MSG_the_exception : POL_MSG_the_rule, r->label);
}

/* `source of NAME`: the text of the source of the step (a dated parameter)
 * or rule (a definition with rules) that gave NAME its value; every step
 * with a value and every rule of NAME must cite one. */
static const PolType *check_source_of(Checker *c, PolExpr *e)
{
    PolDecl *d = find_decl(c, e->name, VALUE_DECLS);
    if (!d) {
        PolSuggest s = suggest_for(e->name);
        for (int i = 0; i < c->all.count; i++)
            if (c->all.items[i]->kind == POL_D_PARAM || c->all.items[i]->kind == POL_D_DEFINE)
                suggest_try(c, &s, c->all.items[i]->name);
        pol_diag(c->ds, POL_E0301_unknown_name, e->span, suggest_help(c, &s), e->name);
        return &pol_type_error;
    }
    if (d->kind == POL_D_PARAM && !d->checked) {
        if (d->checking) {
            pol_diag(c->ds, POL_E0515_parameter_cycle, e->span, NULL, d->name);
            return &pol_type_error;
        }
        check_param(c, d);
    }
    bool simple = d->kind == POL_D_DEFINE && d->nrules == 1 && d->rules[0].kind == POL_RULE_BASE && !d->rules[0].label;
    if ((d->kind == POL_D_PARAM && d->steps.count == 0) || simple || (d->kind == POL_D_DEFINE && d->nparams > 0)) {
        pol_diag(c->ds, POL_E0557_source_of_nothing, e->span, own_help(c, e->span, POL_E0557_source_of_nothing), d->name);
        return &pol_type_error;
    }
    if (c->in_param && d->kind == POL_D_DEFINE) {
        pol_diag(c->ds, POL_E0516_parameter_reads_definition, e->span, own_help(c, e->span, POL_E0516_parameter_reads_definition), d->name);
        return &pol_type_error;
    }
    bool complete = true;
    for (int i = 0; i < d->steps.count; i++) {
        const PolStepDecl *st = &d->steps.items[i];
        if (st->value && !st->cite.source) {
            pol_diag(c->ds, POL_E0558_missing_source, st->span, own_help(c, st->span, POL_E0558_missing_source), pol_msg(c->ds->lang, POL_MSG_the_step_from, day_text(st->from)),
                     d->name, d->name);
            complete = false;
        }
    }
    for (int i = 0; d->kind == POL_D_DEFINE && i < d->nrules; i++) {
        if (!d->rules[i].cite.source) {
            pol_diag(c->ds, POL_E0558_missing_source, d->rules[i].span, own_help(c, d->rules[i].span, POL_E0558_missing_source), rule_words(c, &d->rules[i]), d->name, d->name);
            complete = false;
        }
    }
    if (!complete)
        return &pol_type_error;
    e->ref = d->kind == POL_D_PARAM ? POL_REF_PARAM : POL_REF_DEFINE;
    e->ref_decl = d;
    return &pol_type_text;
}

static const PolType *check_expr_inner(Checker *c, PolExpr *e, const PolType *expected)
{
    switch (e->kind) {
    case POL_E_BOOL: return &pol_type_bool;
    case POL_E_INT: return &pol_type_int;
    case POL_E_DEC: return &pol_type_dec;
    case POL_E_MONEY: return &pol_type_money;
    case POL_E_DATE: return &pol_type_date;
    case POL_E_DUR: return &pol_type_dur;
    case POL_E_TEXT: return &pol_type_text;
    case POL_E_NAME: return check_name(c, e, expected);
    case POL_E_MEMBER: return check_member(c, e);
    case POL_E_CALL: return check_call(c, e);
    case POL_E_EARLIER:
        if (!c->earlier || c->in_param || c->current->kind != POL_D_MEASURE) {
            pol_diag(c->ds, POL_E0441_earlier_grants_outside, e->span, own_help(c, e->span, POL_E0441_earlier_grants_outside));
            return &pol_type_error;
        }
        return c->earlier;
    case POL_E_EVAL_DATE:
        if (c->in_param) {
            pol_diag(c->ds, POL_E0519_parameter_evaluation_date, e->span, own_help(c, e->span, POL_E0519_parameter_evaluation_date));
            return &pol_type_error;
        }
        return &pol_type_date;
    case POL_E_POLICY_START:
    case POL_E_POLICY_END:
        return &pol_type_date;
    case POL_E_WITHIN: {
        const PolType *t = check_expr(c, e->left, NULL);
        want(c, e->left, t, POL_T_DATE, code_words(c, "within period in force"));
        return &pol_type_bool;
    }
    case POL_E_SOURCE_OF:
        return check_source_of(c, e);
    case POL_E_UNARY: {
        const PolType *t = check_expr(c, e->left, NULL);
        if (e->op == POL_OP_NOT) {
            want(c, e->left, t, POL_T_BOOL, code_words(c, "not"));
            return &pol_type_bool;
        }
        if (is_error(t) || is_numeric(t) || is_amount(t))
            return t;
        pol_diag(c->ds, POL_E0416_cannot_negate, e->span, NULL, tn(c, t));
        return &pol_type_error;
    }
    case POL_E_BINARY:
        switch (e->op) {
        case POL_OP_AND:
        case POL_OP_OR: {
            const PolType *lt = check_expr(c, e->left, NULL);
            want(c, e->left, lt, POL_T_BOOL, code_words(c, e->op == POL_OP_AND ? "and" : "or"));
            int saved = c->nnarrowed;
            learn(c, e->left, e->op == POL_OP_AND);
            const PolType *rt = check_expr(c, e->right, NULL);
            c->nnarrowed = saved;
            want(c, e->right, rt, POL_T_BOOL, code_words(c, e->op == POL_OP_AND ? "and" : "or"));
            return &pol_type_bool;
        }
        case POL_OP_EQ: case POL_OP_NE: case POL_OP_LT: case POL_OP_LE: case POL_OP_GT: case POL_OP_GE:
            return check_compare(c, e);
        default: {
            const PolType *t = check_arith(c, e);
            if (t->kind == POL_T_DATE && (e->op == POL_OP_ADD || e->op == POL_OP_SUB) && months_in(e->right) && !e->unwrap) {
                pol_diag(c->ds, POL_E0407_months_unrounded, e->span, own_help(c, e->span, POL_E0407_months_unrounded));
            }
            return t;
        }
        }
    case POL_E_IF: {
        const PolType *ct = check_expr(c, e->cond, NULL);
        want(c, e->cond, ct, POL_T_BOOL, code_words(c, "if"));
        int saved = c->nnarrowed;
        learn(c, e->cond, true);
        const PolType *a = check_expr(c, e->left, expected);
        c->nnarrowed = saved;
        learn(c, e->cond, false);
        const PolType *b = check_expr(c, e->right, expected ? expected : a);
        c->nnarrowed = saved;
        const PolType *u = unify(a, b);
        if (!u) {
            pol_diag(c->ds, POL_E0417_branches_differ, e->span, NULL, tn(c, a), tn(c, b));
            return &pol_type_error;
        }
        return u;
    }
    case POL_E_IN: {
        const PolType *lt = check_expr(c, e->left, NULL);
        for (int i = 0; i < e->args.count; i++) {
            const PolType *it = check_expr(c, e->args.items[i], lt);
            const PolType *l = lt->kind == POL_T_OPT ? lt->inner : lt;
            if (!is_error(lt) && !is_error(it) && !unify(l, it))
                pol_diag(c->ds, POL_E0418_one_of_type, e->args.items[i]->span, money_and_number_help(c, e->left, l, e->args.items[i], it),
                         pol_span_text(e->args.items[i]->span), tn(c, it), tn(c, l));
        }
        return &pol_type_bool;
    }
    case POL_E_OTHERWISE: {
        const PolType *lt = check_expr(c, e->left, NULL);
        if (is_error(lt))
            return check_expr(c, e->right, NULL);
        if (lt->kind != POL_T_OPT) {
            pol_diag(c->ds, POL_E0419_otherwise_never_absent, e->left->span, own_help(c, e->left->span, POL_E0419_otherwise_never_absent), tn(c, lt));
            check_expr(c, e->right, NULL);
            return lt;
        }
        const PolType *rt = check_expr(c, e->right, lt->inner);
        if (!is_error(rt) && is_amount(rt) && is_amount(lt->inner) && !pol_type_equal(rt, lt->inner))
            return &pol_type_umoney;   /* money and unrounded money: unrounded money */
        if (!is_error(rt) && !pol_type_equal(rt, lt->inner) && !(lt->inner->kind == POL_T_DEC && rt->kind == POL_T_INT)) {
            pol_diag(c->ds, POL_E0420_otherwise_type, e->right->span, NULL, pol_span_text(e->left->span), tn(c, lt->inner), tn(c, rt));
        }
        return lt->inner;
    }
    case POL_E_PRESENT: {
        const PolType *t = check_expr(c, e->left, NULL);
        if (!is_error(t) && t->kind != POL_T_OPT && !e->left->unwrap)
            pol_diag(c->ds, POL_E0421_present_never_absent, e->left->span, NULL, tn(c, t));
        return &pol_type_bool;
    }
    case POL_E_GRANTED: {
        const PolExpr *m = e->left;
        if (m->kind != POL_E_NAME) {
            pol_diag(c->ds, POL_E0422_granted_needs_measure, m->span, NULL);
            return &pol_type_bool;
        }
        if (c->in_param) {
            pol_diag(c->ds, POL_E0520_parameter_granted, e->span, own_help(c, e->span, POL_E0520_parameter_granted), m->name);
            return &pol_type_error;
        }
        PolDecl *d = find_decl(c, m->name, K(POL_D_MEASURE));
        if (!d) {
            PolSuggest s = suggest_for(m->name);
            for (int i = 0; i < c->all.count; i++)
                if (c->all.items[i]->kind == POL_D_MEASURE)
                    suggest_try(c, &s, c->all.items[i]->name);
            pol_diag(c->ds, POL_E0304_unknown_measure, m->span, suggest_help(c, &s), m->name);
            return &pol_type_bool;
        }
        e->ref = POL_REF_MEASURE;
        e->ref_decl = d;
        return &pol_type_bool;
    }
    case POL_E_QUANT: {
        const PolType *lt = check_expr(c, e->left, NULL);
        const PolType *elem = &pol_type_error;
        if (!is_error(lt)) {
            if (lt->kind == POL_T_LIST)
                elem = lt->inner;
            else
                pol_diag(c->ds, POL_E0423_quantifier_needs_list, e->left->span, NULL,
                         e->quant == POL_Q_SUM ? "sum" : e->quant == POL_Q_COUNT ? "count" : e->quant == POL_Q_ANY ? "any" : "all",
                         tn(c, lt));
        }
        int saved_locals = c->nlocals, saved_slot = c->next_slot;
        e->ref_index = c->next_slot;      /* list, index, accumulator, then the variable */
        c->next_slot += 3;
        if (c->next_slot > c->max_slot)
            c->max_slot = c->next_slot;
        const char *path = e->left->path ? pol_strdup_printf("%s[]", e->left->path) : NULL;
        add_local(c, e->name, elem, path, e->span);
        const PolType *result = &pol_type_bool;
        int saved = c->nnarrowed;
        if (e->cond) {
            const PolType *ct = check_expr(c, e->cond, NULL);
            want(c, e->cond, ct, POL_T_BOOL, code_words(c, "where"));
            learn(c, e->cond, true);
        }
        if (e->quant == POL_Q_COUNT)
            result = &pol_type_int;
        if (e->quant == POL_Q_SUM) {
            const PolType *vt = check_expr(c, e->value, NULL);
            if (!is_error(vt) && !is_numeric(vt) && !is_amount(vt)) {
                if (vt->kind == POL_T_OPT)
                    not_optional_error(c, e->value, vt, code_words(c, "sum"));
                else
                    pol_diag(c->ds, POL_E0424_sum_type, e->value->span, NULL, tn(c, vt));
                vt = &pol_type_error;
            }
            result = vt;
        }
        c->nnarrowed = saved;
        c->nlocals = saved_locals;
        c->next_slot = saved_slot;
        return result;
    }
    case POL_E_ROUND: {
        PolExpr *inner = e->left;
        if (e->round_unit == 0) {
            /* date ± months */
            if (inner->kind == POL_E_BINARY && (inner->op == POL_OP_ADD || inner->op == POL_OP_SUB)) {
                inner->unwrap = true;   /* marks "rounding given" for the date check */
                const PolType *t = check_expr(c, inner, NULL);
                inner->unwrap = false;
                if (t->kind == POL_T_DATE || is_error(t)) {
                    if (e->round_mode != POL_ROUND_DOWN && e->round_mode != POL_ROUND_UP)
                        pol_diag(c->ds, POL_E0425_date_rounding_mode, e->span, NULL);
                    return t;
                }
            } else {
                check_expr(c, inner, NULL);
            }
            pol_diag(c->ds, POL_E0426_rounding_unit_missing, e->span, own_help(c, e->span, POL_E0426_rounding_unit_missing));
            return &pol_type_error;
        }
        const PolType *t = check_expr(c, inner, NULL);
        if (is_error(t))
            return &pol_type_money;
        if (t->kind == POL_T_OPT && (t->inner->kind == POL_T_MONEY || t->inner->kind == POL_T_UMONEY)) {
            not_optional_error(c, inner, t, pol_msg(c->ds->lang, POL_MSG_what_rounding));
            return &pol_type_money;
        }
        if (t->kind != POL_T_UMONEY && t->kind != POL_T_MONEY) {
            pol_diag(c->ds, POL_E0427_round_non_money, inner->span, NULL, tn(c, t));
            return &pol_type_error;
        }
        return &pol_type_money;
    }
    }
    return &pol_type_error;
}

static const PolType *check_expr(Checker *c, PolExpr *e, const PolType *expected)
{
    if (++c->depth > MAX_EXPR_DEPTH) {
        c->depth--;
        if (!c->too_deep)
            pol_diag(c->ds, POL_E0706_expression_too_deep, e->span, NULL, MAX_EXPR_DEPTH);
        c->too_deep = true;
        e->type = &pol_type_error;
        return e->type;
    }
    const PolType *t = check_expr_inner(c, e, expected);
    c->depth--;
    if (c->depth == 0)
        c->too_deep = false;
    e->type = t;
    return t;
}

/* Checks an expression that must have type `want_t` (integers are accepted where decimals are). */
static void check_typed(Checker *c, PolExpr *e, const PolType *want_t, const char *what)
{
    const PolType *t = check_expr(c, e, want_t);
    if (is_error(t) || is_error(want_t) || pol_type_equal(t, want_t))
        return;
    if (want_t->kind == POL_T_DEC && t->kind == POL_T_INT)
        return;
    if (want_t->kind == POL_T_OPT && (pol_type_equal(want_t->inner, t) || t->kind == POL_T_OPT))
        return;
    if (money_widens(t, want_t))
        return;
    if (t->kind == POL_T_UMONEY && (want_t->kind == POL_T_MONEY || (want_t->kind == POL_T_OPT && want_t->inner->kind == POL_T_MONEY))) {
        /* the amount of a measure is rounded there; a definition or a
         * parameter declared money may instead be declared unrounded */
        const PolDecl *d = c->current;
        const char *declared = !d || d->kind == POL_D_MEASURE ? NULL
                             : d->kind == POL_D_PARAM ? pol_msg(c->ds->lang, POL_MSG_what_parameter, d->name)
                             : code_words(c, d->name);
        unrounded_error(c, e, what, declared);
        return;
    }
    if (t->kind == POL_T_OPT && pol_type_equal(t->inner, want_t)) {
        not_optional_error(c, e, t, what);
        return;
    }
    pol_diag(c->ds, POL_E0429_type_mismatch, e->span, NULL, what, tn(c, want_t), tn(c, t));
}

/* ---------------------------------------------------------------------- */
/* Declarations                                                           */

/* Reports a name declared twice (the first is kept) and indexes the names. */
static void check_duplicates(Checker *c)
{
    for (int i = 0; i < c->all.count; i++) {
        PolDecl *d = c->all.items[i];
        if (!named_kind(d))
            continue;
        int first = pol_names_put(&c->names, d->name, strlen(d->name), i);
        if (first >= 0) {
            pol_diag(c->ds, POL_E0308_duplicate_declaration, d->span, NULL, d->name);
            pol_diag_note(c->ds, c->all.items[first]->span, POL_MSG_first_declaration_here);
            d->name = NULL;   /* keep the first */
        }
    }
}

static void declare_types(Checker *c)
{
    PolChecked *out = c->out;
    for (int i = 0; i < c->all.count; i++) {
        PolDecl *d = c->all.items[i];
        if (d->kind == POL_D_ENUM && d->name) {
            PolEnum *e = GC_MALLOC(sizeof *e);
            e->name = d->name;
            e->count = d->nvalues;
            e->values = d->values;
            e->span = d->span;
            PolNameTable seen = {0};
            for (int a = 0; a < d->nvalues; a++) {
                if (pol_names_put(&seen, d->values[a], strlen(d->values[a]), a) >= 0)
                    pol_diag(c->ds, POL_E0309_duplicate_enum_value, d->value_spans[a], NULL, d->values[a], d->name);
                pol_names_put(&c->enum_values, d->values[a], strlen(d->values[a]), out->nenums);
            }
            pol_enum_index(e);
            d->enumeration = e;
            out->enums = pol_grow(out->enums, (size_t)out->nenums, sizeof *out->enums);
            out->enums[out->nenums++] = e;
        } else if ((d->kind == POL_D_RECORD && d->name) || d->kind == POL_D_FACTS) {
            PolRecord *r = GC_MALLOC(sizeof *r);
            r->name = d->kind == POL_D_FACTS ? "the facts" : d->name;
            r->span = d->span;
            d->record = r;
            if (d->kind == POL_D_RECORD) {
                out->records = pol_grow(out->records, (size_t)out->nrecords, sizeof *out->records);
                out->records[out->nrecords++] = r;
            }
        }
    }
}

/* The bound of a member: on an integer, or with `items` on a list. */
static void check_bound(Checker *c, const PolMemberDecl *md, PolMember *m)
{
    if (!md->has_min && !md->has_max)
        return;
    const PolType *t = m->type;
    if (is_error(t))
        return;
    if (md->bound_items && t->kind != POL_T_LIST) {
        pol_diag(c->ds, POL_E0616_items_bound_not_list, md->bound_span, own_help(c, md->bound_span, POL_E0616_items_bound_not_list), md->name, tn(c, t));
        return;
    }
    if (!md->bound_items && t->kind == POL_T_LIST) {
        pol_diag(c->ds, POL_E0615_list_bound_without_items, md->bound_span, own_help(c, md->bound_span, POL_E0615_list_bound_without_items), md->name);
        return;
    }
    if (!md->bound_items && t->kind != POL_T_INT) {
        if (md->has_min && !md->has_max)
            pol_diag(c->ds, POL_E0602_at_least_non_integer, md->span, NULL);
        else
            pol_diag(c->ds, POL_E0617_bound_not_integer, md->bound_span, NULL, md->name, tn(c, t));
        return;
    }
    if (md->has_min && md->has_max && md->min > md->max) {
        pol_diag(c->ds, POL_E0618_bounds_backwards, md->bound_span, own_help(c, md->bound_span, POL_E0618_bounds_backwards), (long long)md->min, (long long)md->max);
        return;
    }
    m->has_min = md->has_min;
    m->min = md->min;
    m->has_max = md->has_max;
    m->max = md->max;
    m->no_sign = md->bound_range && t->kind == POL_T_INT;
}

static int compare_ints(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* `required when k = v` / `k is one of {...}`, `absent otherwise`: k an
 * enum member of the same record, the values its words. */
static void check_required_when(Checker *c, PolRecord *r, const PolMemberDecl *md, PolMember *m)
{
    if (md->absent_otherwise && !md->when_member) {
        pol_diag(c->ds, POL_E0621_absent_otherwise_alone, md->absent_span, own_help(c, md->absent_span, POL_E0621_absent_otherwise_alone));
        return;
    }
    if (!md->when_member)
        return;
    if (md->presence != POL_PRESENCE_REQUIRED_WHEN) {
        pol_diag(c->ds, POL_E0622_required_when_optional, md->type.span, own_help(c, md->type.span, POL_E0622_required_when_optional), md->name, tn(c, m->value_type));
        return;
    }
    int w = pol_record_find(r, md->when_member);
    if (w < 0 || r->members[w].type->kind != POL_T_ENUM) {
        pol_diag(c->ds, POL_E0603_required_when_not_enum, md->when_span, own_help(c, md->when_span, POL_E0603_required_when_not_enum), md->when_member, record_name(c, r));
        return;
    }
    const PolEnum *e = r->members[w].type->enumeration;
    int *values = GC_MALLOC_ATOMIC((size_t)(md->nwhen_values + 1) * sizeof *values);
    int n = 0;
    for (int i = 0; i < md->nwhen_values; i++) {
        int v = pol_enum_find(e, md->when_values[i]);
        if (v < 0) {
            PolSuggest s = suggest_for(md->when_values[i]);
            for (int k = 0; k < e->count; k++)
                suggest_try(c, &s, e->values[k]);
            pol_diag(c->ds, POL_E0305_not_enum_value, md->when_value_spans ? md->when_value_spans[i] : md->when_span,
                     suggest_help(c, &s), md->when_values[i], e->name);
            return;
        }
        values[n++] = v;
    }
    qsort(values, (size_t)n, sizeof *values, compare_ints);
    int unique = 0;
    for (int i = 0; i < n; i++)
        if (unique == 0 || values[unique - 1] != values[i])
            values[unique++] = values[i];
    m->when_member = w;
    m->nwhen = unique;
    m->when_values = values;
    m->absent_otherwise = md->absent_otherwise;
}

static void define_members(Checker *c, PolDecl *d)
{
    PolRecord *r = d->record;
    r->count = d->nmembers;
    r->members = GC_MALLOC((size_t)(d->nmembers ? d->nmembers : 1) * sizeof *r->members);
    PolNameTable seen = {0};
    for (int i = 0; i < d->nmembers; i++) {
        PolMemberDecl *md = &d->members[i];
        PolMember *m = &r->members[i];
        m->name = md->name;
        m->span = md->span;
        m->presence = md->presence;
        m->when_member = -1;
        if (pol_names_put(&seen, md->name, strlen(md->name), i) >= 0)
            pol_diag(c->ds, POL_E0310_duplicate_member, md->span, NULL, md->name);
        PolTypeExpr te = md->type;
        te.optional = false;
        m->type = resolve_type(c, &te);
        if (m->type->kind == POL_T_LIST || m->presence == POL_PRESENCE_REQUIRED)
            m->value_type = m->type;
        else
            m->value_type = pol_type_opt(m->type);
        if (m->type->kind == POL_T_DUR || (m->type->kind == POL_T_LIST && m->type->inner->kind == POL_T_DUR))
            pol_diag(c->ds, POL_E0601_duration_fact, md->type.span, NULL);
        check_bound(c, md, m);
    }
    pol_record_index(r);
    for (int i = 0; i < d->nmembers; i++)
        check_required_when(c, r, &d->members[i], &r->members[i]);
}

static void check_header(Checker *c)
{
    PolDecl *policy = NULL;
    for (int i = 0; i < c->all.count; i++) {
        PolDecl *d = c->all.items[i];
        if (d->kind == POL_D_POLICY) {
            if (policy) {
                pol_diag(c->ds, POL_E0604_second_policy_header, d->span, NULL);
                pol_diag_note(c->ds, policy->span, POL_MSG_first_header_here);
                continue;
            }
            policy = d;
        }
    }
    PolDecl *facts = NULL;
    for (int i = 0; i < c->all.count; i++) {
        PolDecl *d = c->all.items[i];
        if (d->kind == POL_D_FACTS) {
            if (facts) {
                pol_diag(c->ds, POL_E0605_second_facts_block, d->span, own_help(c, d->span, POL_E0605_second_facts_block));
                continue;
            }
            facts = d;
        }
    }
    PolSpan nowhere = {0};
    if (facts)
        c->out->facts = facts->record;   /* facts are checked even without a header */
    if (!policy) {
        pol_diag(c->ds, POL_E0606_missing_policy_header, c->all.count ? c->all.items[0]->span : nowhere, own_help(c, c->all.count ? c->all.items[0]->span : nowhere, POL_E0606_missing_policy_header));
        return;
    }
    c->out->policy = policy;
    if (!facts)
        pol_diag(c->ds, POL_E0607_missing_facts, policy->span, own_help(c, policy->span, POL_E0607_missing_facts));
    if (!policy->force_from)
        pol_diag(c->ds, POL_E0609_header_without_period, policy->span, own_help(c, policy->span, POL_E0609_header_without_period));
    c->out->force_from = policy->force_from;
    if (policy->force_has_duration) {
        int32_t end;
        bool ambiguous = false;
        PolNumStatus s = pol_date_add_months(policy->force_from, policy->force_duration.months, POL_ROUND_DOWN, &end, &ambiguous);
        if (s == POL_NUM_OK)
            s = pol_date_add_days(end, policy->force_duration.days, &end);
        if (s != POL_NUM_OK || ambiguous)
            pol_diag(c->ds, POL_E0610_period_end_does_not_exist, policy->force_span, own_help(c, policy->force_span, POL_E0610_period_end_does_not_exist));
        /* `for 0 days` would be a policy never in force; a duration too
         * long to hold is read as 0 too, but the scanner reported it
         * (E0105), so only one written as 0 is reported here */
        else if (policy->force_duration.months == 0 && policy->force_duration.days == 0 &&
                 pol_span_text(policy->force_duration_span)[0] == '0')
            pol_diag(c->ds, POL_E0614_period_empty, policy->force_span, own_help(c, policy->force_span, POL_E0614_period_empty));
        c->out->force_last = end - 1;   /* "for 3 years" ends before the same day three years on */
    } else {
        c->out->force_last = policy->force_through;
        if (policy->force_through < policy->force_from && policy->force_from)
            pol_diag(c->ds, POL_E0611_period_backwards, policy->force_span, NULL);
    }
    c->out->id_member = c->out->date_member = -1;
    if (!facts)
        return;
    if (policy->id_member) {
        int m = pol_record_find(facts->record, policy->id_member);
        if (m < 0 || facts->record->members[m].type->kind != POL_T_TEXT)
            pol_diag(c->ds, POL_E0612_identified_by_not_text, policy->id_span, NULL, policy->id_member);
        c->out->id_member = m;
    }
    if (policy->date_member) {
        int m = pol_record_find(facts->record, policy->date_member);
        if (m < 0 || facts->record->members[m].type->kind != POL_T_DATE)
            pol_diag(c->ds, POL_E0613_as_of_not_date, policy->date_span, NULL, policy->date_member);
        c->out->date_member = m;
    }
}

/* The days of a dated clause: in order, and within the period in force. */
static void check_range(Checker *c, const PolRange *r)
{
    if (!r->has)
        return;
    if (r->has_through && r->through < r->from) {
        pol_diag(c->ds, POL_E0555_range_backwards, r->span, own_help(c, r->span, POL_E0555_range_backwards), day_text(r->from), day_text(r->through));
        return;
    }
    int32_t last = r->has_through ? r->through : r->from;
    if (c->out->policy && c->out->policy->force_from && (r->from < c->out->force_from || last > c->out->force_last))
        pol_diag(c->ds, POL_E0556_range_outside_period, r->span, NULL, pol_span_text(r->span), day_text(c->out->force_from),
                 day_text(c->out->force_last));
}

/* The steps of a dated parameter: their values of one type (declared, or
 * the first value's), in order of date, one a day, within the period in
 * force, the first on its first day. Returns the type. */
static const PolType *check_steps(Checker *c, PolDecl *d, const PolType *declared)
{
    const PolType *t = declared;
    const char *what = pol_msg(c->ds->lang, POL_MSG_what_parameter, d->name);
    for (int i = 0; i < d->steps.count; i++) {
        PolStepDecl *st = &d->steps.items[i];
        if (!st->value)
            continue;
        if (t) {
            check_typed(c, st->value, t, what);
            continue;
        }
        t = check_expr(c, st->value, NULL);
    }
    if (!t) {
        pol_diag(c->ds, POL_E0554_dated_parameter_never_in_force, d->span, NULL, d->name);
        t = &pol_type_error;
    }
    bool ordered = true;
    for (int i = 1; i < d->steps.count; i++) {
        const PolStepDecl *a = &d->steps.items[i - 1], *b = &d->steps.items[i];
        if (b->from < a->from) {
            pol_diag(c->ds, POL_E0550_steps_unsorted, b->span, NULL, d->name, day_text(b->from), day_text(a->from));
            ordered = false;
        } else if (b->from == a->from) {
            pol_diag(c->ds, POL_E0551_steps_same_date, b->span, NULL, d->name, day_text(b->from));
            pol_diag_note(c->ds, a->span, POL_MSG_other_step_here);
            ordered = false;
        }
    }
    if (!c->out->policy || !c->out->policy->force_from)
        return t;   /* no period to check against: reported with the header */
    bool inside = true;
    for (int i = 0; i < d->steps.count; i++) {
        const PolStepDecl *st = &d->steps.items[i];
        if (st->from < c->out->force_from || st->from > c->out->force_last) {
            pol_diag(c->ds, POL_E0552_step_outside_period, st->span, NULL, d->name, day_text(st->from),
                     day_text(c->out->force_from), day_text(c->out->force_last));
            inside = false;
        }
    }
    const PolStepDecl *first = &d->steps.items[0];
    if (ordered && inside && first->from > c->out->force_from) {
        const char *start = day_text(c->out->force_from);
        pol_diag(c->ds, POL_E0553_schedule_gap, first->span, pol_msg(c->ds->lang, POL_MSG_help_schedule_gap, start, start), d->name,
                 start, day_text(first->from - 1));
    }
    return t;
}

static void check_param(Checker *c, PolDecl *d)
{
    if (d->checked || !d->name)
        return;
    d->checking = true;
    bool saved_in_param = c->in_param;
    const PolDecl *saved_current = c->current;
    c->in_param = true;
    c->current = d;
    const PolType *declared = d->type.name ? resolve_type(c, &d->type) : NULL;
    const PolType *t;
    if (d->steps.count > 0) {
        t = check_steps(c, d, declared);
    } else if (declared) {
        check_typed(c, d->value, declared, pol_msg(c->ds->lang, POL_MSG_what_parameter, d->name));
        t = declared;
    } else {
        t = check_expr(c, d->value, NULL);
    }
    d->type.type = t;
    d->checking = false;
    d->checked = true;
    c->in_param = saved_in_param;
    c->current = saved_current;
}

/* A type as the file of the declaration being checked writes it (`money`,
 * `金额`, `optional Project`). */
static const char *type_words(const Checker *c, const PolType *t)
{
    PolKeywordSet set = c->current ? c->current->kwset : POL_KW_EN;
    switch (t->kind) {
    case POL_T_BOOL: return pol_ctx_word(POL_CTX_bool, set);
    case POL_T_INT: return pol_ctx_word(POL_CTX_integer, set);
    case POL_T_DEC: return pol_ctx_word(POL_CTX_decimal, set);
    case POL_T_MONEY: return pol_ctx_word(POL_CTX_money, set);
    case POL_T_UMONEY: return pol_strdup_printf("%s %s", pol_ctx_word(POL_CTX_unrounded, set), pol_ctx_word(POL_CTX_money, set));
    case POL_T_DATE: return pol_kw_in("date", set);
    case POL_T_DUR: return pol_ctx_word(POL_CTX_duration, set);
    case POL_T_TEXT: return pol_ctx_word(POL_CTX_text, set);
    case POL_T_LIST: return pol_strdup_printf("%s %s %s", pol_kw_in("list", set), pol_kw_in("of", set), type_words(c, t->inner));
    case POL_T_OPT: return pol_strdup_printf("%s %s", pol_kw_in("optional", set), type_words(c, t->inner));
    default: return pol_type_name(t);   /* an enum or a record: its name */
    }
}

/* `define x = VALUE` (E0444; its arguments are in scope): the value is checked as it stands, and the
 * help shows the declaration with the type it gives. The definition stays
 * of no type, so that what uses it gives no follow-on errors. */
static void define_without_type(Checker *c, PolDecl *d)
{
    PolKeywordSet set = d->kwset;
    const char *define = pol_kw_in("define", set);
    const char *head = d->nparams > 0 ? pol_strdup_printf("%s %s(…)", define, d->name) : pol_strdup_printf("%s %s", define, d->name);
    const PolType *t = d->nrules == 1 ? check_expr(c, d->rules[0].value, NULL) : &pol_type_error;
    const char *help;
    if (!is_error(t))
        help = pol_msg(c->ds->lang, POL_MSG_define_type_shown, tn(c, t), pol_strdup_printf("%s: %s = …", head, type_words(c, t)));
    else
        help = pol_msg(c->ds->lang, POL_MSG_define_type_needed,
                       pol_strdup_printf("%s: %s = …", head, pol_ctx_word(POL_CTX_money, set)));
    pol_diag(c->ds, POL_E0444_define_without_type, d->type.span, help, define, d->name);
    d->nlocals = c->max_slot;
}

static void check_define(Checker *c, PolDecl *d)
{
    c->current = d;
    c->nlocals = 0;
    c->next_slot = 0;
    c->max_slot = 0;
    c->nnarrowed = 0;
    PolNameTable params = {0};
    c->earlier = NULL;
    for (int i = 0; i < d->nparams; i++) {
        const PolType *pt = d->params[i].type.type ? d->params[i].type.type : &pol_type_error;
        if (pol_names_put(&params, d->params[i].name, strlen(d->params[i].name), i) >= 0)
            pol_diag(c->ds, POL_E0311_duplicate_argument, d->params[i].span, NULL, d->params[i].name);
        add_local(c, d->params[i].name, pt, NULL, d->params[i].span);
    }
    const PolType *t = d->type.type;
    if (!d->type.name) {
        define_without_type(c, d);
        return;
    }
    int ndefault = 0, nbase = 0;
    /* the rules by label (the first of a label), for the exceptions that
     * name one, before or after them */
    PolNameTable labels = {0};
    for (int i = 0; i < d->nrules; i++)
        if (d->rules[i].label)
            pol_names_put(&labels, d->rules[i].label, strlen(d->rules[i].label), i);
    for (int i = 0; i < d->nrules; i++) {
        PolRule *r = &d->rules[i];
        if (r->kind == POL_RULE_DEFAULT && ++ndefault > 1)
            pol_diag(c->ds, POL_E0507_several_defaults, r->span, NULL, d->name);
        if (r->kind == POL_RULE_BASE)
            nbase++;
        if (r->label && pol_names_get(&labels, r->label, strlen(r->label)) != i)
            pol_diag(c->ds, POL_E0508_duplicate_label, r->span, NULL, r->label, d->name);
        r->parent = -1;
        if (r->kind == POL_RULE_EXCEPTION && r->target) {
            int found = pol_names_get(&labels, r->target, strlen(r->target));
            if (found < 0) {
                PolSuggest s = suggest_for(r->target);
                for (int j = 0; j < d->nrules; j++)
                    suggest_try(c, &s, d->rules[j].label);
                pol_diag(c->ds, POL_E0509_unknown_label, r->target_span, suggest_help(c, &s), d->name, r->target);
            } else if (found == i)
                pol_diag(c->ds, POL_E0510_exception_overrides_itself, r->target_span, NULL);
            else
                r->parent = found;
        }
        check_range(c, &r->range);
        int saved = c->nnarrowed;
        if (r->cond) {
            const PolType *ct = check_expr(c, r->cond, NULL);
            want(c, r->cond, ct, POL_T_BOOL, pol_msg(c->ds->lang, POL_MSG_what_rule_when));
            learn(c, r->cond, true);
        }
        check_typed(c, r->value, t ? t : &pol_type_error, pol_msg(c->ds->lang, POL_MSG_what_value_of, d->name));
        c->nnarrowed = saved;
    }
    /* exceptions must form a tree */
    for (int i = 0; i < d->nrules; i++) {
        int steps = 0;
        for (int p = d->rules[i].parent; p >= 0 && steps <= d->nrules; p = d->rules[p].parent)
            steps++;
        if (steps > d->nrules) {
            pol_diag(c->ds, POL_E0511_exception_circle, d->rules[i].span, NULL, d->name);
            d->rules[i].parent = -1;
        }
    }
    /* rules, none a base rule nor a default: exceptions only */
    if (nbase == 0 && d->nrules > 0 && ndefault == 0)
        pol_diag(c->ds, POL_E0512_exceptions_without_rule, d->span, own_help(c, d->span, POL_E0512_exceptions_without_rule), d->name);
    d->nlocals = c->max_slot;
}

/* `for each VAR in LIST [ordered by EXPR]`: the list, the item variable
 * (in scope for every later clause) and the ordering. The loop takes four
 * locals: the list, the index + 1 of the item, its position in the order
 * taken, then the item (the variable). */
static void check_for_each(Checker *c, PolDecl *d)
{
    const PolType *lt = check_expr(c, d->items, NULL);
    const PolType *elem = &pol_type_error;
    if (!is_error(lt)) {
        if (lt->kind == POL_T_LIST)
            elem = lt->inner;
        else
            pol_diag(c->ds, POL_E0423_quantifier_needs_list, d->items->span, NULL, "for each", tn(c, lt));
    }
    d->item_slot = c->next_slot;
    c->next_slot += 3;
    if (c->next_slot > c->max_slot)
        c->max_slot = c->next_slot;
    const char *path = d->items->path ? pol_strdup_printf("%s[]", d->items->path) : NULL;
    add_local(c, d->item_var, elem, path, d->item_var_span);
    if (d->order) {
        const PolType *t = check_expr(c, d->order, NULL);
        if (t->kind == POL_T_OPT)
            not_optional_error(c, d->order, t, pol_msg(c->ds->lang, POL_MSG_what_ordered_by));
        else if (!is_error(t) && !is_numeric(t) && t->kind != POL_T_MONEY && t->kind != POL_T_DATE)
            pol_diag(c->ds, POL_E0442_order_not_ordered, d->order->span, own_help(c, d->order->span, POL_E0442_order_not_ordered), tn(c, t));
    }
    c->earlier = is_error(elem) ? &pol_type_error : pol_type_list(elem);   /* after the ordering: none yet */
}

/* `subject NAME: EXPR, ...`: values a decision can write. */
static void check_subject(Checker *c, PolDecl *d)
{
    if (!d->item_var) {
        if (d->nsubject_clauses)
            pol_diag(c->ds, POL_E0543_subject_without_for_each, d->subject_span, own_help(c, d->subject_span, POL_E0543_subject_without_for_each), d->name);
        return;
    }
    if (!d->nsubject_clauses)
        pol_diag(c->ds, POL_E0542_per_item_without_subject, d->span, NULL, d->name);
    PolNameTable names = {0};
    for (int i = 0; i < d->nsubject; i++) {
        if (pol_names_put(&names, d->subject_names[i], strlen(d->subject_names[i]), i) >= 0)
            pol_diag(c->ds, POL_E0544_subject_member_twice, d->subject_spans[i], NULL, d->subject_names[i], d->name);
        const PolType *t = check_expr(c, d->subject_values[i], NULL);
        PolTypeKind k = t->kind == POL_T_OPT ? t->inner->kind : t->kind;
        if (!is_error(t) && k != POL_T_BOOL && k != POL_T_INT && k != POL_T_DEC && k != POL_T_MONEY && k != POL_T_DATE &&
            k != POL_T_TEXT && k != POL_T_ENUM)
            pol_diag(c->ds, POL_E0443_subject_type, d->subject_values[i]->span, NULL, d->subject_names[i], tn(c, t));
    }
}

static void check_measure(Checker *c, PolDecl *d)
{
    c->current = d;
    c->nlocals = 0;
    c->next_slot = 0;
    c->max_slot = 0;
    c->nnarrowed = 0;
    c->earlier = NULL;
    if (!d->article)
        pol_diag(c->ds, POL_E0502_measure_without_article, d->span, own_help(c, d->span, POL_E0502_measure_without_article), d->name);
    if (!d->has_amount)
        pol_diag(c->ds, POL_E0504_measure_without_amount, d->span, own_help(c, d->span, POL_E0504_measure_without_amount), d->name);
    check_range(c, &d->in_force);
    /* the conditions written before `for each` first: they hold for the
       measure, and what they narrow is narrowed in the list too */
    int before = d->item_var ? d->item_conds : 0;
    for (int i = 0; i < d->nconds; i++) {
        if (i == before && d->item_var)
            check_for_each(c, d);
        if (i == before)
            check_subject(c, d);
        check_range(c, &d->cond_ranges[i]);
        const PolType *t = check_expr(c, d->conds[i], NULL);
        want(c, d->conds[i], t, POL_T_BOOL, pol_msg(c->ds->lang, POL_MSG_what_when));
        /* a dated condition holds outside its days too: it narrows nothing */
        if (!d->cond_ranges[i].has)
            learn(c, d->conds[i], true);
    }
    if (before == d->nconds) {   /* no condition after `for each` (or none at all) */
        if (d->item_var)
            check_for_each(c, d);
        check_subject(c, d);
    }
    bool money_amount = d->basis == POL_BASIS_FIXED || d->basis == POL_BASIS_CAPPED || d->basis == POL_BASIS_COMPUTED;
    if (money_amount)
        check_typed(c, d->amount, &pol_type_money, pol_msg(c->ds->lang, POL_MSG_what_amount));
    if (d->ncaps && d->basis != POL_BASIS_CAPPED && d->basis != POL_BASIS_COMPUTED)
        pol_diag(c->ds, POL_E0505_ceiling_without_cap, d->caps[0].span, own_help(c, d->caps[0].span, POL_E0505_ceiling_without_cap));
    if (d->zero_granted && d->has_amount && !money_amount)
        pol_diag(c->ds, POL_E0540_zero_grant_without_amount, d->zero_span, own_help(c, d->zero_span, POL_E0540_zero_grant_without_amount), d->name);
    if (d->source)
        check_typed(c, d->source, &pol_type_text, pol_msg(c->ds->lang, POL_MSG_what_source, d->name));
    if (d->basis == POL_BASIS_CAPPED && d->ncaps == 0)
        pol_diag(c->ds, POL_E0506_capped_without_ceiling, d->span, own_help(c, d->span, POL_E0506_capped_without_ceiling), d->name);
    for (int i = 0; i < d->ncaps; i++) {
        PolCap *cap = &d->caps[i];
        check_range(c, &cap->range);
        const PolType *t = check_expr(c, cap->expr, NULL);
        if (is_error(t))
            continue;
        if (cap->if_present) {
            if (t->kind != POL_T_OPT)
                pol_diag(c->ds, POL_E0433_ceiling_never_absent, cap->span, own_help(c, cap->span, POL_E0433_ceiling_never_absent), tn(c, t));
            else if (t->inner->kind == POL_T_UMONEY)
                unrounded_error(c, cap->expr, pol_msg(c->ds->lang, POL_MSG_what_ceiling), NULL);
            else if (t->inner->kind != POL_T_MONEY)
                pol_diag(c->ds, POL_E0431_ceiling_not_money, cap->expr->span, NULL, tn(c, t));
        } else if (t->kind == POL_T_OPT) {
            pol_diag(c->ds, POL_E0432_ceiling_may_be_absent, cap->expr->span, pol_msg(c->ds->lang, POL_MSG_write_if_present, pol_span_text(cap->expr->span)), tn(c, t));
        } else if (t->kind == POL_T_UMONEY) {
            unrounded_error(c, cap->expr, pol_msg(c->ds->lang, POL_MSG_what_ceiling), NULL);
        } else if (t->kind != POL_T_MONEY) {
            pol_diag(c->ds, POL_E0431_ceiling_not_money, cap->expr->span, NULL, tn(c, t));
        }
    }
    d->nlocals = c->max_slot;
}

static bool is_literal_number(const PolExpr *e)
{
    return e->kind == POL_E_MONEY || e->kind == POL_E_INT || e->kind == POL_E_DEC;
}

/* A value written out in a bracket: a money, integer or decimal literal
 * (a percentage is a decimal). Reports E0564 and returns false otherwise. */
static bool scale_literal(const Checker *c, const PolExpr *e, PolMsg what)
{
    if (is_literal_number(e))
        return true;
    pol_diag(c->ds, POL_E0564_scale_value_not_written, e->span, NULL, pol_msg(c->ds->lang, what), short_text(e));
    return false;
}

/* The exact value of a bracket's literal: fen for money. */
static PolUMoney scale_value(const PolExpr *e)
{
    switch (e->kind) {
    case POL_E_MONEY: return pol_umoney_from_money(e->lit.fen);
    case POL_E_DEC: return pol_umoney_from_dec(e->lit.dec);
    default: return pol_umoney_from_money(e->lit.i);
    }
}

/* A scale: brackets from the lowest bound up, each `up to` bound above the
 * one before, `above` last and only there, literals of one kind (money
 * bounds and deductions, or numbers), decimal rates, and deductions in
 * every bracket (quick-deduction form) or in none (marginal form). */
static void check_scale(Checker *c, PolDecl *d)
{
    c->current = d;
    int ndeductions = 0;
    const PolExpr *kind_from = NULL;   /* the first bound (or deduction) written out: its kind is the scale's */
    for (int i = 0; i < d->nbrackets && !kind_from; i++)
        if (d->brackets[i].bound && is_literal_number(d->brackets[i].bound))
            kind_from = d->brackets[i].bound;
    for (int i = 0; i < d->nbrackets && !kind_from; i++)
        if (d->brackets[i].deduction && is_literal_number(d->brackets[i].deduction))
            kind_from = d->brackets[i].deduction;
    d->scale_money = !kind_from || kind_from->kind == POL_E_MONEY;
    const char *kind_words = d->scale_money ? tn(c, &pol_type_money) : pol_msg(c->ds->lang, POL_MSG_a_number);
    const PolExpr *previous = NULL;
    for (int i = 0; i < d->nbrackets; i++) {
        const PolBracketDecl *b = &d->brackets[i];
        if (!b->bound && i != d->nbrackets - 1)
            pol_diag(c->ds, POL_E0561_scale_above_not_last, b->span, NULL, d->name);
        PolExpr *values[3] = {b->bound, b->rate, b->deduction};
        static const PolMsg whats[3] = {POL_MSG_what_bound, POL_MSG_what_rate, POL_MSG_what_deduction};
        for (int k = 0; k < 3; k++) {
            PolExpr *v = values[k];
            if (!v || !scale_literal(c, v, whats[k]))
                continue;
            const PolType *t = check_expr(c, v, NULL);
            bool fits = k == 1 ? is_numeric(t) : d->scale_money ? t->kind == POL_T_MONEY : is_numeric(t);
            if (!fits)
                pol_diag(c->ds, POL_E0565_scale_value_kind, v->span, NULL, pol_msg(c->ds->lang, whats[k]), d->name,
                         k == 1 ? tn(c, &pol_type_dec) : kind_words, tn(c, t));
        }
        if (b->deduction)
            ndeductions++;
        if (b->bound && is_literal_number(b->bound)) {
            if (previous && (b->bound->kind == POL_E_MONEY) == (previous->kind == POL_E_MONEY) &&
                pol_umoney_cmp(scale_value(b->bound), scale_value(previous)) <= 0)
                pol_diag(c->ds, POL_E0562_scale_bounds_not_increasing, b->bound->span, own_help(c, b->bound->span, POL_E0562_scale_bounds_not_increasing), d->name,
                         pol_span_text(b->bound->span), pol_span_text(previous->span));
            previous = b->bound;
        }
    }
    bool above = false;   /* a misplaced `above` is E0561 already */
    for (int i = 0; i < d->nbrackets; i++)
        above |= !d->brackets[i].bound;
    if (!above)
        pol_diag(c->ds, POL_E0560_scale_without_above, d->span, NULL, d->name);
    if (ndeductions != 0 && ndeductions != d->nbrackets)
        pol_diag(c->ds, POL_E0563_scale_deductions_mixed, d->span, NULL, d->name);
    d->scale_marginal = ndeductions == 0;
}

/* ---- cycles: a definition may not depend on itself ---- */

static bool visit_expr(Checker *c, const PolExpr *e, PolDecl *from);

static bool visit_decl(Checker *c, PolDecl *d, PolSpan use)
{
    if (d->checked && d->kind != POL_D_PARAM)
        return true;
    if (d->checking) {
        pol_diag(c->ds, d->kind == POL_D_MEASURE ? POL_E0514_measure_cycle : POL_E0513_definition_cycle, use, NULL, d->name);
        return false;
    }
    if (d->kind == POL_D_PARAM)
        return true;
    d->checking = true;
    bool ok = true;
    for (int i = 0; i < d->nrules && ok; i++)
        ok = visit_expr(c, d->rules[i].cond, d) && visit_expr(c, d->rules[i].value, d);
    for (int i = 0; i < d->nconds && ok; i++)
        ok = visit_expr(c, d->conds[i], d);
    if (ok)
        ok = visit_expr(c, d->amount, d) && visit_expr(c, d->source, d) && visit_expr(c, d->items, d) &&
             visit_expr(c, d->order, d);
    for (int i = 0; i < d->nsubject && ok; i++)
        ok = visit_expr(c, d->subject_values[i], d);
    for (int i = 0; i < d->ncaps && ok; i++)
        ok = visit_expr(c, d->caps[i].expr, d);
    d->checking = false;
    d->checked = true;
    return ok;
}

static bool visit_expr(Checker *c, const PolExpr *e, PolDecl *from)
{
    if (!e)
        return true;
    if (e->ref_decl && (e->ref == POL_REF_DEFINE || e->ref == POL_REF_MEASURE))
        if (!visit_decl(c, e->ref_decl, e->span))
            return false;
    if (!visit_expr(c, e->left, from) || !visit_expr(c, e->right, from) || !visit_expr(c, e->cond, from) || !visit_expr(c, e->value, from))
        return false;
    for (int i = 0; i < e->args.count; i++)
        if (!visit_expr(c, e->args.items[i], from))
            return false;
    return true;
}

/* A `m is granted` that e depends on, directly or through definitions. */
static const PolExpr *find_granted(const PolExpr *e, int depth)
{
    if (!e || depth > 1000)
        return NULL;
    if (e->kind == POL_E_GRANTED)
        return e;
    if (e->ref_decl && e->ref == POL_REF_DEFINE) {
        const PolDecl *d = e->ref_decl;
        for (int i = 0; i < d->nrules; i++) {
            const PolExpr *g = find_granted(d->rules[i].cond, depth + 1);
            if (!g)
                g = find_granted(d->rules[i].value, depth + 1);
            if (g)
                return e;   /* report the use of the definition, in `applies when` */
        }
    }
    const PolExpr *kids[] = {e->left, e->right, e->cond, e->value};
    for (int i = 0; i < 4; i++) {
        const PolExpr *g = find_granted(kids[i], depth + 1);
        if (g)
            return g;
    }
    for (int i = 0; i < e->args.count; i++) {
        const PolExpr *g = find_granted(e->args.items[i], depth + 1);
        if (g)
            return g;
    }
    return NULL;
}

PolChecked *pol_check(PolDeclList decls, PolDiags *ds)
{
    Checker c;
    memset(&c, 0, sizeof c);
    c.ds = ds;
    c.out = GC_MALLOC(sizeof *c.out);
    c.all = decls;
    int errors_before = ds->errors;
    check_duplicates(&c);
    declare_types(&c);
    for (int i = 0; i < decls.count; i++) {
        PolDecl *d = decls.items[i];
        if (d->record)
            define_members(&c, d);
    }
    check_header(&c);
    /* parameters first, in dependency order thanks to lazy checking */
    for (int i = 0; i < decls.count; i++) {
        PolDecl *d = decls.items[i];
        if (d->kind == POL_D_PARAM && d->name) {
            d->index = c.out->params.count;
            pol_decl_list_push(&c.out->params, d);
        }
    }
    for (int i = 0; i < c.out->params.count; i++)
        check_param(&c, c.out->params.items[i]);
    /* scales before what applies them: their kind decides the result */
    for (int i = 0; i < decls.count; i++) {
        PolDecl *d = decls.items[i];
        if (d->kind == POL_D_SCALE && d->name) {
            d->index = c.out->scales.count;
            pol_decl_list_push(&c.out->scales, d);
            check_scale(&c, d);
        }
    }
    for (int i = 0; i < decls.count; i++) {
        PolDecl *d = decls.items[i];
        if (d->kind == POL_D_DEFINE && d->name) {
            if (d->type.name)
                resolve_type(&c, &d->type);
            else
                d->type.type = &pol_type_error;   /* E0444 in check_define: no follow-on errors */
            for (int k = 0; k < d->nparams; k++)
                resolve_type(&c, &d->params[k].type);
            d->index = c.out->defines.count;
            pol_decl_list_push(&c.out->defines, d);
        }
        if (d->kind == POL_D_MEASURE && d->name) {
            d->index = c.out->measures.count;
            pol_decl_list_push(&c.out->measures, d);
        }
    }
    if (c.out->policy && c.out->policy->applies) {
        c.current = c.out->policy;
        c.nlocals = c.next_slot = c.max_slot = c.nnarrowed = 0;
        const PolType *t = check_expr(&c, c.out->policy->applies, NULL);
        want(&c, c.out->policy->applies, t, POL_T_BOOL, code_words(&c, "applies when"));
        c.out->policy->nlocals = c.max_slot;
    }
    for (int i = 0; i < c.out->defines.count; i++)
        check_define(&c, c.out->defines.items[i]);
    for (int i = 0; i < c.out->measures.count; i++)
        check_measure(&c, c.out->measures.items[i]);
    if (ds->errors == errors_before) {
        for (int i = 0; i < c.out->defines.count; i++)
            visit_decl(&c, c.out->defines.items[i], c.out->defines.items[i]->span);
        for (int i = 0; i < c.out->measures.count; i++)
            visit_decl(&c, c.out->measures.items[i], c.out->measures.items[i]->span);
        if (c.out->policy && c.out->policy->applies) {
            visit_expr(&c, c.out->policy->applies, NULL);
            const PolExpr *m = find_granted(c.out->policy->applies, 0);
            if (m && m->kind == POL_E_GRANTED)
                pol_diag(ds, POL_E0521_applies_when_granted, m->span, own_help(&c, m->span, POL_E0521_applies_when_granted), m->left->name);
            else if (m)
                pol_diag(ds, POL_E0522_applies_when_granted_indirectly, m->span, own_help(&c, m->span, POL_E0522_applies_when_granted_indirectly), m->name);
        }
    }
    if (ds->errors != errors_before)
        return NULL;
    return c.out;
}
