/* Filling table cells the way a spreadsheet does: Ctrl-D copies the cell above (fill down),
 * and tab-separated lines copied from a spreadsheet fill cells from the focused one on. Every
 * value goes in as if typed (a closed choice takes only one of its options); a paste is one
 * undo step. */
#include "tui/app.h"

#include <stdlib.h>
#include <string.h>

/* The focused cell's table row: the grid, the row, the column index. */
static bool focus_cell(app *a, const lay_grid **g, inode **row, size_t *col)
{
    size_t fl, fc;
    if (!a->view->focus || !layout_find(&a->view->lay, a->view->focus, &fl, &fc))
        return false;
    const lay_line *ln = &a->view->lay.lines[fl];
    if (ln->kind != LN_GRID_ROW || !a->view->lay.grids[ln->grid].table)
        return false;
    *g = &a->view->lay.grids[ln->grid];
    *row = inode_parent(a->view->focus);
    *col = fc;
    return *row && inode_parent(*row) == (*g)->table;
}

static inode *cell_of(inode *row, const fnode *col)
{
    for (size_t i = 0; row && i < inode_nkids(row); i++)
        if (inode_def(inode_kid(row, i)) == col && inode_kind(inode_kid(row, i)) == N_FIELD)
            return inode_kid(row, i);
    return NULL;
}

int table_fill_down(app *a)
{
    const lay_grid *g;
    inode *row;
    size_t col;
    if (!focus_cell(a, &g, &row, &col))
        return -1;
    inode *f = a->view->focus;
    if (!app_can_edit(a, f, true))
        return CH_DRAW;
    size_t idx = inode_index(row);
    inode *above = idx > 0 ? cell_of(inode_kid(g->table, idx - 1), inode_def(f)) : NULL;
    if (!above) {
        app_message_id(a, true, M_FILL_NONE);
        return CH_DRAW;
    }
    char *v = strdup(inode_text(above));
    if (!v) {
        app_message_id(a, true, M_OUT_OF_MEMORY);
        return CH_DRAW;
    }
    int flags;
    if (!choice_allows(f, v)) {
        /* a dependent choice (二级指标 under another 一级指标) may not take the row above's */
        flags = choice_typed(a, f, v, strlen(v));
    } else {
        if (a->view->ed_ok)
            le_set(&a->view->ed, v, strlen(v));
        flags = app_commit(a, f, v);
        char *m = trf(M_FILLED, v);
        if (m)
            app_message(a, false, "%s", m);
        free(m);
    }
    free(v);
    return flags;
}

/* One line of the paste into row r: its cells from column c0 on. Counts what was filled,
 * refused (a choice's non-option, the first one kept for the message) and skipped. */
typedef struct {
    size_t filled, refused, skipped;
    size_t ref_row;
    const char *ref_col;
    char *ref_text;
    char *err;
} paste_tally;

static int paste_line(app *a, const lay_grid *g, inode *row, size_t c0, const char *s,
                      size_t len, paste_tally *t)
{
    size_t col = c0;
    for (size_t i = 0; i <= len; col++) {
        size_t j = i;
        while (j < len && s[j] != '\t')
            j++;
        /* the value as the clerk would type it: without the blanks around it */
        size_t b = i, e = j;
        while (b < e && (s[b] == ' ' || s[b] == '\r'))
            b++;
        while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\r'))
            e--;
        char *v = strndup(s + b, e - b);
        if (!v)
            return -1;
        inode *cell = col < g->ncols ? cell_of(row, g->cols[col]) : NULL;
        if (!cell || !field_is_editable(cell)) {
            if (*v)
                t->skipped++;
        } else if (!choice_allows(cell, v)) {
            if (t->refused++ == 0) {
                t->ref_row = inode_index(row) + 1;
                t->ref_col = node_label(a->english, cell);
                t->ref_text = v;
                v = NULL;
            }
        } else {
            eng_change chg = {0};
            if (doc_set_text(a->d, cell, v, &chg, &t->err) != 0) {
                free(v);
                return -1;
            }
            t->filled++;
        }
        free(v);
        i = j + 1;
    }
    return 0;
}

int table_paste(app *a, const char *text, size_t len)
{
    const lay_grid *g;
    inode *row;
    size_t col;
    if (!focus_cell(a, &g, &row, &col))
        return -1;
    /* a spreadsheet's copy ends with a line break: it does not start another row */
    while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r'))
        len--;
    if (!memchr(text, '\t', len) && !memchr(text, '\n', len))
        return -1;
    inode *t = g->table;
    size_t r = inode_index(row);
    int max = inode_def(t)->max_rows;
    paste_tally tally = {0};
    size_t lines = 0, left = 0;
    /* a burst of keystrokes (no bracketed paste) whose first row followed cells typed with
     * Tab: its next rows start where the Tabs began, as Enter after them goes (enter_down) */
    size_t next_col = term_paste_was_burst() && a->view->tab_from ? a->view->tab_from - 1 : col;
    int rc = 0;
    doc_group_begin(a->d);
    for (size_t i = 0; i <= len && rc == 0; r++) {
        size_t j = i;
        while (j < len && text[j] != '\n')
            j++;
        if (r >= inode_nkids(t)) {
            if (max > 0 && inode_nkids(t) >= (size_t)max) {
                for (size_t k = i; k <= len; k++)
                    left += k == len || text[k] == '\n';
                break;
            }
            eng_change chg = {0};
            inode *made = NULL;
            if (doc_row_add(a->d, t, inode_nkids(t), &made, &chg, &tally.err) != 0) {
                rc = -1;
                break;
            }
        }
        rc = paste_line(a, g, inode_kid(t, r), lines == 0 ? col : next_col, text + i, j - i,
                        &tally);
        lines++;
        i = j + 1;
    }
    doc_group_end(a->d);
    if (rc != 0) {
        app_error(a, &tally.err);
        free(tally.ref_text);
        return CH_DRAW | CH_SECTIONS;
    }
    char *m = trf(M_PASTED_CELLS, tally.filled, lines);
    char *m2 = tally.refused ? trf(M_PASTE_REFUSED, tally.ref_text, tally.ref_row,
                                   tally.ref_col ? tally.ref_col : "", tally.refused)
                             : NULL;
    char *m3 = tally.skipped ? trf(M_PASTE_SKIPPED, tally.skipped) : NULL;
    char *m4 = left ? trf(M_PASTE_ROWS_LEFT, max, left) : NULL;
    /* what was not filled first: a message longer than the status line is cut at its end */
    app_message(a, tally.refused || left, "%s%s%s%s", m2 ? m2 : "", m ? m : "", m4 ? m4 : "",
                m3 ? m3 : "");
    free(m);
    free(m2);
    free(m3);
    free(m4);
    free(tally.ref_text);
    /* rows may have been added: the screen is laid out anew and the focus found by its path */
    app_reload_editor(a);
    return CH_DRAW | CH_SECTIONS;
}
