/* Keys typed while the terminal is too small. Nothing is drawn then but the request to make
 * the window larger, yet a clerk typing blind (or resizing mid-word) must not lose an entry:
 * the keys are kept in order and dispatched as typed once the screen is large enough. */
#include "tui/app.h"

#include <stdlib.h>
#include <string.h>

static bool keepable(const term_ev *ev)
{
    if (ev->kind == EV_CHAR)
        return true;
    if (ev->kind != EV_KEY && ev->kind != EV_ALT)
        return false;
    if (ev->mouse_y >= 0 || ev->code == KEY_MOUSE || ev->code == KEY_RESIZE)
        return false;   /* a click on a screen that is not there */
    return ev->code != TK_CPR && ev->code != TK_AMBI_CHANGED;
}

void app_hold(app *a, const term_ev *ev)
{
    if (!keepable(ev))
        return;
    if (a->nheld == a->capheld) {
        size_t cap = a->capheld ? a->capheld * 2 : 64;
        struct held_key *v = realloc(a->held, cap * sizeof *v);
        if (!v)
            return;
        a->held = v;
        a->capheld = cap;
    }
    struct held_key *k = &a->held[a->nheld];
    memset(k, 0, sizeof *k);
    k->ev = *ev;
    if (ev->kind == EV_KEY && ev->code == TK_PASTE_BEGIN) {
        bool gone = false;
        k->paste = term_read_paste(&k->len, &gone);
        if (!k->paste)
            return;
    }
    a->nheld++;
}

size_t app_held_left(const app *a)
{
    return a->nheld - a->held_next;
}

bool app_held_take(app *a, term_ev *ev)
{
    if (a->held_next >= a->nheld)
        return false;
    struct held_key *k = &a->held[a->held_next++];
    *ev = k->ev;
    free(a->held_paste);
    a->held_paste = k->paste;
    a->held_paste_len = k->len;
    k->paste = NULL;
    if (a->held_next == a->nheld) {
        a->nheld = a->held_next = 0;
        a->held_quit = false;
    }
    return true;
}

void app_held_free(app *a)
{
    for (size_t i = a->held_next; i < a->nheld; i++)
        free(a->held[i].paste);
    free(a->held);
    free(a->held_paste);
    a->held = NULL;
    a->held_paste = NULL;
    a->nheld = a->capheld = a->held_next = 0;
}
