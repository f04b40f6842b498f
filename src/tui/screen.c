/* The screen stack (tui/screen.h): pushing, popping, finding a screen. */
#include "tui/app.h"

#include <stdlib.h>

static void close_screen(app *a, app_screen s)
{
    if (s.ops->close)
        s.ops->close(a, s.st);
    else
        free(s.st);
}

int app_push(app *a, const screen_ops *ops, void *st)
{
    if (a->nstack == a->capstack) {
        size_t nc = a->capstack ? a->capstack * 2 : 8;
        app_screen *ns = realloc(a->stack, nc * sizeof *ns);
        if (!ns) {
            close_screen(a, (app_screen){ops, st});
            app_message_id(a, true, M_OUT_OF_MEMORY);
            return CH_DRAW;
        }
        a->stack = ns;
        a->capstack = nc;
    }
    a->stack[a->nstack++] = (app_screen){ops, st};
    int f = CH_DRAW;
    if (ops->open)
        f |= ops->open(a, st);
    return f;
}

int app_pop(app *a)
{
    if (a->nstack == 0)
        return CH_NONE;
    app_screen s = a->stack[--a->nstack];
    close_screen(a, s);
    int f = CH_DRAW;
    if (a->nstack > 0) {
        app_screen *t = &a->stack[a->nstack - 1];
        if (t->ops->reveal)
            f |= t->ops->reveal(a, t->st);
    }
    return f;
}

void *app_find_screen(const app *a, const screen_ops *ops)
{
    for (size_t i = a->nstack; i-- > 0;)
        if (a->stack[i].ops == ops)
            return a->stack[i].st;
    return NULL;
}

bool app_pop_to(app *a, const screen_ops *ops)
{
    if (!app_find_screen(a, ops))
        return false;
    while (a->nstack > 0 && a->stack[a->nstack - 1].ops != ops) {
        app_screen s = a->stack[--a->nstack];
        close_screen(a, s);
    }
    return true;
}

void *app_top_is(app *a, const screen_ops *ops)
{
    if (a->nstack == 0 || a->stack[a->nstack - 1].ops != ops)
        return NULL;
    return a->stack[a->nstack - 1].st;
}

size_t app_chain(const app *a, key_ctx *out, size_t max)
{
    if (a->nstack == 0 || max == 0) {
        if (max > 0)
            out[0] = KC_APP;
        return max > 0 ? 1 : 0;
    }
    const app_screen *t = &a->stack[a->nstack - 1];
    if (!t->ops->chain) {
        out[0] = KC_APP;
        return 1;
    }
    return t->ops->chain(a, t->st, out, max);
}

size_t app_chain_copy(const key_ctx *chain, size_t n, key_ctx *out, size_t max)
{
    size_t k = 0;
    for (; k < n && k < max; k++)
        out[k] = chain[k];
    return k;
}

void app_pop_all(app *a)
{
    while (a->nstack > 0) {
        app_screen s = a->stack[--a->nstack];
        close_screen(a, s);
    }
    free(a->stack);
    a->stack = NULL;
    a->capstack = 0;
}

int app_tick(app *a)
{
    int f = CH_NONE;
    for (size_t i = 0; i < a->nstack; i++) {
        app_screen *sc = &a->stack[i];
        if (sc->ops->tick)
            f |= sc->ops->tick(a, sc->st);
    }
    return f;
}
