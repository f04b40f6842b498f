/* The fingerprint of a draft in a red-flag set (core/redflag.h): what the folder flags compare,
 * kept small (digests, and only the indicator rows whose figures are numbers). */
#ifndef SELFEVAL_CORE_REDFLAG_INTERNAL_H
#define SELFEVAL_CORE_REDFLAG_INTERNAL_H

#include "core/redflag.h"
#include <stdint.h>

/* A piece of long text: a line of a field marked "copy_check", spaces removed. */
typedef struct {
    uint64_t digest;      /* of the piece */
    uint64_t unit;        /* of its draft's unit (a blank unit: of the file, so it is its own) */
    uint32_t entry;       /* index of its draft */
    uint32_t field;       /* index into its entry's paths */
    uint32_t line;        /* 1, 2, … within a text of several lines; 0 when one line */
} rf_text;

/* An indicator row with a number in its target or actual. */
typedef struct {
    uint64_t key;         /* form, unit, table name, 三级指标: the same indicator another year */
    uint32_t entry;
    char *s;              /* one allocation: target \0 actual \0 direction \0 target's path */
} rf_row;

typedef struct {
    bool present, reference;
    char *file, *unit, *year;    /* unit and year trimmed; "" when blank */
    long year_num;               /* -1 when the year is not a number */
    char **paths;                /* display paths of the fields that have pieces */
    uint32_t npaths;
    finding_list flags;
} rf_entry;

/* Fills the entry's strings and appends its texts and rows (entry index `ix`). -1 OOM. */
typedef struct {
    rf_text *v;
    size_t n, cap;
} rf_texts;
typedef struct {
    rf_row *v;
    size_t n, cap;
} rf_rows;
int rf_fingerprint(const engine *e, uint32_t ix, rf_entry *en, rf_texts *texts, rf_rows *rows);

/* First 8 bytes of the SHA-256 of the parts, each followed by a NUL. */
uint64_t rf_digest(const char *const *parts, size_t n);

#endif
