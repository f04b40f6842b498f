/* Red flags a reviewer looks for in one draft (docs/review-flags.md): notices under review.*
 * raised by the bundled forms' rules, and counted by redflag_count. Seed 001's project table is
 * what re-checks complain about: every indicator at full marks, satisfaction "≥90%" copied from
 * the target, large over-completion without a word. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/redflag.h"
#include "engine_fixture.h"

#include <string.h>

#define SEED000 "tests/fixtures/seed000.json"
#define SEED001 "tests/fixtures/seed001_project.json"

static size_t count_code(fx_doc *x, const char *code)
{
    finding_list l = {0};
    assert_int_equal(engine_findings(x->e, &l), 0);
    size_t n = 0;
    for (size_t i = 0; i < l.len; i++)
        if (strcmp(l.items[i].code, code) == 0) {
            assert_int_equal(l.items[i].sev, SEV_NOTICE);
            assert_true(redflag_is(&l.items[i]));
            n++;
        }
    findings_free(&l);
    return n;
}

static void all_full_marks(void **state)
{
    (void)state;
    fx_doc x;
    assert_int_equal(fx_open(&x, "project", SEED001), 0);
    assert_true(fx_has(&x, "review.all_full_marks", "totals.total", "满分"));
    assert_int_equal(count_code(&x, "review.all_full_marks"), 1);
    /* one row short of its target: no longer every indicator at full marks */
    fx_set(&x, "indicators[2].actual", "4 家");
    assert_false(fx_has(&x, "review.all_full_marks", NULL, NULL));
    fx_close(&x);
    /* an empty table: nothing to say */
    assert_int_equal(fx_open(&x, "department", NULL), 0);
    assert_false(fx_has(&x, "review.all_full_marks", NULL, NULL));
    fx_close(&x);
}

static void cost_written_ge(void **state)
{
    (void)state;
    fx_doc x;
    assert_int_equal(fx_open(&x, "project", SEED001), 0);
    /* ≤990 万元: a ceiling, as a cost should be */
    assert_false(fx_has(&x, "review.cost_ge", NULL, NULL));
    fx_set(&x, "indicators[7].target", "≥990 万元");
    assert_true(fx_has(&x, "review.cost_ge", "indicators[7].target", "≥990 万元"));
    fx_set(&x, "indicators[7].target", "990 万元以上");
    assert_true(fx_has(&x, "review.cost_ge", "indicators[7].target", NULL));
    /* a saving rate on a cost row is "more is better" (docs/scoring.md): not flagged */
    fx_set(&x, "indicators[7].target", "≥5%");
    assert_false(fx_has(&x, "review.cost_ge", NULL, NULL));
    /* a cost category at level 1 (newer forms) */
    fx_set(&x, "indicators[7].level1", "成本指标");
    fx_set(&x, "indicators[7].level2", "经济成本指标");
    fx_set(&x, "indicators[7].target", "不低于 990 万元");
    assert_true(fx_has(&x, "review.cost_ge", "indicators[7].target", NULL));
    /* ≥ on an output row is no cost */
    assert_false(fx_has(&x, "review.cost_ge", "indicators[2].target", NULL));
    fx_close(&x);
}

static void satisfaction_without_survey(void **state)
{
    (void)state;
    fx_doc x;
    assert_int_equal(fx_open(&x, "project", SEED001), 0);
    /* seed 001 repeats its target "≥90%" as the actual: no survey result */
    assert_true(fx_has(&x, "review.satisfaction_no_survey", "indicators[12].actual", "≥90%"));
    fx_set(&x, "indicators[12].actual", "满意");
    assert_true(fx_has(&x, "review.satisfaction_no_survey", "indicators[12].actual", "满意"));
    fx_set(&x, "indicators[12].actual", "96.5%");
    assert_false(fx_has(&x, "review.satisfaction_no_survey", NULL, NULL));
    fx_set(&x, "indicators[12].actual", "");   /* blank: the form's completeness check says so */
    assert_false(fx_has(&x, "review.satisfaction_no_survey", NULL, NULL));
    /* a satisfaction row under another category, found by its own name */
    fx_set(&x, "indicators[9].level3", "服务对象满意度");
    assert_true(fx_has(&x, "review.satisfaction_no_survey", "indicators[9].actual", "正增长"));
    fx_close(&x);
}

static void over_130_unexplained(void **state)
{
    (void)state;
    fx_doc x;
    assert_int_equal(fx_open(&x, "project", SEED001), 0);
    /* 12 家 of ≥5 家, 148 家 of ≥30 家, +32.6% of +5.5%, +71.03% of +5% */
    assert_true(fx_has(&x, "review.over_130_unexplained", "indicators[2].actual", "12 家"));
    assert_true(fx_has(&x, "review.over_130_unexplained", "indicators[5].actual", "148 家"));
    assert_int_equal(count_code(&x, "review.over_130_unexplained"), 4);
    /* 7983 of 7000 is 114%: not flagged */
    assert_false(fx_has(&x, "review.over_130_unexplained", "indicators[1].actual", NULL));
    fx_set(&x, "indicators[2].reason", "年中新增招商项目，超额完成");
    assert_false(fx_has(&x, "review.over_130_unexplained", "indicators[2].actual", NULL));
    fx_set(&x, "indicators[5].actual", "39 家");   /* exactly 130% counts */
    assert_true(fx_has(&x, "review.over_130_unexplained", "indicators[5].actual", NULL));
    fx_set(&x, "indicators[5].actual", "38 家");
    assert_false(fx_has(&x, "review.over_130_unexplained", "indicators[5].actual", NULL));
    fx_close(&x);
}

static void counted_per_draft(void **state)
{
    (void)state;
    fx_doc x;
    assert_int_equal(fx_open(&x, "project", SEED001), 0);
    /* all full marks 1 + satisfaction 1 + over 130% 4 */
    assert_int_equal(redflag_count(x.e), 6);
    fx_close(&x);
    /* the whole submission of seed 000: the department table has its own flags */
    form *f = fx_load_form("submission");
    draft *d = fx_load_draft(SEED000);
    assert_non_null(f);
    assert_non_null(d);
    char *err = NULL;
    engine *e = engine_new(f, d, &err);
    assert_non_null(e);
    finding_list l = {0};
    assert_int_equal(engine_findings(e, &l), 0);
    size_t n = 0;
    for (size_t i = 0; i < l.len; i++) {
        n += strncmp(l.items[i].code, "review.", 7) == 0;
        /* 群众满意度 90%: a survey figure; 全年整体投入资金 has no comparator; 2.42 and 2.99
         * are below full marks */
        assert_string_not_equal(l.items[i].code, "review.satisfaction_no_survey");
        assert_string_not_equal(l.items[i].code, "review.cost_ge");
        assert_string_not_equal(l.items[i].code, "review.all_full_marks");
    }
    findings_free(&l);
    assert_int_equal(redflag_count(e), n);
    engine_free(e);
    draft_free(d);
    form_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(all_full_marks),
        cmocka_unit_test(cost_written_ge),
        cmocka_unit_test(satisfaction_without_survey),
        cmocka_unit_test(over_130_unexplained),
        cmocka_unit_test(counted_per_draft),
    };
    return cmocka_run_group_tests_name("redflag", tests, NULL, NULL);
}
