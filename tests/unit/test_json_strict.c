/* Strict JSON validation: every refusal with its exact line and column, what is accepted, the
 * number texts kept for cJSON trees, node offsets; the tree json_strict_parse builds against
 * the one cJSON_Parse builds from the same text (hand-picked and random texts), the parser's
 * refusals against the validator's, and every allocation failing in turn. */
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

/* ---- the tree built in one pass is cJSON's tree ---- */

/* Number texts of a JSON text in document order, found by a tokenizer of its own (outside
 * strings, a run of number characters): the oracle for the texts number nodes keep. */
typedef struct {
    const char *t;
    size_t n, pos;
} numcur;

static bool next_number(numcur *c, const char **p, size_t *len)
{
    while (c->pos < c->n) {
        char ch = c->t[c->pos];
        if (ch == '"') {
            for (c->pos++; c->pos < c->n && c->t[c->pos] != '"'; c->pos++)
                if (c->t[c->pos] == '\\')
                    c->pos++;
            c->pos++;
        } else if (ch == '-' || (ch >= '0' && ch <= '9')) {
            size_t start = c->pos;
            while (c->pos < c->n && strchr("0123456789+-.eE", c->t[c->pos]) && c->t[c->pos])
                c->pos++;
            *p = c->t + start;
            *len = c->pos - start;
            return true;
        } else {
            c->pos++;
        }
    }
    return false;
}

/* Compares `a` (json_strict_parse) with `b` (cJSON_Parse); false with a note on the first
 * difference. */
static bool same_tree(const cJSON *a, const cJSON *b, numcur *nc, char *why, size_t whysz)
{
    if (a->type != b->type) {
        snprintf(why, whysz, "type %d, cJSON %d", a->type, b->type);
        return false;
    }
    if ((a->string == NULL) != (b->string == NULL) ||
        (a->string && strcmp(a->string, b->string) != 0)) {
        snprintf(why, whysz, "key \"%s\", cJSON \"%s\"", a->string ? a->string : "(none)",
                 b->string ? b->string : "(none)");
        return false;
    }
    if (a->valueint != b->valueint ||
        memcmp(&a->valuedouble, &b->valuedouble, sizeof a->valuedouble) != 0) {
        snprintf(why, whysz, "valueint/valuedouble differ (key %s)",
                 a->string ? a->string : "(none)");
        return false;
    }
    if (cJSON_IsNumber(a)) {
        const char *np = NULL;
        size_t nn = 0;
        if (!next_number(nc, &np, &nn) || !a->valuestring || strlen(a->valuestring) != nn ||
            memcmp(a->valuestring, np, nn) != 0 || b->valuestring != NULL) {
            snprintf(why, whysz, "number text \"%s\", in the text \"%.*s\"",
                     a->valuestring ? a->valuestring : "(none)", (int)nn, np ? np : "");
            return false;
        }
    } else if ((a->valuestring == NULL) != (b->valuestring == NULL) ||
               (a->valuestring && strcmp(a->valuestring, b->valuestring) != 0)) {
        snprintf(why, whysz, "string \"%s\", cJSON \"%s\"",
                 a->valuestring ? a->valuestring : "(none)",
                 b->valuestring ? b->valuestring : "(none)");
        return false;
    }
    /* members in the same order, linked as cJSON links them: next/prev, and the first
     * member's prev is the last one (cJSON_AddItemToArray appends after it) */
    const cJSON *ka = a->child, *kb = b->child, *last_a = NULL, *last_b = NULL;
    for (; ka && kb; last_a = ka, last_b = kb, ka = ka->next, kb = kb->next) {
        if (last_a && ka->prev != last_a) {
            snprintf(why, whysz, "prev link broken");
            return false;
        }
        if (!same_tree(ka, kb, nc, why, whysz))
            return false;
    }
    if (ka || kb) {
        snprintf(why, whysz, "%s has more members", ka ? "json_strict_parse" : "cJSON");
        return false;
    }
    if (a->child && (a->child->prev != last_a || b->child->prev != last_b)) {
        snprintf(why, whysz, "the first member's prev is not the last member");
        return false;
    }
    return true;
}

/* json_strict_parse and cJSON_ParseWithLengthOpts on the same text give the same tree. */
static void same_as_cjson(const char *text, size_t n)
{
    char *err = NULL;
    cJSON *a = json_strict_parse(text, n, "t", NULL, &err);
    if (!a) {
        print_error("json_strict_parse refused %.*s: %s\n", (int)n, text, err ? err : "(null)");
        free(err);
        fail();
    }
    assert_int_equal(json_strict_check(text, n, NULL, NULL), 0);
    char *copy = malloc(n + 1);
    assert_non_null(copy);
    memcpy(copy, text, n);
    copy[n] = '\0';
    const char *end = NULL;
    cJSON *b = cJSON_ParseWithLengthOpts(copy, n + 1, &end, 1);
    if (!b) {
        print_error("cJSON refused %.*s\n", (int)n, text);
        fail();
    }
    numcur nc = {text, n, 0};
    char why[512];
    if (!same_tree(a, b, &nc, why, sizeof why)) {
        print_error("trees differ on %.*s\n  %s\n", (int)n, text, why);
        fail();
    }
    const char *np;
    size_t nn;
    assert_false(next_number(&nc, &np, &nn));     /* every number of the text was in the tree */
    cJSON_Delete(a);
    cJSON_Delete(b);
    free(copy);
}

static void test_tree_equals_cjson(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "{}", "[]", "\"\"", "0", "-0", "true", "false", "null", " \r\n\t[ ] \n",
        "{\"a\":{},\"b\":[],\"c\":[[]],\"d\":{\"e\":{}}}",
        "[true,false,null,\"x\",1,{}]",
        "{\"\":1,\"a\":\"\",\"b\":[\"\",\"\"]}",
        "[0,-0,1,-1,1.5,-1.5,0.5,-0.5,2147483647,2147483648,-2147483648,-2147483649]",
        "[1e400,-1e400,1e-400,1E+2,1e-2,-0.0,0.000001,99999999999999.99,3.14159265358979323846]",
        "[123456789012345678901234567890,1.7976931348623157e308,4.9e-324,2.2250738585072014e-308]",
        "[\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\",\"\\u0001\\u001f\\u007f\\u0080\\u07ff\\u0800\"]",
        "[\"\\uffff\\ud7ff\\ue000\\ud800\\udc00\\udbff\\udfff\\ud83d\\ude00\",\"\\u4E2D\\u6587\"]",
        "{\"\\u0061\":1,\"\\\"\":2,\"\\\\\":3,\"a\\nb\":4,\"\xE4\xB8\xAD\":5,\"\\u4e2d\\u6587\":6}",
        "\"\xE4\xB8\xAD\xE6\x96\x87 \xC2\xA9 \xEF\xBF\xBF \xF4\x8F\xBF\xBF \xF0\x9F\x98\x80 \x7F\"",
        "{\"format\": \"selfeval-draft/1.0\", \"values\": {\"funds\": {\"budget\": \"3061.94\"},"
        " \"rows\": [{\"_id\": \"r1\", \"w\": \"0.04\", \"n\": 3}, {\"_id\": \"r2\"}]}}",
        "[[[[[[[[[[[[[[[[[[[[\"deep\"]]]]]]]]]]]]]]]]]]]]",
        "{\"A\":1,\"a\":2,\"k\":{\"k\":{\"k\":[{\"k\":null}]}}}",
        "[\"a\",\n  \"b\" ,\t\"c\"\r\n]",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        same_as_cjson(texts[i], strlen(texts[i]));

    /* a big object (the hash table of keys), a long array, a long string */
    size_t cap = 200000, n = 0;
    char *t = malloc(cap);
    assert_non_null(t);
    n += (size_t)snprintf(t + n, cap - n, "{");
    for (int i = 0; i < 3000; i++)
        n += (size_t)snprintf(t + n, cap - n, "%s\"k%d\":[%d,\"v%d\"]", i ? "," : "", i, i, i);
    n += (size_t)snprintf(t + n, cap - n, ",\"s\":\"");
    for (int i = 0; i < 5000; i++)
        n += (size_t)snprintf(t + n, cap - n, i % 3 ? "x" : "\xE4\xB8\xAD");
    n += (size_t)snprintf(t + n, cap - n, "\"}");
    same_as_cjson(t, n);
    free(t);

    /* the deepest nesting cJSON allows (1000 levels) */
    char *deep = malloc(2000);
    assert_non_null(deep);
    memset(deep, '[', 1000);
    memset(deep + 1000, ']', 1000);
    same_as_cjson(deep, 2000);
    free(deep);
}

/* ---- random texts ---- */

typedef struct {
    char *p;
    size_t n, cap;
    uint64_t rng;
} gen;

static unsigned rnd(gen *g, unsigned below)
{
    g->rng ^= g->rng << 13;       /* xorshift64 */
    g->rng ^= g->rng >> 7;
    g->rng ^= g->rng << 17;
    return (unsigned)(g->rng % below);
}

static void put(gen *g, const char *s, size_t n)
{
    if (g->n + n + 1 > g->cap) {
        g->cap = (g->n + n + 1) * 2;
        g->p = realloc(g->p, g->cap);
        assert_non_null(g->p);
    }
    memcpy(g->p + g->n, s, n);
    g->n += n;
    g->p[g->n] = '\0';
}

static void puts_(gen *g, const char *s)
{
    put(g, s, strlen(s));
}

static void ws(gen *g)
{
    static const char w[] = " \t\n\r";
    for (unsigned k = rnd(g, 4) ? 0 : rnd(g, 4); k > 0; k--)
        put(g, &w[rnd(g, 4)], 1);
}

static void put_cp(gen *g, unsigned long cp)   /* raw UTF-8 */
{
    char o[4];
    size_t n;
    if (cp < 0x80) {
        o[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        o[0] = (char)(0xF0 | (cp >> 18));
        o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    put(g, o, n);
}

static unsigned long rnd_cp(gen *g)   /* any character but NUL and surrogates */
{
    for (;;) {
        unsigned long cp;
        switch (rnd(g, 5)) {
        case 0: cp = 1 + rnd(g, 0x7F); break;
        case 1: cp = 0x80 + rnd(g, 0x780); break;
        case 2: cp = 0x4E00 + rnd(g, 0x5200); break;    /* CJK */
        case 3: cp = 0x800 + rnd(g, 0xF800); break;
        default: cp = 0x10000 + rnd(g, 0x100000); break;
        }
        if (cp < 0xD800 || cp > 0xDFFF)
            return cp;
    }
}

/* One character of a string's text, written raw or as an escape. */
static void put_char(gen *g, unsigned long cp)
{
    char e[32];
    if (cp == '"' || cp == '\\' || cp < 0x20 || rnd(g, 4) == 0) {
        static const char *const short_esc[] = {['"'] = "\\\"", ['\\'] = "\\\\", ['/'] = "\\/",
                                                ['\b'] = "\\b", ['\f'] = "\\f", ['\n'] = "\\n",
                                                ['\r'] = "\\r", ['\t'] = "\\t"};
        if (cp < sizeof short_esc / sizeof *short_esc && short_esc[cp] && rnd(g, 2)) {
            puts_(g, short_esc[cp]);
        } else if (cp < 0x10000) {
            snprintf(e, sizeof e, rnd(g, 2) ? "\\u%04lx" : "\\u%04lX", cp);
            puts_(g, e);
        } else {
            unsigned long v = cp - 0x10000;
            snprintf(e, sizeof e, "\\u%04lx\\u%04lX", 0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF));
            puts_(g, e);
        }
        return;
    }
    put_cp(g, cp);
}

static void gen_string(gen *g, const char *prefix)
{
    put(g, "\"", 1);
    if (prefix)
        for (const char *p = prefix; *p; p++)
            put_char(g, (unsigned char)*p);
    for (unsigned k = rnd(g, 3) ? rnd(g, 6) : rnd(g, 40); k > 0; k--)
        put_char(g, rnd(g, 3) ? 0x20 + rnd(g, 0x5F) : rnd_cp(g));
    put(g, "\"", 1);
}

static void gen_number(gen *g)
{
    char t[80];
    size_t n = 0;
    if (rnd(g, 3) == 0)
        t[n++] = '-';
    if (rnd(g, 4) == 0) {
        t[n++] = '0';
    } else {
        t[n++] = (char)('1' + rnd(g, 9));
        for (unsigned k = rnd(g, 3) ? rnd(g, 5) : rnd(g, 25); k > 0; k--)
            t[n++] = (char)('0' + rnd(g, 10));
    }
    if (rnd(g, 2)) {
        t[n++] = '.';
        for (unsigned k = 1 + rnd(g, 12); k > 0; k--)
            t[n++] = (char)('0' + rnd(g, 10));
    }
    if (rnd(g, 4) == 0) {
        t[n++] = rnd(g, 2) ? 'e' : 'E';
        unsigned sign = rnd(g, 3);
        if (sign)
            t[n++] = sign == 1 ? '+' : '-';
        for (unsigned k = 1 + rnd(g, 3); k > 0; k--)
            t[n++] = (char)('0' + rnd(g, 10));
    }
    put(g, t, n);
}

static void gen_value(gen *g, int depth)
{
    unsigned kind = depth >= 8 ? 2 + rnd(g, 6) : rnd(g, 8);
    ws(g);
    switch (kind) {
    case 0: {   /* object: keys unique once decoded ("<index>:..."), any text after the ':' */
        put(g, "{", 1);
        unsigned n = rnd(g, 5) ? rnd(g, 6) : rnd(g, 40);
        for (unsigned i = 0; i < n; i++) {
            char pre[16];
            snprintf(pre, sizeof pre, "%u:", i);
            if (i)
                put(g, ",", 1);
            ws(g);
            gen_string(g, pre);
            ws(g);
            put(g, ":", 1);
            gen_value(g, depth + 1);
        }
        ws(g);
        put(g, "}", 1);
        break;
    }
    case 1: {
        put(g, "[", 1);
        unsigned n = rnd(g, 5) ? rnd(g, 6) : rnd(g, 40);
        for (unsigned i = 0; i < n; i++) {
            if (i)
                put(g, ",", 1);
            gen_value(g, depth + 1);
        }
        ws(g);
        put(g, "]", 1);
        break;
    }
    case 2: case 3: gen_string(g, NULL); break;
    case 4: case 5: gen_number(g); break;
    case 6: puts_(g, rnd(g, 2) ? "true" : "false"); break;
    default: puts_(g, "null"); break;
    }
    ws(g);
}

static void test_random_trees_equal_cjson(void **state)
{
    (void)state;
    gen g = {.rng = 0x9E3779B97F4A7C15ULL};
    for (int i = 0; i < 3000; i++) {
        g.n = 0;
        gen_value(&g, i % 4 == 0 ? 7 : 0);    /* some texts are scalars or shallow */
        same_as_cjson(g.p, g.n);
    }
    free(g.p);
}

/* json_strict_parse refuses exactly what json_strict_check refuses, with its message at its
 * line and column: random texts cut short, with a byte changed, inserted or deleted. */
static void test_parse_refuses_what_check_refuses(void **state)
{
    (void)state;
    gen g = {.rng = 0x2545F4914F6CDD1DULL};
    static const char bytes[] = "{}[]\",:\\u0tfn-1.eE \n\x01\x80\xC0\xE4\xED\xF0\xFF'";
    size_t refusals = 0;
    for (int i = 0; i < 4000; i++) {
        g.n = 0;
        gen_value(&g, 5);
        size_t n = g.n, at = rnd(&g, (unsigned)n + 1);
        switch (rnd(&g, 4)) {
        case 0: n = at; break;                                       /* cut short */
        case 1: if (at < n) g.p[at] = bytes[rnd(&g, sizeof bytes - 1)]; break;
        case 2:                                                      /* a byte inserted */
            put(&g, " ", 1);
            n = g.n;
            memmove(g.p + at + 1, g.p + at, n - 1 - at);
            g.p[at] = bytes[rnd(&g, sizeof bytes - 1)];
            break;
        default:                                                     /* a byte deleted */
            if (at < n) {
                memmove(g.p + at, g.p + at + 1, n - at - 1);
                n--;
            }
            break;
        }
        json_strict_limits lim = {0, 6};
        json_strict_error e;
        int rc = json_strict_check(g.p, n, &lim, &e);
        char *err = NULL;
        cJSON *j = json_strict_parse(g.p, n, "m.json", &lim, &err);
        if (rc == 0) {
            if (!j) {
                print_error("check accepted, parse refused %.*s: %s\n", (int)n, g.p, err);
                fail();
            }
            assert_null(err);
            cJSON_Delete(j);
            continue;
        }
        assert_int_equal(rc, -1);
        assert_null(j);
        char *want = json_error_at("m.json", g.p, n, e.offset, e.what);
        if (!err || strcmp(err, want) != 0) {
            print_error("text %.*s\n  check: %s\n  parse: %s\n", (int)n, g.p, want,
                        err ? err : "(null)");
            fail();
        }
        refusals++;
        free(want);
        free(err);
        free(e.what);
    }
    assert_true(refusals > 1000);     /* the mutations did make broken texts */
    free(g.p);
}

/* ---- out of memory: every allocation of the tree failing in turn ---- */

static long g_allocs_left, g_live;

static void *failing_malloc(size_t n)
{
    if (g_allocs_left == 0)
        return NULL;
    g_allocs_left--;
    void *p = malloc(n);
    if (p)
        g_live++;
    return p;
}

static void counting_free(void *p)
{
    if (p)
        g_live--;
    free(p);
}

static void test_out_of_memory_at_every_allocation(void **state)
{
    (void)state;
    const char *t = "{\"a\": [1, -2.5e3, true, false, null, \"x\\u4e2dy\"], \"\\u0062\": {\"c\": "
                    "[[], {}], \"d\": \"\xE4\xB8\xAD\"}, \"e\": 7}";
    cJSON_Hooks hooks = {failing_malloc, counting_free};
    cJSON_InitHooks(&hooks);
    bool done = false;
    long k;
    for (k = 0; k < 200 && !done; k++) {
        g_allocs_left = k;
        g_live = 0;
        char *err = NULL;
        cJSON *j = json_strict_parse(t, strlen(t), "t", NULL, &err);
        if (j) {
            assert_null(err);
            assert_true(g_live > 0);          /* the tree is made of the hooks' memory */
            cJSON_Delete(j);
            done = true;
        } else {
            assert_string_equal(err, "t: out of memory");
            free(err);
        }
        assert_int_equal(g_live, 0);          /* nothing of a failed parse is left */
    }
    cJSON_InitHooks(NULL);
    assert_true(done);
    assert_true(k > 20);                      /* it did fail at many places first */
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
        cmocka_unit_test(test_tree_equals_cjson),
        cmocka_unit_test(test_random_trees_equal_cjson),
        cmocka_unit_test(test_parse_refuses_what_check_refuses),
        cmocka_unit_test(test_out_of_memory_at_every_allocation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
