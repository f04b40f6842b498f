/* The document's edits, declared once: for each, the journal record's name, the modes that
 * allow it, how a record decodes into an edit (doc_edit), how the edit is applied, how it is
 * encoded back into its record, what its public form checks and keeps for undo first, and
 * how an undo record is undone and redone. Two generic paths use the table: doc_do (apply,
 * then journal: doc_journal.c), and doc_run here (mode check, begin, doc_do, undo push).
 * Replay (doc_recover.c) is decode + doc_do; undo / redo (doc_edit.c) the step. */
#include "doc_internal.h"

#include "store/fileio.h"

#include <stdlib.h>
#include <string.h>

#define CLERK DOC_MODE_BIT(DOC_EDIT)
#define REVIEWER DOC_MODE_BIT(DOC_REVIEW)

#define FUNCS(x) doc_decode_##x, doc_apply_##x, doc_encode_##x

static const doc_opdef OPS[U__COUNT] = {
    [U_SET] = {U_SET, "set", CLERK, FUNCS(set), doc_begin_set, doc_step_value, false},
    [U_REASON] = {U_REASON, "reason", CLERK, FUNCS(reason), doc_begin_reason, doc_step_value,
                  false},
    [U_ROW_ADD] = {U_ROW_ADD, "row_add", CLERK, FUNCS(row), doc_begin_row, doc_step_value,
                   false},
    [U_ROW_DEL] = {U_ROW_DEL, "row_del", CLERK, FUNCS(row), doc_begin_row, doc_step_value,
                   false},
    [U_ROW_MOVE] = {U_ROW_MOVE, "row_move", CLERK, FUNCS(row), doc_begin_row, doc_step_value,
                    false},
    [U_ROW_DUP] = {U_ROW_DUP, "row_dup", CLERK, FUNCS(row), doc_begin_row, doc_step_value,
                   false},
    /* who may add which message is core/query.h's table: the clerk answers, the reviewer
     * opens, notes, closes and reopens */
    [U_QUERY] = {U_QUERY, "query", CLERK | REVIEWER, FUNCS(query), doc_begin_query,
                 doc_step_query, true},
    [U_QUERY_UNDO] = {U_QUERY_UNDO, "query_undo", CLERK | REVIEWER, FUNCS(query_undo), NULL,
                      NULL, false},
    [U_RECHECK] = {U_RECHECK, "recheck", REVIEWER, FUNCS(recheck), doc_begin_recheck,
                   doc_step_recheck, true},
    /* which transition in which mode: doc_begin_status (submit: the clerk; the rest: the
     * reviewer); not undoable: it clears the undo history (the values it hashed stay what was
     * submitted or approved) */
    [U_STATUS] = {U_STATUS, "status", CLERK | REVIEWER, FUNCS(status), doc_begin_status, NULL,
                  true},
    [U_COMMENT] = {U_COMMENT, "comment", REVIEWER, FUNCS(comment), doc_begin_comment,
                   doc_step_comment, false},
    [U_COMMENT_DEL] = {U_COMMENT_DEL, "comment_del", REVIEWER, FUNCS(comment), NULL, NULL,
                       false},
    [U_COMMENT_RESOLVE] = {U_COMMENT_RESOLVE, "comment_resolve", REVIEWER, FUNCS(comment),
                           doc_begin_comment_resolve, doc_step_comment, false},
};

const doc_opdef *doc_op(uop op)
{
    return (unsigned)op < U__COUNT ? &OPS[op] : NULL;
}

const doc_opdef *doc_op_named(const char *name)
{
    for (int i = 0; name && i < U__COUNT; i++)
        if (strcmp(OPS[i].name, name) == 0)
            return &OPS[i];
    return NULL;
}

int doc_op_allowed(doc *d, uop op, char **err)
{
    if (d->mode == DOC_READONLY) {
        fio_set_err(err, fio_strdupf("%s is open read-only", d->path));
        return -1;
    }
    if (d->journal_pending) {
        fio_set_err(err, fio_strdupf("%s: unsaved changes from an interrupted session are "
                                     "waiting: recover or set them aside first", d->path));
        return -1;
    }
    const doc_opdef *def = doc_op(op);
    if (!def || (def->modes & DOC_MODE_BIT(d->mode)))
        return 0;
    if (d->mode == DOC_REVIEW)
        fio_set_err(err, fio_strdupf("review mode: the clerk's values cannot be changed "
                                     "(%s); query the field instead", d->path));
    else
        fio_set_err(err, fio_strdupf("%s: only a reviewer can %s (open the draft for review)",
                                     d->path, op == U_RECHECK ? "change re-check figures"
                                                              : "comment on a draft"));
    return -1;
}

static char *xstrdup(const char *s, bool *oom)
{
    char *c = s ? strdup(s) : NULL;
    if (s && !c)
        *oom = true;
    return c;
}

/* What undo needs of the edit just made, beside what begin kept of the state before. */
static bool undo_after(const doc_edit *e, urec *u)
{
    bool oom = false;
    if (!u->path)
        u->path = xstrdup(e->path, &oom);
    u->a = e->a;
    u->b = e->b;
    if (e->made)
        u->row_id = xstrdup(inode_row_id(e->made), &oom);
    else if (e->id && e->op != U_ROW_ADD)
        u->qid = xstrdup(e->id, &oom);
    u->after = xstrdup(e->text, &oom);
    u->after_by = xstrdup(e->by, &oom);
    u->after_at = xstrdup(e->at, &oom);
    if (e->rc && !(u->rc_after = doc_recheck_copy(e->rc)))
        oom = true;
    return !oom && u->path;
}

int doc_run(doc *d, doc_edit *e, eng_change *chg, char **err)
{
    if (chg)
        memset(chg, 0, sizeof *chg);
    if (doc_op_allowed(d, e->op, err))
        return -1;
    const doc_opdef *def = doc_op(e->op);
    urec u = {.op = e->op};
    int rc = def->begin ? def->begin(d, e, &u, chg, err) : 0;
    if (rc == 0) {
        char *why = NULL;
        if ((rc = doc_do(d, e, chg, &why)) != 0)
            fio_set_err(err, def->name_draft
                                 ? fio_strdupf("%s: %s", d->path, why ? why : "out of memory")
                                 : why);
        if (rc != 0 && def->name_draft)
            free(why);
    }
    if (rc != 0 || e->unchanged || !def->step) {
        doc_urec_free(&u);
        if (rc == 0 && !e->unchanged && !def->step) {
            /* undo does not cross an edit that cannot be undone (a transition) */
            doc_ustack_free(&d->undo);
            doc_ustack_free(&d->redo);
            d->saved_lost = true;
        }
        return rc < 0 ? -1 : 0;
    }
    /* out of memory here leaves the edit made, only not undoable */
    if (undo_after(e, &u)) {
        doc_edit_done(d, &u);
    } else {
        doc_urec_free(&u);
        d->saved_lost = true;
    }
    doc_state_changed(d);
    return 0;
}
