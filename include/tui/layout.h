/* The lines of one section screen: labels, values and units in columns aligned by display
 * width, grids (grid sections and tables) with their column widths. Rebuilt for every frame
 * (a section is at most a few hundred lines), so it always mirrors the instance tree. */
#ifndef SELFEVAL_TUI_LAYOUT_H
#define SELFEVAL_TUI_LAYOUT_H

#include "core/engine.h"
#include "core/text.h"
#include <stdbool.h>
#include <stddef.h>

typedef enum {
    LN_FIELD,       /* one field: label, value, unit */
    LN_PARA,        /* a further line of a paragraph field's preview (node = the field) */
    LN_HEADING,     /* a group's or an embedded table's label */
    LN_GRID_HEAD,   /* the column labels of a grid */
    LN_GRID_ROW,    /* a table row or a group of a grid section: one cell per column */
    LN_EMPTY        /* a table without rows (node = the table) */
} line_kind;

typedef struct {
    line_kind kind;
    int grid;               /* index in layout.grids for LN_GRID_*, LN_EMPTY; else -1 */
    int depth;              /* indentation level */
    inode *node;            /* the field / group / table / row */
    size_t cell0, ncells;   /* LN_GRID_ROW: layout.cells[cell0 .. cell0+ncells) (NULL: none) */
    size_t para_line;       /* LN_PARA: which wrapped line of the preview */
} lay_line;

typedef struct {
    const fnode *def;       /* the table, or the grid section */
    inode *table;           /* the table instance (rows can be added); NULL for a grid section */
    const fnode **cols;     /* column templates */
    size_t ncols;
    int *colw;              /* display width of each column */
    bool *numeric;          /* right-aligned columns */
    int labelw;             /* the row label column (row number, or a group's label) */
    size_t head_line;       /* its LN_GRID_HEAD line */
} lay_grid;

typedef struct {
    lay_line *lines;
    size_t nlines, lcap;
    inode **cells;
    size_t ncells, ccap;
    lay_grid *grids;
    size_t ngrids, gcap;
    int width;              /* screen columns laid out for */
    int gutter;             /* columns before labels (finding marks) */
    int labelw;             /* label column of LN_FIELD lines */
    int valx;               /* where values start */
    int valw;               /* value column width (text fields) */
    int numw;               /* value column width of numbers (right-aligned) */
    ambi_mode am;
    bool english;
} layout;

/* Lays out `section` (a section instance, or a table instance that is a section itself).
 * Returns 0, or -1 when out of memory (the layout is then empty but valid). */
int  layout_build(layout *L, inode *section, int width, bool english, ambi_mode am,
                  size_t para_preview_lines);
void layout_free(layout *L);

/* The field instances on line i (LN_FIELD: one; LN_GRID_ROW: its cells; else none). */
size_t layout_line_cells(const layout *L, size_t i, inode ***cells);
/* Where a field is: line and cell index; false when it is not on this screen. */
bool layout_find(const layout *L, const inode *field, size_t *line, size_t *cell);
/* First focusable (line, cell) at or after / before line i; false when none. */
bool layout_focusable_from(const layout *L, size_t i, int dir, size_t *line, size_t *cell);
/* A cell in column `want` of line i, or the nearest focusable one on it. */
bool layout_cell_near(const layout *L, size_t i, size_t want, size_t *cell);

/* Field kinds as the screen treats them. */
bool field_is_numeric(const fnode *def);
/* The clerk may type into it (an input field, or the printed figure of a computed one). */
bool field_is_editable(const inode *f);

#endif
