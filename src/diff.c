/*
 * diff.c — `polrun diff OLD NEW`: each applicant decided under both
 * versions of a policy, what changed written as it is found, the summary
 * at the end.
 *
 * A register is read through batch (its reader, blocks, worker threads and
 * ordered writer) with a hook that decides each record twice: each worker
 * has a decider per version, each block counts what its records changed,
 * and the counts are added up in input order as the blocks are written,
 * so the output is the same whatever --jobs, and memory stays constant.
 * The text lists the first changed applicants after its summary: each
 * block keeps the text of at most as many, and the first are kept.
 *
 * Measures are matched by name: the measures of OLD in order, then those
 * only NEW has. A measure's value in an applicant's decision is its amount
 * ("300000.00"; for a per-item measure the sum of its granted items, as
 * in a CSV row), "granted" for a measure granted without an amount, or
 * not granted (null); an applicant is changed when any value differs.
 */
#include <errno.h>
#include <gc.h>
#include <string.h>
#include "cases.h"
#include "decide.h"
#include "decision.h"
#include "diff.h"
#include "status.h"

enum { NOT_GRANTED, GRANTED, AMOUNT };

typedef struct Measure {
    const char *id;
    int at[2];                 /* its index in OLD and in NEW, -1 none */
} Measure;

/* What a set of records changed. */
typedef struct Counts {
    long applicants, changed, gained, lost, undecided;
    int64_t total[2];
    long *granted[2];          /* per measure */
    int64_t *sum[2];           /* per measure */
    bool overflow;             /* some sum does not fit: written as null */
    PolBuf shown;              /* text: the first changed applicants */
    size_t ends[POL_DIFF_SHOWN];
    int nshown;
} Counts;

typedef struct Diff {
    const PolProgram *prog[2];
    const PolDiffOptions *o;
    Measure *m;
    int nm;
    Counts all;
} Diff;

/* One version's decision of the applicant being compared. */
typedef struct Side {
    bool ok;
    PolDecideError err;
    uint8_t *state;            /* per measure: NOT_GRANTED, GRANTED, AMOUNT */
    int64_t *amount;
    int64_t total;
    bool total_ok;
} Side;

typedef struct Worker {
    Diff *d;
    PolDecider *dr[2];
    Side side[2];
} Worker;

static void counts_init(const Diff *d, Counts *c)
{
    memset(c, 0, sizeof *c);
    for (int k = 0; k < 2; k++) {
        c->granted[k] = GC_MALLOC_ATOMIC(((size_t)d->nm + 1) * sizeof *c->granted[k]);
        c->sum[k] = GC_MALLOC_ATOMIC(((size_t)d->nm + 1) * sizeof *c->sum[k]);
        memset(c->granted[k], 0, ((size_t)d->nm + 1) * sizeof *c->granted[k]);
        memset(c->sum[k], 0, ((size_t)d->nm + 1) * sizeof *c->sum[k]);
    }
}

static void counts_reset(const Diff *d, Counts *c)
{
    c->applicants = c->changed = c->gained = c->lost = c->undecided = 0;
    c->total[0] = c->total[1] = 0;
    c->overflow = false;
    for (int k = 0; k < 2; k++) {
        memset(c->granted[k], 0, (size_t)d->nm * sizeof *c->granted[k]);
        memset(c->sum[k], 0, (size_t)d->nm * sizeof *c->sum[k]);
    }
    c->shown.len = 0;
    c->nshown = 0;
}

static void add(int64_t *to, int64_t v, bool *overflow) { *overflow |= __builtin_add_overflow(*to, v, to); }

/* Adds the counts of c (the next records in input order) to into. */
static void counts_add(const Diff *d, Counts *into, const Counts *c)
{
    into->applicants += c->applicants;
    into->changed += c->changed;
    into->gained += c->gained;
    into->lost += c->lost;
    into->undecided += c->undecided;
    into->overflow |= c->overflow;
    for (int k = 0; k < 2; k++) {
        add(&into->total[k], c->total[k], &into->overflow);
        for (int i = 0; i < d->nm; i++) {
            into->granted[k][i] += c->granted[k][i];
            add(&into->sum[k][i], c->sum[k][i], &into->overflow);
        }
    }
    for (int i = 0; i < c->nshown && into->nshown < POL_DIFF_SHOWN; i++) {
        size_t from = i ? c->ends[i - 1] : 0;
        pol_buf_put(&into->shown, c->shown.data + from, c->ends[i] - from);
        into->ends[into->nshown++] = into->shown.len;
    }
}

/* ------------------------------------------------------------ words */

static void money_text(PolBuf *b, int64_t fen)
{
    char tmp[32];
    pol_buf_put(b, tmp, pol_money_format(fen, tmp, sizeof tmp));
}

/* A measure's value as text: its amount, "granted", or NULL. */
static const char *value_text(const Side *s, int i, char *tmp, size_t size)
{
    if (!s->ok || s->state[i] == NOT_GRANTED)
        return NULL;
    if (s->state[i] == GRANTED)
        return "granted";
    pol_money_format(s->amount[i], tmp, size);
    return tmp;
}

static void json_or_null(PolBuf *b, const char *s)
{
    if (s)
        pol_buf_json_string(b, s, strlen(s));
    else
        pol_buf_puts(b, "null");
}

static void total_json(PolBuf *b, const Side *s)
{
    if (!s->ok || !s->total_ok) {
        pol_buf_puts(b, "null");
        return;
    }
    pol_buf_put(b, "\"", 1);
    money_text(b, s->total);
    pol_buf_put(b, "\"", 1);
}

/* The applicant's id as text (NULL without one). */
static const char *id_text(const Worker *w)
{
    for (int k = 0; k < 2; k++) {
        const Side *s = &w->side[k];
        const PolProgram *p = w->d->prog[k];
        if (!s->ok) {
            if (s->err.id)
                return s->err.id->bytes;
            continue;
        }
        if (p->id_member < 0)
            continue;
        PolValue v = w->dr[k]->ev->facts.as.record->members[p->id_member];
        if (v.tag == POL_V_TEXT)
            return v.as.text->bytes;
        if (v.tag == POL_V_INT)
            return pol_strdup_printf("%lld", (long long)v.as.i);
    }
    return NULL;
}

/* ------------------------------------------------------------ deciding */

static void side_clear(const Diff *d, Side *s)
{
    memset(s->state, NOT_GRANTED, (size_t)d->nm);
    s->total = 0;
    s->total_ok = true;
}

/* Decides the applicant under version k into w->side[k]. */
static void decide(Worker *w, int k, PolArena *arena, const char *json, size_t len, const char *message)
{
    const Diff *d = w->d;
    Side *s = &w->side[k];
    side_clear(d, s);
    if (message) {   /* not facts at all */
        s->ok = false;
        memset(&s->err, 0, sizeof s->err);
        s->err.message = message;
        return;
    }
    PolDecideOptions o = {d->o->date, d->o->have_date, POL_DECISION_LINE, POL_EXPLAIN_NONE, d->o->lang, arena};
    s->ok = pol_decide_eval(w->dr[k], json, len, &o, &s->err);
    if (!s->ok)
        return;
    const PolEval *ev = w->dr[k]->ev;
    bool overflow = false;
    for (int i = 0; i < d->nm; i++) {
        int at = d->m[i].at[k];
        if (at < 0 || ev->measures[at].outcome != POL_MEASURE_GRANTED)
            continue;
        bool has_amount;
        int64_t amount;
        overflow |= !pol_decision_measure_amount(&ev->measures[at], &amount, &has_amount);
        s->state[i] = has_amount ? AMOUNT : GRANTED;
        s->amount[i] = amount;
        if (has_amount)
            add(&s->total, amount, &overflow);
    }
    s->total_ok = !overflow;
}

static bool same(const Side *a, const Side *b, int i)
{
    bool ga = a->ok && a->state[i] != NOT_GRANTED, gb = b->ok && b->state[i] != NOT_GRANTED;
    if (!ga || !gb)
        return ga == gb;
    return a->state[i] == b->state[i] && (a->state[i] != AMOUNT || a->amount[i] == b->amount[i]);
}

/* Where the applicant is: "line N" of the register, or its case file. */
typedef struct Where { long line; const char *file; } Where;

static void where_json(PolBuf *b, Where at)
{
    if (at.file) {
        pol_buf_puts(b, "{\"case\":");
        pol_buf_json_string(b, at.file, strlen(at.file));
    } else {
        pol_buf_printf(b, "{\"line\":%ld", at.line);
    }
}

static void error_json(PolBuf *b, const char *key, const Side *s)
{
    if (s->ok)
        return;
    pol_buf_printf(b, ",\"%s\":{\"path\":", key);
    json_or_null(b, s->err.path);
    pol_buf_puts(b, ",\"message\":");
    json_or_null(b, s->err.message);
    pol_buf_puts(b, "}");
}

static void changed_json(const Worker *w, PolBuf *out, Where at, const char *id)
{
    const Diff *d = w->d;
    const Side *o = &w->side[0], *n = &w->side[1];
    where_json(out, at);
    pol_buf_puts(out, ",\"id\":");
    json_or_null(out, id);
    pol_buf_puts(out, ",\"old_total\":");
    total_json(out, o);
    pol_buf_puts(out, ",\"new_total\":");
    total_json(out, n);
    pol_buf_puts(out, ",\"changes\":[");
    bool first = true;
    char t0[32], t1[32];
    for (int i = 0; i < d->nm; i++) {
        if (same(o, n, i))
            continue;
        pol_buf_puts(out, first ? "{\"measure\":" : ",{\"measure\":");
        first = false;
        json_or_null(out, d->m[i].id);
        pol_buf_puts(out, ",\"old\":");
        json_or_null(out, value_text(o, i, t0, sizeof t0));
        pol_buf_puts(out, ",\"new\":");
        json_or_null(out, value_text(n, i, t1, sizeof t1));
        pol_buf_puts(out, "}");
    }
    pol_buf_puts(out, "]");
    error_json(out, "old_error", o);
    error_json(out, "new_error", n);
    pol_buf_puts(out, "}\n");
}

static void cell(PolBuf *out, const char *s)
{
    if (s)
        pol_decision_csv_cell(out, s, strlen(s));
}

/* A cell that may hold what an applicant wrote: an id, a message, a file name. */
static void text_cell(PolBuf *out, const char *s)
{
    if (s)
        pol_decision_csv_text(out, s, strlen(s));
}

static void changed_csv(const Worker *w, PolBuf *out, Where at, const char *id)
{
    const Diff *d = w->d;
    const Side *o = &w->side[0], *n = &w->side[1];
    char tmp[32];
    if (at.file)
        text_cell(out, at.file);
    else
        pol_buf_printf(out, "%ld", at.line);
    pol_buf_put(out, ",", 1);
    text_cell(out, id);
    for (int k = 0; k < 2; k++) {
        pol_buf_put(out, ",", 1);
        if (w->side[k].ok && w->side[k].total_ok)
            money_text(out, w->side[k].total);
    }
    for (int i = 0; i < d->nm; i++)
        for (int k = 0; k < 2; k++) {
            pol_buf_put(out, ",", 1);
            cell(out, value_text(&w->side[k], i, tmp, sizeof tmp));
        }
    pol_buf_put(out, ",", 1);
    text_cell(out, o->ok ? NULL : o->err.message);
    pol_buf_put(out, ",", 1);
    text_cell(out, n->ok ? NULL : n->err.message);
    pol_buf_puts(out, "\r\n");
}

static void changed_text(const Worker *w, Counts *c, Where at, const char *id)
{
    if (c->nshown >= POL_DIFF_SHOWN)
        return;
    const Diff *d = w->d;
    PolLang lang = d->o->lang;
    PolBuf *b = &c->shown;
    const Side *o = &w->side[0], *n = &w->side[1];
    const char *none = pol_msg(lang, POL_MSG_diff_not_granted);
    PolBuf tot[2] = {{0}, {0}};
    for (int k = 0; k < 2; k++) {
        if (!w->side[k].ok)
            pol_buf_puts(&tot[k], pol_msg(lang, POL_MSG_diff_undecided));
        else if (w->side[k].total_ok)
            money_text(&tot[k], w->side[k].total);
        else
            pol_buf_puts(&tot[k], "?");
    }
    const char *who = at.file ? at.file : pol_msg(lang, POL_MSG_diff_line, at.line);
    pol_buf_puts(b, pol_msg(lang, POL_MSG_diff_applicant, who, id ? id : "-", tot[0].data, tot[1].data));
    pol_buf_puts(b, "\n");
    char t0[32], t1[32];
    for (int i = 0; i < d->nm; i++) {
        if (same(o, n, i))
            continue;
        const char *a = value_text(o, i, t0, sizeof t0), *z = value_text(n, i, t1, sizeof t1);
        pol_buf_printf(b, "    %s\n", pol_msg(lang, POL_MSG_diff_measure_change, d->m[i].id, a ? a : none, z ? z : none));
    }
    for (int k = 0; k < 2; k++)
        if (!w->side[k].ok)
            pol_buf_printf(b, "    %s\n", pol_msg(lang, k ? POL_MSG_diff_error_new : POL_MSG_diff_error_old,
                                                 w->side[k].err.message ? w->side[k].err.message : "?"));
    c->ends[c->nshown++] = b->len;
}

/* Compares the two decisions of one applicant: counts them into c, and
 * writes the applicant to out when it changed. */
static void compare(Worker *w, Counts *c, Where at, PolBuf *out)
{
    const Diff *d = w->d;
    const Side *o = &w->side[0], *n = &w->side[1];
    c->applicants++;
    if (!o->ok && !n->ok) {
        c->undecided++;
        return;
    }
    for (int k = 0; k < 2; k++) {
        const Side *s = &w->side[k];
        if (!s->ok)
            continue;
        if (s->total_ok)
            add(&c->total[k], s->total, &c->overflow);
        else
            c->overflow = true;
        for (int i = 0; i < d->nm; i++) {
            if (s->state[i] == NOT_GRANTED)
                continue;
            c->granted[k][i]++;
            add(&c->sum[k][i], s->amount[i], &c->overflow);
        }
    }
    bool changed = o->ok != n->ok;
    for (int i = 0; i < d->nm && !changed; i++)
        changed = !same(o, n, i);
    if (!changed)
        return;
    c->changed++;
    if (o->ok && n->ok && o->total_ok && n->total_ok) {
        c->gained += n->total > o->total;
        c->lost += n->total < o->total;
    }
    const char *id = id_text(w);
    switch (d->o->format) {
    case POL_DIFF_JSON: changed_json(w, out, at, id); break;
    case POL_DIFF_CSV: changed_csv(w, out, at, id); break;
    case POL_DIFF_TEXT: changed_text(w, c, at, id); break;
    }
}

/* ------------------------------------------------------------ the hook */

static void *worker_new(void *ctx)
{
    Diff *d = ctx;
    Worker *w = GC_MALLOC(sizeof *w);
    w->d = d;
    for (int k = 0; k < 2; k++) {
        w->dr[k] = pol_decider_new(d->prog[k]);
        w->side[k].state = GC_MALLOC_ATOMIC((size_t)d->nm + 1);
        w->side[k].amount = GC_MALLOC_ATOMIC(((size_t)d->nm + 1) * sizeof *w->side[k].amount);
        memset(w->side[k].amount, 0, ((size_t)d->nm + 1) * sizeof *w->side[k].amount);
    }
    return w;
}

static void *block_new(void *ctx)
{
    Counts *c = GC_MALLOC(sizeof *c);
    counts_init(ctx, c);
    return c;
}

static void block_start(void *ctx, void *block) { counts_reset(ctx, block); }

static void record(void *worker, void *block, PolArena *arena, long line, const char *json, size_t len, PolBuf *out)
{
    Worker *w = worker;
    decide(w, 0, arena, json, len, NULL);
    decide(w, 1, arena, json, len, NULL);
    compare(w, block, (Where){line, NULL}, out);
}

static void unreadable(void *worker, void *block, long line, const char *id, const char *path, const char *message,
                       PolBuf *out)
{
    (void)id, (void)path;
    Worker *w = worker;
    decide(w, 0, NULL, NULL, 0, message);
    decide(w, 1, NULL, NULL, 0, message);
    compare(w, block, (Where){line, NULL}, out);
}

static void block_written(void *ctx, void *block)
{
    Diff *d = ctx;
    counts_add(d, &d->all, block);
}

/* ------------------------------------------------------------ the summary */

static void sum_json(PolBuf *b, int64_t v, bool overflow)
{
    if (overflow) {
        pol_buf_puts(b, "null");
        return;
    }
    pol_buf_put(b, "\"", 1);
    money_text(b, v);
    pol_buf_put(b, "\"", 1);
}

static void summary_json(const Diff *d, PolBuf *b)
{
    const Counts *c = &d->all;
    pol_buf_printf(b, "{\"summary\":{\"applicants\":%ld,\"changed\":%ld,\"gained\":%ld,\"lost\":%ld,\"undecided\":%ld,",
                   c->applicants, c->changed, c->gained, c->lost, c->undecided);
    pol_buf_puts(b, "\"old_total\":");
    sum_json(b, c->total[0], c->overflow);
    pol_buf_puts(b, ",\"new_total\":");
    sum_json(b, c->total[1], c->overflow);
    pol_buf_puts(b, ",\"measures\":[");
    for (int i = 0; i < d->nm; i++) {
        pol_buf_puts(b, i ? ",{\"measure\":" : "{\"measure\":");
        json_or_null(b, d->m[i].id);
        pol_buf_printf(b, ",\"old_granted\":%ld,\"new_granted\":%ld,\"old_total\":", c->granted[0][i], c->granted[1][i]);
        sum_json(b, c->sum[0][i], c->overflow);
        pol_buf_puts(b, ",\"new_total\":");
        sum_json(b, c->sum[1][i], c->overflow);
        pol_buf_puts(b, "}");
    }
    pol_buf_puts(b, "]},\"old_digest\":");
    json_or_null(b, d->prog[0]->digest);
    pol_buf_puts(b, ",\"new_digest\":");
    json_or_null(b, d->prog[1]->digest);
    pol_buf_puts(b, "}\n");
}

static const char *sum_text(int64_t v, bool overflow)
{
    if (overflow)
        return "?";
    PolBuf b = {0};
    money_text(&b, v);
    return b.data;
}

static void summary_text(const Diff *d, PolBuf *b)
{
    const Counts *c = &d->all;
    PolLang lang = d->o->lang;
    pol_buf_printf(b, "%s\n", pol_msg(lang, POL_MSG_diff_versions, d->prog[0]->digest, d->prog[1]->digest));
    pol_buf_printf(b, "%s\n", pol_msg(lang, POL_MSG_diff_counts, c->applicants, c->changed, c->gained, c->lost));
    if (c->undecided)
        pol_buf_printf(b, "%s\n", pol_msg(lang, POL_MSG_diff_undecided_count, c->undecided));
    pol_buf_printf(b, "%s\n",
                   pol_msg(lang, POL_MSG_diff_total, sum_text(c->total[0], c->overflow), sum_text(c->total[1], c->overflow)));
    for (int i = 0; i < d->nm; i++)
        pol_buf_printf(b, "  %s\n", pol_msg(lang, POL_MSG_diff_measure, d->m[i].id, c->granted[0][i], c->granted[1][i],
                                             sum_text(c->sum[0][i], c->overflow), sum_text(c->sum[1][i], c->overflow)));
    if (c->changed == 0) {
        pol_buf_printf(b, "%s\n", pol_msg(lang, POL_MSG_diff_no_change));
        return;
    }
    if (c->nshown < c->changed)
        pol_buf_printf(b, "\n%s\n", pol_msg(lang, POL_MSG_diff_first, c->nshown, c->changed));
    else if (c->changed == 1)
        pol_buf_printf(b, "\n%s\n", pol_msg(lang, POL_MSG_diff_one));
    else
        pol_buf_printf(b, "\n%s\n", pol_msg(lang, POL_MSG_diff_all, c->changed));
    pol_buf_put(b, c->shown.data, c->shown.len);
}

/* The CSV header: where, id, the totals, each measure before and after, the errors. */
static void csv_header(const Diff *d, PolBuf *b)
{
    if (d->o->bom)
        pol_buf_puts(b, "\xEF\xBB\xBF");
    pol_buf_puts(b, d->o->input == POL_BATCH_CSV ? "row" : "line");
    pol_buf_puts(b, ",id,old_total,new_total");
    for (int i = 0; i < d->nm; i++) {
        const char *old = pol_strdup_printf("%s.old", d->m[i].id), *new_ = pol_strdup_printf("%s.new", d->m[i].id);
        pol_buf_put(b, ",", 1);
        cell(b, old);
        pol_buf_put(b, ",", 1);
        cell(b, new_);
    }
    pol_buf_puts(b, ",old_error,new_error\r\n");
}

/* ------------------------------------------------------------ entry */

static Diff *diff_new(const PolProgram *old, const PolProgram *new_, const PolDiffOptions *o)
{
    Diff *d = GC_MALLOC(sizeof *d);
    d->prog[0] = old;
    d->prog[1] = new_;
    d->o = o;
    d->m = GC_MALLOC(((size_t)old->nmeasures + (size_t)new_->nmeasures + 1) * sizeof *d->m);
    for (int i = 0; i < old->nmeasures; i++)
        d->m[d->nm++] = (Measure){old->measures[i].id, {i, -1}};
    for (int j = 0; j < new_->nmeasures; j++) {
        int i = 0;
        while (i < old->nmeasures && strcmp(d->m[i].id, new_->measures[j].id) != 0)
            i++;
        if (i < old->nmeasures)
            d->m[i].at[1] = j;
        else
            d->m[d->nm++] = (Measure){new_->measures[j].id, {-1, j}};
    }
    counts_init(d, &d->all);
    return d;
}

static bool put_out(FILE *out, const PolBuf *b)
{
    return b->len == 0 || fwrite(b->data, 1, b->len, out) == b->len;
}

/* The header before the changes, the summary after them; the status.
 * reported: a write that failed before was reported (E1202, by pol_batch):
 * it is not said again, with a cause the stream no longer knows. */
static int finish(const Diff *d, FILE *out, PolDiags *ds, bool trouble, bool reported)
{
    PolBuf b = {0};
    if (d->o->format == POL_DIFF_JSON)
        summary_json(d, &b);
    else if (d->o->format == POL_DIFF_TEXT)
        summary_text(d, &b);
    errno = 0;
    if (!put_out(out, &b) || fflush(out) != 0 || ferror(out)) {
        if (!reported)
            pol_diag(ds, POL_E1202_cannot_write_output, (PolSpan){0}, NULL,
                     pol_strerror(ds->lang, errno ? errno : EIO));
        return POL_DIFF_TROUBLE;
    }
    if (d->o->format == POL_DIFF_CSV) {   /* the rows are the changes: the counts go to standard error */
        PolBuf s = {0};
        pol_buf_printf(&s, "%s\n", pol_msg(d->o->lang, POL_MSG_diff_counts, d->all.applicants, d->all.changed,
                                            d->all.gained, d->all.lost));
        if (d->all.undecided)
            pol_buf_printf(&s, "%s\n", pol_msg(d->o->lang, POL_MSG_diff_undecided_count, d->all.undecided));
        fputs(s.data, stderr);
    }
    if (trouble)
        return POL_DIFF_TROUBLE;
    return d->all.changed ? POL_DIFF_DIFFERENT : POL_DIFF_SAME;
}

static bool start(const Diff *d, FILE *out, PolDiags *ds)
{
    if (d->o->format != POL_DIFF_CSV)
        return true;
    PolBuf b = {0};
    csv_header(d, &b);
    errno = 0;
    if (put_out(out, &b))
        return true;
    pol_diag(ds, POL_E1202_cannot_write_output, (PolSpan){0}, NULL, pol_strerror(ds->lang, errno ? errno : EIO));
    return false;
}

int pol_diff(const PolProgram *old, const PolProgram *new_, const PolDiffOptions *o, int in_fd, FILE *out,
             PolDiags *ds)
{
    Diff *d = diff_new(old, new_, o);
    if (!start(d, out, ds))
        return POL_DIFF_TROUBLE;
    PolBatchHook hook = {d, worker_new, block_new, block_start, record, unreadable, block_written};
    PolBatchOptions bo = {
        .date = o->date,
        .have_date = o->have_date,
        .jobs = o->jobs,
        .input = o->input,
        .output = POL_BATCH_NDJSON,
        .lang = o->lang,
        .hook = &hook,
    };
    /* the columns of a CSV register are read by NEW's facts (an amendment adds facts, rarely removes them) */
    int errors = ds->errors;
    int status = pol_batch(new_, &bo, in_fd, out, ds);
    /* a write of the changes that failed ended the batch, which said so */
    return finish(d, out, ds, status != POL_EXIT_OK || ds->errors > errors, ferror(out) != 0);
}

int pol_diff_cases(const PolProgram *old, const PolProgram *new_, const PolDiffOptions *o, char **paths, int n,
                   FILE *out, PolDiags *ds)
{
    Diff *d = diff_new(old, new_, o);
    if (!start(d, out, ds))
        return POL_DIFF_TROUBLE;
    Worker *w = worker_new(d);
    Counts *c = block_new(d);
    PolDiffOptions co = *o;
    d->o = &co;
    bool trouble = false;
    PolBuf b = {0};
    for (int i = 0; i < n; i++) {
        const char *facts;
        size_t len;
        co.have_date = o->have_date;
        co.date = o->date;
        bool have;
        int32_t date;
        if (!pol_case_facts(paths[i], &facts, &len, &date, &have, ds)) {
            trouble = true;
            continue;
        }
        if (have) {   /* the case's own date, as `polrun test` decides it */
            co.have_date = true;
            co.date = date;
        }
        counts_reset(d, c);
        b.len = 0;
        decide(w, 0, NULL, facts, len, NULL);
        decide(w, 1, NULL, facts, len, NULL);
        compare(w, c, (Where){0, paths[i]}, &b);
        counts_add(d, &d->all, c);
        if (!put_out(out, &b))
            break;   /* reported by finish */
    }
    return finish(d, out, ds, trouble, false);
}
