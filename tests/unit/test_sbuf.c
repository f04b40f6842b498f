/* The writers' text helpers: text for terminals shows control characters and bidi overrides
 * as escapes; JSON escapes them as JSON does. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "report/sbuf.h"

static char *visible(const char *s, bool keep_newlines)
{
    sbuf b = {0};
    sb_add_visible_n(&b, s, strlen(s), keep_newlines);
    return b.s ? b.s : strdup("");
}

static void expect_visible(const char *in, const char *want)
{
    char *got = visible(in, false);
    assert_string_equal(got, want);
    free(got);
}

static void test_controls_made_visible(void **state)
{
    (void)state;
    expect_visible("plain 中文 text", "plain 中文 text");
    expect_visible("a\x1b]52;c;SGVsbG8=\x07z", "a\\x1b]52;c;SGVsbG8=\\x07z");   /* OSC 52 */
    expect_visible("\x1b[5mblink", "\\x1b[5mblink");
    expect_visible("del\x7f", "del\\x7f");
    expect_visible("c1 \xc2\x9b" "31m", "c1 \\u009b31m");                        /* CSI */
    expect_visible("\xc2\x85next", "\\u0085next");                              /* NEL */
    expect_visible("abc\xe2\x80\xae" "cba", "abc\\u202ecba");                   /* RLO */
    expect_visible("\xe2\x81\xa6x\xe2\x81\xa9", "\\u2066x\\u2069");             /* LRI, PDI */
    expect_visible("tab\tnl\ncr\r", "tab\\x09nl\\x0acr\\x0d");
    expect_visible("bad \xff\xfe", "bad \\xff\\xfe");
    expect_visible("cut \xe4\xb8", "cut \\xe4\\xb8");
    /* U+00A0 and U+2028-range neighbours that are not controls stay */
    expect_visible("\xc2\xa0" "\xe2\x80\xa9", "\xc2\xa0" "\xe2\x80\xa9");
}

static void test_newlines_kept_when_asked(void **state)
{
    (void)state;
    char *got = visible("line 1\nline\x1b 2", true);
    assert_string_equal(got, "line 1\nline\\x1b 2");
    free(got);
}

static void test_visible_dup(void **state)
{
    (void)state;
    char *s = sb_visible_dup("x\x1by");
    assert_string_equal(s, "x\\x1by");
    free(s);
    s = sb_visible_dup(NULL);
    assert_string_equal(s, "");
    free(s);
}

static void test_json_escapes(void **state)
{
    (void)state;
    sbuf b = {0};
    sb_json_str(&b, "q\"b\\n\n\x1b\x7f\xc2\x9b\xe2\x80\xae中");
    assert_string_equal(b.s, "\"q\\\"b\\\\n\\n\\u001b\\u007f\\u009b\\u202e中\"");
    b.len = 0;
    sb_json_str(&b, NULL);
    assert_string_equal(b.s, "null");
    sb_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_controls_made_visible),
        cmocka_unit_test(test_newlines_kept_when_asked),
        cmocka_unit_test(test_visible_dup),
        cmocka_unit_test(test_json_escapes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
