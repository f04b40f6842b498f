/* Drawing text by grapheme cluster (see tui/draw.h). */
#include "tui/draw.h"

#include <string.h>
#include <unictype.h>
#include <unistr.h>
#include <uniwidth.h>

int draw_widthn(const char *s, size_t len)
{
    return txt_width(s, len, term_ambi());
}

int draw_width(const char *s)
{
    return s ? draw_widthn(s, strlen(s)) : 0;
}

void draw_fill(int y, int x, int w, attr_t a)
{
    if (w <= 0)
        return;
    attrset(a);
    mvhline(y, x, ' ', w);
    attrset(A_NORMAL);
}

/* Draws one cluster of `w` columns as the layout counted it. */
static void put_cluster(int y, int x, const char *c, size_t n, int w)
{
    ucs4_t cp;
    int k = u8_mbtouc(&cp, (const uint8_t *)c, n);
    bool bad = cp == 0xFFFD && !(n >= 3 && memcmp(c, "\xef\xbf\xbd", 3) == 0);
    if (k > 0 && !bad && cp == '\n' && w == 0)
        return;
    if (k > 0 && !bad && (cp < 0x20 || cp == 0x7f) && w == 1) {
        /* a control character as its symbol (U+2400 + code, DEL U+2421): "␛[5m" shows what
         * would have made the text blink */
        wchar_t pic[2] = {(wchar_t)(cp == 0x7f ? 0x2421 : 0x2400 + cp), 0};
        mvaddnwstr(y, x, pic, 1);
        return;
    }
    if (k <= 0 || bad || cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || txt_is_bidi_control(cp)) {
        /* C1 controls, bidi overrides and isolates, bytes that are not UTF-8 */
        for (int i = 0; i < w; i++)
            mvaddch(y, x + i, '?' | A_REVERSE);
        return;
    }
    if (uc_width(cp, "UTF-8") == 0 && w > 0) {
        /* a combining mark with no base: curses would put it on the previous cell */
        mvaddch(y, x, ' ');
        addnstr(c, (int)n);
        return;
    }
    mvaddnstr(y, x, c, (int)n);
}

int draw_text(int y, int x, int maxw, const char *s, size_t len, attr_t a)
{
    if (!s || maxw <= 0)
        return 0;
    ambi_mode am = term_ambi();
    int col = 0;
    attrset(a);
    for (size_t i = 0; i < len;) {
        size_t j = txt_next(s, len, i);
        if (j <= i)
            break;
        int w = txt_width(s + i, j - i, am);
        if (col + w > maxw)
            break;
        put_cluster(y, x + col, s + i, j - i, w);
        col += w;
        i = j;
    }
    attrset(A_NORMAL);
    return col;
}

size_t draw_prefix(const char *s, size_t len, int maxw)
{
    ambi_mode am = term_ambi();
    int col = 0;
    size_t i = 0;
    while (i < len) {
        size_t j = txt_next(s, len, i);
        if (j <= i)
            break;
        int w = txt_width(s + i, j - i, am);
        if (col + w > maxw)
            break;
        col += w;
        i = j;
    }
    return i;
}

void draw_text_pad(int y, int x, int maxw, const char *s, attr_t a)
{
    int w = s ? draw_text(y, x, maxw, s, strlen(s), a) : 0;
    draw_fill(y, x + w, maxw - w, a);
}

static const char ELLIPSIS[] = "\xe2\x80\xa6";   /* … (ambiguous: its width follows the mode) */

void draw_text_fit(int y, int x, int maxw, const char *s, attr_t a)
{
    if (maxw <= 0)
        return;
    if (!s)
        s = "";
    size_t len = strlen(s);
    if (draw_widthn(s, len) <= maxw) {
        draw_text_pad(y, x, maxw, s, a);
        return;
    }
    int ew = draw_widthn(ELLIPSIS, sizeof ELLIPSIS - 1);
    size_t keep = draw_prefix(s, len, maxw - ew);
    int w = draw_text(y, x, maxw, s, keep, a);
    if (w + ew <= maxw)
        w += draw_text(y, x + w, ew, ELLIPSIS, sizeof ELLIPSIS - 1, a);
    draw_fill(y, x + w, maxw - w, a);
}

void draw_text_right(int y, int x, int maxw, const char *s, attr_t a)
{
    if (maxw <= 0)
        return;
    if (!s)
        s = "";
    int w = draw_width(s);
    if (w > maxw) {
        draw_text_fit(y, x, maxw, s, a);
        return;
    }
    draw_fill(y, x, maxw - w, a);
    draw_text(y, x + maxw - w, w, s, strlen(s), a);
}

int utf8_encode(int code, char out[8])
{
    if (code < 0 || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
        return 0;
    int k = u8_uctomb((uint8_t *)out, (ucs4_t)code, 8);
    return k > 0 ? k : 0;
}
