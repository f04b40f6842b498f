/* The reviewer's inbox (store/inbox.h): reading a folder into rows, on this thread or on one of
 * its own; the view (sort keys, filter); bulk approve / return. */
#include "inbox_internal.h"

#include "store/files.h"
#include "store/redflag_scan.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_KEYS = 4 };   /* the primary sort column and the three chosen before it */

typedef struct {
    inbox_col col;
    bool desc;
} sort_key;

struct inbox {
    pthread_mutex_t mu;
    /* the rows: allocated once the folder is walked; rows[0..nread) are done and never change
     * while reading (a bulk action replaces a row's texts only when reading has ended) */
    inbox_row *rows;
    size_t total, nread;
    form_cache *forms;
    /* the folder's red flags (inbox_flags.c), one count per row: the reader publishes them
     * (under mu) once every row is read and the drafts are read again; inbox_refresh adds
     * them to the rows on the caller's thread, so rows are never written while shown */
    unsigned *folder_flags;      /* published by the reader: per row, its folder flags */
    /* published with them: the compared set, kept for the findings of a submission opened
     * (inbox_row_findings; only read from then on), and the folder walk it names files by */
    inbox_folder *folder;
    file_list files;
    const char **paths;
    bool folder_applied;         /* added to the rows (by inbox_refresh) */
    bool comparing;              /* every row read; the drafts are read again for them */
    size_t ncompared, ncompare;  /* drafts read again so far, of how many */
    /* reading on a thread */
    bool started, running, finished, stop;
    pthread_t th;
    char **args;
    size_t nargs;
    int jobs;
    char *read_err;
    /* recovered copies the folder walk left out (store/files.h): the walk's, taken over */
    char **recovered;
    size_t nrecovered;
    /* last year's drafts named (inbox_set_last): compared with, never rows */
    char **last;
    size_t nlast;
    /* the view */
    sort_key keys[MAX_KEYS];
    size_t nkeys;
    inbox_filter filter;
    size_t *view, nview, seen;
};

static const char *const COLS[IB__COUNT] = {
    "file", "unit", "form", "year", "total", "grade", "errors", "warnings", "queries", "flags",
    "status", "modified",
};

const char *inbox_col_name(inbox_col c)
{
    return (unsigned)c < IB__COUNT ? COLS[c] : NULL;
}

int inbox_col_parse(const char *name)
{
    for (int c = 0; c < IB__COUNT; c++)
        if (strcmp(name, COLS[c]) == 0)
            return c;
    return -1;
}

inbox *inbox_new(void)
{
    inbox *ib = calloc(1, sizeof *ib);
    if (!ib)
        return NULL;
    if (pthread_mutex_init(&ib->mu, NULL) != 0) {
        free(ib);
        return NULL;
    }
    ib->keys[0] = (sort_key){IB_FILE, false};
    ib->nkeys = 1;
    return ib;
}

static void free_names(char ***v, size_t *n)
{
    for (size_t i = 0; i < *n; i++)
        free((*v)[i]);
    free(*v);
    *v = NULL;
    *n = 0;
}

static void free_args(inbox *ib)
{
    free_names(&ib->args, &ib->nargs);
}

/* A copy of names[0..n) in *out (NULL-ended); -1 when out of memory (*out then NULL). */
static int copy_names(const char *const *names, size_t n, char ***out)
{
    char **v = calloc(n + 1, sizeof *v);
    for (size_t i = 0; v && i < n; i++) {
        if (!(v[i] = strdup(names[i]))) {
            free_names(&v, &i);
            break;
        }
    }
    *out = v;
    return v ? 0 : -1;
}

void inbox_free(inbox *ib)
{
    if (!ib)
        return;
    inbox_stop(ib);
    for (size_t i = 0; i < ib->nread; i++)
        inbox_row_clear(&ib->rows[i]);
    free(ib->rows);
    form_cache_free(ib->forms);
    free(ib->folder_flags);
    inbox_folder_free(ib->folder);
    free(ib->paths);
    file_list_free(&ib->files);
    for (size_t i = 0; i < ib->nrecovered; i++)
        free(ib->recovered[i]);
    free(ib->recovered);
    free_args(ib);
    free_names(&ib->last, &ib->nlast);
    free(ib->read_err);
    free((char *)ib->filter.status);
    free((char *)ib->filter.unit);
    free(ib->view);
    pthread_mutex_destroy(&ib->mu);
    free(ib);
}

int inbox_set_last(inbox *ib, const char *const *last, size_t nlast, char **err)
{
    *err = NULL;
    if (ib->started || ib->rows) {
        *err = strdup("the inbox has been read already");
        return -1;
    }
    if (!ib->forms && !(ib->forms = form_cache_new())) {
        *err = strdup("out of memory");
        return -1;
    }
    if (redflag_scan_last(ib->forms, NULL, 0, last, nlast, err) != 0)
        return -1;
    char **v = NULL;
    if (copy_names(last, nlast, &v) != 0) {
        *err = strdup("out of memory");
        return -1;
    }
    free_names(&ib->last, &ib->nlast);
    ib->last = v;
    ib->nlast = nlast;
    return 0;
}

size_t inbox_last(const inbox *ib, const char *const **names)
{
    if (names)
        *names = (const char *const *)ib->last;
    return ib->nlast;
}

/* ---- reading ---- */

typedef struct {
    inbox *ib;
    const file_list *files;
    inbox_progress_fn fn;
    void *ctx;
    int stopped;          /* the progress function's non-zero value */
    bool oom;
} read_run;

static int add_row(void *ctx, size_t i, batch_item *it)
{
    read_run *R = ctx;
    inbox *ib = R->ib;
    const char *pre = R->files->v[i].error;   /* a folder that could not be read */
    batch_item folder = {.path = it->path, .error = (char *)pre};
    if (inbox_row_make(&ib->rows[i], pre ? &folder : it) != 0) {
        R->oom = true;
        return -1;
    }
    pthread_mutex_lock(&ib->mu);
    ib->nread = i + 1;
    pthread_mutex_unlock(&ib->mu);
    int rc = R->fn ? R->fn(R->ctx, i + 1, R->files->n) : 0;
    if (rc)
        R->stopped = rc;
    return rc;
}

static char *oom(void)
{
    return strdup("out of memory");
}

/* The second reading's progress: how many compared; inbox_stop stops it. */
static int compared(void *ctx, size_t done, size_t total)
{
    inbox *ib = ctx;
    pthread_mutex_lock(&ib->mu);
    ib->ncompared = done;
    ib->ncompare = total;
    bool stop = ib->stop;
    pthread_mutex_unlock(&ib->mu);
    return stop ? 1 : 0;
}

/* Every row read: each draft's count of folder flags, published for inbox_refresh to add to
 * the rows, with the set, the walk and its paths (taken over: NULL / emptied here). 0, 1 when
 * inbox_stop stopped it, -1 when out of memory. */
static int folder_flags(inbox *ib, inbox_folder **f, file_list *files, const char ***paths,
                        int jobs)
{
    pthread_mutex_lock(&ib->mu);
    ib->comparing = true;
    pthread_mutex_unlock(&ib->mu);
    unsigned *counts = NULL;
    int rc = inbox_folder_count(*f, ib->forms, *paths, jobs, compared, ib, &counts);
    if (rc != 0)
        return rc;
    pthread_mutex_lock(&ib->mu);
    ib->folder_flags = counts;
    ib->folder = *f;
    ib->files = *files;
    ib->paths = *paths;
    pthread_mutex_unlock(&ib->mu);
    *f = NULL;
    memset(files, 0, sizeof *files);
    *paths = NULL;
    return 0;
}

int inbox_read(inbox *ib, const char *const *args, size_t n, int jobs, inbox_progress_fn fn,
               void *ctx, char **err)
{
    *err = NULL;
    if (ib->rows) {
        *err = strdup("the inbox has been read already");
        return -1;
    }
    if (!ib->forms && !(ib->forms = form_cache_new())) {
        *err = oom();
        return -1;
    }
    file_list files = {0};
    const char **paths = NULL;
    inbox_row *rows = NULL;
    if (file_list_expand(&files, args, n, NULL) != 0 ||
        !(paths = calloc(files.n + 1, sizeof *paths)) ||
        !(rows = calloc(files.n + 1, sizeof *rows))) {
        free(paths);
        free(rows);
        file_list_free(&files);
        *err = oom();
        return -1;
    }
    for (size_t i = 0; i < files.n; i++)
        paths[i] = files.v[i].path;
    pthread_mutex_lock(&ib->mu);
    ib->recovered = files.recovered;
    ib->nrecovered = files.nrecovered;
    pthread_mutex_unlock(&ib->mu);
    files.recovered = NULL;
    files.nrecovered = 0;
    /* the folder's red flags: last year's drafts named first (one that cannot be read now
     * stops the reading before any row), fingerprints while the rows are made, compared once
     * every row is shown */
    inbox_folder *folder = inbox_folder_new(paths, files.n);
    if (!folder || inbox_folder_add_last(folder, ib->forms, (const char *const *)ib->last,
                                         ib->nlast, err) != 0) {
        if (!*err)
            *err = oom();
        inbox_folder_free(folder);
        free(paths);
        free(rows);
        file_list_free(&files);
        return -1;
    }
    pthread_mutex_lock(&ib->mu);
    ib->rows = rows;
    ib->total = files.n;
    pthread_mutex_unlock(&ib->mu);
    if (fn && fn(ctx, 0, files.n) != 0) {
        inbox_folder_free(folder);
        free(paths);
        file_list_free(&files);
        return 1;
    }
    read_run R = {.ib = ib, .files = &files, .fn = fn, .ctx = ctx};
    if (jobs < 1)
        jobs = batch_default_jobs();
    batch_opts bo = {.prepare = inbox_folder_fingerprint, .prepare_ctx = folder};
    int br = batch_run(ib->forms, paths, files.n, jobs, &bo, add_row, &R);
    int fr = R.oom || br == -1 || R.stopped ? 0 : folder_flags(ib, &folder, &files, &paths, jobs);
    inbox_folder_free(folder);
    free(paths);
    file_list_free(&files);
    if (R.oom || br == -1 || fr < 0) {
        *err = oom();
        return -1;
    }
    return R.stopped ? R.stopped : fr;
}

static int stop_asked(void *ctx, size_t done, size_t total)
{
    inbox *ib = ctx;
    (void)done;
    (void)total;
    pthread_mutex_lock(&ib->mu);
    bool stop = ib->stop;
    pthread_mutex_unlock(&ib->mu);
    return stop ? 1 : 0;
}

static void *reader(void *arg)
{
    inbox *ib = arg;
    char *err = NULL;
    int rc = inbox_read(ib, (const char *const *)ib->args, ib->nargs, ib->jobs, stop_asked, ib,
                        &err);
    pthread_mutex_lock(&ib->mu);
    ib->finished = true;
    ib->read_err = rc < 0 ? err : NULL;
    pthread_mutex_unlock(&ib->mu);
    if (rc >= 0)
        free(err);
    return NULL;
}

int inbox_start(inbox *ib, const char *const *args, size_t n, int jobs, char **err)
{
    *err = NULL;
    if (ib->started) {
        *err = strdup("the inbox has been read already");
        return -1;
    }
    if (copy_names(args, n, &ib->args) != 0) {
        *err = oom();
        return -1;
    }
    ib->nargs = n;
    ib->jobs = jobs;
    if (pthread_create(&ib->th, NULL, reader, ib) != 0) {
        free_args(ib);
        *err = strdup("cannot start a thread to read the folder");
        return -1;
    }
    ib->started = ib->running = true;
    return 0;
}

bool inbox_comparing(inbox *ib, size_t *done, size_t *total)
{
    pthread_mutex_lock(&ib->mu);
    bool c = ib->comparing && !ib->folder_flags && !ib->finished;
    if (done)
        *done = ib->ncompared;
    if (total)
        *total = ib->ncompare;
    pthread_mutex_unlock(&ib->mu);
    return c;
}

bool inbox_poll(inbox *ib, size_t *done, size_t *total, char **err)
{
    if (err)
        *err = NULL;
    pthread_mutex_lock(&ib->mu);
    *done = ib->nread;
    *total = ib->total;
    bool fin = !ib->running || ib->finished;
    if (fin && err && ib->read_err)
        *err = strdup(ib->read_err);
    pthread_mutex_unlock(&ib->mu);
    if (fin && ib->running) {
        pthread_join(ib->th, NULL);
        ib->running = false;
    }
    return fin;
}

void inbox_stop(inbox *ib)
{
    if (!ib->running)
        return;
    pthread_mutex_lock(&ib->mu);
    ib->stop = true;
    pthread_mutex_unlock(&ib->mu);
    pthread_join(ib->th, NULL);
    ib->running = false;
}

/* ---- the view ---- */

void inbox_sort(inbox *ib, inbox_col col, bool descending)
{
    size_t k = 0;
    sort_key keys[MAX_KEYS];
    keys[k++] = (sort_key){col, descending};
    for (size_t i = 0; i < ib->nkeys && k < MAX_KEYS; i++)
        if (ib->keys[i].col != col)
            keys[k++] = ib->keys[i];
    memcpy(ib->keys, keys, k * sizeof *keys);
    ib->nkeys = k;
}

inbox_col inbox_sort_col(const inbox *ib, bool *descending)
{
    if (descending)
        *descending = ib->keys[0].desc;
    return ib->keys[0].col;
}

int inbox_set_filter(inbox *ib, const inbox_filter *f)
{
    char *st = f->status && *f->status ? strdup(f->status) : NULL;
    char *un = f->unit && *f->unit ? strdup(f->unit) : NULL;
    if ((f->status && *f->status && !st) || (f->unit && *f->unit && !un)) {
        free(st);
        free(un);
        return -1;
    }
    free((char *)ib->filter.status);
    free((char *)ib->filter.unit);
    ib->filter = *f;
    ib->filter.status = st;
    ib->filter.unit = un;
    return 0;
}

const inbox_filter *inbox_get_filter(const inbox *ib)
{
    return &ib->filter;
}

static int by_keys(const void *pa, const void *pb, void *ctx)
{
    const inbox *ib = ctx;
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    for (size_t k = 0; k < ib->nkeys; k++) {
        int c = inbox_row_cmp(&ib->rows[a], &ib->rows[b], ib->keys[k].col, ib->keys[k].desc);
        if (c)
            return c;
    }
    /* the order of the folder walk (by path) decides the rest: a total order, so the same
     * rows sort the same whatever order they were read in */
    return a < b ? -1 : a > b;
}

size_t inbox_refresh(inbox *ib)
{
    pthread_mutex_lock(&ib->mu);
    size_t n = ib->nread;
    bool add_folder = ib->folder_flags && !ib->folder_applied;
    pthread_mutex_unlock(&ib->mu);
    /* published after the last row: every row is read and the reader writes no more */
    if (add_folder) {
        for (size_t i = 0; i < n; i++)
            ib->rows[i].flags += ib->folder_flags[i];
        ib->folder_applied = true;
    }
    size_t *v = malloc((n + 1) * sizeof *v);
    if (!v)
        return (size_t)-1;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (inbox_row_matches(&ib->rows[i], &ib->filter))
            v[m++] = i;
    qsort_r(v, m, sizeof *v, by_keys, ib);
    free(ib->view);
    ib->view = v;
    ib->nview = m;
    ib->seen = n;
    return m;
}

int inbox_row_findings(inbox *ib, const char *file, const engine *e, finding_list *out)
{
    pthread_mutex_lock(&ib->mu);
    const inbox_folder *f = ib->folder;
    const char *const *paths = ib->paths;
    size_t n = f ? ib->total : 0;
    pthread_mutex_unlock(&ib->mu);
    for (size_t i = 0; i < n; i++)
        if (strcmp(paths[i], file) == 0)
            return inbox_folder_findings(f, i, e, out);
    return 0;
}

size_t inbox_recovered(inbox *ib, char *const **names)
{
    pthread_mutex_lock(&ib->mu);
    size_t n = ib->nrecovered;
    if (names)
        *names = ib->recovered;
    pthread_mutex_unlock(&ib->mu);
    return n;
}

size_t inbox_count(const inbox *ib)
{
    return ib->nview;
}

size_t inbox_read_count(const inbox *ib)
{
    return ib->seen;
}

const inbox_row *inbox_get(const inbox *ib, size_t i)
{
    return i < ib->nview ? &ib->rows[ib->view[i]] : NULL;
}

size_t inbox_find(const inbox *ib, const inbox_row *r)
{
    if (!r || !ib->rows || r < ib->rows || r >= ib->rows + ib->seen)
        return (size_t)-1;
    size_t idx = (size_t)(r - ib->rows);
    for (size_t i = 0; i < ib->nview; i++)
        if (ib->view[i] == idx)
            return i;
    return (size_t)-1;
}

/* ---- bulk ---- */

/* Reads the file again: its row now. 0, or -1 when out of memory (the row is kept). */
static int reread(inbox *ib, inbox_row *r, unsigned *errors)
{
    batch_item it;
    batch_opts bo = {0};
    char *path = strdup(r->file);
    if (!path)
        return -1;
    batch_open(ib->forms, path, &bo, &it);
    inbox_row nr;
    int rc = inbox_row_make(&nr, &it);
    /* the folder's flags of the draft as it is now (its values may have changed on disk since
     * the folder was read): found as the submission opened finds them (inbox_row_findings), so
     * its line and its findings agree */
    size_t nfolder = 0;
    if (rc == 0 && ib->folder_applied && !nr.error && it.e) {
        finding_list l = {0};
        if (inbox_folder_findings(ib->folder, (size_t)(r - ib->rows), it.e, &l) != 0) {
            inbox_row_clear(&nr);
            rc = -1;
        }
        nfolder = l.len;
        findings_free(&l);
    }
    batch_item_clear(&it);
    free(path);
    if (rc != 0)
        return -1;
    if (errors)
        *errors = nr.error ? 1 : nr.errors;
    nr.flags += (unsigned)nfolder;
    pthread_mutex_lock(&ib->mu);
    inbox_row_clear(r);
    *r = nr;
    pthread_mutex_unlock(&ib->mu);
    return 0;
}

int inbox_reload(inbox *ib, const inbox_row *r)
{
    if (ib->running || !ib->rows || r < ib->rows || r >= ib->rows + ib->seen)
        return -1;
    return reread(ib, &ib->rows[r - ib->rows], NULL);
}

static char *errors_message(const inbox_row *r)
{
    char *m = NULL;
    if (r->error) {
        if (asprintf(&m, "%s", r->error) < 0)
            m = NULL;
    } else if (asprintf(&m, "%s: has %u error(s); they must be fixed before it is approved "
                        "(return it to the clerk instead)", r->file, r->errors) < 0) {
        m = NULL;
    }
    return m;
}

int inbox_bulk(inbox *ib, review_action a, const char *by, const char *reason,
               inbox_bulk_fn report, void *ctx, size_t *done, size_t *refused)
{
    *done = *refused = 0;
    if (ib->running)
        return -1;
    /* the rows of the view as it is now: reading a row again does not move it mid-way */
    size_t n = ib->nview;
    size_t *rows = malloc((n + 1) * sizeof *rows);
    if (!rows)
        return -1;
    memcpy(rows, ib->view, n * sizeof *rows);
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        inbox_row *r = &ib->rows[rows[i]];
        /* approving a file with errors is refused; returning it is how the clerk hears of them */
        if (a == REVIEW_APPROVE) {
            unsigned errs = 0;
            if (!r->error && r->errors == 0 && reread(ib, r, &errs) != 0) {
                rc = -1;
                break;
            }
            if (r->error || r->errors > 0 || errs > 0) {
                char *m = errors_message(r);
                if (report)
                    report(ctx, r, REVIEW_HAS_ERRORS, m ? m : "has errors");
                free(m);
                (*refused)++;
                continue;
            }
        }
        char *err = NULL;
        review_result res = review_file_apply(r->file, a, by, reason, NULL, &err);
        if (res == REVIEW_DONE) {
            (*done)++;
            if (reread(ib, r, NULL) != 0)
                rc = -1;
        } else {
            (*refused)++;
        }
        if (report)
            report(ctx, r, res, err);
        free(err);
    }
    free(rows);
    return rc;
}
