/*
 * test_decision.c — decisions written as CSV cells and rows, for what the
 * command-line goldens (tests/cli/golden/decisions.*) cannot give: a
 * program whose applicant id is not text (a .polc is trusted for its
 * types, so one made by hand may name any scalar member), and cells of
 * text at the edges of the spreadsheet rules.
 */
#include <criterion/criterion.h>
#include <gc.h>
#include <string.h>
#include "decision.h"
#include "facts.h"
#include "support.h"
#include "vm.h"

TestSuite(decision, .init = pol_test_capture_diagnostics);

/* The CSV row of json decided on 2025-06-01. */
static const char *csv_row(PolProgram *p, const char *json)
{
    PolValue v;
    PolDiag err;
    cr_assert(pol_facts_decode(p->facts, json, strlen(json), NULL, &v, &err, NULL), "%s", err.message);
    PolEval *ev = pol_eval_new(p);
    cr_assert(pol_eval_run(ev, v, 20240, false));
    PolBuf out = {0};
    pol_decision_csv_row(&out, ev);
    pol_buf_put(&out, "", 1);
    return out.data;
}

#define ANY_ID \
    "policy \"t\"\n  title \"T\"\n  in force from 2025-01-01 for 1 year\n  identified by id\n" \
    "enum Kind { enterprise, service_org }\n" \
    "facts {\n  id: text\n  n: integer\n  flag: bool\n  kind: Kind\n  rev: money\n  start: date\n" \
    "  rate: decimal\n  opt: optional Kind\n}\n" \
    "measure m\n  article \"1\"\n  when flag\n  amount fixed rev\n"

Test(decision, an_id_of_every_scalar_type_as_a_csv_cell)
{
    PolProgram *p = pol_test_compile(ANY_ID);
    const char *json = "{\"id\": \"=A\", \"n\": -42, \"flag\": true, \"kind\": \"service_org\", \"rev\": \"1234.50\", "
                       "\"start\": \"2025-02-28\", \"rate\": \"0.125\", \"opt\": \"enterprise\"}";
    static const struct { const char *member, *cell; } want[] = {
        {"id", "\"'=A\""}, {"n", "-42"}, {"flag", "true"}, {"kind", "service_org"}, {"rev", "1234.50"},
        {"start", "2025-02-28"}, {"rate", "0.125"}, {"opt", "enterprise"},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        p->id_member = pol_record_find(p->facts, want[i].member);
        cr_assert_geq(p->id_member, 0);
        const char *row = csv_row(p, json);
        cr_assert_str_eq(row, pol_strdup_printf("%s,2025-06-01,true,1234.50,1234.50,%s,\r\n", want[i].cell, p->digest),
                         "an id of member %s: %s", want[i].member, row);
    }
    /* an enum value the type does not have (a .polc made by hand): its number */
    p->id_member = pol_record_find(p->facts, "kind");
    PolValue v;
    PolDiag err;
    cr_assert(pol_facts_decode(p->facts, json, strlen(json), NULL, &v, &err, NULL));
    ((PolRecordValue *)(uintptr_t)v.as.record)->members[p->id_member].as.enum_index = 7;
    PolEval *ev = pol_eval_new(p);
    cr_assert(pol_eval_run(ev, v, 20240, false));
    PolBuf out = {0};
    pol_decision_csv_row(&out, ev);
    pol_buf_put(&out, "", 1);
    cr_assert_str_eq(out.data, pol_strdup_printf("7,2025-06-01,true,1234.50,1234.50,%s,\r\n", p->digest));
}

Test(decision, text_cells_a_spreadsheet_would_misread)
{
    static const struct { const char *in, *out; } cells[] = {
        {"", ""},
        {"'", "'"},
        {"''", "''"},
        {"plain", "plain"},
        {"'plain", "'plain"},
        {"'+1", "\"''+1\""},
        {"''-1", "\"'''-1\""},
        {"@SUM(A1)", "\"'@SUM(A1)\""},
        {"\tx", "\"'\tx\""},
        {"\rx", "\"'\rx\""},
        {"\xEF\xBC\x9D" "1", "\"'\xEF\xBC\x9D" "1\""},   /* a full-width = */
        {"\xEF\xBC", "\xEF\xBC"},                         /* too short for one */
        {"a\"b", "\"a\"\"b\""},
        {"a\rb", "\"a\rb\""},
        {"a\nb", "\"a\nb\""},
        {"=\"x\"", "\"'=\"\"x\"\"\""},
    };
    for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) {
        PolBuf out = {0};
        pol_decision_csv_text(&out, cells[i].in, strlen(cells[i].in));
        pol_buf_put(&out, "", 1);
        cr_assert_str_eq(out.data, cells[i].out, "cell %zu", i);
    }
}
