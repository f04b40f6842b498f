/* The journal: one line per change, "J1 <crc32 hex8> <length> <payload>\n".
 *
 * Why this shape:
 * - each record goes to the kernel with one write() the moment it is appended, so killing the
 *   process (SIGKILL, a dropped SSH session) loses nothing already appended; fsync is only
 *   needed against power loss, and is batched (>= 50 records or the oldest unsynced one
 *   >= 2 s old) because one fsync per keystroke would make typing stutter on slow disks;
 * - length + CRC find a torn or corrupt tail, which is ignored, never fatal;
 * - a failed write is cut off again with ftruncate, so one ENOSPC does not leave a torn
 *   record that would hide every later record from the reader;
 * - a failed fsync is sticky: the kernel has dropped the pages, a second fsync would lie.
 *
 * All open/write/fsync/close/unlink calls go through fsops_current (fault-injection tests). */
#include "store/journal.h"

#include "store/crc32.h"
#include "store/fileio.h"
#include "store/fsops.h"
#include "store/smsg.h"
#include "store/sidefile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum {
    SYNC_AFTER_RECORDS = 50,
    SYNC_AFTER_MS = 2000,
};

/* A record larger than this is refused on append and treated as corrupt on read, so a
 * garbled length field cannot make the reader allocate gigabytes. */
#define JOURNAL_MAX_PAYLOAD ((size_t)64 * 1024 * 1024)

struct journal {
    int fd;
    char *path;
    char *tmp;                  /* not yet published: the fresh name it is written under */
    off_t good_size;            /* end of the last complete record */
    unsigned unsynced;          /* records written since the last fsync */
    struct timespec oldest;     /* when the oldest unsynced record was written */
    int sync_errno;             /* a failed fsync, sticky */
    bool damaged;               /* a failed write could not be cut off */
    char *rec;                  /* reused record buffer */
    size_t rec_cap;
};

char *journal_path_for(const char *draft_path)
{
    return fio_beside(draft_path, ".journal");
}

static int open_common(const char *draft_path, bool publish, journal **out, char **err)
{
    const fsops *ops = fsops_current;
    *out = NULL;
    if (err)
        *err = NULL;
    journal *j = calloc(1, sizeof *j);
    char *path = journal_path_for(draft_path);
    if (!j || !path) {
        free(j);
        free(path);
        fio_set_err(err, smsgf(SM_JR_START_OOM, draft_path));
        return -1;
    }
    /* Made under a fresh name (O_EXCL|O_NOFOLLOW, 0600: the journal holds the draft's
     * contents, which are nobody else's business) and renamed to its name: whatever another
     * user may have put at that name, a link or a file, is replaced, never followed or
     * written into. */
    char *tmp = NULL;
    int fd = side_create_temp(path, O_APPEND, &tmp);
    if (fd < 0) {
        int e = errno;
        char *why = smsg_reason(e);
        fio_set_err(err, smsgf(SM_JR_START, path, why ? why : ""));
        free(why);
        free(path);
        free(j);
        return -1;
    }
    j->fd = fd;
    j->path = path;
    j->tmp = tmp;
    if (publish && journal_publish(j, err) != 0) {
        ops->close(fd);
        if (j->tmp)
            ops->unlink(j->tmp);
        free(j->tmp);
        free(path);
        free(j);
        return -1;
    }
    *out = j;
    return 0;
}

int journal_open(const char *draft_path, journal **out, char **err)
{
    return open_common(draft_path, true, out, err);
}

int journal_open_unpublished(const char *draft_path, journal **out, char **err)
{
    return open_common(draft_path, false, out, err);
}

int journal_publish(journal *j, char **err)
{
    const fsops *ops = fsops_current;
    if (err)
        *err = NULL;
    if (!j->tmp)
        return 0;
    int e = 0;
    if (ops->rename(j->tmp, j->path) != 0) {
        e = errno;
    } else {
        free(j->tmp);
        j->tmp = NULL;
        /* The journal's name must survive a power cut too, not only its records. (In place
         * now: a failure here is reported, the file is not taken away again.) */
        e = sidefile_sync_dir_of(j->path);
    }
    if (e) {
        char *why = smsg_reason(e);
        fio_set_err(err, smsgf(SM_JR_START, j->path, why ? why : ""));
        free(why);
        return -1;
    }
    return 0;
}

bool journal_in_place(const journal *j)
{
    if (!j || j->tmp || j->damaged || j->sync_errno)
        return false;
    struct stat mine, named;
    if (fstat(j->fd, &mine) != 0 || lstat(j->path, &named) != 0)
        return false;
    return mine.st_dev == named.st_dev && mine.st_ino == named.st_ino && mine.st_nlink > 0;
}

static int64_t ms_between(const struct timespec *a, const struct timespec *b)
{
    return ((int64_t)b->tv_sec - (int64_t)a->tv_sec) * 1000 +
           ((int64_t)b->tv_nsec - (int64_t)a->tv_nsec) / 1000000;
}

int journal_append(journal *j, const char *payload, size_t len, char **err)
{
    const fsops *ops = fsops_current;
    if (err)
        *err = NULL;
    if (j->damaged) {
        fio_set_err(err, smsgf(SM_JR_DAMAGED, j->path));
        return -1;
    }
    if (memchr(payload, '\n', len)) {
        fio_set_err(err, fio_strdupf("internal error: a journal record may not contain a line "
                                 "break (record not written)"));
        return -1;
    }
    if (len > JOURNAL_MAX_PAYLOAD) {
        fio_set_err(err, fio_strdupf("internal error: a journal record of %zu bytes is too large "
                                 "(record not written)", len));
        return -1;
    }
    char head[64]; /* "J1 " + 8 hex + " " + at most 20 digits + " ": always fits */
    int hl = snprintf(head, sizeof head, "J1 %08x %zu ", (unsigned)crc32_update(0, payload, len),
                      len);
    size_t total = (size_t)hl + len + 1;
    if (total > j->rec_cap) {
        size_t cap = total < 256 ? 256 : total;
        char *nb = realloc(j->rec, cap);
        if (!nb) {
            fio_set_err(err, strdup(smsg(SM_JR_RECORD_OOM)));
            return -1;
        }
        j->rec = nb;
        j->rec_cap = cap;
    }
    memcpy(j->rec, head, (size_t)hl);
    memcpy(j->rec + hl, payload, len);
    j->rec[total - 1] = '\n';

    /* One write in the normal case; a short write (disk nearly full) is continued, an error
     * cuts the partial record off again so later records stay readable. */
    size_t off = 0;
    while (off < total) {
        ssize_t n = ops->write(j->fd, j->rec + off, total - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            int e = n < 0 ? errno : EIO;
            if (off > 0 && ftruncate(j->fd, j->good_size) != 0)
                j->damaged = true;
            char *why = smsg_reason(e);
            fio_set_err(err, smsgf(SM_JR_RECORD, why ? why : "",
                                   j->damaged ? smsg(SM_JR_SAVE_NOW) : ""));
            free(why);
            return -1;
        }
        off += (size_t)n;
    }
    j->good_size += (off_t)total;
    if (j->unsynced == 0)
        clock_gettime(CLOCK_MONOTONIC, &j->oldest);
    j->unsynced++;
    return 0;
}

static int sync_failed_msg(journal *j, char **err)
{
    char *why = smsg_reason(j->sync_errno);
    fio_set_err(err, smsgf(SM_JR_SYNC, j->path, why ? why : ""));
    free(why);
    return -1;
}

int journal_sync(journal *j, char **err)
{
    if (err)
        *err = NULL;
    if (j->sync_errno)
        return sync_failed_msg(j, err);
    if (j->unsynced == 0)
        return 0;
    if (fsops_current->fsync(j->fd) != 0) {
        /* Never retried: the kernel may already have dropped the pages it failed to write. */
        j->sync_errno = errno ? errno : EIO;
        return sync_failed_msg(j, err);
    }
    j->unsynced = 0;
    return 0;
}

int journal_ms_until_sync(const journal *j, const struct timespec *now)
{
    if (j->unsynced == 0 || j->sync_errno)
        return -1;
    if (j->unsynced >= SYNC_AFTER_RECORDS)
        return 0;
    int64_t left = SYNC_AFTER_MS - ms_between(&j->oldest, now);
    return left < 0 ? 0 : (int)left;
}

int journal_tick(journal *j, const struct timespec *now, char **err)
{
    if (err)
        *err = NULL;
    if (j->sync_errno)
        return sync_failed_msg(j, err);
    if (j->unsynced == 0)
        return 0;
    if (j->unsynced >= SYNC_AFTER_RECORDS || ms_between(&j->oldest, now) >= SYNC_AFTER_MS)
        return journal_sync(j, err);
    return 0;
}

int journal_close(journal *j, bool remove_file, char **err)
{
    const fsops *ops = fsops_current;
    if (err)
        *err = NULL;
    if (!j)
        return 0;
    int rc = 0;
    if (remove_file) {
        /* The draft was saved: the journal's changes are in it (or, unpublished, it was
         * never more than a draft of a journal) */
        ops->close(j->fd);
        if (ops->unlink(j->tmp ? j->tmp : j->path) != 0 && errno != ENOENT) {
            int e = errno;
            fio_set_err(err, fio_strdupf("cannot remove the journal %s: %s (%s)", j->path,
                                     fio_errno_words(e), strerror(e)));
            rc = -1;
        }
    } else {
        rc = journal_sync(j, err);
        if (ops->close(j->fd) != 0 && errno != EINTR && rc == 0) {
            int e = errno;
            fio_set_err(err, fio_strdupf("cannot close the journal %s: %s (%s)", j->path,
                                     fio_errno_words(e), strerror(e)));
            rc = -1;
        }
    }
    free(j->rec);
    free(j->path);
    free(j->tmp);
    free(j);
    return rc;
}

/* ---- reading ---- */

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1; /* the writer uses lowercase only; anything else is corruption */
}

/* Parses the record header at p[0..n). Returns the header length, 0 if more bytes are needed
 * to decide, -1 if it is not a valid header. */
static long parse_head(const char *p, size_t n, uint32_t *crc, size_t *len)
{
    static const char magic[] = "J1 ";
    for (size_t i = 0; i < 3; i++) {
        if (i >= n)
            return 0;
        if (p[i] != magic[i])
            return -1;
    }
    uint32_t c = 0;
    for (size_t i = 3; i < 11; i++) {
        if (i >= n)
            return 0;
        int v = hexval(p[i]);
        if (v < 0)
            return -1;
        c = (c << 4) | (uint32_t)v;
    }
    if (11 >= n)
        return 0;
    if (p[11] != ' ')
        return -1;
    size_t l = 0, i = 12;
    for (;; i++) {
        if (i >= n)
            return 0;
        char ch = p[i];
        if (ch == ' ')
            break;
        if (ch < '0' || ch > '9')
            return -1;
        if (i > 12 && p[12] == '0')
            return -1; /* no leading zeros: one spelling per length */
        l = l * 10 + (size_t)(ch - '0');
        if (l > JOURNAL_MAX_PAYLOAD)
            return -1;
    }
    if (i == 12)
        return -1; /* empty length */
    *crc = c;
    *len = l;
    return (long)i + 1;
}

int journal_read(const char *journal_path, journal_record_fn fn, void *ctx,
                 size_t *ignored_bytes, char **err)
{
    return journal_read_checked(journal_path, SIDE_NO_OWNER, fn, ctx, ignored_bytes, err);
}

int journal_read_checked(const char *journal_path, uid_t also, journal_record_fn fn, void *ctx,
                         size_t *ignored_bytes, char **err)
{
    const fsops *ops = fsops_current;
    if (err)
        *err = NULL;
    if (ignored_bytes)
        *ignored_bytes = 0;
    /* a link, a FIFO, another user's file or one others may write is not read (sidefile.h) */
    char *why = NULL;
    int fd = side_open_read(journal_path, also, &why);
    if (fd < 0) {
        int e = errno;
        if (!why)
            fio_set_err(err, fio_strdupf("%s: no such file", journal_path));
        else
            fio_set_err(err, why);
        return e == ENOENT ? -1 : JOURNAL_UNTRUSTED;
    }
    /* Streaming: buf[start..have) holds unparsed bytes; it grows only to fit one record. */
    size_t cap = 65536, start = 0, have = 0;
    unsigned long long consumed = 0; /* bytes of intact records before buf[start] */
    unsigned long long nrec = 0;
    bool eof = false, stopped = false;
    int rc = 0;
    /* The size at open bounds what a length field can claim: a garbled length must not make us
     * allocate more than the file holds. */
    struct stat st0;
    unsigned long long fsize = ULLONG_MAX;
    if (fstat(fd, &st0) == 0 && S_ISREG(st0.st_mode))
        fsize = (unsigned long long)st0.st_size;
    char *buf = malloc(cap);
    if (!buf) {
        ops->close(fd);
        fio_set_err(err, fio_strdupf("%s: out of memory reading the journal", journal_path));
        return -1;
    }
    for (;;) {
        uint32_t crc = 0;
        size_t plen = 0;
        long hl = parse_head(buf + start, have - start, &crc, &plen);
        size_t need = hl > 0 ? (size_t)hl + plen + 1 : 0;
        if (hl < 0 || (hl > 0 && have - start >= need)) {
            if (hl < 0)
                break; /* corrupt header */
            const char *payload = buf + start + hl;
            if (payload[plen] != '\n' || crc32_update(0, payload, plen) != crc ||
                memchr(payload, '\n', plen))
                break; /* torn or corrupt record */
            nrec++;
            if (fn && fn(ctx, payload, plen) != 0) {
                consumed += need;
                start += need;
                stopped = true;
                break;
            }
            consumed += need;
            start += need;
            continue;
        }
        /* Need more bytes: either the header is incomplete or the record is. */
        if (eof)
            break;
        if (start > 0) {
            memmove(buf, buf + start, have - start);
            have -= start;
            start = 0;
        }
        if (need > cap) {
            if (consumed + need > fsize)
                break; /* claims more bytes than the file has: torn */
            char *nb = realloc(buf, need);
            if (!nb) {
                fio_set_err(err, fio_strdupf("%s: out of memory reading the journal", journal_path));
                rc = -1;
                break;
            }
            buf = nb;
            cap = need;
        }
        if (have == cap) {
            /* a header that does not end within a whole buffer is not a header */
            break;
        }
        ssize_t n = read(fd, buf + have, cap - have);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            fio_set_err(err, fio_strdupf("%s: cannot read: %s (%s)", journal_path,
                                     fio_errno_words(e), strerror(e)));
            rc = -1;
            break;
        }
        if (n == 0)
            eof = true;
        have += (size_t)n;
    }
    free(buf);
    if (rc == 0 && ignored_bytes) {
        /* Everything after the last intact record is ignored; count it from the size. */
        struct stat st;
        if (fstat(fd, &st) == 0 && (unsigned long long)st.st_size > consumed)
            *ignored_bytes = (size_t)((unsigned long long)st.st_size - consumed);
    }
    ops->close(fd);
    if (rc == 0 && stopped) {
        fio_set_err(err, fio_strdupf("%s: record %llu was not accepted (after byte %llu)",
                                 journal_path, nrec, consumed));
        rc = -1;
    }
    return rc;
}
