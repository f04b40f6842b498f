/* Findings list: an owned array of findings, each owning its strings.
 *
 * Every mutating function either succeeds completely or leaves the list as it was, so a
 * caller that runs out of memory halfway through a check still has a consistent list to
 * show (and the user's draft is never at risk because a message could not be built). */
#include "core/finding.h"
#include "core/strfmt.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *severity_name(severity s)
{
    switch (s) {
    case SEV_NOTICE: return "notice";
    case SEV_WARNING: return "warning";
    case SEV_ERROR: return "error";
    }
    return "unknown";
}

static char *dup_str(const char *s)
{
    if (!s)
        s = "";
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

static void finding_release(finding *f)
{
    free(f->code);
    free(f->path);
    free(f->msg_zh);
    free(f->msg_en);
    memset(f, 0, sizeof *f);
}

/* Makes room for `extra` more items without changing len. */
static int reserve(finding_list *l, size_t extra)
{
    if (extra > SIZE_MAX / sizeof(finding) - l->len)
        return -1;
    size_t need = l->len + extra;
    if (need <= l->cap)
        return 0;
    size_t cap = l->cap ? l->cap : 8;
    while (cap < need)
        cap = cap > SIZE_MAX / sizeof(finding) / 2 ? need : cap * 2;
    finding *items = realloc(l->items, cap * sizeof *items);
    if (!items)
        return -1;
    l->items = items;
    l->cap = cap;
    return 0;
}

/* Takes ownership of the four strings on success; frees them on failure. */
static int add_owned(finding_list *l, severity sev, char *code, char *path, char *zh, char *en)
{
    if (!code || !path || !zh || !en || reserve(l, 1) != 0) {
        free(code);
        free(path);
        free(zh);
        free(en);
        return -1;
    }
    finding *f = &l->items[l->len++];
    f->sev = sev;
    f->code = code;
    f->path = path;
    f->msg_zh = zh;
    f->msg_en = en;
    return 0;
}

int findings_add(finding_list *l, severity sev, const char *code, const char *path,
                 const char *msg_zh, const char *msg_en)
{
    if (!l)
        return -1;
    return add_owned(l, sev, dup_str(code), dup_str(path), dup_str(msg_zh), dup_str(msg_en));
}


int findings_addf(finding_list *l, severity sev, const char *code, const char *path,
                  const char *fmt_zh, const char *fmt_en, ...)
{
    if (!l)
        return -1;
    va_list ap, ap_en;
    va_start(ap, fmt_en);
    va_copy(ap_en, ap);
    char *zh = str_vprintf(fmt_zh ? fmt_zh : "", ap);
    char *en = str_vprintf(fmt_en ? fmt_en : "", ap_en);
    va_end(ap_en);
    va_end(ap);
    return add_owned(l, sev, dup_str(code), dup_str(path), zh, en);
}

int findings_take(finding_list *dst, finding_list *src, const char *path)
{
    if (!dst || !src)
        return -1;
    if (dst == src || src->len == 0)
        return 0;
    if (reserve(dst, src->len) != 0)
        return -1;
    /* Build every replacement path first so a failure leaves both lists untouched. */
    char **paths = calloc(src->len, sizeof *paths);
    if (!paths)
        return -1;
    int ok = 1;
    for (size_t i = 0; i < src->len; i++) {
        const char *p = src->items[i].path;
        if (path && path[0] && (!p || !p[0])) {
            paths[i] = dup_str(path);
            if (!paths[i]) {
                ok = 0;
                break;
            }
        }
    }
    if (!ok) {
        for (size_t i = 0; i < src->len; i++)
            free(paths[i]);
        free(paths);
        return -1;
    }
    for (size_t i = 0; i < src->len; i++) {
        finding f = src->items[i];
        if (paths[i]) {
            free(f.path);
            f.path = paths[i];
        }
        dst->items[dst->len++] = f;
    }
    free(paths);
    src->len = 0;
    return 0;
}

void findings_clear(finding_list *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->len; i++)
        finding_release(&l->items[i]);
    l->len = 0;
}

void findings_free(finding_list *l)
{
    if (!l)
        return;
    findings_clear(l);
    free(l->items);
    l->items = NULL;
    l->cap = 0;
}

size_t findings_count(const finding_list *l, severity sev)
{
    if (!l)
        return 0;
    size_t n = 0;
    for (size_t i = 0; i < l->len; i++)
        if (l->items[i].sev == sev)
            n++;
    return n;
}
