/* The draft's unit and year follow the fields the form binds to them (core/draft_meta.h). */
#include "core/draft_meta.h"
#include "engine_internal.h"

#include <stdlib.h>
#include <string.h>

/* A copy of s without leading and trailing white space (ASCII, and the ideographic space
 * U+3000 a Chinese input method types); NULL when out of memory. "" when s is NULL. */
static char *trimmed(const char *s)
{
    if (!s)
        s = "";
    const char *b = s, *e = s + strlen(s);
    for (;;) {
        if (b < e && strchr(" \t\n\r\f\v", *b))
            b++;
        else if (e - b >= 3 && memcmp(b, "\xe3\x80\x80", 3) == 0)
            b += 3;
        else
            break;
    }
    for (;;) {
        if (e > b && strchr(" \t\n\r\f\v", e[-1]))
            e--;
        else if (e - b >= 3 && memcmp(e - 3, "\xe3\x80\x80", 3) == 0)
            e -= 3;
        else
            break;
    }
    return strndup(b, (size_t)(e - b));
}

/* The stored text of a field outside tables and repeated parts: its ids from the root are
 * the keys of the nested objects of values. NULL when nothing is stored. */
static const char *stored_text(const cJSON *values, const fnode *field)
{
    const fnode *chain[64];
    size_t n = 0;
    for (const fnode *p = field; p && p->parent && n < 64; p = p->parent)
        chain[n++] = p;
    const cJSON *o = values;
    while (n > 0 && o) {
        const fnode *step = chain[--n];
        o = cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, step->id) : NULL;
    }
    return cJSON_IsString(o) ? o->valuestring : NULL;
}

static const char *meta_of(const draft *d, form_meta k)
{
    return k == FORM_META_UNIT ? d->unit : d->year;
}

char *draft_meta_value(const form *f, const draft *d, form_meta k)
{
    for (size_t i = 0; f && i < f->nnodes; i++) {
        const fnode *n = f->nodes[i];
        if (n->kind != N_FIELD || n->meta != k || fnode_repeat_ancestor(n))
            continue;
        char *t = trimmed(stored_text(d->values, n));
        if (!t || *t)
            return t;
        free(t);
    }
    return trimmed(meta_of(d, k));
}

/* Sets *slot to v (taken) unless it already says that; v "" with *slot NULL is no change. */
static void put(char **slot, char *v, bool *changed)
{
    if ((*slot && strcmp(*slot, v) == 0) || (!*slot && !*v)) {
        free(v);
        return;
    }
    free(*slot);
    *slot = v;
    *changed = true;
}

int draft_meta_sync(const form *f, draft *d, bool *changed)
{
    bool ch = false;
    char *un = draft_meta_value(f, d, FORM_META_UNIT);
    char *year = draft_meta_value(f, d, FORM_META_YEAR);
    if (!un || !year) {
        free(un);
        free(year);
        return -1;
    }
    put(&d->unit, un, &ch);
    put(&d->year, year, &ch);
    if (changed)
        *changed = ch;
    return 0;
}

static bool is_repeat(const inode *n)
{
    node_kind k = inode_kind(n);
    const fnode *d = inode_def(n);
    return k == N_TABLE || (k == N_PART && d && d->repeat);
}

/* The first filled field bound to k below n (n itself not checked for being a repeat: it is
 * the scope, possibly an instance of one). NULL when none, else *out is set (NULL: OOM). */
static bool own_value(const inode *n, form_meta k, char **out)
{
    for (size_t i = 0; i < inode_nkids(n); i++) {
        const inode *c = inode_kid(n, i);
        if (inode_kind(c) == N_FIELD) {
            if (inode_def(c)->meta != k)
                continue;
            char *t = trimmed(inode_text(c));
            if (!t || *t) {
                *out = t;
                return true;
            }
            free(t);
        } else if (!is_repeat(c) && own_value(c, k, out)) {
            return true;
        }
    }
    return false;
}

char *engine_meta_value(const engine *e, const inode *scope, form_meta k)
{
    char *v = NULL;
    if (scope && own_value(scope, k, &v))
        return v;
    return draft_meta_value(engine_form(e), engine_draft(e), k);
}

/* The first filled field bound to k outside repeated parts: the one the value came from. */
static const fnode *source_field(const form *f, const draft *d, form_meta k)
{
    for (size_t i = 0; i < f->nnodes; i++) {
        const fnode *n = f->nodes[i];
        if (n->kind != N_FIELD || n->meta != k || fnode_repeat_ancestor(n))
            continue;
        char *t = trimmed(stored_text(d->values, n));
        bool filled = t && *t;
        free(t);
        if (filled)
            return n;
    }
    return NULL;
}

int draft_meta_findings(const engine *e, finding_list *out)
{
    static const form_meta keys[] = {FORM_META_UNIT, FORM_META_YEAR};
    for (size_t i = 0; i < 2; i++) {
        form_meta k = keys[i];
        const char *before = e->meta_before[k];
        const fnode *src = before ? source_field(e->f, e->d, k) : NULL;
        if (!src)
            continue;
        char *path = fnode_path(src);
        const char *now = meta_of(e->d, k);
        const char *label = src->label.zh ? src->label.zh : src->id;
        const char *label_en = src->label.en ? src->label.en : label;
        const char *key = k == FORM_META_UNIT ? "unit" : "year";
        /* the same conversions in both: each language skips the other's label */
        int rc = path ? findings_addf(out, SEV_NOTICE, "draft.meta_stale", path,
                                      "%s%.0s“%s”与草稿文件记录的 meta.%s“%s”不同：各输出均按“%s”；"
                                      "保存一次草稿即更新记录",
                                      "%.0s%s \"%s\" differs from the draft file's meta.%s "
                                      "\"%s\": every output uses \"%s\"; save the draft once to "
                                      "update the file",
                                      label, label_en, now ? now : "", key, before,
                                      now ? now : "")
                      : -1;
        free(path);
        if (rc != 0)
            return -1;
    }
    return 0;
}
