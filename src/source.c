/*
 * source.c — reading policy files.
 */
#include <errno.h>
#include <fcntl.h>
#include <gc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "source.h"

PolSource *pol_source_from_text(const char *path, const char *text, size_t len)
{
    PolSource *s = GC_MALLOC(sizeof *s);
    s->path = GC_STRDUP(path);
    s->name = s->path;
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

/* Reads f to its end (at most POL_SOURCE_MAX_READ bytes) into a source
 * named path, and closes it unless it is standard input. */
static PolSource *read_stream(FILE *f, const char *path)
{
    size_t cap = 8192, len = 0;
    char *buf = GC_MALLOC_ATOMIC(cap);
    int err = 0;
    for (;;) {
        if (len + 1 >= cap) {
            cap *= 2;
            buf = GC_REALLOC(buf, cap);
        }
        errno = 0;
        size_t got = fread(buf + len, 1, cap - len - 1, f);
        len += got;
        if (got == 0 && ferror(f))
            err = errno ? errno : EIO;   /* a folder says EISDIR */
        if (got == 0 || len > POL_SOURCE_MAX_READ)
            break;
    }
    if (f != stdin)
        fclose(f);
    if (err || len > POL_SOURCE_MAX_READ) {
        errno = err ? err : EFBIG;
        return NULL;
    }
    buf[len] = '\0';
    /* a byte order mark (Windows editors save one) is no part of the text:
     * lines and columns are counted after it, fmt writes it back */
    bool bom = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0;
    PolSource *src = pol_source_from_text(path, bom ? buf + 3 : buf, bom ? len - 3 : len);
    src->bom = bom;
    return src;
}

PolSource *pol_source_read(const char *path)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    return f ? read_stream(f, path) : NULL;
}

PolSource *pol_source_read_regular(const char *path, const char *name)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    struct stat st;
    int err = fstat(fd, &st) != 0 ? errno : S_ISDIR(st.st_mode) ? EISDIR : !S_ISREG(st.st_mode) ? EINVAL : 0;
    if (err) {
        close(fd);
        errno = err;
        return NULL;
    }
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        close(fd);
        return NULL;
    }
    return read_stream(f, name);
}

const char *pol_source_line(const PolSource *src, int line, size_t *len)
{
    size_t a = src->line_starts[line - 1];
    size_t b = line < src->nlines ? src->line_starts[line] - 1 : src->len;
    if (b > a && src->text[b - 1] == '\r')
        b--;
    *len = b - a;
    return src->text + a;
}

const char *pol_source_comment(const PolSource *src, int line)
{
    if (!src || line < 1 || line > src->nlines)
        return NULL;
    size_t len;
    const char *t = pol_source_line(src, line, &len);
    size_t i = 0;
    while (i < len && (t[i] == ' ' || t[i] == '\t'))
        i++;
    if (i == len || t[i] != '#')
        return NULL;
    i++;
    if (i < len && t[i] == ' ')
        i++;
    return GC_STRNDUP(t + i, len - i);
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
