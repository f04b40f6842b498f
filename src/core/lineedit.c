/* Editing buffer for one field: a single line or a wrapped paragraph.
 *
 * The buffer holds cleaned text only (valid UTF-8, no control characters but '\n' in a
 * paragraph), yet every operation also copes with whatever a caller may have put in e->buf:
 * all motion goes through text.c, which treats invalid bytes as clusters of their own. After
 * each edit the cursor is snapped to a cluster boundary, because joining text can swallow it
 * (a base letter typed before a combining mark, a regional indicator before another). */
#include "core/lineedit.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Room for need bytes of text plus the NUL; grows by doubling so typing is amortised O(1). */
static int reserve(le_buf *e, size_t need)
{
    if (need == SIZE_MAX)
        return -1;
    if (need + 1 <= e->cap)
        return 0;
    size_t cap = e->cap ? e->cap : 32;
    while (cap < need + 1)
        cap = cap > SIZE_MAX / 2 ? need + 1 : cap * 2;
    char *nb = realloc(e->buf, cap);
    if (!nb)
        return -1;
    e->buf = nb;
    e->cap = cap;
    return 0;
}

/* The text as this buffer keeps it: cleaned by txt_sanitize, then single-line turns '\n' and
 * '\t' into spaces (after dropping trailing line ends), a paragraph '\t' into a space. */
static char *clean(const le_buf *e, const char *text, size_t len, size_t *out_len)
{
    size_t n;
    char *t = txt_sanitize(text, len, true, &n);
    if (!t)
        return NULL;
    if (!e->multiline)
        while (n > 0 && t[n - 1] == '\n')
            t[--n] = '\0';
    for (size_t i = 0; i < n; i++)
        if (t[i] == '\t' || (t[i] == '\n' && !e->multiline))
            t[i] = ' ';
    *out_len = n;
    return t;
}

static void snap(le_buf *e)
{
    if (e->cur > e->len)
        e->cur = e->len;
    e->cur = txt_snap(e->buf, e->len, e->cur);
}

int le_init(le_buf *e, const char *text, size_t len, bool multiline)
{
    memset(e, 0, sizeof *e);
    e->multiline = multiline;
    e->goal_col = -1;
    if (reserve(e, 0) < 0)
        return -1;
    e->buf[0] = '\0';
    return le_set(e, text, len);
}

void le_free(le_buf *e)
{
    if (!e)
        return;
    free(e->buf);
    free(e->killed);
    e->buf = NULL;
    e->killed = NULL;
    e->len = e->cap = e->cur = e->killed_len = 0;
}

int le_set(le_buf *e, const char *text, size_t len)
{
    size_t n;
    char *t = clean(e, text ? text : "", text ? len : 0, &n);
    if (!t)
        return -1;
    if (reserve(e, n) < 0) {
        free(t);
        return -1;
    }
    memcpy(e->buf, t, n + 1);
    free(t);
    e->len = n;
    e->cur = n;
    e->scroll = 0;
    e->top = 0;
    e->goal_col = -1;
    return 0;
}

int le_insert(le_buf *e, const char *text, size_t len)
{
    snap(e);                /* never insert inside a cluster, whatever e->cur was set to */
    size_t n;
    char *t = clean(e, text, len, &n);
    if (!t)
        return -1;
    if (n == 0) {
        free(t);
        return 0;
    }
    if (n > SIZE_MAX - e->len || reserve(e, e->len + n) < 0) {
        free(t);
        return -1;
    }
    /* one move of the tail, one copy of the text: pasting 10 KB costs the same as a key */
    memmove(e->buf + e->cur + n, e->buf + e->cur, e->len - e->cur + 1);
    memcpy(e->buf + e->cur, t, n);
    free(t);
    e->len += n;
    e->cur += n;
    e->goal_col = -1;
    snap(e);
    return 0;
}

/* Removes [a, b) and leaves the cursor at a (snapped: the text around may have joined). */
static void cut(le_buf *e, size_t a, size_t b)
{
    memmove(e->buf + a, e->buf + b, e->len - b + 1);
    e->len -= b - a;
    e->cur = a;
    e->goal_col = -1;
    snap(e);
}

/* Removes [a, b) keeping it for le_yank; nothing happens when it cannot be kept. */
static bool kill_range(le_buf *e, size_t a, size_t b)
{
    if (a >= b)
        return false;
    char *k = malloc(b - a + 1);
    if (!k)
        return false;
    memcpy(k, e->buf + a, b - a);
    k[b - a] = '\0';
    free(e->killed);
    e->killed = k;
    e->killed_len = b - a;
    cut(e, a, b);
    return true;
}

void le_left(le_buf *e)
{
    e->cur = txt_prev(e->buf, e->len, e->cur);
    e->goal_col = -1;
}

void le_right(le_buf *e)
{
    snap(e);
    e->cur = txt_next(e->buf, e->len, e->cur);
    e->goal_col = -1;
}

void le_word_left(le_buf *e)
{
    e->cur = txt_word_prev(e->buf, e->len, e->cur);
    e->goal_col = -1;
}

void le_word_right(le_buf *e)
{
    snap(e);
    e->cur = txt_word_next(e->buf, e->len, e->cur);
    e->goal_col = -1;
}

bool le_backspace(le_buf *e)
{
    snap(e);
    if (e->cur == 0)
        return false;
    cut(e, txt_prev(e->buf, e->len, e->cur), e->cur);
    return true;
}

bool le_delete(le_buf *e)
{
    snap(e);
    if (e->cur >= e->len)
        return false;
    cut(e, e->cur, txt_next(e->buf, e->len, e->cur));
    return true;
}

/* Start of the hard line holding pos, and its end (the '\n' or the text's end). */
static size_t hard_start(const le_buf *e, size_t pos)
{
    while (pos > 0 && e->buf[pos - 1] != '\n')
        pos--;
    return pos;
}

static size_t hard_end(const le_buf *e, size_t pos)
{
    const char *nl = memchr(e->buf + pos, '\n', e->len - pos);
    return nl ? (size_t)(nl - e->buf) : e->len;
}

bool le_kill_to_end(le_buf *e)
{
    snap(e);
    if (!e->multiline)
        return kill_range(e, e->cur, e->len);
    size_t end = hard_end(e, e->cur);
    if (end == e->cur && end < e->len)
        end++;          /* at the end of a line: join the next one, as Emacs does */
    return kill_range(e, e->cur, end);
}

bool le_kill_to_start(le_buf *e)
{
    snap(e);
    if (!e->multiline)
        return kill_range(e, 0, e->cur);
    size_t start = hard_start(e, e->cur);
    if (start == e->cur && start > 0)
        start--;        /* at the start of a line: join it to the previous one */
    return kill_range(e, start, e->cur);
}

bool le_kill_word_back(le_buf *e)
{
    snap(e);
    return kill_range(e, txt_word_prev(e->buf, e->len, e->cur), e->cur);
}

int le_yank(le_buf *e)
{
    if (!e->killed || e->killed_len == 0)
        return 0;
    return le_insert(e, e->killed, e->killed_len);
}

/* ---- single line view ---- */

/* The cursor as le_view sees it: on a cluster boundary, inside the text (le_view snaps e->cur
 * there; the pure queries only compute it). */
static size_t view_cursor(const le_buf *e)
{
    size_t cur = e->cur > e->len ? e->len : e->cur;
    return txt_snap(e->buf, e->len, cur);
}

int le_view_scroll(const le_buf *e, int scroll, int width, ambi_mode am)
{
    if (width < 1)
        return scroll;
    size_t cur = view_cursor(e);
    int cc = txt_width(e->buf, cur, am);
    int tw = cc + txt_width(e->buf + cur, e->len - cur, am);
    int margin = (width - 1) / 4;
    if (margin > 3)
        margin = 3;
    size_t nx = txt_next(e->buf, e->len, cur);
    int wcur = txt_width(e->buf + cur, nx - cur, am);

    /* no blank space on the right while text is scrolled off on the left */
    int max_scroll = tw + 1 - width;
    if (scroll > max_scroll)
        scroll = max_scroll;
    if (scroll < 0)
        scroll = 0;
    /* right: the cursor's cluster whole, and up to `margin` columns of text after it */
    int rm = tw - cc < margin ? tw - cc : margin;
    if (rm < wcur - 1)
        rm = wcur - 1;
    if (cc + rm > scroll + width - 1)
        scroll = cc + rm - (width - 1);
    /* left (wins over the right when the field is too narrow for both): margin before it */
    int lm = cc < margin ? cc : margin;
    if (cc - lm < scroll)
        scroll = cc - lm;
    return scroll;
}

int le_view_span(const le_buf *e, int scroll, int width, ambi_mode am, size_t *vis_start,
                 size_t *vis_end)
{
    size_t cur = view_cursor(e);
    if (width < 1) {
        *vis_start = *vis_end = cur;
        return 0;
    }
    /* the clusters wholly inside [scroll, scroll + width) */
    size_t vs = e->len, ve = e->len;
    bool found = false;
    int col = 0;
    txt_clusters cl;        /* once for the line: stepping with txt_next would be quadratic */
    txt_clusters_make(e->buf, e->len, &cl);
    for (size_t i = 0, ci = 1; i < e->len; ci++) {
        size_t j = cl.off ? cl.off[ci] : txt_next(e->buf, e->len, i);
        int w = txt_width(e->buf + i, j - i, am);
        if (!found && col >= scroll) {
            vs = ve = i;
            found = true;
        }
        if (found) {
            if (col + w > scroll + width)
                break;
            ve = j;
        }
        col += w;
        i = j;
    }
    txt_clusters_free(&cl);
    *vis_start = vs;
    *vis_end = ve;
    return txt_width(e->buf, cur, am) - scroll;
}

int le_view(le_buf *e, int width, ambi_mode am, size_t *vis_start, size_t *vis_end)
{
    snap(e);
    if (width < 1) {
        *vis_start = *vis_end = e->cur;
        return 0;
    }
    e->scroll = le_view_scroll(e, e->scroll, width, am);
    return le_view_span(e, e->scroll, width, am, vis_start, vis_end);
}

/* ---- paragraph ---- */

/* Index of the wrapped line holding pos: the last line starting at or before it (a position
 * at a soft break belongs to the line after it). */
static size_t line_of(const txt_lines *l, size_t pos)
{
    size_t lo = 0, hi = l->n;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (l->lines[mid].start <= pos)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* The furthest cursor position on line k: its end, except on a soft-wrapped line, whose end is
 * the next line's start: there the position before its last cluster. */
static size_t line_max(const le_buf *e, const txt_lines *l, size_t k)
{
    txt_span sp = l->lines[k];
    if (k + 1 == l->n || sp.end >= e->len || e->buf[sp.end] == '\n' || sp.end == sp.start)
        return sp.end;
    size_t p = txt_prev(e->buf, e->len, sp.end);
    return p < sp.start ? sp.start : p;
}

static void remember_view(le_buf *e, int width, ambi_mode am)
{
    e->view_width = width < 1 ? 1 : width;
    e->view_am = am;
}

/* Wrapped lines of the hard line holding pos, with offsets into e->buf. Wrapping is per hard
 * line, so motion needs only this one (and a neighbour), not the whole paragraph. */
static int wrap_hard(const le_buf *e, size_t pos, int width, ambi_mode am, txt_lines *l)
{
    size_t a = hard_start(e, pos), b = hard_end(e, pos);
    int n = txt_wrap(e->buf + a, b - a, width, am, l);
    for (size_t i = 0; n > 0 && i < l->n; i++) {
        l->lines[i].start += a;
        l->lines[i].end += a;
    }
    return n;
}

/* Moves to line k of l at the goal column. */
static void goto_line(le_buf *e, const txt_lines *l, size_t k, ambi_mode am)
{
    size_t start = l->lines[k].start, max = line_max(e, l, k);
    e->cur = start + txt_offset_at_col(e->buf + start, max - start, e->goal_col, am, NULL);
}

static void vertical(le_buf *e, int width, ambi_mode am, int dir)
{
    remember_view(e, width, am);
    width = e->view_width;
    snap(e);
    txt_lines l, nb;
    if (wrap_hard(e, e->cur, width, am, &l) < 0)
        return;
    size_t k = line_of(&l, e->cur);
    size_t first = l.lines[0].start, last = l.lines[l.n - 1].end;
    bool within = dir < 0 ? k > 0 : k + 1 < l.n;
    bool across = !within && (dir < 0 ? first > 0 : last < e->len);
    if ((within || across) && e->goal_col < 0)
        e->goal_col = txt_width(e->buf + l.lines[k].start, e->cur - l.lines[k].start, am);
    if (within) {
        goto_line(e, &l, dir < 0 ? k - 1 : k + 1, am);
    } else if (across && wrap_hard(e, dir < 0 ? first - 1 : last + 1, width, am, &nb) > 0) {
        goto_line(e, &nb, dir < 0 ? nb.n - 1 : 0, am);
        txt_lines_free(&nb);
    }
    txt_lines_free(&l);
}

void le_up(le_buf *e, int width, ambi_mode am)
{
    vertical(e, width, am, -1);
}

void le_down(le_buf *e, int width, ambi_mode am)
{
    vertical(e, width, am, +1);
}

void le_home(le_buf *e)
{
    e->goal_col = -1;
    snap(e);
    if (!e->multiline) {
        e->cur = 0;
        return;
    }
    txt_lines l;
    if (e->view_width < 1 || wrap_hard(e, e->cur, e->view_width, e->view_am, &l) < 0) {
        e->cur = hard_start(e, e->cur);
        return;
    }
    e->cur = l.lines[line_of(&l, e->cur)].start;
    txt_lines_free(&l);
}

void le_end(le_buf *e)
{
    e->goal_col = -1;
    snap(e);
    if (!e->multiline) {
        e->cur = e->len;
        return;
    }
    txt_lines l;
    if (e->view_width < 1 || wrap_hard(e, e->cur, e->view_width, e->view_am, &l) < 0) {
        e->cur = hard_end(e, e->cur);
        return;
    }
    e->cur = line_max(e, &l, line_of(&l, e->cur));
    txt_lines_free(&l);
}

void le_para_view(le_buf *e, int width, int height, ambi_mode am, int *row, int *col)
{
    remember_view(e, width, am);
    width = e->view_width;
    if (height < 1)
        height = 1;
    snap(e);
    txt_lines l;
    if (txt_wrap(e->buf, e->len, width, am, &l) < 0) {
        *row = 0;
        *col = 0;
        return;
    }
    size_t k = line_of(&l, e->cur);
    int r = (int)k;
    int c = txt_width(e->buf + l.lines[k].start, e->cur - l.lines[k].start, am);
    int rows = (int)l.n;
    if (c >= width) {
        if (e->cur == e->len && k + 1 == l.n) {
            r++;        /* typing goes on at the start of the next row */
            c = 0;
            rows++;
        } else {
            c = width - 1;
        }
    }
    txt_lines_free(&l);
    if (e->top > r)
        e->top = r;
    if (r >= e->top + height)
        e->top = r - height + 1;
    if (e->top > rows - height)
        e->top = rows - height;     /* no blank rows below while text is above the box */
    if (e->top < 0)
        e->top = 0;
    *row = r - e->top;
    *col = c;
}
