/* The paragraph editor: a long text (年度总体目标, 偏差原因分析及改进措施, report sections)
 * wrapped by Unicode line breaking (core/text.h txt_wrap), edited by grapheme cluster, each
 * change stored at once like any field. Esc closes it; nothing is lost by closing. */
#include "tui/app.h"

#include "tui/draw.h"

#include <stdlib.h>
#include <string.h>

static const key_ctx chain[] = {KC_PARA, KC_LINE, KC_APP};

static void geom(const app *a, int *y0, int *x0, int *w, int *h)
{
    *y0 = 3;
    *x0 = 2;
    *w = a->cols - 4;
    *h = a->rows - 5;
    if (*h < 1)
        *h = 1;
    if (*w < 4)
        *w = 4;
}

int para_open(app *a, inode *field, const char *insert, size_t len)
{
    if (a->para_ok)
        le_free(&a->para);
    const char *t = inode_text(field);
    a->para_ok = le_init(&a->para, t, strlen(t), true) == 0;
    if (!a->para_ok) {
        app_message_id(a, true, M_OUT_OF_MEMORY);
        return CH_DRAW;
    }
    if (a->focus != field)
        app_focus(a, field);
    a->para_field = field;
    a->mode = SCR_PARA;
    if (insert && len)
        return para_text(a, insert, len);
    return CH_DRAW;
}

void para_close(app *a)
{
    if (a->para_ok)
        le_free(&a->para);
    a->para_ok = false;
    a->para_field = NULL;
    a->mode = SCR_SECTION;
    app_reload_editor(a);
}

int para_text(app *a, const char *text, size_t len)
{
    if (!a->para_ok || !app_can_edit(a, a->para_field, true))
        return CH_DRAW;
    if (le_insert(&a->para, text, len) != 0) {
        app_message_id(a, true, M_OUT_OF_MEMORY);
        return CH_DRAW;
    }
    if (len > 256) {
        char *m = trf(M_PASTED, len);
        if (m) {
            app_message(a, false, "%s", m);
            free(m);
        }
    }
    return app_commit(a, a->para_field, a->para.buf);
}

void para_draw(app *a)
{
    app_draw_frame(a, chain, 3, NULL);
    if (!a->para_ok)
        return;
    ambi_mode am = term_ambi();
    int y0, x0, w, h;
    geom(a, &y0, &x0, &w, &h);
    txt_lines tl;
    if (txt_wrap(a->para.buf, a->para.len, w, am, &tl) < 0) {
        app_message_id(a, true, M_OUT_OF_MEMORY);
        return;
    }
    int row, col;
    le_para_view(&a->para, w, h, am, &row, &col);
    size_t cur_line = (size_t)(a->para.top + row);
    char *t = trf(M_PARA_T, node_label(a->english, a->para_field));
    char *pos = trf(M_LINE_COL, cur_line + 1, tl.n ? tl.n : 1);
    int pw = pos ? draw_width(pos) + 1 : 0;
    draw_text_fit(1, 0, a->cols - pw, t ? t : "", term_attr(ROLE_TITLE));
    if (pos)
        draw_text_right(1, a->cols - pw, pw - 1, pos, term_attr(ROLE_TITLE));
    free(t);
    free(pos);
    /* the field's first finding (or its help) stays in view while editing */
    const finding_list *fl = inode_findings(a->para_field);
    if (fl && fl->len > 0) {
        const finding *f = &fl->items[0];
        char *s = tui_asprintf("%c %s: %s", sev_mark((int)f->sev), sev_word((int)f->sev),
                               a->english ? f->msg_en : f->msg_zh);
        draw_text_fit(2, x0, w, s ? s : "", term_attr(sev_role((int)f->sev)));
        free(s);
    } else {
        const char *hl = i18n_get(&inode_def(a->para_field)->help, a->english);
        draw_text_fit(2, x0, w, hl ? hl : "", term_attr(ROLE_HELP));
    }
    attr_t at = term_attr(ROLE_VALUE);
    for (int i = 0; i < h; i++) {
        size_t li = (size_t)a->para.top + (size_t)i;
        if (li >= tl.n)
            break;
        draw_text(y0 + i, x0, w, a->para.buf + tl.lines[li].start,
                  tl.lines[li].end - tl.lines[li].start, at);
    }
    txt_lines_free(&tl);
    if (a->para.top > 0)
        mvaddch(y0, a->cols - 1, '^');
    a->cur_y = y0 + row;
    a->cur_x = x0 + col;
    a->cur_show = true;
}

int para_key(app *a, const term_ev *ev)
{
    if (!a->para_ok) {
        para_close(a);
        return CH_DRAW;
    }
    if (ev->kind == EV_KEY && ev->code == KEY_MOUSE)
        return CH_NONE;
    ambi_mode am = term_ambi();
    int y0, x0, w, h;
    geom(a, &y0, &x0, &w, &h);
    action act = keys_lookup(chain, 3, ev);
    bool changed = false;
    switch (act) {
    case ACT_LINE_UP:
        le_up(&a->para, w, am);
        return CH_DRAW;
    case ACT_LINE_DOWN:
        le_down(&a->para, w, am);
        return CH_DRAW;
    case ACT_PARA_PGUP:
    case ACT_PARA_PGDN:
        for (int i = 0; i < h - 1; i++)
            (act == ACT_PARA_PGUP ? le_up : le_down)(&a->para, w, am);
        return CH_DRAW;
    case ACT_NEWLINE:
        return para_text(a, "\n", 1);
    case ACT_CLOSE:
        para_close(a);
        return CH_DRAW;
    case ACT_BACKSPACE: case ACT_DELETE: case ACT_KILL_END: case ACT_KILL_START:
    case ACT_KILL_WORD: case ACT_YANK:
        if (!app_can_edit(a, a->para_field, true))
            return CH_DRAW;
        line_action(&a->para, act, &changed);
        return changed ? app_commit(a, a->para_field, a->para.buf) : CH_DRAW;
    case ACT_LEFT: case ACT_RIGHT: case ACT_HOME: case ACT_END: case ACT_WORD_LEFT:
    case ACT_WORD_RIGHT:
        line_action(&a->para, act, &changed);
        return CH_DRAW;
    default:
        return app_global(a, act);
    }
}
