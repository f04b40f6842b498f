/* Findings of the engine on the bundled forms as filed forms exercise them: placeholder rows,
 * category weights, scores without an actual or outside [0, 分值], spending above budget,
 * negative and huge amounts, and the messages of amount fields.
 * Expected figures are worked by hand from the seeds (tests/fixtures/README.md). */
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

static inode *add_row(fx_doc *x, const char *table)
{
    inode *t = engine_find(x->e, table), *row = NULL;
    assert_non_null(t);
    eng_change chg;
    char *err = NULL;
    assert_int_equal(engine_row_add(x->e, t, inode_nkids(t), NULL, &row, &chg, &err), 0);
    return row;
}

static size_t count_on_prefix(fx_doc *x, const char *prefix)
{
    finding_list l = {0};
    engine_findings(x->e, &l);
    size_t n = 0;
    for (size_t i = 0; i < l.len; i++)
        if (strncmp(l.items[i].path, prefix, strlen(prefix)) == 0)
            n++;
    findings_free(&l);
    return n;
}

static severity sev_of(fx_doc *x, const char *code)
{
    finding_list l = {0};
    engine_findings(x->e, &l);
    int s = -1;
    for (size_t i = 0; i < l.len && s < 0; i++)
        if (strcmp(l.items[i].code, code) == 0)
            s = (int)l.items[i].sev;
    findings_free(&l);
    if (s < 0)
        fail_msg("no finding %s", code);
    return (severity)s;
}

/* An indicator row's scoring as the engine computed it (what the database writer reads
 * instead of scoring each row again): the same as ind_score on the row's cells, and it
 * follows an edit. */
static void row_scoring_kept(void **state)
{
    (void)state;
    fx_doc x;
    assert_int_equal(fx_open(&x, "project", SEED001), 0);
    ind_result r;
    assert_false(inode_row_ind_result(engine_find(x.e, "totals.total"), &r));
    assert_false(inode_row_ind_result(NULL, &r));
    inode *row = add_row(&x, "indicators");
    fx_set(&x, "indicators[13].level1", "产出指标");
    fx_set(&x, "indicators[13].level2", "数量指标");
    fx_set(&x, "indicators[13].level3", "培训人次");
    fx_set(&x, "indicators[13].weight", "5");
    fx_set(&x, "indicators[13].target", "≥100人次");
    fx_set(&x, "indicators[13].actual", "80人次");
    assert_true(inode_row_ind_result(row, &r));
    ind_input in = {.level1 = "产出指标", .level2 = "数量指标", .level3 = "培训人次",
                    .target = "≥100人次", .actual = "80人次", .has_weight = true};
    assert_int_equal(dec_parse("5", 1, &in.weight), DEC_OK);
    ind_result want;
    finding_list notes = {0};
    assert_int_equal(ind_score(&x.f->ind, &in, &want, &notes), 0);
    findings_free(&notes);
    assert_true(r.applicable && want.applicable);
    assert_int_equal(r.direction, want.direction);
    assert_int_equal(r.direction, DIR_POSITIVE);
    assert_true(r.scored);
    assert_int_equal(dec_cmp(r.score, want.score), 0);   /* 5 × 80 ÷ 100 = 4 */
    assert_string_equal(fx_show(&x, "indicators[13].score"), "4.00");
    /* edited to a reverse target: the kept scoring follows */
    fx_set(&x, "indicators[13].target", "≤100人次");
    assert_true(inode_row_ind_result(row, &r));
    assert_int_equal(r.direction, DIR_REVERSE);
    /* emptied down to its category: a placeholder, which does not count */
    fx_set(&x, "indicators[13].target", "");
    fx_set(&x, "indicators[13].actual", "");
    fx_set(&x, "indicators[13].weight", "");
    fx_set(&x, "indicators[13].level3", "");
    assert_true(inode_row_ind_result(row, &r));
    assert_false(r.applicable);
    fx_close(&x);
}

/* issue 9 item 4: a row with a category and nothing else is kept, never scored, no finding. */
static void placeholder_rows(void **state)
{
    (void)state;
    fx_doc x;
    assert_int_equal(fx_open(&x, "project", SEED001), 0);
    inode *row = add_row(&x, "indicators");
    fx_set(&x, "indicators[13].level1", "成本指标");
    fx_set(&x, "indicators[13].level2", "社会成本指标");
    assert_int_equal(count_on_prefix(&x, "indicators[13]."), 0);
    assert_true(inode_row_is_placeholder(row));
    assert_string_equal(fx_show(&x, "indicators[13].score"), "—");
    assert_string_equal(fx_show(&x, "totals.total"), "95.53");
    /* as soon as it carries anything else it is a row like the others */
    fx_set(&x, "indicators[13].target", "≤5万元");
    assert_false(inode_row_is_placeholder(row));
    assert_true(fx_has(&x, "field.required", "indicators[13].level3", NULL));
    assert_false(inode_row_is_placeholder(engine_find(x.e, "indicators[1]")));
    fx_close(&x);

    /* the department table too (seed 000 prints 社会成本指标 and 生态环境成本指标 rows) */
    assert_int_equal(fx_open(&x, "submission", SEED000), 0);
    add_row(&x, "dept.indicators");
    fx_set(&x, "dept.indicators[13].level1", "成本指标");
    fx_set(&x, "dept.indicators[13].level2", "生态环境成本指标");
    assert_int_equal(count_on_prefix(&x, "dept.indicators[13]."), 0);
    fx_close(&x);
}

/* issue 9 item 7: category weights are a notice; a level-1 成本指标 is not added to 产出. */
static void category_weights(void **state)
{
    (void)state;
    fx_doc x;
    assert_int_equal(fx_open(&x, "project", SEED001), 0);
    /* 65 / 15 / 10 (seed 001): departments may set their own */
    assert_true(fx_has(&x, "weights.category", NULL, "65"));
    assert_int_equal(sev_of(&x, "weights.category"), SEV_NOTICE);
    fx_close(&x);
    /* 产出 50 with a level-1 cost row of 10 beside it: 产出 is at its default */
    assert_int_equal(fx_open(&x, "project", SEED001), 0);
    fx_set(&x, "indicators[1].weight", "5");      /* 产出 65 → 50 with the next two */
    fx_set(&x, "indicators[2].weight", "5");
    fx_set(&x, "indicators[3].weight", "5");
    fx_set(&x, "indicators[7].level1", "成本指标");   /* 5 moves to 成本: 产出 45 + 成本 5 */
    fx_set(&x, "indicators[7].level2", "经济成本指标");
    fx_set(&x, "indicators[4].weight", "15");     /* 产出 50, 成本 5 */
    assert_false(fx_has(&x, "weights.category", NULL, "产出"));
    fx_close(&x);
    /* seed 000: 产出 40 with a level-1 cost row of 10 (cost counted in 产出 on older forms) */
    assert_int_equal(fx_open(&x, "submission", SEED000), 0);
    assert_false(fx_has(&x, "weights.category", NULL, "产出"));
    assert_int_equal(sev_of(&x, "weights.category"), SEV_NOTICE);
    fx_close(&x);
}

/* issue 9 item 9: a score on a row with no actual is an error and does not count. */
static void score_without_actual(void **state)
{
    (void)state;
    fx_doc x;
    assert_int_equal(fx_open(&x, "project", SEED001), 0);
    fx_set(&x, "indicators[2].actual", "");       /* typed score 10 stays */
    assert_true(fx_has(&x, "indicator.score_without_actual", "indicators[2].score", "10"));
    assert_int_equal(sev_of(&x, "indicator.score_without_actual"), SEV_ERROR);
    assert_string_equal(fx_show(&x, "totals.total"), "85.53");
    /* a reason does not make it count */
    inode *s = engine_find(x.e, "indicators[2].score");
    eng_change chg;
    char *err = NULL;
    assert_int_equal(engine_set_override_reason(x.e, s, "估计完成", "某", "2026-04-27T10:00:00+08:00",
                                                &chg, &err), 0);
    assert_string_equal(fx_show(&x, "totals.total"), "85.53");
    /* a 不适用 row with points typed on it: the same */
    fx_set(&x, "indicators[10].score", "5");
    assert_true(fx_has(&x, "indicator.score_not_applicable", "indicators[10].score", NULL));
    assert_string_equal(fx_show(&x, "totals.total"), "85.53");
    fx_close(&x);
}

/* issue 8 item 9: a typed score outside [0, 分值] is an error and does not count. */
static void override_out_of_bounds(void **state)
{
    (void)state;
    fx_doc x;
    assert_int_equal(fx_open(&x, "project", SEED001), 0);
    fx_set(&x, "indicators[2].score", "15");
    assert_true(fx_has(&x, "override.out_of_bounds", "indicators[2].score", "15"));
    assert_int_equal(sev_of(&x, "override.out_of_bounds"), SEV_ERROR);
    assert_string_equal(fx_show(&x, "totals.total"), "95.53");   /* the rule's 10 counts */
    inode *s = engine_find(x.e, "indicators[2].score");
    eng_change chg;
    char *err = NULL;
    assert_int_equal(engine_set_override_reason(x.e, s, "局务会决定", "某", "2026-04-27T10:00:00+08:00",
                                                &chg, &err), 0);
    assert_string_equal(fx_show(&x, "totals.total"), "95.53");
    assert_false(inode_is_override(s));
    fx_set(&x, "indicators[2].score", "-5");
    assert_true(fx_has(&x, "override.out_of_bounds", "indicators[2].score", "-5"));
    assert_string_equal(fx_show(&x, "totals.total"), "95.53");
    fx_close(&x);
}

/* issue 9 item 12 / issue 13 item 5: spending above budget names both figures. */
static void over_budget(void **state)
{
    (void)state;
    fx_doc x;
    assert_int_equal(fx_open(&x, "project", NULL), 0);
    fx_set(&x, "funds.exec_weight", "10");
    fx_set(&x, "funds.budget_annual", "50");
    fx_set(&x, "funds.executed", "55");
    assert_string_equal(fx_show(&x, "funds.rate"), "110.00%");
    assert_string_equal(fx_show(&x, "funds.exec_score"), "10.00");
    assert_true(fx_has(&x, "funds.over_budget", NULL, "55"));
    assert_true(fx_has(&x, "funds.over_budget", NULL, "50"));
    assert_int_equal(sev_of(&x, "funds.over_budget"), SEV_WARNING);
    fx_set(&x, "funds.executed", "50");
    assert_false(fx_has(&x, "funds.over_budget", NULL, NULL));
    fx_close(&x);
    assert_int_equal(fx_open(&x, "submission", SEED000), 0);
    fx_set(&x, "dept.funds.executed", "52014.33");
    assert_true(fx_has(&x, "funds.over_budget", NULL, "52014.32"));
    assert_true(fx_has(&x, "funds.over_budget", NULL, "52014.33"));
    fx_close(&x);
}

/* issue 8 item 9: a negative executed amount scores 0 and is flagged; weights with more
 * than 2 decimals are refused; amounts beyond 15 digits are refused at input. */
static void amounts_and_weights(void **state)
{
    (void)state;
    fx_doc x;
    assert_int_equal(fx_open(&x, "project", SEED001), 0);
    fx_set(&x, "funds.executed", "-990");
    assert_string_equal(fx_show(&x, "funds.exec_score"), "0.00");
    assert_true(fx_has(&x, "field.range", "funds.executed", "不能为负"));
    fx_set(&x, "funds.executed", "547.6879");
    fx_set(&x, "funds.exec_weight", "10.005");
    assert_true(fx_has(&x, "weights.decimals", "funds.exec_weight", "10.005"));
    fx_set(&x, "funds.exec_weight", "10");
    fx_set(&x, "indicators[2].weight", "10.005");
    assert_true(fx_has(&x, "indicator.weight_decimals", "indicators[2].score", "10.005"));
    fx_set(&x, "indicators[2].weight", "10");
    fx_set(&x, "funds.executed", "１２３４５６７８９０１２３４５６７８９０");
    assert_true(fx_has(&x, "field.invalid", "funds.executed", "15"));
    assert_string_equal(inode_rule_display(engine_find(x.e, "funds.exec_score")), "—");
    fx_close(&x);
}

/* issue 13 item 9: 万 and 亿 in a 万元 column; "5O"; "-5". */
static void amount_messages(void **state)
{
    (void)state;
    fx_doc x;
    assert_int_equal(fx_open(&x, "project", NULL), 0);
    fx_set(&x, "funds.budget_annual", "50万");
    assert_false(fx_has(&x, "field.invalid", "funds.budget_annual", NULL));
    assert_string_equal(fx_show(&x, "funds.budget_annual"), "50");
    fx_set(&x, "funds.budget_annual", "1.5亿");
    assert_false(fx_has(&x, "field.invalid", "funds.budget_annual", NULL));
    assert_string_equal(fx_show(&x, "funds.budget_annual"), "15000");
    fx_set(&x, "funds.budget_annual", "5O");
    assert_true(fx_has(&x, "field.invalid", "funds.budget_annual", "不是数字"));
    assert_true(fx_has(&x, "field.invalid", "funds.budget_annual", "0"));
    assert_false(fx_has(&x, "field.invalid", "funds.budget_annual", "单位"));
    fx_set(&x, "funds.budget_annual", "-5");
    assert_true(fx_has(&x, "field.range", "funds.budget_annual", "不能为负"));
    assert_true(fx_has(&x, "field.range", "funds.budget_annual", "cannot be negative"));
    /* both ends when there are two */
    fx_set(&x, "funds.exec_weight", "120");
    assert_true(fx_has(&x, "field.range", "funds.exec_weight", "0 至 100"));
    /* scientific notation is not a unit "e5"; a tiny number is not "too large" */
    fx_set(&x, "funds.budget_annual", "1e5");
    assert_true(fx_has(&x, "field.invalid", "funds.budget_annual", "科学记数法"));
    assert_true(fx_has(&x, "field.invalid", "funds.budget_annual", "100000"));
    assert_false(fx_has(&x, "field.invalid", "funds.budget_annual", "单位"));
    fx_set(&x, "funds.budget_annual", "2.5E-3");
    assert_true(fx_has(&x, "field.invalid", "funds.budget_annual", "scientific notation"));
    fx_set(&x, "funds.budget_annual", "0.00000000000000000000000000000000000000001");
    assert_true(fx_has(&x, "field.invalid", "funds.budget_annual", "小数位太多"));
    assert_false(fx_has(&x, "field.invalid", "funds.budget_annual", "太大"));
    fx_set(&x, "funds.budget_annual", "10000000000000000000000000000000000000000");
    assert_true(fx_has(&x, "field.invalid", "funds.budget_annual", "太大"));
    fx_close(&x);
}

/* issue 9 item 11: why a typed total differs, said as it is. */
static void typed_total_explained(void **state)
{
    (void)state;
    fx_doc x;
    assert_int_equal(fx_open(&x, "submission", SEED000), 0);
    /* 全年整体投入资金 declared 反向: its typed 10 has no reason, the rule gives 0.81; the
     * printed total 95.4 is the sum of the printed scores */
    fx_set(&x, "dept.indicators[12].direction", "反向");
    assert_true(fx_has(&x, "typed.mismatch", "dept.totals.total", "填报各项之和"));
    assert_true(fx_has(&x, "typed.mismatch", "dept.totals.total", "第 12 行未说明理由的改分"));
    assert_true(fx_has(&x, "typed.mismatch", "dept.totals.total", "86.21"));
    assert_true(fx_has(&x, "typed.mismatch", "dept.totals.total", "rows 12"));
    assert_false(fx_has(&x, "typed.mismatch", "dept.totals.total", "计算应为"));
    /* an addition error stays an addition error */
    fx_set(&x, "dept.indicators[12].direction", "");
    fx_set(&x, "dept.totals.total", "96.40");
    assert_true(fx_has(&x, "typed.mismatch", "dept.totals.total", "计算应为 95.40"));
    fx_close(&x);
    /* a rate printed as a whole percent */
    assert_int_equal(fx_open(&x, "project", SEED001), 0);
    fx_set(&x, "funds.rate", "55.00%");    /* 55.32% with its decimals cut */
    assert_true(fx_has(&x, "typed.mismatch", "funds.rate", "去掉小数"));
    assert_true(fx_has(&x, "typed.mismatch", "funds.rate", "decimals cut off"));
    fx_set(&x, "funds.executed", "875.6");   /* 875.6 / 990 = 88.44% */
    fx_set(&x, "funds.rate", "88%");
    assert_true(fx_has(&x, "typed.mismatch", "funds.rate", "去掉小数"));
    fx_set(&x, "funds.executed", "866.9");   /* 866.9 / 990 = 87.5656…% → 87.57% */
    fx_set(&x, "funds.rate", "88%");
    assert_true(fx_has(&x, "typed.mismatch", "funds.rate", "四舍五入到整数"));
    fx_set(&x, "funds.rate", "86%");
    assert_false(fx_has(&x, "typed.mismatch", "funds.rate", "整数"));
    fx_close(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(row_scoring_kept),
        cmocka_unit_test(placeholder_rows),
        cmocka_unit_test(category_weights),
        cmocka_unit_test(score_without_actual),
        cmocka_unit_test(override_out_of_bounds),
        cmocka_unit_test(over_budget),
        cmocka_unit_test(amounts_and_weights),
        cmocka_unit_test(amount_messages),
        cmocka_unit_test(typed_total_explained),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
