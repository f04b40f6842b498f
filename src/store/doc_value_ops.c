/* The value edits of the table (doc_ops.c): set, override reason and the row edits — for
 * each, its decoding from a journal record, its application through the engine, its record's
 * members, its public begin (checks, and what undo needs of the state before) and its undo /
 * redo. All of them go through doc_do, so each is journaled the one way. */
#include "doc_internal.h"

#include "store/fileio.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void chg_merge(eng_change *into, const eng_change *c)
{
    if (!into)
        return;
    into->values_changed += c->values_changed;
    into->findings_changed += c->findings_changed;
    into->structure = into->structure || c->structure;
}

static char *xstrdup(const char *s)
{
    return s ? strdup(s) : NULL;
}

/* ---- decoding a record ---- */

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

/* set and reason: {"path": field, "text": …} */
static int decode_field(doc *d, const cJSON *rec, doc_edit *e)
{
    e->path = str_of(rec, "path");
    e->text = str_of(rec, "text");
    e->node = e->path ? engine_find(d->eng, e->path) : NULL;
    return e->node && inode_kind(e->node) == N_FIELD && e->text ? 0 : -1;
}

int doc_decode_set(doc *d, const cJSON *rec, doc_edit *e, char **invalid)
{
    (void)invalid;
    return decode_field(d, rec, e);
}

int doc_decode_reason(doc *d, const cJSON *rec, doc_edit *e, char **invalid)
{
    (void)invalid;
    e->by = str_of(rec, "by");
    e->at = str_of(rec, "at");
    return decode_field(d, rec, e);
}

/* Positions are those of the moment the record was written; one that does not fit the
 * table now skips the record. */
int doc_decode_row(doc *d, const cJSON *rec, doc_edit *e, char **invalid)
{
    e->path = str_of(rec, "table");
    e->node = e->path ? engine_find(d->eng, e->path) : NULL;
    if (!doc_is_container(e->node))
        return -1;
    const cJSON *idj = cJSON_GetObjectItemCaseSensitive(rec, "id");
    size_t nk = inode_nkids(e->node);
    bool has_at = digits_to_size(cJSON_GetObjectItemCaseSensitive(rec, "at"), &e->a);
    if (e->op == U_ROW_ADD || e->op == U_ROW_DUP) {
        char *why = bad_row_id(idj, e->node);
        if (why) {
            *invalid = why;
            return 1;
        }
    }
    switch (e->op) {
    case U_ROW_ADD:
        e->id = cJSON_IsString(idj) ? idj->valuestring : NULL;
        return has_at && e->a <= nk ? 0 : -1;
    case U_ROW_DEL:
    case U_ROW_DUP:
        return has_at && e->a < nk ? 0 : -1;
    case U_ROW_MOVE:
        return digits_to_size(cJSON_GetObjectItemCaseSensitive(rec, "from"), &e->a) &&
                       digits_to_size(cJSON_GetObjectItemCaseSensitive(rec, "to"), &e->b) &&
                       e->a < nk && e->b < nk
                   ? 0
                   : -1;
    default:
        return -1;
    }
}

/* ---- applying ---- */

int doc_apply_set(doc *d, doc_edit *e, eng_change *chg, char **err)
{
    eng_change c = {0};
    char *before = strdup(inode_text(e->node));
    if (!before) {
        fio_set_err(err, strdup("out of memory: the value was not changed"));
        return -1;
    }
    if (engine_set_text(d->eng, e->node, e->text, &c, err) != 0) {
        free(before);
        return -1;
    }
    chg_merge(chg, &c);
    e->unchanged = strcmp(before, inode_text(e->node)) == 0;
    free(before);
    e->text = inode_text(e->node);       /* journaled as the engine keeps it */
    return 0;
}

int doc_apply_reason(doc *d, doc_edit *e, eng_change *chg, char **err)
{
    eng_change c = {0};
    if (engine_set_override_reason(d->eng, e->node, e->text, e->by, e->at, &c, err) != 0)
        return -1;
    chg_merge(chg, &c);
    return 0;
}

int doc_apply_row(doc *d, doc_edit *e, eng_change *chg, char **err)
{
    eng_change c = {0};
    inode *made = NULL;
    int rc = -1;
    switch (e->op) {
    case U_ROW_ADD:
        rc = engine_row_add(d->eng, e->node, e->a, e->id, &made, &c, err);
        break;
    case U_ROW_DEL:
        rc = engine_row_delete(d->eng, e->node, e->a, &c, err);
        break;
    case U_ROW_MOVE:
        rc = engine_row_move(d->eng, e->node, e->a, e->b, &c, err);
        break;
    case U_ROW_DUP:
        rc = engine_row_duplicate(d->eng, e->node, e->a, &made, &c, err);
        break;
    default:
        break;
    }
    if (rc != 0)
        return -1;
    chg_merge(chg, &c);
    e->made = made;
    if (made)
        e->id = inode_row_id(made);
    return 0;
}

/* ---- the record's members ---- */

void doc_encode_set(const doc_edit *e, jrec *r)
{
    doc_jrec_str(r, "path", e->path);
    doc_jrec_str(r, "text", e->text);
}

void doc_encode_reason(const doc_edit *e, jrec *r)
{
    bool setting = e->text && *e->text;
    doc_jrec_str(r, "path", e->path);
    doc_jrec_str(r, "text", e->text ? e->text : "");
    if (setting && e->by)
        doc_jrec_str(r, "by", e->by);
    if (setting && e->at)
        doc_jrec_str(r, "at", e->at);
}

void doc_encode_row(const doc_edit *e, jrec *r)
{
    doc_jrec_str(r, "table", e->path);
    if (e->op == U_ROW_MOVE) {
        doc_jrec_num(r, "from", e->a);
        doc_jrec_num(r, "to", e->b);
    } else {
        doc_jrec_num(r, "at", e->a);
    }
    if ((e->op == U_ROW_ADD || e->op == U_ROW_DUP) && e->id)
        doc_jrec_str(r, "id", e->id);
}

/* ---- the public edits' begin (doc_run) ---- */

int doc_begin_set(doc *d, doc_edit *e, urec *u, eng_change *chg, char **err)
{
    (void)d;
    (void)chg;
    if (!e->node || inode_kind(e->node) != N_FIELD) {
        fio_set_err(err, strdup("only a field holds text"));
        return -1;
    }
    u->before = strdup(inode_text(e->node));
    if (!u->before || !doc_edit_path(e)) {
        fio_set_err(err, strdup("out of memory: the value was not changed"));
        return -1;
    }
    return 0;
}

int doc_begin_reason(doc *d, doc_edit *e, urec *u, eng_change *chg, char **err)
{
    (void)chg;
    if (!e->node || inode_kind(e->node) != N_FIELD) {
        fio_set_err(err, strdup("only a field has an override reason"));
        return -1;
    }
    e->at = doc_edit_own(e, doc_now_iso());
    e->by = doc_who(d);
    if (!doc_edit_path(e) || !e->at) {
        fio_set_err(err, strdup("out of memory: the reason was not saved"));
        return -1;
    }
    const draft_override *o = draft_override_get(d->draft, e->path);
    if (o) {
        u->before = xstrdup(o->reason);
        u->before_by = xstrdup(o->by);
        u->before_at = xstrdup(o->at);
    }
    return 0;
}

/* The JSON of a storage path inside the draft's values: objects by key, arrays by "_id". */
static cJSON *json_at(cJSON *values, const char *path)
{
    cJSON *cur = values;
    const char *p = path;
    while (cur && *p) {
        size_t len = strcspn(p, ".");
        char *seg = strndup(p, len);
        if (!seg)
            return NULL;
        if (cJSON_IsObject(cur)) {
            cur = cJSON_GetObjectItemCaseSensitive(cur, seg);
        } else if (cJSON_IsArray(cur)) {
            cJSON *r = cur->child;
            for (; r; r = r->next) {
                cJSON *id = cJSON_GetObjectItemCaseSensitive(r, "_id");
                if (cJSON_IsString(id) && strcmp(id->valuestring, seg) == 0)
                    break;
            }
            cur = r;
        } else {
            cur = NULL;
        }
        free(seg);
        p += len;
        if (*p == '.')
            p++;
    }
    return cur;
}

/* The overrides inside a row (by storage path prefix), copied. */
static int collect_overrides(const draft *dr, const char *row_path, draft_override **out,
                             size_t *n)
{
    size_t pl = strlen(row_path);
    *out = NULL;
    *n = 0;
    for (size_t i = 0; i < dr->n_overrides; i++) {
        const draft_override *o = &dr->overrides[i];
        if (strncmp(o->path, row_path, pl) != 0 || o->path[pl] != '.')
            continue;
        draft_override *v = realloc(*out, (*n + 1) * sizeof *v);
        if (!v)
            return -1;
        *out = v;
        v[*n] = (draft_override){strdup(o->path), strdup(o->reason), xstrdup(o->by),
                                 xstrdup(o->at), NULL};
        (*n)++;
        if (!v[*n - 1].path || !v[*n - 1].reason)
            return -1;
    }
    return 0;
}

/* A row delete keeps the row's values and overrides for undo, and first removes the override
 * reasons inside the row (each a `reason` record): a later row could get the same id and
 * must not inherit them. Undo puts them back. */
static int begin_row_del(doc *d, doc_edit *e, urec *u, eng_change *chg, char **err)
{
    if (!doc_is_container(e->node) || e->a >= inode_nkids(e->node)) {
        fio_set_err(err, strdup("no such row"));
        return -1;
    }
    inode *row = inode_kid(e->node, e->a);
    char *row_path = inode_storage_path(row);
    u->row_id = xstrdup(inode_row_id(row));
    cJSON *rj = row_path ? json_at(d->draft->values, row_path) : NULL;
    u->row = rj ? cJSON_Duplicate(rj, 1) : cJSON_CreateObject();
    if (u->row && !rj && u->row_id)
        cJSON_AddStringToObject(u->row, "_id", u->row_id);
    if (!doc_edit_path(e) || !row_path || !u->row_id || !u->row ||
        collect_overrides(d->draft, row_path, &u->ovr, &u->n_ovr) != 0) {
        free(row_path);
        fio_set_err(err, strdup("out of memory: the row was not deleted"));
        return -1;
    }
    free(row_path);
    for (size_t i = 0; i < u->n_ovr; i++) {
        doc_edit re = {.op = U_REASON, .node = engine_find(d->eng, u->ovr[i].path)};
        if (re.node && inode_kind(re.node) == N_FIELD && doc_do(d, &re, chg, err) != 0) {
            doc_edit_clear(&re);
            return -1;
        }
        doc_edit_clear(&re);
    }
    return 0;
}

int doc_begin_row(doc *d, doc_edit *e, urec *u, eng_change *chg, char **err)
{
    if (e->op == U_ROW_DEL)
        return begin_row_del(d, e, u, chg, err);
    if (!doc_edit_path(e)) {
        fio_set_err(err, strdup(e->op == U_ROW_ADD    ? "out of memory while adding a row"
                                : e->op == U_ROW_MOVE ? "out of memory while moving a row"
                                                      : "out of memory while copying a row"));
        return -1;
    }
    return e->op == U_ROW_MOVE && e->a == e->b ? 1 : 0;
}

/* ---- a deleted row put back (undo) ---- */

static int set_text(doc *d, inode *field, const char *text, eng_change *chg, char **err)
{
    doc_edit e = {.op = U_SET, .node = field, .text = text};
    int rc = doc_do(d, &e, chg, err);
    doc_edit_clear(&e);
    return rc;
}

static int set_reason(doc *d, inode *field, const char *reason, const char *by,
                      const char *at, eng_change *chg, char **err)
{
    doc_edit e = {.op = U_REASON, .node = field, .text = reason, .by = by, .at = at};
    int rc = doc_do(d, &e, chg, err);
    doc_edit_clear(&e);
    return rc;
}

/* A row edit; *made (may be NULL) gets the new row of an add or duplicate. */
static int row_edit(doc *d, uop op, inode *table, size_t a, size_t b, const char *id,
                    inode **made, eng_change *chg, char **err)
{
    doc_edit e = {.op = op, .node = table, .a = a, .b = b, .id = id};
    int rc = doc_do(d, &e, chg, err);
    if (made)
        *made = e.made;
    doc_edit_clear(&e);
    return rc;
}

/* Puts the values of `json` (a row or group object as the draft stores it; NULL = empty)
 * into the instance n and everything below it, through doc_do. Keys the form does not know
 * are not restored (the engine has no way in for them). */
static int fill_from_json(doc *d, inode *n, const cJSON *json, eng_change *chg, char **err);

int doc_restore_row(doc *d, inode *table, size_t at, const cJSON *rowjson, inode **out,
                    eng_change *chg, char **err)
{
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(rowjson, "_id");
    inode *row = NULL;
    if (row_edit(d, U_ROW_ADD, table, at, 0, cJSON_IsString(id) ? id->valuestring : NULL, &row,
                 chg, err))
        return -1;
    if (out)
        *out = row;
    return fill_from_json(d, row, rowjson, chg, err);
}

static inode *kid_by_id(inode *n, const char *id)
{
    for (size_t i = 0; i < inode_nkids(n); i++) {
        inode *k = inode_kid(n, i);
        if (strcmp(inode_def(k)->id, id) == 0)
            return k;
    }
    return NULL;
}

static int fill_kid(doc *d, inode *k, const cJSON *sub, eng_change *chg, char **err)
{
    if (inode_kind(k) == N_FIELD) {
        const char *want = cJSON_IsString(sub) ? sub->valuestring : "";
        if (strcmp(inode_text(k), want) != 0 && set_text(d, k, want, chg, err) != 0)
            return -1;
        return 0;
    }
    if (doc_is_container(k)) {
        while (inode_nkids(k) > 0)
            if (row_edit(d, U_ROW_DEL, k, inode_nkids(k) - 1, 0, NULL, NULL, chg, err) != 0)
                return -1;
        size_t at = 0;
        for (const cJSON *r = cJSON_IsArray(sub) ? sub->child : NULL; r; r = r->next)
            if (cJSON_IsObject(r) && doc_restore_row(d, k, at++, r, NULL, chg, err) != 0)
                return -1;
        return 0;
    }
    return fill_from_json(d, k, sub, chg, err);
}

/* The stored keys first, in their stored order, so the restored object has its keys in the
 * old order (except fields the new row got as defaults); then what the object did not have. */
static int fill_from_json(doc *d, inode *n, const cJSON *json, eng_change *chg, char **err)
{
    for (const cJSON *m = cJSON_IsObject(json) ? json->child : NULL; m; m = m->next) {
        inode *k = m->string ? kid_by_id(n, m->string) : NULL;
        if (k && fill_kid(d, k, m, chg, err) != 0)
            return -1;
    }
    for (size_t i = 0; i < inode_nkids(n); i++) {
        inode *k = inode_kid(n, i);
        if ((!cJSON_IsObject(json) ||
             !cJSON_GetObjectItemCaseSensitive(json, inode_def(k)->id)) &&
            fill_kid(d, k, NULL, chg, err) != 0)
            return -1;
    }
    return 0;
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
        return set_text(d, n, backwards ? r->before : r->after, chg, err);
    case U_REASON:
        if (backwards)
            return set_reason(d, n, r->before, r->before_by, r->before_at, chg, err);
        return set_reason(d, n, r->after, r->after_by, r->after_at, chg, err);
    case U_ROW_ADD:
    case U_ROW_DUP:
        if (!backwards) {
            inode *made = NULL;
            int rc = r->op == U_ROW_ADD
                         ? row_edit(d, U_ROW_ADD, n,
                                    r->a <= inode_nkids(n) ? r->a : inode_nkids(n), 0,
                                    r->row_id, &made, chg, err)
                         : row_edit(d, U_ROW_DUP, n, r->a, 0, NULL, &made, chg, err);
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
        return row_edit(d, U_ROW_DEL, n, (size_t)i, 0, NULL, NULL, chg, err);
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
                    set_reason(d, f, NULL, NULL, NULL, chg, err) != 0)
                    return -1;
            }
            return row_edit(d, U_ROW_DEL, n, (size_t)i, 0, NULL, NULL, chg, err);
        }
        if (doc_restore_row(d, n, r->a <= inode_nkids(n) ? r->a : inode_nkids(n), r->row, cursor,
                            chg, err) != 0)
            return -1;
        for (size_t k = 0; k < r->n_ovr; k++) {
            inode *f = engine_find(d->eng, r->ovr[k].path);
            if (f && inode_kind(f) == N_FIELD &&
                set_reason(d, f, r->ovr[k].reason, r->ovr[k].by, r->ovr[k].at, chg, err) != 0)
                return -1;
        }
        return 0;
    case U_ROW_MOVE: {
        size_t from = backwards ? r->b : r->a, to = backwards ? r->a : r->b;
        if (from >= inode_nkids(n) || to >= inode_nkids(n)) {
            fio_set_err(err, strdup("cannot undo or redo: the table has changed"));
            return -1;
        }
        if (row_edit(d, U_ROW_MOVE, n, from, to, NULL, NULL, chg, err) != 0)
            return -1;
        *cursor = inode_kid(n, to);
        return 0;
    }
    default:
        return -1;
    }
}
