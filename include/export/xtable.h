/* Export: the tables of a draft as they are filed, and the document around them.
 *
 * The export is one more consumer of the report walk: it is given each form instance that has
 * an export block (core/form_export.h), each field of it and each finding, in document order,
 * and builds from them a table model — a grid of cells, merged ranges, number formats, column
 * widths — that every output format renders: XLSX (export/xlsx.h), boxed text, CSV and the
 * Markdown document (export/xrender.h). Nothing here walks the engine itself. */
#ifndef SELFEVAL_EXPORT_XTABLE_H
#define SELFEVAL_EXPORT_XTABLE_H

#include "core/dec.h"
#include "core/draft.h"
#include "core/engine.h"
#include "core/finding.h"
#include "core/form_export.h"
#include <stdbool.h>
#include <stddef.h>

typedef enum { XV_EMPTY = 0, XV_TEXT, XV_NUMBER } xv_kind;

typedef struct {
    xv_kind kind;
    char *text;          /* what is shown: the text, or the number as displayed ("99.91%") */
    dec_t num;           /* XV_NUMBER: the value stored (a percent as its fraction, 0.9991) */
    int digits;          /* XV_NUMBER: digits after the point shown (percent: of the percent) */
    bool percent;
    int rows, cols;      /* the anchor of a range: its extent; 0 and 0 for a covered cell */
    bool covered;        /* inside another cell's merged range */
    xrow_style style;
    xalign align;        /* never XA_AUTO once built */
    bool label;          /* a heading or label (bold in a spreadsheet) */
} xt_cell;

typedef struct {
    char *sheet;         /* unique, valid sheet name (31 UTF-16 units, no []:*?/\) */
    char *title;         /* printed above the grid */
    char *heading;       /* what the document calls it ("附件2 部门整体支出绩效自评表") */
    int ncols, nrows;
    xt_cell *cells;      /* nrows × ncols, row-major */
    xrow_style *row_style;
    int *width;          /* display columns of each column (a CJK character is 2) */
    int repeat_rows;     /* rows repeated on printed pages, the title counted */
    bool findings;       /* the table of findings, not a form's table */
} xt_table;

/* A chapter of the report (a document part): its heading and its paragraphs, each with the
 * field's label as a sub-heading when the chapter has several. */
typedef struct {
    char *heading;
    char **subheads, **texts; size_t ntexts;
} xt_chapter;

typedef struct xt_doc xt_doc;

/* A new export of one draft (meta for {year}, {unit}, the properties). */
xt_doc *xt_doc_new(const draft *d);
void    xt_doc_free(xt_doc *x);

/* What the report walk hands over (export/xexport.h's writer calls these): a form instance
 * begins (its fields follow), a field, a finding. The instance is the root of a draft, a
 * part, or a row of a repeated part; one without an export block is skipped with its fields.
 * Storage paths are copied; the instances themselves are the engine's, so the engine must
 * outlive the xt_doc. Each returns 0, or -1 when out of memory. */
int xt_doc_instance(xt_doc *x, const inode *instance, const char *storage_path);
int xt_doc_field(xt_doc *x, const inode *field, const char *storage_path);
int xt_doc_finding(xt_doc *x, const finding *f);

/* After the walk: builds the tables (and the findings table when there are findings).
 * 0, or -1 with *err. */
int xt_doc_finish(xt_doc *x, char **err);

size_t          xt_doc_ntables(const xt_doc *x);
const xt_table *xt_doc_table(const xt_doc *x, size_t i);
size_t            xt_doc_nchapters(const xt_doc *x);
const xt_chapter *xt_doc_chapter(const xt_doc *x, size_t i);
const char       *xt_doc_title(const xt_doc *x);     /* the report's title, or NULL */
const draft      *xt_doc_draft(const xt_doc *x);
size_t            xt_doc_count(const xt_doc *x, severity s);

static inline const xt_cell *xt_at(const xt_table *t, int r, int c)
{
    return &t->cells[(size_t)r * (size_t)t->ncols + (size_t)c];
}
/* Display columns a range of columns offers its text in the text rendering (the separators
 * between them included). */
int xt_span_width(const xt_table *t, int c0, int ncols);

/* Sheet names: `want` cut to Excel's 31 UTF-16 units with []:*?/\ replaced by '_', leading
 * and trailing apostrophes removed, never empty (`fallback`), and different (case-insensitive,
 * as Excel compares) from the `n` names in `used`: "名称 (2)", "名称 (3)" … Malloc'd. */
char *xt_sheet_name(const char *want, const char *fallback, char *const *used, size_t n);

/* The nearest IEEE double to a decimal (XLSX stores numbers so). Exact decimal arithmetic stays
 * everywhere else; this is the one place a figure becomes binary, for the file format. */
double xt_dec_to_double(dec_t d);

#endif
