/*
 * text.c — the text helpers of text.h.
 */
#include <gc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "text.h"

/* ---- the buffer ---- */

void pol_buf_grow(PolBuf *b, size_t n)
{
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + n + 1)
        cap *= 2;
    char *grown = GC_MALLOC_ATOMIC(cap);
    if (b->len)
        memcpy(grown, b->data, b->len);
    b->data = grown;
    b->cap = cap;
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
    for (size_t i = pol_json_plain_prefix(s, n); i < n; i++) {
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

void pol_buf_json_escape(PolBuf *b, const char *s, size_t n)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        pol_buf_put(b, s + run, i - run);
        run = i + 1;
        if (c == '"' || c == '\\') {
            char esc[2] = {'\\', (char)c};
            pol_buf_put(b, esc, 2);
        } else {
            pol_buf_printf(b, "\\u%04x", c);
        }
    }
    pol_buf_put(b, s + run, n - run);
}

const char *pol_fit(const char *s, size_t size)
{
    size_t n = strlen(s);
    if (n < size || size < 4)
        return s;
    size_t len = pol_utf8_cut(s, size - 4);
    char *cut = GC_MALLOC_ATOMIC(len + 4);
    memcpy(cut, s, len);
    memcpy(cut + len, "...", 4);
    return cut;
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

/* ---- ASCII ---- */

bool pol_ascii_eq_nocase(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (pol_ascii_lower(a[i]) != pol_ascii_lower(b[i]))
            return false;
        if (a[i] == '\0')
            return true;
    }
    return true;
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

bool pol_utf8_valid(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t k = pol_utf8_len(s + i, n - i);
        if (k == 0)
            return false;
        i += k;
    }
    return true;
}

unsigned pol_utf8_decode(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    if (len <= 1)
        return p[0];
    unsigned cp = p[0] & (0x7Fu >> len);
    for (size_t i = 1; i < len; i++)
        cp = (cp << 6) | (p[i] & 0x3Fu);
    return cp;
}

size_t pol_utf8_encode(unsigned cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t pol_utf8_char_len(const char *p, size_t n)
{
    size_t k = 1;
    while (k < n && pol_utf8_continues(p[k]))
        k++;
    return k;
}

size_t pol_utf8_lead_len(char first)
{
    unsigned char b = (unsigned char)first;
    return b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
}

size_t pol_utf8_columns(const char *s, size_t n)
{
    size_t cols = 0;
    for (size_t i = 0; i < n; i++)
        cols += !pol_utf8_continues(s[i]);
    return cols;
}

size_t pol_utf8_cut(const char *s, size_t len)
{
    while (len > 0 && pol_utf8_continues(s[len]))
        len--;
    return len;
}

/* ---- characters, by Unicode's own tables ---- */

bool pol_char_bidi_control(unsigned cp)
{
    switch (utf8proc_get_property((utf8proc_int32_t)cp)->bidi_class) {
    case UTF8PROC_BIDI_CLASS_LRE: case UTF8PROC_BIDI_CLASS_LRO: case UTF8PROC_BIDI_CLASS_RLE:
    case UTF8PROC_BIDI_CLASS_RLO: case UTF8PROC_BIDI_CLASS_PDF: case UTF8PROC_BIDI_CLASS_LRI:
    case UTF8PROC_BIDI_CLASS_RLI: case UTF8PROC_BIDI_CLASS_FSI: case UTF8PROC_BIDI_CLASS_PDI:
        return true;
    default:
        return false;
    }
}

bool pol_char_invisible(unsigned cp)
{
    return utf8proc_get_property((utf8proc_int32_t)cp)->ignorable || pol_char_bidi_control(cp);
}

bool pol_char_not_in_name(unsigned cp)
{
    switch (utf8proc_category((utf8proc_int32_t)cp)) {
    case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP: case UTF8PROC_CATEGORY_CC:
        return true;
    default:
        return pol_char_invisible(cp);
    }
}

char *pol_utf8_nfc(const char *s, size_t n, size_t *len)
{
    size_t ascii = 0;
    while (ascii < n && (unsigned char)s[ascii] < 0x80)
        ascii++;
    /* ASCII is in every normal form; other text is composed in a buffer of
     * the collector's (utf8proc_map would take it from malloc, and its
     * failure would leave the text as it is, silently) */
    utf8proc_option_t opt = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
    utf8proc_ssize_t k = -1, count = ascii == n ? -1 : utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, NULL, 0, opt);
    utf8proc_int32_t *buf = NULL;
    if (count >= 0) {
        buf = GC_MALLOC_ATOMIC(((size_t)count + 1) * sizeof *buf);
        if (utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, buf, count, opt) == count) {
            k = utf8proc_normalize_utf32(buf, count, opt);
            if (k >= 0)
                k = utf8proc_reencode(buf, k, opt);
        }
    }
    const char *from = k >= 0 ? (const char *)buf : s;
    *len = k >= 0 ? (size_t)k : n;   /* not UTF-8 (callers check first): as it is */
    char *out = GC_MALLOC_ATOMIC(*len + 1);
    memcpy(out, from, *len);
    out[*len] = '\0';
    return out;
}

size_t pol_buf_put_visible_char(PolBuf *b, const char *p, size_t n, int *cells)
{
    size_t k = pol_utf8_char_len(p, n);
    size_t valid = pol_utf8_len(p, k);   /* 0: its first byte is not UTF-8 */
    unsigned cp = valid ? pol_utf8_decode(p, valid) : 0;
    *cells = 0;
    if (valid && (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) || pol_char_invisible(cp))) {
        size_t before = b->len;
        if (cp == 0)
            pol_buf_puts(b, "\\0");
        else if (cp < 0x80)
            pol_buf_printf(b, "\\x%02x", cp);
        else
            pol_buf_printf(b, "\\u{%04X}", cp);
        *cells = (int)(b->len - before);
    } else if (valid) {
        pol_buf_put(b, p, valid);
        /* a combining mark takes no cell of its own */
        *cells = utf8proc_charwidth((utf8proc_int32_t)cp) == 0 ? 0 : valid >= 3 ? 2 : 1;
    }
    for (size_t i = valid; i < k; i++) {   /* bytes that are not UTF-8 */
        pol_buf_printf(b, "\\x%02x", (unsigned char)p[i]);
        *cells += 4;
    }
    return k;
}

const char *pol_visible(const char *s)
{
    size_t n = strlen(s), i = 0;
    for (; i < n; i++) {   /* ASCII without controls is shown as it is */
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x7f || (c < 0x20 && c != '\n' && c != '\t'))
            break;
    }
    if (i == n)
        return s;
    PolBuf b = {0};
    pol_buf_put(&b, s, i);
    while (i < n) {
        int cells;
        if (s[i] == '\n' || s[i] == '\t')
            pol_buf_put(&b, s + i++, 1);
        else
            i += pol_buf_put_visible_char(&b, s + i, n - i, &cells);
    }
    return b.len == n ? s : b.data;   /* every escape is longer than what it stands for */
}

/* ---- "did you mean" ---- */

size_t pol_edit_distance(const char *a, size_t na, const char *b, size_t nb)
{
    enum { MAXN = 64 };
    if (na > MAXN || nb > MAXN)
        return (size_t)1 << 20;
    /* three rows of the table: the one before the previous (transpositions),
     * the previous, the current */
    size_t rows[3][MAXN + 1];
    size_t *before = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= nb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= na; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t v = prev[j - 1] + (a[i - 1] != b[j - 1]);
            if (prev[j] + 1 < v)
                v = prev[j] + 1;
            if (cur[j - 1] + 1 < v)
                v = cur[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && before[j - 2] + 1 < v)
                v = before[j - 2] + 1;
            cur[j] = v;
        }
        size_t *t = before;
        before = prev;
        prev = cur;
        cur = t;
    }
    return prev[nb];
}

void pol_suggest_init(PolSuggest *s, const char *target, size_t len)
{
    s->target = target;
    s->len = len;
    s->best = NULL;
    s->dist = 0;
}

void pol_suggest_try(PolSuggest *s, const char *candidate)
{
    if (!candidate)
        return;
    size_t n = strlen(candidate);
    size_t limit = s->len / 3 + 1;
    if (limit > 3)
        limit = 3;
    size_t shorter = s->len < n ? s->len : n;
    if ((s->len > n ? s->len - n : n - s->len) > limit)
        return;   /* too far apart in length to be close */
    size_t d = pol_edit_distance(s->target, s->len, candidate, n);
    if (d <= limit && d < shorter && (!s->best || d < s->dist)) {
        s->best = candidate;
        s->dist = d;
    }
}
