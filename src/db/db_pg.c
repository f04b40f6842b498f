/* The PostgreSQL target: a bureau's or a province's server that many people query.
 *
 * One transaction per run: a run that fails, loses its connection or is killed leaves the
 * database as it was (the server rolls back what was never committed). Rows go in with
 * `COPY … FROM STDIN` (text format) through PQputCopyData: each table's rows are gathered in
 * a buffer and sent when the buffers reach BATCH_BYTES, so memory stays flat however many
 * drafts a run has.
 *
 * Ids: the run takes a lock that only other collects wait for (readers go on), and numbers
 * its submissions after the largest id there is. The rows a submission replaces (same unit,
 * year, form and project, or an earlier failure to read the same file) are removed at the end
 * of the run; the key's uniqueness is checked at commit (DEFERRABLE INITIALLY DEFERRED). */
#include "db_internal.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BATCH_BYTES (4u << 20)

typedef struct {
    char *s;
    size_t len, cap;
} buf;

typedef struct {
    db base;
    PGconn *c;
    char *where;                  /* the URL without its password, for messages */
    buf rows[T__COUNT];
    size_t buffered;
    long long next_id, first_id, id;
    bool in_tx;
} pg;

static int grow(buf *b, size_t more)
{
    if (b->len + more <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 65536;
    while (cap < b->len + more)
        cap *= 2;
    char *s = realloc(b->s, cap);
    if (!s)
        return -1;
    b->s = s;
    b->cap = cap;
    return 0;
}

/* One value of COPY's text format: \N for NULL; backslash, tab, newline and carriage return
 * escaped. */
static int add_value(buf *b, const dval *v)
{
    char num[24];
    const char *s;
    switch (v->k) {
    case DV_NULL:
        s = "\\N";
        break;
    case DV_INT:
        snprintf(num, sizeof num, "%lld", v->i);
        s = num;
        break;
    case DV_BOOL:
        s = v->i ? "t" : "f";
        break;
    case DV_NUM:
        if (grow(b, v->len))
            return -1;
        if (v->len) {
            memcpy(b->s + b->len, v->s, v->len);
            b->len += v->len;
            return 0;
        }
        s = v->s;
        break;
    default: {
        size_t n = v->len ? v->len : strlen(v->s);
        if (grow(b, 2 * n))
            return -1;
        for (const char *p = v->s; *p; p++) {
            char e = *p == '\\' ? '\\' : *p == '\t' ? 't' : *p == '\n' ? 'n' : *p == '\r' ? 'r' : 0;
            if (e) {
                b->s[b->len++] = '\\';
                b->s[b->len++] = e;
            } else {
                b->s[b->len++] = *p;
            }
        }
        return 0;
    }
    }
    size_t n = strlen(s);
    if (grow(b, n))
        return -1;
    memcpy(b->s + b->len, s, n);
    b->len += n;
    return 0;
}

static int add_row(pg *p, int t, long long key, const dval *v, char **err)
{
    buf *b = &p->rows[t];
    size_t before = b->len;
    dval k = {DV_INT, NULL, key, 0};
    if (add_value(b, &k))
        goto oom;
    for (size_t i = 0; i < DB_TABLES[t].ncols; i++) {
        if (grow(b, 1))
            goto oom;
        b->s[b->len++] = '\t';
        if (add_value(b, &v[i]))
            goto oom;
    }
    if (grow(b, 1))
        goto oom;
    b->s[b->len++] = '\n';
    p->buffered += b->len - before;
    return 0;
oom:
    b->len = before;
    return db_fail(err, "out of memory");
}

/* The server's message, first line, without "ERROR:  " noise. */
static int pg_err(pg *p, char **err, const char *what)
{
    const char *m = PQerrorMessage(p->c);
    size_t n = strcspn(m, "\n");
    return db_fail(err, "%s: %s: %.*s", p->where, what, (int)n, m);
}

static int exec(pg *p, const char *sql, char **err)
{
    PGresult *r = PQexec(p->c, sql);
    ExecStatusType st = PQresultStatus(r);
    PQclear(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
        return pg_err(p, err, "the server refused a statement");
    return 0;
}

/* The single value of a one-row query, as text (malloc'd; NULL for SQL NULL), via *out. */
static int query1(pg *p, const char *sql, char **out, char **err)
{
    PGresult *r = PQexec(p->c, sql);
    if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
        PQclear(r);
        return pg_err(p, err, "the server refused a query");
    }
    *out = PQgetisnull(r, 0, 0) ? NULL : strdup(PQgetvalue(r, 0, 0));
    bool oom = !PQgetisnull(r, 0, 0) && !*out;
    PQclear(r);
    return oom ? db_fail(err, "out of memory") : 0;
}

static int copy_table(pg *p, int t, char **err)
{
    buf *b = &p->rows[t];
    if (!b->len)
        return 0;
    const db_table_def *def = &DB_TABLES[t];
    char *cols = NULL;
    size_t clen = 0;
    FILE *f = open_memstream(&cols, &clen);
    if (!f)
        return db_fail(err, "out of memory");
    fprintf(f, "COPY %s (%s", def->name, t == T_SUBMISSIONS ? "id" : "submission_id");
    for (size_t i = 0; i < def->ncols; i++)
        fprintf(f, ", %s", def->cols[i]);
    fputs(") FROM STDIN", f);
    if (fclose(f) != 0) {
        free(cols);
        return db_fail(err, "out of memory");
    }
    PGresult *r = PQexec(p->c, cols);
    free(cols);
    ExecStatusType st = PQresultStatus(r);
    PQclear(r);
    if (st != PGRES_COPY_IN)
        return pg_err(p, err, "cannot start COPY");
    /* chunks of about 1 MiB: the server parses while the next chunk is on its way */
    for (size_t off = 0; off < b->len;) {
        size_t n = b->len - off > (1u << 20) ? (1u << 20) : b->len - off;
        if (PQputCopyData(p->c, b->s + off, (int)n) != 1) {
            PQputCopyEnd(p->c, "selfeval: sending rows failed");
            while ((r = PQgetResult(p->c)))
                PQclear(r);
            return pg_err(p, err, "cannot send rows");
        }
        off += n;
    }
    int bad = PQputCopyEnd(p->c, NULL) != 1;
    while ((r = PQgetResult(p->c))) {
        if (PQresultStatus(r) != PGRES_COMMAND_OK)
            bad = 1;
        PQclear(r);
    }
    if (bad)
        return pg_err(p, err, "COPY failed");
    b->len = 0;
    return 0;
}

static int flush(pg *p, char **err)
{
    for (int t = 0; t < T__COUNT; t++)   /* submissions first: the others refer to them */
        if (copy_table(p, t, err))
            return -1;
    p->buffered = 0;
    return 0;
}

static int pg_begin(db *d, const db_submission *s, const dval *v, char **err)
{
    (void)s;
    pg *p = (pg *)d;
    p->id = p->next_id++;
    return add_row(p, T_SUBMISSIONS, p->id, v, err);
}

static int pg_put(db *d, int t, const dval *v, char **err)
{
    pg *p = (pg *)d;
    return add_row(p, t, p->id, v, err);
}

static int pg_end(db *d, char **err)
{
    pg *p = (pg *)d;
    return p->buffered >= BATCH_BYTES ? flush(p, err) : 0;
}

/* The earlier rows this run's submissions replace: same key (both read), or a failure to read
 * the same file. A submission named twice in one run: the later one stays. */
static const char REPLACE_SQL[] =
    "CREATE TEMP TABLE selfeval_replaced ON COMMIT DROP AS\n"
    "  SELECT DISTINCT o.id FROM submissions n JOIN submissions o ON o.id < n.id\n"
    "   AND (o.error IS NULL AND n.error IS NULL AND o.unit = n.unit AND o.year = n.year\n"
    "        AND o.form = n.form AND o.project = n.project\n"
    "        OR o.error IS NOT NULL AND o.file = n.file)\n"
    "  WHERE n.id >= %lld;\n"
    "DELETE FROM rechecks WHERE submission_id IN (SELECT id FROM selfeval_replaced);\n"
    "DELETE FROM findings WHERE submission_id IN (SELECT id FROM selfeval_replaced);\n"
    "DELETE FROM figures WHERE submission_id IN (SELECT id FROM selfeval_replaced);\n"
    "DELETE FROM indicators WHERE submission_id IN (SELECT id FROM selfeval_replaced);\n"
    "DELETE FROM tables WHERE submission_id IN (SELECT id FROM selfeval_replaced);\n"
    "DELETE FROM submissions WHERE id IN (SELECT id FROM selfeval_replaced);\n";

static int pg_commit(db *d, char **err)
{
    pg *p = (pg *)d;
    if (flush(p, err))
        return -1;
    char *sql = NULL;
    if (asprintf(&sql, REPLACE_SQL, p->first_id) < 0)
        return db_fail(err, "out of memory");
    int rc = exec(p, sql, err);
    free(sql);
    if (rc || exec(p, "COMMIT", err))
        return -1;
    p->in_tx = false;
    return 0;
}

static void pg_free(pg *p)
{
    if (p->c)
        PQfinish(p->c);   /* an open transaction is rolled back by the server */
    for (int t = 0; t < T__COUNT; t++)
        free(p->rows[t].s);
    free(p->where);
    free(p);
}

static void pg_close(db *d) { pg_free((pg *)d); }

static const db_ops PG_OPS = {pg_begin, pg_put, pg_end, pg_commit, pg_close};

/* The URL for messages: "postgresql://user:secret@host/db" -> "postgresql://user:***@host/db",
 * and "password=secret" in the query the same. */
static char *redact(const char *url)
{
    char *s = strdup(url);
    if (!s)
        return NULL;
    char *auth = strstr(s, "://");
    char *at = auth ? strchr(auth + 3, '@') : NULL;
    char *slash = auth ? strchr(auth + 3, '/') : NULL;
    if (at && (!slash || at < slash)) {
        char *colon = memchr(auth + 3, ':', (size_t)(at - auth - 3));
        if (colon) {
            char *r = NULL;
            if (asprintf(&r, "%.*s:***%s", (int)(colon - s), s, at) < 0)
                r = NULL;
            free(s);
            if (!(s = r))
                return NULL;
        }
    }
    for (char *pw = strstr(s, "password="); pw; pw = strstr(pw + 9, "password=")) {
        char *end = pw + 9 + strcspn(pw + 9, "&");
        char *r = NULL;
        if (asprintf(&r, "%.*s***%s", (int)(pw + 9 - s), s, end) < 0)
            r = NULL;
        size_t at_off = (size_t)(pw - s);
        free(s);
        if (!(s = r))
            return NULL;
        pw = s + at_off;
    }
    return s;
}

static void quiet(void *arg, const char *message)
{
    (void)arg;
    (void)message;   /* NOTICEs ("relation exists, skipping") are not for the clerk */
}

db *db_pg_open(const char *url, char **err)
{
    pg *p = calloc(1, sizeof *p);
    if (!p || !(p->where = redact(url))) {
        free(p);
        db_fail(err, "out of memory");
        return NULL;
    }
    p->base.ops = &PG_OPS;
    p->base.kind = "PostgreSQL";
    p->c = PQconnectdb(url);
    if (!p->c || PQstatus(p->c) != CONNECTION_OK) {
        if (p->c)
            pg_err(p, err, "cannot connect to PostgreSQL");
        else
            db_fail(err, "%s: cannot connect to PostgreSQL: out of memory", p->where);
        pg_free(p);
        return NULL;
    }
    PQsetNoticeProcessor(p->c, quiet, NULL);
    char *v = NULL, *max = NULL;
    if (PQsetClientEncoding(p->c, "UTF8") != 0) {
        pg_err(p, err, "cannot speak UTF-8 with the server");
        goto fail;
    }
    if (exec(p, "BEGIN", err))
        goto fail;
    p->in_tx = true;
    /* Two first collects must not both create the schema: they take turns. */
    if (exec(p, "SELECT pg_advisory_xact_lock(20251001)", err) ||
        query1(p, "SELECT to_regclass('selfeval_schema')::text", &v, err))
        goto fail;
    if (!v) {
        if (exec(p, DB_SCHEMA_PG, err))
            goto fail;
    } else {
        free(v);
        v = NULL;
        if (query1(p, "SELECT max(version)::text FROM selfeval_schema", &v, err))
            goto fail;
        int ver = v ? atoi(v) : 0;
        if (ver == 1) {
            if (exec(p, DB_MIGRATE_1_2_PG, err))
                goto fail;
            ver = 2;
        }
        if (ver != DB_SCHEMA_VERSION) {
            db_fail(err, "%s: the database has schema version %d; this selfeval writes %d",
                    p->where, ver, DB_SCHEMA_VERSION);
            goto fail;
        }
    }
    /* SHARE ROW EXCLUSIVE conflicts with itself and with writers, not with readers. */
    if (exec(p, "LOCK TABLE submissions IN SHARE ROW EXCLUSIVE MODE", err) ||
        query1(p, "SELECT (coalesce(max(id), 0) + 1)::text FROM submissions", &max, err))
        goto fail;
    p->first_id = p->next_id = max ? atoll(max) : 1;
    free(v);
    free(max);
    return &p->base;
fail:
    free(v);
    free(max);
    pg_free(p);
    return NULL;
}
