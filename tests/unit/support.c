/*
 * support.c — the unit tests' shared harness (support.h).
 */
#include <criterion/criterion.h>
#include <gc.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "check.h"
#include "compile.h"
#include "load.h"
#include "parse.h"
#include "source.h"
#include "support.h"

static int diag_fd = -1;
static PolDiagPrinter printer;

PolDiags pol_test_ds;

void pol_test_reset_diagnostics(void)
{
    pol_diags_init(&pol_test_ds, POL_LANG_EN);
    printer = (PolDiagPrinter){stderr, POL_FORMAT_HUMAN, false};
    pol_test_ds.sink = pol_diag_print;
    pol_test_ds.sink_data = &printer;
}

void pol_test_capture_diagnostics(void)
{
    GC_INIT();
    pol_test_reset_diagnostics();
    FILE *f = tmpfile();
    cr_assert_not_null(f);
    fflush(stderr);
    diag_fd = fileno(f);
    dup2(diag_fd, 2);
}

const char *pol_test_diagnostics(void)
{
    fflush(stderr);
    off_t end = lseek(diag_fd, 0, SEEK_END);
    char *buf = GC_MALLOC_ATOMIC((size_t)end + 1);
    ssize_t n = pread(diag_fd, buf, (size_t)end, 0);
    if (n < 0)
        n = 0;
    for (ssize_t i = 0; i < n; i++)
        if (buf[i] == '\0')
            buf[i] = '?';
    buf[n] = '\0';
    return buf;
}

bool pol_test_diag_at(const char *where)
{
    const char *text = pol_test_diagnostics();
    size_t n = strlen(where);
    for (const char *p = strstr(text, where); p; p = strstr(p + 1, where))
        if (p[n] < '0' || p[n] > '9')
            return true;
    return false;
}

static PolProgram *compile_decls(PolDeclList decls)
{
    cr_assert_eq(pol_test_ds.errors, 0, "syntax errors:\n%s", pol_test_diagnostics());
    PolChecked *c = pol_check(decls, &pol_test_ds);
    cr_assert_not_null(c, "check failed:\n%s", pol_test_diagnostics());
    PolProgram *p = pol_compile(c, &pol_test_ds);
    cr_assert_not_null(p, "compile failed:\n%s", pol_test_diagnostics());
    return p;
}

PolProgram *pol_test_compile(const char *text)
{
    PolSource *src = pol_source_from_text("t.pol", text, strlen(text));
    return compile_decls(pol_parse_source(src, NULL, &pol_test_ds));
}

PolProgram *pol_test_compile_file(const char *path)
{
    PolLoadOptions lo = {"stdlib", {NULL, NULL, NULL}};
    return compile_decls(pol_load(path, &lo, &pol_test_ds).decls);
}
