/* Edits through the engine: the draft's values change, and what depends on them is
 * recomputed. Also the read side: values, display texts and findings of instances. */
#include "engine_internal.h"
#include "core/draft_meta.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- reading ---- */

const char *inode_text(const inode *n)
{
    return n && n->kind == N_FIELD && n->json && n->json->valuestring ? n->json->valuestring : "";
}

const char *inode_display(const inode *n)
{
    return n && n->display ? n->display : "";
}

value_t inode_value(const inode *n) { return n->value; }
bool inode_is_computed(const inode *n) { return n->kind == N_FIELD && n->def->compute; }
value_t inode_rule_value(const inode *n)
{
    return n->comp ? n->comp->rule : v_blank(VB_EMPTY);
}

const char *inode_rule_display(const inode *n)
{
    return n->comp && n->comp->rule_display ? n->comp->rule_display : "";
}

bool inode_is_override(const inode *n) { return n->comp && n->comp->override_active; }

field_state inode_state(const inode *n)
{
    if (!n || n->kind != N_FIELD)
        return FS_INPUT;
    return n->comp ? (field_state)n->comp->state : FS_INPUT;
}

const char *field_state_name(field_state s)
{
    switch (s) {
    case FS_INPUT:              return "input";
    case FS_COMPUTED:           return "computed";
    case FS_TYPED_AGREES:       return "typed";
    case FS_TYPED_DISAGREES:    return "typed_mismatch";
    case FS_OVERRIDE:           return "override";
    case FS_OVERRIDE_NO_REASON: return "override_no_reason";
    case FS_TYPED_UNCHECKED:    return "typed_unchecked";
    }
    return "?";
}

const char *inode_override_reason(const inode *n)
{
    return n && n->comp && n->comp->override_active ? n->comp->override_reason : NULL;
}

const finding_list *inode_findings(const inode *n) { return eng_findings(n); }

int inode_worst(const inode *n, size_t counts[3])
{
    int worst = -1;
    const finding_list *l = eng_findings(n);
    for (size_t i = 0; i < l->len; i++) {
        int s = (int)l->items[i].sev;
        if (counts)
            counts[s]++;
        if (s > worst)
            worst = s;
    }
    for (size_t i = 0; i < n->nkids; i++) {
        int w = inode_worst(n->kids[i], counts);
        if (w > worst)
            worst = w;
    }
    return worst;
}

static void gather(const inode *n, finding_list *out, int *rc)
{
    const finding_list *l = eng_findings(n);
    for (size_t i = 0; i < l->len && *rc == 0; i++) {
        const finding *f = &l->items[i];
        *rc = findings_add(out, f->sev, f->code, f->path, f->msg_zh, f->msg_en);
    }
    for (size_t i = 0; i < n->nkids && *rc == 0; i++)
        gather(n->kids[i], out, rc);
}

int engine_findings(const engine *e, finding_list *out)
{
    int rc = 0;
    gather(e->root, out, &rc);
    return rc;
}

size_t engine_count(const engine *e, severity s)
{
    size_t counts[3] = {0, 0, 0};
    inode_worst(e->root, counts);
    return counts[s];
}

static void gather_fields(inode *n, inode ***v, size_t *len, size_t *cap, bool *oom)
{
    if (eng_findings(n)->len && !*oom) {
        if (*len == *cap) {
            size_t nc = *cap ? *cap * 2 : 32;
            inode **nv = realloc(*v, nc * sizeof *nv);
            if (!nv) {
                *oom = true;
                return;
            }
            *v = nv;
            *cap = nc;
        }
        (*v)[(*len)++] = n;
    }
    for (size_t i = 0; i < n->nkids; i++)
        gather_fields(n->kids[i], v, len, cap, oom);
}

size_t engine_finding_fields(const engine *e, inode ***out)
{
    size_t len = 0, cap = 0;
    bool oom = false;
    *out = NULL;
    gather_fields(e->root, out, &len, &cap, &oom);
    return len;
}

/* ---- writing values ---- */

static bool def_is_repeat(const fnode *d)
{
    return d->kind == N_TABLE || (d->kind == N_PART && d->repeat);
}

/* Makes sure the JSON container of n exists in the draft (created on the first write, so an
 * unchanged draft prints back as it was read). */
static cJSON *ensure_json(engine *e, inode *n)
{
    if (n->json)
        return n->json;
    if (!n->parent) {
        n->json = e->d->values;
        return n->json;
    }
    cJSON *pj = ensure_json(e, n->parent);
    if (!pj || !cJSON_IsObject(pj))
        return NULL;
    cJSON *mine = def_is_repeat(n->def) ? cJSON_CreateArray() : cJSON_CreateObject();
    if (!mine)
        return NULL;
    /* a value of the wrong shape under this id would be hidden: replace it */
    cJSON_DeleteItemFromObjectCaseSensitive(pj, n->def->id);
    if (!cJSON_AddItemToObject(pj, n->def->id, mine)) {
        cJSON_Delete(mine);
        return NULL;
    }
    n->json = mine;
    return mine;
}

/* Control characters never belong in a value; paragraphs keep their newlines and tabs. */
static char *clean_text(const char *text, bool multiline)
{
    size_t n = strlen(text);
    char *out = malloc(n + 1), *o = out;
    if (!out)
        return NULL;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (*p == '\r')
            continue;
        if (*p < 0x20 || *p == 0x7f) {
            if (multiline && (*p == '\n' || *p == '\t'))
                *o++ = (char)*p;
            else if (*p == '\n' || *p == '\t')
                *o++ = ' ';
            continue;
        }
        *o++ = (char)*p;
    }
    *o = '\0';
    return out;
}

int engine_set_text(engine *e, inode *field, const char *text, eng_change *chg, char **err)
{
    if (chg)
        memset(chg, 0, sizeof *chg);
    if (!field || field->kind != N_FIELD) {
        if (err)
            *err = strdup("only a field holds text");
        return -1;
    }
    char *clean = clean_text(text ? text : "", field->def->type == FT_PARAGRAPH);
    if (!clean)
        goto oom;
    if (!*clean) {
        if (field->json && field->parent->json) {
            cJSON_DeleteItemFromObjectCaseSensitive(field->parent->json, field->def->id);
            field->json = NULL;
        }
    } else if (field->json) {
        if (!cJSON_SetValuestring(field->json, clean))
            goto oom;
    } else {
        cJSON *pj = ensure_json(e, field->parent);
        cJSON *s = pj ? cJSON_CreateString(clean) : NULL;
        if (!s)
            goto oom;
        cJSON_DeleteItemFromObjectCaseSensitive(pj, field->def->id);
        if (!cJSON_AddItemToObject(pj, field->def->id, s)) {
            cJSON_Delete(s);
            goto oom;
        }
        field->json = s;
    }
    free(clean);
    /* the draft's unit or year is what is typed here: meta follows at once (title bar, save) */
    if (field->def->meta && draft_meta_sync(e->f, e->d, NULL) != 0) {
        if (err)
            *err = strdup("out of memory: the draft's unit or year was not updated");
        return -1;
    }
    eng_recompute_from(e, &field->u, chg);
    return 0;
oom:
    free(clean);
    if (err)
        *err = strdup("out of memory: the value was not changed");
    return -1;
}

int engine_set_override_reason(engine *e, inode *field, const char *reason, const char *by,
                               const char *at, eng_change *chg, char **err)
{
    if (chg)
        memset(chg, 0, sizeof *chg);
    char *sp = field ? inode_storage_path(field) : NULL;
    if (!sp || draft_override_set(e->d, sp, reason, by, at) != 0) {
        free(sp);
        if (err)
            *err = strdup(field ? "out of memory: the reason was not saved" : "no field");
        return -1;
    }
    free(sp);
    eng_recompute_from(e, &field->u, chg);
    return 0;
}

/* ---- rows ---- */

/* Puts item at position `at` of a JSON array (at == size appends). Debian's cJSON 1.7.15
 * (deb12u4) refuses cJSON_InsertItemInArray anywhere but the first position, so link the
 * item in ourselves. */
static void json_array_insert(cJSON *arr, size_t at, cJSON *item)
{
    cJSON *after = arr->child;
    for (size_t i = 0; after && i < at; i++)
        after = after->next;
    if (!after) {
        cJSON_AddItemToArray(arr, item);
        return;
    }
    item->next = after;
    item->prev = after->prev;
    if (after == arr->child) {
        arr->child = item;          /* the first item's prev keeps pointing at the last */
    } else {
        after->prev->next = item;
    }
    after->prev = item;
}

/* In a batch, the rule units are cleared once (they may point into rows that go) and built
 * again at the end. */
static void batch_clear(engine *e)
{
    if (!e->batch_graph_gone)
        eng_graph_clear(e);
    e->batch_graph_gone = true;
    e->batch_dirty = true;
}

void engine_batch_begin(engine *e)
{
    e->batch = true;
    e->batch_graph_gone = false;
    e->batch_dirty = false;
}

int engine_batch_end(engine *e, char **err)
{
    if (!e->batch)
        return 0;
    e->batch = false;
    if (e->batch_graph_gone && eng_graph_build(e)) {
        if (err)
            *err = strdup("out of memory while rebuilding the form");
        return -1;
    }
    if (e->batch_dirty)
        engine_recompute_all(e);
    e->batch_graph_gone = e->batch_dirty = false;
    return 0;
}

static int after_structure(engine *e, eng_change *chg, char **err)
{
    if (e->batch) {
        batch_clear(e);
        if (chg)
            chg->structure = true;
        return 0;
    }
    if (eng_graph_build(e)) {
        if (err)
            *err = strdup("out of memory while rebuilding the form");
        return -1;
    }
    engine_recompute_all(e);
    if (chg)
        chg->structure = true;
    return 0;
}

static bool is_container(const inode *t)
{
    return t && t->kind != N_ROW && def_is_repeat(t->def);
}

static void renumber(inode *t)
{
    for (size_t i = 0; i < t->nkids; i++)
        t->kids[i]->idx = i;
}

static int insert_row_instance(engine *e, inode *t, size_t at, cJSON *row, inode **out)
{
    inode *r = eng_build_instance(e, t->def, N_ROW, t, row);
    if (!r || eng_kid_append(t, r)) {
        eng_inode_free(r);
        return -1;
    }
    /* move it from the end to `at` */
    memmove(&t->kids[at + 1], &t->kids[at], (t->nkids - 1 - at) * sizeof *t->kids);
    t->kids[at] = r;
    renumber(t);
    if (out)
        *out = r;
    return 0;
}

int engine_row_add(engine *e, inode *table, size_t at, const char *row_id, inode **row,
                   eng_change *chg, char **err)
{
    if (chg)
        memset(chg, 0, sizeof *chg);
    if (!is_container(table) || at > table->nkids) {
        if (err)
            *err = strdup("rows can only be added to a table");
        return -1;
    }
    if (table->def->max_rows && table->nkids >= (size_t)table->def->max_rows) {
        if (err && asprintf(err, "%s: at most %d rows", i18n_get(&table->def->label, false),
                            table->def->max_rows) < 0)
            *err = NULL;
        return -1;
    }
    cJSON *arr = ensure_json(e, table);
    cJSON *obj = arr ? cJSON_CreateObject() : NULL;
    char *id = NULL;
    if (!obj)
        goto oom;
    id = row_id ? strdup(row_id) : draft_new_row_id(arr, table->def->row_prefix);
    if (!id || !cJSON_AddStringToObject(obj, "_id", id))
        goto oom;
    /* defaults of the row's fields (columns, or the fields of a new project's sections) */
    if (form_put_defaults(table->def, obj) != 0)
        goto oom;
    json_array_insert(arr, at, obj);
    free(id);
    if (insert_row_instance(e, table, at, obj, row)) {
        if (err)
            *err = strdup("out of memory while adding a row");
        return -1;
    }
    return after_structure(e, chg, err);
oom:
    free(id);
    cJSON_Delete(obj);
    if (err)
        *err = strdup("out of memory while adding a row");
    return -1;
}

int engine_row_delete(engine *e, inode *table, size_t idx, eng_change *chg, char **err)
{
    if (chg)
        memset(chg, 0, sizeof *chg);
    if (!is_container(table) || idx >= table->nkids) {
        if (err)
            *err = strdup("no such row");
        return -1;
    }
    inode *r = table->kids[idx];
    if (e->batch)
        batch_clear(e);
    else
        eng_graph_clear(e); /* rule units may point into the row */
    cJSON_Delete(cJSON_DetachItemViaPointer(table->json, r->json));
    memmove(&table->kids[idx], &table->kids[idx + 1], (table->nkids - idx - 1) * sizeof *table->kids);
    table->nkids--;
    renumber(table);
    eng_inode_free(r);
    return after_structure(e, chg, err);
}

int engine_row_move(engine *e, inode *table, size_t from, size_t to, eng_change *chg, char **err)
{
    if (chg)
        memset(chg, 0, sizeof *chg);
    if (!is_container(table) || from >= table->nkids || to >= table->nkids) {
        if (err)
            *err = strdup("no such row");
        return -1;
    }
    if (from == to)
        return 0;
    inode *r = table->kids[from];
    cJSON *item = cJSON_DetachItemViaPointer(table->json, r->json);
    json_array_insert(table->json, to, item);
    if (from < to)
        memmove(&table->kids[from], &table->kids[from + 1], (to - from) * sizeof *table->kids);
    else
        memmove(&table->kids[to + 1], &table->kids[to], (from - to) * sizeof *table->kids);
    table->kids[to] = r;
    renumber(table);
    return after_structure(e, chg, err);
}

int engine_row_duplicate(engine *e, inode *table, size_t idx, inode **row, eng_change *chg,
                         char **err)
{
    if (chg)
        memset(chg, 0, sizeof *chg);
    if (!is_container(table) || idx >= table->nkids) {
        if (err)
            *err = strdup("no such row");
        return -1;
    }
    cJSON *copy = cJSON_Duplicate(table->kids[idx]->json, 1);
    char *id = copy ? draft_new_row_id(table->json, table->def->row_prefix) : NULL;
    cJSON *idv = id ? cJSON_CreateString(id) : NULL;
    free(id);
    if (!idv || !cJSON_ReplaceItemInObjectCaseSensitive(copy, "_id", idv)) {
        cJSON_Delete(idv);
        cJSON_Delete(copy);
        if (err)
            *err = strdup("out of memory while copying a row");
        return -1;
    }
    json_array_insert(table->json, idx + 1, copy);
    if (insert_row_instance(e, table, idx + 1, copy, row)) {
        if (err)
            *err = strdup("out of memory while copying a row");
        return -1;
    }
    return after_structure(e, chg, err);
}
