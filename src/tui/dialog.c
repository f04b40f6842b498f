/* Modal dialogs (see tui/dialog.h). Boxes have no line-drawing characters: those are
 * ambiguous-width and a CJK terminal would draw them two columns wide. With colour a box is a
 * filled panel; in monochrome its edge is drawn with ASCII. */
#include "tui/dialog.h"

#include "tui/draw.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    int y, x, h, w;
} dbox;

static dbox box_place(app *a, int inner_w, int inner_h)
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

static bool too_small(app *a)
{
    return a->rows < APP_MIN_ROWS || a->cols < APP_MIN_COLS;
}

bool dialog_box(app *a, int inner_w, int inner_h, const char *title, int *y, int *x,
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

int dialog_ask(app *a, const char *title, const char *text, const char *const *buttons,
               size_t nbuttons, size_t def, const char *hot)
{
    size_t sel = def < nbuttons ? def : 0;
    const key_ctx chain[] = {KC_DIALOG};
    for (;;) {
        app_draw(a);
        int cursor_y = 0, cursor_x = 0;
        if (!too_small(a)) {
            int bw = 0;
            for (size_t i = 0; i < nbuttons; i++)
                bw += draw_width(buttons[i]) + 6;
            int inner = text_width_max(text, a->cols - 8);
            int tw = draw_width(title) + 2;
            if (inner < bw)
                inner = bw;
            if (inner < tw)
                inner = tw;
            if (inner < 30 && a->cols - 8 >= 30)
                inner = 30;
            if (inner > a->cols - 8)
                inner = a->cols - 8;
            txt_lines tl;
            size_t nl = wrap(text, inner, &tl);
            size_t maxl = (size_t)(a->rows - 8 > 1 ? a->rows - 8 : 1);
            if (nl > maxl)
                nl = maxl;
            dbox b = box_place(a, inner, (int)nl + 3);
            box_draw(&b, title);
            for (size_t i = 0; i < nl; i++)
                draw_text(b.y + 1 + (int)i, b.x + 2, inner, text + tl.lines[i].start,
                          tl.lines[i].end - tl.lines[i].start, term_attr(ROLE_DIALOG));
            txt_lines_free(&tl);
            int x = b.x + (b.w - bw) / 2 + 1;
            int y = b.y + b.h - 2;
            for (size_t i = 0; i < nbuttons; i++) {
                attr_t at = term_attr(i == sel ? ROLE_BUTTON_SEL : ROLE_BUTTON);
                char lab[96];
                snprintf(lab, sizeof lab, i == sel ? "[ %s ]" : "  %s  ", buttons[i]);
                int w = draw_text(y, x, b.w, lab, strlen(lab), at);
                if (i == sel) {
                    cursor_y = y;
                    cursor_x = x + 2;
                }
                x += w + 2;
            }
        }
        move(cursor_y, cursor_x);
        curs_set(0);
        refresh();
        term_ev ev;
        app_read(a, &ev);
        app_esc_then_key(a, &ev, chain, 1);
        if (ev.kind == EV_GONE)
            return DLG_GONE;
        if (ev.kind == EV_TIMEOUT || (ev.kind == EV_KEY && ev.code == KEY_RESIZE))
            continue;
        if (ev.kind == EV_KEY && ev.code == TK_PASTE_BEGIN) {
            size_t n;
            bool gone;
            free(term_read_paste(&n, &gone));   /* a paste is never an answer */
            if (gone)
                return DLG_GONE;
            continue;
        }
        if (ev.kind == EV_CHAR && hot) {
            const char *p = ev.code > 0 && ev.code < 128 ? strchr(hot, ev.code | 0x20) : NULL;
            if (p && ev.code != 0 && (size_t)(p - hot) < nbuttons)
                return (int)(p - hot);
        }
        switch (keys_lookup(chain, 1, &ev)) {
        case ACT_DLG_NEXT:
            sel = (sel + 1) % nbuttons;
            break;
        case ACT_DLG_PREV:
            sel = (sel + nbuttons - 1) % nbuttons;
            break;
        case ACT_DLG_OK:
            return (int)sel;
        case ACT_DLG_CANCEL:
            return DLG_CANCEL;
        default:
            break;
        }
    }
}

bool dialog_confirm(app *a, const char *title, const char *text, bool safe_no)
{
    const char *b[] = {tr(M_YES), tr(M_NO)};
    return dialog_ask(a, title, text, b, 2, safe_no ? 1 : 0, "yn") == 0;
}

void dialog_message(app *a, const char *title, const char *text)
{
    const char *b[] = {tr(M_OK)};
    dialog_ask(a, title, text, b, 1, 0, NULL);
}

int dialog_prompt(app *a, const char *title, const char *text, const char *initial, char **out)
{
    *out = NULL;
    le_buf le;
    if (le_init(&le, initial ? initial : "", initial ? strlen(initial) : 0, false) != 0)
        return DLG_CANCEL;
    const key_ctx chain[] = {KC_LINE, KC_DIALOG};
    int rc = DLG_CANCEL;
    for (;;) {
        app_draw(a);
        int cy = 0, cx = 0;
        if (!too_small(a)) {
            int inner = a->cols - 12 < 64 ? a->cols - 12 : 64;
            txt_lines tl;
            size_t nl = wrap(text, inner, &tl);
            if (nl > 4)
                nl = 4;
            dbox b = box_place(a, inner, (int)nl + 4);
            box_draw(&b, title);
            for (size_t i = 0; i < nl; i++)
                draw_text(b.y + 1 + (int)i, b.x + 2, inner, text + tl.lines[i].start,
                          tl.lines[i].end - tl.lines[i].start, term_attr(ROLE_DIALOG));
            txt_lines_free(&tl);
            int y = b.y + 2 + (int)nl;
            cy = y;
            cx = line_draw(&le, y, b.x + 2, inner, term_attr(ROLE_FOCUS));
            char hint[96];
            snprintf(hint, sizeof hint, "Enter %s   Esc %s", tr(M_OK), tr(M_CANCEL));
            draw_text(y + 1, b.x + 2, inner, hint, strlen(hint), term_attr(ROLE_DIALOG));
        }
        move(cy, cx);
        curs_set(1);
        refresh();
        term_ev ev;
        app_read(a, &ev);
        app_esc_then_key(a, &ev, chain, 2);
        if (ev.kind == EV_GONE) {
            rc = DLG_GONE;
            break;
        }
        if (ev.kind == EV_CHAR && ev.code >= 0x20 && ev.code != 0x7f) {
            char u[8];
            int k = utf8_encode(ev.code, u);
            if (k > 0)
                le_insert(&le, u, (size_t)k);
            continue;
        }
        if (ev.kind == EV_KEY && ev.code == TK_PASTE_BEGIN) {
            size_t n = 0;
            bool gone;
            char *p = term_read_paste(&n, &gone);
            if (p)
                le_insert(&le, p, n);
            free(p);
            if (gone) {
                rc = DLG_GONE;
                break;
            }
            continue;
        }
        action act = keys_lookup(chain, 2, &ev);
        bool changed;
        if (line_action(&le, act, &changed))
            continue;
        if (act == ACT_DLG_OK) {
            *out = strdup(le.buf);
            rc = *out ? 1 : DLG_CANCEL;
            break;
        }
        if (act == ACT_DLG_CANCEL)
            break;
    }
    le_free(&le);
    curs_set(0);
    return rc;
}
