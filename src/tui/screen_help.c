/* F1: every key, generated from the key table (tui/keys.h), so help never drifts from the
 * bindings. */
#include "tui/app.h"

#include "tui/draw.h"

#include <stdlib.h>
#include <string.h>

static const key_ctx chain[] = {KC_LIST, KC_APP};

static void help_free(app *a)
{
    for (size_t i = 0; i < a->nhelp; i++)
        free(a->help[i]);
    free(a->help);
    a->help = NULL;
    a->nhelp = 0;
}

int help_open(app *a)
{
    if (a->mode == SCR_HELP)
        return CH_NONE;
    help_free(a);
    if (keys_help_lines(a->english, &a->help, &a->nhelp) != 0) {
        app_message_id(a, true, M_OUT_OF_MEMORY);
        return CH_DRAW;
    }
    a->list_return = a->mode;
    a->mode = SCR_HELP;
    a->list_n = a->nhelp;
    a->list_sel = a->list_top = 0;
    return CH_DRAW;
}

/* keys_help_lines writes "  %-22s %s": the description starts here */
#define HELP_DESC 25

/* Draws help line l as display rows from *row on (wrapping a long description under
 * itself), those within [top, top + h) at screen line 2 + (row - top). */
static void help_rows(app *a, const char *l, size_t *row, size_t top, size_t h)
{
    bool head = l[0] == '#';
    int w = a->cols - 2;
    attr_t at = term_attr(head ? ROLE_HEADING : ROLE_NORMAL);
    size_t len = strlen(l);
    txt_lines tl = {0};
    bool wrap = !head && draw_width(l) > w && len > HELP_DESC && l[HELP_DESC - 1] == ' ' &&
                w - HELP_DESC >= 10 &&
                txt_wrap(l + HELP_DESC, len - HELP_DESC, w - HELP_DESC, term_ambi(), &tl) >= 0;
    if (!wrap) {
        if (*row >= top && *row < top + h)
            draw_text_fit(2 + (int)(*row - top), 1, w, head ? l + 2 : l, at);
        (*row)++;
        return;
    }
    for (size_t k = 0; k < tl.n; k++, (*row)++) {
        if (*row < top || *row >= top + h)
            continue;
        int y = 2 + (int)(*row - top);
        if (k == 0)
            draw_text(y, 1, HELP_DESC, l, HELP_DESC, at);
        draw_text(y, 1 + HELP_DESC, w - HELP_DESC, l + HELP_DESC + tl.lines[k].start,
                  tl.lines[k].end - tl.lines[k].start, at);
    }
    txt_lines_free(&tl);
}

void help_draw(app *a)
{
    app_draw_frame(a, chain, 2, NULL);
    draw_text_pad(1, 0, a->cols, tr(M_HELP_T), term_attr(ROLE_TITLE));
    size_t h = (size_t)(a->rows - 4);
    /* the rows depend on the width: counted while drawing, then the scroll is checked */
    for (int pass = 0; pass < 2; pass++) {
        size_t row = 0;
        for (size_t i = 0; i < a->nhelp; i++)
            help_rows(a, a->help[i], &row, pass ? a->list_top : (size_t)-1 / 2, h);
        a->list_n = row;
        size_t maxtop = row > h ? row - h : 0;
        if (a->list_top > maxtop)
            a->list_top = maxtop;
    }
    if (a->list_top + h < a->list_n)
        mvaddch(a->rows - 3, a->cols - 1, 'v');
}

int help_key(app *a, const term_ev *ev)
{
    action act = keys_lookup(chain, 2, ev);
    size_t h = (size_t)(a->rows > 5 ? a->rows - 5 : 1);
    /* list_n: the rows of the help as last drawn (long lines wrap) */
    size_t maxtop = a->list_n > h ? a->list_n - h : 0;
    switch (act) {
    case ACT_LIST_UP:   if (a->list_top > 0) a->list_top--; return CH_DRAW;
    case ACT_LIST_DOWN: if (a->list_top < maxtop) a->list_top++; return CH_DRAW;
    case ACT_LIST_PGUP: a->list_top = a->list_top > h ? a->list_top - h : 0; return CH_DRAW;
    case ACT_LIST_PGDN: a->list_top = a->list_top + h < maxtop ? a->list_top + h : maxtop; return CH_DRAW;
    case ACT_LIST_HOME: a->list_top = 0; return CH_DRAW;
    case ACT_LIST_END:  a->list_top = maxtop; return CH_DRAW;
    case ACT_CLOSE:
    case ACT_HELP:
    case ACT_CHOOSE:
        help_free(a);
        list_close(a);
        return CH_DRAW;
    default:
        if (act == ACT_NONE)
            return CH_NONE;
        help_free(a);
        list_close(a);
        return app_global(a, act);
    }
}
