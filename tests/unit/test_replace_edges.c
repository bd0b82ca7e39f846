/*
 * test_replace_edges.c — replacing a file (replace.h) at its edges: a
 * name too long for the temporary file's, a file that does not exist, one
 * its owner made read-only, a write cut short by the file size limit, a
 * folder that cannot be read; and who owns the new file: the original's
 * owner and group kept where the caller may, and the rights that would
 * otherwise go to someone else taken away (set-user-ID, set-group-ID, the
 * group's rights beyond others'). The tests that need an ordinary user
 * run as `nobody` (65534) when started as root, in their own process.
 */
#define _GNU_SOURCE   /* setresuid, setgroups */
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

TestSuite(replace_edges, .init = pol_test_capture_diagnostics);

#define NOBODY 65534

static char *folder(void)
{
    char *dir = GC_STRDUP("/tmp/polrun-replace-edges-XXXXXX");
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
    cr_assert_not_null(f, "%s: %s", path, strerror(errno));
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

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

static void clean(const char *dir)
{
    char *cmd = pol_strdup_printf("chmod -R u+rwx '%s'; rm -rf '%s'", dir, dir);
    cr_assert_eq(system(cmd), 0);
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

Test(replace_edges, a_name_at_the_limit_has_its_temporary_name_cut)
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

Test(replace_edges, a_file_that_does_not_exist_is_not_created)
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

Test(replace_edges, a_read_only_file_is_left_alone)
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

Test(replace_edges, a_write_cut_short_leaves_the_file_and_no_temporary)
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

Test(replace_edges, a_folder_that_cannot_be_read_still_takes_the_new_file)
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

Test(replace_edges, root_keeps_another_users_owner_group_and_mode)
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

Test(replace_edges, another_group_takes_the_groups_extra_rights_away)
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

Test(replace_edges, another_owner_takes_set_user_id_away)
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
