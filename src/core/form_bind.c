/* Binding a loaded form: every name in every expression becomes a reference to a node, every
 * field learns what it depends on, and fields get an evaluation order. A form whose
 * computations go round in a circle is refused (with the circle spelt out). */
#include "form_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int form_register_node(form *f, fnode *n)
{
    if (f->nnodes % 64 == 0) {
        fnode **v = realloc(f->nodes, (f->nnodes + 64) * sizeof *v);
        if (!v)
            return -1;
        f->nodes = v;
    }
    n->index = (int)f->nnodes;
    f->nodes[f->nnodes++] = n;
    return 0;
}

int form_build_add_site(form_build *b, const form_expr_site *s)
{
    if (b->n == b->cap) {
        size_t nc = b->cap ? b->cap * 2 : 32;
        form_expr_site *v = realloc(b->sites, nc * sizeof *v);
        if (!v)
            return -1;
        b->sites = v;
        b->cap = nc;
    }
    b->sites[b->n++] = *s;
    return 0;
}

void form_build_free(form_build *b)
{
    for (size_t i = 0; i < b->n; i++)
        free(b->sites[i].what);
    free(b->sites);
    for (size_t i = 0; i < b->nbufs; i++)
        free(b->bufs[i]);
    free(b->bufs);
    free(b->lens);
    memset(b, 0, sizeof *b);
}

static fnode *descend(fnode *n, const char *const *segs, int nseg)
{
    fnode *cur = n;
    for (int i = 0; i < nseg && cur; i++)
        cur = fnode_child(cur, segs[i]);
    return cur;
}

fnode *form_resolve_path(fnode *scope, const char *const *segs, int nseg)
{
    for (fnode *anc = scope; anc; anc = anc->parent) {
        fnode *r = descend(anc, segs, nseg);
        if (r)
            return r;
    }
    return NULL;
}

static bool is_repeat(const fnode *n)
{
    return n->kind == N_TABLE || (n->kind == N_PART && n->repeat);
}

static bool is_ancestor(const fnode *a, const fnode *n)
{
    for (const fnode *p = n; p; p = p->parent)
        if (p == a)
            return true;
    return false;
}

static fnode *lca(fnode *a, fnode *b)
{
    for (fnode *p = a; p; p = p->parent)
        if (is_ancestor(p, b))
            return p;
    return NULL;
}

/* ---- binder callbacks ---- */

typedef struct {
    form *f;
    form_expr_site *site;
} bind_ctx;

static int resolve_name(void *vctx, const char *const *segs, int nseg, expr_ref *out, char **err)
{
    bind_ctx *c = vctx;
    fnode *n = form_resolve_path(c->site->scope, segs, nseg);
    char name[256];
    size_t used = 0;
    name[0] = '\0';
    for (int i = 0; i < nseg && used + 2 < sizeof name; i++)
        used += (size_t)snprintf(name + used, sizeof name - used, "%s%s", i ? "." : "", segs[i]);
    if (!n) {
        if (asprintf(err, "unknown name '%s'", name) < 0)
            *err = NULL;
        return -1;
    }
    if (n->kind != N_FIELD && n->kind != N_TABLE) {
        if (asprintf(err, "'%s' is a %s, not a field", name,
                     n->kind == N_SECTION ? "section" : n->kind == N_GROUP ? "group" : "part") < 0)
            *err = NULL;
        return -1;
    }
    fnode *anchor = lca(c->site->scope, n);
    int list = 0;
    for (fnode *p = n->parent; p && p != anchor; p = p->parent)
        if (is_repeat(p))
            list = 1;
    if (n->kind == N_TABLE && n != anchor && !is_ancestor(n, c->site->scope))
        list = 0; /* the table itself: count(table) */
    out->id = n->index;
    out->flags = (anchor ? anchor->index : 0) << 1 | list;
    return 0;
}

static const struct { const char *name; form_func fn; int min, max; } FUNCS[] = {
    {"sum", FN_SUM, 1, 1},
    {"count", FN_COUNT, 1, 1},
    {"sumif", FN_SUMIF, 3, 64},
    {"indicator_score", FN_IND_SCORE, 9, 9},
    {"indicator_lo", FN_IND_LO, 9, 9},
    {"indicator_hi", FN_IND_HI, 9, 9},
    {"indicator_over", FN_IND_OVER, 9, 9},
    {"indicator_applicable", FN_IND_APPLICABLE, 9, 9},
    {"grade", FN_GRADE, 1, 1},
    {"text_amount", FN_TEXT_AMOUNT, 2, 2},
    {"indicator_below_last", FN_IND_BELOW_LAST, 3, 3},
    {"contains", FN_CONTAINS, 2, 64},
    {"has_number", FN_HAS_NUMBER, 1, 1},
    {"comparator", FN_COMPARATOR, 1, 1},
};

static int resolve_func(void *vctx, const char *name, int nargs, int *func_id, char **err)
{
    (void)vctx;
    for (size_t i = 0; i < sizeof FUNCS / sizeof FUNCS[0]; i++) {
        if (strcmp(FUNCS[i].name, name) != 0)
            continue;
        if (nargs < FUNCS[i].min || nargs > FUNCS[i].max) {
            if (FUNCS[i].min == FUNCS[i].max) {
                if (asprintf(err, "%s takes %d argument%s, not %d", name, FUNCS[i].min,
                             FUNCS[i].min == 1 ? "" : "s", nargs) < 0)
                    *err = NULL;
            } else if (asprintf(err, "%s takes at least %d arguments, not %d", name,
                                FUNCS[i].min, nargs) < 0) {
                *err = NULL;
            }
            return -1;
        }
        *func_id = (int)FUNCS[i].fn;
        return 0;
    }
    if (asprintf(err, "unknown function %s", name) < 0)
        *err = NULL;
    return -1;
}

/* ---- dependencies ---- */

typedef struct {
    form *f;
    form_expr_site *site;
    expr_ref **deps;
    size_t *ndeps;
    char *err;       /* first misuse of a list */
} visit_ctx;

static void visit(void *vctx, const expr_ref *ref, int in_host_call)
{
    visit_ctx *v = vctx;
    if (form_ref_is_list(ref) && !v->err && in_host_call != FN_SUM && in_host_call != FN_COUNT &&
        in_host_call != FN_SUMIF) {
        char *p = fnode_path(v->f->nodes[ref->id]);
        if (asprintf(&v->err, "'%s' is a column of many rows: use it inside sum(…), count(…) "
                              "or sumif(…)", p ? p : "?") < 0)
            v->err = NULL;
        free(p);
    }
    /* the same name used again (indicator functions take the same nine cells thrice) adds
     * nothing: keep the graph small */
    for (size_t i = 0; i < *v->ndeps; i++)
        if ((*v->deps)[i].id == ref->id && (*v->deps)[i].flags == ref->flags)
            return;
    expr_ref *d = realloc(*v->deps, (*v->ndeps + 1) * sizeof *d);
    if (!d)
        return; /* dependency lost only under memory exhaustion; caught by the count check */
    *v->deps = d;
    d[(*v->ndeps)++] = *ref;
}

static char *site_message(form_expr_site *s, size_t off, const char *msg)
{
    return loc_message(s->origin->file, s->origin_buf, s->origin_len, s->pos + off, "%s: %s",
                       s->what, msg);
}

/* ---- ranks: depth-first topological order over fields ---- */

typedef struct {
    form *f;
    int *state;      /* 0 new, 1 on the stack, 2 done */
    int *stack;
    int depth;
    int next_rank;
    char **err;
    form_build *b;
} rank_ctx;

static const form_expr_site *first_site_of(form_build *b, const fnode *n)
{
    for (size_t i = 0; i < b->n; i++)
        if (b->sites[i].owner_field == n)
            return &b->sites[i];
    return NULL;
}

static int rank_visit(rank_ctx *c, fnode *n)
{
    if (c->state[n->index] == 2)
        return 0;
    if (c->state[n->index] == 1) {
        /* a cycle: spell it out from where n entered the stack */
        size_t cap = 64, len = 0;
        char *msg = malloc(cap);
        if (!msg)
            return -1;
        msg[0] = '\0';
        int start = 0;
        for (int i = 0; i < c->depth; i++)
            if (c->stack[i] == n->index)
                start = i;
        for (int i = start; i <= c->depth; i++) {
            const fnode *m = i < c->depth ? c->f->nodes[c->stack[i]] : n;
            char *p = fnode_path(m);
            size_t need = len + (p ? strlen(p) : 1) + 8;
            if (need > cap) {
                cap = need * 2;
                char *m2 = realloc(msg, cap);
                if (!m2) {
                    free(p);
                    free(msg);
                    return -1;
                }
                msg = m2;
            }
            len += (size_t)sprintf(msg + len, "%s%s", i > start ? " -> " : "", p ? p : "?");
            free(p);
        }
        const form_expr_site *s = first_site_of(c->b, n);
        *c->err = loc_message(s ? s->origin->file : c->f->file, s ? s->origin_buf : NULL,
                              s ? s->origin_len : 0, s ? s->pos : 0,
                              "field %s: computations go round in a circle: %s", n->id, msg);
        free(msg);
        return -1;
    }
    c->state[n->index] = 1;
    c->stack[c->depth++] = n->index;
    for (size_t i = 0; i < n->ndeps; i++) {
        fnode *d = c->f->nodes[n->deps[i].id];
        if (d->kind == N_FIELD && d != n && rank_visit(c, d))
            return -1;
        if (d == n && n->compute) {
            char *p = fnode_path(n);
            const form_expr_site *s = first_site_of(c->b, n);
            *c->err = loc_message(s ? s->origin->file : c->f->file, s ? s->origin_buf : NULL,
                                  s ? s->origin_len : 0, s ? s->pos : 0,
                                  "field %s: computations go round in a circle: %s -> %s",
                                  n->id, p ? p : "?", p ? p : "?");
            free(p);
            return -1;
        }
    }
    c->depth--;
    c->state[n->index] = 2;
    n->rank = c->next_rank++;
    return 0;
}

int form_bind_all(form *f, form_build *b, char **err)
{
    expr_binder binder = {resolve_name, resolve_func};
    for (size_t i = 0; i < b->n; i++) {
        form_expr_site *s = &b->sites[i];
        bind_ctx bc = {f, s};
        char *berr = NULL;
        size_t epos = 0;
        if (expr_bind(s->e, &binder, &bc, &berr, &epos) != 0) {
            *err = site_message(s, 1 + epos, berr ? berr : "cannot be bound");
            free(berr);
            return -1;
        }
        expr_ref **deps;
        size_t *ndeps;
        if (s->owner_field) {
            deps = &s->owner_field->deps;
            ndeps = &s->owner_field->ndeps;
        } else {
            deps = &f->rules[s->owner_rule].deps;
            ndeps = &f->rules[s->owner_rule].ndeps;
        }
        visit_ctx vc = {f, s, deps, ndeps, NULL};
        expr_visit_refs(s->e, visit, &vc);
        if (vc.err) {
            *err = site_message(s, 1, vc.err);
            free(vc.err);
            return -1;
        }
    }
    /* dependent choices: the field is re-checked when the field picking its list changes */
    for (size_t i = 0; i < f->nnodes; i++) {
        fnode *n = f->nodes[i];
        if (n->kind != N_FIELD || !n->choices_parent)
            continue;
        expr_ref *d = realloc(n->deps, (n->ndeps + 1) * sizeof *d);
        if (!d) {
            *err = strdup("out of memory while binding the form");
            return -1;
        }
        n->deps = d;
        fnode *anchor = n->parent;
        d[n->ndeps].id = n->choices_parent->index;
        d[n->ndeps].flags = anchor->index << 1;
        n->ndeps++;
    }
    rank_ctx rc = {f, calloc(f->nnodes, sizeof(int)), calloc(f->nnodes + 1, sizeof(int)), 0, 0,
                   err, b};
    if (!rc.state || !rc.stack) {
        free(rc.state);
        free(rc.stack);
        *err = strdup("out of memory while binding the form");
        return -1;
    }
    int status = 0;
    for (size_t i = 0; i < f->nnodes && status == 0; i++)
        if (f->nodes[i]->kind == N_FIELD)
            status = rank_visit(&rc, f->nodes[i]);
    free(rc.state);
    free(rc.stack);
    if (status) {
        if (!*err)
            *err = strdup("out of memory while binding the form");
        return -1;
    }
    for (size_t i = 0; i < f->nrules; i++)
        f->rules[i].rank = rc.next_rank + (int)i;
    return 0;
}
