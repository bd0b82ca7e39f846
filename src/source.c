/*
 * source.c — reading policy files, and rendering diagnostics against them.
 */
#include <errno.h>
#include <gc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "source.h"

PolDiagnostics pol_diags;

PolSource *pol_source_from_text(const char *path, const char *text, size_t len)
{
    PolSource *s = GC_MALLOC(sizeof *s);
    s->path = GC_STRDUP(path);
    s->text = text;
    s->len = len;
    int n = 1;
    for (size_t i = 0; i < len; i++)
        if (text[i] == '\n')
            n++;
    size_t *starts = GC_MALLOC_ATOMIC((size_t)n * sizeof *starts);
    starts[0] = 0;
    int k = 1;
    for (size_t i = 0; i < len; i++)
        if (text[i] == '\n')
            starts[k++] = i + 1;
    s->nlines = n;
    s->line_starts = starts;
    return s;
}

PolSource *pol_source_read(const char *path)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 8192, len = 0;
    char *buf = GC_MALLOC_ATOMIC(cap);
    for (;;) {
        if (len + 1 >= cap) {
            cap *= 2;
            buf = GC_REALLOC(buf, cap);
        }
        size_t got = fread(buf + len, 1, cap - len - 1, f);
        len += got;
        if (got == 0 || len > POL_SOURCE_MAX_READ)
            break;
    }
    int failed = ferror(f);
    if (f != stdin)
        fclose(f);
    if (failed || len > POL_SOURCE_MAX_READ) {
        errno = failed ? EIO : EFBIG;
        return NULL;
    }
    buf[len] = '\0';
    return pol_source_from_text(path, buf, len);
}

/* Columns count characters, not bytes: a Chinese identifier is one column
 * per character. A terminal shows a Han character in two cells, so the
 * caret line gives two cells to every character of three or four bytes
 * (in policies, almost all CJK). *bytes: the character's length, as its
 * first byte announces it. */
static int char_cells(const char *p, size_t *bytes)
{
    *bytes = pol_utf8_lead_len(p[0]);
    return *bytes >= 3 ? 2 : 1;
}

/* ---- the registry, in both languages ---- */

typedef struct DiagEntry { const char *code, *name, *text[2], *help[2]; } DiagEntry;

static const DiagEntry diag_table[POL_DIAG_COUNT] = {
    [POL_NO_CODE] = {NULL, NULL, {"%s", "%s"}, {NULL, NULL}},
#define DIAG(code, name, en, zh, en_help, zh_help) [POL_##code##_##name] = {#code, #name, {en, zh}, {en_help, zh_help}},
#include "diagnostics.h"
#undef DIAG
};

static const char *const msg_table[POL_MSG_COUNT][2] = {
#define MSG(name, en, zh) [POL_MSG_##name] = {en, zh},
#include "diagnostics.h"
#undef MSG
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

void pol_diag_vmessage(char *out, size_t size, PolDiagCode code, va_list ap)
{
    snprintf(out, size, "%s", pol_fit(pol_strdup_vprintf(pol_diag_format(code, pol_diags.lang), ap), size));
}

void pol_diag_message(char *out, size_t size, PolDiagCode code, ...)
{
    va_list ap;
    va_start(ap, code);
    pol_diag_vmessage(out, size, code, ap);
    va_end(ap);
}

const char *pol_diag_help(PolDiagCode code, PolLang lang)
{
    return diag_table[code].help[lang_index(lang)];
}

static bool is_han(unsigned c)
{
    return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf);
}

/* Chinese text with a space between a Han character and `code` next to it;
 * the code itself is never touched. */
static const char *zh_spaced(const char *s)
{
    size_t n = strlen(s);
    char *out = GC_MALLOC_ATOMIC(n * 2 + 1);
    size_t k = 0;
    bool in_code = false;
    unsigned prev = 0;   /* the last character outside code, or '`' closing code */
    for (const char *p = s; *p;) {
        size_t len = pol_utf8_char_len(p, (size_t)(s + n - p));
        unsigned c = pol_utf8_len(p, len) == len ? pol_utf8_decode(p, len) : 0;
        if (*p == '`') {
            if (!in_code && is_han(prev))
                out[k++] = ' ';
            in_code = !in_code;
        } else if (!in_code && prev == '`' && is_han(c)) {
            out[k++] = ' ';
        }
        if (!in_code || *p == '`')
            prev = *p == '`' ? '`' : c;
        memcpy(out + k, p, len);
        k += len;
        p += len;
    }
    out[k] = '\0';
    return out;
}

static const char *localize(const char *s)
{
    return s && pol_diags.lang == POL_LANG_ZH ? zh_spaced(s) : s;
}

const char *pol_msg_format(PolMsg m)
{
    return msg_table[m][lang_index(pol_diags.lang)];
}

const char *pol_msg_format_lang(PolMsg m, PolLang lang)
{
    return msg_table[m][lang_index(lang)];
}

const char *pol_msg(PolMsg m, ...)
{
    va_list ap;
    va_start(ap, m);
    char *s = pol_strdup_vprintf(pol_msg_format(m), ap);
    va_end(ap);
    return localize(s);
}

PolLang pol_lang_from_env(void)
{
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            return strncmp(v, "zh", 2) == 0 ? POL_LANG_ZH : POL_LANG_EN;
    }
    return POL_LANG_EN;
}

bool pol_lang_parse(const char *s, PolLang *lang)
{
    if (strcmp(s, "en") == 0)
        *lang = POL_LANG_EN;
    else if (strcmp(s, "zh") == 0)
        *lang = POL_LANG_ZH;
    else
        return false;
    return true;
}

const char *pol_strerror(int errnum)
{
    switch (errnum) {
    case ENOENT: return pol_msg(POL_MSG_errno_noent);
    case EACCES: return pol_msg(POL_MSG_errno_acces);
    case EISDIR: return pol_msg(POL_MSG_errno_isdir);
    case EIO: return pol_msg(POL_MSG_errno_io);
    case ENOSPC: return pol_msg(POL_MSG_errno_nospc);
    case EFBIG: return pol_msg(POL_MSG_errno_fbig);
    case EPIPE: return pol_msg(POL_MSG_errno_pipe);
    default: return strerror(errnum);
    }
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

/* The width of the gutter left of `|`: the widest line number shown. */
static int gutter_width(PolSpan span)
{
    const PolSource *src = span.src;
    if (!src || span.first_line < 1 || span.first_line > src->nlines)
        return 1;
    return digits(span.first_line);
}

static void print_excerpt(PolSpan span, PolSeverity sev)
{
    const PolSource *src = span.src;
    if (!src || span.first_line < 1 || span.first_line > src->nlines)
        return;
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
            p += pol_utf8_lead_len(src->text[p]);
        start = p;
        first_col = skip + 1;
        size_t q = start;
        for (int c = 0; c < 120 && q < end; c++)
            q += pol_utf8_lead_len(src->text[q]);
        end = q;
    }
    int w = digits(line);
    fprintf(stderr, "%*s |\n", w, "");
    fprintf(stderr, "%d | ", line);
    for (size_t i = start; i < end; i++)
        fputc(src->text[i] == '\t' ? ' ' : src->text[i], stderr);
    fputc('\n', stderr);
    fprintf(stderr, "%*s | ", w, "");
    int last_col = span.last_line == span.first_line ? span.last_col : 1 << 30;
    int col = first_col;
    int marked = 0;
    for (size_t i = start; i < end;) {
        size_t bytes;
        int cells = char_cells(src->text + i, &bytes);
        if (col > last_col)
            break;
        char c = col >= span.first_col ? (sev == POL_NOTE ? '-' : '^') : ' ';
        for (int k = 0; k < cells; k++)
            fputc(c, stderr);
        if (c != ' ')
            marked++;
        i += bytes;
        col++;
    }
    if (!marked)
        fputc(sev == POL_NOTE ? '-' : '^', stderr);
    fputc('\n', stderr);
}

static const char *severity_name(PolSeverity s)
{
    return s == POL_ERROR ? "error" : s == POL_WARNING ? "warning" : "note";
}

static void json_string(FILE *f, const char *s)
{
    PolBuf b = {0};
    pol_buf_put(&b, "\"", 1);
    pol_buf_json_escape(&b, s, strlen(s));
    pol_buf_put(&b, "\"", 1);
    fputs(b.data, f);
}

/* Prints one diagnostic, already formatted, in the chosen format. code may
 * be NULL (a note, or an error without a code). */
static void emit(PolSeverity sev, const char *code, PolSpan span, const char *msg, const char *help)
{
    const char *file = span.src ? span.src->path : "polrun";
    if (pol_diags.format == POL_FORMAT_GNU) {
        const char *tag = code ? pol_strdup_printf("%s[%s]", severity_name(sev), code) : severity_name(sev);
        if (span.src)
            fprintf(stderr, "%s:%d:%d: %s: %s\n", file, span.first_line, span.first_col, tag, msg);
        else
            fprintf(stderr, "polrun: %s: %s\n", tag, msg);
        if (help && span.src)
            fprintf(stderr, "%s:%d:%d: note: %s\n", file, span.first_line, span.first_col, help);
        return;
    }
    if (pol_diags.format == POL_FORMAT_JSON) {
        fprintf(stderr, "{\"severity\":\"%s\",\"file\":", severity_name(sev));
        json_string(stderr, file);
        if (span.src)
            fprintf(stderr, ",\"span\":{\"start\":{\"line\":%d,\"column\":%d},\"end\":{\"line\":%d,\"column\":%d}}",
                    span.first_line, span.first_col, span.last_line, span.last_col);
        if (code)
            fprintf(stderr, ",\"code\":\"%s\"", code);
        fprintf(stderr, ",\"message\":");
        json_string(stderr, msg);
        if (help) {
            fprintf(stderr, ",\"help\":");
            json_string(stderr, help);
        }
        fprintf(stderr, "}\n");
        return;
    }
    /* human: diagnostics are separated by a blank line; a note belongs to
     * the error before it */
    if (pol_diags.printed && sev != POL_NOTE)
        fputc('\n', stderr);
    pol_diags.printed = true;
    const char *word = pol_msg(sev == POL_NOTE ? POL_MSG_note : POL_MSG_error);
    if (code)
        fprintf(stderr, "%s[%s]%s%s\n", word, code, pol_msg(POL_MSG_colon), msg);
    else
        fprintf(stderr, "%s%s%s\n", word, pol_msg(POL_MSG_colon), msg);
    int w = gutter_width(span);
    if (span.src)
        fprintf(stderr, "%*s--> %s:%d:%d\n", w, "", file, span.first_line, span.first_col);
    print_excerpt(span, sev);
    if (help)
        fprintf(stderr, "%*s = %s%s\n", w, "", pol_msg(POL_MSG_help), help);
}

void pol_diag_facts(PolDiagCode code, const char *file, const char *path, const char *msg)
{
    const char *c = pol_diag_code(code);
    pol_diags.errors++;
    if (pol_diags.format == POL_FORMAT_GNU) {
        fprintf(stderr, "%s: error[%s]: %s: %s\n", file, c, path, msg);
    } else if (pol_diags.format == POL_FORMAT_JSON) {
        fprintf(stderr, "{\"severity\":\"error\",\"file\":");
        json_string(stderr, file);
        fprintf(stderr, ",\"path\":");
        json_string(stderr, path);
        fprintf(stderr, ",\"code\":\"%s\",\"message\":", c);
        json_string(stderr, msg);
        fprintf(stderr, "}\n");
    } else {
        fprintf(stderr, "%s\n", pol_msg(POL_MSG_bad_facts, c, file, path, msg));
    }
}

/* Counts an error; false when it is past the limit and is not shown. */
static char *format_message(PolDiagCode code, ...)
{
    va_list ap;
    va_start(ap, code);
    char *msg = pol_strdup_vprintf(pol_diag_format(code, pol_diags.lang), ap);
    va_end(ap);
    return msg;
}

static bool count_error(void)
{
    int limit = pol_diags.max_errors ? pol_diags.max_errors : 50;
    pol_diags.errors++;
    if (pol_diags.errors <= limit)
        return true;
    if (!pol_diags.suppressed) {
        PolSpan none = {0};
        pol_diags.suppressed = true;
        emit(POL_ERROR, pol_diag_code(POL_E0709_too_many_errors), none,
             format_message(POL_E0709_too_many_errors, limit), NULL);
    }
    return false;
}

void pol_diag(PolDiagCode code, PolSpan span, const char *help, ...)
{
    if (!count_error())
        return;
    if (!help)
        help = pol_diag_help(code, pol_diags.lang);
    va_list ap;
    va_start(ap, help);
    char *msg = pol_strdup_vprintf(pol_diag_format(code, pol_diags.lang), ap);
    va_end(ap);
    emit(POL_ERROR, pol_diag_code(code), span, localize(msg), localize(help));
}

void pol_diag_uncoded(PolSpan span, const char *help, const char *fmt, ...)
{
    if (!count_error())
        return;
    va_list ap;
    va_start(ap, fmt);
    char *msg = pol_strdup_vprintf(fmt, ap);
    va_end(ap);
    emit(POL_ERROR, NULL, span, msg, help);
}

void pol_diag_note(PolSpan span, const char *fmt, ...)
{
    if (pol_diags.suppressed)
        return;
    va_list ap;
    va_start(ap, fmt);
    char *msg = pol_strdup_vprintf(fmt, ap);
    va_end(ap);
    emit(POL_NOTE, NULL, span, msg, NULL);
}

void pol_error_plain(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = pol_strdup_vprintf(fmt, ap);
    va_end(ap);
    PolSpan none = {0};
    emit(POL_ERROR, NULL, none, msg, NULL);
}

const char *pol_span_text(PolSpan span)
{
    const PolSource *src = span.src;
    if (!src || span.first_line < 1 || span.last_line > src->nlines)
        return "";
    /* Convert (line, col) in characters back to byte offsets. */
    size_t offs[2];
    int lines[2] = {span.first_line, span.last_line};
    int cols[2] = {span.first_col, span.last_col + 1};
    for (int k = 0; k < 2; k++) {
        size_t p = src->line_starts[lines[k] - 1];
        for (int c = 1; c < cols[k] && p < src->len && src->text[p] != '\n'; c++)
            p += pol_utf8_lead_len(src->text[p]);
        offs[k] = p > src->len ? src->len : p;
    }
    if (offs[1] < offs[0])
        offs[1] = offs[0];
    char *out = GC_MALLOC_ATOMIC(offs[1] - offs[0] + 1);
    size_t n = 0;
    bool space = false;
    for (size_t i = offs[0]; i < offs[1]; i++) {
        char c = src->text[i];
        if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
            space = true;
            continue;
        }
        if (c == '#') {   /* a comment inside a multi-line span: skip to end of line */
            while (i < offs[1] && src->text[i] != '\n')
                i++;
            space = true;
            continue;
        }
        if (space && n > 0)
            out[n++] = ' ';
        space = false;
        out[n++] = c;
    }
    out[n] = '\0';
    return out;
}
