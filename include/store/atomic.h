/* Atomic replacement of a file: the file on disk is always the whole old or the whole new
 * content, whatever fails and whenever the power goes. */
#ifndef SELFEVAL_STORE_ATOMIC_H
#define SELFEVAL_STORE_ATOMIC_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    bool fsync;          /* fsync the file and its directory (default true; benchmarks turn off) */
    bool backup;         /* keep the previous version as PATH~ (default true) */
} atomic_opts;

atomic_opts atomic_defaults(void);

/* Resolves `path` through symlinks, writes a temporary file in the same directory (mode of the
 * existing file, 0600 for a new one), writes everything (short writes, EINTR), fsyncs, closes,
 * keeps the old file as PATH~ (hard link, or copy when links are not possible), renames over
 * the real path, fsyncs the directory. On any failure: the old file is intact, the temporary
 * file is removed, and *err (malloc'd) says what and why, e.g.
 * "cannot save draft.json: the disk is full (No space left on device)". Returns 0 or -1. */
int atomic_save(const char *path, const void *data, size_t len, const atomic_opts *opts,
                char **err);

#endif
