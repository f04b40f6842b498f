/* Evaluation of a bound expression. Exact decimals only; a value that cannot be computed is
 * blank with the reason (division by zero, overflow, bad input), never a made-up 0.
 * Nothing here allocates, and nothing in the expression is written: host-call arguments are on
 * the stack, so threads may evaluate one expression at once. */
#include "expr_internal.h"

#include <string.h>

typedef struct {
    const expr_host *h;
    void *ctx;
} evaluator;

static value_t eval(const evaluator *ev, const expr_node *n);

/* Division keeps 24 digits after the point, so that a later round(x, 2) of a quotient is
 * exact; a quotient too large for that many digits falls back to fewer. */
static const int div_scales[] = { 24, 18, 12, 6 };

/* A condition as three-valued logic: 1 true, 0 false, -1 unknown with *why set. Numbers
 * count as true when non-zero (as value_truthy); a string is not a condition. */
static int truth(value_t v, v_blank_why *why)
{
    switch (v.kind) {
    case V_BOOL: return v.b;
    case V_NUM: return !dec_is_zero(v.num);
    case V_BLANK: *why = v.why; return -1;
    default: *why = VB_BAD_INPUT; return -1;
    }
}

static value_t from_status(dec_status st, dec_t d)
{
    switch (st) {
    case DEC_OK: return v_num(d);
    case DEC_DIV_ZERO: return v_blank(VB_DIV_ZERO);
    case DEC_OVERFLOW: return v_blank(VB_OVERFLOW);
    default: return v_blank(VB_BAD_INPUT);
    }
}

static value_t divide(dec_t a, dec_t b)
{
    dec_t q;
    for (size_t i = 0; i < sizeof div_scales / sizeof div_scales[0]; i++) {
        dec_status st = dec_div(a, b, div_scales[i], &q);
        if (st == DEC_OK)
            /* 6/2 is 3, not 3.000000000000000000000000: same value, and a smaller scale
             * leaves more room for the digits of later products. */
            return v_num(dec_normalize(q));
        if (st != DEC_OVERFLOW)
            return from_status(st, q);
    }
    return v_blank(VB_OVERFLOW);
}

static value_t arith(op_kind op, value_t a, value_t b)
{
    if (a.kind == V_BLANK)
        return a;
    if (a.kind != V_NUM)
        return v_blank(VB_BAD_INPUT);
    if (b.kind == V_BLANK)
        return b;
    if (b.kind != V_NUM)
        return v_blank(VB_BAD_INPUT);
    dec_t r = dec_zero();
    dec_status st;
    switch (op) {
    case OP_ADD: st = dec_add(a.num, b.num, &r); break;
    case OP_SUB: st = dec_sub(a.num, b.num, &r); break;
    case OP_MUL: st = dec_mul(a.num, b.num, &r); break;
    case OP_DIV: return divide(a.num, b.num);
    default: return v_blank(VB_BAD_INPUT);
    }
    return from_status(st, r);
}

static value_t eval_arith(const evaluator *ev, const expr_node *n)
{
    value_t acc = eval(ev, n->kids[0].node);
    /* Once blank, the chain stays blank with the first reason: stop evaluating. */
    for (int i = 1; i < n->nkids && acc.kind != V_BLANK; i++)
        acc = arith(n->kids[i].op, acc, eval(ev, n->kids[i].node));
    return acc;
}

static value_t eval_cmp(const evaluator *ev, const expr_node *n)
{
    value_t a = eval(ev, n->kids[0].node);
    if (a.kind == V_BLANK)
        return a;
    value_t b = eval(ev, n->kids[1].node);
    if (b.kind == V_BLANK)
        return b;
    op_kind op = n->kids[1].op;
    if (a.kind != b.kind)
        return v_blank(VB_BAD_INPUT);     /* "1" = 1 is a mistake in the form, not false */
    if (op == OP_EQ || op == OP_NE)
        return v_bool(value_equal(a, b) == (op == OP_EQ));
    if (a.kind != V_NUM)
        return v_blank(VB_BAD_INPUT);     /* strings and truth values have no order here */
    int c = dec_cmp(a.num, b.num);
    switch (op) {
    case OP_LT: return v_bool(c < 0);
    case OP_LE: return v_bool(c <= 0);
    case OP_GT: return v_bool(c > 0);
    case OP_GE: return v_bool(c >= 0);
    default: return v_blank(VB_BAD_INPUT);
    }
}

/* Kleene logic, left to right, stopping at the first operand that decides: for "and" a
 * false, for "or" a true. An unknown operand only matters when nothing decides. */
static value_t eval_logic(const evaluator *ev, const expr_node *n, bool is_and)
{
    bool unknown = false;
    v_blank_why first_why = VB_EMPTY;
    for (int i = 0; i < n->nkids; i++) {
        v_blank_why why = VB_EMPTY;
        int t = truth(eval(ev, n->kids[i].node), &why);
        if (t < 0) {
            if (!unknown)
                first_why = why;
            unknown = true;
        } else if (t == (is_and ? 0 : 1)) {
            return v_bool(!is_and);
        }
    }
    return unknown ? v_blank(first_why) : v_bool(is_and);
}

static value_t eval_round(const evaluator *ev, const expr_node *n)
{
    value_t x = eval(ev, n->kids[0].node);
    if (x.kind == V_BLANK)
        return x;
    if (x.kind != V_NUM)
        return v_blank(VB_BAD_INPUT);
    value_t d = eval(ev, n->kids[1].node);
    if (d.kind == V_BLANK)
        return d;
    if (d.kind != V_NUM)
        return v_blank(VB_BAD_INPUT);
    dec_t digits = dec_normalize(d.num);
    if (digits.scale != 0 || dec_cmp(digits, dec_zero()) < 0 || dec_cmp(digits, dec_from_int(12)) > 0)
        return v_blank(VB_BAD_INPUT);
    int k = (int)digits.coef;
    dec_t r = dec_round(x.num, k), padded;
    /* round(2.5, 2) shows as 2.50; when padding does not fit, the value is the same anyway. */
    if (r.scale < k && dec_rescale(r, k, &padded) == DEC_OK)
        r = padded;
    return v_num(r);
}

static value_t eval_minmax(const evaluator *ev, const expr_node *n, bool is_min)
{
    bool have = false;
    dec_t best = dec_zero();
    for (int i = 0; i < n->nkids; i++) {
        value_t v = eval(ev, n->kids[i].node);
        if (v.kind == V_BLANK)
            continue;
        if (v.kind != V_NUM)
            return v_blank(VB_BAD_INPUT);
        best = !have ? v.num : is_min ? dec_min(best, v.num) : dec_max(best, v.num);
        have = true;
    }
    return have ? v_num(best) : v_blank(VB_EMPTY);
}

/* The arguments live on this call's stack, not in the expression: one form (and so its
 * expressions) is shared by every draft of it, also by drafts checked on other threads. */
static value_t eval_host(const evaluator *ev, const expr_node *n)
{
    value_t argv[EXPR_HOST_MAX_ARGS];
    const expr_ref *refv[EXPR_HOST_MAX_ARGS];
    if (!ev->h || !ev->h->call || n->nkids > EXPR_HOST_MAX_ARGS)
        return v_blank(VB_BAD_INPUT);
    for (int i = 0; i < n->nkids; i++) {
        const expr_node *arg = n->kids[i].node;
        argv[i] = eval(ev, arg);
        refv[i] = arg->kind == N_NAME ? &arg->ref : NULL;
    }
    return ev->h->call(ev->ctx, n->func_id, argv, refv, n->nkids);
}

static value_t eval_call(const evaluator *ev, const expr_node *n)
{
    value_t v;
    v_blank_why why = VB_EMPTY;
    switch (n->builtin) {
    case BI_IF:
        switch (truth(eval(ev, n->kids[0].node), &why)) {
        case 1: return eval(ev, n->kids[1].node);
        case 0: return eval(ev, n->kids[2].node);
        default: return v_blank(why);
        }
    case BI_ROUND:
        return eval_round(ev, n);
    case BI_MIN:
    case BI_MAX:
        return eval_minmax(ev, n, n->builtin == BI_MIN);
    case BI_ABS:
        v = eval(ev, n->kids[0].node);
        if (v.kind == V_NUM)
            return v_num(dec_abs(v.num));
        return v.kind == V_BLANK ? v : v_blank(VB_BAD_INPUT);
    case BI_ISBLANK:
        return v_bool(eval(ev, n->kids[0].node).kind == V_BLANK);
    case BI_COALESCE:
        for (int i = 0; i < n->nkids; i++) {
            v = eval(ev, n->kids[i].node);
            if (v.kind != V_BLANK)
                return v;
        }
        return v_blank(VB_EMPTY);
    case BI_HOST:
        return eval_host(ev, n);
    }
    return v_blank(VB_BAD_INPUT);
}

static value_t eval(const evaluator *ev, const expr_node *n)
{
    value_t v;
    v_blank_why why = VB_EMPTY;
    if (!n->bound)
        return v_blank(VB_BAD_INPUT);
    switch (n->kind) {
    case N_NUM: return v_num(n->num);
    case N_STR: return v_str(n->str);
    case N_BOOL: return v_bool(n->b);
    case N_NAME:
        if (!ev->h || !ev->h->get)
            return v_blank(VB_BAD_INPUT);
        return ev->h->get(ev->ctx, &n->ref);
    case N_CALL: return eval_call(ev, n);
    case N_NEG:
    case N_POS:
        v = eval(ev, n->kids[0].node);
        if (v.kind == V_NUM)
            return n->kind == N_NEG ? v_num(dec_neg(v.num)) : v;
        return v.kind == V_BLANK ? v : v_blank(VB_BAD_INPUT);
    case N_NOT:
        switch (truth(eval(ev, n->kids[0].node), &why)) {
        case 1: return v_bool(false);
        case 0: return v_bool(true);
        default: return v_blank(why);
        }
    case N_ARITH: return eval_arith(ev, n);
    case N_CMP: return eval_cmp(ev, n);
    case N_AND: return eval_logic(ev, n, true);
    case N_OR: return eval_logic(ev, n, false);
    }
    return v_blank(VB_BAD_INPUT);
}

value_t expr_eval(const expr *e, const expr_host *h, void *ctx)
{
    if (!e || !e->bound || !e->root)
        return v_blank(VB_BAD_INPUT);
    evaluator ev = { h, ctx };
    return eval(&ev, e->root);
}
