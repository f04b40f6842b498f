/* Queries and review mode in the editor: what the reviewer does (a query on a field or from a
 * finding, re-check figures of a score, return, approve) and what the clerk does (answer the
 * query of a field), the marks and notes that show them, and the status line's 自评总分 /
 * 复核总分 / 偏差. The store enforces who may do what (store/doc.h, document modes); these only
 * ask and show. */
#include "tui/app.h"

#include "core/recheck.h"
#include "core/report.h"
#include "store/review_file.h"
#include "tui/dialog.h"

#include <stdlib.h>
#include <string.h>

static const char *say(const app *a, const char *zh, const char *en)
{
    return a->english ? en : zh;
}

bool app_locked(const app *a)
{
    return a->readonly || a->review;
}

const char *app_status_word(const app *a, const char *status)
{
    static const char *const names[][3] = {
        {"draft", "草稿", "draft"},         {"submitted", "已送审", "submitted"},
        {"returned", "被退回", "returned"}, {"approved", "已通过", "approved"},
        {"rechecked", "已复核", "rechecked"},   /* as the inbox and --status spell it */
    };
    for (size_t i = 0; status && i < sizeof names / sizeof names[0]; i++)
        if (strcmp(status, names[i][0]) == 0)
            return a->english ? names[i][2] : names[i][1];
    return status ? status : "";
}

const char *app_query_state_word(const app *a, const char *state)
{
    if (!state)
        return "";
    if (strcmp(state, "open") == 0)
        return say(a, "待答复", "open");
    if (strcmp(state, "answered") == 0)
        return say(a, "已答复", "answered");
    if (strcmp(state, "closed") == 0)
        return say(a, "已关闭", "closed");
    return state;
}

/* ---- the query of a field ---- */

const draft_query *app_query_of(const app *a, const inode *f)
{
    if (!a->d || !f)
        return NULL;
    const draft *dr = doc_draft(a->d);
    if (dr->n_queries == 0)
        return NULL;
    char *path = inode_storage_path(f);
    const draft_query *best = NULL;
    for (size_t i = 0; path && i < dr->n_queries; i++) {
        const draft_query *q = &dr->queries[i];
        if (strcmp(q->path, path) != 0)
            continue;
        /* the latest one still going on; else the latest closed one */
        if (!best || strcmp(q->state, "closed") != 0 || strcmp(best->state, "closed") == 0)
            best = q;
    }
    free(path);
    return best;
}

char app_query_mark(const app *a, const inode *f)
{
    const draft_query *q = app_query_of(a, f);
    return q && strcmp(q->state, "closed") != 0 ? '?' : '\0';
}

char *app_query_note(const app *a, const inode *f)
{
    const draft_query *q = app_query_of(a, f);
    if (!q || q->n_thread == 0)
        return NULL;
    /* the last words that say something (a close may come without text) */
    const draft_query_msg *last = &q->thread[q->n_thread - 1];
    for (size_t i = q->n_thread; i-- > 0;)
        if (q->thread[i].text && *q->thread[i].text) {
            last = &q->thread[i];
            break;
        }
    char *how = NULL;
    if (!a->review && !a->readonly && strcmp(q->state, "closed") != 0) {
        const key_ctx chain[] = {KC_QUERY};
        char kb[32];
        const char *k = keys_first(chain, 1, ACT_QUERY, false, kb);
        how = tui_asprintf(say(a, "（%s 答复）", "  (%s answers)"), k ? k : "");
    }
    char *s = tui_asprintf(say(a, "质询 %s（%s）：%s%s%s%s", "Query %s (%s): %s%s%s%s"), q->id,
                           app_query_state_word(a, q->state), last->text ? last->text : "",
                           last->by && *last->by ? " — " : "", last->by ? last->by : "",
                           how ? how : "");
    free(how);
    return s;
}

/* ---- re-check figures ---- */

/* The score field a re-check is about: the focused field when it is a score, else the score
 * of the focused table row. NULL when there is none. */
static inode *score_field(inode *f)
{
    if (!f)
        return NULL;
    const char *id = inode_def(f)->id;
    if (id && strstr(id, "score"))
        return f;
    inode *row = inode_parent(f);
    if (!row || inode_kind(row) != N_ROW)
        return NULL;
    for (size_t i = 0; i < inode_nkids(row); i++) {
        inode *k = inode_kid(row, i);
        const char *kid = inode_def(k)->id;
        if (inode_kind(k) == N_FIELD && kid && strcmp(kid, "score") == 0)
            return k;
    }
    return NULL;
}

/* The re-check of field f, NULL when none. */
static const draft_recheck *recheck_of(const app *a, const inode *f)
{
    char *path = f ? inode_storage_path(f) : NULL;
    const draft_recheck *r = path ? draft_recheck_get(doc_draft(a->d), path) : NULL;
    free(path);
    return r;
}

char *app_recheck_note(const app *a, const inode *f)
{
    if (!a->d || doc_draft(a->d)->n_rechecks == 0)
        return NULL;
    inode *s = score_field((inode *)f);
    const draft_recheck *r = s ? recheck_of(a, s) : NULL;
    if (!r)
        return NULL;
    /* the self score as it counts (the rule's figure when nothing is typed) */
    dec_t self = dec_zero(), re = dec_zero(), diff;
    const char *st = field_shown(s);
    char sbuf[DEC_STR_MAX];
    bool ok = dec_parse(r->score, strlen(r->score), &re) == DEC_OK;
    /* a figure with more decimals (a file written by hand) counts rounded, as in the totals
     * (core/recheck.h): shown so, the row's deviation and the status line agree */
    const char *shown = r->score;
    char rbuf[DEC_STR_MAX];
    if (ok && dec_normalize(re).scale > RECHECK_DECIMALS) {
        re = dec_round(re, RECHECK_DECIMALS);
        shown = recheck_fmt(re, rbuf);
    }
    if (*st && dec_parse(st, strlen(st), &self) != DEC_OK)
        ok = false;
    if (ok && dec_sub(re, self, &diff) == DEC_OK)
        recheck_fmt(diff, sbuf);
    else
        snprintf(sbuf, sizeof sbuf, "?");
    return tui_asprintf(say(a, "复核 %s · 偏差 %s%s%s%s%s", "re-check %s · deviation %s%s%s%s%s"),
                        shown, sbuf, r->actual && *r->actual ? say(a, " · 复核完成值 ", " · actual ") : "",
                        r->actual ? r->actual : "", r->reason && *r->reason ? " · " : "",
                        r->reason ? r->reason : "");
}

char *app_review_totals(const app *a)
{
    if (!a->d || doc_draft(a->d)->n_rechecks == 0)
        return NULL;
    inode *total = NULL, *grade = NULL;
    app_status_fields(a, &total, &grade);
    /* the table whose total it is: its own re-checks only (in a submission the department
     * table's figures leave out the projects'), the same tables every output uses */
    const inode *scope = total ? report_table_of(total) : NULL;
    if (!scope)
        return NULL;
    char *prefix = inode_parent(scope) ? inode_storage_path(scope) : strdup("");
    recheck_totals t;
    char *err = NULL;
    char *s = NULL;
    if (prefix && recheck_totals_engine(a->e, prefix, total, &t, &err) == 0) {
        if (t.n > 0 && t.has_total) {
            char b1[DEC_STR_MAX], b2[DEC_STR_MAX], b3[DEC_STR_MAX];
            s = tui_asprintf(say(a, "自评总分 %s · 复核总分 %s · 偏差 %s",
                                 "Self %s · Re-check %s · Deviation %s"),
                             recheck_fmt(t.self_total, b1), recheck_fmt(t.recheck_total, b2),
                             recheck_fmt(t.deviation, b3));
        }
        recheck_totals_free(&t);
    }
    free(err);
    free(prefix);
    return s;
}

/* ---- asking ---- */

/* Says err (or the message of success) on the status line; CH_DRAW. */
static int told(app *a, int rc, char **err, const char *ok)
{
    if (rc != 0)
        app_error(a, err);
    else if (ok)
        app_message(a, false, "%s", ok);
    return CH_DRAW;
}

static int query_asked(app *a, void *ctx, int answer, const char *text)
{
    if (answer != 1 || !a->d)
        return CH_DRAW;
    if (!text || !*text) {
        app_message(a, true, "%s", say(a, "质询须有说明：未提出", "A query needs a text: none asked"));
        return CH_DRAW;
    }
    char *id = NULL, *err = NULL;
    int rc = doc_query_open(a->d, ctx, text, &id, &err);
    char *m = rc == 0 ? tui_asprintf(say(a, "已提出质询 %s", "Query %s opened"), id ? id : "")
                      : NULL;
    told(a, rc, &err, m);
    free(m);
    free(id);
    return CH_DRAW;
}

static int answer_given(app *a, void *ctx, int answer, const char *text)
{
    if (answer != 1 || !a->d)
        return CH_DRAW;
    char *err = NULL;
    int rc = doc_query_act(a->d, ctx, QA_ANSWER, text ? text : "", &err);
    char *m = rc == 0 ? tui_asprintf(say(a, "质询 %s 已答复（保存后生效）",
                                         "Query %s answered (save to keep it)"), (char *)ctx)
                      : NULL;
    told(a, rc, &err, m);
    free(m);
    return CH_DRAW;
}

/* A query on the field at path (the reviewer), its text starting as `initial`. */
static int ask_query(app *a, const char *path, const char *label, const char *initial)
{
    char *p = strdup(path);
    char *title = tui_asprintf(say(a, "质询：%s", "Query on %s"), label ? label : "");
    int f = p ? dialog_prompt(a, title ? title : "", say(a, "质询说明（填报单位将看到并答复）：",
                                                         "What to ask (the clerk sees it and answers):"),
                              initial, (dialog_then){query_asked, p, NULL})
              : CH_DRAW;
    free(title);
    return f;
}

int app_query_field(app *a, inode *f)
{
    if (!a->d || !f)
        return CH_NONE;
    if (a->readonly) {
        app_message_id(a, true, M_DOC_RO);
        return CH_DRAW;
    }
    if (a->review) {
        char *path = inode_storage_path(f);
        int r = path ? ask_query(a, path, node_label(a->english, f), "") : CH_DRAW;
        free(path);
        return r;
    }
    /* the clerk answers the field's query */
    const draft_query *q = app_query_of(a, f);
    if (!q || strcmp(q->state, "closed") == 0) {
        app_message(a, false, "%s", say(a, "此栏目没有待答复的质询", "No open query on this field"));
        return CH_DRAW;
    }
    return app_answer_query(a, q->id);
}

int app_answer_query(app *a, const char *id)
{
    const draft_query *q = draft_query_get(doc_draft(a->d), id);
    if (!q)
        return CH_NONE;
    const char *asked = q->n_thread ? q->thread[0].text : "";
    char *title = tui_asprintf(say(a, "答复质询 %s", "Answer query %s"), q->id);
    char *text = tui_asprintf("%s%s", say(a, "质询：", "Asked: "), asked ? asked : "");
    char *c = strdup(q->id);
    int f = c ? dialog_prompt(a, title ? title : "", text ? text : "", "",
                              (dialog_then){answer_given, c, NULL})
              : CH_DRAW;
    free(title);
    free(text);
    return f;
}

int app_query_finding(app *a, const finding *fi)
{
    if (!a->review) {
        app_message(a, false, "%s", say(a, "只有审核时（selfeval edit --review）才能提出质询",
                                         "Queries are asked in review mode (selfeval edit --review)"));
        return CH_DRAW;
    }
    inode *n = fi->path && *fi->path ? engine_find(a->e, fi->path) : NULL;
    return ask_query(a, fi->path ? fi->path : "", n ? node_label(a->english, n) : fi->path,
                     a->english ? fi->msg_en : fi->msg_zh);
}

int app_query_act(app *a, const char *id, query_action act)
{
    char *err = NULL;
    int rc = doc_query_act(a->d, id, act, "", &err);
    char *m = rc == 0 ? tui_asprintf(say(a, "质询 %s：%s", "Query %s %s"), id,
                                     act == QA_CLOSE ? say(a, "已关闭", "closed")
                                                     : say(a, "已重新打开", "reopened"))
                      : NULL;
    told(a, rc, &err, m);
    free(m);
    return CH_DRAW;
}

static int reopen_given(app *a, void *ctx, int answer, const char *text)
{
    if (answer != 1 || !a->d)
        return CH_DRAW;
    if (!text || !*text) {
        /* said in the screen's words, short enough for 80 columns (the store's names --text) */
        app_message(a, true, "%s", say(a, "重新打开须说明原因：未重新打开",
                                       "Reopening needs a reason: not reopened"));
        return CH_DRAW;
    }
    char *err = NULL;
    int rc = doc_query_act(a->d, ctx, QA_REOPEN, text ? text : "", &err);
    char *m = rc == 0 ? tui_asprintf(say(a, "质询 %s 已重新打开", "Query %s reopened"),
                                     (char *)ctx)
                      : NULL;
    told(a, rc, &err, m);
    free(m);
    return CH_DRAW;
}

int app_query_reopen(app *a, const char *id)
{
    char *c = strdup(id);
    char *title = tui_asprintf(say(a, "重新打开质询 %s", "Reopen query %s"), id);
    int f = c ? dialog_prompt(a, title ? title : "", say(a, "原因：", "Why:"), "",
                              (dialog_then){reopen_given, c, NULL})
              : CH_DRAW;
    free(title);
    return f;
}

/* The re-check's answers so far: 复核完成值, then 复核得分, then the reason. */
typedef struct {
    char *path;
    char *actual, *score;
    char *old_reason;
} recheck_ctx;

static void recheck_ctx_free(void *p)
{
    recheck_ctx *c = p;
    free(c->path);
    free(c->actual);
    free(c->score);
    free(c->old_reason);
    free(c);
}

/* Hands the context on to the next prompt (the dialog that just answered frees its own). */
static recheck_ctx *recheck_copy(const recheck_ctx *c)
{
    recheck_ctx *n = calloc(1, sizeof *n);
    if (!n)
        return NULL;
    n->path = strdup(c->path);
    n->actual = c->actual ? strdup(c->actual) : NULL;
    n->score = c->score ? strdup(c->score) : NULL;
    n->old_reason = c->old_reason ? strdup(c->old_reason) : NULL;
    if (!n->path) {
        recheck_ctx_free(n);
        return NULL;
    }
    return n;
}

static int score_given(app *a, void *ctx, int answer, const char *text);

static int reason_given(app *a, void *ctx, int answer, const char *text)
{
    recheck_ctx *c = ctx;
    if (answer != 1 || !a->d)
        return CH_DRAW;
    char *err = NULL;
    int rc = doc_recheck_set(a->d, c->path, c->actual, c->score, text && *text ? text : NULL,
                             &err);
    if (rc != 0) {
        /* refused (no reason for a deduction, a score above the weight): the whole reason in a
         * box, then the score asked again with what was typed, not the three steps anew */
        recheck_ctx *n = recheck_copy(c);
        if (n) {
            free(n->old_reason);
            n->old_reason = text && *text ? strdup(text) : NULL;
            inode *f = engine_find(a->e, c->path);
            char *q = tui_asprintf(say(a, "自评得分 %s，复核得分：", "Self score %s; re-checked score:"),
                                   f ? field_shown(f) : "");
            dialog_prompt(a, say(a, "复核得分", "Re-check score"), q ? q : "",
                          n->score ? n->score : "", (dialog_then){score_given, n, recheck_ctx_free});
            free(q);
        }
        dialog_message(a, tr(M_ERROR_T), err ? err : tr(M_OUT_OF_MEMORY));
        free(err);
        return CH_DRAW;
    }
    char *m = NULL;
    if (rc == 0) {
        inode *f = engine_find(a->e, c->path);
        char *note = f ? app_recheck_note(a, f) : NULL;
        m = tui_asprintf("%s%s", say(a, "已复核：", "Re-checked: "), note ? note : c->score);
        free(note);
    }
    told(a, rc, &err, m);
    free(m);
    return CH_DRAW;
}

static int score_given(app *a, void *ctx, int answer, const char *text)
{
    if (answer != 1 || !a->d || !text || !*text)
        return CH_DRAW;
    recheck_ctx *c = recheck_copy(ctx);
    if (!c)
        return CH_DRAW;
    free(c->score);
    c->score = strdup(text);
    return dialog_prompt(a, say(a, "复核：扣分原因", "Reason for the re-check"),
                         say(a, "复核得分低于自评得分时必须填写：", "Required when the re-checked score is below the self score:"),
                         c->old_reason ? c->old_reason : "",
                         (dialog_then){reason_given, c, recheck_ctx_free});
}

static int actual_given(app *a, void *ctx, int answer, const char *text)
{
    if (answer != 1 || !a->d)
        return CH_DRAW;
    recheck_ctx *c = recheck_copy(ctx);
    if (!c)
        return CH_DRAW;
    free(c->actual);
    c->actual = text && *text ? strdup(text) : NULL;
    inode *f = engine_find(a->e, c->path);
    char *q = tui_asprintf(say(a, "自评得分 %s，复核得分：", "Self score %s; re-checked score:"),
                           f ? field_shown(f) : "");
    int r = dialog_prompt(a, say(a, "复核得分", "Re-check score"), q ? q : "",
                          c->score ? c->score : "",
                          (dialog_then){score_given, c, recheck_ctx_free});
    free(q);
    return r;
}

int app_recheck_field(app *a, inode *f)
{
    if (!a->d)
        return CH_NONE;
    if (!a->review) {
        app_message(a, true, "%s", say(a, "复核只在审核模式中填写（selfeval edit --review）",
                                       "Re-check figures are typed in review mode (selfeval edit --review)"));
        return CH_DRAW;
    }
    inode *s = score_field(f);
    if (!s) {
        app_message(a, true, "%s", say(a, "复核针对得分栏：请移到指标行或执行率得分",
                                       "A re-check is of a score: go to an indicator row or the execution-rate score"));
        return CH_DRAW;
    }
    recheck_ctx *c = calloc(1, sizeof *c);
    if (!c || !(c->path = inode_storage_path(s))) {
        free(c);
        app_message_id(a, true, M_OUT_OF_MEMORY);
        return CH_DRAW;
    }
    const draft_recheck *r = recheck_of(a, s);
    /* 复核完成值 starts as what is there: the re-check's, else the clerk's actual */
    const char *actual = r && r->actual ? r->actual : NULL;
    inode *row = inode_parent(s);
    for (size_t i = 0; !actual && row && inode_kind(row) == N_ROW && i < inode_nkids(row); i++) {
        const char *id = inode_def(inode_kid(row, i))->id;
        if (id && strcmp(id, "actual") == 0)
            actual = inode_text(inode_kid(row, i));
    }
    if (r) {
        c->score = strdup(r->score);
        c->old_reason = r->reason ? strdup(r->reason) : NULL;
    }
    return dialog_prompt(a, say(a, "复核完成值", "Re-check actual"),
                         say(a, "复核后的完成值（可留空）：", "The actual as re-checked (may be empty):"),
                         actual ? actual : "", (dialog_then){actual_given, c, recheck_ctx_free});
}

/* A re-check of a row the clerk deleted counts in no total (core/recheck.h); there is no
 * field to put Alt-r on, so the findings list offers to clear it. */
static int orphan_answered(app *a, void *ctx, int answer, const char *text)
{
    (void)text;
    const char *path = ctx;
    if (answer != 0 || !a->d)
        return CH_DRAW;
    char *err = NULL;
    int rc = doc_recheck_clear(a->d, path, &err);
    /* the list showed the finding just cleared: back to the section */
    app_pop_to(a, &section_screen);
    char *m = rc == 0 ? tui_asprintf(say(a, "已清除 %s 的复核", "Re-check of %s cleared"), path)
                      : NULL;
    told(a, rc, &err, m);
    free(m);
    return CH_DRAW;
}

int app_recheck_orphan(app *a, const char *path)
{
    if (!a->d || !path)
        return CH_NONE;
    if (!a->review || !draft_recheck_get(doc_draft(a->d), path)) {
        app_message(a, true, "%s", say(a, "该复核所在的行已删除：请在审核模式中清除（selfeval edit --review，F3，Enter）",
                                       "This re-check's row was deleted: clear it in review mode (selfeval edit --review, F3, Enter)"));
        return CH_DRAW;
    }
    char *q = tui_asprintf(say(a, "%s 的复核所在的行已不存在，不计入复核总分。清除该复核？",
                               "The re-check of %s names a row that no longer exists and counts in no total. Clear it?"),
                           path);
    char *ctx = strdup(path);
    if (!q || !ctx) {
        free(q);
        free(ctx);
        app_message_id(a, true, M_OUT_OF_MEMORY);
        return CH_DRAW;
    }
    int r = dialog_confirm(a, say(a, "清除复核", "Clear re-check"), q, true,
                           (dialog_then){orphan_answered, ctx, NULL});
    free(q);
    return r;
}

/* A query not closed on a row the clerk deleted (query.orphan): nothing to jump to or answer,
 * so the findings list offers to close it. The first such query on `path`. */
static const draft_query *orphan_query(app *a, const char *path)
{
    const draft *d = doc_draft(a->d);
    for (size_t i = 0; i < d->n_queries; i++) {
        const draft_query *q = &d->queries[i];
        if (q->path && strcmp(q->path, path) == 0 && strcmp(q->state, "closed") != 0)
            return q;
    }
    return NULL;
}

static int query_orphan_answered(app *a, void *ctx, int answer, const char *text)
{
    (void)text;
    if (answer != 0 || !a->d)
        return CH_DRAW;
    app_pop_to(a, &section_screen);   /* the list showed the finding about to go */
    return app_query_act(a, ctx, QA_CLOSE);
}

int app_query_orphan(app *a, const char *path)
{
    if (!a->d || !path)
        return CH_NONE;
    const draft_query *q = orphan_query(a, path);
    if (!q)
        return CH_NONE;
    if (!a->review) {
        app_message(a, true, "%s", say(a, "该质询所在的行已删除：由审核人关闭",
                                       "This query's row was deleted: the reviewer closes it"));
        return CH_DRAW;
    }
    char *t = tui_asprintf(say(a, "质询 %s 所指的 %s 所在行已不存在，无法答复。关闭该质询？",
                               "Query %s is on %s, a row that no longer exists: it cannot be "
                               "answered. Close it?"),
                           q->id, path);
    char *id = strdup(q->id);
    if (!t || !id) {
        free(t);
        free(id);
        app_message_id(a, true, M_OUT_OF_MEMORY);
        return CH_DRAW;
    }
    int r = dialog_confirm(a, say(a, "关闭质询", "Close query"), t, true,
                           (dialog_then){query_orphan_answered, id, NULL});
    free(t);
    return r;
}

/* ---- return, approve ---- */

static int transition(app *a, review_action act, const char *reason, const char *done)
{
    char *err = NULL;
    if (doc_transition(a->d, act, reason, &err) != 0) {
        /* the refusal says what to do: whole, in a box (the status line would cut it), with
         * the key that reloads a file changed on disk */
        char *hint = app_reload_hint(a);
        char *text = tui_asprintf("%s%s%s", err ? err : tr(M_OUT_OF_MEMORY), hint ? "\n" : "",
                                  hint ? hint : "");
        int f = dialog_message(a, tr(M_ERROR_T), text ? text : err ? err : "");
        free(text);
        free(hint);
        free(err);
        return f | CH_DRAW;
    }
    /* a transition is not undoable: it is kept at once */
    int f = app_save(a);
    if (!doc_dirty(a->d))
        app_message(a, false, "%s", done);
    return f | CH_DRAW;
}

static int return_given(app *a, void *ctx, int answer, const char *text)
{
    (void)ctx;
    if (answer != 1 || !a->d)
        return CH_DRAW;
    if (!text || !*text) {
        app_message(a, true, "%s", say(a, "退回须填写原因：未退回", "A return needs a reason: not returned"));
        return CH_DRAW;
    }
    return transition(a, REVIEW_RETURN, text, say(a, "已退回填报单位并保存", "Returned to the clerk and saved"));
}

static int approve_answered(app *a, void *ctx, int answer, const char *text)
{
    (void)ctx;
    (void)text;
    if (answer != 0 || !a->d)
        return CH_DRAW;
    return transition(a, REVIEW_APPROVE, NULL, say(a, "审核通过并已保存", "Approved and saved"));
}

static bool reviewer(app *a)
{
    if (a->d && a->review)
        return true;
    if (a->d)
        app_message(a, true, "%s", say(a, "退回和通过只在审核模式中（selfeval edit --review）",
                                       "Return and approve are for review mode (selfeval edit --review)"));
    return false;
}

/* A step the draft's status does not allow (approving an approved draft), or an approval of
 * values changed since the submission: said before anything is asked (the question would
 * only lead to the refusal). CH_* flags; CH_NONE when the step may be asked for. */
static int refused_first(app *a, review_action act)
{
    char *why = NULL;
    /* a placeholder reason: the reason is asked next; here only the state is checked */
    if (review_check(doc_draft(a->d), act, "-", &why) == 0)
        return CH_NONE;
    const char *st = doc_draft(a->d)->status ? doc_draft(a->d)->status : "";
    bool done = strcmp(st, "approved") == 0 || strcmp(st, "rechecked") == 0;
    const char *path = doc_path(a->d);
    char *hint = done && act == REVIEW_APPROVE
                     ? tui_asprintf(say(a, "\n复核完成（已通过 → 已复核）用命令记录：selfeval recheck %s",
                                        "\nThe re-check's completion (approved → re-checked) is "
                                        "recorded with: selfeval recheck %s"),
                                    path)
                     : NULL;
    char *t = tui_asprintf("%s: %s%s", path, why ? why : "", hint ? hint : "");
    int f = dialog_message(a, tr(M_ERROR_T), t ? t : why ? why : "");
    free(t);
    free(hint);
    free(why);
    return f | CH_DRAW;
}

int app_return_draft(app *a)
{
    if (!reviewer(a))
        return CH_DRAW;
    int early = refused_first(a, REVIEW_RETURN);
    if (early)
        return early;
    return dialog_prompt(a, say(a, "退回给填报单位", "Return to the clerk"),
                         say(a, "退回原因（必填，填报单位将看到）：", "Why (required; the clerk sees it):"),
                         "", (dialog_then){return_given, NULL, NULL});
}

int app_approve_draft(app *a)
{
    if (!reviewer(a))
        return CH_DRAW;
    int early = refused_first(a, REVIEW_APPROVE);
    if (early)
        return early;
    const char *path = doc_path(a->d);
    const char *base = strrchr(path, '/');
    char *q = tui_asprintf(say(a, "审核通过 %s？（记录通过时数值的 sha256）",
                               "Approve %s? (the values' sha256 is recorded)"),
                           base ? base + 1 : path);
    int f = dialog_confirm(a, say(a, "审核通过", "Approve"), q ? q : "", true,
                           (dialog_then){approve_answered, NULL, NULL});
    free(q);
    return f;
}

/* ---- the clerk's submission (送审) ---- */

static int submit_answered(app *a, void *ctx, int answer, const char *text)
{
    (void)ctx;
    (void)text;
    if (answer != 0 || !a->d)
        return CH_DRAW;
    /* the transition hashes the values in memory and its save writes them with it: what was
     * typed and not yet saved goes into the same save */
    return transition(a, REVIEW_SUBMIT, NULL, say(a, "已送审并保存", "Submitted for review and saved"));
}

int app_submit_draft(app *a)
{
    if (!a->d)
        return CH_NONE;
    if (a->review || a->readonly) {
        app_message(a, true, "%s", a->review
                        ? say(a, "送审由填报单位进行（审核模式中用 Alt-a 通过、Alt-t 退回）",
                              "Submitting is the clerk's (in review mode: Alt-a approves, Alt-t returns)")
                        : say(a, "只读打开：不能送审", "Opened read-only: cannot submit"));
        return CH_DRAW;
    }
    char *why = NULL;
    if (review_check(doc_draft(a->d), REVIEW_SUBMIT, NULL, &why) != 0) {
        app_error(a, &why);
        return CH_DRAW;
    }
    size_t nerr = engine_count(a->e, SEV_ERROR);
    if (nerr > 0) {
        int f = findings_open(a);
        /* short: the status line shares 80 columns with the total; the list shows the rest */
        app_message(a, true, say(a, "有 %zu 个错误：未送审", "%zu error(s): not submitted"), nerr);
        return f | CH_DRAW;
    }
    const char *path = doc_path(a->d);
    const char *base = strrchr(path, '/');
    char *q = tui_asprintf(say(a, "送审 %s？（保存并记录送审时数值的 sha256）",
                               "Submit %s for review? (saves; the values' sha256 is recorded)"),
                           base ? base + 1 : path);
    int f = dialog_confirm(a, say(a, "送审", "Submit"), q ? q : "", true,
                           (dialog_then){submit_answered, NULL, NULL});
    free(q);
    return f;
}

int app_review_setup(app *a)
{
    if (!a->review)
        return 0;
    char *who = review_default_user();
    int rc = who ? doc_set_user(a->d, who) : -1;
    free(who);
    return rc;
}
