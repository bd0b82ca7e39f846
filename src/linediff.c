/*
 * linediff.c — the lines that differ between two texts, as a unified diff
 * (linediff.h).
 *
 * The edit script is Myers's (An O(ND) Difference Algorithm, 1986): the
 * greedy search for the furthest path on each diagonal, keeping the
 * frontier of each step to walk the shortest script back. The common first
 * and last lines are set aside first, which leaves the formatter's diffs
 * small; the frontiers kept grow as the square of the number of
 * differences, so past a bound the middle is replaced whole instead.
 */
#include <gc.h>
#include <string.h>
#include "linediff.h"

typedef struct Lines {
    int count;
    const char **text;      /* each line with its line feed, if it has one */
    size_t *len;
} Lines;

static Lines split(const char *t, size_t len)
{
    Lines l = {0, NULL, NULL};
    int cap = 0;
    size_t at = 0;
    while (at < len) {
        const char *nl = memchr(t + at, '\n', len - at);
        size_t end = nl ? (size_t)(nl - t) + 1 : len;
        if (l.count == cap) {
            cap = cap ? 2 * cap : 64;
            l.text = GC_REALLOC(l.text, (size_t)cap * sizeof *l.text);
            l.len = GC_REALLOC(l.len, (size_t)cap * sizeof *l.len);
        }
        l.text[l.count] = t + at;
        l.len[l.count] = end - at;
        l.count++;
        at = end;
    }
    return l;
}

static bool same(const Lines *a, int i, const Lines *b, int j)
{
    return a->len[i] == b->len[j] && memcmp(a->text[i], b->text[j], a->len[i]) == 0;
}

/* One step of the script: a line of both (' '), of before only ('-'), of
 * after only ('+'); a and b are its indices in each. */
typedef struct Op { char kind; int a, b; } Op;

typedef struct Script { Op *ops; int count, cap; } Script;

static void emit(Script *s, char kind, int a, int b)
{
    if (s->count == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 64;
        s->ops = GC_REALLOC(s->ops, (size_t)s->cap * sizeof *s->ops);
    }
    s->ops[s->count++] = (Op){kind, a, b};
}

/* The most frontier values kept for the walk back (about 64 MiB). */
#define MAX_TRACE (16L * 1024 * 1024)

/* The shortest script of a[lo_a..hi_a) against b[lo_b..hi_b), appended in
 * reverse order; false when it would keep too much (nothing appended). */
static bool myers(Script *s, const Lines *a, int lo_a, int hi_a, const Lines *b, int lo_b, int hi_b)
{
    int n = hi_a - lo_a, m = hi_b - lo_b, max = n + m;
    long *v = GC_MALLOC_ATOMIC((size_t)(2 * max + 3) * sizeof *v);
    long off = max + 1;
    v[off + 1] = 0;
    long **trace = GC_MALLOC((size_t)(max + 1) * sizeof *trace);
    long kept = 0;
    int d_end = -1;
    for (int d = 0; d <= max && d_end < 0; d++) {
        kept += 2L * d + 3;
        if (kept > MAX_TRACE)
            return false;
        /* the frontier before step d, on diagonals -d-1 .. d+1 */
        trace[d] = GC_MALLOC_ATOMIC((size_t)(2 * d + 3) * sizeof **trace);
        memcpy(trace[d], v + off - d - 1, (size_t)(2 * d + 3) * sizeof *v);
        for (int k = -d; k <= d; k += 2) {
            long x = (k == -d || (k != d && v[off + k - 1] < v[off + k + 1])) ? v[off + k + 1] : v[off + k - 1] + 1;
            long y = x - k;
            while (x < n && y < m && same(a, lo_a + (int)x, b, lo_b + (int)y))
                x++, y++;
            v[off + k] = x;
            if (x >= n && y >= m) {
                d_end = d;
                break;
            }
        }
    }
    long x = n, y = m;
    for (int d = d_end; d >= 0; d--) {
        const long *t = trace[d];   /* t[k + d + 1] is the frontier on diagonal k */
        long k = x - y;
        long prev_k = (k == -d || (k != d && t[k - 1 + d + 1] < t[k + 1 + d + 1])) ? k + 1 : k - 1;
        long prev_x = d > 0 ? t[prev_k + d + 1] : 0, prev_y = prev_x - prev_k;
        while (x > prev_x && y > prev_y) {
            emit(s, ' ', lo_a + (int)x - 1, lo_b + (int)y - 1);
            x--, y--;
        }
        if (d > 0) {
            if (x == prev_x)
                emit(s, '+', lo_a + (int)x, lo_b + (int)y - 1);
            else
                emit(s, '-', lo_a + (int)x - 1, lo_b + (int)y);
        }
        x = prev_x;
        y = prev_y;
    }
    return true;
}

static Script diff(const Lines *a, const Lines *b)
{
    Script s = {NULL, 0, 0};
    int pre = 0, post = 0;
    while (pre < a->count && pre < b->count && same(a, pre, b, pre))
        pre++;
    while (post < a->count - pre && post < b->count - pre && same(a, a->count - 1 - post, b, b->count - 1 - post))
        post++;
    /* built back to front, then turned round */
    for (int i = 0; i < post; i++)
        emit(&s, ' ', a->count - 1 - i, b->count - 1 - i);
    if (!myers(&s, a, pre, a->count - post, b, pre, b->count - post)) {
        for (int j = b->count - post - 1; j >= pre; j--)
            emit(&s, '+', a->count - post, j);
        for (int i = a->count - post - 1; i >= pre; i--)
            emit(&s, '-', i, pre);
    }
    for (int i = pre - 1; i >= 0; i--)
        emit(&s, ' ', i, i);
    for (int i = 0, j = s.count - 1; i < j; i++, j--) {
        Op t = s.ops[i];
        s.ops[i] = s.ops[j];
        s.ops[j] = t;
    }
    return s;
}

static void put_line(PolBuf *out, char mark, const char *text, size_t len)
{
    pol_buf_put(out, &mark, 1);
    pol_buf_put(out, text, len);
    if (len == 0 || text[len - 1] != '\n')
        pol_buf_puts(out, "\n\\ No newline at end of file\n");
}

/* "l,n" of a hunk: the first line and the count, as diff -u writes them. */
static void range(PolBuf *out, int first, int count)
{
    if (count == 1)
        pol_buf_printf(out, "%d", first + 1);
    else
        pol_buf_printf(out, "%d,%d", count ? first + 1 : first, count);
}

void pol_unified_diff(PolBuf *out, const char *name, const char *before, size_t before_len, const char *after,
                      size_t after_len)
{
    enum { CONTEXT = 3 };
    Lines a = split(before, before_len), b = split(after, after_len);
    Script s = diff(&a, &b);
    bool any = false;
    for (int i = 0; i < s.count && !any; i++)
        any = s.ops[i].kind != ' ';
    if (!any)
        return;
    pol_buf_printf(out, "--- %s\n+++ %s\n", name, name);
    int i = 0;
    while (i < s.count) {
        while (i < s.count && s.ops[i].kind == ' ')
            i++;
        if (i >= s.count)
            break;
        /* a hunk: from CONTEXT lines before this change to CONTEXT lines
         * after the last change that is not more than 2 CONTEXT lines away */
        int start = i - CONTEXT < 0 ? 0 : i - CONTEXT;
        int end = i;
        for (;;) {
            while (end < s.count && s.ops[end].kind != ' ')
                end++;
            int same_run = 0;
            while (end + same_run < s.count && s.ops[end + same_run].kind == ' ')
                same_run++;
            if (end + same_run < s.count && same_run <= 2 * CONTEXT) {
                end += same_run;
                continue;
            }
            end += same_run < CONTEXT ? same_run : CONTEXT;
            break;
        }
        int first_a = -1, first_b = -1, count_a = 0, count_b = 0;
        for (int k = start; k < end; k++) {
            const Op *o = &s.ops[k];
            if (o->kind != '+') {
                if (first_a < 0)
                    first_a = o->a;
                count_a++;
            }
            if (o->kind != '-') {
                if (first_b < 0)
                    first_b = o->b;
                count_b++;
            }
        }
        /* an empty side starts after the line before the hunk */
        if (first_a < 0)
            first_a = s.ops[start].a;
        if (first_b < 0)
            first_b = s.ops[start].b;
        pol_buf_puts(out, "@@ -");
        range(out, first_a, count_a);
        pol_buf_puts(out, " +");
        range(out, first_b, count_b);
        pol_buf_puts(out, " @@\n");
        for (int k = start; k < end; k++) {
            const Op *o = &s.ops[k];
            if (o->kind == '+')
                put_line(out, '+', b.text[o->b], b.len[o->b]);
            else
                put_line(out, o->kind, a.text[o->a], a.len[o->a]);
        }
        i = end;
    }
}
