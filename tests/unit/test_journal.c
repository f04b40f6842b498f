/* The journal: format, torn and corrupt tails, the fsync policy, and failures of write and
 * fsync (injected through fsops). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "store/crc32.h"
#include "store/fsops.h"
#include "store/journal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- counting / failing fsops ---- */

static struct {
    int fsyncs, writes;
    int fail_write_k, fail_fsync_k; /* 1-based; 0: never */
    int write_err;
    size_t short_cap;
} F;

static int c_open(const char *p, int flags, mode_t mode)
{
    return open(p, flags, mode);
}

static ssize_t c_write(int fd, const void *b, size_t n)
{
    if (++F.writes == F.fail_write_k) {
        errno = F.write_err;
        return -1;
    }
    if (F.short_cap && n > F.short_cap)
        n = F.short_cap;
    return write(fd, b, n);
}

static int c_fsync(int fd)
{
    if (++F.fsyncs == F.fail_fsync_k) {
        errno = EIO;
        return -1;
    }
    return fsync(fd);
}

static const fsops count_ops = {c_open, c_write, c_fsync, close, rename, unlink, link};

/* ---- helpers ---- */

static char dir[256];
static char draft[300];
static char jpath[320];

/* An independent bit-by-bit CRC-32, to check the table-driven one and the file format. */
static uint32_t crc_bitwise(const void *buf, size_t n)
{
    const unsigned char *p = buf;
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return ~c;
}

typedef struct {
    char *p[512];
    size_t n[512];
    int count;
    int stop_at; /* callback returns 1 at this record (1-based); 0: never */
} collected;

static int collect(void *ctx, const char *payload, size_t len)
{
    collected *c = ctx;
    assert_true(c->count < 512);
    c->p[c->count] = malloc(len + 1);
    memcpy(c->p[c->count], payload, len);
    c->p[c->count][len] = '\0';
    c->n[c->count] = len;
    c->count++;
    return c->count == c->stop_at;
}

static void collected_free(collected *c)
{
    for (int i = 0; i < c->count; i++)
        free(c->p[i]);
    memset(c, 0, sizeof *c);
}

static void write_bytes(const char *path, const char *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, len), (ssize_t)len);
    close(fd);
}

static size_t read_bytes(const char *path, char **out)
{
    int fd = open(path, O_RDONLY);
    assert_true(fd >= 0);
    struct stat st;
    fstat(fd, &st);
    *out = malloc((size_t)st.st_size + 1);
    assert_int_equal(read(fd, *out, (size_t)st.st_size), st.st_size);
    close(fd);
    return (size_t)st.st_size;
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/selfeval-journal-XXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(draft, sizeof draft, "%s/draft.json", dir);
    snprintf(jpath, sizeof jpath, "%s/draft.json.journal", dir);
    memset(&F, 0, sizeof F);
    fsops_current = &fsops_real;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    fsops_current = &fsops_real;
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    return 0;
}

static journal *open_journal(void)
{
    journal *j = NULL;
    char *err = NULL;
    assert_int_equal(journal_open(draft, &j, &err), 0);
    assert_null(err);
    return j;
}

static void append_ok(journal *j, const char *s)
{
    char *err = NULL;
    if (journal_append(j, s, strlen(s), &err) != 0)
        fail_msg("append failed: %s", err);
}

/* ---- tests ---- */

static void test_crc32(void **state)
{
    (void)state;
    assert_int_equal(crc32_update(0, "123456789", 9), 0xCBF43926u); /* the standard check value */
    assert_int_equal(crc32_update(0, "", 0), 0);
    const char *s = "项目支出绩效自评表 {\"n\":1}";
    uint32_t whole = crc32_update(0, s, strlen(s));
    assert_int_equal(whole, crc_bitwise(s, strlen(s)));
    assert_int_equal(crc32_update(crc32_update(0, s, 5), s + 5, strlen(s) - 5), whole);
}

static void test_path_for(void **state)
{
    (void)state;
    char *p = journal_path_for("nosuchdir/draft.json");
    assert_string_equal(p, "nosuchdir/draft.json.journal");
    free(p);
    /* through a link: beside the real file, so both names find the same journal */
    char link_path[400], target[400];
    snprintf(target, sizeof target, "%s/real.json", dir);
    snprintf(link_path, sizeof link_path, "%s/link.json", dir);
    write_bytes(target, "{}", 2);
    assert_int_equal(symlink("real.json", link_path), 0);
    p = journal_path_for(link_path);
    char want[420];
    snprintf(want, sizeof want, "%s/real.json.journal", dir);
    assert_string_equal(p, want);
    free(p);
}

static void test_roundtrip_and_format(void **state)
{
    (void)state;
    journal *j = open_journal();
    struct stat st;
    assert_int_equal(stat(jpath, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);

    static char big[200001];
    for (size_t i = 0; i < sizeof big - 1; i++)
        big[i] = (char)('a' + i % 26);
    const char *payloads[] = {"{\"draft\":\"d.json\",\"size\":12}", "", "{\"set\":\"得分\",\"v\":\"9.5\"}",
                              big, "{\"n\":5}"};
    for (size_t i = 0; i < 5; i++)
        append_ok(j, payloads[i]);
    char *err = NULL;
    assert_int_equal(journal_close(j, false, &err), 0);

    collected c = {0};
    size_t ignored = 99;
    assert_int_equal(journal_read(jpath, collect, &c, &ignored, &err), 0);
    assert_int_equal(c.count, 5);
    assert_int_equal(ignored, 0);
    for (int i = 0; i < 5; i++) {
        assert_int_equal(c.n[i], strlen(payloads[i]));
        assert_memory_equal(c.p[i], payloads[i], c.n[i]);
    }
    collected_free(&c);

    /* the bytes on disk, built here independently */
    char *raw;
    size_t n = read_bytes(jpath, &raw);
    char want[128];
    int wl = snprintf(want, sizeof want, "J1 %08x %zu %s\n",
                      (unsigned)crc_bitwise(payloads[0], strlen(payloads[0])), strlen(payloads[0]),
                      payloads[0]);
    assert_true(n > (size_t)wl);
    assert_memory_equal(raw, want, (size_t)wl);
    free(raw);
}

static void test_hand_written_records(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int records;
    } cases[] = {
        {"J1 cbf43926 9 123456789\n", 1},
        {"J1 cbf43926 9 123456789\nJ1 00000000 0 \n", 2}, /* CRC of nothing is 0 */
        {"J1 CBF43926 9 123456789\n", 0},                  /* uppercase: not what we write */
        {"J1 cbf43926 09 123456789\n", 0},                 /* leading zero */
        {"J1 cbf43926 9 123456789", 0},                    /* no newline: torn */
        {"J1 cbf43926 8 123456789\n", 0},                  /* wrong length */
        {"J1 cbf43927 9 123456789\n", 0},                  /* wrong CRC */
        {"J2 cbf43926 9 123456789\n", 0},
        {"J1 cbf4392 9 123456789\n", 0},
        {"J1 cbf43926  9 123456789\n", 0},
        {"J1 cbf43926 99999999999999999999999 1\n", 0},    /* absurd length */
        {"", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        write_bytes(jpath, cases[i].text, strlen(cases[i].text));
        collected c = {0};
        size_t ignored = 0;
        char *err = NULL;
        assert_int_equal(journal_read(jpath, collect, &c, &ignored, &err), 0);
        if (c.count != cases[i].records)
            fail_msg("case %zu: %d records, expected %d", i, c.count, cases[i].records);
        size_t good = cases[i].records == 0 ? 0 : cases[i].records == 1 ? 24 : 24 + 15;
        assert_int_equal(ignored, strlen(cases[i].text) - good);
        if (c.count >= 1)
            assert_string_equal(c.p[0], "123456789");
        collected_free(&c);
    }
}

static void test_refuses_line_breaks(void **state)
{
    (void)state;
    journal *j = open_journal();
    append_ok(j, "{\"n\":1}");
    char *err = NULL;
    assert_int_equal(journal_append(j, "{\"a\":\n1}", 8, &err), -1);
    assert_non_null(err);
    assert_non_null(strstr(err, "line break"));
    free(err);
    append_ok(j, "{\"n\":2}");
    assert_int_equal(journal_close(j, false, NULL), 0);
    collected c = {0};
    assert_int_equal(journal_read(jpath, collect, &c, NULL, NULL), 0);
    assert_int_equal(c.count, 2);
    assert_string_equal(c.p[1], "{\"n\":2}");
    collected_free(&c);
}

/* Three records; every prefix of the file reads as the complete records it holds. */
static void test_torn_tail_every_length(void **state)
{
    (void)state;
    journal *j = open_journal();
    append_ok(j, "{\"n\":1}");
    append_ok(j, "{\"set\":\"实际完成值\"}");
    append_ok(j, "{\"n\":3}");
    journal_close(j, false, NULL);
    char *raw;
    size_t n = read_bytes(jpath, &raw);
    size_t ends[3], k = 0; /* record ends, found by the newlines */
    for (size_t i = 0; i < n; i++)
        if (raw[i] == '\n')
            ends[k++] = i + 1;
    assert_int_equal(k, 3);
    for (size_t len = 0; len <= n; len++) {
        write_bytes(jpath, raw, len);
        int want = (len >= ends[2]) + (len >= ends[1]) + (len >= ends[0]);
        size_t good = want ? ends[want - 1] : 0;
        collected c = {0};
        size_t ignored = 12345;
        assert_int_equal(journal_read(jpath, collect, &c, &ignored, NULL), 0);
        if (c.count != want || ignored != len - good)
            fail_msg("cut at %zu: %d records, %zu ignored", len, c.count, ignored);
        collected_free(&c);
    }
    free(raw);
}

/* Every single changed byte stops the reader at the record holding it. */
static void test_corruption_every_byte(void **state)
{
    (void)state;
    journal *j = open_journal();
    for (int i = 1; i <= 4; i++) {
        char p[32];
        snprintf(p, sizeof p, "{\"n\":%d,\"x\":\"分值\"}", i);
        append_ok(j, p);
    }
    journal_close(j, false, NULL);
    char *raw;
    size_t n = read_bytes(jpath, &raw);
    const unsigned char flips[] = {0x01, 0x20, 0x80, 0xFF};
    int checked = 0;
    for (size_t pos = 0; pos < n; pos++) {
        int rec = 0;
        size_t rec_start = 0;
        for (size_t i = 0; i < pos; i++)
            if (raw[i] == '\n') {
                rec++;
                rec_start = i + 1;
            }
        for (size_t f = 0; f < sizeof flips; f++) {
            char *copy = malloc(n);
            memcpy(copy, raw, n);
            copy[pos] ^= (char)flips[f];
            write_bytes(jpath, copy, n);
            collected c = {0};
            size_t ignored = 0;
            assert_int_equal(journal_read(jpath, collect, &c, &ignored, NULL), 0);
            if (c.count != rec || ignored != n - rec_start)
                fail_msg("byte %zu ^ %02x: %d records (want %d), %zu ignored", pos, flips[f],
                         c.count, rec, ignored);
            for (int r = 0; r < c.count; r++) {
                char want[32];
                snprintf(want, sizeof want, "{\"n\":%d,\"x\":\"分值\"}", r + 1);
                assert_string_equal(c.p[r], want);
            }
            collected_free(&c);
            free(copy);
            checked++;
        }
    }
    free(raw);
    assert_true(checked > 200);
}

static void test_sync_after_50_records(void **state)
{
    (void)state;
    journal *j = open_journal();
    fsops_current = &count_ops;
    struct timespec now;
    for (int i = 1; i <= 49; i++) {
        append_ok(j, "{\"k\":1}");
        clock_gettime(CLOCK_MONOTONIC, &now);
        assert_int_equal(journal_tick(j, &now, NULL), 0);
    }
    assert_int_equal(F.fsyncs, 0);
    assert_int_equal(F.writes, 49); /* one write per record, at once */
    assert_true(journal_ms_until_sync(j, &now) > 0);
    append_ok(j, "{\"k\":1}");
    assert_int_equal(journal_ms_until_sync(j, &now), 0);
    assert_int_equal(journal_tick(j, &now, NULL), 0);
    assert_int_equal(F.fsyncs, 1);
    assert_int_equal(journal_ms_until_sync(j, &now), -1);
    assert_int_equal(journal_tick(j, &now, NULL), 0); /* nothing new: no fsync */
    assert_int_equal(F.fsyncs, 1);
    assert_int_equal(journal_close(j, true, NULL), 0);
    assert_int_equal(access(jpath, F_OK), -1);
    fsops_current = &fsops_real;
}

static struct timespec plus_ms(struct timespec t, long ms)
{
    t.tv_sec += ms / 1000;
    t.tv_nsec += (ms % 1000) * 1000000L;
    if (t.tv_nsec >= 1000000000L) {
        t.tv_sec++;
        t.tv_nsec -= 1000000000L;
    }
    return t;
}

static void test_sync_after_2_seconds(void **state)
{
    (void)state;
    journal *j = open_journal();
    fsops_current = &count_ops;
    struct timespec before, after;
    clock_gettime(CLOCK_MONOTONIC, &before);
    append_ok(j, "{\"first\":1}");
    clock_gettime(CLOCK_MONOTONIC, &after);
    usleep(50 * 1000);
    append_ok(j, "{\"second\":1}"); /* a later record does not postpone the sync */
    struct timespec t = plus_ms(before, 1999);
    assert_int_equal(journal_tick(j, &t, NULL), 0);
    assert_int_equal(F.fsyncs, 0);
    int left = journal_ms_until_sync(j, &before);
    assert_true(left > 0 && left <= 2000);
    t = plus_ms(after, 2000);
    assert_int_equal(journal_ms_until_sync(j, &t), 0);
    assert_int_equal(journal_tick(j, &t, NULL), 0);
    assert_int_equal(F.fsyncs, 1);
    assert_int_equal(journal_ms_until_sync(j, &t), -1);
    /* journal_sync: now, whatever the policy */
    append_ok(j, "{\"third\":1}");
    assert_int_equal(journal_sync(j, NULL), 0);
    assert_int_equal(F.fsyncs, 2);
    /* nothing new: neither a second sync nor the close fsyncs again (the emergency path syncs,
     * then closes: one fsync between a hang-up and the lock's release) */
    assert_int_equal(journal_sync(j, NULL), 0);
    assert_int_equal(journal_close(j, false, NULL), 0);
    assert_int_equal(F.fsyncs, 2);
    fsops_current = &fsops_real;
    collected c = {0};
    assert_int_equal(journal_read(jpath, collect, &c, NULL, NULL), 0);
    assert_int_equal(c.count, 3);
    collected_free(&c);
}

static void test_failed_fsync_is_never_retried(void **state)
{
    (void)state;
    journal *j = open_journal();
    fsops_current = &count_ops;
    F.fail_fsync_k = 1;
    append_ok(j, "{\"n\":1}");
    char *err = NULL;
    assert_int_equal(journal_sync(j, &err), -1);
    assert_non_null(strstr(err, "could not be stored"));
    assert_non_null(strstr(err, strerror(EIO)));
    assert_non_null(strstr(err, "save the draft"));
    free(err);
    int after_fail = F.fsyncs;
    append_ok(j, "{\"n\":2}"); /* still written: better than nothing against a kill */
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    t = plus_ms(t, 5000);
    assert_int_equal(journal_tick(j, &t, &err), -1);
    free(err);
    assert_int_equal(journal_sync(j, &err), -1);
    free(err);
    assert_int_equal(F.fsyncs, after_fail); /* a second fsync would falsely succeed */
    assert_int_equal(journal_close(j, false, &err), -1);
    free(err);
    fsops_current = &fsops_real;
}

/* A write failing at any point (after short writes) leaves exactly the records that were
 * reported appended, and later appends still readable. */
static void test_failed_writes_leave_readable_journal(void **state)
{
    (void)state;
    int failures = 0;
    for (int k = 1;; k++) {
        journal *j = open_journal();
        memset(&F, 0, sizeof F);
        F.fail_write_k = k;
        F.write_err = ENOSPC;
        F.short_cap = 5;
        fsops_current = &count_ops;
        char *ok[10];
        int nok = 0;
        for (int i = 0; i < 10; i++) {
            char p[32];
            snprintf(p, sizeof p, "{\"n\":%d}", i);
            char *err = NULL;
            if (journal_append(j, p, strlen(p), &err) == 0) {
                ok[nok++] = strdup(p);
            } else {
                assert_non_null(strstr(err, "the disk is full"));
                free(err);
                failures++;
            }
        }
        fsops_current = &fsops_real;
        assert_int_equal(journal_close(j, false, NULL), 0);
        collected c = {0};
        size_t ignored = 1;
        assert_int_equal(journal_read(jpath, collect, &c, &ignored, NULL), 0);
        assert_int_equal(ignored, 0);
        assert_int_equal(c.count, nok);
        for (int i = 0; i < nok; i++) {
            assert_string_equal(c.p[i], ok[i]);
            free(ok[i]);
        }
        collected_free(&c);
        if (nok == 10)
            break;
    }
    assert_true(failures > 20);
}

static void test_read_errors_and_stop(void **state)
{
    (void)state;
    char *err = NULL;
    assert_int_equal(journal_read(jpath, collect, NULL, NULL, &err), -1);
    assert_non_null(strstr(err, "no such file"));
    free(err);

    journal *j = open_journal();
    append_ok(j, "{\"n\":1}");
    append_ok(j, "{\"n\":2}");
    append_ok(j, "{\"n\":3}");
    journal_close(j, false, NULL);
    collected c = {.stop_at = 2};
    assert_int_equal(journal_read(jpath, collect, &c, NULL, &err), -1);
    assert_int_equal(c.count, 2);
    assert_non_null(strstr(err, "record 2"));
    free(err);
    collected_free(&c);

    /* reopening truncates: a new session starts a new journal */
    j = open_journal();
    append_ok(j, "{\"fresh\":1}");
    journal_close(j, false, NULL);
    assert_int_equal(journal_read(jpath, collect, &c, NULL, NULL), 0);
    assert_int_equal(c.count, 1);
    collected_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crc32),
        cmocka_unit_test_setup_teardown(test_path_for, setup, teardown),
        cmocka_unit_test_setup_teardown(test_roundtrip_and_format, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hand_written_records, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refuses_line_breaks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_torn_tail_every_length, setup, teardown),
        cmocka_unit_test_setup_teardown(test_corruption_every_byte, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sync_after_50_records, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sync_after_2_seconds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failed_fsync_is_never_retried, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failed_writes_leave_readable_journal, setup, teardown),
        cmocka_unit_test_setup_teardown(test_read_errors_and_stop, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
