/* redflag_set_may_flag (core/redflag.h): false only for drafts whose folder flags are none,
 * so a caller that counts them (the inbox) may skip computing those drafts again. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/redflag.h"
#include "engine_fixture.h"

#include <stdlib.h>
#include <string.h>

#define SEED001 "tests/fixtures/seed001_project.json"

static void open_as(fx_doc *x, const char *unit, const char *year)
{
    assert_int_equal(fx_open(x, "project", SEED001), 0);
    free(x->d->unit);
    x->d->unit = strdup(unit);
    free(x->d->year);
    x->d->year = strdup(year);
}

static size_t nflags(const redflag_set *s, size_t i, const fx_doc *x)
{
    finding_list l = {0};
    assert_int_equal(redflag_set_findings(s, i, x->e, &l), 0);
    size_t n = l.len;
    findings_free(&l);
    return n;
}

/* A set of the drafts x[0..n) added in order, finished; every entry said to have no flags
 * has none. */
static redflag_set *set_of(fx_doc *x, size_t n)
{
    static const char *const names[] = {"0.json", "1.json", "2.json", "3.json"};
    redflag_set *s = redflag_set_new();
    assert_non_null(s);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(redflag_set_add(s, i, x[i].e, names[i], false), 0);
    assert_int_equal(redflag_set_finish(s), 0);
    for (size_t i = 0; i < n; i++)
        if (!redflag_set_may_flag(s, i))
            assert_int_equal(nflags(s, i, &x[i]), 0);
    return s;
}

static void may_flag(void **state)
{
    (void)state;
    fx_doc x[3];
    /* one unit, 2025 and 2027: no other unit's text, no year before either */
    open_as(&x[0], "益阳市商务局", "2025");
    open_as(&x[1], "益阳市商务局", "2027");
    redflag_set *s = set_of(x, 2);
    assert_false(redflag_set_may_flag(s, 0));
    assert_false(redflag_set_may_flag(s, 1));
    redflag_set_free(s);
    /* 2026 of the same unit: 2027's year before (its targets below 2026's actuals) */
    open_as(&x[2], "益阳市商务局", "2026");
    s = set_of(x, 3);
    assert_false(redflag_set_may_flag(s, 0));
    assert_true(redflag_set_may_flag(s, 1));
    assert_true(nflags(s, 1, &x[1]) > 0);
    redflag_set_free(s);
    /* another unit with the same texts: copies on both sides */
    fx_close(&x[2]);
    open_as(&x[2], "益阳市财政局", "2025");
    s = set_of(x, 3);
    assert_true(redflag_set_may_flag(s, 0));
    assert_true(redflag_set_may_flag(s, 2));
    assert_true(nflags(s, 2, &x[2]) > 0);
    /* not an entry, or not finished */
    assert_false(redflag_set_may_flag(s, 9));
    redflag_set_free(s);
    s = redflag_set_new();
    assert_int_equal(redflag_set_add(s, 0, x[0].e, "0.json", false), 0);
    assert_false(redflag_set_may_flag(s, 0));
    redflag_set_free(s);
    for (int i = 0; i < 3; i++)
        fx_close(&x[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(may_flag),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
