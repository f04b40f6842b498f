/* The bureau's database: where `selfeval collect` puts every submission, table, indicator row,
 * figure and finding (docs/database.md). Two targets with one schema: a SQLite file (one desk,
 * one bureau) and a PostgreSQL server (a province), chosen by the target's text.
 *
 * This layer knows rows, not forms: the caller fills the plain structs below (strings borrowed
 * for the duration of the call) and the layer writes them. Numbers are decimal text
 * ("547.6879", "99.91"), never binary floating point; NULL is SQL NULL.
 *
 * A run is one transaction: nothing is visible to others until db_commit, and a run that fails
 * or is killed leaves the database as it was. Collecting a submission again replaces its rows
 * (key: unit, year, form, project); a file that could not be read is kept with its reason and
 * replaced by the next row for the same file. */
#ifndef SELFEVAL_DB_DB_H
#define SELFEVAL_DB_DB_H

#include <stdbool.h>
#include <stddef.h>

/* The schema this program writes; a database of a newer schema is refused. */
#define DB_SCHEMA_VERSION 2   /* 2: 复核 (tables.recheck_total, deviation; rechecks) */

typedef struct db db;

typedef struct {
    const char *file;          /* the path as named or found */
    const char *error;         /* NULL when read and checked; else why not (the rest may be NULL) */
    const char *unit, *year;   /* meta.unit / meta.year ("" when blank) */
    const char *form, *form_version;
    const char *project;       /* the project's name when the draft is one project table, else "" */
    const char *status, *modified, *author;  /* meta.* (may be NULL) */
    size_t errors, warnings, notices;
} db_submission;

typedef struct {
    int table_no;              /* 1, 2, … in document order */
    const char *path;          /* display path of the form instance: "dept", "projects[2]"; "" */
    const char *form;          /* the table's form: "department", "project", "basic", "report" */
    const char *name;          /* project name, department name, or NULL */
    const char *budget_initial, *budget_annual, *executed;   /* 万元 */
    const char *exec_rate;                                   /* in percent: "99.91" */
    const char *total, *grade;
    /* 复核总分 and 偏差 (core/recheck.h); NULL when the draft holds no re-check */
    const char *recheck_total, *deviation;
    size_t errors, warnings, notices;
} db_table;

/* One re-checked score field (复核, docs/draft-format.md "Re-check"). */
typedef struct {
    int table_no;              /* 0: outside every table */
    const char *path, *storage_path;   /* the score field */
    const char *self_score;    /* the score that counts (the clerk's), as a number, or NULL */
    const char *actual;        /* 复核完成值, or NULL */
    const char *score;         /* 复核得分 */
    const char *deviation;     /* 复核得分 − self score */
    const char *reason, *by, *at;
} db_recheck;

typedef struct {
    int table_no, row_no;      /* row_no from 1, the draft's order */
    const char *row_id;        /* "r12": follows the row across edits */
    const char *level1, *level2, *level3;
    const char *target, *actual;             /* as typed */
    const char *target_value, *actual_value; /* the numbers read from them, or NULL */
    const char *target_unit, *actual_unit;   /* their units as typed ("万元", "%"), or NULL */
    const char *direction;     /* effective: 正向 / 反向 / 定性, or NULL */
    const char *tier;          /* the qualitative tier chosen, or NULL */
    bool applicable;           /* false for 不适用 and placeholder rows */
    const char *weight, *rule_score, *typed_score, *score;  /* score: the one that counts */
    const char *score_state;   /* docs/database.md: computed, typed_agrees, typed_differs, … */
    const char *override_reason;
    const char *why;           /* how the score was derived, or NULL */
} db_indicator;

typedef struct {
    int table_no;              /* 0: outside every table */
    const char *path, *storage_path;
    const char *field;         /* the path inside its table: "funds.rate", "indicators[3].score" */
    const char *label;
    const char *value;         /* displayed: "99.91%", "—", "优" */
    const char *number;        /* the displayed figure as a number ("99.91"), or NULL */
    bool computed;
    const char *typed;         /* computed fields: the figure typed beside it, or NULL */
    const char *rule;          /* computed fields: the rule's figure displayed */
    const char *state;         /* computed fields: as score_state; NULL for inputs */
    const char *override_reason;
} db_figure;

typedef struct {
    int table_no;              /* 0: about the whole draft */
    int finding_no;            /* 1, 2, … in document order */
    const char *severity, *code, *path, *message_zh, *message_en;
} db_finding;

/* Opens TARGET ("postgresql://…" or "postgres://…": PostgreSQL; anything else: a SQLite file,
 * created when missing), creates the schema when missing, and begins the run's transaction.
 * NULL and *err (malloc'd, names the target, never its password) on failure. */
db *db_open(const char *target, char **err);
const char *db_kind_name(const db *d);   /* "SQLite" / "PostgreSQL" */

/* One submission: begin, its rows (any order), end. Returns 0, or -1 and *err; after a
 * failure the run can only be closed. */
int db_submission_begin(db *d, const db_submission *s, char **err);
int db_table_put(db *d, const db_table *t, char **err);
int db_indicator_put(db *d, const db_indicator *r, char **err);
int db_figure_put(db *d, const db_figure *f, char **err);
int db_finding_put(db *d, const db_finding *f, char **err);
int db_recheck_put(db *d, const db_recheck *r, char **err);
int db_submission_end(db *d, char **err);

/* Submissions of this run that replaced another of the same run (same unit, year, form and
 * project: the database keeps the later); *said: messages naming the first pairs (at most
 * DB_KEYS_SAID_MAX; owned by d, gone when it closes). */
#define DB_KEYS_SAID_MAX 8
size_t db_replaced_in_run(const db *d, const char *const **said, size_t *nsaid);
/* Makes the run visible (replacing older rows of the same submissions). 0 or -1 and *err. */
int db_commit(db *d, char **err);
/* Closes; a run not committed is rolled back. NULL is fine. */
void db_close(db *d);

#endif
