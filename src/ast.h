/*
 * ast.h — the syntax tree of a policy, as the parser builds it and the
 * checker annotates it.
 *
 * Every node carries the span of source it came from. The parser fills the
 * syntactic fields; check.c fills the fields marked "checker" (types and
 * resolved references). Nodes live on the GC heap and are never freed.
 */
#ifndef POL_AST_H
#define POL_AST_H

#include <stdbool.h>
#include <stdint.h>
#include "keywords.h"
#include "kinds.h"
#include "num.h"
#include "span.h"
#include "types.h"

typedef struct PolExpr PolExpr;
typedef struct PolDecl PolDecl;

typedef enum PolExprKind {
    POL_E_BOOL, POL_E_INT, POL_E_DEC, POL_E_MONEY, POL_E_DATE, POL_E_DUR, POL_E_TEXT,
    POL_E_NAME,        /* a fact member, parameter, definition, function argument,
                          quantifier variable or enum value */
    POL_E_MEMBER,      /* left.name */
    POL_E_CALL,        /* name(args): a definition with parameters, or min/max/year/month/day */
    POL_E_UNARY,       /* op left: "not", "-" */
    POL_E_BINARY,      /* left op right */
    POL_E_IF,          /* if cond then left else right */
    POL_E_IN,          /* left in {items} */
    POL_E_OTHERWISE,   /* left otherwise right */
    POL_E_PRESENT,     /* left is present (negated: is absent) */
    POL_E_GRANTED,     /* measure is granted */
    POL_E_QUANT,       /* any/all/count: var in left where cond; sum: value for var in left where cond */
    POL_E_ROUND,       /* left rounded MODE [to UNIT] */
    POL_E_EVAL_DATE,   /* evaluation date */
    POL_E_POLICY_START,/* policy start: first day in force */
    POL_E_POLICY_END,  /* policy end: last day in force */
    POL_E_WITHIN,      /* left within period in force */
    POL_E_EARLIER,     /* earlier grants: the items a per-item measure granted before this one */
    POL_E_SOURCE_OF    /* source of NAME: the source of the step or rule that gave it its value */
} PolExprKind;

typedef enum PolOp {
    POL_OP_ADD, POL_OP_SUB, POL_OP_MUL, POL_OP_DIV, POL_OP_OF,
    POL_OP_EQ, POL_OP_NE, POL_OP_LT, POL_OP_LE, POL_OP_GT, POL_OP_GE,
    POL_OP_AND, POL_OP_OR, POL_OP_NOT, POL_OP_NEG
} PolOp;

typedef enum PolQuant { POL_Q_ANY, POL_Q_ALL, POL_Q_COUNT, POL_Q_SUM } PolQuant;

/* What a POL_E_NAME (or the head of a call) refers to: set by the checker. */
typedef enum PolRefKind {
    POL_REF_NONE, POL_REF_FACT, POL_REF_PARAM, POL_REF_DEFINE, POL_REF_ARG,
    POL_REF_LOCAL, POL_REF_ENUM_VALUE, POL_REF_BUILTIN, POL_REF_MEASURE,
    POL_REF_SCALE      /* a CALL applying a scale: ref_decl is the scale */
} PolRefKind;

typedef enum PolBuiltin { POL_BI_MIN, POL_BI_MAX, POL_BI_YEAR, POL_BI_MONTH, POL_BI_DAY } PolBuiltin;

typedef struct PolExprList { int count, cap; PolExpr **items; } PolExprList;

struct PolExpr {
    PolExprKind kind;
    PolSpan span;
    PolOp op;
    PolQuant quant;
    bool negated;               /* PRESENT: "is absent" */
    const char *name;           /* NAME, MEMBER (member name), CALL, GRANTED, QUANT variable */
    PolExpr *left, *right, *cond, *value;
    PolExprList args;           /* CALL arguments, IN items */
    union {
        bool b;
        int64_t i;
        int64_t fen;
        PolDec dec;
        int32_t date;
        PolDuration dur;
        const char *text;
    } lit;
    PolRound round_mode;        /* ROUND */
    int64_t round_unit;         /* ROUND: 0 for dates, else POL_UNIT_* */
    /* checker */
    const PolType *type;
    PolRefKind ref;
    int ref_index;              /* fact member, param, define, arg, local slot, enum value, builtin, measure */
    PolDecl *ref_decl;
    bool unwrap;                /* the value is optional but narrowed: unwrap it */
    const char *path;           /* fact path of a fact read ("digital.in_pilot"), else NULL */
    const char *key;            /* what narrowing knows this value by: the fact path, or a
                                   local's slot and members ("@3.score"), else NULL */
    int depth;                  /* parser: levels of the tree from here down (0 for a literal) */
};

typedef enum PolDeclKind {
    POL_D_POLICY, POL_D_IMPORT, POL_D_ENUM, POL_D_RECORD, POL_D_FACTS,
    POL_D_PARAM, POL_D_DEFINE, POL_D_MEASURE,
    POL_D_SCALE        /* a progressive table: brackets */
} PolDeclKind;

/* A type as written in source, resolved by the checker. */
typedef struct PolTypeExpr {
    PolSpan span;
    const char *name;           /* "money", "Standard", ... */
    bool is_list;               /* list of name */
    bool optional;              /* optional name / name? */
    const PolType *type;        /* checker */
} PolTypeExpr;

typedef struct PolMemberDecl {
    PolSpan span;
    const char *name;
    PolTypeExpr type;
    PolPresence presence;       /* REQUIRED_WHEN: `T, required when ...`; a `required when`
                                   after `optional T` or `T or null` keeps that presence
                                   (and when_member), for the checker to refuse */
    const char *when_member;    /* `required when k = v` or `k is one of {v, ...}` */
    int nwhen_values;
    const char **when_values;
    PolSpan *when_value_spans;
    PolSpan when_span;          /* from k to the last value */
    bool absent_otherwise;      /* `, absent otherwise` */
    PolSpan absent_span;
    /* one bound: `at least N`, `at most N`, `N to M`; of the number, or
     * with `items` of the length of a list */
    bool has_min, has_max;
    int64_t min, max;
    bool bound_items;           /* written with `items` */
    bool bound_range;           /* written `N to M` */
    PolSpan bound_span;
} PolMemberDecl;

typedef struct PolParamDecl { const char *name; PolTypeExpr type; PolSpan span; } PolParamDecl;

/* `from D [through E]` before a dated clause (a rule, a condition, a
 * ceiling, a measure's `in force`): the days it holds, both included. */
typedef struct PolRange {
    bool has;                   /* false: the clause is not dated */
    int32_t from, through;      /* days (num.h); through only when has_through */
    bool has_through;           /* false: through the policy's last day */
    PolSpan span;
} PolRange;

/* What a value cites after it: `source "..."`, `verified D`. */
typedef struct PolCite {
    const char *source;         /* NULL: none */
    bool has_verified;
    int32_t verified;           /* the day its value was last checked against the law */
} PolCite;

/* A step of a dated parameter: `from D: VALUE` (or `not in force`), with
 * what it cites. It holds from D through the day before the next step. */
typedef struct PolStepDecl {
    PolSpan span;
    int32_t from;
    PolExpr *value;             /* NULL: `not in force` (a repeal) */
    PolCite cite;
} PolStepDecl;

typedef struct PolStepList { int count; PolStepDecl *items; } PolStepList;

typedef struct PolRule {
    PolRuleKind kind;
    PolSpan span;
    const char *label;          /* may be NULL for DEFAULT */
    const char *target;         /* EXCEPTION: the label it overrides; NULL: all base rules */
    PolSpan target_span;
    PolExpr *cond;              /* NULL: always applies */
    PolExpr *value;
    int parent;                 /* checker: index of the overridden rule, -1 for top level */
    PolRange range;             /* `rule r from D ...`: applies only on those days */
    PolCite cite;               /* after its value */
} PolRule;

typedef struct PolCap { PolExpr *expr; bool if_present; PolSpan span; PolRange range; } PolCap;

/* A bracket of a scale: `up to BOUND: RATE[, deduction D]`, or the last,
 * `above: RATE[, deduction D]` (bound NULL). */
typedef struct PolBracketDecl { PolSpan span; PolExpr *bound, *rate, *deduction; } PolBracketDecl;

struct PolDecl {
    PolDeclKind kind;
    PolSpan span;
    PolKeywordSet kwset;        /* the keywords of its file: messages quote them */
    const char *name;           /* enum/record/param/define/measure name; policy id; import path */
    /* POLICY */
    const char *title, *source_doc;
    int32_t force_from;         /* date */
    bool force_has_duration;
    PolDuration force_duration; /* "for 3 years": end exclusive */
    PolSpan force_duration_span;
    int32_t force_through;      /* "through D": inclusive */
    PolSpan force_span;
    const char *id_member, *date_member;   /* identified by, as of */
    PolSpan id_span, date_span;
    PolExpr *applies;           /* applies when */
    PolSchemeKind scheme;       /* kind grant / relief / service */
    /* ENUM */
    int nvalues; const char **values; PolSpan *value_spans;
    /* RECORD, FACTS */
    int nmembers; PolMemberDecl *members;
    /* PARAM, DEFINE */
    PolTypeExpr type;
    int nparams; PolParamDecl *params;
    int nrules; PolRule *rules;         /* DEFINE with rules; a simple define has one BASE rule */
    PolExpr *value;                     /* PARAM (NULL for a dated one) */
    PolStepList steps;                  /* PARAM: a dated one's steps, in the order written */
    /* MEASURE */
    const char *article, *title_text;
    int nresponsible; const char **responsible;
    int nconds; PolExpr **conds;
    PolRange *cond_ranges;              /* per condition: `from D when ...`, or none */
    PolRange in_force;                  /* `in force from D [through E]` */
    PolBasis basis;
    PolExpr *amount;                    /* FIXED, CAPPED, COMPUTED */
    int ncaps; PolCap *caps;
    PolExpr *source;                    /* source EXPR, or NULL */
    bool zero_granted;                  /* granted at zero */
    PolSpan zero_span;
    /* SCALE (and source_doc, its `source`) */
    int nbrackets; PolBracketDecl *brackets;
    bool scale_money;                   /* checker: bounds and deductions are money */
    bool scale_marginal;                /* checker: no deductions: each rate on its part of the base */
    /* per-item measures: for each item_var in items [ordered by order] */
    int nfor_each;                      /* `for each` clauses written (one is allowed) */
    const char *item_var;
    PolSpan item_var_span, for_span;
    PolExpr *items, *order;
    int item_conds;                     /* the conditions written before `for each` (of the
                                           measure, before the list is taken); the later
                                           ones are each item's */
    int nsubject;                       /* subject NAME: EXPR, ... */
    const char **subject_names;
    PolExpr **subject_values;
    PolSpan *subject_spans;             /* each NAME */
    int nsubject_clauses, nsubject_first;
    PolSpan subject_span;               /* the `subject` clause */
    /* checker */
    const PolEnum *enumeration;
    PolRecord *record;
    int index;                          /* within its kind */
    bool checking, checked;             /* DEFINE/PARAM: cycle detection */
    bool has_amount;                    /* MEASURE: an `amount` clause was given */
    int nlocals;                        /* DEFINE, MEASURE: local slots the checker allotted */
    int item_slot;                      /* per-item MEASURE: the locals of its loop (list, index + 1,
                                           position, the item) */
};

typedef struct PolDeclList { int count, cap; PolDecl **items; } PolDeclList;

/* New nodes on the GC heap: an expression with no referent yet
 * (ref_index -1), a declaration with nothing but its kind and span. */
PolExpr *pol_expr_new(PolExprKind kind, PolSpan span);
PolDecl *pol_decl_new(PolDeclKind kind, PolSpan span);
void pol_expr_list_push(PolExprList *l, PolExpr *e);
void pol_decl_list_push(PolDeclList *l, PolDecl *d);
/* What the parser appends to the declaration whose clauses it reads. */
void pol_decl_add_enum_value(PolDecl *d, const char *name, PolSpan span);
PolMemberDecl *pol_decl_add_member(PolDecl *d, const char *name, PolSpan span, PolTypeExpr type, PolPresence presence);
void pol_decl_add_rule(PolDecl *d, PolRuleKind kind, const char *label, PolSpan span, const char *target,
                       PolSpan target_span, PolExpr *cond, PolExpr *value);
void pol_decl_add_cond(PolDecl *d, PolExpr *cond);
/* A condition that holds only on the days of range (has: a dated one). */
void pol_decl_add_dated_cond(PolDecl *d, PolExpr *cond, PolRange range);
void pol_decl_add_cap(PolDecl *d, PolExpr *cap, bool if_present, PolSpan span);
/* The last ceiling added counts only on the days of range. */
void pol_decl_date_last_cap(PolDecl *d, PolRange range);
/* The last rule added applies only on the days of range, and cites cite. */
void pol_decl_date_last_rule(PolDecl *d, PolRange range, PolCite cite);
/* A step appended to a list of steps. */
void pol_step_list_push(PolStepList *l, PolStepDecl step);
void pol_decl_add_responsible(PolDecl *d, const char *unit);
void pol_decl_add_bracket(PolDecl *d, PolSpan span, PolExpr *bound, PolExpr *rate, PolExpr *deduction);
void pol_decl_add_subject(PolDecl *d, const char *name, PolSpan span, PolExpr *value);
/* The lines a declaration covers: its head's span extended to the end of
 * its last clause, rule, member or value (its own span is its head). */
PolSpan pol_decl_extent(const PolDecl *d);

#endif
