/*
 * decision.c — decisions and explanations as JSON, CSV rows and text.
 *
 * Knows the facts layout only through the schema (to name enum values and
 * follow fact paths of the values a condition read).
 */
#include <gc.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "decision.h"
#include "never.h"
#include "source.h"

/* A message of the registry (src/diagnostics.h) in the language of
 * --lang, formatted into b: the words of the text explanation. */
static void say(PolBuf *b, PolLang lang, PolMsg m, ...)
{
    va_list ap;
    va_start(ap, m);
    pol_buf_vprintf(b, pol_msg_format(lang, m), ap);
    va_end(ap);
}

static void jstr(PolBuf *b, const char *s) { pol_buf_json_string(b, s, strlen(s)); }

/* The evaluation date's member in a decision: named as the policy's `as
 * of` member (`applied_on`), `as_of` when it has none. */
static const char *date_key(const PolProgram *p)
{
    return p->date_member >= 0 ? p->facts->members[p->date_member].name : "as_of";
}

static void text_or_null(PolBuf *b, const PolText *t)
{
    if (t)
        pol_buf_json_string(b, t->bytes, t->len);
    else
        pol_buf_puts(b, "null");
}

/* Money and dates as JSON strings: digits, '.', '-' and nothing to
 * escape, so they are formatted between their quotes and put at once. */
static void money(PolBuf *b, int64_t fen)
{
    char tmp[34];
    tmp[0] = '"';
    size_t n = pol_money_format(fen, tmp + 1, 32);
    tmp[n + 1] = '"';
    pol_buf_put(b, tmp, n + 2);
}

static void date(PolBuf *b, int32_t d)
{
    char tmp[18];
    tmp[0] = '"';
    size_t n = pol_date_format(d, tmp + 1, 16);
    tmp[n + 1] = '"';
    pol_buf_put(b, tmp, n + 2);
}

/* ---- a small JSON writer with optional indentation ---- */

typedef struct Writer {
    PolBuf *b;
    bool pretty;
    int depth;
    bool first[32];
} Writer;

static void newline(Writer *w)
{
    if (!w->pretty)
        return;
    pol_buf_put(w->b, "\n", 1);
    for (int i = 0; i < w->depth; i++)
        pol_buf_put(w->b, "  ", 2);
}

static void open_(Writer *w, char c)
{
    pol_buf_put(w->b, &c, 1);
    w->depth++;
    w->first[w->depth < 32 ? w->depth : 31] = true;
}

static void close_(Writer *w, char c)
{
    bool empty = w->first[w->depth < 32 ? w->depth : 31];
    w->depth--;
    if (!empty)
        newline(w);
    pol_buf_put(w->b, &c, 1);
}

static void item(Writer *w)
{
    int d = w->depth < 32 ? w->depth : 31;
    if (!w->first[d])
        pol_buf_put(w->b, ",", 1);
    w->first[d] = false;
    newline(w);
}

static void key(Writer *w, const char *k)
{
    item(w);
    jstr(w->b, k);
    pol_buf_puts(w->b, w->pretty ? ": " : ":");
}

/* ---- values read from facts ---- */

/* The declared type of the fact at path ("digital.in_pilot", "standards[].level"). */
static const PolType *path_type(const PolProgram *p, const char *path)
{
    const PolRecord *r = p->facts;
    const PolType *t = NULL;
    const char *s = path;
    while (*s) {
        const char *end = s;
        while (*end && *end != '.' && *end != '[')
            end++;
        if (!r)
            return NULL;
        const PolMember *m = NULL;
        for (int i = 0; i < r->count; i++)
            if (strlen(r->members[i].name) == (size_t)(end - s) && memcmp(r->members[i].name, s, (size_t)(end - s)) == 0)
                m = &r->members[i];
        if (!m)
            return NULL;
        t = m->type;
        if (*end == '[') {
            t = t->inner;
            end += 2;
        }
        r = t && t->kind == POL_T_RECORD ? t->record : NULL;
        s = *end == '.' ? end + 1 : end;
    }
    return t;
}

static const char *exact_yuan(PolUMoney u);

static void value_json(PolBuf *b, PolValue v, const PolType *t)
{
    char tmp[64];
    switch (v.tag) {
    case POL_V_ABSENT: pol_buf_puts(b, "null"); break;
    case POL_V_BOOL: pol_buf_puts(b, v.as.b ? "true" : "false"); break;
    case POL_V_INT: pol_buf_printf(b, "%lld", (long long)v.as.i); break;
    case POL_V_MONEY: money(b, v.as.fen); break;
    case POL_V_UMONEY: jstr(b, exact_yuan(v.as.umoney)); break;
    case POL_V_DATE: date(b, v.as.date); break;
    case POL_V_DEC: pol_dec_format(v.as.dec, tmp, sizeof tmp); jstr(b, tmp); break;
    case POL_V_TEXT: pol_buf_json_string(b, v.as.text->bytes, v.as.text->len); break;
    case POL_V_ENUM:
        if (t && t->kind == POL_T_ENUM && v.as.enum_index >= 0 && v.as.enum_index < t->enumeration->count)
            jstr(b, t->enumeration->values[v.as.enum_index]);
        else
            pol_buf_printf(b, "%d", v.as.enum_index);
        break;
    case POL_V_LIST: pol_buf_printf(b, "\"%d item%s\"", v.as.list->count, v.as.list->count == 1 ? "" : "s"); break;
    case POL_V_RECORD: pol_buf_puts(b, "\"present\""); break;
    default: pol_buf_puts(b, "null"); break;
    }
}

/* An exact rational of `unit`s (100 for fen as yuan) in decimals, at least
 * min_decimals of them and at most 12: "99.999", 1/3 fen shown as
 * "0.003333333333…". */
static const char *exact_decimals(PolUMoney u, int unit, int min_decimals)
{
    char buf[96];
    size_t n = 0;
    pol_i128 num = u.num;
    if (num < 0) {
        buf[n++] = '-';
        num = -num;
    }
    pol_i128 den = (pol_i128)u.den * unit;
    pol_i128 whole = num / den, rest = num % den;
    char digits[48];
    int k = 0;
    do {
        digits[k++] = (char)('0' + (int)(whole % 10));
        whole /= 10;
    } while (whole > 0 && ALWAYS(k < 47));   /* an int128 has at most 39 digits */
    while (k > 0)
        buf[n++] = digits[--k];
    if (rest != 0 || min_decimals > 0)
        buf[n++] = '.';
    int decimals = 0;
    while ((rest != 0 || decimals < min_decimals) && decimals < 12) {
        rest *= 10;
        buf[n++] = (char)('0' + (int)(rest / den));
        rest %= den;
        decimals++;
    }
    buf[n] = '\0';
    return pol_strdup_printf("%s%s", buf, rest != 0 ? "…" : "");
}

/* An exact amount of fen as yuan: "99.999", 1/3 fen as "0.003333333333…". */
static const char *exact_yuan(PolUMoney u)
{
    return exact_decimals(u, 100, 2);
}

/* ---- what decided a value: a branch of an `if`, a scale's bracket ---- */

/* "file:line" of a span of the program. */
static const char *place(const PolProgram *p, int32_t span)
{
    if (span < 0 || !p->spans[span].src)
        return "?";
    return pol_strdup_printf("%s:%d", p->spans[span].src->path, p->spans[span].first_line);
}

/* A value of scale s: yuan for a scale of money, else the number. */
static const char *scale_text(const PolScaleInfo *s, PolUMoney v)
{
    return s->money ? exact_yuan(v) : exact_decimals(v, 1, 0);
}

/* A rate as a percentage: "10%", "3.5%". */
static const char *rate_text(PolDec rate)
{
    PolUMoney r = pol_umoney_from_dec(rate), percent;
    if (pol_umoney_mul_dec(r, pol_dec_from_int(100), &percent) != POL_NUM_OK)
        percent = r;
    return pol_strdup_printf("%s%%", exact_decimals(percent, 1, 0));
}

/* The part of `base` in bracket i of a marginal scale whose base fell in
 * bracket k (i <= k). */
static PolUMoney scale_part(const PolScaleInfo *s, PolUMoney base, int i, int k)
{
    PolUMoney top = i == k ? base : s->brackets[i].up_to, part = top;
    if (i > 0 && pol_umoney_sub(top, s->brackets[i - 1].up_to, &part) != POL_NUM_OK)
        part = top;
    return part;
}

/* Whether read r is a mark of the value computed by chunk (vm.h). */
static bool mark_of(const PolRead *r, int chunk, int32_t kind)
{
    return r->path == kind && r->chunk == chunk;
}

/* Whether any of the reads [from, to) is such a mark. */
static bool any_mark(const PolEval *ev, int32_t from, int32_t to, int chunk, int32_t kind)
{
    for (int32_t i = from; i < to; i++)
        if (mark_of(&ev->reads[i], chunk, kind))
            return true;
    return false;
}

/* The branches taken and the scales applied for the value chunk computed,
 * among the reads [from, to): "branches" and "scales", each only when
 * there is one. */
static void marks_json(Writer *w, const PolEval *ev, int32_t from, int32_t to, int chunk)
{
    const PolProgram *p = ev->prog;
    if (any_mark(ev, from, to, chunk, POL_READ_BRANCH)) {
        key(w, "branches");
        open_(w, '[');
        for (int32_t i = from; i < to; i++) {
            const PolRead *r = &ev->reads[i];
            if (!mark_of(r, chunk, POL_READ_BRANCH))
                continue;
            item(w);
            open_(w, '{');
            key(w, "branch"); jstr(w->b, p->branches[r->index].text);
            key(w, "at"); jstr(w->b, place(p, p->branches[r->index].span));
            close_(w, '}');
        }
        close_(w, ']');
    }
    if (!any_mark(ev, from, to, chunk, POL_READ_SCALE))
        return;
    key(w, "scales");
    open_(w, '[');
    for (int32_t i = from; i < to; i++) {
        const PolRead *r = &ev->reads[i];
        if (!mark_of(r, chunk, POL_READ_SCALE))
            continue;
        const PolScaleInfo *s = &p->scales[r->index];
        int k = r->bracket, again = k;
        PolUMoney base = r->value.as.umoney, value = base;
        pol_scale_apply(s->brackets, s->nbrackets, s->marginal, base, &value, &again);
        item(w);
        open_(w, '{');
        key(w, "scale"); jstr(w->b, s->name);
        key(w, "base"); jstr(w->b, scale_text(s, base));
        key(w, "bracket"); pol_buf_printf(w->b, "%d", k + 1);
        if (k > 0) {
            key(w, "above"); jstr(w->b, scale_text(s, s->brackets[k - 1].up_to));
        }
        if (k < s->nbrackets - 1) {
            key(w, "up_to"); jstr(w->b, scale_text(s, s->brackets[k].up_to));
        }
        key(w, "rate"); jstr(w->b, rate_text(s->brackets[k].rate));
        if (!s->marginal) {
            key(w, "deduction"); jstr(w->b, scale_text(s, s->brackets[k].deduction));
        } else {
            key(w, "parts");
            open_(w, '[');
            for (int b = 0; b <= k; b++) {
                PolUMoney part = scale_part(s, base, b, k), tax = part;
                pol_umoney_mul_dec(part, s->brackets[b].rate, &tax);
                item(w);
                open_(w, '{');
                key(w, "bracket"); pol_buf_printf(w->b, "%d", b + 1);
                key(w, "part"); jstr(w->b, scale_text(s, part));
                key(w, "rate"); jstr(w->b, rate_text(s->brackets[b].rate));
                key(w, "value"); jstr(w->b, scale_text(s, tax));
                close_(w, '}');
            }
            close_(w, ']');
        }
        key(w, "value"); jstr(w->b, scale_text(s, value));
        close_(w, '}');
    }
    close_(w, ']');
}

/* The same in the words of --lang, one line each, indented `indent`. */
static void marks_text(PolBuf *b, const PolEval *ev, int32_t from, int32_t to, int chunk, int indent, PolLang lang)
{
    const PolProgram *p = ev->prog;
    for (int32_t i = from; i < to; i++) {
        const PolRead *r = &ev->reads[i];
        if (mark_of(r, chunk, POL_READ_BRANCH)) {
            pol_buf_printf(b, "%*s", indent, "");
            say(b, lang, POL_MSG_ex_branch, p->branches[r->index].text, place(p, p->branches[r->index].span));
            pol_buf_puts(b, "\n");
        } else if (mark_of(r, chunk, POL_READ_SCALE)) {
            const PolScaleInfo *s = &p->scales[r->index];
            int k = r->bracket, again = k;
            PolUMoney base = r->value.as.umoney, value = base;
            pol_scale_apply(s->brackets, s->nbrackets, s->marginal, base, &value, &again);
            PolBuf range = {0}, formula = {0};
            if (k == 0 && s->nbrackets > 1)
                say(&range, lang, POL_MSG_ex_range_up_to, scale_text(s, s->brackets[0].up_to));
            else if (k == s->nbrackets - 1 && k > 0)
                say(&range, lang, POL_MSG_ex_range_above, scale_text(s, s->brackets[k - 1].up_to));
            else if (k > 0)
                say(&range, lang, POL_MSG_ex_range_between, scale_text(s, s->brackets[k - 1].up_to), scale_text(s, s->brackets[k].up_to));
            if (!s->marginal)
                pol_buf_printf(&formula, "%s × %s − %s", scale_text(s, base), rate_text(s->brackets[k].rate),
                               scale_text(s, s->brackets[k].deduction));
            for (int t = 0; s->marginal && t <= k; t++)
                pol_buf_printf(&formula, "%s%s × %s", t ? " + " : "", scale_text(s, scale_part(s, base, t, k)),
                               rate_text(s->brackets[t].rate));
            pol_buf_printf(b, "%*s", indent, "");
            say(b, lang, POL_MSG_ex_scale, s->name, scale_text(s, base), k + 1, range.len ? range.data : "", formula.data,
                scale_text(s, value));
            pol_buf_puts(b, "\n");
        }
    }
}

static const char *rounding_words(int32_t path)
{
    static const char *const modes[] = {"down", "up", "half up", "half even"};
    return pol_strdup_printf("%s to %s", modes[POL_READ_ROUND_MODE(path)],
                             POL_READ_ROUND_UNIT(path) == POL_UNIT_YUAN ? "yuan" : "fen");
}

static int64_t rounded(const PolRead *r)
{
    int64_t fen = 0;
    pol_umoney_round(r->value.as.umoney, POL_READ_ROUND_MODE(r->path), POL_READ_ROUND_UNIT(r->path), &fen);
    return fen;
}

static const char *read_path(const PolEval *ev, const PolRead *r)
{
    if (r->path < 0)   /* a rounding, a branch, a scale: no fact */
        return NULL;
    const char *path = ev->prog->strings[r->path];
    if (r->index < 0)
        return path;
    const char *br = strstr(path, "[]");
    if (!br)
        return path;
    return pol_strdup_printf("%.*s[%d]%s", (int)(br - path), path, r->index, br + 2);
}

/* The path of read i when it is the first read of that fact in [from, i]
 * (a fact is shown once, where it was first read); NULL for a repeat or a
 * rounding, which is shown with the amount. */
static const char *first_read(const PolEval *ev, int32_t from, int32_t i)
{
    const char *p = read_path(ev, &ev->reads[i]);
    if (!p)
        return NULL;
    for (int32_t j = from; j < i; j++) {
        const char *q = read_path(ev, &ev->reads[j]);
        if (q && strcmp(q, p) == 0)
            return NULL;
    }
    return p;
}

/* The reads in [from, to) as an object, each path once, in first-read order. */
static void reads_json(Writer *w, const PolEval *ev, int32_t from, int32_t to)
{
    open_(w, '{');
    for (int32_t i = from; i < to; i++) {
        const char *p = first_read(ev, from, i);
        if (!p)
            continue;
        key(w, p);
        value_json(w->b, ev->reads[i].value, path_type(ev->prog, ev->prog->strings[ev->reads[i].path]));
    }
    close_(w, '}');
}

/* Where a definition's value came from: "rule giant at file:40",
 * "default at file:12", "formula at file:9" (the JSON member decided_by,
 * in English whatever --lang says); in the text explanation, in the
 * language of --lang. */
static const char *decided_by(const PolEval *ev, int k, bool text, PolLang lang)
{
    const PolDefineInfo *d = &ev->prog->defines[k];
    int rule = ev->def_rule[k];
    int32_t span = rule >= 0 ? d->rules[rule].span : d->nrules > 0 ? d->rules[0].span : -1;
    PolBuf at = {0}, by = {0};
    if (span >= 0 && ev->prog->spans[span].src) {
        const char *path = ev->prog->spans[span].src->path;
        int line = ev->prog->spans[span].first_line;
        if (text)
            say(&at, lang, POL_MSG_ex_at, path, line);
        else
            pol_buf_printf(&at, " at %s:%d", path, line);
    }
    const char *where = at.len ? at.data : "";
    PolRuleKind kind = rule < 0 ? (PolRuleKind)-1 : d->rules[rule].kind;
    const char *label = rule < 0 ? "" : d->rules[rule].label;
    if (!text)
        return rule < 0 ? pol_strdup_printf("formula%s", where)
             : kind == POL_RULE_DEFAULT ? pol_strdup_printf("default%s", where)
             : kind == POL_RULE_EXCEPTION ? pol_strdup_printf("exception %s%s", label, where)
             : pol_strdup_printf("rule %s%s", label, where);
    if (rule < 0)
        say(&by, lang, POL_MSG_ex_by_formula, where);
    else if (kind == POL_RULE_DEFAULT)
        say(&by, lang, POL_MSG_ex_by_default, where);
    else if (kind == POL_RULE_EXCEPTION)
        say(&by, lang, POL_MSG_ex_by_exception, label, where);
    else
        say(&by, lang, POL_MSG_ex_by_rule, label, where);
    return by.data;
}

static const PolType *plain(const PolType *t)
{
    return t && t->kind == POL_T_OPT ? t->inner : t;
}

static const char *basis_name(PolBasis b)
{
    switch (b) {
    case POL_BASIS_FIXED: return "fixed";
    case POL_BASIS_CAPPED: return "capped";
    case POL_BASIS_PER_REGULATION: return "per_regulation";
    case POL_BASIS_NON_MONETARY: return "non_monetary";
    case POL_BASIS_COMPUTED: return "computed";
    }
    return "?";
}

static const char *outcome_name(PolMeasureOutcome o)
{
    switch (o) {
    case POL_MEASURE_NOT_IN_FORCE: return "not_in_force";
    case POL_MEASURE_NOT_APPLICABLE: return "not_applicable";
    case POL_MEASURE_REFUSED: return "refused";
    case POL_MEASURE_ZERO: return "zero_amount";
    case POL_MEASURE_GRANTED: return "granted";
    }
    return "?";
}

/* The outcome in the words of --lang (text explanation), as the kind of
 * scheme says it: a relief is not 给予支持. */
static const char *outcome_words(PolMeasureOutcome o, PolSchemeKind scheme, PolLang lang)
{
    static const PolMsg granted[] = {POL_MSG_ex_granted, POL_MSG_ex_granted_relief, POL_MSG_ex_granted_service};
    static const PolMsg refused[] = {POL_MSG_ex_refused, POL_MSG_ex_refused_relief, POL_MSG_ex_refused_service};
    static const PolMsg zero[] = {POL_MSG_ex_zero_amount, POL_MSG_ex_zero_amount_relief, POL_MSG_ex_zero_amount};
    switch (o) {
    case POL_MEASURE_NOT_IN_FORCE: return pol_msg_format(lang, POL_MSG_ex_measure_not_in_force);
    case POL_MEASURE_NOT_APPLICABLE: return pol_msg_format(lang, POL_MSG_ex_not_applicable);
    case POL_MEASURE_REFUSED: return pol_msg_format(lang, refused[scheme]);
    case POL_MEASURE_ZERO: return pol_msg_format(lang, zero[scheme]);
    case POL_MEASURE_GRANTED: return pol_msg_format(lang, granted[scheme]);
    }
    return "?";
}

/* rounding_words in the words of --lang: "down to fen", "向下取整到分". */
static const char *rounding_text(int32_t path, PolLang lang)
{
    static const PolMsg modes[] = {POL_MSG_ex_round_down, POL_MSG_ex_round_up, POL_MSG_ex_round_half_up,
                                   POL_MSG_ex_round_half_even};
    PolBuf w = {0};
    say(&w, lang, POL_MSG_ex_round_to, pol_msg_format(lang, modes[POL_READ_ROUND_MODE(path)]),
        pol_msg_format(lang, POL_READ_ROUND_UNIT(path) == POL_UNIT_YUAN ? POL_MSG_ex_yuan : POL_MSG_ex_fen));
    return w.data;
}

/* The subject of item k of a per-item measure: {"occupation": ..., ...},
 * values as the facts write them. */
static void subject_json(Writer *w, const PolMeasureInfo *mi, const PolItems *it, int32_t k)
{
    open_(w, '{');
    for (int j = 0; j < mi->nsubject; j++) {
        key(w, mi->subject_names[j]);
        value_json(w->b, it->subject[(size_t)k * (size_t)mi->nsubject + (size_t)j], plain(mi->subject_types[j]));
    }
    close_(w, '}');
}

/* What a measure, or an item of a per-item measure, came to: what its
 * explanation shows. */
typedef struct Decided {
    PolMeasureOutcome outcome;
    int failed_cond;
    bool has_amount, floored;
    int cap_bit;
    int64_t amount, base;
    const PolCondTrace *conds;
    const PolValue *caps;
    int32_t amount_reads_from, amount_reads_to;
    int cond_from, cond_to;      /* its conditions: a per-item measure's own are those written
                                    before `for each`, an item's the others */
} Decided;

static Decided measure_decided(const PolMeasureInfo *mi, const PolMeasureResult *r)
{
    Decided d = {r->outcome, r->failed_cond, r->has_amount && !mi->item_type, r->floored, r->cap_bit, r->amount,
                 r->base, r->conds, r->caps, r->amount_reads_from, r->amount_reads_to,
                 0, mi->item_type ? mi->item_conds : mi->nconds};
    return d;
}

static Decided item_decided(const PolMeasureInfo *mi, const PolItemResult *r)
{
    Decided d = {r->outcome, r->failed_cond, r->has_amount, r->floored, r->cap_bit, r->amount, r->base,
                 r->conds, r->caps, r->amount_reads_from, r->amount_reads_to, mi->item_conds, mi->nconds};
    return d;
}

/* Each condition, whether it held and what it read, the first failing
 * one, and how the amount was computed. */
static void days_json(Writer *w, const PolProgram *p, const PolStep *st);
static bool holds_on(const PolStep *st, int32_t day);

static void decided_json(Writer *w, const PolEval *ev, const PolMeasureInfo *mi, const Decided *r)
{
    key(w, "conditions");
    open_(w, '[');
    for (int k = r->cond_from; k < r->cond_to; k++) {
        const PolCondTrace *ct = &r->conds[k];
        item(w);
        open_(w, '{');
        key(w, "when"); jstr(w->b, mi->cond_texts[k]);
        key(w, "holds");
        pol_buf_puts(w->b, !ct->evaluated ? "null" : ct->holds ? "true" : "false");
        if (mi->cond_steps[k] >= 0) {
            /* a dated condition: outside its days it holds without being tried */
            const PolStep *st = &ev->prog->steps[mi->cond_steps[k]];
            days_json(w, ev->prog, st);
            key(w, "in_force"); pol_buf_puts(w->b, holds_on(st, ev->eval_date) ? "true" : "false");
        }
        if (ct->evaluated) {
            key(w, "read");
            reads_json(w, ev, ct->reads_from, ct->reads_to);
            marks_json(w, ev, ct->reads_from, ct->reads_to, mi->chunk);
        }
        close_(w, '}');
    }
    close_(w, ']');
    if (r->outcome == POL_MEASURE_REFUSED && r->failed_cond >= 0) {
        key(w, "failed"); jstr(w->b, mi->cond_texts[r->failed_cond]);
    }
    if (r->has_amount) {
        key(w, "amount");
        open_(w, '{');
        key(w, "basis"); jstr(w->b, basis_name(mi->basis));
        key(w, "computed"); jstr(w->b, mi->amount_text);
        key(w, "value"); money(w->b, mi->ncaps > 0 ? r->base : r->amount);
        bool any_rounding = false;
        for (int32_t i2 = r->amount_reads_from; i2 < r->amount_reads_to; i2++)
            any_rounding |= POL_READ_IS_ROUNDING(ev->reads[i2].path);
        if (any_rounding) {
            key(w, "rounding");
            open_(w, '[');
            for (int32_t i2 = r->amount_reads_from; i2 < r->amount_reads_to; i2++) {
                const PolRead *rd = &ev->reads[i2];
                if (!POL_READ_IS_ROUNDING(rd->path))
                    continue;
                item(w);
                open_(w, '{');
                if (rd->list >= 0) {
                    key(w, "item"); jstr(w->b, pol_strdup_printf("%s[%d]", ev->prog->strings[rd->list], rd->index));
                }
                key(w, "exact"); jstr(w->b, exact_yuan(rd->value.as.umoney));
                key(w, "rounded"); jstr(w->b, rounding_words(rd->path));
                key(w, "result"); money(w->b, rounded(rd));
                close_(w, '}');
            }
            close_(w, ']');
        }
        if (mi->ncaps > 0) {
            key(w, "ceilings");
            open_(w, '[');
            for (int k = 0; k < mi->ncaps; k++) {
                item(w);
                open_(w, '{');
                key(w, "at_most"); jstr(w->b, mi->cap_texts[k]);
                key(w, "value"); value_json(w->b, r->caps[k], NULL);
                key(w, "bit"); pol_buf_puts(w->b, r->cap_bit == k ? "true" : "false");
                if (mi->cap_steps[k] >= 0) {   /* a dated ceiling: none outside its days */
                    const PolStep *st = &ev->prog->steps[mi->cap_steps[k]];
                    days_json(w, ev->prog, st);
                    key(w, "in_force"); pol_buf_puts(w->b, holds_on(st, ev->eval_date) ? "true" : "false");
                }
                close_(w, '}');
            }
            close_(w, ']');
            if (r->floored) {
                key(w, "floored_at_zero"); pol_buf_puts(w->b, "true");
            }
        }
        marks_json(w, ev, r->amount_reads_from, r->amount_reads_to, mi->chunk);
        key(w, "result"); money(w->b, r->amount);
        key(w, "read");
        reads_json(w, ev, r->amount_reads_from, r->amount_reads_to);
        close_(w, '}');
    }
}

/* Item k of a per-item measure, as its entitlement names it:
 * `certificates[1]`. */
static const char *item_name(const PolMeasureInfo *mi, const PolItems *it, int32_t k)
{
    return pol_strdup_printf("%s[%d]", mi->items_text, (int)it->item[k].index);
}

/* A per-item measure: the conditions written before `for each` (when it
 * has some), the list and its order, then, when the list was taken,
 * every item in the order taken, with its subject, outcome and
 * conditions. */
static void items_json(Writer *w, const PolEval *ev, const PolMeasureInfo *mi, const PolMeasureResult *mr)
{
    const PolItems *it = mr->items;
    if (mi->item_conds > 0) {
        Decided d = measure_decided(mi, mr);
        decided_json(w, ev, mi, &d);
    }
    key(w, "for_each"); jstr(w->b, pol_strdup_printf("%s in %s", mi->item_var, mi->items_text));
    if (mi->order_text) {
        key(w, "ordered_by"); jstr(w->b, mi->order_text);
    }
    if (!it->taken)   /* refused before the list was taken */
        return;
    key(w, "read");
    reads_json(w, ev, it->list_reads_from, it->list_reads_to);
    key(w, "items");
    open_(w, '[');
    for (int32_t k = 0; k < it->count; k++) {
        const PolItemResult *r = &it->item[k];
        item(w);
        open_(w, '{');
        key(w, "item"); jstr(w->b, item_name(mi, it, k));
        key(w, "index"); pol_buf_printf(w->b, "%d", (int)r->index);
        key(w, "subject"); subject_json(w, mi, it, k);
        if (mi->order_text && r->index < it->nkeys) {
            key(w, "ordered_by"); value_json(w->b, it->key[r->index], NULL);
        }
        key(w, "outcome"); jstr(w->b, outcome_name(r->outcome));
        Decided d = item_decided(mi, r);
        decided_json(w, ev, mi, &d);
        close_(w, '}');
    }
    close_(w, ']');
}

/* ---- dated values ---- */

/* A range reaching the policy's last day is shown open: `from D`. */
static bool open_end(const PolProgram *p, const PolStep *st)
{
    return st->through >= p->force_last;
}

/* The days of a step as members: "from", and "through" unless open. */
static void days_json(Writer *w, const PolProgram *p, const PolStep *st)
{
    key(w, "from"); date(w->b, st->from);
    if (!open_end(p, st)) {
        key(w, "through"); date(w->b, st->through);
    }
}

/* The same in words: `from D`, `D through E`. */
static void days_text(PolBuf *b, const PolProgram *p, const PolStep *st, PolLang lang)
{
    char from[16], through[16];
    pol_date_format(st->from, from, sizeof from);
    pol_date_format(st->through, through, sizeof through);
    if (open_end(p, st))
        say(b, lang, POL_MSG_ex_days_from, from);
    else
        say(b, lang, POL_MSG_ex_days_through, from, through);
}

static bool holds_on(const PolStep *st, int32_t day)
{
    return day >= st->from && day <= st->through;
}

/* The text of the source a step cites, or NULL. */
static const char *step_source(const PolProgram *p, const PolStep *st)
{
    return st->source >= 0 ? p->consts[st->source].as.text->bytes : NULL;
}

/* Whether dated parameter k was read for this applicant (ev traced). */
static bool param_read(const PolEval *ev, int k)
{
    const PolProgram *p = ev->prog;
    return p->param_nsteps[k] > 0 && ev->param_used[k];
}

/* The step of dated parameter k in force on the evaluation date, or NULL. */
static const PolStep *param_step(const PolEval *ev, int k)
{
    const PolProgram *p = ev->prog;
    for (int32_t i = 0; i < p->param_nsteps[k]; i++)
        if (holds_on(&p->steps[p->param_steps[k] + i], ev->eval_date))
            return &p->steps[p->param_steps[k] + i];
    return NULL;
}

/* The step of the rule that gave definition k its value, or NULL. */
static const PolStep *rule_step(const PolEval *ev, int k)
{
    const PolDefineInfo *d = &ev->prog->defines[k];
    int rule = ev->def_rule[k];
    return rule >= 0 && rule < d->nrules && d->rules[rule].step >= 0 ? &ev->prog->steps[d->rules[rule].step] : NULL;
}

static bool any_dated_param(const PolProgram *p)
{
    for (int k = 0; k < p->nparams; k++)
        if (p->param_nsteps[k] > 0)
            return true;
    return false;
}

/* "steps": each dated parameter the applicant read, with the step in
 * force on its evaluation date: its days, value, source and verification. */
static void steps_json(Writer *w, const PolEval *ev)
{
    const PolProgram *p = ev->prog;
    key(w, "steps");
    open_(w, '[');
    for (int k = 0; k < p->nparams; k++) {
        const PolStep *st = param_read(ev, k) ? param_step(ev, k) : NULL;
        if (!st)
            continue;
        item(w);
        open_(w, '{');
        key(w, "parameter"); jstr(w->b, p->param_names[k]);
        key(w, "value");
        if (st->repealed || !ev->param_state[k])
            pol_buf_puts(w->b, "null");
        else
            value_json(w->b, ev->params[k], plain(p->param_types[k]));
        days_json(w, p, st);
        if (st->repealed) {
            key(w, "repealed"); pol_buf_puts(w->b, "true");
        }
        if (step_source(p, st)) {
            key(w, "source"); jstr(w->b, step_source(p, st));
        }
        if (st->has_verified) {
            key(w, "verified"); date(w->b, st->verified);
        }
        close_(w, '}');
    }
    close_(w, ']');
}

static void explanation_json(Writer *w, const PolEval *ev)
{
    const PolProgram *p = ev->prog;
    key(w, "explanation");
    open_(w, '{');
    key(w, "in_force");
    open_(w, '{');
    key(w, "from"); date(w->b, p->force_from);
    key(w, "through"); date(w->b, p->force_last);
    key(w, "evaluation_date"); date(w->b, ev->eval_date);
    key(w, "holds"); pol_buf_puts(w->b, ev->in_force ? "true" : "false");
    close_(w, '}');
    if (p->applies_chunk >= 0) {
        key(w, "applies");
        open_(w, '{');
        key(w, "when"); jstr(w->b, p->applies_text);
        key(w, "holds");
        pol_buf_puts(w->b, ev->applies < 0 ? "null" : ev->applies ? "true" : "false");
        if (ev->applies >= 0) {
            key(w, "read");
            reads_json(w, ev, ev->applies_reads_from, ev->applies_reads_to);
        }
        close_(w, '}');
    }
    /* every definition this applicant needed, with the rule that decided it */
    key(w, "definitions");
    open_(w, '[');
    for (int k = 0; k < p->ndefines; k++) {
        if (p->defines[k].nargs != 0 || ev->def_state[k] != 2)
            continue;
        item(w);
        open_(w, '{');
        key(w, "name"); jstr(w->b, p->defines[k].name);
        key(w, "value"); value_json(w->b, ev->defs[k], plain(p->defines[k].type));
        key(w, "decided_by"); jstr(w->b, decided_by(ev, k, false, POL_LANG_EN));
        const PolStep *st = rule_step(ev, k);
        if (st && (st->from > p->force_from || !open_end(p, st)))
            days_json(w, p, st);
        if (st && step_source(p, st)) {
            key(w, "source"); jstr(w->b, step_source(p, st));
        }
        marks_json(w, ev, ev->def_reads_from[k], ev->def_reads_to[k], p->defines[k].chunk);
        close_(w, '}');
    }
    close_(w, ']');
    if (p->nsteps > 0 && any_dated_param(p))
        steps_json(w, ev);
    key(w, "measures");
    open_(w, '[');
    for (int i = 0; i < p->nmeasures; i++) {
        const PolMeasureInfo *mi = &p->measures[i];
        const PolMeasureResult *r = &ev->measures[i];
        item(w);
        open_(w, '{');
        key(w, "measure"); jstr(w->b, mi->id);
        key(w, "article"); jstr(w->b, mi->article);
        key(w, "outcome"); jstr(w->b, outcome_name(r->outcome));
        if (r->outcome == POL_MEASURE_NOT_IN_FORCE && ev->in_force && mi->step >= 0) {
            /* in force on other days than the policy */
            PolBuf days = {0};
            days_text(&days, p, &p->steps[mi->step], POL_LANG_EN);
            key(w, "reason"); jstr(w->b, pol_strdup_printf("the measure is in force %s", days.data));
            days_json(w, p, &p->steps[mi->step]);
        } else if (r->outcome == POL_MEASURE_NOT_IN_FORCE) {
            key(w, "reason"); jstr(w->b, "the evaluation date is outside the period in force");
        } else if (r->outcome == POL_MEASURE_NOT_APPLICABLE) {
            key(w, "reason"); jstr(w->b, pol_strdup_printf("the policy applies when %s; it does not", p->applies_text));
        } else if (!r->items) {
            Decided d = measure_decided(mi, r);
            decided_json(w, ev, mi, &d);
        } else {
            items_json(w, ev, mi, r);
        }
        close_(w, '}');
    }
    close_(w, ']');
    close_(w, '}');
}

/* The parts of an entitlement that do not depend on the applicant, as
 * the writer prints them at their depth in a decision: everything before
 * the subject of a per-item measure or else the amount, from the subject
 * to the amount, from the amount to the source (when the measure has one),
 * and the rest. Members a measure does not declare (title, source,
 * responsible) are left out. */
typedef struct Fragments { PolBuf head, amount, mid, tail; } Fragments;

/* The decision around its entitlements likewise: its members' keys, the
 * policy's id and digest, and the punctuation, as the writer prints them
 * with or without an id member and with or without entitlements. */
typedef struct Skeleton {
    PolBuf open;          /* "{", and the id's key when the facts have one */
    PolBuf policy;        /* the policy member and the date's key */
    PolBuf in_force;      /* the in_force key */
    PolBuf list;          /* the entitlements' key and "[" */
    PolBuf first, next;   /* before the first entitlement, before each other */
    PolBuf none, some;    /* "]" after no entitlement or some, the total's key */
    PolBuf digest;        /* the digest member */
    PolBuf close;         /* "}" */
} Skeleton;

struct PolDecisionLayout {
    const Fragments *frag[2];    /* per measure; [1] pretty, [0] on one line */
    const Skeleton *skel[2];
};

static const Skeleton *decision_skeleton(const PolProgram *p, bool pretty)
{
    Skeleton *k = GC_MALLOC(sizeof *k);
    Writer w = {&k->open, pretty, 0, {false}};
    open_(&w, '{');
    if (p->id_member >= 0)
        key(&w, "id");
    w.b = &k->policy;
    key(&w, "policy"); jstr(w.b, p->policy_id);
    key(&w, date_key(p));
    w.b = &k->in_force;
    key(&w, "in_force");
    w.b = &k->list;
    key(&w, "entitlements");
    open_(&w, '[');
    Writer empty = w;
    empty.b = &k->none;
    close_(&empty, ']');
    key(&empty, "total");
    w.b = &k->first;
    item(&w);
    w.b = &k->next;
    item(&w);
    w.b = &k->some;
    close_(&w, ']');
    key(&w, "total");
    w.b = &k->digest;
    key(&w, "digest");
    if (p->digest)   /* "sha256:" and hex: nothing to escape */
        pol_buf_printf(w.b, "\"%s\"", p->digest);
    else
        pol_buf_puts(w.b, "null");
    w.b = &k->close;
    close_(&w, '}');
    return k;
}

static const Fragments *entitlement_fragments(const PolProgram *p, bool pretty)
{
    Fragments *f = GC_MALLOC((size_t)(p->nmeasures + 1) * sizeof *f);
    for (int i = 0; i < p->nmeasures; i++) {
        const PolMeasureInfo *mi = &p->measures[i];
        Writer w = {&f[i].head, pretty, 2, {false}};   /* inside the decision and its list */
        open_(&w, '{');
        key(&w, "measure"); jstr(w.b, mi->id);
        key(&w, "article"); jstr(w.b, mi->article);
        if (mi->title) {
            key(&w, "title"); jstr(w.b, mi->title);
        }
        if (mi->item_type) {
            key(&w, "subject");
            w.b = &f[i].amount;
        }
        key(&w, "amount");
        w.b = &f[i].mid;
        key(&w, "basis"); jstr(w.b, basis_name(mi->basis));
        if (mi->has_source)
            key(&w, "source");
        w.b = &f[i].tail;
        if (mi->nresponsible > 0) {
            key(&w, "responsible");
            open_(&w, '[');
            w.pretty = false;   /* the units fit on one line */
            for (int k = 0; k < mi->nresponsible; k++) {
                item(&w);
                jstr(w.b, mi->responsible[k]);
            }
            close_(&w, ']');
            w.pretty = pretty;
        }
        close_(&w, '}');
    }
    return f;
}

const PolDecisionLayout *pol_decision_layout(const PolProgram *p)
{
    const PolDecisionLayout *made = __atomic_load_n(&p->layout, __ATOMIC_ACQUIRE);
    if (made)
        return made;
    PolDecisionLayout *l = GC_MALLOC(sizeof *l);
    l->frag[0] = entitlement_fragments(p, false);
    l->frag[1] = entitlement_fragments(p, true);
    l->skel[0] = decision_skeleton(p, false);
    l->skel[1] = decision_skeleton(p, true);
    /* the program is the caller's to share, the layout a cache of what it
     * holds: threads that make it at once keep the first one stored */
    PolProgram *shared = (PolProgram *)(uintptr_t)p;
    const PolDecisionLayout **slot = &shared->layout;
    if (!__atomic_compare_exchange_n(slot, &made, l, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
        return made;
    return l;
}

/* What a per-item measure granted: the sum of its granted items' amounts
 * (false when it does not fit in fen), and whether any was granted. */
static bool items_total(const PolItems *it, int64_t *sum, bool *any, bool *any_amount)
{
    bool overflow = false;
    *sum = 0;
    *any = *any_amount = false;
    for (int32_t k = 0; k < it->count; k++) {
        const PolItemResult *r = &it->item[k];
        if (r->outcome != POL_MEASURE_GRANTED)
            continue;
        *any = true;
        if (r->has_amount) {
            *any_amount = true;
            overflow |= __builtin_add_overflow(*sum, r->amount, sum);
        }
    }
    return !overflow;
}

bool pol_decision_measure_amount(const PolMeasureResult *r, int64_t *amount, bool *has_amount)
{
    if (r->items) {   /* a per-item measure: what its items were granted, together */
        bool any;
        return items_total(r->items, amount, &any, has_amount);
    }
    *has_amount = r->has_amount;
    *amount = r->has_amount ? r->amount : 0;
    return true;
}

/* The sum of the granted amounts; false when it does not fit in fen (the
 * total is then written as null, or left empty in CSV). */
static bool granted_total(const PolEval *ev, int64_t *total)
{
    bool overflow = false;
    *total = 0;
    for (int i = 0; i < ev->prog->nmeasures; i++) {
        const PolMeasureResult *r = &ev->measures[i];
        if (r->outcome != POL_MEASURE_GRANTED)
            continue;
        if (r->items) {
            int64_t sum;
            bool any, any_amount;
            overflow |= !items_total(r->items, &sum, &any, &any_amount);
            overflow |= __builtin_add_overflow(*total, sum, total);
        } else if (r->has_amount) {
            overflow |= __builtin_add_overflow(*total, r->amount, total);
        }
    }
    return !overflow;
}

/* One entitlement: the fragments of measure i around what this applicant
 * got (the subject of item k of a per-item measure, k -1 for the others). */
static void entitlement_json(PolBuf *out, const Fragments *f, const PolEval *ev, int i, int32_t k, bool pretty,
                             bool has_amount, int64_t amount, const PolText *source)
{
    const PolMeasureInfo *mi = &ev->prog->measures[i];
    pol_buf_put(out, f->head.data, f->head.len);
    if (k >= 0) {
        Writer sw = {out, pretty, 3, {false}};   /* at the depth of the entitlement's members */
        subject_json(&sw, mi, ev->measures[i].items, k);
        pol_buf_put(out, f->amount.data, f->amount.len);
    }
    if (has_amount)
        money(out, amount);
    else
        pol_buf_puts(out, "null");
    pol_buf_put(out, f->mid.data, f->mid.len);
    if (mi->has_source)
        text_or_null(out, source);
    pol_buf_put(out, f->tail.data, f->tail.len);
}

static void put_part(PolBuf *out, const PolBuf *part) { pol_buf_put(out, part->data, part->len); }

void pol_decision_json(PolBuf *out, const PolEval *ev, const PolDecisionLayout *layout, bool pretty, bool explain)
{
    const PolProgram *p = ev->prog;
    const Skeleton *k = layout->skel[pretty];
    put_part(out, &k->open);
    if (p->id_member >= 0)
        value_json(out, ev->facts.as.record->members[p->id_member], NULL);
    put_part(out, &k->policy);
    date(out, ev->eval_date);
    put_part(out, &k->in_force);
    pol_buf_puts(out, ev->in_force ? "true" : "false");
    put_part(out, &k->list);
    const Fragments *frag = layout->frag[pretty];
    bool some = false;
    for (int i = 0; i < p->nmeasures; i++) {
        const PolMeasureResult *r = &ev->measures[i];
        if (r->outcome != POL_MEASURE_GRANTED)
            continue;
        if (!r->items) {
            put_part(out, some ? &k->next : &k->first);
            some = true;
            entitlement_json(out, &frag[i], ev, i, -1, pretty, r->has_amount, r->amount, r->source);
            continue;
        }
        for (int32_t j = 0; j < r->items->count; j++) {   /* one per item granted, in the order taken */
            const PolItemResult *it = &r->items->item[j];
            if (it->outcome != POL_MEASURE_GRANTED)
                continue;
            put_part(out, some ? &k->next : &k->first);
            some = true;
            entitlement_json(out, &frag[i], ev, i, j, pretty, it->has_amount, it->amount, it->source);
        }
    }
    put_part(out, some ? &k->some : &k->none);
    int64_t total;
    if (granted_total(ev, &total))
        money(out, total);
    else
        pol_buf_puts(out, "null");
    put_part(out, &k->digest);
    if (explain) {
        Writer w = {out, pretty, 1, {false}};   /* after the decision's first member */
        explanation_json(&w, ev);
    }
    put_part(out, &k->close);
}

void pol_decision_error_json(PolBuf *out, long line, const char *id, const char *path, const char *message)
{
    pol_buf_printf(out, "{\"line\":%ld,", line);
    if (id) {
        pol_buf_puts(out, "\"id\":");
        jstr(out, id);
        pol_buf_puts(out, ",");
    }
    pol_buf_puts(out, "\"error\":{\"path\":");
    jstr(out, path);
    pol_buf_puts(out, ",\"message\":");
    jstr(out, message);
    pol_buf_puts(out, "}}");
}

/* ---- CSV ---- */

/* The inside of a quoted RFC 4180 field: its quotes doubled. */
static void csv_quoted(PolBuf *out, const char *s, size_t n)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '"') {
            pol_buf_put(out, s + run, i + 1 - run);
            pol_buf_put(out, "\"", 1);
            run = i + 1;
        }
    pol_buf_put(out, s + run, n - run);
}

/* One RFC 4180 field: quoted when it holds a comma, a quote, CR or LF. */
static void csv_field(PolBuf *out, const char *s, size_t n)
{
    bool quote = false;
    for (size_t i = 0; i < n && !quote; i++)
        quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
    if (!quote) {
        pol_buf_put(out, s, n);
        return;
    }
    pol_buf_put(out, "\"", 1);
    csv_quoted(out, s, n);
    pol_buf_put(out, "\"", 1);
}

/* Whether s[0..n) begins with what a spreadsheet reads as the start of a
 * formula: = + - @, a tab or a CR, or the full-width ＝ ＋ － ＠ (U+FF1D,
 * U+FF0B, U+FF0D, U+FF20), which Excel and WPS read as those operators. */
static bool formula_start(const char *s, size_t n)
{
    if (n > 0 && memchr("=+-@\t\r", s[0], 6))
        return true;
    static const char *const wide[] = {"\xEF\xBC\x9D", "\xEF\xBC\x8B", "\xEF\xBC\x8D", "\xEF\xBC\xA0"};
    for (size_t k = 0; n >= 3 && k < sizeof wide / sizeof *wide; k++)
        if (memcmp(s, wide[k], 3) == 0)
            return true;
    return false;
}

/* A cell of text that may hold what an applicant wrote (an id, a message).
 * A spreadsheet takes a cell that begins with a formula's first character
 * (formula_start) for a formula (CSV injection), so such a cell is written
 * quoted and after an apostrophe, as OWASP recommends; the spreadsheet
 * shows it as text. So that the apostrophe can be taken off again without
 * guessing, a cell whose leading apostrophes are followed by one of those
 * gets one more. Numbers, amounts and dates polrun writes itself are never
 * changed. */
static void csv_text(PolBuf *out, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && s[i] == '\'')
        i++;
    if (!formula_start(s + i, n - i)) {
        csv_field(out, s, n);
        return;
    }
    pol_buf_put(out, "\"'", 2);
    csv_quoted(out, s, n);
    pol_buf_put(out, "\"", 1);
}

void pol_decision_csv_cell(PolBuf *out, const char *s, size_t n) { csv_field(out, s, n); }

void pol_decision_csv_text(PolBuf *out, const char *s, size_t n) { csv_text(out, s, n); }

void pol_decision_csv_header(PolBuf *out, const PolProgram *p)
{
    pol_buf_puts(out, "id,");
    csv_field(out, date_key(p), strlen(date_key(p)));
    pol_buf_puts(out, ",in_force");
    for (int i = 0; i < p->nmeasures; i++) {
        pol_buf_put(out, ",", 1);
        csv_field(out, p->measures[i].id, strlen(p->measures[i].id));
    }
    pol_buf_puts(out, ",total,digest,error\r\n");
}

/* A fact value as a cell: the id of another policy may be any scalar. */
static void value_cell(PolBuf *out, const PolProgram *p, PolValue v)
{
    char tmp[64];
    size_t n = 0;
    switch (v.tag) {
    case POL_V_TEXT: csv_text(out, v.as.text->bytes, v.as.text->len); return;
    case POL_V_INT: n = (size_t)snprintf(tmp, sizeof tmp, "%lld", (long long)v.as.i); break;
    case POL_V_MONEY: n = pol_money_format(v.as.fen, tmp, sizeof tmp); break;
    case POL_V_DATE: n = pol_date_format(v.as.date, tmp, sizeof tmp); break;
    case POL_V_DEC: n = pol_dec_format(v.as.dec, tmp, sizeof tmp); break;
    case POL_V_BOOL: n = (size_t)snprintf(tmp, sizeof tmp, "%s", v.as.b ? "true" : "false"); break;
    case POL_V_ENUM: {
        const PolType *t = p->id_member >= 0 ? p->facts->members[p->id_member].type : NULL;
        while (t && t->kind == POL_T_OPT)
            t = t->inner;
        if (t && t->kind == POL_T_ENUM && v.as.enum_index >= 0 && v.as.enum_index < t->enumeration->count) {
            const char *w = t->enumeration->values[v.as.enum_index];
            csv_field(out, w, strlen(w));
            return;
        }
        n = (size_t)snprintf(tmp, sizeof tmp, "%d", v.as.enum_index);
        break;
    }
    default: return;
    }
    pol_buf_put(out, tmp, n);
}

void pol_decision_csv_row(PolBuf *out, const PolEval *ev)
{
    const PolProgram *p = ev->prog;
    char tmp[32];
    if (p->id_member >= 0)
        value_cell(out, p, ev->facts.as.record->members[p->id_member]);
    pol_buf_put(out, ",", 1);
    pol_buf_put(out, tmp, pol_date_format(ev->eval_date, tmp, sizeof tmp));
    pol_buf_puts(out, ev->in_force ? ",true" : ",false");
    for (int i = 0; i < p->nmeasures; i++) {
        const PolMeasureResult *r = &ev->measures[i];
        pol_buf_put(out, ",", 1);
        if (r->outcome != POL_MEASURE_GRANTED)
            continue;
        bool has_amount;
        int64_t amount;
        if (!pol_decision_measure_amount(r, &amount, &has_amount))
            continue;   /* beyond money: left empty, as the total is */
        if (has_amount)
            pol_buf_put(out, tmp, pol_money_format(amount, tmp, sizeof tmp));
        else
            pol_buf_puts(out, "granted");
    }
    pol_buf_put(out, ",", 1);
    int64_t total;
    if (granted_total(ev, &total))
        pol_buf_put(out, tmp, pol_money_format(total, tmp, sizeof tmp));
    pol_buf_put(out, ",", 1);
    if (p->digest)
        pol_buf_puts(out, p->digest);
    pol_buf_puts(out, ",\r\n");
}

void pol_decision_csv_error(PolBuf *out, const PolProgram *p, long line, const char *id, const char *path,
                            const char *message, PolLang lang)
{
    if (id)
        csv_text(out, id, strlen(id));
    /* as_of, in_force, the measures, total and digest stay empty */
    for (int i = 0; i < p->nmeasures + 4; i++)
        pol_buf_put(out, ",", 1);
    pol_buf_put(out, ",", 1);
    const char *text = pol_msg(lang, POL_MSG_csv_error_cell, line, path, message);
    csv_text(out, text, strlen(text));
    pol_buf_puts(out, "\r\n");
}

/* ---- text ---- */

static void reads_text(PolBuf *b, const PolEval *ev, int32_t from, int32_t to, PolLang lang)
{
    bool any = false;
    for (int32_t i = from; i < to; i++) {
        const char *p = first_read(ev, from, i);
        if (!p)
            continue;
        pol_buf_puts(b, any ? ", " : "  [");
        any = true;
        pol_buf_printf(b, "%s = ", p);
        PolValue v = ev->reads[i].value;
        if (v.tag == POL_V_LIST && v.as.list->count == 1)
            say(b, lang, POL_MSG_ex_one_item);
        else if (v.tag == POL_V_LIST)
            say(b, lang, POL_MSG_ex_items, v.as.list->count);
        else if (v.tag == POL_V_RECORD)
            say(b, lang, POL_MSG_ex_present);
        else
            value_json(b, v, path_type(ev->prog, ev->prog->strings[ev->reads[i].path]));
    }
    if (any)
        pol_buf_puts(b, "]");
}

/* The conditions of a measure or of an item (each line after pad), and
 * how its amount was computed. */
static void clause_days_text(PolBuf *b, const PolEval *ev, const PolStep *st, PolMsg outside, PolLang lang);

static void decided_text(PolBuf *b, const PolEval *ev, const PolMeasureInfo *mi, const Decided *r, const char *pad, PolLang lang)
{
    for (int k = r->cond_from; k < r->cond_to; k++) {
        const PolCondTrace *ct = &r->conds[k];
        const char *mark = !ct->evaluated ? "·" : ct->holds ? "✔" : "✘";
        pol_buf_puts(b, pad);
        say(b, lang, POL_MSG_ex_when, mark, mi->cond_texts[k]);
        if (mi->cond_steps[k] >= 0)
            clause_days_text(b, ev, &ev->prog->steps[mi->cond_steps[k]], POL_MSG_ex_not_in_force_on, lang);
        if (ct->evaluated)
            reads_text(b, ev, ct->reads_from, ct->reads_to, lang);
        if (r->outcome == POL_MEASURE_REFUSED && r->failed_cond == k)
            say(b, lang, POL_MSG_ex_first_failing);
        pol_buf_puts(b, "\n");
        if (ct->evaluated)
            marks_text(b, ev, ct->reads_from, ct->reads_to, mi->chunk, 4 + (int)strlen(pad), lang);
    }
    if (r->has_amount) {
        char tmp[32];
        pol_money_format(mi->ncaps > 0 ? r->base : r->amount, tmp, sizeof tmp);
        for (int32_t i2 = r->amount_reads_from; i2 < r->amount_reads_to; i2++) {
            const PolRead *rd = &ev->reads[i2];
            if (!POL_READ_IS_ROUNDING(rd->path))
                continue;
            char res[32];
            pol_money_format(rounded(rd), res, sizeof res);
            pol_buf_puts(b, pad);
            if (rd->list >= 0)
                say(b, lang, POL_MSG_ex_exactly_item, pol_strdup_printf("%s[%d]", ev->prog->strings[rd->list], rd->index),
                    exact_yuan(rd->value.as.umoney), rounding_text(rd->path, lang), res);
            else
                say(b, lang, POL_MSG_ex_exactly, exact_yuan(rd->value.as.umoney), rounding_text(rd->path, lang), res);
            pol_buf_puts(b, "\n");
        }
        marks_text(b, ev, r->amount_reads_from, r->amount_reads_to, mi->chunk, 2 + (int)strlen(pad), lang);
        pol_buf_puts(b, pad);
        say(b, lang, POL_MSG_ex_amount, mi->amount_text, tmp);
        reads_text(b, ev, r->amount_reads_from, r->amount_reads_to, lang);
        pol_buf_puts(b, "\n");
        for (int k = 0; k < mi->ncaps; k++) {
            pol_buf_puts(b, pad);
            say(b, lang, POL_MSG_ex_at_most, mi->cap_texts[k]);
            value_json(b, r->caps[k], NULL);
            if (mi->cap_steps[k] >= 0)
                clause_days_text(b, ev, &ev->prog->steps[mi->cap_steps[k]], POL_MSG_ex_cap_not_in_force_on, lang);
            if (r->cap_bit == k)
                say(b, lang, POL_MSG_ex_ceiling_bit);
            pol_buf_puts(b, "\n");
        }
        pol_money_format(r->amount, tmp, sizeof tmp);
        pol_buf_puts(b, pad);
        say(b, lang, POL_MSG_ex_result, tmp, r->floored ? pol_msg_format(lang, POL_MSG_ex_below_zero) : "");
        pol_buf_puts(b, "\n");
    }
}

/* A per-item measure: the conditions written before `for each`, the list
 * and its order, then each item in the order taken: its name, subject and
 * outcome, and under it its conditions. */
static void items_text(PolBuf *b, const PolEval *ev, const PolMeasureInfo *mi, const PolMeasureResult *mr, PolLang lang)
{
    const PolItems *it = mr->items;
    Decided md = measure_decided(mi, mr);
    decided_text(b, ev, mi, &md, "", lang);
    if (!it->taken)   /* refused before the list was taken */
        return;
    say(b, lang, POL_MSG_ex_for_each, mi->item_var, mi->items_text);
    if (mi->order_text)
        say(b, lang, POL_MSG_ex_ordered_by, mi->order_text);
    reads_text(b, ev, it->list_reads_from, it->list_reads_to, lang);
    pol_buf_puts(b, "\n");
    if (it->count == 0) {
        say(b, lang, POL_MSG_ex_no_items);
        pol_buf_puts(b, "\n");
    }
    for (int32_t k = 0; k < it->count; k++) {
        const PolItemResult *r = &it->item[k];
        PolBuf subject = {0};   /* (occupation = "4-04-05-01", level = "primary") */
        for (int j = 0; j < mi->nsubject; j++) {
            pol_buf_printf(&subject, "%s%s = ", j ? ", " : "(", mi->subject_names[j]);
            value_json(&subject, it->subject[(size_t)k * (size_t)mi->nsubject + (size_t)j], plain(mi->subject_types[j]));
        }
        pol_buf_puts(&subject, mi->nsubject ? ")" : "");
        say(b, lang, POL_MSG_ex_item, r->outcome == POL_MEASURE_GRANTED ? "✔" : "✘", item_name(mi, it, k), subject.data,
            outcome_words(r->outcome, ev->prog->scheme, lang));
        pol_buf_puts(b, "\n");
        Decided d = item_decided(mi, r);
        decided_text(b, ev, mi, &d, "  ", lang);
    }
}

/* The dated parameters the applicant read, each with its step. */
static void steps_text(PolBuf *b, const PolEval *ev, PolLang lang)
{
    const PolProgram *p = ev->prog;
    bool header = false;
    for (int k = 0; k < p->nparams; k++) {
        const PolStep *st = param_read(ev, k) ? param_step(ev, k) : NULL;
        if (!st)
            continue;
        if (!header) {
            char day[16];
            pol_date_format(ev->eval_date, day, sizeof day);
            say(b, lang, POL_MSG_ex_steps, day);
            pol_buf_puts(b, "\n");
            header = true;
        }
        PolBuf days = {0}, cites = {0}, value = {0};
        days_text(&days, p, st, lang);
        if (step_source(p, st))
            say(&cites, lang, POL_MSG_ex_cited, step_source(p, st));
        if (st->has_verified) {
            char day[16];
            pol_date_format(st->verified, day, sizeof day);
            say(&cites, lang, POL_MSG_ex_verified, day);
        }
        if (st->repealed || !ev->param_state[k]) {
            say(b, lang, POL_MSG_ex_repealed, p->param_names[k], days.data, cites.len ? cites.data : "");
        } else {
            value_json(&value, ev->params[k], plain(p->param_types[k]));
            say(b, lang, POL_MSG_ex_step, p->param_names[k], value.data, days.data, cites.len ? cites.data : "");
        }
        pol_buf_puts(b, "\n");
    }
}

/* `   [from D]`, and what a dated condition or ceiling is outside its days. */
static void clause_days_text(PolBuf *b, const PolEval *ev, const PolStep *st, PolMsg outside, PolLang lang)
{
    PolBuf days = {0};
    days_text(&days, ev->prog, st, lang);
    say(b, lang, POL_MSG_ex_cond_days, days.data);
    if (!holds_on(st, ev->eval_date)) {
        char day[16];
        pol_date_format(ev->eval_date, day, sizeof day);
        say(b, lang, outside, day);
    }
}

void pol_decision_explain_text(PolBuf *b, const PolEval *ev, PolLang lang)
{
    const PolProgram *p = ev->prog;
    char d1[16], d2[16], d3[16];
    pol_date_format(p->force_from, d1, sizeof d1);
    pol_date_format(p->force_last, d2, sizeof d2);
    pol_date_format(ev->eval_date, d3, sizeof d3);
    say(b, lang, POL_MSG_ex_policy, p->policy_id, d1, d2, d3,
        pol_msg_format(lang, ev->in_force ? POL_MSG_ex_in_force : POL_MSG_ex_not_in_force));
    pol_buf_puts(b, "\n");
    if (p->applies_chunk >= 0 && ev->applies >= 0) {
        say(b, lang, POL_MSG_ex_applies, p->applies_text, pol_msg_format(lang, ev->applies ? POL_MSG_ex_yes : POL_MSG_ex_no));
        reads_text(b, ev, ev->applies_reads_from, ev->applies_reads_to, lang);
        pol_buf_puts(b, "\n");
    }
    bool header = false;
    for (int k = 0; k < p->ndefines; k++) {
        if (p->defines[k].nargs != 0 || ev->def_state[k] != 2)
            continue;
        if (!header) {
            say(b, lang, POL_MSG_ex_definitions);
            pol_buf_puts(b, "\n");
        }
        header = true;
        pol_buf_printf(b, "  %s = ", p->defines[k].name);
        value_json(b, ev->defs[k], plain(p->defines[k].type));
        PolBuf by = {0};
        pol_buf_puts(&by, decided_by(ev, k, true, lang));
        const PolStep *st = rule_step(ev, k);
        if (st && (st->from > p->force_from || !open_end(p, st))) {
            PolBuf days = {0};
            days_text(&days, p, st, lang);
            say(&by, lang, POL_MSG_ex_cited, days.data);
        }
        if (st && step_source(p, st))
            say(&by, lang, POL_MSG_ex_cited, step_source(p, st));
        say(b, lang, POL_MSG_ex_decided_by, by.data);
        pol_buf_puts(b, "\n");
        marks_text(b, ev, ev->def_reads_from[k], ev->def_reads_to[k], p->defines[k].chunk, 4, lang);
    }
    steps_text(b, ev, lang);
    for (int i = 0; i < p->nmeasures; i++) {
        const PolMeasureInfo *mi = &p->measures[i];
        const PolMeasureResult *r = &ev->measures[i];
        pol_buf_puts(b, "\n");
        say(b, lang, POL_MSG_ex_measure, r->outcome == POL_MEASURE_GRANTED ? "✔" : "✘", mi->id,
            pol_article_label(lang, mi->article), outcome_words(r->outcome, p->scheme, lang));
        pol_buf_puts(b, "\n");
        if (r->outcome == POL_MEASURE_NOT_IN_FORCE && ev->in_force && mi->step >= 0) {
            PolBuf days = {0};
            days_text(&days, p, &p->steps[mi->step], lang);
            say(b, lang, POL_MSG_ex_measure_days, days.data);
            pol_buf_puts(b, "\n");
        }
        if (r->outcome == POL_MEASURE_NOT_IN_FORCE || r->outcome == POL_MEASURE_NOT_APPLICABLE)
            continue;
        if (r->items) {
            items_text(b, ev, mi, r, lang);
        } else {
            Decided d = measure_decided(mi, r);
            decided_text(b, ev, mi, &d, "", lang);
        }
    }
}
