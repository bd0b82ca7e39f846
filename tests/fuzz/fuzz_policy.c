/*
 * fuzz_policy.c — harness 1: policy source → parse and check.
 *
 * The input is a .pol file (imports resolve beside it, then in stdlib/).
 * Diagnostics are rendered in one of the three formats and two languages
 * (chosen by the input's length) and thrown away. When the file parses
 * without errors, the formatter must accept it, its output must be
 * formatted already (idempotence), and the syntax tree is dumped; when
 * the policy checks, its graph is drawn.
 */
#include <gc.h>
#include <stdio.h>
#include <string.h>
#include "astdump.h"
#include "check.h"
#include "fmt.h"
#include "fuzz.h"
#include "graph.h"
#include "parse.h"
#include "source.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    fuzz_init((*argv)[0]);
    fuzz_init_done();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_begin();
    fuzz_diagnostics_format((PolDiagFormat)(size % 3));
    fuzz_ds.lang = (PolLang)(size / 3 % 2);
    PolChecked *checked = fuzz_check_text(data, size);
    if (checked)
        pol_graph(checked, fuzz_null);

    /* the file alone: parse, dump, format, format again */
    char *text = GC_MALLOC_ATOMIC(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    PolSource *src = pol_source_from_text("input.pol", text, size);
    int errors = fuzz_ds.errors;
    const char *module = NULL;
    PolDeclList decls = pol_parse_source(src, &module, &fuzz_ds);
    if (fuzz_ds.errors == errors) {
        pol_ast_dump(fuzz_null, decls, module);
        size_t len;
        char *once = pol_fmt_text(src, &len, &fuzz_ds);
        FUZZ_CHECK(once, "the formatter refused a file that parses");
        FUZZ_CHECK(strlen(once) == len || memchr(text, 0, size), "formatted length");
        PolSource *again = pol_source_from_text("formatted.pol", once, len);
        size_t len2;
        char *twice = pol_fmt_text(again, &len2, &fuzz_ds);
        FUZZ_CHECK(twice, "the formatter refused its own output");
        FUZZ_CHECK(len2 == len && memcmp(once, twice, len) == 0, "formatting is not idempotent:\n--- once\n%s\n--- twice\n%s", once, twice);
    }
    fuzz_end();
    return 0;
}
