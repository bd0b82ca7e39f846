/*
 * check.h — resolving names and checking types. The result is a checked
 * policy: every expression has a type and every name its referent, ready
 * for the compiler.
 */
#ifndef POL_CHECK_H
#define POL_CHECK_H

#include "ast.h"
#include "diag.h"

typedef struct PolChecked {
    PolDecl *policy;                /* the header */
    const PolRecord *facts;         /* the facts schema */
    int id_member, date_member;     /* facts members, -1 when not declared */
    int32_t force_from, force_last; /* first and last day in force */
    PolDeclList params, defines, measures;   /* in source order; decl->index is the position */
    int nenums; const PolEnum **enums;
    int nrecords; const PolRecord **records;
    PolDeclList scales;             /* in source order; decl->index is the position */
} PolChecked;

/* Checks the declarations (pol_load's): resolves names, types every
 * expression, rejects cycles. Reports to ds; returns the checked policy,
 * or NULL when there were errors. The declarations are annotated in place
 * (a tree is checked once); nothing else is kept between calls, so any
 * number of policies may be checked, one after another or at once. */
PolChecked *pol_check(PolDeclList decls, PolDiags *ds);

#endif
