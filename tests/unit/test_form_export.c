/* Export blocks of forms: the bundled ones load; broken ones are refused with the line and
 * what is wrong. Sheet names Excel accepts; the decimal-to-double conversion; SHA-256. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/form_export.h"
#include "core/sha256.h"
#include "engine_fixture.h"
#include "export/xtable.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void bundled_forms_have_layouts(void **state)
{
    (void)state;
    const char *ids[] = {"project", "department", "basic"};
    for (size_t i = 0; i < 3; i++) {
        form *f = fx_load_form(ids[i]);
        assert_non_null(f);
        assert_non_null(f->export);
        assert_false(f->export->document);
        assert_int_equal(f->export->ncols, ids[i][0] == 'b' ? 7 : 9);
        form_free(f);
    }
    form *r = fx_load_form("report");
    assert_non_null(r);
    assert_non_null(r->export);
    assert_true(r->export->document);
    form_free(r);
    /* the submission includes them: each included form keeps its own block */
    form *s = fx_load_form("submission");
    assert_non_null(s);
    assert_null(s->export);
    fnode *dept = fnode_child(s->root, "dept");
    assert_non_null(dept);
    assert_non_null(fnode_export(dept));
    assert_int_equal(fnode_export(dept)->ncols, 9);
    form_free(s);
}

static char *load_text(const char *text)
{
    char *err = NULL;
    form *f = form_load(text, strlen(text), "t.json", fx_form_source, NULL, &err);
    form_free(f);
    return err;
}

#define HEAD "{\n  \"format\": \"selfeval-form/1\",\n  \"id\": \"t\",\n  \"version\": \"1\",\n" \
             "  \"title\": \"T\",\n  \"sections\": [\n" \
             "    {\"id\": \"s\", \"title\": \"S\", \"items\": [\n" \
             "      {\"id\": \"a\", \"type\": \"money\", \"label\": \"A\"},\n" \
             "      {\"id\": \"b\", \"type\": \"text\", \"label\": \"B\"}]},\n" \
             "    {\"id\": \"rows\", \"table\": true, \"title\": \"R\", \"columns\": [\n" \
             "      {\"id\": \"k\", \"type\": \"text\", \"label\": \"K\"}]}\n" \
             "  ],\n  \"export\": {\n    \"sheet\": \"T\",\n" \
             "    \"columns\": [{\"min\": 4, \"max\": 8}, {}],\n    \"rows\": [\n"
#define TAIL "\n    ]\n  }\n}\n"

static void a_good_layout_loads(void **state)
{
    (void)state;
    char *err = load_text(HEAD
        "      {\"style\": \"head\", \"cells\": [\"x\", {\"label\": \"s.a\"}]},\n"
        "      {\"band\": \"B\", \"rows\": [{\"cells\": [{\"field\": \"s.a\"}]}]},\n"
        "      {\"each\": \"rows\", \"merge\": [\"k\"], \"cells\": [{\"field\": \"k\", \"span\": 2}]}"
        TAIL);
    if (err)
        fail_msg("%s", err);
}

/* Each mistake, the line it is on (line 17 is the first row) and words of the message. */
static void check_refused(const char *rows, const char *line, const char *words)
{
    char *text = NULL;
    assert_true(asprintf(&text, "%s%s%s", HEAD, rows, TAIL) > 0);
    char *err = load_text(text);
    free(text);
    assert_non_null(err);
    if (!strstr(err, line) || !strstr(err, words))
        fail_msg("expected '%s' and '%s' in: %s", line, words, err);
    free(err);
}

static void broken_layouts_are_refused(void **state)
{
    (void)state;
    check_refused("      {\"cells\": [{\"field\": \"s.c\", \"span\": 2}]}", "line 17",
                  "this form has no 's.c'");
    check_refused("      {\"cells\": [{\"field\": \"s.a\"}]}", "line 17",
                  "span 1 columns where 2 are left");
    check_refused("      {\"cells\": [{\"feild\": \"s.a\", \"span\": 2}]}", "line 17",
                  "unknown key 'feild'");
    check_refused("      {\"each\": \"s\", \"cells\": [\"x\", \"y\"]}", "line 17",
                  "'s' is not a table");
    check_refused("      {\"each\": \"rows\", \"merge\": [\"z\"], \"cells\": [{\"field\": \"k\"}, \"y\"]}",
                  "line 17", "\"merge\": 'z' is not a field cell");
    check_refused("      {\"cells\": [{\"field\": \"rows.k\", \"span\": 2}]}", "line 17",
                  "put it in an \"each\" row");
    check_refused("      {\"each\": \"rows\", \"cells\": [{\"field\": \"a\"}, \"y\"]}", "line 17",
                  "'a' is not a column of the table 'rows'");
    check_refused("      {\"cells\": [\"x\", \"y\"], \"style\": \"bold\"}", "line 17",
                  "\"style\" is");
    check_refused("      {\"band\": \"B\", \"rows\": [{\"cells\": [\"x\", \"y\"]}]}", "line 17",
                  "span 2 columns where 1 are left");
}

static void sheet_names(void **state)
{
    (void)state;
    /* forbidden characters replaced, apostrophes at the ends removed */
    char *n = xt_sheet_name("'a[b]:c*d?e/f\\g'", "x", NULL, 0);
    assert_string_equal(n, "a_b__c_d_e_f_g");
    free(n);
    /* 31 characters at most, counted as Excel counts them (UTF-16 units) */
    n = xt_sheet_name("开放型经济发展与三产业发展引导资金开放型经济发展与三产业发展引导资金", "x",
                      NULL, 0);
    assert_string_equal(n, "开放型经济发展与三产业发展引导资金开放型经济发展与三产业发展引");
    free(n);
    n = xt_sheet_name("\xF0\x9F\x98\x80\xF0\x9F\x98\x80" "abcdefghijklmnopqrstuvwxyz12345", "x",
                      NULL, 0);
    assert_int_equal(strlen(n), 8 + 27);   /* two emoji are 4 units: 27 letters are left */
    free(n);
    /* empty: the fallback */
    n = xt_sheet_name("", "项目支出绩效自评表", NULL, 0);
    assert_string_equal(n, "项目支出绩效自评表");
    free(n);
    /* unique, case-insensitively, still within 31 units */
    char *used[] = {"Projects", "projects (2)", "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一"};
    n = xt_sheet_name("PROJECTS", "x", used, 2);
    assert_string_equal(n, "PROJECTS (3)");
    free(n);
    n = xt_sheet_name(used[2], "x", used, 3);
    assert_string_equal(n, "一二三四五六七八九十一二三四五六七八九十一二三四五六七 (2)");
    free(n);
    n = xt_sheet_name("history", "x", NULL, 0);   /* reserved by Excel */
    assert_string_equal(n, "history (2)");
    free(n);
}

static void decimals_to_doubles(void **state)
{
    (void)state;
    /* the decimal, and the double's text at 15 significant digits: the same figure, except
     * past 15 digits, where the conversion rounds half up first */
    const char *pairs[][2] = {{"547.6879", "547.6879"}, {"0.9991", "0.9991"},
                              {"52014.32", "52014.32"}, {"95.40", "95.4"},
                              {"-2.675", "-2.675"},     {"0", "0"},
                              {"0.14", "0.14"},         {"0.1", "0.1"},
                              {"12345678901234.5678", "12345678901234.6"}};
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        dec_t d;
        assert_int_equal(dec_parse(pairs[i][0], strlen(pairs[i][0]), &d), DEC_OK);
        char buf[64];
        snprintf(buf, sizeof buf, "%.15g", xt_dec_to_double(d));
        assert_string_equal(buf, pairs[i][1]);
    }
}

static void sha256_vectors(void **state)
{
    (void)state;
    char hex[SHA256_HEX_LEN + 1];
    sha256_hex("", 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    sha256_hex("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    sha256_hex(two, strlen(two), hex);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    /* a million 'a's, fed in uneven pieces */
    sha256_ctx c;
    sha256_init(&c);
    char a[1000];
    memset(a, 'a', sizeof a);
    size_t left = 1000000;
    for (size_t k = 1; left; k = k % 997 + 1) {
        size_t n = k < left ? k : left;
        sha256_update(&c, a, n);
        left -= n;
    }
    unsigned char d[32];
    sha256_final(&c, d);
    assert_int_equal(d[0], 0xcd);
    assert_int_equal(d[31], 0xd0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bundled_forms_have_layouts),
        cmocka_unit_test(a_good_layout_loads),
        cmocka_unit_test(broken_layouts_are_refused),
        cmocka_unit_test(sheet_names),
        cmocka_unit_test(decimals_to_doubles),
        cmocka_unit_test(sha256_vectors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
