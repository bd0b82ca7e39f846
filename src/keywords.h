/*
 * keywords.h — the words of the language in its two sets, English and
 * Chinese (the table is src/keywords.def): a word to its token, a
 * contextual word by its key, a token to its word in either set.
 */
#ifndef POL_KEYWORDS_H
#define POL_KEYWORDS_H

#include <stdbool.h>
#include <stddef.h>

/* The set of keywords a file is written in: recognised from its first
 * keyword (src/scan.c). */
typedef enum PolKeywordSet {
    POL_KW_UNDECIDED,   /* no keyword read yet */
    POL_KW_EN,
    POL_KW_ZH
} PolKeywordSet;

/* The contextual words, by key (the first column of CTX in keywords.def). */
typedef enum PolCtxWord {
#define CTX(key, en, zh) POL_CTX_##key,
#include "keywords.def"
    POL_CTX_COUNT
} PolCtxWord;

/* The reserved word text[0..len) in either set: its parser token and the
 * set it belongs to; 0 when it is no keyword. `half` is not looked up here
 * (it is a word only after `rounded`: pol_kw_half). */
int pol_kw_lookup(const char *text, size_t len, PolKeywordSet *set);
/* Whether text[0..len) is `half` in either set (its set in *set). */
bool pol_kw_half(const char *text, size_t len, PolKeywordSet *set);
/* A token's word in a set; NULL for a token that is no keyword. */
const char *pol_kw_word(int token, PolKeywordSet set);
/* The reserved word spelt `english` in English, in a set (for messages
 * that quote the file's own words); english itself when it is none. */
const char *pol_kw_in(const char *english, PolKeywordSet set);
/* The contextual word `key` in a set. */
const char *pol_ctx_word(PolCtxWord key, PolKeywordSet set);
/* Which set `word` spells the contextual word `key` in: POL_KW_UNDECIDED
 * when it spells it in neither. */
PolKeywordSet pol_ctx_match(PolCtxWord key, const char *word);
/* The English spelling of a built-in type name written in Chinese (`金额`
 * → `money`), or word itself. */
const char *pol_kw_type_name(const char *word);
/* The unit of a duration written in set: 0 year, 1 month, 2 day; plural
 * for English when n != 1. */
const char *pol_kw_unit(int unit, long long n, PolKeywordSet set);
/* The unit of a duration's text after its number (either set, English
 * plural or not): 0 year, 1 month, 2 day, -1 none. *set receives its set. */
int pol_kw_unit_of(const char *unit, PolKeywordSet *set);

/* The English word of `word`, a reserved or contextual word of either set
 * (`数额` → `amount`, `超过` → `most`); NULL when it is none. */
const char *pol_kw_english(const char *word);
/* An English phrase of keywords (`amount in kind`, `rounded down to fen`)
 * written in set, word for word, into out[0..size): false when a word is
 * no keyword or out is too small. A contextual word spelt alike in English
 * for two keys is told by the word before it (`in kind`, `half up`). */
bool pol_kw_phrase(const char *english, PolKeywordSet set, char *out, size_t size);

/* text, a message's help, with each part of it in backticks written in
 * set: its English keywords become the set's words (a contextual word told
 * by the word before it, as pol_kw_phrase does; `3 years` → `3 年`), and
 * names, numbers, texts in double quotes and signs stay as they are. For
 * the helps that show syntax, so that a file of Chinese keywords is shown
 * its own words. The text itself when set is English. */
const char *pol_kw_quote_in(const char *text, PolKeywordSet set);

/* For the docs and the editors: the rows of the table. */
typedef struct PolKwRow {
    const char *en, *zh;
    int token;          /* 0 for a contextual word or a unit */
    int ctx;            /* PolCtxWord, -1 for a reserved word or a unit */
} PolKwRow;
const PolKwRow *pol_kw_rows(int *count);

#endif
