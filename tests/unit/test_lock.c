/* Edit locks: acquire, held, stale take-over (dead pid, reused pid, reboot), garbled files
 * left alone, release only when ours, and many editors racing for one stale lock. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "store/lock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[256];
static char draft[300];
static char lpath[320];
static char host[256];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/selfeval-lock-XXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(draft, sizeof draft, "%s/draft.json", dir);
    snprintf(lpath, sizeof lpath, "%s/draft.json.lock", dir);
    setenv("SELFEVAL_USER", "贺家悦", 1);
    assert_int_equal(gethostname(host, sizeof host - 1), 0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    return 0;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *b = calloc(1, 8192);
    size_t n = fread(b, 1, 8191, f);
    b[n] = '\0';
    fclose(f);
    return b;
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* The pid of a process that has certainly ended. */
static pid_t dead_pid(void)
{
    pid_t p = fork();
    assert_true(p >= 0);
    if (p == 0)
        _exit(0);
    assert_int_equal(waitpid(p, NULL, 0), p);
    return p;
}

static long pid_in_file(const char *path)
{
    char *t = slurp(path);
    assert_non_null(t);
    const char *p = strstr(t, "\npid=");
    long v = p ? strtol(p + 5, NULL, 10) : -1;
    free(t);
    return v;
}

static void test_path_for(void **state)
{
    (void)state;
    char *p = lock_path_for("nosuch/d.json");
    assert_string_equal(p, "nosuch/d.json.lock");
    free(p);
}

static void test_acquire_held_release(void **state)
{
    (void)state;
    edit_lock *l = NULL, *l2 = NULL;
    lock_holder h = {0};
    char *err = NULL;
    assert_int_equal(lock_acquire(draft, &l, &h, &err), LOCK_ACQUIRED);
    assert_non_null(l);
    assert_null(err);
    assert_int_equal(pid_in_file(lpath), (long)getpid());
    char *t = slurp(lpath);
    assert_non_null(strstr(t, "user=贺家悦\n"));
    free(t);

    /* a second editor (same process here, so certainly alive) */
    assert_int_equal(lock_acquire(draft, &l2, &h, &err), LOCK_HELD);
    assert_null(l2);
    assert_string_equal(h.user, "贺家悦");
    assert_string_equal(h.host, host);
    assert_int_equal(h.pid, getpid());
    assert_true(h.since > 0 && h.since <= time(NULL));
    char *d = lock_holder_describe(&h);
    char want[512];
    snprintf(want, sizeof want, "贺家悦@%s (pid %ld, since ", host, (long)getpid());
    assert_non_null(strstr(d, want));
    free(d);
    lock_holder_free(&h);
    free(err);

    lock_release(l);
    assert_int_equal(access(lpath, F_OK), -1);
    assert_int_equal(lock_acquire(draft, &l, NULL, NULL), LOCK_ACQUIRED);
    lock_release(l);
    lock_release(NULL);
}

static void test_describe(void **state)
{
    (void)state;
    struct tm tm = {.tm_year = 2026 - 1900, .tm_mon = 3, .tm_mday = 27, .tm_hour = 9,
                    .tm_min = 30, .tm_isdst = -1};
    lock_holder h = {.user = "贺家悦", .host = "office-pc", .pid = 4242, .since = mktime(&tm)};
    char *d = lock_holder_describe(&h);
    assert_string_equal(d, "贺家悦@office-pc (pid 4242, since 2026-04-27 09:30)");
    free(d);
}

static void test_stale_lock_taken_over(void **state)
{
    (void)state;
    /* a child takes the lock and dies without releasing it */
    pid_t p = fork();
    assert_true(p >= 0);
    if (p == 0) {
        edit_lock *cl = NULL;
        _exit(lock_acquire(draft, &cl, NULL, NULL) == LOCK_ACQUIRED ? 0 : 1);
    }
    int status = 0;
    assert_int_equal(waitpid(p, &status, 0), p);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    assert_int_equal(pid_in_file(lpath), (long)p);

    edit_lock *l = NULL;
    lock_holder prev = {0};
    char *err = NULL;
    assert_int_equal(lock_acquire(draft, &l, &prev, &err), LOCK_TAKEN_OVER);
    assert_non_null(l);
    assert_int_equal(prev.pid, p);
    assert_string_equal(prev.host, host);
    assert_int_equal(pid_in_file(lpath), (long)getpid());
    lock_holder_free(&prev);
    free(err);
    /* no temporary or takeover file left beside it */
    char cmd[400];
    snprintf(cmd, sizeof cmd, "test $(ls -A '%s' | wc -l) -eq 1", dir);
    assert_int_equal(system(cmd), 0);
    lock_release(l);
    assert_int_equal(access(lpath, F_OK), -1);
}

static void lock_text(char *buf, size_t cap, const char *h, long pid, const char *extra)
{
    snprintf(buf, cap, "selfeval-lock 1\nuser=someone\nhost=%s\npid=%ld\nsince=1777260600\n%s", h,
             pid, extra);
}

static void test_other_host_is_held(void **state)
{
    (void)state;
    char t[512];
    lock_text(t, sizeof t, "elsewhere-pc", (long)dead_pid(), "");
    put(lpath, t);
    edit_lock *l = NULL;
    lock_holder h = {0};
    assert_int_equal(lock_acquire(draft, &l, &h, NULL), LOCK_HELD);
    assert_string_equal(h.host, "elsewhere-pc");
    assert_string_equal(h.user, "someone");
    lock_holder_free(&h);
    char *after = slurp(lpath);
    assert_string_equal(after, t);
    free(after);
}

static void test_reused_pid_and_reboot(void **state)
{
    (void)state;
    /* our own (living) pid, but recorded with another start time: the pid was reused */
    char t[512];
    lock_text(t, sizeof t, host, (long)getpid(), "start=1\n");
    put(lpath, t);
    edit_lock *l = NULL;
    assert_int_equal(lock_acquire(draft, &l, NULL, NULL), LOCK_TAKEN_OVER);
    lock_release(l);

    /* written before a reboot of this machine */
    lock_text(t, sizeof t, host, (long)getpid(), "boot=00000000-0000-0000-0000-000000000000\n");
    put(lpath, t);
    if (access("/proc/sys/kernel/random/boot_id", R_OK) == 0) {
        assert_int_equal(lock_acquire(draft, &l, NULL, NULL), LOCK_TAKEN_OVER);
        lock_release(l);
    }

    /* same pid, no start or boot recorded: alive, so held */
    lock_text(t, sizeof t, host, (long)getpid(), "");
    put(lpath, t);
    assert_int_equal(lock_acquire(draft, &l, NULL, NULL), LOCK_HELD);
}

static void test_garbled_lock_is_left_alone(void **state)
{
    (void)state;
    char full[512];
    lock_text(full, sizeof full, host, (long)dead_pid(), "");
    char torn[512];
    snprintf(torn, sizeof torn, "%.*s", (int)strlen(full) - 3, full); /* cut mid-line */
    const char *cases[] = {"hello\n", "", "selfeval-lock 1\nuser=x\n", torn,
                           "selfeval-lock 1\nuser=x\nhost=h\npid=-5\nsince=1\n",
                           "selfeval-lock 1\nuser=x\nhost=h\npid=12x\nsince=1\n",
                           "selfeval-lock 9\nuser=x\nhost=h\npid=1\nsince=1\n"};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        put(lpath, cases[i]);
        edit_lock *l = NULL;
        lock_holder h = {0};
        char *err = NULL;
        if (lock_acquire(draft, &l, &h, &err) != LOCK_HELD)
            fail_msg("case %zu not treated as held", i);
        assert_null(l);
        assert_string_equal(h.user, "unknown");
        assert_non_null(err);
        assert_non_null(strstr(err, "cannot be understood"));
        assert_non_null(strstr(err, lpath));
        char *d = lock_holder_describe(&h);
        assert_non_null(strstr(d, "unknown"));
        free(d);
        free(err);
        lock_holder_free(&h);
        char *after = slurp(lpath);
        assert_non_null(after); /* never deleted */
        assert_string_equal(after, cases[i]);
        free(after);
    }
}

static void test_release_only_if_ours(void **state)
{
    (void)state;
    edit_lock *l = NULL;
    assert_int_equal(lock_acquire(draft, &l, NULL, NULL), LOCK_ACQUIRED);
    /* someone took it over meanwhile (e.g. after our process looked dead to them) */
    char t[512];
    lock_text(t, sizeof t, host, 1, "token=0123456789abcdef\n");
    put(lpath, t);
    lock_release(l);
    char *after = slurp(lpath);
    assert_non_null(after);
    assert_string_equal(after, t);
    free(after);
}

/* A takeover cut short by a crash (SIGKILL between the takeover file and the new lock) left
 * DRAFT.lock.takeover behind: the next editor or `recover` must not be blocked by it (it was
 * for 30 s: "another editor keeps changing the lock file"). */
static void test_takeover_left_by_crash(void **state)
{
    (void)state;
    char t[512];
    lock_text(t, sizeof t, host, (long)dead_pid(), "");
    put(lpath, t);
    char tpath[340];
    snprintf(tpath, sizeof tpath, "%s.takeover", lpath);
    put(tpath, "selfeval-lock-takeover 1\n");
    edit_lock *l = NULL;
    char *err = NULL;
    lock_status st = lock_acquire(draft, &l, NULL, &err);
    if (st != LOCK_TAKEN_OVER)
        fail_msg("status %d: %s", (int)st, err ? err : "(no message)");
    assert_int_equal(pid_in_file(lpath), (long)getpid());
    assert_int_equal(access(tpath, F_OK), -1);
    lock_release(l);
    free(err);
}

/* A takeover under way (its maker alive, holding the takeover file) is waited for, never
 * broken into; once its maker has gone, the stale lock is taken over. */
static void test_takeover_in_progress_is_respected(void **state)
{
    (void)state;
    char t[512];
    lock_text(t, sizeof t, host, (long)dead_pid(), "");
    put(lpath, t);
    char tpath[340];
    snprintf(tpath, sizeof tpath, "%s.takeover", lpath);
    int ready[2], go[2];
    assert_int_equal(pipe(ready), 0);
    assert_int_equal(pipe(go), 0);
    pid_t p = fork();
    assert_true(p >= 0);
    if (p == 0) {
        close(ready[0]);
        close(go[1]);
        int fd = open(tpath, O_RDWR | O_CREAT, 0600);
        if (fd < 0 || flock(fd, LOCK_EX) != 0)
            _exit(1);
        (void)!write(ready[1], "r", 1);
        char c;
        (void)!read(go[0], &c, 1); /* hold it until told, then die holding it */
        _exit(0);
    }
    close(ready[1]);
    close(go[0]);
    char c;
    assert_int_equal(read(ready[0], &c, 1), 1);
    edit_lock *l = NULL;
    char *err = NULL;
    assert_int_equal(lock_acquire(draft, &l, NULL, &err), LOCK_FAILED);
    assert_null(l);
    assert_non_null(err);
    assert_non_null(strstr(err, "try again"));
    free(err);
    err = NULL;
    char *after = slurp(lpath);
    assert_string_equal(after, t); /* untouched while the other took over */
    free(after);
    close(go[1]);
    assert_int_equal(waitpid(p, NULL, 0), p);
    assert_int_equal(lock_acquire(draft, &l, NULL, &err), LOCK_TAKEN_OVER);
    assert_int_equal(access(tpath, F_OK), -1);
    lock_release(l);
    close(ready[0]);
}

/* Eight editors open a draft with a stale lock at the same moment: exactly one gets it. */
static void test_race_for_stale_lock(void **state)
{
    (void)state;
    enum { N = 8, ROUNDS = 10 };
    for (int round = 0; round < ROUNDS; round++) {
        char t[512];
        lock_text(t, sizeof t, host, (long)dead_pid(), "");
        put(lpath, t);
        int go[2], done[2], hold[2];
        assert_int_equal(pipe(go), 0);
        assert_int_equal(pipe(done), 0);
        assert_int_equal(pipe(hold), 0);
        pid_t kids[N];
        for (int i = 0; i < N; i++) {
            kids[i] = fork();
            assert_true(kids[i] >= 0);
            if (kids[i] == 0) {
                close(go[1]);
                close(done[0]);
                close(hold[1]);
                char c;
                (void)!read(go[0], &c, 1); /* start together */
                edit_lock *l = NULL;
                lock_status s = lock_acquire(draft, &l, NULL, NULL);
                char r = (char)('0' + s);
                (void)!write(done[1], &r, 1);
                (void)!read(hold[0], &c, 1); /* stay alive until all have tried */
                _exit(0);
            }
        }
        close(go[0]);
        close(done[1]);
        close(hold[0]);
        close(go[1]); /* EOF wakes them all */
        int winners = 0, held = 0;
        for (int i = 0; i < N; i++) {
            char r;
            assert_int_equal(read(done[0], &r, 1), 1);
            if (r == '0' + LOCK_ACQUIRED || r == '0' + LOCK_TAKEN_OVER)
                winners++;
            else if (r == '0' + LOCK_HELD)
                held++;
        }
        close(hold[1]);
        close(done[0]);
        for (int i = 0; i < N; i++)
            waitpid(kids[i], NULL, 0);
        if (winners != 1)
            fail_msg("round %d: %d editors got the lock, %d saw it held", round, winners, held);
        unlink(lpath);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_path_for),
        cmocka_unit_test(test_describe),
        cmocka_unit_test_setup_teardown(test_acquire_held_release, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stale_lock_taken_over, setup, teardown),
        cmocka_unit_test_setup_teardown(test_other_host_is_held, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reused_pid_and_reboot, setup, teardown),
        cmocka_unit_test_setup_teardown(test_garbled_lock_is_left_alone, setup, teardown),
        cmocka_unit_test_setup_teardown(test_release_only_if_ours, setup, teardown),
        cmocka_unit_test_setup_teardown(test_takeover_left_by_crash, setup, teardown),
        cmocka_unit_test_setup_teardown(test_takeover_in_progress_is_respected, setup, teardown),
        cmocka_unit_test_setup_teardown(test_race_for_stale_lock, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
