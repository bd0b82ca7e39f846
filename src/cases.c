/*
 * cases.c — `polrun test`: replaying recorded cases (docs/cases.md).
 *
 * A case is evaluated exactly as `polrun run` would; the expected members
 * are compared with jansson's structural equality, and a failure prints a
 * line diff of the pretty-printed expected and actual values.
 */
#include <errno.h>
#include <gc.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "case_edit.h"
#include "cases.h"
#include "decide.h"
#include "replace.h"
#include "source.h"
#include "status.h"

typedef struct Case {
    FILE *out;                 /* where FAIL lines and diffs go */
    PolDiags *ds;              /* where the problems of the case file go */
    const char *path;
    const char *title;
    const char *date;          /* NULL: the facts' date */
    const char *facts;
    size_t facts_len;
    bool expect_error;
    const char *expect;        /* JSON text */
    size_t expect_offset;      /* byte offset of the `expect` line, for --update */
    size_t expect_body;        /* ... and of the line after it */
    const char *text;
    size_t len;
    char problem[256];         /* for the FAIL line (English: it is read by programs) */
    /* the same problem as a diagnostic on standard error, in the current
     * language: its code, the argument of its message, its line (0: none) */
    PolDiagCode code;
    const char *arg;
    int line;
    const PolSource *src;
    int date_line, expect_line;
} Case;

/* Records the problem of a case file for its diagnostic; false. */
static bool problem(Case *c, int line, PolDiagCode code, const char *arg)
{
    c->code = code;
    c->line = line;
    c->arg = arg;
    return false;
}

/* Prints error `code` of a case file at its line (0: the file as a whole,
 * whose name is then the message's first argument), with help (NULL: the
 * registry's). */
static void report_help(const Case *c, PolDiagCode code, int line, const char *help, const char *a, const char *b)
{
    PolSpan at = {0};
    if (line > 0 && c->src && line <= c->src->nlines) {
        const char *s = c->src->text + c->src->line_starts[line - 1];
        const char *end = c->src->text + c->src->len;
        size_t n = 0;
        while (s + n < end && s[n] != '\n' && s[n] != '\r')
            n++;
        int chars = (int)pol_utf8_columns(s, n);
        at = (PolSpan){c->src, line, 1, line, chars > 0 ? chars : 1};
    }
    pol_diag(c->ds, code, at, help, a, b);
}

static void report(const Case *c, PolDiagCode code, int line, const char *a, const char *b)
{
    report_help(c, code, line, NULL, a, b);
}

/* What is wrong with the JSON after `expect:` (which jansson could not
 * read), in the words of a drafter rather than jansson's ("string or '}'
 * expected near '}'"), and where: the place in the case file. */
typedef struct JsonProblem {
    const char *message;
    int line, col, ncols;
} JsonProblem;

/* The line and column in the case file of byte off of the JSON text. */
static void expect_place(const Case *c, size_t off, int *line, int *col)
{
    const char *s = c->expect;
    int l = 1;
    size_t start = 0;
    for (size_t i = 0; i < off; i++)
        if (s[i] == '\n') {
            l++;
            start = i + 1;
        }
    *line = c->expect_line + l;
    *col = (int)pol_utf8_columns(s + start, off - start) + 1;
}

static JsonProblem json_problem(const Case *c, const json_error_t *e, PolLang lang)
{
    const char *text = e->text, *s = c->expect;
    size_t len = strlen(s);
    /* jansson names the token it stopped at, "... near 'TOKEN'", and gives
     * the position after it */
    const char *near = strstr(text, " near '");
    const char *tok = near ? near + strlen(" near '") : NULL;
    size_t toklen = 0;
    if (tok) {
        const char *q = strrchr(tok, '\'');
        toklen = q && q > tok ? (size_t)(q - tok) : strlen(tok);
    }
    size_t end = e->position > 0 && (size_t)e->position <= len ? (size_t)e->position : len;
    size_t start = end >= toklen ? end - toklen : 0;
    const char *found = tok ? pol_msg(lang, POL_MSG_token_symbol, GC_STRNDUP(tok, toklen))
                            : pol_msg(lang, POL_MSG_token_end_of_file);
#define SAYS(prefix) (strncmp(text, prefix, strlen(prefix)) == 0)
    const char *msg = NULL;
    if ((SAYS("string or '}' expected") || SAYS("unexpected token")) && toklen == 1 && (*tok == '}' || *tok == ']')) {
        size_t k = start;
        while (k > 0 && strchr(" \t\r\n", s[k - 1]))
            k--;
        if (k > 0 && s[k - 1] == ',') {   /* `"total": "1.00",` then `}` */
            msg = pol_msg(lang, POL_MSG_json_trailing_comma, *tok == '}' ? "}" : "]");
            start = k - 1;
            end = k;
        }
    }
    if (msg)
        ;
    else if (SAYS("string or '}' expected"))
        msg = pol_msg(lang, POL_MSG_json_want_key, found);
    else if (SAYS("':' expected"))
        msg = pol_msg(lang, POL_MSG_json_want_colon, found);
    else if ((SAYS("'}' expected") && tok && *tok == '"') || (SAYS("']' expected") && tok))
        msg = pol_msg(lang, POL_MSG_json_missing_comma, found);   /* a member or an item follows */
    else if (SAYS("'}' expected"))
        msg = pol_msg(lang, POL_MSG_json_want_object_end, found);
    else if (SAYS("']' expected"))
        msg = pol_msg(lang, POL_MSG_json_want_list_end, found);
    else if (SAYS("invalid token"))
        msg = pol_msg(lang, POL_MSG_json_bad_word, found);
    else if (SAYS("unexpected token"))
        msg = pol_msg(lang, POL_MSG_json_want_value, found);
    else if (SAYS("unexpected newline"))
        msg = pol_msg(lang, POL_MSG_json_text_not_closed);
    else if (SAYS("premature end of input"))
        msg = pol_msg(lang, POL_MSG_json_ends_early);
    else if (SAYS("end of file expected"))
        msg = pol_msg(lang, POL_MSG_json_more_after, found);
    else if (SAYS("control character"))
        msg = pol_msg(lang, POL_MSG_json_control_character);
    else if (SAYS("invalid escape") || SAYS("invalid Unicode") || SAYS("\\u0000"))
        msg = pol_msg(lang, POL_MSG_json_bad_escape);
    else if (json_error_code(e) == json_error_invalid_utf8)
        msg = pol_msg(lang, POL_MSG_json_not_utf8);
    else if (SAYS("too big") || SAYS("real number overflow"))
        msg = pol_msg(lang, POL_MSG_json_number_too_large, found);
    else if (SAYS("maximum parsing depth"))
        msg = pol_msg(lang, POL_MSG_json_too_deep);
    else
        msg = text;   /* none other arises from json_loads */
#undef SAYS
    /* at the end of the text: after its last character, not on a line of its own */
    if (start == len)
        while (start > 0 && (s[start - 1] == '\n' || s[start - 1] == '\r'))
            start = end = start - 1;
    for (size_t i = start; i < end; i++)   /* one line: a text may run to its end */
        if (s[i] == '\n' || s[i] == '\r')
            end = i;
    JsonProblem p = {msg, 0, 0, 0};
    expect_place(c, start, &p.line, &p.col);
    p.ncols = end > start ? (int)pol_utf8_columns(s + start, end - start) : 1;
    return p;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        s[--n] = '\0';
    return s;
}

static bool parse_case(Case *c, const PolSource *src)
{
    c->text = src->text;
    c->len = src->len;
    PolBuf facts = {0}, expect = {0};
    int section = 0;   /* 0 header, 1 facts, 2 expect */
    for (int i = 0; i < src->nlines; i++) {
        size_t start = src->line_starts[i];
        size_t end = i + 1 < src->nlines ? src->line_starts[i + 1] : src->len;
        const char *line = src->text + start;
        size_t len = end - start;
        if (len && line[0] == '#') {
            if (section == 2)
                pol_buf_put(&expect, "\n", 1);   /* the JSON's lines stay those of the file */
            continue;
        }
        char *copy = GC_STRNDUP(line, len);
        char *t = trim(copy);
        if (strncmp(t, "expect", 6) == 0 && section != 2 && t[strlen(t) - 1] == ':') {
            c->expect_error = strcmp(t, "expect error:") == 0;
            if (!c->expect_error && strcmp(t, "expect:") != 0) {
                snprintf(c->problem, sizeof c->problem, "line %d: write `expect:` or `expect error:`", i + 1);
                return problem(c, i + 1, POL_E1101_case_bad_expect, t);
            }
            c->expect_offset = start;
            c->expect_body = end;
            c->expect_line = i + 1;
            section = 2;
            continue;
        }
        if (section == 0) {
            if (!*t)
                continue;
            if (strcmp(t, "facts:") == 0) {
                section = 1;
                continue;
            }
            char *colon = strchr(t, ':');
            if (!colon) {
                snprintf(c->problem, sizeof c->problem, "line %d: expected `key: value`, `facts:` or `expect:`", i + 1);
                return problem(c, i + 1, POL_E1102_case_bad_line, t);
            }
            *colon = '\0';
            char *value = trim(colon + 1);
            if (strcmp(t, "case") == 0) {
                c->title = value;
            } else if (strcmp(t, "date") == 0) {
                c->date = value;
                c->date_line = i + 1;
            } else {
                snprintf(c->problem, sizeof c->problem, "line %d: unknown header `%s` (case, date)", i + 1, t);
                return problem(c, i + 1, POL_E1103_case_unknown_header, t);
            }
        } else if (section == 1) {
            pol_buf_put(&facts, line, len);
        } else {
            pol_buf_put(&expect, line, len);
        }
    }
    if (!c->title) {
        snprintf(c->problem, sizeof c->problem, "no `case:` title");
        return problem(c, 0, POL_E1104_case_no_title, c->path);
    }
    if (section < 2) {
        snprintf(c->problem, sizeof c->problem, section == 0 ? "no `facts:` section" : "no `expect:` section");
        return problem(c, 0, section == 0 ? POL_E1105_case_no_facts : POL_E1106_case_no_expect, c->path);
    }
    /* The facts are passed verbatim but for the line break that ends the section. */
    while (facts.len && (facts.data[facts.len - 1] == '\n' || facts.data[facts.len - 1] == '\r'))
        facts.data[--facts.len] = '\0';
    c->facts = facts.data ? facts.data : "";
    c->facts_len = facts.len;
    c->expect = expect.data ? expect.data : "";
    return true;
}

/* ---- line diff ---- */

static char **split_lines(char *s, int *n)
{
    int cap = 16, count = 0;
    char **lines = GC_MALLOC((size_t)cap * sizeof *lines);
    for (char *p = s; p && *p;) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        if (count == cap) {
            cap *= 2;
            lines = GC_REALLOC(lines, (size_t)cap * sizeof *lines);
        }
        lines[count++] = p;
        p = nl ? nl + 1 : NULL;
    }
    *n = count;
    return lines;
}

static void print_diff(FILE *out, const char *expected, const char *actual)
{
    int na, nb;
    char **a = split_lines(GC_STRDUP(expected), &na);
    char **b = split_lines(GC_STRDUP(actual), &nb);
    if ((long)na * nb > 4000000L) {
        fprintf(out, "    - %s\n    + %s\n", expected, actual);
        return;
    }
    int *lcs = GC_MALLOC_ATOMIC((size_t)(na + 1) * (size_t)(nb + 1) * sizeof *lcs);
#define L(i, j) lcs[(i) * (nb + 1) + (j)]
    for (int i = na; i >= 0; i--)
        for (int j = nb; j >= 0; j--)
            L(i, j) = (i == na || j == nb) ? 0 : strcmp(a[i], b[j]) == 0 ? L(i + 1, j + 1) + 1
                                             : (L(i + 1, j) > L(i, j + 1) ? L(i + 1, j) : L(i, j + 1));
    int i = 0, j = 0;
    while (i < na || j < nb) {
        if (i < na && j < nb && strcmp(a[i], b[j]) == 0) {
            fprintf(out, "      %s\n", a[i]);
            i++, j++;
        } else if (j < nb && (i == na || L(i, j + 1) >= L(i + 1, j))) {
            fprintf(out, "    + %s\n", b[j++]);
        } else {
            fprintf(out, "    - %s\n", a[i++]);
        }
    }
#undef L
}

static char *dump(const json_t *v)
{
    char *s = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
    char *g = GC_STRDUP(s ? s : "?");
    free(s);
    return g;
}

/* ---- running one case ---- */

/* A pretty decision without its `digest` member (what --update writes for
 * a case that did not record one). */
static void drop_digest(PolBuf *decision)
{
    char *at = decision->data ? strstr(decision->data, ",\n  \"digest\": ") : NULL;
    if (!at)
        return;
    char *end = strchr(at + 2, '\n');
    size_t tail = end ? strlen(end) : 0;
    memmove(at, end ? end : at, tail + 1);
    decision->len = (size_t)(at - decision->data) + tail;
}

/* An expected error is an object of `exit` (a whole number), `path` and
 * `message` (strings), each optional; anything else would compare nothing
 * and let the case pass unseen, so it is reported (E1109, E1110, E1111). */
static bool expected_error_valid(Case *c, json_t *expected)
{
    PolLang lang = c->ds->lang;
    if (!json_is_object(expected)) {
        fprintf(c->out, "FAIL %s: the expected error must be a JSON object\n", c->path);
        report_help(c, POL_E1109_case_expect_not_object, c->expect_line, pol_msg(lang, POL_MSG_case_expect_error_help),
                    "expect error:", NULL);
        return false;
    }
    const char *k;
    json_t *v;
    json_object_foreach(expected, k, v) {
        bool is_exit = strcmp(k, "exit") == 0;
        if (!is_exit && strcmp(k, "path") != 0 && strcmp(k, "message") != 0) {
            fprintf(c->out, "FAIL %s: the expected error has no member `%s` (exit, path, message)\n", c->path, k);
            report(c, POL_E1110_case_expect_error_unknown_member, c->expect_line, k, NULL);
            return false;
        }
        if (is_exit ? !json_is_integer(v) : !json_is_string(v)) {
            fprintf(c->out, "FAIL %s: `%s` of the expected error must be %s\n", c->path, k,
                    pol_msg(POL_LANG_EN, is_exit ? POL_MSG_case_whole_number : POL_MSG_case_text));
            report(c, POL_E1111_case_expect_error_member_type, c->expect_line, k,
                   pol_msg(lang, is_exit ? POL_MSG_case_whole_number : POL_MSG_case_text));
            return false;
        }
    }
    return true;
}

/* --update (docs/cases.md): the values the case records rewritten where
 * they stand, when it records what the run gave (a decision, or an
 * error); else its expectation written whole. The file is replaced, never
 * rewritten in place: a failure leaves it as it was. False when it could
 * not be written. */
static bool update_case(Case *c, bool ok, PolBuf *out, int status, const PolDecideError *res, json_t *expected,
                        int *updated)
{
    const char *edited = NULL;
    size_t edited_len = 0;
    if (ok != c->expect_error) {
        PolBuf actual = {0};
        if (ok) {
            pol_buf_put(&actual, out->data, out->len);
        } else {
            pol_buf_printf(&actual, "{\"exit\": %d, \"path\": ", status);
            pol_buf_json_string(&actual, res->path, strlen(res->path));
            pol_buf_puts(&actual, ", \"message\": ");
            pol_buf_json_string(&actual, res->message, strlen(res->message));
            pol_buf_puts(&actual, "}");
        }
        edited = pol_case_update_expect(c->text + c->expect_body, c->len - c->expect_body, actual.data, actual.len,
                                        &edited_len);
    }
    PolBuf text = {0};
    if (edited) {
        pol_buf_put(&text, c->text, c->expect_body);
        pol_buf_put(&text, edited, edited_len);
    } else {
        pol_buf_put(&text, c->text, c->expect_offset);
        if (ok && !(json_is_object(expected) && json_object_get(expected, "digest")))
            drop_digest(out);   /* recorded only where the case records it */
        if (ok) {
            pol_buf_puts(&text, "expect:\n");
            pol_buf_put(&text, out->data, out->len);
        } else {
            pol_buf_printf(&text, "expect error:\n{\"exit\": %d, \"path\": ", status);
            pol_buf_json_string(&text, res->path, strlen(res->path));
            pol_buf_puts(&text, "}");
        }
        pol_buf_puts(&text, "\n");
    }
    if (text.len == c->len && memcmp(text.data, c->text, text.len) == 0)
        return true;
    if (!pol_replace_file(c->path, text.data, text.len, c->ds)) {
        fprintf(c->out, "FAIL %s: cannot rewrite: %s\n", c->path, strerror(errno));
        return false;
    }
    fprintf(c->out, "updated %s\n", c->path);
    (*updated)++;
    return true;
}

static bool run_case(PolDecider *dr, Case *c, bool update, int *updated, const char **decision)
{
    int32_t date = -1;
    if (c->date && !pol_date_parse(c->date, strlen(c->date), &date)) {
        fprintf(c->out, "FAIL %s: `date: %s` is not a date YYYY-MM-DD\n", c->path, c->date);
        report(c, POL_E1107_case_bad_date, c->date_line, c->date, NULL);
        return false;
    }
    PolBuf out = {0};
    PolDecideError res;
    /* the run's messages are compared with a case's `message` and printed
     * in FAIL lines, which programs read: English, whatever --lang says */
    PolDecideOptions o = {date, c->date != NULL, POL_DECISION_PRETTY, POL_EXPLAIN_NONE, POL_LANG_EN, NULL};
    bool ok = pol_decide(dr, c->facts, c->facts_len, &o, &out, &res);
    int status = res.bad_facts ? POL_EXIT_FACTS : POL_EXIT_POLICY;
    json_error_t jerr;
    json_t *expected = json_loads(c->expect, JSON_DECODE_ANY, &jerr);
    if (!expected && !update) {
        JsonProblem en = json_problem(c, &jerr, POL_LANG_EN);
        fprintf(c->out, "FAIL %s: the expected %s is not JSON: line %d, column %d: %s\n", c->path, c->expect_error ? "error" : "decision",
               en.line, en.col, en.message);
        JsonProblem p = json_problem(c, &jerr, c->ds->lang);
        PolSpan at = {0};
        if (c->src && p.line <= c->src->nlines)
            at = (PolSpan){c->src, p.line, p.col, p.line, p.col + p.ncols - 1};
        pol_diag(c->ds, POL_E1108_case_expect_not_json, at, NULL, c->expect_error ? "expect error:" : "expect:", p.message);
        return false;
    }
    if (update) {
        if (!ok && !c->expect_error) {
            fprintf(c->out, "FAIL %s: not updated: the case now fails with exit %d: %s: %s\n", c->path, status, res.path, res.message);
            json_decref(expected);
            return false;
        }
        bool written = update_case(c, ok, &out, status, &res, expected, updated);
        json_decref(expected);
        return written;
    }
    bool pass = true;
    if (c->expect_error) {
        if (!expected_error_valid(c, expected)) {
            json_decref(expected);
            return false;
        }
        json_t *want_exit = json_object_get(expected, "exit");
        json_t *want_path = json_object_get(expected, "path");
        json_t *want_msg = json_object_get(expected, "message");
        /* an error is expected: a decision fails the case, whatever the
         * members given ({} stands for any error) */
        if (ok)
            pass = false;
        else if (want_exit && json_integer_value(want_exit) != status)
            pass = false;
        else if (want_path && strcmp(json_string_value(want_path), res.path) != 0)
            pass = false;
        else if (want_msg && strcmp(json_string_value(want_msg), res.message) != 0)
            pass = false;
        if (!pass) {
            fprintf(c->out, "FAIL %s: %s\n", c->path, c->title);
            fprintf(c->out, "  expected error: %s\n", dump(expected));
            if (ok)
                fprintf(c->out, "  but got a decision:\n%s\n", out.data);
            else
                fprintf(c->out, "  got exit %d at %s: %s\n", status, res.path, res.message);
        }
        json_decref(expected);
        return pass;
    }
    if (!ok) {
        fprintf(c->out, "FAIL %s: %s\n  expected a decision, got exit %d at %s: %s\n", c->path, c->title, status, res.path, res.message);
        json_decref(expected);
        return false;
    }
    if (decision)
        *decision = out.data;
    json_t *actual = json_loads(out.data, 0, &jerr);
    if (!json_is_object(expected) || !actual) {
        fprintf(c->out, "FAIL %s: the expected decision must be a JSON object\n", c->path);
        report(c, POL_E1109_case_expect_not_object, c->expect_line, "expect:", NULL);
        json_decref(expected);
        json_decref(actual);
        return false;
    }
    const char *k;
    json_t *want;
    json_object_foreach(expected, k, want) {
        json_t *got = json_object_get(actual, k);
        if (pol_case_member_matches(k, want, got))
            continue;
        if (strcmp(k, "digest") == 0) {
            /* the rules it was recorded under, not a result: said, never failed */
            char *recorded = json_dumps(want, JSON_ENCODE_ANY);
            fprintf(c->out, "note %s: recorded under other rules (%s); decided now under %s\n", c->path,
                    recorded ? recorded : "?", json_string_value(got) ? json_string_value(got) : "?");
            free(recorded);
            continue;
        }
        if (pass)
            fprintf(c->out, "FAIL %s: %s\n", c->path, c->title);
        pass = false;
        fprintf(c->out, "  %s:\n", k);
        if (!got) {
            fprintf(c->out, "    the decision has no member `%s`\n", k);
        } else {
            json_t *shown = pol_case_member_shown(k, want, got);
            print_diff(c->out, dump(want), dump(shown));
            json_decref(shown);
        }
    }
    json_decref(expected);
    json_decref(actual);
    return pass;
}

int pol_test_cases(const PolProgram *p, char **paths, int n, bool update, FILE *out, PolDiags *ds)
{
    PolDecider *dr = pol_decider_new(p);
    int passed = 0, failed = 0, updated = 0;
    for (int i = 0; i < n; i++) {
        Case c;
        memset(&c, 0, sizeof c);
        c.out = out;
        c.ds = ds;
        c.path = paths[i];
        PolSource *src = pol_source_read(paths[i]);
        if (!src) {
            int e = errno;
            fprintf(out, "FAIL %s: cannot read: %s\n", paths[i], strerror(e));
            report(&c, POL_E0701_cannot_read, 0, paths[i], pol_strerror(ds->lang, e));
            failed++;
            continue;
        }
        c.src = src;
        if (!parse_case(&c, src)) {
            fprintf(out, "FAIL %s: not a case file: %s\n", paths[i], c.problem);
            report(&c, c.code, c.line, c.arg, NULL);
            failed++;
            continue;
        }
        if (run_case(dr, &c, update, &updated, NULL))
            passed++;
        else
            failed++;
    }
    if (update)
        fprintf(out, "%d updated\n", updated);
    fprintf(out, "%d passed, %d failed\n", passed, failed);
    return failed;
}

bool pol_test_case_text(PolDecider *dr, const char *path, const char *text, size_t len, const char **decision,
                        FILE *out, PolDiags *ds)
{
    Case c;
    memset(&c, 0, sizeof c);
    c.out = out;
    c.ds = ds;
    c.path = path;
    char *copy = GC_MALLOC_ATOMIC(len + 1);
    memcpy(copy, text, len);
    copy[len] = '\0';
    c.src = pol_source_from_text(path, copy, len);
    *decision = NULL;
    if (!parse_case(&c, c.src)) {
        fprintf(out, "FAIL %s: not a case file: %s\n", path, c.problem);
        report(&c, c.code, c.line, c.arg, NULL);
        return false;
    }
    int updated = 0;
    return run_case(dr, &c, false, &updated, decision);
}

bool pol_case_facts(const char *path, const char **facts, size_t *len, int32_t *date, bool *have_date, PolDiags *ds)
{
    Case c;
    memset(&c, 0, sizeof c);
    c.ds = ds;
    c.path = path;
    PolSource *src = pol_source_read(path);
    if (!src) {
        report(&c, POL_E0701_cannot_read, 0, path, pol_strerror(ds->lang, errno));
        return false;
    }
    c.src = src;
    if (!parse_case(&c, src)) {
        report(&c, c.code, c.line, c.arg, NULL);
        return false;
    }
    *have_date = c.date != NULL;
    if (c.date && !pol_date_parse(c.date, strlen(c.date), date)) {
        report(&c, POL_E1107_case_bad_date, c.date_line, c.date, NULL);
        return false;
    }
    *facts = c.facts;
    *len = c.facts_len;
    return true;
}
