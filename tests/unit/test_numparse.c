/* Unit tests for core/numparse: numbers as clerks type them. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/numparse.h"

/* Parses s (whole string) and checks status, value text and unit name. */
static void check_parse(const char *s, bool allow_unit, num_status want, const char *value,
                        unit_dim dim, const char *unit)
{
    num_value v;
    size_t err = 12345;
    num_status st = num_parse(s, strlen(s), allow_unit, &v, &err);
    if (st != want)
        fail_msg("num_parse(\"%s\", %d): status %d, want %d (err_pos %zu)", s, (int)allow_unit,
                 (int)st, (int)want, err);
    if (want != NUM_OK)
        return;
    char buf[DEC_STR_MAX];
    if (strcmp(dec_format(v.value, buf), value) != 0)
        fail_msg("num_parse(\"%s\"): value %s, want %s", s, buf, value);
    if (v.unit.dim != dim)
        fail_msg("num_parse(\"%s\"): unit dim %d, want %d", s, (int)v.unit.dim, (int)dim);
    if (unit == NULL) {
        assert_null(v.unit.name);
        assert_int_equal(v.unit.name_len, 0);
    } else if (v.unit.name_len != strlen(unit) || memcmp(v.unit.name, unit, v.unit.name_len)) {
        fail_msg("num_parse(\"%s\"): unit \"%.*s\", want \"%s\"", s, (int)v.unit.name_len,
                 v.unit.name ? v.unit.name : "", unit);
    }
}

static void check_error(const char *s, bool allow_unit, num_status want, size_t want_pos)
{
    num_value v;
    size_t err = 12345;
    num_status st = num_parse(s, strlen(s), allow_unit, &v, &err);
    if (st != want || err != want_pos)
        fail_msg("num_parse(\"%s\", %d): status %d at %zu, want %d at %zu", s, (int)allow_unit,
                 (int)st, err, (int)want, want_pos);
}

static void test_plain_numbers(void **state)
{
    (void)state;
    check_parse("0", false, NUM_OK, "0", UNIT_NONE, NULL);
    check_parse("+5", false, NUM_OK, "5", UNIT_NONE, NULL);
    check_parse("-0.5", false, NUM_OK, "-0.5", UNIT_NONE, NULL);
    check_parse(".5", false, NUM_OK, "0.5", UNIT_NONE, NULL);
    check_parse("-.5", false, NUM_OK, "-0.5", UNIT_NONE, NULL);
    check_parse("7.", false, NUM_OK, "7", UNIT_NONE, NULL);
    check_parse("547.6879", false, NUM_OK, "547.6879", UNIT_NONE, NULL); /* keeps scale 4 */
    check_parse("99999999999999.99", false, NUM_OK, "99999999999999.99", UNIT_NONE, NULL);
    check_parse("  12.30  ", false, NUM_OK, "12.30", UNIT_NONE, NULL);
    check_parse("\t3\r\n", false, NUM_OK, "3", UNIT_NONE, NULL);
    check_parse("007", false, NUM_OK, "7", UNIT_NONE, NULL);
}

static void test_separators(void **state)
{
    (void)state;
    check_parse("1,234.56", false, NUM_OK, "1234.56", UNIT_NONE, NULL);
    check_parse("1,234,567.5", false, NUM_OK, "1234567.5", UNIT_NONE, NULL);
    check_parse("-12,345", false, NUM_OK, "-12345", UNIT_NONE, NULL);
    check_parse("123,456,789", false, NUM_OK, "123456789", UNIT_NONE, NULL);
    check_parse("1,000万元", true, NUM_OK, "1000", UNIT_CNY, "万元");
    /* separators in wrong places: the separator itself is reported */
    check_error("12,34", false, NUM_SYNTAX, 2);
    check_error("1234,567", false, NUM_SYNTAX, 4);
    check_error("1,2345", false, NUM_SYNTAX, 1);
    check_error("1,234,56", false, NUM_SYNTAX, 5);
    check_error("1,,234", false, NUM_SYNTAX, 1);
    check_error("1,", false, NUM_SYNTAX, 1);
    check_error(",123", false, NUM_SYNTAX, 0);
    check_error("-,5", false, NUM_SYNTAX, 1);
    check_error("1,234.5,6", false, NUM_SYNTAX, 7); /* none after the point */
    check_error("  12,34", true, NUM_SYNTAX, 4);
}

static void test_full_width(void **state)
{
    (void)state;
    check_parse("１２３．４５", false, NUM_OK, "123.45", UNIT_NONE, NULL);
    check_parse("１，２３４．５０", false, NUM_OK, "1234.50", UNIT_NONE, NULL);
    check_parse("＋５", false, NUM_OK, "5", UNIT_NONE, NULL);
    check_parse("－０．５", false, NUM_OK, "-0.5", UNIT_NONE, NULL);
    check_parse("\xE2\x88\x92" "5", false, NUM_OK, "-5", UNIT_NONE, NULL); /* U+2212 */
    check_parse("\xE3\x80\x80" "5\xE3\x80\x80", false, NUM_OK, "5", UNIT_NONE, NULL); /* U+3000 */
    check_parse("\xC2\xA0" "5", false, NUM_OK, "5", UNIT_NONE, NULL); /* no-break space */
    check_parse("１０２．０５％", false, NUM_OK, "102.05", UNIT_PERCENT, "%");
    check_parse("1２3", false, NUM_OK, "123", UNIT_NONE, NULL); /* mixed widths */
    check_parse("12，345", false, NUM_OK, "12345", UNIT_NONE, NULL);
    /* "１２，３４": the full-width separator is 3 bytes at offset 6 */
    check_error("１２，３４", false, NUM_SYNTAX, 6);
}

static void test_percent(void **state)
{
    (void)state;
    check_parse("102.05%", false, NUM_OK, "102.05", UNIT_PERCENT, "%");
    check_parse("102.05 %", false, NUM_OK, "102.05", UNIT_PERCENT, "%");
    check_parse("-3%", true, NUM_OK, "-3", UNIT_PERCENT, "%");
    check_parse("100％ ", true, NUM_OK, "100", UNIT_PERCENT, "%");
    check_error("5%%", false, NUM_SYNTAX, 2);
    check_error("5%以上", true, NUM_SYNTAX, 2);
    check_error("%5", false, NUM_SYNTAX, 0);
    check_parse("5 百分点", true, NUM_OK, "5", UNIT_OTHER, "百分点");
    check_parse("5个百分点", true, NUM_OK, "5", UNIT_OTHER, "百分点");
}

static void test_units(void **state)
{
    (void)state;
    check_parse("990万元", true, NUM_OK, "990", UNIT_CNY, "万元");
    check_parse("990 元", true, NUM_OK, "990", UNIT_CNY, "元");
    check_parse("1.5亿元", true, NUM_OK, "1.5", UNIT_CNY, "亿元");
    check_parse("7000 万美元", true, NUM_OK, "7000", UNIT_USD, "万美元");
    check_parse("3亿美元", true, NUM_OK, "3", UNIT_USD, "亿美元");
    check_parse("20 美元", true, NUM_OK, "20", UNIT_USD, "美元");
    static const char *counts[] = { "家", "个", "次", "人", "人次", "万人次", "场", "列", "项",
                                    "户", "件", "台", "辆", "天", "日", "月", "年", "小时",
                                    "个月", "平方米", "公里", "吨", "分", "名", "所", "套",
                                    "册", "篇", "期", "批" };
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
        char s[64];
        strcpy(s, "12 ");
        strcat(s, counts[i]);
        check_parse(s, true, NUM_OK, "12", UNIT_OTHER, counts[i]);
        check_parse(s + 1, true, NUM_OK, "2", UNIT_OTHER, counts[i]); /* "2 家" */
    }
    /* spellings of one unit share a name */
    check_parse("100m2", true, NUM_OK, "100", UNIT_OTHER, "平方米");
    check_parse("100 m²", true, NUM_OK, "100", UNIT_OTHER, "平方米");
    check_parse("3 千米", true, NUM_OK, "3", UNIT_OTHER, "公里");
    /* unknown text: UNIT_OTHER named by the trimmed rest (it points into the input) */
    const char *s = "5 位专家  ";
    num_value v;
    assert_int_equal(num_parse(s, strlen(s), true, &v, NULL), NUM_OK);
    assert_int_equal(v.unit.dim, UNIT_OTHER);
    assert_ptr_equal(v.unit.name, s + 2);
    assert_int_equal(v.unit.name_len, strlen("位专家"));
    check_parse("5 家以上", true, NUM_OK, "5", UNIT_OTHER, "家以上");
    check_parse("5 家\r\n", true, NUM_OK, "5", UNIT_OTHER, "家");
    check_parse("5 万\xE3\x80\x80元 ", true, NUM_OK, "5", UNIT_OTHER, "万\xE3\x80\x80元");
}

static void test_units_refused(void **state)
{
    (void)state;
    check_error("990万元", false, NUM_UNKNOWN_UNIT, 3);
    check_error("5 家", false, NUM_UNKNOWN_UNIT, 2);
    check_error("5 abc", false, NUM_UNKNOWN_UNIT, 2);
    check_error("5 6", false, NUM_SYNTAX, 2);
    check_error("5 6", true, NUM_SYNTAX, 2);
    check_error("1.2.3", true, NUM_SYNTAX, 3);
    check_error("1-2", true, NUM_SYNTAX, 1);
    check_error("5 /年", true, NUM_SYNTAX, 2);
    check_error("5 家\x01", true, NUM_SYNTAX, 5);  /* control character in the unit */
    check_error("5 家\xFF", true, NUM_SYNTAX, 5);  /* invalid UTF-8 in the unit */
}

static void test_errors(void **state)
{
    (void)state;
    check_error("", false, NUM_EMPTY, 0);
    check_error("   ", true, NUM_EMPTY, 3);
    check_error("\xE3\x80\x80", true, NUM_EMPTY, 3);
    check_error("abc", true, NUM_SYNTAX, 0);
    check_error("+", false, NUM_SYNTAX, 1);
    check_error(".", false, NUM_SYNTAX, 1);
    check_error("--5", false, NUM_SYNTAX, 1);
    check_error("+ 5", false, NUM_SYNTAX, 1);
    check_error(" x5", false, NUM_SYNTAX, 1);
    check_error("1e5", false, NUM_UNKNOWN_UNIT, 1);
    /* overflow: more than 128 bits or more than DEC_MAX_SCALE decimals */
    check_error("170141183460469231731687303715884105728", false, NUM_OVERFLOW, 0);
    check_error(" 0.1234567890123456789012345678901", false, NUM_OVERFLOW, 1);
    check_parse("170,141,183,460,469,231,731,687,303,715,884,105,727", false, NUM_OK,
                "170141183460469231731687303715884105727", UNIT_NONE, NULL);
    /* NULL pointers for the optional outputs */
    assert_int_equal(num_parse("12", 2, false, NULL, NULL), NUM_OK);
    assert_int_equal(num_parse(NULL, 0, false, NULL, NULL), NUM_EMPTY);
    /* only len bytes are read */
    check_parse("12", false, NUM_OK, "12", UNIT_NONE, NULL);
    num_value v;
    assert_int_equal(num_parse("12,345", 2, false, &v, NULL), NUM_OK);
    assert_true(v.value.coef == 12);
}

/* num_find: checks status, span text, value and unit name. */
static void check_find(const char *s, num_status want, const char *span, const char *value,
                       unit_dim dim, const char *unit)
{
    num_value v;
    size_t a = 999, z = 999;
    num_status st = num_find(s, strlen(s), &v, &a, &z);
    if (st != want)
        fail_msg("num_find(\"%s\"): status %d, want %d", s, (int)st, (int)want);
    if (st == NUM_EMPTY)
        return;
    assert_true(a <= z && z <= strlen(s));
    if (z - a != strlen(span) || memcmp(s + a, span, z - a) != 0)
        fail_msg("num_find(\"%s\"): span \"%.*s\", want \"%s\"", s, (int)(z - a), s + a, span);
    if (st != NUM_OK)
        return;
    char buf[DEC_STR_MAX];
    if (strcmp(dec_format(v.value, buf), value) != 0)
        fail_msg("num_find(\"%s\"): value %s, want %s", s, buf, value);
    assert_int_equal(v.unit.dim, dim);
    if (unit && (v.unit.name_len != strlen(unit) || memcmp(v.unit.name, unit, v.unit.name_len)))
        fail_msg("num_find(\"%s\"): unit \"%.*s\", want \"%s\"", s, (int)v.unit.name_len,
                 v.unit.name ? v.unit.name : "", unit);
    if (!unit)
        assert_null(v.unit.name);
}

static void test_find(void **state)
{
    (void)state;
    check_find("同比增长32.6%", NUM_OK, "32.6%", "32.6", UNIT_PERCENT, "%");
    check_find("7000 万美元以上", NUM_OK, "7000 万美元", "7000", UNIT_USD, "万美元");
    check_find("≥5家", NUM_OK, "5家", "5", UNIT_OTHER, "家");
    check_find("增长5%以上", NUM_OK, "5%", "5", UNIT_PERCENT, "%");
    check_find("增长-5%", NUM_OK, "-5%", "-5", UNIT_PERCENT, "%");
    check_find("约1,234,567.89元", NUM_OK, "1,234,567.89元", "1234567.89", UNIT_CNY, "元");
    check_find("完成１２３．５万元左右", NUM_OK, "１２３．５万元", "123.5", UNIT_CNY, "万元");
    check_find("培训3个月", NUM_OK, "3个月", "3", UNIT_OTHER, "个月");
    check_find("覆盖.5个", NUM_OK, ".5个", "0.5", UNIT_OTHER, "个");
    check_find("完成率 95", NUM_OK, "95", "95", UNIT_NONE, NULL);
    check_find("5 ％", NUM_OK, "5 ％", "5", UNIT_PERCENT, "%");
    check_find("12 百分点", NUM_OK, "12 百分点", "12", UNIT_OTHER, "百分点");
}

static void test_find_edges(void **state)
{
    (void)state;
    check_find("没有数字", NUM_EMPTY, "", NULL, UNIT_NONE, NULL);
    check_find("", NUM_EMPTY, "", NULL, UNIT_NONE, NULL);
    check_find("2020-2021年", NUM_OK, "2020", "2020", UNIT_NONE, NULL);
    check_find("A-5", NUM_OK, "5", "5", UNIT_NONE, NULL);
    check_find("分别为5，12家", NUM_OK, "5", "5", UNIT_NONE, NULL);
    check_find("12,34户", NUM_OK, "12", "12", UNIT_NONE, NULL);
    check_find("共5.", NUM_OK, "5", "5", UNIT_NONE, NULL);
    check_find("v1.2.3", NUM_OK, "1.2", "1.2", UNIT_NONE, NULL);
    check_find("5m22", NUM_OK, "5", "5", UNIT_NONE, NULL);       /* "m2" runs into "2" */
    check_find("5 miles", NUM_OK, "5", "5", UNIT_NONE, NULL);    /* no unit "m" */
    check_find("5 kg.", NUM_OK, "5 kg", "5", UNIT_OTHER, "千克");
    check_find("x 170141183460469231731687303715884105728 y", NUM_OVERFLOW,
               "170141183460469231731687303715884105728", NULL, UNIT_NONE, NULL);
    size_t a = 1, z = 1;
    assert_int_equal(num_find("abc", 3, NULL, &a, &z), NUM_EMPTY);
    assert_int_equal(a, 3);
    assert_int_equal(z, 3);
    assert_int_equal(num_find("ab5", 3, NULL, NULL, NULL), NUM_OK);
    /* only len bytes */
    assert_int_equal(num_find("ab5", 2, NULL, NULL, NULL), NUM_EMPTY);
}

static void test_unit_lookup(void **state)
{
    (void)state;
    unit_t u = num_unit_lookup("万元", strlen("万元"));
    assert_int_equal(u.dim, UNIT_CNY);
    assert_int_equal(u.pow10, 4);
    u = num_unit_lookup("亿元", strlen("亿元"));
    assert_int_equal(u.pow10, 8);
    u = num_unit_lookup("元", strlen("元"));
    assert_int_equal(u.dim, UNIT_CNY);
    assert_int_equal(u.pow10, 0);
    u = num_unit_lookup("万美元", strlen("万美元"));
    assert_int_equal(u.dim, UNIT_USD);
    assert_int_equal(u.pow10, 4);
    u = num_unit_lookup("％", strlen("％"));
    assert_int_equal(u.dim, UNIT_PERCENT);
    assert_int_equal(u.name_len, 1);
    assert_memory_equal(u.name, "%", 1);
    u = num_unit_lookup("家", strlen("家"));
    assert_int_equal(u.dim, UNIT_OTHER);
    assert_int_equal(u.pow10, 0);
    const char *other = "位专家";
    u = num_unit_lookup(other, strlen(other));
    assert_int_equal(u.dim, UNIT_OTHER);
    assert_ptr_equal(u.name, other);
    assert_int_equal(u.name_len, strlen(other));
    u = num_unit_lookup("", 0);
    assert_int_equal(u.dim, UNIT_NONE);
    assert_null(u.name);
    /* a prefix of a known unit is not that unit */
    u = num_unit_lookup("万元", 3);
    assert_int_equal(u.dim, UNIT_OTHER);
}

static dec_t D(const char *s)
{
    dec_t d = { 0, 0 };
    if (dec_parse(s, strlen(s), &d) != DEC_OK)
        fail_msg("test setup: cannot parse \"%s\"", s);
    return d;
}

static unit_t U(const char *name) { return num_unit_lookup(name, strlen(name)); }

static void check_convert(const char *v, const char *from, const char *to, const char *want)
{
    dec_t r;
    bool ok = num_convert(D(v), U(from), U(to), &r);
    if (!want) {
        if (ok)
            fail_msg("%s %s -> %s should not convert", v, from, to);
        return;
    }
    if (!ok)
        fail_msg("%s %s -> %s did not convert", v, from, to);
    char buf[DEC_STR_MAX];
    if (strcmp(dec_format(r, buf), want) != 0)
        fail_msg("%s %s -> %s: %s, want %s", v, from, to, buf, want);
}

static void test_convert(void **state)
{
    (void)state;
    check_convert("547.6879", "万元", "元", "5476879");
    check_convert("990", "万元", "元", "9900000");
    check_convert("12.5", "元", "万元", "0.00125");
    check_convert("1.5", "亿元", "万元", "15000");
    check_convert("15000", "万元", "亿元", "1.5000");
    check_convert("3", "万美元", "美元", "30000");
    check_convert("30000", "美元", "亿美元", "0.00030000");
    check_convert("5", "万元", "万元", "5");
    check_convert("5", "家", "家", "5");
    check_convert("5", "%", "％", "5");
    check_convert("5", "万元", "万美元", NULL);
    check_convert("5", "家", "个", NULL);
    check_convert("5", "万元", "家", NULL);
    check_convert("5", "位专家", "位专家", "5");
    /* not representable */
    check_convert("170141183460469231731687303715884105727", "亿元", "元", NULL);
    check_convert("0.000000000000000000000000000001", "元", "亿元", NULL);
    /* trailing zeros are shed before giving up */
    check_convert("0.100000000000000000000000000000", "元", "亿元", "0.000000001");
    dec_t r;
    unit_t none = { UNIT_NONE, NULL, 0, 0 };
    assert_true(num_convert(D("7"), none, none, &r));
    assert_false(num_convert(D("7"), none, U("元"), &r));
}

static void check_norm(const char *s, const char *want)
{
    char buf[64];
    size_t n = num_normalize_text(s, strlen(s), buf, sizeof buf);
    assert_int_equal(n, strlen(want));
    assert_string_equal(buf, want);
}

static void test_normalize_text(void **state)
{
    (void)state;
    check_norm("１，２３４．５０", "1234.50");
    check_norm("1,234,567.5", "1234567.5");
    check_norm("－５％", "-5%");
    check_norm("\xE2\x88\x92" "5", "-5");
    check_norm("\xE3\x80\x80" "5", " 5");
    check_norm("990万元", "990万元");
    check_norm("a,b 和 1，", "a,b 和 1,"); /* only separators between digits go */
    check_norm("", "");
    /* like snprintf: the needed length comes back, the text is cut and terminated */
    char small[4];
    size_t n = num_normalize_text("１２３４５", strlen("１２３４５"), small, sizeof small);
    assert_int_equal(n, 5);
    assert_string_equal(small, "123");
    assert_int_equal(num_normalize_text("１２", strlen("１２"), NULL, 0), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_numbers),
        cmocka_unit_test(test_separators),
        cmocka_unit_test(test_full_width),
        cmocka_unit_test(test_percent),
        cmocka_unit_test(test_units),
        cmocka_unit_test(test_units_refused),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_find),
        cmocka_unit_test(test_find_edges),
        cmocka_unit_test(test_unit_lookup),
        cmocka_unit_test(test_convert),
        cmocka_unit_test(test_normalize_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
