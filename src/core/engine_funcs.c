/* The functions forms call that need the engine: aggregates over rows, indicator scoring with
 * the form's settings, grades, and figures quoted in report text. */
#include "engine_internal.h"
#include "core/carry.h"
#include "core/numparse.h"

#include <stdlib.h>
#include <string.h>

/* ---- aggregates ---- */

typedef struct {
    inode **v;
    size_t n, cap;
    bool oom;
} inst_list;

static void list_add(void *c, inode *n)
{
    inst_list *l = c;
    if (l->n == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 64;
        inode **v = realloc(l->v, nc * sizeof *v);
        if (!v) {
            l->oom = true;
            return;
        }
        l->v = v;
        l->cap = nc;
    }
    l->v[l->n++] = n;
}

static void collect(engine *e, inode *ctx, const expr_ref *ref, inst_list *out)
{
    eng_locate_all(ctx, e->f->nodes[form_ref_anchor(ref)], e->f->nodes[ref->id], list_add, out);
}

typedef struct {
    engine *e;
    dec_t sum;
    bool overflow;
} sum_acc;

static void sum_add(void *c, inode *n)
{
    sum_acc *s = c;
    if (n->kind != N_FIELD || s->overflow)
        return;
    value_t v = eng_field_value(s->e, n);
    if (v.kind == V_NUM)
        s->overflow = dec_add(s->sum, v.num, &s->sum) != DEC_OK;
}

static value_t fn_sum(engine *e, inode *ctx, const value_t *args, const expr_ref *const *refs)
{
    if (!refs[0] || !form_ref_is_list(refs[0]))
        return args[0];
    sum_acc s = {e, dec_zero(), false};
    eng_locate_all(ctx, e->f->nodes[form_ref_anchor(refs[0])], e->f->nodes[refs[0]->id], sum_add, &s);
    return s.overflow ? v_blank(VB_OVERFLOW) : v_num(s.sum);
}

static value_t fn_count(engine *e, inode *ctx, const expr_ref *const *refs)
{
    if (!refs[0])
        return v_blank(VB_BAD_INPUT);
    inst_list l = {0};
    collect(e, ctx, refs[0], &l);
    size_t n = 0;
    if (e->f->nodes[refs[0]->id]->kind == N_TABLE) {
        for (size_t i = 0; i < l.n; i++)
            n += l.v[i]->nkids;
    } else {
        n = l.n;
    }
    free(l.v);
    return v_num(dec_from_int((int64_t)n));
}

static value_t fn_sumif(engine *e, inode *ctx, const value_t *args, const expr_ref *const *refs,
                        int nargs)
{
    if (!refs[0] || !refs[1])
        return v_blank(VB_BAD_INPUT);
    inst_list a = {0}, k = {0};
    collect(e, ctx, refs[0], &a);
    collect(e, ctx, refs[1], &k);
    value_t out = v_num(dec_zero());
    if (a.oom || k.oom || a.n != k.n) {
        out = v_blank(VB_BAD_INPUT);
        goto done;
    }
    for (size_t i = 0; i < a.n; i++) {
        if (a.v[i]->value.kind != V_NUM || k.v[i]->value.kind != V_STR)
            continue;
        for (int j = 2; j < nargs; j++)
            if (args[j].kind == V_STR && strcmp(args[j].str, k.v[i]->value.str) == 0) {
                if (dec_add(out.num, a.v[i]->value.num, &out.num) != DEC_OK) {
                    out = v_blank(VB_OVERFLOW);
                    goto done;
                }
                break;
            }
    }
done:
    free(a.v);
    free(k.v);
    return out;
}

/* ---- indicators ---- */

static const form *origin_of(unit *cur)
{
    if (cur->is_rule)
        return ((rule_unit *)cur)->rule->origin;
    return ((inode *)cur)->def->origin;
}

static const char *str_arg(value_t v)
{
    return v.kind == V_STR && v.str && *v.str ? v.str : NULL;
}

/* The indicator functions are called with the same nine cells several times per row (the
 * score, the accepted range, the over-completion rule): reading the texts again each time was
 * most of a full recomputation. The row keeps its last result with the arguments it came
 * from; only indicator_score computes afresh, because it also reports the row's notes. */
#define IND_NARGS 9

struct ind_cache {
    value_t key[IND_NARGS];
    char *text;                 /* the string arguments, NUL-separated (key[i].str points in) */
    const form *origin;
    ind_result res;
};

void eng_ind_cache_free(struct ind_cache *c)
{
    if (c) {
        free(c->text);
        free(c);
    }
}

bool inode_row_is_placeholder(const inode *row)
{
    if (!row || row->kind != N_ROW)
        return false;
    const struct ind_cache *c = eng_container(row)->icache;
    return c && c->res.placeholder;
}

bool inode_row_ind_result(const inode *row, ind_result *out)
{
    if (!row || row->kind != N_ROW)
        return false;
    const struct ind_cache *c = eng_container(row)->icache;
    if (!c)
        return false;
    *out = c->res;
    return true;
}

static bool same_arg(value_t a, value_t b)
{
    if (a.kind != b.kind)
        return false;
    switch (a.kind) {
    case V_BLANK:
        return a.why == b.why;
    case V_NUM:
        return a.num.scale == b.num.scale && dec_cmp(a.num, b.num) == 0;
    case V_BOOL:
        return a.b == b.b;
    case V_STR:
        return strcmp(a.str, b.str) == 0;
    }
    return false;
}

static bool cache_hit(const struct ind_cache *c, const form *origin, const value_t *args)
{
    if (!c || c->origin != origin)
        return false;
    for (int i = 0; i < IND_NARGS; i++)
        if (!same_arg(c->key[i], args[i]))
            return false;
    return true;
}

static void cache_store(inode *row, const form *origin, const value_t *args, const ind_result *r)
{
    size_t total = 0;
    for (int i = 0; i < IND_NARGS; i++)
        if (args[i].kind == V_STR)
            total += strlen(args[i].str) + 1;
    inode_container *rc = eng_container(row);
    struct ind_cache *c = rc->icache ? rc->icache : calloc(1, sizeof *c);
    char *text = malloc(total ? total : 1);
    if (!c || !text) {
        free(text);
        if (c != rc->icache)
            free(c);
        return; /* no cache: only slower */
    }
    free(c->text);
    c->text = text;
    for (int i = 0; i < IND_NARGS; i++) {
        c->key[i] = args[i];
        if (args[i].kind == V_STR) {
            size_t l = strlen(args[i].str) + 1;
            memcpy(text, args[i].str, l);
            c->key[i].str = text;
            text += l;
        }
    }
    c->origin = origin;
    c->res = *r;
    rc->icache = c;
}

static inode *row_of(inode *n)
{
    while (n && n->kind != N_ROW)
        n = n->parent;
    return n;
}

/* A typed score the rules cannot accept whatever the reason (docs/scoring.md, "Typed
 * scores"): points on a row that has no actual or does not apply, or a score outside
 * [0, 分值]. The typed figure is kept in the draft and shown, and does not count. */
static void refuse_typed_score(inode *n, const ind_input *in, const ind_result *r,
                               finding_list *notes)
{
    if (!n->comp || n->input.kind != V_NUM)
        return;
    dec_t typed = n->input.num;
    char t[DEC_STR_MAX], w[DEC_STR_MAX];
    dec_format(typed, t);
    if (!r->applicable && dec_sign(typed) > 0) {
        n->comp->typed_refused = true;
        findings_addf(notes, SEV_ERROR, "indicator.score_not_applicable", "",
                      "得分：本行%s，不计分；填报的 %s 分不计入总分",
                      "score: this row %s and is not scored; the typed %s does not count",
                      r->placeholder ? "只有指标类别（占位行）" : "不适用", t);
        return;
    }
    if (!r->applicable || !in->has_weight || dec_sign(in->weight) < 0)
        return;
    if (r->no_actual && dec_sign(typed) > 0) {
        n->comp->typed_refused = true;
        findings_addf(notes, SEV_ERROR, "indicator.score_without_actual", "",
                      "得分：实际完成值未填，填报的 %s 分没有依据，不计入总分；请填写实际完成值",
                      "score: the actual (实际完成值) is blank, so the typed %s has nothing to "
                      "stand on and does not count: enter the actual",
                      t);
        return;
    }
    if (dec_sign(typed) < 0 || dec_cmp(typed, in->weight) > 0) {
        n->comp->typed_refused = true;
        findings_addf(notes, SEV_ERROR, "override.out_of_bounds", "",
                      "得分：填报的 %s 不在 0 至分值 %s 之间，不计入总分（有理由也不行）",
                      "score: the typed %s is outside 0 to the weight %s and does not count "
                      "(not even with a reason)",
                      t, dec_format(dec_normalize(in->weight), w));
    }
}

void eng_ind_input(const value_t *args, ind_input *in)
{
    memset(in, 0, sizeof *in);
    in->target = str_arg(args[0]);
    in->actual = str_arg(args[1]);
    if (args[2].kind == V_NUM) {
        in->has_weight = true;
        in->weight = args[2].num;
    }
    in->direction = str_arg(args[3]) ? ind_dir_parse(args[3].str) : DIR_UNSET;
    in->tier = str_arg(args[4]);
    in->level1 = str_arg(args[5]);
    in->level2 = str_arg(args[6]);
    in->level3 = str_arg(args[7]);
    in->na = str_arg(args[8]) != NULL;
}

static bool is_choice_of(const fnode *col, const char *s)
{
    for (size_t i = 0; i < col->nchoices; i++)
        if (strcmp(col->choices[i].value, s) == 0)
            return true;
    for (size_t k = 0; k < col->nchoices_keys; k++)
        for (size_t i = 0; i < col->nchoices_by[k]; i++)
            if (strcmp(col->choices_by[k][i].value, s) == 0)
                return true;
    return false;
}

void eng_ind_hidden_category(const inode *ctx, ind_input *in)
{
    if ((in->level2 && in->level2[0]) || !in->level3 || !in->level3[0])
        return;
    const inode *row = ctx;
    while (row && row->kind != N_ROW)
        row = row->parent;
    if (!row)
        return;
    const fnode *t = row->def;
    for (size_t i = 0; i < t->nkids; i++) {
        const fnode *col = t->kids[i];
        if (col->kind == N_FIELD && col->hidden && is_choice_of(col, in->level3)) {
            in->level2 = in->level3;
            in->level3 = NULL;
            return;
        }
    }
}

static value_t fn_indicator(engine *e, unit *cur, inode *ctx, int fid, const value_t *args)
{
    const form *origin = origin_of(cur);
    inode *row = row_of(ctx);
    ind_result r;
    struct ind_cache *ic = row ? eng_container(row)->icache : NULL;
    if ((fid != FN_IND_SCORE || e->explaining) && ic && cache_hit(ic, origin, args)) {
        r = ic->res;
    } else {
        ind_input in;
        eng_ind_input(args, &in);
        eng_ind_hidden_category(ctx, &in);
        finding_list notes = {0};
        if (ind_score(&origin->ind, &in, &r, &notes) != 0) {
            findings_free(&notes);
            return v_blank(VB_OVERFLOW);
        }
        if (fid == FN_IND_SCORE && !cur->is_rule && !e->explaining) {
            inode *n = (inode *)cur;
            refuse_typed_score(n, &in, &r, &notes);
            char *p = inode_display_path(n);
            findings_take(&n->checks, &notes, p ? p : "");
            free(p);
        }
        findings_free(&notes);
        if (row && !e->explaining)
            cache_store(row, origin, args, &r);
    }
    switch (fid) {
    case FN_IND_SCORE:
        return r.applicable && r.scored ? v_num(r.score) : v_blank(VB_NOT_APPLICABLE);
    case FN_IND_LO:
        return r.applicable ? v_num(r.lo) : v_blank(VB_NOT_APPLICABLE);
    case FN_IND_HI:
        return r.applicable ? v_num(r.hi) : v_blank(VB_NOT_APPLICABLE);
    case FN_IND_OVER:
        return v_bool(r.applicable && r.over_completion);
    default:
        return v_bool(r.applicable);
    }
}

static value_t fn_grade(unit *cur, value_t x)
{
    if (x.kind != V_NUM)
        return v_blank(x.kind == V_BLANK ? x.why : VB_BAD_INPUT);
    const form *f = origin_of(cur);
    for (size_t i = 0; i < f->ngrades; i++)
        if (dec_cmp(x.num, f->grades[i].min) >= 0)
            return v_str(f->grades[i].name);
    return v_blank(VB_NOT_APPLICABLE);
}

/* The first number after `kw` in a paragraph, allowing a few characters between
 * ("收入本年度8355.92万元", "得分为95.4分"). */
static value_t fn_text_amount(value_t text, value_t kw)
{
    if (text.kind != V_STR || kw.kind != V_STR || !*kw.str)
        return v_blank(VB_EMPTY);
    const char *s = text.str;
    size_t klen = strlen(kw.str), slen = strlen(s);
    for (const char *p = strstr(s, kw.str); p; p = strstr(p + 1, kw.str)) {
        size_t from = (size_t)(p - s) + klen;
        num_value nv;
        size_t start = 0, end = 0;
        if (num_find(s + from, slen - from, &nv, &start, &end) == NUM_OK && start <= 12)
            return v_num(nv.value);
    }
    return v_blank(VB_EMPTY);
}

value_t eng_call(engine *e, unit *cur, inode *ctx, int func_id, const value_t *args,
                 const expr_ref *const *refs, int nargs)
{
    switch ((form_func)func_id) {
    case FN_SUM:
        return fn_sum(e, ctx, args, refs);
    case FN_COUNT:
        return fn_count(e, ctx, refs);
    case FN_SUMIF:
        return fn_sumif(e, ctx, args, refs, nargs);
    case FN_IND_SCORE:
    case FN_IND_LO:
    case FN_IND_HI:
    case FN_IND_OVER:
    case FN_IND_APPLICABLE:
        return nargs == IND_NARGS ? fn_indicator(e, cur, ctx, func_id, args) : v_blank(VB_BAD_INPUT);
    case FN_GRADE:
        return fn_grade(cur, args[0]);
    case FN_TEXT_AMOUNT:
        return fn_text_amount(args[0], args[1]);
    case FN_IND_BELOW_LAST:     /* core/carry.h */
        return v_bool(args[0].kind == V_STR && args[1].kind == V_STR &&
                      ind_target_below_last(args[0].str, args[1].str,
                                            args[2].kind == V_STR ? args[2].str : NULL));
    case FN_CONTAINS:
    case FN_HAS_NUMBER:
    case FN_COMPARATOR:
        return eng_text_fn(func_id, args, nargs);
    default:
        return v_blank(VB_BAD_INPUT);
    }
}
