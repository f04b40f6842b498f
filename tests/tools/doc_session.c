/* An editing session to be killed, and the oracle that says what it had done
 * (tests/store/test_kill_session.sh). No curses: the edits a clerk makes, through store/doc.h.
 *
 *   doc_session run SEED DRAFT LOG [MAX_EDITS]
 *       opens DRAFT for editing and applies a pseudo-random sequence of edits fixed by SEED
 *       (set a field's text or an override's reason, add, delete or move a row; now and then
 *       a save, $DOC_SESSION_SAVES percent of the steps (default 2), which replays skip: it
 *       changes nothing they compare), calling
 *       doc_tick after each and sleeping 0-3 ms between them. After edit n has returned it
 *       appends "n <monotonic ms>\n" to LOG with one write() (no fsync: a process kill does
 *       not lose what reached the kernel). SIGTERM / SIGHUP only set a flag; the loop then
 *       calls doc_emergency_sync, closes the document (its journal stays: the edits are
 *       unsaved) and exits 0. Stops by itself after MAX_EDITS (default 100000) edits or 30 s.
 *   doc_session replay SEED N SRC OUT
 *       copies SRC to OUT, opens OUT for editing, applies the first N edits of the same
 *       sequence and saves it: what the killed session had on its screen after edit N.
 *   doc_session same A B
 *       exit 0 when drafts A and B are equal but for the times a save or an override stamps
 *       (meta.modified, each override's "at"); else prints the first differing line and
 *       exits 1 (2: cannot read).
 *   doc_session find SEED SRC RECOVERED LO HI
 *       replays the sequence on a copy of SRC (at RECOVERED.find.json) and prints the first K
 *       in LO..HI whose state equals RECOVERED, or "none" (exit 1): how much a recovery kept.
 *       "K torn J/M": edit K+1 deletes a row and the state is that of its first J of M
 *       journal records (the row's override reasons removed, the row not yet deleted).
 *   doc_session now
 *       prints CLOCK_MONOTONIC in ms (the clock of LOG), so the test can date its kill.
 *
 * The sequence depends only on SEED and on the draft's state, which is itself fixed by SEED
 * and the starting file: the edit number n is the same edit in every mode. */
#include "core/draft.h"
#include "core/engine.h"
#include "store/doc.h"
#include "store/draft_file.h"
#include "store/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t got_signal;
/* Percent of steps that are saves: DOC_SESSION_SAVES (default 2). Every mode must see the
 * same value, since it is part of the sequence. */
static unsigned save_pct = 2;

static void on_signal(int sig)
{
    got_signal = sig;
}

static long long mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* splitmix64: a small generator whose sequence is the same on every machine. */
static uint64_t rnd(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static size_t pick(uint64_t *s, size_t n)
{
    return n ? (size_t)(rnd(s) % n) : 0;
}

/* ---- what can be edited now ---- */

typedef struct {
    inode **v;
    size_t n, cap;
} ivec;

static int ivec_push(ivec *a, inode *n)
{
    if (a->n == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 64;
        inode **v = realloc(a->v, cap * sizeof *v);
        if (!v)
            return -1;
        a->v = v;
        a->cap = cap;
    }
    a->v[a->n++] = n;
    return 0;
}

static bool is_container(const inode *n)
{
    if (inode_kind(n) == N_ROW)
        return false;
    const fnode *def = inode_def(n);
    return def && (def->kind == N_TABLE || (def->kind == N_PART && def->repeat));
}

/* Fields a clerk can type into (inputs, and the typed figures of computed fields), and the
 * tables and repeated parts, in document order. */
static int collect(inode *n, ivec *fields, ivec *tables)
{
    if (inode_kind(n) == N_FIELD) {
        const fnode *def = inode_def(n);
        if (!def->compute || def->typed != TYPED_NONE)
            return ivec_push(fields, n);
        return 0;
    }
    if (is_container(n) && ivec_push(tables, n) != 0)
        return -1;
    for (size_t i = 0; i < inode_nkids(n); i++)
        if (collect(inode_kid(n, i), fields, tables) != 0)
            return -1;
    return 0;
}

/* ---- texts a clerk might type ---- */

static const char *const WORDS[] = {
    "益阳市商务局", "开放型经济发展", "≥5 家", "7000 万美元以上", "①",
    "“三类 500 强”", "产出指标", "满意度", "👨‍👩‍👧", "🇯🇵", "Budget",
    "e\xcc\x81", "全年", "执行率偏低，原因是", "项目", "100%",
};
static const char *const NUMBERS[] = {
    "547.6879", "99999999999999.99", "0.000001", "0", "990", "1,234.5", "51965.47", "-3",
    "12.", "abc",
};

static char *make_text(uint64_t *s, const inode *field, long n)
{
    const fnode *def = inode_def(field);
    size_t k = pick(s, 100);
    if (k < 8)
        return strdup("");            /* cleared */
    switch (def->type) {
    case FT_INTEGER:
        return fio_strdupf("%llu", (unsigned long long)(rnd(s) % 100000));
    case FT_MONEY:
    case FT_DECIMAL:
    case FT_PERCENT: {
        if (k < 40)
            return strdup(NUMBERS[pick(s, sizeof NUMBERS / sizeof *NUMBERS)]);
        /* one draw per statement: the order of a call's arguments is unspecified */
        unsigned long long whole = rnd(s) % 1000000;
        int digits = (int)(1 + pick(s, 6));
        unsigned long long frac = rnd(s) % 100000;
        return fio_strdupf("%llu.%0*llu%s", whole, digits, frac,
                           def->type == FT_PERCENT && k % 2 ? "%" : "");
    }
    case FT_DATE: {
        int month = (int)(1 + pick(s, 12));
        int day = (int)(1 + pick(s, 28));
        return fio_strdupf("2026年%d月%d日", month, day);
    }
    case FT_CHOICE:
        if (def->nchoices && k < 85)
            return strdup(def->choices[pick(s, def->nchoices)].value);
        return fio_strdupf("其他%ld", n);
    default:
        break;
    }
    size_t words = 1 + pick(s, def->type == FT_PARAGRAPH ? 12 : 3);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    for (size_t i = 0; i < words; i++) {
        fputs(WORDS[pick(s, sizeof WORDS / sizeof *WORDS)], f);
        if (def->type == FT_PARAGRAPH && pick(s, 4) == 0)
            fputc('\n', f);
    }
    fprintf(f, " #%ld", n);
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* ---- one edit ---- */

typedef enum { E_NONE, E_SET, E_REASON, E_ROW_ADD, E_ROW_DEL, E_ROW_MOVE, E_SAVE } edit_op;

/* The next edit, chosen from the state the draft is in now. */
typedef struct {
    edit_op op;
    inode *target;       /* field (SET, REASON) or table (row ops) */
    size_t a, b;         /* ROW_ADD at; ROW_DEL index; ROW_MOVE from, to */
    char *text;          /* SET: text; REASON: reason ("" removes the override) */
} edit;

static void edit_free(edit *e)
{
    free(e->text);
    memset(e, 0, sizeof *e);
}

/* Draws edit number n from the generator. Returns 0, or -1 with *err. */
static int plan_edit(doc *d, uint64_t *s, long n, edit *e, char **err)
{
    memset(e, 0, sizeof *e);
    ivec fields = {0}, tables = {0};
    if (collect(engine_root(doc_engine(d)), &fields, &tables) != 0) {
        free(fields.v);
        free(tables.v);
        *err = strdup("out of memory");
        return -1;
    }
    size_t roll = pick(s, 100);
    /* a save now and then: a kill may land in one, and the journal restarts after it */
    if (pick(s, 100) < save_pct) {
        e->op = E_SAVE;
        free(fields.v);
        free(tables.v);
        return 0;
    }
    inode *t = tables.n ? tables.v[pick(s, tables.n)] : NULL;
    size_t rows = t ? inode_nkids(t) : 0;
    int max_rows = t ? inode_def(t)->max_rows : 0;
    /* at most 12 rows per table, so the draft neither empties nor grows without end */
    if (t && roll < 15 && rows < 12 && (!max_rows || rows < (size_t)max_rows)) {
        *e = (edit){E_ROW_ADD, t, pick(s, rows + 1), 0, NULL};
    } else if (t && roll < 27 && rows > 0) {
        *e = (edit){E_ROW_DEL, t, pick(s, rows), 0, NULL};
    } else if (t && roll < 40 && rows > 1) {
        size_t from = pick(s, rows), to = pick(s, rows - 1);
        *e = (edit){E_ROW_MOVE, t, from, to >= from ? to + 1 : to, NULL};
    } else if (fields.n && roll < 50) {
        /* overrides' reasons, so deleting a row also has reasons to take with it */
        inode *f = fields.v[pick(s, fields.n)];
        char *r = pick(s, 4) == 0 ? strdup("") : fio_strdupf("按实际完成情况调整 #%ld", n);
        *e = (edit){E_REASON, f, 0, 0, r};
        if (!r)
            goto oom;
    } else if (fields.n) {
        inode *f = fields.v[pick(s, fields.n)];
        char *text = make_text(s, f, n);
        *e = (edit){E_SET, f, 0, 0, text};
        if (!text)
            goto oom;
    }
    free(fields.v);
    free(tables.v);
    return 0;
oom:
    free(fields.v);
    free(tables.v);
    *err = strdup("out of memory");
    return -1;
}

/* `save`: E_SAVE saves (the session); else it changes nothing that is compared (replays). */
static int apply_edit(doc *d, const edit *e, bool save, char **err)
{
    eng_change chg;
    switch (e->op) {
    case E_SAVE:
        return save ? doc_save(d, err) : 0;
    case E_SET:
        return doc_set_text(d, e->target, e->text, &chg, err);
    case E_REASON:
        return doc_set_override_reason(d, e->target, e->text, &chg, err);
    case E_ROW_ADD:
        return doc_row_add(d, e->target, e->a, NULL, &chg, err);
    case E_ROW_DEL:
        return doc_row_delete(d, e->target, e->a, &chg, err);
    case E_ROW_MOVE:
        return doc_row_move(d, e->target, e->a, e->b, &chg, err);
    case E_NONE:
        break;
    }
    return 0;
}

/* Applies edit number n. Returns 0, or -1 with *err. */
static int do_edit(doc *d, uint64_t *s, long n, bool save, char **err)
{
    edit e;
    int rc = plan_edit(d, s, n, &e, err);
    if (rc == 0)
        rc = apply_edit(d, &e, save, err);
    edit_free(&e);
    return rc;
}

/* ---- modes ---- */

static doc *open_for_editing(const char *path)
{
    doc_open_info info;
    char *err = NULL;
    doc *d = doc_open(path, NULL, false, &info, &err);
    if (!d) {
        fprintf(stderr, "doc_session: %s\n", err ? err : "cannot open");
        free(err);
        return NULL;
    }
    lock_holder_free(&info.holder);
    if (doc_get_mode(d) != DOC_EDIT || info.journal_found) {
        fprintf(stderr, "doc_session: %s: not editable here (lock held or a journal waits)\n",
                path);
        doc_close(d);
        return NULL;
    }
    return d;
}

static uint64_t parse_seed(const char *a)
{
    return strtoull(a, NULL, 10);
}

static int mode_run(const char *seed, const char *path, const char *logp, long max)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;      /* no SA_RESTART: the sleep ends at once */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);

    int lfd = open(logp, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0600);
    if (lfd < 0) {
        fprintf(stderr, "doc_session: %s: %s\n", logp, strerror(errno));
        return 1;
    }
    doc *d = open_for_editing(path);
    if (!d) {
        close(lfd);
        return 1;
    }
    uint64_t s = parse_seed(seed), pace = s ^ 0x5eed5eedULL;
    long long t_end = mono_ms() + 30000;
    int rc = 0;
    long n = 0;
    while (!got_signal && n < max && mono_ms() < t_end) {
        char *err = NULL;
        n++;
        if (do_edit(d, &s, n, true, &err) != 0) {
            fprintf(stderr, "doc_session: edit %ld failed: %s\n", n, err ? err : "?");
            free(err);
            rc = 1;
            break;
        }
        char line[64];
        int len = snprintf(line, sizeof line, "%ld %lld\n", n, mono_ms());
        if (write(lfd, line, (size_t)len) != len) {
            fprintf(stderr, "doc_session: %s: %s\n", logp, strerror(errno));
            rc = 1;
            break;
        }
        if (doc_tick(d, &err) != 0) {
            fprintf(stderr, "doc_session: doc_tick after edit %ld: %s\n", n, err ? err : "?");
            free(err);
            rc = 1;
            break;
        }
        long us = (long)pick(&pace, 3001);
        struct timespec nap = {0, us * 1000};
        if (!got_signal)
            nanosleep(&nap, NULL);    /* EINTR: the loop condition sees the signal */
    }
    if (got_signal) {
        doc_emergency_sync(d);
        fprintf(stderr, "doc_session: signal %d after %ld edits\n", (int)got_signal, n);
    }
    doc_close(d);
    close(lfd);
    return rc;
}

static int copy_file(const char *src, const char *dst)
{
    char *buf = NULL, *err = NULL;
    size_t len = 0;
    if (fio_read_all(src, DRAFT_MAX_BYTES, &buf, &len, &err) != 0) {
        fprintf(stderr, "doc_session: %s\n", err ? err : src);
        free(err);
        return -1;
    }
    int fd = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        fprintf(stderr, "doc_session: %s: %s\n", dst, strerror(errno));
        free(buf);
        return -1;
    }
    size_t off = 0;
    int werr = 0;
    while (off < len && !werr) {
        ssize_t w = write(fd, buf + off, len - off);
        if (w > 0)
            off += (size_t)w;
        else if (w == 0)
            werr = EIO;
        else if (errno != EINTR)
            werr = errno;
    }
    if (close(fd) != 0 && !werr)
        werr = errno;
    free(buf);
    if (werr) {
        fprintf(stderr, "doc_session: %s: %s\n", dst, strerror(werr));
        return -1;
    }
    return 0;
}

static int apply_edits(doc *d, uint64_t *s, long from, long to)
{
    for (long n = from; n <= to; n++) {
        char *err = NULL;
        if (do_edit(d, s, n, false, &err) != 0) {
            fprintf(stderr, "doc_session: replaying edit %ld: %s\n", n, err ? err : "?");
            free(err);
            return -1;
        }
    }
    return 0;
}

static int mode_replay(const char *seed, long nedits, const char *src, const char *out)
{
    if (copy_file(src, out) != 0)
        return 1;
    doc *d = open_for_editing(out);
    if (!d)
        return 1;
    uint64_t s = parse_seed(seed);
    int rc = apply_edits(d, &s, 1, nedits) == 0 ? 0 : 1;
    char *err = NULL;
    if (rc == 0 && doc_save(d, &err) != 0) {
        fprintf(stderr, "doc_session: saving %s: %s\n", out, err ? err : "?");
        rc = 1;
    }
    free(err);
    doc_close(d);
    return rc;
}

/* The draft's text with the times a save or an override stamps replaced by "T" (present or
 * not is kept): meta.modified, each override's "at". */
static char *canonical(draft *dr, size_t *len)
{
    char *keep = dr->modified;
    char **at = calloc(dr->n_overrides + 1, sizeof *at);
    if (!at)
        return NULL;
    dr->modified = (char *)"T";
    for (size_t i = 0; i < dr->n_overrides; i++) {
        at[i] = dr->overrides[i].at;
        if (at[i])
            dr->overrides[i].at = (char *)"T";
    }
    char *text = draft_print(dr, len);
    dr->modified = keep;
    for (size_t i = 0; i < dr->n_overrides; i++)
        dr->overrides[i].at = at[i];
    free(at);
    return text;
}

/* 0 equal, 1 different (first differing line on stderr when `say`). */
static int compare_text(const char *a, size_t la, const char *b, size_t lb, bool say)
{
    if (la == lb && memcmp(a, b, la) == 0)
        return 0;
    if (say) {
        size_t i = 0, line = 1, start = 0;
        while (i < la && i < lb && a[i] == b[i]) {
            if (a[i] == '\n') {
                line++;
                start = i + 1;
            }
            i++;
        }
        int wa = (int)strcspn(a + start, "\n"), wb = (int)strcspn(b + start, "\n");
        fprintf(stderr, "line %zu differs:\n  < %.*s\n  > %.*s\n", line, wa > 200 ? 200 : wa,
                a + start, wb > 200 ? 200 : wb, b + start);
    }
    return 1;
}

static char *read_canonical(const char *path, size_t *len)
{
    char *err = NULL;
    draft *dr = draft_file_read(path, &err);
    if (!dr) {
        fprintf(stderr, "doc_session: %s\n", err ? err : path);
        free(err);
        return NULL;
    }
    char *text = canonical(dr, len);
    draft_free(dr);
    return text;
}

static int mode_same(const char *a, const char *b)
{
    size_t la = 0, lb = 0;
    char *ta = read_canonical(a, &la), *tb = ta ? read_canonical(b, &lb) : NULL;
    int rc = ta && tb ? compare_text(ta, la, tb, lb, true) : 2;
    free(ta);
    free(tb);
    return rc;
}

/* Edit n+1 is a row deletion that removes the row's override reasons first, each a journal
 * record of its own: a kill between them leaves a journal that ends inside the edit. Tries
 * those in-between states (the reasons removed one by one, the row still there) and returns
 * how many removals give `want`, 0 when none does. The document is left with them removed,
 * which the deletion itself would have done. */
static int match_torn_delete(doc *d, const edit *e, const char *want, size_t lw, size_t *of)
{
    inode *row = inode_kid(e->target, e->a);
    char *rp = inode_storage_path(row);
    const draft *dr = doc_draft(d);
    size_t pl = rp ? strlen(rp) : 0, n = 0;
    char **paths = rp ? calloc(dr->n_overrides + 1, sizeof *paths) : NULL;
    for (size_t i = 0; paths && i < dr->n_overrides; i++)
        if (strncmp(dr->overrides[i].path, rp, pl) == 0 && dr->overrides[i].path[pl] == '.')
            paths[n++] = strdup(dr->overrides[i].path);
    *of = n;
    int found = 0;
    for (size_t j = 0; paths && j < n && !found; j++) {
        inode *f = paths[j] ? engine_find(doc_engine(d), paths[j]) : NULL;
        eng_change chg;
        char *err = NULL;
        if (!f || inode_kind(f) != N_FIELD || doc_set_override_reason(d, f, NULL, &chg, &err)) {
            free(err);
            continue;
        }
        size_t lk = 0;
        char *text = canonical(doc_draft(d), &lk);
        if (text && compare_text(text, lk, want, lw, false) == 0)
            found = (int)j + 1;
        free(text);
    }
    for (size_t j = 0; paths && j < n; j++)
        free(paths[j]);
    free(paths);
    free(rp);
    return found;
}

static int mode_find(const char *seed, const char *src, const char *recovered, long lo, long hi)
{
    size_t lr = 0;
    char *want = read_canonical(recovered, &lr);
    char *scratch = fio_strdupf("%s.find.json", recovered);
    if (!want || !scratch || copy_file(src, scratch) != 0) {
        free(want);
        free(scratch);
        return 2;
    }
    doc *d = open_for_editing(scratch);
    if (!d) {
        free(want);
        free(scratch);
        return 2;
    }
    uint64_t s = parse_seed(seed);
    long found = -1;
    int torn = 0, rc = 0;
    size_t torn_of = 0;
    for (long k = 0; k <= hi && found < 0; k++) {
        if (k >= lo) {
            size_t lk = 0;
            char *text = canonical(doc_draft(d), &lk);
            if (!text) {
                rc = 2;
                break;
            }
            if (compare_text(text, lk, want, lr, false) == 0)
                found = k;
            free(text);
            if (found >= 0 || k == hi)
                break;
        }
        edit e;
        char *err = NULL;
        if (plan_edit(d, &s, k + 1, &e, &err) != 0) {
            fprintf(stderr, "doc_session: replaying edit %ld: %s\n", k + 1, err ? err : "?");
            free(err);
            rc = 2;
            break;
        }
        if (k >= lo && e.op == E_ROW_DEL && (torn = match_torn_delete(d, &e, want, lr,
                                                                      &torn_of)) > 0) {
            found = k;
            edit_free(&e);
            break;
        }
        if (apply_edit(d, &e, false, &err) != 0) {
            fprintf(stderr, "doc_session: replaying edit %ld: %s\n", k + 1, err ? err : "?");
            free(err);
            edit_free(&e);
            rc = 2;
            break;
        }
        edit_free(&e);
    }
    doc_close(d);
    unlink(scratch);
    char *jp = fio_strdupf("%s.journal", scratch);
    if (jp)
        unlink(jp);
    free(jp);
    free(scratch);
    free(want);
    if (rc)
        return rc;
    if (found < 0) {
        printf("none\n");
        return 1;
    }
    if (torn)
        printf("%ld torn %d/%zu\n", found, torn, torn_of);
    else
        printf("%ld\n", found);
    return 0;
}

static int usage(void)
{
    fprintf(stderr, "usage: doc_session run SEED DRAFT LOG [MAX_EDITS]\n"
                    "       doc_session replay SEED N SRC OUT\n"
                    "       doc_session same A B\n"
                    "       doc_session find SEED SRC RECOVERED LO HI\n"
                    "       doc_session now\n");
    return 2;
}

int main(int argc, char **argv)
{
    const char *sp = getenv("DOC_SESSION_SAVES");
    if (sp && *sp)
        save_pct = (unsigned)strtoul(sp, NULL, 10);
    if (argc >= 5 && argc <= 6 && !strcmp(argv[1], "run"))
        return mode_run(argv[2], argv[3], argv[4], argc == 6 ? atol(argv[5]) : 100000);
    if (argc == 6 && !strcmp(argv[1], "replay"))
        return mode_replay(argv[2], atol(argv[3]), argv[4], argv[5]);
    if (argc == 4 && !strcmp(argv[1], "same"))
        return mode_same(argv[2], argv[3]);
    if (argc == 7 && !strcmp(argv[1], "find"))
        return mode_find(argv[2], argv[3], argv[4], atol(argv[5]), atol(argv[6]));
    if (argc == 2 && !strcmp(argv[1], "now")) {
        printf("%lld\n", mono_ms());
        return 0;
    }
    return usage();
}
