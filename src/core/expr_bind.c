/* Binding: built-in functions are recognised (with their arity) here, every other call and
 * every dotted name is handed to the host once, so evaluation does no name lookups. */
#include "expr_internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *name;
    builtin_kind kind;
    int min_args, max_args;     /* max -1: no upper bound */
    const char *usage;
} builtin_def;

static const builtin_def builtins[] = {
    { "if", BI_IF, 3, 3, "if(condition, then, else)" },
    { "round", BI_ROUND, 2, 2, "round(number, digits)" },
    { "min", BI_MIN, 1, -1, "min(a, b, ...)" },
    { "max", BI_MAX, 1, -1, "max(a, b, ...)" },
    { "abs", BI_ABS, 1, 1, "abs(number)" },
    { "isblank", BI_ISBLANK, 1, 1, "isblank(value)" },
    { "coalesce", BI_COALESCE, 1, -1, "coalesce(a, b, ...)" },
};

typedef struct {
    const expr_binder *b;
    void *ctx;
    char *err;
    size_t err_pos;
    bool failed;
} binder;

static int bind_fail(binder *bd, size_t pos, char *msg)
{
    bd->failed = true;
    bd->err = msg;
    bd->err_pos = pos;
    return -1;
}

static char *joined_name(const expr_node *n)
{
    size_t len = 0;
    for (int i = 0; i < n->nseg; i++)
        len += strlen(n->segs[i]) + 1;
    char *s = XALLOC(malloc(len ? len : 1));
    if (!s)
        return NULL;
    s[0] = '\0';
    char *p = s;
    for (int i = 0; i < n->nseg; i++) {
        size_t l = strlen(n->segs[i]);
        if (i)
            *p++ = '.';
        memcpy(p, n->segs[i], l);
        p += l;
        *p = '\0';
    }
    return s;
}

static int bind_name(binder *bd, expr_node *n)
{
    char *herr = NULL;
    expr_ref ref = { -1, 0 };
    if (bd->b->resolve_name &&
        bd->b->resolve_name(bd->ctx, (const char *const *)n->segs, n->nseg, &ref, &herr) == 0) {
        free(herr);
        n->ref = ref;
        n->bound = true;
        return 0;
    }
    if (herr)
        return bind_fail(bd, n->pos, herr);
    char *name = joined_name(n);
    char *msg = name ? expr_msg("unknown name %s", name) : NULL;
    free(name);
    return bind_fail(bd, n->pos, msg);
}

/* round(x, 12.5) or round(x, 20) written as a literal is a mistake we can name now rather
 * than as a blank at every evaluation. */
static bool digits_literal_ok(const expr_node *d)
{
    if (d->kind != N_NUM)
        return true;
    dec_t v = dec_normalize(d->num);
    return v.scale == 0 && dec_cmp(v, dec_from_int(0)) >= 0 && dec_cmp(v, dec_from_int(12)) <= 0;
}

static int bind_call(binder *bd, expr_node *n)
{
    for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++) {
        const builtin_def *d = &builtins[i];
        if (strcmp(d->name, n->fname) != 0)
            continue;
        if (n->nkids < d->min_args || (d->max_args >= 0 && n->nkids > d->max_args)) {
            if (d->max_args < 0)
                return bind_fail(bd, n->pos, expr_msg("%s needs at least %d argument: %s",
                                                      d->name, d->min_args, d->usage));
            return bind_fail(bd, n->pos, expr_msg("%s takes %d argument%s, not %d: %s", d->name,
                                                  d->min_args, d->min_args == 1 ? "" : "s",
                                                  n->nkids, d->usage));
        }
        if (d->kind == BI_ROUND && !digits_literal_ok(n->kids[1].node))
            return bind_fail(bd, n->kids[1].node->pos,
                             expr_msg("the digits of round must be a whole number from 0 to 12"));
        n->builtin = d->kind;
        n->bound = true;
        return 0;
    }
    char *herr = NULL;
    int id = -1;
    if (!bd->b->resolve_func ||
        bd->b->resolve_func(bd->ctx, n->fname, n->nkids, &id, &herr) != 0 || id < 0) {
        if (herr)
            return bind_fail(bd, n->pos, herr);
        return bind_fail(bd, n->pos, expr_msg("unknown function %s", n->fname));
    }
    free(herr);
    if (n->nkids > EXPR_HOST_MAX_ARGS)
        return bind_fail(bd, n->pos, expr_msg("%s: at most %d arguments", n->fname,
                                              EXPR_HOST_MAX_ARGS));
    n->builtin = BI_HOST;
    n->func_id = id;
    n->bound = true;
    return 0;
}

/* Pre-order, arguments left to right: the first error reported is the leftmost one. */
static int bind_node(binder *bd, expr_node *n)
{
    n->bound = false;
    if (n->kind == N_NAME && bind_name(bd, n) != 0)
        return -1;
    if (n->kind == N_CALL && bind_call(bd, n) != 0)
        return -1;
    for (int i = 0; i < n->nkids; i++)
        if (bind_node(bd, n->kids[i].node) != 0)
            return -1;
    n->bound = true;
    return 0;
}

int expr_bind(expr *e, const expr_binder *b, void *ctx, char **err, size_t *err_pos)
{
    if (err)
        *err = NULL;
    if (err_pos)
        *err_pos = 0;
    if (!e || !b)
        return -1;
    binder bd = { b, ctx, NULL, 0, false };
    e->bound = false;
    if (bind_node(&bd, e->root) != 0) {
        if (!bd.err)
            bd.err = XALLOC(strdup("out of memory"));
        if (err)
            *err = bd.err;
        else
            free(bd.err);
        if (err_pos)
            *err_pos = bd.err_pos;
        return -1;
    }
    e->bound = true;
    return 0;
}

static void visit(const expr_node *n, int in_host_call, expr_ref_fn fn, void *ctx)
{
    if (n->kind == N_NAME) {
        fn(ctx, &n->ref, in_host_call);
        return;
    }
    int inner = n->kind == N_CALL && n->builtin == BI_HOST ? n->func_id : -1;
    for (int i = 0; i < n->nkids; i++)
        visit(n->kids[i].node, inner, fn, ctx);
}

void expr_visit_refs(const expr *e, expr_ref_fn fn, void *ctx)
{
    if (e && e->bound && fn)
        visit(e->root, -1, fn, ctx);
}
