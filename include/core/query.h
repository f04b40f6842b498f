/* Queries on fields (docs/draft-format.md, "Queries"): a reviewer asks about a field, the
 * clerk answers, the reviewer closes or reopens. One table of who may do what from which
 * state, used by the loader (a thread must follow it), the store and every command.
 *
 *   open    reviewer  (no query)       -> open      text required
 *   answer  clerk     open, answered   -> answered  text required
 *   note    reviewer  open, answered   -> (same)    text required
 *   close   reviewer  open, answered   -> closed    text may be empty
 *   reopen  reviewer  answered, closed -> open      text required
 *
 * Pure: the caller supplies who and when. */
#ifndef SELFEVAL_CORE_QUERY_H
#define SELFEVAL_CORE_QUERY_H

#include "core/draft.h"

typedef enum { QA_OPEN = 0, QA_ANSWER, QA_NOTE, QA_CLOSE, QA_REOPEN, QA__COUNT } query_action;
typedef enum { QROLE_CLERK = 0, QROLE_REVIEWER } query_role;

/* "open", "answer", "note", "close", "reopen" ("" past the end). */
const char *query_action_name(query_action a);
/* 0 and *out, or -1 for a name that is none of them. */
int query_action_from_name(const char *name, query_action *out);
/* The role that may take an action. */
query_role query_action_role(query_action a);
/* The state after `a` from `state` (NULL: before the query exists), or NULL when the table
 * does not allow it. */
const char *query_next_state(const char *state, query_action a);

/* The state a thread leads to, or NULL when it breaks the table: then *bad is the index of
 * the first message that does, and *why (static text) says what was expected. */
const char *query_thread_state(const draft_query_msg *t, size_t n, size_t *bad,
                               const char **why);

/* By id; NULL when none. */
draft_query *draft_query_get(const draft *d, const char *id);
/* "q" + one more than the largest number used. NULL when out of memory. */
char *query_new_id(const draft *d);
/* Queries in `state` ("open", "answered", "closed"; NULL: all). */
size_t query_count(const draft *d, const char *state);

/* Whether `role` may take `a` on query `id` (for QA_OPEN: id is the new query's id or NULL,
 * and must not be in use) with `text`. 0, or -1 and *err (malloc'd) saying what is allowed:
 * "cannot close q2: it is closed (allowed: reopen)". */
int query_check(const draft *d, const char *id, query_action a, query_role role,
                const char *text, char **err);
/* Opens a query on `path` with id `id` (NULL: a new one, returned in *id_out when id_out is
 * not NULL, malloc'd). Nothing changes on refusal. */
int query_open(draft *d, const char *id, const char *path, const char *by, const char *at,
               const char *text, char **id_out, char **err);
/* Adds a message (any action but open) to query `id` and moves its state. */
int query_act(draft *d, const char *id, query_action a, query_role role, const char *by,
              const char *at, const char *text, char **err);
/* Takes back the last message of query `id` (undo): its state follows the rest of the thread;
 * a query whose only message goes is removed. 0, -1 when there is no such query. */
int query_undo(draft *d, const char *id);

#endif
