/* Truthiness and equality of values, shared by the expression evaluator and the rules. */
#include "core/expr.h"

#include <string.h>

bool value_truthy(value_t v)
{
    if (v.kind == V_BOOL)
        return v.b;
    if (v.kind == V_NUM)
        return !dec_is_zero(v.num);
    return false;
}

bool value_equal(value_t a, value_t b)
{
    if (a.kind != b.kind)
        return false;
    switch (a.kind) {
    case V_NUM:
        return dec_cmp(a.num, b.num) == 0;
    case V_STR:
        /* A NULL string only comes from a careless host; treat it as "". */
        return strcmp(a.str ? a.str : "", b.str ? b.str : "") == 0;
    case V_BOOL:
        return a.b == b.b;
    case V_BLANK:
        /* Two blanks are the same value only for the same reason: the screen and the
         * findings say why a value is blank. */
        return a.why == b.why;
    }
    return false;
}
