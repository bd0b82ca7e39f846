/*
 * keywords.c — the table of keywords.def as the scanner, the parser, the
 * formatter and the language server read it.
 */
#include <pthread.h>
#include <string.h>
#include "keywords.h"
#include "text.h"
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

/* The reserved words of both sets by their bytes, for the scanner, which
 * asks about every word it reads: an open-addressing table of row * 2 +
 * set (0 English, 1 Chinese), built once; a word two rows share keeps the
 * first, as a walk of the rows in order would find it. And each token's
 * first row, for the parser's and the formatter's words of tokens. */
enum { KW_SLOTS = 512 };   /* a power of two, well over twice the words */
static short kw_slot[KW_SLOTS];   /* row * 2 + set, + 1; 0 empty */
enum { KW_TOKENS = 1024 };   /* over bison's token numbers */
static short kw_row_of[KW_TOKENS];   /* a token's first row, + 1; 0 none */
static pthread_once_t kw_once = PTHREAD_ONCE_INIT;

static unsigned kw_hash(const char *text, size_t len)
{
    unsigned h = 2166136261u;   /* FNV-1a: the words are the table's own, not an attacker's */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)text[i]) * 16777619u;
    return h;
}

static void kw_index(void)
{
    for (int i = NROWS - 1; i >= 0; i--)
        if (rows[i].token >= 0 && rows[i].token < KW_TOKENS)
            kw_row_of[rows[i].token] = (short)(i + 1);
    for (int i = 0; i < NROWS; i++) {
        if (!rows[i].token || rows[i].token == HALF || rows[i].token == ORDERED || rows[i].token == EARLIER)
            continue;   /* words only in their place: lexer.l */
        for (int set = 0; set < 2; set++) {
            const char *w = set ? rows[i].zh : rows[i].en;
            size_t n = strlen(w);
            unsigned k = kw_hash(w, n) & (KW_SLOTS - 1);
            bool taken = false;
            for (; kw_slot[k]; k = (k + 1) & (KW_SLOTS - 1)) {
                const PolKwRow *r = &rows[(kw_slot[k] - 1) / 2];
                taken |= same((kw_slot[k] - 1) % 2 ? r->zh : r->en, w, n);
            }
            if (!taken)
                kw_slot[k] = (short)(i * 2 + set + 1);
        }
    }
}

int pol_kw_lookup(const char *text, size_t len, PolKeywordSet *set)
{
    pthread_once(&kw_once, kw_index);
    for (unsigned k = kw_hash(text, len) & (KW_SLOTS - 1); kw_slot[k]; k = (k + 1) & (KW_SLOTS - 1)) {
        int row = (kw_slot[k] - 1) / 2, zh = (kw_slot[k] - 1) % 2;
        if (same(zh ? rows[row].zh : rows[row].en, text, len)) {
            *set = zh ? POL_KW_ZH : POL_KW_EN;
            return rows[row].token;
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
    pthread_once(&kw_once, kw_index);
    if (token >= 0 && token < KW_TOKENS) {
        int i = kw_row_of[token] - 1;
        return i < 0 ? NULL : set == POL_KW_ZH ? rows[i].zh : rows[i].en;
    }
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

static bool word_byte(char b)
{
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b == '_' || (b >= '0' && b <= '9');
}

/* Whether the next word of p[0..n) is word. */
static bool next_is(const char *p, size_t n, const char *word)
{
    size_t i = 0;
    while (i < n && p[i] == ' ')
        i++;
    size_t len = strlen(word);
    return n - i >= len && memcmp(p + i, word, len) == 0 && (n - i == len || !word_byte(p[i + len]));
}

/* One part in backticks, p[0..n), into b in set. */
static void quote_in(PolBuf *b, const char *p, size_t n, PolKeywordSet set)
{
    const char *prev = "";
    size_t plen = 0;
    for (size_t i = 0; i < n;) {
        if (p[i] == '"') {                          /* a text: as it is */
            size_t j = i + 1;
            while (j < n && p[j] != '"')
                j++;
            j += j < n;
            pol_buf_put(b, p + i, j - i);
            i = j;
            continue;
        }
        if (!word_byte(p[i])) {
            pol_buf_put(b, p + i, 1);
            i++;
            continue;
        }
        size_t j = i;
        while (j < n && (word_byte(p[j]) || p[j] == '.'))
            j++;
        const char *w = p + i, *out = NULL;
        size_t len = j - i;
        char unit[8];
        PolKeywordSet unit_set;
        if (len < sizeof unit) {
            memcpy(unit, w, len);
            unit[len] = '\0';
        }
        /* a word after a dot is a member's name, and a name with a dot or
         * a digit is no keyword */
        bool plain = (i == 0 || p[i - 1] != '.') && !memchr(w, '.', len);
        int u = plain && len < sizeof unit ? pol_kw_unit_of(unit, &unit_set) : -1;
        if (u >= 0 && unit_set == POL_KW_EN)
            out = pol_kw_unit(u, 0, set);
        else if (plain && same("up", w, len) && !same("half", prev, plen) && !next_is(p + j, n - j, "to"))
            out = pol_ctx_word(POL_CTX_up, set);    /* `rounded up`, `down` or `up`; `up to X` is a bracket */
        else if (plain && same("kind", w, len) && !same("in", prev, plen))
            out = pol_ctx_word(POL_CTX_kind, set);  /* `kind relief`; `amount in kind` is told by `in` */
        else if (plain)
            out = phrase_word(w, len, prev, plen, set);
        if (out)
            pol_buf_puts(b, out);
        else
            pol_buf_put(b, w, len);
        prev = w;
        plen = len;
        i = j;
    }
}

const char *pol_kw_quote_in(const char *text, PolKeywordSet set)
{
    if (set != POL_KW_ZH || !text)
        return text;
    PolBuf b = {0};
    for (const char *p = text; *p;) {
        const char *open = strchr(p, '`');
        const char *close = open ? strchr(open + 1, '`') : NULL;
        if (!close) {
            pol_buf_puts(&b, p);
            break;
        }
        pol_buf_put(&b, p, (size_t)(open - p) + 1);
        quote_in(&b, open + 1, (size_t)(close - open - 1), set);
        pol_buf_put(&b, "`", 1);
        p = close + 1;
    }
    pol_buf_put(&b, "", 1);
    return b.data;
}
