/* Strict JSON: a parser over raw bytes that builds cJSON trees.
 *
 * cJSON 1.7.15 keeps duplicate keys, lets invalid UTF-8 through, truncates strings at \u0000,
 * throws away the text of numbers and reports errors through a global pointer. Files people
 * edit by hand (drafts, forms) deserve better: this module refuses anything but one clean
 * JSON value (RFC 8259) and says where, by byte offset, and what was expected. The same
 * pass that checks the text builds the tree cJSON_Parse would have built (one reading of the
 * text, not a check and then cJSON's parse).
 *
 * Refused: syntax errors, trailing garbage, a UTF-8 byte order mark, duplicate keys in any
 * object (compared after decoding escapes, case-sensitively), invalid UTF-8 anywhere
 * (overlong forms, encoded surrogates, code points above U+10FFFF, truncated sequences),
 * raw control characters in strings, "\u0000", lone or reversed surrogate escapes, nesting
 * deeper than the limit, texts longer than the limit, numbers longer than 63 characters
 * (some cJSON builds cut them there and then fail). */
#ifndef SELFEVAL_CORE_JSON_STRICT_H
#define SELFEVAL_CORE_JSON_STRICT_H

#include <cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#define JSON_STRICT_MAX_NUMBER 63   /* characters in one number */

typedef struct {
    size_t max_bytes;   /* longer texts are refused; 0 = no limit */
    int max_depth;      /* objects/arrays nested deeper are refused (the outermost is level 1);
                         * 0 or anything above 1000 means 1000, cJSON's own limit */
} json_strict_limits;

typedef struct {
    size_t offset;      /* byte offset of the problem */
    bool positioned;    /* false: about the whole text (too large): no line and column */
    char *what;         /* "expected ',' or '}' after a member" (malloc'd; NULL when out of memory) */
} json_strict_error;

/* Checks that buf[0..len) is one strict JSON value with nothing after it but white space.
 * Returns 0 when it is; -1 when it is not (err->offset, err->what filled; free err->what);
 * -2 when out of memory. buf need not be NUL-terminated. */
int json_strict_check(const char *buf, size_t len, const json_strict_limits *lim,
                      json_strict_error *err);

/* Line (1-based) and column (1-based, in characters: UTF-8 continuation bytes are not
 * counted) of byte offset `off` in buf. */
void json_line_col(const char *buf, size_t len, size_t off, int *line, int *col);

/* "NAME line L, column C: what" (malloc'd; NULL when out of memory). NULL name = "input". */
char *json_error_at(const char *name, const char *buf, size_t len, size_t off, const char *what);

/* What json_strict_check accepts, as a cJSON tree (free it with cJSON_Delete), built in the
 * same pass: the tree cJSON_Parse would build from the text (types, keys, member order,
 * strings, valuedouble, valueint), except that number nodes also keep the exact text they were
 * written with in their valuestring: print that, never valuedouble, so a number in a key this
 * program does not know is written back byte for byte. On failure returns NULL and *err
 * (malloc'd) "NAME line L, column C: what was expected" (the message json_strict_check gives)
 * or "NAME: out of memory". */
cJSON *json_strict_parse(const char *buf, size_t len, const char *name,
                         const json_strict_limits *lim, char **err);

/* Where `node` (in the tree json_strict_parse made of buf) starts in buf: the byte offset of
 * its value, or with `key` set, of its key when it is an object member. For messages about
 * what the text means ("expected a string") after the syntax was found good. Costs one scan
 * of the text: call it only when reporting. Returns 0 when the node is not in the tree. */
size_t json_node_offset(const char *buf, size_t len, const cJSON *root, const cJSON *node,
                        bool key);

/* s as a JSON string, quoted and escaped minimally: UTF-8 is written as is; quote, backslash
 * and control characters (C0, DEL, C1) are escaped, so the text reads safely in a terminal.
 * Bytes that are not UTF-8 become U+FFFD: what is written is always what json_strict_check
 * accepts. NULL s is "". Malloc'd (NULL when out of memory); *len (may be NULL) its length. */
char *json_quote(const char *s, size_t *len);

#endif
