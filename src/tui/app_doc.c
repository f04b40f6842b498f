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
    a->review = false;
    a->never_saved = false;
}

/* ---- a journal's unsaved changes: apply, keep both, or discard (asked again when the
 * clerk backs out of discarding, so no answer leaves the same question for every open) ---- */

typedef struct {
    bool doubt;                /* the draft changed by other means since the journal */
} recovery_ctx;

static int ask_recovery(app *a, bool doubt, size_t def);

static int recover(app *a, recover_choice c)
{
    size_t n = 0;
    char *out = NULL, *err = NULL;
    if (doc_recover(a->d, c, &n, &out, &err) != 0) {
        int f = dialog_message(a, tr(M_ERROR_T), err ? err : tr(M_OUT_OF_MEMORY));
        free(err);
        return f;
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
    return CH_DRAW | CH_SECTIONS;
}

static int discard_answered(app *a, void *ctx, int answer, const char *text)
{
    (void)text;
    if (!a->d)
        return CH_NONE;
    if (answer == 0)
        return recover(a, RECOVER_DISCARD);
    return ask_recovery(a, ((recovery_ctx *)ctx)->doubt, 2);
}

static int recovery_answered(app *a, void *ctx, int answer, const char *text)
{
    (void)text;
    if (!a->d)
        return CH_NONE;
    if (answer < 0) {
        /* Esc decides nothing: the journal stays for next time, and this session only looks
         * (editing now would bury the unsaved changes under new ones) */
        a->readonly = true;
        app_message(a, false, "%s", tr(M_RECOVER_LATER));
        return CH_DRAW;
    }
    if (answer != 2)
        return recover(a, answer == 0 ? RECOVER_APPLY : RECOVER_KEEP_BOTH);
    recovery_ctx *c = malloc(sizeof *c);
    if (!c)
        return CH_DRAW;
    *c = *(recovery_ctx *)ctx;
    const char *path = doc_path(a->d);
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *yb[] = {tr(M_RECOVER_DISCARD_YES), tr(M_BACK)};
    char *dq = trf(M_RECOVER_DISCARD_Q, base);
    int f = dialog_ask(a, tr(M_RECOVER_T), dq ? dq : "", yb, 2, 1, NULL,
                       (dialog_then){discard_answered, c, NULL});
    free(dq);
    return f;
}

static int ask_recovery(app *a, bool doubt, size_t def)
{
    const char *b[] = {tr(M_RECOVER_APPLY), tr(M_RECOVER_BOTH), tr(M_RECOVER_DISCARD)};
    char *q0 = trf(M_RECOVER_Q, doc_path(a->d));
    /* the draft changed by other means since: say that some changes may be in it already */
    char *q = q0 && doubt ? tui_asprintf("%s\n%s", q0, tr(M_RECOVER_DOUBT)) : NULL;
    if (q)
        free(q0);
    else
        q = q0;
    recovery_ctx *c = malloc(sizeof *c);
    int f = CH_DRAW;
    if (c) {
        c->doubt = doubt;
        f = dialog_ask(a, tr(M_RECOVER_T), q ? q : "", b, 3, def, NULL,
                       (dialog_then){recovery_answered, c, NULL});
    }
    free(q);
    return f;
}

/* Makes d the open document with view v (its place) and pushes its section screen; o's
 * findings from outside are attached first. */
static void attach(app *a, doc *d, section_view *v, const doc_open_info *info,
                   const app_doc_opts *o)
{
    a->d = d;
    a->e = doc_engine(d);
    /* kept for a reload (the file read again the same way: the inbox's folder flags too) */
    a->doc_opts = o ? *o : (app_doc_opts){0};
    a->doc_opts.form_id = NULL;
    if (o && o->findings)
        o->findings(o->findings_ctx, a, doc_path(d), a->e);
    a->f = doc_form(d);
    a->readonly = doc_get_mode(d) == DOC_READONLY;
    a->review = doc_get_mode(d) == DOC_REVIEW;
    a->never_saved = info->created;
    a->view = v;
    if (app_review_setup(a) != 0)
        app_message_id(a, true, M_OUT_OF_MEMORY);
    if (app_sections_build(a) != 0)
        app_message_id(a, true, M_OUT_OF_MEMORY);
    app_push(a, &section_screen, v);
}

/* What the editor says on opening, in this order: who holds the lock, why the file is
 * read-only, a journal to recover. Dialogs stack: the first to answer is pushed last. */
/* The clerk opens a draft under review: a returned one says why (the reviewer's reason, in a
 * box, before anything else); a submitted or approved one, that its values are now what the
 * reviewer judges. */
static void say_review_state(app *a)
{
    if (a->review || a->readonly)
        return;
    const draft *d = doc_draft(a->d);
    const char *st = d->status ? d->status : "";
    if (strcmp(st, "returned") == 0) {
        const draft_event *ev = NULL;
        for (size_t i = d->n_history; i-- > 0 && !ev;)
            if (d->history[i].status && strcmp(d->history[i].status, "returned") == 0)
                ev = &d->history[i];
        char *t = trf(M_RETURNED, ev && ev->by && *ev->by ? ev->by : "?",
                      ev && ev->at ? ev->at : "?", ev && ev->note ? ev->note : "");
        dialog_message(a, tr(M_RETURNED_T), t ? t : "");
        free(t);
    } else if (strcmp(st, "submitted") == 0) {
        app_message(a, false, "%s", tr(M_SUBMITTED_NOTE));
    } else if (strcmp(st, "approved") == 0 || strcmp(st, "rechecked") == 0) {
        app_message(a, false, "%s", tr(M_APPROVED_NOTE));
    }
}

static void say_on_open(app *a, const doc_open_info *info)
{
    say_review_state(a);
    if (info->journal_stale)
        app_message(a, false, "%s", tr(M_STALE_JOURNAL));
    if (info->journal_found && !a->readonly)
        ask_recovery(a, info->journal_doubt, 0);
    if (info->lock != LOCK_HELD && doc_readonly_reason(a->d)) {
        /* nobody asked for read-only and nobody else edits: say why (a read-only folder,
         * a file beside the draft that is not safe to use) */
        char *t0 = trf(M_RO_WHY, doc_readonly_reason(a->d));
        /* the way to keep working: a copy somewhere it can be written */
        char *hint = app_save_as_hint(a);
        char *t = t0 && hint ? tui_asprintf("%s\n\n%s", t0, hint) : NULL;
        const char *shown = t ? t : t0 ? t0 : doc_readonly_reason(a->d);
        dialog_message(a, tr(M_RO_WHY_T), shown);
        free(t);
        free(t0);
        free(hint);
    }
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
}

static doc *open_file(const char *path, const app_doc_opts *o, doc_open_info *info,
                      char **err)
{
    memset(info, 0, sizeof *info);
    doc_mode want = o && o->readonly ? DOC_READONLY : o && o->review ? DOC_REVIEW : DOC_EDIT;
    doc *d = doc_open_as(path, o ? o->form_id : NULL, want, info, err);
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
    attach(a, d, v, &info, o);
    app_focus(a, NULL);
    /* a submission opens on its overview (its tables and report, each with its total) */
    if (o && o->overview)
        overview_open(a);
    say_on_open(a, &info);
    lock_holder_free(&info.holder);
    return 0;
}

/* ---- closing, switching ---- */

/* What to do once the open document may go: close it, or open another in its place. */
typedef struct {
    char *path;                /* NULL: close */
    app_doc_opts o;
    char *form_id;             /* o.form_id's copy */
} leave_ctx;

static void leave_ctx_free(void *p)
{
    leave_ctx *c = p;
    free(c->path);
    free(c->form_id);
    free(c);
}

static int close_now(app *a)
{
    if (app_pop_to(a, &section_screen))
        app_pop(a);
    app_drop_doc(a);
    return CH_DRAW | CH_CLEAR;
}

static int switch_now(app *a, const char *path, const app_doc_opts *o)
{
    /* the new draft is opened before the old one is closed: one that cannot be opened
     * leaves the reviewer where they were */
    doc_open_info info;
    char *err = NULL;
    doc *d = open_file(path, o, &info, &err);
    if (!d) {
        app_error(a, &err);
        return CH_DRAW;
    }
    section_view *v = a->view;
    size_t cur = v->cur;
    char *path_kept = v->focus_path;
    v->focus_path = NULL;
    /* another form: its sections differ, so the place is the section of the same name (a
     * project draft's 绩效指标 -> the first project table's of a department submission) */
    char *form_was = strdup(a->f->id);
    char *label_was = cur < a->nsecs ? strdup(a->secs[cur].title + a->secs[cur].label_at)
                                     : NULL;
    a->replacing = true;
    app_pop_to(a, &section_screen);
    app_pop(a);
    a->replacing = false;
    a->view = NULL;             /* kept for the new document */
    app_drop_doc(a);
    if (v->ed_ok)
        le_free(&v->ed);
    layout_free(&v->lay);
    memset(v, 0, sizeof *v);
    attach(a, d, v, &info, o);
    /* the same section and field: by index (the same form has the same sections) and by
     * storage path (a field outside repeated rows has the same path in every draft) */
    v->cur = cur < a->nsecs ? cur : 0;
    if (!form_was || strcmp(form_was, a->f->id) != 0) {
        v->cur = 0;
        for (size_t i = 0; label_was && i < a->nsecs; i++)
            if (strcmp(a->secs[i].title + a->secs[i].label_at, label_was) == 0) {
                v->cur = i;
                break;
            }
    }
    free(form_was);
    free(label_was);
    v->focus_path = path_kept;
    app_refocus(a);
    v->ed_fresh = true;
    say_on_open(a, &info);
    lock_holder_free(&info.holder);
    if (o && o->overview)
        overview_open(a);
    return CH_DRAW | CH_CLEAR;
}

static int leave(app *a, const leave_ctx *c)
{
    return c->path ? switch_now(a, c->path, &c->o) : close_now(a);
}

static leave_ctx *leave_ctx_dup(const leave_ctx *c)
{
    leave_ctx *k = calloc(1, sizeof *k);
    if (!k)
        return NULL;
    k->o = c->o;
    k->path = c->path ? strdup(c->path) : NULL;
    k->form_id = c->form_id ? strdup(c->form_id) : NULL;
    k->o.form_id = k->form_id;
    if ((c->path && !k->path) || (c->form_id && !k->form_id)) {
        leave_ctx_free(k);
        return NULL;
    }
    return k;
}

static int leave_saved(app *a, void *ctx)
{
    return leave(a, ctx);
}

static int leave_answered(app *a, void *ctx, int answer, const char *text)
{
    (void)text;
    leave_ctx *c = ctx;
    if (!a->d || answer < 0 || answer == 2)
        return CH_DRAW;                 /* cancelled: stay */
    if (answer == 0) {
        /* leaving goes on once saved: at once, or after a yes to "save anyway?" (the save
         * takes over a copy: this dialog frees c when this returns) */
        leave_ctx *k = leave_ctx_dup(c);
        if (!k) {
            app_message_id(a, true, M_OUT_OF_MEMORY);
            return CH_DRAW;
        }
        return app_save_then(a, leave_saved, k, leave_ctx_free);
    }
    return leave(a, c);
}

/* Asks about unsaved changes first (save / discard / cancel), then leaves as c says. */
static int leave_doc(app *a, const char *path, const app_doc_opts *o)
{
    leave_ctx *c = calloc(1, sizeof *c);
    if (!c || (path && !(c->path = strdup(path))) ||
        (o && o->form_id && !(c->form_id = strdup(o->form_id)))) {
        if (c)
            leave_ctx_free(c);
        app_message_id(a, true, M_OUT_OF_MEMORY);
        return CH_DRAW;
    }
    if (o)
        c->o = *o;
    c->o.form_id = c->form_id;
    if (a->readonly || !doc_dirty(a->d)) {
        int f = leave(a, c);
        leave_ctx_free(c);
        return f;
    }
    const char *b[] = {tr(M_SAVE), tr(M_DISCARD), tr(M_CANCEL)};
    return dialog_ask(a, tr(M_QUIT_T), tr(M_QUIT_Q), b, 3, 0, NULL,
                      (dialog_then){leave_answered, c, leave_ctx_free});
}

int app_close_doc(app *a)
{
    return a->d ? leave_doc(a, NULL, NULL) : CH_NONE;
}

int app_switch_doc(app *a, const char *path, const app_doc_opts *o)
{
    if (!a->d) {
        char *err = NULL;
        if (app_open_doc(a, path, o, &err) != 0)
            app_error(a, &err);
        return CH_DRAW | CH_CLEAR;
    }
    return leave_doc(a, path, o);
}

/* ---- reloading a submission from disk (changed under the reviewer) ---- */

static const char *say(const app *a, const char *zh, const char *en)
{
    return a->english ? en : zh;
}

static const char *base_name(const char *path)
{
    const char *b = strrchr(path, '/');
    return b ? b + 1 : path;
}

/* Reads the open document's file again in its place, at the same section and field; what was
 * not saved is dropped with its journal (asked first by app_reload_doc). */
static int reload_now(app *a)
{
    char *path = strdup(doc_path(a->d));
    if (!path) {
        app_message_id(a, true, M_OUT_OF_MEMORY);
        return CH_DRAW;
    }
    /* the file must open before the document goes (read-only: the lock is still ours), so
     * one that cannot be read now leaves the reviewer where they were */
    doc_open_info info;
    char *err = NULL;
    app_doc_opts look = {.readonly = true};
    doc *probe = open_file(path, &look, &info, &err);
    lock_holder_free(&info.holder);
    if (!probe) {
        int f = dialog_message(a, tr(M_ERROR_T), err ? err : tr(M_OUT_OF_MEMORY));
        free(err);
        free(path);
        return f | CH_DRAW;
    }
    doc_close(probe);
    app_doc_opts o = a->doc_opts;
    o.overview = app_top_is(a, &overview_screen) != NULL;
    section_view *v = a->view;
    size_t cur = v->cur;
    char *path_kept = v->focus_path;
    v->focus_path = NULL;
    a->replacing = true;
    app_pop_to(a, &section_screen);
    app_pop(a);
    a->replacing = false;
    a->view = NULL;             /* kept for the document read again */
    doc_close_discard(a->d);
    a->d = NULL;
    app_drop_doc(a);
    if (v->ed_ok)
        le_free(&v->ed);
    layout_free(&v->lay);
    memset(v, 0, sizeof *v);
    doc *d = open_file(path, &o, &info, &err);
    if (!d) {
        /* it could be read a moment ago: changed again in between. What is below (the
         * inbox) is shown for good now: it hears so (its lines read again) */
        free(v);
        free(path_kept);
        free(path);
        app_error(a, &err);
        int f = CH_DRAW | CH_CLEAR;
        if (a->nstack > 0 && a->stack[a->nstack - 1].ops->reveal)
            f |= a->stack[a->nstack - 1].ops->reveal(a, a->stack[a->nstack - 1].st);
        return f;
    }
    attach(a, d, v, &info, &o);
    v->cur = cur < a->nsecs ? cur : 0;
    v->focus_path = path_kept;
    app_refocus(a);
    v->ed_fresh = true;
    if (o.overview)
        overview_open(a);
    say_on_open(a, &info);
    lock_holder_free(&info.holder);
    char *m = tui_asprintf(say(a, "已从磁盘重新读取 %s", "Reloaded %s from disk"),
                           base_name(path));
    if (m)
        app_message(a, false, "%s", m);
    free(m);
    free(path);
    return CH_DRAW | CH_CLEAR;
}

static int reload_answered(app *a, void *ctx, int answer, const char *text)
{
    (void)ctx;
    (void)text;
    if (answer != 0 || !a->d)
        return CH_DRAW;
    return reload_now(a);
}

int app_reload_doc(app *a)
{
    if (!a->d)
        return CH_NONE;
    if (!a->review) {
        app_message(a, true, "%s", say(a, "重新读取只在审核模式中（selfeval edit --review）",
                                       "Reloading is for review mode (selfeval edit --review)"));
        return CH_DRAW;
    }
    if (!doc_dirty(a->d))
        return reload_now(a);
    char *q = tui_asprintf(say(a, "从磁盘重新读取 %s？未保存的质询、复核和意见将丢失。",
                               "Reload %s from disk? The queries, re-checks and comments not "
                               "saved are lost."),
                           base_name(doc_path(a->d)));
    int f = dialog_confirm(a, say(a, "重新读取", "Reload"), q ? q : "", true,
                           (dialog_then){reload_answered, NULL, NULL});
    free(q);
    return f;
}

char *app_reload_hint(app *a)
{
    if (!a->d || !a->review)
        return NULL;
    char *err = NULL;
    if (doc_check_unchanged(a->d, &err) == 0)
        return NULL;
    free(err);
    const key_ctx chain[] = {KC_REVIEW};
    char buf[32];
    const char *k = keys_first(chain, 1, ACT_RELOAD, false, buf);
    return k ? tui_asprintf(say(a, "按 %s 从磁盘重新读取（停在同一节、同一栏目）。",
                                "%s reloads it from disk (same section and field)."),
                            k)
             : NULL;
}
