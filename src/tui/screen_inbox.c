/* The reviewer's inbox (`selfeval review DIR`): one line per submission of a folder, read on a
 * thread of its own (store/inbox.h) while the rows read so far are shown, in order, with a
 * progress line; sort by a column, filter by status / errors / open queries / unit; Enter opens
 * a submission for review, back to the list keeps sort, filter and place; a bulk approve or
 * return of the rows shown asks first with the count.
 *
 * The inbox sits at the bottom of the screen stack with no document; a submission opened from
 * it goes on top (app_open_doc), the next / previous one replaces it (app_switch_doc). */
#include "tui/app.h"

#include "store/inbox.h"
#include "report/sbuf.h"
#include "store/review_file.h"
#include "tui/dialog.h"
#include "tui/draw.h"
#include "tui/screen_inbox.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static const key_ctx chain[] = {KC_INBOX, KC_LIST, KC_APP};
enum { NCHAIN = sizeof chain / sizeof chain[0] };
enum { TICK_MS = 100 };   /* how often the rows read so far are shown while reading */

typedef struct {
    inbox *ib;
    char *dir;
    char *title;            /* the folder as the title names it (NULL: dir) */
    list_pos pos;
    const inbox_row *sel;   /* the selected row (kept across sorting and filtering) */
    bool reading;
    size_t done, total;
    char *read_err;
    bool english;
    const inbox_row **visited;   /* rows whose files were opened since the inbox was shown */
    size_t nvisited, capvisited;
    /* a bulk approve / return running (run_bulk): how far, for the progress line */
    bool bulk, bulk_approve;
    size_t bulk_seen, bulk_total, bulk_refused;
} inbox_state;

/* ---- columns ---- */

typedef struct {
    inbox_col col;
    int w;                 /* 0: shares what is left (unit, file) */
    int prio;              /* 0 always; higher ones go first when the terminal is narrow */
    bool right;
} colspec;

static const colspec COLSPEC[] = {
    {IB_FILE, 0, 5, false},     {IB_UNIT, 0, 0, false},    {IB_FORM, 10, 3, false},
    {IB_YEAR, 4, 2, false},     {IB_TOTAL, 6, 1, true},    {IB_GRADE, 5, 1, false},
    {IB_ERRORS, 3, 1, true},    {IB_WARNINGS, 3, 1, true}, {IB_QUERIES, 3, 1, true},
    {IB_FLAGS, 3, 1, true},     {IB_STATUS, 9, 1, false},  {IB_MODIFIED, 16, 4, false},
};
enum { NCOLS = sizeof COLSPEC / sizeof COLSPEC[0], FLEX_MIN = 20, PREFIX = 2 };

typedef struct {
    bool on[NCOLS];
    int w[NCOLS];
} col_layout;

/* The columns that fit `cols`: by priority while the unit (and the file) keep FLEX_MIN. */
static void fit_columns(int cols, col_layout *L)
{
    memset(L, 0, sizeof *L);
    for (int prio = 0; prio <= 5; prio++) {
        col_layout t = *L;
        for (int i = 0; i < NCOLS; i++)
            if (COLSPEC[i].prio == prio)
                t.on[i] = true;
        int fixed = PREFIX, nflex = 0;
        for (int i = 0; i < NCOLS; i++) {
            if (!t.on[i])
                continue;
            fixed += (COLSPEC[i].w ? COLSPEC[i].w : 0) + 1;
            nflex += COLSPEC[i].w == 0;
        }
        if (fixed + nflex * FLEX_MIN > cols && prio > 0)
            break;
        *L = t;
    }
    int fixed = PREFIX, nflex = 0;
    for (int i = 0; i < NCOLS; i++)
        if (L->on[i]) {
            fixed += COLSPEC[i].w + 1;
            nflex += COLSPEC[i].w == 0;
        }
    int left = cols - fixed;
    for (int i = 0; i < NCOLS; i++) {
        if (!L->on[i])
            continue;
        if (COLSPEC[i].w) {
            L->w[i] = COLSPEC[i].w;
        } else {
            /* the file takes two fifths of what is left, the unit the rest */
            L->w[i] = nflex > 1 ? (COLSPEC[i].col == IB_FILE ? left * 2 / 5 : left - left * 2 / 5)
                                : left;
            if (L->w[i] < 1)
                L->w[i] = 1;
        }
    }
}

static bool col_shown(const col_layout *L, inbox_col c)
{
    for (int i = 0; i < NCOLS; i++)
        if (COLSPEC[i].col == c)
            return L->on[i];
    return false;
}

static const char *col_head(inbox_col c)
{
    switch (c) {
    case IB_FILE: return tr(M_INBOX_C_FILE);
    case IB_UNIT: return tr(M_INBOX_C_UNIT);
    case IB_FORM: return tr(M_INBOX_C_FORM);
    case IB_YEAR: return tr(M_INBOX_C_YEAR);
    case IB_TOTAL: return tr(M_TOTAL);
    case IB_GRADE: return tr(M_GRADE);
    case IB_ERRORS: return tr(M_INBOX_C_E);
    case IB_WARNINGS: return tr(M_INBOX_C_W);
    case IB_QUERIES: return tr(M_INBOX_C_Q);
    case IB_FLAGS: return tr(M_INBOX_C_F);
    case IB_STATUS: return tr(M_INBOX_C_STATUS);
    case IB_MODIFIED: return tr(M_INBOX_C_MODIFIED);
    default: return "";
    }
}

/* A column's name in the sort list and the summary line. */
static const char *col_long(inbox_col c)
{
    if (i18n_english() && c != IB_QUERIES && c != IB_FLAGS)
        return inbox_col_name(c);   /* "unit", "total", … as --sort names them */
    switch (c) {
    case IB_ERRORS: return tr(M_ERRORS);
    case IB_WARNINGS: return tr(M_WARNINGS);
    case IB_QUERIES: return tr(M_INBOX_QUERIES);
    case IB_FLAGS: return tr(M_INBOX_FLAGS);
    default: return col_head(c);
    }
}

static const char *status_shown(const char *s)
{
    static const struct { const char *id; msg_id m; } names[] = {
        {"draft", M_ST_DRAFT},       {"submitted", M_ST_SUBMITTED}, {"returned", M_ST_RETURNED},
        {"approved", M_ST_APPROVED}, {"rechecked", M_ST_RECHECKED},
    };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(s, names[i].id) == 0)
            return tr(names[i].m);
    return s;
}

static const char *base_name(const char *path)
{
    const char *b = strrchr(path, '/');
    return b ? b + 1 : path;
}

/* The text of row r in column c (buf for numbers and short forms). */
static const char *cell(const inbox_row *r, inbox_col c, char buf[32])
{
    switch (c) {
    case IB_FILE: return r->file;
    case IB_UNIT: return r->unit;
    case IB_FORM: return r->form;
    case IB_YEAR: return r->year;
    case IB_TOTAL: return r->total;
    case IB_GRADE: return r->grade;
    case IB_ERRORS: snprintf(buf, 32, "%u", r->errors); return buf;
    case IB_WARNINGS: snprintf(buf, 32, "%u", r->warnings); return buf;
    case IB_QUERIES: snprintf(buf, 32, "%u", r->queries); return r->queries ? buf : "";
    case IB_FLAGS: snprintf(buf, 32, "%u", r->flags); return r->flags ? buf : "";
    case IB_STATUS: return status_shown(r->status);
    case IB_MODIFIED:
        /* 2026-04-27T09:00:00+08:00 -> 2026-04-27 09:00 */
        snprintf(buf, 32, "%.16s", r->modified);
        if (strlen(buf) > 10 && buf[10] == 'T')
            buf[10] = ' ';
        return buf;
    default: return "";
    }
}

/* ---- keeping the place ---- */

static void select_row(inbox_state *s)
{
    size_t n = inbox_count(s->ib);
    size_t at = s->sel ? inbox_find(s->ib, s->sel) : (size_t)-1;
    if (at == (size_t)-1)
        at = s->pos.sel < n ? s->pos.sel : n ? n - 1 : 0;
    s->pos.sel = at;
    s->pos.n = n;
    s->sel = inbox_get(s->ib, at);
}

static int reshow(app *a, inbox_state *s)
{
    if (inbox_refresh(s->ib) == (size_t)-1)
        app_message_id(a, true, M_OUT_OF_MEMORY);
    select_row(s);
    return CH_DRAW;
}

static const char *say(const char *zh, const char *en)
{
    return i18n_english() ? en : zh;
}

/* While reading: the rows read so far, and whether to wake again. */
static int poll_reading(app *a, inbox_state *s)
{
    if (!s->reading)
        return CH_NONE;
    char *err = NULL;
    bool fin = inbox_poll(s->ib, &s->done, &s->total, &err);
    if (fin) {
        s->reading = false;
        a->wake_ms = 0;
        char *const *rec = NULL;
        size_t nrec = inbox_recovered(s->ib, &rec);
        if (err) {
            app_message(a, true, "%s", err);
        } else if (nrec) {
            /* not a submission: the same unit's draft again, from a recovery's "Keep both" */
            app_message(a, false,
                        say("未列出 %zu 份恢复副本%s（%s%s）：它们是恢复未保存修改时“两者都保留”写出的，"
                            "不是提交；请与原稿比较后删除",
                            "Left out %zu recovered cop%s (%s%s): written by \"Keep both\" on "
                            "recovering unsaved changes, not submissions; compare with the draft, "
                            "then delete"),
                        nrec, say("", nrec == 1 ? "y" : "ies"), base_name(rec[0]),
                        nrec > 1 ? ", …" : "");
        }
        free(err);
    }
    return reshow(a, s);
}

/* ---- drawing ---- */

/* "Returning 812 of 2000… (3 refused)": a bulk action's progress line. */
static char *bulk_progress(const inbox_state *s)
{
    return tui_asprintf(s->bulk_approve ? say("正在通过第 %zu / %zu 份…（拒绝 %zu 份）",
                                              "Approving %zu of %zu… (%zu refused)")
                                        : say("正在退回第 %zu / %zu 份…（拒绝 %zu 份）",
                                              "Returning %zu of %zu… (%zu refused)"),
                        s->bulk_seen, s->bulk_total, s->bulk_refused);
}

static char *summary_line(const inbox_state *s)
{
    size_t shown = inbox_count(s->ib), read = inbox_read_count(s->ib);
    const inbox_filter *f = inbox_get_filter(s->ib);
    bool filtered = (f->status && *f->status) || f->errors || f->open_queries ||
                    (f->unit && *f->unit);
    bool desc = false;
    inbox_col sc = inbox_sort_col(s->ib, &desc);
    size_t compared = 0, to_compare = 0;
    bool comparing = s->reading && inbox_comparing(s->ib, &compared, &to_compare);
    char *head = s->bulk ? bulk_progress(s)
                 : comparing ? trf(M_INBOX_COMPARING, compared, to_compare)
                 : s->reading ? trf(M_INBOX_READING, s->done, s->total)
                 : filtered ? trf(M_INBOX_SHOWN, shown, read)
                            : trf(read == 1 ? M_INBOX_1 : M_INBOX_N, read);
    char *sort = trf(desc ? M_INBOX_SORTED_DOWN : M_INBOX_SORTED, col_long(sc));
    char *filt = NULL;
    if (filtered) {
        char *u = f->unit && *f->unit ? trf(M_INBOX_F_UNIT, f->unit) : NULL;
        filt = tui_asprintf("%s%s%s%s%s%s%s", tr(M_INBOX_FILTER),
                            f->status && *f->status ? " " : "",
                            f->status && *f->status ? status_shown(f->status) : "",
                            f->errors ? " " : "", f->errors ? tr(M_ERRORS) : "",
                            f->open_queries ? tr(M_INBOX_F_QUERIES) : "", u ? u : "");
        free(u);
    }
    /* recovered copies the walk left out: said as long as the list is shown */
    size_t nrec = inbox_recovered(s->ib, NULL);
    char *rec = nrec ? tui_asprintf(say(" · 未列出恢复副本 %zu 份", " · %zu recovered cop%s left out"),
                                    nrec, say("", nrec == 1 ? "y" : "ies"))
                     : NULL;
    char *line = tui_asprintf("%s · %s%s%s%s", head ? head : "", sort ? sort : "",
                              filt ? " · " : "", filt ? filt : "", rec ? rec : "");
    free(rec);
    free(head);
    free(sort);
    free(filt);
    return line;
}

static void draw_row(const app *a, const inbox_row *r, const col_layout *L, int y, bool sel,
                     frame *out)
{
    attr_t at = term_attr(sel ? ROLE_SELECTED : ROLE_NORMAL);
    draw_fill(y, 0, a->cols, at);
    draw_text(y, 0, PREFIX, sel ? "> " : "  ", 2, at);
    int x = PREFIX;
    for (int i = 0; i < NCOLS; i++) {
        if (!L->on[i])
            continue;
        char buf[32];
        inbox_col c = COLSPEC[i].col;
        attr_t ca = at;
        const char *t;
        char *own = NULL;
        if (r->error && c == IB_UNIT) {
            /* an unreadable file: its name and why, from the unit to the end of the line */
            own = trf(M_INBOX_UNREADABLE, base_name(r->file), r->error);
            draw_text_fit(y, x, a->cols - x, own ? own : "", sel ? at : term_attr(ROLE_ERROR));
            free(own);
            break;
        } else if (r->error && c != IB_FILE) {
            t = "";
        } else {
            t = cell(r, c, buf);
            if (!sel && c == IB_ERRORS && r->errors)
                ca = term_attr(ROLE_ERROR);
            else if (!sel && c == IB_QUERIES && r->queries)
                ca = term_attr(ROLE_WARNING);
            else if (!sel && c == IB_FLAGS && r->flags)
                ca = term_attr(ROLE_NOTICE);
        }
        if (COLSPEC[i].right)
            draw_text_right(y, x, L->w[i], t ? t : "", ca);
        else
            draw_text_fit(y, x, L->w[i], t ? t : "", ca);
        free(own);
        x += L->w[i] + 1;
    }
    if (sel) {
        frame_cursor(out, y, 0, false);
    }
}

/* The rows shown as the terminal is now: the selection in view (a scroll that stays put while
 * the selection moves inside it, as in the other lists). */
static void inbox_layout(app *a, void *st)
{
    inbox_state *s = st;
    s->pos.n = inbox_count(s->ib);
    list_scroll(&s->pos, a->rows > 5 ? (size_t)(a->rows - 5) : 1);
}

static void inbox_draw(const app *a, const void *st, frame *out)
{
    const inbox_state *s = st;
    app_draw_frame(a, chain, NCHAIN, NULL);
    /* the header: no document is open, the folder is what the reviewer looks at, and last
     * year's drafts named apart from it (its red flags compare with them) */
    const char *folder = s->title ? s->title : s->dir;
    const char *const *last = NULL;
    size_t nlast = inbox_last(s->ib, &last);
    char *title = nlast == 0   ? trf(M_INBOX_T, folder)
                  : nlast == 1 ? trf(M_INBOX_LAST_T, folder, last[0])
                               : trf(M_INBOX_LAST_N_T, folder, last[0], nlast - 1);
    draw_text_fit(0, 0, a->cols, title ? title : "", term_attr(ROLE_HEADER));
    free(title);
    col_layout L;
    fit_columns(a->cols, &L);
    /* Without the file column (a narrow terminal) the selected line's file is named at the
     * right of the summary line: submissions of one unit may differ only by it. */
    const inbox_row *sel = s->pos.sel < inbox_count(s->ib) ? inbox_get(s->ib, s->pos.sel)
                                                           : NULL;
    const char *file = sel && !col_shown(&L, IB_FILE) ? sel->file : NULL;
    int fw = 0;
    if (file) {
        size_t dl = strlen(s->dir);
        if (dl && strncmp(file, s->dir, dl) == 0 && file[dl] == '/')
            file += dl + 1;
        fw = draw_width(file) + 1;
        if (fw > a->cols / 2)
            fw = a->cols / 2;
        draw_text_right(1, a->cols - fw, fw, file, term_attr(ROLE_TITLE));
    }
    char *line = summary_line(s);
    draw_text_fit(1, 0, a->cols - fw, line ? line : "", term_attr(ROLE_TITLE));
    free(line);
    draw_fill(2, 0, a->cols, term_attr(ROLE_GRID_HEAD));
    int x = PREFIX;
    for (int i = 0; i < NCOLS; i++) {
        if (!L.on[i])
            continue;
        if (COLSPEC[i].right)
            draw_text_right(2, x, L.w[i], col_head(COLSPEC[i].col), term_attr(ROLE_GRID_HEAD));
        else
            draw_text_fit(2, x, L.w[i], col_head(COLSPEC[i].col), term_attr(ROLE_GRID_HEAD));
        x += L.w[i] + 1;
    }
    size_t n = inbox_count(s->ib);
    size_t h = a->rows > 5 ? (size_t)(a->rows - 5) : 1;
    const list_pos p = s->pos;      /* scrolled by inbox_layout */
    if (!n && !s->reading)
        draw_text_pad(3, PREFIX, a->cols - PREFIX,
                      tr(inbox_read_count(s->ib) ? M_INBOX_NONE_SHOWN : M_INBOX_EMPTY),
                      term_attr(ROLE_HELP));
    for (size_t r = 0; r < h && p.top + r < n; r++)
        draw_row(a, inbox_get(s->ib, p.top + r), &L, 3 + (int)r, p.top + r == p.sel, out);
}

/* ---- keys ---- */

/* The inbox's state when a dialog it opened answers (the dialog was above it). */
static inbox_state *state_of(app *a)
{
    return app_find_screen(a, &inbox_screen);
}

static int sort_chosen(app *a, void *ctx, int answer, const char *text)
{
    inbox_state *s = state_of(a);
    (void)ctx;
    (void)text;
    if (!s || answer < 0 || answer >= IB__COUNT)
        return CH_DRAW;
    bool desc = false;
    inbox_col cur = inbox_sort_col(s->ib, &desc);
    /* the same column again turns the order round */
    inbox_sort(s->ib, (inbox_col)answer, (inbox_col)answer == cur ? !desc : false);
    return reshow(a, s);
}

static int pick_sort(app *a, inbox_state *s)
{
    const char *items[IB__COUNT];
    inbox_col cur = inbox_sort_col(s->ib, NULL);
    for (int c = 0; c < IB__COUNT; c++)
        items[c] = col_long((inbox_col)c);
    return dialog_list(a, tr(M_INBOX_SORT_T), items, IB__COUNT, (size_t)cur,
                       (dialog_then){sort_chosen, NULL, NULL});
}

static int set_filter(app *a, inbox_state *s, const inbox_filter *f)
{
    if (inbox_set_filter(s->ib, f) != 0) {
        app_message_id(a, true, M_OUT_OF_MEMORY);
        return CH_DRAW;
    }
    return reshow(a, s);
}

static const char *const STATUS_IDS[] = {"", "draft", "submitted", "returned", "approved",
                                         "rechecked"};
enum { NSTATUS = sizeof STATUS_IDS / sizeof *STATUS_IDS };

static int status_chosen(app *a, void *ctx, int answer, const char *text)
{
    inbox_state *s = state_of(a);
    (void)ctx;
    (void)text;
    if (!s || answer < 0 || answer >= NSTATUS)
        return CH_DRAW;
    inbox_filter nf = *inbox_get_filter(s->ib);
    nf.status = STATUS_IDS[answer];
    return set_filter(a, s, &nf);
}

static int pick_status(app *a, inbox_state *s)
{
    const char *items[NSTATUS];
    items[0] = tr(M_INBOX_ALL);
    size_t cur = 0;
    const inbox_filter *f = inbox_get_filter(s->ib);
    for (size_t i = 1; i < NSTATUS; i++) {
        items[i] = a->english ? STATUS_IDS[i] : status_shown(STATUS_IDS[i]);
        if (f->status && strcmp(f->status, STATUS_IDS[i]) == 0)
            cur = i;
    }
    return dialog_list(a, tr(M_INBOX_STATUS_T), items, NSTATUS, cur,
                       (dialog_then){status_chosen, NULL, NULL});
}

static int unit_given(app *a, void *ctx, int answer, const char *text)
{
    inbox_state *s = state_of(a);
    (void)ctx;
    if (!s || answer < 0)
        return CH_DRAW;
    inbox_filter nf = *inbox_get_filter(s->ib);
    nf.unit = text;
    return set_filter(a, s, &nf);
}

static int ask_unit(app *a, inbox_state *s)
{
    const inbox_filter *f = inbox_get_filter(s->ib);
    return dialog_prompt(a, tr(M_INBOX_UNIT_T), tr(M_INBOX_UNIT_Q), f->unit ? f->unit : "",
                         (dialog_then){unit_given, NULL, NULL});
}

static int toggle(app *a, inbox_state *s, bool queries)
{
    inbox_filter nf = *inbox_get_filter(s->ib);
    if (queries)
        nf.open_queries = !nf.open_queries;
    else
        nf.errors = !nf.errors;
    return set_filter(a, s, &nf);
}

typedef struct {
    sbuf b;
    size_t nrefused, nlisted, max;   /* refusals, listed in b, how many b may list */
    app *a;
    inbox_state *s;
    struct timespec drawn;           /* when the progress line was drawn last */
} bulk_log;

enum { BULK_DRAW_MS = 100 };

/* Each row acted on: its refusal kept for the end; the progress line drawn now and then (the
 * action runs here, between two keys: nothing else draws meanwhile). */
static void on_bulk(void *ctx, const inbox_row *r, review_result res, const char *msg)
{
    bulk_log *L = ctx;
    L->s->bulk_seen++;
    if (res != REVIEW_DONE) {
        L->s->bulk_refused++;
        if (++L->nrefused <= L->max) {
            sb_add(&L->b, "\n");
            sb_add_visible(&L->b, msg ? msg : r->file);
            L->nlisted++;
        }
    }
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    long ms = (now.tv_sec - L->drawn.tv_sec) * 1000 + (now.tv_nsec - L->drawn.tv_nsec) / 1000000;
    if (ms >= BULK_DRAW_MS) {
        L->drawn = now;
        app_draw(L->a);
        refresh();
    }
}

/* Approves or returns every row shown, then says what was done and each refusal. */
static int run_bulk(app *a, inbox_state *s, review_action act, const char *reason)
{
    bool approve = act == REVIEW_APPROVE;
    char *me = review_default_user();
    /* the refusals the end's box can show whole (each may take two lines at 80 columns),
     * below the counts and where the others are */
    int room = (a->rows - 14) / 2;
    bulk_log L = {.a = a, .s = s, .max = room > 1 ? (size_t)room : 1};
    clock_gettime(CLOCK_MONOTONIC, &L.drawn);
    s->bulk = true;
    s->bulk_approve = approve;
    s->bulk_seen = s->bulk_refused = 0;
    s->bulk_total = inbox_count(s->ib);
    size_t done = 0, refused = 0;
    int br = inbox_bulk(s->ib, act, me ? me : "", reason, on_bulk, &L, &done, &refused);
    s->bulk = false;
    free(me);
    char *head = trf(approve ? M_INBOX_APPROVED_N : M_INBOX_RETURNED_N, done, refused);
    int f = reshow(a, s);
    if (br != 0)
        app_message_id(a, true, M_OUT_OF_MEMORY);
    if (refused) {
        /* where to read them all: a refused file is left as it was, so its line keeps its
         * status (and the status filter lists them) */
        char more[64] = "";
        if (refused > L.nlisted)
            snprintf(more, sizeof more, say("\n…另有 %zu 份", "\n… and %zu more"),
                     refused - L.nlisted);
        char *text = tui_asprintf("%s\n%s%s%s", head ? head : "",
                                  say("被拒绝的文件未作任何修改，其状态不变（f 按状态筛选即可列出）：",
                                      "The refused files are left as they were, their status "
                                      "unchanged (f filters by status to list them):"),
                                  L.b.s ? L.b.s : "", more);
        f |= dialog_message(a, tr(approve ? M_INBOX_APPROVE_T : M_INBOX_RETURN_T),
                            text ? text : "");
        free(text);
    } else if (head) {
        app_message(a, false, "%s", head);
    }
    free(head);
    sb_free(&L.b);
    return f | CH_DRAW;
}

static int reason_given(app *a, void *ctx, int answer, const char *text)
{
    inbox_state *s = state_of(a);
    (void)ctx;
    if (!s || answer < 0)
        return CH_DRAW;
    if (!text || !*text) {
        /* said once, not per file */
        app_message(a, true, "%s", say("退回须填写原因：未退回任何提交",
                                       "A return needs a reason: nothing returned"));
        return CH_DRAW;
    }
    return run_bulk(a, s, REVIEW_RETURN, text);
}

static int bulk_confirmed(app *a, void *ctx, int answer, const char *text)
{
    inbox_state *s = state_of(a);
    review_action act = *(review_action *)ctx;
    (void)text;
    if (!s || answer != 0)
        return CH_DRAW;
    if (act == REVIEW_RETURN)
        return dialog_prompt(a, tr(M_INBOX_RETURN_T), tr(M_INBOX_REASON_Q), "",
                             (dialog_then){reason_given, NULL, NULL});
    return run_bulk(a, s, act, NULL);
}

static int bulk(app *a, inbox_state *s, review_action act)
{
    if (s->reading) {
        app_message_id(a, true, M_INBOX_WAIT);
        return CH_DRAW;
    }
    size_t n = inbox_count(s->ib);
    if (!n) {
        app_message_id(a, true, M_INBOX_NONE_SHOWN);
        return CH_DRAW;
    }
    review_action *ctx = malloc(sizeof *ctx);
    if (!ctx) {
        app_message_id(a, true, M_OUT_OF_MEMORY);
        return CH_DRAW;
    }
    *ctx = act;
    bool approve = act == REVIEW_APPROVE;
    char *q = trf(approve ? M_INBOX_APPROVE_Q : M_INBOX_RETURN_Q, n);
    const char *buttons[] = {tr(M_YES), tr(M_NO)};
    int f = dialog_ask(a, tr(approve ? M_INBOX_APPROVE_T : M_INBOX_RETURN_T), q ? q : "",
                       buttons, 2, 1, "yn", (dialog_then){bulk_confirmed, ctx, NULL});
    free(q);
    return f;
}

/* The row of the open document's file in the view (the reviewer may have moved on with next /
 * previous, or a move may have waited on a question); (size_t)-1 when none. */
static size_t row_of_doc(app *a, inbox_state *s)
{
    if (!a->d)
        return (size_t)-1;
    const char *path = doc_path(a->d);
    for (size_t i = 0; i < inbox_count(s->ib); i++)
        if (strcmp(inbox_get(s->ib, i)->file, path) == 0)
            return i;
    return (size_t)-1;
}

/* Remembers a row whose file was open, to read it again on the way back. */
static void visited(inbox_state *s, const inbox_row *r)
{
    for (size_t i = 0; i < s->nvisited; i++)
        if (s->visited[i] == r)
            return;
    if (s->nvisited == s->capvisited) {
        size_t cap = s->capvisited ? s->capvisited * 2 : 8;
        const inbox_row **v = realloc(s->visited, cap * sizeof *v);
        if (!v)
            return;   /* its line shows what it was: harmless */
        s->visited = v;
        s->capvisited = cap;
    }
    s->visited[s->nvisited++] = r;
}

/* A submission opened from the inbox: the folder's red flags (last year's drafts named too)
 * on its fields, as the flags column counts them and check lists them. */
static void folder_findings(void *ctx, app *a, const char *path, engine *e)
{
    inbox_state *s = ctx;
    finding_list l = {0};
    if (inbox_row_findings(s->ib, path, e, &l) != 0 || engine_add_findings(e, &l) != 0)
        app_message_id(a, true, M_OUT_OF_MEMORY);
    findings_free(&l);
}

/* The submission selected, opened for review on top of the inbox. */
static int open_selected(app *a, inbox_state *s)
{
    const inbox_row *r = inbox_get(s->ib, s->pos.sel);
    if (!r)
        return CH_NONE;
    if (r->error) {
        app_message(a, true, "%s", r->error);
        return CH_DRAW;
    }
    s->sel = r;
    visited(s, r);
    /* a submission opens on its overview (its tables, each with its total), as for the clerk */
    app_doc_opts o = {.review = true, .overview = true, .findings = folder_findings,
                      .findings_ctx = s};
    char *err = NULL;
    if (app_open_doc(a, r->file, &o, &err) != 0) {
        app_message(a, true, "%s", err ? err : tr(M_OUT_OF_MEMORY));
        free(err);
    }
    return CH_DRAW | CH_CLEAR;
}

static int inbox_key(app *a, void *st, const term_ev *ev)
{
    inbox_state *s = st;
    size_t page = (size_t)(a->rows > 7 ? a->rows - 7 : 1);
    if (ev->kind == EV_KEY && ev->code == KEY_MOUSE) {
        if (ev->mouse_y < 3 || ev->mouse_y >= a->rows - 2)
            return CH_NONE;
        /* the rows as last drawn (inbox_layout scrolled them) */
        size_t i = s->pos.top + (size_t)(ev->mouse_y - 3);
        if (i >= inbox_count(s->ib))
            return CH_NONE;
        s->pos.sel = i;
        s->sel = inbox_get(s->ib, i);
        return CH_DRAW;
    }
    action act = keys_lookup(chain, NCHAIN, ev);
    s->pos.n = inbox_count(s->ib);
    if (list_motion(&s->pos, act, page)) {
        s->sel = inbox_get(s->ib, s->pos.sel);
        return CH_DRAW;
    }
    switch (act) {
    case ACT_CHOOSE: return open_selected(a, s);
    case ACT_INBOX_SORT: return pick_sort(a, s);
    case ACT_INBOX_STATUS: return pick_status(a, s);
    case ACT_INBOX_ERRORS: return toggle(a, s, false);
    case ACT_INBOX_QUERIES: return toggle(a, s, true);
    case ACT_INBOX_UNIT: return ask_unit(a, s);
    case ACT_INBOX_APPROVE: return bulk(a, s, REVIEW_APPROVE);
    case ACT_INBOX_RETURN: return bulk(a, s, REVIEW_RETURN);
    case ACT_CLOSE: return CH_QUIT;    /* the inbox is the first screen: Esc leaves */
    case ACT_HELP: case ACT_QUIT: case ACT_REDRAW: return app_global(a, act);
    default: break;                    /* save, undo, …: there is no document here */
    }
    if (ev->kind == EV_ALT && act == ACT_NONE) {
        /* (Alt-i, Alt-. of a submission pressed once too often): said, nothing done */
        char k[8] = {0};
        if (utf8_encode(ev->code, k) == 0)
            k[0] = '?';
        char *m = trf(M_ALT_NOTHING, k);
        app_message(a, true, "%s", m ? m : "");
        free(m);
        return CH_DRAW;
    }
    return CH_NONE;
}

/* Back from a submission: the rows of the files opened are read again (a status may have
 * changed), then sorted and filtered in place. */
static int inbox_reveal(app *a, void *st)
{
    inbox_state *s = st;
    /* the document is being replaced (the next submission, a reload) and its screens come
     * back at once: the rows are read again when the inbox is shown for good, the new one's
     * too */
    if (a->replacing)
        return CH_NONE;
    if (!s->reading)
        for (size_t i = 0; i < s->nvisited; i++)
            inbox_reload(s->ib, s->visited[i]);
    s->nvisited = 0;
    return reshow(a, s) | CH_CLEAR;
}

/* While reading: the rows read so far (redrawn when the inbox is the screen shown). */
static int inbox_tick(app *a, void *st)
{
    int f = poll_reading(a, st);
    return app_top_is(a, &inbox_screen) ? f : CH_NONE;
}

static void inbox_close(app *a, void *st)
{
    inbox_state *s = st;
    (void)a;
    inbox_free(s->ib);
    free(s->dir);
    free(s->title);
    free(s->read_err);
    free(s->visited);
    free(s);
}

static size_t inbox_chain(const app *a, const void *st, key_ctx *out, size_t max)
{
    (void)a;
    (void)st;
    return app_chain_copy(chain, NCHAIN, out, max);
}

static int inbox_open(app *a, void *st)
{
    inbox_state *s = st;
    const char *args[] = {s->dir};
    char *err = NULL;
    if (inbox_start(s->ib, args, 1, 0, &err) != 0) {
        app_message(a, true, "%s", err ? err : tr(M_OUT_OF_MEMORY));
        free(err);
        return CH_DRAW;
    }
    s->reading = true;
    a->wake_ms = TICK_MS;
    return CH_DRAW;
}

const screen_ops inbox_screen = {
    .name = "inbox",
    .open = inbox_open,
    .key = inbox_key,
    .layout = inbox_layout,
    .draw = inbox_draw,
    .reveal = inbox_reveal,
    .tick = inbox_tick,
    .close = inbox_close,
    .chain = inbox_chain,
};

/* The folder as the title names it: "review ." says which folder that is (its full name);
 * NULL when it is named well enough as given or cannot be resolved. */
static char *folder_title(const char *dir)
{
    const char *base = strrchr(dir, '/');
    base = base ? base + 1 : dir;
    if (strcmp(base, ".") != 0 && strcmp(base, "..") != 0 && *base)
        return NULL;
    return realpath(dir, NULL);
}

int inbox_push(app *a, const char *dir, inbox *ib)
{
    inbox_state *s = calloc(1, sizeof *s);
    if (s && (!(s->ib = ib) || !(s->dir = strdup(dir)))) {
        free(s);
        s = NULL;
    }
    if (!s)
        inbox_free(ib);
    if (!s) {
        app_message_id(a, true, M_OUT_OF_MEMORY);
        return CH_DRAW;
    }
    s->title = folder_title(dir);
    return app_push(a, &inbox_screen, s);
}

/* ---- the next / previous submission, from inside one ---- */

int inbox_step(app *a, int dir)
{
    inbox_state *s = app_find_screen(a, &inbox_screen);
    if (!s || !a->d)
        return CH_NONE;
    size_t n = inbox_count(s->ib);
    size_t i = row_of_doc(a, s);
    if (i == (size_t)-1)
        i = s->pos.sel;
    const inbox_row *r = NULL;
    for (;;) {
        if ((dir > 0 && i + 1 >= n) || (dir < 0 && i == 0)) {
            app_message_id(a, false, dir > 0 ? M_INBOX_LAST : M_INBOX_FIRST);
            return CH_DRAW;
        }
        i = dir > 0 ? i + 1 : i - 1;
        r = inbox_get(s->ib, i);
        if (r && !r->error)
            break;
    }
    /* the list's place follows (if the move waits on a question and is cancelled, the place
     * is set right again from the open document on the way back) */
    s->pos.sel = i;
    s->sel = r;
    visited(s, r);
    /* from a submission's overview to the next one's overview */
    app_doc_opts o = {.review = true, .overview = app_top_is(a, &overview_screen) != NULL,
                      .findings = folder_findings, .findings_ctx = s};
    return app_switch_doc(a, r->file, &o) | CH_DRAW | CH_CLEAR;
}

int inbox_back(app *a)
{
    inbox_state *s = app_find_screen(a, &inbox_screen);
    if (!s || !a->d)
        return CH_NONE;
    size_t i = row_of_doc(a, s);
    if (i != (size_t)-1) {
        s->pos.sel = i;
        s->sel = inbox_get(s->ib, i);
    }
    return app_close_doc(a) | CH_DRAW | CH_CLEAR;
}

bool inbox_below(const app *a)
{
    return app_find_screen(a, &inbox_screen) != NULL;
}
