/* Tests for core/lineedit: the single-line and paragraph editing buffers.
 * Expected offsets and columns are counted by hand: ASCII 1 byte / 1 column, CJK 3 bytes /
 * 2 columns, ambiguous characters 3 bytes / 1 or 2 columns. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/lineedit.h"

#define S(lit) (lit), (sizeof(lit) - 1)
#define FLAG_JP "\xF0\x9F\x87\xAF\xF0\x9F\x87\xB5"
#define FAMILY "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7"
#define ACUTE "\xCC\x81"

static void insert_cleans(void **state)
{
    (void)state;
    le_buf e;
    assert_int_equal(le_init(&e, S("a\tb\nc\x01" "d\xFF"), false), 0);
    assert_string_equal(e.buf, "a b cd\xEF\xBF\xBD");
    assert_int_equal(e.cur, e.len);
    assert_int_equal(e.goal_col, -1);
    /* a cell copied from a spreadsheet: the trailing line end goes */
    assert_int_equal(le_set(&e, S("123.45\r\n")), 0);
    assert_string_equal(e.buf, "123.45");
    e.cur = 3;
    assert_int_equal(le_insert(&e, S("x\r\ny")), 0);
    assert_string_equal(e.buf, "123x y.45");
    assert_int_equal(e.cur, 6);
    assert_int_equal(le_insert(&e, S("\x01\x02")), 0);   /* nothing left to insert */
    assert_string_equal(e.buf, "123x y.45");
    le_free(&e);

    assert_int_equal(le_init(&e, S("第一行\r\n第二行\r第三行\t。"), true), 0);
    assert_string_equal(e.buf, "第一行\n第二行\n第三行 。");
    le_free(&e);
    assert_int_equal(le_init(&e, NULL, 0, true), 0);
    assert_string_equal(e.buf, "");
    le_free(&e);
}

static void motion_by_cluster(void **state)
{
    (void)state;
    le_buf e;
    /* a, flag (8), e + acute (3), 中 (3), family (18) */
    const char *s = "a" FLAG_JP "e" ACUTE "\xE4\xB8\xAD" FAMILY;
    const size_t stops[] = {0, 1, 9, 12, 15, 33};
    assert_int_equal(le_init(&e, s, strlen(s), false), 0);
    assert_int_equal(e.cur, 33);
    for (size_t i = 5; i > 0; i--) {
        le_left(&e);
        assert_int_equal(e.cur, stops[i - 1]);
    }
    le_left(&e);
    assert_int_equal(e.cur, 0);
    for (size_t i = 1; i < 6; i++) {
        le_right(&e);
        assert_int_equal(e.cur, stops[i]);
    }
    le_right(&e);
    assert_int_equal(e.cur, 33);
    le_home(&e);
    assert_int_equal(e.cur, 0);
    le_end(&e);
    assert_int_equal(e.cur, 33);
    le_free(&e);
}

static void word_motion(void **state)
{
    (void)state;
    le_buf e;
    assert_int_equal(le_init(&e, S("项目资金 budget_2024, 执行率"), false), 0);
    /* 项目资金 0-12, space, budget_2024 13-24, ',' 24, space 25, 执行率 26-35 */
    le_word_left(&e);
    assert_int_equal(e.cur, 26);
    le_word_left(&e);
    assert_int_equal(e.cur, 13);
    le_word_left(&e);
    assert_int_equal(e.cur, 0);
    le_word_right(&e);
    assert_int_equal(e.cur, 12);
    le_word_right(&e);
    assert_int_equal(e.cur, 24);
    le_free(&e);
}

static void delete_by_cluster(void **state)
{
    (void)state;
    le_buf e;
    const char *s = "x" FAMILY "e" ACUTE "y";
    assert_int_equal(le_init(&e, s, strlen(s), false), 0);
    e.cur = 19;                         /* after the family */
    assert_true(le_backspace(&e));
    assert_string_equal(e.buf, "xe" ACUTE "y");
    assert_int_equal(e.cur, 1);
    assert_true(le_delete(&e));         /* e and its accent go together */
    assert_string_equal(e.buf, "xy");
    assert_int_equal(e.cur, 1);
    assert_true(le_delete(&e));
    assert_false(le_delete(&e));
    assert_true(le_backspace(&e));
    assert_false(le_backspace(&e));
    assert_string_equal(e.buf, "");
    le_free(&e);
}

static void cursor_never_inside_a_cluster(void **state)
{
    (void)state;
    le_buf e;
    /* typing a base letter before a lone combining mark joins them: the cursor goes after */
    assert_int_equal(le_init(&e, S(ACUTE "z"), false), 0);
    e.cur = 0;
    assert_int_equal(le_insert(&e, S("e")), 0);
    assert_string_equal(e.buf, "e" ACUTE "z");
    assert_int_equal(e.cur, 3);
    /* a regional indicator typed before another makes a flag */
    assert_int_equal(le_set(&e, S("\xF0\x9F\x87\xB5")), 0);      /* P */
    e.cur = 0;
    assert_int_equal(le_insert(&e, S("\xF0\x9F\x87\xAF")), 0);   /* J */
    assert_string_equal(e.buf, FLAG_JP);
    assert_int_equal(e.cur, 8);
    /* deleting what separated a base and a mark joins them too */
    assert_int_equal(le_set(&e, S("e\xE2\x80\x8B" ACUTE)), 0);   /* e, ZWSP, mark */
    e.cur = 4;
    assert_true(le_backspace(&e));      /* remove the ZWSP: e and the mark join */
    assert_string_equal(e.buf, "e" ACUTE);
    assert_true(txt_is_boundary(e.buf, e.len, e.cur));
    le_free(&e);
}

static void kill_and_yank(void **state)
{
    (void)state;
    le_buf e;
    assert_int_equal(le_init(&e, S("预算 执行率 good"), false), 0);
    assert_true(le_kill_word_back(&e));
    assert_string_equal(e.buf, "预算 执行率 ");
    assert_string_equal(e.killed, "good");
    assert_true(le_kill_word_back(&e));
    assert_string_equal(e.buf, "预算 ");
    assert_string_equal(e.killed, "执行率 ");
    assert_int_equal(le_yank(&e), 0);
    assert_string_equal(e.buf, "预算 执行率 ");
    assert_int_equal(e.cur, e.len);
    e.cur = 3;
    assert_true(le_kill_to_end(&e));
    assert_string_equal(e.buf, "预");
    assert_string_equal(e.killed, "算 执行率 ");
    assert_false(le_kill_to_end(&e));
    assert_true(le_kill_to_start(&e));
    assert_string_equal(e.buf, "");
    assert_false(le_kill_to_start(&e));
    assert_int_equal(le_yank(&e), 0);
    assert_int_equal(le_yank(&e), 0);
    assert_string_equal(e.buf, "预预");
    le_free(&e);

    /* paragraph: kills stop at newlines, and at a newline take it */
    assert_int_equal(le_init(&e, S("ab\ncd\nef"), true), 0);
    e.cur = 4;                          /* between c and d */
    assert_true(le_kill_to_end(&e));
    assert_string_equal(e.buf, "ab\nc\nef");
    assert_true(le_kill_to_end(&e));    /* at the newline: joins the lines */
    assert_string_equal(e.buf, "ab\ncef");
    assert_true(le_kill_to_start(&e));
    assert_string_equal(e.buf, "ab\nef");
    assert_int_equal(e.cur, 3);
    assert_true(le_kill_to_start(&e));  /* at a line's start: joins it to the one before */
    assert_string_equal(e.buf, "abef");
    assert_int_equal(e.cur, 2);
    le_free(&e);
}

/* Every cursor position: the cursor column is inside the field, and the drawn span is whole
 * clusters inside [scroll, scroll + width) with the cursor's cluster among them. */
static void check_view(le_buf *e, int width, ambi_mode am)
{
    size_t vs, ve;
    int c = le_view(e, width, am, &vs, &ve);
    assert_true(c >= 0 && c < width);
    assert_int_equal(c, txt_width(e->buf, e->cur, am) - e->scroll);
    assert_true(vs <= ve && ve <= e->len);
    assert_true(txt_is_boundary(e->buf, e->len, vs));
    assert_true(txt_is_boundary(e->buf, e->len, ve));
    int vcol = txt_width(e->buf, vs, am) - e->scroll;
    assert_true(vcol >= 0 && vcol <= 1);
    assert_true(vcol + txt_width(e->buf + vs, ve - vs, am) <= width);
    if (e->cur < e->len && width >= 2) {
        assert_true(e->cur >= vs);
        assert_true(txt_next(e->buf, e->len, e->cur) <= ve);
    }
}

static void scroll_wide_edges(void **state)
{
    (void)state;
    le_buf e;
    /* "a" then ten 中: columns a0, 中 at 1,3,5,...,19; 21 columns in all */
    char text[64] = "a";
    for (int i = 0; i < 10; i++)
        strcat(text, "\xE4\xB8\xAD");
    assert_int_equal(le_init(&e, text, strlen(text), false), 0);
    size_t vs, ve;
    /* cursor at the end: the cursor cell is the last column; 21 - 5 = 16 columns scrolled.
     * The 中 at columns 15-16 straddles the left edge: not drawn, the first drawn starts at 17 */
    int c = le_view(&e, 6, AMBI_NARROW, &vs, &ve);
    assert_int_equal(e.scroll, 16);
    assert_int_equal(c, 5);
    assert_int_equal(vs, 1 + 3 * 8);
    assert_int_equal(ve, e.len);
    /* home: scroll back; 中 at 5-6 straddles the right edge of 6 columns: not drawn */
    le_home(&e);
    c = le_view(&e, 6, AMBI_NARROW, &vs, &ve);
    assert_int_equal(e.scroll, 0);
    assert_int_equal(c, 0);
    assert_int_equal(vs, 0);
    assert_int_equal(ve, 1 + 3 * 2);
    /* walk right then left through the text at several widths */
    for (int w = 1; w <= 12; w++) {
        e.cur = 0;
        e.scroll = 0;
        for (int i = 0; i < 12; i++) {
            check_view(&e, w, AMBI_NARROW);
            le_right(&e);
        }
        for (int i = 0; i < 12; i++) {
            check_view(&e, w, AMBI_NARROW);
            le_left(&e);
        }
    }
    le_free(&e);
}

static void scroll_margin(void **state)
{
    (void)state;
    le_buf e;
    assert_int_equal(le_init(&e, S("abcdefghijklmnopqrstuvwxyz0123456789"), false), 0);
    size_t vs, ve;
    /* width 20: margin 3 */
    e.cur = 0;
    le_view(&e, 20, AMBI_NARROW, &vs, &ve);
    for (int i = 0; i < 16; i++)
        le_right(&e);
    /* at column 16 the 3 columns after it (17-19) are still visible: no scroll yet */
    assert_int_equal(le_view(&e, 20, AMBI_NARROW, &vs, &ve), 16);
    assert_int_equal(e.scroll, 0);
    le_right(&e);
    assert_int_equal(le_view(&e, 20, AMBI_NARROW, &vs, &ve), 16);
    assert_int_equal(e.scroll, 1);
    assert_int_equal(vs, 1);
    assert_int_equal(ve, 21);
    /* moving back left keeps 3 columns before the cursor */
    for (int i = 0; i < 13; i++)
        le_left(&e);
    assert_int_equal(le_view(&e, 20, AMBI_NARROW, &vs, &ve), 3);
    assert_int_equal(e.scroll, 1);
    le_left(&e);
    assert_int_equal(le_view(&e, 20, AMBI_NARROW, &vs, &ve), 3);
    assert_int_equal(e.scroll, 0);
    /* deleting text while scrolled pulls the text back: no blank space on the right */
    le_end(&e);
    le_view(&e, 20, AMBI_NARROW, &vs, &ve);
    assert_int_equal(e.scroll, 36 + 1 - 20);
    for (int i = 0; i < 30; i++)
        le_backspace(&e);
    assert_int_equal(le_view(&e, 20, AMBI_NARROW, &vs, &ve), 6);
    assert_int_equal(e.scroll, 0);
    le_free(&e);
}

static void scroll_ambiguous(void **state)
{
    (void)state;
    le_buf e;
    /* ten ≥: 10 columns narrow, 20 wide */
    char text[64] = "";
    for (int i = 0; i < 10; i++)
        strcat(text, "\xE2\x89\xA5");
    assert_int_equal(le_init(&e, text, strlen(text), false), 0);
    size_t vs, ve;
    assert_int_equal(le_view(&e, 12, AMBI_NARROW, &vs, &ve), 10);
    assert_int_equal(e.scroll, 0);
    assert_int_equal(le_view(&e, 12, AMBI_WIDE, &vs, &ve), 11);
    assert_int_equal(e.scroll, 9);
    /* the ≥ at columns 8-9 straddles the left edge: drawing starts at column 10 */
    assert_int_equal(vs, 5 * 3);
    for (int w = 1; w <= 8; w++)
        for (size_t p = 0; p <= e.len; p += 3) {
            e.cur = p;
            check_view(&e, w, AMBI_WIDE);
        }
    le_free(&e);
}

/* The two halves of le_view are pure: they leave the buffer as it was (struct and text), and
 * together give what le_view gives and sets; the scroll they settle on is settled (asking
 * again from there moves nothing), so a layout step can settle it once and drawing can ask
 * for the span as often as it likes. */
static void view_queries_pure(void **state)
{
    (void)state;
    const char *texts[] = {
        "abcdefghijklmnopqrstuvwxyz0123456789",
        "a\xE4\xB8\xAD\xE4\xB8\xAD\xE4\xB8\xAD\xE4\xB8\xAD\xE4\xB8\xAD" "bc\xE4\xB8\xAD",
        "\xE2\x89\xA5\xE2\x89\xA5\xE2\x89\xA5x\xE2\x89\xA5\xE2\x89\xA5",
        "a" FLAG_JP "e" ACUTE "\xE4\xB8\xAD" FAMILY "tail",
        "",
    };
    const ambi_mode ams[] = {AMBI_NARROW, AMBI_WIDE};
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++)
        for (size_t m = 0; m < 2; m++)
            for (int w = 0; w <= 14; w++) {
                le_buf e;
                assert_int_equal(le_init(&e, texts[t], strlen(texts[t]), false), 0);
                /* every byte offset, cluster boundary or not, from several earlier scrolls */
                for (size_t p = 0; p <= e.len; p++)
                    for (int s0 = -2; s0 <= 30; s0 += 4) {
                        e.cur = p;
                        e.scroll = s0;
                        le_buf before = e;
                        char *text = strdup(e.buf);
                        int s = le_view_scroll(&e, e.scroll, w, ams[m]);
                        size_t vs, ve;
                        int c = le_view_span(&e, s, w, ams[m], &vs, &ve);
                        assert_memory_equal(&before, &e, sizeof e);
                        assert_string_equal(text, e.buf);
                        free(text);
                        /* settled: asking again from there stays */
                        assert_int_equal(le_view_scroll(&e, s, w, ams[m]), s);
                        /* the same as le_view, which sets the scroll */
                        size_t vs2, ve2;
                        int c2 = le_view(&e, w, ams[m], &vs2, &ve2);
                        if (w >= 1)
                            assert_int_equal(e.scroll, s);
                        assert_int_equal(c2, c);
                        assert_int_equal(vs2, vs);
                        assert_int_equal(ve2, ve);
                    }
                le_free(&e);
            }
}

static void paragraph_up_down(void **state)
{
    (void)state;
    le_buf e;
    /* 一二三四五六七八九十 at width 8: 一二三四 / 五六七八 / 九十 */
    const char *s = "一二三四五六七八九十";
    assert_int_equal(le_init(&e, s, strlen(s), true), 0);
    e.cur = 9;                          /* before 四: column 6 */
    le_down(&e, 8, AMBI_NARROW);
    assert_int_equal(e.cur, 21);        /* before 八 */
    assert_int_equal(e.goal_col, 6);
    le_down(&e, 8, AMBI_NARROW);
    assert_int_equal(e.cur, 30);        /* 九十 is 4 columns: its end */
    le_down(&e, 8, AMBI_NARROW);        /* last line: nothing */
    assert_int_equal(e.cur, 30);
    le_up(&e, 8, AMBI_NARROW);          /* the goal column 6 is kept */
    assert_int_equal(e.cur, 21);
    le_up(&e, 8, AMBI_NARROW);
    assert_int_equal(e.cur, 9);
    le_up(&e, 8, AMBI_NARROW);          /* first line: nothing */
    assert_int_equal(e.cur, 9);
    le_right(&e);                       /* other motion forgets the goal */
    assert_int_equal(e.goal_col, -1);
    le_free(&e);

    /* a goal column in the middle of a wide character goes to its start; hard newlines */
    s = "abcde\n中文\n\nxyz";
    assert_int_equal(le_init(&e, s, strlen(s), true), 0);
    e.cur = 3;                          /* column 3 */
    le_down(&e, 20, AMBI_NARROW);
    assert_int_equal(e.cur, 9);         /* column 3 is inside 文 (columns 2-3): before it */
    le_down(&e, 20, AMBI_NARROW);
    assert_int_equal(e.cur, 13);        /* the empty line */
    le_down(&e, 20, AMBI_NARROW);
    assert_int_equal(e.cur, 17);        /* xyz: column 3 is its end */
    le_up(&e, 20, AMBI_NARROW);
    le_up(&e, 20, AMBI_NARROW);
    le_up(&e, 20, AMBI_NARROW);
    assert_int_equal(e.cur, 3);
    le_free(&e);

    /* up from a short line into a hard line that wraps: its last wrapped line first */
    s = "一二三四五六\nab";        /* width 8: 一二三四 / 五六, then ab */
    assert_int_equal(le_init(&e, s, strlen(s), true), 0);
    e.cur = 20;                         /* between a and b: column 1 */
    le_up(&e, 8, AMBI_NARROW);
    assert_int_equal(e.cur, 12);        /* column 1 is inside 五: before it */
    le_up(&e, 8, AMBI_NARROW);
    assert_int_equal(e.cur, 0);
    le_down(&e, 8, AMBI_NARROW);
    le_down(&e, 8, AMBI_NARROW);
    assert_int_equal(e.cur, 20);        /* the goal column 1 brought back */
    le_free(&e);
}

static void paragraph_home_end_view(void **state)
{
    (void)state;
    le_buf e;
    const char *s = "一二三四五六七八九十";
    assert_int_equal(le_init(&e, s, strlen(s), true), 0);
    int row, col;
    le_para_view(&e, 8, 2, AMBI_NARROW, &row, &col);
    assert_int_equal(e.top, 1);         /* 3 lines, 2 rows: the cursor's last line shown */
    assert_int_equal(row, 1);
    assert_int_equal(col, 4);
    e.cur = 15;                         /* before 六, on the second line */
    le_home(&e);
    assert_int_equal(e.cur, 12);
    le_end(&e);
    assert_int_equal(e.cur, 21);        /* soft-wrapped line: before its last character */
    e.cur = 0;
    le_para_view(&e, 8, 2, AMBI_NARROW, &row, &col);
    assert_int_equal(e.top, 0);
    assert_int_equal(row, 0);
    assert_int_equal(col, 0);
    /* a full last line: the cursor at the end shows at the start of the next row */
    assert_int_equal(le_set(&e, S("一二三四")), 0);
    le_para_view(&e, 8, 1, AMBI_NARROW, &row, &col);
    assert_int_equal(e.top, 1);
    assert_int_equal(row, 0);
    assert_int_equal(col, 0);
    le_para_view(&e, 8, 3, AMBI_NARROW, &row, &col);
    assert_int_equal(e.top, 0);
    assert_int_equal(row, 1);
    le_free(&e);
    /* single-line buffers: home/end are the ends of the text */
    assert_int_equal(le_init(&e, S("abc"), false), 0);
    e.cur = 1;
    le_end(&e);
    assert_int_equal(e.cur, 3);
    le_free(&e);
}

static void paste_10k_chinese(void **state)
{
    (void)state;
    /* about 10 KB of Chinese in lines, pasted at once into the middle of a paragraph */
    const char *line = "本年度预算执行率达到百分之九十八，绩效目标全部完成。\n";
    size_t ll = strlen(line), reps = 10240 / ll + 1;
    char *big = malloc(ll * reps + 1);
    assert_non_null(big);
    for (size_t i = 0; i < reps; i++)
        memcpy(big + i * ll, line, ll);
    big[ll * reps] = '\0';
    size_t n = ll * reps;
    assert_true(n >= 10240);

    le_buf e;
    assert_int_equal(le_init(&e, S("前言。后记"), true), 0);
    e.cur = 9;                          /* after 前言。 */
    clock_t t0 = clock();
    assert_int_equal(le_insert(&e, big, n), 0);
    clock_t t1 = clock();
    assert_int_equal(e.len, 15 + n);
    assert_int_equal(e.cur, 9 + n);
    assert_memory_equal(e.buf, "前言。", 9);
    assert_memory_equal(e.buf + 9, big, n);
    assert_string_equal(e.buf + 9 + n, "后记");
    int row, col;
    le_para_view(&e, 40, 10, AMBI_WIDE, &row, &col);
    clock_t t2 = clock();
    assert_true(row >= 0 && row < 10);
    /* timings are printed, not asserted: a loaded machine must not fail the test */
    printf("# paste %zu bytes: insert %.3f ms, first paragraph view %.3f ms\n", n,
           1000.0 * (double)(t1 - t0) / CLOCKS_PER_SEC, 1000.0 * (double)(t2 - t1) / CLOCKS_PER_SEC);
    /* the same into a single-line field: newlines become spaces */
    le_buf f;
    assert_int_equal(le_init(&f, "", 0, false), 0);
    assert_int_equal(le_insert(&f, big, n), 0);
    assert_null(memchr(f.buf, '\n', f.len));
    assert_int_equal(f.len, n - 1);     /* the trailing newline dropped */
    le_free(&f);
    le_free(&e);
    free(big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(insert_cleans),
        cmocka_unit_test(motion_by_cluster),
        cmocka_unit_test(word_motion),
        cmocka_unit_test(delete_by_cluster),
        cmocka_unit_test(cursor_never_inside_a_cluster),
        cmocka_unit_test(kill_and_yank),
        cmocka_unit_test(scroll_wide_edges),
        cmocka_unit_test(scroll_margin),
        cmocka_unit_test(scroll_ambiguous),
        cmocka_unit_test(view_queries_pure),
        cmocka_unit_test(paragraph_up_down),
        cmocka_unit_test(paragraph_home_end_view),
        cmocka_unit_test(paste_10k_chinese),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
