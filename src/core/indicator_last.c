/* A target set below last year's actual (core/carry.h): re-checking finance bureaus read a
 * lowered target as a red flag, so the form raises a notice (forms/project.json,
 * indicator.target_below_last). */
#include "core/carry.h"

#include <string.h>

bool ind_target_below_last(const char *target, const char *last_actual, const char *direction)
{
    if (!target || !last_actual)
        return false;
    ind_value t, l;
    ind_parse(target, strlen(target), &t);
    ind_parse(last_actual, strlen(last_actual), &l);
    if (t.kind != IND_NUMBER || l.kind != IND_NUMBER)
        return false;
    ind_dir dir = direction ? ind_dir_parse(direction) : DIR_UNSET;
    /* a ceiling (反向, ≤, <) below last year's figure asks for less spending, not less work */
    if (dir == DIR_REVERSE || dir == DIR_QUALITATIVE || t.cmp == CMP_LE || t.cmp == CMP_LT)
        return false;
    /* only like with like: 万美元 against 万美元, a bare number against a bare number, growth
     * against growth */
    if (t.num.unit.dim != l.num.unit.dim || t.num.unit.name_len != l.num.unit.name_len ||
        (t.num.unit.name_len &&
         memcmp(t.num.unit.name, l.num.unit.name, t.num.unit.name_len) != 0) ||
        t.growth != l.growth)
        return false;
    return dec_cmp(t.num.value, l.num.value) < 0;
}
