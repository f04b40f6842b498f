/* The line editor on screen: core/lineedit.h does the editing by grapheme cluster; this draws
 * the visible span and says where the cursor goes, and maps editing actions to le_* calls. */
#include "tui/app.h"

#include "tui/draw.h"

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

int line_draw(le_buf *le, int y, int x, int w, attr_t attr)
{
    ambi_mode am = term_ambi();
    draw_fill(y, x, w, attr);
    if (w <= 0)
        return x;
    size_t vs, ve;
    int col = le_view(le, w, am, &vs, &ve);
    /* the first whole cluster may start right of the scroll column (a wide character cut by
     * the left edge is left out, not drawn half) */
    int off = txt_width(le->buf, vs, am) - le->scroll;
    if (off < 0)
        off = 0;
    draw_text(y, x + off, w - off, le->buf + vs, ve - vs, attr);
    if (col < 0)
        col = 0;
    if (col > w - 1)
        col = w - 1;
    return x + col;
}

int line_draw_right(le_buf *le, int y, int x, int w, attr_t attr, int *text_x)
{
    ambi_mode am = term_ambi();
    int tw = txt_width(le->buf, le->len, am);
    /* w includes the column after the value that holds the cursor at its end: a number that
     * fits ends where it ends when not focused, so it does not jump left under the cursor */
    if (w < 2 || tw > w - 1) {
        *text_x = x;
        return line_draw(le, y, x, w, attr);
    }
    draw_fill(y, x, w, attr);
    le->scroll = 0;
    int off = w - 1 - tw;
    draw_text(y, x + off, tw, le->buf, le->len, attr);
    *text_x = x + off;
    return x + off + txt_width(le->buf, le->cur, am);
}
