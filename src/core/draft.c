/* Drafts in memory (docs/draft-format.md): making, freeing, overrides and row ids. Reading
 * a draft's text is draft_parse.c, writing it draft_print.c. */
#include "draft_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *draft_strdup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s);
    char *r = malloc(n + 1);
    if (r)
        memcpy(r, s, n + 1);
    return r;
}

/* ---- freeing ---- */

static void override_clear(draft_override *o)
{
    free(o->path);
    free(o->reason);
    free(o->by);
    free(o->at);
    cJSON_Delete(o->unknown);
}

void draft_comment_clear(draft_comment *c)
{
    free(c->id);
    free(c->path);
    free(c->author);
    free(c->at);
    free(c->text);
    cJSON_Delete(c->unknown);
    memset(c, 0, sizeof *c);
}

void draft_event_clear(draft_event *e)
{
    free(e->status);
    free(e->by);
    free(e->at);
    free(e->note);
    free(e->sha256);
    cJSON_Delete(e->fields);
    cJSON_Delete(e->unknown);
    memset(e, 0, sizeof *e);
}

void draft_query_msg_clear(draft_query_msg *m)
{
    free(m->action);
    free(m->by);
    free(m->at);
    free(m->text);
    cJSON_Delete(m->unknown);
    memset(m, 0, sizeof *m);
}

void draft_query_clear(draft_query *q)
{
    free(q->id);
    free(q->path);
    free(q->state);
    for (size_t i = 0; i < q->n_thread; i++)
        draft_query_msg_clear(&q->thread[i]);
    free(q->thread);
    cJSON_Delete(q->unknown);
    memset(q, 0, sizeof *q);
}

void draft_recheck_clear(draft_recheck *r)
{
    free(r->path);
    free(r->actual);
    free(r->score);
    free(r->reason);
    free(r->by);
    free(r->at);
    cJSON_Delete(r->unknown);
    memset(r, 0, sizeof *r);
}

void draft_free(draft *d)
{
    if (!d)
        return;
    free(d->form_id);
    free(d->form_version);
    cJSON_Delete(d->form_unknown);
    free(d->unit);
    free(d->year);
    free(d->status);
    free(d->created);
    free(d->modified);
    free(d->author);
    cJSON_Delete(d->values);
    for (size_t i = 0; i < d->n_overrides; i++)
        override_clear(&d->overrides[i]);
    free(d->overrides);
    for (size_t i = 0; i < d->n_comments; i++)
        draft_comment_clear(&d->comments[i]);
    free(d->comments);
    for (size_t i = 0; i < d->n_history; i++)
        draft_event_clear(&d->history[i]);
    free(d->history);
    for (size_t i = 0; i < d->n_queries; i++)
        draft_query_clear(&d->queries[i]);
    free(d->queries);
    for (size_t i = 0; i < d->n_rechecks; i++)
        draft_recheck_clear(&d->rechecks[i]);
    free(d->rechecks);
    cJSON_Delete(d->unknown);
    cJSON_Delete(d->meta_unknown);
    free(d);
}

draft *draft_new(const char *form_id, const char *form_version)
{
    draft *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->format_major = DRAFT_FORMAT_MAJOR;
    d->format_minor = DRAFT_FORMAT_MINOR;
    d->form_id = draft_strdup(form_id ? form_id : "");
    d->form_version = draft_strdup(form_version ? form_version : "");
    d->status = draft_strdup("draft");
    d->values = cJSON_CreateObject();
    d->unknown = cJSON_CreateObject();
    d->meta_unknown = cJSON_CreateObject();
    if (!d->form_id || !d->form_version || !d->status || !d->values || !d->unknown ||
        !d->meta_unknown) {
        draft_free(d);
        return NULL;
    }
    return d;
}

/* ---- overrides ---- */

const draft_override *draft_override_get(const draft *d, const char *path)
{
    if (!d || !path)
        return NULL;
    for (size_t i = 0; i < d->n_overrides; i++)
        if (d->overrides[i].path && strcmp(d->overrides[i].path, path) == 0)
            return &d->overrides[i];
    return NULL;
}

int draft_override_set(draft *d, const char *path, const char *reason, const char *by,
                       const char *at)
{
    if (!d || !path)
        return -1;
    draft_override *cur = (draft_override *)draft_override_get(d, path);
    if (!reason || !*reason) {
        if (cur) {
            size_t i = (size_t)(cur - d->overrides);
            override_clear(cur);
            memmove(cur, cur + 1, (d->n_overrides - i - 1) * sizeof *cur);
            d->n_overrides--;
        }
        return 0;
    }
    /* everything allocated before anything changes: out of memory leaves the draft as it was */
    char *r = draft_strdup(reason), *b = draft_strdup(by), *a = draft_strdup(at);
    char *p = cur ? NULL : draft_strdup(path);
    if (!r || (by && !b) || (at && !a) || (!cur && !p)) {
        free(r);
        free(b);
        free(a);
        free(p);
        return -1;
    }
    if (!cur) {
        draft_override *v = realloc(d->overrides, (d->n_overrides + 1) * sizeof *v);
        if (!v) {
            free(r);
            free(b);
            free(a);
            free(p);
            return -1;
        }
        d->overrides = v;
        cur = &v[d->n_overrides++];
        *cur = (draft_override){.path = p};
    }
    free(cur->reason);
    free(cur->by);
    free(cur->at);
    cur->reason = r;
    cur->by = b;
    cur->at = a;
    return 0;
}

/* ---- row ids ---- */

/* Number after `prefix` in a canonical id ("r12" -> 12; "r012", "rx" are not ours). */
static bool id_number(const char *id, const char *prefix, size_t pl, uint64_t *out)
{
    if (strncmp(id, prefix, pl) != 0)
        return false;
    const char *s = id + pl;
    if (*s < '1' || *s > '9')
        return false;
    uint64_t v = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > (UINT64_MAX - 9) / 10)
            return false;
        v = v * 10 + (uint64_t)(*s - '0');
    }
    *out = v;
    return true;
}

static bool id_used(const cJSON *rows, const char *id)
{
    for (const cJSON *r = rows ? rows->child : NULL; r; r = r->next) {
        const cJSON *x = cJSON_GetObjectItemCaseSensitive(r, "_id");
        if (cJSON_IsString(x) && strcmp(x->valuestring, id) == 0)
            return true;
    }
    return false;
}

char *draft_new_row_id(const cJSON *rows, const char *prefix)
{
    if (!prefix)
        prefix = "r";
    size_t pl = strlen(prefix);
    uint64_t max = 0;
    for (const cJSON *r = rows ? rows->child : NULL; r; r = r->next) {
        const cJSON *x = cJSON_GetObjectItemCaseSensitive(r, "_id");
        uint64_t v;
        if (cJSON_IsString(x) && id_number(x->valuestring, prefix, pl, &v) && v > max)
            max = v;
    }
    /* normally one more than the largest; after an absurd id near 2^64, the first free one */
    uint64_t next = max < UINT64_MAX / 10 ? max + 1 : 1;
    for (;;) {
        char *id = NULL;
        if (asprintf(&id, "%s%llu", prefix, (unsigned long long)next) < 0)
            return NULL;
        if (!id_used(rows, id))
            return id;
        free(id);
        next++;
    }
}
