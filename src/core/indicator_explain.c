/* The derivation of an indicator row's rule score, in Chinese and English: what a reviewer
 * asks first ("where does 12.32 come from?") and what a clerk needs to trust a figure that is
 * not the one on paper. The scoring itself is ind_score's; this only says which of its rules
 * applied, with the numbers it used. */
#include "core/indicator.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int plen(size_t n) { return n > 0x7fffffff ? 0x7fffffff : (int)n; }

static const char *num(dec_t v, char *buf)
{
    return dec_format(dec_normalize(v), buf);
}

static const char *dir_zh(const ind_result *r)
{
    if (!r->direction_confirmed)
        return "默认正向";
    return r->direction == DIR_REVERSE ? "反向" : r->direction == DIR_QUALITATIVE ? "定性" : "正向";
}

static const char *dir_en(const ind_result *r)
{
    if (!r->direction_confirmed)
        return "positive by default";
    return r->direction == DIR_REVERSE ? "reverse"
           : r->direction == DIR_QUALITATIVE ? "qualitative" : "positive";
}

/* Both texts at once; -1 when out of memory (both freed). */
static int both(char **zh, char **en, const char *z, const char *e)
{
    *zh = strdup(z);
    *en = strdup(e);
    if (!*zh || !*en) {
        free(*zh);
        free(*en);
        *zh = *en = NULL;
        return -1;
    }
    return 0;
}

#define SAY(...) (asprintf(zh, __VA_ARGS__) < 0 ? (*zh = NULL, -1) : 0)
#define SAY_EN(...) (asprintf(en, __VA_ARGS__) < 0 ? (*en = NULL, -1) : 0)

static int unscored(const ind_result *r, const finding_list *notes, const ind_value *t,
                    char **zh, char **en)
{
    if (r->placeholder)
        return both(zh, en, "—：占位行（只有指标类别，没有三级指标），不计分",
                    "—: a placeholder row (a category without an indicator), not scored");
    if (!r->applicable)
        return both(zh, en, "—：不适用，不计分", "—: not applicable, not scored");
    if (notes->len) {
        const finding *f = &notes->items[0];
        int a = SAY("—：未计分。%s", f->msg_zh), b = SAY_EN("—: not scored. %s", f->msg_en);
        if (a || b) {
            free(a ? NULL : *zh);
            free(b ? NULL : *en);
            *zh = *en = NULL;
            return -1;
        }
        return 0;
    }
    if (r->no_actual)
        return both(zh, en, "—：实际完成值未填，不计分", "—: no actual (实际完成值) yet, not scored");
    if (t->kind == IND_EMPTY)
        return both(zh, en, "—：年度指标值未填，不计分", "—: no target (年度指标值) yet, not scored");
    return both(zh, en, "—：未计分", "—: not scored");
}

int ind_explain(const ind_settings *set, const ind_input *in, char **zh, char **en)
{
    ind_settings defaults;
    if (!set) {
        ind_settings_default(&defaults);
        set = &defaults;
    }
    *zh = *en = NULL;
    finding_list notes = {0};
    ind_result r;
    if (ind_score(set, in, &r, &notes) != 0) {
        findings_free(&notes);
        return -1;
    }
    ind_value t, a;
    ind_parse(in->target, in->target ? strlen(in->target) : 0, &t);
    ind_parse(in->actual, in->actual ? strlen(in->actual) : 0, &a);
    if (!r.applicable || !r.scored) {
        int rc = unscored(&r, &notes, &t, zh, en);
        findings_free(&notes);
        return rc;
    }
    findings_free(&notes);

    char s[DEC_STR_MAX], w[DEC_STR_MAX], tv[DEC_STR_MAX], av[DEC_STR_MAX], lo[DEC_STR_MAX],
        hi[DEC_STR_MAX];
    dec_format(r.score, s);
    num(in->weight, w);
    num(r.target, tv);
    num(r.actual, av);
    int ra = 0, rb = 0;
    switch (r.how) {
    case HOW_MET:
        ra = SAY("%s：实际“%.*s”达到年度指标值“%.*s”（%s），得满分", s, plen(a.text_len), a.text,
                 plen(t.text_len), t.text, dir_zh(&r));
        rb = SAY_EN("%s: the actual \"%.*s\" meets the target \"%.*s\" (%s): full marks", s,
                    plen(a.text_len), a.text, plen(t.text_len), t.text, dir_en(&r));
        break;
    case HOW_PROPORTION:
    case HOW_RANGE_LOW:
        ra = SAY("%s = %s × %s ÷ %s（%s，按比例，四舍五入）", s, w, av, tv,
                 r.how == HOW_RANGE_LOW ? "低于区间下限" : dir_zh(&r));
        rb = SAY_EN("%s = %s × %s ÷ %s (%s, proportional, rounded half up)", s, w, av, tv,
                    r.how == HOW_RANGE_LOW ? "below the range" : dir_en(&r));
        break;
    case HOW_ZERO:
        if (dec_sign(r.actual) <= 0) {
            ra = SAY("%s：实际 %s 不高于 0（%s目标），得 0 分", s, av, t.growth ? "增长" : "正向");
            rb = SAY_EN("%s: the actual %s is not above 0 (%s target), so 0", s, av,
                        t.growth ? "growth" : "positive");
        } else {
            ra = SAY("%s：实际 %s 未达到年度指标值 %s，目标不大于 0，不按比例计分", s, av, tv);
            rb = SAY_EN("%s: the actual %s misses the target %s, which is not above 0, so no "
                        "proportion applies", s, av, tv);
        }
        break;
    case HOW_REV_RATIO:
    case HOW_RANGE_HIGH:
        if (set->reverse == REVERSE_LINEAR) {
            ra = SAY("%s = %s × (2 × %s − %s) ÷ %s（%s，线性法，四舍五入）", s, w, tv, av, tv,
                     r.how == HOW_RANGE_HIGH ? "高于区间上限" : "反向");
            rb = SAY_EN("%s = %s × (2 × %s − %s) ÷ %s (%s, linear rule, rounded half up)", s, w,
                        tv, av, tv, r.how == HOW_RANGE_HIGH ? "above the range" : "reverse");
            break;
        }
        ra = SAY("%s = %s × %s ÷ %s（%s，比例法，四舍五入）", s, w, tv, av,
                 r.how == HOW_RANGE_HIGH ? "高于区间上限" : "反向");
        rb = SAY_EN("%s = %s × %s ÷ %s (%s, ratio rule, rounded half up)", s, w, tv, av,
                    r.how == HOW_RANGE_HIGH ? "above the range" : "reverse");
        break;
    case HOW_REV_LINEAR:
        ra = SAY("%s = %s × (2 × %s − %s) ÷ %s（反向，线性法，四舍五入）", s, w, tv, av, tv);
        rb = SAY_EN("%s = %s × (2 × %s − %s) ÷ %s (reverse, linear rule, rounded half up)", s, w,
                    tv, av, tv);
        break;
    case HOW_REV_FALL:
        ra = SAY("%s = %s × %s ÷ %s（反向，按达到的降幅比例，四舍五入）", s, w, av, tv);
        rb = SAY_EN("%s = %s × %s ÷ %s (reverse, the share of the fall reached, rounded half up)",
                    s, w, av, tv);
        break;
    case HOW_REV_ZERO:
        ra = SAY("%s：实际 %s 高于年度指标值 %s（反向），得 0 分", s, av, tv);
        rb = SAY_EN("%s: the actual %s is above the target %s (reverse), so 0", s, av, tv);
        break;
    case HOW_EQ_ZERO:
        ra = SAY("%s：年度指标值为 0（“=0”），实际 %s%s", s, av,
                 dec_sign(r.actual) <= 0 ? "，得满分" : " 大于 0，得 0 分");
        rb = SAY_EN("%s: the target is \"= 0\" and the actual is %s%s", s, av,
                    dec_sign(r.actual) <= 0 ? ": full marks" : ", above 0: 0");
        break;
    case HOW_TIER:
    case HOW_TIER_IMPLIED: {
        const char *name = set->tiers[r.tier].name ? set->tiers[r.tier].name : "达成";
        dec_format(r.lo, lo);
        dec_format(r.hi, hi);
        if (r.how == HOW_TIER) {
            ra = SAY("%s：定性，%s（本档 %s–%s，按档次上限计）", s, name, lo, hi);
            rb = SAY_EN("%s: qualitative, %s (tier range %s–%s, scored at its top)", s, name, lo,
                        hi);
        } else {
            ra = SAY("%s：定性，未选档次，实际“%.*s”表明已达成，按达成计（本档 %s–%s）", s,
                     plen(a.text_len), a.text, lo, hi);
            rb = SAY_EN("%s: qualitative, no tier chosen; the actual \"%.*s\" says the target "
                        "was met, taken as 达成 (tier range %s–%s)", s, plen(a.text_len), a.text,
                        lo, hi);
        }
        break;
    }
    case HOW_NONE:
        ra = SAY("%s", s);
        rb = SAY_EN("%s", s);
        break;
    }
    if (ra || rb) {
        free(ra ? NULL : *zh);
        free(rb ? NULL : *en);
        *zh = *en = NULL;
        return -1;
    }
    return 0;
}
