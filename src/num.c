/*
 * num.c — exact numbers and calendar dates (see num.h for the contract).
 *
 * Decimal and unrounded-money arithmetic is done in 128 bits: every product
 * of two int64 values fits, so an operation is exact up to the final
 * reduction, and only a result whose lowest-terms form leaves int64 is an
 * overflow. Magnitudes are handled as unsigned 128-bit numbers so that
 * INT64_MIN (and its square) never needs a signed negation that could trap.
 */
#include <string.h>
#include "num.h"

__extension__ typedef unsigned __int128 pol_u128;

#define U64_MAX_AS_U128 ((pol_u128)UINT64_MAX)
#define I64_MAX_MAG ((pol_u128)INT64_MAX)
#define I64_MIN_MAG ((pol_u128)INT64_MAX + 1u)

/* ---- integers ---- */

PolNumStatus pol_int_add(int64_t a, int64_t b, int64_t *out)
{
    int64_t r;
    if (__builtin_add_overflow(a, b, &r))
        return POL_NUM_OVERFLOW;
    *out = r;
    return POL_NUM_OK;
}

PolNumStatus pol_int_sub(int64_t a, int64_t b, int64_t *out)
{
    int64_t r;
    if (__builtin_sub_overflow(a, b, &r))
        return POL_NUM_OVERFLOW;
    *out = r;
    return POL_NUM_OK;
}

PolNumStatus pol_int_mul(int64_t a, int64_t b, int64_t *out)
{
    int64_t r;
    if (__builtin_mul_overflow(a, b, &r))
        return POL_NUM_OVERFLOW;
    *out = r;
    return POL_NUM_OK;
}

PolNumStatus pol_int_neg(int64_t a, int64_t *out)
{
    int64_t r;
    if (__builtin_sub_overflow((int64_t)0, a, &r))
        return POL_NUM_OVERFLOW;
    *out = r;
    return POL_NUM_OK;
}

/* ---- 128-bit helpers ---- */

static pol_u128 mag128(pol_i128 x)
{
    /* Unsigned negation is modular, so this is exact even for the minimum. */
    return x < 0 ? (pol_u128)0 - (pol_u128)x : (pol_u128)x;
}

static uint64_t mag64(int64_t x)
{
    return x < 0 ? (uint64_t)0 - (uint64_t)x : (uint64_t)x;
}

static uint64_t gcd64(uint64_t a, uint64_t b)
{
    while (b != 0) {
        uint64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

static pol_u128 gcd128(pol_u128 a, pol_u128 b)
{
    /* 128-bit division is a libgcc call; most operands are small. */
    while (b != 0) {
        if (a <= U64_MAX_AS_U128 && b <= U64_MAX_AS_U128)
            return gcd64((uint64_t)a, (uint64_t)b);
        pol_u128 t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* Signed value of a magnitude known to fit the target (mag <= 2^127). */
static pol_i128 signed128(bool neg, pol_u128 mag)
{
    if (!neg)
        return (pol_i128)mag;
    /* Subtracting from -1 keeps -2^127 representable at every step. */
    return mag == 0 ? 0 : -(pol_i128)(mag - 1u) - 1;
}

/* Sign and magnitudes -> lowest-terms PolDec, or OVERFLOW. den_mag > 0. */
static PolNumStatus dec_from_parts(bool neg, pol_u128 num_mag, pol_u128 den_mag, PolDec *out)
{
    pol_u128 g = gcd128(num_mag, den_mag);
    num_mag /= g;
    den_mag /= g;
    if (num_mag == 0)
        neg = false;
    if (den_mag > I64_MAX_MAG)
        return POL_NUM_OVERFLOW;
    if (num_mag > (neg ? I64_MIN_MAG : I64_MAX_MAG))
        return POL_NUM_OVERFLOW;
    out->num = (int64_t)signed128(neg, num_mag);
    out->den = (int64_t)den_mag;
    return POL_NUM_OK;
}

/* n/d with d != 0, both arbitrary signed 128-bit values. */
static PolNumStatus dec_from_wide(pol_i128 n, pol_i128 d, PolDec *out)
{
    return dec_from_parts((n < 0) != (d < 0), mag128(n), mag128(d), out);
}

/* Same for unrounded money; num_mag must be <= 2^127 - 1 (or 2^127 if neg). */
static PolNumStatus umoney_from_parts(bool neg, pol_u128 num_mag, pol_u128 den_mag, PolUMoney *out)
{
    pol_u128 g = gcd128(num_mag, den_mag);
    if (g == 0)
        g = 1;          /* only for an invalid 0/0 input; avoids a trap */
    num_mag /= g;
    den_mag /= g;
    if (num_mag == 0)
        neg = false;
    if (den_mag > I64_MAX_MAG)
        return POL_NUM_OVERFLOW;
    out->num = signed128(neg, num_mag);
    out->den = (int64_t)den_mag;
    return POL_NUM_OK;
}

/* ---- decimals ---- */

/* Builds num/den in lowest terms. DIV_ZERO for den == 0; OVERFLOW when the
 * normalised form cannot be held (e.g. 1/INT64_MIN needs den = 2^63). */
PolNumStatus pol_dec_make(int64_t num, int64_t den, PolDec *out)
{
    if (den == 0)
        return POL_NUM_DIV_ZERO;
    return dec_from_wide((pol_i128)num, (pol_i128)den, out);
}

PolDec pol_dec_from_int(int64_t i)
{
    PolDec d = {i, 1};
    return d;
}

/* Products of int64 are below 2^126 in magnitude, so the sums below cannot
 * leave 128 bits; only the reduced result can overflow. */
PolNumStatus pol_dec_add(PolDec a, PolDec b, PolDec *out)
{
    pol_i128 n = (pol_i128)a.num * b.den + (pol_i128)b.num * a.den;
    pol_i128 d = (pol_i128)a.den * b.den;
    return dec_from_wide(n, d, out);
}

PolNumStatus pol_dec_sub(PolDec a, PolDec b, PolDec *out)
{
    pol_i128 n = (pol_i128)a.num * b.den - (pol_i128)b.num * a.den;
    pol_i128 d = (pol_i128)a.den * b.den;
    return dec_from_wide(n, d, out);
}

PolNumStatus pol_dec_mul(PolDec a, PolDec b, PolDec *out)
{
    pol_i128 n = (pol_i128)a.num * b.num;
    pol_i128 d = (pol_i128)a.den * b.den;
    return dec_from_wide(n, d, out);
}

PolNumStatus pol_dec_div(PolDec a, PolDec b, PolDec *out)
{
    if (b.num == 0)
        return POL_NUM_DIV_ZERO;
    pol_i128 n = (pol_i128)a.num * b.den;
    pol_i128 d = (pol_i128)a.den * b.num;
    return dec_from_wide(n, d, out);
}

PolNumStatus pol_dec_neg(PolDec a, PolDec *out)
{
    if (a.num == INT64_MIN)
        return POL_NUM_OVERFLOW;
    out->num = -a.num;
    out->den = a.den;
    return POL_NUM_OK;
}

int pol_dec_cmp(PolDec a, PolDec b)
{
    /* Both denominators are positive, so cross-multiplying keeps the order. */
    pol_i128 l = (pol_i128)a.num * b.den;
    pol_i128 r = (pol_i128)b.num * a.den;
    return (l > r) - (l < r);
}

/* ---- text output ---- */

/* Bounded writer: keeps the output NUL-terminated and silently drops what
 * does not fit, so every formatter has the same truncation behaviour. */
typedef struct Out { char *buf; size_t size, len; } Out;

static void out_char(Out *o, char c)
{
    if (o->size != 0 && o->len + 1 < o->size)
        o->buf[o->len++] = c;
}

/* Writes v in decimal, left-padded with zeros to at least min_digits. */
static void out_u64(Out *o, uint64_t v, int min_digits)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + (int)(v % 10u));
        v /= 10u;
    } while (v != 0);
    while (n < min_digits && n < (int)sizeof tmp)
        tmp[n++] = '0';
    while (n > 0)
        out_char(o, tmp[--n]);
}

static size_t out_finish(Out *o)
{
    if (o->size != 0)
        o->buf[o->len] = '\0';
    return o->len;
}

static size_t digits_u64(uint64_t v)
{
    size_t n = 1;
    while (v >= 10u) {
        v /= 10u;
        n++;
    }
    return n;
}

/* The contract promises only 48 bytes of buffer; a terminating expansion can
 * need more (x/2^62 has 62 fraction digits), so such values fall back to the
 * always-short fraction form. Fixed here rather than taken from `size` so
 * the text of a value never depends on the caller's buffer. */
#define DEC_DECIMAL_MAX_LEN 47

/* Shortest exact decimal when den = 2^a 5^b, otherwise "num/den" (see also
 * DEC_DECIMAL_MAX_LEN). Output is truncated to size-1 bytes and
 * NUL-terminated; returns the number of bytes written before the NUL. */
size_t pol_dec_format(PolDec d, char *buf, size_t size)
{
    Out o = {buf, size, 0};
    bool neg = d.num < 0;
    uint64_t nmag = mag64(d.num);
    uint64_t den = d.den > 0 ? (uint64_t)d.den : 1u;

    uint64_t rest = den;
    size_t twos = 0, fives = 0;
    while (rest % 2u == 0) {
        rest /= 2u;
        twos++;
    }
    while (rest % 5u == 0) {
        rest /= 5u;
        fives++;
    }
    /* A lowest-terms num/(2^a 5^b) has exactly max(a, b) fraction digits. */
    size_t frac_digits = twos > fives ? twos : fives;
    uint64_t ipart = nmag / den;
    size_t len = (neg ? 1u : 0u) + digits_u64(ipart) + (frac_digits ? 1u + frac_digits : 0u);

    if (rest != 1 || len > DEC_DECIMAL_MAX_LEN) {
        if (neg)
            out_char(&o, '-');
        out_u64(&o, nmag, 1);
        out_char(&o, '/');
        out_u64(&o, den, 1);
        return out_finish(&o);
    }

    if (neg)
        out_char(&o, '-');
    out_u64(&o, ipart, 1);
    if (frac_digits != 0) {
        out_char(&o, '.');
        /* Long division: rem < den < 2^63, so rem * 10 needs 128 bits. */
        pol_u128 rem = nmag % den;
        for (size_t i = 0; i < frac_digits; i++) {
            rem *= 10u;
            out_char(&o, (char)('0' + (int)(rem / den)));
            rem %= den;
        }
    }
    return out_finish(&o);
}

/* ---- money (fen) ---- */

PolNumStatus pol_money_add(int64_t a, int64_t b, int64_t *out)
{
    return pol_int_add(a, b, out);
}

PolNumStatus pol_money_sub(int64_t a, int64_t b, int64_t *out)
{
    return pol_int_sub(a, b, out);
}

PolNumStatus pol_money_mul_int(int64_t fen, int64_t k, int64_t *out)
{
    return pol_int_mul(fen, k, out);
}

/* Exact: |fen * d.num| <= 2^126 and the reduced denominator divides d.den.
 * d must be a valid PolDec (den > 0). */
PolUMoney pol_money_mul_dec(int64_t fen, PolDec d)
{
    PolUMoney u = {0, 1};
    pol_i128 n = (pol_i128)fen * d.num;
    (void)umoney_from_parts((n < 0) != (d.den < 0), mag128(n), mag128((pol_i128)d.den), &u);
    return u;
}

/* fen / k exactly. DIV_ZERO for k == 0; OVERFLOW only when k == INT64_MIN
 * and fen is odd, since the reduced denominator 2^63 does not fit int64. */
PolNumStatus pol_money_div_int(int64_t fen, int64_t k, PolUMoney *out)
{
    if (k == 0)
        return POL_NUM_DIV_ZERO;
    return umoney_from_parts((fen < 0) != (k < 0), (pol_u128)mag64(fen), (pol_u128)mag64(k), out);
}

PolNumStatus pol_money_div_money(int64_t a, int64_t b, PolDec *out)
{
    return pol_dec_make(a, b, out);
}

/* Rounds num/den fen to a multiple of unit. Works on the magnitude so the
 * modes are symmetric around zero, and divides by den * unit (< 2^126) in
 * one step so that no intermediate rounding or overflow can occur. A unit
 * <= 0 or an invalid den == 0 is reported as DIV_ZERO. */
PolNumStatus pol_umoney_round(PolUMoney u, PolRound mode, int64_t unit, int64_t *out_fen)
{
    if (unit <= 0 || u.den == 0)
        return POL_NUM_DIV_ZERO;
    bool neg = (u.num < 0) != (u.den < 0);
    pol_u128 step = (pol_u128)mag64(u.den) * (uint64_t)unit;
    pol_u128 mag = mag128(u.num);
    pol_u128 q = mag / step;
    pol_u128 r = mag % step;
    pol_u128 above = step - r;   /* distance to the next multiple */
    bool bump;

    switch (mode) {
    case POL_ROUND_UP:
        bump = r != 0;
        break;
    case POL_ROUND_HALF_UP:
        bump = r != 0 && r >= above;
        break;
    case POL_ROUND_HALF_EVEN:
        bump = r > above || (r == above && (q & 1u) != 0);
        break;
    case POL_ROUND_DOWN:
    default:
        bump = false;
        break;
    }
    if (bump)
        q += 1u;   /* cannot wrap: a bump needs r != 0, so step >= 2 */

    pol_u128 limit = neg ? I64_MIN_MAG : I64_MAX_MAG;
    if (q > limit / (uint64_t)unit)
        return POL_NUM_OVERFLOW;
    *out_fen = (int64_t)signed128(neg, q * (uint64_t)unit);
    return POL_NUM_OK;
}

/* ---- unrounded money: exact rationals of fen ---- */

/*
 * A sum or product of two values needs more than 128 bits before it is
 * reduced: |num| < 2^127 times a denominator < 2^63 is below 2^190. Such
 * intermediates are unsigned magnitudes of four 64-bit limbs, least
 * significant first, with the sign kept beside them; after the reduction
 * the result either fits PolUMoney (|num| <= 2^127 - 1, den <= 2^63 - 1)
 * or is an overflow.
 */
typedef struct U256 { uint64_t w[4]; } U256;

#define I127_MAX ((((pol_u128)1) << 127) - 1u)

/* a × b, a < 2^128, b < 2^64: below 2^192. */
static U256 u256_mul(pol_u128 a, uint64_t b)
{
    pol_u128 lo = (pol_u128)(uint64_t)a * b;
    /* at most (2^64 - 1)^2 + 2^64 - 1 < 2^128 */
    pol_u128 hi = (pol_u128)(uint64_t)(a >> 64) * b + (lo >> 64);
    U256 r = {{(uint64_t)lo, (uint64_t)hi, (uint64_t)(hi >> 64), 0}};
    return r;
}

static U256 u256_add(U256 a, U256 b)
{
    U256 r;
    unsigned carry = 0;
    for (int i = 0; i < 4; i++) {
        uint64_t s = a.w[i] + b.w[i];
        unsigned c = s < a.w[i];
        r.w[i] = s + carry;
        carry = c | (r.w[i] < s);
    }
    return r;   /* operands below 2^192: no carry out */
}

/* a - b for a >= b. */
static U256 u256_sub(U256 a, U256 b)
{
    U256 r;
    unsigned borrow = 0;
    for (int i = 0; i < 4; i++) {
        uint64_t d = a.w[i] - b.w[i];
        unsigned c = a.w[i] < b.w[i];
        r.w[i] = d - borrow;
        borrow = c | (d < borrow);
    }
    return r;
}

static int u256_cmp(U256 a, U256 b)
{
    for (int i = 3; i >= 0; i--)
        if (a.w[i] != b.w[i])
            return a.w[i] < b.w[i] ? -1 : 1;
    return 0;
}

static bool u256_zero(U256 a)
{
    return (a.w[0] | a.w[1] | a.w[2] | a.w[3]) == 0;
}

/* a / d and a % d for 0 < d < 2^64, a limb at a time. */
static U256 u256_divmod(U256 a, uint64_t d, uint64_t *rem)
{
    U256 q;
    pol_u128 r = 0;
    for (int i = 3; i >= 0; i--) {
        r = r << 64 | a.w[i];   /* r < d before the shift: fits 128 bits */
        q.w[i] = (uint64_t)(r / d);
        r %= d;
    }
    *rem = (uint64_t)r;
    return q;
}

/* A result already in lowest terms, or OVERFLOW when it is beyond
 * |num| <= 2^127 - 1, 1 <= den <= 2^63 - 1. */
static PolNumStatus umoney_exact(bool neg, U256 num, pol_u128 den, PolUMoney *out)
{
    if (num.w[2] != 0 || num.w[3] != 0 || den == 0 || den > I64_MAX_MAG)
        return POL_NUM_OVERFLOW;
    pol_u128 n = (pol_u128)num.w[1] << 64 | num.w[0];
    if (n > I127_MAX)
        return POL_NUM_OVERFLOW;
    out->num = neg ? -(pol_i128)n : (pol_i128)n;
    out->den = (int64_t)den;
    return POL_NUM_OK;
}

PolUMoney pol_umoney_from_money(int64_t fen)
{
    PolUMoney u = {fen, 1};
    return u;
}

PolUMoney pol_umoney_from_dec(PolDec d)
{
    PolUMoney u = {d.num, d.den};
    return u;
}

PolNumStatus pol_umoney_to_dec(PolUMoney u, PolDec *out)
{
    if (u.num < INT64_MIN || u.num > INT64_MAX)
        return POL_NUM_OVERFLOW;
    out->num = (int64_t)u.num;
    out->den = u.den;
    return POL_NUM_OK;
}

/*
 * a + (b negated when negate_b), by Knuth's reduction (TAOCP 4.5.1): with
 * g = gcd(den a, den b) and t = num a × (den b / g) ± num b × (den a / g),
 * the sum is (t / g2) / ((den a / g) × (den b / g2)) in lowest terms, where
 * g2 = gcd(t, g) — a gcd of a 64-bit number only.
 */
static PolNumStatus umoney_add(PolUMoney a, PolUMoney b, bool negate_b, PolUMoney *out)
{
    uint64_t ad = (uint64_t)a.den, bd = (uint64_t)b.den;
    uint64_t g = gcd64(ad, bd);
    U256 x = u256_mul(mag128(a.num), bd / g);
    U256 y = u256_mul(mag128(b.num), ad / g);
    bool xneg = a.num < 0, yneg = (b.num < 0) != negate_b;
    bool neg;
    U256 t;
    if (xneg == yneg) {
        t = u256_add(x, y);
        neg = xneg;
    } else if (u256_cmp(x, y) >= 0) {
        t = u256_sub(x, y);
        neg = xneg;
    } else {
        t = u256_sub(y, x);
        neg = yneg;
    }
    if (u256_zero(t)) {
        out->num = 0;
        out->den = 1;
        return POL_NUM_OK;
    }
    uint64_t r;
    (void)u256_divmod(t, g, &r);
    uint64_t g2 = gcd64(g, r);
    t = u256_divmod(t, g2, &r);
    return umoney_exact(neg, t, (pol_u128)(ad / g) * (bd / g2), out);
}

PolNumStatus pol_umoney_add(PolUMoney a, PolUMoney b, PolUMoney *out)
{
    return umoney_add(a, b, false, out);
}

PolNumStatus pol_umoney_sub(PolUMoney a, PolUMoney b, PolUMoney *out)
{
    return umoney_add(a, b, true, out);
}

PolNumStatus pol_umoney_neg(PolUMoney a, PolUMoney *out)
{
    /* the range is symmetric: every valid value has a negation */
    if (mag128(a.num) > I127_MAX)
        return POL_NUM_OVERFLOW;
    out->num = -a.num;
    out->den = a.den;
    return POL_NUM_OK;
}

/* a × (neg ? -1 : 1) × fnum / fden, fden > 0: cross-reduced first, so the
 * product of the reduced parts is in lowest terms. */
static PolNumStatus umoney_times(PolUMoney a, bool neg, uint64_t fnum, uint64_t fden, PolUMoney *out)
{
    pol_u128 an = mag128(a.num);
    if (an == 0 || fnum == 0) {
        out->num = 0;
        out->den = 1;
        return POL_NUM_OK;
    }
    uint64_t ad = (uint64_t)a.den;
    uint64_t g1 = (uint64_t)gcd128(an, fden);
    uint64_t g2 = gcd64(fnum, ad);
    U256 n = u256_mul(an / g1, fnum / g2);
    return umoney_exact((a.num < 0) != neg, n, (pol_u128)(ad / g2) * (fden / g1), out);
}

PolNumStatus pol_umoney_mul_dec(PolUMoney a, PolDec d, PolUMoney *out)
{
    return umoney_times(a, d.num < 0, mag64(d.num), (uint64_t)d.den, out);
}

PolNumStatus pol_umoney_div_dec(PolUMoney a, PolDec d, PolUMoney *out)
{
    if (d.num == 0)
        return POL_NUM_DIV_ZERO;
    return umoney_times(a, d.num < 0, (uint64_t)d.den, mag64(d.num), out);
}

PolNumStatus pol_umoney_div(PolUMoney a, PolUMoney b, PolDec *out)
{
    if (b.num == 0)
        return POL_NUM_DIV_ZERO;
    if (a.num == 0) {
        out->num = 0;
        out->den = 1;
        return POL_NUM_OK;
    }
    pol_u128 an = mag128(a.num), bn = mag128(b.num);
    pol_u128 g1 = gcd128(an, bn);
    uint64_t g2 = gcd64((uint64_t)a.den, (uint64_t)b.den);
    U256 n = u256_mul(an / g1, (uint64_t)b.den / g2);
    U256 d = u256_mul(bn / g1, (uint64_t)a.den / g2);
    bool neg = (a.num < 0) != (b.num < 0);
    if (n.w[1] != 0 || n.w[2] != 0 || n.w[3] != 0 || d.w[1] != 0 || d.w[2] != 0 || d.w[3] != 0)
        return POL_NUM_OVERFLOW;
    if (d.w[0] > (uint64_t)INT64_MAX || n.w[0] > (neg ? (uint64_t)INT64_MAX + 1u : (uint64_t)INT64_MAX))
        return POL_NUM_OVERFLOW;
    out->num = (int64_t)signed128(neg, n.w[0]);
    out->den = (int64_t)d.w[0];
    return POL_NUM_OK;
}

int pol_umoney_cmp(PolUMoney a, PolUMoney b)
{
    int sa = (a.num > 0) - (a.num < 0), sb = (b.num > 0) - (b.num < 0);
    if (sa != sb)
        return sa < sb ? -1 : 1;
    if (sa == 0)
        return 0;
    /* both denominators are positive: cross products keep the order */
    int c = u256_cmp(u256_mul(mag128(a.num), (uint64_t)b.den), u256_mul(mag128(b.num), (uint64_t)a.den));
    return sa > 0 ? c : -c;
}

/* ---- scales ---- */

PolNumStatus pol_scale_apply(const PolBracket *b, int n, bool marginal, PolUMoney base, PolUMoney *out, int *bracket)
{
    if (n < 1)
        return POL_NUM_OVERFLOW;   /* no table: nothing a policy can write */
    int k = 0;
    while (k < n - 1 && pol_umoney_cmp(base, b[k].up_to) > 0)
        k++;
    PolUMoney value;
    PolNumStatus s;
    if (!marginal) {
        PolUMoney product;
        s = pol_umoney_mul_dec(base, b[k].rate, &product);
        if (s == POL_NUM_OK)
            s = pol_umoney_sub(product, b[k].deduction, &value);
    } else {
        value = pol_umoney_from_money(0);
        s = POL_NUM_OK;
        for (int i = 0; i <= k && s == POL_NUM_OK; i++) {
            PolUMoney part = i == k ? base : b[i].up_to, tax;
            if (i > 0)
                s = pol_umoney_sub(part, b[i - 1].up_to, &part);
            if (s == POL_NUM_OK)
                s = pol_umoney_mul_dec(part, b[i].rate, &tax);
            if (s == POL_NUM_OK)
                s = pol_umoney_add(value, tax, &value);
        }
    }
    if (s != POL_NUM_OK)
        return s;
    *out = value;
    *bracket = k;
    return POL_NUM_OK;
}

/* Two decimals always; the magnitude is taken unsigned so INT64_MIN works. */
/* "00" to "99": decimal digits two at a time. */
static const char digit_pairs[201] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

/* A decision writes several amounts, so the digits are found two at a time
 * from the right, and a division by the constant 100 is a multiplication
 * (no divide instruction, which costs tens of cycles per digit). */
size_t pol_money_format(int64_t fen, char *buf, size_t size)
{
    char tmp[32], *end = tmp + sizeof tmp, *s = end;
    uint64_t m = mag64(fen);
    uint64_t yuan = m / 100u;
    s -= 2;
    memcpy(s, &digit_pairs[2 * (m - yuan * 100u)], 2);
    *--s = '.';
    while (yuan >= 100u) {
        uint64_t q = yuan / 100u;
        s -= 2;
        memcpy(s, &digit_pairs[2 * (yuan - q * 100u)], 2);
        yuan = q;
    }
    if (yuan >= 10u) {
        s -= 2;
        memcpy(s, &digit_pairs[2 * yuan], 2);
    } else {
        *--s = (char)('0' + yuan);
    }
    if (fen < 0)
        *--s = '-';
    size_t n = (size_t)(end - s);
    if (size == 0)
        return 0;
    if (n >= size)
        n = size - 1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    return n;
}

/* ---- dates ---- */

/*
 * Day numbers are converted through a calendar that starts its year on
 * 1 March: the leap day then falls at the very end of the year, so the
 * day-of-year of every other date does not depend on leap years, and whole
 * 400-year cycles (146097 days) make the arithmetic a few divisions.
 */
#define DAYS_PER_400Y 146097
#define DAYS_PER_100Y 36524
#define DAYS_PER_4Y   1461
/* Days from 0000-03-01 (start of a 400-year cycle) to 1970-01-01. */
#define EPOCH_SHIFT   719468

#define DATE_MIN ((int64_t)-719162)   /* 0001-01-01 */
#define DATE_MAX ((int64_t)2932896)   /* 9999-12-31 */

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        q--;
    return q;
}

static bool is_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month64(int64_t year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12)
        return 0;
    if (month == 2 && is_leap(year))
        return 29;
    return days[month - 1];
}

/* Day number of a (not necessarily valid-range) y-m-d with 1 <= m <= 12. */
static int64_t days_from_ymd(int64_t y, int m, int d)
{
    /* Months March..February are numbered 0..11 in the shifted year. */
    int64_t sy = m <= 2 ? y - 1 : y;
    int sm = m <= 2 ? m + 9 : m - 3;
    int64_t cycle = floor_div(sy, 400);
    int64_t yoc = sy - cycle * 400;                       /* 0..399 */
    /* Month lengths from March repeat 31,30,31,30,31 every five months,
     * which (153 * sm + 2) / 5 reproduces exactly. */
    int64_t doy = (153 * (int64_t)sm + 2) / 5 + d - 1;   /* 0..365 */
    int64_t doc = yoc * 365 + yoc / 4 - yoc / 100 + doy;  /* 0..146096 */
    return cycle * DAYS_PER_400Y + doc - EPOCH_SHIFT;
}

static void ymd_from_days(int64_t days, int64_t *y, int *m, int *d)
{
    int64_t z = days + EPOCH_SHIFT;
    int64_t cycle = floor_div(z, DAYS_PER_400Y);
    int64_t doc = z - cycle * DAYS_PER_400Y;             /* 0..146096 */
    /* Remove the leap days accumulated before doc so 365 divides evenly;
     * the last day of the cycle (doc 146096) is its extra 400-year leap. */
    int64_t yoc = (doc - doc / (DAYS_PER_4Y - 1) + doc / DAYS_PER_100Y
                   - doc / (DAYS_PER_400Y - 1)) / 365;   /* 0..399 */
    int64_t doy = doc - (365 * yoc + yoc / 4 - yoc / 100); /* 0..365 */
    int64_t sm = (5 * doy + 2) / 153;                     /* 0..11, from March */
    *d = (int)(doy - (153 * sm + 2) / 5 + 1);
    *m = (int)(sm < 10 ? sm + 3 : sm - 9);
    *y = cycle * 400 + yoc + (*m <= 2 ? 1 : 0);
}

bool pol_date_valid_ymd(int year, int month, int day)
{
    if (year < 1 || year > 9999)
        return false;
    return day >= 1 && day <= days_in_month64(year, month);
}

PolNumStatus pol_date_from_ymd(int year, int month, int day, int32_t *out)
{
    if (!pol_date_valid_ymd(year, month, day))
        return POL_NUM_BAD_DATE;
    *out = (int32_t)days_from_ymd(year, month, day);
    return POL_NUM_OK;
}

/* Any int32 day number is converted; outside 0001..9999 the year is simply
 * out of the supported range (possibly <= 0). */
void pol_date_to_ymd(int32_t date, int *year, int *month, int *day)
{
    int64_t y;
    int m, d;
    ymd_from_days(date, &y, &m, &d);
    *year = (int)y;   /* |y| < 6e6 for any int32 day number */
    *month = m;
    *day = d;
}

bool pol_date_parse(const char *text, size_t len, int32_t *out)
{
    if (text == NULL || len != 10)
        return false;
    /* "YYYY-MM-" tested as one word, without a branch per digit: a digit
     * is a byte whose high half is 3 and stays 3 when 6 is added to it
     * (the first test leaves no byte that could carry into the next); the
     * dashes are compared whole. The masks are bytes, as the text is. */
    static const unsigned char high_bytes[8] = {0xF0, 0xF0, 0xF0, 0xF0, 0xFF, 0xF0, 0xF0, 0xFF};
    static const unsigned char want_bytes[8] = {'0', '0', '0', '0', '-', '0', '0', '-'};
    static const unsigned char six_bytes[8] = {6, 6, 6, 6, 0, 6, 6, 0};
    uint64_t x, high, want, six;
    memcpy(&x, text, 8);
    memcpy(&high, high_bytes, 8);
    memcpy(&want, want_bytes, 8);
    memcpy(&six, six_bytes, 8);
    const unsigned char *t = (const unsigned char *)text;
    unsigned d8 = t[8] - (unsigned)'0', d9 = t[9] - (unsigned)'0';
    if ((x & high) != want || ((x + six) & high) != want || d8 > 9 || d9 > 9)
        return false;
    int year = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0');
    int month = (t[5] - '0') * 10 + (t[6] - '0');
    int day = (int)(d8 * 10 + d9);
    int32_t r;
    if (pol_date_from_ymd(year, month, day, &r) != POL_NUM_OK)
        return false;
    *out = r;
    return true;
}

/* "YYYY-MM-DD" for supported dates. A day number outside 0001..9999 gets
 * its real year (with '-' if <= 0), which may need more than 11 bytes and
 * is then truncated like every other formatter here. */
size_t pol_date_format(int32_t date, char *buf, size_t size)
{
    Out o = {buf, size, 0};
    int y, m, d;
    pol_date_to_ymd(date, &y, &m, &d);
    if (y >= 0 && y <= 9999 && size > 10) {   /* every date a fact may hold: digits two at a time */
        memcpy(buf, &digit_pairs[2 * (y / 100)], 2);
        memcpy(buf + 2, &digit_pairs[2 * (y % 100)], 2);
        buf[4] = '-';
        memcpy(buf + 5, &digit_pairs[2 * m], 2);
        buf[7] = '-';
        memcpy(buf + 8, &digit_pairs[2 * d], 2);
        buf[10] = '\0';
        return 10;
    }
    if (y < 0)
        out_char(&o, '-');
    out_u64(&o, mag64(y), 4);
    out_char(&o, '-');
    out_u64(&o, (uint64_t)m, 2);
    out_char(&o, '-');
    out_u64(&o, (uint64_t)d, 2);
    return out_finish(&o);
}

/* 0 for a month outside 1..12. Any year: leap rules are proleptic. */
int pol_days_in_month(int year, int month)
{
    return days_in_month64(year, month);
}

PolNumStatus pol_date_add_days(int32_t date, int64_t days, int32_t *out)
{
    int64_t r;
    if (__builtin_add_overflow((int64_t)date, days, &r))
        return POL_NUM_BAD_DATE;
    if (r < DATE_MIN || r > DATE_MAX)
        return POL_NUM_BAD_DATE;
    *out = (int32_t)r;
    return POL_NUM_OK;
}

/* Calendar-month addition keeping the day of month. Only DOWN and UP differ
 * for dates; the HALF_* modes have no meaning here and act as DOWN. */
PolNumStatus pol_date_add_months(int32_t date, int64_t months, PolRound mode,
                                 int32_t *out, bool *ambiguous)
{
    int64_t y;
    int m, d;
    ymd_from_days(date, &y, &m, &d);

    int64_t index;   /* months since 0000-01 */
    if (__builtin_mul_overflow(y, (int64_t)12, &index)
        || __builtin_add_overflow(index, (int64_t)(m - 1), &index)
        || __builtin_add_overflow(index, months, &index))
        return POL_NUM_BAD_DATE;
    int64_t ny = floor_div(index, 12);
    int nm = (int)(index - ny * 12) + 1;
    if (ny < 1 || ny > 9999)
        return POL_NUM_BAD_DATE;

    int last = days_in_month64(ny, nm);
    bool clipped = d > last;
    int64_t r;
    if (!clipped)
        r = days_from_ymd(ny, nm, d);
    else if (mode == POL_ROUND_UP)
        /* Never 9999-12: December has 31 days, so this stays in range. */
        r = days_from_ymd(ny, nm, last) + 1;
    else
        r = days_from_ymd(ny, nm, last);

    if (r < DATE_MIN || r > DATE_MAX)
        return POL_NUM_BAD_DATE;
    *out = (int32_t)r;
    if (ambiguous != NULL)
        *ambiguous = clipped;
    return POL_NUM_OK;
}
