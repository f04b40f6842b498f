/* The focused field: moving it, finding it again after rows change, and the line editor that
 * holds its text. The focus is kept both as a pointer (fast) and as a storage path (stable:
 * instances are freed when rows are deleted, the path finds the same field again). */
#include "tui/app.h"

#include "tui/dialog.h"

#include <stdlib.h>
#include <string.h>

inode *first_field(inode *n)
{
    if (!n)
        return NULL;
    if (inode_kind(n) == N_FIELD)
        return n;
    for (size_t i = 0; i < inode_nkids(n); i++) {
        inode *f = first_field(inode_kid(n, i));
        if (f)
            return f;
    }
    return NULL;
}

void app_reload_editor(app *a)
{
    if (a->view->ed_ok)
        le_free(&a->view->ed);
    a->view->ed_ok = false;
    if (!a->view->focus)
        return;
    const char *t = inode_text(a->view->focus);
    a->view->ed_ok = le_init(&a->view->ed, t, strlen(t), false) == 0;
}

/* Every way the focus is set comes here: the columns Up / Down and Enter remembered belonged to
 * the cell left (step_line and step_field keep them across their own moves), unless it is the
 * same field found again (keep: after rows changed, or the draft underneath). */
static void set_focus_keep(app *a, inode *f, bool keep)
{
    a->view->focus = f;
    if (!keep) {
        a->view->want_col = 0;
        a->view->tab_from = 0;
    }
    free(a->view->focus_path);
    a->view->focus_path = f ? inode_storage_path(f) : NULL;
    app_reload_editor(a);
}

static void set_focus(app *a, inode *f)
{
    set_focus_keep(a, f, false);
}

void app_focus(app *a, inode *f)
{
    if (!f) {
        set_focus(a, a->view->cur < a->nsecs ? first_field(a->secs[a->view->cur].node) : NULL);
        a->view->ed_fresh = true;
        return;
    }
    if (inode_kind(f) != N_FIELD) {
        inode *ff = first_field(f);
        if (!ff) {
            /* a table without rows: show its section */
            size_t s = app_section_of(a, f);
            if (s < a->nsecs)
                app_focus_section(a, s);
            return;
        }
        f = ff;
    }
    size_t s = app_section_of(a, f);
    if (s < a->nsecs && s != a->view->cur) {
        a->view->cur = s;
        a->view->top = 0;
        a->view->hscroll = 0;
    }
    set_focus(a, f);
    a->view->ed_fresh = true;        /* reached by moving: typing replaces it */
}

void app_focus_section(app *a, size_t sec)
{
    if (sec >= a->nsecs)
        return;
    a->view->cur = sec;
    a->view->top = 0;
    a->view->hscroll = 0;
    set_focus(a, first_field(a->secs[sec].node));
    a->view->ed_fresh = true;
}

void app_refocus(app *a)
{
    inode *f = a->view->focus_path ? engine_find(a->e, a->view->focus_path) : NULL;
    if (f && inode_kind(f) == N_FIELD) {
        size_t s = app_section_of(a, f);
        if (s < a->nsecs)
            a->view->cur = s;
        set_focus_keep(a, f, true);      /* found by its own path: the same field */
        return;
    }
    set_focus(a, a->view->cur < a->nsecs ? first_field(a->secs[a->view->cur].node) : NULL);
}

/* The reason typed: stored on the field (found again by its storage path). */
static int reason_given(app *a, void *ctx, int answer, const char *reason)
{
    inode *f = answer == 1 && a->d ? engine_find(a->e, ctx) : NULL;
    if (!f)
        return CH_DRAW;
    eng_change chg = {0};
    char *err = NULL;
    if (doc_set_override_reason(a->d, f, reason, &chg, &err) != 0)
        app_error(a, &err);
    else
        app_message_id(a, false, M_REASON_SET);
    return CH_DRAW;
}

int app_ask_reason(app *a, inode *f)
{
    if (!app_can_edit(a, f, true))
        return CH_DRAW;
    if (!inode_is_override(f) && !field_override_pending(f)) {
        app_message_id(a, false, M_REASON_NOT);
        return CH_DRAW;
    }
    char *path = inode_storage_path(f);
    char *text = trf(M_REASON_Q, inode_text(f), inode_rule_display(f));
    if (!path) {
        free(text);
        app_message_id(a, true, M_OUT_OF_MEMORY);
        return CH_DRAW;
    }
    int r = dialog_prompt(a, tr(M_REASON_T), text ? text : "", inode_override_reason(f),
                          (dialog_then){reason_given, path, NULL});
    free(text);
    return r;
}

/* (The prompt goes on top of the screen; the move the caller makes next happens under it,
 * and the answer is stored on the field left, found by its path.) */
int app_check_leaving(app *a, inode *old)
{
    if (!old || app_locked(a) || a->view->reason_asked == old ||
        (!inode_is_override(old) && !field_override_pending(old)))
        return CH_NONE;
    const char *r = inode_override_reason(old);
    if (r && *r)
        return CH_NONE;
    a->view->reason_asked = old;      /* asked once; F7 asks again */
    return app_ask_reason(a, old);
}
