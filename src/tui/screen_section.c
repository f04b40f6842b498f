/* The section screen: one section of the form as label / value / unit lines, groups, grids
 * and tables; the focused field is edited in place, its findings shown right under it. */
#include "tui/app.h"
#include "tui/screen_inbox.h"

#include "tui/dialog.h"
#include "tui/draw.h"

#include <stdlib.h>
#include <string.h>

#define PARA_PREVIEW 3     /* lines of a paragraph shown at least on the section screen */
#define MAX_NOTES 5        /* lines under the focused field */
#define NOTES_ROOM 3
#define SECTION_CHAIN_MAX 8       /* lines kept free for them when paragraphs fill the screen */

static int body_top(void) { return 2; }
static int body_height(const app *a) { return a->rows - 4; }

static void build(app *a)
{
    if (a->view->cur >= a->nsecs) {
        layout_free(&a->view->lay);
        return;
    }
    a->view->para_preview = PARA_PREVIEW;
    if (layout_build(&a->view->lay, a->secs[a->view->cur].node, a->cols, a->english, term_ambi(),
                     a->view->para_preview) != 0) {
        app_message_id(a, true, M_OUT_OF_MEMORY);
        return;
    }
    /* A report section is one or two long paragraphs on an otherwise empty screen: give the
     * paragraphs the lines nothing else needs, so the clerk reads more than three lines. */
    size_t npara = 0;
    for (size_t i = 0; i < a->view->lay.nlines; i++)
        if (a->view->lay.lines[i].kind == LN_FIELD &&
            inode_def(a->view->lay.lines[i].node)->type == FT_PARAGRAPH)
            npara++;
    int spare = body_height(a) - (int)a->view->lay.nlines - NOTES_ROOM;
    if (npara == 0 || spare < (int)npara)
        return;
    a->view->para_preview += (size_t)spare / npara;
    if (layout_build(&a->view->lay, a->secs[a->view->cur].node, a->cols, a->english, term_ambi(),
                     a->view->para_preview) != 0)
        app_message_id(a, true, M_OUT_OF_MEMORY);
}

static size_t section_chain(const app *a, const void *st, key_ctx *chain, size_t max)
{
    const section_view *v = st;
    (void)max;                  /* at most SECTION_CHAIN_MAX */
    bool table = false;
    for (size_t i = 0; i < v->lay.ngrids; i++)
        if (v->lay.grids[i].table)
            table = true;
    size_t k = 0;
    if (inbox_below(a))
        chain[k++] = KC_INBOX_DOC;   /* opened from the inbox: next / previous / back */
    /* a reviewer's keys first: they take the key bar's places of the clerk's row keys */
    if (a->review) {
        chain[k++] = KC_QUERY;
        chain[k++] = KC_REVIEW;
    }
    if (table)
        chain[k++] = KC_TABLE;
    chain[k++] = KC_LINE;
    chain[k++] = KC_NAV;
    if (app_has_parts(a))
        chain[k++] = KC_PART;
    if (!a->review)
        chain[k++] = KC_QUERY;
    chain[k++] = KC_APP;
    return k;
}

/* ---- the notes under the focused field ---- */

typedef struct {
    char *text;
    term_role role;
} note;

static size_t add_wrapped(note *out, size_t n, size_t max, const char *s, term_role role, int w)
{
    txt_lines tl;
    if (n >= max || txt_wrap(s, strlen(s), w, term_ambi(), &tl) < 0)
        return n;
    for (size_t i = 0; i < tl.n && n < max; i++) {
        size_t len = tl.lines[i].end - tl.lines[i].start;
        char *t = malloc(len + 1);
        if (!t)
            break;
        memcpy(t, s + tl.lines[i].start, len);
        t[len] = '\0';
        out[n].text = t;
        out[n].role = role;
        n++;
    }
    txt_lines_free(&tl);
    return n;
}

static size_t focus_notes(const app *a, const section_view *v, note *out, size_t max, int w)
{
    inode *f = v->focus;
    size_t n = 0;
    if (!f || w < 10)
        return 0;
    /* a query on the field and the re-check of its row: what the review is about */
    char *qn = app_query_note(a, f);
    if (qn) {
        n = add_wrapped(out, n, max, qn, ROLE_WARNING, w);
        free(qn);
    }
    char *rn = app_recheck_note(a, f);
    if (rn) {
        n = add_wrapped(out, n, max, rn, ROLE_HELP, w);
        free(rn);
    }
    const finding_list *fl = inode_findings(f);
    for (size_t i = 0; fl && i < fl->len && n < max; i++) {
        const finding *fi = &fl->items[i];
        char *s = tui_asprintf("%c %s: %s", sev_mark((int)fi->sev), sev_word((int)fi->sev),
                               a->english ? fi->msg_en : fi->msg_zh);
        if (s) {
            n = add_wrapped(out, n, max, s, sev_role((int)fi->sev), w);
            free(s);
        }
    }
    /* how a computed figure came about (engine_why): what a reviewer asks first */
    if (inode_is_computed(f) && n < max) {
        char *zh = NULL, *en = NULL;
        if (engine_why(a->e, f, &zh, &en) == 0 && zh && en)
            n = add_wrapped(out, n, max, a->english ? en : zh, ROLE_HELP, w);
        free(zh);
        free(en);
    }
    /* a score the clerk may type: the rule's figure stays in sight, typed or not */
    if (inode_is_computed(f) && (inode_text(f)[0] || field_is_editable(f)) && n < max) {
        char *s = trf(M_RULE_GIVES, inode_rule_display(f));
        if (s) {
            n = add_wrapped(out, n, max, s, ROLE_HELP, w);
            free(s);
        }
    }
    if (n == 0) {
        const char *h = i18n_get(&inode_def(f)->help, a->english);
        if (h && *h)
            n = add_wrapped(out, n, max, h, ROLE_HELP, w);
    }
    size_t li, fc;
    if (n < max && layout_find(&v->lay, f, &li, &fc) && v->lay.lines[li].kind == LN_GRID_ROW) {
        /* the row's mark in the gutter may come from another cell: say which and why, one
         * line each (F4 goes there for the whole text) */
        const lay_line *ln = &v->lay.lines[li];
        const lay_grid *g = &v->lay.grids[ln->grid];
        for (size_t j = 0; j < ln->ncells && n < max; j++) {
            inode *c = v->lay.cells[ln->cell0 + j];
            const finding_list *cf = c && c != f ? inode_findings(c) : NULL;
            for (size_t i = 0; cf && i < cf->len && n < max; i++) {
                const finding *fi = &cf->items[i];
                const char *lab = i18n_get(&g->cols[j]->label, a->english);
                char *t = tui_asprintf("%c %s · %s: %s", sev_mark((int)fi->sev),
                                       lab && *lab ? lab : g->cols[j]->id,
                                       sev_word((int)fi->sev),
                                       a->english ? fi->msg_en : fi->msg_zh);
                if (!t)
                    break;
                out[n].text = t;
                out[n].role = sev_role((int)fi->sev);
                n++;
            }
        }
        /* a text wider than its cell (三级指标, 偏差原因分析…): the focused one in full, up
         * to two lines, so what the cell hides on either side can be read */
        if (!field_is_numeric(inode_def(f)) &&
            draw_width(field_shown(f)) > v->lay.grids[v->lay.lines[li].grid].colw[fc]) {
            size_t room = max - n < 2 ? max - n : 2;
            n = add_wrapped(out, n, n + room, field_shown(f), ROLE_VALUE, w);
        }
        /* the row's cells that the sideways scroll hides (the scores at 80 columns) */
        char *h = n < max ? table_hidden_summary(a, v, li) : NULL;
        if (h) {
            n = add_wrapped(out, n, n + 1 < max ? n + 2 : max, h, ROLE_HELP, w);
            free(h);
        }
    }
    return n;
}

static void notes_free(note *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i].text);
}

/* The notes go under the focused field's last line (a paragraph's preview is not split). */
static size_t notes_after(const layout *L, size_t fl)
{
    size_t i = fl;
    while (i + 1 < L->nlines && L->lines[i + 1].kind == LN_PARA &&
           L->lines[i + 1].node == L->lines[fl].node)
        i++;
    return i;
}

/* ---- scrolling ---- */

static bool pinned_head(const layout *L, size_t top, size_t *head)
{
    if (top >= L->nlines)
        return false;
    const lay_line *ln = &L->lines[top];
    if ((ln->kind == LN_GRID_ROW || ln->kind == LN_EMPTY) && ln->grid >= 0) {
        size_t h = L->grids[ln->grid].head_line;
        if (h < top) {
            *head = h;
            return true;
        }
    }
    return false;
}

static size_t rows_needed(const layout *L, size_t top, size_t line, size_t extra)
{
    size_t head;
    return (line - top + 1) + extra + (pinned_head(L, top, &head) ? 1 : 0);
}

static void scroll_to(app *a, size_t line, size_t extra)
{
    const layout *L = &a->view->lay;
    size_t h = (size_t)(body_height(a) > 1 ? body_height(a) : 1);
    if (extra >= h)
        extra = h - 1;
    if (line < a->view->top)
        a->view->top = line;
    /* the heading or column labels just above the focus come into view with it */
    while (a->view->top > 0 && a->view->top == line) {
        line_kind k = L->lines[a->view->top - 1].kind;
        if (k != LN_HEADING && k != LN_GRID_HEAD)
            break;
        a->view->top--;
    }
    while (a->view->top < line && rows_needed(L, a->view->top, line, extra) > h)
        a->view->top++;
    if (rows_needed(L, 0, line, extra) <= h)
        a->view->top = 0;
    if (a->view->top >= L->nlines)
        a->view->top = L->nlines ? L->nlines - 1 : 0;
}

/* ---- drawing ---- */

static void draw_mark(int y, int sev)
{
    if (sev < 0)
        return;
    attrset(term_attr(sev_role(sev)));
    mvaddch(y, 0, (chtype)(unsigned char)sev_mark(sev));
    attrset(A_NORMAL);
}

static void draw_para_line(const app *a, const section_view *v, frame *out, inode *f,
                           size_t which, int y, int x, int w, attr_t at)
{
    const char *t = field_shown(f);
    txt_lines tl;
    if (txt_wrap(t, strlen(t), w > 4 ? w : 4, term_ambi(), &tl) < 0)
        return;
    bool focused = f == v->focus;
    if (focused && which == 0) {
        /* typing opens the paragraph editor with the text added at the end: the cursor (and
         * an input method's window) goes there, here where the value starts until its end
         * is drawn */
        frame_cursor(out, y, x, field_is_editable(f) && !app_locked(a));
    }
    if (which < tl.n) {
        size_t len = tl.lines[which].end - tl.lines[which].start;
        bool cut = which + 1 == v->para_preview && tl.n > v->para_preview;
        char *s = tui_asprintf("%.*s%s", (int)len, t + tl.lines[which].start, cut ? "…" : "");
        if (s) {
            draw_text_fit(y, x, w, s, at);
            if (focused && (which + 1 == tl.n || cut)) {
                int lw = draw_width(s);
                frame_cursor(out, y, x + (lw < w ? lw : w - 1), out->cur_show);
            }
            free(s);
        }
    } else {
        draw_fill(y, x, w, at);
    }
    txt_lines_free(&tl);
}

static void draw_field(const app *a, const section_view *v, frame *out, const lay_line *ln,
                       int y)
{
    const layout *L = &v->lay;
    inode *f = ln->node;
    const fnode *d = inode_def(f);
    bool focused = f == v->focus;
    draw_mark(y, field_worst(f));
    int lx = L->gutter + ln->depth * 2;
    int lw = L->labelw - ln->depth * 2;
    attr_t la = term_attr(ROLE_LABEL) | (focused ? A_BOLD : 0);
    draw_text_fit(y, lx, lw, node_label(a->english, f), la);

    bool num = field_is_numeric(d);
    bool para = d->type == FT_PARAGRAPH;
    int x = L->valx;
    int w = num ? L->numw : L->valw;
    bool editable = field_is_editable(f);
    attr_t va = term_attr(inode_is_computed(f) ? ROLE_COMPUTED : ROLE_VALUE);
    if (focused)
        va = term_attr(editable && !app_locked(a) ? ROLE_FOCUS : ROLE_FOCUS_RO);
    if (focused && editable && !app_locked(a) && !para && v->ed_ok) {
        field_draw_focused(a, v, out, y, x, w, num, va);
    } else if (para) {
        draw_para_line(a, v, out, f, 0, y, x, w, va);
    } else if (num) {
        draw_text_right(y, x, w, field_shown(f), va);
    } else {
        draw_text_fit(y, x, w, field_shown(f), va);
    }
    if (focused && !para && !(editable && !app_locked(a) && v->ed_ok)) {
        /* a computed figure: nothing is typed here, but the cursor stays with the focus */
        frame_cursor(out, y, x, out->cur_show);
    }
    frame_hit(out, y, lx, a->cols - lx, f);     /* the whole line: its unit and marks too */
    int ux = x + w + 1;
    if (d->unit && ux < a->cols)
        ux += draw_text(y, ux, a->cols - ux, d->unit, strlen(d->unit), term_attr(ROLE_LABEL));
    field_state st = inode_state(f);
    if (((!focused && st == FS_TYPED_DISAGREES) || st == FS_TYPED_UNCHECKED) && ux + 2 < a->cols) {
        /* the figure the draft holds, typed beside the computed one that counts: both on
         * screen, not only while the focus is here; one that cannot be checked (the computed
         * figure is "—") is said so always, focused or not */
        char *s = trf(st == FS_TYPED_UNCHECKED ? M_TYPED_UNCHECKED : M_TYPED_NOTE,
                      inode_text(f) ? inode_text(f) : "");
        if (s)
            ux += 1 + draw_text(y, ux + 1, a->cols - ux - 1, s, strlen(s),
                                term_attr(ROLE_ERROR));
        free(s);
    }
    char qm = app_query_mark(a, f);
    if (qm && ux + 2 < a->cols) {
        /* a query going on: '?' and its id, readable without colour */
        const draft_query *q = app_query_of(a, f);
        char *s = tui_asprintf("%c %s %s", qm, q->id, app_query_state_word(a, q->state));
        if (s) {
            ux += 1 + draw_text(y, ux + 1, a->cols - ux - 1, s, strlen(s), term_attr(ROLE_WARNING));
            free(s);
        }
    }
    char mark = field_override_mark(f);
    if (mark && ux + 2 < a->cols) {
        const key_ctx nav[] = {KC_NAV};
        char kb[32];
        const char *k = keys_first(nav, 1, ACT_REASON, false, kb);
        char *what = mark == '*' ? strdup(tr(M_OVERRIDE)) : trf(M_OVERRIDE_PENDING, k ? k : "");
        char *s = what ? tui_asprintf("%c %s", mark, what) : NULL;
        free(what);
        if (s) {
            draw_text(y, ux + 1, a->cols - ux - 1, s, strlen(s),
                      term_attr(mark == '*' ? ROLE_OVERRIDE : ROLE_ERROR));
            free(s);
        }
    }
}

static void draw_heading(const app *a, const section_view *v, const lay_line *ln, int y)
{
    const layout *L = &v->lay;
    size_t counts[3] = {0, 0, 0};
    int worst = inode_worst(ln->node, counts);
    draw_mark(y, worst);
    int x = L->gutter + ln->depth * 2;
    const char *label = node_label(a->english, ln->node);
    char *s = NULL;
    if (inode_kind(ln->node) == N_TABLE)
        s = tui_asprintf("%s (%zu)", label, inode_nkids(ln->node));
    draw_text_fit(y, x, a->cols - x, s ? s : label, term_attr(ROLE_HEADING));
    free(s);
}

static void draw_line(const app *a, const section_view *v, frame *out, size_t i, int y)
{
    const lay_line *ln = &v->lay.lines[i];
    switch (ln->kind) {
    case LN_FIELD:
        draw_field(a, v, out, ln, y);
        break;
    case LN_PARA: {
        attr_t va = term_attr(ln->node == v->focus ? ROLE_FOCUS_RO : ROLE_VALUE);
        if (ln->node == v->focus && field_is_editable(ln->node) && !app_locked(a))
            va = term_attr(ROLE_FOCUS);
        draw_para_line(a, v, out, ln->node, ln->para_line, y, v->lay.valx, v->lay.valw, va);
        frame_hit(out, y, v->lay.valx, v->lay.valw, ln->node);
        break;
    }
    case LN_HEADING:
        draw_heading(a, v, ln, y);
        break;
    case LN_GRID_HEAD:
        table_draw_head(a, v, &v->lay.grids[ln->grid], y);
        break;
    case LN_GRID_ROW:
    case LN_EMPTY:
        table_draw_row(a, v, out, i, y);
        break;
    }
}

static void draw_title(const app *a, const section_view *v)
{
    if (v->cur >= a->nsecs)
        return;
    char *pos = trf(M_SECTION_N, v->cur + 1, a->nsecs);
    size_t counts[3] = {0, 0, 0};
    inode_worst(a->secs[v->cur].node, counts);
    char *right = tui_asprintf("! %zu %s  ? %zu %s ", counts[SEV_ERROR], tr(M_ERRORS),
                               counts[SEV_WARNING], tr(M_WARNINGS));
    int rw = right ? draw_width(right) : 0;
    int pw = pos ? draw_width(pos) + 3 : 0;
    /* one column stays free between the title and the counts */
    char *title = app_section_title_fit(a, v->cur, a->cols - rw - 1 - pw);
    char *left = tui_asprintf(" %s  %s", pos ? pos : "", title ? title : "");
    free(title);
    draw_fill(1, 0, a->cols, term_attr(ROLE_TITLE));
    draw_text_fit(1, 0, a->cols - rw - 1, left ? left : "", term_attr(ROLE_TITLE));
    if (right) {
        attr_t ra = term_attr(counts[SEV_ERROR] ? ROLE_ERROR
                              : counts[SEV_WARNING] ? ROLE_WARNING : ROLE_TITLE);
        draw_text_right(1, a->cols - rw, rw, right, ra);
    }
    free(pos);
    free(right);
    free(left);
}

/* The layout for the terminal's width, and the scroll that keeps the focused field, the
 * notes under it and its cell in view (drawing then changes nothing). */
static void section_layout(app *a, void *st)
{
    (void)st;
    build(a);
    layout *L = &a->view->lay;
    size_t fl = 0, fc = 0;
    bool has_focus = layout_find(L, a->view->focus, &fl, &fc);
    /* sideways first: the notes say which columns the scroll hides */
    if (has_focus && L->lines[fl].kind == LN_GRID_ROW)
        table_scroll_to(a, &L->grids[L->lines[fl].grid], fc);
    if (has_focus) {
        note notes[MAX_NOTES];
        size_t nn = focus_notes(a, a->view, notes, MAX_NOTES, a->cols - L->gutter - 2);
        notes_free(notes, nn);
        scroll_to(a, notes_after(L, fl), nn);
        if (a->view->top > fl)
            a->view->top = fl;      /* the field's own first line (its label) before its notes */
    } else if (a->view->top >= L->nlines) {
        a->view->top = 0;
    }
    /* the focused value's sideways scroll in its box (the field's or its cell's) */
    inode *f = a->view->focus;
    if (has_focus && field_is_editable(f) && !app_locked(a) && a->view->ed_ok &&
        inode_def(f)->type != FT_PARAGRAPH) {
        if (L->lines[fl].kind == LN_FIELD) {
            bool num = field_is_numeric(inode_def(f));
            field_layout_focused(a, num ? L->numw : L->valw, num);
        } else if (L->lines[fl].kind == LN_GRID_ROW) {
            const lay_grid *g = &L->grids[L->lines[fl].grid];
            field_layout_focused(a, g->colw[fc], g->numeric[fc]);
        }
    }
}

static void section_draw(const app *a, const void *st, frame *out)
{
    const section_view *v = st;
    key_ctx chain[SECTION_CHAIN_MAX];
    size_t nchain = section_chain(a, st, chain, SECTION_CHAIN_MAX);
    app_draw_frame(a, chain, nchain, NULL);
    draw_title(a, v);
    const layout *L = &v->lay;
    size_t fl = 0, fc = 0;
    bool has_focus = layout_find(L, v->focus, &fl, &fc);
    note notes[MAX_NOTES];
    int nw = a->cols - L->gutter - 2;
    size_t nn = has_focus ? focus_notes(a, v, notes, MAX_NOTES, nw) : 0;
    int y = body_top(), y_end = body_top() + body_height(a);
    size_t head;
    if (pinned_head(L, v->top, &head) && y < y_end)
        table_draw_head(a, v, &L->grids[L->lines[head].grid], y++);
    for (size_t i = v->top; i < L->nlines && y < y_end; i++) {
        draw_line(a, v, out, i, y++);
        if (has_focus && i == notes_after(L, fl))
            for (size_t k = 0; k < nn && y < y_end; k++)
                draw_text_fit(y++, L->gutter + 2, nw, notes[k].text, term_attr(notes[k].role));
    }
    notes_free(notes, nn);
    /* more below / above */
    if (v->top > 0)
        mvaddch(body_top(), a->cols - 1, '^');
    if (y >= y_end && L->nlines > 0 && y_end - 1 > body_top())
        mvaddch(y_end - 1, a->cols - 1, 'v');
}

/* ---- moving the focus ---- */

static int go(app *a, inode *target)
{
    if (!target || target == a->view->focus)
        return CH_DRAW;
    int f = app_check_leaving(a, a->view->focus);
    if (f & CH_GONE)
        return f;
    app_focus(a, target);
    return f | CH_DRAW;
}

static inode *cell_at(app *a, size_t line, size_t cell)
{
    inode **c;
    size_t n = layout_line_cells(&a->view->lay, line, &c);
    return cell < n ? c[cell] : NULL;
}

static inode *last_field(inode *n)
{
    if (inode_kind(n) == N_FIELD)
        return n;
    for (size_t i = inode_nkids(n); i-- > 0;) {
        inode *f = last_field(inode_kid(n, i));
        if (f)
            return f;
    }
    return NULL;
}

/* Tab / Shift-Tab to another cell of the same table row: the run of Tabs goes on, and remembers
 * the column it began in (where Enter goes down to: enter_down). */
static int tab_in_row(app *a, inode *to, size_t fc, bool run)
{
    size_t from = a->view->tab_from ? a->view->tab_from : fc + 1;
    int f = go(a, to);
    if (run && !(f & CH_GONE) && a->view->focus == to)
        a->view->tab_from = from;
    return f;
}

/* Tab / Shift-Tab (tab: a run of them in a table row goes on), Enter when it moves on: the next
 * focusable cell in reading order, on into the next section. */
static int step_field_tab(app *a, int dir, bool tab)
{
    layout *L = &a->view->lay;
    size_t fl, fc;
    if (!layout_find(L, a->view->focus, &fl, &fc)) {
        size_t l, c;
        if (layout_focusable_from(L, 0, 1, &l, &c))
            return go(a, cell_at(a, l, c));
        return CH_NONE;
    }
    inode **cells;
    size_t n = layout_line_cells(L, fl, &cells);
    bool run = tab && L->lines[fl].kind == LN_GRID_ROW && L->grids[L->lines[fl].grid].table;
    if (dir > 0) {
        int added = table_tab_past_end(a);
        if (added >= 0)
            return added;
        for (size_t k = fc + 1; k < n; k++)
            if (cells[k])
                return tab_in_row(a, cells[k], fc, run);
        size_t l, c;
        if (fl + 1 < L->nlines && layout_focusable_from(L, fl + 1, 1, &l, &c))
            return go(a, cell_at(a, l, c));
        if (a->view->cur + 1 < a->nsecs) {
            int f = app_check_leaving(a, a->view->focus);
            if (f & CH_GONE)
                return f;
            app_focus_section(a, a->view->cur + 1);
            return f | CH_DRAW;
        }
        return CH_NONE;
    }
    for (size_t k = fc; k-- > 0;)
        if (cells[k])
            return tab_in_row(a, cells[k], fc, run);
    size_t l, c;
    if (fl > 0 && layout_focusable_from(L, fl - 1, -1, &l, &c))
        return go(a, cell_at(a, l, c));
    if (a->view->cur > 0) {
        inode *t = last_field(a->secs[a->view->cur - 1].node);
        if (t)
            return go(a, t);
        app_focus_section(a, a->view->cur - 1);
        return CH_DRAW;
    }
    return CH_NONE;
}

static int step_field(app *a, int dir)
{
    return step_field_tab(a, dir, false);
}

/* Enter after a run of Tabs in a table row: the next row, in the column where the run began
 * (as a spreadsheet returns to the column Tab-typing started in), so rows typed cell by cell
 * line up — and so do rows a terminal without bracketed paste sends as keys (Tab between
 * cells, a line end between rows; table_paste places a burst's rows the same way). On the
 * last row a new row, as Tab past its end makes one. -1 when there is no run: Enter moves on. */
static int enter_down(app *a)
{
    layout *L = &a->view->lay;
    size_t fl, fc;
    if (!a->view->tab_from || !layout_find(L, a->view->focus, &fl, &fc) ||
        L->lines[fl].kind != LN_GRID_ROW)
        return -1;
    const lay_grid *g = &L->grids[L->lines[fl].grid];
    inode *row = inode_parent(a->view->focus);
    size_t col = a->view->tab_from - 1;
    if (!g->table || !row || inode_parent(row) != g->table || col >= g->ncols)
        return -1;
    size_t idx = inode_index(row);
    if (idx + 1 >= inode_nkids(g->table))
        return table_enter_new_row(a, g->cols[col]);
    inode *next = inode_kid(g->table, idx + 1);
    for (size_t l = fl + 1; l < L->nlines; l++) {
        size_t c;
        if (L->lines[l].kind == LN_GRID_ROW && L->lines[l].node == next)
            return layout_cell_near(L, l, col, &c) ? go(a, cell_at(a, l, c)) : -1;
    }
    return -1;
}

/* Up / Down (and pages): the line above / below that has a field, in the same column: the
 * focused cell's, or the one Up / Down kept while passing lines that lack it (a field on a
 * line of its own, a grid with fewer columns). Any other move forgets it (set_focus). */
static int step_line(app *a, int dir, size_t count)
{
    layout *L = &a->view->lay;
    size_t fl, fc;
    if (!layout_find(L, a->view->focus, &fl, &fc))
        return step_field(a, dir);
    size_t want = a->view->want_col ? a->view->want_col - 1 : fc;
    if (L->lines[fl].kind == LN_GRID_ROW && want != fc) {
        inode **c;
        size_t n = layout_line_cells(L, fl, &c);
        if (want >= n || !c[want])
            want = fc;
    }
    size_t line = fl, target = fl;
    for (size_t moved = 0; moved < count;) {
        if (dir > 0 ? line + 1 >= L->nlines : line == 0)
            break;
        line = dir > 0 ? line + 1 : line - 1;
        inode **c;
        if (layout_line_cells(L, line, &c) > 0) {
            size_t cc;
            if (layout_cell_near(L, line, want, &cc)) {
                target = line;
                moved++;
            }
        }
    }
    if (target == fl)
        return CH_NONE;
    size_t cc = 0;
    layout_cell_near(L, target, want, &cc);
    int f = go(a, cell_at(a, target, cc));
    if (!(f & CH_GONE))
        a->view->want_col = want + 1;     /* after go: moving the focus forgot it */
    return f;
}

/* Ctrl-Home / Ctrl-End: the section's first field / last field — in a table the first cell
 * of the first row, the last cell of the last row, as in a spreadsheet (and as the help says). */
static int step_edge(app *a, int dir)
{
    layout *L = &a->view->lay;
    size_t l, c;
    if (L->nlines == 0 ||
        !(dir < 0 ? layout_focusable_from(L, 0, 1, &l, &c)
                  : layout_focusable_from(L, L->nlines - 1, -1, &l, &c)))
        return CH_NONE;
    return go(a, cell_at(a, l, c));
}

/* Document order of two instances (for "next field with a finding"). */
static int doc_cmp(const inode *x, const inode *y)
{
    size_t px[DRAFT_MAX_DEPTH * 2], py[DRAFT_MAX_DEPTH * 2];
    size_t nx = 0, ny = 0;
    for (const inode *p = x; p && inode_parent(p) && nx < DRAFT_MAX_DEPTH * 2; p = inode_parent(p))
        px[nx++] = inode_index(p);
    for (const inode *p = y; p && inode_parent(p) && ny < DRAFT_MAX_DEPTH * 2; p = inode_parent(p))
        py[ny++] = inode_index(p);
    while (nx > 0 && ny > 0) {
        size_t a = px[--nx], b = py[--ny];
        if (a != b)
            return a < b ? -1 : 1;
    }
    return nx > 0 ? 1 : ny > 0 ? -1 : 0;
}

static int step_finding(app *a, int dir)
{
    inode **arr = NULL;
    size_t n = engine_finding_fields(a->e, &arr);
    if (n == 0 || !arr) {
        free(arr);
        app_message_id(a, false, M_NO_FINDINGS);
        return CH_DRAW;
    }
    inode *target = NULL;
    if (!a->view->focus) {
        target = arr[dir > 0 ? 0 : n - 1];
    } else if (dir > 0) {
        for (size_t i = 0; i < n && !target; i++)
            if (doc_cmp(arr[i], a->view->focus) > 0 && first_field(arr[i]) != a->view->focus)
                target = arr[i];
        if (!target)
            target = arr[0];
    } else {
        for (size_t i = n; i-- > 0 && !target;)
            if (doc_cmp(arr[i], a->view->focus) < 0 && first_field(arr[i]) != a->view->focus)
                target = arr[i];
        if (!target)
            target = arr[n - 1];
    }
    free(arr);
    inode *f = first_field(target);
    if (!f || f == a->view->focus) {
        app_message_id(a, false, M_NO_MORE_FIND);
        return CH_DRAW;
    }
    return go(a, f);
}

/* ---- editing ---- */

static int section_text(app *a, void *st, const char *text, size_t len)
{
    (void)st;
    inode *f = a->view->focus;
    if (!f)
        return CH_NONE;
    if (!app_can_edit(a, f, true))
        return CH_DRAW;
    /* cells copied from a spreadsheet: tab-separated, or lines (a column) into a cell that is
     * not a long text (whose line breaks are paragraph breaks) */
    if (memchr(text, '\t', len) ||
        (memchr(text, '\n', len) && inode_def(f)->type != FT_PARAGRAPH)) {
        int pasted = table_paste(a, text, len);
        if (pasted >= 0)
            return pasted;
    }
    if (inode_def(f)->type == FT_PARAGRAPH)
        return para_open(a, f, text, len);
    /* a closed choice takes one of its options; an open one (older and newer taxonomies
     * of 二级指标) also takes other text, with a warning, like a text field */
    if (inode_def(f)->type == FT_CHOICE && !inode_def(f)->choices_open)
        return choice_typed(a, f, text, len);
    if (!a->view->ed_ok)
        return CH_NONE;
    /* a cell reached by moving is replaced by what is typed, as in a spreadsheet */
    if (a->view->ed_fresh && a->view->ed.len > 0 && le_set(&a->view->ed, "", 0) != 0) {
        app_message_id(a, true, M_OUT_OF_MEMORY);
        return CH_DRAW;
    }
    a->view->ed_fresh = false;
    if (le_insert(&a->view->ed, text, len) != 0) {
        app_message_id(a, true, M_OUT_OF_MEMORY);
        return CH_DRAW;
    }
    return app_commit(a, f, a->view->ed.buf);
}

static int edit_action(app *a, action act)
{
    inode *f = a->view->focus;
    if (!f || !a->view->ed_ok)
        return CH_NONE;
    bool modifies = act == ACT_BACKSPACE || act == ACT_DELETE || act == ACT_KILL_END ||
                    act == ACT_KILL_START || act == ACT_KILL_WORD || act == ACT_YANK;
    if (modifies && !app_can_edit(a, f, true))
        return CH_DRAW;
    if (inode_def(f)->type == FT_PARAGRAPH) {
        /* the one-line editor would turn the paragraph's line breaks into spaces */
        return modifies ? para_open(a, f, NULL, 0) : CH_NONE;
    }
    if (inode_def(f)->type == FT_CHOICE && !inode_def(f)->choices_open) {
        /* a choice is taken whole or not at all: deleting part of it would store a value
         * that is not one of the options */
        bool clears = act == ACT_BACKSPACE || act == ACT_DELETE || act == ACT_KILL_END ||
                      act == ACT_KILL_START || act == ACT_KILL_WORD;
        return clears ? choice_clear(a, f) : CH_NONE;
    }
    bool changed = false;
    if (a->view->ed_fresh && (act == ACT_BACKSPACE || act == ACT_DELETE) && a->view->ed.len > 0) {
        /* the whole value is what a fresh cell offers: these clear it, as in a spreadsheet */
        a->view->ed_fresh = false;
        if (le_set(&a->view->ed, "", 0) != 0) {
            app_message_id(a, true, M_OUT_OF_MEMORY);
            return CH_DRAW;
        }
        return app_commit(a, f, a->view->ed.buf);
    }
    a->view->ed_fresh = false;        /* any other key edits in place from now on */
    line_action(&a->view->ed, act, &changed);
    return changed ? app_commit(a, f, a->view->ed.buf) : CH_DRAW;
}

static int open_field(app *a, bool zoom)
{
    inode *f = a->view->focus;
    if (!f)
        return CH_NONE;
    const fnode *d = inode_def(f);
    if (d->type == FT_CHOICE)
        return app_can_edit(a, f, true) ? choice_pick(a, f) : CH_DRAW;
    if (d->type == FT_PARAGRAPH || (zoom && !field_is_numeric(d)))
        return para_open(a, f, NULL, 0);
    if (!zoom && a->view->ed_fresh && a->view->ed_ok && a->view->ed.len > 0 && app_can_edit(a, f, false)) {
        /* Enter on a filled cell edits it in place (the cursor at its end), as in a
         * spreadsheet; Enter again moves on */
        a->view->ed_fresh = false;
        le_end(&a->view->ed);
        return CH_DRAW;
    }
    if (zoom)
        return CH_NONE;
    int down = enter_down(a);
    return down >= 0 ? down : step_field(a, 1);
}

/* F2: edit the focused field in place, as Excel's F2 does — the cursor at the end of its text,
 * typing adds to it — whether or not it was just reached (Enter on a cell not just reached
 * moves on; F2 never does). Long text and choices open their editors, as Enter does. */
static int edit_in_place(app *a)
{
    inode *f = a->view->focus;
    if (!f)
        return CH_NONE;
    const fnode *d = inode_def(f);
    if (d->type == FT_CHOICE || d->type == FT_PARAGRAPH)
        return open_field(a, false);
    if (!app_can_edit(a, f, true) || !a->view->ed_ok)
        return CH_DRAW;
    a->view->ed_fresh = false;
    le_end(&a->view->ed);
    return CH_DRAW;
}

int section_click(app *a, int y, int x)
{
    for (size_t i = 0; i < a->fr.nhits; i++) {
        const hit_box *h = &a->fr.hits[i];
        if (h->y != y || x < h->x || x >= h->x + h->w)
            continue;
        if (h->field != a->view->focus)
            return go(a, h->field);
        /* a click inside the focused value puts the cursor there */
        if (a->view->ed_ok && inode_def(h->field)->type != FT_PARAGRAPH && x >= a->fr.ed_x) {
            a->view->ed_fresh = false;
            int col = x - a->fr.ed_x + a->view->ed.scroll;
            if (col >= 0)
                a->view->ed.cur = txt_offset_at_col(a->view->ed.buf, a->view->ed.len, col, term_ambi(), NULL);
        }
        return CH_DRAW;
    }
    return CH_NONE;
}

static int section_key(app *a, void *st, const term_ev *ev)
{
    build(a);
    if (ev->kind == EV_KEY && ev->code == KEY_MOUSE)
        return ev->mouse_y >= 0 ? section_click(a, ev->mouse_y, ev->mouse_x) : CH_NONE;
    key_ctx chain[SECTION_CHAIN_MAX];
    size_t n = section_chain(a, st, chain, SECTION_CHAIN_MAX);
    action act = keys_lookup(chain, n, ev);
    size_t page = (size_t)(body_height(a) > 3 ? body_height(a) - 2 : 1);
    switch (act) {
    case ACT_LEFT: case ACT_RIGHT: case ACT_HOME: case ACT_END: case ACT_WORD_LEFT:
    case ACT_WORD_RIGHT: case ACT_BACKSPACE: case ACT_DELETE: case ACT_KILL_END:
    case ACT_KILL_START: case ACT_KILL_WORD: case ACT_YANK:
        return edit_action(a, act);
    case ACT_NEXT_FIELD:   return step_field_tab(a, 1, true);
    case ACT_PREV_FIELD:   return step_field_tab(a, -1, true);
    case ACT_FIELD_DOWN:   return step_line(a, 1, 1);
    case ACT_FIELD_UP:     return step_line(a, -1, 1);
    case ACT_PAGE_DOWN:    return step_line(a, 1, page);
    case ACT_PAGE_UP:      return step_line(a, -1, page);
    case ACT_FIRST_FIELD:  return step_edge(a, -1);
    case ACT_LAST_FIELD:   return step_edge(a, 1);
    case ACT_NEXT_SECTION:
    case ACT_PREV_SECTION: {
        size_t to = act == ACT_NEXT_SECTION ? a->view->cur + 1 : a->view->cur - 1;
        if ((act == ACT_PREV_SECTION && a->view->cur == 0) || to >= a->nsecs)
            return CH_NONE;
        int f = app_check_leaving(a, a->view->focus);
        if (f & CH_GONE)
            return f;
        app_focus_section(a, to);
        return f | CH_DRAW;
    }
    case ACT_NEXT_FINDING: return step_finding(a, 1);
    case ACT_PREV_FINDING: return step_finding(a, -1);
    case ACT_OPEN:         return open_field(a, false);
    case ACT_ZOOM:         return open_field(a, true);
    case ACT_EDIT:         return edit_in_place(a);
    case ACT_REASON:       return a->view->focus ? app_ask_reason(a, a->view->focus) : CH_NONE;
    case ACT_QUERY:        return app_query_field(a, a->view->focus);
    case ACT_RECHECK:      return app_recheck_field(a, a->view->focus);
    case ACT_RELOAD:       return app_reload_doc(a);
    case ACT_ROW_ADD: case ACT_ROW_DUP: case ACT_ROW_DEL: case ACT_ROW_UP: case ACT_ROW_DOWN:
        return table_action(a, act);
    case ACT_FILL_DOWN: {
        int f = table_fill_down(a);
        return f >= 0 ? f : edit_action(a, ACT_DELETE);
    }
    case ACT_PART_ADD: case ACT_PART_DUP: case ACT_PART_DEL:
        return part_action(a, act, a->view->cur);
    case ACT_OVERVIEW: {
        inode *old = a->view->focus;
        int f = overview_open(a);
        return f | app_check_leaving(a, old);
    }
    default:
        return app_global(a, act);
    }
}

/* The state is the open document's view, which the document owns (app_doc.c): closing the
 * screen frees nothing. */
static void section_close(app *a, void *st)
{
    (void)a;
    (void)st;
}

const screen_ops section_screen = {
    .name = "section",
    .key = section_key,
    .text = section_text,
    .layout = section_layout,
    .draw = section_draw,
    .close = section_close,
    .chain = section_chain,
};
