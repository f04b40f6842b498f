/* The journal of an open document and the six primitives that write it (docs/journal.md).
 * A primitive applies one edit through the engine and appends one record; nothing else
 * writes the journal, so replaying the records through the same primitives rebuilds
 * exactly what the clerk saw. */
#include "doc_internal.h"

#include "core/json_strict.h"
#include "store/fileio.h"
#include "store/journal.h"

#include <stdint.h>
#include <stdio.h>
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

/* ---- the journal ---- */

/* Appends one record. A failed write does not undo the edit (it is on the screen and in
 * memory); it is remembered and reported by doc_tick, so the clerk knows to save. */
static void jappend(doc *d, const char *payload, size_t len)
{
    if (!d->jr)
        return;
    char *e = NULL;
    if (journal_append(d->jr, payload, len, &e) != 0 && !d->journal_error)
        d->journal_error = e ? e : strdup("the journal cannot be written: save your work");
    else
        free(e);
}

/* Builds a one-line JSON record: jrec_begin, fields, jrec_end (doc_internal.h). */
bool doc_jrec_begin(jrec *r)
{
    r->buf = NULL;
    r->len = 0;
    r->first = true;
    r->f = open_memstream(&r->buf, &r->len);
    if (!r->f)
        return false;
    fputc('{', r->f);
    return true;
}

void doc_jrec_str(jrec *r, const char *key, const char *val)
{
    char *q = json_quote(val, NULL);
    if (!q) {
        fputc('\0', r->f);      /* poisons the record: jrec_end checks */
        return;
    }
    fprintf(r->f, "%s\"%s\":%s", r->first ? "" : ",", key, q);
    r->first = false;
    free(q);
}

void doc_jrec_num(jrec *r, const char *key, unsigned long long v)
{
    fprintf(r->f, "%s\"%s\":%llu", r->first ? "" : ",", key, v);
    r->first = false;
}

void doc_jrec_end(doc *d, jrec *r)
{
    fputc('}', r->f);
    bool bad = ferror(r->f) != 0;
    if (fclose(r->f) != 0)
        bad = true;
    if (bad || !r->buf || memchr(r->buf, '\0', r->len)) {
        if (d->jr && !d->journal_error)
            d->journal_error = strdup("out of memory: a change could not be journaled; save "
                                      "your work");
    } else {
        jappend(d, r->buf, r->len);
    }
    free(r->buf);
}

int doc_journal_start(doc *d, char **err)
{
    return doc_journal_start_ex(d, true, err);
}

int doc_journal_start_ex(doc *d, bool publish, char **err)
{
    journal *j = NULL;
    if ((publish ? journal_open(d->path, &j, err) : journal_open_unpublished(d->path, &j, err)) != 0)
        return -1;
    d->jr = j;
    jrec r;
    if (!doc_jrec_begin(&r)) {
        fio_set_err(err, fio_strdupf("cannot start the journal for %s: out of memory", d->path));
        journal_close(j, true, NULL);
        d->jr = NULL;
        return -1;
    }
    doc_jrec_str(&r, "j", JOURNAL_FORMAT);
    doc_jrec_str(&r, "draft", d->path);
    /* the form, so a journal of a draft never saved (no file to read it from) can be
     * recovered: doc_open finds the form here */
    doc_jrec_str(&r, "form", d->form->id);
    doc_jrec_str(&r, "form_version", d->form->version ? d->form->version : "");
    /* the draft's bytes this journal starts from: recovery judges by content, so a touched
     * or copied file still gets its changes offered (docs/journal.md) */
    doc_jrec_str(&r, "draft_sha256", d->file_hash);
    doc_jrec_end(d, &r);
    /* the header alone is synced at once, so an idle editor has nothing left to sync */
    if (!d->journal_error) {
        char *se = NULL;
        if (journal_sync(j, &se) != 0)
            d->journal_error = se ? se : strdup("cannot sync the journal");
        else
            free(se);
    }
    if (d->journal_error) {
        fio_set_err(err, d->journal_error);
        d->journal_error = NULL;
        journal_close(j, true, NULL);
        d->jr = NULL;
        return -1;
    }
    return 0;
}

void doc_journal_mark_saved(doc *d, const char *hash)
{
    jrec r;
    if (!d->jr || !doc_jrec_begin(&r))
        return;
    doc_jrec_str(&r, "saved", hash);
    doc_jrec_end(d, &r);
    /* on disk before the new draft is: a power cut must not leave the draft without it */
    char *se = NULL;
    if (journal_sync(d->jr, &se) != 0 && !d->journal_error)
        d->journal_error = se;
    else
        free(se);
}

/* ---- the six primitives: engine + journal ---- */

int doc_p_set(doc *d, inode *field, const char *text, eng_change *chg, char **err)
{
    eng_change c = {0};
    char *before = strdup(inode_text(field));
    if (!before) {
        fio_set_err(err, strdup("out of memory: the value was not changed"));
        return -1;
    }
    if (engine_set_text(d->eng, field, text, &c, err) != 0) {
        free(before);
        return -1;
    }
    chg_merge(chg, &c);
    /* the same text again (after the engine's clean-up) is no change: no journal record, so
     * walking through fields does not make a draft look edited */
    bool same = strcmp(before, inode_text(field)) == 0;
    free(before);
    if (same)
        return 0;
    d->dirty = true;
    char *path = inode_storage_path(field);
    jrec r;
    if (path && doc_jrec_begin(&r)) {
        doc_jrec_str(&r, "op", "set");
        doc_jrec_str(&r, "path", path);
        doc_jrec_str(&r, "text", inode_text(field));
        doc_jrec_end(d, &r);
    } else if (d->jr && !d->journal_error) {
        d->journal_error = strdup("out of memory: a change could not be journaled");
    }
    free(path);
    return 0;
}

int doc_p_reason(doc *d, inode *field, const char *reason, const char *by, const char *at,
                    eng_change *chg, char **err)
{
    eng_change c = {0};
    if (engine_set_override_reason(d->eng, field, reason, by, at, &c, err) != 0)
        return -1;
    chg_merge(chg, &c);
    d->dirty = true;
    char *path = inode_storage_path(field);
    jrec r;
    if (path && doc_jrec_begin(&r)) {
        doc_jrec_str(&r, "op", "reason");
        doc_jrec_str(&r, "path", path);
        doc_jrec_str(&r, "text", reason ? reason : "");
        if (reason && *reason && by)
            doc_jrec_str(&r, "by", by);
        if (reason && *reason && at)
            doc_jrec_str(&r, "at", at);
        doc_jrec_end(d, &r);
    } else if (d->jr && !d->journal_error) {
        d->journal_error = strdup("out of memory: a change could not be journaled");
    }
    free(path);
    return 0;
}

static void jrow(doc *d, const char *op, inode *table, const char *k1, size_t v1,
                 const char *k2, size_t v2, const char *id)
{
    char *path = inode_storage_path(table);
    jrec r;
    if (path && doc_jrec_begin(&r)) {
        doc_jrec_str(&r, "op", op);
        doc_jrec_str(&r, "table", path);
        doc_jrec_num(&r, k1, v1);
        if (k2)
            doc_jrec_num(&r, k2, v2);
        if (id)
            doc_jrec_str(&r, "id", id);
        doc_jrec_end(d, &r);
    } else if (d->jr && !d->journal_error) {
        d->journal_error = strdup("out of memory: a change could not be journaled");
    }
    free(path);
}

int doc_p_row_add(doc *d, inode *table, size_t at, const char *id, inode **row,
                     eng_change *chg, char **err)
{
    eng_change c = {0};
    inode *r = NULL;
    if (engine_row_add(d->eng, table, at, id, &r, &c, err) != 0)
        return -1;
    chg_merge(chg, &c);
    d->dirty = true;
    jrow(d, "row_add", table, "at", at, NULL, 0, inode_row_id(r));
    if (row)
        *row = r;
    return 0;
}

int doc_p_row_del(doc *d, inode *table, size_t idx, eng_change *chg, char **err)
{
    eng_change c = {0};
    if (engine_row_delete(d->eng, table, idx, &c, err) != 0)
        return -1;
    chg_merge(chg, &c);
    d->dirty = true;
    jrow(d, "row_del", table, "at", idx, NULL, 0, NULL);
    return 0;
}

int doc_p_row_move(doc *d, inode *table, size_t from, size_t to, eng_change *chg,
                      char **err)
{
    eng_change c = {0};
    if (engine_row_move(d->eng, table, from, to, &c, err) != 0)
        return -1;
    chg_merge(chg, &c);
    d->dirty = true;
    jrow(d, "row_move", table, "from", from, "to", to, NULL);
    return 0;
}

int doc_p_row_dup(doc *d, inode *table, size_t idx, inode **row, eng_change *chg,
                     char **err)
{
    eng_change c = {0};
    inode *r = NULL;
    if (engine_row_duplicate(d->eng, table, idx, &r, &c, err) != 0)
        return -1;
    chg_merge(chg, &c);
    d->dirty = true;
    jrow(d, "row_dup", table, "at", idx, NULL, 0, inode_row_id(r));
    if (row)
        *row = r;
    return 0;
}

/* Puts the values of `json` (a row or group object as the draft stores it; NULL = empty)
 * into the instance n and everything below it, through the primitives. Keys the form does not
 * know are not restored (the engine has no way in for them). */
static int fill_from_json(doc *d, inode *n, const cJSON *json, eng_change *chg, char **err);

int doc_restore_row(doc *d, inode *table, size_t at, const cJSON *rowjson, inode **out,
                       eng_change *chg, char **err)
{
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(rowjson, "_id");
    inode *row = NULL;
    if (doc_p_row_add(d, table, at, cJSON_IsString(id) ? id->valuestring : NULL, &row, chg, err))
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
        if (strcmp(inode_text(k), want) != 0 && doc_p_set(d, k, want, chg, err) != 0)
            return -1;
        return 0;
    }
    if (doc_is_container(k)) {
        while (inode_nkids(k) > 0)
            if (doc_p_row_del(d, k, inode_nkids(k) - 1, chg, err) != 0)
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
