/* Loading a form definition (docs/form-format.md) from JSON text into the node tree.
 * Every problem refuses the whole form with the file, line, column and what is wrong: a form
 * that half-loads would compute wrong scores without saying so. */
#include "form_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_INCLUDE_DEPTH 4

typedef struct {
    form *top;                 /* the form being built (owns all nodes) */
    form *self;                /* the file being read (top, or an included form) */
    form_build *b;
    form_locator loc;
    form_source_fn src;
    void *src_ctx;
    char **err;
    int depth;
} loader;

/* ---- small helpers ---- */

static char *xstrdup(const char *s)
{
    return s ? strdup(s) : NULL;
}

static int fail(loader *L, size_t pos, const char *fmt, const char *a, const char *b2)
{
    if (*L->err)
        return -1;
    *L->err = loc_message(L->self->file, L->loc.buf, L->loc.len, pos, fmt, a ? a : "",
                          b2 ? b2 : "");
    return -1;
}

static int oom(loader *L)
{
    if (!*L->err)
        *L->err = strdup("out of memory while loading the form");
    return -1;
}

static const char *get_str(const cJSON *o, const char *key)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(it) ? it->valuestring : NULL;
}

static bool valid_id(const char *s)
{
    if (!s || !*s)
        return false;
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_'))
        return false;
    for (const char *p = s + 1; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '_'))
            return false;
    return true;
}

/* Refuses keys the format does not know: a misspelt "requried" must not silently do nothing. */
static int check_keys(loader *L, const cJSON *o, const char *what, const char *const *allowed)
{
    if (!cJSON_IsObject(o))
        return fail(L, L->loc.cursor, "%s: expected an object {…}%s", what, "");
    for (const cJSON *it = o->child; it; it = it->next) {
        bool ok = false;
        for (const char *const *a = allowed; *a; a++)
            if (strcmp(*a, it->string) == 0)
                ok = true;
        if (!ok) {
            size_t pos = loc_find_string(&L->loc, it->string);
            return fail(L, pos, "%s: unknown key '%s'", what, it->string);
        }
    }
    return 0;
}

static int get_i18n(loader *L, const cJSON *o, const char *key, i18n *out, bool required,
                    const char *what)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!it) {
        if (required)
            return fail(L, L->loc.cursor, "%s: missing \"%s\"", what, key);
        return 0;
    }
    if (cJSON_IsString(it)) {
        out->zh = xstrdup(it->valuestring);
        out->en = xstrdup(it->valuestring);
    } else if (cJSON_IsObject(it)) {
        const char *zh = get_str(it, "zh"), *en = get_str(it, "en");
        if (!zh && !en)
            return fail(L, L->loc.cursor, "%s: \"%s\" needs \"zh\" and \"en\" texts", what, key);
        out->zh = xstrdup(zh ? zh : en);
        out->en = xstrdup(en ? en : zh);
    } else {
        return fail(L, L->loc.cursor, "%s: \"%s\" must be a text or {\"zh\", \"en\"}", what, key);
    }
    if (!out->zh || !out->en)
        return oom(L);
    return 0;
}

static int get_dec(loader *L, const cJSON *o, const char *key, dec_t *out, bool *has,
                   const char *what)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, key);
    if (has)
        *has = false;
    if (!it)
        return 0;
    if (!cJSON_IsString(it) ||
        dec_parse(it->valuestring, strlen(it->valuestring), out) != DEC_OK) {
        size_t pos = loc_find_string(&L->loc, key);
        return fail(L, pos, "%s: \"%s\" must be a decimal number written as text, e.g. \"10\"",
                    what, key);
    }
    if (has)
        *has = true;
    return 0;
}

static int parse_severity(const char *s, severity *out)
{
    if (!s)
        return -1;
    if (strcmp(s, "error") == 0)
        *out = SEV_ERROR;
    else if (strcmp(s, "warning") == 0)
        *out = SEV_WARNING;
    else if (strcmp(s, "notice") == 0)
        *out = SEV_NOTICE;
    else
        return -1;
    return 0;
}

static fnode *new_node(loader *L, node_kind k, const char *id, fnode *parent)
{
    fnode *n = calloc(1, sizeof *n);
    if (!n)
        return NULL;
    n->kind = k;
    n->id = xstrdup(id);
    n->parent = parent;
    n->scale = -1;
    n->required = (severity)-1;
    n->origin = L->self;
    n->pos = L->loc.cursor;
    if (!n->id || form_register_node(L->top, n) != 0) {
        free(n->id);
        free(n);
        return NULL;
    }
    if (parent) {
        fnode **k2 = realloc(parent->kids, (parent->nkids + 1) * sizeof *k2);
        if (!k2)
            return NULL; /* registered: freed with the form */
        parent->kids = k2;
        parent->kids[parent->nkids++] = n;
    }
    return n;
}

static int add_site(loader *L, expr *e, fnode *scope, size_t pos, const char *what,
                    fnode *owner, int rule)
{
    form_expr_site s = {0};
    s.e = e;
    s.scope = scope;
    s.origin = L->self;
    s.origin_buf = L->loc.buf;
    s.origin_len = L->loc.len;
    s.pos = pos;
    s.what = strdup(what);
    s.owner_field = owner;
    s.owner_rule = rule;
    if (!s.what || form_build_add_site(L->b, &s) != 0) {
        free(s.what);
        return oom(L);
    }
    return 0;
}

/* Parses an expression held in a JSON string; positions in messages point into the file. */
static expr *parse_expr(loader *L, const char *src, const char *what)
{
    size_t pos = loc_find_string(&L->loc, src);
    char *perr = NULL;
    size_t epos = 0;
    expr *e = expr_parse(src, strlen(src), &perr, &epos);
    if (!e) {
        /* +1 for the opening quote; exact unless the expression has escapes before it */
        fail(L, pos + 1 + epos, "%s: %s", what, perr ? perr : "syntax error");
        free(perr);
        return NULL;
    }
    return e;
}

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
        return fail(L, L->loc.cursor, "%s: choices must be a list", what, NULL);
    size_t cnt = (size_t)cJSON_GetArraySize(arr);
    *out = calloc(cnt ? cnt : 1, sizeof **out);
    if (!*out)
        return oom(L);
    *n = 0;
    for (const cJSON *c = arr->child; c; c = c->next) {
        form_choice *fc = &(*out)[(*n)++];
        if (cJSON_IsString(c)) {
            fc->value = xstrdup(c->valuestring);
        } else if (cJSON_IsObject(c) && get_str(c, "value")) {
            fc->value = xstrdup(get_str(c, "value"));
            fc->en = xstrdup(get_str(c, "en"));
        } else {
            return fail(L, L->loc.cursor, "%s: a choice must be a text or {\"value\", \"en\"}",
                        what, NULL);
        }
        if (!fc->value)
            return oom(L);
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
        "accept", "default", "width", NULL};
    const char *id = get_str(o, "id");
    size_t pos = id ? loc_find_kv(&L->loc, "id", id) : L->loc.cursor;
    if (!valid_id(id))
        return fail(L, pos, "a field needs an \"id\" of letters, digits and _ (got '%s')",
                    id ? id : "", NULL);
    char *path = NULL;
    if (asprintf(&path, "field %s", id) < 0)
        return oom(L);
    int rc = -1;
    if (check_keys(L, o, path, keys) != 0)
        goto out;
    if (fnode_child(parent, id)) {
        fail(L, pos, "%s: the id is used twice in the same place", path, NULL);
        goto out;
    }
    fnode *f = new_node(L, N_FIELD, id, parent);
    if (!f) {
        oom(L);
        goto out;
    }
    f->pos = pos;
    const char *type = get_str(o, "type");
    bool found = false;
    for (size_t i = 0; type && i < sizeof TYPES / sizeof TYPES[0]; i++)
        if (strcmp(TYPES[i].name, type) == 0) {
            f->type = TYPES[i].t;
            found = true;
        }
    if (!found) {
        fail(L, pos, "%s: \"type\" must be one of text, paragraph, integer, decimal, money, "
                     "percent, date, phone, choice (got '%s')", path, type ? type : "");
        goto out;
    }
    if (get_i18n(L, o, "label", &f->label, true, path) || get_i18n(L, o, "help", &f->help, false, path))
        goto out;
    const cJSON *sc = cJSON_GetObjectItemCaseSensitive(o, "scale");
    if (sc) {
        if (!cJSON_IsNumber(sc) || sc->valueint < 0 || sc->valueint > 12 ||
            (double)sc->valueint != sc->valuedouble) {
            fail(L, pos, "%s: \"scale\" must be a whole number from 0 to 12", path, NULL);
            goto out;
        }
        f->scale = sc->valueint;
    }
    f->unit = xstrdup(get_str(o, "unit"));
    if (!f->unit && f->type == FT_MONEY)
        f->unit = strdup("万元");
    const cJSON *req = cJSON_GetObjectItemCaseSensitive(o, "required");
    if (req) {
        if (cJSON_IsTrue(req))
            f->required = SEV_ERROR;
        else if (cJSON_IsFalse(req))
            f->required = (severity)-1;
        else if (!cJSON_IsString(req) || parse_severity(req->valuestring, &f->required) != 0 ||
                 f->required == SEV_NOTICE) {
            fail(L, pos, "%s: \"required\" must be \"error\", \"warning\", true or false", path, NULL);
            goto out;
        }
    }
    char *what = NULL;
    const char *rw = get_str(o, "required_when");
    if (rw) {
        if (asprintf(&what, "%s: required_when", path) < 0 ||
            !(f->required_when = parse_expr(L, rw, what)) ||
            add_site(L, f->required_when, parent, L->loc.cursor, what, f, -1)) {
            free(what);
            goto out;
        }
        free(what);
        if ((int)f->required < 0)
            f->required = SEV_ERROR;
    }
    if (get_dec(L, o, "min", &f->min, &f->has_min, path) ||
        get_dec(L, o, "max", &f->max, &f->has_max, path))
        goto out;
    const cJSON *ch = cJSON_GetObjectItemCaseSensitive(o, "choices");
    if (ch && parse_choice_list(L, ch, &f->choices, &f->nchoices, path))
        goto out;
    f->choices_open = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "choices_open"));
    const cJSON *cb = cJSON_GetObjectItemCaseSensitive(o, "choices_by");
    if (cb) {
        const char *pf = get_str(cb, "field");
        const cJSON *map = cJSON_GetObjectItemCaseSensitive(cb, "map");
        if (!pf || !cJSON_IsObject(map)) {
            fail(L, pos, "%s: \"choices_by\" needs \"field\" and \"map\"", path, NULL);
            goto out;
        }
        size_t nk = (size_t)cJSON_GetArraySize(map);
        f->choices_keys = calloc(nk ? nk : 1, sizeof *f->choices_keys);
        f->choices_by = calloc(nk ? nk : 1, sizeof *f->choices_by);
        f->nchoices_by = calloc(nk ? nk : 1, sizeof *f->nchoices_by);
        if (!f->choices_keys || !f->choices_by || !f->nchoices_by) {
            oom(L);
            goto out;
        }
        for (const cJSON *k = map->child; k; k = k->next) {
            size_t i = f->nchoices_keys++;
            f->choices_keys[i] = xstrdup(k->string);
            if (!f->choices_keys[i] ||
                parse_choice_list(L, k, &f->choices_by[i], &f->nchoices_by[i], path))
                goto out;
        }
        if (pend->n == pend->cap) {
            size_t nc = pend->cap ? pend->cap * 2 : 8;
            pending_parent *v = realloc(pend->v, nc * sizeof *v);
            if (!v) {
                oom(L);
                goto out;
            }
            pend->v = v;
            pend->cap = nc;
        }
        pend->v[pend->n].field = f;
        pend->v[pend->n].parent_id = xstrdup(pf);
        if (!pend->v[pend->n++].parent_id) {
            oom(L);
            goto out;
        }
    }
    const char *comp = get_str(o, "compute");
    if (comp) {
        if (asprintf(&what, "%s: compute", path) < 0 || !(f->compute = parse_expr(L, comp, what)) ||
            add_site(L, f->compute, parent, L->loc.cursor, what, f, -1)) {
            free(what);
            goto out;
        }
        free(what);
    }
    const char *typed = get_str(o, "typed");
    if (typed) {
        if (!f->compute) {
            fail(L, pos, "%s: \"typed\" is only for computed fields", path, NULL);
            goto out;
        }
        if (strcmp(typed, "compare") == 0)
            f->typed = TYPED_COMPARE;
        else if (strcmp(typed, "override") == 0)
            f->typed = TYPED_OVERRIDE;
        else {
            fail(L, pos, "%s: \"typed\" must be \"compare\" or \"override\"", path, NULL);
            goto out;
        }
    }
    f->typed_sev = SEV_ERROR;
    const char *tsev = get_str(o, "typed_severity");
    if (tsev && parse_severity(tsev, &f->typed_sev) != 0) {
        fail(L, pos, "%s: \"typed_severity\" must be error, warning or notice", path, NULL);
        goto out;
    }
    const cJSON *acc = cJSON_GetObjectItemCaseSensitive(o, "accept");
    if (acc) {
        if (!cJSON_IsArray(acc) || cJSON_GetArraySize(acc) != 2 ||
            !cJSON_IsString(acc->child) || !cJSON_IsString(acc->child->next)) {
            fail(L, pos, "%s: \"accept\" must be [lo, hi], two expressions", path, NULL);
            goto out;
        }
        if (asprintf(&what, "%s: accept", path) < 0 ||
            !(f->accept_lo = parse_expr(L, acc->child->valuestring, what)) ||
            add_site(L, f->accept_lo, parent, L->loc.cursor, what, f, -1) ||
            !(f->accept_hi = parse_expr(L, acc->child->next->valuestring, what)) ||
            add_site(L, f->accept_hi, parent, L->loc.cursor, what, f, -1)) {
            free(what);
            goto out;
        }
        free(what);
    }
    f->default_text = xstrdup(get_str(o, "default"));
    const cJSON *w = cJSON_GetObjectItemCaseSensitive(o, "width");
    if (w && cJSON_IsNumber(w) && w->valueint > 0 && w->valueint < 200)
        f->width = w->valueint;
    rc = 0;
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
            rc = fail(L, f->pos, "field %s: choices_by names '%s', which is not a field beside it",
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
        return fail(L, L->loc.cursor, "%s: expected a list of fields", what, NULL);
    pending_list pend = {0};
    int rc = 0;
    for (const cJSON *c = arr->child; c && rc == 0; c = c->next) {
        if (!cJSON_IsObject(c))
            rc = fail(L, L->loc.cursor, "%s: every field must be an object", what, NULL);
        else
            rc = load_field(L, c, parent, &pend);
    }
    int rc2 = resolve_pending(L, &pend);
    return rc ? rc : rc2;
}

/* ---- tables, groups, sections ---- */

static int load_table(loader *L, const cJSON *o, fnode *parent, bool as_section)
{
    static const char *const keys[] = {"id",       "table",    "label",      "title", "help",
                                       "min_rows", "max_rows", "row_prefix", "columns", NULL};
    const char *id = get_str(o, "id");
    size_t pos = id ? loc_find_kv(&L->loc, "id", id) : L->loc.cursor;
    if (!valid_id(id))
        return fail(L, pos, "a table needs an \"id\" (got '%s')", id ? id : "", NULL);
    if (fnode_child(parent, id))
        return fail(L, pos, "table %s: the id is used twice in the same place", id, NULL);
    if (check_keys(L, o, "table", keys))
        return -1;
    fnode *t = new_node(L, N_TABLE, id, parent);
    if (!t)
        return oom(L);
    t->pos = pos;
    if (get_i18n(L, o, as_section ? "title" : "label", &t->label, true, id) ||
        get_i18n(L, o, "help", &t->help, false, id))
        return -1;
    const cJSON *mn = cJSON_GetObjectItemCaseSensitive(o, "min_rows");
    const cJSON *mx = cJSON_GetObjectItemCaseSensitive(o, "max_rows");
    t->min_rows = cJSON_IsNumber(mn) && mn->valueint > 0 ? mn->valueint : 0;
    t->max_rows = cJSON_IsNumber(mx) && mx->valueint > 0 ? mx->valueint : 0;
    const char *pre = get_str(o, "row_prefix");
    t->row_prefix = strdup(pre && valid_id(pre) ? pre : "r");
    if (!t->row_prefix)
        return oom(L);
    return load_fields(L, cJSON_GetObjectItemCaseSensitive(o, "columns"), t, id);
}

/* A grid group instantiates the section's column templates (copies, one per group). */
static int load_group(loader *L, const cJSON *o, fnode *sec, const cJSON *templates)
{
    static const char *const keys[] = {"id", "group", "label", "help", "indent", "items", NULL};
    const char *id = get_str(o, "id");
    size_t pos = id ? loc_find_kv(&L->loc, "id", id) : L->loc.cursor;
    if (!valid_id(id))
        return fail(L, pos, "a group needs an \"id\" (got '%s')", id ? id : "", NULL);
    if (fnode_child(sec, id))
        return fail(L, pos, "group %s: the id is used twice in the same place", id, NULL);
    if (check_keys(L, o, "group", keys))
        return -1;
    fnode *g = new_node(L, N_GROUP, id, sec);
    if (!g)
        return oom(L);
    g->pos = pos;
    if (get_i18n(L, o, "label", &g->label, true, id) || get_i18n(L, o, "help", &g->help, false, id))
        return -1;
    const cJSON *ind = cJSON_GetObjectItemCaseSensitive(o, "indent");
    g->indent = cJSON_IsNumber(ind) && ind->valueint > 0 && ind->valueint < 8 ? ind->valueint : 0;
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(o, "items");
    if (items)
        return load_fields(L, items, g, id);
    if (!templates)
        return fail(L, pos, "group %s: needs \"items\", or a section with \"columns\"", id, NULL);
    /* The templates' expressions are parsed once per group: move the locator back so their
     * positions are found again. */
    size_t saved = L->loc.cursor;
    L->loc.cursor = 0;
    int rc = load_fields(L, templates, g, id);
    L->loc.cursor = saved;
    return rc;
}

static int load_section(loader *L, const cJSON *o, fnode *parent)
{
    if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "table")))
        return load_table(L, o, parent, true);
    static const char *const keys[] = {"id", "title", "help", "items", "columns", NULL};
    const char *id = get_str(o, "id");
    size_t pos = id ? loc_find_kv(&L->loc, "id", id) : L->loc.cursor;
    if (!valid_id(id))
        return fail(L, pos, "a section needs an \"id\" (got '%s')", id ? id : "", NULL);
    if (fnode_child(parent, id))
        return fail(L, pos, "section %s: the id is used twice", id, NULL);
    if (check_keys(L, o, "section", keys))
        return -1;
    fnode *s = new_node(L, N_SECTION, id, parent);
    if (!s)
        return oom(L);
    s->pos = pos;
    if (get_i18n(L, o, "title", &s->label, true, id) || get_i18n(L, o, "help", &s->help, false, id))
        return -1;
    const cJSON *templates = cJSON_GetObjectItemCaseSensitive(o, "columns");
    if (templates && !cJSON_IsArray(templates))
        return fail(L, pos, "section %s: \"columns\" must be a list of fields", id, NULL);
    s->grid = templates != NULL;
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(o, "items");
    if (!cJSON_IsArray(items))
        return fail(L, pos, "section %s: \"items\" must be a list", id, NULL);
    pending_list pend = {0};
    int rc = 0;
    for (const cJSON *it = items->child; it && rc == 0; it = it->next) {
        if (!cJSON_IsObject(it))
            rc = fail(L, pos, "section %s: every item must be an object", id, NULL);
        else if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, "table")))
            rc = load_table(L, it, s, false);
        else if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, "group")))
            rc = load_group(L, it, s, templates);
        else
            rc = load_field(L, it, s, &pend);
    }
    int rc2 = resolve_pending(L, &pend);
    return rc ? rc : rc2;
}

/* ---- settings ---- */

static int load_settings(loader *L, const cJSON *o)
{
    form *f = L->self;
    ind_settings_default(&f->ind);
    static const char *const dgr[][2] = {{"优", "90"}, {"良", "80"}, {"中", "60"}, {"差", "0"}};
    if (!o) {
        f->grades = calloc(4, sizeof *f->grades);
        if (!f->grades)
            return oom(L);
        for (int i = 0; i < 4; i++) {
            f->grades[i].name = strdup(dgr[i][0]);
            f->grades[i].label.zh = strdup(dgr[i][0]);
            f->grades[i].label.en = strdup(dgr[i][0]);
            dec_parse(dgr[i][1], strlen(dgr[i][1]), &f->grades[i].min);
            if (!f->grades[i].name || !f->grades[i].label.zh || !f->grades[i].label.en)
                return oom(L);
        }
        f->ngrades = 4;
        return 0;
    }
    static const char *const keys[] = {"reverse_rule", "tiers", "overcompletion", "grades", NULL};
    if (check_keys(L, o, "settings", keys))
        return -1;
    const char *rr = get_str(o, "reverse_rule");
    if (rr) {
        if (strcmp(rr, "ratio") == 0)
            f->ind.reverse = REVERSE_RATIO;
        else if (strcmp(rr, "linear") == 0)
            f->ind.reverse = REVERSE_LINEAR;
        else
            return fail(L, loc_find_kv(&L->loc, "reverse_rule", rr),
                        "settings: reverse_rule must be \"ratio\" or \"linear\" (got '%s')%s", rr, "");
    }
    if (get_dec(L, o, "overcompletion", &f->ind.overcompletion, NULL, "settings"))
        return -1;
    const cJSON *tiers = cJSON_GetObjectItemCaseSensitive(o, "tiers");
    if (tiers) {
        if (!cJSON_IsArray(tiers) || cJSON_GetArraySize(tiers) != 3)
            return fail(L, L->loc.cursor, "settings: \"tiers\" must list three tiers, best first%s%s",
                        "", "");
        int i = 0;
        for (const cJSON *t = tiers->child; t; t = t->next, i++) {
            const char *name = get_str(t, "name");
            if (!name)
                return fail(L, L->loc.cursor, "settings: every tier needs a \"name\"%s%s", "", "");
            /* the tier names live as long as the form: keep a copy in the form's strings */
            char *nm = strdup(name);
            if (!nm)
                return oom(L);
            free(f->tier_names[i]);
            f->tier_names[i] = nm;
            f->ind.tiers[i].name = nm;
            if (get_dec(L, t, "lo", &f->ind.tiers[i].lo, NULL, "settings: tier") ||
                get_dec(L, t, "hi", &f->ind.tiers[i].hi, NULL, "settings: tier"))
                return -1;
        }
    }
    const cJSON *grades = cJSON_GetObjectItemCaseSensitive(o, "grades");
    if (!grades)
        return load_settings(L, NULL) == 0 ? 0 : -1;
    if (!cJSON_IsArray(grades) || cJSON_GetArraySize(grades) < 1)
        return fail(L, L->loc.cursor, "settings: \"grades\" must be a list%s%s", "", "");
    size_t n = (size_t)cJSON_GetArraySize(grades);
    f->grades = calloc(n, sizeof *f->grades);
    if (!f->grades)
        return oom(L);
    for (const cJSON *g = grades->child; g; g = g->next) {
        form_grade *fg = &f->grades[f->ngrades++];
        const char *name = get_str(g, "name");
        if (!name)
            return fail(L, L->loc.cursor, "settings: every grade needs a \"name\"%s%s", "", "");
        fg->name = strdup(name);
        if (!fg->name)
            return oom(L);
        if (get_i18n(L, g, "label", &fg->label, false, "settings: grade"))
            return -1;
        if (!fg->label.zh) {
            fg->label.zh = strdup(name);
            fg->label.en = strdup(name);
        }
        bool has = false;
        if (get_dec(L, g, "min", &fg->min, &has, "settings: grade"))
            return -1;
        if (!has)
            return fail(L, L->loc.cursor, "settings: grade %s needs \"min\"%s", name, "");
        if (f->ngrades > 1 && dec_cmp(fg->min, f->grades[f->ngrades - 2].min) >= 0)
            return fail(L, L->loc.cursor, "settings: grades must go from best to worst (%s)%s",
                        name, "");
    }
    return 0;
}

/* ---- rules ---- */

/* Replaces every variable of a "for" expansion in s (longest names first). */
static char *expand_vars(const char *s, char **names, char **vals, size_t nvars)
{
    size_t cap = strlen(s) * 2 + 64, len = 0;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    for (const char *p = s; *p;) {
        size_t best = (size_t)-1, blen = 0;
        for (size_t i = 0; i < nvars; i++) {
            size_t nl = strlen(names[i]);
            if (nl > blen && strncmp(p, names[i], nl) == 0) {
                best = i;
                blen = nl;
            }
        }
        const char *add = best != (size_t)-1 ? vals[best] : p;
        size_t alen = best != (size_t)-1 ? strlen(vals[best]) : 1;
        if (len + alen + 1 > cap) {
            cap = (len + alen + 1) * 2;
            char *o2 = realloc(out, cap);
            if (!o2) {
                free(out);
                return NULL;
            }
            out = o2;
        }
        memcpy(out + len, add, alen);
        len += alen;
        p += best != (size_t)-1 ? blen : 1;
    }
    out[len] = '\0';
    return out;
}

/* Splits "{expr}" placeholders out of a message template; the expressions are parsed. */
static int parse_placeholders(loader *L, form_rule *r, const char *tmpl, const char *what)
{
    for (const char *p = tmpl; (p = strchr(p, '{'));) {
        const char *q = strchr(p, '}');
        if (!q)
            return fail(L, r->pos, "%s: message has '{' without '}'%s", what, "");
        char *src = strndup(p + 1, (size_t)(q - p - 1));
        if (!src)
            return oom(L);
        size_t saved = L->loc.cursor;
        char *perr = NULL;
        size_t epos = 0;
        expr *e = expr_parse(src, strlen(src), &perr, &epos);
        L->loc.cursor = saved;
        if (!e) {
            fail(L, r->pos, "%s: message placeholder {%s}: %s", what, perr ? perr : "syntax error");
            free(perr);
            free(src);
            return -1;
        }
        free(src);
        expr **v = realloc(r->placeholders, (r->nplaceholders + 1) * sizeof *v);
        if (!v) {
            expr_free(e);
            return oom(L);
        }
        r->placeholders = v;
        r->placeholders[r->nplaceholders++] = e;
        int idx = (int)(r - L->top->rules);
        if (add_site(L, e, r->scope, r->pos, what, NULL, idx))
            return -1;
        p = q + 1;
    }
    return 0;
}

static int add_rule(loader *L, const cJSON *o, fnode *scope_root, char **names, char **vals,
                    size_t nvars)
{
    form *top = L->top;
    const char *code = get_str(o, "code");
    const char *when = get_str(o, "when");
    const char *each = get_str(o, "each");
    const char *field = get_str(o, "field");
    const cJSON *msg = cJSON_GetObjectItemCaseSensitive(o, "message");
    size_t pos = code ? loc_find_kv(&L->loc, "code", code) : L->loc.cursor;
    if (!code || !when || !msg)
        return fail(L, pos, "rule %s: needs \"code\", \"when\" and \"message\"%s",
                    code ? code : "", "");
    form_rule *nr = realloc(top->rules, (top->nrules + 1) * sizeof *nr);
    if (!nr)
        return oom(L);
    top->rules = nr;
    form_rule *r = &top->rules[top->nrules++];
    memset(r, 0, sizeof *r);
    r->origin = L->self;
    r->pos = pos;
    r->code = strdup(code);
    if (!r->code)
        return oom(L);
    const char *sev = get_str(o, "severity");
    if (!sev || parse_severity(sev, &r->sev) != 0)
        return fail(L, pos, "rule %s: \"severity\" must be error, warning or notice%s", code, "");
    r->scope = scope_root;
    if (each) {
        const char *seg = each;
        fnode *t = form_resolve_path(scope_root, &seg, 1);
        if (!t || t->kind != N_TABLE)
            return fail(L, pos, "rule %s: \"each\" names '%s', which is not a table", code, each);
        r->scope = t;
    }
    char *what = NULL;
    if (asprintf(&what, "rule %s", code) < 0)
        return oom(L);
    char *w = expand_vars(when, names, vals, nvars);
    char *mzh = NULL, *men = NULL;
    int rc = -1;
    if (!w)
        goto out;
    size_t wpos = loc_find_string(&L->loc, when);
    char *perr = NULL;
    size_t epos = 0;
    r->when = expr_parse(w, strlen(w), &perr, &epos);
    if (!r->when) {
        fail(L, wpos + 1 + epos, "%s: when: %s", what, perr ? perr : "syntax error");
        free(perr);
        goto out;
    }
    if (add_site(L, r->when, r->scope, wpos, what, NULL, (int)(top->nrules - 1)))
        goto out;
    i18n m = {0};
    if (get_i18n(L, o, "message", &m, true, what))
        goto out;
    mzh = expand_vars(m.zh, names, vals, nvars);
    men = expand_vars(m.en, names, vals, nvars);
    free(m.zh);
    free(m.en);
    if (!mzh || !men) {
        oom(L);
        goto out;
    }
    r->message.zh = mzh;
    r->message.en = men;
    mzh = men = NULL;
    if (parse_placeholders(L, r, r->message.zh, what) ||
        parse_placeholders(L, r, r->message.en, what))
        goto out;
    if (field) {
        char *fx = expand_vars(field, names, vals, nvars);
        if (!fx) {
            oom(L);
            goto out;
        }
        const char *segs[16];
        int ns = 0;
        char *save = NULL;
        for (char *tok = strtok_r(fx, ".", &save); tok && ns < 16; tok = strtok_r(NULL, ".", &save))
            segs[ns++] = tok;
        r->field = form_resolve_path(r->scope, segs, ns);
        if (!r->field) {
            fail(L, pos, "%s: \"field\" names '%s', which this form does not have", what, field);
            free(fx);
            goto out;
        }
        free(fx);
    }
    rc = 0;
out:
    free(what);
    free(w);
    free(mzh);
    free(men);
    return rc;
}

static int load_rules(loader *L, const cJSON *arr, fnode *scope_root)
{
    if (!arr)
        return 0;
    if (!cJSON_IsArray(arr))
        return fail(L, L->loc.cursor, "\"rules\" must be a list%s%s", "", "");
    static const char *const keys[] = {"code", "severity", "when", "each", "for", "field",
                                       "message", NULL};
    for (const cJSON *o = arr->child; o; o = o->next) {
        if (!cJSON_IsObject(o))
            return fail(L, L->loc.cursor, "every rule must be an object%s%s", "", "");
        if (check_keys(L, o, "rule", keys))
            return -1;
        const cJSON *forv = cJSON_GetObjectItemCaseSensitive(o, "for");
        if (!forv) {
            if (add_rule(L, o, scope_root, NULL, NULL, 0))
                return -1;
            continue;
        }
        size_t nvars = (size_t)cJSON_GetArraySize(forv);
        int count = -1;
        for (const cJSON *v = forv->child; v; v = v->next) {
            if (!cJSON_IsArray(v) || (count >= 0 && cJSON_GetArraySize(v) != count))
                return fail(L, L->loc.cursor,
                            "rule %s: every \"for\" variable needs a list, all of one length%s",
                            get_str(o, "code") ? get_str(o, "code") : "", "");
            count = cJSON_GetArraySize(v);
        }
        char **names = calloc(nvars ? nvars : 1, sizeof *names);
        char **vals = calloc(nvars ? nvars : 1, sizeof *vals);
        if (!names || !vals) {
            free(names);
            free(vals);
            return oom(L);
        }
        int rc = 0;
        for (int k = 0; k < count && rc == 0; k++) {
            size_t i = 0;
            for (const cJSON *v = forv->child; v; v = v->next, i++) {
                names[i] = v->string;
                const cJSON *item = cJSON_GetArrayItem(v, k);
                vals[i] = cJSON_IsString(item) ? item->valuestring : (char *)"";
            }
            rc = add_rule(L, o, scope_root, names, vals, nvars);
        }
        free(names);
        free(vals);
        if (rc)
            return -1;
    }
    return 0;
}

/* ---- one file ---- */

static int load_file(loader *L, const char *buf, size_t len, fnode *attach);

static int load_parts(loader *L, const cJSON *parts, fnode *attach)
{
    if (!parts)
        return 0;
    if (!cJSON_IsArray(parts))
        return fail(L, L->loc.cursor, "\"parts\" must be a list%s%s", "", "");
    static const char *const keys[] = {"id", "form", "repeat", "row_prefix", "label", "help", NULL};
    for (const cJSON *p = parts->child; p; p = p->next) {
        const char *id = get_str(p, "id"), *fid = get_str(p, "form");
        size_t pos = id ? loc_find_kv(&L->loc, "id", id) : L->loc.cursor;
        if (!valid_id(id) || !fid)
            return fail(L, pos, "a part needs an \"id\" and a \"form\"%s%s", "", "");
        if (check_keys(L, p, "part", keys))
            return -1;
        if (fnode_child(attach, id))
            return fail(L, pos, "part %s: the id is used twice%s", id, "");
        if (L->depth >= MAX_INCLUDE_DEPTH)
            return fail(L, pos, "part %s: forms include each other too deeply (a loop?)%s", id, "");
        fnode *pn = new_node(L, N_PART, id, attach);
        if (!pn)
            return oom(L);
        pn->pos = pos;
        pn->repeat = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(p, "repeat"));
        const char *pre = get_str(p, "row_prefix");
        pn->row_prefix = strdup(pre && valid_id(pre) ? pre : "p");
        if (!pn->row_prefix)
            return oom(L);
        if (get_i18n(L, p, "label", &pn->label, false, id) || get_i18n(L, p, "help", &pn->help, false, id))
            return -1;
        char *sbuf = NULL, *sfile = NULL, *serr = NULL;
        size_t slen = 0;
        if (!L->src || L->src(L->src_ctx, fid, &sbuf, &slen, &sfile, &serr) != 0) {
            fail(L, pos, "part %s: form '%s' cannot be loaded", id, fid);
            if (serr) {
                char *e2 = NULL;
                if (asprintf(&e2, "%s: %s", *L->err, serr) >= 0) {
                    free(*L->err);
                    *L->err = e2;
                }
            }
            free(serr);
            free(sbuf);
            free(sfile);
            return -1;
        }
        form **inc = realloc(L->top->includes, (L->top->nincludes + 1) * sizeof *inc);
        form *sub = calloc(1, sizeof *sub);
        if (!inc || !sub) {
            free(inc == L->top->includes ? NULL : inc);
            free(sub);
            free(sbuf);
            free(sfile);
            return oom(L);
        }
        L->top->includes = inc;
        L->top->includes[L->top->nincludes++] = sub;
        sub->file = sfile ? sfile : strdup(fid);
        /* keep the text: positions of its expressions are turned into lines at bind time */
        char **bufs = realloc(L->b->bufs, (L->b->nbufs + 1) * sizeof *bufs);
        size_t *lens = realloc(L->b->lens, (L->b->nbufs + 1) * sizeof *lens);
        if (bufs)
            L->b->bufs = bufs;
        if (lens)
            L->b->lens = lens;
        if (!bufs || !lens) {
            free(sbuf);
            return oom(L);
        }
        L->b->bufs[L->b->nbufs] = sbuf;
        L->b->lens[L->b->nbufs++] = slen;
        loader sub_l = *L;
        sub_l.self = sub;
        sub_l.loc.buf = sbuf;
        sub_l.loc.len = slen;
        sub_l.loc.cursor = 0;
        sub_l.loc.file = sub->file;
        sub_l.depth = L->depth + 1;
        if (load_file(&sub_l, sbuf, slen, pn))
            return -1;
        if (strcmp(sub->id, fid) != 0)
            return fail(L, pos, "part %s: file for form '%s' says its id is something else", id, fid);
        if (!pn->label.zh) {
            pn->label.zh = xstrdup(sub->title.zh);
            pn->label.en = xstrdup(sub->title.en);
        }
    }
    return 0;
}

static int load_file(loader *L, const char *buf, size_t len, fnode *attach)
{
    /* cJSON's strict mode wants the terminating NUL inside the length it is given, and the
     * caller's buffer need not have one: parse a terminated copy (forms are small). */
    char *copy = malloc(len + 1);
    if (!copy)
        return oom(L);
    memcpy(copy, buf, len);
    copy[len] = '\0';
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(copy, len + 1, &end, 1);
    if (!root) {
        const char *ep = cJSON_GetErrorPtr();
        size_t pos = ep && ep >= copy && ep <= copy + len ? (size_t)(ep - copy) : 0;
        free(copy);
        return fail(L, pos, "not valid JSON here%s%s", "", "");
    }
    free(copy);
    int rc = -1;
    static const char *const keys[] = {"format", "id", "version", "title", "settings",
                                       "parts", "sections", "rules", "summary", "$comment",
                                       NULL};
    if (!cJSON_IsObject(root)) {
        fail(L, 0, "a form file holds one JSON object%s%s", "", "");
        goto out;
    }
    if (check_keys(L, root, "form", keys))
        goto out;
    const char *fmt = get_str(root, "format");
    if (!fmt || strcmp(fmt, "selfeval-form/1") != 0) {
        fail(L, fmt ? loc_find_kv(&L->loc, "format", fmt) : 0,
             "\"format\" must be \"selfeval-form/1\" (got '%s')%s", fmt ? fmt : "", "");
        goto out;
    }
    const char *id = get_str(root, "id"), *ver = get_str(root, "version");
    if (!valid_id(id) || !ver) {
        fail(L, 0, "a form needs an \"id\" and a \"version\"%s%s", "", "");
        goto out;
    }
    L->self->id = strdup(id);
    L->self->version = strdup(ver);
    if (!L->self->id || !L->self->version) {
        oom(L);
        goto out;
    }
    if (get_i18n(L, root, "title", &L->self->title, true, "form"))
        goto out;
    if (load_settings(L, cJSON_GetObjectItemCaseSensitive(root, "settings")))
        goto out;
    if (load_parts(L, cJSON_GetObjectItemCaseSensitive(root, "parts"), attach))
        goto out;
    const cJSON *secs = cJSON_GetObjectItemCaseSensitive(root, "sections");
    if (secs && !cJSON_IsArray(secs)) {
        fail(L, 0, "\"sections\" must be a list%s%s", "", "");
        goto out;
    }
    if (!secs && attach->nkids == 0) {
        fail(L, 0, "a form needs \"sections\" or \"parts\"%s%s", "", "");
        goto out;
    }
    for (const cJSON *s = secs ? secs->child : NULL; s; s = s->next) {
        if (!cJSON_IsObject(s)) {
            fail(L, L->loc.cursor, "every section must be an object%s%s", "", "");
            goto out;
        }
        if (load_section(L, s, attach))
            goto out;
    }
    if (load_rules(L, cJSON_GetObjectItemCaseSensitive(root, "rules"), attach))
        goto out;
    char *smsg = NULL;
    const char *skey = NULL, *sval = NULL;
    if (form_load_summary(L->self, cJSON_GetObjectItemCaseSensitive(root, "summary"), attach,
                          &smsg, &skey, &sval)) {
        if (smsg)
            fail(L, skey ? loc_find_kv(&L->loc, skey, sval) : L->loc.cursor, "%s%s", smsg, "");
        else
            oom(L);
        free(smsg);
        goto out;
    }
    rc = 0;
out:
    cJSON_Delete(root);
    return rc;
}

form *form_load(const char *buf, size_t len, const char *file, form_source_fn src, void *ctx,
                char **err)
{
    *err = NULL;
    form *f = calloc(1, sizeof *f);
    form_build b = {0};
    if (!f) {
        *err = strdup("out of memory while loading the form");
        return NULL;
    }
    f->file = strdup(file ? file : "form");
    loader L = {.top = f, .self = f, .b = &b, .src = src, .src_ctx = ctx, .err = err};
    L.loc.buf = buf;
    L.loc.len = len;
    L.loc.file = f->file;
    if (!f->file) {
        oom(&L);
        goto fail;
    }
    f->root = new_node(&L, N_FORM, "", NULL);
    if (!f->root) {
        oom(&L);
        goto fail;
    }
    if (load_file(&L, buf, len, f->root))
        goto fail;
    f->root->label.zh = xstrdup(f->title.zh);
    f->root->label.en = xstrdup(f->title.en);
    if (form_bind_all(f, &b, err))
        goto fail;
    form_build_free(&b);
    return f;
fail:
    form_build_free(&b);
    form_free(f);
    if (!*err)
        *err = strdup("the form could not be loaded");
    return NULL;
}
