/*
 * replace.c — replacing a file's content safely (replace.h).
 *
 * Why a new file renamed over the old one, and how it is made: writing in
 * place leaves half a file when the disk fills or the process is killed;
 * a temporary file at a name anyone can predict can be a symbolic link
 * someone planted there, which a plain open follows (the link's target is
 * overwritten, with the original's mode). mkstemp creates a file of a new
 * name, exclusively (O_EXCL: never through a link) and readable by its
 * owner alone until the content is complete.
 */
#include <errno.h>
#include <fcntl.h>
#include <gc.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "replace.h"

static bool cannot_write(PolDiags *ds, const char *path, int err, const char *help)
{
    pol_diag(ds, POL_E1001_cannot_write, (PolSpan){0}, help, path, pol_strerror(ds->lang, err));
    errno = err;
    return false;
}

/* Writes all of data to fd; false with errno set. */
static bool write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return false;
        data += n;
        len -= (size_t)n;
    }
    return true;
}

/* The temporary file's name, for mkstemp: hidden (a `*.pol` pattern does
 * not take it), in the original's folder (rename stays on one file
 * system), after the original (cut to fit a file name's limit). real is
 * absolute. */
static char *temp_name(const char *real)
{
    const char *slash = strrchr(real, '/');
    const char *base = slash + 1;
    size_t n = strlen(base);
    size_t room = NAME_MAX - strlen("..XXXXXX");
    if (n > room)
        n = pol_utf8_cut(base, room);
    return pol_strdup_printf("%.*s/.%.*s.XXXXXX", (int)(slash - real), real, (int)n, base);
}

/* Gives the new file fd the owner and group of the original (st) where
 * the caller may (root may; the owner may give a group it belongs to),
 * and returns the mode it is to have: the original's, less what would now
 * go to someone else: set-user-ID when the owner could not be kept;
 * set-group-ID, and any right the group has beyond what others have, when
 * the group could not be kept. */
static mode_t keep_owner(int fd, const struct stat *st)
{
    mode_t mode = st->st_mode & 07777;
    struct stat now;
    bool known = fstat(fd, &now) == 0;
    if (known && (now.st_uid != st->st_uid || now.st_gid != st->st_gid) && fchown(fd, st->st_uid, st->st_gid) != 0 &&
        now.st_gid != st->st_gid)
        (void)fchown(fd, (uid_t)-1, st->st_gid);
    known = known && fstat(fd, &now) == 0;
    if (!known || now.st_uid != st->st_uid)
        mode &= ~(mode_t)S_ISUID;
    if (!known || now.st_gid != st->st_gid)
        mode = (mode & ~(mode_t)(S_ISGID | 070)) | (mode & 070 & (mode_t)((mode & 07) << 3));
    return mode;
}

/* The rename is durable once the folder is synced; a folder that cannot
 * be synced (some file systems) leaves it as durable as the system makes
 * it, and the file is replaced all the same. */
static void sync_folder(const char *real)
{
    const char *slash = strrchr(real, '/');
    const char *dir = slash == real ? "/" : GC_STRNDUP(real, (size_t)(slash - real));
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
}

bool pol_replace_file(const char *path, const char *data, size_t len, PolDiags *ds)
{
    char real[PATH_MAX];
    if (!realpath(path, real))
        return cannot_write(ds, path, errno, NULL);
    struct stat st;
    if (stat(real, &st) != 0)
        return cannot_write(ds, path, errno, NULL);
    if (S_ISDIR(st.st_mode))
        return cannot_write(ds, path, EISDIR, NULL);
    if (!S_ISREG(st.st_mode)) {
        pol_diag(ds, POL_E1001_cannot_write, (PolSpan){0}, NULL, path, pol_msg(ds->lang, POL_MSG_not_regular_file));
        errno = EINVAL;
        return false;
    }
    if (st.st_nlink > 1) {
        pol_diag(ds, POL_E0712_several_names, (PolSpan){0}, NULL, path, (unsigned long)st.st_nlink);
        errno = EMLINK;
        return false;
    }
    /* a file its owner made read-only is not to be changed, even though
     * its folder would let it be replaced */
    if (access(real, W_OK) != 0)
        return cannot_write(ds, path, errno, NULL);
    char *tmp = temp_name(real);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int err = errno;
        return cannot_write(ds, path, err, pol_msg(ds->lang, POL_MSG_replace_needs_folder, path));
    }
    mode_t mode = keep_owner(fd, &st);
    bool ok = write_all(fd, data, len) && fchmod(fd, mode) == 0 && fsync(fd) == 0;
    int err = errno;
    if (close(fd) != 0 && ok) {
        ok = false;
        err = errno;
    }
    if (ok && rename(tmp, real) != 0) {
        ok = false;
        err = errno;
    }
    if (!ok) {
        unlink(tmp);
        return cannot_write(ds, path, err, NULL);
    }
    sync_folder(real);
    return true;
}
