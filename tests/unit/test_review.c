/* Review states: the canonical hash of a draft's values (same values, same hash, whatever
 * else the file says), the transition table, and the fields named when values changed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/review.h"

static draft *parse(const char *text)
{
    char *err = NULL;
    draft *d = draft_parse(text, strlen(text), "t.json", &err);
    if (!d)
        fprintf(stderr, "%s\n", err ? err : "?");
    free(err);
    assert_non_null(d);
    return d;
}

/* Two files with the same values: keys in another order, other comments, status, history. */
static const char A[] =
    "{\"format\": \"selfeval-draft/1.0\", \"form\": {\"id\": \"project\", \"version\": \"1\"},"
    " \"meta\": {\"status\": \"draft\"},"
    " \"values\": {\"funds\": {\"executed\": \"547.6879\", \"budget\": \"990\"},"
    "  \"indicators\": [{\"_id\": \"r1\", \"actual\": \"12 家\", \"score\": \"10\"},"
    "                   {\"_id\": \"r2\", \"actual\": \"a\\\"b\", \"score\": \"5\"}]},"
    " \"comments\": []}";
static const char B[] =
    "{\"format\": \"selfeval-draft/1.0\", \"form\": {\"id\": \"project\", \"version\": \"1\"},"
    " \"meta\": {\"status\": \"approved\", \"author\": \"x\"},"
    " \"values\": {\"indicators\": [{\"score\": \"10\", \"actual\": \"12 家\", \"_id\": \"r1\"},"
    "                   {\"score\": \"5\", \"_id\": \"r2\", \"actual\": \"a\\\"b\"}],"
    "  \"funds\": {\"budget\": \"990\", \"executed\": \"547.6879\"}},"
    " \"comments\": [{\"id\": \"c1\", \"path\": \"funds.budget\", \"text\": \"请附明细\"}],"
    " \"history\": [{\"status\": \"submitted\", \"by\": \"y\", \"sha256\": \"0000000000000000000000000000000000000000000000000000000000000000\"}]}";

static void test_same_values_same_hash(void **state)
{
    (void)state;
    draft *a = parse(A), *b = parse(B);
    char ha[SHA256_HEX_LEN + 1], hb[SHA256_HEX_LEN + 1];
    assert_int_equal(review_values_sha256(a->values, ha), 0);
    assert_int_equal(review_values_sha256(b->values, hb), 0);
    assert_string_equal(ha, hb);
    assert_int_equal(strlen(ha), 64);
    /* one value changed: another hash */
    cJSON *funds = cJSON_GetObjectItemCaseSensitive(b->values, "funds");
    cJSON_ReplaceItemInObjectCaseSensitive(funds, "executed", cJSON_CreateString("547.688"));
    assert_int_equal(review_values_sha256(b->values, hb), 0);
    assert_string_not_equal(ha, hb);
    draft_free(a);
    draft_free(b);
}

static void test_canonical_text(void **state)
{
    (void)state;
    draft *a = parse(A);
    char *t = review_values_canonical(a->values);
    assert_non_null(t);
    /* keys in byte order, no white space, strings escaped minimally */
    assert_string_equal(t, "{\"funds\":{\"budget\":\"990\",\"executed\":\"547.6879\"},"
                           "\"indicators\":[{\"_id\":\"r1\",\"actual\":\"12 家\",\"score\":\"10\"},"
                           "{\"_id\":\"r2\",\"actual\":\"a\\\"b\",\"score\":\"5\"}]}");
    char h1[SHA256_HEX_LEN + 1], h2[SHA256_HEX_LEN + 1];
    sha256_hex(t, strlen(t), h1);
    assert_int_equal(review_values_sha256(a->values, h2), 0);
    assert_string_equal(h1, h2);
    free(t);
    draft_free(a);
}

static void test_transitions(void **state)
{
    (void)state;
    draft *d = parse(A);
    char *err = NULL;
    /* not allowed from draft: nothing changes, the message says what is */
    assert_int_equal(review_apply(d, REVIEW_APPROVE, "w", "t0", NULL, &err), -1);
    assert_non_null(strstr(err, "allowed: submit"));
    free(err);
    assert_int_equal(d->n_history, 0);
    assert_string_equal(d->status, "draft");
    assert_int_equal(review_apply(d, REVIEW_SUBMIT, "h", "t1", NULL, &err), 0);
    assert_string_equal(d->status, "submitted");
    /* returning needs a reason */
    assert_int_equal(review_apply(d, REVIEW_RETURN, "w", "t2", "", &err), -1);
    free(err);
    assert_int_equal(d->n_history, 1);
    assert_int_equal(review_apply(d, REVIEW_RETURN, "w", "t2", "请附明细", &err), 0);
    assert_int_equal(review_apply(d, REVIEW_SUBMIT, "h", "t3", NULL, &err), 0);
    assert_int_equal(review_apply(d, REVIEW_APPROVE, "w", "t4", NULL, &err), 0);
    assert_int_equal(review_apply(d, REVIEW_RECHECK, "z", "t5", NULL, &err), 0);
    assert_string_equal(d->status, "rechecked");
    assert_int_equal(d->n_history, 5);
    const char *want[] = {"submitted", "returned", "submitted", "approved", "rechecked"};
    for (size_t i = 0; i < 5; i++)
        assert_string_equal(d->history[i].status, want[i]);
    assert_string_equal(d->history[1].note, "请附明细");
    assert_string_equal(d->history[1].by, "w");
    assert_false(d->history[0].resubmitted);
    assert_true(d->history[2].resubmitted);
    char h[SHA256_HEX_LEN + 1];
    assert_int_equal(review_values_sha256(d->values, h), 0);
    assert_string_equal(d->history[3].sha256, h);
    assert_null(d->history[3].unknown);
    /* what was added survives printing and parsing */
    size_t len = 0;
    char *text = draft_print(d, &len);
    draft *again = parse(text);
    assert_int_equal(again->n_history, 5);
    assert_string_equal(again->status, "rechecked");
    assert_ptr_equal(review_reference(again), &again->history[4]);
    char **paths = NULL;
    size_t n = 9;
    assert_int_equal(review_changed_fields(again, review_reference(again), &paths, &n), 0);
    assert_int_equal(n, 0);
    free(text);
    draft_free(again);
    draft_free(d);
}

static void test_changed_fields_named(void **state)
{
    (void)state;
    draft *d = parse(A);
    char *err = NULL;
    assert_int_equal(review_apply(d, REVIEW_SUBMIT, "h", "t1", NULL, &err), 0);
    assert_ptr_equal(review_reference(d), &d->history[0]);
    cJSON *rows = cJSON_GetObjectItemCaseSensitive(d->values, "indicators");
    cJSON *r2 = cJSON_GetArrayItem(rows, 1);
    cJSON_ReplaceItemInObjectCaseSensitive(r2, "score", cJSON_CreateString("6"));
    cJSON_AddItemToObject(cJSON_GetObjectItemCaseSensitive(d->values, "funds"), "rate",
                          cJSON_CreateString("55%"));
    char **paths = NULL;
    size_t n = 0;
    assert_int_equal(review_changed_fields(d, &d->history[0], &paths, &n), 0);
    assert_int_equal(n, 2);
    assert_string_equal(paths[0], "funds.rate");
    assert_string_equal(paths[1], "indicators.r2.score");
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
    draft_free(d);
}

/* An approval stands for the values submitted, a re-check for those approved: refused when
 * they changed since (named), allowed again once they are as recorded. */
static void test_approve_refused_when_values_changed(void **state)
{
    (void)state;
    draft *d = parse(A);
    char *err = NULL;
    assert_int_equal(review_apply(d, REVIEW_SUBMIT, "h", "t1", NULL, &err), 0);
    cJSON *rows = cJSON_GetObjectItemCaseSensitive(d->values, "indicators");
    cJSON *r2 = cJSON_GetArrayItem(rows, 1);
    cJSON_ReplaceItemInObjectCaseSensitive(r2, "score", cJSON_CreateString("6"));
    assert_int_equal(review_check(d, REVIEW_APPROVE, NULL, &err), -1);
    assert_non_null(err);
    assert_non_null(strstr(err, "cannot approve: values changed since it was submitted"));
    assert_non_null(strstr(err, "indicators.r2.score"));
    free(err);
    err = NULL;
    assert_int_equal(review_apply(d, REVIEW_APPROVE, "w", "t2", NULL, &err), -1);
    free(err);
    err = NULL;
    assert_string_equal(d->status, "submitted");
    assert_int_equal(d->n_history, 1);
    /* a return is still possible (the reviewer sends it back) */
    assert_int_equal(review_check(d, REVIEW_RETURN, "请核对", &err), 0);
    /* back as submitted: approved */
    cJSON_ReplaceItemInObjectCaseSensitive(r2, "score", cJSON_CreateString("5"));
    assert_int_equal(review_apply(d, REVIEW_APPROVE, "w", "t3", NULL, &err), 0);
    /* changed after the approval: no re-check of it */
    cJSON_ReplaceItemInObjectCaseSensitive(r2, "actual", cJSON_CreateString("改过"));
    assert_int_equal(review_check(d, REVIEW_RECHECK, NULL, &err), -1);
    assert_non_null(strstr(err, "values changed since it was approved (indicators.r2.actual)"));
    free(err);
    draft_free(d);
}

/* History written without hashes (an older file): nothing to compare with, not refused. */
static void test_approve_without_recorded_hash(void **state)
{
    (void)state;
    draft *d = parse(A);
    char *err = NULL;
    assert_int_equal(review_apply(d, REVIEW_SUBMIT, "h", "t1", NULL, &err), 0);
    free(d->history[0].sha256);
    d->history[0].sha256 = NULL;
    cJSON_Delete(d->history[0].fields);
    d->history[0].fields = NULL;
    assert_int_equal(review_check(d, REVIEW_APPROVE, NULL, &err), 0);
    draft_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_values_same_hash),
        cmocka_unit_test(test_canonical_text),
        cmocka_unit_test(test_transitions),
        cmocka_unit_test(test_changed_fields_named),
        cmocka_unit_test(test_approve_refused_when_values_changed),
        cmocka_unit_test(test_approve_without_recorded_hash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
