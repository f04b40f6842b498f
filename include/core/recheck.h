/* 复核: a reviewer's re-check figures of score fields (docs/draft-format.md, "Re-check"),
 * and the totals every output shows: 自评总分 (the self-assessed total), 复核总分 (the
 * re-checked total) and 偏差 (their difference), per re-checked field and in total.
 *
 *   per field:  偏差 = 复核得分 − self score
 *   total:      复核总分 = 自评总分 + Σ 偏差;  偏差 = 复核总分 − 自评总分
 *
 * Exact decimals (core/dec.h); shown with two places, half up (recheck_fmt). Pure: the self
 * scores come from the caller (a checked engine: recheck_totals_engine).
 *
 * A 复核得分 has at most RECHECK_DECIMALS decimals, as every score (docs/scoring.md): more is
 * refused when set; one already in a file (written by hand) counts rounded half up to them,
 * as the score field rounds a typed score, so the printed figures add up.
 * A re-check whose path names no field of the draft (its row was deleted) counts in no total:
 * it is listed in `orphans` and reported as a finding recheck.orphan (recheck_orphan_findings;
 * the engine attaches them to the draft's root), for the reviewer to clear. */
#ifndef SELFEVAL_CORE_RECHECK_H
#define SELFEVAL_CORE_RECHECK_H

#include "core/dec.h"
#include "core/draft.h"
#include "core/engine.h"

#define RECHECK_DECIMALS 2
/* The code of the finding about a re-check of a field that no longer exists. */
#define RECHECK_ORPHAN_CODE "recheck.orphan"

/* By storage path; NULL when the field is not re-checked. */
const draft_recheck *draft_recheck_get(const draft *d, const char *path);

/* Whether a re-check may be set: score is a plain decimal ("8", "7.5"), 0 or more, with at
 * most RECHECK_DECIMALS decimals when self is not NULL (a person's new figure; trailing zeros
 * aside: "7.500" is 7.50; with self NULL a figure is restored as it was), at most
 * *max when max is not NULL; a reason is required when self is not NULL and score < *self.
 * 0, or -1 and *err (malloc'd): "复核得分 12 is above the weight 10 of
 * indicators.r2.score: give a score from 0 to 10". */
int recheck_check(const char *path, const char *score, const char *reason, const dec_t *self,
                  const dec_t *max, char **err);
/* Sets (replaces) the re-check of `path` after recheck_check. actual, reason, by, at may be
 * NULL. Nothing changes on refusal. */
int recheck_set(draft *d, const char *path, const char *actual, const char *score,
                const char *reason, const char *by, const char *at, const dec_t *self,
                const dec_t *max, char **err);
/* Removes it (0 also when there was none; -1 only for lack of memory, never here). */
int recheck_clear(draft *d, const char *path);

typedef struct {
    char *path;            /* the re-checked score field (owned) */
    dec_t self;            /* its self score (0 when blank or not a number) */
    dec_t recheck;         /* 复核得分 */
    dec_t diff;            /* recheck − self */
} recheck_row;

typedef struct {
    bool has_total;        /* the table has a total (a number): false for a table that has
                            * none (a report, the basic data) or whose total cannot be
                            * computed; then 复核总分 and 偏差 are not shown (empty, NULL) */
    dec_t self_total;      /* 自评总分 */
    dec_t recheck_total;   /* 复核总分 */
    dec_t deviation;       /* 偏差 = recheck_total − self_total */
    recheck_row *rows;     /* re-checked fields under the table, in the draft's order */
    size_t n;
    char **orphans;        /* re-checks under the table naming no field: not counted */
    size_t norphans;
} recheck_totals;

/* The self score of a storage path: 0 and *out; -1 when blank or not a number (counted as
 * 0); RECHECK_NO_FIELD when the draft has no such field (the re-check is an orphan). */
#define RECHECK_NO_FIELD 1
typedef int (*recheck_self_fn)(void *ctx, const char *path, dec_t *out);

/* Totals of the re-checks whose path is under `prefix` ("" = every one; "projects.p1" = those
 * of that part). 0, or -1 and *err (out of memory, overflow, a stored score that is not a
 * decimal). Free with recheck_totals_free. */
int recheck_totals_compute(const draft *d, const char *prefix, dec_t self_total,
                           recheck_self_fn self, void *ctx, recheck_totals *out, char **err);
/* The same with the self scores and 自评总分 of a checked engine: `total` is the table's total
 * field (rep_table.figure[RF_TOTAL]; NULL or not a number: 0 and has_total false), `prefix`
 * the table's storage path. A re-check whose path is not a field of the engine is an orphan. */
int recheck_totals_engine(const engine *e, const char *prefix, const inode *total,
                          recheck_totals *out, char **err);
void recheck_totals_free(recheck_totals *t);

/* Appends a warning recheck.orphan (path: the re-check's storage path) for each re-check of
 * the engine's draft whose path names no field of it. 0, or -1 when out of memory. */
int recheck_orphan_findings(const engine *e, finding_list *out);
/* The same for queries (core/query.h) not closed whose path names nothing of the draft (a row
 * the clerk deleted): a warning query.orphan each, its path the query's. */
#define QUERY_ORPHAN_CODE "query.orphan"
int query_orphan_findings(const engine *e, finding_list *out);

/* Two places, half up: "95.53", "-2.00". buf >= DEC_STR_MAX. Returns buf. */
char *recheck_fmt(dec_t v, char *buf);

#endif
