/* A document opened for review (DOC_REVIEW): values, overrides and rows refused by the store;
 * queries, re-check figures and the reviewer's transitions journaled, undoable (but the
 * transitions), recovered after a crash; the clerk's mode the other way round; a reviewer's
 * save or transition refused when the file changed on disk since it was opened. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/query.h"
#include "core/recheck.h"
#include "store/doc.h"
#include "store/draft_file.h"
#include "tmp_fixture.h"

static char tmpdir[64];
static char draft_path[PATH_MAX];

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *b = calloc(1, 1 << 20);
    *n = fread(b, 1, (1 << 20) - 1, f);
    fclose(f);
    return b;
}

static void spit(const char *path, const char *b, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(b, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

static int setup(void **state)
{
    (void)state;
    tf_use_repo_forms();
    if (tf_make_tmpdir(tmpdir, sizeof tmpdir, "docrev") != 0)
        return -1;
    snprintf(draft_path, sizeof draft_path, "%s/d.json", tmpdir);
    size_t n;
    char *b = slurp("tests/fixtures/seed001_project.json", &n);
    spit(draft_path, b, n);
    free(b);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tf_rm_tree(tmpdir);
    return 0;
}

static doc *open_as(doc_mode m, const char *user)
{
    doc_open_info info;
    char *err = NULL;
    doc *d = doc_open_as(draft_path, NULL, m, &info, &err);
    if (!d)
        fail_msg("%s", err ? err : "?");
    lock_holder_free(&info.holder);
    assert_int_equal(doc_get_mode(d), m);
    assert_int_equal(doc_set_user(d, user), 0);
    return d;
}

/* err by address: read after the call that fills it */
static void refused(int rc, char **err, const char *needle)
{
    assert_int_equal(rc, -1);
    if (!*err || !strstr(*err, needle))
        fail_msg("got \"%s\", wanted something with \"%s\"", *err ? *err : "(none)", needle);
    free(*err);
    *err = NULL;
}

static void save(doc *d)
{
    char *err = NULL;
    if (doc_save(d, &err) != 0)
        fail_msg("%s", err ? err : "?");
}

static void test_review_mode_refuses_values(void **state)
{
    (void)state;
    size_t n0, n1;
    char *before = slurp(draft_path, &n0);
    doc *d = open_as(DOC_REVIEW, "市财政局 王");
    engine *e = doc_engine(d);
    char *err = NULL;
    inode *f = engine_find(e, "indicators.r2.actual");
    const char *rv = "review mode: the clerk's values cannot be changed";
    refused(doc_set_text(d, f, "11 家", NULL, &err), &err, rv);
    err = NULL;
    refused(doc_set_override_reason(d, engine_find(e, "indicators.r2.score"), "x", NULL, &err),
            &err, rv);
    err = NULL;
    inode *tab = engine_find(e, "indicators");
    refused(doc_row_add(d, tab, 0, NULL, NULL, &err), &err, rv);
    err = NULL;
    refused(doc_row_delete(d, tab, 0, NULL, &err), &err, rv);
    err = NULL;
    refused(doc_row_move(d, tab, 0, 1, NULL, &err), &err, rv);
    err = NULL;
    refused(doc_row_duplicate(d, tab, 0, NULL, NULL, &err), &err, rv);
    err = NULL;
    /* a reviewer does not answer nor submit */
    char *id = NULL;
    assert_int_equal(doc_query_open(d, "indicators.r2.actual", "请说明依据", &id, &err), 0);
    assert_string_equal(id, "q1");
    free(id);
    refused(doc_query_act(d, "q1", QA_ANSWER, "x", &err), &err, "only the clerk");
    err = NULL;
    refused(doc_transition(d, REVIEW_SUBMIT, NULL, &err), &err, "the clerk submits");
    err = NULL;
    refused(doc_query_open(d, "indicators.r99.actual", "x", NULL, &err), &err,
            "is not a field of this draft");
    assert_false(doc_dirty(d) == false);
    doc_close(d);
    /* nothing saved: the file is as it was */
    char *after = slurp(draft_path, &n1);
    assert_int_equal(n0, n1);
    assert_memory_equal(before, after, n0);
    free(before);
    free(after);
}

static void test_clerk_mode_refuses_review_edits(void **state)
{
    (void)state;
    doc *d = open_as(DOC_EDIT, "贺家悦");
    char *err = NULL;
    refused(doc_query_open(d, "indicators.r2.actual", "x", NULL, &err), &err, "only the reviewer");
    err = NULL;
    refused(doc_recheck_set(d, "indicators.r2.score", NULL, "8", "x", &err), &err,
            "only a reviewer can change re-check figures");
    err = NULL;
    refused(doc_transition(d, REVIEW_APPROVE, NULL, &err), &err, "only a reviewer can approve");
    doc_close(d);
    /* read-only: nothing at all */
    d = open_as(DOC_READONLY, "x");
    err = NULL;
    refused(doc_query_open(d, "", "x", NULL, &err), &err, "read-only");
    err = NULL;
    refused(doc_save(d, &err), &err, "read-only");
    doc_close(d);
}

static void test_whole_loop_in_the_file(void **state)
{
    (void)state;
    char *err = NULL;
    size_t n;
    /* the clerk submits */
    doc *d = open_as(DOC_EDIT, "贺家悦");
    assert_int_equal(doc_transition(d, REVIEW_SUBMIT, NULL, &err), 0);
    save(d);
    doc_close(d);
    /* the reviewer queries, re-checks, returns */
    d = open_as(DOC_REVIEW, "市财政局 王");
    assert_int_equal(doc_query_open(d, "indicators.r2.actual", "请说明依据", NULL, &err), 0);
    refused(doc_recheck_set(d, "indicators.r2.score", "10 家", "8", "", &err), &err,
            "below the self score 10");
    err = NULL;
    refused(doc_recheck_set(d, "indicators.r2.score", NULL, "12", "x", &err), &err,
            "above its weight 10");
    err = NULL;
    refused(doc_recheck_set(d, "indicators.r2.nosuch", NULL, "1", "x", &err), &err,
            "not a score field");
    err = NULL;
    assert_int_equal(doc_recheck_set(d, "indicators.r2.score", "10 家", "8",
                                     "完成值无佐证，扣2分", &err), 0);
    refused(doc_transition(d, REVIEW_RETURN, "", &err), &err, "without a reason");
    err = NULL;
    assert_int_equal(doc_transition(d, REVIEW_RETURN, "请补充佐证", &err), 0);
    save(d);
    doc_close(d);
    /* the clerk answers, fixes, resubmits */
    d = open_as(DOC_EDIT, "贺家悦");
    assert_int_equal(doc_query_act(d, "q1", QA_ANSWER, "已附统计表", &err), 0);
    inode *f = engine_find(doc_engine(d), "indicators.r2.actual");
    assert_int_equal(doc_set_text(d, f, "11 家", NULL, &err), 0);
    assert_int_equal(doc_transition(d, REVIEW_SUBMIT, NULL, &err), 0);
    save(d);
    doc_close(d);
    /* the reviewer closes the query and approves */
    d = open_as(DOC_REVIEW, "市财政局 王");
    assert_int_equal(doc_query_act(d, "q1", QA_CLOSE, "", &err), 0);
    assert_int_equal(doc_transition(d, REVIEW_APPROVE, NULL, &err), 0);
    save(d);
    doc_close(d);

    draft *x = draft_file_read(draft_path, &err);
    assert_non_null(x);
    assert_string_equal(x->status, "approved");
    assert_int_equal(x->n_history, 4);
    assert_string_equal(x->history[0].status, "submitted");
    assert_string_equal(x->history[1].status, "returned");
    assert_string_equal(x->history[1].note, "请补充佐证");
    assert_string_equal(x->history[1].by, "市财政局 王");
    assert_true(x->history[2].resubmitted);
    assert_string_equal(x->history[3].status, "approved");
    assert_int_equal(x->n_queries, 1);
    assert_string_equal(x->queries[0].state, "closed");
    assert_int_equal(x->queries[0].n_thread, 3);
    assert_string_equal(x->queries[0].thread[1].by, "贺家悦");
    assert_string_equal(x->queries[0].thread[1].text, "已附统计表");
    assert_int_equal(x->n_rechecks, 1);
    assert_string_equal(x->rechecks[0].score, "8");
    assert_string_equal(x->rechecks[0].actual, "10 家");
    assert_string_equal(x->rechecks[0].by, "市财政局 王");
    char **paths = NULL;
    size_t np = 9;
    assert_int_equal(review_changed_fields(x, review_reference(x), &paths, &np), 0);
    assert_int_equal(np, 0);
    draft_free(x);
    (void)n;
}

static void test_undo_redo_review_edits(void **state)
{
    (void)state;
    char *err = NULL;
    doc *d = open_as(DOC_REVIEW, "王");
    draft *x = doc_draft(d);
    assert_int_equal(doc_query_open(d, "", "整体说明", NULL, &err), 0);
    assert_int_equal(doc_query_act(d, "q1", QA_NOTE, "补充", &err), 0);
    assert_int_equal(doc_recheck_set(d, "indicators.r2.score", NULL, "9", "x", &err), 0);
    assert_int_equal(doc_recheck_set(d, "indicators.r2.score", NULL, "10", NULL, &err), 0);
    inode *cur = NULL;
    assert_int_equal(doc_undo(d, &cur, NULL, &err), 1);
    assert_string_equal(x->rechecks[0].score, "9");
    assert_ptr_equal(cur, engine_find(doc_engine(d), "indicators.r2.score"));
    assert_int_equal(doc_undo(d, &cur, NULL, &err), 1);
    assert_int_equal(x->n_rechecks, 0);
    assert_int_equal(doc_undo(d, &cur, NULL, &err), 1);
    assert_int_equal(x->queries[0].n_thread, 1);
    assert_int_equal(doc_undo(d, &cur, NULL, &err), 1);
    assert_int_equal(x->n_queries, 0);
    assert_int_equal(doc_undo(d, &cur, NULL, &err), 0);
    for (int i = 0; i < 4; i++)
        assert_int_equal(doc_redo(d, &cur, NULL, &err), 1);
    assert_int_equal(x->n_queries, 1);
    assert_int_equal(x->queries[0].n_thread, 2);
    assert_string_equal(x->rechecks[0].score, "10");
    /* a transition is a line undo does not cross */
    assert_int_equal(doc_transition(d, REVIEW_RETURN, "x", &err), -1);   /* draft: not allowed */
    free(err);
    err = NULL;
    doc_close(d);
}

/* A reviewer's session killed before saving: its queries and re-check are in the journal and
 * come back on recovery in review mode. */
static void test_query_journal_replayed(void **state)
{
    (void)state;
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        doc_open_info info;
        char *err = NULL;
        doc *d = doc_open_as(draft_path, NULL, DOC_REVIEW, &info, &err);
        if (!d || doc_set_user(d, "王") ||
            doc_query_open(d, "indicators.r2.actual", "请说明依据", NULL, &err) ||
            doc_query_act(d, "q1", QA_NOTE, "附件?", &err) ||
            doc_recheck_set(d, "indicators.r2.score", "10 家", "8", "无佐证", &err) ||
            doc_query_open(d, "", "整体", NULL, &err))
            _exit(2);
        inode *cur;
        if (doc_undo(d, &cur, NULL, &err) != 1)      /* the second query taken back */
            _exit(3);
        doc_emergency_sync(d);
        _exit(0);                                    /* no save, no close */
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);

    /* the clerk's mode may not take the re-check: refused, the journal kept */
    doc_open_info info;
    char *err = NULL;
    doc *d = doc_open_as(draft_path, NULL, DOC_EDIT, &info, &err);
    assert_non_null(d);
    assert_true(info.journal_found);
    lock_holder_free(&info.holder);
    size_t nch = 0;
    refused(doc_recover(d, RECOVER_APPLY, &nch, NULL, &err), &err, "open the draft for review");
    doc_close(d);

    d = doc_open_as(draft_path, NULL, DOC_REVIEW, &info, &err);
    assert_non_null(d);
    assert_true(info.journal_found);
    lock_holder_free(&info.holder);
    err = NULL;
    assert_int_equal(doc_recover(d, RECOVER_APPLY, &nch, NULL, &err), 0);
    assert_int_equal(nch, 5);
    draft *x = doc_draft(d);
    assert_int_equal(x->n_queries, 1);
    assert_string_equal(x->queries[0].thread[1].text, "附件?");
    assert_string_equal(x->queries[0].thread[0].by, "王");
    assert_string_equal(x->rechecks[0].reason, "无佐证");
    save(d);
    doc_close(d);
    x = draft_file_read(draft_path, &err);
    assert_non_null(x);
    assert_int_equal(x->n_queries, 1);
    assert_int_equal(x->n_rechecks, 1);
    draft_free(x);
}

/* A clerk's session killed with a changed value: not recovered into a review session. */
static void test_clerk_journal_not_replayed_in_review(void **state)
{
    (void)state;
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        char *err = NULL;
        doc *d = doc_open_as(draft_path, NULL, DOC_EDIT, NULL, &err);
        if (!d || doc_set_text(d, engine_find(doc_engine(d), "indicators.r2.actual"), "99 家",
                               NULL, &err))
            _exit(2);
        doc_emergency_sync(d);
        _exit(0);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_int_equal(WEXITSTATUS(status), 0);
    doc_open_info info;
    char *err = NULL;
    doc *d = doc_open_as(draft_path, NULL, DOC_REVIEW, &info, &err);
    assert_non_null(d);
    assert_true(info.journal_found);
    lock_holder_free(&info.holder);
    refused(doc_recover(d, RECOVER_APPLY, NULL, NULL, &err), &err, "open the draft for editing");
    const char *t = inode_text(engine_find(doc_engine(d), "indicators.r2.actual"));
    assert_string_equal(t, "12 家");
    doc_close(d);
}

static void test_review_save_refused_when_changed_on_disk(void **state)
{
    (void)state;
    char *err = NULL;
    doc *d = open_as(DOC_REVIEW, "王");
    assert_int_equal(doc_query_open(d, "", "整体", NULL, &err), 0);
    assert_int_equal(doc_check_unchanged(d, &err), 0);
    /* someone changes the file by other means (a copy from a USB stick, a hand edit) */
    size_t n;
    char *b = slurp(draft_path, &n);
    char *p = strstr(b, "\"12 家\"");
    assert_non_null(p);
    memcpy(p, "\"13 家\"", strlen("\"13 家\""));
    spit(draft_path, b, n);
    refused(doc_save(d, &err), &err, "changed since you opened it");
    err = NULL;
    refused(doc_transition(d, REVIEW_APPROVE, NULL, &err), &err, "reload it first");
    /* how, as far as the file tells: its save time is the one opened, so not a save by
     * selfeval; and no name (the file records none of whoever changed it) */
    assert_int_equal(doc_check_unchanged(d, &err), -1);
    assert_non_null(strstr(err, "changed by another program"));
    assert_null(strstr(err, "by 王"));
    assert_null(strstr(err, "last by"));
    free(err);
    err = NULL;
    doc_close(d);
    size_t n2;
    char *after = slurp(draft_path, &n2);
    assert_int_equal(n, n2);
    assert_memory_equal(b, after, n);   /* never overwritten */
    free(b);
    free(after);
}

static void test_comments(void **state)
{
    (void)state;
    char *err = NULL, *id = NULL;
    doc *d = open_as(DOC_EDIT, "贺家悦");
    refused(doc_comment_add(d, "funds.executed", "x", NULL, &err), &err,
            "only a reviewer can comment on a draft");
    doc_close(d);
    d = open_as(DOC_REVIEW, "王");
    draft *x = doc_draft(d);
    refused(doc_comment_add(d, "funds.executed", "", NULL, &err), &err, "needs text");
    refused(doc_comment_add(d, "funds.nosuch", "x", NULL, &err), &err, "not a field");
    assert_int_equal(doc_comment_add(d, "funds.executed", "请附支出明细", &id, &err), 0);
    assert_string_equal(id, "c1");
    free(id);
    assert_int_equal(doc_comment_resolve(d, "c1", true, &err), 0);
    assert_true(x->comments[0].resolved);
    refused(doc_comment_resolve(d, "c7", true, &err), &err, "no comment c7");
    inode *cur;
    assert_int_equal(doc_undo(d, &cur, NULL, &err), 1);
    assert_false(x->comments[0].resolved);
    assert_int_equal(doc_undo(d, &cur, NULL, &err), 1);
    assert_int_equal(x->n_comments, 0);
    assert_int_equal(doc_redo(d, &cur, NULL, &err), 1);
    assert_int_equal(doc_redo(d, &cur, NULL, &err), 1);
    assert_true(x->comments[0].resolved);
    assert_string_equal(x->comments[0].author, "王");
    save(d);
    doc_close(d);
    draft *y = draft_file_read(draft_path, &err);
    assert_non_null(y);
    assert_int_equal(y->n_comments, 1);
    assert_string_equal(y->comments[0].text, "请附支出明细");
    assert_true(y->comments[0].resolved);
    draft_free(y);
    /* a comment journaled, then the session killed: recovered for review */
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        doc *c = doc_open_as(draft_path, NULL, DOC_REVIEW, NULL, &err);
        if (!c || doc_comment_add(c, "", "整体", NULL, &err) ||
            doc_comment_resolve(c, "c1", false, &err))
            _exit(2);
        doc_emergency_sync(c);
        _exit(0);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_int_equal(WEXITSTATUS(status), 0);
    doc_open_info info;
    d = doc_open_as(draft_path, NULL, DOC_REVIEW, &info, &err);
    assert_non_null(d);
    lock_holder_free(&info.holder);
    size_t nch = 0;
    assert_int_equal(doc_recover(d, RECOVER_APPLY, &nch, NULL, &err), 0);
    assert_int_equal(nch, 2);
    x = doc_draft(d);
    assert_int_equal(x->n_comments, 2);
    assert_string_equal(x->comments[1].id, "c2");
    assert_false(x->comments[0].resolved);
    doc_close(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_review_mode_refuses_values, setup, teardown),
        cmocka_unit_test_setup_teardown(test_clerk_mode_refuses_review_edits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_whole_loop_in_the_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_undo_redo_review_edits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_query_journal_replayed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_clerk_journal_not_replayed_in_review, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_review_save_refused_when_changed_on_disk, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_comments, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
