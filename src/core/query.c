/* Queries on fields: the table of who may do what from which state, and the edits of a
 * draft's queries that follow it (core/query.h). */
#include "core/query.h"
#include "core/strfmt.h"
#include "draft_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    query_action action;
    query_role role;
    const char *from[2];     /* states it is allowed from (NULL entries unused; open: none) */
    const char *to;          /* NULL: the state stays */
    bool needs_text;
} query_rule;

static const query_rule RULES[QA__COUNT] = {
    [QA_OPEN] = {QA_OPEN, QROLE_REVIEWER, {NULL, NULL}, "open", true},
    [QA_ANSWER] = {QA_ANSWER, QROLE_CLERK, {"open", "answered"}, "answered", true},
    [QA_NOTE] = {QA_NOTE, QROLE_REVIEWER, {"open", "answered"}, NULL, true},
    [QA_CLOSE] = {QA_CLOSE, QROLE_REVIEWER, {"open", "answered"}, "closed", false},
    [QA_REOPEN] = {QA_REOPEN, QROLE_REVIEWER, {"answered", "closed"}, "open", true},
};

static const char *const NAMES[QA__COUNT] = {"open", "answer", "note", "close", "reopen"};

const char *query_action_name(query_action a)
{
    return (unsigned)a < QA__COUNT ? NAMES[a] : "";
}

int query_action_from_name(const char *name, query_action *out)
{
    for (int i = 0; name && i < QA__COUNT; i++)
        if (strcmp(name, NAMES[i]) == 0) {
            *out = (query_action)i;
            return 0;
        }
    return -1;
}

query_role query_action_role(query_action a)
{
    return (unsigned)a < QA__COUNT ? RULES[a].role : QROLE_REVIEWER;
}

const char *query_next_state(const char *state, query_action a)
{
    if ((unsigned)a >= QA__COUNT)
        return NULL;
    const query_rule *r = &RULES[a];
    if (a == QA_OPEN)
        return state ? NULL : r->to;
    if (!state)
        return NULL;
    for (int i = 0; i < 2; i++)
        if (r->from[i] && strcmp(r->from[i], state) == 0)
            return r->to ? r->to : r->from[i];
    return NULL;
}

const char *query_thread_state(const draft_query_msg *t, size_t n, size_t *bad,
                               const char **why)
{
    const char *state = NULL;
    for (size_t i = 0; i < n; i++) {
        query_action a;
        const char *next = NULL;
        if (query_action_from_name(t[i].action, &a) == 0)
            next = query_next_state(state, a);
        if (!next) {
            *bad = i;
            *why = i == 0 ? "expected the thread to begin with an \"open\""
                 : strcmp(state, "open") == 0 ? "expected \"answer\", \"note\" or \"close\" "
                                                "after the query is open"
                 : strcmp(state, "answered") == 0 ? "expected \"answer\", \"note\", \"close\" "
                                                    "or \"reopen\" after an answer"
                 : "expected \"reopen\" after the query is closed";
            return NULL;
        }
        state = next;
    }
    if (!state) {
        *bad = 0;
        *why = "expected at least one message, the \"open\"";
    }
    return state;
}

draft_query *draft_query_get(const draft *d, const char *id)
{
    for (size_t i = 0; d && id && i < d->n_queries; i++)
        if (d->queries[i].id && strcmp(d->queries[i].id, id) == 0)
            return &d->queries[i];
    return NULL;
}

static const char *query_id_at(const draft *d, size_t i)
{
    return d->queries[i].id;
}

char *query_new_id(const draft *d)
{
    return draft_next_id(d, 'q', d->n_queries, query_id_at);
}

size_t query_count(const draft *d, const char *state)
{
    size_t n = 0;
    for (size_t i = 0; i < d->n_queries; i++)
        if (!state || (d->queries[i].state && strcmp(d->queries[i].state, state) == 0))
            n++;
    return n;
}

/* "answer, note, close": what may be done from `state` by anyone. */
static void allowed(const char *state, char *buf, size_t cap)
{
    buf[0] = '\0';
    for (int a = QA_ANSWER; a < QA__COUNT; a++)
        if (query_next_state(state, (query_action)a)) {
            size_t l = strlen(buf);
            snprintf(buf + l, cap - l, "%s%s", l ? ", " : "", NAMES[a]);
        }
    if (!buf[0])
        snprintf(buf, cap, "nothing");
}

int query_check(const draft *d, const char *id, query_action a, query_role role,
                const char *text, char **err)
{
    *err = NULL;
    if ((unsigned)a >= QA__COUNT) {
        *err = str_printf("unknown query action");
        return -1;
    }
    const query_rule *r = &RULES[a];
    if (role != r->role) {
        *err = str_printf(role == QROLE_CLERK
                        ? "a clerk cannot %s a query: only the reviewer can (open the draft "
                          "for review)"
                        : "a reviewer cannot %s a query: only the clerk who filed the draft "
                          "can",
                    NAMES[a]);
        return -1;
    }
    if (a == QA_OPEN) {
        if (id && draft_query_get(d, id)) {
            *err = str_printf("cannot open %s: a query with that id exists", id);
            return -1;
        }
    } else {
        const draft_query *q = draft_query_get(d, id);
        if (!q) {
            *err = str_printf("there is no query %s in this draft (see the list of queries)",
                        id ? id : "");
            return -1;
        }
        if (!query_next_state(q->state, a)) {
            char al[64];
            allowed(q->state, al, sizeof al);
            *err = str_printf("cannot %s %s: it is %s (allowed: %s)", NAMES[a], q->id, q->state, al);
            return -1;
        }
    }
    if (r->needs_text && (!text || !*text)) {
        *err = str_printf("cannot %s a query without text: say what is asked or answered "
                    "(--text TEXT)", NAMES[a]);
        return -1;
    }
    return 0;
}

/* A message owning copies of its strings; false when out of memory (nothing kept). */
static bool msg_make(draft_query_msg *m, query_action a, const char *by, const char *at,
                     const char *text)
{
    *m = (draft_query_msg){0};
    m->action = strdup(NAMES[a]);
    m->by = by ? strdup(by) : NULL;
    m->at = at ? strdup(at) : NULL;
    m->text = strdup(text ? text : "");
    if (!m->action || !m->text || (by && !m->by) || (at && !m->at)) {
        draft_query_msg_clear(m);
        return false;
    }
    return true;
}

int query_open(draft *d, const char *id, const char *path, const char *by, const char *at,
               const char *text, char **id_out, char **err)
{
    if (id_out)
        *id_out = NULL;
    if (query_check(d, id, QA_OPEN, QROLE_REVIEWER, text, err) != 0)
        return -1;
    draft_query q = {0};
    q.id = id ? strdup(id) : query_new_id(d);
    q.path = strdup(path ? path : "");
    q.state = strdup("open");
    q.thread = calloc(1, sizeof *q.thread);
    char *idc = NULL;
    bool ok = q.id && q.path && q.state && q.thread && (!id_out || (idc = strdup(q.id)));
    if (ok && msg_make(&q.thread[0], QA_OPEN, by, at, text))
        q.n_thread = 1;
    else
        ok = false;
    draft_query *v = ok ? realloc(d->queries, (d->n_queries + 1) * sizeof *v) : NULL;
    if (!v) {
        draft_query_clear(&q);
        free(idc);
        *err = str_printf("out of memory");
        return -1;
    }
    d->queries = v;
    d->queries[d->n_queries++] = q;
    if (id_out)
        *id_out = idc;
    return 0;
}

int query_act(draft *d, const char *id, query_action a, query_role role, const char *by,
              const char *at, const char *text, char **err)
{
    if (a == QA_OPEN) {
        *err = str_printf("use query_open to open a query");
        return -1;
    }
    if (query_check(d, id, a, role, text, err) != 0)
        return -1;
    draft_query *q = draft_query_get(d, id);
    char *st = strdup(query_next_state(q->state, a));
    draft_query_msg m;
    draft_query_msg *t = st ? realloc(q->thread, (q->n_thread + 1) * sizeof *t) : NULL;
    if (t)
        q->thread = t;
    if (!t || !msg_make(&m, a, by, at, text)) {
        free(st);
        *err = str_printf("out of memory");
        return -1;
    }
    q->thread[q->n_thread++] = m;
    free(q->state);
    q->state = st;
    return 0;
}

int query_undo(draft *d, const char *id)
{
    draft_query *q = draft_query_get(d, id);
    if (!q || q->n_thread == 0)
        return -1;
    if (q->n_thread == 1) {
        size_t i = (size_t)(q - d->queries);
        draft_query_clear(q);
        memmove(q, q + 1, (d->n_queries - i - 1) * sizeof *q);
        d->n_queries--;
        return 0;
    }
    size_t bad;
    const char *why;
    const char *st = query_thread_state(q->thread, q->n_thread - 1, &bad, &why);
    char *s = strdup(st ? st : "open");
    if (!s)
        return -1;
    draft_query_msg_clear(&q->thread[--q->n_thread]);
    free(q->state);
    q->state = s;
    return 0;
}
