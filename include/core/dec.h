/* Exact decimal numbers for amounts, rates and scores.
 *
 * A value is coef × 10^-scale with a signed 128-bit coefficient: 38 significant
 * digits, far beyond what any 万元 amount needs. There is no binary floating
 * point anywhere in this module or its callers. Rounding is half up (四舍五入),
 * away from zero on an exact tie: round(-2.675, 2) = -2.68.
 */
#ifndef SELFEVAL_CORE_DEC_H
#define SELFEVAL_CORE_DEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DEC_MAX_SCALE 30      /* digits after the point we ever keep */
#define DEC_STR_MAX   48      /* enough for any dec_t text: sign, 39 digits, point, NUL */

typedef struct {
    __int128 coef;
    int scale;                /* 0 .. DEC_MAX_SCALE */
} dec_t;

typedef enum {
    DEC_OK = 0,
    DEC_OVERFLOW,             /* the result does not fit in 128 bits */
    DEC_DIV_ZERO,             /* divisor is zero: callers show "—" and report a finding */
    DEC_SYNTAX                /* dec_parse: not a plain decimal */
} dec_status;

dec_t dec_from_int(int64_t v);
dec_t dec_zero(void);
bool  dec_is_zero(dec_t a);
int   dec_sign(dec_t a);                 /* -1, 0, 1 */
dec_t dec_neg(dec_t a);
dec_t dec_abs(dec_t a);

/* Plain ASCII decimal: optional sign, digits, optional '.' and digits ("-12.50", ".5", "7.").
 * No exponent, no separators (clerk input goes through numparse.h). The scale of the result
 * is the number of digits typed after the point, so "547.6879" keeps scale 4. */
dec_status dec_parse(const char *s, size_t len, dec_t *out);

/* Text with exactly a.scale digits after the point ("102.05", "-0.5", "3"). buf >= DEC_STR_MAX.
 * Returns buf. */
char *dec_format(dec_t a, char *buf);
/* Same, after rounding half up to `scale` digits and padding with zeros ("95.40"). */
char *dec_format_fixed(dec_t a, int scale, char *buf);

dec_status dec_add(dec_t a, dec_t b, dec_t *out);   /* exact; scale = max of the two */
dec_status dec_sub(dec_t a, dec_t b, dec_t *out);
dec_status dec_mul(dec_t a, dec_t b, dec_t *out);   /* exact when it fits; else rounds the
                                                      * scale down (half up) before giving
                                                      * up with DEC_OVERFLOW */
/* a / b rounded half up to `scale` digits after the point, computed exactly (long division,
 * no intermediate rounding). */
dec_status dec_div(dec_t a, dec_t b, int scale, dec_t *out);

/* Round half up to `scale` digits (no-op when a.scale <= scale, except that the result keeps
 * a.scale then; use dec_rescale to pad). */
dec_t dec_round(dec_t a, int scale);
/* Exactly `scale` digits: rounds half up or pads with zeros. DEC_OVERFLOW when padding overflows. */
dec_status dec_rescale(dec_t a, int scale, dec_t *out);
/* Drop trailing zeros after the point ("95.40" -> "95.4", "3.00" -> "3"). */
dec_t dec_normalize(dec_t a);

int  dec_cmp(dec_t a, dec_t b);                    /* numeric: -1, 0, 1; 1.50 == 1.5 */
dec_t dec_min(dec_t a, dec_t b);
dec_t dec_max(dec_t a, dec_t b);

#endif
