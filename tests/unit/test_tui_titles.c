/* Section titles shortened to fit a line: the part's name gives way in its middle, so the
 * section's own label and a project's number stay whole ("附件1 部门整体…数据表 · 填报信息",
 * "项目支出绩…表 2 · 绩效指标"). Widths in the narrow ambiguous-width mode (the default). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tui/app.h"
#include "tui/draw.h"

#include <stdlib.h>
#include <string.h>

static char *fit(const char *title, const char *label, int width)
{
    app a;
    memset(&a, 0, sizeof a);
    app_section sec = {.node = NULL, .title = (char *)title,
                       .label_at = label ? strlen(title) - strlen(label) : 0};
    a.secs = &sec;
    a.nsecs = 1;
    char *s = app_section_title_fit(&a, 0, width);
    assert_non_null(s);
    return s;
}

static void test_prefix_gives_way_in_its_middle(void **state)
{
    (void)state;
    const char *t = "附件1 部门整体支出绩效评价基础数据表 · 填报信息";
    /* 36 + 3 + 8 columns: at 30 the prefix has 18 (30 - 8 - 3 - 1 for "…"): 6 for its tail
     * (数据表), 12 for its head (附件1 部门整: 4 + 1 + 1 + 6) */
    char *s = fit(t, "填报信息", 30);
    assert_string_equal(s, "附件1 部门整…数据表 · 填报信息");
    free(s);
    /* wide enough: unchanged */
    s = fit(t, "填报信息", 47);
    assert_string_equal(s, t);
    free(s);
}

static void test_project_number_stays(void **state)
{
    (void)state;
    char *s = fit("项目支出绩效自评表 2 · 绩效指标", "绩效指标", 24);
    assert_true(draw_width(s) <= 24);
    size_t n = strlen(s), l = strlen(" · 绩效指标");
    assert_true(n > l);
    assert_string_equal(s + n - l, " · 绩效指标");
    assert_non_null(strstr(s, "表 2 · "));
    assert_non_null(strstr(s, "…"));
    free(s);
}

static void test_no_cut_inside_a_character(void **state)
{
    (void)state;
    const char *t = "附件2 部门整体支出绩效自评表 · 年度预算申请（万元）";
    for (int w = 20; w < 60; w++) {
        char *s = fit(t, "年度预算申请（万元）", w);
        /* whole UTF-8 characters only, and the label always whole */
        for (const unsigned char *p = (const unsigned char *)s; *p;) {
            int k = *p < 0x80 ? 1 : *p < 0xe0 ? 2 : *p < 0xf0 ? 3 : 4;
            for (int j = 1; j < k; j++)
                assert_true((p[j] & 0xc0) == 0x80);
            p += k;
        }
        assert_non_null(strstr(s, "年度预算申请（万元）"));
        if (draw_width(t) > w && w >= 20 + 3 + 1 + 4)
            assert_true(draw_width(s) <= w);
        free(s);
    }
    /* a title with no part in front is left to the caller's cut */
    char *s = fit("年度总体目标", NULL, 6);
    assert_string_equal(s, "年度总体目标");
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prefix_gives_way_in_its_middle),
        cmocka_unit_test(test_project_number_stays),
        cmocka_unit_test(test_no_cut_inside_a_character),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
