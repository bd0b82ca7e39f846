/*
 * keywords.c — the table of keywords.def as the scanner, the parser, the
 * formatter and the language server read it.
 */
#include <string.h>
#include "keywords.h"
#include "ast.h"
#include "parse.h"
#include "parser.h"

static const PolKwRow rows[] = {
#define KW(token, en, zh) {en, zh, token, -1},
#define CTX(key, en, zh) {en, zh, 0, POL_CTX_##key},
#define UNIT(unit, en, zh) {en, zh, 0, -1},
#include "keywords.def"
};
enum { NROWS = sizeof rows / sizeof rows[0] };

static const struct { const char *en, *zh; } units[] = {
#define UNIT(unit, en, zh) {en, zh},
#include "keywords.def"
};

static const struct { const char *en, *zh; } ctx[] = {
#define CTX(key, en, zh) {en, zh},
#include "keywords.def"
};

const PolKwRow *pol_kw_rows(int *count)
{
    *count = NROWS;
    return rows;
}

static bool same(const char *word, const char *text, size_t len)
{
    return strlen(word) == len && memcmp(word, text, len) == 0;
}

int pol_kw_lookup(const char *text, size_t len, PolKeywordSet *set)
{
    for (int i = 0; i < NROWS; i++) {
        if (!rows[i].token || rows[i].token == HALF || rows[i].token == ORDERED || rows[i].token == EARLIER)
            continue;   /* words only in their place: lexer.l */
        if (same(rows[i].en, text, len)) {
            *set = POL_KW_EN;
            return rows[i].token;
        }
        if (same(rows[i].zh, text, len)) {
            *set = POL_KW_ZH;
            return rows[i].token;
        }
    }
    return 0;
}

bool pol_kw_half(const char *text, size_t len, PolKeywordSet *set)
{
    const char *en = pol_kw_word(HALF, POL_KW_EN), *zh = pol_kw_word(HALF, POL_KW_ZH);
    if (same(en, text, len) || same(zh, text, len)) {
        *set = same(en, text, len) ? POL_KW_EN : POL_KW_ZH;
        return true;
    }
    return false;
}

const char *pol_kw_word(int token, PolKeywordSet set)
{
    for (int i = 0; i < NROWS; i++)
        if (rows[i].token == token)
            return set == POL_KW_ZH ? rows[i].zh : rows[i].en;
    return NULL;
}

const char *pol_kw_in(const char *english, PolKeywordSet set)
{
    for (int i = 0; i < NROWS; i++)
        if (rows[i].token && strcmp(rows[i].en, english) == 0)
            return set == POL_KW_ZH ? rows[i].zh : rows[i].en;
    return english;
}

const char *pol_ctx_word(PolCtxWord key, PolKeywordSet set)
{
    return set == POL_KW_ZH ? ctx[key].zh : ctx[key].en;
}

PolKeywordSet pol_ctx_match(PolCtxWord key, const char *word)
{
    if (strcmp(word, ctx[key].en) == 0)
        return POL_KW_EN;
    if (strcmp(word, ctx[key].zh) == 0)
        return POL_KW_ZH;
    return POL_KW_UNDECIDED;
}

const char *pol_kw_type_name(const char *word)
{
    static const PolCtxWord types[] = {POL_CTX_bool, POL_CTX_integer, POL_CTX_decimal, POL_CTX_money, POL_CTX_duration, POL_CTX_text};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (strcmp(word, ctx[types[i]].zh) == 0)
            return ctx[types[i]].en;
    return word;
}

const char *pol_kw_unit(int unit, long long n, PolKeywordSet set)
{
    static const char *const plural[] = {"years", "months", "days"};
    if (set == POL_KW_ZH)
        return units[unit].zh;
    return n == 1 ? units[unit].en : plural[unit];
}

int pol_kw_unit_of(const char *unit, PolKeywordSet *set)
{
    for (int i = 0; i < 3; i++) {
        size_t n = strlen(units[i].en);
        if (strncmp(unit, units[i].en, n) == 0 && (unit[n] == '\0' || (unit[n] == 's' && unit[n + 1] == '\0'))) {
            *set = POL_KW_EN;
            return i;
        }
        if (strcmp(unit, units[i].zh) == 0) {
            *set = POL_KW_ZH;
            return i;
        }
    }
    return -1;
}

const char *pol_kw_english(const char *word)
{
    for (int i = 0; i < NROWS; i++)
        if (strcmp(rows[i].zh, word) == 0 || strcmp(rows[i].en, word) == 0)
            return rows[i].en;
    return NULL;
}

/* The word en[0..len) after prev[0..plen) written in set, or NULL. */
static const char *phrase_word(const char *en, size_t len, const char *prev, size_t plen, PolKeywordSet set)
{
    static const struct { const char *prev, *word; PolCtxWord key; } told[] = {
        {"in", "kind", POL_CTX_in_kind}, {"half", "up", POL_CTX_half_up},
        {"half", "even", POL_CTX_half_even}, {"rounded", "up", POL_CTX_up},
    };
    for (size_t i = 0; i < sizeof told / sizeof told[0]; i++)
        if (same(told[i].prev, prev, plen) && same(told[i].word, en, len))
            return pol_ctx_word(told[i].key, set);
    for (int i = 0; i < NROWS; i++)
        if ((rows[i].token || rows[i].ctx >= 0) && same(rows[i].en, en, len))
            return set == POL_KW_ZH ? rows[i].zh : rows[i].en;
    return NULL;
}

bool pol_kw_phrase(const char *english, PolKeywordSet set, char *out, size_t size)
{
    size_t n = 0;
    const char *prev = "";
    size_t plen = 0;
    for (const char *p = english; *p;) {
        size_t len = strcspn(p, " ");
        const char *word = phrase_word(p, len, prev, plen, set);
        size_t wlen = word ? strlen(word) : 0;
        if (!word || n + (n > 0) + wlen + 1 > size)
            return false;
        if (n > 0)
            out[n++] = ' ';
        memcpy(out + n, word, wlen);
        n += wlen;
        prev = p;
        plen = len;
        p += len;
        p += strspn(p, " ");
    }
    if (size == 0)
        return false;
    out[n] = '\0';
    return true;
}
