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
} ind_value;

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

typedef struct {
    bool applicable;        /* false for 不适用 rows: no score, no weight counted */
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
 *   indicator.tier_implied           (notice)  qualitative row, no tier, actual == target:
 *                                              taken as 达成
 * A row with nothing in it (no 三级, target, actual, weight, tier) is a placeholder:
 * applicable = false, no finding. Details: docs/scoring.md.
 * Returns 0, or -1 when out of memory. */
int ind_score(const ind_settings *set, const ind_input *in, ind_result *out, finding_list *notes);

/* Execution rate and its score: rate = executed / budget (a fraction, exact to 24 digits,
 * returned rounded to `rate_scale` digits of the fraction, e.g. 4 for "99.91%");
 * score = min(weight × executed / budget, weight) rounded to 2 decimals.
 * DEC_DIV_ZERO when budget is zero. */
dec_status exec_rate_score(dec_t weight, dec_t budget, dec_t executed, int rate_scale,
                           dec_t *rate, dec_t *score);

#endif
