/*
 * decide.c — one applicant end to end, shared by run, batch and test.
 */
#include <gc.h>
#include <stdio.h>
#include <string.h>
#include "decide.h"

PolDecider *pol_decider_new(const PolProgram *p)
{
    PolDecider *d = GC_MALLOC(sizeof *d);
    d->ev = pol_eval_new(p);
    d->layout = pol_decision_layout(p);
    return d;
}

/* A refusal of the facts (E09xx): the error line gives its path. */
static bool bad_facts(PolDecideError *err, PolDiag d)
{
    err->bad_facts = d.code != POL_NO_CODE;   /* none: memory ran out, polrun's failure */
    err->diag = d;
    err->path = d.path;
    err->message = d.message;
    return false;
}

bool pol_decide_eval(PolDecider *dr, const char *json, size_t len, const PolDecideOptions *o, PolDecideError *err)
{
    PolEval *ev = dr->ev;
    const PolProgram *p = ev->prog;
    memset(err, 0, sizeof *err);
    PolValue facts;
    PolDiag ferr;
    PolFactsOptions fo = {o->lang, o->arena, p->id_member};
    if (!pol_facts_decode(p->facts, json, len, &fo, &facts, &ferr, &err->id))
        return bad_facts(err, ferr);
    int32_t date = o->date;
    if (!o->have_date) {
        PolValue d = p->date_member >= 0 ? facts.as.record->members[p->date_member] : pol_absent();
        if (d.tag != POL_V_DATE) {
            if (p->date_member < 0) {
                PolDiag e = pol_diag_error(o->lang, POL_E0941_no_evaluation_date_option,
                                           pol_fit(pol_diag_text(o->lang, POL_E0941_no_evaluation_date_option), 1024));
                e.path = "$";
                return bad_facts(err, e);
            }
            const char *name = p->facts->members[p->date_member].name;
            PolDiag e = pol_diag_error(o->lang, POL_E0940_no_evaluation_date,
                                       pol_fit(pol_diag_text(o->lang, POL_E0940_no_evaluation_date, name), 1024));
            e.path = pol_strdup_printf("$.%s", name);
            return bad_facts(err, e);
        }
        date = d.as.date;
    }
    if (!pol_eval_run(ev, facts, date, o->explain != POL_EXPLAIN_NONE)) {
        err->diag = pol_eval_error(ev, o->lang);
        err->path = "$";
        err->message = pol_diag_line(&err->diag);
        return false;
    }
    return true;
}

bool pol_decide(PolDecider *dr, const char *json, size_t len, const PolDecideOptions *o, PolBuf *out,
                PolDecideError *err)
{
    if (!pol_decide_eval(dr, json, len, o, err))
        return false;
    PolEval *ev = dr->ev;
    if (o->format == POL_DECISION_CSV) {
        pol_decision_csv_row(out, ev);
        return true;
    }
    pol_decision_json(out, ev, dr->layout, o->format == POL_DECISION_PRETTY, o->explain == POL_EXPLAIN_JSON);
    if (o->explain == POL_EXPLAIN_TEXT) {
        pol_buf_puts(out, "\n\n");
        pol_decision_explain_text(out, ev, o->lang);
    }
    return true;
}
