/* Shared between the pieces of the draft parser (draft_parse.c: the file and its 1.0 keys;
 * draft_parse_review.c: what the review flow adds). Not a public header. */
#ifndef SELFEVAL_CORE_DRAFT_PARSE_INTERNAL_H
#define SELFEVAL_CORE_DRAFT_PARSE_INTERNAL_H

#include "draft_internal.h"

#include <stdbool.h>

typedef struct {
    const char *buf;
    size_t len;
    const char *name;
    cJSON *root;
    char **err;
    bool failed;
    draft *d;
} pctx;

/* A refusal about `node` ("NAME line L, column C: what"); about the whole file; out of
 * memory. Each returns -1; only the first refusal is kept. */
int perr_at(pctx *c, const cJSON *node, bool key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
int perr(pctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int poom(pctx *c);

/* Member `key` of obj, a string when present (copied to *out, NULL when absent). */
int get_str(pctx *c, const cJSON *obj, const char *key, bool required, bool nonempty,
            const char *hint, char **out);

bool dp_in_list(const char *k, const char *const *list);
/* A status of ours (any, in a file of a newer minor version). */
bool status_ok(pctx *c, const char *s);

typedef struct {
    const char *id;
    size_t idx;
    const cJSON *node;
} idref;
/* The node of the first repeated id in document order, or NULL. Sorts v. */
const cJSON *first_dup(idref *v, size_t n);

/* Moves the members of obj not in `known` into *dst (created when needed), keeping order. */
int dp_move_unknown(cJSON *obj, const char *const *known, cJSON **dst);

/* draft_parse_review.c: first pass (checks and copies) and second pass (unknown keys). */
int dp_read_event_extras(pctx *c, const cJSON *m, draft_event *ev);
int dp_take_event_extras(cJSON *m, draft_event *ev);
int dp_read_queries(pctx *c);
int dp_read_recheck(pctx *c);
int dp_take_review(pctx *c);

#endif
