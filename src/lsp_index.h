/*
 * lsp_index.h — the symbols and references of an analysis (lsp_check.h),
 * built from its checked tree, and the symbol at a place.
 */
#ifndef POL_LSP_INDEX_H
#define POL_LSP_INDEX_H

#include <stddef.h>
#include "lsp_check.h"

/* Builds a->symbols and a->refs. */
void pol_lsp_index(PolLspAnalysis *a);
/* The symbol declared at or used at byte offset off of the file path, -1
 * for none; *at: the span of the name there. */
int pol_lsp_symbol_at(const PolLspAnalysis *a, const char *path, size_t off, PolSpan *at);

#endif
