/* Inside the inbox (store/inbox.h): making a row from a read draft, comparing rows. */
#ifndef SELFEVAL_STORE_INBOX_INTERNAL_H
#define SELFEVAL_STORE_INBOX_INTERNAL_H

#include "store/batch.h"
#include "store/inbox.h"

/* Fills *r from a read item (its error, or its draft and computed engine): the texts are
 * copied into one block, nothing of the draft is kept. -1 when out of memory. */
int inbox_row_make(inbox_row *r, const batch_item *it);
void inbox_row_clear(inbox_row *r);

/* Orders a and b by one column: < 0, 0, > 0. Blank values come last in either direction. */
int inbox_row_cmp(const inbox_row *a, const inbox_row *b, inbox_col c, bool descending);

/* The filter holds for r. */
bool inbox_row_matches(const inbox_row *r, const inbox_filter *f);

/* The folder's red flags of a reading (inbox_flags.c): a set of the drafts' fingerprints,
 * filled by the first reading (batch_opts.prepare = inbox_folder_fingerprint, prepare_ctx =
 * the folder, on the workers), then counted per draft by reading them again. `paths` are
 * those given to batch_run: an item is known by its path pointer. NULL when out of memory. */
typedef struct inbox_folder inbox_folder;
inbox_folder *inbox_folder_new(const char *const *paths, size_t n);
void inbox_folder_free(inbox_folder *f);
/* Adds last year's drafts named (store/redflag_scan.h, redflag_scan_last: entries from n on, as
 * check numbers them), before the first reading; `last` stays valid as long as the folder.
 * 0, or -1 and *err (malloc'd). */
int inbox_folder_add_last(inbox_folder *f, form_cache *c, const char *const *last,
                          size_t nlast, char **err);
void inbox_folder_fingerprint(void *folder, batch_item *it);
/* After each draft read again (done of total); non-zero stops. On the calling thread. */
typedef int (*inbox_folder_fn)(void *ctx, size_t done, size_t total);
/* Finishes the set and reads again, on `jobs` threads, those of paths[0..n) that may have
 * folder flags (redflag_set_may_flag): *counts (malloc'd) gets each draft's number of them. 0; fn's value when it stopped; -1 when out of memory
 * (now or while fingerprints were added). */
/* After inbox_folder_count: appends the folder flags of paths[i] found from `e` (that draft
 * computed again), those counted. 0, or -1 when out of memory. The folder is only read. */
int inbox_folder_findings(const inbox_folder *f, size_t i, const engine *e, finding_list *out);
int inbox_folder_count(inbox_folder *f, form_cache *c, const char *const *paths, int jobs,
                       inbox_folder_fn fn, void *ctx, unsigned **counts);

#endif
