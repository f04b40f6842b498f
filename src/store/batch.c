/* Many drafts for reports (store/batch.h): a form cache, one draft opened read-only, and the
 * ordered parallel run. */
#include "store/batch.h"

#include "doc_internal.h"
#include "store/doc.h"
#include "store/fileio.h"
#include "store/journal.h"

#include <errno.h>
#include <nettle/sha2.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- the form cache ---- */

typedef struct {
    char *id;
    form *f;          /* NULL when it could not be loaded */
    char *err;        /* then why */
} cached_form;

struct form_cache {
    pthread_mutex_t mu;
    cached_form *v;
    size_t n, cap;
    size_t loads;
};

form_cache *form_cache_new(void)
{
    form_cache *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    if (pthread_mutex_init(&c->mu, NULL) != 0) {
        free(c);
        return NULL;
    }
    (void)doc_forms_dir();   /* found once, here, before any worker thread asks */
    return c;
}

const form *form_cache_get(form_cache *c, const char *id, char **err)
{
    *err = NULL;
    pthread_mutex_lock(&c->mu);
    for (size_t i = 0; i < c->n; i++) {
        if (strcmp(c->v[i].id, id) == 0) {
            const form *f = c->v[i].f;
            if (!f)
                *err = strdup(c->v[i].err ? c->v[i].err : "the form cannot be loaded");
            pthread_mutex_unlock(&c->mu);
            return f;
        }
    }
    /* loaded under the lock: a form is loaded once even when two drafts of it arrive at once
     * (loads are few; drafts are many) */
    char *e = NULL;
    form *f = doc_load_form(id, &e);
    c->loads++;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 8;
        cached_form *v = realloc(c->v, cap * sizeof *v);
        if (!v) {
            pthread_mutex_unlock(&c->mu);
            form_free(f);
            free(e);
            *err = strdup("out of memory");
            return NULL;
        }
        c->v = v;
        c->cap = cap;
    }
    char *idc = strdup(id);
    if (!idc) {
        pthread_mutex_unlock(&c->mu);
        form_free(f);
        free(e);
        *err = strdup("out of memory");
        return NULL;
    }
    c->v[c->n++] = (cached_form){.id = idc, .f = f, .err = e};
    if (!f)
        *err = strdup(e ? e : "the form cannot be loaded");
    pthread_mutex_unlock(&c->mu);
    return f;
}

size_t form_cache_loads(const form_cache *c)
{
    return c->loads;
}

void form_cache_free(form_cache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++) {
        free(c->v[i].id);
        form_free(c->v[i].f);
        free(c->v[i].err);
    }
    free(c->v);
    pthread_mutex_destroy(&c->mu);
    free(c);
}

/* ---- one draft ---- */

/* A clear message before reading a path that is no draft file; a FIFO or a device is refused
 * here so that reading never waits on it. */
static char *precheck(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        int e = errno;
        return fio_strdupf("%s: cannot read: %s", path, e == ENOENT ? "no such file" : strerror(e));
    }
    if (S_ISDIR(st.st_mode))
        return fio_strdupf("%s: is a directory, not a draft file", path);
    if (!S_ISREG(st.st_mode))
        return fio_strdupf("%s: is not a regular file (a pipe or a device), not a draft file",
                           path);
    return NULL;
}

/* A journal holding changes: an editing session ended without saving them. */
static bool journal_waiting(const char *path)
{
    char *jp = journal_path_for(path);
    bool waiting = false;
    if (jp && access(jp, F_OK) == 0) {
        jcount c;
        memset(&c, 0, sizeof c);
        if (journal_read(jp, doc_count_record, &c, NULL, NULL) == 0)
            waiting = c.changes > 0;
        doc_jcount_free(&c);
    }
    free(jp);
    return waiting;
}

static void fail(batch_item *it, char *msg)
{
    it->error = msg ? msg : fio_strdupf("%s: out of memory", it->path);
    if (!it->error)
        it->error = strdup("out of memory");
}

/* SHA-256 of the file's bytes (what `sha256sum` prints). libnettle uses the processor's SHA
 * instructions where there are some: hashing is then a small part of reading a draft. */
static void hash_hex(const char *buf, size_t len, char hex[65])
{
    struct sha256_ctx c;
    uint8_t d[SHA256_DIGEST_SIZE];
    sha256_init(&c);
    sha256_update(&c, len, (const uint8_t *)buf);
    sha256_digest(&c, sizeof d, d);
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++) {
        hex[2 * i] = digits[d[i] >> 4];
        hex[2 * i + 1] = digits[d[i] & 15];
    }
    hex[64] = '\0';
}

void batch_open(form_cache *c, const char *path, const batch_opts *o, batch_item *it)
{
    memset(it, 0, sizeof *it);
    it->path = path;
    char *err = precheck(path);
    if (err) {
        fail(it, err);
        return;
    }
    char *buf = NULL;
    size_t len = 0;
    if (fio_read_all(path, DRAFT_MAX_BYTES, &buf, &len, &err) != 0) {
        fail(it, err);
        return;
    }
    if (o && o->sha256)
        hash_hex(buf, len, it->sha256);
    it->d = draft_parse(buf, len, path, &err);
    free(buf);
    if (!it->d) {
        fail(it, err);
        return;
    }
    char *e = NULL;
    it->f = form_cache_get(c, it->d->form_id, &e);
    if (!it->f) {
        /* the form loader's message names the form and what is wrong (as in doc_open) */
        fail(it, e ? fio_strdupf("%s: %s", path, e)
                   : fio_strdupf("%s: form '%s' cannot be loaded", path, it->d->form_id));
        free(e);
        return;
    }
    if (doc_version_cmp(it->d->form_version, it->f->version) > 0) {
        fail(it, fio_strdupf("%s: the draft is of form '%s' version %s, newer than the "
                             "installed version %s; install the newer forms",
                             path, it->d->form_id, it->d->form_version, it->f->version));
        return;
    }
    it->e = engine_open(it->f, it->d, &e);
    if (it->e) {
        engine_set_counts_only(it->e, o && o->counts_only);
        engine_recompute_all(it->e);
    }
    if (!it->e) {
        fail(it, fio_strdupf("%s: %s", path, e ? e : "out of memory"));
        free(e);
        return;
    }
    if (o && o->journal)
        it->journal_waiting = journal_waiting(path);
}

void batch_item_release(batch_item *it)
{
    engine_free(it->e);
    draft_free(it->d);
    it->e = NULL;
    it->d = NULL;
    it->f = NULL;
}

void batch_item_clear(batch_item *it)
{
    batch_item_release(it);
    if (it->prepared_free)
        it->prepared_free(it->prepared);
    free(it->error);
    memset(it, 0, sizeof *it);
}

/* batch_open, then the caller's preparation, on the same thread. */
static void open_prepared(form_cache *c, const char *path, const batch_opts *o, batch_item *it)
{
    batch_open(c, path, o, it);
    if (o && o->prepare)
        o->prepare(o->prepare_ctx, it);
}

/* ---- the ordered parallel run ---- */

/* Items `each` is done with, given back to the worker that opened them: a draft is freed by
 * the thread that allocated it, so its memory goes back to that thread's cache and arena for
 * the next draft (freed on the calling thread, every chunk crossed arenas: a third more CPU
 * with two workers than with one). */
typedef struct {
    batch_item *v;
    size_t n, cap;
} trash;

typedef struct {
    form_cache *c;
    const char *const *paths;
    size_t n;
    const batch_opts *o;
    pthread_mutex_t mu;
    pthread_cond_t ready_cv, room_cv;
    size_t next;          /* the next index a worker takes */
    size_t consumed;      /* items handed to `each` so far */
    size_t window;        /* a worker takes index i only while i < consumed + window */
    batch_item *ring;     /* window slots: item i in ring[i % window] */
    bool *ready;
    int *owner;           /* the worker that opened ring[k] */
    trash *trash;         /* per worker: items to clear */
    bool stop;
} run_state;

typedef struct {
    run_state *R;
    int id;
} worker_arg;

static void trash_clear(trash *t)
{
    for (size_t k = 0; k < t->n; k++)
        batch_item_clear(&t->v[k]);
    t->n = 0;
}

/* Gives `it` back to worker `w` (under R->mu); cleared here when there is no room. */
static void trash_put(run_state *R, int w, batch_item *it)
{
    trash *t = &R->trash[w];
    if (t->n == t->cap) {
        size_t nc = t->cap ? t->cap * 2 : 8;
        batch_item *v = realloc(t->v, nc * sizeof *v);
        if (!v) {
            batch_item_clear(it);
            return;
        }
        t->v = v;
        t->cap = nc;
    }
    t->v[t->n++] = *it;
}

static void *worker(void *arg)
{
    run_state *R = ((worker_arg *)arg)->R;
    int id = ((worker_arg *)arg)->id;
    trash mine = {0};
    for (;;) {
        pthread_mutex_lock(&R->mu);
        for (;;) {
            if (R->trash[id].n) {
                /* take what is given back and clear it outside the lock */
                trash t = R->trash[id];
                R->trash[id] = mine;
                pthread_mutex_unlock(&R->mu);
                trash_clear(&t);
                mine = t;
                pthread_mutex_lock(&R->mu);
                continue;
            }
            if (R->stop || R->next >= R->n || R->next < R->consumed + R->window)
                break;
            pthread_cond_wait(&R->room_cv, &R->mu);
        }
        if (R->stop || R->next >= R->n) {
            pthread_mutex_unlock(&R->mu);
            free(mine.v);
            return NULL;
        }
        size_t i = R->next++;
        pthread_mutex_unlock(&R->mu);

        batch_item it;
        open_prepared(R->c, R->paths[i], R->o, &it);

        pthread_mutex_lock(&R->mu);
        R->ring[i % R->window] = it;
        R->ready[i % R->window] = true;
        R->owner[i % R->window] = id;
        pthread_cond_broadcast(&R->ready_cv);
        pthread_mutex_unlock(&R->mu);
    }
}

static int run_inline(form_cache *c, const char *const *paths, size_t n, const batch_opts *o,
                      batch_fn each, void *ctx)
{
    for (size_t i = 0; i < n; i++) {
        batch_item it;
        open_prepared(c, paths[i], o, &it);
        int rc = each(ctx, i, &it);
        batch_item_clear(&it);
        if (rc)
            return rc;
    }
    return 0;
}

int batch_run(form_cache *c, const char *const *paths, size_t n, int jobs, const batch_opts *o,
              batch_fn each, void *ctx)
{
    if (jobs < 1)
        jobs = 1;
    if ((size_t)jobs > n)
        jobs = n ? (int)n : 1;
    if (jobs == 1)
        return run_inline(c, paths, n, o, each, ctx);

    run_state R;
    memset(&R, 0, sizeof R);
    R.c = c;
    R.paths = paths;
    R.n = n;
    R.o = o;
    R.window = o && o->ahead ? o->ahead : (size_t)jobs * 4;
    R.ring = calloc(R.window, sizeof *R.ring);
    R.ready = calloc(R.window, sizeof *R.ready);
    R.owner = calloc(R.window, sizeof *R.owner);
    R.trash = calloc((size_t)jobs, sizeof *R.trash);
    pthread_t *th = calloc((size_t)jobs, sizeof *th);
    worker_arg *wa = calloc((size_t)jobs, sizeof *wa);
    if (!R.ring || !R.ready || !R.owner || !R.trash || !th || !wa) {
        free(R.ring);
        free(R.ready);
        free(R.owner);
        free(R.trash);
        free(th);
        free(wa);
        return -1;
    }
    pthread_mutex_init(&R.mu, NULL);
    pthread_cond_init(&R.ready_cv, NULL);
    pthread_cond_init(&R.room_cv, NULL);
    int started = 0;
    for (; started < jobs; started++) {
        wa[started] = (worker_arg){.R = &R, .id = started};
        if (pthread_create(&th[started], NULL, worker, &wa[started]) != 0)
            break;
    }
    int rc = 0;
    if (!started) {
        rc = run_inline(c, paths, n, o, each, ctx);   /* no thread to be had: one at a time */
    } else {
        batch_item done;        /* the item `each` had last, given back with the next one */
        int done_owner = -1;
        for (size_t i = 0; i < n; i++) {
            pthread_mutex_lock(&R.mu);
            if (done_owner >= 0)
                trash_put(&R, done_owner, &done);
            done_owner = -1;
            while (!R.ready[i % R.window])
                pthread_cond_wait(&R.ready_cv, &R.mu);
            batch_item it = R.ring[i % R.window];
            int owner = R.owner[i % R.window];
            R.ready[i % R.window] = false;
            R.consumed = i + 1;
            pthread_cond_broadcast(&R.room_cv);
            pthread_mutex_unlock(&R.mu);
            rc = each(ctx, i, &it);
            done = it;
            done_owner = owner;
            if (rc)
                break;
        }
        if (done_owner >= 0)
            batch_item_clear(&done);
    }
    pthread_mutex_lock(&R.mu);
    R.stop = true;
    pthread_cond_broadcast(&R.room_cv);
    pthread_mutex_unlock(&R.mu);
    for (int t = 0; t < started; t++)
        pthread_join(th[t], NULL);
    for (size_t k = 0; k < R.window; k++)    /* items done after a stop */
        if (R.ready[k])
            batch_item_clear(&R.ring[k]);
    for (int t = 0; t < jobs; t++) {         /* given back after their worker ended */
        trash_clear(&R.trash[t]);
        free(R.trash[t].v);
    }
    pthread_cond_destroy(&R.room_cv);
    pthread_cond_destroy(&R.ready_cv);
    pthread_mutex_destroy(&R.mu);
    free(R.ring);
    free(R.ready);
    free(R.owner);
    free(R.trash);
    free(th);
    free(wa);
    return rc;
}

int batch_default_jobs(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
        return CPU_COUNT(&set);
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}
