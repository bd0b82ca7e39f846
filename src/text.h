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
#include <string.h>

/* A growable byte buffer on the GC heap (atomic: it holds no pointers).
 * {0} is an empty buffer; data is NUL-terminated once anything was put. */
typedef struct PolBuf { char *data; size_t len, cap; } PolBuf;

/* Room in b for n more bytes and the NUL: pol_buf_put's slow path. */
void pol_buf_grow(PolBuf *b, size_t n);

/* s[0..n) at the end of b. Inline: a decision's line is written by many
 * short puts, and the call cost more than the copy (docs/performance.md). */
static inline void pol_buf_put(PolBuf *b, const char *s, size_t n)
{
    if (b->cap - b->len <= n)
        pol_buf_grow(b, n);
    if (n)   /* s may be NULL when n is 0 (an empty part), which memcpy does not allow */
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}
void pol_buf_puts(PolBuf *b, const char *s);
void pol_buf_printf(PolBuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void pol_buf_vprintf(PolBuf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* s[0..n) as a JSON string, quotes included, for documents others parse:
 * short escapes (\n, \t, \r, \", \\), \u00XX for other controls, and any
 * byte that is not UTF-8 (an id or a message quoting broken input) as
 * U+FFFD, so that the output is always valid JSON. */
void pol_buf_json_string(PolBuf *b, const char *s, size_t n);

/* How many of the bytes s[0..n) are, from the start, ASCII that a JSON
 * string holds as it is (no control character, quote, backslash or byte
 * of 0x80 and above), looked at eight at a time (SWAR: each test sets the
 * high bit of a byte it finds): most of a register's strings are such
 * runs. May stop short of such a byte by fewer than 8; never passes one. */
static inline size_t pol_json_plain_prefix(const char *s, size_t n)
{
    const unsigned long long ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        unsigned long long x;
        memcpy(&x, s + i, 8);
        unsigned long long q = x ^ (ones * '"'), bs = x ^ (ones * '\\');
        unsigned long long found = (x - ones * 0x20) | (q - ones) | (bs - ones);
        found &= ~x;   /* a byte under 0x20 or 0 after the xor had its high bit clear */
        if ((found | x) & highs)
            break;
    }
    return i;
}

/* s[0..n) as the inside of a JSON string, every byte as it is but quote,
 * backslash and control characters (\" \\ \u00XX): for a key quoted in a
 * message or path, for JSON that the facts decoder reads next (which
 * checks the UTF-8 itself), for diagnostics as JSON. */
void pol_buf_json_escape(PolBuf *b, const char *s, size_t n);

/* s as it fits a buffer of size bytes (its NUL included): s itself when
 * it is shorter, else a copy cut at a character boundary that ends in
 * "..." — how long messages, paths and quoted input are shortened. */
const char *pol_fit(const char *s, size_t size);

/* A new string, printf-formatted. */
char *pol_strdup_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *pol_strdup_vprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* ---- ASCII ----
 * Protocol words (HTTP and LSP headers, language tags) compared without
 * case, in ASCII only: the C library's tolower and strncasecmp follow the
 * locale, and in a Turkish one `I` is not the capital of `i`. */

static inline char pol_ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c; }
/* Whether a[0..n) and b[0..n) are the same but for ASCII case (a NUL in
 * either ends the comparison, as in strncasecmp). */
bool pol_ascii_eq_nocase(const char *a, const char *b, size_t n);

/* ---- UTF-8 ----
 * Strict where text is checked (pol_utf8_len, pol_utf8_valid); lenient
 * where text that may be broken is only measured or cut: a character is a
 * lead byte and the continuation bytes after it, so a column is counted
 * for every byte that is not a continuation byte, as the scanner counts
 * them. */

/* The length of the well-formed UTF-8 sequence at p[0..n) (Unicode table
 * 3-7: no overlongs, surrogates or code points past U+10FFFF): 1 to 4, or
 * 0 when it is not one (or n is 0). */
size_t pol_utf8_len(const char *p, size_t n);
/* Whether s[0..n) is all well-formed UTF-8. */
bool pol_utf8_valid(const char *s, size_t n);
/* The code point of a well-formed sequence of len bytes at p. */
unsigned pol_utf8_decode(const char *p, size_t len);
/* Writes code point cp (at most U+10FFFF) to out; returns its 1 to 4 bytes. */
size_t pol_utf8_encode(unsigned cp, char *out);
/* Whether byte b continues a character rather than starting one. */
static inline bool pol_utf8_continues(char b) { return ((unsigned char)b & 0xC0) == 0x80; }
/* The bytes of the character at p[0..n): its first byte and the
 * continuation bytes after it (1 when n is 0 or p holds a stray byte). */
size_t pol_utf8_char_len(const char *p, size_t n);
/* The bytes a character's first byte announces (1 for ASCII, 2 to 4 for
 * any other byte), whatever the bytes after it are: how the source excerpt
 * of a diagnostic steps through a line (callers stop at its end). */
size_t pol_utf8_lead_len(char first);
/* The characters (columns) of s[0..n). */
size_t pol_utf8_columns(const char *s, size_t n);
/* The largest length <= len at which s can be cut without splitting a
 * character (s has more than len bytes). */
size_t pol_utf8_cut(const char *s, size_t len);

/* ---- characters, by Unicode's own tables (utf8proc) ---- */

/* Whether code point cp reorders how the text around it is shown: the
 * explicit embeddings, overrides and isolates of the bidirectional
 * algorithm (U+202A to U+202E, U+2066 to U+2069), with which a line can be
 * made to read otherwise than it runs ("Trojan Source", CVE-2021-42574). */
bool pol_char_bidi_control(unsigned cp);
/* Whether cp cannot be seen for what it is: a bidi control, or a
 * default-ignorable code point (zero-width space and joiners, the byte
 * order mark, the soft hyphen, variation selectors, ...). */
bool pol_char_invisible(unsigned cp);
/* Whether cp may not be part of a name: invisible, a space other than
 * ASCII's (U+00A0, U+2002, ...), a line or paragraph separator, or a
 * control character: a name holding one looks like another name, or like
 * two. */
bool pol_char_not_in_name(unsigned cp);

/* s[0..n), well-formed UTF-8, in Normalization Form C, on the GC heap:
 * the composed and decomposed spellings of a character, and a CJK
 * compatibility ideograph and its unified one, become the same bytes.
 * *len: its length. */
char *pol_utf8_nfc(const char *s, size_t n, size_t *len);

/* Appends the character at p[0..n) (as the scanner counts characters: its
 * first byte and the continuation bytes after it) as a terminal can show
 * it: its own bytes, or an escape for what would not show as it is — NUL
 * as \0, another control character as \xNN, a byte that is not UTF-8 as
 * \xNN, a C1 control or an invisible character (pol_char_invisible) as
 * \u{NNNN}. Returns the bytes of p it stands for; *cells: the terminal
 * cells of what was appended (an escape, one a byte; a character of three
 * or four bytes, in policies almost all CJK, two; a combining mark, none;
 * another, one). */
size_t pol_buf_put_visible_char(PolBuf *b, const char *p, size_t n, int *cells);
/* s as a terminal can show it (pol_buf_put_visible_char for every
 * character but line feed and tab): s itself when nothing needs escaping.
 * How messages, helps and file names of diagnostics are shown. */
const char *pol_visible(const char *s);

/* ---- "did you mean" ---- */

/* The edit distance of a[0..na) and b[0..nb): insertions, deletions,
 * substitutions and transpositions of two neighbours, one each (optimal
 * string alignment). Names longer than 64 bytes are never close: a large
 * value. */
size_t pol_edit_distance(const char *a, size_t na, const char *b, size_t nb);

/* The closest of some names to a misspelt one. Every "did you mean" of
 * polrun (policy names and facts keys alike) asks this one, so they agree:
 * a name is close within one edit, plus one for every three letters of the
 * misspelt name, at most 3 edits, and with fewer edits than either name
 * has letters (`x` is no typo of `id`); the first of equally close names
 * wins. */
typedef struct PolSuggest {
    const char *target;
    size_t len;
    const char *best;          /* NULL: none is close */
    size_t dist;
} PolSuggest;

void pol_suggest_init(PolSuggest *s, const char *target, size_t len);
void pol_suggest_try(PolSuggest *s, const char *candidate);

#endif
