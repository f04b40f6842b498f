/* Lexer of the expression language (grammar in core/expr.h). It reports byte positions so
 * the form editor can point at the exact place of a mistake. */
#include "expr_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Identifiers and numbers are ASCII, so messages may quote a prefix of them safely; a cap
 * keeps a pasted 10 KB name from flooding the status line, and the "..." says it was cut. */
#define QUOTE_MAX 40

char *expr_msg(const char *fmt, ...)
{
    va_list ap;
    char *s = NULL;
    if (expr_test_alloc_fails())
        return NULL;
    va_start(ap, fmt);
    int n = vasprintf(&s, fmt, ap);
    va_end(ap);
    return n < 0 ? NULL : s;
}

#ifdef SELFEVAL_TESTING
static long fail_countdown = -1, failures;

bool expr_test_alloc_fails(void)
{
    if (fail_countdown < 0)
        return false;
    if (fail_countdown-- > 0)
        return false;
    failures++;
    return true;             /* fail_countdown is now -1: only this one fails */
}

long expr_test_fail_alloc_after(long n)
{
    long f = failures;
    failures = 0;
    fail_countdown = n;
    return f;
}
#endif

void expr_lex_init(expr_lexer *lx, const char *src, size_t len)
{
    memset(lx, 0, sizeof *lx);
    lx->src = src;
    lx->len = src ? len : 0;
}

static tok_kind lex_fail(expr_lexer *lx, expr_token *t, size_t pos, char *msg)
{
    /* Keep the first error only: the parser stops at it. */
    if (!lx->err && !lx->oom) {
        lx->err = msg;
        lx->oom = msg == NULL;
        lx->err_pos = pos;
    } else {
        free(msg);
    }
    t->kind = T_ERR;
    t->pos = pos;
    t->len = 0;
    return T_ERR;
}

static bool is_ident_start(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

static bool is_ident_char(unsigned char c) { return is_ident_start(c) || is_digit(c); }

/* Length of the valid UTF-8 sequence at s[0..n), or 0 when it is not one (overlong forms,
 * surrogates and code points above U+10FFFF are invalid). *cp receives the code point. */
static size_t utf8_seq(const unsigned char *s, size_t n, unsigned *cp)
{
    unsigned c = s[0];
    size_t need;
    unsigned lo = 0x80, hi = 0xBF;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
        *cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        *cp = c & 0x0F;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        *cp = c & 0x07;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else {
        return 0;
    }
    if (n < need + 1)
        return 0;
    for (size_t i = 1; i <= need; i++) {
        unsigned b = s[i];
        if (b < (i == 1 ? lo : 0x80) || b > (i == 1 ? hi : 0xBF))
            return 0;
        *cp = (*cp << 6) | (b & 0x3F);
    }
    return need + 1;
}

/* Characters a Chinese input method produces in place of ASCII punctuation: the message
 * names the ASCII one, which is what the clerk meant. */
static char ascii_lookalike(unsigned cp)
{
    if (cp >= 0xFF01 && cp <= 0xFF5E)       /* full-width forms of ! .. ~ */
        return (char)(cp - 0xFEE0);
    if (cp == 0x3000)
        return ' ';
    if (cp == 0x201C || cp == 0x201D)
        return '"';
    if (cp == 0x3001)                       /* 、 */
        return ',';
    return 0;
}

static tok_kind lex_bad_char(expr_lexer *lx, expr_token *t, size_t pos)
{
    const unsigned char *s = (const unsigned char *)lx->src + pos;
    unsigned char c = s[0];
    unsigned cp = 0;
    size_t n = utf8_seq(s, lx->len - pos, &cp);
    if (c == '&' || c == '|')
        return lex_fail(lx, t, pos, expr_msg("unexpected '%c' (did you mean '%c%c'?)", c, c, c));
    if (n == 0 || (n == 1 && (c < 0x20 || c == 0x7F)))
        return lex_fail(lx, t, pos, expr_msg("unexpected byte 0x%02X", c));
    char ascii = ascii_lookalike(cp);
    if (ascii == ' ')
        return lex_fail(lx, t, pos, expr_msg("unexpected full-width space; use an ASCII space"));
    if (ascii)
        return lex_fail(lx, t, pos, expr_msg("unexpected '%.*s' (full-width; use ASCII '%c')",
                                             (int)n, (const char *)s, ascii));
    return lex_fail(lx, t, pos, expr_msg("unexpected '%.*s'", (int)n, (const char *)s));
}

static tok_kind lex_number(expr_lexer *lx, expr_token *t)
{
    const char *s = lx->src;
    size_t start = lx->cur, i = lx->cur;
    while (i < lx->len && is_digit((unsigned char)s[i]))
        i++;
    if (i < lx->len && s[i] == '.') {
        i++;
        if (i >= lx->len || !is_digit((unsigned char)s[i]))
            return lex_fail(lx, t, i, expr_msg("expected a digit after '.' in the number %.*s",
                                                (int)(i - start), s + start));
        while (i < lx->len && is_digit((unsigned char)s[i]))
            i++;
    }
    /* "3abc" or "1.2.3" is a typo, not a number followed by a name: say so here rather
     * than later as "unexpected 'abc'". */
    if (i < lx->len && (is_ident_char((unsigned char)s[i]) || s[i] == '.'))
        return lex_fail(lx, t, i, expr_msg("unexpected '%c' right after the number %.*s%s", s[i],
                                            (int)(i - start > QUOTE_MAX ? QUOTE_MAX : i - start),
                                            s + start, i - start > QUOTE_MAX ? "..." : ""));
    size_t n = i - start;
    dec_status st = dec_parse(s + start, n, &t->num);
    if (st != DEC_OK)
        return lex_fail(lx, t, start,
                        expr_msg("number too large or too precise: %.*s%s (up to 38 digits, at most "
                                 "%d after the point)",
                                 (int)(n > QUOTE_MAX ? QUOTE_MAX : n), s + start,
                                 n > QUOTE_MAX ? "..." : "", DEC_MAX_SCALE));
    t->kind = T_NUM;
    t->pos = start;
    t->len = n;
    lx->cur = i;
    return T_NUM;
}

static tok_kind lex_string(expr_lexer *lx, expr_token *t)
{
    const unsigned char *s = (const unsigned char *)lx->src;
    size_t start = lx->cur, i = start + 1;
    /* The decoded text is never longer than the source between the quotes. */
    char *out = XALLOC(malloc(lx->len - start));
    size_t o = 0;
    if (!out)
        return lex_fail(lx, t, start, NULL);
    for (;;) {
        if (i >= lx->len) {
            free(out);
            return lex_fail(lx, t, start, expr_msg("unterminated string"));
        }
        unsigned char c = s[i];
        if (c == '"')
            break;
        if (c == '\\') {
            if (i + 1 < lx->len && (s[i + 1] == '"' || s[i + 1] == '\\')) {
                out[o++] = (char)s[i + 1];
                i += 2;
                continue;
            }
            free(out);
            if (i + 1 >= lx->len)
                return lex_fail(lx, t, start, expr_msg("unterminated string"));
            unsigned cp;
            size_t n = utf8_seq(s + i + 1, lx->len - i - 1, &cp);
            if (n == 0 || s[i + 1] < 0x20 || s[i + 1] == 0x7F)
                return lex_fail(lx, t, i, expr_msg("unknown escape in a string: only \\\" and "
                                                   "\\\\ are allowed"));
            return lex_fail(lx, t, i, expr_msg("unknown escape '\\%.*s' in a string: only \\\" "
                                               "and \\\\ are allowed",
                                               (int)n, (const char *)s + i + 1));
        }
        if (c == 0) {
            free(out);
            return lex_fail(lx, t, i, expr_msg("a string cannot contain a NUL byte"));
        }
        unsigned cp;
        size_t n = utf8_seq(s + i, lx->len - i, &cp);
        if (n == 0) {
            free(out);
            return lex_fail(lx, t, i, expr_msg("invalid UTF-8 in a string (byte 0x%02X)", c));
        }
        memcpy(out + o, s + i, n);
        o += n;
        i += n;
    }
    out[o] = '\0';
    t->kind = T_STR;
    t->pos = start;
    t->len = i + 1 - start;
    t->str = out;
    lx->cur = i + 1;
    return T_STR;
}

/* A name is one token, dots included: "funds.budget" is a name, "funds . budget" is not. */
static tok_kind lex_name(expr_lexer *lx, expr_token *t)
{
    const char *s = lx->src;
    size_t start = lx->cur, i = start;
    for (;;) {
        while (i < lx->len && is_ident_char((unsigned char)s[i]))
            i++;
        if (i >= lx->len || s[i] != '.')
            break;
        if (i + 1 >= lx->len || !is_ident_start((unsigned char)s[i + 1]))
            return lex_fail(lx, t, i + 1, expr_msg("expected a name after '.'"));
        i++;
    }
    static const struct { const char *word; tok_kind kind; } keywords[] = {
        { "and", T_AND }, { "or", T_OR }, { "not", T_NOT }, { "true", T_TRUE }, { "false", T_FALSE },
    };
    t->kind = T_NAME;
    for (size_t k = 0; k < sizeof keywords / sizeof keywords[0]; k++)
        if (strlen(keywords[k].word) == i - start && memcmp(keywords[k].word, s + start, i - start) == 0)
            t->kind = keywords[k].kind;
    t->pos = start;
    t->len = i - start;
    lx->cur = i;
    return t->kind;
}

tok_kind expr_lex_next(expr_lexer *lx, expr_token *t)
{
    const char *s = lx->src;
    t->str = NULL;
    if (lx->err || lx->oom)
        return lex_fail(lx, t, lx->err_pos, NULL);
    while (lx->cur < lx->len && (s[lx->cur] == ' ' || s[lx->cur] == '\t' || s[lx->cur] == '\n' ||
                                 s[lx->cur] == '\r'))
        lx->cur++;
    size_t p = lx->cur;
    t->pos = p;
    t->len = 1;
    if (p >= lx->len) {
        t->kind = T_EOF;
        t->len = 0;
        return T_EOF;
    }
    unsigned char c = (unsigned char)s[p];
    unsigned char d = p + 1 < lx->len ? (unsigned char)s[p + 1] : 0;
    if (is_digit(c))
        return lex_number(lx, t);
    if (is_ident_start(c))
        return lex_name(lx, t);
    if (c == '"')
        return lex_string(lx, t);
    tok_kind k;
    switch (c) {
    case '(': k = T_LPAREN; break;
    case ')': k = T_RPAREN; break;
    case ',': k = T_COMMA; break;
    case '+': k = T_PLUS; break;
    case '-': k = T_MINUS; break;
    case '*': k = T_STAR; break;
    case '/': k = T_SLASH; break;
    case '=': k = T_EQ; if (d == '=') t->len = 2; break;
    case '!': k = T_NOT; if (d == '=') { k = T_NE; t->len = 2; } break;
    case '<':
        k = T_LT;
        if (d == '=') { k = T_LE; t->len = 2; }
        else if (d == '>') { k = T_NE; t->len = 2; }
        break;
    case '>': k = T_GT; if (d == '=') { k = T_GE; t->len = 2; } break;
    case '&': if (d != '&') return lex_bad_char(lx, t, p); k = T_AND; t->len = 2; break;
    case '|': if (d != '|') return lex_bad_char(lx, t, p); k = T_OR; t->len = 2; break;
    default: return lex_bad_char(lx, t, p);
    }
    t->kind = k;
    lx->cur = p + t->len;
    return k;
}

char *expr_tok_describe(const expr_lexer *lx, const expr_token *t)
{
    switch (t->kind) {
    case T_EOF: return expr_msg("the end of the expression");
    case T_STR: return expr_msg("a string");
    case T_ERR: return expr_msg("an error");
    default: break;
    }
    size_t n = t->len > QUOTE_MAX ? QUOTE_MAX : t->len;
    return expr_msg("'%.*s%s'", (int)n, lx->src + t->pos, t->len > n ? "..." : "");
}
