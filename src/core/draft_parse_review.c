/* Reading what the review flow adds to a draft (format 1.1, docs/draft-format.md "Review",
 * "Queries", "Re-check"): the typed keys of a history entry, the queries and the re-check
 * figures. Same two passes as draft_parse.c: check and copy, then move unknown keys. */
#include "draft_parse_internal.h"

#include "core/dec.h"
#include "core/query.h"

#include <stdlib.h>
#include <string.h>

static const char *const QUERY_KEYS[] = {"id", "path", "state", "thread", NULL};
static const char *const MSG_KEYS[] = {"action", "by", "at", "text", NULL};
static const char *const RECHECK_KEYS[] = {"actual", "score", "reason", "by", "at", NULL};
static const char *const QSTATES[] = {"open", "answered", "closed", NULL};

static bool newer(pctx *c)
{
    return c->d->format_minor > DRAFT_FORMAT_MINOR;
}

static bool is_hex(const char *s, size_t min, size_t max)
{
    size_t n = 0;
    for (; s[n]; n++)
        if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f')))
            return false;
    return n >= min && n <= max;
}

static size_t count(const cJSON *a)
{
    size_t n = 0;
    for (const cJSON *m = a ? a->child : NULL; m; m = m->next)
        n++;
    return n;
}

int dp_read_event_extras(pctx *c, const cJSON *m, draft_event *ev)
{
    if (get_str(c, m, "sha256", false, false, "", &ev->sha256))
        return -1;
    if (ev->sha256 && !is_hex(ev->sha256, 64, 64))
        return perr_at(c, cJSON_GetObjectItemCaseSensitive(m, "sha256"), false,
                       "expected 64 lowercase hex digits for \"sha256\" (the values' hash)");
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(m, "fields");
    if (f) {
        if (!cJSON_IsObject(f))
            return perr_at(c, f, false, "expected an object for \"fields\" (storage path: "
                           "16 hex digits)");
        for (const cJSON *x = f->child; x; x = x->next) {
            if (!x->string[0])
                return perr_at(c, x, true, "expected a storage path like "
                               "\"indicators.r2.actual\"");
            if (!cJSON_IsString(x) || !is_hex(x->valuestring, 1, 64))
                return perr_at(c, x, false, "expected hex digits (the field's digest) for "
                               "\"%s\"", x->string);
        }
    }
    const cJSON *r = cJSON_GetObjectItemCaseSensitive(m, "resubmitted");
    if (r && !cJSON_IsBool(r))
        return perr_at(c, r, false, "expected true or false for \"resubmitted\"");
    ev->resubmitted = r && cJSON_IsTrue(r);
    return 0;
}

int dp_take_event_extras(cJSON *m, draft_event *ev)
{
    cJSON *f = cJSON_GetObjectItemCaseSensitive(m, "fields");
    if (f) {
        cJSON_DetachItemViaPointer(m, f);
        free(f->string);
        f->string = NULL;
        ev->fields = f;
    }
    return 0;
}

static int read_thread(pctx *c, const cJSON *m, draft_query *q)
{
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(m, "thread");
    if (!t)
        return perr_at(c, m, false, "expected the key \"thread\" (the query's messages, the "
                       "first an \"open\")");
    if (!cJSON_IsArray(t) || !t->child)
        return perr_at(c, t, false, "expected an array of messages for \"thread\", the first "
                       "{\"action\": \"open\", …}");
    size_t n = count(t);
    if (!(q->thread = calloc(n, sizeof *q->thread)))
        return poom(c);
    for (const cJSON *x = t->child; x; x = x->next) {
        draft_query_msg *msg = &q->thread[q->n_thread++];
        if (!cJSON_IsObject(x))
            return perr_at(c, x, false, "expected a message: an object with \"action\", "
                           "\"by\", \"at\", \"text\"");
        if (get_str(c, x, "action", true, true, " (open, answer, note, close or reopen)",
                    &msg->action) ||
            get_str(c, x, "by", false, false, "", &msg->by) ||
            get_str(c, x, "at", false, false, "", &msg->at) ||
            get_str(c, x, "text", true, false, " (the message; \"\" when none)", &msg->text))
            return -1;
        query_action a;
        if (!newer(c) && query_action_from_name(msg->action, &a) != 0)
            return perr_at(c, cJSON_GetObjectItemCaseSensitive(x, "action"), false,
                           "expected an action: open, answer, note, close or reopen");
    }
    return 0;
}

int dp_read_queries(pctx *c)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(c->root, "queries");
    if (!a)
        return 0;
    if (!cJSON_IsArray(a))
        return perr_at(c, a, false, "expected an array for \"queries\"");
    size_t n = count(a);
    if (n == 0)
        return 0;
    draft *d = c->d;
    d->queries = calloc(n, sizeof *d->queries);
    idref *ids = malloc(n * sizeof *ids);
    if (!d->queries || !ids) {
        free(ids);
        return poom(c);
    }
    int rc = 0;
    for (const cJSON *m = a->child; m && rc == 0; m = m->next) {
        size_t i = d->n_queries++;
        draft_query *q = &d->queries[i];
        if (!cJSON_IsObject(m)) {
            rc = perr_at(c, m, false, "expected a query: an object with \"id\", \"path\", "
                         "\"state\" and \"thread\"");
            break;
        }
        if (get_str(c, m, "id", true, true, " (a query id like \"q1\")", &q->id) ||
            get_str(c, m, "path", true, false, " (the storage path queried; \"\" for the "
                    "whole draft)", &q->path) ||
            get_str(c, m, "state", true, true, " (open, answered or closed)", &q->state) ||
            read_thread(c, m, q)) {
            rc = -1;
            break;
        }
        ids[i] = (idref){q->id, i, cJSON_GetObjectItemCaseSensitive(m, "id")};
        if (newer(c))
            continue;
        const cJSON *st = cJSON_GetObjectItemCaseSensitive(m, "state");
        if (!dp_in_list(q->state, QSTATES)) {
            rc = perr_at(c, st, false, "expected a query state: open, answered or closed");
            break;
        }
        size_t bad;
        const char *why;
        const char *want = query_thread_state(q->thread, q->n_thread, &bad, &why);
        if (!want) {
            const cJSON *t = cJSON_GetObjectItemCaseSensitive(m, "thread");
            const cJSON *x = t->child;
            for (size_t k = 0; k < bad && x; k++)
                x = x->next;
            rc = perr_at(c, cJSON_GetObjectItemCaseSensitive(x, "action"), false, "%s", why);
            break;
        }
        if (strcmp(want, q->state) != 0) {
            rc = perr_at(c, st, false, "expected the state \"%s\" (where the thread leads)",
                         want);
            break;
        }
    }
    if (rc == 0) {
        const cJSON *dup = first_dup(ids, d->n_queries);
        if (dup)
            rc = perr_at(c, dup, false, "expected each query id once, found \"%s\" again",
                         dup->valuestring);
    }
    free(ids);
    return rc;
}

int dp_read_recheck(pctx *c)
{
    const cJSON *o = cJSON_GetObjectItemCaseSensitive(c->root, "recheck");
    if (!o)
        return 0;
    if (!cJSON_IsObject(o))
        return perr_at(c, o, false, "expected an object for \"recheck\" (storage path of a "
                       "score: {\"score\": …, \"reason\": …})");
    size_t n = count(o);
    if (n == 0)
        return 0;
    draft *d = c->d;
    if (!(d->rechecks = calloc(n, sizeof *d->rechecks)))
        return poom(c);
    for (const cJSON *m = o->child; m; m = m->next) {
        draft_recheck *r = &d->rechecks[d->n_rechecks++];
        if (!m->string[0])
            return perr_at(c, m, true, "expected the storage path of a score like "
                           "\"indicators.r2.score\"");
        if (!cJSON_IsObject(m))
            return perr_at(c, m, false, "expected an object {\"actual\": …, \"score\": …, "
                           "\"reason\": …}");
        if (!(r->path = draft_strdup(m->string)))
            return poom(c);
        if (get_str(c, m, "actual", false, false, "", &r->actual) ||
            get_str(c, m, "score", true, true, " (the re-checked score, e.g. \"8\")",
                    &r->score) ||
            get_str(c, m, "reason", false, false, "", &r->reason) ||
            get_str(c, m, "by", false, false, "", &r->by) ||
            get_str(c, m, "at", false, false, "", &r->at))
            return -1;
        dec_t v;
        if (dec_parse(r->score, strlen(r->score), &v) != DEC_OK || dec_sign(v) < 0)
            return perr_at(c, cJSON_GetObjectItemCaseSensitive(m, "score"), false,
                           "expected a score as decimal text, 0 or more (e.g. \"8\" or "
                           "\"7.5\")");
    }
    return 0;
}

int dp_take_review(pctx *c)
{
    draft *d = c->d;
    cJSON *a = cJSON_GetObjectItemCaseSensitive(c->root, "queries");
    size_t i = 0;
    for (cJSON *m = a ? a->child : NULL; m; m = m->next, i++) {
        if (dp_move_unknown(m, QUERY_KEYS, &d->queries[i].unknown))
            return -1;
        cJSON *t = cJSON_GetObjectItemCaseSensitive(m, "thread");
        size_t k = 0;
        for (cJSON *x = t ? t->child : NULL; x; x = x->next, k++)
            if (dp_move_unknown(x, MSG_KEYS, &d->queries[i].thread[k].unknown))
                return -1;
    }
    cJSON *o = cJSON_GetObjectItemCaseSensitive(c->root, "recheck");
    i = 0;
    for (cJSON *m = o ? o->child : NULL; m; m = m->next, i++)
        if (dp_move_unknown(m, RECHECK_KEYS, &d->rechecks[i].unknown))
            return -1;
    return 0;
}
