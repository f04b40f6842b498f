/* Benchmark of saving and journalling (issue 4, "make bench"):
 *
 *   bench_store DRAFT.json DIR [REPS]
 *
 * DRAFT is a large draft (scripts/gen-large-draft.py 2000 FILE); DIR a scratch directory on the
 * disk drafts live on (not tmpfs: fsync must mean something). Measured, medians of REPS:
 *   draft_print       the draft's text, as a save makes it
 *   write_ref         the same bytes with one write() to a new file (open, write, close):
 *                     the reference
 *   write_fsync_ref   the same plus fsync: the floor for anything durable
 *   write_inplace_ref the same bytes over the old file (O_TRUNC, one write): how nano saves,
 *                     unsafe, but it pays for freeing the old blocks as any replacement does
 *   atomic_nofsync    atomic_save with fsync off (temporary file, backup link, rename)
 *   atomic_nofsync_nobackup  the same without keeping PATH~ (what the backup costs)
 *   atomic_fsync      atomic_save as the editor calls it (file and directory fsynced)
 *   journal_append    one journal record per change, mean over 10,000 appends, against one
 *                     write() of the same record
 *   journal_append+tick  the same with journal_tick after every append, as the main loop
 *                     does (it fsyncs every 50 changes or 2 s after the last one) */
#include "bench.h"
#include "core/draft.h"
#include "store/atomic.h"
#include "store/fileio.h"
#include "store/journal.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

static void die(const char *what, char *err)
{
    fprintf(stderr, "bench_store: %s%s%s\n", what, err ? ": " : "", err ? err : "");
    free(err);
    exit(1);
}

/* The reference: one write() call to a new file (a short write would make the reference
 * unfair, so it is reported rather than retried). A new file, not O_TRUNC of the old one:
 * ext4 flushes a file truncated and rewritten when it is closed (auto_da_alloc), which would
 * make the reference slower than what a save does. */
static uint64_t write_once(const char *path, const char *data, size_t len, int do_fsync,
                           int in_place)
{
    if (!in_place)
        unlink(path);
    uint64_t t0 = bench_now_ns();
    int fd = open(path, O_WRONLY | O_CREAT | (in_place ? O_TRUNC : O_EXCL) | O_CLOEXEC, 0600);
    if (fd < 0)
        die("cannot create the reference file", strdup(strerror(errno)));
    ssize_t w = write(fd, data, len);
    if (w < 0 || (size_t)w != len)
        die("the reference write() was short or failed", NULL);
    if (do_fsync && fsync(fd) != 0)
        die("fsync of the reference file failed", strdup(strerror(errno)));
    close(fd);
    return bench_now_ns() - t0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench_store DRAFT.json DIR [REPS]\n");
        return 2;
    }
    const char *src = argv[1], *dir = argv[2];
    int reps = argc > 3 ? atoi(argv[3]) : 11;
    if (reps < 1)
        reps = 1;

    char *buf = NULL, *err = NULL;
    size_t len = 0;
    if (fio_read_all(src, DRAFT_MAX_BYTES, &buf, &len, &err) != 0)
        die("cannot read the draft", err);
    draft *d = draft_parse(buf, len, src, &err);
    if (!d)
        die("the draft does not load", err);

    uint64_t *s = calloc(reps, sizeof *s);
    if (!s)
        die("out of memory", NULL);

    /* draft_print: the bytes a save writes */
    char *text = NULL;
    size_t tlen = 0;
    for (int r = 0; r < reps; r++) {
        free(text);
        uint64_t t0 = bench_now_ns();
        text = draft_print(d, &tlen);
        s[r] = bench_now_ns() - t0;
        if (!text)
            die("draft_print: out of memory", NULL);
    }
    uint64_t m_print = bench_median(s, reps);

    char *ref_path = fio_strdupf("%s/reference.json", dir);
    char *draft_path = fio_strdupf("%s/draft.json", dir);
    if (!ref_path || !draft_path)
        die("out of memory", NULL);

    /* The ways of writing the bytes, interleaved: each repetition runs every kind once, so a
     * burst of writeback or a busy journal of the file system falls on all of them alike
     * rather than on whichever ran at that moment. Each kind has its own file. */
    enum { W_NEW, W_FSYNC, W_INPLACE, A_NOFSYNC, A_NOBACKUP, A_FSYNC, KINDS };
    uint64_t *k_s[KINDS];
    for (int k = 0; k < KINDS; k++)
        if (!(k_s[k] = calloc(reps, sizeof *k_s[k])))
            die("out of memory", NULL);
    char *inplace_path = fio_strdupf("%s/inplace.json", dir);
    char *bare_path = fio_strdupf("%s/bare.json", dir);
    char *nofsync_path = fio_strdupf("%s/nofsync.json", dir);
    if (!inplace_path || !bare_path || !nofsync_path)
        die("out of memory", NULL);
    atomic_opts nofsync = atomic_defaults();
    nofsync.fsync = false;
    atomic_opts bare = nofsync;          /* what keeping PATH~ costs */
    bare.backup = false;
    atomic_opts full = atomic_defaults();
    sync();                              /* start from a quiet disk */
    for (int r = 0; r < reps; r++) {
        k_s[W_NEW][r] = write_once(ref_path, text, tlen, 0, 0);
        k_s[W_FSYNC][r] = write_once(ref_path, text, tlen, 1, 0);
        k_s[W_INPLACE][r] = write_once(inplace_path, text, tlen, 0, 1);
        struct { int kind; const char *path; const atomic_opts *o; } saves[] = {
            {A_NOFSYNC, nofsync_path, &nofsync}, {A_NOBACKUP, bare_path, &bare},
            {A_FSYNC, draft_path, &full}};
        for (size_t i = 0; i < sizeof saves / sizeof saves[0]; i++) {
            uint64_t t0 = bench_now_ns();
            if (atomic_save(saves[i].path, text, tlen, saves[i].o, &err) != 0)
                die("atomic_save failed", err);
            k_s[saves[i].kind][r] = bench_now_ns() - t0;
        }
    }
    uint64_t m_write = bench_median(k_s[W_NEW], reps);
    uint64_t m_write_fsync = bench_median(k_s[W_FSYNC], reps);
    uint64_t m_write_inplace = bench_median(k_s[W_INPLACE], reps);
    uint64_t m_atomic_nofsync = bench_median(k_s[A_NOFSYNC], reps);
    uint64_t m_atomic_bare = bench_median(k_s[A_NOBACKUP], reps);
    uint64_t m_atomic_fsync = bench_median(k_s[A_FSYNC], reps);
    for (int k = 0; k < KINDS; k++)
        free(k_s[k]);

    /* The saved file must be the bytes given: a benchmark of a save that loses data is void. */
    char *back = NULL;
    size_t blen = 0;
    if (fio_read_all(draft_path, DRAFT_MAX_BYTES, &back, &blen, &err) != 0)
        die("cannot read back the saved draft", err);
    if (blen != tlen || memcmp(back, text, tlen) != 0)
        die("the saved draft differs from the bytes given to atomic_save", NULL);
    free(back);

    /* Journal: a typical record (one keystroke in a table cell). */
    enum { APPENDS = 10000 };
    char payload[256];
    journal *j = NULL;
    if (journal_open(draft_path, &j, &err) != 0)
        die("journal_open failed", err);
    uint64_t t0 = bench_now_ns();
    for (int k = 0; k < APPENDS; k++) {
        int n = snprintf(payload, sizeof payload,
                         "{\"op\":\"set\",\"path\":\"indicators.r1000.actual\",\"text\":\"%d场\","
                         "\"at\":\"2026-04-27T10:00:00+08:00\"}", k % 100000);
        if (journal_append(j, payload, (size_t)n, &err) != 0)
            die("journal_append failed", err);
    }
    uint64_t journal_ns = bench_now_ns() - t0;
    if (journal_close(j, true, &err) != 0)
        die("journal_close failed", err);

    if (journal_open(draft_path, &j, &err) != 0)
        die("journal_open failed", err);
    t0 = bench_now_ns();
    for (int k = 0; k < APPENDS; k++) {
        int n = snprintf(payload, sizeof payload,
                         "{\"op\":\"set\",\"path\":\"indicators.r1000.actual\",\"text\":\"%d场\","
                         "\"at\":\"2026-04-27T10:00:00+08:00\"}", k % 100000);
        if (journal_append(j, payload, (size_t)n, &err) != 0)
            die("journal_append failed", err);
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (journal_tick(j, &now, &err) != 0)
            die("journal_tick failed", err);
    }
    uint64_t journal_tick_ns = bench_now_ns() - t0;
    if (journal_close(j, true, &err) != 0)
        die("journal_close failed", err);

    /* The reference for one record: one write() of a line of the same size. */
    char *jref_path = fio_strdupf("%s/reference.journal", dir);
    if (!jref_path)
        die("out of memory", NULL);
    int fd = open(jref_path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0)
        die("cannot create the reference journal", strdup(strerror(errno)));
    t0 = bench_now_ns();
    for (int k = 0; k < APPENDS; k++) {
        int n = snprintf(payload, sizeof payload,
                         "J1 00000000 100 {\"op\":\"set\",\"path\":\"indicators.r1000.actual\","
                         "\"text\":\"%d场\",\"at\":\"2026-04-27T10:00:00+08:00\"}\n", k % 100000);
        if (write(fd, payload, (size_t)n) != n)
            die("the reference write() was short or failed", NULL);
    }
    uint64_t jref_ns = bench_now_ns() - t0;
    close(fd);
    unlink(jref_path);
    unlink(ref_path);
    free(inplace_path);
    free(bare_path);
    free(nofsync_path);

    printf("# store: %zu bytes saved (draft_print of %s), %d repetitions (median), in %s\n", tlen,
           src, reps, dir);
    bench_line("store.draft_print", m_print, "making the bytes of a save");
    bench_line("store.write_ref", m_write, "reference: open + one write() + close");
    bench_ratio("store.write_fsync_ref", m_write_fsync, "write_ref", m_write, 0, 0, NULL);
    bench_ratio("store.write_inplace_ref", m_write_inplace, "write_ref", m_write, 0, 0, NULL);
    bench_ratio("store.atomic_nofsync", m_atomic_nofsync, "write_ref", m_write, 0, 0, NULL);
    bench_ratio("store.atomic_nofsync_nobackup", m_atomic_bare, "write_ref", m_write, 0, 0,
                NULL);
    bench_ratio("store.atomic_fsync", m_atomic_fsync, "write_ref", m_write, 0, 0, NULL);
    bench_ratio("store.atomic_fsync_vs_fsync", m_atomic_fsync, "write_fsync_ref", m_write_fsync,
                0, 0, NULL);
    bench_ratio("store.journal_append", journal_ns / APPENDS, "write_line_ref",
                jref_ns / APPENDS, 0, 0, NULL);
    bench_ratio("store.journal_append_tick", journal_tick_ns / APPENDS, "write_line_ref",
                jref_ns / APPENDS, 0, 0, NULL);
    bench_line("store.write_line_ref", jref_ns / APPENDS,
               "reference: one write() of a journal-sized line");

    free(jref_path);
    free(ref_path);
    free(draft_path);
    free(text);
    free(s);
    draft_free(d);
    free(buf);
    return 0;
}
