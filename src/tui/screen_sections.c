/* The list of sections with each one's count of errors and warnings; Enter jumps there. */
#include "tui/app.h"

#include "tui/draw.h"

#include <stdlib.h>
#include <string.h>

static const key_ctx chain[] = {KC_LIST, KC_PART, KC_APP};
static const key_ctx chain_noparts[] = {KC_LIST, KC_APP};

int sections_open(app *a)
{
    if (!a->d || !app_pop_to(a, &section_screen))
        return CH_NONE;
    list_pos *p = calloc(1, sizeof *p);
    if (!p) {
        app_message_id(a, true, M_OUT_OF_MEMORY);
        return CH_DRAW;
    }
    p->n = a->nsecs;
    p->sel = a->view->cur;
    return app_push(a, &sections_screen, p);
}

static void sections_layout(app *a, void *st)
{
    list_pos *p = st;
    p->n = a->nsecs;
    list_scroll(p, (size_t)(a->rows - 4));
}

static void sections_draw(const app *a, const void *st, frame *out)
{
    const list_pos *p = st;
    if (app_has_parts(a))
        app_draw_frame(a, chain, 3, NULL);
    else
        app_draw_frame(a, chain_noparts, 2, NULL);
    draw_text_pad(1, 0, a->cols, tr(M_SECTIONS_T), term_attr(ROLE_TITLE));
    size_t h = (size_t)(a->rows - 4);
    for (size_t r = 0; r < h && p->top + r < a->nsecs; r++) {
        size_t i = p->top + r;
        int y = 2 + (int)r;
        size_t counts[3] = {0, 0, 0};
        int worst = inode_worst(a->secs[i].node, counts);
        bool sel = i == p->sel;
        attr_t at = term_attr(sel ? ROLE_SELECTED : ROLE_NORMAL);
        draw_fill(y, 0, a->cols, at);
        char *right = tui_asprintf("! %3zu  ? %3zu ", counts[SEV_ERROR], counts[SEV_WARNING]);
        int rw = right ? draw_width(right) : 0;
        char *title = app_section_title_fit(a, i, a->cols - rw - 1 - 6);
        char *left = tui_asprintf("%c%3zu  %s", i == a->view->cur ? '>' : ' ', i + 1,
                                  title ? title : "");
        free(title);
        draw_text_fit(y, 0, a->cols - rw - 1, left ? left : "", at);
        if (right)
            draw_text_right(y, a->cols - rw, rw, right,
                            sel ? at : term_attr(worst >= 0 ? sev_role(worst) : ROLE_NORMAL));
        free(left);
        free(right);
        if (sel) {
            frame_cursor(out, y, 0, false);
        }
    }
}

static int sections_key(app *a, void *st, const term_ev *ev)
{
    list_pos *p = st;
    size_t page = (size_t)(a->rows > 6 ? a->rows - 6 : 1);
    if (ev->kind == EV_KEY && ev->code == KEY_MOUSE) {
        if (ev->mouse_y < 2 || ev->mouse_y >= a->rows - 2)
            return CH_NONE;
        size_t i = p->top + (size_t)(ev->mouse_y - 2);
        if (i >= a->nsecs)
            return CH_NONE;
        p->sel = i;
    } else {
        action act = app_has_parts(a) ? keys_lookup(chain, 3, ev)
                                       : keys_lookup(chain_noparts, 2, ev);
        if (list_motion(p, act, page))
            return CH_DRAW;
        if (act == ACT_PART_ADD || act == ACT_PART_DUP || act == ACT_PART_DEL) {
            /* on the project of the selected line; the list stays, on the project's first
             * section */
            int f = part_action(a, act, p->sel);
            if (f & CH_GONE)
                return f;
            p->n = a->nsecs;
            p->sel = a->view->cur;
            return f | CH_DRAW;
        }
        if (act == ACT_CLOSE)
            return app_pop(a);
        if (act != ACT_CHOOSE)
            return act == ACT_SECTIONS ? CH_NONE : app_global(a, act);
    }
    if (p->sel >= a->nsecs)
        return CH_NONE;
    inode *old = a->view->focus;
    size_t sel = p->sel;
    int f = app_pop(a);         /* frees p */
    app_focus_section(a, sel);
    /* the field left may still need its override's reason: asked on top of the new place */
    return f | app_check_leaving(a, old) | CH_DRAW;
}

static size_t sections_chain(const app *a, const void *st, key_ctx *out, size_t max)
{
    (void)st;
    return app_has_parts(a) ? app_chain_copy(chain, 3, out, max)
                            : app_chain_copy(chain_noparts, 2, out, max);
}

const screen_ops sections_screen = {
    .name = "sections",
    .key = sections_key,
    .layout = sections_layout,
    .draw = sections_draw,
    .chain = sections_chain,
};
