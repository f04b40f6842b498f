/* Small helpers the benchmark programs share: a monotonic clock in nanoseconds, medians, and
 * the one output line format tests/bench/run.sh reads:
 *
 *   name: VALUE UNIT
 *   name: VALUE UNIT (ratio R vs REFERENCE)
 *   name: VALUE UNIT (ratio R vs REFERENCE; target <= T: met|MISSED)
 *
 * Everything is integer arithmetic (nanoseconds, ratios in millionths): the figures are
 * timings, but the project keeps binary floating point out of its code, and integers are
 * exact enough here. Header-only (static functions) because each benchmark is one program. */
#ifndef SELFEVAL_BENCH_H
#define SELFEVAL_BENCH_H

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static inline uint64_t bench_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int bench_cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Median of n samples (sorts them in place). The median, not the mean: one page fault or
 * one scheduling hiccup on a 2-core machine must not move the figure. */
static inline uint64_t bench_median(uint64_t *v, size_t n)
{
    if (n == 0)
        return 0;
    qsort(v, n, sizeof *v, bench_cmp_u64);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* "12.34 ms", "560.1 us", "85 ns": three or four significant digits, the unit chosen by size.
 * Writes into buf (at least 32 bytes). */
static inline const char *bench_fmt_ns(char *buf, size_t size, uint64_t ns)
{
    if (ns >= 1000000000u)
        snprintf(buf, size, "%" PRIu64 ".%03" PRIu64 " s", ns / 1000000000u,
                 ns % 1000000000u / 1000000u);
    else if (ns >= 1000000u)
        snprintf(buf, size, "%" PRIu64 ".%03" PRIu64 " ms", ns / 1000000u, ns % 1000000u / 1000u);
    else if (ns >= 1000u)
        snprintf(buf, size, "%" PRIu64 ".%02" PRIu64 " us", ns / 1000u, ns % 1000u / 10u);
    else
        snprintf(buf, size, "%" PRIu64 " ns", ns);
    return buf;
}

/* A ratio num/den as text: "1.85" when >= 0.1, else "1/1234" (what a reader compares with a
 * target such as 1/100). */
static inline const char *bench_fmt_ratio(char *buf, size_t size, uint64_t num, uint64_t den)
{
    if (den == 0) {
        snprintf(buf, size, "n/a");
    } else if (num * 10 >= den) {
        uint64_t r = (num * 1000 + den / 2) / den;   /* thousandths, rounded */
        snprintf(buf, size, "%" PRIu64 ".%02" PRIu64, r / 1000, r % 1000 / 10);
    } else if (num == 0) {
        snprintf(buf, size, "0");
    } else {
        snprintf(buf, size, "1/%" PRIu64, (den + num / 2) / num);
    }
    return buf;
}

/* name: TIME */
static inline void bench_line(const char *name, uint64_t ns, const char *note)
{
    char t[32];
    printf("%s: %s%s%s\n", name, bench_fmt_ns(t, sizeof t, ns), note ? "  # " : "",
           note ? note : "");
}

/* name: TIME (ratio R vs REF[; target <= TN/TD: met|MISSED]). td == 0: no target. */
static inline void bench_ratio(const char *name, uint64_t ns, const char *ref, uint64_t ref_ns,
                               uint64_t tn, uint64_t td, const char *target_text)
{
    char t[32], r[32];
    bench_fmt_ns(t, sizeof t, ns);
    bench_fmt_ratio(r, sizeof r, ns, ref_ns);
    if (td == 0) {
        printf("%s: %s (ratio %s vs %s)\n", name, t, r, ref);
        return;
    }
    /* met when ns/ref_ns <= tn/td, in integers */
    int met = ns * td <= tn * ref_ns;
    printf("%s: %s (ratio %s vs %s; target <= %s: %s)\n", name, t, r, ref, target_text,
           met ? "met" : "MISSED");
}

/* name: N UNIT (a count: units evaluated, bytes) */
static inline void bench_count(const char *name, uint64_t n, const char *unit, const char *note)
{
    printf("%s: %" PRIu64 " %s%s%s\n", name, n, unit, note ? "  # " : "", note ? note : "");
}

#endif
