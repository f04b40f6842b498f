/* The reviewer's inbox over a folder of submissions (store/inbox.h): time until the first
 * screenful of rows is read (what the screen shows while the rest come), time until every row
 * is read and sorted, against a reference measured by the caller in the same run (one jq process
 * reading the same files).
 *
 *   bench_inbox DIR FIRST REF_NS N REPS
 *
 * FIRST: rows in a screenful; REF_NS: the reference's nanoseconds; N: the number of files (for
 * the line names); REPS: runs (the fastest counts: a shared machine only slows a run down). */
#include "bench.h"
#include "store/inbox.h"

typedef struct {
    size_t first;
    uint64_t start, first_ns;
} clock_ctx;

static int on_progress(void *ctx, size_t done, size_t total)
{
    clock_ctx *c = ctx;
    if (!c->first_ns && (done >= c->first || done == total) && done > 0)
        c->first_ns = bench_now_ns() - c->start;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: bench_inbox DIR FIRST REF_NS N REPS\n");
        return 2;
    }
    const char *dir = argv[1];
    size_t first = strtoul(argv[2], NULL, 10);
    uint64_t ref = strtoull(argv[3], NULL, 10);
    unsigned long n = strtoul(argv[4], NULL, 10);
    int reps = atoi(argv[5]);
    uint64_t best_first = 0, best_all = 0;
    size_t rows = 0;
    for (int r = 0; r < reps; r++) {
        inbox *ib = inbox_new();
        if (!ib)
            return 1;
        clock_ctx c = {.first = first, .start = bench_now_ns()};
        char *err = NULL;
        const char *args[] = {dir};
        if (inbox_read(ib, args, 1, 0, on_progress, &c, &err) != 0) {
            fprintf(stderr, "bench_inbox: %s\n", err ? err : "cannot read");
            return 1;
        }
        inbox_sort(ib, IB_UNIT, false);
        rows = inbox_refresh(ib);
        uint64_t all = bench_now_ns() - c.start;
        if (!best_all || all < best_all)
            best_all = all;
        if (!best_first || c.first_ns < best_first)
            best_first = c.first_ns;
        inbox_free(ib);
    }
    if (rows != n) {
        fprintf(stderr, "bench_inbox: %zu rows, expected %lu\n", rows, n);
        return 1;
    }
    /* ratios in hundredths, integers only (bench.h) */
    uint64_t r_first = best_first / 20000000u;              /* of 2 s */
    uint64_t r_all = ref ? best_all * 100u / ref : 0;       /* of jq's time */
    printf("inbox.first_rows_%lu: %" PRIu64 " ms (ratio %" PRIu64 ".%02" PRIu64
           " vs 2 s; target <= 1: %s)  # the first %zu rows read and shown, a progress line "
           "for the rest\n",
           n, best_first / 1000000u, r_first / 100u, r_first % 100u,
           best_first <= 2000000000u ? "met" : "MISSED", first);
    printf("inbox.all_rows_%lu: %" PRIu64 ".%03" PRIu64 " s (ratio %" PRIu64 ".%02" PRIu64
           " vs jq_headers)  # every row read and sorted by unit; %s 2 s\n",
           n, best_all / 1000000000u, best_all / 1000000u % 1000u, r_all / 100u, r_all % 100u,
           best_all <= 2000000000u ? "within" : "more than");
    return 0;
}
