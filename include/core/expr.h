/* The expression language of form definitions (docs/form-format.md, "Expressions").
 *
 *   expr    := or
 *   or      := and { ("or" | "||") and }
 *   and     := not { ("and" | "&&") not }
 *   not     := ("not" | "!") not | cmp
 *   cmp     := add [ ("=" | "==" | "!=" | "<>" | "<" | "<=" | ">" | ">=") add ]
 *   add     := mul { ("+" | "-") mul }
 *   mul     := unary { ("*" | "/") unary }
 *   unary   := "-" unary | "+" unary | primary
 *   primary := NUMBER | STRING | "true" | "false" | name | call | "(" expr ")"
 *   name    := IDENT { "." IDENT }          IDENT = [A-Za-z_][A-Za-z0-9_]*
 *   call    := IDENT "(" [ expr { "," expr } ] ")"
 *   NUMBER  := digits [ "." digits ]        (exact decimal; no exponent)
 *   STRING  := '"' { char | '\"' | '\\' } '"'   (UTF-8)
 *
 * Names are resolved once, after parsing, by the host (the form engine), which turns each
 * dotted name into an opaque reference. Functions other than the built-in ones below are
 * resolved by the host too. Evaluation never uses floating point.
 *
 * Built-in functions (evaluated here):
 *   if(c, a, b)   round(x, n)   min(a, b, ...)   max(a, b, ...)   abs(x)
 *   isblank(x)    coalesce(a, b, ...)   (first non-blank)
 * Blank propagates: any arithmetic or comparison with a blank operand is blank with the same
 * reason; "and"/"or" treat blank as unknown (false and blank = false, true or blank = true).
 * Division is exact to 24 digits after the point (fewer only when the result would overflow),
 * which makes a later round(x, 2) exact for any divisor below 10^20. Division by zero gives
 * blank(VB_DIV_ZERO).
 */
#ifndef SELFEVAL_CORE_EXPR_H
#define SELFEVAL_CORE_EXPR_H

#include "core/value.h"
#include <stdbool.h>
#include <stddef.h>

typedef struct expr expr;             /* a parsed expression; owns its nodes and strings */
typedef struct expr_node expr_node;   /* opaque node */

/* Parse. On error returns NULL and fills *err (malloc'd message, e.g.
 * "expected ')' after arguments of min") and *err_pos (byte offset in src). */
expr *expr_parse(const char *src, size_t len, char **err, size_t *err_pos);
void  expr_free(expr *e);
const char *expr_source(const expr *e);

/* ---- Binding names and host functions ---- */

typedef struct {
    int id;        /* host's reference (e.g. a field definition index) */
    int flags;     /* host's flags */
} expr_ref;

typedef struct {
    /* Resolve a dotted name (segs[0..nseg-1]) to a reference. Return 0, or -1 with *err. */
    int (*resolve_name)(void *ctx, const char *const *segs, int nseg, expr_ref *out, char **err);
    /* Resolve a host function by name and argument count to an id >= 0; -1 with *err when
     * unknown or wrong arity. Built-ins are looked up first and never reach the host. */
    int (*resolve_func)(void *ctx, const char *name, int nargs, int *func_id, char **err);
} expr_binder;

/* Resolves every name and host function in e. On error: -1, *err, *err_pos. */
int expr_bind(expr *e, const expr_binder *b, void *ctx, char **err, size_t *err_pos);

/* Calls fn for every name reference in e (after binding), e.g. to build dependency graphs.
 * `in_host_call` is the host function id when the name appears directly as an argument of a
 * host function call (e.g. sum(indicators.score)), else -1. */
typedef void (*expr_ref_fn)(void *ctx, const expr_ref *ref, int in_host_call);
void expr_visit_refs(const expr *e, expr_ref_fn fn, void *ctx);

/* ---- Evaluation ---- */

typedef struct {
    /* The value of a name reference in the current evaluation context. */
    value_t (*get)(void *ctx, const expr_ref *ref);
    /* A host function call. args[i] are evaluated values, except that an argument that is
     * itself a bare name is ALSO passed as refs[i] (NULL otherwise), so aggregates such as
     * sum(indicators.score) can walk a table column. Returns the value; may set *oom. */
    value_t (*call)(void *ctx, int func_id, const value_t *args, const expr_ref *const *refs,
                    int nargs);
} expr_host;

/* Evaluates. Strings produced by evaluation (none today) would live in the expr.
 * Details (src/core/expr_eval.c):
 *  - an expr that is not (successfully) bound evaluates to blank(VB_BAD_INPUT);
 *  - "=" / "!=" between different kinds (1 = "1") and "<" etc. on strings or truth values
 *    give blank(VB_BAD_INPUT), as does arithmetic on a string or a truth value;
 *  - conditions (if, and, or, not) take truth values or numbers (non-zero is true); a string
 *    is blank(VB_BAD_INPUT), i.e. unknown;
 *  - the first problem from the left wins: blank + 1/0 is blank with the first reason;
 *  - round(x, n) pads to n digits (round(2.5, 2) = 2.50); a literal n outside 0..12 is a
 *    binding error, a computed one gives blank(VB_BAD_INPUT);
 *  - isblank is true only for a blank value, not for "".
 * Evaluation never allocates and never writes to e (host-call arguments are on the stack, at
 * most EXPR_HOST_MAX_ARGS of them: binding refuses more), so threads may evaluate one expr at
 * once. */
#define EXPR_HOST_MAX_ARGS 64
value_t expr_eval(const expr *e, const expr_host *h, void *ctx);

/* Truthiness used by rules: V_BOOL true, or a non-zero number. Blank is not true. */
bool value_truthy(value_t v);
/* Equality used by "=": numbers numerically (1.50 = 1.5), strings bytewise, bools. */
bool value_equal(value_t a, value_t b);

#endif
