/* Functions forms call on typed text: whether a text contains a word, holds a number, and
 * which comparator it is written with. The review rules of the bundled forms use them to tell
 * a cost indicator written "≥990 万元" or a satisfaction actual without a survey figure
 * (docs/review-flags.md), so which categories and columns are meant stays in the forms. */
#include "engine_internal.h"

#include <string.h>

/* contains(text, word, word, …): true when the text contains any of the words. Blank text
 * contains nothing. */
static value_t fn_contains(const value_t *args, int nargs)
{
    if (args[0].kind != V_STR)
        return v_bool(false);
    for (int i = 1; i < nargs; i++)
        if (args[i].kind == V_STR && *args[i].str && strstr(args[0].str, args[i].str))
            return v_bool(true);
    return v_bool(false);
}

/* The text read as a target or actual is (docs/scoring.md): blank, 不适用 and words are no
 * number; a date ("2024.12.31前完成") is words too. */
static bool read_number(value_t v, ind_value *out)
{
    if (v.kind != V_STR)
        return false;
    ind_parse(v.str, strlen(v.str), out);
    return out->kind == IND_NUMBER;
}

value_t eng_text_fn(int func_id, const value_t *args, int nargs)
{
    ind_value iv;
    switch ((form_func)func_id) {
    case FN_CONTAINS:
        return fn_contains(args, nargs);
    case FN_HAS_NUMBER:
        return v_bool(read_number(args[0], &iv));
    case FN_COMPARATOR:
        /* ">=" for ≥, 以上, 不低于 …; "" when none is written (docs/scoring.md) */
        if (!read_number(args[0], &iv))
            return v_str("");
        switch (iv.cmp) {
        case CMP_GE:
            return v_str(">=");
        case CMP_GT:
            return v_str(">");
        case CMP_LE:
            return v_str("<=");
        case CMP_LT:
            return v_str("<");
        case CMP_EQ:
            return v_str("=");
        default:
            return v_str("");
        }
    default:
        return v_blank(VB_BAD_INPUT);
    }
}
