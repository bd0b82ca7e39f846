/*
 * test_case_edit.c — a case's expectation compared by the members it gives
 * and rewritten where its values stand (src/case_edit.c): the exact text
 * --update writes for each kind of change.
 */
#include <criterion/criterion.h>
#include <gc.h>
#include <string.h>
#include "case_edit.h"

static void setup(void) { GC_INIT(); }

#define T(name) Test(case_edit, name, .init = setup)

/* expect rewritten after actual: exactly want (NULL: not rewritable). */
static void rewrites(const char *expect, const char *actual, const char *want)
{
    size_t len = 0;
    char *got = pol_case_update_expect(expect, strlen(expect), actual, strlen(actual), &len);
    if (!want) {
        cr_assert_null(got, "rewritten, expected NULL: %s", got);
        return;
    }
    cr_assert_not_null(got, "not rewritten: %s", expect);
    cr_assert_eq(len, strlen(got));
    cr_assert_str_eq(got, want);
}

#define DECISION \
    "{\n  \"id\": \"A\",\n  \"entitlements\": [\n    {\n      \"measure\": \"a\",\n      \"amount\": \"2.00\",\n" \
    "      \"responsible\": [\"x\", \"y\"]\n    },\n    {\n      \"measure\": \"b\",\n      \"amount\": null,\n" \
    "      \"responsible\": [\"x\"]\n    }\n  ],\n  \"total\": \"2.00\"\n}\n"

T(values_in_place)
{
    rewrites("{\"total\":   \"1.00\" }\n", DECISION, "{\"total\":   \"2.00\" }\n");
    /* the same meaning, another spelling: left as written */
    rewrites("{\"entitlements\": [{\"measure\": \"a\", \"responsible\": [\"x\",\"y\"]}, {\"measure\": \"b\"}]}",
             DECISION, "{\"entitlements\": [{\"measure\": \"a\", \"responsible\": [\"x\",\"y\"]}, {\"measure\": \"b\"}]}");
}

T(nothing_added_but_entitlements)
{
    rewrites("{\"entitlements\": [{\"amount\": \"1.00\"}]}", DECISION,
             "{\"entitlements\": [{\"amount\": \"2.00\"}, {\"amount\": null}]}");
}

T(new_entitlements_over_several_lines)
{
    rewrites("{\n  \"entitlements\": [\n    {\n      \"measure\": \"a\",\n      \"responsible\": [\"x\"]\n    }\n  ]\n}",
             DECISION,
             "{\n  \"entitlements\": [\n    {\n      \"measure\": \"a\",\n      \"responsible\": [\"x\", \"y\"]\n    },\n"
             "    {\n      \"measure\": \"b\",\n      \"responsible\": [\"x\"]\n    }\n  ]\n}");
}

T(an_empty_list_gets_the_decision_s_entitlements)
{
    rewrites("{\n  \"entitlements\": []\n}", DECISION,
             "{\n  \"entitlements\": [\n    {\n      \"measure\": \"a\",\n      \"amount\": \"2.00\",\n"
             "      \"responsible\": [\"x\", \"y\"]\n    },\n    {\n      \"measure\": \"b\",\n      \"amount\": null,\n"
             "      \"responsible\": [\"x\"]\n    }\n  ]\n}");
}

T(what_the_decision_no_longer_has_goes)
{
    rewrites("{\"entitlements\": [{\"measure\": \"a\", \"source\": \"s\", \"amount\": \"2.00\"}, {\"measure\": \"b\"},"
             " {\"measure\": \"c\"}, {\"measure\": \"d\"}], \"explanation\": {}}",
             DECISION, "{\"entitlements\": [{\"measure\": \"a\", \"amount\": \"2.00\"}, {\"measure\": \"b\"}]}");
    rewrites("{\"entitlements\": [{\"measure\": \"a\"}], \"total\": \"2.00\"}",
             "{\"entitlements\": [], \"total\": \"0.00\"}", "{\"entitlements\": [], \"total\": \"0.00\"}");
    rewrites("{\"entitlements\": [{\"source\": \"s\"}]}", DECISION, "{\"entitlements\": [{}, {}]}");
}

T(comment_lines_are_kept)
{
    rewrites("{\n# the total\n  \"total\": \"1.00\"\n}\n# after\n", DECISION, "{\n# the total\n  \"total\": \"2.00\"\n}\n# after\n");
}

T(a_value_of_another_kind_is_written_whole)
{
    rewrites("{\"total\": [1,\n   2]}", DECISION, "{\"total\": \"2.00\"}");
    rewrites("{\"entitlements\": {\"measure\": \"a\"}}", "{\"entitlements\": [{\"measure\": \"a\"}]}",
             "{\"entitlements\": [{\"measure\": \"a\"}]}");
}

T(text_that_is_not_json)
{
    rewrites("{\"total\": \"1.00\",}", DECISION, NULL);
    rewrites("{\"total\": \"1.00\"", DECISION, NULL);
    rewrites("  # only a comment\n", DECISION, NULL);
}

T(entitlements_compared_by_the_members_given)
{
    json_t *got = json_loads(DECISION, 0, NULL);
    json_t *ents = json_object_get(got, "entitlements");
    json_t *want = json_loads("[{\"measure\": \"a\", \"amount\": \"2.00\"}, {\"measure\": \"b\"}]", 0, NULL);
    cr_assert(pol_case_member_matches("entitlements", want, ents));
    json_t *fewer = json_loads("[{\"measure\": \"a\"}]", 0, NULL);
    cr_assert(!pol_case_member_matches("entitlements", fewer, ents), "the list's length counts");
    json_t *order = json_loads("[{\"measure\": \"b\"}, {\"measure\": \"a\"}]", 0, NULL);
    cr_assert(!pol_case_member_matches("entitlements", order, ents), "the order counts");
    json_t *absent = json_loads("[{\"measure\": \"a\", \"source\": null}, {}]", 0, NULL);
    cr_assert(!pol_case_member_matches("entitlements", absent, ents), "a member the decision lacks fails");
    /* elsewhere, objects are compared whole */
    json_t *id = json_string("A");
    cr_assert(pol_case_member_matches("id", id, json_object_get(got, "id")));
    cr_assert(!pol_case_member_matches("total", id, json_object_get(got, "total")));
    cr_assert(!pol_case_member_matches("total", id, NULL));
    json_t *shown = pol_case_member_shown("entitlements", fewer, ents);
    char *s = json_dumps(shown, JSON_PRESERVE_ORDER | JSON_COMPACT);
    cr_assert_str_eq(s, "[{\"measure\":\"a\"},{\"measure\":\"b\",\"amount\":null,\"responsible\":[\"x\"]}]");
    free(s);
    json_decref(shown);
    json_decref(got);
    json_decref(want);
    json_decref(fewer);
    json_decref(order);
    json_decref(absent);
    json_decref(id);
}
