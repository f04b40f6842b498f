/* A growable text buffer for writers and commands, and the text helpers they share: padding
 * to display columns, JSON string literals, and text made safe for a terminal. */
#include "report/sbuf.h"
#include "core/text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static bool sb_reserve(sbuf *b, size_t extra)
{
    if (b->oom)
        return false;
    if (b->len + extra + 1 <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1) {
        if (cap > ((size_t)-1) / 2) {
            b->oom = true;
            return false;
        }
        cap *= 2;
    }
    char *s = realloc(b->s, cap);
    if (!s) {
        b->oom = true;
        return false;
    }
    b->s = s;
    b->cap = cap;
    return true;
}

void sb_addn(sbuf *b, const char *s, size_t n)
{
    if (!sb_reserve(b, n))
        return;
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void sb_add(sbuf *b, const char *s)
{
    sb_addn(b, s, strlen(s));
}

void sb_addf(sbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->oom = true;
        return;
    }
    if (!sb_reserve(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void sb_pad(sbuf *b, int used, int width)
{
    int n = width - used;
    if (n < 1)
        n = 1;
    for (int k = 0; k < n; k++)
        sb_addn(b, " ", 1);
}

/* The length of the UTF-8 sequence at p (at most n bytes), 0 when it is not one. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
    size_t len = p[0] < 0x80 ? 1 : (p[0] & 0xe0) == 0xc0 ? 2 : (p[0] & 0xf0) == 0xe0 ? 3
               : (p[0] & 0xf8) == 0xf0 ? 4 : 0;
    if (!len || len > n || (len == 2 && p[0] < 0xc2))
        return 0;
    for (size_t i = 1; i < len; i++)
        if ((p[i] & 0xc0) != 0x80)
            return 0;
    return len;
}

/* The code point of a valid sequence of `len` bytes. */
static unsigned cp_of(const unsigned char *p, size_t len)
{
    if (len == 1)
        return p[0];
    unsigned cp = p[0] & (0x7f >> len);
    for (size_t i = 1; i < len; i++)
        cp = cp << 6 | (p[i] & 0x3f);
    return cp;
}

/* Characters that act on a terminal or reorder what it shows instead of being shown. */
static bool is_hidden_control(unsigned cp)
{
    return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) ||
           (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

void sb_json_str(sbuf *b, const char *s)
{
    if (!s) {
        sb_add(b, "null");
        return;
    }
    sb_addn(b, "\"", 1);
    const char *run = s;
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        const char *esc = NULL;
        char u[8];
        if (c == '"')
            esc = "\\\"";
        else if (c == '\\')
            esc = "\\\\";
        else if (c == '\n')
            esc = "\\n";
        else if (c == '\t')
            esc = "\\t";
        else if (c == '\r')
            esc = "\\r";
        else if (c < 0x20 || c == 0x7f) {
            snprintf(u, sizeof u, "\\u%04x", c);
            esc = u;
        } else if (c == 0xc2 || c == 0xe2) {
            /* C1 controls (C2 80–9F) and bidi overrides (E2 80 AA–AE, E2 81 A6–A9) */
            size_t len = utf8_len((const unsigned char *)p, strnlen(p, 4));
            unsigned cp = len ? cp_of((const unsigned char *)p, len) : 0;
            if (len && is_hidden_control(cp)) {
                snprintf(u, sizeof u, "\\u%04x", cp);
                sb_addn(b, run, (size_t)(p - run));
                sb_add(b, u);
                p += len - 1;
                run = p + 1;
                continue;
            }
        }
        if (esc) {
            sb_addn(b, run, (size_t)(p - run));
            sb_add(b, esc);
            run = p + 1;
        }
    }
    sb_add(b, run);
    sb_addn(b, "\"", 1);
}

void sb_free(sbuf *b)
{
    free(b->s);
    b->s = NULL;
    b->len = b->cap = 0;
    b->oom = false;
}

int sb_width(const char *s)
{
    return txt_width(s, strlen(s), AMBI_NARROW);
}

void sb_add_visible_n(sbuf *b, const char *s, size_t n, bool keep_newlines)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n, *run = p;
    while (p < end) {
        size_t len = utf8_len(p, (size_t)(end - p));
        unsigned cp = len ? cp_of(p, len) : 0;
        bool bad = !len;
        if (!bad && ((keep_newlines && cp == '\n') || !is_hidden_control(cp))) {
            p += len;
            continue;
        }
        sb_addn(b, (const char *)run, (size_t)(p - run));
        if (bad)
            sb_addf(b, "\\x%02x", p[0]);
        else if (cp < 0x80)
            sb_addf(b, "\\x%02x", cp);
        else
            sb_addf(b, "\\u%04x", cp);
        p += len ? len : 1;
        run = p;
    }
    sb_addn(b, (const char *)run, (size_t)(p - run));
}

void sb_add_visible(sbuf *b, const char *s)
{
    if (s)
        sb_add_visible_n(b, s, strlen(s), false);
}

char *sb_visible_dup(const char *s)
{
    sbuf b = {0};
    sb_add_visible(&b, s ? s : "");
    if (b.oom) {
        sb_free(&b);
        return NULL;
    }
    return b.s ? b.s : strdup("");
}
