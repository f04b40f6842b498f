/* Reading a draft's text (docs/draft-format.md, "Strict loading").
 *
 * Parsing is two passes over one cJSON tree: the first checks everything and copies the
 * strings it needs, leaving the tree intact so that any refusal can be turned into a line and
 * column (json_node_offset scans the text again, only on error); the second moves the kept
 * subtrees ("values" and every unknown key) out of the tree into the draft, which can then
 * fail only for lack of memory. */
#include "draft_parse_internal.h"

#include "core/json_strict.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static const char *const TOP_KEYS[] = {"format", "form", "meta", "values", "overrides",
                                       "comments", "history", "queries", "recheck", NULL};
static const char *const FORM_KEYS[] = {"id", "version", NULL};
static const char *const META_KEYS[] = {"unit", "year", "status", "created", "modified",
                                        "author", NULL};
static const char *const OVERRIDE_KEYS[] = {"reason", "by", "at", NULL};
static const char *const COMMENT_KEYS[] = {"id", "path", "author", "at", "text", "resolved",
                                           NULL};
static const char *const EVENT_KEYS[] = {"status", "by", "at", "note", "sha256", "fields",
                                         "resubmitted", NULL};
static const char *const STATUSES[] = {"draft", "submitted", "returned", "approved", "rechecked", NULL};

bool dp_in_list(const char *k, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(k, *list) == 0)
            return true;
    return false;
}


/* A refusal about `node`: "NAME line L, column C: what". */
int perr_at(pctx *c, const cJSON *node, bool key, const char *fmt, ...)
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
int perr(pctx *c, const char *fmt, ...)
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

int poom(pctx *c)
{
    return perr(c, "out of memory");
}

/* Member `key` of obj, which must be a string when present (copied to *out, NULL when
 * absent). `required` refuses its absence, `nonempty` an empty string. */
int get_str(pctx *c, const cJSON *obj, const char *key, bool required, bool nonempty,
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
    *out = draft_strdup(it->valuestring);
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
    size_t pl = strlen(DRAFT_FORMAT_PREFIX);
    if (strncmp(s, DRAFT_FORMAT_PREFIX, pl) != 0)
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
const cJSON *first_dup(idref *v, size_t n)
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

bool status_ok(pctx *c, const char *s)
{
    /* a newer minor version may know more statuses; ours are checked strictly */
    return c->d->format_minor > DRAFT_FORMAT_MINOR || dp_in_list(s, STATUSES);
}

static int read_format(pctx *c)
{
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(c->root, "format");
    if (!f)
        return perr_at(c, c->root, false, "expected the key \"format\" (\"%s%d.%d\"): is this "
                       "a selfeval draft?", DRAFT_FORMAT_PREFIX, DRAFT_FORMAT_MAJOR,
                       DRAFT_FORMAT_MINOR);
    int major, minor;
    if (!cJSON_IsString(f) || !parse_format(f->valuestring, &major, &minor))
        return perr_at(c, f, false, "expected \"%sMAJOR.MINOR\" (e.g. \"%s%d.%d\")",
                       DRAFT_FORMAT_PREFIX, DRAFT_FORMAT_PREFIX, DRAFT_FORMAT_MAJOR,
                       DRAFT_FORMAT_MINOR);
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
                       "expected a status: draft, submitted, returned, approved or rechecked");
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
        if (!(ov->path = draft_strdup(m->string)))
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
                           "expected a status: draft, submitted, returned, approved or rechecked");
        if (dp_read_event_extras(c, m, ev) != 0)
            return -1;
    }
    return 0;
}

/* (draft_parse_internal.h) */
int dp_move_unknown(cJSON *obj, const char *const *known, cJSON **dst)
{
    if (!obj)
        return 0;
    cJSON *m = obj->child;
    while (m) {
        cJSON *next = m->next;
        if (!dp_in_list(m->string, known)) {
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
    if (dp_move_unknown(cJSON_GetObjectItemCaseSensitive(root, "form"), FORM_KEYS,
                     &d->form_unknown) ||
        dp_move_unknown(cJSON_GetObjectItemCaseSensitive(root, "meta"), META_KEYS,
                     &d->meta_unknown))
        return -1;
    cJSON *o = cJSON_GetObjectItemCaseSensitive(root, "overrides");
    size_t i = 0;
    for (cJSON *m = o ? o->child : NULL; m; m = m->next, i++)
        if (dp_move_unknown(m, OVERRIDE_KEYS, &d->overrides[i].unknown))
            return -1;
    cJSON *a = cJSON_GetObjectItemCaseSensitive(root, "comments");
    i = 0;
    for (cJSON *m = a ? a->child : NULL; m; m = m->next, i++)
        if (dp_move_unknown(m, COMMENT_KEYS, &d->comments[i].unknown))
            return -1;
    a = cJSON_GetObjectItemCaseSensitive(root, "history");
    i = 0;
    for (cJSON *m = a ? a->child : NULL; m; m = m->next, i++)
        if (dp_take_event_extras(m, &d->history[i]) ||
            dp_move_unknown(m, EVENT_KEYS, &d->history[i].unknown))
            return -1;
    if (dp_take_review(c))
        return -1;
    if (dp_move_unknown(root, TOP_KEYS, &d->unknown))
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
              read_overrides(&c) || read_comments(&c) || read_history(&c) ||
              dp_read_queries(&c) || dp_read_recheck(&c)) ? -1 : 0;
    if (rc == 0 && take_subtrees(&c) != 0)
        rc = poom(&c);
    cJSON_Delete(root);
    if (rc != 0) {
        draft_free(c.d);
        return NULL;
    }
    return c.d;
}
