/*
 * test_case_edit_edges.c — src/case_edit.c at its edges: expectations it
 * cannot rewrite (text that is not JSON in any of the ways a hand can
 * break it: NULL, the whole expectation then written afresh), comments
 * between the values of a case, values of another kind than the
 * decision's; the comparison of entitlements given as other than objects.
 */
#include <criterion/criterion.h>
#include <gc.h>
#include <string.h>
#include "case_edit.h"

static void setup(void) { GC_INIT(); }

#define T(name) Test(case_edit_edges, name, .init = setup)

static char *rewrite(const char *expect, const char *actual)
{
    size_t len = 0;
    char *got = pol_case_update_expect(expect, strlen(expect), actual, strlen(actual), &len);
    if (got)
        cr_assert_eq(len, strlen(got));
    return got;
}

#define DECISION "{\"id\": \"A\", \"entitlements\": [{\"measure\": \"a\", \"amount\": \"2.00\"}], \"total\": \"2.00\"}"

T(text_that_is_not_json_is_not_rewritten)
{
    static const char *const broken[] = {
        "",                                   /* nothing */
        "{\"total\": \"1.00\"",               /* the object not closed */
        "{\"total: \"1.00\"}",                /* a key's quote missing */
        "{\"tot",                             /* a key cut short */
        "{\"total\" \"1.00\"}",               /* no colon */
        "{total: \"1.00\"}",                  /* a key without quotes */
        "{\"total\": }",                      /* no value */
        "{\"total\": \"1.00\",}",             /* a comma before the end */
        "{\"a\\x\": 1}",                      /* a key jansson cannot decode */
        "[1, 2",                              /* a list not closed */
        "{\"total\": \"1.00\"} extra",        /* more after the value */
    };
    for (size_t i = 0; i < sizeof broken / sizeof *broken; i++)
        cr_assert_null(rewrite(broken[i], DECISION), "rewritten: `%s`", broken[i]);
}

T(nesting_past_64_levels_is_not_rewritten)
{
    char deep[200] = "{\"total\": ";
    size_t n = strlen(deep);
    for (int i = 0; i < 70; i++)
        deep[n++] = '[';
    for (int i = 0; i < 70; i++)
        deep[n++] = ']';
    deep[n++] = '}';
    deep[n] = '\0';
    cr_assert_null(rewrite(deep, DECISION));
}

T(comments_between_values_are_kept)
{
    char *got = rewrite("{\n# the total\n  \"total\": \"1.00\"\n# end\n}\n", DECISION);
    cr_assert_not_null(got);
    cr_assert_str_eq(got, "{\n# the total\n  \"total\": \"2.00\"\n# end\n}\n");
}

T(a_value_of_another_kind_is_replaced_whole)
{
    /* the case gives a list where the decision has text, and an object
     * where it has a list: each value written as the decision's */
    cr_assert_str_eq(rewrite("{\"total\": [1, 2], \"id\": \"A\"}", DECISION), "{\"total\": \"2.00\", \"id\": \"A\"}");
    cr_assert_str_eq(rewrite("{\"id\": {}}", DECISION), "{\"id\": \"A\"}");
    /* an empty object for the entitlements: the decision's written in */
    char *got = rewrite("{\"entitlements\": {}}", DECISION);
    cr_assert_not_null(got);
    cr_assert_not_null(strstr(got, "\"measure\": \"a\""), "%s", got);
}

T(entitlements_that_are_not_objects_compare_whole)
{
    json_t *want = json_loads("[1, {\"measure\": \"a\"}]", 0, NULL);
    json_t *got = json_loads("[1, {\"measure\": \"a\", \"amount\": \"2.00\"}]", 0, NULL);
    cr_assert(pol_case_member_matches("entitlements", want, got), "an item that is no object compares equal");
    json_t *other = json_loads("[2, {\"measure\": \"a\"}]", 0, NULL);
    cr_assert_not(pol_case_member_matches("entitlements", want, other));
    json_t *shorter = json_loads("[1]", 0, NULL);
    cr_assert_not(pol_case_member_matches("entitlements", want, shorter), "a list of another length");
    cr_assert_not(pol_case_member_matches("entitlements", want, NULL), "no member at all");
    cr_assert_null(pol_case_member_shown("entitlements", want, NULL));
    /* entitlements given as text (not a list) compare as values */
    json_t *text = json_string("none");
    cr_assert_not(pol_case_member_matches("entitlements", text, got));
    json_t *shown = pol_case_member_shown("entitlements", text, got);
    cr_assert(json_equal(shown, got), "shown whole");
    /* shown: an item the case does not give is shown whole, an item that
     * is no object as it is */
    json_t *more = json_loads("[1, {\"measure\": \"a\", \"amount\": \"2.00\"}, {\"measure\": \"b\"}]", 0, NULL);
    json_t *s = pol_case_member_shown("entitlements", want, more);
    char *dumped = json_dumps(s, JSON_COMPACT | JSON_PRESERVE_ORDER);
    cr_assert_str_eq(dumped, "[1,{\"measure\":\"a\"},{\"measure\":\"b\"}]");
    free(dumped);
}
