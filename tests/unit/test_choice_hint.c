/* A 二级指标 that is not a category of the chosen 一级: the message helps the clerk to the
 * right one — the category it starts ("数量" → 数量指标), the 一级 it belongs to, or the
 * categories there are (issue 12: "数量" said only "不属于所选的上级分类"). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "engine_fixture.h"

#define SEED001 "tests/fixtures/seed001_project.json"
#define L2 "indicators[1].level2"

static void hints(void **state)
{
    (void)state;
    fx_doc x;
    assert_int_equal(fx_open(&x, "project", SEED001), 0);
    assert_string_equal(fx_show(&x, "indicators[1].level1"), "产出指标");
    /* the start of a category: proposed */
    fx_set(&x, L2, "数量");
    assert_true(fx_has(&x, "field.choice", L2, "数量指标"));
    assert_true(fx_has(&x, "field.choice", L2, "数量"));
    /* a category of another 一级: named with it */
    fx_set(&x, L2, "经济效益指标");
    assert_true(fx_has(&x, "field.choice", L2, "效益指标"));
    assert_true(fx_has(&x, "field.choice", L2, "产出指标"));
    /* nothing like it: the categories of 产出指标 are listed */
    fx_set(&x, L2, "乱写");
    assert_true(fx_has(&x, "field.choice", L2, "质量指标"));
    assert_true(fx_has(&x, "field.choice", L2, "时效指标"));
    /* a category of 产出指标: no finding */
    fx_set(&x, L2, "数量指标");
    assert_false(fx_has(&x, "field.choice", L2, NULL));
    fx_close(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hints),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
