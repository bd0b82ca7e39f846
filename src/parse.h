/*
 * parse.h — parsing one policy source file into declarations.
 */
#ifndef POL_PARSE_H
#define POL_PARSE_H

#include <stdbool.h>
#include "ast.h"
#include "diag.h"
#include "keywords.h"
#include "source.h"

struct PolScanExtra;

/* A contextual word the parser read in its place (`most` of `at most`, a
 * type name): where, and which (keywords.h). polrun fmt --keywords turns
 * these, and the keywords, into the other set. */
typedef struct PolWordAt {
    int line, col;          /* of its first character, as in PolSpan */
    PolCtxWord key;
} PolWordAt;

/* The deepest expression tree the parser builds: as deep as bison's stack
 * lets parentheses go. `x + 1 + 1 + ...` nests without growing the parser's
 * stack, so every tree is measured as it is built, and a deeper one is
 * refused (E0707), so that no recursive walk of a tree (checker, compiler,
 * formatter, syntax dump) can run out of C stack. */
#define POL_MAX_TREE_DEPTH 10000

/* A smaller stack holds fewer levels. Measured optimised, the compiler's
 * walk takes about 384 bytes of C stack a level, the checker's 130, the
 * formatter's and the syntax dump's 35-70; the checker refuses more than
 * 1000 levels (E0706), so only those last walks go deeper. A level up to
 * the 1000th is counted POL_STACK_CHECKED bytes, a level after it
 * POL_STACK_FORMATTED, several times more with AddressSanitizer's red
 * zones; POL_STACK_RESERVE bytes are kept for what runs under the walks
 * and at the deepest level (the commands' frames, a diagnostic printed,
 * the C library). The parser refuses a tree deeper than its thread's
 * stack holds (E0718): 8 MiB, the usual `ulimit -s`, holds 10000 levels,
 * 256 KiB 384 and 128 KiB 128 (96 and 32 with AddressSanitizer). */
#if defined(__SANITIZE_ADDRESS__)
#define POL_STACK_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define POL_STACK_ASAN 1
#endif
#endif
#ifdef POL_STACK_ASAN
#define POL_STACK_CHECKED 2048
#define POL_STACK_FORMATTED 640
#else
#define POL_STACK_CHECKED 512
#define POL_STACK_FORMATTED 128
#endif
#define POL_STACK_CHECKED_LEVELS 1000
#define POL_STACK_RESERVE (64 * 1024)

/* What the grammar's actions (grammar/parser.y) build into. */
typedef struct PolParseState {
    const PolSource *src;
    PolDiags *ds;           /* where syntax errors go */
    PolDeclList decls;
    PolDecl *cur;           /* the declaration whose clauses are being parsed */
    PolMemberDecl *member;  /* the member of a record or the facts whose clauses are being parsed */
    int nparams; PolParamDecl *params;
    const char *module_name;
    int max_depth;          /* the deepest tree allowed: POL_MAX_TREE_DEPTH or what the stack holds */
    bool too_deep;          /* a tree deeper than max_depth was reported */
    struct PolScanExtra *scan;  /* the scanner's state: the file's set of keywords */
    PolWordAt *words; int nwords;   /* the contextual words read */
    /* a misspelt keyword: the first syntax error looks for one (reading the
     * file again with the word corrected) unless no_hints */
    bool no_hints, hinted;
    /* whether a source parses, with nothing reported, past the end of a
     * line: its first syntax error, if any, is on a later line (parse.c;
     * the parser calls it through here, so that neither needs the other) */
    bool (*gets_past)(const PolSource *src, int line);
    bool had_error;         /* a syntax error was found, first at first_error */
    PolSpan first_error;
} PolParseState;

/* Parses one source file into its declarations (imports are declarations
 * too; load.h follows them). Reports its errors to ds; returns the
 * declarations that could be read. *module_name (may be NULL) receives the
 * file's `module` name, or NULL. */
PolDeclList pol_parse_source(const PolSource *src, const char **module_name, PolDiags *ds);
/* The same, and the file's set of keywords and its contextual words, in
 * the order read (for polrun fmt --keywords). */
PolDeclList pol_parse_source_words(const PolSource *src, const char **module_name, PolDiags *ds,
                                   PolKeywordSet *set, PolWordAt **words, int *nwords);

/* The deepest tree the calling thread's stack holds, as pol_parse_source
 * allows it: POL_MAX_TREE_DEPTH, or fewer levels on a small stack. */
int pol_parse_max_depth(void);


#endif
