/* From a form's export layout and the fields of one instance to the grid of cells that every
 * output renders: bands, repeated rows with their runs merged, numbers with their formats. */
#include "core/text.h"
#include "xinternal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const xt_doc *doc;
    const xinst *in;
    xt_table *t;
    int cap;
    bool oom;
} gb;

/* ---- the grid ---- */

static int add_row(gb *g, xrow_style st)
{
    xt_table *t = g->t;
    if (t->nrows == g->cap) {
        int cap = g->cap ? g->cap * 2 : 32;
        xt_cell *c = realloc(t->cells, (size_t)cap * (size_t)t->ncols * sizeof *c);
        if (!c) {
            g->oom = true;
            return -1;
        }
        t->cells = c;
        xrow_style *s = realloc(t->row_style, (size_t)cap * sizeof *s);
        if (!s) {
            g->oom = true;
            return -1;
        }
        t->row_style = s;
        g->cap = cap;
    }
    int r = t->nrows++;
    memset(&t->cells[(size_t)r * (size_t)t->ncols], 0, (size_t)t->ncols * sizeof *t->cells);
    for (int c = 0; c < t->ncols; c++) {
        xt_cell *x = &t->cells[(size_t)r * (size_t)t->ncols + (size_t)c];
        x->rows = x->cols = 1;
        x->style = st;
        x->align = XA_CENTER;
    }
    t->row_style[r] = st;
    return r;
}

static xt_cell *cell(gb *g, int r, int c)
{
    return &g->t->cells[(size_t)r * (size_t)g->t->ncols + (size_t)c];
}

/* Makes (r, c) the anchor of a rows × cols range; the others become covered. */
static void span(gb *g, int r, int c, int rows, int cols)
{
    for (int i = r; i < r + rows; i++)
        for (int k = c; k < c + cols; k++) {
            if (i == r && k == c)
                continue;
            xt_cell *x = cell(g, i, k);
            free(x->text);
            memset(x, 0, sizeof *x);
            x->covered = true;
            x->style = g->t->row_style[i];
        }
    cell(g, r, c)->rows = rows;
    cell(g, r, c)->cols = cols;
}

/* ---- values ---- */

static bool numeric(field_type t)
{
    return t == FT_INTEGER || t == FT_DECIMAL || t == FT_MONEY || t == FT_PERCENT;
}

static void set_text(gb *g, xt_cell *x, const char *s)
{
    if (!s || !*s) {
        x->kind = XV_EMPTY;
        return;
    }
    x->kind = XV_TEXT;
    if (!(x->text = strdup(s)))
        g->oom = true;
}

/* A number as the form shows it: money at the precision typed, rates as percents and scores
 * at the field's scale. The value stored is the one shown, so a sum in the spreadsheet gives
 * what the form's own totals give. */
static void set_number(gb *g, xt_cell *x, const fnode *d, dec_t v)
{
    int digits = d->scale >= 0 ? d->scale : (d->type == FT_PERCENT ? 2 : v.scale);
    if (d->type == FT_INTEGER)
        digits = d->scale >= 0 ? d->scale : 0;
    if (digits > 10)
        digits = 10;
    char buf[DEC_STR_MAX + 2];
    x->kind = XV_NUMBER;
    x->digits = digits;
    x->align = XA_RIGHT;
    if (d->type == FT_PERCENT) {
        x->percent = true;
        x->num = dec_round(v, digits + 2);
        dec_t pct;
        if (dec_mul(v, dec_from_int(100), &pct) != DEC_OK) {
            set_text(g, x, "—");
            x->kind = XV_TEXT;
            return;
        }
        dec_format_fixed(pct, digits, buf);
        strcat(buf, "%");
    } else {
        x->num = dec_round(v, digits);
        dec_format_fixed(v, digits, buf);
    }
    if (!(x->text = strdup(buf)))
        g->oom = true;
}

static char *joined(const char *a, const char *b)
{
    char *s = NULL;
    return asprintf(&s, "%s%s", a ? a : "", b ? b : "") < 0 ? NULL : s;
}

/* A date as the printed forms write it: 2026-04-27 -> 2026年4月27日. */
static const char *cn_date(const char *s, char *buf, size_t n)
{
    int y, m, d, used = 0;
    if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &used) == 3 && used == 10 && !s[used])
        snprintf(buf, n, "%d年%d月%d日", y, m, d);
    else
        snprintf(buf, n, "%s", s);
    return buf;
}

static void fill_field(gb *g, xt_cell *x, const xcell *lc, const char *rel, int rowno)
{
    const xfield *f = xt_find(g->in, rel);
    x->align = XA_LEFT;
    if (!f)
        return;   /* not in this draft (an older draft of the form): a blank cell */
    const fnode *d = inode_def(f->n);
    value_t v = inode_value(f->n);
    const char *disp = inode_display(f->n);
    char date[64];
    if (d->type == FT_DATE && strlen(disp) < 40)
        disp = cn_date(disp, date, sizeof date);
    char num[32] = "";
    if (lc->number_from > 0 && *disp)
        snprintf(num, sizeof num, "%d、", lc->number_from + rowno);
    if (lc->prefix.zh || *num) {
        char *s = joined(lc->prefix.zh ? lc->prefix.zh : num, disp);
        if (!s)
            g->oom = true;
        x->kind = XV_TEXT;
        x->text = s;
    } else if (numeric(d->type) && v.kind == V_NUM) {
        set_number(g, x, d, v.num);
    } else {
        set_text(g, x, disp);
        if (d->type == FT_CHOICE || numeric(d->type))
            x->align = numeric(d->type) ? XA_RIGHT : XA_CENTER;
    }
}

static void fill_cell(gb *g, int r, int c, const xcell *lc, const char *row_prefix, int rowno)
{
    xt_cell *x = cell(g, r, c);
    switch (lc->kind) {
    case XC_TEXT: {
        char *s = xt_subst(g->in, lc->text.zh);
        if (!s)
            g->oom = true;
        set_text(g, x, s);
        free(s);
        x->label = true;
        x->align = XA_CENTER;
        break;
    }
    case XC_LABEL: { /* a row's label reads from the left, a column's heading is centred */
        /* a grid row keeps the indentation the form gives it (其中：… under its total), one
         * ideographic space per level, as the printed forms indent */
        int ind = lc->node->kind == N_GROUP && lc->node->indent > 0 ? lc->node->indent : 0;
        char pad[3 * 8 + 1] = "";
        for (int i = 0; i < ind && i < 8; i++)
            strcat(pad, "\u3000");
        char *s = joined(pad, lc->node->label.zh);
        if (!s)
            g->oom = true;
        set_text(g, x, s);
        free(s);
        x->label = true;
        x->align = x->style == XS_HEAD ? XA_CENTER : XA_LEFT;
        break;
    }
    case XC_FIELD: {
        char *rel = row_prefix ? joined(row_prefix, lc->path) : strdup(lc->path);
        if (!rel) {
            g->oom = true;
            return;
        }
        fill_field(g, x, lc, rel, rowno);
        free(rel);
        break;
    }
    }
    if (lc->align != XA_AUTO)
        x->align = lc->align;
    if (x->style == XS_FOOT || x->style == XS_NOTE)
        x->align = XA_LEFT;
    if (lc->span > 1)
        span(g, r, c, 1, lc->span);
}

/* Row ids of a table of the instance, in order ("r1", "r3", …), from its fields. */
static char **row_ids(const xinst *in, const char *table, size_t *n)
{
    size_t tl = strlen(table), cap = 0;
    char **ids = NULL;
    *n = 0;
    for (size_t i = 0; i < in->nf; i++) {
        const char *p = in->f[i].rel;
        if (strncmp(p, table, tl) != 0 || p[tl] != '.')
            continue;
        const char *id = p + tl + 1, *dot = strchr(id, '.');
        size_t il = dot ? (size_t)(dot - id) : strlen(id);
        if (*n && strlen(ids[*n - 1]) == il && strncmp(ids[*n - 1], id, il) == 0)
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            char **v = realloc(ids, cap * sizeof *v);
            if (!v)
                goto oom;
            ids = v;
        }
        if (!(ids[*n] = strndup(id, il)))
            goto oom;
        (*n)++;
    }
    return ids ? ids : calloc(1, sizeof *ids);
oom:
    for (size_t i = 0; i < *n; i++)
        free(ids[i]);
    free(ids);
    *n = 0;
    return NULL;
}

static bool same_text(const xt_cell *a, const xt_cell *b)
{
    return a->kind == XV_TEXT && b->kind == XV_TEXT && strcmp(a->text, b->text) == 0;
}

/* Runs of the same value in the merge columns become one cell; an inner column's run never
 * crosses a boundary of an outer one (二级指标 within its 一级指标). */
static void merge_runs(gb *g, const xrow *lr, int first, int last, int col0)
{
    if (last - first < 2 || !lr->nmerge)
        return;
    int nm = (int)lr->nmerge, nr = last - first;
    int *col = calloc((size_t)nm, sizeof *col);
    bool *cont = calloc((size_t)nm * (size_t)nr, sizeof *cont);   /* row continues the run above */
    if (!col || !cont) {
        g->oom = true;
        free(col);
        free(cont);
        return;
    }
    for (int k = 0; k < nm; k++) {
        col[k] = col0;
        for (int i = 0; i < lr->merge[k]; i++)
            col[k] += lr->cells[i].span;
    }
    for (int k = 0; k < nm; k++)
        for (int r = first + 1; r < last; r++) {
            bool same = same_text(cell(g, r - 1, col[k]), cell(g, r, col[k]));
            if (k > 0)
                same = same && cont[(size_t)(k - 1) * (size_t)nr + (size_t)(r - first)];
            cont[(size_t)k * (size_t)nr + (size_t)(r - first)] = same;
        }
    for (int k = 0; k < nm; k++) {
        int w = lr->cells[lr->merge[k]].span;
        int s = first;
        for (int r = first + 1; r <= last; r++) {
            if (r < last && cont[(size_t)k * (size_t)nr + (size_t)(r - first)])
                continue;
            if (r - s > 1) {
                span(g, s, col[k], r - s, w);
                cell(g, s, col[k])->align = XA_CENTER;
            }
            s = r;
        }
    }
    free(col);
    free(cont);
}

static int emit(gb *g, const xrow *rows, size_t n, int col0)
{
    int count = 0;
    for (size_t i = 0; i < n && !g->oom; i++) {
        const xrow *lr = &rows[i];
        if (lr->kind == XR_BAND) {
            int start = g->t->nrows;
            int sub = emit(g, lr->rows, lr->nrows, col0 + 1);
            if (sub > 0 && !g->oom) {
                xt_cell *x = cell(g, start, col0);
                char *s = xt_subst(g->in, lr->band.zh);
                if (!s)
                    g->oom = true;
                set_text(g, x, s);
                free(s);
                x->label = true;
                x->align = XA_CENTER;
                span(g, start, col0, sub, 1);
            }
            count += sub;
            continue;
        }
        if (lr->kind == XR_CELLS) {
            int r = add_row(g, lr->style);
            if (r < 0)
                break;
            int c = col0;
            for (size_t k = 0; k < lr->ncells; c += lr->cells[k].span, k++)
                fill_cell(g, r, c, &lr->cells[k], NULL, 0);
            count++;
            continue;
        }
        size_t nids = 0;
        char **ids = row_ids(g->in, lr->table_path, &nids);
        if (!ids) {
            g->oom = true;
            break;
        }
        int first = g->t->nrows;
        for (size_t j = 0; j < nids && !g->oom; j++) {
            char *pre = NULL;
            if (asprintf(&pre, "%s.%s.", lr->table_path, ids[j]) < 0) {
                g->oom = true;
                break;
            }
            int r = add_row(g, lr->style);
            int c = col0;
            for (size_t k = 0; r >= 0 && k < lr->ncells; c += lr->cells[k].span, k++)
                fill_cell(g, r, c, &lr->cells[k], pre, (int)j);
            free(pre);
            count++;
        }
        for (size_t j = 0; j < nids; j++)
            free(ids[j]);
        free(ids);
        if (!g->oom)
            merge_runs(g, lr, first, g->t->nrows, col0);
    }
    return count;
}

/* ---- widths ---- */

static int text_width(const char *s)
{
    int w = 0;
    while (s && *s) {
        const char *e = strchr(s, '\n');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        int lw = txt_width(s, n, AMBI_NARROW);
        if (lw > w)
            w = lw;
        s = e ? e + 1 : NULL;
    }
    return w;
}

void xt_fit_widths(xt_table *t, const xcol *lim)
{
    for (int c = 0; c < t->ncols; c++) {
        int lo = lim ? lim[c].min : 4, hi = lim ? lim[c].max : 60;
        int w = lo;
        for (int r = 0; r < t->nrows; r++) {
            const xt_cell *x = xt_at(t, r, c);
            if (x->covered || x->cols != 1 || x->style == XS_FOOT || x->style == XS_NOTE)
                continue;
            int cw = x->kind == XV_EMPTY ? 0 : text_width(x->text);
            if (cw > hi)
                cw = hi;
            if (cw > w)
                w = cw;
        }
        t->width[c] = w;
    }
}

int xt_span_width(const xt_table *t, int c0, int n)
{
    int w = 0;
    for (int c = c0; c < c0 + n && c < t->ncols; c++)
        w += t->width[c];
    return w + 3 * (n - 1);
}

/* ---- tables ---- */

void xt_table_free(xt_table *t)
{
    if (!t)
        return;
    for (int i = 0; i < t->nrows * t->ncols; i++)
        free(t->cells[i].text);
    free(t->cells);
    free(t->row_style);
    free(t->width);
    free(t->sheet);
    free(t->title);
    free(t->heading);
    free(t);
}

xt_table *xt_build_table(const xt_doc *doc, const xinst *in, char *const *used, size_t nused)
{
    const form_export *fx = in->x;
    xt_table *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->ncols = fx->ncols;
    t->repeat_rows = fx->repeat_rows;
    gb g = {.doc = doc, .in = in, .t = t};
    emit(&g, fx->rows, fx->nrows, 0);
    const char *want = fx->sheet.zh;
    if (fx->sheet_field) {
        const xfield *f = xt_find(in, fx->sheet_field);
        if (f && *inode_display(f->n))
            want = inode_display(f->n);
    }
    t->sheet = xt_sheet_name(want, fx->sheet.zh, used, nused);
    t->title = fx->title.zh ? xt_subst(in, fx->title.zh) : strdup("");
    t->heading = strdup(in->heading);
    t->width = calloc((size_t)t->ncols, sizeof *t->width);
    if (g.oom || !t->sheet || !t->title || !t->heading || !t->width) {
        xt_table_free(t);
        return NULL;
    }
    xt_fit_widths(t, fx->cols);
    return t;
}

xt_table *xt_build_findings(const finding_list *fl, char *const *used, size_t nused)
{
    static const char *const sev_zh[] = {"提示", "警告", "错误"};
    xt_table *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->ncols = 4;
    t->repeat_rows = 2;
    t->findings = true;
    gb g = {.t = t};
    int r = add_row(&g, XS_HEAD);
    static const char *const head[] = {"严重程度", "代码", "字段", "说明"};
    for (int c = 0; r >= 0 && c < 4; c++) {
        set_text(&g, cell(&g, r, c), head[c]);
        cell(&g, r, c)->label = true;
    }
    /* errors first, then warnings, then notices: what blocks filing is read first */
    for (int s = SEV_ERROR; s >= SEV_NOTICE && !g.oom; s--)
        for (size_t i = 0; i < fl->len && !g.oom; i++) {
            const finding *f = &fl->items[i];
            if ((int)f->sev != s)
                continue;
            if ((r = add_row(&g, XS_BODY)) < 0)
                break;
            set_text(&g, cell(&g, r, 0), sev_zh[s]);
            set_text(&g, cell(&g, r, 1), f->code);
            set_text(&g, cell(&g, r, 2), f->path);
            set_text(&g, cell(&g, r, 3), f->msg_zh);
            for (int c = 1; c < 4; c++)
                cell(&g, r, c)->align = XA_LEFT;
        }
    char *title = NULL;
    if (asprintf(&title, "检查结果：%zu 个错误，%zu 个警告，%zu 个提示",
                 findings_count(fl, SEV_ERROR), findings_count(fl, SEV_WARNING),
                 findings_count(fl, SEV_NOTICE)) < 0)
        title = NULL;
    t->title = title;
    t->sheet = xt_sheet_name("检查结果", "检查结果", used, nused);
    t->heading = strdup("检查结果");
    t->width = calloc(4, sizeof *t->width);
    if (g.oom || !t->title || !t->sheet || !t->heading || !t->width) {
        xt_table_free(t);
        return NULL;
    }
    static const xcol lim[] = {{8, 8}, {10, 32}, {10, 36}, {24, 60}};
    xt_fit_widths(t, lim);
    return t;
}
