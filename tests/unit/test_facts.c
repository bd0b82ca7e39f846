/*
 * test_facts.c — the facts decoder against a hand-built schema with every
 * member type and presence kind: exact decoded values, and the exact path,
 * message and position of each class of error.
 */
#include <criterion/criterion.h>
#include <gc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "facts.h"
#include "jsonscan.h"
#include "parse.h"
#include "source.h"

/* ------------------------------------------------------------- the schema */

static const char *kind_words[] = {"enterprise", "service_org"};
static const char *tier_words[] = {"none", "srdi_sme", "little_giant_candidate", "little_giant"};
static const char *level_words[] = {"international", "national", "industry"};
static PolEnum kind_enum = {"Kind", 2, kind_words, {0}, NULL, NULL};
static PolEnum tier_enum = {"Tier", 4, tier_words, {0}, NULL, NULL};
static PolEnum level_enum = {"Level", 3, level_words, {0}, NULL, NULL};

/* Facts members, in schema order. */
enum {
    M_ID, M_NAME, M_KIND, M_IS_SME, M_TIER, M_FLAG, M_ACTIVITIES, M_YEAR, M_AMOUNT,
    M_RATE, M_AS_OF, M_SINCE, M_SUB, M_STANDARDS, M_TAGS, M_COUNT
};
enum { S_FIRST_ON, S_AWARD, S_PAID, S_COUNT };
enum { D_LEVEL, D_PUBLISHED_ON, D_COUNT };
enum { N_CHILD, N_ITEMS, N_COUNT };

static PolMember facts_members[M_COUNT], sub_members[S_COUNT], std_members[D_COUNT],
    node_members[N_COUNT];
static PolRecord facts_rec = {"Facts", M_COUNT, facts_members, {0}, NULL, NULL};
static PolRecord sub_rec = {"Sub", S_COUNT, sub_members, {0}, NULL, NULL};
static PolRecord std_rec = {"Standard", D_COUNT, std_members, {0}, NULL, NULL};
static PolRecord node_rec = {"Node", N_COUNT, node_members, {0}, NULL, NULL};

static void member(PolMember *m, const char *name, const PolType *t, PolPresence p)
{
    memset(m, 0, sizeof *m);
    m->name = name;
    m->type = t;
    m->value_type = p == POL_PRESENCE_REQUIRED ? t : pol_type_opt(t);
    m->presence = p;
}

static void setup(void)
{
    GC_INIT();
    const PolType *kind = pol_type_enum(&kind_enum), *tier = pol_type_enum(&tier_enum);

    member(&sub_members[S_FIRST_ON], "first_on", &pol_type_date, POL_PRESENCE_NULLABLE);
    member(&sub_members[S_AWARD], "award", &pol_type_bool, POL_PRESENCE_REQUIRED);
    member(&sub_members[S_PAID], "paid", &pol_type_money, POL_PRESENCE_OPTIONAL);

    member(&std_members[D_LEVEL], "level", pol_type_enum(&level_enum), POL_PRESENCE_REQUIRED);
    member(&std_members[D_PUBLISHED_ON], "published_on", &pol_type_date, POL_PRESENCE_REQUIRED);

    member(&facts_members[M_ID], "id", &pol_type_text, POL_PRESENCE_REQUIRED);
    member(&facts_members[M_NAME], "name", &pol_type_text, POL_PRESENCE_OPTIONAL);
    member(&facts_members[M_KIND], "kind", kind, POL_PRESENCE_REQUIRED);
    member(&facts_members[M_IS_SME], "is_sme", &pol_type_bool, POL_PRESENCE_REQUIRED_WHEN);
    static const int enterprise[] = {0};
    facts_members[M_IS_SME].when_member = M_KIND;
    facts_members[M_IS_SME].nwhen = 1;
    facts_members[M_IS_SME].when_values = enterprise;
    member(&facts_members[M_TIER], "tier", tier, POL_PRESENCE_REQUIRED_WHEN);
    facts_members[M_TIER].when_member = M_KIND;
    facts_members[M_TIER].nwhen = 1;
    facts_members[M_TIER].when_values = enterprise;
    member(&facts_members[M_FLAG], "flag", &pol_type_bool, POL_PRESENCE_REQUIRED);
    member(&facts_members[M_ACTIVITIES], "activities", &pol_type_int, POL_PRESENCE_OPTIONAL);
    facts_members[M_ACTIVITIES].has_min = true;
    facts_members[M_ACTIVITIES].min = 0;
    member(&facts_members[M_YEAR], "year", &pol_type_int, POL_PRESENCE_OPTIONAL);
    member(&facts_members[M_AMOUNT], "amount", &pol_type_money, POL_PRESENCE_OPTIONAL);
    member(&facts_members[M_RATE], "rate", &pol_type_dec, POL_PRESENCE_OPTIONAL);
    member(&facts_members[M_AS_OF], "as_of", &pol_type_date, POL_PRESENCE_OPTIONAL);
    member(&facts_members[M_SINCE], "since", &pol_type_date, POL_PRESENCE_NULLABLE);
    member(&facts_members[M_SUB], "sub", pol_type_record(&sub_rec), POL_PRESENCE_OPTIONAL);
    member(&facts_members[M_STANDARDS], "standards", pol_type_list(pol_type_record(&std_rec)),
           POL_PRESENCE_OPTIONAL);
    member(&facts_members[M_TAGS], "tags", pol_type_list(&pol_type_text), POL_PRESENCE_NULLABLE);

    /* recursive, for the depth limit */
    member(&node_members[N_CHILD], "child", pol_type_record(&node_rec), POL_PRESENCE_OPTIONAL);
    member(&node_members[N_ITEMS], "items", pol_type_list(pol_type_record(&node_rec)),
           POL_PRESENCE_OPTIONAL);
}

/* The same schema with the keys the checker gives a record and an enum
 * (types.h: the names as words, a perfect hash, presence as masks): every
 * test of the suite `facts` runs twice, as `facts` without them and as
 * `facts_keyed` with them, and must give the same answers. */
static void setup_keyed(void)
{
    setup();
    PolRecord *records[] = {&facts_rec, &sub_rec, &std_rec, &node_rec};
    for (size_t i = 0; i < sizeof records / sizeof *records; i++) {
        pol_record_index(records[i]);
        cr_assert_not_null(records[i]->keys);
        cr_assert_not_null(records[i]->keys->names.slot, "no perfect hash for %s", records[i]->name);
    }
    PolEnum *enums[] = {&kind_enum, &tier_enum, &level_enum};
    for (size_t i = 0; i < sizeof enums / sizeof *enums; i++) {
        pol_enum_index(enums[i]);
        cr_assert_not_null(enums[i]->keys);
        cr_assert_not_null(enums[i]->keys->slot, "no perfect hash for %s", enums[i]->name);
    }
}

#define T(name)                                          \
    static void name##_body(void);                       \
    Test(facts, name, .init = setup) { name##_body(); }  \
    Test(facts_keyed, name, .init = setup_keyed) { name##_body(); } \
    static void name##_body(void)

/* ---------------------------------------------------------------- helpers */

/* The smallest valid facts, service_org so that is_sme and tier may go. */
#define NO_TAGS "\"id\":\"A1\",\"kind\":\"service_org\",\"flag\":true,\"since\":null"
#define BASE NO_TAGS ",\"tags\":null"

static char *with(const char *extra)
{
    size_t n = strlen(BASE) + strlen(extra) + 8;
    char *s = GC_MALLOC_ATOMIC(n);
    snprintf(s, n, "{" BASE "%s%s}", *extra ? "," : "", extra);
    return s;
}

static PolValue decode_ok(const char *json)
{
    PolValue v;
    PolDiag e;
    bool ok = pol_facts_decode(&facts_rec, json, strlen(json), NULL, &v, &e, NULL);
    cr_assert(ok, "decode failed: %s: %s (%ld:%ld) for %.200s", e.path, e.message, e.line,
              e.column, json);
    cr_assert_eq(v.tag, POL_V_RECORD);
    cr_assert_eq(v.as.record->count, M_COUNT);
    return v;
}

static PolValue member_ok(const char *extra, int index)
{
    return decode_ok(with(extra)).as.record->members[index];
}

static PolDiag decode_err_n(const PolRecord *schema, const char *json, size_t len)
{
    PolValue v;
    PolDiag e;
    memset(&e, 0, sizeof e);
    bool ok = pol_facts_decode(schema, json, len, NULL, &v, &e, NULL);
    cr_assert(!ok, "decode succeeded, expected an error for %.200s", json);
    cr_assert_eq(v.tag, POL_V_ABSENT);
    return e;
}

static void expect_err_json(const char *json, const char *path, const char *message)
{
    PolDiag e = decode_err_n(&facts_rec, json, strlen(json));
    cr_assert_str_eq(e.path, path, "path for %.200s: %s", json, e.path);
    cr_assert_str_eq(e.message, message, "message for %.200s: %s", json, e.message);
}

static void expect_err(const char *extra, const char *path, const char *message)
{
    expect_err_json(with(extra), path, message);
}

static int32_t ymd(int y, int m, int d)
{
    int32_t days;
    cr_assert_eq(pol_date_from_ymd(y, m, d, &days), POL_NUM_OK);
    return days;
}

static void assert_text(PolValue v, const char *bytes, uint32_t len)
{
    cr_assert_eq(v.tag, POL_V_TEXT);
    cr_assert_eq(v.as.text->len, len);
    cr_assert_eq(memcmp(v.as.text->bytes, bytes, len), 0);
    cr_assert_eq(v.as.text->bytes[len], '\0');
}

/* ------------------------------------------------------------ good values */

T(minimal_facts_decode_with_absent_members_and_empty_lists)
{
    const PolRecordValue *r = decode_ok(with("")).as.record;
    assert_text(r->members[M_ID], "A1", 2);
    cr_assert_eq(r->members[M_KIND].tag, POL_V_ENUM);
    cr_assert_eq(r->members[M_KIND].as.enum_index, 1);
    cr_assert_eq(r->members[M_FLAG].tag, POL_V_BOOL);
    cr_assert_eq(r->members[M_FLAG].as.b, true);
    int absent[] = {M_NAME, M_IS_SME, M_TIER, M_ACTIVITIES, M_YEAR, M_AMOUNT, M_RATE,
                    M_AS_OF, M_SINCE, M_SUB};
    for (size_t i = 0; i < sizeof absent / sizeof *absent; i++)
        cr_assert_eq(r->members[absent[i]].tag, POL_V_ABSENT, "member %d", absent[i]);
    /* absent optional list and null nullable list: empty lists */
    cr_assert_eq(r->members[M_STANDARDS].tag, POL_V_LIST);
    cr_assert_eq(r->members[M_STANDARDS].as.list->count, 0);
    cr_assert_eq(r->members[M_TAGS].tag, POL_V_LIST);
    cr_assert_eq(r->members[M_TAGS].as.list->count, 0);
}

T(every_member_type_decodes_exactly_in_schema_order)
{
    const char *good =
        "{ \"standards\": [{\"published_on\": \"2025-03-01\", \"level\": \"national\"},\n"
        "                 {\"level\": \"industry\", \"published_on\": \"2024-02-29\"}],\n"
        "  \"tags\": [\"a\", \"b\"], \"since\": \"2020-01-31\", \"as_of\": \"2025-06-30\",\n"
        "  \"rate\": 0.3, \"amount\": 123456.78, \"year\": -5, \"activities\": 3,\n"
        "  \"flag\": false, \"tier\": \"little_giant\", \"is_sme\": true,\n"
        "  \"kind\": \"enterprise\", \"name\": \"\xE5\xBC\xA0\xE4\xB8\x89\", \"id\": \"91430100MA4L000001\",\n"
        "  \"sub\": {\"paid\": \"500000\", \"award\": true, \"first_on\": \"2025-03-01\"} }";
    const PolRecordValue *r = decode_ok(good).as.record;
    assert_text(r->members[M_ID], "91430100MA4L000001", 18);
    assert_text(r->members[M_NAME], "\xE5\xBC\xA0\xE4\xB8\x89", 6);
    cr_assert_eq(r->members[M_KIND].as.enum_index, 0);
    cr_assert_eq(r->members[M_IS_SME].tag, POL_V_BOOL);
    cr_assert_eq(r->members[M_IS_SME].as.b, true);
    cr_assert_eq(r->members[M_TIER].tag, POL_V_ENUM);
    cr_assert_eq(r->members[M_TIER].as.enum_index, 3);
    cr_assert_eq(r->members[M_FLAG].as.b, false);
    cr_assert_eq(r->members[M_ACTIVITIES].tag, POL_V_INT);
    cr_assert_eq(r->members[M_ACTIVITIES].as.i, 3);
    cr_assert_eq(r->members[M_YEAR].as.i, -5);
    cr_assert_eq(r->members[M_AMOUNT].tag, POL_V_MONEY);
    cr_assert_eq(r->members[M_AMOUNT].as.fen, INT64_C(12345678));
    cr_assert_eq(r->members[M_RATE].tag, POL_V_DEC);
    cr_assert_eq(r->members[M_RATE].as.dec.num, 3);
    cr_assert_eq(r->members[M_RATE].as.dec.den, 10);
    cr_assert_eq(r->members[M_AS_OF].tag, POL_V_DATE);
    cr_assert_eq(r->members[M_AS_OF].as.date, ymd(2025, 6, 30));
    cr_assert_eq(r->members[M_SINCE].as.date, ymd(2020, 1, 31));

    const PolRecordValue *sub = r->members[M_SUB].as.record;
    cr_assert_eq(r->members[M_SUB].tag, POL_V_RECORD);
    cr_assert_eq(sub->count, S_COUNT);
    cr_assert_eq(sub->members[S_FIRST_ON].as.date, ymd(2025, 3, 1));
    cr_assert_eq(sub->members[S_AWARD].as.b, true);
    cr_assert_eq(sub->members[S_PAID].as.fen, INT64_C(50000000));

    const PolListValue *stds = r->members[M_STANDARDS].as.list;
    cr_assert_eq(stds->count, 2);
    const PolRecordValue *s0 = stds->items[0].as.record, *s1 = stds->items[1].as.record;
    cr_assert_eq(s0->members[D_LEVEL].as.enum_index, 1);
    cr_assert_eq(s0->members[D_PUBLISHED_ON].as.date, ymd(2025, 3, 1));
    cr_assert_eq(s1->members[D_LEVEL].as.enum_index, 2);
    cr_assert_eq(s1->members[D_PUBLISHED_ON].as.date, ymd(2024, 2, 29));

    const PolListValue *tags = r->members[M_TAGS].as.list;
    cr_assert_eq(tags->count, 2);
    assert_text(tags->items[0], "a", 1);
    assert_text(tags->items[1], "b", 1);
}

T(long_lists_keep_every_item_in_order)
{
    char extra[4096] = "\"standards\":[";
    for (int i = 0; i < 37; i++)
        snprintf(extra + strlen(extra), sizeof extra - strlen(extra),
                 "%s{\"level\":\"%s\",\"published_on\":\"2025-01-%02d\"}", i ? "," : "",
                 level_words[i % 3], i % 28 + 1);
    strcat(extra, "]");
    const PolListValue *l = member_ok(extra, M_STANDARDS).as.list;
    cr_assert_eq(l->count, 37);
    for (int i = 0; i < 37; i++) {
        const PolRecordValue *s = l->items[i].as.record;
        cr_assert_eq(s->members[D_LEVEL].as.enum_index, i % 3);
        cr_assert_eq(s->members[D_PUBLISHED_ON].as.date, ymd(2025, 1, i % 28 + 1));
    }
}

T(input_need_not_be_nul_terminated)
{
    const char *json = "{" BASE "}garbage that is not part of the text";
    PolValue v;
    PolDiag e;
    cr_assert(pol_facts_decode(&facts_rec, json, strlen("{" BASE "}"), NULL, &v, &e, NULL));
    /* and a cut inside the object is an error at the end of the text */
    PolDiag e2 = decode_err_n(&facts_rec, json, 10);
    cr_assert_str_eq(e2.path, "$");
    cr_assert_str_eq(e2.message, "expected \",\" or \"}\", got the end of the text");
    cr_assert_eq(e2.column, 11);
}

/* The token an error quotes is copied by its length: with the text in a
 * buffer of exactly its size and no NUL after it (as a batch block or a
 * request body may be), nothing is read past its end (make sanitize). */
T(quoted_token_at_the_end_of_an_unterminated_buffer)
{
    static const char *const texts[] = {"\"yes\"", "{\"is_sme\":\"yes\"}", "{\"year\":2025.5}"};
    static const char *const messages[] = {"expected an object (the applicant's facts), got \"yes\"", "expected bool, got \"yes\"",
                                           "expected an integer, got 2025.5"};
    for (int i = 0; i < 3; i++) {
        size_t n = strlen(texts[i]);
        char *exact = malloc(n);
        cr_assert(exact);
        memcpy(exact, texts[i], n);
        PolDiag e = decode_err_n(&facts_rec, exact, n);
        cr_assert_str_eq(e.message, messages[i], "for %s", texts[i]);
        free(exact);
    }
}

/* ------------------------------------------------------------------- keys */

T(unknown_key_is_an_error_with_a_suggestion)
{
    expect_err("\"nmae\":\"x\"", "$.nmae", "unknown key \"nmae\"; did you mean \"name\"?");
    expect_err("\"Tier\":\"none\"", "$.Tier", "unknown key \"Tier\"; did you mean \"tier\"?");
    expect_err("\"zzz\":1", "$.zzz", "unknown key \"zzz\"");
    expect_err("\"x\":1", "$.x", "unknown key \"x\"");
    expect_err("\"ab\\u0000cdef\":1", "$[\"ab\\u0000cdef\"]", "unknown key \"ab\\u0000cdef\"");
    expect_err("\"weird key\":1", "$[\"weird key\"]", "unknown key \"weird key\"");
    expect_err("\"q\\\"\":1", "$[\"q\\\"\"]", "unknown key \"q\\\"\"");
}

T(unknown_key_in_nested_object_and_list_item)
{
    expect_err("\"sub\":{\"award\":true,\"first_on\":null,\"bogus\":1}", "$.sub.bogus",
               "unknown key \"bogus\"");
    expect_err("\"standards\":[{\"level\":\"national\",\"published_on\":\"2025-03-01\"},"
               "{\"lvl\":\"national\"}]",
               "$.standards[1].lvl", "unknown key \"lvl\"; did you mean \"level\"?");
}

T(unknown_key_position_is_the_key)
{
    PolDiag e = decode_err_n(&facts_rec, "{\n  \"id\": \"A\",\n  \"oops\": 1}", 27);
    cr_assert_eq(e.line, 3);
    cr_assert_eq(e.column, 3);
    /* columns count characters, not bytes */
    const char *json = "{\"name\":\"\xE5\xBC\xA0\xE4\xB8\x89\",\"zz\":1}";
    e = decode_err_n(&facts_rec, json, strlen(json));
    cr_assert_eq(e.line, 1);
    cr_assert_eq(e.column, 14);
}

T(repeated_key_is_an_error)
{
    expect_err("\"flag\":false", "$.flag", "key \"flag\" given twice");
    expect_err("\"sub\":{\"award\":true,\"first_on\":null,\"award\":false}", "$.sub.award",
               "key \"award\" given twice");
    /* the same key spelled with an escape is still the same key */
    expect_err("\"fl\\u0061g\":true", "$.flag", "key \"flag\" given twice");
}

/* The decoder first tries the member after the last key's (registers keep
 * the schema's order); a key out of order, repeated, or a prefix or an
 * extension of the member it tries is found or refused as any other. */
T(keys_in_and_out_of_schema_order)
{
    PolValue in = decode_ok("{\"id\":\"A1\",\"name\":\"n\",\"kind\":\"service_org\",\"flag\":true,\"since\":null,\"tags\":null}");
    PolValue out = decode_ok("{\"tags\":null,\"since\":null,\"flag\":true,\"kind\":\"service_org\",\"name\":\"n\",\"id\":\"A1\"}");
    for (int i = 0; i < M_COUNT; i++)
        cr_assert_eq(in.as.record->members[i].tag, out.as.record->members[i].tag, "member %d", i);
    assert_text(out.as.record->members[M_NAME], "n", 1);
    expect_err_json("{\"name\":\"x\",\"id\":\"A1\",\"name\":\"y\"}", "$.name", "key \"name\" given twice");
    expect_err_json("{\"id\":\"A1\",\"nam\":\"x\"}", "$.nam", "unknown key \"nam\"; did you mean \"name\"?");
    expect_err_json("{\"id\":\"A1\",\"names\":\"x\"}", "$.names", "unknown key \"names\"; did you mean \"name\"?");
    expect_err_json("{\"id\":\"A1\",\"\":1}", "$[\"\"]", "unknown key \"\"");
}

T(escaped_key_matches_its_member)
{
    assert_text(member_ok("\"n\\u0061me\":\"x\"", M_NAME), "x", 1);
}

/* A schema of many members is looked up through its index (types.h): the
 * keys decode as they do by looking through the members. */
T(keys_of_an_indexed_schema)
{
    enum { N = 40 };
    static PolMember members[N];
    static char names[N][16];
    static PolRecord rec = {"Facts", N, members, {0}, NULL, NULL};
    for (int i = 0; i < N; i++) {
        snprintf(names[i], sizeof names[i], "m%d", i);
        member(&members[i], names[i], &pol_type_int, POL_PRESENCE_OPTIONAL);
    }
    member(&members[7], "name", &pol_type_text, POL_PRESENCE_OPTIONAL);
    pol_record_index(&rec);
    cr_assert_not_null(rec.index, "40 members are indexed");
    cr_assert_null(facts_rec.index, "15 are not");
    PolValue v;
    PolDiag e;
    const char *json = "{\"m39\": 39, \"n\\u0061me\": \"x\", \"m0\": 0}";
    cr_assert(pol_facts_decode(&rec, json, strlen(json), NULL, &v, &e, NULL), "%s: %s", e.path, e.message);
    cr_assert_eq(v.as.record->members[39].as.i, 39);
    cr_assert_eq(v.as.record->members[0].tag, POL_V_INT);
    assert_text(v.as.record->members[7], "x", 1);
    cr_assert_eq(v.as.record->members[1].tag, POL_V_ABSENT);
    const struct { const char *json, *path, *message; } bad[] = {
        {"{\"nmae\": \"x\"}", "$.nmae", "unknown key \"nmae\"; did you mean \"name\"?"},
        {"{\"m4\\u0000\": 1}", "$[\"m4\\u0000\"]", "unknown key \"m4\\u0000\"; did you mean \"m4\"?"},
        {"{\"m40\": 1}", "$.m40", "unknown key \"m40\"; did you mean \"m0\"?"},
        {"{\"m3\": 1, \"m3\": 2}", "$.m3", "key \"m3\" given twice"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        PolDiag d = decode_err_n(&rec, bad[i].json, strlen(bad[i].json));
        cr_assert_str_eq(d.path, bad[i].path);
        cr_assert_str_eq(d.message, bad[i].message);
    }
    cr_assert_eq(pol_record_find(&rec, "m12"), 12);
    cr_assert_eq(pol_record_find_n(&rec, "m12X", 3), 12);
    cr_assert_eq(pol_record_find(&rec, "m"), -1);
}

/* An enum of many words is looked up through its index too. */
T(words_of_an_indexed_enum)
{
    static const char *words[40];
    static char spelled[40][16];
    for (int i = 0; i < 40; i++) {
        snprintf(spelled[i], sizeof spelled[i], "w%d", i);
        words[i] = spelled[i];
    }
    static PolEnum big = {"Big", 40, words, {0}, NULL, NULL};
    pol_enum_index(&big);
    cr_assert_not_null(big.index);
    static PolMember members[1];
    static PolRecord rec = {"Facts", 1, members, {0}, NULL, NULL};
    member(&members[0], "w", pol_type_enum(&big), POL_PRESENCE_REQUIRED);
    PolValue v;
    PolDiag e;
    const char *w17 = "{\"w\":\"w17\"}", *w20 = "{\"w\":\"w40\"}", *nul = "{\"w\":\"w1\\u0000\"}";
    cr_assert(pol_facts_decode(&rec, w17, strlen(w17), NULL, &v, &e, NULL));
    cr_assert_eq(v.as.record->members[0].as.enum_index, 17);
    cr_assert(!pol_facts_decode(&rec, w20, strlen(w20), NULL, &v, &e, NULL));
    cr_assert_str_eq(e.path, "$.w");
    cr_assert(!pol_facts_decode(&rec, nul, strlen(nul), NULL, &v, &e, NULL), "a NUL is no word");
    cr_assert_eq(pol_enum_find(&big, "w3"), 3);
    cr_assert_eq(pol_enum_find(&big, "w"), -1);
}

/* --------------------------------------------------------------- presence */

T(missing_required_and_nullable_keys)
{
    expect_err_json("{\"id\":\"A1\",\"kind\":\"service_org\",\"since\":null,\"tags\":null}", "$.flag",
                    "missing required key \"flag\"");
    expect_err_json("{\"id\":\"A1\",\"kind\":\"service_org\",\"flag\":true,\"tags\":null}", "$.since",
                    "missing required key \"since\"");
    expect_err_json("{\"id\":\"A1\",\"kind\":\"service_org\",\"flag\":true,\"since\":null}", "$.tags",
                    "missing required key \"tags\"");
    expect_err_json("{}", "$.id", "missing required key \"id\"");
    expect_err("\"sub\":{\"first_on\":null}", "$.sub.award", "missing required key \"award\"");
    expect_err("\"sub\":{\"award\":true}", "$.sub.first_on", "missing required key \"first_on\"");
}

T(missing_key_position_is_the_closing_brace)
{
    const char *json = "{\"id\":\"A1\",\n\"kind\":\"service_org\",\"since\":null,\"tags\":null\n}";
    PolDiag e = decode_err_n(&facts_rec, json, strlen(json));
    cr_assert_eq(e.line, 3);
    cr_assert_eq(e.column, 1);
}

T(required_when_follows_the_sibling_enum)
{
#define ENT(more) "{\"id\":\"A1\",\"kind\":\"enterprise\",\"flag\":true,\"since\":null,\"tags\":null" more "}"
    expect_err_json(ENT(""), "$.is_sme", "missing key \"is_sme\", required when kind is \"enterprise\"");
    expect_err_json(ENT(",\"is_sme\":false"), "$.tier",
                    "missing key \"tier\", required when kind is \"enterprise\"");
    expect_err_json(ENT(",\"is_sme\":false,\"tier\":null"), "$.tier",
                    "key \"tier\" is null, but it is required when kind is \"enterprise\"");
    const char *json = ENT(",\"is_sme\":false,\"tier\":\"none\"");
#undef ENT
    const PolRecordValue *r = decode_ok(json).as.record;
    cr_assert_eq(r->members[M_IS_SME].as.b, false);
    cr_assert_eq(r->members[M_TIER].as.enum_index, 0);
    /* kind given after the members it governs */
    r = decode_ok("{\"tier\":\"srdi_sme\",\"is_sme\":true,\"id\":\"A1\",\"flag\":true,\"since\":null,"
                  "\"tags\":null,\"kind\":\"enterprise\"}").as.record;
    cr_assert_eq(r->members[M_TIER].as.enum_index, 1);
    expect_err_json("{\"is_sme\":true,\"id\":\"A1\",\"flag\":true,\"since\":null,\"tags\":null,"
                    "\"kind\":\"enterprise\"}",
                    "$.tier", "missing key \"tier\", required when kind is \"enterprise\"");
}

T(required_when_members_are_optional_otherwise)
{
    const PolRecordValue *r = decode_ok(with("\"tier\":null,\"is_sme\":null")).as.record;
    cr_assert_eq(r->members[M_TIER].tag, POL_V_ABSENT);
    cr_assert_eq(r->members[M_IS_SME].tag, POL_V_ABSENT);
    cr_assert_eq(member_ok("\"tier\":\"none\"", M_TIER).as.enum_index, 0);
    /* with kind missing, the kind itself is what is reported */
    expect_err_json("{\"id\":\"A1\",\"flag\":true,\"since\":null,\"tags\":null}", "$.kind",
                    "missing required key \"kind\"");
}

T(null_for_each_presence)
{
    /* required: an error, worded for the type */
    expect_err_json("{\"id\":\"A1\",\"kind\":\"service_org\",\"flag\":null,\"since\":null,\"tags\":null}",
                    "$.flag", "expected bool, got null");
    expect_err_json("{\"id\":null}", "$.id", "expected text, got null");
    expect_err_json("{\"kind\":null}", "$.kind",
                    "expected one of \"enterprise\", \"service_org\"; got null");
    expect_err("\"sub\":{\"award\":true,\"first_on\":null},\"standards\":[null]", "$.standards[0]",
               "expected an object, got null");
    /* nullable: absent value */
    cr_assert_eq(member_ok("", M_SINCE).tag, POL_V_ABSENT);
    cr_assert_eq(decode_ok("{\"id\":\"A1\",\"kind\":\"service_org\",\"flag\":true,\"since\":\"2025-01-02\","
                           "\"tags\":null}").as.record->members[M_SINCE].as.date,
                 ymd(2025, 1, 2));
    /* optional: null is absent, a null list is empty */
    cr_assert_eq(member_ok("\"amount\":null", M_AMOUNT).tag, POL_V_ABSENT);
    cr_assert_eq(member_ok("\"sub\":null", M_SUB).tag, POL_V_ABSENT);
    PolValue l = member_ok("\"standards\":null", M_STANDARDS);
    cr_assert_eq(l.tag, POL_V_LIST);
    cr_assert_eq(l.as.list->count, 0);
    cr_assert_eq(member_ok("\"sub\":{\"award\":true,\"first_on\":null,\"paid\":null}", M_SUB)
                     .as.record->members[S_PAID].tag,
                 POL_V_ABSENT);
}

/* ------------------------------------------------------------ wrong types */

T(wrong_json_kind_for_each_type)
{
    expect_err("\"is_sme\":\"yes\"", "$.is_sme", "expected bool, got \"yes\"");
    expect_err("\"is_sme\":1", "$.is_sme", "expected bool, got 1");
    expect_err("\"is_sme\":True", "$.is_sme", "expected bool, got True");
    expect_err("\"year\":\"2025\"", "$.year", "expected an integer, got \"2025\"");
    expect_err("\"year\":false", "$.year", "expected an integer, got false");
    expect_err("\"amount\":true", "$.amount", "expected money, got true");
    expect_err("\"amount\":[1]", "$.amount", "expected money, got an array");
    expect_err("\"rate\":true", "$.rate", "expected a decimal, got true");
    expect_err("\"as_of\":20250101", "$.as_of", "expected a date YYYY-MM-DD, got 20250101");
    expect_err("\"name\":5", "$.name", "expected text, got 5");
    expect_err("\"name\":{}", "$.name", "expected text, got an object");
    expect_err("\"tier\":3", "$.tier",
               "expected one of \"none\", \"srdi_sme\", \"little_giant_candidate\", "
               "\"little_giant\"; got 3");
    expect_err("\"sub\":[]", "$.sub", "expected an object, got an array");
    expect_err("\"sub\":\"x\"", "$.sub", "expected an object, got \"x\"");
    expect_err("\"standards\":{}", "$.standards", "expected a list, got an object");
    expect_err_json("{" NO_TAGS ",\"tags\":[\"a\",5]}", "$.tags[1]", "expected text, got 5");
}

T(wrong_type_position_is_the_value)
{
    const char *json = "{\"id\":\"A1\",\n  \"flag\": \"yes\"}";
    PolDiag e = decode_err_n(&facts_rec, json, strlen(json));
    cr_assert_eq(e.line, 2);
    cr_assert_eq(e.column, 11);
}

/* ------------------------------------------------------------------ money */

T(money_as_number_or_string_is_exact)
{
    cr_assert_eq(member_ok("\"amount\":123456.78", M_AMOUNT).as.fen, INT64_C(12345678));
    cr_assert_eq(member_ok("\"amount\":\"123456.78\"", M_AMOUNT).as.fen, INT64_C(12345678));
    cr_assert_eq(member_ok("\"amount\":500000", M_AMOUNT).as.fen, INT64_C(50000000));
    cr_assert_eq(member_ok("\"amount\":0.5", M_AMOUNT).as.fen, INT64_C(50));
    cr_assert_eq(member_ok("\"amount\":\"0.05\"", M_AMOUNT).as.fen, INT64_C(5));
    cr_assert_eq(member_ok("\"amount\":0", M_AMOUNT).as.fen, INT64_C(0));
    cr_assert_eq(member_ok("\"amount\":\"0.00\"", M_AMOUNT).as.fen, INT64_C(0));
    /* values a double would get wrong */
    cr_assert_eq(member_ok("\"amount\":4.35", M_AMOUNT).as.fen, INT64_C(435));
    cr_assert_eq(member_ok("\"amount\":1.15", M_AMOUNT).as.fen, INT64_C(115));
    cr_assert_eq(member_ok("\"amount\":123456789012345.67", M_AMOUNT).as.fen,
                 INT64_C(12345678901234567));
    /* escaped digits are still digits */
    cr_assert_eq(member_ok("\"amount\":\"\\u0031\\u0030\"", M_AMOUNT).as.fen, INT64_C(1000));
}

T(money_bound_is_inclusive)
{
    cr_assert_eq(member_ok("\"amount\":999999999999999.99", M_AMOUNT).as.fen, POL_MONEY_FACT_MAX);
    cr_assert_eq(member_ok("\"amount\":\"999999999999999.99\"", M_AMOUNT).as.fen, POL_MONEY_FACT_MAX);
    expect_err("\"amount\":1000000000000000", "$.amount",
               "amount 1000000000000000.00 is over the maximum 999999999999999.99");
    expect_err("\"amount\":\"1000000000000000.5\"", "$.amount",
               "amount 1000000000000000.50 is over the maximum 999999999999999.99");
    expect_err("\"amount\":123456789012345678901234567890", "$.amount",
               "amount 123456789012345678901234567890.00 is over the maximum 999999999999999.99");
}

T(money_malformed_forms)
{
#define BAD(json, got) \
    expect_err("\"amount\":" json, "$.amount", "expected money (yuan, at most two decimals), got " got)
    BAD("12.345", "12.345");
    BAD("\"12.345\"", "\"12.345\"");
    BAD("1e5", "1e5");
    BAD("1E5", "1E5");
    BAD("\"00100\"", "\"00100\"");
    BAD("00100", "00100");
    BAD("\"\"", "\"\"");
    BAD("\" 100\"", "\" 100\"");
    BAD("\"100 \"", "\"100 \"");
    BAD("\"1.\"", "\"1.\"");
    BAD("1.", "1.");
    BAD(".5", ".5");
    BAD("+5", "+5");
    BAD("\"+5\"", "\"+5\"");
    BAD("\"1,000\"", "\"1,000\"");
    BAD("-0", "-0");
    BAD("\"-0.00\"", "\"-0.00\"");
#undef BAD
    expect_err("\"amount\":-5", "$.amount", "negative amount -5 is not allowed");
    expect_err("\"amount\":\"-5.50\"", "$.amount", "negative amount -5.50 is not allowed");
    expect_err("\"amount\":\"\xEF\xBC\x91\xEF\xBC\x90\xEF\xBC\x90\"", "$.amount",
               "expected money (yuan, at most two decimals), got \"\xEF\xBC\x91\xEF\xBC\x90\xEF\xBC\x90\": "
               "use ASCII digits 0-9");
    expect_err("\"sub\":{\"award\":true,\"first_on\":null,\"paid\":0.001}", "$.sub.paid",
               "expected money (yuan, at most two decimals), got 0.001");
}

/* --------------------------------------------------------------- integers */

T(integers)
{
    cr_assert_eq(member_ok("\"activities\":0", M_ACTIVITIES).as.i, 0);
    cr_assert_eq(member_ok("\"activities\":-0", M_ACTIVITIES).as.i, 0);
    cr_assert_eq(member_ok("\"year\":2025", M_YEAR).as.i, 2025);
    cr_assert_eq(member_ok("\"year\":9223372036854775807", M_YEAR).as.i, INT64_MAX);
    cr_assert_eq(member_ok("\"year\":-9223372036854775808", M_YEAR).as.i, INT64_MIN);
    expect_err("\"year\":9223372036854775808", "$.year", "integer 9223372036854775808 is out of range");
    expect_err("\"year\":-9223372036854775809", "$.year", "integer -9223372036854775809 is out of range");
    expect_err("\"year\":1.5", "$.year", "expected an integer, got 1.5");
    expect_err("\"year\":1.0", "$.year", "expected an integer, got 1.0");
    expect_err("\"year\":1e2", "$.year", "expected an integer, got 1e2");
    expect_err("\"year\":012", "$.year", "expected an integer, got 012");
    expect_err("\"activities\":-1", "$.activities", "expected an integer at least 0, got -1");
    expect_err("\"activities\":2.5", "$.activities", "expected an integer at least 0, got 2.5");
}

/* --------------------------------------------------------------- decimals */

T(decimals_are_exact)
{
    PolDec d = member_ok("\"rate\":\"12.50\"", M_RATE).as.dec;
    cr_assert_eq(d.num, 25);
    cr_assert_eq(d.den, 2);
    d = member_ok("\"rate\":1e-2", M_RATE).as.dec;
    cr_assert_eq(d.num, 1);
    cr_assert_eq(d.den, 100);
    d = member_ok("\"rate\":-1.5", M_RATE).as.dec;
    cr_assert_eq(d.num, -3);
    cr_assert_eq(d.den, 2);
    d = member_ok("\"rate\":2.5E+3", M_RATE).as.dec;
    cr_assert_eq(d.num, 2500);
    cr_assert_eq(d.den, 1);
    d = member_ok("\"rate\":0.000", M_RATE).as.dec;
    cr_assert_eq(d.num, 0);
    cr_assert_eq(d.den, 1);
    d = member_ok("\"rate\":0.30000000000000000000000", M_RATE).as.dec;
    cr_assert_eq(d.num, 3);
    cr_assert_eq(d.den, 10);
    expect_err("\"rate\":\"abc\"", "$.rate", "expected a decimal, got \"abc\"");
    expect_err("\"rate\":\"30%\"", "$.rate", "expected a decimal, got \"30%\"");
    expect_err("\"rate\":1e400", "$.rate", "decimal 1e400 is out of range");
}

/* ------------------------------------------------------------------ dates */

T(dates)
{
    cr_assert_eq(member_ok("\"as_of\":\"2024-02-29\"", M_AS_OF).as.date, ymd(2024, 2, 29));
    expect_err("\"as_of\":\"2025-13-01\"", "$.as_of", "expected a date YYYY-MM-DD, got \"2025-13-01\"");
    expect_err("\"as_of\":\"2025-02-29\"", "$.as_of", "expected a date YYYY-MM-DD, got \"2025-02-29\"");
    expect_err("\"as_of\":\"2025-3-1\"", "$.as_of", "expected a date YYYY-MM-DD, got \"2025-3-1\"");
    expect_err("\"as_of\":\"2025/03/01\"", "$.as_of", "expected a date YYYY-MM-DD, got \"2025/03/01\"");
    expect_err("\"as_of\":\"2025-03-01T00:00\"", "$.as_of",
               "expected a date YYYY-MM-DD, got \"2025-03-01T00:00\"");
    expect_err("\"as_of\":\"\"", "$.as_of", "expected a date YYYY-MM-DD, got \"\"");
    expect_err("\"standards\":[{\"level\":\"national\",\"published_on\":\"2025-04-31\"}]",
               "$.standards[0].published_on", "expected a date YYYY-MM-DD, got \"2025-04-31\"");
}

/* ------------------------------------------------------------------ enums */

T(enum_words)
{
    expect_err("\"tier\":\"gaint\"", "$.tier",
               "expected one of \"none\", \"srdi_sme\", \"little_giant_candidate\", "
               "\"little_giant\"; got \"gaint\"");
    expect_err_json("{\"id\":\"A1\",\"kind\":\"Enterprise\"}", "$.kind",
                    "expected one of \"enterprise\", \"service_org\"; got \"Enterprise\"; did you mean \"enterprise\"?");
    expect_err("\"standards\":[{\"level\":\"national\",\"published_on\":\"2025-03-01\"},"
               "{\"level\":\"national\",\"published_on\":\"2025-03-01\"},{\"level\":\"group\"}]",
               "$.standards[2].level",
               "expected one of \"international\", \"national\", \"industry\"; got \"group\"");
    cr_assert_eq(member_ok("\"tier\":\"little_giant_candidate\"", M_TIER).as.enum_index, 2);
}

/* ---------------------------------------------------------------- strings */

T(escapes_and_surrogate_pairs)
{
    assert_text(member_ok("\"name\":\"\\u00e9\\u4E2D\\ud83d\\ude00\"", M_NAME),
                "\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80", 9);
    assert_text(member_ok("\"name\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", M_NAME), "\"\\/\b\f\n\r\t", 8);
    assert_text(member_ok("\"name\":\"\"", M_NAME), "", 0);
    expect_err("\"name\":\"a\\ud800\"", "$.name",
               "invalid escape in a string: a lone UTF-16 surrogate \\ud800");
    expect_err("\"name\":\"a\\ud800\\u0041\"", "$.name",
               "invalid escape in a string: a lone UTF-16 surrogate \\ud800");
    expect_err("\"name\":\"\\uDC00\"", "$.name",
               "invalid escape in a string: a lone UTF-16 surrogate \\uDC00");
    expect_err("\"name\":\"\\x41\"", "$.name", "invalid escape \"\\x\" in a string");
    expect_err("\"name\":\"\\u12\"", "$.name",
               "invalid escape in a string: \\u must be followed by four hex digits");
    expect_err("\"name\":\"\\u12G4\"", "$.name",
               "invalid escape in a string: \\u must be followed by four hex digits");
    expect_err("\"name\":\"a\\u0000b\"", "$.name", "text may not contain the NUL character \\u0000");
}

T(control_characters_in_strings)
{
    expect_err("\"name\":\"a\tb\"", "$.name",
               "control character U+0009 in a string (write it escaped, e.g. \\n)");
    expect_err("\"name\":\"a\nb\"", "$.name",
               "control character U+000A in a string (write it escaped, e.g. \\n)");
    /* DEL is not a control character for JSON */
    assert_text(member_ok("\"name\":\"\x7F\"", M_NAME), "\x7F", 1);
}

T(invalid_utf8_anywhere)
{
    expect_err("\"name\":\"\xFF\"", "$.name", "invalid UTF-8 (byte 0xFF)");
    expect_err("\"name\":\"\xC0\xAF\"", "$.name", "invalid UTF-8 (byte 0xC0)");       /* overlong */
    expect_err("\"name\":\"\xE0\x80\xAF\"", "$.name", "invalid UTF-8 (byte 0xE0)");   /* overlong */
    expect_err("\"name\":\"\xED\xA0\x80\"", "$.name", "invalid UTF-8 (byte 0xED)");   /* surrogate */
    expect_err("\"name\":\"\xF4\x90\x80\x80\"", "$.name", "invalid UTF-8 (byte 0xF4)"); /* > U+10FFFF */
    expect_err("\"name\":\"\xE4\xB8\"", "$.name", "invalid UTF-8 (byte 0xE4)");       /* cut short */
    expect_err("\"name\":\"\x80\"", "$.name", "invalid UTF-8 (byte 0x80)");
    expect_err("\"\xFF\":1", "$", "invalid UTF-8 (byte 0xFF)");                       /* in a key */
    expect_err_json("{\"id\":\"A1\",\xFE}", "$", "invalid UTF-8 (byte 0xFE)");         /* outside */
    expect_err_json("{" BASE "}\xFF", "$", "invalid UTF-8 (byte 0xFF)");               /* after */
    /* the largest code point and four-byte characters are fine */
    assert_text(member_ok("\"name\":\"\xF4\x8F\xBF\xBF\xF0\x9F\x98\x80\"", M_NAME),
                "\xF4\x8F\xBF\xBF\xF0\x9F\x98\x80", 8);
}

T(byte_order_mark_is_skipped)
{
    const char *json = "\xEF\xBB\xBF{" BASE "}";
    assert_text(decode_ok(json).as.record->members[M_ID], "A1", 2);
    /* and columns on the first line start after it */
    PolDiag e = decode_err_n(&facts_rec, "\xEF\xBB\xBF[1]", 6);
    cr_assert_str_eq(e.message, "expected an object (the applicant's facts), got an array");
    cr_assert_eq(e.line, 1);
    cr_assert_eq(e.column, 1);
    /* a BOM anywhere else is not whitespace */
    expect_err_json(" \xEF\xBB\xBF{}", "$", "expected an object (the applicant's facts), got \"\\u{FEFF}\"");
}

/* -------------------------------------------------------------- structure */

T(top_level_must_be_an_object)
{
    const char *msg = "expected an object (the applicant's facts), got ";
    char buf[200];
#define TOP(json, got)                                     \
    snprintf(buf, sizeof buf, "%s%s", msg, got);           \
    expect_err_json(json, "$", buf)
    TOP("[{\"id\":\"A1\"}]", "an array");
    TOP("\"facts\"", "\"facts\"");
    TOP("42", "42");
    TOP("null", "null");
    TOP("true", "true");
    TOP("", "nothing");
    TOP(" \n\t ", "nothing");
    TOP("}", "\"}\"");
#undef TOP
    PolDiag e = decode_err_n(&facts_rec, "\n\n  [", 5);
    cr_assert_eq(e.line, 3);
    cr_assert_eq(e.column, 3);
}

T(trailing_text_is_an_error_but_whitespace_is_not)
{
    decode_ok("\n {" BASE "} \r\n\t");
    expect_err_json("{" BASE "} x", "$", "unexpected text after the end of the facts object");
    expect_err_json("{" BASE "}{}", "$", "unexpected text after the end of the facts object");
    const char *json = "{" BASE "}\n  ,";
    PolDiag e = decode_err_n(&facts_rec, json, strlen(json));
    cr_assert_eq(e.line, 2);
    cr_assert_eq(e.column, 3);
}

T(syntax_errors)
{
    expect_err_json("{\"id\" \"A1\"}", "$", "expected \":\" after the key \"id\", got \"\"\"");
    expect_err_json("{\"id\":\"A1\" \"kind\":1}", "$", "expected \",\" or \"}\", got \"\"\"");
    expect_err_json("{\"id\":\"A1\",}", "$", "a comma before \"}\" with no member after it");
    expect_err_json("{id:1}", "$", "expected a key in double quotes, got \"i\"");
    expect_err_json("{\"id\":}", "$.id", "expected a value, got \"}\"");
    expect_err_json("{\"id\":\"A1", "$.id", "string not closed: missing \"");
    expect_err_json("{" NO_TAGS ",\"tags\":[\"a\",]}", "$.tags",
                    "a comma before \"]\" with no item after it");
    expect_err_json("{" NO_TAGS ",\"tags\":[\"a\" \"b\"]}", "$.tags",
                    "expected \",\" or \"]\", got \"\"\"");
    expect_err_json("{\xE2\x80\x9C" "id\xE2\x80\x9D:1}", "$",
                    "expected a key in double quotes, got \"\xE2\x80\x9C\" "
                    "(JSON needs straight double quotes \")");
}

static char *nested(int levels)
{
    size_t n = (size_t)levels * 12 + 8;
    char *s = GC_MALLOC_ATOMIC(n);
    s[0] = '\0';
    for (int i = 1; i < levels; i++)
        strcat(s, "{\"child\":");
    strcat(s, "{}");
    for (int i = 1; i < levels; i++)
        strcat(s, "}");
    return s;
}

T(depth_limit)
{
    PolValue v;
    PolDiag e;
    const char *ok = nested(POL_FACTS_MAX_DEPTH);
    cr_assert(pol_facts_decode(&node_rec, ok, strlen(ok), NULL, &v, &e, NULL), "%s", e.message);
    const PolRecordValue *r = v.as.record;
    for (int i = 1; i < POL_FACTS_MAX_DEPTH; i++)
        r = r->members[N_CHILD].as.record;
    cr_assert_eq(r->members[N_CHILD].tag, POL_V_ABSENT);

    const char *deep = nested(POL_FACTS_MAX_DEPTH + 1);
    e = decode_err_n(&node_rec, deep, strlen(deep));
    char path[512] = "$";
    for (int i = 0; i < POL_FACTS_MAX_DEPTH; i++)
        strcat(path, ".child");
    cr_assert_str_eq(e.path, path);
    cr_assert_str_eq(e.message, "nested deeper than 64 levels");
    cr_assert_eq(e.column, POL_FACTS_MAX_DEPTH * 9 + 1);

    /* arrays count as levels too */
    char arr[1024] = "";
    for (int i = 0; i < 32; i++)
        strcat(arr, "{\"items\":[");
    strcat(arr, "{}");
    for (int i = 0; i < 32; i++)
        strcat(arr, "]}");
    e = decode_err_n(&node_rec, arr, strlen(arr));
    cr_assert_str_eq(e.message, "nested deeper than 64 levels");
    cr_assert_eq(strncmp(e.path, "$.items[0].items[0]", 19), 0);
}

T(deep_nesting_where_none_is_expected_fails_at_once)
{
    char json[4096] = "{\"flag\":";
    for (int i = 0; i < 1000; i++)
        strcat(json, "[");
    expect_err_json(json, "$.flag", "expected bool, got an array");
}

/* ------------------------------------------------------------------ limits */

T(size_limit)
{
    size_t len = POL_FACTS_MAX_BYTES + 1;
    char *json = malloc(len);
    cr_assert_not_null(json);
    memset(json, ' ', len);
    memcpy(json, "{\"id\":\"BIG\"}", 12);
    PolValue v;
    PolDiag e;
    const PolText *id = NULL;
    PolFactsOptions o = {POL_LANG_EN, NULL, M_ID};
    cr_assert(!pol_facts_decode(&facts_rec, json, len, &o, &v, &e, &id));
    cr_assert_str_eq(e.path, "$");
    cr_assert_str_eq(e.message, "facts of 16777217 bytes are over the limit of 16777216 bytes");
    cr_assert_not_null(id);
    cr_assert_str_eq(id->bytes, "BIG");
    free(json);
}

T(string_limit)
{
    size_t n = POL_FACTS_MAX_STRING + 1;
    char *json = malloc(n + 64);
    cr_assert_not_null(json);
    strcpy(json, "{\"name\":\"");
    size_t at = strlen(json);
    memset(json + at, 'x', n);
    strcpy(json + at + n, "\"}");
    PolDiag e = decode_err_n(&facts_rec, json, strlen(json));
    cr_assert_str_eq(e.path, "$.name");
    cr_assert_str_eq(e.message, "string longer than 1048576 bytes");
    /* exactly at the limit is fine as far as strings go: the error is then the missing id */
    json[at + n - 1] = '"';
    json[at + n] = '}';
    json[at + n + 1] = '\0';
    e = decode_err_n(&facts_rec, json, strlen(json));
    cr_assert_str_eq(e.message, "missing required key \"id\"");
    free(json);
}

T(list_limit)
{
    size_t items = POL_FACTS_MAX_LIST + 1;
    char *json = malloc(items * 4 + 256);
    cr_assert_not_null(json);
    strcpy(json, "{" NO_TAGS ",\"tags\":[");
    char *p = json + strlen(json);
    for (size_t i = 0; i < items; i++) {
        memcpy(p, i ? ",\"\"" : "\"\"", i ? 3 : 2);
        p += i ? 3 : 2;
    }
    strcpy(p, "]}");
    PolDiag e = decode_err_n(&facts_rec, json, strlen(json));
    cr_assert_str_eq(e.path, "$.tags");
    cr_assert_str_eq(e.message, "list longer than 100000 items");
    /* one fewer is accepted */
    p[-3] = ']';
    p[-2] = '}';
    p[-1] = '\0';
    PolValue v = decode_ok(json);
    cr_assert_eq(v.as.record->members[M_TAGS].as.list->count, POL_FACTS_MAX_LIST);
    free(json);
}

/* --------------------------------------------------------------------- id */

/* The id the decoder reports, the member named `identified by` being
 * id_member of schema. */
static const PolText *id_in(const PolRecord *schema, int id_member, const char *json, bool expect_ok)
{
    PolValue v;
    PolDiag e;
    const PolText *id = (const PolText *)1;
    PolFactsOptions o = {POL_LANG_EN, NULL, id_member};
    bool ok = pol_facts_decode(schema, json, strlen(json), &o, &v, &e, &id);
    cr_assert_eq(ok, expect_ok, "%s: %s", e.path, e.message);
    return id;
}

static const PolText *id_of(const char *json, bool expect_ok)
{
    return id_in(&facts_rec, M_ID, json, expect_ok);
}

T(id_is_reported_on_success_and_failure)
{
    cr_assert_str_eq(id_of("{" BASE "}", true)->bytes, "A1");
    /* error after the id */
    cr_assert_str_eq(id_of("{\"id\":\"A2\",\"kind\":\"bogus\"}", false)->bytes, "A2");
    /* error before the id: recovered by a light scan */
    cr_assert_str_eq(id_of("{\"kind\":\"bogus\",\"sub\":{\"x\":[1,{\"id\":\"no\"}]},\"id\":\"A3\"}", false)->bytes,
                     "A3");
    cr_assert_str_eq(id_of("{\"zzz\":[\"]\"],\"id\":\"A\\u0034\"}", false)->bytes, "A4");
    /* no readable id */
    cr_assert_null(id_of("{\"kind\":\"bogus\"}", false));
    cr_assert_null(id_of("{\"id\":5}", false));
    cr_assert_null(id_of("{\"kind\":\"bogus\" \"id\":\"A5\"}", false));
    cr_assert_null(id_of("[\"id\",\"A6\"]", false));
    cr_assert_null(id_of("{\"id\":\"a\\u0000\"}", false));
    /* NULL id_out is allowed */
    PolValue v;
    PolDiag e;
    cr_assert(!pol_facts_decode(&facts_rec, "{}", 2, NULL, &v, &e, NULL));
}

/* The id is the member the policy names with `identified by`, whatever
 * it is called; a key called "id" is nothing special. */
T(id_is_the_member_identified_by)
{
    static PolMember members[2];
    static PolRecord rec = {"Facts", 2, members, {0}, NULL, NULL};
    member(&members[0], "applicant_no", &pol_type_text, POL_PRESENCE_REQUIRED);
    member(&members[1], "staff", &pol_type_int, POL_PRESENCE_REQUIRED);
    cr_assert_str_eq(id_in(&rec, 0, "{\"applicant_no\":\"N1\",\"staff\":3}", true)->bytes, "N1");
    cr_assert_str_eq(id_in(&rec, 0, "{\"applicant_no\":\"N2\",\"staff\":\"3\"}", false)->bytes, "N2");
    /* an error before it, and a stray "id" that is not the applicant's */
    cr_assert_str_eq(id_in(&rec, 0, "{\"id\":\"decoy\",\"staff\":3,\"applicant_no\":\"N3\"}", false)->bytes, "N3");
    cr_assert_null(id_in(&rec, 0, "{\"id\":\"decoy\",\"staff\":3}", false), "no applicant_no: no id");
    /* without `identified by`, no id at all */
    cr_assert_null(id_in(&facts_rec, -1, "{\"id\":\"A7\",\"kind\":\"bogus\"}", false));
    cr_assert_null(id_in(&rec, -1, "{\"applicant_no\":\"N4\",\"staff\":3}", true));
}

/* ------------------------------------------- the schema a policy declares */

/* The facts of a policy, as the checker builds them: `required when` one of
 * several values, `absent otherwise`, bounds of integers and lists. */
static const PolRecord *policy_schema(void)
{
    static const char text[] =
        "policy \"t\"\n  title \"T\"\n  in force from 2025-01-01 for 1 year\n"
        "enum Kind { unit, person, other }\n"
        "enum Category { enterprise, foundation }\n"
        "enum Size { large, small }\n"
        "record Unit {\n"
        "  category: Category\n"
        "  size: Size, required when category = enterprise, absent otherwise\n"
        "  months: integer, 0 to 999\n"
        "}\n"
        "record Cert {\n  level: Size\n}\n"
        "facts {\n"
        "  id: text\n"
        "  kind: Kind\n"
        "  unit: Unit, required when kind is one of {unit, other}, absent otherwise\n"
        "  note: text, required when kind = person\n"
        "  certs: list of Cert, at most 2 items\n"
        "  extra: optional list of Cert, 1 to 3 items\n"
        "  quota: integer, at most 10\n"
        "  low: optional integer, at least 0\n"
        "}\n";
    PolDiags ds;
    pol_diags_init(&ds, POL_LANG_EN);
    PolSource *src = pol_source_from_text("t.pol", text, strlen(text));
    PolChecked *c = pol_check(pol_parse_source(src, NULL, &ds), &ds);
    cr_assert(c && ds.errors == 0, "the schema does not check: %d errors", ds.errors);
    return c->facts;
}

#define UNIT "\"unit\":{\"category\":\"enterprise\",\"size\":\"large\",\"months\":12}"
#define CERTS "\"certs\":[]"
#define EXTRA "\"extra\":[{\"level\":\"small\"}]"

static void schema_ok(const char *json)
{
    PolValue v;
    PolDiag e;
    bool ok = pol_facts_decode(policy_schema(), json, strlen(json), NULL, &v, &e, NULL);
    cr_assert(ok, "decode failed: %s: %s for %s", e.path, e.message, json);
}

static void schema_err(const char *json, const char *path, const char *message)
{
    PolDiag e = decode_err_n(policy_schema(), json, strlen(json));
    cr_assert_str_eq(e.path, path, "path for %s", json);
    cr_assert_str_eq(e.message, message, "message for %s", json);
}

Test(facts_schema, required_when_one_of_several_values, .init = setup)
{
    schema_ok("{\"id\":\"A\",\"kind\":\"unit\"," UNIT "," CERTS "," EXTRA ",\"quota\":1}");
    schema_ok("{\"id\":\"A\",\"kind\":\"other\"," UNIT "," CERTS "," EXTRA ",\"quota\":1}");
    schema_err("{\"id\":\"A\",\"kind\":\"other\"," CERTS "," EXTRA ",\"quota\":1}", "$.unit",
               "missing key \"unit\", required when kind is one of \"unit\", \"other\"");
    schema_err("{\"id\":\"A\",\"kind\":\"unit\",\"unit\":null," CERTS "," EXTRA ",\"quota\":1}", "$.unit",
               "key \"unit\" is null, but it is required when kind is one of \"unit\", \"other\"");
    schema_err("{\"id\":\"A\",\"kind\":\"person\"," CERTS "," EXTRA ",\"quota\":1}", "$.note",
               "missing key \"note\", required when kind is \"person\"");
}

Test(facts_schema, absent_otherwise, .init = setup)
{
    /* null is absent: allowed */
    schema_ok("{\"id\":\"A\",\"kind\":\"person\",\"note\":\"n\",\"unit\":null," CERTS "," EXTRA ",\"quota\":1}");
    schema_err("{\"id\":\"A\",\"kind\":\"person\",\"note\":\"n\"," UNIT "," CERTS "," EXTRA ",\"quota\":1}", "$.unit",
               "key \"unit\" must be absent unless kind is one of \"unit\", \"other\"");
    schema_err("{\"id\":\"A\",\"kind\":\"unit\",\"unit\":{\"category\":\"foundation\",\"size\":\"large\",\"months\":1},"
               CERTS "," EXTRA ",\"quota\":1}",
               "$.unit.size", "key \"size\" must be absent unless category is \"enterprise\"");
    schema_err("{\"id\":\"A\",\"kind\":\"unit\",\"unit\":{\"category\":\"enterprise\",\"size\":null,\"months\":1},"
               CERTS "," EXTRA ",\"quota\":1}",
               "$.unit.size", "key \"size\" is null, but it is required when category is \"enterprise\"");
}

/* Values in the order of the text, then presence in schema order once the
 * object is closed: a bad value inside `unit` comes before `unit` itself,
 * a missing `id` before anything about `unit`. */
Test(facts_schema, which_problem_comes_first, .init = setup)
{
    schema_err("{\"id\":\"A\",\"kind\":\"person\",\"note\":\"n\",\"unit\":{\"category\":\"foundation\",\"months\":1000},"
               CERTS "," EXTRA ",\"quota\":1}",
               "$.unit.months", "expected an integer from 0 to 999, written without a sign, got 1000");
    schema_err("{\"kind\":\"person\"," UNIT "," CERTS "," EXTRA ",\"quota\":1}", "$.id", "missing required key \"id\"");
    schema_err("{\"id\":\"A\",\"kind\":\"person\"," UNIT "," CERTS "," EXTRA ",\"quota\":1}", "$.unit",
               "key \"unit\" must be absent unless kind is one of \"unit\", \"other\"");
}

Test(facts_schema, integer_bounds, .init = setup)
{
    const char *head = "{\"id\":\"A\",\"kind\":\"unit\"," CERTS "," EXTRA ",\"quota\":1,\"unit\":{\"category\":\"foundation\",\"months\":";
    schema_ok(pol_strdup_printf("%s0}}", head));
    schema_ok(pol_strdup_printf("%s999}}", head));
    /* `0 to 999`: digits, no sign, so not even -0 */
    schema_err(pol_strdup_printf("%s-0}}", head), "$.unit.months",
               "expected an integer from 0 to 999, written without a sign, got -0");
    schema_err(pol_strdup_printf("%s-1}}", head), "$.unit.months",
               "expected an integer from 0 to 999, written without a sign, got -1");
    schema_err(pol_strdup_printf("%s1.0}}", head), "$.unit.months",
               "expected an integer from 0 to 999, written without a sign, got 1.0");
    schema_err(pol_strdup_printf("%s99999999999999999999}}", head), "$.unit.months",
               "expected an integer from 0 to 999, written without a sign, got 99999999999999999999");
    schema_err(pol_strdup_printf("%s\"12\"}}", head), "$.unit.months",
               "expected an integer from 0 to 999, written without a sign, got \"12\"");
    const char *base = "{\"id\":\"A\",\"kind\":\"unit\"," UNIT "," CERTS "," EXTRA;
    schema_ok(pol_strdup_printf("%s,\"quota\":10}", base));
    schema_ok(pol_strdup_printf("%s,\"quota\":-5}", base));
    schema_err(pol_strdup_printf("%s,\"quota\":11}", base), "$.quota", "expected an integer at most 10, got 11");
    /* `at least 0` compares the value: -0 is 0 */
    schema_ok(pol_strdup_printf("%s,\"quota\":1,\"low\":-0}", base));
    schema_err(pol_strdup_printf("%s,\"quota\":1,\"low\":-1}", base), "$.low", "expected an integer at least 0, got -1");
}

Test(facts_schema, list_bounds, .init = setup)
{
    const char *head = "{\"id\":\"A\",\"kind\":\"unit\"," UNIT ",\"quota\":1,";
    schema_ok(pol_strdup_printf("%s\"certs\":[{\"level\":\"large\"},{\"level\":\"small\"}]," EXTRA "}", head));
    /* the item one too many: at the list's path, when it begins (the items
     * before it are read first, the ones after it never) */
    schema_err(pol_strdup_printf("%s\"certs\":[{\"level\":\"large\"},{\"level\":\"small\"},{\"level\":\"bad\"}]," EXTRA "}", head),
               "$.certs", "more than 2 items");
    schema_err(pol_strdup_printf("%s\"certs\":[{\"level\":\"large\"},{\"level\":\"bad\"},{}]," EXTRA "}", head),
               "$.certs[1].level", "expected one of \"large\", \"small\"; got \"bad\"");
    /* a lower bound: an optional list that is missing, null or empty is too short */
    schema_err(pol_strdup_printf("%s" CERTS "}", head), "$.extra", "expected at least 1 item, got 0");
    schema_err(pol_strdup_printf("%s" CERTS ",\"extra\":null}", head), "$.extra", "expected at least 1 item, got 0");
    schema_err(pol_strdup_printf("%s" CERTS ",\"extra\":[]}", head), "$.extra", "expected at least 1 item, got 0");
    schema_err(pol_strdup_printf("%s" CERTS ",\"extra\":[{\"level\":\"large\"},{\"level\":\"large\"},{\"level\":\"large\"},"
                                 "{\"level\":\"large\"}]}", head),
               "$.extra", "more than 3 items");
}

Test(facts_schema, enum_word_misspelt, .init = setup)
{
    schema_err("{\"id\":\"A\",\"kind\":\"units\"}", "$.kind",
               "expected one of \"unit\", \"person\", \"other\"; got \"units\"; did you mean \"unit\"?");
    schema_err("{\"id\":\"A\",\"kind\":\"company\"}", "$.kind",
               "expected one of \"unit\", \"person\", \"other\"; got \"company\"");
}

/* ------------------------------------- string bytes, sixteen at a time */

/* The portable count of plain bytes (and the SSE2 one, where the machine has
 * it) on n bytes at the very end of a block of their size, so that a read
 * past them is caught under AddressSanitizer. */
static size_t plain_runs_agree(const unsigned char *bytes, size_t n)
{
    unsigned char *copy = malloc(n ? n : 1);
    memcpy(copy, bytes, n);
    size_t portable = pol_json_plain_run_portable(copy, n);
#if POL_JSON_SSE2
    cr_assert_eq(pol_json_plain_run_sse2(copy, n), portable, "%zu bytes", n);
#endif
    cr_assert_eq(pol_json_plain_run(copy, n), portable);
    free(copy);
    return portable;
}

Test(facts_scan, every_special_byte_at_every_place)
{
    const unsigned char special[] = {'"', '\\', 0x00, 0x0A, 0x1F, 0x80, 0xBF, 0xC2, 0xE4, 0xFF};
    const unsigned char plain[] = {' ', '!', '#', '0', 'A', '[', ']', 'z', '~', 0x7F};
    unsigned char buf[70];
    for (size_t n = 0; n <= sizeof buf; n++) {
        for (size_t i = 0; i < n; i++)
            buf[i] = plain[i % sizeof plain];
        cr_assert_eq(plain_runs_agree(buf, n), n);
        for (size_t at = 0; at < n; at++)
            for (size_t k = 0; k < sizeof special; k++) {
                unsigned char was = buf[at];
                buf[at] = special[k];
                cr_assert_eq(plain_runs_agree(buf, n), at, "byte 0x%02x at %zu of %zu", special[k], at, n);
                buf[at] = was;
            }
    }
}

Test(facts_scan, random_bytes)
{
    unsigned long long x = 88172645463325252ULL;   /* xorshift64 */
    unsigned char buf[100];
    for (int round = 0; round < 20000; round++) {
        size_t n = (size_t)(round % (int)sizeof buf);
        for (size_t i = 0; i < n; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            /* mostly plain bytes, as in a register */
            buf[i] = (unsigned char)(x % 16 == 0 ? x >> 8 : ' ' + (x >> 8) % 95);
        }
        plain_runs_agree(buf, n);
    }
}

/* ------------------------------------------------- bounds and edge shapes */

/* A second schema with what the first lacks: an integer written without a
 * sign and one with only a maximum, lists with bounds of one and of two,
 * and a member that must be absent unless a sibling enum says otherwise. */
enum { B_N, B_HI, B_ONE, B_TWO, B_KIND, B_EXTRA, B_CAFE, B_COUNT };
static PolMember bounded_members[B_COUNT];
static PolRecord bounded_rec = {"Bounded", B_COUNT, bounded_members, {0}, NULL, NULL};

static void bounded_schema(bool keyed)
{
    setup();
    static const int enterprise[] = {0};
    member(&bounded_members[B_N], "n", &pol_type_int, POL_PRESENCE_OPTIONAL);
    bounded_members[B_N].no_sign = bounded_members[B_N].has_min = bounded_members[B_N].has_max = true;
    bounded_members[B_N].min = 0;
    bounded_members[B_N].max = 99;
    member(&bounded_members[B_HI], "hi", &pol_type_int, POL_PRESENCE_OPTIONAL);
    bounded_members[B_HI].has_max = true;
    bounded_members[B_HI].max = 10;
    member(&bounded_members[B_ONE], "one", pol_type_list(&pol_type_text), POL_PRESENCE_OPTIONAL);
    bounded_members[B_ONE].has_min = bounded_members[B_ONE].has_max = true;
    bounded_members[B_ONE].min = bounded_members[B_ONE].max = 1;
    member(&bounded_members[B_TWO], "two", pol_type_list(&pol_type_text), POL_PRESENCE_REQUIRED);
    bounded_members[B_TWO].has_min = bounded_members[B_TWO].has_max = true;
    bounded_members[B_TWO].min = 2;
    bounded_members[B_TWO].max = 3;
    member(&bounded_members[B_KIND], "kind", pol_type_enum(&kind_enum), POL_PRESENCE_REQUIRED);
    member(&bounded_members[B_EXTRA], "extra", &pol_type_text, POL_PRESENCE_REQUIRED_WHEN);
    bounded_members[B_EXTRA].when_member = B_KIND;
    bounded_members[B_EXTRA].nwhen = 1;
    bounded_members[B_EXTRA].when_values = enterprise;
    bounded_members[B_EXTRA].absent_otherwise = true;
    member(&bounded_members[B_CAFE], "caf\xC3\xA9", &pol_type_text, POL_PRESENCE_OPTIONAL); /* NFC */
    bounded_rec.index = NULL;
    bounded_rec.keys = NULL;
    if (keyed) {
        pol_record_index(&bounded_rec);
        pol_enum_index(&kind_enum);
    }
}
static void setup_bounded(void) { bounded_schema(false); }
static void setup_bounded_keyed(void) { bounded_schema(true); }

#define TB(name)                                                         \
    static void name##_body(void);                                       \
    Test(facts_bounded, name, .init = setup_bounded) { name##_body(); }  \
    Test(facts_bounded_keyed, name, .init = setup_bounded_keyed) { name##_body(); } \
    static void name##_body(void)

#define BOUNDED_BASE "\"one\":[\"o\"],\"two\":[\"a\",\"b\"],\"kind\":\"service_org\""

static PolDiag bounded_err(const char *extra)
{
    char json[512];
    snprintf(json, sizeof json, "{" BOUNDED_BASE "%s%s}", *extra ? "," : "", extra);
    return decode_err_n(&bounded_rec, json, strlen(json));
}

static void expect_bounded(const char *extra, const char *path, const char *message)
{
    PolDiag e = bounded_err(extra);
    cr_assert_str_eq(e.path, path, "path for %s: %s", extra, e.path);
    cr_assert_str_eq(e.message, message, "message for %s: %s", extra, e.message);
}

static PolValue bounded_ok(const char *extra, int index)
{
    char json[512];
    snprintf(json, sizeof json, "{" BOUNDED_BASE "%s%s}", *extra ? "," : "", extra);
    PolValue v;
    PolDiag e;
    cr_assert(pol_facts_decode(&bounded_rec, json, strlen(json), NULL, &v, &e, NULL), "%s: %s for %s",
              e.path, e.message, json);
    return v.as.record->members[index];
}

TB(integer_without_a_sign_and_integer_with_a_maximum)
{
    cr_assert_eq(bounded_ok("\"n\":99", B_N).as.i, 99);
    cr_assert_eq(bounded_ok("\"n\":0", B_N).as.i, 0);
    expect_bounded("\"n\":-0", "$.n", "expected an integer from 0 to 99, written without a sign, got -0");
    expect_bounded("\"n\":100", "$.n", "expected an integer from 0 to 99, written without a sign, got 100");
    expect_bounded("\"n\":\"5\"", "$.n", "expected an integer from 0 to 99, written without a sign, got \"5\"");
    expect_bounded("\"n\":99999999999999999999", "$.n",
                   "expected an integer from 0 to 99, written without a sign, got 99999999999999999999");
    cr_assert_eq(bounded_ok("\"hi\":-7", B_HI).as.i, -7);
    expect_bounded("\"hi\":11", "$.hi", "expected an integer at most 10, got 11");
    expect_bounded("\"hi\":true", "$.hi", "expected an integer at most 10, got true");
    expect_bounded("\"hi\":99999999999999999999", "$.hi", "expected an integer at most 10, got 99999999999999999999");
}

TB(lists_at_and_past_their_bounds)
{
    const PolListValue *l = bounded_ok("", B_ONE).as.list;
    cr_assert_eq(l->count, 1);
    assert_text(l->items[0], "o", 1);
    static const struct { const char *json, *path, *message; int column; } bad[] = {
        /* an optional list with a lower bound, not given: empty, so too short */
        {"{\"two\":[\"a\",\"b\"],\"kind\":\"service_org\"}", "$.one", "expected at least 1 item, got 0", 38},
        {"{\"one\":[],\"two\":[\"a\",\"b\"],\"kind\":\"service_org\"}", "$.one", "expected at least 1 item, got 0", 9},
        {"{\"one\":[\"a\",\"b\"],\"two\":[\"a\",\"b\"],\"kind\":\"service_org\"}", "$.one", "more than 1 item", 13},
        {"{\"one\":[\"a\"],\"two\":[\"a\"],\"kind\":\"service_org\"}", "$.two", "expected at least 2 items, got 1", 24},
        {"{\"one\":[\"a\"],\"two\":[\"a\",\"b\",\"c\",\"d\"],\"kind\":\"service_org\"}", "$.two", "more than 3 items", 33},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        PolDiag e = decode_err_n(&bounded_rec, bad[i].json, strlen(bad[i].json));
        cr_assert_str_eq(e.path, bad[i].path, "%s: %s", bad[i].json, e.path);
        cr_assert_str_eq(e.message, bad[i].message, "%s: %s", bad[i].json, e.message);
        cr_assert_eq(e.column, bad[i].column, "%s: column %ld", bad[i].json, e.column);
    }
    const char *three = "{\"one\":[\"a\"],\"two\":[\"x\",\"y\",\"z\"],\"kind\":\"service_org\"}";
    PolValue v;
    PolDiag err;
    cr_assert(pol_facts_decode(&bounded_rec, three, strlen(three), NULL, &v, &err, NULL), "%s", err.message);
    cr_assert_eq(v.as.record->members[B_TWO].as.list->count, 3);
}

TB(member_that_must_be_absent_unless_required)
{
    cr_assert_eq(bounded_ok("", B_EXTRA).tag, POL_V_ABSENT);
    cr_assert_eq(bounded_ok("\"extra\":null", B_EXTRA).tag, POL_V_ABSENT);
    expect_bounded("\"extra\":\"x\"", "$.extra",
                   "key \"extra\" must be absent unless kind is \"enterprise\"");
    const char *json = "{\"one\":[\"a\"],\"two\":[\"a\",\"b\"],\"kind\":\"enterprise\",\"extra\":\"x\"}";
    PolValue v;
    PolDiag err;
    cr_assert(pol_facts_decode(&bounded_rec, json, strlen(json), NULL, &v, &err, NULL), "%s", err.message);
    assert_text(v.as.record->members[B_EXTRA], "x", 1);
}

/* ------------------------------------------------------- strings, escaped */

T(escapes_at_every_edge)
{
    /* upper-case hex digits, and a letter past f */
    assert_text(member_ok("\"name\":\"\\u00C9\\u00e9\"", M_NAME), "\xC3\x89\xC3\xA9", 4);
    expect_err("\"name\":\"\\u00g1\"", "$.name",
               "invalid escape in a string: \\u must be followed by four hex digits");
    /* a high surrogate followed by a bad \u, by a low surrogate's neighbours */
    expect_err("\"name\":\"\\ud800\\u12\"", "$.name",
               "invalid escape in a string: a lone UTF-16 surrogate \\ud800");
    expect_err("\"name\":\"\\ud800\\uE000\"", "$.name",
               "invalid escape in a string: a lone UTF-16 surrogate \\ud800");
    expect_err("\"name\":\"\\ud800\\uDBFF\"", "$.name",
               "invalid escape in a string: a lone UTF-16 surrogate \\ud800");
    expect_err("\"name\":\"\\ud800x\\udc00\"", "$.name",
               "invalid escape in a string: a lone UTF-16 surrogate \\ud800");
    /* the highest surrogate pair, and escapes of two and three bytes */
    assert_text(member_ok("\"name\":\"\\udbff\\udfff\\u07ff\\u0800\"", M_NAME),
                "\xF4\x8F\xBF\xBF\xDF\xBF\xE0\xA0\x80", 9);
    /* a backslash before a control character or a character beyond ASCII */
    expect_err("\"name\":\"\\\x01\"", "$.name",
               "invalid escape in a string: a backslash must be followed by one of \" \\ / b f n r t u");
    expect_err("\"name\":\"\\ \"", "$.name",
               "invalid escape in a string: a backslash must be followed by one of \" \\ / b f n r t u");
    expect_err("\"name\":\"\\\xC3\xA9\"", "$.name",
               "invalid escape in a string: a backslash must be followed by one of \" \\ / b f n r t u");
    /* a text cut just after a backslash */
    PolDiag e = decode_err_n(&facts_rec, "{\"name\":\"ab\\", 12);
    cr_assert_str_eq(e.message, "string not closed: missing \"");
    cr_assert_eq(e.column, 9);
    /* a Chinese character whose third byte is not a continuation byte */
    expect_err("\"name\":\"\xE4\xB8\x41\"", "$.name", "invalid UTF-8 (byte 0xE4)");
    expect_err("\"name\":\"\xE4\x41\x41\"", "$.name", "invalid UTF-8 (byte 0xE4)");
    /* an escaped key longer than the decoder's scratch buffer */
    char key[700] = "\"\\u0061";
    for (int i = 0; i < 600; i++)
        strcat(key, "b");
    strcat(key, "\":1");
    PolDiag k = decode_err_n(&facts_rec, with(key), strlen(with(key)));
    cr_assert(strncmp(k.message, "unknown key \"abbb", 17) == 0, "%s", k.message);
}

T(keys_that_are_not_identifiers_are_quoted_in_the_path)
{
    expect_err("\"9lives\":1", "$[\"9lives\"]", "unknown key \"9lives\"");
    expect_err("\"a-b\":1", "$[\"a-b\"]", "unknown key \"a-b\"; did you mean \"sub\"?");
    expect_err("\"_Az9\":1", "$._Az9", "unknown key \"_Az9\"");
    expect_err("\"Z\":1", "$.Z", "unknown key \"Z\"");
    expect_err("\"a{\":1", "$[\"a{\"]", "unknown key \"a{\"");
}

T(what_stands_where_a_key_or_value_is_expected)
{
    expect_err_json("{\x7F:1}", "$", "expected a key in double quotes, got the control character U+007F");
    expect_err_json("{\xE2\x80\x9Cid\xE2\x80\x9D:1}", "$",
                    "expected a key in double quotes, got \"\xE2\x80\x9C\" (JSON needs straight double quotes \")");
    expect_err_json("{\xE2\x80\x9Did\":1}", "$",
                    "expected a key in double quotes, got \"\xE2\x80\x9D\" (JSON needs straight double quotes \")");
    expect_err_json("{\xEF\xBC\x82id\":1}", "$",
                    "expected a key in double quotes, got \"\xEF\xBC\x82\" (JSON needs straight double quotes \")");
    expect_err_json("{\xE4\xB8\xAD:1}", "$", "expected a key in double quotes, got \"\xE4\xB8\xAD\"");
    /* a long token is cut with an ellipsis */
    expect_err("\"year\":1111111111111111111111111111111111111111111111111111111111111111111111111111111111",
               "$.year", "integer 111111111111111111111111111111111111111111111111111111111111... is out of range");
}

/* A key in another normal form than the member's name is that member. */
TB(key_in_another_normal_form)
{
    assert_text(bounded_ok("\"cafe\xCC\x81\":\"x\"", B_CAFE), "x", 1);
    assert_text(bounded_ok("\"caf\xC3\xA9\":\"y\"", B_CAFE), "y", 1);
    expect_bounded("\"cafe\xCC\x81\":\"x\",\"caf\xC3\xA9\":\"y\"", "$[\"caf\xC3\xA9\"]",
                   "key \"caf\xC3\xA9\" given twice");
    expect_bounded("\"\xC3\xA9t\xC3\xA9\":1", "$[\"\xC3\xA9t\xC3\xA9\"]", "unknown key \"\xC3\xA9t\xC3\xA9\"");
}

T(decimals_at_their_limits)
{
    PolDec d = member_ok("\"rate\":100", M_RATE).as.dec;
    cr_assert_eq(d.num, 100);
    cr_assert_eq(d.den, 1);
    d = member_ok("\"rate\":-2e3", M_RATE).as.dec;
    cr_assert_eq(d.num, -2000);
    cr_assert_eq(d.den, 1);
    d = member_ok("\"rate\":\"1e2\"", M_RATE).as.dec;
    cr_assert_eq(d.num, 100);
    d = member_ok("\"rate\":1e-18", M_RATE).as.dec;
    cr_assert_eq(d.num, 1);
    cr_assert_eq(d.den, INT64_C(1000000000000000000));
    d = member_ok("\"rate\":92e16", M_RATE).as.dec;
    cr_assert_eq(d.num, INT64_C(920000000000000000));
    expect_err("\"rate\":1e-19", "$.rate", "decimal 1e-19 is out of range");
    expect_err("\"rate\":1e19", "$.rate", "decimal 1e19 is out of range");
    expect_err("\"rate\":93e17", "$.rate", "decimal 93e17 is out of range");
    expect_err("\"rate\":1e100001", "$.rate", "decimal 1e100001 is out of range");
    expect_err("\"rate\":1234567890.123456789", "$.rate", "decimal 1234567890.123456789 is out of range");
    expect_err("\"rate\":\"1e400\"", "$.rate", "decimal \"1e400\" is out of range");
    expect_err("\"rate\":1.", "$.rate", "expected a decimal, got 1.");
    expect_err("\"rate\":.5", "$.rate", "expected a decimal, got .5");
    expect_err("\"rate\":+5", "$.rate", "expected a decimal, got +5");
    expect_err("\"rate\":1e", "$.rate", "expected a decimal, got 1e");
    expect_err("\"rate\":\"1e\"", "$.rate", "expected a decimal, got \"1e\"");
    expect_err("\"rate\":\"1e+\"", "$.rate", "expected a decimal, got \"1e+\"");
    expect_err("\"rate\":\"-\"", "$.rate", "expected a decimal, got \"-\"");
    expect_err("\"rate\":true", "$.rate", "expected a decimal, got true");
}

T(money_edges)
{
    expect_err("\"amount\":-1234567890123456789012345678901234567890123456789012345678901234567890", "$.amount",
               "negative amount -12345678901234567890123456789012345678901234567890123456789 is not allowed");
    expect_err("\"amount\":\"\xEF\xBC\x8B" "5\"", "$.amount",
               "expected money (yuan, at most two decimals), got \"\xEF\xBC\x8B" "5\"");
    expect_err("\"amount\":\"5\xEF\xBC\x9A\"", "$.amount",
               "expected money (yuan, at most two decimals), got \"5\xEF\xBC\x9A\"");
    expect_err("\"amount\":\"\xEF\xBC\x95\"", "$.amount",
               "expected money (yuan, at most two decimals), got \"\xEF\xBC\x95\": use ASCII digits 0-9");
    expect_err("\"amount\":1.005", "$.amount", "expected money (yuan, at most two decimals), got 1.005");
    expect_err("\"amount\":1000000000000000", "$.amount", "amount 1000000000000000.00 is over the maximum 999999999999999.99");
    expect_err("\"amount\":\"1000000000000000.5\"", "$.amount", "amount 1000000000000000.50 is over the maximum 999999999999999.99");
}

T(words_at_the_end_of_the_text_and_near_true_and_false)
{
    static const struct { const char *json, *message; } bad[] = {
        {"{\"flag\":true", "expected \",\" or \"}\", got the end of the text"},
        {"{\"flag\":tru", "expected bool, got tru"},
        {"{\"flag\":fals", "expected bool, got fals"},
        {"{\"flag\":falsey}", "expected bool, got falsey"},
        {"{\"flag\":falsE}", "expected bool, got falsE"},
        {"{\"flag\":false", "expected \",\" or \"}\", got the end of the text"},
        {"{\"flag\":null", "expected bool, got null"},
        {"{\"flag\":nul", "expected bool, got nul"},
        {"{\"flag\":nullx}", "expected bool, got nullx"},
        {"{\"since\":null", "expected \",\" or \"}\", got the end of the text"},
        {"{\"id\":null}", "expected text, got null"},
        {"{\"flag\":}", "expected a value, got \"}\""},
        {"{\"flag\":", "expected a value, got the end of the text"},
        {"{\"year\":{}}", "expected an integer, got an object"},
        {"{\"year\":[1]}", "expected an integer, got an array"},
        {"{\"sub\":[]}", "expected an object, got an array"},
        {"{\"tags\":{}}", "expected a list, got an object"},
        {"{\"kind\":7}", "expected one of \"enterprise\", \"service_org\"; got 7"},
        {"{\"kind\":\"a\\u0000\"}", "expected one of \"enterprise\", \"service_org\"; got \"a\\u0000\""},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        PolDiag e = decode_err_n(&facts_rec, bad[i].json, strlen(bad[i].json));
        cr_assert_str_eq(e.message, bad[i].message, "%s: %s", bad[i].json, e.message);
    }
}

T(lists_nested_to_the_depth_limit)
{
    char deep[1024] = "{\"child\":";
    for (int i = 0; i < 32; i++)
        strcat(deep, "{\"items\":[");
    PolDiag e = decode_err_n(&node_rec, deep, strlen(deep));
    cr_assert_str_eq(e.message, "nested deeper than 64 levels");
    cr_assert_eq(strncmp(e.path, "$.child.items[0].items[0]", 25), 0, "%s", e.path);
    cr_assert_eq(e.column, (long)strlen(deep));
}

T(the_top_level_value_and_what_follows_it)
{
    expect_err_json("+5", "$", "expected an object (the applicant's facts), got +5");
    expect_err_json(".5", "$", "expected an object (the applicant's facts), got .5");
    expect_err_json("\xE4\xB8\xAD", "$", "expected an object (the applicant's facts), got \"\xE4\xB8\xAD\"");
    expect_err_json("\x80", "$", "invalid UTF-8 (byte 0x80)");
    expect_err_json("\"a\\q\"", "$", "invalid escape \"\\q\" in a string");
    expect_err_json("\xEF\xBB{}", "$", "invalid UTF-8 (byte 0xEF)");
    expect_err_json("\xEF\xBC\x82{}", "$", "expected an object (the applicant's facts), got \"\xEF\xBC\x82\" (JSON needs straight double quotes \")");
    expect_err_json("{" BASE "}\xE4\xB8\xAD", "$", "unexpected text after the end of the facts object");
}

/* The id of an applicant whose facts fail before it: found by a light scan
 * that gives up on anything it cannot read. */
T(id_recovered_or_given_up)
{
    cr_assert_str_eq(id_of("\xEF\xBB\xBF {\"kind\":\"bogus\", \"id\" : \"B1\"}", false)->bytes, "B1");
    cr_assert_str_eq(id_of("{\"kind\":\"bogus\",\"\\u0000d\":\"x\",\"id\":\"B2\"}", false)->bytes, "B2");
    cr_assert_str_eq(id_of("{\"kind\":\"bogus\",\"\\u0069d\":\"B\\u0033\"}", false)->bytes, "B3");
    cr_assert_null(id_of("{\"kind\":\"bogus\",\"id\"", false));
    cr_assert_null(id_of("{\"kind\":\"bogus\",\"id\":", false));
    cr_assert_null(id_of("{\"kind\" \"bogus\",\"id\":\"B4\"}", false));
    cr_assert_null(id_of("{\"kind\":\"bogus\",\"id\":\"B5", false));
    cr_assert_null(id_of("{\"kind\":\"bogus\",\"id\":\"B\\u0000\"}", false));
    cr_assert_null(id_of("{\"kind\":\"bogus\",\"tags\":[", false));
    cr_assert_null(id_of("{\"kind\":\"bogus\"", false));
    cr_assert_null(id_of("{\"kind\":\"bogus\",", false));
    cr_assert_null(id_of("  ", false));
    /* an id member the schema does not have: none */
    PolFactsOptions o = {POL_LANG_EN, NULL, M_COUNT};
    PolValue v;
    PolDiag e;
    const PolText *id = (const PolText *)1;
    cr_assert(!pol_facts_decode(&facts_rec, "{\"id\":\"C1\",\"zz\":1}", 19, &o, &v, &e, &id));
    cr_assert_null(id);
    cr_assert_str_eq(e.message, "unknown key \"zz\"");
}
