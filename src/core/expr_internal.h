/* Internals shared by the expression lexer, parser, binder and evaluator (core/expr.h).
 * Not part of the API: only src/core/expr_*.c include this. */
#ifndef SELFEVAL_CORE_EXPR_INTERNAL_H
#define SELFEVAL_CORE_EXPR_INTERNAL_H

#include "core/expr.h"
#include <stdarg.h>

/* How deep parentheses, call arguments and prefix operators may nest. Every recursive walk
 * of the tree is bounded by this (chains such as a + b + c are one node), so a hostile or
 * mistyped formula is refused with a message instead of exhausting the stack. */
#define EXPR_MAX_DEPTH 64

/* ---- Tokens ---- */

typedef enum {
    T_EOF, T_NUM, T_STR, T_NAME,         /* T_NAME spans a whole dotted name: funds.budget */
    T_TRUE, T_FALSE, T_AND, T_OR, T_NOT,
    T_LPAREN, T_RPAREN, T_COMMA,
    T_PLUS, T_MINUS, T_STAR, T_SLASH,
    T_EQ, T_NE, T_LT, T_LE, T_GT, T_GE,
    T_ERR                                /* the lexer's error is in expr_lexer.err */
} tok_kind;

typedef struct {
    tok_kind kind;
    size_t pos, len;      /* bytes of the token in the source */
    dec_t num;            /* T_NUM */
    char *str;            /* T_STR: decoded, malloc'd; whoever takes it sets this to NULL */
} expr_token;

typedef struct {
    const char *src;
    size_t len, cur;
    char *err;            /* malloc'd message; NULL with oom set when even that failed */
    size_t err_pos;
    bool oom;
} expr_lexer;

void expr_lex_init(expr_lexer *lx, const char *src, size_t len);
/* Reads the next token into *t (t->str is freed by the caller). T_ERR on a lexical error. */
tok_kind expr_lex_next(expr_lexer *lx, expr_token *t);
/* "'('", "'funds.budget'", "a string", "the end of the expression": how a message names a token. */
char *expr_tok_describe(const expr_lexer *lx, const expr_token *t);

/* Every allocation of the expression modules goes through XALLOC so that test builds can
 * make the k-th one fail and prove that each out-of-memory path frees what it made and
 * reports "out of memory" (tests/unit/test_expr.c walks k = 0, 1, 2, ...). */
#ifdef SELFEVAL_TESTING
bool expr_test_alloc_fails(void);
/* The allocation after `n` more successful ones fails (once); n < 0 turns this off.
 * Returns how many allocations failed since the previous call. */
long expr_test_fail_alloc_after(long n);
#else
static inline bool expr_test_alloc_fails(void) { return false; }
#endif
#define XALLOC(call) (expr_test_alloc_fails() ? NULL : (call))

/* vasprintf into a fresh string; NULL when out of memory. */
char *expr_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- Tree ---- */

typedef enum {
    N_NUM, N_STR, N_BOOL,
    N_NAME,               /* segs[0..nseg-1] */
    N_CALL,               /* fname(kids...) */
    N_NEG, N_POS, N_NOT,  /* kids[0] */
    N_ARITH,              /* kids[0] op1 kids[1] op2 kids[2] ...: one node per chain of + - or * / */
    N_CMP,                /* kids[0] op kids[1] */
    N_AND, N_OR           /* kids[0] and kids[1] and ... */
} node_kind;

typedef enum { OP_NONE, OP_ADD, OP_SUB, OP_MUL, OP_DIV,
               OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_AND, OP_OR } op_kind;

typedef enum { BI_HOST = -1, BI_IF, BI_ROUND, BI_MIN, BI_MAX, BI_ABS, BI_ISBLANK,
               BI_COALESCE } builtin_kind;

typedef struct {
    op_kind op;           /* the operator before this operand (OP_NONE for the first) */
    expr_node *node;
} expr_operand;

struct expr_node {
    node_kind kind;
    size_t pos;           /* where the node starts (a call: its name), for messages */
    dec_t num;            /* N_NUM */
    bool b;               /* N_BOOL */
    char *str;            /* N_STR (decoded, NUL-terminated, no NUL inside) */
    char **segs;          /* N_NAME */
    int nseg;
    char *fname;          /* N_CALL */
    expr_operand *kids;
    int nkids, capkids;

    /* Filled by expr_bind. */
    bool bound;
    expr_ref ref;         /* N_NAME */
    builtin_kind builtin; /* N_CALL */
    int func_id;          /* N_CALL with BI_HOST */
};

struct expr {
    char *src;            /* copy of the source, NUL-terminated */
    size_t len;
    expr_node *root;
    bool bound;           /* the last expr_bind succeeded */
};

void expr_node_free(expr_node *n);

#endif
