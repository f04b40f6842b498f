/* The export block of a form (docs/form-format.md, "Export"): how the form's table is laid out
 * when it is filed on paper, in a spreadsheet or in plain text. Pure data, checked when the form
 * is loaded: a layout that names a field the form does not have, or a row that does not fill
 * the table's width, refuses the form with the file, line and column, like any other mistake.
 *
 * The layout is a grid of `ncols` columns. Rows are listed top to bottom; each row lists its
 * cells left to right, each cell `span` columns wide. A band row puts one label cell in the
 * first column beside all the rows it holds (年度总体目标 beside its two rows); an `each` row is
 * repeated once per row of a table of the form (the indicator rows), with runs of the same
 * value in its `merge` columns joined into one cell. */
#ifndef SELFEVAL_CORE_FORM_EXPORT_H
#define SELFEVAL_CORE_FORM_EXPORT_H

#include "core/form.h"
#include <cJSON.h>
#include <stdbool.h>
#include <stddef.h>

typedef enum {
    XC_TEXT,    /* literal text; {year}, {year-1} and {unit} are replaced from the draft */
    XC_LABEL,   /* the label of a node of the form */
    XC_FIELD    /* the value of a field */
} xcell_kind;

typedef enum { XA_AUTO = 0, XA_LEFT, XA_CENTER, XA_RIGHT } xalign;

typedef struct {
    xcell_kind kind;
    i18n text;                 /* XC_TEXT */
    const fnode *node;         /* XC_LABEL, XC_FIELD */
    char *path;                /* XC_FIELD: path from the form's root, or a column id in an
                                * `each` row */
    int span;                  /* columns, >= 1 */
    i18n prefix;               /* XC_FIELD: text put before the value ("填表人：") */
    int number_from;           /* `each` rows: > 0 prefixes "N、" numbering rows from N */
    xalign align;
} xcell;

typedef enum { XR_CELLS, XR_EACH, XR_BAND } xrow_kind;

typedef enum {
    XS_BODY = 0,   /* boxed cells */
    XS_HEAD,       /* boxed, bold, centred: column headings */
    XS_FOOT,       /* below the table, no box: the sign-off line */
    XS_NOTE        /* below the table, no box, wrapped: 说明 */
} xrow_style;

typedef struct xrow xrow;
struct xrow {
    xrow_kind kind;
    xrow_style style;
    xcell *cells; size_t ncells;       /* XR_CELLS, XR_EACH */
    const fnode *table;                /* XR_EACH: the table whose rows repeat it */
    char *table_path;
    int *merge; size_t nmerge;         /* XR_EACH: indexes into cells, outermost first */
    i18n band;                         /* XR_BAND: the label beside the rows */
    xrow *rows; size_t nrows;          /* XR_BAND */
};

typedef struct {
    int min, max;                      /* display columns (a CJK character is 2) */
} xcol;

typedef struct form_export {
    bool document;                     /* the report: chapters of text, no table */
    i18n sheet;                        /* sheet name; */
    char *sheet_field;                 /* a field whose value names the sheet instead (the
                                        * project's name), NULL when none */
    const fnode *sheet_node;
    i18n title;                        /* printed above the table */
    int ncols;
    xcol *cols;
    int repeat_rows;                   /* top rows (the title included) repeated on every
                                        * printed page */
    xrow *rows; size_t nrows;
} form_export;

/* Reads the "export" member of a form file (obj may be NULL: no export block). `attach` is the
 * node the form's sections hang from (its root, or the part including it); `buf`/`len` the
 * file's text and `root` its parsed tree, for positions in messages. Returns 0 (setting
 * *out, NULL when there is no block) or -1 with *err "FILE line L, column C: export: …". */
int form_export_load(const char *file, const char *buf, size_t len, const cJSON *root,
                     const cJSON *obj, const fnode *attach, form_export **out, char **err);
void form_export_free(form_export *x);

/* The export block of the form a node was defined in (NULL when it has none). */
const form_export *fnode_export(const fnode *n);

#endif
