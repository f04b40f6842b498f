/* The derivation of every computed figure (engine_why), on the seeds as filed.
 * The figures in the expected texts are the seeds' own (tests/fixtures/README.md). */
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

static void expect_why(fx_doc *x, const char *path, const char *zh_part, const char *en_part)
{
    inode *n = engine_find(x->e, path);
    assert_non_null(n);
    char *zh = NULL, *en = NULL;
    assert_int_equal(engine_why(x->e, n, &zh, &en), 0);
    if (!zh || !en)
        fail_msg("%s: no derivation", path);
    if (zh_part && !strstr(zh, zh_part))
        fail_msg("%s: \"%s\" lacks \"%s\"", path, zh, zh_part);
    if (en_part && !strstr(en, en_part))
        fail_msg("%s: \"%s\" lacks \"%s\"", path, en, en_part);
    free(zh);
    free(en);
}

typedef struct {
    fx_doc *x;
    size_t computed, explained;
} walk_ctx;

static void every_computed(walk_ctx *w, inode *n)
{
    if (inode_kind(n) == N_FIELD) {
        char *zh = NULL, *en = NULL;
        assert_int_equal(engine_why(w->x->e, n, &zh, &en), 0);
        if (inode_is_computed(n)) {
            w->computed++;
            if (zh && en && *zh && *en)
                w->explained++;
            else
                fail_msg("no derivation for %s", inode_display_path(n));
        } else {
            assert_null(zh);
            assert_null(en);
        }
        free(zh);
        free(en);
        return;
    }
    for (size_t i = 0; i < inode_nkids(n); i++)
        every_computed(w, inode_kid(n, i));
}

static void seed001(void **state)
{
    (void)state;
    fx_doc x;
    assert_int_equal(fx_open(&x, "project", SEED001), 0);
    size_t findings_before = engine_count(x.e, SEV_NOTICE) + engine_count(x.e, SEV_WARNING) +
                             engine_count(x.e, SEV_ERROR);
    walk_ctx w = {&x, 0, 0};
    every_computed(&w, engine_root(x.e));
    assert_true(w.computed >= 15);
    assert_int_equal(w.computed, w.explained);
    /* explaining changes nothing */
    assert_int_equal(engine_count(x.e, SEV_NOTICE) + engine_count(x.e, SEV_WARNING) +
                     engine_count(x.e, SEV_ERROR), findings_before);
    assert_string_equal(fx_show(&x, "totals.total"), "95.53");
    /* 10 × 547.6879 / 990 = 5.5322… */
    expect_why(&x, "funds.exec_score", "5.53 = 10 × 547.6879 ÷ 990，四舍五入",
               "5.53 = 10 × 547.6879 ÷ 990, rounded half up");
    expect_why(&x, "funds.rate", "55.32% = 547.6879 ÷ 990", "55.32% = 547.6879 ÷ 990");
    expect_why(&x, "totals.total", "95.53 = 5.53 + 10.00 + 10.00", "95.53 = 5.53 + 10.00");
    expect_why(&x, "totals.grade", "优：95.53 ≥ 90", "优: 95.53 ≥ 90");
    expect_why(&x, "totals.weight_total", "100 = 10 + 10 + 10", NULL);
    expect_why(&x, "indicators[2].score", "10.00：实际“12 家”达到年度指标值“≥5 家”", "full marks");
    expect_why(&x, "indicators[6].score", "定性", "qualitative");
    expect_why(&x, "indicators[10].score", "不适用", "not applicable");
    fx_close(&x);
}

static void seed000(void **state)
{
    (void)state;
    fx_doc x;
    assert_int_equal(fx_open(&x, "submission", SEED000), 0);
    walk_ctx w = {&x, 0, 0};
    every_computed(&w, engine_root(x.e));
    assert_int_equal(w.computed, w.explained);
    expect_why(&x, "dept.funds.exec_score", "9.99 = 10 × 51965.47 ÷ 52014.32，四舍五入", NULL);
    /* 5 × 2.9 / 6 = 2.4166… */
    expect_why(&x, "dept.indicators[3].score", "2.42 = 5 × 2.9 ÷ 6（默认正向，按比例，四舍五入）", NULL);
    /* the printed 102.5% beside 199 / 195 */
    expect_why(&x, "basic.staff.control_rate", "102.05% = 199 ÷ 195", "typed 102.5%");
    expect_why(&x, "basic.buildings.area_rate", "—：无法计算（除数为 0）", "division by zero");
    /* 全年整体投入资金 as 反向: 10 × 4211.33 / 51965.47 */
    fx_set(&x, "dept.indicators[12].direction", "反向");
    expect_why(&x, "dept.indicators[12].score", "0.81 = 10 × 4211.33 ÷ 51965.47", "reverse");
    fx_close(&x);
}

static void capped_and_clamped(void **state)
{
    (void)state;
    fx_doc x;
    assert_int_equal(fx_open(&x, "project", NULL), 0);
    fx_set(&x, "funds.exec_weight", "10");
    fx_set(&x, "funds.budget_annual", "50");
    fx_set(&x, "funds.executed", "55");
    expect_why(&x, "funds.exec_score", "10.00 = 10（10 × 55 ÷ 50 = 11，取较小者）",
               "10.00 = 10 (10 × 55 ÷ 50 = 11, the smaller is taken)");
    fx_set(&x, "funds.executed", "-990");
    expect_why(&x, "funds.exec_score", "0.00 = 0（", "the larger is taken");
    fx_set(&x, "funds.budget_annual", "");
    expect_why(&x, "funds.rate", "—：无法计算", "cannot be computed");
    fx_close(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(seed001),
        cmocka_unit_test(seed000),
        cmocka_unit_test(capped_and_clamped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
