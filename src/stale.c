/*
 * stale.c — the dated values not verified since a date (stale.h).
 */
#include <gc.h>
#include <string.h>
#include "source.h"
#include "stale.h"

/* The line of one stale step, or nothing when it was verified since. */
static int stale_line(const PolProgram *p, const PolStep *st, const char *name, int32_t since, PolLang lang, FILE *out)
{
    if (st->has_verified && st->verified >= since)
        return 0;
    const PolSpan *at = &p->spans[st->span];
    PolBuf line = {0};
    pol_buf_printf(&line, "%s:%d: `%s`: %s", at->src ? at->src->path : "?", at->first_line, name, pol_span_text(*at));
    if (st->source >= 0)
        pol_buf_printf(&line, " source \"%s\"", p->consts[st->source].as.text->bytes);
    if (st->has_verified) {
        char day[16];
        pol_date_format(st->verified, day, sizeof day);
        pol_buf_puts(&line, pol_msg(lang, POL_MSG_stale_verified, day));
    } else {
        pol_buf_puts(&line, pol_msg(lang, POL_MSG_stale_never));
    }
    fprintf(out, "%s\n", line.data);
    return 1;
}

int pol_stale_steps(const PolProgram *p, int32_t since, PolLang lang, FILE *out)
{
    int n = 0;
    for (int k = 0; k < p->nparams; k++)
        for (int32_t i = 0; i < p->param_nsteps[k]; i++)
            n += stale_line(p, &p->steps[p->param_steps[k] + i], p->param_names[k], since, lang, out);
    for (int k = 0; k < p->ndefines; k++) {
        const PolDefineInfo *d = &p->defines[k];
        for (int r = 0; r < d->nrules; r++)
            if (d->rules[r].step >= 0)
                n += stale_line(p, &p->steps[d->rules[r].step], d->name, since, lang, out);
    }
    return n;
}
