/* Performance indicators (绩效指标) as clerks type them, and their scores.
 *
 * A target (年度指标值) or actual (实际完成值) is free text: "≥5家", "7000万美元以上",
 * "增长5.5%以上", "≤990万元", "90%", "及时", "正增长", "同比下降3%", "不适用". This module
 * reads such text into a comparator, a number and a unit, and scores a row by the rules of
 * docs/scoring.md, with the parameters a form sets (ind_settings). Pure functions: no I/O.
 */
#ifndef SELFEVAL_CORE_INDICATOR_H
#define SELFEVAL_CORE_INDICATOR_H

#include "core/dec.h"
#include "core/finding.h"
#include "core/numparse.h"
#include <stdbool.h>

typedef enum { CMP_NONE = 0, CMP_GE, CMP_GT, CMP_LE, CMP_LT, CMP_EQ } ind_cmp;

typedef enum {
    IND_EMPTY = 0,     /* blank */
    IND_NUMBER,        /* a number (with comparator, unit) was found */
    IND_TEXT,          /* qualitative text: 及时, 正增长, 达成, 好, … */
    IND_NA             /* 不适用 / 不适应 / 无 / — marks a row that does not apply */
} ind_kind;

typedef struct {
    ind_kind kind;
    ind_cmp cmp;       /* from ≥ ＞ > ≤ < ＜ = 以上 以下 不低于 不少于 不超过 不高于 至少 最多 … */
    num_value num;     /* the number; for "下降3%" / "减少3%" the value is negated (-3) */
    bool growth;       /* the text speaks of growth: 增长 / 同比 / 提高 / 下降 / 减少 */
    const char *text;  /* the trimmed text (points into the input) */
    size_t text_len;
    /* A range "5%~10%", "5%至10%", "5%-10%": num is the lower end, hi the upper one (the
     * lower end takes the upper end's unit when it has none: "5~10%"). */
    bool range;
    num_value hi;
    /* The number is not one a clerk writes: an exponent (1e999), a second decimal point
     * (1.000.000) or more than IND_MAX_INT_DIGITS digits before the point. Never scored. */
    bool unclear;
} ind_value;

/* Digits before the point of the largest number read in a target, an actual or an amount
 * field: 10^15 万元 is far beyond any budget, and anything longer is a slip of the keyboard
 * (twenty digits typed for two) that would otherwise give a rate of 10^18 % and full marks. */
#define IND_MAX_INT_DIGITS 15
/* Digits before the point of v (0 for |v| < 1). */
int ind_int_digits(dec_t v);

/* Never fails: anything that is not a number is IND_TEXT. The result points into `s`. */
void ind_parse(const char *s, size_t len, ind_value *out);

typedef enum {
    DIR_UNSET = 0,
    DIR_POSITIVE,      /* 正向: more is better */
    DIR_REVERSE,       /* 反向: less is better */
    DIR_QUALITATIVE    /* 定性: tiers 达成 / 部分达成 / 未达成 */
} ind_dir;

/* Parse a direction the clerk chose ("正向", "反向", "定性", "positive", …); DIR_UNSET if blank
 * or unknown. */
ind_dir ind_dir_parse(const char *s);
const char *ind_dir_name(ind_dir d);   /* "正向" / "反向" / "定性" / "" */

typedef enum { REVERSE_RATIO = 0, REVERSE_LINEAR } reverse_rule;

typedef struct {
    const char *name;  /* "达成", "部分达成", "未达成" (also accepted: the long names) */
    dec_t lo, hi;      /* fractions of the weight, lo inclusive: [0.8, 1], [0.6, 0.8), [0, 0.6) */
} ind_tier;

typedef struct {
    reverse_rule reverse;            /* default REVERSE_RATIO: weight × target / actual */
    ind_tier tiers[3];               /* best first */
    dec_t overcompletion;            /* actual / target at or above this asks for a reason (1.3) */
} ind_settings;

void ind_settings_default(ind_settings *s);

typedef struct {
    const char *level1, *level2, *level3;  /* 一级 / 二级 / 三级指标 (may be NULL) */
    const char *target, *actual;           /* as typed (may be NULL) */
    bool has_weight;
    dec_t weight;                          /* 分值 */
    ind_dir direction;                     /* as the clerk set it on the row, or DIR_UNSET */
    const char *tier;                      /* qualitative tier chosen, or NULL */
    bool na;                               /* the clerk marked the row 不适用 */
} ind_input;

/* How a scored row's figure came about, for its derivation (ind_explain). */
typedef enum {
    HOW_NONE = 0,           /* not scored */
    HOW_MET,                /* quantitative, the target is met: full weight */
    HOW_PROPORTION,         /* positive: weight × actual ÷ target */
    HOW_ZERO,               /* positive, missed with actual ≤ 0 or target ≤ 0: 0 */
    HOW_REV_RATIO,          /* reverse: weight × target ÷ actual */
    HOW_REV_LINEAR,         /* reverse: weight × (2 × target − actual) ÷ target */
    HOW_REV_FALL,           /* reverse, negative target: weight × actual ÷ target */
    HOW_REV_ZERO,           /* reverse: 0 (target 0, linear from 2 × target, no fall) */
    HOW_EQ_ZERO,            /* "= 0": full weight when actual ≤ 0, else 0 */
    HOW_RANGE_LOW,          /* a range, below its lower end: weight × actual ÷ lower end */
    HOW_RANGE_HIGH,         /* a range, above its upper end: the reverse rule on the upper end */
    HOW_TIER,               /* qualitative, the clerk's tier */
    HOW_TIER_IMPLIED        /* qualitative, 达成 implied by the actual */
} ind_how;

typedef struct {
    bool applicable;        /* false for 不适用 rows: no score, no weight counted */
    bool placeholder;       /* a row with a category and nothing else: never scored, no finding */
    bool no_actual;         /* applicable, weighted, 实际完成值 blank: nothing earns points */
    dec_t full;             /* full marks: 分值 at 2 decimals (0 when there is no weight) */
    ind_how how;
    int tier;               /* HOW_TIER, HOW_TIER_IMPLIED: index into settings.tiers */
    dec_t target, actual;   /* quantitative: the numbers compared (actual in the target's unit;
                             * for a range, target is the end that was used) */
    bool scored;            /* a rule score could be computed */
    dec_t score;            /* the rule score, 2 decimals, 0 <= score <= weight */
    dec_t lo, hi;           /* typed scores within [lo, hi] are accepted without an override
                             * (quantitative: lo == hi == score; qualitative: the tier range;
                             * unknown tier: [0, weight]) */
    ind_dir direction;      /* effective direction */
    bool direction_confirmed; /* from a comparator or the clerk, not a default */
    bool over_completion;   /* actual / target >= settings.overcompletion (positive rows) */
    bool below_weight;      /* score < weight: 偏差原因 is required */
} ind_result;

/* Scores one row. Appends notices/warnings (with empty paths) to `notes`:
 *   indicator.direction_unconfirmed  (notice)  成本 row without comparator or direction
 *   indicator.unit_mismatch          (warning) units that cannot be converted
 *   indicator.not_comparable         (warning) one side a number, the other text
 *   indicator.tier_missing           (warning) qualitative row with no tier and target != actual
 *   indicator.na_weighted            (warning) 不适用 row that carries a weight
 *   indicator.weight_missing         (warning) applicable row without weight
 *   indicator.weight_negative        (warning) applicable row with a weight below 0
 *   indicator.tier_implied           (notice)  qualitative row, no tier, actual == target or
 *                                              an actual that says it was met (完成 …):
 *                                              taken as 达成
 *   indicator.unit_assumed           (notice)  target without unit, actual with one
 *   indicator.number_unclear         (error)   1e999, 1.000.000, 16+ integer digits: not scored
 *   indicator.weight_decimals        (error)   a weight with more than 2 decimals: not scored
 * A row with nothing in it (no 三级, target, actual, weight, tier) is a placeholder:
 * applicable = false, placeholder = true, no finding. Details: docs/scoring.md.
 * Returns 0, or -1 when out of memory. */
int ind_score(const ind_settings *set, const ind_input *in, ind_result *out, finding_list *notes);

/* The derivation of a row's rule score in words, e.g. "12.32 = 15 × 4926 ÷ 6000（正向，按比例，
 * 四舍五入）" / "12.32 = 15 × 4926 ÷ 6000 (positive, proportional, rounded half up)".
 * *zh and *en are malloc'd. Returns 0, or -1 when out of memory (both NULL). */
int ind_explain(const ind_settings *set, const ind_input *in, char **zh, char **en);

/* Execution rate and its score: rate = executed / budget (a fraction, exact to 24 digits,
 * returned rounded to `rate_scale` digits of the fraction, e.g. 4 for "99.91%");
 * score = min(weight × executed / budget, weight) rounded to 2 decimals.
 * DEC_DIV_ZERO when budget is zero. */
dec_status exec_rate_score(dec_t weight, dec_t budget, dec_t executed, int rate_scale,
                           dec_t *rate, dec_t *score);

#endif
