/*
 * case_edit.c — the expectation of a case, compared and rewritten in place
 * (case_edit.h).
 *
 * The rewriting works on the text, not on a parsed value: both the case's
 * expectation and the decision are read into a tree of values that knows
 * where each value and each member's key stand in its text, and the
 * rewrite is a list of edits of the case's text (replace these bytes by
 * those), so that whatever the case's author wrote around the values —
 * line breaks, spacing, the order of members, members left out — is kept.
 * jansson still says what a value means (json_equal), so that `["a","b"]`
 * recorded for `["a", "b"]` is left alone.
 */
#include <gc.h>
#include <stdlib.h>
#include <string.h>
#include "case_edit.h"
#include "text.h"

/* ---- comparison ---- */

static bool is_entitlements(const char *key, json_t *want, json_t *got)
{
    return strcmp(key, "entitlements") == 0 && json_is_array(want) && got && json_is_array(got);
}

/* An entitlement object the case gives, against the decision's: each
 * member it gives, equal. */
static bool entitlement_matches(json_t *want, json_t *got)
{
    if (!json_is_object(want) || !json_is_object(got))
        return json_equal(want, got);
    const char *k;
    json_t *v;
    json_object_foreach(want, k, v) {
        json_t *g = json_object_get(got, k);
        if (!g || !json_equal(v, g))
            return false;
    }
    return true;
}

bool pol_case_member_matches(const char *key, json_t *want, json_t *got)
{
    if (!got)
        return false;
    if (!is_entitlements(key, want, got))
        return json_equal(want, got);
    if (json_array_size(want) != json_array_size(got))
        return false;
    for (size_t i = 0; i < json_array_size(want); i++)
        if (!entitlement_matches(json_array_get(want, i), json_array_get(got, i)))
            return false;
    return true;
}

/* The members of the decision's object got that the case's object want
 * gives, in the decision's order. */
static json_t *cut_to(json_t *want, json_t *got)
{
    if (!json_is_object(want) || !json_is_object(got))
        return json_incref(got);
    json_t *out = json_object();
    const char *k;
    json_t *v;
    json_object_foreach(got, k, v) {
        if (json_object_get(want, k))
            json_object_set(out, k, v);
    }
    return out;
}

json_t *pol_case_member_shown(const char *key, json_t *want, json_t *got)
{
    if (!got)
        return NULL;
    if (!is_entitlements(key, want, got))
        return json_incref(got);
    json_t *out = json_array();
    for (size_t i = 0; i < json_array_size(got); i++) {
        json_t *g = json_array_get(got, i);
        json_array_append_new(out, i < json_array_size(want) ? cut_to(json_array_get(want, i), g)
                                                              : json_incref(g));
    }
    return out;
}

/* ---- JSON text with places ---- */

/* A value of a JSON text and where it stands: [start, end) in the text;
 * an object's members with where each key starts (its quote). */
typedef struct Node Node;
struct Node {
    char kind;              /* '{', '[', or 'v' for any other value */
    size_t start, end;
    int count;
    Node **items;           /* values of the items or members */
    char **keys;            /* object: the members' names, unescaped */
    size_t *key_at;         /* object: where each member's key starts */
};

typedef struct Reader {
    const char *s;
    size_t len, at;
    int depth;
    bool bad;
    bool comments;          /* a line that starts with # is a comment (a case file) */
} Reader;

static void skip_ws(Reader *r)
{
    for (;;) {
        while (r->at < r->len && (r->s[r->at] == ' ' || r->s[r->at] == '\t' || r->s[r->at] == '\n' || r->s[r->at] == '\r'))
            r->at++;
        if (!r->comments || r->at >= r->len || r->s[r->at] != '#' || (r->at > 0 && r->s[r->at - 1] != '\n'))
            return;
        while (r->at < r->len && r->s[r->at] != '\n')
            r->at++;
    }
}

/* A string token at r->at (its quote): its end; jansson decodes it. */
static char *read_key(Reader *r)
{
    size_t start = r->at++;
    while (r->at < r->len && r->s[r->at] != '"')
        r->at += r->s[r->at] == '\\' ? 2 : 1;
    if (r->at >= r->len) {
        r->bad = true;
        return NULL;
    }
    r->at++;
    json_t *k = json_loadb(r->s + start, r->at - start, JSON_DECODE_ANY, NULL);
    if (!json_is_string(k)) {
        json_decref(k);
        r->bad = true;
        return NULL;
    }
    char *copy = GC_STRDUP(json_string_value(k));
    json_decref(k);
    return copy;
}

static Node *read_value(Reader *r);

static void push_item(Node *n, Node *item, char *key, size_t key_at)
{
    n->items = GC_REALLOC(n->items, (size_t)(n->count + 1) * sizeof *n->items);
    n->items[n->count] = item;
    if (n->kind == '{') {
        n->keys = GC_REALLOC(n->keys, (size_t)(n->count + 1) * sizeof *n->keys);
        n->key_at = GC_REALLOC(n->key_at, (size_t)(n->count + 1) * sizeof *n->key_at);
        n->keys[n->count] = key;
        n->key_at[n->count] = key_at;
    }
    n->count++;
}

static Node *read_container(Reader *r, Node *n)
{
    char close = n->kind == '{' ? '}' : ']';
    if (++r->depth > 64) {
        r->bad = true;
        return n;
    }
    r->at++;
    skip_ws(r);
    if (r->at < r->len && r->s[r->at] == close) {
        r->at++;
        n->end = r->at;
        r->depth--;
        return n;
    }
    while (!r->bad) {
        char *key = NULL;
        size_t key_at = r->at;
        if (n->kind == '{') {
            if (r->at >= r->len || r->s[r->at] != '"' || !(key = read_key(r)))
                break;
            skip_ws(r);
            if (r->at >= r->len || r->s[r->at] != ':')
                break;
            r->at++;
            skip_ws(r);
        }
        Node *item = read_value(r);
        if (r->bad)
            break;
        push_item(n, item, key, key_at);
        skip_ws(r);
        if (r->at < r->len && r->s[r->at] == ',') {
            r->at++;
            skip_ws(r);
            continue;
        }
        if (r->at < r->len && r->s[r->at] == close) {
            r->at++;
            n->end = r->at;
            r->depth--;
            return n;
        }
        break;
    }
    r->bad = true;
    return n;
}

static Node *read_value(Reader *r)
{
    Node *n = GC_MALLOC(sizeof *n);
    n->start = r->at;
    if (r->at >= r->len) {
        r->bad = true;
        return n;
    }
    char c = r->s[r->at];
    if (c == '{' || c == '[') {
        n->kind = c;
        return read_container(r, n);
    }
    n->kind = 'v';
    if (c == '"') {
        if (!read_key(r))
            return n;
    } else {
        while (r->at < r->len && !strchr(" \t\r\n,]}:", r->s[r->at]))
            r->at++;
        if (r->at == n->start)
            r->bad = true;
    }
    n->end = r->at;
    return n;
}

/* The one value of text[0..len), or NULL. */
static Node *read_text(const char *text, size_t len, bool comments)
{
    Reader r = {text, len, 0, 0, false, comments};
    skip_ws(&r);
    Node *n = read_value(&r);
    skip_ws(&r);
    return r.bad || r.at != len ? NULL : n;
}

/* ---- edits of the case's text ---- */

typedef struct Edit { size_t start, end; const char *text; } Edit;

typedef struct Editor {
    const char *old;        /* the expectation */
    size_t old_len;
    const char *now;        /* the decision */
    Edit *edits;
    int count;
} Editor;

static void edit(Editor *e, size_t start, size_t end, const char *text)
{
    e->edits = GC_REALLOC(e->edits, (size_t)(e->count + 1) * sizeof *e->edits);
    e->edits[e->count++] = (Edit){start, end, text};
}

/* The column of position at in s (bytes from the line's start), and the
 * indentation of its line. */
static size_t column(const char *s, size_t at)
{
    size_t c = 0;
    while (c < at && s[at - c - 1] != '\n')
        c++;
    return c;
}

static size_t indentation(const char *s, size_t at)
{
    size_t start = at - column(s, at), n = 0;
    while (s[start + n] == ' ')
        n++;
    return n;
}

static bool one_line(const char *s, size_t start, size_t end)
{
    return !memchr(s + start, '\n', end - start);
}

/* The text of node n of s, its lines after the first moved by shift columns
 * (the spaces that start them removed or added). */
static const char *moved(const char *s, const Node *n, long shift)
{
    PolBuf b = {0};
    pol_buf_puts(&b, "");
    size_t i = n->start;
    while (i < n->end) {
        const char *nl = memchr(s + i, '\n', n->end - i);
        size_t stop = nl ? (size_t)(nl - s) + 1 : n->end;
        pol_buf_put(&b, s + i, stop - i);
        i = stop;
        if (!nl || i >= n->end)
            break;
        size_t spaces = 0;
        while (i + spaces < n->end && s[i + spaces] == ' ')
            spaces++;
        long want = (long)spaces + shift;
        for (long k = 0; k < want; k++)
            pol_buf_put(&b, " ", 1);
        i += spaces;
    }
    return b.data;
}

/* The decision's value n, written where the case's value at old_at stands:
 * on one line if the case has it on one line, else laid out as the
 * decision lays it out, moved to the case's indentation. */
static const char *written(const Editor *e, const Node *n, size_t old_at, bool old_one_line)
{
    if (n->kind == 'v' || old_one_line || one_line(e->now, n->start, n->end)) {
        json_t *v = json_loadb(e->now + n->start, n->end - n->start, JSON_DECODE_ANY, NULL);
        if (!v)
            return GC_STRNDUP(e->now + n->start, n->end - n->start);
        char *s = json_dumps(v, JSON_ENCODE_ANY | JSON_PRESERVE_ORDER);
        json_decref(v);
        char *copy = GC_STRDUP(s ? s : "null");
        free(s);
        return copy;
    }
    return moved(e->now, n, (long)indentation(e->old, old_at) - (long)indentation(e->now, n->start));
}

/* Whether two values of the two texts mean the same. */
static bool same_value(const Editor *e, const Node *old, const Node *now)
{
    json_t *a = json_loadb(e->old + old->start, old->end - old->start, JSON_DECODE_ANY, NULL);
    json_t *b = json_loadb(e->now + now->start, now->end - now->start, JSON_DECODE_ANY, NULL);
    bool same = a && b && json_equal(a, b);
    json_decref(a);
    json_decref(b);
    return same;
}

static int find_key(const Node *n, const char *key)
{
    for (int i = 0; i < n->count; i++)
        if (strcmp(n->keys[i], key) == 0)
            return i;
    return -1;
}

static void update(Editor *e, const Node *old, const Node *now);

/* Removes the members (or items) of the case's container n that gone[]
 * marks, with the commas between them and the others: each run of them
 * up to the next member kept, or after the last one kept. */
static void remove_items(Editor *e, const Node *n, const bool *gone)
{
    bool kept_any = false;
    for (int i = 0; i < n->count; i++)
        kept_any |= !gone[i];
    if (!kept_any) {
        if (n->count)
            edit(e, n->start, n->end, n->kind == '{' ? "{}" : "[]");
        return;
    }
    for (int a = 0; a < n->count; a++) {
        if (!gone[a])
            continue;
        int b = a;
        while (b + 1 < n->count && gone[b + 1])
            b++;
        size_t first = n->kind == '{' ? n->key_at[a] : n->items[a]->start;
        if (b + 1 < n->count)
            edit(e, first, n->kind == '{' ? n->key_at[b + 1] : n->items[b + 1]->start, "");
        else
            edit(e, n->items[a - 1]->end, n->items[b]->end, "");
        a = b;
    }
}

/* An object of the decision written with the members `like` gives (an
 * object the case recorded; NULL: all of them), in the layout of like. */
static const char *new_item(const Editor *e, const Node *item, const Node *like)
{
    if (item->kind != '{' || !like || like->kind != '{')
        return written(e, item, like ? like->start : 0, like ? one_line(e->old, like->start, like->end) : false);
    bool inline_layout = one_line(e->old, like->start, like->end);
    PolBuf b = {0};
    pol_buf_puts(&b, "{");
    int written_members = 0;
    for (int i = 0; i < item->count; i++) {
        if (find_key(like, item->keys[i]) < 0)
            continue;
        const Node *v = item->items[i];
        if (inline_layout) {
            pol_buf_puts(&b, written_members ? ", " : "");
            pol_buf_put(&b, e->now + item->key_at[i], v->start - item->key_at[i]);
            pol_buf_puts(&b, written(e, v, 0, true));
        } else {
            size_t member_indent = indentation(e->old, like->key_at[0]);
            pol_buf_puts(&b, written_members ? ",\n" : "\n");
            for (size_t k = 0; k < member_indent; k++)
                pol_buf_put(&b, " ", 1);
            pol_buf_put(&b, e->now + item->key_at[i], v->start - item->key_at[i]);
            long shift = (long)member_indent - (long)indentation(e->now, item->key_at[i]);
            pol_buf_puts(&b, v->kind == 'v' || one_line(e->now, v->start, v->end) ? written(e, v, 0, true)
                                                                                  : moved(e->now, v, shift));
        }
        written_members++;
    }
    if (!inline_layout) {
        pol_buf_puts(&b, "\n");
        for (size_t k = 0; k < indentation(e->old, like->start); k++)
            pol_buf_put(&b, " ", 1);
    }
    pol_buf_puts(&b, "}");
    return b.data;
}

/* The members of the objects of a list the case recorded: a model for the
 * objects the decision adds (NULL when the list has no object). */
static const Node *model_of(const Node *list)
{
    Node *model = NULL;
    for (int i = 0; i < list->count; i++) {
        const Node *it = list->items[i];
        if (it->kind != '{')
            continue;
        if (!model) {
            Node *m = GC_MALLOC(sizeof *m);
            *m = *it;
            m->count = 0;
            m->items = NULL;
            m->keys = NULL;
            m->key_at = NULL;
            model = m;
        }
        for (int k = 0; k < it->count; k++)
            if (find_key(model, it->keys[k]) < 0)
                push_item(model, it->items[k], it->keys[k], it->key_at[k]);
    }
    return model;
}

static void update_list(Editor *e, const Node *old, const Node *now)
{
    int common = old->count < now->count ? old->count : now->count;
    for (int i = 0; i < common; i++)
        update(e, old->items[i], now->items[i]);
    if (now->count < old->count) {
        bool *gone = GC_MALLOC_ATOMIC((size_t)old->count * sizeof *gone);
        for (int i = 0; i < old->count; i++)
            gone[i] = i >= now->count;
        if (now->count == 0)   /* nothing left: what the decision writes */
            edit(e, old->start, old->end, written(e, now, old->start, true));
        else
            remove_items(e, old, gone);
        return;
    }
    if (now->count == old->count)
        return;
    if (old->count == 0) {   /* nothing recorded: the decision's items, laid out as it lays them out */
        edit(e, old->start, old->end, written(e, now, old->start, false));
        return;
    }
    const Node *last = old->items[old->count - 1];
    const Node *model = model_of(old);
    const char *sep;
    if (old->count >= 2)
        sep = GC_STRNDUP(e->old + old->items[old->count - 2]->end, last->start - old->items[old->count - 2]->end);
    else if (one_line(e->old, old->start, old->end))
        sep = ", ";
    else
        sep = pol_strdup_printf(",\n%*s", (int)column(e->old, last->start), "");
    PolBuf b = {0};
    pol_buf_puts(&b, "");
    for (int i = old->count; i < now->count; i++) {
        pol_buf_puts(&b, sep);
        pol_buf_puts(&b, new_item(e, now->items[i], model ? model : last));
    }
    edit(e, last->end, last->end, b.data);
}

static void update(Editor *e, const Node *old, const Node *now)
{
    if (old->kind == '{' && now->kind == '{') {
        bool *gone = GC_MALLOC_ATOMIC((size_t)(old->count + 1) * sizeof *gone);
        bool any = false;
        for (int i = 0; i < old->count; i++) {
            int k = find_key(now, old->keys[i]);
            gone[i] = k < 0;
            any |= gone[i];
            if (k >= 0)
                update(e, old->items[i], now->items[k]);
        }
        if (any)
            remove_items(e, old, gone);
        return;
    }
    if (old->kind == '[' && now->kind == '[') {
        update_list(e, old, now);
        return;
    }
    if (!same_value(e, old, now))
        edit(e, old->start, old->end, written(e, now, old->start, one_line(e->old, old->start, old->end)));
}

static int by_start(const void *a, const void *b)
{
    const Edit *x = a, *y = b;
    return (x->start > y->start) - (x->start < y->start);
}

char *pol_case_update_expect(const char *expect, size_t len, const char *actual, size_t actual_len, size_t *out_len)
{
    Node *old = read_text(expect, len, true), *now = read_text(actual, actual_len, false);
    if (!old || !now)
        return NULL;
    Editor e = {expect, len, actual, NULL, 0};
    update(&e, old, now);
    if (e.count > 1)   /* qsort of a null array is undefined, even of none */
        qsort(e.edits, (size_t)e.count, sizeof *e.edits, by_start);
    PolBuf out = {0};
    pol_buf_puts(&out, "");
    size_t at = 0;
    for (int i = 0; i < e.count; i++) {
        if (e.edits[i].start < at)   /* inside an edit already made: cannot happen, kept safe */
            continue;
        pol_buf_put(&out, expect + at, e.edits[i].start - at);
        pol_buf_puts(&out, e.edits[i].text);
        at = e.edits[i].end;
    }
    pol_buf_put(&out, expect + at, len - at);
    *out_len = out.len;
    return out.data;
}
