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

#endif
