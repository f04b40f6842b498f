/* A database that only remembers (db_internal.h, db_recorder_open): the rows of one submission
 * made on a worker thread, every value copied, to be written later, in the same order, into the
 * run's real database by db_replay on the thread that holds it. Making the rows (the report
 * walk, the derivations, the numbers' checks) is most of a collect's work; writing them is
 * what must stay on one thread. */
#include "db_internal.h"

#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#define END_ROW (-1)   /* db_submission_end */

typedef struct chunk {
    struct chunk *next;
    size_t used, cap;
    alignas(max_align_t) char data[];
} chunk;

typedef struct {
    int t;             /* T_SUBMISSIONS: begin; T_TABLES…: a row; END_ROW: end */
    const dval *v;
} rec_row;

typedef struct {
    db base;
    rec_row *rows;
    size_t n, cap;
    chunk *mem;        /* newest first */
} rec;

/* n bytes that stay where they are until the recorder is closed; NULL when out of memory. */
static void *take(rec *r, size_t n)
{
    n = (n + alignof(max_align_t) - 1) & ~(alignof(max_align_t) - 1);
    if (!r->mem || r->mem->cap - r->mem->used < n) {
        size_t cap = n > 32768 ? n : 32768;
        chunk *c = malloc(sizeof *c + cap);
        if (!c)
            return NULL;
        c->next = r->mem;
        c->used = 0;
        c->cap = cap;
        r->mem = c;
    }
    void *p = r->mem->data + r->mem->used;
    r->mem->used += n;
    return p;
}

static int keep(rec *r, int t, const dval *v, size_t nv, char **err)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 256;
        rec_row *rows = realloc(r->rows, cap * sizeof *rows);
        if (!rows)
            return db_fail(err, "out of memory");
        r->rows = rows;
        r->cap = cap;
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
    r->rows[r->n++] = (rec_row){t, copy};
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
    while (r->mem) {
        chunk *next = r->mem->next;
        free(r->mem);
        r->mem = next;
    }
    free(r->rows);
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
    if (!(r->base.collected = strdup(like->collected))) {
        free(r);
        return NULL;
    }
    return &r->base;
}

int db_replay(db *d, const db *recorder, char **err)
{
    const rec *r = (const rec *)recorder;
    for (size_t i = 0; i < r->n; i++)
        if (db_replay_row(d, r->rows[i].t, r->rows[i].v, err))
            return -1;
    return 0;
}
