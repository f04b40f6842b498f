/* The open document: opening a draft (who holds the lock, a journal's unsaved changes),
 * closing it, and putting another draft in its place at the same section and field (the next
 * submission of a reviewer's folder). The document owns the section screen's state (its
 * view), so the place survives the screens above it. */
#include "tui/app.h"

#include "tui/dialog.h"

#include <stdlib.h>
#include <string.h>

static void view_free(section_view *v)
{
    if (!v)
        return;
    if (v->ed_ok)
        le_free(&v->ed);
    layout_free(&v->lay);
    free(v->focus_path);
    free(v);
}

void app_drop_doc(app *a)
{
    app_sections_free(a);
    view_free(a->view);
    a->view = NULL;
    free(a->lock_note);
    a->lock_note = NULL;
    free(a->journal_problem);
    a->journal_problem = NULL;
    if (a->d)
        doc_close(a->d);
    a->d = NULL;
    a->e = NULL;
    a->f = NULL;
    a->readonly = false;
    a->never_saved = false;
}

/* Asks what to do with the journal's changes until the clerk decides: backing out of the
 * discard question returns here, so no answer leaves the same question for every open. */
static int ask_recovery(app *a, bool doubt, recover_choice *c)
{
    const char *b[] = {tr(M_RECOVER_APPLY), tr(M_RECOVER_BOTH), tr(M_RECOVER_DISCARD)};
    const char *path = doc_path(a->d);
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    for (size_t def = 0;;) {
        char *q0 = trf(M_RECOVER_Q, path);
        /* the draft changed by other means since: say that some changes may be in it already */
        char *q = q0 && doubt ? tui_asprintf("%s\n%s", q0, tr(M_RECOVER_DOUBT)) : NULL;
        if (q)
            free(q0);
        else
            q = q0;
        int r = dialog_ask(a, tr(M_RECOVER_T), q ? q : "", b, 3, def, NULL);
        free(q);
        if (r < 0)
            return r;
        if (r != 2) {
            *c = r == 0 ? RECOVER_APPLY : RECOVER_KEEP_BOTH;
            return 0;
        }
        const char *yb[] = {tr(M_RECOVER_DISCARD_YES), tr(M_BACK)};
        char *dq = trf(M_RECOVER_DISCARD_Q, base);
        int y = dialog_ask(a, tr(M_RECOVER_T), dq ? dq : "", yb, 2, 1, NULL);
        free(dq);
        if (y == DLG_GONE)
            return DLG_GONE;
        if (y == 0) {
            *c = RECOVER_DISCARD;
            return 0;
        }
        def = 2;
    }
}

static int offer_recovery(app *a, bool doubt)
{
    recover_choice c;
    int r = ask_recovery(a, doubt, &c);
    if (r == DLG_GONE)
        return -1;
    if (r < 0) {
        /* Esc decides nothing: the journal stays for next time, and this session only looks
         * (editing now would bury the unsaved changes under new ones) */
        a->readonly = true;
        app_message(a, false, "%s", tr(M_RECOVER_LATER));
        return 0;
    }
    size_t n = 0;
    char *out = NULL, *err = NULL;
    if (doc_recover(a->d, c, &n, &out, &err) != 0) {
        dialog_message(a, tr(M_ERROR_T), err ? err : tr(M_OUT_OF_MEMORY));
        free(err);
        return a->gone ? -1 : 0;
    }
    /* the replay may have added rows: find everything again */
    a->e = doc_engine(a->d);
    a->view->focus = NULL;
    app_sections_build(a);
    app_refocus(a);
    char *m = c == RECOVER_APPLY ? trf(M_RECOVERED, n)
              : c == RECOVER_KEEP_BOTH ? trf(M_RECOVER_KEPT, out ? out : "")
                                       : strdup(tr(M_RECOVER_DROPPED));
    if (m) {
        app_message(a, false, "%s", m);
        free(m);
    }
    free(out);
    return 0;
}

/* Makes d the open document with view v (its place) and pushes its section screen. */
static int attach(app *a, doc *d, section_view *v, const doc_open_info *info)
{
    a->d = d;
    a->e = doc_engine(d);
    a->f = doc_form(d);
    a->readonly = doc_get_mode(d) == DOC_READONLY;
    a->never_saved = info->created;
    a->view = v;
    if (app_sections_build(a) != 0)
        app_message_id(a, true, M_OUT_OF_MEMORY);
    app_push(a, &section_screen, v);
    return 0;
}

/* What the editor says on opening: who holds the lock, why the file is read-only, a journal
 * to recover. 0, or DLG_GONE. */
static int say_on_open(app *a, const doc_open_info *info)
{
    if (info->lock == LOCK_HELD) {
        a->lock_note = lock_holder_describe(&info->holder);
        char *t = trf(M_LOCKED_Q, a->lock_note ? a->lock_note : "?");
        dialog_message(a, tr(M_LOCKED_T), t ? t : "");
        free(t);
    } else if (info->lock == LOCK_TAKEN_OVER) {
        char *who = lock_holder_describe(&info->holder);
        char *t = trf(M_TAKEN_OVER, who ? who : "?");
        if (t)
            app_message(a, false, "%s", t);
        free(t);
        free(who);
    }
    if (info->lock != LOCK_HELD && doc_readonly_reason(a->d)) {
        /* nobody asked for read-only and nobody else edits: say why (a read-only folder,
         * a file beside the draft that is not safe to use) */
        char *t = trf(M_RO_WHY, doc_readonly_reason(a->d));
        dialog_message(a, tr(M_RO_WHY_T), t ? t : doc_readonly_reason(a->d));
        free(t);
    }
    if (info->journal_stale)
        app_message(a, false, "%s", tr(M_STALE_JOURNAL));
    if (!a->gone && info->journal_found && !a->readonly &&
        offer_recovery(a, info->journal_doubt) != 0)
        a->gone = true;
    return a->gone ? DLG_GONE : 0;
}

static doc *open_file(const char *path, const app_doc_opts *o, doc_open_info *info,
                      char **err)
{
    memset(info, 0, sizeof *info);
    doc *d = doc_open(path, o ? o->form_id : NULL, o && o->readonly, info, err);
    if (!d)
        lock_holder_free(&info->holder);
    return d;
}

int app_open_doc(app *a, const char *path, const app_doc_opts *o, char **err)
{
    if (a->d) {
        if (err)
            *err = strdup("a document is open already");
        return -1;
    }
    section_view *v = calloc(1, sizeof *v);
    if (!v) {
        if (err)
            *err = strdup("out of memory");
        return -1;
    }
    doc_open_info info;
    doc *d = open_file(path, o, &info, err);
    if (!d) {
        free(v);
        return -1;
    }
    attach(a, d, v, &info);
    app_focus(a, NULL);
    /* a submission opens on its overview (its tables and report, each with its total) */
    if (o && o->overview)
        overview_open(a);
    int r = say_on_open(a, &info);
    lock_holder_free(&info.holder);
    return r;
}

/* Save / discard / cancel for a document with unsaved changes. 1 when it may be closed, 0
 * when the clerk cancelled (or the save failed), DLG_GONE. */
static int may_close(app *a)
{
    if (!a->d || a->readonly || !doc_dirty(a->d))
        return 1;
    int f = app_quit(a);
    if (f & CH_GONE)
        return DLG_GONE;
    return (f & CH_QUIT) ? 1 : 0;
}

int app_close_doc(app *a)
{
    if (!a->d)
        return CH_NONE;
    int r = may_close(a);
    if (r == DLG_GONE)
        return CH_GONE;
    if (r == 0)
        return CH_DRAW;
    if (app_pop_to(a, &section_screen))
        app_pop(a);
    app_drop_doc(a);
    return CH_DRAW | CH_CLEAR;
}

int app_switch_doc(app *a, const char *path, const app_doc_opts *o, char **err)
{
    if (!a->d)
        return app_open_doc(a, path, o, err);
    int r = may_close(a);
    if (r == DLG_GONE)
        return DLG_GONE;
    if (r == 0)
        return 0;
    /* the new draft is opened before the old one is closed: one that cannot be opened
     * leaves the reviewer where they were */
    doc_open_info info;
    doc *d = open_file(path, o, &info, err);
    if (!d)
        return -1;
    section_view *v = a->view;
    size_t cur = v->cur;
    char *path_kept = v->focus_path;
    v->focus_path = NULL;
    app_pop_to(a, &section_screen);
    app_pop(a);
    a->view = NULL;             /* kept for the new document */
    app_drop_doc(a);
    if (v->ed_ok)
        le_free(&v->ed);
    layout_free(&v->lay);
    memset(v, 0, sizeof *v);
    attach(a, d, v, &info);
    /* the same section and field: by index (the same form has the same sections) and by
     * storage path (a field outside repeated rows has the same path in every draft) */
    v->cur = cur < a->nsecs ? cur : 0;
    v->focus_path = path_kept;
    app_refocus(a);
    v->ed_fresh = true;
    r = say_on_open(a, &info);
    lock_holder_free(&info.holder);
    return r;
}
