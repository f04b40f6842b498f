/* The engine's own structures (not a public header). */
#ifndef SELFEVAL_CORE_ENGINE_INTERNAL_H
#define SELFEVAL_CORE_ENGINE_INTERNAL_H

#include "core/engine.h"
#include "core/indicator.h"

#include <cJSON.h>
#include <stdint.h>

/* A rule evaluated in one context (once per row for "each" rules). Not part of the tree. */
typedef struct rule_unit rule_unit;

/* A unit of evaluation is either a field instance or a rule unit: the dependency graph links
 * units, and incremental recomputation evaluates the units reachable from a change in rank
 * order. A draft has one unit per field, so the struct is kept small: the dependents array
 * grows by doubling from 2, so its capacity follows from its length (eng_unit_cap). */
typedef struct unit {
    struct unit **dependents;
    int rank;
    unsigned mark;                 /* generation when last collected */
    uint32_t ndependents;
    bool is_rule;
} unit;

/* What only computed fields need: allocated with the field (in its row's block), so the
 * other fields do not carry it. */
typedef struct {
    value_t rule;                  /* the rule's value (rounded to scale) */
    char *rule_display;            /* owned */
    char *override_reason;         /* owned copy while override_active */
    bool override_active;
    /* The typed figure is refused by the rule itself (a score outside [0, 分值], a score on a
     * row without an actual): it never counts, with or without a reason. Set while the
     * compute expression runs (engine_funcs.c), read right after it (engine_eval.c). */
    bool typed_refused;
    uint8_t state;                 /* field_state, set with the value (engine_eval.c) */
} inode_computed;

/* The rule units whose findings land on an instance, findings attached from outside the
 * engine (engine_add_findings), and both merged with the instance's own: most instances have
 * none, so this is allocated on the first attach. One allocation: the array follows the
 * header. */
typedef struct {
    finding_list merged;           /* checks + findings of the attached rules + outside */
    finding_list outside;          /* engine_add_findings: kept until the engine is freed */
    finding_list rechecks;         /* the root's: re-checks naming no field (recheck.orphan),
                                    * found again by every engine_recompute_all */
    uint32_t n, cap;
    rule_unit *v[];
} inode_attach;

/* A draft has one inode per field (26,000 for a 2,000-row table), and opening a draft pays for
 * touching them, so the struct holds only what every field needs; containers (rows, tables,
 * sections, the root) are an inode_container, whose inode comes first. */
struct inode {
    unit u;                        /* must stay first: a unit* of a field is its inode* */
    /* what building a field writes, in the first cache line */
    const fnode *def;
    inode *parent;
    cJSON *json;                   /* containers: object / array (NULL until written);
                                    * fields: the string leaf (NULL when nothing typed) */
    uint32_t nkids;
    uint32_t idx;                  /* position among the parent's kids */
    node_kind kind;                /* N_ROW for rows, else def->kind */
    bool in_block;                 /* this inode lives in its parent's field_block */

    /* fields */
    value_t input;                 /* the typed text, parsed */
    value_t value;                 /* effective value */
    char *norm;                    /* owned normalised text that input.str may point to */
    char *display;                 /* owned */
    finding_list checks;           /* the field's own findings */
    inode_attach *att;             /* owned; NULL until a rule unit is attached */
    inode_computed *comp;          /* computed fields; lives in the same allocation */
    inode **kids;                  /* NULL for fields */
};

/* Instances that are not fields. */
typedef struct {
    inode n;                       /* must stay first */
    size_t capkids;
    char *row_id;                  /* N_ROW: owned copy of "_id" */
    inode *field_block;            /* the field kids (and their inode_computed), owned */
    struct ind_cache *icache;      /* N_ROW: the last indicator scoring of this row */
} inode_container;

static inline inode_container *eng_container(const inode *n)
{
    return (inode_container *)n;   /* only for n->kind != N_FIELD */
}

static inline const finding_list *eng_findings(const inode *n)
{
    return n->att && (n->att->n || n->att->outside.len || n->att->rechecks.len) ? &n->att->merged
                                                                           : &n->checks;
}

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
    bool batch;                    /* engine_batch_begin: recompute once, at the end */
    bool batch_graph_gone;         /* the rule units were cleared by a structure change */
    bool batch_dirty;              /* something changed since engine_batch_begin */
    int *scope_first, *scope_next; /* rules by scope node: chains of rule indices */
    /* engine_why is evaluating for a derivation: functions must not report findings or
     * touch caches (the figures are already computed; only their texts are wanted) */
    bool explaining;
    bool counts_only;              /* engine_set_counts_only: rules' findings without messages */
    /* Evaluating "as typed" (engine_eval.c: why a typed total differs): fields computed with
     * a typed figure beside them give the typed figure, and those whose typed figure is not
     * the one that counts are listed in typed_used. */
    bool as_typed;
    inode **typed_used;
    size_t ntyped_used, captyped_used;
    /* meta.unit / meta.year as the file had them, when opening made them follow the cover
     * (core/draft_meta.h, draft_meta_findings); NULL when they already agreed */
    char *meta_before[3];
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
/* The host the engine evaluates expressions with: ctx is an eng_host_ctx. */
typedef struct {
    engine *e;
    unit *cur;
    inode *ctx;
} eng_host_ctx;
const expr_host *eng_host(void);
/* The value a field gives an expression: its value, or its typed figure when evaluating as
 * typed (see engine.as_typed). */
value_t eng_field_value(engine *e, inode *t);
void eng_eval_unit(engine *e, unit *u);
void eng_recompute_from(engine *e, unit *start, eng_change *chg);
void eng_merge_findings(inode *n);
/* engine_build.c: t's inode_attach, made (empty) when it has none; with room for one more
 * rule unit when `room`. NULL when out of memory. */
inode_attach *eng_attach_of(inode *t, bool room);

/* engine_input.c: the typed text of a field, parsed and checked */
void eng_parse_input(engine *e, inode *n, const char *text);
char *eng_format_value(const fnode *def, value_t v);   /* display text, malloc'd */
/* Why a figure cannot be computed, for messages: "所需数据未填" / "a figure it needs is blank". */
const char *eng_blank_reason(v_blank_why why, bool en);
value_t eng_round_for(const fnode *def, value_t v);

/* engine_report.c: a finding about field n; both formats take the field's label (Chinese,
 * English) as their first conversion, then a, b, c (NULL ones as ""). */
void eng_report(inode *n, severity sev, const char *code, const char *fmt_zh, const char *fmt_en,
                const char *a, const char *b, const char *c);

/* engine_funcs.c */
void eng_ind_cache_free(struct ind_cache *c);
value_t eng_call(engine *e, unit *cur, inode *ctx, int func_id, const value_t *args,
                 const expr_ref *const *refs, int nargs);
/* engine_textfn.c: contains, has_number, comparator (docs/form-format.md, "Expressions") */
value_t eng_text_fn(int func_id, const value_t *args, int nargs);
/* The ind_input of an indicator function's nine arguments (strings point into args). */
void eng_ind_input(const value_t *args, ind_input *in);
/* A table printed without its 二级 column (hidden, docs/form-format.md "hidden_columns") puts
 * the 二级 name into the 三级 cell of cost rows: when the row's 二级 is blank and its 三级 is
 * one of a hidden column's category names, it is scored as that category without a 三级 (a
 * row with nothing else is a placeholder, a 成本 category a cost row). ctx: a cell of the row. */
void eng_ind_hidden_category(const inode *ctx, ind_input *in);

#endif
