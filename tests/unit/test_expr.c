/* Unit tests of the expression language (core/expr.h).
 *
 * Expected decimal results were computed independently with Python's decimal module
 * (ROUND_HALF_UP, quantize), not by this code. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/expr.h"
#ifdef SELFEVAL_TESTING
#include "../../src/core/expr_internal.h"   /* expr_test_fail_alloc_after */
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- A tiny fake host ---- */

enum { R_A = 1, R_B, R_BUDGET, R_SCORE, R_S, R_BLANK, R_T, R_ZH, R_COUNT };
enum { F_SUM = 100, F_COUNTED = 101 };

static const struct { const char *name; int id; } fake_names[] = {
    { "a", R_A }, { "b", R_B }, { "funds.budget", R_BUDGET }, { "indicators.score", R_SCORE },
    { "s", R_S }, { "blank", R_BLANK }, { "t", R_T }, { "zh", R_ZH },
};

typedef struct {
    value_t vals[R_COUNT];
    int calls;                   /* host function calls made, to check short-circuits */
    int last_nargs;
    bool last_ref0_was_score;    /* sum() got refs[0] pointing at indicators.score */
    bool last_ref0_null;
} fake_host;

static fake_host H;

static dec_t D(const char *s)
{
    dec_t d = dec_zero();
    assert_int_equal(dec_parse(s, strlen(s), &d), DEC_OK);
    return d;
}

static void host_reset(void)
{
    memset(&H, 0, sizeof H);
    H.vals[R_A] = v_num(D("10"));
    H.vals[R_B] = v_num(D("4"));
    H.vals[R_BUDGET] = v_num(D("51965.47"));
    H.vals[R_SCORE] = v_num(D("0"));
    H.vals[R_S] = v_str("abc");
    H.vals[R_BLANK] = v_blank(VB_EMPTY);
    H.vals[R_T] = v_bool(true);
    H.vals[R_ZH] = v_str("优秀");
}

static int fake_resolve_name(void *ctx, const char *const *segs, int nseg, expr_ref *out, char **err)
{
    (void)ctx;
    (void)err;     /* unknown names get expr_bind's own message */
    char joined[128] = "";
    for (int i = 0; i < nseg; i++) {
        if (strlen(joined) + strlen(segs[i]) + 2 > sizeof joined)
            return -1;
        if (i)
            strcat(joined, ".");
        strcat(joined, segs[i]);
    }
    for (size_t i = 0; i < sizeof fake_names / sizeof fake_names[0]; i++)
        if (strcmp(fake_names[i].name, joined) == 0) {
            out->id = fake_names[i].id;
            out->flags = 0;
            return 0;
        }
    return -1;
}

static int fake_resolve_func(void *ctx, const char *name, int nargs, int *func_id, char **err)
{
    (void)ctx;
    if (strcmp(name, "sum") == 0) {
        if (nargs < 1) {
            *err = strdup("sum needs at least one argument");
            return -1;
        }
        *func_id = F_SUM;
        return 0;
    }
    if (strcmp(name, "counted") == 0) {
        *func_id = F_COUNTED;
        return 0;
    }
    return -1;
}

static value_t fake_get(void *ctx, const expr_ref *ref)
{
    (void)ctx;
    return ref->id > 0 && ref->id < R_COUNT ? H.vals[ref->id] : v_blank(VB_BAD_INPUT);
}

/* sum(indicators.score) adds the column 10 + 20.5 + blank + 30; otherwise sums its args. */
static value_t fake_call(void *ctx, int func_id, const value_t *args, const expr_ref *const *refs,
                         int nargs)
{
    (void)ctx;
    H.calls++;
    H.last_nargs = nargs;
    H.last_ref0_null = nargs > 0 && refs[0] == NULL;
    H.last_ref0_was_score = nargs > 0 && refs[0] && refs[0]->id == R_SCORE;
    if (func_id == F_COUNTED)
        return v_bool(true);
    dec_t total = dec_zero();
    if (H.last_ref0_was_score) {
        const char *col[] = { "10", "20.5", NULL, "30" };
        for (int i = 0; i < 4; i++)
            if (col[i])
                assert_int_equal(dec_add(total, D(col[i]), &total), DEC_OK);
        return v_num(total);
    }
    for (int i = 0; i < nargs; i++) {
        if (args[i].kind == V_BLANK)
            continue;
        if (args[i].kind != V_NUM)
            return v_blank(VB_BAD_INPUT);
        if (dec_add(total, args[i].num, &total) != DEC_OK)
            return v_blank(VB_OVERFLOW);
    }
    return v_num(total);
}

static const expr_binder BINDER = { fake_resolve_name, fake_resolve_func };
static const expr_host HOST = { fake_get, fake_call };

/* ---- Helpers ---- */

/* Parses and binds src, failing the test with the message if either step fails. */
static expr *compile(const char *src)
{
    char *err = NULL;
    size_t pos = 0;
    expr *e = expr_parse(src, strlen(src), &err, &pos);
    if (!e)
        fail_msg("parse of \"%s\" failed at %zu: %s", src, pos, err ? err : "(null)");
    if (expr_bind(e, &BINDER, NULL, &err, &pos) != 0) {
        expr_free(e);
        fail_msg("bind of \"%s\" failed at %zu: %s", src, pos, err ? err : "(null)");
    }
    return e;
}

static value_t run(const char *src, expr **keep)
{
    expr *e = compile(src);
    value_t v = expr_eval(e, &HOST, NULL);
    *keep = e;
    return v;
}

static void check_num_text(const char *src, const char *want_text)
{
    expr *e;
    value_t v = run(src, &e);
    char buf[DEC_STR_MAX];
    if (v.kind != V_NUM)
        fail_msg("%s: expected %s, got kind %d why %d", src, want_text, v.kind, v.why);
    dec_format(v.num, buf);
    if (strcmp(buf, want_text) != 0)
        fail_msg("%s: expected text %s, got %s", src, want_text, buf);
    expr_free(e);
}

/* Numerically equal (1.50 = 1.5). */
static void check_num(const char *src, const char *want)
{
    expr *e;
    value_t v = run(src, &e);
    char buf[DEC_STR_MAX];
    if (v.kind != V_NUM)
        fail_msg("%s: expected %s, got kind %d why %d", src, want, v.kind, v.why);
    if (dec_cmp(v.num, D(want)) != 0)
        fail_msg("%s: expected %s, got %s", src, want, dec_format(v.num, buf));
    expr_free(e);
}

static void check_bool(const char *src, bool want)
{
    expr *e;
    value_t v = run(src, &e);
    if (v.kind != V_BOOL)
        fail_msg("%s: expected a truth value, got kind %d why %d", src, v.kind, v.why);
    if (v.b != want)
        fail_msg("%s: expected %s", src, want ? "true" : "false");
    expr_free(e);
}

static void check_blank(const char *src, v_blank_why why)
{
    expr *e;
    value_t v = run(src, &e);
    if (v.kind != V_BLANK)
        fail_msg("%s: expected blank, got kind %d", src, v.kind);
    if (v.why != why)
        fail_msg("%s: expected blank reason %d, got %d", src, why, v.why);
    expr_free(e);
}

static void check_str(const char *src, const char *want)
{
    expr *e;
    value_t v = run(src, &e);
    if (v.kind != V_STR)
        fail_msg("%s: expected a string, got kind %d", src, v.kind);
    assert_string_equal(v.str, want);
    expr_free(e);
}

static void check_parse_error(const char *src, size_t len, const char *want_prefix, size_t want_pos)
{
    char *err = NULL;
    size_t pos = 999;
    expr *e = expr_parse(src, len, &err, &pos);
    if (e) {
        expr_free(e);
        fail_msg("\"%s\" parsed but should not", src);
    }
    assert_non_null(err);
    if (strncmp(err, want_prefix, strlen(want_prefix)) != 0)
        fail_msg("\"%s\": expected message starting \"%s\", got \"%s\"", src, want_prefix, err);
    if (pos != want_pos)
        fail_msg("\"%s\": expected position %zu, got %zu (%s)", src, want_pos, pos, err);
    free(err);
}

static void check_perr(const char *src, const char *want_prefix, size_t want_pos)
{
    check_parse_error(src, strlen(src), want_prefix, want_pos);
}

static void check_bind_error(const char *src, const char *want, size_t want_pos)
{
    char *err = NULL;
    size_t pos = 999;
    expr *e = expr_parse(src, strlen(src), &err, &pos);
    if (!e)
        fail_msg("\"%s\" should parse: %s", src, err ? err : "(null)");
    int rc = expr_bind(e, &BINDER, NULL, &err, &pos);
    expr_free(e);
    assert_int_equal(rc, -1);
    assert_non_null(err);
    if (strncmp(err, want, strlen(want)) != 0)
        fail_msg("\"%s\": expected bind message starting \"%s\", got \"%s\"", src, want, err);
    if (pos != want_pos)
        fail_msg("\"%s\": expected position %zu, got %zu (%s)", src, want_pos, pos, err);
    free(err);
}

static int setup(void **state)
{
    (void)state;
    host_reset();
    return 0;
}

/* ---- Tests ---- */

static void test_precedence(void **state)
{
    (void)state;
    check_num("1 + 2 * 3", "7");
    check_num("(1 + 2) * 3", "9");
    check_num("2 * 3 + 1", "7");
    check_num("-2 * 3", "-6");
    check_num("-(2 + 3) * 2", "-10");
    check_num("2 - -3", "5");
    check_num("- - 3", "3");
    check_num("+3", "3");
    check_num("1 + 6 / 3 * 2", "5");
    check_bool("1 + 2 = 3", true);
    check_bool("1 + 1 > 1 * 1", true);
    check_bool("not 1 = 2", true);             /* not (1 = 2) */
    check_bool("true or false and false", true);  /* and binds tighter */
    check_bool("(true or false) and false", false);
    check_bool("not true and false", false);   /* (not true) and false */
    check_bool("not false and true", true);
    check_bool("not (true and false)", true);
    check_bool("1 < 2 and 2 < 3", true);
    check_bool("! true || true", true);
}

static void test_associativity(void **state)
{
    (void)state;
    check_num("10 - 4 - 3", "3");              /* (10 - 4) - 3, not 10 - (4 - 3) = 9 */
    check_num("100 / 10 / 5", "2");            /* not 100 / 2 = 50 */
    check_num("2 * 3 / 4", "1.5");
    check_num("1 - 2 + 3", "2");
    check_num("8 / 4 * 2", "4");
}

static void test_operators(void **state)
{
    (void)state;
    check_num("1.25 + 2.5", "3.75");
    check_num_text("1.50 + 1", "2.50");        /* the scale of the more precise operand */
    check_num("1 - 2.5", "-1.5");
    check_num("1.5 * 1.5", "2.25");
    check_num("7 / 2", "3.5");
    check_num_text("6 / 2", "3");
    check_bool("1.50 = 1.5", true);
    check_bool("1.50 == 1.5", true);
    check_bool("1 != 2", true);
    check_bool("1 <> 1", false);
    check_bool("1 < 2", true);
    check_bool("2 < 2", false);
    check_bool("2 <= 2", true);
    check_bool("3 <= 2", false);
    check_bool("3 > 2", true);
    check_bool("2 > 2", false);
    check_bool("2 >= 2", true);
    check_bool("1 >= 2", false);
    check_bool("-1 < 0", true);
    check_bool("true and true", true);
    check_bool("true && false", false);
    check_bool("false or true", true);
    check_bool("false || false", false);
    check_bool("not false", true);
    check_bool("!true", false);
    check_bool("true = true", true);
    check_bool("true != false", true);
    check_num("abs(-2.5)", "2.5");
    check_num("abs(3)", "3");
    check_num("a * 2 + b", "24");
    check_num("funds.budget", "51965.47");
}

static void test_strings(void **state)
{
    (void)state;
    check_bool("\"优秀\" = \"优秀\"", true);
    check_bool("\"优秀\" != \"良好\"", true);
    check_bool("\"优秀\" = \"良好\"", false);
    check_bool("zh = \"优秀\"", true);
    check_bool("s == \"abc\"", true);
    check_bool("s = \"ABC\"", false);          /* bytewise, no case folding */
    check_str("\"say \\\"hi\\\" \\\\ ok\"", "say \"hi\" \\ ok");
    check_str("\"\"", "");
    check_str("coalesce(blank, zh)", "优秀");
    check_blank("\"a\" < \"b\"", VB_BAD_INPUT);
    check_blank("\"a\" >= \"b\"", VB_BAD_INPUT);
    check_blank("s = 1", VB_BAD_INPUT);        /* text against a number is a form mistake */
    check_blank("true < false", VB_BAD_INPUT);
}

static void test_bad_operands(void **state)
{
    (void)state;
    check_blank("\"a\" + 1", VB_BAD_INPUT);
    check_blank("1 + s", VB_BAD_INPUT);
    check_blank("true * 2", VB_BAD_INPUT);
    check_blank("2 / t", VB_BAD_INPUT);
    check_blank("-\"a\"", VB_BAD_INPUT);
    check_blank("+true", VB_BAD_INPUT);
    check_blank("abs(s)", VB_BAD_INPUT);
    check_blank("round(s, 2)", VB_BAD_INPUT);
    check_blank("min(1, s)", VB_BAD_INPUT);
    check_blank("not s", VB_BAD_INPUT);
    check_blank("if(s, 1, 2)", VB_BAD_INPUT);
}

static void test_blank_propagation(void **state)
{
    (void)state;
    check_blank("blank + 1", VB_EMPTY);
    check_blank("1 + blank", VB_EMPTY);
    check_blank("blank * 0", VB_EMPTY);
    check_blank("-blank", VB_EMPTY);
    check_blank("abs(blank)", VB_EMPTY);
    check_blank("round(blank, 2)", VB_EMPTY);
    check_blank("blank = 1", VB_EMPTY);
    check_blank("1 < blank", VB_EMPTY);
    check_blank("1 / 0 + blank", VB_DIV_ZERO);     /* the first reason wins */
    check_blank("blank + 1 / 0", VB_EMPTY);
    check_blank("(1 / 0) * 2 = 3", VB_DIV_ZERO);
    H.vals[R_A] = v_blank(VB_NOT_APPLICABLE);
    check_blank("a * 2", VB_NOT_APPLICABLE);
    check_bool("isblank(a)", true);
    check_bool("isblank(1 / 0)", true);
    check_bool("isblank(b)", false);
    check_bool("isblank(s)", false);
}

static void test_three_valued_logic(void **state)
{
    (void)state;
    check_bool("false and blank", false);
    check_bool("blank and false", false);
    check_blank("true and blank", VB_EMPTY);
    check_blank("blank and true", VB_EMPTY);
    check_bool("true or blank", true);
    check_bool("blank or true", true);
    check_blank("false or blank", VB_EMPTY);
    check_blank("blank or (1/0 > 1)", VB_EMPTY);
    check_blank("(1/0 > 1) or blank", VB_DIV_ZERO);
    check_blank("not blank", VB_EMPTY);
    check_bool("1 and 2", true);                   /* numbers: non-zero is true */
    check_bool("0 or 0", false);
}

static void test_short_circuit(void **state)
{
    (void)state;
    check_bool("false and counted()", false);
    assert_int_equal(H.calls, 0);
    check_bool("true or counted()", true);
    assert_int_equal(H.calls, 0);
    check_bool("blank and false and counted()", false);
    assert_int_equal(H.calls, 0);
    check_bool("true and counted()", true);
    assert_int_equal(H.calls, 1);
    check_num("if(true, 1, sum(counted()))", "1");
    assert_int_equal(H.calls, 1);
    check_num("coalesce(5, sum(counted()))", "5");
    assert_int_equal(H.calls, 1);
}

static void test_division(void **state)
{
    (void)state;
    check_num_text("1 / 3", "0.333333333333333333333333");
    check_num_text("2 / 3", "0.666666666666666666666667");
    check_num_text("-2 / 3", "-0.666666666666666666666667");
    check_num_text("10 * 51965.47 / 52014.32", "9.990608355545165254491455");
    check_blank("1 / 0", VB_DIV_ZERO);
    check_blank("a / (b - 4)", VB_DIV_ZERO);
    check_blank("0 / 0.00", VB_DIV_ZERO);
    /* 10^26 cannot keep 24 digits after the point; it falls back to fewer. */
    check_num("99999999999999999999999 / 0.001", "99999999999999999999999000");
    check_blank("99999999999999999999999999999999999999 / 0.000001", VB_OVERFLOW);
    check_blank("99999999999999999999999999999999999999 * 10", VB_OVERFLOW);
    check_blank("99999999999999999999999999999999999999 + 99999999999999999999999999999999999999",
                VB_OVERFLOW);
    check_blank("-99999999999999999999999999999999999999 - 99999999999999999999999999999999999999",
                VB_OVERFLOW);
}

static void test_division_by_zero_inside_if(void **state)
{
    (void)state;
    H.vals[R_B] = v_num(D("0"));
    check_num("if(b = 0, 0, a / b)", "0");
    H.vals[R_B] = v_num(D("4"));
    check_num("if(b = 0, 0, a / b)", "2.5");
    check_blank("if(0, 2, 1 / 0)", VB_DIV_ZERO);
    check_num("if(1, 2, 3)", "2");
    check_blank("if(blank, 1, 2)", VB_EMPTY);
    check_blank("if(1 / 0 > 0, 1, 2)", VB_DIV_ZERO);
}

static void test_round(void **state)
{
    (void)state;
    check_num_text("round(1.005, 2)", "1.01");
    check_num_text("round(2.675, 2)", "2.68");
    check_num_text("round(-2.675, 2)", "-2.68");
    check_num_text("round(2.5, 0)", "3");
    check_num_text("round(-0.5, 0)", "-1");
    check_num_text("round(0.125, 2)", "0.13");
    check_num_text("round(1, 2)", "1.00");
    check_num_text("round(10 * 51965.47 / 52014.32, 2)", "9.99");
    check_num_text("round(5 * 2.9 / 6, 2)", "2.42");
    check_num_text("round(1 / 3, 12)", "0.333333333333");
    check_num_text("round(2 / 3, 2.0)", "0.67");
    check_blank("round(1, 0.5 + 0.5 + 11.5)", VB_BAD_INPUT);  /* 12.5 digits */
    check_blank("round(1, -1)", VB_BAD_INPUT);
    check_blank("round(1, 20 - 7)", VB_BAD_INPUT);
    check_blank("round(1, blank)", VB_EMPTY);
    check_blank("round(1 / 0, 2)", VB_DIV_ZERO);
}

static void test_min_max_coalesce(void **state)
{
    (void)state;
    check_num("min(3, 1, 2)", "1");
    check_num("max(3, 1, 2)", "3");
    check_num("min(-1.5, -1.25)", "-1.5");
    check_num("max(7)", "7");
    check_num("max(3, blank, 7)", "7");
    check_num("min(1 / 0, 5)", "5");
    check_blank("min(blank, blank)", VB_EMPTY);
    check_blank("max(1 / 0)", VB_EMPTY);
    check_blank("max(1, \"x\")", VB_BAD_INPUT);
    check_num("coalesce(blank, 1 / 0, 7, 8)", "7");
    check_num("coalesce(3)", "3");
    check_blank("coalesce(blank, 1 / 0)", VB_EMPTY);
    check_bool("coalesce(blank, false)", false);
}

static void test_host_functions(void **state)
{
    (void)state;
    check_num("sum(indicators.score)", "60.5");
    assert_true(H.last_ref0_was_score);
    assert_int_equal(H.last_nargs, 1);
    check_num("sum(a + 1, b)", "15");
    assert_true(H.last_ref0_null);             /* a + 1 is not a bare name */
    assert_int_equal(H.last_nargs, 2);
    check_num("sum(a, blank, 2)", "12");
    assert_false(H.last_ref0_null);
    check_num("round(sum(indicators.score) / 3, 2)", "20.17");
    check_num("if(true, sum(1), 0)", "1");
}

static void test_parse_errors(void **state)
{
    (void)state;
    check_perr("min(1,)", "unexpected ')'", 6);
    check_perr("1 + )", "unexpected ')'", 4);
    check_perr(")", "unexpected ')'", 0);
    check_perr("1 + and", "unexpected 'and'", 4);
    check_perr("\"abc", "unterminated string", 0);
    check_perr("1 + \"abc\\\"", "unterminated string", 4);
    check_perr("min(1 2)", "expected ',' or ')' in the arguments of min", 6);
    check_perr("max(1, 2", "expected ',' or ')' in the arguments of max", 8);
    check_perr("1 + 2 3", "unexpected '3'", 6);
    check_perr("(1 + 2) (3)", "unexpected '('", 8);
    check_perr("(1 + 2", "missing ')' to close the '(' at byte 0", 6);
    check_perr("((1) + 2 ,", "expected ')' to close the '(' at byte 0, found ','", 9);
    check_perr("", "empty expression", 0);
    check_perr("   ", "empty expression", 0);
    check_parse_error(NULL, 0, "empty expression", 0);
    check_perr("1 +", "unexpected end of expression", 3);
    check_perr("not", "unexpected end of expression", 3);
    check_perr("1 < 2 < 3", "comparisons cannot be chained", 6);
    check_perr("a & b", "unexpected '&' (did you mean '&&'?)", 2);
    check_perr("a | b", "unexpected '|' (did you mean '||'?)", 2);
    check_perr("1.x", "expected a digit after '.' in the number 1", 2);
    check_perr("1.", "expected a digit after '.'", 2);
    check_perr("3abc", "unexpected 'a' right after the number 3", 1);
    check_perr("1.2.3", "unexpected '.' right after the number 1.2", 3);
    check_perr(".5", "unexpected '.'", 0);
    check_perr("a. b", "expected a name after '.'", 2);
    check_perr("a.", "expected a name after '.'", 2);
    check_perr("a.1", "expected a name after '.'", 2);
    check_perr("\"a\\n\"", "unknown escape '\\n' in a string", 2);
    check_perr("\"a\\", "unterminated string", 0);
    check_perr("\"\xff\"", "invalid UTF-8 in a string", 1);
    check_perr("\"\xe4\xbc\"", "invalid UTF-8 in a string", 1);   /* cut 优 */
    check_perr("\"\xc0\xaf\"", "invalid UTF-8 in a string", 1);   /* overlong '/' */
    check_parse_error("\"a\0b\"", 5, "a string cannot contain a NUL byte", 2);
    check_parse_error("1 +\0", 4, "unexpected byte 0x00", 3);
    check_perr("（1）", "unexpected '（' (full-width; use ASCII '(')", 0);
    check_perr("1，2", "unexpected '，' (full-width; use ASCII ',')", 1);
    check_perr("1\xe3\x80\x80+ 2", "unexpected full-width space", 1);
    check_perr("a ≥ 1", "unexpected '≥'", 2);
    check_perr("a AND b", "unexpected 'AND' (keywords are lowercase: 'and')", 2);
    check_perr("a.b(1)", "'a.b' cannot be called", 0);
    check_perr("1 $", "unexpected '$'", 2);
    check_perr("a\x01", "unexpected byte 0x01", 1);
    check_perr("123456789012345678901234567890123456789012", "number too large", 0);
    check_perr("1.0000000000000000000000000000001", "number too large or too precise", 0);
}

static void test_depth(void **state)
{
    (void)state;
    char buf[1024];
    int ok = 63, bad = 65;
    /* Parentheses: 63 levels are fine, 65 are refused (the top level counts as one). */
    snprintf(buf, sizeof buf, "%.*s1%.*s", ok, "((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((",
             ok, "))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))");
    check_num(buf, "1");
    snprintf(buf, sizeof buf, "%.*s1%.*s", bad, "((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((",
             bad, "))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))");
    check_perr(buf, "expression nested too deeply", 64);

    /* Prefix operators and calls count too; none of these may recurse without bound. */
    size_t n = 100000;
    char *big = malloc(3 * n + 16);
    assert_non_null(big);
    memset(big, '-', n);
    strcpy(big + n, "1");
    char *err = NULL;
    size_t pos = 0;
    assert_null(expr_parse(big, strlen(big), &err, &pos));
    assert_non_null(strstr(err, "nested too deeply"));
    free(err);
    for (size_t i = 0; i < n / 4; i++)
        memcpy(big + 4 * i, "not ", 4);
    strcpy(big + n, "true");
    assert_null(expr_parse(big, strlen(big), &err, &pos));
    assert_non_null(strstr(err, "nested too deeply"));
    free(err);
    size_t k = 0;
    for (size_t i = 0; i < 1000; i++)
        k += (size_t)sprintf(big + k, "abs(");
    strcpy(big + k, "1");
    assert_null(expr_parse(big, strlen(big), &err, &pos));
    assert_non_null(strstr(err, "nested too deeply"));
    free(err);

    /* A long flat chain is not nesting: 1 + 1 + ... + 1 (30000 terms) parses and sums. */
    k = 0;
    for (int i = 0; i < 30000; i++)
        k += (size_t)sprintf(big + k, i ? "+1" : "1");
    check_num(big, "30000");
    k = 0;
    for (int i = 0; i < 30000; i++)
        k += (size_t)sprintf(big + k, i ? " and true" : "true");
    check_bool(big, true);
    free(big);
}

static void test_bind_errors(void **state)
{
    (void)state;
    check_bind_error("foo(1)", "unknown function foo", 0);
    check_bind_error("1 + foo(1)", "unknown function foo", 4);
    check_bind_error("zzz + 1", "unknown name zzz", 0);
    check_bind_error("1 + funds.nothing", "unknown name funds.nothing", 4);
    check_bind_error("zzz + foo(1)", "unknown name zzz", 0);     /* the first error */
    check_bind_error("foo(zzz)", "unknown function foo", 0);
    check_bind_error("TRUE", "unknown name TRUE", 0);            /* keywords are lowercase */
    check_bind_error("if(1, 2)", "if takes 3 arguments, not 2", 0);
    check_bind_error("1 + round(1)", "round takes 2 arguments, not 1", 4);
    check_bind_error("abs(1, 2)", "abs takes 1 argument, not 2", 0);
    check_bind_error("isblank()", "isblank takes 1 argument, not 0", 0);
    check_bind_error("min()", "min needs at least 1 argument", 0);
    check_bind_error("max()", "max needs at least 1 argument", 0);
    check_bind_error("coalesce()", "coalesce needs at least 1 argument", 0);
    check_bind_error("round(1, 13)", "the digits of round must be a whole number from 0 to 12", 9);
    check_bind_error("round(1, 1.5)", "the digits of round must be", 9);
    check_bind_error("sum()", "sum needs at least one argument", 0);   /* the host's message */
    check_bind_error("if(a, b, foo())", "unknown function foo", 9);

    /* Built-ins never reach the host, whatever the host knows. */
    check_num("round(2.345, 2)", "2.35");
}

typedef struct {
    int ids[16], in_call[16];
    int n;
} ref_log;

static void log_ref(void *ctx, const expr_ref *ref, int in_host_call)
{
    ref_log *log = ctx;
    assert_true(log->n < 16);
    log->ids[log->n] = ref->id;
    log->in_call[log->n] = in_host_call;
    log->n++;
}

static void test_visit_refs(void **state)
{
    (void)state;
    expr *e = compile("a + sum(indicators.score, funds.budget * 2) + if(t, b, min(blank))");
    ref_log log = { { 0 }, { 0 }, 0 };
    expr_visit_refs(e, log_ref, &log);
    int want_ids[] = { R_A, R_SCORE, R_BUDGET, R_T, R_B, R_BLANK };
    int want_in[] = { -1, F_SUM, -1, -1, -1, -1 };
    assert_int_equal(log.n, 6);
    for (int i = 0; i < 6; i++) {
        assert_int_equal(log.ids[i], want_ids[i]);
        assert_int_equal(log.in_call[i], want_in[i]);
    }
    expr_free(e);

    /* Not bound: nothing to visit. */
    char *err = NULL;
    size_t pos;
    e = expr_parse("a + b", 5, &err, &pos);
    assert_non_null(e);
    log.n = 0;
    expr_visit_refs(e, log_ref, &log);
    assert_int_equal(log.n, 0);
    expr_free(e);
}

static void test_lifecycle(void **state)
{
    (void)state;
    const char *src = "round(a / 3, 2) + sum(b)";
    char *err = NULL;
    size_t pos = 0;
    expr *e = expr_parse(src, strlen(src), &err, &pos);
    assert_non_null(e);
    assert_null(err);
    assert_string_equal(expr_source(e), src);
    value_t v = expr_eval(e, &HOST, NULL);           /* not bound yet */
    assert_int_equal(v.kind, V_BLANK);
    assert_int_equal(v.why, VB_BAD_INPUT);
    assert_int_equal(expr_bind(e, &BINDER, NULL, &err, &pos), 0);
    assert_int_equal(expr_bind(e, &BINDER, NULL, &err, &pos), 0);   /* rebinding is fine */
    v = expr_eval(e, &HOST, NULL);
    assert_int_equal(v.kind, V_NUM);
    assert_int_equal(dec_cmp(v.num, D("7.33")), 0);
    expr_free(e);
    expr_free(NULL);

    /* A binder that knows nothing: names and host calls fail, built-ins still bind. */
    expr_binder none = { NULL, NULL };
    e = expr_parse("max(1, 2)", 9, &err, &pos);
    assert_int_equal(expr_bind(e, &none, NULL, &err, &pos), 0);
    v = expr_eval(e, NULL, NULL);
    assert_int_equal(dec_cmp(v.num, D("2")), 0);
    expr_free(e);
    e = expr_parse("x", 1, &err, &pos);
    assert_int_equal(expr_bind(e, &none, NULL, &err, &pos), -1);
    assert_string_equal(err, "unknown name x");
    free(err);
    expr_free(e);

    /* The length is honoured: only "1 + 2" of "1 + 2 junk". */
    e = expr_parse("1 + 2 junk", 5, NULL, NULL);
    assert_non_null(e);
    assert_string_equal(expr_source(e), "1 + 2");
    expr_free(e);
    assert_null(expr_parse("1 +", 3, NULL, NULL));      /* err may be NULL */
}

static void test_value_helpers(void **state)
{
    (void)state;
    assert_true(value_truthy(v_bool(true)));
    assert_false(value_truthy(v_bool(false)));
    assert_true(value_truthy(v_num(D("0.01"))));
    assert_true(value_truthy(v_num(D("-3"))));
    assert_false(value_truthy(v_num(D("0.00"))));
    assert_false(value_truthy(v_blank(VB_EMPTY)));
    assert_false(value_truthy(v_str("true")));
    assert_true(value_equal(v_num(D("1.50")), v_num(D("1.5"))));
    assert_false(value_equal(v_num(D("1.51")), v_num(D("1.5"))));
    assert_true(value_equal(v_str("优秀"), v_str("优秀")));
    assert_false(value_equal(v_str("优秀"), v_str("优")));
    assert_false(value_equal(v_str("1"), v_num(D("1"))));
    assert_true(value_equal(v_bool(false), v_bool(false)));
    assert_false(value_equal(v_bool(true), v_bool(false)));
    assert_true(value_equal(v_blank(VB_EMPTY), v_blank(VB_EMPTY)));
    assert_false(value_equal(v_blank(VB_EMPTY), v_blank(VB_DIV_ZERO)));
}

/* Fails the k-th allocation for k = 0, 1, 2, ... until a run needs no more: every failure
 * must surface as "out of memory" (or a NULL message), leak nothing (ASan), and leave an
 * expr that binds and evaluates correctly once memory is back. */
static void test_out_of_memory(void **state)
{
    (void)state;
#ifndef SELFEVAL_TESTING
    skip();
#else
    static const char *const srcs[] = {
        "round(sum(indicators.score, a) / 3, 2) + if(funds.budget > 1, min(a, b, 2, 3), 0)",
        "zh = \"优秀\" and not isblank(coalesce(blank, s)) or a AND b",
        "1 + (2", "foo(1)", "\"abc", "zzz", "a & b", "min(1 2)", "if(1)",
    };
    for (size_t i = 0; i < sizeof srcs / sizeof srcs[0]; i++) {
        const char *src = srcs[i];
        /* The outcome without failures, as the reference. */
        char *err0 = NULL;
        size_t pos0 = 0;
        expr *e0 = expr_parse(src, strlen(src), &err0, &pos0);
        int rc0 = e0 ? expr_bind(e0, &BINDER, NULL, &err0, &pos0) : -2;
        value_t v0 = rc0 == 0 ? expr_eval(e0, &HOST, NULL) : v_blank(VB_EMPTY);
        long k;
        for (k = 0;; k++) {
            char *err = NULL;
            size_t pos = 0;
            expr_test_fail_alloc_after(k);
            expr *e = expr_parse(src, strlen(src), &err, &pos);
            int rc = e ? expr_bind(e, &BINDER, NULL, &err, &pos) : -2;
            long fails = expr_test_fail_alloc_after(-1);
            if (fails == 0) {
                /* Nothing failed: the same outcome as the reference. */
                assert_int_equal(rc, rc0);
                if (rc0 != 0) {
                    assert_string_equal(err, err0);
                    assert_int_equal(pos, pos0);
                }
                free(err);
                expr_free(e);
                break;
            }
            if (err && strcmp(err, "out of memory") != 0)
                fail_msg("%s: allocation %ld failed but the message is \"%s\"", src, k, err);
            assert_int_not_equal(rc, 0);
            free(err);
            if (e && rc0 == 0) {
                /* Bound halfway when memory ran out: binding again must work. */
                assert_int_equal(expr_bind(e, &BINDER, NULL, &err, &pos), 0);
                value_t v = expr_eval(e, &HOST, NULL);
                assert_int_equal(v.kind, v0.kind);
                assert_true(value_equal(v, v0));
            }
            expr_free(e);
        }
        assert_true(k >= 1);      /* the loop did make allocations fail */
        free(err0);
        expr_free(e0);
    }
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_precedence, setup),
        cmocka_unit_test_setup(test_associativity, setup),
        cmocka_unit_test_setup(test_operators, setup),
        cmocka_unit_test_setup(test_strings, setup),
        cmocka_unit_test_setup(test_bad_operands, setup),
        cmocka_unit_test_setup(test_blank_propagation, setup),
        cmocka_unit_test_setup(test_three_valued_logic, setup),
        cmocka_unit_test_setup(test_short_circuit, setup),
        cmocka_unit_test_setup(test_division, setup),
        cmocka_unit_test_setup(test_division_by_zero_inside_if, setup),
        cmocka_unit_test_setup(test_round, setup),
        cmocka_unit_test_setup(test_min_max_coalesce, setup),
        cmocka_unit_test_setup(test_host_functions, setup),
        cmocka_unit_test_setup(test_parse_errors, setup),
        cmocka_unit_test_setup(test_depth, setup),
        cmocka_unit_test_setup(test_bind_errors, setup),
        cmocka_unit_test_setup(test_visit_refs, setup),
        cmocka_unit_test_setup(test_lifecycle, setup),
        cmocka_unit_test_setup(test_value_helpers, setup),
        cmocka_unit_test_setup(test_out_of_memory, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
