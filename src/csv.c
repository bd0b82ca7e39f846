/*
 * csv.c — CSV rows to facts JSON (see csv.h); decisions are written as CSV
 * rows by decision.c.
 *
 * The reader is strict RFC 4180 with two allowances: a line may end in LF
 * as well as CRLF, and a quoted cell may hold line ends. A quote inside an
 * unquoted cell, text after a closing quote, a quote never closed and a
 * row whose cell count differs from the header's make the row malformed:
 * it is answered by an error row, never skipped. Where a record ends is
 * decided apart from its cells (pol_csv_record_end, on the reading thread)
 * so that one malformed row cannot take the rows after it (csv.h).
 */
#include <gc.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "csv.h"
#include "facts.h"

/* ------------------------------------------------------------ record ends */

enum { CELL_START, CELL_PLAIN, CELL_QUOTED, CELL_QUOTE };   /* CELL_QUOTE: just after a quote in a quoted cell */

static size_t record_found(PolCsvScan *sc, size_t end)
{
    *sc = (PolCsvScan){0};
    return end;
}

size_t pol_csv_record_end(const char *p, size_t n, bool at_end, PolCsvScan *sc)
{
    size_t i = sc->scanned;
    int st = sc->state;
    while (i < n) {
        if (st == CELL_QUOTED) {
            const char *q = memchr(p + i, '"', n - i);
            size_t stop = q ? (size_t)(q - p) : n;
            if (!sc->line_end) {
                const char *nl = memchr(p + i, '\n', stop - i);
                if (nl)
                    sc->line_end = (size_t)(nl - p) + 1;
            }
            i = q ? stop + 1 : n;
            st = q ? CELL_QUOTE : CELL_QUOTED;
        } else if (st == CELL_QUOTE) {
            /* the closing quote, or the first of two */
            if (p[i] == '"') {
                i++;
                st = CELL_QUOTED;
                continue;
            }
            if (p[i] == '\r' && i + 1 == n && !at_end)
                break;   /* CR LF or CR and more: wait for the next byte */
            bool closed = p[i] == ',' || p[i] == '\n' || (p[i] == '\r' && (i + 1 == n || p[i + 1] == '\n'));
            if (!closed && sc->line_end)
                return record_found(sc, sc->line_end);
            st = CELL_PLAIN;   /* the comma or line end is read there */
        } else if (st == CELL_START && p[i] == '"') {
            i++;
            st = CELL_QUOTED;
        } else {
            /* an unquoted cell: only a quote right after a comma opens one */
            const char *nl = memchr(p + i, '\n', n - i);
            size_t stop = nl ? (size_t)(nl - p) : n;
            const char *q = memchr(p + i, '"', stop - i);
            while (q && !(q > p && q[-1] == ','))
                q = memchr(q + 1, '"', stop - (size_t)(q + 1 - p));
            if (q) {
                i = (size_t)(q - p) + 1;
                st = CELL_QUOTED;
                continue;
            }
            if (nl)
                return record_found(sc, stop + 1);
            i = n;
            st = p[n - 1] == ',' ? CELL_START : CELL_PLAIN;
        }
    }
    if (at_end && st == CELL_QUOTED && sc->line_end)
        return record_found(sc, sc->line_end);   /* a quote never closed */
    sc->scanned = i;
    sc->state = st;
    return 0;
}

size_t pol_csv_first_line_end(const PolCsvScan *scan) { return scan->line_end; }

size_t pol_csv_header_end(const char *p, size_t n)
{
    const char *nl = memchr(p, '\n', n);
    return nl ? (size_t)(nl - p) + 1 : 0;
}

/* ------------------------------------------------------------------ cells */

static void scratch_reserve(PolCsvScratch *s, size_t bytes, int cells)
{
    if (bytes + 1 > s->cap) {
        size_t cap = s->cap ? s->cap : 1024;
        while (cap < bytes + 1)
            cap *= 2;
        s->cells = GC_MALLOC_ATOMIC(cap);
        s->cap = cap;
    }
    if (cells > s->ncap) {
        int cap = s->ncap ? s->ncap : 64;
        while (cap < cells)
            cap *= 2;
        s->offs = GC_MALLOC_ATOMIC((size_t)cap * 2 * sizeof *s->offs);
        s->ncap = cap;
    }
}

/* A row or header that cannot be used: at path ("$", or the column's),
 * message m of the registry in lang. No code: the batch error line of a
 * row carries none. */
static void set_error(PolDiag *e, PolLang lang, const char *path, PolMsg m, ...)
{
    va_list ap;
    va_start(ap, m);
    *e = pol_diag_error(lang, POL_NO_CODE, pol_fit(pol_vmsg(lang, m, ap), 512));
    va_end(ap);
    e->path = pol_fit(path, 256);
}

/* Splits a record (without its line end) into cells, unescaped into
 * s->cells. Returns the number of cells, or -1 with *err set; either way
 * s->nsplit cells were read whole. header: rec is the header, whose quote
 * left open has a message of its own (the header is one line). */
static int split_cells(const char *rec, size_t len, PolCsvScratch *s, PolLang lang, bool header, PolDiag *err)
{
    /* a record of len bytes has at most len + 1 cells and unescapes shorter */
    int maxcells = 1;
    for (const char *c = memchr(rec, ',', len); c; c = memchr(c + 1, ',', len - (size_t)(c + 1 - rec)))
        maxcells++;
    scratch_reserve(s, len, maxcells);
    size_t i = 0, o = 0;
    int n = 0;
    s->nsplit = 0;
    for (;;) {
        s->offs[2 * n] = o;
        if (i < len && rec[i] == '"') {
            size_t open = i++;
            for (;;) {
                const char *q = memchr(rec + i, '"', len - i);
                if (!q) {
                    set_error(err, lang, "$", header ? POL_MSG_csv_header_quote_open : POL_MSG_csv_quote_not_closed,
                              n + 1, open + 1);
                    return -1;
                }
                size_t k = (size_t)(q - rec);
                memcpy(s->cells + o, rec + i, k - i);
                o += k - i;
                i = k + 1;
                if (i < len && rec[i] == '"') {
                    s->cells[o++] = '"';
                    i++;
                    continue;
                }
                break;
            }
            if (i < len && rec[i] != ',') {
                set_error(err, lang, "$", POL_MSG_csv_text_after_quote, n + 1);
                return -1;
            }
        } else {
            const char *c = memchr(rec + i, ',', len - i);
            size_t k = c ? (size_t)(c - rec) : len;
            if (memchr(rec + i, '"', k - i)) {
                set_error(err, lang, "$", POL_MSG_csv_quote_in_cell, n + 1);
                return -1;
            }
            memcpy(s->cells + o, rec + i, k - i);
            o += k - i;
            i = k;
        }
        s->offs[2 * n + 1] = o;
        s->nsplit = ++n;
        if (i >= len)
            break;
        i++; /* the comma */
    }
    s->cells[o] = '\0';
    return n;
}

/* ------------------------------------------------------------------- plan */

typedef struct Node {
    const char *name;         /* this step of the column name */
    size_t name_len;
    char *key;                /* "\"name\":" */
    size_t key_len;
    int column;               /* the column holding this member's value, -1 none */
    int parent, first_child, last_child, next;
    const PolType *type;      /* the member's declared type (optional unwrapped), NULL unknown */
    bool nullable;            /* `T or null` */
} Node;

struct PolCsvPlan {
    int ncolumns;
    int nnodes;
    Node *nodes;              /* node 0 is the facts record */
    char **paths;             /* per column: "$.digital.procurement_total" */
    int id_column;            /* -1 none */
    bool bad;                 /* the header cannot be used: every row gets `error` */
    PolDiag error;
    PolLang lang;             /* of the errors of rows */
};

/* The content of a cell as a JSON string; bytes >= 0x80 pass unchanged
 * (the decoder checks UTF-8 and reports invalid bytes at the path). */
static void json_string(PolBuf *b, const char *s, size_t n)
{
    pol_buf_put(b, "\"", 1);
    pol_buf_json_escape(b, s, n);
    pol_buf_put(b, "\"", 1);
}

static const PolRecord *record_of(const PolType *t)
{
    while (t && t->kind == POL_T_OPT)
        t = t->inner;
    return t && t->kind == POL_T_RECORD ? t->record : NULL;
}

static int add_node(PolCsvPlan *pl, int *cap, int parent, const char *name, size_t len)
{
    if (pol_utf8_valid(name, len))
        name = pol_utf8_nfc(name, len, &len);   /* the policy's names are in NFC (scan.c) */
    for (int c = pl->nodes[parent].first_child; c >= 0; c = pl->nodes[c].next)
        if (pl->nodes[c].name_len == len && memcmp(pl->nodes[c].name, name, len) == 0)
            return c;
    if (pl->nnodes == *cap) {
        *cap *= 2;
        Node *grown = GC_MALLOC((size_t)*cap * sizeof *grown);
        memcpy(grown, pl->nodes, (size_t)pl->nnodes * sizeof *grown);
        pl->nodes = grown;
    }
    int k = pl->nnodes++;
    Node *n = &pl->nodes[k];
    memset(n, 0, sizeof *n);
    char *nm = GC_MALLOC_ATOMIC(len + 1);
    memcpy(nm, name, len);
    nm[len] = '\0';
    n->name = nm;
    n->name_len = len;
    PolBuf key = {0};
    json_string(&key, name, len);
    pol_buf_put(&key, ":", 1);
    n->key = key.data;
    n->key_len = key.len;
    n->column = -1;
    n->parent = parent;
    n->first_child = n->last_child = n->next = -1;
    const PolRecord *r = record_of(pl->nodes[parent].type);
    if (r)
        for (int i = 0; i < r->count; i++)
            if (strlen(r->members[i].name) == len && memcmp(r->members[i].name, name, len) == 0) {
                const PolType *t = r->members[i].type;
                while (t && t->kind == POL_T_OPT)
                    t = t->inner;
                n->type = t;
                n->nullable = r->members[i].presence == POL_PRESENCE_NULLABLE;
            }
    Node *p = &pl->nodes[parent];
    if (p->last_child >= 0)
        pl->nodes[p->last_child].next = k;
    else
        p->first_child = k;
    p->last_child = k;
    return k;
}

PolCsvPlan *pol_csv_plan(const PolRecord *schema, int id_member, const char *rec, size_t len, PolLang lang, PolDiag *err,
                         const char **unknown)
{
    PolCsvPlan *pl = GC_MALLOC(sizeof *pl);
    int cap = 64;
    pl->nodes = GC_MALLOC((size_t)cap * sizeof *pl->nodes);
    pl->nnodes = 1;
    pl->nodes[0] = (Node){"", 0, NULL, 0, -1, -1, -1, -1, -1, NULL, false};
    PolType *rt = GC_MALLOC(sizeof *rt);
    rt->kind = POL_T_RECORD;
    rt->record = schema;
    pl->nodes[0].type = rt;
    pl->id_column = -1;
    memset(err, 0, sizeof *err);
    pl->lang = lang;
    PolBuf unk = {0};
    pol_buf_put(&unk, "", 0);
    *unknown = unk.data;

    PolCsvScratch s = {0};
    int n = split_cells(rec, len, &s, lang, true, err);
    if (n < 0) {
        set_error(err, lang, "$", POL_MSG_csv_header_unreadable, err->message);
        pl->bad = true;
        pl->error = *err;
        return pl;
    }
    if (n > POL_CSV_MAX_COLUMNS) {   /* the checks below are quadratic in the columns */
        set_error(err, lang, "$", POL_MSG_csv_too_many_columns, n, POL_CSV_MAX_COLUMNS);
        pl->bad = true;
        pl->error = *err;
        return pl;
    }
    /* a blank first line (or a byte order mark alone) names no column: it
     * is no header of one column without a name */
    size_t first = s.offs[1] - s.offs[0];
    if (n == 1 && (first == 0 || (first == 3 && memcmp(s.cells + s.offs[0], "\xEF\xBB\xBF", 3) == 0))) {
        set_error(err, lang, "$", POL_MSG_csv_header_empty);
        pl->bad = true;
        pl->error = *err;
        return pl;
    }
    pl->ncolumns = n;
    pl->paths = GC_MALLOC((size_t)n * sizeof *pl->paths);
    const char *id_name = id_member >= 0 ? schema->members[id_member].name : NULL;
    for (int c = 0; c < n; c++) {
        const char *name = s.cells + s.offs[2 * c];
        size_t nlen = s.offs[2 * c + 1] - s.offs[2 * c];
        /* a UTF-8 byte order mark opens the file, not the first name */
        if (c == 0 && nlen >= 3 && memcmp(name, "\xEF\xBB\xBF", 3) == 0) {
            name += 3;
            nlen -= 3;
        }
        pl->paths[c] = pol_strdup_printf("$.%.*s", (int)nlen, name);
        for (int d = 0; d < c; d++)
            if (strcmp(pl->paths[d], pl->paths[c]) == 0) {
                set_error(err, lang, "$", POL_MSG_csv_header_twice, c + 1, (int)nlen, name, d + 1, c + 1);
                pl->bad = true;
                pl->error = *err;
                return pl;
            }
        int node = 0;
        bool known = true;
        size_t from = 0;
        for (int depth = 1;; depth++) {
            if (depth > POL_FACTS_MAX_DEPTH) {   /* as deep as facts may nest: rows are built recursively */
                set_error(err, lang, "$", POL_MSG_csv_column_too_deep, c + 1, POL_FACTS_MAX_DEPTH);
                pl->bad = true;
                pl->error = *err;
                return pl;
            }
            const char *dot = memchr(name + from, '.', nlen - from);
            size_t to = dot ? (size_t)(dot - name) : nlen;
            node = add_node(pl, &cap, node, name + from, to - from);
            known = known && pl->nodes[node].type != NULL;
            if (!dot)
                break;
            from = to + 1;
        }
        pl->nodes[node].column = c;
        if (node != 0 && pl->nodes[node].parent == 0 && id_name && strcmp(pl->nodes[node].name, id_name) == 0)
            pl->id_column = c;
        if (!known) {
            if (unk.len)
                pol_buf_puts(&unk, ", ");
            pol_buf_put(&unk, name, nlen);
        }
    }
    *unknown = unk.data;
    return pl;
}

/* ------------------------------------------------------------------ rows */

/* "Is this cell one JSON object or array, closed, with nothing after it?"
 * Only the shape: the facts decoder checks everything inside. NULL when
 * the shape is right, else what is wrong. */
static const char *json_shape(PolLang lang, const char *s, size_t n)
{
    char stack[POL_FACTS_MAX_DEPTH];
    int depth = 0;
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
        i++;
    for (; i < n; i++) {
        char c = s[i];
        if (c == '"') {
            for (i++; i < n && s[i] != '"'; i++)
                if (s[i] == '\\')
                    i++;
            if (i >= n)
                return pol_msg(lang, POL_MSG_csv_json_string_open);
        } else if (c == '[' || c == '{') {
            if (depth == (int)sizeof stack)
                return pol_msg(lang, POL_MSG_csv_json_too_deep);
            stack[depth++] = c == '[' ? ']' : '}';
        } else if (c == ']' || c == '}') {
            if (depth == 0 || stack[depth - 1] != c)
                return pol_msg(lang, c == ']' ? POL_MSG_csv_json_bracket : POL_MSG_csv_json_brace);
            if (--depth == 0) {
                for (i++; i < n; i++)
                    if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
                        return pol_msg(lang, POL_MSG_csv_json_text_after);
                return NULL;
            }
        } else if (depth == 0) {
            return pol_msg(lang, POL_MSG_csv_json_start);
        }
    }
    return pol_msg(lang, POL_MSG_csv_json_not_closed);
}

static bool is_json_int(const char *s, size_t n)
{
    size_t i = n && s[0] == '-' ? 1 : 0;
    if (i >= n)
        return false;
    if (s[i] == '0')
        return i + 1 == n;
    for (; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

static const char *bool_word(const char *s, size_t n)
{
    static const char *const t[] = {"true", "TRUE", "True"}, *const f[] = {"false", "FALSE", "False"};
    for (int i = 0; i < 3; i++) {
        if (n == 4 && memcmp(s, t[i], 4) == 0)
            return "true";
        if (n == 5 && memcmp(s, f[i], 5) == 0)
            return "false";
    }
    return NULL;
}

typedef struct Row {
    const PolCsvPlan *plan;
    const PolCsvScratch *s;
    PolBuf *json;
    PolDiag *err;
} Row;

static bool cell_value(Row *r, const Node *n, const char *c, size_t len)
{
    PolTypeKind k = n->type ? n->type->kind : POL_T_TEXT;
    switch (k) {
    case POL_T_BOOL: {
        const char *w = bool_word(c, len);
        if (w) {
            pol_buf_puts(r->json, w);
            return true;
        }
        break;
    }
    case POL_T_INT:
        if (is_json_int(c, len)) {
            pol_buf_put(r->json, c, len);
            return true;
        }
        break;
    case POL_T_LIST:
    case POL_T_RECORD: {
        size_t i = 0;
        while (i < len && (c[i] == ' ' || c[i] == '\t'))
            i++;
        if (i < len && (c[i] == '[' || c[i] == '{')) {
            PolLang lang = r->plan->lang;
            const char *why = json_shape(lang, c, len);
            if (why) {
                set_error(r->err, lang, r->plan->paths[n->column], POL_MSG_csv_cell_json,
                          pol_msg(lang, k == POL_T_LIST ? POL_MSG_csv_a_list : POL_MSG_csv_an_object), why);
                return false;
            }
            pol_buf_put(r->json, c, len);
            return true;
        }
        break;
    }
    default:
        break;
    }
    json_string(r->json, c, len);
    return true;
}

static bool emit_object(Row *r, int node)
{
    const PolCsvPlan *pl = r->plan;
    const bool *present = r->s->present;
    pol_buf_put(r->json, "{", 1);
    bool first = true;
    for (int k = pl->nodes[node].first_child; k >= 0; k = pl->nodes[k].next) {
        const Node *n = &pl->nodes[k];
        const char *c = NULL;
        size_t len = 0;
        if (n->column >= 0) {
            c = r->s->cells + r->s->offs[2 * n->column];
            len = r->s->offs[2 * n->column + 1] - r->s->offs[2 * n->column];
        }
        bool subtree = n->first_child >= 0 && present[k];
        if (c && len) {
            if (!first)
                pol_buf_put(r->json, ",", 1);
            first = false;
            pol_buf_put(r->json, n->key, n->key_len);
            if (!cell_value(r, n, c, len))
                return false;
        }
        if (subtree) {
            if (!first)
                pol_buf_put(r->json, ",", 1);
            first = false;
            pol_buf_put(r->json, n->key, n->key_len);
            if (!emit_object(r, k))
                return false;
        }
        if (c && !len && !subtree && n->nullable) {
            if (!first)
                pol_buf_put(r->json, ",", 1);
            first = false;
            pol_buf_put(r->json, n->key, n->key_len);
            pol_buf_puts(r->json, "null");
        }
    }
    pol_buf_put(r->json, "}", 1);
    return true;
}

/* A row answered with an error: its id, when that cell was read. Returns false. */
static bool row_error_id(const PolCsvPlan *pl, PolCsvScratch *s, const char **id)
{
    int c = pl->id_column;
    if (id && c >= 0 && c < s->nsplit && s->offs[2 * c + 1] > s->offs[2 * c]) {
        /* NUL-terminate the id cell in place: the cells are not read again */
        s->cells[s->offs[2 * c + 1]] = '\0';
        *id = s->cells + s->offs[2 * c];
    }
    return false;
}

bool pol_csv_row_json(const PolCsvPlan *pl, const char *rec, size_t len, PolCsvScratch *s, PolBuf *json,
                      PolDiag *err, const char **id)
{
    if (id)
        *id = NULL;
    if (pl->bad) {
        *err = pl->error;
        return false;
    }
    if (len == 0) {
        set_error(err, pl->lang, "$", POL_MSG_csv_empty_row);
        return false;
    }
    int n = split_cells(rec, len, s, pl->lang, false, err);
    if (n >= 0 && n != pl->ncolumns)
        set_error(err, pl->lang, "$", POL_MSG_csv_cell_count, n, n == 1 ? "" : "s", pl->ncolumns,
                  pl->ncolumns == 1 ? "" : "s");
    if (n < 0 || n != pl->ncolumns)
        return row_error_id(pl, s, id);
    if (s->npresent < pl->nnodes) {
        s->present = GC_MALLOC_ATOMIC((size_t)pl->nnodes);
        s->npresent = pl->nnodes;
    }
    bool *present = s->present;
    memset(present, 0, (size_t)pl->nnodes);
    for (int k = pl->nnodes - 1; k > 0; k--) {
        const Node *nd = &pl->nodes[k];
        if (nd->column >= 0 && s->offs[2 * nd->column + 1] > s->offs[2 * nd->column])
            present[k] = true;
        if (present[k])
            present[nd->parent] = true;
    }
    Row r = {pl, s, json, err};
    return emit_object(&r, 0) || row_error_id(pl, s, id);
}
