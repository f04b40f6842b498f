/* Display width, grapheme clusters, word motion and wrapping over UTF-8 text.
 *
 * Every function accepts any bytes. A byte that does not start a valid UTF-8 sequence (as
 * u8_mbtoucr judges it: no overlongs, no surrogates, nothing past U+10FFFF) is a cluster of its
 * own, one column wide, so motion never lands inside a byte sequence. '\n' is always a cluster
 * of its own too (even after '\r'), which makes every hard line break a cluster boundary and lets
 * the work for one position be done on its hard line only. */
#include "core/text.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unictype.h>
#include <unigbrk.h>
#include <unilbrk.h>
#include <unistr.h>
#include <uniwidth.h>

typedef const uint8_t *bytes;

/* Length of the valid code point at s[0] (1..4), or 0 when s[0] is an invalid byte. */
static size_t decode(bytes s, size_t n, ucs4_t *cp)
{
    int k = u8_mbtoucr(cp, s, n);
    return k > 0 ? (size_t)k : 0;
}

/* Cluster starts of s[0..n): p[i] = 1 where a cluster starts. Grapheme breaks are computed by
 * libunistring over each maximal run of valid code points without '\n' (over the whole run at
 * once: the pairwise u8_grapheme_next would split flags and ZWJ sequences). */
static void fill_breaks(bytes s, size_t n, char *p)
{
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        ucs4_t cp;
        while (j < n && s[j] != '\n') {
            size_t k = decode(s + j, n - j, &cp);
            if (k == 0)
                break;
            j += k;
        }
        if (j > i) {
            memset(p + i, 0, j - i);
            u8_grapheme_breaks(s + i, j - i, p + i);
            p[i] = 1;
        }
        if (j < n)
            p[j++] = 1;     /* '\n' or an invalid byte: a one-byte cluster */
        i = j;
    }
}

/* When no memory is left for a break array: a simpler rule (a code point plus the zero-width,
 * non-control code points after it) so motion still works, only less exactly (flags split). */
static size_t fallback_next(bytes s, size_t n, size_t i)
{
    ucs4_t cp;
    size_t k = decode(s + i, n - i, &cp);
    if (k == 0 || cp == '\n')
        return i + 1;
    size_t j = i + k;
    bool join = cp == 0x200D;
    while (j < n && s[j] != '\n') {
        ucs4_t c;
        size_t m = decode(s + j, n - j, &c);
        if (m == 0)
            break;
        if (!join && !(uc_width(c, "UTF-8") == 0 && c != 0))
            break;
        join = c == 0x200D;
        j += m;
    }
    return j;
}

/* A break array for s[0..n): small buffers on the stack, else malloc'd; p == NULL when out of
 * memory (callers then use fallback_next). */
typedef struct {
    char *p;
    char small[256];
} breaks;

static void breaks_get(breaks *b, bytes s, size_t n)
{
    b->p = n <= sizeof b->small ? b->small : malloc(n);
    if (b->p)
        fill_breaks(s, n, b->p);
}

static void breaks_put(breaks *b)
{
    if (b->p && b->p != b->small)
        free(b->p);
    b->p = NULL;
}

/* Next cluster start after i (a cluster start) in s[0..n). */
static size_t step(bytes s, size_t n, const char *p, size_t i)
{
    if (!p)
        return fallback_next(s, n, i);
    do
        i++;
    while (i < n && !p[i]);
    return i;
}

static bool is_regional(ucs4_t c)
{
    return c >= 0x1F1E6 && c <= 0x1F1FF;
}

bool txt_is_bidi_control(unsigned int cp)
{
    return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* Columns of one cluster s[0..n). The width of its first code point, except: an invalid byte
 * a control character and a bidi override or isolate count 1 (the TUI draws a visible
 * placeholder instead: they would reorder or restyle the screen), '\n' counts 0, a cluster that
 * starts with a combining mark (no base) counts 1 (drawn on a space), an ambiguous character
 * counts 2 in AMBI_WIDE, and a flag (two regional indicators) or an emoji presentation sequence
 * (with U+FE0F) counts 2, as terminals draw them. */
static int cluster_width(bytes s, size_t n, ambi_mode am)
{
    ucs4_t cp;
    size_t k = decode(s, n, &cp);
    if (k == 0)
        return 1;
    if (cp == '\n')
        return 0;
    if (cp == 0)
        return 1;
    if (txt_is_bidi_control(cp))
        return 1;
    int w = uc_width(cp, "UTF-8");
    if (w < 0)
        return 1;
    if (w == 0)
        return uc_is_general_category(cp, UC_CATEGORY_M) ? 1 : 0;
    if (w != 1)
        return w;
    if (am == AMBI_WIDE && txt_is_ambiguous(cp))
        return 2;
    for (size_t i = k; i < n;) {
        ucs4_t c;
        size_t m = decode(s + i, n - i, &c);
        if (m == 0)
            break;
        if (c == 0xFE0F || (is_regional(cp) && is_regional(c)))
            return 2;
        i += m;
    }
    return 1;
}

/* Hard line around pos: [*a, *e) with no '\n' inside, *a just after the previous '\n'. */
static void hard_line(const char *s, size_t len, size_t pos, size_t *a, size_t *e)
{
    size_t i = pos;
    while (i > 0 && s[i - 1] != '\n')
        i--;
    *a = i;
    const char *nl = pos < len ? memchr(s + pos, '\n', len - pos) : NULL;
    *e = nl ? (size_t)(nl - s) : len;
}

int txt_width(const char *s, size_t len, ambi_mode am)
{
    bytes u = (bytes)s;
    breaks b;
    breaks_get(&b, u, len);
    long total = 0;
    for (size_t i = 0; i < len;) {
        size_t j = step(u, len, b.p, i);
        total += cluster_width(u + i, j - i, am);
        i = j;
    }
    breaks_put(&b);
    return total > INT_MAX ? INT_MAX : (int)total;
}

int txt_clusters_make(const char *s, size_t len, txt_clusters *out)
{
    out->off = NULL;
    out->n = 0;
    char *p = len ? malloc(len) : NULL;
    if (len && !p)
        return -1;
    fill_breaks((bytes)s, len, p);
    size_t n = 1;
    for (size_t i = 0; i < len; i++)
        n += p[i] != 0;
    if (n > INT_MAX) {
        free(p);
        return -1;
    }
    size_t *off = malloc(n * sizeof *off);
    if (!off) {
        free(p);
        return -1;
    }
    size_t k = 0;
    for (size_t i = 0; i < len; i++)
        if (p[i])
            off[k++] = i;
    off[k] = len;
    free(p);
    out->off = off;
    out->n = n;
    return (int)n;
}

void txt_clusters_free(txt_clusters *c)
{
    if (!c)
        return;
    free(c->off);
    c->off = NULL;
    c->n = 0;
}

size_t txt_next(const char *s, size_t len, size_t pos)
{
    if (pos >= len)
        return len;
    if (s[pos] == '\n')
        return pos + 1;
    size_t a, e;
    hard_line(s, len, pos, &a, &e);
    breaks b;
    breaks_get(&b, (bytes)s + a, e - a);
    size_t i = pos - a, r;
    if (b.p) {
        r = step((bytes)s + a, e - a, b.p, i);
    } else {
        r = 0;
        while (r <= i)
            r = fallback_next((bytes)s + a, e - a, r);
    }
    breaks_put(&b);
    return a + r;
}

size_t txt_prev(const char *s, size_t len, size_t pos)
{
    if (pos > len)
        pos = len;
    if (pos == 0)
        return 0;
    if (s[pos - 1] == '\n')
        return pos - 1;
    size_t a, e;
    hard_line(s, len, pos - 1, &a, &e);
    breaks b;
    breaks_get(&b, (bytes)s + a, e - a);
    size_t i = pos - 1 - a;     /* last byte of the cluster before pos */
    size_t r = 0;
    if (b.p) {
        while (i > 0 && !b.p[i])
            i--;
        r = i;
    } else {
        for (size_t q = 0; q <= i; q = fallback_next((bytes)s + a, e - a, q))
            r = q;
    }
    breaks_put(&b);
    return a + r;
}

size_t txt_snap(const char *s, size_t len, size_t pos)
{
    if (pos >= len)
        return len;
    if (pos == 0 || s[pos - 1] == '\n' || s[pos] == '\n')
        return pos;     /* both sides of a '\n' are boundaries */
    size_t a, e;
    hard_line(s, len, pos, &a, &e);
    breaks b;
    breaks_get(&b, (bytes)s + a, e - a);
    size_t i = pos - a;
    if (b.p) {
        while (i < e - a && !b.p[i])
            i++;
    } else {
        size_t q = 0;
        while (q < i)
            q = fallback_next((bytes)s + a, e - a, q);
        i = q;
    }
    breaks_put(&b);
    return a + i;
}

bool txt_is_boundary(const char *s, size_t len, size_t pos)
{
    return pos <= len && txt_snap(s, len, pos) == pos;
}

/* ---- word motion ---- */

enum { W_SEP, W_WORD, W_CJK };

/* Class of a cluster by its first code point. Han, kana and the iteration marks are one class
 * of their own: with no dictionary to split Chinese into words, a run of ideographs between
 * punctuation moves as one word, as in Emacs. */
static int word_class(bytes s, size_t n)
{
    ucs4_t cp;
    if (decode(s, n, &cp) == 0)
        return W_SEP;
    if (uc_is_property_ideographic(cp) || (cp >= 0x3040 && cp <= 0x30FF && cp != 0x30FB) ||
        (cp >= 0x31F0 && cp <= 0x31FF) || (cp >= 0xFF66 && cp <= 0xFF9F) || cp == 0x3005 ||
        cp == 0x303B)
        return W_CJK;
    if (cp == '_' || uc_is_property_alphabetic(cp) || uc_is_general_category(cp, UC_CATEGORY_N) ||
        uc_is_general_category(cp, UC_CATEGORY_M))
        return W_WORD;
    return W_SEP;
}

/* Cluster stepping over a precomputed list (or, when out of memory, one step at a time). */
static size_t cl_prev(const char *s, size_t len, const txt_clusters *c, size_t pos)
{
    if (!c->off)
        return txt_prev(s, len, pos);
    size_t lo = 0, hi = c->n;   /* largest off[k] < pos */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->off[mid] < pos)
            lo = mid;
        else
            hi = mid;
    }
    return c->off[lo] < pos ? c->off[lo] : 0;
}

static size_t cl_next(const char *s, size_t len, const txt_clusters *c, size_t pos)
{
    if (!c->off)
        return txt_next(s, len, pos);
    size_t lo = 0, hi = c->n - 1;   /* smallest off[k] > pos */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->off[mid] > pos)
            hi = mid;
        else
            lo = mid + 1;
    }
    return c->off[lo] > pos ? c->off[lo] : len;
}

size_t txt_word_prev(const char *s, size_t len, size_t pos)
{
    if (pos > len)
        pos = len;
    txt_clusters c;
    txt_clusters_make(s, len, &c);     /* on failure c.off == NULL: step one by one */
    size_t p = pos, q;
    while (p > 0) {
        q = cl_prev(s, len, &c, p);
        if (word_class((bytes)s + q, p - q) != W_SEP)
            break;
        p = q;
    }
    if (p > 0) {
        q = cl_prev(s, len, &c, p);
        int k = word_class((bytes)s + q, p - q);
        p = q;
        while (p > 0) {
            q = cl_prev(s, len, &c, p);
            if (word_class((bytes)s + q, p - q) != k)
                break;
            p = q;
        }
    }
    txt_clusters_free(&c);
    return p;
}

size_t txt_word_next(const char *s, size_t len, size_t pos)
{
    if (pos > len)
        pos = len;
    txt_clusters c;
    txt_clusters_make(s, len, &c);
    size_t p = pos, q;
    while (p < len) {
        q = cl_next(s, len, &c, p);
        if (word_class((bytes)s + p, q - p) != W_SEP)
            break;
        p = q;
    }
    if (p < len) {
        q = cl_next(s, len, &c, p);
        int k = word_class((bytes)s + p, q - p);
        p = q;
        while (p < len) {
            q = cl_next(s, len, &c, p);
            if (word_class((bytes)s + p, q - p) != k)
                break;
            p = q;
        }
    }
    txt_clusters_free(&c);
    return p;
}

size_t txt_offset_at_col(const char *s, size_t len, int col, ambi_mode am, int *actual_col)
{
    const char *nl = memchr(s, '\n', len);
    if (nl)
        len = (size_t)(nl - s);
    bytes u = (bytes)s;
    breaks b;
    breaks_get(&b, u, len);
    size_t best = 0, i = 0;
    int best_col = 0, c = 0;
    while (i < len) {
        size_t j = step(u, len, b.p, i);
        int w = cluster_width(u + i, j - i, am);
        if (c + w > col && w > 0)
            break;          /* the cluster at i holds column col, or lies past it */
        c += w;
        if (c > best_col) { /* the first boundary at each column wins */
            best = j;
            best_col = c;
        }
        i = j;
    }
    breaks_put(&b);
    if (i >= len)
        best = len;         /* col at or past the end */
    if (col <= 0) {
        best = 0;
        best_col = 0;
    }
    if (actual_col)
        *actual_col = best_col;
    return best;
}

/* ---- wrapping ---- */

/* Break opportunities inside one hard line s[0..n): lb[i] = 1 when a line may break before s[i].
 * Unicode line breaking (u8_possible_linebreaks) over each run of valid text; invalid bytes
 * may break on either side; after a mandatory break character other than '\n' (CR, VT, FF,
 * NEL, LS, PS inside a line) a break is allowed. */
static void fill_linebreaks(bytes s, size_t n, char *lb)
{
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        ucs4_t cp;
        while (j < n) {
            size_t k = decode(s + j, n - j, &cp);
            if (k == 0)
                break;
            j += k;
        }
        if (j > i) {
            u8_possible_linebreaks(s + i, j - i, "UTF-8", lb + i);
            char after_mandatory = 0;
            for (size_t x = i; x < j; x++) {
                char v = lb[x];
                lb[x] = v == UC_BREAK_POSSIBLE || after_mandatory;
                after_mandatory = v == UC_BREAK_MANDATORY;
            }
            lb[i] = 1;
        }
        if (j < n) {
            lb[j] = 1;
            if (j + 1 < n)
                lb[j + 1] = 1;
            j++;
        }
        i = j;
    }
    if (n)
        lb[0] = 0;
}

static int lines_push(txt_lines *l, size_t *cap, size_t start, size_t end)
{
    if (l->n == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        txt_span *nl = realloc(l->lines, nc * sizeof *nl);
        if (!nl)
            return -1;
        l->lines = nl;
        *cap = nc;
    }
    l->lines[l->n].start = start;
    l->lines[l->n].end = end;
    l->n++;
    return 0;
}

/* Punctuation that should not start a line (，。、；：！？ ） 》 ” % ...): general categories
 * Pe, Pf and Po. */
static bool no_line_start(bytes s, size_t n)
{
    ucs4_t cp;
    return decode(s, n, &cp) &&
           uc_is_general_category(cp, uc_general_category_or(
                                          uc_general_category_or(UC_CATEGORY_Pe, UC_CATEGORY_Pf),
                                          UC_CATEGORY_Po));
}

/* Where to break a line [i, ...) that has no break opportunity before the cluster at k that
 * does not fit: before k, unless k is punctuation that should not start a line; then before
 * the cluster preceding the run of such punctuation, if that leaves something on the line.
 * ("98.5%，" in 6 columns gives "98." and "5%，", not a line starting with "，".) */
static size_t emergency_break(bytes s, size_t b, const char *p, size_t i, size_t k)
{
    size_t j = k;
    while (j > i && no_line_start(s + j, b - j)) {
        do
            j--;
        while (j > i && !p[j]);
    }
    return j > i ? j : k;
}

/* Greedy layout of one hard line [a, b) of s (p: cluster starts of all of s, lb: break
 * opportunities of s[a..b) at lb[0..)). A line takes clusters while they fit (spaces count, as
 * in u8_width_linebreaks) and breaks at the last opportunity. With no opportunity on the line,
 * spaces past the edge hang at the end of a line that has other content (as
 * u8_width_linebreaks lets them), and anything else breaks the line before the cluster that
 * does not fit (u8_width_linebreaks would let it overflow: a box cannot); a cluster wider than
 * the line stands alone. */
static int layout(bytes s, size_t a, size_t b, const char *p, const char *lb, int width,
                  ambi_mode am, txt_lines *out, size_t *cap)
{
    size_t i = a;
    for (;;) {
        int col = 0;
        size_t k = i, opp = 0, brk = b;
        bool content = false;
        while (k < b) {
            size_t nk = step(s, b, p, k);
            int w = cluster_width(s + k, nk - k, am);
            bool space = s[k] == ' ' && nk == k + 1;
            if (k > i && lb[k - a])
                opp = k;
            if (k > i && col + w > width) {
                if (!opp && space && content) {
                    col += w;       /* hang: an invisible space needs no room */
                    k = nk;
                    continue;
                }
                brk = opp ? opp : emergency_break(s, b, p, i, k);
                break;
            }
            if (!space)
                content = true;
            col += w;
            k = nk;
        }
        if (k >= b)
            return lines_push(out, cap, i, b);
        if (lines_push(out, cap, i, brk) < 0)
            return -1;
        i = brk;
    }
}

int txt_wrap(const char *s, size_t len, int width, ambi_mode am, txt_lines *out)
{
    out->lines = NULL;
    out->n = 0;
    if (width < 1)
        width = 1;
    bytes u = (bytes)s;
    char *p = malloc(len ? len : 1), *lb = malloc(len ? len : 1);
    if (!p || !lb) {
        free(p);
        free(lb);
        return -1;
    }
    fill_breaks(u, len, p);
    size_t cap = 0, a = 0;
    int rc = 0;
    for (;;) {
        const char *nl = memchr(s + a, '\n', len - a);
        size_t b = nl ? (size_t)(nl - s) : len;
        fill_linebreaks(u + a, b - a, lb);
        if (layout(u, a, b, p, lb, width, am, out, &cap) < 0) {
            rc = -1;
            break;
        }
        if (!nl)
            break;
        a = b + 1;
    }
    free(p);
    free(lb);
    if (rc < 0 || out->n > INT_MAX) {
        txt_lines_free(out);
        return -1;
    }
    return (int)out->n;
}

void txt_lines_free(txt_lines *l)
{
    if (!l)
        return;
    free(l->lines);
    l->lines = NULL;
    l->n = 0;
}

/* ---- validation and cleaning ---- */

bool txt_valid_utf8(const char *s, size_t len)
{
    return u8_check((bytes)s, len) == NULL && memchr(s, '\0', len) == NULL;
}

static bool is_control(ucs4_t c)
{
    return c < 0x20 || (c >= 0x7F && c < 0xA0);
}

/* One pass of txt_sanitize: writes to out when it is not NULL, returns the output length. */
static size_t sanitize_pass(bytes s, size_t len, bool keep_newlines, char *out)
{
    static const char fffd[] = "\xEF\xBF\xBD";
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        ucs4_t c;
        size_t k = decode(s + i, len - i, &c);
        const char *put = (const char *)s + i;
        size_t n = k;
        if (k == 0) {
            put = fffd;     /* each invalid byte is one replacement character */
            n = 3;
            k = 1;
        } else if (c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029) {
            /* line ends of other systems become '\n' (CR LF one of them) */
            if (c == '\r' && i + 1 < len && s[i + 1] == '\n')
                k = 2;
            put = "\n";
            n = keep_newlines ? 1 : 0;
        } else if (c == '\n' || c == '\t') {
            n = keep_newlines ? 1 : 0;
        } else if (is_control(c)) {
            n = 0;
        }
        if (out && n)
            memcpy(out + o, put, n);
        o += n;
        i += k;
    }
    return o;
}

char *txt_sanitize(const char *s, size_t len, bool keep_newlines, size_t *out_len)
{
    size_t n = sanitize_pass((bytes)s, len, keep_newlines, NULL);
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    sanitize_pass((bytes)s, len, keep_newlines, out);
    out[n] = '\0';
    if (out_len)
        *out_len = n;
    return out;
}
