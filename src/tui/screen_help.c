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

void help_draw(app *a)
{
    app_draw_frame(a, chain, 2, NULL);
    draw_text_pad(1, 0, a->cols, tr(M_HELP_T), term_attr(ROLE_TITLE));
    size_t h = (size_t)(a->rows - 4);
    size_t maxtop = a->nhelp > h ? a->nhelp - h : 0;
    if (a->list_top > maxtop)
        a->list_top = maxtop;
    for (size_t r = 0; r < h && a->list_top + r < a->nhelp; r++) {
        const char *l = a->help[a->list_top + r];
        bool head = l[0] == '#';
        draw_text_fit(2 + (int)r, 1, a->cols - 2, head ? l + 2 : l,
                      term_attr(head ? ROLE_HEADING : ROLE_NORMAL));
    }
    if (a->list_top + h < a->nhelp)
        mvaddch(a->rows - 3, a->cols - 1, 'v');
}

int help_key(app *a, const term_ev *ev)
{
    action act = keys_lookup(chain, 2, ev);
    size_t h = (size_t)(a->rows > 5 ? a->rows - 5 : 1);
    size_t maxtop = a->nhelp > h ? a->nhelp - h : 0;
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
