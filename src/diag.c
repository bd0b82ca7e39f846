/*
 * diag.c — the codes of the registry, diagnostics collected, and the one
 * renderer of them.
 */
#include <gc.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "diag.h"
#include "source.h"

/* ---- the codes of the registry ---- */

typedef struct DiagEntry { const char *code, *name, *text[2], *help[2]; } DiagEntry;

static const DiagEntry diag_table[POL_DIAG_COUNT] = {
    [POL_NO_CODE] = {NULL, NULL, {"%s", "%s"}, {NULL, NULL}},
#define DIAG(code, name, en, zh, en_help, zh_help) [POL_##code##_##name] = {#code, #name, {en, zh}, {en_help, zh_help}},
#include "diagnostics.h"
#undef DIAG
};

static int lang_index(PolLang lang)
{
    return lang == POL_LANG_ZH ? 1 : 0;
}

const char *pol_diag_code(PolDiagCode code)
{
    return code > POL_NO_CODE && code < POL_DIAG_COUNT ? diag_table[code].code : NULL;
}

const char *pol_diag_format(PolDiagCode code, PolLang lang)
{
    return diag_table[code].text[lang_index(lang)];
}

const char *pol_diag_help(PolDiagCode code, PolLang lang)
{
    return diag_table[code].help[lang_index(lang)];
}

const char *pol_diag_vtext(PolLang lang, PolDiagCode code, va_list ap)
{
    return pol_strdup_vprintf(pol_diag_format(code, lang), ap);
}

const char *pol_diag_text(PolLang lang, PolDiagCode code, ...)
{
    va_list ap;
    va_start(ap, code);
    const char *s = pol_diag_vtext(lang, code, ap);
    va_end(ap);
    return s;
}

/* ---- collecting ---- */

/* What a message quotes of the input (a name, text, a key) is shown as it
 * can be read: a NUL, a control character, a byte that is not UTF-8 or a
 * character that cannot be seen is escaped (pol_visible), in every format
 * and for every reader of the value (the language server, the server).
 * NULL stays NULL. */
static const char *shown(const char *s)
{
    return s ? pol_visible(s) : NULL;
}

void pol_diags_init(PolDiags *ds, PolLang lang)
{
    memset(ds, 0, sizeof *ds);
    ds->lang = lang;
}

static PolDiag *new_diag(PolSeverity severity, PolDiagCode code, PolLang lang)
{
    PolDiag *d = GC_MALLOC(sizeof *d);
    d->severity = severity;
    d->code = code;
    d->lang = lang;
    return d;
}

static void keep(PolDiags *ds, PolDiag *d)
{
    if (ds->count == ds->cap) {
        ds->cap = ds->cap ? ds->cap * 2 : 16;
        PolDiag **items = GC_MALLOC((size_t)ds->cap * sizeof *items);
        if (ds->count)
            memcpy(items, ds->items, (size_t)ds->count * sizeof *items);
        ds->items = items;
    }
    ds->items[ds->count++] = d;
    if (ds->sink)
        ds->sink(ds->sink_data, d);
}

/* Counts an error; false when it is past the limit and is not kept (the
 * first one past it is replaced by E0709). */
static bool count_error(PolDiags *ds)
{
    int limit = ds->max_errors ? ds->max_errors : 50;
    ds->errors++;
    if (ds->errors <= limit)
        return true;
    if (!ds->suppressed) {
        ds->suppressed = true;
        PolDiag *d = new_diag(POL_ERROR, POL_E0709_too_many_errors, ds->lang);
        d->message = pol_diag_text(ds->lang, POL_E0709_too_many_errors, limit);
        keep(ds, d);
    }
    return false;
}

void pol_diag(PolDiags *ds, PolDiagCode code, PolSpan span, const char *help, ...)
{
    if (!count_error(ds))
        return;
    PolDiag *d = new_diag(POL_ERROR, code, ds->lang);
    d->span = span;
    va_list ap;
    va_start(ap, help);
    d->message = shown(pol_localize(ds->lang, pol_diag_vtext(ds->lang, code, ap)));
    va_end(ap);
    d->help = shown(pol_localize(ds->lang, help ? help : pol_diag_help(code, ds->lang)));
    keep(ds, d);
}

/* The last error kept, to hang a note from; NULL when there is none. */
static PolDiag *last_error(const PolDiags *ds)
{
    PolDiag *d = ds->count ? ds->items[ds->count - 1] : NULL;
    return d && d->severity == POL_ERROR ? d : NULL;
}

static void attach(PolDiags *ds, PolDiag *note)
{
    PolDiag *to = last_error(ds);
    if (to) {
        while (to->note)
            to = to->note;
        to->note = note;
    }
    if (ds->sink)
        ds->sink(ds->sink_data, note);
}

void pol_diag_note(PolDiags *ds, PolSpan span, PolMsg m, ...)
{
    if (ds->suppressed)
        return;
    PolDiag *d = new_diag(POL_NOTE, POL_NO_CODE, ds->lang);
    d->span = span;
    va_list ap;
    va_start(ap, m);
    d->message = shown(pol_vmsg(ds->lang, m, ap));
    va_end(ap);
    attach(ds, d);
}

/* A diagnostic without code or place: message m of the registry. */
static void keep_plain(PolDiags *ds, PolSeverity severity, PolMsg m, va_list ap)
{
    PolDiag *d = new_diag(severity, POL_NO_CODE, ds->lang);
    d->message = shown(pol_vmsg(ds->lang, m, ap));
    keep(ds, d);
}

void pol_diag_internal(PolDiags *ds, PolMsg m, ...)
{
    if (!count_error(ds))
        return;
    va_list ap;
    va_start(ap, m);
    keep_plain(ds, POL_ERROR, m, ap);
    va_end(ap);
}

void pol_diag_warning(PolDiags *ds, PolMsg m, ...)
{
    ds->warnings++;
    va_list ap;
    va_start(ap, m);
    keep_plain(ds, POL_WARNING, m, ap);
    va_end(ap);
}

void pol_diags_add(PolDiags *ds, const PolDiag *d)
{
    if (d->severity == POL_WARNING) {
        ds->warnings++;
    } else if (!count_error(ds)) {
        return;
    }
    PolDiag *copy = GC_MALLOC(sizeof *copy);
    *copy = *d;
    copy->note = NULL;
    keep(ds, copy);
    for (const PolDiag *n = d->note; n; n = n->note) {
        PolDiag *nc = GC_MALLOC(sizeof *nc);
        *nc = *n;
        nc->note = NULL;
        attach(ds, nc);
    }
}

PolDiag pol_diag_error(PolLang lang, PolDiagCode code, const char *message)
{
    PolDiag d;
    memset(&d, 0, sizeof d);
    d.severity = POL_ERROR;
    d.code = code;
    d.lang = lang;
    d.message = shown(message);
    return d;
}

PolDiag pol_diag_make(PolLang lang, PolDiagCode code, PolSpan span, ...)
{
    va_list ap;
    va_start(ap, span);
    PolDiag d = pol_diag_error(lang, code, pol_localize(lang, pol_diag_vtext(lang, code, ap)));
    va_end(ap);
    d.span = span;
    d.help = shown(pol_localize(lang, pol_diag_help(code, lang)));
    return d;
}

/* ---- rendering ---- */

static int digits(int n)
{
    int w = 1;
    while (n >= 10) {
        n /= 10;
        w++;
    }
    return w;
}

static bool in_source(PolSpan span)
{
    return span.src && span.first_line >= 1 && span.first_line <= span.src->nlines;
}

/* The width of the gutter left of `|`: the widest line number shown. */
static int gutter_width(PolSpan span)
{
    return in_source(span) ? digits(span.first_line) : 1;
}

/* The line of the span, and a caret line under the span (dashes for a
 * note). Columns count characters, not bytes, as the scanner does: a
 * Chinese name is one column per character. Each character is shown as a
 * terminal can show it (pol_buf_put_visible_char: a NUL, a byte that is
 * not UTF-8, an invisible or text-direction character escaped), and the
 * caret line gives it as many cells as it takes (two for a Han
 * character, one a byte of an escape), so that the carets stay under the
 * characters they mark, after an escape too. */
static void excerpt(PolBuf *out, PolSpan span, PolSeverity sev)
{
    if (!in_source(span))
        return;
    const PolSource *src = span.src;
    int line = span.first_line;
    size_t start = src->line_starts[line - 1];
    size_t end = start;
    while (end < src->len && src->text[end] != '\n' && src->text[end] != '\r')
        end++;
    /* A very long line is shown as a window around the span. */
    int first_col = 1;
    if (end - start > 160) {
        int skip = span.first_col > 60 ? span.first_col - 60 : 0;
        size_t p = start;
        for (int c = 0; c < skip && p < end; c++)
            p += pol_utf8_char_len(src->text + p, end - p);
        start = p;
        first_col = skip + 1;
        size_t q = start;
        for (int c = 0; c < 120 && q < end; c++)
            q += pol_utf8_char_len(src->text + q, end - q);
        end = q;
    }
    int w = digits(line);
    pol_buf_printf(out, "%*s |\n", w, "");
    pol_buf_printf(out, "%d | ", line);
    PolBuf carets = {0};
    pol_buf_printf(&carets, "%*s | ", w, "");
    int last_col = span.last_line == span.first_line ? span.last_col : 1 << 30;
    int col = first_col;
    int marked = 0;
    const char *mark = sev == POL_NOTE ? "-" : "^";
    for (size_t i = start; i < end; col++) {
        int cells = 1;
        if (src->text[i] == '\t') {
            pol_buf_put(out, " ", 1);
            i++;
        } else {
            i += pol_buf_put_visible_char(out, src->text + i, end - i, &cells);
        }
        if (col > last_col)
            continue;
        bool under = col >= span.first_col;
        for (int k = 0; k < cells; k++)
            pol_buf_put(&carets, under ? mark : " ", 1);
        marked += under;
    }
    pol_buf_put(out, "\n", 1);
    if (!marked)
        pol_buf_put(&carets, mark, 1);
    pol_buf_put(out, carets.data, carets.len);
    pol_buf_put(out, "\n", 1);
}

static const char *severity_name(PolSeverity s)
{
    return s == POL_ERROR ? "error" : s == POL_WARNING ? "warning" : "note";
}

static void json_string(PolBuf *out, const char *s)
{
    pol_buf_put(out, "\"", 1);
    pol_buf_json_escape(out, s, strlen(s));
    pol_buf_put(out, "\"", 1);
}

/* The facts of an applicant refused: the facts file, the JSON path of
 * what is wrong and the message (gnu: "FILE: error[CODE]: PATH: MESSAGE";
 * json: the member "path" where a policy diagnostic has "span"). */
static void render_facts(PolBuf *out, const PolDiag *d, PolDiagFormat f)
{
    const char *code = pol_diag_code(d->code);
    const char *file = pol_visible(d->file ? d->file : "-");
    const char *path = pol_visible(d->path), *message = pol_visible(d->message);
    if (f == POL_FORMAT_GNU) {
        pol_buf_printf(out, "%s: error[%s]: %s: %s\n", file, code, path, message);
    } else if (f == POL_FORMAT_JSON) {
        pol_buf_puts(out, "{\"severity\":\"error\",\"file\":");
        json_string(out, file);
        pol_buf_puts(out, ",\"path\":");
        json_string(out, path);
        pol_buf_printf(out, ",\"code\":\"%s\",\"message\":", code);
        json_string(out, message);
        pol_buf_puts(out, "}\n");
    } else {
        pol_buf_printf(out, "%s\n", pol_msg(d->lang, POL_MSG_bad_facts, code, file, path, message));
    }
}

static void render_one(PolBuf *out, const PolDiag *d, PolDiagFormat f, bool first)
{
    if (d->path && d->code != POL_NO_CODE) {
        render_facts(out, d, f);
        return;
    }
    PolSpan span = d->span;
    const char *code = pol_diag_code(d->code);
    const char *file = pol_visible(span.src ? span.src->path : "polrun");
    const char *help = d->help ? pol_visible(d->help) : NULL;
    const char *message = pol_visible(d->message);
    const char *kind = severity_name(d->severity);
    if (f == POL_FORMAT_GNU) {
        const char *tag = code ? pol_strdup_printf("%s[%s]", kind, code) : kind;
        if (span.src)
            pol_buf_printf(out, "%s:%d:%d: %s: %s\n", file, span.first_line, span.first_col, tag, message);
        else
            pol_buf_printf(out, "polrun: %s: %s\n", tag, message);
        if (help && span.src)
            pol_buf_printf(out, "%s:%d:%d: note: %s\n", file, span.first_line, span.first_col, help);
        return;
    }
    if (f == POL_FORMAT_JSON) {
        pol_buf_printf(out, "{\"severity\":\"%s\",\"file\":", kind);
        json_string(out, file);
        if (span.src)
            pol_buf_printf(out, ",\"span\":{\"start\":{\"line\":%d,\"column\":%d},\"end\":{\"line\":%d,\"column\":%d}}",
                           span.first_line, span.first_col, span.last_line, span.last_col);
        if (code)
            pol_buf_printf(out, ",\"code\":\"%s\"", code);
        pol_buf_puts(out, ",\"message\":");
        json_string(out, message);
        if (help) {
            pol_buf_puts(out, ",\"help\":");
            json_string(out, help);
        }
        pol_buf_puts(out, "}\n");
        return;
    }
    /* human: a warning is one line; a note belongs to the error before it */
    PolLang lang = d->lang;
    if (d->severity == POL_WARNING) {
        pol_buf_printf(out, "polrun%s%s%s%s\n", pol_msg(lang, POL_MSG_colon), pol_msg(lang, POL_MSG_warning),
                       pol_msg(lang, POL_MSG_colon), message);
        return;
    }
    if (!first && d->severity != POL_NOTE)
        pol_buf_put(out, "\n", 1);
    const char *word = pol_msg(lang, d->severity == POL_NOTE ? POL_MSG_note : POL_MSG_error);
    if (code)
        pol_buf_printf(out, "%s[%s]%s%s\n", word, code, pol_msg(lang, POL_MSG_colon), message);
    else
        pol_buf_printf(out, "%s%s%s\n", word, pol_msg(lang, POL_MSG_colon), message);
    int w = gutter_width(span);
    if (span.src)
        pol_buf_printf(out, "%*s--> %s:%d:%d\n", w, "", file, span.first_line, span.first_col);
    excerpt(out, span, d->severity);
    if (help)
        pol_buf_printf(out, "%*s = %s%s\n", w, "", pol_msg(lang, POL_MSG_help), help);
}

void pol_diag_render(PolBuf *out, const PolDiag *d, PolDiagFormat f, bool first)
{
    render_one(out, d, f, first);
}

void pol_diag_print(void *printer, const PolDiag *d)
{
    PolDiagPrinter *pr = printer;
    PolBuf text = {0};
    pol_diag_render(&text, d, pr->format, !pr->printed);
    fwrite(text.data, 1, text.len, pr->out);
    /* a warning or a refusal of facts stands on its own line */
    if (d->severity != POL_WARNING && !d->path)
        pr->printed = true;
}

const char *pol_diag_line(const PolDiag *d)
{
    const char *code = pol_diag_code(d->code);
    const char *message = pol_visible(d->message);
    const char *msg = code ? pol_strdup_printf("error[%s]: %s", code, message) : message;
    if (!d->span.src && d->span.first_line == 0)
        return msg;
    PolSpan s = d->span;
    return pol_strdup_printf("%s:%d:%d: %s", s.src ? pol_visible(s.src->path) : "?", s.first_line, s.first_col, msg);
}
