/* Shared by the pieces of the export model (not a public header). */
#ifndef SELFEVAL_EXPORT_XINTERNAL_H
#define SELFEVAL_EXPORT_XINTERNAL_H

#include "export/xtable.h"

typedef struct {
    char *rel;              /* storage path below the instance: "funds.rate", "indicators.r3.score" */
    const inode *n;
} xfield;

/* One form instance met on the walk, with its fields in document order. */
typedef struct {
    const form_export *x;
    char *prefix;           /* the instance's storage path and '.', or "" for the root */
    char *heading;
    char *year, *unit;      /* {year}, {unit} of its headings (core/draft_meta.h) */
    xfield *f; size_t nf, cap;
} xinst;

struct xt_doc {
    const draft *d;
    const engine *e;        /* set by xt_doc_from_engine: the instances' unit and year */
    xinst *inst; size_t ninst, cap;
    bool skipping;          /* inside an instance without an export block */
    finding_list findings;
    xt_table **tables; size_t ntables;
    xt_chapter *ch; size_t nch;
    char *title;
};

/* Builds the grid of one instance from its layout. NULL when out of memory. */
xt_table *xt_build_table(const xt_doc *doc, const xinst *in, char *const *used, size_t nused);
/* The table of findings. NULL when out of memory. */
xt_table *xt_build_findings(const finding_list *fl, char *const *used, size_t nused);
void      xt_table_free(xt_table *t);
/* {year}, {year-1} and {unit} replaced by the instance's year and unit. Malloc'd. */
char *xt_subst(const xinst *in, const char *s);
const xfield *xt_find(const xinst *in, const char *rel);
/* Fills widths from the content and the layout's limits (NULL: findings defaults). */
void xt_fit_widths(xt_table *t, const xcol *limits);

#endif
