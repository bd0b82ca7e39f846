/*
 * types.c — construction, comparison and naming of types.
 */
#include <gc.h>
#include <stdio.h>
#include <string.h>
#include "hash.h"
#include "types.h"

const PolType pol_type_error = {POL_T_ERROR, NULL, NULL, NULL};
const PolType pol_type_bool = {POL_T_BOOL, NULL, NULL, NULL};
const PolType pol_type_int = {POL_T_INT, NULL, NULL, NULL};
const PolType pol_type_dec = {POL_T_DEC, NULL, NULL, NULL};
const PolType pol_type_money = {POL_T_MONEY, NULL, NULL, NULL};
const PolType pol_type_umoney = {POL_T_UMONEY, NULL, NULL, NULL};
const PolType pol_type_date = {POL_T_DATE, NULL, NULL, NULL};
const PolType pol_type_dur = {POL_T_DUR, NULL, NULL, NULL};
const PolType pol_type_text = {POL_T_TEXT, NULL, NULL, NULL};

static PolType *type_new(PolTypeKind kind)
{
    PolType *t = GC_MALLOC(sizeof *t);
    t->kind = kind;
    return t;
}

const PolType *pol_type_enum(const PolEnum *e)
{
    PolType *t = type_new(POL_T_ENUM);
    t->enumeration = e;
    return t;
}

const PolType *pol_type_record(const PolRecord *r)
{
    PolType *t = type_new(POL_T_RECORD);
    t->record = r;
    return t;
}

const PolType *pol_type_list(const PolType *elem)
{
    PolType *t = type_new(POL_T_LIST);
    t->inner = elem;
    return t;
}

const PolType *pol_type_opt(const PolType *inner)
{
    if (inner->kind == POL_T_OPT || inner->kind == POL_T_ERROR)
        return inner;
    PolType *t = type_new(POL_T_OPT);
    t->inner = inner;
    return t;
}

bool pol_type_equal(const PolType *a, const PolType *b)
{
    if (a->kind != b->kind)
        return false;
    switch (a->kind) {
    case POL_T_ENUM: return a->enumeration == b->enumeration;
    case POL_T_RECORD: return a->record == b->record;
    case POL_T_LIST:
    case POL_T_OPT: return pol_type_equal(a->inner, b->inner);
    default: return true;
    }
}

const char *pol_type_name(const PolType *t)
{
    char buf[256];
    switch (t->kind) {
    case POL_T_ERROR: return "an erroneous value";
    case POL_T_BOOL: return "bool";
    case POL_T_INT: return "integer";
    case POL_T_DEC: return "decimal";
    case POL_T_MONEY: return "money";
    case POL_T_UMONEY: return "unrounded money";
    case POL_T_DATE: return "date";
    case POL_T_DUR: return "duration";
    case POL_T_TEXT: return "text";
    case POL_T_ENUM: return t->enumeration->name;
    case POL_T_RECORD: return t->record->name;
    case POL_T_LIST: snprintf(buf, sizeof buf, "list of %s", pol_type_name(t->inner)); break;
    case POL_T_OPT: snprintf(buf, sizeof buf, "optional %s", pol_type_name(t->inner)); break;
    }
    return GC_STRDUP(buf);
}

/* Below this many names, looking through them costs no more than hashing
 * (the facts decoder looks for every key of every applicant). */
#define INDEX_FROM 32

int pol_record_find_n(const PolRecord *r, const char *name, size_t len)
{
    if (r->index)
        return pol_names_get(r->index, name, len);
    if (memchr(name, 0, len))
        return -1;   /* no name holds a NUL (and strncmp would stop at it) */
    for (int i = 0; i < r->count; i++) {
        const char *m = r->members[i].name;
        if (m[0] == (len ? name[0] : '\0') && strncmp(m, name, len) == 0 && m[len] == '\0')
            return i;
    }
    return -1;
}

int pol_enum_find_n(const PolEnum *e, const char *name, size_t len)
{
    if (e->index)
        return pol_names_get(e->index, name, len);
    if (memchr(name, 0, len))
        return -1;
    for (int i = 0; i < e->count; i++)
        if (strncmp(e->values[i], name, len) == 0 && e->values[i][len] == '\0')
            return i;
    return -1;
}

int pol_record_find(const PolRecord *r, const char *name)
{
    return pol_record_find_n(r, name, strlen(name));
}

int pol_enum_find(const PolEnum *e, const char *name)
{
    return pol_enum_find_n(e, name, strlen(name));
}

/* A perfect hash of the n names (ks->len filled): the multiplier and the
 * slots, with the fewest bits that some multiplier of the few tried makes
 * perfect. Leaves ks->slot NULL when none is (names alike in their length
 * and first and last eight bytes); the decoder then looks through them. */
static void perfect_hash(PolNameKeys *ks, const char *const *names, int n)
{
    int bits = 1;
    while ((1 << bits) < 2 * n)
        bits++;
    for (; bits <= 12; bits++) {
        int size = 1 << bits;
        int8_t *slot = GC_MALLOC_ATOMIC((size_t)size);
        uint64_t x = UINT64_C(0x243F6A8885A308D3);   /* splitmix64 from pi's digits */
        for (int attempt = 0; attempt < 64; attempt++) {
            x += UINT64_C(0x9E3779B97F4A7C15);
            uint64_t z = x;
            z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
            z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
            uint64_t mult = (z ^ (z >> 31)) | 1;
            memset(slot, -1, (size_t)size);
            bool perfect = true;
            for (int i = 0; i < n && perfect; i++) {
                uint64_t h = pol_key_hash((const unsigned char *)names[i], ks->len[i], mult, 64 - bits);
                perfect = slot[h] < 0;
                slot[h] = (int8_t)i;
            }
            if (perfect) {
                ks->slot = slot;
                ks->mult = mult;
                ks->shift = 64 - bits;
                return;
            }
        }
    }
}

/* The PolNameKeys of n names (at most 64) into ks. */
static void name_keys(PolNameKeys *ks, const char *const *names, int n)
{
    uint32_t *len = GC_MALLOC_ATOMIC((size_t)(n + 1) * sizeof *len);
    const uint64_t **words = GC_MALLOC((size_t)(n + 1) * sizeof *words);
    for (int i = 0; i < n; i++) {
        size_t k = strlen(names[i]);
        len[i] = (uint32_t)k;
        size_t nw = ((k + 1) / 16 + 1) * 2;   /* whole 16-byte blocks, for SSE2 (facts.c) */
        uint64_t *w = GC_MALLOC_ATOMIC(nw * sizeof *w);
        memset(w, 0, nw * sizeof *w);
        memcpy(w, names[i], k);
        ((char *)w)[k] = '"';   /* the quote that closes the name as a key */
        words[i] = w;
    }
    ks->len = len;
    ks->words = words;
    perfect_hash(ks, names, n);
}

/* The PolRecordKeys of r (at most 64 members). */
static const PolRecordKeys *record_keys(const PolRecord *r)
{
    PolRecordKeys *ks = GC_MALLOC(sizeof *ks);
    const char **names = GC_MALLOC((size_t)(r->count + 1) * sizeof *names);
    for (int i = 0; i < r->count; i++) {
        const PolMember *m = &r->members[i];
        names[i] = m->name;
        uint64_t bit = UINT64_C(1) << i;
        if (m->presence == POL_PRESENCE_REQUIRED || m->presence == POL_PRESENCE_NULLABLE)
            ks->required |= bit;
        if (m->type->kind == POL_T_LIST)
            ks->lists |= bit;
        if (m->presence == POL_PRESENCE_REQUIRED_WHEN || (m->type->kind == POL_T_LIST && m->has_min && m->min > 0))
            ks->checked |= bit;
    }
    name_keys(&ks->names, names, r->count);
    return ks;
}

void pol_record_index(PolRecord *r)
{
    if (r->count <= 64)
        r->keys = record_keys(r);
    if (r->count < INDEX_FROM)
        return;
    PolNameTable *t = GC_MALLOC(sizeof *t);
    for (int i = 0; i < r->count; i++)
        pol_names_put(t, r->members[i].name, strlen(r->members[i].name), i);
    r->index = t;
}

void pol_enum_index(PolEnum *e)
{
    if (e->count <= 64) {
        PolNameKeys *ks = GC_MALLOC(sizeof *ks);
        name_keys(ks, e->values, e->count);
        e->keys = ks;
    }
    if (e->count < INDEX_FROM)
        return;
    PolNameTable *t = GC_MALLOC(sizeof *t);
    for (int i = 0; i < e->count; i++)
        pol_names_put(t, e->values[i], strlen(e->values[i]), i);
    e->index = t;
}

bool pol_member_required_by(const PolMember *m, int value)
{
    if (m->presence != POL_PRESENCE_REQUIRED_WHEN || value < 0)
        return false;
    int lo = 0, hi = m->nwhen;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (m->when_values[mid] < value)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < m->nwhen && m->when_values[lo] == value;
}
