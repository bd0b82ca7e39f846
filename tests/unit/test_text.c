/*
 * test_text.c — the text helpers every stage shares (text.h): the buffer,
 * UTF-8, shortening, JSON escaping, and the one "did you mean".
 */
#include <criterion/criterion.h>
#include <gc.h>
#include <string.h>
#include "text.h"

static void init(void) { GC_INIT(); }

TestSuite(text, .init = init);

Test(text, buffer_grows_and_stays_terminated)
{
    PolBuf b = {0};
    for (int i = 0; i < 1000; i++)
        pol_buf_puts(&b, "ab");
    pol_buf_printf(&b, "%d", 42);
    cr_assert_eq(b.len, 2002);
    cr_assert_str_eq(b.data + 1998, "ab42");
    cr_assert_eq(b.data[b.len], '\0');
}

Test(text, utf8_sequences_strictly)
{
    cr_assert_eq(pol_utf8_len("a", 1), 1);
    cr_assert_eq(pol_utf8_len("\xc3\xa9", 2), 2);           /* é */
    cr_assert_eq(pol_utf8_len("\xe4\xb8\x80", 3), 3);       /* 一 */
    cr_assert_eq(pol_utf8_len("\xf0\x9f\x98\x80", 4), 4);   /* 😀 */
    cr_assert_eq(pol_utf8_len("\xe4\xb8", 2), 0, "cut short");
    cr_assert_eq(pol_utf8_len("\xc0\xaf", 2), 0, "overlong");
    cr_assert_eq(pol_utf8_len("\xed\xa0\x80", 3), 0, "surrogate");
    cr_assert_eq(pol_utf8_len("\xf4\x90\x80\x80", 4), 0, "past U+10FFFF");
    cr_assert_eq(pol_utf8_len("\x80", 1), 0, "a stray continuation byte");
    cr_assert(pol_utf8_valid("a\xe4\xb8\x80" "b", 5));
    cr_assert(!pol_utf8_valid("caf\xe9", 4));
}

Test(text, utf8_decode_and_encode_agree)
{
    unsigned cps[] = {0x41, 0xe9, 0x4e00, 0x1f600, 0x10ffff};
    for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
        char out[4];
        size_t n = pol_utf8_encode(cps[i], out);
        cr_assert_eq(pol_utf8_len(out, n), n);
        cr_assert_eq(pol_utf8_decode(out, n), cps[i]);
    }
}

Test(text, characters_and_columns_as_the_scanner_counts_them)
{
    const char *s = "a\xe4\xb8\x80\xe9x";   /* a, 一, a stray byte, x */
    cr_assert_eq(pol_utf8_columns(s, strlen(s)), 4);
    cr_assert_eq(pol_utf8_char_len(s + 1, strlen(s) - 1), 3);
    cr_assert_eq(pol_utf8_char_len(s + 4, 2), 1, "a lead byte without its continuation is one character");
    cr_assert_eq(pol_utf8_lead_len('\xe9'), 3, "what the first byte announces");
    cr_assert_eq(pol_utf8_cut("\xe4\xb8\x80\xe4\xb8\x80", 4), 3, "never inside a character");
}

Test(text, fit_cuts_at_a_character_boundary_with_dots)
{
    cr_assert_str_eq(pol_fit("short", 16), "short");
    cr_assert_str_eq(pol_fit("0123456789", 10), "012345...", "10 bytes do not fit 10 with the NUL");
    cr_assert_str_eq(pol_fit("\xe4\xb8\x80\xe4\xb8\x80\xe4\xb8\x80", 9), "\xe4\xb8\x80...");
}

Test(text, json_escape_keeps_bytes_but_quotes_and_controls)
{
    PolBuf b = {0};
    pol_buf_json_escape(&b, "a\"b\\c\n\xe9", 7);
    cr_assert_str_eq(b.data, "a\\\"b\\\\c\\u000a\xe9");
    PolBuf j = {0};
    pol_buf_json_string(&j, "a\n\xe9", 3);
    cr_assert_str_eq(j.data, "\"a\\n\xef\xbf\xbd\"", "a document gets short escapes and U+FFFD");
}

Test(text, edit_distance_counts_a_transposition_once)
{
    cr_assert_eq(pol_edit_distance("amount", 6, "amount", 6), 0);
    cr_assert_eq(pol_edit_distance("amuont", 6, "amount", 6), 1);
    cr_assert_eq(pol_edit_distance("tier", 4, "Tier", 4), 1);
    cr_assert_eq(pol_edit_distance("kitten", 6, "sitting", 7), 3);
    cr_assert_eq(pol_edit_distance("", 0, "abc", 3), 3);
}

static const char *suggest(const char *target, const char *const *names)
{
    PolSuggest s;
    pol_suggest_init(&s, target, strlen(target));
    for (; *names; names++)
        pol_suggest_try(&s, *names);
    return s.best;
}

Test(text, one_rule_for_did_you_mean)
{
    const char *const members[] = {"id", "name", "registered_capital", "staff", NULL};
    cr_assert_str_eq(suggest("nmae", members), "name");
    cr_assert_str_eq(suggest("registred_captial", members), "registered_capital");
    cr_assert_null(suggest("x", members), "`x` is no typo of `id`: as many edits as letters");
    cr_assert_str_eq(suggest("nam", (const char *const[]){"bad", NULL}), "bad", "two edits for three letters");
    cr_assert_null(suggest("nam", (const char *const[]){"xyz", NULL}), "but not three");
    cr_assert_null(suggest("employees", members));
    const char *const two[] = {"sma", "smb", NULL};
    cr_assert_str_eq(suggest("smc", two), "sma", "the first of equally close names");
    const char *const swapped[] = {"ab", NULL};
    cr_assert_str_eq(suggest("ba", swapped), "ab", "a transposition is one edit");
}
