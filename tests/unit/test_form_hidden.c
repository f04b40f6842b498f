/* Tables printed without a column (issue 9 item 5: some departments print 一级 / 三级 only, with
 * no 二级指标, and put the 二级 name into the 三级 cell of cost rows): a table's
 * "hidden_columns" in the form. The column is marked hidden; the export block folds its cells
 * into the cell beside them; the engine reports nothing about it, and a row whose 三级 is only
 * a 二级 category name is a placeholder, not a row missing its weight. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/form_export.h"
#include "engine_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* forms/<id>.json, with `insert` put right after the indicators table's "id" member. */
static char *variant_text(const char *id, const char *insert, size_t *len)
{
    char path[128];
    snprintf(path, sizeof path, "forms/%s.json", id);
    size_t n = 0;
    char *buf = fx_slurp(path, &n);
    assert_non_null(buf);
    const char *key = "\"id\": \"indicators\",";
    char *at = strstr(buf, key);
    assert_non_null(at);
    at += strlen(key);
    char *out = NULL;
    int k = asprintf(&out, "%.*s %s%s", (int)(at - buf), buf, insert, at);
    assert_true(k > 0);
    free(buf);
    *len = (size_t)k;
    return out;
}

static const char *g_insert;

/* a form source giving the variant of the project and department forms */
static int variant_source(void *ctx, const char *id, char **buf, size_t *len, char **file,
                          char **err)
{
    if (strcmp(id, "project") != 0 && strcmp(id, "department") != 0)
        return fx_form_source(ctx, id, buf, len, file, err);
    *buf = variant_text(id, g_insert, len);
    *file = strdup(id);
    return 0;
}

static form *load_variant(const char *id, const char *insert, char **err)
{
    g_insert = insert;
    size_t len = 0;
    char *text = variant_text(id, insert, &len);
    form *f = form_load(text, len, "variant.json", variant_source, NULL, err);
    free(text);
    return f;
}

static const fnode *column(const form *f, const char *id)
{
    const fnode *t = fnode_child(f->root, "indicators");
    assert_non_null(t);
    const fnode *c = fnode_child(t, id);
    assert_non_null(c);
    return c;
}

/* the `each` row of the indicators in an export block, and the heading row above it */
static const xrow *each_row(const form_export *x, const xrow **head)
{
    for (size_t i = 0; i < x->nrows; i++) {
        const xrow *b = &x->rows[i];
        for (size_t k = 0; b->kind == XR_BAND && k < b->nrows; k++)
            if (b->rows[k].kind == XR_EACH) {
                *head = k > 0 ? &b->rows[k - 1] : NULL;
                return &b->rows[k];
            }
    }
    return NULL;
}

static int cell_of(const xrow *r, const char *id)
{
    for (size_t i = 0; i < r->ncells; i++)
        if (r->cells[i].node && strcmp(r->cells[i].node->id, id) == 0)
            return (int)i;
    return -1;
}

static int width_of(const xrow *r)
{
    int w = 0;
    for (size_t i = 0; i < r->ncells; i++)
        w += r->cells[i].span;
    return w;
}

static void the_hidden_column_is_folded_into_the_next(void **state)
{
    (void)state;
    const char *ids[] = {"project", "department"};
    for (size_t i = 0; i < 2; i++) {
        char *err = NULL;
        form *plain = fx_load_form(ids[i]);
        form *f = load_variant(ids[i], "\"hidden_columns\": [\"level2\"],", &err);
        if (!f)
            fail_msg("%s: %s", ids[i], err);
        assert_non_null(plain);
        assert_true(column(f, "level2")->hidden);
        assert_false(column(f, "level3")->hidden);
        assert_false(column(plain, "level2")->hidden);
        const xrow *h0 = NULL, *h1 = NULL;
        const xrow *r0 = each_row(plain->export, &h0), *r1 = each_row(f->export, &h1);
        assert_non_null(r0);
        assert_non_null(r1);
        /* the same grid, one cell fewer; 三级指标 takes the 二级's column */
        assert_int_equal(f->export->ncols, plain->export->ncols);
        assert_int_equal(r1->ncells, r0->ncells - 1);
        assert_int_equal(width_of(r1), width_of(r0));
        assert_int_equal(cell_of(r1, "level2"), -1);
        assert_int_equal(r1->cells[cell_of(r1, "level3")].span,
                         r0->cells[cell_of(r0, "level3")].span + 1);
        /* the heading above it too */
        assert_non_null(h1);
        assert_int_equal(cell_of(h1, "level2"), -1);
        assert_int_equal(width_of(h1), width_of(h0));
        /* the runs of 一级指标 are still merged; nothing is merged on the hidden column */
        assert_int_equal(r0->nmerge, 2);
        assert_int_equal(r1->nmerge, 1);
        assert_string_equal(r1->cells[r1->merge[0]].node->id, "level1");
        form_free(f);
        form_free(plain);
    }
}

static void bad_hidden_columns_are_refused(void **state)
{
    (void)state;
    const char *bad[][2] = {
        {"\"hidden_columns\": \"level2\",", "is a list of column ids"},
        {"\"hidden_columns\": [\"levle2\"],", "'levle2' is not a column of this table"},
        {"\"hidden_columns\": [2],", "is not a column of this table"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *err = NULL;
        form *f = load_variant("project", bad[i][0], &err);
        assert_null(f);
        assert_non_null(err);
        if (!strstr(err, bad[i][1]) || !strstr(err, "line "))
            fail_msg("expected '%s' with a line in: %s", bad[i][1], err);
        free(err);
    }
    /* every column hidden: nothing left to fill in */
    const char *all = "{\"format\": \"selfeval-form/1\", \"id\": \"t\", \"version\": \"1\", "
                      "\"title\": \"T\", \"sections\": [{\"id\": \"rows\", \"table\": true, "
                      "\"title\": \"R\", \"hidden_columns\": [\"k\"], \"columns\": [{\"id\": "
                      "\"k\", \"type\": \"text\", \"label\": \"K\"}]}]}";
    char *err = NULL;
    form *f = form_load(all, strlen(all), "t.json", fx_form_source, NULL, &err);
    assert_null(f);
    assert_non_null(err);
    assert_non_null(strstr(err, "hides every column"));
    free(err);
}

static const char DRAFT[] =
    "{\"format\": \"selfeval-draft/1.0\", \"form\": {\"id\": \"project\", \"version\": \"2025.1\"},"
    " \"meta\": {\"unit\": \"U\", \"year\": \"2025\", \"status\": \"draft\"},"
    " \"values\": {\"indicators\": ["
    "  {\"_id\": \"r1\", \"level1\": \"产出指标\", \"level3\": \"引进企业\", \"target\": \"≥5家\","
    "   \"actual\": \"6家\", \"weight\": \"10\"},"
    "  {\"_id\": \"r2\", \"level1\": \"成本指标\", \"level3\": \"经济成本指标\"},"
    "  {\"_id\": \"r3\", \"level1\": \"产出指标\", \"level2\": \"不是二级\", \"level3\": \"培训\","
    "   \"target\": \"≥3次\", \"actual\": \"3次\", \"weight\": \"5\"}]}}";

static int open_with(fx_doc *x, form *f)
{
    memset(x, 0, sizeof *x);
    x->f = f;
    char *err = NULL;
    x->d = draft_parse(DRAFT, strlen(DRAFT), "d.json", &err);
    if (!x->d)
        fail_msg("draft: %s", err);
    x->e = engine_new(x->f, x->d, &err);
    if (!x->e)
        fail_msg("engine: %s", err);
    return 0;
}

static void no_findings_about_the_missing_column(void **state)
{
    (void)state;
    fx_doc plain, var;
    open_with(&plain, fx_load_form("project"));
    char *err = NULL;
    form *f = load_variant("project", "\"hidden_columns\": [\"level2\"],", &err);
    assert_non_null(f);
    open_with(&var, f);
    /* with the column: the cost category alone on row 2 lacks a weight; row 3's 二级 is not
     * one of its options */
    assert_true(fx_has(&plain, "indicator.weight_missing", "indicators[2].score", NULL));
    assert_true(fx_has(&plain, "field.choice", "indicators[3].level2", NULL));
    /* without it: row 2 is the printed 二级 heading, a placeholder; nothing names 二级 */
    assert_false(fx_has(&var, "indicator.weight_missing", NULL, NULL));
    assert_false(fx_has(&var, "field.choice", NULL, NULL));
    inode *r2 = engine_find(var.e, "indicators.r2");
    assert_non_null(r2);
    assert_true(inode_row_is_placeholder(r2));
    /* scoring is the same */
    assert_string_equal(fx_show(&var, "indicators.r1.score"), fx_show(&plain, "indicators.r1.score"));
    assert_string_equal(fx_show(&var, "totals.total"), fx_show(&plain, "totals.total"));
    fx_close(&var);
    fx_close(&plain);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_hidden_column_is_folded_into_the_next),
        cmocka_unit_test(bad_hidden_columns_are_refused),
        cmocka_unit_test(no_findings_about_the_missing_column),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
