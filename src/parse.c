/*
 * parse.c — one source file to its declarations: the flex scanner
 * (grammar/lexer.l, scan.c) and the bison parser (grammar/parser.y) run
 * together.
 */
#include <setjmp.h>
#include <string.h>
#include "parse.h"
#include "scan.h"
#include "parser.h"
/* The generated header declares the scanner again, as the parser does. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wredundant-decls"
#include "lexer.h"
#pragma GCC diagnostic pop

PolDeclList pol_parse_source(const PolSource *src, const char **module_name, PolDiags *ds)
{
    jmp_buf on_fatal;
    struct PolScanExtra extra = {src, ds, &on_fatal, 1, 0, 1, 0, 0, -1, false};
    yyscan_t scanner = NULL;
    PolParseState st;
    memset(&st, 0, sizeof st);
    st.src = src;
    st.ds = ds;
    /* volatile: read again after a longjmp from the scanner */
    PolParseState *volatile state = &st;
    if (setjmp(on_fatal) == 0) {
        if (pol_yylex_init_extra(&extra, &scanner) != 0) {
            pol_diag_internal(ds, POL_MSG_scanner_failed, "out of memory");
        } else {
            YY_BUFFER_STATE buf = pol_yy_scan_bytes(src->text, (int)src->len, scanner);
            pol_yyparse(scanner, &st);
            pol_yy_delete_buffer(buf, scanner);
            pol_yylex_destroy(scanner);
        }
    }
    /* after a fatal error of flex (memory ran out), what was read so far;
     * the scanner's memory is given up */
    if (module_name)
        *module_name = state->module_name;
    return state->decls;
}
