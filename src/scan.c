/*
 * scan.c — what the scanner (grammar/lexer.l) calls: source locations,
 * and literals turned into exact values (money, percentages, dates,
 * durations, numbers, text), each malformed one reported and still
 * returned as the token it was meant to be, so that one typo gives one
 * message.
 */
#include <gc.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include "alloc.h"
#include "scan.h"
#include "parser.h"

void pol_scan_advance(struct PolScanExtra *x, struct POL_YYLTYPE *loc, const char *text, size_t len)
{
    x->prev_line = x->line;
    x->prev_col = x->col;
    loc->first_line = x->line;
    loc->first_column = x->col + 1;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '\n') {
            x->line++;
            x->col = 0;
        } else if (!pol_utf8_continues((char)c)) {
            x->col++;
        }
    }
    loc->last_line = x->line;
    loc->last_column = x->col > 0 ? x->col : 1;
}

void pol_scan_unadvance(struct PolScanExtra *x, struct POL_YYLTYPE *loc, const char *text, size_t len)
{
    (void)loc; (void)text; (void)len;
    x->line = x->prev_line;
    x->col = x->prev_col;
}

void pol_scan_fatal(struct PolScanExtra *x, const char *msg)
{
    /* flex gives up (out of memory): not a mistake in the policy, so no
     * code; flex may not go on, so back to where scanning started */
    if (!x || !x->on_fatal)
        abort();   /* a scanner started without a way back: a bug of its caller */
    pol_diag_internal(x->ds, POL_MSG_scanner_failed, msg);
    longjmp(*x->on_fatal, 1);
}

static PolExpr *literal(union POL_YYSTYPE *val, PolExprKind kind, PolSpan span)
{
    PolExpr *e = pol_expr_new(kind, span);
    val->expr = e;
    return e;
}

int pol_scan_date(struct PolScanExtra *x, const char *text, union POL_YYSTYPE *val, PolSpan span)
{
    int32_t d;
    if (!pol_date_parse(text, 10, &d)) {
        pol_diag(x->ds, POL_E0101_bad_date, span, NULL, text);
        d = 0;   /* parsing goes on as if it were a date: no follow-on errors */
    }
    literal(val, POL_E_DATE, span)->lit.date = d;
    return DATE;
}

/* Reads digits (commas allowed as thousands separators) and an optional
 * fraction into mantissa / 10^scale. False on overflow. */
static bool read_number(const char *text, size_t len, size_t *used, int64_t *mantissa, int *scale)
{
    int64_t m = 0;
    int sc = 0;
    bool frac = false, overflow = false;
    size_t i = 0;
    for (; i < len; i++) {
        char c = text[i];
        if (c == ',')
            continue;
        if (c == '.' && !frac) {
            frac = true;
            continue;
        }
        if (c < '0' || c > '9')
            break;
        if (!overflow && (__builtin_mul_overflow(m, 10, &m) || __builtin_add_overflow(m, c - '0', &m)))
            overflow = true;   /* keep reading: the caller needs the number's length */
        if (frac)
            sc++;
    }
    *used = i;
    *mantissa = overflow ? 0 : m;
    *scale = sc;
    return !overflow;
}

int pol_scan_money(struct PolScanExtra *x, const char *text, size_t len, union POL_YYSTYPE *val, PolSpan span)
{
    size_t i = 0;
    if ((unsigned char)text[0] == 0xc2 && (unsigned char)text[1] == 0xa5) {   /* ¥ */
        i = 2;
        while (text[i] == ' ' || text[i] == '\t')
            i++;
    }
    size_t used;
    int64_t m;
    int scale;
    bool ok = read_number(text + i, len - i, &used, &m, &scale);
    const char *unit = text + i + used;
    while (*unit == ' ' || *unit == '\t')
        unit++;
    int64_t mult = 100;   /* fen per unit */
    if (strncmp(unit, "万元", strlen("万元")) == 0)
        mult = 1000000;
    else if (strncmp(unit, "亿元", strlen("亿元")) == 0)
        mult = 10000000000;
    int64_t fen = 0;
    /* fen = digits × fen-per-unit ÷ 10^decimals, exactly, in 128 bits so that
     * an amount that fits is never refused on the way */
    pol_i128 product = (pol_i128)m * mult;
    if (ok) {
        int64_t p = 1;
        for (int k = 0; k < scale && ok; k++)
            ok = !__builtin_mul_overflow(p, 10, &p);
        if (ok && (product / p > INT64_MAX))
            ok = false;
        if (ok)
            fen = (int64_t)(product / p);
        if (ok && product % p != 0) {
            pol_diag(x->ds, POL_E0102_money_below_fen, span, NULL, (int)len, text);
            fen = 0;
        }
    }
    if (!ok) {
        pol_diag(x->ds, POL_E0103_money_too_large, span, NULL, (int)len, text);
        fen = 0;
    }
    literal(val, POL_E_MONEY, span)->lit.fen = fen;
    return MONEY;
}

int pol_scan_percent(struct PolScanExtra *x, const char *text, size_t len, union POL_YYSTYPE *val, PolSpan span)
{
    size_t used;
    int64_t m;
    int scale;
    int64_t den = 100;
    bool ok = read_number(text, len, &used, &m, &scale);
    for (int k = 0; k < scale && ok; k++)
        ok = !__builtin_mul_overflow(den, 10, &den);
    PolDec d;
    if (!ok || pol_dec_make(m, den, &d) != POL_NUM_OK) {
        pol_diag(x->ds, POL_E0104_percent_invalid, span, NULL, (int)len, text);
        d = pol_dec_from_int(0);
    }
    literal(val, POL_E_DEC, span)->lit.dec = d;
    return PERCENT;
}

int pol_scan_duration(struct PolScanExtra *x, const char *text, size_t len, union POL_YYSTYPE *val, PolSpan span)
{
    size_t used;
    int64_t m;
    int scale;
    bool ok = read_number(text, len, &used, &m, &scale);
    const char *unit = text + used;
    while (*unit == ' ' || *unit == '\t')
        unit++;
    PolDuration d = {0, 0};
    int64_t months = 0, days = 0;
    PolKeywordSet set = POL_KW_EN;
    int u = pol_kw_unit_of(unit, &set);
    if (set == POL_KW_ZH && x->kwset == POL_KW_EN)
        pol_diag(x->ds, POL_E0122_chinese_unit_in_english_file, span, NULL, (int)len, text, pol_strdup_printf("%lld %s", (long long)m, pol_kw_unit(u, m, POL_KW_EN)));
    else if (set == POL_KW_EN && x->kwset == POL_KW_ZH)
        pol_scan_check_set(x, set, unit, pol_kw_unit(u, m, POL_KW_ZH), span);
    if (u == 0)
        ok = ok && !__builtin_mul_overflow(m, 12, &months);
    else if (u == 1)
        months = m;
    else
        days = m;
    if (!ok || months > 12 * 10000 || days > 366 * 10000) {
        pol_diag(x->ds, POL_E0105_duration_too_long, span, NULL, (int)len, text);
        months = days = 0;
    }
    d.months = (int32_t)months;
    d.days = (int32_t)days;
    literal(val, POL_E_DUR, span)->lit.dur = d;
    return DURATION;
}

int pol_scan_items(struct PolScanExtra *x, const char *text, size_t len, union POL_YYSTYPE *val, PolSpan span)
{
    size_t used;
    int64_t n;
    int scale;
    if (!read_number(text, len, &used, &n, &scale)) {
        pol_diag(x->ds, POL_E0106_integer_too_large, span, NULL, (int)used, text);
        n = 0;
    }
    /* the word after the number: `items` (`item` for one) or 项 */
    const char *word = text + used;
    word += strspn(word, " \t");
    const char *zh = pol_ctx_word(POL_CTX_items, POL_KW_ZH);
    if (strcmp(word, zh) == 0) {
        if (x->kwset == POL_KW_EN)
            pol_diag(x->ds, POL_E0122_chinese_unit_in_english_file, span, NULL, (int)len, text,
                     pol_strdup_printf("%lld %s", (long long)n, n == 1 ? "item" : "items"));
    } else if (x->kwset == POL_KW_ZH) {
        pol_scan_check_set(x, POL_KW_EN, word, zh, span);
    }
    literal(val, POL_E_INT, span)->lit.i = n;
    return ITEMS;
}

/* The digits of 2^63, the one integer too large that is written: negated,
 * it is the least 64-bit integer (leading zeros too). */
static bool is_two_to_63(const char *text, size_t len)
{
    static const char digits[] = "9223372036854775808";
    size_t k = 0;
    bool lead = true;
    for (size_t i = 0; i < len; i++) {
        if (text[i] == ',')
            continue;
        if (text[i] < '0' || text[i] > '9')
            return false;
        if (lead && text[i] == '0')
            continue;
        lead = false;
        if (k >= sizeof digits - 1 || text[i] != digits[k++])
            return false;
    }
    return k == sizeof digits - 1;
}

PolExpr *pol_scan_negated(struct PolScanExtra *x, PolExpr *e, PolSpan span)
{
    for (int i = 0; i < x->nleast; i++)
        if (x->least[i].lit == e) {
            x->least[i].lit = NULL;
            e->span = span;
            return e;
        }
    return NULL;
}

void pol_scan_least_unused(struct PolScanExtra *x)
{
    for (int i = 0; i < x->nleast; i++)
        if (x->least[i].lit)
            pol_diag(x->ds, POL_E0106_integer_too_large, x->least[i].lit->span, NULL,
                     (int)strlen(x->least[i].text), x->least[i].text);
    x->nleast = 0;
}

int pol_scan_number(struct PolScanExtra *x, const char *text, size_t len, union POL_YYSTYPE *val, PolSpan span)
{
    size_t used;
    int64_t m;
    int scale;
    if (!read_number(text, len, &used, &m, &scale) && is_two_to_63(text, len)) {
        PolExpr *e = literal(val, POL_E_INT, span);
        e->lit.i = INT64_MIN;
        x->least = pol_grow(x->least, (size_t)x->nleast, sizeof *x->least);
        x->least[x->nleast++] = (struct PolLeastInt){e, pol_strdup_printf("%.*s", (int)len, text)};
        return INT;
    }
    if (!read_number(text, len, &used, &m, &scale)) {
        pol_diag(x->ds, POL_E0106_integer_too_large, span, NULL, (int)len, text);
        m = 0;
        scale = 0;
    }
    if (scale == 0) {
        literal(val, POL_E_INT, span)->lit.i = m;
        return INT;
    }
    int64_t den = 1;
    bool ok = true;
    for (int k = 0; k < scale && ok; k++)
        ok = !__builtin_mul_overflow(den, 10, &den);
    PolDec d;
    if (!ok || pol_dec_make(m, den, &d) != POL_NUM_OK) {
        pol_diag(x->ds, POL_E0107_decimal_too_precise, span, NULL, (int)len, text);
        d = pol_dec_from_int(0);
    }
    literal(val, POL_E_DEC, span)->lit.dec = d;
    return DECIMAL;
}

int pol_scan_string(struct PolScanExtra *x, const char *text, size_t len, union POL_YYSTYPE *val, PolSpan span)
{
    char *out = GC_MALLOC_ATOMIC(len);
    size_t n = 0;
    for (size_t i = 1; i + 1 < len; i++) {
        char c = text[i];
        if (c == '\\') {
            char e = text[++i];
            switch (e) {
            case '"': out[n++] = '"'; break;
            case '\\': out[n++] = '\\'; break;
            case 'n': out[n++] = '\n'; break;
            case 't': out[n++] = '\t'; break;
            default:
                pol_diag(x->ds, POL_E0108_unknown_escape, span, NULL, e);
                out[n++] = e;
            }
        } else {
            out[n++] = c;
        }
    }
    out[n] = '\0';
    if (!pol_utf8_valid(out, n)) {
        pol_diag(x->ds, POL_E0109_text_not_utf8, span, NULL);
        n = 0;
        out[0] = '\0';
    } else {
        pol_scan_bidi(x, text, len, span, POL_MSG_in_text);
    }
    val->str = out;
    return STRING;
}

int pol_scan_unterminated(struct PolScanExtra *x, const char *text, size_t len, union POL_YYSTYPE *val, PolSpan span)
{
    pol_diag(x->ds, POL_E0110_unterminated_text, span, NULL);
    val->str = GC_STRNDUP(text + 1, len - 1);
    return STRING;
}

bool pol_scan_lacks_open_quote(struct PolScanExtra *x, const char *text, size_t len, size_t at, int line)
{
    if (line < 1 || line > x->src->nlines)
        return false;
    if (x->q_line != line) {   /* the first name of the line: look at the line once */
        const char *s = x->src->text;
        size_t start = x->src->line_starts[line - 1], end = start;
        while (end < x->src->len && s[end] != '\n')
            end++;
        x->q_line = line;
        x->q_ok = false;
        x->q_from = start;
        size_t quote = end;
        for (size_t i = start; i < end; i++) {
            if (s[i] == '#' || s[i] == '`')
                return false;   /* a comment or a quoted name before the quote */
            if (s[i] == '"') {
                quote = i;
                break;
            }
            if (strchr(":=(){}<>+*/?\\", s[i]))
                x->q_from = i + 1;   /* a sign of an expression or a declaration: the text starts after it */
        }
        if (quote == end)
            return false;
        for (size_t i = quote + 1; i < end; i++)
            if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
                return false;   /* more after the quote: not the end of a text */
        x->q_ok = true;
        x->q_end = quote;
    }
    if (!x->q_ok || at < x->q_from || at >= x->q_end)
        return false;
    PolKeywordSet set = POL_KW_UNDECIDED;
    int token = pol_kw_lookup(text, len, &set);
    return !token || (set == POL_KW_ZH && x->kwset == POL_KW_EN);   /* a keyword starts a clause, not a text */
}

int pol_scan_missing_open_quote(struct PolScanExtra *x, const char *text, size_t len, union POL_YYSTYPE *val, PolSpan span)
{
    size_t n = len - 1;   /* without the closing quote */
    pol_diag(x->ds, POL_E0126_missing_opening_quote, span, pol_msg(x->ds->lang, POL_MSG_quote_both_ends, (int)n, text));
    val->str = GC_STRNDUP(text, n);
    return STRING;
}

int pol_scan_chinese_quotes(struct PolScanExtra *x, const char *text, size_t len, union POL_YYSTYPE *val, PolSpan span)
{
    const size_t q = strlen("“");
    pol_diag(x->ds, POL_E0111_chinese_quotes, span, pol_msg(x->ds->lang, POL_MSG_ascii_quotes, (int)(len - 2 * q), text + q));
    val->str = GC_STRNDUP(text + q, len - 2 * q);
    return STRING;
}

/* Full-width punctuation typed in a Chinese input method, and what it stands for. */
static const struct { const char *wide; int token; const char *ascii; } wide_punct[] = {
    {"，", ',', ","}, {"：", ':', ":"}, {"（", '(', "("}, {"）", ')', ")"},
    {"｛", '{', "{"}, {"｝", '}', "}"}, {"＝", '=', "="}, {"、", ',', ","},
    {"？", '?', "?"}, {"＋", '+', "+"}, {"－", '-', "-"}, {"＜", '<', "<"}, {"＞", '>', ">"},
};

int pol_scan_wide(struct PolScanExtra *x, const char *text, size_t len, PolSpan span)
{
    unsigned cp = pol_utf8_decode(text, len);
    if (cp == 0x3000) {
        /* looks like a space: say what it is, and read it as one */
        pol_diag(x->ds, POL_E0125_fullwidth_space, span, NULL);
        return 0;
    }
    for (size_t k = 0; k < sizeof wide_punct / sizeof wide_punct[0]; k++) {
        if (strlen(wide_punct[k].wide) == len && memcmp(text, wide_punct[k].wide, len) == 0) {
            pol_diag(x->ds, POL_E0112_fullwidth_punctuation, span, pol_msg(x->ds->lang, POL_MSG_write_ascii, wide_punct[k].ascii),
                     wide_punct[k].wide, cp);
            return wide_punct[k].token;   /* read as meant: no follow-on errors */
        }
    }
    pol_diag(x->ds, POL_E0113_chinese_punctuation, span, NULL, (int)len, text, cp);
    return 0;
}

/* The place of the character at text[at] of a token at span, on one line. */
static PolSpan char_span(PolSpan span, const char *text, size_t at)
{
    span.first_col += (int)pol_utf8_columns(text, at);
    span.last_line = span.first_line;
    span.last_col = span.first_col;
    return span;
}

/* The first character of text[0..len) (well-formed UTF-8) for which
 * refuse(cp) holds: its offset, and the character in *cp; len if none. */
static size_t find_char(const char *text, size_t len, bool (*refuse)(unsigned), unsigned *cp)
{
    for (size_t i = 0; i < len;) {
        size_t k = pol_utf8_len(text + i, len - i);
        if (k == 0) {
            i++;   /* not UTF-8: reported for what it is */
            continue;
        }
        if (k > 1 && refuse(*cp = pol_utf8_decode(text + i, k)))
            return i;
        i += k;
    }
    return len;
}

int pol_scan_ident(struct PolScanExtra *x, const char *text, size_t len, union POL_YYSTYPE *val, PolSpan span)
{
    if (!pol_utf8_valid(text, len)) {
        pol_diag(x->ds, POL_E0114_name_not_utf8, span, NULL);
        val->str = GC_STRNDUP(text, len);
        return IDENT;
    }
    unsigned cp;
    size_t at = find_char(text, len, pol_char_not_in_name, &cp);
    if (at < len)
        pol_diag(x->ds, POL_E0119_name_hidden_character, char_span(span, text, at), NULL, (int)len, text, cp);
    /* one name, however its characters are encoded (composed or not) */
    size_t n;
    val->str = pol_utf8_nfc(text, len, &n);
    return IDENT;
}

int pol_scan_quoted_ident(struct PolScanExtra *x, const char *text, size_t len, union POL_YYSTYPE *val, PolSpan span)
{
    span.first_col++;   /* the name, after its backtick */
    return pol_scan_ident(x, text + 1, len - 2, val, span);
}

void pol_scan_bidi(struct PolScanExtra *x, const char *text, size_t len, PolSpan span, PolMsg where)
{
    unsigned cp;
    size_t at = find_char(text, len, pol_char_bidi_control, &cp);
    if (at < len)
        pol_diag(x->ds, POL_E0120_bidi_control, char_span(span, text, at), NULL, pol_msg(x->ds->lang, where), cp);
}

void pol_scan_bad_quoted_name(struct PolScanExtra *x, const char *text, size_t len, PolSpan span)
{
    if (len < 2 || text[len - 1] != '`')
        pol_diag(x->ds, POL_E0118_unclosed_quoted_name, span, NULL);
    else if (!pol_utf8_valid(text, len))
        pol_diag(x->ds, POL_E0114_name_not_utf8, span, NULL);
    else
        pol_diag(x->ds, POL_E0117_bad_quoted_name, span, NULL, (int)len, text);
}

void pol_scan_bad_char(struct PolScanExtra *x, const char *text, size_t len, PolSpan span)
{
    unsigned char c = (unsigned char)text[0];
    span.last_col = span.first_col;
    if (c >= 0x80 || c < 0x20)
        pol_diag(x->ds, POL_E0115_invalid_byte, span, NULL, c);
    else
        pol_diag(x->ds, POL_E0116_unexpected_character, span, NULL, (int)len, text);
}

void pol_scan_check_set(struct PolScanExtra *x, PolKeywordSet set, const char *word, const char *want, PolSpan span)
{
    if (x->kwset == POL_KW_UNDECIDED) {
        x->kwset = set;
        x->kw_first = GC_STRDUP(word);
        x->kw_line = span.first_line;
    } else if (set != x->kwset) {
        const char *help = pol_msg(x->ds->lang, POL_MSG_mixed_keywords_help, want);
        pol_diag(x->ds, set == POL_KW_EN ? POL_E0222_english_word_in_chinese_file : POL_E0223_chinese_word_in_english_file,
                 span, help, word, x->kw_first, x->kw_line);
    }
}

int pol_scan_word(struct PolScanExtra *x, const char *text, size_t len, union POL_YYSTYPE *val, PolSpan span)
{
    PolKeywordSet set = POL_KW_UNDECIDED;
    int token = pol_kw_lookup(text, len, &set);
    /* a Chinese keyword in an English file is a name: names may be Chinese */
    if (!token || (set == POL_KW_ZH && x->kwset == POL_KW_EN))
        return pol_scan_ident(x, text, len, val, span);
    pol_scan_check_set(x, set, pol_kw_word(token, set), pol_kw_word(token, x->kwset), span);
    return token;
}

int pol_scan_after_rounded(struct PolScanExtra *x, const char *text, size_t len, union POL_YYSTYPE *val, PolSpan span)
{
    PolKeywordSet set = POL_KW_UNDECIDED;
    if (pol_kw_half(text, len, &set) && !(set == POL_KW_ZH && x->kwset == POL_KW_EN)) {
        pol_scan_check_set(x, set, pol_kw_word(HALF, set), pol_kw_word(HALF, x->kwset), span);
        return HALF;
    }
    /* `rounded to fen`: the mode is missing (E0210) */
    int token = pol_kw_lookup(text, len, &set);
    if (token == TO && !(set == POL_KW_ZH && x->kwset == POL_KW_EN)) {
        pol_scan_check_set(x, set, pol_kw_word(TO, set), pol_kw_word(TO, x->kwset), span);
        return TO;
    }
    return pol_scan_ident(x, text, len, val, span);
}

int pol_scan_chinese_date(struct PolScanExtra *x, const char *text, size_t len, union POL_YYSTYPE *val, PolSpan span)
{
    /* 2025年3月1日: the year's 4 digits, then month and day of 1 or 2 */
    int y = 0, m = 0, d = 0;
    const char *p = text;
    while (*p >= '0' && *p <= '9') y = 10 * y + (*p++ - '0');
    p += strlen("年");
    while (*p >= '0' && *p <= '9') m = 10 * m + (*p++ - '0');
    p += strlen("月");
    while (*p >= '0' && *p <= '9') d = 10 * d + (*p++ - '0');
    const char *iso = pol_strdup_printf("%04d-%02d-%02d", y, m, d);
    if (x->kwset != POL_KW_ZH)
        pol_diag(x->ds, POL_E0123_chinese_date_in_english_file, span, NULL, (int)len, text, iso);
    return pol_scan_date(x, iso, val, span);
}

int pol_scan_wan(struct PolScanExtra *x, const char *text, size_t len, union POL_YYSTYPE *val, PolSpan span)
{
    /* the number, then blanks, then 万 or 亿 (3 bytes) */
    size_t digits = strcspn(text, " \t\xe4");
    const char *meant = pol_strdup_printf("%.*s %.3s元", (int)digits, text, text + len - 3);
    pol_diag(x->ds, POL_E0124_wan_without_yuan, span, NULL, (int)len, text, meant);
    return pol_scan_money(x, meant, strlen(meant), val, span);
}
