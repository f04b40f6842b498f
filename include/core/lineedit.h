/* Editing buffers for one field: a single line (text, numbers) or a paragraph (wrapped text).
 * No curses here: the TUI asks for what to draw (visible span, cursor column) and passes keys
 * as operations. All motion is by grapheme cluster; all widths come from text.h. */
#ifndef SELFEVAL_CORE_LINEEDIT_H
#define SELFEVAL_CORE_LINEEDIT_H

#include "core/text.h"
#include <stdbool.h>
#include <stddef.h>

typedef struct {
    char *buf;          /* UTF-8, NUL-terminated, owned */
    size_t len, cap;
    size_t cur;         /* byte offset of the cursor, always a cluster boundary */
    int scroll;         /* first visible display column (single-line horizontal scroll) */
    bool multiline;     /* paragraph: '\n' allowed, up/down move between wrapped lines */
    int top;            /* paragraph: first visible wrapped line */
    int goal_col;       /* paragraph: column kept while moving up/down, -1 when unset */
    char *killed;       /* last text removed by Ctrl-K/U/W (for Ctrl-Y), owned, may be NULL */
    size_t killed_len;
    int view_width;     /* paragraph: width of the last le_para_view/le_up/le_down, which
                           le_home/le_end use for the wrapped line; 0 before: the hard line */
    ambi_mode view_am;
} le_buf;

/* le_init and le_set clean the text as le_insert does. On failure (-1, out of memory) le_init
 * leaves a buffer that le_free accepts; le_set leaves the buffer unchanged. */
int  le_init(le_buf *e, const char *text, size_t len, bool multiline);   /* cursor at end */
void le_free(le_buf *e);
int  le_set(le_buf *e, const char *text, size_t len);                     /* replace all */

/* Inserts text at the cursor (single-line: newlines and tabs become spaces; control characters
 * dropped; invalid UTF-8 replaced). Returns 0 or -1 (out of memory, buffer unchanged).
 * Also: single-line drops trailing line ends (a cell copied from a spreadsheet ends in one);
 * a paragraph keeps '\n' (CR LF, CR become '\n') and turns tabs into a space each. The text
 * goes in with one memmove, whatever its size. Every edit and motion except le_up/le_down
 * resets goal_col. Kills replace (do not append to) the killed text; a kill that cannot save
 * the killed text (out of memory) deletes nothing and returns false. */
int  le_insert(le_buf *e, const char *text, size_t len);
void le_left(le_buf *e);
void le_right(le_buf *e);
void le_home(le_buf *e);                 /* start of line (paragraph: of the wrapped line) */
void le_end(le_buf *e);
void le_word_left(le_buf *e);
void le_word_right(le_buf *e);
bool le_backspace(le_buf *e);            /* returns whether anything changed */
bool le_delete(le_buf *e);
bool le_kill_to_end(le_buf *e);          /* Ctrl-K (paragraph: to the '\n', or that '\n') */
bool le_kill_to_start(le_buf *e);        /* Ctrl-U (paragraph: from the hard line's start) */
bool le_kill_word_back(le_buf *e);       /* Ctrl-W */
int  le_yank(le_buf *e);                 /* Ctrl-Y: insert the killed text */

/* Single line: adjust e->scroll so the cursor is visible in `width` columns and return the
 * cursor's column relative to the field's left edge. *vis_start / *vis_end get the byte span
 * of the clusters that are entirely visible (what to draw). Draw them from column
 * txt_width(e->buf, *vis_start, am) - e->scroll (1, not 0, when a wide character straddles the
 * left edge; the cell it would half fill stays blank, as at the right edge). A margin of up to
 * 3 columns (a quarter of the width) is kept on both sides of the cursor while text is there. */
int le_view(le_buf *e, int width, ambi_mode am, size_t *vis_start, size_t *vis_end);
/* le_view in two pure halves, for a caller that settles the scroll in one step (its layout)
 * and draws in another that must change nothing:
 * le_view_scroll returns the scroll le_view would move `scroll` to (the view moves only as
 * far as the cursor and its margins need); le_view_span gives the visible span at `scroll`
 * as it stands and returns the cursor's column relative to the field's left edge. Neither
 * changes e (a cursor inside a cluster is taken at the cluster's start, as le_view snaps it).
 * le_view(e, ...) is e->scroll = le_view_scroll(e, e->scroll, ...), then le_view_span. */
int le_view_scroll(const le_buf *e, int scroll, int width, ambi_mode am);
int le_view_span(const le_buf *e, int scroll, int width, ambi_mode am, size_t *vis_start,
                 size_t *vis_end);

/* Paragraph: motion by wrapped line at `width` columns, to the column in goal_col (set from the
 * cursor on the first of a run of up/down moves). On the first (last) line nothing happens:
 * the caller can compare e->cur to move to the previous (next) field instead. On a soft-wrapped
 * line the furthest position is before its last cluster (its end is the next line's start);
 * le_end goes there too. */
void le_up(le_buf *e, int width, ambi_mode am);
void le_down(le_buf *e, int width, ambi_mode am);
/* Paragraph: adjust e->top so the cursor's line is within `height` lines; return the cursor's
 * (row, col) relative to the top-left of the box. The caller wraps with txt_wrap to draw.
 * A cursor at the end of the text on a full last line is shown at the start of the row after
 * it (where typing goes on); elsewhere a column past the box (hanging spaces) shows at
 * width - 1. */
void le_para_view(le_buf *e, int width, int height, ambi_mode am, int *row, int *col);

#endif
