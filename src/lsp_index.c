/*
 * lsp_index.c — the names of a checked policy: what each declaration
 * declares (symbols) and what each use of a name resolves to (references),
 * read from the annotations the checker leaves on the tree (ref, ref_decl,
 * ref_index, type).
 *
 * Declarations are walked by what they hold (expressions, types, members,
 * values), not by what they mean, and expressions by their child pointers,
 * so a new kind of clause or expression is indexed as soon as the checker
 * resolves its names.
 */
#include <gc.h>
#include <string.h>
#include "lsp_index.h"
#include "lsp_text.h"
#include "never.h"
#include "text.h"

/* Which symbol a declaration, record or enum is: an open-addressing table
 * from pointer to symbol, so that indexing stays linear in the size of
 * the policy. */
typedef struct PointerMap { const void **keys; int *values; size_t cap, count; } PointerMap;

static size_t slot_of(const PointerMap *m, const void *key)
{
    size_t h = ((size_t)key >> 4) * 0x9e3779b97f4a7c15u;
    size_t i = h & (m->cap - 1);
    while (m->keys[i] && m->keys[i] != key)
        i = (i + 1) & (m->cap - 1);
    return i;
}

static void map_put(PointerMap *m, const void *key, int value)
{
    if (!key)
        return;
    if ((m->count + 1) * 2 > m->cap) {
        PointerMap bigger = {NULL, NULL, m->cap ? m->cap * 2 : 64, 0};
        bigger.keys = GC_MALLOC(bigger.cap * sizeof *bigger.keys);
        bigger.values = GC_MALLOC_ATOMIC(bigger.cap * sizeof *bigger.values);
        for (size_t i = 0; i < m->cap; i++)
            if (m->keys[i])
                map_put(&bigger, m->keys[i], m->values[i]);
        *m = bigger;
    }
    size_t i = slot_of(m, key);
    if (!m->keys[i])
        m->count++;
    m->keys[i] = key;
    m->values[i] = value;
}

static int map_get(const PointerMap *m, const void *key)
{
    if (!key || !m->cap)
        return -1;
    size_t i = slot_of(m, key);
    return m->keys[i] ? m->values[i] : -1;
}

typedef struct Index {
    PolLspAnalysis *a;
    int nsym, capsym, nref, capref;
    PointerMap decls, records, enums;   /* top-level symbol of a PolDecl, PolRecord, PolEnum */
    int facts;                          /* the facts' symbol, -1 before it is declared */
    /* quantifier variables in scope while walking an expression */
    struct { const char *name; int symbol; } scope[128];
    int nscope;
    int owner;                   /* symbol of the declaration being walked */
} Index;

static int add_symbol(Index *x, PolLspSymbolKind kind, const char *name, PolSpan name_span, PolSpan span,
                      const char *type, int parent, const PolDecl *decl)
{
    PolLspAnalysis *a = x->a;
    if (x->nsym == x->capsym) {
        x->capsym = x->capsym ? x->capsym * 2 : 64;
        PolLspSymbol *s = GC_MALLOC((size_t)x->capsym * sizeof *s);
        if (x->nsym)
            memcpy(s, a->symbols, (size_t)x->nsym * sizeof *s);
        a->symbols = s;
    }
    PolLspSymbol *s = &a->symbols[x->nsym];
    memset(s, 0, sizeof *s);
    s->kind = kind;
    s->name = name;
    s->name_span = name_span;
    s->span = span;
    s->type = type;
    s->parent = parent;
    s->decl = decl;
    a->nsymbols = ++x->nsym;
    int i = x->nsym - 1;
    if (parent < 0 && kind != POL_SYM_LOCAL && decl) {
        map_put(&x->decls, decl, i);
        if (kind == POL_SYM_RECORD || kind == POL_SYM_FACTS)
            map_put(&x->records, decl->record, i);
        if (kind == POL_SYM_ENUM)
            map_put(&x->enums, decl->enumeration, i);
        if (kind == POL_SYM_FACTS)
            x->facts = i;
    }
    return i;
}

static void add_ref(Index *x, PolSpan span, int symbol)
{
    if (symbol < 0 || !span.src)
        return;
    PolLspAnalysis *a = x->a;
    if (x->nref == x->capref) {
        x->capref = x->capref ? x->capref * 2 : 256;
        PolLspRef *r = GC_MALLOC_ATOMIC((size_t)x->capref * sizeof *r);
        if (x->nref)
            memcpy(r, a->refs, (size_t)x->nref * sizeof *r);
        a->refs = r;
    }
    a->refs[x->nref].span = span;
    a->refs[x->nref].symbol = symbol;
    a->nrefs = ++x->nref;
}

/* ---- places in the source ---- */

static size_t seq_len(unsigned char b)
{
    return b < 0xc0 ? 1 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
}

/* The span of bytes [from, to) of src. */
static PolSpan bytes_span(const PolSource *src, size_t from, size_t to)
{
    PolSpan s = {src, 0, 0, 0, 0};
    for (int k = 0; k < 2; k++) {
        size_t off = k == 0 ? from : to - 1;   /* a name is never empty: to > from */
        int lo = 0, hi = src->nlines - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) / 2;
            if (src->line_starts[mid] <= off)
                lo = mid;
            else
                hi = mid - 1;
        }
        /* the column of the character that holds byte off (the last
         * byte of a name ending in 型 is inside it) */
        int col = 1;
        for (size_t p = src->line_starts[lo]; p + seq_len((unsigned char)src->text[p]) <= off;
             p += seq_len((unsigned char)src->text[p]))
            col++;
        if (k == 0) {
            s.first_line = lo + 1;
            s.first_col = col;
        } else {
            s.last_line = lo + 1;
            s.last_col = col;
        }
    }
    return s;
}

static bool name_char(unsigned char c)
{
    return c == '_' || c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* The first occurrence of name as a whole word (or in backticks) in the
 * bytes [from, to) of src, skipping comments; a span without source when
 * there is none. */
static PolSpan find_word(const PolSource *src, size_t from, size_t to, const char *name)
{
    PolSpan none = {0};
    size_t n = strlen(name);
    /* a name is never empty, and a span's bytes lie in its source
     * (pol_lsp_span_bytes clamps them) */
    if (NEVER(!n || to > src->len))
        return none;
    for (size_t p = from; p + n <= to; p++) {
        char c = src->text[p];
        if (c == '#') {
            while (p < to && src->text[p] != '\n')
                p++;
            continue;
        }
        if (c == '"') {   /* text is not a name */
            for (p++; p < to && src->text[p] != '"' && src->text[p] != '\n'; p++)
                ;
            continue;
        }
        size_t len = n;
        if (memcmp(src->text + p, name, n) != 0) {
            /* the scanner gives a name in Normalization Form C: a word
             * written decomposed (`cafe` and U+0301) is the name `café` */
            if (!name_char((unsigned char)c) || (p > from && name_char((unsigned char)src->text[p - 1])))
                continue;
            size_t q = p, m = 0;
            bool wide = false;
            while (q < to && name_char((unsigned char)src->text[q]))
                wide = (unsigned char)src->text[q++] >= 0x80 || wide;
            const char *nfc = wide ? pol_utf8_nfc(src->text + p, q - p, &m) : NULL;
            if (!nfc || m != n || memcmp(nfc, name, n) != 0) {
                p = q - 1;
                continue;
            }
            len = q - p;
        }
        bool before = p > from && name_char((unsigned char)src->text[p - 1]);
        bool after = p + len < src->len && name_char((unsigned char)src->text[p + len]);
        if (before || after)
            continue;
        if (p > 0 && src->text[p - 1] == '`' && p + len < src->len && src->text[p + len] == '`')
            return bytes_span(src, p - 1, p + len + 1);
        return bytes_span(src, p, p + len);
    }
    return none;
}

/* name within span, or the span itself when it cannot be found there */
static PolSpan name_in(PolSpan span, const char *name, bool skip_first_word)
{
    size_t a, b;
    if (!name || !pol_lsp_span_bytes(span, &a, &b))
        return span;
    if (skip_first_word)
        while (a < b && name_char((unsigned char)span.src->text[a]))
            a++;
    PolSpan s = find_word(span.src, a, b, name);
    return s.src ? s : span;
}

/* The last occurrence of name in span (the member of `a.b.name`, the type
 * of `optional LittleGiant`). */
static PolSpan last_name_in(PolSpan span, const char *name)
{
    size_t a, b;
    if (!name || !pol_lsp_span_bytes(span, &a, &b))
        return span;
    PolSpan found = {0};
    for (;;) {
        PolSpan s = find_word(span.src, a, b, name);
        if (!s.src)
            break;
        found = s;
        size_t sa, sb;
        pol_lsp_span_bytes(s, &sa, &sb);
        a = sb;
    }
    return found.src ? found : span;
}

/* ---- symbols ---- */

static const char *type_name(const PolType *t)
{
    return t && t->kind != POL_T_ERROR ? pol_type_name(t) : NULL;
}

static const char *type_written(const PolTypeExpr *t)
{
    if (t->type && t->type->kind != POL_T_ERROR)
        return pol_type_name(t->type);
    /* as written, when the checker could not make it a type; none written: none */
    return t->name && t->span.src ? pol_span_text(t->span) : NULL;
}

static int find_symbol(const Index *x, PolLspSymbolKind kind, const char *name, int parent)
{
    for (int i = 0; i < x->nsym; i++) {
        const PolLspSymbol *s = &x->a->symbols[i];
        if (s->kind == kind && s->parent == parent && strcmp(s->name, name) == 0)
            return i;
    }
    return -1;
}

static int record_symbol(const Index *x, const PolRecord *r)
{
    return map_get(&x->records, r);
}

static int enum_symbol(const Index *x, const PolEnum *e)
{
    return map_get(&x->enums, e);
}

static int decl_symbol(const Index *x, const PolDecl *d)
{
    return map_get(&x->decls, d);
}

static int member_symbol(const Index *x, int record, int index)
{
    for (int i = record + 1; i < x->nsym && record >= 0; i++) {
        const PolLspSymbol *s = &x->a->symbols[i];
        if (s->parent == record && s->kind == POL_SYM_MEMBER && s->index == index)
            return i;
    }
    return -1;
}

static int value_symbol(const Index *x, const PolEnum *e, int index)
{
    int en = enum_symbol(x, e);
    for (int i = en + 1; i < x->nsym && en >= 0; i++) {
        const PolLspSymbol *s = &x->a->symbols[i];
        if (s->parent == en && s->index == index)
            return i;
    }
    return -1;
}

static void declare(Index *x, PolDecl *d)
{
    /* a second declaration of a name (E0308): the checker keeps the first
     * and takes the name from this one, which has no symbol of its own */
    if (!d->name)
        return;
    PolSpan extent = pol_decl_extent(d);
    switch (d->kind) {
    case POL_D_POLICY:
        add_symbol(x, POL_SYM_POLICY, d->name, name_in(d->span, d->name, true), extent, NULL, -1, d);
        break;
    case POL_D_IMPORT:
        break;
    case POL_D_ENUM: {
        int e = add_symbol(x, POL_SYM_ENUM, d->name, name_in(d->span, d->name, true), extent, NULL, -1, d);
        for (int i = 0; i < d->nvalues; i++) {
            int v = add_symbol(x, POL_SYM_ENUM_VALUE, d->values[i], d->value_spans[i], d->value_spans[i], d->name, e, d);
            x->a->symbols[v].index = i;
        }
        break;
    }
    case POL_D_RECORD:
    case POL_D_FACTS: {
        bool facts = d->kind == POL_D_FACTS;
        int r = add_symbol(x, facts ? POL_SYM_FACTS : POL_SYM_RECORD, d->name,
                           facts ? d->span : name_in(d->span, d->name, true), extent, NULL, -1, d);
        for (int i = 0; i < d->nmembers; i++) {
            const PolMemberDecl *m = &d->members[i];
            const PolMember *checked = d->record && i < d->record->count ? &d->record->members[i] : NULL;
            const char *type = checked ? type_name(checked->value_type) : NULL;
            if (!type)
                type = type_written(&m->type);
            int s = add_symbol(x, POL_SYM_MEMBER, m->name, name_in(m->span, m->name, false), m->span, type, r, d);
            x->a->symbols[s].index = i;
        }
        break;
    }
    case POL_D_PARAM:
        add_symbol(x, POL_SYM_PARAMETER, d->name, name_in(d->span, d->name, true), extent, type_written(&d->type), -1, d);
        break;
    case POL_D_DEFINE: {
        int f = add_symbol(x, POL_SYM_DEFINE, d->name, name_in(d->span, d->name, true), extent, type_written(&d->type), -1, d);
        for (int i = 0; i < d->nparams; i++) {
            const PolParamDecl *p = &d->params[i];
            int s = add_symbol(x, POL_SYM_ARGUMENT, p->name, name_in(p->span, p->name, false), p->span, type_written(&p->type), f, d);
            x->a->symbols[s].index = i;
        }
        break;
    }
    case POL_D_MEASURE:
        add_symbol(x, POL_SYM_MEASURE, d->name, name_in(d->span, d->name, true), extent, NULL, -1, d);
        break;
    case POL_D_SCALE:
        add_symbol(x, POL_SYM_SCALE, d->name, name_in(d->span, d->name, true), extent, NULL, -1, d);
        break;
    }
}

/* ---- references ---- */

static int local_symbol(const Index *x, const char *name)
{
    for (int i = x->nscope - 1; i >= 0; i--)
        if (strcmp(x->scope[i].name, name) == 0)
            return x->scope[i].symbol;
    /* a definition's argument */
    for (int i = x->owner + 1; x->owner >= 0 && i < x->nsym; i++) {
        const PolLspSymbol *s = &x->a->symbols[i];
        if (s->parent != x->owner)
            break;
        if (s->kind == POL_SYM_ARGUMENT && strcmp(s->name, name) == 0)
            return i;
    }
    return -1;
}

static const PolType *strip(const PolType *t)
{
    while (t && (t->kind == POL_T_OPT || t->kind == POL_T_LIST))
        t = t->inner;
    return t;
}

static void walk(Index *x, const PolExpr *e);

static void walk_list(Index *x, const PolExprList *l)
{
    for (int i = 0; i < l->count; i++)
        walk(x, l->items[i]);
}

static void name_ref(Index *x, const PolExpr *e)
{
    switch (e->ref) {
    case POL_REF_PARAM:
    case POL_REF_DEFINE:
    case POL_REF_MEASURE:
        add_ref(x, last_name_in(e->span, e->name), decl_symbol(x, e->ref_decl));
        break;
    case POL_REF_FACT: {
        add_ref(x, last_name_in(e->span, e->name), member_symbol(x, x->facts, e->ref_index));
        break;
    }
    case POL_REF_ENUM_VALUE: {
        const PolType *t = strip(e->type);
        if (!t || t->kind != POL_T_ENUM)
            break;
        /* `StationType.expert`: the enum's name, then the value */
        int en = enum_symbol(x, t->enumeration);
        size_t a, b;
        if (en >= 0 && pol_lsp_span_bytes(e->span, &a, &b) && memchr(e->span.src->text + a, '.', b - a))
            add_ref(x, name_in(e->span, t->enumeration->name, false), en);
        add_ref(x, last_name_in(e->span, e->name), value_symbol(x, t->enumeration, e->ref_index));
        break;
    }
    case POL_REF_LOCAL:
    case POL_REF_ARG:
        add_ref(x, last_name_in(e->span, e->name), local_symbol(x, e->name));
        break;
    default:
        break;
    }
}

static void walk(Index *x, const PolExpr *e)
{
    if (!e)
        return;
    switch (e->kind) {
    case POL_E_NAME:
    case POL_E_CALL:
    case POL_E_GRANTED:
        if (e->kind == POL_E_GRANTED || e->kind == POL_E_CALL) {
            if (e->ref_decl)
                add_ref(x, name_in(e->span, e->name, false), decl_symbol(x, e->ref_decl));
        } else {
            name_ref(x, e);
        }
        break;
    case POL_E_MEMBER: {
        const PolType *lt = e->left ? e->left->type : NULL;
        while (lt && lt->kind == POL_T_OPT)
            lt = lt->inner;
        if (lt && lt->kind == POL_T_RECORD && e->ref_index >= 0)
            add_ref(x, last_name_in(e->span, e->name), member_symbol(x, record_symbol(x, lt->record), e->ref_index));
        break;
    }
    case POL_E_QUANT: {
        walk(x, e->left);
        const PolType *lt = e->left ? e->left->type : NULL;
        const char *type = lt && lt->kind == POL_T_LIST ? type_name(lt->inner) : NULL;
        /* the variable follows the quantifier's word, or `for` in a sum */
        PolSpan at = e->span;
        size_t a, b;
        if (e->quant == POL_Q_SUM && pol_lsp_span_bytes(e->span, &a, &b)) {
            PolSpan f = find_word(e->span.src, a, b, "for");
            if (f.src)
                at = (PolSpan){e->span.src, f.first_line, f.first_col, e->span.last_line, e->span.last_col};
        }
        int v = add_symbol(x, POL_SYM_LOCAL, e->name, name_in(at, e->name, true), e->span, type, x->owner,
                           x->owner >= 0 ? x->a->symbols[x->owner].decl : NULL);
        x->a->symbols[v].expr = e;
        bool pushed = x->nscope < (int)(sizeof x->scope / sizeof x->scope[0]);
        if (pushed) {
            x->scope[x->nscope].name = e->name;
            x->scope[x->nscope].symbol = v;
            x->nscope++;
        }
        walk(x, e->cond);
        walk(x, e->value);
        if (pushed)
            x->nscope--;
        return;
    }
    default:
        break;
    }
    walk(x, e->left);
    walk(x, e->right);
    walk(x, e->cond);
    walk(x, e->value);
    walk_list(x, &e->args);
}

/* A type written in a declaration names a record or an enum. */
static void type_ref(Index *x, const PolTypeExpr *t)
{
    if (!t->name || !t->span.src)
        return;
    const PolType *resolved = strip(t->type);
    int s = resolved && resolved->kind == POL_T_RECORD ? record_symbol(x, resolved->record)
          : resolved && resolved->kind == POL_T_ENUM ? enum_symbol(x, resolved->enumeration)
          : -1;
    if (s < 0 && !resolved)
        s = find_symbol(x, POL_SYM_RECORD, t->name, -1);
    if (s < 0 && !resolved)
        s = find_symbol(x, POL_SYM_ENUM, t->name, -1);
    if (s >= 0)
        add_ref(x, last_name_in(t->span, t->name), s);
}

static void uses(Index *x, PolDecl *d)
{
    x->owner = decl_symbol(x, d);
    x->nscope = 0;
    int facts = x->facts;
    switch (d->kind) {
    case POL_D_POLICY:
        if (d->id_member && facts >= 0)
            add_ref(x, d->id_span, find_symbol(x, POL_SYM_MEMBER, d->id_member, facts));
        if (d->date_member && facts >= 0)
            add_ref(x, d->date_span, find_symbol(x, POL_SYM_MEMBER, d->date_member, facts));
        break;
    case POL_D_RECORD:
    case POL_D_FACTS:
        for (int i = 0; i < d->nmembers; i++) {
            const PolMemberDecl *m = &d->members[i];
            type_ref(x, &m->type);
            if (!m->when_member)
                continue;
            int r = decl_symbol(x, d);
            int sibling = find_symbol(x, POL_SYM_MEMBER, m->when_member, r);
            add_ref(x, name_in(m->when_span, m->when_member, false), sibling);
            const PolMember *pm = sibling >= 0 && d->record ? &d->record->members[x->a->symbols[sibling].index] : NULL;
            for (int k = 0; pm && pm->type && pm->type->kind == POL_T_ENUM && k < m->nwhen_values; k++)
                add_ref(x, m->when_value_spans[k],
                        value_symbol(x, pm->type->enumeration, pol_enum_find(pm->type->enumeration, m->when_values[k])));
        }
        break;
    default:
        break;
    }
    type_ref(x, &d->type);
    for (int i = 0; i < d->nparams; i++)
        type_ref(x, &d->params[i].type);
    walk(x, d->applies);
    walk(x, d->value);
    for (int i = 0; i < d->nrules; i++) {
        walk(x, d->rules[i].cond);
        walk(x, d->rules[i].value);
    }
    for (int i = 0; i < d->nconds; i++)
        walk(x, d->conds[i]);
    walk(x, d->amount);
    for (int i = 0; i < d->ncaps; i++)
        walk(x, d->caps[i].expr);
}

void pol_lsp_index(PolLspAnalysis *a)
{
    Index x;
    memset(&x, 0, sizeof x);
    x.a = a;
    x.facts = -1;
    a->nsymbols = 0;
    a->nrefs = 0;
    for (int i = 0; i < a->decls.count; i++)
        declare(&x, a->decls.items[i]);
    for (int i = 0; i < a->decls.count; i++)
        uses(&x, a->decls.items[i]);
}

static bool contains(PolSpan span, const char *path, size_t off)
{
    size_t a, b;
    if (!span.src || strcmp(span.src->path, path) != 0 || !pol_lsp_span_bytes(span, &a, &b))
        return false;
    return off >= a && off <= b;   /* the cursor just after a name is on it */
}

int pol_lsp_symbol_at(const PolLspAnalysis *a, const char *path, size_t off, PolSpan *at)
{
    for (int i = 0; i < a->nrefs; i++)
        if (contains(a->refs[i].span, path, off)) {
            *at = a->refs[i].span;
            return a->refs[i].symbol;
        }
    for (int i = 0; i < a->nsymbols; i++)
        if (contains(a->symbols[i].name_span, path, off)) {
            *at = a->symbols[i].name_span;
            return i;
        }
    return -1;
}
