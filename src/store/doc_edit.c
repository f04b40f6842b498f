/* Edits, the undo stacks and undo / redo. Every edit goes through the primitives
 * (doc_journal.c) and pushes an undo record; undo and redo are built from the same primitives
 * and are therefore journaled like any edit. Undo records name fields and tables by storage
 * path (row ids, not positions), so they survive the rows around them moving. */
#include "doc_internal.h"

#include "store/fileio.h"

#include <stdlib.h>
#include <string.h>

#define UNDO_LIMIT 5000          /* oldest edits are forgotten beyond this */

static char *xstrdup(const char *s)
{
    return s ? strdup(s) : NULL;
}

const char *doc_who(const doc *d)
{
    if (d->user && *d->user)
        return d->user;
    if (d->mode == DOC_EDIT && d->draft->author && *d->draft->author)
        return d->draft->author;
    const char *u = getenv("USER");
    if (!u || !*u)
        u = getenv("LOGNAME");
    return u && *u ? u : NULL;
}

int doc_set_user(doc *d, const char *name)
{
    char *n = name ? strdup(name) : NULL;
    if (name && !n)
        return -1;
    free(d->user);
    d->user = n;
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

/* ---- undo stacks ---- */

void doc_urec_free(urec *r)
{
    free(r->path);
    free(r->before);
    free(r->after);
    free(r->before_by);
    free(r->before_at);
    free(r->after_by);
    free(r->after_at);
    free(r->row_id);
    cJSON_Delete(r->row);
    for (size_t i = 0; i < r->n_ovr; i++) {
        free(r->ovr[i].path);
        free(r->ovr[i].reason);
        free(r->ovr[i].by);
        free(r->ovr[i].at);
        cJSON_Delete(r->ovr[i].unknown);
    }
    free(r->ovr);
    free(r->qid);
    if (r->rc_before)
        draft_recheck_clear(r->rc_before);
    free(r->rc_before);
    if (r->rc_after)
        draft_recheck_clear(r->rc_after);
    free(r->rc_after);
    memset(r, 0, sizeof *r);
}

static void ustack_clear(ustack *s)
{
    for (size_t i = 0; i < s->n; i++)
        doc_urec_free(&s->v[i]);
    s->n = 0;
}

void doc_ustack_free(ustack *s)
{
    ustack_clear(s);
    free(s->v);
    memset(s, 0, sizeof *s);
}

/* Takes *r. On out of memory the record is dropped (the edit stays; it only cannot be
 * undone), which is better than failing an edit already made. */
static void ustack_push(ustack *s, urec *r)
{
    if (s->n == UNDO_LIMIT) {
        doc_urec_free(&s->v[0]);
        memmove(&s->v[0], &s->v[1], (s->n - 1) * sizeof *s->v);
        s->n--;
    }
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 32;
        urec *v = realloc(s->v, cap * sizeof *v);
        if (!v) {
            doc_urec_free(r);
            return;
        }
        s->v = v;
        s->cap = cap;
    }
    s->v[s->n++] = *r;
    memset(r, 0, sizeof *r);
}

/* ---- edits ---- */

void doc_group_begin(doc *d)
{
    if (d->group == 0)
        d->group = ++d->last_group ? d->last_group : ++d->last_group;
}

void doc_group_end(doc *d)
{
    d->group = 0;
}

void doc_edit_done(doc *d, urec *r)
{
    r->group = d->group;
    ustack_push(&d->undo, r);
    ustack_clear(&d->redo);
}

int doc_set_text(doc *d, inode *field, const char *text, eng_change *chg, char **err)
{
    if (chg)
        memset(chg, 0, sizeof *chg);
    if (doc_op_allowed(d, U_SET, err))
        return -1;
    if (!field || inode_kind(field) != N_FIELD) {
        fio_set_err(err, strdup("only a field holds text"));
        return -1;
    }
    urec r = {.op = U_SET};
    r.before = strdup(inode_text(field));
    r.path = inode_storage_path(field);
    if (!r.before || !r.path) {
        doc_urec_free(&r);
        fio_set_err(err, strdup("out of memory: the value was not changed"));
        return -1;
    }
    if (doc_p_set(d, field, text, chg, err) != 0) {
        doc_urec_free(&r);
        return -1;
    }
    if (strcmp(r.before, inode_text(field)) == 0) {   /* no change: nothing to undo */
        doc_urec_free(&r);
        return 0;
    }
    r.after = strdup(inode_text(field));
    doc_edit_done(d, &r);
    return 0;
}

int doc_set_override_reason(doc *d, inode *field, const char *reason, eng_change *chg,
                            char **err)
{
    if (chg)
        memset(chg, 0, sizeof *chg);
    if (doc_op_allowed(d, U_REASON, err))
        return -1;
    if (!field || inode_kind(field) != N_FIELD) {
        fio_set_err(err, strdup("only a field has an override reason"));
        return -1;
    }
    urec r = {.op = U_REASON};
    r.path = inode_storage_path(field);
    char *at = doc_now_iso();
    const char *by = doc_who(d);
    if (!r.path || !at) {
        free(at);
        doc_urec_free(&r);
        fio_set_err(err, strdup("out of memory: the reason was not saved"));
        return -1;
    }
    const draft_override *o = draft_override_get(d->draft, r.path);
    if (o) {
        r.before = xstrdup(o->reason);
        r.before_by = xstrdup(o->by);
        r.before_at = xstrdup(o->at);
    }
    bool setting = reason && *reason;
    r.after = setting ? strdup(reason) : NULL;
    r.after_by = setting ? xstrdup(by) : NULL;
    r.after_at = setting ? strdup(at) : NULL;
    int rc = doc_p_reason(d, field, reason, by, at, chg, err);
    free(at);
    if (rc != 0) {
        doc_urec_free(&r);
        return -1;
    }
    doc_edit_done(d, &r);
    return 0;
}

int doc_row_add(doc *d, inode *table, size_t at, inode **row, eng_change *chg, char **err)
{
    if (chg)
        memset(chg, 0, sizeof *chg);
    if (doc_op_allowed(d, U_ROW_ADD, err))
        return -1;
    inode *r0 = NULL;
    urec r = {.op = U_ROW_ADD, .a = at};
    if (!(r.path = inode_storage_path(table))) {
        fio_set_err(err, strdup("out of memory while adding a row"));
        return -1;
    }
    if (doc_p_row_add(d, table, at, NULL, &r0, chg, err) != 0) {
        doc_urec_free(&r);
        return -1;
    }
    r.row_id = xstrdup(inode_row_id(r0));
    if (row)
        *row = r0;
    doc_edit_done(d, &r);
    return 0;
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

int doc_row_delete(doc *d, inode *table, size_t idx, eng_change *chg, char **err)
{
    if (chg)
        memset(chg, 0, sizeof *chg);
    if (doc_op_allowed(d, U_ROW_DEL, err))
        return -1;
    if (!doc_is_container(table) || idx >= inode_nkids(table)) {
        fio_set_err(err, strdup("no such row"));
        return -1;
    }
    inode *row = inode_kid(table, idx);
    urec r = {.op = U_ROW_DEL, .a = idx};
    r.path = inode_storage_path(table);
    char *row_path = inode_storage_path(row);
    r.row_id = xstrdup(inode_row_id(row));
    cJSON *rj = row_path ? json_at(d->draft->values, row_path) : NULL;
    r.row = rj ? cJSON_Duplicate(rj, 1) : cJSON_CreateObject();
    if (r.row && !rj && r.row_id)
        cJSON_AddStringToObject(r.row, "_id", r.row_id);
    if (!r.path || !row_path || !r.row_id || !r.row ||
        collect_overrides(d->draft, row_path, &r.ovr, &r.n_ovr) != 0) {
        free(row_path);
        doc_urec_free(&r);
        fio_set_err(err, strdup("out of memory: the row was not deleted"));
        return -1;
    }
    free(row_path);
    /* The row's override reasons go with it: a later row could get the same id and must
     * not inherit them. Undo puts them back. */
    for (size_t i = 0; i < r.n_ovr; i++) {
        inode *f = engine_find(d->eng, r.ovr[i].path);
        if (f && inode_kind(f) == N_FIELD && doc_p_reason(d, f, NULL, NULL, NULL, chg, err) != 0) {
            doc_urec_free(&r);
            return -1;
        }
    }
    if (doc_p_row_del(d, table, idx, chg, err) != 0) {
        doc_urec_free(&r);
        return -1;
    }
    doc_edit_done(d, &r);
    return 0;
}

int doc_row_move(doc *d, inode *table, size_t from, size_t to, eng_change *chg, char **err)
{
    if (chg)
        memset(chg, 0, sizeof *chg);
    if (doc_op_allowed(d, U_ROW_MOVE, err))
        return -1;
    urec r = {.op = U_ROW_MOVE, .a = from, .b = to};
    if (!(r.path = inode_storage_path(table))) {
        fio_set_err(err, strdup("out of memory while moving a row"));
        return -1;
    }
    if (from == to) {
        doc_urec_free(&r);
        return 0;
    }
    if (doc_p_row_move(d, table, from, to, chg, err) != 0) {
        doc_urec_free(&r);
        return -1;
    }
    doc_edit_done(d, &r);
    return 0;
}

int doc_row_duplicate(doc *d, inode *table, size_t idx, inode **row, eng_change *chg,
                      char **err)
{
    if (chg)
        memset(chg, 0, sizeof *chg);
    if (doc_op_allowed(d, U_ROW_DUP, err))
        return -1;
    inode *r0 = NULL;
    urec r = {.op = U_ROW_DUP, .a = idx};
    if (!(r.path = inode_storage_path(table))) {
        fio_set_err(err, strdup("out of memory while copying a row"));
        return -1;
    }
    if (doc_p_row_dup(d, table, idx, &r0, chg, err) != 0) {
        doc_urec_free(&r);
        return -1;
    }
    r.row_id = xstrdup(inode_row_id(r0));
    if (row)
        *row = r0;
    doc_edit_done(d, &r);
    return 0;
}

/* ---- undo / redo ---- */

static int undo_redo(doc *d, bool undo, inode **field, eng_change *chg, char **err)
{
    if (chg)
        memset(chg, 0, sizeof *chg);
    if (field)
        *field = NULL;
    if (doc_op_allowed(d, U__COUNT, err) != 0)
        return -1;
    ustack *from = undo ? &d->undo : &d->redo, *to = undo ? &d->redo : &d->undo;
    if (from->n == 0)
        return 0;
    /* a group's records are taken one by one, last first, until the group ends: they land
     * on the other stack in the reverse order, ready to be replayed the other way */
    unsigned group = from->v[from->n - 1].group;
    inode *cursor = NULL;
    do {
        urec r = from->v[--from->n];
        eng_change one = {0};
        const doc_opdef *def = doc_op(r.op);
        if (doc_op_allowed(d, r.op, err) != 0) {
            from->n++;          /* not allowed in this mode: left where it was */
            return -1;
        }
        if (!def || !def->step || def->step(d, &r, undo, &cursor, &one, err) != 0) {
            /* a record that cannot be replayed is dropped, not retried forever */
            doc_urec_free(&r);
            return -1;
        }
        if (chg) {
            chg->values_changed += one.values_changed;
            chg->findings_changed += one.findings_changed;
            chg->structure = chg->structure || one.structure;
        }
        ustack_push(to, &r);
    } while (group != 0 && from->n > 0 && from->v[from->n - 1].group == group);
    if (field)
        *field = cursor;
    return 1;
}

int doc_undo(doc *d, inode **field, eng_change *chg, char **err)
{
    return undo_redo(d, true, field, chg, err);
}

int doc_redo(doc *d, inode **field, eng_change *chg, char **err)
{
    return undo_redo(d, false, field, chg, err);
}
