/* Review states, the transition table and the canonical hash of a draft's values. */
#include "core/review.h"
#include "core/strfmt.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the transition table: one place for every caller (cli now, the editor later) ---- */
typedef struct {
    review_action action;
    const char *from;        /* a status the action is allowed from */
    bool resubmitted;        /* the entry is marked as a resubmission */
} review_rule;

static const review_rule RULES[] = {
    {REVIEW_SUBMIT, "draft", false},
    {REVIEW_SUBMIT, "returned", true},
    {REVIEW_RETURN, "submitted", false},
    {REVIEW_APPROVE, "submitted", false},
    {REVIEW_RECHECK, "approved", false},
};

static const char *const VERBS[] = {"submit", "return", "approve", "recheck"};

const char *review_action_status(review_action a)
{
    static const char *const S[] = {"submitted", "returned", "approved", "rechecked"};
    return (unsigned)a < 4 ? S[a] : "";
}

/* ---- canonical printing ---- */
typedef struct {
    char *p;
    size_t len, cap;
    bool oom;
} cbuf;

static void put(cbuf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *np = realloc(b->p, cap);
        if (!np) {
            b->oom = true;
            return;
        }
        b->p = np;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void puts_(cbuf *b, const char *s) { put(b, s, strlen(s)); }

static void put_string(cbuf *b, const char *s)
{
    put(b, "\"", 1);
    for (const unsigned char *q = (const unsigned char *)s; *q; q++) {
        char esc[8];
        if (*q == '"' || *q == '\\') {
            esc[0] = '\\';
            esc[1] = (char)*q;
            put(b, esc, 2);
        } else if (*q < 0x20 || *q == 0x7f) {
            snprintf(esc, sizeof esc, "\\u%04x", *q);
            put(b, esc, 6);
        } else {
            put(b, (const char *)q, 1);
        }
    }
    put(b, "\"", 1);
}

static int key_cmp(const void *a, const void *b)
{
    const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;
    return strcmp(x->string ? x->string : "", y->string ? y->string : "");
}

static void put_value(cbuf *b, const cJSON *v)
{
    if (cJSON_IsString(v)) {
        put_string(b, v->valuestring ? v->valuestring : "");
    } else if (cJSON_IsArray(v)) {
        put(b, "[", 1);
        for (const cJSON *m = v->child; m; m = m->next) {
            if (m != v->child)
                put(b, ",", 1);
            put_value(b, m);
        }
        put(b, "]", 1);
    } else if (cJSON_IsObject(v)) {
        size_t n = 0;
        for (const cJSON *m = v->child; m; m = m->next)
            n++;
        const cJSON **ks = n ? malloc(n * sizeof *ks) : NULL;
        if (n && !ks) {
            b->oom = true;
            return;
        }
        n = 0;
        for (const cJSON *m = v->child; m; m = m->next)
            ks[n++] = m;
        qsort(ks, n, sizeof *ks, key_cmp);
        put(b, "{", 1);
        for (size_t i = 0; i < n; i++) {
            if (i)
                put(b, ",", 1);
            put_string(b, ks[i]->string ? ks[i]->string : "");
            put(b, ":", 1);
            put_value(b, ks[i]);
        }
        put(b, "}", 1);
        free(ks);
    } else {
        /* the strict loader keeps only strings in values; anything else still hashes */
        char *t = cJSON_PrintUnformatted(v);
        if (!t) {
            b->oom = true;
            return;
        }
        puts_(b, t);
        cJSON_free(t);
    }
}

char *review_values_canonical(const cJSON *values)
{
    cbuf b = {0};
    if (values)
        put_value(&b, values);
    else
        puts_(&b, "{}");
    if (b.oom) {
        free(b.p);
        return NULL;
    }
    return b.p;
}

int review_values_sha256(const cJSON *values, char hex[SHA256_HEX_LEN + 1])
{
    char *t = review_values_canonical(values);
    if (!t)
        return -1;
    sha256_hex(t, strlen(t), hex);
    free(t);
    return 0;
}

/* ---- per-field digests ---- */
static int add_digests(cJSON *out, const cJSON *v, const char *path)
{
    if (cJSON_IsObject(v) || cJSON_IsArray(v)) {
        size_t idx = 0;
        for (const cJSON *m = v->child; m; m = m->next, idx++) {
            const char *name;
            char num[32];
            if (cJSON_IsArray(v)) {
                const cJSON *id = cJSON_GetObjectItemCaseSensitive(m, "_id");
                if (cJSON_IsString(id) && id->valuestring) {
                    name = id->valuestring;
                } else {
                    snprintf(num, sizeof num, "%zu", idx + 1);
                    name = num;
                }
            } else {
                name = m->string ? m->string : "";
                if (strcmp(name, "_id") == 0)
                    continue;           /* a row's id is its path, not a value */
            }
            char *sub = *path ? str_printf("%s.%s", path, name) : strdup(name);
            if (!sub)
                return -1;
            int rc = add_digests(out, m, sub);
            free(sub);
            if (rc)
                return -1;
        }
        return 0;
    }
    char *t = cJSON_IsString(v) ? strdup(v->valuestring ? v->valuestring : "")
                                : cJSON_PrintUnformatted(v);
    if (!t)
        return -1;
    char hex[SHA256_HEX_LEN + 1];
    sha256_hex(t, strlen(t), hex);
    free(t);
    hex[16] = '\0';
    return cJSON_AddStringToObject(out, path, hex) ? 0 : -1;
}

cJSON *review_field_digests(const cJSON *values)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    if (values && add_digests(o, values, "") != 0) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

/* ---- transitions ---- */
static const char *status_of(const draft *d)
{
    return d->status && *d->status ? d->status : "draft";
}

static char *allowed_from(const char *status)
{
    cbuf b = {0};
    for (size_t i = 0; i < sizeof RULES / sizeof RULES[0]; i++)
        if (strcmp(RULES[i].from, status) == 0) {
            if (b.len)
                puts_(&b, ", ");
            puts_(&b, VERBS[RULES[i].action]);
        }
    if (!b.len)
        puts_(&b, "nothing");
    if (b.oom) {
        free(b.p);
        return NULL;
    }
    return b.p;
}

static const review_rule *find_rule(const draft *d, review_action a)
{
    for (size_t i = 0; i < sizeof RULES / sizeof RULES[0]; i++)
        if (RULES[i].action == a && strcmp(RULES[i].from, status_of(d)) == 0)
            return &RULES[i];
    return NULL;
}

static int changed_fields(const draft *d, const draft_event *ev, char ***paths, size_t *n);

/* An approval stands for the values the clerk submitted, a re-check for those approved: the
 * transition is refused when they changed since (by hand, by another program), naming the
 * first fields, so nobody approves values nobody submitted. The entry compared with is the
 * last one that led to the present status; one that recorded no hash (an older file) is not
 * compared. */
static int values_as_recorded(const draft *d, review_action a, char **err)
{
    const char *now = status_of(d);
    const draft_event *ev = NULL;
    for (size_t i = d->n_history; i-- > 0 && !ev;)
        if (d->history[i].status && strcmp(d->history[i].status, now) == 0)
            ev = &d->history[i];
    if (!ev || (!ev->sha256 && !ev->fields))
        return 0;
    char **paths = NULL;
    size_t n = 0;
    if (changed_fields(d, ev, &paths, &n) != 0) {
        *err = str_printf("out of memory");
        return -1;
    }
    if (n == 0)
        return 0;
    *err = str_printf("cannot %s: values changed since it was %s (%s%s%s%s%s%s): return it so "
                      "the clerk checks and submits again ('selfeval verify' lists them)",
                      VERBS[a], now, paths[0], n > 1 ? ", " : "", n > 1 ? paths[1] : "",
                      n > 2 ? ", " : "", n > 2 ? paths[2] : "", n > 3 ? ", …" : "");
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
    if (!*err)
        *err = str_printf("out of memory");
    return -1;
}

int review_check(const draft *d, review_action a, const char *reason, char **err)
{
    *err = NULL;
    if ((unsigned)a >= 4) {
        *err = str_printf("unknown review action");
        return -1;
    }
    if (!find_rule(d, a)) {
        char *al = allowed_from(status_of(d));
        *err = str_printf("cannot %s: the draft is %s (allowed: %s)", VERBS[a], status_of(d),
                    al ? al : "?");
        free(al);
        return -1;
    }
    if (a == REVIEW_RETURN && (!reason || !*reason)) {
        *err = str_printf("cannot return without a reason: say what is to be fixed (--reason TEXT)");
        return -1;
    }
    if (a == REVIEW_APPROVE || a == REVIEW_RECHECK)
        return values_as_recorded(d, a, err);
    return 0;
}

int review_apply(draft *d, review_action a, const char *by, const char *at, const char *reason,
                 char **err)
{
    if (review_check(d, a, reason, err) != 0)
        return -1;
    const review_rule *rule = find_rule(d, a);
    char hex[SHA256_HEX_LEN + 1];
    cJSON *fields = review_field_digests(d->values);
    char *st = strdup(review_action_status(a)), *st2 = strdup(review_action_status(a));
    char *b = strdup(by ? by : ""), *w = strdup(at ? at : ""), *n = strdup(reason ? reason : "");
    char *sum = NULL;
    draft_event *h = realloc(d->history, (d->n_history + 1) * sizeof *h);
    if (h)
        d->history = h;
    bool ok = fields && st && st2 && b && w && n && h &&
              review_values_sha256(d->values, hex) == 0 && (sum = strdup(hex));
    if (!ok) {
        cJSON_Delete(fields);
        free(st), free(st2), free(b), free(w), free(n), free(sum);
        *err = str_printf("out of memory");
        return -1;
    }
    draft_event *ev = &d->history[d->n_history++];
    memset(ev, 0, sizeof *ev);
    ev->status = st;
    ev->by = b;
    ev->at = w;
    ev->note = n;
    ev->sha256 = sum;
    ev->fields = fields;
    ev->resubmitted = rule->resubmitted;
    free(d->status);
    d->status = st2;
    return 0;
}

const draft_event *review_reference(const draft *d)
{
    for (size_t i = d->n_history; i-- > 0;) {
        const char *s = d->history[i].status;
        if (s && (strcmp(s, "approved") == 0 || strcmp(s, "rechecked") == 0))
            return &d->history[i];
    }
    for (size_t i = d->n_history; i-- > 0;) {
        const char *s = d->history[i].status;
        if (s && strcmp(s, "submitted") == 0)
            return &d->history[i];
    }
    return NULL;
}

static int path_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int push(char ***v, size_t *n, const char *s)
{
    char **nv = realloc(*v, (*n + 1) * sizeof **v);
    if (!nv)
        return -1;
    *v = nv;
    if (!(nv[*n] = strdup(s)))
        return -1;
    (*n)++;
    return 0;
}

int review_changed_fields(const draft *d, const draft_event *ev, char ***paths, size_t *n)
{
    return changed_fields(d, ev, paths, n);
}

static int changed_fields(const draft *d, const draft_event *ev, char ***paths, size_t *n)
{
    *paths = NULL;
    *n = 0;
    const char *sum = ev->sha256;
    const cJSON *then = ev->fields;
    char hex[SHA256_HEX_LEN + 1];
    if (review_values_sha256(d->values, hex) != 0)
        return -1;
    if (sum && strcmp(sum, hex) == 0)
        return 0;
    cJSON *now = review_field_digests(d->values);
    if (!now)
        return -1;
    int rc = 0;
    if (cJSON_IsObject(then)) {
        for (const cJSON *m = now->child; m && !rc; m = m->next) {
            const cJSON *o = cJSON_GetObjectItemCaseSensitive(then, m->string);
            if (!cJSON_IsString(o) || strcmp(o->valuestring, m->valuestring) != 0)
                rc = push(paths, n, m->string);
        }
        for (const cJSON *m = then->child; m && !rc; m = m->next)
            if (!cJSON_GetObjectItemCaseSensitive(now, m->string))
                rc = push(paths, n, m->string);
    }
    /* the whole differs but no field does (or no digests were kept): say "values" */
    if (!rc && *n == 0)
        rc = push(paths, n, "values");
    cJSON_Delete(now);
    if (rc) {
        for (size_t i = 0; i < *n; i++)
            free((*paths)[i]);
        free(*paths);
        *paths = NULL;
        *n = 0;
        return -1;
    }
    qsort(*paths, *n, sizeof **paths, path_cmp);
    return 0;
}
