/*
 * parse.c — one source file to its declarations: the flex scanner
 * (grammar/lexer.l, scan.c) and the bison parser (grammar/parser.y) run
 * together.
 */
#include <string.h>
#include "parse.h"
#include "scan.h"
#include "parser.h"
/* The generated header declares the scanner again, as the parser does. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wredundant-decls"
#include "lexer.h"
#pragma GCC diagnostic pop

PolDeclList pol_parse_source(const PolSource *src, const char **module_name)
{
    struct PolScanExtra extra = {src, 1, 0, 1, 0, 0, -1, false};
    yyscan_t scanner;
    PolParseState st;
    memset(&st, 0, sizeof st);
    st.src = src;
    pol_yylex_init_extra(&extra, &scanner);
    YY_BUFFER_STATE buf = pol_yy_scan_bytes(src->text, (int)src->len, scanner);
    pol_yyparse(scanner, &st);
    pol_yy_delete_buffer(buf, scanner);
    pol_yylex_destroy(scanner);
    if (module_name)
        *module_name = st.module_name;
    return st.decls;
}
