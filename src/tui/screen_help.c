/* F1: every key, generated from the key table (tui/keys.h), so help never drifts from the
 * bindings. The same screen shows other text to read whole: the message log (Alt-m). */
#include "tui/app.h"

#include "tui/draw.h"

#include <stdlib.h>
#include <string.h>

static const key_ctx chain[] = {KC_LIST, KC_APP};

/* The help's own state: its lines, and the scroll (pos.n: display rows as last drawn, long
 * lines wrap). */
typedef struct {
    list_pos pos;
    char **lines;
    size_t nlines;
    char *title;                /* NULL: the help's */
    bool plain;                 /* lines wrap at the screen's width (else under the key's
                                 * description) */
} help_state;

static void help_close(app *a, void *st)
{
    (void)a;
    help_state *h = st;
    for (size_t i = 0; i < h->nlines; i++)
        free(h->lines[i]);
    free(h->lines);
    free(h->title);
    free(h);
}

int help_open(app *a)
{
    if (app_top_is(a, &help_screen))
        return CH_NONE;
    help_state *h = calloc(1, sizeof *h);
    if (!h || keys_help_lines(a->english, &h->lines, &h->nlines) != 0) {
        free(h);
        app_message_id(a, true, M_OUT_OF_MEMORY);
        return CH_DRAW;
    }
    h->pos.n = h->nlines;
    return app_push(a, &help_screen, h);
}

int text_screen_open(app *a, char *title, char **lines, size_t n)
{
    if (app_top_is(a, &help_screen))
        app_pop(a);
    help_state *h = calloc(1, sizeof *h);
    if (!h) {
        for (size_t i = 0; i < n; i++)
            free(lines[i]);
        free(lines);
        free(title);
        app_message_id(a, true, M_OUT_OF_MEMORY);
        return CH_DRAW;
    }
    h->lines = lines;
    h->nlines = n;
    h->title = title;
    h->plain = true;
    h->pos.n = n;
    return app_push(a, &help_screen, h) | CH_DRAW;
}

/* keys_help_lines writes "  %-22s %s": the description starts in this column */
#define HELP_DESC 25

/* The byte where line l's description starts (column HELP_DESC: keys such as "Esc 1 … Esc 9"
 * hold characters of several bytes), 0 when the line has no description column there. */
static size_t desc_byte(const char *l, size_t len)
{
    for (size_t b = 1; b <= len; b++) {
        int w = draw_widthn(l, b);
        if (w > HELP_DESC)
            return 0;
        if (w == HELP_DESC && l[b - 1] == ' ' && (b == len || (l[b] & 0xC0) != 0x80))
            return b < len ? b : 0;
    }
    return 0;
}

/* Draws help line l as display rows from *row on (wrapping a long description under
 * itself), those within [top, top + h) at screen line 2 + (row - top). */
static void help_rows(const app *a, const char *l, size_t *row, size_t top, size_t h,
                      bool plain)
{
    bool head = !plain && l[0] == '#';
    int w = a->cols - 2;
    attr_t at = term_attr(head ? ROLE_HEADING : ROLE_NORMAL);
    size_t len = strlen(l);
    txt_lines tl = {0};
    size_t d = !plain && !head && draw_width(l) > w ? desc_byte(l, len) : 0;
    bool wrap = d && w - HELP_DESC >= 10 &&
                txt_wrap(l + d, len - d, w - HELP_DESC, term_ambi(), &tl) >= 0;
    /* a line whose keys take more than their column ("F10 / Ctrl-Q / Ctrl-C / Esc 0 …")
     * wraps as a whole, not cut */
    if ((plain || (!wrap && !head && draw_width(l) > w)) &&
        txt_wrap(l, len, w, term_ambi(), &tl) >= 0) {
        for (size_t k = 0; k < tl.n || k == 0; k++, (*row)++)
            if (*row >= top && *row < top + h && k < tl.n)
                draw_text(2 + (int)(*row - top), 1, w, l + tl.lines[k].start,
                          tl.lines[k].end - tl.lines[k].start, at);
        txt_lines_free(&tl);
        return;
    }
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
            draw_text(y, 1, HELP_DESC, l, d, at);
        draw_text(y, 1 + HELP_DESC, w - HELP_DESC, l + d + tl.lines[k].start,
                  tl.lines[k].end - tl.lines[k].start, at);
    }
    txt_lines_free(&tl);
}

/* The rows depend on the width (long lines wrap): counted (help_rows drawing nothing, as
 * every row is outside the window given), then the scroll is kept within them. */
static void help_layout(app *a, void *st)
{
    help_state *hs = st;
    size_t h = (size_t)(a->rows - 4);
    size_t row = 0;
    for (size_t i = 0; i < hs->nlines; i++)
        help_rows(a, hs->lines[i], &row, (size_t)-1 / 2, h, hs->plain);
    hs->pos.n = row;
    size_t maxtop = row > h ? row - h : 0;
    if (hs->pos.top > maxtop)
        hs->pos.top = maxtop;
}

static void help_draw(const app *a, const void *st, frame *out)
{
    const help_state *hs = st;
    (void)out;                  /* no cursor, nothing to click */
    app_draw_frame(a, chain, 2, NULL);
    draw_text_pad(1, 0, a->cols, hs->title ? hs->title : tr(M_HELP_T), term_attr(ROLE_TITLE));
    size_t h = (size_t)(a->rows - 4);
    size_t row = 0;
    for (size_t i = 0; i < hs->nlines; i++)
        help_rows(a, hs->lines[i], &row, hs->pos.top, h, hs->plain);
    if (hs->pos.top + h < hs->pos.n)
        mvaddch(a->rows - 3, a->cols - 1, 'v');
}

static int help_key(app *a, void *st, const term_ev *ev)
{
    list_pos *p = &((help_state *)st)->pos;
    action act = keys_lookup(chain, 2, ev);
    size_t h = (size_t)(a->rows > 5 ? a->rows - 5 : 1);
    /* list_n: the rows of the help as last drawn (long lines wrap) */
    size_t maxtop = p->n > h ? p->n - h : 0;
    switch (act) {
    case ACT_LIST_UP:   if (p->top > 0) p->top--; return CH_DRAW;
    case ACT_LIST_DOWN: if (p->top < maxtop) p->top++; return CH_DRAW;
    case ACT_LIST_PGUP: p->top = p->top > h ? p->top - h : 0; return CH_DRAW;
    case ACT_LIST_PGDN: p->top = p->top + h < maxtop ? p->top + h : maxtop; return CH_DRAW;
    case ACT_LIST_HOME: p->top = 0; return CH_DRAW;
    case ACT_LIST_END:  p->top = maxtop; return CH_DRAW;
    case ACT_CLOSE:
    case ACT_HELP:
    case ACT_CHOOSE:
        return app_pop(a);
    default:
        if (act == ACT_NONE)
            return CH_NONE;
        /* another screen's key: help goes away and the key does what it says */
        int f = app_pop(a);
        return f | app_global(a, act);
    }
}

static size_t help_chain(const app *a, const void *st, key_ctx *out, size_t max)
{
    (void)a;
    (void)st;
    return app_chain_copy(chain, 2, out, max);
}

const screen_ops help_screen = {
    .name = "help",
    .key = help_key,
    .layout = help_layout,
    .draw = help_draw,
    .close = help_close,
    .chain = help_chain,
};
