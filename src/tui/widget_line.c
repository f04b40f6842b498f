/* The line editor on screen: core/lineedit.h does the editing by grapheme cluster; this draws
 * the visible span and says where the cursor goes, and maps editing actions to le_* calls. */
#include "tui/app.h"

#include "tui/draw.h"

#include <stdlib.h>
#include <string.h>

bool line_action(le_buf *le, action act, bool *changed)
{
    *changed = false;
    switch (act) {
    case ACT_LEFT:       le_left(le); return true;
    case ACT_RIGHT:      le_right(le); return true;
    case ACT_HOME:       le_home(le); return true;
    case ACT_END:        le_end(le); return true;
    case ACT_WORD_LEFT:  le_word_left(le); return true;
    case ACT_WORD_RIGHT: le_word_right(le); return true;
    case ACT_BACKSPACE:  *changed = le_backspace(le); return true;
    case ACT_DELETE:     *changed = le_delete(le); return true;
    case ACT_KILL_END:   *changed = le_kill_to_end(le); return true;
    case ACT_KILL_START: *changed = le_kill_to_start(le); return true;
    case ACT_KILL_WORD:  *changed = le_kill_word_back(le); return true;
    case ACT_YANK: {
        size_t before = le->len;
        le_yank(le);
        *changed = le->len != before;
        return true;
    }
    default:
        return false;
    }
}

static const char MARK[] = "\xe2\x80\xa6";    /* …, as draw_text_fit cuts a text */

/* How le shows in a box of w columns at le's scroll as it stands: a mark takes the first /
 * last column(s) when text is hidden on that side, so a text scrolled to its end never reads
 * as if it began where the box begins ("完成…" for "未完成…"). Changes nothing. */
typedef struct {
    int lw, rw;             /* the marks' widths (0: no mark) */
    size_t vs, ve;          /* the byte span drawn */
    int col;                /* the cursor's column from the box's left edge + lw */
} line_fit;

static void fit_at(const le_buf *le, int scroll, int w, ambi_mode am, line_fit *f)
{
    int mw = txt_width(MARK, sizeof MARK - 1, am);
    bool marks = w >= 4 * mw + 2;
    f->lw = marks && scroll > 0 ? mw : 0;
    f->rw = 0;
    f->col = le_view_span(le, scroll, w - f->lw, am, &f->vs, &f->ve);
    if (marks && f->ve < le->len) {
        f->rw = mw;
        f->col = le_view_span(le, scroll, w - f->lw - f->rw, am, &f->vs, &f->ve);
    }
}

void line_layout(le_buf *le, int w)
{
    if (w <= 0)
        return;
    ambi_mode am = term_ambi();
    /* room for the marks is taken from the view, which may then scroll: settle until the
     * marks the scroll asks for are those the scroll was settled with (two rounds at most in
     * practice; four bound it) */
    int s = le->scroll, lw = 0, rw = 0;
    for (int pass = 0; pass < 4; pass++) {
        s = le_view_scroll(le, s, w - lw - rw, am);
        line_fit f;
        fit_at(le, s, w, am, &f);
        if (f.lw == lw && f.rw == rw)
            break;
        lw = f.lw;
        rw = f.rw;
    }
    le->scroll = s;
}

/* Whether a number is drawn right-aligned in its box (it fits, the column after it for the
 * cursor): then its scroll is 0. */
static bool fits_right(const le_buf *le, int w)
{
    return w >= 2 && txt_width(le->buf, le->len, term_ambi()) <= w - 1;
}

void line_layout_right(le_buf *le, int w)
{
    if (fits_right(le, w))
        le->scroll = 0;
    else
        line_layout(le, w);
}

/* Draws the visible span of le in [x, x + w) at the scroll line_layout settled. *text_x gets
 * where column le->scroll is drawn. */
static int draw_view(const le_buf *le, int y, int x, int w, attr_t attr, int *text_x)
{
    ambi_mode am = term_ambi();
    draw_fill(y, x, w, attr);
    *text_x = x;
    if (w <= 0)
        return x;
    line_fit f;
    fit_at(le, le->scroll, w, am, &f);
    int vw = w - f.lw - f.rw;
    /* the first whole cluster may start right of the scroll column (a wide character cut by
     * the left edge is left out, not drawn half) */
    int off = txt_width(le->buf, f.vs, am) - le->scroll;
    if (off < 0)
        off = 0;
    draw_text(y, x + f.lw + off, vw - off, le->buf + f.vs, f.ve - f.vs, attr);
    if (f.lw)
        draw_text(y, x, f.lw, MARK, sizeof MARK - 1, attr);
    if (f.rw)
        draw_text(y, x + w - f.rw, f.rw, MARK, sizeof MARK - 1, attr);
    int col = f.col;
    if (col < 0)
        col = 0;
    if (col > vw - 1)
        col = vw - 1;
    *text_x = x + f.lw;
    return x + f.lw + col;
}

int line_draw(const le_buf *le, int y, int x, int w, attr_t attr)
{
    int tx;
    return draw_view(le, y, x, w, attr, &tx);
}

int line_draw_right(const le_buf *le, int y, int x, int w, attr_t attr, int *text_x)
{
    /* w includes the column after the value that holds the cursor at its end: a number that
     * fits ends where it ends when not focused, so it does not jump left under the cursor */
    if (!fits_right(le, w))
        return draw_view(le, y, x, w, attr, text_x);
    ambi_mode am = term_ambi();
    int tw = txt_width(le->buf, le->len, am);
    draw_fill(y, x, w, attr);
    int off = w - 1 - tw;
    draw_text(y, x + off, tw, le->buf, le->len, attr);
    *text_x = x + off;
    return x + off + txt_width(le->buf, le->cur, am);
}

/* A focused value reached by moving shows from its start (typing replaces it), not through
 * the line editor's view. */
static bool shown_fresh(const section_view *v)
{
    const le_buf *le = &v->ed;
    const char *shown = v->focus && le->len == 0 ? field_shown(v->focus) : "";
    return v->ed_fresh && (le->len > 0 || *shown);
}

void field_layout_focused(app *a, int w, bool numeric)
{
    if (shown_fresh(a->view))
        return;
    if (numeric)
        line_layout_right(&a->view->ed, w + 1);
    else
        line_layout(&a->view->ed, w + 1);
}

int field_draw_focused(const app *a, const section_view *v, frame *out, int y, int x, int w,
                       bool numeric, attr_t attr)
{
    const le_buf *le = &v->ed;
    int tx = x, cx;
    /* a computed figure not typed over (分值合计, 得分) shows the rule's figure until typed */
    const char *shown = v->focus && le->len == 0 ? field_shown(v->focus) : "";
    if (shown_fresh(v)) {
        /* reached by moving: shown from its start as when not focused; what is typed goes
         * where the value starts, replacing it, so the cursor (and an input method's
         * candidate window) is there */
        const char *val = le->len > 0 ? le->buf : shown;
        size_t vlen = le->len > 0 ? le->len : strlen(shown);
        int tw = draw_widthn(val, vlen);
        draw_fill(y, x, w + 1, attr);
        if (numeric && tw <= w) {
            draw_text(y, x + w - tw, tw, val, vlen, attr);
            tx = x + w - tw;
        } else {
            char *t = tui_asprintf("%.*s", (int)vlen, val);
            draw_text_fit(y, x, w, t ? t : "", attr);
            free(t);
        }
        cx = tx;
    } else {
        /* +1: the column after the value holds the cursor at its end */
        cx = numeric ? line_draw_right(le, y, x, w + 1, attr, &tx)
                     : draw_view(le, y, x, w + 1, attr, &tx);
    }
    out->ed_x = tx;
    frame_cursor(out, y, cx, !app_locked(a));
    return cx;
}
