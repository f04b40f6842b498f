/* libFuzzer target for core/numparse (and the dec operations behind it).
 *
 * Invariants checked on every input:
 *  - num_parse never reads or reports outside the input; a parsed value formats to text
 *    that dec_parse and num_parse read back to the same coefficient and scale;
 *  - anything accepted without units is accepted with units, with the same value;
 *  - num_find's span lies inside the input, and num_parse of the span (units allowed)
 *    gives the same value and unit; NUM_EMPTY only when there is no digit at all;
 *  - num_normalize_text agrees with itself for every buffer size;
 *  - when the input holds two numbers separated by '|', the arithmetic on them is
 *    consistent (a + b - b == a, (a × b) / b ≈ a when exact, cmp antisymmetric).
 */
#include "core/dec.h"
#include "core/numparse.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(cond)                                                                        \
    do {                                                                                   \
        if (!(cond))                                                                       \
            abort();                                                                       \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool same(dec_t a, dec_t b) { return a.coef == b.coef && a.scale == b.scale; }

static bool unit_equal(unit_t a, unit_t b)
{
    return a.dim == b.dim && a.pow10 == b.pow10 && a.name_len == b.name_len &&
           (a.name_len == 0 || memcmp(a.name, b.name, a.name_len) == 0);
}

static void check_value_round_trip(dec_t v)
{
    char buf[DEC_STR_MAX];
    dec_format(v, buf);
    size_t n = strlen(buf);
    CHECK(n < DEC_STR_MAX);
    dec_t back;
    CHECK(dec_parse(buf, n, &back) == DEC_OK);
    CHECK(same(v, back));
    num_value nv;
    CHECK(num_parse(buf, n, false, &nv, NULL) == NUM_OK);
    CHECK(same(v, nv.value));
    CHECK(nv.unit.dim == UNIT_NONE);
}

static void check_unit(unit_t u, const char *s, size_t len)
{
    if (u.dim == UNIT_NONE) {
        CHECK(u.name == NULL && u.name_len == 0);
        return;
    }
    CHECK(u.name != NULL && u.name_len > 0);
    bool inside = u.name >= s && u.name + u.name_len <= s + len;
    if (!inside) /* a known unit: the static table knows it by that name */
        CHECK(num_unit_lookup(u.name, u.name_len).dim == u.dim);
    if (u.dim != UNIT_CNY && u.dim != UNIT_USD)
        CHECK(u.pow10 == 0);
}

static void fuzz_parse(const char *s, size_t len)
{
    num_value with, without;
    size_t e1 = SIZE_MAX, e2 = SIZE_MAX;
    num_status st_with = num_parse(s, len, true, &with, &e1);
    num_status st_without = num_parse(s, len, false, &without, &e2);
    if (st_with != NUM_OK)
        CHECK(e1 <= len);
    if (st_without != NUM_OK)
        CHECK(e2 <= len);
    if (st_without == NUM_OK) {
        CHECK(st_with == NUM_OK);
        CHECK(same(with.value, without.value));
        CHECK(unit_equal(with.unit, without.unit));
        CHECK(without.unit.dim == UNIT_NONE || without.unit.dim == UNIT_PERCENT);
    }
    if (st_with == NUM_OK) {
        check_value_round_trip(with.value);
        check_unit(with.unit, s, len);
        /* A money unit converts to its base and back exactly when both steps fit. */
        if (with.unit.dim == UNIT_CNY) {
            unit_t yuan = num_unit_lookup("元", strlen("元"));
            dec_t base, back;
            if (num_convert(with.value, with.unit, yuan, &base) &&
                num_convert(base, yuan, with.unit, &back))
                CHECK(dec_cmp(back, with.value) == 0);
        }
    }
}

static void fuzz_find(const char *s, size_t len)
{
    num_value v;
    size_t a = SIZE_MAX, z = SIZE_MAX;
    num_status st = num_find(s, len, &v, &a, &z);
    CHECK(a <= z && z <= len);
    if (st == NUM_EMPTY) {
        for (size_t i = 0; i < len; i++)
            CHECK(s[i] < '0' || s[i] > '9');
        return;
    }
    CHECK(st == NUM_OK || st == NUM_OVERFLOW);
    CHECK(z > a);
    num_value again;
    size_t err;
    num_status st2 = num_parse(s + a, z - a, true, &again, &err);
    if (st == NUM_OVERFLOW) {
        CHECK(st2 == NUM_OVERFLOW);
        return;
    }
    CHECK(st2 == NUM_OK);
    CHECK(same(v.value, again.value));
    check_unit(v.unit, s, len);
    /* num_find names known units only; num_parse of the span finds the same one. */
    CHECK(v.unit.dim == UNIT_NONE || num_unit_lookup(v.unit.name, v.unit.name_len).dim == v.unit.dim);
    CHECK(unit_equal(v.unit, again.unit));
}

static void fuzz_normalize(const char *s, size_t len)
{
    size_t need = num_normalize_text(s, len, NULL, 0);
    char *full = malloc(need + 1);
    if (!full)
        return;
    CHECK(num_normalize_text(s, len, full, need + 1) == need);
    CHECK(full[need] == '\0');
    char small[8];
    for (size_t cap = 1; cap <= sizeof small; cap++) {
        CHECK(num_normalize_text(s, len, small, cap) == need);
        size_t got = need < cap - 1 ? need : cap - 1; /* the input may hold NUL bytes */
        CHECK(small[got] == '\0');
        CHECK(memcmp(small, full, got) == 0);
    }
    free(full);
}

static void fuzz_arith(const char *s, size_t len)
{
    const char *bar = memchr(s, '|', len);
    if (!bar)
        return;
    num_value x, y;
    if (num_parse(s, (size_t)(bar - s), false, &x, NULL) != NUM_OK ||
        num_parse(bar + 1, len - (size_t)(bar - s) - 1, false, &y, NULL) != NUM_OK)
        return;
    dec_t a = x.value, b = y.value, r, back;
    CHECK(dec_cmp(a, b) == -dec_cmp(b, a));
    if (dec_add(a, b, &r) == DEC_OK && dec_sub(r, b, &back) == DEC_OK)
        CHECK(dec_cmp(back, a) == 0);
    if (dec_mul(a, b, &r) == DEC_OK) {
        check_value_round_trip(r);
        /* An exact product divides back exactly (at a's scale). */
        if (r.scale == a.scale + b.scale && !dec_is_zero(b) &&
            dec_div(r, b, a.scale, &back) == DEC_OK)
            CHECK(dec_cmp(back, a) == 0);
    }
    for (int scale = 0; scale <= DEC_MAX_SCALE; scale += 7) {
        dec_status st = dec_div(a, b, scale, &r);
        CHECK(st != DEC_DIV_ZERO || dec_is_zero(b));
        if (st == DEC_OK) {
            CHECK(r.scale == scale);
            check_value_round_trip(r);
        }
        dec_t rounded = dec_round(a, scale);
        check_value_round_trip(rounded);
        char fixed[DEC_STR_MAX];
        CHECK(strlen(dec_format_fixed(a, scale, fixed)) < DEC_STR_MAX);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A private copy with no terminator: reading past len is caught by ASan. */
    char *s = malloc(size ? size : 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    fuzz_parse(s, size);
    fuzz_find(s, size);
    fuzz_normalize(s, size);
    fuzz_arith(s, size);
    free(s);
    return 0;
}
