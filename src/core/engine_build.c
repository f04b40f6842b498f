/* Building the instance tree of a draft and the dependency graph between its units. */
#include "engine_internal.h"
#include "core/draft_meta.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int eng_kid_append(inode *parent, inode *kid)
{
    inode_container *pc = eng_container(parent);
    if (parent->nkids == pc->capkids) {
        size_t nc = pc->capkids ? pc->capkids * 2 : 4;
        if (nc > UINT32_MAX)
            return -1;
        inode **v = realloc(parent->kids, nc * sizeof *v);
        if (!v)
            return -1;
        parent->kids = v;
        pc->capkids = nc;
    }
    kid->idx = parent->nkids;
    kid->parent = parent;
    parent->kids[parent->nkids++] = kid;
    return 0;
}

static bool def_is_repeat(const fnode *d)
{
    return d->kind == N_TABLE || (d->kind == N_PART && d->repeat);
}

/* The row id's key, without a call per field of the row (this runs for each field). */
static bool is_id_key(const char *s)
{
    return s[0] == '_' && s[1] == 'i' && s[2] == 'd' && s[3] == '\0';
}

/* strcmp(a, b) == 0, with the first byte compared here: keys of a row mostly differ there,
 * and building a row compares each of its fields with several keys. */
static bool key_eq(const char *a, const char *b)
{
    return a[0] == b[0] && strcmp(a, b) == 0;
}

/* cJSON_GetObjectItemCaseSensitive (which stops at a key-less item, as this does). */
static cJSON *json_child(cJSON *obj, const char *id)
{
    if (!cJSON_IsObject(obj))
        return NULL;
    for (cJSON *c = obj->child; c && c->string; c = c->next)
        if (key_eq(c->string, id))
            return c;
    return NULL;
}

/* Builds the instance of `def` (kind N_ROW for a row of a table / repeated part) with its
 * subtree, reading values from `json` (which may be NULL: nothing typed yet). */
inode *eng_build_instance(engine *e, const fnode *def, node_kind kind, inode *parent, cJSON *json)
{
    if (kind == N_FIELD) {
        /* a field on its own: its inode_computed follows it in the same allocation */
        inode *f = calloc(1, sizeof *f + (def->compute ? sizeof(inode_computed) : 0));
        if (!f)
            return NULL;
        f->def = def;
        f->kind = kind;
        f->parent = parent;
        f->u.rank = def->rank;
        f->comp = def->compute ? (inode_computed *)(f + 1) : NULL;
        f->json = cJSON_IsString(json) ? json : NULL;
        return f;
    }
    inode_container *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    inode *n = &c->n;
    n->def = def;
    n->kind = kind;
    n->parent = parent;
    n->u.rank = def->rank;
    if (kind == N_ROW) {
        n->json = json;
        const cJSON *id = json_child(json, "_id");
        c->row_id = strdup(cJSON_IsString(id) ? id->valuestring : "");
        if (!c->row_id)
            goto oom;
    } else if (def_is_repeat(def)) {
        n->json = cJSON_IsArray(json) ? json : NULL;
        for (cJSON *row = n->json ? n->json->child : NULL; row; row = row->next) {
            if (!cJSON_IsObject(row))
                continue;
            inode *r = eng_build_instance(e, def, N_ROW, n, row);
            if (!r || eng_kid_append(n, r)) {
                eng_inode_free(r);
                goto oom;
            }
        }
        return n;
    } else {
        n->json = cJSON_IsObject(json) ? json : NULL;
    }
    /* The fields of a row (or section) come in one allocation: a 2,000-row table is 2,000
     * blocks rather than 22,000 small objects, which is most of what loading costs. */
    size_t nfields = 0, ncomputed = 0;
    for (size_t i = 0; i < def->nkids; i++) {
        nfields += def->kids[i]->kind == N_FIELD;
        ncomputed += def->kids[i]->kind == N_FIELD && def->kids[i]->compute;
    }
    /* the block: the field inodes, then the inode_computed of the computed ones (inode's
     * size is a multiple of its alignment, which is inode_computed's) */
    n->kids = def->nkids ? malloc(def->nkids * sizeof *n->kids) : NULL;
    c->field_block = nfields ? calloc(1, nfields * sizeof(inode) +
                                          ncomputed * sizeof(inode_computed)) : NULL;
    if ((def->nkids && !n->kids) || (nfields && !c->field_block))
        goto oom;
    c->capkids = def->nkids;
    inode_computed *comps = ncomputed ? (inode_computed *)(c->field_block + nfields) : NULL;
    size_t used = 0, cused = 0;
    /* keys are usually in the form's order: try the next one before searching */
    cJSON *next = cJSON_IsObject(n->json) ? n->json->child : NULL;
    for (size_t i = 0; i < def->nkids; i++) {
        const fnode *kd = def->kids[i];
        while (next && next->string && is_id_key(next->string))
            next = next->next;
        cJSON *kj;
        if (next && next->string && key_eq(next->string, kd->id)) {
            kj = next;
            next = next->next;
        } else {
            kj = json_child(n->json, kd->id);
        }
        inode *k;
        if (kd->kind == N_FIELD) {
            k = &c->field_block[used++];
            k->in_block = true;
            if (kd->compute)            /* else NULL from calloc */
                k->comp = &comps[cused++];
            k->def = kd;
            k->kind = N_FIELD;
            k->u.rank = kd->rank;
            k->json = cJSON_IsString(kj) ? kj : NULL;
        } else {
            k = eng_build_instance(e, kd, kd->kind, n, kj);
            if (!k)
                goto oom;
        }
        if (eng_kid_append(n, k)) {
            eng_inode_free(k);
            goto oom;
        }
    }
    return n;
oom:
    eng_inode_free(n);
    return NULL;
}

void eng_inode_free(inode *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->nkids; i++)
        eng_inode_free(n->kids[i]);
    free(n->kids);
    free(n->norm);
    free(n->display);
    if (n->comp) {                   /* lives in n's allocation (or its block) */
        free(n->comp->rule_display);
        free(n->comp->override_reason);
    }
    findings_free(&n->checks);
    if (n->att) {
        findings_free(&n->att->merged);
        findings_free(&n->att->outside);
        findings_free(&n->att->rechecks);
        free(n->att);
    }
    free(n->u.dependents);
    if (n->kind != N_FIELD) {
        inode_container *c = eng_container(n);
        free(c->row_id);
        eng_ind_cache_free(c->icache);
        free(c->field_block);        /* after the kids: they may live in it */
    }
    if (!n->in_block)
        free(n);
}

/* ---- the dependency graph ---- */

static void clear_tree_graph(inode *n)
{
    free(n->u.dependents);
    n->u.dependents = NULL;
    n->u.ndependents = 0;
    if (n->att)
        n->att->n = 0;
    for (size_t i = 0; i < n->nkids; i++)
        clear_tree_graph(n->kids[i]);
}

void eng_graph_clear(engine *e)
{
    e->edges_built = false;
    if (e->root)
        clear_tree_graph(e->root);
    for (size_t i = 0; i < e->nrules; i++) {
        findings_free(&e->rules[i]->findings);
        free(e->rules[i]->u.dependents);
        free(e->rules[i]);
    }
    e->nrules = 0;
}

typedef struct {
    unit *u;
    bool oom;
} edge_ctx;

static void add_edge(void *c, inode *from)
{
    edge_ctx *ec = c;
    unit *x = &from->u;
    if (x == ec->u)
        return;
    if (x->ndependents && x->dependents[x->ndependents - 1] == ec->u)
        return; /* the same reference twice in a row */
    /* the capacity goes 2, 4, 8, ...: full when the length is 0 or a power of two >= 2 */
    uint32_t len = x->ndependents;
    if (len == 0 || (len >= 2 && (len & (len - 1)) == 0)) {
        size_t nc = len ? (size_t)len * 2 : 2;
        unit **v = nc <= UINT32_MAX ? realloc(x->dependents, nc * sizeof *v) : NULL;
        if (!v) {
            ec->oom = true;
            return;
        }
        x->dependents = v;
    }
    x->dependents[x->ndependents++] = ec->u;
}

static int add_deps(engine *e, unit *u, inode *ctx, const expr_ref *deps, size_t ndeps)
{
    edge_ctx ec = {u, false};
    for (size_t i = 0; i < ndeps; i++) {
        const fnode *anchor = e->f->nodes[form_ref_anchor(&deps[i])];
        const fnode *target = e->f->nodes[deps[i].id];
        if (form_ref_is_list(&deps[i]) || target->kind == N_TABLE) {
            eng_locate_all(ctx, anchor, target->kind == N_TABLE ? target : target, add_edge, &ec);
        } else {
            inode *t = eng_locate(ctx, anchor, target);
            if (t)
                add_edge(&ec, t);
        }
    }
    return ec.oom ? -1 : 0;
}

inode_attach *eng_attach_of(inode *t, bool room)
{
    inode_attach *a = t->att;
    if (!a || (room && a->n == a->cap)) {
        size_t nc = !room ? 0 : a && a->cap ? (size_t)a->cap * 2 : 2;
        inode_attach *b = nc <= UINT32_MAX ? realloc(a, sizeof *b + nc * sizeof b->v[0]) : NULL;
        if (!b)
            return NULL;
        if (!a) {
            b->merged = (finding_list){NULL, 0, 0};
            b->outside = (finding_list){NULL, 0, 0};
            b->rechecks = (finding_list){NULL, 0, 0};
            b->n = 0;
        }
        b->cap = (uint32_t)nc;
        t->att = a = b;
    }
    return a;
}

static int attach_rule(inode *t, rule_unit *r)
{
    inode_attach *a = eng_attach_of(t, true);
    if (!a)
        return -1;
    a->v[a->n++] = r;
    return 0;
}

static const fnode *lca_def(const fnode *a, const fnode *b)
{
    for (const fnode *p = a; p; p = p->parent)
        for (const fnode *q = b; q; q = q->parent)
            if (p == q)
                return p;
    return NULL;
}

static int add_rule_unit(engine *e, const form_rule *r, inode *ctx)
{
    rule_unit *ru = calloc(1, sizeof *ru);
    if (!ru)
        return -1;
    ru->u.is_rule = true;
    ru->u.rank = r->rank;
    ru->rule = r;
    ru->ctx = ctx;
    ru->target = ctx;
    if (r->field) {
        inode *t = eng_locate(ctx, lca_def(r->scope, r->field), r->field);
        if (t)
            ru->target = t;
    }
    if (e->nrules == e->caprules) {
        size_t nc = e->caprules ? e->caprules * 2 : 16;
        rule_unit **v = realloc(e->rules, nc * sizeof *v);
        if (!v) {
            free(ru);
            return -1;
        }
        e->rules = v;
        e->caprules = nc;
    }
    e->rules[e->nrules++] = ru;
    return attach_rule(ru->target, ru);
}

/* Rule units: one per instance of the rule's scope (per row for tables and repeated parts). */
static int build_rule_units(engine *e, inode *n)
{
    bool is_ctx_kind = n->kind == N_ROW || !def_is_repeat(n->def);
    if (is_ctx_kind && n->kind != N_FIELD) {
        for (int i = e->scope_first[n->def->index]; i >= 0; i = e->scope_next[i])
            if (add_rule_unit(e, &e->f->rules[i], n))
                return -1;
    }
    /* the kids of a row or a plain container are in the order of def->kids: asking the
     * form whether one is a field spares reading each field's inode (memory the walk would
     * otherwise touch 26,000 times on a 2,000-row draft) */
    for (size_t i = 0; i < n->nkids; i++) {
        if (is_ctx_kind && n->def->kids[i]->kind == N_FIELD)
            continue;
        if (n->kids[i]->kind != N_FIELD && build_rule_units(e, n->kids[i]))
            return -1;
    }
    return 0;
}

static int build_field_edges(engine *e, inode *n)
{
    if (n->kind == N_FIELD && n->def->ndeps)
        if (add_deps(e, &n->u, n, n->def->deps, n->def->ndeps))
            return -1;
    for (size_t i = 0; i < n->nkids; i++)
        if (build_field_edges(e, n->kids[i]))
            return -1;
    return 0;
}

int eng_graph_build(engine *e)
{
    if (e->nrules || e->edges_built)
        eng_graph_clear(e);         /* a fresh tree has nothing to clear: skip the walk */
    return build_rule_units(e, e->root);
}

/* The edges are only needed to recompute after a change; a full computation goes by rank.
 * So opening a draft does not build them: the first change does. */
int eng_edges_ensure(engine *e)
{
    if (e->edges_built)
        return 0;
    if (build_field_edges(e, e->root))
        return -1;
    for (size_t i = 0; i < e->nrules; i++) {
        rule_unit *ru = e->rules[i];
        if (add_deps(e, &ru->u, ru->ctx, ru->rule->deps, ru->rule->ndeps))
            return -1;
    }
    e->edges_built = true;
    return 0;
}

/* ---- life cycle ---- */

engine *engine_new(const form *f, draft *d, char **err)
{
    engine *e = engine_open(f, d, err);
    if (e)
        engine_recompute_all(e);
    return e;
}

void engine_set_counts_only(engine *e, bool on)
{
    e->counts_only = on;
}

engine *engine_open(const form *f, draft *d, char **err)
{
    *err = NULL;
    if (strcmp(f->id, d->form_id ? d->form_id : "") != 0) {
        if (asprintf(err, "this draft is for form '%s', not '%s'", d->form_id ? d->form_id : "?",
                     f->id) < 0)
            *err = NULL;
        return NULL;
    }
    engine *e = calloc(1, sizeof *e);
    if (!e)
        goto oom;
    e->f = f;
    e->d = d;
    /* the rules of each scope, as chains: scope_first[node] -> rule -> scope_next[rule] */
    e->scope_first = malloc((f->nnodes ? f->nnodes : 1) * sizeof *e->scope_first);
    e->scope_next = malloc((f->nrules ? f->nrules : 1) * sizeof *e->scope_next);
    if (!e->scope_first || !e->scope_next)
        goto oom;
    for (size_t i = 0; i < f->nnodes; i++)
        e->scope_first[i] = -1;
    for (size_t i = f->nrules; i-- > 0;) {
        int s = f->rules[i].scope->index;
        e->scope_next[i] = e->scope_first[s];
        e->scope_first[s] = (int)i;
    }
    if (!d->values) {
        d->values = cJSON_CreateObject();
        if (!d->values)
            goto oom;
    }
    e->root = eng_build_instance(e, f->root, N_FORM, NULL, d->values);
    if (!e->root || eng_graph_build(e))
        goto oom;
    /* a draft whose meta says another year or unit than its cover (an old file, another
     * tool's): every output prints meta, so it follows the cover from now on */
    char *before[2] = {strdup(d->unit ? d->unit : ""), strdup(d->year ? d->year : "")};
    bool changed = false;
    if (!before[0] || !before[1] || draft_meta_sync(f, d, &changed) != 0) {
        free(before[0]);
        free(before[1]);
        goto oom;
    }
    for (int k = 0; k < 2; k++) {
        const char *now = k == 0 ? d->unit : d->year;
        if (changed && strcmp(before[k], now ? now : "") != 0)
            e->meta_before[k == 0 ? FORM_META_UNIT : FORM_META_YEAR] = before[k];
        else
            free(before[k]);
    }
    return e;
oom:
    engine_free(e);
    if (!*err)
        *err = strdup("out of memory while opening the draft");
    return NULL;
}

void engine_free(engine *e)
{
    if (!e)
        return;
    eng_graph_clear(e);
    free(e->rules);
    eng_inode_free(e->root);
    free(e->work);
    free(e->scope_first);
    free(e->scope_next);
    free(e->typed_used);
    for (int k = 0; k < 3; k++)
        free(e->meta_before[k]);
    free(e);
}

const form *engine_form(const engine *e) { return e->f; }
draft *engine_draft(const engine *e) { return e->d; }
inode *engine_root(const engine *e) { return e->root; }
size_t inode_nkids(const inode *n) { return n ? n->nkids : 0; }
inode *inode_kid(const inode *n, size_t i) { return n && i < n->nkids ? n->kids[i] : NULL; }
inode *inode_parent(const inode *n) { return n ? n->parent : NULL; }
const fnode *inode_def(const inode *n) { return n ? n->def : NULL; }
node_kind inode_kind(const inode *n) { return n->kind; }
const char *inode_row_id(const inode *n)
{
    return n->kind == N_ROW ? eng_container(n)->row_id : NULL;
}
size_t inode_index(const inode *n) { return n->idx; }
size_t engine_eval_count(const engine *e) { return e->eval_count; }

/* ---- paths ---- */

static char *build_path(const inode *n, bool display)
{
    size_t cap = 64, len = 0;
    const inode *chain[64];
    size_t depth = 0;
    for (const inode *p = n; p && p->parent && depth < 64; p = p->parent)
        chain[depth++] = p;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    out[0] = '\0';
    for (size_t i = depth; i-- > 0;) {
        const inode *p = chain[i];
        char piece[64];
        const char *text;
        if (p->kind == N_ROW) {
            if (display) {
                snprintf(piece, sizeof piece, "[%zu]", (size_t)p->idx + 1);
                text = piece;
            } else {
                text = eng_container(p)->row_id;
            }
        } else {
            text = p->def->id;
        }
        size_t tl = strlen(text);
        if (len + tl + 2 > cap) {
            cap = (len + tl + 2) * 2;
            char *o2 = realloc(out, cap);
            if (!o2) {
                free(out);
                return NULL;
            }
            out = o2;
        }
        if (len > 0 && !(display && p->kind == N_ROW))
            out[len++] = '.';
        memcpy(out + len, text, tl);
        len += tl;
        out[len] = '\0';
    }
    return out;
}

char *inode_display_path(const inode *n) { return build_path(n, true); }
char *inode_storage_path(const inode *n) { return build_path(n, false); }

static inode *kid_by_id(const inode *n, const char *id, size_t len)
{
    for (size_t i = 0; i < n->nkids; i++) {
        const inode *k = n->kids[i];
        const char *kid_id = k->kind == N_ROW ? eng_container(k)->row_id : k->def->id;
        if (strlen(kid_id) == len && memcmp(kid_id, id, len) == 0)
            return n->kids[i];
    }
    return NULL;
}

/* Accepts both "projects.p1.indicators.r3.score" and "projects[1].indicators[3].score". */
inode *engine_find(const engine *e, const char *path)
{
    inode *cur = e->root;
    const char *p = path;
    while (cur && *p) {
        if (*p == '.') {
            p++;
            continue;
        }
        if (*p == '[') {
            char *end = NULL;
            unsigned long k = strtoul(p + 1, &end, 10);
            if (!end || *end != ']' || k == 0 || cur->kind == N_ROW ||
                !def_is_repeat(cur->def) || k > cur->nkids)
                return NULL;
            cur = cur->kids[k - 1];
            p = end + 1;
            continue;
        }
        size_t len = strcspn(p, ".[");
        cur = kid_by_id(cur, p, len);
        p += len;
    }
    return cur;
}
