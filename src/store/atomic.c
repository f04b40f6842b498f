/* Atomic replacement of a file.
 *
 * The order of operations is what makes it safe:
 *   temp file beside the target (same file system, so rename is atomic) -> write all ->
 *   fsync (data on disk before the name points at it) -> close (NFS reports errors here) ->
 *   backup NAME~ (a hard link costs nothing and keeps the old inode) -> rename over ->
 *   fsync the directory (the rename itself on disk).
 * Until the rename, the target is never touched, so every failure before it leaves the old
 * file whole. A failure of the final directory fsync means the rename may not be on disk:
 * we put the previous version back from the backup so "failed" always means "unchanged".
 *
 * A failed fsync is never retried: Linux marks the dirty pages clean after reporting the
 * error once, so a second fsync would "succeed" without the data. The caller saves again,
 * which writes a fresh temporary file.
 *
 * Every open/write/fsync/close/rename/unlink/link goes through fsops_current so the tests can
 * fail the k-th call. A file with several hard links is replaced, not rewritten: the other
 * names keep the old content (as with vim's default and nano's). */
#include "store/atomic.h"

#include "store/fileio.h"
#include "store/fsops.h"
#include "store/smsg.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

atomic_opts atomic_defaults(void)
{
    return (atomic_opts){.fsync = true, .backup = true};
}

/* Everything one save needs, so the failure paths can clean up in one place. */
typedef struct {
    const fsops *ops;
    const char *shown;      /* the path as the caller gave it, for messages */
    char *real;             /* resolved target */
    char *dir;              /* its folder, resolved */
    char *tmp;              /* temporary file, NULL once renamed or removed */
    char *bak;              /* NAME~ */
    bool exists;            /* the target existed before */
    bool backed_up;         /* NAME~ now holds the previous version */
    struct stat st;         /* the old file's */
    char **err;
} save;

/* "cannot save PATH: " + step + the errno's reason + tail, each part in the clerk's language
 * (store/smsg.h). step: a message of the table (its one %s argument: arg) or none. */
static void report(save *s, int step, const char *arg, int e, int tail)
{
    if (!s->err)
        return;
    char *head = smsgf(SM_CANNOT_SAVE, s->shown);
    char *st = step >= 0 ? smsgf((smsg_id)step, arg) : NULL;
    char *why = e ? smsg_reason(e) : NULL;
    *s->err = fio_strdupf("%s%s%s%s", head ? head : "", st ? st : "", why ? why : "",
                          tail >= 0 ? smsg((smsg_id)tail) : "");
    free(head);
    free(st);
    free(why);
}

static int unchanged(const save *s)
{
    return s->exists ? SM_TAIL_UNCHANGED : SM_TAIL_NOT_CREATED;
}

/* Writes all of buf: a write may be short (disk nearly full, signals) or interrupted. */
static int write_all(const fsops *ops, int fd, const char *buf, size_t len)
{
    size_t off = 0;
    while (off < len) {
        ssize_t n = ops->write(fd, buf + off, len - off);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return errno;
        }
        if (n == 0)
            return EIO; /* a regular file never accepts nothing; do not spin */
        off += (size_t)n;
    }
    return 0;
}

static int open_retry(const fsops *ops, const char *path, int flags, mode_t mode)
{
    int fd;
    do
        fd = ops->open(path, flags, mode);
    while (fd < 0 && errno == EINTR);
    return fd;
}

/* Linux releases the descriptor even when close fails; EINTR is not a data error. */
static int close_checked(const fsops *ops, int fd)
{
    if (ops->close(fd) != 0 && errno != EINTR)
        return errno;
    return 0;
}

static void remove_temp(save *s)
{
    if (s->tmp) {
        s->ops->unlink(s->tmp);
        free(s->tmp);
        s->tmp = NULL;
    }
}

/* Resolves links and the folder; fills s->real, s->dir, s->exists, s->st. */
static int resolve(save *s)
{
    char *ferr = NULL;
    char *target = fio_follow_links(s->shown, &ferr);
    if (!target) {
        if (s->err)
            *s->err = fio_strdupf("cannot save %s", ferr ? ferr : "(out of memory)");
        free(ferr);
        return -1;
    }
    const char *base = fio_basename(target);
    if (!*base || !strcmp(base, ".") || !strcmp(base, "..")) {
        free(target);
        report(s, -1, NULL, EISDIR, -1);
        return -1;
    }
    char *dir = fio_dirname(target);
    char *rdir = dir ? realpath(dir, NULL) : NULL;
    if (!rdir) {
        int e = dir ? errno : ENOMEM;
        if (s->err && dir && (e == ENOENT || e == ENOTDIR))
            *s->err = smsgf(SM_SAVE_NO_FOLDER, s->shown, dir);
        else
            report(s, -1, NULL, e, -1);
        free(dir);
        free(target);
        return -1;
    }
    free(dir);
    s->dir = rdir;
    s->real = fio_strdupf("%s%s%s", rdir, strcmp(rdir, "/") ? "/" : "", base);
    s->bak = s->real ? fio_with_suffix(s->real, "~", 0) : NULL;
    free(target);
    if (!s->real || !s->bak) {
        report(s, -1, NULL, ENOMEM, -1);
        return -1;
    }
    if (stat(s->real, &s->st) == 0) {
        if (S_ISDIR(s->st.st_mode)) {
            report(s, -1, NULL, EISDIR, -1);
            return -1;
        }
        if (!S_ISREG(s->st.st_mode)) {
            report(s, SM_STEP_NOT_REGULAR, NULL, 0, -1);
            return -1;
        }
        s->exists = true;
    } else if (errno != ENOENT) {
        report(s, -1, NULL, errno, -1);
        return -1;
    }
    return 0;
}

/* Creates the temporary file, exclusively, with the final mode and (best effort) owner. */
static int create_temp(save *s)
{
    const char *base = fio_basename(s->real);
    mode_t mode = s->exists ? (s->st.st_mode & 07777) : 0600;
    for (int tries = 0; tries < 100; tries++) {
        s->tmp = fio_temp_path(s->dir, base);
        if (!s->tmp) {
            report(s, -1, NULL, ENOMEM, unchanged(s));
            return -1;
        }
        int fd = open_retry(s->ops, s->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
        if (fd >= 0) {
            /* open() applies the umask; the saved file must keep the old mode exactly. Owner
             * first: chown may clear set-id bits, which fchmod then restores. Failures here
             * do not lose data, so they do not fail the save. */
            if (s->exists && (s->st.st_uid != geteuid() || s->st.st_gid != getegid()))
                (void)!fchown(fd, s->st.st_uid, s->st.st_gid);
            (void)!fchmod(fd, mode);
            return fd;
        }
        int e = errno;
        free(s->tmp);
        s->tmp = NULL; /* not ours: never unlink a name we did not create */
        if (e != EEXIST) {
            report(s, SM_STEP_WRITE_DIR, s->dir, e, unchanged(s));
            return -1;
        }
    }
    report(s, SM_STEP_NO_TEMP, NULL, 0, unchanged(s));
    return -1;
}

/* Copies the old file to NAME~ when hard links are not possible (some network and FAT file
 * systems). Returns 0 or an errno. */
static int copy_backup(save *s, bool do_fsync)
{
    const fsops *ops = s->ops;
    int in = open_retry(ops, s->real, O_RDONLY | O_CLOEXEC, 0);
    if (in < 0)
        return errno;
    int out = open_retry(ops, s->bak, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
                         s->st.st_mode & 07777);
    if (out < 0) {
        int e = errno;
        ops->close(in);
        return e;
    }
    int e = 0;
    size_t cap = 65536;
    char *buf = malloc(cap);
    if (!buf)
        e = ENOMEM;
    while (!e) {
        ssize_t n = read(in, buf, cap);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            e = errno;
        } else if (n == 0) {
            break;
        } else {
            e = write_all(ops, out, buf, (size_t)n);
        }
    }
    free(buf);
    if (!e && do_fsync && ops->fsync(out) != 0)
        e = errno;
    int ce = close_checked(ops, out);
    if (!e)
        e = ce;
    ops->close(in);
    if (e)
        ops->unlink(s->bak);
    return e;
}

/* Keeps the previous version as NAME~. An old NAME~ is removed first, since link() will not
 * replace a name. */
static int make_backup(save *s, bool do_fsync)
{
    if (s->ops->unlink(s->bak) != 0 && errno != ENOENT)
        return errno;
    if (s->ops->link(s->real, s->bak) == 0)
        return 0;
    int e = errno;
    if (e == EPERM || e == EXDEV || e == ENOTSUP || e == EOPNOTSUPP || e == EMLINK ||
        e == ENOSYS)
        return copy_backup(s, do_fsync);
    return e;
}

static int sync_dir(const fsops *ops, const char *dir)
{
    int fd = open_retry(ops, dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
    if (fd < 0)
        return errno;
    int e = 0;
    /* Some file systems cannot sync a directory at all; that is not a failed save. */
    if (ops->fsync(fd) != 0 && errno != EINVAL && errno != ENOTSUP && errno != EOPNOTSUPP)
        e = errno;
    ops->close(fd); /* read-only descriptor: nothing to lose on close */
    return e;
}

static void save_free(save *s)
{
    free(s->real);
    free(s->dir);
    free(s->tmp);
    free(s->bak);
}

int atomic_save(const char *path, const void *data, size_t len, const atomic_opts *opts,
                char **err)
{
    atomic_opts o = opts ? *opts : atomic_defaults();
    save s = {.ops = fsops_current, .shown = path, .err = err};
    if (err)
        *err = NULL;
    if (!path || !*path) {
        if (err)
            *err = strdup(smsg(SM_SAVE_NO_NAME));
        return -1;
    }
    if (resolve(&s) != 0) {
        save_free(&s);
        return -1;
    }
    int fd = create_temp(&s);
    if (fd < 0) {
        save_free(&s);
        return -1;
    }
    int e = write_all(s.ops, fd, data, len);
    if (e) {
        s.ops->close(fd);
        report(&s, -1, NULL, e, unchanged(&s));
        goto fail;
    }
    if (o.fsync && s.ops->fsync(fd) != 0) {
        e = errno;
        s.ops->close(fd);
        report(&s, -1, NULL, e, unchanged(&s));
        goto fail;
    }
    e = close_checked(s.ops, fd);
    if (e) {
        report(&s, -1, NULL, e, unchanged(&s));
        goto fail;
    }
    if (o.backup && s.exists) {
        e = make_backup(&s, o.fsync);
        if (e) {
            report(&s, SM_STEP_BACKUP, fio_basename(s.real), e, unchanged(&s));
            goto fail;
        }
        s.backed_up = true;
    }
    if (s.ops->rename(s.tmp, s.real) != 0) {
        report(&s, SM_STEP_REPLACE, NULL, errno, unchanged(&s));
        goto fail;
    }
    free(s.tmp);
    s.tmp = NULL;
    if (o.fsync) {
        e = sync_dir(s.ops, s.dir);
        if (e) {
            /* The rename may not be on disk. Put the previous version back, so a failed save
             * means an unchanged file; the caller keeps the draft unsaved and tries again. */
            if (s.backed_up && s.ops->rename(s.bak, s.real) == 0)
                report(&s, SM_STEP_UNCONFIRMED, NULL, e, SM_TAIL_PUT_BACK);
            else
                report(&s, SM_STEP_UNCONFIRMED, NULL, e, SM_TAIL_MAYBE);
            save_free(&s);
            return -1;
        }
    }
    save_free(&s);
    return 0;
fail:
    remove_temp(&s);
    save_free(&s);
    return -1;
}
