/* Files beside a draft in a folder other users can write to (a department's shared folder,
 * a 0777 exchange folder): symbolic links and files planted at the journal's, the lock's and
 * the recovered copy's names must never be followed, trusted or made readable by others; a
 * FIFO at any name we read must never hang the program. Runs as root or not; the tests that
 * need another user's files (chown) run only as root. */
#include "as_nobody.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/engine.h"
#include "store/crc32.h"
#include "store/doc.h"
#include "store/draft_file.h"
#include "store/journal.h"
#include "store/lock.h"
#include "tmp_fixture.h"

static char tmpdir[64];
static char outdir[PATH_MAX];      /* "outside the folder": must never change */
static char draft_path[PATH_MAX];
static const char precious[] = "a file of the clerk's that nobody may touch\n";

static char *in_dir(const char *name)
{
    static char b[4][PATH_MAX + 64];
    static int k;
    k = (k + 1) % 4;
    snprintf(b[k], sizeof b[k], "%s/%s", tmpdir, name);
    return b[k];
}

static char *outside(const char *name)
{
    static char b[PATH_MAX + 64];
    snprintf(b, sizeof b, "%s/%s", outdir, name);
    return b;
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    static char b[4096];
    size_t n = fread(b, 1, sizeof b - 1, f);
    b[n] = '\0';
    fclose(f);
    return b;
}

static void put_record(FILE *f, const char *payload)
{
    size_t n = strlen(payload);
    fprintf(f, "J1 %08x %zu %s\n", (unsigned)crc32_update(0, payload, n), n, payload);
}

/* A journal with one change, its header naming the draft as it is on disk. */
static void forged_journal(const char *path)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    uint64_t size = 0, mtime = 0;
    draft_file_stamp(draft_path, &size, &mtime);
    char head[256];
    snprintf(head, sizeof head, "{\"j\":\"selfeval-journal/1\",\"draft\":\"d.json\","
             "\"size\":%llu,\"mtime_ns\":%llu}", (unsigned long long)size,
             (unsigned long long)mtime);
    put_record(f, head);
    put_record(f, "{\"op\":\"set\",\"path\":\"funds.executed\",\"text\":\"666\"}");
    fclose(f);
}

static int count_outside(void)
{
    DIR *d = opendir(outdir);
    assert_non_null(d);
    int n = 0;
    for (struct dirent *e; (e = readdir(d));)
        if (e->d_name[0] != '.')
            n++;
    closedir(d);
    return n;
}

static void on_alarm(int sig)
{
    (void)sig;
    static const char m[] = "test_sidefiles: hung (blocked on a FIFO?)\n";
    (void)!write(2, m, sizeof m - 1);
    _exit(3);
}

static int setup(void **state)
{
    (void)state;
    tf_use_repo_forms();
    if (tf_make_tmpdir(tmpdir, sizeof tmpdir, "side") != 0)
        return -1;
    chmod(tmpdir, 0777);
    snprintf(outdir, sizeof outdir, "%s.out", tmpdir);
    if (mkdir(outdir, 0700) != 0)
        return -1;
    snprintf(draft_path, sizeof draft_path, "%s/d.json", tmpdir);
    /* the clerk's draft: seed 001's project, private */
    char *buf = NULL, *err = NULL;
    draft *d = draft_file_read("tests/fixtures/seed001_project.json", &err);
    if (!d) {
        fprintf(stderr, "setup: %s\n", err ? err : "?");
        free(err);
        return -1;
    }
    free(buf);
    int rc = draft_file_save(draft_path, d, NULL, &err);
    draft_free(d);
    free(err);
    put(outside("precious.txt"), precious);
    signal(SIGALRM, on_alarm);
    alarm(20);
    return rc;
}

static int teardown(void **state)
{
    (void)state;
    alarm(0);
    tf_rm_tree(tmpdir);
    tf_rm_tree(outdir);
    return 0;
}

static doc *open_doc(doc_open_info *info, char **err)
{
    *err = NULL;
    memset(info, 0, sizeof *info);
    return doc_open(draft_path, NULL, false, info, err);
}

static void close_doc(doc *d, doc_open_info *info)
{
    doc_close(d);
    lock_holder_free(&info->holder);
}

/* ---- the journal ---- */

/* d.json.journal -> a file of the clerk's elsewhere: opening the draft must not truncate it
 * and fill it with the journal. */
static void test_journal_symlink_not_followed(void **state)
{
    (void)state;
    assert_int_equal(symlink(outside("precious.txt"), in_dir("d.json.journal")), 0);
    doc_open_info info;
    char *err = NULL;
    doc *d = open_doc(&info, &err);
    if (d) {
        inode *f = engine_find(doc_engine(d), "funds.executed");
        eng_change chg;
        if (doc_get_mode(d) == DOC_EDIT)
            assert_int_equal(doc_set_text(d, f, "1234", &chg, &err), 0);
        close_doc(d, &info);
    }
    free(err);
    assert_string_equal(slurp(outside("precious.txt")), precious);
}

/* A symbolic link to a file not there yet must not make us create it. */
static void test_journal_dangling_symlink_not_followed(void **state)
{
    (void)state;
    assert_int_equal(symlink(outside("made"), in_dir("d.json.journal")), 0);
    doc_open_info info;
    char *err = NULL;
    doc *d = open_doc(&info, &err);
    if (d)
        close_doc(d, &info);
    free(err);
    assert_int_equal(count_outside(), 1);
}

/* An empty journal anyone may write, planted before the clerk opens the draft: the clerk's
 * keystrokes must not go into a file others can read, nor forged records be offered. */
static void test_journal_writable_by_others_refused(void **state)
{
    (void)state;
    forged_journal(in_dir("d.json.journal"));
    chmod(in_dir("d.json.journal"), 0666);
    doc_open_info info;
    char *err = NULL;
    doc *d = open_doc(&info, &err);
    assert_non_null(d);
    assert_false(info.journal_found);                 /* not offered */
    if (doc_get_mode(d) == DOC_EDIT) {
        /* only acceptable if our journal replaced it, private */
        struct stat st;
        assert_int_equal(lstat(in_dir("d.json.journal"), &st), 0);
        assert_true(S_ISREG(st.st_mode));
        assert_int_equal(st.st_mode & 077, 0);
    } else {
        const char *why = doc_readonly_reason(d);
        assert_non_null(why);
        assert_non_null(strstr(why, "d.json.journal"));
        assert_non_null(strstr(why, "other users"));
    }
    close_doc(d, &info);
    free(err);
}

/* A journal belonging to another user (neither us nor the draft's owner) is not ours to
 * offer: forged records must not be "recovered". Needs root (chown). */
static void test_journal_of_another_user_refused(void **state)
{
    (void)state;
    if (geteuid() != 0)
        skip();
    forged_journal(in_dir("d.json.journal"));
    chmod(in_dir("d.json.journal"), 0600);
    assert_int_equal(chown(in_dir("d.json.journal"), 65534, 65534), 0);
    doc_open_info info;
    char *err = NULL;
    doc *d = open_doc(&info, &err);
    assert_non_null(d);
    assert_false(info.journal_found);
    assert_int_equal(doc_get_mode(d), DOC_READONLY);
    const char *why = doc_readonly_reason(d);
    assert_non_null(why);
    assert_non_null(strstr(why, "d.json.journal"));
    assert_non_null(strstr(why, "belongs to"));
    size_t n = 0;
    char *rerr = NULL;
    assert_int_not_equal(doc_recover(d, RECOVER_APPLY, &n, NULL, &rerr), 0);
    free(rerr);
    assert_string_not_equal(inode_text(engine_find(doc_engine(d), "funds.executed")), "666");
    close_doc(d, &info);
    free(err);
}

/* A journal we start is private whatever the umask. */
static void test_new_journal_is_private(void **state)
{
    (void)state;
    mode_t old = umask(0);
    doc_open_info info;
    char *err = NULL;
    doc *d = open_doc(&info, &err);
    umask(old);
    assert_non_null(d);
    assert_int_equal(doc_get_mode(d), DOC_EDIT);
    struct stat st;
    assert_int_equal(lstat(in_dir("d.json.journal"), &st), 0);
    assert_int_equal(st.st_mode & 077, 0);
    assert_int_equal(lstat(in_dir("d.json.lock"), &st), 0);
    assert_int_equal(st.st_mode & 077, 0);            /* the lock too (was 0644) */
    close_doc(d, &info);
}

/* A folder the clerk may not write (another user runs it as nobody): the draft opens
 * read-only, and the document says why. Needs root (to become nobody). */
static void test_readonly_folder_says_why(void **state)
{
    (void)state;
    if (geteuid() != 0)
        skip();
    chmod(tmpdir, 0755);
    chmod(draft_path, 0644);
    fflush(NULL);
    assert_int_equal(forms_for_nobody(tmpdir), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        if (setgid(65534) != 0 || setuid(65534) != 0)
            _exit(8);
        doc_open_info info;
        char *err = NULL;
        doc *d = open_doc(&info, &err);
        int rc = 0;
        if (!d)
            rc = 2;
        else if (doc_get_mode(d) != DOC_READONLY)
            rc = 3;
        else if (!doc_readonly_reason(d) || !strstr(doc_readonly_reason(d), "permission denied"))
            rc = 4;
        if (d)
            close_doc(d, &info);
        free(err);
        _exit(rc);
    }
    int st = 0;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 0);
}

/* ---- FIFOs: never block on open ---- */

static void test_fifo_journal_does_not_hang(void **state)
{
    (void)state;
    assert_int_equal(mkfifo(in_dir("d.json.journal"), 0600), 0);
    doc_open_info info;
    char *err = NULL;
    doc *d = open_doc(&info, &err);                   /* alarm(20) catches a hang */
    assert_non_null(d);
    assert_false(info.journal_found);
    assert_int_equal(doc_get_mode(d), DOC_READONLY);
    assert_non_null(strstr(doc_readonly_reason(d), "not a regular file"));
    close_doc(d, &info);
    free(err);
}

static void test_fifo_lock_does_not_hang(void **state)
{
    (void)state;
    assert_int_equal(mkfifo(outside("fifo"), 0600), 0);
    assert_int_equal(symlink(outside("fifo"), in_dir("d.json.lock")), 0);
    doc_open_info info;
    char *err = NULL;
    doc *d = open_doc(&info, &err);
    assert_non_null(d);
    assert_int_equal(doc_get_mode(d), DOC_READONLY);
    close_doc(d, &info);
    free(err);
}

static void test_fifo_draft_does_not_hang(void **state)
{
    (void)state;
    assert_int_equal(mkfifo(in_dir("fifo.json"), 0600), 0);
    char *err = NULL;
    draft *dr = draft_file_read(in_dir("fifo.json"), &err);
    assert_null(dr);
    assert_non_null(err);
    assert_non_null(strstr(err, "not a regular file"));
    free(err);
}

/* ---- the recovered copy ---- */

/* `keep both` writes DRAFT.recovered-<time>.json: links planted at every name of the next
 * minutes must not make us create or change files elsewhere. */
static void test_recovered_copy_not_through_symlinks(void **state)
{
    (void)state;
    forged_journal(in_dir("d.json.journal"));
    chmod(in_dir("d.json.journal"), 0600);
    time_t now = time(NULL);
    for (int s = 0; s < 120; s++) {
        time_t t = now + s;
        struct tm tm;
        localtime_r(&t, &tm);
        char stamp[32], name[96], target[64];
        strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
        snprintf(name, sizeof name, "d.recovered-%s.json", stamp);
        snprintf(target, sizeof target, "planted-%d", s);
        assert_int_equal(symlink(outside(target), in_dir(name)), 0);
        for (int k = 2; k <= 3; k++) {
            snprintf(name, sizeof name, "d.recovered-%s-%d.json", stamp, k);
            snprintf(target, sizeof target, "planted-%d-%d", s, k);
            assert_int_equal(symlink(outside(target), in_dir(name)), 0);
        }
    }
    doc_open_info info;
    char *err = NULL;
    doc *d = open_doc(&info, &err);
    assert_non_null(d);
    assert_true(info.journal_found);
    size_t n = 0;
    char *out = NULL;
    int r = doc_recover(d, RECOVER_KEEP_BOTH, &n, &out, &err);
    if (r == 0) {
        struct stat st;
        assert_int_equal(lstat(out, &st), 0);
        assert_true(S_ISREG(st.st_mode));
        assert_int_equal(st.st_mode & 077, 0);
    }
    free(out);
    free(err);
    close_doc(d, &info);
    assert_int_equal(count_outside(), 1);             /* precious.txt only */
}

int main(int argc, char **argv)
{
    if (argc > 1)   /* one test by name: a hang in one must not hide the others */
        cmocka_set_test_filter(argv[1]);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_journal_symlink_not_followed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_journal_dangling_symlink_not_followed, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_journal_writable_by_others_refused, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_journal_of_another_user_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_new_journal_is_private, setup, teardown),
        cmocka_unit_test_setup_teardown(test_readonly_folder_says_why, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fifo_journal_does_not_hang, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fifo_lock_does_not_hang, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fifo_draft_does_not_hang, setup, teardown),
        cmocka_unit_test_setup_teardown(test_recovered_copy_not_through_symlinks, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
