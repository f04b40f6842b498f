/* Findings list: ownership of strings, formatting in two languages, moving between lists. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/finding.h"

static void test_severity_names(void **state)
{
    (void)state;
    assert_string_equal(severity_name(SEV_ERROR), "error");
    assert_string_equal(severity_name(SEV_WARNING), "warning");
    assert_string_equal(severity_name(SEV_NOTICE), "notice");
}

static void test_add_copies_strings(void **state)
{
    (void)state;
    finding_list l = {0};
    char code[] = "indicator.tier_missing";
    char zh[] = "缺少等级";
    assert_int_equal(findings_add(&l, SEV_WARNING, code, "indicators[2].score", zh, "no tier"), 0);
    /* The caller's buffers may change afterwards; the list must keep its own copy. */
    code[0] = 'X';
    zh[0] = 'X';
    assert_int_equal(l.len, 1);
    assert_int_equal(l.items[0].sev, SEV_WARNING);
    assert_string_equal(l.items[0].code, "indicator.tier_missing");
    assert_string_equal(l.items[0].path, "indicators[2].score");
    assert_string_equal(l.items[0].msg_zh, "缺少等级");
    assert_string_equal(l.items[0].msg_en, "no tier");
    findings_free(&l);
    assert_null(l.items);
    assert_int_equal(l.len, 0);
}

static void test_add_null_path_is_empty(void **state)
{
    (void)state;
    finding_list l = {0};
    assert_int_equal(findings_add(&l, SEV_NOTICE, "x.y", NULL, "中", "en"), 0);
    assert_non_null(l.items[0].path);
    assert_string_equal(l.items[0].path, "");
    findings_free(&l);
}

static void test_addf_formats_both(void **state)
{
    (void)state;
    finding_list l = {0};
    assert_int_equal(findings_addf(&l, SEV_ERROR, "basic.control_rate", "basic.rate",
                                   "控制率填报为 %s，计算为 %s（%d 人）",
                                   "control rate typed %s, computed %s (%d staff)",
                                   "102.5%", "102.05%", 199), 0);
    assert_string_equal(l.items[0].msg_zh, "控制率填报为 102.5%，计算为 102.05%（199 人）");
    assert_string_equal(l.items[0].msg_en, "control rate typed 102.5%, computed 102.05% (199 staff)");
    findings_free(&l);
}

static void test_addf_long_message_not_truncated(void **state)
{
    (void)state;
    finding_list l = {0};
    size_t n = 10000;
    char *big = malloc(n + 1);
    assert_non_null(big);
    memset(big, 'a', n);
    big[n] = '\0';
    assert_int_equal(findings_addf(&l, SEV_NOTICE, "c", "", "[%s]", "<%s>", big), 0);
    assert_int_equal(strlen(l.items[0].msg_zh), n + 2);
    assert_int_equal(strlen(l.items[0].msg_en), n + 2);
    assert_int_equal(l.items[0].msg_en[0], '<');
    assert_int_equal(l.items[0].msg_en[n + 1], '>');
    free(big);
    findings_free(&l);
}

static void test_many_adds_grow(void **state)
{
    (void)state;
    finding_list l = {0};
    for (int i = 0; i < 1000; i++)
        assert_int_equal(findings_addf(&l, (severity)(i % 3), "c", "", "第%d条", "item %d", i), 0);
    assert_int_equal(l.len, 1000);
    assert_string_equal(l.items[999].msg_en, "item 999");
    assert_string_equal(l.items[500].msg_zh, "第500条");
    assert_int_equal(findings_count(&l, SEV_NOTICE), 334);
    assert_int_equal(findings_count(&l, SEV_WARNING), 333);
    assert_int_equal(findings_count(&l, SEV_ERROR), 333);
    findings_free(&l);
}

static void test_count(void **state)
{
    (void)state;
    finding_list l = {0};
    assert_int_equal(findings_count(&l, SEV_ERROR), 0);
    findings_add(&l, SEV_ERROR, "a", "", "", "");
    findings_add(&l, SEV_WARNING, "b", "", "", "");
    findings_add(&l, SEV_ERROR, "c", "", "", "");
    assert_int_equal(findings_count(&l, SEV_ERROR), 2);
    assert_int_equal(findings_count(&l, SEV_WARNING), 1);
    assert_int_equal(findings_count(&l, SEV_NOTICE), 0);
    findings_free(&l);
}

static void test_clear_keeps_capacity(void **state)
{
    (void)state;
    finding_list l = {0};
    for (int i = 0; i < 20; i++)
        findings_add(&l, SEV_NOTICE, "a", "", "", "");
    size_t cap = l.cap;
    assert_true(cap >= 20);
    findings_clear(&l);
    assert_int_equal(l.len, 0);
    assert_int_equal(l.cap, cap);
    assert_non_null(l.items);
    findings_add(&l, SEV_ERROR, "again", "", "再", "again");
    assert_string_equal(l.items[0].code, "again");
    findings_free(&l);
}

static void test_take_moves_and_sets_path(void **state)
{
    (void)state;
    finding_list dst = {0}, src = {0};
    findings_add(&dst, SEV_ERROR, "first", "total", "", "");
    findings_add(&src, SEV_WARNING, "indicator.unit_mismatch", "", "单位", "unit");
    findings_add(&src, SEV_NOTICE, "indicator.x", "indicators[0].target", "", "");
    findings_add(&src, SEV_NOTICE, "indicator.y", NULL, "", "");
    assert_int_equal(findings_take(&dst, &src, "indicators[4]"), 0);
    assert_int_equal(src.len, 0);
    assert_int_equal(dst.len, 4);
    assert_string_equal(dst.items[0].path, "total");
    assert_string_equal(dst.items[1].code, "indicator.unit_mismatch");
    assert_string_equal(dst.items[1].path, "indicators[4]");
    assert_string_equal(dst.items[1].msg_zh, "单位");
    /* A finding that already names its field keeps it. */
    assert_string_equal(dst.items[2].path, "indicators[0].target");
    assert_string_equal(dst.items[3].path, "indicators[4]");
    /* src is reusable after the move. */
    findings_add(&src, SEV_ERROR, "z", "", "", "");
    assert_int_equal(src.len, 1);
    findings_free(&src);
    findings_free(&dst);
}

static void test_take_null_path_keeps_empty(void **state)
{
    (void)state;
    finding_list dst = {0}, src = {0};
    findings_add(&src, SEV_WARNING, "a", "", "", "");
    assert_int_equal(findings_take(&dst, &src, NULL), 0);
    assert_int_equal(dst.len, 1);
    assert_string_equal(dst.items[0].path, "");
    findings_free(&src);
    findings_free(&dst);
}

static void test_take_empty_src(void **state)
{
    (void)state;
    finding_list dst = {0}, src = {0};
    assert_int_equal(findings_take(&dst, &src, "p"), 0);
    assert_int_equal(dst.len, 0);
    findings_free(&src);
    findings_free(&dst);
}

static void test_free_twice_and_null(void **state)
{
    (void)state;
    finding_list l = {0};
    findings_add(&l, SEV_NOTICE, "a", "", "", "");
    findings_free(&l);
    findings_free(&l);
    findings_free(NULL);
    findings_clear(NULL);
    assert_int_equal(findings_count(NULL, SEV_ERROR), 0);
    assert_int_equal(findings_add(NULL, SEV_ERROR, "a", "", "", ""), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_severity_names),
        cmocka_unit_test(test_add_copies_strings),
        cmocka_unit_test(test_add_null_path_is_empty),
        cmocka_unit_test(test_addf_formats_both),
        cmocka_unit_test(test_addf_long_message_not_truncated),
        cmocka_unit_test(test_many_adds_grow),
        cmocka_unit_test(test_count),
        cmocka_unit_test(test_clear_keeps_capacity),
        cmocka_unit_test(test_take_moves_and_sets_path),
        cmocka_unit_test(test_take_null_path_keeps_empty),
        cmocka_unit_test(test_take_empty_src),
        cmocka_unit_test(test_free_twice_and_null),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
