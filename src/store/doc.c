/* An open document: form + draft + engine + edit lock + journal + undo/redo (store/doc.h).
 *
 * Every edit goes through one of six primitives (set, reason, row add/delete/move/duplicate).
 * A primitive applies the edit through the engine and appends one journal record
 * (docs/journal.md); nothing else writes the journal, so replaying the records through the
 * same primitives rebuilds exactly what the clerk saw. Undo and redo are built from the same
 * primitives and are therefore journaled like any edit. Undo records name fields and tables
 * by storage path (row ids, not positions), so they survive the rows around them moving. */
#include "store/doc.h"

#include "core/json_strict.h"
#include "store/draft_file.h"
#include "store/fileio.h"
#include "store/journal.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define JOURNAL_FORMAT "selfeval-journal/1"
#define UNDO_LIMIT 5000          /* oldest edits are forgotten beyond this */
#define FORM_MAX_BYTES (16u * 1024u * 1024u)

typedef enum { U_SET, U_REASON, U_ROW_ADD, U_ROW_DEL, U_ROW_MOVE, U_ROW_DUP } uop;

typedef struct {
    uop op;
    char *path;                  /* field (SET, REASON) or table (row ops), storage path */
    char *before, *after;        /* SET: texts; REASON: reasons (NULL = no override) */
    char *before_by, *before_at, *after_by, *after_at;   /* REASON */
    size_t a, b;                 /* ROW_ADD at; ROW_DEL idx; ROW_MOVE from, to; ROW_DUP idx */
    char *row_id;                /* ROW_ADD / ROW_DUP: the new row; ROW_DEL: the deleted row */
    cJSON *row;                  /* ROW_DEL: the deleted row's values as they were */
    draft_override *ovr;         /* ROW_DEL: the overrides inside the deleted row */
    size_t n_ovr;
} urec;

typedef struct {
    urec *v;
    size_t n, cap;
} ustack;

struct doc {
    char *path;
    form *form;
    draft *draft;
    engine *eng;
    doc_mode mode;
    edit_lock *lock;
    journal *jr;                 /* NULL: read-only, or waiting for doc_recover */
    bool journal_pending;        /* a journal with changes is waiting for doc_recover */
    bool dirty;
    bool owns_all;               /* false for the scratch documents of KEEP_BOTH */
    char *journal_error;         /* a journal write failed: doc_tick reports it once */
    char *applied_journal;       /* APPLY moved the old journal here; removed after a save */
    ustack undo, redo;
};

/* ---- small helpers ---- */

static char *xstrdup(const char *s)
{
    return s ? strdup(s) : NULL;
}

static void chg_merge(eng_change *into, const eng_change *c)
{
    if (!into)
        return;
    into->values_changed += c->values_changed;
    into->findings_changed += c->findings_changed;
    into->structure = into->structure || c->structure;
}

/* "2026-04-27T09:30:00+08:00" (malloc'd). */
static char *now_iso(void)
{
    time_t t = time(NULL);
    struct tm tm;
    char b[40];
    if (!localtime_r(&t, &tm) || strftime(b, sizeof b, "%Y-%m-%dT%H:%M:%S%z", &tm) == 0)
        return strdup("1970-01-01T00:00:00+00:00");
    size_t n = strlen(b);              /* "+0800" -> "+08:00" */
    if (n >= 5) {
        memmove(b + n - 1, b + n - 2, 3);
        b[n - 2] = ':';
    }
    return strdup(b);
}

/* "20260427-093000" for names of files set aside. */
static void stamp_now(char *b, size_t n)
{
    time_t t = time(NULL);
    struct tm tm;
    if (!localtime_r(&t, &tm) || strftime(b, n, "%Y%m%d-%H%M%S", &tm) == 0)
        snprintf(b, n, "%lld", (long long)t);
}

static const char *who(const doc *d)
{
    if (d->draft->author && *d->draft->author)
        return d->draft->author;
    const char *u = getenv("USER");
    if (!u || !*u)
        u = getenv("LOGNAME");
    return u && *u ? u : NULL;
}

static bool is_container(const inode *t)
{
    if (!t || inode_kind(t) == N_ROW)
        return false;
    const fnode *def = inode_def(t);
    return def && (def->kind == N_TABLE || (def->kind == N_PART && def->repeat));
}

/* The JSON of a storage path inside the draft's values: objects by key, arrays by "_id". */
static cJSON *json_at(cJSON *values, const char *path)
{
    cJSON *cur = values;
    const char *p = path;
    while (cur && *p) {
        size_t len = strcspn(p, ".");
        char *seg = strndup(p, len);
        if (!seg)
            return NULL;
        if (cJSON_IsObject(cur)) {
            cur = cJSON_GetObjectItemCaseSensitive(cur, seg);
        } else if (cJSON_IsArray(cur)) {
            cJSON *r = cur->child;
            for (; r; r = r->next) {
                cJSON *id = cJSON_GetObjectItemCaseSensitive(r, "_id");
                if (cJSON_IsString(id) && strcmp(id->valuestring, seg) == 0)
                    break;
            }
            cur = r;
        } else {
            cur = NULL;
        }
        free(seg);
        p += len;
        if (*p == '.')
            p++;
    }
    return cur;
}

static long row_index_by_id(const inode *table, const char *id)
{
    for (size_t i = 0; i < inode_nkids(table); i++) {
        const char *rid = inode_row_id(inode_kid(table, i));
        if (rid && strcmp(rid, id) == 0)
            return (long)i;
    }
    return -1;
}

/* ---- undo stacks ---- */

static void urec_free(urec *r)
{
    free(r->path);
    free(r->before);
    free(r->after);
    free(r->before_by);
    free(r->before_at);
    free(r->after_by);
    free(r->after_at);
    free(r->row_id);
    cJSON_Delete(r->row);
    for (size_t i = 0; i < r->n_ovr; i++) {
        free(r->ovr[i].path);
        free(r->ovr[i].reason);
        free(r->ovr[i].by);
        free(r->ovr[i].at);
        cJSON_Delete(r->ovr[i].unknown);
    }
    free(r->ovr);
    memset(r, 0, sizeof *r);
}

static void ustack_clear(ustack *s)
{
    for (size_t i = 0; i < s->n; i++)
        urec_free(&s->v[i]);
    s->n = 0;
}

static void ustack_free(ustack *s)
{
    ustack_clear(s);
    free(s->v);
    memset(s, 0, sizeof *s);
}

/* Takes *r. On out of memory the record is dropped (the edit stays; it only cannot be
 * undone), which is better than failing an edit already made. */
static void ustack_push(ustack *s, urec *r)
{
    if (s->n == UNDO_LIMIT) {
        urec_free(&s->v[0]);
        memmove(&s->v[0], &s->v[1], (s->n - 1) * sizeof *s->v);
        s->n--;
    }
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 32;
        urec *v = realloc(s->v, cap * sizeof *v);
        if (!v) {
            urec_free(r);
            return;
        }
        s->v = v;
        s->cap = cap;
    }
    s->v[s->n++] = *r;
    memset(r, 0, sizeof *r);
}

/* ---- the journal ---- */

/* Appends one record. A failed write does not undo the edit (it is on the screen and in
 * memory); it is remembered and reported by doc_tick, so the clerk knows to save. */
static void jappend(doc *d, const char *payload, size_t len)
{
    if (!d->jr)
        return;
    char *e = NULL;
    if (journal_append(d->jr, payload, len, &e) != 0 && !d->journal_error)
        d->journal_error = e ? e : strdup("the journal cannot be written: save your work");
    else
        free(e);
}

/* Builds a one-line JSON record: jrec_begin, fields, jrec_end. */
typedef struct {
    char *buf;
    size_t len;
    FILE *f;
    bool first;
} jrec;

static bool jrec_begin(jrec *r)
{
    r->buf = NULL;
    r->len = 0;
    r->first = true;
    r->f = open_memstream(&r->buf, &r->len);
    if (!r->f)
        return false;
    fputc('{', r->f);
    return true;
}

static void jrec_str(jrec *r, const char *key, const char *val)
{
    char *q = json_quote(val, NULL);
    if (!q) {
        fputc('\0', r->f);      /* poisons the record: jrec_end checks */
        return;
    }
    fprintf(r->f, "%s\"%s\":%s", r->first ? "" : ",", key, q);
    r->first = false;
    free(q);
}

static void jrec_num(jrec *r, const char *key, unsigned long long v)
{
    fprintf(r->f, "%s\"%s\":%llu", r->first ? "" : ",", key, v);
    r->first = false;
}

static void jrec_end(doc *d, jrec *r)
{
    fputc('}', r->f);
    bool bad = ferror(r->f) != 0;
    if (fclose(r->f) != 0)
        bad = true;
    if (bad || !r->buf || memchr(r->buf, '\0', r->len)) {
        if (d->jr && !d->journal_error)
            d->journal_error = strdup("out of memory: a change could not be journaled; save "
                                      "your work");
    } else {
        jappend(d, r->buf, r->len);
    }
    free(r->buf);
}

static int journal_start(doc *d, char **err)
{
    journal *j = NULL;
    if (journal_open(d->path, &j, err) != 0)
        return -1;
    uint64_t size, mtime;
    draft_file_stamp(d->path, &size, &mtime);
    d->jr = j;
    jrec r;
    if (!jrec_begin(&r)) {
        fio_set_err(err, fio_strdupf("cannot start the journal for %s: out of memory", d->path));
        journal_close(j, true, NULL);
        d->jr = NULL;
        return -1;
    }
    jrec_str(&r, "j", JOURNAL_FORMAT);
    jrec_str(&r, "draft", d->path);
    /* the form, so a journal of a draft never saved (no file to read it from) can be
     * recovered: doc_open finds the form here */
    jrec_str(&r, "form", d->form->id);
    jrec_str(&r, "form_version", d->form->version ? d->form->version : "");
    jrec_num(&r, "size", size);
    jrec_num(&r, "mtime_ns", mtime);
    jrec_end(d, &r);
    /* the header alone is synced at once, so an idle editor has nothing left to sync */
    if (!d->journal_error) {
        char *se = NULL;
        if (journal_sync(j, &se) != 0)
            d->journal_error = se ? se : strdup("cannot sync the journal");
        else
            free(se);
    }
    if (d->journal_error) {
        fio_set_err(err, d->journal_error);
        d->journal_error = NULL;
        journal_close(j, true, NULL);
        d->jr = NULL;
        return -1;
    }
    return 0;
}

/* ---- the six primitives: engine + journal ---- */

static int p_set(doc *d, inode *field, const char *text, eng_change *chg, char **err)
{
    eng_change c = {0};
    char *before = strdup(inode_text(field));
    if (!before) {
        fio_set_err(err, strdup("out of memory: the value was not changed"));
        return -1;
    }
    if (engine_set_text(d->eng, field, text, &c, err) != 0) {
        free(before);
        return -1;
    }
    chg_merge(chg, &c);
    /* the same text again (after the engine's clean-up) is no change: no journal record, so
     * walking through fields does not make a draft look edited */
    bool same = strcmp(before, inode_text(field)) == 0;
    free(before);
    if (same)
        return 0;
    d->dirty = true;
    char *path = inode_storage_path(field);
    jrec r;
    if (path && jrec_begin(&r)) {
        jrec_str(&r, "op", "set");
        jrec_str(&r, "path", path);
        jrec_str(&r, "text", inode_text(field));
        jrec_end(d, &r);
    } else if (d->jr && !d->journal_error) {
        d->journal_error = strdup("out of memory: a change could not be journaled");
    }
    free(path);
    return 0;
}

static int p_reason(doc *d, inode *field, const char *reason, const char *by, const char *at,
                    eng_change *chg, char **err)
{
    eng_change c = {0};
    if (engine_set_override_reason(d->eng, field, reason, by, at, &c, err) != 0)
        return -1;
    chg_merge(chg, &c);
    d->dirty = true;
    char *path = inode_storage_path(field);
    jrec r;
    if (path && jrec_begin(&r)) {
        jrec_str(&r, "op", "reason");
        jrec_str(&r, "path", path);
        jrec_str(&r, "text", reason ? reason : "");
        if (reason && *reason && by)
            jrec_str(&r, "by", by);
        if (reason && *reason && at)
            jrec_str(&r, "at", at);
        jrec_end(d, &r);
    } else if (d->jr && !d->journal_error) {
        d->journal_error = strdup("out of memory: a change could not be journaled");
    }
    free(path);
    return 0;
}

static void jrow(doc *d, const char *op, inode *table, const char *k1, size_t v1,
                 const char *k2, size_t v2, const char *id)
{
    char *path = inode_storage_path(table);
    jrec r;
    if (path && jrec_begin(&r)) {
        jrec_str(&r, "op", op);
        jrec_str(&r, "table", path);
        jrec_num(&r, k1, v1);
        if (k2)
            jrec_num(&r, k2, v2);
        if (id)
            jrec_str(&r, "id", id);
        jrec_end(d, &r);
    } else if (d->jr && !d->journal_error) {
        d->journal_error = strdup("out of memory: a change could not be journaled");
    }
    free(path);
}

static int p_row_add(doc *d, inode *table, size_t at, const char *id, inode **row,
                     eng_change *chg, char **err)
{
    eng_change c = {0};
    inode *r = NULL;
    if (engine_row_add(d->eng, table, at, id, &r, &c, err) != 0)
        return -1;
    chg_merge(chg, &c);
    d->dirty = true;
    jrow(d, "row_add", table, "at", at, NULL, 0, inode_row_id(r));
    if (row)
        *row = r;
    return 0;
}

static int p_row_del(doc *d, inode *table, size_t idx, eng_change *chg, char **err)
{
    eng_change c = {0};
    if (engine_row_delete(d->eng, table, idx, &c, err) != 0)
        return -1;
    chg_merge(chg, &c);
    d->dirty = true;
    jrow(d, "row_del", table, "at", idx, NULL, 0, NULL);
    return 0;
}

static int p_row_move(doc *d, inode *table, size_t from, size_t to, eng_change *chg,
                      char **err)
{
    eng_change c = {0};
    if (engine_row_move(d->eng, table, from, to, &c, err) != 0)
        return -1;
    chg_merge(chg, &c);
    d->dirty = true;
    jrow(d, "row_move", table, "from", from, "to", to, NULL);
    return 0;
}

static int p_row_dup(doc *d, inode *table, size_t idx, inode **row, eng_change *chg,
                     char **err)
{
    eng_change c = {0};
    inode *r = NULL;
    if (engine_row_duplicate(d->eng, table, idx, &r, &c, err) != 0)
        return -1;
    chg_merge(chg, &c);
    d->dirty = true;
    jrow(d, "row_dup", table, "at", idx, NULL, 0, inode_row_id(r));
    if (row)
        *row = r;
    return 0;
}

/* Puts the values of `json` (a row or group object as the draft stores it; NULL = empty)
 * into the instance n and everything below it, through the primitives. Keys the form does not
 * know are not restored (the engine has no way in for them). */
static int fill_from_json(doc *d, inode *n, const cJSON *json, eng_change *chg, char **err);

static int restore_row(doc *d, inode *table, size_t at, const cJSON *rowjson, inode **out,
                       eng_change *chg, char **err)
{
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(rowjson, "_id");
    inode *row = NULL;
    if (p_row_add(d, table, at, cJSON_IsString(id) ? id->valuestring : NULL, &row, chg, err))
        return -1;
    if (out)
        *out = row;
    return fill_from_json(d, row, rowjson, chg, err);
}

static inode *kid_by_id(inode *n, const char *id)
{
    for (size_t i = 0; i < inode_nkids(n); i++) {
        inode *k = inode_kid(n, i);
        if (strcmp(inode_def(k)->id, id) == 0)
            return k;
    }
    return NULL;
}

static int fill_kid(doc *d, inode *k, const cJSON *sub, eng_change *chg, char **err)
{
    if (inode_kind(k) == N_FIELD) {
        const char *want = cJSON_IsString(sub) ? sub->valuestring : "";
        if (strcmp(inode_text(k), want) != 0 && p_set(d, k, want, chg, err) != 0)
            return -1;
        return 0;
    }
    if (is_container(k)) {
        while (inode_nkids(k) > 0)
            if (p_row_del(d, k, inode_nkids(k) - 1, chg, err) != 0)
                return -1;
        size_t at = 0;
        for (const cJSON *r = cJSON_IsArray(sub) ? sub->child : NULL; r; r = r->next)
            if (cJSON_IsObject(r) && restore_row(d, k, at++, r, NULL, chg, err) != 0)
                return -1;
        return 0;
    }
    return fill_from_json(d, k, sub, chg, err);
}

/* The stored keys first, in their stored order, so the restored object has its keys in the
 * old order (except fields the new row got as defaults); then what the object did not have. */
static int fill_from_json(doc *d, inode *n, const cJSON *json, eng_change *chg, char **err)
{
    for (const cJSON *m = cJSON_IsObject(json) ? json->child : NULL; m; m = m->next) {
        inode *k = m->string ? kid_by_id(n, m->string) : NULL;
        if (k && fill_kid(d, k, m, chg, err) != 0)
            return -1;
    }
    for (size_t i = 0; i < inode_nkids(n); i++) {
        inode *k = inode_kid(n, i);
        if ((!cJSON_IsObject(json) ||
             !cJSON_GetObjectItemCaseSensitive(json, inode_def(k)->id)) &&
            fill_kid(d, k, NULL, chg, err) != 0)
            return -1;
    }
    return 0;
}

/* ---- forms ---- */

const char *doc_forms_dir(void)
{
    static char *installed;          /* found once; lives as long as the program */
    static bool looked;
    const char *env = getenv("SELFEVAL_FORMS");
    if (env && *env)
        return env;
    if (!looked) {
        looked = true;
        /* <prefix>/bin/selfeval -> <prefix>/share/selfeval/forms */
        char exe[PATH_MAX];
        ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
        if (n > 0) {
            exe[n] = '\0';
            char *dir = fio_dirname(exe);
            char *cand = dir ? fio_strdupf("%s/../share/selfeval/forms", dir) : NULL;
            struct stat st;
            if (cand && stat(cand, &st) == 0 && S_ISDIR(st.st_mode))
                installed = cand;
            else
                free(cand);
            free(dir);
        }
    }
    return installed ? installed : "forms";
}

static bool valid_form_id(const char *id)
{
    if (!id || !*id || *id == '.')
        return false;
    for (const char *p = id; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '_' || *p == '-' || *p == '.'))
            return false;
    return true;
}

static int read_form_file(const char *form_id, char **buf, size_t *len, char **file,
                          char **err)
{
    *buf = NULL;
    *len = 0;
    if (file)
        *file = NULL;
    const char *dir = doc_forms_dir();
    if (!valid_form_id(form_id)) {
        fio_set_err(err, fio_strdupf("'%s' is not a form id (letters, digits, '_', '-')",
                                 form_id ? form_id : ""));
        return -1;
    }
    char *path = fio_strdupf("%s/%s.json", dir, form_id);
    if (!path) {
        fio_set_err(err, strdup("out of memory"));
        return -1;
    }
    struct stat st;
    if (stat(path, &st) != 0 && errno == ENOENT) {
        fio_set_err(err, fio_strdupf("form '%s' is not installed (no %s; set SELFEVAL_FORMS to "
                                 "the forms folder)", form_id, path));
        free(path);
        return -1;
    }
    if (fio_read_all(path, FORM_MAX_BYTES, buf, len, err) != 0) {
        free(path);
        return -1;
    }
    if (file)
        *file = path;
    else
        free(path);
    return 0;
}

static int form_source(void *ctx, const char *form_id, char **buf, size_t *len, char **file,
                       char **err)
{
    (void)ctx;
    return read_form_file(form_id, buf, len, file, err);
}

form *doc_load_form(const char *form_id, char **err)
{
    char *buf = NULL, *file = NULL;
    size_t len = 0;
    if (err)
        *err = NULL;
    if (read_form_file(form_id, &buf, &len, &file, err) != 0)
        return NULL;
    char *ferr = NULL;
    form *f = form_load(buf, len, file, form_source, NULL, &ferr);
    free(buf);
    free(file);
    if (!f) {
        fio_set_err(err, ferr ? ferr : strdup("the form could not be loaded"));
        return NULL;
    }
    free(ferr);
    return f;
}

/* Compares dotted versions part by part, numerically where both parts are numbers
 * ("2025.10" is newer than "2025.9"). */
static int version_cmp(const char *a, const char *b)
{
    while (*a || *b) {
        size_t la = strcspn(a, "."), lb = strcspn(b, ".");
        bool na = la > 0 && strspn(a, "0123456789") >= la;
        bool nb = lb > 0 && strspn(b, "0123456789") >= lb;
        int c;
        if (na && nb) {
            while (la > 1 && *a == '0')
                a++, la--;
            while (lb > 1 && *b == '0')
                b++, lb--;
            c = la != lb ? (la < lb ? -1 : 1) : strncmp(a, b, la);
        } else {
            size_t m = la < lb ? la : lb;
            c = strncmp(a, b, m);
            if (c == 0 && la != lb)
                c = la < lb ? -1 : 1;
        }
        if (c)
            return c < 0 ? -1 : 1;
        a += la;
        b += lb;
        if (*a == '.')
            a++;
        if (*b == '.')
            b++;
    }
    return 0;
}

/* ---- opening and closing ---- */

static char *move_aside(const char *src, const char *base, char **err);
static char *journal_aside_name(const char *jp, const char *what);

/* Counts change records of a journal ("op" records after the header), and reads the form
 * its header names (journals written before the header had it name none). */
typedef struct {
    size_t records, changes;
    bool header_ok;
    char *form_id, *form_version;
    bool has_stamp;              /* the header says what the draft file was when it began */
    uint64_t size, mtime_ns;
} jcount;

static int count_record(void *ctx, const char *payload, size_t len)
{
    jcount *c = ctx;
    json_strict_limits lim = {0, 8};
    cJSON *j = json_strict_parse(payload, len, "journal", &lim, NULL);
    if (j) {
        const cJSON *h = cJSON_GetObjectItemCaseSensitive(j, "j");
        if (c->records == 0 && cJSON_IsString(h) && strcmp(h->valuestring, JOURNAL_FORMAT) == 0) {
            c->header_ok = true;
            const cJSON *fi = cJSON_GetObjectItemCaseSensitive(j, "form");
            const cJSON *fv = cJSON_GetObjectItemCaseSensitive(j, "form_version");
            if (cJSON_IsString(fi) && valid_form_id(fi->valuestring))
                c->form_id = strdup(fi->valuestring);
            if (cJSON_IsString(fv))
                c->form_version = strdup(fv->valuestring);
            const cJSON *sz = cJSON_GetObjectItemCaseSensitive(j, "size");
            const cJSON *mt = cJSON_GetObjectItemCaseSensitive(j, "mtime_ns");
            /* numbers keep their exact text (json_strict.h): read them without doubles */
            if (cJSON_IsNumber(sz) && cJSON_IsNumber(mt) && sz->valuestring && mt->valuestring) {
                char *e1 = NULL, *e2 = NULL;
                c->size = strtoull(sz->valuestring, &e1, 10);
                c->mtime_ns = strtoull(mt->valuestring, &e2, 10);
                c->has_stamp = e1 && !*e1 && e2 && !*e2;
            }
        }
        if (cJSON_IsString(cJSON_GetObjectItemCaseSensitive(j, "op")))
            c->changes++;
        cJSON_Delete(j);
    }
    c->records++;
    return 0;
}

static void jcount_free(jcount *c)
{
    free(c->form_id);
    free(c->form_version);
    c->form_id = c->form_version = NULL;
}

/* Reads the journal of `path` when there is one: *c gets its counts and header. */
static bool journal_counts(const char *path, jcount *c)
{
    memset(c, 0, sizeof *c);
    char *jp = journal_path_for(path);
    bool ok = jp && access(jp, F_OK) == 0 && journal_read(jp, count_record, c, NULL, NULL) == 0;
    free(jp);
    if (!ok)
        jcount_free(c);
    return ok;
}

bool doc_journal_is_stale(const char *path)
{
    jcount c;
    if (!journal_counts(path, &c))
        return false;
    uint64_t size = 0, mtime = 0;
    bool stale = c.changes > 0 && c.has_stamp && draft_file_stamp(path, &size, &mtime) &&
                 (size != c.size || mtime != c.mtime_ns);
    jcount_free(&c);
    return stale;
}

char *doc_journal_form(const char *path, char **version)
{
    if (version)
        *version = NULL;
    jcount c;
    if (!journal_counts(path, &c))
        return NULL;
    char *id = NULL;
    if (c.header_ok && c.changes > 0 && c.form_id) {
        id = c.form_id;
        c.form_id = NULL;
        if (version) {
            *version = c.form_version;
            c.form_version = NULL;
        }
    }
    jcount_free(&c);
    return id;
}

static doc *doc_alloc(void)
{
    doc *d = calloc(1, sizeof *d);
    if (d)
        d->owns_all = true;
    return d;
}

static void doc_free_parts(doc *d)
{
    engine_free(d->eng);
    draft_free(d->draft);
    if (d->owns_all)
        form_free(d->form);
    ustack_free(&d->undo);
    ustack_free(&d->redo);
    free(d->journal_error);
    free(d->applied_journal);
    free(d->path);
    free(d);
}

doc *doc_open(const char *path, const char *form_id, bool readonly, doc_open_info *info,
              char **err)
{
    doc_open_info dummy;
    if (!info)
        info = &dummy;
    memset(info, 0, sizeof *info);
    if (err)
        *err = NULL;
    doc *d = doc_alloc();
    if (!d || !(d->path = strdup(path))) {
        free(d);
        fio_set_err(err, fio_strdupf("%s: out of memory", path));
        return NULL;
    }
    char *e = NULL;
    struct stat st;
    if (stat(path, &st) != 0 && errno == ENOENT) {
        /* A draft never saved whose editor was killed: its journal names the form, and the
         * recovery is offered below as for any draft. */
        char *jform = doc_journal_form(path, NULL);
        if (jform && form_id && strcmp(jform, form_id) != 0) {
            fio_set_err(err, fio_strdupf("%s: unsaved changes of a new draft of form '%s' are "
                                     "waiting in its journal; open it as form '%s' (or without "
                                     "a form) to recover them", path, jform, jform));
            free(jform);
            goto fail;
        }
        if (!form_id && !jform) {
            fio_set_err(err, fio_strdupf("%s: no such file", path));
            goto fail;
        }
        d->form = doc_load_form(form_id ? form_id : jform, &e);
        free(jform);
        if (!d->form) {
            fio_set_err(err, fio_strdupf("%s: %s", path, e ? e : "the form cannot be loaded"));
            free(e);
            goto fail;
        }
        d->draft = draft_new(d->form->id, d->form->version);
        if (!d->draft || !(d->draft->created = now_iso()) ||
            form_put_defaults(d->form->root, d->draft->values) != 0) {
            fio_set_err(err, fio_strdupf("%s: out of memory", path));
            goto fail;
        }
        info->created = true;
    } else {
        d->draft = draft_file_read(path, err);
        if (!d->draft)
            goto fail;
        if (form_id && strcmp(form_id, d->draft->form_id) != 0) {
            fio_set_err(err, fio_strdupf("%s: this is a draft of form '%s', not '%s'", path,
                                     d->draft->form_id, form_id));
            goto fail;
        }
        d->form = doc_load_form(d->draft->form_id, &e);
        if (!d->form) {
            fio_set_err(err, fio_strdupf("%s: form '%s' is not installed (%s)", path,
                                     d->draft->form_id, e ? e : "cannot be loaded"));
            free(e);
            goto fail;
        }
        if (version_cmp(d->draft->form_version, d->form->version) > 0) {
            fio_set_err(err, fio_strdupf("%s: the draft is of form '%s' version %s, newer than the "
                                     "installed version %s; install the newer forms",
                                     path, d->draft->form_id, d->draft->form_version,
                                     d->form->version));
            goto fail;
        }
    }
    d->eng = engine_new(d->form, d->draft, &e);   /* the engine needs a place for its message */
    if (!d->eng) {
        fio_set_err(err, fio_strdupf("%s: %s", path, e ? e : "out of memory"));
        free(e);
        e = NULL;
        goto fail;
    }

    if (readonly) {
        d->mode = DOC_READONLY;
    } else {
        lock_status ls = lock_acquire(path, &d->lock, &info->holder, &e);
        info->lock = ls;
        free(e);   /* the holder says who; a lock that cannot be made means read-only */
        e = NULL;
        d->mode = (ls == LOCK_ACQUIRED || ls == LOCK_TAKEN_OVER) ? DOC_EDIT : DOC_READONLY;
    }
    info->mode = d->mode;

    /* A journal with changes means an editing session ended without saving. While another
     * editor holds the lock, the journal is theirs and alive: not ours to offer. */
    if (info->lock != LOCK_HELD) {
        jcount c;
        if (journal_counts(path, &c) && c.changes > 0) {
            /* A journal starts from the draft as it was on disk then (its header's size and
             * time). If the draft changed since, a save wrote these changes and was stopped
             * before it could remove the journal: replaying them again would apply them
             * twice. Set it aside (never deleted) instead of offering it. */
            uint64_t size = 0, mtime = 0;
            bool exists = draft_file_stamp(path, &size, &mtime);
            bool stale = c.has_stamp && exists && (size != c.size || mtime != c.mtime_ns) &&
                         d->mode == DOC_EDIT;
            if (stale) {
                char *jp = journal_path_for(path);
                char *base = jp ? journal_aside_name(jp, "stale") : NULL;
                char *me = NULL;
                char *aside = base ? move_aside(jp, base, &me) : NULL;
                if (aside) {
                    info->journal_stale = true;
                } else {
                    /* cannot move it: offer it rather than lose track of it */
                    info->journal_found = true;
                    d->journal_pending = true;
                }
                free(me);
                free(aside);
                free(base);
                free(jp);
            } else {
                info->journal_found = true;
                d->journal_pending = true;
            }
        }
        jcount_free(&c);
    }
    if (d->mode == DOC_EDIT && !d->journal_pending && journal_start(d, err) != 0)
        goto fail;
    return d;
fail:
    lock_release(d->lock);
    lock_holder_free(&info->holder);
    doc_free_parts(d);
    return NULL;
}

void doc_close(doc *d)
{
    if (!d)
        return;
    if (d->jr)
        journal_close(d->jr, !d->dirty, NULL);   /* unsaved changes: the journal stays */
    lock_release(d->lock);
    doc_free_parts(d);
}

engine *doc_engine(doc *d) { return d->eng; }
const form *doc_form(doc *d) { return d->form; }
draft *doc_draft(doc *d) { return d->draft; }
const char *doc_path(doc *d) { return d->path; }
bool doc_dirty(doc *d) { return d->dirty; }
doc_mode doc_get_mode(doc *d) { return d->mode; }

/* ---- recovery ---- */

/* Moves `src` to "<base>" or "<base>-2", "-3", … never replacing a file. Returns the name
 * used (malloc'd) or NULL with *err. */
static char *move_aside(const char *src, const char *base, char **err)
{
    for (int k = 1; k < 1000; k++) {
        char *name = k == 1 ? strdup(base) : fio_strdupf("%s-%d", base, k);
        if (!name) {
            fio_set_err(err, strdup("out of memory"));
            return NULL;
        }
        if (link(src, name) == 0) {
            unlink(src);
            return name;
        }
        int e = errno;
        if (e == EEXIST) {
            free(name);
            continue;
        }
        /* file systems without hard links: rename, after checking the name is free */
        struct stat st;
        if (stat(name, &st) != 0 && errno == ENOENT && rename(src, name) == 0)
            return name;
        e = errno;
        fio_set_err(err, fio_strdupf("cannot move %s aside to %s: %s (%s)", src, name,
                                 fio_errno_words(e), strerror(e)));
        free(name);
        return NULL;
    }
    fio_set_err(err, fio_strdupf("cannot move %s aside: too many older copies", src));
    return NULL;
}

static bool digits_to_size(const cJSON *n, size_t *out)
{
    if (!cJSON_IsNumber(n) || !n->valuestring)
        return false;
    const char *s = n->valuestring;
    size_t v = 0;
    if (!*s)
        return false;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > (SIZE_MAX - 9) / 10)
            return false;
        v = v * 10 + (size_t)(*s - '0');
    }
    *out = v;
    return true;
}

typedef struct {
    doc *d;
    size_t applied, skipped;
    bool oom;
} replay_ctx;

/* Applies one journal record through the primitives. Records that do not fit the draft
 * (a path that is not there) are skipped and counted, never fatal: recovering most of the
 * work beats recovering none. */
static int replay_record(void *ctx, const char *payload, size_t len)
{
    replay_ctx *rc = ctx;
    doc *d = rc->d;
    json_strict_limits lim = {0, 8};
    cJSON *j = json_strict_parse(payload, len, "journal", &lim, NULL);
    if (!j) {
        rc->skipped++;
        return 0;
    }
    const cJSON *op = cJSON_GetObjectItemCaseSensitive(j, "op");
    if (!cJSON_IsString(op)) {            /* the header */
        cJSON_Delete(j);
        return 0;
    }
    const char *o = op->valuestring;
    const cJSON *pathj = cJSON_GetObjectItemCaseSensitive(j, "path");
    const cJSON *tablej = cJSON_GetObjectItemCaseSensitive(j, "table");
    const cJSON *textj = cJSON_GetObjectItemCaseSensitive(j, "text");
    const cJSON *idj = cJSON_GetObjectItemCaseSensitive(j, "id");
    size_t at = 0, from = 0, to = 0;
    bool has_at = digits_to_size(cJSON_GetObjectItemCaseSensitive(j, "at"), &at);
    bool has_ft = digits_to_size(cJSON_GetObjectItemCaseSensitive(j, "from"), &from) &&
                  digits_to_size(cJSON_GetObjectItemCaseSensitive(j, "to"), &to);
    inode *n = NULL;
    if (cJSON_IsString(pathj))
        n = engine_find(d->eng, pathj->valuestring);
    else if (cJSON_IsString(tablej))
        n = engine_find(d->eng, tablej->valuestring);
    char *err = NULL;
    int r = -1;
    if (!strcmp(o, "set") && n && inode_kind(n) == N_FIELD && cJSON_IsString(textj)) {
        r = p_set(d, n, textj->valuestring, NULL, &err);
    } else if (!strcmp(o, "reason") && n && inode_kind(n) == N_FIELD && cJSON_IsString(textj)) {
        const cJSON *by = cJSON_GetObjectItemCaseSensitive(j, "by");
        const cJSON *atj = cJSON_GetObjectItemCaseSensitive(j, "at");
        r = p_reason(d, n, textj->valuestring, cJSON_IsString(by) ? by->valuestring : NULL,
                     cJSON_IsString(atj) ? atj->valuestring : NULL, NULL, &err);
    } else if (!strcmp(o, "row_add") && is_container(n) && has_at && at <= inode_nkids(n)) {
        r = p_row_add(d, n, at, cJSON_IsString(idj) ? idj->valuestring : NULL, NULL, NULL,
                      &err);
    } else if (!strcmp(o, "row_del") && is_container(n) && has_at && at < inode_nkids(n)) {
        r = p_row_del(d, n, at, NULL, &err);
    } else if (!strcmp(o, "row_move") && is_container(n) && has_ft && from < inode_nkids(n) &&
               to < inode_nkids(n)) {
        r = p_row_move(d, n, from, to, NULL, &err);
    } else if (!strcmp(o, "row_dup") && is_container(n) && has_at && at < inode_nkids(n)) {
        r = p_row_dup(d, n, at, NULL, NULL, &err);
    }
    free(err);
    if (r == 0)
        rc->applied++;
    else
        rc->skipped++;
    cJSON_Delete(j);
    return 0;
}

static char *journal_aside_name(const char *jp, const char *what)
{
    char stamp[32];
    stamp_now(stamp, sizeof stamp);
    return fio_strdupf("%s.%s-%s", jp, what, stamp);
}

/* "dir/draft.json" -> "dir/draft.recovered-20260427-093000.json". */
static char *recovered_name(const char *path)
{
    char stamp[32];
    stamp_now(stamp, sizeof stamp);
    size_t n = strlen(path);
    size_t stem = n >= 5 && strcmp(path + n - 5, ".json") == 0 ? n - 5 : n;
    for (int k = 1; k < 1000; k++) {
        char *name = k == 1 ? fio_strdupf("%.*s.recovered-%s.json", (int)stem, path, stamp)
                            : fio_strdupf("%.*s.recovered-%s-%d.json", (int)stem, path, stamp, k);
        struct stat st;
        if (!name || (stat(name, &st) != 0 && errno == ENOENT))
            return name;
        free(name);
    }
    return NULL;
}

static int recover_keep_both(doc *d, const char *jp, size_t *n_changes, char **out_path,
                             char **err)
{
    /* replay into a copy, with no journal: the document itself is left as it is */
    size_t len = 0;
    char *text = draft_print(d->draft, &len);
    doc *s = doc_alloc();
    char *perr = NULL;
    if (!text || !s) {
        free(text);
        free(s);
        fio_set_err(err, strdup("out of memory"));
        return -1;
    }
    s->owns_all = false;
    s->form = d->form;
    s->path = strdup(d->path);
    s->draft = draft_parse(text, len, d->path, &perr);
    free(text);
    free(perr);
    char *eerr = NULL;
    s->eng = s->draft ? engine_new(d->form, s->draft, &eerr) : NULL;
    free(eerr);
    if (!s->path || !s->eng) {
        doc_free_parts(s);
        fio_set_err(err, strdup("out of memory"));
        return -1;
    }
    replay_ctx rc = {.d = s};
    if (journal_read(jp, replay_record, &rc, NULL, err) != 0) {
        doc_free_parts(s);
        return -1;
    }
    char *now = now_iso();
    if (now) {
        free(s->draft->modified);
        s->draft->modified = now;
    }
    char *name = recovered_name(d->path);
    atomic_opts ao = atomic_defaults();
    ao.backup = false;
    int r = name ? draft_file_save(name, s->draft, &ao, err) : -1;
    if (!name)
        fio_set_err(err, strdup("out of memory"));
    doc_free_parts(s);
    if (r != 0) {
        free(name);
        return -1;
    }
    if (n_changes)
        *n_changes = rc.applied;
    if (out_path)
        *out_path = name;
    else
        free(name);
    return 0;
}

int doc_recover(doc *d, recover_choice c, size_t *n_changes, char **out_path, char **err)
{
    if (err)
        *err = NULL;
    if (n_changes)
        *n_changes = 0;
    if (out_path)
        *out_path = NULL;
    if (!d->journal_pending) {
        fio_set_err(err, fio_strdupf("%s: no unsaved changes are waiting", d->path));
        return -1;
    }
    if (d->mode != DOC_EDIT) {
        fio_set_err(err, fio_strdupf("%s is open read-only: recover it where it is edited",
                                 d->path));
        return -1;
    }
    char *jp = journal_path_for(d->path);
    if (!jp) {
        fio_set_err(err, strdup("out of memory"));
        return -1;
    }
    int rc = -1;
    char *aside = NULL;
    if (c == RECOVER_KEEP_BOTH) {
        if (recover_keep_both(d, jp, n_changes, out_path, err) != 0)
            goto out;
        char *base = journal_aside_name(jp, "kept");
        aside = base ? move_aside(jp, base, err) : NULL;
        free(base);
        if (!aside)
            goto out;
    } else if (c == RECOVER_DISCARD) {
        jcount cnt = {0};
        int rr = journal_read(jp, count_record, &cnt, NULL, err);
        jcount_free(&cnt);
        if (rr != 0)
            goto out;
        char *base = journal_aside_name(jp, "discarded");
        aside = base ? move_aside(jp, base, err) : NULL;
        free(base);
        if (!aside)
            goto out;
        if (n_changes)
            *n_changes = cnt.changes;
    } else {
        /* The old journal is set aside before a new one is started, so its records exist on
         * disk at every moment; the new journal gets them again as they are replayed. */
        char *base = journal_aside_name(jp, "applied");
        aside = base ? move_aside(jp, base, err) : NULL;
        free(base);
        if (!aside)
            goto out;
        if (journal_start(d, err) != 0)
            goto out;
        d->journal_pending = false;
        replay_ctx r = {.d = d};
        if (journal_read(aside, replay_record, &r, NULL, err) != 0)
            goto out;
        char *se = NULL;
        if (journal_sync(d->jr, &se) != 0 && !d->journal_error)
            d->journal_error = se;
        else
            free(se);
        if (n_changes)
            *n_changes = r.applied;
        d->dirty = true;
        free(d->applied_journal);
        d->applied_journal = aside;
        aside = NULL;
        rc = 0;
        goto out;
    }
    d->journal_pending = false;
    if (journal_start(d, err) != 0)
        goto out;
    rc = 0;
out:
    free(aside);
    free(jp);
    return rc;
}

/* ---- edits ---- */

static int check_editable(doc *d, char **err)
{
    if (d->mode != DOC_EDIT) {
        fio_set_err(err, fio_strdupf("%s is open read-only", d->path));
        return -1;
    }
    if (d->journal_pending) {
        fio_set_err(err, fio_strdupf("%s: unsaved changes from an interrupted session are "
                                 "waiting: recover or set them aside first", d->path));
        return -1;
    }
    return 0;
}

static void edit_done(doc *d, urec *r)
{
    ustack_push(&d->undo, r);
    ustack_clear(&d->redo);
}

int doc_set_text(doc *d, inode *field, const char *text, eng_change *chg, char **err)
{
    if (chg)
        memset(chg, 0, sizeof *chg);
    if (check_editable(d, err))
        return -1;
    if (!field || inode_kind(field) != N_FIELD) {
        fio_set_err(err, strdup("only a field holds text"));
        return -1;
    }
    urec r = {.op = U_SET};
    r.before = strdup(inode_text(field));
    r.path = inode_storage_path(field);
    if (!r.before || !r.path) {
        urec_free(&r);
        fio_set_err(err, strdup("out of memory: the value was not changed"));
        return -1;
    }
    if (p_set(d, field, text, chg, err) != 0) {
        urec_free(&r);
        return -1;
    }
    if (strcmp(r.before, inode_text(field)) == 0) {   /* no change: nothing to undo */
        urec_free(&r);
        return 0;
    }
    r.after = strdup(inode_text(field));
    edit_done(d, &r);
    return 0;
}

int doc_set_override_reason(doc *d, inode *field, const char *reason, eng_change *chg,
                            char **err)
{
    if (chg)
        memset(chg, 0, sizeof *chg);
    if (check_editable(d, err))
        return -1;
    if (!field || inode_kind(field) != N_FIELD) {
        fio_set_err(err, strdup("only a field has an override reason"));
        return -1;
    }
    urec r = {.op = U_REASON};
    r.path = inode_storage_path(field);
    char *at = now_iso();
    const char *by = who(d);
    if (!r.path || !at) {
        free(at);
        urec_free(&r);
        fio_set_err(err, strdup("out of memory: the reason was not saved"));
        return -1;
    }
    const draft_override *o = draft_override_get(d->draft, r.path);
    if (o) {
        r.before = xstrdup(o->reason);
        r.before_by = xstrdup(o->by);
        r.before_at = xstrdup(o->at);
    }
    bool setting = reason && *reason;
    r.after = setting ? strdup(reason) : NULL;
    r.after_by = setting ? xstrdup(by) : NULL;
    r.after_at = setting ? strdup(at) : NULL;
    int rc = p_reason(d, field, reason, by, at, chg, err);
    free(at);
    if (rc != 0) {
        urec_free(&r);
        return -1;
    }
    edit_done(d, &r);
    return 0;
}

int doc_row_add(doc *d, inode *table, size_t at, inode **row, eng_change *chg, char **err)
{
    if (chg)
        memset(chg, 0, sizeof *chg);
    if (check_editable(d, err))
        return -1;
    inode *r0 = NULL;
    urec r = {.op = U_ROW_ADD, .a = at};
    if (!(r.path = inode_storage_path(table))) {
        fio_set_err(err, strdup("out of memory while adding a row"));
        return -1;
    }
    if (p_row_add(d, table, at, NULL, &r0, chg, err) != 0) {
        urec_free(&r);
        return -1;
    }
    r.row_id = xstrdup(inode_row_id(r0));
    if (row)
        *row = r0;
    edit_done(d, &r);
    return 0;
}

/* The overrides inside a row (by storage path prefix), copied. */
static int collect_overrides(const draft *dr, const char *row_path, draft_override **out,
                             size_t *n)
{
    size_t pl = strlen(row_path);
    *out = NULL;
    *n = 0;
    for (size_t i = 0; i < dr->n_overrides; i++) {
        const draft_override *o = &dr->overrides[i];
        if (strncmp(o->path, row_path, pl) != 0 || o->path[pl] != '.')
            continue;
        draft_override *v = realloc(*out, (*n + 1) * sizeof *v);
        if (!v)
            return -1;
        *out = v;
        v[*n] = (draft_override){strdup(o->path), strdup(o->reason), xstrdup(o->by),
                                 xstrdup(o->at), NULL};
        (*n)++;
        if (!v[*n - 1].path || !v[*n - 1].reason)
            return -1;
    }
    return 0;
}

int doc_row_delete(doc *d, inode *table, size_t idx, eng_change *chg, char **err)
{
    if (chg)
        memset(chg, 0, sizeof *chg);
    if (check_editable(d, err))
        return -1;
    if (!is_container(table) || idx >= inode_nkids(table)) {
        fio_set_err(err, strdup("no such row"));
        return -1;
    }
    inode *row = inode_kid(table, idx);
    urec r = {.op = U_ROW_DEL, .a = idx};
    r.path = inode_storage_path(table);
    char *row_path = inode_storage_path(row);
    r.row_id = xstrdup(inode_row_id(row));
    cJSON *rj = row_path ? json_at(d->draft->values, row_path) : NULL;
    r.row = rj ? cJSON_Duplicate(rj, 1) : cJSON_CreateObject();
    if (r.row && !rj && r.row_id)
        cJSON_AddStringToObject(r.row, "_id", r.row_id);
    if (!r.path || !row_path || !r.row_id || !r.row ||
        collect_overrides(d->draft, row_path, &r.ovr, &r.n_ovr) != 0) {
        free(row_path);
        urec_free(&r);
        fio_set_err(err, strdup("out of memory: the row was not deleted"));
        return -1;
    }
    free(row_path);
    /* The row's override reasons go with it: a later row could get the same id and must
     * not inherit them. Undo puts them back. */
    for (size_t i = 0; i < r.n_ovr; i++) {
        inode *f = engine_find(d->eng, r.ovr[i].path);
        if (f && inode_kind(f) == N_FIELD && p_reason(d, f, NULL, NULL, NULL, chg, err) != 0) {
            urec_free(&r);
            return -1;
        }
    }
    if (p_row_del(d, table, idx, chg, err) != 0) {
        urec_free(&r);
        return -1;
    }
    edit_done(d, &r);
    return 0;
}

int doc_row_move(doc *d, inode *table, size_t from, size_t to, eng_change *chg, char **err)
{
    if (chg)
        memset(chg, 0, sizeof *chg);
    if (check_editable(d, err))
        return -1;
    urec r = {.op = U_ROW_MOVE, .a = from, .b = to};
    if (!(r.path = inode_storage_path(table))) {
        fio_set_err(err, strdup("out of memory while moving a row"));
        return -1;
    }
    if (from == to) {
        urec_free(&r);
        return 0;
    }
    if (p_row_move(d, table, from, to, chg, err) != 0) {
        urec_free(&r);
        return -1;
    }
    edit_done(d, &r);
    return 0;
}

int doc_row_duplicate(doc *d, inode *table, size_t idx, inode **row, eng_change *chg,
                      char **err)
{
    if (chg)
        memset(chg, 0, sizeof *chg);
    if (check_editable(d, err))
        return -1;
    inode *r0 = NULL;
    urec r = {.op = U_ROW_DUP, .a = idx};
    if (!(r.path = inode_storage_path(table))) {
        fio_set_err(err, strdup("out of memory while copying a row"));
        return -1;
    }
    if (p_row_dup(d, table, idx, &r0, chg, err) != 0) {
        urec_free(&r);
        return -1;
    }
    r.row_id = xstrdup(inode_row_id(r0));
    if (row)
        *row = r0;
    edit_done(d, &r);
    return 0;
}

/* ---- undo / redo ---- */

static int find_kind(doc *d, const urec *r, bool want_field, inode **out, char **err)
{
    inode *n = engine_find(d->eng, r->path);
    if (!n || (want_field ? inode_kind(n) != N_FIELD : !is_container(n))) {
        fio_set_err(err, fio_strdupf("cannot undo or redo: %s is no longer in the form", r->path));
        return -1;
    }
    *out = n;
    return 0;
}

/* Performs r backwards (undo) or forwards (redo) through the primitives. */
static int replay_urec(doc *d, urec *r, bool backwards, inode **cursor, eng_change *chg,
                       char **err)
{
    inode *n = NULL;
    bool field = r->op == U_SET || r->op == U_REASON;
    if (find_kind(d, r, field, &n, err) != 0)
        return -1;
    *cursor = n;
    long i;
    switch (r->op) {
    case U_SET:
        return p_set(d, n, backwards ? r->before : r->after, chg, err);
    case U_REASON:
        if (backwards)
            return p_reason(d, n, r->before, r->before_by, r->before_at, chg, err);
        return p_reason(d, n, r->after, r->after_by, r->after_at, chg, err);
    case U_ROW_ADD:
    case U_ROW_DUP:
        if (!backwards) {
            inode *made = NULL;
            int rc = r->op == U_ROW_ADD
                         ? p_row_add(d, n, r->a <= inode_nkids(n) ? r->a : inode_nkids(n),
                                     r->row_id, &made, chg, err)
                         : p_row_dup(d, n, r->a, &made, chg, err);
            if (rc != 0)
                return -1;
            *cursor = made;
            /* undoing this again deletes the row by the id it has now */
            const char *id = inode_row_id(made);
            if (id && (!r->row_id || strcmp(id, r->row_id) != 0)) {
                char *nid = strdup(id);
                if (nid) {
                    free(r->row_id);
                    r->row_id = nid;
                }
            }
            return 0;
        }
        i = r->row_id ? row_index_by_id(n, r->row_id) : -1;
        if (i < 0) {
            fio_set_err(err, strdup("cannot undo: the row is no longer there"));
            return -1;
        }
        return p_row_del(d, n, (size_t)i, chg, err);
    case U_ROW_DEL:
        if (!backwards) {
            i = row_index_by_id(n, r->row_id);
            if (i < 0) {
                fio_set_err(err, strdup("cannot redo: the row is no longer there"));
                return -1;
            }
            for (size_t k = 0; k < r->n_ovr; k++) {
                inode *f = engine_find(d->eng, r->ovr[k].path);
                if (f && inode_kind(f) == N_FIELD &&
                    p_reason(d, f, NULL, NULL, NULL, chg, err) != 0)
                    return -1;
            }
            return p_row_del(d, n, (size_t)i, chg, err);
        }
        if (restore_row(d, n, r->a <= inode_nkids(n) ? r->a : inode_nkids(n), r->row, cursor,
                        chg, err) != 0)
            return -1;
        for (size_t k = 0; k < r->n_ovr; k++) {
            inode *f = engine_find(d->eng, r->ovr[k].path);
            if (f && inode_kind(f) == N_FIELD &&
                p_reason(d, f, r->ovr[k].reason, r->ovr[k].by, r->ovr[k].at, chg, err) != 0)
                return -1;
        }
        return 0;
    case U_ROW_MOVE: {
        size_t from = backwards ? r->b : r->a, to = backwards ? r->a : r->b;
        if (from >= inode_nkids(n) || to >= inode_nkids(n)) {
            fio_set_err(err, strdup("cannot undo or redo: the table has changed"));
            return -1;
        }
        if (p_row_move(d, n, from, to, chg, err) != 0)
            return -1;
        *cursor = inode_kid(n, to);
        return 0;
    }
    }
    return -1;
}

static int undo_redo(doc *d, bool undo, inode **field, eng_change *chg, char **err)
{
    if (chg)
        memset(chg, 0, sizeof *chg);
    if (field)
        *field = NULL;
    if (check_editable(d, err))
        return -1;
    ustack *from = undo ? &d->undo : &d->redo, *to = undo ? &d->redo : &d->undo;
    if (from->n == 0)
        return 0;
    urec r = from->v[--from->n];
    inode *cursor = NULL;
    if (replay_urec(d, &r, undo, &cursor, chg, err) != 0) {
        /* a record that cannot be replayed is dropped, not retried forever */
        urec_free(&r);
        return -1;
    }
    ustack_push(to, &r);
    if (field)
        *field = cursor;
    return 1;
}

int doc_undo(doc *d, inode **field, eng_change *chg, char **err)
{
    return undo_redo(d, true, field, chg, err);
}

int doc_redo(doc *d, inode **field, eng_change *chg, char **err)
{
    return undo_redo(d, false, field, chg, err);
}

/* ---- saving ---- */

int doc_save(doc *d, char **err)
{
    if (err)
        *err = NULL;
    if (d->mode != DOC_EDIT) {
        fio_set_err(err, fio_strdupf("%s is open read-only: save it under another name", d->path));
        return -1;
    }
    if (d->journal_pending) {
        fio_set_err(err, fio_strdupf("%s: unsaved changes from an interrupted session are waiting: "
                                 "recover or set them aside before saving", d->path));
        return -1;
    }
    char *now = now_iso();
    if (!now) {
        fio_set_err(err, fio_strdupf("cannot save %s: out of memory", d->path));
        return -1;
    }
    char *old = d->draft->modified;
    d->draft->modified = now;
    if (draft_file_save(d->path, d->draft, NULL, err) != 0) {
        d->draft->modified = old;      /* nothing changed: the draft is as before */
        free(now);
        return -1;
    }
    free(old);
    d->dirty = false;
    /* The saved file holds every change: the journal starts again from it. */
    if (d->jr) {
        journal_close(d->jr, true, NULL);
        d->jr = NULL;
    }
    if (d->applied_journal) {
        unlink(d->applied_journal);
        free(d->applied_journal);
        d->applied_journal = NULL;
    }
    char *je = NULL;
    if (journal_start(d, &je) != 0) {
        /* saved, but further edits cannot be journaled: say so through doc_tick */
        free(d->journal_error);
        d->journal_error = je ? je : strdup("the journal cannot be restarted");
    }
    return 0;
}

int doc_tick(doc *d, char **err)
{
    if (err)
        *err = NULL;
    if (d->journal_error) {
        fio_set_err(err, d->journal_error);
        d->journal_error = NULL;
        return -1;
    }
    if (!d->jr)
        return 0;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return journal_tick(d->jr, &now, err);
}

int doc_ms_until_tick(doc *d)
{
    if (d->journal_error)
        return 0;
    if (!d->jr)
        return -1;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return journal_ms_until_sync(d->jr, &now);
}

void doc_emergency_sync(doc *d)
{
    /* async-signal-safe: no allocation, no locks, one fsync */
    if (d && d->jr)
        journal_sync_signal_safe(d->jr);
}
