/* The parts of store/doc.c that share an open document (not a public header): the struct,
 * the undo records it keeps, and the functions one part of the document calls in another.
 *   doc.c          opening and closing, saving, the helpers every part uses
 *   doc_journal.c  the journal, and doc_do: every edit applied and journaled
 *   doc_ops.c      the table of edits, and doc_run: the public edit path
 *   doc_value_ops.c, doc_review_ops.c, doc_comment_ops.c  the operations of the table
 *   doc_forms.c    where forms are installed and loading them
 *   doc_recover.c  replaying or setting aside the journal of an interrupted session
 *   doc_edit.c     the public value edits, undo stacks, undo / redo */
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
 * modes that allow it, its decoding, application and encoding, its public begin and its
 * undo / redo). */
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
    unsigned long seq;           /* which edit this is (doc_edit_done): the state it leaves */
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
    bool journal_lost;           /* ... and it was: changes since the last save may be missing
                                  * from the journal (doc_journal_keeps) until a save */
    char *applied_journal;       /* APPLY moved the old journal here; removed after a save */
    char file_hash[65];          /* SHA-256 of the draft file as loaded or last saved; "" none */
    char *ro_reason;             /* why it is read-only when nobody asked (doc_readonly_reason) */
    char *user;                  /* doc_set_user; NULL: who() decides */
    int ask;                     /* doc_save_ask: why the last save asked */
    char *ask_who;               /* SAVE_ASK_OTHER_USER: the owner */
    unsigned ask_mode;           /* SAVE_ASK_READONLY: the permission bits */
    ustack undo, redo;
    unsigned group;              /* the open group (doc_group_begin), 0 when none */
    unsigned last_group;
    /* the saved state, as the edit on top of the undo history when it was saved (0: none,
     * the history as opened): undo or redo back to it leaves the document clean
     * (doc_state_changed). saved_lost: it cannot be reached again (an edit that could not be
     * undone, a recovery) */
    unsigned long last_seq, saved_seq;
    bool saved_lost;
};

/* After an edit, an undo or a redo: clean again when the history is back at the saved
 * state (doc_edit.c). */
void doc_state_changed(doc *d);
/* The state as saved now (doc_saved_as). */
void doc_state_saved(doc *d);

/* small helpers (doc.c) */
bool doc_is_container(const inode *t);

/* saving (doc.c): the draft written to `path` (modified stamp, size limit, atomic_save;
 * `mark`: recorded in the journal first), and what follows a save to d->path */
int doc_write_file(doc *d, const char *path, bool mark, char hash[65], char **err);
void doc_saved_as(doc *d, const char *hash);

/* undo stacks (doc_edit.c) */
void doc_ustack_free(ustack *s);

/* the journal (doc_journal.c) */
int doc_journal_start(doc *d, char **err);
/* The same, left unpublished (journal_open_unpublished) when `publish` is false. */
int doc_journal_start_ex(doc *d, bool publish, char **err);
/* Records, before a save puts the new file in place, the SHA-256 of the bytes it writes: if
 * the save is stopped before it removes this journal, recovery knows the draft holds it. */
void doc_journal_mark_saved(doc *d, const char *hash);
/* A record of the journal as a JSON object: begin, string / number members, end (appends
 * it). */
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

/* One edit of the document: which operation and its arguments. It is what a journal record
 * decodes to, what the operation applies, and what is encoded back into the record; the
 * strings are borrowed (from the caller, the record, the draft) or owned through
 * doc_edit_own and freed by doc_edit_clear. */
typedef struct {
    uop op;
    inode *node;         /* set, reason: the field; row edits: the table */
    const char *path;    /* storage path of the field or table (doc_edit_path fills it from
                          * `node`); query, comment: the field ("" the whole draft); recheck:
                          * the score field */
    const char *text;    /* set: the text (after it is applied: as the engine keeps it);
                          * reason: the reason (NULL or "": none); query, comment: the message;
                          * status: the reason */
    const char *by, *at; /* reason, query, comment, status */
    const char *id;      /* row_add: the id wanted (NULL: a fresh one); once a row_add or
                          * row_dup is applied: the new row's; query, comment: their id */
    size_t a, b;         /* row_add, row_del, row_dup: a = at; row_move: a = from, b = to;
                          * query: a = query_action; status: a = review_action;
                          * comment_resolve: a = resolved */
    const draft_recheck *rc;   /* recheck: the figures (NULL: cleared) */
    draft_recheck rc_buf;      /* storage for `rc` (borrowed strings) */
    inode *made;         /* applied row_add / row_dup: the new row */
    bool unchanged;      /* applied, and nothing changed (set to its own text): no record */
    char *own[4];        /* strings the edit owns (doc_edit_own) */
} doc_edit;
/* Keeps `s` (malloc'd) with the edit and returns it; NULL when s is NULL or no room. */
const char *doc_edit_own(doc_edit *e, char *s);
/* The storage path of e->node into e->path when it has none yet; NULL when out of memory. */
const char *doc_edit_path(doc_edit *e);
void doc_edit_clear(doc_edit *e);
/* The journal record's payload (one line of JSON) of an applied edit: {"op":name, then the
 * operation's members}. malloc'd; NULL when out of memory. */
char *doc_edit_encode(const doc_edit *e, size_t *len);
/* Applies an edit and journals it: the one way any edit, replay, undo or redo changes the
 * document (no mode check: callers check). 0 or -1 and *err. */
int doc_do(doc *d, doc_edit *e, eng_change *chg, char **err);
/* A public edit (store/doc.h): the mode check, the operation's begin (its checks, the
 * arguments it makes: who, when, a new id; what undo needs of the state before), doc_do,
 * and the undo record pushed (or, for an edit that cannot be undone, the undo history
 * cleared). *chg (may be NULL) is reset first. 0, or -1 and *err. The caller clears `e`. */
int doc_run(doc *d, doc_edit *e, eng_change *chg, char **err);

/* the table of edits (doc_ops.c) */
typedef struct {
    uop op;
    const char *name;            /* the journal record's "op" */
    unsigned modes;              /* DOC_MODE_BIT(m) of the modes that allow it */
    /* A journal record into *e (strings borrowed from `rec`): 0, -1 skip (a record that does
     * not fit the draft), 1 stop (*invalid says why: applying it would make a draft the
     * loader refuses). Replay = decode + doc_do. */
    int (*decode)(doc *d, const cJSON *rec, doc_edit *e, char **invalid);
    /* Changes the engine or the draft; 0 or -1 and *err. */
    int (*apply)(doc *d, doc_edit *e, eng_change *chg, char **err);
    /* The record's members after "op". */
    void (*encode)(const doc_edit *e, jrec *r);
    /* doc_run's part before applying (NULL: none): 0 go on, 1 nothing to do, -1 refused. A
     * composite edit performs the edits that come first here (a row delete: the override
     * reasons inside the row). */
    int (*begin)(doc *d, doc_edit *e, urec *u, eng_change *chg, char **err);
    /* Performs an undo record backwards (undo) or forwards (redo); NULL: not undoable. */
    int (*step)(doc *d, urec *r, bool backwards, inode **cursor, eng_change *chg, char **err);
    bool name_draft;             /* doc_run puts the draft's name before apply's messages */
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

/* The operations of the table, by group: value edits (doc_value_ops.c), queries, re-checks,
 * transitions (doc_review_ops.c), comments (doc_comment_ops.c). */
#define DOC_OP_FUNCS(x)                                                                    \
    int doc_decode_##x(doc *d, const cJSON *rec, doc_edit *e, char **invalid);             \
    int doc_apply_##x(doc *d, doc_edit *e, eng_change *chg, char **err);                   \
    void doc_encode_##x(const doc_edit *e, jrec *r);
DOC_OP_FUNCS(set)
DOC_OP_FUNCS(reason)
DOC_OP_FUNCS(row)
DOC_OP_FUNCS(query)
DOC_OP_FUNCS(query_undo)
DOC_OP_FUNCS(recheck)
DOC_OP_FUNCS(status)
DOC_OP_FUNCS(comment)
#undef DOC_OP_FUNCS
typedef int doc_begin_fn(doc *d, doc_edit *e, urec *u, eng_change *chg, char **err);
typedef int doc_step_fn(doc *d, urec *r, bool backwards, inode **cursor, eng_change *chg,
                        char **err);
doc_begin_fn doc_begin_set, doc_begin_reason, doc_begin_row,
    doc_begin_query, doc_begin_recheck, doc_begin_status, doc_begin_comment,
    doc_begin_comment_resolve;
doc_step_fn doc_step_value, doc_step_query, doc_step_recheck, doc_step_comment;
/* A deleted row put back from its JSON (undo of a row delete), through doc_do. */
int doc_restore_row(doc *d, inode *table, size_t at, const cJSON *rowjson, inode **out,
                    eng_change *chg, char **err);
/* A copy of re-check figures (NULL for NULL or out of memory). */
draft_recheck *doc_recheck_copy(const draft_recheck *s);
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

/* How the draft file on disk differs from the one opened or last saved ("saved 2026-…, last
 * by 王", "its bytes differ", "it was removed"; malloc'd), NULL when it does not (or when
 * there is no memory to say). doc_review_ops.c. */
char *doc_disk_change(doc *d);

#endif
