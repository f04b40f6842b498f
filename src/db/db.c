/* The database layer's front: picks the target by the text of TARGET, turns the row structs
 * into rows of typed values in the schema's column order (db_schema.c), checks that every
 * number is plain decimal text before a target sees it, and keeps the call order honest. */
#include "db_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int db_fail(char **err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *m = NULL;
    if (vasprintf(&m, fmt, ap) < 0)
        m = NULL;
    va_end(ap);
    if (err) {
        free(*err);
        *err = m;
    } else {
        free(m);
    }
    return -1;
}

static bool is_pg_url(const char *t)
{
    return strncmp(t, "postgresql://", 13) == 0 || strncmp(t, "postgres://", 11) == 0;
}

db *db_open(const char *target, char **err)
{
    if (!target || !*target) {
        db_fail(err, "name a database: a SQLite file or a postgresql:// URL");
        return NULL;
    }
    char stamp[32];
    time_t now = time(NULL);
    struct tm tm;
    if (!gmtime_r(&now, &tm) || strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        strcpy(stamp, "1970-01-01T00:00:00Z");
    char *collected = strdup(stamp);
    db_pool *pool = db_pool_new();
    if (!collected || !pool) {
        free(collected);
        db_pool_free(pool);
        db_fail(err, "out of memory");
        return NULL;
    }
    db *d = is_pg_url(target) ? db_pg_open(target, err) : db_sqlite_open(target, err);
    if (!d) {
        free(collected);
        db_pool_free(pool);
        return NULL;
    }
    d->collected = collected;
    d->pool = pool;
    return d;
}

const char *db_kind_name(const db *d) { return d ? d->kind : ""; }

/* Plain decimal text: what both targets read as a number without rounding it. */
static bool decimal_text(const char *s)
{
    const char *p = s;
    if (*p == '-')
        p++;
    if (*p < '0' || *p > '9')
        return false;
    while (*p >= '0' && *p <= '9')
        p++;
    if (*p == '.') {
        p++;
        if (*p < '0' || *p > '9')
            return false;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    return *p == '\0';
}

static dval T(const char *s) { dval v = {s ? DV_TEXT : DV_NULL, s, 0, 0}; return v; }
static dval NUM(const char *s) { dval v = {s && *s ? DV_NUM : DV_NULL, s, 0, 0}; return v; }
static dval I(long long i) { dval v = {DV_INT, NULL, i, 0}; return v; }
static dval B(bool b) { dval v = {DV_BOOL, NULL, b, 0}; return v; }
static dval NO(int n) { return n > 0 ? I(n) : T(NULL); }  /* 0: outside every table */

/* Every number of a row is checked here, so a target never stops a run half-way over one. */
static int check_row(int t, const dval *v, char **err)
{
    const db_table_def *def = &DB_TABLES[t];
    for (size_t i = 0; i < def->ncols; i++)
        if (v[i].k == DV_NUM && !decimal_text(v[i].s))
            return db_fail(err, "%s.%s: '%s' is not a decimal number", def->name,
                           def->cols[i], v[i].s);
    return 0;
}

static int usable(db *d, bool want_submission, char **err)
{
    if (d->failed || d->committed)
        return db_fail(err, "the database run is already %s", d->failed ? "stopped" : "committed");
    if (d->in_submission != want_submission)
        return db_fail(err, want_submission ? "a row outside a submission"
                                            : "a submission begun inside another");
    return 0;
}

static int step(db *d, int rc)
{
    if (rc)
        d->failed = true;
    return rc;
}

int db_submission_begin(db *d, const db_submission *s, char **err)
{
    if (usable(d, false, err))
        return -1;
    /* The key of a submission that was read is never NULL (NULLs never compare equal, and a
     * second collect must find the first one's rows); a file not read has no key. */
    const char *blank = s->error ? NULL : "";
#define KEY(x) T((x) ? (x) : blank)
    dval v[] = {T(s->file ? s->file : ""), T(s->error), KEY(s->unit), KEY(s->year),
                KEY(s->form), T(s->form_version), KEY(s->project), T(s->status), T(s->modified),
                T(s->author), I((long long)s->errors), I((long long)s->warnings),
                I((long long)s->notices), T(d->collected)};
#undef KEY
    if (sizeof v / sizeof v[0] != DB_TABLES[T_SUBMISSIONS].ncols)
        return step(d, db_fail(err, "submissions: values and columns differ"));
    if (step(d, d->ops->begin(d, s, v, err)))
        return -1;
    d->in_submission = true;
    /* (a recorder's submissions are noted when the run's database is given them) */
    if (d->pool && db_keys_note(&d->keys, s) != 0)
        return step(d, db_fail(err, "out of memory"));
    return 0;
}

size_t db_replaced_in_run(const db *d, const char *const **said, size_t *nsaid)
{
    return db_keys_replaced(d->keys, said, nsaid);
}

static int put(db *d, int t, const dval *v, size_t n, char **err)
{
    if (n != DB_TABLES[t].ncols)
        return step(d, db_fail(err, "%s: %zu values for %zu columns", DB_TABLES[t].name, n,
                               DB_TABLES[t].ncols));
    if (usable(d, true, err) || check_row(t, v, err))
        return step(d, -1);
    return step(d, d->ops->put(d, t, v, err));
}

int db_table_put(db *d, const db_table *r, char **err)
{
    dval v[] = {I(r->table_no), T(r->path ? r->path : ""), T(r->form ? r->form : ""),
                T(r->name), NUM(r->budget_initial), NUM(r->budget_annual), NUM(r->executed),
                NUM(r->exec_rate), NUM(r->total), T(r->grade), NUM(r->recheck_total),
                NUM(r->deviation), I((long long)r->errors), I((long long)r->warnings), I((long long)r->notices)};
    return put(d, T_TABLES, v, sizeof v / sizeof v[0], err);
}

int db_indicator_put(db *d, const db_indicator *r, char **err)
{
    dval v[] = {I(r->table_no), I(r->row_no), T(r->row_id), T(r->level1), T(r->level2),
                T(r->level3), T(r->target), T(r->actual), NUM(r->target_value),
                NUM(r->actual_value), T(r->target_unit), T(r->actual_unit), T(r->direction), T(r->tier), B(r->applicable), NUM(r->weight),
                NUM(r->rule_score), NUM(r->typed_score), NUM(r->score), T(r->score_state),
                T(r->override_reason), T(r->why)};
    return put(d, T_INDICATORS, v, sizeof v / sizeof v[0], err);
}

int db_figure_put(db *d, const db_figure *r, char **err)
{
    dval v[] = {NO(r->table_no), T(r->path ? r->path : ""), T(r->field ? r->field : ""),
                T(r->storage_path ? r->storage_path : ""), T(r->label),
                T(r->value ? r->value : ""), NUM(r->number), B(r->computed), T(r->typed),
                T(r->rule), T(r->state), T(r->override_reason)};
    return put(d, T_FIGURES, v, sizeof v / sizeof v[0], err);
}

int db_finding_put(db *d, const db_finding *r, char **err)
{
    dval v[] = {I(r->finding_no), NO(r->table_no), T(r->severity ? r->severity : ""),
                T(r->code ? r->code : ""), T(r->path ? r->path : ""),
                T(r->message_zh ? r->message_zh : ""), T(r->message_en ? r->message_en : "")};
    return put(d, T_FINDINGS, v, sizeof v / sizeof v[0], err);
}

int db_recheck_put(db *d, const db_recheck *r, char **err)
{
    dval v[] = {NO(r->table_no), T(r->path ? r->path : ""),
                T(r->storage_path ? r->storage_path : ""), NUM(r->self_score), T(r->actual),
                NUM(r->score), NUM(r->deviation), T(r->reason), T(r->by), T(r->at)};
    return put(d, T_RECHECKS, v, sizeof v / sizeof v[0], err);
}

int db_submission_end(db *d, char **err)
{
    if (usable(d, true, err))
        return step(d, -1);
    d->in_submission = false;
    return step(d, d->ops->end(d, err));
}

int db_replay_row(db *d, int t, const dval *v, char **err)
{
    if (t < 0)
        return db_submission_end(d, err);
    if (usable(d, t != T_SUBMISSIONS, err))
        return step(d, -1);
    if (t != T_SUBMISSIONS)
        return step(d, d->ops->put(d, t, v, err));
#define S(i) (v[i].k == DV_TEXT ? v[i].s : "")
    db_submission s = {.file = v[0].s, .error = v[1].k == DV_TEXT ? v[1].s : NULL,
                       .unit = S(2), .year = S(3), .form = S(4), .project = S(6)};
#undef S
    if (step(d, d->ops->begin(d, &s, v, err)))
        return -1;
    d->in_submission = true;
    if (d->pool && db_keys_note(&d->keys, &s) != 0)
        return step(d, db_fail(err, "out of memory"));
    return 0;
}

int db_commit(db *d, char **err)
{
    if (usable(d, false, err))
        return step(d, -1);
    if (step(d, d->ops->commit(d, err)))
        return -1;
    d->committed = true;
    return 0;
}

void db_close(db *d)
{
    if (!d)
        return;
    char *collected = d->collected;
    db_pool *pool = d->pool;   /* every recorder of the run is closed by now */
    db_keys_free(d->keys);
    d->ops->close(d);
    free(collected);
    db_pool_free(pool);
}
