/*
 * polc.c — compiled policies on disk (.polc) and their verification.
 *
 * Layout: "POLC" magic, u16 format version, u32 payload length, u32
 * FNV-1a checksum of the payload, then the payload: the policy's sources
 * (so runtime errors still point at policy lines), metadata, schema,
 * constants, spans and chunks. Integers are little-endian.
 *
 * A file is verified before its first instruction runs: every read is
 * bounds-checked, and every instruction's operands, jump targets, the
 * stack depth and the types of the values at every point are checked, and
 * the facts schema (pol_polc_verify), so a corrupted or forged file is
 * refused with a message instead of being run.
 * Knows the bytecode layout (with compile.c, vm.c and disasm.c).
 */
#include <errno.h>
#include <gc.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "polc.h"
#include "vm.h"
#include "source.h"

#define MAGIC "POLC"
#define VERSION 2   /* 2: definitions carry their type, RULE_APPLIES */

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

typedef struct Out { uint8_t *data; size_t len, cap; } Out;

static void put(Out *o, const void *p, size_t n)
{
    if (o->len + n > o->cap) {
        size_t cap = o->cap ? o->cap : 4096;
        while (cap < o->len + n)
            cap *= 2;
        o->data = GC_REALLOC(o->data, cap);
        o->cap = cap;
    }
    memcpy(o->data + o->len, p, n);
    o->len += n;
}

static void put_u32(Out *o, uint32_t v)
{
    uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    put(o, b, 4);
}

static void put_i32(Out *o, int32_t v) { put_u32(o, (uint32_t)v); }
static void put_i64(Out *o, int64_t v) { put_u32(o, (uint32_t)(uint64_t)v); put_u32(o, (uint32_t)((uint64_t)v >> 32)); }

static void put_str(Out *o, const char *s)
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

static void put_type(Out *o, const PolProgram *p, const PolType *t)
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

static void put_record(Out *o, const PolProgram *p, const PolRecord *r)
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
        put_i32(o, m->when_value);
        put_i32(o, m->has_min);
        put_i64(o, m->min);
    }
}

static void put_value(Out *o, PolValue v)
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

const uint8_t *pol_polc_encode(const PolProgram *p, size_t *len)
{
    Out o = {0};
    Tables t;
    memset(&t, 0, sizeof t);
    for (int i = 0; i < p->nspans; i++)
        source_index(&t, p->spans[i].src);
    put_i32(&o, t.nsources);
    for (int i = 0; i < t.nsources; i++) {
        put_str(&o, t.sources[i]->path);
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
    }
    put_i32(&o, p->ndefines);
    for (int i = 0; i < p->ndefines; i++) {
        const PolDefineInfo *d = &p->defines[i];
        put_str(&o, d->name);
        put_i32(&o, d->chunk);
        put_i32(&o, d->nargs);
        put_type(&o, p, d->type ? d->type : &pol_type_error);
        put_i32(&o, d->nrules);
        for (int k = 0; k < d->nrules; k++) {
            put_str(&o, d->rules[k].label);
            put_i32(&o, (int32_t)d->rules[k].kind);
            put_i32(&o, d->rules[k].span);
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
        }
        put_i32(&o, m->ncaps);
        for (int k = 0; k < m->ncaps; k++)
            put_str(&o, m->cap_texts[k]);
        put_str(&o, m->amount_text);
        put_i32(&o, m->span);
    }
    Out file = {0};
    put(&file, MAGIC, 4);
    uint8_t version[2] = {VERSION & 0xff, VERSION >> 8};
    put(&file, version, 2);
    put_u32(&file, (uint32_t)o.len);
    put_u32(&file, fnv1a(o.data, o.len));
    put(&file, o.data, o.len);
    *len = file.len;
    return file.data;
}

/* ---- errors ----
 * Each is written into the caller's err in the current language, and kept
 * (code and arguments, all text) for pol_polc_report. */

static _Thread_local struct {
    PolDiagCode code;
    char args[3][600];
} last_error;

static void format_error(char *err, size_t errsize, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errsize, fmt, ap);
    va_end(ap);
}

static void polc_error(char *err, size_t errsize, PolDiagCode code, const char *a, const char *b, const char *c)
{
    const char *args[3] = {a, b, c};
    last_error.code = code;
    for (int i = 0; i < 3; i++)
        snprintf(last_error.args[i], sizeof last_error.args[i], "%s", args[i] ? args[i] : "");
    format_error(err, errsize, pol_diag_format(code, pol_diags.lang), a, b, c);
}

void pol_polc_report(void)
{
    PolSpan none = {0};
    pol_diag(last_error.code, none, NULL, last_error.args[0], last_error.args[1], last_error.args[2]);
}

bool pol_polc_write(const PolProgram *p, const char *path, char *err, size_t errsize)
{
    size_t len;
    const uint8_t *data = pol_polc_encode(p, &len);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
        polc_error(err, errsize, POL_E1001_cannot_write, path, pol_strerror(errno), NULL);
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

PolProgram *pol_polc_read(const char *path, char *err, size_t errsize)
{
    PolSource *file = pol_source_read(path);
    if (!file) {
        polc_error(err, errsize, POL_E0701_cannot_read, path, pol_strerror(errno), NULL);
        return NULL;
    }
    return pol_polc_read_bytes(file->text, file->len, path, err, errsize);
}

PolProgram *pol_polc_read_bytes(const void *data, size_t size, const char *path, char *err, size_t errsize)
{
    const uint8_t *b = data;
    if (size < 14 || memcmp(b, MAGIC, 4) != 0) {
        polc_error(err, errsize, POL_E1002_not_compiled, path, NULL, NULL);
        return NULL;
    }
    int version = b[4] | b[5] << 8;
    if (version != VERSION) {
        char found[16], wanted[16];
        snprintf(found, sizeof found, "%d", version);
        snprintf(wanted, sizeof wanted, "%d", VERSION);
        polc_error(err, errsize, POL_E1003_other_version, path, found, wanted);
        return NULL;
    }
    uint32_t len = (uint32_t)b[6] | (uint32_t)b[7] << 8 | (uint32_t)b[8] << 16 | (uint32_t)b[9] << 24;
    uint32_t sum = (uint32_t)b[10] | (uint32_t)b[11] << 8 | (uint32_t)b[12] << 16 | (uint32_t)b[13] << 24;
    if (len != size - 14) {
        polc_error(err, errsize, POL_E1004_truncated, path, NULL, NULL);
        return NULL;
    }
    if (fnv1a(b + 14, len) != sum) {
        polc_error(err, errsize, POL_E1005_checksum, path, NULL, NULL);
        return NULL;
    }
    In in = {b + 14, len, 0, false, NULL};
    PolProgram *p = GC_MALLOC(sizeof *p);
    int nsources = get_count(&in, 256);
    PolSource **sources = GC_MALLOC((size_t)(nsources + 1) * sizeof *sources);
    for (int i = 0; i < nsources && !in.bad; i++) {
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
    p->nenums = get_count(&in, LIMIT);
    PolEnum *enums = GC_MALLOC((size_t)(p->nenums + 1) * sizeof *enums);
    const PolEnum **enum_ptrs = GC_MALLOC((size_t)(p->nenums + 1) * sizeof *enum_ptrs);
    for (int i = 0; i < p->nenums && !in.bad; i++) {
        enums[i].name = get_name(&in);
        enums[i].count = get_count(&in, 65535);
        enums[i].values = GC_MALLOC((size_t)(enums[i].count + 1) * sizeof(char *));
        for (int k = 0; k < enums[i].count && !in.bad; k++)
            enums[i].values[k] = get_name(&in);
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
            m->when_value = get_i32(&in);
            m->has_min = get_i32(&in) != 0;
            m->min = get_i64(&in);
            if (m->presence > POL_PRESENCE_REQUIRED_WHEN || m->when_member >= r->count)
                in.bad = true;
        }
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
    for (int i = 0; i < p->nparams && !in.bad; i++) {
        p->param_chunks[i] = get_i32(&in);
        p->param_names[i] = get_name(&in);
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
        }
    }
    p->nmeasures = get_count(&in, 65535);
    p->measures = GC_MALLOC((size_t)(p->nmeasures + 1) * sizeof *p->measures);
    for (int i = 0; i < p->nmeasures && !in.bad; i++) {
        PolMeasureInfo *m = &p->measures[i];
        m->id = get_name(&in);
        m->article = get_name(&in);
        m->title = get_name(&in);
        m->nresponsible = get_count(&in, 65535);
        m->responsible = GC_MALLOC((size_t)(m->nresponsible + 1) * sizeof *m->responsible);
        for (int k = 0; k < m->nresponsible && !in.bad; k++)
            m->responsible[k] = get_name(&in);
        m->basis = (PolBasis)get_i32(&in);
        m->chunk = get_i32(&in);
        m->nconds = get_count(&in, 65535);
        m->cond_texts = GC_MALLOC((size_t)(m->nconds + 1) * sizeof *m->cond_texts);
        m->cond_spans = GC_MALLOC_ATOMIC((size_t)(m->nconds + 1) * sizeof *m->cond_spans);
        for (int k = 0; k < m->nconds && !in.bad; k++) {
            m->cond_texts[k] = get_name(&in);
            m->cond_spans[k] = get_i32(&in);
        }
        m->ncaps = get_count(&in, 65535);
        m->cap_texts = GC_MALLOC((size_t)(m->ncaps + 1) * sizeof *m->cap_texts);
        for (int k = 0; k < m->ncaps && !in.bad; k++)
            m->cap_texts[k] = get_name(&in);
        m->amount_text = get_str(&in);
        m->span = get_i32(&in);
        if (m->basis > POL_BASIS_NON_MONETARY)
            in.bad = true;
    }
    if (in.bad || in.at != in.len) {
        char at[24];
        snprintf(at, sizeof at, "%zu", in.at);
        polc_error(err, errsize, POL_E1006_malformed, path, at, NULL);
        return NULL;
    }
    if (!pol_polc_verify(p, err, errsize)) {
        /* what the verifier found stays in English: it is for a bug report */
        char what[600];
        snprintf(what, sizeof what, "%s", err);
        polc_error(err, errsize, POL_E1007_fails_verification, path, what, NULL);
        return NULL;
    }
    return p;
}

/* ---- verification ---- */

static bool bad_(char *err, size_t errsize, const PolChunk *c, int at, const char *what)
{
    snprintf(err, errsize, "invalid bytecode in `%s` at %d: %s", c->name, at, what);
    return false;
}

static bool index_ok(int i, int n) { return i >= 0 && i < n; }

/*
 * Checks one chunk — operands in range, jumps onto instruction starts,
 * equal stack depths where paths meet — and finds the deepest stack over
 * all paths. The compiler records that depth; the loader checks that a
 * file's declared depth covers it.
 */
bool pol_chunk_analyse(const PolProgram *p, int ci, int *max_depth, char *err, size_t errsize)
{
    const PolChunk *c = &p->chunks[ci];
    if (c->kind > POL_CHUNK_APPLIES || c->nargs > c->nlocals)
        return bad_(err, errsize, c, 0, "bad chunk header");
    if (c->kind == POL_CHUNK_MEASURE && (!index_ok(c->index, p->nmeasures) || p->measures[c->index].chunk != ci))
        return bad_(err, errsize, c, 0, "measure chunk does not match its measure");
    if (c->kind == POL_CHUNK_DEFINE && (!index_ok(c->index, p->ndefines) || p->defines[c->index].chunk != ci ||
                                        p->defines[c->index].nargs != c->nargs))
        return bad_(err, errsize, c, 0, "definition chunk does not match its definition");
    /* Pass 1: instruction boundaries and operand ranges. */
    uint8_t *start = GC_MALLOC_ATOMIC((size_t)c->len + 1);
    memset(start, 0, (size_t)c->len + 1);
    for (int at = 0; at < c->len;) {
        int op = c->code[at];
        if (op >= POL_I_COUNT)
            return bad_(err, errsize, c, at, "unknown instruction");
        int size = pol_instruction_size((PolOpcode)op);
        if (at + size > c->len)
            return bad_(err, errsize, c, at, "instruction runs past the end");
        for (int k = at; k < at + size; k++)   /* an error after an operand is read names the span of its last byte */
            if (!index_ok(c->spans[k], p->nspans))
                return bad_(err, errsize, c, at, "no source location");
        start[at] = 1;
        at += size;
    }
    /* Pass 2: stack depth by abstract interpretation over all paths. */
    int *depth = GC_MALLOC_ATOMIC((size_t)(c->len + 1) * sizeof *depth);
    for (int k = 0; k <= c->len; k++)
        depth[k] = -1;
    int *work = GC_MALLOC_ATOMIC((size_t)(c->len + 1) * sizeof *work);
    int nwork = 0;
    int max = 0;
    if (c->len == 0)
        return bad_(err, errsize, c, 0, "empty chunk");
    depth[0] = 0;
    work[nwork++] = 0;
    while (nwork) {
        int at = work[--nwork];
        PolOpcode op = (PolOpcode)c->code[at];
        const uint8_t *o = c->code + at + 1;
        /* operands only where the instruction has them (pass 1: they are in the chunk) */
        int a = pol_opcode_operands[op] != POL_OPND_N ? o[0] | o[1] << 8 : 0;
        int b = pol_opcode_operands[op] == POL_OPND_AB || pol_opcode_operands[op] == POL_OPND_AJ ? (o[2] | o[3] << 8) : 0;
        int d = depth[at];
        int next = at + pol_instruction_size(op);
        int target = -1;
        bool falls = true;
        int pops = pol_opcode_pops[op], pushes = pol_opcode_pushes[op];
        switch (op) {
        case POL_I_CONST: if (!index_ok(a, p->nconsts)) return bad_(err, errsize, c, at, "constant out of range"); break;
        case POL_I_FACT: if (!index_ok(a, p->facts->count)) return bad_(err, errsize, c, at, "fact out of range"); break;
        case POL_I_NOTE:
            if (!index_ok(a, p->nstrings) || (b != POL_NO_INDEX && !index_ok(b, c->nlocals)))
                return bad_(err, errsize, c, at, "note operand out of range");
            break;
        case POL_I_LOCAL: case POL_I_SET_LOCAL:
            if (!index_ok(a, c->nlocals)) return bad_(err, errsize, c, at, "local out of range");
            break;
        case POL_I_PARAM: if (!index_ok(a, p->nparams)) return bad_(err, errsize, c, at, "parameter out of range"); break;
        case POL_I_DEF:
            if (!index_ok(a, p->ndefines) || p->defines[a].nargs != 0) return bad_(err, errsize, c, at, "definition out of range");
            break;
        case POL_I_CALL:
            if (!index_ok(a, p->ndefines) || p->defines[a].nargs != b) return bad_(err, errsize, c, at, "call does not match its definition");
            pops = b;
            break;
        case POL_I_GRANTED: if (!index_ok(a, p->nmeasures)) return bad_(err, errsize, c, at, "measure out of range"); break;
        case POL_I_ROUND:
            if (a > POL_ROUND_HALF_EVEN || (b != POL_UNIT_FEN && b != POL_UNIT_YUAN)) return bad_(err, errsize, c, at, "bad rounding");
            break;
        case POL_I_ADD_MONTHS: case POL_I_SUB_MONTHS:
            if (a > POL_ROUND_HALF_EVEN) return bad_(err, errsize, c, at, "bad rounding");
            break;
        case POL_I_IN: pops = a + 1; break;
        case POL_I_MIN: case POL_I_MAX:
            if (a < 1) return bad_(err, errsize, c, at, "min/max of nothing");
            pops = a;
            break;
        case POL_I_JUMP: target = next + (int16_t)a; falls = false; break;
        case POL_I_JUMP_IF_FALSE: target = next + (int16_t)a; break;
        case POL_I_AND: case POL_I_OR: case POL_I_OTHERWISE: case POL_I_JUMP_IF_RULE:
            target = next + (int16_t)a;
            pops = 1;
            pushes = 0;   /* fall-through pops; the jump keeps the value (handled below) */
            break;
        case POL_I_ITER:
            if (!index_ok(a, c->nlocals - 1)) return bad_(err, errsize, c, at, "iterator locals out of range");
            target = next + (int16_t)b;
            pops = 0;
            pushes = 1;
            break;
        case POL_I_RULE_APPLIES:
            if (c->kind != POL_CHUNK_DEFINE || !index_ok(a, p->defines[c->index].nrules))
                return bad_(err, errsize, c, at, "rule out of range");
            break;
        case POL_I_RULE_JOIN:
            if (!index_ok(a, c->nlocals - 1) || c->kind != POL_CHUNK_DEFINE || !index_ok(b, p->defines[c->index].nrules))
                return bad_(err, errsize, c, at, "rule operand out of range");
            break;
        case POL_I_COND:
            if (c->kind != POL_CHUNK_MEASURE || !index_ok(a, p->measures[c->index].nconds))
                return bad_(err, errsize, c, at, "condition out of range");
            break;
        case POL_I_CAP:
            if (c->kind != POL_CHUNK_MEASURE || !index_ok(a, p->measures[c->index].ncaps))
                return bad_(err, errsize, c, at, "ceiling out of range");
            break;
        case POL_I_GRANT: case POL_I_GRANT_NONE: case POL_I_CAP_GRANT: case POL_I_CAP_BASE:
            if (c->kind != POL_CHUNK_MEASURE) return bad_(err, errsize, c, at, "grant outside a measure");
            if (op != POL_I_CAP_BASE) falls = false;
            break;
        case POL_I_RETURN:
            if (c->kind == POL_CHUNK_MEASURE) return bad_(err, errsize, c, at, "return from a measure");
            if (d != 1) return bad_(err, errsize, c, at, "return with a wrong stack depth");
            falls = false;
            break;
        case POL_I_NO_RULE: falls = false; break;
        default: break;
        }
        if (d < pops)
            return bad_(err, errsize, c, at, "stack underflow");
        int after = d - pops + pushes;
        if (after > POL_VM_STACK / 2)
            return bad_(err, errsize, c, at, "the stack grows without bound");
        if (after > max)
            max = after;
        int succ[2], nsucc = 0;
        int succ_depth[2];
        if (falls) { succ[nsucc] = next; succ_depth[nsucc++] = after; }
        if (target >= 0 || (target < 0 && pol_opcode_operands[op] >= POL_OPND_J)) {
            int keep = (op == POL_I_AND || op == POL_I_OR || op == POL_I_OTHERWISE || op == POL_I_JUMP_IF_RULE) ? d
                     : op == POL_I_ITER ? d : after;
            succ[nsucc] = target;
            succ_depth[nsucc++] = keep;
        }
        for (int s = 0; s < nsucc; s++) {
            int t = succ[s];
            if (t < 0 || t >= c->len || !start[t])
                return bad_(err, errsize, c, at, "jump to the middle of an instruction or out of the chunk");
            if (depth[t] == -1) {
                depth[t] = succ_depth[s];
                work[nwork++] = t;
            } else if (depth[t] != succ_depth[s]) {
                return bad_(err, errsize, c, at, "stack depths disagree where paths meet");
            }
        }
    }
    *max_depth = max;
    return true;
}

/* ---- types ----
 *
 * The VM trusts its code: FIELD reads a record's member without looking at
 * the value's tag, ITER reads a list, ADD_INT adds two integers whatever
 * they are. The compiler only emits well-typed code, but a .polc file is
 * read from disk, so the loader checks what the compiler guarantees: every
 * instruction gets values of the types it needs, on every path. The check
 * is abstract interpretation over types, like the stack depth above, with
 * the locals in the state, joined where paths meet, and across chunks: a
 * definition's arguments are what its calls pass, a parameter is what its
 * chunk returns (to a fixed point), a definition's value is its declared
 * type. The schema must be one the facts decoder builds values of.
 */

/* An abstract value: what a stack slot or a local may hold at a point. */
typedef struct AV {
    const PolType *t;   /* the type of a present value (never OPT); NULL: none can be */
    int32_t emax;       /* ENUM: the largest index it may have */
    uint8_t absent;     /* it may be absent */
    uint8_t empty;      /* it may be the "no rule applies" mark */
} AV;

static const PolType enum_any = {POL_T_ENUM, NULL, NULL, NULL};   /* an enum constant: of no known enum */

static bool av_bottom(AV a) { return !a.t && !a.absent && !a.empty; }

static AV av_of(const PolType *t)
{
    AV a = {NULL, 0, 0, 0};
    if (t->kind == POL_T_OPT) {
        a.absent = 1;
        t = t->inner;
    }
    a.t = t;
    if (t->kind == POL_T_ENUM)
        a.emax = t->enumeration ? t->enumeration->count - 1 : INT32_MAX;
    return a;
}

static AV av_kind(PolTypeKind k)
{
    static const PolType *const simple[] = {&pol_type_error, &pol_type_bool, &pol_type_int, &pol_type_dec, &pol_type_money,
                                            &pol_type_umoney, &pol_type_date, &pol_type_dur, &pol_type_text};
    return av_of(simple[k]);
}

/* The same type, an enum of no known enum being like any enum. */
static bool type_same(const PolType *a, const PolType *b)
{
    if (a->kind != b->kind)
        return false;
    switch (a->kind) {
    case POL_T_ENUM: return !a->enumeration || !b->enumeration || a->enumeration == b->enumeration;
    case POL_T_RECORD: return a->record == b->record;
    case POL_T_LIST:
    case POL_T_OPT: return type_same(a->inner, b->inner);
    default: return true;
    }
}

/* *into joined with a; false when they cannot meet (two types). */
static bool av_join(AV *into, AV a, bool *changed)
{
    AV r = *into;
    if (a.t) {
        if (!r.t) {
            r.t = a.t;
            r.emax = a.emax;
        } else if (!type_same(r.t, a.t)) {
            return false;
        } else if (r.t->kind == POL_T_ENUM) {
            if (r.t->enumeration != a.t->enumeration)
                r.t = &enum_any;
            if (a.emax > r.emax)
                r.emax = a.emax;
        }
    }
    r.absent |= a.absent;
    r.empty |= a.empty;
    if (r.t != into->t || r.emax != into->emax || r.absent != into->absent || r.empty != into->empty) {
        *into = r;
        if (changed)
            *changed = true;
    }
    return true;
}

/* Whether a value of a may be used where t is declared. */
static bool av_fits(AV a, const PolType *t)
{
    AV d = av_of(t);
    if (av_bottom(a))
        return true;
    if (a.empty || (a.absent && !d.absent))
        return false;
    if (!a.t)
        return true;
    if (!type_same(a.t, d.t))
        return false;
    if (d.t->kind == POL_T_ENUM && d.t->enumeration &&
        ((a.t->enumeration && a.t->enumeration != d.t->enumeration) || a.emax >= d.t->enumeration->count))
        return false;
    return true;
}

/* What a member of a record holds: its type, absent unless required (an
 * absent list is an empty one). */
static AV av_member(const PolMember *m)
{
    AV a = av_of(m->type);
    if (m->presence != POL_PRESENCE_REQUIRED && m->type->kind != POL_T_LIST)
        a.absent = 1;
    return a;
}

typedef struct Types {
    const PolProgram *p;
    AV *params;              /* what each parameter's chunk returns */
    AV **args;               /* what each definition's calls pass */
    bool *called;
    int **param_users;       /* chunks that read each parameter, -1 ended */
    bool *dirty;             /* chunks to analyse (again) */
    int *queue, nqueue;
} Types;

static void mark_dirty(Types *T, int ci)
{
    if (!T->dirty[ci]) {
        T->dirty[ci] = true;
        T->queue[T->nqueue++] = ci;
    }
}

/* A state: the depth of the stack, then the locals and the stack. */
typedef struct State { int depth; AV v[]; } State;

static bool merge_state(State **slot, const AV *v, int nlocals, int depth, bool *changed)
{
    if (!*slot) {
        State *s = GC_MALLOC_ATOMIC(sizeof *s + (size_t)(nlocals + depth + 1) * sizeof(AV));
        s->depth = depth;
        memcpy(s->v, v, (size_t)(nlocals + depth) * sizeof(AV));
        *slot = s;
        *changed = true;
        return true;
    }
    if ((*slot)->depth != depth)
        return false;
    for (int i = 0; i < nlocals + depth; i++)
        if (!av_join(&(*slot)->v[i], v[i], changed))
            return false;
    return true;
}

/* The requirement that a be a present value of kind k (absent allowed when
 * opt); an unreachable (bottom) value meets every requirement. */
static bool is_kind(AV a, PolTypeKind k, bool opt)
{
    if (av_bottom(a))
        return true;
    if (a.empty || (a.absent && !opt))
        return false;
    return !a.t || a.t->kind == k;
}

static bool is_ordered(AV a)
{
    return !a.t || a.t->kind == POL_T_INT || a.t->kind == POL_T_MONEY || a.t->kind == POL_T_DATE || a.t->kind == POL_T_DEC;
}

/* The result of an operation on operands of which one may be unreachable. */
static AV result(AV r, AV x, AV y)
{
    AV none = {NULL, 0, 0, 0};
    return av_bottom(x) || av_bottom(y) ? none : r;
}

static bool chunk_types(Types *T, int ci, char *err, size_t errsize)
{
    const PolProgram *p = T->p;
    const PolChunk *c = &p->chunks[ci];
    const int nl = c->nlocals;
    /* leaders: where a path may come from elsewhere than the instruction before */
    uint8_t *leader = GC_MALLOC_ATOMIC((size_t)c->len + 1);
    memset(leader, 0, (size_t)c->len + 1);
    leader[0] = 1;
    for (int at = 0; at < c->len;) {
        PolOpcode op = (PolOpcode)c->code[at];
        int next = at + pol_instruction_size(op);
        PolOperands k = pol_opcode_operands[op];
        if (k == POL_OPND_J || k == POL_OPND_AJ) {
            int off = k == POL_OPND_J ? c->code[at + 1] | c->code[at + 2] << 8 : c->code[at + 3] | c->code[at + 4] << 8;
            int target = next + (int16_t)off;
            if (target >= 0 && target < c->len)   /* unchecked when unreachable */
                leader[target] = 1;
            leader[next] = 1;
        }
        if (op == POL_I_JUMP || op == POL_I_RETURN || op == POL_I_NO_RULE || op == POL_I_GRANT ||
            op == POL_I_GRANT_NONE || op == POL_I_CAP_GRANT)
            leader[next] = 1;
        at = next;
    }
    State **state = GC_MALLOC((size_t)(c->len + 1) * sizeof *state);
    int *work = GC_MALLOC_ATOMIC((size_t)(c->len + 1) * sizeof *work);
    uint8_t *queued = GC_MALLOC_ATOMIC((size_t)c->len + 1);
    memset(queued, 0, (size_t)c->len + 1);
    int nwork = 0;
    AV *cur = GC_MALLOC_ATOMIC((size_t)(nl + c->max_stack + 2) * sizeof *cur);
    for (int i = 0; i < nl; i++) {
        AV absent = {NULL, 0, 1, 0};
        cur[i] = c->kind == POL_CHUNK_DEFINE && i < c->nargs ? T->args[c->index][i] : absent;
    }
    bool changed = false;
    merge_state(&state[0], cur, nl, 0, &changed);
    work[nwork++] = 0;
    queued[0] = 1;
#define FAIL(what) return bad_(err, errsize, c, at, what)
#define POPV() (cur[nl + --depth])
#define PUSHV(a) (cur[nl + depth++] = (a))
#define NEED(a, k, opt, what) do { if (!is_kind((a), (k), (opt))) FAIL(what); } while (0)
    while (nwork) {
        int at = work[--nwork];
        queued[at] = 0;
        int depth = state[at]->depth;
        memcpy(cur, state[at]->v, (size_t)(nl + depth) * sizeof *cur);
        for (;;) {
            PolOpcode op = (PolOpcode)c->code[at];
            const uint8_t *o = c->code + at + 1;
            PolOperands kind = pol_opcode_operands[op];
            int a = kind != POL_OPND_N ? o[0] | o[1] << 8 : 0;
            int b = kind == POL_OPND_AB || kind == POL_OPND_AJ ? o[2] | o[3] << 8 : 0;
            int next = at + pol_instruction_size(op);
            int target = -1;
            bool falls = true;
            AV x, y, none = {NULL, 0, 0, 0};
            switch (op) {
            case POL_I_CONST: {
                PolValue v = p->consts[a];
                switch (v.tag) {
                case POL_V_ABSENT: x = none; x.absent = 1; break;
                case POL_V_BOOL: x = av_kind(POL_T_BOOL); break;
                case POL_V_INT: x = av_kind(POL_T_INT); break;
                case POL_V_DEC: x = av_kind(POL_T_DEC); break;
                case POL_V_MONEY: x = av_kind(POL_T_MONEY); break;
                case POL_V_DATE: x = av_kind(POL_T_DATE); break;
                case POL_V_DUR: x = av_kind(POL_T_DUR); break;
                case POL_V_TEXT: x = av_kind(POL_T_TEXT); break;
                case POL_V_ENUM:
                    if (v.as.enum_index < 0)
                        FAIL("negative enum constant");
                    x = av_of(&enum_any);
                    x.emax = v.as.enum_index;
                    break;
                default: FAIL("constant of no type");
                }
                PUSHV(x);
                break;
            }
            case POL_I_TRUE: case POL_I_FALSE: case POL_I_GRANTED: PUSHV(av_kind(POL_T_BOOL)); break;
            case POL_I_ABSENT: x = none; x.absent = 1; PUSHV(x); break;
            case POL_I_FACT: PUSHV(av_member(&p->facts->members[a])); break;
            case POL_I_FIELD: case POL_I_FIELD_OPT: case POL_I_FIELD_LIST: {
                x = POPV();
                NEED(x, POL_T_RECORD, op != POL_I_FIELD, "a member of what is not a record");
                if (!x.t) {                       /* absent, or unreachable: stays so */
                    if (op == POL_I_FIELD_LIST && x.absent)
                        FAIL("a list member of nothing");
                    PUSHV(x);
                    break;
                }
                const PolRecord *r = x.t->record;
                if (!index_ok(a, r->count))
                    FAIL("member out of range");
                y = av_member(&r->members[a]);
                if (op == POL_I_FIELD_LIST) {
                    if (r->members[a].type->kind != POL_T_LIST)
                        FAIL("a list member that is not a list");
                } else if (x.absent) {
                    y.absent = 1;
                }
                PUSHV(y);
                break;
            }
            case POL_I_UNWRAP:
                x = POPV();
                if (x.empty)
                    FAIL("unwrapping the no-rule mark");
                x.absent = 0;
                PUSHV(x);
                break;
            case POL_I_NOTE:
                if (b != POL_NO_INDEX)
                    NEED(cur[b], POL_T_INT, false, "a list index that is not an integer");
                break;
            case POL_I_LOCAL: PUSHV(cur[a]); break;
            case POL_I_SET_LOCAL: cur[a] = POPV(); break;
            case POL_I_PARAM: PUSHV(T->params[a]); break;
            case POL_I_DEF: PUSHV(av_of(p->defines[a].type)); break;
            case POL_I_CALL: {
                bool grew = !T->called[a];
                T->called[a] = true;
                depth -= b;
                for (int i = 0; i < b; i++)
                    if (!av_join(&T->args[a][i], cur[nl + depth + i], &grew))
                        FAIL("calls pass arguments of different types");
                if (grew)
                    mark_dirty(T, p->defines[a].chunk);
                PUSHV(av_of(p->defines[a].type));
                break;
            }
            case POL_I_EVAL_DATE: PUSHV(av_kind(POL_T_DATE)); break;
            case POL_I_ADD_INT: case POL_I_SUB_INT: case POL_I_MUL_INT:
            case POL_I_ADD_DEC: case POL_I_SUB_DEC: case POL_I_MUL_DEC: case POL_I_DIV_DEC:
            case POL_I_ADD_MONEY: case POL_I_SUB_MONEY: case POL_I_ADD_DUR: case POL_I_SUB_DUR: {
                PolTypeKind k = op <= POL_I_MUL_INT ? POL_T_INT : op <= POL_I_DIV_DEC ? POL_T_DEC
                              : op <= POL_I_SUB_MONEY ? POL_T_MONEY : POL_T_DUR;
                y = POPV();
                x = POPV();
                NEED(x, k, false, "arithmetic on the wrong type");
                NEED(y, k, false, "arithmetic on the wrong type");
                PUSHV(result(av_kind(k), x, y));
                break;
            }
            case POL_I_NEG_INT: case POL_I_NEG_DEC: case POL_I_NEG_MONEY: {
                PolTypeKind k = op == POL_I_NEG_INT ? POL_T_INT : op == POL_I_NEG_DEC ? POL_T_DEC : POL_T_MONEY;
                x = POPV();
                NEED(x, k, false, "negation of the wrong type");
                PUSHV(result(av_kind(k), x, x));
                break;
            }
            case POL_I_TO_DEC:
                x = POPV();
                NEED(x, POL_T_INT, true, "an integer to convert is not one");
                y = x.t ? av_kind(POL_T_DEC) : none;
                y.absent = x.absent;
                PUSHV(y);
                break;
            case POL_I_MUL_MONEY_INT: case POL_I_MUL_MONEY_DEC: case POL_I_DIV_MONEY_DEC: case POL_I_DIV_MONEY: {
                y = POPV();
                x = POPV();
                NEED(x, POL_T_MONEY, false, "money arithmetic on what is not money");
                NEED(y, op == POL_I_MUL_MONEY_INT ? POL_T_INT : op == POL_I_DIV_MONEY ? POL_T_MONEY : POL_T_DEC, false,
                     "money arithmetic with the wrong type");
                PUSHV(result(av_kind(op == POL_I_MUL_MONEY_INT ? POL_T_MONEY : op == POL_I_DIV_MONEY ? POL_T_DEC : POL_T_UMONEY), x, y));
                break;
            }
            case POL_I_ROUND:
                x = POPV();
                if (!is_kind(x, POL_T_MONEY, false) && !is_kind(x, POL_T_UMONEY, false))
                    FAIL("rounding what is not money");
                PUSHV(result(av_kind(POL_T_MONEY), x, x));
                break;
            case POL_I_ADD_MONTHS: case POL_I_SUB_MONTHS:
                y = POPV();
                x = POPV();
                NEED(x, POL_T_DATE, false, "date arithmetic on what is not a date");
                NEED(y, POL_T_DUR, false, "date arithmetic with what is not a duration");
                PUSHV(result(av_kind(POL_T_DATE), x, y));
                break;
            case POL_I_SUB_DATE:
                y = POPV();
                x = POPV();
                NEED(x, POL_T_DATE, false, "days between what are not dates");
                NEED(y, POL_T_DATE, false, "days between what are not dates");
                PUSHV(result(av_kind(POL_T_INT), x, y));
                break;
            case POL_I_EQ: case POL_I_NE:
                depth -= 2;
                PUSHV(av_kind(POL_T_BOOL));
                break;
            case POL_I_LT: case POL_I_LE: case POL_I_GT: case POL_I_GE:
                y = POPV();
                x = POPV();
                if (x.empty || y.empty || !is_ordered(x) || !is_ordered(y) || (x.t && y.t && x.t->kind != y.t->kind))
                    FAIL("comparing values that have no common order");
                PUSHV(av_kind(POL_T_BOOL));
                break;
            case POL_I_NOT:
                x = POPV();
                NEED(x, POL_T_BOOL, false, "not of what is not a bool");
                PUSHV(result(av_kind(POL_T_BOOL), x, x));
                break;
            case POL_I_IN:
                depth -= a + 1;
                PUSHV(av_kind(POL_T_BOOL));
                break;
            case POL_I_MIN: case POL_I_MAX: {
                depth -= a;
                AV r = none;
                for (int i = 0; i < a; i++) {
                    x = cur[nl + depth + i];
                    if (x.empty || x.absent || !is_ordered(x) || !av_join(&r, x, NULL))
                        FAIL("the least or greatest of values that have no common order");
                }
                PUSHV(r);
                break;
            }
            case POL_I_YEAR: case POL_I_MONTH: case POL_I_DAY: case POL_I_WITHIN:
                x = POPV();
                NEED(x, POL_T_DATE, false, "a date function of what is not a date");
                PUSHV(result(av_kind(op == POL_I_WITHIN ? POL_T_BOOL : POL_T_INT), x, x));
                break;
            case POL_I_IS_PRESENT:
                x = POPV();
                if (x.empty)
                    FAIL("the no-rule mark tested");
                PUSHV(av_kind(POL_T_BOOL));
                break;
            case POL_I_JUMP: target = next + (int16_t)a; falls = false; break;
            case POL_I_JUMP_IF_FALSE:
                x = POPV();
                NEED(x, POL_T_BOOL, false, "a jump on what is not a bool");
                target = next + (int16_t)a;
                break;
            case POL_I_AND: case POL_I_OR:
                NEED(cur[nl + depth - 1], POL_T_BOOL, false, "and/or of what is not a bool");
                target = next + (int16_t)a;   /* keeps it; falling through pops it */
                break;
            case POL_I_OTHERWISE: case POL_I_JUMP_IF_RULE:
                if (op == POL_I_OTHERWISE && cur[nl + depth - 1].empty)
                    FAIL("otherwise of the no-rule mark");
                target = next + (int16_t)a;
                break;
            case POL_I_ITER:
                NEED(cur[a], POL_T_LIST, false, "iterating over what is not a list");
                NEED(cur[a + 1], POL_T_INT, false, "an iterator index that is not an integer");
                target = next + (int16_t)b;
                break;
            case POL_I_RULE_EMPTY: x = none; x.empty = 1; PUSHV(x); break;
            case POL_I_RULE_JOIN: {
                x = POPV();
                if (!av_join(&cur[a], x, NULL) || !av_join(&cur[a + 1], av_kind(POL_T_INT), NULL))
                    FAIL("rules of different types");
                break;
            }
            case POL_I_RULE_APPLIES: break;
            case POL_I_NO_RULE: falls = false; break;
            case POL_I_COND:
                x = POPV();
                NEED(x, POL_T_BOOL, false, "a condition that is not a bool");
                break;
            case POL_I_GRANT: case POL_I_CAP_BASE:
                x = POPV();
                NEED(x, POL_T_MONEY, false, "an amount that is not money");
                if (op == POL_I_GRANT)
                    falls = false;
                break;
            case POL_I_CAP:
                x = POPV();
                NEED(x, POL_T_MONEY, true, "a ceiling that is not money");
                break;
            case POL_I_GRANT_NONE: case POL_I_CAP_GRANT: falls = false; break;
            case POL_I_RETURN:
                x = POPV();
                falls = false;
                if (c->kind == POL_CHUNK_DEFINE) {
                    if (!av_fits(x, p->defines[c->index].type))
                        FAIL("a definition returns a value of another type than its own");
                } else if (c->kind == POL_CHUNK_APPLIES) {
                    NEED(x, POL_T_BOOL, false, "`applies when` that is not a bool");
                } else {
                    bool grew = false;
                    if (x.empty || !av_join(&T->params[c->index], x, &grew))
                        FAIL("a parameter of two types");
                    if (grew)
                        for (int *u = T->param_users[c->index]; *u >= 0; u++)
                            mark_dirty(T, *u);
                }
                break;
            default: FAIL("unknown instruction");
            }
            /* successors: the jump target, then the next instruction */
            if (target >= 0) {
                int tdepth = depth;
                AV *top = depth > 0 ? &cur[nl + depth - 1] : &none;   /* JUMP may leave an empty stack */
                AV keep = *top;
                if (op == POL_I_OTHERWISE) {
                    cur[nl + depth - 1].absent = 0;
                } else if (op == POL_I_JUMP_IF_RULE) {
                    cur[nl + depth - 1].empty = 0;
                }
                bool grew = false;
                /* OTHERWISE of what can only be absent never jumps */
                if ((op != POL_I_OTHERWISE || cur[nl + depth - 1].t) && !merge_state(&state[target], cur, nl, tdepth, &grew))
                    FAIL("types disagree where paths meet");
                if (grew && !queued[target]) {
                    queued[target] = 1;
                    work[nwork++] = target;
                }
                *top = keep;
                if (op == POL_I_AND || op == POL_I_OR || op == POL_I_OTHERWISE || op == POL_I_JUMP_IF_RULE)
                    depth--;   /* falling through pops it */
                else if (op == POL_I_ITER)
                    PUSHV(cur[a].t ? av_of(cur[a].t->inner) : none);   /* the next item */
            }
            if (!falls)
                break;
            at = next;
            if (leader[at]) {
                bool grew = false;
                if (!merge_state(&state[at], cur, nl, depth, &grew))
                    FAIL("types disagree where paths meet");
                if (grew && !queued[at]) {
                    queued[at] = 1;
                    work[nwork++] = at;
                }
                break;
            }
        }
    }
#undef FAIL
#undef POPV
#undef PUSHV
#undef NEED
    return true;
}

static bool facts_type_ok(const PolType *t, int depth)
{
    switch (t->kind) {
    case POL_T_BOOL: case POL_T_INT: case POL_T_DEC: case POL_T_MONEY: case POL_T_DATE: case POL_T_TEXT: return true;
    case POL_T_ENUM: return t->enumeration != NULL;
    case POL_T_RECORD: return t->record != NULL;
    case POL_T_LIST: return depth < 8 && facts_type_ok(t->inner, depth + 1);
    default: return false;   /* optional (only outside a type), unrounded money, durations, errors */
    }
}

/* A record the facts decoder can fill: types it reads, a presence it
 * knows, `required when` naming an enum member and one of its words, and
 * what expressions see (value_type) as the checker derives it. */
static bool record_ok(const PolRecord *r, char *err, size_t errsize)
{
    for (int i = 0; i < r->count; i++) {
        const PolMember *m = &r->members[i];
        const char *why = NULL;
        if (!facts_type_ok(m->type, 0))
            why = "a type facts cannot have";
        else if (m->presence < POL_PRESENCE_REQUIRED || m->presence > POL_PRESENCE_REQUIRED_WHEN)
            why = "an unknown presence";
        else if (m->presence == POL_PRESENCE_REQUIRED_WHEN &&
                 (!index_ok(m->when_member, r->count) || r->members[m->when_member].type->kind != POL_T_ENUM ||
                  !index_ok(m->when_value, r->members[m->when_member].type->enumeration->count)))
            why = "`required when` that names no enum member and word";
        else if (m->has_min && m->type->kind != POL_T_INT)
            why = "`at least` on what is not an integer";
        else if (!pol_type_equal(m->value_type, m->type->kind == POL_T_LIST || m->presence == POL_PRESENCE_REQUIRED
                                                    ? m->type : pol_type_opt(m->type)))
            why = "a value type that does not follow from its type";
        if (why) {
            snprintf(err, errsize, "invalid policy: member `%s` of `%s` has %s", m->name, r->name ? r->name : "facts", why);
            return false;
        }
    }
    return true;
}

/* Which chunk runs what: each measure, definition, parameter and the
 * policy's `applies when` has a chunk of its kind, and only that. */
static bool chunk_owner_ok(const PolProgram *p, int ci)
{
    const PolChunk *c = &p->chunks[ci];
    switch (c->kind) {
    case POL_CHUNK_PARAM: return index_ok(c->index, p->nparams) && p->param_chunks[c->index] == ci && c->nargs == 0;
    case POL_CHUNK_DEFINE: return index_ok(c->index, p->ndefines) && p->defines[c->index].chunk == ci;
    case POL_CHUNK_MEASURE: return index_ok(c->index, p->nmeasures) && p->measures[c->index].chunk == ci && c->nargs == 0;
    case POL_CHUNK_APPLIES: return p->applies_chunk == ci && c->nargs == 0;
    default: return false;
    }
}

static bool types_verify(const PolProgram *p, char *err, size_t errsize)
{
    if (!record_ok(p->facts, err, errsize))
        return false;
    for (int i = 0; i < p->nrecords; i++)
        if (!record_ok(p->records[i], err, errsize))
            return false;
    for (int ci = 0; ci < p->nchunks; ci++)
        if (!chunk_owner_ok(p, ci))
            return bad_(err, errsize, &p->chunks[ci], 0, "the chunk does not belong to what it runs");
    for (int i = 0; i < p->nparams; i++)
        if (p->chunks[p->param_chunks[i]].kind != POL_CHUNK_PARAM)
            return bad_(err, errsize, &p->chunks[p->param_chunks[i]], 0, "a parameter runs a chunk of another kind");
    for (int i = 0; i < p->ndefines; i++)
        if (p->chunks[p->defines[i].chunk].kind != POL_CHUNK_DEFINE)
            return bad_(err, errsize, &p->chunks[p->defines[i].chunk], 0, "a definition runs a chunk of another kind");
    for (int i = 0; i < p->nmeasures; i++)
        if (p->chunks[p->measures[i].chunk].kind != POL_CHUNK_MEASURE)
            return bad_(err, errsize, &p->chunks[p->measures[i].chunk], 0, "a measure runs a chunk of another kind");
    if (p->applies_chunk >= 0 && p->chunks[p->applies_chunk].kind != POL_CHUNK_APPLIES)
        return bad_(err, errsize, &p->chunks[p->applies_chunk], 0, "`applies when` runs a chunk of another kind");

    Types T;
    memset(&T, 0, sizeof T);
    T.p = p;
    T.params = GC_MALLOC_ATOMIC((size_t)(p->nparams + 1) * sizeof *T.params);
    memset(T.params, 0, (size_t)(p->nparams + 1) * sizeof *T.params);
    T.args = GC_MALLOC((size_t)(p->ndefines + 1) * sizeof *T.args);
    T.called = GC_MALLOC_ATOMIC((size_t)(p->ndefines + 1) * sizeof *T.called);
    memset(T.called, 0, (size_t)(p->ndefines + 1) * sizeof *T.called);
    for (int i = 0; i < p->ndefines; i++) {
        T.args[i] = GC_MALLOC_ATOMIC((size_t)(p->defines[i].nargs + 1) * sizeof(AV));
        memset(T.args[i], 0, (size_t)(p->defines[i].nargs + 1) * sizeof(AV));
    }
    /* who reads each parameter: they are analysed again when it grows */
    int *nusers = GC_MALLOC_ATOMIC((size_t)(p->nparams + 1) * sizeof *nusers);
    memset(nusers, 0, (size_t)(p->nparams + 1) * sizeof *nusers);
    T.param_users = GC_MALLOC((size_t)(p->nparams + 1) * sizeof *T.param_users);
    for (int pass = 0; pass < 2; pass++) {
        for (int ci = 0; ci < p->nchunks; ci++) {
            const PolChunk *c = &p->chunks[ci];
            for (int at = 0; at < c->len; at += pol_instruction_size((PolOpcode)c->code[at])) {
                if (c->code[at] != POL_I_PARAM)
                    continue;
                int k = c->code[at + 1] | c->code[at + 2] << 8;
                if (!index_ok(k, p->nparams))
                    continue;   /* unreachable: its operand was not checked */
                if (pass == 0)
                    nusers[k]++;
                else
                    T.param_users[k][nusers[k]++] = ci;
            }
        }
        for (int k = 0; k < p->nparams; k++) {
            if (pass == 0) {
                T.param_users[k] = GC_MALLOC_ATOMIC((size_t)(nusers[k] + 1) * sizeof(int));
                nusers[k] = 0;
            } else {
                T.param_users[k][nusers[k]] = -1;
            }
        }
    }
    T.dirty = GC_MALLOC_ATOMIC((size_t)(p->nchunks + 1) * sizeof *T.dirty);
    memset(T.dirty, 0, (size_t)(p->nchunks + 1) * sizeof *T.dirty);
    T.queue = GC_MALLOC_ATOMIC((size_t)(p->nchunks + 1) * sizeof *T.queue);
    for (int ci = p->nchunks - 1; ci >= 0; ci--)
        mark_dirty(&T, ci);
    while (T.nqueue) {
        int ci = T.queue[--T.nqueue];
        T.dirty[ci] = false;
        const PolChunk *c = &p->chunks[ci];
        if (c->kind == POL_CHUNK_DEFINE && c->nargs > 0 && !T.called[c->index])
            continue;   /* never called: analysed when a call is seen */
        if (!chunk_types(&T, ci, err, errsize))
            return false;
    }
    return true;
}

bool pol_polc_verify(const PolProgram *p, char *err, size_t errsize)
{
    if (p->id_member != -1 && !index_ok(p->id_member, p->facts->count)) {
        snprintf(err, errsize, "invalid policy: id member out of range");
        return false;
    }
    if (p->date_member != -1 && !index_ok(p->date_member, p->facts->count)) {
        snprintf(err, errsize, "invalid policy: date member out of range");
        return false;
    }
    if (p->applies_chunk != -1 && !index_ok(p->applies_chunk, p->nchunks)) {
        snprintf(err, errsize, "invalid policy: applies chunk out of range");
        return false;
    }
    for (int i = 0; i < p->nparams; i++)
        if (!index_ok(p->param_chunks[i], p->nchunks)) { snprintf(err, errsize, "invalid parameter chunk"); return false; }
    for (int i = 0; i < p->ndefines; i++) {
        if (!index_ok(p->defines[i].chunk, p->nchunks)) { snprintf(err, errsize, "invalid definition chunk"); return false; }
        for (int k = 0; k < p->defines[i].nrules; k++)
            if (!index_ok(p->defines[i].rules[k].span, p->nspans)) { snprintf(err, errsize, "invalid rule span"); return false; }
    }
    for (int i = 0; i < p->nmeasures; i++) {
        if (!index_ok(p->measures[i].chunk, p->nchunks) || !index_ok(p->measures[i].span, p->nspans)) {
            snprintf(err, errsize, "invalid measure `%s`", p->measures[i].id);
            return false;
        }
    }
    for (int ci = 0; ci < p->nchunks; ci++) {
        int depth;
        if (!pol_chunk_analyse(p, ci, &depth, err, errsize))
            return false;
        if (depth > p->chunks[ci].max_stack)
            return bad_(err, errsize, &p->chunks[ci], 0, "the stack is deeper than the chunk declares");
    }
    return types_verify(p, err, errsize);
}
