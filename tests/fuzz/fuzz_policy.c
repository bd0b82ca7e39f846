/*
 * fuzz_policy.c — harness 1: policy source → parse and check.
 *
 * The input is a .pol file (imports resolve beside it, then in stdlib/).
 * Diagnostics are rendered in one of the three formats and two languages
 * (chosen by the input's length) and thrown away. When the file parses
 * without errors, the formatter must accept it, its output must be
 * formatted already (idempotence), and the syntax tree is dumped; when
 * the policy checks, its graph is drawn. Every name it declares is visible
 * and in NFC.
 *
 * All of it runs in a thread with a stack of 128 KiB, as a small
 * `ulimit -s` or a thread of a program that embeds polrun gives it: a
 * walk of the tree that the parser's depth limit does not cover runs out
 * of stack (SIGSEGV, which libFuzzer reports) on inputs of a few KiB.
 */
#define GC_THREADS   /* pthread_create is the collector's, which registers the thread */
#include <gc.h>
#include <pthread.h>
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

/* A name the parser accepted holds no character that cannot be seen for
 * what it is, and is in NFC (two spellings of a name are one name). */
static void check_name(const char *name)
{
    if (!name)
        return;
    size_t n = strlen(name), nfc_len;
    FUZZ_CHECK(strcmp(pol_utf8_nfc(name, n, &nfc_len), name) == 0, "the name `%s` is not in NFC", name);
    for (size_t i = 0; i < n;) {
        size_t k = pol_utf8_len(name + i, n - i);
        FUZZ_CHECK(k, "the name `%s` is not UTF-8", name);
        FUZZ_CHECK(!pol_char_not_in_name(pol_utf8_decode(name + i, k)), "the name `%s` holds U+%04X", name,
                   pol_utf8_decode(name + i, k));
        i += k;
    }
}

static void check_names(PolDeclList decls)
{
    for (int i = 0; i < decls.count; i++) {
        const PolDecl *d = decls.items[i];
        if (d->kind != POL_D_IMPORT && d->kind != POL_D_POLICY)
            check_name(d->name);
        for (int k = 0; k < d->nvalues; k++)
            check_name(d->values[k]);
        for (int k = 0; k < d->nmembers; k++)
            check_name(d->members[k].name);
        for (int k = 0; k < d->nparams; k++)
            check_name(d->params[k].name);
    }
}

typedef struct Input { const uint8_t *data; size_t size; } Input;

static void *one_input(void *arg)
{
    const uint8_t *data = ((Input *)arg)->data;
    size_t size = ((Input *)arg)->size;
    fuzz_diagnostics_format((PolDiagFormat)(size % 3));
    fuzz_ds.lang = (PolLang)(size / 3 % 2);
    long oom = fuzz_oom_pick(data, size);
    if (oom) {
        fuzz_oom_arm(oom);
        if (setjmp(fuzz_oom_jump)) {
            fuzz_oom_landed();
            return NULL;
        }
    }
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
    /* its diagnostics are those of its reading by the loader above (the
     * same text, by the same parser), rendered and checked there: here
     * they are counted, not rendered again */
    PolDiagSink *sink = fuzz_ds.sink;
    fuzz_ds.sink = NULL;
    PolDeclList decls = pol_parse_source(src, &module, &fuzz_ds);
    fuzz_ds.sink = sink;
    if (fuzz_ds.errors == errors) {
        check_names(decls);
        pol_ast_dump(fuzz_null, decls, module);
        size_t len;
        char *once = pol_fmt_text(src, &len, &fuzz_ds);
        FUZZ_CHECK(once, "the formatter refused a file that parses");
        FUZZ_CHECK(strlen(once) == len || memchr(text, 0, size), "formatted length");
        /* every line ends as the input's first line does, CRLF or LF */
        const char *nl = memchr(text, '\n', size);
        bool crlf = nl && nl > text && nl[-1] == '\r';
        for (size_t i = 0; i < len; i++)
            if (once[i] == '\n')
                FUZZ_CHECK((i > 0 && once[i - 1] == '\r') == crlf, "the line break at byte %zu of the output is not %s", i, crlf ? "CRLF" : "LF");
        PolSource *again = pol_source_from_text("formatted.pol", once, len);
        size_t len2;
        char *twice = pol_fmt_text(again, &len2, &fuzz_ds);
        FUZZ_CHECK(twice, "the formatter refused its own output");
        FUZZ_CHECK(len2 == len && memcmp(once, twice, len) == 0, "formatting is not idempotent:\n--- once\n%s\n--- twice\n%s", once, twice);
    }
    fuzz_oom_disarm();
    return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_begin();
    Input in = {data, size};
    pthread_attr_t attr;
    pthread_t t;
    FUZZ_CHECK(pthread_attr_init(&attr) == 0 && pthread_attr_setstacksize(&attr, 128 * 1024) == 0 &&
               pthread_create(&t, &attr, one_input, &in) == 0 && pthread_join(t, NULL) == 0,
               "cannot run the input in a thread");
    pthread_attr_destroy(&attr);
    fuzz_end();
    return 0;
}
