/* atomic_save, proved the SQLite way: for every k, fail the k-th file-system call and check
 * that the target still holds exactly the whole old content, no temporary file is left, no
 * descriptor leaks, and the message names the cause. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "store/atomic.h"
#include "store/fsops.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- fault-injecting fsops ---- */

enum { K_OPEN, K_WRITE, K_FSYNC, K_CLOSE, K_RENAME, K_UNLINK, K_LINK, K_N, K_ANY = K_N };
static const char *kind_name[] = {"open", "write", "fsync", "close", "rename", "unlink", "link",
                                  "any"};

static struct {
    int kind;          /* which calls count towards k */
    int k;             /* fail the k-th counted call (1-based); 0: never */
    int err;           /* errno to inject */
    bool sticky;       /* fail every counted call from the k-th on (the disk died) */
    size_t short_cap;  /* > 0: every write writes at most this many bytes */
    int link_errno;    /* != 0: hard links are impossible here (the backup is copied) */
    int counted;
    int failed;
    bool failed_on_dir;
    bool failed_on_rdonly_close;
    int calls[K_N];
    char seq[256];     /* call kinds in order, one letter each, for the ordering test */
    size_t nseq;
} F;

static void fault_reset(void)
{
    memset(&F, 0, sizeof F);
    F.kind = K_ANY;
}

static bool hit(int kind, bool on_dir)
{
    F.calls[kind]++;
    if (F.nseq + 1 < sizeof F.seq)
        F.seq[F.nseq++] = "owfcrul"[kind];
    if (F.kind != K_ANY && F.kind != kind)
        return false;
    F.counted++;
    if (F.k && (F.counted == F.k || (F.sticky && F.counted > F.k))) {
        F.failed++;
        F.failed_on_dir = F.failed_on_dir || on_dir;
        return true;
    }
    return false;
}

static bool fd_is_dir(int fd)
{
    struct stat st;
    return fstat(fd, &st) == 0 && S_ISDIR(st.st_mode);
}

static int f_open(const char *p, int flags, mode_t mode)
{
    if (hit(K_OPEN, (flags & O_DIRECTORY) != 0)) {
        errno = F.err;
        return -1;
    }
    return open(p, flags, mode);
}

static ssize_t f_write(int fd, const void *b, size_t n)
{
    if (hit(K_WRITE, false)) {
        errno = F.err;
        return -1;
    }
    if (F.short_cap && n > F.short_cap)
        n = F.short_cap;
    return write(fd, b, n);
}

static int f_fsync(int fd)
{
    if (hit(K_FSYNC, fd_is_dir(fd))) {
        errno = F.err;
        return -1;
    }
    return fsync(fd);
}

static int f_close(int fd)
{
    bool d = fd_is_dir(fd);
    bool rdonly = (fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDONLY;
    if (hit(K_CLOSE, d)) {
        F.failed_on_rdonly_close = rdonly;
        close(fd); /* Linux releases the descriptor even when close reports an error */
        errno = F.err;
        return -1;
    }
    return close(fd);
}

static int f_rename(const char *a, const char *b)
{
    if (hit(K_RENAME, false)) {
        errno = F.err;
        return -1;
    }
    return rename(a, b);
}

static int f_unlink(const char *p)
{
    if (hit(K_UNLINK, false)) {
        errno = F.err;
        return -1;
    }
    return unlink(p);
}

static int f_link(const char *a, const char *b)
{
    if (hit(K_LINK, false)) {
        errno = F.err;
        return -1;
    }
    if (F.link_errno) {
        errno = F.link_errno;
        return -1;
    }
    return link(a, b);
}

static const fsops fault_ops = {f_open, f_write, f_fsync, f_close, f_rename, f_unlink, f_link};

/* ---- helpers ---- */

static char dir[256];
static char *old_data, *new_data;
static size_t old_len = 5000, new_len = 7001;

static char *pathf(const char *name)
{
    static char buf[4][512];
    static int i;
    i = (i + 1) % 4;
    snprintf(buf[i], sizeof buf[i], "%s/%s", dir, name);
    return buf[i];
}

static void put_file(const char *path, const char *data, size_t len, mode_t mode)
{
    unlink(path);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, len), (ssize_t)len);
    assert_int_equal(fchmod(fd, mode), 0);
    close(fd);
}

/* Reads a file; returns -1 if it does not exist. */
static ssize_t get_file(const char *path, char **out)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    struct stat st;
    fstat(fd, &st);
    char *b = malloc((size_t)st.st_size + 1);
    ssize_t n = read(fd, b, (size_t)st.st_size);
    close(fd);
    *out = b;
    return n;
}

static bool file_equals(const char *path, const char *data, size_t len)
{
    char *b = NULL;
    ssize_t n = get_file(path, &b);
    bool eq = n == (ssize_t)len && memcmp(b, data, len) == 0;
    free(b);
    return eq;
}

/* Temporary files are ".NAME.XXXXXX". */
static int count_temps(const char *in_dir, const char *name)
{
    char prefix[300];
    snprintf(prefix, sizeof prefix, ".%s.", name);
    DIR *d = opendir(in_dir);
    assert_non_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (!strncmp(e->d_name, prefix, strlen(prefix)))
            n++;
    closedir(d);
    return n;
}

static int count_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    if (!d)
        return 0;
    int n = 0;
    while (readdir(d))
        n++;
    closedir(d);
    return n;
}

static void clear_dir(const char *d)
{
    DIR *dd = opendir(d);
    if (!dd)
        return;
    struct dirent *e;
    while ((e = readdir(dd))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char p[600];
        snprintf(p, sizeof p, "%s/%s", d, e->d_name);
        struct stat st;
        if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
            clear_dir(p);
            rmdir(p);
        } else {
            unlink(p);
        }
    }
    closedir(dd);
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/selfeval-atomic-XXXXXX");
    assert_non_null(mkdtemp(dir));
    old_data = malloc(old_len);
    new_data = malloc(new_len);
    for (size_t i = 0; i < old_len; i++)
        old_data[i] = (char)('a' + i % 23);
    for (size_t i = 0; i < new_len; i++)
        new_data[i] = (char)('A' + (i * 7) % 26);
    fault_reset();
    fsops_current = &fsops_real;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    fsops_current = &fsops_real;
    clear_dir(dir);
    rmdir(dir);
    free(old_data);
    free(new_data);
    return 0;
}

/* What a clerk should read for each injected errno (written here, not taken from the code). */
static const char *words_for(int e)
{
    switch (e) {
    case ENOSPC: return "the disk is full";
    case EIO:    return "read/write error";
    default:     return "";
    }
}

static int save_with_faults(const char *path, const atomic_opts *o, char **err)
{
    fsops_current = &fault_ops;
    int rc = atomic_save(path, new_data, new_len, o, err);
    fsops_current = &fsops_real;
    return rc;
}

/* ---- plain behaviour ---- */

static void test_new_file_gets_0600(void **state)
{
    (void)state;
    mode_t um = umask(022);
    char *err = NULL;
    assert_int_equal(atomic_save(pathf("new.json"), new_data, new_len, NULL, &err), 0);
    umask(um);
    assert_null(err);
    struct stat st;
    assert_int_equal(stat(pathf("new.json"), &st), 0);
    assert_int_equal(st.st_mode & 07777, 0600);
    assert_true(file_equals(pathf("new.json"), new_data, new_len));
    assert_int_equal(access(pathf("new.json~"), F_OK), -1); /* nothing to back up */
    assert_int_equal(count_temps(dir, "new.json"), 0);
}

static void test_existing_mode_kept_and_backup(void **state)
{
    (void)state;
    const mode_t modes[] = {0644, 0640, 0664, 0600};
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
        put_file(pathf("m.json"), old_data, old_len, modes[i]);
        mode_t um = umask(077); /* a umask must not change an existing file's mode */
        char *err = NULL;
        assert_int_equal(atomic_save(pathf("m.json"), new_data, new_len, NULL, &err), 0);
        umask(um);
        struct stat st;
        assert_int_equal(stat(pathf("m.json"), &st), 0);
        assert_int_equal(st.st_mode & 07777, modes[i]);
        assert_true(file_equals(pathf("m.json"), new_data, new_len));
        assert_true(file_equals(pathf("m.json~"), old_data, old_len));
    }
    /* a second save keeps the version before it */
    assert_int_equal(atomic_save(pathf("m.json"), "third", 5, NULL, NULL), 0);
    assert_true(file_equals(pathf("m.json~"), new_data, new_len));
    assert_true(file_equals(pathf("m.json"), "third", 5));
    assert_int_equal(count_temps(dir, "m.json"), 0);
}

static void test_save_through_symlink(void **state)
{
    (void)state;
    assert_int_equal(mkdir(pathf("real"), 0755), 0);
    put_file(pathf("real/t.json"), old_data, old_len, 0644);
    assert_int_equal(symlink("real/t.json", pathf("link.json")), 0);
    char *err = NULL;
    assert_int_equal(atomic_save(pathf("link.json"), new_data, new_len, NULL, &err), 0);
    struct stat st;
    assert_int_equal(lstat(pathf("link.json"), &st), 0);
    assert_true(S_ISLNK(st.st_mode)); /* the link is still a link ... */
    char target[64] = {0};
    assert_int_equal(readlink(pathf("link.json"), target, sizeof target - 1), 11);
    assert_string_equal(target, "real/t.json");
    assert_true(file_equals(pathf("real/t.json"), new_data, new_len)); /* ... to new content */
    assert_true(file_equals(pathf("real/t.json~"), old_data, old_len));
    assert_int_equal(access(pathf("link.json~"), F_OK), -1);
    assert_int_equal(count_temps(pathf("real"), "t.json"), 0);
    assert_int_equal(count_temps(dir, "link.json"), 0);

    /* a dangling link: the file it names is created */
    assert_int_equal(symlink("real/fresh.json", pathf("dangling.json")), 0);
    assert_int_equal(atomic_save(pathf("dangling.json"), "x", 1, NULL, &err), 0);
    assert_int_equal(lstat(pathf("dangling.json"), &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_true(file_equals(pathf("real/fresh.json"), "x", 1));
}

static void test_empty_content(void **state)
{
    (void)state;
    put_file(pathf("e.json"), old_data, old_len, 0644);
    assert_int_equal(atomic_save(pathf("e.json"), "", 0, NULL, NULL), 0);
    assert_true(file_equals(pathf("e.json"), "", 0));
}

static void test_clear_refusals(void **state)
{
    (void)state;
    char *err = NULL;
    assert_int_equal(mkdir(pathf("folder"), 0755), 0);
    assert_int_equal(atomic_save(pathf("folder"), "x", 1, NULL, &err), -1);
    assert_non_null(strstr(err, "folder"));
    free(err);

    assert_int_equal(atomic_save(pathf("nosuch/x.json"), "x", 1, NULL, &err), -1);
    assert_non_null(strstr(err, "does not exist"));
    free(err);

    /* NAME~ is a folder: no backup possible, so no save, and the file is untouched */
    put_file(pathf("b.json"), old_data, old_len, 0644);
    assert_int_equal(mkdir(pathf("b.json~"), 0755), 0);
    assert_int_equal(atomic_save(pathf("b.json"), new_data, new_len, NULL, &err), -1);
    assert_non_null(strstr(err, "b.json~"));
    assert_non_null(strstr(err, "unchanged"));
    assert_true(file_equals(pathf("b.json"), old_data, old_len));
    assert_int_equal(count_temps(dir, "b.json"), 0);
    free(err);
}

/* ---- the order that makes it durable ---- */

static void test_call_order(void **state)
{
    (void)state;
    put_file(pathf("o.json"), old_data, old_len, 0644);
    fault_reset();
    char *err = NULL;
    assert_int_equal(save_with_faults(pathf("o.json"), NULL, &err), 0);
    F.seq[F.nseq] = '\0';
    /* open temp, write, fsync, close, unlink old ~, link ~, rename, open dir, fsync, close */
    assert_string_equal(F.seq, "owfculrofc");
    assert_int_equal(F.calls[K_FSYNC], 2);

    fault_reset();
    atomic_opts o = atomic_defaults();
    o.fsync = false;
    put_file(pathf("o.json"), old_data, old_len, 0644);
    assert_int_equal(save_with_faults(pathf("o.json"), &o, &err), 0);
    assert_int_equal(F.calls[K_FSYNC], 0);
    assert_true(file_equals(pathf("o.json"), new_data, new_len));
}

static void test_short_writes_and_eintr(void **state)
{
    (void)state;
    put_file(pathf("s.json"), old_data, old_len, 0644);
    fault_reset();
    F.short_cap = 1;
    assert_int_equal(save_with_faults(pathf("s.json"), NULL, NULL), 0);
    assert_int_equal(F.calls[K_WRITE], (int)new_len);
    assert_true(file_equals(pathf("s.json"), new_data, new_len));

    /* EINTR on any one write is retried, never a failed save */
    for (int k = 1; k <= 20; k++) {
        put_file(pathf("s.json"), old_data, old_len, 0644);
        fault_reset();
        F.kind = K_WRITE;
        F.k = k;
        F.err = EINTR;
        F.short_cap = 500;
        char *err = NULL;
        assert_int_equal(save_with_faults(pathf("s.json"), NULL, &err), 0);
        assert_null(err);
        assert_true(file_equals(pathf("s.json"), new_data, new_len));
    }
}

static void test_messages_a_clerk_understands(void **state)
{
    (void)state;
    static const struct {
        int kind, err;
        const char *words;
    } cases[] = {
        {K_OPEN, EROFS, "the disk is read-only"},
        {K_OPEN, EACCES, "permission denied"},
        {K_OPEN, EDQUOT, "quota"},
        {K_WRITE, ENOSPC, "the disk is full"},
        {K_WRITE, EDQUOT, "quota"},
        {K_FSYNC, EIO, "read/write error"},
        {K_RENAME, EACCES, "permission denied"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        put_file(pathf("msg.json"), old_data, old_len, 0644);
        fault_reset();
        F.kind = cases[i].kind;
        F.k = 1;
        F.err = cases[i].err;
        char *err = NULL;
        assert_int_equal(save_with_faults(pathf("msg.json"), NULL, &err), -1);
        assert_non_null(err);
        assert_non_null(strstr(err, "cannot save"));
        assert_non_null(strstr(err, "msg.json"));
        if (!strstr(err, cases[i].words))
            fail_msg("%s/%s: \"%s\" lacks \"%s\"", kind_name[cases[i].kind],
                     strerror(cases[i].err), err, cases[i].words);
        assert_non_null(strstr(err, strerror(cases[i].err)));
        assert_non_null(strstr(err, "unchanged"));
        if (cases[i].kind == K_OPEN) /* where: the folder it could not write in */
            assert_non_null(strstr(err, dir));
        assert_true(file_equals(pathf("msg.json"), old_data, old_len));
        free(err);
    }
}

/* ---- fail the k-th call, for every k ---- */

typedef struct {
    int kind, err;
    size_t short_cap;
    bool backup, exists, stale_backup, no_links;
} scenario;

/* Runs k = 1, 2, ... until the fault is no longer reached. Returns how many saves failed. */
static int run_scenario(const scenario *sc)
{
    int failures = 0;
    const char *name = "k.json";
    for (int k = 1;; k++) {
        if (k > 100000)
            fail_msg("%s: save never finished", kind_name[sc->kind]);
        unlink(pathf("k.json"));
        unlink(pathf("k.json~"));
        if (sc->exists)
            put_file(pathf(name), old_data, old_len, 0644);
        if (sc->stale_backup)
            put_file(pathf("k.json~"), "older", 5, 0644);
        fault_reset();
        F.kind = sc->kind;
        F.k = k;
        F.err = sc->err;
        F.short_cap = sc->short_cap;
        F.link_errno = sc->no_links ? EPERM : 0;
        atomic_opts o = atomic_defaults();
        o.backup = sc->backup;
        char *err = NULL;
        int fds = count_fds();
        int rc = save_with_faults(pathf(name), &o, &err);
        if (count_fds() != fds)
            fail_msg("%s k=%d: descriptor leaked", kind_name[sc->kind], k);
        if (count_temps(dir, name) != 0)
            fail_msg("%s k=%d: temporary file left behind", kind_name[sc->kind], k);
        if (F.failed == 0) { /* the k-th call never came: the save ran through */
            if (rc != 0)
                fail_msg("%s k=%d: failed without a fault: %s", kind_name[sc->kind], k, err);
            assert_true(file_equals(pathf(name), new_data, new_len));
            free(err);
            break;
        }
        if (rc == 0) {
            /* only a failed close of a read-only descriptor (the directory's, or the old file's
             * while copying it) is harmless */
            if (!(sc->kind == K_CLOSE || sc->kind == K_ANY) || !F.failed_on_rdonly_close)
                fail_msg("%s k=%d: fault injected but save reported success",
                         kind_name[sc->kind], k);
            assert_true(file_equals(pathf(name), new_data, new_len));
            free(err);
            continue;
        }
        failures++;
        if (!err)
            fail_msg("%s k=%d: no message", kind_name[sc->kind], k);
        if (!strstr(err, strerror(sc->err)) || !strstr(err, words_for(sc->err)))
            fail_msg("%s k=%d: message does not name the cause: %s", kind_name[sc->kind], k, err);
        bool in_place = false;
        if (sc->exists) {
            if (sc->backup && access(pathf("k.json~"), F_OK) == 0 &&
                !file_equals(pathf("k.json~"), old_data, old_len) &&
                !file_equals(pathf("k.json~"), "older", 5))
                fail_msg("%s k=%d: a partial backup was left", kind_name[sc->kind], k);
            if (file_equals(pathf(name), old_data, old_len)) {
                if (!strstr(err, "unchanged") && !strstr(err, "put back"))
                    fail_msg("%s k=%d: message does not say the file is unchanged: %s",
                             kind_name[sc->kind], k, err);
            } else {
                in_place = true;
            }
        } else if (access(pathf(name), F_OK) == 0) {
            in_place = true;
        }
        if (in_place) {
            /* Allowed only when the directory could not be synced after the rename and there
             * was no previous version to put back; the message must say so. */
            if (!F.failed_on_dir || (sc->exists && sc->backup))
                fail_msg("%s k=%d: target changed by a failed save: %s", kind_name[sc->kind], k,
                         err);
            assert_true(file_equals(pathf(name), new_data, new_len));
            assert_non_null(strstr(err, "save again"));
        }
        free(err);
    }
    return failures;
}

static void test_fail_kth_call(void **state)
{
    (void)state;
    const int kinds[] = {K_ANY, K_OPEN, K_WRITE, K_FSYNC, K_CLOSE, K_RENAME, K_LINK, K_UNLINK};
    int total_failures = 0, scenarios = 0;
    for (size_t ki = 0; ki < sizeof kinds / sizeof kinds[0]; ki++) {
        int errs[2] = {EIO, kinds[ki] == K_WRITE || kinds[ki] == K_ANY ? ENOSPC : 0};
        for (int ei = 0; ei < 2 && errs[ei]; ei++)
            for (int shortw = 0; shortw < 2; shortw++)
                for (int variant = 0; variant < 5; variant++) {
                    scenario sc = {
                        .kind = kinds[ki],
                        .err = errs[ei],
                        .short_cap = shortw ? 997 : 0,
                        .backup = variant != 2,
                        .exists = variant != 3,
                        .stale_backup = variant == 1,
                        .no_links = variant == 4,
                    };
                    int n = run_scenario(&sc);
                    /* every kind is used at least once by a save (unlink: the old ~) */
                    if (n == 0 && !(kinds[ki] == K_LINK && (!sc.backup || !sc.exists)) &&
                        !(kinds[ki] == K_UNLINK && (!sc.backup || !sc.exists)))
                        fail_msg("%s: no call failed, the test tests nothing", kind_name[ki]);
                    total_failures += n;
                    scenarios++;
                }
    }
    print_message("fault injection: %d scenarios, %d failed saves checked\n", scenarios,
                  total_failures);
    assert_true(total_failures > 100);
}

static void test_disk_dies(void **state)
{
    (void)state;
    /* From the k-th call on everything fails: clean-up too. The old file must survive. */
    for (int k = 1;; k++) {
        put_file(pathf("d.json"), old_data, old_len, 0644);
        unlink(pathf("d.json~"));
        fault_reset();
        F.k = k;
        F.err = EIO;
        F.sticky = true;
        char *err = NULL;
        int rc = save_with_faults(pathf("d.json"), NULL, &err);
        if (F.failed == 0) {
            assert_int_equal(rc, 0);
            free(err);
            break;
        }
        if (rc == 0) {
            assert_true(F.failed_on_dir);
        } else if (!file_equals(pathf("d.json"), old_data, old_len)) {
            /* rename done, directory sync and the putting back both failed */
            assert_true(F.failed_on_dir);
            assert_true(file_equals(pathf("d.json"), new_data, new_len));
            assert_non_null(strstr(err, "save again"));
        }
        free(err);
        clear_dir(dir);
    }
}

static void test_link_impossible_copies(void **state)
{
    (void)state;
    const int errs[] = {EPERM, EXDEV, ENOTSUP};
    for (size_t i = 0; i < 3; i++) {
        put_file(pathf("c.json"), old_data, old_len, 0640);
        fault_reset();
        F.kind = K_LINK;
        F.k = 1;
        F.err = errs[i];
        char *err = NULL;
        int fds = count_fds();
        assert_int_equal(save_with_faults(pathf("c.json"), NULL, &err), 0);
        assert_int_equal(count_fds(), fds);
        assert_null(err);
        assert_true(file_equals(pathf("c.json"), new_data, new_len));
        assert_true(file_equals(pathf("c.json~"), old_data, old_len));
        struct stat a, b;
        stat(pathf("c.json"), &a);
        stat(pathf("c.json~"), &b);
        assert_int_not_equal(a.st_ino, b.st_ino);
        assert_int_equal(b.st_mode & 07777, 0640);
        assert_int_equal(count_temps(dir, "c.json"), 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_new_file_gets_0600, setup, teardown),
        cmocka_unit_test_setup_teardown(test_existing_mode_kept_and_backup, setup, teardown),
        cmocka_unit_test_setup_teardown(test_save_through_symlink, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_content, setup, teardown),
        cmocka_unit_test_setup_teardown(test_clear_refusals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_call_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_short_writes_and_eintr, setup, teardown),
        cmocka_unit_test_setup_teardown(test_messages_a_clerk_understands, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fail_kth_call, setup, teardown),
        cmocka_unit_test_setup_teardown(test_disk_dies, setup, teardown),
        cmocka_unit_test_setup_teardown(test_link_impossible_copies, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
