/* The list dialog: pick an item, typing filters by substring (the choices of a choice field,
 * the export formats, the installed forms). A screen on the stack (tui/dialog.h). */
#include "tui/dialog.h"

#include "tui/draw.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct {
    char *title;
    char **items;
    size_t n;
    char *filter;
    size_t flen;
    size_t *vis;               /* the items the filter lets through */
    size_t nv;
    size_t cur, top;           /* in vis */
    bool tab_chooses;
    dialog_then then;
} list_state;

static const key_ctx chain[] = {KC_LIST};

static bool matches(const char *item, const char *filter)
{
    return !*filter || strcasestr(item, filter) != NULL;
}

static int filter_add(list_state *s, const char *t, size_t n)
{
    char *nf = realloc(s->filter, s->flen + n + 1);
    if (!nf)
        return -1;
    for (size_t i = 0; i < n; i++)
        nf[s->flen + i] = (t[i] == '\n' || t[i] == '\t') ? ' ' : t[i];
    s->flen += n;
    nf[s->flen] = '\0';
    s->filter = nf;
    return 0;
}

/* The visible items after the filter changed; keeps item `keep` selected when it is one. */
static void refilter(list_state *s, size_t keep)
{
    s->nv = 0;
    s->cur = 0;
    for (size_t i = 0; i < s->n; i++)
        if (matches(s->items[i], s->filter)) {
            if (i == keep)
                s->cur = s->nv;
            s->vis[s->nv++] = i;
        }
    s->top = 0;
}

static void list_close_state(app *a, void *st)
{
    (void)a;
    list_state *s = st;
    free(s->title);
    for (size_t i = 0; i < s->n; i++)
        free(s->items[i]);
    free(s->items);
    free(s->filter);
    free(s->vis);
    if (s->then.ctx)
        (s->then.ctx_free ? s->then.ctx_free : free)(s->then.ctx);
    free(s);
}

/* The box's size for the terminal: inner width and height. */
static void geometry(const app *a, const list_state *s, int *iw, int *ih)
{
    *iw = draw_width(s->title) + 4;
    for (size_t i = 0; i < s->n; i++) {
        int w = draw_width(s->items[i]) + 2;
        if (w > *iw)
            *iw = w;
    }
    if (*iw < 30)
        *iw = 30;
    if (*iw > a->cols - 8)
        *iw = a->cols - 8;
    *ih = (int)(s->n < 3 ? 3 : s->n) + 2;
    if (*ih > a->rows - 6)
        *ih = a->rows - 6;
}

static void list_draw(const app *a, const void *st, frame *out)
{
    const list_state *s = st;
    frame_cursor(out, 0, 0, true);
    int iw, ih, y, x, w, h;
    geometry(a, s, &iw, &ih);
    if (!dialog_box(a, iw, ih, s->title, &y, &x, &w, &h))
        return;
    char *fl = tui_asprintf("%s%s", tr(M_FILTER), s->filter);
    int fw = draw_text(y, x, w, fl ? fl : "", fl ? strlen(fl) : 0, term_attr(ROLE_DIALOG));
    free(fl);
    frame_cursor(out, y, x + fw, true);
    int rows = h - 2 > 0 ? h - 2 : 1;
    /* s->top was kept in view by the key that moved the selection (list_key) */
    for (int r = 0; r < rows && s->top + (size_t)r < s->nv; r++) {
        size_t k = s->top + (size_t)r;
        attr_t at = term_attr(k == s->cur ? ROLE_SELECTED : ROLE_DIALOG);
        draw_text_fit(y + 2 + r, x, w, s->items[s->vis[k]], at);
        frame_hit_item(out, y + 2 + r, x, w, k);
    }
}

/* The selection in view: rows of the box as the terminal is now. */
static void keep_in_view(app *a, list_state *s)
{
    int iw, ih;
    geometry(a, s, &iw, &ih);
    size_t rows = ih - 2 > 0 ? (size_t)(ih - 2) : 1;
    if (s->cur >= s->nv)
        s->cur = s->nv ? s->nv - 1 : 0;
    if (s->cur < s->top)
        s->top = s->cur;
    if (s->cur >= s->top + rows)
        s->top = s->cur - rows + 1;
}

static int list_text(app *a, void *st, const char *text, size_t len)
{
    list_state *s = st;
    if (filter_add(s, text, len) != 0) {
        app_message_id(a, true, M_OUT_OF_MEMORY);
        return CH_DRAW;
    }
    refilter(s, (size_t)-1);
    return CH_DRAW;
}

static int list_key(app *a, void *st, const term_ev *ev)
{
    list_state *s = st;
    if (ev->kind == EV_KEY && ev->code == KEY_MOUSE) {
        const hit_box *h = app_hit_at(a, ev->mouse_y, ev->mouse_x);
        if (h && !h->field && h->item < s->nv)
            return dialog_finish(a, &s->then, (int)s->vis[h->item], NULL);
        return CH_NONE;
    }
    bool bs = (ev->kind == EV_KEY && ev->code == KEY_BACKSPACE) ||
              (ev->kind == EV_CHAR && (ev->code == 0x7f || ev->code == 8));
    if (bs) {
        size_t keep = s->cur < s->nv ? s->vis[s->cur] : (size_t)-1;
        s->flen = txt_prev(s->filter, s->flen, s->flen);
        s->filter[s->flen] = '\0';
        refilter(s, keep);
        keep_in_view(a, s);
        return CH_DRAW;
    }
    if (s->tab_chooses && ev->kind == EV_CHAR && ev->code == '\t' && s->nv > 0) {
        /* typed ahead like a value: Tab takes it and moves on, as it would from a cell */
        app_push_pending(a, ev);
        return dialog_finish(a, &s->then, (int)s->vis[s->cur], NULL);
    }
    int iw, ih;
    geometry(a, s, &iw, &ih);
    size_t page = (size_t)(ih > 3 ? ih - 3 : 1);
    size_t nv = s->nv;
    switch (keys_lookup(chain, 1, ev)) {
    case ACT_LIST_UP:   if (s->cur > 0) s->cur--; break;
    case ACT_LIST_DOWN: if (s->cur + 1 < nv) s->cur++; break;
    case ACT_LIST_PGUP: s->cur = s->cur > page ? s->cur - page : 0; break;
    case ACT_LIST_PGDN: s->cur = s->cur + page < nv ? s->cur + page : (nv ? nv - 1 : 0); break;
    case ACT_LIST_HOME: s->cur = 0; break;
    case ACT_LIST_END:  s->cur = nv ? nv - 1 : 0; break;
    case ACT_CHOOSE:
        if (nv > 0)
            return dialog_finish(a, &s->then, (int)s->vis[s->cur], NULL);
        return CH_NONE;
    case ACT_CLOSE:
        return dialog_finish(a, &s->then, DLG_CANCEL, NULL);
    default:
        return CH_NONE;
    }
    keep_in_view(a, s);
    return CH_DRAW;
}

static void list_layout(app *a, void *st)
{
    keep_in_view(a, st);        /* the terminal may have changed size */
}

static size_t list_chain(const app *a, const void *st, key_ctx *out, size_t max)
{
    (void)a;
    (void)st;
    return app_chain_copy(chain, 1, out, max);
}

static const screen_ops list_screen = {
    .name = "list",
    .key = list_key,
    .text = list_text,
    .draw = list_draw,
    .layout = list_layout,
    .close = list_close_state,
    .chain = list_chain,
    .overlay = true,
};

bool dialog_list_is(const screen_ops *o)
{
    return o == &list_screen;
}

int dialog_list(app *a, const char *title, const char *const *items, size_t n, size_t sel,
                dialog_then then)
{
    return dialog_list_filtered(a, title, items, n, sel, "", false, then);
}

int dialog_list_filtered(app *a, const char *title, const char *const *items, size_t n,
                         size_t sel, const char *filter, bool tab_chooses, dialog_then then)
{
    list_state *s = calloc(1, sizeof *s);
    bool ok = s != NULL;
    if (ok) {
        s->then = then;
        s->tab_chooses = tab_chooses;
        s->title = strdup(title ? title : "");
        s->items = calloc(n ? n : 1, sizeof *s->items);
        s->vis = malloc((n ? n : 1) * sizeof *s->vis);
        s->filter = calloc(1, 1);
        ok = s->title && s->items && s->vis && s->filter;
        for (size_t i = 0; ok && i < n; i++, s->n++)
            ok = (s->items[i] = strdup(items[i])) != NULL;
        if (ok && filter && *filter)
            ok = filter_add(s, filter, strlen(filter)) == 0;
    }
    if (!ok) {
        if (s) {
            list_close_state(a, s);
        } else if (then.ctx) {
            (then.ctx_free ? then.ctx_free : free)(then.ctx);
        }
        app_message_id(a, true, M_OUT_OF_MEMORY);
        return CH_DRAW;
    }
    /* the item given is selected when no filter was typed (the current value of a choice) */
    refilter(s, *s->filter ? (size_t)-1 : sel);
    keep_in_view(a, s);
    return app_push(a, &list_screen, s);
}
