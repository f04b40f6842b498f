/* Scoring rows as filed forms show them: actuals that say "完成", targets without a unit,
 * ranges, numbers no clerk writes, weights with too many decimals, placeholder rows and rows
 * without an actual; and the derivation of each score (ind_explain).
 *
 * Expected scores are worked by hand (the formula next to each), never by this code. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/indicator.h"

static dec_t D(const char *s)
{
    dec_t d;
    if (dec_parse(s, strlen(s), &d) != DEC_OK)
        fail_msg("bad decimal in test: %s", s);
    return d;
}

static void assert_dec_is(dec_t got, const char *want)
{
    if (dec_cmp(got, D(want)) != 0) {
        char b[DEC_STR_MAX];
        fail_msg("got %s, expected %s", dec_format(got, b), want);
    }
}

static ind_input q(const char *target, const char *actual, const char *weight)
{
    ind_input in;
    memset(&in, 0, sizeof in);
    in.level1 = "产出指标";
    in.level2 = "质量指标";
    in.level3 = "测试指标";
    in.target = target;
    in.actual = actual;
    if (weight) {
        in.has_weight = true;
        in.weight = D(weight);
    }
    return in;
}

static ind_result run(const ind_input *in, finding_list *notes)
{
    ind_result r;
    assert_int_equal(ind_score(NULL, in, &r, notes), 0);
    return r;
}

static const finding *code(const finding_list *l, const char *c)
{
    for (size_t i = 0; i < l->len; i++)
        if (strcmp(l->items[i].code, c) == 0)
            return &l->items[i];
    return NULL;
}

/* issue 9 item 6: an actual that says the target was met implies 达成 (a notice). */
static void met_words_imply_achieved(void **state)
{
    (void)state;
    static const char *const met[] = {"完成", "已完成", "全部完成", "按时完成", "达成", "达到",
                                      "实现", "是", "有效", "符合", "已完成。"};
    for (size_t i = 0; i < sizeof met / sizeof met[0]; i++) {
        finding_list n = {0};
        ind_input in = q("按时拨付到位", met[i], "10");
        ind_result r = run(&in, &n);
        if (!r.scored)
            fail_msg("\"%s\" not scored", met[i]);
        assert_dec_is(r.score, "10");
        assert_dec_is(r.lo, "8");
        const finding *f = code(&n, "indicator.tier_implied");
        assert_non_null(f);
        assert_int_equal(f->sev, SEV_NOTICE);
        assert_null(code(&n, "indicator.tier_missing"));
        findings_free(&n);
    }
    /* not met: 未完成, 基本完成 still ask for a tier */
    static const char *const unmet[] = {"未完成", "基本完成", "部分完成"};
    for (size_t i = 0; i < sizeof unmet / sizeof unmet[0]; i++) {
        finding_list n = {0};
        ind_input in = q("按时拨付到位", unmet[i], "10");
        ind_result r = run(&in, &n);
        assert_false(r.scored);
        assert_non_null(code(&n, "indicator.tier_missing"));
        findings_free(&n);
    }
    /* a numeric target needs a number, even when the clerk chose 定性 */
    finding_list n = {0};
    ind_input in = q("90%", "完成", "10");
    in.direction = DIR_QUALITATIVE;
    ind_result r = run(&in, &n);
    assert_false(r.scored);
    assert_null(code(&n, "indicator.tier_implied"));
    findings_free(&n);
}

/* issue 9 item 10: a target without unit compared in the actual's: said, not silent. */
static void unit_assumed_notice(void **state)
{
    (void)state;
    finding_list n = {0};
    ind_input in = q("≥500", "612万美元", "10");
    ind_result r = run(&in, &n);
    assert_true(r.scored);
    assert_dec_is(r.score, "10");
    const finding *f = code(&n, "indicator.unit_assumed");
    assert_non_null(f);
    assert_int_equal(f->sev, SEV_NOTICE);
    assert_non_null(strstr(f->msg_zh, "万美元"));
    assert_non_null(strstr(f->msg_en, "万美元"));
    findings_clear(&n);
    /* never across kinds: 万元 against 家 stays a mismatch, not scored */
    in = q("500万元", "612家", "10");
    r = run(&in, &n);
    assert_false(r.scored);
    assert_non_null(code(&n, "indicator.unit_mismatch"));
    findings_clear(&n);
    /* an actual without unit takes the target's quietly (the usual way of typing it) */
    in = q("≥500家", "612", "10");
    r = run(&in, &n);
    assert_true(r.scored);
    assert_int_equal(n.len, 0);
    findings_free(&n);
}

/* issue 8 item 9: a range target honours its upper end. */
static void range_targets(void **state)
{
    (void)state;
    finding_list n = {0};
    /* inside */
    ind_input in = q("5%~10%", "8%", "10");
    ind_result r = run(&in, &n);
    assert_true(r.scored);
    assert_dec_is(r.score, "10");
    /* above: the upper end is a ceiling, ratio rule 10 × 10 / 12 = 8.333 → 8.33 */
    in = q("5%~10%", "12%", "10");
    r = run(&in, &n);
    assert_true(r.scored);
    assert_dec_is(r.score, "8.33");
    assert_false(r.over_completion);
    /* below: proportional to the lower end, 10 × 4 / 5 = 8 */
    in = q("5%~10%", "4%", "10");
    r = run(&in, &n);
    assert_dec_is(r.score, "8");
    /* other ways of writing it */
    in = q("5%至10%", "12%", "10");
    r = run(&in, &n);
    assert_dec_is(r.score, "8.33");
    in = q("5%-10%", "12%", "10");
    r = run(&in, &n);
    assert_dec_is(r.score, "8.33");
    in = q("5～10%", "12%", "10");
    r = run(&in, &n);
    assert_dec_is(r.score, "8.33");
    /* two years are not a range */
    ind_value v;
    ind_parse("2020-2021年完成", strlen("2020-2021年完成"), &v);
    assert_false(v.range);
    findings_free(&n);
}

/* issue 8 item 9: numbers a clerk does not write are refused, not read as 1 or 1.000. */
static void unclear_numbers_refused(void **state)
{
    (void)state;
    static const char *const odd[] = {"≥1e999", "≥1.000.000", "≥1E5", "≥１．０００．０００",
                                      "≥1234567890123456"};
    for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++) {
        finding_list n = {0};
        ind_input in = q(odd[i], "5", "10");
        ind_result r = run(&in, &n);
        if (r.scored)
            fail_msg("\"%s\" was scored", odd[i]);
        const finding *f = code(&n, "indicator.number_unclear");
        assert_non_null(f);
        assert_int_equal(f->sev, SEV_ERROR);
        findings_free(&n);
    }
    /* a date is not a number with two points: a text target, as 及时 is */
    {
        ind_value v;
        ind_parse("2024.12.31前完成", strlen("2024.12.31前完成"), &v);
        assert_int_equal(v.kind, IND_TEXT);
        assert_false(v.unclear);
    }
    /* twenty full-width digits as the actual */
    finding_list n = {0};
    ind_input in = q("≥5", "１２３４５６７８９０１２３４５６７８９０", "10");
    ind_result r = run(&in, &n);
    assert_false(r.scored);
    assert_non_null(code(&n, "indicator.number_unclear"));
    findings_clear(&n);
    /* ordinary numbers stay fine */
    in = q("≥1,000,000", "1,200,000.5", "10");
    r = run(&in, &n);
    assert_true(r.scored);
    assert_int_equal(n.len, 0);
    in = q("≥999999999999999", "999999999999999", "10");   /* 15 digits: the limit */
    r = run(&in, &n);
    assert_true(r.scored);
    findings_free(&n);
}

/* issue 8 item 9: weights have at most 2 decimals. */
static void weight_decimals_refused(void **state)
{
    (void)state;
    finding_list n = {0};
    ind_input in = q("≥5", "6", "10.005");
    ind_result r = run(&in, &n);
    assert_false(r.scored);
    const finding *f = code(&n, "indicator.weight_decimals");
    assert_non_null(f);
    assert_int_equal(f->sev, SEV_ERROR);
    assert_non_null(strstr(f->msg_zh, "10.005"));
    findings_clear(&n);
    in = q("≥5", "6", "10.50");
    r = run(&in, &n);
    assert_true(r.scored);
    assert_dec_is(r.score, "10.5");
    findings_free(&n);
}

/* issue 9 items 4 and 9: what the caller needs to know about a row. */
static void placeholder_and_no_actual(void **state)
{
    (void)state;
    finding_list n = {0};
    ind_input in = q(NULL, NULL, NULL);
    in.level1 = "成本指标";
    in.level2 = "社会成本指标";
    in.level3 = NULL;
    ind_result r = run(&in, &n);
    assert_true(r.placeholder);
    assert_false(r.applicable);
    assert_int_equal(n.len, 0);
    in = q("≥5家", NULL, "10");
    r = run(&in, &n);
    assert_false(r.placeholder);
    assert_true(r.applicable);
    assert_false(r.scored);
    assert_true(r.no_actual);
    assert_dec_is(r.full, "10");
    in = q("≥5家", "6家", "10");
    r = run(&in, &n);
    assert_false(r.no_actual);
    findings_free(&n);
}

static void expect_explain(ind_input in, const char *zh_part, const char *en_part)
{
    char *zh = NULL, *en = NULL;
    assert_int_equal(ind_explain(NULL, &in, &zh, &en), 0);
    assert_non_null(zh);
    assert_non_null(en);
    if (!strstr(zh, zh_part))
        fail_msg("zh \"%s\" lacks \"%s\"", zh, zh_part);
    if (!strstr(en, en_part))
        fail_msg("en \"%s\" lacks \"%s\"", en, en_part);
    free(zh);
    free(en);
}

/* issue 9 item 13: the derivation of each kind of score. */
static void explanations(void **state)
{
    (void)state;
    /* seed 004: 15 × 4926 / 6000 = 12.315 → 12.32 */
    expect_explain(q("6000", "4926", "15"), "12.32 = 15 × 4926 ÷ 6000", "12.32 = 15 × 4926 ÷ 6000");
    expect_explain(q("6000", "4926", "15"), "正向", "positive");
    /* a growth target missed by a fall */
    expect_explain(q("增长5%", "-8.7%", "10"), "0.00", "-8.7");
    /* reverse ratio: 10 × 4211.33 / 51965.47 = 0.81 */
    expect_explain(q("≤4211.33万元", "51965.47万元", "10"), "0.81 = 10 × 4211.33 ÷ 51965.47",
                   "ratio rule");
    /* met */
    expect_explain(q("≥5家", "12家", "10"), "10.00", "full marks");
    /* qualitative */
    ind_input t = q("好", "好", "10");
    t.tier = "达成";
    expect_explain(t, "定性，达成", "8.00–10.00");
    expect_explain(q("及时", "及时", "10"), "按达成计", "达成");
    /* not scored */
    expect_explain(q("≥5家", NULL, "10"), "实际完成值未填", "no actual");
    ind_input na = q("不适用", NULL, NULL);
    expect_explain(na, "不适用", "not applicable");
    /* units converted: 5 × 956.18 / 1600 = 2.99 */
    expect_explain(q("1600万元", "956.18万元", "5"), "2.99 = 5 × 956.18 ÷ 1600", "2.99");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(met_words_imply_achieved),
        cmocka_unit_test(unit_assumed_notice),
        cmocka_unit_test(range_targets),
        cmocka_unit_test(unclear_numbers_refused),
        cmocka_unit_test(weight_decimals_refused),
        cmocka_unit_test(placeholder_and_no_actual),
        cmocka_unit_test(explanations),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
