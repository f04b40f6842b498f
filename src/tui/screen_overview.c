/* The overview of a submission: its report and tables (the included parts, one line per
 * project), each with its total, grade and counts of findings; Enter goes into the one
 * selected. It is the first screen of a draft with parts, as the provincial platform's 填报
 * list and CSPro's case tree are, instead of the report's cover. */
#include "tui/app.h"

#include "tui/draw.h"
#include "tui/screen_inbox.h"

#include <stdlib.h>
#include <string.h>

/* Opened from the inbox (a reviewer's first screen of a submission): the next / previous
 * submission and back to the inbox first, as on the section screen. */
static size_t overview_chain(const app *a, const void *st, key_ctx *out, size_t max)
{
    (void)st;
    key_ctx chain[3];
    size_t n = 0;
    if (inbox_below(a))
        chain[n++] = KC_INBOX_DOC;
    chain[n++] = KC_LIST;
    chain[n++] = KC_APP;
    return app_chain_copy(chain, n, out, max);
}

/* The parts of the draft in order, a repeated part's instances one by one. */
static size_t entries(const app *a, inode ***out)
{
    inode *root = engine_root(a->e);
    size_t n = 0, cap = 8;
    inode **v = malloc(cap * sizeof *v);
    for (size_t i = 0; v && i < inode_nkids(root); i++) {
        inode *k = inode_kid(root, i);
        if (inode_kind(k) != N_PART)
            continue;
        size_t many = inode_def(k)->repeat ? inode_nkids(k) : 1;
        for (size_t r = 0; r < many; r++) {
            if (n == cap) {
                inode **nv = realloc(v, (cap *= 2) * sizeof *nv);
                if (!nv) {
                    free(v);
                    *out = NULL;
                    return 0;
                }
                v = nv;
            }
            v[n++] = inode_def(k)->repeat ? inode_kid(k, r) : k;
        }
    }
    *out = v;
    return v ? n : 0;
}

int overview_open(app *a)
{
    if (!a->d || !app_has_parts(a) || !app_pop_to(a, &section_screen))
        return CH_NONE;
    list_pos *pos = calloc(1, sizeof *pos);
    if (!pos) {
        app_message_id(a, true, M_OUT_OF_MEMORY);
        return CH_DRAW;
    }
    inode **v;
    size_t n = entries(a, &v);
    /* the line of the part being edited is selected */
    for (size_t i = 0; i < n && a->view->cur < a->nsecs; i++)
        for (const inode *p = a->secs[a->view->cur].node; p; p = inode_parent(p))
            if (p == v[i])
                pos->sel = i;
    free(v);
    pos->n = n;
    return app_push(a, &overview_screen, pos);
}

static void overview_layout(app *a, void *st)
{
    list_pos *pos = st;
    inode **v;
    pos->n = entries(a, &v);
    free(v);
    list_scroll(pos, (size_t)(a->rows - 4));
}

static void overview_draw(const app *a, const void *st, frame *out)
{
    const list_pos *pos = st;
    key_ctx chain[4];
    app_draw_frame(a, chain, overview_chain(a, st, chain, 4), NULL);
    const char *title = i18n_get(&a->f->title, a->english);
    char *t = tui_asprintf("%s · %s", tr(M_OVERVIEW_T), title ? title : a->f->id);
    draw_text_pad(1, 0, a->cols, t ? t : "", term_attr(ROLE_TITLE));
    free(t);
    inode **v;
    size_t n = entries(a, &v);
    size_t h = (size_t)(a->rows - 4);
    for (size_t r = 0; r < h && pos->top + r < n; r++) {
        size_t i = pos->top + r;
        inode *e = v[i];
        int y = 2 + (int)r;
        bool sel = i == pos->sel;
        attr_t at = term_attr(sel ? ROLE_SELECTED : ROLE_NORMAL);
        draw_fill(y, 0, a->cols, at);
        size_t counts[3] = {0, 0, 0};
        int worst = inode_worst(e, counts);
        inode *total = NULL, *grade = NULL;
        app_scope_totals(a, e, false, &total, &grade);
        const char *g = grade ? field_shown(grade) : "";
        char *right = total ? tui_asprintf("%s %8s %-2s  ! %3zu %s  ? %3zu %s ", tr(M_TOTAL),
                                           field_shown(total), strcmp(g, "—") ? g : "",
                                           counts[SEV_ERROR], tr(M_ERRORS),
                                           counts[SEV_WARNING], tr(M_WARNINGS))
                            : tui_asprintf("! %3zu %s  ? %3zu %s ", counts[SEV_ERROR],
                                           tr(M_ERRORS), counts[SEV_WARNING], tr(M_WARNINGS));
        int rw = right ? draw_width(right) : 0;
        char *name = app_scope_name(a, e);
        char *left = tui_asprintf("%c %s", sel ? '>' : ' ', name ? name : "");
        draw_text_fit(y, 0, a->cols - rw - 1, left ? left : "", at);
        if (right)
            draw_text_right(y, a->cols - rw, rw, right,
                            sel ? at : term_attr(worst >= 0 ? sev_role(worst) : ROLE_NORMAL));
        if (sel) {
            frame_cursor(out, y, 0, false);
        }
        free(name);
        free(left);
        free(right);
    }
    free(v);
}

static int overview_key(app *a, void *st, const term_ev *ev)
{
    list_pos *pos = st;
    size_t page = (size_t)(a->rows > 6 ? a->rows - 6 : 1);
    if (ev->kind == EV_KEY && ev->code == KEY_MOUSE) {
        if (ev->mouse_y < 2 || ev->mouse_y >= a->rows - 2)
            return CH_NONE;
        size_t i = pos->top + (size_t)(ev->mouse_y - 2);
        if (i >= pos->n)
            return CH_NONE;
        pos->sel = i;
    } else {
        key_ctx chain[4];
        action act = keys_lookup(chain, overview_chain(a, st, chain, 4), ev);
        if (list_motion(pos, act, page))
            return CH_DRAW;
        if (act == ACT_CLOSE)
            return app_pop(a);
        if (act != ACT_CHOOSE)
            return app_global(a, act);
    }
    inode **v;
    size_t n = entries(a, &v);
    inode *e = pos->sel < n ? v[pos->sel] : NULL;
    free(v);
    if (!e)
        return CH_NONE;
    for (size_t s = 0; s < a->nsecs; s++)
        for (const inode *p = a->secs[s].node; p; p = inode_parent(p))
            if (p == e) {
                inode *old = a->view->focus;
                int f = app_pop(a);     /* frees pos */
                app_focus_section(a, s);
                return f | app_check_leaving(a, old) | CH_DRAW;
            }
    return CH_NONE;
}

const screen_ops overview_screen = {
    .name = "overview",
    .key = overview_key,
    .layout = overview_layout,
    .draw = overview_draw,
    .chain = overview_chain,
};
