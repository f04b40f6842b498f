/* Execution rate (执行率) and its score (domain.md, Execution rate):
 *   rate  = 全年执行数 / 全年预算数
 *   score = 分值 × rate, 2 decimals half up, never above 分值 (no extra for spending over
 *           budget) and never below 0.
 * Both are rounded once from the exact quotient, never from the already rounded rate: with
 * 547.6879 / 990 the rate shows as 55.32% and the score is 5.53 either way, but rounding the
 * rate first can move a score by 0.01 for other figures. */
#include "core/indicator.h"

dec_status exec_rate_score(dec_t weight, dec_t budget, dec_t executed, int rate_scale,
                           dec_t *rate, dec_t *score)
{
    if (dec_is_zero(budget))
        return DEC_DIV_ZERO;
    if (rate_scale < 0)
        rate_scale = 0;
    if (rate_scale > DEC_MAX_SCALE)
        rate_scale = DEC_MAX_SCALE;

    dec_t r;
    dec_status st = dec_div(executed, budget, rate_scale, &r);
    if (st != DEC_OK)
        return st;

    dec_t s;
    if (dec_cmp(executed, budget) >= 0 && dec_sign(budget) > 0) {
        s = weight;                       /* at or over budget: the full weight */
    } else {
        dec_t p;
        st = dec_mul(weight, executed, &p);
        if (st == DEC_OVERFLOW) {
            /* only absurd amounts: divide first, at the greatest precision we keep */
            dec_t q;
            st = dec_div(executed, budget, DEC_MAX_SCALE, &q);
            if (st == DEC_OK)
                st = dec_mul(weight, q, &p);
            if (st == DEC_OK)
                s = dec_round(p, 2);
        } else if (st == DEC_OK) {
            st = dec_div(p, budget, 2, &s);
        }
        if (st != DEC_OK)
            return st;
    }
    if (dec_cmp(s, weight) > 0)
        s = weight;
    if (dec_sign(s) < 0)
        s = dec_zero();
    s = dec_round(s, 2);
    if (dec_cmp(s, weight) > 0)           /* a weight typed with 3 decimals: stay below it */
        dec_sub(s, (dec_t){1, 2}, &s);
    dec_t padded;
    if (dec_rescale(s, 2, &padded) == DEC_OK)
        s = padded;

    if (rate)
        *rate = r;
    if (score)
        *score = s;
    return DEC_OK;
}
