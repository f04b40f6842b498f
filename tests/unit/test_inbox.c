/* The reviewer's inbox (store/inbox.h): rows read from a folder (unreadable files included),
 * their figures as the engine computes them, sorting (stable over several keys, Chinese units by
 * their bytes, blanks last), filters, reading on a thread of its own (progress, stop), and bulk
 * approve / return (files with errors refused and left byte for byte); last year's drafts named
 * apart (inbox_set_last) and the folder's flags of a draft opened again (inbox_row_findings). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/redflag.h"
#include "store/batch.h"
#include "store/fileio.h"
#include "store/inbox.h"

static char dir[64];

static cJSON *load(const char *path)
{
    char *buf = NULL, *err = NULL;
    size_t len = 0;
    assert_int_equal(fio_read_all(path, 1 << 24, &buf, &len, &err), 0);
    cJSON *j = cJSON_ParseWithLength(buf, len);
    assert_non_null(j);
    free(buf);
    return j;
}

static void save(cJSON *j, const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    char *txt = cJSON_Print(j);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(txt, fp);
    fclose(fp);
    free(txt);
    cJSON_Delete(j);
}

/* The unit and year are set where the clerk types them (the cover of a submission, the header
 * of a project table: the fields the forms bind to meta) and in meta, as a save writes them. */
static void set_meta(cJSON *j, const char *key, const char *v)
{
    cJSON *meta = cJSON_GetObjectItemCaseSensitive(j, "meta");
    cJSON_ReplaceItemInObjectCaseSensitive(meta, key, cJSON_CreateString(v));
    bool unit = strcmp(key, "unit") == 0;
    if (!unit && strcmp(key, "year") != 0)
        return;
    cJSON *values = cJSON_GetObjectItemCaseSensitive(j, "values");
    cJSON *report = cJSON_GetObjectItemCaseSensitive(values, "report");
    cJSON *at = report ? cJSON_GetObjectItemCaseSensitive(report, "cover")
                       : cJSON_GetObjectItemCaseSensitive(values, "header");
    const char *field = report ? key : unit ? "department" : "year";
    assert_non_null(at);
    cJSON_DeleteItemFromObjectCaseSensitive(at, field);
    if (*v)
        cJSON_AddStringToObject(at, field, v);
}

/* A query in the draft format's shape (REVIEW-FORMAT: id, path, state, thread). */
static void add_query(cJSON *j, const char *id, const char *state)
{
    cJSON *f = cJSON_GetObjectItemCaseSensitive(j, "format");
    cJSON_SetValuestring(f, "selfeval-draft/1.1");
    cJSON *qs = cJSON_GetObjectItemCaseSensitive(j, "queries");
    if (!qs)
        qs = cJSON_AddArrayToObject(j, "queries");
    cJSON *q = cJSON_CreateObject();
    cJSON_AddStringToObject(q, "id", id);
    cJSON_AddStringToObject(q, "path", "funds.executed");
    cJSON_AddStringToObject(q, "state", state);
    cJSON *th = cJSON_AddArrayToObject(q, "thread");
    cJSON *m = cJSON_CreateObject();
    cJSON_AddStringToObject(m, "action", "open");
    cJSON_AddStringToObject(m, "by", "市财政局 王");
    cJSON_AddStringToObject(m, "at", "2026-05-06T09:00:00+08:00");
    cJSON_AddStringToObject(m, "text", "请说明依据");
    cJSON_AddItemToArray(th, m);
    if (strcmp(state, "closed") == 0) {   /* the thread leads to the state (core/query.h) */
        m = cJSON_CreateObject();
        cJSON_AddStringToObject(m, "action", "close");
        cJSON_AddStringToObject(m, "by", "市财政局 王");
        cJSON_AddStringToObject(m, "at", "2026-05-07T09:00:00+08:00");
        cJSON_AddStringToObject(m, "text", "");
        cJSON_AddItemToArray(th, m);
    }
    cJSON_AddItemToArray(qs, q);
}

/* a project draft with one error: the typed execution rate disagrees with the computed one */
static void add_error(cJSON *j)
{
    cJSON *funds = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "values"),
                                                    "funds");
    cJSON_ReplaceItemInObjectCaseSensitive(funds, "rate", cJSON_CreateString("99%"));
}

/* The folder:
 *   a.json  北京 submitted, no error            d.json  (unit blank) draft
 *   b.json  安徽 submitted, one error, 1 open q  e.json  not JSON at all
 *   c.json  长沙 approved, 2 queries (1 open)    f/g.json the submission example, 长沙 draft */
static int setup(void **state)
{
    (void)state;
    strcpy(dir, "/tmp/selfeval-inbox-XXXXXX");
    assert_non_null(mkdtemp(dir));
    const char *proj = "tests/fixtures/seed001_project.json";
    cJSON *j = load(proj);
    set_meta(j, "unit", "北京");
    set_meta(j, "status", "submitted");
    save(j, "a.json");
    j = load(proj);
    set_meta(j, "unit", "安徽 Unit");
    set_meta(j, "status", "submitted");
    add_error(j);
    add_query(j, "q1", "open");
    save(j, "b.json");
    j = load(proj);
    set_meta(j, "unit", "长沙");
    set_meta(j, "status", "approved");
    add_query(j, "q1", "closed");
    add_query(j, "q2", "open");
    save(j, "c.json");
    j = load(proj);
    set_meta(j, "unit", "");
    save(j, "d.json");
    char path[256];
    snprintf(path, sizeof path, "%s/e.json", dir);
    FILE *fp = fopen(path, "w");
    fputs("{ not a draft", fp);
    fclose(fp);
    snprintf(path, sizeof path, "%s/f", dir);
    mkdir(path, 0700);
    j = load("forms/examples/submission.json");
    set_meta(j, "unit", "长沙");
    save(j, "f/g.json");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd);
}

static inbox *read_dir(int jobs)
{
    inbox *ib = inbox_new();
    assert_non_null(ib);
    const char *args[] = {dir};
    char *err = NULL;
    assert_int_equal(inbox_read(ib, args, 1, jobs, NULL, NULL, &err), 0);
    assert_null(err);
    assert_int_equal(inbox_refresh(ib), 6);
    return ib;
}

static const inbox_row *row_named(const inbox *ib, const char *name)
{
    for (size_t i = 0; i < inbox_count(ib); i++) {
        const char *f = inbox_get(ib, i)->file;
        size_t l = strlen(f), n = strlen(name);
        if (l >= n && strcmp(f + l - n, name) == 0)
            return inbox_get(ib, i);
    }
    fail_msg("no row %s", name);
    return NULL;
}

/* The row says what the engine says of the same file. */
static void same_as_engine(const inbox_row *r)
{
    form_cache *fc = form_cache_new();
    batch_item it;
    batch_open(fc, r->file, NULL, &it);
    assert_non_null(it.e);
    assert_int_equal(r->errors, engine_count(it.e, SEV_ERROR));
    assert_int_equal(r->warnings, engine_count(it.e, SEV_WARNING));
    const draft *d = engine_draft(it.e);
    assert_string_equal(r->unit, d->unit ? d->unit : "");
    assert_string_equal(r->year, d->year);
    assert_string_equal(r->form, d->form_id);
    assert_string_equal(r->modified, d->modified);
    batch_item_clear(&it);
    form_cache_free(fc);
}

static void test_rows(void **state)
{
    (void)state;
    inbox *ib = read_dir(2);
    const inbox_row *a = row_named(ib, "/a.json"), *b = row_named(ib, "/b.json");
    const inbox_row *c = row_named(ib, "/c.json"), *e = row_named(ib, "/e.json");
    const inbox_row *g = row_named(ib, "/f/g.json");
    same_as_engine(a);
    same_as_engine(b);
    same_as_engine(g);
    assert_string_equal(a->status, "submitted");
    assert_string_equal(c->status, "approved");
    assert_int_equal(a->errors, 0);
    assert_true(b->errors > 0);
    /* the paper's totals: 95.53 for the project table, the department's 95.40 for a submission */
    assert_string_equal(a->total, "95.53");
    assert_string_equal(a->grade, "优");
    assert_string_equal(g->total, "95.40");
    assert_string_equal(g->form, "submission");
    assert_int_equal(a->queries, 0);
    assert_int_equal(b->queries, 1);
    assert_int_equal(c->queries, 1);     /* the closed one does not count */
    assert_non_null(e->error);
    assert_non_null(strstr(e->error, "e.json"));
    assert_null(a->error);
    assert_int_equal(inbox_read_count(ib), 6);
    inbox_free(ib);
}

static void order(const inbox *ib, const char *const *names, size_t n)
{
    assert_int_equal(inbox_count(ib), n);
    for (size_t i = 0; i < n; i++) {
        const char *f = inbox_get(ib, i)->file;
        const char *want = names[i];
        size_t l = strlen(f), w = strlen(want);
        if (l < w || strcmp(f + l - w, want) != 0)
            fail_msg("row %zu is %s, expected %s", i, f, want);
    }
}

static void test_sort(void **state)
{
    (void)state;
    inbox *ib = read_dir(1);
    /* by path, as walked */
    const char *by_file[] = {"/a.json", "/b.json", "/c.json", "/d.json", "/e.json", "/f/g.json"};
    order(ib, by_file, 6);
    /* units by their UTF-8 bytes: 北 U+5317 < 安 U+5B89 < 长 U+957F; blank and unreadable last;
     * the two 长沙 rows by path */
    inbox_sort(ib, IB_UNIT, false);
    inbox_refresh(ib);
    const char *by_unit[] = {"/a.json", "/b.json", "/c.json", "/f/g.json", "/d.json",
                             "/e.json"};
    order(ib, by_unit, 6);
    inbox_sort(ib, IB_UNIT, true);
    inbox_refresh(ib);
    const char *by_unit_down[] = {"/c.json", "/f/g.json", "/b.json", "/a.json", "/d.json",
                                  "/e.json"};
    order(ib, by_unit_down, 6);
    /* then by status: each status's rows keep the unit order (downwards) */
    inbox_sort(ib, IB_STATUS, false);
    inbox_refresh(ib);
    const char *by_status[] = {"/f/g.json", "/d.json", "/b.json", "/a.json", "/c.json",
                               "/e.json"};
    order(ib, by_status, 6);
    bool desc = true;
    assert_int_equal(inbox_sort_col(ib, &desc), IB_STATUS);
    assert_false(desc);
    /* errors: an unreadable file counts as the most */
    inbox_sort(ib, IB_ERRORS, true);
    inbox_refresh(ib);
    assert_string_equal(inbox_get(ib, 0)->file + strlen(dir), "/e.json");
    /* total as a number: 95.40 below 95.53 */
    inbox_sort(ib, IB_TOTAL, false);
    inbox_refresh(ib);
    assert_string_equal(inbox_get(ib, 0)->total, "95.40");
    assert_non_null(inbox_get(ib, 5)->error);   /* no total: last */
    inbox_free(ib);
}

static void test_filter(void **state)
{
    (void)state;
    inbox *ib = read_dir(2);
    inbox_filter f = {.status = "submitted"};
    assert_int_equal(inbox_set_filter(ib, &f), 0);
    const char *sub[] = {"/a.json", "/b.json"};
    inbox_refresh(ib);
    order(ib, sub, 2);
    f = (inbox_filter){.errors = true};
    inbox_set_filter(ib, &f);
    inbox_refresh(ib);
    const char *errs[] = {"/b.json", "/e.json", "/f/g.json"};
    order(ib, errs, 3);
    f = (inbox_filter){.open_queries = true};
    inbox_set_filter(ib, &f);
    inbox_refresh(ib);
    const char *qs[] = {"/b.json", "/c.json"};
    order(ib, qs, 2);
    f = (inbox_filter){.unit = "长"};
    inbox_set_filter(ib, &f);
    inbox_refresh(ib);
    const char *cs[] = {"/c.json", "/f/g.json"};
    order(ib, cs, 2);
    /* ASCII letters in any case, and the filter's texts are copied */
    char needle[] = "unIT";
    f = (inbox_filter){.unit = needle, .status = "submitted", .errors = true};
    inbox_set_filter(ib, &f);
    strcpy(needle, "zzzz");
    inbox_refresh(ib);
    const char *u[] = {"/b.json"};
    order(ib, u, 1);
    assert_string_equal(inbox_get_filter(ib)->unit, "unIT");
    /* where a row went */
    const inbox_row *r = inbox_get(ib, 0);
    f = (inbox_filter){0};
    inbox_set_filter(ib, &f);
    inbox_refresh(ib);
    assert_int_equal(inbox_find(ib, r), 1);
    inbox_free(ib);
}

typedef struct {
    size_t calls, last_done, last_total;
} prog;

static int on_prog(void *ctx, size_t done, size_t total)
{
    prog *p = ctx;
    p->calls++;
    assert_true(done >= p->last_done);
    p->last_done = done;
    p->last_total = total;
    return 0;
}

static void test_progress_and_thread(void **state)
{
    (void)state;
    inbox *ib = inbox_new();
    const char *args[] = {dir};
    char *err = NULL;
    prog p = {0};
    assert_int_equal(inbox_read(ib, args, 1, 3, on_prog, &p, &err), 0);
    assert_int_equal(p.last_done, 6);
    assert_int_equal(p.last_total, 6);
    assert_int_equal(p.calls, 7);   /* once the folder is walked, then once per row */
    inbox_free(ib);

    ib = inbox_new();
    assert_int_equal(inbox_start(ib, args, 1, 2, &err), 0);
    size_t done = 0, total = 0;
    while (!inbox_poll(ib, &done, &total, &err))
        usleep(1000);
    assert_null(err);
    assert_int_equal(done, 6);
    assert_int_equal(total, 6);
    assert_int_equal(inbox_refresh(ib), 6);
    const char *by_file[] = {"/a.json", "/b.json", "/c.json", "/d.json", "/e.json", "/f/g.json"};
    order(ib, by_file, 6);
    inbox_free(ib);

    /* stopped at once: what was read stays, nothing leaks */
    ib = inbox_new();
    assert_int_equal(inbox_start(ib, args, 1, 2, &err), 0);
    inbox_stop(ib);
    assert_true(inbox_poll(ib, &done, &total, &err));
    assert_true(inbox_refresh(ib) <= 6);
    inbox_free(ib);
}

static char *slurp(const char *name)
{
    char path[256], *buf = NULL, *err = NULL;
    size_t len = 0;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    assert_int_equal(fio_read_all(path, 1 << 24, &buf, &len, &err), 0);
    return buf;
}

typedef struct {
    size_t n;
    size_t done, errors, other;
} heard;

static void on_bulk(void *ctx, const inbox_row *r, review_result res, const char *msg)
{
    heard *h = ctx;
    h->n++;
    if (res == REVIEW_DONE) {
        h->done++;
    } else {
        assert_non_null(msg);
        assert_non_null(strstr(msg, r->file));   /* the message names the file */
        if (res == REVIEW_HAS_ERRORS)
            h->errors++;
        else
            h->other++;
    }
}

static void test_bulk_approve(void **state)
{
    (void)state;
    inbox *ib = read_dir(2);
    inbox_filter f = {.status = "submitted"};
    inbox_set_filter(ib, &f);
    assert_int_equal(inbox_refresh(ib), 2);
    char *before_b = slurp("b.json");
    heard h = {0};
    size_t done = 0, refused = 0;
    assert_int_equal(inbox_bulk(ib, REVIEW_APPROVE, "市财政局 王", NULL, on_bulk, &h, &done,
                                &refused), 0);
    assert_int_equal(done, 1);
    assert_int_equal(refused, 1);
    assert_int_equal(h.n, 2);
    assert_int_equal(h.errors, 1);
    /* the file with an error is left byte for byte; the other is approved, its row read again */
    char *after_b = slurp("b.json");
    assert_string_equal(before_b, after_b);
    free(before_b);
    free(after_b);
    char *a = slurp("a.json");
    assert_non_null(strstr(a, "\"approved\""));
    free(a);
    assert_string_equal(row_named(ib, "/a.json")->status, "approved");
    inbox_refresh(ib);
    assert_int_equal(inbox_count(ib), 1);   /* a left the filter */

    /* returning: the file with errors goes back to its clerk; a reason is required */
    h = (heard){0};
    assert_int_equal(inbox_bulk(ib, REVIEW_RETURN, "王", NULL, on_bulk, &h, &done, &refused), 0);
    assert_int_equal(done, 0);
    assert_int_equal(h.other, 1);
    assert_int_equal(inbox_bulk(ib, REVIEW_RETURN, "王", "请修正执行率", on_bulk, &h, &done,
                                &refused), 0);
    assert_int_equal(done, 1);
    assert_string_equal(row_named(ib, "/b.json")->status, "returned");

    /* a row read again after its file changed (reviewed in the editor) */
    f = (inbox_filter){0};
    inbox_set_filter(ib, &f);
    inbox_refresh(ib);
    const inbox_row *c = row_named(ib, "/c.json");
    cJSON *j = load(c->file);
    set_meta(j, "status", "rechecked");
    save(j, "c.json");
    assert_string_equal(c->status, "approved");
    assert_int_equal(inbox_reload(ib, c), 0);
    assert_string_equal(c->status, "rechecked");
    inbox_free(ib);
}

static void test_columns(void **state)
{
    (void)state;
    for (int c = 0; c < IB__COUNT; c++)
        assert_int_equal(inbox_col_parse(inbox_col_name(c)), c);
    assert_int_equal(inbox_col_parse("nonesuch"), -1);
    assert_null(inbox_col_name(IB__COUNT));
}

/* The folder flags of a row's draft opened again: those its column counts beside its own. */
static size_t folder_found(inbox *ib, const inbox_row *r, bool *below)
{
    form_cache *fc = form_cache_new();
    batch_item it;
    batch_open(fc, r->file, NULL, &it);
    assert_non_null(it.e);
    finding_list l = {0};
    assert_int_equal(inbox_row_findings(ib, r->file, it.e, &l), 0);
    assert_int_equal(r->flags, redflag_count(it.e) + l.len);
    *below = false;
    for (size_t i = 0; i < l.len; i++)
        *below = *below || strcmp(l.items[i].code, "review.target_below_last_actual") == 0;
    size_t n = l.len;
    findings_free(&l);
    batch_item_clear(&it);
    form_cache_free(fc);
    return n;
}

static void test_last_year(void **state)
{
    (void)state;
    /* last year's draft of a.json's unit, outside the folder */
    char last[96], none[96];
    snprintf(last, sizeof last, "%s-last.json", dir);
    snprintf(none, sizeof none, "%s-none.json", dir);
    cJSON *j = load("tests/fixtures/seed001_project.json");
    set_meta(j, "unit", "北京");
    set_meta(j, "year", "2024");
    char *txt = cJSON_Print(j);
    FILE *fp = fopen(last, "w");
    assert_non_null(fp);
    fputs(txt, fp);
    fclose(fp);
    free(txt);
    cJSON_Delete(j);

    /* one that cannot be read is refused at once, naming it; the inbox stays usable */
    inbox *ib = inbox_new();
    char *err = NULL;
    const char *bad[] = {last, none};
    assert_int_equal(inbox_set_last(ib, bad, 2, &err), -1);
    assert_non_null(err);
    assert_non_null(strstr(err, none));
    free(err);
    const char *args[] = {dir};
    assert_int_equal(inbox_read(ib, args, 1, 2, NULL, NULL, &err), 0);
    assert_int_equal(inbox_refresh(ib), 6);
    bool below;
    const inbox_row *a = row_named(ib, "/a.json");
    unsigned without = a->flags;
    folder_found(ib, a, &below);
    assert_false(below);
    inbox_free(ib);

    /* named: a.json's targets below last year's actuals count, last year's draft is no row */
    ib = inbox_new();
    assert_int_equal(inbox_set_last(ib, bad, 1, &err), 0);
    assert_null(err);
    assert_int_equal(inbox_read(ib, args, 1, 2, NULL, NULL, &err), 0);
    assert_int_equal(inbox_refresh(ib), 6);
    a = row_named(ib, "/a.json");
    assert_true(a->flags > without);
    assert_true(folder_found(ib, a, &below) > 0);
    assert_true(below);
    /* another unit's draft is not compared with it */
    folder_found(ib, row_named(ib, "/c.json"), &below);
    assert_false(below);
    inbox_free(ib);
    unlink(last);
}

/* A row read again after its draft's text changed (a copied text rewritten while the inbox
 * was open): its flags column counts the folder flags the draft has now, those the submission
 * opened lists, not those counted when the folder was read. */
static void test_reload_folder_flags(void **state)
{
    (void)state;
    inbox *ib = read_dir(2);
    const inbox_row *c = row_named(ib, "/c.json");
    bool below;
    size_t before = folder_found(ib, c, &below);
    assert_true(before > 0);   /* a, b, c, d filed the same texts */
    unsigned flags = c->flags;
    cJSON *j = load(c->file);
    cJSON *goals = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "values"),
                                                    "goals");
    assert_non_null(goals);
    cJSON_ReplaceItemInObjectCaseSensitive(goals, "achieved",
                                           cJSON_CreateString("完全不同的文字内容，只此一家。"));
    save(j, "c.json");
    assert_int_equal(inbox_reload(ib, c), 0);
    size_t after = folder_found(ib, c, &below);   /* the column agrees with the draft opened */
    assert_int_equal(after, before - 1);
    assert_int_equal(c->flags, flags - 1);
    inbox_free(ib);
}

/* A recovery's "Keep both" copy beside a submission is no row of its own (it is the same
 * unit's draft again): the walk leaves it out and the inbox names it apart. */
static void test_recovered_copy_left_out(void **state)
{
    (void)state;
    char from[128], to[160];
    snprintf(from, sizeof from, "%s/a.json", dir);
    snprintf(to, sizeof to, "%s/a.recovered-20261207-175258.json", dir);
    save(load(from), "a.recovered-20261207-175258.json");
    inbox *ib = read_dir(2);   /* the same 6 rows */
    char *const *names = NULL;
    assert_int_equal(inbox_recovered(ib, &names), 1);
    assert_string_equal(names[0], to);
    for (size_t i = 0; i < inbox_count(ib); i++)
        assert_null(strstr(inbox_get(ib, i)->file, ".recovered-"));
    inbox_free(ib);
}

int main(void)
{
    setenv("SELFEVAL_FORMS", "forms", 1);
    setenv("SELFEVAL_USER", "tester", 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_columns),
        cmocka_unit_test_setup_teardown(test_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sort, setup, teardown),
        cmocka_unit_test_setup_teardown(test_filter, setup, teardown),
        cmocka_unit_test_setup_teardown(test_progress_and_thread, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bulk_approve, setup, teardown),
        cmocka_unit_test_setup_teardown(test_last_year, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reload_folder_flags, setup, teardown),
        cmocka_unit_test_setup_teardown(test_recovered_copy_left_out, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
