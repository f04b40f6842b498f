/* Drawing text into the curses screen by grapheme cluster and display width (core/text.h),
 * never by byte or code point, so Chinese text, ambiguous characters and combining marks land
 * in the columns the layout counted. */
#ifndef SELFEVAL_TUI_DRAW_H
#define SELFEVAL_TUI_DRAW_H

#include "tui/term.h"
#include <stddef.h>

/* Display width of a NUL-terminated string in the terminal's ambiguous-width mode. */
int draw_width(const char *s);
int draw_widthn(const char *s, size_t len);

/* Draws at most maxw columns of s[0..len) at (y, x); a cluster that does not fit whole is left
 * out. Invalid bytes and control characters show as '?'. Returns the columns drawn. */
int draw_text(int y, int x, int maxw, const char *s, size_t len, attr_t a);
/* The same, then spaces up to maxw. */
void draw_text_pad(int y, int x, int maxw, const char *s, attr_t a);
/* Shortened with "…" when it does not fit, padded to maxw. */
void draw_text_fit(int y, int x, int maxw, const char *s, attr_t a);
/* Right-aligned in maxw columns (shortened with "…" when too wide). */
void draw_text_right(int y, int x, int maxw, const char *s, attr_t a);
void draw_fill(int y, int x, int w, attr_t a);
/* Byte length of the longest prefix of s that fits in maxw columns. */
size_t draw_prefix(const char *s, size_t len, int maxw);

/* UTF-8 bytes of a character typed (from get_wch); 0 for an invalid one. */
int utf8_encode(int code, char out[8]);

#endif
