/* Recursive-descent parser of the expression language (grammar in core/expr.h).
 * Chains of the same precedence (a + b - c, a and b and c) become one node with a list of
 * operands, so the tree's height — and every recursive walk of it — is bounded by the nesting
 * depth (EXPR_MAX_DEPTH) however long the formula is. */
#include "expr_internal.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct {
    expr_lexer lx;
    expr_token tok;       /* the current token */
    int depth;
} parser;

/* Records an error (the first one wins; msg NULL means out of memory). Returns NULL so
 * callers can `return fail(...)`. */
static expr_node *fail(parser *p, size_t pos, char *msg)
{
    if (!p->lx.err && !p->lx.oom) {
        p->lx.err = msg;
        p->lx.oom = msg == NULL;
        p->lx.err_pos = pos;
    } else {
        free(msg);
    }
    return NULL;
}

static bool failed(const parser *p) { return p->lx.err || p->lx.oom; }

static bool advance(parser *p)
{
    free(p->tok.str);
    p->tok.str = NULL;
    return expr_lex_next(&p->lx, &p->tok) != T_ERR;
}

/* "unexpected X" naming the current token. */
static expr_node *fail_unexpected(parser *p, const char *suffix)
{
    if (p->tok.kind == T_ERR)
        return NULL;              /* the lexer already said what is wrong */
    char *what = expr_tok_describe(&p->lx, &p->tok);
    if (!what)
        return fail(p, p->tok.pos, NULL);
    char *msg = expr_msg("unexpected %s%s", what, suffix);
    free(what);
    return fail(p, p->tok.pos, msg);
}

static expr_node *new_node(parser *p, node_kind kind, size_t pos)
{
    expr_node *n = XALLOC(calloc(1, sizeof *n));
    if (!n)
        return fail(p, pos, NULL);
    n->kind = kind;
    n->pos = pos;
    n->builtin = BI_HOST;
    n->func_id = -1;
    return n;
}

/* Appends kid to n; on failure frees kid and records out of memory. */
static bool add_kid(parser *p, expr_node *n, op_kind op, expr_node *kid)
{
    if (n->nkids == n->capkids) {
        expr_operand *k = NULL;
        int cap = 0;
        if (n->capkids < INT_MAX / 2) {
            cap = n->capkids ? n->capkids * 2 : 2;
            k = XALLOC(realloc(n->kids, (size_t)cap * sizeof *k));
        }
        if (!k) {
            expr_node_free(kid);
            fail(p, n->pos, NULL);
            return false;
        }
        n->kids = k;
        n->capkids = cap;
    }
    n->kids[n->nkids].op = op;
    n->kids[n->nkids].node = kid;
    n->nkids++;
    return true;
}

void expr_node_free(expr_node *n)
{
    if (!n)
        return;
    for (int i = 0; i < n->nkids; i++)
        expr_node_free(n->kids[i].node);
    free(n->kids);
    for (int i = 0; i < n->nseg; i++)
        free(n->segs[i]);
    free(n->segs);
    free(n->str);
    free(n->fname);
    free(n);
}

static bool enter(parser *p)
{
    if (++p->depth > EXPR_MAX_DEPTH) {
        fail(p, p->tok.pos, expr_msg("expression nested too deeply (more than %d levels of "
                                     "parentheses, calls or prefix operators)", EXPR_MAX_DEPTH));
        return false;
    }
    return true;
}

static expr_node *parse_or(parser *p);

/* A chain `sub { op sub }` where `pick` maps the current token to an operator or OP_NONE. */
static expr_node *parse_chain(parser *p, node_kind kind, expr_node *(*sub)(parser *),
                              op_kind (*pick)(tok_kind))
{
    size_t pos = p->tok.pos;
    expr_node *first = sub(p);
    if (!first)
        return NULL;
    if (pick(p->tok.kind) == OP_NONE)
        return first;
    expr_node *n = new_node(p, kind, pos);
    if (!n) {
        expr_node_free(first);
        return NULL;
    }
    if (!add_kid(p, n, OP_NONE, first))
        goto bad;
    op_kind op;
    while ((op = pick(p->tok.kind)) != OP_NONE) {
        if (!advance(p))
            goto bad;
        expr_node *next = sub(p);
        if (!next || !add_kid(p, n, op, next))
            goto bad;
    }
    return n;
bad:
    expr_node_free(n);
    return NULL;
}

static op_kind pick_or(tok_kind k) { return k == T_OR ? OP_OR : OP_NONE; }
static op_kind pick_and(tok_kind k) { return k == T_AND ? OP_AND : OP_NONE; }
static op_kind pick_add(tok_kind k) { return k == T_PLUS ? OP_ADD : k == T_MINUS ? OP_SUB : OP_NONE; }
static op_kind pick_mul(tok_kind k) { return k == T_STAR ? OP_MUL : k == T_SLASH ? OP_DIV : OP_NONE; }
static op_kind pick_cmp(tok_kind k)
{
    switch (k) {
    case T_EQ: return OP_EQ;
    case T_NE: return OP_NE;
    case T_LT: return OP_LT;
    case T_LE: return OP_LE;
    case T_GT: return OP_GT;
    case T_GE: return OP_GE;
    default: return OP_NONE;
    }
}

static char *split_name(parser *p, expr_node *n, size_t pos, size_t len)
{
    const char *s = p->lx.src + pos;
    int nseg = 1;
    for (size_t i = 0; i < len; i++)
        nseg += s[i] == '.';
    n->segs = XALLOC(calloc((size_t)nseg, sizeof *n->segs));
    if (!n->segs)
        return NULL;
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && s[i] != '.')
            continue;
        char *seg = XALLOC(strndup(s + start, i - start));
        if (!seg)
            return NULL;
        n->segs[n->nseg++] = seg;
        start = i + 1;
    }
    return n->segs[0];
}

static expr_node *parse_call(parser *p, size_t name_pos, size_t name_len)
{
    expr_node *n = new_node(p, N_CALL, name_pos);
    if (!n)
        return NULL;
    n->fname = XALLOC(strndup(p->lx.src + name_pos, name_len));
    if (!n->fname) {
        fail(p, name_pos, NULL);
        goto bad;
    }
    if (!advance(p))                       /* the '(' */
        goto bad;
    if (p->tok.kind == T_RPAREN) {
        advance(p);
        return failed(p) ? (expr_node_free(n), NULL) : n;
    }
    for (;;) {
        expr_node *arg = parse_or(p);
        if (!arg || !add_kid(p, n, OP_NONE, arg))
            goto bad;
        if (p->tok.kind == T_COMMA) {
            if (!advance(p))
                goto bad;
            continue;
        }
        if (p->tok.kind == T_RPAREN) {
            if (!advance(p))
                goto bad;
            return n;
        }
        if (p->tok.kind != T_ERR)
            fail(p, p->tok.pos, expr_msg("expected ',' or ')' in the arguments of %s", n->fname));
        goto bad;
    }
bad:
    expr_node_free(n);
    return NULL;
}

static expr_node *parse_primary(parser *p)
{
    expr_token *t = &p->tok;
    expr_node *n;
    switch (t->kind) {
    case T_NUM:
        if (!(n = new_node(p, N_NUM, t->pos)))
            return NULL;
        n->num = t->num;
        break;
    case T_STR:
        if (!(n = new_node(p, N_STR, t->pos)))
            return NULL;
        n->str = t->str;
        t->str = NULL;
        break;
    case T_TRUE:
    case T_FALSE:
        if (!(n = new_node(p, N_BOOL, t->pos)))
            return NULL;
        n->b = t->kind == T_TRUE;
        break;
    case T_NAME: {
        size_t pos = t->pos, len = t->len;
        if (!advance(p))
            return NULL;
        if (t->kind == T_LPAREN) {
            if (memchr(p->lx.src + pos, '.', len))
                return fail(p, pos, expr_msg("'%.*s' cannot be called: a function name has no "
                                             "'.'", (int)(len > 40 ? 40 : len), p->lx.src + pos));
            return parse_call(p, pos, len);
        }
        if (!(n = new_node(p, N_NAME, pos)))
            return NULL;
        if (!split_name(p, n, pos, len)) {
            expr_node_free(n);
            return fail(p, pos, NULL);
        }
        return n;
    }
    case T_LPAREN: {
        size_t open = t->pos;
        if (!advance(p))
            return NULL;
        n = parse_or(p);
        if (!n)
            return NULL;
        if (t->kind != T_RPAREN) {
            expr_node_free(n);
            if (t->kind == T_EOF)
                return fail(p, t->pos, expr_msg("missing ')' to close the '(' at byte %zu", open));
            char *what = expr_tok_describe(&p->lx, t);
            if (!what)
                return fail(p, t->pos, NULL);
            char *msg = expr_msg("expected ')' to close the '(' at byte %zu, found %s", open, what);
            free(what);
            return fail(p, t->pos, msg);
        }
        break;
    }
    case T_EOF:
        return fail(p, t->pos, expr_msg("unexpected end of expression"));
    default:
        return fail_unexpected(p, "");
    }
    if (!advance(p)) {
        expr_node_free(n);
        return NULL;
    }
    return n;
}

/* A prefix operator (unary minus or plus, not) applied to what `operand` parses; the
 * operator token is the current one. */
static expr_node *parse_prefix(parser *p, node_kind kind, expr_node *(*operand_fn)(parser *))
{
    size_t pos = p->tok.pos;
    if (!enter(p) || !advance(p))
        return NULL;
    expr_node *operand = operand_fn(p);
    p->depth--;
    if (!operand)
        return NULL;
    expr_node *n = new_node(p, kind, pos);
    if (!n || !add_kid(p, n, OP_NONE, operand)) {
        if (!n)
            expr_node_free(operand);
        expr_node_free(n);
        return NULL;
    }
    return n;
}

static expr_node *parse_unary(parser *p)
{
    if (p->tok.kind != T_MINUS && p->tok.kind != T_PLUS)
        return parse_primary(p);
    return parse_prefix(p, p->tok.kind == T_MINUS ? N_NEG : N_POS, parse_unary);
}

static expr_node *parse_mul(parser *p) { return parse_chain(p, N_ARITH, parse_unary, pick_mul); }
static expr_node *parse_add(parser *p) { return parse_chain(p, N_ARITH, parse_mul, pick_add); }

static expr_node *parse_cmp(parser *p)
{
    size_t pos = p->tok.pos;
    expr_node *left = parse_add(p);
    if (!left)
        return NULL;
    op_kind op = pick_cmp(p->tok.kind);
    if (op == OP_NONE)
        return left;
    expr_node *n = new_node(p, N_CMP, pos);
    if (!n) {
        expr_node_free(left);
        return NULL;
    }
    if (!add_kid(p, n, OP_NONE, left) || !advance(p))
        goto bad;
    expr_node *right = parse_add(p);
    if (!right || !add_kid(p, n, op, right))
        goto bad;
    if (pick_cmp(p->tok.kind) != OP_NONE) {
        fail(p, p->tok.pos, expr_msg("comparisons cannot be chained; join them with 'and'"));
        goto bad;
    }
    return n;
bad:
    expr_node_free(n);
    return NULL;
}

static expr_node *parse_not(parser *p)
{
    if (p->tok.kind != T_NOT)
        return parse_cmp(p);
    return parse_prefix(p, N_NOT, parse_not);
}

static expr_node *parse_and(parser *p) { return parse_chain(p, N_AND, parse_not, pick_and); }

static expr_node *parse_or(parser *p)
{
    if (!enter(p))
        return NULL;
    expr_node *n = parse_chain(p, N_OR, parse_and, pick_or);
    p->depth--;
    return n;
}

/* A name where a keyword was probably meant: "a AND b". */
static const char *keyword_hint(const parser *p)
{
    static const char *const words[] = { "and", "or", "not", "true", "false" };
    if (p->tok.kind != T_NAME)
        return NULL;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strlen(words[i]) == p->tok.len && strncasecmp(words[i], p->lx.src + p->tok.pos, p->tok.len) == 0)
            return words[i];
    return NULL;
}

expr *expr_parse(const char *src, size_t len, char **err, size_t *err_pos)
{
    parser p;
    expr *e = NULL;
    expr_node *root = NULL;
    if (err)
        *err = NULL;
    if (err_pos)
        *err_pos = 0;
    memset(&p, 0, sizeof p);
    expr_lex_init(&p.lx, src, len);
    if (advance(&p)) {
        if (p.tok.kind == T_EOF) {
            fail(&p, 0, expr_msg("empty expression"));
        } else {
            root = parse_or(&p);
            if (root && p.tok.kind != T_EOF) {
                const char *kw = keyword_hint(&p);
                char *suffix = kw ? expr_msg(" (keywords are lowercase: '%s')", kw)
                                  : expr_msg(" (expected an operator or the end of the expression)");
                if (suffix)
                    fail_unexpected(&p, suffix);
                else
                    fail(&p, p.tok.pos, NULL);
                free(suffix);
            }
        }
    }
    free(p.tok.str);
    if (!failed(&p)) {
        e = XALLOC(calloc(1, sizeof *e));
        char *copy = XALLOC(malloc(p.lx.len + 1));
        if (e && copy) {
            if (p.lx.len)
                memcpy(copy, src, p.lx.len);
            copy[p.lx.len] = '\0';
            e->src = copy;
            e->len = p.lx.len;
            e->root = root;
            return e;
        }
        free(e);
        free(copy);
        fail(&p, 0, NULL);
    }
    expr_node_free(root);
    if (err)
        *err = p.lx.oom ? XALLOC(strdup("out of memory")) : p.lx.err;
    else
        free(p.lx.err);
    if (p.lx.oom)
        free(p.lx.err);
    if (err_pos)
        *err_pos = p.lx.err_pos;
    return NULL;
}

void expr_free(expr *e)
{
    if (!e)
        return;
    expr_node_free(e->root);
    free(e->src);
    free(e);
}

const char *expr_source(const expr *e)
{
    return e ? e->src : "";
}
