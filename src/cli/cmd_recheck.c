/* selfeval recheck-score | rechecks: the reviewer's re-check (复核) figures of score fields,
 * headless, and 自评总分 / 复核总分 / 偏差 as core/recheck.h computes them, per table of the
 * draft (the draft itself, or each of its parts). */
#include "cli/cli.h"
#include "cli/cli_review.h"
#include "core/recheck.h"
#include "core/report.h"
#include "store/review_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    sbuf *b;
    const engine *e;
    bool rows;                /* each re-checked field too, not only the totals */
    char *err;
} totals_ctx;

static int begin_draft(void *ctx, const rep_draft *d)
{
    ((totals_ctx *)ctx)->e = d->e;
    return 0;
}

static int table_totals(void *ctx, const rep_table *t)
{
    totals_ctx *c = ctx;
    recheck_totals tot;
    if (recheck_totals_engine(c->e, t->storage_path, t->figure[RF_TOTAL], &tot, &c->err) != 0)
        return 1;
    char s1[DEC_STR_MAX], s2[DEC_STR_MAX], s3[DEC_STR_MAX];
    const draft *dr = engine_draft(c->e);
    for (size_t i = 0; c->rows && i < tot.n; i++) {
        const recheck_row *r = &tot.rows[i];
        const draft_recheck *rc = draft_recheck_get(dr, r->path);
        sb_add_visible(c->b, r->path);
        sb_addf(c->b, "\t自评 %s\t复核 %s\t偏差 %s\t", recheck_fmt(r->self, s1),
                recheck_fmt(r->recheck, s2), recheck_fmt(r->diff, s3));
        sb_add_visible(c->b, rc && rc->actual ? rc->actual : "-");
        sb_add(c->b, "\t");
        sb_add_visible(c->b, rc && rc->reason ? rc->reason : "-");
        sb_add(c->b, "\t");
        sb_add_visible(c->b, rc && rc->by ? rc->by : "-");
        sb_add(c->b, "\n");
    }
    /* a table without a total (the report, the basic data) has no 复核总分 either */
    if (tot.has_total) {
        if (*t->storage_path) {
            sb_add_visible(c->b, t->storage_path);
            sb_add(c->b, ": ");
        }
        sb_addf(c->b, "自评总分 %s\t复核总分 %s\t偏差 %s\n", recheck_fmt(tot.self_total, s1),
                recheck_fmt(tot.recheck_total, s2), recheck_fmt(tot.deviation, s3));
    }
    recheck_totals_free(&tot);
    return 0;
}

/* Re-checks naming no field of the draft (their rows were deleted): counted in no total,
 * listed for the reviewer to clear. */
static void add_orphans(const engine *e, const char *file, sbuf *b)
{
    finding_list l = {0};
    if (recheck_orphan_findings(e, &l) != 0) {
        findings_free(&l);
        return;
    }
    for (size_t i = 0; i < l.len; i++) {
        sb_add_visible(b, l.items[i].path);
        sb_add(b, "\tnot counted: re-check of a row that no longer exists; clear it with "
                  "selfeval recheck-score ");
        sb_add_visible(b, file);
        sb_add(b, " ");
        sb_add_visible(b, l.items[i].path);
        sb_add(b, " --clear\n");
    }
    findings_free(&l);
}

/* The totals of every table of the open document into b. */
static int add_totals(doc *d, bool rows, sbuf *b, char **err)
{
    totals_ctx c = {.b = b, .rows = rows};
    report_writer w = {.ctx = &c, .begin_draft = begin_draft, .table = table_totals};
    if (report_walk(doc_engine(d), doc_path(d), NULL, &w) != 0) {
        *err = c.err ? c.err : strdup("out of memory");
        return -1;
    }
    add_orphans(doc_engine(d), doc_path(d), b);
    return 0;
}

/* selfeval recheck-score DRAFT PATH --score S [--actual A] [--reason R] [--by NAME]
 *                         DRAFT PATH --clear [--by NAME] */
int cli_recheck_score(int argc, char **argv)
{
    cli_review_opts o;
    int rc = cli_review_parse("recheck-score", argc, argv,
                              CRO_SCORE | CRO_ACTUAL | CRO_REASON | CRO_BY | CRO_CLEAR, 2,
                              "DRAFT PATH (a score field, e.g. indicators.r2.score)", &o);
    if (rc)
        return rc;
    if (!o.clear && !o.score)
        return cli_usage_error("recheck-score: give the re-checked score (--score S) or "
                               "--clear");
    if (o.clear && (o.score || o.actual || o.reason))
        return cli_usage_error("recheck-score: --clear takes no --score, --actual or "
                               "--reason");
    char *me = o.by ? NULL : review_default_user();
    char *err = NULL;
    doc *d = review_file_open(o.pos[0], DOC_REVIEW, o.by ? o.by : me, &err);
    free(me);
    if (!d) {
        rc = cli_review_fail(err);
        free(err);
        return rc;
    }
    int r = o.clear ? doc_recheck_clear(d, o.pos[1], &err)
                    : doc_recheck_set(d, o.pos[1], o.actual, o.score, o.reason, &err);
    sbuf b = {0};
    if (r == 0 && add_totals(d, false, &b, &err) != 0)
        r = -1;
    if (r != 0) {
        rc = cli_review_fail(err);
        free(err);
        sb_free(&b);
        doc_close(d);
        return rc;
    }
    sbuf head = {0};
    sb_add_visible(&head, o.pos[0]);
    sb_add(&head, ": ");
    sb_add_visible(&head, o.pos[1]);
    if (o.clear) {
        sb_add(&head, " re-check cleared\n");
    } else {
        sb_add(&head, " 复核得分 ");
        sb_add_visible(&head, o.score);
        sb_add(&head, "\n");
    }
    sb_add(&head, b.s ? b.s : "");
    sb_free(&b);
    rc = cli_review_save(d, CLI_OK);
    if (rc == CLI_OK && sb_write_stdout(&head) != 0)
        rc = CLI_BAD_INPUT;
    sb_free(&head);
    return rc;
}

/* selfeval rechecks DRAFT: each re-checked score and the totals; changes nothing. */
int cli_rechecks(int argc, char **argv)
{
    cli_review_opts o;
    int rc = cli_review_parse("rechecks", argc, argv, 0, 1, "DRAFT", &o);
    if (rc)
        return rc;
    char *err = NULL;
    doc *d = doc_open_as(o.pos[0], NULL, DOC_READONLY, NULL, &err);
    if (!d) {
        rc = cli_review_fail(err);
        free(err);
        return rc;
    }
    sbuf b = {0};
    sb_add_visible(&b, o.pos[0]);
    sb_addf(&b, ": %zu re-checked score(s)\n", doc_draft(d)->n_rechecks);
    if (add_totals(d, true, &b, &err) != 0) {
        rc = cli_review_fail(err);
        free(err);
    } else {
        rc = sb_write_stdout(&b) == 0 ? CLI_OK : CLI_BAD_INPUT;
    }
    sb_free(&b);
    doc_close(d);
    return rc;
}
