/* 复核 figures and totals: the checks on a re-check (a decimal, within the weight, a reason
 * for a deduction), setting and clearing, and 自评总分 / 复核总分 / 偏差 in exact decimals,
 * per field and in total, shown with two places half up. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/recheck.h"
#include "engine_fixture.h"

static dec_t D(const char *s)
{
    dec_t v;
    assert_int_equal(dec_parse(s, strlen(s), &v), DEC_OK);
    return v;
}

static void assert_fmt(dec_t v, const char *want)
{
    char b[DEC_STR_MAX];
    assert_string_equal(recheck_fmt(v, b), want);
}

static void test_checks(void **state)
{
    (void)state;
    dec_t self = D("10"), max = D("10");
    char *err = NULL;
    assert_int_equal(recheck_check("indicators.r2.score", "8", "无佐证", &self, &max, &err), 0);
    assert_int_equal(recheck_check("indicators.r2.score", "10", NULL, &self, &max, &err), 0);
    assert_int_equal(recheck_check("indicators.r2.score", "8", "", &self, &max, &err), -1);
    assert_string_equal(err, "复核得分 8 of indicators.r2.score is below the self score 10: "
                             "give the reason for the deduction");
    free(err);
    assert_int_equal(recheck_check("indicators.r2.score", "10.5", "x", &self, &max, &err), -1);
    assert_string_equal(err, "复核得分 10.5 of indicators.r2.score is above its weight 10: "
                             "give a score from 0 to 10");
    free(err);
    assert_int_equal(recheck_check("indicators.r2.score", "八", "x", NULL, NULL, &err), -1);
    assert_non_null(strstr(err, "is not a score"));
    free(err);
    assert_int_equal(recheck_check("indicators.r2.score", "-1", "x", NULL, NULL, &err), -1);
    free(err);
    assert_int_equal(recheck_check("", "1", "x", NULL, NULL, &err), -1);
    free(err);
    /* no weight or self score known: only the number is checked */
    assert_int_equal(recheck_check("a.score", "120", NULL, NULL, NULL, &err), 0);
}

/* Scores have 2 decimals: a third is refused (the printed 自评 / 复核 / 偏差 would not add up),
 * trailing zeros are not a third. */
static void test_decimals(void **state)
{
    (void)state;
    dec_t self = D("10"), max = D("10");
    char *err = NULL;
    assert_int_equal(recheck_check("indicators.r2.score", "7.555", "r", &self, &max, &err), -1);
    assert_non_null(err);
    assert_string_equal(err, "复核得分 7.555 of indicators.r2.score has more than 2 decimals: "
                             "scores have 2 (e.g. 7.56)");
    free(err);
    err = NULL;
    assert_int_equal(recheck_check("indicators.r2.score", "7.55", "r", &self, &max, &err), 0);
    assert_int_equal(recheck_check("indicators.r2.score", "7.500", "r", &self, &max, &err), 0);
    draft *d = draft_new("p", "1");
    assert_int_equal(recheck_set(d, "indicators.r2.score", NULL, "0.001", "r", NULL, NULL, &self,
                                 NULL, &err), -1);
    free(err);
    assert_int_equal(d->n_rechecks, 0);
    /* restored as it was (undo, replay of a file's figure): taken, counted rounded */
    assert_int_equal(recheck_set(d, "indicators.r2.score", NULL, "7.555", "r", NULL, NULL, NULL,
                                 NULL, &err), 0);
    assert_int_equal(d->n_rechecks, 1);
    draft_free(d);
}

/* A re-check kept in a file with more decimals (written by hand) as the draft reads it. */
static void put_raw(draft *d, const char *path, const char *score)
{
    char *err = NULL;
    assert_int_equal(recheck_set(d, path, NULL, "1", "x", NULL, NULL, NULL, NULL, &err), 0);
    draft_recheck *r = (draft_recheck *)draft_recheck_get(d, path);
    free(r->score);
    r->score = strdup(score);
}

static void test_set_clear(void **state)
{
    (void)state;
    draft *d = draft_new("p", "1");
    char *err = NULL;
    dec_t self = D("10");
    assert_int_equal(recheck_set(d, "indicators.r2.score", "10 家", "8", NULL, "王", "t",
                                 &self, NULL, &err), -1);
    free(err);
    assert_int_equal(d->n_rechecks, 0);
    assert_int_equal(recheck_set(d, "indicators.r2.score", "10 家", "8", "无佐证", "王", "t",
                                 &self, NULL, &err), 0);
    assert_int_equal(recheck_set(d, "funds.exec_score", NULL, "5", NULL, "王", "t", NULL, NULL,
                                 &err), 0);
    /* replacing keeps its place */
    assert_int_equal(recheck_set(d, "indicators.r2.score", NULL, "9", "少", "李", "t2", &self,
                                 NULL, &err), 0);
    assert_int_equal(d->n_rechecks, 2);
    assert_string_equal(d->rechecks[0].score, "9");
    assert_null(d->rechecks[0].actual);
    assert_string_equal(draft_recheck_get(d, "funds.exec_score")->score, "5");
    assert_int_equal(recheck_clear(d, "indicators.r2.score"), 0);
    assert_int_equal(d->n_rechecks, 1);
    assert_null(draft_recheck_get(d, "indicators.r2.score"));
    assert_int_equal(recheck_clear(d, "nothing"), 0);
    draft_free(d);
}

typedef struct {
    const char *path, *self;
} selfrow;

static int lookup(void *ctx, const char *path, dec_t *out)
{
    for (const selfrow *r = ctx; r->path; r++)
        if (strcmp(r->path, path) == 0) {
            *out = D(r->self);
            return 0;
        }
    return -1;
}

static void test_totals_exact(void **state)
{
    (void)state;
    draft *d = draft_new("p", "1");
    char *err = NULL;
    assert_int_equal(recheck_set(d, "indicators.r2.score", NULL, "8", "x", NULL, NULL, NULL,
                                 NULL, &err), 0);
    assert_int_equal(recheck_set(d, "projects.p1.indicators.r1.score", NULL, "4.75", "x",
                                 NULL, NULL, NULL, NULL, &err), 0);
    put_raw(d, "indicators.r5.score", "7.125");
    assert_int_equal(recheck_set(d, "indicators.r9.score", NULL, "3", NULL, NULL, NULL, NULL,
                                 NULL, &err), 0);
    selfrow selves[] = {{"indicators.r2.score", "10"},
                        {"projects.p1.indicators.r1.score", "5"},
                        {"indicators.r5.score", "10"},
                        {NULL, NULL}};   /* r9: no self score, counted as 0 */
    recheck_totals t;
    assert_int_equal(recheck_totals_compute(d, "", D("95.53"), lookup, selves, &t, &err), 0);
    assert_int_equal(t.n, 4);
    assert_string_equal(t.rows[0].path, "indicators.r2.score");
    assert_fmt(t.rows[0].diff, "-2.00");
    /* 7.125 (a file written by hand) counts as the score field rounds it: 7.13, half up */
    assert_fmt(t.rows[2].recheck, "7.13");
    assert_fmt(t.rows[2].diff, "-2.87");
    assert_fmt(t.rows[3].self, "0.00");
    assert_fmt(t.rows[3].diff, "3.00");
    /* 95.53 - 2 - 0.25 - 2.87 + 3 = 93.41 exactly: the printed figures add up */
    assert_fmt(t.self_total, "95.53");
    char b[DEC_STR_MAX];
    assert_string_equal(dec_format(t.recheck_total, b), "93.41");
    assert_string_equal(dec_format(t.deviation, b), "-2.12");
    assert_true(t.has_total);
    recheck_totals_free(&t);
    /* only the part's own */
    assert_int_equal(recheck_totals_compute(d, "projects.p1", D("80"), lookup, selves, &t,
                                            &err), 0);
    assert_int_equal(t.n, 1);
    assert_fmt(t.recheck_total, "79.75");
    assert_fmt(t.deviation, "-0.25");
    recheck_totals_free(&t);
    /* "projects.p10" is not under "projects.p1" */
    assert_int_equal(recheck_totals_compute(d, "projects.p", D("80"), lookup, selves, &t,
                                            &err), 0);
    assert_int_equal(t.n, 0);
    assert_fmt(t.deviation, "0.00");
    recheck_totals_free(&t);
    draft_free(d);
}

/* The QA case: two re-checks of 7.555 in a file; each printed 偏差 and the total agree. */
static void test_totals_add_up(void **state)
{
    (void)state;
    draft *d = draft_new("p", "1");
    put_raw(d, "indicators.r2.score", "7.555");
    put_raw(d, "indicators.r3.score", "7.555");
    selfrow selves[] = {{"indicators.r2.score", "10"}, {"indicators.r3.score", "10"},
                        {NULL, NULL}};
    recheck_totals t;
    char *err = NULL;
    assert_int_equal(recheck_totals_compute(d, "", D("95.53"), lookup, selves, &t, &err), 0);
    assert_fmt(t.rows[0].recheck, "7.56");
    assert_fmt(t.rows[0].diff, "-2.44");          /* 7.56 − 10.00 as printed */
    assert_fmt(t.deviation, "-4.88");
    assert_fmt(t.recheck_total, "90.65");         /* 95.53 − 4.88 */
    recheck_totals_free(&t);
    draft_free(d);
}

static int lookup_gone(void *ctx, const char *path, dec_t *out)
{
    if (strcmp(path, "indicators.r2.score") == 0)
        return RECHECK_NO_FIELD;
    return lookup(ctx, path, out);
}

/* A re-check whose field is gone counts in no total and is listed. */
static void test_totals_orphan(void **state)
{
    (void)state;
    draft *d = draft_new("p", "1");
    char *err = NULL;
    assert_int_equal(recheck_set(d, "indicators.r2.score", NULL, "5", "扣分", NULL, NULL, NULL,
                                 NULL, &err), 0);
    assert_int_equal(recheck_set(d, "indicators.r3.score", NULL, "9", "扣分", NULL, NULL, NULL,
                                 NULL, &err), 0);
    selfrow selves[] = {{"indicators.r3.score", "10"}, {NULL, NULL}};
    recheck_totals t;
    assert_int_equal(recheck_totals_compute(d, "", D("85.53"), lookup_gone, selves, &t, &err),
                     0);
    assert_int_equal(t.n, 1);
    assert_string_equal(t.rows[0].path, "indicators.r3.score");
    assert_int_equal(t.norphans, 1);
    assert_string_equal(t.orphans[0], "indicators.r2.score");
    assert_fmt(t.recheck_total, "84.53");
    assert_fmt(t.deviation, "-1.00");
    recheck_totals_free(&t);
    draft_free(d);
}

/* The QA case through the engine: row 2 re-checked 10 -> 5, then deleted. */
static void test_orphan_from_engine(void **state)
{
    (void)state;
    fx_doc x;
    assert_int_equal(fx_open(&x, "project", "tests/fixtures/seed001_project.json"), 0);
    char *err = NULL;
    dec_t ten = D("10");
    assert_int_equal(recheck_set(x.d, "indicators.r2.score", NULL, "5", "扣分", "R", "t", &ten,
                                 &ten, &err), 0);
    assert_int_equal(fx_has(&x, RECHECK_ORPHAN_CODE, NULL, NULL), 0);
    inode *table = engine_find(x.e, "indicators");
    assert_non_null(table);
    eng_change chg;
    assert_int_equal(engine_row_delete(x.e, table, 1, &chg, &err), 0);
    assert_null(engine_find(x.e, "indicators.r2.score"));
    recheck_totals t;
    assert_int_equal(recheck_totals_engine(x.e, "", engine_find(x.e, "totals.total"), &t, &err),
                     0);
    assert_int_equal(t.n, 0);
    assert_int_equal(t.norphans, 1);
    assert_fmt(t.self_total, "85.53");
    assert_fmt(t.recheck_total, "85.53");         /* not 90.53 */
    assert_fmt(t.deviation, "0.00");
    recheck_totals_free(&t);
    /* reported on the draft as a whole, after the row delete */
    assert_int_equal(fx_has(&x, RECHECK_ORPHAN_CODE, "indicators.r2.score", "no longer exists"),
                     1);
    finding_list l = {0};
    assert_int_equal(recheck_orphan_findings(x.e, &l), 0);
    assert_int_equal(l.len, 1);
    assert_int_equal(l.items[0].sev, SEV_WARNING);
    findings_free(&l);
    /* cleared: nothing left to report once the engine looks again */
    assert_int_equal(recheck_clear(x.d, "indicators.r2.score"), 0);
    engine_recompute_all(x.e);
    assert_int_equal(fx_has(&x, RECHECK_ORPHAN_CODE, NULL, NULL), 0);
    fx_close(&x);
}

/* A table without a total has no 复核总分 (has_total false), as its 总分 is empty. */
static void test_no_total(void **state)
{
    (void)state;
    fx_doc x;
    assert_int_equal(fx_open(&x, "project", "tests/fixtures/seed001_project.json"), 0);
    char *err = NULL;
    dec_t ten = D("10");
    assert_int_equal(recheck_set(x.d, "indicators.r2.score", NULL, "8", "x", "R", "t", &ten,
                                 &ten, &err), 0);
    recheck_totals t;
    assert_int_equal(recheck_totals_engine(x.e, "", NULL, &t, &err), 0);
    assert_false(t.has_total);
    recheck_totals_free(&t);
    assert_int_equal(recheck_totals_engine(x.e, "", engine_find(x.e, "totals.total"), &t, &err),
                     0);
    assert_true(t.has_total);
    recheck_totals_free(&t);
    fx_close(&x);
}

static void test_totals_from_engine(void **state)
{
    (void)state;
    fx_doc x;
    assert_int_equal(fx_open(&x, "project", "tests/fixtures/seed001_project.json"), 0);
    char *err = NULL;
    dec_t ten = D("10");
    assert_int_equal(recheck_set(x.d, "indicators.r2.score", "10 家", "8", "完成值无佐证，扣2分",
                                 "王", "t", &ten, &ten, &err), 0);
    recheck_totals t;
    assert_int_equal(recheck_totals_engine(x.e, "", engine_find(x.e, "totals.total"), &t, &err),
                     0);
    assert_int_equal(t.n, 1);
    assert_fmt(t.rows[0].self, "10.00");
    assert_fmt(t.self_total, "95.53");
    assert_fmt(t.recheck_total, "93.53");
    assert_fmt(t.deviation, "-2.00");
    recheck_totals_free(&t);
    fx_close(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_checks),
        cmocka_unit_test(test_decimals),
        cmocka_unit_test(test_set_clear),
        cmocka_unit_test(test_totals_exact),
        cmocka_unit_test(test_totals_from_engine),
        cmocka_unit_test(test_totals_add_up),
        cmocka_unit_test(test_totals_orphan),
        cmocka_unit_test(test_orphan_from_engine),
        cmocka_unit_test(test_no_total),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
