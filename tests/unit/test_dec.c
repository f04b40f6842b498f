/* Unit tests for core/dec: exact decimals. Expected values are worked out by hand or
 * with Python's decimal module (ROUND_HALF_UP), never taken from the code under test. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/dec.h"

#define MAX_COEF "170141183460469231731687303715884105727" /* 2^127 - 1 */

static dec_t D(const char *s)
{
    dec_t d = { 0, 0 };
    dec_status st = dec_parse(s, strlen(s), &d);
    if (st != DEC_OK)
        fail_msg("test setup: cannot parse \"%s\" (status %d)", s, (int)st);
    return d;
}

/* Asserts the exact text (so the scale too) of a value. */
#define assert_dec(d, text)                                                                \
    do {                                                                                   \
        char buf_[DEC_STR_MAX];                                                            \
        assert_string_equal(dec_format((d), buf_), (text));                                \
    } while (0)

static void test_parse_plain(void **state)
{
    (void)state;
    dec_t d;
    assert_int_equal(dec_parse("-12.50", 6, &d), DEC_OK);
    assert_true(d.coef == -1250);
    assert_int_equal(d.scale, 2);
    assert_int_equal(dec_parse(".5", 2, &d), DEC_OK);
    assert_true(d.coef == 5);
    assert_int_equal(d.scale, 1);
    assert_int_equal(dec_parse("7.", 2, &d), DEC_OK);
    assert_true(d.coef == 7);
    assert_int_equal(d.scale, 0);
    assert_int_equal(dec_parse("+3", 2, &d), DEC_OK);
    assert_true(d.coef == 3);
    assert_int_equal(dec_parse("547.6879", 8, &d), DEC_OK);
    assert_true(d.coef == 5476879);
    assert_int_equal(d.scale, 4);
    assert_int_equal(dec_parse("-0", 2, &d), DEC_OK);
    assert_true(d.coef == 0);
    assert_int_equal(dec_sign(d), 0);
    assert_int_equal(dec_parse("0000000000000000000000000000000000000000000012", 46, &d), DEC_OK);
    assert_true(d.coef == 12);
    /* Only len bytes are read: the input need not be NUL-terminated. */
    assert_int_equal(dec_parse("12345", 3, &d), DEC_OK);
    assert_true(d.coef == 123);
}

static void test_parse_errors(void **state)
{
    (void)state;
    static const char *bad[] = { "", "+", "-", ".", "+.", "1.2.3", "1e5", "1,234", " 1", "1 ",
                                 "abc", "--1", "0x10", "１", "1-" };
    dec_t d = { 77, 1 };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (dec_parse(bad[i], strlen(bad[i]), &d) != DEC_SYNTAX)
            fail_msg("\"%s\" should be DEC_SYNTAX", bad[i]);
    }
    assert_true(d.coef == 77); /* untouched on failure */
    assert_int_equal(dec_parse(NULL, 0, &d), DEC_SYNTAX);
}

static void test_parse_limits(void **state)
{
    (void)state;
    dec_t d;
    assert_int_equal(dec_parse(MAX_COEF, strlen(MAX_COEF), &d), DEC_OK);
    assert_dec(d, MAX_COEF);
    assert_int_equal(dec_parse("-" MAX_COEF, strlen(MAX_COEF) + 1, &d), DEC_OK);
    assert_dec(d, "-" MAX_COEF);
    const char *over = "170141183460469231731687303715884105728"; /* 2^127 */
    assert_int_equal(dec_parse(over, strlen(over), &d), DEC_OVERFLOW);
    const char *huge = "99999999999999999999999999999999999999999999";
    assert_int_equal(dec_parse(huge, strlen(huge), &d), DEC_OVERFLOW);
    const char *s30 = "0.123456789012345678901234567890";
    assert_int_equal(dec_parse(s30, strlen(s30), &d), DEC_OK);
    assert_int_equal(d.scale, 30);
    assert_dec(d, s30);
    const char *s31 = "0.1234567890123456789012345678901";
    assert_int_equal(dec_parse(s31, strlen(s31), &d), DEC_OVERFLOW);
}

static void test_format(void **state)
{
    (void)state;
    assert_dec(D("99999999999999.99"), "99999999999999.99");
    assert_dec(D("-0.05"), "-0.05");
    assert_dec(D("0.000"), "0.000");
    assert_dec(D("-0.000"), "0.000");
    assert_dec(D("102.05"), "102.05");
    assert_dec(D(".5"), "0.5");
    assert_dec(D("547.6879"), "547.6879");
    assert_dec(dec_from_int(INT64_MIN), "-9223372036854775808");
    assert_dec(D("0.000000000000000000000000000001"), "0.000000000000000000000000000001");
    assert_dec(D("-1701411834604692317.31687303715884105727"),
               "-1701411834604692317.31687303715884105727");
    /* A hand-built value with an out-of-range scale is brought back in range, never
     * written past DEC_STR_MAX. */
    dec_t odd = { 15, 31 }; /* 1.5e-30 -> 2e-30 */
    assert_dec(odd, "0.000000000000000000000000000002");
    dec_t neg_scale = { 12, -2 };
    assert_dec(neg_scale, "1200");
}

static void test_format_fixed(void **state)
{
    (void)state;
    char buf[DEC_STR_MAX];
    assert_string_equal(dec_format_fixed(D("95.4"), 2, buf), "95.40");
    assert_string_equal(dec_format_fixed(D("3"), 2, buf), "3.00");
    assert_string_equal(dec_format_fixed(D("1.005"), 2, buf), "1.01");
    assert_string_equal(dec_format_fixed(D("-2.675"), 2, buf), "-2.68");
    assert_string_equal(dec_format_fixed(D("0"), 2, buf), "0.00");
    assert_string_equal(dec_format_fixed(D("0.994"), 0, buf), "1");
    assert_string_equal(dec_format_fixed(D("-0.004"), 2, buf), "0.00");
    assert_string_equal(dec_format_fixed(D("12.3456"), 4, buf), "12.3456");
    /* Padding a 39-digit number to 30 decimals would need 71 bytes: it stops in bounds
     * and the text still has the right value. */
    dec_format_fixed(D(MAX_COEF), 30, buf);
    assert_true(strlen(buf) < DEC_STR_MAX);
    assert_memory_equal(buf, MAX_COEF ".", strlen(MAX_COEF) + 1);
}

static void test_add_sub(void **state)
{
    (void)state;
    dec_t r;
    assert_int_equal(dec_add(D("0.1"), D("0.2"), &r), DEC_OK);
    assert_dec(r, "0.3");
    assert_int_equal(dec_add(D("1.5"), D("2.25"), &r), DEC_OK);
    assert_dec(r, "3.75");
    assert_int_equal(dec_add(D("1.5"), D("-1.5"), &r), DEC_OK);
    assert_dec(r, "0.0");
    assert_int_equal(dec_add(D("-3"), D("1.00"), &r), DEC_OK);
    assert_dec(r, "-2.00");
    assert_int_equal(dec_sub(D("1"), D("0.001"), &r), DEC_OK);
    assert_dec(r, "0.999");
    assert_int_equal(dec_sub(D("-1.5"), D("-2"), &r), DEC_OK);
    assert_dec(r, "0.5");
    assert_int_equal(dec_sub(D("0"), D("5.5"), &r), DEC_OK);
    assert_dec(r, "-5.5");
    assert_int_equal(dec_add(D("99999999999999.99"), D("0.01"), &r), DEC_OK);
    assert_dec(r, "100000000000000.00");
    assert_int_equal(dec_add(D("1000000000000000000000000000000"), D("0.1"), &r), DEC_OK);
    assert_dec(r, "1000000000000000000000000000000.1");
}

static void test_add_sub_overflow(void **state)
{
    (void)state;
    dec_t r = { 42, 0 };
    assert_int_equal(dec_add(D(MAX_COEF), D("1"), &r), DEC_OVERFLOW);
    assert_int_equal(dec_sub(D("-" MAX_COEF), D("1"), &r), DEC_OVERFLOW);
    assert_int_equal(dec_sub(D(MAX_COEF), D("-1"), &r), DEC_OVERFLOW);
    /* 10^37 + 0.01 needs 40 digits */
    assert_int_equal(dec_add(D("10000000000000000000000000000000000000"), D("0.01"), &r),
                     DEC_OVERFLOW);
    assert_true(r.coef == 42); /* untouched */
    assert_int_equal(dec_add(D(MAX_COEF), D("-" MAX_COEF), &r), DEC_OK);
    assert_true(r.coef == 0);
    assert_int_equal(dec_sub(D(MAX_COEF), D("1"), &r), DEC_OK);
    assert_dec(r, "170141183460469231731687303715884105726");
}

static void test_mul(void **state)
{
    (void)state;
    dec_t r;
    assert_int_equal(dec_mul(D("1.5"), D("1.5"), &r), DEC_OK);
    assert_dec(r, "2.25");
    assert_int_equal(dec_mul(D("-0.5"), D("3"), &r), DEC_OK);
    assert_dec(r, "-1.5");
    assert_int_equal(dec_mul(D("-0.5"), D("-0.20"), &r), DEC_OK);
    assert_dec(r, "0.100");
    assert_int_equal(dec_mul(D("0"), D("-7.5"), &r), DEC_OK);
    assert_int_equal(dec_sign(r), 0);
    assert_int_equal(dec_mul(D("99999999999999.99"), D("1"), &r), DEC_OK);
    assert_dec(r, "99999999999999.99");
    /* A 24-digit ratio times a weight: exact. */
    assert_int_equal(dec_mul(D("0.999000000000000000000001"), D("20.00"), &r), DEC_OK);
    assert_dec(r, "19.98000000000000000000002000");
}

static void test_mul_rounds_to_fit(void **state)
{
    (void)state;
    dec_t r;
    /* Exact product has 40 digits (26 decimals); Python: 15241578753238.83565157744345526659755678
     * rounded half up to 25 decimals. */
    assert_int_equal(dec_mul(D("123456789012345.67"), D("0.123456789012345678901234"), &r), DEC_OK);
    assert_dec(r, "15241578753238.8356515774434552665975568");
    /* Scale above DEC_MAX_SCALE: 5e-31 rounds half up to 1e-30, 4e-31 to 0. */
    assert_int_equal(dec_mul(D("0.000000000000005"), D("0.0000000000000001"), &r), DEC_OK);
    assert_dec(r, "0.000000000000000000000000000001");
    assert_int_equal(dec_mul(D("-0.000000000000004"), D("0.0000000000000001"), &r), DEC_OK);
    assert_int_equal(dec_sign(r), 0);
    assert_int_equal(r.scale, 30);
    /* Integer overflow cannot be rounded away. */
    assert_int_equal(dec_mul(D(MAX_COEF), D("10"), &r), DEC_OVERFLOW);
    assert_int_equal(dec_mul(D("10000000000000000000"), D("-100000000000000000000"), &r),
                     DEC_OVERFLOW);
    assert_int_equal(dec_mul(D("1000000000000000000"), D("-100000000000000000000"), &r), DEC_OK);
    assert_dec(r, "-100000000000000000000000000000000000000");
}

static void test_div_domain(void **state)
{
    (void)state;
    dec_t r;
    /* Seed checks from the domain notes. */
    assert_int_equal(dec_div(D("51965.47"), D("52014.32"), 4, &r), DEC_OK);
    assert_dec(r, "0.9991");
    assert_int_equal(dec_div(D("547.6879"), D("990"), 4, &r), DEC_OK);
    assert_dec(r, "0.5532");
    assert_int_equal(dec_div(D("199"), D("195"), 4, &r), DEC_OK);
    assert_dec(r, "1.0205");
    assert_int_equal(dec_div(D("14.5"), D("6"), 2, &r), DEC_OK); /* 5 × 2.9 / 6 */
    assert_dec(r, "2.42");
}

static void test_div_rounding(void **state)
{
    (void)state;
    dec_t r;
    assert_int_equal(dec_div(D("1"), D("3"), 2, &r), DEC_OK);
    assert_dec(r, "0.33");
    assert_int_equal(dec_div(D("2"), D("3"), 2, &r), DEC_OK);
    assert_dec(r, "0.67");
    assert_int_equal(dec_div(D("-2"), D("3"), 2, &r), DEC_OK);
    assert_dec(r, "-0.67");
    assert_int_equal(dec_div(D("1"), D("8"), 2, &r), DEC_OK); /* tie 0.125 */
    assert_dec(r, "0.13");
    assert_int_equal(dec_div(D("1"), D("-8"), 2, &r), DEC_OK);
    assert_dec(r, "-0.13");
    assert_int_equal(dec_div(D("-1"), D("3"), 0, &r), DEC_OK);
    assert_dec(r, "0");
    assert_int_equal(dec_div(D("5"), D("2"), 0, &r), DEC_OK);
    assert_dec(r, "3");
    assert_int_equal(dec_div(D("1.235"), D("1"), 2, &r), DEC_OK); /* dividend has more decimals */
    assert_dec(r, "1.24");
    assert_int_equal(dec_div(D("1.23456"), D("1.000"), 2, &r), DEC_OK);
    assert_dec(r, "1.23");
    assert_int_equal(dec_div(D("10"), D("4"), 5, &r), DEC_OK);
    assert_dec(r, "2.50000");
    assert_int_equal(dec_div(D("1"), D("3"), 30, &r), DEC_OK);
    assert_dec(r, "0.333333333333333333333333333333");
    assert_int_equal(dec_div(D("0.000000000000000000000000000001"), D(MAX_COEF), 0, &r), DEC_OK);
    assert_int_equal(dec_sign(r), 0);
}

static void test_div_large_and_errors(void **state)
{
    (void)state;
    dec_t r = { 9, 0 };
    assert_int_equal(dec_div(D("1"), D("0"), 2, &r), DEC_DIV_ZERO);
    assert_int_equal(dec_div(D("0"), D("0.00"), 2, &r), DEC_DIV_ZERO);
    assert_true(r.coef == 9);
    /* 10^30 / 7 at 4 decimals: the coefficient has 34 digits. Python: 142857...857.142857 */
    assert_int_equal(dec_div(D("1000000000000000000000000000000"), D("7"), 4, &r), DEC_OK);
    assert_dec(r, "142857142857142857142857142857.1429");
    assert_int_equal(dec_div(D("-1000000000000000000000000000000"), D("0.7"), 6, &r), DEC_OK);
    assert_dec(r, "-1428571428571428571428571428571.428571");
    /* The dividend needs to be shifted 40 places: long division handles it. */
    assert_int_equal(dec_div(D("3"), D("0.0000000001"), 30, &r), DEC_OVERFLOW);
    assert_int_equal(dec_div(D(MAX_COEF), D("0.5"), 0, &r), DEC_OVERFLOW);
    assert_int_equal(dec_div(D(MAX_COEF), D("2"), 0, &r), DEC_OK);
    assert_dec(r, "85070591730234615865843651857942052864"); /* 2^126 - 0.5 rounded up */
    assert_int_equal(dec_div(D(MAX_COEF), D(MAX_COEF), 30, &r), DEC_OK);
    assert_dec(r, "1.000000000000000000000000000000");
}

static void test_round_traps(void **state)
{
    (void)state;
    assert_dec(dec_round(D("1.005"), 2), "1.01");
    assert_dec(dec_round(D("2.675"), 2), "2.68");
    assert_dec(dec_round(D("0.285"), 2), "0.29");
    assert_dec(dec_round(D("-2.675"), 2), "-2.68");
    assert_dec(dec_round(D("2.5"), 0), "3");
    assert_dec(dec_round(D("-2.5"), 0), "-3");
    assert_dec(dec_round(D("0.4999999"), 0), "0");
    assert_dec(dec_round(D("0.9999"), 2), "1.00");
    assert_dec(dec_round(D("99999999999999.995"), 2), "100000000000000.00");
    /* no-op when already short enough: the scale stays */
    assert_dec(dec_round(D("1.5"), 3), "1.5");
    assert_dec(dec_round(D("547.6879"), 4), "547.6879");
    /* many digits dropped at once */
    assert_dec(dec_round(D("0.500000000000000000000000000000"), 0), "1");
    assert_dec(dec_round(D("-0.499999999999999999999999999999"), 0), "0");
    assert_dec(dec_round(D("1701411834604692317316873037.15884105727"), 0),
               "1701411834604692317316873037");
}

static void test_rescale(void **state)
{
    (void)state;
    dec_t r;
    assert_int_equal(dec_rescale(D("95.4"), 2, &r), DEC_OK);
    assert_true(r.coef == 9540);
    assert_int_equal(r.scale, 2);
    assert_int_equal(dec_rescale(D("2.675"), 2, &r), DEC_OK);
    assert_dec(r, "2.68");
    assert_int_equal(dec_rescale(D("-7"), 3, &r), DEC_OK);
    assert_dec(r, "-7.000");
    assert_int_equal(dec_rescale(D("12.34"), 2, &r), DEC_OK);
    assert_dec(r, "12.34");
    assert_int_equal(dec_rescale(D(MAX_COEF), 1, &r), DEC_OVERFLOW);
    assert_int_equal(dec_rescale(D("1000000000000000000000"), 20, &r), DEC_OVERFLOW);
    assert_int_equal(dec_rescale(D("1000000000000000000"), 20, &r), DEC_OK);
}

static void test_normalize(void **state)
{
    (void)state;
    assert_dec(dec_normalize(D("95.40")), "95.4");
    assert_dec(dec_normalize(D("3.00")), "3");
    assert_dec(dec_normalize(D("0.000")), "0");
    assert_dec(dec_normalize(D("100")), "100");
    assert_dec(dec_normalize(D("-1.2300")), "-1.23");
    assert_dec(dec_normalize(D("547.6879")), "547.6879");
}

static void test_cmp(void **state)
{
    (void)state;
    assert_int_equal(dec_cmp(D("1.50"), D("1.5")), 0);
    assert_int_equal(dec_cmp(D("0.00"), D("-0")), 0);
    assert_int_equal(dec_cmp(D("-1"), D("0.5")), -1);
    assert_int_equal(dec_cmp(D("0.5"), D("-1")), 1);
    assert_int_equal(dec_cmp(D("2.675"), D("2.68")), -1);
    assert_int_equal(dec_cmp(D("-2.675"), D("-2.68")), 1);
    assert_int_equal(dec_cmp(D("99.999"), D("100")), -1);
    /* aligning scales would overflow: the integer side is the larger magnitude */
    assert_int_equal(dec_cmp(D(MAX_COEF), D("1.000000000000000000000000000000")), 1);
    assert_int_equal(dec_cmp(D("1.000000000000000000000000000000"), D(MAX_COEF)), -1);
    assert_int_equal(dec_cmp(D("-" MAX_COEF), D("-1.000000000000000000000000000000")), -1);
    assert_int_equal(dec_cmp(D("-1.000000000000000000000000000000"), D("-" MAX_COEF)), 1);
    assert_dec(dec_min(D("2.5"), D("-3")), "-3");
    assert_dec(dec_max(D("2.5"), D("-3")), "2.5");
    assert_dec(dec_min(D("1.0"), D("1.00")), "1.0"); /* equal: the first */
    assert_dec(dec_max(D("1.0"), D("1.00")), "1.0");
}

static void test_small_helpers(void **state)
{
    (void)state;
    assert_dec(dec_zero(), "0");
    assert_true(dec_is_zero(dec_zero()));
    assert_true(dec_is_zero(D("0.000")));
    assert_false(dec_is_zero(D("0.001")));
    assert_dec(dec_from_int(-42), "-42");
    assert_dec(dec_from_int(INT64_MAX), "9223372036854775807");
    assert_int_equal(dec_sign(D("-0.01")), -1);
    assert_int_equal(dec_sign(D("0.01")), 1);
    assert_dec(dec_neg(D("2.50")), "-2.50");
    assert_dec(dec_neg(D("-2.50")), "2.50");
    assert_dec(dec_abs(D("-2.50")), "2.50");
    assert_dec(dec_abs(D("2.50")), "2.50");
}

/* Format then parse gives back the same coefficient and scale. */
static void test_round_trip(void **state)
{
    (void)state;
    static const char *vals[] = { "99999999999999.99", "-99999999999999.99", "0.01", "-0.5",
                                  "547.6879", "0", "0.000", MAX_COEF, "-" MAX_COEF,
                                  "12345678901234567890.123456789012345678" };
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        dec_t a = D(vals[i]), b;
        char buf[DEC_STR_MAX];
        dec_format(a, buf);
        assert_int_equal(dec_parse(buf, strlen(buf), &b), DEC_OK);
        assert_true(a.coef == b.coef);
        assert_int_equal(a.scale, b.scale);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_plain),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_parse_limits),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_format_fixed),
        cmocka_unit_test(test_add_sub),
        cmocka_unit_test(test_add_sub_overflow),
        cmocka_unit_test(test_mul),
        cmocka_unit_test(test_mul_rounds_to_fit),
        cmocka_unit_test(test_div_domain),
        cmocka_unit_test(test_div_rounding),
        cmocka_unit_test(test_div_large_and_errors),
        cmocka_unit_test(test_round_traps),
        cmocka_unit_test(test_rescale),
        cmocka_unit_test(test_normalize),
        cmocka_unit_test(test_cmp),
        cmocka_unit_test(test_small_helpers),
        cmocka_unit_test(test_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
