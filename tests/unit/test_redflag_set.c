/* Red flags that need other drafts (core/redflag.h, redflag_set): a target below last year's
 * actual when last year's draft of the same unit is in the set, and long text identical to
 * another unit's. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/redflag.h"
#include "engine_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bytes the heap holds now (the unit tests run under AddressSanitizer, whose allocator
 * mallinfo2 does not see). */
#ifdef __SANITIZE_ADDRESS__
/* from the AddressSanitizer runtime (its header is not always installed) */
size_t __sanitizer_get_current_allocated_bytes(void);
static size_t heap_in_use(void)
{
    return __sanitizer_get_current_allocated_bytes();
}
#else
#include <malloc.h>
static size_t heap_in_use(void)
{
    struct mallinfo2 m = mallinfo2();
    return m.uordblks + m.hblkhd;
}
#endif

#define SEED001 "tests/fixtures/seed001_project.json"

/* A copy of seed 001 filed by `unit` for `year`. */
static void open_as(fx_doc *x, const char *unit, const char *year)
{
    assert_int_equal(fx_open(x, "project", SEED001), 0);
    free(x->d->unit);
    x->d->unit = unit ? strdup(unit) : NULL;
    free(x->d->year);
    x->d->year = year ? strdup(year) : NULL;
}

/* Entry i's flags, found from its draft `x` (0: the list is filled). */
static void flags_of(const redflag_set *s, size_t i, const fx_doc *x, finding_list *l)
{
    memset(l, 0, sizeof *l);
    assert_int_equal(redflag_set_findings(s, i, x->e, l), 0);
}

/* Does entry i (draft x) have a flag `code` at `path` whose message contains `needle` (NULL:
 * any)? */
static bool has(const redflag_set *s, size_t i, const fx_doc *x, const char *code,
                const char *path, const char *needle)
{
    finding_list l;
    flags_of(s, i, x, &l);
    bool found = false;
    for (size_t k = 0; k < l.len && !found; k++) {
        const finding *f = &l.items[k];
        found = strcmp(f->code, code) == 0 && (!path || strcmp(f->path, path) == 0) &&
                f->sev == SEV_NOTICE &&
                (!needle || strstr(f->msg_zh, needle) || strstr(f->msg_en, needle));
    }
    findings_free(&l);
    return found;
}

static size_t nflags(const redflag_set *s, size_t i, const fx_doc *x)
{
    finding_list l;
    flags_of(s, i, x, &l);
    size_t n = l.len;
    findings_free(&l);
    return n;
}

#define LONG_REASON "受国际市场需求回暖和招商政策集中兑现影响，全年实际完成值明显高于年初设定的目标值"

static void copied_text_between_units(void **state)
{
    (void)state;
    fx_doc a, b, c, d;
    open_as(&a, "益阳市商务局", "2025");
    open_as(&b, "益阳市财政局", "2025");
    open_as(&c, "益阳市商务局", "2025");
    open_as(&d, "益阳市教育局", "2025");
    /* the same long reason in a and b (b with other spaces), a stock phrase everywhere */
    fx_set(&a, "indicators[2].reason", LONG_REASON);
    fx_set(&b, "indicators[2].reason", "受国际市场需求回暖和招商政策集中兑现影响， 全年实际完成值　明显高于年初设定的目标值");
    fx_set(&c, "indicators[2].reason", LONG_REASON);   /* a's own unit */
    fx_set(&a, "indicators[5].reason", "已按计划完成。");
    fx_set(&b, "indicators[5].reason", "已按计划完成。");
    fx_set(&d, "indicators[5].reason", "已按计划完成。");
    /* d: every paragraph its own */
    fx_set(&d, "goals.achieved", "全年完成校舍改造 12 所，新增学位 3000 个。");
    redflag_set *s = redflag_set_new();
    assert_non_null(s);
    assert_int_equal(redflag_set_add(s, 0, a.e, "a.json", false), 0);
    assert_int_equal(redflag_set_add(s, 1, b.e, "b.json", false), 0);
    assert_int_equal(redflag_set_add(s, 2, c.e, "c.json", false), 0);
    assert_int_equal(redflag_set_add(s, 3, d.e, "d.json", false), 0);
    assert_int_equal(redflag_set_finish(s), 0);
    assert_true(has(s, 0, &a, "review.copied_text", "indicators[2].reason", "益阳市财政局"));
    assert_true(has(s, 0, &a, "review.copied_text", "indicators[2].reason", "b.json"));
    assert_true(has(s, 1, &b, "review.copied_text", "indicators[2].reason", "益阳市商务局"));
    /* c shares its text with a (its own unit: no copy) and with b (another unit: a copy) */
    assert_true(has(s, 2, &c, "review.copied_text", "indicators[2].reason", "益阳市财政局"));
    /* a stock phrase shorter than the form's minimum is no template */
    assert_false(has(s, 0, &a, "review.copied_text", "indicators[5].reason", NULL));
    assert_false(has(s, 3, &d, "review.copied_text", "indicators[5].reason", NULL));
    /* seed 001's 实际完成情况, line by line: the long fifth line is shared by a, b, c */
    assert_true(has(s, 1, &b, "review.copied_text", "goals.achieved", "第 5 段"));
    assert_false(has(s, 3, &d, "review.copied_text", NULL, NULL));
    /* the copies found once per field and unit */
    assert_int_equal(nflags(s, 3, &d), 0);
    redflag_set_free(s);
    fx_close(&a);
    fx_close(&b);
    fx_close(&c);
    fx_close(&d);
}

static void target_below_last_years_actual(void **state)
{
    (void)state;
    fx_doc last, now, other, later;
    open_as(&last, "益阳市商务局", "2025");    /* 12 家, 7983 万美元, 148 家 … */
    open_as(&now, "益阳市商务局", "2026");     /* targets ≥5 家, 7000 万美元以上 … */
    open_as(&other, "益阳市财政局", "2026");
    open_as(&later, "益阳市商务局", "2028");
    fx_set(&now, "indicators[4].target", "≥413 亿元");        /* equal: not below */
    fx_set(&now, "indicators[5].level3", "湘商回湘投资新设企业数");   /* renamed: no match */
    redflag_set *s = redflag_set_new();
    assert_non_null(s);
    /* any order of indices */
    assert_int_equal(redflag_set_add(s, 1, now.e, "2026/shangwu.json", false), 0);
    assert_int_equal(redflag_set_add(s, 0, last.e, "2025/shangwu.json", false), 0);
    assert_int_equal(redflag_set_add(s, 2, other.e, "2026/caizheng.json", false), 0);
    assert_int_equal(redflag_set_add(s, 3, later.e, "2028/shangwu.json", false), 0);
    assert_int_equal(redflag_set_finish(s), 0);
    assert_true(has(s, 1, &now, "review.target_below_last_actual", "indicators[2].target", "12 家"));
    assert_true(has(s, 1, &now, "review.target_below_last_actual", "indicators[2].target", "2025"));
    assert_true(has(s, 1, &now, "review.target_below_last_actual", "indicators[1].target", "7983"));
    assert_false(has(s, 1, &now, "review.target_below_last_actual", "indicators[4].target", NULL));
    assert_false(has(s, 1, &now, "review.target_below_last_actual", "indicators[5].target", NULL));
    /* ≤990 万元: a ceiling; 及时: words */
    assert_false(has(s, 1, &now, "review.target_below_last_actual", "indicators[7].target", NULL));
    assert_false(has(s, 1, &now, "review.target_below_last_actual", "indicators[6].target", NULL));
    /* another unit, and a year with no draft the year before */
    assert_false(has(s, 2, &other, "review.target_below_last_actual", NULL, NULL));
    assert_false(has(s, 3, &later, "review.target_below_last_actual", NULL, NULL));
    assert_false(has(s, 0, &last, "review.target_below_last_actual", NULL, NULL));
    redflag_set_free(s);

    /* last year's draft named as such (a reference): compared whatever the years say, never
     * reported itself */
    s = redflag_set_new();
    free(now.d->year);
    now.d->year = NULL;
    assert_int_equal(redflag_set_add(s, 0, now.e, "this.json", false), 0);
    assert_int_equal(redflag_set_add(s, 1, last.e, "last.json", true), 0);
    assert_int_equal(redflag_set_finish(s), 0);
    assert_true(has(s, 0, &now, "review.target_below_last_actual", "indicators[2].target", "last.json"));
    assert_int_equal(nflags(s, 1, &last), 0);
    /* no copy between a unit's draft and its own last year's */
    assert_false(has(s, 0, &now, "review.copied_text", NULL, NULL));
    redflag_set_free(s);
    fx_close(&last);
    fx_close(&now);
    fx_close(&other);
    fx_close(&later);
}

static void attached_to_the_engine(void **state)
{
    (void)state;
    fx_doc last, now;
    open_as(&last, "益阳市商务局", "2025");
    open_as(&now, "益阳市商务局", "2026");
    size_t before = redflag_count(now.e);
    redflag_set *s = redflag_set_new();
    assert_int_equal(redflag_set_add(s, 0, last.e, "last.json", false), 0);
    assert_int_equal(redflag_set_add(s, 1, now.e, "now.json", false), 0);
    assert_int_equal(redflag_set_finish(s), 0);
    finding_list l;
    flags_of(s, 1, &now, &l);
    assert_true(l.len > 0);
    assert_int_equal(engine_add_findings(now.e, &l), 0);
    assert_int_equal(redflag_count(now.e), before + l.len);
    assert_true(fx_has(&now, "review.target_below_last_actual", "indicators[2].target", "12 家"));
    /* they stay through edits: a reviewer's re-check or any edit that computes their fields
     * again (the flags were found from the draft as opened, and are counted in the inbox) */
    fx_set(&now, "indicators[2].target", "11 家");
    fx_set(&now, "indicators[2].actual", "13 家");
    for (size_t k = 0; k < l.len; k++)
        if (!fx_has(&now, l.items[k].code, l.items[k].path, l.items[k].msg_en))
            fail_msg("%s at %s gone after an edit", l.items[k].code, l.items[k].path);
    findings_free(&l);
    /* entries never added, and adding after finishing */
    assert_int_equal(nflags(s, 7, &now), 0);
    assert_int_equal(redflag_set_add(s, 2, now.e, "x.json", false), -1);
    redflag_set_free(s);
    fx_close(&last);
    fx_close(&now);
}

/* A folder of drafts made from one template: every draft is flagged as copied, and what the
 * set keeps per draft stays small (check over 10,000 drafts must not grow with them: the
 * flags are found when a draft is reported, not kept). */
static void memory_per_draft_is_small(void **state)
{
    (void)state;
    enum { FEW = 200, MANY = 2200 };
    fx_doc x;
    open_as(&x, "益阳市商务局", "2025");
    fx_set(&x, "indicators[2].reason", LONG_REASON);
    size_t at[2] = {0, 0};
    /* the file names are the caller's (a set does not copy them) */
    char (*file)[48] = malloc(MANY * sizeof *file);
    assert_non_null(file);
    for (size_t i = 0; i < MANY; i++)
        snprintf(file[i], sizeof file[i], "build/bench/subs/%03zu/unit%05zu.json", i / 1000, i);
    redflag_set *s = redflag_set_new();
    assert_non_null(s);
    size_t base = heap_in_use();
    for (size_t i = 0; i < MANY; i++) {
        char unit[64];
        snprintf(unit, sizeof unit, "测试单位%05zu", i);
        free(x.d->unit);
        x.d->unit = strdup(unit);
        assert_int_equal(redflag_set_add(s, i, x.e, file[i], false), 0);
        if (i + 1 == FEW)
            at[0] = heap_in_use();
    }
    assert_int_equal(redflag_set_finish(s), 0);
    at[1] = heap_in_use();
    /* every draft's reason is another unit's too */
    assert_true(has(s, MANY - 1, &x, "review.copied_text", "indicators[2].reason",
                    "另有 2198 个单位也相同"));
    size_t per = (at[1] - at[0]) / (MANY - FEW);
    printf("# redflag_set: %zu bytes per draft (%zu for the first %d)\n", per,
           (at[0] - base) / FEW, FEW);
    /* about 170 bytes: the file name, unit and year, two short lists; the flags' messages
     * alone are kilobytes */
    assert_true(per <= 400);
    redflag_set_free(s);
    free(file);
    fx_close(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(copied_text_between_units),
        cmocka_unit_test(target_below_last_years_actual),
        cmocka_unit_test(attached_to_the_engine),
        cmocka_unit_test(memory_per_draft_is_small),
    };
    return cmocka_run_group_tests_name("redflag_set", tests, NULL, NULL);
}
