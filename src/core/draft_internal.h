/* Shared between the pieces of the draft module (not a public header). */
#ifndef SELFEVAL_CORE_DRAFT_INTERNAL_H
#define SELFEVAL_CORE_DRAFT_INTERNAL_H

#include "core/draft.h"

#define DRAFT_FORMAT_PREFIX "selfeval-draft/"

/* malloc'd copy of s (NULL for NULL s or out of memory). */
char *draft_strdup(const char *s);

#endif
