/* 复核: a reviewer's re-check figures of score fields (docs/draft-format.md, "Re-check"),
 * and the totals every output shows: 自评总分 (the self-assessed total), 复核总分 (the
 * re-checked total) and 偏差 (their difference), per re-checked field and in total.
 *
 *   per field:  偏差 = 复核得分 − self score
 *   total:      复核总分 = 自评总分 + Σ 偏差;  偏差 = 复核总分 − 自评总分
 *
 * Exact decimals (core/dec.h); shown with two places, half up (recheck_fmt). Pure: the self
 * scores come from the caller (a checked engine: recheck_totals_engine). */
#ifndef SELFEVAL_CORE_RECHECK_H
#define SELFEVAL_CORE_RECHECK_H

#include "core/dec.h"
#include "core/draft.h"
#include "core/engine.h"

/* By storage path; NULL when the field is not re-checked. */
const draft_recheck *draft_recheck_get(const draft *d, const char *path);

/* Whether a re-check may be set: score is a plain decimal ("8", "7.5"), 0 or more, at most
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
    dec_t self_total;      /* 自评总分 */
    dec_t recheck_total;   /* 复核总分 */
    dec_t deviation;       /* 偏差 = recheck_total − self_total */
    recheck_row *rows;     /* re-checked fields under the table, in the draft's order */
    size_t n;
} recheck_totals;

/* The self score of a storage path: 0 and *out, or -1 when unknown (then counted as 0). */
typedef int (*recheck_self_fn)(void *ctx, const char *path, dec_t *out);

/* Totals of the re-checks whose path is under `prefix` ("" = every one; "projects.p1" = those
 * of that part). 0, or -1 and *err (out of memory, overflow, a stored score that is not a
 * decimal). Free with recheck_totals_free. */
int recheck_totals_compute(const draft *d, const char *prefix, dec_t self_total,
                           recheck_self_fn self, void *ctx, recheck_totals *out, char **err);
/* The same with the self scores and 自评总分 of a checked engine: `total` is the table's total
 * field (rep_table.figure[RF_TOTAL]; NULL: 0), `prefix` the table's storage path. */
int recheck_totals_engine(const engine *e, const char *prefix, const inode *total,
                          recheck_totals *out, char **err);
void recheck_totals_free(recheck_totals *t);

/* Two places, half up: "95.53", "-2.00". buf >= DEC_STR_MAX. Returns buf. */
char *recheck_fmt(dec_t v, char *buf);

#endif
