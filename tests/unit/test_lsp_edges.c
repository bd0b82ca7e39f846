/*
 * test_lsp_edges.c — the language server's building blocks at their edges:
 * framing of messages (lsp_rpc.c) on a pipe and a file, documents and
 * positions (lsp_text.c), URIs, JSON strings of text that is not UTF-8,
 * the words of the language, and the analysis of unsaved buffers
 * (lsp_check.c): fixes of each kind, many diagnostics, names, formatting
 * and recorded cases.
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <gc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "lsp_check.h"
#include "lsp_query.h"
#include "lsp_rpc.h"
#include "lsp_text.h"

static void init(void) { GC_INIT(); }

TestSuite(lsp_edges, .init = init);

/* ---- framing ---- */

/* A reader on a pipe that holds bytes (written, then the writer closed). */
static PolRpcReader reader_of(const char *bytes, size_t n)
{
    int p[2];
    cr_assert_eq(pipe(p), 0);
    cr_assert_eq(write(p[1], bytes, n), (ssize_t)n);
    close(p[1]);
    PolRpcReader r;
    pol_rpc_reader_init(&r, p[0]);
    return r;
}

static const char *next_method(PolRpcReader *r)
{
    json_t *msg;
    const char *error = NULL;
    PolRpcRead k = pol_rpc_next(r, &msg, &error);
    cr_assert_eq(k, POL_RPC_MESSAGE, "got %d (%s)", k, error ? error : "");
    return GC_STRDUP(json_string_value(json_object_get(msg, "method")));
}

static const char *next_error(PolRpcReader *r)
{
    json_t *msg;
    const char *error = NULL;
    cr_assert_eq(pol_rpc_next(r, &msg, &error), POL_RPC_BAD);
    cr_assert_null(msg);
    return error;
}

Test(lsp_edges, framing_of_careless_clients)
{
    static const char in[] =
        "\r\n\n"                                            /* blank lines before a message */
        "content-length:   14 \r\n\r\n{\"method\":\"a\"}\n"  /* any case, spaces, a stray line end */
        "Content-Type: x\nContent-Length: 14\n\n{\"method\":\"b\"}"   /* bare line feeds */
        "Content-Length: 16x\r\n\r\n"                        /* not a number */
        "Content-Length: 1234567890123\r\n\r\n"              /* 13 digits */
        "Content-Length:\r\n\r\n"                           /* no value */
        "Content-Length: 3\r\n\r\n{x}"                      /* not JSON */
        "Content-Length: 14\r\n\r\n{\"method\":\"c\"}"
        "Content-Length: 14\r\n\r\n{\"meth";                /* cut off by the end */
    PolRpcReader r = reader_of(in, sizeof in - 1);
    json_t *msg;
    const char *error;
    cr_assert_eq(pol_rpc_next(&r, &msg, &error), POL_RPC_NONE);   /* nothing read yet */
    cr_assert(pol_rpc_fill(&r));
    cr_assert_str_eq(next_method(&r), "a");
    cr_assert_str_eq(next_method(&r), "b");
    cr_assert_str_eq(next_error(&r), "a message header without a valid Content-Length");
    cr_assert_str_eq(next_error(&r), "a message header without a valid Content-Length");
    cr_assert_str_eq(next_error(&r), "a message header without a valid Content-Length");
    cr_assert_str_eq(next_error(&r), "the message is not valid JSON");
    cr_assert_str_eq(next_method(&r), "c");
    cr_assert_eq(pol_rpc_next(&r, &msg, &error), POL_RPC_NONE);   /* the rest has not come */
    cr_assert(!pol_rpc_fill(&r));
    cr_assert(r.eof);
    cr_assert_eq(pol_rpc_next(&r, &msg, &error), POL_RPC_EOF);
    cr_assert(!pol_rpc_fill(&r), "nothing is read after the end");
    close(r.fd);
    free(r.buf);
}

Test(lsp_edges, a_header_that_never_ends)
{
    size_t n = 70000;
    char *in = malloc(n);
    memset(in, 'x', n);
    PolRpcReader r = reader_of(in, 65536);
    free(in);
    json_t *msg;
    const char *error;
    cr_assert(pol_rpc_fill(&r));
    cr_assert_eq(pol_rpc_next(&r, &msg, &error), POL_RPC_NONE, "64 KiB: still a header");
    close(r.fd);
    int p[2];
    cr_assert_eq(pipe(p), 0);
    cr_assert_eq(write(p[1], "xx", 2), 2);
    close(p[1]);
    r.fd = p[0];
    cr_assert(pol_rpc_fill(&r));
    cr_assert_str_eq(next_error(&r), "a message header longer than 64 KiB");
    cr_assert_eq(r.len, 0);
    close(p[0]);
    free(r.buf);
}

/* A body over the limit is dropped as it comes, never held; a buffer grown
 * for one large message is given back once it is empty. */
Test(lsp_edges, a_body_over_the_limit_is_skipped)
{
    char path[] = "/tmp/polrun-rpc-XXXXXX";
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    unlink(path);
    FILE *f = fdopen(dup(fd), "w");
    /* a message of 5 MB, then one of 65 MiB (refused), then one more */
    size_t big = 5 << 20;
    fprintf(f, "Content-Length: %zu\r\n\r\n{\"method\":\"big\",\"x\":\"", big);
    for (size_t i = 0; i < big - 23; i++)
        fputc('a', f);
    fputs("\"}", f);
    size_t huge = POL_RPC_MAX_BODY + 1024;
    fprintf(f, "Content-Length: %zu\r\n\r\n", huge);
    for (size_t i = 0; i < huge; i += 8192) {
        static char block[8192];
        fwrite(block, 1, huge - i < sizeof block ? huge - i : sizeof block, f);
    }
    fputs("Content-Length: 14\r\n\r\n{\"method\":\"d\"}", f);
    fclose(f);
    lseek(fd, 0, SEEK_SET);
    PolRpcReader r;
    pol_rpc_reader_init(&r, fd);
    json_t *msg;
    const char *error;
    PolRpcRead k;
    while ((k = pol_rpc_next(&r, &msg, &error)) == POL_RPC_NONE)
        cr_assert(pol_rpc_fill(&r));
    cr_assert_eq(k, POL_RPC_MESSAGE);
    cr_assert_str_eq(json_string_value(json_object_get(msg, "method")), "big");
    json_decref(msg);
    cr_assert_gt(r.cap, (size_t)1 << 22);
    while ((k = pol_rpc_next(&r, &msg, &error)) == POL_RPC_NONE)
        cr_assert(pol_rpc_fill(&r));
    cr_assert_eq(k, POL_RPC_BAD);
    cr_assert_str_eq(error, "a message larger than 64 MiB");
    cr_assert_gt(r.skip, 0);
    cr_assert_eq(pol_rpc_next(&r, &msg, &error), POL_RPC_NONE, "nothing while the body is skipped");
    bool given_back = false;
    while ((k = pol_rpc_next(&r, &msg, &error)) == POL_RPC_NONE) {
        cr_assert(pol_rpc_fill(&r));
        given_back = given_back || r.cap == 0;
    }
    cr_assert(given_back, "the large buffer was given back");
    cr_assert_eq(k, POL_RPC_MESSAGE);
    cr_assert_str_eq(json_string_value(json_object_get(msg, "method")), "d");
    json_decref(msg);
    cr_assert(!pol_rpc_fill(&r));
    cr_assert_eq(pol_rpc_next(&r, &msg, &error), POL_RPC_EOF);
    close(fd);
    free(r.buf);
}

Test(lsp_edges, the_end_while_a_body_is_skipped)
{
    char head[64];
    int n = snprintf(head, sizeof head, "Content-Length: %zu\r\n\r\nxyz", POL_RPC_MAX_BODY + 1);
    PolRpcReader r = reader_of(head, (size_t)n);
    json_t *msg;
    const char *error;
    cr_assert(pol_rpc_fill(&r));
    cr_assert_str_eq(next_error(&r), "a message larger than 64 MiB");
    cr_assert_eq(r.skip, POL_RPC_MAX_BODY + 1 - 3);
    cr_assert(!pol_rpc_fill(&r));
    cr_assert_eq(pol_rpc_next(&r, &msg, &error), POL_RPC_EOF);
    close(r.fd);
    free(r.buf);
}

Test(lsp_edges, messages_written_and_built)
{
    int p[2];
    cr_assert_eq(pipe(p), 0);
    json_t *m = pol_rpc_result(NULL, NULL);
    cr_assert(pol_rpc_write(p[1], m));
    json_decref(m);
    m = pol_rpc_error(NULL, POL_RPC_INVALID_PARAMS, "why");
    cr_assert(pol_rpc_write(p[1], m));
    json_decref(m);
    m = pol_rpc_request(7, "m", NULL);
    cr_assert(pol_rpc_write(p[1], m));
    json_decref(m);
    close(p[1]);
    char buf[512];
    ssize_t n = read(p[0], buf, sizeof buf - 1);
    cr_assert_gt(n, 0);
    buf[n] = '\0';
    cr_assert_str_eq(buf, "Content-Length: 41\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":null,\"result\":null}"
                          "Content-Length: 67\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32602,\"message\":\"why\"}}"
                          "Content-Length: 49\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":{},\"id\":7}");
    close(p[0]);
    /* a descriptor that cannot be written */
    int ro = open("/dev/null", O_RDONLY);
    m = pol_rpc_notification("n", NULL);
    cr_assert(!pol_rpc_write(ro, m));
    json_decref(m);
    close(ro);
}

/* ---- documents and positions ---- */

static PolLspPos pos(long line, long character)
{
    return (PolLspPos){line, character};
}

Test(lsp_edges, positions_at_the_edges)
{
    /* a 4-byte character (2 UTF-16 units), a CR LF, a last line ending in CR */
    const char *t = "a\xf0\xa0\x80\x80z\r\nb\r";
    PolLspDoc *d = pol_lsp_doc_new("file:///x.case", t, strlen(t), 1);
    cr_assert(d->is_case);
    cr_assert_str_eq(d->path, "/x.case");
    cr_assert_eq(d->nlines, 2);
    cr_assert_eq(pol_lsp_doc_offset(d, pos(-1, 5), POL_LSP_UTF16), 0, "a line before the first: the start");
    cr_assert_eq(pol_lsp_doc_offset(d, pos(9, 0), POL_LSP_UTF16), strlen(t), "past the last: the end");
    cr_assert_eq(pol_lsp_doc_offset(d, pos(0, 2), POL_LSP_UTF16), 1, "inside the pair: its start");
    cr_assert_eq(pol_lsp_doc_offset(d, pos(0, 3), POL_LSP_UTF16), 5);
    cr_assert_eq(pol_lsp_doc_offset(d, pos(0, 3), POL_LSP_UTF8), 1, "inside the sequence: its start");
    cr_assert_eq(pol_lsp_doc_offset(d, pos(0, 99), POL_LSP_UTF16), 6, "the end of the line, before CR LF");
    cr_assert_eq(pol_lsp_doc_offset(d, pos(1, 99), POL_LSP_UTF16), strlen(t), "a CR that ends the text is in the line");
    PolLspPos p = pol_lsp_doc_position(d, 999, POL_LSP_UTF16);
    cr_assert_eq(p.line, 1);
    cr_assert_eq(p.character, 2, "an offset past the end: the end");
    pol_lsp_doc_free(d);
    /* a sequence cut by the end of its line */
    const char *cut = "\xe4\xb8\nx";
    d = pol_lsp_doc_new("untitled:1", cut, strlen(cut), 1);
    cr_assert(!d->is_case);
    cr_assert_null(d->path);
    cr_assert_eq(pol_lsp_doc_offset(d, pos(0, 5), POL_LSP_UTF8), 2);
    cr_assert_eq(pol_lsp_units(cut, cut + 2, POL_LSP_UTF16), 1);
    pol_lsp_doc_free(d);
}

Test(lsp_edges, edits_grow_the_text)
{
    PolLspDoc *d = pol_lsp_doc_new("file:///y.pol", "ab", 2, 1);
    char big[10000];
    memset(big, 'x', sizeof big);
    cr_assert(pol_lsp_doc_edit(d, (PolLspRange){pos(0, 1), pos(0, 1)}, POL_LSP_UTF16, big, sizeof big));
    cr_assert_eq(d->len, 10002);
    cr_assert_eq(d->text[10001], 'b');
    cr_assert_geq(d->cap, (size_t)10003);
    /* end before start: the same range */
    cr_assert(pol_lsp_doc_edit(d, (PolLspRange){pos(0, 10001), pos(0, 1)}, POL_LSP_UTF16, "\n", 1));
    cr_assert_str_eq(d->text, "a\nb");
    cr_assert_eq(d->nlines, 2);
    pol_lsp_doc_free(d);
}

Test(lsp_edges, spans_outside_their_source_are_clamped)
{
    const char *t = "ab\ncd";
    PolSource *src = pol_source_from_text("s.pol", t, strlen(t));
    PolSpan none = {0};
    PolLspRange r = pol_lsp_span_range(none, POL_LSP_UTF16);
    cr_assert_eq(r.start.line + r.start.character + r.end.line + r.end.character, 0);
    size_t a, b;
    cr_assert(!pol_lsp_span_bytes(none, &a, &b));
    PolSpan s = {.src = src, .first_line = 0, .first_col = 1, .last_line = 9, .last_col = 1};
    cr_assert(pol_lsp_span_bytes(s, &a, &b));
    cr_assert_eq(a, 0);
    cr_assert_eq(b, strlen(t));
    r = pol_lsp_span_range(s, POL_LSP_UTF16);
    cr_assert_eq(r.start.line, 0);
    cr_assert_eq(r.end.line, 1);
    cr_assert_eq(r.end.character, 2);
    /* ends before it starts: empty, at its start */
    PolSpan back = {.src = src, .first_line = 2, .first_col = 2, .last_line = 1, .last_col = 1};
    cr_assert(pol_lsp_span_bytes(back, &a, &b));
    cr_assert_eq(a, 4);
    cr_assert_eq(b, 4);
    r = pol_lsp_span_range(back, POL_LSP_UTF16);
    cr_assert_eq(r.end.line, 1);
    /* a line after the last */
    PolSpan after = {.src = src, .first_line = 7, .first_col = 1, .last_line = 8, .last_col = 1};
    r = pol_lsp_span_range(after, POL_LSP_UTF16);
    cr_assert_eq(r.start.line, 1);
    cr_assert_eq(r.start.character, 2);
}

Test(lsp_edges, uris_and_paths)
{
    cr_assert_null(pol_lsp_uri_to_path("untitled:Untitled-1"));
    cr_assert_str_eq(pol_lsp_uri_to_path("file://localhost/a%20b"), "/a b");
    cr_assert_str_eq(pol_lsp_uri_to_path("file:///%e4%B8%ad/%zz/%4/%"), "/\xe4\xb8\xad/%zz/%4/%");
    cr_assert_str_eq(pol_lsp_uri_to_path("file:///%G0%0g"), "/%G0%0g");
    cr_assert_str_eq(pol_lsp_path_to_uri("/a-b_c.~/Z9 中#%"), "file:///a-b_c.~/Z9%20%E4%B8%AD%23%25");
}

/* ---- JSON strings and words ---- */

Test(lsp_edges, strings_that_are_not_utf8)
{
    struct { const char *in, *out; } cases[] = {
        {"ok \xe4\xb8\xad \xf0\xa0\x80\x80", "ok \xe4\xb8\xad \xf0\xa0\x80\x80"},
        {"a\xff" "b", "a\xef\xbf\xbd" "b"},
        {"\xc0\x80", "\xef\xbf\xbd\xef\xbf\xbd"},              /* an overlong lead */
        {"\xe4\xb8", "\xef\xbf\xbd\xef\xbf\xbd"},              /* cut at the end */
        {"\xe4x", "\xef\xbf\xbdx"},                            /* a lead without its continuation */
        {"\xf5\x80\x80\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"},
        {"\xc3\xa9\x80", "\xc3\xa9\xef\xbf\xbd"},              /* a stray continuation */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        json_t *j = pol_lsp_string(cases[i].in);
        cr_assert_str_eq(json_string_value(j), cases[i].out, "case %zu", i);
        json_decref(j);
    }
    json_t *j = pol_lsp_string(NULL);
    cr_assert_str_eq(json_string_value(j), "");
    json_decref(j);
}

Test(lsp_edges, words_of_the_language)
{
    cr_assert_null(pol_lsp_keyword_meaning("founder", POL_LANG_EN));
    cr_assert_str_eq(pol_lsp_keyword_meaning("item", POL_LANG_EN), pol_lsp_keyword_meaning("items", POL_LANG_EN));
    cr_assert_neq(strcmp(pol_lsp_keyword_meaning("when", POL_LANG_ZH), pol_lsp_keyword_meaning("when", POL_LANG_EN)), 0);
    cr_assert(pol_lsp_is_name("员工_1"));
    cr_assert(!pol_lsp_is_name(""));
    cr_assert(!pol_lsp_is_name("when"));
    cr_assert(!pol_lsp_is_name("a b"));
    cr_assert(!pol_lsp_is_name("a#b"));
    cr_assert(!pol_lsp_is_name("a.b"));
    cr_assert(!pol_lsp_is_name("1a"));
    char longname[300];
    memset(longname, 'a', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    cr_assert(!pol_lsp_is_name(longname));
    size_t n;
    cr_assert_null(pol_lsp_format("f.pol", "define = 1\n", 11, &n));
    char *out = pol_lsp_format("f.pol", "parameter   a = 1\n", 18, &n);
    cr_assert_not_null(out);
    cr_assert_eq(n, 16);
    cr_assert_eq(memcmp(out, "parameter a = 1\n", 16), 0);
}

/* ---- the analysis of unsaved buffers ---- */

static PolLspAnalysis *analyse(const char *text, PolLang lang)
{
    PolLspBuffer b = {"/nonexistent/polrun-lsp/p.pol", text, strlen(text)};
    return pol_lsp_analyse(b.path, &b, 1, "stdlib", lang);
}

static const PolLspDiag *diag_coded(const PolLspAnalysis *a, const char *code)
{
    for (int i = 0; i < a->ndiags; i++)
        if (a->diags[i].code && strcmp(a->diags[i].code, code) == 0)
            return &a->diags[i];
    cr_assert_fail("no %s", code);
    return NULL;
}

#define HEAD "policy \"p\"\n  title \"t\"\n  in force from 2025-01-01 for 1 year\n\nfacts {\n  n: integer\n}\n\n"

Test(lsp_edges, a_fix_of_each_kind)
{
    const PolLspAnalysis *a = analyse(HEAD "define x: text = “abc”\n", POL_LANG_EN);
    const PolLspDiag *d = diag_coded(a, "E0111");
    cr_assert_eq(d->nfixes, 1);
    cr_assert_str_eq(d->fixes[0].text, "\"abc\"");
    cr_assert_str_eq(d->fixes[0].title, "replace with `\"abc\"`");
    a = analyse(HEAD "define amount: integer = 1\n", POL_LANG_EN);
    d = diag_coded(a, "E0203");
    cr_assert_eq(d->nfixes, 1);
    cr_assert_str_eq(d->fixes[0].text, "`amount`");
    a = analyse(HEAD "measure m\n  article \"1\"\n  title \"m\"\n  amount in kind\n\n"
                     "measure k\n  article \"2\"\n  title \"k\"\n  when m\n  amount in kind\n", POL_LANG_ZH);
    d = diag_coded(a, "E0312");
    cr_assert_eq(d->nfixes, 1);
    cr_assert_str_eq(d->fixes[0].text, "m is granted");
    cr_assert_str_eq(d->fixes[0].title, "改为 `m is granted`");
}

Test(lsp_edges, many_diagnostics_and_their_notes)
{
    char text[8192] = HEAD;
    for (int i = 0; i < 40; i++)
        snprintf(text + strlen(text), sizeof text - strlen(text), "define d%d: integer = nope%d\n", i, i);
    const PolLspAnalysis *a = analyse(text, POL_LANG_EN);
    cr_assert_eq(a->ndiags, 40);
    for (int i = 0; i < 40; i++) {
        cr_assert_str_eq(a->diags[i].code, "E0301");
        cr_assert_str_eq(a->diags[i].path, "/nonexistent/polrun-lsp/p.pol");
    }
}

Test(lsp_edges, cases_that_cannot_run)
{
    PolLspAnalysis *a = analyse(HEAD "measure m\n  article \"1\"\n  title \"m\"\n  when n > 1\n  amount in kind\n",
                                                 POL_LANG_EN);
    cr_assert_eq(a->ndiags, 0);
    PolLspBuffer cases[] = {{"/nonexistent/polrun-lsp/a.case", NULL, 0},
                            {"/nonexistent/polrun-lsp/b.case", "case: c\ndate: 2025-06-01\nfacts:\n{\"n\": 2}\nexpect:\n{\"entitlements\": []}\n", 0}};
    cases[1].len = strlen(cases[1].text);
    PolLspCaseResult *r = pol_lsp_run_cases(a, cases, 2, POL_LANG_EN);
    cr_assert(!r[0].ran);
    cr_assert_eq(r[0].ndiags, 1);
    cr_assert_str_eq(r[0].diags[0].code, "E0701");
    cr_assert(r[1].ran);
    cr_assert(!r[1].passed);
    cr_assert_not_null(strstr(r[1].output, "+     \"measure\": \"m\","), "%s", r[1].output);
    cr_assert_eq(r[1].ngranted, 1);
    cr_assert_str_eq(r[1].granted[0], "m");
    /* a policy with errors runs no case */
    a = analyse(HEAD "define q: integer = nope\n", POL_LANG_EN);
    r = pol_lsp_run_cases(a, cases, 2, POL_LANG_EN);
    cr_assert(!r[0].ran && !r[1].ran);
    cr_assert_eq(r[0].ndiags, 0);
    r = pol_lsp_run_cases(a, cases, 0, POL_LANG_EN);
    cr_assert_not_null(r);
}

Test(lsp_edges, a_misspelt_member_fixes_the_member_alone)
{
    PolLspBuffer b = {"/nonexistent/polrun-lsp/m.pol",
                      "policy \"p\"\n  title \"t\"\n  in force from 2025-01-01 for 1 year\n\nrecord R {\n  alpha: integer\n}\n\n"
                      "facts {\n  r: R\n}\n\ndefine q: integer = r.alpah\n", 0};
    b.len = strlen(b.text);
    const PolLspAnalysis *a = pol_lsp_analyse(b.path, &b, 1, "stdlib", POL_LANG_EN);
    const PolLspDiag *d = diag_coded(a, "E0306");
    cr_assert_eq(d->nfixes, 1);
    cr_assert_str_eq(d->fixes[0].text, "alpha");
    cr_assert_eq(d->span.first_col, 21);   /* r.alpah */
    cr_assert_eq(d->fixes[0].span.first_col, 23);   /* alpah alone */
    cr_assert_eq(d->fixes[0].span.last_col, 27);
}

Test(lsp_edges, a_case_with_problems_of_its_own)
{
    PolLspAnalysis *a = analyse(HEAD "measure m\n  article \"1\"\n  title \"m\"\n  when n > 1\n  amount in kind\n", POL_LANG_EN);
    PolLspBuffer c = {"/nonexistent/polrun-lsp/c.case", "case: c\ndate: 2025-06-01\nfacts:\n{\"n\": \n", 0};
    c.len = strlen(c.text);
    PolLspCaseResult *r = pol_lsp_run_cases(a, &c, 1, POL_LANG_EN);
    cr_assert(!r[0].ran);
    cr_assert_geq(r[0].ndiags, 1);
    cr_assert_str_eq(r[0].diags[0].path, "/nonexistent/polrun-lsp/c.case");
    cr_assert_eq(r[0].ngranted, 0);
}

/* A name as the scanner reads it: a decomposed é is read as the composed
 * one, so that it is not the name as written. */
Test(lsp_edges, a_name_is_the_name_as_written)
{
    cr_assert(pol_lsp_is_name("caf\xc3\xa9"));
    cr_assert(!pol_lsp_is_name("cafe\xcc\x81"));
}
