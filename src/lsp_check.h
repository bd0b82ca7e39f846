/*
 * lsp_check.h — what the language server knows about a policy after one
 * pass of the real front end: its diagnostics as values, its declarations
 * and the names they declare (symbols), and every use of a name with the
 * symbol it resolves to (references).
 *
 * lsp_check.c is the one place where the server calls the loader, the
 * checker, the formatter and the case runner; lsp_index.c builds the
 * symbols and references from the checked tree (lsp_index.h). Everything else of the
 * server reads a PolLspAnalysis, which is immutable once made and lives on
 * the collected heap, so one thread can make the next while another
 * answers from the last.
 */
#ifndef POL_LSP_CHECK_H
#define POL_LSP_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include "ast.h"
#include "check.h"
#include "fmt.h"
#include "source.h"

/* A file's text that wins over the disk: an editor's unsaved buffer. */
typedef struct PolLspBuffer {
    const char *path;        /* absolute, as realpath(3) gives it when the file exists */
    const char *text;
    size_t len;
} PolLspBuffer;

/* A change that repairs a diagnostic: replace span by text. */
typedef struct PolLspFix {
    PolSpan span;
    const char *text;
    const char *title;       /* "replace with `little_giant`", in the language of the analysis */
} PolLspFix;

typedef struct PolLspNote { PolSpan span; const char *message; } PolLspNote;

typedef struct PolLspDiag {
    const char *path;        /* the file it belongs to: span.src's, else the analysed one */
    PolSpan span;            /* src NULL: the file as a whole */
    const char *code;        /* "E0301", NULL for an error without a code */
    const char *message, *help;
    int nnotes; PolLspNote *notes;
    int nfixes; PolLspFix *fixes;
} PolLspDiag;

typedef enum PolLspSymbolKind {
    POL_SYM_POLICY, POL_SYM_ENUM, POL_SYM_ENUM_VALUE, POL_SYM_RECORD, POL_SYM_FACTS,
    POL_SYM_MEMBER,          /* of a record, or of the facts */
    POL_SYM_PARAMETER, POL_SYM_DEFINE,
    POL_SYM_ARGUMENT,        /* a definition's parameter: define f(day: date) */
    POL_SYM_LOCAL,           /* a quantifier's variable: any s in standards */
    POL_SYM_MEASURE,
    POL_SYM_SCALE            /* a progressive table, applied like a function */
} PolLspSymbolKind;

typedef struct PolLspSymbol {
    PolLspSymbolKind kind;
    const char *name;
    PolSpan name_span;       /* the name where it is declared */
    PolSpan span;            /* the whole declaration, clauses included */
    const char *type;        /* the drafter's name of its type, NULL when it has none */
    int parent;              /* enclosing symbol (record of a member, enum of a value,
                                definition of an argument or local), -1 at top level */
    const PolDecl *decl;     /* the top-level declaration it is in */
    const PolExpr *expr;     /* LOCAL: its quantifier */
    int index;               /* member, value or argument position */
} PolLspSymbol;

typedef struct PolLspRef {
    PolSpan span;            /* the name as written at the use */
    int symbol;
} PolLspRef;

typedef struct PolLspAnalysis {
    const char *root;                /* the file analysed */
    long version;                    /* of the document, for the server */
    int nsources; const PolSource **sources;   /* the root first, then its imports */
    PolDeclList decls;               /* of every file, imports first */
    PolChecked *checked;             /* NULL when there were errors */
    bool parse_errors;               /* some file did not parse: the tree is partial */
    bool timed_out;                  /* made by the server: the check did not finish */
    int ndiags; PolLspDiag *diags;
    int nsymbols; PolLspSymbol *symbols;
    int nrefs; PolLspRef *refs;
    double millis;                   /* how long the front end took */
    struct PolProgram *program;      /* compiled when cases first ran on it (worker only) */
} PolLspAnalysis;

/* Loads path (unsaved buffers first, then the disk; imports beside the
 * importing file, then in stdlib_dir), checks it and indexes it, with
 * messages in lang. Never NULL. Keeps no state between calls: analyses
 * may run one after another or at once. */
PolLspAnalysis *pol_lsp_analyse(const char *path, const PolLspBuffer *buffers, int nbuffers, const char *stdlib_dir,
                                PolLang lang);

/* The tokens of text as an editor colours them (pol_fmt_classify), for
 * semantic tokens; *count receives their number. */
PolClassedToken *pol_lsp_tokens(const char *path, const char *text, size_t len, int *count);
/* The canonical layout of text (`polrun fmt`); NULL when it does not
 * parse. */
char *pol_lsp_format(const char *path, const char *text, size_t len, size_t *out_len);

/* One recorded case replayed against the analysed policy. */
typedef struct PolLspCaseResult {
    const char *path;
    bool ran;                /* false: the case file or the policy could not be used */
    bool passed;
    const char *output;      /* what `polrun test` printed for it (diffs, problems) */
    int ndiags; PolLspDiag *diags;   /* problems of the case file itself */
    int ngranted; const char **granted;   /* the measures its decision grants */
} PolLspCaseResult;

/* Replays case files (a text NULL: read from the disk) against an
 * analysis without errors; n results. */
PolLspCaseResult *pol_lsp_run_cases(PolLspAnalysis *a, const PolLspBuffer *cases, int n, PolLang lang);

/* Whether name can be written as a name: it scans as one identifier. */
bool pol_lsp_is_name(const char *name);

#endif
