/*
 * facts.c — the schema-directed JSON decoder for one applicant's facts.
 *
 * One pass over the text, no DOM: each value is checked against the type the
 * schema expects where it stands and converted on the spot. Only the result
 * values are allocated (plus scratch for the rare string with escapes or the
 * rare long list). Strict RFC 8259: invalid UTF-8, control characters in
 * strings, bad escapes, lone surrogates and trailing text are all errors.
 *
 * Errors carry the JSON path of the offending value, a message in a
 * drafter's words ("expected bool, got \"yes\"") and its line and column
 * (columns counted in characters). The path is kept as a stack of frames and
 * rendered only when an error happens, so the good path pays nothing for it.
 */
#include <gc.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "arena.h"
#include "facts.h"
#include "jsonscan.h"

/* The hot functions are inlined where they are called. Not in the
 * coverage build (-O0, POL_COVERAGE): there each is one function, so that
 * gcov counts each branch of the source once, not once per caller. */
#ifdef POL_COVERAGE
#define HOT static inline
#else
#define HOT static inline __attribute__((always_inline))
#endif

typedef const unsigned char *Ptr;

/* One step of the path: a member name (key != NULL) or a list index. */
typedef struct Frame {
    const char *key;
    size_t key_len;
    long index;
} Frame;

typedef struct Dec {
    Ptr text;             /* after a BOM: where columns start on line 1 */
    Ptr p, end;
    int depth;            /* open arrays and objects */
    int nframes;
    Frame frames[POL_FACTS_MAX_DEPTH + 1];
    char *scratch;        /* unescaped strings; grows on the GC heap */
    size_t scratch_cap;
    PolArena *arena;      /* where values go; NULL: the collected heap */
    PolLang lang;         /* of the error message */
    PolDiag *err;
    const PolText **id_out;
    int id_member;        /* the member that names the applicant (`identified by`), -1 none */
    const char *id_name;  /* ... and its name, NULL none */
} Dec;

/* A scanned string: raw content b..e between the quotes. */
typedef struct Str {
    Ptr b, e;
    Ptr next;             /* after the closing quote */
    size_t len;           /* length once unescaped */
    bool esc;             /* has escapes: content must be unescaped */
    bool nul;             /* contains \u0000 */
} Str;

/* ------------------------------------------------------------- allocation */

/* Where decoded values go: the collected heap, or the arena of the caller
 * (a batch worker's, arena.h). Same values either way. NULL: the arena's
 * memory ran out (the decoder then fails with out_of_memory). */
static PolRecordValue *new_record(Dec *d, int32_t count)
{
    if (!d->arena)
        return pol_record_new(count);
    /* zeroed: every member ABSENT, as pol_record_new gives */
    PolRecordValue *r = pol_arena_alloc(d->arena, sizeof *r + (size_t)count * sizeof(PolValue));
    if (r)
        r->count = count;
    return r;
}

static PolListValue *new_list(Dec *d, int32_t count)
{
    if (!d->arena)
        return pol_list_new(count);
    PolListValue *l = pol_arena_alloc(d->arena, sizeof *l + (size_t)count * sizeof(PolValue));
    if (l)
        l->count = count;
    return l;
}

static PolText *new_text(Dec *d, const char *bytes, uint32_t len)
{
    if (!d->arena)
        return pol_text_new(bytes, len);
    PolText *t = pol_arena_take(d->arena, sizeof *t + (size_t)len + 1);   /* every byte written below */
    if (t) {
        t->len = len;
        memcpy(t->bytes, bytes, len);
        t->bytes[len] = '\0';
    }
    return t;
}

/* The length of the well-formed UTF-8 sequence at p (text.h), 0 if none. */
static size_t utf8_at(Ptr p, Ptr end) { return pol_utf8_len((const char *)p, (size_t)(end - p)); }

/* ------------------------------------------------------------------ errors */

static bool is_ident(const char *s, size_t n)
{
    if (n == 0 || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') || s[0] == '_'))
        return false;
    for (size_t i = 1; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
            return false;
    }
    return true;
}

/* "$.digital.procurement_total", "$.standards[2].level", "$[\"a b\"]". */
static const char *render_path(const Dec *d, const Frame *extra)
{
    PolBuf b = {0};
    pol_buf_put(&b, "$", 1);
    for (int i = 0; i <= d->nframes; i++) {
        const Frame *f = i < d->nframes ? &d->frames[i] : extra;
        if (!f)
            break;
        if (f->key && is_ident(f->key, f->key_len)) {
            pol_buf_put(&b, ".", 1);
            pol_buf_put(&b, f->key, f->key_len);
        } else if (f->key) {
            pol_buf_put(&b, "[\"", 2);
            pol_buf_json_escape(&b, f->key, f->key_len);
            pol_buf_put(&b, "\"]", 2);
        } else {
            pol_buf_printf(&b, "[%ld]", f->index);
        }
    }
    return b.data;
}

/* Line and column (characters) of `at`, both 1-based. */
static void locate(const Dec *d, Ptr at, long *line, long *col)
{
    long l = 1, c = 1;
    for (Ptr q = d->text; q < at && q < d->end; q++) {
        if (*q == '\n') {
            l++;
            c = 1;
        } else if (!pol_utf8_continues((char)*q)) {
            c++;
        }
    }
    *line = l;
    *col = c;
}

/* The longest path and message an error gives (longer ones are shortened,
 * pol_fit): a path may be as deep as the facts, and quote their keys. */
#define MAX_PATH 512
#define MAX_MESSAGE 512

/* The error d->err: at `at`, with the current path plus `extra` (may be
 * NULL), the message composed in d->lang. */
static void set_error(Dec *d, Ptr at, const Frame *extra, PolDiagCode code, const char *message)
{
    PolDiag *e = d->err;
    *e = pol_diag_error(d->lang, code, pol_fit(message, MAX_MESSAGE));
    e->path = pol_fit(render_path(d, extra), MAX_PATH);
    locate(d, at, &e->line, &e->column);
}

/* Records error `code` (E09xx) at `at`, with the current path plus `extra`
 * (may be NULL). The arguments are those of the code's message in
 * src/diagnostics.h. Always returns false so that callers can `return
 * fail(...)`. */
static bool fail_ex(Dec *d, Ptr at, const Frame *extra, PolDiagCode code, ...)
{
    va_list ap;
    va_start(ap, code);
    set_error(d, at, extra, code, pol_diag_vtext(d->lang, code, ap));
    va_end(ap);
    return false;
}

#define fail(d, at, ...) fail_ex((d), (at), NULL, __VA_ARGS__)

/* The arena's memory ran out: polrun's failure, not the facts' (no code). */
static bool out_of_memory(Dec *d)
{
    set_error(d, d->p, NULL, POL_NO_CODE, pol_msg(d->lang, POL_MSG_facts_out_of_memory));
    return false;
}

/* A quoted rendering of the token b..e as found in the text, shortened. */
static const char *got_text(Ptr b, Ptr e)
{
    const size_t max = 60;
    size_t n = (size_t)(e - b);
    if (n <= max) {   /* copied by length: GC_STRNDUP runs strlen over text that need not end in a NUL */
        char *copy = GC_MALLOC_ATOMIC(n + 1);
        memcpy(copy, b, n);
        copy[n] = '\0';
        return copy;
    }
    PolBuf out = {0};
    pol_buf_put(&out, (const char *)b, pol_utf8_cut((const char *)b, max));
    pol_buf_puts(&out, b[0] == '"' ? "...\"" : "...");
    return out.data;
}

/* What stands at p, for "expected X, got Y" after a syntax error. */
static const char *got_char(const Dec *d, Ptr p, Ptr end)
{
    if (p >= end)
        return pol_msg(d->lang, POL_MSG_got_end_of_text);
    unsigned c = *p;
    if (c < 0x20 || c == 0x7F)
        return pol_msg(d->lang, POL_MSG_got_control_character, c);
    size_t n = utf8_at(p, end);
    PolBuf b = {0};
    pol_buf_put(&b, "\"", 1);
    pol_buf_put(&b, (const char *)p, n);
    pol_buf_put(&b, "\"", 1);
    if (n > 1) {
        unsigned cp = pol_utf8_decode((const char *)p, n);
        if (cp == 0x201C || cp == 0x201D || cp == 0xFF02)
            pol_buf_puts(&b, pol_msg(d->lang, POL_MSG_got_curly_quotes));
    }
    return b.data;
}

/* A syntax error: something other than `what` (MSG json_*) stands at p.
 * Invalid UTF-8 anywhere is reported as such. */
static bool syntax(Dec *d, Ptr p, const char *what)
{
    if (p < d->end && *p >= 0x80 && utf8_at(p, d->end) == 0)
        return fail(d, p, POL_E0903_invalid_utf8, (unsigned)*p);
    return fail(d, p, POL_E0904_json_syntax, what, got_char(d, p, d->end));
}

/* ----------------------------------------------------------------- strings */

enum StrErr { SE_OK, SE_UNTERMINATED, SE_CONTROL, SE_ESCAPE, SE_UESCAPE, SE_SURROGATE, SE_UTF8, SE_LONG };

enum { C_PLAIN, C_QUOTE, C_BSLASH, C_CTRL, C_HIGH };
#define R4(x) x, x, x, x
#define R16(x) R4(x), R4(x), R4(x), R4(x)
static const unsigned char char_class[256] = {
    R16(C_CTRL), R16(C_CTRL),                                 /* 0x00-0x1F */
    C_PLAIN, C_PLAIN, C_QUOTE, C_PLAIN, R4(C_PLAIN), R4(C_PLAIN), R4(C_PLAIN), /* 0x20-0x2F */
    R16(C_PLAIN), R16(C_PLAIN),                               /* 0x30-0x4F */
    R4(C_PLAIN), R4(C_PLAIN), R4(C_PLAIN), C_BSLASH, C_PLAIN, C_PLAIN, C_PLAIN, /* 0x50-0x5F */
    R16(C_PLAIN), R16(C_PLAIN),                               /* 0x60-0x7F */
    R16(C_HIGH), R16(C_HIGH), R16(C_HIGH), R16(C_HIGH),
    R16(C_HIGH), R16(C_HIGH), R16(C_HIGH), R16(C_HIGH)        /* 0x80-0xFF */
};
#undef R4
#undef R16

static int hex4(Ptr p, Ptr end, unsigned *out)
{
    if (end - p < 4)
        return 0;
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        unsigned c = p[i], h;
        if (c >= '0' && c <= '9')
            h = c - '0';
        else if (c >= 'a' && c <= 'f')
            h = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            h = c - 'A' + 10;
        else
            return 0;
        v = v << 4 | h;
    }
    *out = v;
    return 1;
}

/* The rest of scan_string, from p, the first byte after the opening quote
 * (at open) that is not plain. */
static __attribute__((noinline)) enum StrErr scan_string_rest(Ptr open, Ptr p, Ptr end, Str *s, Ptr *at)
{
    size_t shrink = 0;
    s->b = open + 1;
    s->esc = false;
    s->nul = false;
    for (;; p += pol_json_plain_run(p, (size_t)(end - p))) {   /* jsonscan.h */
        if (p >= end) {
            *at = open;
            return SE_UNTERMINATED;
        }
        switch (char_class[*p]) {
        case C_QUOTE:
            s->e = p;
            s->next = p + 1;
            s->len = (size_t)(p - s->b) - shrink;
            if (s->len > POL_FACTS_MAX_STRING) {
                *at = open;
                return SE_LONG;
            }
            return SE_OK;
        case C_CTRL:
            *at = p;
            return SE_CONTROL;
        case C_HIGH:
            /* the characters of Chinese text, one after another: three
             * bytes from E1..EC or EE..EF then two continuation bytes are
             * always well formed (utf8_at knows the other cases) */
            do {
                if (end - p >= 3 && (unsigned)(*p - 0xE1) <= 0xEF - 0xE1 && *p != 0xED && (p[1] & 0xC0) == 0x80 &&
                    (p[2] & 0xC0) == 0x80) {
                    p += 3;
                    continue;
                }
                size_t n = utf8_at(p, end);
                if (n == 0) {
                    *at = p;
                    return SE_UTF8;
                }
                p += n;
            } while (p < end && *p >= 0x80);
            break;
        default: { /* backslash */
            s->esc = true;
            if (end - p < 2) {
                *at = open;
                return SE_UNTERMINATED;
            }
            unsigned c = p[1];
            if (c != 'u') {
                if (c != '"' && c != '\\' && c != '/' && c != 'b' && c != 'f' && c != 'n' && c != 'r' && c != 't') {
                    *at = p;
                    return SE_ESCAPE;
                }
                p += 2;
                shrink += 1;
                break;
            }
            unsigned cp;
            if (!hex4(p + 2, end, &cp)) {
                *at = p;
                return SE_UESCAPE;
            }
            if (cp >= 0xDC00 && cp <= 0xDFFF) {
                *at = p;
                return SE_SURROGATE;
            }
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                unsigned lo;
                if (end - p < 12 || p[6] != '\\' || p[7] != 'u' || !hex4(p + 8, end, &lo) ||
                    lo < 0xDC00 || lo > 0xDFFF) {
                    *at = p;
                    return SE_SURROGATE;
                }
                p += 12;
                shrink += 12 - 4;
                break;
            }
            if (cp == 0)
                s->nul = true;
            p += 6;
            shrink += cp < 0x80 ? 5u : cp < 0x800 ? 4u : 3u; /* 6 bytes become 1..3 */
            break;
        }
        }
    }
}

/* Scans and fully validates the string whose opening quote is at p, without
 * producing its content. On error returns the code and sets *at. Pure, so
 * that the id recovery scan can use it too. Inline for the usual string,
 * plain bytes up to its closing quote; the rest of the work out of line. */
HOT enum StrErr scan_string(Ptr p, Ptr end, Str *s, Ptr *at)
{
    Ptr b = p + 1, q = b + pol_json_plain_run(b, (size_t)(end - b));
    if (q < end && *q == '"' && (size_t)(q - b) <= POL_FACTS_MAX_STRING) {
        s->b = b;
        s->e = q;
        s->next = q + 1;
        s->len = (size_t)(q - b);
        s->esc = false;
        s->nul = false;
        return SE_OK;
    }
    return scan_string_rest(p, q, end, s, at);
}

static bool string_error(Dec *d, enum StrErr e, Ptr at)
{
    switch (e) {
    case SE_UNTERMINATED:
        return fail(d, at, POL_E0907_string_not_closed);
    case SE_CONTROL:
        return fail(d, at, POL_E0908_control_character, (unsigned)*at);
    case SE_ESCAPE:
        if (at[1] > 0x20 && at[1] < 0x7F)
            return fail(d, at, POL_E0909_invalid_escape, (int)at[1]);
        return fail(d, at, POL_E0910_backslash_without_escape);
    case SE_UESCAPE:
        return fail(d, at, POL_E0911_invalid_unicode_escape);
    case SE_SURROGATE:
        return fail(d, at, POL_E0912_lone_surrogate, (const char *)at + 1);
    case SE_UTF8:
        return fail(d, at, POL_E0903_invalid_utf8, (unsigned)*at);
    case SE_LONG:
        return fail(d, at, POL_E0913_string_too_long, POL_FACTS_MAX_STRING);
    case SE_OK:
        break;
    }
    return true;
}

/* Unescapes a scanned (hence valid) string into dst, which has s->len bytes. */
static void unescape(const Str *s, char *dst)
{
    Ptr p = s->b;
    while (p < s->e) {
        if (*p != '\\') {
            *dst++ = (char)*p++;
            continue;
        }
        unsigned c = p[1];
        if (c != 'u') {
            switch (c) {
            case 'b': *dst++ = '\b'; break;
            case 'f': *dst++ = '\f'; break;
            case 'n': *dst++ = '\n'; break;
            case 'r': *dst++ = '\r'; break;
            case 't': *dst++ = '\t'; break;
            default: *dst++ = (char)c; break;
            }
            p += 2;
            continue;
        }
        unsigned cp, lo;
        hex4(p + 2, s->e, &cp);
        p += 6;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            hex4(p + 2, s->e, &lo);
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            p += 6;
        }
        dst += pol_utf8_encode(cp, dst);
    }
}

/* The content of s: points into the text when there are no escapes, else
 * into the scratch buffer (valid until the next call). */
static const char *content(Dec *d, const Str *s)
{
    if (!s->esc)
        return (const char *)s->b;
    if (s->len + 1 > d->scratch_cap) {
        d->scratch_cap = s->len + 1;
        d->scratch = GC_MALLOC_ATOMIC(d->scratch_cap);
    }
    unescape(s, d->scratch);
    return d->scratch;
}

/* -------------------------------------------------------------- numbers */

static bool is_digit(unsigned c) { return c >= '0' && c <= '9'; }

/* Extent of a number-like token: what a drafter may have meant as a number. */
static Ptr numtok_end(Ptr p, Ptr end)
{
    while (p < end && (is_digit(*p) || *p == '-' || *p == '+' || *p == '.' || *p == 'e' || *p == 'E'))
        p++;
    return p;
}

static bool word_byte(unsigned c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_'; }

static Ptr word_end(Ptr p, Ptr end)
{
    while (p < end && word_byte(*p))
        p++;
    return p;
}

/* Four bytes as the word a load of them gives, whatever the byte order. */
static inline uint32_t word4(const char *s)
{
    uint32_t w;
    memcpy(&w, s, 4);
    return w;
}

/* The parts of a number in JSON syntax. */
typedef struct Num {
    bool neg;
    Ptr ib, ie;           /* integer digits */
    Ptr fb, fe;           /* fraction digits, empty when none */
    bool has_frac, has_exp, exp_neg;
    Ptr xb, xe;           /* exponent digits */
} Num;

/* Splits s[0..n) per the JSON number grammar; false when it does not match. */
static bool num_split(Ptr s, size_t n, Num *num)
{
    Ptr p = s, end = s + n;
    memset(num, 0, sizeof *num);
    if (p < end && *p == '-') {
        num->neg = true;
        p++;
    }
    num->ib = p;
    if (p < end && *p == '0')
        p++;
    else if (p < end && *p >= '1' && *p <= '9')
        while (p < end && is_digit(*p))
            p++;
    else
        return false;
    num->ie = num->fb = num->fe = p;
    if (p < end && *p == '.') {
        num->has_frac = true;
        num->fb = ++p;
        while (p < end && is_digit(*p))
            p++;
        num->fe = p;
        if (num->fe == num->fb)
            return false;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        num->has_exp = true;
        p++;
        if (p < end && (*p == '+' || *p == '-'))
            num->exp_neg = *p++ == '-';
        num->xb = p;
        while (p < end && is_digit(*p))
            p++;
        num->xe = p;
        if (num->xe == num->xb)
            return false;
    }
    return p == end;
}

enum IntResult { INT_OK, INT_BAD, INT_RANGE };

static enum IntResult int_parse(Ptr s, size_t n, int64_t *out)
{
    Num num;
    if (!num_split(s, n, &num) || num.has_frac || num.has_exp)
        return INT_BAD;
    uint64_t limit = num.neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    uint64_t mag = 0;
    for (Ptr p = num.ib; p < num.ie; p++) {
        unsigned dg = (unsigned)(*p - '0');
        if (mag > (limit - dg) / 10)
            return INT_RANGE;
        mag = mag * 10 + dg;
    }
    if (!num.neg)
        *out = (int64_t)mag;
    else if (mag == 0)
        *out = 0;
    else
        *out = -(int64_t)(mag - 1) - 1;
    return INT_OK;
}

enum MoneyResult { MONEY_OK, MONEY_BAD, MONEY_NEG, MONEY_OVER };

/* Money as written by a drafter: digits without leading zeros, optionally a
 * point and one or two digits; read exactly into fen. A leading '-' on an
 * otherwise good amount is reported as MONEY_NEG for a clearer message. */
static enum MoneyResult money_parse(Ptr s, size_t n, int64_t *fen)
{
    size_t i = 0;
    bool neg = n > 0 && s[0] == '-';
    if (neg)
        i = 1;
    size_t ib = i;
    uint64_t whole = 0;   /* the integer digits' value, read as they are found (wraps past 19 of them: unused then) */
    if (i < n && s[i] == '0')
        i++;
    else if (i < n && s[i] >= '1' && s[i] <= '9')
        while (i < n && is_digit(s[i]))
            whole = whole * 10 + (unsigned)(s[i++] - '0');
    else
        return MONEY_BAD;
    size_t ie = i, fb = i, fe = i;
    if (i < n && s[i] == '.') {
        fb = ++i;
        while (i < n && is_digit(s[i]))
            i++;
        fe = i;
        if (fe - fb < 1 || fe - fb > 2)
            return MONEY_BAD;
    }
    if (i != n)
        return MONEY_BAD;
    if (neg) {
        bool zero = s[ib] == '0';
        for (size_t k = fb; k < fe; k++)
            zero = zero && s[k] == '0';
        return zero ? MONEY_BAD : MONEY_NEG; /* "-0" is just malformed */
    }
    /* no leading zeros: more than 15 integer digits is at least 10^15 yuan */
    if (ie - ib > 15)
        return MONEY_OVER;
    int64_t v = (int64_t)whole * 100;
    if (fe - fb >= 1)
        v += 10 * (s[fb] - '0');
    if (fe - fb == 2)
        v += s[fb + 1] - '0';
    *fen = v; /* at most 999999999999999.99 yuan == POL_MONEY_FACT_MAX */
    return MONEY_OK;
}

static const int64_t pow10_tab[19] = {
    INT64_C(1), INT64_C(10), INT64_C(100), INT64_C(1000), INT64_C(10000), INT64_C(100000),
    INT64_C(1000000), INT64_C(10000000), INT64_C(100000000), INT64_C(1000000000),
    INT64_C(10000000000), INT64_C(100000000000), INT64_C(1000000000000),
    INT64_C(10000000000000), INT64_C(100000000000000), INT64_C(1000000000000000),
    INT64_C(10000000000000000), INT64_C(100000000000000000), INT64_C(1000000000000000000)};

enum DecResult { DEC_OK, DEC_BAD, DEC_RANGE };

/* A decimal in JSON number syntax, read exactly: significant digits times a
 * power of ten, reduced by pol_dec_make. */
static enum DecResult dec_parse(Ptr s, size_t n, PolDec *out)
{
    Num num;
    if (!num_split(s, n, &num))
        return DEC_BAD;
    /* significant digits: integer then fraction, without leading or trailing zeros */
    Ptr digits[2][2] = {{num.ib, num.ie}, {num.fb, num.fe}};
    Ptr first = NULL, last = NULL;
    for (int k = 0; k < 2; k++)
        for (Ptr p = digits[k][0]; p < digits[k][1]; p++)
            if (*p != '0') {
                if (!first)
                    first = p;
                last = p;
            }
    if (!first) {
        *out = pol_dec_from_int(0);
        return DEC_OK;
    }
    int64_t exp = 0;
    for (Ptr p = num.xb; p < num.xe; p++)
        if ((exp = exp * 10 + (*p - '0')) > 100000)
            return DEC_RANGE;
    if (num.exp_neg)
        exp = -exp;
    /* value = sig × 10^scale_down⁻¹, scale = digits after the point of `last` - exp */
    int64_t scale = (last >= num.fb && last < num.fe ? (int64_t)(last - num.fb) + 1
                                                     : -(int64_t)(num.ie - 1 - last)) - exp;
    int64_t sig = 0;
    int count = 0;
    for (int k = 0; k < 2; k++)
        for (Ptr p = digits[k][0]; p < digits[k][1]; p++) {
            if (p < first || p > last)
                continue;
            if (++count > 18)
                return DEC_RANGE;
            sig = sig * 10 + (*p - '0');
        }
    int64_t den = 1;
    if (scale > 18)
        return DEC_RANGE;
    if (scale > 0) {
        den = pow10_tab[scale];
    } else if (scale < 0) {
        if (-scale > 18 || sig > INT64_MAX / pow10_tab[-scale])
            return DEC_RANGE;
        sig *= pow10_tab[-scale];
    }
    return pol_dec_make(num.neg ? -sig : sig, den, out) == POL_NUM_OK ? DEC_OK : DEC_RANGE;
}

/* ----------------------------------------------------------------- values */

HOT void ws(Dec *d)
{
    Ptr p = d->p, end = d->end;
    if (p < end && *p > ' ')   /* compact JSON: no space at all */
        return;
    while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
        p++;
    d->p = p;
}

/* "a", "b", "c": the words of an enum, as JSON strings (at most 400 bytes). */
static const char *enum_words(const Dec *d, const PolEnum *e)
{
    const char *comma = pol_msg(d->lang, POL_MSG_list_comma);
    PolBuf b = {0};
    pol_buf_puts(&b, "");
    for (int i = 0; i < e->count; i++) {
        if (i)
            pol_buf_puts(&b, comma);
        pol_buf_put(&b, "\"", 1);
        pol_buf_puts(&b, e->values[i]);
        pol_buf_put(&b, "\"", 1);
    }
    return pol_fit(b.data, 400);
}

/* The values that make member m required, for a message: "\"unit\"", or
 * "one of \"a\", \"b\"" (at most 400 bytes of words). */
static const char *condition_words(const Dec *d, const PolMember *m, const PolEnum *e)
{
    if (m->nwhen == 1)
        return pol_strdup_printf("\"%s\"", e->values[m->when_values[0]]);
    const char *comma = pol_msg(d->lang, POL_MSG_list_comma);
    PolBuf b = {0};
    pol_buf_puts(&b, "");
    for (int i = 0; i < m->nwhen; i++) {
        if (i)
            pol_buf_puts(&b, comma);
        pol_buf_printf(&b, "\"%s\"", e->values[m->when_values[i]]);
    }
    return pol_msg(d->lang, POL_MSG_facts_one_of_words, pol_fit(b.data, 400));
}

/* "expected X, got Y": a value of the wrong kind where t is expected (m,
 * may be NULL, is the member, for an integer's minimum). */
static bool mismatch(Dec *d, Ptr at, const PolType *t, const PolMember *m, const char *got)
{
    while (t->kind == POL_T_OPT)
        t = t->inner;
    switch (t->kind) {
    case POL_T_BOOL: return fail(d, at, POL_E0923_expected_bool, got);
    case POL_T_INT:
        if (m && m->no_sign)
            return fail(d, at, POL_E0943_integer_outside_range, (long long)m->min, (long long)m->max, got);
        if (m && m->has_min)
            return fail(d, at, POL_E0925_integer_below_minimum, (long long)m->min, got);
        if (m && m->has_max)
            return fail(d, at, POL_E0942_integer_above_maximum, (long long)m->max, got);
        return fail(d, at, POL_E0924_expected_integer, got);
    case POL_T_DEC: return fail(d, at, POL_E0927_expected_decimal, got);
    case POL_T_MONEY: return fail(d, at, POL_E0929_expected_money, got);
    case POL_T_DATE: return fail(d, at, POL_E0934_expected_date, got);
    case POL_T_TEXT: return fail(d, at, POL_E0935_expected_text, got);
    case POL_T_RECORD: return fail(d, at, POL_E0938_expected_object, got);
    case POL_T_LIST: return fail(d, at, POL_E0939_expected_list, got);
    case POL_T_ENUM: return fail(d, at, POL_E0937_not_enum_word, enum_words(d, t->enumeration), got, "");
    default: /* no other type is read from facts (the checker refuses durations) */
        return fail(d, at, POL_E0904_json_syntax, pol_type_name(t), got);
    }
}

HOT bool parse_value(Dec *d, const PolType *t, const PolMember *m, bool allow_null, PolValue *out);

static bool too_deep(Dec *d)
{
    return fail(d, d->p, POL_E0914_nested_too_deeply, POL_FACTS_MAX_DEPTH);
}

static bool ascii(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            return false;
    return true;
}

static bool unknown_key(Dec *d, Ptr at, const PolRecord *r, const char *key, size_t n)
{
    Frame f = {key, n, 0};
    PolBuf shown = {0};
    pol_buf_puts(&shown, "");
    pol_buf_json_escape(&shown, key, n);
    PolSuggest s;
    pol_suggest_init(&s, key, n);
    for (int i = 0; i < r->count; i++)
        pol_suggest_try(&s, r->members[i].name);
    return fail_ex(d, at, &f, POL_E0916_unknown_key, pol_fit(shown.data, 200),
                   s.best ? pol_msg(d->lang, POL_MSG_did_you_mean_key, s.best) : "");
}

static Frame *measured(Frame *f)
{
    f->key_len = strlen(f->key);
    return f;
}

/* Whether k[0..n) holds the bytes of w. `words`: k may be read in whole
 * words, as far as n rounded up to eight (they lie in the text); the bytes
 * after n are then masked off. */
HOT bool same_bytes(const uint64_t *w, Ptr k, size_t n, bool words)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (words) {
        size_t j = 0;
        uint64_t x;
        for (; n - j * 8 >= 8; j++) {
            memcpy(&x, k + j * 8, 8);
            if (x != w[j])
                return false;
        }
        size_t rest = n - j * 8;
        if (rest == 0)
            return true;
        memcpy(&x, k + j * 8, 8);
        return ((x ^ w[j]) & ((UINT64_C(1) << (rest * 8)) - 1)) == 0;
    }
#else
    (void)words;
#endif
    return memcmp(k, w, n) == 0;
}

/* Whether the key k[0..n) is name i of ks. */
HOT bool key_is(const PolNameKeys *ks, int i, Ptr k, size_t n, bool words)
{
    return ks->len[i] == n && same_bytes(ks->words[i], k, n, words);
}

/* Whether the text at b, before end, is name i of ks and the quote that
 * closes it (PolNameKeys holds that quote after each name): then that is
 * the key, which needs no scanning, its bytes being those of a name. */
HOT bool expected_key(const PolNameKeys *ks, int i, Ptr b, Ptr end)
{
    size_t m = ks->len[i] + 1;
#if POL_JSON_SSE2
    /* sixteen bytes a compare (the names are padded to whole blocks of 16) */
    if (m <= 32 && end - b >= 32) {
        const __m128i *w = (const __m128i *)(const void *)ks->words[i];
        unsigned eq = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)b),
                                                                 _mm_loadu_si128(w)));
        if (m <= 16)
            return (eq | (~0u << m)) == ~0u;
        unsigned eq2 = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(b + 16)),
                                                                  _mm_loadu_si128(w + 1)));
        return eq == 0xFFFFu && (eq2 | (~0u << (m - 16))) == ~0u;
    }
#endif
    return (size_t)(end - b) >= ((m + 7) & ~(size_t)7) && same_bytes(ks->words[i], b, m, true);
}

/* The name of ks that the string s (neither escaped nor holding NUL)
 * spells: first name `guess` (-1: none), then the one of its perfect hash.
 * -1: none; -2: ks has no perfect hash, look the usual way. */
HOT int find_key(const PolNameKeys *ks, int count, const Str *s, int guess, Ptr end)
{
    Ptr b = s->b;
    size_t n = s->len;
    bool words = (size_t)(end - b) >= ((n + 7) & ~(size_t)7);
    if (guess >= 0 && guess < count && key_is(ks, guess, b, n, words))
        return guess;
    if (!ks->slot)
        return -2;
    int i = ks->slot[pol_key_hash(b, n, ks->mult, ks->shift)];
    return i >= 0 && key_is(ks, i, b, n, words) ? i : -1;
}

/* Whether member i of the record rec just read (r its type) may be as it
 * is: given when required, given or not as its sibling says, long enough
 * when a list. `seen` holds the member's bit among those of the keys given.
 * A missing key is reported at the path it should have had, positioned at
 * the closing brace: that is where the decoder found it missing. */
static bool member_present(Dec *d, const PolRecord *r, const PolRecordValue *rec, int i, uint64_t seen, Ptr close)
{
    const PolMember *m = &r->members[i];
    const PolValue *v = &rec->members[i];
    bool given = seen >> (i % 64) & 1;
    Frame f = {m->name, 0, 0};   /* its length is measured when it is reported */
    switch (m->presence) {
    case POL_PRESENCE_REQUIRED:
    case POL_PRESENCE_NULLABLE:
        if (!given)
            return fail_ex(d, close, measured(&f), POL_E0918_missing_key, m->name);
        break;
    case POL_PRESENCE_REQUIRED_WHEN: {
        if (m->when_member < 0 || m->when_member >= r->count)
            break;
        const PolMember *w = &r->members[m->when_member];
        const PolValue *wv = &rec->members[m->when_member];
        if (w->type->kind != POL_T_ENUM)
            break;
        int word = wv->tag == POL_V_ENUM ? wv->as.enum_index : -1;
        if (pol_member_required_by(m, word)) {
            if (v->tag == POL_V_ABSENT)
                return fail_ex(d, close, measured(&f), given ? POL_E0920_null_key_required_when : POL_E0919_missing_key_required_when,
                               m->name, w->name, condition_words(d, m, w->type->enumeration));
        } else if (m->absent_otherwise && v->tag != POL_V_ABSENT) {
            return fail_ex(d, close, measured(&f), POL_E0946_key_must_be_absent, m->name, w->name,
                           condition_words(d, m, w->type->enumeration));
        }
        return true;   /* absent when not required: an empty list, whatever its bound */
    }
    case POL_PRESENCE_OPTIONAL:
        break;
    }
    /* a list that may be missing is empty then: too short for a lower bound */
    if (v->tag == POL_V_ABSENT && m->type->kind == POL_T_LIST && m->has_min && m->min > 0)
        return fail_ex(d, close, measured(&f), POL_E0944_list_too_short, (long long)m->min, m->min == 1 ? "" : "s", 0L);
    return true;
}

/* A list member not given (or null) is an empty list. */
static bool absent_list_empty(Dec *d, PolValue *v)
{
    if (v->tag != POL_V_ABSENT)
        return true;
    v->tag = POL_V_LIST;
    v->as.list = new_list(d, 0);
    return v->as.list ? true : out_of_memory(d);
}

/* The member named by the key at d->p (a quote) of an object of type r,
 * `next` the member after the previous key's: scans the key into *k and
 * sets *n to the length of the name found. -1 after an error (a bad string,
 * a name not a member's). */
static int member_of_key(Dec *d, const PolRecord *r, int next, Str *kp, size_t *np)
{
    const PolRecordKeys *keys = r->keys;
    int count = r->count;
    Ptr key_at = d->p, err_at;
    Str k;
    enum StrErr se = scan_string(d->p, d->end, &k, &err_at);
    if (se != SE_OK) {
        string_error(d, se, err_at);
        return -1;
    }
    *kp = k;
    const char *key = content(d, &k);
    size_t n = k.len;
    /* by the record's keys (types.h) when it has them */
    int idx = keys && !k.esc ? find_key(&keys->names, count, &k, next, d->end) : -2;
    const char *guess = next < count && !k.nul ? r->members[next].name : NULL;
    if (idx != -2) {
        /* found, or not a member's name */
    } else if (idx = -1, guess && strncmp(guess, key, n) == 0 && guess[n] == '\0') {
        idx = next;   /* strncmp stops at the name's end; then the name must end there too */
    } else if (r->index) {   /* a record of many members (types.h) */
        idx = k.nul ? -1 : pol_record_find_n(r, key, n);
    } else {
        /* a key holding NUL matches nothing (and would fool strncmp) */
        for (int i = k.nul ? count : 0; i < count; i++) {
            const char *nm = r->members[i].name;
            /* strncmp stops at the name's end; then the name must end there too */
            if (nm[0] == (n ? key[0] : '\0') && strncmp(nm, key, n) == 0 && nm[n] == '\0') {
                idx = i;
                break;
            }
        }
    }
    if (idx < 0 && !k.nul && !ascii(key, n)) {
        /* a name of another normal form: the policy's names are in
         * NFC (scan.c), so that its two spellings are one name */
        size_t nfc_len;
        const char *nfc = pol_utf8_nfc(key, n, &nfc_len);
        for (int i = 0; i < count && (nfc_len != n || memcmp(nfc, key, n) != 0); i++)
            if (strcmp(r->members[i].name, nfc) == 0) {
                idx = i;
                n = nfc_len;
                break;
            }
    }
    if (idx < 0) {
        unknown_key(d, key_at, r, key, n);
        return -1;
    }
    *np = n;
    return idx;
}

/* Parses the object at d->p (which is '{') as a record of type r. */
static bool parse_object(Dec *d, const PolRecord *r, PolValue *out)
{
    if (d->depth >= POL_FACTS_MAX_DEPTH)
        return too_deep(d);
    d->depth++;
    d->p++;
    int count = r->count;
    const PolRecordKeys *keys = r->keys;
    PolRecordValue *rec = new_record(d, count);
    if (!rec)
        return out_of_memory(d);
    uint64_t seen_small[4] = {0, 0, 0, 0};
    size_t words = ((size_t)count + 63) / 64;
    uint64_t *seen = seen_small;
    if (words > 4) {
        seen = GC_MALLOC_ATOMIC(words * sizeof *seen);
        memset(seen, 0, words * sizeof *seen);
    }

    int next = 0;   /* the member after the last key's: registers mostly keep the schema's order */
    ws(d);
    if (d->p < d->end && *d->p == '}') {
        d->p++;
    } else {
        for (;;) {
            if (d->p >= d->end || *d->p != '"') {
                if (d->p < d->end && *d->p == '}')
                    return fail(d, d->p, POL_E0921_trailing_comma_object);
                return syntax(d, d->p, pol_msg(d->lang, POL_MSG_json_a_key));
            }
            Ptr key_at = d->p, key_end;
            int idx;
            size_t n;
            if (keys && next < count && expected_key(&keys->names, next, key_at + 1, d->end)) {
                idx = next;   /* the name the schema puts next, as registers write them */
                n = keys->names.len[idx];
                key_end = key_at + n + 2;
            } else {
                Str k;
                idx = member_of_key(d, r, next, &k, &n);
                if (idx < 0)
                    return false;
                key_end = k.next;
            }
            next = idx + 1;
            const PolMember *m = &r->members[idx];
            /* the frame is written field by field: this is the hot path */
            Frame *f = &d->frames[d->nframes];
            f->key = m->name;
            f->key_len = n;
            unsigned bit = (unsigned)idx;
            if (seen[bit / 64] >> (bit % 64) & 1)
                return fail_ex(d, key_at, f, POL_E0917_duplicate_key, m->name);
            seen[bit / 64] |= UINT64_C(1) << (bit % 64);
            d->p = key_end;
            ws(d);
            if (d->p >= d->end || *d->p != ':')
                return syntax(d, d->p, pol_msg(d->lang, POL_MSG_json_colon_after_key, m->name));
            d->p++;
            ws(d);
            d->nframes++;
            if (!parse_value(d, m->type, m, m->presence != POL_PRESENCE_REQUIRED, &rec->members[idx]))
                return false;
            d->nframes--;
            if (idx == d->id_member && d->depth == 1 && d->id_out && rec->members[idx].tag == POL_V_TEXT)
                *d->id_out = rec->members[idx].as.text;
            ws(d);
            if (d->p < d->end && *d->p == ',') {
                d->p++;
                ws(d);
                continue;
            }
            if (d->p < d->end && *d->p == '}') {
                break;
            }
            return syntax(d, d->p, pol_msg(d->lang, POL_MSG_json_comma_or_brace));
        }
        d->p++;
    }
    Ptr close = d->p - 1;

    /* Presence, in schema order, then absent lists become empty lists. With
     * the record's keys (types.h), one test tells that every required key
     * was given, and only the members that may still be wrong are looked
     * at, in the same order: the first error is the same either way. */
    if (keys && (seen[0] & keys->required) == keys->required) {
        for (uint64_t left = keys->checked; left; left &= left - 1)
            if (!member_present(d, r, rec, __builtin_ctzll(left), seen[0], close))
                return false;
        for (uint64_t left = keys->lists; left; left &= left - 1)
            if (!absent_list_empty(d, &rec->members[__builtin_ctzll(left)]))
                return false;
    } else {
        for (int i = 0; i < count; i++)
            if (!member_present(d, r, rec, i, seen[i / 64], close))
                return false;
        for (int i = 0; i < count; i++)
            if (r->members[i].type->kind == POL_T_LIST && !absent_list_empty(d, &rec->members[i]))
                return false;
    }
    d->depth--;
    out->tag = POL_V_RECORD;
    out->as.record = rec;
    return true;
}

/* Parses the array at d->p (which is '[') as a list of elem. */
static bool parse_list(Dec *d, const PolType *elem, const PolMember *m, PolValue *out)
{
    enum { LOCAL = 8 };
    if (d->depth >= POL_FACTS_MAX_DEPTH)
        return too_deep(d);
    d->depth++;
    d->p++;
    PolValue local[LOCAL];
    PolValue *items = local;
    PolListValue *heap = NULL;
    int32_t n = 0, cap = LOCAL;
    bool allow_null = elem->kind == POL_T_OPT;
    ws(d);
    if (d->p < d->end && *d->p == ']') {
        d->p++;
    } else {
        for (;;) {
            if (d->p < d->end && *d->p == ']')
                return fail(d, d->p, POL_E0922_trailing_comma_list);
            if (m && m->has_max && n == m->max)   /* the item one too many begins: at the list's path */
                return fail_ex(d, d->p, NULL, POL_E0945_list_over_bound, (long long)m->max, m->max == 1 ? "" : "s");
            if (n == POL_FACTS_MAX_LIST)
                return fail(d, d->p, POL_E0915_list_too_long, POL_FACTS_MAX_LIST);
            if (n == cap) {
                /* grow (GC heap or arena); the final list keeps the spare room */
                int32_t ncap = cap * 2 > POL_FACTS_MAX_LIST ? POL_FACTS_MAX_LIST : cap * 2;
                PolListValue *grown = new_list(d, ncap);
                if (!grown)
                    return out_of_memory(d);
                memcpy(grown->items, items, (size_t)n * sizeof *items);
                heap = grown;
                items = grown->items;
                cap = ncap;
            }
            d->frames[d->nframes].key = NULL;
            d->frames[d->nframes].index = n;
            d->nframes++;
            if (!parse_value(d, elem, m, allow_null, &items[n]))
                return false;
            d->nframes--;
            n++;
            ws(d);
            if (d->p < d->end && *d->p == ',') {
                d->p++;
                ws(d);
                continue;
            }
            if (d->p < d->end && *d->p == ']')
                break;
            return syntax(d, d->p, pol_msg(d->lang, POL_MSG_json_comma_or_bracket));
        }
        d->p++;
    }
    if (m && m->has_min && n < m->min)
        return fail(d, d->p - 1, POL_E0944_list_too_short, (long long)m->min, m->min == 1 ? "" : "s", (long)n);
    if (!heap) {
        heap = new_list(d, n);
        if (!heap)
            return out_of_memory(d);
        memcpy(heap->items, items, (size_t)n * sizeof *items);
    }
    heap->count = n;
    d->depth--;
    out->tag = POL_V_LIST;
    out->as.list = heap;
    return true;
}

static bool money_error(Dec *d, Ptr at, enum MoneyResult res, Ptr s, size_t n, const char *got)
{
    if (res == MONEY_NEG)
        return fail(d, at, POL_E0932_negative_amount, n > 60 ? 60 : (int)n, (const char *)s);
    if (res == MONEY_OVER) {
        PolBuf amount = {0};   /* with two decimals */
        size_t i = 0;
        while (i < n && s[i] != '.')
            i++;
        pol_buf_put(&amount, (const char *)s, i);
        pol_buf_put(&amount, ".", 1);
        size_t frac = i < n ? n - i - 1 : 0;
        pol_buf_put(&amount, i < n ? (const char *)s + i + 1 : "", frac);
        pol_buf_put(&amount, "00", 2 - frac);
        return fail(d, at, POL_E0933_amount_over_maximum, pol_fit(amount.data, 120));
    }
    /* full-width digits (U+FF10..U+FF19) are a frequent slip in Chinese text */
    for (size_t i = 0; i + 2 < n; i++)
        if (s[i] == 0xEF && s[i + 1] == 0xBC && s[i + 2] >= 0x90 && s[i + 2] <= 0x99)
            return fail(d, at, POL_E0931_money_fullwidth_digits, got);
    return fail(d, at, POL_E0930_money_form, got);
}

/* A value given as a JSON number (token b..e) where t is expected. */
static bool number_value(Dec *d, const PolType *t, const PolMember *m, Ptr b, Ptr e, PolValue *out)
{
    size_t n = (size_t)(e - b);
    switch (t->kind) {
    case POL_T_INT: {
        int64_t i = 0;
        enum IntResult res = int_parse(b, n, &i);
        if (res == INT_RANGE && !(m && m->has_max))
            return fail(d, b, POL_E0926_integer_out_of_range, got_text(b, e));
        if (res == INT_RANGE)   /* beyond 64 bits, and so beyond the member's upper bound */
            return mismatch(d, b, t, m, got_text(b, e));
        if (res == INT_BAD || (m && ((m->has_min && i < m->min) || (m->has_max && i > m->max) || (m->no_sign && *b == '-'))))
            return mismatch(d, b, t, m, got_text(b, e));
        *out = pol_int(i);
        return true;
    }
    case POL_T_MONEY: {
        int64_t fen = 0;
        enum MoneyResult res = money_parse(b, n, &fen);
        if (res != MONEY_OK)
            return money_error(d, b, res, b, n, got_text(b, e));
        *out = pol_money(fen);
        return true;
    }
    case POL_T_DEC: {
        PolDec v;
        enum DecResult res = dec_parse(b, n, &v);
        if (res == DEC_RANGE)
            return fail(d, b, POL_E0928_decimal_out_of_range, got_text(b, e));
        if (res == DEC_BAD)
            return mismatch(d, b, t, m, got_text(b, e));
        out->tag = POL_V_DEC;
        out->as.dec = v;
        return true;
    }
    default:
        return mismatch(d, b, t, m, got_text(b, e));
    }
}

/* A value given as a JSON string where t is expected. */
HOT bool string_value(Dec *d, const PolType *t, const PolMember *m, Ptr at, PolValue *out)
{
    Str s;
    Ptr err_at;
    enum StrErr se = scan_string(at, d->end, &s, &err_at);
    if (se != SE_OK)
        return string_error(d, se, err_at);
    d->p = s.next;
    switch (t->kind) {
    case POL_T_TEXT:
        if (s.nul)
            return fail(d, at, POL_E0936_text_with_nul);
        out->tag = POL_V_TEXT;
        out->as.text = new_text(d, content(d, &s), (uint32_t)s.len);
        if (!out->as.text)
            return out_of_memory(d);
        return true;
    case POL_T_DATE: {
        int32_t days;
        if (!pol_date_parse(content(d, &s), s.len, &days))
            return mismatch(d, at, t, m, got_text(at, s.next));
        *out = pol_date(days);
        return true;
    }
    case POL_T_ENUM: {
        const PolEnum *en = t->enumeration;
        const char *c = content(d, &s);
        int i = en->keys && !s.esc ? find_key(en->keys, en->count, &s, -1, d->end) : -2;
        if (i == -2)
            i = pol_enum_find_n(en, c, s.len);
        if (i >= 0) {
            *out = pol_enum_value(i);
            return true;
        }
        /* "stamps" for stamp: the nearest word, as for a key */
        PolSuggest near;
        pol_suggest_init(&near, c, s.nul ? 0 : s.len);
        for (int k = 0; k < en->count && !s.nul; k++)
            pol_suggest_try(&near, en->values[k]);
        return fail(d, at, POL_E0937_not_enum_word, enum_words(d, en), got_text(at, s.next),
                    near.best ? pol_msg(d->lang, POL_MSG_did_you_mean_key, near.best) : "");
    }
    case POL_T_MONEY: {
        int64_t fen = 0;
        Ptr c = (Ptr)content(d, &s);
        enum MoneyResult res = money_parse(c, s.len, &fen);
        if (res != MONEY_OK)
            return money_error(d, at, res, c, s.len, got_text(at, s.next));
        *out = pol_money(fen);
        return true;
    }
    case POL_T_DEC: {
        PolDec v;
        enum DecResult res = dec_parse((Ptr)content(d, &s), s.len, &v);
        if (res == DEC_RANGE)
            return fail(d, at, POL_E0928_decimal_out_of_range, got_text(at, s.next));
        if (res == DEC_BAD)
            return mismatch(d, at, t, m, got_text(at, s.next));
        out->tag = POL_V_DEC;
        out->as.dec = v;
        return true;
    }
    default:
        return mismatch(d, at, t, m, got_text(at, s.next));
    }
}

/* Parses the value at d->p as type t into *out. null is taken as absent
 * when allow_null (or t is optional), else it is a mismatch. m (may be NULL)
 * is the member being read, for its integer minimum. */
HOT bool parse_value(Dec *d, const PolType *t, const PolMember *m, bool allow_null, PolValue *out)
{
    if (t->kind == POL_T_OPT) {
        allow_null = true;
        t = t->inner;
    }
    Ptr p = d->p, end = d->end;
    if (p >= end)
        return syntax(d, p, pol_msg(d->lang, POL_MSG_json_a_value));
    unsigned c = *p;
    if (c == '"')
        return string_value(d, t, m, p, out);
    if (c == '{') {
        if (t->kind == POL_T_RECORD)
            return parse_object(d, t->record, out);
        return mismatch(d, p, t, m, pol_msg(d->lang, POL_MSG_got_object));
    }
    if (c == '[') {
        if (t->kind == POL_T_LIST)
            return parse_list(d, t->inner, m, out);
        return mismatch(d, p, t, m, pol_msg(d->lang, POL_MSG_got_array));
    }
    if (is_digit(c) || c == '-' || c == '+' || c == '.') {
        Ptr e = numtok_end(p, end);
        d->p = e;
        return number_value(d, t, m, p, e, out);
    }
    /* true, false and null read as words of four bytes, where the byte
     * after them ends the word (word_end finds the same word) */
    if (end - p >= 4) {
        uint32_t w;
        memcpy(&w, p, 4);
        bool ends = end - p == 4 || !word_byte(p[4]);
        if (w == word4("null") && ends && allow_null) {
            d->p = p + 4;
            *out = pol_absent();
            return true;
        }
        if (t->kind == POL_T_BOOL && w == word4("true") && ends) {
            d->p = p + 4;
            *out = pol_bool(true);
            return true;
        }
        if (t->kind == POL_T_BOOL && w == word4("fals") && end - p >= 5 && p[4] == 'e' && (end - p == 5 || !word_byte(p[5]))) {
            d->p = p + 5;
            *out = pol_bool(false);
            return true;
        }
    }
    Ptr e = word_end(p, end);
    if (e == p)
        return syntax(d, p, pol_msg(d->lang, POL_MSG_json_a_value));
    /* null where it may stand, true and false where a bool may were read
     * above: any word here (null too) is a value of the wrong kind */
    d->p = e;
    return mismatch(d, p, t, m, got_text(p, e));
}

/* ------------------------------------------------------------ id recovery */

/* Skips a value loosely (strings validated, nesting only counted): good
 * enough to walk to a later top-level "id" after an error elsewhere.
 * Returns where the value ends, NULL when the text ends first. */
static Ptr skip_loose(Ptr p, Ptr end)
{
    long nest = 0;
    while (p < end) {
        unsigned c = *p;
        if (c == '"') {
            Str s;
            Ptr at;
            if (scan_string(p, end, &s, &at) != SE_OK)
                return NULL;
            p = s.next;
            if (nest == 0)
                return p;
            continue;
        }
        if (c == '{' || c == '[') {
            nest++;
        } else if (c == '}' || c == ']') {
            if (nest == 0)
                return p;
            if (--nest == 0)
                return p + 1;
        } else if (c == ',' && nest == 0) {
            return p;
        }
        p++;
    }
    return NULL;
}

/* Finds the first top-level member named as the applicant's id member
 * whose value is a valid string. */
static const PolText *recover_id(Dec *d)
{
    if (!d->id_name)
        return NULL;
    size_t name_len = strlen(d->id_name);
    d->p = d->text;
    ws(d);
    if (d->p >= d->end || *d->p != '{')
        return NULL;
    d->p++;
    for (;;) {
        ws(d);
        Str k, v;
        Ptr at;
        if (d->p >= d->end || *d->p != '"' || scan_string(d->p, d->end, &k, &at) != SE_OK)
            return NULL;
        d->p = k.next;
        ws(d);
        if (d->p >= d->end || *d->p != ':')
            return NULL;
        d->p++;
        ws(d);
        if (d->p >= d->end)
            return NULL;
        if (k.len == name_len && !k.nul && memcmp(content(d, &k), d->id_name, name_len) == 0 && *d->p == '"') {
            if (scan_string(d->p, d->end, &v, &at) != SE_OK || v.nul)
                return NULL;
            return new_text(d, content(d, &v), (uint32_t)v.len);
        }
        Ptr next = skip_loose(d->p, d->end);
        if (!next)
            return NULL;
        d->p = next;
        ws(d);
        if (d->p >= d->end || *d->p != ',')
            return NULL;
        d->p++;
    }
}

/* ------------------------------------------------------------------ entry */

/* The top-level value at `at` is not an object: says what it is instead. */
static bool top_not_object(Dec *d, Ptr at)
{
    Ptr e;
    if (*at == '[')
        return fail(d, at, POL_E0905_not_an_object, pol_msg(d->lang, POL_MSG_got_array));
    if (*at == '"') {
        Str s;
        Ptr err_at;
        enum StrErr se = scan_string(at, d->end, &s, &err_at);
        if (se != SE_OK)
            return string_error(d, se, err_at);
        e = s.next;
    } else if (is_digit(*at) || *at == '-' || *at == '+' || *at == '.') {
        e = numtok_end(at, d->end);
    } else {
        e = word_end(at, d->end);
        if (e == at) {
            if (*at >= 0x80 && utf8_at(at, d->end) == 0)
                return fail(d, at, POL_E0903_invalid_utf8, (unsigned)*at);
            return fail(d, at, POL_E0905_not_an_object, got_char(d, at, d->end));
        }
    }
    return fail(d, at, POL_E0905_not_an_object, got_text(at, e));
}

PolDiag pol_facts_too_large(size_t len, PolLang lang)
{
    PolDiag e = pol_diag_error(lang, POL_E0902_facts_too_large,
                               pol_fit(pol_diag_text(lang, POL_E0902_facts_too_large, len, POL_FACTS_MAX_BYTES), MAX_MESSAGE));
    e.path = "$";
    e.line = e.column = 1;
    return e;
}

bool pol_facts_decode(const PolRecord *schema, const char *json, size_t len, const PolFactsOptions *o,
                      PolValue *out, PolDiag *err, const PolText **id_out)
{
    PolDiag dummy;
    char scratch[512];
    Dec d;
    d.text = d.p = (Ptr)json;
    d.end = d.p + len;
    d.depth = 0;
    d.nframes = 0;
    d.scratch = scratch;
    d.scratch_cap = sizeof scratch;
    d.arena = o ? o->arena : NULL;
    d.lang = o ? o->lang : POL_LANG_EN;
    d.err = err ? err : &dummy;
    d.id_out = id_out;
    d.id_member = o && o->id_member >= 0 && o->id_member < schema->count ? o->id_member : -1;
    d.id_name = d.id_member >= 0 ? schema->members[d.id_member].name : NULL;
    if (id_out)
        *id_out = NULL;
    *out = pol_absent();

    bool ok;
    if (len > POL_FACTS_MAX_BYTES) {
        ok = fail(&d, d.p, POL_E0902_facts_too_large, len, POL_FACTS_MAX_BYTES);
    } else {
        if (len >= 3 && d.p[0] == 0xEF && d.p[1] == 0xBB && d.p[2] == 0xBF)
            d.text = d.p = d.p + 3;
        ws(&d);
        Ptr at = d.p;
        PolValue v;
        if (at < d.end && *at == '{') {
            ok = parse_object(&d, schema, &v);
            if (ok) {
                ws(&d);
                if (d.p < d.end) {
                    if (*d.p >= 0x80 && utf8_at(d.p, d.end) == 0)
                        ok = fail(&d, d.p, POL_E0903_invalid_utf8, (unsigned)*d.p);
                    else
                        ok = fail(&d, d.p, POL_E0906_text_after_object);
                }
            }
            if (ok)
                *out = v;
        } else if (at >= d.end) {
            ok = fail(&d, at, POL_E0905_not_an_object, pol_msg(d.lang, POL_MSG_got_nothing));
        } else {
            ok = top_not_object(&d, at);
        }
    }
    if (!ok && id_out && !*id_out)
        *id_out = recover_id(&d);
    return ok;
}
