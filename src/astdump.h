/*
 * astdump.h — the parser's syntax tree as canonical text, without source
 * locations (polrun fmt --dump-ast; the fmt tests compare it).
 */
#ifndef POL_ASTDUMP_H
#define POL_ASTDUMP_H

#include <stdio.h>
#include "ast.h"

/* One line per declaration or clause; equal dumps mean equal trees. */
void pol_ast_dump(FILE *out, PolDeclList decls, const char *module_name);

#endif
