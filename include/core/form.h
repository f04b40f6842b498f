/* Form definitions: what a form asks for, how it computes and what it checks.
 * Loaded from the JSON files in forms/ (docs/form-format.md); nothing about a particular form is in C.
 *
 * A loaded form is one tree of nodes. A submission form includes other forms as parts; the
 * loader inlines each included form's sections under its part node, so the tree is complete
 * and every expression is bound to nodes of this tree. */
#ifndef SELFEVAL_CORE_FORM_H
#define SELFEVAL_CORE_FORM_H

#include "core/dec.h"
#include "core/expr.h"
#include "core/finding.h"
#include "core/indicator.h"
#include <stdbool.h>
#include <stddef.h>

typedef struct { char *zh, *en; } i18n;

typedef enum { N_FORM, N_PART, N_SECTION, N_GROUP, N_TABLE, N_FIELD, N_ROW } node_kind;

typedef enum {
    FT_TEXT, FT_PARAGRAPH, FT_INTEGER, FT_DECIMAL, FT_MONEY, FT_PERCENT, FT_DATE, FT_PHONE,
    FT_CHOICE
} field_type;

typedef enum { TYPED_NONE = 0, TYPED_COMPARE, TYPED_OVERRIDE } typed_mode;

typedef struct fnode fnode;

/* Carrying last year's draft over (core/carry.h): a field is left blank unless it says. */
typedef enum {
    CARRY_NONE = 0,
    CARRY_SELF,       /* "carry": true — last year's value, as a starting point */
    CARRY_NEXT_YEAR,  /* "carry": "next_year" — last year's value + 1 (a year) */
    CARRY_FROM        /* "carry_from": "actual" — last year's value of a sibling field */
} carry_kind;

/* What a field says about the whole draft ("meta": "unit" / "year" in the form file): the
 * filing unit or the year, kept in the draft's meta (core/draft_meta.h). */
typedef enum { FORM_META_NONE = 0, FORM_META_UNIT, FORM_META_YEAR } form_meta;

typedef struct {
    char *value;       /* stored text, e.g. "产出指标" */
    char *en;          /* English label (may be NULL) */
} form_choice;

struct fnode {
    node_kind kind;
    char *id;
    i18n label;
    i18n help;
    fnode *parent;
    fnode **kids;
    size_t nkids;
    int index;                  /* position in form->nodes */
    int rank;                   /* evaluation order of computed fields and rules (topological) */
    const struct form *origin;  /* the form file this node was defined in (for messages) */

    /* N_FIELD */
    field_type type;
    int scale;                  /* decimal digits shown; -1 = as typed (money keeps precision) */
    char *unit;                 /* e.g. "万元", "人", "%" (display only) */
    severity required;          /* SEV_ERROR / SEV_WARNING when required, or -1 */
    expr *required_when;        /* required only when this is true (NULL = always) */
    bool has_min, has_max;
    dec_t min, max;
    form_choice *choices; size_t nchoices;
    bool choices_open;          /* values outside the list are a warning, not an error */
    fnode *choices_parent;      /* dependent choices: the field whose value picks the list */
    char **choices_keys;        /* parallel lists: for parent value choices_keys[i] ... */
    form_choice **choices_by; size_t *nchoices_by; size_t nchoices_keys;
    expr *compute;              /* computed field */
    typed_mode typed;           /* may the clerk type the printed figure of a computed field */
    severity typed_sev;         /* severity of a typed figure that disagrees (TYPED_COMPARE) */
    expr *accept_lo, *accept_hi;/* TYPED_OVERRIDE: typed values within [lo, hi] are no override */
    char *default_text;         /* initial value in a new draft / new row */
    int width;                  /* preferred display width in columns (0 = automatic) */
    carry_kind carry;           /* what a table carried over to the next year keeps of it */
    bool hidden;                /* a column named by its table's "hidden_columns": a variant of
                                 * the printed table without it (一级 / 三级 only, no 二级). Not
                                 * drawn, not exported, no findings; its values are kept */
    char *carry_from;           /* CARRY_FROM: the sibling field whose last-year value it takes */
    int copy_check;             /* "copy_check": text of at least this many characters is
                                 * compared with other units' (review.copied_text); 0 = not */
    form_meta meta;             /* "meta": the draft's unit or year is what is typed here */

    /* N_TABLE and repeated N_PART */
    bool repeat;                /* N_PART: one instance per row of an array */
    int min_rows, max_rows;     /* max_rows 0 = unlimited */
    char *row_prefix;           /* row ids: "r", parts: "p" */

    /* N_SECTION: grid layout (fixed rows × column templates) */
    bool grid;
    int indent;                 /* N_GROUP: indentation level of the row label */

    /* Bound dependencies of this field (compute, required_when, accept, dependent choices):
     * what the engine must re-check it after. */
    expr_ref *deps; size_t ndeps;
    size_t pos;                 /* byte offset in origin's file (for messages) */
};

/* expr_ref encoding used by the form: id = index of the referenced node in form->nodes;
 * flags = anchor node index << 1 | FORM_REF_LIST. The anchor is the lowest common ancestor of
 * the expression's scope and the referenced node: evaluation walks up from the current
 * instance to the anchor's instance, then down to the node. A list reference crosses a table
 * or a repeated part below the anchor: only aggregates (sum, count, sumif) take it. */
#define FORM_REF_LIST 1
static inline int form_ref_anchor(const expr_ref *r) { return r->flags >> 1; }
static inline int form_ref_is_list(const expr_ref *r) { return r->flags & FORM_REF_LIST; }

typedef struct {
    char *code;
    severity sev;
    i18n message;               /* may contain {expr} placeholders */
    expr **placeholders; size_t nplaceholders;
    expr *when;                 /* the finding is reported when this is true */
    fnode *scope;               /* node the rule is defined on (form, part or table) */
    fnode *field;               /* field the finding is attached to (NULL = the scope) */
    int rank;
    const struct form *origin;
    expr_ref *deps; size_t ndeps;
    size_t pos;
} form_rule;

/* Host functions the form may call (bound by form_load; evaluated by the engine). */
typedef enum {
    FN_SUM = 0, FN_COUNT, FN_SUMIF, FN_IND_SCORE, FN_IND_LO, FN_IND_HI, FN_IND_OVER,
    FN_IND_APPLICABLE, FN_GRADE, FN_TEXT_AMOUNT, FN_IND_BELOW_LAST, FN_CONTAINS, FN_HAS_NUMBER,
    FN_COMPARATOR, FN__COUNT
} form_func;

typedef struct {
    char *name;                 /* "优" */
    i18n label;
    dec_t min;                  /* lower bound, inclusive */
} form_grade;

/* The figures a form may declare for summaries ("summary" in the form file): a table's name,
 * 年初预算数, 全年预算数, 全年执行数, 执行率, 总分, 等级 — in the order of form_summary_keys. */
#define FORM_NSUMMARY 7
extern const char *const form_summary_keys[FORM_NSUMMARY];

typedef struct form {
    char *id, *version;
    i18n title;
    char *file;                 /* path it was loaded from, for messages */
    fnode *root;                /* N_FORM */
    fnode **nodes; size_t nnodes;       /* every node, index order */
    form_rule *rules; size_t nrules;
    /* settings */
    ind_settings ind;
    char *tier_names[3];        /* owned texts that ind.tiers[i].name point to (when set) */
    form_grade *grades; size_t ngrades; /* best first */
    struct form **includes; size_t nincludes;  /* forms included as parts (owned) */
    fnode *summary[FORM_NSUMMARY];      /* declared figures (nodes of the top form's tree, below
                                         * this form's part when included); NULL if not declared */
    struct form_export *export; /* how its table is filed (core/form_export.h); NULL if none */
} form;

/* Finds the text of an included form by id (the store reads forms/<id>.json). Returns 0 and a
 * malloc'd buffer, or -1 with *err. */
typedef int (*form_source_fn)(void *ctx, const char *form_id, char **buf, size_t *len,
                              char **file, char **err);

/* Loads a form from JSON text. `file` names it in messages. Included forms are fetched with
 * `src`. A form with a syntax error, an unknown field, a cycle or a bad value is refused:
 * NULL and *err like "forms/project.json line 40, column 18: field indicators.score: compute:
 * unknown name 'wieght'". */
form *form_load(const char *buf, size_t len, const char *file, form_source_fn src, void *ctx,
                char **err);
void form_free(form *f);

const char *i18n_get(const i18n *t, bool english);   /* falls back to the other language */
const char *field_type_name(field_type t);
/* Child of n with this id, or NULL. */
fnode *fnode_child(const fnode *n, const char *id);
/* Dotted path of ids from the form root ("funds.rate"; parts included: "basic.staff.rate"). */
char *fnode_path(const fnode *n);
/* Puts the default text of every field below n (not inside tables or repeated parts: their
 * rows get defaults when added) into obj, the JSON object of n's values, creating section and
 * group objects on the way; values already there are kept. 0, or -1 when out of memory. */
struct cJSON;
int form_put_defaults(const fnode *n, struct cJSON *obj);

/* The nearest enclosing table or repeated part, or NULL. */
fnode *fnode_repeat_ancestor(const fnode *n);

#endif
