/* What the two database targets share: the schema's tables and columns, a row as an array of
 * typed values, and the operations each target implements (db_sqlite.c, db_pg.c). */
#ifndef SELFEVAL_DB_INTERNAL_H
#define SELFEVAL_DB_INTERNAL_H

#include "db/db.h"
#include <stdarg.h>

typedef enum { DV_NULL = 0, DV_TEXT, DV_NUM, DV_INT, DV_BOOL } dv_kind;

typedef struct {
    dv_kind k;
    const char *s;      /* DV_TEXT, DV_NUM (decimal text, checked by db.c) */
    long long i;        /* DV_INT, DV_BOOL */
    size_t len;         /* DV_TEXT, DV_NUM: strlen(s) when known (rows made ahead), else 0 */
} dval;

/* The tables a run writes, in the order a run fills them. */
enum { T_SUBMISSIONS = 0, T_TABLES, T_INDICATORS, T_FIGURES, T_FINDINGS, T_RECHECKS, T__COUNT };

typedef struct {
    const char *name;
    const char *const *cols;   /* after the key column (submissions: id; others: submission_id) */
    size_t ncols;
} db_table_def;

extern const db_table_def DB_TABLES[T__COUNT];

/* The statements that make the schema (version DB_SCHEMA_VERSION), for each dialect. */
extern const char DB_SCHEMA_SQLITE[];
extern const char DB_SCHEMA_PG[];
/* From version 1 to 2 (复核 figures), in place: run inside the run's transaction. */
extern const char DB_MIGRATE_1_2_SQLITE[];
extern const char DB_MIGRATE_1_2_PG[];

typedef struct {
    /* A new submission: `v` holds the submissions row without its id. */
    int (*begin)(db *d, const db_submission *s, const dval *v, char **err);
    /* A row of table t (not T_SUBMISSIONS) of the current submission, without submission_id. */
    int (*put)(db *d, int t, const dval *v, char **err);
    int (*end)(db *d, char **err);
    int (*commit)(db *d, char **err);
    void (*close)(db *d);
} db_ops;

/* Memory for the recorders of one run (db_record.c), shared by the threads that fill them. */
typedef struct db_pool db_pool;
db_pool *db_pool_new(void);   /* NULL when out of memory */
void db_pool_free(db_pool *p);

/* db_keys.c: the keys of a run's submissions, to say which replaced another of the run. */
#define DB_KEYS_SAID DB_KEYS_SAID_MAX
typedef struct db_keys db_keys;
/* Notes s's key (made on first use); 0, or -1 when out of memory. */
int db_keys_note(db_keys **k, const db_submission *s);
/* How many replaced another of the run; *said: the first DB_KEYS_SAID, as messages. */
size_t db_keys_replaced(const db_keys *k, const char *const **said, size_t *nsaid);
void db_keys_free(db_keys *k);

struct db {
    const db_ops *ops;
    db_pool *pool;             /* a run's (db_open); NULL in a recorder */
    db_keys *keys;             /* a run's submissions' keys (NULL until the first) */
    const char *kind;          /* "SQLite" / "PostgreSQL" */
    char *collected;           /* when this run began, ISO 8601 UTC: every row of the run */
    bool in_submission, failed, committed;
};

/* The targets' constructors: a filled-in struct db (base first) or NULL and *err. */
db *db_sqlite_open(const char *path, char **err);
db *db_pg_open(const char *url, char **err);

/* A database that keeps what it is given (db_record.c): one submission's rows made on any
 * thread, for `like`'s run (its stamp). NULL when out of memory. */
db *db_recorder_open(const db *like);
/* Writes what a recorder kept into d, in order, as the calls that made them would have. 0 or
 * -1 and *err (d is then stopped). */
int db_replay(db *d, const db *recorder, char **err);
/* One kept row (db.c): t T_SUBMISSIONS begins a submission with v, -1 ends it, else a row of
 * table t; the values were checked when they were kept. */
int db_replay_row(db *d, int t, const dval *v, char **err);

/* *err = the formatted message (malloc'd); returns -1. */
int db_fail(char **err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
