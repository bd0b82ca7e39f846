/*
 * lsp.h — `polrun lsp`: a Language Server Protocol 3.17 server on
 * standard input and output (docs/lsp.md).
 */
#ifndef POL_LSP_H
#define POL_LSP_H

#include "message.h"

typedef struct PolLspOptions {
    const char *stdlib_dir;   /* where `import` looks after the importing file's folder */
    PolLang lang;             /* of messages until the client names its locale */
    const char *version;      /* polrun's, for serverInfo */
} PolLspOptions;

/* Serves one client until `exit` or the end of the input. Returns the exit
 * status: 0 after `shutdown` then `exit`, 1 otherwise (the protocol's
 * rule). */
int pol_lsp_main(const PolLspOptions *options);

#endif
