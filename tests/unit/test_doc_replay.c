/* Recovery judged by content and made safe against kills and hostile records: the journal's
 * header names the draft's bytes (SHA-256), so `touch`, a backup tool or a copied folder do
 * not hide the typed work, a save stopped before removing its journal is recognised exactly,
 * and a draft changed by other means is offered with a warning; `apply` killed at any write
 * leaves the original journal the one offered; replayed records are validated as the draft
 * loader validates a draft. Also: the 64 MiB limit on save, names up to NAME_MAX, and saving
 * over a read-only draft or another user's. Uses forms/project.json. */
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/draft.h"
#include "core/engine.h"
#include "store/crc32.h"
#include "store/doc.h"
#include "store/draft_file.h"
#include "store/fileio.h"
#include "store/fsops.h"
#include "core/sha256.h"
#include "tmp_fixture.h"

static char tmpdir[64];
static char draft_path[PATH_MAX];

/* ---- helpers ---- */

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    assert_non_null(b);
    assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
    b[n] = '\0';
    fclose(f);
    if (len)
        *len = (size_t)n;
    return b;
}

static void put_file(const char *path, const char *text, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    fclose(f);
}

static void put_record(FILE *f, const char *payload)
{
    size_t n = strlen(payload);
    fprintf(f, "J1 %08x %zu %s\n", (unsigned)crc32_update(0, payload, n), n, payload);
}

static inode *F(doc *d, const char *path)
{
    inode *n = engine_find(doc_engine(d), path);
    if (!n)
        fprintf(stderr, "no instance %s\n", path);
    return n;
}

static int set(doc *d, const char *path, const char *text)
{
    char *err = NULL;
    inode *n = F(d, path);
    if (!n)
        return -1;
    int r = doc_set_text(d, n, text, NULL, &err);
    free(err);
    return r;
}

static doc *open_doc(const char *path, doc_open_info *info)
{
    char *err = NULL;
    memset(info, 0, sizeof *info);
    doc *d = doc_open(path, NULL, false, info, &err);
    if (!d)
        fprintf(stderr, "open: %s\n", err ? err : "?");
    free(err);
    return d;
}

static void close_doc(doc *d, doc_open_info *info)
{
    doc_close(d);
    lock_holder_free(&info->holder);
}

static char *printed(doc *d)
{
    size_t len;
    char *p = draft_print(doc_draft(d), &len);
    assert_non_null(p);
    return p;
}

/* The row id of row i of the indicators table. */
static const char *row_id(doc *d, size_t i)
{
    return inode_row_id(inode_kid(F(d, "indicators"), i));
}

/* Edits in a child that then dies without saving; the draft as the child saw it goes to
 * *expect (malloc'd). */
static char *crash_after_edits(const char *path)
{
    char *expect_path = NULL;
    assert_true(asprintf(&expect_path, "%s/expect.json", tmpdir) >= 0);   /* any name length */
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        doc_open_info info;
        doc *d = open_doc(path, &info);
        if (!d || doc_get_mode(d) != DOC_EDIT)
            _exit(2);
        char *err = NULL;
        if (set(d, "funds.executed", "547.6879") || set(d, "header.department", "益阳市商务局"))
            _exit(3);
        inode *row = NULL;
        if (doc_row_add(d, F(d, "indicators"), 0, &row, NULL, &err) != 0)
            _exit(4);
        char p[128];
        snprintf(p, sizeof p, "indicators.%s.level3", inode_row_id(row));
        if (set(d, p, "新增指标"))
            _exit(5);
        if (doc_row_move(d, F(d, "indicators"), 0, 1, NULL, &err) != 0)
            _exit(6);
        size_t len;
        char *text = draft_print(doc_draft(d), &len);
        FILE *f = fopen(expect_path, "wb");
        if (!text || !f || fwrite(text, 1, len, f) != len || fclose(f) != 0)
            _exit(7);
        _exit(0);                                   /* no close, no save: a crash */
    }
    int st = 0;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 0);
    char *expect = slurp(expect_path, NULL);
    assert_non_null(expect);
    unlink(expect_path);
    free(expect_path);
    return expect;
}

/* Opens, applies the waiting journal and compares with `expect`. */
static void apply_and_compare(const char *path, const char *expect)
{
    doc_open_info info;
    doc *d = open_doc(path, &info);
    assert_non_null(d);
    assert_true(info.journal_found);
    assert_false(info.journal_stale);
    size_t n = 0;
    char *err = NULL;
    if (doc_recover(d, RECOVER_APPLY, &n, NULL, &err) != 0)
        fail_msg("apply: %s", err ? err : "?");
    char *got = printed(d);
    assert_string_equal(got, expect);
    free(got);
    close_doc(d, &info);
}

static int count_files(const char *dir, const char *prefix)
{
    DIR *dh = opendir(dir);
    assert_non_null(dh);
    int n = 0;
    for (struct dirent *e; (e = readdir(dh));)
        if (strncmp(e->d_name, prefix, strlen(prefix)) == 0)
            n++;
    closedir(dh);
    return n;
}

static int setup(void **state)
{
    (void)state;
    tf_use_repo_forms();
    if (tf_make_tmpdir(tmpdir, sizeof tmpdir, "replay") != 0)
        return -1;
    snprintf(draft_path, sizeof draft_path, "%s/d.json", tmpdir);
    char *err = NULL;
    draft *d = draft_file_read("tests/fixtures/seed001_project.json", &err);
    if (!d) {
        fprintf(stderr, "setup: %s\n", err ? err : "?");
        free(err);
        return -1;
    }
    int rc = draft_file_save(draft_path, d, NULL, &err);
    draft_free(d);
    free(err);
    char bak[PATH_MAX + 2];
    snprintf(bak, sizeof bak, "%s~", draft_path);
    unlink(bak);
    return rc;
}

static int teardown(void **state)
{
    (void)state;
    fsops_current = &fsops_real;
    tf_rm_tree(tmpdir);
    return 0;
}

/* ---- SHA-256 ---- */

static void test_sha256_vectors(void **state)
{
    (void)state;
    static const struct { const char *in; size_t n; const char *hex; } v[] = {
        {"", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56,
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
    };
    char out[SHA256_HEX_LEN + 1];
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        sha256_hex(v[i].in, v[i].n, out);
        assert_string_equal(out, v[i].hex);
    }
    /* every way the padding can fall: lengths around one and two blocks */
    static const struct { size_t n; const char *hex; } a[] = {
        {55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
        {56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
        {63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"},
        {64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
        {119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"},
        {1000, "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"},
    };
    char buf[1000];
    memset(buf, 'a', sizeof buf);
    for (size_t i = 0; i < sizeof a / sizeof a[0]; i++) {
        sha256_hex(buf, a[i].n, out);
        assert_string_equal(out, a[i].hex);
    }
}

/* ---- judged by content (item 3) ---- */

/* `touch d.json` (or a backup tool setting times) after a crash: still offered. */
static void test_touch_keeps_journal_offered(void **state)
{
    (void)state;
    char *expect = crash_after_edits(draft_path);
    struct timespec ts[2] = {{.tv_sec = 1700000000}, {.tv_sec = 1700000000}};
    assert_int_equal(utimensat(AT_FDCWD, draft_path, ts, 0), 0);
    apply_and_compare(draft_path, expect);
    free(expect);
}

/* The folder of a crashed session copied elsewhere (cp -r: new times): still offered. */
static void test_copied_session_offered(void **state)
{
    (void)state;
    char *expect = crash_after_edits(draft_path);
    char dir2[PATH_MAX], p2[PATH_MAX + 16], j1[PATH_MAX + 16], j2[PATH_MAX + 32];
    snprintf(dir2, sizeof dir2, "%s/copy", tmpdir);
    assert_int_equal(mkdir(dir2, 0700), 0);
    snprintf(p2, sizeof p2, "%s/d.json", dir2);
    snprintf(j1, sizeof j1, "%s.journal", draft_path);
    snprintf(j2, sizeof j2, "%s.journal", p2);
    size_t n;
    char *b = slurp(draft_path, &n);
    sleep(1);                                     /* another mtime for certain */
    put_file(p2, b, n);
    free(b);
    b = slurp(j1, &n);
    put_file(j2, b, n);
    chmod(j2, 0600);
    free(b);
    apply_and_compare(p2, expect);
    free(expect);
}

/* The draft rewritten by other means after the crash (another tool, `new --force`): the
 * journal is offered, with a warning that some changes may be in the draft already. */
static void test_changed_draft_offered_with_doubt(void **state)
{
    (void)state;
    char *expect = crash_after_edits(draft_path);
    free(expect);
    char *err = NULL;
    draft *dr = draft_file_read(draft_path, &err);
    assert_non_null(dr);
    free(dr->modified);
    dr->modified = strdup("2030-01-01T00:00:00+08:00");
    assert_int_equal(draft_file_save(draft_path, dr, NULL, &err), 0);
    draft_free(dr);
    doc_open_info info;
    doc *d = open_doc(draft_path, &info);
    assert_non_null(d);
    assert_true(info.journal_found);
    assert_true(info.journal_doubt);
    assert_false(info.journal_stale);
    close_doc(d, &info);
}

/* fsops whose unlink of a journal kills the process: a save stopped between putting the new
 * draft in place and removing the journal. */
static int die_on_journal_unlink(const char *path)
{
    size_t n = strlen(path);
    if (n > 8 && strcmp(path + n - 8, ".journal") == 0)
        _exit(0);
    return unlink(path);
}

static void test_save_stopped_before_journal_removed(void **state)
{
    (void)state;
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        doc_open_info info;
        doc *d = open_doc(draft_path, &info);
        if (!d || set(d, "funds.executed", "123.45"))
            _exit(2);
        static fsops ops;
        ops = fsops_real;
        ops.unlink = die_on_journal_unlink;
        fsops_current = &ops;
        char *err = NULL;
        doc_save(d, &err);
        _exit(3);                                   /* the unlink should have ended us */
    }
    int st = 0;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 0);
    doc_open_info info;
    doc *d = open_doc(draft_path, &info);
    assert_non_null(d);
    assert_false(info.journal_found);               /* its changes are in the draft */
    assert_true(info.journal_stale);                /* set aside, and said */
    assert_string_equal(inode_text(F(d, "funds.executed")), "123.45");
    close_doc(d, &info);
    assert_int_equal(count_files(tmpdir, "d.json.journal.stale-"), 1);
}

/* ---- apply killed at every write (item 4) ---- */

static int writes_left;
static ssize_t die_after_writes(int fd, const void *b, size_t n)
{
    if (--writes_left < 0)
        _exit(0);
    return write(fd, b, n);
}

static void test_kill_during_apply(void **state)
{
    (void)state;
    char *expect = crash_after_edits(draft_path);
    for (int k = 0; k < 8; k++) {
        fflush(NULL);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            doc_open_info info;
            doc *d = open_doc(draft_path, &info);
            if (!d || !info.journal_found)
                _exit(2);
            static fsops ops;
            ops = fsops_real;
            ops.write = die_after_writes;
            writes_left = k;
            fsops_current = &ops;
            size_t n;
            char *err = NULL;
            doc_recover(d, RECOVER_APPLY, &n, NULL, &err);
            _exit(0);                               /* applied, not saved: also a crash */
        }
        int st = 0;
        assert_int_equal(waitpid(pid, &st, 0), pid);
        assert_true(WIFEXITED(st));
        assert_int_equal(WEXITSTATUS(st), 0);
        /* whatever the moment, the next open offers every change */
        apply_and_compare(draft_path, expect);
        /* (apply_and_compare closed unsaved: the journal stays for the next round) */
    }
    free(expect);
}

/* ---- replayed records validated (item 6) ---- */

static void journal_with(const char *bad_record, const char *hash)
{
    char jp[PATH_MAX + 16];
    snprintf(jp, sizeof jp, "%s.journal", draft_path);
    FILE *f = fopen(jp, "wb");
    assert_non_null(f);
    char head[256];
    snprintf(head, sizeof head, "{\"j\":\"selfeval-journal/1\",\"draft\":\"d.json\","
             "\"form\":\"project\",\"draft_sha256\":\"%s\"}", hash);
    put_record(f, head);
    put_record(f, "{\"op\":\"set\",\"path\":\"funds.executed\",\"text\":\"1.5\"}");
    put_record(f, bad_record);
    put_record(f, "{\"op\":\"set\",\"path\":\"header.department\",\"text\":\"后来的\"}");
    fclose(f);
    chmod(jp, 0600);
}

static void test_replay_refuses_invalid_rows(void **state)
{
    (void)state;
    size_t n;
    char *text = slurp(draft_path, &n);
    char hash[SHA256_HEX_LEN + 1];
    sha256_hex(text, n, hash);
    free(text);
    doc_open_info info;
    doc *d0 = open_doc(draft_path, &info);
    assert_non_null(d0);
    char dup[160];
    snprintf(dup, sizeof dup, "{\"op\":\"row_add\",\"table\":\"indicators\",\"at\":0,"
             "\"id\":\"%s\"}", row_id(d0, 0));
    close_doc(d0, &info);
    const char *bad[] = {
        "{\"op\":\"row_add\",\"table\":\"indicators\",\"at\":0,\"id\":\"a.b\"}",
        "{\"op\":\"row_add\",\"table\":\"indicators\",\"at\":0,\"id\":\"\"}",
        "{\"op\":\"row_dup\",\"table\":\"indicators\",\"at\":0,\"id\":\"x.y\"}",
        dup,
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        journal_with(bad[i], hash);
        char jp[PATH_MAX + 16];
        snprintf(jp, sizeof jp, "%s.journal", draft_path);
        size_t jn0, jn1;
        char *j0 = slurp(jp, &jn0);
        doc *d = open_doc(draft_path, &info);
        assert_non_null(d);
        assert_true(info.journal_found);
        char *before = printed(d);
        size_t cnt = 0;
        char *err = NULL;
        assert_int_equal(doc_recover(d, RECOVER_APPLY, &cnt, NULL, &err), -1);
        assert_non_null(err);
        assert_non_null(strstr(err, "record 3"));   /* which record, counting the header */
        free(err);
        err = NULL;
        char *after = printed(d);
        assert_string_equal(after, before);         /* nothing applied */
        free(before);
        free(after);
        /* still waiting, the journal as it was */
        assert_int_equal(doc_save(d, &err), -1);
        free(err);
        close_doc(d, &info);
        char *j1 = slurp(jp, &jn1);
        assert_int_equal(jn1, jn0);
        assert_memory_equal(j1, j0, jn0);
        free(j0);
        free(j1);
        /* and a draft check would accept: the file on disk is untouched */
        err = NULL;
        draft *dr = draft_file_read(draft_path, &err);
        assert_non_null(dr);
        draft_free(dr);
        unlink(jp);
    }
}

/* ---- size (item 10) ---- */

static void test_save_over_the_load_limit_refused(void **state)
{
    (void)state;
    size_t n0;
    char *before = slurp(draft_path, &n0);
    doc_open_info info;
    doc *d = open_doc(draft_path, &info);
    assert_non_null(d);
    size_t big = (size_t)DRAFT_MAX_BYTES + 1024 * 1024;
    char *t = malloc(big + 1);
    assert_non_null(t);
    memset(t, 'x', big);
    t[big] = '\0';
    char *err = NULL;
    int r = doc_set_text(d, F(d, "goals.expected"), t, NULL, &err);
    free(t);
    free(err);
    err = NULL;
    if (r == 0) {
        /* the edit was taken: the save must refuse, saying why */
        assert_int_not_equal(doc_save(d, &err), 0);
        assert_non_null(err);
        assert_non_null(strstr(err, "64 MB"));
        free(err);
    }
    close_doc(d, &info);
    size_t n1;
    char *after = slurp(draft_path, &n1);
    assert_int_equal(n1, n0);
    assert_memory_equal(after, before, n0);
    free(before);
    free(after);
    char *e2 = NULL;
    draft *dr = draft_file_read(draft_path, &e2);  /* still opens */
    assert_non_null(dr);
    draft_free(dr);
}

/* ---- long names (item 11) ---- */

static void test_long_names_up_to_name_max(void **state)
{
    (void)state;
    /* 224-247 failed every recovery choice; up to NAME_MAX */
    static const size_t lens[] = {224, 247, 255};
    for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
        /* Chinese and ASCII: the cut must fall between characters */
        char base[NAME_MAX + 1];
        size_t L = lens[i];
        size_t k = 0;
        while (k + 3 <= L - 5 && k < 150) {
            memcpy(base + k, "项", 3);
            k += 3;
        }
        while (k < L - 5)
            base[k++] = 'a';
        memcpy(base + k, ".json", 6);
        assert_int_equal(strlen(base), L);
        char path[PATH_MAX];
        snprintf(path, sizeof path, "%s/%s", tmpdir, base);
        size_t n;
        char *text = slurp(draft_path, &n);
        put_file(path, text, n);
        free(text);
        /* edit and save, then a crash, then each recovery choice */
        doc_open_info info;
        doc *d = open_doc(path, &info);
        assert_non_null(d);
        if (doc_get_mode(d) != DOC_EDIT)
            fail_msg("%zu bytes: read-only: %s", L,
                     doc_readonly_reason(d) ? doc_readonly_reason(d) : "?");
        assert_int_equal(set(d, "funds.executed", "1.25"), 0);
        char *err = NULL;
        if (doc_save(d, &err) != 0)
            fail_msg("%zu bytes: save: %s", L, err ? err : "?");
        close_doc(d, &info);
        char *expect = crash_after_edits(path);
        d = open_doc(path, &info);
        assert_non_null(d);
        assert_true(info.journal_found);
        size_t cnt;
        char *out = NULL;
        if (doc_recover(d, RECOVER_KEEP_BOTH, &cnt, &out, &err) != 0)
            fail_msg("%zu bytes: keep both: %s", L, err ? err : "?");
        assert_true(strlen(fio_basename(out)) <= NAME_MAX);
        free(out);
        close_doc(d, &info);
        free(expect);
        expect = crash_after_edits(path);
        apply_and_compare(path, expect);
        d = open_doc(path, &info);
        assert_non_null(d);
        if (doc_recover(d, RECOVER_APPLY, &cnt, NULL, &err) != 0 || doc_save(d, &err) != 0)
            fail_msg("%zu bytes: apply and save: %s", L, err ? err : "?");
        close_doc(d, &info);
        free(expect);
        expect = crash_after_edits(path);
        d = open_doc(path, &info);
        assert_non_null(d);
        if (doc_recover(d, RECOVER_DISCARD, &cnt, NULL, &err) != 0)
            fail_msg("%zu bytes: discard: %s", L, err ? err : "?");
        close_doc(d, &info);
        free(expect);
    }
}

/* ---- saving over a read-only draft, or another user's (item 13) ---- */

static void test_readonly_draft_asks_before_replacing(void **state)
{
    (void)state;
    chmod(draft_path, 0444);
    size_t n0;
    char *before = slurp(draft_path, &n0);
    doc_open_info info;
    doc *d = open_doc(draft_path, &info);
    assert_non_null(d);
    assert_int_equal(set(d, "funds.executed", "2.5"), 0);
    char *err = NULL;
    assert_int_equal(doc_save(d, &err), DOC_SAVE_ASK);
    assert_non_null(err);
    assert_non_null(strstr(err, "read-only"));
    free(err);
    size_t n1;
    char *mid = slurp(draft_path, &n1);
    assert_int_equal(n1, n0);
    assert_memory_equal(mid, before, n0);           /* not replaced before the answer */
    free(mid);
    err = NULL;
    assert_int_equal(doc_save_anyway(d, &err), 0);  /* the clerk said yes */
    close_doc(d, &info);
    struct stat st;
    assert_int_equal(stat(draft_path, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0444);     /* and it stays read-only */
    free(before);
}

static void test_save_by_another_user_asks(void **state)
{
    (void)state;
    if (geteuid() != 0)
        skip();
    chmod(tmpdir, 0777);
    chmod(draft_path, 0666);
    fflush(NULL);
    assert_int_equal(forms_for_nobody(tmpdir), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        if (setgid(65534) != 0 || setuid(65534) != 0)
            _exit(8);
        doc_open_info info;
        doc *d = open_doc(draft_path, &info);
        if (!d || doc_get_mode(d) != DOC_EDIT)
            _exit(2);
        if (set(d, "funds.executed", "3.5"))
            _exit(3);
        char *err = NULL;
        int r = doc_save(d, &err);
        int rc = r != DOC_SAVE_ASK ? 4 : !err || !strstr(err, "belongs to") ? 5 : 0;
        free(err);
        close_doc(d, &info);
        _exit(rc);
    }
    int st = 0;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 0);
    struct stat sb;
    assert_int_equal(stat(draft_path, &sb), 0);
    assert_int_equal(sb.st_uid, 0);                 /* still the owner's */
}

int main(int argc, char **argv)
{
    if (argc > 1)
        cmocka_set_test_filter(argv[1]);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha256_vectors),
        cmocka_unit_test_setup_teardown(test_touch_keeps_journal_offered, setup, teardown),
        cmocka_unit_test_setup_teardown(test_copied_session_offered, setup, teardown),
        cmocka_unit_test_setup_teardown(test_changed_draft_offered_with_doubt, setup, teardown),
        cmocka_unit_test_setup_teardown(test_save_stopped_before_journal_removed, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_kill_during_apply, setup, teardown),
        cmocka_unit_test_setup_teardown(test_replay_refuses_invalid_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_save_over_the_load_limit_refused, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_long_names_up_to_name_max, setup, teardown),
        cmocka_unit_test_setup_teardown(test_readonly_draft_asks_before_replacing, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_save_by_another_user_asks, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
