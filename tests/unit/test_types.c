/*
 * test_types.c — the types of the checker and the facts decoder: their
 * names in messages, optional of optional, and finding a member or an
 * enum value by name, below and above the size where names are hashed.
 */
#include <criterion/criterion.h>
#include <gc.h>
#include <string.h>
#include "text.h"
#include "types.h"

Test(types, every_kind_has_its_name)
{
    GC_INIT();
    static const char *values[] = {"large", "small"};
    PolEnum size = {"Size", 2, values, {0}, NULL, NULL};
    PolMember m = {.name = "n", .type = &pol_type_int};
    PolRecord claim = {"Claim", 1, &m, {0}, NULL, NULL};
    static const struct { const PolType *t; const char *name; } kinds[] = {
        {&pol_type_error, "an erroneous value"}, {&pol_type_bool, "bool"}, {&pol_type_int, "integer"},
        {&pol_type_dec, "decimal"}, {&pol_type_money, "money"}, {&pol_type_umoney, "unrounded money"},
        {&pol_type_date, "date"}, {&pol_type_dur, "duration"}, {&pol_type_text, "text"},
    };
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        cr_assert_str_eq(pol_type_name(kinds[i].t), kinds[i].name);
    cr_assert_str_eq(pol_type_name(pol_type_enum(&size)), "Size");
    cr_assert_str_eq(pol_type_name(pol_type_record(&claim)), "Claim");
    const PolType *list = pol_type_list(pol_type_opt(pol_type_record(&claim)));
    cr_assert_str_eq(pol_type_name(list), "list of optional Claim");
    cr_assert_str_eq(pol_type_name(pol_type_opt(list)), "optional list of optional Claim");
    /* optional of optional is optional; of an erroneous value, that value */
    const PolType *o = pol_type_opt(&pol_type_int);
    cr_assert_eq(pol_type_opt(o), o);
    cr_assert_eq(pol_type_opt(&pol_type_error), &pol_type_error);
    cr_assert(pol_type_equal(pol_type_opt(pol_type_enum(&size)), pol_type_opt(pol_type_enum(&size))));
    cr_assert(!pol_type_equal(pol_type_list(&pol_type_int), pol_type_list(&pol_type_dec)));
    cr_assert(!pol_type_equal(pol_type_record(&claim), pol_type_enum(&size)));
}

/* n members named m0 ... m(n-1), indexed as the checker indexes them. */
static PolRecord *record_of(int n)
{
    PolRecord *r = GC_MALLOC(sizeof *r);
    r->name = "R";
    r->count = n;
    r->members = GC_MALLOC((size_t)n * sizeof *r->members);
    for (int i = 0; i < n; i++) {
        r->members[i].name = pol_strdup_printf("m%d", i);
        r->members[i].type = &pol_type_int;
        r->members[i].value_type = &pol_type_int;
    }
    pol_record_index(r);
    return r;
}

static PolEnum *enum_of(int n)
{
    PolEnum *e = GC_MALLOC(sizeof *e);
    e->name = "E";
    e->count = n;
    const char **values = GC_MALLOC((size_t)n * sizeof *values);
    for (int i = 0; i < n; i++)
        values[i] = pol_strdup_printf("v%d", i);
    e->values = values;
    pol_enum_index(e);
    return e;
}

Test(types, names_found_looked_through_and_hashed)
{
    GC_INIT();
    /* 3 names are looked through, 40 hashed with keys for the decoder, 100 hashed without */
    static const int sizes[] = {3, 40, 100};
    for (size_t s = 0; s < 3; s++) {
        int n = sizes[s];
        PolRecord *r = record_of(n);
        PolEnum *e = enum_of(n);
        cr_assert_eq(r->index != NULL, n >= 32);
        cr_assert_eq(r->keys != NULL, n <= 64);
        cr_assert_eq(e->index != NULL, n >= 32);
        cr_assert_eq(e->keys != NULL, n <= 64);
        for (int i = 0; i < n; i++) {
            char *name = pol_strdup_printf("m%d", i), *value = pol_strdup_printf("v%d", i);
            cr_assert_eq(pol_record_find(r, name), i);
            cr_assert_eq(pol_enum_find_n(e, value, strlen(value)), i);
        }
        cr_assert_eq(pol_record_find(r, "m"), -1, "a prefix of a name");
        cr_assert_eq(pol_record_find_n(r, "m1x", 2), n > 1 ? 1 : -1, "the first len bytes");
        cr_assert_eq(pol_record_find_n(r, "", 0), -1, "the empty name");
        cr_assert_eq(pol_record_find_n(r, "m0\0", 3), -1, "a name with a NUL");
        cr_assert_eq(pol_enum_find_n(e, "v0\0", 3), -1, "a value with a NUL");
        cr_assert_eq(pol_enum_find_n(e, "v", 1), -1, "a prefix of a value");
        cr_assert_eq(pol_enum_find_n(e, "w0", 2), -1);
    }
}

Test(types, a_member_required_by_some_values_of_an_enum)
{
    static const int when[] = {1, 4, 6};
    PolMember m = {.name = "x", .type = &pol_type_int, .presence = POL_PRESENCE_REQUIRED_WHEN, .nwhen = 3,
                   .when_values = when};
    for (int v = -1; v <= 8; v++)
        cr_assert_eq(pol_member_required_by(&m, v), v == 1 || v == 4 || v == 6, "value %d", v);
    m.presence = POL_PRESENCE_OPTIONAL;
    cr_assert(!pol_member_required_by(&m, 4), "an optional member is required by no value");
}
