/* The main loop and what every screen shares: reading keys (with the document's tick and the
 * emergency path), saving, quitting, undo, messages, the header / status line / key bar.
 *
 * Actions return CH_* flags saying what they changed; only this loop redraws (one refresh per
 * batch of input, curses sends just the changed cells) and leaves. */
#include "tui/app.h"
#include "core/strfmt.h"
#include "tui/screen_inbox.h"

#include "tui/dialog.h"
#include "tui/draw.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---- messages ---- */

void app_message(app *a, bool error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = str_vprintf(fmt, ap);
    va_end(ap);
    free(a->msg);
    a->msg = s;
    a->msg_error = error;
    if (s)
        app_log_message(a, s);
}

void app_message_id(app *a, bool error, msg_id id)
{
    app_message(a, error, "%s", tr(id));
}

void app_error(app *a, char **err)
{
    if (err && *err) {
        app_message(a, true, "%s", *err);
        free(*err);
        *err = NULL;
    } else {
        app_message_id(a, true, M_OUT_OF_MEMORY);
    }
}

/* ---- input ---- */

void app_emergency(app *a)
{
    if (a->gone)
        return;
    a->gone = true;
    if (a->d)
        doc_emergency_sync(a->d);
}

/* A journal that cannot be written is a state, not a passing message: the clerk's changes
 * would be lost in a crash, so it stays on the status line until a save succeeds. */
static void tick(app *a)
{
    if (!a->d || a->gone || doc_ms_until_tick(a->d) != 0)
        return;
    char *err = NULL;
    if (doc_tick(a->d, &err) != 0) {
        /* the store's sentence, in the editor's language (store/smsg.h), and the way out */
        char *m = trf(M_JOURNAL_FAILING, err ? err : tr(M_OUT_OF_MEMORY));
        if (m) {
            free(a->journal_problem);
            a->journal_problem = m;
        }
        free(err);
        a->redraw = true;
    }
}

void app_read(app *a, term_ev *ev)
{
    if (a->npending > 0) {
        *ev = a->pending[0];
        a->pending[0] = a->pending[1];
        a->npending--;
        return;
    }
    if (a->gone) {
        ev->kind = EV_GONE;
        return;
    }
    /* the screen is out (whoever reads a key has just drawn): now the terminal can be asked
     * how wide it draws ambiguous characters */
    term_ask_ambiguous();
    /* The wait for a key is also the journal's timer: wake when doc_tick has work. */
    int t = a->d ? doc_ms_until_tick(a->d) : -1;
    if (a->wake_ms > 0 && (t < 0 || a->wake_ms < t))
        t = a->wake_ms;              /* a screen works in the background (the inbox reading) */
    term_read(t, ev);
    if (term_read_waited() && a->d)
        a->burst_mark = doc_undo_mark(a->d);
    tick(a);
    if (ev->kind == EV_GONE) {
        app_emergency(a);
        return;
    }
    if (ev->kind == EV_KEY && ev->code == KEY_RESIZE)
        getmaxyx(stdscr, a->rows, a->cols);
}

/* ---- edits ---- */

bool app_can_edit(app *a, const inode *field, bool say)
{
    if (a->readonly) {
        if (say)
            app_message_id(a, true, M_DOC_RO);
        return false;
    }
    if (a->review) {
        /* the clerk's figures are the clerk's: a reviewer says what they think with a query
         * or re-check figures */
        if (say) {
            const key_ctx chain[] = {KC_QUERY, KC_REVIEW};
            char kq[32], kr[32];
            const char *q = keys_first(chain, 2, ACT_QUERY, false, kq);
            const char *r = keys_first(chain, 2, ACT_RECHECK, false, kr);
            app_message(a, true, a->english ? "Review: values locked (%s query, %s re-check)"
                                            : "审核模式：数值不可修改（%s 质询，%s 复核）",
                        q ? q : "", r ? r : "");
        }
        return false;
    }
    if (!field || !field_is_editable(field)) {
        if (say)
            app_message_id(a, true, M_COMPUTED_RO);
        return false;
    }
    return true;
}

int app_commit(app *a, inode *field, const char *text)
{
    eng_change chg = {0};
    char *err = NULL;
    if (field == a->view->reason_asked)
        a->view->reason_asked = NULL;     /* a new figure: leaving the field asks again */
    if (doc_set_text(a->d, field, text, &chg, &err) != 0) {
        app_error(a, &err);
        return CH_DRAW;
    }
    return chg.structure ? CH_DRAW | CH_SECTIONS : CH_DRAW;
}

/* What to do once the save is done (app_save_then): nothing more, or go on with what the
 * save was for — quit, close the document, open another. */
typedef struct {
    int (*then)(app *a, void *ctx);
    void *ctx;
    void (*ctx_free)(void *ctx);
} save_ctx;

static void save_ctx_free(void *p)
{
    save_ctx *c = p;
    if (!c)
        return;
    if (c->ctx)
        (c->ctx_free ? c->ctx_free : free)(c->ctx);
    free(c);
}

/* A failed save is shown in a dialog (it matters more than a passing message): what failed,
 * that nothing is lost yet, and the way out, save as (the first button; OK is the default, so
 * a reflex Enter only closes it); what the save was
 * for (c, owned) goes on after a save as. */
static int save_as_answered(app *a, void *ctx, int answer, const char *text)
{
    (void)text;
    save_ctx *c = ctx;
    if (answer != 0 || !a->d)
        return CH_DRAW;
    /* the save as takes over what comes after (this dialog frees c, now empty) */
    int f = app_save_as_then(a, c ? c->then : NULL, c ? c->ctx : NULL, c ? c->ctx_free : NULL);
    if (c)
        c->ctx = NULL;
    return f;
}

static int save_failed(app *a, char *err, save_ctx *c)
{
    if (a->review) {
        /* changed on disk under a reviewer: the key that reloads it (no save as: a copy of a
         * submission would be a second one) */
        char *rh = app_reload_hint(a);
        char *t = tui_asprintf("%s%s%s", err ? err : tr(M_SAVE_FAILED), rh ? "\n\n" : "",
                               rh ? rh : "");
        free(rh);
        free(err);
        save_ctx_free(c);
        int f = dialog_message(a, tr(M_SAVE_FAILED), t ? t : tr(M_SAVE_FAILED));
        free(t);
        return f;
    }
    char *hint = app_save_as_hint(a);
    char *text = tui_asprintf("%s\n\n%s%s", err ? err : tr(M_SAVE_FAILED),
                              tr(M_SAVE_FAILED_KEPT), hint ? hint : "");
    free(hint);
    free(err);
    const char *b[] = {tr(M_SAVE_AS), tr(M_OK)};
    int f = dialog_ask(a, tr(M_SAVE_FAILED), text ? text : tr(M_SAVE_FAILED), b, 2, 1, NULL,
                       (dialog_then){save_as_answered, c, save_ctx_free});
    free(text);
    return f;
}

/* After a save: the journal problem is gone and the status line says where it went. */
static int saved(app *a)
{
    /* saved: the journal starts afresh (doc_tick says so when even that fails) */
    free(a->journal_problem);
    a->journal_problem = NULL;
    a->never_saved = false;
    char *m = trf(M_SAVED_TO, doc_path(a->d));
    if (m) {
        app_message(a, false, "%s", m);
        free(m);
    }
    return CH_DRAW;
}

static int after_save(app *a, const save_ctx *c)
{
    if (c && c->then && a->d && !doc_dirty(a->d))
        return c->then(a, c->ctx);  /* a failed save keeps the editor where it is */
    return CH_DRAW;
}

static int save_anyway(app *a, void *ctx, int answer, const char *text)
{
    (void)text;
    if (answer != 0 || !a->d)
        return CH_DRAW;
    char *err = NULL;
    if (doc_save_anyway(a->d, &err) != 0) {
        /* the failure's dialog takes over what the save was for (the question frees ctx,
         * now empty) */
        save_ctx *c = ctx, *k = calloc(1, sizeof *k);
        if (k && c) {
            *k = *c;
            c->ctx = NULL;
        }
        return save_failed(a, err, k);
    }
    return saved(a) | after_save(a, ctx);
}

/* The question doc_save asked, in the clerk's language (NULL: use the store's words). */
static char *save_question(doc *d)
{
    const char *who = NULL, *path = doc_path(d);
    unsigned mode = 0;
    switch (doc_save_asked(d, &who, &mode)) {
    case SAVE_ASK_READONLY: return trf(M_SAVE_ASK_RO, path, mode);
    case SAVE_ASK_OTHER_USER:
        return trf(M_SAVE_ASK_OWNER, path, who ? who : "?", who ? who : "?");
    case SAVE_ASK_CHANGED: return trf(M_SAVE_ASK_CHANGED, path);
    case SAVE_ASK_REMOVED: return trf(M_SAVE_ASK_REMOVED, path);
    default: return NULL;
    }
}

/* Saves; c (owned, may be NULL) says what comes after. */
static int save(app *a, save_ctx *c)
{
    if (!a->d) {
        save_ctx_free(c);
        return CH_NONE;
    }
    if (a->readonly) {
        save_ctx_free(c);
        app_message_id(a, true, M_DOC_RO);
        return CH_DRAW;
    }
    char *err = NULL;
    int r = doc_save(a->d, &err);
    if (r == DOC_SAVE_ASK) {
        /* a read-only file, another user's, or one changed on disk by another program: ask
         * first, as vim does; what the save was for goes on after the yes (the dialog owns c
         * until then) */
        char *q = save_question(a->d);
        int f = dialog_confirm(a, tr(M_SAVE_ASK_T), q ? q : err ? err : "", true,
                               (dialog_then){save_anyway, c, save_ctx_free});
        free(q);
        free(err);
        return f;
    }
    if (r != 0)
        return save_failed(a, err, c);
    int f = saved(a) | after_save(a, c);
    save_ctx_free(c);
    return f;
}

int app_save(app *a)
{
    return save(a, NULL);
}

int app_save_then(app *a, int (*then)(app *a, void *ctx), void *ctx, void (*ctx_free)(void *ctx))
{
    save_ctx *c = calloc(1, sizeof *c);
    if (!c) {
        if (ctx)
            (ctx_free ? ctx_free : free)(ctx);
        app_message_id(a, true, M_OUT_OF_MEMORY);
        return CH_DRAW;
    }
    c->then = then;
    c->ctx = ctx;
    c->ctx_free = ctx_free;
    return save(a, c);
}

/* What "save first" goes on with (app_ask_save_first). */
typedef struct {
    int (*then)(app *a);
} save_first_ctx;

static int save_first_go(app *a, void *ctx)
{
    return ((const save_first_ctx *)ctx)->then(a);
}

static int save_first_answered(app *a, void *ctx, int answer, const char *text)
{
    (void)text;
    if (answer != 0 || !a->d)
        return CH_DRAW;
    /* the dialog frees its ctx when this returns: the save gets a copy of its own */
    save_first_ctx *c = malloc(sizeof *c);
    if (!c) {
        app_message_id(a, true, M_OUT_OF_MEMORY);
        return CH_DRAW;
    }
    *c = *(const save_first_ctx *)ctx;
    return app_save_then(a, save_first_go, c, NULL);
}

int app_ask_save_first(app *a, const char *title, const char *question, const char *go,
                       int (*then)(app *a))
{
    save_first_ctx *c = malloc(sizeof *c);
    if (!c) {
        app_message_id(a, true, M_OUT_OF_MEMORY);
        return CH_DRAW;
    }
    c->then = then;
    const char *b[] = {go, tr(M_CANCEL)};
    return dialog_ask(a, title, question, b, 2, 0, NULL,
                      (dialog_then){save_first_answered, c, NULL});
}

static int quit_now(app *a, void *ctx)
{
    (void)a;
    (void)ctx;
    return CH_QUIT;
}

static int quit_answered(app *a, void *ctx, int answer, const char *text)
{
    (void)ctx;
    (void)text;
    if (answer == 0)
        return app_save_then(a, quit_now, NULL, NULL);
    if (answer == 1)
        return CH_QUIT;
    if (answer == 2)
        return app_save_as_then(a, quit_now, NULL, NULL);
    return CH_DRAW;
}

int app_quit(app *a)
{
    if (!a->d || a->readonly || !doc_dirty(a->d))
        return CH_QUIT;
    const char *b[] = {tr(M_SAVE), tr(M_DISCARD), tr(M_SAVE_AS), tr(M_CANCEL)};
    /* never promise what the journal cannot keep (its folder removed, a write failed) */
    char *text = tui_asprintf("%s\n%s", tr(M_QUIT_Q),
                              tr(doc_journal_keeps(a->d) ? M_QUIT_JOURNAL : M_QUIT_NO_JOURNAL));
    int f = dialog_ask(a, tr(M_QUIT_T), text ? text : tr(M_QUIT_Q), b, 4, 0, NULL,
                       (dialog_then){quit_answered, NULL, NULL});
    free(text);
    return f;
}

int app_undo(app *a, bool redo)
{
    if (!a->d)
        return CH_NONE;
    if (a->readonly) {
        app_message_id(a, true, M_DOC_RO);
        return CH_DRAW;
    }
    inode *field = NULL;
    eng_change chg = {0};
    char *err = NULL;
    int r = redo ? doc_redo(a->d, &field, &chg, &err) : doc_undo(a->d, &field, &chg, &err);
    if (r < 0) {
        app_error(a, &err);
        return CH_DRAW;
    }
    if (r == 0) {
        app_message_id(a, false, redo ? M_NOTHING_REDO : M_NOTHING_UNDO);
        return CH_DRAW;
    }
    int flags = CH_DRAW;
    if (chg.structure) {
        /* instances may have been freed: forget every pointer into the tree */
        a->view->focus = NULL;
        a->view->reason_asked = NULL;
        para_close(a);
        app_sections_build(a);
        flags |= CH_SECTIONS;
    }
    if (para_field(a) && field == para_field(a))
        para_reload(a);
    else
        para_close(a);
    if (field)
        app_focus(a, field);
    else
        app_refocus(a);
    app_reload_editor(a);
    app_message_id(a, false, redo ? M_REDONE : M_UNDONE);
    return flags;
}

int app_global(app *a, action act)
{
    switch (act) {
    case ACT_HELP:
        return help_open(a);
    case ACT_SAVE:
        return app_save(a);
    case ACT_SAVE_AS:
        return app_save_as(a);
    case ACT_MESSAGES:
        return messages_open(a);
    case ACT_EXPORT:
        return app_export(a);
    case ACT_QUIT:
        return app_quit(a);
    case ACT_UNDO:
        return app_undo(a, false);
    case ACT_REDO:
        return app_undo(a, true);
    case ACT_SECTIONS:
        return sections_open(a);
    case ACT_FINDINGS:
        return findings_open(a);
    case ACT_CARRY_OVER:
        return app_carry_over(a);
    case ACT_REDRAW:
        return CH_CLEAR | CH_DRAW;
    case ACT_INBOX_NEXT:
        return inbox_step(a, 1);
    case ACT_INBOX_PREV:
        return inbox_step(a, -1);
    case ACT_INBOX_BACK:
        return inbox_back(a);
    case ACT_QUERIES:
        return queries_open(a);
    case ACT_RETURN:
        return app_return_draft(a);
    case ACT_APPROVE:
        return app_approve_draft(a);
    case ACT_SUBMIT:
        return app_submit_draft(a);
    default:
        return CH_NONE;
    }
}

static void hit_add(frame *out, hit_box h)
{
    if (out->nhits == out->hcap) {
        size_t nc = out->hcap ? out->hcap * 2 : 64;
        hit_box *nh = realloc(out->hits, nc * sizeof *nh);
        if (!nh)
            return;                 /* a click will not find this field: harmless */
        out->hits = nh;
        out->hcap = nc;
    }
    out->hits[out->nhits++] = h;
}

void frame_hit(frame *out, int y, int x, int w, inode *field)
{
    hit_add(out, (hit_box){y, x, w, field, 0});
}

void frame_hit_item(frame *out, int y, int x, int w, size_t item)
{
    hit_add(out, (hit_box){y, x, w, NULL, item});
}

void frame_cursor(frame *out, int y, int x, bool show)
{
    out->cur_y = y;
    out->cur_x = x;
    out->cur_show = show;
}

const hit_box *app_hit_at(const app *a, int y, int x)
{
    /* the last drawn first: a dialog's items lie over the fields behind it */
    const frame *fr = &a->fr;
    for (size_t i = fr->nhits; i-- > 0;)
        if (fr->hits[i].y == y && x >= fr->hits[i].x && x < fr->hits[i].x + fr->hits[i].w)
            return &fr->hits[i];
    return NULL;
}

/* ---- the frame: header, status line, key bar ---- */

static void draw_header(const app *a)
{
    attr_t at = term_attr(ROLE_HEADER);
    draw_fill(0, 0, a->cols, at);
    if (!a->d)
        return;
    const draft *dr = doc_draft(a->d);
    const char *title = i18n_get(&a->f->title, a->english);
    if (!title)
        title = a->f->id;
    /* whose draft and where it stands are whole at any width (a reviewer stepping through
     * submissions tells them apart by the unit); the form's title, then the file name, give
     * way when the line is short */
    char *who = tui_asprintf("%s%s%s%s", dr->unit && *dr->unit ? " · " : "",
                             dr->unit ? dr->unit : "", dr->year && *dr->year ? " · " : "",
                             dr->year ? dr->year : "");
    const char *path = doc_path(a->d);
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    /* the mode and the review status: what may be done here, and where the draft stands */
    const char *mode = a->readonly ? tr(M_READONLY)
                       : a->review ? (a->english ? "Review" : "审核") : "";
    bool status = dr->status && (a->review || strcmp(dr->status, "draft") != 0);
    char *stand = tui_asprintf("%s%s%s%s ", *mode ? " · " : "", mode, status ? " · " : "",
                               status ? app_status_word(a, dr->status) : "");
    int ww = who ? draw_width(who) : 0, sw = stand ? draw_width(stand) : 0;
    int tw = draw_width(title), bw = draw_width(base);
    int rest = a->cols - 2 - ww - sw;   /* the leading space, one between the halves */
    if (rest < 0)
        rest = 0;
    if (tw + bw > rest) {
        /* the file name keeps up to half of what is left, the title the rest */
        int keep = bw < rest / 2 ? bw : rest / 2;
        if (tw < rest - keep)
            keep = rest - tw;
        bw = keep;
        tw = rest - keep;
    }
    draw_text_fit(0, 1, tw, title, at);
    int x = 1 + (tw < draw_width(title) ? tw : draw_width(title));
    draw_text_fit(0, x, a->cols - x, who ? who : "", at);
    int rx = a->cols - sw - bw;
    if (rx < 0)
        rx = 0;
    draw_text_fit(0, rx, bw, base, at);
    draw_text_fit(0, rx + bw, a->cols - rx - bw, stand ? stand : "", at);
    free(who);
    free(stand);
}

/* The status line's left part (which table's total, the total and grade, or the re-check
 * totals) and right part (saved, unsaved, read-only), malloc'd (NULL when out of memory). */
static void status_parts(const app *a, char **left, char **right)
{
    inode *total = NULL, *grade = NULL;
    app_status_fields(a, &total, &grade);
    bool dirty = doc_dirty(a->d);
    /* "项目支出绩效自评表 2 总分 95.40 优": which table's total it is, when there are several */
    char *scope = app_status_scope(a, a->cols / 4);
    const char *g = grade ? field_shown(grade) : "";
    bool has_grade = *g && strcmp(g, "—") != 0;
    /* re-checked: 自评总分 · 复核总分 · 偏差 instead of the total */
    char *re = app_review_totals(a);
    *left = re ? tui_asprintf(" %s%s%s │ ", scope ? scope : "", scope ? " " : "", re)
               : tui_asprintf(" %s%s%s %s%s%s │ ", scope ? scope : "", scope ? " " : "",
                              tr(M_TOTAL), total ? field_shown(total) : "—",
                              has_grade ? " " : "", has_grade ? g : "");
    free(re);
    free(scope);
    /* a new draft is not "saved" before its file exists */
    *right = tui_asprintf(" │ %s ", a->readonly ? tr(M_READONLY)
                                   : a->review && !dirty ? (a->english ? "review" : "审核")
                                   : dirty ? tr(M_UNSAVED)
                                   : a->never_saved ? tr(M_NEW_FILE) : tr(M_SAVED));
}

int app_status_room(const app *a)
{
    if (!a->d)
        return a->cols - 1;
    char *left = NULL, *right = NULL;
    status_parts(a, &left, &right);
    int x = left ? draw_width(left) : 0;
    if (x > a->cols)
        x = a->cols;
    int rw = right ? draw_width(right) : 0;
    free(left);
    free(right);
    return a->cols - rw - x;
}

static void draw_status(const app *a)
{
    int y = a->rows - 2;
    attr_t at = term_attr(ROLE_STATUS);
    draw_fill(y, 0, a->cols, at);
    /* a message too long for this line is drawn whole above it (app_draw_long_message) */
    const char *msg = a->msg_lines > 0 ? NULL : a->msg;
    if (!a->d) {
        /* no document (the inbox): the line is the messages' */
        if (msg)
            draw_text_fit(y, 1, a->cols - 1, msg, at | (a->msg_error ? A_BOLD : 0));
        return;
    }
    engine *e = a->e;
    char *left = NULL, *right = NULL;
    status_parts(a, &left, &right);
    int x = left ? draw_text(y, 0, a->cols, left, strlen(left), at) : 0;
    int rw = right ? draw_width(right) : 0;
    if (right && x + rw <= a->cols)
        draw_text(y, a->cols - rw, rw, right, strlen(right), at);
    /* a message takes the place of the counts until the next key; a journal that cannot be
     * written takes it for as long as that lasts */
    if (msg) {
        draw_text_fit(y, x, a->cols - rw - x, msg, at | (a->msg_error ? A_BOLD : 0));
    } else if (a->journal_problem && a->msg_lines == 0) {
        /* the whole line: it says what is unsaved and what to do, which matters more now */
        draw_fill(y, 0, a->cols, at);
        draw_text_fit(y, 1, a->cols - 1, a->journal_problem, at | A_BOLD);
    } else {
        char *mid = tui_asprintf("%s %zu  %s %zu", tr(M_ERRORS), engine_count(e, SEV_ERROR),
                                 tr(M_WARNINGS), engine_count(e, SEV_WARNING));
        draw_text_fit(y, x, a->cols - rw - x, mid ? mid : "", at);
        free(mid);
    }
    free(left);
    free(right);
}

static bool bar_act_edits(action act)
{
    return act == ACT_SAVE || act == ACT_UNDO || act == ACT_REDO || act == ACT_ROW_ADD ||
           act == ACT_PART_ADD;
}

static void draw_bar(const app *a, const key_ctx *chain, size_t nchain)
{
    int y = a->rows - 1;
    draw_fill(y, 0, a->cols, term_attr(ROLE_BAR_LABEL));
    bar_item items[16];
    size_t n = keys_bar(chain, nchain, a->english, items, 16);
    if (a->readonly) {
        /* a read-only session offers no key that would only say "read-only" */
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (!bar_act_edits(items[i].act))
                items[k++] = items[i];
        n = k;
    }
    if (n == 0)
        return;
    /* two spaces between items, one when that makes them all fit; the last item (quit /
     * back) always stays, the others as room allows */
    int total = 0;
    for (size_t i = 0; i < n; i++)
        total += (int)strlen(items[i].key) + 1 + draw_width(items[i].label) + 2;
    int gap = total - 2 > a->cols && total - 2 - (int)(n - 1) <= a->cols ? 1 : 2;
    int lastw = (int)strlen(items[n - 1].key) + 1 + draw_width(items[n - 1].label);
    int x = 0;
    for (size_t i = 0; i < n; i++) {
        int w = (int)strlen(items[i].key) + 1 + draw_width(items[i].label);
        if (i + 1 < n && x + w + gap + lastw > a->cols)
            continue;
        if (x + w > a->cols)
            break;
        x += draw_text(y, x, a->cols - x, items[i].key, strlen(items[i].key),
                       term_attr(ROLE_BAR_KEY));
        x += 1;
        x += draw_text(y, x, a->cols - x, items[i].label, strlen(items[i].label),
                       term_attr(ROLE_BAR_LABEL));
        x += gap;
    }
}

void app_draw_frame(const app *a, const key_ctx *chain, size_t nchain, const char *title)
{
    draw_header(a);
    if (title)
        draw_text_pad(1, 0, a->cols, title, term_attr(ROLE_TITLE));
    draw_status(a);
    draw_bar(a, chain, nchain);
}

static void draw_too_small(const app *a)
{
    char *m = trf(M_TOO_SMALL, APP_MIN_COLS, APP_MIN_ROWS, a->cols, a->rows);
    if (!m)
        return;
    if (app_held_left(a) > 0) {
        /* what was typed meanwhile is kept, and the clerk is told so */
        char *k = trf(M_HELD_KEYS, app_held_left(a));
        char *both = k ? tui_asprintf("%s %s", m, k) : NULL;
        free(k);
        if (both) {
            free(m);
            m = both;
        }
    }
    txt_lines tl;
    if (a->cols > 0 && txt_wrap(m, strlen(m), a->cols, term_ambi(), &tl) >= 0) {
        int y0 = (int)(a->rows - (int)tl.n) / 2;
        if (y0 < 0)
            y0 = 0;
        for (size_t i = 0; i < tl.n && y0 + (int)i < a->rows; i++)
            draw_text(y0 + (int)i, 0, a->cols, m + tl.lines[i].start,
                      tl.lines[i].end - tl.lines[i].start, A_BOLD);
        txt_lines_free(&tl);
    }
    free(m);
}

void app_draw(app *a)
{
    erase();
    frame *fr = &a->fr;
    /* where the cursor was: a long message keeps clear of the field being typed in */
    int prev_y = fr->cur_y;
    bool prev_show = fr->cur_show;
    a->msg_lines = 0;
    fr->nhits = 0;
    fr->cur_show = false;
    fr->cur_y = fr->cur_x = 0;
    fr->ed_x = 0;
    if (a->rows < APP_MIN_ROWS || a->cols < APP_MIN_COLS) {
        draw_too_small(a);
    } else if (a->nstack > 0) {
        /* the top screen, and below it the screens its overlays (dialogs) are drawn over */
        size_t first = a->nstack - 1;
        while (first > 0 && a->stack[first].ops->overlay)
            first--;
        /* every layout first: a layout may rebuild what a screen above it shows */
        for (size_t i = first; i < a->nstack; i++)
            if (a->stack[i].ops->layout)
                a->stack[i].ops->layout(a, a->stack[i].st);
        /* a message too long for the status line: whole, on lines of its own (not while a
         * dialog is up: its box is what matters then, and the line shows what fits) */
        app_place_long_message(a, first == a->nstack - 1, prev_y, prev_show);
        const app *ca = a;
        for (size_t i = first; i < a->nstack; i++) {
            /* the cursor is the topmost screen's: an overlay starts with none */
            fr->cur_show = false;
            fr->cur_y = fr->cur_x = 0;
            ca->stack[i].ops->draw(ca, ca->stack[i].st, fr);
            if (i == first)
                app_draw_long_message(ca);
        }
    }
    move(fr->cur_y, fr->cur_x);
    curs_set(fr->cur_show ? 1 : 0);
}

/* ---- the loop ---- */

bool app_is_text(const term_ev *ev)
{
    return ev->kind == EV_CHAR && ev->code >= 0x20 && ev->code != 0x7f;
}

void app_push_pending(app *a, const term_ev *ev)
{
    if (ev->kind != EV_TIMEOUT && a->npending < sizeof a->pending / sizeof a->pending[0])
        a->pending[a->npending++] = *ev;
}

bool app_esc_then_key(app *a, term_ev *ev, const key_ctx *chain, size_t n)
{
    if (ev->kind != EV_ALT || keys_lookup(chain, n, ev) != ACT_NONE)
        return false;
    term_ev esc = {.kind = EV_CHAR, .code = 27, .mouse_y = -1, .mouse_x = -1};
    action ea = keys_lookup(chain, n, &esc);
    /* never when Esc would close the last screen (the inbox: leaving it means reading the
     * folder again): an Alt key meant for another screen must not end the program */
    if (ea == ACT_NONE || (ea == ACT_CLOSE && a->nstack <= 1))
        return false;
    term_ev key = {.kind = EV_CHAR, .code = ev->code, .mouse_y = -1, .mouse_x = -1};
    if (a->npending >= sizeof a->pending / sizeof a->pending[0])
        return false;
    app_push_pending(a, &key);
    *ev = esc;
    return true;
}

static int dispatch(app *a, const term_ev *ev)
{
    if (ev->kind == EV_GONE)
        return CH_GONE;
    if (ev->kind == EV_TIMEOUT)
        return app_tick(a);
    if (ev->kind == EV_KEY && ev->code == KEY_RESIZE)
        return CH_DRAW | CH_CLEAR;
    if ((a->rows < APP_MIN_ROWS || a->cols < APP_MIN_COLS) && !dialog_on_top(a)) {
        /* nothing is drawn, so nothing but quitting (and answering its question) is safe:
         * other keys are kept and take effect once the screen is large enough (app_held.c).
         * A quit after kept keys is kept too, in its place; a second one quits now. */
        const key_ctx chain[] = {KC_APP};
        action act = keys_lookup(chain, 1, ev);
        if (act == ACT_QUIT && (app_held_left(a) == 0 || a->held_quit))
            return app_quit(a);
        if (act == ACT_QUIT)
            a->held_quit = true;
        size_t before = app_held_left(a);
        app_hold(a, ev);
        return app_held_left(a) != before ? CH_DRAW : CH_NONE;
    }
    if (ev->kind == EV_KEY && ev->code == TK_PASTE_BEGIN)
        return app_paste(a);
    if (ev->kind == EV_KEY && ev->code == TK_AMBI_CHANGED)
        return CH_DRAW | CH_CLEAR;
    if (ev->kind == EV_KEY && ev->code == TK_CPR)
        return CH_NONE;                     /* an answer nobody waits for any more */
    if (ev->kind == EV_KEY && ev->code == TK_UNKNOWN) {
        app_message_id(a, true, M_UNKNOWN_KEY);
        return CH_DRAW;
    }
    if (a->nstack == 0)
        return CH_QUIT;
    app_screen *t = &a->stack[a->nstack - 1];
    /* a screen that takes text gets typed characters as a batch, and a line end that comes
     * with more text at once is a paste */
    if (app_is_text(ev) && t->ops->text)
        return app_collect_text(a, ev);
    if (app_is_line_end(ev) && t->ops->text && a->npending == 0) {
        int f = app_line_end_or_burst(a, ev, "", 0);
        if (f >= 0)
            return f;
        term_ev key;
        app_read(a, &key);                  /* the line end itself, back from pending */
        return t->ops->key(a, t->st, &key);
    }
    key_ctx chain[8];
    term_ev e = *ev;
    if (app_esc_then_key(a, &e, chain, app_chain(a, chain, 8)))
        return t->ops->key(a, t->st, &e);
    return t->ops->key(a, t->st, ev);
}

int app_run(app *a)
{
    int flags = CH_DRAW;
    for (;;) {
        if (a->nstack == 0 && !(flags & CH_GONE))
            flags |= CH_QUIT;               /* the last screen was closed */
        if (flags & (CH_QUIT | CH_GONE))
            break;
        if ((flags & CH_SECTIONS) && a->d) {
            a->view->focus = NULL;
            app_sections_build(a);
            app_refocus(a);
        }
        if (flags & CH_CLEAR)
            clearok(curscr, TRUE);
        if (flags & (CH_DRAW | CH_CLEAR | CH_SECTIONS)) {
            app_draw(a);
            refresh();
        }
        term_ev ev;
        /* keys kept while the terminal was too small go first, once it is large enough */
        a->held_replaying = a->rows >= APP_MIN_ROWS && a->cols >= APP_MIN_COLS &&
                            a->npending == 0 && app_held_take(a, &ev);
        if (!a->held_replaying)
            app_read(a, &ev);
        /* a message stays until the next key (which may leave a message of its own) */
        bool cleared = false;
        bool from_clerk = !(ev.kind == EV_KEY && (ev.code == KEY_RESIZE || ev.code == TK_CPR ||
                                                  ev.code == TK_AMBI_CHANGED));
        if (a->msg && ev.kind != EV_TIMEOUT && ev.kind != EV_GONE && from_clerk) {
            free(a->msg);
            a->msg = NULL;
            cleared = true;
        }
        flags = dispatch(a, &ev);
        if (cleared || a->redraw)
            flags |= CH_DRAW;
        a->redraw = false;
    }
    return (flags & CH_GONE) ? 1 : 0;
}
