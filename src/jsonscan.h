/*
 * jsonscan.h — how far the plain bytes of a JSON string go.
 *
 * Most of a register's bytes are inside strings, and most string bytes need
 * no look: only the closing quote, a backslash, a control character and the
 * first byte of a UTF-8 sequence do. pol_json_plain_run counts the plain
 * bytes before the first of those. With SSE2 (every x86-64 has it) it tests
 * sixteen bytes with three compares, the way simdjson finds its structural
 * characters; elsewhere, or for the last bytes of a text, it looks bytes up
 * four at a time. It never reads past p + n: a line is decoded where it
 * lies, in a buffer that may end right after it.
 *
 * Both versions are always compiled, so that the unit tests can hold them
 * to the same answer on the same bytes (tests/unit/test_facts.c).
 */
#ifndef POL_JSONSCAN_H
#define POL_JSONSCAN_H

#include <stddef.h>

#if defined(__SSE2__) && !defined(POL_NO_SIMD)
#include <emmintrin.h>
#define POL_JSON_SSE2 1
#else
#define POL_JSON_SSE2 0
#endif

/* Bytes to be looked at inside a JSON string: 1. */
#define POL_R4(x) x, x, x, x
#define POL_R16(x) POL_R4(x), POL_R4(x), POL_R4(x), POL_R4(x)
static const unsigned char pol_json_special[256] = {
    POL_R16(1), POL_R16(1),                          /* 0x00-0x1F: control characters */
    0, 0, 1, 0, POL_R4(0), POL_R4(0), POL_R4(0),     /* 0x20-0x2F: the quote */
    POL_R16(0), POL_R16(0),                          /* 0x30-0x4F */
    POL_R4(0), POL_R4(0), POL_R4(0), 1, 0, 0, 0,     /* 0x50-0x5F: the backslash */
    POL_R16(0), POL_R16(0),                          /* 0x60-0x7F */
    POL_R16(1), POL_R16(1), POL_R16(1), POL_R16(1),  /* 0x80-0xFF: UTF-8 */
    POL_R16(1), POL_R16(1), POL_R16(1), POL_R16(1)
};
#undef POL_R4
#undef POL_R16

/* The number of plain bytes at the start of p[0..n), by table look-ups. */
static inline size_t pol_json_plain_run_portable(const unsigned char *p, size_t n)
{
    const unsigned char *s = p, *end = p + n;
    while (end - p >= 4 && (pol_json_special[p[0]] | pol_json_special[p[1]] | pol_json_special[p[2]] | pol_json_special[p[3]]) == 0)
        p += 4;
    while (p < end && !pol_json_special[*p])
        p++;
    return (size_t)(p - s);
}

#if POL_JSON_SSE2
/* The same, sixteen bytes a step: a byte is special when it is the quote,
 * the backslash, or below 0x20 as a signed byte (which takes in every byte
 * from 0x80 up with the control characters). */
static inline size_t pol_json_plain_run_sse2(const unsigned char *p, size_t n)
{
    const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\'), space = _mm_set1_epi8(' ');
    size_t i = 0;
    for (; n - i >= 16; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bslash)),
                                   _mm_cmplt_epi8(v, space));
        unsigned mask = (unsigned)_mm_movemask_epi8(hit);
        if (mask)
            return i + (unsigned)__builtin_ctz(mask);
    }
    return pol_json_plain_run_portable(p + i, n - i) + i;
}
#endif

static inline size_t pol_json_plain_run(const unsigned char *p, size_t n)
{
#if POL_JSON_SSE2
    return pol_json_plain_run_sse2(p, n);
#else
    return pol_json_plain_run_portable(p, n);
#endif
}

#endif
