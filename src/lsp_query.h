/*
 * lsp_query.h — the language server's answers about one analysed document:
 * diagnostics, hover, definition, references, rename, completion,
 * document symbols, code actions and code lenses, as protocol JSON.
 *
 * Each function reads an analysis made from the document's current text
 * (the server makes sure of that) and returns a new jansson reference.
 * Positions are in the encoding the server agreed with the client.
 */
#ifndef POL_LSP_QUERY_H
#define POL_LSP_QUERY_H

#include <jansson.h>
#include "lsp_check.h"
#include "lsp_index.h"
#include "lsp_text.h"

typedef struct PolLspQuery {
    const PolLspAnalysis *a;
    const PolLspAnalysis *good;   /* the last analysis without syntax errors (the current one before any), for completion */
    const PolLspDoc *doc;
    const char *path;             /* the document's file as the analysis names it */
    PolLspEncoding enc;
    PolLang lang;
} PolLspQuery;

/* A JSON string of s, with bytes that are not UTF-8 replaced by U+FFFD. */
json_t *pol_lsp_string(const char *s);
json_t *pol_lsp_range_json(PolLspRange r);
json_t *pol_lsp_location(PolSpan span, PolLspEncoding enc);

/* The diagnostics of the analysis that belong to file path. */
json_t *pol_lsp_diagnostics(const PolLspAnalysis *a, const char *path, PolLspEncoding enc, PolLang lang);
json_t *pol_lsp_hover(const PolLspQuery *q, PolLspPos pos);
json_t *pol_lsp_definition(const PolLspQuery *q, PolLspPos pos);
json_t *pol_lsp_references(const PolLspQuery *q, PolLspPos pos, bool with_declaration);
json_t *pol_lsp_document_highlight(const PolLspQuery *q, PolLspPos pos);
/* The name to rename at pos: {range, placeholder}, or null. */
json_t *pol_lsp_prepare_rename(const PolLspQuery *q, PolLspPos pos);
/* A WorkspaceEdit, or NULL with *error set (a clash, a keyword, nothing
 * to rename); name_ok: whether new_name scans as one name. */
json_t *pol_lsp_rename(const PolLspQuery *q, PolLspPos pos, const char *new_name, bool name_ok, const char **error);
json_t *pol_lsp_completion(const PolLspQuery *q, PolLspPos pos);
json_t *pol_lsp_document_symbols(const PolLspQuery *q);
/* Quick fixes for the diagnostics that touch range, and one action that
 * applies every fix of the document. */
json_t *pol_lsp_code_actions(const PolLspQuery *q, PolLspRange range, const char *uri);
/* Code lenses above each measure: how many of the cases grant it. */
json_t *pol_lsp_measure_lenses(const PolLspQuery *q, const PolLspCaseResult *cases, int ncases);
/* The legend of semantic tokens (the server's capability), and the
 * tokens of the document (pol_lsp_tokens of its text) in that legend:
 * keywords of either set, types, names by what they name (declarations
 * marked), literals, text, comments, operators. */
json_t *pol_lsp_semantic_legend(void);
json_t *pol_lsp_semantic_tokens(const PolLspQuery *q, const PolClassedToken *toks, int n);
/* The one-line meaning of a word of the language, NULL when it is none. */
const char *pol_lsp_keyword_meaning(const char *word, PolLang lang);

#endif
