/*
 * num.h — exact numbers and calendar dates.
 *
 * Everything the language computes with lives here, free of the rest of the
 * interpreter so that it can be tested on its own:
 *   - integers: int64_t, every operation checked;
 *   - decimals: exact rationals num/den (den > 0, lowest terms), used for
 *     rates and percentages (30% is 3/10);
 *   - money: int64_t fen (1 yuan = 100 fen);
 *   - unrounded money: an exact rational amount of fen, produced by
 *     money × decimal or money ÷ a number, computed with exactly until a
 *     policy rounds it to money;
 *   - scales: progressive tables applied to an exact base;
 *   - dates: days since 1970-01-01 in the proleptic Gregorian calendar,
 *     years 0001..9999;
 *   - durations: a number of months plus a number of days.
 *
 * No function here allocates. Every fallible operation returns a PolNumStatus
 * and writes its result through an out pointer only on POL_NUM_OK.
 */
#ifndef POL_NUM_H
#define POL_NUM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum PolNumStatus {
    POL_NUM_OK = 0,
    POL_NUM_OVERFLOW,   /* the exact result does not fit the representation */
    POL_NUM_DIV_ZERO,   /* division by zero */
    POL_NUM_BAD_DATE    /* the result is not a date between 0001-01-01 and 9999-12-31 */
} PolNumStatus;

typedef struct PolDec { int64_t num, den; } PolDec;          /* den > 0, gcd(num,den) = 1 */
__extension__ typedef __int128 pol_i128;
/* Packed to 8-byte alignment so that a PolValue (value.h) is 32 bytes, not
 * 48: the VM moves values all the time. x86-64 reads the unaligned 128-bit
 * member fine. */
typedef struct __attribute__((packed, aligned(8))) PolUMoney { pol_i128 num; int64_t den; } PolUMoney; /* fen, den > 0, lowest terms */
typedef struct PolDuration { int32_t months, days; } PolDuration;

typedef enum PolRound {
    POL_ROUND_DOWN,       /* toward zero */
    POL_ROUND_UP,         /* away from zero */
    POL_ROUND_HALF_UP,    /* nearest, ties away from zero */
    POL_ROUND_HALF_EVEN   /* nearest, ties to the even neighbour */
} PolRound;

/* Units money can be rounded to, in fen. */
#define POL_UNIT_FEN  1
#define POL_UNIT_YUAN 100

/* Largest money amount facts may carry: 999999999999999.99 yuan. */
#define POL_MONEY_FACT_MAX INT64_C(99999999999999999)

/* ---- integers ---- */
PolNumStatus pol_int_add(int64_t a, int64_t b, int64_t *out);
PolNumStatus pol_int_sub(int64_t a, int64_t b, int64_t *out);
PolNumStatus pol_int_mul(int64_t a, int64_t b, int64_t *out);
PolNumStatus pol_int_neg(int64_t a, int64_t *out);

/* ---- decimals ---- */
/* Builds num/den in lowest terms; den must be non-zero (sign moves to num). */
PolNumStatus pol_dec_make(int64_t num, int64_t den, PolDec *out);
PolDec       pol_dec_from_int(int64_t i);
PolNumStatus pol_dec_add(PolDec a, PolDec b, PolDec *out);
PolNumStatus pol_dec_sub(PolDec a, PolDec b, PolDec *out);
PolNumStatus pol_dec_mul(PolDec a, PolDec b, PolDec *out);
PolNumStatus pol_dec_div(PolDec a, PolDec b, PolDec *out);
PolNumStatus pol_dec_neg(PolDec a, PolDec *out);
int          pol_dec_cmp(PolDec a, PolDec b);             /* -1, 0, 1 */
/* Writes the decimal in shortest exact form ("0.3", "12", "-1.25"); a value
 * with no finite decimal expansion is written as a fraction "1/3". Returns
 * the length written (buffer of at least 48 bytes). */
size_t       pol_dec_format(PolDec d, char *buf, size_t size);

/* ---- money (fen) ---- */
PolNumStatus pol_money_add(int64_t a, int64_t b, int64_t *out);
PolNumStatus pol_money_sub(int64_t a, int64_t b, int64_t *out);
PolNumStatus pol_money_mul_int(int64_t fen, int64_t k, int64_t *out);
PolUMoney    pol_money_mul_dec(int64_t fen, PolDec d);    /* exact, cannot overflow */
PolNumStatus pol_money_div_int(int64_t fen, int64_t k, PolUMoney *out);
PolNumStatus pol_money_div_money(int64_t a, int64_t b, PolDec *out);
/* Rounds an exact amount of fen to a multiple of unit (POL_UNIT_FEN or
 * POL_UNIT_YUAN) with the given mode; POL_NUM_OVERFLOW when it leaves int64. */
PolNumStatus pol_umoney_round(PolUMoney u, PolRound mode, int64_t unit, int64_t *out_fen);
/* ---- unrounded money: exact rationals of fen ----
 * Every result is exact and in lowest terms, with |num| <= 2^127 - 1 and
 * 1 <= den <= 2^63 - 1; an exact result beyond that is POL_NUM_OVERFLOW,
 * never an approximation. Intermediate products are taken in 256 bits, so
 * only the reduced result can overflow. A non-terminating quotient stays a
 * rational: x / 3 * 3 is x. */
PolUMoney    pol_umoney_from_money(int64_t fen);
PolNumStatus pol_umoney_add(PolUMoney a, PolUMoney b, PolUMoney *out);
PolNumStatus pol_umoney_sub(PolUMoney a, PolUMoney b, PolUMoney *out);
PolNumStatus pol_umoney_neg(PolUMoney a, PolUMoney *out);
PolNumStatus pol_umoney_mul_dec(PolUMoney a, PolDec d, PolUMoney *out);
PolNumStatus pol_umoney_div_dec(PolUMoney a, PolDec d, PolUMoney *out);   /* DIV_ZERO for d = 0 */
/* a / b, a ratio: DIV_ZERO for b = 0, OVERFLOW when it is no PolDec. */
PolNumStatus pol_umoney_div(PolUMoney a, PolUMoney b, PolDec *out);
/* -1, 0, 1; exact for every pair of valid values (256-bit products). */
int          pol_umoney_cmp(PolUMoney a, PolUMoney b);
/* A decimal as an exact rational (of fen or of plain units), and back:
 * OVERFLOW when it does not fit a PolDec. */
PolUMoney    pol_umoney_from_dec(PolDec d);
PolNumStatus pol_umoney_to_dec(PolUMoney u, PolDec *out);

/* ---- scales (progressive tables) ----
 * A bracket covers the bases above the previous bracket's bound up to its
 * own (the last one, every base above); `up_to` of the last is unused.
 * Bounds, bases, deductions and results are exact rationals (fen for a
 * scale of money). Quick-deduction form: base × rate − deduction of the
 * bracket the base falls in. Marginal form: the sum, over the brackets, of
 * rate × the part of the base within the bracket (the first bracket takes
 * every base up to its bound, below zero too). *bracket is the index of the
 * bracket the base falls in. */
typedef struct PolBracket { PolUMoney up_to; PolDec rate; PolUMoney deduction; } PolBracket;
PolNumStatus pol_scale_apply(const PolBracket *brackets, int n, bool marginal, PolUMoney base,
                             PolUMoney *out, int *bracket);

/* "500000.00", "-0.05": always two decimals, no grouping. Buffer >= 32. */
size_t       pol_money_format(int64_t fen, char *buf, size_t size);

/* ---- dates ---- */
bool         pol_date_valid_ymd(int year, int month, int day);
PolNumStatus pol_date_from_ymd(int year, int month, int day, int32_t *out);
void         pol_date_to_ymd(int32_t date, int *year, int *month, int *day);
/* Strict "YYYY-MM-DD", ASCII digits, a real day; len is the text length. */
bool         pol_date_parse(const char *text, size_t len, int32_t *out);
size_t       pol_date_format(int32_t date, char *buf, size_t size); /* "2025-03-01", buf >= 11 */
int          pol_days_in_month(int year, int month);
PolNumStatus pol_date_add_days(int32_t date, int64_t days, int32_t *out);
/* Adds months (negative allowed). When the day does not exist in the target
 * month (31 January + 1 month): POL_ROUND_DOWN gives the month's last day,
 * POL_ROUND_UP the first day of the following month. *ambiguous (may be
 * NULL) is set when such a choice was needed. */
PolNumStatus pol_date_add_months(int32_t date, int64_t months, PolRound mode,
                                 int32_t *out, bool *ambiguous);

#endif
