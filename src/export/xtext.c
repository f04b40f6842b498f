/* The tables as boxed text: a canvas of display columns on which each cell's borders are drawn
 * as line directions (so the junctions of merged cells come out right: ┬ where a merged cell
 * sits on two below it) and each cell's text is wrapped into its area. */
#include "core/text.h"
#include "export/xrender.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { UP = 1, DOWN = 2, LEFT = 4, RIGHT = 8 };

typedef struct {
    const char *s;          /* a grapheme cluster's bytes, or NULL (a space) */
    unsigned char n;
    unsigned char lines;    /* UP | DOWN | LEFT | RIGHT */
    bool cont;              /* the second column of a wide character */
} pos;

typedef struct {
    int w, h;
    pos *p;
} canvas;

static pos *at(canvas *c, int x, int y)
{
    return &c->p[(size_t)y * (size_t)c->w + (size_t)x];
}

static void hline(canvas *c, int x0, int x1, int y)
{
    for (int x = x0; x < x1; x++) {
        at(c, x, y)->lines |= RIGHT;
        at(c, x + 1, y)->lines |= LEFT;
    }
}

static void vline(canvas *c, int x, int y0, int y1)
{
    for (int y = y0; y < y1; y++) {
        at(c, x, y)->lines |= DOWN;
        at(c, x, y + 1)->lines |= UP;
    }
}

static const char *box(unsigned m)
{
    static const char *const g[16] = {
        " ",  "╵", "╷", "│", "╴", "┘", "┐", "┤",
        "╶", "└", "┌", "├", "─", "┴", "┬", "┼"};
    return g[m & 15];
}

/* Writes text wrapped to `width` at (x, y), at most `maxh` lines, aligned. */
static int put_text(canvas *c, const char *s, int x, int y, int width, int maxh, xalign al)
{
    size_t len = strlen(s);
    txt_lines tl = {0};
    if (txt_wrap(s, len, width, AMBI_NARROW, &tl) < 0)
        return -1;
    for (size_t i = 0; i < tl.n && (int)i < maxh; i++) {
        const char *ls = s + tl.lines[i].start;
        size_t ll = tl.lines[i].end - tl.lines[i].start;
        while (ll && ls[ll - 1] == ' ')    /* hanging spaces at a soft break */
            ll--;
        int lw = txt_width(ls, ll, AMBI_NARROW);
        int off = al == XA_RIGHT ? width - lw : al == XA_CENTER ? (width - lw) / 2 : 0;
        if (off < 0)
            off = 0;
        txt_clusters cl = {0};
        if (txt_clusters_make(ls, ll, &cl) < 0) {
            txt_lines_free(&tl);
            return -1;
        }
        int col = x + off;
        for (size_t k = 0; k + 1 < cl.n; k++) {
            const char *cs = ls + cl.off[k];
            size_t cn = cl.off[k + 1] - cl.off[k];
            int cw = txt_width(cs, cn, AMBI_NARROW);
            if (col + cw > x + width || cn > 255)
                break;
            if (cw == 0)
                continue;
            pos *p = at(c, col, y + (int)i);
            p->s = cs;
            p->n = (unsigned char)cn;
            for (int j = 1; j < cw; j++)
                at(c, col + j, y + (int)i)->cont = true;
            col += cw;
        }
        txt_clusters_free(&cl);
    }
    txt_lines_free(&tl);
    return 0;
}

static int lines_of(const char *s, int width)
{
    if (!s || !*s)
        return 1;
    txt_lines tl = {0};
    int n = txt_wrap(s, strlen(s), width, AMBI_NARROW, &tl);
    txt_lines_free(&tl);
    return n < 1 ? 1 : n;
}

static bool boxed(const xt_table *t, int r)
{
    return t->row_style[r] == XS_BODY || t->row_style[r] == XS_HEAD;
}

static void emit_canvas(FILE *f, canvas *c)
{
    for (int y = 0; y < c->h; y++) {
        size_t endx = (size_t)c->w;
        while (endx > 0) {   /* no trailing spaces */
            pos *p = at(c, (int)endx - 1, y);
            if (p->lines || p->s || p->cont)
                break;
            endx--;
        }
        for (size_t x = 0; x < endx; x++) {
            pos *p = at(c, (int)x, y);
            if (p->lines)
                fputs(box(p->lines), f);
            else if (p->cont)
                continue;
            else if (p->s)
                fwrite(p->s, 1, p->n, f);
            else
                fputc(' ', f);
        }
        fputc('\n', f);
    }
}

/* Rows [r0, r1) of t, all boxed. */
static int draw_box(FILE *f, const xt_table *t, int r0, int r1)
{
    int n = r1 - r0, *h = calloc((size_t)n, sizeof *h), *xs = calloc((size_t)t->ncols + 1, sizeof *xs);
    int *ys = calloc((size_t)n + 1, sizeof *ys);
    canvas c = {0};
    int rc = -1;
    if (!h || !xs || !ys)
        goto out;
    for (int k = 0; k < t->ncols; k++)
        xs[k + 1] = xs[k] + t->width[k] + 3;
    for (int r = r0; r < r1; r++) {
        h[r - r0] = 1;
        for (int k = 0; k < t->ncols; k++) {
            const xt_cell *x = xt_at(t, r, k);
            if (x->covered || x->rows != 1 || x->kind == XV_EMPTY)
                continue;
            int l = lines_of(x->text, xt_span_width(t, k, x->cols));
            if (l > h[r - r0])
                h[r - r0] = l;
        }
    }
    for (int r = r0; r < r1; r++)   /* a merged cell taller than its rows stretches the last */
        for (int k = 0; k < t->ncols; k++) {
            const xt_cell *x = xt_at(t, r, k);
            if (x->covered || x->rows < 2 || x->kind == XV_EMPTY)
                continue;
            int last = r + x->rows - 1 < r1 ? r + x->rows - 1 : r1 - 1, avail = 0;
            for (int i = r; i <= last; i++)
                avail += h[i - r0] + (i > r);
            int need = lines_of(x->text, xt_span_width(t, k, x->cols));
            if (need > avail)
                h[last - r0] += need - avail;
        }
    for (int i = 0; i < n; i++)
        ys[i + 1] = ys[i] + h[i] + 1;
    c.w = xs[t->ncols] + 1;
    c.h = ys[n] + 1;
    if (!(c.p = calloc((size_t)c.w * (size_t)c.h, sizeof *c.p)))
        goto out;
    for (int r = r0; r < r1; r++)
        for (int k = 0; k < t->ncols; k++) {
            const xt_cell *x = xt_at(t, r, k);
            if (x->covered)
                continue;
            int rb = r + x->rows < r1 ? r + x->rows : r1, kb = k + x->cols;
            int X0 = xs[k], X1 = xs[kb], Y0 = ys[r - r0], Y1 = ys[rb - r0];
            hline(&c, X0, X1, Y0);
            hline(&c, X0, X1, Y1);
            vline(&c, X0, Y0, Y1);
            vline(&c, X1, Y0, Y1);
            if (x->kind == XV_EMPTY)
                continue;
            int inner = Y1 - Y0 - 1, need = lines_of(x->text, X1 - X0 - 3);
            int top = Y0 + 1 + (x->rows > 1 && need < inner ? (inner - need) / 2 : 0);
            if (put_text(&c, x->text, X0 + 2, top, X1 - X0 - 3, Y1 - top, x->align))
                goto out;
        }
    emit_canvas(f, &c);
    rc = 0;
out:
    free(h);
    free(xs);
    free(ys);
    free(c.p);
    return rc;
}

/* Rows outside the box (the sign-off line, notes): the cells' texts on one line, or a note
 * wrapped to the table's width. */
static int draw_plain(FILE *f, const xt_table *t, int r, int total)
{
    bool first = true;
    for (int k = 0; k < t->ncols; k++) {
        const xt_cell *x = xt_at(t, r, k);
        if (x->covered || x->kind == XV_EMPTY)
            continue;
        if (t->row_style[r] == XS_NOTE) {
            txt_lines tl = {0};
            if (txt_wrap(x->text, strlen(x->text), total, AMBI_NARROW, &tl) < 0)
                return -1;
            for (size_t i = 0; i < tl.n; i++)
                fprintf(f, "%.*s\n", (int)(tl.lines[i].end - tl.lines[i].start),
                        x->text + tl.lines[i].start);
            txt_lines_free(&tl);
            continue;
        }
        fprintf(f, "%s%s", first ? "" : "    ", x->text);
        first = false;
    }
    if (!first)
        fputc('\n', f);
    return 0;
}

static int render_table(FILE *f, const xt_table *t)
{
    int total = xt_span_width(t, 0, t->ncols) + 4;
    if (t->heading && !t->findings)
        fprintf(f, "%s\n\n", t->heading);
    if (t->title && *t->title) {
        int tw = txt_width(t->title, strlen(t->title), AMBI_NARROW);
        int pad = tw < total ? (total - tw) / 2 : 0;
        fprintf(f, "%*s%s\n\n", pad, "", t->title);
    }
    for (int r = 0; r < t->nrows;) {
        int e = r;
        if (boxed(t, r)) {
            while (e < t->nrows && boxed(t, e))
                e++;
            if (draw_box(f, t, r, e))
                return -1;
        } else {
            if (draw_plain(f, t, r, total))
                return -1;
            e = r + 1;
        }
        r = e;
    }
    return 0;
}

int xt_render_text(const xt_doc *x, char **out, size_t *len)
{
    FILE *f = open_memstream(out, len);
    if (!f)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < xt_doc_ntables(x) && rc == 0; i++) {
        if (i)
            fputs("\f\n", f);
        rc = render_table(f, xt_doc_table(x, i));
    }
    if (fclose(f) != 0 || rc) {
        free(*out);
        *out = NULL;
        return -1;
    }
    return 0;
}
