/* A figure typed beside a computed one that cannot be computed (a figure it needs is blank,
 * not a number, or a division by zero): it cannot be checked, so it is marked as such, a
 * finding says why, and it does not count (issue 12: with 全年预算数 cleared the typed
 * 99.91% and 9.99 used to show unmarked and count in 总分). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "engine_fixture.h"

#include <stdlib.h>
#include <string.h>

#define SEED000 "tests/fixtures/seed000.json"
#define SEED001 "tests/fixtures/seed001_project.json"

static inode *at(fx_doc *x, const char *path)
{
    inode *n = engine_find(x->e, path);
    assert_non_null(n);
    return n;
}

/* Everything the department table says once its 全年预算数 cannot be used. */
static void dept_unchecked(fx_doc *x, const char *why_needle)
{
    assert_string_equal(fx_show(x, "dept.funds.rate"), "—");
    assert_string_equal(fx_show(x, "dept.funds.exec_score"), "—");
    assert_int_equal(inode_state(at(x, "dept.funds.rate")), FS_TYPED_UNCHECKED);
    assert_int_equal(inode_state(at(x, "dept.funds.exec_score")), FS_TYPED_UNCHECKED);
    assert_string_equal(field_state_name(FS_TYPED_UNCHECKED), "typed_unchecked");
    /* the typed figures stay in the draft, as typed */
    assert_string_equal(inode_text(at(x, "dept.funds.rate")), "99.91%");
    assert_string_equal(inode_text(at(x, "dept.funds.exec_score")), "9.99");
    /* they do not count */
    assert_int_equal(inode_value(at(x, "dept.funds.exec_score")).kind, V_BLANK);
    /* a finding on each says it could not be checked, names the figure and why */
    assert_true(fx_has(x, "typed.unchecked", "dept.funds.rate", "99.91%"));
    assert_true(fx_has(x, "typed.unchecked", "dept.funds.exec_score", "9.99"));
    assert_true(fx_has(x, "typed.unchecked", "dept.funds.rate", why_needle));
    /* the total has a part that cannot be computed: it is not computed either, and the
     * typed 95.40 (which counted the 9.99) is itself unchecked */
    assert_string_equal(fx_show(x, "dept.totals.total"), "—");
    assert_int_equal(inode_state(at(x, "dept.totals.total")), FS_TYPED_UNCHECKED);
    assert_true(fx_has(x, "typed.unchecked", "dept.totals.total", "95.4"));
    assert_string_equal(fx_show(x, "dept.totals.grade"), "—");
    /* no "computes to" for a figure that was not computed */
    assert_false(fx_has(x, "typed.mismatch", "dept.funds.rate", NULL));
    assert_false(fx_has(x, "typed.mismatch", "dept.totals.total", NULL));
}

static void budget_cleared(void **state)
{
    (void)state;
    fx_doc x;
    assert_int_equal(fx_open(&x, "submission", SEED000), 0);
    fx_set(&x, "dept.funds.budget_annual", "");
    dept_unchecked(&x, "未填");
    /* the derivation names the typed figure as not counting */
    char *zh = NULL, *en = NULL;
    assert_int_equal(engine_why(x.e, at(&x, "dept.funds.exec_score"), &zh, &en), 0);
    assert_non_null(strstr(zh, "9.99"));
    assert_non_null(strstr(zh, "无法核对"));
    assert_non_null(strstr(en, "cannot be checked"));
    free(zh);
    free(en);
    /* a valid budget again: computed and checked as before */
    fx_set(&x, "dept.funds.budget_annual", "60000");
    assert_string_equal(fx_show(&x, "dept.funds.rate"), "86.61%");
    assert_string_equal(fx_show(&x, "dept.funds.exec_score"), "8.66");
    assert_int_equal(inode_state(at(&x, "dept.funds.rate")), FS_TYPED_DISAGREES);
    assert_false(fx_has(&x, "typed.unchecked", NULL, NULL));
    assert_string_equal(fx_show(&x, "dept.totals.total"), "94.07");
    fx_close(&x);
}

static void budget_not_a_number(void **state)
{
    (void)state;
    fx_doc x;
    assert_int_equal(fx_open(&x, "submission", SEED000), 0);
    fx_set(&x, "dept.funds.budget_annual", "abc");
    dept_unchecked(&x, "不是有效数字");
    fx_close(&x);
}

static void budget_zero(void **state)
{
    (void)state;
    fx_doc x;
    assert_int_equal(fx_open(&x, "submission", SEED000), 0);
    fx_set(&x, "dept.funds.budget_annual", "0");
    dept_unchecked(&x, "除数为 0");
    assert_true(fx_has(&x, "compute.div_zero", "dept.funds.rate", NULL));
    fx_close(&x);
}

static void project_and_untyped(void **state)
{
    (void)state;
    fx_doc x;
    assert_int_equal(fx_open(&x, "project", SEED001), 0);
    fx_set(&x, "funds.budget_annual", "");
    assert_string_equal(fx_show(&x, "funds.rate"), "—");
    assert_int_equal(inode_state(at(&x, "funds.rate")), FS_TYPED_UNCHECKED);
    assert_true(fx_has(&x, "typed.unchecked", "funds.exec_score", "5.53"));
    assert_string_equal(fx_show(&x, "totals.total"), "—");
    /* nothing typed beside a figure that cannot be computed: plain "—", no finding */
    fx_set(&x, "funds.rate", "");
    fx_set(&x, "funds.exec_score", "");
    fx_set(&x, "totals.total", "");
    assert_int_equal(inode_state(at(&x, "funds.rate")), FS_COMPUTED);
    assert_false(fx_has(&x, "typed.unchecked", NULL, NULL));
    assert_string_equal(fx_show(&x, "totals.total"), "—");
    fx_close(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(budget_cleared),
        cmocka_unit_test(budget_not_a_number),
        cmocka_unit_test(budget_zero),
        cmocka_unit_test(project_and_untyped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
