/* Reading indicator targets and actuals (年度指标值 / 实际完成值) as clerks type them.
 *
 * The number itself (digits, separators, percent, unit) is numparse's job; this file only
 * looks at the words around it: a comparator (≥, 以上, 不超过 …), growth words (增长,
 * 同比 …) and decrease words (下降, 减少 …), and it recognises the markers of a row that
 * does not apply (不适用 …). See docs/scoring.md for the sources of each word list. */
#include "core/indicator.h"

#include <string.h>
#include <strings.h>

typedef struct {
    const char *word;
    ind_cmp cmp;
} cmp_word;

/* Longest first where one word contains another: "不低于" must win over "低于", "大于等于"
 * over "大于", "及以上" over "以上". The scan tries every entry at each position in this
 * order and takes the first that matches. */
static const cmp_word CMP_WORDS[] = {
    /* multi-character symbols first */
    {">=", CMP_GE}, {"＞＝", CMP_GE}, {"＞=", CMP_GE}, {"<=", CMP_LE}, {"＜＝", CMP_LE},
    {"＜=", CMP_LE},
    /* words containing other words */
    {"大于或等于", CMP_GE}, {"大于等于", CMP_GE}, {"小于或等于", CMP_LE}, {"小于等于", CMP_LE},
    {"及以上", CMP_GE}, {"及以下", CMP_LE},
    {"不低于", CMP_GE}, {"不少于", CMP_GE}, {"不小于", CMP_GE},
    {"不超过", CMP_LE}, {"不高于", CMP_LE}, {"不多于", CMP_LE}, {"不大于", CMP_LE},
    /* plain words */
    {"以上", CMP_GE}, {"至少", CMP_GE},
    {"高于", CMP_GT}, {"大于", CMP_GT}, {"超过", CMP_GT},
    {"以下", CMP_LE}, {"最多", CMP_LE}, {"以内", CMP_LE},
    {"低于", CMP_LT}, {"小于", CMP_LT},
    /* single symbols */
    {"≥", CMP_GE}, {"≧", CMP_GE}, {"⩾", CMP_GE},
    {"≤", CMP_LE}, {"≦", CMP_LE}, {"⩽", CMP_LE},
    {"＞", CMP_GT}, {">", CMP_GT},
    {"＜", CMP_LT}, {"<", CMP_LT},
    {"＝", CMP_EQ}, {"=", CMP_EQ},
};

static const char *const GROWTH_WORDS[] = {"同比增长", "增长", "同比", "提高", "提升", "增幅", "增速"};
static const char *const DECREASE_WORDS[] = {"下降", "减少", "降低", "降幅"};

/* Exact texts that mark a row as not applicable. "不适应" is a typo found in filed forms
 * (seed 001). */
static const char *const NA_EXACT[] = {"无", "—", "——", "-", "--", "－", "/", "／",
                                       "N/A", "n/a", "NA"};
static const char *const NA_PREFIX[] = {"不适用", "不适应"};

static bool has_prefix(const char *s, size_t len, const char *w)
{
    size_t n = strlen(w);
    return n <= len && memcmp(s, w, n) == 0;
}

static bool equals(const char *s, size_t len, const char *w)
{
    return strlen(w) == len && memcmp(s, w, len) == 0;
}

/* Bytes of the space character at s (ASCII space/tab/newline, U+3000 ideographic space,
 * U+00A0 no-break space), or 0. */
static size_t space_at(const char *s, size_t len)
{
    unsigned char c = (unsigned char)s[0];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f')
        return 1;
    if (len >= 3 && has_prefix(s, len, "\xE3\x80\x80"))
        return 3;
    if (len >= 2 && has_prefix(s, len, "\xC2\xA0"))
        return 2;
    return 0;
}

static size_t space_before(const char *s, size_t len)
{
    if (len >= 1 && space_at(s + len - 1, 1) == 1)
        return 1;
    if (len >= 3 && space_at(s + len - 3, 3) == 3)
        return 3;
    if (len >= 2 && space_at(s + len - 2, 2) == 2)
        return 2;
    return 0;
}

static void trim(const char **s, size_t *len)
{
    size_t n;
    while (*len > 0 && (n = space_at(*s, *len)) > 0) {
        *s += n;
        *len -= n;
    }
    while (*len > 0 && (n = space_before(*s, *len)) > 0)
        *len -= n;
}

static bool has_digit(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= '0' && c <= '9')
            return true;
        /* full-width ０-９: EF BC 90 .. EF BC 99 */
        if (c == 0xEF && i + 2 < len && (unsigned char)s[i + 1] == 0xBC &&
            (unsigned char)s[i + 2] >= 0x90 && (unsigned char)s[i + 2] <= 0x99)
            return true;
    }
    return false;
}

static bool is_na(const char *s, size_t len)
{
    for (size_t i = 0; i < sizeof NA_EXACT / sizeof NA_EXACT[0]; i++)
        if (equals(s, len, NA_EXACT[i]))
            return true;
    for (size_t i = 0; i < sizeof NA_PREFIX / sizeof NA_PREFIX[0]; i++)
        if (has_prefix(s, len, NA_PREFIX[i]))
            return true;
    return false;
}

/* Length of the comparator word at s, with its kind in *cmp; 0 if none starts here. */
static size_t cmp_at(const char *s, size_t len, ind_cmp *cmp)
{
    for (size_t i = 0; i < sizeof CMP_WORDS / sizeof CMP_WORDS[0]; i++) {
        if (has_prefix(s, len, CMP_WORDS[i].word)) {
            *cmp = CMP_WORDS[i].cmp;
            return strlen(CMP_WORDS[i].word);
        }
    }
    return 0;
}

static size_t word_at(const char *s, size_t len, const char *const *words, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (has_prefix(s, len, words[i]))
            return strlen(words[i]);
    return 0;
}

/* Length of one UTF-8 character at s (1 for stray bytes, so the scan always advances). */
static size_t char_len(const char *s, size_t len)
{
    unsigned char c = (unsigned char)s[0];
    size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    return n <= len ? n : 1;
}

/* A decrease word negates the number only when it speaks of that number: nothing but spaces,
 * "了" or comparators between the word and the number ("下降3%", "减少了 5%", "降低≥2%").
 * "成本降低率≥5%" names a rate whose value is positive, so it is left alone. */
static bool leads_to(const char *s, size_t from, size_t to)
{
    size_t i = from;
    while (i < to) {
        size_t n = space_at(s + i, to - i);
        ind_cmp dummy;
        if (n == 0 && has_prefix(s + i, to - i, "了"))
            n = strlen("了");
        if (n == 0)
            n = cmp_at(s + i, to - i, &dummy);
        if (n == 0)
            return false;
        i += n;
    }
    return true;
}

static ind_cmp flip(ind_cmp c)
{
    switch (c) {
    case CMP_GE: return CMP_LE;
    case CMP_GT: return CMP_LT;
    case CMP_LE: return CMP_GE;
    case CMP_LT: return CMP_GT;
    default: return c;
    }
}

/* Scans [from, to) for words; the number occupies [num_start, num_end) and is skipped. */
static void scan_words(const char *s, size_t from, size_t to, size_t num_start, ind_value *out,
                       bool *negate)
{
    size_t i = from;
    while (i < to) {
        ind_cmp c;
        size_t n = cmp_at(s + i, to - i, &c);
        if (n > 0) {
            if (out->cmp == CMP_NONE)
                out->cmp = c;   /* the first comparator is the one the clerk meant */
            i += n;
            continue;
        }
        n = word_at(s + i, to - i, GROWTH_WORDS, sizeof GROWTH_WORDS / sizeof GROWTH_WORDS[0]);
        if (n > 0) {
            out->growth = true;
            i += n;
            continue;
        }
        n = word_at(s + i, to - i, DECREASE_WORDS,
                    sizeof DECREASE_WORDS / sizeof DECREASE_WORDS[0]);
        if (n > 0) {
            out->growth = true;
            if (i + n <= num_start && leads_to(s, i + n, num_start))
                *negate = true;
            i += n;
            continue;
        }
        i += char_len(s + i, to - i);
    }
}

int ind_int_digits(dec_t v)
{
    char buf[DEC_STR_MAX];
    const char *p = dec_format(dec_normalize(v), buf);
    if (*p == '-')
        p++;
    if (p[0] == '0')            /* 0, 0.5: no digit before the point that counts */
        return 0;
    int n = 0;
    while (p[n] >= '0' && p[n] <= '9')
        n++;
    return n;
}

/* The byte after a number: a letter e/E with a digit or a sign after it (an exponent), or a
 * second point with a digit after it (1.000.000) means the clerk did not write a plain
 * number; so does a number longer than any budget. */
static bool unclear_after(const char *s, size_t len, size_t at)
{
    if (at >= len)
        return false;
    const char *p = s + at;
    size_t rest = len - at;
    size_t k = 0;
    if (p[0] == 'e' || p[0] == 'E')
        k = 1;
    else if (p[0] == '.')
        k = 1;
    else if (has_prefix(p, rest, "\xEF\xBC\x8E"))   /* full-width point */
        k = 3;
    if (k == 0 || k >= rest)
        return false;
    if ((p[0] == 'e' || p[0] == 'E') && (p[k] == '+' || p[k] == '-') && k + 1 < rest)
        k++;
    return (p[k] >= '0' && p[k] <= '9') || has_prefix(p + k, rest - k, "\xEF\xBC");
}

/* 2024.12 read from "2024.12.31": a year before the point. */
static bool looks_like_year(dec_t v)
{
    char buf[DEC_STR_MAX];
    const char *p = dec_format(v, buf);
    return strlen(p) > 5 && p[4] == '.' && (strncmp(p, "19", 2) == 0 || strncmp(p, "20", 2) == 0) &&
           strspn(p, "0123456789") == 4;
}

/* Separators between the ends of a range. Dashes count only after a number with a unit
 * ("5%-10%"): "2020-2021年" is two years, not a range. */
static const char *const RANGE_SEPS[] = {"~", "\xEF\xBD\x9E" /* ～ */, "\xE3\x80\x9C" /* 〜 */,
                                         "至", "到"};
static const char *const RANGE_DASHES[] = {"-", "－", "—", "–"};

static size_t skip_spaces(const char *s, size_t len, size_t i)
{
    size_t n;
    while (i < len && (n = space_at(s + i, len - i)) > 0)
        i += n;
    return i;
}

/* A range's upper end right after the lower one; *end moves past it. */
static void read_range(const char *s, size_t len, size_t *end, ind_value *out)
{
    size_t i = skip_spaces(s, len, *end), n = 0;
    n = word_at(s + i, len - i, RANGE_SEPS, sizeof RANGE_SEPS / sizeof RANGE_SEPS[0]);
    if (n == 0 && out->num.unit.dim != UNIT_NONE)
        n = word_at(s + i, len - i, RANGE_DASHES, sizeof RANGE_DASHES / sizeof RANGE_DASHES[0]);
    if (n == 0)
        return;
    i = skip_spaces(s, len, i + n);
    num_value hi;
    size_t a = 0, b = 0;
    if (i >= len || num_find(s + i, len - i, &hi, &a, &b) != NUM_OK || a != 0)
        return;
    num_value lo = out->num;
    if (lo.unit.dim == UNIT_NONE)
        lo.unit = hi.unit;
    else if (hi.unit.dim == UNIT_NONE)
        hi.unit = lo.unit;
    dec_t conv;
    if (!num_convert(hi.value, hi.unit, lo.unit, &conv))
        return;
    hi.value = conv;
    hi.unit = lo.unit;
    if (dec_cmp(lo.value, hi.value) > 0)
        return;
    out->range = true;
    out->num = lo;
    out->hi = hi;
    if (unclear_after(s, len, i + b) || ind_int_digits(hi.value) > IND_MAX_INT_DIGITS)
        out->unclear = true;
    *end = i + b;
}

void ind_parse(const char *s, size_t len, ind_value *out)
{
    memset(out, 0, sizeof *out);
    out->kind = IND_EMPTY;
    if (!s) {
        out->text = "";
        return;
    }
    trim(&s, &len);
    out->text = s;
    out->text_len = len;
    if (len == 0)
        return;
    if (is_na(s, len)) {
        out->kind = IND_NA;
        return;
    }
    if (!has_digit(s, len)) {
        out->kind = IND_TEXT;
        return;
    }
    num_value num;
    size_t start = 0, end = 0;
    if (num_find(s, len, &num, &start, &end) != NUM_OK || start > end || end > len) {
        out->kind = IND_TEXT;
        return;
    }
    out->kind = IND_NUMBER;
    out->num = num;
    /* the digits and point of the number itself, before any unit */
    size_t digits_end = start;
    while (digits_end < end) {
        unsigned char c = (unsigned char)s[digits_end];
        if ((c >= '0' && c <= '9') || c == '.' || c == ',' || c == '+' || c == '-') {
            digits_end++;
            continue;
        }
        /* full-width digits and ． ， ＋ －: EF BC 90..99, 8E, 8C, 8B, 8D */
        unsigned char t = end - digits_end >= 3 ? (unsigned char)s[digits_end + 2] : 0;
        if (c == 0xEF && t && (unsigned char)s[digits_end + 1] == 0xBC &&
            ((t >= 0x90 && t <= 0x99) || (t >= 0x8B && t <= 0x8E))) {
            digits_end += 3;
            continue;
        }
        break;
    }
    if (unclear_after(s, len, digits_end) || unclear_after(s, len, end) ||
        ind_int_digits(num.value) > IND_MAX_INT_DIGITS)
        out->unclear = true;
    if (out->unclear && digits_end < len && s[digits_end] == '.' && looks_like_year(num.value)) {
        /* "2024.12.31前完成" is a date, not a number with two points: a text target */
        out->kind = IND_TEXT;
        out->unclear = false;
        return;
    }
    read_range(s, len, &end, out);
    bool negate = false;
    scan_words(s, 0, start, start, out, &negate);
    scan_words(s, end, len, start, out, &negate);
    /* "下降3%以上" means a fall of at least 3%: the change is at most -3%. The comparator
     * words speak of the size of the fall, so they turn around with the sign. */
    if (negate && dec_sign(out->num.value) > 0) {
        out->num.value = dec_neg(out->num.value);
        out->cmp = flip(out->cmp);
    }
}

ind_dir ind_dir_parse(const char *s)
{
    if (!s)
        return DIR_UNSET;
    size_t len = strlen(s);
    trim(&s, &len);
    static const struct {
        const char *word;
        ind_dir dir;
    } words[] = {
        {"正向", DIR_POSITIVE}, {"positive", DIR_POSITIVE},
        {"反向", DIR_REVERSE},  {"reverse", DIR_REVERSE}, {"negative", DIR_REVERSE},
        {"定性", DIR_QUALITATIVE}, {"qualitative", DIR_QUALITATIVE},
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        size_t n = strlen(words[i].word);
        if (len < n)
            continue;
        if (strncasecmp(s, words[i].word, n) != 0)
            continue;
        /* "正向" and "正向指标" both mean positive; "positively" is not a word we offer. */
        const char *rest = s + n;
        size_t rest_len = len - n;
        if (rest_len == 0 || equals(rest, rest_len, "指标"))
            return words[i].dir;
    }
    return DIR_UNSET;
}

const char *ind_dir_name(ind_dir d)
{
    switch (d) {
    case DIR_POSITIVE: return "正向";
    case DIR_REVERSE: return "反向";
    case DIR_QUALITATIVE: return "定性";
    case DIR_UNSET: break;
    }
    return "";
}
