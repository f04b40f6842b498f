/* Red flags: what finance bureaus look for when they re-check (复核) self-evaluations, computed
 * for the reviewer (docs/review-flags.md). Each is a finding of severity notice with a code
 * under "review.".
 *
 * Flags about one draft come from the forms' own rules (the bundled forms: every indicator at full
 * marks, a cost indicator written with "≥", a satisfaction indicator without a survey figure,
 * completion ≥ 130% without an explanation), so they are in every engine's findings. Flags that
 * need other drafts — a target below last year's actual, text identical to another unit's —
 * come from a set of drafts (redflag_set): each draft is reduced to a small fingerprint
 * (its unit, file and year, and numbers standing for its long texts and its indicator rows'
 * actuals, shared by every draft with the same), so a folder of 10,000 submissions costs a
 * few megabytes; a draft's flags are found from the set and its computed draft when it is
 * reported (nothing is kept per flag), and attached to its engine with
 * engine_add_findings before it is reported. Pure: no I/O (store/redflag_scan.h reads files). */
#ifndef SELFEVAL_CORE_REDFLAG_H
#define SELFEVAL_CORE_REDFLAG_H

#include "core/engine.h"
#include "core/finding.h"
#include <stdbool.h>
#include <stddef.h>

#define REDFLAG_PREFIX "review."

/* Is this finding a red flag (code under "review.")? */
bool redflag_is(const finding *f);
/* The red flags among a computed draft's findings (the forms' and any attached ones). */
size_t redflag_count(const engine *e);

typedef struct redflag_set redflag_set;

redflag_set *redflag_set_new(void);   /* NULL when out of memory */
void redflag_set_free(redflag_set *s);

/* Adds the fingerprint of the computed draft `e` (`file` as named: not copied, it must stay
 * valid as long as the set) as entry `index` (the
 * caller's position in its list; any order, each index once). `reference`: a draft named
 * only as last year's (not reported on, never flagged; compared with drafts of the same form
 * and unit whatever its year). Returns 0, -1 when out of memory (the entry is left out). Safe
 * to call from one thread at a time. */
int redflag_set_add(redflag_set *s, size_t index, const engine *e, const char *file,
                    bool reference);
/* Compares every entry with the others; after this, redflag_set_findings answers. 0 or -1
 * (out of memory). Adding after finishing is refused (-1). */
int redflag_set_finish(redflag_set *s);
/* Appends to *out the flags of entry `index` (review.target_below_last_actual,
 * review.copied_text) with the display paths of the fields they are about. `e` is that
 * entry's draft computed again (the same file as added; the flags are found from it, not
 * kept). Nothing for a reference, an entry never added, or before finishing. 0, or -1 when out
 * of memory. The set is only read: several threads may ask at once. */
int redflag_set_findings(const redflag_set *s, size_t index, const engine *e,
                         finding_list *out);

/* Whether entry `index` of a finished set may have folder flags: one of its long texts
 * filed by another unit too, or a draft of its unit that may be last year's. false means
 * redflag_set_findings finds none, so a caller that only counts them need not compute the
 * draft again. */
bool redflag_set_may_flag(const redflag_set *s, size_t index);

#endif
