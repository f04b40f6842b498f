/* A reviewer's comments as edits of the document (doc_ops.c's table): the primitives that
 * apply and journal them, their replay and undo, and the public functions (store/doc.h). */
#include "doc_internal.h"

#include "store/fileio.h"

#include <stdlib.h>
#include <string.h>

static const char *str_of(const cJSON *rec, const char *key)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(rec, key);
    return cJSON_IsString(x) ? x->valuestring : NULL;
}

/* Appends {"op": op, "id": id, …} with the given string members (NULL values left out). */
static void jcomment(doc *d, const char *op, const char *id, const char *k1, const char *v1,
                    const char *k2, const char *v2, const char *k3, const char *v3,
                    const char *k4, const char *v4)
{
    jrec r;
    if (!doc_jrec_begin(&r)) {
        if (d->jr && !d->journal_error)
            d->journal_error = strdup("out of memory: a change could not be journaled");
        return;
    }
    doc_jrec_str(&r, "op", op);
    doc_jrec_str(&r, "id", id);
    const char *k[] = {k1, k2, k3, k4}, *v[] = {v1, v2, v3, v4};
    for (int i = 0; i < 4; i++)
        if (k[i] && v[i])
            doc_jrec_str(&r, k[i], v[i]);
    doc_jrec_end(d, &r);
}

static int p_add(doc *d, const char *id, const char *path, const char *by, const char *at,
                 const char *text, char **err)
{
    if (draft_comment_add(d->draft, id, path, by, at, text) != 0) {
        fio_set_err(err, fio_strdupf("%s: cannot add comment %s", d->path, id));
        return -1;
    }
    d->dirty = true;
    jcomment(d, "comment", id, "path", path ? path : "", "by", by, "at", at, "text", text);
    return 0;
}

static int p_del(doc *d, const char *id, char **err)
{
    if (draft_comment_remove(d->draft, id) != 0) {
        fio_set_err(err, fio_strdupf("cannot undo: comment %s is no longer there", id));
        return -1;
    }
    d->dirty = true;
    jcomment(d, "comment_del", id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
    return 0;
}

static int p_resolve(doc *d, const char *id, bool resolved, char **err)
{
    if (draft_comment_resolve(d->draft, id, resolved) != 0) {
        fio_set_err(err, fio_strdupf("%s: there is no comment %s", d->path, id));
        return -1;
    }
    d->dirty = true;
    jcomment(d, "comment_resolve", id, "resolved", resolved ? "true" : "false", NULL, NULL,
            NULL, NULL, NULL, NULL);
    return 0;
}

int doc_replay_comment(doc *d, const cJSON *rec, char **invalid)
{
    (void)invalid;
    const char *op = str_of(rec, "op"), *id = str_of(rec, "id");
    char *err = NULL;
    int r = -1;
    if (!op || !id || !*id)
        return -1;
    if (strcmp(op, "comment") == 0 && str_of(rec, "text"))
        r = p_add(d, id, str_of(rec, "path"), str_of(rec, "by"), str_of(rec, "at"),
                  str_of(rec, "text"), &err);
    else if (strcmp(op, "comment_del") == 0)
        r = p_del(d, id, &err);
    else if (strcmp(op, "comment_resolve") == 0 && str_of(rec, "resolved"))
        r = p_resolve(d, id, strcmp(str_of(rec, "resolved"), "true") == 0, &err);
    free(err);
    return r == 0 ? 0 : -1;
}

int doc_step_comment(doc *d, urec *r, bool backwards, inode **cursor, eng_change *chg,
                     char **err)
{
    (void)chg;
    *cursor = r->path && *r->path ? engine_find(d->eng, r->path) : NULL;
    if (r->op == U_COMMENT_RESOLVE)
        return p_resolve(d, r->qid, backwards ? !r->a : (bool)r->a, err);
    if (backwards)
        return p_del(d, r->qid, err);
    return p_add(d, r->qid, r->path, r->after_by, r->after_at, r->after, err);
}

int doc_comment_add(doc *d, const char *path, const char *text, char **id, char **err)
{
    if (id)
        *id = NULL;
    if (doc_op_allowed(d, U_COMMENT, err) != 0)
        return -1;
    if (!text || !*text) {
        fio_set_err(err, fio_strdupf("%s: a comment needs text", d->path));
        return -1;
    }
    if (path && *path && !engine_find(d->eng, path)) {
        fio_set_err(err, fio_strdupf("%s: %s is not a field of this draft", d->path, path));
        return -1;
    }
    urec r = {.op = U_COMMENT};
    r.qid = draft_comment_new_id(d->draft);
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
    if (p_add(d, r.qid, r.path, r.after_by, r.after_at, r.after, err) != 0) {
        doc_urec_free(&r);
        if (id) {
            free(*id);
            *id = NULL;
        }
        return -1;
    }
    doc_edit_done(d, &r);
    return 0;
}

int doc_comment_resolve(doc *d, const char *id, bool resolved, char **err)
{
    if (doc_op_allowed(d, U_COMMENT_RESOLVE, err) != 0)
        return -1;
    const draft_comment *c = draft_comment_get(d->draft, id);
    if (!c) {
        fio_set_err(err, fio_strdupf("%s: there is no comment %s", d->path, id ? id : ""));
        return -1;
    }
    if (c->resolved == resolved)
        return 0;
    urec r = {.op = U_COMMENT_RESOLVE, .a = resolved};
    r.qid = strdup(id);
    r.path = strdup(c->path ? c->path : "");
    if (!r.qid || !r.path) {
        doc_urec_free(&r);
        fio_set_err(err, fio_strdupf("%s: out of memory", d->path));
        return -1;
    }
    if (p_resolve(d, id, resolved, err) != 0) {
        doc_urec_free(&r);
        return -1;
    }
    doc_edit_done(d, &r);
    return 0;
}
