/*
 * test_replace.c — replacing a file safely (replace.h): the new content or
 * the old, never half; nothing left beside it; the mode kept; a file with
 * several names, one that is no regular file, one whose folder refuses a
 * new file, each refused with the file as it was.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <gc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "replace.h"
#include "support.h"

TestSuite(replace, .init = pol_test_capture_diagnostics);

static char *folder(void)
{
    char *dir = GC_STRDUP("/tmp/polrun-replace-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    return dir;
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    fputs(text, f);
    cr_assert_eq(fclose(f), 0);
}

static const char *get(const char *path)
{
    static char buf[256];
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f);
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* The names in dir, sorted, joined by spaces. */
static const char *names(const char *dir)
{
    struct dirent **list;
    int n = scandir(dir, &list, NULL, alphasort);
    cr_assert_geq(n, 0);
    PolBuf b = {0};
    pol_buf_puts(&b, "");
    for (int i = 0; i < n; i++) {
        if (strcmp(list[i]->d_name, ".") != 0 && strcmp(list[i]->d_name, "..") != 0)
            pol_buf_printf(&b, "%s ", list[i]->d_name);
        free(list[i]);
    }
    free(list);
    return b.data;
}

static void clean(const char *dir)
{
    char *cmd = pol_strdup_printf("rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

Test(replace, replaces_the_content_and_keeps_the_mode)
{
    const char *dir = folder();
    const char *path = pol_strdup_printf("%s/p.pol", dir);
    put(path, "old text\n");
    cr_assert_eq(chmod(path, 0640), 0);
    cr_assert(pol_replace_file(path, "new\n", 4, &pol_test_ds));
    cr_assert_str_eq(get(path), "new\n");
    struct stat st;
    cr_assert_eq(stat(path, &st), 0);
    cr_assert_eq(st.st_mode & 07777, 0640);
    cr_assert_str_eq(names(dir), "p.pol ", "nothing left beside it");
    cr_assert_eq(pol_test_ds.errors, 0);
    clean(dir);
}

Test(replace, through_a_link_replaces_its_target)
{
    const char *dir = folder();
    const char *target = pol_strdup_printf("%s/target.pol", dir);
    const char *link = pol_strdup_printf("%s/link.pol", dir);
    put(target, "old\n");
    cr_assert_eq(symlink("target.pol", link), 0);
    cr_assert(pol_replace_file(link, "new\n", 4, &pol_test_ds));
    struct stat st;
    cr_assert_eq(lstat(link, &st), 0);
    cr_assert(S_ISLNK(st.st_mode), "the link stays a link");
    cr_assert_str_eq(get(target), "new\n");
    cr_assert_str_eq(names(dir), "link.pol target.pol ");
    clean(dir);
}

Test(replace, refuses_a_file_with_two_names)
{
    const char *dir = folder();
    const char *path = pol_strdup_printf("%s/a.pol", dir);
    const char *other = pol_strdup_printf("%s/b.pol", dir);
    put(path, "old\n");
    cr_assert_eq(link(path, other), 0);
    cr_assert_not(pol_replace_file(path, "new\n", 4, &pol_test_ds));
    cr_assert_eq(errno, EMLINK);
    cr_assert_str_eq(get(path), "old\n");
    cr_assert_str_eq(get(other), "old\n");
    cr_assert_eq(pol_test_ds.errors, 1);
    cr_assert_eq(pol_test_ds.items[0]->code, POL_E0712_several_names);
    cr_assert_str_eq(names(dir), "a.pol b.pol ");
    clean(dir);
}

Test(replace, refuses_what_is_no_regular_file)
{
    const char *dir = folder();
    const char *fifo = pol_strdup_printf("%s/f.pol", dir);
    cr_assert_eq(mkfifo(fifo, 0600), 0);
    cr_assert_not(pol_replace_file(fifo, "new\n", 4, &pol_test_ds));
    cr_assert_not(pol_replace_file(dir, "new\n", 4, &pol_test_ds));
    cr_assert_eq(errno, EISDIR);
    cr_assert_eq(pol_test_ds.errors, 2);
    cr_assert_not_null(strstr(pol_test_diagnostics(), "f.pol: not a regular file"));
    cr_assert_not_null(strstr(pol_test_diagnostics(), ": Is a directory"));
    struct stat st;
    cr_assert_eq(lstat(fifo, &st), 0);
    cr_assert(S_ISFIFO(st.st_mode), "left as it was");
    cr_assert_str_eq(names(dir), "f.pol ");
    clean(dir);
}

Test(replace, a_folder_that_refuses_a_new_file_leaves_the_file_alone)
{
    /* no file can be created in /proc: the new text has nowhere to go */
    char before[64];
    snprintf(before, sizeof before, "%s", get("/proc/self/comm"));
    cr_assert_not(pol_replace_file("/proc/self/comm", "renamed\n", 8, &pol_test_ds));
    cr_assert_str_eq(get("/proc/self/comm"), before);
    cr_assert_eq(pol_test_ds.items[0]->code, POL_E1001_cannot_write);
    cr_assert_not_null(strstr(pol_test_diagnostics(), "its folder must let you create files"));
}
