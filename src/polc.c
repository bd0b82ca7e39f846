/*
 * polc.c — compiled policies on disk (.polc): writing and reading.
 *
 * Layout: "POLC" magic, u16 format version, u32 payload length, u32
 * FNV-1a checksum of the payload, then the payload: the policy's sources
 * (so runtime errors still point at policy lines), metadata, schema,
 * constants, spans and chunks. Integers are little-endian.
 *
 * The bytes are reproducible: the sources are stored by their names
 * (load.h), never by the folders they were read from, and nothing depends
 * on the time or on the order of a hash table. So the SHA-256 of the file
 * names the compiled policy exactly, whether it was compiled here or
 * elsewhere, today or later: it is the digest every decision carries.
 *
 * A file is verified before its first instruction runs: every read is
 * bounds-checked, then the whole program goes through the verifier
 * (verify.h), so a corrupted or forged file is refused with a message
 * instead of being run. Knows the bytecode layout (see bytecode.h).
 */
#include <errno.h>
#include <gc.h>
#include <nettle/sha2.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "never.h"
#include "polc.h"
#include "source.h"
#include "verify.h"

#define MAGIC "POLC"
#define VERSION 8   /* 2: definitions carry their type, RULE_APPLIES; 3: unrounded money (TO_UMONEY ... DIV_UMONEY);
                       4: the kind of scheme, measures' optional title, source, `granted at zero`, SOURCE,
                       basis computed; 5: scales, branches and items for the explanation;
                       6: per-item measures (ITEM_KEY ... EARLIER);
                       7: dated steps (STEP, NO_STEP), the sources of steps and rules
                       (PARAM_SOURCE, DEF_SOURCE);
                       8: members' bounds, `required when` with several values, `absent otherwise` */

static uint32_t fnv1a(const uint8_t *p, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 16777619u;
    }
    return h;
}

/* ---- writing ---- */

static void put(PolBuf *o, const void *p, size_t n) { pol_buf_put(o, p, n); }

static void put_u32(PolBuf *o, uint32_t v)
{
    uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    put(o, b, 4);
}

static void put_i32(PolBuf *o, int32_t v) { put_u32(o, (uint32_t)v); }
static void put_i64(PolBuf *o, int64_t v) { put_u32(o, (uint32_t)(uint64_t)v); put_u32(o, (uint32_t)((uint64_t)v >> 32)); }

static void put_str(PolBuf *o, const char *s)
{
    if (!s) {
        put_u32(o, UINT32_MAX);
        return;
    }
    size_t n = strlen(s);
    put_u32(o, (uint32_t)n);
    put(o, s, n);
}

typedef struct Tables {
    const PolSource *sources[256];
    int nsources;
} Tables;

static int source_index(Tables *t, const PolSource *s)
{
    if (!s)
        return -1;
    for (int i = 0; i < t->nsources; i++)
        if (t->sources[i] == s)
            return i;
    if (t->nsources == 256)
        return -1;
    t->sources[t->nsources] = s;
    return t->nsources++;
}

static int enum_index(const PolProgram *p, const PolEnum *e)
{
    for (int i = 0; i < p->nenums; i++)
        if (p->enums[i] == e)
            return i;
    return -1;
}

/* Records are numbered: 0 is the facts record, then the named ones. */
static int record_index(const PolProgram *p, const PolRecord *r)
{
    if (r == p->facts)
        return 0;
    for (int i = 0; i < p->nrecords; i++)
        if (p->records[i] == r)
            return i + 1;
    return -1;
}

static void put_type(PolBuf *o, const PolProgram *p, const PolType *t)
{
    put_i32(o, (int32_t)t->kind);
    switch (t->kind) {
    case POL_T_ENUM: put_i32(o, enum_index(p, t->enumeration)); break;
    case POL_T_RECORD: put_i32(o, record_index(p, t->record)); break;
    case POL_T_LIST:
    case POL_T_OPT: put_type(o, p, t->inner); break;
    default: break;
    }
}

static void put_record(PolBuf *o, const PolProgram *p, const PolRecord *r)
{
    put_str(o, r->name);
    put_i32(o, r->count);
    for (int i = 0; i < r->count; i++) {
        const PolMember *m = &r->members[i];
        put_str(o, m->name);
        put_type(o, p, m->type);
        put_type(o, p, m->value_type);
        put_i32(o, (int32_t)m->presence);
        put_i32(o, m->when_member);
        put_i32(o, m->nwhen);
        for (int k = 0; k < m->nwhen; k++)
            put_i32(o, m->when_values[k]);
        put_i32(o, m->absent_otherwise);
        put_i32(o, m->has_min);
        put_i64(o, m->min);
        put_i32(o, m->has_max);
        put_i64(o, m->max);
        put_i32(o, m->no_sign);
    }
}

static void put_value(PolBuf *o, PolValue v)
{
    put_i32(o, (int32_t)v.tag);
    switch (v.tag) {
    case POL_V_BOOL: put_i32(o, v.as.b); break;
    case POL_V_INT: put_i64(o, v.as.i); break;
    case POL_V_MONEY: put_i64(o, v.as.fen); break;
    case POL_V_DEC: put_i64(o, v.as.dec.num); put_i64(o, v.as.dec.den); break;
    case POL_V_DATE: put_i32(o, v.as.date); break;
    case POL_V_DUR: put_i32(o, v.as.dur.months); put_i32(o, v.as.dur.days); break;
    case POL_V_ENUM: put_i32(o, v.as.enum_index); break;
    case POL_V_TEXT: put_str(o, v.as.text->bytes); break;
    default: break;
    }
}

static void put_umoney(PolBuf *o, PolUMoney u)
{
    unsigned __int128 bits = (unsigned __int128)u.num;
    put_i64(o, (int64_t)(uint64_t)bits);
    put_i64(o, (int64_t)(uint64_t)(bits >> 64));
    put_i64(o, u.den);
}

/* The scales: name, source, kind, form, then each bracket's bound, rate
 * and deduction as exact rationals; then the branches of `if`s that the
 * explanation names. */
static void put_scales(PolBuf *o, const PolProgram *p)
{
    put_i32(o, p->nscales);
    for (int i = 0; i < p->nscales; i++) {
        const PolScaleInfo *s = &p->scales[i];
        put_str(o, s->name);
        put_str(o, s->source);
        put_i32(o, s->money);
        put_i32(o, s->marginal);
        put_i32(o, s->span);
        put_i32(o, s->nbrackets);
        for (int k = 0; k < s->nbrackets; k++) {
            put_umoney(o, s->brackets[k].up_to);
            put_i64(o, s->brackets[k].rate.num);
            put_i64(o, s->brackets[k].rate.den);
            put_umoney(o, s->brackets[k].deduction);
        }
    }
    put_i32(o, p->nbranches);
    for (int i = 0; i < p->nbranches; i++) {
        put_str(o, p->branches[i].text);
        put_i32(o, p->branches[i].span);
    }
}

const uint8_t *pol_polc_encode(const PolProgram *p, size_t *len)
{
    PolBuf o = {0};
    Tables t;
    memset(&t, 0, sizeof t);
    for (int i = 0; i < p->nspans; i++)
        source_index(&t, p->spans[i].src);
    put_i32(&o, t.nsources);
    for (int i = 0; i < t.nsources; i++) {
        put_str(&o, t.sources[i]->name);
        put_u32(&o, (uint32_t)t.sources[i]->len);
        put(&o, t.sources[i]->text, t.sources[i]->len);
    }
    put_str(&o, p->policy_id);
    put_str(&o, p->title);
    put_str(&o, p->source_doc);
    put_i32(&o, p->force_from);
    put_i32(&o, p->force_last);
    put_i32(&o, p->id_member);
    put_i32(&o, p->date_member);
    put_i32(&o, p->applies_chunk);
    put_str(&o, p->applies_text);
    put_i32(&o, (int32_t)p->scheme);
    put_i32(&o, p->nenums);
    for (int i = 0; i < p->nenums; i++) {
        put_str(&o, p->enums[i]->name);
        put_i32(&o, p->enums[i]->count);
        for (int k = 0; k < p->enums[i]->count; k++)
            put_str(&o, p->enums[i]->values[k]);
    }
    put_i32(&o, p->nrecords + 1);
    put_record(&o, p, p->facts);
    for (int i = 0; i < p->nrecords; i++)
        put_record(&o, p, p->records[i]);
    put_i32(&o, p->nconsts);
    for (int i = 0; i < p->nconsts; i++)
        put_value(&o, p->consts[i]);
    put_i32(&o, p->nstrings);
    for (int i = 0; i < p->nstrings; i++)
        put_str(&o, p->strings[i]);
    put_i32(&o, p->nspans);
    for (int i = 0; i < p->nspans; i++) {
        const PolSpan *s = &p->spans[i];
        put_i32(&o, source_index(&t, s->src));
        put_i32(&o, s->first_line);
        put_i32(&o, s->first_col);
        put_i32(&o, s->last_line);
        put_i32(&o, s->last_col);
    }
    put_i32(&o, p->nsteps);
    for (int i = 0; i < p->nsteps; i++) {
        const PolStep *st = &p->steps[i];
        put_i32(&o, st->from);
        put_i32(&o, st->through);
        put_i32(&o, st->repealed);
        put_i32(&o, st->source);
        put_i32(&o, st->has_verified);
        put_i32(&o, st->verified);
        put_i32(&o, st->span);
    }
    put_i32(&o, p->nchunks);
    for (int i = 0; i < p->nchunks; i++) {
        const PolChunk *c = &p->chunks[i];
        put_str(&o, c->name);
        put_i32(&o, (int32_t)c->kind);
        put_i32(&o, c->index);
        put_i32(&o, c->nargs);
        put_i32(&o, c->nlocals);
        put_i32(&o, c->max_stack);
        put_i32(&o, c->len);
        put(&o, c->code, (size_t)c->len);
        for (int k = 0; k < c->len; k++)
            put_i32(&o, c->spans[k]);
    }
    put_i32(&o, p->nparams);
    for (int i = 0; i < p->nparams; i++) {
        put_i32(&o, p->param_chunks[i]);
        put_str(&o, p->param_names[i]);
        put_type(&o, p, p->param_types[i]);
        put_i32(&o, p->param_steps[i]);
        put_i32(&o, p->param_nsteps[i]);
        put_i32(&o, p->param_dated[i]);
    }
    put_i32(&o, p->ndefines);
    for (int i = 0; i < p->ndefines; i++) {
        const PolDefineInfo *d = &p->defines[i];
        put_str(&o, d->name);
        put_i32(&o, d->chunk);
        put_i32(&o, d->nargs);
        put_type(&o, p, NEVER(!d->type) ? &pol_type_error : d->type);   /* the checker types every definition */
        put_i32(&o, d->nrules);
        for (int k = 0; k < d->nrules; k++) {
            put_str(&o, d->rules[k].label);
            put_i32(&o, (int32_t)d->rules[k].kind);
            put_i32(&o, d->rules[k].span);
            put_i32(&o, d->rules[k].step);
        }
    }
    put_i32(&o, p->nmeasures);
    for (int i = 0; i < p->nmeasures; i++) {
        const PolMeasureInfo *m = &p->measures[i];
        put_str(&o, m->id);
        put_str(&o, m->article);
        put_str(&o, m->title);
        put_i32(&o, m->nresponsible);
        for (int k = 0; k < m->nresponsible; k++)
            put_str(&o, m->responsible[k]);
        put_i32(&o, (int32_t)m->basis);
        put_i32(&o, m->chunk);
        put_i32(&o, m->nconds);
        for (int k = 0; k < m->nconds; k++) {
            put_str(&o, m->cond_texts[k]);
            put_i32(&o, m->cond_spans[k]);
            put_i32(&o, m->cond_steps[k]);
        }
        put_i32(&o, m->ncaps);
        for (int k = 0; k < m->ncaps; k++) {
            put_str(&o, m->cap_texts[k]);
            put_i32(&o, m->cap_steps[k]);
        }
        put_str(&o, m->amount_text);
        put_i32(&o, m->span);
        put_i32(&o, m->zero_granted);
        put_i32(&o, m->has_source);
        put_i32(&o, m->item_type != NULL);
        if (m->item_type) {
            put_type(&o, p, m->item_type);
            put_str(&o, m->item_var);
            put_str(&o, m->items_text);
            put_str(&o, m->order_text);
            put_i32(&o, m->item_conds);
            put_i32(&o, m->nsubject);
            for (int k = 0; k < m->nsubject; k++) {
                put_str(&o, m->subject_names[k]);
                put_type(&o, p, m->subject_types[k]);
            }
        }
        put_i32(&o, m->step);
    }
    put_scales(&o, p);
    PolBuf file = {0};
    put(&file, MAGIC, 4);
    uint8_t version[2] = {VERSION & 0xff, VERSION >> 8};
    put(&file, version, 2);
    put_u32(&file, (uint32_t)o.len);
    put_u32(&file, fnv1a((const uint8_t *)o.data, o.len));
    put(&file, o.data, o.len);
    *len = file.len;
    return (const uint8_t *)file.data;
}

const char *pol_polc_digest_bytes(const void *data, size_t len)
{
    struct sha256_ctx ctx;
    uint8_t sum[SHA256_DIGEST_SIZE];
    sha256_init(&ctx);
    sha256_update(&ctx, len, data);
    sha256_digest(&ctx, sizeof sum, sum);
    char hex[2 * SHA256_DIGEST_SIZE + 1];
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
        snprintf(hex + 2 * i, 3, "%02x", sum[i]);
    return pol_strdup_printf("sha256:%s", hex);
}

const char *pol_polc_digest(const PolProgram *p)
{
    size_t len;
    const uint8_t *bytes = pol_polc_encode(p, &len);
    return pol_polc_digest_bytes(bytes, len);
}

bool pol_polc_write(const PolProgram *p, const char *path, PolDiags *ds)
{
    size_t len;
    const uint8_t *data = pol_polc_encode(p, &len);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
        pol_diag(ds, POL_E1001_cannot_write, (PolSpan){0}, NULL, path, pol_strerror(ds->lang, errno));
        return false;
    }
    return true;
}

/* ---- reading ---- */

typedef struct In {
    const uint8_t *p;
    size_t len, at;
    bool bad;
    const char *what;
} In;

static bool need(In *in, size_t n)
{
    if (in->bad || n > in->len - in->at) {
        in->bad = true;
        return false;
    }
    return true;
}

static uint32_t get_u32(In *in)
{
    if (!need(in, 4))
        return 0;
    const uint8_t *b = in->p + in->at;
    in->at += 4;
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static int32_t get_i32(In *in) { return (int32_t)get_u32(in); }
static int64_t get_i64(In *in) { uint64_t lo = get_u32(in); uint64_t hi = get_u32(in); return (int64_t)(lo | hi << 32); }

/* A count that must lie in [0, max]. */
static int get_count(In *in, int max)
{
    int32_t n = get_i32(in);
    if (n < 0 || n > max)
        in->bad = true;
    return in->bad ? 0 : n;
}

static const char *get_str(In *in)
{
    uint32_t n = get_u32(in);
    if (n == UINT32_MAX)
        return NULL;
    if (!need(in, n))
        return "";
    char *s = GC_MALLOC_ATOMIC((size_t)n + 1);
    memcpy(s, in->p + in->at, n);
    s[n] = '\0';
    in->at += n;
    return s;
}

static const char *get_name(In *in)
{
    const char *s = get_str(in);
    if (!s)
        in->bad = true;
    return s ? s : "";
}

#define LIMIT 1000000

static const PolType *get_type(In *in, PolProgram *p, PolRecord *records, int nrecords, int depth)
{
    PolTypeKind k = (PolTypeKind)get_i32(in);
    if (depth > 8 || k < POL_T_ERROR || k > POL_T_OPT) {
        in->bad = true;
        return &pol_type_error;
    }
    static const PolType *const simple[] = {&pol_type_error, &pol_type_bool, &pol_type_int, &pol_type_dec, &pol_type_money,
                                            &pol_type_umoney, &pol_type_date, &pol_type_dur, &pol_type_text};
    switch (k) {
    case POL_T_ENUM: {
        int e = get_i32(in);
        if (e < 0 || e >= p->nenums) { in->bad = true; return &pol_type_error; }
        return pol_type_enum(p->enums[e]);
    }
    case POL_T_RECORD: {
        int r = get_i32(in);
        if (r < 0 || r >= nrecords) { in->bad = true; return &pol_type_error; }
        return pol_type_record(&records[r]);
    }
    case POL_T_LIST: return pol_type_list(get_type(in, p, records, nrecords, depth + 1));
    case POL_T_OPT: return pol_type_opt(get_type(in, p, records, nrecords, depth + 1));
    default: return simple[k];
    }
}

static PolValue get_value(In *in)
{
    PolValue v = pol_absent();
    v.tag = (PolValueTag)get_i32(in);
    switch (v.tag) {
    case POL_V_ABSENT: break;
    case POL_V_BOOL: v.as.b = get_i32(in) != 0; break;
    case POL_V_INT: v.as.i = get_i64(in); break;
    case POL_V_MONEY: v.as.fen = get_i64(in); break;
    case POL_V_DEC:
        v.as.dec.num = get_i64(in);
        v.as.dec.den = get_i64(in);
        if (v.as.dec.den <= 0) in->bad = true;
        break;
    case POL_V_DATE: v.as.date = get_i32(in); break;
    case POL_V_DUR: v.as.dur.months = get_i32(in); v.as.dur.days = get_i32(in); break;
    case POL_V_ENUM: v.as.enum_index = get_i32(in); break;
    case POL_V_TEXT: { const char *s = get_name(in); v.as.text = pol_text_new(s, (uint32_t)strlen(s)); break; }
    default: in->bad = true; break;
    }
    return v;
}

static PolUMoney get_umoney(In *in)
{
    uint64_t lo = (uint64_t)get_i64(in), hi = (uint64_t)get_i64(in);
    PolUMoney u;
    u.num = (pol_i128)((unsigned __int128)hi << 64 | lo);
    u.den = get_i64(in);
    return u;
}

/* The scales (put_scales); what their values must be, the verifier checks. */
static void get_scales(In *in, PolProgram *p)
{
    p->nscales = get_count(in, 65535);
    p->scales = GC_MALLOC((size_t)(p->nscales + 1) * sizeof *p->scales);
    for (int i = 0; i < p->nscales && !in->bad; i++) {
        PolScaleInfo *s = &p->scales[i];
        s->name = get_name(in);
        s->source = get_str(in);
        s->money = get_i32(in) != 0;
        s->marginal = get_i32(in) != 0;
        s->span = get_i32(in);
        s->nbrackets = get_count(in, 65535);
        s->brackets = GC_MALLOC_ATOMIC((size_t)(s->nbrackets + 1) * sizeof *s->brackets);
        for (int k = 0; k < s->nbrackets && !in->bad; k++) {
            s->brackets[k].up_to = get_umoney(in);
            s->brackets[k].rate.num = get_i64(in);
            s->brackets[k].rate.den = get_i64(in);
            s->brackets[k].deduction = get_umoney(in);
        }
    }
    p->nbranches = get_count(in, 65535);
    p->branches = GC_MALLOC((size_t)(p->nbranches + 1) * sizeof *p->branches);
    for (int i = 0; i < p->nbranches && !in->bad; i++) {
        p->branches[i].text = get_name(in);
        p->branches[i].span = get_i32(in);
    }
}

PolProgram *pol_polc_read(const char *path, PolDiags *ds)
{
    PolSource *file = pol_source_read(path);
    if (!file) {
        pol_diag(ds, POL_E0701_cannot_read, (PolSpan){0}, NULL, path, pol_strerror(ds->lang, errno));
        return NULL;
    }
    return pol_polc_read_bytes(file->text, file->len, path, ds);
}

PolProgram *pol_polc_read_bytes(const void *data, size_t size, const char *path, PolDiags *ds)
{
    const uint8_t *b = data;
    if (size < 14 || memcmp(b, MAGIC, 4) != 0) {
        pol_diag(ds, POL_E1002_not_compiled, (PolSpan){0}, NULL, path);
        return NULL;
    }
    int version = b[4] | b[5] << 8;
    if (version != VERSION) {
        char found[16], wanted[16];
        snprintf(found, sizeof found, "%d", version);
        snprintf(wanted, sizeof wanted, "%d", VERSION);
        pol_diag(ds, POL_E1003_other_version, (PolSpan){0}, NULL, path, found, wanted);
        return NULL;
    }
    uint32_t len = (uint32_t)b[6] | (uint32_t)b[7] << 8 | (uint32_t)b[8] << 16 | (uint32_t)b[9] << 24;
    uint32_t sum = (uint32_t)b[10] | (uint32_t)b[11] << 8 | (uint32_t)b[12] << 16 | (uint32_t)b[13] << 24;
    if (len != size - 14) {
        pol_diag(ds, POL_E1004_truncated, (PolSpan){0}, NULL, path);
        return NULL;
    }
    if (fnv1a(b + 14, len) != sum) {
        pol_diag(ds, POL_E1005_checksum, (PolSpan){0}, NULL, path);
        return NULL;
    }
    In in = {b + 14, len, 0, false, NULL};
    PolProgram *p = GC_MALLOC(sizeof *p);
    int nsources = get_count(&in, 256);
    PolSource **sources = GC_MALLOC((size_t)(nsources + 1) * sizeof *sources);
    for (int i = 0; i < nsources; i++) {   /* a read that fails makes need() fail: break */
        const char *spath = get_name(&in);
        uint32_t n = get_u32(&in);
        if (!need(&in, n))
            break;
        char *text = GC_MALLOC_ATOMIC((size_t)n + 1);
        memcpy(text, in.p + in.at, n);
        text[n] = '\0';
        in.at += n;
        sources[i] = pol_source_from_text(spath, text, n);
    }
    p->policy_id = get_name(&in);
    p->title = get_str(&in);
    p->source_doc = get_str(&in);
    p->force_from = get_i32(&in);
    p->force_last = get_i32(&in);
    p->id_member = get_i32(&in);
    p->date_member = get_i32(&in);
    p->applies_chunk = get_i32(&in);
    p->applies_text = get_str(&in);
    int32_t scheme = get_i32(&in);
    if (scheme < POL_SCHEME_GRANT || scheme > POL_SCHEME_SERVICE)
        in.bad = true;
    p->scheme = (PolSchemeKind)scheme;
    p->nenums = get_count(&in, LIMIT);
    PolEnum *enums = GC_MALLOC((size_t)(p->nenums + 1) * sizeof *enums);
    const PolEnum **enum_ptrs = GC_MALLOC((size_t)(p->nenums + 1) * sizeof *enum_ptrs);
    for (int i = 0; i < p->nenums && !in.bad; i++) {
        enums[i].name = get_name(&in);
        enums[i].count = get_count(&in, 65535);
        enums[i].values = GC_MALLOC((size_t)(enums[i].count + 1) * sizeof(char *));
        for (int k = 0; k < enums[i].count && !in.bad; k++)
            enums[i].values[k] = get_name(&in);
        if (!in.bad)
            pol_enum_index(&enums[i]);
        enum_ptrs[i] = &enums[i];
    }
    p->enums = enum_ptrs;
    int nrecords = get_count(&in, LIMIT);
    if (nrecords < 1)
        in.bad = true;
    PolRecord *records = GC_MALLOC((size_t)(nrecords + 1) * sizeof *records);
    for (int i = 0; i < nrecords && !in.bad; i++) {
        PolRecord *r = &records[i];
        r->name = get_name(&in);
        r->count = get_count(&in, 65535);
        r->members = GC_MALLOC((size_t)(r->count + 1) * sizeof *r->members);
        for (int k = 0; k < r->count && !in.bad; k++) {
            PolMember *m = &r->members[k];
            m->name = get_name(&in);
            m->type = get_type(&in, p, records, nrecords, 0);
            m->value_type = get_type(&in, p, records, nrecords, 0);
            m->presence = (PolPresence)get_i32(&in);
            m->when_member = get_i32(&in);
            m->nwhen = get_count(&in, 65535);
            int *values = GC_MALLOC_ATOMIC((size_t)(m->nwhen + 1) * sizeof *values);
            for (int w = 0; w < m->nwhen && !in.bad; w++)
                values[w] = get_i32(&in);
            m->when_values = values;
            m->absent_otherwise = get_i32(&in) != 0;
            m->has_min = get_i32(&in) != 0;
            m->min = get_i64(&in);
            m->has_max = get_i32(&in) != 0;
            m->max = get_i64(&in);
            m->no_sign = get_i32(&in) != 0;
            if (m->presence > POL_PRESENCE_REQUIRED_WHEN || m->when_member >= r->count)
                in.bad = true;
        }
        if (!in.bad)
            pol_record_index(r);
    }
    p->facts = nrecords ? &records[0] : NULL;
    p->nrecords = nrecords ? nrecords - 1 : 0;
    const PolRecord **rec_ptrs = GC_MALLOC((size_t)(nrecords + 1) * sizeof *rec_ptrs);
    for (int i = 1; i < nrecords; i++)
        rec_ptrs[i - 1] = &records[i];
    p->records = rec_ptrs;
    p->nconsts = get_count(&in, 65535);
    p->consts = GC_MALLOC((size_t)(p->nconsts + 1) * sizeof *p->consts);
    for (int i = 0; i < p->nconsts && !in.bad; i++)
        p->consts[i] = get_value(&in);
    p->nstrings = get_count(&in, 65535);
    p->strings = GC_MALLOC((size_t)(p->nstrings + 1) * sizeof *p->strings);
    for (int i = 0; i < p->nstrings && !in.bad; i++)
        p->strings[i] = get_name(&in);
    p->nspans = get_count(&in, LIMIT);
    p->spans = GC_MALLOC((size_t)(p->nspans + 1) * sizeof *p->spans);
    for (int i = 0; i < p->nspans && !in.bad; i++) {
        int s = get_i32(&in);
        if (s < -1 || s >= nsources)
            in.bad = true;
        p->spans[i].src = s >= 0 && !in.bad ? sources[s] : NULL;
        p->spans[i].first_line = get_i32(&in);
        p->spans[i].first_col = get_i32(&in);
        p->spans[i].last_line = get_i32(&in);
        p->spans[i].last_col = get_i32(&in);
    }
    p->nsteps = get_count(&in, 65535);
    p->steps = GC_MALLOC_ATOMIC((size_t)(p->nsteps + 1) * sizeof *p->steps);
    for (int i = 0; i < p->nsteps && !in.bad; i++) {
        PolStep *st = &p->steps[i];
        st->from = get_i32(&in);
        st->through = get_i32(&in);
        st->repealed = get_i32(&in) != 0;
        st->source = get_i32(&in);
        st->has_verified = get_i32(&in) != 0;
        st->verified = get_i32(&in);
        st->span = get_i32(&in);
    }
    p->nchunks = get_count(&in, 65535);
    p->chunks = GC_MALLOC((size_t)(p->nchunks + 1) * sizeof *p->chunks);
    for (int i = 0; i < p->nchunks && !in.bad; i++) {
        PolChunk *c = &p->chunks[i];
        c->name = get_name(&in);
        c->kind = (PolChunkKind)get_i32(&in);
        c->index = get_i32(&in);
        c->nargs = get_count(&in, 65535);
        c->nlocals = get_count(&in, 65535);
        c->max_stack = get_count(&in, 1 << 20);
        c->len = get_count(&in, 1 << 20);
        if (!need(&in, (size_t)c->len))
            break;
        c->code = GC_MALLOC_ATOMIC((size_t)c->len + 1);
        memcpy(c->code, in.p + in.at, (size_t)c->len);
        in.at += (size_t)c->len;
        c->spans = GC_MALLOC_ATOMIC((size_t)(c->len + 1) * sizeof *c->spans);
        for (int k = 0; k < c->len; k++)
            c->spans[k] = get_i32(&in);
    }
    p->nparams = get_count(&in, 65535);
    p->param_chunks = GC_MALLOC_ATOMIC((size_t)(p->nparams + 1) * sizeof *p->param_chunks);
    p->param_names = GC_MALLOC((size_t)(p->nparams + 1) * sizeof *p->param_names);
    p->param_steps = GC_MALLOC_ATOMIC((size_t)(p->nparams + 1) * sizeof *p->param_steps);
    p->param_nsteps = GC_MALLOC_ATOMIC((size_t)(p->nparams + 1) * sizeof *p->param_nsteps);
    p->param_dated = GC_MALLOC_ATOMIC((size_t)(p->nparams + 1) * sizeof *p->param_dated);
    p->param_types = GC_MALLOC((size_t)(p->nparams + 1) * sizeof *p->param_types);
    for (int i = 0; i < p->nparams && !in.bad; i++) {
        p->param_chunks[i] = get_i32(&in);
        p->param_names[i] = get_name(&in);
        p->param_types[i] = get_type(&in, p, records, nrecords, 0);
        p->param_steps[i] = get_i32(&in);
        p->param_nsteps[i] = get_count(&in, 65535);
        p->param_dated[i] = get_i32(&in) != 0;
    }
    p->ndefines = get_count(&in, 65535);
    p->defines = GC_MALLOC((size_t)(p->ndefines + 1) * sizeof *p->defines);
    for (int i = 0; i < p->ndefines && !in.bad; i++) {
        PolDefineInfo *d = &p->defines[i];
        d->name = get_name(&in);
        d->chunk = get_i32(&in);
        d->nargs = get_count(&in, 65535);
        d->type = get_type(&in, p, records, nrecords, 0);
        d->nrules = get_count(&in, 65535);
        d->rules = GC_MALLOC((size_t)(d->nrules + 1) * sizeof *d->rules);
        for (int k = 0; k < d->nrules && !in.bad; k++) {
            d->rules[k].label = get_name(&in);
            d->rules[k].kind = (PolRuleKind)get_i32(&in);
            if (d->rules[k].kind > POL_RULE_EXCEPTION)
                in.bad = true;
            d->rules[k].span = get_i32(&in);
            d->rules[k].step = get_i32(&in);
        }
    }
    p->nmeasures = get_count(&in, 65535);
    p->measures = GC_MALLOC((size_t)(p->nmeasures + 1) * sizeof *p->measures);
    for (int i = 0; i < p->nmeasures && !in.bad; i++) {
        PolMeasureInfo *m = &p->measures[i];
        m->id = get_name(&in);
        m->article = get_name(&in);
        m->title = get_str(&in);
        m->nresponsible = get_count(&in, 65535);
        m->responsible = GC_MALLOC((size_t)(m->nresponsible + 1) * sizeof *m->responsible);
        for (int k = 0; k < m->nresponsible && !in.bad; k++)
            m->responsible[k] = get_name(&in);
        m->basis = (PolBasis)get_i32(&in);
        m->chunk = get_i32(&in);
        m->nconds = get_count(&in, 65535);
        m->cond_texts = GC_MALLOC((size_t)(m->nconds + 1) * sizeof *m->cond_texts);
        m->cond_spans = GC_MALLOC_ATOMIC((size_t)(m->nconds + 1) * sizeof *m->cond_spans);
        m->cond_steps = GC_MALLOC_ATOMIC((size_t)(m->nconds + 1) * sizeof *m->cond_steps);
        for (int k = 0; k < m->nconds && !in.bad; k++) {
            m->cond_texts[k] = get_name(&in);
            m->cond_spans[k] = get_i32(&in);
            m->cond_steps[k] = get_i32(&in);
        }
        m->ncaps = get_count(&in, 65535);
        m->cap_texts = GC_MALLOC((size_t)(m->ncaps + 1) * sizeof *m->cap_texts);
        m->cap_steps = GC_MALLOC_ATOMIC((size_t)(m->ncaps + 1) * sizeof *m->cap_steps);
        for (int k = 0; k < m->ncaps && !in.bad; k++) {
            m->cap_texts[k] = get_name(&in);
            m->cap_steps[k] = get_i32(&in);
        }
        m->amount_text = get_str(&in);
        m->span = get_i32(&in);
        m->zero_granted = get_i32(&in) != 0;
        m->has_source = get_i32(&in) != 0;
        if (get_i32(&in) != 0) {
            m->item_type = get_type(&in, p, records, nrecords, 0);
            m->item_var = get_name(&in);
            m->items_text = get_name(&in);
            m->order_text = get_str(&in);
            m->item_conds = get_count(&in, 65535);
            m->nsubject = get_count(&in, 65535);
            m->subject_names = GC_MALLOC((size_t)(m->nsubject + 1) * sizeof *m->subject_names);
            m->subject_types = GC_MALLOC((size_t)(m->nsubject + 1) * sizeof *m->subject_types);
            for (int k = 0; k < m->nsubject && !in.bad; k++) {
                m->subject_names[k] = get_name(&in);
                m->subject_types[k] = get_type(&in, p, records, nrecords, 0);
            }
        }
        m->step = get_i32(&in);
        if (m->basis > POL_BASIS_COMPUTED)
            in.bad = true;
    }
    get_scales(&in, p);
    if (in.bad || in.at != in.len) {
        char at[24];
        snprintf(at, sizeof at, "%zu", in.at);
        pol_diag(ds, POL_E1006_malformed, (PolSpan){0}, NULL, path, at);
        return NULL;
    }
    const char *wrong = pol_verify_program(p);
    if (wrong) {
        /* what the verifier found stays in English: it is for a bug report */
        pol_diag(ds, POL_E1007_fails_verification, (PolSpan){0}, NULL, path, wrong);
        return NULL;
    }
    p->digest = pol_polc_digest_bytes(data, size);
    return p;
}
