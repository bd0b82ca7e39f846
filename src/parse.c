/*
 * parse.c — one source file to its declarations: the flex scanner
 * (grammar/lexer.l, scan.c) and the bison parser (grammar/parser.y) run
 * together.
 */
#include <setjmp.h>
#include <string.h>
#include "parse.h"
#include "scan.h"
#include "stack.h"
#include "parser.h"
/* The generated header declares the scanner again, as the parser does. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wredundant-decls"
#include "lexer.h"
#pragma GCC diagnostic pop

int pol_parse_max_depth(void)
{
    /* of the whole stack, not of what is left where the parser is called,
     * so that a file that parses once parses again on the same thread
     * (fmt parses its own output to check it) */
    size_t size = pol_stack_size();
    if (size == 0)
        return POL_MAX_TREE_DEPTH;
    size_t room = size > POL_STACK_RESERVE ? size - POL_STACK_RESERVE : 0;
    size_t checked = (size_t)POL_STACK_CHECKED_LEVELS * POL_STACK_CHECKED;
    if (room < checked)
        return (int)(room / POL_STACK_CHECKED);
    size_t more = (room - checked) / POL_STACK_FORMATTED;
    if (more >= (size_t)(POL_MAX_TREE_DEPTH - POL_STACK_CHECKED_LEVELS))
        return POL_MAX_TREE_DEPTH;
    return POL_STACK_CHECKED_LEVELS + (int)more;
}

PolDeclList pol_parse_source(const PolSource *src, const char **module_name, PolDiags *ds)
{
    return pol_parse_source_words(src, module_name, ds, NULL, NULL, NULL);
}

static bool gets_past(const PolSource *src, int line);

/* stop_after_line: not 0, the input ends where the first token after that
 * line starts (PolScanExtra). */
static PolDeclList parse(const PolSource *src, const char **module_name, PolDiags *ds,
                         PolKeywordSet *set, PolWordAt **words, int *nwords, PolParseState *out,
                         int stop_after_line)
{
    jmp_buf on_fatal;
    struct PolScanExtra extra = {src, ds, &on_fatal, 1, 0, 1, 0, 0, -1, false, 0, {{0}}, false, POL_KW_UNDECIDED, NULL, 0, NULL, 0, 0, false, 0, 0, stop_after_line};
    yyscan_t scanner = NULL;
    PolParseState st;
    memset(&st, 0, sizeof st);
    st.src = src;
    st.ds = ds;
    st.max_depth = pol_parse_max_depth();
    st.scan = &extra;
    st.no_hints = out && out->no_hints;
    st.gets_past = gets_past;
    /* volatile: read again after a longjmp from the scanner */
    PolParseState *volatile state = &st;
    if (setjmp(on_fatal) == 0) {
        if (pol_yylex_init_extra(&extra, &scanner) != 0) {
            pol_diag_internal(ds, POL_MSG_scanner_failed, "out of memory");
        } else {
            YY_BUFFER_STATE buf = pol_yy_scan_bytes(src->text, (int)src->len, scanner);
            pol_yyparse(scanner, &st);
            pol_scan_least_unused(&extra);
            pol_yy_delete_buffer(buf, scanner);
            pol_yylex_destroy(scanner);
        }
    }
    /* after a fatal error of flex (memory ran out), what was read so far;
     * the scanner's memory is given up */
    /* each declaration knows the words of its file, for the messages that
     * quote them */
    PolKeywordSet file_set = extra.kwset == POL_KW_ZH ? POL_KW_ZH : POL_KW_EN;
    for (int i = 0; i < state->decls.count; i++)
        state->decls.items[i]->kwset = file_set;
    if (module_name)
        *module_name = state->module_name;
    if (set)
        *set = extra.kwset;
    if (words) {
        *words = state->words;
        *nwords = state->nwords;
    }
    if (out)
        *out = *state;
    return state->decls;
}

PolDeclList pol_parse_source_words(const PolSource *src, const char **module_name, PolDiags *ds,
                                   PolKeywordSet *set, PolWordAt **words, int *nwords)
{
    return parse(src, module_name, ds, set, words, nwords, NULL, 0);
}

static bool gets_past(const PolSource *src, int line)
{
    PolDiags quiet;
    pol_diags_init(&quiet, POL_LANG_EN);
    PolParseState st;
    memset(&st, 0, sizeof st);
    st.no_hints = true;
    /* read up to the first token after the line only: a syntax error is
     * found at the token the parser cannot take (the lookahead, read in
     * order), so an error not found by then is after the line, whatever
     * comes next; the end of input that stands for the rest is placed at
     * that token, after the line too */
    parse(src, NULL, &quiet, NULL, NULL, NULL, &st, line);
    return !st.had_error || st.first_error.first_line > line;
}
