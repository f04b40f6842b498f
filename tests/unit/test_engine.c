/* The engine on the seed forms as filed, and on the edge cases of every rule.
 * Expected figures are worked out by hand from the seeds (see tests/fixtures/README.md). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "engine_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEED000 "tests/fixtures/seed000.json"
#define SEED001 "tests/fixtures/seed001_project.json"

static void seed001_figures(void **state)
{
    (void)state;
    fx_doc x;
    assert_int_equal(fx_open(&x, "project", SEED001), 0);
    assert_string_equal(fx_show(&x, "funds.rate"), "55.32%");       /* 547.6879 / 990 */
    assert_string_equal(fx_show(&x, "funds.exec_score"), "5.53");   /* 10 × 0.55322… */
    assert_string_equal(fx_show(&x, "totals.total"), "95.53");
    assert_string_equal(fx_show(&x, "totals.grade"), "优");
    assert_string_equal(fx_show(&x, "totals.weight_total"), "100");
    /* 执行率 below 90% with no explanation */
    assert_true(fx_has(&x, "funds.low_execution_reason", "funds.low_exec_reason", "55.32%"));
    /* the typed figures agree with the computed ones: no mismatch anywhere */
    assert_false(fx_has(&x, "typed.mismatch", NULL, NULL));
    /* 不适应 rows are not scored */
    assert_string_equal(fx_show(&x, "indicators[10].score"), "—");
    fx_close(&x);
}

static void seed000_figures(void **state)
{
    (void)state;
    fx_doc x;
    assert_int_equal(fx_open(&x, "submission", SEED000), 0);
    assert_string_equal(fx_show(&x, "dept.funds.rate"), "99.91%");  /* 51965.47 / 52014.32 */
    assert_string_equal(fx_show(&x, "dept.funds.exec_score"), "9.99");
    assert_string_equal(fx_show(&x, "dept.indicators[3].score"), "2.42"); /* 5 × 2.9 / 6 */
    assert_string_equal(fx_show(&x, "dept.indicators[7].score"), "2.99"); /* 5 × 956.18 / 1600 */
    assert_string_equal(fx_show(&x, "dept.totals.total"), "95.40");
    assert_string_equal(fx_show(&x, "dept.totals.grade"), "优");
    /* 199 / 195 = 102.05%, printed 102.5% */
    assert_string_equal(fx_show(&x, "basic.staff.control_rate"), "102.05%");
    assert_true(fx_has(&x, "typed.mismatch", "basic.staff.control_rate", "102.5%"));
    assert_true(fx_has(&x, "typed.mismatch", "basic.staff.control_rate", "102.05%"));
    /* 全年整体投入资金: direction to confirm, with the reverse score spelt out */
    assert_true(fx_has(&x, "indicator.direction_unconfirmed", "dept.indicators[12].score", "0.81"));
    /* income by type 51009.29 vs 52014.32: a warning */
    assert_true(fx_has(&x, "funds.income_sum", NULL, "51009.29"));
    /* report text vs tables */
    assert_true(fx_has(&x, "report.figure_mismatch", NULL, "8355.92"));
    assert_true(fx_has(&x, "report.figure_mismatch", NULL, "2745.29"));
    /* 楼堂馆所 0 / 0 shows "—", never 0% */
    assert_string_equal(fx_show(&x, "basic.buildings.area_rate"), "—");
    assert_true(fx_has(&x, "compute.div_zero", "basic.buildings.area_rate", NULL));
    fx_close(&x);
}

static void seed000_reverse_override(void **state)
{
    (void)state;
    fx_doc x;
    assert_int_equal(fx_open(&x, "submission", SEED000), 0);
    fx_set(&x, "dept.indicators[12].direction", "反向");
    assert_string_equal(fx_show(&x, "dept.indicators[12].score"), "0.81");
    assert_true(fx_has(&x, "override.reason_missing", "dept.indicators[12].score", "10"));
    assert_string_equal(fx_show(&x, "dept.totals.total"), "86.21");
    assert_string_equal(fx_show(&x, "dept.totals.grade"), "良");
    assert_true(fx_has(&x, "typed.mismatch", "dept.totals.total", "95.4"));
    /* with a reason the typed 10 stands, visibly */
    inode *score = engine_find(x.e, "dept.indicators[12].score");
    char *err = NULL;
    eng_change chg;
    assert_int_equal(engine_set_override_reason(x.e, score, "经局务会研究按正向计分", "贺家悦",
                                                "2026-04-27T10:00:00+08:00", &chg, &err), 0);
    assert_true(inode_is_override(score));
    assert_string_equal(fx_show(&x, "dept.indicators[12].score"), "10.00");
    assert_string_equal(fx_show(&x, "dept.totals.total"), "95.40");
    assert_true(fx_has(&x, "override.active", "dept.indicators[12].score", "经局务会研究"));
    assert_false(fx_has(&x, "override.reason_missing", NULL, NULL));
    /* the typed figure is said as typed, not rounded to the field's places (a typed 0.805
     * read "填报 0.81，按规则应为 0.81": the message contradicted itself) */
    fx_set(&x, "dept.indicators[12].score", "0.805");
    assert_int_equal(engine_set_override_reason(x.e, score, "", "贺家悦",
                                                "2026-04-27T10:00:00+08:00", &chg, &err), 0);
    assert_true(fx_has(&x, "override.reason_missing", "dept.indicators[12].score",
                       "填报 0.805，按规则应为 0.81"));
    /* the linear rule gives 0 from twice the target */
    fx_close(&x);
}

/* Sub-rows that must add up, and figures two tables of one submission share. The seed agrees
 * with itself on these; each change below breaks one sum. */
static void sums_and_shared_figures(void **state)
{
    (void)state;
    fx_doc x;
    assert_int_equal(fx_open(&x, "submission", SEED000), 0);
    assert_false(fx_has(&x, "basic.sangong_sum", NULL, NULL));
    assert_false(fx_has(&x, "basic.car_sum", NULL, NULL));
    assert_false(fx_has(&x, "basic.project_sum", NULL, NULL));
    assert_false(fx_has(&x, "funds.spending_sum", NULL, NULL));
    assert_false(fx_has(&x, "submission.project_spending", NULL, NULL));
    /* 公务接待 7.42 -> 7.43: 三公经费 196.4 no longer 13.81 + 175.17 + 7.43 */
    fx_set(&x, "basic.expenses.reception.final", "7.43");
    assert_true(fx_has(&x, "basic.sangong_sum", NULL, "196.4"));
    /* 公车运行维护 13.81 -> 13.8 */
    fx_set(&x, "basic.expenses.car_running.budget", "13.8");
    assert_true(fx_has(&x, "basic.car_sum", NULL, NULL));
    /* the special fund row: 项目支出 49198.05 = 1249.91 + 707.9 + 47240.24 */
    inode *funds = engine_find(x.e, "basic.special_funds");
    assert_non_null(funds);
    assert_true(inode_nkids(funds) >= 1);
    fx_set(&x, "basic.special_funds[1].final", "47240.25");
    assert_true(fx_has(&x, "basic.project_sum", NULL, NULL));
    fx_set(&x, "basic.special_funds[1].final", "47240.24");
    assert_false(fx_has(&x, "basic.project_sum", NULL, NULL));
    /* 项目支出 in the basic table and in the department table */
    fx_set(&x, "basic.expenses.project.final", "49198.06");
    assert_true(fx_has(&x, "submission.project_spending", NULL, "49198.06"));
    /* spending split: 基本支出 + 项目支出 = 全年执行数 */
    fx_set(&x, "dept.funds.spend_basic", "2767.43");
    assert_true(fx_has(&x, "funds.spending_sum", NULL, NULL));
    fx_close(&x);
}

static void incremental_recompute(void **state)
{
    (void)state;
    fx_doc x;
    assert_int_equal(fx_open(&x, "project", SEED001), 0);
    size_t before = engine_eval_count(x.e);
    fx_set(&x, "indicators[1].actual", "6000 万美元");
    /* 10 × 6000 / 7000 = 8.571… -> 8.57; total 95.53 - 10 + 8.57 = 94.10 */
    assert_string_equal(fx_show(&x, "indicators[1].score"), "8.57");
    assert_string_equal(fx_show(&x, "totals.total"), "94.10");
    size_t evaluated = engine_eval_count(x.e) - before;
    assert_true(evaluated > 0);
    assert_true(evaluated < 40); /* not the whole form */
    /* below the weight now: the reason is required */
    assert_true(fx_has(&x, "indicator.reason_missing", "indicators[1].reason", NULL));
    fx_set(&x, "indicators[1].reason", "受国际形势影响，部分项目延期。");
    assert_false(fx_has(&x, "indicator.reason_missing", "indicators[1].reason", NULL));
    fx_close(&x);
}

/* An empty project filled through the engine, one rule at a time. */
static fx_doc fresh_project(void)
{
    fx_doc x;
    assert_int_equal(fx_open(&x, "project", NULL), 0);
    fx_set(&x, "header.name", "测试项目");
    fx_set(&x, "funds.budget_annual", "100");
    fx_set(&x, "funds.executed", "100");
    fx_set(&x, "funds.exec_weight", "10");
    return x;
}

static inode *add_row(fx_doc *x)
{
    inode *t = engine_find(x->e, "indicators");
    assert_non_null(t);
    inode *row = NULL;
    eng_change chg;
    char *err = NULL;
    assert_int_equal(engine_row_add(x->e, t, inode_nkids(t), NULL, &row, &chg, &err), 0);
    assert_true(chg.structure);
    return row;
}

static void set_row(fx_doc *x, int n, const char *col, const char *text)
{
    char path[64];
    snprintf(path, sizeof path, "indicators[%d].%s", n, col);
    fx_set(x, path, text);
}

static const char *row_score(fx_doc *x, int n)
{
    char path[64];
    snprintf(path, sizeof path, "indicators[%d].score", n);
    return fx_show(x, path);
}

static void edge_rules(void **state)
{
    (void)state;
    fx_doc x = fresh_project();
    add_row(&x);
    set_row(&x, 1, "level1", "产出指标");
    set_row(&x, 1, "level3", "测试");
    set_row(&x, 1, "weight", "10");
    /* target 0, positive: any actual >= 0 earns the weight */
    set_row(&x, 1, "target", "≥0个");
    set_row(&x, 1, "actual", "0个");
    assert_string_equal(row_score(&x, 1), "10.00");
    /* negative actual against a positive growth target: 0 */
    set_row(&x, 1, "target", "增长5%以上");
    set_row(&x, 1, "actual", "下降3%");
    assert_string_equal(row_score(&x, 1), "0.00");
    /* over-completion at 130% asks for a reason (warning), full weight */
    set_row(&x, 1, "target", "≥10家");
    set_row(&x, 1, "actual", "13家");
    assert_string_equal(row_score(&x, 1), "10.00");
    assert_true(fx_has(&x, "indicator.overcompletion_reason", "indicators[1].reason", NULL));
    set_row(&x, 1, "actual", "12.9家");
    assert_false(fx_has(&x, "indicator.overcompletion_reason", "indicators[1].reason", NULL));
    /* 万元 vs 亿元 converted: 1.2亿元 = 12000万元 */
    set_row(&x, 1, "target", "≥10000万元");
    set_row(&x, 1, "actual", "1.2亿元");
    assert_string_equal(row_score(&x, 1), "10.00");
    /* reverse: 10 × 990 / 1100 = 9.00 */
    set_row(&x, 1, "target", "≤990万元");
    set_row(&x, 1, "actual", "1100万元");
    assert_string_equal(row_score(&x, 1), "9.00");
    /* 不适用 rows are not scored */
    set_row(&x, 1, "na", "不适用");
    assert_string_equal(row_score(&x, 1), "—");
    fx_close(&x);
}

static void money_precision_and_div_zero(void **state)
{
    (void)state;
    fx_doc x = fresh_project();
    fx_set(&x, "funds.budget_annual", "990.12345");
    fx_set(&x, "funds.executed", "547.68791");
    /* 547.68791 / 990.12345 = 0.553150… -> 55.32% ; 10 × that = 5.53 */
    assert_string_equal(fx_show(&x, "funds.executed"), "547.68791");
    assert_string_equal(fx_show(&x, "funds.rate"), "55.32%");
    assert_string_equal(fx_show(&x, "funds.exec_score"), "5.53");
    /* full-width input is read and shown normalised */
    fx_set(&x, "funds.executed", "１，２３４．５");
    assert_string_equal(fx_show(&x, "funds.executed"), "1234.5");
    /* over budget: the score is capped at the weight */
    assert_string_equal(fx_show(&x, "funds.exec_score"), "10.00");
    fx_set(&x, "funds.budget_annual", "0");
    assert_string_equal(fx_show(&x, "funds.rate"), "—");
    assert_true(fx_has(&x, "compute.div_zero", "funds.rate", NULL));
    fx_set(&x, "funds.budget_annual", "abc");
    assert_true(fx_has(&x, "field.invalid", "funds.budget_annual", "abc"));
    fx_close(&x);
}

static void grade_boundaries(void **state)
{
    (void)state;
    fx_doc x = fresh_project();
    add_row(&x);
    set_row(&x, 1, "level1", "产出指标");
    set_row(&x, 1, "level3", "边界");
    set_row(&x, 1, "weight", "90");
    set_row(&x, 1, "target", "≥100");
    /* 90 × 88.88 / 100 = 79.992 -> 79.99; total 89.99: 良 */
    set_row(&x, 1, "actual", "88.88");
    assert_string_equal(fx_show(&x, "totals.total"), "89.99");
    assert_string_equal(fx_show(&x, "totals.grade"), "良");
    /* 90 × 88.89 / 100 = 80.001 -> 80.00; total 90.00: 优 */
    set_row(&x, 1, "actual", "88.89");
    assert_string_equal(fx_show(&x, "totals.total"), "90.00");
    assert_string_equal(fx_show(&x, "totals.grade"), "优");
    fx_close(&x);
}

static void rows_add_delete_move(void **state)
{
    (void)state;
    fx_doc x = fresh_project();
    for (int i = 0; i < 3; i++)
        add_row(&x);
    set_row(&x, 1, "level3", "甲");
    set_row(&x, 2, "level3", "乙");
    set_row(&x, 3, "level3", "丙");
    inode *t = engine_find(x.e, "indicators");
    eng_change chg;
    char *err = NULL;
    assert_int_equal(engine_row_move(x.e, t, 0, 2, &chg, &err), 0);
    assert_string_equal(fx_show(&x, "indicators[3].level3"), "甲");
    assert_string_equal(fx_show(&x, "indicators[1].level3"), "乙");
    /* storage paths follow the row, display paths its position */
    inode *moved = engine_find(x.e, "indicators[3].level3");
    char *sp = inode_storage_path(moved);
    assert_string_equal(sp, "indicators.r1.level3");
    free(sp);
    /* the draft's array has the same order (what gets saved) */
    const cJSON *rows = cJSON_GetObjectItemCaseSensitive(x.d->values, "indicators");
    assert_int_equal(cJSON_GetArraySize(rows), 3);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(rows, 0), "level3")->valuestring, "乙");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(rows, 2), "level3")->valuestring, "甲");
    /* a row added in the middle lands in the middle */
    inode *mid = NULL;
    assert_int_equal(engine_row_add(x.e, t, 1, NULL, &mid, &chg, &err), 0);
    assert_int_equal(cJSON_GetArraySize(rows), 4);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(rows, 1), "_id")->valuestring, inode_row_id(mid));
    assert_int_equal(inode_index(mid), 1);
    assert_int_equal(engine_row_delete(x.e, t, 1, &chg, &err), 0);
    assert_int_equal(engine_row_delete(x.e, t, 0, &chg, &err), 0);
    assert_int_equal(inode_nkids(t), 2);
    assert_string_equal(fx_show(&x, "indicators[1].level3"), "丙");
    inode *dup = NULL;
    assert_int_equal(engine_row_duplicate(x.e, t, 0, &dup, &chg, &err), 0);
    assert_string_equal(fx_show(&x, "indicators[2].level3"), "丙");
    assert_string_not_equal(inode_row_id(dup), inode_row_id(inode_kid(t, 0)));
    fx_close(&x);
}

/* 2,000 rows: every row scores 0.045 × 5 / 10 = 0.0225 -> 0.02, and the total adds the
 * rounded figures: 2000 × 0.02 + 10 = 50.00 (adding unrounded ones would give 55.00). */
static void two_thousand_rows(void **state)
{
    (void)state;
    fx_doc x;
    memset(&x, 0, sizeof x);
    x.f = fx_load_form("project");
    assert_non_null(x.f);
    x.d = draft_new("project", x.f->version);
    assert_non_null(x.d);
    cJSON *v = cJSON_CreateObject();
    cJSON *funds = cJSON_AddObjectToObject(v, "funds");
    cJSON_AddStringToObject(funds, "budget_annual", "100");
    cJSON_AddStringToObject(funds, "executed", "100");
    cJSON_AddStringToObject(funds, "exec_weight", "10");
    cJSON *rows = cJSON_AddArrayToObject(v, "indicators");
    for (int i = 1; i <= 2000; i++) {
        cJSON *r = cJSON_CreateObject();
        char id[16];
        snprintf(id, sizeof id, "r%d", i);
        cJSON_AddStringToObject(r, "_id", id);
        cJSON_AddStringToObject(r, "level1", "产出指标");
        cJSON_AddStringToObject(r, "level3", "数量");
        cJSON_AddStringToObject(r, "target", "≥10");
        cJSON_AddStringToObject(r, "actual", "5");
        /* weights have at most 2 decimals: 1000 × 0.04 + 1000 × 0.05 = 90 */
        cJSON_AddStringToObject(r, "weight", i % 2 ? "0.04" : "0.05");
        cJSON_AddStringToObject(r, "reason", "未完成");
        cJSON_AddItemToArray(rows, r);
    }
    cJSON_Delete(x.d->values);
    x.d->values = v;
    char *err = NULL;
    x.e = engine_new(x.f, x.d, &err);
    assert_non_null(x.e);
    /* 0.05 × 5 / 10 = 0.025 -> 0.03 (0.04 × 5 / 10 = 0.02 on odd rows) */
    assert_string_equal(fx_show(&x, "indicators[2000].score"), "0.03");
    assert_string_equal(fx_show(&x, "indicators[1999].score"), "0.02");
    assert_string_equal(fx_show(&x, "totals.weight_total"), "100"); /* shown without trailing zeros */
    assert_string_equal(fx_show(&x, "totals.total"), "60.00");   /* 10 + 20 + 30 */
    /* one change: only what depends on it */
    size_t before = engine_eval_count(x.e);
    fx_set(&x, "indicators[1000].actual", "9");
    /* 0.05 × 9 / 10 = 0.045 -> 0.05; total 60.00 - 0.03 + 0.05 = 60.02 */
    assert_string_equal(fx_show(&x, "indicators[1000].score"), "0.05");
    assert_string_equal(fx_show(&x, "totals.total"), "60.02");
    assert_true(engine_eval_count(x.e) - before < 40);
    fx_close(&x);
}

static void empty_draft(void **state)
{
    (void)state;
    fx_doc x;
    assert_int_equal(fx_open(&x, "project", NULL), 0);
    /* nothing typed: no score is invented */
    assert_string_equal(fx_show(&x, "funds.exec_score"), "—");
    assert_string_equal(fx_show(&x, "totals.total"), "—");
    assert_false(fx_has(&x, "compute.div_zero", NULL, NULL));
    /* each message in its own language, label included */
    assert_true(fx_has(&x, "field.required", "header.name", "项目支出名称：必填"));
    assert_true(fx_has(&x, "field.required", "header.name", "Project: required"));
    fx_close(&x);
}

static void defaults_in_new_drafts_and_rows(void **state)
{
    (void)state;
    fx_doc x;
    memset(&x, 0, sizeof x);
    x.f = fx_load_form("submission");
    assert_non_null(x.f);
    x.d = draft_new("submission", x.f->version);
    assert_int_equal(form_put_defaults(x.f->root, x.d->values), 0);
    char *err = NULL;
    x.e = engine_new(x.f, x.d, &err);
    assert_non_null(x.e);
    assert_string_equal(fx_show(&x, "dept.funds.exec_weight"), "10");
    /* a new project gets the defaults of its sections too */
    inode *projects = engine_find(x.e, "projects");
    inode *p = NULL;
    eng_change chg;
    assert_int_equal(engine_row_add(x.e, projects, 0, NULL, &p, &chg, &err), 0);
    assert_string_equal(fx_show(&x, "projects[1].funds.exec_weight"), "10");
    assert_string_equal(inode_row_id(p), "p1");
    fx_close(&x);
}

static void wrong_form_refused(void **state)
{
    (void)state;
    form *f = fx_load_form("project");
    assert_non_null(f);
    draft *d = draft_new("department", "2025.1");
    char *err = NULL;
    engine *e = engine_new(f, d, &err);
    assert_null(e);
    assert_non_null(err);
    assert_non_null(strstr(err, "department"));
    free(err);
    draft_free(d);
    form_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(seed001_figures),
        cmocka_unit_test(seed000_figures),
        cmocka_unit_test(seed000_reverse_override),
        cmocka_unit_test(sums_and_shared_figures),
        cmocka_unit_test(incremental_recompute),
        cmocka_unit_test(edge_rules),
        cmocka_unit_test(money_precision_and_div_zero),
        cmocka_unit_test(grade_boundaries),
        cmocka_unit_test(rows_add_delete_move),
        cmocka_unit_test(two_thousand_rows),
        cmocka_unit_test(empty_draft),
        cmocka_unit_test(defaults_in_new_drafts_and_rows),
        cmocka_unit_test(wrong_form_refused),
    };
    return cmocka_run_group_tests_name("engine", tests, NULL, NULL);
}
