/*
 * lsp_text.c — open documents, incremental edits and position encodings
 * (see lsp_text.h).
 */
#include <gc.h>
#include <stdlib.h>
#include <string.h>
#include "lsp_text.h"
#include "source.h"

/* The length of the UTF-8 sequence that starts with byte b (1 for a stray
 * continuation byte, so that every loop advances). */
static size_t seq_len(unsigned char b)
{
    return b < 0xc0 ? 1 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
}

static bool index_lines(PolLspDoc *d)
{
    long n = 1;
    for (size_t i = 0; i < d->len; i++)
        if (d->text[i] == '\n')
            n++;
    size_t *lines = realloc(d->lines, (size_t)n * sizeof *lines);
    if (!lines)
        return false;
    lines[0] = 0;
    long k = 1;
    for (size_t i = 0; i < d->len; i++)
        if (d->text[i] == '\n')
            lines[k++] = i + 1;
    d->lines = lines;
    d->nlines = n;
    return true;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

PolLspDoc *pol_lsp_doc_new(const char *uri, const char *text, size_t len, long version)
{
    PolLspDoc *d = GC_MALLOC(sizeof *d);
    d->uri = GC_STRDUP(uri);
    d->path = pol_lsp_uri_to_path(uri);
    d->version = version;
    d->is_case = ends_with(uri, ".case");
    if (!pol_lsp_doc_set(d, text, len))
        return NULL;
    return d;
}

void pol_lsp_doc_free(PolLspDoc *d)
{
    free(d->text);
    free(d->lines);
    d->text = NULL;
    d->lines = NULL;
}

static bool reserve(PolLspDoc *d, size_t len)
{
    if (len + 1 <= d->cap)
        return true;
    size_t cap = d->cap ? d->cap : 4096;
    while (cap < len + 1)
        cap *= 2;
    char *t = realloc(d->text, cap);
    if (!t)
        return false;
    d->text = t;
    d->cap = cap;
    return true;
}

bool pol_lsp_doc_set(PolLspDoc *d, const char *text, size_t len)
{
    if (!reserve(d, len))
        return false;
    memcpy(d->text, text, len);
    d->text[len] = '\0';
    d->len = len;
    return index_lines(d);
}

bool pol_lsp_doc_edit(PolLspDoc *d, PolLspRange range, PolLspEncoding enc, const char *text, size_t len)
{
    size_t a = pol_lsp_doc_offset(d, range.start, enc);
    size_t b = pol_lsp_doc_offset(d, range.end, enc);
    if (b < a) {
        size_t t = a;
        a = b;
        b = t;
    }
    size_t new_len = d->len - (b - a) + len;
    if (!reserve(d, new_len))
        return false;
    memmove(d->text + a + len, d->text + b, d->len - b);
    memcpy(d->text + a, text, len);
    d->len = new_len;
    d->text[new_len] = '\0';
    return index_lines(d);
}

long pol_lsp_units(const char *from, const char *to, PolLspEncoding enc)
{
    if (enc == POL_LSP_UTF8)
        return (long)(to - from);
    long units = 0;
    for (const char *p = from; p < to;) {
        size_t n = seq_len((unsigned char)*p);
        units += n == 4 ? 2 : 1;
        p += n;
    }
    return units;
}

/* The end of line `line` (before its "\r\n" or "\n"). */
static size_t line_end(const char *text, size_t len, const size_t *lines, long nlines, long line)
{
    size_t end = line + 1 < nlines ? lines[line + 1] - 1 : len;
    if (end > lines[line] && text[end - 1] == '\r' && end < len)
        end--;
    return end;
}

size_t pol_lsp_offset(const char *text, size_t len, const size_t *lines, long nlines, PolLspPos pos, PolLspEncoding enc)
{
    if (pos.line < 0)
        return 0;
    if (pos.line >= nlines)
        return len;
    size_t p = lines[pos.line];
    size_t end = line_end(text, len, lines, nlines, pos.line);
    long units = 0;
    while (p < end && units < pos.character) {
        size_t n = seq_len((unsigned char)text[p]);
        if (p + n > end)
            n = end - p;
        long u = enc == POL_LSP_UTF8 ? (long)n : n == 4 ? 2 : 1;
        if (units + u > pos.character)
            break;   /* inside a character: its start */
        units += u;
        p += n;
    }
    return p;
}

size_t pol_lsp_doc_offset(const PolLspDoc *d, PolLspPos pos, PolLspEncoding enc)
{
    return pol_lsp_offset(d->text, d->len, d->lines, d->nlines, pos, enc);
}

PolLspPos pol_lsp_doc_position(const PolLspDoc *d, size_t off, PolLspEncoding enc)
{
    if (off > d->len)
        off = d->len;
    long lo = 0, hi = d->nlines - 1;
    while (lo < hi) {
        long mid = (lo + hi + 1) / 2;
        if (d->lines[mid] <= off)
            lo = mid;
        else
            hi = mid - 1;
    }
    PolLspPos pos = {lo, pol_lsp_units(d->text + d->lines[lo], d->text + off, enc)};
    return pos;
}

/* The byte offset in src of character col (1-based) of line, or of the end
 * of the line when it has fewer characters. */
static size_t span_offset(const PolSource *src, int line, int col)
{
    if (line < 1)
        return 0;
    if (line > src->nlines)
        return src->len;
    size_t p = src->line_starts[line - 1];
    for (int c = 1; c < col && p < src->len && src->text[p] != '\n'; c++)
        p += seq_len((unsigned char)src->text[p]);
    return p > src->len ? src->len : p;
}

bool pol_lsp_span_bytes(PolSpan span, size_t *start, size_t *end)
{
    if (!span.src)
        return false;
    *start = span_offset(span.src, span.first_line, span.first_col);
    *end = span_offset(span.src, span.last_line, span.last_col + 1);
    if (*end < *start)
        *end = *start;
    return true;
}

PolLspRange pol_lsp_span_range(PolSpan span, PolLspEncoding enc)
{
    PolLspRange r = {{0, 0}, {0, 0}};
    size_t a, b;
    if (!pol_lsp_span_bytes(span, &a, &b))
        return r;
    const PolSource *src = span.src;
    int first = span.first_line < 1 ? 1 : span.first_line > src->nlines ? src->nlines : span.first_line;
    int last = span.last_line < first ? first : span.last_line > src->nlines ? src->nlines : span.last_line;
    r.start.line = first - 1;
    r.start.character = pol_lsp_units(src->text + src->line_starts[first - 1], src->text + a, enc);
    r.end.line = last - 1;
    r.end.character = pol_lsp_units(src->text + src->line_starts[last - 1], src->text + b, enc);
    return r;
}

static int hex_value(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

char *pol_lsp_uri_to_path(const char *uri)
{
    if (strncmp(uri, "file://", 7) != 0)
        return NULL;
    const char *p = uri + 7;
    if (strncmp(p, "localhost/", 10) == 0)
        p += 9;
    size_t n = strlen(p);
    char *out = GC_MALLOC_ATOMIC(n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        int h, l;
        if (p[i] == '%' && i + 2 < n && (h = hex_value(p[i + 1])) >= 0 && (l = hex_value(p[i + 2])) >= 0) {
            out[k++] = (char)(h * 16 + l);
            i += 2;
        } else {
            out[k++] = p[i];
        }
    }
    out[k] = '\0';
    return out;
}

char *pol_lsp_path_to_uri(const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(path);
    char *out = GC_MALLOC_ATOMIC(7 + 3 * n + 1);
    memcpy(out, "file://", 7);
    size_t k = 7;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)path[i];
        /* RFC 3986 unreserved characters and the path separator stay */
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
            c == '_' || c == '~' || c == '/') {
            out[k++] = (char)c;
        } else {
            out[k++] = '%';
            out[k++] = hex[c >> 4];
            out[k++] = hex[c & 15];
        }
    }
    out[k] = '\0';
    return out;
}
