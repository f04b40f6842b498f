/* A reviewer's comments as edits of the table (doc_ops.c): comment (added), comment_del
 * (taken back: undo) and comment_resolve — their decoding from a journal record,
 * application, record members, public begin and undo / redo; and the public functions
 * (store/doc.h), each one edit through doc_run. */
#include "doc_internal.h"

#include "store/fileio.h"

#include <stdlib.h>
#include <string.h>

static const char *str_of(const cJSON *rec, const char *key)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(rec, key);
    return cJSON_IsString(x) ? x->valuestring : NULL;
}

int doc_decode_comment(doc *d, const cJSON *rec, doc_edit *e, char **invalid)
{
    (void)d;
    (void)invalid;
    e->id = str_of(rec, "id");
    if (!e->id || !*e->id)
        return -1;
    switch (e->op) {
    case U_COMMENT:
        e->path = str_of(rec, "path");
        e->by = str_of(rec, "by");
        e->at = str_of(rec, "at");
        e->text = str_of(rec, "text");
        return e->text ? 0 : -1;
    case U_COMMENT_DEL:
        return 0;
    case U_COMMENT_RESOLVE: {
        const char *v = str_of(rec, "resolved");
        e->a = v && strcmp(v, "true") == 0;
        return v ? 0 : -1;
    }
    default:
        return -1;
    }
}

int doc_apply_comment(doc *d, doc_edit *e, eng_change *chg, char **err)
{
    (void)chg;
    switch (e->op) {
    case U_COMMENT:
        if (draft_comment_add(d->draft, e->id, e->path, e->by, e->at, e->text) == 0)
            return 0;
        fio_set_err(err, fio_strdupf("%s: cannot add comment %s", d->path, e->id));
        return -1;
    case U_COMMENT_DEL:
        if (draft_comment_remove(d->draft, e->id) == 0)
            return 0;
        fio_set_err(err, fio_strdupf("cannot undo: comment %s is no longer there", e->id));
        return -1;
    case U_COMMENT_RESOLVE:
        if (draft_comment_resolve(d->draft, e->id, e->a != 0) == 0)
            return 0;
        fio_set_err(err, fio_strdupf("%s: there is no comment %s", d->path, e->id));
        return -1;
    default:
        return -1;
    }
}

void doc_encode_comment(const doc_edit *e, jrec *r)
{
    doc_jrec_str(r, "id", e->id);
    if (e->op == U_COMMENT) {
        doc_jrec_str(r, "path", e->path ? e->path : "");
        const char *k[] = {"by", "at", "text"}, *v[] = {e->by, e->at, e->text};
        for (int i = 0; i < 3; i++)
            if (v[i])
                doc_jrec_str(r, k[i], v[i]);
    } else if (e->op == U_COMMENT_RESOLVE) {
        doc_jrec_str(r, "resolved", e->a ? "true" : "false");
    }
}

int doc_step_comment(doc *d, urec *r, bool backwards, inode **cursor, eng_change *chg,
                     char **err)
{
    (void)chg;
    *cursor = r->path && *r->path ? engine_find(d->eng, r->path) : NULL;
    doc_edit e = {.op = U_COMMENT, .id = r->qid, .path = r->path, .by = r->after_by,
                  .at = r->after_at, .text = r->after};
    if (r->op == U_COMMENT_RESOLVE)
        e = (doc_edit){.op = U_COMMENT_RESOLVE, .id = r->qid, .a = backwards ? !r->a : r->a};
    else if (backwards)
        e = (doc_edit){.op = U_COMMENT_DEL, .id = r->qid};
    int rc = doc_do(d, &e, NULL, err);
    doc_edit_clear(&e);
    return rc;
}

/* A comment needs text and names a field of the draft (or "": the whole draft); it gets the
 * next id, who and when. */
int doc_begin_comment(doc *d, doc_edit *e, urec *u, eng_change *chg, char **err)
{
    (void)u;
    (void)chg;
    if (!e->text || !*e->text) {
        fio_set_err(err, fio_strdupf("%s: a comment needs text", d->path));
        return -1;
    }
    if (e->path && *e->path && !engine_find(d->eng, e->path)) {
        fio_set_err(err, fio_strdupf("%s: %s is not a field of this draft", d->path, e->path));
        return -1;
    }
    if (!e->path)
        e->path = "";
    e->id = doc_edit_own(e, draft_comment_new_id(d->draft));
    e->at = doc_edit_own(e, doc_now_iso());
    e->by = doc_who(d);
    if (!e->id || !e->at) {
        fio_set_err(err, fio_strdupf("%s: out of memory", d->path));
        return -1;
    }
    return 0;
}

/* Resolving what is resolved (or the reverse) is nothing to do. */
int doc_begin_comment_resolve(doc *d, doc_edit *e, urec *u, eng_change *chg, char **err)
{
    (void)u;
    (void)chg;
    const draft_comment *c = draft_comment_get(d->draft, e->id);
    if (!c) {
        fio_set_err(err, fio_strdupf("%s: there is no comment %s", d->path, e->id ? e->id : ""));
        return -1;
    }
    if (c->resolved == (e->a != 0))
        return 1;
    e->path = c->path ? c->path : "";
    return 0;
}

int doc_comment_add(doc *d, const char *path, const char *text, char **id, char **err)
{
    if (id)
        *id = NULL;
    doc_edit e = {.op = U_COMMENT, .path = path, .text = text};
    int rc = doc_run(d, &e, NULL, err);
    if (rc == 0 && id && !(*id = strdup(e.id))) {
        fio_set_err(err, fio_strdupf("%s: out of memory", d->path));
        rc = -1;
    }
    doc_edit_clear(&e);
    return rc;
}

int doc_comment_resolve(doc *d, const char *id, bool resolved, char **err)
{
    doc_edit e = {.op = U_COMMENT_RESOLVE, .id = id, .a = resolved};
    int rc = doc_run(d, &e, NULL, err);
    doc_edit_clear(&e);
    return rc;
}
