/* The folder's red flags of an inbox (inbox_internal.h): a target below the same unit's
 * actual of the year before (in the folder or named as last year's, inbox_set_last), text
 * identical to another unit's (core/redflag.h), counted per draft as `check [--last LAST] DIR`
 * finds them. The first reading of the folder adds each draft's
 * fingerprint on the worker that opened it (one at a time: the set takes one writer), while
 * the calling thread makes the rows; once it has ended, the set is finished and the drafts
 * that may have some are read again (the set keeps no flags: a draft's are found from it
 * computed again, as check finds them), their flags found on the workers (the finished set
 * is only read) and only their number kept. */
#include "inbox_internal.h"

#include "core/redflag.h"
#include "store/redflag_scan.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

typedef struct {
    const char *path;     /* the pointer batch_item.path holds */
    size_t index;
} path_index;

struct inbox_folder {
    redflag_set *set;
    path_index *by_path;  /* sorted by pointer: an item's index from its path */
    size_t n;
    pthread_mutex_t mu;   /* one fingerprint added at a time */
    bool failed;          /* out of memory while adding one */
};

static int cmp_path_ptr(const void *a, const void *b)
{
    const char *x = ((const path_index *)a)->path, *y = ((const path_index *)b)->path;
    return x < y ? -1 : x > y;
}

inbox_folder *inbox_folder_new(const char *const *paths, size_t n)
{
    inbox_folder *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->n = n;
    f->set = redflag_set_new();
    f->by_path = calloc(n + 1, sizeof *f->by_path);
    if (!f->set || !f->by_path || pthread_mutex_init(&f->mu, NULL) != 0) {
        redflag_set_free(f->set);
        free(f->by_path);
        free(f);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        f->by_path[i] = (path_index){paths[i], i};
    qsort(f->by_path, n, sizeof *f->by_path, cmp_path_ptr);
    return f;
}

void inbox_folder_free(inbox_folder *f)
{
    if (!f)
        return;
    redflag_set_free(f->set);
    free(f->by_path);
    pthread_mutex_destroy(&f->mu);
    free(f);
}

int inbox_folder_add_last(inbox_folder *f, form_cache *c, const char *const *last,
                          size_t nlast, char **err)
{
    return redflag_scan_last(c, f->set, f->n, last, nlast, err);
}

/* The index of the item (its path is one of those given to inbox_folder_new); -1 when not. */
static long index_of(const inbox_folder *f, const batch_item *it)
{
    path_index key = {it->path, 0};
    const path_index *pi = bsearch(&key, f->by_path, f->n, sizeof key, cmp_path_ptr);
    return pi ? (long)pi->index : -1;
}

void inbox_folder_fingerprint(void *ctx, batch_item *it)
{
    inbox_folder *f = ctx;
    long i = it->error || !it->e ? -1 : index_of(f, it);
    if (i < 0)
        return;
    pthread_mutex_lock(&f->mu);
    /* the file name is the caller's path, valid as long as the set */
    if (redflag_set_add(f->set, (size_t)i, it->e, it->path, false) != 0)
        f->failed = true;
    pthread_mutex_unlock(&f->mu);
}

/* On a worker of the second reading: the item's count of folder flags as its `prepared`
 * (count + 1; NULL: out of memory), its draft released at once. */
static void count_one(void *ctx, batch_item *it)
{
    const inbox_folder *f = ctx;
    it->prepared = (void *)(uintptr_t)1;
    long i = it->error || !it->e ? -1 : index_of(f, it);
    if (i >= 0) {
        finding_list l = {0};
        it->prepared = redflag_set_findings(f->set, (size_t)i, it->e, &l) == 0
                           ? (void *)(uintptr_t)(l.len + 1)
                           : NULL;
        findings_free(&l);
    }
    batch_item_release(it);
}

typedef struct {
    unsigned *count;
    const size_t *index;  /* the drafts read again: their index among all */
    size_t n;             /* how many */
    inbox_folder_fn fn;
    void *ctx;
    int stopped;
} count_run;

static int take_count(void *ctx, size_t i, batch_item *it)
{
    count_run *C = ctx;
    if (!it->prepared)
        return -1;
    C->count[C->index[i]] = (unsigned)((uintptr_t)it->prepared - 1);
    int rc = C->fn ? C->fn(C->ctx, i + 1, C->n) : 0;
    if (rc)
        C->stopped = rc;
    return rc;
}

int inbox_folder_count(inbox_folder *f, form_cache *c, const char *const *paths, int jobs,
                       inbox_folder_fn fn, void *ctx, unsigned **counts)
{
    *counts = NULL;
    count_run C = {.count = calloc(f->n + 1, sizeof *C.count), .fn = fn, .ctx = ctx};
    size_t *index = calloc(f->n + 1, sizeof *index);
    const char **again = calloc(f->n + 1, sizeof *again);
    int rc = -1;
    if (C.count && index && again && !f->failed && redflag_set_finish(f->set) == 0) {
        /* only the drafts that may have some are read again: in a folder of distinct units
         * and one year, hardly any */
        size_t m = 0;
        for (size_t i = 0; i < f->n; i++)
            if (redflag_set_may_flag(f->set, i)) {
                index[m] = i;
                again[m++] = paths[i];
            }
        C.index = index;
        C.n = m;
        /* only the set's flags are counted: the drafts' own findings need no messages */
        batch_opts bo = {.counts_only = true, .prepare = count_one, .prepare_ctx = f};
        int br = m ? batch_run(c, again, m, jobs, &bo, take_count, &C) : 0;
        rc = C.stopped ? C.stopped : br != 0 ? -1 : 0;
    }
    free(index);
    free(again);
    if (rc == 0)
        *counts = C.count;
    else
        free(C.count);
    return rc;
}

int inbox_folder_findings(const inbox_folder *f, size_t i, const engine *e, finding_list *out)
{
    return redflag_set_findings(f->set, i, e, out);
}
