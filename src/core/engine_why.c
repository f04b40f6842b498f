/* The derivation of every computed figure (engine_why): "5.53 = 10 × 547.6879 ÷ 990，四舍五入",
 * "95.53 = 5.53 + 10.00 + …", "优：95.53 ≥ 90". Built on demand from the form's expression and
 * the figures already computed, so the editor, `check` text and `check --json` say the same,
 * and recomputation pays nothing for it. Nothing here changes a value or a finding. */
#include "engine_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sums over a long column: the first terms, then how many there are in all. */
#define WHY_MAX_TERMS 40
#define WHY_SHOWN_TERMS 20

typedef struct {
    eng_host_ctx h;           /* must stay first: the expr host's context */
} why_ctx;

static char *xstrdup(const char *s)
{
    return strdup(s ? s : "");
}

static const char *shown(const inode *t, bool en)
{
    if (t->display && *t->display)
        return t->display;
    return t->comp ? "—" : en ? "(blank)" : "（未填）";
}

static char *name_text(void *c, const expr_ref *ref, bool en)
{
    why_ctx *w = c;
    engine *e = w->h.e;
    if (form_ref_is_list(ref))
        return NULL;
    inode *t = eng_locate(w->h.ctx, e->f->nodes[form_ref_anchor(ref)], e->f->nodes[ref->id]);
    if (!t || t->kind != N_FIELD)
        return NULL;
    return xstrdup(shown(t, en));
}

typedef struct {
    char *s;
    size_t len, cap, terms;
    bool en, oom;
} terms;

static void term_add(void *c, inode *n)
{
    terms *t = c;
    if (t->oom || n->kind != N_FIELD || n->value.kind != V_NUM)
        return;
    t->terms++;   /* all are written; a long column is cut at the end (sum_text) */
    const char *d = shown(n, t->en);
    size_t need = t->len + strlen(d) + 4;
    if (need > t->cap) {
        size_t cap = need * 2;
        char *s = realloc(t->s, cap);
        if (!s) {
            t->oom = true;
            return;
        }
        t->s = s;
        t->cap = cap;
    }
    t->len += (size_t)sprintf(t->s + t->len, "%s%s", t->terms > 1 ? " + " : "", d);
}

/* "9.99 + 10.00 + 5.00": the figures a sum adds, as shown; blanks are not added. */
static char *sum_text(why_ctx *w, const expr_ref *ref, bool en)
{
    engine *e = w->h.e;
    terms t = {0};
    t.en = en;
    eng_locate_all(w->h.ctx, e->f->nodes[form_ref_anchor(ref)], e->f->nodes[ref->id], term_add, &t);
    if (t.oom) {
        free(t.s);
        return NULL;
    }
    if (t.terms == 0) {
        free(t.s);
        return xstrdup("0");
    }
    if (t.terms > WHY_MAX_TERMS) {
        /* cut after the WHY_SHOWN_TERMS-th " + " */
        size_t cut = 0, k = 0;
        for (char *p = t.s; (p = strstr(p, " + ")) != NULL; p += 3)
            if (++k == WHY_SHOWN_TERMS) {
                cut = (size_t)(p - t.s);
                break;
            }
        char *out = NULL;
        if (asprintf(&out, en ? "%.*s + … (%zu figures)" : "%.*s + …（共 %zu 项）", (int)cut, t.s,
                     t.terms) < 0)
            out = NULL;
        free(t.s);
        return out;
    }
    return t.s;
}

static char *value_text(value_t v)
{
    char buf[DEC_STR_MAX];
    if (v.kind == V_NUM)
        return xstrdup(dec_format(dec_normalize(v.num), buf));
    if (v.kind == V_STR)
        return xstrdup(v.str);
    return xstrdup("—");
}

static char *call_text(void *c, int fid, const value_t *args, const expr_ref *const *refs,
                       int nargs, bool en)
{
    why_ctx *w = c;
    engine *e = w->h.e;
    switch ((form_func)fid) {
    case FN_SUM:
        if (refs[0] && form_ref_is_list(refs[0]))
            return sum_text(w, refs[0], en);
        return NULL;
    case FN_IND_SCORE: {
        if (nargs != 9)
            return NULL;
        ind_input in;
        eng_ind_input(args, &in);
        eng_ind_hidden_category(w->h.ctx, &in);
        const form *origin = w->h.cur->is_rule ? ((rule_unit *)w->h.cur)->rule->origin
                                               : ((inode *)w->h.cur)->def->origin;
        char *zh = NULL, *english = NULL;
        if (ind_explain(&origin->ind, &in, &zh, &english) != 0)
            return NULL;
        free(en ? zh : english);
        return en ? english : zh;
    }
    case FN_GRADE: {
        const form *f = ((inode *)w->h.cur)->def->origin;
        char a[DEC_STR_MAX], m[DEC_STR_MAX], *out = NULL;
        if (args[0].kind != V_NUM)
            return NULL;
        for (size_t i = 0; i < f->ngrades; i++)
            if (dec_cmp(args[0].num, f->grades[i].min) >= 0) {
                dec_format(args[0].num, a);
                dec_format(f->grades[i].min, m);
                if (i == 0) {
                    if (asprintf(&out, "%s ≥ %s", a, m) < 0)
                        out = NULL;
                } else {
                    char up[DEC_STR_MAX];
                    dec_format(f->grades[i - 1].min, up);
                    if (asprintf(&out, "%s ≤ %s < %s", m, a, up) < 0)
                        out = NULL;
                }
                return out;
            }
        return NULL;
    }
    default:
        /* counts, conditional sums, figures quoted in text: their value */
        return value_text(eng_call(e, w->h.cur, w->h.ctx, fid, args, refs, nargs));
    }
}

static const expr_explainer EXPLAINER = {name_text, call_text};

const char *eng_blank_reason(v_blank_why why, bool en)
{
    switch (why) {
    case VB_DIV_ZERO: return en ? "division by zero" : "除数为 0";
    case VB_OVERFLOW: return en ? "the numbers are too large" : "数字太大";
    case VB_BAD_INPUT: return en ? "a figure it needs is not a valid number" : "所需数据不是有效数字";
    case VB_NOT_APPLICABLE: return en ? "not applicable" : "不适用";
    default: return en ? "a figure it needs is blank" : "所需数据未填";
    }
}

/* One language. */
static char *why_one(engine *e, inode *n, bool en)
{
    const fnode *d = n->def;
    why_ctx w = {{e, &n->u, n}};
    char *rhs = expr_explain(d->compute, eng_host(), &EXPLAINER, &w, en);
    if (!rhs)
        return NULL;
    int root = expr_root_host_func(d->compute);
    value_t rule = n->comp->rule;
    const char *rule_shown = n->comp->rule_display ? n->comp->rule_display : "—";
    char *core = NULL;
    int rc;
    if (root == FN_IND_SCORE) {
        core = rhs;                       /* ind_explain's sentence starts with the figure */
        rhs = NULL;
        rc = 0;
    } else if (root == FN_GRADE && rule.kind != V_BLANK) {
        rc = asprintf(&core, "%s%s%s", rule_shown, en ? ": " : "：", rhs);
    } else if (rule.kind == V_BLANK) {
        rc = asprintf(&core, en ? "—: cannot be computed (%s): %s" : "—：无法计算（%s）：%s",
                      eng_blank_reason((v_blank_why)rule.why, en), rhs);
    } else {
        /* rounded when the exact value has more digits than the figure shows */
        value_t exact = expr_eval(d->compute, eng_host(), &w);
        bool rounded = exact.kind == V_NUM && rule.kind == V_NUM &&
                       dec_cmp(exact.num, rule.num) != 0;
        rc = asprintf(&core, "%s = %s%s", rule_shown, rhs,
                      rounded ? (en ? ", rounded half up" : "，四舍五入") : "");
    }
    free(rhs);
    if (rc < 0)
        return NULL;
    /* the figure that counts, when it is not the rule's */
    char *out = NULL;
    const char *typed = n->json && n->json->valuestring ? n->json->valuestring : "";
    if (n->comp->override_active)
        rc = asprintf(&out, en ? "%s: the typed figure counts (reason: %s); the rule gives %s"
                               : "%s：按填报值计（理由：%s）；规则为 %s",
                      n->display ? n->display : typed,
                      n->comp->override_reason ? n->comp->override_reason : "", core);
    else if (n->comp->state == FS_TYPED_UNCHECKED)
        rc = asprintf(&out, en ? "%s (typed %s: cannot be checked, does not count)"
                               : "%s（填报 %s：无法核对，不计）",
                      core, typed);
    else if (*typed && n->input.kind == V_NUM && rule.kind == V_NUM &&
             dec_cmp(n->input.num, rule.num) != 0 && d->typed != TYPED_NONE)
        rc = asprintf(&out, en ? "%s (typed %s)" : "%s（填报 %s）", core, typed);
    else
        return core;
    free(core);
    return rc < 0 ? NULL : out;
}

int engine_why(const engine *ce, const inode *cn, char **zh, char **en)
{
    *zh = NULL;
    if (en)
        *en = NULL;
    if (!cn || cn->kind != N_FIELD || !cn->def->compute || !cn->comp)
        return 0;
    /* Evaluating needs the engine's host, which takes them mutable; `explaining` makes that
     * evaluation leave every value, finding and cache as it was. */
    engine *e = (engine *)ce;
    inode *n = (inode *)cn;
    bool was = e->explaining;
    e->explaining = true;
    *zh = why_one(e, n, false);
    if (en)
        *en = why_one(e, n, true);
    e->explaining = was;
    if (!*zh || (en && !*en)) {
        free(*zh);
        *zh = NULL;
        if (en) {
            free(*en);
            *en = NULL;
        }
        return -1;
    }
    return 0;
}
