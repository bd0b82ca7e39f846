/*
 * test_runtime_edges.c — the small runtime helpers at their edges: the
 * bump allocator (arena.h) across chunks and resets, growing arrays and
 * the out-of-memory hook (alloc.h), the size of a thread's stack
 * (stack.h), the table by name past its growth and its probes (hash.h),
 * and the dated values not verified since a date (stale.h): each with its
 * exact result.
 */
#include <criterion/criterion.h>
#include <gc.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include "alloc.h"
#include "arena.h"
#include "check.h"
#include "compile.h"
#include "hash.h"
#include "parse.h"
#include "source.h"
#include "stack.h"
#include "stale.h"
#include "support.h"

TestSuite(runtime_edges, .init = pol_test_capture_diagnostics);

/* ------------------------------------------------------------ arena.h */

Test(runtime_edges, arena_takes_aligned_room_across_chunks_and_resets)
{
    PolArena a;
    memset(&a, 0, sizeof a);
    /* the first chunk: 64 KiB, taken 16 bytes at a time (5 is rounded up) */
    char *p = pol_arena_alloc(&a, 5);
    char *q = pol_arena_alloc(&a, 5);
    cr_assert_not_null(p);
    cr_assert_eq(q - p, 16, "aligned to 16");
    cr_assert_eq((uintptr_t)p % POL_ARENA_ALIGN, 0);
    cr_assert_eq(p[0], 0, "zeroed");
    /* more than a chunk: a chunk of its own, kept apart from the first */
    char *big = pol_arena_alloc(&a, 100000);
    cr_assert_not_null(big);
    cr_assert_not_null(a.extra, "a chunk apart from the first");
    memset(big, 'x', 100000);
    /* past the rest of a chunk: another one */
    char *r = pol_arena_alloc(&a, 70000);
    cr_assert_not_null(r);
    cr_assert_neq(r, big);
    /* reset: the extra chunks freed, the first one reused from its start */
    pol_arena_reset(&a);
    cr_assert_null(a.extra);
    cr_assert_eq(pol_arena_take(&a, 1), p, "the first chunk from its start again");
    pol_arena_free(&a);
    cr_assert_null(a.first);
    cr_assert_null(a.cur);
    /* a freed arena starts again */
    cr_assert_not_null(pol_arena_alloc(&a, 1));
    pol_arena_free(&a);
    /* resetting an arena that never took anything leaves it empty */
    PolArena empty;
    memset(&empty, 0, sizeof empty);
    pol_arena_reset(&empty);
    cr_assert_null(empty.first);
    cr_assert_null(empty.cur);
}

/* ------------------------------------------------------------ alloc.h */

Test(runtime_edges, grow_doubles_at_four_and_each_power_of_two)
{
    int *v = NULL;
    for (size_t n = 0; n < 40; n++) {
        int *w = pol_grow(v, n, sizeof *v);
        bool grows = n == 0 || (n >= 4 && (n & (n - 1)) == 0);
        if (!grows)
            cr_assert_eq(w, v, "no new room at %zu", n);
        v = w;
        v[n] = (int)n;
    }
    for (int i = 0; i < 40; i++)
        cr_assert_eq(v[i], i);
}

static size_t oom_bytes;
static int oom_calls;

static void note_oom(size_t bytes)
{
    oom_bytes = bytes;
    oom_calls++;
}

Test(runtime_edges, out_of_memory_calls_the_handler_once_installed)
{
#ifdef __SANITIZE_ADDRESS__
    /* AddressSanitizer ends the process on a malloc that cannot succeed
     * (make sanitize runs with allocator_may_return_null=0) */
    cr_skip_test("a malloc that cannot succeed ends an AddressSanitizer build");
#endif
    /* none installed: nothing is called, the null pointer is the answer */
    pol_out_of_memory(10);
    cr_assert_eq(oom_calls, 0);
    pol_alloc_on_oom(note_oom);
    /* while a block is being written (held), the handler runs without
     * waiting for the hold it already has */
    pol_oom_hold();
    /* a malloc that cannot succeed tells the handler how much was asked */
    cr_assert_null(pol_malloc(SIZE_MAX / 2));
    cr_assert_eq(oom_calls, 1);
    cr_assert_eq(oom_bytes, SIZE_MAX / 2);
    /* an empty request is no failure, whatever malloc returns */
    free(pol_malloc(0));
    cr_assert_eq(oom_calls, 1);
    void *p = pol_malloc(64);
    cr_assert_not_null(p);
    free(p);
    /* the collector's own failure goes to the handler too */
    cr_assert_null(GC_get_oom_fn()(33));
    cr_assert_eq(oom_calls, 2);
    cr_assert_eq(oom_bytes, 33);
    pol_oom_release();
    /* uninstalled: the collector's default function again */
    GC_oom_func mine = GC_get_oom_fn();
    pol_alloc_on_oom(NULL);
    cr_assert_neq(GC_get_oom_fn(), mine);
    pol_out_of_memory(5);
    cr_assert_eq(oom_calls, 2);
    pol_alloc_on_oom(note_oom);
    cr_assert_eq(GC_get_oom_fn(), mine, "the same hook installed again");
    /* not held: the handler runs holding the lock, never to release it
     * (no other thread may write after it); the last call of this test */
    pol_out_of_memory(9);
    cr_assert_eq(oom_calls, 3);
    cr_assert_eq(oom_bytes, 9);
}

/* ------------------------------------------------------------ stack.h */

static void *stack_of_thread(void *arg)
{
    (void)arg;
    size_t *n = malloc(sizeof *n);
    *n = pol_stack_size();
    return n;
}

Test(runtime_edges, stack_size_of_the_main_thread_and_of_another)
{
    struct rlimit rl;
    cr_assert_eq(getrlimit(RLIMIT_STACK, &rl), 0);
    size_t want = rl.rlim_cur == RLIM_INFINITY ? 0 : (size_t)rl.rlim_cur;
    cr_assert_eq(pol_stack_size(), want);
    cr_assert_eq(pol_stack_size(), want, "asked once, kept");
    /* a thread made with a stack of 512 KiB says so */
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 512 * 1024);
    pthread_t t;
    cr_assert_eq(pthread_create(&t, &attr, stack_of_thread, NULL), 0);
    void *res;
    pthread_join(t, &res);
    pthread_attr_destroy(&attr);
    cr_assert_eq(*(size_t *)res, 512 * 1024);
    free(res);
}

Test(runtime_edges, stack_size_unlimited_is_unknown)
{
    /* no limit on the main thread's stack: 0, as documented (unknown) */
    struct rlimit rl;
    cr_assert_eq(getrlimit(RLIMIT_STACK, &rl), 0);
    rl.rlim_cur = RLIM_INFINITY;
    if (rl.rlim_max != RLIM_INFINITY)
        cr_skip_test("the hard limit of the stack is %lu", (unsigned long)rl.rlim_max);
    cr_assert_eq(setrlimit(RLIMIT_STACK, &rl), 0);
    cr_assert_eq(pol_stack_size(), 0);
}

/* ------------------------------------------------------------ hash.h */

Test(runtime_edges, names_table_grows_and_finds_every_name)
{
    PolNameTable t = {0};
    cr_assert_eq(pol_names_get(&t, "a", 1), -1, "an empty table has nothing");
    cr_assert_eq(pol_names_longest_probe(&t), 0);
    char *names[1000];
    for (int i = 0; i < 1000; i++) {
        names[i] = pol_strdup_printf("name%d", i);
        cr_assert_eq(pol_names_put(&t, names[i], strlen(names[i]), i), -1);
    }
    cr_assert_eq(t.count, 1000);
    cr_assert_eq(t.cap, 2048, "at most half full");
    for (int i = 0; i < 1000; i++)
        cr_assert_eq(pol_names_get(&t, names[i], strlen(names[i])), i);
    /* a name given again: the first value, nothing added */
    cr_assert_eq(pol_names_put(&t, "name7", 5, 99), 7);
    cr_assert_eq(t.count, 1000);
    /* a prefix of a name, or the name with a byte more, is another name */
    cr_assert_eq(pol_names_get(&t, "name7", 4), -1);
    cr_assert_eq(pol_names_get(&t, "name70x", 7), -1);
    int longest = pol_names_longest_probe(&t);
    cr_assert_geq(longest, 0);
    cr_assert_lt(longest, 64, "probes stay short: %d", longest);
}

/* ------------------------------------------------------------ stale.h */

static PolProgram *compile_text(const char *text)
{
    PolSource *src = pol_source_from_text("t.pol", text, strlen(text));
    PolDeclList decls = pol_parse_source(src, NULL, &pol_test_ds);
    cr_assert_eq(pol_test_ds.errors, 0, "syntax errors:\n%s", pol_test_diagnostics());
    PolChecked *c = pol_check(decls, &pol_test_ds);
    cr_assert_not_null(c, "check failed:\n%s", pol_test_diagnostics());
    PolProgram *p = pol_compile(c, &pol_test_ds);
    cr_assert_not_null(p);
    return p;
}

static const char *stale_text(const PolProgram *p, const char *since, PolLang lang, int *n)
{
    int32_t day;
    cr_assert(pol_date_parse(since, strlen(since), &day));
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    *n = pol_stale_steps(p, day, lang, f);
    fclose(f);
    char *s = GC_STRDUP(buf);
    free(buf);
    return s;
}

#define STALE_POLICY                                                                     \
    "policy \"t\"\n  title \"T\"\n  in force from 2025-01-01 for 3 years\n"             \
    "facts {\n  id: text\n  small: bool\n}\n"                                            \
    "parameter rate: decimal\n"                                                          \
    "  from 2025-01-01: 30% source \"A-1\" verified 2025-02-01\n"                        \
    "  from 2026-01-01: 35%\n"                                                           \
    "  from 2027-01-01: 40% source \"A-3\"\n"                                            \
    "define cut: decimal\n"                                                              \
    "  rule plain when small: 10%\n"                                                     \
    "  rule dated from 2026-01-01 when not small: 20% source \"B-1\" verified 2026-03-01\n"

Test(runtime_edges, stale_lists_each_step_not_verified_since)
{
    PolProgram *p = compile_text(STALE_POLICY);
    int n;
    /* since 2025-01-01: only the steps never verified */
    const char *s = stale_text(p, "2025-01-01", POL_LANG_EN, &n);
    cr_assert_eq(n, 2, "%s", s);
    cr_assert_str_eq(s, "t.pol:10: `rate`: from 2026-01-01: 35%: never verified\n"
                        "t.pol:11: `rate`: from 2027-01-01: 40% source \"A-3\": never verified\n");
    /* since 2026-02-01: the step verified 2025-02-01 too; the dated rule
     * verified 2026-03-01 still stands, the rule without a date is no step */
    s = stale_text(p, "2026-02-01", POL_LANG_EN, &n);
    cr_assert_eq(n, 3, "%s", s);
    cr_assert_str_eq(s, "t.pol:9: `rate`: from 2025-01-01: 30% source \"A-1\": verified 2025-02-01\n"
                        "t.pol:10: `rate`: from 2026-01-01: 35%: never verified\n"
                        "t.pol:11: `rate`: from 2027-01-01: 40% source \"A-3\": never verified\n");
    s = stale_text(p, "2026-03-02", POL_LANG_EN, &n);
    cr_assert_eq(n, 4, "%s", s);
    cr_assert_not_null(strstr(s, "t.pol:14: `cut`: rule dated from 2026-01-01 when not small: 20% source \"B-1\": "
                                 "verified 2026-03-01\n"), "%s", s);
}
