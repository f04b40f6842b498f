/* The outputs of an export (export/xtable.h): each renders the same tables. */
#ifndef SELFEVAL_EXPORT_XRENDER_H
#define SELFEVAL_EXPORT_XRENDER_H

#include "export/xtable.h"
#include <stdbool.h>
#include <stddef.h>

/* Every table drawn with box lines, columns aligned by display width (a CJK character is two
 * columns), long cells wrapped, merged cells drawn as one; tables separated by a form feed, so
 * a printer starts each on a page of its own. 0, or -1 when out of memory. */
int xt_render_text(const xt_doc *x, char **out, size_t *len);
/* One table as CSV (RFC 4180: CRLF, fields quoted when they hold a comma, a quote or a line
 * break), UTF-8, with a byte order mark when `bom` (spreadsheet programs on Windows want it).
 * The title is the first line; a merged cell's value is in its first cell, the others empty. */
int xt_render_csv(const xt_table *t, bool bom, char **out, size_t *len);
/* The report as Markdown: its title, its chapters in the form's order, then the tables as
 * attachments (pipe tables), then the findings. */
int xt_render_md(const xt_doc *x, char **out, size_t *len);

typedef struct {
    const char *version;       /* selfeval's version */
    const char *sha256;        /* of the draft file, hex */
    const char *draft_name;    /* the draft's file name */
} xt_props;

/* The workbook: one sheet per table, A4 landscape, one page wide, title and heading rows
 * repeated, numbers as numbers with their formats, the draft's sha256 and selfeval's version in
 * the document properties. Written to `path` as is (the caller makes it atomic). 0, or -1 with
 * *err. */
int xt_write_xlsx(const xt_doc *x, const char *path, const xt_props *p, char **err);

#endif
