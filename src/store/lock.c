/* Edit locks: DRAFT.lock, a few "key=value" lines:
 *
 *   selfeval-lock 1
 *   user=贺家悦
 *   host=office-pc
 *   pid=4242
 *   since=1777260600
 *   start=123456         process start time (clock ticks since boot, /proc/PID/stat field 22)
 *   boot=<boot id>       /proc/sys/kernel/random/boot_id
 *   token=<16 hex>       tells two locks of the same process apart
 *
 * The lock is written completely to a temporary file and then linked to its name, so nobody
 * ever reads a half-written lock (link fails with EEXIST like O_EXCL; where hard links are not
 * possible we fall back to O_EXCL create + write). start and boot catch a pid that was reused
 * after a crash or a reboot, which kill(pid, 0) alone would take for the living holder.
 *
 * A stale lock is replaced by temp + rename, under DRAFT.lock.takeover (held with flock, so a
 * holder's crash frees it) so that two editors starting at the same moment cannot both take
 * it over; the replaced lock is re-read to confirm it is ours. A lock file we cannot understand is never
 * deleted: it is reported as held by "unknown". */
#include "store/lock.h"

#include "store/fileio.h"
#include "store/fsops.h"
#include "store/smsg.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#define LOCK_MAX_BYTES 4096
#define TAKEOVER_STALE_SECONDS 30

struct edit_lock {
    char *path;
    char *token;
};

/* Everything one lock file says; optional fields are NULL / 0 when absent. */
typedef struct {
    lock_holder h;
    unsigned long long start;
    char *boot;
    char *token;
} lock_info;

static void info_free(lock_info *i)
{
    lock_holder_free(&i->h);
    free(i->boot);
    free(i->token);
    memset(i, 0, sizeof *i);
}

char *lock_path_for(const char *draft_path)
{
    return fio_beside(draft_path, ".lock");
}

void lock_holder_free(lock_holder *h)
{
    if (!h)
        return;
    free(h->user);
    free(h->host);
    h->user = h->host = NULL;
    h->pid = 0;
    h->since = 0;
}

char *lock_holder_describe(const lock_holder *h)
{
    char when[64];
    snprintf(when, sizeof when, "%s", smsg(SM_UNKNOWN_TIME));
    struct tm tm;
    if (h->since > 0 && localtime_r(&h->since, &tm))
        strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
    if (h->pid <= 0)
        return smsgf(SM_LOCK_HOLDER_BAD, h->user ? h->user : "unknown", when);
    return smsgf(SM_LOCK_HOLDER, h->user ? h->user : "unknown", h->host ? h->host : "unknown",
                 (long)h->pid, when);
}

/* ---- who we are ---- */

/* A value must stay on its line: control characters become '?'. */
static char *clean_value(const char *s)
{
    char *c = strdup(s);
    if (c)
        for (char *p = c; *p; p++)
            if ((unsigned char)*p < 0x20 || *p == 0x7f)
                *p = '?';
    return c;
}

static char *my_user(void)
{
    const char *env = getenv("SELFEVAL_USER");
    if (env && *env)
        return clean_value(env);
    struct passwd *pw = getpwuid(geteuid());
    if (pw && pw->pw_name && *pw->pw_name)
        return clean_value(pw->pw_name);
    env = getenv("USER");
    if (env && *env)
        return clean_value(env);
    return fio_strdupf("uid %ld", (long)geteuid());
}

static char *my_host(void)
{
    long max = sysconf(_SC_HOST_NAME_MAX);
    size_t cap = (max > 0 ? (size_t)max : 255) + 1;
    char *b = calloc(cap + 1, 1);
    if (!b)
        return NULL;
    if (gethostname(b, cap) != 0 || !b[0]) {
        free(b);
        return strdup("localhost");
    }
    char *c = clean_value(b);
    free(b);
    return c;
}

/* Reads a small file; NULL on failure with errno set. */
static char *slurp(const char *path, size_t max)
{
    char *buf = NULL, *e = NULL;
    size_t len = 0;
    if (fio_read_all(path, max, &buf, &len, &e) != 0) {
        free(e);
        struct stat st;
        errno = (lstat(path, &st) != 0 && errno == ENOENT) ? ENOENT : EIO;
        return NULL;
    }
    return buf;
}

static char *boot_id(void)
{
    char *b = slurp("/proc/sys/kernel/random/boot_id", 128);
    if (!b)
        return NULL;
    b[strcspn(b, "\n")] = '\0';
    if (!*b) {
        free(b);
        return NULL;
    }
    return b;
}

/* Start time of a process, 0 when unknown. Field 22 of /proc/PID/stat; the command name
 * (field 2) may contain spaces and parentheses, so count from the last ')'. */
static unsigned long long proc_start(pid_t pid)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
    char *s = slurp(path, 65536);
    if (!s)
        return 0;
    unsigned long long v = 0;
    char *p = strrchr(s, ')');
    if (p) {
        p++;
        /* p is at the space before field 3; move from separator to separator up to the
         * one before field 22 */
        for (int field = 3; field < 22 && p; field++)
            p = strchr(p + 1, ' ');
        if (p)
            v = strtoull(p + 1, NULL, 10);
    }
    free(s);
    return v;
}

static char *new_token(void)
{
    unsigned char r[8];
    if (getrandom(r, sizeof r, GRND_NONBLOCK) != (ssize_t)sizeof r) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        unsigned long long x = ((unsigned long long)ts.tv_nsec << 20) ^
                               (unsigned long long)ts.tv_sec ^
                               ((unsigned long long)getpid() << 44) ^ (uintptr_t)r;
        for (size_t i = 0; i < sizeof r; i++)
            r[i] = (unsigned char)(x >> (8 * i));
    }
    return fio_strdupf("%02x%02x%02x%02x%02x%02x%02x%02x", r[0], r[1], r[2], r[3], r[4], r[5],
                       r[6], r[7]);
}

static char *format_info(const lock_info *i)
{
    return fio_strdupf("selfeval-lock 1\nuser=%s\nhost=%s\npid=%ld\nsince=%lld\nstart=%llu\n"
                       "boot=%s\ntoken=%s\n",
                       i->h.user, i->h.host, (long)i->h.pid, (long long)i->h.since, i->start,
                       i->boot ? i->boot : "", i->token);
}

/* ---- parsing ---- */

static bool parse_num(const char *s, long long min, long long max, long long *out)
{
    if (!*s)
        return false;
    long long v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9')
            return false;
        if (v > (max - (*p - '0')) / 10)
            return false;
        v = v * 10 + (*p - '0');
    }
    if (v < min)
        return false;
    *out = v;
    return true;
}

/* Returns true when text is a lock file we understand; fills *i (caller frees). */
static bool parse_info(const char *text, lock_info *i)
{
    memset(i, 0, sizeof *i);
    const char *line = text;
    const char *nl = strchr(line, '\n');
    if (!nl || (size_t)(nl - line) != strlen("selfeval-lock 1") ||
        strncmp(line, "selfeval-lock 1", (size_t)(nl - line)))
        return false;
    bool have_pid = false, have_since = false;
    for (line = nl + 1; *line; line = nl + 1) {
        nl = strchr(line, '\n');
        if (!nl)
            goto bad; /* a last line without its newline: torn */
        char *l = strndup(line, (size_t)(nl - line));
        if (!l)
            goto bad;
        char *eq = strchr(l, '=');
        if (!eq) {
            free(l);
            goto bad;
        }
        *eq = '\0';
        const char *k = l, *v = eq + 1;
        long long n = 0;
        bool ok = true;
        if (!strcmp(k, "user") && !i->h.user)
            ok = *v && (i->h.user = strdup(v));
        else if (!strcmp(k, "host") && !i->h.host)
            ok = *v && (i->h.host = strdup(v));
        else if (!strcmp(k, "pid") && (ok = parse_num(v, 1, INT_MAX, &n)))
            i->h.pid = (pid_t)n, have_pid = true;
        else if (!strcmp(k, "since") && (ok = parse_num(v, 0, LLONG_MAX, &n)))
            i->h.since = (time_t)n, have_since = true;
        else if (!strcmp(k, "start") && (ok = parse_num(v, 0, LLONG_MAX, &n)))
            i->start = (unsigned long long)n;
        else if (!strcmp(k, "boot") && !i->boot)
            ok = (i->boot = strdup(v)) != NULL;
        else if (!strcmp(k, "token") && !i->token)
            ok = (i->token = strdup(v)) != NULL;
        free(l);
        if (!ok)
            goto bad;
    }
    if (i->h.user && i->h.host && have_pid && have_since)
        return true;
bad:
    info_free(i);
    return false;
}

/* ---- file operations ---- */

/* Writes text to a new temporary file beside `path`; returns its malloc'd name or NULL. */
static char *write_temp(const char *path, const char *text, int *e)
{
    const fsops *ops = fsops_current;
    char *dir = fio_dirname(path);
    if (!dir) {
        *e = ENOMEM;
        return NULL;
    }
    for (int tries = 0; tries < 100; tries++) {
        char *tmp = fio_temp_path(dir, fio_basename(path));
        if (!tmp) {
            *e = ENOMEM;
            break;
        }
        int fd = ops->open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd < 0) {
            *e = errno;
            free(tmp);
            if (*e == EEXIST || *e == EINTR)
                continue;
            break;
        }
        size_t len = strlen(text), off = 0;
        *e = 0;
        while (off < len) {
            ssize_t n = ops->write(fd, text + off, len - off);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                *e = n < 0 ? errno : EIO;
                break;
            }
            off += (size_t)n;
        }
        if (ops->close(fd) != 0 && !*e && errno != EINTR)
            *e = errno;
        if (*e) {
            ops->unlink(tmp);
            free(tmp);
            break;
        }
        free(dir);
        return tmp;
    }
    free(dir);
    return NULL;
}

/* Creates `path` holding `text` if it does not exist. 0, or an errno (EEXIST: it exists). */
static int create_exclusive(const char *path, const char *text)
{
    const fsops *ops = fsops_current;
    int e = 0;
    char *tmp = write_temp(path, text, &e);
    if (!tmp)
        return e;
    int r = ops->link(tmp, path);
    int le = r == 0 ? 0 : errno;
    ops->unlink(tmp);
    free(tmp);
    if (r == 0 || le == EEXIST)
        return le;
    if (le != EPERM && le != ENOTSUP && le != EOPNOTSUPP && le != EXDEV && le != ENOSYS &&
        le != EMLINK)
        return le;
    /* No hard links here: O_EXCL create. A reader may briefly see a short lock; it then
     * reports "unknown", which errs on the side of not editing. */
    int fd = ops->open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0)
        return errno;
    size_t len = strlen(text), off = 0;
    e = 0;
    while (off < len) {
        ssize_t n = ops->write(fd, text + off, len - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            e = n < 0 ? errno : EIO;
            break;
        }
        off += (size_t)n;
    }
    if (ops->close(fd) != 0 && !e && errno != EINTR)
        e = errno;
    if (e)
        ops->unlink(path); /* ours: created above with O_EXCL */
    return e;
}

typedef enum { READ_OK, READ_GONE, READ_GARBLED } read_result;

/* Reads the lock at path. READ_GARBLED also covers files we may not read. */
static read_result read_info(const char *path, lock_info *i, char **raw)
{
    *raw = NULL;
    memset(i, 0, sizeof *i);
    /* A link at the lock's name was put there by someone else: never read through it (and
     * fio_read_all refuses FIFOs and devices, so nothing here can block). */
    struct stat st;
    if (lstat(path, &st) != 0)
        return errno == ENOENT ? READ_GONE : READ_GARBLED;
    if (!S_ISREG(st.st_mode))
        return READ_GARBLED;
    char *text = slurp(path, LOCK_MAX_BYTES);
    if (!text)
        return errno == ENOENT ? READ_GONE : READ_GARBLED;
    if (strlen(text) == 0 || !parse_info(text, i)) {
        free(text);
        return READ_GARBLED;
    }
    *raw = text;
    return READ_OK;
}

static bool is_stale(const lock_info *i, const char *host, const char *boot)
{
    if (strcmp(i->h.host, host) != 0)
        return false; /* another machine: we cannot see its processes */
    if (boot && i->boot && *i->boot && strcmp(boot, i->boot) != 0)
        return true; /* the machine has restarted since: the holder is gone */
    if (kill(i->h.pid, 0) == 0 || errno == EPERM) {
        /* alive, unless the pid now belongs to a process started at another time */
        if (i->start) {
            unsigned long long now_start = proc_start(i->h.pid);
            if (now_start && now_start != i->start)
                return true;
        }
        return false;
    }
    return errno == ESRCH;
}

static void holder_copy(lock_holder *dst, const lock_holder *src)
{
    if (!dst)
        return;
    dst->user = src->user ? strdup(src->user) : NULL;
    dst->host = src->host ? strdup(src->host) : NULL;
    dst->pid = src->pid;
    dst->since = src->since;
}

static void holder_unknown(lock_holder *dst, const char *path)
{
    if (!dst)
        return;
    struct stat st;
    /* locks are private (0600): another user's lock cannot be read, but its owner is known */
    struct passwd *pw = NULL;
    if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid != geteuid())
        pw = getpwuid(st.st_uid);
    dst->user = strdup(pw && pw->pw_name ? pw->pw_name : "unknown");
    dst->host = strdup("unknown");
    dst->pid = 0;
    dst->since = stat(path, &st) == 0 ? st.st_mtime : 0;
}

/* The takeover mutex, DRAFT.lock.takeover. Its holder keeps an flock() on it, so it is free
 * the moment its holder dies: a takeover cut short by a crash (or a killed `recover`) must
 * not block the next editor. The file is only where the flock lives; its holder removes it
 * when done, and a waiter that then gets the flock of the removed (or a replaced) file looks
 * again. Where flock is not possible (some network file systems) the file's existence is the
 * mutex, and one older than TAKEOVER_STALE_SECONDS was left by a crash.
 * Returns 0 when we hold it (*fd: its descriptor, or -1 without flock), EEXIST when someone
 * else does, or an errno. */
static int takeover_by_existence(const char *tpath)
{
    for (int tries = 0; tries < 2; tries++) {
        int e = create_exclusive(tpath, "selfeval-lock-takeover 1\n");
        if (e != EEXIST)
            return e;
        struct stat st;
        if (lstat(tpath, &st) == 0 &&
            (!S_ISREG(st.st_mode) || time(NULL) - st.st_mtime > TAKEOVER_STALE_SECONDS))
            fsops_current->unlink(tpath);
        else
            return EEXIST;
    }
    return EEXIST;
}

static int takeover_begin(const char *tpath, int *fd)
{
    const fsops *ops = fsops_current;
    *fd = -1;
    for (int tries = 0; tries < 3; tries++) {
        /* made as every file beside a draft is (a temporary name, O_EXCL|O_NOFOLLOW, 0600,
         * linked to its name: never onto one that is taken), then only ever read (an flock
         * needs no more; O_NONBLOCK: a FIFO planted here cannot block the open) */
        int e = create_exclusive(tpath, "selfeval-lock-takeover 1\n");
        if (e != 0 && e != EEXIST)
            return e;
        bool made = e == 0;
        int f = ops->open(tpath, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0);
        struct stat mine, named;
        if (f < 0) {
            e = errno;
            if (e == ENOENT || e == EINTR)
                continue;                   /* removed by its holder meanwhile */
            /* a link or anything but a file planted at this name (no editor makes one) is
             * removed at once, so another user cannot keep a stale lock from ever being
             * taken over; a file we may not open (another user's) ages out */
            if (lstat(tpath, &named) == 0 && !S_ISREG(named.st_mode)) {
                ops->unlink(tpath);
                continue;
            }
            return e == EACCES || e == EPERM ? takeover_by_existence(tpath) : e;
        }
        if (fstat(f, &mine) != 0 || !S_ISREG(mine.st_mode)) {
            ops->close(f);
            ops->unlink(tpath);
            continue;
        }
        if (mine.st_uid != geteuid()) {
            /* another user's: held by them or left by their crash, we cannot tell by its
             * flock (they could hold it for ever): it ages out */
            ops->close(f);
            return takeover_by_existence(tpath);
        }
        if (flock(f, LOCK_EX | LOCK_NB) != 0) {
            e = errno;
            ops->close(f);
            if (e == EWOULDBLOCK || e == EINTR)
                return EEXIST; /* alive and taking over right now */
            /* no flock here: the file's existence is the mutex, and we made it */
            return made ? 0 : takeover_by_existence(tpath);
        }
        if (lstat(tpath, &named) == 0 && named.st_dev == mine.st_dev &&
            named.st_ino == mine.st_ino) {
            *fd = f;
            return 0;
        }
        ops->close(f); /* removed or replaced since we opened it: look again */
    }
    return EEXIST;
}

/* Removed while still held, so nobody can hold a file that is about to vanish. */
static void takeover_end(const char *tpath, int fd)
{
    fsops_current->unlink(tpath);
    if (fd >= 0)
        fsops_current->close(fd);
}

lock_status lock_acquire(const char *draft_path, edit_lock **out, lock_holder *other, char **err)
{
    const fsops *ops = fsops_current;
    *out = NULL;
    if (err)
        *err = NULL;
    if (other)
        memset(other, 0, sizeof *other);

    lock_status st = LOCK_FAILED;
    lock_info me = {0};
    char *path = lock_path_for(draft_path);
    char *tpath = path ? fio_with_suffix(path, ".takeover", 0) : NULL;
    me.h.user = my_user();
    me.h.host = my_host();
    me.h.pid = getpid();
    me.h.since = time(NULL);
    me.start = proc_start(me.h.pid);
    me.boot = boot_id();
    me.token = new_token();
    char *text = (me.h.user && me.h.host && me.token) ? format_info(&me) : NULL;
    if (!path || !tpath || !text) {
        fio_set_err(err, fio_strdupf("cannot lock %s: out of memory", draft_path));
        goto done;
    }

    for (int attempt = 0; attempt < 5; attempt++) {
        int e = create_exclusive(path, text);
        if (e == 0) {
            st = LOCK_ACQUIRED;
            break;
        }
        if (e != EEXIST) {
            char *why = smsg_reason(e);
            fio_set_err(err, smsgf(SM_LOCK_CREATE, path, why ? why : ""));
            free(why);
            break;
        }
        lock_info cur;
        char *raw = NULL;
        read_result rr = read_info(path, &cur, &raw);
        if (rr == READ_GONE)
            continue; /* released meanwhile: try again */
        if (rr == READ_GARBLED) {
            holder_unknown(other, path);
            fio_set_err(err, smsgf(SM_LOCK_GARBLED, path));
            st = LOCK_HELD;
            break;
        }
        if (!is_stale(&cur, me.h.host, me.boot)) {
            holder_copy(other, &cur.h);
            info_free(&cur);
            free(raw);
            st = LOCK_HELD;
            break;
        }
        /* Stale: replace it, one taker at a time, if it is still the lock we judged. */
        int tfd = -1;
        e = takeover_begin(tpath, &tfd);
        if (e) {
            info_free(&cur);
            free(raw);
            if (e == EEXIST) {
                usleep(20000); /* another editor is taking over right now */
                continue;
            }
            char *why = smsg_reason(e);
            fio_set_err(err, smsgf(SM_LOCK_STALE, path, why ? why : ""));
            free(why);
            break;
        }
        lock_info again;
        char *raw2 = NULL;
        bool same = read_info(path, &again, &raw2) == READ_OK && !strcmp(raw, raw2);
        info_free(&again);
        free(raw2);
        char *tmp = same ? write_temp(path, text, &e) : NULL;
        bool renamed = tmp && ops->rename(tmp, path) == 0;
        if (!renamed && tmp) {
            e = errno;
            ops->unlink(tmp);
        }
        free(tmp);
        takeover_end(tpath, tfd);
        free(raw);
        if (!same) {
            info_free(&cur);
            continue; /* it changed under us: look again */
        }
        if (!renamed) {
            info_free(&cur);
            char *why = smsg_reason(e);
            fio_set_err(err, smsgf(SM_LOCK_STALE, path, why ? why : ""));
            free(why);
            break;
        }
        /* Confirm: whoever wrote last owns it. */
        lock_info mine;
        char *raw3 = NULL;
        bool ours = read_info(path, &mine, &raw3) == READ_OK && mine.token &&
                    !strcmp(mine.token, me.token);
        info_free(&mine);
        free(raw3);
        if (ours) {
            holder_copy(other, &cur.h);
            info_free(&cur);
            st = LOCK_TAKEN_OVER;
            break;
        }
        info_free(&cur);
    }
    if (st == LOCK_FAILED && err && !*err)
        *err = fio_strdupf("cannot lock %s: another editor keeps changing the lock file %s; "
                           "try again", draft_path, path);

    if (st == LOCK_ACQUIRED || st == LOCK_TAKEN_OVER) {
        edit_lock *l = malloc(sizeof *l);
        if (!l) {
            /* We hold the file but cannot track it: give it back rather than leak it. */
            ops->unlink(path);
            lock_holder_free(other);
            fio_set_err(err, fio_strdupf("cannot lock %s: out of memory", draft_path));
            st = LOCK_FAILED;
        } else {
            l->path = path;
            l->token = me.token;
            path = NULL;
            me.token = NULL;
            *out = l;
        }
    }
done:
    info_free(&me);
    free(text);
    free(path);
    free(tpath);
    return st;
}

lock_status lock_probe(const char *draft_path, lock_holder *holder)
{
    memset(holder, 0, sizeof *holder);
    char *path = lock_path_for(draft_path);
    if (!path)
        return LOCK_FAILED;
    lock_info cur;
    char *raw = NULL;
    lock_status st = LOCK_ACQUIRED;           /* no lock: free */
    read_result rr = read_info(path, &cur, &raw);
    if (rr == READ_GARBLED) {
        holder_unknown(holder, path);
        st = LOCK_HELD;
    } else if (rr == READ_OK) {
        char *host = my_host();
        char *boot = boot_id();
        if (host && !is_stale(&cur, host, boot)) {
            holder_copy(holder, &cur.h);
            st = LOCK_HELD;
        } else {
            st = LOCK_TAKEN_OVER;             /* stale: the next editor takes it over */
        }
        free(host);
        free(boot);
        info_free(&cur);
        free(raw);
    }
    free(path);
    return st;
}

void lock_release(edit_lock *l)
{
    if (!l)
        return;
    /* Only if it is still ours: after a takeover by someone else it is theirs. */
    lock_info cur;
    char *raw = NULL;
    if (read_info(l->path, &cur, &raw) == READ_OK && cur.token && !strcmp(cur.token, l->token))
        fsops_current->unlink(l->path);
    info_free(&cur);
    free(raw);
    free(l->path);
    free(l->token);
    free(l);
}
