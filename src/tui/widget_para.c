/* The paragraph editor: a long text (年度总体目标, 偏差原因分析及改进措施, report sections)
 * wrapped by Unicode line breaking (core/text.h txt_wrap), edited by grapheme cluster, each
 * change stored at once like any field. Esc closes it; nothing is lost by closing. */
#include "tui/app.h"

#include "tui/draw.h"

#include <stdlib.h>
#include <string.h>

static const key_ctx chain[] = {KC_PARA, KC_LINE, KC_APP};

/* The paragraph editor's own state: the text being edited and its field. */
typedef struct {
    le_buf para;
    inode *field;
    int row, col;          /* the cursor in the box, as laid out for the terminal's size */
} para_state;

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
    para_state *p = calloc(1, sizeof *p);
    const char *t = inode_text(field);
    if (!p || le_init(&p->para, t, strlen(t), true) != 0) {
        free(p);
        app_message_id(a, true, M_OUT_OF_MEMORY);
        return CH_DRAW;
    }
    if (a->view->focus != field)
        app_focus(a, field);
    p->field = field;
    int f = app_push(a, &para_screen, p);
    if (insert && len && app_top_is(a, &para_screen))
        f |= para_screen.text(a, p, insert, len);
    return f;
}

static void para_free(app *a, void *st)
{
    para_state *p = st;
    le_free(&p->para);
    free(p);
    if (a->view)
        app_reload_editor(a);
}

void para_close(app *a)
{
    if (app_top_is(a, &para_screen))
        app_pop(a);
}

inode *para_field(app *a)
{
    para_state *p = app_top_is(a, &para_screen);
    return p ? p->field : NULL;
}

void para_reload(app *a)
{
    para_state *p = app_top_is(a, &para_screen);
    if (p)
        le_set(&p->para, inode_text(p->field), strlen(inode_text(p->field)));
}

static int para_text(app *a, void *st, const char *text, size_t len)
{
    para_state *p = st;
    if (!app_can_edit(a, p->field, true))
        return CH_DRAW;
    if (le_insert(&p->para, text, len) != 0) {
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
    return app_commit(a, p->field, p->para.buf);
}

/* The scroll that keeps the cursor in the box (le_para_view), before drawing. */
static void para_layout(app *a, void *st)
{
    para_state *p = st;
    int y0, x0, w, h;
    geom(a, &y0, &x0, &w, &h);
    le_para_view(&p->para, w, h, term_ambi(), &p->row, &p->col);
}

static void para_draw(const app *a, const void *st, frame *out)
{
    const para_state *p = st;
    app_draw_frame(a, chain, 3, NULL);
    ambi_mode am = term_ambi();
    int y0, x0, w, h;
    geom(a, &y0, &x0, &w, &h);
    txt_lines tl;
    if (txt_wrap(p->para.buf, p->para.len, w, am, &tl) < 0) {
        /* said where the text would be: drawing leaves no message behind */
        draw_text_fit(y0, x0, w, tr(M_OUT_OF_MEMORY), term_attr(ROLE_ERROR));
        return;
    }
    int row = p->row, col = p->col;
    size_t cur_line = (size_t)(p->para.top + row);
    char *t = trf(M_PARA_T, node_label(a->english, p->field));
    /* text that exactly fills its last line leaves the cursor on the row below, where the
     * next character goes: that row counts ("行 4/4", not "行 4/3") */
    size_t nlines = tl.n > cur_line + 1 ? tl.n : cur_line + 1;
    char *pos = trf(M_LINE_COL, cur_line + 1, nlines);
    int pw = pos ? draw_width(pos) + 1 : 0;
    draw_text_fit(1, 0, a->cols - pw, t ? t : "", term_attr(ROLE_TITLE));
    if (pos)
        draw_text_right(1, a->cols - pw, pw - 1, pos, term_attr(ROLE_TITLE));
    free(t);
    free(pos);
    /* the field's first finding (or its help) stays in view while editing */
    const finding_list *fl = inode_findings(p->field);
    if (fl && fl->len > 0) {
        const finding *f = &fl->items[0];
        char *s = tui_asprintf("%c %s: %s", sev_mark((int)f->sev), sev_word((int)f->sev),
                               a->english ? f->msg_en : f->msg_zh);
        draw_text_fit(2, x0, w, s ? s : "", term_attr(sev_role((int)f->sev)));
        free(s);
    } else {
        const char *hl = i18n_get(&inode_def(p->field)->help, a->english);
        draw_text_fit(2, x0, w, hl ? hl : "", term_attr(ROLE_HELP));
    }
    attr_t at = term_attr(ROLE_VALUE);
    for (int i = 0; i < h; i++) {
        size_t li = (size_t)p->para.top + (size_t)i;
        if (li >= tl.n)
            break;
        draw_text(y0 + i, x0, w, p->para.buf + tl.lines[li].start,
                  tl.lines[li].end - tl.lines[li].start, at);
    }
    txt_lines_free(&tl);
    if (p->para.top > 0)
        mvaddch(y0, a->cols - 1, '^');
    frame_cursor(out, y0 + row, x0 + col, true);
}

static int para_key(app *a, void *st, const term_ev *ev)
{
    para_state *p = st;
    if (ev->kind == EV_KEY && ev->code == KEY_MOUSE)
        return CH_NONE;
    ambi_mode am = term_ambi();
    int y0, x0, w, h;
    geom(a, &y0, &x0, &w, &h);
    action act = keys_lookup(chain, 3, ev);
    bool changed = false;
    switch (act) {
    case ACT_LINE_UP:
        le_up(&p->para, w, am);
        return CH_DRAW;
    case ACT_LINE_DOWN:
        le_down(&p->para, w, am);
        return CH_DRAW;
    case ACT_PARA_PGUP:
    case ACT_PARA_PGDN:
        for (int i = 0; i < h - 1; i++)
            (act == ACT_PARA_PGUP ? le_up : le_down)(&p->para, w, am);
        return CH_DRAW;
    case ACT_NEWLINE:
        return para_text(a, p, "\n", 1);
    case ACT_CLOSE:
        return app_pop(a);
    case ACT_BACKSPACE: case ACT_DELETE: case ACT_KILL_END: case ACT_KILL_START:
    case ACT_KILL_WORD: case ACT_YANK:
        if (!app_can_edit(a, p->field, true))
            return CH_DRAW;
        line_action(&p->para, act, &changed);
        return changed ? app_commit(a, p->field, p->para.buf) : CH_DRAW;
    case ACT_LEFT: case ACT_RIGHT: case ACT_HOME: case ACT_END: case ACT_WORD_LEFT:
    case ACT_WORD_RIGHT:
        line_action(&p->para, act, &changed);
        return CH_DRAW;
    default:
        return app_global(a, act);
    }
}

static size_t para_chain(const app *a, const void *st, key_ctx *out, size_t max)
{
    (void)a;
    (void)st;
    return app_chain_copy(chain, sizeof chain / sizeof chain[0], out, max);
}

const screen_ops para_screen = {
    .name = "paragraph",
    .key = para_key,
    .text = para_text,
    .layout = para_layout,
    .draw = para_draw,
    .close = para_free,
    .chain = para_chain,
};
