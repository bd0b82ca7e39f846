/*
 * parser.y — the grammar of .pol files.
 *
 * A pure, reentrant LALR(1) parser with locations. It builds the AST of
 * ast.h and nothing else: names are resolved and types checked in check.c.
 * Declarations are the unit of error recovery: after a syntax error the
 * parser skips to the next declaration keyword, so one mistake gives one
 * message. All memory comes from the Boehm GC (YYMALLOC below), so AST nodes
 * held only on the parser stack stay alive.
 */
%require "3.8"
%define api.pure full
%define api.prefix {pol_yy}
%define parse.error custom
%define parse.lac full
%locations
%expect 0
%param {void *scanner}
%parse-param {PolParseState *st}

%code requires {
#include "ast.h"
#include "parse.h"
}

%code {
#include <gc.h>
#include <stdio.h>
#include <string.h>
#include "keywords.h"
#include "scan.h"
#include "source.h"
#include "stack.h"
#include "text.h"

#define YYMALLOC GC_MALLOC_UNCOLLECTABLE
#define YYFREE GC_FREE

static PolSpan sp(const PolParseState *st, POL_YYLTYPE l)
{
    PolSpan s = {st->src, l.first_line, l.first_column, l.last_line, l.last_column};
    return s;
}
static PolSpan sp2(const PolParseState *st, POL_YYLTYPE a, POL_YYLTYPE b)
{
    PolSpan s = {st->src, a.first_line, a.first_column, b.last_line, b.last_column};
    return s;
}
static void pol_yyerror(POL_YYLTYPE *loc, void *scanner, PolParseState *st, const char *msg)
{
    if (!st->had_error) {
        st->had_error = true;
        st->first_error = sp(st, *loc);
    }
    if (pol_scan_error_pending(scanner))
        return;   /* the scanner already reported the character that caused it */
    if (strcmp(msg, "memory exhausted") == 0)
        pol_diag(st->ds, POL_E0707_parser_too_deep, sp(st, *loc), NULL, POL_MAX_TREE_DEPTH);   /* bison's YYMAXDEPTH */
    else   /* bison's other messages do not arise with this grammar */
        pol_diag(st->ds, POL_E0202_unexpected_token, sp(st, *loc), NULL, msg);
}
static int depth_of(const PolExpr *e) { return e ? e->depth : 0; }
/* e, its children attached, measured; deeper than st->max_depth it is
 * reported (once per file) and replaced by a leaf, so that the tree stays
 * within the limit while parsing goes on. */
static PolExpr *nest(PolParseState *st, PolExpr *e)
{
    int d = depth_of(e->left);
    const PolExpr *more[] = {e->right, e->cond, e->value};
    for (int i = 0; i < 3; i++)
        if (depth_of(more[i]) > d)
            d = depth_of(more[i]);
    for (int i = 0; i < e->args.count; i++)
        if (depth_of(e->args.items[i]) > d)
            d = depth_of(e->args.items[i]);
    e->depth = d + 1;
    if (e->depth <= st->max_depth)
        return e;
    if (!st->too_deep && st->max_depth < POL_MAX_TREE_DEPTH)   /* the stack holds fewer levels */
        pol_diag(st->ds, POL_E0718_stack_too_small, e->span, NULL, pol_stack_size() / 1024);
    else if (!st->too_deep)
        pol_diag(st->ds, POL_E0707_parser_too_deep, e->span, NULL, POL_MAX_TREE_DEPTH);
    st->too_deep = true;
    PolExpr *leaf = pol_expr_new(POL_E_BOOL, e->span);
    leaf->depth = 1;
    return leaf;
}
static PolExpr *binary(PolParseState *st, POL_YYLTYPE l, PolOp op, PolExpr *a, PolExpr *b)
{
    PolExpr *e = pol_expr_new(POL_E_BINARY, sp(st, l));
    e->op = op; e->left = a; e->right = b;
    return nest(st, e);
}
static PolExpr *quant(PolParseState *st, PolQuant q, PolSpan span, PolExpr *value, const char *var, PolExpr *list, PolExpr *cond)
{
    PolExpr *e = pol_expr_new(POL_E_QUANT, span);
    e->quant = q; e->value = value; e->name = var; e->left = list; e->cond = cond;
    return nest(st, e);
}
/* The contextual word `key` read at span, spelt in set: remembered for
 * polrun fmt --keywords, and reported when not in the file's set. */
static void ctx_seen(PolParseState *st, PolSpan span, PolCtxWord key, PolKeywordSet set, const char *got)
{
    if (set != st->scan->kwset && st->scan->kwset != POL_KW_UNDECIDED)
        pol_scan_check_set(st->scan, set, got, pol_ctx_word(key, st->scan->kwset), span);
    PolWordAt w = {span.first_line, span.first_col, key};
    st->words = GC_REALLOC(st->words, ((size_t)st->nwords + 1) * sizeof *st->words);
    st->words[st->nwords++] = w;
}
/* Whether got is the contextual word key in either set (remembered). */
static bool ctx_is(PolParseState *st, PolSpan span, PolCtxWord key, const char *got)
{
    PolKeywordSet set = pol_ctx_match(key, got);
    if (set == POL_KW_UNDECIDED)
        return false;
    ctx_seen(st, span, key, set, got);
    return true;
}
/* The contextual word whose English spelling is want (its first row). */
static PolCtxWord ctx_key(const char *want)
{
    for (int k = 0; k < POL_CTX_COUNT; k++)
        if (strcmp(pol_ctx_word((PolCtxWord)k, POL_KW_EN), want) == 0)
            return (PolCtxWord)k;
    return POL_CTX_COUNT;   /* not reached: tests/keywords checks every word of this file */
}
static bool word(PolParseState *st, POL_YYLTYPE l, const char *got, const char *want, PolMsg context)
{
    PolCtxWord key = ctx_key(want);
    if (ctx_is(st, sp(st, l), key, got))
        return true;
    pol_diag(st->ds, POL_E0205_expected_word, sp(st, l), NULL, pol_ctx_word(key, st->scan->kwset), pol_msg(st->ds->lang, context), got);
    return false;
}
/* The words a help quotes, in the file's keyword set (English until the
 * file has said which). */
static PolKeywordSet help_set(const PolParseState *st)
{
    return st->scan->kwset == POL_KW_ZH ? POL_KW_ZH : POL_KW_EN;
}
static const char *kw(PolParseState *st, int token)
{
    return pol_kw_word(token, help_set(st));
}
static const char *ctxw(PolParseState *st, PolCtxWord key)
{
    return pol_ctx_word(key, help_set(st));
}
/* The help of code in the file's words: NULL, the registry's own, in a
 * file of English keywords. */
static const char *own_help(const PolParseState *st, PolDiagCode code)
{
    return help_set(st) == POL_KW_ZH ? pol_kw_quote_in(pol_diag_help(code, st->ds->lang), POL_KW_ZH) : NULL;
}
/* Two words as one phrase: `is present`, `to fen`. */
static const char *phrase(const char *a, const char *b)
{
    return pol_strdup_printf("%s %s", a, b);
}
/* The four rounding modes, `down` to `half even`, in the file's words. */
static void rounding_modes(PolParseState *st, const char *modes[4])
{
    const char *half = kw(st, HALF);
    modes[0] = ctxw(st, POL_CTX_down);
    modes[1] = ctxw(st, POL_CTX_up);
    modes[2] = phrase(half, ctxw(st, POL_CTX_half_up));
    modes[3] = phrase(half, ctxw(st, POL_CTX_half_even));
}
/* `rounded half up to cent`: the units, in the file's words. */
static void unknown_rounding_unit(PolParseState *st, PolSpan span, const char *got)
{
    pol_diag(st->ds, POL_E0208_unknown_rounding_unit, span, own_help(st, POL_E0208_unknown_rounding_unit), got);
}
/* `rounded to fen` (span): the four ways to say it, in the file's words. */
static void rounding_mode_missing(PolParseState *st, PolSpan span, int64_t unit, const char *got)
{
    const char *rounded = kw(st, ROUNDED), *to = kw(st, TO);
    const char *u = ctxw(st, unit == POL_UNIT_YUAN ? POL_CTX_yuan : POL_CTX_fen);
    const char *modes[4], *ways[4];
    rounding_modes(st, modes);
    for (int i = 0; i < 4; i++)
        ways[i] = pol_strdup_printf("%s %s %s %s", rounded, modes[i], to, u);
    pol_diag(st->ds, POL_E0210_rounding_mode_missing, span, pol_msg(st->ds->lang, POL_MSG_rounding_modes, to, ways[0], ways[1], ways[2], ways[3]),
             rounded, to, got);
}
/* A type's name: a built-in type written in Chinese is read as its English
 * name (the tree is the same in both sets). */
static const char *type_name(PolParseState *st, POL_YYLTYPE l, const char *got)
{
    static const PolCtxWord types[] = {POL_CTX_bool, POL_CTX_integer, POL_CTX_decimal, POL_CTX_money, POL_CTX_duration, POL_CTX_text};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (ctx_is(st, sp(st, l), types[i], got))
            return pol_ctx_word(types[i], POL_KW_EN);
    return got;
}
/* A parameter of the definition being read (its clauses come later). */
static void add_param(PolParseState *st, const char *name, PolTypeExpr type, PolSpan span)
{
    PolParamDecl p = {name, type, span};
    st->params = GC_REALLOC(st->params, ((size_t)st->nparams + 1) * sizeof *st->params);
    st->params[st->nparams++] = p;
}
/* The measure's amount: one per measure. */
static void set_amount(PolParseState *st, PolBasis basis, PolExpr *amount, PolSpan span)
{
    PolDecl *d = st->cur;
    if (d->has_amount) {
        pol_diag(st->ds, POL_E0501_second_amount, span, own_help(st, POL_E0501_second_amount), d->name);
        return;
    }
    d->has_amount = true;
    d->basis = basis;
    d->amount = amount;
}
/* The member whose clauses are read gets a bound: `at least N`, `at most
 * N`, `N to M`, of its number or (items) of its list's length. One bound
 * per member. */
static void member_bound(PolParseState *st, PolSpan span, bool has_min, int64_t min, bool has_max, int64_t max,
                         bool items, bool range)
{
    PolMemberDecl *m = st->member;
    if (m->has_min || m->has_max) {
        pol_diag(st->ds, POL_E0619_second_bound, span, own_help(st, POL_E0619_second_bound), m->name);
        return;
    }
    m->has_min = has_min;
    m->min = min;
    m->has_max = has_max;
    m->max = max;
    m->bound_items = items;
    m->bound_range = range;
    m->bound_span = span;
}
/* `at least N` or `at most N` (items: `N items`); another word after `at`
 * is reported as the nearer of the two. */
static void at_bound(PolParseState *st, POL_YYLTYPE at, POL_YYLTYPE w, const char *word_after, POL_YYLTYPE n, int64_t value, bool items)
{
    bool most = ctx_is(st, sp(st, w), POL_CTX_most, word_after);
    if (!most) {
        PolSuggest near;
        pol_suggest_init(&near, word_after, strlen(word_after));
        pol_suggest_try(&near, "least");
        pol_suggest_try(&near, "most");
        const char *want = near.best && strcmp(near.best, "most") == 0 ? "most" : "least";
        if (!word(st, w, word_after, want, POL_MSG_after_at_in_member))
            return;
    }
    member_bound(st, sp2(st, at, n), !most, value, most, value, items, false);
}
/* `required when k = v` or `required when k is one of {v, ...}`. */
static void required_when(PolParseState *st, const char *member, PolExprList values, PolSpan span)
{
    PolMemberDecl *m = st->member;
    if (m->when_member) {
        pol_diag(st->ds, POL_E0620_second_required_when, span, own_help(st, POL_E0620_second_required_when), m->name);
        return;
    }
    m->when_member = member;
    m->nwhen_values = values.count;
    m->when_values = GC_MALLOC((size_t)(values.count + 1) * sizeof *m->when_values);
    m->when_value_spans = GC_MALLOC((size_t)(values.count + 1) * sizeof *m->when_value_spans);
    for (int i = 0; i < values.count; i++) {
        m->when_values[i] = values.items[i]->name;
        m->when_value_spans[i] = values.items[i]->span;
    }
    m->when_span = span;
    if (m->presence == POL_PRESENCE_REQUIRED)
        m->presence = POL_PRESENCE_REQUIRED_WHEN;
}
/* `x is present`, `x is absent`, `m is granted`; another word is reported
 * and read as `is present`. */
static PolExpr *is_test(PolParseState *st, PolExpr *left, const char *word, PolSpan span, PolSpan word_span)
{
    PolExpr *e = pol_expr_new(POL_E_PRESENT, span);
    e->left = left;
    if (ctx_is(st, word_span, POL_CTX_absent, word)) {
        e->negated = true;
    } else if (ctx_is(st, word_span, POL_CTX_granted, word)) {
        e->kind = POL_E_GRANTED;
    } else if (!ctx_is(st, word_span, POL_CTX_present, word)) {
        pol_diag(st->ds, POL_E0206_unknown_is_test, word_span, own_help(st, POL_E0206_unknown_is_test), kw(st, IS), word);
    }
    return e;
}
/* A dated parameter: `parameter NAME[: TYPE]` and its steps. */
static void add_dated_param(PolParseState *st, const char *name, PolTypeExpr *type, PolStepList steps, PolSpan span)
{
    PolDecl *d = pol_decl_new(POL_D_PARAM, span);
    d->name = name;
    if (type)
        d->type = *type;
    d->steps = steps;
    pol_decl_list_push(&st->decls, d);
}
static PolStepDecl step(PolSpan span, PolExpr *from, PolExpr *value, PolCite cite)
{
    PolStepDecl s = {span, from->lit.date, value, cite};
    return s;
}
static PolRange range(PolSpan span, PolExpr *from, PolExpr *through)
{
    PolRange r = {true, from->lit.date, through ? through->lit.date : 0, through != NULL, span};
    return r;
}
/* `rounded down`, `up`, `half up`, `half even`; another is reported and
 * read as `down`. */
static PolRound round_mode(PolParseState *st, const char *w1, const char *w2, PolSpan span)
{
    /* the mode's last word: the first is `half` (a token) when w2 is given */
    PolSpan last = span;
    if (w2)
        last.first_col = last.last_col - (int)pol_utf8_columns(w2, strlen(w2)) + 1;
    if (!w2 && ctx_is(st, last, POL_CTX_down, w1)) return POL_ROUND_DOWN;
    if (!w2 && ctx_is(st, last, POL_CTX_up, w1)) return POL_ROUND_UP;
    if (w2 && ctx_is(st, last, POL_CTX_half_up, w2)) return POL_ROUND_HALF_UP;
    if (w2 && ctx_is(st, last, POL_CTX_half_even, w2)) return POL_ROUND_HALF_EVEN;
    pol_diag(st->ds, POL_E0207_unknown_rounding_mode, span, own_help(st, POL_E0207_unknown_rounding_mode), w1, w2 ? " " : "",
             w2 ? w2 : "");
    return POL_ROUND_DOWN;
}
/* `amount computed X`: another word after `amount` is no kind of amount. */
static bool amount_word(PolParseState *st, const char *got, PolSpan span)
{
    if (ctx_is(st, span, POL_CTX_computed, got))
        return true;
    pol_diag(st->ds, POL_E0220_unknown_amount_kind, span, own_help(st, POL_E0220_unknown_amount_kind), got);
    return false;
}
/* `for each VAR in LIST [ordered by EXPR]`: the measure is per item. */
static void for_each(PolParseState *st, POL_YYLTYPE each_loc, const char *each, const char *var, PolSpan var_span,
                     PolExpr *list, PolExpr *order, PolSpan span)
{
    PolDecl *d = st->cur;
    if (!word(st, each_loc, each, "each", POL_MSG_after_for_in_measure))
        return;
    if (d->nfor_each++ > 0) {
        pol_diag(st->ds, POL_E0541_second_clause, span, own_help(st, POL_E0541_second_clause), phrase(kw(st, FOR), ctxw(st, POL_CTX_each)), d->name);
        return;
    }
    d->item_conds = d->nconds;   /* the conditions written above hold for the measure */
    d->item_var = var;
    d->item_var_span = var_span;
    d->items = list;
    d->order = order;
    d->for_span = span;
}
/* `subject NAME: EXPR, ...`, its members already added: one per measure. */
static void subject_clause(PolParseState *st, PolSpan span)
{
    PolDecl *d = st->cur;
    if (d->nsubject_clauses++ > 0) {
        pol_diag(st->ds, POL_E0541_second_clause, span, own_help(st, POL_E0541_second_clause), ctxw(st, POL_CTX_subject), d->name);
        d->nsubject = d->nsubject_first;   /* the members of the first clause only */
        return;
    }
    d->subject_span = span;
    d->nsubject_first = d->nsubject;
}
/* `kind grant`, `kind relief`, `kind service` in the policy header. */
static void scheme_kind(PolParseState *st, const char *w1, PolSpan span1, const char *w2, PolSpan span2)
{
    static const PolCtxWord kinds[] = {POL_CTX_grant, POL_CTX_relief, POL_CTX_service};
    if (!ctx_is(st, span1, POL_CTX_kind, w1)) {
        pol_diag(st->ds, POL_E0205_expected_word, span1, NULL, pol_ctx_word(POL_CTX_kind, st->scan->kwset), pol_msg(st->ds->lang, POL_MSG_in_policy_header), w1);
        return;
    }
    for (int k = 0; k < 3; k++)
        if (ctx_is(st, span2, kinds[k], w2)) {
            st->cur->scheme = (PolSchemeKind)k;
            return;
        }
    pol_diag(st->ds, POL_E0221_unknown_scheme_kind, span2, own_help(st, POL_E0221_unknown_scheme_kind), w2);
}
}

%union {
    const char *str;
    PolExpr *expr;
    PolDecl *decl;
    PolExprList list;
    PolTypeExpr type;
    PolRound round;
    PolRange range;
    PolCite cite;
    PolStepDecl step;
    PolStepList steps;
}

%token POLICY "policy" TITLE "title" SOURCE "source" IN "in" FORCE "force" FROM "from"
%token FOR "for" THROUGH "through" APPLIES "applies" WHEN "when" IDENTIFIED "identified"
%token BY "by" AS "as" OF "of" IMPORT "import" MODULE "module" ENUM "enum" RECORD "record"
%token FACTS "facts" OPTIONAL "optional" OR "or" NULL_ "null" REQUIRED "required" AT "at"
%token PARAMETER "parameter" DEFINE "define" RULE "rule" EXCEPTION "exception" TO "to"
%token DEFAULT "default" MEASURE "measure" ARTICLE "article" RESPONSIBLE "responsible"
%token AMOUNT "amount" FIXED "fixed" CAPPED "capped" PER "per" OTHERWISE "otherwise"
%token IS "is" ANY "any" ALL "all" COUNT "count" SUM "sum" WHERE "where" IF "if"
%token THEN "then" ELSE "else" AND "and" NOT "not" TRUE_ "true" FALSE_ "false"
%token ROUNDED "rounded" LIST "list" EVALUATION "evaluation" DATE_KW "date" WITHIN "within" SCALE "scale"
%token NE "≠" LE "≤" GE "≥"
%token HALF "half" ORDERED "ordered" EARLIER "earlier"
%token <str> IDENT "name" STRING "text"
%token <expr> INT "integer" DECIMAL "decimal number" MONEY "money amount" PERCENT "percentage"
%token <expr> DATE "date literal" DURATION "duration" ITEMS "number of items"

%type <expr> expr primary
%type <list> expr_list opt_args when_values
%type <type> type type_base type_words
%type <round> round_mode
%type <str> string_or_error
%type <range> range opt_range
%type <cite> cite
%type <step> step
%type <steps> steps

%precedence IFX QUANT
%left OR
%left AND
%precedence NOT
%nonassoc '=' NE '<' LE '>' GE IS WITHIN
%precedence ROUNDED
%left '+' '-'
%left '*' '/' OF
%precedence UMINUS
%left OTHERWISE

%%

program
    : %empty
    | program item                          { pol_scan_least_unused(st->scan); }
    ;

item
    : policy_head header_clauses
    | MODULE STRING                         { st->module_name = $2; }
    | IMPORT STRING                         { PolDecl *d = pol_decl_new(POL_D_IMPORT, sp2(st, @1, @2)); d->name = $2; pol_decl_list_push(&st->decls, d); }
    | ENUM IDENT '{' enum_values opt_comma '}'
                                            { st->cur->name = $2; st->cur->span = sp2(st, @1, @6); pol_decl_list_push(&st->decls, st->cur); }
    | record_head '{' members '}'           { st->cur->span.last_line = @4.last_line; st->cur->span.last_col = @4.last_column; }
    | facts_head '{' members '}'            { }
    | PARAMETER IDENT ':' type '=' expr     { PolDecl *d = pol_decl_new(POL_D_PARAM, sp2(st, @1, @6)); d->name = $2; d->type = $4; d->value = $6; pol_decl_list_push(&st->decls, d); }
    | PARAMETER IDENT '=' expr              { PolDecl *d = pol_decl_new(POL_D_PARAM, sp2(st, @1, @4)); d->name = $2; d->value = $4; pol_decl_list_push(&st->decls, d); }
    | PARAMETER IDENT ':' type steps        { add_dated_param(st, $2, &$4, $5, sp2(st, @1, @5)); }
    | PARAMETER IDENT steps                 { add_dated_param(st, $2, NULL, $3, sp2(st, @1, @3)); }
    | define_head '=' expr                  { pol_decl_add_rule(st->cur, POL_RULE_BASE, NULL, sp(st, @3), NULL, sp(st, @3), NULL, $3); }
    | define_untyped '=' expr               { pol_decl_add_rule(st->cur, POL_RULE_BASE, NULL, sp(st, @3), NULL, sp(st, @3), NULL, $3); }
    | define_head rules
    | measure_head measure_clauses
    | scale_head scale_clauses
    | error                                 { }
    ;

policy_head
    : POLICY STRING                         { st->cur = pol_decl_new(POL_D_POLICY, sp2(st, @1, @2)); st->cur->name = $2; pol_decl_list_push(&st->decls, st->cur); }
    ;

header_clauses
    : %empty
    | header_clauses header_clause
    ;

header_clause
    : TITLE STRING                          { st->cur->title = $2; }
    | SOURCE STRING                         { st->cur->source_doc = $2; }
    | IN FORCE FROM DATE FOR DURATION       { st->cur->force_from = $4->lit.date; st->cur->force_has_duration = true; st->cur->force_duration = $6->lit.dur; st->cur->force_duration_span = $6->span; st->cur->force_span = sp2(st, @1, @6); }
    | IN FORCE FROM DATE THROUGH DATE       { st->cur->force_from = $4->lit.date; st->cur->force_through = $6->lit.date; st->cur->force_span = sp2(st, @1, @6); }
    | IDENTIFIED BY IDENT                   { st->cur->id_member = $3; st->cur->id_span = sp(st, @3); }
    | AS OF IDENT                           { st->cur->date_member = $3; st->cur->date_span = sp(st, @3); }
    | APPLIES WHEN expr                     { st->cur->applies = $3; }
    | IDENT IDENT                           { scheme_kind(st, $1, sp(st, @1), $2, sp(st, @2)); }
    ;

enum_values
    : IDENT                                 { st->cur = pol_decl_new(POL_D_ENUM, sp(st, @1)); pol_decl_add_enum_value(st->cur, $1, sp(st, @1)); }
    | enum_values ',' IDENT                 { pol_decl_add_enum_value(st->cur, $3, sp(st, @3)); }
    ;

opt_comma
    : %empty
    | ','
    ;

record_head
    : RECORD IDENT                          { st->cur = pol_decl_new(POL_D_RECORD, sp2(st, @1, @2)); st->cur->name = $2; pol_decl_list_push(&st->decls, st->cur); }
    ;

facts_head
    : FACTS                                 { st->cur = pol_decl_new(POL_D_FACTS, sp(st, @1)); st->cur->name = "facts"; pol_decl_list_push(&st->decls, st->cur); }
    ;

members
    : %empty
    | members member
    ;

member
    : member_head member_clauses
    ;

member_head
    : IDENT ':' type_base                   { st->member = pol_decl_add_member(st->cur, $1, sp2(st, @1, @3), $3, POL_PRESENCE_REQUIRED); }
    | IDENT ':' OPTIONAL type_base          { st->member = pol_decl_add_member(st->cur, $1, sp2(st, @1, @4), $4, POL_PRESENCE_OPTIONAL); }
    | IDENT ':' type_base OR NULL_          { st->member = pol_decl_add_member(st->cur, $1, sp2(st, @1, @5), $3, POL_PRESENCE_NULLABLE); }
    ;

member_clauses
    : %empty
    | member_clauses ',' member_clause      { st->member->span.last_line = @3.last_line; st->member->span.last_col = @3.last_column; }
    ;

member_clause
    : AT IDENT INT                          { at_bound(st, @1, @2, $2, @3, $3->lit.i, false); }
    | AT IDENT ITEMS                        { at_bound(st, @1, @2, $2, @3, $3->lit.i, true); }
    | INT TO INT                            { member_bound(st, sp2(st, @1, @3), true, $1->lit.i, true, $3->lit.i, false, true); }
    | INT TO ITEMS                          { member_bound(st, sp2(st, @1, @3), true, $1->lit.i, true, $3->lit.i, true, true); }
    | REQUIRED WHEN IDENT '=' IDENT         { PolExprList one = {0};
                                              PolExpr *v = pol_expr_new(POL_E_NAME, sp(st, @5));
                                              v->name = $5;
                                              pol_expr_list_push(&one, v);
                                              required_when(st, $3, one, sp2(st, @3, @5)); }
    | REQUIRED WHEN IDENT IS IDENT OF '{' when_values opt_comma '}'
                                            { if (word(st, @5, $5, "one", POL_MSG_in_required_when))
                                                  required_when(st, $3, $8, sp2(st, @3, @10)); }
    | IDENT OTHERWISE                       { if (word(st, @1, $1, "absent", POL_MSG_before_otherwise_in_member)) {
                                                  st->member->absent_otherwise = true;
                                                  st->member->absent_span = sp2(st, @1, @2);
                                              } }
    ;

when_values
    : IDENT                                 { memset(&$$, 0, sizeof $$); PolExpr *v = pol_expr_new(POL_E_NAME, sp(st, @1)); v->name = $1; pol_expr_list_push(&$$, v); }
    | when_values ',' IDENT                 { $$ = $1; PolExpr *v = pol_expr_new(POL_E_NAME, sp(st, @3)); v->name = $3; pol_expr_list_push(&$$, v); }
    ;

type_base
    : IDENT                                 { memset(&$$, 0, sizeof $$); $$.span = sp(st, @1); $$.name = type_name(st, @1, $1); }
    | DATE_KW                               { memset(&$$, 0, sizeof $$); $$.span = sp(st, @1); $$.name = "date"; }
    | LIST OF IDENT                         { memset(&$$, 0, sizeof $$); $$.span = sp2(st, @1, @3); $$.name = type_name(st, @3, $3); $$.is_list = true; }
    ;

type
    : type_base                             { $$ = $1; }
    | OPTIONAL type_base                    { $$ = $2; $$.optional = true; $$.span = sp2(st, @1, @2); }
    | type_base '?'                         { $$ = $1; $$.optional = true; $$.span = sp2(st, @1, @2); }
    | type_words                            { $$ = $1; }
    | OPTIONAL type_words                   { $$ = $2; $$.optional = true; $$.span = sp2(st, @1, @2); }
    | type_words '?'                        { $$ = $1; $$.optional = true; $$.span = sp2(st, @1, @2); }
    ;

/* A type of two words, outside the facts: `unrounded money`. */
type_words
    : IDENT IDENT                           { memset(&$$, 0, sizeof $$); $$.span = sp2(st, @1, @2); $$.name = "unrounded money";
                                              if (word(st, @1, $1, "unrounded", POL_MSG_in_two_word_type)) word(st, @2, $2, "money", POL_MSG_after_unrounded); }
    ;

define_head
    : DEFINE IDENT opt_params ':' type      { st->cur = pol_decl_new(POL_D_DEFINE, sp2(st, @1, @5)); st->cur->name = $2; st->cur->type = $5;
                                              st->cur->nparams = st->nparams; st->cur->params = st->params; st->nparams = 0; st->params = NULL;
                                              pol_decl_list_push(&st->decls, st->cur); }
    ;

/* `define x = ...`: no type (E0444, from the checker, which shows the
 * type of the value) */
define_untyped
    : DEFINE IDENT opt_params               { st->cur = pol_decl_new(POL_D_DEFINE, sp2(st, @1, @3)); st->cur->name = $2;
                                              st->cur->type.span = sp2(st, @1, @3);
                                              st->cur->nparams = st->nparams; st->cur->params = st->params; st->nparams = 0; st->params = NULL;
                                              pol_decl_list_push(&st->decls, st->cur); }
    ;

opt_params
    : %empty
    | '(' params ')'
    ;

params
    : param
    | params ',' param
    ;

param
    : IDENT ':' type                        { add_param(st, $1, $3, sp2(st, @1, @3)); }
    ;

rules
    : rule
    | rules rule
    ;

/* A rule may hold only on some days (`rule r from D through E when ...`)
 * and cite its source after its value. */
rule
    : DEFAULT expr cite                     { pol_decl_add_rule(st->cur, POL_RULE_DEFAULT, NULL, sp2(st, @1, @2), NULL, sp(st, @1), NULL, $2);
                                              pol_decl_date_last_rule(st->cur, (PolRange){0}, $3); }
    | RULE IDENT opt_range ':' expr cite    { pol_decl_add_rule(st->cur, POL_RULE_BASE, $2, sp2(st, @1, @5), NULL, sp(st, @1), NULL, $5);
                                              pol_decl_date_last_rule(st->cur, $3, $6); }
    | RULE IDENT opt_range WHEN expr ':' expr cite
                                            { pol_decl_add_rule(st->cur, POL_RULE_BASE, $2, sp2(st, @1, @7), NULL, sp(st, @1), $5, $7);
                                              pol_decl_date_last_rule(st->cur, $3, $8); }
    | EXCEPTION IDENT opt_range ':' expr cite
                                            { pol_decl_add_rule(st->cur, POL_RULE_EXCEPTION, $2, sp2(st, @1, @5), NULL, sp(st, @1), NULL, $5);
                                              pol_decl_date_last_rule(st->cur, $3, $6); }
    | EXCEPTION IDENT opt_range WHEN expr ':' expr cite
                                            { pol_decl_add_rule(st->cur, POL_RULE_EXCEPTION, $2, sp2(st, @1, @7), NULL, sp(st, @1), $5, $7);
                                              pol_decl_date_last_rule(st->cur, $3, $8); }
    | EXCEPTION IDENT TO IDENT opt_range ':' expr cite
                                            { pol_decl_add_rule(st->cur, POL_RULE_EXCEPTION, $2, sp2(st, @1, @7), $4, sp(st, @4), NULL, $7);
                                              pol_decl_date_last_rule(st->cur, $5, $8); }
    | EXCEPTION IDENT TO IDENT opt_range WHEN expr ':' expr cite
                                            { pol_decl_add_rule(st->cur, POL_RULE_EXCEPTION, $2, sp2(st, @1, @9), $4, sp(st, @4), $7, $9);
                                              pol_decl_date_last_rule(st->cur, $5, $10); }
    ;

/* `from D` or `from D through E`: the days a dated clause holds. */
range
    : FROM DATE                             { $$ = range(sp2(st, @1, @2), $2, NULL); }
    | FROM DATE THROUGH DATE                { $$ = range(sp2(st, @1, @4), $2, $4); }
    ;

opt_range
    : %empty                                { memset(&$$, 0, sizeof $$); }
    | range                                 { $$ = $1; }
    ;

/* After a value: `source "..."`, then maybe `verified D` (the day that
 * source was last checked; after the source, so that a word after a value
 * `rounded half ...` is never taken for it). */
cite
    : %empty                                { memset(&$$, 0, sizeof $$); }
    | SOURCE STRING                         { memset(&$$, 0, sizeof $$); $$.source = $2; }
    | SOURCE STRING IDENT DATE              { memset(&$$, 0, sizeof $$); $$.source = $2;
                                              if (word(st, @3, $3, "verified", POL_MSG_after_a_source)) { $$.has_verified = true; $$.verified = $4->lit.date; } }
    ;

/* The steps of a dated parameter: each holds from its date through the
 * day before the next one; `not in force` repeals the value. */
steps
    : step                                  { memset(&$$, 0, sizeof $$); pol_step_list_push(&$$, $1); }
    | steps step                            { $$ = $1; pol_step_list_push(&$$, $2); }
    ;

step
    : FROM DATE ':' expr cite               { $$ = step(sp2(st, @1, @4), $2, $4, $5); }
    | FROM DATE ':' NOT IN FORCE cite       { $$ = step(sp2(st, @1, @6), $2, NULL, $7); }
    ;

measure_head
    : MEASURE IDENT                         { st->cur = pol_decl_new(POL_D_MEASURE, sp2(st, @1, @2)); st->cur->name = $2; st->cur->basis = POL_BASIS_NON_MONETARY;
                                              pol_decl_list_push(&st->decls, st->cur); }
    ;

measure_clauses
    : %empty
    | measure_clauses measure_clause
    ;

measure_clause
    : ARTICLE STRING                        { st->cur->article = $2; }
    | TITLE STRING                          { st->cur->title_text = $2; }
    | RESPONSIBLE responsible_list
    | WHEN expr                             { pol_decl_add_cond(st->cur, $2); }
    | range WHEN expr                       { pol_decl_add_dated_cond(st->cur, $3, $1); }
    | IN FORCE range                        { st->cur->in_force = $3; }
    | AMOUNT FIXED expr                     { set_amount(st, POL_BASIS_FIXED, $3, sp2(st, @1, @3)); }
    | AMOUNT CAPPED expr                    { set_amount(st, POL_BASIS_CAPPED, $3, sp2(st, @1, @3)); }
    | AMOUNT PER IDENT                      { if (word(st, @3, $3, "regulation", POL_MSG_after_amount_per)) set_amount(st, POL_BASIS_PER_REGULATION, NULL, sp2(st, @1, @3)); }
    | AMOUNT IN IDENT                       { if (word(st, @3, $3, "kind", POL_MSG_after_amount_in)) set_amount(st, POL_BASIS_NON_MONETARY, NULL, sp2(st, @1, @3)); }
    | AMOUNT IDENT expr                     { if (amount_word(st, $2, sp(st, @2))) set_amount(st, POL_BASIS_COMPUTED, $3, sp2(st, @1, @3)); }
    | SOURCE expr                           { st->cur->source = $2; }
    | FOR IDENT IDENT IN primary            { for_each(st, @2, $2, $3, sp(st, @3), $5, NULL, sp2(st, @1, @5)); }
    | FOR IDENT IDENT IN primary ORDERED BY expr
                                            { for_each(st, @2, $2, $3, sp(st, @3), $5, $8, sp2(st, @1, @8)); }
    | IDENT subject_members                 { if (word(st, @1, $1, "subject", POL_MSG_in_subject)) subject_clause(st, sp2(st, @1, @2)); }
    | IDENT AT IDENT                        { if (word(st, @1, $1, "granted", POL_MSG_in_granted_at_zero) && word(st, @3, $3, "zero", POL_MSG_in_granted_at_zero)) {
                                                  st->cur->zero_granted = true; st->cur->zero_span = sp2(st, @1, @3); } }
    | AT IDENT expr                         { if (word(st, @2, $2, "most", POL_MSG_in_ceiling)) pol_decl_add_cap(st->cur, $3, false, sp2(st, @1, @3)); }
    | AT IDENT expr IF IDENT                { if (word(st, @2, $2, "most", POL_MSG_in_ceiling) && word(st, @5, $5, "present", POL_MSG_after_if_in_ceiling))
                                                  pol_decl_add_cap(st->cur, $3, true, sp2(st, @1, @5)); }
    | AT IDENT range ':' expr               { if (word(st, @2, $2, "most", POL_MSG_in_ceiling)) {
                                                  pol_decl_add_cap(st->cur, $5, false, sp2(st, @1, @5)); pol_decl_date_last_cap(st->cur, $3); } }
    | AT IDENT range ':' expr IF IDENT      { if (word(st, @2, $2, "most", POL_MSG_in_ceiling) && word(st, @7, $7, "present", POL_MSG_after_if_in_ceiling)) {
                                                  pol_decl_add_cap(st->cur, $5, true, sp2(st, @1, @7)); pol_decl_date_last_cap(st->cur, $3); } }
    ;

scale_head
    : SCALE IDENT                           { st->cur = pol_decl_new(POL_D_SCALE, sp2(st, @1, @2)); st->cur->name = $2; pol_decl_list_push(&st->decls, st->cur); }
    ;

scale_clauses
    : %empty
    | scale_clauses scale_clause
    ;

/* `up to BOUND: RATE`, `above: RATE`, each with an optional `, deduction D`:
 * `up`, `above` and `deduction` are words only in their place. The values
 * are numbers written out (the checker says so): a primary, so that no
 * operator or rounding runs on into the next bracket. */
scale_clause
    : SOURCE STRING                         { st->cur->source_doc = $2; }
    | IDENT TO primary ':' primary          { if (word(st, @1, $1, "up", POL_MSG_in_scale_bracket)) pol_decl_add_bracket(st->cur, sp2(st, @1, @5), $3, $5, NULL); }
    | IDENT TO primary ':' primary ',' IDENT primary
                                            { if (word(st, @1, $1, "up", POL_MSG_in_scale_bracket) && word(st, @7, $7, "deduction", POL_MSG_after_scale_rate))
                                                  pol_decl_add_bracket(st->cur, sp2(st, @1, @8), $3, $5, $8); }
    | IDENT ':' primary                     { if (word(st, @1, $1, "above", POL_MSG_in_scale_bracket)) pol_decl_add_bracket(st->cur, sp2(st, @1, @3), NULL, $3, NULL); }
    | IDENT ':' primary ',' IDENT primary   { if (word(st, @1, $1, "above", POL_MSG_in_scale_bracket) && word(st, @5, $5, "deduction", POL_MSG_after_scale_rate))
                                                  pol_decl_add_bracket(st->cur, sp2(st, @1, @6), NULL, $3, $6); }
    ;

subject_members
    : IDENT ':' expr                        { pol_decl_add_subject(st->cur, $1, sp(st, @1), $3); }
    | subject_members ',' IDENT ':' expr    { pol_decl_add_subject(st->cur, $3, sp(st, @3), $5); }
    ;

responsible_list
    : string_or_error                       { pol_decl_add_responsible(st->cur, $1); }
    | responsible_list ',' string_or_error  { pol_decl_add_responsible(st->cur, $3); }
    ;

string_or_error
    : STRING                                { $$ = $1; }
    ;

expr
    : primary                               { $$ = $1; }
    | IF expr THEN expr ELSE expr %prec IFX { $$ = pol_expr_new(POL_E_IF, sp2(st, @1, @6)); $$->cond = $2; $$->left = $4; $$->right = $6; $$ = nest(st, $$); }
    | ANY IDENT IN primary WHERE expr %prec QUANT
                                            { $$ = quant(st, POL_Q_ANY, sp2(st, @1, @6), NULL, $2, $4, $6); }
    | ALL IDENT IN primary WHERE expr %prec QUANT
                                            { $$ = quant(st, POL_Q_ALL, sp2(st, @1, @6), NULL, $2, $4, $6); }
    | COUNT IDENT IN primary %prec QUANT    { $$ = quant(st, POL_Q_COUNT, sp2(st, @1, @4), NULL, $2, $4, NULL); }
    | COUNT IDENT IN primary WHERE expr %prec QUANT
                                            { $$ = quant(st, POL_Q_COUNT, sp2(st, @1, @6), NULL, $2, $4, $6); }
    | SUM expr FOR IDENT IN primary %prec QUANT
                                            { $$ = quant(st, POL_Q_SUM, sp2(st, @1, @6), $2, $4, $6, NULL); }
    | SUM expr FOR IDENT IN primary WHERE expr %prec QUANT
                                            { $$ = quant(st, POL_Q_SUM, sp2(st, @1, @8), $2, $4, $6, $8); }
    | expr OR expr                          { $$ = binary(st, @$, POL_OP_OR, $1, $3); }
    | expr AND expr                         { $$ = binary(st, @$, POL_OP_AND, $1, $3); }
    | NOT expr                              { $$ = pol_expr_new(POL_E_UNARY, sp2(st, @1, @2)); $$->op = POL_OP_NOT; $$->left = $2; $$ = nest(st, $$); }
    | expr '=' expr                         { $$ = binary(st, @$, POL_OP_EQ, $1, $3); }
    | expr NE expr                          { $$ = binary(st, @$, POL_OP_NE, $1, $3); }
    | expr '<' expr                         { $$ = binary(st, @$, POL_OP_LT, $1, $3); }
    | expr LE expr                          { $$ = binary(st, @$, POL_OP_LE, $1, $3); }
    | expr '>' expr                         { $$ = binary(st, @$, POL_OP_GT, $1, $3); }
    | expr GE expr                          { $$ = binary(st, @$, POL_OP_GE, $1, $3); }
    | expr IS IDENT OF '{' expr_list opt_comma '}'
                                            { $$ = pol_expr_new(POL_E_IN, sp2(st, @1, @8)); $$->left = $1; $$->args = $6;
                                              word(st, @3, $3, "one", POL_MSG_in_is_one_of); $$ = nest(st, $$); }
    | expr IS NOT IDENT OF '{' expr_list opt_comma '}'
                                            { $$ = pol_expr_new(POL_E_IN, sp2(st, @1, @9)); $$->left = $1; $$->args = $7; $$->negated = true;
                                              word(st, @4, $4, "one", POL_MSG_in_is_not_one_of); $$ = nest(st, $$); }
    | expr IS IDENT %prec IS                { $$ = nest(st, is_test(st, $1, $3, sp2(st, @1, @3), sp(st, @3))); }
    | expr WITHIN IDENT IN FORCE            { $$ = pol_expr_new(POL_E_WITHIN, sp2(st, @1, @5)); $$->left = $1;
                                              word(st, @3, $3, "period", POL_MSG_in_within_period); $$ = nest(st, $$); }
    | expr ROUNDED round_mode               { $$ = pol_expr_new(POL_E_ROUND, sp2(st, @1, @3)); $$->left = $1; $$->round_mode = $3; $$->round_unit = 0; $$ = nest(st, $$); }
    | expr ROUNDED TO IDENT                 { $$ = pol_expr_new(POL_E_ROUND, sp2(st, @1, @4)); $$->left = $1; $$->round_mode = POL_ROUND_DOWN;
                                              $$->round_unit = ctx_is(st, sp(st, @4), POL_CTX_yuan, $4) ? POL_UNIT_YUAN : POL_UNIT_FEN;
                                              rounding_mode_missing(st, sp2(st, @2, @4), $$->round_unit, $4);
                                              $$ = nest(st, $$); }
    | expr ROUNDED round_mode TO IDENT      { $$ = pol_expr_new(POL_E_ROUND, sp2(st, @1, @5)); $$->left = $1; $$->round_mode = $3;
                                              $$->round_unit = ctx_is(st, sp(st, @5), POL_CTX_fen, $5) ? POL_UNIT_FEN : ctx_is(st, sp(st, @5), POL_CTX_yuan, $5) ? POL_UNIT_YUAN : 0;
                                              if (!$$->round_unit) unknown_rounding_unit(st, sp(st, @5), $5);
                                              $$ = nest(st, $$); }
    | expr '+' expr                         { $$ = binary(st, @$, POL_OP_ADD, $1, $3); }
    | expr '-' expr                         { $$ = binary(st, @$, POL_OP_SUB, $1, $3); }
    | expr '*' expr                         { $$ = binary(st, @$, POL_OP_MUL, $1, $3); }
    | expr '/' expr                         { $$ = binary(st, @$, POL_OP_DIV, $1, $3); }
    | expr OF expr                          { $$ = binary(st, @$, POL_OP_OF, $1, $3); }
    | '-' expr %prec UMINUS                 { $$ = pol_scan_negated(st->scan, $2, sp2(st, @1, @2));
                                              if (!$$) { $$ = pol_expr_new(POL_E_UNARY, sp2(st, @1, @2)); $$->op = POL_OP_NEG; $$->left = $2; $$ = nest(st, $$); } }
    | expr OTHERWISE expr                   { $$ = pol_expr_new(POL_E_OTHERWISE, sp(st, @$)); $$->left = $1; $$->right = $3; $$ = nest(st, $$); }
    ;

round_mode
    : IDENT                                 { $$ = round_mode(st, $1, NULL, sp(st, @1)); }
    | HALF IDENT                            { $$ = round_mode(st, kw(st, HALF), $2, sp2(st, @1, @2)); }
    ;

primary
    : INT                                   { $$ = $1; }
    | DECIMAL                               { $$ = $1; }
    | MONEY                                 { $$ = $1; }
    | PERCENT                               { $$ = $1; }
    | DATE                                  { $$ = $1; }
    | DURATION                              { $$ = $1; }
    | STRING                                { $$ = pol_expr_new(POL_E_TEXT, sp(st, @1)); $$->lit.text = $1; }
    | TRUE_                                 { $$ = pol_expr_new(POL_E_BOOL, sp(st, @1)); $$->lit.b = true; }
    | FALSE_                                { $$ = pol_expr_new(POL_E_BOOL, sp(st, @1)); $$->lit.b = false; }
    | IDENT                                 { $$ = pol_expr_new(POL_E_NAME, sp(st, @1)); $$->name = $1; }
    | IDENT '(' opt_args ')'                { $$ = pol_expr_new(POL_E_CALL, sp2(st, @1, @4)); $$->name = $1; $$->args = $3; $$ = nest(st, $$); }
    | '(' expr ')'                          { $$ = $2; $$->span = sp2(st, @1, @3); }
    | primary '.' IDENT                     { $$ = pol_expr_new(POL_E_MEMBER, sp2(st, @1, @3)); $$->left = $1; $$->name = $3; $$ = nest(st, $$); }
    | EARLIER IDENT                         { $$ = pol_expr_new(POL_E_EARLIER, sp2(st, @1, @2)); word(st, @2, $2, "grants", POL_MSG_after_earlier); }
    | EVALUATION DATE_KW                    { $$ = pol_expr_new(POL_E_EVAL_DATE, sp2(st, @1, @2)); }
    | SOURCE OF IDENT                       { $$ = pol_expr_new(POL_E_SOURCE_OF, sp2(st, @1, @3)); $$->name = $3; }
    | POLICY IDENT                          { $$ = pol_expr_new(POL_E_POLICY_START, sp2(st, @1, @2));
                                              if (ctx_is(st, sp(st, @2), POL_CTX_end, $2)) $$->kind = POL_E_POLICY_END;
                                              else word(st, @2, $2, "start", POL_MSG_after_policy_in_expr); }
    ;

opt_args
    : %empty                                { memset(&$$, 0, sizeof $$); }
    | expr_list                             { $$ = $1; }
    ;

expr_list
    : expr                                  { memset(&$$, 0, sizeof $$); pol_expr_list_push(&$$, $1); }
    | expr_list ',' expr                    { $$ = $1; pol_expr_list_push(&$$, $3); }
    ;

%%

/* How a drafter reads a token: keyword `when`, `=`, a name, a date. */
static const char *token_words(const PolParseState *st, yysymbol_kind_t k)
{
    const char *name = yysymbol_name(k);
    if (k == YYSYMBOL_YYEOF)
        return pol_msg(st->ds->lang, POL_MSG_token_end_of_file);
    if ((k >= YYSYMBOL_POLICY && k <= YYSYMBOL_SCALE) || k == YYSYMBOL_HALF)
        return pol_msg(st->ds->lang, POL_MSG_token_keyword, pol_kw_in(name, help_set(st)));
    if (name[0] == '\'')
        return pol_msg(st->ds->lang, POL_MSG_token_symbol, pol_strdup_printf("%.*s", (int)strlen(name) - 2, name + 1));
    if (k == YYSYMBOL_NE || k == YYSYMBOL_LE || k == YYSYMBOL_GE)
        return pol_msg(st->ds->lang, POL_MSG_token_symbol, name);
    if (k == YYSYMBOL_IDENT)
        return pol_msg(st->ds->lang, POL_MSG_token_name);
    if (k == YYSYMBOL_STRING)
        return pol_msg(st->ds->lang, POL_MSG_token_text);
    if (k == YYSYMBOL_INT || k == YYSYMBOL_DECIMAL)
        return pol_msg(st->ds->lang, POL_MSG_token_number);
    if (k == YYSYMBOL_MONEY)
        return pol_msg(st->ds->lang, POL_MSG_token_money);
    if (k == YYSYMBOL_PERCENT)
        return pol_msg(st->ds->lang, POL_MSG_token_percent);
    if (k == YYSYMBOL_DATE)
        return pol_msg(st->ds->lang, POL_MSG_token_date);
    if (k == YYSYMBOL_DURATION)
        return pol_msg(st->ds->lang, POL_MSG_token_duration);
    if (k == YYSYMBOL_ITEMS)
        return pol_msg(st->ds->lang, POL_MSG_token_items);
    return name;
}

/* Whether `else` may come where the error is: then an `if` is still open. */
static bool else_expected(const yypcontext_t *ctx)
{
    yysymbol_kind_t all[YYNTOKENS];
    int n = yypcontext_expected_tokens(ctx, all, YYNTOKENS);
    for (int i = 0; i < n; i++)
        if (all[i] == YYSYMBOL_ELSE)
            return true;
    return false;
}

/* Whether word[0..len) is a reserved or contextual word in the file's set
 * (either set before the first keyword). */
static bool is_keyword(const PolParseState *st, const char *word, size_t len)
{
    PolKeywordSet set = POL_KW_UNDECIDED;
    if (pol_kw_lookup(word, len, &set) && (st->scan->kwset == POL_KW_UNDECIDED || set == st->scan->kwset))
        return true;
    int n;
    const PolKwRow *rows = pol_kw_rows(&n);
    for (int i = 0; i < n; i++) {
        const char *w[2] = {rows[i].en, rows[i].zh};
        for (int k = 0; k < 2; k++)
            if (strlen(w[k]) == len && memcmp(w[k], word, len) == 0)
                return true;
    }
    return false;
}

/* The keyword of the file's set closest to word[0..len) (pol_suggest's
 * rule), NULL if none is close. */
static const char *closest_keyword(const PolParseState *st, const char *word, size_t len)
{
    PolSuggest s;
    pol_suggest_init(&s, word, len);
    int n;
    const PolKwRow *rows = pol_kw_rows(&n);
    for (int i = 0; i < n; i++) {
        if (!rows[i].token && rows[i].ctx < 0)
            continue;   /* a unit of a duration is written after a number */
        if (st->scan->kwset != POL_KW_ZH)
            pol_suggest_try(&s, rows[i].en);
        if (st->scan->kwset != POL_KW_EN)
            pol_suggest_try(&s, rows[i].zh);
    }
    return s.best;
}

#define HINT_MAX_TRIES 4
#define HINT_MAX_BYTES (256 * 1024)

/* A misspelt keyword before the syntax error at `at` (`wehn tier = large`):
 * each word of its line and of the line before that is no keyword but is
 * close to one is put right in a copy of the file, which is read again;
 * the first correction that gets the file past the error's line is the
 * hint. NULL when none does. */
static const char *misspelt_keyword(PolParseState *st, PolSpan at)
{
    const PolSource *src = st->src;
    if (st->no_hints || st->hinted || !st->gets_past || !src || src->len > HINT_MAX_BYTES || at.first_line < 1 || at.first_line > src->nlines
        || st->max_depth < POL_MAX_TREE_DEPTH)   /* no stack to spare for a second reading */
        return NULL;
    st->hinted = true;
    int tries = 0;
    for (int line = at.first_line > 1 ? at.first_line - 1 : 1; line <= at.first_line; line++) {
        size_t len;
        const char *text = pol_source_line(src, line, &len);
        for (size_t i = 0; text && i < len && tries < HINT_MAX_TRIES;) {
            unsigned char ch = (unsigned char)text[i];
            if (ch == '#')
                break;   /* a comment */
            if (ch == '"') {   /* a text: skipped */
                const char *close = memchr(text + i + 1, '"', len - i - 1);
                i = close ? (size_t)(close - text) + 1 : len;
                continue;
            }
            if (!(ch >= 0x80 || ch == '_' || ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z'))) {
                i++;
                continue;
            }
            size_t start = i;
            while (i < len && ((unsigned char)text[i] >= 0x80 || text[i] == '_' || ((text[i] | 0x20) >= 'a' && (text[i] | 0x20) <= 'z')
                               || (text[i] >= '0' && text[i] <= '9')))
                i++;
            /* (the parser's line and the error's: after the error, nothing) */
            if (line == at.first_line && (int)pol_utf8_columns(text, start) + 1 > at.first_col)
                return NULL;
            const char *word = text + start;
            size_t n = i - start;
            if (n < 2 || is_keyword(st, word, n))
                continue;
            const char *kw = closest_keyword(st, word, n);
            if (!kw)
                continue;
            tries++;
            size_t off = (size_t)(word - src->text), kn = strlen(kw);
            char *fixed = GC_MALLOC_ATOMIC(src->len - n + kn + 1);
            memcpy(fixed, src->text, off);
            memcpy(fixed + off, kw, kn);
            memcpy(fixed + off + kn, src->text + off + n, src->len - off - n);
            fixed[src->len - n + kn] = '\0';
            if (st->gets_past(pol_source_from_text(src->path, fixed, src->len - n + kn), at.first_line))
                return pol_msg(st->ds->lang, POL_MSG_misspelt_keyword, GC_STRNDUP(word, n), kw);
        }
    }
    return NULL;
}

static int yyreport_syntax_error(const yypcontext_t *ctx, void *scanner, PolParseState *st)
{
    if (!st->had_error) {
        st->had_error = true;
        st->first_error = sp(st, *yypcontext_location(ctx));
    }
    if (pol_scan_error_pending(scanner))
        return 0;   /* the scanner already reported the character that caused it */
    PolSpan open_if;
    bool if_open = pol_scan_open_if(scanner, &open_if);
    pol_scan_forget_ifs(scanner);
    yysymbol_kind_t unexpected = yypcontext_token(ctx);
    yysymbol_kind_t expected[8];
    int n = yypcontext_expected_tokens(ctx, expected, 8);
    PolSpan at = sp(st, *yypcontext_location(ctx));
    const char *found;
    if (unexpected == YYSYMBOL_YYEOF || (unexpected >= YYSYMBOL_POLICY && unexpected <= YYSYMBOL_SCALE))
        found = token_words(st, unexpected);
    else {
        const char *text = pol_span_text(at);
        found = strlen(text) > 40 ? token_words(st, unexpected)
              : text[0] == '`' ? text   /* a name in backticks is quoted already */
              : pol_msg(st->ds->lang, POL_MSG_token_symbol, text);
    }
    if (if_open && else_expected(ctx)) {
        /* `if c then a` and the clause goes on: the `if` is the mistake */
        const char *if_ = kw(st, IF), *else_ = kw(st, ELSE);
        pol_diag(st->ds, POL_E0209_if_without_else, open_if, own_help(st, POL_E0209_if_without_else), if_, else_);
        pol_diag_note(st->ds, at, POL_MSG_else_expected_here, else_, found);
        return 0;
    }
    if (n <= 0) {
        pol_diag(st->ds, POL_E0202_unexpected_token, at, unexpected == YYSYMBOL_YYEOF ? pol_msg(st->ds->lang, POL_MSG_ends_mid_declaration)
                                                                                    : misspelt_keyword(st, at), found);
        return 0;
    }
    /* After `define NAME`, `=` is read only to say that the type is missing
     * (E0444): what is expected there is the type, or the arguments. */
    if (n == 3) {
        int colon = -1, paren = -1, equals = -1;
        for (int i = 0; i < n; i++) {
            if (expected[i] == YYTRANSLATE(':')) colon = i;
            if (expected[i] == YYTRANSLATE('(')) paren = i;
            if (expected[i] == YYTRANSLATE('=')) equals = i;
        }
        if (colon >= 0 && paren >= 0 && equals >= 0) {
            for (int i = equals; i + 1 < n; i++)
                expected[i] = expected[i + 1];
            n--;
        }
    }
    /* "a name, `(` or `-`" */
    const char *list = "";
    bool wants_name = false;
    for (int i = 0; i < n; i++) {
        wants_name |= expected[i] == YYSYMBOL_IDENT;
        list = pol_strdup_printf("%s%s%s", list, i == 0 ? "" : i == n - 1 ? pol_msg(st->ds->lang, POL_MSG_list_or) : pol_msg(st->ds->lang, POL_MSG_list_comma),
                                 token_words(st, expected[i]));
    }
    if (wants_name && unexpected >= YYSYMBOL_POLICY && unexpected <= YYSYMBOL_SCALE)
        pol_diag(st->ds, POL_E0203_keyword_as_name, at, pol_msg(st->ds->lang, POL_MSG_keyword_as_name, pol_kw_in(yysymbol_name(unexpected), help_set(st))), list, found);
    else if (unexpected == YYSYMBOL_YYEOF)
        pol_diag(st->ds, POL_E0204_unexpected_end, at, pol_msg(st->ds->lang, POL_MSG_ends_mid_declaration), list, found);
    else
        pol_diag(st->ds, POL_E0201_syntax_error, at, misspelt_keyword(st, at), list, found);
    return 0;
}
