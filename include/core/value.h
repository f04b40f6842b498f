/* The value of an expression or a field: blank, a number, text or a truth value.
 * A blank value carries why it is blank, so a finding can say "division by zero" rather than
 * a silent 0, and the screen shows "—". */
#ifndef SELFEVAL_CORE_VALUE_H
#define SELFEVAL_CORE_VALUE_H

#include "core/dec.h"
#include <stdbool.h>

typedef enum { V_BLANK = 0, V_NUM, V_STR, V_BOOL } v_kind;

typedef enum {
    VB_EMPTY = 0,      /* nothing typed */
    VB_DIV_ZERO,       /* a division by zero on the way */
    VB_OVERFLOW,       /* a number too large */
    VB_BAD_INPUT,      /* an input that is not a valid number */
    VB_NOT_APPLICABLE  /* a 不适用 row, or a rule that has nothing to say */
} v_blank_why;

typedef struct {
    unsigned char kind;  /* v_kind (one byte: every field of a draft holds three of these) */
    unsigned char why;   /* v_blank_why, for V_BLANK */
    bool b;              /* for V_BOOL */
    const char *str;     /* for V_STR: borrowed, NUL-terminated; lives as long as the draft value,
                          * the form, or the evaluation arena it came from */
    dec_t num;           /* for V_NUM */
} value_t;

static inline value_t v_blank(v_blank_why why) { value_t v = {0}; v.kind = V_BLANK; v.why = why; return v; }
static inline value_t v_num(dec_t d) { value_t v = {0}; v.kind = V_NUM; v.num = d; return v; }
static inline value_t v_bool(bool b) { value_t v = {0}; v.kind = V_BOOL; v.b = b; return v; }
static inline value_t v_str(const char *s) { value_t v = {0}; v.kind = V_STR; v.str = s; return v; }

#endif
