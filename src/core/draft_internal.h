/* Shared between the pieces of the draft module (not a public header). */
#ifndef SELFEVAL_CORE_DRAFT_INTERNAL_H
#define SELFEVAL_CORE_DRAFT_INTERNAL_H

#include "core/draft.h"

#define DRAFT_FORMAT_PREFIX "selfeval-draft/"

/* malloc'd copy of s (NULL for NULL s or out of memory). */
char *draft_strdup(const char *s);

/* The id of item i of a list in the draft (a comment's, a query's), NULL when it has none. */
typedef const char *(*draft_id_at)(const draft *d, size_t i);
/* A new id for a list of n items: the prefix and one more than the largest number in use
 * ("c3" after "c1", "c2"), never one already there. Malloc'd; NULL when out of memory. */
char *draft_next_id(const draft *d, char prefix, size_t n, draft_id_at id_at);

#endif
