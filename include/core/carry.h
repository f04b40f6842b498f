/* Last year's table carried over into this year's (docs/form-format.md, "Carrying a table
 * over"): which values come along is declared by the form, field by field ("carry"); rows and
 * repeated parts keep their ids, so a row of this year is the same indicator as last year's row
 * with the same id. Pure: a draft in, a draft out. */
#ifndef SELFEVAL_CORE_CARRY_H
#define SELFEVAL_CORE_CARRY_H

#include "core/draft.h"
#include "core/form.h"
#include "core/indicator.h"

#include <stdbool.h>

/* A new draft of form f from last year's draft `last` (of the same form id): metadata unit
 * kept, year one more (blank when last year's is not a year in digits), status "draft";
 * values: every field with "carry" (its own value, a sibling's value, or its year moved on),
 * tables' rows and repeated parts' instances by id; nothing else (actuals, scores, reasons,
 * overrides, comments, history, sign-off). created/modified/author are left blank for the
 * caller. NULL with *err (malloc'd) when `last` is of another form or out of memory. */
draft *draft_carry_over(const form *f, const draft *last, char **err);

/* Is `target` (年度指标值) below `last_actual` (last year's 实际完成值)? Both must be numbers in
 * the same unit (or both without one); only for rows that are not reverse (by `direction`, or by
 * a ≤/< comparator in the target): a ceiling below last year's figure is no lowered ambition. */
bool ind_target_below_last(const char *target, const char *last_actual, const char *direction);

#endif
