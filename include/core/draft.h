/* A draft: one clerk's filled-in form, as held in memory and as saved (docs/draft-format.md).
 *
 * The draft owns the values. They are a cJSON tree mirroring the form: objects for parts,
 * sections and groups, arrays of row objects for tables and repeated parts, and strings at the
 * leaves — every value is the text the clerk typed, never a JSON number, so amounts round-trip
 * byte for byte. Each row object carries a stable "_id" ("r1", "r2", … unique in its array)
 * so overrides and reviewers' comments stay attached when rows are moved.
 *
 * Parsing and printing are pure (buffers in, buffers out); files are the store's business. */
#ifndef SELFEVAL_CORE_DRAFT_H
#define SELFEVAL_CORE_DRAFT_H

#include <cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#define DRAFT_FORMAT_MAJOR 1
#define DRAFT_FORMAT_MINOR 1   /* 1.1: queries, recheck, typed history digests */
#define DRAFT_MAX_BYTES (64u * 1024u * 1024u)   /* larger files are refused */
#define DRAFT_MAX_DEPTH 32                      /* deeper nesting is refused */

typedef struct {
    char *path;        /* storage path of the field, e.g. "projects.p1.indicators.r3.score" */
    char *reason;      /* why the typed figure replaces the rule's */
    char *by, *at;     /* who, when (ISO 8601); may be NULL */
    cJSON *unknown;    /* owned object or NULL: unknown keys, kept as read */
} draft_override;

typedef struct {
    char *id;          /* "c1", … */
    char *path;        /* storage path of the field commented on ("" = the whole draft) */
    char *author, *at, *text;
    bool resolved;
    cJSON *unknown;    /* owned object or NULL: unknown keys, kept as read */
} draft_comment;

typedef struct {
    char *status;      /* "draft", "submitted", "returned", "approved", "rechecked" */
    char *by, *at, *note;
    char *sha256;      /* 64 hex digits of the values' canonical hash (core/review.h); or NULL */
    cJSON *fields;     /* owned object or NULL: storage path -> 16 hex digits of its text */
    bool resubmitted;  /* a submission that follows a return */
    cJSON *unknown;    /* owned object or NULL: unknown keys, kept as read */
} draft_event;

/* One message of a query's thread (core/query.h says who may add which). */
typedef struct {
    char *action;      /* "open", "answer", "note", "close", "reopen" */
    char *by, *at;     /* may be NULL */
    char *text;        /* never NULL ("" allowed for close) */
    cJSON *unknown;    /* owned object or NULL: unknown keys, kept as read */
} draft_query_msg;

/* A reviewer's query on a field (REDCap's data resolution workflow). */
typedef struct {
    char *id;          /* "q1", … unique among the queries */
    char *path;        /* storage path queried ("" = the whole draft) */
    char *state;       /* "open", "answered", "closed": what the thread leads to */
    draft_query_msg *thread; size_t n_thread;   /* at least one message, the first "open" */
    cJSON *unknown;    /* owned object or NULL: unknown keys, kept as read */
} draft_query;

/* A reviewer's re-check (复核) of one score field. */
typedef struct {
    char *path;        /* storage path of the score field, e.g. "indicators.r2.score" */
    char *actual;      /* 复核完成值 (text) or NULL */
    char *score;       /* 复核得分: decimal text, never NULL */
    char *reason;      /* why (required by core/query.h when below the self score) or NULL */
    char *by, *at;     /* may be NULL */
    cJSON *unknown;    /* owned object or NULL: unknown keys, kept as read */
} draft_recheck;

typedef struct {
    int format_major, format_minor;   /* as read (a newer minor is read; unknown keys kept) */
    char *form_id, *form_version;
    cJSON *form_unknown; /* owned object or NULL: unknown keys inside "form" */
    /* metadata */
    char *unit;        /* 单位 (the department or unit filing) */
    char *year;        /* 年度, e.g. "2025" */
    char *status;      /* "draft" unless the review flow changed it */
    char *created, *modified, *author;
    cJSON *values;     /* owned; an object */
    draft_override *overrides; size_t n_overrides;
    draft_comment *comments;   size_t n_comments;
    draft_event *history;      size_t n_history;
    draft_query *queries;      size_t n_queries;
    draft_recheck *rechecks;   size_t n_rechecks;   /* "recheck", in file order */
    cJSON *unknown;    /* owned object: top-level keys this version does not know, kept as read */
    cJSON *meta_unknown; /* owned object: unknown keys inside "meta" */
} draft;

/* Empty draft of a form. NULL when out of memory. */
draft *draft_new(const char *form_id, const char *form_version);
void   draft_free(draft *d);

/* Strict parse of a draft file's bytes (see docs/draft-format.md, "Strict loading"): refuses
 * trailing garbage, duplicate keys, invalid UTF-8, \u0000, nesting deeper than DRAFT_MAX_DEPTH,
 * files over DRAFT_MAX_BYTES, JSON numbers where decimal text is expected, an unknown major
 * format version. On error returns NULL and *err (malloc'd) names `name` (the file name to
 * show), the line and column and what was expected:
 *   "draft.json line 12, column 7: expected a string (amounts are stored as text)". */
draft *draft_parse(const char *buf, size_t len, const char *name, char **err);

/* Deterministic text of the draft (2-space indent, keys in a fixed order, unknown keys kept
 * where they were). Parsing and printing an unchanged draft gives the same bytes. NULL when out
 * of memory. Caller frees. */
char *draft_print(const draft *d, size_t *len);

/* Overrides by storage path (NULL when none). */
const draft_override *draft_override_get(const draft *d, const char *path);
/* Sets (reason non-empty) or removes (reason NULL or "") the override of a path. */
int draft_override_set(draft *d, const char *path, const char *reason, const char *by,
                       const char *at);

/* Comments (draft_comment.c). By id; NULL when none. */
draft_comment *draft_comment_get(const draft *d, const char *id);
/* "c" + one more than the largest number used. NULL when out of memory. */
char *draft_comment_new_id(const draft *d);
/* Appends a comment (id NULL: a new one; an id in use is refused). text non-empty. 0, or -1
 * (nothing changed). */
int draft_comment_add(draft *d, const char *id, const char *path, const char *author,
                      const char *at, const char *text);
/* Removes comment `id` (0; -1 when there is none). */
int draft_comment_remove(draft *d, const char *id);
/* Marks it resolved or not (0; -1 when there is none). */
int draft_comment_resolve(draft *d, const char *id, bool resolved);

/* Freeing the parts (for callers building or dropping them; draft_free does all). */
void draft_event_clear(draft_event *e);
void draft_query_msg_clear(draft_query_msg *m);
void draft_query_clear(draft_query *q);
void draft_recheck_clear(draft_recheck *r);
void draft_comment_clear(draft_comment *c);

/* A fresh row id for an array of row objects ("r" + one more than the largest number used). */
char *draft_new_row_id(const cJSON *rows, const char *prefix);

#endif
