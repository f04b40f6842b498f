/* The form loader is strict: every settings key stands alone, a duplicate key or a bad value is
 * refused with the file, line, column and what is allowed, never replaced by a default. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "engine_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Loads `text` as "t.json": the form, or NULL with *err. */
static form *load(const char *text, char **err)
{
    *err = NULL;
    return form_load(text, strlen(text), "t.json", fx_form_source, NULL, err);
}

/* A one-field form with `settings` (a JSON object's text, on line 2). */
static form *with_settings(const char *settings, char **err)
{
    char *text = NULL;
    assert_true(asprintf(&text,
                         "{\"format\": \"selfeval-form/1\", \"id\": \"t\", \"version\": \"1\",\n"
                         " \"title\": \"T\", \"settings\": %s,\n"
                         " \"sections\": [{\"id\": \"s\", \"title\": \"S\", \"items\": [\n"
                         "   {\"id\": \"a\", \"type\": \"text\", \"label\": \"A\"}]}]}\n",
                         settings) >= 0);
    form *f = load(text, err);
    free(text);
    return f;
}

static bool dec_is(dec_t d, const char *s)
{
    dec_t w;
    assert_int_equal(dec_parse(s, strlen(s), &w), DEC_OK);
    return dec_cmp(d, w) == 0;
}

/* Each settings key alone takes effect and leaves the others at their defaults. */
static void settings_keys_alone(void **state)
{
    (void)state;
    char *err = NULL;
    form *f = with_settings("{\"reverse_rule\": \"linear\"}", &err);
    assert_non_null(f);
    assert_int_equal(f->ind.reverse, REVERSE_LINEAR);
    assert_true(dec_is(f->ind.overcompletion, "1.3"));
    assert_int_equal(f->ngrades, 4);
    form_free(f);

    f = with_settings("{\"overcompletion\": \"2\"}", &err);
    assert_non_null(f);
    assert_true(dec_is(f->ind.overcompletion, "2"));
    assert_int_equal(f->ind.reverse, REVERSE_RATIO);
    assert_int_equal(f->ngrades, 4);
    form_free(f);

    f = with_settings("{\"tiers\": [{\"name\": \"好\", \"lo\": \"0.9\", \"hi\": \"1\"},"
                      " {\"name\": \"中\", \"lo\": \"0.5\", \"hi\": \"0.9\"},"
                      " {\"name\": \"差\", \"lo\": \"0\", \"hi\": \"0.5\"}]}", &err);
    assert_non_null(f);
    assert_string_equal(f->ind.tiers[0].name, "好");
    assert_true(dec_is(f->ind.tiers[1].lo, "0.5"));
    assert_int_equal(f->ngrades, 4);
    form_free(f);

    f = with_settings("{\"grades\": [{\"name\": \"A\", \"min\": \"50\"}, {\"name\": \"B\", \"min\": \"0\"}]}",
                      &err);
    assert_non_null(f);
    assert_int_equal(f->ngrades, 2);
    assert_string_equal(f->grades[0].name, "A");
    assert_int_equal(f->ind.reverse, REVERSE_RATIO);
    form_free(f);

    f = with_settings("{}", &err);
    assert_non_null(f);
    assert_int_equal(f->ngrades, 4);
    form_free(f);
}

/* err mentions every needle; frees err. */
static void says(char *err, const char *const *needles)
{
    assert_non_null(err);
    for (; *needles; needles++) {
        if (!strstr(err, *needles))
            fail_msg("'%s' not in: %s", *needles, err);
    }
    free(err);
}

#define SAYS(err, ...) says(err, (const char *const[]){__VA_ARGS__, NULL})

static void duplicate_key_refused(void **state)
{
    (void)state;
    char *err = NULL;
    form *f = load("{\"format\": \"selfeval-form/1\", \"id\": \"t\", \"version\": \"1\",\n"
                   " \"title\": \"T\",\n"
                   " \"sections\": [{\"id\": \"s\", \"title\": \"S\", \"items\": [\n"
                   "   {\"id\": \"a\", \"type\": \"text\", \"label\": \"A\", \"label\": \"B\"}]}]}\n",
                   &err);
    assert_null(f);
    SAYS(err, "t.json line 4", "label");
}

/* A table with one extra key/value on line 4; the error must point there. */
static char *table_with(const char *extra)
{
    char *text = NULL, *err = NULL;
    assert_true(asprintf(&text,
                         "{\"format\": \"selfeval-form/1\", \"id\": \"t\", \"version\": \"1\",\n"
                         " \"title\": \"T\",\n"
                         " \"sections\": [{\"id\": \"s\", \"table\": true, \"title\": \"S\",\n"
                         "   %s,\n"
                         "   \"columns\": [{\"id\": \"a\", \"type\": \"text\", \"label\": \"A\"}]}]}\n",
                         extra) >= 0);
    form *f = load(text, &err);
    free(text);
    form_free(f);
    return err;
}

static void bad_table_values_refused(void **state)
{
    (void)state;
    SAYS(table_with("\"min_rows\": \"lots\""), "t.json line 4, column", "min_rows", "whole number");
    SAYS(table_with("\"max_rows\": -3"), "t.json line 4, column", "max_rows", "whole number");
    SAYS(table_with("\"min_rows\": 2.5"), "t.json line 4, column", "min_rows");
    SAYS(table_with("\"row_prefix\": \"9-bad\""), "t.json line 4, column", "row_prefix", "letter");
    SAYS(table_with("\"label\": 7"), "t.json line 4, column", "label");
    /* the good ones still load */
    assert_null(table_with("\"min_rows\": 1, \"max_rows\": 5, \"row_prefix\": \"fund\""));
}

/* A field with one extra key/value on line 4. */
static char *field_with(const char *extra)
{
    char *text = NULL, *err = NULL;
    assert_true(asprintf(&text,
                         "{\"format\": \"selfeval-form/1\", \"id\": \"t\", \"version\": \"1\",\n"
                         " \"title\": \"T\",\n"
                         " \"sections\": [{\"id\": \"s\", \"title\": \"S\", \"items\": [{\"id\": \"a\", \"label\": \"A\",\n"
                         "   %s}]}]}\n",
                         extra) >= 0);
    form *f = load(text, &err);
    free(text);
    form_free(f);
    return err;
}

static void bad_field_values_refused(void **state)
{
    (void)state;
    SAYS(field_with("\"type\": \"text\", \"width\": \"wide\""), "t.json line 4, column", "width",
         "whole number");
    SAYS(field_with("\"type\": \"text\", \"width\": 0"), "t.json line 4, column", "width");
    SAYS(field_with("\"type\": \"decimal\", \"compute\": 5"), "t.json line 4, column", "compute");
    SAYS(field_with("\"type\": \"text\", \"default\": 5"), "t.json line 4, column", "default",
         "text");
    SAYS(field_with("\"type\": \"choice\", \"choices\": [\"a\"], \"choices_open\": \"yes\""),
         "t.json line 4, column", "choices_open", "true or false");
    SAYS(field_with("\"type\": \"text\", \"unit\": [\"元\"]"), "t.json line 4, column", "unit");
    SAYS(field_with("\"type\": \"text\", \"label\": {\"zh\": 1}"), "t.json line", "label");
    SAYS(field_with("\"type\": \"choice\", \"choices\": [\"a\", 3]"), "t.json line 4, column",
         "choice");
    SAYS(field_with("\"type\": \"text\", \"carry\": \"yes\""), "t.json line 4, column", "carry",
         "next_year");
    SAYS(field_with("\"type\": \"text\", \"carry_from\": \"nobody\""), "t.json line", "nobody");
    assert_null(field_with("\"type\": \"text\", \"width\": 12, \"default\": \"x\""));
    assert_null(field_with("\"type\": \"integer\", \"carry\": \"next_year\""));
}

static void bad_settings_values_refused(void **state)
{
    (void)state;
    char *err = NULL;
    assert_null(with_settings("{\"reverse_rule\": 1}", &err));
    SAYS(err, "t.json line 2, column", "reverse_rule", "ratio");
    assert_null(with_settings("{\"tiers\": [{\"name\": 1}, {\"name\": \"b\"}, {\"name\": \"c\"}]}",
                              &err));
    SAYS(err, "t.json line 2, column", "name");
    assert_null(with_settings("{\"grades\": [{\"name\": \"A\", \"min\": \"50\", \"lable\": \"x\"}]}",
                              &err));
    SAYS(err, "t.json line 2, column", "lable");
}

/* A part's row_prefix, a group's indent, a rule's code: the other places values are read. */
static void bad_values_elsewhere_refused(void **state)
{
    (void)state;
    char *err = NULL;
    form *f = load("{\"format\": \"selfeval-form/1\", \"id\": \"t\", \"version\": \"1\",\n"
                   " \"title\": \"T\",\n"
                   " \"parts\": [{\"id\": \"p\", \"form\": \"report\", \"repeat\": true,\n"
                   "   \"row_prefix\": \"9-bad\"}]}\n", &err);
    assert_null(f);
    SAYS(err, "t.json line 4, column", "row_prefix");
    f = load("{\"format\": \"selfeval-form/1\", \"id\": \"t\", \"version\": \"1\",\n"
             " \"title\": \"T\",\n"
             " \"parts\": [{\"id\": \"p\", \"form\": \"report\",\n"
             "   \"repeat\": \"yes\"}]}\n", &err);
    assert_null(f);
    SAYS(err, "t.json line 4, column", "repeat", "true or false");
    f = load("{\"format\": \"selfeval-form/1\", \"id\": \"t\", \"version\": \"1\",\n"
             " \"title\": \"T\",\n"
             " \"sections\": [{\"id\": \"s\", \"title\": \"S\", \"items\": [\n"
             "   {\"id\": \"g\", \"group\": true, \"label\": \"G\", \"indent\": \"deep\", \"items\": [\n"
             "     {\"id\": \"a\", \"type\": \"text\", \"label\": \"A\"}]}]}]}\n", &err);
    assert_null(f);
    SAYS(err, "t.json line 4, column", "indent");
    f = load("{\"format\": \"selfeval-form/1\", \"id\": \"t\", \"version\": \"1\",\n"
             " \"title\": \"T\",\n"
             " \"sections\": [{\"id\": \"s\", \"title\": \"S\", \"items\": [\n"
             "   {\"id\": \"a\", \"type\": \"text\", \"label\": \"A\"}]}],\n"
             " \"rules\": [{\"code\": \"x\", \"severity\": \"error\", \"when\": \"1\", \"message\": \"m\",\n"
             "   \"for\": {\"v\": [\"a\", 2]}}]}\n", &err);
    assert_null(f);
    SAYS(err, "t.json line 6, column", "for");
}

/* A rule's field path of any length is resolved whole, not cut after 16 parts. */
static void long_rule_path_named_whole(void **state)
{
    (void)state;
    char path[400] = "s";
    for (int i = 0; i < 30; i++)
        strcat(path, ".seg");
    strcat(path, ".zzz_last");
    char *text = NULL, *err = NULL;
    assert_true(asprintf(&text,
                         "{\"format\": \"selfeval-form/1\", \"id\": \"t\", \"version\": \"1\",\n"
                         " \"title\": \"T\",\n"
                         " \"sections\": [{\"id\": \"s\", \"title\": \"S\", \"items\": [\n"
                         "   {\"id\": \"a\", \"type\": \"text\", \"label\": \"A\"}]}],\n"
                         " \"rules\": [{\"code\": \"x\", \"severity\": \"error\", \"when\": \"1\",\n"
                         "   \"message\": \"m\", \"field\": \"%s\"}]}\n",
                         path) >= 0);
    form *f = load(text, &err);
    free(text);
    assert_null(f);
    SAYS(err, "t.json line 6, column", "zzz_last");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(settings_keys_alone),
        cmocka_unit_test(duplicate_key_refused),
        cmocka_unit_test(bad_table_values_refused),
        cmocka_unit_test(bad_field_values_refused),
        cmocka_unit_test(bad_settings_values_refused),
        cmocka_unit_test(bad_values_elsewhere_refused),
        cmocka_unit_test(long_rule_path_named_whole),
    };
    return cmocka_run_group_tests_name("form_strict", tests, NULL, NULL);
}
