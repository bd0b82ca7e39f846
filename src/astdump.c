/*
 * astdump.c — a canonical text of the syntax tree as the parser builds it.
 *
 * Every syntactic field, no source location: two files whose dumps are
 * equal mean the same, whatever their layout. `polrun fmt --dump-ast`
 * prints it, and the fmt tests compare it before and after formatting.
 * Only what the parser fills is printed; the checker's fields are not.
 */
#include <inttypes.h>
#include <stdio.h>
#include "astdump.h"

static void text(FILE *out, const char *s)
{
    if (!s) {
        fputs("-", out);
        return;
    }
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p < 0x20 || *p == 0x7f)
            fprintf(out, "\\x%02x", *p);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}

static const char *op_name(PolOp op)
{
    static const char *const names[] = {
        [POL_OP_ADD] = "+", [POL_OP_SUB] = "-", [POL_OP_MUL] = "*", [POL_OP_DIV] = "/", [POL_OP_OF] = "of",
        [POL_OP_EQ] = "=", [POL_OP_NE] = "!=", [POL_OP_LT] = "<", [POL_OP_LE] = "<=", [POL_OP_GT] = ">",
        [POL_OP_GE] = ">=", [POL_OP_AND] = "and", [POL_OP_OR] = "or", [POL_OP_NOT] = "not", [POL_OP_NEG] = "neg",
    };
    return (unsigned)op < sizeof names / sizeof names[0] && names[op] ? names[op] : "?op";
}

static const char *round_name(PolRound r)
{
    switch (r) {
    case POL_ROUND_DOWN: return "down";
    case POL_ROUND_UP: return "up";
    case POL_ROUND_HALF_UP: return "half-up";
    case POL_ROUND_HALF_EVEN: return "half-even";
    }
    return "?round";
}

static void expr(FILE *out, const PolExpr *e);

static void expr_list(FILE *out, const PolExprList *l)
{
    fputc('[', out);
    for (int i = 0; i < l->count; i++) {
        if (i)
            fputc(' ', out);
        expr(out, l->items[i]);
    }
    fputc(']', out);
}

static void expr(FILE *out, const PolExpr *e)
{
    if (!e) {
        fputs("-", out);
        return;
    }
    switch (e->kind) {
    case POL_E_BOOL: fputs(e->lit.b ? "true" : "false", out); return;
    case POL_E_EARLIER: fputs("(earlier-grants)", out); return;
    case POL_E_INT: fprintf(out, "%" PRId64, e->lit.i); return;
    case POL_E_DEC: fprintf(out, "(dec %" PRId64 "/%" PRId64 ")", e->lit.dec.num, e->lit.dec.den); return;
    case POL_E_MONEY: fprintf(out, "(fen %" PRId64 ")", e->lit.fen); return;
    case POL_E_DATE: fprintf(out, "(date %" PRId32 ")", e->lit.date); return;
    case POL_E_DUR: fprintf(out, "(dur %" PRId32 "m %" PRId32 "d)", e->lit.dur.months, e->lit.dur.days); return;
    case POL_E_TEXT: text(out, e->lit.text); return;
    case POL_E_NAME: fprintf(out, "(name %s)", e->name); return;
    case POL_E_MEMBER: fputs("(. ", out); expr(out, e->left); fprintf(out, " %s)", e->name); return;
    case POL_E_CALL: fprintf(out, "(call %s ", e->name); expr_list(out, &e->args); fputc(')', out); return;
    case POL_E_UNARY: fprintf(out, "(%s ", op_name(e->op)); expr(out, e->left); fputc(')', out); return;
    case POL_E_BINARY:
        fprintf(out, "(%s ", op_name(e->op));
        expr(out, e->left);
        fputc(' ', out);
        expr(out, e->right);
        fputc(')', out);
        return;
    case POL_E_IF:
        fputs("(if ", out);
        expr(out, e->cond);
        fputc(' ', out);
        expr(out, e->left);
        fputc(' ', out);
        expr(out, e->right);
        fputc(')', out);
        return;
    case POL_E_IN: fputs(e->negated ? "(not-one-of " : "(one-of ", out); expr(out, e->left); fputc(' ', out); expr_list(out, &e->args); fputc(')', out); return;
    case POL_E_OTHERWISE:
        fputs("(otherwise ", out);
        expr(out, e->left);
        fputc(' ', out);
        expr(out, e->right);
        fputc(')', out);
        return;
    case POL_E_PRESENT: fprintf(out, "(%s ", e->negated ? "absent" : "present"); expr(out, e->left); fputc(')', out); return;
    case POL_E_GRANTED: fputs("(granted ", out); expr(out, e->left); fputc(')', out); return;
    case POL_E_QUANT: {
        static const char *const q[] = {"any", "all", "count", "sum"};
        fprintf(out, "(%s %s ", (unsigned)e->quant < 4 ? q[e->quant] : "?quant", e->name);
        expr(out, e->value);
        fputc(' ', out);
        expr(out, e->left);
        fputc(' ', out);
        expr(out, e->cond);
        fputc(')', out);
        return;
    }
    case POL_E_ROUND:
        fprintf(out, "(round %s %" PRId64 " ", round_name(e->round_mode), e->round_unit);
        expr(out, e->left);
        fputc(')', out);
        return;
    case POL_E_EVAL_DATE: fputs("evaluation-date", out); return;
    case POL_E_POLICY_START: fputs("policy-start", out); return;
    case POL_E_POLICY_END: fputs("policy-end", out); return;
    case POL_E_WITHIN: fputs("(within-period ", out); expr(out, e->left); fputc(')', out); return;
    case POL_E_SOURCE_OF: fprintf(out, "(source-of %s)", e->name); return;
    }
    fprintf(out, "(?kind %d)", (int)e->kind);
}

static void type(FILE *out, const PolTypeExpr *t)
{
    if (!t->name) {
        fputs("-", out);
        return;
    }
    fprintf(out, "%s%s%s", t->is_list ? "list-of " : "", t->name, t->optional ? "?" : "");
}

/* ` from D through E` of a dated clause; nothing when it is not dated */
static void range(FILE *out, PolRange r)
{
    if (!r.has)
        return;
    fprintf(out, " from %" PRId32, r.from);
    if (r.has_through)
        fprintf(out, " through %" PRId32, r.through);
}

static void cite(FILE *out, PolCite c)
{
    if (c.source) {
        fputs(" source ", out);
        text(out, c.source);
    }
    if (c.has_verified)
        fprintf(out, " verified %" PRId32, c.verified);
}

static const char *presence_name(PolPresence p)
{
    switch (p) {
    case POL_PRESENCE_REQUIRED: return "required";
    case POL_PRESENCE_NULLABLE: return "or-null";
    case POL_PRESENCE_OPTIONAL: return "optional";
    case POL_PRESENCE_REQUIRED_WHEN: return "required-when";
    }
    return "?presence";
}

static void decl(FILE *out, const PolDecl *d)
{
    switch (d->kind) {
    case POL_D_POLICY:
        fputs("policy ", out);
        text(out, d->name);
        fputs("\n  title ", out);
        text(out, d->title);
        fputs("\n  source ", out);
        text(out, d->source_doc);
        fprintf(out, "\n  in-force %" PRId32 " ", d->force_from);
        if (d->force_has_duration)
            fprintf(out, "for %" PRId32 "m %" PRId32 "d", d->force_duration.months, d->force_duration.days);
        else
            fprintf(out, "through %" PRId32, d->force_through);
        fprintf(out, "\n  identified-by %s\n  as-of %s\n  applies ", d->id_member ? d->id_member : "-",
                d->date_member ? d->date_member : "-");
        expr(out, d->applies);
        fprintf(out, "\n  kind %d\n", (int)d->scheme);
        return;
    case POL_D_IMPORT:
        fputs("import ", out);
        text(out, d->name);
        fputc('\n', out);
        return;
    case POL_D_ENUM:
        fprintf(out, "enum %s", d->name);
        for (int i = 0; i < d->nvalues; i++)
            fprintf(out, " %s", d->values[i]);
        fputc('\n', out);
        return;
    case POL_D_RECORD:
    case POL_D_FACTS:
        fprintf(out, "%s %s\n", d->kind == POL_D_FACTS ? "facts" : "record", d->name);
        for (int i = 0; i < d->nmembers; i++) {
            const PolMemberDecl *m = &d->members[i];
            fprintf(out, "  member %s ", m->name);
            type(out, &m->type);
            fprintf(out, " %s", presence_name(m->presence));
            if (m->when_member) {
                fprintf(out, " when %s=", m->when_member);
                for (int k = 0; k < m->nwhen_values; k++)
                    fprintf(out, "%s%s", k ? "|" : "", m->when_values[k]);
            }
            if (m->absent_otherwise)
                fputs(" absent-otherwise", out);
            if (m->has_min)
                fprintf(out, " at-least %" PRId64, m->min);
            if (m->has_max)
                fprintf(out, " at-most %" PRId64, m->max);
            if (m->has_min || m->has_max)
                fprintf(out, "%s%s", m->bound_range ? " range" : "", m->bound_items ? " items" : "");
            fputc('\n', out);
        }
        return;
    case POL_D_PARAM:
        fprintf(out, "parameter %s ", d->name);
        type(out, &d->type);
        fputc(' ', out);
        expr(out, d->value);
        fputc('\n', out);
        for (int i = 0; i < d->steps.count; i++) {
            const PolStepDecl *st = &d->steps.items[i];
            fprintf(out, "  step %" PRId32 " ", st->from);
            if (st->value)
                expr(out, st->value);
            else
                fputs("not-in-force", out);
            cite(out, st->cite);
            fputc('\n', out);
        }
        return;
    case POL_D_DEFINE:
        fprintf(out, "define %s (", d->name);
        for (int i = 0; i < d->nparams; i++) {
            fprintf(out, "%s%s ", i ? " " : "", d->params[i].name);
            type(out, &d->params[i].type);
        }
        fputs(") ", out);
        type(out, &d->type);
        fputc('\n', out);
        for (int i = 0; i < d->nrules; i++) {
            const PolRule *r = &d->rules[i];
            static const char *const kinds[] = {"default", "rule", "exception"};
            fprintf(out, "  %s %s to %s when ", (unsigned)r->kind < 3 ? kinds[r->kind] : "?rule",
                    r->label ? r->label : "-", r->target ? r->target : "-");
            expr(out, r->cond);
            fputs(" value ", out);
            expr(out, r->value);
            range(out, r->range);
            cite(out, r->cite);
            fputc('\n', out);
        }
        return;
    case POL_D_SCALE:
        fprintf(out, "scale %s\n  source ", d->name);
        text(out, d->source_doc);
        fputc('\n', out);
        for (int i = 0; i < d->nbrackets; i++) {
            fputs("  bracket ", out);
            expr(out, d->brackets[i].bound);
            fputs(" rate ", out);
            expr(out, d->brackets[i].rate);
            fputs(" deduction ", out);
            expr(out, d->brackets[i].deduction);
            fputc('\n', out);
        }
        return;
    case POL_D_MEASURE: {
        static const char *const bases[] = {"fixed", "capped", "per-regulation", "in-kind", "computed"};
        fprintf(out, "measure %s\n  article ", d->name);
        text(out, d->article);
        fputs("\n  title ", out);
        text(out, d->title_text);
        fputs("\n  responsible", out);
        for (int i = 0; i < d->nresponsible; i++) {
            fputc(' ', out);
            text(out, d->responsible[i]);
        }
        fputc('\n', out);
        if (d->in_force.has) {
            fputs("  in-force", out);
            range(out, d->in_force);
            fputc('\n', out);
        }
        for (int i = 0; i < d->nconds; i++) {
            fputs("  when ", out);
            expr(out, d->conds[i]);
            range(out, d->cond_ranges[i]);
            fputc('\n', out);
        }
        fprintf(out, "  amount %s %s ", d->has_amount ? "given" : "none", (unsigned)d->basis < 5 ? bases[d->basis] : "?basis");
        expr(out, d->amount);
        fputc('\n', out);
        for (int i = 0; i < d->ncaps; i++) {
            fputs("  at-most ", out);
            expr(out, d->caps[i].expr);
            range(out, d->caps[i].range);
            fputs(d->caps[i].if_present ? " if-present\n" : "\n", out);
        }
        fputs("  source ", out);
        expr(out, d->source);
        fprintf(out, "\n  granted-at-zero %d\n", d->zero_granted);
        if (d->item_var) {
            fprintf(out, "  for-each %s in ", d->item_var);
            expr(out, d->items);
            fputs(" ordered-by ", out);
            expr(out, d->order);
            fprintf(out, " after-condition %d\n", d->item_conds);
        }
        for (int i = 0; i < d->nsubject; i++) {
            fprintf(out, "  subject %s ", d->subject_names[i]);
            expr(out, d->subject_values[i]);
            fputc('\n', out);
        }
        return;
    }
    }
    fprintf(out, "?decl %d\n", (int)d->kind);
}

void pol_ast_dump(FILE *out, PolDeclList decls, const char *module_name)
{
    fputs("module ", out);
    text(out, module_name);
    fputc('\n', out);
    for (int i = 0; i < decls.count; i++)
        decl(out, decls.items[i]);
}
