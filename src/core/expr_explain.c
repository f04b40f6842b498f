/* The derivation of a computed figure: the form's expression written out with the values it
 * used (core/expr.h, expr_explain). A reviewer reads "10 × 547.6879 ÷ 990", not
 * "exec_weight * executed / budget_annual".
 *
 * Only the parts that decided the value are shown: the branch of if() that was taken, the
 * argument of min / max that won. Values come from the same evaluation as the figure
 * (expr_eval_node), so the text always matches what is shown. Output only; nothing here
 * changes a value. */
#include "expr_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char *s;
    size_t len, cap;
    bool oom;
} buf;

static void put(buf *b, const char *s)
{
    size_t n = strlen(s);
    if (b->oom)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = (b->len + n + 1) * 2;
        char *t = XALLOC(realloc(b->s, cap));
        if (!t) {
            b->oom = true;
            return;
        }
        b->s = t;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n + 1);
    b->len += n;
}

static void put_owned(buf *b, char *s)
{
    if (!s)
        b->oom = true;
    else
        put(b, s);
    free(s);
}

typedef struct {
    const expr_host *h;
    const expr_explainer *x;
    void *ctx;
    bool en;
} walker;

/* A value in a derivation: numbers at most 4 decimals ("≈" when cut), texts quoted. */
static void put_value(buf *b, value_t v, bool en)
{
    char tmp[DEC_STR_MAX + 4];
    switch (v.kind) {
    case V_NUM: {
        dec_t r = dec_normalize(v.num);
        if (r.scale > 4) {
            put(b, "≈");
            r = dec_normalize(dec_round(r, 4));
        }
        put(b, dec_format(r, tmp));
        return;
    }
    case V_STR:
        put(b, en ? "\"" : "“");
        put(b, v.str ? v.str : "");
        put(b, en ? "\"" : "”");
        return;
    case V_BOOL:
        put(b, v.b ? (en ? "true" : "是") : (en ? "false" : "否"));
        return;
    case V_BLANK:
        put(b, "—");
        return;
    }
}

static void walk(const walker *w, const expr_node *n, buf *b, int depth);

static bool is_additive(const expr_node *n)
{
    return n->kind == N_ARITH && n->nkids > 1 &&
           (n->kids[1].op == OP_ADD || n->kids[1].op == OP_SUB);
}

/* A call whose text is a sum ("9.99 + 10") needs brackets inside a product, as an
 * additive chain does. */
static void walk_operand(const walker *w, const expr_node *n, buf *b, int depth, bool tight)
{
    bool wrap = tight && (is_additive(n) || n->kind == N_CALL ||
                          (n->kind == N_ARITH && n->nkids > 1));
    if (!wrap) {
        walk(w, n, b, depth);
        return;
    }
    buf inner = {0};
    walk(w, n, &inner, depth);
    if (inner.oom) {
        b->oom = true;
        free(inner.s);
        return;
    }
    bool needs = n->kind != N_CALL || (inner.s && (strstr(inner.s, " + ") || strstr(inner.s, " − ")));
    if (needs)
        put(b, "(");
    put(b, inner.s ? inner.s : "");
    if (needs)
        put(b, ")");
    free(inner.s);
}

static const char *op_text(op_kind op)
{
    switch (op) {
    case OP_ADD: return " + ";
    case OP_SUB: return " − ";
    case OP_MUL: return " × ";
    case OP_DIV: return " ÷ ";
    case OP_EQ: return " = ";
    case OP_NE: return " ≠ ";
    case OP_LT: return " < ";
    case OP_LE: return " ≤ ";
    case OP_GT: return " > ";
    case OP_GE: return " ≥ ";
    default: return " ? ";
    }
}

/* The argument of min / max that "does the work": the first that is not a plain number or
 * name (min(exec_weight * executed / budget, exec_weight): the product). */
static int main_arg(const expr_node *n)
{
    for (int i = 0; i < n->nkids; i++) {
        node_kind k = n->kids[i].node->kind;
        if (k != N_NUM && k != N_NAME)
            return i;
    }
    return 0;
}

static void walk_minmax(const walker *w, const expr_node *n, buf *b, int depth, bool is_min)
{
    int win = -1, m = main_arg(n);
    value_t best = v_blank(VB_EMPTY), vm = v_blank(VB_EMPTY);
    for (int i = 0; i < n->nkids; i++) {
        value_t v = expr_eval_node(n->kids[i].node, w->h, w->ctx);
        if (i == m)
            vm = v;
        if (v.kind != V_NUM)
            continue;
        if (win < 0 || (is_min ? dec_cmp(v.num, best.num) < 0 : dec_cmp(v.num, best.num) > 0)) {
            win = i;
            best = v;
        }
    }
    if (win < 0 || (vm.kind == V_NUM && dec_cmp(vm.num, best.num) == 0)) {
        walk(w, n->kids[m].node, b, depth);
        return;
    }
    walk(w, n->kids[win].node, b, depth);
    put(b, w->en ? " (" : "（");
    walk(w, n->kids[m].node, b, depth);
    put(b, " = ");
    put_value(b, vm, w->en);
    put(b, w->en ? (is_min ? ", the smaller is taken)" : ", the larger is taken)")
                 : (is_min ? "，取较小者）" : "，取较大者）"));
}

static void walk_host(const walker *w, const expr_node *n, buf *b, int depth)
{
    value_t *args = n->nkids ? XALLOC(calloc((size_t)n->nkids, sizeof *args)) : NULL;
    const expr_ref **refs = n->nkids ? XALLOC(calloc((size_t)n->nkids, sizeof *refs)) : NULL;
    if (n->nkids && (!args || !refs)) {
        free(args);
        free(refs);
        b->oom = true;
        return;
    }
    for (int i = 0; i < n->nkids; i++) {
        args[i] = expr_eval_node(n->kids[i].node, w->h, w->ctx);
        refs[i] = n->kids[i].node->kind == N_NAME ? &n->kids[i].node->ref : NULL;
    }
    char *t = w->x && w->x->call_text
                  ? w->x->call_text(w->ctx, n->func_id, args, refs, n->nkids, w->en) : NULL;
    free(args);
    free(refs);
    if (t) {
        put_owned(b, t);
        return;
    }
    put(b, n->fname ? n->fname : "?");
    put(b, "(");
    for (int i = 0; i < n->nkids; i++) {
        if (i)
            put(b, ", ");
        walk(w, n->kids[i].node, b, depth + 1);
    }
    put(b, ")");
}

static void walk_call(const walker *w, const expr_node *n, buf *b, int depth)
{
    switch (n->builtin) {
    case BI_IF: {
        value_t c = expr_eval_node(n->kids[0].node, w->h, w->ctx);
        bool yes = (c.kind == V_BOOL && c.b) || (c.kind == V_NUM && !dec_is_zero(c.num));
        walk(w, n->kids[yes ? 1 : 2].node, b, depth);
        return;
    }
    case BI_MIN:
    case BI_MAX:
        walk_minmax(w, n, b, depth, n->builtin == BI_MIN);
        return;
    case BI_ROUND:
    case BI_ABS:
        if (n->builtin == BI_ABS)
            put(b, "|");
        walk(w, n->kids[0].node, b, depth);
        if (n->builtin == BI_ABS)
            put(b, "|");
        return;
    case BI_COALESCE:
        for (int i = 0; i < n->nkids; i++) {
            value_t v = expr_eval_node(n->kids[i].node, w->h, w->ctx);
            if (v.kind != V_BLANK || i == n->nkids - 1) {
                walk(w, n->kids[i].node, b, depth);
                return;
            }
        }
        return;
    case BI_HOST:
        walk_host(w, n, b, depth);
        return;
    default:
        put_value(b, expr_eval_node(n, w->h, w->ctx), w->en);
        return;
    }
}

static void walk(const walker *w, const expr_node *n, buf *b, int depth)
{
    if (b->oom)
        return;
    if (depth > EXPR_MAX_DEPTH) {
        put(b, "…");
        return;
    }
    switch (n->kind) {
    case N_NUM:
    case N_STR:
    case N_BOOL:
        put_value(b, expr_eval_node(n, w->h, w->ctx), w->en);
        return;
    case N_NAME: {
        char *t = w->x && w->x->name_text ? w->x->name_text(w->ctx, &n->ref, w->en) : NULL;
        if (t)
            put_owned(b, t);
        else
            put_value(b, expr_eval_node(n, w->h, w->ctx), w->en);
        return;
    }
    case N_NEG:
        put(b, "−");
        walk_operand(w, n->kids[0].node, b, depth + 1, true);
        return;
    case N_POS:
        walk(w, n->kids[0].node, b, depth + 1);
        return;
    case N_NOT:
        put(b, w->en ? "not " : "非 ");
        walk_operand(w, n->kids[0].node, b, depth + 1, true);
        return;
    case N_CALL:
        walk_call(w, n, b, depth + 1);
        return;
    case N_ARITH: {
        bool mul = n->nkids > 1 && (n->kids[1].op == OP_MUL || n->kids[1].op == OP_DIV);
        for (int i = 0; i < n->nkids; i++) {
            if (i)
                put(b, op_text(n->kids[i].op));
            /* inside a product every sum needs brackets; after − or ÷ any chain does */
            bool tight = mul || (i > 0 && (n->kids[i].op == OP_SUB || n->kids[i].op == OP_DIV));
            const expr_node *k = n->kids[i].node;
            walk_operand(w, k, b, depth + 1, tight && (is_additive(k) || k->kind == N_CALL ||
                                                       (i > 0 && k->kind == N_ARITH)));
        }
        return;
    }
    case N_CMP:
        walk(w, n->kids[0].node, b, depth + 1);
        put(b, op_text(n->kids[1].op));
        walk(w, n->kids[1].node, b, depth + 1);
        return;
    case N_AND:
    case N_OR:
        for (int i = 0; i < n->nkids; i++) {
            if (i)
                put(b, n->kind == N_AND ? (w->en ? " and " : " 且 ") : (w->en ? " or " : " 或 "));
            walk_operand(w, n->kids[i].node, b, depth + 1, true);
        }
        return;
    }
}

char *expr_explain(const expr *e, const expr_host *h, const expr_explainer *x, void *ctx,
                   bool english)
{
    if (!e || !e->bound || !e->root)
        return NULL;
    walker w = {h, x, ctx, english};
    buf b = {0};
    walk(&w, e->root, &b, 0);
    if (b.oom || !b.s) {
        free(b.s);
        return b.oom ? NULL : strdup("");
    }
    return b.s;
}

int expr_root_host_func(const expr *e)
{
    if (!e || !e->bound || !e->root || e->root->kind != N_CALL || e->root->builtin != BI_HOST)
        return -1;
    return e->root->func_id;
}
