/* Strict JSON validation: every refusal with its exact line and column, what is accepted, the
 * number texts kept for cJSON trees, node offsets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json_strict.h"

/* Checks that `text` (n bytes) is refused at line/col with a message containing `what`. */
static void refused(const char *text, size_t n, int line, int col, const char *what)
{
    json_strict_limits lim = {0, 32};
    json_strict_error e;
    int rc = json_strict_check(text, n, &lim, &e);
    if (rc != -1) {
        print_error("accepted: %.*s\n", (int)n, text);
        fail();
    }
    assert_true(e.positioned);
    assert_non_null(e.what);
    int l, c;
    json_line_col(text, n, e.offset, &l, &c);
    if (l != line || c != col || !strstr(e.what, what)) {
        print_error("text %.*s\n  got line %d col %d: %s\n  want line %d col %d: ...%s...\n",
                    (int)n, text, l, c, e.what, line, col, what);
        free(e.what);
        fail();
    }
    free(e.what);
}

#define REFUSED(lit, line, col, what) refused(lit, sizeof(lit) - 1, line, col, what)

static void accepted(const char *text)
{
    json_strict_limits lim = {0, 32};
    json_strict_error e;
    int rc = json_strict_check(text, strlen(text), &lim, &e);
    if (rc != 0) {
        print_error("refused %s: %s\n", text, e.what ? e.what : "(oom)");
        free(e.what);
        fail();
    }
}

static void test_accepts_valid_json(void **state)
{
    (void)state;
    accepted("{}");
    accepted("[]");
    accepted("\"x\"");
    accepted("0");
    accepted("-0.5e+10");
    accepted("1E-3");
    accepted(" \t\r\n{\"a\" : [1, true, false, null, \"s\", {}, []]} \n\t");
    accepted("{\"A\": 1, \"a\": 2}");                 /* keys are case-sensitive */
    accepted("\"\\ud83d\\ude00 \xF0\x9F\x98\x80 \\\" \\\\ \\/ \\b \\f \\n \\r \\t\"");
    accepted("\"\xE4\xB8\xAD\xE6\x96\x87 \xC2\xA9 \xEF\xBF\xBF \xF4\x8F\xBF\xBF\"");
    accepted("\"\x7F\"");                             /* DEL is allowed raw by RFC 8259 */
    accepted("{\"a\": {\"b\": 1}, \"b\": {\"b\": 2}}"); /* same key in different objects */
}

static void test_syntax_errors(void **state)
{
    (void)state;
    REFUSED("", 1, 1, "expected a value (a string, number, object, array, true, false or null), "
            "found the end of the file");
    REFUSED("   ", 1, 4, "found the end of the file");
    REFUSED("{", 1, 2, "expected a key in double quotes or '}', found the end of the file");
    REFUSED("{\"a\":1,}", 1, 8, "expected a key in double quotes after ',', found '}' (no ',' "
            "before '}')");
    REFUSED("[1,]", 1, 4, "expected a value after ',', found ']' (no ',' before ']')");
    REFUSED("{\"a\" 1}", 1, 6, "expected ':' after the key, found '1'");
    REFUSED("{\"a\":1 \"b\":2}", 1, 8, "expected ',' or '}' after a member, found '\"'");
    REFUSED("[1 2]", 1, 4, "expected ',' or ']' after an element, found '2'");
    REFUSED("{a:1}", 1, 2, "expected a key in double quotes or '}', found 'a'");
    REFUSED("{\"a\":1,b:1}", 1, 8, "expected a key in double quotes, found 'b'");
    REFUSED("[1,", 1, 4, "found the end of the file");
    REFUSED("{\"a\":", 1, 6, "found the end of the file");
    REFUSED("{} x", 1, 4, "expected nothing after the JSON value, found 'x'");
    REFUSED("{\"a\":1}{}", 1, 8, "expected nothing after the JSON value, found '{'");
    REFUSED("'a'", 1, 1, "found ''' (strings are written in double quotes)");
    REFUSED("tru", 1, 1, "expected true");
    REFUSED("[nul]", 1, 2, "expected null");
    REFUSED("[falsy]", 1, 2, "expected false");
    REFUSED("[True]", 1, 2, "found 'T'");
    REFUSED("[\x01]", 1, 2, "found a control character (0x01)");
    REFUSED("[1\xEF\xBC\x8C 2]", 1, 3, "found '\xEF\xBC\x8C'");     /* a full-width comma */
    REFUSED("[1 \xC4]", 1, 4, "byte 0xC4, not UTF-8 text");
    REFUSED("\xEF\xBB\xBF{}", 1, 1, "byte order mark");
}

static void test_numbers(void **state)
{
    (void)state;
    REFUSED("01", 1, 1, "expected a number without leading zeros");
    REFUSED("[-01]", 1, 2, "without leading zeros");
    REFUSED("-", 1, 2, "expected a digit after '-', found the end of the file");
    REFUSED("[-x]", 1, 3, "expected a digit after '-', found 'x'");
    REFUSED("1.", 1, 3, "expected a digit after '.'");
    REFUSED("[1.e5]", 1, 4, "expected a digit after '.', found 'e'");
    REFUSED("1e", 1, 3, "expected a digit in the exponent");
    REFUSED("1e+", 1, 4, "expected a digit in the exponent");
    REFUSED("[.5]", 1, 2, "found '.'");
    REFUSED("[+5]", 1, 2, "found '+'");
    REFUSED("[NaN]", 1, 2, "found 'N'");
    REFUSED("[0x10]", 1, 3, "expected ',' or ']' after an element, found 'x'");

    char num[80];
    memset(num, '7', JSON_STRICT_MAX_NUMBER);
    num[JSON_STRICT_MAX_NUMBER] = '\0';
    accepted(num);                                    /* 63 characters: fine */
    char arr[90];
    snprintf(arr, sizeof arr, "[%s7]", num);          /* 64: refused at the number */
    refused(arr, strlen(arr), 1, 2, "expected a number of at most 63 characters");
}

static void test_strings(void **state)
{
    (void)state;
    REFUSED("\"abc", 1, 1, "expected '\"' to end the string that starts here, found the end "
            "of the file");
    REFUSED("[\"a\\", 1, 2, "expected '\"' to end the string");
    REFUSED("[\"a\\u12", 1, 2, "expected '\"' to end the string");
    REFUSED("[\"a\\ud83d", 1, 2, "expected '\"' to end the string");
    REFUSED("[\"a\\ud83d\\ud", 1, 2, "expected '\"' to end the string");
    REFUSED("[\"a\xE4\xB8", 1, 2, "expected '\"' to end the string");
    REFUSED("\"a\nb\"", 1, 3, "expected an escape such as \\n or \\t, found a raw control "
            "character (0x0A)");
    REFUSED("\"a\tb\"", 1, 3, "raw control character (0x09)");
    REFUSED("\"\\x\"", 1, 2, "expected an escape \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX "
            "after '\\', found 'x'");
    REFUSED("\"\\u12G4\"", 1, 2, "expected four hex digits after \\u");
    REFUSED("\"ab\\u0000\"", 1, 4, "expected no \\u0000");
    REFUSED("\"\\ud800\"", 1, 2, "expected a low surrogate \\uDC00-\\uDFFF after \\uD800");
    REFUSED("\"\\ud800\\u0041\"", 1, 2, "after \\uD800 (a lone high surrogate");
    REFUSED("\"\\ud800\\ud800\"", 1, 2, "a lone high surrogate");
    REFUSED("\"\\udc00\"", 1, 2, "expected a high surrogate before \\uDC00");
    REFUSED("\"\\ude00\\ud83d\"", 1, 2, "a lone low surrogate");   /* reversed pair */
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    REFUSED("\"\xC0\x80\"", 1, 2, "overlong encoding (lead byte 0xC0)");
    REFUSED("\"\xC1\xBF\"", 1, 2, "overlong encoding");
    REFUSED("\"ab\xE0\x80\x80\"", 1, 4, "overlong encoding (bytes 0xE0 0x80)");
    REFUSED("\"\xF0\x8F\xBF\xBF\"", 1, 2, "overlong encoding (bytes 0xF0 0x8F)");
    REFUSED("\"\xED\xA0\x80\"", 1, 2, "an encoded surrogate");
    REFUSED("\"\xED\xBF\xBF\"", 1, 2, "an encoded surrogate");
    REFUSED("\"\xF4\x90\x80\x80\"", 1, 2, "above U+10FFFF");
    REFUSED("\"\xF5\x80\x80\x80\"", 1, 2, "byte 0xF5, which never occurs in UTF-8");
    REFUSED("\"\xFF\"", 1, 2, "byte 0xFF, which never occurs");
    REFUSED("\"\x80\"", 1, 2, "a continuation byte 0x80 without a lead byte");
    REFUSED("\"\xE4\xB8\"", 1, 2, "a character cut short (lead byte 0xE4)");
    REFUSED("\"\xF0\x9F\x98 \"", 1, 2, "cut short");
    /* 益阳 in GBK: the usual way a wrongly saved file fails */
    REFUSED("{\"unit\": \"\xD2\xE6\xD1\xF4\"}", 1, 11, "save the file as UTF-8");
    /* in a key too */
    REFUSED("{\"\xC0\xAF\": 1}", 1, 3, "overlong");
}

static void test_duplicate_keys(void **state)
{
    (void)state;
    REFUSED("{\"a\":1,\"a\":2}", 1, 8, "expected each key once in an object, found \"a\" again");
    REFUSED("{\"a\":1,\"\\u0061\":2}", 1, 8, "found \"a\" again");      /* same after decoding */
    REFUSED("{\"x\": {\"b\":1,\n  \"b\":1}}", 2, 3, "found \"b\" again");
    REFUSED("[{}, {\"k\": [], \"k\": []}]", 1, 16, "\"k\" again");
    REFUSED("{\"\xE4\xB8\xAD\": 1, \"\xE4\xB8\xAD\": 2}", 1, 10, "\"\xE4\xB8\xAD\" again");
    /* a long key is shown shortened */
    REFUSED("{\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\":1,"
            "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\":1}", 1, 57,
            "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…\" again");
}

/* Big objects go through the hash table: a duplicate anywhere must still be found. */
static void test_duplicate_keys_in_big_objects(void **state)
{
    (void)state;
    const int n = 5000;
    size_t cap = (size_t)n * 32 + 64;
    char *t = malloc(cap);
    assert_non_null(t);
    for (int dup_at = 0; dup_at <= 2; dup_at++) {
        size_t len = 0;
        len += (size_t)snprintf(t + len, cap - len, "{");
        for (int i = 0; i < n; i++)
            len += (size_t)snprintf(t + len, cap - len, "%s\"k%d\":%d", i ? "," : "", i, i);
        size_t dup_off = len + 1;
        if (dup_at == 0)       /* no duplicate */
            len += (size_t)snprintf(t + len, cap - len, "}");
        else if (dup_at == 1)  /* the first key again, plainly */
            len += (size_t)snprintf(t + len, cap - len, ",\"k0\":0}");
        else                   /* a middle key again, escaped */
            len += (size_t)snprintf(t + len, cap - len, ",\"k\\u0032500\":0}");
        json_strict_error e;
        int rc = json_strict_check(t, len, NULL, &e);
        if (dup_at == 0) {
            assert_int_equal(rc, 0);
        } else {
            assert_int_equal(rc, -1);
            assert_int_equal(e.offset, dup_off);
            assert_non_null(strstr(e.what, dup_at == 1 ? "\"k0\" again" : "\"k2500\" again"));
            free(e.what);
        }
    }
    free(t);
}

static void test_line_and_column_count_characters(void **state)
{
    (void)state;
    /* { " 中 文 " : ␠ 1 ␠ x : x is the 10th character (14th byte) */
    REFUSED("{\"\xE4\xB8\xAD\xE6\x96\x87\": 1 x}", 1, 10, "found 'x'");
    REFUSED("[\n  1,\n  x]", 3, 3, "found 'x'");
    REFUSED("{\r\n\"a\": 1,\r\n\"a\": 2}", 3, 1, "\"a\" again");
    int l, c;
    json_line_col("ab\n\xE4\xB8\xAD\xE6\x96\x87z", 10, 9, &l, &c);
    assert_int_equal(l, 2);
    assert_int_equal(c, 3);
    json_line_col("ab", 2, 99, &l, &c);      /* past the end: clamped */
    assert_int_equal(l, 1);
    assert_int_equal(c, 3);
}

static void test_depth_limit(void **state)
{
    (void)state;
    char t[200];
    for (int depth = 31; depth <= 34; depth++) {
        size_t n = 0;
        for (int i = 0; i < depth; i++)
            t[n++] = '[';
        for (int i = 0; i < depth; i++)
            t[n++] = ']';
        json_strict_limits lim = {0, 32};
        json_strict_error e;
        int rc = json_strict_check(t, n, &lim, &e);
        if (depth <= 32) {
            assert_int_equal(rc, 0);
        } else {
            assert_int_equal(rc, -1);
            assert_int_equal(e.offset, 32);       /* the 33rd '[' */
            assert_string_equal(e.what, "expected at most 32 levels of nested objects and arrays");
            free(e.what);
        }
    }
    REFUSED("{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":"
            "{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":"
            "{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":[1]",
            1, 32 * 5 + 1, "expected at most 32 levels");
}

static void test_size_limit(void **state)
{
    (void)state;
    json_strict_limits lim = {10, 0};
    json_strict_error e;
    assert_int_equal(json_strict_check("[1,2,3,4]", 9, &lim, &e), 0);
    assert_int_equal(json_strict_check("[1,2,3,45]", 10, &lim, &e), 0);
    assert_int_equal(json_strict_check("[1,2,3,456]", 11, &lim, &e), -1);
    assert_false(e.positioned);
    assert_string_equal(e.what, "too large: 11 bytes, over the limit of 10 bytes");
    free(e.what);

    char *err = NULL;
    json_strict_limits mb = {1024 * 1024, 0};
    size_t n = 1024 * 1024 + 1;
    char *big = malloc(n);
    assert_non_null(big);
    memset(big, ' ', n);
    big[0] = '0';
    assert_null(json_strict_parse(big, n, "big.json", &mb, &err));
    assert_string_equal(err, "big.json: too large: 1048577 bytes, over the limit of 1 MB");
    free(err);
    free(big);
}

static void test_parse_keeps_number_text(void **state)
{
    (void)state;
    const char *t = "{\"a\": [99999999999999.99, 1e400, -0.0, 0.000001], \"b\": {\"c\": 547.6879}}";
    char *err = NULL;
    cJSON *j = json_strict_parse(t, strlen(t), "t", NULL, &err);
    assert_non_null(j);
    assert_null(err);
    cJSON *a = cJSON_GetObjectItemCaseSensitive(j, "a");
    const char *want[] = {"99999999999999.99", "1e400", "-0.0", "0.000001"};
    int i = 0;
    for (cJSON *x = a->child; x; x = x->next, i++)
        assert_string_equal(x->valuestring, want[i]);
    assert_int_equal(i, 4);
    cJSON *c = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "b"), "c");
    assert_string_equal(c->valuestring, "547.6879");
    cJSON_Delete(j);
}

static void test_parse_messages_and_unterminated_buffers(void **state)
{
    (void)state;
    char *err = NULL;
    const char *t = "{\"a\":1,\n\"a\":2}";
    assert_null(json_strict_parse(t, strlen(t), "f.json", NULL, &err));
    assert_string_equal(err, "f.json line 2, column 1: expected each key once in an object, "
                        "found \"a\" again");
    free(err);
    err = NULL;
    assert_null(json_strict_parse("[1", 2, NULL, NULL, &err));
    assert_string_equal(err, "input line 1, column 3: expected ',' or ']' after an element, "
                        "found the end of the file");
    free(err);
    /* only len bytes count: what follows them is not part of the text */
    const char *u = "[1,2]garbage";
    cJSON *j = json_strict_parse(u, 5, "t", NULL, &err);
    assert_non_null(j);
    assert_int_equal(cJSON_GetArraySize(j), 2);
    cJSON_Delete(j);
    /* a \u escape decodes the same as cJSON: the tree has the character */
    const char *v = "[\"\\u4e2d\\ud83d\\ude00\"]";
    j = json_strict_parse(v, strlen(v), "t", NULL, &err);
    assert_non_null(j);
    assert_string_equal(j->child->valuestring, "\xE4\xB8\xAD\xF0\x9F\x98\x80");
    cJSON_Delete(j);
}

static void test_node_offsets(void **state)
{
    (void)state;
    const char *t = "{\n  \"a\": [1, {\"b\": \"x\"}],\n  \"c\": null\n}";
    cJSON *j = json_strict_parse(t, strlen(t), "t", NULL, NULL);
    assert_non_null(j);
    cJSON *a = cJSON_GetObjectItemCaseSensitive(j, "a");
    cJSON *b = cJSON_GetObjectItemCaseSensitive(a->child->next, "b");
    cJSON *c = cJSON_GetObjectItemCaseSensitive(j, "c");
    assert_int_equal(json_node_offset(t, strlen(t), j, j, false), 0);
    assert_int_equal(json_node_offset(t, strlen(t), j, a, false), strstr(t, "[1") - t);
    assert_int_equal(json_node_offset(t, strlen(t), j, a, true), strstr(t, "\"a\"") - t);
    assert_int_equal(json_node_offset(t, strlen(t), j, a->child, true), strstr(t, "1,") - t);
    assert_int_equal(json_node_offset(t, strlen(t), j, b, false), strstr(t, "\"x\"") - t);
    assert_int_equal(json_node_offset(t, strlen(t), j, b, true), strstr(t, "\"b\"") - t);
    assert_int_equal(json_node_offset(t, strlen(t), j, c, false), strstr(t, "null") - t);
    cJSON *other = cJSON_CreateNull();
    assert_int_equal(json_node_offset(t, strlen(t), j, other, false), 0);
    cJSON_Delete(other);
    cJSON_Delete(j);
}

static void test_error_at_format(void **state)
{
    (void)state;
    const char *t = "ab\ncd\xE4\xB8\xAD" "e";
    char *m = json_error_at("x.json", t, strlen(t), strlen(t) - 1, "expected something");
    assert_string_equal(m, "x.json line 2, column 4: expected something");
    free(m);
}

static void test_quote(void **state)
{
    (void)state;
    size_t n = 0;
    char *q = json_quote("a\"b\\c/\n\t\x01\x7f\xC2\x85\xC2\xA0中😀", &n);
    assert_string_equal(q, "\"a\\\"b\\\\c/\\n\\t\\u0001\\u007f\\u0085\xC2\xA0中😀\"");
    assert_int_equal(n, strlen(q));
    /* what is quoted parses back to the same text */
    cJSON *j = json_strict_parse(q, n, "t", NULL, NULL);
    assert_non_null(j);
    assert_string_equal(j->valuestring, "a\"b\\c/\n\t\x01\x7f\xC2\x85\xC2\xA0中😀");
    cJSON_Delete(j);
    free(q);
    /* bytes that are not UTF-8 become U+FFFD, so the result is always accepted */
    q = json_quote("x\xFF\xC0\xAF\xED\xA0\x80\xE4\xB8", NULL);
    assert_string_equal(q, "\"x\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
                        "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
    assert_int_equal(json_strict_check(q, strlen(q), NULL, NULL), 0);
    free(q);
    q = json_quote(NULL, &n);
    assert_string_equal(q, "\"\"");
    free(q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accepts_valid_json),
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_duplicate_keys),
        cmocka_unit_test(test_duplicate_keys_in_big_objects),
        cmocka_unit_test(test_line_and_column_count_characters),
        cmocka_unit_test(test_depth_limit),
        cmocka_unit_test(test_size_limit),
        cmocka_unit_test(test_parse_keeps_number_text),
        cmocka_unit_test(test_parse_messages_and_unterminated_buffers),
        cmocka_unit_test(test_node_offsets),
        cmocka_unit_test(test_error_at_format),
        cmocka_unit_test(test_quote),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
