/* Edit locks: DRAFT.lock beside the draft records who edits it (user, host, pid, since).
 * A second editor gets a read-only view and is told who holds the lock; a lock whose process
 * is dead on this host is taken over with a notice. Created with O_EXCL, so two editors can
 * never both hold it. */
#ifndef SELFEVAL_STORE_LOCK_H
#define SELFEVAL_STORE_LOCK_H

#include <sys/types.h>
#include <time.h>

typedef struct {
    char *user, *host;
    pid_t pid;
    time_t since;
} lock_holder;

typedef enum {
    LOCK_ACQUIRED = 0,
    LOCK_TAKEN_OVER,     /* a stale lock (dead process on this host) was replaced; see *prev */
    LOCK_HELD,           /* someone else holds it: see *holder; open read-only */
    LOCK_FAILED          /* could not create or read the lock: *err says why */
} lock_status;

typedef struct edit_lock edit_lock;

char *lock_path_for(const char *draft_path);          /* malloc'd "DRAFT.lock" */
/* On LOCK_HELD / LOCK_TAKEN_OVER, *other (caller frees with lock_holder_free) describes the
 * holder / the previous stale holder; `other` may be NULL. A lock file that cannot be read or
 * understood is never deleted: LOCK_HELD with user "unknown", and *err (caller frees) says so.
 * Set SELFEVAL_USER to record a display name instead of the login name. */
lock_status lock_acquire(const char *draft_path, edit_lock **out, lock_holder *other, char **err);
/* Looks without taking: LOCK_HELD (a live holder, or a lock that cannot be understood;
 * *holder says who), LOCK_TAKEN_OVER (a stale lock), LOCK_ACQUIRED (no lock). */
lock_status lock_probe(const char *draft_path, lock_holder *holder);
void lock_release(edit_lock *l);                       /* removes the lock file, frees */
void lock_holder_free(lock_holder *h);
/* "贺家悦@office-pc (pid 4242, since 2026-04-27 09:30)" style text, malloc'd. */
char *lock_holder_describe(const lock_holder *h);

#endif
