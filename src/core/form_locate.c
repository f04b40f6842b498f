/* Positions in form files for messages. cJSON drops positions, so the loader looks for the
 * JSON text of the value it is complaining about, searching forward from where it last found
 * something (it walks the file in document order), then from the start. */
#include "form_internal.h"
#include "core/json_strict.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t find_from(const form_locator *l, const char *needle, size_t from, size_t *found)
{
    size_t nl = strlen(needle);
    if (from > l->len)
        return 0;
    const char *hit = memmem(l->buf + from, l->len - from, needle, nl);
    if (!hit)
        return 0;
    *found = (size_t)(hit - l->buf);
    return 1;
}

size_t loc_find_string(form_locator *l, const char *s)
{
    if (!l || !l->buf || !s)
        return 0;
    char *q = json_quote(s, NULL);
    if (!q)
        return 0;
    size_t at = 0;
    if (find_from(l, q, l->cursor, &at) || find_from(l, q, 0, &at))
        l->cursor = at + 1;
    free(q);
    return at;
}

/* Finds `"key": "value"` with any white space around the colon. */
size_t loc_find_kv(form_locator *l, const char *key, const char *value)
{
    if (!l || !l->buf || !key || !value)
        return 0;
    char *qk = json_quote(key, NULL), *qv = json_quote(value, NULL);
    size_t result = 0;
    if (!qk || !qv)
        goto out;
    for (int pass = 0; pass < 2 && !result; pass++) {
        size_t from = pass == 0 ? l->cursor : 0, at;
        while (find_from(l, qv, from, &at)) {
            /* walk back over white space, a colon, white space: the key must end there */
            size_t k = at;
            while (k > 0 && strchr(" \t\r\n", l->buf[k - 1]))
                k--;
            if (k > 0 && l->buf[k - 1] == ':') {
                k--;
                while (k > 0 && strchr(" \t\r\n", l->buf[k - 1]))
                    k--;
                size_t kl = strlen(qk);
                if (k >= kl && memcmp(l->buf + k - kl, qk, kl) == 0) {
                    result = k - kl;
                    l->cursor = at + 1;
                    break;
                }
            }
            from = at + 1;
        }
    }
out:
    free(qk);
    free(qv);
    return result;
}

char *loc_message(const char *file, const char *buf, size_t len, size_t pos, const char *fmt, ...)
{
    int line = 1, col = 1;
    if (buf)
        json_line_col(buf, len, pos, &line, &col);
    va_list ap;
    va_start(ap, fmt);
    char *msg = NULL;
    if (vasprintf(&msg, fmt, ap) < 0)
        msg = NULL;
    va_end(ap);
    char *out = NULL;
    if (asprintf(&out, "%s line %d, column %d: %s", file ? file : "form", line, col,
                 msg ? msg : "out of memory") < 0)
        out = NULL;
    free(msg);
    return out;
}
