/* The SQLite target: a database file on one desk or one bureau's share.
 *
 * WAL (readers go on reading while a collect runs), one prepared statement per table reused
 * for every row, and the whole run in one transaction (BEGIN IMMEDIATE: the writer is known
 * from the start, so two collects wait for each other instead of failing half-way). Killed
 * midway, the run's WAL frames carry no commit and the database is as it was. Collecting a
 * submission again deletes its earlier rows before adding the new ones. */
#include "db_internal.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    db base;
    sqlite3 *h;
    char *path;
    sqlite3_stmt *ins[T__COUNT];
    sqlite3_stmt *del[T__COUNT];      /* by submission id */
    sqlite3_stmt *old_key, *old_file; /* the earlier rows a submission replaces */
    sqlite3_int64 id;                 /* the current submission */
    bool in_tx;
    bool fill_then_wal;               /* made by this run: rollback journal, WAL at commit */
} sq;

static int sq_err(sq *s, char **err, const char *what)
{
    return db_fail(err, "%s: %s: %s", s->path, what, sqlite3_errmsg(s->h));
}

static int exec(sq *s, const char *sql, char **err)
{
    char *m = NULL;
    if (sqlite3_exec(s->h, sql, NULL, NULL, &m) != SQLITE_OK) {
        db_fail(err, "%s: %s", s->path, m ? m : sqlite3_errmsg(s->h));
        sqlite3_free(m);
        return -1;
    }
    return 0;
}

/* The schema's version, 0 when the database has none yet, -1 on error. */
static int schema_version(sq *s, char **err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->h,
                                "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND "
                                "name = 'selfeval_schema'",
                                -1, &st, NULL);
    if (rc != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_finalize(st);
        return sq_err(s, err, "cannot read the database");
    }
    int have = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (!have)
        return 0;
    if (sqlite3_prepare_v2(s->h, "SELECT max(version) FROM selfeval_schema", -1, &st, NULL) !=
            SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_finalize(st);
        return sq_err(s, err, "cannot read the schema version");
    }
    int v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

static int prepare(sq *s, sqlite3_stmt **st, const char *sql, char **err)
{
    if (sqlite3_prepare_v3(s->h, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) != SQLITE_OK)
        return sq_err(s, err, "cannot prepare a statement");
    return 0;
}

static int prepare_all(sq *s, char **err)
{
    for (int t = 0; t < T__COUNT; t++) {
        const db_table_def *def = &DB_TABLES[t];
        char *cols = NULL, *qs = NULL, *sql = NULL;
        size_t clen = 0, qlen = 0;
        FILE *fc = open_memstream(&cols, &clen), *fq = open_memstream(&qs, &qlen);
        if (!fc || !fq) {
            if (fc)
                fclose(fc);
            if (fq)
                fclose(fq);
            free(cols);
            free(qs);
            return db_fail(err, "out of memory");
        }
        fputs(t == T_SUBMISSIONS ? "id" : "submission_id", fc);
        fputs("?", fq);
        for (size_t i = 0; i < def->ncols; i++) {
            fprintf(fc, ", %s", def->cols[i]);
            fputs(", ?", fq);
        }
        fclose(fc);
        fclose(fq);
        int r = asprintf(&sql, "INSERT INTO %s (%s) VALUES (%s)", def->name, cols, qs);
        free(cols);
        free(qs);
        if (r < 0)
            return db_fail(err, "out of memory");
        r = prepare(s, &s->ins[t], sql, err);
        free(sql);
        if (r)
            return -1;
        if (asprintf(&sql, "DELETE FROM %s WHERE %s = ?", def->name,
                     t == T_SUBMISSIONS ? "id" : "submission_id") < 0)
            return db_fail(err, "out of memory");
        r = prepare(s, &s->del[t], sql, err);
        free(sql);
        if (r)
            return -1;
    }
    if (prepare(s, &s->old_key,
                "SELECT id FROM submissions WHERE unit = ?1 AND year = ?2 AND form = ?3 AND "
                "project = ?4 OR error IS NOT NULL AND file = ?5",
                err) ||
        prepare(s, &s->old_file, "SELECT id FROM submissions WHERE error IS NOT NULL AND file = ?1",
                err))
        return -1;
    return 0;
}

static void sq_free(sq *s)
{
    for (int t = 0; t < T__COUNT; t++) {
        sqlite3_finalize(s->ins[t]);
        sqlite3_finalize(s->del[t]);
    }
    sqlite3_finalize(s->old_key);
    sqlite3_finalize(s->old_file);
    if (s->h) {
        if (s->in_tx)
            sqlite3_exec(s->h, "ROLLBACK", NULL, NULL, NULL);
        sqlite3_close(s->h);
    }
    free(s->path);
    free(s);
}

static int bind_row(sq *s, sqlite3_stmt *st, int first, const dval *v, size_t n, char **err)
{
    for (size_t i = 0; i < n; i++) {
        int at = first + (int)i, rc;
        switch (v[i].k) {
        case DV_TEXT:
        case DV_NUM: /* the column's numeric affinity turns decimal text into a number */
            rc = sqlite3_bind_text(st, at, v[i].s, v[i].len ? (int)v[i].len : -1,
                                   SQLITE_STATIC);
            break;
        case DV_INT:
        case DV_BOOL:
            rc = sqlite3_bind_int64(st, at, v[i].i);
            break;
        default:
            rc = sqlite3_bind_null(st, at);
            break;
        }
        if (rc != SQLITE_OK)
            return sq_err(s, err, "cannot bind a value");
    }
    return 0;
}

/* Every parameter is bound again before each step: no need to clear them after it. */
static int run(sq *s, sqlite3_stmt *st, char **err)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return sq_err(s, err, "cannot write");
    return 0;
}

/* Deletes every row of the submissions the statement selects (bound by the caller). */
static int delete_selected(sq *s, sqlite3_stmt *sel, char **err)
{
    for (;;) {
        int rc = sqlite3_step(sel);
        if (rc == SQLITE_DONE)
            break;
        if (rc != SQLITE_ROW) {
            sqlite3_reset(sel);
            return sq_err(s, err, "cannot look up earlier rows");
        }
        sqlite3_int64 id = sqlite3_column_int64(sel, 0);
        for (int t = T__COUNT - 1; t >= 0; t--) {
            sqlite3_bind_int64(s->del[t], 1, id);
            if (run(s, s->del[t], err)) {
                sqlite3_reset(sel);
                return -1;
            }
        }
    }
    sqlite3_reset(sel);
    sqlite3_clear_bindings(sel);
    return 0;
}

static int sq_begin(db *d, const db_submission *sub, const dval *v, char **err)
{
    sq *s = (sq *)d;
    sqlite3_stmt *sel = sub->error ? s->old_file : s->old_key;
    if (sub->error) {
        sqlite3_bind_text(sel, 1, v[0].s, -1, SQLITE_STATIC);
    } else {
        /* the key: unit, year, form, project (v[2], v[3], v[4], v[6]; never NULL here) */
        sqlite3_bind_text(sel, 1, v[2].s, -1, SQLITE_STATIC);
        sqlite3_bind_text(sel, 2, v[3].s, -1, SQLITE_STATIC);
        sqlite3_bind_text(sel, 3, v[4].s, -1, SQLITE_STATIC);
        sqlite3_bind_text(sel, 4, v[6].s, -1, SQLITE_STATIC);
        sqlite3_bind_text(sel, 5, v[0].s, -1, SQLITE_STATIC);
    }
    if (delete_selected(s, sel, err))
        return -1;
    sqlite3_stmt *st = s->ins[T_SUBMISSIONS];
    if (sqlite3_bind_null(st, 1) != SQLITE_OK ||
        bind_row(s, st, 2, v, DB_TABLES[T_SUBMISSIONS].ncols, err))
        return -1;
    if (run(s, st, err))
        return -1;
    s->id = sqlite3_last_insert_rowid(s->h);
    return 0;
}

static int sq_put(db *d, int t, const dval *v, char **err)
{
    sq *s = (sq *)d;
    sqlite3_stmt *st = s->ins[t];
    if (sqlite3_bind_int64(st, 1, s->id) != SQLITE_OK ||
        bind_row(s, st, 2, v, DB_TABLES[t].ncols, err))
        return -1;
    return run(s, st, err);
}

static int sq_end(db *d, char **err)
{
    (void)d;
    (void)err;
    return 0;
}

static int sq_commit(db *d, char **err)
{
    sq *s = (sq *)d;
    if (exec(s, "COMMIT", err))
        return -1;
    s->in_tx = false;
    /* the database this run made is collected; from now on it is read in WAL mode like any
     * other (the mode is kept in the file). The rows are committed whatever this says: should
     * it fail, the next collect sets WAL when it opens the file. */
    if (s->fill_then_wal)
        sqlite3_exec(s->h, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
    return 0;
}

/* 1 when the file holds no page yet (made by this open, or empty), 0 when it does, -1 when it
 * cannot be read. */
static int database_is_empty(sq *s)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->h, "PRAGMA page_count", -1, &st, NULL) != SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_finalize(st);
        return -1;
    }
    int empty = sqlite3_column_int64(st, 0) == 0;
    sqlite3_finalize(st);
    return empty;
}

static void sq_close(db *d) { sq_free((sq *)d); }

static const db_ops SQ_OPS = {sq_begin, sq_put, sq_end, sq_commit, sq_close};

db *db_sqlite_open(const char *path, char **err)
{
    sq *s = calloc(1, sizeof *s);
    if (!s || !(s->path = strdup(path))) {
        free(s);
        db_fail(err, "out of memory");
        return NULL;
    }
    s->base.ops = &SQ_OPS;
    s->base.kind = "SQLite";
    /* No count of SQLite's memory (nothing here reads it): every allocation SQLite makes
     * would take a process-wide lock to keep it. Only possible before SQLite's first use in the
     * process; later it is refused, harmlessly. */
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    /* NOMUTEX: the connection is used by one thread (the one writing rows), so SQLite need
     * not lock it at every call (two locks per bound value otherwise) */
    if (sqlite3_open_v2(path, &s->h,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK) {
        if (s->h)
            sq_err(s, err, "cannot open the SQLite database");
        else
            db_fail(err, "%s: cannot open the SQLite database: out of memory", path);
        sq_free(s);
        return NULL;
    }
    sqlite3_busy_timeout(s->h, 60000);
    /* A database this run makes (an empty file) is filled with a rollback journal and turned
     * to WAL when the run commits (sq_commit): nobody can be reading a database that has no
     * tables yet, and a run of many drafts then writes each page once, into the file, instead
     * of into the WAL first and again into the file at the checkpoint. The journal makes the
     * run as atomic as WAL does: killed midway, the next opener rolls the file back to empty.
     * Any other database is written in WAL mode: readers are never blocked by a collect. The
     * WAL of a large run is as large as what it writes; after the checkpoint it is cut back to
     * 64 MiB.
     * synchronous = FULL: the run's one commit is on the disk before collect says it is done
     * (one sync per run; NORMAL would leave a committed WAL run unsynced until the checkpoint
     * that follows, which syncs the same bytes anyway). */
    int empty = database_is_empty(s);
    if (empty < 0) {
        sq_err(s, err, "cannot read the database");
        sq_free(s);
        return NULL;
    }
    s->fill_then_wal = empty;
    /* A database this run makes gets pages of 64 KiB (the largest; the default is 4 KiB): a
     * run writes a few hundred bytes a row for every figure, indicator and finding, and with
     * larger pages it fetches, splits and spills a sixteenth as many of them (about a quarter
     * less work for the writing thread, measured in docs/performance.md). A database made
     * before keeps its pages; the page size changes no answer.
     * Nor does it zero the free space of its pages (secure_delete, on in Debian's SQLite): in
     * a new database the only bytes it would overwrite are this run's own rows, moved as
     * pages split, and zeroing 64 KiB pages was 3 % of a run's instructions. A database that
     * holds earlier rows keeps secure_delete: what a collect replaces there is overwritten. */
    if (empty && exec(s, "PRAGMA page_size = 65536; PRAGMA secure_delete = OFF", err)) {
        sq_free(s);
        return NULL;
    }
    /* A page cache of 16 MiB: a run's pages spill to the journal or WAL less often (the
     * default 2 MiB writes and reads back every page several times); memory stays the same
     * for any run. */
    if (exec(s, empty ? "PRAGMA journal_mode = DELETE" : "PRAGMA journal_mode = WAL", err) ||
        exec(s, "PRAGMA synchronous = FULL; PRAGMA journal_size_limit = 67108864; "
                "PRAGMA cache_size = -16384",
             err) ||
        exec(s, "BEGIN IMMEDIATE", err)) {
        sq_free(s);
        return NULL;
    }
    s->in_tx = true;
    int v = schema_version(s, err);
    if (v == 0 && exec(s, DB_SCHEMA_SQLITE, err))
        v = -1;
    else if (v == 0)
        v = DB_SCHEMA_VERSION;
    else if (v == 1 && exec(s, DB_MIGRATE_1_2_SQLITE, err))
        v = -1;
    else if (v == 1)
        v = 2;
    if (v > DB_SCHEMA_VERSION)
        db_fail(err, "%s: the database has schema version %d, newer than this selfeval's %d",
                path, v, DB_SCHEMA_VERSION);
    if (v != DB_SCHEMA_VERSION || prepare_all(s, err)) {
        sq_free(s);
        return NULL;
    }
    return &s->base;
}
