/* Drafts in memory and as text (docs/draft-format.md).
 *
 * Parsing is two passes over one cJSON tree: the first checks everything and copies the
 * strings it needs, leaving the tree intact so that any refusal can be turned into a line and
 * column (json_node_offset scans the text again, only on error); the second moves the kept
 * subtrees ("values" and every unknown key) out of the tree into the draft, which can then
 * fail only for lack of memory.
 *
 * Printing is our own: cJSON_Print indents with tabs and prints numbers through double. */
#include "core/draft.h"

#include "core/json_strict.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FORMAT_PREFIX "selfeval-draft/"

static const char *const TOP_KEYS[] = {"format", "form", "meta", "values", "overrides",
                                       "comments", "history", NULL};
static const char *const FORM_KEYS[] = {"id", "version", NULL};
static const char *const META_KEYS[] = {"unit", "year", "status", "created", "modified",
                                        "author", NULL};
static const char *const OVERRIDE_KEYS[] = {"reason", "by", "at", NULL};
static const char *const COMMENT_KEYS[] = {"id", "path", "author", "at", "text", "resolved",
                                           NULL};
static const char *const EVENT_KEYS[] = {"status", "by", "at", "note", NULL};
static const char *const STATUSES[] = {"draft", "submitted", "returned", "approved", NULL};

static bool in_list(const char *k, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(k, *list) == 0)
            return true;
    return false;
}

static char *dupstr(const char *s)
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

static void comment_clear(draft_comment *c)
{
    free(c->id);
    free(c->path);
    free(c->author);
    free(c->at);
    free(c->text);
    cJSON_Delete(c->unknown);
}

static void event_clear(draft_event *e)
{
    free(e->status);
    free(e->by);
    free(e->at);
    free(e->note);
    cJSON_Delete(e->unknown);
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
        comment_clear(&d->comments[i]);
    free(d->comments);
    for (size_t i = 0; i < d->n_history; i++)
        event_clear(&d->history[i]);
    free(d->history);
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
    d->form_id = dupstr(form_id ? form_id : "");
    d->form_version = dupstr(form_version ? form_version : "");
    d->status = dupstr("draft");
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

/* ---- parsing ---- */

typedef struct {
    const char *buf;
    size_t len;
    const char *name;
    cJSON *root;
    char **err;
    bool failed;
    draft *d;
} pctx;

static int perr_at(pctx *c, const cJSON *node, bool key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int perr(pctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A refusal about `node`: "NAME line L, column C: what". */
static int perr_at(pctx *c, const cJSON *node, bool key, const char *fmt, ...)
{
    if (c->failed)
        return -1;
    c->failed = true;
    if (!c->err)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    char *what = NULL;
    if (vasprintf(&what, fmt, ap) < 0)
        what = NULL;
    va_end(ap);
    if (!what)
        return -1;
    size_t off = json_node_offset(c->buf, c->len, c->root, node, key);
    *c->err = json_error_at(c->name, c->buf, c->len, off, what);
    free(what);
    return -1;
}

/* A refusal about the whole file: "NAME: what". */
static int perr(pctx *c, const char *fmt, ...)
{
    if (c->failed)
        return -1;
    c->failed = true;
    if (!c->err)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    char *what = NULL;
    if (vasprintf(&what, fmt, ap) < 0)
        what = NULL;
    va_end(ap);
    if (!what)
        return -1;
    char *m = NULL;
    if (asprintf(&m, "%s: %s", c->name, what) < 0)
        m = NULL;
    free(what);
    *c->err = m;
    return -1;
}

static int poom(pctx *c)
{
    return perr(c, "out of memory");
}

/* Member `key` of obj, which must be a string when present (copied to *out, NULL when
 * absent). `required` refuses its absence, `nonempty` an empty string. */
static int get_str(pctx *c, const cJSON *obj, const char *key, bool required, bool nonempty,
                   const char *hint, char **out)
{
    *out = NULL;
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!it) {
        if (required)
            return perr_at(c, obj, false, "expected the key \"%s\"%s", key, hint);
        return 0;
    }
    if (!cJSON_IsString(it))
        return perr_at(c, it, false, "expected a string for \"%s\"%s", key, hint);
    if (nonempty && it->valuestring[0] == '\0')
        return perr_at(c, it, false, "expected a non-empty \"%s\"%s", key, hint);
    *out = dupstr(it->valuestring);
    if (!*out)
        return poom(c);
    return 0;
}

/* "selfeval-draft/1.0": digits without leading zeros, at most 9 of them. */
static bool parse_version_number(const char **p, int *out)
{
    const char *s = *p;
    int v = 0, n = 0;
    while (*s >= '0' && *s <= '9') {
        if (n == 9 || (n == 1 && v == 0))
            return false;
        v = v * 10 + (*s - '0');
        s++;
        n++;
    }
    if (n == 0)
        return false;
    *out = v;
    *p = s;
    return true;
}

static bool parse_format(const char *s, int *major, int *minor)
{
    size_t pl = strlen(FORMAT_PREFIX);
    if (strncmp(s, FORMAT_PREFIX, pl) != 0)
        return false;
    s += pl;
    if (!parse_version_number(&s, major) || *s != '.')
        return false;
    s++;
    return parse_version_number(&s, minor) && *s == '\0';
}

/* A name in "values": storage paths join names with '.', so a '.' inside one would make a
 * path mean two things. */
static int check_name(pctx *c, const cJSON *member)
{
    const char *k = member->string;
    if (!k || !*k)
        return perr_at(c, member, true, "expected a non-empty name");
    if (strchr(k, '.'))
        return perr_at(c, member, true, "expected a name without '.' (storage paths join "
                       "names with '.')");
    return 0;
}

typedef struct {
    const char *id;
    size_t idx;
    const cJSON *node;
} idref;

static int cmp_idref(const void *a, const void *b)
{
    const idref *x = a, *y = b;
    int r = strcmp(x->id, y->id);
    if (r)
        return r;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* The first repeated id in document order (the node of its second occurrence), or NULL.
 * Sorting keeps this O(n log n): a table may have many thousands of rows. */
static const cJSON *first_dup(idref *v, size_t n)
{
    if (n < 2)
        return NULL;
    qsort(v, n, sizeof *v, cmp_idref);
    const idref *best = NULL;
    for (size_t i = 1; i < n; i++)
        if (strcmp(v[i - 1].id, v[i].id) == 0 && (i < 2 || strcmp(v[i - 2].id, v[i].id) != 0))
            if (!best || v[i].idx < best->idx)
                best = &v[i];
    return best ? best->node : NULL;
}

static int check_values_obj(pctx *c, const cJSON *obj);

static int check_rows(pctx *c, const cJSON *arr)
{
    size_t n = 0;
    for (const cJSON *r = arr->child; r; r = r->next)
        n++;
    idref *ids = n ? malloc(n * sizeof *ids) : NULL;
    if (n && !ids)
        return poom(c);
    size_t i = 0;
    int rc = 0;
    for (const cJSON *r = arr->child; r; r = r->next, i++) {
        if (!cJSON_IsObject(r)) {
            rc = perr_at(c, r, false, "expected a row: an object with a string \"_id\"");
            break;
        }
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(r, "_id");
        if (!id) {
            rc = perr_at(c, r, false, "expected the key \"_id\" in this row (a row id like "
                         "\"r1\")");
            break;
        }
        if (!cJSON_IsString(id)) {
            rc = perr_at(c, id, false, "expected a string row id like \"r1\"");
            break;
        }
        if (!id->valuestring[0] || strchr(id->valuestring, '.')) {
            rc = perr_at(c, id, false, "expected a row id like \"r1\" (not empty, no '.')");
            break;
        }
        ids[i] = (idref){id->valuestring, i, id};
        if ((rc = check_values_obj(c, r)) != 0)
            break;
    }
    if (rc == 0) {
        const cJSON *dup = first_dup(ids, n);
        if (dup)
            rc = perr_at(c, dup, false, "expected each row id once in a table, found \"%s\" "
                         "again", dup->valuestring);
    }
    free(ids);
    return rc;
}

static int check_values_obj(pctx *c, const cJSON *obj)
{
    for (const cJSON *m = obj->child; m; m = m->next) {
        if (check_name(c, m) != 0)
            return -1;
        if (cJSON_IsString(m))
            continue;
        if (cJSON_IsObject(m)) {
            if (check_values_obj(c, m) != 0)
                return -1;
        } else if (cJSON_IsArray(m)) {
            if (check_rows(c, m) != 0)
                return -1;
        } else {
            return perr_at(c, m, false, "expected a string (amounts are stored as text)");
        }
    }
    return 0;
}

static bool status_ok(pctx *c, const char *s)
{
    /* a newer minor version may know more statuses; ours are checked strictly */
    return c->d->format_minor > DRAFT_FORMAT_MINOR || in_list(s, STATUSES);
}

static int read_format(pctx *c)
{
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(c->root, "format");
    if (!f)
        return perr_at(c, c->root, false, "expected the key \"format\" (\"%s%d.%d\"): is this "
                       "a selfeval draft?", FORMAT_PREFIX, DRAFT_FORMAT_MAJOR, DRAFT_FORMAT_MINOR);
    int major, minor;
    if (!cJSON_IsString(f) || !parse_format(f->valuestring, &major, &minor))
        return perr_at(c, f, false, "expected \"%sMAJOR.MINOR\" (e.g. \"%s%d.%d\")",
                       FORMAT_PREFIX, FORMAT_PREFIX, DRAFT_FORMAT_MAJOR, DRAFT_FORMAT_MINOR);
    if (major > DRAFT_FORMAT_MAJOR)
        return perr(c, "format %s is newer than this selfeval reads (%d.x)", f->valuestring,
                    DRAFT_FORMAT_MAJOR);
    if (major < DRAFT_FORMAT_MAJOR)
        return perr(c, "format %s is older than any this selfeval reads (%d.x)",
                    f->valuestring, DRAFT_FORMAT_MAJOR);
    c->d->format_major = major;
    c->d->format_minor = minor;
    return 0;
}

static int read_form(pctx *c)
{
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(c->root, "form");
    if (!f)
        return perr_at(c, c->root, false, "expected the key \"form\" ({\"id\": …, "
                       "\"version\": …})");
    if (!cJSON_IsObject(f))
        return perr_at(c, f, false, "expected an object {\"id\": …, \"version\": …}");
    if (get_str(c, f, "id", true, true, " (the form's id, e.g. \"project\")",
                &c->d->form_id) != 0)
        return -1;
    return get_str(c, f, "version", true, true, " (the form's version, e.g. \"2025.1\")",
                   &c->d->form_version);
}

static int read_meta(pctx *c)
{
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(c->root, "meta");
    if (!m)
        return 0;
    if (!cJSON_IsObject(m))
        return perr_at(c, m, false, "expected an object for \"meta\"");
    draft *d = c->d;
    if (get_str(c, m, "unit", false, false, "", &d->unit) ||
        get_str(c, m, "year", false, false, "", &d->year) ||
        get_str(c, m, "status", false, false, "", &d->status) ||
        get_str(c, m, "created", false, false, "", &d->created) ||
        get_str(c, m, "modified", false, false, "", &d->modified) ||
        get_str(c, m, "author", false, false, "", &d->author))
        return -1;
    if (d->status && !status_ok(c, d->status))
        return perr_at(c, cJSON_GetObjectItemCaseSensitive(m, "status"), false,
                       "expected a status: draft, submitted, returned or approved");
    return 0;
}

static int read_values(pctx *c)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(c->root, "values");
    if (!v)
        return 0;
    if (!cJSON_IsObject(v))
        return perr_at(c, v, false, "expected an object for \"values\"");
    return check_values_obj(c, v);
}

static int read_overrides(pctx *c)
{
    const cJSON *o = cJSON_GetObjectItemCaseSensitive(c->root, "overrides");
    if (!o)
        return 0;
    if (!cJSON_IsObject(o))
        return perr_at(c, o, false, "expected an object for \"overrides\" (storage path: "
                       "{\"reason\": …})");
    size_t n = 0;
    for (const cJSON *m = o->child; m; m = m->next)
        n++;
    if (n == 0)
        return 0;
    draft *d = c->d;
    d->overrides = calloc(n, sizeof *d->overrides);
    if (!d->overrides)
        return poom(c);
    for (const cJSON *m = o->child; m; m = m->next) {
        draft_override *ov = &d->overrides[d->n_overrides++];
        if (!m->string[0])
            return perr_at(c, m, true, "expected a storage path like \"indicators.r2.score\"");
        if (!cJSON_IsObject(m))
            return perr_at(c, m, false, "expected an object {\"reason\": …, \"by\": …, "
                           "\"at\": …}");
        if (!(ov->path = dupstr(m->string)))
            return poom(c);
        if (get_str(c, m, "reason", true, true, " (why the typed figure replaces the "
                    "computed one)", &ov->reason) ||
            get_str(c, m, "by", false, false, "", &ov->by) ||
            get_str(c, m, "at", false, false, "", &ov->at))
            return -1;
    }
    return 0;
}

static int read_comments(pctx *c)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(c->root, "comments");
    if (!a)
        return 0;
    if (!cJSON_IsArray(a))
        return perr_at(c, a, false, "expected an array for \"comments\"");
    size_t n = 0;
    for (const cJSON *m = a->child; m; m = m->next)
        n++;
    if (n == 0)
        return 0;
    draft *d = c->d;
    d->comments = calloc(n, sizeof *d->comments);
    idref *ids = malloc(n * sizeof *ids);
    if (!d->comments || !ids) {
        free(ids);
        return poom(c);
    }
    int rc = 0;
    for (const cJSON *m = a->child; m && rc == 0; m = m->next) {
        size_t i = d->n_comments++;
        draft_comment *cm = &d->comments[i];
        if (!cJSON_IsObject(m)) {
            rc = perr_at(c, m, false, "expected a comment: an object with \"id\", \"path\" "
                         "and \"text\"");
            break;
        }
        if (get_str(c, m, "id", true, true, " (a comment id like \"c1\")", &cm->id) ||
            get_str(c, m, "path", true, false, " (the storage path commented on; \"\" for "
                    "the whole draft)", &cm->path) ||
            get_str(c, m, "author", false, false, "", &cm->author) ||
            get_str(c, m, "at", false, false, "", &cm->at) ||
            get_str(c, m, "text", true, false, " (the comment)", &cm->text)) {
            rc = -1;
            break;
        }
        const cJSON *r = cJSON_GetObjectItemCaseSensitive(m, "resolved");
        if (r && !cJSON_IsBool(r)) {
            rc = perr_at(c, r, false, "expected true or false for \"resolved\"");
            break;
        }
        cm->resolved = r && cJSON_IsTrue(r);
        ids[i] = (idref){cm->id, i, cJSON_GetObjectItemCaseSensitive(m, "id")};
    }
    if (rc == 0) {
        const cJSON *dup = first_dup(ids, d->n_comments);
        if (dup)
            rc = perr_at(c, dup, false, "expected each comment id once, found \"%s\" again",
                         dup->valuestring);
    }
    free(ids);
    return rc;
}

static int read_history(pctx *c)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(c->root, "history");
    if (!a)
        return 0;
    if (!cJSON_IsArray(a))
        return perr_at(c, a, false, "expected an array for \"history\"");
    size_t n = 0;
    for (const cJSON *m = a->child; m; m = m->next)
        n++;
    if (n == 0)
        return 0;
    draft *d = c->d;
    d->history = calloc(n, sizeof *d->history);
    if (!d->history)
        return poom(c);
    for (const cJSON *m = a->child; m; m = m->next) {
        draft_event *ev = &d->history[d->n_history++];
        if (!cJSON_IsObject(m))
            return perr_at(c, m, false, "expected a status change: an object with "
                           "\"status\", \"by\", \"at\", \"note\"");
        if (get_str(c, m, "status", true, true, "", &ev->status) ||
            get_str(c, m, "by", false, false, "", &ev->by) ||
            get_str(c, m, "at", false, false, "", &ev->at) ||
            get_str(c, m, "note", false, false, "", &ev->note))
            return -1;
        if (!status_ok(c, ev->status))
            return perr_at(c, cJSON_GetObjectItemCaseSensitive(m, "status"), false,
                           "expected a status: draft, submitted, returned or approved");
    }
    return 0;
}

/* Moves the members of obj not in `known` into *dst (created when needed), keeping order. */
static int move_unknown(cJSON *obj, const char *const *known, cJSON **dst)
{
    if (!obj)
        return 0;
    cJSON *m = obj->child;
    while (m) {
        cJSON *next = m->next;
        if (!in_list(m->string, known)) {
            if (!*dst && !(*dst = cJSON_CreateObject()))
                return -1;
            cJSON_DetachItemViaPointer(obj, m);
            /* the member keeps its key (item->string): appending is all an object needs */
            cJSON_AddItemToArray(*dst, m);
        }
        m = next;
    }
    return 0;
}

/* Second pass: nothing left to refuse; move the kept subtrees into the draft. */
static int take_subtrees(pctx *c)
{
    draft *d = c->d;
    cJSON *root = c->root;
    cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "values");
    if (v) {
        cJSON_DetachItemViaPointer(root, v);
        free(v->string);
        v->string = NULL;
        d->values = v;
    } else if (!(d->values = cJSON_CreateObject())) {
        return -1;
    }
    if (move_unknown(cJSON_GetObjectItemCaseSensitive(root, "form"), FORM_KEYS,
                     &d->form_unknown) ||
        move_unknown(cJSON_GetObjectItemCaseSensitive(root, "meta"), META_KEYS,
                     &d->meta_unknown))
        return -1;
    cJSON *o = cJSON_GetObjectItemCaseSensitive(root, "overrides");
    size_t i = 0;
    for (cJSON *m = o ? o->child : NULL; m; m = m->next, i++)
        if (move_unknown(m, OVERRIDE_KEYS, &d->overrides[i].unknown))
            return -1;
    cJSON *a = cJSON_GetObjectItemCaseSensitive(root, "comments");
    i = 0;
    for (cJSON *m = a ? a->child : NULL; m; m = m->next, i++)
        if (move_unknown(m, COMMENT_KEYS, &d->comments[i].unknown))
            return -1;
    a = cJSON_GetObjectItemCaseSensitive(root, "history");
    i = 0;
    for (cJSON *m = a ? a->child : NULL; m; m = m->next, i++)
        if (move_unknown(m, EVENT_KEYS, &d->history[i].unknown))
            return -1;
    if (move_unknown(root, TOP_KEYS, &d->unknown))
        return -1;
    if (!d->unknown && !(d->unknown = cJSON_CreateObject()))
        return -1;
    if (!d->meta_unknown && !(d->meta_unknown = cJSON_CreateObject()))
        return -1;
    return 0;
}

draft *draft_parse(const char *buf, size_t len, const char *name, char **err)
{
    if (err)
        *err = NULL;
    if (!name)
        name = "draft";
    json_strict_limits lim = {DRAFT_MAX_BYTES, DRAFT_MAX_DEPTH};
    cJSON *root = json_strict_parse(buf, len, name, &lim, err);
    if (!root)
        return NULL;
    pctx c = {.buf = buf, .len = len, .name = name, .root = root, .err = err};
    c.d = calloc(1, sizeof *c.d);
    if (!c.d) {
        poom(&c);
        cJSON_Delete(root);
        return NULL;
    }
    int rc;
    if (!cJSON_IsObject(root))
        rc = perr_at(&c, root, false, "expected an object { … }: a selfeval draft");
    else
        rc = (read_format(&c) || read_form(&c) || read_meta(&c) || read_values(&c) ||
              read_overrides(&c) || read_comments(&c) || read_history(&c)) ? -1 : 0;
    if (rc == 0 && take_subtrees(&c) != 0)
        rc = poom(&c);
    cJSON_Delete(root);
    if (rc != 0) {
        draft_free(c.d);
        return NULL;
    }
    return c.d;
}

/* ---- printing ---- */

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

char *draft_print(const draft *d, size_t *len)
{
    sbuf b = {0};
    bool top = true;
    char fmt[64];
    snprintf(fmt, sizeof fmt, FORMAT_PREFIX "%d.%d", d->format_major, d->format_minor);
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
        print_members(&b, &f2, ev->unknown, 3);
        close_obj(&b, f2, 2, "}");
    }
    close_obj(&b, first, 1, "]");

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
    char *r = dupstr(reason), *b = dupstr(by), *a = dupstr(at);
    char *p = cur ? NULL : dupstr(path);
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
