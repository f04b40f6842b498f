/* What printed forms hold, as fields of the bundled forms: funds by source adding up to the
 * annual total per column, the basic table's subtotal rows, the 总分 row's typed 分值 total and
 * the project table's year. Figures are the seeds' (tests/fixtures/README.md). */
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
#define SEED001_SOURCES "tests/fixtures/seed001_sources.json"

/* Seed 001's report: all 990 万元 are this year's appropriation, 547.6879 paid out. */
static void funds_by_source_add_up(void **state)
{
    (void)state;
    fx_doc x;
    assert_int_equal(fx_open(&x, "project", SEED001_SOURCES), 0);
    assert_string_equal(fx_show(&x, "sources.fiscal.initial"), "990");
    assert_string_equal(fx_show(&x, "sources.fiscal.executed"), "547.6879");
    assert_false(fx_has(&x, "funds.sources_sum", NULL, NULL));
    /* a carry-over typed on top: the executed column no longer adds up, and says which column */
    fx_set(&x, "sources.carryover.executed", "12");
    assert_true(fx_has(&x, "funds.sources_sum", "sources.fiscal.executed", "全年执行数"));
    assert_true(fx_has(&x, "funds.sources_sum", "sources.fiscal.executed", "559.6879"));
    assert_true(fx_has(&x, "funds.sources_sum", "sources.fiscal.executed", "547.6879"));
    assert_false(fx_has(&x, "funds.sources_sum", "sources.fiscal.annual", NULL));
    assert_false(fx_has(&x, "funds.sources_sum", "sources.fiscal.initial", NULL));
    fx_set(&x, "sources.fiscal.executed", "535.6879");
    assert_false(fx_has(&x, "funds.sources_sum", NULL, NULL));
    /* the 年初预算数 column named in English too */
    fx_set(&x, "sources.other.initial", "5");
    assert_true(fx_has(&x, "funds.sources_sum", "sources.fiscal.initial", "Initial budget"));
    fx_close(&x);
}

/* The 总分 row prints the 分值 total: typed, it is kept and compared with the computed one. */
static void weight_total_typed_and_checked(void **state)
{
    (void)state;
    fx_doc x;
    assert_int_equal(fx_open(&x, "project", SEED001), 0);
    assert_string_equal(fx_show(&x, "totals.weight_total"), "100");
    assert_false(fx_has(&x, "typed.mismatch", "totals.weight_total", NULL));
    fx_set(&x, "totals.weight_total", "90");
    assert_true(fx_has(&x, "typed.mismatch", "totals.weight_total", "90"));
    assert_true(fx_has(&x, "typed.mismatch", "totals.weight_total", "100"));
    fx_set(&x, "totals.weight_total", "100");
    assert_false(fx_has(&x, "typed.mismatch", "totals.weight_total", NULL));
    fx_close(&x);

    assert_int_equal(fx_open(&x, "submission", SEED000), 0);
    assert_false(fx_has(&x, "typed.mismatch", "dept.totals.weight_total", NULL));
    fx_set(&x, "dept.totals.weight_total", "105");
    assert_true(fx_has(&x, "typed.mismatch", "dept.totals.weight_total", "105"));
    fx_close(&x);
}

/* 本级专项资金 is a subtotal above its fund rows: kept as typed and checked against their sum;
 * 项目支出 above its parts (seed 000 附件1: 1290.98 + 700 + 22973 = 24963.98). */
static void basic_subtotals_checked(void **state)
{
    (void)state;
    fx_doc x;
    assert_int_equal(fx_open(&x, "submission", SEED000), 0);
    assert_false(fx_has(&x, "basic.special_sum", NULL, NULL));
    assert_false(fx_has(&x, "basic.project_sum", NULL, NULL));
    fx_set(&x, "basic.expenses.special.final", "47240.24");
    assert_string_equal(fx_show(&x, "basic.expenses.special.final"), "47240.24");
    assert_false(fx_has(&x, "basic.special_sum", NULL, NULL));
    assert_false(fx_has(&x, "basic.project_sum", NULL, NULL));
    fx_set(&x, "basic.expenses.special.final", "47000");
    assert_true(fx_has(&x, "basic.special_sum", "basic.expenses.special.final", "47000"));
    assert_true(fx_has(&x, "basic.special_sum", "basic.expenses.special.final", "47240.24"));
    /* the parts of 项目支出 are the typed subtotal when there is one */
    assert_true(fx_has(&x, "basic.project_sum", "basic.expenses.project.final", "48957.81"));
    /* a wrong part of 项目支出 is found by the sum */
    fx_set(&x, "basic.expenses.special.final", "");
    fx_set(&x, "basic.expenses.business.prev", "1290");
    assert_true(fx_has(&x, "basic.project_sum", "basic.expenses.project.prev", "24963.98"));
    assert_true(fx_has(&x, "basic.project_sum", "basic.expenses.project.prev", "24963"));
    fx_close(&x);
}

/* The printed header "2025 年度项目支出绩效自评表" carries the year. */
static void project_has_year(void **state)
{
    (void)state;
    fx_doc x;
    assert_int_equal(fx_open(&x, "project", SEED001), 0);
    assert_string_equal(fx_show(&x, "header.year"), "2025");
    fx_set(&x, "header.year", "25");
    assert_true(fx_has(&x, "field.range", "header.year", "2000"));
    fx_close(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(funds_by_source_add_up),
        cmocka_unit_test(weight_total_typed_and_checked),
        cmocka_unit_test(basic_subtotals_checked),
        cmocka_unit_test(project_has_year),
    };
    return cmocka_run_group_tests_name("form_items", tests, NULL, NULL);
}
