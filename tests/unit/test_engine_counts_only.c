/* engine_set_counts_only (core/engine.h): the same findings — codes, severities, the fields
 * they are on — without their messages, for a summary that only counts them. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "engine_fixture.h"

#include <stdlib.h>
#include <string.h>

static void same_findings_without_messages(void **state)
{
    (void)state;
    fx_doc x;
    assert_int_equal(fx_open(&x, "project", "tests/fixtures/seed001_project.json"), 0);
    finding_list bare = {0};
    draft *d = fx_load_draft("tests/fixtures/seed001_project.json");
    assert_non_null(d);
    char *err = NULL;
    engine *e = engine_open(x.f, d, &err);
    assert_non_null(e);
    engine_set_counts_only(e, true);
    engine_recompute_all(e);
    /* compare against a draft computed the usual way from the same file */
    fx_doc y;
    assert_int_equal(fx_open(&y, "project", "tests/fixtures/seed001_project.json"), 0);
    finding_list usual = {0};
    assert_int_equal(engine_findings(y.e, &usual), 0);
    assert_int_equal(engine_findings(e, &bare), 0);
    assert_int_equal(bare.len, usual.len);
    size_t rules = 0;
    for (size_t i = 0; i < bare.len; i++) {
        assert_string_equal(bare.items[i].code, usual.items[i].code);
        assert_int_equal(bare.items[i].sev, usual.items[i].sev);
        if (strcmp(usual.items[i].msg_zh, bare.items[i].msg_zh) != 0) {
            /* a rule's finding: no message, no path */
            assert_string_equal(bare.items[i].msg_zh, "");
            assert_string_equal(bare.items[i].msg_en, "");
            rules++;
        }
    }
    assert_true(rules > 0);
    for (int s = SEV_NOTICE; s <= SEV_ERROR; s++)
        assert_int_equal(engine_count(e, (severity)s), engine_count(y.e, (severity)s));
    findings_free(&bare);
    findings_free(&usual);
    engine_free(e);
    draft_free(d);
    fx_close(&x);
    fx_close(&y);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_findings_without_messages),
    };
    return cmocka_run_group_tests_name("engine_counts_only", tests, NULL, NULL);
}
