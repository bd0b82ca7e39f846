/*
 * test_text.c — the text helpers every stage shares (text.h): the buffer,
 * UTF-8, shortening, JSON escaping, and the one "did you mean".
 */
#include <criterion/criterion.h>
#include <gc.h>
#include <locale.h>
#include <string.h>
#include "message.h"
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

/* In a Turkish locale the C library's tolower('I') is not 'i': protocol
 * words are compared in ASCII, whatever the locale (tools/deps.sh makes
 * tr_TR.UTF-8; without it the test runs in the C locale). */
Test(text, ascii_case_ignores_the_locale)
{
    setlocale(LC_ALL, "tr_TR.UTF-8");
    cr_assert(pol_ascii_eq_nocase("CONTENT-LENGTH: 5", "Content-Length:", 15));
    cr_assert(pol_ascii_eq_nocase("bearer x", "Bearer ", 7));
    cr_assert(pol_ascii_eq_nocase("100-CONTINUE", "100-continue", sizeof "100-continue"));
    cr_assert(!pol_ascii_eq_nocase("100-continues", "100-continue", sizeof "100-continue"));
    cr_assert(!pol_ascii_eq_nocase("Bear", "Bearer ", 7));
    cr_assert(!pol_ascii_eq_nocase("\xc4\xb0D", "id", 2));   /* İ is no ASCII I */
    cr_assert_eq(pol_ascii_lower('I'), 'i');
    cr_assert_eq(pol_ascii_lower('['), '[');
    setlocale(LC_ALL, "C");
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

Test(text, json_plain_prefix_never_passes_a_byte_to_escape)
{
    cr_assert_eq(pol_json_plain_prefix("914300000000000001", 18), 16, "whole words of plain ASCII");
    cr_assert_eq(pol_json_plain_prefix("short", 5), 0, "under eight bytes: the caller looks");
    cr_assert_eq(pol_json_plain_prefix("~~~~~~~~ \x7f!#[]{}", 16), 16, "space, DEL and punctuation are plain");
    /* every byte that needs a look, at every place of the first two words */
    const unsigned char stops[] = {'"', '\\', 0x00, 0x01, 0x1f, 0x80, 0xe4, 0xff};
    for (size_t k = 0; k < sizeof stops; k++)
        for (size_t at = 0; at < 16; at++) {
            char s[17];
            memset(s, 'a', 16);
            s[16] = '\0';
            s[at] = (char)stops[k];
            size_t n = pol_json_plain_prefix(s, 16);
            cr_assert(n <= at, "byte 0x%02x at %zu passed (prefix %zu)", stops[k], at, n);
            cr_assert_eq(n, at / 8 * 8, "byte 0x%02x at %zu: the words before it are plain", stops[k], at);
        }
    PolBuf j = {0};
    pol_buf_json_string(&j, "0123456789\"\t\xe9", 13);
    cr_assert_str_eq(j.data, "\"0123456789\\\"\\t\xef\xbf\xbd\"", "escapes after a plain run");
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

/* ---- characters, by Unicode's tables (utf8proc) ---- */

Test(text, invisible_and_text_direction_characters)
{
    unsigned invisible[] = {0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD, 0x034F, 0xFE0F, 0x200E, 0x202E, 0x2066};
    for (size_t i = 0; i < sizeof invisible / sizeof invisible[0]; i++)
        cr_assert(pol_char_invisible(invisible[i]), "U+%04X is invisible", invisible[i]);
    unsigned bidi[] = {0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069};
    for (size_t i = 0; i < sizeof bidi / sizeof bidi[0]; i++)
        cr_assert(pol_char_bidi_control(bidi[i]), "U+%04X reorders text", bidi[i]);
    cr_assert_not(pol_char_bidi_control(0x200B), "a zero-width space reorders nothing");
    cr_assert_not(pol_char_invisible('a'));
    cr_assert_not(pol_char_invisible(0x4E00), "一 is seen");
    cr_assert(pol_char_not_in_name(0x00A0), "a no-break space makes one name look like two");
    cr_assert(pol_char_not_in_name(0x3000));
    cr_assert(pol_char_not_in_name(0x2028));
    cr_assert(pol_char_not_in_name(0x0085), "a C1 control");
    cr_assert(pol_char_not_in_name(0x200B));
    cr_assert_not(pol_char_not_in_name(0x4E00));
    cr_assert_not(pol_char_not_in_name(0x00E9), "é");
}

Test(text, nfc_makes_one_spelling_of_a_character)
{
    size_t n;
    cr_assert_str_eq(pol_utf8_nfc("caf" "e\xcc\x81", 6, &n), "caf\xc3\xa9", "e and a combining acute become é");
    cr_assert_eq(n, 5);
    cr_assert_str_eq(pol_utf8_nfc("\xef\xa4\x80", 3, &n), "\xe8\xb1\x88", "the compatibility ideograph U+F900 becomes U+8C48");
    cr_assert_str_eq(pol_utf8_nfc("\xe8\xb1\x88", 3, &n), "\xe8\xb1\x88", "already composed: unchanged");
    cr_assert_str_eq(pol_utf8_nfc("amount", 6, &n), "amount");
}

Test(text, visible_escapes_what_a_terminal_would_not_show)
{
    cr_assert_str_eq(pol_visible("plain 中文 text"), "plain 中文 text");
    const char *s = "ok";
    cr_assert_eq(pol_visible(s), s, "nothing to escape: the string itself");
    cr_assert_str_eq(pol_visible("a\xff" "b"), "a\\xffb", "a byte that is not UTF-8");
    cr_assert_str_eq(pol_visible("x\x01y\x7f"), "x\\x01y\\x7f", "control characters");
    cr_assert_str_eq(pol_visible("line\n\tnext"), "line\n\tnext", "line feed and tab stay");
    cr_assert_str_eq(pol_visible("eligible\xe2\x80\x8b"), "eligible\\u{200B}", "a zero-width space");
    cr_assert_str_eq(pol_visible("abc\xe2\x80\xae" "def"), "abc\\u{202E}def", "a right-to-left override");
    cr_assert_str_eq(pol_visible("\xc2\x85"), "\\u{0085}", "a C1 control");
    cr_assert_str_eq(pol_visible("\xe4\xb8"), "\\xe4\\xb8", "a character cut short");
}

Test(text, a_visible_character_says_how_many_cells_it_takes)
{
    PolBuf b = {0};
    int cells;
    cr_assert_eq(pol_buf_put_visible_char(&b, "\0x", 2, &cells), 1);
    cr_assert_eq(cells, 2, "\\0");
    cr_assert_eq(pol_buf_put_visible_char(&b, "\xe4\xb8\x80x", 4, &cells), 3);
    cr_assert_eq(cells, 2, "a Han character: two cells");
    cr_assert_eq(pol_buf_put_visible_char(&b, "\xff\x80x", 3, &cells), 2, "a stray byte and its continuation: one column of the scanner");
    cr_assert_eq(cells, 8, "\\xff\\x80");
    cr_assert_eq(pol_buf_put_visible_char(&b, "e\xcc\x81", 3, &cells), 1, "a combining mark is a character of its own");
    cr_assert_eq(cells, 1);
    cr_assert_eq(pol_buf_put_visible_char(&b, "\xcc\x81", 2, &cells), 2);
    cr_assert_eq(cells, 0, "the combining mark: no cell of its own");
    cr_assert_eq(pol_buf_put_visible_char(&b, "\xe2\x80\x8b", 3, &cells), 3);
    cr_assert_eq(cells, 8, "\\u{200B}");
    cr_assert_str_eq(b.data, "\\0\xe4\xb8\x80\\xff\\x80" "e\xcc\x81\\u{200B}");
}

/* An article numbered is called 第N条 / art. N; one named, by its name. */
Test(text, articles_numbered_or_named)
{
    cr_assert(pol_article_numbered("3"));
    cr_assert(pol_article_numbered("3.2"));
    cr_assert(pol_article_numbered("十二"));
    cr_assert(pol_article_numbered("一百零一"));
    cr_assert_not(pol_article_numbered(""));
    cr_assert_not(pol_article_numbered(NULL));
    cr_assert_not(pol_article_numbered("稳岗返还"));
    cr_assert_not(pol_article_numbered("3a"));
    cr_assert_not(pol_article_numbered("十二之一"));
    cr_assert_str_eq(pol_article_label(POL_LANG_ZH, "十二"), "第十二条");
    cr_assert_str_eq(pol_article_label(POL_LANG_EN, "12"), "art. 12");
    cr_assert_str_eq(pol_article_label(POL_LANG_ZH, "稳岗返还"), "稳岗返还");
    cr_assert_str_eq(pol_article_label(POL_LANG_EN, "稳岗返还"), "稳岗返还");
}
