/*
 * ast.c — building the syntax tree: nodes, and the lists a declaration
 * grows while the parser reads its clauses.
 */
#include <gc.h>
#include <string.h>
#include "alloc.h"
#include "ast.h"

/* Appends item to the GC array arr of count items (count grows by one);
 * the arrays of the tree grow only here (pol_grow). */
#define PUSH(arr, count, item) do { \
        (arr) = pol_grow((arr), (size_t)(count), sizeof *(arr)); \
        (arr)[(count)++] = (item); \
    } while (0)

PolExpr *pol_expr_new(PolExprKind kind, PolSpan span)
{
    PolExpr *e = GC_MALLOC(sizeof *e);
    e->kind = kind;
    e->span = span;
    e->ref_index = -1;
    return e;
}

PolDecl *pol_decl_new(PolDeclKind kind, PolSpan span)
{
    PolDecl *d = GC_MALLOC(sizeof *d);
    d->kind = kind;
    d->span = span;
    return d;
}

void pol_expr_list_push(PolExprList *l, PolExpr *e)
{
    PUSH(l->items, l->count, e);
}

void pol_decl_list_push(PolDeclList *l, PolDecl *d)
{
    PUSH(l->items, l->count, d);
}

void pol_decl_add_enum_value(PolDecl *d, const char *name, PolSpan span)
{
    int n = d->nvalues;
    PUSH(d->values, n, name);
    n = d->nvalues;
    PUSH(d->value_spans, n, span);
    d->nvalues = n;
}

PolMemberDecl *pol_decl_add_member(PolDecl *d, const char *name, PolSpan span, PolTypeExpr type, PolPresence presence)
{
    PolMemberDecl m;
    memset(&m, 0, sizeof m);
    m.name = name;
    m.span = span;
    m.type = type;
    m.presence = presence;
    PUSH(d->members, d->nmembers, m);
    return &d->members[d->nmembers - 1];
}

void pol_decl_add_rule(PolDecl *d, PolRuleKind kind, const char *label, PolSpan span, const char *target,
                       PolSpan target_span, PolExpr *cond, PolExpr *value)
{
    PolRule r;
    memset(&r, 0, sizeof r);
    r.kind = kind;
    r.label = label;
    r.span = span;
    r.target = target;
    r.target_span = target_span;
    r.cond = cond;
    r.value = value;
    r.parent = -1;
    PUSH(d->rules, d->nrules, r);
}

void pol_decl_add_cond(PolDecl *d, PolExpr *cond)
{
    PolRange none;
    memset(&none, 0, sizeof none);
    pol_decl_add_dated_cond(d, cond, none);
}

void pol_decl_add_dated_cond(PolDecl *d, PolExpr *cond, PolRange range)
{
    int n = d->nconds;
    PUSH(d->cond_ranges, n, range);
    PUSH(d->conds, d->nconds, cond);
}

void pol_decl_date_last_cap(PolDecl *d, PolRange range)
{
    if (d->ncaps > 0)
        d->caps[d->ncaps - 1].range = range;
}

void pol_decl_date_last_rule(PolDecl *d, PolRange range, PolCite cite)
{
    if (d->nrules > 0) {
        d->rules[d->nrules - 1].range = range;
        d->rules[d->nrules - 1].cite = cite;
    }
}

void pol_step_list_push(PolStepList *l, PolStepDecl step)
{
    PUSH(l->items, l->count, step);
}

void pol_decl_add_cap(PolDecl *d, PolExpr *cap, bool if_present, PolSpan span)
{
    PolCap c = {cap, if_present, span, {false, 0, 0, false, {0}}};
    PUSH(d->caps, d->ncaps, c);
}

void pol_decl_add_responsible(PolDecl *d, const char *unit)
{
    PUSH(d->responsible, d->nresponsible, unit);
}

void pol_decl_add_bracket(PolDecl *d, PolSpan span, PolExpr *bound, PolExpr *rate, PolExpr *deduction)
{
    PolBracketDecl b = {span, bound, rate, deduction};
    PUSH(d->brackets, d->nbrackets, b);
}

void pol_decl_add_subject(PolDecl *d, const char *name, PolSpan span, PolExpr *value)
{
    int n = d->nsubject;
    PUSH(d->subject_names, d->nsubject, name);
    d->nsubject = n;
    PUSH(d->subject_values, d->nsubject, value);
    d->nsubject = n;
    PUSH(d->subject_spans, d->nsubject, span);
}

/* The union of every span inside the declaration. */
static void extend(PolSpan *to, PolSpan s)
{
    if (!s.src || s.src != to->src)
        return;
    if (s.last_line > to->last_line || (s.last_line == to->last_line && s.last_col > to->last_col)) {
        to->last_line = s.last_line;
        to->last_col = s.last_col;
    }
}

PolSpan pol_decl_extent(const PolDecl *d)
{
    PolSpan s = d->span;
    for (int i = 0; i < d->nconds; i++)
        if (d->conds[i])
            extend(&s, d->conds[i]->span);
    if (d->amount)
        extend(&s, d->amount->span);
    for (int i = 0; i < d->ncaps; i++)
        extend(&s, d->caps[i].span);
    for (int i = 0; i < d->nrules; i++)
        extend(&s, d->rules[i].span);
    if (d->value)
        extend(&s, d->value->span);
    for (int i = 0; i < d->nmembers; i++)
        extend(&s, d->members[i].span);
    for (int i = 0; i < d->nvalues; i++)
        extend(&s, d->value_spans[i]);
    for (int i = 0; i < d->nbrackets; i++)
        extend(&s, d->brackets[i].span);
    if (d->applies)
        extend(&s, d->applies->span);
    extend(&s, d->type.span);
    return s;
}
