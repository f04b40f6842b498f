/* Side files in folders other users may write to (store/sidefile.h). */
#include "store/sidefile.h"

#include "store/fileio.h"
#include "store/fsops.h"
#include "store/smsg.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

uid_t side_draft_owner(const char *draft_path)
{
    struct stat st;
    if (stat(draft_path, &st) != 0)
        return SIDE_NO_OWNER;
    return st.st_uid;
}

/* "贺家悦" or "uid 1001" (malloc'd). */
static char *user_name(uid_t uid)
{
    struct passwd *pw = getpwuid(uid);
    if (pw && pw->pw_name && *pw->pw_name)
        return strdup(pw->pw_name);
    return fio_strdupf("uid %ld", (long)uid);
}

int side_open_read(const char *path, uid_t also, char **why)
{
    *why = NULL;
    int fd;
    do
        fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        int e = errno;
        if (e == ENOENT)
            return -1;
        if (e == ELOOP) {
            *why = fio_strdupf("%s is a symbolic link, which nobody but another user could "
                               "have put there; it was not used", path);
        } else {
            *why = fio_strdupf("%s cannot be opened: %s (%s)", path, fio_errno_words(e),
                               strerror(e));
        }
        errno = e;
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        *why = fio_strdupf("%s cannot be read: %s (%s)", path, fio_errno_words(e), strerror(e));
        errno = e;
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        *why = fio_strdupf("%s is not a regular file (a FIFO, device, socket or folder); it was "
                           "not used", path);
        errno = EINVAL;
        return -1;
    }
    if (st.st_uid != geteuid() && st.st_uid != also) {
        close(fd);
        char *who = user_name(st.st_uid);
        *why = fio_strdupf("%s belongs to %s, not to you or the draft's owner; it was not used "
                           "(remove it, or ask %s)", path, who ? who : "another user",
                           who ? who : "them");
        free(who);
        errno = EPERM;
        return -1;
    }
    if (st.st_mode & (S_IWGRP | S_IWOTH)) {
        close(fd);
        *why = fio_strdupf("%s can be changed by other users (mode %04o); it was not used",
                           path, (unsigned)(st.st_mode & 07777));
        errno = EPERM;
        return -1;
    }
    /* blocking reads from here on: it is a regular file */
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        (void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    return fd;
}

int side_create_temp(const char *final_path, int extra_flags, char **tmp)
{
    const fsops *ops = fsops_current;
    *tmp = NULL;
    char *dir = fio_dirname(final_path);
    if (!dir) {
        errno = ENOMEM;
        return -1;
    }
    int e = EEXIST;
    for (int tries = 0; tries < 100; tries++) {
        char *t = fio_temp_path(dir, fio_basename(final_path));
        if (!t) {
            e = ENOMEM;
            break;
        }
        int fd;
        do
            fd = ops->open(t, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | extra_flags,
                           0600);
        while (fd < 0 && errno == EINTR);
        if (fd >= 0) {
            free(dir);
            *tmp = t;
            return fd;
        }
        e = errno;
        free(t);            /* not ours: never unlink a name we did not create */
        if (e != EEXIST)
            break;
    }
    free(dir);
    errno = e;
    return -1;
}

int sidefile_sync_dir_of(const char *path)
{
    const fsops *ops = fsops_current;
    char *dir = fio_dirname(path);
    if (!dir)
        return ENOMEM;
    int fd = ops->open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
    free(dir);
    if (fd < 0)
        return errno;
    int e = 0;
    if (ops->fsync(fd) != 0 && errno != EINVAL && errno != ENOTSUP && errno != EOPNOTSUPP)
        e = errno;
    ops->close(fd);
    return e;
}

int side_move_noreplace(const char *src, const char *dst)
{
    const fsops *ops = fsops_current;
    if (ops->link(src, dst) == 0) {
        ops->unlink(src);
        return 0;
    }
    int e = errno;
    if (e != EPERM && e != ENOTSUP && e != EOPNOTSUPP && e != EXDEV && e != ENOSYS &&
        e != EMLINK)
        return e;
    /* no hard links here: a rename that never replaces */
    if (renameat2(AT_FDCWD, src, AT_FDCWD, dst, RENAME_NOREPLACE) == 0)
        return 0;
    return errno;
}

/* "cannot write PATH: the disk is full (No space left on device)" (store/smsg.h). */
static char *side_write_failed(const char *path, int e)
{
    char *why = smsg_reason(e);
    char *m = smsgf(SM_WRITE_FAILED, path, why ? why : "");
    free(why);
    return m;
}

int side_publish(const char *final_path, const void *data, size_t len, char **err)
{
    const fsops *ops = fsops_current;
    char *tmp = NULL;
    int fd = side_create_temp(final_path, 0, &tmp);
    if (fd < 0) {
        int e = errno;
        fio_set_err(err, side_write_failed(final_path, e));
        return -1;
    }
    int e = 0;
    for (size_t off = 0; off < len && !e;) {
        ssize_t n = ops->write(fd, (const char *)data + off, len - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            e = n < 0 ? errno : EIO;
        else
            off += (size_t)n;
    }
    if (!e && ops->fsync(fd) != 0)
        e = errno;
    if (ops->close(fd) != 0 && !e && errno != EINTR)
        e = errno;
    if (!e) {
        e = side_move_noreplace(tmp, final_path);
        if (e == EEXIST) {
            ops->unlink(tmp);
            free(tmp);
            return 1;
        }
    }
    if (!e)
        e = sidefile_sync_dir_of(final_path);
    else
        ops->unlink(tmp);
    free(tmp);
    if (e) {
        fio_set_err(err, side_write_failed(final_path, e));
        return -1;
    }
    return 0;
}
