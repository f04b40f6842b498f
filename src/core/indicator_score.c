/* Scoring one indicator row (绩效指标) by the rules of docs/scoring.md.
 *
 * The rule score is what the editor computes; a clerk's typed score is compared against
 * [lo, hi] elsewhere (an override needs a reason). Everything here is exact decimal
 * arithmetic; scores are rounded half up to 2 decimals once, at the end of each formula. */
#include "core/indicator.h"

#include <string.h>

/* Names of the three tiers and the long forms printed on the forms. A typed tier matches a
 * name exactly or starts with it ("部分达成年度指标并具有一定效果" starts with "部分达成"). */
static const char *const TIER_NAMES[3] = {"达成", "部分达成", "未达成"};

void ind_settings_default(ind_settings *s)
{
    memset(s, 0, sizeof *s);
    s->reverse = REVERSE_RATIO;
    /* [80%, 100%], [60%, 80%), [0, 60%): domain.md, Qualitative indicators. */
    s->tiers[0] = (ind_tier){TIER_NAMES[0], {8, 1}, {1, 0}};
    s->tiers[1] = (ind_tier){TIER_NAMES[1], {6, 1}, {8, 1}};
    s->tiers[2] = (ind_tier){TIER_NAMES[2], {0, 0}, {6, 1}};
    s->overcompletion = (dec_t){13, 1};
}

/* ---- small decimal helpers ------------------------------------------------------------ */

static const dec_t CENT = {1, 2};

/* The full score of a weight at 2 decimals, never above the weight itself (a weight typed
 * as 5.125 gives 5.12, so 0 <= score <= weight always holds). */
static dec_t full_score(dec_t w)
{
    dec_t r = dec_round(w, 2);
    if (dec_cmp(r, w) > 0)
        dec_sub(r, CENT, &r);
    dec_t out;
    if (dec_rescale(r, 2, &out) != DEC_OK)
        out = r;
    return out;
}

static dec_t at2(dec_t x)
{
    dec_t out;
    if (dec_rescale(dec_round(x, 2), 2, &out) != DEC_OK)
        return dec_round(x, 2);
    return out;
}

static dec_t clamp_score(dec_t x, dec_t full)
{
    if (dec_sign(x) < 0)
        return at2(dec_zero());
    if (dec_cmp(x, full) > 0)
        return full;
    return at2(x);
}

/* w × num / den, rounded half up to 2 decimals from the exact value. When the product does
 * not fit in 128 bits (only absurd inputs), divides first at 30 digits: the ratio is below 1
 * wherever this is called, so that cannot overflow. */
static dec_status mul_div2(dec_t w, dec_t num, dec_t den, dec_t *out)
{
    dec_t p;
    dec_status st = dec_mul(w, num, &p);
    if (st == DEC_OK)
        return dec_div(p, den, 2, out);
    if (st != DEC_OVERFLOW)
        return st;
    dec_t q;
    st = dec_div(num, den, DEC_MAX_SCALE, &q);
    if (st != DEC_OK)
        return st;
    st = dec_mul(w, q, &p);
    if (st != DEC_OK)
        return st;
    *out = dec_round(p, 2);
    return DEC_OK;
}

/* ---- the rules ------------------------------------------------------------------------ */

/* Positive (more is better): actual >= target gives the full weight; else weight × actual /
 * target, never below 0. Target 0: any actual >= 0 meets it. Target < 0 (a tolerated fall):
 * met or not, no proportion (a ratio of two negatives would reward a deeper fall). */
static dec_status score_positive(dec_t w, dec_t full, dec_t t, dec_t a, dec_t *out,
                                 ind_how *how)
{
    if (dec_cmp(a, t) >= 0) {
        *out = full;
        *how = HOW_MET;
        return DEC_OK;
    }
    if (dec_sign(t) <= 0 || dec_sign(a) <= 0) {
        *out = at2(dec_zero());
        *how = HOW_ZERO;
        return DEC_OK;
    }
    *how = HOW_PROPORTION;
    dec_t s;
    dec_status st = mul_div2(w, a, t, &s);
    if (st == DEC_OK)
        *out = clamp_score(s, full);
    return st;
}

/* Reverse (less is better), actual above target. Target < 0 ("下降3%以上" read as at most
 * -3%): the size of the fall reached, |actual| / |target| = actual / target, 0 once the
 * actual is no fall at all. This is our reading, not a published rule (docs/scoring.md). */
static dec_status score_reverse_negative(dec_t w, dec_t full, dec_t t, dec_t a, dec_t *out,
                                         ind_how *how)
{
    if (dec_sign(a) >= 0) {
        *out = at2(dec_zero());
        *how = HOW_REV_ZERO;
        return DEC_OK;
    }
    *how = HOW_REV_FALL;
    dec_t s;
    dec_status st = mul_div2(w, a, t, &s);
    if (st == DEC_OK)
        *out = clamp_score(s, full);
    return st;
}

static dec_status score_reverse(reverse_rule rule, dec_t w, dec_t full, dec_t t, dec_t a,
                                dec_t *out, ind_how *how)
{
    if (dec_cmp(a, t) <= 0) {
        *out = full;
        *how = HOW_MET;
        return DEC_OK;
    }
    if (dec_sign(t) == 0) {
        *out = at2(dec_zero());
        *how = HOW_REV_ZERO;
        return DEC_OK;
    }
    if (dec_sign(t) < 0)
        return score_reverse_negative(w, full, t, a, out, how);
    dec_t s;
    dec_status st;
    if (rule == REVERSE_LINEAR) {
        /* weight × (1 − (a − t) / t) = weight × (2t − a) / t, 0 from a = 2t on. */
        dec_t two_t, diff;
        st = dec_add(t, t, &two_t);
        if (st != DEC_OK)
            return st;
        if (dec_cmp(a, two_t) >= 0) {
            *out = at2(dec_zero());
            *how = HOW_REV_ZERO;
            return DEC_OK;
        }
        *how = HOW_REV_LINEAR;
        st = dec_sub(two_t, a, &diff);
        if (st != DEC_OK)
            return st;
        st = mul_div2(w, diff, t, &s);
    } else {
        *how = HOW_REV_RATIO;
        st = mul_div2(w, t, a, &s);
    }
    if (st == DEC_OK)
        *out = clamp_score(s, full);
    return st;
}

/* ---- messages ------------------------------------------------------------------------- */

static const char *nz(const char *s) { return s ? s : ""; }

/* The name a message uses for the row: 三级指标, else the level above it. */
static const char *row_name(const ind_input *in)
{
    if (in->level3 && in->level3[0])
        return in->level3;
    if (in->level2 && in->level2[0])
        return in->level2;
    if (in->level1 && in->level1[0])
        return in->level1;
    return "-";
}

/* printf precision for a trimmed text; texts longer than INT_MAX do not occur in a form. */
static int plen(size_t n) { return n > 0x7fffffff ? 0x7fffffff : (int)n; }

static bool is_cost_row(const ind_input *in)
{
    return (in->level1 && strstr(in->level1, "成本")) || (in->level2 && strstr(in->level2, "成本"));
}

/* ---- tiers ---------------------------------------------------------------------------- */

/* Index of the tier named by `s` (exact or longest prefix), or -1. */
static int find_tier(const ind_settings *set, const char *s)
{
    ind_value v;
    ind_parse(s, strlen(s), &v);   /* only for the trimming */
    const char *p = v.text;
    size_t n = v.text_len;
    int best = -1;
    size_t best_len = 0;
    for (int i = 0; i < 3; i++) {
        const char *name = set->tiers[i].name ? set->tiers[i].name : TIER_NAMES[i];
        size_t k = strlen(name);
        if (k == 0 || k > n || memcmp(p, name, k) != 0)
            continue;
        if (k > best_len) {
            best = i;
            best_len = k;
        }
    }
    return best;
}

/* The accepted score range of tier i, at 2 decimals. A tier's upper bound is exclusive when
 * it is another tier's (inclusive) lower bound: 部分达成 is [60%, 80%), so with weight 5 it
 * accepts 3.00 .. 3.99 and 4.00 belongs to 达成. */
static void tier_range(const ind_settings *set, int i, dec_t w, dec_t full, dec_t *lo, dec_t *hi)
{
    dec_t l, h;
    if (dec_mul(w, set->tiers[i].lo, &l) != DEC_OK)
        l = dec_zero();
    if (dec_mul(w, set->tiers[i].hi, &h) != DEC_OK)
        h = full;
    l = clamp_score(l, full);
    h = clamp_score(h, full);
    for (int j = 0; j < 3; j++) {
        if (j != i && dec_cmp(set->tiers[j].lo, set->tiers[i].hi) == 0) {
            dec_t h1;
            if (dec_sub(h, CENT, &h1) == DEC_OK)
                h = h1;
            break;
        }
    }
    if (dec_cmp(h, l) < 0)
        h = l;
    *lo = l;
    *hi = h;
}

/* ---- the row -------------------------------------------------------------------------- */

static void parse_opt(const char *s, ind_value *v)
{
    ind_parse(s, s ? strlen(s) : 0, v);
}

static bool same_text(const ind_value *a, const ind_value *b)
{
    return a->text_len > 0 && a->text_len == b->text_len && memcmp(a->text, b->text, a->text_len) == 0;
}

/* Actuals that say the target was met (domain.md, Clarifications): the whole text, or the
 * text before a closing 。/./！. "未完成", "基本完成" are not in the list and stay unmet. */
static const char *const MET_WORDS[] = {"完成", "已完成", "全部完成", "按时完成", "达成", "已达成",
                                        "达到", "已达到", "实现", "已实现", "是", "有效", "符合"};

static bool says_met(const ind_value *a)
{
    size_t n = a->text_len;
    static const char *const ends[] = {"。", ".", "！", "!"};
    for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++) {
        size_t k = strlen(ends[i]);
        if (n > k && memcmp(a->text + n - k, ends[i], k) == 0) {
            n -= k;
            break;
        }
    }
    for (size_t i = 0; i < sizeof MET_WORDS / sizeof MET_WORDS[0]; i++)
        if (strlen(MET_WORDS[i]) == n && memcmp(a->text, MET_WORDS[i], n) == 0)
            return true;
    return false;
}

static int score_qualitative(const ind_settings *set, const ind_input *in, const ind_value *t,
                             const ind_value *a, dec_t w, dec_t full, ind_result *out,
                             finding_list *notes)
{
    char b1[DEC_STR_MAX], b2[DEC_STR_MAX], b3[DEC_STR_MAX];
    const char *name = row_name(in);
    int rc = 0;
    out->direction = DIR_QUALITATIVE;
    out->direction_confirmed = true;
    const char *tier = in->tier;
    if (tier) {
        ind_value tv;
        parse_opt(tier, &tv);
        if (tv.text_len == 0)
            tier = NULL;
    }
    int ti = -1;
    if (tier) {
        ti = find_tier(set, tier);
        if (ti < 0) {
            out->lo = at2(dec_zero());
            out->hi = full;
            return findings_addf(notes, SEV_WARNING, "indicator.tier_missing", "",
                                 "定性指标“%s”的评价等级“%s”无法识别（应为 达成 / 部分达成 / 未达成），未计分；得分可填 0 至 %s 分。",
                                 "qualitative indicator \"%s\": tier \"%s\" is not one of 达成 / 部分达成 / 未达成; not scored, a score from 0 to %s is accepted.",
                                 name, tier, dec_format(full, b1));
        }
    } else if (same_text(t, a)) {
        ti = 0;
        tier_range(set, ti, w, full, &out->lo, &out->hi);   /* for the message */
        rc = findings_addf(notes, SEV_NOTICE, "indicator.tier_implied", "",
                           "定性指标“%s”未选择评价等级，实际完成值与年度指标值相同（“%.*s”），按“达成”计 %s 分（可填 %s 至 %s 分）。",
                           "qualitative indicator \"%s\": no tier chosen and the actual equals the target (\"%.*s\"), so it is taken as 达成 (achieved): %s (accepted %s to %s).",
                           name, plen(t->text_len), t->text, dec_format(out->hi, b1),
                           dec_format(out->lo, b2), dec_format(out->hi, b3));
    } else if (t->kind != IND_NUMBER && says_met(a)) {
        /* an actual of 完成 against a text target says the target was met, as an equal
         * text does; a numeric target needs a number (domain.md, Clarifications) */
        ti = 0;
        tier_range(set, ti, w, full, &out->lo, &out->hi);
        rc = findings_addf(notes, SEV_NOTICE, "indicator.tier_implied", "",
                           "定性指标“%s”未选择评价等级，实际完成值“%.*s”表明已达到年度指标值“%.*s”，按“达成”计 %s 分（可填 %s 至 %s 分）。",
                           "qualitative indicator \"%s\": no tier chosen and the actual \"%.*s\" says the target \"%.*s\" was met, so it is taken as 达成 (achieved): %s (accepted %s to %s).",
                           name, plen(a->text_len), a->text, plen(t->text_len), t->text,
                           dec_format(out->hi, b1), dec_format(out->lo, b2),
                           dec_format(out->hi, b3));
    } else {
        out->lo = at2(dec_zero());
        out->hi = full;
        return findings_addf(notes, SEV_WARNING, "indicator.tier_missing", "",
                             "定性指标“%s”未选择评价等级（达成 / 部分达成 / 未达成），且实际完成值“%.*s”与年度指标值“%.*s”不同，未计分；得分可填 0 至 %s 分。",
                             "qualitative indicator \"%s\": no tier (达成 / 部分达成 / 未达成) chosen and the actual \"%.*s\" differs from the target \"%.*s\"; not scored, a score from 0 to %s is accepted.",
                             name, plen(a->text_len), a->text, plen(t->text_len), t->text,
                             dec_format(full, b1));
    }
    tier_range(set, ti, w, full, &out->lo, &out->hi);
    out->how = tier ? HOW_TIER : HOW_TIER_IMPLIED;
    out->tier = ti;
    /* The tier's best score: a 达成 row earns the full weight unless the clerk types less. */
    out->score = out->hi;
    out->scored = true;
    out->below_weight = dec_cmp(out->score, w) < 0;
    return rc;
}

static int score_quantitative(const ind_settings *set, const ind_input *in, const ind_value *t,
                              const ind_value *a, dec_t w, dec_t full, ind_result *out,
                              finding_list *notes)
{
    char b1[DEC_STR_MAX], b2[DEC_STR_MAX], b3[DEC_STR_MAX];
    const char *name = row_name(in);
    dec_t tv = t->num.value, av = a->num.value;
    unit_t tu = t->num.unit, au = a->num.unit;

    /* Units: an actual typed without unit means the target's; 万元 and 亿元 convert. Units
     * of different kinds (万元 and 家) never convert. */
    if (au.dim != UNIT_NONE && tu.dim != UNIT_NONE) {
        dec_t conv;
        if (!num_convert(av, au, tu, &conv)) {
            out->lo = at2(dec_zero());
            out->hi = full;
            return findings_addf(notes, SEV_WARNING, "indicator.unit_mismatch", "",
                                 "指标“%s”的年度指标值“%.*s”（单位 %.*s）与实际完成值“%.*s”（单位 %.*s）单位不同且无法换算，未计分。",
                                 "indicator \"%s\": target \"%.*s\" (unit %.*s) and actual \"%.*s\" (unit %.*s) are in units that do not convert; not scored.",
                                 name, plen(t->text_len), t->text, plen(tu.name_len), nz(tu.name),
                                 plen(a->text_len), a->text, plen(au.name_len), nz(au.name));
        }
        av = conv;
    } else if (tu.dim == UNIT_NONE && au.dim != UNIT_NONE) {
        /* "≥500" against "612万美元": compared as 500 万美元, and the clerk is told so */
        if (findings_addf(notes, SEV_NOTICE, "indicator.unit_assumed", "",
                          "指标“%s”的年度指标值“%.*s”没有单位，按实际完成值的单位“%.*s”比较。",
                          "indicator \"%s\": the target \"%.*s\" has no unit; it is compared in the actual's unit \"%.*s\".",
                          name, plen(t->text_len), t->text, plen(au.name_len), nz(au.name)) != 0)
            return -1;
    }

    /* Direction: the target's comparator, else the clerk's choice, else positive. */
    bool eq_zero = false;
    out->direction_confirmed = true;
    switch (t->cmp) {
    case CMP_GE:
    case CMP_GT:
        out->direction = DIR_POSITIVE;
        break;
    case CMP_LE:
    case CMP_LT:
        out->direction = DIR_REVERSE;
        break;
    default:
        if (t->range) {
            out->direction = DIR_POSITIVE;   /* below the range: more is better */
        } else if (t->cmp == CMP_EQ && dec_is_zero(tv)) {
            eq_zero = true;
            out->direction = DIR_REVERSE;
        } else if (in->direction == DIR_POSITIVE || in->direction == DIR_REVERSE) {
            out->direction = in->direction;
        } else {
            out->direction = DIR_POSITIVE;
            out->direction_confirmed = false;
        }
        break;
    }

    dec_t s = at2(dec_zero());
    dec_status st;
    ind_how how = HOW_NONE;
    out->target = tv;
    if (eq_zero) {
        s = dec_sign(av) <= 0 ? full : at2(dec_zero());
        how = HOW_EQ_ZERO;
        st = DEC_OK;
    } else if (t->range && t->cmp == CMP_NONE && dec_cmp(av, t->hi.value) > 0) {
        /* above a range "5%~10%": the upper end is a ceiling, scored as a reverse target
         * (ours: docs/scoring.md) */
        out->target = t->hi.value;
        st = score_reverse(set->reverse, w, full, t->hi.value, av, &s, &how);
        if (how == HOW_REV_RATIO || how == HOW_REV_LINEAR)
            how = HOW_RANGE_HIGH;
    } else if (out->direction == DIR_REVERSE) {
        st = score_reverse(set->reverse, w, full, tv, av, &s, &how);
    } else {
        st = score_positive(w, full, tv, av, &s, &how);
        if (t->range && how == HOW_PROPORTION)
            how = HOW_RANGE_LOW;
    }
    if (st != DEC_OK) {
        out->lo = at2(dec_zero());
        out->hi = full;
        return findings_addf(notes, SEV_WARNING, "indicator.not_comparable", "",
                             "指标“%s”的年度指标值“%.*s”与实际完成值“%.*s”数值过大，无法计算，未计分。",
                             "indicator \"%s\": target \"%.*s\" and actual \"%.*s\" are too large to compute with; not scored.",
                             name, plen(t->text_len), t->text, plen(a->text_len), a->text);
    }
    out->how = how;
    out->actual = av;
    out->scored = true;
    out->score = s;
    out->lo = out->hi = s;
    out->below_weight = dec_cmp(s, w) < 0;

    if (out->direction == DIR_POSITIVE && !eq_zero && !t->range && dec_sign(tv) > 0) {
        dec_t bar;
        if (dec_mul(tv, set->overcompletion, &bar) == DEC_OK) {
            out->over_completion = dec_cmp(av, bar) >= 0;
        } else {
            /* the target is so large that target × 1.3 overflows: compare the ratio */
            dec_t ratio;
            dec_status rs = dec_div(av, tv, 6, &ratio);
            out->over_completion = rs == DEC_OVERFLOW ||
                                   (rs == DEC_OK && dec_cmp(ratio, set->overcompletion) >= 0);
        }
    }

    if (!out->direction_confirmed && is_cost_row(in)) {
        /* Most 成本 rows are reverse, not all (成本节约率 is "more is better"): ask, show
         * both readings, never fail the row (domain.md, Direction). */
        dec_t r_ratio, r_linear;
        ind_how ignore;
        bool ok_ratio = score_reverse(REVERSE_RATIO, w, full, tv, av, &r_ratio, &ignore) == DEC_OK;
        bool ok_linear = score_reverse(REVERSE_LINEAR, w, full, tv, av, &r_linear, &ignore) == DEC_OK;
        return findings_addf(notes, SEV_NOTICE, "indicator.direction_unconfirmed", "",
                             "成本类指标“%s”的年度指标值“%.*s”没有比较符号，也未设定指标方向，暂按正向指标计 %s 分（实际完成值“%.*s”）；若为反向指标，按比例法（分值×指标值÷实际值）得 %s 分，按线性法得 %s 分。请确认指标方向（正向 / 反向）。",
                             "cost indicator \"%s\": target \"%.*s\" has no comparator and no direction is set, so it is scored %s as a positive indicator (actual \"%.*s\"); as a reverse indicator it would score %s by the ratio rule (weight × target / actual) or %s by the linear rule. Please confirm the direction (正向 positive / 反向 reverse).",
                             name, plen(t->text_len), t->text, dec_format(s, b1),
                             plen(a->text_len), a->text,
                             ok_ratio ? dec_format(r_ratio, b2) : "—",
                             ok_linear ? dec_format(r_linear, b3) : "—");
    }
    return 0;
}

int ind_score(const ind_settings *set, const ind_input *in, ind_result *out, finding_list *notes)
{
    ind_settings defaults;
    if (!set) {
        ind_settings_default(&defaults);
        set = &defaults;
    }
    memset(out, 0, sizeof *out);
    out->score = out->lo = out->hi = at2(dec_zero());
    out->applicable = true;
    out->direction = in->direction;
    out->direction_confirmed = in->direction != DIR_UNSET;

    char b1[DEC_STR_MAX];
    const char *name = row_name(in);
    ind_value t, a, l3;
    parse_opt(in->target, &t);
    parse_opt(in->actual, &a);
    parse_opt(in->level3, &l3);

    /* A row with nothing in it is a placeholder the printed form keeps for a 二级指标 that
     * has no indicator (seed 000: 社会成本指标, 生态环境成本指标): nothing to score or warn. */
    bool has_tier = in->tier && in->tier[0];
    if (l3.kind == IND_EMPTY && t.kind == IND_EMPTY && a.kind == IND_EMPTY && !in->has_weight &&
        !has_tier && !in->na) {
        out->applicable = false;
        out->placeholder = true;
        return 0;
    }
    /* 不适用: never scored, never full marks silently (domain.md, Not applicable). */
    if (in->na || t.kind == IND_NA || a.kind == IND_NA || l3.kind == IND_NA) {
        out->applicable = false;
        if (in->has_weight && dec_sign(in->weight) > 0)
            return findings_addf(notes, SEV_WARNING, "indicator.na_weighted", "",
                                 "指标“%s”为不适用，却填了分值 %s；不适用指标不计分，请删去分值或改为适用指标。",
                                 "indicator \"%s\" is marked not applicable (不适用) but carries a weight of %s; such rows are not scored: remove the weight or make the row applicable.",
                                 name, dec_format(in->weight, b1));
        return 0;
    }
    if (!in->has_weight)
        return findings_addf(notes, SEV_WARNING, "indicator.weight_missing", "",
                             "指标“%s”没有分值（权重），无法计分；请填写分值，或将该指标标为不适用。",
                             "indicator \"%s\" has no weight (分值), so it cannot be scored: enter a weight or mark the row not applicable.",
                             name);
    if (dec_sign(in->weight) < 0)
        return findings_addf(notes, SEV_WARNING, "indicator.weight_negative", "",
                             "指标“%s”的分值 %s 为负数，无法计分。",
                             "indicator \"%s\" has a negative weight %s; it cannot be scored.",
                             name, dec_format(in->weight, b1));

    if (dec_normalize(in->weight).scale > 2)
        /* 10.005 at full marks would be "10.00 below 10.005": a weight is a figure of the
         * printed form, at most 2 decimals (domain.md, Clarifications) */
        return findings_addf(notes, SEV_ERROR, "indicator.weight_decimals", "",
                             "指标“%s”的分值 %s 超过两位小数，无法计分；分值最多两位小数。",
                             "indicator \"%s\": the weight %s has more than 2 decimals and cannot be scored; weights have at most 2 decimals.",
                             name, dec_format(in->weight, b1));

    dec_t w = in->weight;
    dec_t full = full_score(w);
    out->hi = full;
    out->full = full;

    const ind_value *odd = t.kind == IND_NUMBER && t.unclear ? &t
                         : a.kind == IND_NUMBER && a.unclear ? &a : NULL;
    if (odd) {
        out->lo = at2(dec_zero());
        return findings_addf(notes, SEV_ERROR, "indicator.number_unclear", "",
                             "指标“%s”：“%.*s”不是常见的数字写法（指数、两个小数点或超过 %d 位整数），未计分；请按纸质表填写数字。",
                             "indicator \"%s\": \"%.*s\" is not a number as clerks write it (an exponent, two decimal points or more than %d digits before the point); not scored: type the figure as printed.",
                             name, plen(odd->text_len), odd->text, IND_MAX_INT_DIGITS);
    }

    bool cmp_decides = t.kind == IND_NUMBER &&
                       (t.cmp == CMP_GE || t.cmp == CMP_GT || t.cmp == CMP_LE || t.cmp == CMP_LT ||
                        (t.cmp == CMP_EQ && dec_is_zero(t.num.value)));
    out->no_actual = a.kind == IND_EMPTY;
    bool qualitative = (t.kind == IND_TEXT && a.kind == IND_TEXT) ||
                       (!cmp_decides && in->direction == DIR_QUALITATIVE);
    if (qualitative)
        return score_qualitative(set, in, &t, &a, w, full, out, notes);

    /* Nothing to compare yet: completeness is the form's check, not a scoring finding. A
     * blank actual earns nothing, so the caller refuses a typed score there (no_actual). */
    if (t.kind == IND_EMPTY || a.kind == IND_EMPTY)
        return 0;

    if (t.kind != IND_NUMBER || a.kind != IND_NUMBER)
        return findings_addf(notes, SEV_WARNING, "indicator.not_comparable", "",
                             "指标“%s”的年度指标值“%.*s”与实际完成值“%.*s”一个是数值、一个是文字，无法比较，未计分；得分可填 0 至 %s 分。",
                             "indicator \"%s\": target \"%.*s\" and actual \"%.*s\" are one a number and one text, so they cannot be compared; not scored, a score from 0 to %s is accepted.",
                             name, plen(t.text_len), t.text, plen(a.text_len), a.text,
                             dec_format(full, b1));

    return score_quantitative(set, in, &t, &a, w, full, out, notes);
}
