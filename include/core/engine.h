/* The form engine: a form bound to a draft. It knows every field instance (a table's cells,
 * a repeated part's fields), computes what the form computes, checks what it checks, and
 * recomputes only what depends on a change.
 *
 * Ownership: the caller owns the form and the draft and keeps both alive longer than the
 * engine. Edits go through the engine (it writes the draft's values and keeps its own derived
 * state — computed values, display texts, findings — in step). */
#ifndef SELFEVAL_CORE_ENGINE_H
#define SELFEVAL_CORE_ENGINE_H

#include "core/draft.h"
#include "core/finding.h"
#include "core/form.h"
#include "core/indicator.h"
#include "core/value.h"
#include <stdbool.h>
#include <stddef.h>

typedef struct engine engine;
typedef struct inode inode;   /* an instance of a form node in this draft */

engine *engine_new(const form *f, draft *d, char **err);
/* The same without the first computation: nothing is computed or checked until
 * engine_recompute_all is called. For measuring what loading alone costs. */
engine *engine_open(const form *f, draft *d, char **err);
void    engine_free(engine *e);
/* Recomputes and re-checks everything (engine_new already did). */
void    engine_recompute_all(engine *e);
/* From now on the forms' rules make findings without their messages and paths (msg_zh,
 * msg_en and path ""): code and severity, on the field they are about. For a caller that only counts findings (a summary row):
 * formatting a message for every finding of every draft was a seventh of reading one. Open
 * with engine_open, set this, then engine_recompute_all. */
void    engine_set_counts_only(engine *e, bool on);
/* A batch of edits (a journal being replayed): rows added, moved or deleted and values set
 * are not followed each by a rebuild and recomputation, but by one at engine_batch_end, so n
 * edits cost O(n) rather than O(n^2). Between the two nothing computed (scores, findings) may
 * be read; the values typed and the rows are always right. */
void    engine_batch_begin(engine *e);
int     engine_batch_end(engine *e, char **err);

const form *engine_form(const engine *e);
draft      *engine_draft(const engine *e);

/* ---- The instance tree (mirrors the form; tables and repeated parts have N_ROW kids) ---- */
inode       *engine_root(const engine *e);
size_t       inode_nkids(const inode *n);
inode       *inode_kid(const inode *n, size_t i);
inode       *inode_parent(const inode *n);
const fnode *inode_def(const inode *n);          /* for N_ROW: the table / part node */
node_kind    inode_kind(const inode *n);
const char  *inode_row_id(const inode *n);       /* N_ROW: "r3"; else NULL */
size_t       inode_index(const inode *n);        /* position among its parent's kids */
/* "projects[1].indicators[3].score": row numbers from 1 (what people read). Malloc'd. */
char        *inode_display_path(const inode *n);
/* "projects.p1.indicators.r3.score": row ids (what files store). Malloc'd. */
char        *inode_storage_path(const inode *n);
/* Looks up a storage path or a display path; NULL when there is no such instance. */
inode       *engine_find(const engine *e, const char *path);

/* ---- Values ---- */
/* The text stored in the draft for this field ("" when none): what the clerk typed, or the
 * typed (printed) figure of a computed field. */
const char *inode_text(const inode *n);
/* What the screen shows: normalised input ("1,234.5" typed -> "1234.5"), computed figures at
 * their scale ("99.91%", "9.99"), "—" for a computed figure that cannot be computed. */
const char *inode_display(const inode *n);
value_t     inode_value(const inode *n);         /* effective value used by the form */
bool        inode_is_computed(const inode *n);
value_t     inode_rule_value(const inode *n);    /* computed fields: what the rule gives */
const char *inode_rule_display(const inode *n);  /* computed fields: the rule's figure shown */
bool        inode_is_override(const inode *n);   /* typed figure differs from the rule's */
const char *inode_override_reason(const inode *n);
/* An indicator row with a category and nothing else (docs/scoring.md, placeholder rows):
 * kept as printed, never scored, no finding; the editor shows it dim. False for other rows
 * and for anything that is not a row. */
bool        inode_row_is_placeholder(const inode *row);
/* An indicator row's scoring as the engine computed it from the row's cells (its
 * effective direction, whether it applies, its rule score …): what ind_score gives for them.
 * False when the row has none (not an indicator row, or not computed yet). */
bool        inode_row_ind_result(const inode *row, ind_result *out);

/* Where a field's value comes from, and how a figure typed beside a computed one stands.
 * Set by the engine as it computes (never read back from finding codes). */
typedef enum {
    FS_INPUT = 0,            /* not computed: what the clerk typed */
    FS_COMPUTED,             /* computed; nothing typed beside it */
    FS_TYPED_AGREES,         /* a figure typed beside the computed one that does not disagree
                              * (equal, within the accepted range, or not a number) */
    FS_TYPED_DISAGREES,      /* typed figure differs from the computed one (typed.mismatch);
                              * the computed one counts */
    FS_OVERRIDE,             /* typed figure differs from the rule's and has a reason: it counts */
    FS_OVERRIDE_NO_REASON,   /* typed figure differs from the rule's, no reason yet: the rule's
                              * counts (override.reason_missing) */
    FS_TYPED_UNCHECKED       /* a number typed beside a computed figure that cannot be computed
                              * (a figure it needs is blank or not a number, a division by 0):
                              * it cannot be checked, so it does not count; the field's value
                              * is "—" (typed.unchecked) */
} field_state;
field_state inode_state(const inode *n);
/* "input", "computed", "typed", "typed_mismatch", "override", "override_no_reason",
 * "typed_unchecked": stable
 * names for machine-readable outputs. */
const char *field_state_name(field_state s);
/* Findings about this instance (fields; rules attach to their field or scope). */
const finding_list *inode_findings(const inode *n);
/* Worst severity of the findings of n and everything below it; -1 when none. Counts too. */
int  inode_worst(const inode *n, size_t counts[3]);

/* How a computed field's figure came about, in Chinese and English: the form's expression
 * with the figures it used ("5.53 = 10 × 547.6879 ÷ 990，四舍五入"), an indicator row's rule
 * ("12.32 = 15 × 4926 ÷ 6000（正向，按比例，四舍五入）"), a grade's band, and the typed figure
 * when it is the one that counts. *zh and *en are malloc'd; both NULL when n is not a computed
 * field. `en` may be NULL: then only the Chinese text is made. Returns 0, or -1 when out of
 * memory. Changes no value and no finding. */
int engine_why(const engine *e, const inode *n, char **zh, char **en);

/* ---- Edits ---- */
typedef struct {
    size_t values_changed;     /* instances whose display changed (this one included) */
    size_t findings_changed;   /* instances whose findings changed */
    bool structure;            /* rows added/removed/moved: redraw the whole screen */
} eng_change;

/* Sets a field's text (input fields, and typed figures of computed fields). The text is
 * stored as typed (after removing control characters); numbers are parsed for computation.
 * Recomputes what depends on it. -1 with *err only for a non-field or out of memory; a bad
 * value is accepted and reported as a finding (nothing the clerk types is thrown away). */
int engine_set_text(engine *e, inode *field, const char *text, eng_change *chg, char **err);
/* Sets or clears (reason NULL or "") the reason of an override. */
int engine_set_override_reason(engine *e, inode *field, const char *reason, const char *by,
                               const char *at, eng_change *chg, char **err);
/* Rows of a table or repeated part. `at` from 0 to count. New rows get default values and a
 * fresh id (or `row_id` when not NULL: journal replay). */
int engine_row_add(engine *e, inode *table, size_t at, const char *row_id, inode **row,
                   eng_change *chg, char **err);
int engine_row_delete(engine *e, inode *table, size_t idx, eng_change *chg, char **err);
int engine_row_move(engine *e, inode *table, size_t from, size_t to, eng_change *chg,
                    char **err);
int engine_row_duplicate(engine *e, inode *table, size_t idx, inode **row, eng_change *chg,
                         char **err);

/* ---- Findings ---- */
/* Every finding of the draft in document order (copies into out). */
int    engine_findings(const engine *e, finding_list *out);
size_t engine_count(const engine *e, severity s);
/* Attaches findings computed outside the engine (a reviewer's folder flags, core/redflag.h)
 * to the instances their paths name (display or storage paths; the root when a path is "" or
 * names nothing), after the instance's own. They are then reported, counted and walked like
 * the engine's own, through edits (they were found from the draft as given), until the
 * engine is freed. Copies the strings. 0, or -1 when out of memory (those attached so far
 * stay). */
int    engine_add_findings(engine *e, const finding_list *l);
/* The draft's re-checks or queries changed: finds the recheck.orphan and query.orphan
 * findings again (core/recheck.h; a full recompute does it too). */
void   engine_rechecks_changed(engine *e);
/* Instances that have findings, in document order (for "next field with a finding"). */
size_t engine_finding_fields(const engine *e, inode ***out);   /* malloc'd array */

/* ---- Benchmarks and tests ---- */
/* Number of computed instances evaluated since the engine was made (a counter). */
size_t engine_eval_count(const engine *e);

#endif
