/* The list of sections with each one's count of errors and warnings; Enter jumps there. */
#include "tui/app.h"

#include "tui/draw.h"

#include <stdlib.h>
#include <string.h>

static const key_ctx chain[] = {KC_LIST, KC_PART, KC_APP};
static const key_ctx chain_noparts[] = {KC_LIST, KC_APP};

int sections_open(app *a)
{
    if (a->mode == SCR_PARA)
        para_close(a);
    a->list_return = SCR_SECTION;
    a->mode = SCR_SECTIONS;
    a->list_n = a->nsecs;
    a->list_sel = a->cur;
    a->list_top = 0;
    return CH_DRAW;
}

void sections_draw(app *a)
{
    if (app_has_parts(a))
        app_draw_frame(a, chain, 3, NULL);
    else
        app_draw_frame(a, chain_noparts, 2, NULL);
    draw_text_pad(1, 0, a->cols, tr(M_SECTIONS_T), term_attr(ROLE_TITLE));
    a->list_n = a->nsecs;
    size_t h = (size_t)(a->rows - 4);
    list_scroll(a, h);
    for (size_t r = 0; r < h && a->list_top + r < a->nsecs; r++) {
        size_t i = a->list_top + r;
        int y = 2 + (int)r;
        size_t counts[3] = {0, 0, 0};
        int worst = inode_worst(a->secs[i].node, counts);
        bool sel = i == a->list_sel;
        attr_t at = term_attr(sel ? ROLE_SELECTED : ROLE_NORMAL);
        draw_fill(y, 0, a->cols, at);
        char *right = tui_asprintf("! %3zu  ? %3zu ", counts[SEV_ERROR], counts[SEV_WARNING]);
        int rw = right ? draw_width(right) : 0;
        char *title = app_section_title_fit(a, i, a->cols - rw - 1 - 6);
        char *left = tui_asprintf("%c%3zu  %s", i == a->cur ? '>' : ' ', i + 1,
                                  title ? title : "");
        free(title);
        draw_text_fit(y, 0, a->cols - rw - 1, left ? left : "", at);
        if (right)
            draw_text_right(y, a->cols - rw, rw, right,
                            sel ? at : term_attr(worst >= 0 ? sev_role(worst) : ROLE_NORMAL));
        free(left);
        free(right);
        if (sel) {
            a->cur_y = y;
            a->cur_x = 0;
        }
    }
}

int sections_key(app *a, const term_ev *ev)
{
    size_t page = (size_t)(a->rows > 6 ? a->rows - 6 : 1);
    if (ev->kind == EV_KEY && ev->code == KEY_MOUSE) {
        if (ev->mouse_y < 2 || ev->mouse_y >= a->rows - 2)
            return CH_NONE;
        size_t i = a->list_top + (size_t)(ev->mouse_y - 2);
        if (i >= a->nsecs)
            return CH_NONE;
        a->list_sel = i;
    } else {
        action act = app_has_parts(a) ? keys_lookup(chain, 3, ev)
                                       : keys_lookup(chain_noparts, 2, ev);
        if (list_motion(a, act, page))
            return CH_DRAW;
        if (act == ACT_PART_ADD || act == ACT_PART_DUP || act == ACT_PART_DEL) {
            /* on the project of the selected line; the list stays, on the project's first
             * section */
            int f = part_action(a, act, a->list_sel);
            if (f & CH_GONE)
                return f;
            a->mode = SCR_SECTIONS;
            a->list_n = a->nsecs;
            a->list_sel = a->cur;
            return f | CH_DRAW;
        }
        if (act == ACT_CLOSE) {
            list_close(a);
            return CH_DRAW;
        }
        if (act != ACT_CHOOSE)
            return act == ACT_SECTIONS ? CH_NONE : app_global(a, act);
    }
    if (a->list_sel >= a->nsecs)
        return CH_NONE;
    int f = app_check_leaving(a, a->focus);
    if (f & CH_GONE)
        return f;
    app_focus_section(a, a->list_sel);
    a->mode = SCR_SECTION;
    return f | CH_DRAW;
}
