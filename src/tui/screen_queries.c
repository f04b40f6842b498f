/* The list of queries: one line each (id, state, the field in the clerk's words, the last
 * message); Enter jumps to the field. The reviewer closes (c) or reopens (o) the selected
 * query here; the clerk answers it with the query key. Drawn from the draft each time, so
 * what an action changes shows at once. */
#include "tui/app.h"

#include "tui/draw.h"

#include <stdlib.h>
#include <string.h>

/* closing and reopening are the reviewer's: the clerk's list has no such keys */
static const key_ctx chain_review[] = {KC_QUERIES, KC_QUERY, KC_LIST, KC_APP};
static const key_ctx chain_clerk[] = {KC_QUERY, KC_LIST, KC_APP};

static size_t chain_of(const app *a, const key_ctx **c)
{
    *c = a->review ? chain_review : chain_clerk;
    return a->review ? 4 : 3;
}

static const draft *the_draft(const app *a)
{
    return doc_draft(a->d);
}

int queries_open(app *a)
{
    if (!a->d)
        return CH_NONE;
    if (the_draft(a)->n_queries == 0) {
        app_message(a, false, "%s", a->english ? "No queries on this draft" : "本草稿没有质询");
        return CH_DRAW;
    }
    if (app_top_is(a, &queries_screen))
        return CH_NONE;
    if (!app_pop_to(a, &section_screen))
        return CH_NONE;
    list_pos *p = calloc(1, sizeof *p);
    if (!p) {
        app_message_id(a, true, M_OUT_OF_MEMORY);
        return CH_DRAW;
    }
    /* the query of the focused field is selected */
    const draft_query *fq = app_query_of(a, a->view->focus);
    for (size_t i = 0; fq && i < the_draft(a)->n_queries; i++)
        if (&the_draft(a)->queries[i] == fq)
            p->sel = i;
    p->n = the_draft(a)->n_queries;
    return app_push(a, &queries_screen, p);
}

/* "行 1 · 得分" / "Row 1 · Score", the section's name before it: where a query is. */
static char *where(const app *a, const char *path)
{
    if (!path || !*path)
        return strdup(a->english ? "(the whole draft)" : "（整个草稿）");
    inode *n = engine_find(a->e, path);
    if (!n)   /* a row the clerk deleted (query.orphan): said, for the reviewer to close it */
        return tui_asprintf(a->english ? "%s (row deleted)" : "%s（所在行已删除）", path);
    const char *label = node_label(a->english, n);
    for (const inode *p = inode_parent(n); p; p = inode_parent(p))
        if (inode_kind(p) == N_ROW && inode_parent(p) && inode_kind(inode_parent(p)) == N_TABLE)
            return tui_asprintf("%s %zu · %s", tr(M_ROW_LABEL), inode_index(p) + 1, label);
    return strdup(label);
}

static void queries_layout(app *a, void *st)
{
    list_pos *p = st;
    p->n = the_draft(a)->n_queries;
    list_scroll(p, (size_t)(a->rows - 5));
}

static void queries_draw(const app *a, const void *st, frame *out)
{
    const list_pos *p = st;
    const key_ctx *chain;
    size_t nchain = chain_of(a, &chain);
    app_draw_frame(a, chain, nchain, NULL);
    const draft *dr = the_draft(a);
    char *t = tui_asprintf(a->english ? "Queries (%zu)" : "质询（%zu）", dr->n_queries);
    draw_text_pad(1, 0, a->cols, t ? t : "", term_attr(ROLE_TITLE));
    free(t);
    size_t h = (size_t)(a->rows - 5);
    for (size_t r = 0; r < h && p->top + r < dr->n_queries; r++) {
        size_t i = p->top + r;
        const draft_query *q = &dr->queries[i];
        bool sel = i == p->sel;
        int y = 2 + (int)r;
        bool going = strcmp(q->state, "closed") != 0;
        attr_t at = term_attr(sel ? ROLE_SELECTED : going ? ROLE_WARNING : ROLE_NORMAL);
        draw_fill(y, 0, a->cols, at);
        const draft_query_msg *last = q->n_thread ? &q->thread[q->n_thread - 1] : NULL;
        for (size_t k = q->n_thread; k-- > 0;)
            if (q->thread[k].text && *q->thread[k].text) {
                last = &q->thread[k];
                break;
            }
        char *w = where(a, q->path);
        char *line = tui_asprintf("%c %-4s %-8s %s  %s", going ? '?' : ' ', q->id,
                                  app_query_state_word(a, q->state), w ? w : "",
                                  last && last->text ? last->text : "");
        draw_text_fit(y, 0, a->cols, line ? line : "", at);
        free(line);
        free(w);
        if (sel) {
            frame_cursor(out, y, 0, false);
        }
    }
    /* the selected query's whole thread, newest last, as far as there is room */
    if (p->sel < dr->n_queries) {
        const draft_query *q = &dr->queries[p->sel];
        int y = a->rows - 3;
        const draft_query_msg *m = q->n_thread ? &q->thread[q->n_thread - 1] : NULL;
        char *s = m ? tui_asprintf("%s %s %s: %s", m->at ? m->at : "", m->by ? m->by : "",
                                   m->action, m->text)
                    : NULL;
        draw_text_fit(y, 0, a->cols, s ? s : "", term_attr(ROLE_HELP));
        free(s);
    }
}

static int queries_key(app *a, void *st, const term_ev *ev)
{
    list_pos *p = st;
    const draft *dr = the_draft(a);
    size_t page = (size_t)(a->rows > 7 ? a->rows - 7 : 1);
    if (ev->kind == EV_KEY && ev->code == KEY_MOUSE) {
        if (ev->mouse_y < 2 || ev->mouse_y >= a->rows - 3)
            return CH_NONE;
        size_t i = p->top + (size_t)(ev->mouse_y - 2);
        if (i >= dr->n_queries)
            return CH_NONE;
        p->sel = i;
        return CH_DRAW;
    }
    const key_ctx *chain;
    size_t nchain = chain_of(a, &chain);
    action act = keys_lookup(chain, nchain, ev);
    if (list_motion(p, act, page))
        return CH_DRAW;
    const draft_query *q = p->sel < dr->n_queries ? &dr->queries[p->sel] : NULL;
    switch (act) {
    case ACT_CLOSE:
    case ACT_QUERIES:
        return app_pop(a);
    case ACT_QUERY_CLOSE:
    case ACT_QUERY_REOPEN:
        if (!q)
            return CH_NONE;
        if (!a->review) {
            app_message(a, true, "%s", a->english
                        ? "Queries are closed and reopened by the reviewer (selfeval edit --review)"
                        : "质询由审核人关闭或重新打开（selfeval edit --review）");
            return CH_DRAW;
        }
        return act == ACT_QUERY_CLOSE ? app_query_act(a, q->id, QA_CLOSE)
                                      : app_query_reopen(a, q->id);
    case ACT_QUERY:
        if (!q)
            return CH_NONE;
        if (a->review) {
            inode *n = *q->path ? engine_find(a->e, q->path) : NULL;
            return n ? app_query_field(a, n) : CH_NONE;
        }
        return app_answer_query(a, q->id);
    case ACT_CHOOSE: {
        if (!q)
            return CH_NONE;
        inode *n = *q->path ? engine_find(a->e, q->path) : NULL;
        if (!n && *q->path) {
            char kc[32];
            const char *k = keys_first(chain, nchain, ACT_QUERY_CLOSE, false, kc);
            if (a->review && k)
                app_message(a, true, a->english ? "%s: its row was deleted; %s closes the query"
                                                : "%s：所在行已删除；按 %s 关闭该质询",
                            q->path, k);
            else
                app_message(a, true, a->english ? "%s: its row was deleted; the reviewer closes "
                                                  "the query"
                                                : "%s：所在行已删除；由审核人关闭该质询",
                            q->path);
            return CH_DRAW;
        }
        if (!n) {
            char *m = trf(M_SEARCH_NONE, q->path);
            app_message(a, true, "%s", m ? m : "");
            free(m);
            return CH_DRAW;
        }
        int f = app_pop(a);     /* frees p */
        app_focus(a, n);
        return f | CH_DRAW;
    }
    default:
        return app_global(a, act);
    }
}

static size_t queries_chain(const app *a, const void *st, key_ctx *out, size_t max)
{
    (void)st;
    const key_ctx *chain;
    size_t nchain = chain_of(a, &chain);
    return app_chain_copy(chain, nchain, out, max);
}

const screen_ops queries_screen = {
    .name = "queries",
    .key = queries_key,
    .layout = queries_layout,
    .draw = queries_draw,
    .chain = queries_chain,
};
