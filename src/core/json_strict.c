/* Strict JSON over raw bytes (see core/json_strict.h for what is refused and why).
 *
 * One recursive-descent scanner serves three callers: json_strict_check validates only;
 * json_strict_parse validates AND builds the cJSON tree in the same pass, so the text is read
 * once (letting cJSON parse it again after the check cost as much as the check itself);
 * json_node_offset scans again to find where the k-th value starts, for messages. Recursion
 * depth is bounded by the nesting limit (at most 1000, cJSON's own).
 *
 * The tree is the one cJSON_Parse would build from the same text: same node types, keys,
 * member order, decoded strings, valuedouble and valueint (computed by cJSON's own number
 * parser, on the number's text alone), `prev` of a first child pointing at the last one; the
 * only difference is that number nodes also keep their text in valuestring. Its memory comes
 * from cJSON_malloc, so cJSON_Delete frees it whatever hooks are installed. */
#include "core/json_strict.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CJSON_DEPTH_LIMIT 1000

/* ---- key sets (duplicate keys) ---- */

typedef struct {
    const char *p;      /* decoded key bytes: into the text, or `own` */
    size_t n;
    char *own;          /* malloc'd when the key had escapes */
} keyref;

/* Small objects are searched linearly; a hash table only pays off for big ones (a draft's
 * "overrides" may hold thousands of keys, and a crafted file millions). */
#define KEYSET_LINEAR 16

typedef struct {
    keyref *keys;       /* `small` until the object outgrows it: no malloc for most objects */
    size_t n, cap;
    size_t *slots;      /* open addressing: index + 1 into keys, 0 = empty */
    size_t nslots;
    keyref small[KEYSET_LINEAR];
} keyset;

static void keyset_init(keyset *ks)
{
    /* `small` needs no clearing: only its first n entries are read */
    ks->keys = ks->small;
    ks->n = 0;
    ks->cap = KEYSET_LINEAR;
    ks->slots = NULL;
    ks->nslots = 0;
}

static uint64_t key_hash(const char *p, size_t n)
{
    uint64_t h = 1469598103934665603ULL;          /* FNV-1a */
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static void keyset_free(keyset *ks)
{
    for (size_t i = 0; i < ks->n; i++)
        free(ks->keys[i].own);
    if (ks->keys != ks->small)
        free(ks->keys);
    free(ks->slots);
    keyset_init(ks);
}

static bool key_eq(const keyref *a, const char *p, size_t n)
{
    /* keys of one object often share a length and a stem ("level1", "level2"): the last
     * byte settles most of them without calling memcmp */
    return a->n == n && (n == 0 || (a->p[n - 1] == p[n - 1] && memcmp(a->p, p, n) == 0));
}

static int keyset_rehash(keyset *ks, size_t nslots)
{
    size_t *slots = calloc(nslots, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < ks->n; i++) {
        size_t h = (size_t)key_hash(ks->keys[i].p, ks->keys[i].n) & (nslots - 1);
        while (slots[h])
            h = (h + 1) & (nslots - 1);
        slots[h] = i + 1;
    }
    free(ks->slots);
    ks->slots = slots;
    ks->nslots = nslots;
    return 0;
}

/* Adds a key. 0 = added (`own` taken), -1 = out of memory (`own` freed), 1 = it was already
 * there (`own` left to the caller, who shows the key in the message). */
static int keyset_add(keyset *ks, const char *p, size_t n, char *own)
{
    if (ks->nslots == 0) {
        for (size_t i = 0; i < ks->n; i++)
            if (key_eq(&ks->keys[i], p, n))
                return 1;
    } else {
        size_t h = (size_t)key_hash(p, n) & (ks->nslots - 1);
        while (ks->slots[h]) {
            if (key_eq(&ks->keys[ks->slots[h] - 1], p, n))
                return 1;
            h = (h + 1) & (ks->nslots - 1);
        }
    }
    if (ks->n == ks->cap) {
        size_t cap = ks->cap * 2;
        keyref *k = ks->keys == ks->small ? malloc(cap * sizeof *k)
                                          : realloc(ks->keys, cap * sizeof *k);
        if (!k) {
            free(own);
            return -1;
        }
        if (ks->keys == ks->small)
            memcpy(k, ks->small, ks->n * sizeof *k);
        ks->keys = k;
        ks->cap = cap;
    }
    ks->keys[ks->n++] = (keyref){p, n, own};
    /* keep the table at most half full; build it once the object stops being small */
    if (ks->n > KEYSET_LINEAR && ks->n * 2 > ks->nslots) {
        size_t ns = ks->nslots ? ks->nslots * 2 : 64;
        while (ns < ks->n * 2)
            ns *= 2;
        if (keyset_rehash(ks, ns) != 0)
            return -1;
    } else if (ks->nslots) {
        size_t h = (size_t)key_hash(p, n) & (ks->nslots - 1);
        while (ks->slots[h])
            h = (h + 1) & (ks->nslots - 1);
        ks->slots[h] = ks->n;
    }
    return 0;
}

/* ---- the scanner ---- */

typedef struct {
    const unsigned char *b;
    size_t len, pos;
    int max_depth;
    json_strict_error *err;
    bool failed, oom;
    bool build;         /* json_strict_parse: make the cJSON tree while scanning */
    /* value counting, for json_node_offset */
    size_t count, target;
    size_t target_off, target_key_off;
    bool target_found, target_has_key;
} scan;

static int fail(scan *s, size_t off, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Error paths are kept out of line (cold, noinline): the scanning functions stay small, which
 * matters for speed and for the stack at 1000 levels of nesting. */
__attribute__((cold, noinline)) static int fail(scan *s, size_t off, const char *fmt, ...)
{
    if (s->failed)
        return -1;
    s->failed = true;
    if (!s->err)
        return -1;
    s->err->offset = off;
    s->err->positioned = true;
    va_list ap;
    va_start(ap, fmt);
    char *m = NULL;
    if (vasprintf(&m, fmt, ap) < 0) {
        m = NULL;
        s->oom = true;
    }
    va_end(ap);
    s->err->what = m;
    return -1;
}

__attribute__((cold, noinline)) static int oom(scan *s)
{
    s->oom = true;
    s->failed = true;
    return -1;
}

/* Length of the valid UTF-8 sequence at p (Unicode table 3-7), or 0 with *why describing
 * what is wrong. */
static size_t utf8_len(const unsigned char *p, size_t avail, char *why, size_t whysz)
{
    unsigned c = p[0];
    if (c < 0x80)
        return 1;
    size_t n;
    unsigned lo = 0x80, hi = 0xBF;      /* allowed range of the second byte */
    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0)
            lo = 0xA0;
        if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0)
            lo = 0x90;
        if (c == 0xF4)
            hi = 0x8F;
    } else if (c >= 0x80 && c <= 0xBF) {
        snprintf(why, whysz, "a continuation byte 0x%02X without a lead byte", c);
        return 0;
    } else if (c == 0xC0 || c == 0xC1) {
        snprintf(why, whysz, "an overlong encoding (lead byte 0x%02X)", c);
        return 0;
    } else {
        snprintf(why, whysz, "byte 0x%02X, which never occurs in UTF-8", c);
        return 0;
    }
    if (avail < 2 || p[1] < 0x80 || p[1] > 0xBF) {
        snprintf(why, whysz, "a character cut short (lead byte 0x%02X)", c);
        return 0;
    }
    if (p[1] < lo || p[1] > hi) {
        if (c == 0xE0 || c == 0xF0)
            snprintf(why, whysz, "an overlong encoding (bytes 0x%02X 0x%02X)", c, p[1]);
        else if (c == 0xED)
            snprintf(why, whysz, "an encoded surrogate (bytes 0x%02X 0x%02X), not a character",
                     c, p[1]);
        else
            snprintf(why, whysz, "a code point above U+10FFFF (bytes 0x%02X 0x%02X)", c, p[1]);
        return 0;
    }
    for (size_t i = 2; i < n; i++)
        if (i >= avail || p[i] < 0x80 || p[i] > 0xBF) {
            snprintf(why, whysz, "a character cut short (lead byte 0x%02X)", c);
            return 0;
        }
    return n;
}

/* What is at `off`, for "found ..." (static buffer owned by the caller). */
static const char *found(const scan *s, size_t off, char *buf, size_t bufsz)
{
    if (off >= s->len)
        return "the end of the file";
    unsigned c = s->b[off];
    if (c >= 0x20 && c < 0x7F) {
        snprintf(buf, bufsz, "'%c'", (int)c);
    } else if (c < 0x20 || c == 0x7F) {
        snprintf(buf, bufsz, "a control character (0x%02X)", c);
    } else {
        char why[96];
        size_t n = utf8_len(s->b + off, s->len - off, why, sizeof why);
        if (n == 0)
            snprintf(buf, bufsz, "byte 0x%02X, not UTF-8 text (save the file as UTF-8)", c);
        else
            snprintf(buf, bufsz, "'%.*s'", (int)n, (const char *)s->b + off);
    }
    return buf;
}


/* "EXPECTED, found WHAT-IS-AT-`at`SUFFIX", reported at `off`. */
__attribute__((cold, noinline)) static int fail_found(scan *s, size_t off, size_t at,
                                                      const char *expected, const char *suffix)
{
    char fb[128];
    return fail(s, off, "%s, found %s%s", expected, found(s, at, fb, sizeof fb), suffix);
}

/* Bytes inside a string: 0 = stands for itself (printable ASCII but '"' and '\\'), 1 = lead
 * byte of a three-byte sequence whose continuation bytes may be any of 0x80-0xBF (most CJK),
 * 3 = lead byte of a two-byte sequence, 2 = anything else: look closer (string_special). */
static const unsigned char STR_CLASS[256] = {
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
};

static inline bool is_ws(unsigned char c)
{
    /* ' ', '\t', '\n', '\r' as bits of one mask: two comparisons for any byte */
    return c <= ' ' && ((1ULL << c) & ((1ULL << ' ') | (1ULL << '\t') | (1ULL << '\n') |
                                       (1ULL << '\r')));
}

static inline void skip_ws(scan *s)
{
    size_t p = s->pos;
    while (p < s->len && is_ws(s->b[p]))
        p++;
    s->pos = p;
}

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Reads "\uXXXX" at p (p[0] == '\\'); returns the code unit or -1. */
static long read_u_escape(const scan *s, size_t p)
{
    if (p + 6 > s->len || s->b[p] != '\\' || s->b[p + 1] != 'u')
        return -1;
    long v = 0;
    for (int i = 0; i < 4; i++) {
        int h = hexval(s->b[p + 2 + i]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

static size_t put_utf8(char *o, unsigned long cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Memory of the tree (cJSON_malloc: what cJSON_Delete frees) or of the scan (malloc). */
static void *alloc_for(bool tree, size_t n)
{
    return tree ? cJSON_malloc(n) : malloc(n);
}

/* Decodes the (already validated) string body b[start..end) into an allocated buffer. The
 * decoded text is never longer than the escaped one. */
static char *decode_string(const scan *s, size_t start, size_t end, size_t *outlen, bool tree)
{
    char *o = alloc_for(tree, end - start + 1);
    if (!o)
        return NULL;
    size_t n = 0;
    for (size_t i = start; i < end;) {
        unsigned char c = s->b[i];
        if (c != '\\') {
            o[n++] = (char)c;
            i++;
            continue;
        }
        unsigned char e = s->b[i + 1];
        switch (e) {
        case 'b': o[n++] = '\b'; i += 2; break;
        case 'f': o[n++] = '\f'; i += 2; break;
        case 'n': o[n++] = '\n'; i += 2; break;
        case 'r': o[n++] = '\r'; i += 2; break;
        case 't': o[n++] = '\t'; i += 2; break;
        case 'u': {
            unsigned long cp = (unsigned long)read_u_escape(s, i);
            i += 6;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                unsigned long lo = (unsigned long)read_u_escape(s, i);
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                i += 6;
            }
            n += put_utf8(o + n, cp);
            break;
        }
        default: o[n++] = (char)e; i += 2; break;   /* " \ / */
        }
    }
    o[n] = '\0';
    *outlen = n;
    return o;
}

/* The text of a string body (decoded when it has escapes) in tree memory; *n its length. */
static char *tree_string(const scan *s, size_t body, size_t end, bool escaped, size_t *n)
{
    if (escaped)
        return decode_string(s, body, end, n, true);
    *n = end - body;
    char *t = cJSON_malloc(*n + 1);
    if (!t)
        return NULL;
    memcpy(t, s->b + body, *n);
    t[*n] = '\0';
    return t;
}

/* A zeroed node of tree memory. */
static cJSON *new_node(scan *s, int type)
{
    cJSON *n = cJSON_malloc(sizeof *n);
    if (!n) {
        oom(s);
        return NULL;
    }
    *n = (cJSON){.type = type};
    return n;
}


/* One escape, control character or non-ASCII character at s->pos inside a string (the fast
 * loop of scan_string handles the rest). Returns 0 with s->pos past it, 1 when the text ends
 * inside it (an unterminated string), -1 when it is refused. */
static int string_special(scan *s)
{
    unsigned char c = s->b[s->pos];
    if (c == '\\') {
        size_t at = s->pos;
        if (at + 1 >= s->len)
            return 1;
        unsigned char e = s->b[at + 1];
        if (strchr("\"\\/bfnrt", e) && e) {
            s->pos += 2;
            return 0;
        }
        if (e != 'u')
            return fail_found(s, at, at + 1, "expected an escape \\\" \\\\ \\/ \\b \\f \\n \\r "
                              "\\t or \\uXXXX after '\\'", "");
        long v = read_u_escape(s, at);
        if (v < 0) {
            if (at + 6 > s->len) {
                bool hex_so_far = true;
                for (size_t i = at + 2; i < s->len; i++)
                    if (hexval(s->b[i]) < 0)
                        hex_so_far = false;
                if (hex_so_far)
                    return 1;   /* the text ends inside the escape: unterminated string */
            }
            return fail(s, at, "expected four hex digits after \\u");
        }
        if (v == 0)
            return fail(s, at, "expected no \\u0000 (NUL characters are not allowed in text)");
        if (v >= 0xDC00 && v <= 0xDFFF)
            return fail(s, at, "expected a high surrogate before \\u%04lX (a lone low "
                        "surrogate is not a character)", (unsigned long)v);
        if (v >= 0xD800 && v <= 0xDBFF) {
            long lo = read_u_escape(s, at + 6);
            if (lo < 0 && at + 12 > s->len) {
                /* text ends before the pair is complete: report as unterminated */
                bool prefix = true;
                for (size_t i = at + 6; i < s->len && i < at + 12; i++) {
                    unsigned char d = s->b[i];
                    if ((i == at + 6 && d != '\\') || (i == at + 7 && d != 'u') ||
                        (i > at + 7 && hexval(d) < 0))
                        prefix = false;
                }
                if (prefix)
                    return 1;
            }
            if (lo < 0xDC00 || lo > 0xDFFF)
                return fail(s, at, "expected a low surrogate \\uDC00-\\uDFFF after "
                            "\\u%04lX (a lone high surrogate is not a character)",
                            (unsigned long)v);
            s->pos += 12;
            return 0;
        }
        s->pos += 6;
        return 0;
    }
    if (c < 0x20)
        return fail(s, s->pos, "expected an escape such as \\n or \\t, found a raw control "
                    "character (0x%02X) in a string", c);
    /* c >= 0x80: the only bytes left (STR_CLASS) */
    char why[96];
    size_t n = utf8_len(s->b + s->pos, s->len - s->pos, why, sizeof why);
    if (n == 0) {
        /* a sequence cut by the end of the text is a truncated file, not bad UTF-8 */
        bool cut = true;
        for (size_t i = s->pos + 1; i < s->len; i++)
            if ((s->b[i] & 0xC0) != 0x80)
                cut = false;
        unsigned lead = s->b[s->pos];
        size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
        if (!(cut && lead >= 0xC2 && lead <= 0xF4 && s->len - s->pos < need))
            return fail(s, s->pos, "expected UTF-8 text, found %s (save the file as UTF-8)",
                        why);
        return 1;
    }
    s->pos += n;
    return 0;
}

/* A string at s->pos (which is '"'). On success s->pos is past the closing quote, *body and
 * *body_end delimit its content, *escaped tells whether it holds escapes. */
static int scan_string(scan *s, size_t *body, size_t *body_end, bool *escaped)
{
    const unsigned char *b = s->b;
    const size_t len = s->len, start = s->pos;
    size_t p = start + 1;
    bool esc = false;
    *body = p;
    for (;;) {
        while (p < len && STR_CLASS[b[p]] == 0)
            p++;
        if (p >= len)
            break;
        unsigned char c = b[p];
        unsigned k = STR_CLASS[c];
        if (k == 1 && p + 2 < len && (b[p + 1] & 0xC0) == 0x80 && (b[p + 2] & 0xC0) == 0x80) {
            p += 3;
            continue;
        }
        if (k == 3 && p + 1 < len && (b[p + 1] & 0xC0) == 0x80) {
            p += 2;
            continue;
        }
        if (c == '"') {
            *body_end = p;
            *escaped = esc;
            s->pos = p + 1;
            return 0;
        }
        if (c == '\\')
            esc = true;
        s->pos = p;
        int r = string_special(s);
        if (r < 0)
            return -1;
        if (r > 0)
            break;
        p = s->pos;
    }
    return fail(s, start, "expected '\"' to end the string that starts here, found the end of "
                "the file");
}

static inline bool is_digit(const scan *s, size_t p)
{
    return p < s->len && s->b[p] >= '0' && s->b[p] <= '9';
}

/* A number node as cJSON makes it (valuedouble, valueint: cJSON's own parser reads the text,
 * so they are what cJSON_Parse would give), with the text itself in valuestring. */
static cJSON *number_node(scan *s, size_t start, size_t n)
{
    cJSON *node = cJSON_ParseWithLengthOpts((const char *)s->b + start, n, NULL, 0);
    if (!node || !cJSON_IsNumber(node)) {
        /* a valid number always parses: only memory can be missing */
        cJSON_Delete(node);
        oom(s);
        return NULL;
    }
    char *t = cJSON_malloc(n + 1);
    if (!t) {
        cJSON_Delete(node);
        oom(s);
        return NULL;
    }
    memcpy(t, s->b + start, n);
    t[n] = '\0';
    node->valuestring = t;
    return node;
}

static int scan_number(scan *s, cJSON **out)
{
    size_t start = s->pos;
    if (s->b[s->pos] == '-')
        s->pos++;
    if (!is_digit(s, s->pos))
        return fail_found(s, s->pos, s->pos, "expected a digit after '-'", "");
    if (s->b[s->pos] == '0') {
        s->pos++;
        if (is_digit(s, s->pos))
            return fail(s, start, "expected a number without leading zeros (write decimal "
                        "text as a string: \"007\")");
    } else {
        while (is_digit(s, s->pos))
            s->pos++;
    }
    if (s->pos < s->len && s->b[s->pos] == '.') {
        s->pos++;
        if (!is_digit(s, s->pos))
            return fail_found(s, s->pos, s->pos, "expected a digit after '.'", "");
        while (is_digit(s, s->pos))
            s->pos++;
    }
    if (s->pos < s->len && (s->b[s->pos] == 'e' || s->b[s->pos] == 'E')) {
        s->pos++;
        if (s->pos < s->len && (s->b[s->pos] == '+' || s->b[s->pos] == '-'))
            s->pos++;
        if (!is_digit(s, s->pos))
            return fail_found(s, s->pos, s->pos, "expected a digit in the exponent", "");
        while (is_digit(s, s->pos))
            s->pos++;
    }
    if (s->pos - start > JSON_STRICT_MAX_NUMBER)
        return fail(s, start, "expected a number of at most %d characters (write long "
                    "figures as strings)", JSON_STRICT_MAX_NUMBER);
    if (s->build && !(*out = number_node(s, start, s->pos - start)))
        return -1;
    return 0;
}

/* true, false or null (word[0] is at s->pos). */
static int scan_literal(scan *s, const char *word, size_t n, int type, cJSON **out)
{
    if (s->len - s->pos < n || memcmp(s->b + s->pos, word, n) != 0)
        return fail(s, s->pos, "expected %s", word);
    s->pos += n;
    if (s->build) {
        if (!(*out = new_node(s, type)))
            return -1;
        if (type == cJSON_True)
            (*out)->valueint = 1;       /* as cJSON's parser sets it */
    }
    return 0;
}

static int scan_value(scan *s, int depth, size_t key_off, bool has_key, cJSON **out);

/* The refusal when a key was expected at s->pos. */
__attribute__((cold, noinline)) static int fail_key(scan *s, bool first)
{
    if (first)
        return fail_found(s, s->pos, s->pos, "expected a key in double quotes or '}'", "");
    if (s->pos < s->len && s->b[s->pos] == '}')
        return fail(s, s->pos, "expected a key in double quotes after ',', found '}' "
                    "(no ',' before '}')");
    return fail_found(s, s->pos, s->pos, "expected a key in double quotes", "");
}

/* The refusal of a key seen before in the same object: shown as decoded, shortened (it can be
 * arbitrarily long). */
__attribute__((cold, noinline)) static int fail_dup_key(scan *s, size_t key_off, const char *kp,
                                                        size_t kn)
{
    size_t show = 0, chars = 0;
    while (show < kn && chars < 40) {
        unsigned char c = (unsigned char)kp[show];
        show += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        chars++;
    }
    if (show > kn)
        show = kn;
    char *disp = malloc(show + 1);
    if (!disp)
        return oom(s);
    for (size_t i = 0; i < show; i++)
        disp[i] = (unsigned char)kp[i] < 0x20 ? '?' : kp[i];
    disp[show] = '\0';
    int rc = fail(s, key_off, "expected each key once in an object, found \"%s%s\" again", disp,
                  show < kn ? "…" : "");
    free(disp);
    return rc;
}

/* Appends `child` to the members of `parent` (`*last` its last one so far). cJSON's lists:
 * next/prev links, and the first child's prev is the last child (set when the list is done). */
static inline void append(cJSON *parent, cJSON **last, cJSON *child)
{
    if (*last) {
        (*last)->next = child;
        child->prev = *last;
    } else {
        parent->child = child;
    }
    *last = child;
}

static int scan_object(scan *s, int depth, cJSON **out)
{
    cJSON *obj = NULL, *last = NULL;
    if (s->build && !(obj = new_node(s, cJSON_Object)))
        return -1;
    keyset ks;
    keyset_init(&ks);
    int rc = 0;
    s->pos++;                       /* '{' */
    skip_ws(s);
    if (s->pos < s->len && s->b[s->pos] == '}') {
        s->pos++;
        *out = obj;
        return 0;
    }
    for (bool first = true;; first = false) {
        skip_ws(s);
        if (s->pos >= s->len || s->b[s->pos] != '"') {
            rc = fail_key(s, first);
            break;
        }
        size_t key_off = s->pos, body, body_end;
        bool escaped;
        if ((rc = scan_string(s, &body, &body_end, &escaped)) != 0)
            break;
        const char *kp = (const char *)s->b + body;
        size_t kn = body_end - body;
        char *own = NULL;   /* checking: the decoded key, the key set's */
        char *key = NULL;   /* building: the member's key, its node's once it has one */
        if (s->build) {
            if (!(key = tree_string(s, body, body_end, escaped, &kn))) {
                rc = oom(s);
                break;
            }
            kp = key;
        } else if (escaped) {
            if (!(own = decode_string(s, body, body_end, &kn, false))) {
                rc = oom(s);
                break;
            }
            kp = own;
        }
        int dup = keyset_add(&ks, kp, kn, own);
        if (dup != 0) {
            rc = dup < 0 ? oom(s) : fail_dup_key(s, key_off, kp, kn);
            if (dup > 0)
                free(own);
            if (key)
                cJSON_free(key);
            break;
        }
        skip_ws(s);
        if (s->pos >= s->len || s->b[s->pos] != ':') {
            rc = fail_found(s, s->pos, s->pos, "expected ':' after the key", "");
            if (key)
                cJSON_free(key);
            break;
        }
        s->pos++;
        skip_ws(s);
        cJSON *child = NULL;
        if ((rc = scan_value(s, depth, key_off, true, &child)) != 0) {
            if (key)
                cJSON_free(key);
            break;
        }
        if (child) {
            child->string = key;
            append(obj, &last, child);
        }
        skip_ws(s);
        if (s->pos < s->len && s->b[s->pos] == ',') {
            s->pos++;
            continue;
        }
        if (s->pos < s->len && s->b[s->pos] == '}') {
            s->pos++;
            break;
        }
        rc = fail_found(s, s->pos, s->pos, "expected ',' or '}' after a member", "");
        break;
    }
    keyset_free(&ks);
    if (rc != 0) {
        cJSON_Delete(obj);
        return rc;
    }
    if (obj && obj->child)
        obj->child->prev = last;
    *out = obj;
    return 0;
}

static int scan_array(scan *s, int depth, cJSON **out)
{
    cJSON *arr = NULL, *last = NULL;
    if (s->build && !(arr = new_node(s, cJSON_Array)))
        return -1;
    int rc = 0;
    s->pos++;                       /* '[' */
    skip_ws(s);
    if (s->pos < s->len && s->b[s->pos] == ']') {
        s->pos++;
        *out = arr;
        return 0;
    }
    for (bool first = true;; first = false) {
        skip_ws(s);
        if (s->pos < s->len && s->b[s->pos] == ']') {
            rc = fail(s, s->pos, first ? "expected a value or ']'"
                      : "expected a value after ',', found ']' (no ',' before ']')");
            break;
        }
        cJSON *child = NULL;
        if ((rc = scan_value(s, depth, 0, false, &child)) != 0)
            break;
        if (child)
            append(arr, &last, child);
        skip_ws(s);
        if (s->pos < s->len && s->b[s->pos] == ',') {
            s->pos++;
            continue;
        }
        if (s->pos < s->len && s->b[s->pos] == ']') {
            s->pos++;
            break;
        }
        rc = fail_found(s, s->pos, s->pos, "expected ',' or ']' after an element", "");
        break;
    }
    if (rc != 0) {
        cJSON_Delete(arr);
        return rc;
    }
    if (arr && arr->child)
        arr->child->prev = last;
    *out = arr;
    return 0;
}

/* A value at s->pos; when building, *out is its node (untouched on failure: whatever was
 * built of it is freed). */
static int scan_value(scan *s, int depth, size_t key_off, bool has_key, cJSON **out)
{
    size_t index = s->count++;
    if (index == s->target) {
        s->target_found = true;
        s->target_off = s->pos;
        s->target_key_off = key_off;
        s->target_has_key = has_key;
    }
    if (s->pos >= s->len)
        return fail(s, s->pos, "expected a value (a string, number, object, array, true, "
                    "false or null), found the end of the file");
    unsigned char c = s->b[s->pos];
    switch (c) {
    case '"': {
        size_t body, body_end, n;
        bool escaped;
        if (scan_string(s, &body, &body_end, &escaped) != 0)
            return -1;
        if (s->build) {
            cJSON *node = new_node(s, cJSON_String);
            if (!node)
                return -1;
            if (!(node->valuestring = tree_string(s, body, body_end, escaped, &n))) {
                cJSON_free(node);
                return oom(s);
            }
            *out = node;
        }
        return 0;
    }
    case '{':
    case '[':
        if (depth + 1 > s->max_depth)
            return fail(s, s->pos, "expected at most %d levels of nested objects and arrays",
                        s->max_depth);
        return c == '{' ? scan_object(s, depth + 1, out) : scan_array(s, depth + 1, out);
    case 't': return scan_literal(s, "true", 4, cJSON_True, out);
    case 'f': return scan_literal(s, "false", 5, cJSON_False, out);
    case 'n': return scan_literal(s, "null", 4, cJSON_NULL, out);
    default:
        if (c == '-' || (c >= '0' && c <= '9'))
            return scan_number(s, out);
        return fail_found(s, s->pos, s->pos, "expected a value (a string, number, object, "
                          "array, true, false or null)",
                          c == '\'' ? " (strings are written in double quotes)" : "");
    }
}

/* The whole text; when building, *out is the tree (NULL on failure: nothing is left). */
static int scan_text(scan *s, const json_strict_limits *lim, cJSON **out)
{
    *out = NULL;
    s->max_depth = CJSON_DEPTH_LIMIT;
    if (lim && lim->max_depth > 0 && lim->max_depth < CJSON_DEPTH_LIMIT)
        s->max_depth = lim->max_depth;
    if (lim && lim->max_bytes && s->len > lim->max_bytes) {
        s->failed = true;
        if (s->err) {
            s->err->offset = 0;
            s->err->positioned = false;
            size_t mb = 1024u * 1024u;
            char *m = NULL;
            int r;
            if (lim->max_bytes % mb == 0)
                r = asprintf(&m, "too large: %zu bytes, over the limit of %zu MB",
                             s->len, lim->max_bytes / mb);
            else
                r = asprintf(&m, "too large: %zu bytes, over the limit of %zu bytes",
                             s->len, lim->max_bytes);
            if (r < 0) {
                m = NULL;
                s->oom = true;
            }
            s->err->what = m;
        }
        return -1;
    }
    if (s->len >= 3 && s->b[0] == 0xEF && s->b[1] == 0xBB && s->b[2] == 0xBF)
        return fail(s, 0, "expected a JSON value, found a UTF-8 byte order mark (save the "
                    "file as UTF-8 without BOM)");
    skip_ws(s);
    cJSON *root = NULL;
    if (scan_value(s, 0, 0, false, &root) != 0)
        return -1;
    skip_ws(s);
    if (s->pos < s->len) {
        cJSON_Delete(root);
        return fail_found(s, s->pos, s->pos, "expected nothing after the JSON value", "");
    }
    *out = root;
    return 0;
}

int json_strict_check(const char *buf, size_t len, const json_strict_limits *lim,
                      json_strict_error *err)
{
    if (err)
        *err = (json_strict_error){0};
    scan s = {.b = (const unsigned char *)buf, .len = len, .err = err, .target = SIZE_MAX};
    cJSON *none;
    int rc = scan_text(&s, lim, &none);
    if (s.oom) {
        if (err) {
            free(err->what);
            err->what = NULL;
        }
        return -2;
    }
    return rc == 0 ? 0 : -1;
}

void json_line_col(const char *buf, size_t len, size_t off, int *line, int *col)
{
    int l = 1, c = 1;
    if (off > len)
        off = len;
    for (size_t i = 0; i < off; i++) {
        unsigned char ch = (unsigned char)buf[i];
        if (ch == '\n') {
            l++;
            c = 1;
        } else if ((ch & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = l;
    *col = c;
}

char *json_error_at(const char *name, const char *buf, size_t len, size_t off, const char *what)
{
    int line, col;
    json_line_col(buf, len, off, &line, &col);
    char *m = NULL;
    if (asprintf(&m, "%s line %d, column %d: %s", name ? name : "input", line, col, what) < 0)
        return NULL;
    return m;
}

static char *name_msg(const char *name, const char *what)
{
    char *m = NULL;
    if (asprintf(&m, "%s: %s", name ? name : "input", what) < 0)
        return NULL;
    return m;
}

cJSON *json_strict_parse(const char *buf, size_t len, const char *name,
                         const json_strict_limits *lim, char **err)
{
    json_strict_error e = {0};
    scan s = {.b = (const unsigned char *)buf, .len = len, .err = &e, .target = SIZE_MAX,
              .build = true};
    cJSON *root = NULL;
    int rc = scan_text(&s, lim, &root);
    if (rc != 0 || s.oom) {
        cJSON_Delete(root);
        if (err) {
            if (s.oom || !e.what)
                *err = name_msg(name, "out of memory");
            else if (e.positioned)
                *err = json_error_at(name, buf, len, e.offset, e.what);
            else
                *err = name_msg(name, e.what);
        }
        free(e.what);
        return NULL;
    }
    return root;
}

static bool preorder_index(const cJSON *n, const cJSON *node, size_t *idx)
{
    if (n == node)
        return true;
    (*idx)++;
    for (const cJSON *k = n->child; k; k = k->next)
        if (preorder_index(k, node, idx))
            return true;
    return false;
}

size_t json_node_offset(const char *buf, size_t len, const cJSON *root, const cJSON *node,
                        bool key)
{
    size_t idx = 0;
    if (!root || !node || !preorder_index(root, node, &idx))
        return 0;
    scan s = {.b = (const unsigned char *)buf, .len = len, .target = idx};
    cJSON *none;
    scan_text(&s, NULL, &none);
    if (!s.target_found)
        return 0;
    return key && s.target_has_key ? s.target_key_off : s.target_off;
}

/* ---- writing ---- */

char *json_quote(const char *s, size_t *len)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    size_t n = strlen((const char *)p);
    /* worst case: every byte becomes "\u00XX" (6) or U+FFFD (3) */
    char *out = malloc(n * 6 + 3);
    if (!out)
        return NULL;
    size_t o = 0;
    out[o++] = '"';
    for (size_t i = 0; i < n;) {
        unsigned char c = p[i];
        const char *esc = NULL;
        switch (c) {
        case '"':  esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\n': esc = "\\n"; break;
        case '\t': esc = "\\t"; break;
        case '\r': esc = "\\r"; break;
        case '\b': esc = "\\b"; break;
        case '\f': esc = "\\f"; break;
        default: break;
        }
        if (esc) {
            memcpy(out + o, esc, 2);
            o += 2;
            i++;
            continue;
        }
        if (c < 0x20 || c == 0x7F) {
            o += (size_t)sprintf(out + o, "\\u%04x", c);
            i++;
            continue;
        }
        if (c < 0x80) {
            out[o++] = (char)c;
            i++;
            continue;
        }
        char why[96];
        size_t k = utf8_len(p + i, n - i, why, sizeof why);
        if (k == 0) {
            memcpy(out + o, "\xEF\xBF\xBD", 3);      /* U+FFFD for a byte that is not UTF-8 */
            o += 3;
            i++;
        } else if (c == 0xC2 && p[i + 1] <= 0x9F) {   /* C1 control characters */
            o += (size_t)sprintf(out + o, "\\u%04x", p[i + 1]);
            i += 2;
        } else {
            memcpy(out + o, p + i, k);
            o += k;
            i += k;
        }
    }
    out[o++] = '"';
    out[o] = '\0';
    if (len)
        *len = o;
    return out;
}
