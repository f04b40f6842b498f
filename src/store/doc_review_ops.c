/* The review edits of a document: queries, re-check figures and review transitions — their
 * primitives (apply and journal), their replay and their undo / redo (doc_ops.c's table),
 * and the public functions (store/doc.h) that check the mode and who may act. */
#include "doc_internal.h"

#include "core/recheck.h"
#include "core/value.h"
#include "store/draft_file.h"
#include "store/fileio.h"

#include <stdlib.h>
#include <string.h>

static const char *str_of(const cJSON *rec, const char *key)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(rec, key);
    return cJSON_IsString(x) ? x->valuestring : NULL;
}

static void journal_oom(doc *d)
{
    if (d->jr && !d->journal_error)
        d->journal_error = strdup("out of memory: a change could not be journaled");
}

static void jopt(jrec *r, const char *key, const char *val)
{
    if (val)
        doc_jrec_str(r, key, val);
}

/* ---- primitives ---- */

int doc_p_query(doc *d, query_action a, const char *id, const char *qpath, const char *by,
                const char *at, const char *text, char **err)
{
    int rc = a == QA_OPEN
                 ? query_open(d->draft, id, qpath, by, at, text, NULL, err)
                 : query_act(d->draft, id, a, query_action_role(a), by, at, text, err);
    if (rc != 0)
        return -1;
    d->dirty = true;
    jrec r;
    if (!doc_jrec_begin(&r)) {
        journal_oom(d);
        return 0;
    }
    doc_jrec_str(&r, "op", "query");
    doc_jrec_str(&r, "action", query_action_name(a));
    doc_jrec_str(&r, "id", id);
    if (a == QA_OPEN)
        doc_jrec_str(&r, "path", qpath ? qpath : "");
    jopt(&r, "by", by);
    jopt(&r, "at", at);
    doc_jrec_str(&r, "text", text ? text : "");
    doc_jrec_end(d, &r);
    return 0;
}

int doc_p_query_undo(doc *d, const char *id, char **err)
{
    if (query_undo(d->draft, id) != 0) {
        fio_set_err(err, fio_strdupf("cannot undo: query %s is no longer there", id));
        return -1;
    }
    d->dirty = true;
    jrec r;
    if (!doc_jrec_begin(&r)) {
        journal_oom(d);
        return 0;
    }
    doc_jrec_str(&r, "op", "query_undo");
    doc_jrec_str(&r, "id", id);
    doc_jrec_end(d, &r);
    return 0;
}

int doc_p_recheck(doc *d, const char *path, const draft_recheck *to, char **err)
{
    if (to) {
        if (recheck_set(d->draft, path, to->actual, to->score, to->reason, to->by, to->at, NULL,
                        NULL, err) != 0)
            return -1;
    } else {
        recheck_clear(d->draft, path);
    }
    d->dirty = true;
    jrec r;
    if (!doc_jrec_begin(&r)) {
        journal_oom(d);
        return 0;
    }
    doc_jrec_str(&r, "op", "recheck");
    doc_jrec_str(&r, "path", path);
    if (to) {                     /* no score: cleared */
        doc_jrec_str(&r, "score", to->score);
        jopt(&r, "actual", to->actual);
        jopt(&r, "reason", to->reason);
        jopt(&r, "by", to->by);
        jopt(&r, "at", to->at);
    }
    doc_jrec_end(d, &r);
    return 0;
}

static const char *const VERB[] = {"submit", "return", "approve", "recheck"};

int doc_p_status(doc *d, review_action a, const char *by, const char *at, const char *reason,
                 char **err)
{
    if (review_apply(d->draft, a, by, at, reason, err) != 0)
        return -1;
    d->dirty = true;
    jrec r;
    if (!doc_jrec_begin(&r)) {
        journal_oom(d);
        return 0;
    }
    doc_jrec_str(&r, "op", "status");
    doc_jrec_str(&r, "action", VERB[a]);
    jopt(&r, "by", by);
    jopt(&r, "at", at);
    jopt(&r, "reason", reason);
    doc_jrec_end(d, &r);
    return 0;
}

/* ---- replay ---- */

static int done(int r, char *err)
{
    free(err);
    return r == 0 ? 0 : -1;
}

int doc_replay_query(doc *d, const cJSON *rec, char **invalid)
{
    (void)invalid;
    query_action a;
    const char *id = str_of(rec, "id");
    if (query_action_from_name(str_of(rec, "action"), &a) != 0 || !id || !*id)
        return -1;
    char *err = NULL;
    return done(doc_p_query(d, a, id, str_of(rec, "path"), str_of(rec, "by"), str_of(rec, "at"),
                            str_of(rec, "text"), &err), err);
}

int doc_replay_query_undo(doc *d, const cJSON *rec, char **invalid)
{
    (void)invalid;
    const char *id = str_of(rec, "id");
    char *err = NULL;
    return id ? done(doc_p_query_undo(d, id, &err), err) : -1;
}

int doc_replay_recheck(doc *d, const cJSON *rec, char **invalid)
{
    (void)invalid;
    const char *path = str_of(rec, "path");
    if (!path || !*path)
        return -1;
    draft_recheck to = {.score = (char *)str_of(rec, "score"),
                        .actual = (char *)str_of(rec, "actual"),
                        .reason = (char *)str_of(rec, "reason"),
                        .by = (char *)str_of(rec, "by"),
                        .at = (char *)str_of(rec, "at")};
    char *err = NULL;
    return done(doc_p_recheck(d, path, to.score ? &to : NULL, &err), err);
}

int doc_replay_status(doc *d, const cJSON *rec, char **invalid)
{
    (void)invalid;
    const char *v = str_of(rec, "action");
    for (int a = 0; v && a < 4; a++)
        if (strcmp(v, VERB[a]) == 0) {
            char *err = NULL;
            return done(doc_p_status(d, (review_action)a, str_of(rec, "by"), str_of(rec, "at"),
                                     str_of(rec, "reason"), &err), err);
        }
    return -1;
}

/* ---- undo / redo ---- */

int doc_step_query(doc *d, urec *r, bool backwards, inode **cursor, eng_change *chg,
                   char **err)
{
    (void)chg;
    *cursor = r->path && *r->path ? engine_find(d->eng, r->path) : NULL;
    if (backwards)
        return doc_p_query_undo(d, r->qid, err);
    return doc_p_query(d, (query_action)r->a, r->qid, r->path, r->after_by, r->after_at,
                       r->after, err);
}

int doc_step_recheck(doc *d, urec *r, bool backwards, inode **cursor, eng_change *chg,
                     char **err)
{
    (void)chg;
    *cursor = engine_find(d->eng, r->path);
    return doc_p_recheck(d, r->path, backwards ? r->rc_before : r->rc_after, err);
}

/* ---- public ---- */

static query_role role_of(const doc *d)
{
    return d->mode == DOC_REVIEW ? QROLE_REVIEWER : QROLE_CLERK;
}

static char *prefixed(const doc *d, char *why)
{
    char *m = fio_strdupf("%s: %s", d->path, why ? why : "out of memory");
    free(why);
    return m;
}

int doc_query_open(doc *d, const char *path, const char *text, char **id, char **err)
{
    if (id)
        *id = NULL;
    if (doc_op_allowed(d, U_QUERY, err) != 0)
        return -1;
    char *why = NULL;
    if (query_check(d->draft, NULL, QA_OPEN, role_of(d), text, &why) != 0) {
        fio_set_err(err, prefixed(d, why));
        return -1;
    }
    if (path && *path && !engine_find(d->eng, path)) {
        fio_set_err(err, fio_strdupf("%s: %s is not a field of this draft (a storage path like "
                                     "indicators.r2.actual)", d->path, path));
        return -1;
    }
    urec r = {.op = U_QUERY, .a = QA_OPEN};
    r.qid = query_new_id(d->draft);
    r.path = strdup(path ? path : "");
    r.after = strdup(text);
    r.after_at = doc_now_iso();
    r.after_by = doc_who(d) ? strdup(doc_who(d)) : NULL;
    if (!r.qid || !r.path || !r.after || !r.after_at || (doc_who(d) && !r.after_by) ||
        (id && !(*id = strdup(r.qid)))) {
        doc_urec_free(&r);
        fio_set_err(err, fio_strdupf("%s: out of memory", d->path));
        return -1;
    }
    if (doc_p_query(d, QA_OPEN, r.qid, r.path, r.after_by, r.after_at, r.after, &why) != 0) {
        doc_urec_free(&r);
        if (id) {
            free(*id);
            *id = NULL;
        }
        fio_set_err(err, prefixed(d, why));
        return -1;
    }
    doc_edit_done(d, &r);
    return 0;
}

int doc_query_act(doc *d, const char *id, query_action a, const char *text, char **err)
{
    if (doc_op_allowed(d, U_QUERY, err) != 0)
        return -1;
    char *why = NULL;
    if (a == QA_OPEN || query_check(d->draft, id, a, role_of(d), text, &why) != 0) {
        fio_set_err(err, prefixed(d, why ? why : strdup("use doc_query_open to open a query")));
        return -1;
    }
    const draft_query *q = draft_query_get(d->draft, id);
    urec r = {.op = U_QUERY, .a = (size_t)a};
    r.qid = strdup(id);
    r.path = strdup(q->path ? q->path : "");
    r.after = strdup(text ? text : "");
    r.after_at = doc_now_iso();
    r.after_by = doc_who(d) ? strdup(doc_who(d)) : NULL;
    if (!r.qid || !r.path || !r.after || !r.after_at || (doc_who(d) && !r.after_by)) {
        doc_urec_free(&r);
        fio_set_err(err, fio_strdupf("%s: out of memory", d->path));
        return -1;
    }
    if (doc_p_query(d, a, r.qid, r.path, r.after_by, r.after_at, r.after, &why) != 0) {
        doc_urec_free(&r);
        fio_set_err(err, prefixed(d, why));
        return -1;
    }
    doc_edit_done(d, &r);
    return 0;
}

static draft_recheck *recheck_copy(const draft_recheck *s)
{
    if (!s)
        return NULL;
    draft_recheck *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->path = strdup(s->path);
    c->score = strdup(s->score);
    c->actual = s->actual ? strdup(s->actual) : NULL;
    c->reason = s->reason ? strdup(s->reason) : NULL;
    c->by = s->by ? strdup(s->by) : NULL;
    c->at = s->at ? strdup(s->at) : NULL;
    if (!c->path || !c->score || (s->actual && !c->actual) || (s->reason && !c->reason) ||
        (s->by && !c->by) || (s->at && !c->at)) {
        draft_recheck_clear(c);
        free(c);
        return NULL;
    }
    return c;
}

static bool num_at(doc *d, const char *path, dec_t *out)
{
    inode *n = path ? engine_find(d->eng, path) : NULL;
    if (!n || inode_kind(n) != N_FIELD)
        return false;
    value_t v = inode_value(n);
    if (v.kind != V_NUM)
        return false;
    *out = v.num;
    return true;
}

/* The weight a score may not exceed: the field's declared maximum, else the "weight" field
 * beside it (an indicator row), else the field named like it with "score" read "weight"
 * (funds.exec_score -> funds.exec_weight). false when none is known. */
static bool weight_of(doc *d, const char *path, dec_t *out)
{
    inode *n = engine_find(d->eng, path);
    const fnode *def = n ? inode_def(n) : NULL;
    if (def && def->has_max) {
        *out = def->max;
        return true;
    }
    const char *dot = strrchr(path, '.');
    size_t pl = dot ? (size_t)(dot - path) + 1 : 0;
    char *w = fio_strdupf("%.*sweight", (int)pl, path);
    bool ok = w && num_at(d, w, out);
    free(w);
    if (ok)
        return true;
    const char *sc = strstr(path + pl, "score");
    if (!sc)
        return false;
    w = fio_strdupf("%.*sweight%s", (int)(sc - path), path, sc + 5);
    ok = w && num_at(d, w, out);
    free(w);
    return ok;
}

int doc_recheck_set(doc *d, const char *path, const char *actual, const char *score,
                    const char *reason, char **err)
{
    if (doc_op_allowed(d, U_RECHECK, err) != 0)
        return -1;
    inode *n = path ? engine_find(d->eng, path) : NULL;
    if (!n || inode_kind(n) != N_FIELD) {
        fio_set_err(err, fio_strdupf("%s: %s is not a score field of this draft (a storage "
                                     "path like indicators.r2.score)", d->path,
                                     path ? path : ""));
        return -1;
    }
    dec_t self, max;
    bool has_self = num_at(d, path, &self);
    if (!has_self)
        self = dec_zero();
    bool has_max = weight_of(d, path, &max);
    char *why = NULL;
    if (recheck_check(path, score, reason, &self, has_max ? &max : NULL, &why) != 0) {
        fio_set_err(err, prefixed(d, why));
        return -1;
    }
    char *at = doc_now_iso();
    draft_recheck to = {.path = (char *)path, .score = (char *)score,
                        .actual = (char *)(actual && *actual ? actual : NULL),
                        .reason = (char *)(reason && *reason ? reason : NULL),
                        .by = (char *)doc_who(d), .at = at};
    urec r = {.op = U_RECHECK};
    r.path = strdup(path);
    const draft_recheck *cur = draft_recheck_get(d->draft, path);
    r.rc_before = recheck_copy(cur);
    r.rc_after = recheck_copy(&to);
    if (!at || !r.path || (cur && !r.rc_before) || !r.rc_after) {
        free(at);
        doc_urec_free(&r);
        fio_set_err(err, fio_strdupf("%s: out of memory", d->path));
        return -1;
    }
    int rc = doc_p_recheck(d, path, &to, &why);
    free(at);
    if (rc != 0) {
        doc_urec_free(&r);
        fio_set_err(err, prefixed(d, why));
        return -1;
    }
    doc_edit_done(d, &r);
    return 0;
}

int doc_recheck_clear(doc *d, const char *path, char **err)
{
    if (doc_op_allowed(d, U_RECHECK, err) != 0)
        return -1;
    const draft_recheck *cur = path ? draft_recheck_get(d->draft, path) : NULL;
    if (!cur)
        return 0;
    urec r = {.op = U_RECHECK};
    r.path = strdup(path);
    r.rc_before = recheck_copy(cur);
    char *why = NULL;
    if (!r.path || !r.rc_before || doc_p_recheck(d, path, NULL, &why) != 0) {
        doc_urec_free(&r);
        fio_set_err(err, prefixed(d, why));
        return -1;
    }
    doc_edit_done(d, &r);
    return 0;
}

int doc_check_unchanged(doc *d, char **err)
{
    if (d->mode != DOC_REVIEW)
        return 0;
    char now[SHA256_HEX_LEN + 1];
    bool exists = draft_file_hash(d->path, now);
    if (exists ? strcmp(now, d->file_hash) == 0 : d->file_hash[0] == '\0')
        return 0;
    /* say by whom when the file says so */
    char *who = NULL;
    draft *disk = exists ? draft_file_read(d->path, NULL) : NULL;
    if (disk) {
        const char *by = disk->n_history ? disk->history[disk->n_history - 1].by : NULL;
        if (disk->modified)
            who = fio_strdupf("saved %s%s%s", disk->modified, by ? ", last by " : "",
                              by ? by : "");
        draft_free(disk);
    }
    fio_set_err(err, fio_strdupf("%s changed since you opened it (%s); reload it first",
                                 d->path, exists ? (who ? who : "its bytes differ")
                                                 : "it was removed"));
    free(who);
    return -1;
}

int doc_transition(doc *d, review_action a, const char *reason, char **err)
{
    if (doc_op_allowed(d, U_STATUS, err) != 0)
        return -1;
    if ((unsigned)a >= 4) {
        fio_set_err(err, strdup("unknown review action"));
        return -1;
    }
    if (d->mode == DOC_EDIT && a != REVIEW_SUBMIT) {
        fio_set_err(err, fio_strdupf("%s: only a reviewer can %s a draft (open it for review)",
                                     d->path, VERB[a]));
        return -1;
    }
    if (d->mode == DOC_REVIEW && a == REVIEW_SUBMIT) {
        fio_set_err(err, fio_strdupf("%s: the clerk submits a draft, not the reviewer",
                                     d->path));
        return -1;
    }
    if (doc_check_unchanged(d, err) != 0)
        return -1;
    char *why = NULL;
    if (review_check(d->draft, a, reason, &why) != 0) {
        fio_set_err(err, prefixed(d, why));
        return -1;
    }
    char *at = doc_now_iso();
    if (!at) {
        fio_set_err(err, fio_strdupf("%s: out of memory", d->path));
        return -1;
    }
    int rc = doc_p_status(d, a, doc_who(d), at, reason, &why);
    free(at);
    if (rc != 0) {
        fio_set_err(err, prefixed(d, why));
        return -1;
    }
    /* undo does not cross a transition: the values it recorded stay what was submitted */
    doc_ustack_free(&d->undo);
    doc_ustack_free(&d->redo);
    return 0;
}
