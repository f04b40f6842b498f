/* Reading whole files, and the small path and message helpers the rest of the store shares. */
#include "store/fileio.h"
#include "core/json_strict.h"
#include "core/strfmt.h"
#include "store/crc32.h"

#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

char *fio_strdupf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = str_vprintf(fmt, ap);
    va_end(ap);
    return s;
}

const char *fio_errno_words(int e)
{
    switch (e) {
    case ENOSPC:       return "the disk is full";
    case EDQUOT:       return "your disk quota is used up";
    case EROFS:        return "the disk is read-only";
    case EACCES:
    case EPERM:        return "permission denied";
    case EIO:          return "the disk reported a read/write error";
    case ENOENT:       return "no such file or folder";
    case ENOTDIR:      return "a part of the path is not a folder";
    case EISDIR:       return "it is a folder, not a file";
    case ENAMETOOLONG: return "the name is too long";
    case ELOOP:        return "too many symbolic links";
    case EMFILE:
    case ENFILE:       return "too many files are open";
    case ENOMEM:       return "out of memory";
    case EBUSY:
    case ETXTBSY:      return "the file is in use";
    case EFBIG:        return "the file is too large for this disk";
    case EXDEV:        return "the file is on another disk";
    case ESTALE:       return "the network folder is no longer available";
    case EINTR:        return "the operation was interrupted";
    default:           return "the operation failed";
    }
}

/* Sizes for messages: the file's size is rounded up and the limit down, so "16.1 MB is over the
 * 16 MB limit" can never read as "16 MB is over the 16 MB limit". Returns malloc'd text. */
static char *size_words(unsigned long long n, int round_up)
{
    static const struct { unsigned long long unit; const char *name; } units[] = {
        {1024ULL * 1024 * 1024, "GB"}, {1024ULL * 1024, "MB"}, {1024ULL, "KB"},
    };
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        unsigned long long u = units[i].unit;
        if (n < u)
            continue;
        unsigned long long whole = n / u, rest = n % u;
        /* tenths, rounded the requested way; rest * 10 cannot overflow since rest < 2^30 */
        unsigned long long tenths = round_up ? (rest * 10 + u - 1) / u : rest * 10 / u;
        if (tenths == 10) {
            whole++;
            tenths = 0;
        }
        if (tenths == 0)
            return fio_strdupf("%llu %s", whole, units[i].name);
        return fio_strdupf("%llu.%llu %s", whole, tenths, units[i].name);
    }
    return fio_strdupf("%llu bytes", n);
}

void fio_set_err(char **err, char *msg)
{
    if (err)
        *err = msg;
    else
        free(msg);
}

char *fio_fit(const char *base, const char *suffix, size_t max)
{
    size_t bl = strlen(base), sl = strlen(suffix);
    if (bl + sl <= max)
        return fio_strdupf("%s%s", base, suffix);
    /* keep the start of the name (what a clerk recognises), cut between characters, and
     * replace the rest by a hash of the whole name so that different names stay apart */
    size_t keep = max > sl + 9 ? max - sl - 9 : 0;
    if (keep > bl)
        keep = bl;
    while (keep > 0 && ((unsigned char)base[keep] & 0xC0) == 0x80)
        keep--;
    return fio_strdupf("%.*s~%08x%s", (int)keep, base, (unsigned)crc32_update(0, base, bl),
                       suffix);
}

char *fio_with_suffix(const char *path, const char *suffix, size_t reserve)
{
    const char *base = fio_basename(path);
    size_t max = NAME_MAX > reserve ? NAME_MAX - reserve : 0;
    char *fitted = fio_fit(base, suffix, max);
    char *p = fitted ? fio_strdupf("%.*s%s", (int)(base - path), path, fitted) : NULL;
    free(fitted);
    return p;
}

char *fio_beside(const char *path, const char *suffix)
{
    /* Through a symbolic link, beside the real file: both names must find the same file. */
    char *real = fio_follow_links(path, NULL);
    char *p = fio_with_suffix(real ? real : path, suffix, 0);
    free(real);
    return p;
}

static char *too_large(const char *path, unsigned long long size, size_t max)
{
    char *a = size_words(size, 1), *b = size_words(max, 0);
    char *m = (a && b) ? fio_strdupf("%s: %s is over the %s limit", path, a, b) : NULL;
    free(a);
    free(b);
    return m;
}

int fio_read_all(const char *path, size_t max_bytes, char **buf, size_t *len, char **err)
{
    if (err)
        *err = NULL;
    *buf = NULL;
    *len = 0;
    if (max_bytes > SIZE_MAX / 2) /* so max_bytes + 2 below cannot wrap */
        max_bytes = SIZE_MAX / 2;
    /* O_NONBLOCK: a FIFO (or a device) at the name must not hang us in open(); it is refused
     * below. Regular files ignore the flag. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        if (e == ENOENT)
            fio_set_err(err, fio_strdupf("%s: no such file", path));
        else
            fio_set_err(err, fio_strdupf("%s: cannot open: %s (%s)", path, fio_errno_words(e),
                                     strerror(e)));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        fio_set_err(err, fio_strdupf("%s: cannot read: %s (%s)", path, fio_errno_words(e),
                                 strerror(e)));
        return -1;
    }
    if (S_ISDIR(st.st_mode)) {
        close(fd);
        fio_set_err(err, fio_strdupf("%s: is a folder, not a file", path));
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        fio_set_err(err, fio_strdupf("%s: is not a regular file (a FIFO, device or socket); "
                                     "not read", path));
        return -1;
    }
    if (S_ISREG(st.st_mode) && (unsigned long long)st.st_size > max_bytes) {
        close(fd);
        fio_set_err(err, too_large(path, (unsigned long long)st.st_size, max_bytes));
        return -1;
    }
    /* The size is only a hint: the file may grow while we read, and pipes report 0. */
    size_t cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 : 4096;
    if (cap > max_bytes + 1)
        cap = max_bytes + 1;
    char *b = malloc(cap);
    if (!b) {
        close(fd);
        fio_set_err(err, fio_strdupf("%s: out of memory reading the file", path));
        return -1;
    }
    size_t have = 0;
    for (;;) {
        if (have + 1 >= cap) {
            if (have > max_bytes) /* one byte past the limit is enough to know */
                break;
            size_t ncap = cap * 2;
            if (ncap > max_bytes + 2)
                ncap = max_bytes + 2;
            char *nb = realloc(b, ncap);
            if (!nb) {
                free(b);
                close(fd);
                fio_set_err(err, fio_strdupf("%s: out of memory reading the file", path));
                return -1;
            }
            b = nb;
            cap = ncap;
        }
        ssize_t n = read(fd, b + have, cap - 1 - have);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            free(b);
            close(fd);
            fio_set_err(err, fio_strdupf("%s: cannot read: %s (%s)", path, fio_errno_words(e),
                                     strerror(e)));
            return -1;
        }
        if (n == 0)
            break;
        have += (size_t)n;
    }
    close(fd);
    if (have > max_bytes) {
        free(b);
        fio_set_err(err, too_large(path, have, max_bytes));
        return -1;
    }
    b[have] = '\0';
    *buf = b;
    *len = have;
    return 0;
}

void fio_line_col(const char *buf, size_t len, size_t off, int *line, int *col)
{
    json_line_col(buf, len, off, line, col);
}

const char *fio_basename(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

char *fio_dirname(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    /* keep the root's slash, and collapse "a//b" to "a" */
    const char *end = slash;
    while (end > path && end[-1] == '/')
        end--;
    if (end == path)
        return strdup("/");
    return strndup(path, (size_t)(end - path));
}

/* readlink with a buffer that grows until the target fits (no silent truncation). */
static char *read_link(const char *path)
{
    size_t cap = 256;
    for (;;) {
        char *b = malloc(cap);
        if (!b)
            return NULL;
        ssize_t n = readlink(path, b, cap);
        if (n < 0) {
            int e = errno;
            free(b);
            errno = e;
            return NULL;
        }
        if ((size_t)n < cap) {
            b[n] = '\0';
            return b;
        }
        free(b);
        cap *= 2;
    }
}

char *fio_follow_links(const char *path, char **err)
{
    if (err)
        *err = NULL;
    char *cur = strdup(path);
    if (!cur)
        goto oom;
    for (int hops = 0; hops < 40; hops++) {
        struct stat st;
        if (lstat(cur, &st) != 0) {
            if (errno == ENOENT)
                return cur; /* a new file, or a link to one not created yet */
            int e = errno;
            fio_set_err(err, fio_strdupf("%s: %s (%s)", path, fio_errno_words(e), strerror(e)));
            free(cur);
            return NULL;
        }
        if (!S_ISLNK(st.st_mode))
            return cur;
        char *target = read_link(cur);
        if (!target) {
            int e = errno;
            free(cur);
            if (e == ENOMEM)
                goto oom;
            fio_set_err(err, fio_strdupf("%s: cannot follow the link: %s (%s)", path,
                                     fio_errno_words(e), strerror(e)));
            return NULL;
        }
        char *next;
        if (target[0] == '/') {
            next = target;
        } else {
            char *dir = fio_dirname(cur);
            next = dir ? fio_strdupf("%s/%s", dir, target) : NULL;
            free(dir);
            free(target);
        }
        free(cur);
        cur = next;
        if (!cur)
            goto oom;
    }
    free(cur);
    fio_set_err(err, fio_strdupf("%s: %s (%s)", path, fio_errno_words(ELOOP), strerror(ELOOP)));
    return NULL;
oom:
    fio_set_err(err, fio_strdupf("%s: out of memory", path));
    return NULL;
}

/* splitmix64: only a fallback when getrandom is unavailable; names need to be unlikely to
 * collide, not secret (O_EXCL makes a collision harmless). */
static uint64_t mix(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

char *fio_temp_path(const char *dir, const char *name)
{
    static const char alphabet[] =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    static uint64_t counter;
    unsigned char r[6];
    if (getrandom(r, sizeof r, GRND_NONBLOCK) != (ssize_t)sizeof r) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        uint64_t x = mix((uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 30) ^
                         ((uint64_t)getpid() << 40) ^ ++counter);
        for (size_t i = 0; i < sizeof r; i++)
            r[i] = (unsigned char)(x >> (8 * i));
    }
    char suffix[8];
    suffix[0] = '.';
    for (size_t i = 0; i < 6; i++)
        suffix[i + 1] = alphabet[r[i] % (sizeof alphabet - 1)];
    suffix[7] = '\0';
    /* ".NAME.XXXXXX" must fit in a name too (NAME_MAX), whatever NAME's length */
    char *fitted = fio_fit(name, suffix, NAME_MAX - 1);
    if (!fitted)
        return NULL;
    char *p;
    if (!dir || !*dir) {
        p = fio_strdupf(".%s", fitted);
    } else {
        size_t dl = strlen(dir);
        p = fio_strdupf("%s%s.%s", dir, dir[dl - 1] == '/' ? "" : "/", fitted);
    }
    free(fitted);
    return p;
}
