/* Comments on a draft's fields: adding, removing (undo), resolving. Ids c1, c2, … */
#include "draft_internal.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

draft_comment *draft_comment_get(const draft *d, const char *id)
{
    for (size_t i = 0; d && id && i < d->n_comments; i++)
        if (d->comments[i].id && strcmp(d->comments[i].id, id) == 0)
            return &d->comments[i];
    return NULL;
}

/* One more than the largest number among ids "<prefix><digits>"; ids of other shapes do not
 * count (a hand-written "note" is kept as is). */
char *draft_next_id(const draft *d, char prefix, size_t n, draft_id_at id_at)
{
    uint64_t max = 0;
    for (size_t i = 0; i < n; i++) {
        const char *s = id_at(d, i);
        if (!s || s[0] != prefix || s[1] < '1' || s[1] > '9')
            continue;
        uint64_t v = 0;
        const char *p = s + 1;
        for (; *p >= '0' && *p <= '9' && v < UINT64_MAX / 10 - 9; p++)
            v = v * 10 + (uint64_t)(*p - '0');
        if (!*p && v > max)
            max = v;
    }
    for (uint64_t next = max + 1;; next++) {
        char *id = NULL;
        if (asprintf(&id, "%c%llu", prefix, (unsigned long long)next) < 0)
            return NULL;
        bool used = false;
        for (size_t i = 0; i < n && !used; i++) {
            const char *s = id_at(d, i);
            used = s && strcmp(s, id) == 0;
        }
        if (!used)
            return id;
        free(id);
    }
}

static const char *comment_id_at(const draft *d, size_t i)
{
    return d->comments[i].id;
}

char *draft_comment_new_id(const draft *d)
{
    return draft_next_id(d, 'c', d->n_comments, comment_id_at);
}

int draft_comment_add(draft *d, const char *id, const char *path, const char *author,
                      const char *at, const char *text)
{
    if (!text || !*text || (id && draft_comment_get(d, id)))
        return -1;
    draft_comment c = {0};
    c.id = id ? draft_strdup(id) : draft_comment_new_id(d);
    c.path = draft_strdup(path ? path : "");
    c.author = draft_strdup(author);
    c.at = draft_strdup(at);
    c.text = draft_strdup(text);
    draft_comment *v = NULL;
    if (c.id && c.path && c.text && (!author || c.author) && (!at || c.at))
        v = realloc(d->comments, (d->n_comments + 1) * sizeof *v);
    if (!v) {
        draft_comment_clear(&c);
        return -1;
    }
    d->comments = v;
    d->comments[d->n_comments++] = c;
    return 0;
}

int draft_comment_remove(draft *d, const char *id)
{
    draft_comment *c = draft_comment_get(d, id);
    if (!c)
        return -1;
    size_t i = (size_t)(c - d->comments);
    draft_comment_clear(c);
    memmove(c, c + 1, (d->n_comments - i - 1) * sizeof *c);
    d->n_comments--;
    return 0;
}

int draft_comment_resolve(draft *d, const char *id, bool resolved)
{
    draft_comment *c = draft_comment_get(d, id);
    if (!c)
        return -1;
    c->resolved = resolved;
    return 0;
}
