/* libFuzzer target for core/text and core/lineedit.
 *
 * Input: byte 0 picks the width (1..80), byte 1 the ambiguous mode, whether the editing buffer
 * is a paragraph and where the rest splits; the rest is text for the txt_* functions and,
 * after the split, a script of editing operations (each byte an operation, some followed by
 * their argument bytes). Invariants are checked with abort() so libFuzzer reports them. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistr.h>

#include "core/lineedit.h"
#include "core/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                   \
    do {                                                                              \
        if (!(cond)) {                                                                \
            fprintf(stderr, "invariant failed at %s:%d: %s\n", __FILE__, __LINE__, #cond); \
            abort();                                                                  \
        }                                                                             \
    } while (0)

/* Boundaries: ascending from 0 to len, never inside a valid UTF-8 sequence, always on both
 * sides of an invalid byte; txt_next / txt_prev / txt_snap agree with them. */
static bool check_clusters(const char *s, size_t len, char *isb)
{
    txt_clusters c;
    int n = txt_clusters_make(s, len, &c);
    if (n < 0)
        return false;       /* out of memory: nothing to check */
    CHECK((size_t)n == c.n && c.n >= 1);
    CHECK(c.off[0] == 0 && c.off[c.n - 1] == len);
    for (size_t i = 1; i < c.n; i++)
        CHECK(c.off[i] > c.off[i - 1]);
    for (size_t i = 0; i < c.n; i++)
        isb[c.off[i]] = 1;
    for (size_t i = 0; i < len;) {
        ucs4_t cp;
        int k = u8_mbtoucr(&cp, (const uint8_t *)s + i, len - i);
        if (k <= 0) {
            CHECK(isb[i] && isb[i + 1]);
            i++;
        } else {
            for (int j = 1; j < k; j++)
                CHECK(!isb[i + j]);
            if (cp == '\n')
                CHECK(isb[i] && isb[i + 1]);
            i += (size_t)k;
        }
    }
    for (size_t i = 0; i + 1 < c.n; i += c.n <= 64 ? 1 : c.n / 32) {
        CHECK(txt_next(s, len, c.off[i]) == c.off[i + 1]);
        CHECK(txt_prev(s, len, c.off[i + 1]) == c.off[i]);
    }
    /* (every position of short inputs; a sample of long ones, which cost O(n) each) */
    size_t stride = len <= 64 ? 1 : len / 32;
    for (size_t pos = 0, k = 0; pos <= len; pos += stride) {
        while (c.off[k] < pos)
            k++;
        CHECK(txt_snap(s, len, pos) == c.off[k]);
    }
    /* width is the sum of the clusters' widths, each 0..2 */
    for (int am = 0; am <= 1; am++) {
        long sum = 0;
        for (size_t i = 0; i + 1 < c.n; i++) {
            int w = txt_width(s + c.off[i], c.off[i + 1] - c.off[i], (ambi_mode)am);
            CHECK(w >= 0 && w <= 2);
            sum += w;
        }
        CHECK(txt_width(s, len, (ambi_mode)am) == sum);
    }
    /* word motion moves from boundary to boundary, in its direction */
    for (size_t i = 0; i < c.n; i += 1 + c.n / 16) {
        size_t p = c.off[i];
        size_t a = txt_word_prev(s, len, p), b = txt_word_next(s, len, p);
        CHECK(a <= p && isb[a] && (p == 0 || a < p));
        CHECK(b >= p && b <= len && isb[b] && (p == len || b > p));
    }
    txt_clusters_free(&c);
    return true;
}

/* Lines in order, covering the text, separated by nothing or one '\n', on cluster boundaries,
 * each within width (trailing spaces may hang) unless it holds a single cluster. */
static void check_wrap(const char *s, size_t len, const char *isb, int width, ambi_mode am)
{
    txt_lines l;
    int n = txt_wrap(s, len, width, am, &l);
    if (n < 0)
        return;
    CHECK((size_t)n == l.n && l.n >= 1);
    CHECK(l.lines[0].start == 0 && l.lines[l.n - 1].end == len);
    for (size_t i = 0; i < l.n; i++) {
        txt_span sp = l.lines[i];
        CHECK(sp.start <= sp.end && sp.end <= len);
        CHECK(memchr(s + sp.start, '\n', sp.end - sp.start) == NULL);
        CHECK(isb[sp.start] && isb[sp.end]);
        if (i + 1 < l.n) {
            size_t next = l.lines[i + 1].start;
            CHECK(next == sp.end || (next == sp.end + 1 && s[sp.end] == '\n'));
            if (next == sp.end)
                CHECK(sp.end > sp.start);
        } else {
            CHECK(sp.end == len);
        }
        size_t e = sp.end;
        while (e > sp.start && s[e - 1] == ' ')
            e--;
        if (e < sp.end)     /* hanging spaces follow other content */
            CHECK(e > sp.start || txt_width(s + sp.start, sp.end - sp.start, am) <= width);
        if (txt_width(s + sp.start, e - sp.start, am) > width)
            CHECK(txt_next(s, len, sp.start) >= e);
    }
    txt_lines_free(&l);
    /* offset at a column: a boundary whose column is at most the one asked */
    for (int col = -1; col <= width + 2; col += 1 + width / 4) {
        int ac = -1;
        const char *nl = memchr(s, '\n', len);
        size_t hl = nl ? (size_t)(nl - s) : len;
        size_t off = txt_offset_at_col(s, len, col, am, &ac);
        CHECK(off <= hl && isb[off]);
        CHECK(ac == txt_width(s, off, am));
        CHECK(col < 0 ? ac == 0 && off == 0 : ac <= col);
    }
}

static void check_sanitize(const char *s, size_t len)
{
    for (int keep = 0; keep <= 1; keep++) {
        size_t n;
        char *t = txt_sanitize(s, len, keep, &n);
        if (!t)
            continue;
        CHECK(t[n] == '\0' && txt_valid_utf8(t, n));
        for (size_t i = 0; i < n; i++) {
            unsigned char ch = (unsigned char)t[i];
            CHECK(ch >= 0x20 || (keep && (ch == '\n' || ch == '\t')));
            CHECK(ch != 0x7F);
        }
        free(t);
    }
}

static void check_buf(const le_buf *e)
{
    CHECK(e->buf && e->len < e->cap && e->buf[e->len] == '\0');
    CHECK(e->cur <= e->len);
    CHECK(txt_is_boundary(e->buf, e->len, e->cur));
    CHECK(txt_valid_utf8(e->buf, e->len));
    for (size_t i = 0; i < e->len; i++) {
        unsigned char ch = (unsigned char)e->buf[i];
        CHECK(ch >= 0x20 || (ch == '\n' && e->multiline));
    }
    CHECK(e->killed == NULL || e->killed[e->killed_len] == '\0');
}

static void run_ops(const uint8_t *d, size_t n, int width, ambi_mode am, bool multiline,
                    size_t split)
{
    le_buf e;
    if (le_init(&e, (const char *)d, split, multiline) < 0) {
        le_free(&e);
        return;
    }
    check_buf(&e);
    int height = 1 + width % 7;
    for (size_t i = split; i < n;) {
        uint8_t op = d[i++];
        size_t before = e.cur;
        /* kill then yank, yank, ... doubles the text: past 4 KB every operation is slow for
         * nothing new (each is O(length of the line)), so stop growing there */
        if (e.len > 4096 && (op % 20 <= 2 || op % 20 == 14))
            continue;
        switch (op % 20) {
        case 0: case 1: case 2: {   /* insert up to 31 following bytes */
            size_t k = op / 20 % 32;
            if (k > n - i)
                k = n - i;
            size_t len0 = e.len;
            if (le_insert(&e, (const char *)d + i, k) == 0)
                CHECK(e.len >= len0);
            i += k;
            break;
        }
        case 3: le_left(&e); CHECK(e.cur < before || before == 0); break;
        case 4: le_right(&e); CHECK(e.cur > before || before == e.len); break;
        case 5: le_home(&e); break;
        case 6: le_end(&e); break;
        case 7: le_word_left(&e); CHECK(e.cur <= before); break;
        case 8: le_word_right(&e); CHECK(e.cur >= before); break;
        case 9: { size_t l0 = e.len; if (le_backspace(&e)) CHECK(e.len < l0); break; }
        case 10: { size_t l0 = e.len; if (le_delete(&e)) CHECK(e.len < l0); break; }
        case 11: le_kill_to_end(&e); break;
        case 12: le_kill_to_start(&e); break;
        case 13: le_kill_word_back(&e); break;
        case 14: le_yank(&e); break;
        case 15: le_up(&e, width, am); break;
        case 16: le_down(&e, width, am); break;
        case 17: {
            size_t vs, ve;
            int c = le_view(&e, width, am, &vs, &ve);
            CHECK(c >= 0 && c < width);
            CHECK(vs <= ve && ve <= e.len);
            CHECK(txt_is_boundary(e.buf, e.len, vs) && txt_is_boundary(e.buf, e.len, ve));
            int vcol = txt_width(e.buf, vs, am) - e.scroll;
            CHECK(vcol >= 0 && vcol <= 1);
            CHECK(vcol + txt_width(e.buf + vs, ve - vs, am) <= width);
            break;
        }
        case 18: {
            int r, c;
            le_para_view(&e, width, height, am, &r, &c);
            CHECK(r >= 0 && r < height && c >= 0 && c < width && e.top >= 0);
            break;
        }
        default: {                  /* set: replace all with up to 15 following bytes */
            size_t k = op / 20 % 16;
            if (k > n - i)
                k = n - i;
            le_set(&e, (const char *)d + i, k);
            i += k;
            break;
        }
        }
        check_buf(&e);
        if (op % 20 >= 3 && op % 20 <= 8)
            CHECK(e.goal_col == -1);    /* only up/down keep a goal column */
    }
    le_free(&e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    int width = data[0] % 80 + 1;
    ambi_mode am = (data[1] & 1) ? AMBI_WIDE : AMBI_NARROW;
    bool multiline = (data[1] & 2) != 0;
    const char *s = (const char *)data + 2;
    size_t len = size - 2;

    char *isb = calloc(len + 1, 1);     /* isb[i]: a cluster starts at i (or i == len) */
    if (!isb)
        return 0;
    if (check_clusters(s, len, isb)) {
        check_wrap(s, len, isb, width, am);
        check_wrap(s, len, isb, width, am == AMBI_WIDE ? AMBI_NARROW : AMBI_WIDE);
    }
    free(isb);
    check_sanitize(s, len);

    size_t split = len ? (size_t)(data[1] >> 2) * len / 64 : 0;
    run_ops((const uint8_t *)s, len, width, am, multiline, split);
    return 0;
}
