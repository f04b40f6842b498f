/* The public value edits, the undo stacks and undo / redo. Every edit goes through doc_run
 * (doc_ops.c), which pushes its undo record; undo and redo perform edits through doc_do and
 * are therefore journaled like any edit. Undo records name fields and tables by storage path
 * (row ids, not positions), so they survive the rows around them moving. */
#include "doc_internal.h"

#include "store/fileio.h"

#include <stdlib.h>
#include <string.h>

#define UNDO_LIMIT 5000          /* oldest edits are forgotten beyond this */

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

size_t doc_undo_mark(const doc *d)
{
    return d->undo.n;
}

void doc_group_since(doc *d, size_t mark)
{
    doc_group_begin(d);
    for (size_t i = mark; i < d->undo.n; i++)
        d->undo.v[i].group = d->group;
}

static unsigned long state_now(const doc *d)
{
    return d->undo.n ? d->undo.v[d->undo.n - 1].seq : 0;
}

void doc_state_changed(doc *d)
{
    if (d->saved_lost || state_now(d) != d->saved_seq)
        return;
    bool was = d->dirty;
    d->dirty = false;
    if (!was || !d->jr || d->journal_pending || d->applied_journal)
        return;
    /* nothing differs from the file any more: the journal starts again from it, as after a
     * save, so a crash now offers no recovery of changes that cancel out */
    journal_close(d->jr, true, NULL);
    d->jr = NULL;
    char *je = NULL;
    if (doc_journal_start(d, &je) != 0) {
        free(d->journal_error);
        d->journal_error = je ? je : strdup("the journal cannot be restarted");
    }
}

void doc_state_saved(doc *d)
{
    d->saved_seq = state_now(d);
    d->saved_lost = false;
}

void doc_edit_done(doc *d, urec *r)
{
    r->group = d->group;
    r->seq = ++d->last_seq;
    unsigned long seq = r->seq;
    ustack_push(&d->undo, r);
    if (state_now(d) != seq)
        d->saved_lost = true;   /* not kept (out of memory): the history no longer says */
    ustack_clear(&d->redo);
}

/* The public value edits: each one edit through doc_run (doc_ops.c). */

int doc_set_text(doc *d, inode *field, const char *text, eng_change *chg, char **err)
{
    doc_edit e = {.op = U_SET, .node = field, .text = text};
    int rc = doc_run(d, &e, chg, err);
    doc_edit_clear(&e);
    return rc;
}

int doc_set_override_reason(doc *d, inode *field, const char *reason, eng_change *chg,
                            char **err)
{
    doc_edit e = {.op = U_REASON, .node = field, .text = reason};
    int rc = doc_run(d, &e, chg, err);
    doc_edit_clear(&e);
    return rc;
}

static int row_run(doc *d, uop op, inode *table, size_t a, size_t b, inode **row,
                   eng_change *chg, char **err)
{
    doc_edit e = {.op = op, .node = table, .a = a, .b = b};
    int rc = doc_run(d, &e, chg, err);
    if (rc == 0 && row)
        *row = e.made;
    doc_edit_clear(&e);
    return rc;
}

int doc_row_add(doc *d, inode *table, size_t at, inode **row, eng_change *chg, char **err)
{
    return row_run(d, U_ROW_ADD, table, at, 0, row, chg, err);
}

int doc_row_delete(doc *d, inode *table, size_t idx, eng_change *chg, char **err)
{
    return row_run(d, U_ROW_DEL, table, idx, 0, NULL, chg, err);
}

int doc_row_move(doc *d, inode *table, size_t from, size_t to, eng_change *chg, char **err)
{
    return row_run(d, U_ROW_MOVE, table, from, to, NULL, chg, err);
}

int doc_row_duplicate(doc *d, inode *table, size_t idx, inode **row, eng_change *chg,
                      char **err)
{
    return row_run(d, U_ROW_DUP, table, idx, 0, row, chg, err);
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
    doc_state_changed(d);
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
