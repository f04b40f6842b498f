/* The review states of a draft and their history (docs/draft-format.md, "Review").
 *
 * draft -> submitted -> returned (a reason is required) -> submitted again (marked
 * resubmitted) -> approved -> rechecked. Every transition sets meta.status and appends a
 * history entry: who, when, the action, the reason, and the SHA-256 of a canonical printing of
 * the draft's values (plus a short digest per field, so a later change can be named).
 * Pure: the caller supplies who and when; the store does the file (store/review_file.h). */
#ifndef SELFEVAL_CORE_REVIEW_H
#define SELFEVAL_CORE_REVIEW_H

#include "core/draft.h"
#include "core/sha256.h"

typedef enum { REVIEW_SUBMIT, REVIEW_RETURN, REVIEW_APPROVE, REVIEW_RECHECK } review_action;

/* "submitted", "returned", "approved", "rechecked": the status an action leads to (and the
 * action's name in the history). */
const char *review_action_status(review_action a);

/* Canonical printing of a values tree: objects with their keys in byte order, arrays in
 * order, strings escaped minimally, no white space. The same values give the same text
 * whatever their stored key order, comments, status or history. Malloc'd; NULL when out of
 * memory. */
char *review_values_canonical(const cJSON *values);
/* SHA-256 of that printing, 64 hex digits. Returns 0, -1 when out of memory. */
int review_values_sha256(const cJSON *values, char hex[SHA256_HEX_LEN + 1]);
/* Per-field digests: an object mapping each leaf's storage path (rows by their "_id") to the
 * first 16 hex digits of the SHA-256 of its text. NULL when out of memory. */
cJSON *review_field_digests(const cJSON *values);

/* Whether `a` is allowed now (same refusals and messages as review_apply). 0 or -1 and *err. */
int review_check(const draft *d, review_action a, const char *reason, char **err);
/* Applies an action: checks it is allowed from the draft's status (a reason is required to
 * return), sets the status and appends the history entry. On refusal returns -1 and *err
 * (malloc'd) says what is allowed: "cannot approve: the draft is returned (allowed: submit)".
 * Nothing changes on refusal. `by` and `at` are copied. */
int review_apply(draft *d, review_action a, const char *by, const char *at, const char *reason,
                 char **err);

/* The history entry that `verify` compares with: the last approval or re-check, else the
 * last submission. NULL when there is none. */
const draft_event *review_reference(const draft *d);

/* Storage paths whose values differ from those recorded in `ev` (changed, added or removed),
 * sorted; *n gets the count. Returns 0 and *paths (caller frees each and the array; NULL when
 * none), -1 when out of memory. When `ev` holds no per-field digests and the hash differs,
 * the single path "values" is reported. */
int review_changed_fields(const draft *d, const draft_event *ev, char ***paths, size_t *n);

#endif
