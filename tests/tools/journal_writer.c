/* A journal writer to be killed, and its reader (tests/store/test_kill_journal.sh).
 *
 *   journal_writer write DRAFT PROGRESS [MAX]
 *       appends {"n":1}, {"n":2}, ... to DRAFT's journal as fast as it can, calling
 *       journal_tick after each; after each append returns, writes its n to PROGRESS (one
 *       pwrite at offset 0, so the file always holds one whole number).
 *   journal_writer read DRAFT
 *       reads the journal; prints "records N ignored B"; exits 1 unless the records are exactly
 *       {"n":1} .. {"n":N} in order. */
#include "store/journal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int usage(void)
{
    fprintf(stderr, "usage: journal_writer write DRAFT PROGRESS [MAX] | read DRAFT\n");
    return 2;
}

static int do_write(const char *draft, const char *progress, long max)
{
    int pfd = open(progress, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (pfd < 0) {
        fprintf(stderr, "journal_writer: %s: %s\n", progress, strerror(errno));
        return 1;
    }
    journal *j = NULL;
    char *err = NULL;
    if (journal_open(draft, &j, &err) != 0) {
        fprintf(stderr, "journal_writer: %s\n", err);
        free(err);
        return 1;
    }
    for (long n = 1; max <= 0 || n <= max; n++) {
        char payload[64];
        int len = snprintf(payload, sizeof payload, "{\"n\":%ld}", n);
        if (journal_append(j, payload, (size_t)len, &err) != 0) {
            fprintf(stderr, "journal_writer: %s\n", err);
            free(err);
            return 1;
        }
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (journal_tick(j, &now, &err) != 0) {
            fprintf(stderr, "journal_writer: %s\n", err);
            free(err);
            return 1;
        }
        char num[32];
        int nl = snprintf(num, sizeof num, "%20ld\n", n);
        if (pwrite(pfd, num, (size_t)nl, 0) != nl) {
            fprintf(stderr, "journal_writer: %s: %s\n", progress, strerror(errno));
            return 1;
        }
    }
    close(pfd);
    return journal_close(j, false, NULL) == 0 ? 0 : 1;
}

typedef struct {
    long next;
    int bad;
} check;

static int check_record(void *ctx, const char *payload, size_t len)
{
    check *c = ctx;
    char want[64];
    int wl = snprintf(want, sizeof want, "{\"n\":%ld}", c->next);
    if ((size_t)wl != len || memcmp(want, payload, len) != 0) {
        fprintf(stderr, "journal_writer: record %ld is \"%.*s\", expected %s\n", c->next,
                (int)(len > 80 ? 80 : len), payload, want);
        c->bad = 1;
        return 1;
    }
    c->next++;
    return 0;
}

static int do_read(const char *draft)
{
    char *path = journal_path_for(draft);
    check c = {1, 0};
    size_t ignored = 0;
    char *err = NULL;
    int rc = journal_read(path, check_record, &c, &ignored, &err);
    free(path);
    if (rc != 0 && !c.bad) {
        fprintf(stderr, "journal_writer: %s\n", err);
        free(err);
        return 1;
    }
    free(err);
    printf("records %ld ignored %zu\n", c.next - 1, ignored);
    return c.bad ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc >= 4 && !strcmp(argv[1], "write"))
        return do_write(argv[2], argv[3], argc >= 5 ? atol(argv[4]) : 0);
    if (argc == 3 && !strcmp(argv[1], "read"))
        return do_read(argv[2]);
    return usage();
}
