/* Drawing changes nothing (issue 12): a real draft opened as the editor opens it, on a
 * curses screen that writes to /dev/null. On every section, with a long text in the focused
 * field's line editor (its sideways scroll then matters), the layout step settles what
 * depends on the terminal, and drawing the top screen twice leaves the app, the section
 * screen's state and the line editor's text and scroll exactly as they were, and gives the
 * same frame (hit boxes, cursor) both times. The same for the list of sections, the help, the
 * findings and a prompt dialog over the section screen, which also draw the same cells twice.
 * A second layout moves nothing either: the scroll it settled is settled. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tui/app.h"
#include "tui/dialog.h"
#include "tmp_fixture.h"

static char tmpdir[64];
static char draft_path[PATH_MAX];
static FILE *null_out, *null_in;
static SCREEN *scr;

static int setup(void **state)
{
    (void)state;
    tf_use_repo_forms();
    if (tf_make_tmpdir(tmpdir, sizeof tmpdir, "draw") != 0)
        return -1;
    snprintf(draft_path, sizeof draft_path, "%s/d.json", tmpdir);
    FILE *in = fopen("tests/fixtures/seed001_project.json", "rb");
    FILE *out = fopen(draft_path, "wb");
    if (!in || !out)
        return -1;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        fwrite(buf, 1, n, out);
    fclose(in);
    fclose(out);
    /* a terminal that goes nowhere: curses draws into its screen, nothing is shown */
    null_out = fopen("/dev/null", "w");
    null_in = fopen("/dev/null", "r");
    scr = newterm("xterm-256color", null_out, null_in);
    if (!scr)
        return -1;
    set_term(scr);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    endwin();
    delscreen(scr);
    fclose(null_out);
    fclose(null_in);
    tf_rm_tree(tmpdir);
    return 0;
}

/* What drawing could change: the app (its bytes but the frame, which is drawing's output),
 * the section screen's state (its bytes: scrolls, focus, layout's pointers) and the line
 * editor's text. */
typedef struct {
    app a;
    section_view v;
    char *ed_text;
    bool dirty;
} snapshot;

static void take(snapshot *s, const app *a)
{
    s->a = *a;
    memset(&s->a.fr, 0, sizeof s->a.fr);
    s->v = *a->view;
    s->ed_text = a->view->ed_ok ? strdup(a->view->ed.buf) : NULL;
    s->dirty = doc_dirty(a->d);
}

static void same(const snapshot *x, const snapshot *y)
{
    assert_memory_equal(&x->a, &y->a, sizeof x->a);
    assert_memory_equal(&x->v, &y->v, sizeof x->v);
    if (x->ed_text || y->ed_text) {
        assert_non_null(x->ed_text);
        assert_non_null(y->ed_text);
        assert_string_equal(x->ed_text, y->ed_text);
    }
    assert_int_equal(x->dirty, y->dirty);
}

static void same_frame(const frame *x, const frame *y)
{
    assert_int_equal(x->nhits, y->nhits);
    if (x->nhits)
        assert_memory_equal(x->hits, y->hits, x->nhits * sizeof *x->hits);
    assert_int_equal(x->cur_y, y->cur_y);
    assert_int_equal(x->cur_x, y->cur_x);
    assert_int_equal(x->cur_show, y->cur_show);
    assert_int_equal(x->ed_x, y->ed_x);
}

/* The top screens as app_draw draws them (the overlays and the screen under them), into a
 * frame of the test's own. */
static void draw_top(const app *a, frame *out)
{
    size_t first = a->nstack - 1;
    while (first > 0 && a->stack[first].ops->overlay)
        first--;
    for (size_t i = first; i < a->nstack; i++)
        a->stack[i].ops->draw(a, a->stack[i].st, out);
}

static void frame_free(frame *f)
{
    free(f->hits);
    memset(f, 0, sizeof *f);
}

/* Lays out (app_draw), then draws twice: nothing changes, the same frame comes out. */
static void check_draw_pure(app *a)
{
    app_draw(a);
    snapshot before, after;
    take(&before, a);
    frame f1 = {0}, f2 = {0};
    draw_top(a, &f1);
    draw_top(a, &f2);
    take(&after, a);
    same(&before, &after);
    same_frame(&f1, &f2);
    /* the frame the main loop kept is the one drawing gives */
    same_frame(&a->fr, &f1);
    free(after.ed_text);
    frame_free(&f1);
    frame_free(&f2);
    /* a second layout finds everything settled: the line editor's scroll stays */
    int scroll = a->view->ed.scroll;
    size_t top = a->view->top;
    app_draw(a);
    assert_int_equal(a->view->ed.scroll, scroll);
    assert_int_equal(a->view->top, top);
    free(before.ed_text);
}

/* What curses holds after drawing (every cell, its character and look). Malloc'd. */
static char *screen_bytes(size_t *len)
{
    char *buf = NULL;
    FILE *m = open_memstream(&buf, len);
    assert_non_null(m);
    assert_int_equal(putwin(stdscr, m), OK);
    fclose(m);
    return buf;
}

/* A screen on top (a list, the help): drawing it twice changes neither the app, the section
 * screen's state below it nor its own state (its first state_size bytes: a list's position),
 * and draws the same cells, with the same frame. */
static void check_screen_pure(app *a, size_t state_size)
{
    app_draw(a);
    snapshot before, after;
    take(&before, a);
    const void *st = a->stack[a->nstack - 1].st;
    char *st_before = malloc(state_size + 1);
    memcpy(st_before, st, state_size);
    frame f1 = {0}, f2 = {0};
    size_t n1, n2;
    draw_top(a, &f1);
    char *c1 = screen_bytes(&n1);
    draw_top(a, &f2);
    char *c2 = screen_bytes(&n2);
    take(&after, a);
    same(&before, &after);
    same_frame(&f1, &f2);
    assert_memory_equal(st_before, st, state_size);
    assert_int_equal(n1, n2);
    assert_memory_equal(c1, c2, n1);
    free(c1);
    free(c2);
    free(st_before);
    free(before.ed_text);
    free(after.ed_text);
    frame_free(&f1);
    frame_free(&f2);
}

static const char LONG[] = "这是一段很长的说明文字，用来检查单行编辑框横向滚动的位置，"
                           "abcdefghijklmnopqrstuvwxyz 0123456789 结束";

/* Puts a long text into the focused field's line editor, the cursor near its middle, as if
 * typed there: the line editor's view is drawn (not the value from its start). */
static void edit_long(app *a)
{
    if (!a->view->ed_ok)
        return;
    assert_int_equal(le_set(&a->view->ed, LONG, sizeof LONG - 1), 0);
    a->view->ed_fresh = false;
    a->view->ed.cur = 0;
    for (int i = 0; i < 40; i++)
        le_right(&a->view->ed);
    a->view->ed.scroll = 0;
}

static void every_section_draws_without_changing(void **state)
{
    (void)state;
    app a;
    memset(&a, 0, sizeof a);
    a.rows = 30;
    a.cols = 80;
    char *err = NULL;
    app_doc_opts o = {0};
    assert_int_equal(app_open_doc(&a, draft_path, &o, &err), 0);
    assert_null(err);
    assert_non_null(a.view);
    assert_true(a.nsecs > 1);
    bool scrolled = false;
    size_t cells_checked = 0;
    for (size_t s = 0; s < a.nsecs; s++) {
        app_focus_section(&a, s);
        edit_long(&a);
        check_draw_pure(&a);
        scrolled = scrolled || a.view->ed.scroll > 0;
        /* and an editable cell of each table row on it (a grid's box is the cell's) */
        for (size_t i = 0; i < a.view->lay.nlines; i++) {
            if (a.view->lay.lines[i].kind != LN_GRID_ROW)
                continue;
            inode **cells;
            size_t n = layout_line_cells(&a.view->lay, i, &cells);
            inode *target = NULL;
            for (size_t k = n; k-- > 0;)
                if (cells[k] && field_is_editable(cells[k]) &&
                    inode_def(cells[k])->type != FT_PARAGRAPH)
                    target = cells[k];
            if (!target)
                continue;
            app_focus(&a, target);
            edit_long(&a);
            check_draw_pure(&a);
            cells_checked++;
            i = a.view->lay.nlines;   /* one row a section: the layout was rebuilt */
        }
    }
    /* the long text was scrolled somewhere: the check saw a settled scroll, not only 0 */
    assert_true(scrolled);
    assert_true(cells_checked > 0);

    /* the lists and the help over the section screen */
    assert_int_equal(sections_open(&a) & CH_GONE, 0);
    assert_non_null(app_top_is(&a, &sections_screen));
    check_screen_pure(&a, sizeof(list_pos));
    app_pop(&a);
    help_open(&a);
    assert_non_null(app_top_is(&a, &help_screen));
    check_screen_pure(&a, 0);
    app_pop(&a);
    findings_open(&a);
    if (app_top_is(&a, &findings_screen)) {
        check_screen_pure(&a, 0);
        app_pop(&a);
    }

    /* a prompt dialog over the section screen: both are drawn, neither changes */
    app_focus_section(&a, 0);
    dialog_prompt(&a, "Title", "Text", LONG, (dialog_then){0});
    assert_true(dialog_on_top(&a));
    check_draw_pure(&a);
    check_screen_pure(&a, 0);
    app_pop_all(&a);
    app_drop_doc(&a);
    free(a.fr.hits);
    free(a.msg);
    free(a.journal_problem);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_section_draws_without_changing),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
