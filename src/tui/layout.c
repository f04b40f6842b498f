/* The lines of a section screen and the widths of its columns (see tui/layout.h).
 * Every width is a display width from core/text.h, so columns stay aligned with Chinese text
 * and with ambiguous characters in either mode. */
#include "tui/layout.h"

#include "tui/values.h"

#include <stdlib.h>
#include <string.h>

#define NUM_BOX 16        /* value column of numbers: room for 9,999,999,999.9999 */
#define TABLE_COL_MAX 24  /* a header label never widens a column beyond this */

bool field_is_numeric(const fnode *def)
{
    switch (def->type) {
    case FT_INTEGER: case FT_DECIMAL: case FT_MONEY: case FT_PERCENT:
        return true;
    default:
        return false;
    }
}

bool field_is_editable(const inode *f)
{
    const fnode *d = inode_def(f);
    return d->kind == N_FIELD && (d->compute == NULL || d->typed != TYPED_NONE);
}

static int w_of(const layout *L, const char *s)
{
    return s ? txt_width(s, strlen(s), L->am) : 0;
}

static const char *label_of(const layout *L, const fnode *d)
{
    const char *s = i18n_get(&d->label, L->english);
    return s && *s ? s : d->id;
}

static int push_line(layout *L, line_kind k, int grid, int depth, inode *node)
{
    if (L->nlines == L->lcap) {
        size_t nc = L->lcap ? L->lcap * 2 : 64;
        lay_line *nl = realloc(L->lines, nc * sizeof *nl);
        if (!nl)
            return -1;
        L->lines = nl;
        L->lcap = nc;
    }
    lay_line *ln = &L->lines[L->nlines++];
    memset(ln, 0, sizeof *ln);
    ln->kind = k;
    ln->grid = grid;
    ln->depth = depth;
    ln->node = node;
    return 0;
}

static int push_cell(layout *L, inode *c)
{
    if (L->ncells == L->ccap) {
        size_t nc = L->ccap ? L->ccap * 2 : 128;
        inode **nv = realloc(L->cells, nc * sizeof *nv);
        if (!nv)
            return -1;
        L->cells = nv;
        L->ccap = nc;
    }
    L->cells[L->ncells++] = c;
    return 0;
}

/* The width a column asks for in the form ("width"), or a default by kind. */
static int col_pref(const fnode *c, bool numeric)
{
    int pref = c->width > 0 ? c->width : (numeric ? 12 : 16);
    return pref < 3 ? 3 : pref;
}

static lay_grid *new_grid(layout *L, const fnode *def, inode *table, const fnode **cols,
                          size_t ncols)
{
    if (L->ngrids == L->gcap) {
        size_t nc = L->gcap ? L->gcap * 2 : 4;
        lay_grid *ng = realloc(L->grids, nc * sizeof *ng);
        if (!ng)
            return NULL;
        L->grids = ng;
        L->gcap = nc;
    }
    lay_grid *g = &L->grids[L->ngrids];
    memset(g, 0, sizeof *g);
    g->cols = malloc((ncols ? ncols : 1) * sizeof *g->cols);
    g->colw = malloc((ncols ? ncols : 1) * sizeof *g->colw);
    g->numeric = malloc((ncols ? ncols : 1) * sizeof *g->numeric);
    if (!g->cols || !g->colw || !g->numeric) {
        free(g->cols);
        free(g->colw);
        free(g->numeric);
        return NULL;
    }
    L->ngrids++;
    g->def = def;
    g->table = table;
    g->ncols = ncols;
    for (size_t i = 0; i < ncols; i++) {
        const fnode *c = cols[i];
        g->cols[i] = c;
        g->numeric[i] = field_is_numeric(c);
        int pref = col_pref(c, g->numeric[i]);
        int lw = w_of(L, label_of(L, c));
        int cap = pref > TABLE_COL_MAX ? pref : TABLE_COL_MAX;
        int w = lw > pref ? (lw < cap ? lw : cap) : pref;
        if (w < 3)
            w = 3;
        g->colw[i] = w;
    }
    return g;
}

/* A table whose columns fit the screen at their own widths must not scroll because their
 * labels widened them (English labels are longer: "Qualitative tier" over a 定性档次 column):
 * then the label-widened columns give back, widest first, until the table fits, and their
 * labels are cut. A table too wide even at its columns' own widths keeps them (it scrolls
 * anyway, and each label stays readable). */
static void fit_labels(const layout *L, lay_grid *g)
{
    int used = L->gutter + g->labelw + 1 + 1;       /* row number, separator, '>' column */
    int at_pref = used;
    for (size_t c = 0; c < g->ncols; c++) {
        used += g->colw[c] + 1;
        at_pref += col_pref(g->cols[c], g->numeric[c]) + 1;
    }
    if (used <= L->width || at_pref > L->width)
        return;
    while (used > L->width) {
        size_t best = g->ncols;
        int excess = 0;
        for (size_t c = 0; c < g->ncols; c++) {
            int e = g->colw[c] - col_pref(g->cols[c], g->numeric[c]);
            if (e > excess) {
                excess = e;
                best = c;
            }
        }
        if (best == g->ncols)
            break;
        g->colw[best]--;
        used--;
    }
}

/* ---- first pass: the label and unit columns of plain fields ---- */

static void measure(layout *L, inode *n, int depth, int *labelw, int *unitw)
{
    for (size_t i = 0; i < inode_nkids(n); i++) {
        inode *k = inode_kid(n, i);
        const fnode *d = inode_def(k);
        if (inode_kind(k) == N_FIELD) {
            int w = depth * 2 + w_of(L, label_of(L, d));
            if (w > *labelw)
                *labelw = w;
            int uw = w_of(L, d->unit);
            if (uw > *unitw)
                *unitw = uw;
        } else if (inode_kind(k) == N_GROUP && !inode_def(n)->grid) {
            measure(L, k, depth + 1, labelw, unitw);
        }
    }
}

/* ---- grids ---- */

#define WIDEN_MAX 40      /* a text column grows to show its longest text up to this */

/* Spare width on the right goes to the text columns whose texts are cut ("生态环境成…" with
 * thirty empty columns beside it at 160 columns), one column at a time so each gets a share,
 * and no column beyond what its longest text (or WIDEN_MAX) needs. */
static void widen_text_columns(layout *L, lay_grid *g, size_t line0, size_t nrows)
{
    int used = L->gutter + g->labelw + 1 + 1;       /* label, its separator, the '>' column */
    for (size_t c = 0; c < g->ncols; c++)
        used += g->colw[c] + 1;
    int spare = L->width - used;
    if (spare <= 0 || nrows == 0)
        return;
    int *need = calloc(g->ncols ? g->ncols : 1, sizeof *need);
    if (!need)
        return;                     /* the columns keep their widths: harmless */
    for (size_t c = 0; c < g->ncols; c++) {
        if (g->numeric[c])
            continue;
        for (size_t r = 0; r < nrows; r++) {
            const lay_line *ln = &L->lines[line0 + r];
            inode *cell = ln->kind == LN_GRID_ROW && c < ln->ncells ? L->cells[ln->cell0 + c]
                                                                    : NULL;
            int w = cell ? w_of(L, field_shown(cell)) : 0;
            if (w > need[c])
                need[c] = w;
        }
        if (need[c] > WIDEN_MAX)
            need[c] = WIDEN_MAX;
    }
    for (bool grew = true; spare > 0 && grew;) {
        grew = false;
        for (size_t c = 0; c < g->ncols && spare > 0; c++)
            if (need[c] > g->colw[c]) {
                g->colw[c]++;
                spare--;
                grew = true;
            }
    }
    free(need);
}

static int add_table(layout *L, inode *t, int depth)
{
    const fnode *def = inode_def(t);
    const fnode **cols = malloc((def->nkids ? def->nkids : 1) * sizeof *cols);
    if (!cols)
        return -1;
    size_t nc = 0;
    for (size_t i = 0; i < def->nkids; i++)
        if (def->kids[i]->kind == N_FIELD && !def->kids[i]->hidden)
            cols[nc++] = def->kids[i];      /* a hidden column is not in this variant's table */
    lay_grid *g = new_grid(L, def, t, cols, nc);
    free(cols);
    if (!g)
        return -1;
    int gi = (int)(g - L->grids);
    size_t nrows = inode_nkids(t);
    int digits = 1;
    for (size_t r = nrows; r >= 10; r /= 10)
        digits++;
    g->labelw = digits + 1 < 3 ? 3 : digits + 1;
    fit_labels(L, g);
    g->head_line = L->nlines;
    if (push_line(L, LN_GRID_HEAD, gi, depth, t))
        return -1;
    if (nrows == 0)
        return push_line(L, LN_EMPTY, gi, depth, t);
    for (size_t r = 0; r < nrows; r++) {
        inode *row = inode_kid(t, r);
        if (push_line(L, LN_GRID_ROW, gi, depth, row))
            return -1;
        size_t cell0 = L->ncells;
        for (size_t c = 0; c < L->grids[gi].ncols; c++) {
            inode *cell = NULL;
            for (size_t k = 0; k < inode_nkids(row); k++)
                if (inode_def(inode_kid(row, k)) == L->grids[gi].cols[c] &&
                    inode_kind(inode_kid(row, k)) == N_FIELD)
                    cell = inode_kid(row, k);
            if (push_cell(L, cell))
                return -1;
        }
        L->lines[L->nlines - 1].cell0 = cell0;
        L->lines[L->nlines - 1].ncells = L->grids[gi].ncols;
    }
    widen_text_columns(L, &L->grids[gi], L->nlines - nrows, nrows);
    return 0;
}

/* A grid section: its groups are rows, the column templates are columns (matched by id). */
static int add_grid_groups(layout *L, inode *sec, size_t from, size_t to, int depth)
{
    inode *first = inode_kid(sec, from);
    const fnode *gd = inode_def(first);
    lay_grid *g = new_grid(L, inode_def(sec), NULL, (const fnode **)gd->kids, gd->nkids);
    if (!g)
        return -1;
    int gi = (int)(g - L->grids);
    int lw = 4;
    for (size_t i = from; i < to; i++) {
        const fnode *d = inode_def(inode_kid(sec, i));
        int w = d->indent * 2 + w_of(L, label_of(L, d));
        if (w > lw)
            lw = w;
    }
    /* the labels (三公经费, 1、公务用车购置和维护经费 …) may take what the columns leave, but at
     * least a third of the screen */
    int cols_w = 0;
    for (size_t c = 0; c < L->grids[gi].ncols; c++)
        cols_w += L->grids[gi].colw[c] + 1;
    int cap = L->width - L->gutter - 1 - cols_w - 1;
    if (cap < L->width / 3)
        cap = L->width / 3;
    if (lw > cap)
        lw = cap;
    L->grids[gi].labelw = lw;
    L->grids[gi].head_line = L->nlines;
    if (push_line(L, LN_GRID_HEAD, gi, depth, sec))
        return -1;
    for (size_t i = from; i < to; i++) {
        inode *grp = inode_kid(sec, i);
        if (push_line(L, LN_GRID_ROW, gi, depth, grp))
            return -1;
        size_t cell0 = L->ncells;
        for (size_t c = 0; c < L->grids[gi].ncols; c++) {
            inode *cell = NULL;
            for (size_t k = 0; k < inode_nkids(grp); k++) {
                inode *kid = inode_kid(grp, k);
                if (inode_kind(kid) == N_FIELD &&
                    strcmp(inode_def(kid)->id, L->grids[gi].cols[c]->id) == 0)
                    cell = kid;
            }
            if (push_cell(L, cell))
                return -1;
        }
        L->lines[L->nlines - 1].cell0 = cell0;
        L->lines[L->nlines - 1].ncells = L->grids[gi].ncols;
    }
    return 0;
}

static int add_field(layout *L, inode *f, int depth, size_t preview)
{
    if (push_line(L, LN_FIELD, -1, depth, f))
        return -1;
    if (inode_def(f)->type != FT_PARAGRAPH || preview <= 1)
        return 0;
    const char *t = field_shown(f);
    txt_lines wl;
    if (txt_wrap(t, strlen(t), L->valw > 4 ? L->valw : 4, L->am, &wl) < 0)
        return 0;
    size_t n = wl.n < preview ? wl.n : preview;
    txt_lines_free(&wl);
    for (size_t i = 1; i < n; i++) {
        if (push_line(L, LN_PARA, -1, depth, f))
            return -1;
        L->lines[L->nlines - 1].para_line = i;
    }
    return 0;
}

static int walk(layout *L, inode *n, int depth, size_t preview)
{
    const fnode *nd = inode_def(n);
    size_t nk = inode_nkids(n);
    for (size_t i = 0; i < nk; i++) {
        inode *k = inode_kid(n, i);
        switch (inode_kind(k)) {
        case N_FIELD:
            if (add_field(L, k, depth, preview))
                return -1;
            break;
        case N_GROUP:
            if (nd->grid && inode_def(k)->nkids > 0) {
                size_t j = i + 1;
                while (j < nk && inode_kind(inode_kid(n, j)) == N_GROUP)
                    j++;
                if (add_grid_groups(L, n, i, j, depth))
                    return -1;
                i = j - 1;
            } else {
                if (push_line(L, LN_HEADING, -1, depth, k) || walk(L, k, depth + 1, preview))
                    return -1;
            }
            break;
        case N_TABLE:
            if (push_line(L, LN_HEADING, -1, depth, k) || add_table(L, k, depth))
                return -1;
            break;
        default:
            break;
        }
    }
    return 0;
}

int layout_build(layout *L, inode *section, int width, bool english, ambi_mode am,
                 size_t para_preview_lines)
{
    layout_free(L);
    L->width = width;
    L->english = english;
    L->am = am;
    L->gutter = 2;
    int labelw = 0, unitw = 0;
    measure(L, section, 0, &labelw, &unitw);
    if (labelw > width * 2 / 5)
        labelw = width * 2 / 5;
    L->labelw = labelw;
    L->valx = L->gutter + labelw + 2;
    L->valw = width - L->valx - (unitw ? unitw + 1 : 0) - 1;
    if (L->valw < 8)
        L->valw = 8;
    L->numw = L->valw < NUM_BOX ? L->valw : NUM_BOX;
    int rc;
    if (inode_kind(section) == N_TABLE)
        rc = add_table(L, section, 0);
    else
        rc = walk(L, section, 0, para_preview_lines);
    if (rc != 0) {
        layout_free(L);
        L->width = width;
        return -1;
    }
    return 0;
}

void layout_free(layout *L)
{
    for (size_t i = 0; i < L->ngrids; i++) {
        free(L->grids[i].cols);
        free(L->grids[i].colw);
        free(L->grids[i].numeric);
    }
    free(L->grids);
    free(L->lines);
    free(L->cells);
    memset(L, 0, sizeof *L);
}

size_t layout_line_cells(const layout *L, size_t i, inode ***cells)
{
    *cells = NULL;
    if (i >= L->nlines)
        return 0;
    lay_line *ln = &L->lines[i];
    if (ln->kind == LN_FIELD) {
        *cells = &ln->node;
        return 1;
    }
    if (ln->kind == LN_GRID_ROW) {
        *cells = L->cells + ln->cell0;
        return ln->ncells;
    }
    return 0;
}

bool layout_find(const layout *L, const inode *field, size_t *line, size_t *cell)
{
    if (!field)
        return false;
    for (size_t i = 0; i < L->nlines; i++) {
        inode **c;
        size_t n = layout_line_cells(L, i, &c);
        for (size_t k = 0; k < n; k++)
            if (c[k] == field) {
                *line = i;
                *cell = k;
                return true;
            }
    }
    return false;
}

bool layout_cell_near(const layout *L, size_t i, size_t want, size_t *cell)
{
    inode **c;
    size_t n = layout_line_cells(L, i, &c);
    if (n == 0)
        return false;
    if (want >= n)
        want = n - 1;
    for (size_t d = 0; d < n; d++) {
        if (want >= d && c[want - d]) {
            *cell = want - d;
            return true;
        }
        if (want + d < n && c[want + d]) {
            *cell = want + d;
            return true;
        }
    }
    return false;
}

bool layout_focusable_from(const layout *L, size_t i, int dir, size_t *line, size_t *cell)
{
    for (size_t k = i; k < L->nlines; k = dir > 0 ? k + 1 : k - 1) {
        inode **c;
        size_t n = layout_line_cells(L, k, &c);
        for (size_t j = 0; j < n; j++) {
            size_t jj = dir > 0 ? j : n - 1 - j;
            if (c[jj]) {
                *line = k;
                *cell = jj;
                return true;
            }
        }
        if (dir < 0 && k == 0)
            break;
    }
    return false;
}
