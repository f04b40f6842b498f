/* Projects: the repeated parts of a form (the 项目支出绩效自评表 of a department's submission,
 * one per project). Adding, duplicating and deleting one goes through the document's row
 * primitives on the part's instance, so it is journaled and undone like a table row; the
 * section list is rebuilt at once, so the new project's sections can be reached right away. */
#include "tui/app.h"

#include "tui/dialog.h"

#include <stdlib.h>
#include <string.h>

static bool is_repeat_part(const inode *n)
{
    return n && inode_kind(n) == N_PART && inode_def(n)->repeat;
}

/* The first repeated part in document order (not inside another one). */
static inode *first_part(inode *n)
{
    if (is_repeat_part(n))
        return n;
    if (inode_kind(n) != N_PART && inode_parent(n))
        return NULL;          /* parts are the root's kids or parts' kids */
    for (size_t i = 0; i < inode_nkids(n); i++) {
        inode *p = first_part(inode_kid(n, i));
        if (p)
            return p;
    }
    return NULL;
}

bool app_has_parts(const app *a)
{
    return a->e && first_part(engine_root(a->e)) != NULL;
}

/* The project (a row of a repeated part) that holds section sec; NULL when none. */
static inode *part_row_of(app *a, size_t sec)
{
    if (sec >= a->nsecs)
        return NULL;
    for (inode *n = a->secs[sec].node; n && inode_parent(n); n = inode_parent(n))
        if (inode_kind(n) == N_ROW && is_repeat_part(inode_parent(n)))
            return n;
    return NULL;
}

/* "项目支出绩效自评表 2 「开放型经济发展…」": how the clerk knows which project it is. The name
 * is the project's first field (项目支出名称). */
static const char *part_name(inode *row)
{
    inode *f = first_field(row);
    const char *t = f ? inode_text(f) : "";
    return t && *t ? t : tr(M_PART_UNNAMED);
}

/* Focuses the first field of project idx of part p (the sections were rebuilt). */
static void focus_part(app *a, inode *p, size_t idx)
{
    size_t n = inode_nkids(p);
    if (idx >= n)
        return;
    inode *row = inode_kid(p, idx);
    inode *f = first_field(row);
    if (f) {
        app_focus(a, f);
        return;
    }
    size_t s = app_section_of(a, row);
    for (size_t i = 0; i < a->nsecs; i++)
        if (part_row_of(a, i) == row) {
            s = i;
            break;
        }
    app_focus_section(a, s);
}

/* The instances changed: forget every pointer into the tree, then find the sections again. */
static void rebuild(app *a)
{
    a->view->focus = NULL;
    a->view->reason_asked = NULL;
    app_sections_build(a);
}

static int done(app *a, msg_id id, const char *label, size_t number, const char *extra)
{
    char *m = extra ? trf(id, label, number, extra) : trf(id, label, number);
    if (m) {
        app_message(a, false, "%s", m);
        free(m);
    }
    return CH_DRAW;
}

static int part_do(app *a, action act, size_t sec, bool confirmed);

/* Yes to deleting the project of section sec; the list of sections, when the question came
 * from it, follows. */
static int delete_confirmed(app *a, void *ctx, int answer, const char *text)
{
    (void)text;
    if (answer != 0 || !a->d)
        return CH_DRAW;
    int f = part_do(a, ACT_PART_DEL, *(size_t *)ctx, true);
    list_pos *p = app_top_is(a, &sections_screen);
    if (p) {
        p->n = a->nsecs;
        p->sel = a->view->cur;
    }
    return f;
}

int part_action(app *a, action act, size_t sec)
{
    return part_do(a, act, sec, false);
}

static int part_do(app *a, action act, size_t sec, bool confirmed)
{
    if (app_locked(a)) {
        app_can_edit(a, NULL, true);        /* says why */
        return CH_DRAW;
    }
    inode *row = part_row_of(a, sec);
    inode *p = row ? inode_parent(row) : first_part(engine_root(a->e));
    if (!p) {
        app_message_id(a, true, M_NO_PARTS);
        return CH_DRAW;
    }
    if (!row && act != ACT_PART_ADD) {
        app_message_id(a, true, M_NOT_IN_PART);
        return CH_DRAW;
    }
    const fnode *pd = inode_def(p);
    const char *label = node_label(a->english, p);
    size_t n = inode_nkids(p);
    size_t idx = row ? inode_index(row) : n;
    if ((act == ACT_PART_ADD || act == ACT_PART_DUP) && pd->max_rows > 0 &&
        n >= (size_t)pd->max_rows) {
        char *m = trf(M_PART_MAX, pd->max_rows);
        app_message(a, true, "%s", m ? m : "");
        free(m);
        return CH_DRAW;
    }
    int f = CH_NONE;
    if (act != ACT_PART_DEL) {
        /* the focus leaves its field: an override there still needs its reason */
        f = app_check_leaving(a, a->view->focus);
        if (f & CH_GONE)
            return f;
    }
    eng_change chg = {0};
    char *err = NULL;
    inode *nrow = NULL;
    switch (act) {
    case ACT_PART_ADD: {
        size_t at = row ? idx + 1 : n;
        if (doc_row_add(a->d, p, at, &nrow, &chg, &err) != 0)
            break;
        rebuild(a);
        focus_part(a, p, at);
        return f | done(a, M_PART_ADDED, label, at + 1, NULL);
    }
    case ACT_PART_DUP: {
        if (doc_row_duplicate(a->d, p, idx, &nrow, &chg, &err) != 0)
            break;
        size_t at = nrow ? inode_index(nrow) : idx + 1;
        rebuild(a);
        focus_part(a, p, at);
        return f | done(a, M_PART_DUPLICATED, label, at + 1, NULL);
    }
    case ACT_PART_DEL: {
        if (pd->min_rows > 0 && n <= (size_t)pd->min_rows) {
            char *m = trf(M_PART_MIN, pd->min_rows);
            app_message(a, true, "%s", m ? m : "");
            free(m);
            return CH_DRAW;
        }
        if (!confirmed) {
            char *q = trf(M_PART_DELETE_Q, label, idx + 1, part_name(row));
            size_t *at = malloc(sizeof *at);
            int r = CH_DRAW;
            if (at) {
                *at = sec;
                r = dialog_confirm(a, tr(M_PART_DELETE_T), q ? q : "", true,
                                   (dialog_then){delete_confirmed, at, NULL});
            }
            free(q);
            return r;
        }
        /* where the clerk lands: the same place in the list, or the section before */
        size_t first_sec = sec;
        while (first_sec > 0 && part_row_of(a, first_sec - 1) == row)
            first_sec--;
        if (doc_row_delete(a->d, p, idx, &chg, &err) != 0)
            break;
        rebuild(a);
        if (inode_nkids(p) > 0)
            focus_part(a, p, idx < inode_nkids(p) ? idx : inode_nkids(p) - 1);
        else
            app_focus_section(a, first_sec > 0 ? first_sec - 1 : 0);
        const key_ctx chain[] = {KC_APP};
        char buf[32];
        const char *k = keys_first(chain, 1, ACT_UNDO, false, buf);
        return done(a, M_PART_DELETED, label, idx + 1, k ? k : "");
    }
    default:
        return f;
    }
    /* the edit did not happen; the instances are as they were */
    app_error(a, &err);
    return f | CH_DRAW;
}
