/* Typed text, line ends and pastes as the main loop (app.c) hands them to the top screen:
 * characters that arrive together are one batch, a line end that comes with more text at once
 * is a paste from a terminal without bracketed paste (one undo step with the cells typed
 * before it), and keys kept while the terminal was too small go on as typed (app_held.c). */
#include "tui/app.h"

#include "tui/draw.h"
#include "tui/i18n.h"

#include <stdlib.h>
#include <string.h>

bool app_is_line_end(const term_ev *ev)
{
    return (ev->kind == EV_CHAR && (ev->code == '\r' || ev->code == '\n')) ||
           (ev->kind == EV_KEY && ev->code == KEY_ENTER);
}

/* Pasted text, bracketed or not: into the paragraph editor or the focused field. */
static int apply_paste(app *a, char *text, size_t n, bool gone)
{
    int f = CH_DRAW;
    size_t dropped = term_paste_dropped();
    if (!text) {
        app_message_id(a, true, M_OUT_OF_MEMORY);
    } else if (a->nstack > 0 && a->stack[a->nstack - 1].ops->text) {
        app_screen *t = &a->stack[a->nstack - 1];
        f = t->ops->text(a, t->st, text, n);
    }
    free(text);
    if (dropped > 0) {
        char *m = trf(M_PASTE_DROPPED, dropped);
        if (m) {
            app_message(a, true, "%s", m);
            free(m);
        }
    }
    if (gone) {
        app_emergency(a);
        f |= CH_GONE;
    }
    return f;
}

/* A line end just read (*nl) is a key, unless more text arrived with it at once: then it is
 * part of a paste from a terminal without bracketed paste, and the burst is read as one.
 * text/len: what was typed just before in the same batch. Returns -1 when it was a key (and
 * leaves what was read ahead pending), else the paste's CH_* flags. */
int app_line_end_or_burst(app *a, const term_ev *nl, const char *text, size_t len)
{
    if (a->held_replaying) {                /* typed while too small: keys, never a paste */
        app_push_pending(a, nl);
        return -1;
    }
    term_ev next;
    term_read(0, &next);
    bool crlf = nl->kind == EV_CHAR && nl->code == '\r' && next.kind == EV_CHAR &&
                next.code == '\n';
    if (crlf)                               /* CR LF: one line end so far */
        term_read(0, &next);
    if (!(app_is_text(&next) || app_is_line_end(&next) || (next.kind == EV_CHAR && next.code == '\t'))) {
        app_push_pending(a, nl);
        app_push_pending(a, &next);
        return -1;
    }
    size_t cap = len + 16;
    char *start = malloc(cap);
    if (!start)
        return apply_paste(a, NULL, 0, false);
    memcpy(start, text, len);
    size_t n = len;
    start[n++] = '\n';
    int k = next.kind == EV_KEY ? 0 : utf8_encode(next.code, start + n);
    if (next.kind == EV_KEY)
        start[n++] = '\n';
    else if (k > 0)
        n += (size_t)k;
    size_t out = 0;
    bool gone = false;
    char *all = term_read_burst(start, n, &out, &gone);
    free(start);
    /* the cells of its first row were typed (Tab between them) before this line end showed
     * it was a paste: they and the paste are one undo step, as a bracketed paste is */
    if (a->d)
        doc_group_since(a->d, a->burst_mark);
    int f = apply_paste(a, all, out, gone);
    if (a->d)
        doc_group_end(a->d);
    return f;
}

/* The next kept key is a character (collect_text takes it into the same batch). */
static bool held_is_char(const app *a)
{
    term_ev ev = {0};
    if (!app_held_left(a))
        return false;
    ev = a->held[a->held_next].ev;
    return app_is_text(&ev);
}

/* Typed text arrives one character at a time (an input method commits a whole word at once):
 * collect what is already waiting, so the field is set and rechecked once per batch. */
int app_collect_text(app *a, const term_ev *first)
{
    size_t cap = 64, n = 0;
    char *buf = malloc(cap);
    if (!buf) {
        app_message_id(a, true, M_OUT_OF_MEMORY);
        return CH_DRAW;
    }
    term_ev ev = *first;
    for (;;) {
        char u[8];
        int k = utf8_encode(ev.code, u);
        if (k > 0) {
            if (n + (size_t)k + 1 > cap) {
                char *nb = realloc(buf, cap * 2);
                if (!nb)
                    break;
                buf = nb;
                cap *= 2;
            }
            memcpy(buf + n, u, (size_t)k);
            n += (size_t)k;
        }
        if (n > 4096)
            break;
        if (!a->held_replaying)
            term_read(0, &ev);
        else if (!app_held_left(a) || !held_is_char(a) || !app_held_take(a, &ev))
            break;                          /* the kept keys go on one by one */
        if (ev.kind == EV_TIMEOUT)
            break;
        if (app_is_line_end(&ev)) {
            int f = app_line_end_or_burst(a, &ev, buf, n);
            if (f >= 0) {
                free(buf);
                return f;
            }
            break;
        }
        if (!app_is_text(&ev)) {
            app_push_pending(a, &ev);
            break;
        }
    }
    buf[n] = '\0';
    app_screen *t = &a->stack[a->nstack - 1];
    int f = t->ops->text(a, t->st, buf, n);
    free(buf);
    return f;
}

int app_paste(app *a)
{
    size_t n = 0;
    bool gone = false;
    char *text;
    if (a->held_replaying) {                /* pasted while too small: read then */
        text = a->held_paste ? a->held_paste : strdup("");
        n = a->held_paste ? a->held_paste_len : 0;
        a->held_paste = NULL;
    } else {
        text = term_read_paste(&n, &gone);
    }
    return apply_paste(a, text, n, gone);
}

