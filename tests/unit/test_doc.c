/* Open documents: edit, save, reopen; recovery from the journal after a crash (apply,
 * discard, keep both); the edit lock; undo and redo of every kind of edit, and that undo is
 * journaled too. Uses forms/project.json ($SELFEVAL_FORMS, else ./forms). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/draft.h"
#include "core/engine.h"
#include "store/doc.h"
#include "store/crc32.h"
#include "store/draft_file.h"
#include "core/sha256.h"
#include "tmp_fixture.h"

static char tmpdir[64];
static char draft_path[PATH_MAX];
static bool in_child;     /* a forked child must exit on failure, not return into cmocka */

#define CHECK(cond)                                                                         \
    do {                                                                                    \
        if (!(cond)) {                                                                      \
            if (in_child)                                                                   \
                _exit(9);                                                                   \
            fail_msg("%s:%d: %s", __FILE__, __LINE__, #cond);                               \
        }                                                                                   \
    } while (0)

/* ---- helpers ---- */

static inode *F(doc *d, const char *path)
{
    inode *n = engine_find(doc_engine(d), path);
    if (!n)
        print_error("no instance %s\n", path);
    CHECK(n);
    return n;
}

static const char *T(doc *d, const char *path)
{
    return inode_text(F(d, path));
}

static void set(doc *d, const char *path, const char *text)
{
    char *err = NULL;
    eng_change chg;
    if (doc_set_text(d, F(d, path), text, &chg, &err) != 0)
        print_error("set %s: %s\n", path, err ? err : "?");
    CHECK(err == NULL);
}

static void reason(doc *d, const char *path, const char *why)
{
    char *err = NULL;
    CHECK(doc_set_override_reason(d, F(d, path), why, NULL, &err) == 0);
    CHECK(err == NULL);
}

static const char *row_id(doc *d, const char *table, size_t i)
{
    inode *r = inode_kid(F(d, table), i);
    assert_non_null(r);
    return inode_row_id(r);
}

static size_t nrows(doc *d, const char *table)
{
    return inode_nkids(F(d, table));
}

static char *printed(doc *d)
{
    size_t len;
    char *p = draft_print(doc_draft(d), &len);
    assert_non_null(p);
    return p;
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static char *pathf(const char *fmt, const char *a)
{
    char *p = NULL;
    assert_true(asprintf(&p, fmt, a) >= 0);
    return p;
}

/* Number of files in tmpdir whose name starts with `prefix`; the last one's path in *found. */
static int count_files(const char *prefix, char **found)
{
    DIR *dir = opendir(tmpdir);
    assert_non_null(dir);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(dir))) {
        if (strncmp(e->d_name, prefix, strlen(prefix)) == 0) {
            n++;
            if (found) {
                free(*found);
                assert_true(asprintf(found, "%s/%s", tmpdir, e->d_name) >= 0);
            }
        }
    }
    closedir(dir);
    return n;
}

static doc *open_edit(doc_open_info *info)
{
    char *err = NULL;
    doc *d = doc_open(draft_path, "project", false, info, &err);
    if (!d) {
        print_error("open: %s\n", err ? err : "?");
        fail();
    }
    return d;
}

static void save(doc *d)
{
    char *err = NULL;
    if (doc_save(d, &err) != 0) {
        print_error("save: %s\n", err ? err : "?");
        fail();
    }
}

static void close_info(doc *d, doc_open_info *info)
{
    doc_close(d);
    lock_holder_free(&info->holder);
}

/* Some edits of every kind on a saved draft with two indicator rows. */
static void make_saved_base(void)
{
    doc_open_info info;
    doc *d = open_edit(&info);
    set(d, "header.name", "开放型经济发展与三产业发展引导资金");
    set(d, "funds.budget_annual", "990");
    set(d, "funds.executed", "547.6879");
    char *err = NULL;
    while (nrows(d, "indicators") < 2)
        if (doc_row_add(d, F(d, "indicators"), nrows(d, "indicators"), NULL, NULL, &err) != 0) {
            print_error("row add: %s\n", err ? err : "?");
            fail();
        }
    char p[128];
    snprintf(p, sizeof p, "indicators.%s.level3", row_id(d, "indicators", 0));
    set(d, p, "对外承包工程完成营业额");
    snprintf(p, sizeof p, "indicators.%s.level3", row_id(d, "indicators", 1));
    set(d, p, "引进 500 强企业");
    save(d);
    close_info(d, &info);
}

/* Rows are added, moved and copied only at the ends of the table here; the middle has a test
 * of its own (test_row_edits_in_the_middle). */
static void edits_of_every_kind(doc *d)
{
    char *err = NULL;
    char p[128];
    inode *tab = F(d, "indicators");
    set(d, "funds.executed", "99999999999999.99");
    set(d, "header.department", "益阳市商务局");
    inode *row = NULL;
    CHECK(doc_row_add(d, tab, 0, &row, NULL, &err) == 0);
    snprintf(p, sizeof p, "indicators.%s.level3", inode_row_id(row));
    set(d, p, "新增指标");
    snprintf(p, sizeof p, "indicators.%s.score", inode_row_id(row));
    set(d, p, "9.5");
    reason(d, p, "按实际完成情况酌情扣分");
    CHECK(doc_row_move(d, tab, 0, 2, NULL, &err) == 0);
    CHECK(doc_row_duplicate(d, tab, 2, NULL, NULL, &err) == 0);
    CHECK(doc_row_delete(d, tab, 0, NULL, &err) == 0);
    set(d, "goals.expected", "第一行\n第二行 \"引号\"");
}

/* ---- fixtures ---- */

static int setup(void **state)
{
    (void)state;
    tf_use_repo_forms();
    if (tf_make_tmpdir(tmpdir, sizeof tmpdir, "doc") != 0)
        return -1;
    snprintf(draft_path, sizeof draft_path, "%s/d.json", tmpdir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tf_rm_tree(tmpdir);
    return 0;
}

/* ---- tests ---- */

static void test_new_edit_save_reopen(void **state)
{
    (void)state;
    doc_open_info info;
    doc *d = open_edit(&info);
    assert_true(info.created);
    assert_int_equal(info.mode, DOC_EDIT);
    assert_int_equal(info.lock, LOCK_ACQUIRED);
    assert_false(info.journal_found);
    assert_false(doc_dirty(d));
    char *lock = pathf("%s.lock", draft_path), *jr = pathf("%s.journal", draft_path);
    assert_true(exists(lock));
    assert_true(exists(jr));
    assert_false(exists(draft_path));             /* saved on the first save only */

    set(d, "header.name", "项目");
    set(d, "funds.budget_annual", "99999999999999.99");
    set(d, "funds.executed", "0.000001");
    set(d, "sources.fiscal.annual", "547.6879");
    char *err = NULL;
    inode *row = NULL;
    assert_int_equal(doc_row_add(d, F(d, "indicators"), nrows(d, "indicators"), &row, NULL,
                                 &err), 0);
    char p[128];
    snprintf(p, sizeof p, "indicators.%s.score", inode_row_id(row));
    char *score_path = strdup(p);
    set(d, score_path, "7");
    reason(d, score_path, "理由");
    assert_true(doc_dirty(d));
    save(d);
    assert_false(doc_dirty(d));
    assert_true(exists(draft_path));
    assert_true(exists(jr));                        /* restarted, empty */
    char *expect = printed(d);
    close_info(d, &info);
    assert_false(exists(lock));                     /* released */
    assert_false(exists(jr));                       /* nothing unsaved: removed */

    d = open_edit(&info);
    assert_false(info.created);
    assert_false(info.journal_found);
    assert_string_equal(T(d, "header.name"), "项目");
    assert_string_equal(T(d, "funds.budget_annual"), "99999999999999.99");
    assert_string_equal(T(d, "funds.executed"), "0.000001");
    assert_string_equal(T(d, "sources.fiscal.annual"), "547.6879");
    assert_string_equal(T(d, score_path), "7");
    assert_non_null(draft_override_get(doc_draft(d), score_path));
    assert_string_equal(draft_override_get(doc_draft(d), score_path)->reason, "理由");
    assert_non_null(doc_draft(d)->modified);
    char *again = printed(d);
    assert_string_equal(again, expect);             /* everything came back */
    /* a second save keeps the previous version as d.json~ */
    set(d, "header.name", "项目二");
    save(d);
    char *backup = pathf("%s~", draft_path);
    assert_true(exists(backup));
    close_info(d, &info);
    draft *old = draft_file_read(backup, &err);
    assert_non_null(old);
    free(backup);
    draft_free(old);
    free(again);
    free(expect);
    free(score_path);
    free(lock);
    free(jr);
}

/* A child process edits without saving and dies (lock left behind, journal on disk). It
 * leaves what its draft looked like in `expect_path`. */
static void crash_after_edits(const char *expect_path)
{
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        in_child = true;
        doc_open_info info;
        char *err = NULL;
        doc *d = doc_open(draft_path, NULL, false, &info, &err);
        if (!d)
            _exit(2);
        edits_of_every_kind(d);
        size_t len;
        char *p = draft_print(doc_draft(d), &len);
        FILE *f = fopen(expect_path, "wb");
        if (!p || !f || fwrite(p, 1, len, f) != len || fclose(f) != 0)
            _exit(3);
        _exit(0);                                   /* no close, no save: a crash */
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *b = calloc(1, 1 << 20);
    size_t n = fread(b, 1, (1 << 20) - 1, f);
    b[n] = '\0';
    fclose(f);
    return b;
}

static void test_recover_apply_after_crash(void **state)
{
    (void)state;
    make_saved_base();
    char *saved = slurp(draft_path);
    char *expect_path = pathf("%s.expect", draft_path);
    crash_after_edits(expect_path);
    char *expect = slurp(expect_path);
    unlink(expect_path);
    assert_string_not_equal(expect, saved);

    doc_open_info info;
    doc *d = open_edit(&info);
    assert_int_equal(info.lock, LOCK_TAKEN_OVER);   /* the dead editor's lock */
    assert_true(info.journal_found);
    assert_int_equal(info.mode, DOC_EDIT);
    /* nothing may change before the clerk has chosen */
    char *err = NULL;
    assert_int_equal(doc_set_text(d, F(d, "header.name"), "x", NULL, &err), -1);
    assert_non_null(strstr(err, "recover"));
    free(err);
    err = NULL;
    assert_int_equal(doc_save(d, &err), -1);
    free(err);
    err = NULL;
    size_t n = 0;
    assert_int_equal(doc_recover(d, RECOVER_APPLY, &n, NULL, &err), 0);
    assert_true(n >= 10);
    assert_true(doc_dirty(d));
    char *got = printed(d);
    assert_string_equal(got, expect);               /* every change is back, byte for byte */
    free(got);
    assert_int_equal(count_files("d.json.journal.applied-", NULL), 1);
    /* the new journal holds the replayed changes: closing without saving loses nothing */
    close_info(d, &info);
    d = open_edit(&info);
    assert_true(info.journal_found);
    assert_int_equal(doc_recover(d, RECOVER_APPLY, &n, NULL, &err), 0);
    got = printed(d);
    assert_string_equal(got, expect);
    free(got);
    assert_int_equal(count_files("d.json.journal.applied-", NULL), 2);
    save(d);
    /* this session's copy goes once its changes are saved; the first session's copy stays
     * (it was closed unsaved: nothing of a journal goes before it is in a saved draft) */
    assert_int_equal(count_files("d.json.journal.applied-", NULL), 1);
    close_info(d, &info);
    d = open_edit(&info);
    assert_false(info.journal_found);
    assert_string_equal(T(d, "funds.executed"), "99999999999999.99");
    assert_string_equal(T(d, "goals.expected"), "第一行\n第二行 \"引号\"");
    close_info(d, &info);
    free(expect);
    free(saved);
    free(expect_path);
}

static void test_recover_discard(void **state)
{
    (void)state;
    make_saved_base();
    char *saved = slurp(draft_path);
    char *expect_path = pathf("%s.expect", draft_path);
    crash_after_edits(expect_path);
    unlink(expect_path);
    doc_open_info info;
    doc *d = open_edit(&info);
    assert_true(info.journal_found);
    size_t n = 0;
    char *err = NULL, *aside = NULL;
    assert_int_equal(doc_recover(d, RECOVER_DISCARD, &n, NULL, &err), 0);
    assert_true(n >= 10);
    assert_false(doc_dirty(d));
    assert_int_equal(count_files("d.json.journal.discarded-", &aside), 1);
    struct stat st;
    assert_int_equal(stat(aside, &st), 0);
    assert_true(st.st_size > 0);                    /* kept whole, not emptied */
    char *got = printed(d);
    assert_string_equal(got, saved);                /* the draft as last saved */
    free(got);
    /* editing works again, with a fresh journal */
    set(d, "header.name", "再来");
    close_info(d, &info);
    d = open_edit(&info);
    assert_true(info.journal_found);                /* the new session's unsaved edit */
    assert_int_equal(doc_recover(d, RECOVER_APPLY, &n, NULL, &err), 0);
    assert_int_equal(n, 1);
    assert_string_equal(T(d, "header.name"), "再来");
    close_info(d, &info);
    free(aside);
    free(saved);
    free(expect_path);
}

static void test_recover_keep_both(void **state)
{
    (void)state;
    make_saved_base();
    char *saved = slurp(draft_path);
    char *expect_path = pathf("%s.expect", draft_path);
    crash_after_edits(expect_path);
    char *expect = slurp(expect_path);
    unlink(expect_path);
    doc_open_info info;
    doc *d = open_edit(&info);
    assert_true(info.journal_found);
    size_t n = 0;
    char *err = NULL, *out = NULL;
    assert_int_equal(doc_recover(d, RECOVER_KEEP_BOTH, &n, &out, &err), 0);
    assert_true(n >= 10);
    assert_non_null(out);
    assert_non_null(strstr(out, "/d.recovered-"));
    assert_true(exists(out));
    assert_int_equal(count_files("d.json.journal.kept-", NULL), 1);
    char *got = printed(d);
    assert_string_equal(got, saved);                /* the draft itself is as it was */
    free(got);
    char *rec = slurp(out);
    char *now_on_disk = slurp(draft_path);
    assert_string_equal(now_on_disk, saved);
    free(now_on_disk);
    /* the copy has the changes (its modified time is its own) */
    draft *a = draft_parse(rec, strlen(rec), out, &err);
    draft *b = draft_parse(expect, strlen(expect), "expect", &err);
    assert_non_null(a);
    assert_non_null(b);
    free(a->modified);
    a->modified = b->modified ? strdup(b->modified) : NULL;
    char *pa = draft_print(a, NULL), *pb = draft_print(b, NULL);
    assert_string_equal(pa, pb);
    free(pa);
    free(pb);
    draft_free(a);
    draft_free(b);
    close_info(d, &info);
    free(rec);
    free(out);
    free(expect);
    free(saved);
    free(expect_path);
}

static void test_second_open_is_read_only(void **state)
{
    (void)state;
    make_saved_base();
    doc_open_info ia, ib;
    doc *a = open_edit(&ia);
    assert_int_equal(ia.mode, DOC_EDIT);
    char *err = NULL;
    doc *b = doc_open(draft_path, NULL, false, &ib, &err);
    assert_non_null(b);
    assert_int_equal(ib.mode, DOC_READONLY);
    assert_int_equal(doc_get_mode(b), DOC_READONLY);
    assert_int_equal(ib.lock, LOCK_HELD);
    assert_int_equal(ib.holder.pid, getpid());
    assert_non_null(ib.holder.user);
    assert_false(ib.journal_found);                 /* the holder's journal is alive, not ours */
    char *who = lock_holder_describe(&ib.holder);
    assert_non_null(who);
    free(who);
    assert_int_equal(doc_set_text(b, F(b, "header.name"), "x", NULL, &err), -1);
    assert_non_null(strstr(err, "read-only"));
    free(err);
    err = NULL;
    assert_int_equal(doc_save(b, &err), -1);
    free(err);
    close_info(b, &ib);
    /* the holder's lock survived the reader's close */
    char *lock = pathf("%s.lock", draft_path);
    assert_true(exists(lock));
    set(a, "header.name", "仍可编辑");
    save(a);
    close_info(a, &ia);
    assert_false(exists(lock));
    free(lock);
}

static void test_forced_read_only(void **state)
{
    (void)state;
    make_saved_base();
    doc_open_info info;
    char *err = NULL;
    doc *d = doc_open(draft_path, NULL, true, &info, &err);
    assert_non_null(d);
    assert_int_equal(info.mode, DOC_READONLY);
    char *lock = pathf("%s.lock", draft_path), *jr = pathf("%s.journal", draft_path);
    assert_false(exists(lock));
    assert_false(exists(jr));
    assert_int_equal(doc_row_add(d, F(d, "indicators"), 0, NULL, NULL, &err), -1);
    free(err);
    doc_emergency_sync(d);                          /* no journal: nothing, no crash */
    assert_int_equal(doc_ms_until_tick(d), -1);
    close_info(d, &info);
    free(lock);
    free(jr);
}

static void test_open_refusals(void **state)
{
    (void)state;
    char *err = NULL;
    doc_open_info info;
    assert_null(doc_open(draft_path, NULL, false, &info, &err));
    assert_non_null(strstr(err, "no such file"));
    free(err);
    make_saved_base();
    assert_null(doc_open(draft_path, "department", false, &info, &err));
    assert_non_null(strstr(err, "a draft of form 'project', not 'department'"));
    free(err);
    /* a strict-parse refusal comes through with its line and column */
    FILE *f = fopen(draft_path, "w");
    fputs("{\"format\": \"selfeval-draft/1.0\", \"form\": {\"id\": \"project\", \"version\": "
          "\"2025.1\"},\n \"values\": {\"funds\": {\"executed\": 547.6879}}}\n", f);
    fclose(f);
    assert_null(doc_open(draft_path, NULL, false, &info, &err));
    char *want = pathf("%s line 2, column 35: expected a string (amounts are stored as text)",
                       draft_path);
    assert_string_equal(err, want);
    free(want);
    free(err);
    /* a newer form version than installed */
    f = fopen(draft_path, "w");
    fputs("{\"format\": \"selfeval-draft/1.0\", \"form\": {\"id\": \"project\", \"version\": "
          "\"9999.1\"}}\n", f);
    fclose(f);
    assert_null(doc_open(draft_path, NULL, false, &info, &err));
    assert_non_null(strstr(err, "newer than the installed version"));
    free(err);
    /* a form that is not installed */
    f = fopen(draft_path, "w");
    fputs("{\"format\": \"selfeval-draft/1.0\", \"form\": {\"id\": \"nosuchform\", \"version\": "
          "\"1\"}}\n", f);
    fclose(f);
    assert_null(doc_open(draft_path, NULL, false, &info, &err));
    assert_non_null(strstr(err, "form 'nosuchform' is not installed"));
    free(err);
    char *lock = pathf("%s.lock", draft_path);
    assert_false(exists(lock));                     /* a refused open leaves no lock */
    free(lock);
}

/* Undo and redo of each kind of edit restore exactly the draft before / after it. */
static void test_undo_redo_each_kind(void **state)
{
    (void)state;
    make_saved_base();
    doc_open_info info;
    doc *d = open_edit(&info);
    char *err = NULL;
    inode *cur = NULL;
    inode *tab = F(d, "indicators");
    char p[128];
    snprintf(p, sizeof p, "indicators.%s.score", row_id(d, "indicators", 0));
    char *score0 = strdup(p);
    set(d, score0, "8");
    reason(d, score0, "原因");
    /* typed out of the form's order: undoing the row's delete must keep this order */
    snprintf(p, sizeof p, "indicators.%s.actual", row_id(d, "indicators", 0));
    set(d, p, "12 家");
    snprintf(p, sizeof p, "indicators.%s.weight", row_id(d, "indicators", 0));
    set(d, p, "10");

    /* each step: state before, the edit, undo == before, redo == after, undo again */
    for (int kind = 0; kind < 6; kind++) {
        char *before = printed(d);
        inode *row = NULL;
        switch (kind) {
        case 0: set(d, "funds.executed", "123.45"); break;
        case 1: reason(d, score0, "新的原因"); break;
        case 2: assert_int_equal(doc_row_add(d, tab, 0, &row, NULL, &err), 0); break;
        case 3: assert_int_equal(doc_row_delete(d, tab, 0, NULL, &err), 0); break;
        case 4: assert_int_equal(doc_row_move(d, tab, 0, 1, NULL, &err), 0); break;
        case 5: assert_int_equal(doc_row_duplicate(d, tab, 1, &row, NULL, &err), 0); break;
        }
        char *after = printed(d);
        assert_string_not_equal(before, after);
        eng_change chg;
        assert_int_equal(doc_undo(d, &cur, &chg, &err), 1);
        char *undone = printed(d);
        if (strcmp(undone, before) != 0) {
            print_error("kind %d: undo differs\nbefore:\n%s\nundone:\n%s\n", kind, before,
                        undone);
            fail();
        }
        assert_int_equal(doc_redo(d, &cur, &chg, &err), 1);
        char *redone = printed(d);
        if (strcmp(redone, after) != 0) {
            print_error("kind %d: redo differs\nafter:\n%s\nredone:\n%s\n", kind, after, redone);
            fail();
        }
        assert_int_equal(doc_undo(d, &cur, &chg, &err), 1);
        free(undone);
        undone = printed(d);
        assert_string_equal(undone, before);
        free(before);
        free(after);
        free(undone);
        free(redone);
    }
    /* a deleted row comes back with its id, its values and its override reason */
    char *before = printed(d);
    const char *id0 = row_id(d, "indicators", 0);
    char *id = strdup(id0);
    assert_int_equal(doc_row_delete(d, tab, 0, NULL, &err), 0);
    assert_null(draft_override_get(doc_draft(d), score0));    /* went with the row */
    assert_int_equal(doc_undo(d, &cur, NULL, &err), 1);
    assert_string_equal(row_id(d, "indicators", 0), id);
    assert_string_equal(T(d, score0), "8");
    assert_string_equal(draft_override_get(doc_draft(d), score0)->reason, "原因");
    char *now = printed(d);
    assert_string_equal(now, before);
    free(now);
    free(before);
    free(id);
    /* nothing more to redo after a new edit; undo until empty returns 0 */
    set(d, "header.name", "新名称");
    assert_int_equal(doc_redo(d, &cur, NULL, &err), 0);
    int undone = 0;
    while (doc_undo(d, &cur, NULL, &err) == 1)
        undone++;
    assert_true(undone >= 3);
    assert_int_equal(doc_undo(d, &cur, NULL, &err), 0);
    close_info(d, &info);
    free(score0);
}

/* Undo is journaled as the edits it performs: after a crash, recovery gives the state the
 * undo left, not the one before it. */
static void test_undo_is_journaled(void **state)
{
    (void)state;
    make_saved_base();
    doc_open_info info;
    doc *d = open_edit(&info);
    char *err = NULL;
    edits_of_every_kind(d);
    inode *cur = NULL;
    for (int i = 0; i < 4; i++)
        assert_int_equal(doc_undo(d, &cur, NULL, &err), 1);
    assert_int_equal(doc_redo(d, &cur, NULL, &err), 1);
    char *expect = printed(d);
    close_info(d, &info);                           /* unsaved: the journal stays */
    d = open_edit(&info);
    assert_true(info.journal_found);
    size_t n = 0;
    assert_int_equal(doc_recover(d, RECOVER_APPLY, &n, NULL, &err), 0);
    char *got = printed(d);
    assert_string_equal(got, expect);
    free(got);
    free(expect);
    close_info(d, &info);
}

static void test_unchanged_text_is_no_edit(void **state)
{
    (void)state;
    make_saved_base();
    doc_open_info info;
    doc *d = open_edit(&info);
    set(d, "header.name", T(d, "header.name"));     /* the same text again */
    assert_false(doc_dirty(d));
    char *err = NULL;
    assert_int_equal(doc_undo(d, NULL, NULL, &err), 0);
    assert_int_equal(doc_ms_until_tick(d), -1);      /* nothing to sync: no record written */
    close_info(d, &info);
    d = open_edit(&info);
    assert_false(info.journal_found);
    close_info(d, &info);
}

/* Edits in a group (a paste of many cells) are one step of undo and redo; an edit after the
 * group is a step of its own. */
static void test_undo_group(void **state)
{
    (void)state;
    make_saved_base();
    doc_open_info info;
    doc *d = open_edit(&info);
    char *err = NULL;
    char *name0 = strdup(T(d, "header.name"));
    char *dep0 = strdup(T(d, "header.department"));
    assert_non_null(name0);
    assert_non_null(dep0);
    doc_group_begin(d);
    set(d, "header.name", "甲");
    set(d, "header.department", "乙");
    doc_group_end(d);
    set(d, "header.name", "丙");
    assert_int_equal(doc_undo(d, NULL, NULL, &err), 1);      /* the single edit */
    assert_string_equal(T(d, "header.name"), "甲");
    assert_string_equal(T(d, "header.department"), "乙");
    assert_int_equal(doc_undo(d, NULL, NULL, &err), 1);      /* the whole group */
    assert_string_equal(T(d, "header.name"), name0);
    assert_string_equal(T(d, "header.department"), dep0);
    assert_int_equal(doc_redo(d, NULL, NULL, &err), 1);      /* the whole group again */
    assert_string_equal(T(d, "header.name"), "甲");
    assert_string_equal(T(d, "header.department"), "乙");
    assert_int_equal(doc_redo(d, NULL, NULL, &err), 1);
    assert_string_equal(T(d, "header.name"), "丙");
    free(name0);
    free(dep0);
    close_info(d, &info);
}

static void test_tick_and_emergency_sync(void **state)
{
    (void)state;
    make_saved_base();
    doc_open_info info;
    doc *d = open_edit(&info);
    char *err = NULL;
    set(d, "header.name", "一");
    int ms = doc_ms_until_tick(d);
    assert_true(ms >= 0 && ms <= 2000);
    doc_emergency_sync(d);
    /* synced: nothing is left for a tick or the close to fsync again */
    assert_int_equal(doc_ms_until_tick(d), -1);
    assert_int_equal(doc_tick(d, &err), 0);
    close_info(d, &info);
}

/* Rows added, moved, copied and restored (undo of a delete) between other rows: the draft's
 * rows must be in the order the table shows, and survive a save and a reopen in it. */
static void test_row_edits_in_the_middle(void **state)
{
    (void)state;
    make_saved_base();
    doc_open_info info;
    doc *d = open_edit(&info);
    char *err = NULL;
    inode *tab = F(d, "indicators");
    inode *row = NULL;
    assert_int_equal(doc_row_add(d, tab, nrows(d, "indicators"), NULL, NULL, &err), 0);
    assert_int_equal(nrows(d, "indicators"), 3);
    if (doc_row_add(d, tab, 1, &row, NULL, &err) != 0)
        fail_msg("adding a row in the middle: %s", err ? err : "?");
    assert_int_equal(nrows(d, "indicators"), 4);
    assert_ptr_equal(inode_kid(tab, 1), row);
    assert_int_equal(doc_row_move(d, tab, 3, 1, NULL, &err), 0);
    assert_int_equal(doc_row_duplicate(d, tab, 0, NULL, NULL, &err), 0);
    assert_int_equal(doc_row_delete(d, tab, 2, NULL, &err), 0);
    inode *cur = NULL;
    assert_int_equal(doc_undo(d, &cur, NULL, &err), 1);   /* the row comes back at 2 */
    /* the draft's array is in the table's order */
    char *ids_shown = calloc(1, 256);
    for (size_t i = 0; i < nrows(d, "indicators"); i++) {
        strcat(ids_shown, row_id(d, "indicators", i));
        strcat(ids_shown, " ");
    }
    char *ids_stored = calloc(1, 256);
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(doc_draft(d)->values, "indicators");
    for (const cJSON *r = arr ? arr->child : NULL; r; r = r->next) {
        strcat(ids_stored, cJSON_GetObjectItemCaseSensitive(r, "_id")->valuestring);
        strcat(ids_stored, " ");
    }
    assert_string_equal(ids_stored, ids_shown);
    save(d);
    close_info(d, &info);
    d = open_edit(&info);
    char *ids_reopened = calloc(1, 256);
    for (size_t i = 0; i < nrows(d, "indicators"); i++) {
        strcat(ids_reopened, row_id(d, "indicators", i));
        strcat(ids_reopened, " ");
    }
    assert_string_equal(ids_reopened, ids_shown);
    close_info(d, &info);
    free(ids_shown);
    free(ids_stored);
    free(ids_reopened);
}

static void put_record(FILE *f, const char *payload)
{
    fprintf(f, "J1 %08x %zu %s\n", (unsigned)crc32_update(0, payload, strlen(payload)),
            strlen(payload), payload);
}

/* A save stopped after replacing the draft but before removing the journal: the journal's
 * changes are in the draft already. Offering them would apply them twice; it is set aside. */
static void test_stale_journal_set_aside(void **state)
{
    (void)state;
    make_saved_base();
    char *jp = pathf("%s.journal", draft_path);
    FILE *f = fopen(jp, "wb");
    assert_non_null(f);
    /* a header naming another state of the draft than the one on disk, and the record a
     * save writes before putting the new file in place, naming the draft's bytes now: that
     * save was stopped before it could remove the journal (judged by content, not time) */
    put_record(f, "{\"j\":\"selfeval-journal/1\",\"draft\":\"d.json\",\"draft_sha256\":"
                  "\"0000000000000000000000000000000000000000000000000000000000000000\"}");
    put_record(f, "{\"op\":\"row_add\",\"table\":\"indicators\",\"at\":0,\"id\":\"r77\"}");
    char *now = slurp(draft_path);
    char hash[SHA256_HEX_LEN + 1], saved[128];
    sha256_hex(now, strlen(now), hash);
    free(now);
    snprintf(saved, sizeof saved, "{\"saved\":\"%s\"}", hash);
    put_record(f, saved);
    fclose(f);
    doc_open_info info;
    doc *d = open_edit(&info);
    assert_false(info.journal_found);
    assert_true(info.journal_stale);
    assert_string_not_equal(row_id(d, "indicators", 0), "r77"); /* not applied */
    bool found = false;
    char *dir = strdup(draft_path);
    *strrchr(dir, '/') = '\0';
    DIR *dh = opendir(dir);
    for (struct dirent *de; dh && (de = readdir(dh));)
        if (strstr(de->d_name, ".journal.stale-"))
            found = true;
    if (dh)
        closedir(dh);
    assert_true(found);                              /* never deleted */
    free(dir);
    close_info(d, &info);
    free(jp);
}

/* A journal written by hand: records that do not fit the draft are skipped, the others
 * applied; a torn tail is ignored. */
static void test_recover_skips_what_does_not_fit(void **state)
{
    (void)state;
    make_saved_base();
    char *jp = pathf("%s.journal", draft_path);
    FILE *f = fopen(jp, "wb");
    assert_non_null(f);
    /* the header names the draft as it is on disk: the journal is newer than it */
    uint64_t size = 0, mtime = 0;
    assert_true(draft_file_stamp(draft_path, &size, &mtime));
    char *head = NULL;
    assert_true(asprintf(&head, "{\"j\":\"selfeval-journal/1\",\"draft\":\"d.json\","
                         "\"size\":%llu,\"mtime_ns\":%llu}", (unsigned long long)size,
                         (unsigned long long)mtime) >= 0);
    put_record(f, head);
    free(head);
    put_record(f, "{\"op\":\"set\",\"path\":\"funds.executed\",\"text\":\"1.5\"}");
    put_record(f, "{\"op\":\"set\",\"path\":\"no.such.field\",\"text\":\"x\"}");
    put_record(f, "{\"op\":\"row_del\",\"table\":\"indicators\",\"at\":99}");
    put_record(f, "{\"op\":\"set\",\"path\":\"indicators\",\"text\":\"x\"}");
    put_record(f, "{\"op\":\"frobnicate\"}");
    put_record(f, "not json at all");
    put_record(f, "{\"op\":\"set\",\"path\":\"header.name\",\"text\":\"名\",\"new\":1}");
    put_record(f, "{\"op\":\"row_add\",\"table\":\"indicators\",\"at\":2,\"id\":\"r77\"}");
    fputs("J1 0badf00d 40 {\"op\":\"set\",\"path\":\"funds.exec", f);   /* torn */
    fclose(f);
    doc_open_info info;
    doc *d = open_edit(&info);
    assert_true(info.journal_found);
    size_t n = 0;
    char *err = NULL;
    assert_int_equal(doc_recover(d, RECOVER_APPLY, &n, NULL, &err), 0);
    assert_int_equal(n, 3);
    assert_string_equal(T(d, "funds.executed"), "1.5");
    assert_string_equal(T(d, "header.name"), "名");     /* an unknown key is ignored */
    assert_string_equal(row_id(d, "indicators", 2), "r77");
    close_info(d, &info);
    free(jp);
}

/* A new draft whose editor was killed before its first save: no file, only the journal. The
 * journal's header names the form, so opening the path without a form finds it and offers the
 * recovery; another form is refused; a journal that names no form (older) is not guessed at. */
static void test_new_draft_recovered_from_journal(void **state)
{
    (void)state;
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        in_child = true;
        doc_open_info info;
        char *err = NULL;
        doc *d = doc_open(draft_path, "project", false, &info, &err);
        if (!d || !info.created)
            _exit(2);
        set(d, "header.name", "从未保存的项目");
        set(d, "funds.executed", "12.5");
        if (doc_row_add(d, F(d, "indicators"), 0, NULL, NULL, &err) != 0)
            _exit(3);
        set(d, "indicators[1].level3", "巡查次数");
        _exit(0);                                   /* killed: no save, no close */
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    assert_false(exists(draft_path));

    /* the header names the form and its version as installed */
    char *err = NULL;
    form *f = doc_load_form("project", &err);
    assert_non_null(f);
    char *version = NULL;
    char *id = doc_journal_form(draft_path, &version);
    assert_non_null(id);
    assert_string_equal(id, "project");
    assert_non_null(version);
    assert_string_equal(version, f->version);
    free(id);
    free(version);
    form_free(f);

    doc_open_info info;
    assert_null(doc_open(draft_path, "department", false, &info, &err));
    assert_non_null(strstr(err, "new draft of form 'project'"));
    free(err);
    err = NULL;
    doc *d = doc_open(draft_path, NULL, false, &info, &err);
    if (!d)
        fail_msg("open without a form: %s", err ? err : "?");
    assert_true(info.created);
    assert_true(info.journal_found);
    assert_string_equal(doc_form(d)->id, "project");
    assert_string_equal(T(d, "header.name"), "");   /* nothing before the clerk chooses */
    size_t n = 0;
    assert_int_equal(doc_recover(d, RECOVER_APPLY, &n, NULL, &err), 0);
    assert_true(n >= 4);
    assert_string_equal(T(d, "header.name"), "从未保存的项目");
    assert_string_equal(T(d, "funds.executed"), "12.5");
    assert_string_equal(T(d, "indicators[1].level3"), "巡查次数");
    save(d);
    close_info(d, &info);
    assert_true(exists(draft_path));
    d = open_edit(&info);
    assert_false(info.journal_found);
    assert_string_equal(T(d, "header.name"), "从未保存的项目");
    close_info(d, &info);

    /* a journal whose header names no form: the path is still "no such file" */
    unlink(draft_path);
    char *jp = pathf("%s.journal", draft_path);
    FILE *jf = fopen(jp, "wb");
    assert_non_null(jf);
    put_record(jf, "{\"j\":\"selfeval-journal/1\",\"draft\":\"d.json\",\"size\":0,"
                   "\"mtime_ns\":0}");
    put_record(jf, "{\"op\":\"set\",\"path\":\"header.name\",\"text\":\"x\"}");
    fclose(jf);
    assert_null(doc_journal_form(draft_path, NULL));
    assert_null(doc_open(draft_path, NULL, false, &info, &err));
    assert_non_null(strstr(err, "no such file"));
    free(err);
    /* nor one with a header only (a session that changed nothing) */
    jf = fopen(jp, "wb");
    assert_non_null(jf);
    put_record(jf, "{\"j\":\"selfeval-journal/1\",\"draft\":\"d.json\",\"size\":0,"
                   "\"mtime_ns\":0,\"form\":\"project\",\"form_version\":\"1\"}");
    fclose(jf);
    assert_null(doc_journal_form(draft_path, NULL));
    unlink(jp);
    free(jp);
}

static void test_forms_dir(void **state)
{
    (void)state;
    char *saved = strdup(getenv("SELFEVAL_FORMS"));
    setenv("SELFEVAL_FORMS", "/nonexistent/forms", 1);
    assert_string_equal(doc_forms_dir(), "/nonexistent/forms");
    char *err = NULL;
    assert_null(doc_load_form("project", &err));
    assert_non_null(strstr(err, "form 'project' is not installed"));
    free(err);
    assert_null(doc_load_form("../etc/passwd", &err));
    assert_non_null(strstr(err, "is not a form id"));
    free(err);
    setenv("SELFEVAL_FORMS", saved, 1);
    free(saved);
    form *f = doc_load_form("project", &err);
    assert_non_null(f);
    assert_string_equal(f->id, "project");
    form_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_new_edit_save_reopen, setup, teardown),
        cmocka_unit_test_setup_teardown(test_recover_apply_after_crash, setup, teardown),
        cmocka_unit_test_setup_teardown(test_recover_discard, setup, teardown),
        cmocka_unit_test_setup_teardown(test_recover_keep_both, setup, teardown),
        cmocka_unit_test_setup_teardown(test_second_open_is_read_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_forced_read_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_refusals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_undo_redo_each_kind, setup, teardown),
        cmocka_unit_test_setup_teardown(test_undo_is_journaled, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unchanged_text_is_no_edit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_undo_group, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tick_and_emergency_sync, setup, teardown),
        cmocka_unit_test_setup_teardown(test_row_edits_in_the_middle, setup, teardown),
        cmocka_unit_test_setup_teardown(test_recover_skips_what_does_not_fit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stale_journal_set_aside, setup, teardown),
        cmocka_unit_test_setup_teardown(test_new_draft_recovered_from_journal, setup, teardown),
        cmocka_unit_test_setup_teardown(test_forms_dir, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
