/*
 * decide.c — one applicant end to end, shared by run, batch and test.
 */
#include <gc.h>
#include <stdio.h>
#include <string.h>
#include "decide.h"
#include "source.h"

PolDecider *pol_decider_new(const PolProgram *p)
{
    PolDecider *d = GC_MALLOC(sizeof *d);
    d->ev = pol_eval_new(p);
    d->layout = pol_decision_layout(p);
    return d;
}

bool pol_decide(PolDecider *dr, const char *json, size_t len, const PolDecideOptions *o, PolBuf *out,
                PolRunResult *res)
{
    PolEval *ev = dr->ev;
    const PolProgram *p = ev->prog;
    memset(res, 0, sizeof *res);
    PolValue facts;
    PolFactsError ferr;
    if (!pol_facts_decode(p->facts, json, len, &facts, &ferr, &res->id)) {
        res->exit = POL_EXIT_FACTS;
        res->code = ferr.code;
        snprintf(res->path, sizeof res->path, "%s", ferr.path);
        snprintf(res->message, sizeof res->message, "%s", ferr.message);
        return false;
    }
    int32_t date = o->date;
    if (!o->have_date) {
        PolValue d = p->date_member >= 0 ? facts.as.record->members[p->date_member] : pol_absent();
        if (d.tag != POL_V_DATE) {
            res->exit = POL_EXIT_FACTS;
            if (p->date_member >= 0) {
                const char *name = p->facts->members[p->date_member].name;
                snprintf(res->path, sizeof res->path, "$.%s", name);
                res->code = POL_E0940_no_evaluation_date;
                pol_diag_message(res->message, sizeof res->message, res->code, name);
            } else {
                snprintf(res->path, sizeof res->path, "$");
                res->code = POL_E0941_no_evaluation_date_option;
                pol_diag_message(res->message, sizeof res->message, res->code);
            }
            return false;
        }
        date = d.as.date;
    }
    if (!pol_eval_run(ev, facts, date, o->explain != POL_EXPLAIN_NONE)) {
        res->exit = POL_EXIT_POLICY;
        res->code = ev->error.code;
        snprintf(res->path, sizeof res->path, "$");
        snprintf(res->message, sizeof res->message, "%s", pol_vm_error_text(ev));
        return false;
    }
    if (o->format == POL_DECISION_CSV) {
        pol_decision_csv_row(out, ev);
        return true;
    }
    pol_decision_json(out, ev, dr->layout, o->format == POL_DECISION_PRETTY, o->explain == POL_EXPLAIN_JSON);
    if (o->explain == POL_EXPLAIN_TEXT) {
        pol_buf_puts(out, "\n\n");
        pol_explain_text(out, ev);
    }
    return true;
}

void pol_report_vm_error(const PolEval *ev)
{
    PolSpan none = {0};
    const PolProgram *p = ev->prog;
    const PolVmError *e = &ev->error;
    PolSpan at = e->span >= 0 ? p->spans[e->span] : none;
    if (e->code != POL_NO_CODE)
        pol_diag(e->code, at, NULL, e->args[0], e->args[1], e->args[2]);
    else   /* an internal error: no code */
        pol_diag_uncoded(at, NULL, "%s", e->message);
    if (e->other_span >= 0)
        pol_diag_note(p->spans[e->other_span], "%s", pol_msg(POL_MSG_other_rule_here));
}

const char *pol_vm_error_text(const PolEval *ev)
{
    const PolProgram *p = ev->prog;
    const PolVmError *e = &ev->error;
    /* as --error-format gnu writes it: the keyword `error` stays English */
    const char *code = pol_diag_code(e->code);
    const char *msg = code ? pol_strdup_printf("error[%s]: %s", code, e->message) : e->message;
    if (e->span < 0)
        return msg;
    PolSpan s = p->spans[e->span];
    return pol_strdup_printf("%s:%d:%d: %s", s.src ? s.src->path : "?", s.first_line, s.first_col, msg);
}
