/* Reading indicator targets and actuals (ind_parse) and clerk directions (ind_dir_parse).
 * Every text here is one a clerk typed on a filed form (seeds 000 and 001) or a variant the
 * rules in docs/scoring.md name. Expected numbers are written by hand from the text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/indicator.h"

static ind_value P(const char *s)
{
    ind_value v;
    ind_parse(s, strlen(s), &v);
    return v;
}

/* Checks a number: value (as decimal text), comparator, unit name, growth flag. */
static void check_num(const char *s, const char *value, ind_cmp cmp, const char *unit, bool growth)
{
    ind_value v = P(s);
    if (v.kind != IND_NUMBER) {
        print_error("\"%s\": kind %d, expected a number\n", s, (int)v.kind);
        fail();
    }
    dec_t want;
    assert_int_equal(dec_parse(value, strlen(value), &want), DEC_OK);
    if (dec_cmp(v.num.value, want) != 0) {
        char b[DEC_STR_MAX];
        print_error("\"%s\": value %s, expected %s\n", s, dec_format(v.num.value, b), value);
        fail();
    }
    if (v.cmp != cmp) {
        print_error("\"%s\": comparator %d, expected %d\n", s, (int)v.cmp, (int)cmp);
        fail();
    }
    if (unit) {
        assert_int_equal(v.num.unit.name_len, strlen(unit));
        assert_memory_equal(v.num.unit.name, unit, strlen(unit));
    } else {
        assert_int_equal(v.num.unit.dim, UNIT_NONE);
    }
    if (v.growth != growth) {
        print_error("\"%s\": growth %d, expected %d\n", s, v.growth, growth);
        fail();
    }
}

static void test_brief_examples(void **state)
{
    (void)state;
    check_num("≥5家", "5", CMP_GE, "家", false);
    check_num("7000 万美元以上", "7000", CMP_GE, "万美元", false);
    check_num("增长5.5%以上", "5.5", CMP_GE, "%", true);
    check_num("≤990万元", "990", CMP_LE, "万元", false);
    check_num("90%", "90", CMP_NONE, "%", false);
    check_num("≥400 亿元", "400", CMP_GE, "亿元", false);
    check_num("同比增长32.6%", "32.6", CMP_NONE, "%", true);
    check_num("4211.33万元", "4211.33", CMP_NONE, "万元", false);
    check_num("3次", "3", CMP_NONE, "次", false);
    check_num("1600万元", "1600", CMP_NONE, "万元", false);
    check_num("≥90%", "90", CMP_GE, "%", false);
    check_num("增长 5% 以上", "5", CMP_GE, "%", true);
}

static void test_seed_001_cells(void **state)
{
    (void)state;
    /* seed 001 project table, as printed (spaces from the PDF kept) */
    check_num("≥5 家", "5", CMP_GE, "家", false);
    check_num("12 家", "12", CMP_NONE, "家", false);
    check_num("增长 5.5% 以上", "5.5", CMP_GE, "%", true);
    check_num("同比增长 32.6%", "32.6", CMP_NONE, "%", true);
    check_num("413 亿元", "413", CMP_NONE, "亿元", false);
    check_num("≥30 家", "30", CMP_GE, "家", false);
    check_num("≤990 万元", "990", CMP_LE, "万元", false);
    check_num("增长5%以上", "5", CMP_GE, "%", true);
    check_num("同比增长71.03%", "71.03", CMP_NONE, "%", true);
    check_num("7983 万美元", "7983", CMP_NONE, "万美元", false);
    /* seed 000 附件2 */
    check_num("5.05%", "5.05", CMP_NONE, "%", false);
    check_num("956.18万元", "956.18", CMP_NONE, "万元", false);
    check_num("51965.47万元", "51965.47", CMP_NONE, "万元", false);
}

static void test_symbols(void **state)
{
    (void)state;
    check_num("＞5", "5", CMP_GT, NULL, false);
    check_num(">5", "5", CMP_GT, NULL, false);
    check_num(">=5", "5", CMP_GE, NULL, false);
    check_num("≤ 3", "3", CMP_LE, NULL, false);
    check_num("<3", "3", CMP_LT, NULL, false);
    check_num("＜3", "3", CMP_LT, NULL, false);
    check_num("<=3", "3", CMP_LE, NULL, false);
    check_num("=0", "0", CMP_EQ, NULL, false);
    check_num("＝0", "0", CMP_EQ, NULL, false);
    check_num("≧95%", "95", CMP_GE, "%", false);
}

static void test_ge_words(void **state)
{
    (void)state;
    check_num("5家以上", "5", CMP_GE, "家", false);
    check_num("5.5%及以上", "5.5", CMP_GE, "%", false);
    check_num("不低于95%", "95", CMP_GE, "%", false);
    check_num("不少于3次", "3", CMP_GE, "次", false);
    check_num("至少2次", "2", CMP_GE, "次", false);
    check_num("大于等于3", "3", CMP_GE, NULL, false);
}

static void test_gt_words(void **state)
{
    (void)state;
    check_num("高于90%", "90", CMP_GT, "%", false);
    check_num("大于3", "3", CMP_GT, NULL, false);
    check_num("超过10家", "10", CMP_GT, "家", false);
}

static void test_le_words(void **state)
{
    (void)state;
    check_num("5%以下", "5", CMP_LE, "%", false);
    check_num("5%及以下", "5", CMP_LE, "%", false);
    check_num("不超过990万元", "990", CMP_LE, "万元", false);
    check_num("不高于3%", "3", CMP_LE, "%", false);
    check_num("不多于2次", "2", CMP_LE, "次", false);
    check_num("最多3次", "3", CMP_LE, "次", false);
    check_num("5%以内", "5", CMP_LE, "%", false);
    check_num("小于等于3", "3", CMP_LE, NULL, false);
}

static void test_lt_words(void **state)
{
    (void)state;
    check_num("低于5%", "5", CMP_LT, "%", false);
    check_num("小于3", "3", CMP_LT, NULL, false);
}

static void test_growth_and_decrease(void **state)
{
    (void)state;
    check_num("提高10%", "10", CMP_NONE, "%", true);
    check_num("提升 2%", "2", CMP_NONE, "%", true);
    check_num("同比下降3%", "-3", CMP_NONE, "%", true);
    check_num("减少5%", "-5", CMP_NONE, "%", true);
    check_num("降低 2%", "-2", CMP_NONE, "%", true);
    check_num("减少了 5%", "-5", CMP_NONE, "%", true);
    /* a fall of at least 3% is a change of at most -3%: the comparator turns with the sign */
    check_num("下降3%以上", "-3", CMP_LE, "%", true);
    check_num("下降不超过3%", "-3", CMP_GE, "%", true);
    /* a rate named after a fall is still a positive number */
    check_num("成本降低率≥5%", "5", CMP_GE, "%", true);
    /* an explicit sign is not negated twice */
    check_num("下降-3%", "-3", CMP_NONE, "%", true);
}

static void test_text(void **state)
{
    (void)state;
    const char *texts[] = {"及时", "正增长", "达成", "好", "较好", "按时完成", "有效提升"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        ind_value v = P(texts[i]);
        assert_int_equal(v.kind, IND_TEXT);
        assert_int_equal(v.text_len, strlen(texts[i]));
        assert_memory_equal(v.text, texts[i], v.text_len);
        assert_int_equal(v.cmp, CMP_NONE);
    }
}

static void test_na(void **state)
{
    (void)state;
    const char *na[] = {"不适用", "不适应", "无", "—", " 不适用 ", "不适用（本年无此项）"};
    for (size_t i = 0; i < sizeof na / sizeof na[0]; i++) {
        ind_value v = P(na[i]);
        if (v.kind != IND_NA) {
            print_error("\"%s\": kind %d, expected IND_NA\n", na[i], (int)v.kind);
            fail();
        }
    }
    /* "无" alone marks the row; as part of a phrase it is a qualitative target */
    assert_int_equal(P("无重大安全事故").kind, IND_TEXT);
}

static void test_empty_and_trim(void **state)
{
    (void)state;
    assert_int_equal(P("").kind, IND_EMPTY);
    assert_int_equal(P("   ").kind, IND_EMPTY);
    assert_int_equal(P("\xE3\x80\x80 \t").kind, IND_EMPTY);   /* ideographic space */
    ind_value v;
    ind_parse(NULL, 0, &v);
    assert_int_equal(v.kind, IND_EMPTY);
    v = P("\xE3\x80\x80 及时 \n");
    assert_int_equal(v.kind, IND_TEXT);
    assert_int_equal(v.text_len, strlen("及时"));
    assert_memory_equal(v.text, "及时", v.text_len);
}

static void test_points_into_input(void **state)
{
    (void)state;
    const char *s = "  ≥5家 ";
    ind_value v;
    ind_parse(s, strlen(s), &v);
    assert_ptr_equal(v.text, s + 2);
    assert_int_equal(v.text_len, strlen("≥5家"));
}

static void test_len_respected(void **state)
{
    (void)state;
    /* only the first len bytes count: "≥5家" out of "≥5家以下" */
    const char *s = "≥5家以下";
    ind_value v;
    ind_parse(s, strlen("≥5家"), &v);
    assert_int_equal(v.kind, IND_NUMBER);
    assert_int_equal(v.cmp, CMP_GE);
}

static void test_fullwidth_digits(void **state)
{
    (void)state;
    check_num("≥１２家", "12", CMP_GE, "家", false);
}

static void test_dir_parse(void **state)
{
    (void)state;
    assert_int_equal(ind_dir_parse("正向"), DIR_POSITIVE);
    assert_int_equal(ind_dir_parse(" 正向指标 "), DIR_POSITIVE);
    assert_int_equal(ind_dir_parse("反向"), DIR_REVERSE);
    assert_int_equal(ind_dir_parse("反向指标"), DIR_REVERSE);
    assert_int_equal(ind_dir_parse("定性"), DIR_QUALITATIVE);
    assert_int_equal(ind_dir_parse("Positive"), DIR_POSITIVE);
    assert_int_equal(ind_dir_parse("reverse"), DIR_REVERSE);
    assert_int_equal(ind_dir_parse("qualitative"), DIR_QUALITATIVE);
    assert_int_equal(ind_dir_parse(""), DIR_UNSET);
    assert_int_equal(ind_dir_parse(NULL), DIR_UNSET);
    assert_int_equal(ind_dir_parse("正向吗"), DIR_UNSET);
    assert_int_equal(ind_dir_parse("sideways"), DIR_UNSET);
    assert_string_equal(ind_dir_name(DIR_POSITIVE), "正向");
    assert_string_equal(ind_dir_name(DIR_REVERSE), "反向");
    assert_string_equal(ind_dir_name(DIR_QUALITATIVE), "定性");
    assert_string_equal(ind_dir_name(DIR_UNSET), "");
    /* names read back */
    for (int d = DIR_POSITIVE; d <= DIR_QUALITATIVE; d++)
        assert_int_equal(ind_dir_parse(ind_dir_name((ind_dir)d)), d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_brief_examples),
        cmocka_unit_test(test_seed_001_cells),
        cmocka_unit_test(test_symbols),
        cmocka_unit_test(test_ge_words),
        cmocka_unit_test(test_gt_words),
        cmocka_unit_test(test_le_words),
        cmocka_unit_test(test_lt_words),
        cmocka_unit_test(test_growth_and_decrease),
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_na),
        cmocka_unit_test(test_empty_and_trim),
        cmocka_unit_test(test_points_into_input),
        cmocka_unit_test(test_len_respected),
        cmocka_unit_test(test_fullwidth_digits),
        cmocka_unit_test(test_dir_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
