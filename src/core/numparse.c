/* Numbers as clerks type them (see core/numparse.h).
 *
 * The input is read one character at a time through `peek`, which folds the full-width
 * forms (０-９ ． ， ＋ － ％, U+3000) and U+2212 '−' onto their ASCII meaning while keeping
 * byte offsets into the original text, so error positions and spans always point at what
 * the clerk typed. Digits are accumulated straight into a 128-bit coefficient: no copy of
 * the number is made, so there is no buffer to size.
 */
#include "core/numparse.h"

#include <string.h>

typedef unsigned __int128 u128;

/* --- characters --------------------------------------------------------------------- */

/* Length of a valid UTF-8 sequence at s[i], or 1 for an invalid byte (treated as an
 * opaque character of its own). */
static size_t utf8_len(const char *s, size_t len, size_t i)
{
    unsigned char c = (unsigned char)s[i];
    size_t n;
    unsigned min;
    if (c < 0x80)
        return 1;
    else if (c >= 0xC2 && c <= 0xDF)
        n = 2, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF)
        n = 3, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4)
        n = 4, min = 0x10000;
    else
        return 1;
    if (i + n > len)
        return 1;
    unsigned cp = c & (0x7F >> n);
    for (size_t k = 1; k < n; k++) {
        unsigned char cc = (unsigned char)s[i + k];
        if ((cc & 0xC0) != 0x80)
            return 1;
        cp = (cp << 6) | (cc & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 1;
    return n;
}

static bool utf8_valid_at(const char *s, size_t len, size_t i)
{
    return (unsigned char)s[i] < 0x80 || utf8_len(s, len, i) > 1;
}

/* The character at s[i] as its ASCII meaning for number syntax: '0'..'9', '.', ',', '+',
 * '-', '%' or ' ' (a space we skip: ASCII blanks, U+3000, U+00A0), else 0. *n receives its byte length. */
static char peek(const char *s, size_t len, size_t i, size_t *n)
{
    *n = 1;
    if (i >= len)
        return 0;
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
        if ((c >= '0' && c <= '9') || c == '.' || c == ',' || c == '+' || c == '-' || c == '%')
            return (char)c;
        /* Line ends count as spaces: pasted cells often carry them. */
        return (c == ' ' || c == '\t' || c == '\r' || c == '\n') ? ' ' : 0;
    }
    *n = utf8_len(s, len, i);
    const unsigned char *u = (const unsigned char *)s + i;
    if (*n == 3 && u[0] == 0xEF && u[1] == 0xBC) { /* U+FF00 .. U+FF3F */
        unsigned char t = u[2];
        if (t >= 0x90 && t <= 0x99)
            return (char)('0' + (t - 0x90));
        switch (t) {
        case 0x8E: return '.';
        case 0x8C: return ',';
        case 0x8B: return '+';
        case 0x8D: return '-';
        case 0x85: return '%';
        default: return 0;
        }
    }
    if (*n == 3 && u[0] == 0xE2 && u[1] == 0x88 && u[2] == 0x92) /* U+2212 minus */
        return '-';
    if (*n == 3 && u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80) /* U+3000 */
        return ' ';
    if (*n == 2 && u[0] == 0xC2 && u[1] == 0xA0) /* no-break space, pasted from office files */
        return ' ';
    return 0;
}

/* Start of the character that ends right before s[i], as a forward scan would see it. */
static bool prev_char(const char *s, size_t len, size_t i, size_t *out)
{
    if (i == 0)
        return false;
    size_t k = i - 1;
    while (k > 0 && i - k < 4 && ((unsigned char)s[k] & 0xC0) == 0x80)
        k--;
    *out = utf8_len(s, len, k) == i - k ? k : i - 1;
    return true;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static size_t skip_spaces(const char *s, size_t len, size_t i)
{
    size_t n;
    while (i < len && peek(s, len, i, &n) == ' ')
        i += n;
    return i;
}

static bool ascii_alnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* --- units -------------------------------------------------------------------------- */

typedef struct {
    const char *text;   /* as typed */
    const char *name;   /* reported name: spellings of one unit share it */
    unit_dim dim;
    int pow10;
} unit_entry;

/* Units seen in self-evaluation forms. Counts compare by name only, so spellings of the
 * same unit (％ and %, ㎡ and 平方米) are given one name. */
static const unit_entry UNITS[] = {
    { "元", "元", UNIT_CNY, 0 },
    { "千元", "千元", UNIT_CNY, 3 },
    { "万元", "万元", UNIT_CNY, 4 },
    { "百万元", "百万元", UNIT_CNY, 6 },
    { "千万元", "千万元", UNIT_CNY, 7 },
    { "亿元", "亿元", UNIT_CNY, 8 },
    { "万亿元", "万亿元", UNIT_CNY, 12 },
    { "美元", "美元", UNIT_USD, 0 },
    { "千美元", "千美元", UNIT_USD, 3 },
    { "万美元", "万美元", UNIT_USD, 4 },
    { "百万美元", "百万美元", UNIT_USD, 6 },
    { "千万美元", "千万美元", UNIT_USD, 7 },
    { "亿美元", "亿美元", UNIT_USD, 8 },
    { "%", "%", UNIT_PERCENT, 0 },
    { "％", "%", UNIT_PERCENT, 0 },
    { "百分点", "百分点", UNIT_OTHER, 0 },
    { "个百分点", "百分点", UNIT_OTHER, 0 },
    { "万", "万", UNIT_OTHER, 0 },
    { "亿", "亿", UNIT_OTHER, 0 },
    { "家", "家", UNIT_OTHER, 0 },
    { "个", "个", UNIT_OTHER, 0 },
    { "次", "次", UNIT_OTHER, 0 },
    { "人", "人", UNIT_OTHER, 0 },
    { "万人", "万人", UNIT_OTHER, 0 },
    { "人次", "人次", UNIT_OTHER, 0 },
    { "万人次", "万人次", UNIT_OTHER, 0 },
    { "场", "场", UNIT_OTHER, 0 },
    { "场次", "场次", UNIT_OTHER, 0 },
    { "列", "列", UNIT_OTHER, 0 },
    { "项", "项", UNIT_OTHER, 0 },
    { "户", "户", UNIT_OTHER, 0 },
    { "万户", "万户", UNIT_OTHER, 0 },
    { "件", "件", UNIT_OTHER, 0 },
    { "台", "台", UNIT_OTHER, 0 },
    { "台套", "台套", UNIT_OTHER, 0 },
    { "辆", "辆", UNIT_OTHER, 0 },
    { "天", "天", UNIT_OTHER, 0 },
    { "日", "日", UNIT_OTHER, 0 },
    { "工作日", "工作日", UNIT_OTHER, 0 },
    { "周", "周", UNIT_OTHER, 0 },
    { "月", "月", UNIT_OTHER, 0 },
    { "个月", "个月", UNIT_OTHER, 0 },
    { "年", "年", UNIT_OTHER, 0 },
    { "小时", "小时", UNIT_OTHER, 0 },
    { "分钟", "分钟", UNIT_OTHER, 0 },
    { "课时", "课时", UNIT_OTHER, 0 },
    { "学时", "学时", UNIT_OTHER, 0 },
    { "平方米", "平方米", UNIT_OTHER, 0 },
    { "m2", "平方米", UNIT_OTHER, 0 },
    { "m²", "平方米", UNIT_OTHER, 0 },
    { "㎡", "平方米", UNIT_OTHER, 0 },
    { "万平方米", "万平方米", UNIT_OTHER, 0 },
    { "立方米", "立方米", UNIT_OTHER, 0 },
    { "亩", "亩", UNIT_OTHER, 0 },
    { "万亩", "万亩", UNIT_OTHER, 0 },
    { "公顷", "公顷", UNIT_OTHER, 0 },
    { "公里", "公里", UNIT_OTHER, 0 },
    { "千米", "公里", UNIT_OTHER, 0 },
    { "km", "公里", UNIT_OTHER, 0 },
    { "米", "米", UNIT_OTHER, 0 },
    { "吨", "吨", UNIT_OTHER, 0 },
    { "万吨", "万吨", UNIT_OTHER, 0 },
    { "千克", "千克", UNIT_OTHER, 0 },
    { "kg", "千克", UNIT_OTHER, 0 },
    { "千瓦", "千瓦", UNIT_OTHER, 0 },
    { "千瓦时", "千瓦时", UNIT_OTHER, 0 },
    { "分", "分", UNIT_OTHER, 0 },
    { "名", "名", UNIT_OTHER, 0 },
    { "所", "所", UNIT_OTHER, 0 },
    { "套", "套", UNIT_OTHER, 0 },
    { "册", "册", UNIT_OTHER, 0 },
    { "万册", "万册", UNIT_OTHER, 0 },
    { "篇", "篇", UNIT_OTHER, 0 },
    { "期", "期", UNIT_OTHER, 0 },
    { "批", "批", UNIT_OTHER, 0 },
    { "座", "座", UNIT_OTHER, 0 },
    { "条", "条", UNIT_OTHER, 0 },
    { "处", "处", UNIT_OTHER, 0 },
    { "间", "间", UNIT_OTHER, 0 },
    { "张", "张", UNIT_OTHER, 0 },
    { "份", "份", UNIT_OTHER, 0 },
    { "本", "本", UNIT_OTHER, 0 },
    { "部", "部", UNIT_OTHER, 0 },
    { "门", "门", UNIT_OTHER, 0 },
    { "班", "班", UNIT_OTHER, 0 },
    { "床", "床", UNIT_OTHER, 0 },
    { "株", "株", UNIT_OTHER, 0 },
    { "棵", "棵", UNIT_OTHER, 0 },
    { "头", "头", UNIT_OTHER, 0 },
    { "只", "只", UNIT_OTHER, 0 },
    { "所次", "所次", UNIT_OTHER, 0 },
    { "倍", "倍", UNIT_OTHER, 0 },
    { "岁", "岁", UNIT_OTHER, 0 },
    { "个点", "个点", UNIT_OTHER, 0 },
};

#define N_UNITS (sizeof UNITS / sizeof UNITS[0])

static unit_t unit_of(const unit_entry *e)
{
    unit_t u = { e->dim, e->name, strlen(e->name), e->pow10 };
    return u;
}

static unit_t unit_none(void)
{
    unit_t u = { UNIT_NONE, NULL, 0, 0 };
    return u;
}

unit_t num_unit_lookup(const char *name, size_t len)
{
    if (!name || len == 0)
        return unit_none();
    for (size_t k = 0; k < N_UNITS; k++) {
        if (UNITS[k].text[0] != name[0])   /* most units differ at once: no strlen for them */
            continue;
        size_t tl = strlen(UNITS[k].text);
        if (tl == len && memcmp(UNITS[k].text, name, len) == 0)
            return unit_of(&UNITS[k]);
    }
    unit_t u = { UNIT_OTHER, name, len, 0 };
    return u;
}

/* Longest known unit that s[i..] starts with; NULL if none. A unit spelled in ASCII
 * letters must not run on into more letters ("5 miles" is not 5 m...). */
static const unit_entry *unit_prefix(const char *s, size_t len, size_t i)
{
    const unit_entry *best = NULL;
    size_t best_len = 0;
    if (i >= len)
        return NULL;
    for (size_t k = 0; k < N_UNITS; k++) {
        if (UNITS[k].text[0] != s[i])   /* most units differ at once: no strlen for them */
            continue;
        size_t tl = strlen(UNITS[k].text);
        if (tl <= best_len || tl > len - i || memcmp(UNITS[k].text, s + i, tl) != 0)
            continue;
        if (ascii_alnum((unsigned char)s[i + tl - 1]) && i + tl < len &&
            ascii_alnum((unsigned char)s[i + tl]))
            continue;
        best = &UNITS[k];
        best_len = tl;
    }
    return best;
}

/* --- the number itself -------------------------------------------------------------- */

typedef struct {
    size_t end;        /* byte after the last character of the number */
    u128 mag;
    int scale;
    int digits;
    bool neg;
    bool overflow;     /* too many digits for 128 bits or DEC_MAX_SCALE decimals */
    bool bad;          /* strict mode: syntax error at err */
    size_t err;
} scan_t;

static void take_digit(scan_t *sc, char d, bool frac)
{
    sc->digits++;
    if (frac && ++sc->scale > DEC_MAX_SCALE)
        sc->overflow = true;
    if (sc->overflow)
        return;
    if (__builtin_mul_overflow(sc->mag, (u128)10, &sc->mag) ||
        __builtin_add_overflow(sc->mag, (u128)(d - '0'), &sc->mag) ||
        sc->mag > ((~(u128)0) >> 1))
        sc->overflow = true;
}

/* A thousands separator at s[i] is in a valid place when exactly three digits follow it
 * (and no fourth). The group before it is checked by the caller. */
static bool sep_group_ok(const char *s, size_t len, size_t i)
{
    size_t n;
    peek(s, len, i, &n);
    i += n;
    for (int k = 0; k < 3; k++) {
        if (!is_digit(peek(s, len, i, &n)))
            return false;
        i += n;
    }
    return !is_digit(peek(s, len, i, &n));
}

/* Scan a number starting at s[i] (sign, digit or point). Strict mode (num_parse) marks a
 * misplaced separator as an error; lenient mode (num_find) ends the number before it, and
 * before a point that no digit follows. */
static scan_t scan_number(const char *s, size_t len, size_t i, bool strict)
{
    scan_t sc = { 0 };
    size_t n;
    char c = peek(s, len, i, &n);
    if (c == '+' || c == '-') {
        sc.neg = c == '-';
        i += n;
    }
    int group = 0;          /* digits in the current integer group */
    bool grouped = false;   /* a separator has been seen */
    for (;;) {
        c = peek(s, len, i, &n);
        if (is_digit(c)) {
            take_digit(&sc, c, false);
            group++;
            i += n;
        } else if (c == ',') {
            bool ok = group >= 1 && (grouped ? group == 3 : group <= 3) && sep_group_ok(s, len, i);
            if (!ok) {
                if (strict) {
                    sc.bad = true;
                    sc.err = i;
                    sc.end = i;
                    return sc;
                }
                break;
            }
            grouped = true;
            group = 0;
            i += n;
        } else {
            break;
        }
    }
    c = peek(s, len, i, &n);
    if (c == '.') {
        size_t m;
        bool digit_follows = is_digit(peek(s, len, i + n, &m));
        if (strict || digit_follows) {
            i += n;
            while (is_digit(c = peek(s, len, i, &n))) {
                take_digit(&sc, c, true);
                i += n;
            }
        }
    }
    sc.end = i;
    if (sc.digits == 0) {
        sc.bad = true;
        sc.err = i;
    }
    return sc;
}

static void set_value(const scan_t *sc, num_value *out)
{
    __int128 c = (__int128)sc->mag;
    out->value.coef = sc->neg ? -c : c;
    out->value.scale = sc->scale;
}

static void set_err(size_t *err_pos, size_t pos)
{
    if (err_pos)
        *err_pos = pos;
}

num_status num_parse(const char *s, size_t len, bool allow_unit, num_value *out, size_t *err_pos)
{
    num_value tmp;
    if (!out)
        out = &tmp;
    out->value = dec_zero();
    out->unit = unit_none();
    if (!s)
        len = 0;
    size_t i = skip_spaces(s, len, 0);
    if (i >= len) {
        set_err(err_pos, i);
        return NUM_EMPTY;
    }
    size_t start = i;
    scan_t sc = scan_number(s, len, i, true);
    if (sc.bad) {
        set_err(err_pos, sc.err);
        return NUM_SYNTAX;
    }
    if (sc.overflow) {
        set_err(err_pos, start);
        return NUM_OVERFLOW;
    }
    set_value(&sc, out);

    size_t n;
    i = skip_spaces(s, len, sc.end);
    if (i >= len)
        return NUM_OK;
    char c = peek(s, len, i, &n);
    if (c == '%') {
        size_t j = skip_spaces(s, len, i + n);
        if (j < len) {
            set_err(err_pos, j);
            return NUM_SYNTAX;
        }
        out->unit = num_unit_lookup("%", 1);
        return NUM_OK;
    }
    /* Text that carries on the number ("1.2.3", "5 6", "1-2") or starts with ASCII
     * punctuation is a typing mistake, not a unit. */
    unsigned char b = (unsigned char)s[i];
    if (c != 0 || (b < 0x80 && !ascii_alnum(b))) {
        set_err(err_pos, i);
        return NUM_SYNTAX;
    }
    if (!allow_unit) {
        set_err(err_pos, i);
        return NUM_UNKNOWN_UNIT;
    }
    /* The unit is the rest without trailing spaces; it must be printable UTF-8. */
    size_t uend = i, j = i;
    while (j < len) {
        unsigned char cb = (unsigned char)s[j];
        char cj = peek(s, len, j, &n);
        if (!utf8_valid_at(s, len, j) || (cj != ' ' && (cb < 0x20 || cb == 0x7F))) {
            set_err(err_pos, j);
            return NUM_SYNTAX;
        }
        j += n;
        if (cj != ' ')
            uend = j;
    }
    out->unit = num_unit_lookup(s + i, uend - i);
    return NUM_OK;
}

num_status num_find(const char *s, size_t len, num_value *out, size_t *start, size_t *end)
{
    num_value tmp;
    if (!out)
        out = &tmp;
    out->value = dec_zero();
    out->unit = unit_none();
    if (!s)
        len = 0;
    size_t n, i = 0, p;
    while (i < len && !is_digit(peek(s, len, i, &n)))
        i += n;
    if (i >= len) {
        if (start)
            *start = len;
        if (end)
            *end = len;
        return NUM_EMPTY;
    }
    /* Take in a point right before the first digit (".5") and a sign before that,
     * unless the sign joins two words or numbers ("A-5", "2020-2021"). */
    size_t from = i;
    if (prev_char(s, len, from, &p) && peek(s, len, p, &n) == '.')
        from = p;
    if (prev_char(s, len, from, &p)) {
        char c = peek(s, len, p, &n);
        size_t q;
        if ((c == '+' || c == '-') &&
            !(prev_char(s, len, p, &q) &&
              (ascii_alnum((unsigned char)s[q]) || is_digit(peek(s, len, q, &n)))))
            from = p;
    }
    scan_t sc = scan_number(s, len, from, false);
    size_t stop = sc.end;
    if (sc.overflow) {
        if (start)
            *start = from;
        if (end)
            *end = stop;
        return NUM_OVERFLOW;
    }
    set_value(&sc, out);
    size_t j = skip_spaces(s, len, stop);
    if (j < len) {
        if (peek(s, len, j, &n) == '%') {
            out->unit = num_unit_lookup("%", 1);
            stop = j + n;
        } else {
            const unit_entry *e = unit_prefix(s, len, j);
            if (e) {
                out->unit = unit_of(e);
                stop = j + strlen(e->text);
            }
        }
    }
    if (start)
        *start = from;
    if (end)
        *end = stop;
    return NUM_OK;
}

/* v × 10^k exactly; false when it cannot be represented. */
static bool shift10(dec_t v, int k, dec_t *out)
{
    if (k >= 0) {
        if (v.scale >= k) {
            v.scale -= k;
            *out = v;
            return true;
        }
        dec_t r;
        if (dec_rescale(v, k, &r) != DEC_OK) /* pad so that scale - k lands on 0 */
            return false;
        r.scale = 0;
        *out = r;
        return true;
    }
    v = dec_normalize(v);
    if (v.scale - k > DEC_MAX_SCALE)
        return false;
    v.scale -= k;
    *out = v;
    return true;
}

bool num_convert(dec_t v, unit_t from, unit_t to, dec_t *out)
{
    if (from.dim != to.dim)
        return false;
    if (from.dim == UNIT_CNY || from.dim == UNIT_USD)
        return shift10(v, from.pow10 - to.pow10, out);
    if (from.dim == UNIT_OTHER &&
        (from.name_len != to.name_len ||
         (from.name_len && memcmp(from.name, to.name, from.name_len) != 0)))
        return false;
    *out = v;
    return true;
}

size_t num_normalize_text(const char *s, size_t len, char *buf, size_t cap)
{
    size_t o = 0, n;
    bool last_digit = false;
    if (!s)
        len = 0;
    for (size_t i = 0; i < len; i += n) {
        char c = peek(s, len, i, &n);
        if (c == ',') {
            size_t m;
            if (last_digit && is_digit(peek(s, len, i + n, &m)))
                continue; /* a separator between digits: drop it */
        }
        /* Full-width forms become ASCII; ASCII blanks and everything else stay as typed. */
        bool fold = c && (unsigned char)s[i] >= 0x80;
        const char *src = fold ? &c : s + i;
        size_t sl = fold ? 1 : n;
        for (size_t k = 0; k < sl; k++, o++)
            if (cap && o < cap - 1)
                buf[o] = src[k];
        last_digit = is_digit(c);
    }
    if (cap)
        buf[o < cap ? o : cap - 1] = '\0';
    return o;
}
