/*
 * fmt.c — polrun fmt: re-emits a policy's tokens with canonical whitespace.
 *
 * The formatter works on the token stream, comments included (the scanner's
 * comment mode), never on the syntax tree: it only decides the whitespace
 * between tokens, so it cannot change what a policy means, and every token
 * keeps its spelling (`50 万元`, `¥500,000.00`, `×`). After formatting, the
 * result is scanned and parsed again and must give the same tokens and the
 * same tree, or nothing is printed or written.
 *
 * Lines. A declaration keyword starts a line at column 0; a clause keyword
 * (header clauses, `when`, `amount`, `rule`, ...) and a record member start
 * a line at column 2, `at most` at column 4. Elsewhere a line break is kept
 * where the author put one, and none is added: such a continuation line is
 * indented 2 more than the line that opened the innermost construct still
 * open at its start (the clause, a bracket, a quantifier and its `where`
 * body, a `then` or `else` branch); a line that starts with `)` or `}` is
 * indented like the line of its opening bracket. Comments keep their place
 * among the tokens; place_comments() and write_lines() decide their
 * columns. docs/language.md ("Layout") has the rules as a drafter reads
 * them.
 */
#include <errno.h>
#include <gc.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "alloc.h"
#include "astdump.h"
#include "fmt.h"
#include "linediff.h"
#include "parse.h"
#include "replace.h"
#include "scan.h"
#include "parser.h"
/* The generated header declares the scanner again, as the parser does. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wredundant-decls"
#include "lexer.h"
#pragma GCC diagnostic pop

/* ---- tokens ---- */

typedef struct Tok {
    int kind;               /* a parser token, or POL_TOKEN_COMMENT */
    const char *text;       /* as written; a comment without trailing blanks */
    size_t len;
    int line, end_line;     /* 1-based */
    int col, end_col;       /* 0-based, in characters; end exclusive */
} Tok;

typedef struct Toks { Tok *items; int count; } Toks;

/* The tokens of a scanner, comments included. */
static void read_tokens(yyscan_t scanner, Toks *out)
{
    int cap = 256;
    out->items = GC_MALLOC((size_t)cap * sizeof *out->items);
    out->count = 0;
    for (;;) {
        POL_YYSTYPE val;
        POL_YYLTYPE loc;
        int kind = pol_scan_token(&val, &loc, scanner);
        if (kind == 0)
            break;
        if (out->count == cap) {
            cap *= 2;
            out->items = GC_REALLOC(out->items, (size_t)cap * sizeof *out->items);
        }
        Tok *t = &out->items[out->count++];
        t->kind = kind;
        t->len = (size_t)pol_yyget_leng(scanner);
        const char *text = pol_yyget_text(scanner);
        if (kind == POL_TOKEN_COMMENT)
            while (t->len > 1 && (text[t->len - 1] == ' ' || text[t->len - 1] == '\t' || text[t->len - 1] == '\r'))
                t->len--;
        char *copy = GC_MALLOC_ATOMIC(t->len + 1);   /* not strndup: a comment may hold a NUL */
        memcpy(copy, text, t->len);
        copy[t->len] = '\0';
        t->text = copy;
        t->line = loc.first_line;
        t->col = loc.first_column - 1;
        t->end_line = loc.last_line;
        t->end_col = loc.last_column;
    }
}

/* Scans src with comments, reporting to ds. False if the scanner reported
 * an error. */
static bool scan_tokens(const PolSource *src, Toks *out, PolDiags *ds)
{
    jmp_buf on_fatal;
    struct PolScanExtra extra = {src, ds, &on_fatal, 1, 0, 1, 0, 0, -1, true, 0, {{0}}, false, POL_KW_UNDECIDED, NULL, 0, NULL, 0, 0, false, 0, 0, 0};
    yyscan_t scanner;
    int errors = ds->errors;
    out->items = NULL;
    out->count = 0;
    if (setjmp(on_fatal) != 0)
        return false;   /* flex failed (memory ran out): reported */
    if (pol_yylex_init_extra(&extra, &scanner) != 0) {
        pol_diag_internal(ds, POL_MSG_scanner_failed, "out of memory");
        return false;
    }
    YY_BUFFER_STATE buf = pol_yy_scan_bytes(src->text, (int)src->len, scanner);
    read_tokens(scanner, out);
    pol_yy_delete_buffer(buf, scanner);
    pol_yylex_destroy(scanner);
    return ds->errors == errors;
}

/* ---- layout ---- */

enum Decl { D_NONE, D_POLICY, D_SIMPLE, D_ENUM, D_RECORD, D_DEFINE, D_MEASURE, D_SCALE, D_PARAM };

/* What a brace or a minus is, for spacing. */
enum Role { R_NONE, R_BODY_OPEN, R_BODY_CLOSE, R_ENUM_BRACE, R_SET_BRACE, R_UNARY, R_MOST };

/* A construct open at some point of a clause; continuation lines inside it
 * are indented 2 more than the line it was opened on. A quantifier is open
 * from `any`, `all`, `count` (or `for` after `sum`) on; its `where` opens
 * the body. IF, and an ELSE followed by `if`, only mark where `then` and
 * `else` belong: they do not indent, so `else if` chains stay flat. */
enum ScopeKind { S_CLAUSE, S_PAREN, S_BRACE, S_QUANT, S_SUM, S_WHERE, S_IF, S_THEN, S_ELSE };

typedef struct Scope { enum ScopeKind kind; int indent; bool transparent; int opener; } Scope;

typedef struct Line {
    int indent;
    int first, last;        /* code tokens; first = -1 for a line holding only a comment */
    int comment;            /* the comment ending the line, or the line's only comment; -1 none */
    bool blank_before;
    bool decl_start;        /* the line starts a declaration */
    bool closer_first;      /* the line starts with `)` or `}` */
    bool aligned;           /* a comment line continuing the comment above it, in its column */
    int comment_col;        /* output column of the comment (set while writing) */
} Line;

typedef struct Layout {
    const Tok *t;
    int n;
    int *role;
    Line *lines;
    int nlines, cap;
    Scope stack[512];
    int depth;
    bool dated_clause;      /* a measure clause `from D [through E]` awaits its `when` */
} Layout;

static int next_code(const Layout *L, int i)
{
    for (int k = i + 1; k < L->n; k++)
        if (L->t[k].kind != POL_TOKEN_COMMENT)
            return k;
    return -1;
}

/* Whether token i is the `{` that opens a record, the facts or an enum. */
static bool opens_body(const Layout *L, int i)
{
    return i >= 0 && L->t[i].kind == '{' && (L->role[i] == R_BODY_OPEN || L->role[i] == R_ENUM_BRACE);
}

static int kind_at(const Layout *L, int i)
{
    return i >= 0 ? L->t[i].kind : 0;
}

static int prev_code(const Layout *L, int i)
{
    for (int k = i - 1; k >= 0; k--)
        if (L->t[k].kind != POL_TOKEN_COMMENT)
            return k;
    return -1;
}

/* Whether token i is the name `word` */
static bool is_word(const Layout *L, int i, const char *word)
{
    if (kind_at(L, i) != IDENT)
        return false;
    if (strcmp(L->t[i].text, word) == 0)
        return true;
    /* or its Chinese spelling */
    for (int k = 0; k < POL_CTX_COUNT; k++)
        if (strcmp(pol_ctx_word((PolCtxWord)k, POL_KW_EN), word) == 0 && strcmp(pol_ctx_word((PolCtxWord)k, POL_KW_ZH), L->t[i].text) == 0)
            return true;
    return false;
}

/* Whether the name at i starts a clause, not an expression: `kind relief`
 * in the header, `granted at zero` and `subject NAME: ...` in a measure
 * (not `m is granted`, nor a member after a dot). */
static bool word_clause(const Layout *L, int i)
{
    int p = kind_at(L, prev_code(L, i)), n = next_code(L, i);
    if (p == IS || p == '.')
        return false;
    if (is_word(L, i, "kind"))
        return is_word(L, n, "grant") || is_word(L, n, "relief") || is_word(L, n, "service");
    if (is_word(L, i, "subject"))
        return kind_at(L, n) == IDENT && kind_at(L, next_code(L, n)) == ':';
    return is_word(L, i, "granted") && kind_at(L, n) == AT && is_word(L, next_code(L, n), "zero");
}

/* Whether the `for` at i starts `for each c in LIST` (not the `for` of `sum`). */
static bool for_each_clause(const Layout *L, int i)
{
    int n = next_code(L, i), v = next_code(L, n);
    return is_word(L, n, "each") && kind_at(L, v) == IDENT && kind_at(L, next_code(L, v)) == IN;
}

static Line *new_line(Layout *L, int indent)
{
    if (L->nlines == L->cap) {
        L->cap = L->cap ? 2 * L->cap : 64;
        L->lines = GC_REALLOC(L->lines, (size_t)L->cap * sizeof *L->lines);
    }
    Line *ln = &L->lines[L->nlines++];
    memset(ln, 0, sizeof *ln);
    ln->indent = indent;
    ln->first = ln->last = ln->comment = -1;
    return ln;
}

static void push(Layout *L, enum ScopeKind kind, int indent, bool transparent, int opener)
{
    if (L->depth == (int)(sizeof L->stack / sizeof L->stack[0]))
        return;   /* deeper nesting than any layout needs: indent as the outer level */
    Scope s = {kind, indent, transparent, opener};
    L->stack[L->depth++] = s;
}

/* The innermost scope of a kind that is open in the current bracket (or,
 * for a bracket kind, anywhere in the clause); -1 if none. */
static int find_scope(const Layout *L, enum ScopeKind kind)
{
    bool bracket = kind == S_PAREN || kind == S_BRACE;
    for (int k = L->depth - 1; k > 0; k--) {
        if (L->stack[k].kind == kind)
            return k;
        if (!bracket && (L->stack[k].kind == S_PAREN || L->stack[k].kind == S_BRACE))
            return -1;
    }
    return -1;
}

static int continuation_indent(const Layout *L)
{
    for (int k = L->depth - 1; k >= 0; k--)
        if (!L->stack[k].transparent)
            return L->stack[k].indent + 2;
    return 2;
}

/* Whether the code token p ends an operand, so that a `-` after it is binary. */
static bool ends_operand(const Layout *L, int p)
{
    switch (kind_at(L, p)) {
    case IDENT:
        return L->role[p] != R_MOST;   /* `at most -5 元` */
    case INT: case DECIMAL: case MONEY: case PERCENT: case DATE: case DURATION: case STRING:
    case TRUE_: case FALSE_: case ')': case '}': case DATE_KW: case FORCE:
        return true;
    default:
        return false;
    }
}

static bool starts_decl(const Layout *L, int i)
{
    switch (L->t[i].kind) {
    case MODULE: case IMPORT: case ENUM: case RECORD: case FACTS: case PARAMETER: case DEFINE: case MEASURE: case SCALE:
        return true;
    case POLICY:   /* `policy "id"`; `policy start` is an expression */
        return kind_at(L, next_code(L, i)) == STRING;
    default:
        return false;
    }
}

/* The column of the clause that token i starts, or -1 if it starts none. */
static int clause_indent(const Layout *L, enum Decl decl, bool in_body, int i)
{
    int k = L->t[i].kind;
    switch (decl) {
    case D_POLICY:
        if (k == TITLE || k == SOURCE || k == IDENTIFIED || k == AS || k == APPLIES || (k == IDENT && word_clause(L, i)))
            return 2;
        if (k == IN) {   /* `in force from`, not `x in list` or `within period in force` */
            int f = next_code(L, i);
            if (kind_at(L, f) == FORCE && kind_at(L, next_code(L, f)) == FROM)
                return 2;
        }
        return -1;
    case D_MEASURE: {
        if (k == ARTICLE || k == TITLE || k == RESPONSIBLE || k == AMOUNT || (k == IDENT && word_clause(L, i)) ||
            (k == FOR && for_each_clause(L, i)))
            return 2;
        if (k == SOURCE)   /* the clause, not `source of NAME` in an expression */
            return kind_at(L, next_code(L, i)) == OF ? -1 : 2;
        if (k == WHEN)   /* not the `when` of `from D when ...` */
            return L->dated_clause ? -1 : 2;
        int p = prev_code(L, i);
        if (k == FROM)   /* a dated condition; not `in force from`, `at most from` */
            return kind_at(L, p) == FORCE || (kind_at(L, p) == IDENT && L->role[p] == R_MOST) ? -1 : 2;
        if (k == IN && kind_at(L, next_code(L, i)) == FORCE)   /* `in force from D` */
            return 2;
        if (k == AT)   /* `at most` under the amount, but not the `at` of `granted at zero` */
            return kind_at(L, p) == IDENT && word_clause(L, p) ? -1 : 4;
        return -1;
    }
    case D_PARAM:   /* the steps of a dated parameter */
        return k == FROM ? 2 : -1;
    case D_DEFINE:
        return k == DEFAULT || k == RULE || k == EXCEPTION ? 2 : -1;
    case D_SCALE:   /* `source`, `up to X: ...`, `above: ...` */
        if (k == SOURCE || (k == IDENT && kind_at(L, next_code(L, i)) == TO) || (k == IDENT && kind_at(L, next_code(L, i)) == ':'))
            return 2;
        return -1;
    case D_RECORD:   /* a member: `name: type ...` */
        return in_body && k == IDENT && kind_at(L, next_code(L, i)) == ':' ? 2 : -1;
    default:
        return -1;
    }
}

/* What token i closes before it is placed; returns the indentation of a
 * line it starts if it is a closing bracket, else -1. */
static int close_scopes(Layout *L, int i)
{
    int k, kind = L->t[i].kind;
    switch (kind) {
    case ')':
    case '}':
        k = find_scope(L, kind == ')' ? S_PAREN : S_BRACE);
        if (k < 0)
            return -1;
        if (kind == '}')
            L->role[i] = L->role[L->stack[k].opener];
        L->depth = k;
        return L->stack[k].indent;
    case ',':
    case ':':
        while (L->depth > 1 && L->stack[L->depth - 1].kind != S_PAREN && L->stack[L->depth - 1].kind != S_BRACE)
            L->depth--;
        return -1;
    case THEN:
        if ((k = find_scope(L, S_IF)) >= 0)
            L->depth = k + 1;
        return -1;
    case ELSE:
        if ((k = find_scope(L, S_THEN)) >= 0)
            L->depth = k;
        return -1;
    case FOR:
        if ((k = find_scope(L, S_SUM)) >= 0)
            L->depth = k + 1;
        return -1;
    default:
        return -1;
    }
}

/* What token i opens once it is placed on a line indented `indent`. */
static void open_scopes(Layout *L, int i, int indent)
{
    switch (L->t[i].kind) {
    case '(':
        push(L, S_PAREN, indent, false, i);
        break;
    case '{':
        if (L->role[i] != R_BODY_OPEN) {
            if (L->role[i] == R_NONE)
                L->role[i] = R_SET_BRACE;
            push(L, S_BRACE, indent, false, i);
        }
        break;
    case WHERE:
        push(L, S_WHERE, indent, false, i);
        break;
    case IF:
        push(L, S_IF, indent, true, i);
        break;
    case THEN:
        if (L->depth > 1 && L->stack[L->depth - 1].kind == S_IF)
            L->depth--;
        push(L, S_THEN, indent, false, i);
        break;
    case ELSE:
        push(L, S_ELSE, indent, kind_at(L, next_code(L, i)) == IF, i);
        break;
    case ANY:
    case ALL:
    case COUNT:
        push(L, S_QUANT, indent, false, i);
        break;
    case SUM:
        push(L, S_SUM, indent, false, i);
        break;
    case FOR:   /* `sum v for x in list`: the quantifier goes on, where `sum` began */
        if (L->depth > 1 && L->stack[L->depth - 1].kind == S_SUM)
            L->stack[L->depth - 1].kind = S_QUANT;
        break;
    default:
        break;
    }
}

static void layout_lines(Layout *L)
{
    enum Decl decl = D_NONE;
    int body = 0;            /* record/enum body: 0 before `{`, 1 inside, 2 after `}` */
    int prev = -1, last = -1;   /* previous code token, previous token */
    Line *cur = NULL;
    L->depth = 0;
    push(L, S_CLAUSE, 0, false, -1);
    for (int i = 0; i < L->n; i++) {
        const Tok *t = &L->t[i];
        if (t->kind == POL_TOKEN_COMMENT) {
            if (cur && last >= 0 && L->t[last].end_line == t->line) {
                cur->comment = i;
            } else {
                Line *ln = new_line(L, 0);
                ln->comment = i;
                ln->blank_before = last >= 0 && t->line - L->t[last].end_line >= 2 && !opens_body(L, last);
            }
            cur = NULL;
            last = i;
            continue;
        }
        bool decl_start = starts_decl(L, i);
        int clause = -1, closer = -1;
        bool body_open = false, body_close = false;
        if (decl_start) {
            switch (t->kind) {
            case POLICY: decl = D_POLICY; break;
            case ENUM: decl = D_ENUM; break;
            case RECORD: case FACTS: decl = D_RECORD; break;
            case DEFINE: decl = D_DEFINE; break;
            case MEASURE: decl = D_MEASURE; break;
            case SCALE: decl = D_SCALE; break;
            case PARAMETER: decl = D_PARAM; break;
            default: decl = D_SIMPLE; break;
            }
            body = 0;
            L->depth = 0;
            push(L, S_CLAUSE, 0, false, -1);
        } else if ((decl == D_RECORD || decl == D_ENUM) && body == 0 && t->kind == '{') {
            body_open = true;
            body = 1;
            L->role[i] = decl == D_RECORD ? R_BODY_OPEN : R_ENUM_BRACE;
        } else if (decl == D_RECORD && body == 1 && t->kind == '}' && find_scope(L, S_BRACE) < 0) {
            /* (not the `}` of `required when k is one of {a, b}`) */
            body_close = true;
            body = 2;
            L->role[i] = R_BODY_CLOSE;
        } else if ((clause = clause_indent(L, decl, body == 1, i)) >= 0) {
            L->depth = 0;
            push(L, S_CLAUSE, clause, false, -1);
            L->dated_clause = decl == D_MEASURE && t->kind == FROM;
        } else {
            if (t->kind == WHEN)
                L->dated_clause = false;
            closer = close_scopes(L, i);
            if (decl == D_ENUM && body == 1 && t->kind == '}')
                body = 2;
        }
        if (t->kind == '-' && !ends_operand(L, prev))
            L->role[i] = R_UNARY;
        if (t->kind == IDENT && (kind_at(L, prev) == AT || kind_at(L, prev) == AMOUNT))
            L->role[i] = R_MOST;   /* a word of `at most`, `at least`, `amount computed`: `at most (a + b)` is no call */

        bool brk;
        if (!cur || decl_start || clause >= 0 || body_close)
            brk = true;
        else if (body_open)
            brk = false;
        else
            brk = t->line > L->t[prev].end_line;
        if (brk) {
            int indent = decl_start || body_open || body_close ? 0 : clause >= 0 ? clause : closer >= 0 ? closer
                                                                   : continuation_indent(L);
            cur = new_line(L, indent);
            cur->first = i;
            cur->decl_start = decl_start;
            cur->closer_first = t->kind == ')' || t->kind == '}';
            bool closes_body = L->role[i] == R_BODY_CLOSE || (L->role[i] == R_ENUM_BRACE && t->kind == '}');
            cur->blank_before = last >= 0 && t->line - L->t[last].end_line >= 2 && !opens_body(L, last) && !closes_body;
        }
        cur->last = i;
        open_scopes(L, i, cur->indent);
        prev = i;
        last = i;
    }
}

/* Where each line that holds only a comment goes (the column of a trailing
 * comment is decided while writing). */
static void place_comments(Layout *L)
{
    bool seen_code = false;
    for (int k = 0; k < L->nlines; k++) {
        Line *ln = &L->lines[k];
        if (ln->first >= 0) {
            seen_code = true;
            continue;
        }
        const Tok *c = &L->t[ln->comment];
        if (k > 0 && !ln->blank_before && L->lines[k - 1].comment >= 0 &&
            (L->lines[k - 1].first >= 0 || L->lines[k - 1].aligned) && c->col == L->t[L->lines[k - 1].comment].col) {
            ln->aligned = true;   /* under the comment above, which ends a line of code */
            continue;
        }
        int j = k + 1;
        while (j < L->nlines && L->lines[j].first < 0)
            j++;
        if (j < L->nlines && !L->lines[j].decl_start)
            ln->indent = L->lines[j].indent + (L->lines[j].closer_first ? 2 : 0);
        else
            ln->indent = c->col == 0 || !seen_code ? 0 : 2;
    }
}

/* ---- writing ---- */

/* The formatted text, and the column its last line has reached. */
typedef struct Out { PolBuf text; int col; } Out;

static void put(Out *o, const char *s, size_t n)
{
    pol_buf_put(&o->text, s, n);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n')
            o->col = 0;
        else if (!pol_utf8_continues(s[i]))
            o->col++;
    }
}

static void spaces(Out *o, int n)
{
    for (int i = 0; i < n; i++)
        put(o, " ", 1);
}

static bool space_between(const Layout *L, int a, int b)
{
    int ka = L->t[a].kind, kb = L->t[b].kind;
    if (kb == ',' || kb == ')' || kb == ':' || kb == '?' || kb == '.')
        return false;
    if (ka == '(' || ka == '.')
        return false;
    if (ka == '-' && L->role[a] == R_UNARY)
        return false;
    if (ka == IDENT && kb == '(' && L->role[a] != R_MOST)
        return false;   /* a call, or the arguments of a definition */
    if ((ka == '{' && L->role[a] == R_SET_BRACE) || (kb == '}' && L->role[b] == R_SET_BRACE))
        return false;
    return true;
}

static void write_lines(Layout *L, Out *o)
{
    for (int k = 0; k < L->nlines; k++) {
        Line *ln = &L->lines[k];
        if (k > 0 && ln->blank_before)
            put(o, "\n", 1);
        if (ln->first >= 0) {
            spaces(o, ln->indent);
            int p = -1;
            for (int i = ln->first; i <= ln->last; i++) {
                if (p >= 0 && space_between(L, p, i))
                    put(o, " ", 1);
                put(o, L->t[i].text, L->t[i].len);
                p = i;
            }
            if (ln->comment >= 0) {
                /* One space after the code; a comment the author set further
                 * off keeps its column (aligned comments stay aligned), unless
                 * its line was split or joined. */
                const Tok *c = &L->t[ln->comment], *before = &L->t[ln->comment - 1], *first = &L->t[ln->first];
                bool whole = first->line == c->line && (ln->first == 0 || L->t[ln->first - 1].end_line < first->line);
                int col = o->col + 1;
                if (whole && c->col - before->end_col >= 2 && c->col > col)
                    col = c->col;
                spaces(o, col - o->col);
                ln->comment_col = col;
                put(o, c->text, c->len);
            }
        } else {
            ln->comment_col = ln->aligned ? L->lines[k - 1].comment_col : ln->indent;
            spaces(o, ln->comment_col);
            put(o, L->t[ln->comment].text, L->t[ln->comment].len);
        }
        put(o, "\n", 1);
    }
}

/* ---- checking the result ---- */

static bool same_tokens(const Toks *a, const Toks *b)
{
    if (a->count != b->count)
        return false;
    for (int i = 0; i < a->count; i++) {
        const Tok *x = &a->items[i], *y = &b->items[i];
        if (x->kind != y->kind || x->len != y->len || memcmp(x->text, y->text, x->len) != 0)
            return false;
    }
    return true;
}

static char *dump_ast(const PolSource *src, PolDiags *ds)
{
    const char *module = NULL;
    PolDeclList decls = pol_parse_source(src, &module, ds);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f) {   /* (libc's malloc: memory has run out) */
        pol_out_of_memory(BUFSIZ);
        return NULL;
    }
    pol_ast_dump(f, decls, module);
    bool written = !ferror(f);
    if (fclose(f) != 0 || !written) {   /* a dump cut short would compare as another */
        free(text);
        pol_out_of_memory(len);
        return NULL;
    }
    char *copy = GC_STRDUP(text);
    free(text);
    return copy;
}

/* Whether the file's lines end in CRLF: those of its first line do (the
 * file's own choice, as rustfmt's and Prettier's "auto" take it). */
static bool crlf_file(const PolSource *src)
{
    const char *nl = memchr(src->text, '\n', src->len);
    return nl && nl > src->text && nl[-1] == '\r';
}

static char *fmt_tokens(const PolSource *src, Toks toks, size_t *len, PolDiags *ds);

char *pol_fmt_text(const PolSource *src, size_t *len, PolDiags *ds)
{
    Toks toks;
    if (!scan_tokens(src, &toks, ds))
        return NULL;
    return fmt_tokens(src, toks, len, ds);
}

/* The contextual word the parser read at the name t, or NULL; the words
 * come in the order of the text, *next_word is the first not yet passed. */
static const PolWordAt *word_of(const Tok *t, const PolWordAt *words, int nwords, int *next_word)
{
    for (int k = *next_word; k < nwords; k++) {
        if (words[k].line > t->line || (words[k].line == t->line && words[k].col > t->col + 1))
            break;
        *next_word = k + 1;
        if (words[k].line == t->line && words[k].col == t->col + 1)
            return &words[k];
    }
    return NULL;
}

/* The token t written in set: NULL when it stays as written. */
static const char *convert_token(const Tok *t, PolKeywordSet set, const PolWordAt *words, int nwords, int *next_word)
{
    if (t->kind == POL_TOKEN_COMMENT)
        return NULL;
    const char *kw = pol_kw_word(t->kind, set);
    if (kw)
        return kw;
    if (t->kind == IDENT) {
        const PolWordAt *w = word_of(t, words, nwords, next_word);
        return w ? pol_ctx_word(w->key, set) : NULL;
    }
    if (t->kind == DURATION) {
        long long n = strtoll(t->text, NULL, 10);
        const char *unit = t->text + strspn(t->text, "0123456789");
        unit += strspn(unit, " \t");
        PolKeywordSet was;
        int u = pol_kw_unit_of(unit, &was);
        return u < 0 ? NULL : pol_strdup_printf("%lld %s", n, pol_kw_unit(u, n, set));
    }
    if (t->kind == ITEMS) {
        long long n = strtoll(t->text, NULL, 10);
        const char *word = set == POL_KW_ZH ? pol_ctx_word(POL_CTX_items, set) : n == 1 ? "item" : "items";
        return pol_strdup_printf("%lld %s", n, word);
    }
    if (t->kind == DATE && set == POL_KW_EN && strchr(t->text, '-') == NULL) {
        int y = 0, m = 0, d = 0;
        if (sscanf(t->text, "%d年%d月%d日", &y, &m, &d) == 3)
            return pol_strdup_printf("%04d-%02d-%02d", y, m, d);
    }
    return NULL;
}

static int word_order(const void *a, const void *b)
{
    const PolWordAt *x = a, *y = b;
    return x->line != y->line ? (x->line > y->line) - (x->line < y->line) : (x->col > y->col) - (x->col < y->col);
}

char *pol_fmt_convert(const PolSource *src, PolKeywordSet set, size_t *len, PolDiags *ds)
{
    Toks toks;
    if (!scan_tokens(src, &toks, ds))
        return NULL;
    PolWordAt *words = NULL;
    int nwords = 0, next = 0;
    PolKeywordSet was;
    int errors = ds->errors;
    pol_parse_source_words(src, NULL, ds, &was, &words, &nwords);
    if (ds->errors > errors)
        return NULL;
    /* the parser meets a clause's word after the expression it ends with
     * (`amount computed X`): in the order of the text */
    if (nwords > 1)   /* qsort of a null array is undefined, even of none */
        qsort(words, (size_t)nwords, sizeof *words, word_order);
    for (int i = 0; i < toks.count; i++) {
        Tok *t = &toks.items[i];
        const char *text = convert_token(t, set, words, nwords, &next);
        if (text) {
            t->text = text;
            t->len = strlen(text);
        }
    }
    return fmt_tokens(src, toks, len, ds);
}

static PolTokenClass token_class(const Tok *t, const PolWordAt *words, int nwords, int *next_word)
{
    switch (t->kind) {
    case POL_TOKEN_COMMENT:
        return POL_TC_COMMENT;
    case STRING:
        return POL_TC_STRING;
    case INT: case DECIMAL: case MONEY: case PERCENT: case DATE: case DURATION: case ITEMS:
        return POL_TC_NUMBER;
    case DATE_KW:
        return POL_TC_TYPE;
    case '+': case '-': case '*': case '/': case '=': case '<': case '>': case '?': case NE: case LE: case GE:
        return POL_TC_OPERATOR;
    case IDENT: {
        const PolWordAt *w = word_of(t, words, nwords, next_word);
        if (!w)
            return POL_TC_NAME;
        switch (w->key) {
        case POL_CTX_bool: case POL_CTX_integer: case POL_CTX_decimal: case POL_CTX_money:
        case POL_CTX_duration: case POL_CTX_text: case POL_CTX_unrounded:
            return POL_TC_TYPE;
        default:
            return POL_TC_KEYWORD;
        }
    }
    default:
        return pol_kw_word(t->kind, POL_KW_EN) ? POL_TC_KEYWORD : (PolTokenClass)-1;
    }
}

PolClassedToken *pol_fmt_classify(const PolSource *src, int *count)
{
    PolDiags ds;
    pol_diags_init(&ds, POL_LANG_EN);
    Toks toks;
    scan_tokens(src, &toks, &ds);
    PolWordAt *words = NULL;
    int nwords = 0, next = 0;
    PolKeywordSet set;
    pol_parse_source_words(src, NULL, &ds, &set, &words, &nwords);
    if (nwords > 1)
        qsort(words, (size_t)nwords, sizeof *words, word_order);
    PolClassedToken *out = GC_MALLOC_ATOMIC((size_t)(toks.count + 1) * sizeof *out);
    int n = 0;
    for (int i = 0; i < toks.count; i++) {
        const Tok *t = &toks.items[i];
        PolTokenClass cls = token_class(t, words, nwords, &next);
        if ((int)cls < 0 || t->end_line != t->line)
            continue;
        out[n++] = (PolClassedToken){t->line, t->col, t->end_col, cls};
    }
    *count = n;
    return out;
}

/* The canonical layout of src's tokens toks (src's own, or converted to
 * the other set of keywords). */
static char *fmt_tokens(const PolSource *src, Toks toks, size_t *len, PolDiags *ds)
{
    Layout L;
    memset(&L, 0, sizeof L);
    L.t = toks.items;
    L.n = toks.count;
    L.role = GC_MALLOC_ATOMIC((size_t)(toks.count + 1) * sizeof *L.role);
    memset(L.role, 0, (size_t)(toks.count + 1) * sizeof *L.role);
    layout_lines(&L);
    place_comments(&L);
    Out o = {0};
    put(&o, "", 0);
    write_lines(&L, &o);

    /* lines end as the file's first line does */
    PolBuf text = o.text;
    if (crlf_file(src)) {
        PolBuf crlf = {0};
        pol_buf_put(&crlf, "", 0);
        for (size_t i = 0, from = 0; i <= o.text.len; i++)
            if (i == o.text.len || o.text.data[i] == '\n') {
                pol_buf_put(&crlf, o.text.data + from, i - from);
                if (i < o.text.len)
                    pol_buf_put(&crlf, "\r\n", 2);
                from = i + 1;
            }
        text = crlf;
    }

    /* Formatting must give the same tokens, hence the same tree: the
     * result is read again and compared, unless it is the file as it was
     * (formatted already, as a file checked by `fmt --check` mostly is),
     * whose tokens and tree are its own. */
    if (text.len != src->len || memcmp(text.data, src->text, text.len) != 0) {
        PolSource *result = pol_source_from_text(pol_strdup_printf("%s (formatted)", src->path), o.text.data, o.text.len);
        Toks again;
        int errors = ds->errors;
        bool same = scan_tokens(result, &again, ds) && same_tokens(&toks, &again);
        if (same) {
            const char *before = dump_ast(src, ds), *after = dump_ast(result, ds);
            same = ds->errors == errors && before && after && strcmp(before, after) == 0;
        }
        if (!same) {
            pol_diag_internal(ds, POL_MSG_fmt_changes_meaning, src->path);
            return NULL;
        }
    }
    *len = text.len;
    return text.data;
}

/* ---- polrun fmt ---- */

int pol_fmt_files(const char *const *paths, int npaths, PolFmtMode mode, PolDiags *ds, FILE *summary)
{
    return pol_fmt_files_to(paths, npaths, mode, POL_KW_UNDECIDED, ds, summary);
}

int pol_fmt_files_to(const char *const *paths, int npaths, PolFmtMode mode, PolKeywordSet set, PolDiags *ds, FILE *summary)
{
    int status = 0;
    int out_errno = 0;   /* of the first write to standard output that failed */
    for (int i = 0; i < npaths; i++) {
        const char *path = paths[i];
        PolSource *src = pol_source_read(path);
        PolSpan none = {0};
        if (!src) {
            pol_diag(ds, POL_E0701_cannot_read, none, NULL, path, pol_strerror(ds->lang, errno));
            status = 1;
            continue;
        }
        if (src->len > POL_MAX_SOURCE_BYTES) {
            pol_diag(ds, POL_E0704_file_too_large, none, NULL, path, POL_MAX_SOURCE_BYTES);
            status = 1;
            continue;
        }
        int errors = ds->errors;
        const char *module = NULL;
        PolDeclList decls = pol_parse_source(src, &module, ds);
        if (ds->errors > errors) {
            int n = ds->errors - errors;
            if (summary)
                fprintf(summary, "%s\n", pol_msg(ds->lang, POL_MSG_fmt_not_formatted, path, n, n == 1 ? "" : "s"));
            status = 1;
            continue;
        }
        if (mode == POL_FMT_DUMP_AST) {
            pol_ast_dump(stdout, decls, module);
            continue;
        }
        size_t len = 0;
        char *text = set == POL_KW_UNDECIDED ? pol_fmt_text(src, &len, ds) : pol_fmt_convert(src, set, &len, ds);
        if (!text) {
            status = 1;
            continue;
        }
        bool changed = len != src->len || memcmp(text, src->text, len) != 0;
        if (src->bom) {   /* the file keeps its byte order mark */
            PolBuf with = {0};
            pol_buf_put(&with, "\xEF\xBB\xBF", 3);
            pol_buf_put(&with, text, len);
            text = with.data;
            len = with.len;
        }
        if (mode == POL_FMT_PRINT) {
            if (fwrite(text, 1, len, stdout) != len && !out_errno)
                out_errno = errno ? errno : EIO;
        } else if (mode == POL_FMT_CHECK) {
            if (changed) {
                PolBuf diff = {0};
                pol_unified_diff(&diff, path, src->text, src->len, text, len);
                if (fwrite(diff.data, 1, diff.len, stdout) != diff.len && !out_errno)
                    out_errno = errno ? errno : EIO;
                status = 1;
            }
        } else if (changed && !pol_replace_file(path, text, len, ds)) {
            status = 1;
        }
    }
    if (!out_errno && fflush(stdout) != 0)
        out_errno = errno ? errno : EIO;
    if (out_errno || ferror(stdout)) {
        pol_diag(ds, POL_E1001_cannot_write, (PolSpan){0}, NULL, pol_msg(ds->lang, POL_MSG_standard_output),
                 pol_strerror(ds->lang, out_errno ? out_errno : EIO));
        status = 1;
    }
    return status;
}
