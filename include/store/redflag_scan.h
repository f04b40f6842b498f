/* The folder red flags of many drafts read from disk (core/redflag.h, docs/review-flags.md):
 * drafts are read with store/batch.h (each form loaded once, on worker threads) and reduced to
 * their fingerprints; nothing else is kept. */
#ifndef SELFEVAL_STORE_REDFLAG_SCAN_H
#define SELFEVAL_STORE_REDFLAG_SCAN_H

#include "core/redflag.h"
#include "store/batch.h"

/* Entries 0..n-1 are paths[0..n) (a file that cannot be read is left out: its reader says
 * why); entries n..n+nlast-1 are last[0..nlast), drafts named as last year's (references).
 * Returns 0 and *out (finished; the caller frees), or -1 and *err (malloc'd): a last year's
 * draft that cannot be read ("LAST: cannot read: …"), or out of memory. */
int redflag_scan(form_cache *c, const char *const *paths, size_t n, const char *const *last,
                 size_t nlast, int jobs, redflag_set **out, char **err);

/* Reads last[0..nlast), the drafts named as last year's, one after the other, and adds them
 * to `s` (not finished) as references: entries first..first+nlast-1, their file names the
 * caller's last[i] (valid as long as the set). `s` NULL: only reads them, so that a name that
 * cannot be read is refused before anything else is done. Returns 0, or -1 and *err
 * (malloc'd): "last year's draft LAST: cannot read: …", or out of memory. */
int redflag_scan_last(form_cache *c, redflag_set *s, size_t first, const char *const *last,
                      size_t nlast, char **err);

#endif
