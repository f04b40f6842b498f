/* Tests for core/text: widths, clusters, motion, word motion, wrapping, cleaning.
 * Expected values are counted by hand from the characters (a CJK ideograph is 2 columns, ASCII
 * 1, ...) or come from libunistring's own u8_width_linebreaks used as an oracle. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <unilbrk.h>
#include <uniwidth.h>

#include "core/text.h"

#define S(lit) (lit), (sizeof(lit) - 1)

/* UTF-8 spelled out so the tests do not depend on how this file is displayed */
#define ZH_YUSUAN "\xE9\xA2\x84\xE7\xAE\x97"     /* 预算 */
#define ZHONG "\xE4\xB8\xAD"                     /* 中 */
#define WEN "\xE6\x96\x87"                       /* 文 */
#define FLAG_JP "\xF0\x9F\x87\xAF\xF0\x9F\x87\xB5"
#define FLAG_CN "\xF0\x9F\x87\xA8\xF0\x9F\x87\xB3"
#define FAMILY "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7"
#define HEART_EMOJI "\xE2\x9D\xA4\xEF\xB8\x8F"   /* U+2764 U+FE0F */
#define KEYCAP_1 "1\xEF\xB8\x8F\xE2\x83\xA3"     /* 1 U+FE0F U+20E3 */
#define ACUTE "\xCC\x81"                         /* U+0301 combining */
#define COMMA_ZH "\xEF\xBC\x8C"                  /* ， */
#define STOP_ZH "\xE3\x80\x82"                   /* 。 */

static void widths_mixed(void **state)
{
    (void)state;
    assert_int_equal(txt_width(S(""), AMBI_NARROW), 0);
    assert_int_equal(txt_width(S("abc"), AMBI_NARROW), 3);
    assert_int_equal(txt_width(S(ZH_YUSUAN "abc"), AMBI_NARROW), 7);
    /* 预算abc执行率 : 5 ideographs and 3 letters */
    assert_int_equal(txt_width(S("预算abc执行率"), AMBI_NARROW), 13);
    assert_int_equal(txt_width(S("预算abc执行率"), AMBI_WIDE), 13);
    /* fullwidth digits and punctuation are wide in both modes */
    assert_int_equal(txt_width(S("１２３，。"), AMBI_NARROW), 10);
    assert_int_equal(txt_width(S("98.5%"), AMBI_WIDE), 5);
}

static void ambiguous_modes(void **state)
{
    (void)state;
    static const char *const amb[] = {"≥", "≤", "“", "”", "①", "×", "※", "…", "°", "α", "é"};
    for (size_t i = 0; i < sizeof amb / sizeof amb[0]; i++) {
        assert_int_equal(txt_width(amb[i], strlen(amb[i]), AMBI_NARROW), 1);
        assert_int_equal(txt_width(amb[i], strlen(amb[i]), AMBI_WIDE), 2);
    }
    assert_true(txt_is_ambiguous(0x2265));   /* ≥ */
    assert_true(txt_is_ambiguous(0x2460));   /* ① */
    assert_true(txt_is_ambiguous(0x201C));   /* “ */
    assert_true(txt_is_ambiguous(0x00D7));   /* × */
    assert_true(txt_is_ambiguous(0x203B));   /* ※ */
    assert_true(txt_is_ambiguous(0xE000));   /* private use */
    assert_true(txt_is_ambiguous(0x10FFFD));
    assert_false(txt_is_ambiguous('a'));
    assert_false(txt_is_ambiguous(0x4E2D));  /* 中: wide, not ambiguous */
    assert_false(txt_is_ambiguous(0xFF0C));  /* ，: fullwidth */
    assert_false(txt_is_ambiguous(0x10FFFF));
    assert_false(txt_is_ambiguous(0));
    /* a mixed value: 得分≥90（满分100）“优” ① */
    const char *v = "得分≥90（满分100）“优”①";
    /* 得分 4, ≥ a, 90 2, （ 2, 满分 4, 100 3, ） 2, “ a, 优 2, ” a, ① a */
    assert_int_equal(txt_width(v, strlen(v), AMBI_NARROW), 4 + 1 + 2 + 2 + 4 + 3 + 2 + 1 + 2 + 1 + 1);
    assert_int_equal(txt_width(v, strlen(v), AMBI_WIDE), 4 + 2 + 2 + 2 + 4 + 3 + 2 + 2 + 2 + 2 + 2);
    /* a combining mark keeps width 0 even though U+0301 is itself ambiguous */
    assert_int_equal(txt_width(S("e" ACUTE), AMBI_WIDE), 1);
}

static void check_clusters(const char *s, size_t len, const size_t *want, size_t nwant)
{
    txt_clusters c;
    assert_int_equal(txt_clusters_make(s, len, &c), (int)nwant);
    assert_int_equal(c.n, nwant);
    for (size_t i = 0; i < nwant; i++)
        assert_int_equal(c.off[i], want[i]);
    /* txt_next / txt_prev walk the same boundaries */
    size_t p = 0;
    for (size_t i = 1; i < nwant; i++) {
        p = txt_next(s, len, p);
        assert_int_equal(p, want[i]);
    }
    assert_int_equal(txt_next(s, len, len), len);
    for (size_t i = nwant - 1; i > 0; i--) {
        p = txt_prev(s, len, p);
        assert_int_equal(p, want[i - 1]);
    }
    assert_int_equal(txt_prev(s, len, 0), 0);
    /* every byte offset snaps to the boundary at or after it */
    for (size_t pos = 0, k = 0; pos <= len; pos++) {
        while (want[k] < pos)
            k++;
        assert_int_equal(txt_snap(s, len, pos), want[k]);
        assert_int_equal(txt_is_boundary(s, len, pos), want[k] == pos);
    }
    txt_clusters_free(&c);
}

static void clusters_emoji(void **state)
{
    (void)state;
    {
        const size_t want[] = {0, 8};
        check_clusters(S(FLAG_JP), want, 2);
        assert_int_equal(txt_width(S(FLAG_JP), AMBI_NARROW), 2);
    }
    {
        const size_t want[] = {0, 8, 16};
        check_clusters(S(FLAG_JP FLAG_CN), want, 3);
        assert_int_equal(txt_width(S(FLAG_JP FLAG_CN), AMBI_NARROW), 4);
    }
    {
        /* x, family (18 bytes), y */
        const size_t want[] = {0, 1, 19, 20};
        check_clusters(S("x" FAMILY "y"), want, 4);
        assert_int_equal(txt_width(S(FAMILY), AMBI_NARROW), 2);
    }
    {
        const size_t want[] = {0, 6, 13};
        check_clusters(S(HEART_EMOJI KEYCAP_1), want, 3);
        assert_int_equal(txt_width(S(HEART_EMOJI), AMBI_NARROW), 2);
        assert_int_equal(txt_width(S(KEYCAP_1), AMBI_NARROW), 2);
    }
}

static void clusters_combining(void **state)
{
    (void)state;
    /* e + U+0301, x, é precomposed (2 bytes), 中 */
    const size_t want[] = {0, 3, 4, 6, 9};
    check_clusters(S("e" ACUTE "x\xC3\xA9" ZHONG), want, 5);
    assert_int_equal(txt_width(S("e" ACUTE "x\xC3\xA9" ZHONG), AMBI_NARROW), 1 + 1 + 1 + 2);
    /* two marks on one base */
    const size_t want2[] = {0, 5};
    check_clusters(S("a" ACUTE "\xCC\xA3"), want2, 2);
    /* a mark with no base (start of text, after a newline) is its own cluster, one column */
    const size_t want3[] = {0, 2, 3, 5};
    check_clusters(S(ACUTE "\n" ACUTE), want3, 4);
    assert_int_equal(txt_width(S(ACUTE), AMBI_NARROW), 1);
    /* CR LF: '\n' is always a cluster of its own */
    const size_t want4[] = {0, 1, 2, 3};
    check_clusters(S("a\r\n"), want4, 4);
}

static void clusters_invalid(void **state)
{
    (void)state;
    {
        /* a, 0xFF, a truncated 中 (2 bytes), b: every invalid byte alone */
        const size_t want[] = {0, 1, 2, 3, 4, 5};
        check_clusters(S("a\xFF\xE4\xB8" "b"), want, 6);
        assert_int_equal(txt_width(S("a\xFF\xE4\xB8" "b"), AMBI_NARROW), 5);
        assert_int_equal(txt_width(S("a\xFF\xE4\xB8" "b"), AMBI_WIDE), 5);
    }
    {
        /* overlong '/', a surrogate, beyond U+10FFFF */
        const size_t want[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        check_clusters(S("\xC0\xAF\xED\xA0\x80\xF4\x90\x80\x80"), want, 10);
    }
    {
        /* an invalid byte does not take a following combining mark: that stands alone */
        const size_t want[] = {0, 1, 3, 6};
        check_clusters(S("\xFF" ACUTE ZHONG), want, 4);
        assert_int_equal(txt_width(S("\xFF" ACUTE ZHONG), AMBI_NARROW), 1 + 1 + 2);
    }
    {
        /* truncated at the very end */
        const size_t want[] = {0, 3, 4, 5};
        check_clusters(S(ZHONG "\xE6\x96"), want, 4);
    }
    {
        const size_t want[] = {0};
        check_clusters("", 0, want, 1);
    }
    /* NUL and control characters are one column each (drawn as placeholders) */
    assert_int_equal(txt_width("a\0b\x01", 4, AMBI_NARROW), 4);
    assert_int_equal(txt_width(S("a\nb"), AMBI_NARROW), 2);
}

static void word_motion(void **state)
{
    (void)state;
    /* "资金执行率95%，项目abc def" */
    const char *s = "资金执行率95%，项目abc def";
    size_t len = strlen(s);
    size_t p95 = 15, pct = 17, comma = 18, xm = 21, abc = 27, sp = 30, def = 31;
    assert_int_equal(txt_word_prev(s, len, len), def);
    assert_int_equal(txt_word_prev(s, len, def), abc);
    assert_int_equal(txt_word_prev(s, len, abc), xm);     /* 项目 and abc are separate words */
    assert_int_equal(txt_word_prev(s, len, xm), p95);     /* skips ， and %, then 95 */
    assert_int_equal(txt_word_prev(s, len, p95), 0);      /* the run of ideographs */
    assert_int_equal(txt_word_prev(s, len, 0), 0);
    assert_int_equal(txt_word_next(s, len, 0), p95);
    assert_int_equal(txt_word_next(s, len, p95), pct);
    assert_int_equal(txt_word_next(s, len, pct), abc);    /* skips %， then 项目 */
    assert_int_equal(txt_word_next(s, len, abc), sp);
    assert_int_equal(txt_word_next(s, len, sp), len);
    assert_int_equal(txt_word_next(s, len, len), len);
    (void)comma;
    /* a flag is a symbol: it separates words, as a whole */
    assert_int_equal(txt_word_prev(S("ab" FLAG_JP "cd"), 12), 10);
    assert_int_equal(txt_word_prev(S("ab" FLAG_JP "cd"), 10), 0);
    assert_int_equal(txt_word_next(S("ab" FLAG_JP "cd"), 2), 12);
    /* whitespace-only text: to the ends */
    assert_int_equal(txt_word_next(S("   "), 0), 3);
    assert_int_equal(txt_word_prev(S("   "), 3), 0);
    /* newlines separate words */
    assert_int_equal(txt_word_prev(S("ab\ncd"), 3), 0);
    /* e + combining acute stays in the word */
    assert_int_equal(txt_word_prev(S("x cafe" ACUTE), 8), 2);
}

static void offset_at_col(void **state)
{
    (void)state;
    const char *s = "ab" ZHONG WEN "c";  /* columns: a0 b1 中2-3 文4-5 c6 */
    size_t len = strlen(s);
    int ac = -1;
    assert_int_equal(txt_offset_at_col(s, len, 0, AMBI_NARROW, &ac), 0);
    assert_int_equal(ac, 0);
    assert_int_equal(txt_offset_at_col(s, len, 2, AMBI_NARROW, &ac), 2);
    assert_int_equal(ac, 2);
    assert_int_equal(txt_offset_at_col(s, len, 3, AMBI_NARROW, &ac), 2);  /* inside 中 */
    assert_int_equal(ac, 2);
    assert_int_equal(txt_offset_at_col(s, len, 5, AMBI_NARROW, &ac), 5);
    assert_int_equal(ac, 4);
    assert_int_equal(txt_offset_at_col(s, len, 6, AMBI_NARROW, &ac), 8);
    assert_int_equal(txt_offset_at_col(s, len, 7, AMBI_NARROW, &ac), len);
    assert_int_equal(ac, 7);
    assert_int_equal(txt_offset_at_col(s, len, 99, AMBI_NARROW, NULL), len);
    assert_int_equal(txt_offset_at_col(s, len, -3, AMBI_NARROW, &ac), 0);
    /* ambiguous: ≥ is 2 columns wide in AMBI_WIDE */
    const char *t = "\xE2\x89\xA5x";   /* ≥x */
    assert_int_equal(txt_offset_at_col(t, 4, 1, AMBI_NARROW, NULL), 3);
    assert_int_equal(txt_offset_at_col(t, 4, 1, AMBI_WIDE, NULL), 0);
    assert_int_equal(txt_offset_at_col(t, 4, 2, AMBI_WIDE, NULL), 3);
    /* stops at a newline */
    assert_int_equal(txt_offset_at_col(S("ab\ncd"), 10, AMBI_NARROW, NULL), 2);
}

/* ---- wrapping ---- */

static const char report[] =
    "本年度部门整体支出预算执行率为98.5%，较上年提高了2.3个百分点。项目资金均按照《预算法》"
    "和相关管理办法的规定使用，未发现截留、挤占、挪用等情况。绩效目标基本完成，其中“产出数量”"
    "指标全部达标；“满意度”指标得分95分（满分100分）。下一年度将继续加强预算绩效管理，"
    "提高财政资金使用效益。";

static bool starts_with(const char *s, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    return len >= n && memcmp(s, prefix, n) == 0;
}

/* Lines in order, covering the text, separated by nothing or one '\n', each within width
 * (hanging spaces aside) unless it holds a single cluster. */
static void check_lines(const char *s, size_t len, int width, ambi_mode am, const txt_lines *l)
{
    assert_true(l->n >= 1);
    assert_int_equal(l->lines[0].start, 0);
    assert_int_equal(l->lines[l->n - 1].end, len);
    for (size_t i = 0; i < l->n; i++) {
        txt_span sp = l->lines[i];
        assert_true(sp.start <= sp.end);
        assert_null(memchr(s + sp.start, '\n', sp.end - sp.start));
        if (i + 1 < l->n) {
            size_t next = l->lines[i + 1].start;
            assert_true(next == sp.end || (next == sp.end + 1 && s[sp.end] == '\n'));
            if (next == sp.end)
                assert_true(sp.end > sp.start);
        }
        assert_true(txt_is_boundary(s, len, sp.start));
        assert_true(txt_is_boundary(s, len, sp.end));
        size_t e = sp.end;
        while (e > sp.start && s[e - 1] == ' ')
            e--;
        if (txt_width(s + sp.start, e - sp.start, am) > width)
            assert_true(txt_next(s, len, sp.start) >= e);
    }
}

static void wrap_chinese_punctuation(void **state)
{
    (void)state;
    static const char *const no_start[] = {"，", "。", "、", "；", "：", "）", "》", "”"};
    size_t len = strlen(report);
    for (int am = AMBI_NARROW; am <= AMBI_WIDE; am++) {
        for (int w = 6; w <= 60; w++) {
            txt_lines l;
            assert_true(txt_wrap(report, len, w, (ambi_mode)am, &l) > 0);
            check_lines(report, len, w, (ambi_mode)am, &l);
            for (size_t i = 1; i < l.n; i++)
                for (size_t k = 0; k < sizeof no_start / sizeof no_start[0]; k++)
                    if (starts_with(report + l.lines[i].start, len - l.lines[i].start, no_start[k]))
                        fail_msg("width %d mode %d: line %zu starts with %s", w, am, i, no_start[k]);
            txt_lines_free(&l);
        }
    }
}

/* Line starts chosen by libunistring's own u8_width_linebreaks; false when one of its lines is
 * too wide (it does not break inside a word; txt_wrap does). */
static bool oracle_starts(const char *s, size_t len, int width, size_t *starts, size_t *n)
{
    char *p = malloc(len + 1);
    assert_non_null(p);
    u8_width_linebreaks((const uint8_t *)s, len, width, 0, 0, NULL, "UTF-8", p);
    *n = 0;
    starts[(*n)++] = 0;
    for (size_t i = 0; i < len; i++) {
        if (p[i] == UC_BREAK_POSSIBLE)
            starts[(*n)++] = i;
        else if (p[i] == UC_BREAK_MANDATORY)
            starts[(*n)++] = i + 1;
    }
    free(p);
    for (size_t i = 0; i < *n; i++) {
        size_t end = i + 1 < *n ? starts[i + 1] : len;
        if (end > starts[i] && s[end - 1] == '\n')
            end--;
        while (end > starts[i] && s[end - 1] == ' ')
            end--;
        if (u8_width((const uint8_t *)s + starts[i], end - starts[i], "UTF-8") > width)
            return false;
    }
    return true;
}

static void wrap_matches_libunistring(void **state)
{
    (void)state;
    static const char *const texts[] = {
        report,
        "The budget execution rate is 98.5 percent, up 2.3 points on last year; all indicators "
        "were met except satisfaction, which scored 95 of 100.",
        "项目名称：农村饮水安全工程 (Rural water) 实施单位：水利局\n\n绩效目标：完成 12 处供水站建设。",
        "hello world foo bar",
    "The budget execution",
        "a  b   c    d",
    };
    int compared = 0;
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
        const char *s = texts[t];
        size_t len = strlen(s);
        size_t *starts = malloc((len + 2) * sizeof *starts), n;
        assert_non_null(starts);
        for (int w = 3; w <= 70; w++) {
            if (!oracle_starts(s, len, w, starts, &n))
                continue;
            txt_lines l;
            assert_int_equal(txt_wrap(s, len, w, AMBI_NARROW, &l), (int)n);
            for (size_t i = 0; i < n; i++)
                assert_int_equal(l.lines[i].start, starts[i]);
            check_lines(s, len, w, AMBI_NARROW, &l);
            txt_lines_free(&l);
            compared++;
        }
        free(starts);
    }
    assert_true(compared > 100);
}

static void wrap_hard_newlines(void **state)
{
    (void)state;
    const char *s = "第一段\n\n第三段\n";
    txt_lines l;
    assert_int_equal(txt_wrap(s, strlen(s), 20, AMBI_NARROW, &l), 4);
    assert_int_equal(l.lines[0].start, 0);
    assert_int_equal(l.lines[0].end, 9);
    assert_int_equal(l.lines[1].start, 10);
    assert_int_equal(l.lines[1].end, 10);
    assert_int_equal(l.lines[2].start, 11);
    assert_int_equal(l.lines[2].end, 20);
    assert_int_equal(l.lines[3].start, 21);   /* the empty line after the last newline */
    assert_int_equal(l.lines[3].end, 21);
    txt_lines_free(&l);

    assert_int_equal(txt_wrap("", 0, 10, AMBI_NARROW, &l), 1);
    assert_int_equal(l.lines[0].start, 0);
    assert_int_equal(l.lines[0].end, 0);
    txt_lines_free(&l);
    /* a hard break inside a long line, then soft breaks */
    s = "一二三四五\n六七八九十";
    assert_int_equal(txt_wrap(s, strlen(s), 4, AMBI_NARROW, &l), 6);
    check_lines(s, strlen(s), 4, AMBI_NARROW, &l);
    assert_int_equal(l.lines[2].end, 15);     /* 五 alone, then the '\n' */
    assert_int_equal(l.lines[3].start, 16);
    txt_lines_free(&l);
}

static void wrap_wide_cluster(void **state)
{
    (void)state;
    txt_lines l;
    /* each ideograph is wider than 1 column: one per line */
    assert_int_equal(txt_wrap(S(ZHONG WEN), 1, AMBI_NARROW, &l), 2);
    assert_int_equal(l.lines[0].end, 3);
    assert_int_equal(l.lines[1].start, 3);
    txt_lines_free(&l);
    /* a family emoji is never split, even at width 1 */
    const char *s = "a" FAMILY "b";
    assert_int_equal(txt_wrap(s, strlen(s), 1, AMBI_NARROW, &l), 3);
    assert_int_equal(l.lines[1].start, 1);
    assert_int_equal(l.lines[1].end, 19);
    txt_lines_free(&l);
    /* a word longer than the line breaks inside it, by cluster */
    s = "abcdefgh";
    assert_int_equal(txt_wrap(s, 8, 3, AMBI_NARROW, &l), 3);
    assert_int_equal(l.lines[1].start, 3);
    assert_int_equal(l.lines[2].start, 6);
    txt_lines_free(&l);
    /* width 0 counts as 1 */
    assert_int_equal(txt_wrap(S("ab"), 0, AMBI_NARROW, &l), 2);
    txt_lines_free(&l);
    /* invalid bytes: one column each, never split */
    assert_int_equal(txt_wrap(S("\xFF\xFE\xE4\xB8"), 2, AMBI_NARROW, &l), 2);
    check_lines("\xFF\xFE\xE4\xB8", 4, 2, AMBI_NARROW, &l);
    txt_lines_free(&l);
}

static void wrap_ambiguous_mode(void **state)
{
    (void)state;
    const char *s = "①②③④⑤";   /* 3 bytes each, ambiguous */
    txt_lines l;
    assert_int_equal(txt_wrap(s, strlen(s), 6, AMBI_NARROW, &l), 1);
    txt_lines_free(&l);
    assert_int_equal(txt_wrap(s, strlen(s), 6, AMBI_WIDE, &l), 2);
    assert_int_equal(l.lines[1].start, 9);    /* three of them fill 6 columns */
    check_lines(s, strlen(s), 6, AMBI_WIDE, &l);
    txt_lines_free(&l);
    /* ≥ is 1 column in narrow mode, 2 in wide mode: the space is then the only break */
    s = "≥≥≥ ≥≥≥";
    assert_int_equal(txt_wrap(s, strlen(s), 7, AMBI_NARROW, &l), 1);
    txt_lines_free(&l);
    assert_int_equal(txt_wrap(s, strlen(s), 7, AMBI_WIDE, &l), 2);
    assert_int_equal(l.lines[1].start, 10);
    check_lines(s, strlen(s), 7, AMBI_WIDE, &l);
    txt_lines_free(&l);
}

static void wrap_hanging_spaces(void **state)
{
    (void)state;
    txt_lines l;
    const char *s = "hello world";
    assert_int_equal(txt_wrap(s, strlen(s), 5, AMBI_NARROW, &l), 2);
    assert_int_equal(l.lines[0].end, 6);      /* "hello " : the space hangs */
    assert_int_equal(l.lines[1].start, 6);
    txt_lines_free(&l);
    /* a line of spaces only does not hang */
    s = "       ab";
    assert_true(txt_wrap(s, strlen(s), 3, AMBI_NARROW, &l) >= 3);
    check_lines(s, strlen(s), 3, AMBI_NARROW, &l);
    assert_true(l.lines[0].end - l.lines[0].start <= 3);
    txt_lines_free(&l);
}

static void validity_and_sanitize(void **state)
{
    (void)state;
    assert_true(txt_valid_utf8(S("预算abc")));
    assert_true(txt_valid_utf8("", 0));
    assert_false(txt_valid_utf8("a\0b", 3));
    assert_false(txt_valid_utf8(S("a\xFF")));
    assert_false(txt_valid_utf8(S("\xED\xA0\x80")));
    assert_false(txt_valid_utf8(S("\xE4\xB8")));

    size_t n;
    char *t = txt_sanitize(S("a\r\nb\rc\td\x01" "e\xFF" "f\xC2\x85g"), true, &n);
    assert_non_null(t);
    assert_string_equal(t, "a\nb\nc\tde\xEF\xBF\xBD" "f\ng");
    assert_int_equal(n, strlen(t));
    free(t);
    t = txt_sanitize(S("a\r\nb\tc\x7F\xE4\xB8" "d"), false, &n);
    assert_non_null(t);
    assert_string_equal(t, "abc\xEF\xBF\xBD\xEF\xBF\xBD" "d");
    free(t);
    t = txt_sanitize("a\0b", 3, true, &n);
    assert_string_equal(t, "ab");
    assert_int_equal(n, 2);
    free(t);
    t = txt_sanitize("", 0, true, &n);
    assert_non_null(t);
    assert_int_equal(n, 0);
    free(t);
}

/* Bidi overrides and isolates (U+202A-U+202E, U+2066-U+2069) are drawn as a visible
 * placeholder, never sent to the terminal: one column each, like a control character. */
static void widths_bidi_controls(void **state)
{
    (void)state;
    assert_int_equal(txt_width(S("a\xE2\x80\xAE" "b"), AMBI_NARROW), 3);   /* U+202E */
    assert_int_equal(txt_width(S("\xE2\x80\xAA"), AMBI_NARROW), 1);        /* U+202A */
    assert_int_equal(txt_width(S("\xE2\x81\xA6" "x\xE2\x81\xA9"), AMBI_WIDE), 3); /* 2066, 2069 */
    assert_int_equal(txt_width(S("\x1b[5m"), AMBI_NARROW), 4);
    /* a zero-width joiner and a combining mark keep their widths */
    assert_int_equal(txt_width(S("e" ACUTE), AMBI_NARROW), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(widths_mixed),
        cmocka_unit_test(widths_bidi_controls),
        cmocka_unit_test(ambiguous_modes),
        cmocka_unit_test(clusters_emoji),
        cmocka_unit_test(clusters_combining),
        cmocka_unit_test(clusters_invalid),
        cmocka_unit_test(word_motion),
        cmocka_unit_test(offset_at_col),
        cmocka_unit_test(wrap_chinese_punctuation),
        cmocka_unit_test(wrap_matches_libunistring),
        cmocka_unit_test(wrap_hard_newlines),
        cmocka_unit_test(wrap_wide_cluster),
        cmocka_unit_test(wrap_ambiguous_mode),
        cmocka_unit_test(wrap_hanging_spaces),
        cmocka_unit_test(validity_and_sanitize),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
