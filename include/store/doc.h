/* An open document: a draft file being edited, with everything that keeps the clerk's work
 * safe — the form, the draft, the engine, the edit lock, the journal, undo and redo.
 * The editor (tui) and the headless commands (cli) both work through this. */
#ifndef SELFEVAL_STORE_DOC_H
#define SELFEVAL_STORE_DOC_H

#include "core/engine.h"
#include "core/query.h"
#include "core/review.h"
#include "store/lock.h"
#include <stdbool.h>
#include <time.h>

typedef struct doc doc;

/* Where forms live: $SELFEVAL_FORMS, else the installed share/selfeval/forms, else ./forms. */
const char *doc_forms_dir(void);
/* Loads forms/<id>.json (with its included forms). NULL and *err when missing or invalid. */
form *doc_load_form(const char *form_id, char **err);

/* What may change (docs/journal.md, "Document modes"); enforced here, whoever calls. */
typedef enum {
    DOC_EDIT = 0,        /* the clerk: lock taken, journal running; values, overrides, rows,
                          * answers to queries, the submit transition */
    DOC_READONLY,        /* another editor holds the lock, or asked for: nothing */
    DOC_REVIEW           /* a reviewer: lock and journal as DOC_EDIT; values, overrides and
                          * rows refused; queries, re-check figures and the reviewer's
                          * transitions allowed; a save or transition is refused when the
                          * file changed on disk since it was opened */
} doc_mode;

typedef struct {
    doc_mode mode;
    lock_status lock;        /* what happened to the lock */
    lock_holder holder;      /* LOCK_HELD: who holds it; LOCK_TAKEN_OVER: the stale holder */
    bool journal_found;      /* a journal newer than the draft is waiting (see doc_recover) */
    bool journal_stale;      /* a journal whose changes the draft already holds (a save was
                              * stopped before removing it) was set aside as
                              * DRAFT.journal.stale-TIME instead of being offered */
    bool created;            /* the file did not exist: a new empty draft of `form_id` */
    bool journal_doubt;      /* with journal_found: the draft's content is neither the one the
                              * journal began from nor one it saved (changed by other means
                              * since): some changes may be in it already, say so */
} doc_open_info;

/* Opens a draft file. When the file does not exist and form_id is given, starts a new draft of
 * that form (saved on the first save); when it does not exist and a journal with changes names
 * its form (doc_journal_form), starts a new draft of that form with the recovery pending (a
 * different form_id is refused). `readonly` forces read-only. On failure NULL and *err:
 * "draft.json line 12, column 7: expected a string", "draft.json: form 'x' is not installed". */
doc *doc_open(const char *path, const char *form_id, bool readonly, doc_open_info *info,
              char **err);
/* The same, opened in `want`: DOC_EDIT (as doc_open), DOC_REVIEW, or DOC_READONLY. When the
 * lock cannot be taken the document is read-only, as with doc_open. */
doc *doc_open_as(const char *path, const char *form_id, doc_mode want, doc_open_info *info,
                 char **err);
/* The form named by the journal of `path` when that journal holds unsaved changes: how a
 * draft that was never saved (no file yet) is opened for recovery. Malloc'd id, and version
 * when asked (malloc'd, may be NULL); NULL when there is no such journal or it names no form.
 * doc_open(path, NULL, …) uses it by itself when the file does not exist. */
char *doc_journal_form(const char *path, char **version);
/* True when the journal of `path` holds changes the draft file already has (its header names
 * another state of the file: a save was stopped before it could remove the journal). Opening
 * the draft for editing sets such a journal aside. */
bool doc_journal_is_stale(const char *path);
/* True when the journal of `path` holds changes but the draft is neither what it began from
 * nor what it saved (changed by other means since): it is offered with a warning. */
bool doc_journal_in_doubt(const char *path);
/* Counts the changes waiting in the journal of `path` (and the bytes of a torn tail ignored).
 * 0 when there is no journal (both 0); -1 with *err when it cannot be read or may not be
 * trusted (store/sidefile.h: a link, a FIFO, another user's file). */
int doc_journal_count(const char *path, size_t *changes, size_t *ignored, char **err);
/* Releases the lock, closes (and removes, if everything is saved) the journal, frees. */
void doc_close(doc *d);
/* The same, losing this session's unsaved changes: its journal is removed too (a reviewer's
 * reload from disk, asked first). A journal of an earlier session not yet recovered stays. */
void doc_close_discard(doc *d);

engine     *doc_engine(doc *d);
const form *doc_form(doc *d);
draft      *doc_draft(doc *d);
const char *doc_path(doc *d);
bool        doc_dirty(doc *d);        /* changes since the last save */
/* Now as a draft's created / modified stamp: "2026-04-27T09:30:00+08:00" (malloc'd). */
char       *doc_now_iso(void);
doc_mode    doc_get_mode(doc *d);
/* Why the document is read-only when it was not asked for nor locked by another editor (the
 * folder cannot be written, a file beside the draft is not safe to use), NULL otherwise. */
const char *doc_readonly_reason(doc *d);

/* ---- Recovery (a journal newer than the draft) ---- */
typedef enum { RECOVER_APPLY, RECOVER_DISCARD, RECOVER_KEEP_BOTH } recover_choice;
/* APPLY: replays the journal into the open draft (the document becomes dirty; save to keep).
 * DISCARD: moves the journal aside to DRAFT.journal.discarded-<time> (never deleted silently).
 * KEEP_BOTH: writes the recovered draft to DRAFT.recovered-<time>.json, leaves the draft as is.
 * *n_changes gets the number of changes replayed; *out_path (KEEP_BOTH) the file written. */
int doc_recover(doc *d, recover_choice c, size_t *n_changes, char **out_path, char **err);

/* ---- Edits (journaled, undoable) ---- */
int doc_set_text(doc *d, inode *field, const char *text, eng_change *chg, char **err);
int doc_set_override_reason(doc *d, inode *field, const char *reason, eng_change *chg,
                            char **err);
int doc_row_add(doc *d, inode *table, size_t at, inode **row, eng_change *chg, char **err);
int doc_row_delete(doc *d, inode *table, size_t idx, eng_change *chg, char **err);
int doc_row_move(doc *d, inode *table, size_t from, size_t to, eng_change *chg, char **err);
int doc_row_duplicate(doc *d, inode *table, size_t idx, inode **row, eng_change *chg,
                      char **err);
/* Edits between begin and end are one step for undo and redo (a paste of many cells).
 * Groups do not nest: begin while one is open continues it. */
void doc_group_begin(doc *d);
void doc_group_end(doc *d);
/* How many steps the undo history holds: a mark for doc_group_since. */
size_t doc_undo_mark(const doc *d);
/* Opens a group (or continues the open one) and puts into it every edit made since `mark`:
 * edits already made turn out to be part of one step (the first cells of a paste that a
 * terminal without bracketed paste sent as keys, before its line end showed it was a paste).
 * End it with doc_group_end. Edits before the mark are never joined; a history undone below
 * the mark since joins nothing. */
void doc_group_since(doc *d, size_t mark);
/* Undo / redo the last edit; *field (may be NULL) gets the field to put the cursor on.
 * Returns 1 when something was undone, 0 when there was nothing, -1 on error. */
int doc_undo(doc *d, inode **field, eng_change *chg, char **err);
int doc_redo(doc *d, inode **field, eng_change *chg, char **err);

/* ---- Review edits (journaled; queries and re-checks undoable) ---- */
/* Who is acting: written as "by" into queries, re-checks and history. Default: the draft's
 * author in DOC_EDIT, else the login name. `name` is copied. */
int doc_set_user(doc *d, const char *name);
/* Opens a query on a storage path ("" = the whole draft); *id (malloc'd, may be NULL) gets
 * its id. DOC_REVIEW only. */
int doc_query_open(doc *d, const char *path, const char *text, char **id, char **err);
/* answer (DOC_EDIT: the clerk), note, close, reopen (DOC_REVIEW) on query `id`. */
int doc_query_act(doc *d, const char *id, query_action a, const char *text, char **err);
/* Re-check figures of a score field (DOC_REVIEW only): checked by core/recheck.h against the
 * field's self score and weight as the engine has them. */
int doc_recheck_set(doc *d, const char *path, const char *actual, const char *score,
                    const char *reason, char **err);
int doc_recheck_clear(doc *d, const char *path, char **err);
/* A reviewer's comment on a storage path ("" = the whole draft; DOC_REVIEW only); *id
 * (malloc'd, may be NULL) gets its id ("c1", …). Undoable. */
int doc_comment_add(doc *d, const char *path, const char *text, char **id, char **err);
/* Marks comment `id` resolved or not (DOC_REVIEW only). Undoable. */
int doc_comment_resolve(doc *d, const char *id, bool resolved, char **err);
/* A review transition (core/review.h): submit in DOC_EDIT; return, approve, recheck in
 * DOC_REVIEW. Journaled, not undoable (save it). A submission of a draft with error findings
 * is refused by the caller (review_file.c), which lists them. */
int doc_transition(doc *d, review_action a, const char *reason, char **err);
/* DOC_REVIEW: 0 when the file on disk is what was opened (or last saved); else -1 and *err
 * "d.json changed since you opened it (…); reload it first", the parenthesis saying how as
 * far as the file tells: removed, saved again at its meta.modified, or changed by another
 * program (its save time is the one opened). 0 in the other modes. */
int doc_check_unchanged(doc *d, char **err);

/* ---- Saving ---- */
/* Atomic save (store/atomic.h); on success the journal restarts empty. On failure nothing on
 * disk changes, the document stays dirty, and *err says why ("the disk is full"). */
int doc_save(doc *d, char **err);
/* doc_save returns DOC_SAVE_ASK (nothing written) when saving would replace a read-only file
 * (no write permission in its mode, as vim's 'readonly'), one that belongs to another user
 * (who would lose it: the saved file is ours), or (DOC_EDIT) one another program changed or
 * removed since it was opened or last saved (vim's "file changed since reading it"); *err is
 * the question to put to the clerk. doc_save_anyway saves after a yes. */
#define DOC_SAVE_ASK 1
int doc_save_anyway(doc *d, char **err);
/* Save as: writes the draft to `path`, which then is the document's path; the edit lock and
 * the journal move to it (the old file stays as it was last saved; its lock and journal go).
 * Refused (-1 and *err, nothing written) when a file is at `path` already (never replaced),
 * its folder does not exist, a journal of unsaved changes waits there, another editor holds
 * its lock, in review mode, or while a recovery waits. A read-only document (DOC_READONLY)
 * becomes editable under its new name. */
int doc_save_as(doc *d, const char *path, char **err);
/* Why the last doc_save asked (for a question in the clerk's language): */
typedef enum {
    SAVE_ASK_NONE = 0,
    SAVE_ASK_READONLY,      /* *mode: the file's permission bits */
    SAVE_ASK_OTHER_USER,    /* *who: the owner's name */
    SAVE_ASK_CHANGED,       /* another program changed the file since it was opened */
    SAVE_ASK_REMOVED        /* ... or removed it */
} doc_save_ask;
/* who (may be NULL) points into d until the next save. */
doc_save_ask doc_save_asked(const doc *d, const char **who, unsigned *mode);
/* Whether unsaved changes would be offered the next time the draft is opened: its journal
 * records them and can still be found (false when it cannot be written, when the folder of
 * the draft or the journal was removed, or in a read-only session). */
bool doc_journal_keeps(doc *d);
/* Main-loop tick: fsyncs the journal when due (at most 2 s after the last change). */
int doc_tick(doc *d, char **err);
/* Milliseconds until doc_tick has work, -1 when none (the main loop's input timeout). */
int doc_ms_until_tick(doc *d);
/* The emergency path (SIGHUP / SIGTERM, a terminal gone), run by the main loop after the
 * handler set its flag: fsync the journal now, once (closing it then has nothing to sync). */
void doc_emergency_sync(doc *d);

#endif
