/* The report walk (core/report.h): tables, fields, indicator rows and findings of a checked
 * draft reach a writer once, in document order, with the typed state from the engine. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/report.h"
#include "engine_fixture.h"

/* A writer that keeps a log line per call. */
typedef struct {
    char log[4096][160];
    size_t n;
    size_t tables, fields, indicators, findings, drafts;
    int stop_after_fields;       /* >0: the field callback returns 7 after this many */
    size_t table_calls_in_draft;
    size_t expected_tables;
    bool begun, ended;
    const rep_table *cur;        /* table of the last table call (valid until end_table) */
    bool field_outside_table;
} rec;

static void logf_(rec *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void logf_(rec *r, const char *fmt, ...)
{
    if (r->n >= 4096)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->log[r->n++], sizeof r->log[0], fmt, ap);
    va_end(ap);
}

static int r_begin(void *c, const rep_draft *d)
{
    rec *r = c;
    r->begun = true;
    r->drafts++;
    r->expected_tables = d->ntables;
    logf_(r, "draft %s %s", d->file, d->form->id);
    return 0;
}

static int r_table(void *c, const rep_table *t)
{
    rec *r = c;
    r->tables++;
    r->cur = t;
    const char *total = t->figure[RF_TOTAL] ? inode_display(t->figure[RF_TOTAL]) : "-";
    logf_(r, "table %zu %s %s total=%s", t->index, t->path, t->form->id, total);
    return 0;
}

static int r_field(void *c, const rep_field *f)
{
    rec *r = c;
    r->fields++;
    if (!f->table)
        r->field_outside_table = true;
    if (f->state != FS_INPUT && f->state != FS_COMPUTED)
        logf_(r, "field %s %s %s rule=%s reason=%s", f->path, field_state_name(f->state),
              f->text, f->rule ? f->rule : "", f->reason ? f->reason : "");
    if (r->stop_after_fields && (int)r->fields >= r->stop_after_fields)
        return 7;
    return 0;
}

static int r_indicator(void *c, const rep_indicator *i)
{
    rec *r = c;
    r->indicators++;
    logf_(r, "ind %s #%zu %s|%s|%s target=%s actual=%s weight=%s score=%s", i->path, i->number,
          i->level1, i->level2, i->level3, i->target, i->actual, i->weight, i->score->display);
    return 0;
}

static int r_finding(void *c, const rep_finding *f)
{
    rec *r = c;
    r->findings++;
    logf_(r, "finding %s %s", f->f->code, f->f->path);
    return 0;
}

static int r_end_table(void *c, const rep_table *t)
{
    rec *r = c;
    (void)t;
    r->cur = NULL;
    return 0;
}

static int r_end(void *c, const rep_draft *d)
{
    rec *r = c;
    (void)d;
    r->ended = true;
    return 0;
}

static report_writer writer_of(rec *r)
{
    return (report_writer){.ctx = r, .begin_draft = r_begin, .table = r_table,
                           .field = r_field, .indicator = r_indicator, .finding = r_finding,
                           .end_table = r_end_table, .end_draft = r_end};
}

static bool logged(const rec *r, const char *prefix)
{
    for (size_t i = 0; i < r->n; i++)
        if (strncmp(r->log[i], prefix, strlen(prefix)) == 0)
            return true;
    return false;
}

/* Findings reach the writer in engine_findings' order: the same codes and paths. */
static void test_findings_in_document_order(void **state)
{
    (void)state;
    fx_doc x;
    assert_int_equal(fx_open(&x, "submission", "tests/fixtures/seed000.json"), 0);
    rec *r = calloc(1, sizeof *r);
    report_writer w = writer_of(r);
    assert_int_equal(report_walk(x.e, "seed000.json", NULL, &w), 0);
    finding_list all = {0};
    assert_int_equal(engine_findings(x.e, &all), 0);
    assert_true(all.len > 0);
    assert_int_equal(r->findings, all.len);
    size_t k = 0;
    for (size_t i = 0; i < r->n; i++) {
        if (strncmp(r->log[i], "finding ", 8) != 0)
            continue;
        char want[160];
        snprintf(want, sizeof want, "finding %s %s", all.items[k].code, all.items[k].path);
        assert_string_equal(r->log[i], want);
        k++;
    }
    findings_free(&all);
    assert_true(r->begun && r->ended);
    free(r);
    fx_close(&x);
}

/* A submission's tables are its parts, each a row of a repeated part too; the declared summary
 * figures are found in each; every field belongs to a table. */
static void test_tables_of_a_submission(void **state)
{
    (void)state;
    fx_doc x;
    assert_int_equal(fx_open(&x, "submission", "tests/fixtures/seed000.json"), 0);
    inode *projects = engine_find(x.e, "projects");
    assert_non_null(projects);
    inode *row = NULL;
    eng_change chg;
    char *err = NULL;
    assert_int_equal(engine_row_add(x.e, projects, 0, NULL, &row, &chg, &err), 0);
    fx_set(&x, "projects[1].header.name", "开放型经济发展引导资金");
    rec *r = calloc(1, sizeof *r);
    report_writer w = writer_of(r);
    assert_int_equal(report_walk(x.e, "s.json", "abc", &w), 0);
    assert_int_equal(r->tables, 4);
    assert_int_equal(r->expected_tables, 4);
    assert_string_equal(r->log[1], "table 0 report report total=-");
    assert_true(logged(r, "table 1 basic basic total=-"));
    char want[160];
    snprintf(want, sizeof want, "table 2 dept department total=%s",
             fx_show(&x, "dept.totals.total"));
    assert_true(logged(r, want));
    assert_true(logged(r, "table 3 projects[1] project total="));
    assert_false(r->field_outside_table);
    free(r);
    fx_close(&x);
}

/* The typed state comes from the engine: a typed figure that disagrees, an override without
 * and with a reason, and back to computed when the typed text is cleared. */
static void test_typed_states(void **state)
{
    (void)state;
    fx_doc x;
    assert_int_equal(fx_open(&x, "project", "tests/fixtures/seed001_project.json"), 0);
    inode *score = engine_find(x.e, "indicators[1].score");
    inode *total = engine_find(x.e, "totals.total");
    inode *name = engine_find(x.e, "header.name");
    assert_non_null(score);
    assert_non_null(total);
    assert_int_equal(inode_state(name), FS_INPUT);

    fx_set(&x, "totals.total", "1.23");
    assert_int_equal(inode_state(total), FS_TYPED_DISAGREES);
    fx_set(&x, "totals.total", "");
    assert_int_equal(inode_state(total), FS_COMPUTED);

    const char *rule = inode_rule_display(score);
    char typed[32];
    snprintf(typed, sizeof typed, "%s", strcmp(rule, "1.00") == 0 ? "2" : "1");
    fx_set(&x, "indicators[1].score", typed);
    assert_int_equal(inode_state(score), FS_OVERRIDE_NO_REASON);

    rec *r = calloc(1, sizeof *r);
    report_writer w = writer_of(r);
    assert_int_equal(report_walk(x.e, "p.json", NULL, &w), 0);
    char want[160];
    snprintf(want, sizeof want, "field indicators[1].score override_no_reason %s rule=%s reason=",
             typed, inode_rule_display(score));
    assert_true(logged(r, want));
    free(r);

    eng_change chg;
    char *err = NULL;
    assert_int_equal(engine_set_override_reason(x.e, score, "按文件口径", NULL, NULL, &chg, &err),
                     0);
    assert_int_equal(inode_state(score), FS_OVERRIDE);
    r = calloc(1, sizeof *r);
    w = writer_of(r);
    assert_int_equal(report_walk(x.e, "p.json", NULL, &w), 0);
    snprintf(want, sizeof want, "field indicators[1].score override %s", typed);
    assert_true(logged(r, want));
    assert_true(logged(r, "field indicators[1].score override"));
    bool reason_seen = false;
    for (size_t i = 0; i < r->n; i++)
        if (strstr(r->log[i], "indicators[1].score override") && strstr(r->log[i], "按文件口径"))
            reason_seen = true;
    assert_true(reason_seen);
    free(r);
    fx_close(&x);
}

/* Indicator rows by meaning: levels, target, actual, weight and the score that counts. */
static void test_indicator_rows(void **state)
{
    (void)state;
    fx_doc x;
    assert_int_equal(fx_open(&x, "project", "tests/fixtures/seed001_project.json"), 0);
    rec *r = calloc(1, sizeof *r);
    report_writer w = writer_of(r);
    assert_int_equal(report_walk(x.e, "p.json", NULL, &w), 0);
    inode *ind = engine_find(x.e, "indicators");
    assert_int_equal(r->indicators, inode_nkids(ind));
    char want[160];
    snprintf(want, sizeof want, "ind indicators[1] #1 %s|%s|%s target=%s actual=%s weight=%s score=%s",
             fx_show(&x, "indicators[1].level1"), fx_show(&x, "indicators[1].level2"),
             fx_show(&x, "indicators[1].level3"), fx_show(&x, "indicators[1].target"),
             fx_show(&x, "indicators[1].actual"), fx_show(&x, "indicators[1].weight"),
             fx_show(&x, "indicators[1].score"));
    assert_true(logged(r, want));
    /* the indicator call comes after the row's fields (its score's override line first) */
    fx_close(&x);
    free(r);
    assert_int_equal(fx_open(&x, "project", "tests/fixtures/seed001_project.json"), 0);
    fx_set(&x, "indicators[1].score", strcmp(fx_show(&x, "indicators[1].score"), "1.00") ? "1" : "2");
    r = calloc(1, sizeof *r);
    w = writer_of(r);
    assert_int_equal(report_walk(x.e, "p.json", NULL, &w), 0);
    size_t at_ind = 0, at_score = 0;
    for (size_t i = 0; i < r->n; i++) {
        if (!at_ind && strncmp(r->log[i], "ind indicators[1] ", 18) == 0)
            at_ind = i;
        if (!at_score && strncmp(r->log[i], "field indicators[1].score ", 26) == 0)
            at_score = i;
    }
    assert_true(at_score > 0);
    assert_true(at_ind > at_score);
    free(r);
    fx_close(&x);
}

/* What a writer leaves out (skip, wants_field) is not made, and nothing else changes: the
 * same findings and indicator rows, the indicator score's Chinese derivation still there. */
typedef struct {
    size_t fields, findings, findings_with_field, indicators, why_zh, why_en, field_why;
    char first_why[512];
} lean;

static int l_field(void *c, const rep_field *f)
{
    lean *l = c;
    l->fields++;
    if (f->why_zh || f->why_en)
        l->field_why++;
    return 0;
}

static int l_finding(void *c, const rep_finding *f)
{
    lean *l = c;
    l->findings++;
    if (f->field)
        l->findings_with_field++;
    return 0;
}

static int l_indicator(void *c, const rep_indicator *i)
{
    lean *l = c;
    l->indicators++;
    if (i->score->why_zh) {
        if (!l->why_zh++)
            snprintf(l->first_why, sizeof l->first_why, "%s", i->score->why_zh);
    }
    if (i->score->why_en)
        l->why_en++;
    return 0;
}

static bool only_computed(void *c, const inode *n)
{
    (void)c;
    return inode_is_computed(n);
}

static void test_writer_leaves_out(void **state)
{
    (void)state;
    fx_doc x;
    assert_int_equal(fx_open(&x, "project", "tests/fixtures/seed001_project.json"), 0);
    lean full = {0}, part = {0};
    report_writer w = {.ctx = &full, .field = l_field, .finding = l_finding,
                       .indicator = l_indicator};
    assert_int_equal(report_walk(x.e, "p.json", NULL, &w), 0);
    w.ctx = &part;
    w.skip = REP_SKIP_FIELD_WHY | REP_SKIP_WHY_EN;
    w.wants_field = only_computed;
    assert_int_equal(report_walk(x.e, "p.json", NULL, &w), 0);
    /* the whole walk: every field, derivations in both languages */
    assert_true(full.field_why > 0);
    assert_int_equal(full.why_en, full.indicators);
    /* the lean one: computed fields only, none with a derivation */
    assert_true(part.fields > 0 && part.fields < full.fields);
    assert_int_equal(part.field_why, 0);
    /* the same findings, each still with its field; the same rows and Chinese derivations */
    assert_int_equal(part.findings, full.findings);
    assert_int_equal(part.findings_with_field, full.findings_with_field);
    assert_int_equal(part.indicators, full.indicators);
    assert_int_equal(part.why_zh, full.why_zh);
    assert_int_equal(part.why_en, 0);
    assert_string_equal(part.first_why, full.first_why);
    fx_close(&x);
}

/* A callback's non-zero value stops the walk and comes back. */
static void test_writer_stops_walk(void **state)
{
    (void)state;
    fx_doc x;
    assert_int_equal(fx_open(&x, "project", "tests/fixtures/seed001_project.json"), 0);
    rec *r = calloc(1, sizeof *r);
    r->stop_after_fields = 3;
    report_writer w = writer_of(r);
    assert_int_equal(report_walk(x.e, "p.json", NULL, &w), 7);
    assert_int_equal(r->fields, 3);
    assert_false(r->ended);
    free(r);
    fx_close(&x);
}

/* In a submission each table's 复核 figures are its own: the department table's totals leave
 * out a project's re-checks (what the editor's status line shows for the focused table). */
static void test_recheck_totals_of_the_focused_table(void **state)
{
    (void)state;
    fx_doc x;
    assert_int_equal(fx_open(&x, "submission", "tests/fixtures/seed000.json"), 0);
    const inode *total = engine_find(x.e, "dept.totals.total");
    assert_non_null(total);
    const inode *dept = report_table_of(total);
    assert_non_null(dept);
    char *sp = inode_storage_path(dept);
    assert_string_equal(sp, "dept");
    free(sp);
    /* a field of a project row belongs to that row's table, not to the submission */
    inode *projects = engine_find(x.e, "projects");
    assert_non_null(projects);
    inode *row = NULL;
    eng_change chg;
    char *err = NULL;
    assert_int_equal(engine_row_add(x.e, projects, 0, NULL, &row, &chg, &err), 0);
    const inode *pname = engine_find(x.e, "projects[1].header.name");
    assert_non_null(pname);
    assert_ptr_equal(report_table_of(pname), row);
    /* the submission's root holds no table of its own */
    assert_null(report_table_of(engine_root(x.e)));
    fx_close(&x);
}

/* A form's "summary" must name fields outside tables; anything else refuses the form. */
/* 复核: each table hands its writers the totals of core/recheck.h. */
typedef struct {
    int tables, with;
    char total[DEC_STR_MAX], dev[DEC_STR_MAX];
    size_t rows;
} rc_seen;

static int rc_table(void *ctx, const rep_table *t)
{
    rc_seen *s = ctx;
    s->tables++;
    if (t->recheck) {
        s->with++;
        recheck_fmt(t->recheck->recheck_total, s->total);
        recheck_fmt(t->recheck->deviation, s->dev);
        s->rows = t->recheck->n;
    }
    return 0;
}

static void test_recheck_totals_per_table(void **state)
{
    (void)state;
    fx_doc x;
    assert_int_equal(fx_open(&x, "project", "tests/fixtures/seed001_project.json"), 0);
    rc_seen s = {0};
    report_writer w = {.ctx = &s, .table = rc_table};
    assert_int_equal(report_walk(x.e, "seed001.json", NULL, &w), 0);
    assert_int_equal(s.tables, 1);
    assert_int_equal(s.with, 0);            /* nothing re-checked: no figures */
    char *err = NULL;
    dec_t self = dec_from_int(10), max = dec_from_int(10);
    assert_int_equal(recheck_set(x.d, "indicators.r2.score", "10 家", "8", "无佐证", "王", NULL,
                                 &self, &max, &err), 0);
    assert_int_equal(recheck_set(x.d, "indicators.r5.score", NULL, "9.5", "口径", "王", NULL,
                                 &self, &max, &err), 0);
    memset(&s, 0, sizeof s);
    assert_int_equal(report_walk(x.e, "seed001.json", NULL, &w), 0);
    assert_int_equal(s.with, 1);
    assert_string_equal(s.total, "93.03");   /* 95.53 − 2 − 0.5 */
    assert_string_equal(s.dev, "-2.50");
    assert_int_equal(s.rows, 2);
    fx_close(&x);
}

static void test_summary_declaration_checked(void **state)
{
    (void)state;
    const char *good =
        "{\"format\": \"selfeval-form/1\", \"id\": \"t\", \"version\": \"1\","
        " \"title\": {\"zh\": \"表\", \"en\": \"t\"},"
        " \"sections\": [{\"id\": \"s\", \"title\": {\"zh\": \"节\", \"en\": \"s\"}, \"items\": ["
        "   {\"id\": \"name\", \"type\": \"text\", \"label\": {\"zh\": \"名称\", \"en\": \"name\"}}]}],"
        " \"summary\": {\"name\": \"s.name\"}}";
    char *err = NULL;
    form *f = form_load(good, strlen(good), "t.json", NULL, NULL, &err);
    assert_non_null(f);
    assert_non_null(f->summary[RF_NAME]);
    assert_string_equal(f->summary[RF_NAME]->id, "name");
    assert_null(f->summary[RF_TOTAL]);
    form_free(f);

    char bad[1024];
    snprintf(bad, sizeof bad, "%.*s\"summary\": {\"total\": \"s.nothing\"}}",
             (int)(strstr(good, "\"summary\"") - good), good);
    f = form_load(bad, strlen(bad), "t.json", NULL, NULL, &err);
    assert_null(f);
    assert_non_null(err);
    assert_non_null(strstr(err, "s.nothing"));
    assert_non_null(strstr(err, "t.json line 1"));
    free(err);
    err = NULL;
    snprintf(bad, sizeof bad, "%.*s\"summary\": {\"score\": \"s.name\"}}",
             (int)(strstr(good, "\"summary\"") - good), good);
    f = form_load(bad, strlen(bad), "t.json", NULL, NULL, &err);
    assert_null(f);
    assert_non_null(strstr(err, "unknown figure 'score'"));
    free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_findings_in_document_order),
        cmocka_unit_test(test_tables_of_a_submission),
        cmocka_unit_test(test_recheck_totals_of_the_focused_table),
        cmocka_unit_test(test_typed_states),
        cmocka_unit_test(test_indicator_rows),
        cmocka_unit_test(test_writer_stops_walk),
        cmocka_unit_test(test_writer_leaves_out),
        cmocka_unit_test(test_summary_declaration_checked),
        cmocka_unit_test(test_recheck_totals_per_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
