/*
 * text.h — text helpers every stage uses: the one growable byte buffer,
 * formatted strings, UTF-8, and the edit distance behind "did you mean".
 *
 * Everything is allocated on the GC heap and never freed by hand.
 */
#ifndef POL_TEXT_H
#define POL_TEXT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* A growable byte buffer on the GC heap (atomic: it holds no pointers).
 * {0} is an empty buffer; data is NUL-terminated once anything was put. */
typedef struct PolBuf { char *data; size_t len, cap; } PolBuf;

void pol_buf_put(PolBuf *b, const char *s, size_t n);
void pol_buf_puts(PolBuf *b, const char *s);
void pol_buf_printf(PolBuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void pol_buf_vprintf(PolBuf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* s[0..n) as a JSON string, quotes included, for documents others parse:
 * short escapes (\n, \t, \r, \", \\), \u00XX for other controls, and any
 * byte that is not UTF-8 (an id or a message quoting broken input) as
 * U+FFFD, so that the output is always valid JSON. */
void pol_buf_json_string(PolBuf *b, const char *s, size_t n);

/* A new string, printf-formatted. */
char *pol_strdup_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *pol_strdup_vprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* The length of the well-formed UTF-8 sequence at p[0..n) (Unicode table
 * 3-7: no overlongs, surrogates or code points past U+10FFFF): 1 to 4, or
 * 0 when it is not one (or n is 0). */
size_t pol_utf8_len(const char *p, size_t n);

#endif
