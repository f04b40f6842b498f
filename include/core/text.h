/* Display width and cursor motion over UTF-8 text, by grapheme cluster.
 *
 * Width comes from libunistring (u8_width) per grapheme cluster (u8_grapheme_breaks over the
 * whole value, never u8_grapheme_next pairwise). Ambiguous-width characters (≥ ≤ “ ” ① × …,
 * East Asian Width "A") count 1 column in AMBI_NARROW and 2 in AMBI_WIDE, to match a terminal
 * in CJK mode. Invalid UTF-8 bytes count as one column each and are never split. */
#ifndef SELFEVAL_CORE_TEXT_H
#define SELFEVAL_CORE_TEXT_H

#include <stdbool.h>
#include <stddef.h>

typedef enum { AMBI_NARROW = 0, AMBI_WIDE = 1 } ambi_mode;

bool txt_is_ambiguous(unsigned int codepoint);  /* East Asian Width "A" */
/* A bidi override or isolate (U+202A-U+202E, U+2066-U+2069): one column, drawn as a visible
 * symbol, never sent to a terminal, which would reorder the text around it. */
bool txt_is_bidi_control(unsigned int codepoint);

/* Columns a string takes. */
int txt_width(const char *s, size_t len, ambi_mode am);

/* Grapheme cluster boundaries: every byte offset b in [0, len] where a cluster starts, plus len.
 * Fills a malloc'd array; returns its count, or -1 when out of memory. */
typedef struct {
    size_t *off;     /* offsets of cluster starts, ascending, last one == len */
    size_t n;        /* number of entries (clusters + 1) */
} txt_clusters;
int  txt_clusters_make(const char *s, size_t len, txt_clusters *out);
void txt_clusters_free(txt_clusters *c);

/* Byte offset of the next / previous cluster boundary from pos (pos must be a boundary).
 * Each looks at the hard line ('\n' to '\n') around pos only. */
size_t txt_next(const char *s, size_t len, size_t pos);
size_t txt_prev(const char *s, size_t len, size_t pos);

/* pos when it is a cluster boundary, else the end of the cluster that contains it (after an edit
 * joins text, e.g. a base letter inserted before a combining mark). pos > len gives len. */
size_t txt_snap(const char *s, size_t len, size_t pos);
bool   txt_is_boundary(const char *s, size_t len, size_t pos);

/* Cluster widths, in detail: the width of the cluster's first code point (combining marks add
 * 0); 2 for a flag (two regional indicators) and for an emoji presentation sequence (U+FE0F);
 * ambiguous characters 2 in AMBI_WIDE; '\n' 0; an invalid byte, a control character and a
 * cluster that starts with a combining mark (no base: draw it on a space) 1. '\n' is always a
 * cluster of its own, also after '\r'. */

/* Word motion for Ctrl-W / Alt-B / Alt-F: a "word" is a run of letters/digits (CJK ideographs
 * each form their own word boundary class) ; spaces and punctuation separate.
 * In detail: with no dictionary to split Chinese, a run of ideographs and kana is one word (as
 * in Emacs), a run of letters, digits, marks and '_' another; a change of class ends a word
 * (项目abc is two); everything else (spaces, '\n', punctuation, symbols, emoji, invalid bytes)
 * separates. Prev goes to the start of the word before pos, next to the end of the one after. */
size_t txt_word_prev(const char *s, size_t len, size_t pos);
size_t txt_word_next(const char *s, size_t len, size_t pos);

/* Byte offset of the cluster boundary at display column `col` (the cluster containing it starts
 * there); *actual_col (may be NULL) gets the column where that cluster starts. The text ends at
 * its first '\n'; a col past the end gives that end. */
size_t txt_offset_at_col(const char *s, size_t len, int col, ambi_mode am, int *actual_col);

/* Wrap text into lines of at most `width` columns by Unicode line breaking
 * (u8_width_linebreaks), honouring '\n' as a hard break; a cluster wider than the line is put
 * on a line of its own. Lines exclude the newline. */
typedef struct { size_t start, end; } txt_span;
typedef struct { txt_span *lines; size_t n; } txt_lines;
/* Returns the number of lines (at least 1: empty text is one empty line, and a text ending in
 * '\n' has an empty last line), or -1 when out of memory. Lines are in order; between two lines
 * there is nothing (soft break) or one '\n'. Spaces past the edge hang at the end of a line that
 * has other content, as u8_width_linebreaks does; without a break opportunity a line breaks
 * before the cluster that does not fit. width < 1 counts as 1. */
int  txt_wrap(const char *s, size_t len, int width, ambi_mode am, txt_lines *out);
void txt_lines_free(txt_lines *l);

/* Valid UTF-8 without NUL bytes. */
bool txt_valid_utf8(const char *s, size_t len);

/* Copy of s with invalid bytes replaced by U+FFFD and control characters (other than '\n' and
 * '\t' when keep_newlines) removed; malloc'd, NULL when out of memory. Line ends of other
 * systems (CR LF, CR, NEL, U+2028, U+2029) count as '\n'. */
char *txt_sanitize(const char *s, size_t len, bool keep_newlines, size_t *out_len);

#endif
