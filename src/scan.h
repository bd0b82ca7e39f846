/*
 * scan.h — the glue between the flex scanner, the bison parser and the AST:
 * literal conversion, location tracking and the parser's builder state.
 * Only grammar/lexer.l, grammar/parser.y and parse.c include it.
 */
#ifndef POL_SCAN_H
#define POL_SCAN_H

#include <stddef.h>
#include "ast.h"
#include "source.h"

struct PolScanExtra {
    const PolSource *src;
    int line, col;          /* position after the last token: 1-based line, 0-based col */
    int prev_line, prev_col;
    long tokens;            /* tokens handed to the parser so far */
    long bad_at_token;      /* value of `tokens` when a character was skipped, -1 none */
};

typedef struct PolParseState {
    const PolSource *src;
    PolDeclList decls;
    PolDecl *cur;           /* the declaration whose clauses are being parsed */
    int nparams; PolParamDecl *params;
    const char *module_name;
    bool too_deep;          /* a tree deeper than POL_MAX_TREE_DEPTH was reported */
} PolParseState;

/* The deepest expression tree the parser builds: as deep as bison's stack
 * lets parentheses go. `x + 1 + 1 + ...` nests without growing the parser's
 * stack, so every tree is measured as it is built, and a deeper one is
 * refused (E0707), so that no recursive walk of a tree (checker, compiler,
 * formatter, syntax dump) can run out of C stack. */
#define POL_MAX_TREE_DEPTH 10000

union POL_YYSTYPE;
struct POL_YYLTYPE;

void pol_scan_advance(struct PolScanExtra *x, struct POL_YYLTYPE *loc, const char *text, size_t len);
void pol_scan_unadvance(struct PolScanExtra *x, struct POL_YYLTYPE *loc, const char *text, size_t len);
void pol_scan_fatal(const char *msg) __attribute__((noreturn));
int pol_scan_date(struct PolScanExtra *x, const char *text, union POL_YYSTYPE *val, PolSpan span);
int pol_scan_money(struct PolScanExtra *x, const char *text, size_t len, union POL_YYSTYPE *val, PolSpan span);
int pol_scan_percent(struct PolScanExtra *x, const char *text, size_t len, union POL_YYSTYPE *val, PolSpan span);
int pol_scan_duration(struct PolScanExtra *x, const char *text, size_t len, union POL_YYSTYPE *val, PolSpan span);
int pol_scan_number(struct PolScanExtra *x, const char *text, size_t len, union POL_YYSTYPE *val, PolSpan span);
int pol_scan_string(struct PolScanExtra *x, const char *text, size_t len, union POL_YYSTYPE *val, PolSpan span);
int pol_scan_unterminated(struct PolScanExtra *x, const char *text, size_t len, union POL_YYSTYPE *val, PolSpan span);
int pol_scan_chinese_quotes(struct PolScanExtra *x, const char *text, size_t len, union POL_YYSTYPE *val, PolSpan span);
int pol_scan_wide(struct PolScanExtra *x, const char *text, size_t len, PolSpan span);
int pol_scan_ident(struct PolScanExtra *x, const char *text, size_t len, union POL_YYSTYPE *val, PolSpan span);
/* Comment mode, for polrun fmt: the scanner whose extra is x also returns
 * each comment, as POL_TOKEN_COMMENT (NULL: none does). The parser's
 * scanners never are in this mode. */
#define POL_TOKEN_COMMENT 0x7fff
void pol_scan_keep_comments(const struct PolScanExtra *x);
/* Reports a character that cannot start a token; scanning goes on after it. */
void pol_scan_bad_char(struct PolScanExtra *x, const char *text, size_t len, PolSpan span);
/* `name`: the name between the backticks (a keyword, or with `-`) */
int pol_scan_quoted_ident(struct PolScanExtra *x, const char *text, size_t len, union POL_YYSTYPE *val, PolSpan span);
/* backticks around something that cannot be a name, or not closed */
void pol_scan_bad_quoted_name(struct PolScanExtra *x, const char *text, size_t len, PolSpan span);

void pol_parse_add_enum_value(PolParseState *st, const char *name, PolSpan span);
PolMemberDecl *pol_parse_add_member(PolParseState *st, const char *name, PolSpan span, PolTypeExpr type, PolPresence presence);
void pol_parse_add_param(PolParseState *st, const char *name, PolTypeExpr type, PolSpan span);
void pol_parse_add_rule(PolParseState *st, PolRuleKind kind, const char *label, PolSpan span,
                        const char *target, PolSpan target_span, PolExpr *cond, PolExpr *value);
void pol_parse_add_cond(PolParseState *st, PolExpr *cond);
void pol_parse_set_amount(PolParseState *st, PolBasis basis, PolExpr *amount, PolSpan span);
void pol_parse_add_cap(PolParseState *st, PolExpr *cap, bool if_present, PolSpan span);
void pol_parse_add_responsible(PolParseState *st, const char *unit);
PolExpr *pol_parse_is(PolParseState *st, PolExpr *left, const char *word, PolSpan span, PolSpan word_span);
PolRound pol_parse_round_mode(PolParseState *st, const char *w1, const char *w2, PolSpan span);

/* The parser's scanner: the flex scanner, counting tokens. */
int pol_yylex(union POL_YYSTYPE *yylval, struct POL_YYLTYPE *yylloc, void *scanner);
/* Whether a syntax error now follows a character the scanner skipped, and
 * is only its consequence (then the parser keeps it quiet). */
bool pol_scan_error_pending(void *scanner);

/* Parses one source file into its declarations. Reports syntax errors
 * through pol_diag; returns the declarations that could be read. */
PolDeclList pol_parse_source(const PolSource *src, const char **module_name);

#endif
