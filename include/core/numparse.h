/* Numbers as clerks type them: "1,234.56", "１２３．４５", "+5", "-0.5", "102.05%",
 * "990万元", "≥5家" is NOT handled here (comparators belong to indicator.h).
 *
 * The parser normalises full-width digits and punctuation (０-９ ． ， ＋ － ％), accepts
 * thousands separators only in valid positions (1,234,567.5 but not 12,34), an optional
 * leading sign, an optional trailing percent sign, and an optional unit after the number
 * (spaces allowed between). It never uses floating point.
 */
#ifndef SELFEVAL_CORE_NUMPARSE_H
#define SELFEVAL_CORE_NUMPARSE_H

#include "core/dec.h"
#include <stdbool.h>
#include <stddef.h>

/* Dimensions of known units. Amounts of money in 元 / 万元 / 亿元 convert to each other;
 * so do 美元 / 万美元 / 亿美元; counts (家 个 次 人 场 列 项 户 …) compare by name. */
typedef enum {
    UNIT_NONE = 0,     /* no unit typed */
    UNIT_CNY,          /* 元 万元 亿元 */
    UNIT_USD,          /* 美元 万美元 亿美元 */
    UNIT_PERCENT,      /* % ％ 百分点 is NOT this (it's a count of points: UNIT_OTHER) */
    UNIT_OTHER         /* any other unit text: compared by exact name */
} unit_dim;

typedef struct {
    unit_dim dim;
    /* The unit's name without surrounding spaces, e.g. "万元", "家", "%" (full-width ％ is
     * reported as "%"). NOT NUL-terminated: name_len bytes. Points into a static table for
     * known units, or into the parsed input for others (so it lives as long as the input).
     * name == NULL and name_len == 0 when dim == UNIT_NONE. */
    const char *name;
    size_t name_len;
    /* For UNIT_CNY and UNIT_USD: the power of ten of one unit in the base unit (元 / 美元):
     * 元 0, 万元 4, 亿元 8. 0 otherwise. */
    int pow10;
} unit_t;

typedef struct {
    dec_t value;              /* the number as typed (percent NOT divided by 100) */
    unit_t unit;
} num_value;

typedef enum {
    NUM_OK = 0,
    NUM_EMPTY,                /* nothing but spaces */
    NUM_SYNTAX,               /* not a number; err_pos says where */
    NUM_UNKNOWN_UNIT,         /* number followed by text that is not a unit (when units refused) */
    NUM_OVERFLOW
} num_status;

/* Parse a whole string. `allow_unit`: accept a trailing unit; otherwise anything after the
 * number except '%' is refused: NUM_UNKNOWN_UNIT when it starts like a word (a letter or a
 * non-ASCII character: "990万元"), NUM_SYNTAX when it looks like more number or ASCII
 * punctuation ("1.2.3", "5 6"). Text starting like that is NUM_SYNTAX with units allowed too.
 * A unit must be printable UTF-8. On failure *err_pos (may be NULL) is the byte offset of
 * the first offending character (a misplaced separator itself: "12,34" -> 2; the end of the
 * text when a digit is missing: "+" -> 1). Leading and trailing blanks (ASCII, U+3000,
 * U+00A0, line ends) are ignored. More than DEC_MAX_SCALE decimals or a coefficient beyond
 * 128 bits is NUM_OVERFLOW. */
num_status num_parse(const char *s, size_t len, bool allow_unit, num_value *out, size_t *err_pos);

/* Look for a number inside text (first digit run, with sign/separators/percent/unit as above),
 * e.g. "同比增长32.6%" -> 32.6 %, "7000 万美元以上" -> 7000 万美元. *start and *end (may be NULL)
 * receive the byte span of the number and unit. NUM_EMPTY when there is no digit at all.
 * A separator or point that does not fit ends the number ("分别为5，12家" -> 5); a sign right
 * before it counts unless it follows a letter or digit ("2020-2021年" -> 2020). The unit is
 * the longest KNOWN unit right after the number (spaces allowed), so "以上" is never part of
 * it; none when no known unit follows. NUM_OVERFLOW as in num_parse (the span is still set).
 * Whenever it returns NUM_OK, num_parse of the span (units allowed) gives the same value. */
num_status num_find(const char *s, size_t len, num_value *out, size_t *start, size_t *end);

/* Known unit lookup for a name ("万元" -> CNY pow10 4); dim UNIT_OTHER for unknown names. */
unit_t num_unit_lookup(const char *name, size_t len);

/* Convert `v` in unit `from` to unit `to` when both are CNY or both USD (exact: powers of ten).
 * Returns false when they cannot be converted (different dimensions or unknown names that
 * differ). Same names always convert (identity). */
bool num_convert(dec_t v, unit_t from, unit_t to, dec_t *out);

/* Normalise clerk input for display: full-width to ASCII, separators removed, e.g.
 * "１，２３４．５０" -> "1234.50". Writes at most cap bytes including NUL; returns the length
 * needed (like snprintf). */
size_t num_normalize_text(const char *s, size_t len, char *buf, size_t cap);

#endif
