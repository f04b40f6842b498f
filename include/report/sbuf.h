/* A growable text buffer (writers build a draft's output in one, then write it whole), and
 * the text helpers writers share. */
#ifndef SELFEVAL_REPORT_SBUF_H
#define SELFEVAL_REPORT_SBUF_H

#include <stdbool.h>
#include <stddef.h>

/* Out of memory sets `oom` and stops growing; the owner checks it once at the end (nothing
 * half-done is written). */
typedef struct {
    char *s;
    size_t len, cap;
    bool oom;
} sbuf;

void sb_add(sbuf *b, const char *s);
void sb_addn(sbuf *b, const char *s, size_t n);
void sb_addf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Spaces up to `width` display columns after text of `used` columns (at least one space). */
void sb_pad(sbuf *b, int used, int width);
/* A JSON string literal: quotes, \" \\ and control characters escaped (C0, DEL, and also C1
 * and bidi overrides as \uXXXX, so a terminal showing the JSON is safe too), other UTF-8 kept
 * as is. NULL gives null. */
void sb_json_str(sbuf *b, const char *s);
void sb_free(sbuf *b);
/* Text from a draft, a form, a lock or a journal, made safe for a terminal: control characters
 * (C0, DEL, C1) and bidi overrides (U+202A–U+202E, U+2066–U+2069) are shown as escapes
 * ("\x1b", "\u009b", "\u202e") instead of acting on the terminal; bytes that are not UTF-8
 * as "\xNN". keep_newlines: '\n' stays a line break (messages of several lines). */
void sb_add_visible_n(sbuf *b, const char *s, size_t n, bool keep_newlines);
void sb_add_visible(sbuf *b, const char *s);   /* NULL adds nothing */
/* The same into a new string (malloc'd; NULL when out of memory). */
char *sb_visible_dup(const char *s);
/* Display columns of UTF-8 text (CJK counts two). */
int sb_width(const char *s);

#endif
