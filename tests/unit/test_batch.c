/* Reading many drafts (store/batch.h): each form loaded once and shared, drafts handed back in
 * the order named whatever the number of threads, a stop honoured, errors per file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/batch.h"

#define N 24

static const char *paths[N];

static void setup_paths(void)
{
    for (int i = 0; i < N; i++) {
        switch (i % 4) {
        case 0: paths[i] = "tests/fixtures/seed001_project.json"; break;
        case 1: paths[i] = "tests/fixtures/seed000.json"; break;
        case 2: paths[i] = "forms/examples/submission.json"; break;
        default: paths[i] = i == 7 ? "tests/fixtures/no-such-draft.json"
                                   : "tests/fixtures/seed001_project.json"; break;
        }
    }
}

typedef struct {
    size_t seen[N];
    size_t n;
    size_t stop_at;        /* 0: never */
    const form *forms[N];
} log_t;

static int each(void *ctx, size_t index, batch_item *it)
{
    log_t *L = ctx;
    L->seen[L->n++] = index;
    assert_ptr_equal(it->path, paths[index]);
    if (index == 7) {
        assert_non_null(it->error);
        assert_non_null(strstr(it->error, "no-such-draft.json"));
        assert_null(it->e);
    } else {
        assert_null(it->error);
        assert_non_null(it->e);
        assert_int_equal(strlen(it->sha256), 64);
        L->forms[index] = it->f;
    }
    return L->stop_at && L->n == L->stop_at ? 5 : 0;
}

static int each_nosha(void *ctx, size_t index, batch_item *it)
{
    log_t *L = ctx;
    L->seen[L->n++] = index;
    assert_true(it->sha256[0] == '\0');
    return L->stop_at && L->n == L->stop_at ? 5 : 0;
}

static void run_with(int jobs)
{
    setup_paths();
    form_cache *c = form_cache_new();
    assert_non_null(c);
    log_t *L = calloc(1, sizeof *L);
    batch_opts o = {.sha256 = true};
    assert_int_equal(batch_run(c, paths, N, jobs, &o, each, L), 0);
    assert_int_equal(L->n, N);
    for (size_t i = 0; i < N; i++)
        assert_int_equal(L->seen[i], i);
    /* one load per form file named by the drafts: project, submission (with its parts) */
    assert_int_equal(form_cache_loads(c), 2);
    assert_ptr_equal(L->forms[0], L->forms[4]);     /* shared, not copied */
    assert_ptr_equal(L->forms[1], L->forms[2]);
    free(L);
    form_cache_free(c);
}

static void test_order_one_job(void **state) { (void)state; run_with(1); }
static void test_order_two_jobs(void **state) { (void)state; run_with(2); }
static void test_order_many_jobs(void **state) { (void)state; run_with(9); }

static void test_stop(void **state)
{
    (void)state;
    setup_paths();
    form_cache *c = form_cache_new();
    log_t *L = calloc(1, sizeof *L);
    L->stop_at = 5;
    batch_opts o = {0};
    assert_int_equal(batch_run(c, paths, N, 3, &o, each_nosha, L), 5);
    assert_int_equal(L->n, 5);
    free(L);
    form_cache_free(c);
}

static void test_missing_form_remembered(void **state)
{
    (void)state;
    form_cache *c = form_cache_new();
    char *err = NULL;
    assert_null(form_cache_get(c, "no_such_form", &err));
    assert_non_null(err);
    free(err);
    err = NULL;
    assert_null(form_cache_get(c, "no_such_form", &err));
    assert_non_null(strstr(err, "no_such_form"));
    free(err);
    assert_int_equal(form_cache_loads(c), 1);
    form_cache_free(c);
}

int main(void)
{
    setenv("SELFEVAL_FORMS", "forms", 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_order_one_job),
        cmocka_unit_test(test_order_two_jobs),
        cmocka_unit_test(test_order_many_jobs),
        cmocka_unit_test(test_stop),
        cmocka_unit_test(test_missing_form_remembered),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
