/* The parts of store/doc.c that share an open document (not a public header): the struct,
 * the undo records it keeps, and the functions one part of the document calls in another.
 *   doc.c          opening and closing, saving, the helpers every part uses
 *   doc_journal.c  journal records and the six primitives that write them
 *   doc_forms.c    where forms are installed and loading them
 *   doc_recover.c  replaying or setting aside the journal of an interrupted session
 *   doc_edit.c     edits, undo stacks, undo / redo */
#ifndef SELFEVAL_STORE_DOC_INTERNAL_H
#define SELFEVAL_STORE_DOC_INTERNAL_H

#include "store/doc.h"

#include "store/journal.h"

#include <cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define JOURNAL_FORMAT "selfeval-journal/1"

/* The document's edits: each declared once in the table of doc_ops.c (its journal name, the
 * modes that allow it, its replay from the journal and its undo / redo). */
typedef enum {
    U_SET, U_REASON, U_ROW_ADD, U_ROW_DEL, U_ROW_MOVE, U_ROW_DUP,
    U_QUERY,        /* a message added to a query (open creates it) */
    U_QUERY_UNDO,   /* journal only: the last message of a query taken back */
    U_RECHECK,      /* a re-check figure set or cleared */
    U_STATUS,       /* a review transition (journal only: not undoable) */
    U_COMMENT,      /* a reviewer's comment added */
    U_COMMENT_DEL,  /* journal only: a comment taken back (undo) */
    U_COMMENT_RESOLVE, /* a comment marked resolved or not */
    U__COUNT
} uop;

typedef struct {
    uop op;
    char *path;                  /* field (SET, REASON) or table (row ops), storage path */
    char *before, *after;        /* SET: texts; REASON: reasons (NULL = no override) */
    char *before_by, *before_at, *after_by, *after_at;   /* REASON */
    size_t a, b;                 /* ROW_ADD at; ROW_DEL idx; ROW_MOVE from, to; ROW_DUP idx */
    char *row_id;                /* ROW_ADD / ROW_DUP: the new row; ROW_DEL: the deleted row */
    cJSON *row;                  /* ROW_DEL: the deleted row's values as they were */
    draft_override *ovr;         /* ROW_DEL: the overrides inside the deleted row */
    size_t n_ovr;
    char *qid;                   /* QUERY: the query's id (path: the field queried) */
    draft_recheck *rc_before, *rc_after;   /* RECHECK: the figures before and after (NULL:
                                            * none) */
    unsigned group;              /* edits of one group (a paste) undo together; 0: alone */
} urec;

typedef struct {
    urec *v;
    size_t n, cap;
} ustack;

struct doc {
    char *path;
    form *form;
    draft *draft;
    engine *eng;
    doc_mode mode;
    edit_lock *lock;
    journal *jr;                 /* NULL: read-only, or waiting for doc_recover */
    bool journal_pending;        /* a journal with changes is waiting for doc_recover */
    bool dirty;
    bool owns_all;               /* false for the scratch documents of KEEP_BOTH */
    char *journal_error;         /* a journal write failed: doc_tick reports it once */
    char *applied_journal;       /* APPLY moved the old journal here; removed after a save */
    char file_hash[65];          /* SHA-256 of the draft file as loaded or last saved; "" none */
    char *ro_reason;             /* why it is read-only when nobody asked (doc_readonly_reason) */
    char *user;                  /* doc_set_user; NULL: who() decides */
    ustack undo, redo;
    unsigned group;              /* the open group (doc_group_begin), 0 when none */
    unsigned last_group;
};

/* small helpers (doc.c) */
bool doc_is_container(const inode *t);

/* undo stacks (doc_edit.c) */
void doc_ustack_free(ustack *s);

/* the journal and the six primitives (doc_journal.c): every edit, replay, undo and redo goes
 * through these, so each appends its journal record */
int doc_journal_start(doc *d, char **err);
/* The same, left unpublished (journal_open_unpublished) when `publish` is false. */
int doc_journal_start_ex(doc *d, bool publish, char **err);
/* Records, before a save puts the new file in place, the SHA-256 of the bytes it writes: if
 * the save is stopped before it removes this journal, recovery knows the draft holds it. */
void doc_journal_mark_saved(doc *d, const char *hash);
int doc_p_set(doc *d, inode *field, const char *text, eng_change *chg, char **err);
int doc_p_reason(doc *d, inode *field, const char *reason, const char *by, const char *at,
                 eng_change *chg, char **err);
int doc_p_row_add(doc *d, inode *table, size_t at, const char *id, inode **row,
                  eng_change *chg, char **err);
int doc_p_row_del(doc *d, inode *table, size_t idx, eng_change *chg, char **err);
int doc_p_row_move(doc *d, inode *table, size_t from, size_t to, eng_change *chg,
                   char **err);
int doc_p_row_dup(doc *d, inode *table, size_t idx, inode **row, eng_change *chg,
                  char **err);
int doc_restore_row(doc *d, inode *table, size_t at, const cJSON *rowjson, inode **out,
                    eng_change *chg, char **err);

/* the table of edits (doc_ops.c) */
typedef struct {
    uop op;
    const char *name;            /* the journal record's "op" */
    unsigned modes;              /* DOC_MODE_BIT(m) of the modes that allow it */
    /* Applies a journal record through the primitives (recovery). 0 applied, -1 skipped (a
     * record that does not fit the draft), 1 stop (*invalid says why: applying it would make
     * a draft the loader refuses). */
    int (*replay)(doc *d, const cJSON *rec, char **invalid);
    /* Performs an undo record backwards (undo) or forwards (redo); NULL: not undoable. */
    int (*step)(doc *d, urec *r, bool backwards, inode **cursor, eng_change *chg, char **err);
} doc_opdef;
#define DOC_MODE_BIT(m) (1u << (m))
const doc_opdef *doc_op_named(const char *name);
const doc_opdef *doc_op(uop op);
/* Whether the document may take `op` now: 0, or -1 and *err (read-only, review mode, a
 * recovery waiting). */
int doc_op_allowed(doc *d, uop op, char **err);
/* Who acts (doc_set_user, else the draft's author in DOC_EDIT, else the login name). */
const char *doc_who(const doc *d);
void doc_urec_free(urec *r);
/* A record of the journal as a JSON object (doc_journal.c): begin, string / number members,
 * end (appends it). */
typedef struct {
    char *buf;
    size_t len;
    FILE *f;
    bool first;
} jrec;
bool doc_jrec_begin(jrec *r);
void doc_jrec_str(jrec *r, const char *key, const char *val);
void doc_jrec_num(jrec *r, const char *key, unsigned long long v);
void doc_jrec_end(doc *d, jrec *r);
/* the review primitives (doc_review_ops.c): apply, journal */
int doc_p_query(doc *d, query_action a, const char *id, const char *qpath, const char *by,
                const char *at, const char *text, char **err);
int doc_p_query_undo(doc *d, const char *id, char **err);
int doc_p_recheck(doc *d, const char *path, const draft_recheck *to, char **err);
int doc_p_status(doc *d, review_action a, const char *by, const char *at, const char *reason,
                 char **err);
/* replay and undo of the value edits (doc_value_ops.c) and the review edits */
int doc_replay_set(doc *d, const cJSON *rec, char **invalid);
int doc_replay_reason(doc *d, const cJSON *rec, char **invalid);
int doc_replay_row(doc *d, const cJSON *rec, char **invalid);
int doc_step_value(doc *d, urec *r, bool backwards, inode **cursor, eng_change *chg,
                   char **err);
int doc_replay_query(doc *d, const cJSON *rec, char **invalid);
int doc_replay_query_undo(doc *d, const cJSON *rec, char **invalid);
int doc_replay_recheck(doc *d, const cJSON *rec, char **invalid);
int doc_replay_status(doc *d, const cJSON *rec, char **invalid);
int doc_step_query(doc *d, urec *r, bool backwards, inode **cursor, eng_change *chg,
                   char **err);
int doc_step_recheck(doc *d, urec *r, bool backwards, inode **cursor, eng_change *chg,
                     char **err);
/* comments (doc_comment_ops.c) */
int doc_replay_comment(doc *d, const cJSON *rec, char **invalid);
int doc_step_comment(doc *d, urec *r, bool backwards, inode **cursor, eng_change *chg,
                     char **err);
/* undo stack push of a finished edit (doc_edit.c) */
void doc_edit_done(doc *d, urec *r);

/* forms (doc_forms.c) */
bool doc_valid_form_id(const char *id);
int doc_version_cmp(const char *a, const char *b);

/* opening and closing (doc.c) */
/* Counts change records of a journal ("op" records after the header), and reads the form
 * its header names (journals written before the header had it name none). */
typedef struct {
    size_t records, changes;
    bool header_ok;
    char *form_id, *form_version;
    bool has_stamp;              /* the header says what the draft file was when it began */
    uint64_t size, mtime_ns;
    bool has_hash;               /* the header names the draft's bytes (SHA-256, "" none) */
    char hash[65];
    const char *want;            /* set by the caller: the draft file's hash now */
    bool saved_match;            /* a "saved" record names `want`: the draft holds it all */
} jcount;

/* What to do with a journal that has changes (docs/journal.md, "Recovery"). */
typedef enum { JV_OFFER, JV_DOUBT, JV_STALE } jverdict;
jverdict doc_judge(const jcount *c, bool file_exists, uint64_t size, uint64_t mtime_ns);

int doc_count_record(void *ctx, const char *payload, size_t len);
/* Reads the journal `jp` of the draft at `draft_path` only if it is ours or the draft owner's
 * and safe (journal_read_checked). */
int doc_read_journal(const char *draft_path, const char *jp, journal_record_fn fn, void *ctx,
                     size_t *ignored, char **err);
void doc_jcount_free(jcount *c);
doc *doc_alloc(void);
void doc_free_parts(doc *d);

/* recovery (doc_recover.c) */
char *doc_move_aside(const char *src, const char *base, char **err);
char *doc_journal_aside_name(const char *jp, const char *what);
char *doc_copy_aside(const char *src, const char *base, char **err);

#endif
