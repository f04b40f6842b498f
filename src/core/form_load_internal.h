/* Shared between the pieces of the form loader (not a public header): the loader's state and
 * the helpers every section of a form file is read with. */
#ifndef SELFEVAL_CORE_FORM_LOAD_INTERNAL_H
#define SELFEVAL_CORE_FORM_LOAD_INTERNAL_H

#include "form_internal.h"

#include <stdbool.h>

#define MAX_INCLUDE_DEPTH 4
#define FORM_MAX_ROWS 100000                  /* min_rows, max_rows */
#define FORM_MAX_TEXT (16u * 1024u * 1024u)   /* longer form files are refused */

typedef struct {
    form *top;                 /* the form being built (owns all nodes) */
    form *self;                /* the file being read (top, or an included form) */
    form_build *b;
    form_locator loc;
    form_source_fn src;
    void *src_ctx;
    char **err;
    int depth;
    const cJSON *root;         /* the tree of the file being read, for positions */
} loader;

char *fl_strdup(const char *s);
/* Records the first refusal: "FILE line L, column C: " + fmt (with a and b2); returns -1. */
int fl_fail(loader *L, size_t pos, const char *fmt, const char *a, const char *b2);
int fl_oom(loader *L);
/* Where `node` of the file being read starts (its key when `key`), for messages. */
size_t fl_at(loader *L, const cJSON *node, bool key);
/* fl_fail at the value of `node`. */
int fl_fail_at(loader *L, const cJSON *node, const char *fmt, const char *a, const char *b2);
/* Member `key` of o when it is a string; NULL when absent. Present but not a string: refused
 * (the first refusal is kept in *L->err, and the load fails at its end) and NULL. */
const char *fl_str(loader *L, const cJSON *o, const char *key);
/* Member `key` as true/false (absent: false); anything else refused. */
int fl_bool(loader *L, const cJSON *o, const char *key, bool *out);
/* Member `key` as a whole JSON number from lo to hi into *out (absent: *out unchanged). */
int fl_int(loader *L, const cJSON *o, const char *key, int lo, int hi, int *out,
           const char *what);
bool fl_valid_id(const char *s);
/* Refuses keys the format does not know. */
int fl_check_keys(loader *L, const cJSON *o, const char *what, const char *const *allowed);
int fl_i18n(loader *L, const cJSON *o, const char *key, i18n *out, bool required,
            const char *what);
int fl_dec(loader *L, const cJSON *o, const char *key, dec_t *out, bool *has, const char *what);
int fl_severity(const char *s, severity *out);
/* A table's or repeated part's "row_prefix" (absent: dflt) into *out (malloc'd). */
int fl_row_prefix(loader *L, const cJSON *o, const char *dflt, char **out, const char *what);
fnode *fl_new_node(loader *L, node_kind k, const char *id, fnode *parent);
int fl_add_site(loader *L, expr *e, fnode *scope, size_t pos, const char *what, fnode *owner,
                int rule);
expr *fl_parse_expr(loader *L, const char *src, const char *what);

/* The sections of a form file, each in its own source file. */
int fl_load_section(loader *L, const cJSON *o, fnode *parent);    /* form_load_fields.c */
int fl_load_settings(loader *L, const cJSON *o);                  /* form_load_settings.c */
int fl_load_rules(loader *L, const cJSON *arr, fnode *scope_root);/* form_load_rules.c */
int fl_load_parts(loader *L, const cJSON *parts, fnode *attach);  /* form_load_parts.c */
int fl_load_file(loader *L, const char *buf, size_t len, fnode *attach); /* form_load.c */

#endif
