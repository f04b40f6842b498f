/* The engine's own structures (not a public header). */
#ifndef SELFEVAL_CORE_ENGINE_INTERNAL_H
#define SELFEVAL_CORE_ENGINE_INTERNAL_H

#include "core/engine.h"

#include <cJSON.h>

/* A rule evaluated in one context (once per row for "each" rules). Not part of the tree. */
typedef struct rule_unit rule_unit;

/* A unit of evaluation is either a field instance or a rule unit: the dependency graph links
 * units, and incremental recomputation evaluates the units reachable from a change in rank
 * order. */
typedef struct unit {
    bool is_rule;
    int rank;
    unsigned mark;                 /* generation when last collected */
    struct unit **dependents;
    size_t ndependents, capdependents;
} unit;

struct inode {
    unit u;                        /* must stay first: a unit* of a field is its inode* */
    const fnode *def;
    node_kind kind;                /* N_ROW for rows, else def->kind */
    inode *parent;
    inode **kids;
    size_t nkids, capkids;
    size_t idx;                    /* position among the parent's kids */
    cJSON *json;                   /* containers: object / array (NULL until written);
                                    * fields: the string leaf (NULL when nothing typed) */
    char *row_id;                  /* N_ROW: owned copy of "_id" */
    inode *field_block;            /* the field kids, allocated together (owned) */
    bool in_block;                 /* this inode lives in its parent's field_block */

    /* fields */
    value_t input;                 /* the typed text, parsed */
    value_t rule;                  /* computed fields: the rule's value (rounded to scale) */
    value_t value;                 /* effective value */
    char *norm;                    /* owned normalised text that input.str may point to */
    char *display;                 /* owned */
    char *rule_display;            /* owned (computed fields) */
    bool override_active;
    char *override_reason;         /* owned copy while override_active */
    finding_list checks;           /* the field's own findings */
    finding_list merged;           /* checks + findings of rules attached here */
    rule_unit **attached;          /* rule units whose findings land here */
    size_t nattached, capattached;
    struct ind_cache *icache;      /* N_ROW: the last indicator scoring of this row */
};

struct rule_unit {
    unit u;                        /* must stay first */
    const form_rule *rule;
    inode *ctx;                    /* row, part instance or root the rule runs in */
    inode *target;                 /* instance its findings are attached to */
    finding_list findings;
};

struct engine {
    const form *f;
    draft *d;
    inode *root;
    rule_unit **rules;
    size_t nrules, caprules;
    unsigned gen;
    size_t eval_count;
    unit **work;                   /* scratch for recomputation */
    size_t capwork;
    bool edges_built;              /* dependents filled in (eng_edges_ensure) */
    int *scope_first, *scope_next; /* rules by scope node: chains of rule indices */
};

/* engine_build.c */
inode *eng_build_instance(engine *e, const fnode *def, node_kind kind, inode *parent,
                          cJSON *json);
void   eng_inode_free(inode *n);
int    eng_kid_append(inode *parent, inode *kid);
int    eng_graph_build(engine *e);      /* rule units; -1 out of memory */
int    eng_edges_ensure(engine *e);     /* dependents, built on first need; -1 out of memory */
void   eng_graph_clear(engine *e);

/* engine_locate.c */
inode *eng_locate(inode *ctx, const fnode *anchor, const fnode *target);
/* Calls fn for each instance of `target` reachable from ctx's anchor instance (a list). */
typedef void (*eng_inst_fn)(void *c, inode *n);
void   eng_locate_all(inode *ctx, const fnode *anchor, const fnode *target, eng_inst_fn fn,
                      void *c);

/* engine_eval.c */
void eng_eval_unit(engine *e, unit *u);
void eng_recompute_from(engine *e, unit *start, eng_change *chg);
void eng_merge_findings(inode *n);

/* engine_input.c: the typed text of a field, parsed and checked */
void eng_parse_input(engine *e, inode *n, const char *text);
char *eng_format_value(const fnode *def, value_t v);   /* display text, malloc'd */
value_t eng_round_for(const fnode *def, value_t v);

/* engine_report.c: a finding about field n; both formats take the field's label (Chinese,
 * English) as their first conversion, then a, b, c (NULL ones as ""). */
void eng_report(inode *n, severity sev, const char *code, const char *fmt_zh, const char *fmt_en,
                const char *a, const char *b, const char *c);

/* engine_funcs.c */
void eng_ind_cache_free(struct ind_cache *c);
value_t eng_call(engine *e, unit *cur, inode *ctx, int func_id, const value_t *args,
                 const expr_ref *const *refs, int nargs);

#endif
