/* Review transitions on a draft file: opened like the editor opens it (the edit lock taken,
 * refused while someone edits it or unsaved changes wait for recovery), the transition
 * applied by core/review.h, saved atomically. The editor's review screens use the same. */
#ifndef SELFEVAL_STORE_REVIEW_FILE_H
#define SELFEVAL_STORE_REVIEW_FILE_H

#include "core/finding.h"
#include "core/review.h"
#include "store/doc.h"

typedef enum {
    REVIEW_DONE = 0,
    REVIEW_HAS_ERRORS,      /* submit refused: *errors holds the draft's error findings */
    REVIEW_NOT_ALLOWED,     /* the transition is not allowed from the status (or no reason) */
    REVIEW_FAILED           /* the file could not be opened, locked or saved */
} review_result;

/* Applies `a` to the draft at `path` by `by` (now, in local time with offset). `errors` may be
 * NULL; when given, it receives the error findings that refuse a submission (caller frees
 * with findings_free or the equivalent). *err (malloc'd) says why on anything but DONE. */
review_result review_file_apply(const char *path, review_action a, const char *by,
                                const char *reason, finding_list *errors, char **err);

/* Opens a draft file for one headless action in `mode` (DOC_EDIT: the clerk; DOC_REVIEW: a
 * reviewer) acting as `by` (NULL: doc_who's default): refused, NULL and *err, when it is
 * missing, a folder, being edited, or has unsaved changes waiting for recovery. The caller
 * saves (doc_save) and closes (doc_close). */
doc *review_file_open(const char *path, doc_mode mode, const char *by, char **err);

/* The user's name from the system: $SELFEVAL_USER, else the full name of the password entry
 * (up to the first ','), else the login name. Malloc'd. */
char *review_default_user(void);

#endif
