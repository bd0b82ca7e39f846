/*
 * lsp_query.c — the language server's answers about an analysed document
 * (see lsp_query.h).
 */
#include <gc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "keywords.h"
#include "lsp_query.h"
#include "never.h"

/* ---- JSON ---- */

json_t *pol_lsp_string(const char *s)
{
    if (!s)
        return json_string("");
    json_t *j = json_string(s);
    if (j)
        return j;
    /* not UTF-8: each bad byte becomes U+FFFD */
    size_t n = strlen(s);
    char *out = GC_MALLOC_ATOMIC(n * 3 + 1);
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        size_t len = c < 0x80 ? 1 : c >= 0xc2 && c < 0xe0 ? 2 : c >= 0xe0 && c < 0xf0 ? 3 : c >= 0xf0 && c < 0xf5 ? 4 : 0;
        bool ok = len > 0 && i + len <= n;
        for (size_t m = 1; ok && m < len; m++)
            ok = ((unsigned char)s[i + m] & 0xc0) == 0x80;
        if (ok) {
            memcpy(out + k, s + i, len);
            k += len;
            i += len;
        } else {
            memcpy(out + k, "\xef\xbf\xbd", 3);
            k += 3;
            i++;
        }
    }
    out[k] = '\0';
    j = json_string(out);
    return j ? j : json_string("");
}

static json_t *position_json(PolLspPos p)
{
    json_t *o = json_object();
    json_object_set_new(o, "line", json_integer(p.line));
    json_object_set_new(o, "character", json_integer(p.character));
    return o;
}

json_t *pol_lsp_range_json(PolLspRange r)
{
    json_t *o = json_object();
    json_object_set_new(o, "start", position_json(r.start));
    json_object_set_new(o, "end", position_json(r.end));
    return o;
}

json_t *pol_lsp_location(PolSpan span, PolLspEncoding enc)
{
    json_t *o = json_object();
    json_object_set_new(o, "uri", json_string(pol_lsp_path_to_uri(span.src ? span.src->path : "")));
    json_object_set_new(o, "range", pol_lsp_range_json(pol_lsp_span_range(span, enc)));
    return o;
}

static const char *in_lang(PolLang lang, PolMsg m, ...)
{
    va_list ap;
    va_start(ap, m);
    const char *s = pol_strdup_vprintf(pol_msg_format(lang, m), ap);
    va_end(ap);
    return s;
}

/* An article as hover and outline name it: "article 3" / 第三条, or its
 * name when it is named rather than numbered. */
static const char *article_words(const PolLspQuery *q, const char *article)
{
    return pol_article_numbered(article) ? in_lang(q->lang, POL_MSG_lsp_hover_article, article) : article;
}

/* ---- diagnostics ---- */

static json_t *text_edit(PolSpan span, const char *text, PolLspEncoding enc)
{
    json_t *e = json_object();
    json_object_set_new(e, "range", pol_lsp_range_json(pol_lsp_span_range(span, enc)));
    json_object_set_new(e, "newText", pol_lsp_string(text));
    return e;
}

static json_t *diagnostic_json(const PolLspDiag *d, PolLspEncoding enc, PolLang lang)
{
    json_t *x = json_object();
    json_object_set_new(x, "range", pol_lsp_range_json(pol_lsp_span_range(d->span, enc)));
    json_object_set_new(x, "severity", json_integer(1));
    json_object_set_new(x, "source", json_string("polrun"));
    if (d->code)
        json_object_set_new(x, "code", json_string(d->code));
    const char *message = d->message ? d->message : "";
    if (d->help)
        message = pol_strdup_printf("%s\n%s%s", message, in_lang(lang, POL_MSG_help), d->help);
    json_object_set_new(x, "message", pol_lsp_string(message));
    if (d->nnotes) {
        json_t *related = json_array();
        for (int i = 0; i < d->nnotes; i++) {
            json_t *r = json_object();
            PolSpan at = d->notes[i].span.src ? d->notes[i].span : d->span;
            json_object_set_new(r, "location", pol_lsp_location(at, enc));
            json_object_set_new(r, "message", pol_lsp_string(d->notes[i].message));
            json_array_append_new(related, r);
        }
        json_object_set_new(x, "relatedInformation", related);
    }
    if (d->nfixes) {
        /* the fix travels with the diagnostic, for clients that resolve
         * code actions from it */
        json_t *data = json_object();
        json_object_set_new(data, "fix", text_edit(d->fixes[0].span, d->fixes[0].text, enc));
        json_object_set_new(x, "data", data);
    }
    return x;
}

json_t *pol_lsp_diagnostics(const PolLspAnalysis *a, const char *path, PolLspEncoding enc, PolLang lang)
{
    json_t *out = json_array();
    for (int i = 0; i < a->ndiags; i++)
        if (strcmp(a->diags[i].path, path) == 0)
            json_array_append_new(out, diagnostic_json(&a->diags[i], enc, lang));
    return out;
}

/* ---- what is at a position ---- */

static size_t offset_of(const PolLspQuery *q, PolLspPos pos)
{
    return pol_lsp_doc_offset(q->doc, pos, q->enc);
}

static int symbol_at(const PolLspQuery *q, PolLspPos pos, PolSpan *at)
{
    return pol_lsp_symbol_at(q->a, q->path, offset_of(q, pos), at);
}

static bool word_char(unsigned char c)
{
    return c == '_' || c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* The word around offset off of the document: [*from, *to). */
static const char *word_at(const PolLspDoc *d, size_t off, size_t *from, size_t *to)
{
    size_t a = off, b = off;
    while (a > 0 && word_char((unsigned char)d->text[a - 1]))
        a--;
    while (b < d->len && word_char((unsigned char)d->text[b]))
        b++;
    *from = a;
    *to = b;
    return a < b ? GC_STRNDUP(d->text + a, b - a) : NULL;
}

/* Whether offset off of the document is inside a comment or a text, where
 * words are not the language's: from the start of its line, a `#` outside
 * a text, or a quotation mark not yet closed. */
static bool in_comment_or_text(const PolLspDoc *d, size_t off)
{
    size_t i = off;
    while (i > 0 && d->text[i - 1] != '\n')
        i--;
    bool text = false;
    for (; i < off; i++) {
        char c = d->text[i];
        if (text && c == '\\')
            i++;
        else if (c == '"')
            text = !text;
        else if (c == '#' && !text)
            return true;
    }
    return text;
}

/* ---- comments beside declarations ---- */

/* The comment at the end of a line of code ("x: bool   # why"), or NULL. */
static const char *trailing_comment(const PolSource *src, int line)
{
    if (line < 1 || line > src->nlines)
        return NULL;
    size_t len;
    const char *t = pol_source_line(src, line, &len);
    bool in_text = false;
    for (size_t i = 0; i < len; i++) {
        if (t[i] == '"')
            in_text = !in_text;
        if (t[i] == '#' && !in_text) {
            size_t k = i;
            while (k > 0 && (t[k - 1] == ' ' || t[k - 1] == '\t'))
                k--;
            if (k == 0)
                return NULL;   /* a comment line, not a trailing comment */
            i++;
            while (i < len && t[i] == ' ')
                i++;
            return GC_STRNDUP(t + i, len - i);
        }
    }
    return NULL;
}

static void buf_line(char **buf, const char *line)
{
    *buf = *buf ? pol_strdup_printf("%s\n%s", *buf, line) : GC_STRDUP(line);
}

/* The block of comment lines right above line (up to a blank line or
 * code), NULL when there is none. A rule of dashes ends it. */
static const char *comment_above(const PolSource *src, int line)
{
    int first = line;
    while (first > 1) {
        const char *c = pol_source_comment(src, first - 1);
        if (!c || strncmp(c, "----", 4) == 0)
            break;
        first--;
    }
    char *out = NULL;
    for (int l = first; l < line; l++)
        buf_line(&out, pol_source_comment(src, l));
    return out;
}

/* The comment lines inside a declaration's lines (a measure's quotation
 * and reading). */
static const char *comments_within(PolSpan span)
{
    if (!span.src)
        return NULL;
    char *out = NULL;
    for (int l = span.first_line + 1; l <= span.last_line; l++) {
        const char *c = pol_source_comment(span.src, l);
        if (c)
            buf_line(&out, c);
    }
    return out;
}

/* ---- hover ---- */

static void md(char **out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void md(char **out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = pol_strdup_vprintf(fmt, ap);
    va_end(ap);
    *out = *out ? pol_strdup_printf("%s%s", *out, s) : s;
}

/* A measure's comments: the quoted sentence (from “ to ”) as a quotation,
 * the rest as it is. */
static void measure_comments(char **out, const char *comments)
{
    if (!comments)
        return;
    const char *open = strstr(comments, "\xe2\x80\x9c");   /* “ */
    const char *close = open ? strstr(open, "\xe2\x80\x9d") : NULL;   /* ” */
    /* the quotation mark that closes the sentence, not an inner one */
    while (close) {
        const char *next = strstr(close + 3, "\xe2\x80\x9d");
        const char *nl = strchr(close, '\n');
        if (!next || (nl && next > nl && (nl[1] == '\0' || strncmp(nl + 1, " ", 1) != 0)))
            break;
        close = next;
    }
    if (open && close) {
        const char *quote = GC_STRNDUP(open, (size_t)(close + 3 - open));
        char *q = NULL;
        for (const char *p = quote; *p;) {
            const char *nl = strchr(p, '\n');
            size_t n = nl ? (size_t)(nl - p) : strlen(p);
            while (n && *p == ' ') {
                p++;
                n--;
            }
            /* the lines of a sentence in English join with a space, those
             * of a Chinese one without */
            size_t m = q ? strlen(q) : 0;
            bool space = m && n && !(q[m - 1] & 0x80) && q[m - 1] != ' ' && !(*p & 0x80);
            md(&q, "%s%s%.*s", q ? "" : "> ", space ? " " : "", (int)n, p);
            p = nl ? nl + 1 : p + n;
        }
        md(out, "\n\n%s", q);
        size_t nbefore = (size_t)(open - comments);
        while (nbefore && (comments[nbefore - 1] == ' ' || comments[nbefore - 1] == '\n'))
            nbefore--;
        const char *before = GC_STRNDUP(comments, nbefore);
        const char *after = close + 3;
        while (*after == '\n' || *after == ' ')
            after++;
        if (*before)
            md(out, "\n\n%s", before);
        if (*after)
            md(out, "\n\n%s", after);
    } else {
        md(out, "\n\n%s", comments);
    }
}

static const char *signature(const PolLspSymbol *s)
{
    const PolDecl *d = s->decl;
    switch (s->kind) {
    case POL_SYM_PARAMETER:
        return pol_strdup_printf("parameter %s%s%s = %s", s->name, s->type ? ": " : "", s->type ? s->type : "",
                                 d->value ? pol_span_text(d->value->span) : "");
    case POL_SYM_DEFINE: {
        char *args = NULL;
        for (int i = 0; i < d->nparams; i++)
            md(&args, "%s%s: %s", i ? ", " : "", d->params[i].name,
               d->params[i].type.type && d->params[i].type.type->kind != POL_T_ERROR ? pol_type_name(d->params[i].type.type)
                                                                                  : pol_span_text(d->params[i].type.span));
        return pol_strdup_printf("define %s%s%s%s: %s", s->name, d->nparams ? "(" : "", args ? args : "", d->nparams ? ")" : "",
                                 s->type ? s->type : "?");
    }
    case POL_SYM_MEMBER:
    case POL_SYM_ARGUMENT:
    case POL_SYM_LOCAL:
        return pol_strdup_printf("%s: %s", s->name, s->type ? s->type : "?");
    case POL_SYM_MEASURE: return pol_strdup_printf("measure %s", s->name);
    case POL_SYM_SCALE: return pol_strdup_printf("scale %s(base: %s): %s", s->name, d->scale_money ? "money" : "decimal",
                                                 d->scale_money ? "unrounded money" : "decimal");
    case POL_SYM_ENUM: {
        char *values = NULL;
        for (int i = 0; i < d->nvalues; i++)
            md(&values, "%s%s", i ? ", " : "", d->values[i]);
        return pol_strdup_printf("enum %s { %s }", s->name, values ? values : "");
    }
    case POL_SYM_ENUM_VALUE: return pol_strdup_printf("%s.%s", s->type, s->name);
    case POL_SYM_RECORD: return pol_strdup_printf("record %s", s->name);
    case POL_SYM_FACTS: return "facts";
    case POL_SYM_POLICY: return pol_strdup_printf("policy \"%s\"", s->name);
    }
    return s->name;
}

static const char *hover_text(const PolLspQuery *q, int i)
{
    const PolLspAnalysis *a = q->a;
    const PolLspSymbol *s = &a->symbols[i];
    const PolLspSymbol *parent = s->parent >= 0 ? &a->symbols[s->parent] : NULL;
    const PolSource *src = s->name_span.src;
    char *out = NULL;
    md(&out, "```pol\n%s\n```", signature(s));
    switch (s->kind) {
    /* the index gives every member, value and argument its declaration as parent */
    case POL_SYM_MEMBER:
        md(&out, "\n\n%s", parent->kind == POL_SYM_FACTS ? in_lang(q->lang, POL_MSG_lsp_hover_fact)
                                                          : in_lang(q->lang, POL_MSG_lsp_hover_member, parent->name));
        break;
    case POL_SYM_ENUM_VALUE:
        md(&out, "\n\n%s", in_lang(q->lang, POL_MSG_lsp_hover_enum_value, signature(parent)));
        break;
    case POL_SYM_ARGUMENT:
        md(&out, "\n\n%s", in_lang(q->lang, POL_MSG_lsp_hover_argument, parent->name));
        break;
    case POL_SYM_LOCAL:
        if (s->expr && s->expr->left)
            md(&out, "\n\n%s", in_lang(q->lang, POL_MSG_lsp_hover_local, pol_span_text(s->expr->left->span)));
        break;
    case POL_SYM_MEASURE: {
        const PolDecl *d = s->decl;
        if (d->article)
            md(&out, "\n\n**%s**%s%s", article_words(q, d->article), d->title_text ? " · " : "",
               d->title_text ? d->title_text : "");
        else if (d->title_text)   /* no article yet (E0502): the title alone */
            md(&out, "\n\n%s", d->title_text);
        measure_comments(&out, comments_within(s->span));
        return out;
    }
    default:
        break;
    }
    const char *comment = NULL;
    if (src && (s->kind == POL_SYM_MEMBER || s->kind == POL_SYM_ENUM_VALUE))
        comment = trailing_comment(src, s->name_span.first_line);
    if (!comment && src && s->kind != POL_SYM_LOCAL && s->kind != POL_SYM_ARGUMENT && s->kind != POL_SYM_ENUM_VALUE)
        comment = comment_above(src, s->span.first_line);
    if (comment)
        md(&out, "\n\n%s", comment);
    return out;
}

static json_t *markdown(const char *text, json_t *range)
{
    json_t *h = json_object();
    json_t *c = json_object();
    json_object_set_new(c, "kind", json_string("markdown"));
    json_object_set_new(c, "value", pol_lsp_string(text));
    json_object_set_new(h, "contents", c);
    json_object_set_new(h, "range", range);
    return h;
}

json_t *pol_lsp_hover(const PolLspQuery *q, PolLspPos pos)
{
    PolSpan at;
    int i = symbol_at(q, pos, &at);
    if (i >= 0)
        return markdown(hover_text(q, i), pol_lsp_range_json(pol_lsp_span_range(at, q->enc)));
    size_t a, b, off = offset_of(q, pos);
    if (in_comment_or_text(q->doc, off))
        return json_null();
    const char *word = word_at(q->doc, off, &a, &b);
    /* a Chinese keyword means what its English word means */
    const char *english = word ? pol_kw_english(word) : NULL;
    const char *meaning = english ? pol_lsp_keyword_meaning(english, q->lang) : NULL;
    if (!meaning)
        return json_null();
    PolLspRange r = {pol_lsp_doc_position(q->doc, a, q->enc), pol_lsp_doc_position(q->doc, b, q->enc)};
    if (strcmp(english, word) != 0)
        return markdown(pol_strdup_printf("`%s` (`%s`) — %s", word, english, meaning), pol_lsp_range_json(r));
    return markdown(pol_strdup_printf("`%s` — %s", word, meaning), pol_lsp_range_json(r));
}

/* ---- definition, references, highlight ---- */

json_t *pol_lsp_definition(const PolLspQuery *q, PolLspPos pos)
{
    PolSpan at;
    int i = symbol_at(q, pos, &at);
    if (i < 0 || !q->a->symbols[i].name_span.src)
        return json_null();
    return pol_lsp_location(q->a->symbols[i].name_span, q->enc);
}

json_t *pol_lsp_references(const PolLspQuery *q, PolLspPos pos, bool with_declaration)
{
    PolSpan at;
    int i = symbol_at(q, pos, &at);
    json_t *out = json_array();
    if (i < 0)
        return out;
    if (with_declaration && q->a->symbols[i].name_span.src)
        json_array_append_new(out, pol_lsp_location(q->a->symbols[i].name_span, q->enc));
    for (int k = 0; k < q->a->nrefs; k++)
        if (q->a->refs[k].symbol == i)
            json_array_append_new(out, pol_lsp_location(q->a->refs[k].span, q->enc));
    return out;
}

json_t *pol_lsp_document_highlight(const PolLspQuery *q, PolLspPos pos)
{
    PolSpan at;
    int i = symbol_at(q, pos, &at);
    json_t *out = json_array();
    if (i < 0)
        return out;
    const PolLspSymbol *s = &q->a->symbols[i];
    for (int k = -1; k < q->a->nrefs; k++) {
        PolSpan span = k < 0 ? s->name_span : q->a->refs[k].span;
        if (k >= 0 && q->a->refs[k].symbol != i)
            continue;
        if (!span.src || strcmp(span.src->path, q->path) != 0)
            continue;
        json_t *h = json_object();
        json_object_set_new(h, "range", pol_lsp_range_json(pol_lsp_span_range(span, q->enc)));
        json_object_set_new(h, "kind", json_integer(k < 0 ? 3 : 2));
        json_array_append_new(out, h);
    }
    return out;
}

/* ---- rename ---- */

/* The name spans of a symbol as written: with backticks, the name is
 * inside them. */
static PolSpan inner_name(PolSpan span)
{
    const char *t = pol_span_text(span);
    size_t n = strlen(t);
    if (n >= 2 && t[0] == '`' && t[n - 1] == '`') {
        span.first_col++;
        span.last_col--;
    }
    return span;
}

json_t *pol_lsp_prepare_rename(const PolLspQuery *q, PolLspPos pos)
{
    PolSpan at;
    int i = symbol_at(q, pos, &at);
    if (i < 0 || q->a->symbols[i].kind == POL_SYM_POLICY || q->a->symbols[i].kind == POL_SYM_FACTS)
        return json_null();
    json_t *o = json_object();
    json_object_set_new(o, "range", pol_lsp_range_json(pol_lsp_span_range(inner_name(at), q->enc)));
    json_object_set_new(o, "placeholder", pol_lsp_string(q->a->symbols[i].name));
    return o;
}

static bool is_global(PolLspSymbolKind k)
{
    return k == POL_SYM_PARAMETER || k == POL_SYM_DEFINE || k == POL_SYM_MEASURE || k == POL_SYM_ENUM || k == POL_SYM_RECORD;
}

/* The symbol that a new name would clash with, -1 for none: the same name
 * in the same record or enum, among the top-level names and the facts
 * (which share the bare names), or among a definition's arguments and
 * variables. */
static int clash(const PolLspAnalysis *a, int i, const char *name)
{
    const PolLspSymbol *s = &a->symbols[i];
    bool global = is_global(s->kind) || (s->kind == POL_SYM_MEMBER && a->symbols[s->parent].kind == POL_SYM_FACTS);
    for (int k = 0; k < a->nsymbols; k++) {
        const PolLspSymbol *o = &a->symbols[k];
        if (k == i || strcmp(o->name, name) != 0)
            continue;
        bool o_global = is_global(o->kind) || (o->kind == POL_SYM_MEMBER && o->parent >= 0 && a->symbols[o->parent].kind == POL_SYM_FACTS);
        if (global && o_global)
            return k;
        if ((s->kind == POL_SYM_MEMBER || s->kind == POL_SYM_ENUM_VALUE) && o->parent == s->parent && o->kind == s->kind)
            return k;
        if (s->kind == POL_SYM_ENUM_VALUE && o->kind == POL_SYM_ENUM_VALUE)
            continue;
        /* a local or an argument: its definition's others, and any name it would hide */
        if ((s->kind == POL_SYM_LOCAL || s->kind == POL_SYM_ARGUMENT) &&
            (o_global || ((o->kind == POL_SYM_LOCAL || o->kind == POL_SYM_ARGUMENT) && o->parent == s->parent)))
            return k;
        /* a global name that a local would hide */
        if (global && (o->kind == POL_SYM_LOCAL || o->kind == POL_SYM_ARGUMENT))
            return k;
    }
    return -1;
}

json_t *pol_lsp_rename(const PolLspQuery *q, PolLspPos pos, const char *new_name, bool name_ok, const char **error)
{
    PolSpan at;
    int i = symbol_at(q, pos, &at);
    const PolLspAnalysis *a = q->a;
    if (i < 0 || a->symbols[i].kind == POL_SYM_POLICY || a->symbols[i].kind == POL_SYM_FACTS) {
        *error = in_lang(q->lang, POL_MSG_lsp_rename_nothing);
        return NULL;
    }
    if (!name_ok) {
        *error = in_lang(q->lang, POL_MSG_lsp_rename_keyword, new_name);
        return NULL;
    }
    if (strcmp(new_name, a->symbols[i].name) == 0) {
        json_t *edit = json_object();
        json_object_set_new(edit, "changes", json_object());
        return edit;
    }
    int other = clash(a, i, new_name);
    if (other >= 0) {
        const PolLspSymbol *o = &a->symbols[other];
        const char *where = o->name_span.src ? pol_strdup_printf("%s:%d", o->name_span.src->path, o->name_span.first_line) : "?";
        *error = in_lang(q->lang, POL_MSG_lsp_rename_clash, new_name, where);
        return NULL;
    }
    json_t *changes = json_object();
    for (int k = -1; k < a->nrefs; k++) {
        if (k >= 0 && a->refs[k].symbol != i)
            continue;
        PolSpan span = inner_name(k < 0 ? a->symbols[i].name_span : a->refs[k].span);
        if (!span.src)
            continue;
        const char *uri = pol_lsp_path_to_uri(span.src->path);
        json_t *edits = json_object_get(changes, uri);
        if (!edits) {
            edits = json_array();
            json_object_set_new(changes, uri, edits);
        }
        json_array_append_new(edits, text_edit(span, new_name, q->enc));
    }
    json_t *edit = json_object();
    json_object_set_new(edit, "changes", changes);
    return edit;
}

/* ---- completion ---- */

enum { CK_FUNCTION = 3, CK_FIELD = 5, CK_VARIABLE = 6, CK_ENUM = 13, CK_KEYWORD = 14, CK_ENUM_MEMBER = 20, CK_CONSTANT = 21,
       CK_EVENT = 23 };

static void item(json_t *items, const char *label, int kind, const char *detail, const char *doc)
{
    size_t n = json_array_size(items);
    for (size_t i = 0; i < n; i++)
        if (strcmp(json_string_value(json_object_get(json_array_get(items, i), "label")), label) == 0)
            return;
    json_t *o = json_object();
    json_object_set_new(o, "label", pol_lsp_string(label));
    json_object_set_new(o, "kind", json_integer(kind));
    if (detail)
        json_object_set_new(o, "detail", pol_lsp_string(detail));
    if (doc) {
        json_t *d = json_object();
        json_object_set_new(d, "kind", json_string("markdown"));
        json_object_set_new(d, "value", pol_lsp_string(doc));
        json_object_set_new(o, "documentation", d);
    }
    json_array_append_new(items, o);
}

/* The completion kind of a name that completion offers as a name (a
 * measure is offered as `m is granted`, members after a dot). */
static int kind_of(PolLspSymbolKind k)
{
    switch (k) {
    case POL_SYM_PARAMETER: return CK_CONSTANT;
    case POL_SYM_DEFINE:
    case POL_SYM_SCALE: return CK_FUNCTION;
    case POL_SYM_MEMBER: return CK_FIELD;
    case POL_SYM_ENUM: return CK_ENUM;
    default: return CK_VARIABLE;   /* an argument, a variable */
    }
}

static void symbol_item(json_t *items, const PolLspQuery *q, const PolLspAnalysis *a, int i)
{
    const PolLspSymbol *s = &a->symbols[i];
    (void)q;
    bool applied = s->kind == POL_SYM_DEFINE || s->kind == POL_SYM_PARAMETER || s->kind == POL_SYM_SCALE;
    item(items, s->name, kind_of(s->kind), applied ? signature(s) : s->type, NULL);
}

/* The record (or enum) a chain of names `a.b` denotes in an analysis, from
 * the types the checker gave to the same names: a fact, a parameter, a
 * definition, a local. */
static const PolType *type_of_name(const PolLspAnalysis *a, const char *name, const PolDecl *in)
{
    const PolType *found = NULL;
    for (int k = 0; k < a->nrefs; k++) {
        const PolLspSymbol *s = &a->symbols[a->refs[k].symbol];
        if (strcmp(s->name, name) != 0)
            continue;
        if (s->kind == POL_SYM_MEMBER && s->parent >= 0 && a->symbols[s->parent].kind == POL_SYM_FACTS) {
            const PolDecl *facts = s->decl;
            if (facts->record && s->index < facts->record->count)
                return facts->record->members[s->index].type;
        }
        if ((s->kind == POL_SYM_LOCAL || s->kind == POL_SYM_ARGUMENT) && s->decl != in && found)
            continue;
        if (s->kind == POL_SYM_LOCAL && s->expr && s->expr->left && s->expr->left->type &&
            s->expr->left->type->kind == POL_T_LIST) {
            found = s->expr->left->type->inner;
            if (s->decl == in)
                return found;
        }
        if (s->kind == POL_SYM_ARGUMENT && s->decl->params[s->index].type.type) {
            found = s->decl->params[s->index].type.type;
            if (s->decl == in)
                return found;
        }
        if ((s->kind == POL_SYM_PARAMETER || s->kind == POL_SYM_DEFINE) && s->decl->type.type)
            return s->decl->type.type;
    }
    if (!found) {
        /* a fact never used yet */
        for (int i = 0; i < a->nsymbols; i++) {
            const PolLspSymbol *s = &a->symbols[i];
            if (s->kind == POL_SYM_MEMBER && s->parent >= 0 && a->symbols[s->parent].kind == POL_SYM_FACTS &&
                strcmp(s->name, name) == 0 && s->decl->record && s->index < s->decl->record->count)
                return s->decl->record->members[s->index].type;
        }
    }
    return found;
}

static const PolType *bare(const PolType *t)
{
    while (t && (t->kind == POL_T_OPT || t->kind == POL_T_LIST))
        t = t->inner;
    return t;
}

/* The declaration that holds line (1-based) of the document's file. */
static const PolDecl *decl_at_line(const PolLspAnalysis *a, const char *path, int line)
{
    const PolDecl *best = NULL;
    for (int i = 0; i < a->nsymbols; i++) {
        const PolLspSymbol *s = &a->symbols[i];
        if (s->parent >= 0 || !s->span.src || strcmp(s->span.src->path, path) != 0)
            continue;
        if (s->span.first_line <= line && (!best || s->span.first_line >= best->span.first_line))
            best = s->decl;
    }
    return best;
}

static void complete_members(json_t *items, const PolLspQuery *q, const char *chain, int line)
{
    /* the chain is names separated by dots, the head first */
    const PolLspAnalysis *as[2] = {q->a, q->good};
    for (int k = 0; k < 2 && json_array_size(items) == 0; k++) {
        const PolLspAnalysis *a = as[k];
        char *names = GC_STRDUP(chain);
        char *dot = strchr(names, '.');
        if (dot)
            *dot = '\0';
        /* Enum.value */
        for (int i = 0; i < a->nsymbols && !dot; i++) {
            const PolLspSymbol *s = &a->symbols[i];
            if (s->kind == POL_SYM_ENUM && strcmp(s->name, names) == 0)
                for (int v = 0; v < a->nsymbols; v++)
                    if (a->symbols[v].parent == i)
                        item(items, a->symbols[v].name, CK_ENUM_MEMBER, s->name, NULL);
        }
        const PolType *t = bare(type_of_name(a, names, decl_at_line(a, q->path, line)));
        for (char *p = dot ? dot + 1 : NULL; p && t; ) {
            char *next = strchr(p, '.');
            if (next)
                *next = '\0';
            if (t->kind != POL_T_RECORD)
                t = NULL;
            else {
                int m = pol_record_find(t->record, p);
                t = m >= 0 ? bare(t->record->members[m].type) : NULL;
            }
            p = next ? next + 1 : NULL;
        }
        if (!t || t->kind != POL_T_RECORD)
            continue;
        for (int m = 0; m < t->record->count; m++) {
            const PolMember *mem = &t->record->members[m];
            const char *comment = mem->span.src ? trailing_comment(mem->span.src, mem->span.first_line) : NULL;
            item(items, mem->name, CK_FIELD, pol_type_name(mem->value_type ? mem->value_type : mem->type), comment);
        }
    }
}

static void complete_enum_values(json_t *items, const PolLspQuery *q, const char *left, int line)
{
    const PolLspAnalysis *as[2] = {q->a, q->good};
    for (int k = 0; k < 2 && json_array_size(items) == 0; k++) {
        const PolLspAnalysis *a = as[k];
        const char *dot = strrchr(left, '.');
        const PolType *t = NULL;
        if (dot) {
            /* a.b: the member b of the record a denotes */
            char *head = GC_STRNDUP(left, (size_t)(dot - left));
            const PolType *r = bare(type_of_name(a, strchr(head, '.') ? GC_STRNDUP(head, (size_t)(strchr(head, '.') - head)) : head,
                                                 decl_at_line(a, q->path, line)));
            for (const char *p = strchr(head, '.'); p && r && r->kind == POL_T_RECORD;) {
                const char *next = strchr(p + 1, '.');
                const char *name = next ? GC_STRNDUP(p + 1, (size_t)(next - p - 1)) : p + 1;
                int m = pol_record_find(r->record, name);
                r = m >= 0 ? bare(r->record->members[m].type) : NULL;
                p = next;
            }
            if (r && r->kind == POL_T_RECORD) {
                int m = pol_record_find(r->record, dot + 1);
                t = m >= 0 ? bare(r->record->members[m].type) : NULL;
            }
        } else {
            t = bare(type_of_name(a, left, decl_at_line(a, q->path, line)));
        }
        if (!t || t->kind != POL_T_ENUM)
            continue;
        for (int v = 0; v < t->enumeration->count; v++)
            item(items, t->enumeration->values[v], CK_ENUM_MEMBER, t->enumeration->name, NULL);
    }
}

/* The words that start a declaration, and those that start a clause. */
static const char *const declaration_words[] = {"policy", "import", "module", "enum", "record", "facts", "parameter", "define", "measure"};
static const char *const clause_words[] = {"title", "source", "in force from", "identified by", "as of", "applies when",
                                           "article", "responsible", "when", "amount fixed", "amount capped",
                                           "amount computed", "amount per regulation", "amount in kind", "at most",
                                           "granted at zero", "kind grant", "kind relief", "kind service", "rule",
                                           "exception", "default"};
static const char *const expression_words[] = {"not", "any", "all", "count", "sum", "if", "then", "else", "and", "or",
                                               "otherwise", "is present", "is absent", "is granted", "is one of", "is not one of",
                                               "true", "false", "evaluation date", "policy start", "policy end",
                                               "rounded down to fen", "rounded up to fen", "within period in force", "where"};

/* The document's set of keywords: that of its first keyword (outside
 * comments, text and backticks), as the scanner decides it; undecided
 * before any. */
static PolKeywordSet doc_set(const PolLspDoc *d)
{
    for (size_t i = 0; i < d->len;) {
        unsigned char c = (unsigned char)d->text[i];
        if (c == '#' || c == '"' || c == '`') {
            char end = c == '#' ? '\n' : (char)c;
            for (i++; i < d->len && d->text[i] != end && d->text[i] != '\n'; i++)
                if (c == '"' && d->text[i] == '\\' && i + 1 < d->len)
                    i++;
            i++;
        } else if (word_char(c)) {
            size_t j = i;
            while (j < d->len && word_char((unsigned char)d->text[j]))
                j++;
            PolKeywordSet set;
            if (pol_kw_lookup(d->text + i, j - i, &set))
                return set;
            i = j;
        } else {
            i++;
        }
    }
    return POL_KW_UNDECIDED;
}

/* The keywords of the document's set (both while it has none yet), each
 * phrase with the meaning of its first word. */
static void keyword_items(json_t *items, const PolLspQuery *q, const char *const *words, size_t n)
{
    PolKeywordSet set = doc_set(q->doc);
    for (int s = POL_KW_EN; s <= POL_KW_ZH; s++) {
        if (set != POL_KW_UNDECIDED && s != (int)set)
            continue;
        for (size_t i = 0; i < n; i++) {
            char first[32], phrase[128];
            size_t len = strcspn(words[i], " ");
            snprintf(first, sizeof first, "%.*s", (int)len, words[i]);
            /* every phrase of the three lists is in both sets (tests/keywords) */
            bool known = pol_kw_phrase(words[i], (PolKeywordSet)s, phrase, sizeof phrase);
            (void)known;   /* unused where ALWAYS is a constant (make coverage) */
            if (ALWAYS(known))
                item(items, GC_STRDUP(phrase), CK_KEYWORD, NULL, pol_lsp_keyword_meaning(first, q->lang));
        }
    }
}

/* Whether head[0..*e) ends with the word (after a space or at the start);
 * if so, *e moves before it and the spaces before it. */
static bool ends_with_word(const char *head, size_t *e, const char *word)
{
    size_t n = strlen(word);
    if (*e < n || strncmp(head + *e - n, word, n) != 0 || (*e > n && head[*e - n - 1] != ' '))
        return false;
    *e -= n;
    while (*e > 0 && head[*e - 1] == ' ')
        (*e)--;
    return true;
}

/* The name before `is one of {` or `is not one of {` (in the words of the
 * document's set of keywords) that the brace at `brace` opens, or NULL. */
static const char *set_subject(const PolLspDoc *d, const char *head, const char *brace)
{
    PolKeywordSet set = doc_set(d);
    for (int s = POL_KW_EN; s <= POL_KW_ZH; s++) {
        if (set != POL_KW_UNDECIDED && s != (int)set)
            continue;
        /* `one of`, `is` and `not` are words of both sets (src/keywords.def) */
        char one_of[64], is[16], not[16];
        bool known = pol_kw_phrase("one of", (PolKeywordSet)s, one_of, sizeof one_of) &
                     pol_kw_phrase("is", (PolKeywordSet)s, is, sizeof is) & pol_kw_phrase("not", (PolKeywordSet)s, not, sizeof not);
        (void)known;   /* unused where NEVER is a constant (make coverage) */
        if (NEVER(!known))
            continue;
        const char *one = NULL;
        for (const char *p = strstr(head, one_of); p && p < brace; p = strstr(p + 1, one_of))
            one = p;
        if (!one)
            continue;
        size_t e = (size_t)(one - head);
        while (e > 0 && head[e - 1] == ' ')
            e--;
        ends_with_word(head, &e, not);
        if (!ends_with_word(head, &e, is))
            continue;
        size_t b = e;
        while (b > 0 && (word_char((unsigned char)head[b - 1]) || head[b - 1] == '.'))
            b--;
        return GC_STRNDUP(head + b, e - b);
    }
    return NULL;
}

json_t *pol_lsp_completion(const PolLspQuery *q, PolLspPos pos)
{
    json_t *items = json_array();
    const PolLspDoc *d = q->doc;
    size_t off = offset_of(q, pos);
    if (in_comment_or_text(d, off))
        goto done;
    size_t line_start = pos.line < d->nlines ? d->lines[pos.line] : d->len;
    const char *before = GC_STRNDUP(d->text + line_start, off - line_start);
    /* the word being typed */
    size_t w = strlen(before);
    while (w > 0 && word_char((unsigned char)before[w - 1]))
        w--;
    const char *head = GC_STRNDUP(before, w);
    size_t h = strlen(head);
    int line = (int)pos.line + 1;
    /* after `name.` or `a.b.` */
    if (h > 0 && head[h - 1] == '.') {
        size_t c = h - 1;
        while (c > 0 && (word_char((unsigned char)head[c - 1]) || head[c - 1] == '.' || head[c - 1] == '`'))
            c--;
        const char *chain = GC_STRNDUP(head + c, h - 1 - c);
        char *clean = GC_MALLOC_ATOMIC(strlen(chain) + 1);
        size_t k = 0;
        for (const char *p = chain; *p; p++)
            if (*p != '`')
                clean[k++] = *p;
        clean[k] = '\0';
        complete_members(items, q, clean, line);
        goto done;
    }
    /* inside `is one of {` or `is not one of {` ... */
    const char *brace = strrchr(head, '{');
    const char *subject = brace && !strchr(brace, '}') ? set_subject(q->doc, head, brace) : NULL;
    if (subject) {
        complete_enum_values(items, q, subject, line);
        goto done;
    }
    /* at the start of a line: a declaration at the margin, a clause inside */
    if (strspn(head, " \t") == h) {
        if (h == 0)
            keyword_items(items, q, declaration_words, sizeof declaration_words / sizeof *declaration_words);
        else
            keyword_items(items, q, clause_words, sizeof clause_words / sizeof *clause_words);
        if (h == 0)
            goto done;
    }
    /* an expression: the names in scope, then the words of expressions */
    {
        const PolLspAnalysis *a = q->a->parse_errors ? q->good : q->a;
        const PolDecl *in = decl_at_line(a, q->path, line);
        for (int i = 0; i < a->nsymbols; i++) {
            const PolLspSymbol *s = &a->symbols[i];
            bool fact = s->kind == POL_SYM_MEMBER && s->parent >= 0 && a->symbols[s->parent].kind == POL_SYM_FACTS;
            bool local = (s->kind == POL_SYM_LOCAL || s->kind == POL_SYM_ARGUMENT) && s->decl == in;
            if (fact || local || s->kind == POL_SYM_PARAMETER || s->kind == POL_SYM_DEFINE || s->kind == POL_SYM_SCALE ||
                s->kind == POL_SYM_ENUM)
                symbol_item(items, q, a, i);
        }
        /* a measure only before `is granted` */
        for (int i = 0; i < a->nsymbols; i++)
            if (a->symbols[i].kind == POL_SYM_MEASURE)
                item(items, pol_strdup_printf("%s is granted", a->symbols[i].name), CK_EVENT, NULL, NULL);
        keyword_items(items, q, expression_words, sizeof expression_words / sizeof *expression_words);
    }
done:;
    json_t *list = json_object();
    json_object_set_new(list, "isIncomplete", json_false());
    json_object_set_new(list, "items", items);
    return list;
}

/* ---- document symbols ---- */

enum { SK_FILE = 1, SK_MODULE = 2, SK_NAMESPACE = 3, SK_CLASS = 5, SK_FIELD = 8, SK_ENUM = 10, SK_FUNCTION = 12,
       SK_VARIABLE = 13, SK_CONSTANT = 14, SK_STRUCT = 23, SK_EVENT = 24, SK_ENUM_MEMBER = 22 };

static json_t *doc_symbol(const PolLspQuery *q, const char *name, const char *detail, int kind, PolSpan span, PolSpan sel)
{
    json_t *o = json_object();
    json_object_set_new(o, "name", pol_lsp_string(name));
    if (detail)
        json_object_set_new(o, "detail", pol_lsp_string(detail));
    json_object_set_new(o, "kind", json_integer(kind));
    PolLspRange r = pol_lsp_span_range(span, q->enc), s = pol_lsp_span_range(sel.src ? sel : span, q->enc);
    /* the selection must lie inside the range */
    if (s.start.line < r.start.line || (s.start.line == r.start.line && s.start.character < r.start.character))
        r.start = s.start;
    if (s.end.line > r.end.line || (s.end.line == r.end.line && s.end.character > r.end.character))
        r.end = s.end;
    json_object_set_new(o, "range", pol_lsp_range_json(r));
    json_object_set_new(o, "selectionRange", pol_lsp_range_json(s));
    return o;
}

static int symbol_kind(PolLspSymbolKind k)
{
    switch (k) {
    case POL_SYM_PARAMETER: return SK_CONSTANT;
    case POL_SYM_DEFINE: return SK_FUNCTION;
    case POL_SYM_MEMBER: return SK_FIELD;
    case POL_SYM_ARGUMENT:
    case POL_SYM_LOCAL: return SK_VARIABLE;
    case POL_SYM_MEASURE: return SK_EVENT;
    case POL_SYM_SCALE: return SK_FUNCTION;
    case POL_SYM_ENUM: return SK_ENUM;
    case POL_SYM_ENUM_VALUE: return SK_ENUM_MEMBER;
    case POL_SYM_RECORD:
    case POL_SYM_FACTS: return SK_STRUCT;
    case POL_SYM_POLICY: return SK_MODULE;
    }
    return SK_VARIABLE;
}

json_t *pol_lsp_document_symbols(const PolLspQuery *q)
{
    const PolLspAnalysis *a = q->a;
    json_t *out = json_array();
    json_t *articles = json_object();   /* article → its symbol, in order of first measure */
    for (int i = 0; i < a->nsymbols; i++) {
        const PolLspSymbol *s = &a->symbols[i];
        if (s->parent >= 0 || !s->span.src || strcmp(s->span.src->path, q->path) != 0)
            continue;
        const char *detail = s->kind == POL_SYM_MEASURE ? s->decl->title_text
                           : s->kind == POL_SYM_PARAMETER && s->decl->value ? pol_span_text(s->decl->value->span)
                           : s->type;
        json_t *sym = doc_symbol(q, s->name, detail, symbol_kind(s->kind), s->span, s->name_span);
        /* members, values, arguments */
        json_t *children = NULL;
        for (int k = i + 1; k < a->nsymbols; k++) {
            const PolLspSymbol *c = &a->symbols[k];
            if (c->parent != i || c->kind == POL_SYM_LOCAL)
                continue;
            if (!children)
                children = json_array();
            json_array_append_new(children, doc_symbol(q, c->name, c->type, symbol_kind(c->kind), c->span, c->name_span));
        }
        if (children)
            json_object_set_new(sym, "children", children);
        if (s->kind == POL_SYM_MEASURE && s->decl->article) {
            json_t *art = json_object_get(articles, s->decl->article);
            if (!art) {
                art = doc_symbol(q, article_words(q, s->decl->article), NULL, SK_NAMESPACE, s->span,
                                 s->name_span);
                json_object_set_new(art, "children", json_array());
                json_object_set_new(articles, s->decl->article, art);
                json_array_append(out, art);
            }
            /* the article spans all its measures */
            json_t *range = json_object_get(art, "range");
            json_t *mine = json_object_get(sym, "range");
            json_object_set(range, "end", json_object_get(mine, "end"));
            json_array_append_new(json_object_get(art, "children"), sym);
        } else {
            json_array_append_new(out, sym);
        }
    }
    json_decref(articles);
    return out;
}

/* ---- code actions ---- */

static bool overlaps(PolLspRange a, PolLspRange b)
{
    bool a_before_b = a.end.line < b.start.line || (a.end.line == b.start.line && a.end.character < b.start.character);
    bool b_before_a = b.end.line < a.start.line || (b.end.line == a.start.line && b.end.character < a.start.character);
    return !a_before_b && !b_before_a;
}

static json_t *workspace_edit(const char *uri, json_t *edits)
{
    json_t *changes = json_object();
    json_object_set_new(changes, uri, edits);
    json_t *edit = json_object();
    json_object_set_new(edit, "changes", changes);
    return edit;
}

json_t *pol_lsp_code_actions(const PolLspQuery *q, PolLspRange range, const char *uri)
{
    const PolLspAnalysis *a = q->a;
    json_t *out = json_array();
    json_t *all = json_array();
    int nfixes = 0;
    for (int i = 0; i < a->ndiags; i++) {
        const PolLspDiag *d = &a->diags[i];
        if (strcmp(d->path, q->path) != 0 || !d->nfixes)
            continue;
        for (int f = 0; f < d->nfixes; f++) {
            const PolLspFix *fix = &d->fixes[f];
            json_t *edit = text_edit(fix->span, fix->text, q->enc);
            /* fixes that overlap an earlier one wait for the next round */
            bool clash = false;
            PolLspRange fr = pol_lsp_span_range(fix->span, q->enc);
            for (size_t k = 0; k < json_array_size(all) && !clash; k++) {
                json_t *r = json_object_get(json_array_get(all, k), "range");
                PolLspRange other = {{(long)json_integer_value(json_object_get(json_object_get(r, "start"), "line")),
                                      (long)json_integer_value(json_object_get(json_object_get(r, "start"), "character"))},
                                     {(long)json_integer_value(json_object_get(json_object_get(r, "end"), "line")),
                                      (long)json_integer_value(json_object_get(json_object_get(r, "end"), "character"))}};
                clash = overlaps(fr, other);
            }
            if (!clash) {
                json_array_append(all, edit);
                nfixes++;
            }
            if (overlaps(pol_lsp_span_range(d->span, q->enc), range)) {
                json_t *action = json_object();
                json_object_set_new(action, "title", pol_lsp_string(fix->title));
                json_object_set_new(action, "kind", json_string("quickfix"));
                json_t *diags = json_array();
                json_array_append_new(diags, diagnostic_json(d, q->enc, q->lang));
                json_object_set_new(action, "diagnostics", diags);
                json_object_set_new(action, "isPreferred", json_true());
                json_t *edits = json_array();
                json_array_append(edits, edit);
                json_object_set_new(action, "edit", workspace_edit(uri, edits));
                json_array_append_new(out, action);
            }
            json_decref(edit);
        }
    }
    if (nfixes > 0) {
        json_t *action = json_object();
        json_object_set_new(action, "title", pol_lsp_string(in_lang(q->lang, POL_MSG_lsp_fix_all, nfixes)));
        json_object_set_new(action, "kind", json_string("source.fixAll.polrun"));
        json_object_set_new(action, "edit", workspace_edit(uri, all));
        json_array_append_new(out, action);
    } else {
        json_decref(all);
    }
    return out;
}

/* ---- code lenses ---- */

json_t *pol_lsp_measure_lenses(const PolLspQuery *q, const PolLspCaseResult *cases, int ncases)
{
    const PolLspAnalysis *a = q->a;
    json_t *out = json_array();
    int ran = 0;
    for (int c = 0; c < ncases; c++)
        ran += cases[c].ran;
    for (int i = 0; i < a->nsymbols; i++) {
        const PolLspSymbol *s = &a->symbols[i];
        if (s->kind != POL_SYM_MEASURE || !s->span.src || strcmp(s->span.src->path, q->path) != 0)
            continue;
        int granted = 0;
        for (int c = 0; c < ncases; c++)
            for (int g = 0; g < cases[c].ngranted; g++)
                granted += strcmp(cases[c].granted[g], s->name) == 0;
        json_t *lens = json_object();
        PolLspRange r = pol_lsp_span_range(s->name_span, q->enc);
        json_object_set_new(lens, "range", pol_lsp_range_json(r));
        json_t *cmd = json_object();
        const char *title = ran ? in_lang(q->lang, POL_MSG_lsp_lens_granted, granted, ran, ran == 1 ? "" : "s")
                                : in_lang(q->lang, POL_MSG_lsp_lens_no_cases);
        json_object_set_new(cmd, "title", pol_lsp_string(title));
        json_object_set_new(cmd, "command", json_string(""));
        json_object_set_new(lens, "command", cmd);
        json_array_append_new(out, lens);
    }
    return out;
}

/* ---- semantic tokens ---- */

/* The legend: token types, then modifiers (bits). */
static const char *const token_types[] = {"keyword", "type", "variable", "number", "string", "comment", "operator",
                                          "parameter", "function", "enum", "enumMember", "struct", "property",
                                          "event", "namespace"};
enum { TT_KEYWORD, TT_TYPE, TT_VARIABLE, TT_NUMBER, TT_STRING, TT_COMMENT, TT_OPERATOR, TT_PARAMETER, TT_FUNCTION,
       TT_ENUM, TT_ENUM_MEMBER, TT_STRUCT, TT_PROPERTY, TT_EVENT, TT_NAMESPACE };
static const char *const token_modifiers[] = {"declaration", "readonly"};
enum { TM_DECLARATION = 1, TM_READONLY = 2 };

json_t *pol_lsp_semantic_legend(void)
{
    json_t *types = json_array(), *mods = json_array();
    for (size_t i = 0; i < sizeof token_types / sizeof *token_types; i++)
        json_array_append_new(types, json_string(token_types[i]));
    for (size_t i = 0; i < sizeof token_modifiers / sizeof *token_modifiers; i++)
        json_array_append_new(mods, json_string(token_modifiers[i]));
    json_t *legend = json_object();
    json_object_set_new(legend, "tokenTypes", types);
    json_object_set_new(legend, "tokenModifiers", mods);
    return legend;
}

static int symbol_token_type(PolLspSymbolKind kind)
{
    switch (kind) {
    case POL_SYM_POLICY: return TT_NAMESPACE;
    case POL_SYM_ENUM: return TT_ENUM;
    case POL_SYM_ENUM_VALUE: return TT_ENUM_MEMBER;
    case POL_SYM_RECORD: case POL_SYM_FACTS: return TT_STRUCT;
    case POL_SYM_MEMBER: return TT_PROPERTY;
    case POL_SYM_DEFINE: case POL_SYM_SCALE: return TT_FUNCTION;
    case POL_SYM_ARGUMENT: return TT_PARAMETER;
    case POL_SYM_MEASURE: return TT_EVENT;
    case POL_SYM_PARAMETER: case POL_SYM_LOCAL: break;
    }
    return TT_VARIABLE;
}

/* A name of the document where it is declared or used: its place, its
 * symbol, whether it is the declaration. */
typedef struct NameAt { int line, col, symbol; bool declared; } NameAt;

static int name_order(const void *a, const void *b)
{
    const NameAt *x = a, *y = b;
    return x->line != y->line ? (x->line > y->line) - (x->line < y->line) : (x->col > y->col) - (x->col < y->col);
}

static int add_name(NameAt *names, int n, PolSpan span, const char *path, int symbol, bool declared)
{
    if (!span.src || strcmp(span.src->path, path) != 0)
        return n;
    names[n] = (NameAt){span.first_line, span.first_col - 1, symbol, declared};
    return n + 1;
}

/* The byte offset of column col (characters) of line (1-based). */
static size_t column_offset(const PolLspDoc *d, int line, int col)
{
    size_t off = d->lines[line - 1], end = (long)line < d->nlines ? d->lines[line] : d->len;
    for (int c = 0; c < col && ALWAYS(off < end); c++)   /* a token's columns lie in its line */
        off += pol_utf8_char_len(d->text + off, end - off);
    return off;
}

json_t *pol_lsp_semantic_tokens(const PolLspQuery *q, const PolClassedToken *toks, int n)
{
    const PolLspAnalysis *a = q->a;
    NameAt *names = GC_MALLOC_ATOMIC((size_t)(a->nrefs + a->nsymbols + 1) * sizeof *names);
    int nnames = 0;
    for (int i = 0; i < a->nsymbols; i++)
        nnames = add_name(names, nnames, a->symbols[i].name_span, q->path, i, true);
    for (int i = 0; i < a->nrefs; i++)
        nnames = add_name(names, nnames, a->refs[i].span, q->path, a->refs[i].symbol, false);
    if (nnames > 1)
        qsort(names, (size_t)nnames, sizeof *names, name_order);
    static const int class_types[] = {[POL_TC_KEYWORD] = TT_KEYWORD, [POL_TC_TYPE] = TT_TYPE, [POL_TC_NAME] = TT_VARIABLE,
                                      [POL_TC_NUMBER] = TT_NUMBER, [POL_TC_STRING] = TT_STRING,
                                      [POL_TC_COMMENT] = TT_COMMENT, [POL_TC_OPERATOR] = TT_OPERATOR};
    json_t *data = json_array();
    long prev_line = 0, prev_start = 0;
    for (int i = 0; i < n; i++) {
        const PolClassedToken *t = &toks[i];
        /* the scanner's tokens of this very text: the job's copy of it,
         * whose version finish_job has compared with the document's */
        if (NEVER(t->line < 1 || (long)t->line > q->doc->nlines))
            continue;
        int type = class_types[t->cls], mods = 0;
        if (t->cls == POL_TC_NAME) {
            NameAt key = {t->line, t->col, 0, false};
            const NameAt *at = nnames ? bsearch(&key, names, (size_t)nnames, sizeof *names, name_order) : NULL;
            if (at) {
                const PolLspSymbol *s = &a->symbols[at->symbol];
                type = symbol_token_type(s->kind);
                mods = (at->declared ? TM_DECLARATION : 0) | (s->kind == POL_SYM_PARAMETER ? TM_READONLY : 0);
            }
        }
        const char *line_start = q->doc->text + q->doc->lines[t->line - 1];
        const char *from = q->doc->text + column_offset(q->doc, t->line, t->col);
        const char *to = q->doc->text + column_offset(q->doc, t->line, t->end_col);
        long line = t->line - 1, start = pol_lsp_units(line_start, from, q->enc);
        json_array_append_new(data, json_integer(line - prev_line));
        json_array_append_new(data, json_integer(line == prev_line ? start - prev_start : start));
        json_array_append_new(data, json_integer(pol_lsp_units(from, to, q->enc)));
        json_array_append_new(data, json_integer(type));
        json_array_append_new(data, json_integer(mods));
        prev_line = line;
        prev_start = start;
    }
    json_t *out = json_object();
    json_object_set_new(out, "data", data);
    return out;
}

/* ---- the words of the language ---- */

static const struct { const char *word; PolMsg meaning; } keywords[] = {
    {"policy", POL_MSG_kw_policy}, {"title", POL_MSG_kw_title}, {"source", POL_MSG_kw_source},
    {"in", POL_MSG_kw_in}, {"force", POL_MSG_kw_force}, {"from", POL_MSG_kw_from}, {"for", POL_MSG_kw_for},
    {"through", POL_MSG_kw_through}, {"applies", POL_MSG_kw_applies}, {"when", POL_MSG_kw_when},
    {"identified", POL_MSG_kw_identified}, {"by", POL_MSG_kw_by}, {"as", POL_MSG_kw_as}, {"of", POL_MSG_kw_of},
    {"import", POL_MSG_kw_import}, {"module", POL_MSG_kw_module}, {"enum", POL_MSG_kw_enum},
    {"record", POL_MSG_kw_record}, {"facts", POL_MSG_kw_facts}, {"optional", POL_MSG_kw_optional},
    {"or", POL_MSG_kw_or}, {"null", POL_MSG_kw_null}, {"required", POL_MSG_kw_required}, {"at", POL_MSG_kw_at},
    {"parameter", POL_MSG_kw_parameter}, {"define", POL_MSG_kw_define}, {"rule", POL_MSG_kw_rule},
    {"exception", POL_MSG_kw_exception}, {"to", POL_MSG_kw_to}, {"default", POL_MSG_kw_default},
    {"measure", POL_MSG_kw_measure}, {"article", POL_MSG_kw_article}, {"responsible", POL_MSG_kw_responsible},
    {"amount", POL_MSG_kw_amount}, {"fixed", POL_MSG_kw_fixed}, {"capped", POL_MSG_kw_capped},
    {"per", POL_MSG_kw_per}, {"otherwise", POL_MSG_kw_otherwise}, {"is", POL_MSG_kw_is}, {"any", POL_MSG_kw_any},
    {"all", POL_MSG_kw_all}, {"count", POL_MSG_kw_count}, {"sum", POL_MSG_kw_sum}, {"where", POL_MSG_kw_where},
    {"if", POL_MSG_kw_if}, {"then", POL_MSG_kw_then}, {"else", POL_MSG_kw_else}, {"and", POL_MSG_kw_and},
    {"not", POL_MSG_kw_not}, {"true", POL_MSG_kw_true}, {"false", POL_MSG_kw_false}, {"rounded", POL_MSG_kw_rounded},
    {"list", POL_MSG_kw_list}, {"evaluation", POL_MSG_kw_evaluation}, {"date", POL_MSG_kw_date},
    {"within", POL_MSG_kw_within}, {"scale", POL_MSG_kw_scale},
};

/* words that are names to the scanner but keywords where they stand */
static const struct { const char *word; PolMsg meaning; } context_words[] = {
    {"present", POL_MSG_kw_present}, {"absent", POL_MSG_kw_absent}, {"granted", POL_MSG_kw_granted},
    {"most", POL_MSG_kw_most}, {"least", POL_MSG_kw_least}, {"regulation", POL_MSG_kw_per},
    {"kind", POL_MSG_kw_kind}, {"one", POL_MSG_kw_one}, {"computed", POL_MSG_kw_computed},
    {"zero", POL_MSG_kw_zero}, {"grant", POL_MSG_kw_scheme}, {"relief", POL_MSG_kw_scheme},
    {"service", POL_MSG_kw_scheme},
    {"above", POL_MSG_kw_above}, {"deduction", POL_MSG_kw_deduction},
    {"items", POL_MSG_kw_items}, {"item", POL_MSG_kw_items},
};

const char *pol_lsp_keyword_meaning(const char *word, PolLang lang)
{
    for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
        if (strcmp(keywords[i].word, word) == 0)
            return in_lang(lang, keywords[i].meaning);
    for (size_t i = 0; i < sizeof context_words / sizeof context_words[0]; i++)
        if (strcmp(context_words[i].word, word) == 0)
            return in_lang(lang, context_words[i].meaning);
    return NULL;
}
