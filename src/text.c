/*
 * text.c — the text helpers of text.h.
 */
#include <gc.h>
#include <stdio.h>
#include <string.h>
#include "text.h"

/* ---- the buffer ---- */

void pol_buf_put(PolBuf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *grown = GC_MALLOC_ATOMIC(cap);
        if (b->len)
            memcpy(grown, b->data, b->len);
        b->data = grown;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void pol_buf_puts(PolBuf *b, const char *s) { pol_buf_put(b, s, strlen(s)); }

void pol_buf_vprintf(PolBuf *b, const char *fmt, va_list ap)
{
    char small[256];
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    if (n < (int)sizeof small)
        pol_buf_put(b, small, (size_t)n);
    else
        pol_buf_puts(b, pol_strdup_vprintf(fmt, again));
    va_end(again);
}

void pol_buf_printf(PolBuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pol_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void pol_buf_json_string(PolBuf *b, const char *s, size_t n)
{
    pol_buf_put(b, "\"", 1);
    size_t run = 0;   /* s[run..i) is copied as it is, in one go */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80) {
            size_t k = pol_utf8_len(s + i, n - i);
            if (k) {
                i += k - 1;
                continue;
            }
            pol_buf_put(b, s + run, i - run);
            run = i + 1;
            pol_buf_puts(b, "\xef\xbf\xbd");
            continue;
        }
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        pol_buf_put(b, s + run, i - run);
        run = i + 1;
        switch (c) {
        case '"': pol_buf_puts(b, "\\\""); break;
        case '\\': pol_buf_puts(b, "\\\\"); break;
        case '\n': pol_buf_puts(b, "\\n"); break;
        case '\t': pol_buf_puts(b, "\\t"); break;
        case '\r': pol_buf_puts(b, "\\r"); break;
        default: pol_buf_printf(b, "\\u%04x", c); break;
        }
    }
    pol_buf_put(b, s + run, n - run);
    pol_buf_put(b, "\"", 1);
}

/* ---- formatted strings ---- */

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

/* ---- UTF-8 ---- */

size_t pol_utf8_len(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    if (n == 0)
        return 0;
    unsigned c = p[0];
    if (c < 0x80)
        return 1;
    size_t k;
    unsigned lo = 0x80, hi = 0xBF;   /* the range of the second byte */
    if (c >= 0xC2 && c <= 0xDF)
        k = 2;
    else if (c == 0xE0)
        k = 3, lo = 0xA0;
    else if (c == 0xED)
        k = 3, hi = 0x9F;
    else if (c >= 0xE1 && c <= 0xEF)
        k = 3;
    else if (c == 0xF0)
        k = 4, lo = 0x90;
    else if (c >= 0xF1 && c <= 0xF3)
        k = 4;
    else if (c == 0xF4)
        k = 4, hi = 0x8F;
    else
        return 0;
    if (k > n || p[1] < lo || p[1] > hi)
        return 0;
    for (size_t i = 2; i < k; i++)
        if ((p[i] & 0xC0) != 0x80)
            return 0;
    return k;
}
