/* Shared between the pieces of the form loader (not a public header). */
#ifndef SELFEVAL_CORE_FORM_INTERNAL_H
#define SELFEVAL_CORE_FORM_INTERNAL_H

#include "core/form.h"
#include <cJSON.h>

/* Finds where things are in a form file, for messages: cJSON keeps no positions, so we look
 * for the JSON text of a value, moving forward as the loader walks the file in order. */
typedef struct {
    const char *buf;
    size_t len;
    size_t cursor;
    const char *file;
} form_locator;

size_t loc_find_string(form_locator *l, const char *s);
size_t loc_find_kv(form_locator *l, const char *key, const char *value);
/* "FILE line L, column C: " + message (malloc'd). */
char *loc_message(const char *file, const char *buf, size_t len, size_t pos, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Everything the binder needs about one expression. */
typedef struct {
    expr *e;
    fnode *scope;            /* names are resolved from here */
    const form *origin;      /* the file it was written in */
    const char *origin_buf;  /* that file's text, for positions */
    size_t origin_len;
    size_t pos;              /* byte offset of the JSON string holding it */
    char *what;              /* "field indicators.score: compute" (for messages) */
    fnode *owner_field;      /* field the expression belongs to, or NULL (rule) */
    int owner_rule;          /* rule index, or -1 */
} form_expr_site;

typedef struct {
    form_expr_site *sites;
    size_t n, cap;
    /* source texts of the files loaded (owned), so positions can be turned into lines */
    char **bufs; size_t *lens; size_t nbufs;
} form_build;

int  form_build_add_site(form_build *b, const form_expr_site *s);
void form_build_free(form_build *b);

/* Binds every expression, records dependencies, computes evaluation ranks, refuses cycles.
 * Returns 0 or -1 with *err. */
int form_bind_all(form *f, form_build *b, char **err);

/* Adds a node to form->nodes (assigns its index). -1 when out of memory. */
int form_register_node(form *f, fnode *n);

void fnode_free(fnode *n);

/* Looks a dotted path up from `scope`: in scope itself, then in each ancestor in turn (so a
 * field's siblings come first, then its section's siblings, then the form's root). Descends
 * through sections, groups, tables (their columns) and parts. NULL when nothing matches. */
fnode *form_resolve_path(fnode *scope, const char *const *segs, int nseg);

/* Reads the "summary" object of a form file (form_summary.c) into self->summary, paths from
 * `attach` (the node the file's sections hang on). -1 with *msg (malloc'd; NULL when out of
 * memory) and the offending key and value for locating it. */
int form_load_summary(form *self, const cJSON *obj, fnode *attach, char **msg,
                      const char **at_key, const char **at_value);

#endif
