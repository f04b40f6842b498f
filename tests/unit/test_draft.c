/* Drafts: every refusal with its line and column, round trips byte for byte, unknown keys
 * kept, overrides / comments / history, and no crash on any truncation or corruption. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/draft.h"

/* The canonical text of a draft, written by hand the way the printer must write it. */
static const char CANON[] =
    "{\n"
    "  \"format\": \"selfeval-draft/1.0\",\n"
    "  \"form\": {\n"
    "    \"id\": \"project\",\n"
    "    \"version\": \"2025.1\"\n"
    "  },\n"
    "  \"meta\": {\n"
    "    \"unit\": \"益阳市商务局\",\n"
    "    \"year\": \"2025\",\n"
    "    \"status\": \"draft\",\n"
    "    \"created\": \"2026-04-27T09:30:00+08:00\",\n"
    "    \"modified\": \"2026-04-27T11:02:41+08:00\",\n"
    "    \"author\": \"贺家悦\"\n"
    "  },\n"
    "  \"values\": {\n"
    "    \"header\": {\n"
    "      \"name\": \"开放型经济发展与三产业发展引导资金\"\n"
    "    },\n"
    "    \"funds\": {\n"
    "      \"budget_annual\": \"99999999999999.99\",\n"
    "      \"executed\": \"547.6879\",\n"
    "      \"rate\": \"0.000001\",\n"
    "      \"note\": \"第一行\\n\\\"引号\\\" \\\\ 反斜杠\\t制表\"\n"
    "    },\n"
    "    \"indicators\": [\n"
    "      {\n"
    "        \"_id\": \"r1\",\n"
    "        \"level1\": \"产出指标\",\n"
    "        \"score\": \"10\"\n"
    "      },\n"
    "      {\n"
    "        \"_id\": \"r3\",\n"
    "        \"level1\": \"效益指标\",\n"
    "        \"score\": \"\"\n"
    "      }\n"
    "    ],\n"
    "    \"empty_table\": [],\n"
    "    \"empty_group\": {}\n"
    "  },\n"
    "  \"overrides\": {\n"
    "    \"indicators.r3.score\": {\n"
    "      \"reason\": \"按实际完成情况酌情扣分\",\n"
    "      \"by\": \"贺家悦\",\n"
    "      \"at\": \"2026-04-27T10:15:00+08:00\"\n"
    "    }\n"
    "  },\n"
    "  \"comments\": [\n"
    "    {\n"
    "      \"id\": \"c1\",\n"
    "      \"path\": \"funds.executed\",\n"
    "      \"author\": \"市财政局 王\",\n"
    "      \"at\": \"2026-05-06T09:00:00+08:00\",\n"
    "      \"text\": \"请附支出明细\",\n"
    "      \"resolved\": false\n"
    "    },\n"
    "    {\n"
    "      \"id\": \"c2\",\n"
    "      \"path\": \"\",\n"
    "      \"text\": \"整体\",\n"
    "      \"resolved\": true\n"
    "    }\n"
    "  ],\n"
    "  \"history\": [\n"
    "    {\n"
    "      \"status\": \"submitted\",\n"
    "      \"by\": \"贺家悦\",\n"
    "      \"at\": \"2026-04-28T17:00:00+08:00\",\n"
    "      \"note\": \"\"\n"
    "    }\n"
    "  ]\n"
    "}\n";

/* A newer minor version with unknown keys everywhere they may be. */
static const char NEWER_MINOR[] =
    "{\n"
    "  \"format\": \"selfeval-draft/1.3\",\n"
    "  \"form\": {\n"
    "    \"id\": \"project\",\n"
    "    \"version\": \"2025.1\",\n"
    "    \"variant\": \"county\"\n"
    "  },\n"
    "  \"meta\": {\n"
    "    \"status\": \"archived\",\n"
    "    \"reviewer\": \"李\",\n"
    "    \"tags\": [\n"
    "      \"a\",\n"
    "      1.50,\n"
    "      true,\n"
    "      null\n"
    "    ]\n"
    "  },\n"
    "  \"values\": {},\n"
    "  \"overrides\": {\n"
    "    \"x.y\": {\n"
    "      \"reason\": \"r\",\n"
    "      \"evidence\": {\n"
    "        \"file\": \"a.pdf\"\n"
    "      }\n"
    "    }\n"
    "  },\n"
    "  \"comments\": [\n"
    "    {\n"
    "      \"id\": \"c1\",\n"
    "      \"path\": \"x\",\n"
    "      \"text\": \"t\",\n"
    "      \"resolved\": false,\n"
    "      \"thread\": []\n"
    "    }\n"
    "  ],\n"
    "  \"history\": [\n"
    "    {\n"
    "      \"status\": \"archived\",\n"
    "      \"signature\": \"abc\"\n"
    "    }\n"
    "  ],\n"
    "  \"attachments\": [\n"
    "    {\n"
    "      \"name\": \"支出明细.xlsx\",\n"
    "      \"size\": 123456789012345678901234567890\n"
    "    }\n"
    "  ],\n"
    "  \"zzz\": 1e-7\n"
    "}\n";

/* ---- helpers ---- */

/* Line and column of a byte offset, computed here independently of the code under test. */
static void oracle_line_col(const char *t, size_t off, int *line, int *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < off; i++) {
        if (t[i] == '\n') {
            (*line)++;
            *col = 1;
        } else if (((unsigned char)t[i] & 0xC0) != 0x80) {
            (*col)++;
        }
    }
}

/* The draft `text` must be refused at the `nth` (1-based) occurrence of `marker` with exactly
 * "t.json line L, column C: what". */
static void refused_at(const char *text, const char *marker, int nth, const char *what)
{
    const char *p = text - 1;
    for (int i = 0; i < nth; i++) {
        p = strstr(p + 1, marker);
        assert_non_null(p);
    }
    int line, col;
    oracle_line_col(text, (size_t)(p - text), &line, &col);
    char want[1024];
    snprintf(want, sizeof want, "t.json line %d, column %d: %s", line, col, what);
    char *err = NULL;
    draft *d = draft_parse(text, strlen(text), "t.json", &err);
    if (d || !err || strcmp(err, want) != 0) {
        print_error("text: %s\n got: %s\nwant: %s\n", text, err ? err : "(accepted)", want);
        draft_free(d);
        free(err);
        fail();
    }
    free(err);
}

static void refused_whole(const char *text, const char *want)
{
    char *err = NULL;
    draft *d = draft_parse(text, strlen(text), "t.json", &err);
    if (d || !err || strcmp(err, want) != 0) {
        print_error("text: %s\n got: %s\nwant: %s\n", text, err ? err : "(accepted)", want);
        draft_free(d);
        free(err);
        fail();
    }
    free(err);
}

static draft *parse_ok(const char *text, size_t len)
{
    char *err = NULL;
    draft *d = draft_parse(text, len, "t.json", &err);
    if (!d) {
        print_error("refused: %s\n", err ? err : "(no message)");
        free(err);
        fail();
    }
    assert_null(err);
    return d;
}

static const char *value_at(const draft *d, const char *group, const char *key)
{
    const cJSON *g = cJSON_GetObjectItemCaseSensitive(d->values, group);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(g, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static bool streq(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Structural equality of two cJSON trees (ours, trusted: not cJSON_Compare). */
static bool json_eq(const cJSON *a, const cJSON *b)
{
    if (!a || !b)
        return !a && !b;
    if ((a->type & 0xFF) != (b->type & 0xFF) || !streq(a->string, b->string))
        return false;
    if (cJSON_IsString(a) || cJSON_IsNumber(a))
        if (!streq(a->valuestring, b->valuestring))
            return false;
    const cJSON *x = a->child, *y = b->child;
    for (; x && y; x = x->next, y = y->next)
        if (!json_eq(x, y))
            return false;
    return !x && !y;
}

static bool json_eq_or_empty(const cJSON *a, const cJSON *b)
{
    if ((!a || !a->child) && (!b || !b->child))
        return true;
    return json_eq(a, b);
}

static bool draft_eq(const draft *a, const draft *b)
{
    if (a->format_major != b->format_major || a->format_minor != b->format_minor ||
        !streq(a->form_id, b->form_id) || !streq(a->form_version, b->form_version) ||
        !streq(a->unit, b->unit) || !streq(a->year, b->year) || !streq(a->status, b->status) ||
        !streq(a->created, b->created) || !streq(a->modified, b->modified) ||
        !streq(a->author, b->author) || !json_eq(a->values, b->values) ||
        !json_eq_or_empty(a->unknown, b->unknown) ||
        !json_eq_or_empty(a->meta_unknown, b->meta_unknown) ||
        !json_eq_or_empty(a->form_unknown, b->form_unknown) ||
        a->n_overrides != b->n_overrides || a->n_comments != b->n_comments ||
        a->n_history != b->n_history)
        return false;
    for (size_t i = 0; i < a->n_overrides; i++) {
        const draft_override *x = &a->overrides[i], *y = &b->overrides[i];
        if (!streq(x->path, y->path) || !streq(x->reason, y->reason) || !streq(x->by, y->by) ||
            !streq(x->at, y->at) || !json_eq_or_empty(x->unknown, y->unknown))
            return false;
    }
    for (size_t i = 0; i < a->n_comments; i++) {
        const draft_comment *x = &a->comments[i], *y = &b->comments[i];
        if (!streq(x->id, y->id) || !streq(x->path, y->path) || !streq(x->author, y->author) ||
            !streq(x->at, y->at) || !streq(x->text, y->text) || x->resolved != y->resolved ||
            !json_eq_or_empty(x->unknown, y->unknown))
            return false;
    }
    for (size_t i = 0; i < a->n_history; i++) {
        const draft_event *x = &a->history[i], *y = &b->history[i];
        if (!streq(x->status, y->status) || !streq(x->by, y->by) || !streq(x->at, y->at) ||
            !streq(x->note, y->note) || !json_eq_or_empty(x->unknown, y->unknown))
            return false;
    }
    return true;
}

static void assert_prints_as(const draft *d, const char *want)
{
    size_t len = 0;
    char *p = draft_print(d, &len);
    assert_non_null(p);
    assert_int_equal(len, strlen(p));
    if (strcmp(p, want) != 0) {
        print_error("printed:\n%s\nwanted:\n%s\n", p, want);
        free(p);
        fail();
    }
    free(p);
}

/* print, parse, print again: the same draft and the same bytes. */
static void assert_print_idempotent(const draft *d)
{
    size_t l1, l2;
    char *p1 = draft_print(d, &l1);
    assert_non_null(p1);
    draft *d2 = parse_ok(p1, l1);
    assert_true(draft_eq(d, d2));
    char *p2 = draft_print(d2, &l2);
    assert_non_null(p2);
    assert_int_equal(l1, l2);
    assert_memory_equal(p1, p2, l1);
    free(p1);
    free(p2);
    draft_free(d2);
}

#define HEAD "{\"format\": \"selfeval-draft/1.0\", \"form\": {\"id\": \"p\", \"version\": \"1\"}, "

/* ---- tests ---- */

static void test_canonical_round_trip(void **state)
{
    (void)state;
    draft *d = parse_ok(CANON, strlen(CANON));
    assert_int_equal(d->format_major, 1);
    assert_int_equal(d->format_minor, 0);
    assert_string_equal(d->form_id, "project");
    assert_string_equal(d->form_version, "2025.1");
    assert_string_equal(d->unit, "益阳市商务局");
    assert_string_equal(d->author, "贺家悦");
    assert_string_equal(value_at(d, "funds", "budget_annual"), "99999999999999.99");
    assert_string_equal(value_at(d, "funds", "executed"), "547.6879");
    assert_string_equal(value_at(d, "funds", "rate"), "0.000001");
    assert_string_equal(value_at(d, "funds", "note"), "第一行\n\"引号\" \\ 反斜杠\t制表");
    const cJSON *rows = cJSON_GetObjectItemCaseSensitive(d->values, "indicators");
    assert_int_equal(cJSON_GetArraySize(rows), 2);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(rows, 1), "_id")
                        ->valuestring, "r3");
    assert_int_equal(d->n_overrides, 1);
    assert_string_equal(d->overrides[0].path, "indicators.r3.score");
    assert_string_equal(d->overrides[0].reason, "按实际完成情况酌情扣分");
    assert_int_equal(d->n_comments, 2);
    assert_false(d->comments[0].resolved);
    assert_true(d->comments[1].resolved);
    assert_string_equal(d->comments[1].path, "");
    assert_null(d->comments[1].author);
    assert_int_equal(d->n_history, 1);
    assert_string_equal(d->history[0].status, "submitted");
    assert_string_equal(d->history[0].note, "");
    assert_prints_as(d, CANON);
    assert_print_idempotent(d);
    draft_free(d);
}

static void test_newer_minor_keeps_unknown_keys(void **state)
{
    (void)state;
    draft *d = parse_ok(NEWER_MINOR, strlen(NEWER_MINOR));
    assert_int_equal(d->format_minor, 3);
    assert_string_equal(d->status, "archived");          /* not refused: a newer minor */
    assert_non_null(cJSON_GetObjectItemCaseSensitive(d->form_unknown, "variant"));
    assert_string_equal(d->meta_unknown->child->string, "reviewer");
    assert_string_equal(d->meta_unknown->child->next->string, "tags");
    assert_string_equal(d->unknown->child->string, "attachments");
    assert_string_equal(d->unknown->child->next->string, "zzz");
    assert_non_null(cJSON_GetObjectItemCaseSensitive(d->overrides[0].unknown, "evidence"));
    assert_non_null(cJSON_GetObjectItemCaseSensitive(d->comments[0].unknown, "thread"));
    assert_non_null(cJSON_GetObjectItemCaseSensitive(d->history[0].unknown, "signature"));
    assert_prints_as(d, NEWER_MINOR);                    /* numbers too, byte for byte */
    assert_print_idempotent(d);
    draft_free(d);
}

static void test_unknown_keys_move_after_known_ones(void **state)
{
    (void)state;
    const char *in =
        "{\"x-first\": \"1\", \"meta\": {\"k\": \"v\", \"unit\": \"U\"}, \"format\": "
        "\"selfeval-draft/1.0\", \"history\": [], \"form\": {\"version\": \"2\", \"id\": \"f\"},"
        " \"a-last\": {\"b\": []}}";
    const char *want =
        "{\n"
        "  \"format\": \"selfeval-draft/1.0\",\n"
        "  \"form\": {\n"
        "    \"id\": \"f\",\n"
        "    \"version\": \"2\"\n"
        "  },\n"
        "  \"meta\": {\n"
        "    \"unit\": \"U\",\n"
        "    \"k\": \"v\"\n"
        "  },\n"
        "  \"values\": {},\n"
        "  \"overrides\": {},\n"
        "  \"comments\": [],\n"
        "  \"history\": [],\n"
        "  \"x-first\": \"1\",\n"
        "  \"a-last\": {\n"
        "    \"b\": []\n"
        "  }\n"
        "}\n";
    draft *d = parse_ok(in, strlen(in));
    assert_prints_as(d, want);
    draft_free(d);
}

static void test_refuses_non_string_values(void **state)
{
    (void)state;
    const char *what = "expected a string (amounts are stored as text)";
    refused_at(HEAD "\"values\": {\"funds\": {\"executed\": 547.6879}}}", "547.6879", 1, what);
    refused_at(HEAD "\"values\": {\"funds\": {\"big\": 99999999999999.99}}}", "9999", 1, what);
    refused_at(HEAD "\"values\": {\"a\": {\"b\": true}}}", "true", 1, what);
    refused_at(HEAD "\"values\": {\"a\": {\"b\": null}}}", "null", 1, what);
    refused_at(HEAD "\"values\": {\"a\": 0}}", "0}", 1, what);
    refused_at(HEAD "\"values\": {\"t\": [{\"_id\": \"r1\", \"x\": 5}]}}", "5}", 1, what);
    refused_at(HEAD "\"values\": {\"p\": [{\"_id\": \"p1\", \"t\": [{\"_id\": \"r1\",\n"
               "  \"score\": 9.5}]}]}}", "9.5", 1, what);
    /* the column counts characters, not bytes */
    refused_at(HEAD "\"values\": {\"基本\": {\"年度\": 2025}}}", "2025", 1, what);
}

static void test_refuses_bad_rows(void **state)
{
    (void)state;
    refused_at(HEAD "\"values\": {\"t\": [\"r1\"]}}", "\"r1\"", 1,
               "expected a row: an object with a string \"_id\"");
    refused_at(HEAD "\"values\": {\"t\": [{\"_id\": \"r1\"}, [] ]}}", "[] ", 1,
               "expected a row: an object with a string \"_id\"");
    refused_at(HEAD "\"values\": {\"t\": [{\"_id\": \"r1\"}, {\"x\": \"1\"}]}}", "{\"x\"", 1,
               "expected the key \"_id\" in this row (a row id like \"r1\")");
    refused_at(HEAD "\"values\": {\"t\": [{\"_ID\": \"r1\"}]}}", "{\"_ID\"", 1,
               "expected the key \"_id\" in this row (a row id like \"r1\")");
    refused_at(HEAD "\"values\": {\"t\": [{\"_id\": 1}]}}", "1}", 1,
               "expected a string row id like \"r1\"");
    refused_at(HEAD "\"values\": {\"t\": [{\"_id\": \"\"}]}}", "\"\"}", 1,
               "expected a row id like \"r1\" (not empty, no '.')");
    refused_at(HEAD "\"values\": {\"t\": [{\"_id\": \"r.1\"}]}}", "\"r.1\"", 1,
               "expected a row id like \"r1\" (not empty, no '.')");
    refused_at(HEAD "\"values\": {\"t\": [{\"_id\": \"r1\"}, {\"_id\": \"r2\"}, "
               "{\"_id\": \"r1\"}, {\"_id\": \"r2\"}]}}", "\"r1\"", 2,
               "expected each row id once in a table, found \"r1\" again");
    refused_at(HEAD "\"values\": {\"p\": [{\"_id\": \"p1\", \"t\": [{\"_id\": \"r7\"}, "
               "{\"_id\": \"r7\"}]}]}}", "\"r7\"", 2,
               "expected each row id once in a table, found \"r7\" again");
    /* the same id in two tables is fine */
    const char *ok = HEAD "\"values\": {\"a\": [{\"_id\": \"r1\"}], \"b\": [{\"_id\": \"r1\"}]}}";
    draft_free(parse_ok(ok, strlen(ok)));
    refused_at(HEAD "\"values\": {\"a.b\": \"1\"}}", "\"a.b\"", 1,
               "expected a name without '.' (storage paths join names with '.')");
    refused_at(HEAD "\"values\": {\"g\": {\"\": \"1\"}}}", "\"\":", 1, "expected a non-empty name");
}

static void test_refuses_bad_format_and_form(void **state)
{
    (void)state;
    refused_whole("{\"format\": \"selfeval-draft/2.0\", \"values\": {\"x\": 5}}",
                  "t.json: format selfeval-draft/2.0 is newer than this selfeval reads (1.x)");
    refused_whole("{\"format\": \"selfeval-draft/0.9\"}",
                  "t.json: format selfeval-draft/0.9 is older than any this selfeval reads (1.x)");
    refused_at("{\"form\": {\"id\": \"p\", \"version\": \"1\"}}", "{", 1,
               "expected the key \"format\" (\"selfeval-draft/1.1\"): is this a selfeval draft?");
    refused_at("{\"Format\": \"selfeval-draft/1.0\"}", "{", 1,
               "expected the key \"format\" (\"selfeval-draft/1.1\"): is this a selfeval draft?");
    const char *bad_format = "expected \"selfeval-draft/MAJOR.MINOR\" (e.g. \"selfeval-draft/1.1\")";
    refused_at("{\"format\": \"selfeval-draft/1\"}", "\"selfeval-draft/1\"", 1, bad_format);
    refused_at("{\"format\": \"selfeval-draft/01.0\"}", "\"self", 1, bad_format);
    refused_at("{\"format\": \"selfeval-draft/1.0 \"}", "\"self", 1, bad_format);
    refused_at("{\"format\": 1.0}", "1.0", 1, bad_format);
    refused_at("{\"format\": \"selfeval-draft/1.0\"}", "{", 1,
               "expected the key \"form\" ({\"id\": …, \"version\": …})");
    refused_at("{\"format\": \"selfeval-draft/1.0\", \"form\": \"project\"}", "\"project\"", 1,
               "expected an object {\"id\": …, \"version\": …}");
    refused_at("{\"format\": \"selfeval-draft/1.0\", \"form\": {\"version\": \"1\"}}",
               "{\"version", 1, "expected the key \"id\" (the form's id, e.g. \"project\")");
    refused_at("{\"format\": \"selfeval-draft/1.0\", \"form\": {\"id\": \"p\"}}", "{\"id", 1,
               "expected the key \"version\" (the form's version, e.g. \"2025.1\")");
    refused_at("{\"format\": \"selfeval-draft/1.0\", \"form\": {\"id\": \"p\", \"version\": 2025}}",
               "2025", 1, "expected a string for \"version\" (the form's version, e.g. \"2025.1\")");
    refused_at("{\"format\": \"selfeval-draft/1.0\", \"form\": {\"id\": \"\", \"version\": \"1\"}}",
               "\"\"", 1, "expected a non-empty \"id\" (the form's id, e.g. \"project\")");
    refused_at("[]", "[", 1, "expected an object { … }: a selfeval draft");
    refused_at("  \"draft\"", "\"", 1, "expected an object { … }: a selfeval draft");
}

static void test_refuses_bad_meta_overrides_comments_history(void **state)
{
    (void)state;
    refused_at(HEAD "\"meta\": []}", "[]", 1, "expected an object for \"meta\"");
    refused_at(HEAD "\"meta\": {\"year\": 2025}}", "2025", 1, "expected a string for \"year\"");
    refused_at(HEAD "\"meta\": {\"status\": \"done\"}}", "\"done\"", 1,
               "expected a status: draft, submitted, returned, approved or rechecked");
    refused_at(HEAD "\"values\": []}", "[]", 1, "expected an object for \"values\"");
    refused_at(HEAD "\"overrides\": []}", "[]", 1,
               "expected an object for \"overrides\" (storage path: {\"reason\": …})");
    refused_at(HEAD "\"overrides\": {\"a.b\": \"why\"}}", "\"why\"", 1,
               "expected an object {\"reason\": …, \"by\": …, \"at\": …}");
    refused_at(HEAD "\"overrides\": {\"a.b\": {\"by\": \"x\"}}}", "{\"by\"", 1,
               "expected the key \"reason\" (why the typed figure replaces the computed one)");
    refused_at(HEAD "\"overrides\": {\"a.b\": {\"reason\": \"\"}}}", "\"\"}", 1,
               "expected a non-empty \"reason\" (why the typed figure replaces the computed one)");
    refused_at(HEAD "\"overrides\": {\"\": {\"reason\": \"x\"}}}", "\"\":", 1,
               "expected a storage path like \"indicators.r2.score\"");
    refused_at(HEAD "\"comments\": {}}", "{}", 1, "expected an array for \"comments\"");
    refused_at(HEAD "\"comments\": [1]}", "1]", 1,
               "expected a comment: an object with \"id\", \"path\" and \"text\"");
    refused_at(HEAD "\"comments\": [{\"id\": \"c1\", \"path\": \"a\", \"text\": \"t\", "
               "\"resolved\": \"yes\"}]}", "\"yes\"", 1,
               "expected true or false for \"resolved\"");
    refused_at(HEAD "\"comments\": [{\"id\": \"c1\", \"text\": \"t\"}]}", "{\"id\": \"c1\"", 1,
               "expected the key \"path\" (the storage path commented on; \"\" for the whole "
               "draft)");
    refused_at(HEAD "\"comments\": [{\"id\": \"c1\", \"path\": \"\", \"text\": \"t\"}, "
               "{\"id\": \"c1\", \"path\": \"\", \"text\": \"u\"}]}", "\"c1\"", 2,
               "expected each comment id once, found \"c1\" again");
    refused_at(HEAD "\"history\": {}}", "{}", 1, "expected an array for \"history\"");
    refused_at(HEAD "\"history\": [{\"by\": \"x\"}]}", "{\"by\"", 1,
               "expected the key \"status\"");
    refused_at(HEAD "\"history\": [{\"status\": \"lost\"}]}", "\"lost\"", 1,
               "expected a status: draft, submitted, returned, approved or rechecked");
}

static void test_refuses_syntax_with_positions(void **state)
{
    (void)state;
    refused_at("{\"format\": \"selfeval-draft/1.0\", \"form\": {\"id\": \"项目\", \"version\": "
               "\"1\"} \"meta\": {}}", "\"meta\"", 1,
               "expected ',' or '}' after a member, found '\"'");
    refused_at(HEAD "\"meta\": {\"unit\": \"a\",\n  \"unit\": \"b\"}}", "\"unit\"", 2,
               "expected each key once in an object, found \"unit\" again");
    refused_at(HEAD "\"values\": {\"x\": \"a\xC0\xAF\"}}", "\xC0", 1,
               "expected UTF-8 text, found an overlong encoding (lead byte 0xC0) (save the file "
               "as UTF-8)");
    refused_at(HEAD "\"values\": {\"x\": \"\\u0000\"}}", "\\u0000", 1,
               "expected no \\u0000 (NUL characters are not allowed in text)");
    refused_at(HEAD "\"values\": {\"x\": \"1\"}} trailing", "trailing", 1,
               "expected nothing after the JSON value, found 't'");
    /* the root is level 1, the first "g" ("values" itself) level 2, the 31st "g" level 32:
     * the "x" object inside it is the 33rd */
    char t[1024];
    size_t n = (size_t)snprintf(t, sizeof t, HEAD "\"values\": ");
    for (int i = 0; i < 31; i++)
        n += (size_t)snprintf(t + n, sizeof t - n, "{\"g\": ");
    n += (size_t)snprintf(t + n, sizeof t - n, "{\"x\": \"1\"}");
    for (int i = 0; i < 32; i++)
        t[n++] = '}';
    t[n] = '\0';
    refused_at(t, "{\"x\"", 1, "expected at most 32 levels of nested objects and arrays");
    /* 32 levels are fine */
    n = (size_t)snprintf(t, sizeof t, HEAD "\"values\": ");
    for (int i = 0; i < 30; i++)
        n += (size_t)snprintf(t + n, sizeof t - n, "{\"g\": ");
    n += (size_t)snprintf(t + n, sizeof t - n, "{\"x\": \"1\"}");
    for (int i = 0; i < 31; i++)
        t[n++] = '}';
    t[n] = '\0';
    draft_free(parse_ok(t, n));
}

static void test_refuses_too_large(void **state)
{
    (void)state;
    size_t n = DRAFT_MAX_BYTES + 1;
    char *big = malloc(n);
    assert_non_null(big);
    memset(big, ' ', n);
    memcpy(big, "{}", 2);
    char *err = NULL;
    assert_null(draft_parse(big, n, "t.json", &err));
    assert_string_equal(err, "t.json: too large: 67108865 bytes, over the limit of 64 MB");
    free(err);
    free(big);
}

static void test_print_escapes_minimally(void **state)
{
    (void)state;
    draft *d = draft_new("f", "1");
    assert_non_null(d);
    cJSON *g = cJSON_AddObjectToObject(d->values, "g");
    cJSON_AddStringToObject(g, "s", "a\"b\\c/\n\t\r\b\f\x01\x1f\x7f\xC2\x85\xC2\xA0中😀");
    cJSON_AddStringToObject(g, "bad", "a\xFF" "b\xED\xA0\x80" "c\xE4\xB8");
    const char *want =
        "{\n"
        "  \"format\": \"selfeval-draft/1.1\",\n"
        "  \"form\": {\n"
        "    \"id\": \"f\",\n"
        "    \"version\": \"1\"\n"
        "  },\n"
        "  \"meta\": {\n"
        "    \"status\": \"draft\"\n"
        "  },\n"
        "  \"values\": {\n"
        "    \"g\": {\n"
        "      \"s\": \"a\\\"b\\\\c/\\n\\t\\r\\b\\f\\u0001\\u001f\\u007f\\u0085\xC2\xA0中😀\",\n"
        "      \"bad\": \"a\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" "c\xEF\xBF\xBD"
        "\xEF\xBF\xBD\"\n"
        "    }\n"
        "  },\n"
        "  \"overrides\": {},\n"
        "  \"comments\": [],\n"
        "  \"history\": []\n"
        "}\n";
    assert_prints_as(d, want);
    /* and what was printed reads back as the same text (the bad bytes as U+FFFD) */
    draft *d2 = parse_ok(want, strlen(want));
    assert_string_equal(value_at(d2, "g", "s"),
                        "a\"b\\c/\n\t\r\b\f\x01\x1f\x7f\xC2\x85\xC2\xA0中😀");
    assert_prints_as(d2, want);
    draft_free(d2);
    draft_free(d);
}

/* A draft built in memory: parse(print(d)) == d. */
static void test_built_draft_round_trip(void **state)
{
    (void)state;
    draft *d = draft_new("project", "2025.1");
    assert_non_null(d);
    assert_string_equal(d->status, "draft");
    d->unit = strdup("益阳市商务局");
    d->year = strdup("2025");
    d->author = strdup("贺家悦");
    cJSON *funds = cJSON_AddObjectToObject(d->values, "funds");
    cJSON_AddStringToObject(funds, "budget_annual", "99999999999999.99");
    cJSON_AddStringToObject(funds, "tiny", "0.000001");
    cJSON_AddStringToObject(funds, "executed", "547.6879");
    cJSON_AddStringToObject(funds, "empty", "");
    cJSON *rows = cJSON_AddArrayToObject(d->values, "indicators");
    for (int i = 1; i <= 3; i++) {
        cJSON *r = cJSON_CreateObject();
        char *id = draft_new_row_id(rows, "r");
        cJSON_AddStringToObject(r, "_id", id);
        free(id);
        cJSON_AddStringToObject(r, "score", i == 2 ? "9.5" : "10");
        cJSON_AddItemToArray(rows, r);
    }
    assert_int_equal(draft_override_set(d, "indicators.r2.score", "理由", "贺家悦",
                                        "2026-04-27T10:15:00+08:00"), 0);
    d->comments = calloc(2, sizeof *d->comments);
    d->n_comments = 2;
    d->comments[0] = (draft_comment){strdup("c1"), strdup("funds.executed"), strdup("王"),
                                     strdup("2026-05-06T09:00:00+08:00"), strdup("请附明细"),
                                     true, NULL};
    d->comments[1] = (draft_comment){strdup("c2"), strdup(""), NULL, NULL, strdup("x"), false,
                                     NULL};
    d->history = calloc(1, sizeof *d->history);
    d->n_history = 1;
    d->history[0] = (draft_event){.status = strdup("submitted"), .by = strdup("贺家悦"),
                                  .note = strdup("备注")};
    cJSON_AddStringToObject(d->unknown, "tool", "x");
    cJSON_AddTrueToObject(d->meta_unknown, "flag");
    cJSON_AddNullToObject(d->meta_unknown, "nothing");
    assert_print_idempotent(d);
    draft_free(d);
}

static void test_overrides_get_set(void **state)
{
    (void)state;
    draft *d = draft_new("f", "1");
    assert_non_null(d);
    assert_null(draft_override_get(d, "a"));
    assert_int_equal(draft_override_set(d, "a", "why", "me", "now"), 0);
    assert_int_equal(draft_override_set(d, "b", "because", NULL, NULL), 0);
    const draft_override *o = draft_override_get(d, "a");
    assert_non_null(o);
    assert_string_equal(o->reason, "why");
    assert_string_equal(o->by, "me");
    assert_string_equal(o->at, "now");
    assert_int_equal(d->n_overrides, 2);
    /* replacing keeps one entry and its place */
    assert_int_equal(draft_override_set(d, "a", "new reason", NULL, "later"), 0);
    assert_int_equal(d->n_overrides, 2);
    assert_string_equal(d->overrides[0].path, "a");
    assert_string_equal(d->overrides[0].reason, "new reason");
    assert_null(d->overrides[0].by);
    assert_string_equal(d->overrides[0].at, "later");
    /* removing with "" and with NULL; removing what is not there is fine */
    assert_int_equal(draft_override_set(d, "a", "", NULL, NULL), 0);
    assert_null(draft_override_get(d, "a"));
    assert_int_equal(d->n_overrides, 1);
    assert_string_equal(draft_override_get(d, "b")->reason, "because");
    assert_int_equal(draft_override_set(d, "zzz", NULL, NULL, NULL), 0);
    assert_int_equal(draft_override_set(d, "b", NULL, NULL, NULL), 0);
    assert_int_equal(d->n_overrides, 0);
    assert_null(draft_override_get(d, "b"));
    assert_int_equal(draft_override_set(d, "c.r1.score", "r", "by", NULL), 0);
    assert_print_idempotent(d);
    draft_free(d);
}

static cJSON *rows_with(const char *const *ids, size_t n)
{
    cJSON *rows = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++) {
        cJSON *r = cJSON_CreateObject();
        if (ids[i])
            cJSON_AddStringToObject(r, "_id", ids[i]);
        else
            cJSON_AddNumberToObject(r, "_id", 99);
        cJSON_AddItemToArray(rows, r);
    }
    return rows;
}

static void expect_new_id(const char *const *ids, size_t n, const char *prefix, const char *want)
{
    cJSON *rows = rows_with(ids, n);
    char *id = draft_new_row_id(rows, prefix);
    assert_non_null(id);
    assert_string_equal(id, want);
    free(id);
    cJSON_Delete(rows);
}

static void test_new_row_id(void **state)
{
    (void)state;
    char *id = draft_new_row_id(NULL, "r");
    assert_string_equal(id, "r1");
    free(id);
    id = draft_new_row_id(NULL, NULL);
    assert_string_equal(id, "r1");
    free(id);
    const char *a[] = {"r1", "r5", "r3"};
    expect_new_id(a, 3, "r", "r6");
    expect_new_id(a, 3, "p", "p1");
    const char *b[] = {"p2", "r9", "r012", "rx", "r", NULL};
    expect_new_id(b, 6, "p", "p3");
    expect_new_id(b, 6, "r", "r10");
    /* the largest possible number: the first free one instead of wrapping around */
    const char *c[] = {"r18446744073709551606", "r1", "r2"};
    expect_new_id(c, 3, "r", "r3");
    const char *c2[] = {"r18446744073709551616", "r4"};   /* over 2^64: not a number of ours */
    expect_new_id(c2, 2, "r", "r5");
    const char *e[] = {"r99999999999999999999999"};   /* too long to be a number of ours */
    expect_new_id(e, 1, "r", "r1");
}

/* Truncating a valid draft anywhere before its last '}' must be refused, never crash. */
static void test_truncation_at_every_offset(void **state)
{
    (void)state;
    const char *texts[] = {CANON, NEWER_MINOR};
    for (size_t t = 0; t < 2; t++) {
        size_t len = strlen(texts[t]);
        size_t last = (size_t)(strrchr(texts[t], '}') - texts[t]);
        for (size_t n = 0; n < len; n++) {
            /* a private copy of exactly n bytes, so ASan sees any read past the end */
            char *buf = malloc(n ? n : 1);
            memcpy(buf, texts[t], n);
            char *err = NULL;
            draft *d = draft_parse(buf, n, "t.json", &err);
            if (n <= last) {
                if (d || !err || strncmp(err, "t.json line ", 12) != 0) {
                    print_error("truncated at %zu: %s\n", n, err ? err : "accepted");
                    fail();
                }
            } else {
                assert_non_null(d);
            }
            draft_free(d);
            free(err);
            free(buf);
        }
    }
}

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;
static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* Random corruption (replaced, inserted and deleted bytes): refused with a message, or read
 * as a draft that prints, reads and prints again to the same bytes. */
static void test_random_corruption(void **state)
{
    (void)state;
    static const unsigned char interesting[] = {'"', '\\', '{', '}', '[', ']', ',', ':', '0',
                                                '.', 'u', 0x00, 0x01, 0x7F, 0x80, 0xBF, 0xC0,
                                                0xE4, 0xED, 0xF4, 0xFF, ' ', '\n'};
    size_t base = strlen(CANON);
    size_t parsed = 0, refused = 0;
    for (int iter = 0; iter < 4000; iter++) {
        char *buf = malloc(base + 8);
        memcpy(buf, CANON, base);
        size_t n = base;
        int edits = 1 + (int)(rnd() % 3);
        for (int k = 0; k < edits; k++) {
            size_t pos = (size_t)(rnd() % n);
            unsigned char byte = rnd() % 2 ? interesting[rnd() % sizeof interesting]
                                           : (unsigned char)rnd();
            switch (rnd() % 3) {
            case 0:
                buf[pos] = (char)byte;
                break;
            case 1:
                memmove(buf + pos + 1, buf + pos, n - pos);
                buf[pos] = (char)byte;
                n++;
                break;
            default:
                memmove(buf + pos, buf + pos + 1, n - pos - 1);
                n--;
                break;
            }
        }
        char *err = NULL;
        draft *d = draft_parse(buf, n, "t.json", &err);
        if (d) {
            parsed++;
            assert_null(err);
            assert_print_idempotent(d);
            draft_free(d);
        } else {
            refused++;
            assert_non_null(err);
            assert_int_equal(strncmp(err, "t.json", 6), 0);
            free(err);
        }
        free(buf);
    }
    /* the test means something only if both outcomes happened */
    assert_true(parsed > 100);
    assert_true(refused > 100);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_canonical_round_trip),
        cmocka_unit_test(test_newer_minor_keeps_unknown_keys),
        cmocka_unit_test(test_unknown_keys_move_after_known_ones),
        cmocka_unit_test(test_refuses_non_string_values),
        cmocka_unit_test(test_refuses_bad_rows),
        cmocka_unit_test(test_refuses_bad_format_and_form),
        cmocka_unit_test(test_refuses_bad_meta_overrides_comments_history),
        cmocka_unit_test(test_refuses_syntax_with_positions),
        cmocka_unit_test(test_refuses_too_large),
        cmocka_unit_test(test_print_escapes_minimally),
        cmocka_unit_test(test_built_draft_round_trip),
        cmocka_unit_test(test_overrides_get_set),
        cmocka_unit_test(test_new_row_id),
        cmocka_unit_test(test_truncation_at_every_offset),
        cmocka_unit_test(test_random_corruption),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
