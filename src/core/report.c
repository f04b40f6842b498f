/* The report walk (core/report.h): one pre-order pass over the engine's instance tree, the
 * same order engine_findings gathers in, so a writer that concatenates what it is given
 * reproduces the document order of every figure and finding. */
#include "core/report.h"
#include "core/form.h"

#include <stdlib.h>
#include <string.h>

const char *rep_figure_key(rep_figure f)
{
    return (int)f >= 0 && f < RF__COUNT ? form_summary_keys[f] : NULL;
}

typedef struct {
    const engine *e;
    const form *top;
    const report_writer *w;
    int rc;
} walker;

static bool has_section_kid(const fnode *d)
{
    for (size_t i = 0; i < d->nkids; i++)
        if (d->kids[i]->kind == N_SECTION)
            return true;
    return false;
}

/* A table is an instance of one form: the draft's root when its form has sections of its own,
 * a part, or a row of a repeated part (projects[2]). */
static bool is_table(const inode *n)
{
    node_kind k = inode_kind(n);
    const fnode *d = inode_def(n);
    if (k == N_FIELD || !has_section_kid(d))
        return false;
    if (d->kind == N_PART && d->repeat)
        return k == N_ROW;
    return k == N_FORM || k == N_PART;
}

const inode *report_table_of(const inode *n)
{
    while (n && !is_table(n))
        n = inode_parent(n);
    return n;
}

static const form *table_form(const walker *W, const inode *n)
{
    const fnode *d = inode_def(n);
    for (size_t i = 0; i < d->nkids; i++)
        if (d->kids[i]->origin)
            return d->kids[i]->origin;
    return W->top;
}

/* The instance of `target` below `inst` (no table or repeated part in between). */
static const inode *instance_below(const inode *inst, const fnode *target)
{
    const fnode *chain[DRAFT_MAX_DEPTH + 2];
    int n = 0;
    const fnode *top = inode_def(inst);
    for (const fnode *p = target; p && p != top; p = p->parent) {
        if (n == DRAFT_MAX_DEPTH + 2)
            return NULL;
        chain[n++] = p;
    }
    const inode *cur = inst;
    while (cur && n > 0) {
        const fnode *want = chain[--n];
        const inode *next = NULL;
        for (size_t i = 0; i < inode_nkids(cur) && !next; i++) {
            const inode *k = inode_kid(cur, i);
            if (inode_kind(k) != N_ROW && inode_def(k) == want)
                next = k;
        }
        cur = next;
    }
    return cur;
}

static int emit_findings(walker *W, const inode *n, const rep_table *t, const rep_field *f)
{
    if (!W->w->finding)
        return 0;
    const finding_list *l = inode_findings(n);
    for (size_t i = 0; l && i < l->len; i++) {
        rep_finding rf = {.table = t, .field = f, .f = &l->items[i]};
        int rc = W->w->finding(W->w->ctx, &rf);
        if (rc)
            return rc;
    }
    return 0;
}

/* What a person calls a table row: its first filled text cell that is typed, not computed. */
static const char *row_text(const inode *row)
{
    for (size_t i = 0; i < inode_nkids(row); i++) {
        const inode *k = inode_kid(row, i);
        if (inode_kind(k) == N_FIELD && inode_def(k)->type == FT_TEXT &&
            !inode_is_computed(k) && *inode_text(k))
            return inode_text(k);
    }
    return NULL;
}

/* Fills f; the paths are malloc'd into *dp and *sp (the caller frees). The derivation is made
 * when `why` (in English too when `why_en`). -1 out of memory. */
static int make_field(const engine *e, const inode *n, const rep_table *t, rep_field *f,
                      char **dp, char **sp, bool why, bool why_en)
{
    *dp = inode_display_path(n);
    *sp = inode_storage_path(n);
    if (!*dp || !*sp)
        return -1;
    const inode *p = inode_parent(n);
    memset(f, 0, sizeof *f);
    f->n = n;
    f->table = t;
    f->path = *dp;
    f->storage_path = *sp;
    f->def = inode_def(n);
    f->group_label = p && inode_kind(p) == N_GROUP ? &inode_def(p)->label : NULL;
    f->row_text = p && inode_kind(p) == N_ROW ? row_text(p) : NULL;
    f->text = inode_text(n);
    f->display = inode_display(n);
    f->computed = inode_is_computed(n);
    f->rule = f->computed ? inode_rule_display(n) : NULL;
    f->value = inode_value(n);
    f->state = inode_state(n);
    f->reason = f->state == FS_OVERRIDE ? inode_override_reason(n) : NULL;
    f->findings = inode_findings(n);
    if (f->computed && why) {
        char *zh = NULL, *en = NULL;
        if (engine_why(e, n, &zh, why_en ? &en : NULL) != 0)
            return -1;
        f->why_zh = zh;
        f->why_en = en;
    }
    return 0;
}

/* What make_field allocated besides the paths. */
static void field_done(rep_field *f)
{
    free((char *)f->why_zh);
    free((char *)f->why_en);
    f->why_zh = f->why_en = NULL;
}

static int visit_field(walker *W, const inode *n, const rep_table *t)
{
    if (!W->w->field && !W->w->finding)
        return 0;
    const finding_list *l = inode_findings(n);
    bool wanted = W->w->field && (!W->w->wants_field || W->w->wants_field(W->w->ctx, n));
    if (!wanted && (!l || !l->len))
        return 0;   /* nobody needs paths for a quiet field the writer does not keep */
    rep_field f;
    char *dp = NULL, *sp = NULL;
    int rc = -1;
    memset(&f, 0, sizeof f);
    if (make_field(W->e, n, t, &f, &dp, &sp, !(W->w->skip & REP_SKIP_FIELD_WHY),
                   !(W->w->skip & REP_SKIP_WHY_EN)) == 0) {
        rc = wanted ? W->w->field(W->w->ctx, &f) : 0;
        if (!rc)
            rc = emit_findings(W, n, t, &f);
    }
    field_done(&f);
    free(dp);
    free(sp);
    return rc;
}

/* ---- indicator rows ---- */

typedef struct {
    int nargs;
    int ids[9];
    bool other;
} ind_args;

static void collect_ind_ref(void *ctx, const expr_ref *ref, int in_host_call)
{
    ind_args *a = ctx;
    if (in_host_call != FN_IND_SCORE) {
        a->other = true;
        return;
    }
    if (a->nargs < 9)
        a->ids[a->nargs] = ref->id;
    a->nargs++;
}

/* The field of `row` that is the form node `node_id` (NULL when the row has none). */
static const inode *kid_of(const walker *W, const inode *row, int node_id)
{
    if (node_id < 0 || (size_t)node_id >= W->top->nnodes)
        return NULL;
    const fnode *want = W->top->nodes[node_id];
    for (size_t i = 0; i < inode_nkids(row); i++)
        if (inode_def(inode_kid(row, i)) == want)
            return inode_kid(row, i);
    return NULL;
}

static const char *text_of(const inode *k) { return k ? inode_text(k) : ""; }

/* indicator_score(target, actual, weight, direction, tier, level1, level2, level3, na) */
static int visit_indicator(walker *W, const inode *row, const rep_table *t)
{
    const inode *score = NULL;
    ind_args a = {0};
    for (size_t i = 0; i < inode_nkids(row) && !score; i++) {
        const inode *k = inode_kid(row, i);
        const fnode *d = inode_def(k);
        if (inode_kind(k) != N_FIELD || !d->compute)
            continue;
        memset(&a, 0, sizeof a);
        expr_visit_refs(d->compute, collect_ind_ref, &a);
        if (a.nargs == 9 && !a.other)
            score = k;
    }
    if (!score)
        return 0;
    rep_field sf;
    char *dp = NULL, *sp = NULL, *rdp = NULL, *rsp = NULL;
    int rc = -1;
    memset(&sf, 0, sizeof sf);
    if (make_field(W->e, score, t, &sf, &dp, &sp, true, !(W->w->skip & REP_SKIP_WHY_EN)) == 0 &&
        (rdp = inode_display_path(row)) &&
        (rsp = inode_storage_path(row))) {
        const inode *w = kid_of(W, row, a.ids[2]);
        rep_indicator r = {
            .table = t, .row = row, .path = rdp, .storage_path = rsp,
            .number = inode_index(row) + 1,
            .target = text_of(kid_of(W, row, a.ids[0])),
            .actual = text_of(kid_of(W, row, a.ids[1])),
            .weight = w ? inode_display(w) : "",
            .direction = text_of(kid_of(W, row, a.ids[3])),
            .tier = text_of(kid_of(W, row, a.ids[4])),
            .level1 = text_of(kid_of(W, row, a.ids[5])),
            .level2 = text_of(kid_of(W, row, a.ids[6])),
            .level3 = text_of(kid_of(W, row, a.ids[7])),
            .na = text_of(kid_of(W, row, a.ids[8])),
            .target_field = kid_of(W, row, a.ids[0]),
            .actual_field = kid_of(W, row, a.ids[1]),
            .score = &sf,
        };
        rc = W->w->indicator(W->w->ctx, &r);
    }
    field_done(&sf);
    free(dp);
    free(sp);
    free(rdp);
    free(rsp);
    return rc;
}

/* ---- the walk ---- */

static int visit(walker *W, const inode *n, const rep_table *t, size_t *ntable);

static int visit_table(walker *W, const inode *n, size_t *ntable)
{
    char *dp = inode_kind(n) == N_FORM ? strdup("") : inode_display_path(n);
    char *sp = inode_kind(n) == N_FORM ? strdup("") : inode_storage_path(n);
    int rc = -1;
    if (dp && sp) {
        rep_table t;
        memset(&t, 0, sizeof t);
        t.index = (*ntable)++;
        t.inst = n;
        t.path = dp;
        t.storage_path = sp;
        t.form = table_form(W, n);
        for (int i = 0; i < RF__COUNT; i++)
            t.figure[i] = t.form->summary[i] ? instance_below(n, t.form->summary[i]) : NULL;
        inode_worst(n, t.counts);
        /* the one place every output gets its 复核 figures from */
        recheck_totals rt;
        char *rerr = NULL;
        memset(&rt, 0, sizeof rt);
        if (engine_draft(W->e)->n_rechecks &&
            recheck_totals_engine(W->e, sp, t.figure[RF_TOTAL], &rt, &rerr) == 0)
            t.recheck = &rt;
        free(rerr);
        rc = W->w->table ? W->w->table(W->w->ctx, &t) : 0;
        if (!rc)
            rc = emit_findings(W, n, &t, NULL);
        for (size_t i = 0; i < inode_nkids(n) && !rc; i++)
            rc = visit(W, inode_kid(n, i), &t, ntable);
        if (!rc && W->w->end_table)
            rc = W->w->end_table(W->w->ctx, &t);
        recheck_totals_free(&rt);
    }
    free(dp);
    free(sp);
    return rc;
}

static int visit(walker *W, const inode *n, const rep_table *t, size_t *ntable)
{
    if (inode_kind(n) == N_FIELD)
        return visit_field(W, n, t);
    if (is_table(n))
        return visit_table(W, n, ntable);
    int rc = emit_findings(W, n, t, NULL);
    for (size_t i = 0; i < inode_nkids(n) && !rc; i++)
        rc = visit(W, inode_kid(n, i), t, ntable);
    if (!rc && inode_kind(n) == N_ROW && W->w->indicator)
        rc = visit_indicator(W, n, t);
    return rc;
}

static size_t count_tables(const inode *n)
{
    if (inode_kind(n) == N_FIELD)
        return 0;
    size_t c = is_table(n) ? 1 : 0;
    for (size_t i = 0; i < inode_nkids(n); i++)
        c += count_tables(inode_kid(n, i));
    return c;
}

int report_walk(const engine *e, const char *file, const char *sha256, const report_writer *w)
{
    walker W = {.e = e, .top = engine_form(e), .w = w};
    const inode *root = engine_root(e);
    rep_draft d;
    memset(&d, 0, sizeof d);
    d.file = file;
    d.sha256 = sha256;
    d.e = e;
    d.form = W.top;
    d.draft = engine_draft(e);
    inode_worst(root, d.counts);
    d.ntables = count_tables(root);
    int rc = w->begin_draft ? w->begin_draft(w->ctx, &d) : 0;
    size_t ntable = 0;
    if (!rc)
        rc = visit(&W, root, NULL, &ntable);
    if (!rc && w->end_draft)
        rc = w->end_draft(w->ctx, &d);
    return rc;
}

int report_error(const report_writer *w, const char *file, const char *message)
{
    return w->draft_error ? w->draft_error(w->ctx, file, message) : 0;
}
