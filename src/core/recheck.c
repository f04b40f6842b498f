/* 复核 figures and their totals (core/recheck.h). */
#include "core/recheck.h"
#include "core/strfmt.h"

#include "core/value.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const draft_recheck *draft_recheck_get(const draft *d, const char *path)
{
    for (size_t i = 0; d && path && i < d->n_rechecks; i++)
        if (d->rechecks[i].path && strcmp(d->rechecks[i].path, path) == 0)
            return &d->rechecks[i];
    return NULL;
}

int recheck_check(const char *path, const char *score, const char *reason, const dec_t *self,
                  const dec_t *max, char **err)
{
    *err = NULL;
    if (!path || !*path) {
        *err = str_printf("a re-check needs the storage path of a score field, e.g. "
                    "indicators.r2.score");
        return -1;
    }
    dec_t v;
    if (!score || dec_parse(score, strlen(score), &v) != DEC_OK || dec_sign(v) < 0) {
        *err = str_printf("复核得分 \"%s\" of %s is not a score: give a number, 0 or more (e.g. 8 "
                    "or 7.5)", score ? score : "", path);
        return -1;
    }
    char b1[DEC_STR_MAX], b2[DEC_STR_MAX];
    /* a person's new figure (checked against the self score); a figure restored as it was
     * (undo, journal replay: self NULL) may be one a file already held */
    if (self && dec_normalize(v).scale > RECHECK_DECIMALS) {
        *err = str_printf("复核得分 %s of %s has more than %d decimals: scores have %d (e.g. %s)",
                          score, path, RECHECK_DECIMALS, RECHECK_DECIMALS,
                          recheck_fmt(v, b1));
        return -1;
    }
    if (max && dec_cmp(v, *max) > 0) {
        *err = str_printf("复核得分 %s of %s is above its weight %s: give a score from 0 to %s",
                    score, path, dec_format(*max, b1), dec_format(*max, b2));
        return -1;
    }
    if (self && dec_cmp(v, *self) < 0 && (!reason || !*reason)) {
        *err = str_printf("复核得分 %s of %s is below the self score %s: give the reason for the "
                    "deduction", score, path, dec_format(*self, b1));
        return -1;
    }
    return 0;
}

int recheck_set(draft *d, const char *path, const char *actual, const char *score,
                const char *reason, const char *by, const char *at, const dec_t *self,
                const dec_t *max, char **err)
{
    if (recheck_check(path, score, reason, self, max, err) != 0)
        return -1;
    draft_recheck r = {0};
    r.path = strdup(path);
    r.score = strdup(score);
    r.actual = actual ? strdup(actual) : NULL;
    r.reason = reason ? strdup(reason) : NULL;
    r.by = by ? strdup(by) : NULL;
    r.at = at ? strdup(at) : NULL;
    draft_recheck *cur = (draft_recheck *)draft_recheck_get(d, path);
    bool ok = r.path && r.score && (!actual || r.actual) && (!reason || r.reason) &&
              (!by || r.by) && (!at || r.at);
    if (ok && !cur) {
        draft_recheck *v = realloc(d->rechecks, (d->n_rechecks + 1) * sizeof *v);
        if (v) {
            d->rechecks = v;
            cur = &v[d->n_rechecks++];
            *cur = (draft_recheck){0};
        } else {
            ok = false;
        }
    }
    if (!ok) {
        draft_recheck_clear(&r);
        *err = str_printf("out of memory");
        return -1;
    }
    /* a replaced re-check keeps the unknown keys it had */
    r.unknown = cur->unknown;
    cur->unknown = NULL;
    draft_recheck_clear(cur);
    *cur = r;
    return 0;
}

int recheck_clear(draft *d, const char *path)
{
    draft_recheck *cur = (draft_recheck *)draft_recheck_get(d, path);
    if (!cur)
        return 0;
    size_t i = (size_t)(cur - d->rechecks);
    draft_recheck_clear(cur);
    memmove(cur, cur + 1, (d->n_rechecks - i - 1) * sizeof *cur);
    d->n_rechecks--;
    return 0;
}

void recheck_totals_free(recheck_totals *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n; i++)
        free(t->rows[i].path);
    free(t->rows);
    for (size_t i = 0; i < t->norphans; i++)
        free(t->orphans[i]);
    free(t->orphans);
    memset(t, 0, sizeof *t);
}

static bool under(const char *path, const char *prefix)
{
    size_t n = strlen(prefix);
    return n == 0 || (strncmp(path, prefix, n) == 0 && path[n] == '.');
}

int recheck_totals_compute(const draft *d, const char *prefix, dec_t self_total,
                           recheck_self_fn self, void *ctx, recheck_totals *out, char **err)
{
    *err = NULL;
    memset(out, 0, sizeof *out);
    out->has_total = true;
    out->self_total = self_total;
    dec_t sum = dec_zero();
    if (!prefix)
        prefix = "";
    for (size_t i = 0; i < d->n_rechecks; i++) {
        const draft_recheck *r = &d->rechecks[i];
        if (!r->path || !under(r->path, prefix))
            continue;
        recheck_row row = {0};
        if (!r->score || dec_parse(r->score, strlen(r->score), &row.recheck) != DEC_OK) {
            *err = str_printf("复核得分 \"%s\" of %s is not a number: re-check that score again",
                        r->score ? r->score : "", r->path);
            recheck_totals_free(out);
            return -1;
        }
        /* a score has RECHECK_DECIMALS decimals: more (a file written by hand) counts
         * rounded half up, as the score field rounds a typed one */
        row.recheck = dec_round(row.recheck, RECHECK_DECIMALS);
        int found = self ? self(ctx, r->path, &row.self) : -1;
        if (found == RECHECK_NO_FIELD) {
            /* its row was deleted: reported (recheck.orphan), never summed */
            char **v = realloc(out->orphans, (out->norphans + 1) * sizeof *v);
            if (v)
                out->orphans = v;
            if (!v || !(out->orphans[out->norphans] = strdup(r->path))) {
                *err = str_printf("out of memory");
                recheck_totals_free(out);
                return -1;
            }
            out->norphans++;
            continue;
        }
        if (found != 0)
            row.self = dec_zero();
        recheck_row *v = realloc(out->rows, (out->n + 1) * sizeof *v);
        if (v)
            out->rows = v;
        if (!v || !(row.path = strdup(r->path))) {
            *err = str_printf("out of memory");
            recheck_totals_free(out);
            return -1;
        }
        if (dec_sub(row.recheck, row.self, &row.diff) != DEC_OK ||
            dec_add(sum, row.diff, &sum) != DEC_OK) {
            free(row.path);
            *err = str_printf("the re-check of %s is too large a number to add up", r->path);
            recheck_totals_free(out);
            return -1;
        }
        out->rows[out->n++] = row;
    }
    if (dec_add(self_total, sum, &out->recheck_total) != DEC_OK) {
        *err = str_printf("复核总分 is too large a number");
        recheck_totals_free(out);
        return -1;
    }
    out->deviation = sum;
    return 0;
}

static bool num_of(const inode *n, dec_t *out)
{
    if (!n)
        return false;
    value_t v = inode_value(n);
    if (v.kind != V_NUM)
        return false;
    *out = v.num;
    return true;
}

/* The field a re-check names, NULL when the draft has none there (its row was deleted). */
static const inode *field_of(const engine *e, const char *path)
{
    const inode *n = path ? engine_find(e, path) : NULL;
    return n && inode_kind(n) == N_FIELD ? n : NULL;
}

static int engine_self(void *ctx, const char *path, dec_t *out)
{
    const inode *n = field_of((const engine *)ctx, path);
    if (!n)
        return RECHECK_NO_FIELD;
    return num_of(n, out) ? 0 : -1;
}

int recheck_totals_engine(const engine *e, const char *prefix, const inode *total,
                          recheck_totals *out, char **err)
{
    dec_t t;
    bool has = num_of(total, &t);
    if (!has)
        t = dec_zero();
    int rc = recheck_totals_compute(engine_draft(e), prefix, t, engine_self, (void *)e, out,
                                    err);
    if (rc == 0)
        out->has_total = has;
    return rc;
}

int recheck_orphan_findings(const engine *e, finding_list *out)
{
    const draft *d = engine_draft(e);
    for (size_t i = 0; d && i < d->n_rechecks; i++) {
        const char *p = d->rechecks[i].path;
        if (!p || field_of(e, p))
            continue;
        if (findings_addf(out, SEV_WARNING, RECHECK_ORPHAN_CODE, p,
                          "复核记录 %s 所指的栏目已不存在（所在行已删除），不计入任何复核总分；请清除该复核"
                          "（selfeval recheck-score 草稿 %s --clear）",
                          "re-check of a row that no longer exists: %s names no field of this "
                          "draft (its row was deleted) and counts in no total; clear it "
                          "(selfeval recheck-score DRAFT %s --clear)",
                          p, p) != 0)
            return -1;
    }
    return 0;
}

int query_orphan_findings(const engine *e, finding_list *out)
{
    const draft *d = engine_draft(e);
    for (size_t i = 0; d && i < d->n_queries; i++) {
        const draft_query *q = &d->queries[i];
        /* a closed one is history; one on the whole draft ("") names no field by design */
        if (!q->path || !*q->path || (q->state && strcmp(q->state, "closed") == 0) ||
            engine_find(e, q->path))
            continue;
        if (findings_addf(out, SEV_WARNING, QUERY_ORPHAN_CODE, q->path,
                          "质询 %s 所指的栏目 %s 已不存在（所在行已删除）：无法答复或跳转；审核人请关闭它"
                          "（必要时在正确的栏目重新提出）",
                          "query %s is on %s, which no longer exists (its row was deleted): it "
                          "cannot be answered or jumped to; the reviewer closes it (and asks again "
                          "on the right field if need be)",
                          q->id ? q->id : "?", q->path) != 0)
            return -1;
    }
    return 0;
}

char *recheck_fmt(dec_t v, char *buf)
{
    return dec_format_fixed(v, 2, buf);
}
