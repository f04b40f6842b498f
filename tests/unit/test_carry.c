/* Last year's table carried over: what is copied, what is cleared, last year's actual kept as a
 * reference by row id, and a target set below it noticed. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/carry.h"
#include "engine_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEED000 "tests/fixtures/seed000.json"
#define SEED001 "tests/fixtures/seed001_project.json"

static const char *val(const cJSON *obj, const char *a, const char *b)
{
    const cJSON *o = cJSON_GetObjectItemCaseSensitive(obj, a);
    const cJSON *v = b ? cJSON_GetObjectItemCaseSensitive(o, b) : o;
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static const cJSON *row(const cJSON *values, const char *table, int i)
{
    return cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(values, table), i);
}

static void project_carried_over(void **state)
{
    (void)state;
    form *f = fx_load_form("project");
    draft *last = fx_load_draft(SEED001);
    assert_non_null(f);
    assert_non_null(last);
    /* things that must not come along */
    assert_int_equal(draft_override_set(last, "indicators.r2.score", "why", "x", NULL), 0);
    char *err = NULL;
    draft *d = draft_carry_over(f, last, &err);
    assert_null(err);
    assert_non_null(d);
    assert_string_equal(d->year, "2026");
    assert_string_equal(d->unit, "益阳市商务局");
    assert_string_equal(d->status, "draft");
    assert_string_equal(d->form_id, "project");
    assert_int_equal(d->n_overrides, 0);
    assert_int_equal(d->n_comments, 0);
    assert_int_equal(d->n_history, 0);
    const cJSON *v = d->values;
    assert_string_equal(val(v, "header", "name"), "开放型经济发展与三产业发展引导资金");
    assert_string_equal(val(v, "header", "year"), "2026");
    assert_string_equal(val(v, "funds", "exec_weight"), "10");
    assert_null(val(v, "funds", "executed"));
    assert_null(val(v, "funds", "rate"));
    assert_null(val(v, "totals", "total"));
    assert_null(val(v, "goals", "achieved"));
    /* rows: same ids, categories, weights, targets; actual gone, kept as last year's */
    const cJSON *lrows = cJSON_GetObjectItemCaseSensitive(last->values, "indicators");
    const cJSON *rows = cJSON_GetObjectItemCaseSensitive(v, "indicators");
    assert_int_equal(cJSON_GetArraySize(rows), cJSON_GetArraySize(lrows));
    const cJSON *r2 = row(v, "indicators", 1), *l2 = row(last->values, "indicators", 1);
    assert_string_equal(val(r2, "_id", NULL), val(l2, "_id", NULL));
    assert_string_equal(val(r2, "level3", NULL), "引进 500 强企业");
    assert_string_equal(val(r2, "target", NULL), "≥5 家");
    assert_string_equal(val(r2, "weight", NULL), "10");
    assert_string_equal(val(r2, "actual_last", NULL), "12 家");
    assert_null(val(r2, "actual", NULL));
    assert_null(val(r2, "score", NULL));
    assert_null(val(r2, "reason", NULL));
    draft_free(d);
    draft_free(last);
    form_free(f);
}

/* A submission: its parts' tables and repeated projects come along by id. */
static void submission_carried_over(void **state)
{
    (void)state;
    form *f = fx_load_form("submission");
    draft *last = fx_load_draft("forms/examples/submission.json");
    char *err = NULL;
    draft *d = draft_carry_over(f, last, &err);
    assert_non_null(d);
    const cJSON *v = d->values;
    const cJSON *p1 = row(v, "projects", 0);
    assert_non_null(p1);
    assert_string_equal(val(p1, "_id", NULL), "p1");
    assert_string_equal(val(p1, "header", "year"), "2026");
    const cJSON *dept = cJSON_GetObjectItemCaseSensitive(v, "dept");
    assert_string_equal(val(dept, "header", "department"), "益阳市商务局");
    assert_non_null(row(dept, "indicators", 0));
    assert_null(val(row(dept, "indicators", 0), "actual", NULL));
    assert_non_null(val(row(dept, "indicators", 0), "actual_last", NULL));
    const cJSON *report = cJSON_GetObjectItemCaseSensitive(v, "report");
    assert_string_equal(val(report, "cover", "year"), "2026");
    assert_string_equal(val(report, "cover", "unit"), "益阳市商务局");
    draft_free(d);
    draft_free(last);
    form_free(f);
}

/* The new year's table: last year's actual is a reference, a target below it is noticed. */
static void target_below_last_actual_noticed(void **state)
{
    (void)state;
    form *f = fx_load_form("project");
    draft *last = fx_load_draft(SEED001);
    char *err = NULL;
    draft *d = draft_carry_over(f, last, &err);
    assert_non_null(d);
    fx_doc x = {.f = f, .d = d};
    x.e = engine_new(f, d, &err);
    assert_non_null(x.e);
    assert_string_equal(fx_show(&x, "indicators[2].actual_last"), "12 家");
    /* ≥5 家 against 12 家 last year */
    assert_true(fx_has(&x, "indicator.target_below_last", "indicators[2].target", "12 家"));
    /* 7000 万美元以上 against 7983 万美元 */
    assert_true(fx_has(&x, "indicator.target_below_last", "indicators[1].target", "7983"));
    /* 及时 / 及时: qualitative, nothing to compare */
    assert_false(fx_has(&x, "indicator.target_below_last", "indicators[6].target", NULL));
    /* a target raised above last year's actual: no notice */
    fx_set(&x, "indicators[2].target", "≥15 家");
    assert_false(fx_has(&x, "indicator.target_below_last", "indicators[2].target", NULL));
    /* ≤990 万元 (a cost, reverse): a ceiling, not noticed */
    assert_false(fx_has(&x, "indicator.target_below_last", "indicators[7].target", NULL));
    /* other units than last year's: not compared */
    fx_set(&x, "indicators[2].target", "≥5 个");
    assert_false(fx_has(&x, "indicator.target_below_last", "indicators[2].target", NULL));
    engine_free(x.e);
    draft_free(d);
    draft_free(last);
    form_free(f);
}

static void year_moves_on_or_stays_blank(void **state)
{
    (void)state;
    form *f = fx_load_form("project");
    draft *last = draft_new("project", f->version);
    free(last->year);
    last->year = strdup("二〇二五");
    char *err = NULL;
    draft *d = draft_carry_over(f, last, &err);
    assert_non_null(d);
    assert_null(d->year);        /* not a year we can count on from */
    draft_free(d);
    draft_free(last);
    /* a draft of another form is refused */
    last = draft_new("department", "2025.1");
    d = draft_carry_over(f, last, &err);
    assert_null(d);
    assert_non_null(err);
    assert_non_null(strstr(err, "department"));
    free(err);
    draft_free(last);
    form_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(project_carried_over),
        cmocka_unit_test(submission_carried_over),
        cmocka_unit_test(target_below_last_actual_noticed),
        cmocka_unit_test(year_moves_on_or_stays_blank),
    };
    return cmocka_run_group_tests_name("carry", tests, NULL, NULL);
}
