/* The journal's bytes stay what they were before the table of edits encoded them: every
 * operation, described as an edit (doc_edit) and encoded through the table
 * (src/store/doc_ops.c), gives exactly the record the earlier code wrote
 * (tests/fixtures/journals/, written through the public edit functions); and replaying those
 * journals (decode + apply) writes the same records again, so journals already on disk keep
 * replaying. Uses forms/project.json. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/store/doc_internal.h"
#include "tmp_fixture.h"

#define FIX "tests/fixtures/journals/"

/* The payloads of a journal file ("J1 crc len payload\n" per record), header included. */
typedef struct {
    char **p;
    size_t n;
} payloads;

static payloads read_journal(const char *path)
{
    payloads r = {0};
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot read %s", path);
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, f)) > 0) {
        unsigned crc;
        size_t n;
        int off = 0;
        assert_int_equal(sscanf(line, "J1 %8x %zu %n", &crc, &n, &off), 2);
        assert_true((size_t)off + n + 1 == (size_t)len);
        r.p = realloc(r.p, (r.n + 1) * sizeof *r.p);
        assert_non_null(r.p);
        r.p[r.n++] = strndup(line + off, n);
    }
    free(line);
    fclose(f);
    return r;
}

static void payloads_free(payloads *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->p[i]);
    free(r->p);
}

#define CLERK_AT "2026-12-07T14:48:38+00:00"
#define REV_AT "2026-12-07T14:48:39+00:00"
#define CLERK "贺家悦"
#define REVIEWER "市财政局 王"

/* Each record of the journal after its header, described as an edit. */
static const doc_edit EDIT[] = {
    {.op = U_SET, .path = "indicators.r1.target", .text = "say \"hi\" \\ 7000 万 美元"},
    {.op = U_SET, .path = "indicators.r2.score", .text = "9"},
    {.op = U_REASON, .path = "indicators.r2.score", .text = "有佐证", .by = CLERK,
     .at = CLERK_AT},
    {.op = U_ROW_ADD, .path = "indicators", .a = 2, .id = "r13"},
    {.op = U_ROW_DUP, .path = "indicators", .a = 0, .id = "r14"},
    {.op = U_ROW_MOVE, .path = "indicators", .a = 3, .b = 0},
    /* removing an override: who and when are not written */
    {.op = U_REASON, .path = "indicators.r2.score", .text = NULL, .by = CLERK, .at = CLERK_AT},
    {.op = U_ROW_DEL, .path = "indicators", .a = 3},
    {.op = U_ROW_ADD, .path = "indicators", .a = 3, .id = "r2"},
    {.op = U_SET, .path = "indicators.r2.level1", .text = "产出指标"},
    {.op = U_SET, .path = "indicators.r2.level2", .text = "数量指标"},
    {.op = U_SET, .path = "indicators.r2.level3", .text = "引进 500 强企业"},
    {.op = U_SET, .path = "indicators.r2.target", .text = "≥5 家"},
    {.op = U_SET, .path = "indicators.r2.actual", .text = "12 家"},
    {.op = U_SET, .path = "indicators.r2.weight", .text = "10"},
    {.op = U_SET, .path = "indicators.r2.score", .text = "9"},
    {.op = U_REASON, .path = "indicators.r2.score", .text = "有佐证", .by = CLERK,
     .at = CLERK_AT},
    {.op = U_REASON, .path = "indicators.r2.score", .text = ""},
    {.op = U_ROW_DEL, .path = "indicators", .a = 3},
    {.op = U_SET, .path = "funds.executed", .text = ""},
    {.op = U_STATUS, .a = REVIEW_SUBMIT, .by = CLERK, .at = CLERK_AT},
};

static const draft_recheck RC1 = {.path = "indicators.r2.score", .score = "8",
                                  .actual = "10 家", .reason = "无佐证", .by = REVIEWER,
                                  .at = REV_AT};
static const draft_recheck RC2 = {.path = "indicators.r1.score", .score = "10",
                                  .by = REVIEWER, .at = REV_AT};

static const doc_edit REVIEW[] = {
    {.op = U_QUERY, .a = QA_OPEN, .id = "q1", .path = "indicators.r2.actual", .by = REVIEWER,
     .at = REV_AT, .text = "请说明\"依据\""},
    {.op = U_QUERY, .a = QA_OPEN, .id = "q2", .path = NULL, .by = REVIEWER, .at = REV_AT,
     .text = "整体"},
    /* a message after the opening names the query, not the field */
    {.op = U_QUERY, .a = QA_NOTE, .id = "q1", .path = "indicators.r2.actual", .by = REVIEWER,
     .at = REV_AT, .text = "附件?"},
    {.op = U_QUERY_UNDO, .id = "q1"},
    {.op = U_QUERY, .a = QA_NOTE, .id = "q1", .by = REVIEWER, .at = REV_AT, .text = "附件?"},
    {.op = U_QUERY, .a = QA_CLOSE, .id = "q2", .by = REVIEWER, .at = REV_AT, .text = NULL},
    {.op = U_RECHECK, .path = "indicators.r2.score", .rc = &RC1},
    {.op = U_RECHECK, .path = "indicators.r1.score", .rc = &RC2},
    {.op = U_RECHECK, .path = "indicators.r1.score", .rc = NULL},
    {.op = U_RECHECK, .path = "indicators.r1.score", .rc = &RC2},
    {.op = U_COMMENT, .id = "c1", .path = "funds.executed", .by = REVIEWER, .at = REV_AT,
     .text = "请附支出明细"},
    {.op = U_COMMENT, .id = "c2", .path = NULL, .by = REVIEWER, .at = REV_AT,
     .text = "整体意见"},
    {.op = U_COMMENT_RESOLVE, .id = "c1", .a = 1},
    {.op = U_COMMENT_RESOLVE, .id = "c1", .a = 0},
    {.op = U_COMMENT_DEL, .id = "c2"},
    {.op = U_QUERY, .a = QA_REOPEN, .id = "q2", .by = REVIEWER, .at = REV_AT, .text = "再看"},
    {.op = U_STATUS, .a = REVIEW_RETURN, .by = REVIEWER, .at = REV_AT, .text = "请补充"},
};

static const doc_edit ANSWER[] = {
    {.op = U_QUERY, .a = QA_ANSWER, .id = "q1", .by = CLERK, .at = REV_AT,
     .text = "已附统计表"},
    {.op = U_QUERY_UNDO, .id = "q1"},
    {.op = U_QUERY, .a = QA_ANSWER, .id = "q1", .by = CLERK, .at = REV_AT, .text = "已附"},
    {.op = U_STATUS, .a = REVIEW_SUBMIT, .by = CLERK, .at = REV_AT, .text = ""},
};

static void encodes_as(const char *jfile, const doc_edit *edits, size_t n)
{
    payloads want = read_journal(jfile);
    assert_int_equal(want.n, n + 1);
    for (size_t i = 0; i < n; i++) {
        size_t len = 0;
        char *got = doc_edit_encode(&edits[i], &len);
        assert_non_null(got);
        assert_int_equal(strlen(got), len);
        if (strcmp(got, want.p[i + 1]) != 0)
            fail_msg("%s record %zu:\n  encoded %s\n  written %s", jfile, i + 2, got,
                     want.p[i + 1]);
        free(got);
    }
    payloads_free(&want);
}

static void test_encode_value_edits(void **state)
{
    (void)state;
    encodes_as(FIX "edit.journal", EDIT, sizeof EDIT / sizeof EDIT[0]);
}

static void test_encode_review_edits(void **state)
{
    (void)state;
    encodes_as(FIX "review.journal", REVIEW, sizeof REVIEW / sizeof REVIEW[0]);
    encodes_as(FIX "answer.journal", ANSWER, sizeof ANSWER / sizeof ANSWER[0]);
}

/* Every operation of the table is among those checked. */
static void test_every_op_encoded(void **state)
{
    (void)state;
    bool seen[U__COUNT] = {0};
    for (size_t i = 0; i < sizeof EDIT / sizeof EDIT[0]; i++)
        seen[EDIT[i].op] = true;
    for (size_t i = 0; i < sizeof REVIEW / sizeof REVIEW[0]; i++)
        seen[REVIEW[i].op] = true;
    for (int i = 0; i < U__COUNT; i++)
        if (!seen[i])
            fail_msg("no record of %s in the fixtures", doc_op((uop)i)->name);
}

/* ---- replaying the old journals writes them again ---- */

static char tmpdir[64];

static void copy_file(const char *from, const char *to, mode_t mode)
{
    FILE *f = fopen(from, "rb");
    assert_non_null(f);
    int fd = open(to, O_WRONLY | O_CREAT | O_TRUNC, mode);
    assert_true(fd >= 0);
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        assert_int_equal(write(fd, buf, n), (ssize_t)n);
    fclose(f);
    assert_int_equal(close(fd), 0);
}

static int setup(void **state)
{
    (void)state;
    tf_use_repo_forms();
    return tf_make_tmpdir(tmpdir, sizeof tmpdir, "encode");
}

static int teardown(void **state)
{
    (void)state;
    tf_rm_tree(tmpdir);
    return 0;
}

static void replays_as_written(const char *base, const char *jfile, doc_mode mode)
{
    char dp[PATH_MAX], jp[PATH_MAX + 16];
    snprintf(dp, sizeof dp, "%s/d.json", tmpdir);
    snprintf(jp, sizeof jp, "%s.journal", dp);
    copy_file(base, dp, 0644);
    copy_file(jfile, jp, 0600);
    doc_open_info info;
    char *err = NULL;
    doc *d = doc_open_as(dp, NULL, mode, &info, &err);
    if (!d)
        fail_msg("%s", err ? err : "?");
    lock_holder_free(&info.holder);
    assert_true(info.journal_found);
    assert_false(info.journal_doubt);      /* the fixture is the draft the journal began from */
    size_t n = 0;
    if (doc_recover(d, RECOVER_APPLY, &n, NULL, &err) != 0)
        fail_msg("%s", err ? err : "?");
    payloads want = read_journal(jfile);
    assert_int_equal(n, want.n - 1);
    doc_emergency_sync(d);
    payloads got = read_journal(jp);
    assert_int_equal(got.n, want.n);
    for (size_t i = 1; i < want.n; i++)
        if (strcmp(got.p[i], want.p[i]) != 0)
            fail_msg("%s record %zu:\n  replayed %s\n  written  %s", jfile, i + 1, got.p[i],
                     want.p[i]);
    payloads_free(&want);
    payloads_free(&got);
    doc_close(d);
    teardown(NULL);
    assert_non_null(mkdtemp(strcpy(tmpdir, "/tmp/selfeval-test-encode-XXXXXX")));
}

static void test_replay_writes_the_same_records(void **state)
{
    (void)state;
    replays_as_written("tests/fixtures/seed001_project.json", FIX "edit.journal", DOC_EDIT);
    replays_as_written(FIX "submitted.json", FIX "review.journal", DOC_REVIEW);
    replays_as_written(FIX "returned.json", FIX "answer.journal", DOC_EDIT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_encode_value_edits),
        cmocka_unit_test(test_encode_review_edits),
        cmocka_unit_test(test_every_op_encoded),
        cmocka_unit_test_setup_teardown(test_replay_writes_the_same_records, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
