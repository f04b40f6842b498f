/* Queries on fields and the typed history digests (format 1.1): the state table (who may do
 * what from which state), strict loading with line and column, deterministic printing with
 * unknown keys kept, undo. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/query.h"
#include "core/review.h"

#define HEAD "{\"format\": \"selfeval-draft/1.1\", \"form\": {\"id\": \"p\", \"version\": \"1\"}, "

static draft *parse(const char *text)
{
    char *err = NULL;
    draft *d = draft_parse(text, strlen(text), "t.json", &err);
    if (!d)
        print_error("%s\n", err ? err : "?");
    free(err);
    assert_non_null(d);
    return d;
}

/* Refused with "t.json line 1, column C: what", C the column of the nth `marker` (ASCII). */
static void refused_at(const char *text, const char *marker, int nth, const char *what)
{
    const char *p = text - 1;
    for (int i = 0; i < nth; i++) {
        p = strstr(p + 1, marker);
        assert_non_null(p);
    }
    char want[1024];
    snprintf(want, sizeof want, "t.json line 1, column %d: %s", (int)(p - text) + 1, what);
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

static char *print(const draft *d)
{
    size_t len = 0;
    char *p = draft_print(d, &len);
    assert_non_null(p);
    assert_int_equal(len, strlen(p));
    return p;
}

static void test_state_table(void **state)
{
    (void)state;
    assert_string_equal(query_next_state(NULL, QA_OPEN), "open");
    assert_null(query_next_state("open", QA_OPEN));
    assert_string_equal(query_next_state("open", QA_ANSWER), "answered");
    assert_string_equal(query_next_state("answered", QA_ANSWER), "answered");
    assert_string_equal(query_next_state("open", QA_NOTE), "open");
    assert_string_equal(query_next_state("answered", QA_NOTE), "answered");
    assert_null(query_next_state("closed", QA_NOTE));
    assert_string_equal(query_next_state("answered", QA_CLOSE), "closed");
    assert_string_equal(query_next_state("open", QA_CLOSE), "closed");
    assert_null(query_next_state("closed", QA_CLOSE));
    assert_null(query_next_state("closed", QA_ANSWER));
    assert_string_equal(query_next_state("closed", QA_REOPEN), "open");
    assert_string_equal(query_next_state("answered", QA_REOPEN), "open");
    assert_null(query_next_state("open", QA_REOPEN));
    assert_null(query_next_state(NULL, QA_ANSWER));
    assert_int_equal(query_action_role(QA_ANSWER), QROLE_CLERK);
    for (int a = 0; a < QA__COUNT; a++) {
        query_action b;
        assert_int_equal(query_action_from_name(query_action_name((query_action)a), &b), 0);
        assert_int_equal(b, a);
        if (a != QA_ANSWER)
            assert_int_equal(query_action_role((query_action)a), QROLE_REVIEWER);
    }
    assert_int_equal(query_action_from_name("answered", &(query_action){0}), -1);
}

static void test_loop_and_roles(void **state)
{
    (void)state;
    draft *d = draft_new("p", "1");
    char *err = NULL, *id = NULL;
    /* the clerk may not open, the reviewer may not answer */
    assert_int_equal(query_check(d, NULL, QA_OPEN, QROLE_CLERK, "x", &err), -1);
    assert_non_null(strstr(err, "only the reviewer"));
    free(err);
    assert_int_equal(query_open(d, NULL, "indicators.r2.actual", "王", "t1", "", &id, &err), -1);
    assert_non_null(strstr(err, "without text"));
    free(err);
    assert_int_equal(d->n_queries, 0);
    assert_int_equal(query_open(d, NULL, "indicators.r2.actual", "王", "t1", "请说明依据", &id,
                                &err), 0);
    assert_string_equal(id, "q1");
    free(id);
    assert_int_equal(query_act(d, "q1", QA_ANSWER, QROLE_REVIEWER, "王", "t2", "x", &err), -1);
    assert_non_null(strstr(err, "only the clerk"));
    free(err);
    assert_int_equal(query_act(d, "q1", QA_REOPEN, QROLE_REVIEWER, "王", "t2", "x", &err), -1);
    assert_string_equal(err, "cannot reopen q1: it is open (allowed: answer, note, close)");
    free(err);
    assert_int_equal(query_act(d, "q9", QA_CLOSE, QROLE_REVIEWER, "王", "t2", "", &err), -1);
    assert_non_null(strstr(err, "no query q9"));
    free(err);
    assert_int_equal(query_act(d, "q1", QA_ANSWER, QROLE_CLERK, "贺", "t2", "已附统计表", &err),
                     0);
    assert_string_equal(d->queries[0].state, "answered");
    assert_int_equal(query_act(d, "q1", QA_CLOSE, QROLE_REVIEWER, "王", "t3", NULL, &err), 0);
    assert_string_equal(d->queries[0].state, "closed");
    assert_int_equal(query_act(d, "q1", QA_ANSWER, QROLE_CLERK, "贺", "t4", "y", &err), -1);
    assert_string_equal(err, "cannot answer q1: it is closed (allowed: reopen)");
    free(err);
    assert_int_equal(query_act(d, "q1", QA_REOPEN, QROLE_REVIEWER, "王", "t4", "再说明", &err),
                     0);
    assert_string_equal(d->queries[0].state, "open");
    assert_int_equal(d->queries[0].n_thread, 4);
    assert_string_equal(d->queries[0].thread[2].text, "");
    /* a second query: one more than the largest id in use */
    assert_int_equal(query_open(d, NULL, "", "王", "t5", "整体说明", &id, &err), 0);
    assert_string_equal(id, "q2");
    free(id);
    assert_int_equal(query_count(d, "open"), 2);
    assert_int_equal(query_count(d, NULL), 2);
    /* undo: the reopen goes, the state follows the thread; a lone open goes whole */
    assert_int_equal(query_undo(d, "q1"), 0);
    assert_string_equal(d->queries[0].state, "closed");
    assert_int_equal(d->queries[0].n_thread, 3);
    assert_int_equal(query_undo(d, "q2"), 0);
    assert_int_equal(d->n_queries, 1);
    assert_int_equal(query_undo(d, "q2"), -1);
    /* what was built prints as 1.1 and reads back to the same bytes */
    char *p = print(d);
    draft *again = parse(p);
    char *p2 = print(again);
    assert_string_equal(p, p2);
    assert_non_null(strstr(p, "\"format\": \"selfeval-draft/1.1\""));
    assert_string_equal(again->queries[0].thread[1].by, "贺");
    free(p);
    free(p2);
    draft_free(again);
    draft_free(d);
}

static const char FILE11[] =
    "{\n"
    "  \"format\": \"selfeval-draft/1.1\",\n"
    "  \"form\": {\n"
    "    \"id\": \"project\",\n"
    "    \"version\": \"1\"\n"
    "  },\n"
    "  \"meta\": {\n"
    "    \"status\": \"submitted\"\n"
    "  },\n"
    "  \"values\": {\n"
    "    \"indicators\": [\n"
    "      {\n"
    "        \"_id\": \"r2\",\n"
    "        \"score\": \"10\"\n"
    "      }\n"
    "    ]\n"
    "  },\n"
    "  \"overrides\": {},\n"
    "  \"comments\": [],\n"
    "  \"history\": [\n"
    "    {\n"
    "      \"status\": \"submitted\",\n"
    "      \"by\": \"贺家悦\",\n"
    "      \"at\": \"2026-04-28T17:00:00+08:00\",\n"
    "      \"note\": \"\",\n"
    "      \"sha256\": \"3260e25a00000000000000000000000000000000000000000000000000000000\",\n"
    "      \"resubmitted\": true,\n"
    "      \"fields\": {\n"
    "        \"indicators.r2.score\": \"9f3b0c61a2d4e5f7\"\n"
    "      },\n"
    "      \"tool\": \"x\"\n"
    "    }\n"
    "  ],\n"
    "  \"queries\": [\n"
    "    {\n"
    "      \"id\": \"q1\",\n"
    "      \"path\": \"indicators.r2.actual\",\n"
    "      \"state\": \"answered\",\n"
    "      \"thread\": [\n"
    "        {\n"
    "          \"action\": \"open\",\n"
    "          \"by\": \"市财政局 王\",\n"
    "          \"at\": \"2026-05-06T09:00:00+08:00\",\n"
    "          \"text\": \"请说明依据\",\n"
    "          \"seen\": false\n"
    "        },\n"
    "        {\n"
    "          \"action\": \"answer\",\n"
    "          \"text\": \"已附统计表\"\n"
    "        }\n"
    "      ],\n"
    "      \"priority\": 2\n"
    "    }\n"
    "  ],\n"
    "  \"recheck\": {\n"
    "    \"indicators.r2.score\": {\n"
    "      \"actual\": \"10 家\",\n"
    "      \"score\": \"8\",\n"
    "      \"reason\": \"完成值无佐证，扣2分\",\n"
    "      \"by\": \"市财政局 王\",\n"
    "      \"at\": \"2026-05-07T10:00:00+08:00\",\n"
    "      \"checked\": true\n"
    "    }\n"
    "  },\n"
    "  \"later\": [\n"
    "    1\n"
    "  ]\n"
    "}\n";

static void test_file_round_trip(void **state)
{
    (void)state;
    draft *d = parse(FILE11);
    assert_int_equal(d->n_queries, 1);
    assert_string_equal(d->queries[0].state, "answered");
    assert_int_equal(d->queries[0].n_thread, 2);
    assert_null(d->queries[0].thread[1].by);
    assert_int_equal(d->n_rechecks, 1);
    assert_string_equal(d->rechecks[0].score, "8");
    assert_string_equal(d->history[0].sha256,
                        "3260e25a00000000000000000000000000000000000000000000000000000000");
    assert_true(d->history[0].resubmitted);
    assert_non_null(cJSON_GetObjectItemCaseSensitive(d->history[0].fields,
                                                     "indicators.r2.score"));
    char *p = print(d);
    if (strcmp(p, FILE11) != 0)
        print_error("printed:\n%s\n", p);
    assert_string_equal(p, FILE11);
    free(p);
    draft_free(d);
}

static void test_one_zero_file_unchanged(void **state)
{
    (void)state;
    /* a 1.0 file stays 1.0 (no queries written) until a query is added */
    const char *t = "{\"format\": \"selfeval-draft/1.0\", \"form\": {\"id\": \"p\", "
                    "\"version\": \"1\"}}";
    draft *d = parse(t);
    char *p = print(d);
    assert_non_null(strstr(p, "selfeval-draft/1.0"));
    assert_null(strstr(p, "queries"));
    assert_null(strstr(p, "recheck"));
    free(p);
    char *err = NULL;
    assert_int_equal(query_open(d, NULL, "", "王", NULL, "?", NULL, &err), 0);
    p = print(d);
    assert_non_null(strstr(p, "selfeval-draft/1.1"));
    free(p);
    draft_free(d);
}

static void test_refusals(void **state)
{
    (void)state;
    refused_at(HEAD "\"queries\": {}}", "{}", 1, "expected an array for \"queries\"");
    refused_at(HEAD "\"queries\": [1]}", "1]", 1,
               "expected a query: an object with \"id\", \"path\", \"state\" and \"thread\"");
    refused_at(HEAD "\"queries\": [{\"path\": \"\", \"state\": \"open\"}]}", "{\"path", 1,
               "expected the key \"id\" (a query id like \"q1\")");
    refused_at(HEAD "\"queries\": [{\"id\": \"q1\", \"path\": \"\", \"state\": \"open\"}]}",
               "{\"id", 2, "expected the key \"thread\" (the query's messages, the first an "
               "\"open\")");
    refused_at(HEAD "\"queries\": [{\"id\": \"q1\", \"path\": \"\", \"state\": \"open\", "
               "\"thread\": []}]}", "[]", 1,
               "expected an array of messages for \"thread\", the first {\"action\": "
               "\"open\", …}");
    refused_at(HEAD "\"queries\": [{\"id\": \"q1\", \"path\": \"\", \"state\": \"open\", "
               "\"thread\": [{\"action\": \"ask\", \"text\": \"x\"}]}]}", "\"ask", 1,
               "expected an action: open, answer, note, close or reopen");
    refused_at(HEAD "\"queries\": [{\"id\": \"q1\", \"path\": \"\", \"state\": \"open\", "
               "\"thread\": [{\"action\": \"answer\", \"text\": \"x\"}]}]}", "\"answer", 1,
               "expected the thread to begin with an \"open\"");
    refused_at(HEAD "\"queries\": [{\"id\": \"q1\", \"path\": \"\", \"state\": \"closed\", "
               "\"thread\": [{\"action\": \"open\", \"text\": \"x\"}, {\"action\": \"close\", "
               "\"text\": \"\"}, {\"action\": \"answer\", \"text\": \"y\"}]}]}", "\"answer", 1,
               "expected \"reopen\" after the query is closed");
    refused_at(HEAD "\"queries\": [{\"id\": \"q1\", \"path\": \"\", \"state\": \"closed\", "
               "\"thread\": [{\"action\": \"open\", \"text\": \"x\"}]}]}", "\"closed", 1,
               "expected the state \"open\" (where the thread leads)");
    refused_at(HEAD "\"queries\": [{\"id\": \"q1\", \"path\": \"\", \"state\": \"shut\", "
               "\"thread\": [{\"action\": \"open\", \"text\": \"x\"}]}]}", "\"shut", 1,
               "expected a query state: open, answered or closed");
    refused_at(HEAD "\"queries\": [{\"id\": \"q1\", \"path\": \"\", \"state\": \"open\", "
               "\"thread\": [{\"action\": \"open\"}]}]}", "{\"action", 1,
               "expected the key \"text\" (the message; \"\" when none)");
    refused_at(HEAD "\"queries\": [{\"id\": \"q1\", \"path\": \"\", \"state\": \"open\", "
               "\"thread\": [{\"action\": \"open\", \"text\": \"x\"}]}, {\"id\": \"q1\", "
               "\"path\": \"\", \"state\": \"open\", \"thread\": [{\"action\": \"open\", "
               "\"text\": \"x\"}]}]}", "\"q1", 2,
               "expected each query id once, found \"q1\" again");
    refused_at(HEAD "\"recheck\": []}", "[]", 1,
               "expected an object for \"recheck\" (storage path of a score: {\"score\": …, "
               "\"reason\": …})");
    refused_at(HEAD "\"recheck\": {\"a.score\": {\"reason\": \"x\"}}}", "{\"reason", 1,
               "expected the key \"score\" (the re-checked score, e.g. \"8\")");
    refused_at(HEAD "\"recheck\": {\"a.score\": {\"score\": 8}}}", "8}", 1,
               "expected a string for \"score\" (the re-checked score, e.g. \"8\")");
    refused_at(HEAD "\"recheck\": {\"a.score\": {\"score\": \"八\"}}}", "\"八", 1,
               "expected a score as decimal text, 0 or more (e.g. \"8\" or \"7.5\")");
    refused_at(HEAD "\"recheck\": {\"a.score\": {\"score\": \"-1\"}}}", "\"-1", 1,
               "expected a score as decimal text, 0 or more (e.g. \"8\" or \"7.5\")");
    refused_at(HEAD "\"recheck\": {\"\": {\"score\": \"1\"}}}", "\"\"", 1,
               "expected the storage path of a score like \"indicators.r2.score\"");
    refused_at(HEAD "\"history\": [{\"status\": \"submitted\", \"sha256\": \"ABC\"}]}", "\"ABC",
               1, "expected 64 lowercase hex digits for \"sha256\" (the values' hash)");
    refused_at(HEAD "\"history\": [{\"status\": \"submitted\", \"sha256\": 1}]}", "1}", 1,
               "expected a string for \"sha256\"");
    refused_at(HEAD "\"history\": [{\"status\": \"submitted\", \"fields\": []}]}", "[]", 1,
               "expected an object for \"fields\" (storage path: 16 hex digits)");
    refused_at(HEAD "\"history\": [{\"status\": \"submitted\", \"fields\": {\"a\": 1}}]}",
               "1}", 1, "expected hex digits (the field's digest) for \"a\"");
    refused_at(HEAD "\"history\": [{\"status\": \"submitted\", \"resubmitted\": \"yes\"}]}",
               "\"yes", 1, "expected true or false for \"resubmitted\"");
}

static void test_newer_minor_is_lax(void **state)
{
    (void)state;
    /* a 1.2 file may know more actions and states: read, kept, printed back */
    const char *t = "{\"format\": \"selfeval-draft/1.2\", \"form\": {\"id\": \"p\", "
                    "\"version\": \"1\"}, \"queries\": [{\"id\": \"q1\", \"path\": \"\", "
                    "\"state\": \"escalated\", \"thread\": [{\"action\": \"escalate\", "
                    "\"text\": \"x\"}]}]}";
    draft *d = parse(t);
    assert_string_equal(d->queries[0].state, "escalated");
    char *p = print(d);
    draft *again = parse(p);
    char *p2 = print(again);
    assert_string_equal(p, p2);
    free(p);
    free(p2);
    draft_free(again);
    draft_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_state_table),
        cmocka_unit_test(test_loop_and_roles),
        cmocka_unit_test(test_file_round_trip),
        cmocka_unit_test(test_one_zero_file_unchanged),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_newer_minor_is_lax),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
