/*
 * types.c — construction, comparison and naming of types.
 */
#include <gc.h>
#include <stdio.h>
#include <string.h>
#include "types.h"

const PolType pol_type_error = {POL_T_ERROR, NULL, NULL, NULL};
const PolType pol_type_bool = {POL_T_BOOL, NULL, NULL, NULL};
const PolType pol_type_int = {POL_T_INT, NULL, NULL, NULL};
const PolType pol_type_dec = {POL_T_DEC, NULL, NULL, NULL};
const PolType pol_type_money = {POL_T_MONEY, NULL, NULL, NULL};
const PolType pol_type_umoney = {POL_T_UMONEY, NULL, NULL, NULL};
const PolType pol_type_date = {POL_T_DATE, NULL, NULL, NULL};
const PolType pol_type_dur = {POL_T_DUR, NULL, NULL, NULL};
const PolType pol_type_text = {POL_T_TEXT, NULL, NULL, NULL};

static PolType *type_new(PolTypeKind kind)
{
    PolType *t = GC_MALLOC(sizeof *t);
    t->kind = kind;
    return t;
}

const PolType *pol_type_enum(const PolEnum *e)
{
    PolType *t = type_new(POL_T_ENUM);
    t->enumeration = e;
    return t;
}

const PolType *pol_type_record(const PolRecord *r)
{
    PolType *t = type_new(POL_T_RECORD);
    t->record = r;
    return t;
}

const PolType *pol_type_list(const PolType *elem)
{
    PolType *t = type_new(POL_T_LIST);
    t->inner = elem;
    return t;
}

const PolType *pol_type_opt(const PolType *inner)
{
    if (inner->kind == POL_T_OPT || inner->kind == POL_T_ERROR)
        return inner;
    PolType *t = type_new(POL_T_OPT);
    t->inner = inner;
    return t;
}

bool pol_type_equal(const PolType *a, const PolType *b)
{
    if (a->kind != b->kind)
        return false;
    switch (a->kind) {
    case POL_T_ENUM: return a->enumeration == b->enumeration;
    case POL_T_RECORD: return a->record == b->record;
    case POL_T_LIST:
    case POL_T_OPT: return pol_type_equal(a->inner, b->inner);
    default: return true;
    }
}

const char *pol_type_name(const PolType *t)
{
    char buf[256];
    switch (t->kind) {
    case POL_T_ERROR: return "an erroneous value";
    case POL_T_BOOL: return "bool";
    case POL_T_INT: return "integer";
    case POL_T_DEC: return "decimal";
    case POL_T_MONEY: return "money";
    case POL_T_UMONEY: return "unrounded money";
    case POL_T_DATE: return "date";
    case POL_T_DUR: return "duration";
    case POL_T_TEXT: return "text";
    case POL_T_ENUM: return t->enumeration->name;
    case POL_T_RECORD: return t->record->name;
    case POL_T_LIST: snprintf(buf, sizeof buf, "list of %s", pol_type_name(t->inner)); break;
    case POL_T_OPT: snprintf(buf, sizeof buf, "optional %s", pol_type_name(t->inner)); break;
    }
    return GC_STRDUP(buf);
}

int pol_record_find(const PolRecord *r, const char *name)
{
    for (int i = 0; i < r->count; i++)
        if (strcmp(r->members[i].name, name) == 0)
            return i;
    return -1;
}

int pol_enum_find(const PolEnum *e, const char *name)
{
    for (int i = 0; i < e->count; i++)
        if (strcmp(e->values[i], name) == 0)
            return i;
    return -1;
}
