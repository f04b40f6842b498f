/* Exact decimal arithmetic on coef × 10^-scale with a signed 128-bit coefficient.
 *
 * Every operation works on magnitudes as unsigned 128-bit numbers and applies the sign at
 * the end: that keeps rounding "half away from zero" symmetric and lets every overflow be
 * caught with __builtin_*_overflow instead of becoming undefined behaviour. A result whose
 * magnitude exceeds INT128_MAX is DEC_OVERFLOW, so -coef is always representable.
 */
#include "core/dec.h"

#include <string.h>

typedef unsigned __int128 u128;

#define U128_MAX (~(u128)0)
#define I128_MAX ((__int128)(U128_MAX >> 1))
#define POW10_MAX 38 /* 10^38 < 2^127 */

/* 10^n for 0 <= n <= 38. */
static u128 pow10_u(int n)
{
    u128 p = 1;
    for (int i = 0; i < n; i++)
        p *= 10;
    return p;
}

static u128 mag(__int128 c)
{
    /* Through unsigned arithmetic so that INT128_MIN (never produced here, but a caller
     * may build one by hand) does not trip undefined behaviour. */
    return c < 0 ? (u128)0 - (u128)c : (u128)c;
}

/* Signed value from a magnitude; false when the magnitude does not fit. */
static bool from_mag(u128 m, bool neg, __int128 *out)
{
    if (m > (u128)I128_MAX)
        return false;
    *out = neg ? -(__int128)m : (__int128)m;
    return true;
}

/* m × 10^n without overflow; false on overflow. */
static bool mul_pow10(u128 m, int n, u128 *out)
{
    if (m == 0) {
        *out = 0;
        return true;
    }
    if (n > POW10_MAX)
        return false;
    return !__builtin_mul_overflow(m, pow10_u(n), out);
}

/* round(n / d) half up, d > 0. The comparison r >= d - r is 2r >= d without overflow. */
static u128 div_round_u(u128 n, u128 d)
{
    u128 q = n / d, r = n % d;
    if (r >= d - r)
        q++;
    return q;
}

static int clamp_scale(int scale)
{
    if (scale < 0)
        return 0;
    if (scale > DEC_MAX_SCALE)
        return DEC_MAX_SCALE;
    return scale;
}

/* A dec_t built by hand may carry a scale outside 0..DEC_MAX_SCALE; bring it back in
 * range so formatting never writes past DEC_STR_MAX. Negative scales saturate. */
static dec_t sane(dec_t a)
{
    if (a.scale > DEC_MAX_SCALE)
        return dec_round(a, DEC_MAX_SCALE);
    if (a.scale < 0) {
        u128 m;
        __int128 c;
        if (!mul_pow10(mag(a.coef), -a.scale, &m) || !from_mag(m, a.coef < 0, &c))
            c = a.coef < 0 ? -I128_MAX : I128_MAX;
        return (dec_t){ c, 0 };
    }
    return a;
}

dec_t dec_from_int(int64_t v) { return (dec_t){ v, 0 }; }
dec_t dec_zero(void) { return (dec_t){ 0, 0 }; }
bool dec_is_zero(dec_t a) { return a.coef == 0; }
int dec_sign(dec_t a) { return a.coef < 0 ? -1 : a.coef > 0 ? 1 : 0; }

dec_t dec_neg(dec_t a)
{
    a.coef = (__int128)((u128)0 - (u128)a.coef);
    return a;
}

dec_t dec_abs(dec_t a) { return a.coef < 0 ? dec_neg(a) : a; }

dec_status dec_parse(const char *s, size_t len, dec_t *out)
{
    size_t i = 0;
    bool neg = false, point = false;
    int digits = 0, scale = 0;
    u128 m = 0;

    if (!s)
        return DEC_SYNTAX;
    if (i < len && (s[i] == '+' || s[i] == '-'))
        neg = s[i++] == '-';
    for (; i < len; i++) {
        char c = s[i];
        if (c == '.') {
            if (point)
                return DEC_SYNTAX;
            point = true;
            continue;
        }
        if (c < '0' || c > '9')
            return DEC_SYNTAX;
        digits++;
        if (point && ++scale > DEC_MAX_SCALE)
            return DEC_OVERFLOW;
        if (__builtin_mul_overflow(m, (u128)10, &m) ||
            __builtin_add_overflow(m, (u128)(c - '0'), &m))
            return DEC_OVERFLOW;
    }
    if (digits == 0)
        return DEC_SYNTAX;
    __int128 c;
    if (!from_mag(m, neg, &c))
        return DEC_OVERFLOW;
    out->coef = c;
    out->scale = scale;
    return DEC_OK;
}

/* Digits of m, most significant first, into d (>= 40 bytes); returns the count. */
static int u128_digits(u128 m, char *d)
{
    char tmp[40];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + (int)(m % 10));
        m /= 10;
    } while (m);
    for (int i = 0; i < n; i++)
        d[i] = tmp[n - 1 - i];
    return n;
}

char *dec_format(dec_t a, char *buf)
{
    char d[40];
    a = sane(a);
    int n = u128_digits(mag(a.coef), d);
    char *p = buf;
    if (a.coef < 0)
        *p++ = '-';
    if (n <= a.scale) {
        *p++ = '0';
        *p++ = '.';
        for (int i = n; i < a.scale; i++)
            *p++ = '0';
        memcpy(p, d, (size_t)n);
        p += n;
    } else {
        int ip = n - a.scale;
        memcpy(p, d, (size_t)ip);
        p += ip;
        if (a.scale > 0) {
            *p++ = '.';
            memcpy(p, d + ip, (size_t)a.scale);
            p += a.scale;
        }
    }
    *p = '\0';
    return buf;
}

char *dec_format_fixed(dec_t a, int scale, char *buf)
{
    scale = clamp_scale(scale);
    a = dec_round(sane(a), scale);
    dec_format(a, buf);
    /* Pad with zeros as text (padding the coefficient could overflow). Trailing zeros do
     * not change the value, so on a pathological 39-digit coefficient we stop padding
     * rather than write past DEC_STR_MAX. */
    size_t len = strlen(buf);
    int pad = scale - a.scale;
    if (pad <= 0)
        return buf;
    if (a.scale == 0) {
        if (len + 2 > DEC_STR_MAX - 1)
            return buf;
        buf[len++] = '.';
    }
    while (pad-- > 0 && len < DEC_STR_MAX - 1)
        buf[len++] = '0';
    buf[len] = '\0';
    return buf;
}

/* Magnitude of a at scale s >= a.scale; false when it does not fit in 128 bits. */
static bool mag_at(dec_t a, int s, u128 *out)
{
    return mul_pow10(mag(a.coef), s - a.scale, out);
}

static dec_status add_signed(dec_t a, dec_t b, bool negate_b, dec_t *out)
{
    a = sane(a);
    b = sane(b);
    int s = a.scale > b.scale ? a.scale : b.scale;
    u128 ma, mb;
    if (!mag_at(a, s, &ma) || !mag_at(b, s, &mb))
        return DEC_OVERFLOW;
    bool na = a.coef < 0, nb = (b.coef < 0) != negate_b;
    if (b.coef == 0)
        nb = false;
    u128 m;
    bool neg;
    if (na == nb) {
        if (__builtin_add_overflow(ma, mb, &m))
            return DEC_OVERFLOW;
        neg = na;
    } else if (ma >= mb) {
        m = ma - mb;
        neg = na;
    } else {
        m = mb - ma;
        neg = nb;
    }
    __int128 c;
    if (!from_mag(m, neg, &c))
        return DEC_OVERFLOW;
    out->coef = c;
    out->scale = s;
    return DEC_OK;
}

dec_status dec_add(dec_t a, dec_t b, dec_t *out) { return add_signed(a, b, false, out); }
dec_status dec_sub(dec_t a, dec_t b, dec_t *out) { return add_signed(a, b, true, out); }

/* --- 256-bit helpers for dec_mul: the exact product of two 127-bit magnitudes. ------- */

typedef struct {
    uint64_t w[4]; /* little-endian 64-bit limbs */
} u256;

static u256 mul_128x128(u128 a, u128 b)
{
    uint64_t a0 = (uint64_t)a, a1 = (uint64_t)(a >> 64);
    uint64_t b0 = (uint64_t)b, b1 = (uint64_t)(b >> 64);
    u128 p00 = (u128)a0 * b0, p01 = (u128)a0 * b1;
    u128 p10 = (u128)a1 * b0, p11 = (u128)a1 * b1;
    u256 r;
    r.w[0] = (uint64_t)p00;
    u128 mid = (p00 >> 64) + (uint64_t)p01 + (uint64_t)p10; /* < 3 * 2^64: no overflow */
    r.w[1] = (uint64_t)mid;
    u128 hi = (mid >> 64) + (p01 >> 64) + (p10 >> 64) + (uint64_t)p11;
    r.w[2] = (uint64_t)hi;
    r.w[3] = (uint64_t)((hi >> 64) + (p11 >> 64));
    return r;
}

/* x / d in place (d < 2^64), returns the remainder. */
static uint64_t div256_small(u256 *x, uint64_t d)
{
    u128 rem = 0;
    for (int i = 3; i >= 0; i--) {
        u128 cur = (rem << 64) | x->w[i];
        x->w[i] = (uint64_t)(cur / d);
        rem = cur % d;
    }
    return (uint64_t)rem;
}

/* x / 10^n truncated, in steps of at most 19 digits (10^19 < 2^64). */
static void div256_pow10(u256 *x, int n)
{
    while (n > 0) {
        int k = n > 19 ? 19 : n;
        div256_small(x, (uint64_t)pow10_u(k));
        n -= k;
    }
}

/* x rounded half up after dropping k >= 0 decimal digits; false when it does not fit in
 * 127 bits. Half up needs only the first dropped digit: x mod 10^k >= 5·10^(k-1) exactly
 * when digit k-1 of x is >= 5. */
static bool round256(u256 x, int k, u128 *out)
{
    if (k > 0) {
        div256_pow10(&x, k - 1);
        uint64_t digit = div256_small(&x, 10);
        if (digit >= 5) {
            for (int i = 0; i < 4; i++)
                if (++x.w[i] != 0)
                    break;
        }
    }
    if (x.w[2] || x.w[3])
        return false;
    u128 m = ((u128)x.w[1] << 64) | x.w[0];
    if (m > (u128)I128_MAX)
        return false;
    *out = m;
    return true;
}

dec_status dec_mul(dec_t a, dec_t b, dec_t *out)
{
    a = sane(a);
    b = sane(b);
    bool neg = (a.coef < 0) != (b.coef < 0);
    int s = a.scale + b.scale;
    u256 p = mul_128x128(mag(a.coef), mag(b.coef));
    /* Keep as many digits after the point as fit: first the exact product (unless its
     * scale is above DEC_MAX_SCALE), then one digit less at a time, each time rounding the
     * exact product half up. Rounding the exact product once is never worse than
     * rounding the operands first. */
    int k0 = s > DEC_MAX_SCALE ? s - DEC_MAX_SCALE : 0;
    for (int k = k0; k <= s; k++) {
        u128 m;
        if (round256(p, k, &m)) {
            /* m <= INT128_MAX was checked by round256. */
            out->coef = neg ? -(__int128)m : (__int128)m;
            out->scale = s - k;
            return DEC_OK;
        }
    }
    return DEC_OVERFLOW;
}

dec_status dec_div(dec_t a, dec_t b, int scale, dec_t *out)
{
    a = sane(a);
    b = sane(b);
    scale = clamp_scale(scale);
    if (b.coef == 0)
        return DEC_DIV_ZERO;
    bool neg = (a.coef < 0) != (b.coef < 0);
    u128 na = mag(a.coef), db = mag(b.coef);
    /* a/b = (na / db) × 10^(b.scale - a.scale); the result coefficient is
     * round(na × 10^e / db) with e = scale + b.scale - a.scale. */
    int e = scale + b.scale - a.scale;
    u128 q;
    if (e >= 0) {
        /* Long division, one digit at a time. The remainder stays below db < 2^127, and
         * 10·r mod db is built by ten additions of r, each followed by at most one
         * subtraction of db, so nothing ever exceeds 2^128. */
        q = na / db;
        u128 r = na % db;
        for (int i = 0; i < e; i++) {
            u128 acc = 0;
            unsigned digit = 0;
            for (int j = 0; j < 10; j++) {
                acc += r;
                if (acc >= db) {
                    acc -= db;
                    digit++;
                }
            }
            if (__builtin_mul_overflow(q, (u128)10, &q) ||
                __builtin_add_overflow(q, (u128)digit, &q))
                return DEC_OVERFLOW;
            r = acc;
        }
        if (r >= db - r && __builtin_add_overflow(q, (u128)1, &q))
            return DEC_OVERFLOW;
    } else {
        u128 d;
        if (!mul_pow10(db, -e, &d)) {
            /* d >= 2^128 > 2·na: the quotient rounds to zero. */
            q = 0;
        } else {
            q = div_round_u(na, d);
        }
    }
    __int128 c;
    if (!from_mag(q, neg, &c))
        return DEC_OVERFLOW;
    out->coef = c;
    out->scale = scale;
    return DEC_OK;
}

dec_t dec_round(dec_t a, int scale)
{
    scale = clamp_scale(scale);
    if (a.scale <= scale)
        return a;
    int drop = a.scale - scale;
    u128 m = mag(a.coef), q;
    if (drop > POW10_MAX)
        q = 0; /* 10^39 / 2 exceeds any 128-bit magnitude */
    else
        q = div_round_u(m, pow10_u(drop));
    /* q <= 2^128 / 10 + 1: always fits in the signed type. */
    dec_t r = { a.coef < 0 ? -(__int128)q : (__int128)q, scale };
    return r;
}

dec_status dec_rescale(dec_t a, int scale, dec_t *out)
{
    scale = clamp_scale(scale);
    a = sane(a);
    if (a.scale >= scale) {
        *out = dec_round(a, scale);
        return DEC_OK;
    }
    u128 m;
    __int128 c;
    if (!mag_at(a, scale, &m) || !from_mag(m, a.coef < 0, &c))
        return DEC_OVERFLOW;
    out->coef = c;
    out->scale = scale;
    return DEC_OK;
}

dec_t dec_normalize(dec_t a)
{
    a = sane(a);
    while (a.scale > 0 && a.coef % 10 == 0) {
        a.coef /= 10;
        a.scale--;
    }
    if (a.coef == 0)
        a.scale = 0;
    return a;
}

int dec_cmp(dec_t a, dec_t b)
{
    a = sane(a);
    b = sane(b);
    int sa = dec_sign(a), sb = dec_sign(b);
    if (sa != sb)
        return sa < sb ? -1 : 1;
    if (sa == 0)
        return 0;
    /* Same sign: compare magnitudes at a common scale. Scaling up the one with fewer
     * decimals can only overflow if it is the larger magnitude. */
    u128 ma = mag(a.coef), mb = mag(b.coef);
    int c;
    if (a.scale < b.scale) {
        if (!mul_pow10(ma, b.scale - a.scale, &ma))
            c = 1;
        else
            c = ma < mb ? -1 : ma > mb;
    } else {
        if (!mul_pow10(mb, a.scale - b.scale, &mb))
            c = -1;
        else
            c = ma < mb ? -1 : ma > mb;
    }
    return sa < 0 ? -c : c;
}

dec_t dec_min(dec_t a, dec_t b) { return dec_cmp(b, a) < 0 ? b : a; }
dec_t dec_max(dec_t a, dec_t b) { return dec_cmp(b, a) > 0 ? b : a; }
