/* Evaluating fields and rules, and recomputing only what a change reaches. */
#include "engine_internal.h"
#include "core/recheck.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef eng_host_ctx host_ctx;

static value_t host_get(void *c, const expr_ref *ref)
{
    host_ctx *h = c;
    if (form_ref_is_list(ref))
        return v_blank(VB_BAD_INPUT);
    inode *t = eng_locate(h->ctx, h->e->f->nodes[form_ref_anchor(ref)], h->e->f->nodes[ref->id]);
    if (!t || t->kind != N_FIELD)
        return v_blank(VB_EMPTY);
    return eng_field_value(h->e, t);
}

value_t eng_field_value(engine *e, inode *t)
{
    if (!e->as_typed || !t->comp || t->input.kind != V_NUM)
        return t->value;
    if (t->value.kind != V_NUM || dec_cmp(t->value.num, t->input.num) != 0) {
        if (e->ntyped_used == e->captyped_used) {
            size_t cap = e->captyped_used ? e->captyped_used * 2 : 8;
            inode **v = realloc(e->typed_used, cap * sizeof *v);
            if (!v)
                return t->input;   /* the list is only for naming rows: shorter, not wrong */
            e->typed_used = v;
            e->captyped_used = cap;
        }
        e->typed_used[e->ntyped_used++] = t;
    }
    return t->input;
}

static value_t host_call(void *c, int func_id, const value_t *args, const expr_ref *const *refs,
                         int nargs)
{
    host_ctx *h = c;
    return eng_call(h->e, h->cur, h->ctx, func_id, args, refs, nargs);
}

static const expr_host HOST = {host_get, host_call};

const expr_host *eng_host(void)
{
    return &HOST;
}

static value_t eval(engine *e, unit *cur, inode *ctx, const expr *x)
{
    host_ctx h = {e, cur, ctx};
    return expr_eval(x, &HOST, &h);
}

/* The formats take the field's label, then a, b, c. */
static void add(inode *n, severity sev, const char *code, const char *zh, const char *en,
                const char *a, const char *b, const char *c)
{
    eng_report(n, sev, code, zh, en, a, b, c);
}

static char *fmt(const fnode *d, value_t v)
{
    if (v.kind == V_BLANK)
        return strdup("—");
    return eng_format_value(d, v);
}

static void eval_override(engine *e, inode *n, value_t rule)
{
    const fnode *d = n->def;
    if (rule.kind != V_NUM || n->input.kind != V_NUM) {
        n->value = n->input.kind == V_NUM ? n->input : rule;
        return;
    }
    dec_t lo = rule.num, hi = rule.num;
    if (d->accept_lo && d->accept_hi) {
        value_t l = eval(e, &n->u, n, d->accept_lo), h = eval(e, &n->u, n, d->accept_hi);
        if (l.kind == V_NUM && h.kind == V_NUM) {
            lo = dec_min(l.num, rule.num);
            hi = dec_max(h.num, rule.num);
        }
    }
    if (dec_cmp(n->input.num, lo) >= 0 && dec_cmp(n->input.num, hi) <= 0) {
        n->value = n->input;
        return;
    }
    /* the typed figure as typed: rounded to the field's places it could read as the rule's
     * ("typed 2.42, the rule gives 2.42" for a typed 2.415) */
    char *typed = n->json && cJSON_IsString(n->json) && n->json->valuestring[0]
                      ? strdup(n->json->valuestring)
                      : fmt(d, n->input);
    char *ruled = fmt(d, rule);
    char *sp = inode_storage_path(n);
    const draft_override *o = sp ? draft_override_get(e->d, sp) : NULL;
    free(sp);
    if (o && o->reason && *o->reason) {
        n->value = n->input;
        n->comp->override_active = true;
        n->comp->state = FS_OVERRIDE;
        free(n->comp->override_reason);
        n->comp->override_reason = strdup(o->reason);
        add(n, SEV_NOTICE, "override.active", "%s：填报 %s 代替规则得分 %s，理由：%s",
            "%s: the typed %s replaces the rule's %s; reason: %s", typed, ruled, o->reason);
    } else {
        n->value = rule;
        n->comp->state = FS_OVERRIDE_NO_REASON;
        add(n, SEV_ERROR, "override.reason_missing",
            "%s：填报 %s，按规则应为 %s；如需保留填报值，请说明理由（否则按规则得分计）",
            "%s: typed %s, the rule gives %s; give a reason to keep the typed figure (the rule's "
            "counts until then)",
            typed, ruled, NULL);
    }
    free(typed);
    free(ruled);
}

/* How the typed figures it is made of are named: "第 2、5 行" / "rows 2, 5" when they are rows
 * of a table, else their labels. */
static char *typed_parts(engine *e, bool en, bool *all_rows)
{
    size_t cap = 64, len = 0;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    out[0] = '\0';
    *all_rows = true;
    for (size_t i = 0; i < e->ntyped_used; i++)
        if (!e->typed_used[i]->parent || e->typed_used[i]->parent->kind != N_ROW)
            *all_rows = false;
    for (size_t i = 0; i < e->ntyped_used; i++) {
        inode *t = e->typed_used[i];
        char item[256];
        if (*all_rows)
            snprintf(item, sizeof item, "%zu", (size_t)t->parent->idx + 1);
        else if (t->parent && t->parent->kind == N_ROW)
            snprintf(item, sizeof item, en ? "row %zu" : "第 %zu 行", (size_t)t->parent->idx + 1);
        else
            snprintf(item, sizeof item, "%s", i18n_get(&t->def->label, en));
        size_t need = len + strlen(item) + 8;
        if (need > cap) {
            cap = need * 2;
            char *o = realloc(out, cap);
            if (!o) {
                free(out);
                return NULL;
            }
            out = o;
        }
        len += (size_t)sprintf(out + len, "%s%s", i ? (en ? ", " : "、") : "", item);
    }
    return out;
}

/* A typed total that is the sum of the typed figures it adds, differing from the rules only
 * because some of those do not count (overrides without a reason, refused scores): say that,
 * naming them, instead of "computes to" as if the addition were wrong. 1 when reported. */
static int typed_total_reason(engine *e, inode *n, value_t rule)
{
    const fnode *d = n->def;
    bool was = e->explaining;
    e->as_typed = e->explaining = true;
    e->ntyped_used = 0;
    value_t t = eng_round_for(d, eval(e, &n->u, n, d->compute));
    e->as_typed = false;
    e->explaining = was;
    if (t.kind != V_NUM || dec_cmp(t.num, n->input.num) != 0 || e->ntyped_used == 0)
        return 0;
    bool no_reason = true;
    for (size_t i = 0; i < e->ntyped_used; i++)
        if (e->typed_used[i]->comp->state != FS_OVERRIDE_NO_REASON)
            no_reason = false;
    bool rows_zh, rows_en;
    char *pz = typed_parts(e, false, &rows_zh), *pe = typed_parts(e, true, &rows_en);
    char *typed = fmt(d, n->input), *ruled = fmt(d, rule), *zh = NULL, *en = NULL;
    char *path = inode_display_path(n);
    if (pz && pe && typed && ruled &&
        asprintf(&zh, "%s：%s 是填报各项之和；按规则为 %s，差异来自%s%s%s%s",
                 i18n_get(&d->label, false), typed, ruled, rows_zh ? "第 " : "", pz,
                 rows_zh ? " 行" : "", no_reason ? "未说明理由的改分" : "与规则不符的填报数") >= 0 &&
        asprintf(&en, "%s: %s is the sum of the typed figures; by the rules it is %s, the "
                      "difference coming from %s in %s%s",
                 i18n_get(&d->label, true), typed, ruled,
                 no_reason ? "typed scores without a reason" : "typed figures the rules do not take",
                 rows_en ? "rows " : "", pe) >= 0)
        findings_add(&n->checks, d->typed_sev, "typed.mismatch", path ? path : "", zh, en);
    free(pz);
    free(pe);
    free(typed);
    free(ruled);
    free(zh);
    free(en);
    free(path);
    return 1;
}

/* A typed percent that is the computed one with its decimals cut (87.46% printed 87.00%) or
 * rounded to a whole percent: the finding names it, so the clerk sees it is not a typo. */
static const char *percent_hint(const fnode *d, value_t typed, value_t comp, bool en)
{
    if (d->type != FT_PERCENT || typed.kind != V_NUM || comp.kind != V_NUM)
        return "";
    dec_t tp, cp;   /* as percents */
    if (dec_mul(typed.num, (dec_t){100, 0}, &tp) != DEC_OK ||
        dec_mul(comp.num, (dec_t){100, 0}, &cp) != DEC_OK)
        return "";
    if (dec_normalize(tp).scale != 0 || dec_normalize(cp).scale == 0)
        return "";
    dec_t cut = dec_round(cp, 0);
    if (dec_cmp(cut, cp) > 0 && dec_sign(cp) > 0)
        dec_sub(cut, (dec_t){1, 0}, &cut);
    if (dec_cmp(cut, tp) == 0)
        return en ? " (the typed figure is the whole percent with the decimals cut off)"
                  : "（填报值是去掉小数的整数百分比）";
    if (dec_cmp(dec_round(cp, 0), tp) == 0)
        return en ? " (the typed figure is rounded to a whole percent)"
                  : "（填报值是四舍五入到整数的百分比）";
    return "";
}

/* "控制率：填报为 102.5%，计算应为 102.05%", with a language's own hint after it. */
static void typed_mismatch(inode *n, const char *typed, const char *comp, const char *hint_zh,
                           const char *hint_en)
{
    char *zh = NULL, *en = NULL, *path = inode_display_path(n);
    if (asprintf(&zh, "%s：填报为 %s，计算应为 %s%s", i18n_get(&n->def->label, false), typed,
                 comp, hint_zh) >= 0 &&
        asprintf(&en, "%s: typed as %s, computes to %s%s", i18n_get(&n->def->label, true), typed,
                 comp, hint_en) >= 0 && path)
        findings_add(&n->checks, n->def->typed_sev, "typed.mismatch", path, zh, en);
    free(zh);
    free(en);
    free(path);
}

/* A number typed beside a computed figure that cannot be computed (全年预算数 blank): it
 * cannot be checked, so it does not count (the field is "—") and a finding says so and why. */
static void typed_unchecked(inode *n, const char *typed, value_t rule)
{
    n->comp->state = FS_TYPED_UNCHECKED;
    char *zh = NULL, *en = NULL, *path = inode_display_path(n);
    v_blank_why why = (v_blank_why)rule.why;
    if (asprintf(&zh, "%s：填报的 %s 无法核对：无法计算（%s），填报值不计；请补全计算所需的数据",
                 i18n_get(&n->def->label, false), typed, eng_blank_reason(why, false)) >= 0 &&
        asprintf(&en, "%s: the typed %s cannot be checked: it cannot be computed (%s), so the "
                      "typed figure does not count; fill in the figures it needs",
                 i18n_get(&n->def->label, true), typed, eng_blank_reason(why, true)) >= 0 &&
        path)
        findings_add(&n->checks, SEV_WARNING, "typed.unchecked", path, zh, en);
    free(zh);
    free(en);
    free(path);
}

static void eval_field(engine *e, inode *n)
{
    const fnode *d = n->def;
    findings_clear(&n->checks);
    if (n->comp) {
        n->comp->override_active = false;
        n->comp->typed_refused = false;
        free(n->comp->override_reason);
        n->comp->override_reason = NULL;
    }
    const char *text = n->json ? n->json->valuestring : NULL;
    if (n->comp)   /* refined below when a typed figure disagrees or overrides */
        n->comp->state = text && *text ? FS_TYPED_AGREES : FS_COMPUTED;
    eng_parse_input(e, n, text);
    if (d->compute) {
        value_t v = eng_round_for(d, eval(e, &n->u, n, d->compute));
        n->comp->rule = v;
        if (v.kind == V_BLANK && v.why == VB_DIV_ZERO)
            add(n, SEV_NOTICE, "compute.div_zero", "%s：除数为 0，无法计算（显示为“—”）",
                "%s: cannot be computed, division by zero (shown as \"—\")",
                NULL, NULL, NULL);
        else if (v.kind == V_BLANK && v.why == VB_OVERFLOW)
            add(n, SEV_WARNING, "compute.overflow", "%s：数字太大，无法计算",
                "%s: the numbers are too large to compute", NULL, NULL, NULL);
        if (n->input.kind == V_BLANK || d->typed == TYPED_NONE || n->comp->typed_refused) {
            n->value = v;
            if (n->comp->typed_refused)   /* typed, refused by the rule: it does not count */
                n->comp->state = FS_OVERRIDE_NO_REASON;
        } else if (d->typed == TYPED_COMPARE) {
            /* the computed figure counts; when there is none, nothing does: a typed figure
             * that cannot be checked is no more than a claim (issue 12) */
            n->value = v;
            if (v.kind == V_BLANK && n->input.kind == V_NUM)
                typed_unchecked(n, text, v);
            else if (v.kind == V_NUM && n->input.kind == V_NUM && dec_cmp(v.num, n->input.num) != 0) {
                char *typed = fmt(d, n->input), *comp = fmt(d, v);
                char *raw = text ? strdup(text) : NULL;
                n->comp->state = FS_TYPED_DISAGREES;
                if (!typed_total_reason(e, n, v))
                    typed_mismatch(n, raw ? raw : typed, comp,
                                   percent_hint(d, n->input, v, false),
                                   percent_hint(d, n->input, v, true));
                free(raw);
                free(typed);
                free(comp);
            }
        } else {
            eval_override(e, n, v);
        }
    } else {
        n->value = n->input;
        if ((int)d->required >= 0 && n->input.kind == V_BLANK && n->input.why == VB_EMPTY) {
            bool need = true;
            if (d->required_when)
                need = value_truthy(eval(e, &n->u, n, d->required_when));
            if (need)
                add(n, d->required, "field.required", "%s：必填", "%s: required",
                    NULL, NULL, NULL);
        }
    }
    /* what the screen shows */
    free(n->display);
    if (d->compute)
        n->display = fmt(d, n->value);
    else if (n->input.kind == V_BLANK)
        n->display = strdup(text && n->input.why == VB_BAD_INPUT ? text : "");
    else
        n->display = eng_format_value(d, n->input);
    if (n->comp) {
        free(n->comp->rule_display);
        n->comp->rule_display = fmt(d, n->comp->rule);
    }
}

typedef struct {
    engine *e;
    const fnode *target, *anchor;
    int count;
} single_ref;

static void take_ref(void *vc, const expr_ref *r, int in_call)
{
    single_ref *s = vc;
    (void)in_call;
    s->target = s->e->f->nodes[r->id];
    s->anchor = s->e->f->nodes[form_ref_anchor(r)];
    s->count++;
}

static bool is_bare_name(const char *src)
{
    if (!src || !*src)
        return false;
    for (const char *p = src; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '_' || *p == '.' || *p == ' '))
            return false;
    return true;
}

/* A placeholder that is just a field name shows the field as the screen does ("55.32%",
 * not the fraction); anything else shows its value. */
static char *placeholder_text(engine *e, rule_unit *ru, const expr *x)
{
    if (is_bare_name(expr_source(x))) {
        single_ref s = {e, NULL, NULL, 0};
        expr_visit_refs(x, take_ref, &s);
        if (s.count == 1) {
            inode *t = eng_locate(ru->ctx, s.anchor, s.target);
            if (t && t->kind == N_FIELD && t->display)
                return strdup(*t->display ? t->display : "—");
        }
    }
    value_t v = eval(e, &ru->u, ru->ctx, x);
    if (v.kind == V_BLANK)
        return strdup("—");
    if (v.kind == V_NUM) {
        char buf[DEC_STR_MAX];
        return strdup(dec_format(dec_normalize(v.num), buf));
    }
    if (v.kind == V_BOOL)
        return strdup(v.b ? "true" : "false");
    return strdup(v.str ? v.str : "");
}

static char *fill_message(engine *e, rule_unit *ru, const char *tmpl, size_t *next_ph)
{
    size_t cap = strlen(tmpl) + 64, len = 0;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    for (const char *p = tmpl; *p;) {
        const char *piece = p;
        size_t plen = 1;
        char *owned = NULL;
        if (*p == '{' && strchr(p, '}') && *next_ph < ru->rule->nplaceholders) {
            owned = placeholder_text(e, ru, ru->rule->placeholders[(*next_ph)++]);
            piece = owned ? owned : "?";
            plen = strlen(piece);
            p = strchr(p, '}') + 1;
        } else {
            p++;
        }
        if (len + plen + 1 > cap) {
            cap = (len + plen + 1) * 2;
            char *o2 = realloc(out, cap);
            if (!o2) {
                free(owned);
                free(out);
                return NULL;
            }
            out = o2;
        }
        memcpy(out + len, piece, plen);
        len += plen;
        free(owned);
    }
    out[len] = '\0';
    return out;
}

static void eval_rule(engine *e, rule_unit *ru)
{
    findings_clear(&ru->findings);
    value_t v = eval(e, &ru->u, ru->ctx, ru->rule->when);
    if (!value_truthy(v))
        return;
    size_t ph = 0;
    char *zh = e->counts_only ? NULL : fill_message(e, ru, ru->rule->message.zh, &ph);
    char *en = e->counts_only ? NULL : fill_message(e, ru, ru->rule->message.en, &ph);
    char *path = e->counts_only ? NULL : inode_display_path(ru->target);
    findings_add(&ru->findings, ru->rule->sev, ru->rule->code, path ? path : "", zh ? zh : "",
                 en ? en : "");
    free(zh);
    free(en);
    free(path);
}

/* Without attached rule units an instance's findings are its checks (eng_findings), so
 * nothing is copied: most fields have none attached. */
void eng_merge_findings(inode *n)
{
    inode_attach *a = n->att;
    if (!a)
        return;
    findings_clear(&a->merged);
    if (a->n == 0 && a->outside.len == 0 && a->rechecks.len == 0)
        return;
    for (size_t i = 0; i < n->checks.len; i++) {
        const finding *f = &n->checks.items[i];
        findings_add(&a->merged, f->sev, f->code, f->path, f->msg_zh, f->msg_en);
    }
    for (size_t k = 0; k < a->n; k++) {
        const finding_list *l = &a->v[k]->findings;
        for (size_t i = 0; i < l->len; i++) {
            const finding *f = &l->items[i];
            findings_add(&a->merged, f->sev, f->code, f->path, f->msg_zh, f->msg_en);
        }
    }
    for (size_t i = 0; i < a->outside.len; i++) {
        const finding *f = &a->outside.items[i];
        findings_add(&a->merged, f->sev, f->code, f->path, f->msg_zh, f->msg_en);
    }
    for (size_t i = 0; i < a->rechecks.len; i++) {
        const finding *f = &a->rechecks.items[i];
        findings_add(&a->merged, f->sev, f->code, f->path, f->msg_zh, f->msg_en);
    }
}

/* The root's recheck.orphan and query.orphan findings (core/recheck.h), found again after the
 * rows may have changed: a re-check of a deleted row is reported, not summed; a query on one is
 * reported, to be closed. Left as they were when there is no memory. */
static void recheck_orphans_again(engine *e)
{
    inode_attach *a = e->root->att;
    if (!e->d->n_rechecks && !e->d->n_queries && (!a || !a->rechecks.len))
        return;
    finding_list l = {0};
    if (recheck_orphan_findings(e, &l) != 0 || query_orphan_findings(e, &l) != 0 ||
        (!a && !(a = eng_attach_of(e->root, false)))) {
        findings_free(&l);
        return;
    }
    findings_free(&a->rechecks);
    a->rechecks = l;
}

void eng_eval_unit(engine *e, unit *u)
{
    e->eval_count++;
    if (u->is_rule)
        eval_rule(e, (rule_unit *)u);
    else
        eval_field(e, (inode *)u);
}

static int by_rank(const void *a, const void *b)
{
    const unit *x = *(unit *const *)a, *y = *(unit *const *)b;
    return (x->rank > y->rank) - (x->rank < y->rank);
}

static int work_push(engine *e, size_t *n, unit *u)
{
    if (*n == e->capwork) {
        size_t nc = e->capwork ? e->capwork * 2 : 256;
        unit **v = realloc(e->work, nc * sizeof *v);
        if (!v)
            return -1;
        e->work = v;
        e->capwork = nc;
    }
    e->work[(*n)++] = u;
    return 0;
}

static inode *finding_home(unit *u)
{
    return u->is_rule ? ((rule_unit *)u)->target : (inode *)u;
}

/* Orders e->work[0..n) by rank, units of one rank in the order they were collected (what
 * a stable sort gives). A full computation sorts every unit of the draft, and ranks are few:
 * counted into place in two passes instead of compared (a qsort here was 3% of reading a
 * draft). Falls back on a sort when the ranks are too spread out or memory is short. */
static void sort_by_rank(engine *e, size_t n)
{
    int lo = e->work[0]->rank, hi = lo;
    for (size_t i = 1; i < n; i++) {
        int r = e->work[i]->rank;
        if (r < lo)
            lo = r;
        if (r > hi)
            hi = r;
    }
    size_t span = (size_t)((long long)hi - lo) + 1;
    size_t *start = span <= n + 64 ? calloc(span + 1, sizeof *start) : NULL;
    unit **out = start ? malloc(n * sizeof *out) : NULL;
    if (!out) {
        free(start);
        qsort(e->work, n, sizeof *e->work, by_rank);   /* glibc's is a merge sort: stable */
        return;
    }
    for (size_t i = 0; i < n; i++)
        start[e->work[i]->rank - lo + 1]++;
    for (size_t r = 1; r <= span; r++)
        start[r] += start[r - 1];
    for (size_t i = 0; i < n; i++)
        out[start[e->work[i]->rank - lo]++] = e->work[i];
    memcpy(e->work, out, n * sizeof *out);
    free(out);
    free(start);
}

static void run_units(engine *e, size_t n, eng_change *chg)
{
    if (n == 0)
        return; /* a form with nothing to compute (and qsort must not see a NULL array) */
    sort_by_rank(e, n);
    for (size_t i = 0; i < n; i++) {
        unit *u = e->work[i];
        char *before = NULL;
        size_t nf_before = 0;
        if (!chg) {
            /* a full computation (opening a draft) counts no changes: nothing to compare */
        } else if (!u->is_rule) {
            inode *f = (inode *)u;
            before = f->display ? strdup(f->display) : NULL;
            nf_before = f->checks.len;
        } else {
            nf_before = ((rule_unit *)u)->findings.len;
        }
        eng_eval_unit(e, u);
        if (chg) {
            if (!u->is_rule) {
                inode *f = (inode *)u;
                if (!before || !f->display || strcmp(before, f->display) != 0)
                    chg->values_changed++;
                if (nf_before != f->checks.len || f->checks.len)
                    chg->findings_changed++;
            } else if (nf_before != ((rule_unit *)u)->findings.len ||
                       ((rule_unit *)u)->findings.len) {
                chg->findings_changed++;
            }
        }
        free(before);
    }
    for (size_t i = 0; i < n; i++)
        eng_merge_findings(finding_home(e->work[i]));
}

void eng_recompute_from(engine *e, unit *start, eng_change *chg)
{
    if (e->batch) {                 /* engine_batch_end recomputes everything once */
        e->batch_dirty = true;
        return;
    }
    if (eng_edges_ensure(e) != 0) {
        /* no memory for the graph: recompute everything, which needs none */
        engine_recompute_all(e);
        if (chg)
            chg->values_changed = chg->findings_changed = 1;
        return;
    }
    unsigned gen = ++e->gen;
    size_t n = 0;
    start->mark = gen;
    if (work_push(e, &n, start))
        return;
    for (size_t i = 0; i < n; i++) {
        unit *u = e->work[i];
        for (size_t k = 0; k < u->ndependents; k++) {
            unit *d = u->dependents[k];
            if (d->mark != gen) {
                d->mark = gen;
                if (work_push(e, &n, d))
                    return;
            }
        }
    }
    run_units(e, n, chg);
}

static void collect_fields(engine *e, inode *n, size_t *cnt)
{
    if (n->kind == N_FIELD)
        work_push(e, cnt, &n->u);
    for (size_t i = 0; i < n->nkids; i++)
        collect_fields(e, n->kids[i], cnt);
}

static void merge_all(inode *n)
{
    if (n->kind != N_FIELD)
        eng_merge_findings(n);
    for (size_t i = 0; i < n->nkids; i++)
        merge_all(n->kids[i]);
}

void engine_rechecks_changed(engine *e)
{
    if (!e || !e->root)
        return;
    recheck_orphans_again(e);
    eng_merge_findings(e->root);
}

void engine_recompute_all(engine *e)
{
    size_t n = 0;
    collect_fields(e, e->root, &n);
    for (size_t i = 0; i < e->nrules; i++)
        work_push(e, &n, &e->rules[i]->u);
    run_units(e, n, NULL);
    recheck_orphans_again(e);
    merge_all(e->root);
}
