/* The tables as an XLSX workbook (libxlsxwriter 1.1.4): the only file that calls the library.
 *
 * libxlsxwriter has no autofit: column widths come from the display width of the text (a CJK
 * character is two columns, about two of Excel's width units) and row heights from the number of
 * lines the text wraps to at that width. merge_range writes text only, so a merged number is
 * written over the range's first cell afterwards. */
#include "core/text.h"
#include "export/xrender.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#define LINE_PT 15.0   /* one line of 11-point text, CJK included */

typedef struct {
    char key[64];
    lxw_format *f;
} fmt_entry;

typedef struct {
    lxw_workbook *wb;
    fmt_entry *cache;
    size_t n, cap;
    bool oom;
} xw;

static lxw_format *fmt(xw *w, const xt_cell *c, bool title)
{
    char num[24] = "";
    if (c && c->kind == XV_NUMBER) {
        snprintf(num, sizeof num, "0%s%.*s%s", c->digits ? "." : "", c->digits, "0000000000",
                 c->percent ? "%" : "");
    }
    int style = c ? (int)c->style : -1, align = c ? (int)c->align : XA_CENTER;
    bool bold = title || (c && c->style == XS_HEAD);
    char key[64];
    snprintf(key, sizeof key, "%d/%d/%d/%d/%s", title, style, align, bold, num);
    for (size_t i = 0; i < w->n; i++)
        if (strcmp(w->cache[i].key, key) == 0)
            return w->cache[i].f;
    if (w->n == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 16;
        fmt_entry *v = realloc(w->cache, cap * sizeof *v);
        if (!v) {
            w->oom = true;
            return NULL;
        }
        w->cache = v;
        w->cap = cap;
    }
    lxw_format *f = workbook_add_format(w->wb);
    if (!f) {
        w->oom = true;
        return NULL;
    }
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    format_set_text_wrap(f);
    if (title) {
        format_set_bold(f);
        format_set_font_size(f, 16);
        format_set_align(f, LXW_ALIGN_CENTER);
    } else {
        if (c->style == XS_BODY || c->style == XS_HEAD)
            format_set_border(f, LXW_BORDER_THIN);
        if (bold)
            format_set_bold(f);
        format_set_align(f, align == XA_RIGHT    ? LXW_ALIGN_RIGHT
                            : align == XA_CENTER ? LXW_ALIGN_CENTER
                                                 : LXW_ALIGN_LEFT);
        if (*num)
            format_set_num_format(f, num);
    }
    snprintf(w->cache[w->n].key, sizeof w->cache[w->n].key, "%s", key);
    w->cache[w->n++].f = f;
    return f;
}

/* Excel width units for display columns, with room for the cell's padding. */
static double units(int cols)
{
    return cols * 1.15 + 2.0;
}

static int lines_at(const char *s, int width)
{
    if (!s || !*s)
        return 1;
    txt_lines tl = {0};
    int n = txt_wrap(s, strlen(s), width, AMBI_NARROW, &tl);
    txt_lines_free(&tl);
    return n < 1 ? 1 : n;
}

static lxw_error write_cell(xw *w, lxw_worksheet *ws, const xt_table *t, int r, int k)
{
    const xt_cell *c = xt_at(t, r, k);
    lxw_format *f = fmt(w, c, false);
    lxw_row_t row = (lxw_row_t)(r + 1);
    lxw_col_t col = (lxw_col_t)k;
    const char *text = c->kind == XV_TEXT ? c->text : "";
    lxw_error e = LXW_NO_ERROR;
    if (c->rows > 1 || c->cols > 1)
        e = worksheet_merge_range(ws, row, col, (lxw_row_t)(row + c->rows - 1),
                                  (lxw_col_t)(col + c->cols - 1), text, f);
    else if (c->kind == XV_TEXT)
        e = worksheet_write_string(ws, row, col, text, f);
    else if (c->kind == XV_EMPTY)
        e = worksheet_write_blank(ws, row, col, f);
    if (e == LXW_NO_ERROR && c->kind == XV_NUMBER)
        e = worksheet_write_number(ws, row, col, xt_dec_to_double(c->num), f);
    return e;
}

static lxw_error write_sheet(xw *w, const xt_table *t)
{
    lxw_worksheet *ws = workbook_add_worksheet(w->wb, t->sheet);
    if (!ws)
        return LXW_ERROR_SHEETNAME_ALREADY_USED;
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);                   /* A4 */
    worksheet_fit_to_pages(ws, 1, 0);             /* one page wide, as many tall as needed */
    worksheet_set_margins(ws, 0.5, 0.5, 0.6, 0.6);
    worksheet_center_horizontally(ws);
    if (t->repeat_rows > 0)
        worksheet_repeat_rows(ws, 0, (lxw_row_t)(t->repeat_rows - 1));
    for (int k = 0; k < t->ncols; k++)
        worksheet_set_column(ws, (lxw_col_t)k, (lxw_col_t)k, units(t->width[k]), NULL);
    lxw_error e = LXW_NO_ERROR;
    if (t->ncols > 1)
        e = worksheet_merge_range(ws, 0, 0, 0, (lxw_col_t)(t->ncols - 1), t->title,
                                  fmt(w, NULL, true));
    else
        e = worksheet_write_string(ws, 0, 0, t->title, fmt(w, NULL, true));
    worksheet_set_row(ws, 0, 30, NULL);
    double *h = calloc((size_t)t->nrows + 1, sizeof *h);
    if (!h) {
        w->oom = true;
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    }
    for (int r = 0; r < t->nrows && e == LXW_NO_ERROR; r++) {
        int lines = 1;
        for (int k = 0; k < t->ncols && e == LXW_NO_ERROR; k++) {
            const xt_cell *c = xt_at(t, r, k);
            if (c->covered)
                continue;
            e = write_cell(w, ws, t, r, k);
            if (c->rows == 1 && c->kind != XV_EMPTY) {
                int l = lines_at(c->text, xt_span_width(t, k, c->cols) - 3 * (c->cols - 1));
                if (l > lines)
                    lines = l;
            }
        }
        h[r] = lines * LINE_PT + 6;
    }
    /* a merged cell taller than its rows: the last of them grows */
    for (int r = 0; r < t->nrows; r++)
        for (int k = 0; k < t->ncols; k++) {
            const xt_cell *c = xt_at(t, r, k);
            if (c->covered || c->rows < 2 || c->kind == XV_EMPTY)
                continue;
            int wid = xt_span_width(t, k, c->cols) - 3 * (c->cols - 1);
            double have = 0, need = lines_at(c->text, wid) * LINE_PT + 6;
            for (int i = r; i < r + c->rows; i++)
                have += h[i];
            if (need > have)
                h[r + c->rows - 1] += need - have;
        }
    for (int r = 0; r < t->nrows && e == LXW_NO_ERROR; r++)
        e = worksheet_set_row(ws, (lxw_row_t)(r + 1), h[r], NULL);
    free(h);
    return w->oom ? LXW_ERROR_MEMORY_MALLOC_FAILED : e;
}

int xt_write_xlsx(const xt_doc *x, const char *path, const xt_props *p, char **err)
{
    *err = NULL;
    lxw_workbook_options opt = {.constant_memory = LXW_FALSE, .tmpdir = NULL};
    xw w = {.wb = workbook_new_opt(path, &opt)};
    if (!w.wb) {
        if (asprintf(err, "cannot write %s", path) < 0)
            *err = NULL;
        return -1;
    }
    const draft *d = xt_doc_draft(x);
    char *comments = NULL;
    if (asprintf(&comments, "selfeval %s; draft %s sha256 %s", p->version,
                 p->draft_name ? p->draft_name : "", p->sha256 ? p->sha256 : "") < 0)
        comments = NULL;
    /* the library takes non-const strings it only reads: give it copies */
    char *title = strdup(xt_doc_title(x)       ? xt_doc_title(x)
                         : xt_doc_ntables(x) ? xt_doc_table(x, 0)->title
                                             : "");
    char *author = strdup(d && d->author ? d->author : "");
    char *company = strdup(d && d->unit ? d->unit : "");
    char *keywords = strdup(p->sha256 ? p->sha256 : "");
    lxw_doc_properties props = {
        .title = title, .author = author, .company = company, .keywords = keywords,
        .comments = comments,
    };
    lxw_error e = title && author && company && keywords && comments
                      ? workbook_set_properties(w.wb, &props)
                      : LXW_ERROR_MEMORY_MALLOC_FAILED;
    if (e == LXW_NO_ERROR)
        e = workbook_set_custom_property_string(w.wb, "selfeval version", p->version);
    if (e == LXW_NO_ERROR && p->sha256)
        e = workbook_set_custom_property_string(w.wb, "draft sha256", p->sha256);
    if (e == LXW_NO_ERROR && p->draft_name)
        e = workbook_set_custom_property_string(w.wb, "draft file", p->draft_name);
    for (size_t i = 0; i < xt_doc_ntables(x) && e == LXW_NO_ERROR; i++)
        e = write_sheet(&w, xt_doc_table(x, i));
    lxw_error ce = workbook_close(w.wb);
    free(comments);
    free(title);
    free(author);
    free(company);
    free(keywords);
    free(w.cache);
    if (e == LXW_NO_ERROR)
        e = ce;
    if (e != LXW_NO_ERROR) {
        if (asprintf(err, "cannot write %s: %s", path, lxw_strerror(e)) < 0)
            *err = NULL;
        return -1;
    }
    return 0;
}
