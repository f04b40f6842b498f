/* The document's edits, declared once: for each, the journal record's name, the modes that
 * allow it, how a journal record is replayed and how an undo record is undone and redone.
 * Applying an edit and writing its journal record is its primitive's (doc_journal.c for the
 * values, doc_review_ops.c for queries, re-checks and transitions); the public edit
 * functions (doc_edit.c, doc_review_ops.c) check the mode here, push the undo record, and
 * replay (doc_recover.c) and undo / redo (doc_edit.c) dispatch through this table. */
#include "doc_internal.h"

#include "store/fileio.h"

#include <string.h>

#define CLERK DOC_MODE_BIT(DOC_EDIT)
#define REVIEWER DOC_MODE_BIT(DOC_REVIEW)

static const doc_opdef OPS[U__COUNT] = {
    [U_SET] = {U_SET, "set", CLERK, doc_replay_set, doc_step_value},
    [U_REASON] = {U_REASON, "reason", CLERK, doc_replay_reason, doc_step_value},
    [U_ROW_ADD] = {U_ROW_ADD, "row_add", CLERK, doc_replay_row, doc_step_value},
    [U_ROW_DEL] = {U_ROW_DEL, "row_del", CLERK, doc_replay_row, doc_step_value},
    [U_ROW_MOVE] = {U_ROW_MOVE, "row_move", CLERK, doc_replay_row, doc_step_value},
    [U_ROW_DUP] = {U_ROW_DUP, "row_dup", CLERK, doc_replay_row, doc_step_value},
    /* who may add which message is core/query.h's table: the clerk answers, the reviewer
     * opens, notes, closes and reopens */
    [U_QUERY] = {U_QUERY, "query", CLERK | REVIEWER, doc_replay_query, doc_step_query},
    [U_QUERY_UNDO] = {U_QUERY_UNDO, "query_undo", CLERK | REVIEWER, doc_replay_query_undo,
                      NULL},
    [U_RECHECK] = {U_RECHECK, "recheck", REVIEWER, doc_replay_recheck, doc_step_recheck},
    /* which transition in which mode: doc_transition (submit: the clerk; the rest: the
     * reviewer) */
    [U_STATUS] = {U_STATUS, "status", CLERK | REVIEWER, doc_replay_status, NULL},
    [U_COMMENT] = {U_COMMENT, "comment", REVIEWER, doc_replay_comment, doc_step_comment},
    [U_COMMENT_DEL] = {U_COMMENT_DEL, "comment_del", REVIEWER, doc_replay_comment, NULL},
    [U_COMMENT_RESOLVE] = {U_COMMENT_RESOLVE, "comment_resolve", REVIEWER, doc_replay_comment,
                           doc_step_comment},
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
