/*
 * test_num.c — unit tests for src/num.c (exact numbers and dates).
 *
 * Expected values are written out literally (checked independently), never
 * recomputed with the code under test, so that every assertion can fail.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include "num.h"

/* Out parameters are pre-filled with this so tests can tell that a failing
 * call left them untouched, as the header promises. */
#define SENTINEL INT64_C(0x5A5A5A5A5A5A5A5A)
#define DATE_SENTINEL INT32_C(0x5A5A5A5A)

static PolDec dec(int64_t num, int64_t den)
{
    PolDec d = {num, den};
    return d;
}

static PolDec make(int64_t num, int64_t den)
{
    PolDec d = {SENTINEL, SENTINEL};
    cr_assert_eq(pol_dec_make(num, den, &d), POL_NUM_OK, "pol_dec_make(%lld, %lld) failed",
                 (long long)num, (long long)den);
    return d;
}

static void assert_dec(PolDec got, int64_t num, int64_t den)
{
    cr_assert(got.num == num && got.den == den, "got %lld/%lld, expected %lld/%lld",
              (long long)got.num, (long long)got.den, (long long)num, (long long)den);
}

static void assert_umoney(PolUMoney got, pol_i128 num, int64_t den)
{
    cr_assert(got.num == num, "umoney numerator differs");
    cr_assert_eq(got.den, den, "umoney den %lld, expected %lld", (long long)got.den, (long long)den);
}

static const pol_i128 I128_2_63 = (pol_i128)INT64_MAX + 1;   /* 2^63 */

/* ================================ integers ================================ */

Test(int, add)
{
    int64_t r = SENTINEL;
    cr_assert_eq(pol_int_add(2, 3, &r), POL_NUM_OK);
    cr_assert_eq(r, 5);
    cr_assert_eq(pol_int_add(INT64_MAX, INT64_MIN, &r), POL_NUM_OK);
    cr_assert_eq(r, -1);
    cr_assert_eq(pol_int_add(INT64_MAX - 1, 1, &r), POL_NUM_OK);
    cr_assert_eq(r, INT64_MAX);

    r = SENTINEL;
    cr_assert_eq(pol_int_add(INT64_MAX, 1, &r), POL_NUM_OVERFLOW);
    cr_assert_eq(pol_int_add(INT64_MIN, -1, &r), POL_NUM_OVERFLOW);
    cr_assert_eq(pol_int_add(INT64_MIN, INT64_MIN, &r), POL_NUM_OVERFLOW);
    cr_assert_eq(r, SENTINEL);
}

Test(int, sub)
{
    int64_t r = SENTINEL;
    cr_assert_eq(pol_int_sub(2, 5, &r), POL_NUM_OK);
    cr_assert_eq(r, -3);
    cr_assert_eq(pol_int_sub(-1, INT64_MAX, &r), POL_NUM_OK);
    cr_assert_eq(r, INT64_MIN);

    r = SENTINEL;
    cr_assert_eq(pol_int_sub(INT64_MIN, 1, &r), POL_NUM_OVERFLOW);
    cr_assert_eq(pol_int_sub(0, INT64_MIN, &r), POL_NUM_OVERFLOW);
    cr_assert_eq(pol_int_sub(INT64_MAX, -1, &r), POL_NUM_OVERFLOW);
    cr_assert_eq(r, SENTINEL);
}

Test(int, mul)
{
    int64_t r = SENTINEL;
    cr_assert_eq(pol_int_mul(-7, 6, &r), POL_NUM_OK);
    cr_assert_eq(r, -42);
    cr_assert_eq(pol_int_mul(INT64_C(3037000499), INT64_C(3037000499), &r), POL_NUM_OK);
    cr_assert_eq(r, INT64_C(9223372030926249001));
    cr_assert_eq(pol_int_mul(INT64_MIN, 1, &r), POL_NUM_OK);
    cr_assert_eq(r, INT64_MIN);
    cr_assert_eq(pol_int_mul(INT64_C(-4611686018427387904), 2, &r), POL_NUM_OK);
    cr_assert_eq(r, INT64_MIN);

    r = SENTINEL;
    cr_assert_eq(pol_int_mul(INT64_C(3037000500), INT64_C(3037000500), &r), POL_NUM_OVERFLOW);
    cr_assert_eq(pol_int_mul(INT64_MIN, -1, &r), POL_NUM_OVERFLOW);
    cr_assert_eq(pol_int_mul(INT64_MAX, 2, &r), POL_NUM_OVERFLOW);
    cr_assert_eq(pol_int_mul(INT64_C(4611686018427387904), 2, &r), POL_NUM_OVERFLOW);
    cr_assert_eq(r, SENTINEL);
}

Test(int, neg)
{
    int64_t r = SENTINEL;
    cr_assert_eq(pol_int_neg(INT64_MAX, &r), POL_NUM_OK);
    cr_assert_eq(r, -INT64_MAX);
    cr_assert_eq(pol_int_neg(0, &r), POL_NUM_OK);
    cr_assert_eq(r, 0);
    r = SENTINEL;
    cr_assert_eq(pol_int_neg(INT64_MIN, &r), POL_NUM_OVERFLOW);
    cr_assert_eq(r, SENTINEL);
}

/* ================================ decimals ================================ */

Test(dec, make_reduces_and_normalises_sign)
{
    assert_dec(make(6, -4), -3, 2);
    assert_dec(make(-6, -4), 3, 2);
    assert_dec(make(0, -5), 0, 1);
    assert_dec(make(30, 100), 3, 10);
    assert_dec(make(INT64_MIN, INT64_MIN), 1, 1);
    assert_dec(make(INT64_MIN, 2), INT64_C(-4611686018427387904), 1);
    assert_dec(make(2, INT64_MIN), -1, INT64_C(4611686018427387904));
    assert_dec(make(INT64_MAX, -INT64_MAX), -1, 1);
    assert_dec(make(INT64_MIN, 1), INT64_MIN, 1);
}

Test(dec, make_errors)
{
    PolDec d = {SENTINEL, SENTINEL};
    cr_assert_eq(pol_dec_make(1, 0, &d), POL_NUM_DIV_ZERO);
    cr_assert_eq(pol_dec_make(0, 0, &d), POL_NUM_DIV_ZERO);
    /* -(INT64_MIN) and a denominator of 2^63 do not fit. */
    cr_assert_eq(pol_dec_make(INT64_MIN, -1, &d), POL_NUM_OVERFLOW);
    cr_assert_eq(pol_dec_make(1, INT64_MIN, &d), POL_NUM_OVERFLOW);
    assert_dec(d, SENTINEL, SENTINEL);
}

Test(dec, from_int)
{
    assert_dec(pol_dec_from_int(0), 0, 1);
    assert_dec(pol_dec_from_int(INT64_MIN), INT64_MIN, 1);
    assert_dec(pol_dec_from_int(-12), -12, 1);
}

Test(dec, add)
{
    PolDec r;
    cr_assert_eq(pol_dec_add(dec(1, 3), dec(1, 6), &r), POL_NUM_OK);
    assert_dec(r, 1, 2);
    cr_assert_eq(pol_dec_add(dec(1, 2), dec(1, 2), &r), POL_NUM_OK);
    assert_dec(r, 1, 1);
    cr_assert_eq(pol_dec_add(dec(3, 10), dec(-3, 10), &r), POL_NUM_OK);
    assert_dec(r, 0, 1);
    /* The unreduced numerator (4 * INT64_MAX) and denominator (4) exceed
     * int64, but the gcd brings the result back into range. */
    cr_assert_eq(pol_dec_add(dec(INT64_MAX, 2), dec(INT64_MAX, 2), &r), POL_NUM_OK);
    assert_dec(r, INT64_MAX, 1);
    cr_assert_eq(pol_dec_add(dec(INT64_MIN, 1), dec(INT64_MAX, 1), &r), POL_NUM_OK);
    assert_dec(r, -1, 1);

    r = dec(SENTINEL, SENTINEL);
    cr_assert_eq(pol_dec_add(dec(INT64_MAX, 1), dec(1, 1), &r), POL_NUM_OVERFLOW);
    cr_assert_eq(pol_dec_add(dec(1, INT64_MAX), dec(1, INT64_MAX - 1), &r), POL_NUM_OVERFLOW);
    cr_assert_eq(pol_dec_add(dec(INT64_MIN, 1), dec(-1, 1), &r), POL_NUM_OVERFLOW);
    assert_dec(r, SENTINEL, SENTINEL);
}

Test(dec, sub)
{
    PolDec r;
    cr_assert_eq(pol_dec_sub(dec(1, 2), dec(1, 3), &r), POL_NUM_OK);
    assert_dec(r, 1, 6);
    cr_assert_eq(pol_dec_sub(dec(1, 3), dec(1, 2), &r), POL_NUM_OK);
    assert_dec(r, -1, 6);
    cr_assert_eq(pol_dec_sub(dec(-1, 1), dec(INT64_MAX, 1), &r), POL_NUM_OK);
    assert_dec(r, INT64_MIN, 1);

    r = dec(SENTINEL, SENTINEL);
    cr_assert_eq(pol_dec_sub(dec(INT64_MIN, 1), dec(1, 1), &r), POL_NUM_OVERFLOW);
    cr_assert_eq(pol_dec_sub(dec(0, 1), dec(INT64_MIN, 1), &r), POL_NUM_OVERFLOW);
    assert_dec(r, SENTINEL, SENTINEL);
}

Test(dec, mul)
{
    PolDec r;
    cr_assert_eq(pol_dec_mul(dec(3, 10), dec(10, 3), &r), POL_NUM_OK);
    assert_dec(r, 1, 1);
    cr_assert_eq(pol_dec_mul(dec(-1, 2), dec(1, 2), &r), POL_NUM_OK);
    assert_dec(r, -1, 4);
    cr_assert_eq(pol_dec_mul(dec(INT64_MAX, 2), dec(2, INT64_MAX), &r), POL_NUM_OK);
    assert_dec(r, 1, 1);
    cr_assert_eq(pol_dec_mul(dec(INT64_MIN, 3), dec(3, 2), &r), POL_NUM_OK);
    assert_dec(r, INT64_C(-4611686018427387904), 1);

    r = dec(SENTINEL, SENTINEL);
    cr_assert_eq(pol_dec_mul(dec(INT64_MAX, 1), dec(2, 1), &r), POL_NUM_OVERFLOW);
    cr_assert_eq(pol_dec_mul(dec(1, INT64_MAX), dec(1, 2), &r), POL_NUM_OVERFLOW);
    cr_assert_eq(pol_dec_mul(dec(INT64_MIN, 1), dec(-1, 1), &r), POL_NUM_OVERFLOW);
    assert_dec(r, SENTINEL, SENTINEL);
}

Test(dec, div)
{
    PolDec r;
    cr_assert_eq(pol_dec_div(dec(1, 2), dec(-1, 4), &r), POL_NUM_OK);
    assert_dec(r, -2, 1);
    cr_assert_eq(pol_dec_div(dec(-3, 10), dec(-9, 20), &r), POL_NUM_OK);
    assert_dec(r, 2, 3);
    cr_assert_eq(pol_dec_div(dec(0, 1), dec(-7, 3), &r), POL_NUM_OK);
    assert_dec(r, 0, 1);
    cr_assert_eq(pol_dec_div(dec(INT64_MIN, 1), dec(INT64_MIN, 1), &r), POL_NUM_OK);
    assert_dec(r, 1, 1);

    r = dec(SENTINEL, SENTINEL);
    cr_assert_eq(pol_dec_div(dec(1, 2), dec(0, 1), &r), POL_NUM_DIV_ZERO);
    cr_assert_eq(pol_dec_div(dec(INT64_MIN, 1), dec(-1, 1), &r), POL_NUM_OVERFLOW);
    cr_assert_eq(pol_dec_div(dec(1, 1), dec(INT64_MIN, 1), &r), POL_NUM_OVERFLOW);
    assert_dec(r, SENTINEL, SENTINEL);
}

Test(dec, neg)
{
    PolDec r;
    cr_assert_eq(pol_dec_neg(dec(3, 4), &r), POL_NUM_OK);
    assert_dec(r, -3, 4);
    cr_assert_eq(pol_dec_neg(dec(0, 1), &r), POL_NUM_OK);
    assert_dec(r, 0, 1);
    cr_assert_eq(pol_dec_neg(dec(INT64_MAX, 1), &r), POL_NUM_OK);
    assert_dec(r, -INT64_MAX, 1);
    r = dec(SENTINEL, SENTINEL);
    cr_assert_eq(pol_dec_neg(dec(INT64_MIN, 1), &r), POL_NUM_OVERFLOW);
    assert_dec(r, SENTINEL, SENTINEL);
}

Test(dec, cmp)
{
    cr_assert_eq(pol_dec_cmp(dec(1, 3), dec(1, 2)), -1);
    cr_assert_eq(pol_dec_cmp(dec(1, 2), dec(1, 3)), 1);
    cr_assert_eq(pol_dec_cmp(dec(-1, 2), dec(1, 3)), -1);
    cr_assert_eq(pol_dec_cmp(dec(-1, 2), dec(-1, 3)), -1);
    cr_assert_eq(pol_dec_cmp(dec(3, 10), dec(3, 10)), 0);
    cr_assert_eq(pol_dec_cmp(dec(0, 1), dec(0, 1)), 0);
    cr_assert_eq(pol_dec_cmp(dec(INT64_MIN, 1), dec(INT64_MAX, 1)), -1);
    cr_assert_eq(pol_dec_cmp(dec(INT64_MAX, 1), dec(INT64_MIN, 1)), 1);
    /* n/(n-1) < (n-1)/(n-2) for n = INT64_MAX: the cross products differ by
     * one part in 2^126, which 64-bit or floating comparison would miss. */
    cr_assert_eq(pol_dec_cmp(dec(INT64_MAX, INT64_MAX - 1), dec(INT64_MAX - 1, INT64_MAX - 2)), -1);
    cr_assert_eq(pol_dec_cmp(dec(INT64_MAX - 1, INT64_MAX - 2), dec(INT64_MAX, INT64_MAX - 1)), 1);
    cr_assert_eq(pol_dec_cmp(dec(1, INT64_MAX), dec(1, INT64_MAX - 1)), -1);
    cr_assert_eq(pol_dec_cmp(dec(-1, INT64_MAX), dec(-1, INT64_MAX - 1)), 1);
    /* Cross products 2^63 - 1 and 2^64 - 4: truncated to 64 bits the order
     * would flip. */
    cr_assert_eq(pol_dec_cmp(dec(INT64_MAX, 2), dec(INT64_MAX - 1, 1)), -1);
    cr_assert_eq(pol_dec_cmp(dec(INT64_MAX - 1, 1), dec(INT64_MAX, 2)), 1);
    cr_assert_eq(pol_dec_cmp(dec(INT64_MIN, 3), dec(INT64_MIN + 1, 1)), 1);
}

static void check_dec_format(PolDec d, const char *expected)
{
    char buf[64];
    memset(buf, 'x', sizeof buf);
    size_t n = pol_dec_format(d, buf, 48);
    cr_assert_str_eq(buf, expected);
    cr_assert_eq(n, strlen(expected));
}

Test(dec, format_decimal_forms)
{
    check_dec_format(dec(3, 10), "0.3");
    check_dec_format(dec(12, 1), "12");
    check_dec_format(dec(-5, 4), "-1.25");
    check_dec_format(dec(1, 8), "0.125");
    check_dec_format(dec(0, 1), "0");
    check_dec_format(dec(1, 20), "0.05");
    check_dec_format(dec(-1, 10000), "-0.0001");
    check_dec_format(dec(1234567, 100), "12345.67");
    check_dec_format(dec(INT64_MIN, 1), "-9223372036854775808");
    check_dec_format(dec(INT64_MAX, 1), "9223372036854775807");
    check_dec_format(dec(1, 1048576), "0.00000095367431640625");
    check_dec_format(dec(INT64_MAX, 1024), "9007199254740991.9990234375");
    check_dec_format(dec(-7, 134217728), "-0.000000052154064178466796875");
}

Test(dec, format_fraction_forms)
{
    check_dec_format(dec(1, 3), "1/3");
    check_dec_format(dec(-2, 3), "-2/3");
    check_dec_format(dec(7, 6), "7/6");
    check_dec_format(dec(1, 30), "1/30");
    check_dec_format(dec(INT64_MIN, INT64_MAX), "-9223372036854775808/9223372036854775807");
}

Test(dec, format_long_expansion_falls_back_to_fraction)
{
    /* 1/2^45 needs exactly 47 characters: still decimal. One more digit (or
     * a sign) would not fit the 48-byte buffer, so the fraction is used. */
    check_dec_format(dec(1, INT64_C(35184372088832)),
                     "0.000000000000028421709430404007434844970703125");
    check_dec_format(dec(-1, INT64_C(35184372088832)), "-1/35184372088832");
    check_dec_format(dec(1, INT64_C(70368744177664)), "1/70368744177664");
    check_dec_format(dec(INT64_MAX, INT64_C(4611686018427387904)),
                     "9223372036854775807/4611686018427387904");
}

Test(dec, format_truncates_to_buffer)
{
    char buf[8];
    memset(buf, 'x', sizeof buf);
    cr_assert_eq(pol_dec_format(dec(-5, 4), buf, 4), 3);
    cr_assert_str_eq(buf, "-1.");
    cr_assert_eq(buf[4], 'x');
}

/* ================================= money ================================= */

Test(money, add_sub_mul_int)
{
    int64_t r = SENTINEL;
    cr_assert_eq(pol_money_add(50000000, 5, &r), POL_NUM_OK);
    cr_assert_eq(r, 50000005);
    cr_assert_eq(pol_money_sub(5, 10, &r), POL_NUM_OK);
    cr_assert_eq(r, -5);
    cr_assert_eq(pol_money_mul_int(33333, 3, &r), POL_NUM_OK);
    cr_assert_eq(r, 99999);
    cr_assert_eq(pol_money_mul_int(-1, INT64_MAX, &r), POL_NUM_OK);
    cr_assert_eq(r, -INT64_MAX);

    r = SENTINEL;
    cr_assert_eq(pol_money_add(INT64_MAX, 1, &r), POL_NUM_OVERFLOW);
    cr_assert_eq(pol_money_sub(INT64_MIN, 1, &r), POL_NUM_OVERFLOW);
    cr_assert_eq(pol_money_mul_int(INT64_MIN, -1, &r), POL_NUM_OVERFLOW);
    cr_assert_eq(pol_money_mul_int(POL_MONEY_FACT_MAX, 100, &r), POL_NUM_OVERFLOW);
    cr_assert_eq(r, SENTINEL);
}

Test(money, mul_dec_exact_and_reduced)
{
    assert_umoney(pol_money_mul_dec(33333, dec(3, 10)), 99999, 10);
    assert_umoney(pol_money_mul_dec(-33333, dec(3, 10)), -99999, 10);
    assert_umoney(pol_money_mul_dec(250, dec(3, 10)), 75, 1);
    assert_umoney(pol_money_mul_dec(4, dec(1, 6)), 2, 3);
    assert_umoney(pol_money_mul_dec(-5, dec(-1, 2)), 5, 2);
    assert_umoney(pol_money_mul_dec(0, dec(-7, 9)), 0, 1);
    /* 30% of INT64_MAX: the numerator only fits in 128 bits. */
    assert_umoney(pol_money_mul_dec(INT64_MAX, dec(3, 10)), (pol_i128)INT64_MAX * 3, 10);
    assert_umoney(pol_money_mul_dec(INT64_MIN, dec(INT64_MIN, 1)), I128_2_63 * I128_2_63, 1);
    assert_umoney(pol_money_mul_dec(INT64_MIN, dec(INT64_MAX, INT64_MAX - 1)),
                  -(pol_i128)INT64_MAX * (INT64_C(1) << 62), INT64_C(4611686018427387903));
}

Test(money, div_int)
{
    PolUMoney u = {SENTINEL, SENTINEL};
    cr_assert_eq(pol_money_div_int(100, 3, &u), POL_NUM_OK);
    assert_umoney(u, 100, 3);
    cr_assert_eq(pol_money_div_int(100, -4, &u), POL_NUM_OK);
    assert_umoney(u, -25, 1);
    cr_assert_eq(pol_money_div_int(-6, -4, &u), POL_NUM_OK);
    assert_umoney(u, 3, 2);
    cr_assert_eq(pol_money_div_int(0, -4, &u), POL_NUM_OK);
    assert_umoney(u, 0, 1);
    /* Exact even where a plain int64 division would trap. */
    cr_assert_eq(pol_money_div_int(INT64_MIN, -1, &u), POL_NUM_OK);
    assert_umoney(u, I128_2_63, 1);
    cr_assert_eq(pol_money_div_int(2, INT64_MIN, &u), POL_NUM_OK);
    assert_umoney(u, -1, INT64_C(4611686018427387904));

    u.num = SENTINEL;
    u.den = SENTINEL;
    cr_assert_eq(pol_money_div_int(100, 0, &u), POL_NUM_DIV_ZERO);
    /* The reduced denominator would be 2^63. */
    cr_assert_eq(pol_money_div_int(1, INT64_MIN, &u), POL_NUM_OVERFLOW);
    assert_umoney(u, SENTINEL, SENTINEL);
}

Test(money, div_money)
{
    PolDec r = {SENTINEL, SENTINEL};
    cr_assert_eq(pol_money_div_money(150, 100, &r), POL_NUM_OK);
    assert_dec(r, 3, 2);
    cr_assert_eq(pol_money_div_money(-50, 200, &r), POL_NUM_OK);
    assert_dec(r, -1, 4);
    cr_assert_eq(pol_money_div_money(INT64_MAX, INT64_MAX, &r), POL_NUM_OK);
    assert_dec(r, 1, 1);
    cr_assert_eq(pol_money_div_money(0, -3, &r), POL_NUM_OK);
    assert_dec(r, 0, 1);

    r = dec(SENTINEL, SENTINEL);
    cr_assert_eq(pol_money_div_money(1, 0, &r), POL_NUM_DIV_ZERO);
    cr_assert_eq(pol_money_div_money(INT64_MIN, -1, &r), POL_NUM_OVERFLOW);
    assert_dec(r, SENTINEL, SENTINEL);
}

/* ---------------------- unrounded money: exact rationals ---------------------- */

static const pol_i128 I127_MAX = (pol_i128)((((unsigned __int128)1) << 127) - 1u);

static PolUMoney um(pol_i128 num, int64_t den)
{
    PolUMoney u = {num, den};
    return u;
}

static PolUMoney um_ok(PolNumStatus s, PolUMoney u)
{
    cr_assert_eq(s, POL_NUM_OK, "the operation failed (status %d)", (int)s);
    return u;
}

#define UM(call, out) (um_ok((call), (out)))

Test(umoney, a_third_times_three_is_the_whole)
{
    PolUMoney third = {SENTINEL, SENTINEL}, back = third, sum = third;
    cr_assert_eq(pol_umoney_div_dec(um(100, 1), dec(3, 1), &third), POL_NUM_OK);
    assert_umoney(third, 100, 3);
    assert_umoney(UM(pol_umoney_mul_dec(third, dec(3, 1), &back), back), 100, 1);
    /* a third, three times over */
    UM(pol_umoney_add(third, third, &sum), sum);
    assert_umoney(sum, 200, 3);
    UM(pol_umoney_add(sum, third, &sum), sum);
    assert_umoney(sum, 100, 1);
    /* 100 / 3 / 3 * 9 */
    PolUMoney ninth;
    UM(pol_umoney_div_dec(third, dec(3, 1), &ninth), ninth);
    assert_umoney(ninth, 100, 9);
    assert_umoney(UM(pol_umoney_mul_dec(ninth, dec(9, 1), &back), back), 100, 1);
}

Test(umoney, a_seventh_and_a_third)
{
    PolUMoney r;
    assert_umoney(UM(pol_umoney_add(um(1, 7), um(1, 3), &r), r), 10, 21);
    assert_umoney(UM(pol_umoney_sub(um(1, 7), um(1, 3), &r), r), -4, 21);
    assert_umoney(UM(pol_umoney_sub(um(1, 3), um(1, 7), &r), r), 4, 21);
    assert_umoney(UM(pol_umoney_add(um(-1, 7), um(-1, 3), &r), r), -10, 21);
    /* results come back in lowest terms */
    assert_umoney(UM(pol_umoney_add(um(1, 6), um(1, 3), &r), r), 1, 2);
    assert_umoney(UM(pol_umoney_add(um(5, 12), um(7, 12), &r), r), 1, 1);
    assert_umoney(UM(pol_umoney_sub(um(5, 12), um(5, 12), &r), r), 0, 1);
    assert_umoney(UM(pol_umoney_add(um(1, INT64_C(1) << 62), um(1, INT64_C(1) << 61), &r), r), 3,
                  INT64_C(1) << 62);
}

Test(umoney, wide_intermediates_that_reduce)
{
    PolUMoney r;
    /* 2 × (2^127 - 1) leaves 128 bits before it is halved */
    assert_umoney(UM(pol_umoney_add(um(I127_MAX, 2), um(I127_MAX, 2), &r), r), I127_MAX, 1);
    /* (2^127 - 1)/3 + (2^127 - 1)/6: 3 × (2^127 - 1) over 6, then / 3 */
    assert_umoney(UM(pol_umoney_add(um(I127_MAX, 3), um(I127_MAX, 6), &r), r), I127_MAX, 2);
    assert_umoney(UM(pol_umoney_add(um(I127_MAX, 1), um(-1, 1), &r), r), I127_MAX - 1, 1);
    assert_umoney(UM(pol_umoney_mul_dec(um(I127_MAX, 1), dec(1, 2), &r), r), I127_MAX, 2);
    assert_umoney(UM(pol_umoney_mul_dec(um(3, INT64_C(1) << 62), dec(2, 3), &r), r), 1, INT64_C(1) << 61);
    /* a factor cancels across: (2^100 / 3) × (3 / 2^60) */
    assert_umoney(UM(pol_umoney_mul_dec(um((pol_i128)1 << 100, 3), dec(3, INT64_C(1) << 60), &r), r),
                  (pol_i128)1 << 40, 1);
}

Test(umoney, overflow_is_an_error_never_an_approximation)
{
    PolUMoney r = {SENTINEL, SENTINEL};
    /* the numerator would pass 2^127 - 1 */
    cr_assert_eq(pol_umoney_add(um(I127_MAX, 1), um(1, 1), &r), POL_NUM_OVERFLOW);
    cr_assert_eq(pol_umoney_sub(um(-I127_MAX, 1), um(1, 1), &r), POL_NUM_OVERFLOW);
    cr_assert_eq(pol_umoney_mul_dec(um((pol_i128)1 << 126, 1), dec(2, 1), &r), POL_NUM_OVERFLOW);
    cr_assert_eq(pol_umoney_mul_dec(um(I127_MAX, 1), dec(7, 20), &r), POL_NUM_OVERFLOW);
    /* the denominator would pass 2^63 - 1: two primes near 2^32, and 3 × 2^62 */
    cr_assert_eq(pol_umoney_add(um(1, INT64_C(4294967291)), um(1, INT64_C(4294967279)), &r), POL_NUM_OVERFLOW);
    cr_assert_eq(pol_umoney_add(um(1, INT64_C(1) << 62), um(1, 3), &r), POL_NUM_OVERFLOW);
    cr_assert_eq(pol_umoney_mul_dec(um(1, INT64_C(1) << 62), dec(1, 2), &r), POL_NUM_OVERFLOW);
    cr_assert_eq(pol_umoney_div_dec(um(1, INT64_C(1) << 62), dec(2, 1), &r), POL_NUM_OVERFLOW);
    cr_assert_eq(pol_umoney_div_dec(um(1, 1), dec(INT64_MIN, 1), &r), POL_NUM_OVERFLOW);
    cr_assert_eq(pol_umoney_div_dec(um(1, 1), dec(0, 1), &r), POL_NUM_DIV_ZERO);
    assert_umoney(r, SENTINEL, SENTINEL);
    /* the largest values negate */
    assert_umoney(UM(pol_umoney_neg(um(I127_MAX, INT64_MAX), &r), r), -I127_MAX, INT64_MAX);
    assert_umoney(UM(pol_umoney_neg(um(-I127_MAX, 3), &r), r), I127_MAX, 3);
}

Test(umoney, times_and_by_a_decimal)
{
    PolUMoney r;
    assert_umoney(UM(pol_umoney_mul_dec(um(100, 3), dec(3, 10), &r), r), 10, 1);
    assert_umoney(UM(pol_umoney_mul_dec(um(-7, 2), dec(-1, 2), &r), r), 7, 4);
    assert_umoney(UM(pol_umoney_mul_dec(um(7, 2), dec(0, 1), &r), r), 0, 1);
    assert_umoney(UM(pol_umoney_div_dec(um(100, 1), dec(-1, 3), &r), r), -300, 1);
    assert_umoney(UM(pol_umoney_div_dec(um(-5, 7), dec(5, 3), &r), r), -3, 7);
}

Test(umoney, a_ratio_of_two_amounts)
{
    PolDec d = {SENTINEL, SENTINEL};
    cr_assert_eq(pol_umoney_div(um(100, 3), um(50, 1), &d), POL_NUM_OK);
    assert_dec(d, 2, 3);
    cr_assert_eq(pol_umoney_div(um(-1, 7), um(1, 3), &d), POL_NUM_OK);
    assert_dec(d, -3, 7);
    /* 2^64 cancels: the ratio fits although the amounts do not fit int64 */
    cr_assert_eq(pol_umoney_div(um((pol_i128)1 << 64, 3), um((pol_i128)1 << 64, 7), &d), POL_NUM_OK);
    assert_dec(d, 7, 3);
    cr_assert_eq(pol_umoney_div(um(0, 1), um(-5, 3), &d), POL_NUM_OK);
    assert_dec(d, 0, 1);
    d = dec(SENTINEL, SENTINEL);
    cr_assert_eq(pol_umoney_div(um(1, 1), um(0, 1), &d), POL_NUM_DIV_ZERO);
    cr_assert_eq(pol_umoney_div(um(I127_MAX, 1), um(1, 1), &d), POL_NUM_OVERFLOW);
    cr_assert_eq(pol_umoney_div(um(1, 1), um(I127_MAX, 1), &d), POL_NUM_OVERFLOW);
    assert_dec(d, SENTINEL, SENTINEL);
}

Test(umoney, comparisons_near_the_limits)
{
    cr_assert_eq(pol_umoney_cmp(um(1, 3), um(1, 3)), 0);
    cr_assert_eq(pol_umoney_cmp(um(1, 3), um(2, 6)), 0);   /* not in lowest terms: still the same value */
    cr_assert_eq(pol_umoney_cmp(um(1, 3), um(1, 2)), -1);
    cr_assert_eq(pol_umoney_cmp(um(-1, 2), um(1, 3)), -1);
    cr_assert_eq(pol_umoney_cmp(um(-5, 1), um(-4, 1)), -1);
    cr_assert_eq(pol_umoney_cmp(um(-4, 1), um(-5, 1)), 1);
    cr_assert_eq(pol_umoney_cmp(um(0, 1), um(0, 7)), 0);
    cr_assert_eq(pol_umoney_cmp(um(0, 1), um(-1, INT64_MAX)), 1);
    /* (2^127 - 1)/(2^63 - 1) and (2^127 - 3)/(2^63 - 2) differ by about
     * 2^-63 of their size: equal as doubles, the cross products (191
     * bits) tell the first is smaller */
    cr_assert_eq(pol_umoney_cmp(um(I127_MAX, INT64_MAX), um(I127_MAX - 2, INT64_MAX - 1)), -1);
    cr_assert_eq(pol_umoney_cmp(um(I127_MAX - 2, INT64_MAX - 1), um(I127_MAX, INT64_MAX)), 1);
    cr_assert_eq(pol_umoney_cmp(um(-I127_MAX, INT64_MAX), um(-(I127_MAX - 2), INT64_MAX - 1)), 1);
    cr_assert_eq(pol_umoney_cmp(um(I127_MAX, 1), um(I127_MAX - 1, 1)), 1);
    cr_assert_eq(pol_umoney_cmp(um(I127_MAX, INT64_MAX), um(I127_MAX, INT64_MAX)), 0);
}

Test(umoney, conversions)
{
    assert_umoney(pol_umoney_from_money(-12345), -12345, 1);
    assert_umoney(pol_umoney_from_dec(dec(-3, 7)), -3, 7);
    PolDec d = {SENTINEL, SENTINEL};
    cr_assert_eq(pol_umoney_to_dec(um(INT64_MIN, 3), &d), POL_NUM_OK);
    assert_dec(d, INT64_MIN, 3);
    d = dec(SENTINEL, SENTINEL);
    cr_assert_eq(pol_umoney_to_dec(um((pol_i128)INT64_MAX + 1, 3), &d), POL_NUM_OVERFLOW);
    assert_dec(d, SENTINEL, SENTINEL);
}

/* The table of 经营所得 (个人所得税法, 税率表二), in fen: up to 30000 元 5%,
 * to 90000 元 10% (quick deduction 1500 元), to 300000 元 20% (10500 元),
 * to 500000 元 30% (40500 元), above 35% (65500 元). Values in lowest
 * terms, as every value of a program is. */
static const PolBracket business_income[] = {
    {{3000000, 1}, {1, 20}, {0, 1}},
    {{9000000, 1}, {1, 10}, {150000, 1}},
    {{30000000, 1}, {1, 5}, {1050000, 1}},
    {{50000000, 1}, {3, 10}, {4050000, 1}},
    {{0, 1}, {7, 20}, {6550000, 1}},
};

static PolUMoney scale(bool marginal, PolUMoney base, int expect_bracket)
{
    PolUMoney out = {SENTINEL, SENTINEL};
    int bracket = -1;
    cr_assert_eq(pol_scale_apply(business_income, 5, marginal, base, &out, &bracket), POL_NUM_OK);
    cr_assert_eq(bracket, expect_bracket, "bracket %d, expected %d", bracket, expect_bracket);
    return out;
}

Test(scale, quick_deduction_and_marginal_forms_agree)
{
    for (int marginal = 0; marginal < 2; marginal++) {
        /* 80000 元: 80000 × 10% − 1500 = 6500 元 */
        assert_umoney(scale(marginal, um(8000000, 1), 1), 650000, 1);
        /* 2000000 元: 2000000 × 35% − 65500 = 634500 元 */
        assert_umoney(scale(marginal, um(200000000, 1), 4), 63450000, 1);
        /* a bound belongs to the bracket it closes */
        assert_umoney(scale(marginal, um(3000000, 1), 0), 150000, 1);
        assert_umoney(scale(marginal, um(50000000, 1), 3), 10950000, 1);
        /* one fen above it is in the next: 30000.01 × 10% − 1500 = 1500.001 元 */
        assert_umoney(scale(marginal, um(3000001, 1), 1), 1500001, 10);
        /* an unrounded base, a third of a fen over 90000 元: 750000 1/15 fen */
        assert_umoney(scale(marginal, um(27000001, 3), 2), 11250001, 15);
        /* nothing, and below zero: the first bracket's rate */
        assert_umoney(scale(marginal, um(0, 1), 0), 0, 1);
        assert_umoney(scale(marginal, um(-100, 1), 0), -5, 1);
    }
}

Test(scale, overflow)
{
    PolUMoney out = {SENTINEL, SENTINEL};
    int bracket = SENTINEL & 0xffff;
    cr_assert_eq(pol_scale_apply(business_income, 5, false, um(I127_MAX, 1), &out, &bracket), POL_NUM_OVERFLOW);
    cr_assert_eq(pol_scale_apply(business_income, 5, true, um(I127_MAX, 1), &out, &bracket), POL_NUM_OVERFLOW);
    cr_assert_eq(pol_scale_apply(business_income, 0, true, um(1, 1), &out, &bracket), POL_NUM_OVERFLOW);
    assert_umoney(out, SENTINEL, SENTINEL);
    cr_assert_eq(bracket, SENTINEL & 0xffff);
}

/* ------------------------------- rounding ------------------------------- */

static int64_t rnd(pol_i128 num, int64_t den, PolRound mode, int64_t unit)
{
    PolUMoney u = {num, den};
    int64_t out = SENTINEL;
    cr_assert_eq(pol_umoney_round(u, mode, unit, &out), POL_NUM_OK, "rounding failed");
    return out;
}

static PolNumStatus rnd_status(pol_i128 num, int64_t den, PolRound mode, int64_t unit)
{
    PolUMoney u = {num, den};
    int64_t out = SENTINEL;
    PolNumStatus st = pol_umoney_round(u, mode, unit, &out);
    if (st != POL_NUM_OK)
        cr_assert_eq(out, SENTINEL, "output written on failure");
    return st;
}

Test(round, subsidy_30_percent_of_333_33_yuan)
{
    PolUMoney u = pol_money_mul_dec(33333, dec(3, 10));   /* 9999.9 fen */
    int64_t out = SENTINEL;
    cr_assert_eq(pol_umoney_round(u, POL_ROUND_DOWN, POL_UNIT_FEN, &out), POL_NUM_OK);
    cr_assert_eq(out, 9999);
    cr_assert_eq(pol_umoney_round(u, POL_ROUND_UP, POL_UNIT_FEN, &out), POL_NUM_OK);
    cr_assert_eq(out, 10000);
    cr_assert_eq(pol_umoney_round(u, POL_ROUND_HALF_UP, POL_UNIT_FEN, &out), POL_NUM_OK);
    cr_assert_eq(out, 10000);
    cr_assert_eq(pol_umoney_round(u, POL_ROUND_HALF_EVEN, POL_UNIT_FEN, &out), POL_NUM_OK);
    cr_assert_eq(out, 10000);
    cr_assert_eq(pol_umoney_round(u, POL_ROUND_DOWN, POL_UNIT_YUAN, &out), POL_NUM_OK);
    cr_assert_eq(out, 9900);
    cr_assert_eq(pol_umoney_round(u, POL_ROUND_HALF_UP, POL_UNIT_YUAN, &out), POL_NUM_OK);
    cr_assert_eq(out, 10000);

    cr_assert_eq(rnd(-99999, 10, POL_ROUND_DOWN, POL_UNIT_FEN), -9999);
    cr_assert_eq(rnd(-99999, 10, POL_ROUND_UP, POL_UNIT_FEN), -10000);
    cr_assert_eq(rnd(-99999, 10, POL_ROUND_HALF_UP, POL_UNIT_FEN), -10000);
    cr_assert_eq(rnd(-99999, 10, POL_ROUND_HALF_EVEN, POL_UNIT_FEN), -10000);
}

Test(round, fen_ties_positive)
{
    /* 2.5 fen and 3.5 fen: the half-even result depends on parity. */
    cr_assert_eq(rnd(5, 2, POL_ROUND_DOWN, POL_UNIT_FEN), 2);
    cr_assert_eq(rnd(5, 2, POL_ROUND_UP, POL_UNIT_FEN), 3);
    cr_assert_eq(rnd(5, 2, POL_ROUND_HALF_UP, POL_UNIT_FEN), 3);
    cr_assert_eq(rnd(5, 2, POL_ROUND_HALF_EVEN, POL_UNIT_FEN), 2);
    cr_assert_eq(rnd(7, 2, POL_ROUND_DOWN, POL_UNIT_FEN), 3);
    cr_assert_eq(rnd(7, 2, POL_ROUND_UP, POL_UNIT_FEN), 4);
    cr_assert_eq(rnd(7, 2, POL_ROUND_HALF_UP, POL_UNIT_FEN), 4);
    cr_assert_eq(rnd(7, 2, POL_ROUND_HALF_EVEN, POL_UNIT_FEN), 4);
    cr_assert_eq(rnd(1, 2, POL_ROUND_HALF_EVEN, POL_UNIT_FEN), 0);
    cr_assert_eq(rnd(1, 2, POL_ROUND_HALF_UP, POL_UNIT_FEN), 1);
}

Test(round, fen_ties_negative)
{
    cr_assert_eq(rnd(-5, 2, POL_ROUND_DOWN, POL_UNIT_FEN), -2);
    cr_assert_eq(rnd(-5, 2, POL_ROUND_UP, POL_UNIT_FEN), -3);
    cr_assert_eq(rnd(-5, 2, POL_ROUND_HALF_UP, POL_UNIT_FEN), -3);
    cr_assert_eq(rnd(-5, 2, POL_ROUND_HALF_EVEN, POL_UNIT_FEN), -2);
    cr_assert_eq(rnd(-7, 2, POL_ROUND_DOWN, POL_UNIT_FEN), -3);
    cr_assert_eq(rnd(-7, 2, POL_ROUND_UP, POL_UNIT_FEN), -4);
    cr_assert_eq(rnd(-7, 2, POL_ROUND_HALF_UP, POL_UNIT_FEN), -4);
    cr_assert_eq(rnd(-7, 2, POL_ROUND_HALF_EVEN, POL_UNIT_FEN), -4);
    cr_assert_eq(rnd(-1, 2, POL_ROUND_HALF_EVEN, POL_UNIT_FEN), 0);
    cr_assert_eq(rnd(-1, 2, POL_ROUND_HALF_UP, POL_UNIT_FEN), -1);
}

Test(round, fen_non_ties)
{
    /* 1/3 and 2/3 of a fen in both directions. */
    cr_assert_eq(rnd(1, 3, POL_ROUND_DOWN, POL_UNIT_FEN), 0);
    cr_assert_eq(rnd(1, 3, POL_ROUND_UP, POL_UNIT_FEN), 1);
    cr_assert_eq(rnd(1, 3, POL_ROUND_HALF_UP, POL_UNIT_FEN), 0);
    cr_assert_eq(rnd(1, 3, POL_ROUND_HALF_EVEN, POL_UNIT_FEN), 0);
    cr_assert_eq(rnd(2, 3, POL_ROUND_DOWN, POL_UNIT_FEN), 0);
    cr_assert_eq(rnd(2, 3, POL_ROUND_HALF_UP, POL_UNIT_FEN), 1);
    cr_assert_eq(rnd(2, 3, POL_ROUND_HALF_EVEN, POL_UNIT_FEN), 1);
    cr_assert_eq(rnd(-2, 3, POL_ROUND_HALF_EVEN, POL_UNIT_FEN), -1);
    cr_assert_eq(rnd(-1, 3, POL_ROUND_UP, POL_UNIT_FEN), -1);
    cr_assert_eq(rnd(-1, 3, POL_ROUND_HALF_UP, POL_UNIT_FEN), 0);
}

Test(round, exact_values_unchanged_in_every_mode)
{
    const PolRound modes[] = {POL_ROUND_DOWN, POL_ROUND_UP, POL_ROUND_HALF_UP, POL_ROUND_HALF_EVEN};
    for (size_t i = 0; i < 4; i++) {
        cr_assert_eq(rnd(0, 1, modes[i], POL_UNIT_FEN), 0);
        cr_assert_eq(rnd(0, 1, modes[i], POL_UNIT_YUAN), 0);
        cr_assert_eq(rnd(-7, 1, modes[i], POL_UNIT_FEN), -7);
        cr_assert_eq(rnd(300, 1, modes[i], POL_UNIT_YUAN), 300);
        cr_assert_eq(rnd(-300, 1, modes[i], POL_UNIT_YUAN), -300);
        cr_assert_eq(rnd(INT64_MAX, 1, modes[i], POL_UNIT_FEN), INT64_MAX);
        cr_assert_eq(rnd(INT64_MIN, 1, modes[i], POL_UNIT_FEN), INT64_MIN);
    }
}

Test(round, yuan_ties_positive)
{
    cr_assert_eq(rnd(150, 1, POL_ROUND_DOWN, POL_UNIT_YUAN), 100);
    cr_assert_eq(rnd(150, 1, POL_ROUND_UP, POL_UNIT_YUAN), 200);
    cr_assert_eq(rnd(150, 1, POL_ROUND_HALF_UP, POL_UNIT_YUAN), 200);
    cr_assert_eq(rnd(150, 1, POL_ROUND_HALF_EVEN, POL_UNIT_YUAN), 200);
    cr_assert_eq(rnd(250, 1, POL_ROUND_DOWN, POL_UNIT_YUAN), 200);
    cr_assert_eq(rnd(250, 1, POL_ROUND_UP, POL_UNIT_YUAN), 300);
    cr_assert_eq(rnd(250, 1, POL_ROUND_HALF_UP, POL_UNIT_YUAN), 300);
    cr_assert_eq(rnd(250, 1, POL_ROUND_HALF_EVEN, POL_UNIT_YUAN), 200);
    cr_assert_eq(rnd(50, 1, POL_ROUND_HALF_EVEN, POL_UNIT_YUAN), 0);
    cr_assert_eq(rnd(50, 1, POL_ROUND_HALF_UP, POL_UNIT_YUAN), 100);
}

Test(round, yuan_ties_negative)
{
    cr_assert_eq(rnd(-150, 1, POL_ROUND_DOWN, POL_UNIT_YUAN), -100);
    cr_assert_eq(rnd(-150, 1, POL_ROUND_UP, POL_UNIT_YUAN), -200);
    cr_assert_eq(rnd(-150, 1, POL_ROUND_HALF_UP, POL_UNIT_YUAN), -200);
    cr_assert_eq(rnd(-150, 1, POL_ROUND_HALF_EVEN, POL_UNIT_YUAN), -200);
    cr_assert_eq(rnd(-250, 1, POL_ROUND_DOWN, POL_UNIT_YUAN), -200);
    cr_assert_eq(rnd(-250, 1, POL_ROUND_UP, POL_UNIT_YUAN), -300);
    cr_assert_eq(rnd(-250, 1, POL_ROUND_HALF_UP, POL_UNIT_YUAN), -300);
    cr_assert_eq(rnd(-250, 1, POL_ROUND_HALF_EVEN, POL_UNIT_YUAN), -200);
    cr_assert_eq(rnd(-50, 1, POL_ROUND_HALF_EVEN, POL_UNIT_YUAN), 0);
    cr_assert_eq(rnd(-50, 1, POL_ROUND_HALF_UP, POL_UNIT_YUAN), -100);
}

Test(round, yuan_small_amounts)
{
    /* 5 fen is well below half a yuan. */
    cr_assert_eq(rnd(5, 1, POL_ROUND_DOWN, POL_UNIT_YUAN), 0);
    cr_assert_eq(rnd(5, 1, POL_ROUND_UP, POL_UNIT_YUAN), 100);
    cr_assert_eq(rnd(5, 1, POL_ROUND_HALF_UP, POL_UNIT_YUAN), 0);
    cr_assert_eq(rnd(5, 1, POL_ROUND_HALF_EVEN, POL_UNIT_YUAN), 0);
    cr_assert_eq(rnd(-5, 1, POL_ROUND_DOWN, POL_UNIT_YUAN), 0);
    cr_assert_eq(rnd(-5, 1, POL_ROUND_UP, POL_UNIT_YUAN), -100);
    cr_assert_eq(rnd(-5, 1, POL_ROUND_HALF_EVEN, POL_UNIT_YUAN), 0);
    /* Just either side of half a yuan, in fractions of a fen. */
    cr_assert_eq(rnd(4999, 100, POL_ROUND_HALF_UP, POL_UNIT_YUAN), 0);
    cr_assert_eq(rnd(5001, 100, POL_ROUND_HALF_EVEN, POL_UNIT_YUAN), 100);
    cr_assert_eq(rnd(-5001, 100, POL_ROUND_HALF_EVEN, POL_UNIT_YUAN), -100);
    cr_assert_eq(rnd(149, 1, POL_ROUND_HALF_UP, POL_UNIT_YUAN), 100);
    cr_assert_eq(rnd(151, 1, POL_ROUND_HALF_EVEN, POL_UNIT_YUAN), 200);
}

Test(round, thirty_percent_of_int64_max_is_exact)
{
    PolUMoney u = pol_money_mul_dec(INT64_MAX, dec(3, 10));   /* ...742.1 fen */
    int64_t out = SENTINEL;
    cr_assert_eq(pol_umoney_round(u, POL_ROUND_DOWN, POL_UNIT_FEN, &out), POL_NUM_OK);
    cr_assert_eq(out, INT64_C(2767011611056432742));
    cr_assert_eq(pol_umoney_round(u, POL_ROUND_UP, POL_UNIT_FEN, &out), POL_NUM_OK);
    cr_assert_eq(out, INT64_C(2767011611056432743));
    cr_assert_eq(pol_umoney_round(u, POL_ROUND_HALF_UP, POL_UNIT_FEN, &out), POL_NUM_OK);
    cr_assert_eq(out, INT64_C(2767011611056432742));
    cr_assert_eq(pol_umoney_round(u, POL_ROUND_HALF_EVEN, POL_UNIT_FEN, &out), POL_NUM_OK);
    cr_assert_eq(out, INT64_C(2767011611056432742));
    cr_assert_eq(pol_umoney_round(u, POL_ROUND_DOWN, POL_UNIT_YUAN, &out), POL_NUM_OK);
    cr_assert_eq(out, INT64_C(2767011611056432700));
    cr_assert_eq(pol_umoney_round(u, POL_ROUND_UP, POL_UNIT_YUAN, &out), POL_NUM_OK);
    cr_assert_eq(out, INT64_C(2767011611056432800));

    u = pol_money_mul_dec(INT64_MIN + 1, dec(7, 10));          /* -...064.9 fen */
    cr_assert_eq(pol_umoney_round(u, POL_ROUND_DOWN, POL_UNIT_FEN, &out), POL_NUM_OK);
    cr_assert_eq(out, INT64_C(-6456360425798343064));
    cr_assert_eq(pol_umoney_round(u, POL_ROUND_HALF_UP, POL_UNIT_FEN, &out), POL_NUM_OK);
    cr_assert_eq(out, INT64_C(-6456360425798343065));
}

Test(round, overflow_at_int64_limits)
{
    /* INT64_MAX is no multiple of 100, so rounding it up leaves int64. */
    cr_assert_eq(rnd(INT64_MAX, 1, POL_ROUND_DOWN, POL_UNIT_YUAN), INT64_C(9223372036854775800));
    cr_assert_eq(rnd(INT64_MAX, 1, POL_ROUND_HALF_UP, POL_UNIT_YUAN), INT64_C(9223372036854775800));
    cr_assert_eq(rnd_status(INT64_MAX, 1, POL_ROUND_UP, POL_UNIT_YUAN), POL_NUM_OVERFLOW);
    cr_assert_eq(rnd(INT64_MIN, 1, POL_ROUND_DOWN, POL_UNIT_YUAN), INT64_C(-9223372036854775800));
    cr_assert_eq(rnd_status(INT64_MIN, 1, POL_ROUND_UP, POL_UNIT_YUAN), POL_NUM_OVERFLOW);

    /* Half a fen above INT64_MAX / below INT64_MIN. */
    pol_i128 twice_max = (pol_i128)INT64_MAX * 2;
    cr_assert_eq(rnd(twice_max + 1, 2, POL_ROUND_DOWN, POL_UNIT_FEN), INT64_MAX);
    cr_assert_eq(rnd_status(twice_max + 1, 2, POL_ROUND_HALF_UP, POL_UNIT_FEN), POL_NUM_OVERFLOW);
    cr_assert_eq(rnd_status(twice_max + 1, 2, POL_ROUND_HALF_EVEN, POL_UNIT_FEN), POL_NUM_OVERFLOW);
    cr_assert_eq(rnd(-twice_max - 1, 2, POL_ROUND_HALF_UP, POL_UNIT_FEN), INT64_MIN);
    cr_assert_eq(rnd(-twice_max - 3, 2, POL_ROUND_DOWN, POL_UNIT_FEN), INT64_MIN);
    cr_assert_eq(rnd_status(-twice_max - 3, 2, POL_ROUND_UP, POL_UNIT_FEN), POL_NUM_OVERFLOW);

    cr_assert_eq(rnd_status(I128_2_63, 1, POL_ROUND_DOWN, POL_UNIT_FEN), POL_NUM_OVERFLOW);
    cr_assert_eq(rnd(-I128_2_63, 1, POL_ROUND_DOWN, POL_UNIT_FEN), INT64_MIN);
    cr_assert_eq(rnd_status(I128_2_63 * I128_2_63, 1, POL_ROUND_DOWN, POL_UNIT_FEN), POL_NUM_OVERFLOW);
    /* 2^125 / 2^62 = 2^63: representable only as a negative amount. */
    pol_i128 big = I128_2_63 * (INT64_C(1) << 62);
    cr_assert_eq(rnd(-big, INT64_C(1) << 62, POL_ROUND_UP, POL_UNIT_FEN), INT64_MIN);
    cr_assert_eq(rnd_status(big, INT64_C(1) << 62, POL_ROUND_DOWN, POL_UNIT_FEN), POL_NUM_OVERFLOW);
    cr_assert_eq(rnd(big - 1, INT64_C(1) << 62, POL_ROUND_DOWN, POL_UNIT_FEN), INT64_MAX);
}

Test(round, bad_unit)
{
    cr_assert_eq(rnd_status(5, 1, POL_ROUND_DOWN, 0), POL_NUM_DIV_ZERO);
    cr_assert_eq(rnd_status(5, 1, POL_ROUND_DOWN, -100), POL_NUM_DIV_ZERO);
}

/* ------------------------------- formatting ------------------------------ */

static void check_money_format(int64_t fen, const char *expected)
{
    char buf[32];
    memset(buf, 'x', sizeof buf);
    size_t n = pol_money_format(fen, buf, sizeof buf);
    cr_assert_str_eq(buf, expected);
    cr_assert_eq(n, strlen(expected));
}

Test(money, format)
{
    check_money_format(50000000, "500000.00");
    check_money_format(-5, "-0.05");
    check_money_format(0, "0.00");
    check_money_format(7, "0.07");
    check_money_format(10, "0.10");
    check_money_format(100, "1.00");
    check_money_format(-100, "-1.00");
    check_money_format(1234, "12.34");
    check_money_format(9999, "99.99");
    check_money_format(POL_MONEY_FACT_MAX, "999999999999999.99");
    check_money_format(INT64_MAX, "92233720368547758.07");
    check_money_format(INT64_MIN, "-92233720368547758.08");
    check_money_format(100000, "1000.00");       /* an even and an odd count of digits */
    check_money_format(12345678, "123456.78");
    check_money_format(-99999, "-999.99");
    char small[6];
    cr_assert_eq(pol_money_format(-123456, small, sizeof small), 5, "cut to the buffer");
    cr_assert_str_eq(small, "-1234");
}

/* ================================= dates ================================= */

static int32_t ymd(int y, int m, int d)
{
    int32_t r = DATE_SENTINEL;
    cr_assert_eq(pol_date_from_ymd(y, m, d, &r), POL_NUM_OK, "%04d-%02d-%02d rejected", y, m, d);
    return r;
}

static void assert_ymd(int32_t date, int y, int m, int d)
{
    int gy, gm, gd;
    pol_date_to_ymd(date, &gy, &gm, &gd);
    cr_assert(gy == y && gm == m && gd == d, "day %ld is %04d-%02d-%02d, expected %04d-%02d-%02d",
              (long)date, gy, gm, gd, y, m, d);
}

Test(date, known_day_numbers)
{
    cr_assert_eq(ymd(1970, 1, 1), 0);
    cr_assert_eq(ymd(1969, 12, 31), -1);
    cr_assert_eq(ymd(2000, 3, 1), 11017);
    cr_assert_eq(ymd(2024, 2, 29), 19782);
    cr_assert_eq(ymd(2025, 3, 1), 20148);
    cr_assert_eq(ymd(1900, 3, 1), -25508);
    cr_assert_eq(ymd(1, 1, 1), -719162);
    cr_assert_eq(ymd(9999, 12, 31), 2932896);

    assert_ymd(0, 1970, 1, 1);
    assert_ymd(-1, 1969, 12, 31);
    assert_ymd(19782, 2024, 2, 29);
    assert_ymd(20148, 2025, 3, 1);
    assert_ymd(-719162, 1, 1, 1);
    assert_ymd(2932896, 9999, 12, 31);
    /* Outside the supported range the calendar simply continues. */
    assert_ymd(-719163, 0, 12, 31);
    assert_ymd(2932897, 10000, 1, 1);
    /* Year 0 is a leap year (divisible by 400), so -0001-12-31 is 366 days
     * before it ends. */
    assert_ymd(-719163 - 366, -1, 12, 31);
    assert_ymd(-719163 - 366 - 146097, -401, 12, 31);
}

Test(date, arithmetic_from_unsupported_dates_into_range)
{
    /* Only the result has to be a supported date. */
    int32_t r = DATE_SENTINEL;
    cr_assert_eq(pol_date_add_days(-719163 - 366, 367, &r), POL_NUM_OK);
    assert_ymd(r, 1, 1, 1);
    bool amb = true;
    cr_assert_eq(pol_date_add_months(-719163 - 366, 13, POL_ROUND_DOWN, &r, &amb), POL_NUM_OK);
    assert_ymd(r, 1, 1, 31);
    cr_assert_not(amb);
    cr_assert_eq(pol_date_add_months(-719163 - 366, 14, POL_ROUND_UP, &r, &amb), POL_NUM_OK);
    assert_ymd(r, 1, 3, 1);
    cr_assert(amb);
}

Test(date, valid_ymd)
{
    cr_assert(pol_date_valid_ymd(2024, 2, 29));
    cr_assert(pol_date_valid_ymd(1, 1, 1));
    cr_assert(pol_date_valid_ymd(9999, 12, 31));
    cr_assert(pol_date_valid_ymd(2025, 1, 31));
    cr_assert_not(pol_date_valid_ymd(2025, 2, 29));
    cr_assert_not(pol_date_valid_ymd(2023, 4, 31));
    cr_assert_not(pol_date_valid_ymd(0, 1, 1));
    cr_assert_not(pol_date_valid_ymd(10000, 1, 1));
    cr_assert_not(pol_date_valid_ymd(-1, 1, 1));
    cr_assert_not(pol_date_valid_ymd(2025, 0, 1));
    cr_assert_not(pol_date_valid_ymd(2025, 13, 1));
    cr_assert_not(pol_date_valid_ymd(2025, 1, 0));
    cr_assert_not(pol_date_valid_ymd(2025, 1, 32));

    int32_t r = DATE_SENTINEL;
    cr_assert_eq(pol_date_from_ymd(2025, 2, 29, &r), POL_NUM_BAD_DATE);
    cr_assert_eq(pol_date_from_ymd(0, 12, 31, &r), POL_NUM_BAD_DATE);
    cr_assert_eq(r, DATE_SENTINEL);
}

Test(date, leap_years)
{
    cr_assert_eq(pol_days_in_month(1900, 2), 28);
    cr_assert_eq(pol_days_in_month(2000, 2), 29);
    cr_assert_eq(pol_days_in_month(2024, 2), 29);
    cr_assert_eq(pol_days_in_month(2025, 2), 28);
    cr_assert_eq(pol_days_in_month(2100, 2), 28);
    cr_assert_eq(pol_days_in_month(2400, 2), 29);
    cr_assert_not(pol_date_valid_ymd(1900, 2, 29));
    cr_assert(pol_date_valid_ymd(2000, 2, 29));
    cr_assert_eq(ymd(1901, 1, 1) - ymd(1900, 1, 1), 365);
    cr_assert_eq(ymd(2001, 1, 1) - ymd(2000, 1, 1), 366);
    cr_assert_eq(ymd(2025, 1, 1) - ymd(2024, 1, 1), 366);
    cr_assert_eq(ymd(2025, 3, 1) - ymd(2025, 2, 28), 1);
    cr_assert_eq(ymd(2024, 3, 1) - ymd(2024, 2, 28), 2);
}

Test(date, days_in_month)
{
    static const int expected[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    for (int m = 1; m <= 12; m++)
        cr_assert_eq(pol_days_in_month(2025, m), expected[m - 1], "month %d", m);
    cr_assert_eq(pol_days_in_month(2025, 0), 0);
    cr_assert_eq(pol_days_in_month(2025, 13), 0);
}

/* Walks every supported day, checking both conversions against a calendar
 * stepped forward one day at a time with pol_days_in_month. */
Test(date, round_trip_every_supported_day)
{
    int y = 1, m = 1, d = 1;
    for (int32_t day = -719162; day <= 2932896; day++) {
        int gy, gm, gd;
        pol_date_to_ymd(day, &gy, &gm, &gd);
        if (gy != y || gm != m || gd != d)
            cr_assert_fail("day %ld is %04d-%02d-%02d, expected %04d-%02d-%02d",
                           (long)day, gy, gm, gd, y, m, d);
        int32_t back = DATE_SENTINEL;
        if (pol_date_from_ymd(y, m, d, &back) != POL_NUM_OK || back != day)
            cr_assert_fail("%04d-%02d-%02d did not map back to %ld", y, m, d, (long)day);
        char shown[16], expected[48];
        snprintf(expected, sizeof expected, "%04d-%02d-%02d", y, m, d);
        if (pol_date_format(day, shown, sizeof shown) != 10 || strcmp(shown, expected) != 0)
            cr_assert_fail("day %ld formatted as %s, expected %s", (long)day, shown, expected);
        if (++d > pol_days_in_month(y, m)) {
            d = 1;
            if (++m > 12) {
                m = 1;
                y++;
            }
        }
    }
    cr_assert_eq(y, 10000);
    cr_assert_eq(m, 1);
    cr_assert_eq(d, 1);
}

Test(date, year_lengths_over_range)
{
    for (int y = 1; y < 9999; y++) {
        int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        cr_assert_eq(ymd(y + 1, 1, 1) - ymd(y, 1, 1), 365 + leap, "year %d", y);
    }
}

static int32_t parse_ok(const char *s)
{
    int32_t r = DATE_SENTINEL;
    cr_assert(pol_date_parse(s, strlen(s), &r), "\"%s\" rejected", s);
    return r;
}

static void parse_bad(const char *s, size_t len)
{
    int32_t r = DATE_SENTINEL;
    cr_assert_not(pol_date_parse(s, len, &r), "\"%s\" accepted", s);
    cr_assert_eq(r, DATE_SENTINEL);
}

Test(date, parse_accepts)
{
    cr_assert_eq(parse_ok("2025-03-01"), 20148);
    cr_assert_eq(parse_ok("2024-02-29"), 19782);
    cr_assert_eq(parse_ok("1970-01-01"), 0);
    cr_assert_eq(parse_ok("0001-01-01"), -719162);
    cr_assert_eq(parse_ok("9999-12-31"), 2932896);
    /* Only len bytes are read: the text need not be NUL-terminated. */
    int32_t r = DATE_SENTINEL;
    cr_assert(pol_date_parse("2025-03-01T00:00", 10, &r));
    cr_assert_eq(r, 20148);
}

Test(date, parse_rejects)
{
    static const char *bad[] = {
        "2025-3-01", "2025-03-1", "25-03-01", "2025-02-29", "2025-13-01", "2025-00-10",
        "2025-01-00", "2025-01-32", "2023-04-31", "0000-01-01", "1900-02-29",
        "2025/03/01", "2025-03-01 ", "2025-03-01x", " 2025-03-01", "2025-03-0a",
        "+025-03-01", "-025-03-01", "2025-0-301", "20250-3-01", "2025--3-01", "",
        "\xef\xbc\x92\xef\xbc\x90\xef\xbc\x92\xef\xbc\x95-03-01",   /* full-width 2025 */
        "2025-03-\xef\xbc\x91",                                     /* full-width 1 */
        "2025-03-0\xd9\xa1",                                         /* Arabic-Indic 1 */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        parse_bad(bad[i], strlen(bad[i]));
    /* A 10-byte prefix of a valid date with trailing text, and short lengths. */
    parse_bad("2025-03-01x", 11);
    parse_bad("2025-03-01", 9);
    parse_bad("2025-03-01", 0);
    /* A NUL inside the 10 bytes. */
    parse_bad("2025-03-0\0", 10);
}

/* Every byte value at every place of a date: the parser tests the digits
 * and dashes of "YYYY-MM-" as one word, and must accept exactly what a
 * byte-by-byte reading accepts. */
Test(date, parse_every_byte_at_every_place)
{
    static const char *dates[] = {"2025-03-01", "2024-02-29", "0001-01-01", "9999-12-31", "1999-10-19"};
    for (size_t k = 0; k < sizeof dates / sizeof *dates; k++)
        for (int at = 0; at < 10; at++)
            for (int c = 0; c < 256; c++) {
                char s[10];
                memcpy(s, dates[k], 10);
                s[at] = (char)c;
                bool shape = true;
                int v[10];
                for (int i = 0; i < 10; i++) {
                    unsigned char b = (unsigned char)s[i];
                    shape = shape && (i == 4 || i == 7 ? b == '-' : b >= '0' && b <= '9');
                    v[i] = b - '0';
                }
                int32_t want = DATE_SENTINEL, got = DATE_SENTINEL;
                bool valid = shape && pol_date_from_ymd(v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3], v[5] * 10 + v[6],
                                                        v[8] * 10 + v[9], &want) == POL_NUM_OK;
                cr_assert_eq(pol_date_parse(s, 10, &got), valid, "%.10s", s);
                cr_assert_eq(got, valid ? want : DATE_SENTINEL, "%.10s", s);
            }
}

Test(date, format)
{
    char buf[16];
    memset(buf, 'x', sizeof buf);
    cr_assert_eq(pol_date_format(20148, buf, 11), 10);
    cr_assert_str_eq(buf, "2025-03-01");
    cr_assert_eq(pol_date_format(0, buf, 11), 10);
    cr_assert_str_eq(buf, "1970-01-01");
    cr_assert_eq(pol_date_format(-719162, buf, 11), 10);
    cr_assert_str_eq(buf, "0001-01-01");
    cr_assert_eq(pol_date_format(2932896, buf, 11), 10);
    cr_assert_str_eq(buf, "9999-12-31");
    cr_assert_eq(pol_date_format(ymd(987, 6, 5), buf, 11), 10);
    cr_assert_str_eq(buf, "0987-06-05");
}

/* A day number outside the calendar of facts gets its real year, and a
 * buffer too short for a date gets what fits, always NUL-terminated. */
Test(date, format_outside_the_calendar_and_short_buffers)
{
    char buf[16];
    memset(buf, 'x', sizeof buf);
    cr_assert_eq(pol_date_format(2932897, buf, sizeof buf), 11);   /* the day after 9999-12-31 */
    cr_assert_str_eq(buf, "10000-01-01");
    cr_assert_eq(pol_date_format(-719528, buf, sizeof buf), 10);   /* the day before 0001-01-01 is in year 0 */
    cr_assert_str_eq(buf, "0000-01-01");
    cr_assert_eq(pol_date_format(-719529, buf, sizeof buf), 11);   /* and the day before it in year -1 */
    cr_assert_str_eq(buf, "-0001-12-31");
    cr_assert_eq(pol_date_format(20148, buf, 5), 4);
    cr_assert_str_eq(buf, "2025");
    cr_assert_eq(pol_date_format(20148, buf, 10), 9);
    cr_assert_str_eq(buf, "2025-03-0");
    memset(buf, 'x', sizeof buf);
    cr_assert_eq(pol_date_format(20148, buf, 0), 0);
    cr_assert_eq(buf[0], 'x', "nothing written to a buffer of no bytes");
    cr_assert_eq(pol_money_format(-123456, buf, 0), 0);
    cr_assert_eq(buf[0], 'x');
    cr_assert_eq(pol_dec_format(dec(-5, 4), buf, 0), 0);
    cr_assert_eq(buf[0], 'x');
    cr_assert_eq(pol_dec_format(dec(1, 3), buf, 3), 2);
    cr_assert_str_eq(buf, "1/");
    int32_t r = DATE_SENTINEL;
    cr_assert(!pol_date_parse(NULL, 10, &r));
    cr_assert(!pol_date_parse("2025-03-011", 11, &r));
    cr_assert_eq(r, DATE_SENTINEL);
}

Test(date, add_days)
{
    int32_t r = DATE_SENTINEL;
    cr_assert_eq(pol_date_add_days(ymd(2024, 2, 28), 1, &r), POL_NUM_OK);
    cr_assert_eq(r, ymd(2024, 2, 29));
    cr_assert_eq(pol_date_add_days(ymd(2024, 2, 28), 2, &r), POL_NUM_OK);
    assert_ymd(r, 2024, 3, 1);
    cr_assert_eq(pol_date_add_days(ymd(2025, 3, 1), -1, &r), POL_NUM_OK);
    assert_ymd(r, 2025, 2, 28);
    cr_assert_eq(pol_date_add_days(ymd(1, 1, 1), 3652058, &r), POL_NUM_OK);
    assert_ymd(r, 9999, 12, 31);
    cr_assert_eq(pol_date_add_days(ymd(9999, 12, 31), -3652058, &r), POL_NUM_OK);
    assert_ymd(r, 1, 1, 1);

    r = DATE_SENTINEL;
    cr_assert_eq(pol_date_add_days(ymd(9999, 12, 31), 1, &r), POL_NUM_BAD_DATE);
    cr_assert_eq(pol_date_add_days(ymd(1, 1, 1), -1, &r), POL_NUM_BAD_DATE);
    cr_assert_eq(pol_date_add_days(0, INT64_MAX, &r), POL_NUM_BAD_DATE);
    cr_assert_eq(pol_date_add_days(-1, INT64_MIN, &r), POL_NUM_BAD_DATE);
    cr_assert_eq(pol_date_add_days(INT32_MAX, INT64_MAX, &r), POL_NUM_BAD_DATE);
    cr_assert_eq(pol_date_add_days(0, (int64_t)1 << 40, &r), POL_NUM_BAD_DATE);
    cr_assert_eq(r, DATE_SENTINEL);
}

static void check_add_months(int32_t from, int64_t months, PolRound mode,
                             int y, int m, int d, bool amb)
{
    int32_t r = DATE_SENTINEL;
    bool ambiguous = !amb;
    cr_assert_eq(pol_date_add_months(from, months, mode, &r, &ambiguous), POL_NUM_OK);
    assert_ymd(r, y, m, d);
    cr_assert_eq(ambiguous, amb, "ambiguous flag is %d", (int)ambiguous);
}

Test(date, add_months_month_end)
{
    int32_t jan31 = ymd(2024, 1, 31);
    check_add_months(jan31, 1, POL_ROUND_DOWN, 2024, 2, 29, true);
    check_add_months(jan31, 1, POL_ROUND_UP, 2024, 3, 1, true);
    check_add_months(jan31, 1, POL_ROUND_HALF_UP, 2024, 2, 29, true);
    check_add_months(jan31, 1, POL_ROUND_HALF_EVEN, 2024, 2, 29, true);
    check_add_months(jan31, 2, POL_ROUND_UP, 2024, 3, 31, false);
    check_add_months(jan31, 3, POL_ROUND_UP, 2024, 5, 1, true);
    check_add_months(jan31, 3, POL_ROUND_DOWN, 2024, 4, 30, true);
    check_add_months(ymd(2025, 1, 31), 1, POL_ROUND_UP, 2025, 3, 1, true);
    check_add_months(ymd(2025, 1, 29), 1, POL_ROUND_DOWN, 2025, 2, 28, true);
    check_add_months(ymd(2025, 1, 28), 1, POL_ROUND_UP, 2025, 2, 28, false);
    check_add_months(ymd(2024, 8, 31), 1, POL_ROUND_UP, 2024, 10, 1, true);
    check_add_months(ymd(2024, 11, 30), 3, POL_ROUND_DOWN, 2025, 2, 28, true);
}

Test(date, add_months_leap_day)
{
    int32_t leap = ymd(2024, 2, 29);
    check_add_months(leap, 12, POL_ROUND_DOWN, 2025, 2, 28, true);
    check_add_months(leap, 12, POL_ROUND_UP, 2025, 3, 1, true);
    check_add_months(leap, 48, POL_ROUND_DOWN, 2028, 2, 29, false);
    check_add_months(leap, -12, POL_ROUND_UP, 2023, 3, 1, true);
    check_add_months(ymd(2000, 2, 29), 1200, POL_ROUND_DOWN, 2100, 2, 28, true);
    check_add_months(ymd(2000, 2, 29), 4800, POL_ROUND_DOWN, 2400, 2, 29, false);
}

Test(date, add_months_plain)
{
    check_add_months(ymd(2025, 3, 1), 36, POL_ROUND_DOWN, 2028, 3, 1, false);
    check_add_months(ymd(2025, 3, 1), 36, POL_ROUND_UP, 2028, 3, 1, false);
    check_add_months(ymd(2025, 3, 1), 0, POL_ROUND_DOWN, 2025, 3, 1, false);
    check_add_months(ymd(2024, 1, 15), -13, POL_ROUND_DOWN, 2022, 12, 15, false);
    check_add_months(ymd(2024, 3, 31), -1, POL_ROUND_DOWN, 2024, 2, 29, true);
    check_add_months(ymd(2024, 12, 31), 1, POL_ROUND_DOWN, 2025, 1, 31, false);
    check_add_months(ymd(1, 1, 1), 119987, POL_ROUND_DOWN, 9999, 12, 1, false);
    check_add_months(ymd(9999, 12, 31), -119987, POL_ROUND_DOWN, 1, 1, 31, false);

    int32_t r = DATE_SENTINEL;
    cr_assert_eq(pol_date_add_months(ymd(2024, 1, 31), 1, POL_ROUND_UP, &r, NULL), POL_NUM_OK);
    assert_ymd(r, 2024, 3, 1);
}

Test(date, add_months_out_of_range)
{
    int32_t r = DATE_SENTINEL;
    bool amb = true;
    cr_assert_eq(pol_date_add_months(ymd(9999, 12, 31), 1, POL_ROUND_DOWN, &r, &amb), POL_NUM_BAD_DATE);
    cr_assert_eq(pol_date_add_months(ymd(9999, 12, 1), 1, POL_ROUND_UP, &r, &amb), POL_NUM_BAD_DATE);
    cr_assert_eq(pol_date_add_months(ymd(1, 1, 15), -1, POL_ROUND_DOWN, &r, &amb), POL_NUM_BAD_DATE);
    cr_assert_eq(pol_date_add_months(ymd(1, 1, 1), 119988, POL_ROUND_DOWN, &r, &amb), POL_NUM_BAD_DATE);
    cr_assert_eq(pol_date_add_months(0, INT64_MAX, POL_ROUND_DOWN, &r, &amb), POL_NUM_BAD_DATE);
    cr_assert_eq(pol_date_add_months(0, INT64_MIN, POL_ROUND_DOWN, &r, &amb), POL_NUM_BAD_DATE);
    cr_assert_eq(r, DATE_SENTINEL);
    cr_assert(amb, "ambiguous written on failure");
}
