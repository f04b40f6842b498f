/* Loading a form file's fields, tables, groups and sections. */
#include "form_load_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- fields ---- */

static const struct { const char *name; field_type t; } TYPES[] = {
    {"text", FT_TEXT},       {"paragraph", FT_PARAGRAPH}, {"integer", FT_INTEGER},
    {"decimal", FT_DECIMAL}, {"money", FT_MONEY},         {"percent", FT_PERCENT},
    {"date", FT_DATE},       {"phone", FT_PHONE},         {"choice", FT_CHOICE},
};

const char *field_type_name(field_type t)
{
    for (size_t i = 0; i < sizeof TYPES / sizeof TYPES[0]; i++)
        if (TYPES[i].t == t)
            return TYPES[i].name;
    return "?";
}

static int parse_choice_list(loader *L, const cJSON *arr, form_choice **out, size_t *n,
                             const char *what)
{
    if (!cJSON_IsArray(arr))
        return fl_fail_at(L, arr, "%s: choices must be a list", what, NULL);
    size_t cnt = (size_t)cJSON_GetArraySize(arr);
    *out = calloc(cnt ? cnt : 1, sizeof **out);
    if (!*out)
        return fl_oom(L);
    *n = 0;
    for (const cJSON *c = arr->child; c; c = c->next) {
        form_choice *fc = &(*out)[(*n)++];
        static const char *const ckeys[] = {"value", "en", NULL};
        if (cJSON_IsString(c)) {
            fc->value = fl_strdup(c->valuestring);
        } else if (cJSON_IsObject(c) && fl_check_keys(L, c, what, ckeys) == 0 &&
                   fl_str(L, c, "value")) {
            fc->value = fl_strdup(fl_str(L, c, "value"));
            fc->en = fl_strdup(fl_str(L, c, "en"));
            if (*L->err)
                return -1;
        } else {
            return fl_fail_at(L, c, "%s: a choice must be a text or {\"value\", \"en\"}",
                              what, NULL);
        }
        if (!fc->value)
            return fl_oom(L);
    }
    return 0;
}

/* "carry": true | "next_year", or "carry_from": a sibling's id (checked once all are loaded). */
static int load_carry(loader *L, const cJSON *o, fnode *f, const char *path)
{
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(o, "carry");
    const cJSON *cf = cJSON_GetObjectItemCaseSensitive(o, "carry_from");
    if (c && cf)
        return fl_fail_at(L, cf, "%s: \"carry\" and \"carry_from\" exclude each other%s", path,
                          "");
    if (c) {
        if (cJSON_IsTrue(c))
            f->carry = CARRY_SELF;
        else if (cJSON_IsString(c) && strcmp(c->valuestring, "next_year") == 0)
            f->carry = CARRY_NEXT_YEAR;
        else if (!cJSON_IsFalse(c))
            return fl_fail_at(L, c, "%s: \"carry\" must be true, false or \"next_year\"%s", path,
                              "");
    }
    if (cf) {
        const char *id = fl_str(L, o, "carry_from");
        if (!id)
            return -1;
        f->carry = CARRY_FROM;
        f->carry_from = strdup(id);
        if (!f->carry_from)
            return fl_oom(L);
    }
    return 0;
}

/* "meta": "unit" | "year": the draft's unit or year is what is typed in this field. A field of
 * a table has a value per row, none for the draft: refused. In a repeated part it is that
 * instance's own (a project table's heading), not the draft's (core/draft_meta.h). */
static int load_meta(loader *L, const cJSON *o, fnode *f, const char *path)
{
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(o, "meta");
    if (!m)
        return 0;
    if (cJSON_IsString(m) && strcmp(m->valuestring, "unit") == 0)
        f->meta = FORM_META_UNIT;
    else if (cJSON_IsString(m) && strcmp(m->valuestring, "year") == 0)
        f->meta = FORM_META_YEAR;
    else
        return fl_fail_at(L, m, "%s: \"meta\" must be \"unit\" or \"year\"%s", path, "");
    for (const fnode *p = f->parent; p; p = p->parent)
        if (p->kind == N_TABLE)
            return fl_fail_at(L, m, "%s: \"meta\" names a field of a table, which has a value "
                                    "per row, not one for the draft%s", path, "");
    return 0;
}

/* Every "carry_from" below parent names a field beside it. */
static int check_carry_from(loader *L, fnode *parent)
{
    for (size_t i = 0; i < parent->nkids; i++) {
        fnode *f = parent->kids[i];
        if (f->kind != N_FIELD || f->carry != CARRY_FROM)
            continue;
        fnode *src = fnode_child(parent, f->carry_from);
        if (!src || src->kind != N_FIELD || src == f)
            return fl_fail(L, f->pos, "field %s: carry_from names '%s', which is not another "
                           "field beside it", f->id, f->carry_from);
    }
    return 0;
}

typedef struct {
    fnode *field;
    char *parent_id;
} pending_parent;

typedef struct {
    pending_parent *v;
    size_t n, cap;
} pending_list;

static int load_field(loader *L, const cJSON *o, fnode *parent, pending_list *pend)
{
    static const char *const keys[] = {
        "id", "type", "label", "help", "scale", "unit", "required", "required_when", "min",
        "max", "choices", "choices_open", "choices_by", "compute", "typed", "typed_severity",
        "accept", "default", "width", "carry", "carry_from", "copy_check", "meta", NULL};
    const char *id = fl_str(L, o, "id");
    size_t pos = id ? loc_find_kv(&L->loc, "id", id) : L->loc.cursor;
    if (!fl_valid_id(id))
        return fl_fail(L, pos, "a field needs an \"id\" of letters, digits and _ (got '%s')",
                    id ? id : "", NULL);
    char *path = NULL;
    if (asprintf(&path, "field %s", id) < 0)
        return fl_oom(L);
    int rc = -1;
    if (fl_check_keys(L, o, path, keys) != 0)
        goto out;
    if (fnode_child(parent, id)) {
        fl_fail(L, pos, "%s: the id is used twice in the same place", path, NULL);
        goto out;
    }
    fnode *f = fl_new_node(L, N_FIELD, id, parent);
    if (!f) {
        fl_oom(L);
        goto out;
    }
    f->pos = pos;
    const char *type = fl_str(L, o, "type");
    bool found = false;
    for (size_t i = 0; type && i < sizeof TYPES / sizeof TYPES[0]; i++)
        if (strcmp(TYPES[i].name, type) == 0) {
            f->type = TYPES[i].t;
            found = true;
        }
    if (!found) {
        fl_fail(L, pos, "%s: \"type\" must be one of text, paragraph, integer, decimal, money, "
                     "percent, date, phone, choice (got '%s')", path, type ? type : "");
        goto out;
    }
    if (fl_i18n(L, o, "label", &f->label, true, path) || fl_i18n(L, o, "help", &f->help, false, path))
        goto out;
    if (fl_int(L, o, "scale", 0, 12, &f->scale, path))
        goto out;
    f->unit = fl_strdup(fl_str(L, o, "unit"));
    if (!f->unit && f->type == FT_MONEY)
        f->unit = strdup("万元");
    const cJSON *req = cJSON_GetObjectItemCaseSensitive(o, "required");
    if (req) {
        if (cJSON_IsTrue(req))
            f->required = SEV_ERROR;
        else if (cJSON_IsFalse(req))
            f->required = (severity)-1;
        else if (!cJSON_IsString(req) || fl_severity(req->valuestring, &f->required) != 0 ||
                 f->required == SEV_NOTICE) {
            fl_fail_at(L, req, "%s: \"required\" must be \"error\", \"warning\", true or false",
                       path, NULL);
            goto out;
        }
    }
    char *what = NULL;
    const char *rw = fl_str(L, o, "required_when");
    if (rw) {
        if (asprintf(&what, "%s: required_when", path) < 0 ||
            !(f->required_when = fl_parse_expr(L, rw, what)) ||
            fl_add_site(L, f->required_when, parent, L->loc.cursor, what, f, -1)) {
            free(what);
            goto out;
        }
        free(what);
        if ((int)f->required < 0)
            f->required = SEV_ERROR;
    }
    if (fl_dec(L, o, "min", &f->min, &f->has_min, path) ||
        fl_dec(L, o, "max", &f->max, &f->has_max, path))
        goto out;
    const cJSON *ch = cJSON_GetObjectItemCaseSensitive(o, "choices");
    if (ch && parse_choice_list(L, ch, &f->choices, &f->nchoices, path))
        goto out;
    if (fl_bool(L, o, "choices_open", &f->choices_open))
        goto out;
    const cJSON *cb = cJSON_GetObjectItemCaseSensitive(o, "choices_by");
    if (cb) {
        static const char *const cbkeys[] = {"field", "map", NULL};
        if (fl_check_keys(L, cb, path, cbkeys))
            goto out;
        const char *pf = fl_str(L, cb, "field");
        const cJSON *map = cJSON_GetObjectItemCaseSensitive(cb, "map");
        if (!pf || !cJSON_IsObject(map)) {
            fl_fail_at(L, cb, "%s: \"choices_by\" needs \"field\" and \"map\"", path, NULL);
            goto out;
        }
        size_t nk = (size_t)cJSON_GetArraySize(map);
        f->choices_keys = calloc(nk ? nk : 1, sizeof *f->choices_keys);
        f->choices_by = calloc(nk ? nk : 1, sizeof *f->choices_by);
        f->nchoices_by = calloc(nk ? nk : 1, sizeof *f->nchoices_by);
        if (!f->choices_keys || !f->choices_by || !f->nchoices_by) {
            fl_oom(L);
            goto out;
        }
        for (const cJSON *k = map->child; k; k = k->next) {
            size_t i = f->nchoices_keys++;
            f->choices_keys[i] = fl_strdup(k->string);
            if (!f->choices_keys[i] ||
                parse_choice_list(L, k, &f->choices_by[i], &f->nchoices_by[i], path))
                goto out;
        }
        if (pend->n == pend->cap) {
            size_t nc = pend->cap ? pend->cap * 2 : 8;
            pending_parent *v = realloc(pend->v, nc * sizeof *v);
            if (!v) {
                fl_oom(L);
                goto out;
            }
            pend->v = v;
            pend->cap = nc;
        }
        pend->v[pend->n].field = f;
        pend->v[pend->n].parent_id = fl_strdup(pf);
        if (!pend->v[pend->n++].parent_id) {
            fl_oom(L);
            goto out;
        }
    }
    const char *comp = fl_str(L, o, "compute");
    if (comp) {
        if (asprintf(&what, "%s: compute", path) < 0 || !(f->compute = fl_parse_expr(L, comp, what)) ||
            fl_add_site(L, f->compute, parent, L->loc.cursor, what, f, -1)) {
            free(what);
            goto out;
        }
        free(what);
    }
    const char *typed = fl_str(L, o, "typed");
    if (typed) {
        if (!f->compute) {
            fl_fail(L, pos, "%s: \"typed\" is only for computed fields", path, NULL);
            goto out;
        }
        if (strcmp(typed, "compare") == 0)
            f->typed = TYPED_COMPARE;
        else if (strcmp(typed, "override") == 0)
            f->typed = TYPED_OVERRIDE;
        else {
            fl_fail(L, pos, "%s: \"typed\" must be \"compare\" or \"override\"", path, NULL);
            goto out;
        }
    }
    f->typed_sev = SEV_ERROR;
    const char *tsev = fl_str(L, o, "typed_severity");
    if (tsev && fl_severity(tsev, &f->typed_sev) != 0) {
        fl_fail_at(L, cJSON_GetObjectItemCaseSensitive(o, "typed_severity"), "%s: \"typed_severity\" must be error, warning or notice", path, NULL);
        goto out;
    }
    const cJSON *acc = cJSON_GetObjectItemCaseSensitive(o, "accept");
    if (acc) {
        if (!cJSON_IsArray(acc) || cJSON_GetArraySize(acc) != 2 ||
            !cJSON_IsString(acc->child) || !cJSON_IsString(acc->child->next)) {
            fl_fail_at(L, acc, "%s: \"accept\" must be [lo, hi], two expressions", path, NULL);
            goto out;
        }
        if (asprintf(&what, "%s: accept", path) < 0 ||
            !(f->accept_lo = fl_parse_expr(L, acc->child->valuestring, what)) ||
            fl_add_site(L, f->accept_lo, parent, L->loc.cursor, what, f, -1) ||
            !(f->accept_hi = fl_parse_expr(L, acc->child->next->valuestring, what)) ||
            fl_add_site(L, f->accept_hi, parent, L->loc.cursor, what, f, -1)) {
            free(what);
            goto out;
        }
        free(what);
    }
    f->default_text = fl_strdup(fl_str(L, o, "default"));
    if (fl_int(L, o, "width", 1, 199, &f->width, path))
        goto out;
    if (fl_int(L, o, "copy_check", 1, 100000, &f->copy_check, path))
        goto out;
    if (load_carry(L, o, f, path) || load_meta(L, o, f, path))
        goto out;
    rc = *L->err ? -1 : 0;
out:
    free(path);
    return rc;
}

/* Dependent choices name a sibling field: resolve once all siblings are loaded. */
static int resolve_pending(loader *L, pending_list *pend)
{
    int rc = 0;
    for (size_t i = 0; i < pend->n; i++) {
        fnode *f = pend->v[i].field;
        fnode *p = fnode_child(f->parent, pend->v[i].parent_id);
        if (!p && rc == 0)
            rc = fl_fail(L, f->pos, "field %s: choices_by names '%s', which is not a field beside it",
                      f->id, pend->v[i].parent_id);
        f->choices_parent = p;
        free(pend->v[i].parent_id);
    }
    free(pend->v);
    pend->v = NULL;
    pend->n = pend->cap = 0;
    return rc;
}

static int load_fields(loader *L, const cJSON *arr, fnode *parent, const char *what)
{
    if (!cJSON_IsArray(arr))
        return fl_fail(L, L->loc.cursor, "%s: expected a list of fields", what, NULL);
    pending_list pend = {0};
    int rc = 0;
    for (const cJSON *c = arr->child; c && rc == 0; c = c->next) {
        if (!cJSON_IsObject(c))
            rc = fl_fail(L, L->loc.cursor, "%s: every field must be an object", what, NULL);
        else
            rc = load_field(L, c, parent, &pend);
    }
    int rc2 = resolve_pending(L, &pend);
    if (rc == 0 && rc2 == 0)
        rc2 = check_carry_from(L, parent);
    return rc ? rc : rc2;
}

/* ---- tables, groups, sections ---- */

/* "hidden_columns": ["level2"] — the columns a variant of the printed table does not have
 * (some departments print 一级 / 三级 only). Each must name a column of the table; at least
 * one column stays. */
static int load_hidden(loader *L, const cJSON *list, fnode *t)
{
    if (!list)
        return 0;
    if (!cJSON_IsArray(list))
        return fl_fail_at(L, list, "table %s: \"hidden_columns\" is a list of column ids, such "
                                   "as [\"level2\"]%s", t->id, "");
    size_t shown = 0;
    for (size_t i = 0; i < t->nkids; i++)
        shown += t->kids[i]->kind == N_FIELD;
    for (const cJSON *c = list->child; c; c = c->next) {
        fnode *col = cJSON_IsString(c) ? fnode_child(t, c->valuestring) : NULL;
        if (!col || col->kind != N_FIELD)
            return fl_fail_at(L, c, "table %s: \"hidden_columns\": '%s' is not a column of "
                                    "this table", t->id, cJSON_IsString(c) ? c->valuestring : "?");
        if (!col->hidden) {
            col->hidden = true;
            shown--;
        }
    }
    if (shown == 0)
        return fl_fail_at(L, list, "table %s: \"hidden_columns\" hides every column: leave "
                                   "at least one%s", t->id, "");
    return 0;
}

static int load_table(loader *L, const cJSON *o, fnode *parent, bool as_section)
{
    static const char *const keys[] = {"id",       "table",    "label",      "title", "help",
                                       "min_rows", "max_rows", "row_prefix", "columns",
                                       "hidden_columns", NULL};
    const char *id = fl_str(L, o, "id");
    size_t pos = id ? loc_find_kv(&L->loc, "id", id) : L->loc.cursor;
    if (!fl_valid_id(id))
        return fl_fail(L, pos, "a table needs an \"id\" (got '%s')", id ? id : "", NULL);
    if (fnode_child(parent, id))
        return fl_fail(L, pos, "table %s: the id is used twice in the same place", id, NULL);
    if (fl_check_keys(L, o, "table", keys))
        return -1;
    fnode *t = fl_new_node(L, N_TABLE, id, parent);
    if (!t)
        return fl_oom(L);
    t->pos = pos;
    /* a table that is a section has a title like other sections; one inside a section, a label
     * like other items: the other key would be read by nothing */
    const char *unused = as_section ? "label" : "title";
    if (cJSON_GetObjectItemCaseSensitive(o, unused))
        return fl_fail(L, fl_at(L, cJSON_GetObjectItemCaseSensitive(o, unused), true),
                       "table %s: \"%s\" is not read here: a table that is a section has a "
                       "\"title\", a table inside a section a \"label\"", id, unused);
    if (fl_i18n(L, o, as_section ? "title" : "label", &t->label, true, id) ||
        fl_i18n(L, o, "help", &t->help, false, id))
        return -1;
    if (fl_int(L, o, "min_rows", 0, FORM_MAX_ROWS, &t->min_rows, id) ||
        fl_int(L, o, "max_rows", 0, FORM_MAX_ROWS, &t->max_rows, id))
        return -1;
    if (t->max_rows && t->min_rows > t->max_rows)
        return fl_fail_at(L, cJSON_GetObjectItemCaseSensitive(o, "min_rows"),
                          "%s: \"min_rows\" is more than \"max_rows\"%s", id, "");
    if (fl_row_prefix(L, o, "r", &t->row_prefix, id))
        return -1;
    if (load_fields(L, cJSON_GetObjectItemCaseSensitive(o, "columns"), t, id))
        return -1;
    return load_hidden(L, cJSON_GetObjectItemCaseSensitive(o, "hidden_columns"), t);
}

/* A grid group instantiates the section's column templates (copies, one per group). */
static int load_group(loader *L, const cJSON *o, fnode *sec, const cJSON *templates)
{
    static const char *const keys[] = {"id", "group", "label", "help", "indent", "items", NULL};
    const char *id = fl_str(L, o, "id");
    size_t pos = id ? loc_find_kv(&L->loc, "id", id) : L->loc.cursor;
    if (!fl_valid_id(id))
        return fl_fail(L, pos, "a group needs an \"id\" (got '%s')", id ? id : "", NULL);
    if (fnode_child(sec, id))
        return fl_fail(L, pos, "group %s: the id is used twice in the same place", id, NULL);
    if (fl_check_keys(L, o, "group", keys))
        return -1;
    fnode *g = fl_new_node(L, N_GROUP, id, sec);
    if (!g)
        return fl_oom(L);
    g->pos = pos;
    if (fl_i18n(L, o, "label", &g->label, true, id) || fl_i18n(L, o, "help", &g->help, false, id))
        return -1;
    if (fl_int(L, o, "indent", 0, 7, &g->indent, id))
        return -1;
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(o, "items");
    if (items)
        return load_fields(L, items, g, id);
    if (!templates)
        return fl_fail(L, pos, "group %s: needs \"items\", or a section with \"columns\"", id, NULL);
    /* The templates' expressions are parsed once per group: move the locator back so their
     * positions are found again. */
    size_t saved = L->loc.cursor;
    L->loc.cursor = 0;
    int rc = load_fields(L, templates, g, id);
    L->loc.cursor = saved;
    return rc;
}

int fl_load_section(loader *L, const cJSON *o, fnode *parent)
{
    bool is_table = false;
    if (fl_bool(L, o, "table", &is_table))
        return -1;
    if (is_table)
        return load_table(L, o, parent, true);
    static const char *const keys[] = {"id", "title", "help", "items", "columns", NULL};
    const char *id = fl_str(L, o, "id");
    size_t pos = id ? loc_find_kv(&L->loc, "id", id) : L->loc.cursor;
    if (!fl_valid_id(id))
        return fl_fail(L, pos, "a section needs an \"id\" (got '%s')", id ? id : "", NULL);
    if (fnode_child(parent, id))
        return fl_fail(L, pos, "section %s: the id is used twice", id, NULL);
    if (fl_check_keys(L, o, "section", keys))
        return -1;
    fnode *s = fl_new_node(L, N_SECTION, id, parent);
    if (!s)
        return fl_oom(L);
    s->pos = pos;
    if (fl_i18n(L, o, "title", &s->label, true, id) || fl_i18n(L, o, "help", &s->help, false, id))
        return -1;
    const cJSON *templates = cJSON_GetObjectItemCaseSensitive(o, "columns");
    if (templates && !cJSON_IsArray(templates))
        return fl_fail(L, pos, "section %s: \"columns\" must be a list of fields", id, NULL);
    s->grid = templates != NULL;
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(o, "items");
    if (!cJSON_IsArray(items))
        return fl_fail(L, pos, "section %s: \"items\" must be a list", id, NULL);
    pending_list pend = {0};
    int rc = 0;
    for (const cJSON *it = items->child; it && rc == 0; it = it->next) {
        bool is_t = false, is_g = false;
        if (!cJSON_IsObject(it))
            rc = fl_fail_at(L, it, "section %s: every item must be an object", id, NULL);
        else if (fl_bool(L, it, "table", &is_t) || fl_bool(L, it, "group", &is_g))
            rc = -1;
        else if (is_t)
            rc = load_table(L, it, s, false);
        else if (is_g)
            rc = load_group(L, it, s, templates);
        else
            rc = load_field(L, it, s, &pend);
    }
    int rc2 = resolve_pending(L, &pend);
    if (rc == 0 && rc2 == 0)
        rc2 = check_carry_from(L, s);
    return rc ? rc : rc2;
}
