/* Last year's draft carried over into a new one (core/carry.h). The form says what comes
 * along, field by field; the walk follows the form, so a value last year's draft holds for a
 * field this form no longer has is left behind. */
#include "core/carry.h"
#include "core/draft_meta.h"

#include "draft_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *str_member(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(v) && v->valuestring[0] ? v->valuestring : NULL;
}

/* "2025" -> "2026"; NULL for anything that is not four digits (malloc'd). */
static char *next_year(const char *y, bool *oom)
{
    *oom = false;
    if (!y || strlen(y) != 4 || strspn(y, "0123456789") != 4)
        return NULL;
    char *s = NULL;
    if (asprintf(&s, "%d", atoi(y) + 1) < 0) {
        *oom = true;
        return NULL;
    }
    return s;
}

static int carry_node(const fnode *n, const cJSON *last, cJSON *out);

/* Rows of a table or instances of a repeated part, each with its id. */
static int carry_rows(const fnode *n, const cJSON *last, cJSON *out)
{
    cJSON *arr = cJSON_CreateArray();
    if (!arr || !cJSON_AddItemToObject(out, n->id, arr)) {
        cJSON_Delete(arr);
        return -1;
    }
    for (const cJSON *r = last ? last->child : NULL; r; r = r->next) {
        const char *id = str_member(r, "_id");
        if (!cJSON_IsObject(r) || !id)
            continue;                       /* a row without an id cannot be matched next year */
        cJSON *nr = cJSON_CreateObject();
        if (!nr || !cJSON_AddItemToArray(arr, nr) || !cJSON_AddStringToObject(nr, "_id", id))
            return -1;
        for (size_t i = 0; i < n->nkids; i++)
            if (carry_node(n->kids[i], r, nr) != 0)
                return -1;
    }
    return 0;
}

/* Carries node n from `last` (the object holding n's value last year) into `out` (the object
 * that will hold it). */
static int carry_node(const fnode *n, const cJSON *last, cJSON *out)
{
    const cJSON *mine = cJSON_GetObjectItemCaseSensitive(last, n->id);
    if (n->kind == N_FIELD) {
        const char *v = NULL;
        char *owned = NULL;
        bool oom = false;
        switch (n->carry) {
        case CARRY_NONE:
            return 0;
        case CARRY_SELF:
            v = str_member(last, n->id);
            break;
        case CARRY_NEXT_YEAR:
            v = owned = next_year(str_member(last, n->id), &oom);
            break;
        case CARRY_FROM:
            v = str_member(last, n->carry_from);
            break;
        }
        int rc = oom ? -1 : 0;
        if (v && !cJSON_AddStringToObject(out, n->id, v))
            rc = -1;
        free(owned);
        return rc;
    }
    if (n->kind == N_TABLE || (n->kind == N_PART && n->repeat))
        return carry_rows(n, cJSON_IsArray(mine) ? mine : NULL, out);
    /* a section, group or single part: an object of its own */
    cJSON *obj = cJSON_CreateObject();
    if (!obj)
        return -1;
    for (size_t i = 0; i < n->nkids; i++)
        if (carry_node(n->kids[i], cJSON_IsObject(mine) ? mine : NULL, obj) != 0) {
            cJSON_Delete(obj);
            return -1;
        }
    if (!obj->child) {
        cJSON_Delete(obj);                  /* nothing carried: the defaults will make it */
        return 0;
    }
    if (!cJSON_AddItemToObject(out, n->id, obj)) {
        cJSON_Delete(obj);
        return -1;
    }
    return 0;
}

draft *draft_carry_over(const form *f, const draft *last, char **err)
{
    *err = NULL;
    if (strcmp(last->form_id, f->id) != 0) {
        if (asprintf(err, "the draft is of form '%s', not '%s'", last->form_id, f->id) < 0)
            *err = NULL;
        return NULL;
    }
    draft *d = draft_new(f->id, f->version);
    bool oom = false;
    if (!d)
        goto oom;
    d->unit = last->unit ? draft_strdup(last->unit) : NULL;
    d->year = next_year(last->year, &oom);
    if (oom || (last->unit && !d->unit))
        goto oom;
    for (size_t i = 0; i < f->root->nkids; i++)
        if (carry_node(f->root->kids[i], last->values, d->values) != 0)
            goto oom;
    if (form_put_defaults(f->root, d->values) != 0)
        goto oom;
    /* the year and unit carried (the cover's, moved on) are the new draft's, whatever last
     * year's meta said */
    if (draft_meta_sync(f, d, NULL) != 0)
        goto oom;
    return d;
oom:
    draft_free(d);
    *err = strdup("out of memory while carrying the draft over");
    return NULL;
}
