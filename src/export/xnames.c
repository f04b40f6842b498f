/* Small pieces of the export model: sheet names Excel accepts, the draft's placeholders, and
 * the one conversion of a decimal to a binary double the XLSX format needs. */
#include "xinternal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SHEET_MAX_UNITS 31   /* Excel counts UTF-16 code units */

/* Length in bytes of the UTF-8 sequence starting at s (1 for a stray byte). */
static size_t u8len(const unsigned char *s)
{
    if (*s < 0x80)
        return 1;
    size_t n = *s >= 0xF0 ? 4 : *s >= 0xE0 ? 3 : *s >= 0xC0 ? 2 : 1;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 1;
    return n;
}

/* Copies at most `units` UTF-16 units of s, cleaned, into out (which has room). */
static void clean_cut(const char *s, int units, char *out)
{
    size_t o = 0;
    int used = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        size_t n = u8len(p);
        int u = n == 4 ? 2 : 1;
        if (used + u > units)
            break;
        if (n == 1 && (strchr("[]:*?/\\", *p) || *p < 0x20)) {
            out[o++] = *p < 0x20 ? ' ' : '_';
        } else if (n == 1 && *p >= 0x80) {
            out[o++] = '_';                    /* a stray byte: not UTF-8 */
        } else {
            memcpy(out + o, p, n);
            o += n;
        }
        used += u;
        p += n;
    }
    out[o] = '\0';
    /* Excel refuses a name that begins or ends with an apostrophe */
    while (o && out[o - 1] == '\'')
        out[--o] = '\0';
    size_t lead = strspn(out, "'");
    memmove(out, out + lead, o - lead + 1);
}

static bool taken(const char *name, char *const *used, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (used[i] && strcasecmp(used[i], name) == 0)   /* ASCII case, as far as Excel's goes */
            return true;
    return strcasecmp(name, "History") == 0;              /* reserved by Excel */
}

char *xt_sheet_name(const char *want, const char *fallback, char *const *used, size_t n)
{
    size_t cap = strlen(want ? want : "") + strlen(fallback ? fallback : "") + 64;
    char *base = malloc(cap), *name = malloc(cap + 16);
    if (!base || !name) {
        free(base);
        free(name);
        return NULL;
    }
    clean_cut(want ? want : "", SHEET_MAX_UNITS, base);
    if (!*base)
        clean_cut(fallback && *fallback ? fallback : "Sheet", SHEET_MAX_UNITS, base);
    strcpy(name, base);
    for (int k = 2; taken(name, used, n) && k < 100000; k++) {
        char suffix[16];
        int sl = snprintf(suffix, sizeof suffix, " (%d)", k);
        clean_cut(base, SHEET_MAX_UNITS - sl, name);
        strcat(name, suffix);
    }
    free(base);
    return name;
}

char *xt_subst(const xinst *in, const char *s)
{
    const char *year = in->year ? in->year : "";
    const char *unit = in->unit ? in->unit : "";
    char prev[24] = "";
    char *end = NULL;
    long y = strtol(year, &end, 10);
    if (*year && end && !*end && y > 1 && y < 100000)
        snprintf(prev, sizeof prev, "%ld", y - 1);
    size_t cap = strlen(s) + 1;
    for (const char *p = s; (p = strchr(p, '{')); p++)
        cap += strlen(year) + strlen(unit) + sizeof prev;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    size_t o = 0;
    for (const char *p = s; *p;) {
        const char *rep = NULL;
        size_t skip = 0;
        if (strncmp(p, "{year-1}", 8) == 0)
            rep = prev, skip = 8;
        else if (strncmp(p, "{year}", 6) == 0)
            rep = year, skip = 6;
        else if (strncmp(p, "{unit}", 6) == 0)
            rep = unit, skip = 6;
        if (rep) {
            memcpy(out + o, rep, strlen(rep));
            o += strlen(rep);
            p += skip;
        } else {
            out[o++] = *p++;
        }
    }
    out[o] = '\0';
    return out;
}

/* With a coefficient below 2^53 and at most 22 digits after the point, both the coefficient
 * and the power of ten are exact doubles and one IEEE division rounds correctly (Clinger's
 * fast path). Longer figures are first rounded (half up) to 15 significant digits, more than
 * any 万元 amount, rate or score carries. */
double xt_dec_to_double(dec_t d)
{
    const __int128 lim = (__int128)1 << 53;
    while ((d.coef >= lim || d.coef <= -lim || d.scale > 22) && d.scale > 0)
        d = dec_round(d, d.scale - 1);
    static const double p10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                 1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    if (d.coef >= lim || d.coef <= -lim)
        return (double)d.coef;   /* an integer beyond 2^53: the nearest double */
    return (double)(long long)d.coef / p10[d.scale];
}
