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

/* Draws the visible span of le in [x, x + w); a mark takes the first / last column(s) when
 * text is hidden on that side, so a text scrolled to its end never reads as if it began where
 * the box begins ("完成…" for "未完成…"). *text_x gets where column le->scroll is drawn. */
static int draw_view(le_buf *le, int y, int x, int w, attr_t attr, int *text_x)
{
    ambi_mode am = term_ambi();
    draw_fill(y, x, w, attr);
    *text_x = x;
    if (w <= 0)
        return x;
    int mw = draw_widthn(MARK, sizeof MARK - 1);
    int lw = 0, rw = 0;
    size_t vs, ve;
    int col = le_view(le, w, am, &vs, &ve);
    /* room for the marks is taken from the view, which may then scroll: settle in two steps */
    for (int pass = 0; pass < 2 && w >= 4 * mw + 2; pass++) {
        int nl = le->scroll > 0 ? mw : 0;
        int nr = ve < le->len ? mw : 0;
        if (nl == lw && nr == rw)
            break;
        lw = nl > lw ? nl : lw;
        rw = nr > rw ? nr : rw;
        col = le_view(le, w - lw - rw, am, &vs, &ve);
    }
    int vw = w - lw - rw;
    /* the first whole cluster may start right of the scroll column (a wide character cut by
     * the left edge is left out, not drawn half) */
    int off = txt_width(le->buf, vs, am) - le->scroll;
    if (off < 0)
        off = 0;
    draw_text(y, x + lw + off, vw - off, le->buf + vs, ve - vs, attr);
    if (lw)
        draw_text(y, x, lw, MARK, sizeof MARK - 1, attr);
    if (rw)
        draw_text(y, x + w - rw, rw, MARK, sizeof MARK - 1, attr);
    if (col < 0)
        col = 0;
    if (col > vw - 1)
        col = vw - 1;
    *text_x = x + lw;
    return x + lw + col;
}

int line_draw(le_buf *le, int y, int x, int w, attr_t attr)
{
    int tx;
    return draw_view(le, y, x, w, attr, &tx);
}

int line_draw_right(le_buf *le, int y, int x, int w, attr_t attr, int *text_x)
{
    ambi_mode am = term_ambi();
    int tw = txt_width(le->buf, le->len, am);
    /* w includes the column after the value that holds the cursor at its end: a number that
     * fits ends where it ends when not focused, so it does not jump left under the cursor */
    if (w < 2 || tw > w - 1)
        return draw_view(le, y, x, w, attr, text_x);
    draw_fill(y, x, w, attr);
    le->scroll = 0;
    int off = w - 1 - tw;
    draw_text(y, x + off, tw, le->buf, le->len, attr);
    *text_x = x + off;
    return x + off + txt_width(le->buf, le->cur, am);
}

int field_draw_focused(app *a, int y, int x, int w, bool numeric, attr_t attr)
{
    le_buf *le = &a->view->ed;
    int tx = x, cx;
    /* a computed figure not typed over (分值合计, 得分) shows the rule's figure until typed */
    const char *shown = a->view->focus && le->len == 0 ? field_shown(a->view->focus) : "";
    if (a->view->ed_fresh && (le->len > 0 || *shown)) {
        /* reached by moving: shown from its start as when not focused; what is typed goes
         * where the value starts, replacing it, so the cursor (and an input method's
         * candidate window) is there */
        const char *v = le->len > 0 ? le->buf : shown;
        size_t vlen = le->len > 0 ? le->len : strlen(shown);
        int tw = draw_widthn(v, vlen);
        draw_fill(y, x, w + 1, attr);
        if (numeric && tw <= w) {
            draw_text(y, x + w - tw, tw, v, vlen, attr);
            tx = x + w - tw;
        } else {
            char *t = tui_asprintf("%.*s", (int)vlen, v);
            draw_text_fit(y, x, w, t ? t : "", attr);
            free(t);
        }
        cx = tx;
    } else {
        /* +1: the column after the value holds the cursor at its end */
        cx = numeric ? line_draw_right(le, y, x, w + 1, attr, &tx)
                     : draw_view(le, y, x, w + 1, attr, &tx);
    }
    a->ed_x = tx;
    a->cur_y = y;
    a->cur_x = cx;
    a->cur_show = !app_locked(a);
    return cx;
}
