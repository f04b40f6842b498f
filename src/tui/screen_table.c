/* Grids on the section screen: tables (indicator rows, fund rows) and grid sections. The row
 * label column stays put and the column labels stay in view (section_draw pins them when the
 * rows scroll); columns that do not fit scroll sideways with the focused cell. Row actions:
 * add, duplicate, delete (asks first), move up and down. */
#include "tui/app.h"

#include "tui/dialog.h"
#include "tui/draw.h"

#include <stdlib.h>
#include <string.h>

static int grid_x0(const layout *L, const lay_grid *g)
{
    return L->gutter + g->labelw + 1;
}

/* The row's name (the first free-text column of a table: 三级指标) stays in view when the
 * columns scroll past it, as a spreadsheet freezes panes: scores keep their labels. -1 when
 * the columns from `first` on do not pass it. */
static int frozen_col(const lay_grid *g, size_t first)
{
    if (!g->table)
        return -1;
    for (size_t j = 0; j < g->ncols && j < first; j++)
        if (g->cols[j]->type == FT_TEXT)
            return (int)j;
    return -1;
}

/* Where the scrolled columns start when column `first` is the first of them. */
static int scroll_x0(const section_view *v, const lay_grid *g, size_t first)
{
    int fz = frozen_col(g, first);
    return grid_x0(&v->lay, g) + (fz >= 0 ? g->colw[fz] + 1 : 0);
}

static int grid_room(const app *a, const section_view *v, const lay_grid *g, size_t first)
{
    return a->cols - scroll_x0(v, g, first) - 1;     /* the last column shows '>' */
}

static bool focus_in(const section_view *v, const lay_grid *g, size_t *cell)
{
    size_t fl, fc;
    if (!layout_find(&v->lay, v->focus, &fl, &fc))
        return false;
    const lay_line *ln = &v->lay.lines[fl];
    if (ln->kind != LN_GRID_ROW || &v->lay.grids[ln->grid] != g)
        return false;
    if (cell)
        *cell = fc;
    return true;
}

static size_t first_col(const section_view *v, const lay_grid *g)
{
    size_t hs = focus_in(v, g, NULL) ? (size_t)v->hscroll : 0;
    return hs < g->ncols ? hs : 0;
}

void table_scroll_to(app *a, const lay_grid *g, size_t cell)
{
    if (g->ncols == 0)
        return;
    if (cell >= g->ncols)
        cell = g->ncols - 1;
    if ((size_t)a->view->hscroll > cell)
        a->view->hscroll = (int)cell;
    while ((size_t)a->view->hscroll < cell) {
        int w = 0;
        for (size_t j = (size_t)a->view->hscroll; j <= cell; j++)
            w += g->colw[j] + 1;
        if (w <= grid_room(a, a->view, g, (size_t)a->view->hscroll))
            break;
        a->view->hscroll++;
    }
    /* and no further right than needed (after the terminal grew, say) */
    while (a->view->hscroll > 0) {
        int w = 0;
        for (size_t j = (size_t)a->view->hscroll - 1; j <= cell; j++)
            w += g->colw[j] + 1;
        if (w > grid_room(a, a->view, g, (size_t)a->view->hscroll - 1))
            break;
        a->view->hscroll--;
    }
}

/* Columns [*first, end) of g are on screen. */
static size_t visible_end(const app *a, const section_view *v, const lay_grid *g,
                          size_t *first)
{
    size_t j = first_col(v, g);
    *first = j;
    int x = scroll_x0(v, g, j);
    for (; j < g->ncols; j++) {
        if (x + g->colw[j] > a->cols - 1)
            break;
        x += g->colw[j] + 1;
    }
    return j;
}

/* Appends the filled cells of columns [from, to) of a grid line to *s ("分值 10 · 得分 8.00*"),
 * after `arrow` when it is the first of its side. */
static int summary_side(const app *a, const section_view *v, const lay_line *ln,
                        const lay_grid *g, size_t from, size_t to, const char *arrow, int skip,
                        char **s)
{
    bool first = true;
    for (size_t j = from; j < to; j++) {
        if ((int)j == skip || g->cols[j]->carry == CARRY_FROM)
            continue;            /* the frozen name column is on screen; last year's figure
                                  * has a place of its own (table_hidden_summary) */
        inode *c = v->lay.cells[ln->cell0 + j];
        const char *val = c ? field_shown(c) : "";
        if (!*val || inode_def(c)->type == FT_PARAGRAPH)
            continue;            /* nothing typed; long texts have their own line */
        /* numbers need their column's name (分值 10, 得分 8.00); texts speak for themselves */
        const char *lab = i18n_get(&g->cols[j]->label, a->english);
        if (!lab || !*lab)
            lab = g->cols[j]->id;
        char mark = field_override_mark(c);
        char ms[2] = {mark, '\0'};
        const char *sep = first ? (*s ? "   " : "") : " · ";
        char *ns = tui_asprintf("%s%s%s%s%s%s%s", *s ? *s : "", sep, first ? arrow : "",
                                g->numeric[j] ? lab : "", g->numeric[j] ? " " : "", val, ms);
        free(*s);
        *s = ns;
        if (!ns)
            return -1;
        first = false;
    }
    return 0;
}

char *table_hidden_summary(const app *a, const section_view *v, size_t line)
{
    const layout *L = &v->lay;
    const lay_line *ln = &L->lines[line];
    if (ln->kind != LN_GRID_ROW)
        return NULL;
    const lay_grid *g = &L->grids[ln->grid];
    size_t first, end = visible_end(a, v, g, &first);
    char *s = NULL;
    if (summary_side(a, v, ln, g, 0, first, "← ", frozen_col(g, first), &s) != 0 ||
        summary_side(a, v, ln, g, end, g->ncols, "→ ", -1, &s) != 0)
        return NULL;
    /* a row carried over from last year keeps last year's actual beside this year's target
     * (the column that takes a sibling's last-year value, "carry_from"): named, on screen or
     * not, "上年实际 12家" */
    for (size_t j = 0; j < g->ncols; j++) {
        inode *c = v->lay.cells[ln->cell0 + j];
        const char *val = c && g->cols[j]->carry == CARRY_FROM ? field_shown(c) : "";
        if (!*val)
            continue;
        const char *lab = i18n_get(&g->cols[j]->label, a->english);
        char *ns = tui_asprintf("%s%s%s %s", s ? s : "", s ? "   " : "",
                                lab && *lab ? lab : g->cols[j]->id, val);
        free(s);
        s = ns;
        if (!s)
            return NULL;
    }
    return s;
}

void table_draw_head(const app *a, const section_view *v, const lay_grid *g, int y)
{
    const layout *L = &v->lay;
    attr_t at = term_attr(ROLE_GRID_HEAD);
    draw_fill(y, L->gutter, a->cols - L->gutter, at);
    if (g->table)
        draw_text_right(y, L->gutter, g->labelw, "#", at);
    size_t hs = first_col(v, g);
    int fz = frozen_col(g, hs);
    if (fz >= 0) {
        const char *flab = i18n_get(&g->cols[fz]->label, a->english);
        draw_text_fit(y, grid_x0(L, g), g->colw[fz], flab && *flab ? flab : g->cols[fz]->id, at);
    }
    int x = scroll_x0(v, g, hs);
    size_t j = hs;
    for (; j < g->ncols; j++) {
        if (x + g->colw[j] > a->cols - 1)
            break;
        const char *lab = i18n_get(&g->cols[j]->label, a->english);
        if (!lab || !*lab)
            lab = g->cols[j]->id;
        if (g->numeric[j])
            draw_text_right(y, x, g->colw[j], lab, at);
        else
            draw_text_fit(y, x, g->colw[j], lab, at);
        x += g->colw[j] + 1;
    }
    if (hs > 0)
        mvaddch(y, grid_x0(L, g) - 1, '<' | at);
    if (j < g->ncols)
        mvaddch(y, a->cols - 1, '>' | at);
}

static void draw_cell(const app *a, const section_view *v, frame *out, inode *cell, int y,
                      int x, int w, bool numeric)
{
    if (!cell) {
        draw_fill(y, x, w, 0);
        return;
    }
    bool editable = field_is_editable(cell);
    if (cell == v->focus) {
        if (editable && !app_locked(a) && v->ed_ok &&
            inode_def(cell)->type != FT_PARAGRAPH) {
            attr_t at = term_attr(app_locked(a) ? ROLE_FOCUS_RO : ROLE_FOCUS);
            /* the separator column after the cell holds the cursor after the last character,
             * so a full cell does not scroll while its text is complete */
            field_draw_focused(a, v, out, y, x, w, numeric, at);
        } else {
            attr_t at = term_attr(editable && !app_locked(a) ? ROLE_FOCUS : ROLE_FOCUS_RO);
            const char *val = field_shown(cell);
            if (numeric && app_locked(a))     /* as the unfocused figures stand */
                draw_text_right(y, x, w, val, at);
            else
                draw_text_fit(y, x, w, val, at);
            /* a long text opens the paragraph editor with what is typed added at its end:
             * the cursor goes after the text when it shows whole, else where it starts; a
             * computed cell keeps the cursor too (hidden), never in the screen's corner */
            int vw = draw_width(val);
            frame_cursor(out, y, x + (editable && vw < w ? vw : 0), editable && !app_locked(a));
        }
    } else {
        int worst = field_worst(cell);
        term_role r = worst >= SEV_WARNING ? sev_role(worst)
                      : inode_is_computed(cell) ? ROLE_COMPUTED : ROLE_VALUE;
        /* a placeholder row (a category the printed form keeps, nothing to score): dim */
        attr_t at = term_attr(r) | (inode_row_is_placeholder(inode_parent(cell)) ? A_DIM : 0);
        if (numeric)
            draw_text_right(y, x, w, field_shown(cell), at);
        else
            draw_text_fit(y, x, w, field_shown(cell), at);
    }
    /* after the value: '?' a query going on (readable without colour), else the override's
     * mark; beside the focused cell too when nothing is typed there */
    char q = app_query_mark(a, cell);
    char mark = q ? q : field_override_mark(cell);
    if (mark && (cell != v->focus || app_locked(a)))
        mvaddch(y, x + w, (chtype)(unsigned char)mark |
                              term_attr(q ? ROLE_WARNING : mark == '*' ? ROLE_OVERRIDE : ROLE_ERROR));
    frame_hit(out, y, x, w, cell);
}

void table_draw_row(const app *a, const section_view *v, frame *out, size_t line, int y)
{
    const layout *L = &v->lay;
    const lay_line *ln = &L->lines[line];
    const lay_grid *g = &L->grids[ln->grid];
    int x0 = grid_x0(L, g);
    if (ln->kind == LN_EMPTY) {
        const key_ctx chain[] = {KC_TABLE};
        char buf[32];
        const char *k = keys_first(chain, 1, ACT_ROW_ADD, false, buf);
        char *s = trf(M_NO_ROWS, k ? k : "");
        if (!v->focus) {
            frame_cursor(out, y, x0, out->cur_show);    /* where the first row will be */
        }
        if (s) {
            draw_text_fit(y, x0, a->cols - x0, s, term_attr(ROLE_HELP));
            free(s);
        }
        return;
    }
    size_t counts[3] = {0, 0, 0};
    int worst = inode_worst(ln->node, counts);
    if (worst >= 0) {
        attrset(term_attr(sev_role(worst)));
        mvaddch(y, 0, (chtype)(unsigned char)sev_mark(worst));
        attrset(A_NORMAL);
    }
    bool row_focused = v->focus && inode_parent(v->focus) == ln->node;
    attr_t la = term_attr(ROLE_LABEL) | (row_focused ? A_BOLD : 0) |
                (inode_row_is_placeholder(ln->node) ? A_DIM : 0);
    if (g->table) {
        char num[32];
        snprintf(num, sizeof num, "%zu", inode_index(ln->node) + 1);
        draw_text_right(y, L->gutter, g->labelw, num, la);
    } else {
        int ind = inode_def(ln->node)->indent * 2;
        if (ind > g->labelw / 2)
            ind = g->labelw / 2;
        draw_text_fit(y, L->gutter + ind, g->labelw - ind, node_label(a->english, ln->node), la);
    }
    size_t hs = first_col(v, g);
    int fz = frozen_col(g, hs);
    if (fz >= 0)
        draw_cell(a, v, out, L->cells[ln->cell0 + (size_t)fz], y, x0, g->colw[fz], g->numeric[fz]);
    int x = scroll_x0(v, g, hs);
    size_t j = hs;
    for (; j < g->ncols; j++) {
        if (x + g->colw[j] > a->cols - 1)
            break;
        draw_cell(a, v, out, L->cells[ln->cell0 + j], y, x, g->colw[j], g->numeric[j]);
        x += g->colw[j] + 1;
    }
    if (hs > 0)
        mvaddch(y, x0 - 1, '<');
    if (j < g->ncols)
        mvaddch(y, a->cols - 1, '>');
}

/* ---- row actions ---- */

static inode *row_cell(inode *row, const fnode *col)
{
    for (size_t i = 0; row && i < inode_nkids(row); i++)
        if (inode_def(inode_kid(row, i)) == col && inode_kind(inode_kid(row, i)) == N_FIELD)
            return inode_kid(row, i);
    return NULL;
}

/* The table the row keys work on: the focused row's, else the first table on the screen. */
static inode *target_table(app *a, size_t *idx, bool *in_row)
{
    *in_row = false;
    *idx = 0;
    inode *f = a->view->focus;
    if (f && inode_parent(f) && inode_kind(inode_parent(f)) == N_ROW) {
        inode *row = inode_parent(f);
        inode *t = inode_parent(row);
        if (t && inode_kind(t) == N_TABLE) {
            *in_row = true;
            *idx = inode_index(row);
            return t;
        }
    }
    for (size_t i = 0; i < a->view->lay.ngrids; i++)
        if (a->view->lay.grids[i].table) {
            *idx = inode_nkids(a->view->lay.grids[i].table);
            return a->view->lay.grids[i].table;
        }
    return NULL;
}

static char *row_summary(inode *row)
{
    size_t cap = 1, len = 0, shown = 0;
    char *s = calloc(1, 1);
    for (size_t i = 0; s && i < inode_nkids(row) && shown < 3; i++) {
        inode *c = inode_kid(row, i);
        if (inode_kind(c) != N_FIELD || inode_is_computed(c) || !inode_text(c)[0])
            continue;
        const char *t = inode_text(c);
        size_t n = strlen(t) > 60 ? 60 : strlen(t);
        char *ns = realloc(s, cap + n + 8);
        if (!ns) {
            free(s);
            return NULL;
        }
        s = ns;
        cap += n + 8;
        len += (size_t)snprintf(s + len, cap - len, "%s%.*s", shown ? " · " : "", (int)n, t);
        shown++;
    }
    return s;
}

static void focus_row(app *a, inode *t, size_t idx, const fnode *col)
{
    a->view->focus = NULL;
    a->view->reason_asked = NULL;
    size_t n = inode_nkids(t);
    if (n == 0) {
        size_t s = app_section_of(a, t);
        app_focus(a, NULL);
        if (s < a->nsecs && a->view->cur != s)
            app_focus_section(a, s);
        return;
    }
    inode *row = inode_kid(t, idx < n ? idx : n - 1);
    inode *c = col ? row_cell(row, col) : NULL;
    app_focus(a, c ? c : first_field(row));
}

static int row_action(app *a, action act, bool confirmed);

/* Yes to deleting the row: the focus is where it was when asked (the question was modal). */
static int delete_confirmed(app *a, void *ctx, int answer, const char *text)
{
    (void)text;
    if (answer != 0 || !a->d || !a->view->focus_path || strcmp(a->view->focus_path, ctx) != 0)
        return CH_DRAW;
    return row_action(a, ACT_ROW_DEL, true);
}

int table_action(app *a, action act)
{
    return row_action(a, act, false);
}

static int row_action(app *a, action act, bool confirmed)
{
    size_t idx;
    bool in_row;
    inode *t = target_table(a, &idx, &in_row);
    if (!t) {
        app_message_id(a, true, M_NOT_TABLE);
        return CH_DRAW;
    }
    if (app_locked(a)) {
        app_can_edit(a, NULL, true);        /* says why */
        return CH_DRAW;
    }
    const fnode *td = inode_def(t);
    const fnode *col = in_row && a->view->focus ? inode_def(a->view->focus) : NULL;
    size_t n = inode_nkids(t);
    if (act != ACT_ROW_ADD && !in_row) {
        app_message_id(a, true, M_NOT_TABLE);
        return CH_DRAW;
    }
    if ((act == ACT_ROW_ADD || act == ACT_ROW_DUP) && td->max_rows > 0 &&
        n >= (size_t)td->max_rows) {
        char *m = trf(M_MAX_ROWS, td->max_rows);
        app_message(a, true, "%s", m ? m : "");
        free(m);
        return CH_DRAW;
    }
    eng_change chg = {0};
    char *err = NULL;
    inode *row = NULL;
    int rc = 0;
    char *m = NULL;
    switch (act) {
    case ACT_ROW_ADD: {
        size_t at = in_row ? idx + 1 : n;
        rc = doc_row_add(a->d, t, at, &row, &chg, &err);
        if (rc == 0) {
            focus_row(a, t, at, NULL);
            m = trf(M_ROW_ADDED, at + 1);
        }
        break;
    }
    case ACT_ROW_DUP:
        rc = doc_row_duplicate(a->d, t, idx, &row, &chg, &err);
        if (rc == 0) {
            focus_row(a, t, row ? inode_index(row) : idx + 1, col);
            m = trf(M_ROW_DUPLICATED, (row ? inode_index(row) : idx + 1) + 1);
        }
        break;
    case ACT_ROW_DEL: {
        if (td->min_rows > 0 && n <= (size_t)td->min_rows) {
            m = trf(M_MIN_ROWS, td->min_rows);
            app_message(a, true, "%s", m ? m : "");
            free(m);
            return CH_DRAW;
        }
        if (!confirmed) {
            char *q = trf(M_DELETE_ROW_Q, idx + 1);
            char *sum = row_summary(inode_parent(a->view->focus));
            char *text = tui_asprintf("%s\n%s", q ? q : "", sum ? sum : "");
            char *path = a->view->focus_path ? strdup(a->view->focus_path) : NULL;
            int f = path ? dialog_confirm(a, tr(M_DELETE_ROW_T), text ? text : "", true,
                                          (dialog_then){delete_confirmed, path, NULL})
                         : CH_DRAW;
            free(q);
            free(sum);
            free(text);
            return f;
        }
        rc = doc_row_delete(a->d, t, idx, &chg, &err);
        if (rc == 0) {
            focus_row(a, t, idx, col);
            const key_ctx chain[] = {KC_APP};
            char buf[32];
            const char *k = keys_first(chain, 1, ACT_UNDO, false, buf);
            m = trf(M_ROW_DELETED, idx + 1, k ? k : "");
        }
        break;
    }
    case ACT_ROW_UP:
    case ACT_ROW_DOWN: {
        size_t to = act == ACT_ROW_UP ? idx - 1 : idx + 1;
        if ((act == ACT_ROW_UP && idx == 0) || to >= n)
            return CH_NONE;
        rc = doc_row_move(a->d, t, idx, to, &chg, &err);
        if (rc == 0) {
            focus_row(a, t, to, col);
            m = trf(M_ROW_MOVED, to + 1);
        }
        break;
    }
    default:
        return CH_NONE;
    }
    if (rc != 0) {
        /* the edit did not happen; instances are as they were */
        app_error(a, &err);
        return CH_DRAW;
    }
    if (m) {
        app_message(a, false, "%s", m);
        free(m);
    }
    return CH_DRAW;
}

int table_tab_past_end(app *a)
{
    size_t fl, fc;
    if (!a->view->focus || app_locked(a) || !layout_find(&a->view->lay, a->view->focus, &fl, &fc))
        return -1;
    const lay_line *ln = &a->view->lay.lines[fl];
    if (ln->kind != LN_GRID_ROW)
        return -1;
    const lay_grid *g = &a->view->lay.grids[ln->grid];
    if (!g->table)
        return -1;
    for (size_t k = fc + 1; k < ln->ncells; k++)
        if (a->view->lay.cells[ln->cell0 + k])
            return -1;              /* not the row's last cell */
    inode *row = inode_parent(a->view->focus);
    if (!row || inode_parent(row) != g->table ||
        inode_index(row) + 1 != inode_nkids(g->table))
        return -1;                  /* not the last row */
    const fnode *td = inode_def(g->table);
    if (td->max_rows > 0 && inode_nkids(g->table) >= (size_t)td->max_rows)
        return -1;                  /* full: Tab goes on past the table */
    int f = app_check_leaving(a, a->view->focus);
    if (f & CH_GONE)
        return f;
    return f | table_action(a, ACT_ROW_ADD);
}

int table_enter_new_row(app *a, const fnode *col)
{
    inode *f = a->view->focus;
    inode *row = f ? inode_parent(f) : NULL;
    inode *t = row ? inode_parent(row) : NULL;
    if (!t || inode_kind(t) != N_TABLE || app_locked(a) || inode_index(row) + 1 != inode_nkids(t))
        return -1;
    const fnode *td = inode_def(t);
    size_t n = inode_nkids(t);
    if (td->max_rows > 0 && n >= (size_t)td->max_rows)
        return -1;                  /* full: Enter moves on as elsewhere */
    int fl = app_check_leaving(a, f);
    if (fl & CH_GONE)
        return fl;
    fl |= table_action(a, ACT_ROW_ADD);
    if (inode_nkids(t) != n + 1)
        return fl;                  /* not added: said why */
    inode *c = row_cell(inode_kid(t, n), col);
    if (c && c != a->view->focus && !inode_is_computed(c))
        app_focus(a, c);
    return fl;
}
