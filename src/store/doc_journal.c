/* The journal of an open document (docs/journal.md), and doc_do: the one path by which an
 * edit is applied (through the table of edits, doc_ops.c) and its record appended. Nothing
 * else writes change records, so replaying them through the same path rebuilds exactly what
 * the clerk saw. */
#include "doc_internal.h"

#include "core/json_strict.h"
#include "store/smsg.h"
#include "store/fileio.h"
#include "store/journal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the journal ---- */

/* Appends one record. A failed write does not undo the edit (it is on the screen and in
 * memory); it is remembered and reported by doc_tick, so the clerk knows to save. */
static void jappend(doc *d, const char *payload, size_t len)
{
    if (!d->jr)
        return;
    char *e = NULL;
    if (journal_append(d->jr, payload, len, &e) != 0 && !d->journal_error)
        d->journal_error = e ? e : strdup(smsg(SM_JR_CANNOT_WRITE));
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
            d->journal_error = strdup(smsg(SM_JR_OOM_SAVE));
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
            d->journal_error = se ? se : strdup(smsg(SM_JR_CANNOT_SYNC));
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

/* ---- an edit: applied, then journaled ---- */

const char *doc_edit_own(doc_edit *e, char *s)
{
    if (!s)
        return NULL;
    for (size_t i = 0; i < sizeof e->own / sizeof e->own[0]; i++)
        if (!e->own[i])
            return e->own[i] = s;
    free(s);
    return NULL;
}

const char *doc_edit_path(doc_edit *e)
{
    if (!e->path && e->node)
        e->path = doc_edit_own(e, inode_storage_path(e->node));
    return e->path;
}

void doc_edit_clear(doc_edit *e)
{
    for (size_t i = 0; i < sizeof e->own / sizeof e->own[0]; i++)
        free(e->own[i]);
    memset(e, 0, sizeof *e);
}

char *doc_edit_encode(const doc_edit *e, size_t *len)
{
    const doc_opdef *def = doc_op(e->op);
    jrec r;
    if (!def || !doc_jrec_begin(&r))
        return NULL;
    doc_jrec_str(&r, "op", def->name);
    def->encode(e, &r);
    fputc('}', r.f);
    bool bad = ferror(r.f) != 0;
    if (fclose(r.f) != 0)
        bad = true;
    if (bad || !r.buf || memchr(r.buf, '\0', r.len)) {
        free(r.buf);
        return NULL;
    }
    *len = r.len;
    return r.buf;
}

int doc_do(doc *d, doc_edit *e, eng_change *chg, char **err)
{
    const doc_opdef *def = doc_op(e->op);
    if (!def) {
        fio_set_err(err, strdup("unknown edit"));
        return -1;
    }
    e->unchanged = false;
    if (def->apply(d, e, chg, err) != 0)
        return -1;
    /* the same text again (after the engine's clean-up) is no change: no journal record, so
     * walking through fields does not make a draft look edited */
    if (e->unchanged)
        return 0;
    d->dirty = true;
    if (!d->jr)
        return 0;
    size_t len = 0;
    char *payload = doc_edit_path(e) || !e->node ? doc_edit_encode(e, &len) : NULL;
    if (payload)
        jappend(d, payload, len);
    else if (!d->journal_error)
        d->journal_error = strdup(smsg(SM_JR_OOM));
    free(payload);
    return 0;
}
