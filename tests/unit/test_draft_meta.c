/* The draft's unit and year (meta.unit, meta.year) follow what the clerk typed in the fields the
 * form binds to them ("meta": "unit" / "year"): the cover of a submission, the header of a
 * stand-alone project table. Every output prints meta, so meta must never say something else
 * than the screen. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/carry.h"
#include "engine_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXAMPLE "forms/examples/submission.json"
#define SEED001 "tests/fixtures/seed001_project.json"

static const char *meta_or_empty(const char *s) { return s ? s : ""; }

/* Puts text at values.a.b(.c) of a draft read from a file, as another tool would have. */
static void put(draft *d, const char *a, const char *b, const char *c, const char *text)
{
    cJSON *o = cJSON_GetObjectItemCaseSensitive(d->values, a);
    assert_non_null(o);
    if (c) {
        o = cJSON_GetObjectItemCaseSensitive(o, b);
        assert_non_null(o);
        b = c;
    }
    cJSON_DeleteItemFromObjectCaseSensitive(o, b);
    assert_non_null(cJSON_AddStringToObject(o, b, text));
}

/* A draft whose cover says 2026 while its meta says 2025 (an old file, or one another tool
 * wrote): opened, the draft's year is the cover's. */
static void cover_wins_over_stale_meta(void **state)
{
    (void)state;
    form *f = fx_load_form("submission");
    draft *d = fx_load_draft(EXAMPLE);
    assert_non_null(f);
    assert_non_null(d);
    assert_string_equal(d->year, "2025");
    put(d, "report", "cover", "year", "2026");
    put(d, "report", "cover", "unit", "益阳市商务和粮食局");
    char *err = NULL;
    engine *e = engine_new(f, d, &err);
    assert_non_null(e);
    assert_string_equal(meta_or_empty(d->year), "2026");
    assert_string_equal(meta_or_empty(d->unit), "益阳市商务和粮食局");
    engine_free(e);
    draft_free(d);
    form_free(f);
}

/* Typing on the cover changes the draft's year and unit at once (the title bar, a save). A
 * cover emptied again leaves meta as it was: nothing typed, nothing replaced. */
static void typing_on_the_cover_moves_meta(void **state)
{
    (void)state;
    fx_doc x;
    assert_int_equal(fx_open(&x, "submission", EXAMPLE), 0);
    fx_set(&x, "report.cover.year", "2027");
    assert_string_equal(meta_or_empty(x.d->year), "2027");
    fx_set(&x, "report.cover.unit", "  益阳市新局 ");
    assert_string_equal(meta_or_empty(x.d->unit), "益阳市新局");
    fx_set(&x, "report.cover.year", "");
    assert_string_equal(meta_or_empty(x.d->year), "2027");
    /* a project table's own year is its heading's, not the submission's */
    fx_set(&x, "projects.p1.header.year", "2024");
    assert_string_equal(meta_or_empty(x.d->year), "2027");
    fx_close(&x);
}

/* A new submission: nothing in meta; the cover typed gives the year and unit. */
static void new_submission_gets_the_cover(void **state)
{
    (void)state;
    fx_doc x;
    assert_int_equal(fx_open(&x, "submission", NULL), 0);
    assert_null(x.d->year);
    fx_set(&x, "report.cover.unit", "益阳市商务局");
    fx_set(&x, "report.cover.year", "2025");
    assert_string_equal(meta_or_empty(x.d->unit), "益阳市商务局");
    assert_string_equal(meta_or_empty(x.d->year), "2025");
    fx_close(&x);
}

/* A stand-alone project table: its header's 主管部门 and 年度 are the draft's unit and year. */
static void project_header_is_the_drafts(void **state)
{
    (void)state;
    fx_doc x;
    assert_int_equal(fx_open(&x, "project", NULL), 0);
    fx_set(&x, "header.department", "益阳市商务局");
    fx_set(&x, "header.year", "2025");
    assert_string_equal(meta_or_empty(x.d->unit), "益阳市商务局");
    assert_string_equal(meta_or_empty(x.d->year), "2025");
    fx_close(&x);
}

/* Carried over from a draft whose meta was stale: the new year is one after the cover's. */
static void carry_follows_the_cover(void **state)
{
    (void)state;
    form *f = fx_load_form("project");
    draft *last = fx_load_draft(SEED001);
    assert_non_null(f);
    assert_non_null(last);
    put(last, "header", "year", NULL, "2030");
    put(last, "header", "department", NULL, "长沙市商务局");
    char *err = NULL;
    draft *d = draft_carry_over(f, last, &err);
    assert_non_null(d);
    assert_string_equal(meta_or_empty(d->year), "2031");
    assert_string_equal(meta_or_empty(d->unit), "长沙市商务局");
    draft_free(d);
    draft_free(last);
    form_free(f);
}

/* The binding is checked when the form loads: "unit" or "year" only, never a table's column
 * (a value per row, none for the draft). Said with the file, the line and the field. */
static char *load_with(const char *field, bool in_table)
{
    char *text = NULL, *err = NULL;
    assert_true(asprintf(&text,
                         "{\"format\": \"selfeval-form/1\", \"id\": \"t\", \"version\": \"1\",\n"
                         " \"title\": \"T\",\n"
                         " \"sections\": [{\"id\": \"s\", \"title\": \"S\", %s\"%s\": [\n"
                         "   {\"id\": \"a\", \"type\": \"text\", \"label\": \"A\", %s}]}]}\n",
                         in_table ? "\"table\": true, " : "", in_table ? "columns" : "items",
                         field) >= 0);
    form *f = form_load(text, strlen(text), "t.json", fx_form_source, NULL, &err);
    free(text);
    if (f)
        assert_int_equal(f->nodes[f->nnodes - 1]->meta, FORM_META_YEAR);
    form_free(f);
    return err;
}

static void binding_checked_on_load(void **state)
{
    (void)state;
    char *err = load_with("\"meta\": \"year\"", false);
    assert_null(err);
    err = load_with("\"meta\": \"yaer\"", false);
    assert_non_null(err);
    assert_non_null(strstr(err, "t.json line 4"));
    assert_non_null(strstr(err, "\"unit\" or \"year\""));
    free(err);
    err = load_with("\"meta\": \"year\"", true);
    assert_non_null(err);
    assert_non_null(strstr(err, "field a"));
    assert_non_null(strstr(err, "table"));
    free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(binding_checked_on_load),
        cmocka_unit_test(cover_wins_over_stale_meta),
        cmocka_unit_test(typing_on_the_cover_moves_meta),
        cmocka_unit_test(new_submission_gets_the_cover),
        cmocka_unit_test(project_header_is_the_drafts),
        cmocka_unit_test(carry_follows_the_cover),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
