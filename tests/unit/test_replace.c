/*
 * test_replace.c — replacing a file safely (replace.h): the new content or
 * the old, never half; nothing left beside it; the mode kept; a file with
 * several names, one that is no regular file, one whose folder refuses a
 * new file, each refused with the file as it was; and at the edges: a
 * name too long for the temporary file's, a file that does not exist, one
 * its owner made read-only, a write cut short by the file size limit, a
 * folder that cannot be read; who owns the new file (the original's owner
 * and group kept where the caller may, and the rights that would otherwise
 * go to someone else taken away). The tests that need an ordinary user run
 * as `nobody` (65534) when started as root, in their own process.
 */
#ifndef _GNU_SOURCE   /* setresuid, setgroups; the Makefile defines it too, for the sanitize
                         build's header forced in before this line */
#define _GNU_SOURCE
#endif
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <gc.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
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
    char *cmd = pol_strdup_printf("chmod -R u+rwx '%s'; rm -rf '%s'", dir, dir);
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

/* ------------------------------------------------------------ edges */

#define NOBODY 65534

/* How many entries dir holds (. and .. aside). */
static int entries(const char *dir)
{
    DIR *d = opendir(dir);
    cr_assert_not_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

/* From here on, this test's process is an ordinary user: nobody, when it
 * was root (the files it is to write given to nobody beforehand). Root
 * stays its saved user, for back_to_root: the test's end writes files
 * only root may (the coverage build's counts, the scratch folder's
 * removal). */
static bool was_root;

static void become_ordinary(void)
{
    was_root = geteuid() == 0;
    if (!was_root)
        return;
    cr_assert_eq(setgroups(0, NULL), 0);
    cr_assert_eq(setresgid(NOBODY, NOBODY, 0), 0);
    cr_assert_eq(setresuid(NOBODY, NOBODY, 0), 0);
}

static void back_to_root(const char *dir)
{
    if (was_root) {
        cr_assert_eq(setresuid(0, 0, 0), 0);
        cr_assert_eq(setresgid(0, 0, 0), 0);
    }
    clean(dir);
}

static uid_t ordinary_uid(void)
{
    return geteuid() == 0 ? NOBODY : geteuid();
}

static gid_t ordinary_gid(void)
{
    return geteuid() == 0 ? NOBODY : getegid();
}

Test(replace, a_name_at_the_limit_has_its_temporary_name_cut)
{
    const char *dir = folder();
    char base[256];
    memset(base, 'n', 250);
    strcpy(base + 250, ".pol");   /* 254 bytes: NAME_MAX is 255 */
    const char *path = pol_strdup_printf("%s/%s", dir, base);
    put(path, "old\n");
    cr_assert(pol_replace_file(path, "new\n", 4, &pol_test_ds), "%s", pol_test_diagnostics());
    cr_assert_str_eq(get(path), "new\n");
    cr_assert_eq(entries(dir), 1, "no temporary file left");
    cr_assert_eq(pol_test_ds.errors, 0);
    clean(dir);
}

Test(replace, a_file_that_does_not_exist_is_not_created)
{
    const char *dir = folder();
    const char *path = pol_strdup_printf("%s/none.pol", dir);
    cr_assert_not(pol_replace_file(path, "new\n", 4, &pol_test_ds));
    cr_assert_eq(errno, ENOENT);
    cr_assert_eq(pol_test_ds.items[0]->code, POL_E1001_cannot_write);
    cr_assert_not_null(strstr(pol_test_diagnostics(), "none.pol: No such file or directory"), "%s",
                       pol_test_diagnostics());
    cr_assert_eq(entries(dir), 0);
    clean(dir);
}

Test(replace, a_read_only_file_is_left_alone)
{
    const char *dir = folder();
    const char *path = pol_strdup_printf("%s/ro.pol", dir);
    put(path, "old\n");
    cr_assert_eq(chmod(path, 0444), 0);
    cr_assert_eq(chown(dir, ordinary_uid(), ordinary_gid()), 0);
    cr_assert_eq(chown(path, ordinary_uid(), ordinary_gid()), 0);
    become_ordinary();
    cr_assert_not(pol_replace_file(path, "new\n", 4, &pol_test_ds));
    cr_assert_eq(errno, EACCES);
    cr_assert_not_null(strstr(pol_test_diagnostics(), "ro.pol: Permission denied"), "%s", pol_test_diagnostics());
    cr_assert_str_eq(get(path), "old\n");
    cr_assert_eq(entries(dir), 1);
    back_to_root(dir);
}

Test(replace, a_write_cut_short_leaves_the_file_and_no_temporary)
{
    const char *dir = folder();
    const char *path = pol_strdup_printf("%s/p.pol", dir);
    put(path, "old\n");
    /* files may not grow past 1 KiB: the write fails with EFBIG */
    signal(SIGXFSZ, SIG_IGN);
    struct rlimit was, rl = {1024, 1024};
    cr_assert_eq(getrlimit(RLIMIT_FSIZE, &was), 0);
    rl.rlim_max = was.rlim_max;
    cr_assert_eq(setrlimit(RLIMIT_FSIZE, &rl), 0);
    static char big[4096];
    memset(big, 'x', sizeof big);
    bool replaced = pol_replace_file(path, big, sizeof big, &pol_test_ds);
    cr_assert_eq(setrlimit(RLIMIT_FSIZE, &was), 0);
    cr_assert_not(replaced);
    cr_assert_eq(errno, EFBIG);
    cr_assert_not_null(strstr(pol_test_diagnostics(), "p.pol: File too large"), "%s", pol_test_diagnostics());
    cr_assert_str_eq(get(path), "old\n");
    cr_assert_eq(entries(dir), 1, "the temporary file removed");
    clean(dir);
}

Test(replace, a_folder_that_cannot_be_read_still_takes_the_new_file)
{
    /* write and search rights only: the file is replaced; the folder
     * cannot be opened to be synced, which is no failure */
    const char *dir = folder();
    const char *path = pol_strdup_printf("%s/p.pol", dir);
    put(path, "old\n");
    cr_assert_eq(chown(dir, ordinary_uid(), ordinary_gid()), 0);
    cr_assert_eq(chown(path, ordinary_uid(), ordinary_gid()), 0);
    cr_assert_eq(chmod(dir, 0300), 0);
    become_ordinary();
    cr_assert(pol_replace_file(path, "new\n", 4, &pol_test_ds), "%s", pol_test_diagnostics());
    cr_assert_str_eq(get(path), "new\n");
    cr_assert_eq(pol_test_ds.errors, 0);
    back_to_root(dir);
}

/* The mode and owners of path. */
static struct stat info(const char *path)
{
    struct stat st;
    cr_assert_eq(stat(path, &st), 0);
    return st;
}

Test(replace, root_keeps_another_users_owner_group_and_mode)
{
    if (geteuid() != 0)
        cr_skip_test("needs root to give a file to another user");
    const char *dir = folder();
    const char *path = pol_strdup_printf("%s/p.pol", dir);
    put(path, "old\n");
    cr_assert_eq(chown(path, 1234, 5678), 0);
    cr_assert_eq(chmod(path, 06754), 0);
    cr_assert(pol_replace_file(path, "new\n", 4, &pol_test_ds), "%s", pol_test_diagnostics());
    struct stat st = info(path);
    cr_assert_eq(st.st_uid, 1234);
    cr_assert_eq(st.st_gid, 5678);
    cr_assert_eq(st.st_mode & 07777, 06754, "mode %o", st.st_mode & 07777);
    clean(dir);
}

Test(replace, another_group_takes_the_groups_extra_rights_away)
{
    /* an ordinary user replacing its own file whose group it is not in:
     * the new file is in the user's group, so the set-group-ID bit and
     * the group's rights beyond others' go (rw- r-- here) */
    if (geteuid() != 0)
        cr_skip_test("needs root to give the file a group its user is not in");
    const char *dir = folder();
    const char *path = pol_strdup_printf("%s/p.pol", dir);
    put(path, "old\n");
    cr_assert_eq(chown(dir, NOBODY, NOBODY), 0);
    cr_assert_eq(chown(path, NOBODY, 4321), 0);
    cr_assert_eq(chmod(path, 02664), 0);
    become_ordinary();
    cr_assert(pol_replace_file(path, "new\n", 4, &pol_test_ds), "%s", pol_test_diagnostics());
    struct stat st = info(path);
    cr_assert_eq(st.st_uid, NOBODY);
    cr_assert_eq(st.st_gid, NOBODY);
    cr_assert_eq(st.st_mode & 07777, 0644, "mode %o", st.st_mode & 07777);
    cr_assert_str_eq(get(path), "new\n");
    back_to_root(dir);
}

Test(replace, another_owner_takes_set_user_id_away)
{
    /* an ordinary user may replace a file of root's it may write, in a
     * folder of its own: the new file is the user's, so set-user-ID goes;
     * the group (the user's own) is kept with its rights */
    if (geteuid() != 0)
        cr_skip_test("needs root to give the file to another user");
    const char *dir = folder();
    const char *path = pol_strdup_printf("%s/p.pol", dir);
    put(path, "old\n");
    cr_assert_eq(chown(dir, NOBODY, NOBODY), 0);
    cr_assert_eq(chown(path, 0, NOBODY), 0);
    cr_assert_eq(chmod(path, 04664), 0);
    become_ordinary();
    cr_assert(pol_replace_file(path, "new\n", 4, &pol_test_ds), "%s", pol_test_diagnostics());
    struct stat st = info(path);
    cr_assert_eq(st.st_uid, NOBODY);
    cr_assert_eq(st.st_gid, NOBODY);
    cr_assert_eq(st.st_mode & 07777, 0664, "mode %o", st.st_mode & 07777);
    back_to_root(dir);
}
