/* Reading many drafts for reports (check, summary, databases, exports): each form is loaded
 * once per process and shared by every draft of it (a form cache); each file is read once
 * (its bytes hashed when asked); drafts are opened and computed on worker threads and handed
 * back in the order they were named, each as soon as it and those before it are done.
 *
 * Read-only: no lock is taken, no journal written. */
#ifndef SELFEVAL_STORE_BATCH_H
#define SELFEVAL_STORE_BATCH_H

#include "core/engine.h"
#include <stdbool.h>
#include <stddef.h>

typedef struct form_cache form_cache;

/* A cache of the installed forms (doc_forms_dir()). NULL when out of memory. */
form_cache *form_cache_new(void);
/* The form `id`, loaded on first use; safe from several threads. A form that cannot be loaded
 * is remembered too (its message is given again). NULL and *err (malloc'd). */
const form *form_cache_get(form_cache *c, const char *id, char **err);
/* How many times a form file was loaded (for tests: once per form). */
size_t form_cache_loads(const form_cache *c);
void form_cache_free(form_cache *c);

typedef struct batch_item batch_item;

typedef struct {
    bool sha256;           /* hash the file's bytes into item.sha256 */
    bool journal;          /* look for a journal of unsaved changes (item.journal_waiting) */
    /* The caller only counts findings (engine_set_counts_only): their messages are "" */
    bool counts_only;
    /* When set: called on the worker thread right after each draft is opened (also one that
     * could not be), with prepare_ctx, to turn it into what `each` needs (item.prepared) while
     * the calling thread handles the drafts before it. It may release the draft and its engine
     * (batch_item_release) when `each` needs only what it made. It must not touch anything
     * but the item and what it owns itself: several run at once. */
    void (*prepare)(void *prepare_ctx, batch_item *it);
    void *prepare_ctx;
    /* How many drafts may be opened ahead of the one `each` has (0: 4 per job). More lets
     * the workers go on while `each` waits (on a database server); worth it only when what
     * an item holds is small (prepared, its draft released). */
    size_t ahead;
} batch_opts;

struct batch_item {
    const char *path;      /* as named (not owned) */
    char *error;           /* why it could not be checked; NULL when it was (owned) */
    draft *d;              /* owned */
    engine *e;             /* owned; computed */
    const form *f;         /* the cache's */
    char sha256[65];       /* the file's SHA-256, 64 hex digits; "" when not asked or not read */
    bool journal_waiting;  /* a journal with unsaved changes of an interrupted session */
    void *prepared;        /* what batch_opts.prepare made; freed by prepared_free */
    void (*prepared_free)(void *prepared);
};

/* Opens one draft: a regular file (a folder, a FIFO or a device is refused without waiting on
 * it), at most DRAFT_MAX_BYTES, parsed strictly, its form from the cache (a draft of a newer
 * version of its form is refused), computed. Fills *it (error set on failure). */
void batch_open(form_cache *c, const char *path, const batch_opts *o, batch_item *it);
void batch_item_clear(batch_item *it);
/* Frees the draft and its engine only (e, d and f become NULL); the rest of the item stays. */
void batch_item_release(batch_item *it);

/* Called on the calling thread for items 0, 1, … in order. Non-zero stops the run. */
typedef int (*batch_fn)(void *ctx, size_t index, batch_item *it);

/* Opens paths[0..n) on `jobs` threads (1: on this thread) and calls `each` for each in order.
 * At most about 4 × jobs drafts (batch_opts.ahead) are held at once, whatever n. An item `each`
 * is done with is cleared by the worker that opened it (its memory goes back to that thread's
 * arena), before that worker opens its next draft. Returns 0, or each's non-zero
 * value, or -1 when out of memory before anything was called. */
int batch_run(form_cache *c, const char *const *paths, size_t n, int jobs, const batch_opts *o,
              batch_fn each, void *ctx);

/* The number of processors this process may run on (at least 1): the default for -j. */
int batch_default_jobs(void);

#endif
