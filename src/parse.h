/*
 * parse.h — parsing one policy source file into declarations.
 */
#ifndef POL_PARSE_H
#define POL_PARSE_H

#include <stdbool.h>
#include "ast.h"
#include "diag.h"
#include "source.h"

/* The deepest expression tree the parser builds: as deep as bison's stack
 * lets parentheses go. `x + 1 + 1 + ...` nests without growing the parser's
 * stack, so every tree is measured as it is built, and a deeper one is
 * refused (E0707), so that no recursive walk of a tree (checker, compiler,
 * formatter, syntax dump) can run out of C stack. */
#define POL_MAX_TREE_DEPTH 10000

/* What the grammar's actions (grammar/parser.y) build into. */
typedef struct PolParseState {
    const PolSource *src;
    PolDiags *ds;           /* where syntax errors go */
    PolDeclList decls;
    PolDecl *cur;           /* the declaration whose clauses are being parsed */
    int nparams; PolParamDecl *params;
    const char *module_name;
    bool too_deep;          /* a tree deeper than POL_MAX_TREE_DEPTH was reported */
} PolParseState;

/* Parses one source file into its declarations (imports are declarations
 * too; load.h follows them). Reports its errors to ds; returns the
 * declarations that could be read. *module_name (may be NULL) receives the
 * file's `module` name, or NULL. */
PolDeclList pol_parse_source(const PolSource *src, const char **module_name, PolDiags *ds);

#endif
