/* Finding the instance a reference means, seen from the instance being evaluated: walk up to
 * the instance of the reference's anchor (the lowest common ancestor of where the expression
 * was written and what it names), then down to the named node. Inside a row the anchor is the
 * row, so a bare column name is the same row's cell; from outside, a column is a list. */
#include "engine_internal.h"

#define MAX_DEPTH 32

static bool def_is_repeat(const fnode *d)
{
    return d->kind == N_TABLE || (d->kind == N_PART && d->repeat);
}

static size_t kid_pos(const fnode *parent, const fnode *kid)
{
    for (size_t i = 0; i < parent->nkids; i++)
        if (parent->kids[i] == kid)
            return i;
    return (size_t)-1;
}

static inode *anchor_instance(inode *ctx, const fnode *anchor)
{
    inode *x = ctx;
    while (x && x->def != anchor)
        x = x->parent;
    return x;
}

/* Defs from just below the anchor down to the target, top first; -1 when target is not below. */
static int def_path(const fnode *anchor, const fnode *target, const fnode **path)
{
    int n = 0;
    const fnode *p = target;
    for (; p && p != anchor && n < MAX_DEPTH; p = p->parent)
        path[n++] = p;
    return p == anchor ? n : -1;
}

inode *eng_locate(inode *ctx, const fnode *anchor, const fnode *target)
{
    inode *x = anchor_instance(ctx, anchor);
    const fnode *path[MAX_DEPTH];
    int n = def_path(anchor, target, path);
    if (!x || n < 0)
        return NULL;
    for (int i = n - 1; i >= 0; i--) {
        if (x->kind != N_ROW && def_is_repeat(x->def))
            return NULL; /* a list: eng_locate_all */
        size_t k = kid_pos(path[i]->parent, path[i]);
        if (k >= x->nkids)
            return NULL;
        x = x->kids[k];
    }
    return x;
}

static void walk(inode *x, const fnode **path, int i, eng_inst_fn fn, void *c)
{
    if (i < 0) {
        fn(c, x);
        return;
    }
    if (x->kind != N_ROW && def_is_repeat(x->def)) {
        for (size_t r = 0; r < x->nkids; r++)
            walk(x->kids[r], path, i, fn, c);
        return;
    }
    size_t k = kid_pos(path[i]->parent, path[i]);
    if (k < x->nkids)
        walk(x->kids[k], path, i - 1, fn, c);
}

void eng_locate_all(inode *ctx, const fnode *anchor, const fnode *target, eng_inst_fn fn, void *c)
{
    inode *x = anchor_instance(ctx, anchor);
    const fnode *path[MAX_DEPTH];
    int n = def_path(anchor, target, path);
    if (!x || n < 0)
        return;
    walk(x, path, n - 1, fn, c);
}
