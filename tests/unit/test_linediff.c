/*
 * test_linediff.c — the unified diff of `fmt --check` (linediff.h): hunks,
 * their ranges and context as `diff -u` writes them (each expected text
 * below is what GNU diff 3.8 prints for the same two texts).
 */
#include <criterion/criterion.h>
#include <gc.h>
#include <string.h>
#include "linediff.h"

static void init(void) { GC_INIT(); }

TestSuite(linediff, .init = init);

static const char *udiff(const char *before, const char *after)
{
    PolBuf out = {0};
    pol_unified_diff(&out, "f", before, strlen(before), after, strlen(after));
    return out.data ? out.data : "";
}

Test(linediff, equal_texts_give_nothing)
{
    cr_assert_str_eq(udiff("", ""), "");
    cr_assert_str_eq(udiff("a\nb\n", "a\nb\n"), "");
    cr_assert_str_eq(udiff("a\nb", "a\nb"), "");
}

Test(linediff, from_and_to_an_empty_text)
{
    cr_assert_str_eq(udiff("", "x\ny\n"), "--- f\n+++ f\n@@ -0,0 +1,2 @@\n+x\n+y\n");
    cr_assert_str_eq(udiff("x\ny\n", ""), "--- f\n+++ f\n@@ -1,2 +0,0 @@\n-x\n-y\n");
}

Test(linediff, a_line_put_in_first)
{
    cr_assert_str_eq(udiff("a\nb\n", "z\na\nb\n"), "--- f\n+++ f\n@@ -1,2 +1,3 @@\n+z\n a\n b\n");
}

Test(linediff, changes_far_apart_are_two_hunks)
{
    const char *a = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n";
    const char *b = "1\nX\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\nY\n16\n";
    cr_assert_str_eq(udiff(a, b), "--- f\n+++ f\n"
                                  "@@ -1,5 +1,5 @@\n 1\n-2\n+X\n 3\n 4\n 5\n"
                                  "@@ -12,5 +12,5 @@\n 12\n 13\n 14\n-15\n+Y\n 16\n");
}

Test(linediff, changes_six_lines_apart_are_one_hunk)
{
    cr_assert_str_eq(udiff("1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\nX\n3\n4\n5\n6\n7\n8\nY\n"),
                     "--- f\n+++ f\n@@ -1,9 +1,9 @@\n 1\n-2\n+X\n 3\n 4\n 5\n 6\n 7\n 8\n-9\n+Y\n");
}

Test(linediff, line_ends_count)
{
    cr_assert_str_eq(udiff("a\r\nb\n", "a\nb\n"), "--- f\n+++ f\n@@ -1,2 +1,2 @@\n-a\r\n+a\n b\n");
    cr_assert_str_eq(udiff("a\nb", "a\nb\n"),
                     "--- f\n+++ f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n");
}

Test(linediff, the_shortest_script)
{
    /* a b c a b b a -> c b a b a c (Myers's example): 5 lines out and in */
    const char *got = udiff("a\nb\nc\na\nb\nb\na\n", "c\nb\na\nb\na\nc\n");
    int changed = 0;
    for (const char *p = strstr(got, "@@ -"); p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
        if (*p == '-' || *p == '+')
            changed++;
    cr_assert_eq(changed, 5, "%s", got);
}
