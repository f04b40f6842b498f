/* The value edits of the table (doc_ops.c): set, override reason and the row edits — their
 * replay from a journal record and their undo / redo. Applying and journaling them is the
 * primitives' (doc_journal.c). */
#include "doc_internal.h"

#include "store/fileio.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- replay ---- */

static bool digits_to_size(const cJSON *n, size_t *out)
{
    if (!cJSON_IsNumber(n) || !n->valuestring)
        return false;
    const char *s = n->valuestring;
    size_t v = 0;
    if (!*s)
        return false;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > (SIZE_MAX - 9) / 10)
            return false;
        v = v * 10 + (size_t)(*s - '0');
    }
    *out = v;
    return true;
}

static const char *str_of(const cJSON *rec, const char *key)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(rec, key);
    return cJSON_IsString(x) ? x->valuestring : NULL;
}

static inode *node_of(doc *d, const cJSON *rec, const char *key)
{
    const char *p = str_of(rec, key);
    return p ? engine_find(d->eng, p) : NULL;
}

/* A new row's id as the draft loader wants it (core/draft.c): a string, not empty, no '.',
 * not already a row of the table. NULL when fine, else the reason (malloc'd). */
static char *bad_row_id(const cJSON *idj, inode *table)
{
    if (!idj)
        return NULL;                 /* none given: a fresh one is made */
    if (!cJSON_IsString(idj))
        return strdup("the row id is not a string");
    const char *id = idj->valuestring;
    if (!*id || strchr(id, '.'))
        return fio_strdupf("the row id \"%s\" is not one a draft may have (not empty, no '.')",
                           id);
    for (size_t i = 0; i < inode_nkids(table); i++) {
        const char *other = inode_row_id(inode_kid(table, i));
        if (other && strcmp(other, id) == 0)
            return fio_strdupf("the row id \"%s\" is already a row of the table", id);
    }
    return NULL;
}

static int done(int r, char *err)
{
    free(err);
    return r == 0 ? 0 : -1;
}

int doc_replay_set(doc *d, const cJSON *rec, char **invalid)
{
    (void)invalid;
    inode *n = node_of(d, rec, "path");
    const char *text = str_of(rec, "text");
    char *err = NULL;
    if (!n || inode_kind(n) != N_FIELD || !text)
        return -1;
    return done(doc_p_set(d, n, text, NULL, &err), err);
}

int doc_replay_reason(doc *d, const cJSON *rec, char **invalid)
{
    (void)invalid;
    inode *n = node_of(d, rec, "path");
    const char *text = str_of(rec, "text");
    char *err = NULL;
    if (!n || inode_kind(n) != N_FIELD || !text)
        return -1;
    return done(doc_p_reason(d, n, text, str_of(rec, "by"), str_of(rec, "at"), NULL, &err),
                err);
}

int doc_replay_row(doc *d, const cJSON *rec, char **invalid)
{
    const char *o = str_of(rec, "op");
    inode *n = node_of(d, rec, "table");
    if (!o || !doc_is_container(n))
        return -1;
    const cJSON *idj = cJSON_GetObjectItemCaseSensitive(rec, "id");
    size_t at = 0, from = 0, to = 0, nk = inode_nkids(n);
    bool has_at = digits_to_size(cJSON_GetObjectItemCaseSensitive(rec, "at"), &at);
    bool has_ft = digits_to_size(cJSON_GetObjectItemCaseSensitive(rec, "from"), &from) &&
                  digits_to_size(cJSON_GetObjectItemCaseSensitive(rec, "to"), &to);
    if (!strcmp(o, "row_add") || !strcmp(o, "row_dup")) {
        char *why = bad_row_id(idj, n);
        if (why) {
            *invalid = why;
            return 1;
        }
    }
    char *err = NULL;
    int r = -1;
    if (!strcmp(o, "row_add") && has_at && at <= nk)
        r = doc_p_row_add(d, n, at, cJSON_IsString(idj) ? idj->valuestring : NULL, NULL, NULL,
                          &err);
    else if (!strcmp(o, "row_del") && has_at && at < nk)
        r = doc_p_row_del(d, n, at, NULL, &err);
    else if (!strcmp(o, "row_move") && has_ft && from < nk && to < nk)
        r = doc_p_row_move(d, n, from, to, NULL, &err);
    else if (!strcmp(o, "row_dup") && has_at && at < nk)
        r = doc_p_row_dup(d, n, at, NULL, NULL, &err);
    return done(r, err);
}

/* ---- undo / redo ---- */

static long row_index_by_id(const inode *table, const char *id)
{
    for (size_t i = 0; i < inode_nkids(table); i++) {
        const char *rid = inode_row_id(inode_kid(table, i));
        if (rid && strcmp(rid, id) == 0)
            return (long)i;
    }
    return -1;
}

static int find_kind(doc *d, const urec *r, bool want_field, inode **out, char **err)
{
    inode *n = engine_find(d->eng, r->path);
    if (!n || (want_field ? inode_kind(n) != N_FIELD : !doc_is_container(n))) {
        fio_set_err(err, fio_strdupf("cannot undo or redo: %s is no longer in the form", r->path));
        return -1;
    }
    *out = n;
    return 0;
}

int doc_step_value(doc *d, urec *r, bool backwards, inode **cursor, eng_change *chg,
                   char **err)
{
    inode *n = NULL;
    bool field = r->op == U_SET || r->op == U_REASON;
    if (find_kind(d, r, field, &n, err) != 0)
        return -1;
    *cursor = n;
    long i;
    switch (r->op) {
    case U_SET:
        return doc_p_set(d, n, backwards ? r->before : r->after, chg, err);
    case U_REASON:
        if (backwards)
            return doc_p_reason(d, n, r->before, r->before_by, r->before_at, chg, err);
        return doc_p_reason(d, n, r->after, r->after_by, r->after_at, chg, err);
    case U_ROW_ADD:
    case U_ROW_DUP:
        if (!backwards) {
            inode *made = NULL;
            int rc = r->op == U_ROW_ADD
                         ? doc_p_row_add(d, n, r->a <= inode_nkids(n) ? r->a : inode_nkids(n),
                                         r->row_id, &made, chg, err)
                         : doc_p_row_dup(d, n, r->a, &made, chg, err);
            if (rc != 0)
                return -1;
            *cursor = made;
            /* undoing this again deletes the row by the id it has now */
            const char *id = inode_row_id(made);
            if (id && (!r->row_id || strcmp(id, r->row_id) != 0)) {
                char *nid = strdup(id);
                if (nid) {
                    free(r->row_id);
                    r->row_id = nid;
                }
            }
            return 0;
        }
        i = r->row_id ? row_index_by_id(n, r->row_id) : -1;
        if (i < 0) {
            fio_set_err(err, strdup("cannot undo: the row is no longer there"));
            return -1;
        }
        return doc_p_row_del(d, n, (size_t)i, chg, err);
    case U_ROW_DEL:
        if (!backwards) {
            i = row_index_by_id(n, r->row_id);
            if (i < 0) {
                fio_set_err(err, strdup("cannot redo: the row is no longer there"));
                return -1;
            }
            for (size_t k = 0; k < r->n_ovr; k++) {
                inode *f = engine_find(d->eng, r->ovr[k].path);
                if (f && inode_kind(f) == N_FIELD &&
                    doc_p_reason(d, f, NULL, NULL, NULL, chg, err) != 0)
                    return -1;
            }
            return doc_p_row_del(d, n, (size_t)i, chg, err);
        }
        if (doc_restore_row(d, n, r->a <= inode_nkids(n) ? r->a : inode_nkids(n), r->row, cursor,
                            chg, err) != 0)
            return -1;
        for (size_t k = 0; k < r->n_ovr; k++) {
            inode *f = engine_find(d->eng, r->ovr[k].path);
            if (f && inode_kind(f) == N_FIELD &&
                doc_p_reason(d, f, r->ovr[k].reason, r->ovr[k].by, r->ovr[k].at, chg, err) != 0)
                return -1;
        }
        return 0;
    case U_ROW_MOVE: {
        size_t from = backwards ? r->b : r->a, to = backwards ? r->a : r->b;
        if (from >= inode_nkids(n) || to >= inode_nkids(n)) {
            fio_set_err(err, strdup("cannot undo or redo: the table has changed"));
            return -1;
        }
        if (doc_p_row_move(d, n, from, to, chg, err) != 0)
            return -1;
        *cursor = inode_kid(n, to);
        return 0;
    }
    default:
        return -1;
    }
}
