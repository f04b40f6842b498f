/* Dialog screens (see tui/dialog.h): a question with buttons and a prompt for a line; the
 * list is in dialog_list.c. Boxes have no line-drawing characters: those are ambiguous-width
 * and a CJK terminal would draw them two columns wide. With colour a box is a filled panel; in
 * monochrome its edge is drawn with ASCII. */
#include "tui/dialog.h"

#include "tui/draw.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    int y, x, h, w;
} dbox;

static dbox box_place(const app *a, int inner_w, int inner_h)
{
    dbox b;
    b.w = inner_w + 4;
    if (b.w > a->cols - 2)
        b.w = a->cols - 2;
    b.h = inner_h + 2;
    if (b.h > a->rows - 2)
        b.h = a->rows - 2;
    b.y = (a->rows - b.h) / 2;
    b.x = (a->cols - b.w) / 2;
    return b;
}

static void box_draw(const dbox *b, const char *title)
{
    attr_t fill = term_attr(ROLE_DIALOG);
    for (int r = 0; r < b->h; r++)
        draw_fill(b->y + r, b->x, b->w, fill);
    if (!term_has_colour()) {
        attrset(A_NORMAL);
        mvhline(b->y, b->x, '-', b->w);
        mvhline(b->y + b->h - 1, b->x, '-', b->w);
        mvvline(b->y, b->x, '|', b->h);
        mvvline(b->y, b->x + b->w - 1, '|', b->h);
        mvaddch(b->y, b->x, '+');
        mvaddch(b->y, b->x + b->w - 1, '+');
        mvaddch(b->y + b->h - 1, b->x, '+');
        mvaddch(b->y + b->h - 1, b->x + b->w - 1, '+');
    }
    if (title && *title) {
        int tw = draw_width(title);
        int room = b->w - 4;
        int x = b->x + 2 + (tw < room ? (room - tw) / 2 : 0);
        draw_text(b->y, x, room, title, strlen(title), term_attr(ROLE_DIALOG_TITLE));
    }
}

/* Wraps text to width w; returns the line count (0 on out of memory: nothing drawn). */
static size_t wrap(const char *text, int w, txt_lines *out)
{
    if (txt_wrap(text, strlen(text), w > 1 ? w : 1, term_ambi(), out) < 0) {
        out->lines = NULL;
        out->n = 0;
    }
    return out->n;
}

static int text_width_max(const char *text, int limit)
{
    int best = 0;
    const char *s = text;
    while (*s) {
        const char *e = strchr(s, '\n');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        int w = draw_widthn(s, n);
        if (w > best)
            best = w;
        s += n + (e ? 1 : 0);
    }
    return best < limit ? best : limit;
}

static bool too_small(const app *a)
{
    return a->rows < APP_MIN_ROWS || a->cols < APP_MIN_COLS;
}

bool dialog_box(const app *a, int inner_w, int inner_h, const char *title, int *y, int *x,
                int *w, int *h)
{
    if (too_small(a))
        return false;
    dbox b = box_place(a, inner_w, inner_h);
    box_draw(&b, title);
    *y = b.y + 1;
    *x = b.x + 2;
    *w = b.w - 4;
    *h = b.h - 2;
    return true;
}

static void then_free(dialog_then *t)
{
    if (t->ctx)
        (t->ctx_free ? t->ctx_free : free)(t->ctx);
    t->ctx = NULL;
}

int dialog_finish(app *a, dialog_then *then, int answer, char *text)
{
    dialog_then t = *then;
    then->ctx = NULL;              /* the answer takes it over from the dialog's state */
    int f = app_pop(a);
    if (t.done)
        f |= t.done(a, t.ctx, answer, text);
    then_free(&t);
    free(text);
    return f | CH_DRAW;
}

/* ---- a question with buttons ---- */

typedef struct {
    char *title, *text;
    char **buttons;
    size_t n, sel;
    char *hot;
    dialog_then then;
} ask_state;

static void ask_close(app *a, void *st)
{
    (void)a;
    ask_state *s = st;
    free(s->title);
    free(s->text);
    for (size_t i = 0; i < s->n; i++)
        free(s->buttons[i]);
    free(s->buttons);
    free(s->hot);
    then_free(&s->then);
    free(s);
}

static const key_ctx ask_chain[] = {KC_DIALOG};

static void ask_draw(const app *a, const void *st, frame *out)
{
    const ask_state *s = st;
    if (too_small(a))
        return;
    int bw = 0;
    for (size_t i = 0; i < s->n; i++)
        bw += draw_width(s->buttons[i]) + 6;
    int inner = text_width_max(s->text, a->cols - 8);
    int tw = draw_width(s->title) + 2;
    if (inner < bw)
        inner = bw;
    if (inner < tw)
        inner = tw;
    if (inner < 30 && a->cols - 8 >= 30)
        inner = 30;
    if (inner > a->cols - 8)
        inner = a->cols - 8;
    txt_lines tl;
    size_t nl = wrap(s->text, inner, &tl);
    size_t maxl = (size_t)(a->rows - 8 > 1 ? a->rows - 8 : 1);
    if (nl > maxl)
        nl = maxl;
    dbox b = box_place(a, inner, (int)nl + 3);
    box_draw(&b, s->title);
    for (size_t i = 0; i < nl; i++)
        draw_text(b.y + 1 + (int)i, b.x + 2, inner, s->text + tl.lines[i].start,
                  tl.lines[i].end - tl.lines[i].start, term_attr(ROLE_DIALOG));
    txt_lines_free(&tl);
    int x = b.x + (b.w - bw) / 2 + 1;
    int y = b.y + b.h - 2;
    for (size_t i = 0; i < s->n; i++) {
        attr_t at = term_attr(i == s->sel ? ROLE_BUTTON_SEL : ROLE_BUTTON);
        char *lab = tui_asprintf(i == s->sel ? "[ %s ]" : "  %s  ", s->buttons[i]);
        int w = lab ? draw_text(y, x, b.w, lab, strlen(lab), at) : 0;
        free(lab);
        if (i == s->sel)
            frame_cursor(out, y, x + 2, false);
        x += w + 2;
    }
}

static int ask_key(app *a, void *st, const term_ev *ev)
{
    ask_state *s = st;
    /* (a paste never reaches here: the screen takes no text, so it is dropped) */
    if (ev->kind == EV_CHAR && s->hot) {
        const char *p = ev->code > 0 && ev->code < 128 ? strchr(s->hot, ev->code | 0x20) : NULL;
        if (p && ev->code != 0 && (size_t)(p - s->hot) < s->n)
            return dialog_finish(a, &s->then, (int)(p - s->hot), NULL);
    }
    switch (keys_lookup(ask_chain, 1, ev)) {
    case ACT_DLG_NEXT:
        s->sel = (s->sel + 1) % s->n;
        return CH_DRAW;
    case ACT_DLG_PREV:
        s->sel = (s->sel + s->n - 1) % s->n;
        return CH_DRAW;
    case ACT_DLG_OK:
        return dialog_finish(a, &s->then, (int)s->sel, NULL);
    case ACT_DLG_CANCEL:
        return dialog_finish(a, &s->then, DLG_CANCEL, NULL);
    default:
        return CH_NONE;
    }
}

static size_t ask_chain_of(const app *a, const void *st, key_ctx *out, size_t max)
{
    (void)a;
    (void)st;
    return app_chain_copy(ask_chain, 1, out, max);
}

static const screen_ops ask_screen = {
    .name = "question",
    .key = ask_key,
    .draw = ask_draw,
    .close = ask_close,
    .chain = ask_chain_of,
    .overlay = true,
};

int dialog_ask(app *a, const char *title, const char *text, const char *const *buttons,
               size_t nbuttons, size_t def, const char *hot, dialog_then then)
{
    ask_state *s = calloc(1, sizeof *s);
    bool ok = s && nbuttons > 0;
    if (ok) {
        s->then = then;
        s->title = strdup(title ? title : "");
        s->text = strdup(text ? text : "");
        s->hot = hot ? strdup(hot) : NULL;
        s->buttons = calloc(nbuttons, sizeof *s->buttons);
        ok = s->title && s->text && (!hot || s->hot) && s->buttons;
        for (size_t i = 0; ok && i < nbuttons; i++, s->n++)
            ok = (s->buttons[i] = strdup(buttons[i])) != NULL;
        s->sel = def < nbuttons ? def : 0;
    }
    if (!ok) {
        if (s)
            ask_close(a, s);
        else
            then_free(&then);
        app_message_id(a, true, M_OUT_OF_MEMORY);
        return CH_DRAW;
    }
    return app_push(a, &ask_screen, s);
}

int dialog_confirm(app *a, const char *title, const char *text, bool safe_no,
                   dialog_then then)
{
    const char *b[] = {tr(M_YES), tr(M_NO)};
    return dialog_ask(a, title, text, b, 2, safe_no ? 1 : 0, "yn", then);
}

int dialog_message(app *a, const char *title, const char *text)
{
    const char *b[] = {tr(M_OK)};
    return dialog_ask(a, title, text, b, 1, 0, NULL, (dialog_then){0});
}

/* ---- a prompt for one line ---- */

typedef struct {
    char *title, *text;
    le_buf le;
    dialog_then then;
} prompt_state;

static const key_ctx prompt_chain[] = {KC_LINE, KC_DIALOG};

static void prompt_close(app *a, void *st)
{
    (void)a;
    prompt_state *s = st;
    free(s->title);
    free(s->text);
    le_free(&s->le);
    then_free(&s->then);
    free(s);
}

static int prompt_inner(const app *a)
{
    return a->cols - 12 < 64 ? a->cols - 12 : 64;
}

/* The line's sideways scroll in the box as the terminal is now. */
static void prompt_layout(app *a, void *st)
{
    prompt_state *s = st;
    line_layout(&s->le, prompt_inner(a));
}

static void prompt_draw(const app *a, const void *st, frame *out)
{
    const prompt_state *s = st;
    frame_cursor(out, 0, 0, true);
    if (too_small(a))
        return;
    int inner = prompt_inner(a);
    txt_lines tl;
    size_t nl = wrap(s->text, inner, &tl);
    if (nl > 4)
        nl = 4;
    dbox b = box_place(a, inner, (int)nl + 4);
    box_draw(&b, s->title);
    for (size_t i = 0; i < nl; i++)
        draw_text(b.y + 1 + (int)i, b.x + 2, inner, s->text + tl.lines[i].start,
                  tl.lines[i].end - tl.lines[i].start, term_attr(ROLE_DIALOG));
    txt_lines_free(&tl);
    int y = b.y + 2 + (int)nl;
    frame_cursor(out, y, line_draw(&s->le, y, b.x + 2, inner, term_attr(ROLE_FOCUS)), true);
    char *hint = tui_asprintf("Enter %s   Esc %s", tr(M_OK), tr(M_CANCEL));
    if (hint)
        draw_text(y + 1, b.x + 2, inner, hint, strlen(hint), term_attr(ROLE_DIALOG));
    free(hint);
}

static int prompt_text(app *a, void *st, const char *text, size_t len)
{
    prompt_state *s = st;
    /* one line: a pasted line break is a space */
    char *line = malloc(len + 1);
    if (!line) {
        app_message_id(a, true, M_OUT_OF_MEMORY);
        return CH_DRAW;
    }
    for (size_t i = 0; i < len; i++)
        line[i] = text[i] == '\n' || text[i] == '\r' || text[i] == '\t' ? ' ' : text[i];
    int r = le_insert(&s->le, line, len);
    free(line);
    if (r != 0)
        app_message_id(a, true, M_OUT_OF_MEMORY);
    return CH_DRAW;
}

static int prompt_key(app *a, void *st, const term_ev *ev)
{
    prompt_state *s = st;
    action act = keys_lookup(prompt_chain, 2, ev);
    bool changed;
    if (line_action(&s->le, act, &changed))
        return CH_DRAW;
    if (act == ACT_DLG_OK) {
        char *out = strdup(s->le.buf);
        if (!out) {
            app_message_id(a, true, M_OUT_OF_MEMORY);
            return CH_DRAW;
        }
        return dialog_finish(a, &s->then, 1, out);
    }
    if (act == ACT_DLG_CANCEL)
        return dialog_finish(a, &s->then, DLG_CANCEL, NULL);
    return CH_NONE;
}

static size_t prompt_chain_of(const app *a, const void *st, key_ctx *out, size_t max)
{
    (void)a;
    (void)st;
    return app_chain_copy(prompt_chain, 2, out, max);
}

static const screen_ops prompt_screen = {
    .name = "prompt",
    .key = prompt_key,
    .text = prompt_text,
    .layout = prompt_layout,
    .draw = prompt_draw,
    .close = prompt_close,
    .chain = prompt_chain_of,
    .overlay = true,
};

int dialog_prompt(app *a, const char *title, const char *text, const char *initial,
                  dialog_then then)
{
    prompt_state *s = calloc(1, sizeof *s);
    if (!s || le_init(&s->le, initial ? initial : "", initial ? strlen(initial) : 0, false)) {
        free(s);
        then_free(&then);
        app_message_id(a, true, M_OUT_OF_MEMORY);
        return CH_DRAW;
    }
    s->then = then;
    s->title = strdup(title ? title : "");
    s->text = strdup(text ? text : "");
    if (!s->title || !s->text) {
        prompt_close(a, s);
        app_message_id(a, true, M_OUT_OF_MEMORY);
        return CH_DRAW;
    }
    return app_push(a, &prompt_screen, s);
}

bool dialog_on_top(app *a)
{
    if (a->nstack == 0)
        return false;
    const screen_ops *o = a->stack[a->nstack - 1].ops;
    return o == &ask_screen || o == &prompt_screen || dialog_list_is(o);
}
