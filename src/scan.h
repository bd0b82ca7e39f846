/*
 * scan.h — the scanner: the flex scanner of grammar/lexer.l (which defines
 * pol_scan_token, pol_yylex and pol_scan_error_pending around it) and what
 * it calls in scan.c (locations, literals as exact values). Included by
 * the grammar, parse.c and fmt.c (which reads the tokens with comments).
 */
#ifndef POL_SCAN_H
#define POL_SCAN_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include "ast.h"
#include "diag.h"
#include "keywords.h"
#include "source.h"

/* The scanner's state beside flex's own (its "extra"). */
struct PolScanExtra {
    const PolSource *src;
    PolDiags *ds;           /* where its errors go */
    jmp_buf *on_fatal;      /* where flex's fatal errors (out of memory) return to */
    int line, col;          /* position after the last token: 1-based line, 0-based col */
    int prev_line, prev_col;
    long tokens;            /* tokens handed to the parser so far */
    long bad_at_token;      /* value of `tokens` when a character was skipped, -1 none */
    bool keep_comments;     /* return each comment as POL_TOKEN_COMMENT (polrun fmt) */
    /* the `if`s of the clause being read that no `else` has closed yet,
     * innermost last (only the first POL_SCAN_MAX_IFS are kept), for the
     * message about an `if` without `else` */
    int open_ifs;
    PolSpan if_spans[8];
    bool ifs_end;           /* a clause keyword was read: the next token starts afresh */
    PolKeywordSet kwset;    /* the file's set of keywords: that of its first keyword */
    const char *kw_first;   /* that first keyword, and its line */
    int kw_line;
    /* the literals 9223372036854775808 (2^63) read: the value of one is
     * INT64_MIN, kept only when the parser negates it (pol_scan_negated);
     * the others are reported as too large after the declaration that
     * holds them (pol_scan_least_unused) */
    struct PolLeastInt { PolExpr *lit; const char *text; } *least;
    int nleast;
    /* a text without its opening quote (pol_scan_lacks_open_quote): what
     * is known of line q_line, so that each line is looked at once */
    int q_line;             /* 0: none yet */
    bool q_ok;              /* the line ends with its only `"` (no comment, no backtick before it) */
    size_t q_from, q_end;   /* a text may start at q_from or after (past the last sign of an
                               expression) and before q_end, the quote: byte offsets in src */
    /* when not 0: the input ends (for the parser) where the first token
     * after this line starts, for a reading that only asks whether the
     * file gets past the line (the misspelt-keyword hint, parse.c) */
    int stop_after_line;
};
#define POL_SCAN_MAX_IFS 8

union POL_YYSTYPE;
struct POL_YYLTYPE;

void pol_scan_advance(struct PolScanExtra *x, struct POL_YYLTYPE *loc, const char *text, size_t len);
void pol_scan_unadvance(struct PolScanExtra *x, struct POL_YYLTYPE *loc, const char *text, size_t len);
/* flex cannot go on (out of memory): reports it and jumps to x->on_fatal. */
void pol_scan_fatal(struct PolScanExtra *x, const char *msg) __attribute__((noreturn));
int pol_scan_date(struct PolScanExtra *x, const char *text, union POL_YYSTYPE *val, PolSpan span);
int pol_scan_money(struct PolScanExtra *x, const char *text, size_t len, union POL_YYSTYPE *val, PolSpan span);
int pol_scan_percent(struct PolScanExtra *x, const char *text, size_t len, union POL_YYSTYPE *val, PolSpan span);
int pol_scan_duration(struct PolScanExtra *x, const char *text, size_t len, union POL_YYSTYPE *val, PolSpan span);
/* `20 items` (or `1 item`): a number of items, for the bounds of a list */
int pol_scan_items(struct PolScanExtra *x, const char *text, size_t len, union POL_YYSTYPE *val, PolSpan span);
int pol_scan_number(struct PolScanExtra *x, const char *text, size_t len, union POL_YYSTYPE *val, PolSpan span);
/* e negated at span: for the literal 9223372036854775808, the least
 * integer -9223372036854775808 (e itself, at span); NULL for any other e. */
PolExpr *pol_scan_negated(struct PolScanExtra *x, PolExpr *e, PolSpan span);
/* E0106 for each literal 9223372036854775808 read and not negated since
 * the last call: after each declaration, and at the end of the file. */
void pol_scan_least_unused(struct PolScanExtra *x);
int pol_scan_string(struct PolScanExtra *x, const char *text, size_t len, union POL_YYSTYPE *val, PolSpan span);
/* Whether the name at text[0..len), at byte offset `at` of the source and
 * on line `line`, starts a text that ends the line with a quote but has
 * none before it: `title 长沙市奖励"`. */
bool pol_scan_lacks_open_quote(struct PolScanExtra *x, const char *text, size_t len, size_t at, int line);
/* That text, read up to its closing quote: reported once (E0126), and a
 * text as meant. */
int pol_scan_missing_open_quote(struct PolScanExtra *x, const char *text, size_t len, union POL_YYSTYPE *val, PolSpan span);
int pol_scan_unterminated(struct PolScanExtra *x, const char *text, size_t len, union POL_YYSTYPE *val, PolSpan span);
int pol_scan_chinese_quotes(struct PolScanExtra *x, const char *text, size_t len, union POL_YYSTYPE *val, PolSpan span);
int pol_scan_wide(struct PolScanExtra *x, const char *text, size_t len, PolSpan span);
/* 2025年3月1日: a date (reported in a file of English keywords, with the
 * form it is written in there) */
int pol_scan_chinese_date(struct PolScanExtra *x, const char *text, size_t len, union POL_YYSTYPE *val, PolSpan span);
/* 30万: money without its unit 元, reported and read as 30万元 */
int pol_scan_wan(struct PolScanExtra *x, const char *text, size_t len, union POL_YYSTYPE *val, PolSpan span);
int pol_scan_ident(struct PolScanExtra *x, const char *text, size_t len, union POL_YYSTYPE *val, PolSpan span);
/* A word: a keyword of either set (the first one decides the file's set;
 * an English keyword in a Chinese file is reported, and still read as the
 * keyword), else a name. */
int pol_scan_word(struct PolScanExtra *x, const char *text, size_t len, union POL_YYSTYPE *val, PolSpan span);
/* The word after `rounded`: `half` (半) or a name. */
int pol_scan_after_rounded(struct PolScanExtra *x, const char *text, size_t len, union POL_YYSTYPE *val, PolSpan span);
/* Reports `word`, of the other set than the file's (*set): the word of the
 * file's set is `want`. Decides the file's set when it was not yet. */
void pol_scan_check_set(struct PolScanExtra *x, PolKeywordSet set, const char *word, const char *want, PolSpan span);
/* The token of a comment, for a scanner whose extra keeps comments (the
 * parser's scanners never do). */
#define POL_TOKEN_COMMENT 0x7fff
/* Reports the first text-direction control (pol_char_bidi_control) of a
 * token of text or a comment (where: POL_MSG_in_text, POL_MSG_in_comment),
 * at its place; E0120. */
void pol_scan_bidi(struct PolScanExtra *x, const char *text, size_t len, PolSpan span, PolMsg where);
/* Reports a character that cannot start a token; scanning goes on after it. */
void pol_scan_bad_char(struct PolScanExtra *x, const char *text, size_t len, PolSpan span);
/* `name`: the name between the backticks (a keyword, or with `-`) */
int pol_scan_quoted_ident(struct PolScanExtra *x, const char *text, size_t len, union POL_YYSTYPE *val, PolSpan span);
/* backticks around something that cannot be a name, or not closed */
void pol_scan_bad_quoted_name(struct PolScanExtra *x, const char *text, size_t len, PolSpan span);

/* grammar/lexer.l: the flex scanner itself (comments as tokens when its
 * extra keeps them); the parser's scanner, which counts the tokens it
 * hands over; and whether a syntax error now follows a character the
 * scanner skipped, and is only its consequence (then the parser keeps it
 * quiet). */
int pol_scan_token(union POL_YYSTYPE *yylval, struct POL_YYLTYPE *yylloc, void *scanner);
int pol_yylex(union POL_YYSTYPE *yylval, struct POL_YYLTYPE *yylloc, void *scanner);
bool pol_scan_error_pending(void *scanner);
/* The innermost `if` of the current clause without its `else`: false when
 * there is none (or it is not known); forgetting them after a syntax
 * error, which ends the clause. */
bool pol_scan_open_if(void *scanner, PolSpan *span);
void pol_scan_forget_ifs(void *scanner);

#endif
