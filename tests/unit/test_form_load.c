/* Form files: every bundled form loads; broken ones are refused with file, line, column and
 * field. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "engine_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void bundled_forms_load(void **state)
{
    (void)state;
    const char *ids[] = {"project", "department", "basic", "report", "submission"};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        form *f = fx_load_form(ids[i]);
        assert_non_null(f);
        assert_string_equal(f->id, ids[i]);
        form_free(f);
    }
}

/* Loads `text` as "t.json"; returns the error (caller frees) or NULL when it loaded. */
static char *load_text(const char *text)
{
    char *err = NULL;
    form *f = form_load(text, strlen(text), "t.json", fx_form_source, NULL, &err);
    form_free(f);
    return err;
}

#define HEAD "{\n  \"format\": \"selfeval-form/1\",\n  \"id\": \"t\",\n  \"version\": \"1\",\n" \
             "  \"title\": \"T\",\n  \"sections\": [\n    {\"id\": \"s\", \"title\": \"S\", \"items\": [\n"
#define TAIL "    ]}\n  ]\n}\n"

static void unknown_name_has_position(void **state)
{
    (void)state;
    char *err = load_text(HEAD
        "      {\"id\": \"weight\", \"type\": \"decimal\", \"label\": \"W\"},\n"
        "      {\"id\": \"score\", \"type\": \"decimal\", \"label\": \"S\", \"compute\": \"wieght * 2\"}\n"
        TAIL);
    assert_non_null(err);
    assert_non_null(strstr(err, "t.json line 9"));
    assert_non_null(strstr(err, "unknown name 'wieght'"));
    assert_non_null(strstr(err, "score"));
    free(err);
}

static void syntax_error_has_column(void **state)
{
    (void)state;
    char *err = load_text(HEAD
        "      {\"id\": \"a\", \"type\": \"decimal\", \"label\": \"A\", \"compute\": \"1 + * 2\"}\n"
        TAIL);
    assert_non_null(err);
    assert_non_null(strstr(err, "line 8, column"));
    assert_non_null(strstr(err, "field a"));
    free(err);
}

static void cycle_refused(void **state)
{
    (void)state;
    char *err = load_text(HEAD
        "      {\"id\": \"a\", \"type\": \"decimal\", \"label\": \"A\", \"compute\": \"b + 1\"},\n"
        "      {\"id\": \"b\", \"type\": \"decimal\", \"label\": \"B\", \"compute\": \"a + 1\"}\n"
        TAIL);
    assert_non_null(err);
    assert_non_null(strstr(err, "circle"));
    assert_non_null(strstr(err, "s.a"));
    assert_non_null(strstr(err, "s.b"));
    free(err);
}

static void unknown_key_and_bad_json(void **state)
{
    (void)state;
    char *err = load_text(HEAD
        "      {\"id\": \"a\", \"type\": \"text\", \"label\": \"A\", \"requried\": \"error\"}\n"
        TAIL);
    assert_non_null(err);
    assert_non_null(strstr(err, "unknown key 'requried'"));
    free(err);
    err = load_text("{\n  \"format\": \"selfeval-form/1\",\n  \"id\": \"t\" \"x\"\n}");
    assert_non_null(err);
    assert_non_null(strstr(err, "t.json line 3"));
    free(err);
    err = load_text(HEAD
        "      {\"id\": \"a\", \"type\": \"money\", \"label\": \"A\"},\n"
        "      {\"id\": \"b\", \"type\": \"decimal\", \"label\": \"B\", \"compute\": \"c.d\"}\n"
        "    ]},\n    {\"id\": \"c\", \"table\": true, \"title\": \"C\", \"columns\": [\n"
        "      {\"id\": \"d\", \"type\": \"decimal\", \"label\": \"D\"}\n"
        TAIL);
    assert_non_null(err);
    assert_non_null(strstr(err, "sum("));   /* a column used as one value */
    free(err);
}

static void rule_for_expands(void **state)
{
    (void)state;
    form *f = fx_load_form("basic");
    assert_non_null(f);
    size_t sangong = 0;
    for (size_t i = 0; i < f->nrules; i++)
        if (strstr(f->rules[i].code, "sangong"))
            sangong++;
    assert_int_equal(sangong, 3); /* one per column: prev, budget, final */
    form_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bundled_forms_load),
        cmocka_unit_test(unknown_name_has_position),
        cmocka_unit_test(syntax_error_has_column),
        cmocka_unit_test(cycle_refused),
        cmocka_unit_test(unknown_key_and_bad_json),
        cmocka_unit_test(rule_for_expands),
    };
    return cmocka_run_group_tests_name("form_load", tests, NULL, NULL);
}
