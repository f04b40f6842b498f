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

#define JOURNAL_FORMAT "selfeval-journal/1"

typedef enum { U_SET, U_REASON, U_ROW_ADD, U_ROW_DEL, U_ROW_MOVE, U_ROW_DUP } uop;

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
    ustack undo, redo;
    unsigned group;              /* the open group (doc_group_begin), 0 when none */
    unsigned last_group;
};

/* small helpers (doc.c) */
char *doc_now_iso(void);
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
