/* The review edits of the table (doc_ops.c): queries, re-check figures and review
 * transitions — their decoding from a journal record, application, record members, public
 * begin (who may act, checks, who and when) and undo / redo; and the public functions
 * (store/doc.h), each one edit through doc_run. */
#include "doc_internal.h"

#include "core/recheck.h"
#include "core/value.h"
#include "store/smsg.h"
#include "store/draft_file.h"
#include "store/fileio.h"

#include <stdlib.h>
#include <string.h>

static const char *str_of(const cJSON *rec, const char *key)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(rec, key);
    return cJSON_IsString(x) ? x->valuestring : NULL;
}

/* ---- decoding a record ---- */

static const char *const VERB[] = {"submit", "return", "approve", "recheck"};

int doc_decode_query(doc *d, const cJSON *rec, doc_edit *e, char **invalid)
{
    query_action a;
    e->id = str_of(rec, "id");
    if (query_action_from_name(str_of(rec, "action"), &a) != 0 || !e->id || !*e->id)
        return -1;
    /* a reviewer's query (open, note, close, reopen) is not recovered into the clerk's
     * session, nor a clerk's answer into a reviewer's: the whole journal waits for the
     * session it came from (as a reviewer's re-checks do) */
    query_role mine = d->mode == DOC_REVIEW ? QROLE_REVIEWER : QROLE_CLERK;
    if (query_action_role(a) != mine) {
        *invalid = fio_strdupf("the journal holds a %s's query action (%s %s) this session may "
                               "not make: open the draft %s to recover it",
                               mine == QROLE_CLERK ? "reviewer" : "clerk",
                               query_action_name(a), e->id,
                               mine == QROLE_CLERK ? "for review" : "for editing");
        return 1;
    }
    e->a = (size_t)a;
    e->path = str_of(rec, "path");
    e->by = str_of(rec, "by");
    e->at = str_of(rec, "at");
    e->text = str_of(rec, "text");
    return 0;
}

int doc_decode_query_undo(doc *d, const cJSON *rec, doc_edit *e, char **invalid)
{
    (void)d;
    (void)invalid;
    e->id = str_of(rec, "id");
    return e->id ? 0 : -1;
}

int doc_decode_recheck(doc *d, const cJSON *rec, doc_edit *e, char **invalid)
{
    (void)d;
    (void)invalid;
    e->path = str_of(rec, "path");
    if (!e->path || !*e->path)
        return -1;
    e->rc_buf = (draft_recheck){.path = (char *)e->path,
                                .score = (char *)str_of(rec, "score"),
                                .actual = (char *)str_of(rec, "actual"),
                                .reason = (char *)str_of(rec, "reason"),
                                .by = (char *)str_of(rec, "by"),
                                .at = (char *)str_of(rec, "at")};
    e->rc = e->rc_buf.score ? &e->rc_buf : NULL;     /* no score: cleared */
    return 0;
}

int doc_decode_status(doc *d, const cJSON *rec, doc_edit *e, char **invalid)
{
    (void)d;
    (void)invalid;
    const char *v = str_of(rec, "action");
    for (int a = 0; v && a < 4; a++)
        if (strcmp(v, VERB[a]) == 0) {
            e->a = (size_t)a;
            e->by = str_of(rec, "by");
            e->at = str_of(rec, "at");
            e->text = str_of(rec, "reason");
            return 0;
        }
    return -1;
}

/* ---- applying ---- */

int doc_apply_query(doc *d, doc_edit *e, eng_change *chg, char **err)
{
    (void)chg;
    query_action a = (query_action)e->a;
    int rc = a == QA_OPEN
                 ? query_open(d->draft, e->id, e->path, e->by, e->at, e->text, NULL, err)
                 : query_act(d->draft, e->id, a, query_action_role(a), e->by, e->at, e->text,
                             err);
    engine_rechecks_changed(d->eng);   /* a query on a deleted row closed: reported as it is */
    return rc;
}

int doc_apply_query_undo(doc *d, doc_edit *e, eng_change *chg, char **err)
{
    (void)chg;
    if (query_undo(d->draft, e->id) != 0) {
        fio_set_err(err, fio_strdupf("cannot undo: query %s is no longer there", e->id));
        return -1;
    }
    engine_rechecks_changed(d->eng);
    return 0;
}

int doc_apply_recheck(doc *d, doc_edit *e, eng_change *chg, char **err)
{
    (void)chg;
    const draft_recheck *to = e->rc;
    int rc = to ? recheck_set(d->draft, e->path, to->actual, to->score, to->reason, to->by,
                              to->at, NULL, NULL, err)
                : recheck_clear(d->draft, e->path);
    engine_rechecks_changed(d->eng);   /* an orphan cleared (or put back): reported as it is */
    return rc;
}

int doc_apply_status(doc *d, doc_edit *e, eng_change *chg, char **err)
{
    (void)chg;
    return review_apply(d->draft, (review_action)e->a, e->by, e->at, e->text, err);
}

/* ---- the record's members ---- */

static void jopt(jrec *r, const char *key, const char *val)
{
    if (val)
        doc_jrec_str(r, key, val);
}

void doc_encode_query(const doc_edit *e, jrec *r)
{
    doc_jrec_str(r, "action", query_action_name((query_action)e->a));
    doc_jrec_str(r, "id", e->id);
    if (e->a == QA_OPEN)
        doc_jrec_str(r, "path", e->path ? e->path : "");
    jopt(r, "by", e->by);
    jopt(r, "at", e->at);
    doc_jrec_str(r, "text", e->text ? e->text : "");
}

void doc_encode_query_undo(const doc_edit *e, jrec *r)
{
    doc_jrec_str(r, "id", e->id);
}

void doc_encode_recheck(const doc_edit *e, jrec *r)
{
    doc_jrec_str(r, "path", e->path);
    if (e->rc) {                  /* no score: cleared */
        doc_jrec_str(r, "score", e->rc->score);
        jopt(r, "actual", e->rc->actual);
        jopt(r, "reason", e->rc->reason);
        jopt(r, "by", e->rc->by);
        jopt(r, "at", e->rc->at);
    }
}

void doc_encode_status(const doc_edit *e, jrec *r)
{
    doc_jrec_str(r, "action", e->a < 4 ? VERB[e->a] : "");
    jopt(r, "by", e->by);
    jopt(r, "at", e->at);
    jopt(r, "reason", e->text);
}

/* ---- undo / redo ---- */

static int run_do(doc *d, doc_edit e, char **err)
{
    int rc = doc_do(d, &e, NULL, err);
    doc_edit_clear(&e);
    return rc;
}

int doc_step_query(doc *d, urec *r, bool backwards, inode **cursor, eng_change *chg,
                   char **err)
{
    (void)chg;
    *cursor = r->path && *r->path ? engine_find(d->eng, r->path) : NULL;
    if (backwards)
        return run_do(d, (doc_edit){.op = U_QUERY_UNDO, .id = r->qid}, err);
    return run_do(d, (doc_edit){.op = U_QUERY, .a = r->a, .id = r->qid, .path = r->path,
                                .by = r->after_by, .at = r->after_at, .text = r->after},
                  err);
}

int doc_step_recheck(doc *d, urec *r, bool backwards, inode **cursor, eng_change *chg,
                     char **err)
{
    (void)chg;
    *cursor = engine_find(d->eng, r->path);
    return run_do(d, (doc_edit){.op = U_RECHECK, .path = r->path,
                                .rc = backwards ? r->rc_before : r->rc_after},
                  err);
}

/* ---- the public edits' begin (doc_run) ---- */

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

/* Open (e->a QA_OPEN, e->path the field) or act on query e->id: who and when, a new id. */
int doc_begin_query(doc *d, doc_edit *e, urec *u, eng_change *chg, char **err)
{
    (void)u;
    (void)chg;
    query_action a = (query_action)e->a;
    char *why = NULL;
    if (a == QA_OPEN) {
        if (query_check(d->draft, NULL, QA_OPEN, role_of(d), e->text, &why) != 0) {
            fio_set_err(err, prefixed(d, why));
            return -1;
        }
        if (e->path && *e->path && !engine_find(d->eng, e->path)) {
            fio_set_err(err, fio_strdupf("%s: %s is not a field of this draft (a storage path "
                                         "like indicators.r2.actual)", d->path, e->path));
            return -1;
        }
        if (!e->path)
            e->path = "";
        e->id = doc_edit_own(e, query_new_id(d->draft));
    } else {
        if (query_check(d->draft, e->id, a, role_of(d), e->text, &why) != 0) {
            fio_set_err(err, prefixed(d, why));
            return -1;
        }
        const draft_query *q = draft_query_get(d->draft, e->id);
        e->path = q->path ? q->path : "";
        if (!e->text)
            e->text = "";
    }
    e->at = doc_edit_own(e, doc_now_iso());
    e->by = doc_who(d);
    if (!e->id || !e->at) {
        fio_set_err(err, fio_strdupf("%s: out of memory", d->path));
        return -1;
    }
    return 0;
}

draft_recheck *doc_recheck_copy(const draft_recheck *s)
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

/* Setting (e->rc with the actual, score and reason asked for) is checked against the field's
 * self score and weight; clearing what is not there is nothing to do. Keeps the figures
 * before for undo. */
int doc_begin_recheck(doc *d, doc_edit *e, urec *u, eng_change *chg, char **err)
{
    (void)chg;
    const char *path = e->path;
    const draft_recheck *cur = path ? draft_recheck_get(d->draft, path) : NULL;
    if (!e->rc) {
        if (!cur)
            return 1;
    } else {
        inode *n = path ? engine_find(d->eng, path) : NULL;
        if (!n || inode_kind(n) != N_FIELD) {
            fio_set_err(err, fio_strdupf("%s: %s is not a score field of this draft (a "
                                         "storage path like indicators.r2.score)", d->path,
                                         path ? path : ""));
            return -1;
        }
        dec_t self, max;
        if (!num_at(d, path, &self))
            self = dec_zero();
        bool has_max = weight_of(d, path, &max);
        char *why = NULL;
        draft_recheck *to = &e->rc_buf;
        if (recheck_check(path, to->score, to->reason, &self, has_max ? &max : NULL, &why) != 0) {
            fio_set_err(err, prefixed(d, why));
            return -1;
        }
        to->path = (char *)path;
        if (to->actual && !*to->actual)
            to->actual = NULL;
        if (to->reason && !*to->reason)
            to->reason = NULL;
        to->by = (char *)doc_who(d);
        to->at = (char *)doc_edit_own(e, doc_now_iso());
        e->rc = to;
        if (!to->at) {
            fio_set_err(err, fio_strdupf("%s: out of memory", d->path));
            return -1;
        }
    }
    if (cur && !(u->rc_before = doc_recheck_copy(cur))) {
        fio_set_err(err, fio_strdupf("%s: out of memory", d->path));
        return -1;
    }
    return 0;
}

/* Which transition in which mode, the file unchanged on disk, the review table's rules. */
int doc_begin_status(doc *d, doc_edit *e, urec *u, eng_change *chg, char **err)
{
    (void)u;
    (void)chg;
    review_action a = (review_action)e->a;
    if (e->a >= 4) {
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
    if (review_check(d->draft, a, e->text, &why) != 0) {
        fio_set_err(err, prefixed(d, why));
        return -1;
    }
    /* what a submission may not have, an approval may not pass (the inbox's bulk approve,
     * `selfeval approve` and the editor's key all come here) */
    size_t nerr = a == REVIEW_APPROVE ? engine_count(d->eng, SEV_ERROR) : 0;
    if (nerr) {
        fio_set_err(err, fio_strdupf("%s: cannot approve: the draft has %zu error(s); return it "
                                     "to the clerk to fix them ('selfeval check %s' lists them)",
                                     d->path, nerr, d->path));
        return -1;
    }
    /* an approval closes the matter: no query may still wait for an answer or a close */
    size_t nq = a == REVIEW_APPROVE ? query_count(d->draft, "open") +
                                          query_count(d->draft, "answered") : 0;
    if (nq) {
        const char *first = "";
        for (size_t i = 0; i < d->draft->n_queries && !*first; i++)
            if (d->draft->queries[i].state && strcmp(d->draft->queries[i].state, "closed") != 0)
                first = d->draft->queries[i].id ? d->draft->queries[i].id : "";
        fio_set_err(err, fio_strdupf("%s: cannot approve: %zu quer%s not closed (%s%s); close "
                                     "%s, or return the draft",
                                     d->path, nq, nq == 1 ? "y is" : "ies are", first,
                                     nq > 1 ? ", …" : "", nq == 1 ? "it" : "them"));
        return -1;
    }
    e->at = doc_edit_own(e, doc_now_iso());
    e->by = doc_who(d);
    if (!e->at) {
        fio_set_err(err, fio_strdupf("%s: out of memory", d->path));
        return -1;
    }
    return 0;
}

/* ---- public ---- */

int doc_query_open(doc *d, const char *path, const char *text, char **id, char **err)
{
    if (id)
        *id = NULL;
    doc_edit e = {.op = U_QUERY, .a = QA_OPEN, .path = path, .text = text};
    int rc = doc_run(d, &e, NULL, err);
    if (rc == 0 && id && !(*id = strdup(e.id))) {
        fio_set_err(err, fio_strdupf("%s: out of memory", d->path));
        rc = -1;
    }
    doc_edit_clear(&e);
    return rc;
}

int doc_query_act(doc *d, const char *id, query_action a, const char *text, char **err)
{
    if (a == QA_OPEN) {
        if (doc_op_allowed(d, U_QUERY, err) != 0)
            return -1;
        fio_set_err(err, prefixed(d, strdup("use doc_query_open to open a query")));
        return -1;
    }
    doc_edit e = {.op = U_QUERY, .a = (size_t)a, .id = id, .text = text};
    int rc = doc_run(d, &e, NULL, err);
    doc_edit_clear(&e);
    return rc;
}

int doc_recheck_set(doc *d, const char *path, const char *actual, const char *score,
                    const char *reason, char **err)
{
    doc_edit e = {.op = U_RECHECK, .path = path};
    e.rc_buf = (draft_recheck){.score = (char *)score, .actual = (char *)actual,
                               .reason = (char *)reason};
    e.rc = &e.rc_buf;
    int rc = doc_run(d, &e, NULL, err);
    doc_edit_clear(&e);
    return rc;
}

int doc_recheck_clear(doc *d, const char *path, char **err)
{
    doc_edit e = {.op = U_RECHECK, .path = path};
    int rc = doc_run(d, &e, NULL, err);
    doc_edit_clear(&e);
    return rc;
}

char *doc_disk_change(doc *d)
{
    char now[SHA256_HEX_LEN + 1];
    bool exists = draft_file_hash(d->path, now);
    if (exists ? strcmp(now, d->file_hash) == 0 : d->file_hash[0] == '\0')
        return NULL;
    if (!exists)
        return strdup(smsg(SM_HOW_REMOVED));
    /* Say what the file tells, and no more: a save by selfeval writes meta.modified (the file
     * records no saver: the last history entry is whoever last submitted, returned or
     * approved, not who changed it); another program (a hand edit, a copy over it) leaves
     * the save time that was opened. */
    char *how = NULL;
    draft *disk = draft_file_read(d->path, NULL);
    if (disk) {
        const char *was = d->draft->modified;
        if (disk->modified && (!was || strcmp(disk->modified, was) != 0))
            how = smsgf(SM_HOW_SAVED_AGAIN, disk->modified);
        else
            how = strdup(smsg(SM_HOW_OTHER_PROGRAM));
        draft_free(disk);
    }
    return how ? how : strdup(smsg(SM_HOW_UNREADABLE));
}

int doc_check_unchanged(doc *d, char **err)
{
    if (d->mode != DOC_REVIEW)
        return 0;
    char *how = doc_disk_change(d);
    if (!how)
        return 0;
    fio_set_err(err, smsgf(SM_DOC_CHANGED, d->path, how));
    free(how);
    return -1;
}

int doc_transition(doc *d, review_action a, const char *reason, char **err)
{
    doc_edit e = {.op = U_STATUS, .a = (size_t)a, .text = reason};
    int rc = doc_run(d, &e, NULL, err);
    doc_edit_clear(&e);
    return rc;
}
