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
        if (got == 0)
            break;
    }
    int failed = ferror(f);
    if (f != stdin)
        fclose(f);
    if (failed) {
        errno = EIO;
        return NULL;
    }
    buf[len] = '\0';
    return pol_source_from_text(path, buf, len);
}

char *pol_strdup_vprintf(const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    char *s = GC_MALLOC_ATOMIC((size_t)n + 1);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

char *pol_strdup_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = pol_strdup_vprintf(fmt, ap);
    va_end(ap);
    return s;
}

/* Columns count characters, not bytes: a Chinese identifier is one column
 * per character, so the caret line lines up in a terminal that shows each
 * Han character as two cells only approximately; we double them below. */
static int char_width(const unsigned char *p, int *bytes)
{
    unsigned c = p[0];
    if (c < 0x80) { *bytes = 1; return 1; }
    int n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
    *bytes = n;
    /* Most three- and four-byte sequences in policies are CJK: two cells wide. */
    return n >= 3 ? 2 : 1;
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
        for (int c = 0; c < skip && p < end; c++) {
            unsigned char b = (unsigned char)src->text[p];
            p += b < 0x80 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
        }
        start = p;
        first_col = skip + 1;
        size_t q = start;
        for (int c = 0; c < 120 && q < end; c++) {
            unsigned char b = (unsigned char)src->text[q];
            q += b < 0x80 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
        }
        end = q;
    }
    char num[16];
    int w = snprintf(num, sizeof num, "%d", line);
    fprintf(stderr, "%*s |\n", w, "");
    fprintf(stderr, "%s | ", num);
    for (size_t i = start; i < end; i++)
        fputc(src->text[i] == '\t' ? ' ' : src->text[i], stderr);
    fputc('\n', stderr);
    fprintf(stderr, "%*s | ", w, "");
    int last_col = span.last_line == span.first_line ? span.last_col : 1 << 30;
    int col = first_col;
    int marked = 0;
    for (size_t i = start; i < end;) {
        int bytes;
        int cells = char_width((const unsigned char *)src->text + i, &bytes);
        if (col > last_col)
            break;
        char c = col >= span.first_col ? (sev == POL_NOTE ? '-' : '^') : ' ';
        for (int k = 0; k < cells; k++)
            fputc(c, stderr);
        if (c != ' ')
            marked++;
        i += (size_t)bytes;
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
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

static void vdiag(PolSeverity sev, PolSpan span, const char *help, const char *fmt, va_list ap)
{
    if (pol_diags.format != POL_FORMAT_HUMAN) {
        char *msg = pol_strdup_vprintf(fmt, ap);
        const char *file = span.src ? span.src->path : "polrun";
        if (pol_diags.format == POL_FORMAT_GNU) {
            if (span.src)
                fprintf(stderr, "%s:%d:%d: %s: %s\n", file, span.first_line, span.first_col, severity_name(sev), msg);
            else
                fprintf(stderr, "polrun: %s: %s\n", severity_name(sev), msg);
            if (help && span.src)
                fprintf(stderr, "%s:%d:%d: note: %s\n", file, span.first_line, span.first_col, help);
            return;
        }
        fprintf(stderr, "{\"severity\":\"%s\",\"file\":", severity_name(sev));
        json_string(stderr, file);
        if (span.src)
            fprintf(stderr, ",\"span\":{\"start\":{\"line\":%d,\"column\":%d},\"end\":{\"line\":%d,\"column\":%d}}",
                    span.first_line, span.first_col, span.last_line, span.last_col);
        fprintf(stderr, ",\"message\":");
        json_string(stderr, msg);
        if (help) {
            fprintf(stderr, ",\"help\":");
            json_string(stderr, help);
        }
        fprintf(stderr, "}\n");
        return;
    }
    if (span.src)
        fprintf(stderr, "%s:%d:%d: ", span.src->path, span.first_line, span.first_col);
    else
        fprintf(stderr, "polrun: ");
    fprintf(stderr, "%s: ", severity_name(sev));
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    print_excerpt(span, sev);
    if (help)
        fprintf(stderr, "  = help: %s\n", help);
}

void pol_diag(PolSeverity sev, PolSpan span, const char *help, const char *fmt, ...)
{
    int limit = pol_diags.max_errors ? pol_diags.max_errors : 50;
    if (sev == POL_ERROR) {
        pol_diags.errors++;
        if (pol_diags.errors > limit) {
            if (!pol_diags.suppressed)
                fprintf(stderr, "polrun: error: too many errors (%d); stopping here\n", limit);
            pol_diags.suppressed = true;
            return;
        }
    } else if (sev == POL_WARNING) {
        pol_diags.warnings++;
    }
    va_list ap;
    va_start(ap, fmt);
    vdiag(sev, span, help, fmt, ap);
    va_end(ap);
}

void pol_diag_note(PolSpan span, const char *fmt, ...)
{
    if (pol_diags.suppressed)
        return;
    va_list ap;
    va_start(ap, fmt);
    vdiag(POL_NOTE, span, NULL, fmt, ap);
    va_end(ap);
}

void pol_error_plain(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "polrun: error: ");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
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
        for (int c = 1; c < cols[k] && p < src->len && src->text[p] != '\n';) {
            unsigned char b = (unsigned char)src->text[p];
            p += b < 0x80 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
            c++;
        }
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

int pol_edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return 1 << 20;
    int row[65];
    for (size_t j = 0; j <= lb; j++)
        row[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        int diag = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int up = row[j];
            int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            int best = diag + cost;
            if (up + 1 < best) best = up + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}
