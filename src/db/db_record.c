/* A database that only remembers (db_internal.h, db_recorder_open): the rows of one submission
 * made on a worker thread, every value copied, to be written later, in the same order, into the
 * run's real database by db_replay on the thread that holds it. Making the rows (the report
 * walk, the derivations, the numbers' checks) is most of a collect's work; writing them is
 * what must stay on one thread.
 *
 * A recorder's memory comes in chunks from its run's pool (db_pool_new) and goes back there
 * when the recorder is closed: a recorder is filled on a worker thread and closed on the
 * writing thread, and handing malloc's memory across threads that way made malloc trim and
 * refault the workers' heaps for every submission (a tenth of the writing thread's time). */
#include "db_internal.h"

#include <pthread.h>
#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#define END_ROW (-1)   /* db_submission_end */

typedef struct chunk {
    struct chunk *next;
    size_t used, cap;
    alignas(max_align_t) char data[];
} chunk;

#define CHUNK_BYTES 65536          /* a pool's chunks; a larger request gets its own */
#define POOL_KEEP 256              /* at most this many idle chunks are kept (16 MiB) */

struct db_pool {
    pthread_mutex_t mu;
    chunk *idle;
    size_t n;
};

db_pool *db_pool_new(void)
{
    db_pool *p = calloc(1, sizeof *p);
    if (p && pthread_mutex_init(&p->mu, NULL) != 0) {
        free(p);
        return NULL;
    }
    return p;
}

void db_pool_free(db_pool *p)
{
    if (!p)
        return;
    while (p->idle) {
        chunk *next = p->idle->next;
        free(p->idle);
        p->idle = next;
    }
    pthread_mutex_destroy(&p->mu);
    free(p);
}

static chunk *pool_get(db_pool *p, size_t need)
{
    chunk *c = NULL;
    if (need <= CHUNK_BYTES && p) {
        pthread_mutex_lock(&p->mu);
        if ((c = p->idle)) {
            p->idle = c->next;
            p->n--;
        }
        pthread_mutex_unlock(&p->mu);
    }
    if (!c) {
        size_t cap = need > CHUNK_BYTES ? need : CHUNK_BYTES;
        if (!(c = malloc(sizeof *c + cap)))
            return NULL;
        c->cap = cap;
    }
    c->next = NULL;
    c->used = 0;
    return c;
}

/* Gives back a list of chunks. */
static void pool_put(db_pool *p, chunk *list)
{
    while (list) {
        chunk *c = list;
        list = c->next;
        bool kept = false;
        if (p && c->cap == CHUNK_BYTES) {
            pthread_mutex_lock(&p->mu);
            if (p->n < POOL_KEEP) {
                c->next = p->idle;
                p->idle = c;
                p->n++;
                kept = true;
            }
            pthread_mutex_unlock(&p->mu);
        }
        if (!kept)
            free(c);
    }
}

typedef struct {
    int t;             /* T_SUBMISSIONS: begin; T_TABLES…: a row; END_ROW: end */
    const dval *v;
} rec_row;

#define BLOCK_ROWS 256

typedef struct rowblock {
    struct rowblock *next;
    size_t n;
    rec_row r[BLOCK_ROWS];
} rowblock;

typedef struct {
    db base;
    db_pool *pool;     /* the run's (not owned) */
    rowblock *first, *last;
    chunk *mem;        /* newest first */
} rec;

/* n bytes that stay where they are until the recorder is closed; NULL when out of memory. */
static void *take(rec *r, size_t n)
{
    n = (n + alignof(max_align_t) - 1) & ~(alignof(max_align_t) - 1);
    if (!r->mem || r->mem->cap - r->mem->used < n) {
        chunk *c = pool_get(r->pool, n);
        if (!c)
            return NULL;
        c->next = r->mem;
        r->mem = c;
    }
    void *p = r->mem->data + r->mem->used;
    r->mem->used += n;
    return p;
}

static int keep(rec *r, int t, const dval *v, size_t nv, char **err)
{
    if (!r->last || r->last->n == BLOCK_ROWS) {
        rowblock *b = take(r, sizeof *b);
        if (!b)
            return db_fail(err, "out of memory");
        b->next = NULL;
        b->n = 0;
        if (r->last)
            r->last->next = b;
        else
            r->first = b;
        r->last = b;
    }
    dval *copy = NULL;
    if (nv) {
        if (!(copy = take(r, nv * sizeof *copy)))
            return db_fail(err, "out of memory");
        for (size_t i = 0; i < nv; i++) {
            copy[i] = v[i];
            if ((v[i].k == DV_TEXT || v[i].k == DV_NUM) && v[i].s) {
                size_t len = strlen(v[i].s);
                char *s = take(r, len + 1);
                if (!s)
                    return db_fail(err, "out of memory");
                memcpy(s, v[i].s, len + 1);
                copy[i].s = s;
                copy[i].len = len;   /* the target need not count it again */
            }
        }
    }
    r->last->r[r->last->n++] = (rec_row){t, copy};
    return 0;
}

static int rec_begin(db *d, const db_submission *s, const dval *v, char **err)
{
    (void)s;
    return keep((rec *)d, T_SUBMISSIONS, v, DB_TABLES[T_SUBMISSIONS].ncols, err);
}

static int rec_put(db *d, int t, const dval *v, char **err)
{
    return keep((rec *)d, t, v, DB_TABLES[t].ncols, err);
}

static int rec_end(db *d, char **err) { return keep((rec *)d, END_ROW, NULL, 0, err); }

static int rec_commit(db *d, char **err)
{
    (void)d;
    (void)err;
    return 0;
}

static void rec_close(db *d)
{
    rec *r = (rec *)d;
    pool_put(r->pool, r->mem);
    free(r);
}

static const db_ops REC_OPS = {rec_begin, rec_put, rec_end, rec_commit, rec_close};

db *db_recorder_open(const db *like)
{
    rec *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->base.ops = &REC_OPS;
    r->base.kind = like->kind;
    r->pool = like->pool;
    if (!(r->base.collected = strdup(like->collected))) {
        free(r);
        return NULL;
    }
    return &r->base;
}

int db_replay(db *d, const db *recorder, char **err)
{
    const rec *r = (const rec *)recorder;
    for (const rowblock *b = r->first; b; b = b->next)
        for (size_t i = 0; i < b->n; i++)
            if (db_replay_row(d, b->r[i].t, b->r[i].v, err))
                return -1;
    return 0;
}
