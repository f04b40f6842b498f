/* Writing a draft's text: deterministic, 2-space indent, keys in a fixed order, unknown keys
 * kept where they were. Our own printer: cJSON_Print indents with tabs and prints numbers
 * through double. */
#include "draft_internal.h"

#include "core/json_strict.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char *p;
    size_t n, cap;
    bool oom;
} sbuf;

static void sb_put(sbuf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->oom = true;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void sb_puts(sbuf *b, const char *s)
{
    sb_put(b, s, strlen(s));
}

static void sb_indent(sbuf *b, int level)
{
    static const char spaces[] = "                                ";   /* 32 */
    size_t n = (size_t)level * 2;
    while (n > 0) {
        size_t k = n < sizeof spaces - 1 ? n : sizeof spaces - 1;
        sb_put(b, spaces, k);
        n -= k;
    }
}

static void sb_str(sbuf *b, const char *s)
{
    size_t n = 0;
    char *q = json_quote(s, &n);
    if (!q) {
        b->oom = true;
        return;
    }
    sb_put(b, q, n);
    free(q);
}

/* Members of an object being written: "{", then each "\n<indent>key: ", then the close. */
static void member(sbuf *b, bool *first, int level, const char *key)
{
    sb_puts(b, *first ? "\n" : ",\n");
    *first = false;
    sb_indent(b, level);
    sb_str(b, key);
    sb_put(b, ": ", 2);
}

static void close_obj(sbuf *b, bool first, int level, const char *close)
{
    if (!first) {
        sb_put(b, "\n", 1);
        sb_indent(b, level);
    }
    sb_puts(b, close);
}

static void print_value(sbuf *b, const cJSON *v, int level);

static void print_members(sbuf *b, bool *first, const cJSON *obj, int level)
{
    for (const cJSON *m = obj ? obj->child : NULL; m; m = m->next) {
        member(b, first, level, m->string ? m->string : "");
        print_value(b, m, level);
    }
}

static void print_value(sbuf *b, const cJSON *v, int level)
{
    if (cJSON_IsString(v)) {
        sb_str(b, v->valuestring);
    } else if (cJSON_IsNumber(v)) {
        /* the text as read (json_strict_parse); else the integer part (we create no numbers) */
        if (v->valuestring) {
            sb_puts(b, v->valuestring);
        } else {
            char t[32];
            snprintf(t, sizeof t, "%d", v->valueint);
            sb_puts(b, t);
        }
    } else if (cJSON_IsTrue(v)) {
        sb_puts(b, "true");
    } else if (cJSON_IsFalse(v)) {
        sb_puts(b, "false");
    } else if (cJSON_IsObject(v)) {
        bool first = true;
        sb_put(b, "{", 1);
        print_members(b, &first, v, level + 1);
        close_obj(b, first, level, "}");
    } else if (cJSON_IsArray(v)) {
        bool first = true;
        sb_put(b, "[", 1);
        for (const cJSON *e = v->child; e; e = e->next) {
            sb_puts(b, first ? "\n" : ",\n");
            first = false;
            sb_indent(b, level + 1);
            print_value(b, e, level + 1);
        }
        close_obj(b, first, level, "]");
    } else {
        sb_puts(b, "null");
    }
}

static void str_member(sbuf *b, bool *first, int level, const char *key, const char *val)
{
    if (!val)
        return;
    member(b, first, level, key);
    sb_str(b, val);
}

/* Queries and re-check figures: written only when there are some, so a 1.0 file without them
 * prints as it was read. */
static void print_review(sbuf *b, bool *top, const draft *d)
{
    if (d->n_queries) {
        bool first = true;
        member(b, top, 1, "queries");
        sb_put(b, "[", 1);
        for (size_t i = 0; i < d->n_queries; i++) {
            const draft_query *q = &d->queries[i];
            bool f2 = true;
            sb_puts(b, first ? "\n" : ",\n");
            first = false;
            sb_indent(b, 2);
            sb_put(b, "{", 1);
            str_member(b, &f2, 3, "id", q->id ? q->id : "");
            str_member(b, &f2, 3, "path", q->path ? q->path : "");
            str_member(b, &f2, 3, "state", q->state ? q->state : "");
            member(b, &f2, 3, "thread");
            bool f3 = true;
            sb_put(b, "[", 1);
            for (size_t k = 0; k < q->n_thread; k++) {
                const draft_query_msg *m = &q->thread[k];
                bool f4 = true;
                sb_puts(b, f3 ? "\n" : ",\n");
                f3 = false;
                sb_indent(b, 4);
                sb_put(b, "{", 1);
                str_member(b, &f4, 5, "action", m->action ? m->action : "");
                str_member(b, &f4, 5, "by", m->by);
                str_member(b, &f4, 5, "at", m->at);
                str_member(b, &f4, 5, "text", m->text ? m->text : "");
                print_members(b, &f4, m->unknown, 5);
                close_obj(b, f4, 4, "}");
            }
            close_obj(b, f3, 3, "]");
            print_members(b, &f2, q->unknown, 3);
            close_obj(b, f2, 2, "}");
        }
        close_obj(b, first, 1, "]");
    }
    if (d->n_rechecks) {
        bool first = true;
        member(b, top, 1, "recheck");
        sb_put(b, "{", 1);
        for (size_t i = 0; i < d->n_rechecks; i++) {
            const draft_recheck *r = &d->rechecks[i];
            bool f2 = true;
            member(b, &first, 2, r->path ? r->path : "");
            sb_put(b, "{", 1);
            str_member(b, &f2, 3, "actual", r->actual);
            str_member(b, &f2, 3, "score", r->score ? r->score : "");
            str_member(b, &f2, 3, "reason", r->reason);
            str_member(b, &f2, 3, "by", r->by);
            str_member(b, &f2, 3, "at", r->at);
            print_members(b, &f2, r->unknown, 3);
            close_obj(b, f2, 2, "}");
        }
        close_obj(b, first, 1, "}");
    }
}

char *draft_print(const draft *d, size_t *len)
{
    sbuf b = {0};
    bool top = true;
    char fmt[64];
    /* queries and re-check figures are 1.1: a 1.0 file that gets them says so */
    int minor = d->format_minor;
    if ((d->n_queries || d->n_rechecks) && d->format_major == 1 && minor < 1)
        minor = 1;
    snprintf(fmt, sizeof fmt, DRAFT_FORMAT_PREFIX "%d.%d", d->format_major, minor);
    sb_put(&b, "{", 1);
    str_member(&b, &top, 1, "format", fmt);

    member(&b, &top, 1, "form");
    bool first = true;
    sb_put(&b, "{", 1);
    str_member(&b, &first, 2, "id", d->form_id ? d->form_id : "");
    str_member(&b, &first, 2, "version", d->form_version ? d->form_version : "");
    print_members(&b, &first, d->form_unknown, 2);
    close_obj(&b, first, 1, "}");

    member(&b, &top, 1, "meta");
    first = true;
    sb_put(&b, "{", 1);
    str_member(&b, &first, 2, "unit", d->unit);
    str_member(&b, &first, 2, "year", d->year);
    str_member(&b, &first, 2, "status", d->status);
    str_member(&b, &first, 2, "created", d->created);
    str_member(&b, &first, 2, "modified", d->modified);
    str_member(&b, &first, 2, "author", d->author);
    print_members(&b, &first, d->meta_unknown, 2);
    close_obj(&b, first, 1, "}");

    member(&b, &top, 1, "values");
    if (d->values)
        print_value(&b, d->values, 1);
    else
        sb_puts(&b, "{}");

    member(&b, &top, 1, "overrides");
    first = true;
    sb_put(&b, "{", 1);
    for (size_t i = 0; i < d->n_overrides; i++) {
        const draft_override *o = &d->overrides[i];
        bool f2 = true;
        member(&b, &first, 2, o->path ? o->path : "");
        sb_put(&b, "{", 1);
        str_member(&b, &f2, 3, "reason", o->reason ? o->reason : "");
        str_member(&b, &f2, 3, "by", o->by);
        str_member(&b, &f2, 3, "at", o->at);
        print_members(&b, &f2, o->unknown, 3);
        close_obj(&b, f2, 2, "}");
    }
    close_obj(&b, first, 1, "}");

    member(&b, &top, 1, "comments");
    first = true;
    sb_put(&b, "[", 1);
    for (size_t i = 0; i < d->n_comments; i++) {
        const draft_comment *cm = &d->comments[i];
        bool f2 = true;
        sb_puts(&b, first ? "\n" : ",\n");
        first = false;
        sb_indent(&b, 2);
        sb_put(&b, "{", 1);
        str_member(&b, &f2, 3, "id", cm->id ? cm->id : "");
        str_member(&b, &f2, 3, "path", cm->path ? cm->path : "");
        str_member(&b, &f2, 3, "author", cm->author);
        str_member(&b, &f2, 3, "at", cm->at);
        str_member(&b, &f2, 3, "text", cm->text ? cm->text : "");
        member(&b, &f2, 3, "resolved");
        sb_puts(&b, cm->resolved ? "true" : "false");
        print_members(&b, &f2, cm->unknown, 3);
        close_obj(&b, f2, 2, "}");
    }
    close_obj(&b, first, 1, "]");

    member(&b, &top, 1, "history");
    first = true;
    sb_put(&b, "[", 1);
    for (size_t i = 0; i < d->n_history; i++) {
        const draft_event *ev = &d->history[i];
        bool f2 = true;
        sb_puts(&b, first ? "\n" : ",\n");
        first = false;
        sb_indent(&b, 2);
        sb_put(&b, "{", 1);
        str_member(&b, &f2, 3, "status", ev->status ? ev->status : "");
        str_member(&b, &f2, 3, "by", ev->by);
        str_member(&b, &f2, 3, "at", ev->at);
        str_member(&b, &f2, 3, "note", ev->note);
        /* the order the review commands of 1.0 wrote them in, so those files keep their bytes */
        str_member(&b, &f2, 3, "sha256", ev->sha256);
        if (ev->resubmitted) {
            member(&b, &f2, 3, "resubmitted");
            sb_puts(&b, "true");
        }
        if (ev->fields) {
            member(&b, &f2, 3, "fields");
            print_value(&b, ev->fields, 3);
        }
        print_members(&b, &f2, ev->unknown, 3);
        close_obj(&b, f2, 2, "}");
    }
    close_obj(&b, first, 1, "]");

    print_review(&b, &top, d);

    print_members(&b, &top, d->unknown, 1);
    close_obj(&b, top, 0, "}\n");
    if (b.oom) {
        free(b.p);
        return NULL;
    }
    if (len)
        *len = b.n;
    return b.p;
}
