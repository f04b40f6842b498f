/* The folder flags' set (core/redflag.h), shared by the files that fill it (redflag_set.c),
 * read drafts into it (redflag_fp.c) and find a draft's flags from it (redflag_flags.c).
 *
 * What is kept per draft is small and does not hold the flags themselves: its unit (a digest),
 * its file (the caller's string), unit and year (in one pool of strings), and two lists of
 * numbers: the long lines it
 * holds (numbers of distinct texts, "slots") and its indicator rows (numbers of distinct
 * indicator-and-actual pairs). A draft's flags are found when it is reported, from its own
 * computed draft (read again) and these lists: drafts made from one template share their
 * slots, so a folder of 10,000 costs about as much as its file names. */
#ifndef SELFEVAL_CORE_REDFLAG_INTERNAL_H
#define SELFEVAL_CORE_REDFLAG_INTERNAL_H

#include "core/redflag.h"
#include "core/report.h"
#include <stdint.h>
#include <string.h>

typedef struct {
    uint64_t unit;        /* digest of its unit (a blank unit: of its file, so it is its own) */
    const char *file;     /* the caller's */
    uint32_t str;         /* pool offset: unit \0 year \0 (trimmed) */
    int32_t year_num;     /* -1 when the year is not a number */
    uint32_t texts;       /* ids offset: its text slots (rf_list) */
    uint32_t rows;        /* ids offset: its row slots (rf_list) */
    bool present, reference, has_unit;
} rf_entry;

/* A distinct piece of long text. After finishing: how many units (not references) filed it,
 * and the first draft (by unit digest, then index) of the first two of those units. */
typedef struct {
    uint64_t digest;
    uint32_t units;
    uint32_t e1, e2;
    uint32_t mark;        /* finishing: the last unit group counted */
} rf_slot;

/* A distinct (indicator, actual) pair of an indicator row with a number in its target or
 * actual and an actual (a row with none is never last year's); the indicator's key leaves the
 * unit out (rows are compared within a unit). */
typedef struct {
    uint64_t key;         /* rf_rows */
    uint32_t actual;      /* pool offset of the actual as typed */
} rf_rowslot;

struct redflag_set {
    rf_entry *e;
    size_t ne, cape;
    char *pool;           /* NUL-terminated strings */
    size_t npool, cappool;
    unsigned char *ids;   /* the entries' lists */
    size_t nids, capids;
    rf_slot *slots;
    size_t nslots, capslots;
    uint32_t *slot_hash;  /* open addressing by digest: slot + 1, 0 empty */
    size_t slot_hash_cap;
    rf_rowslot *rows;
    size_t nrows, caprows;
    uint32_t *row_hash;   /* by key and actual: row slot + 1; freed when finished */
    size_t row_hash_cap;
    uint32_t *lists;      /* offsets of the distinct lists in ids; freed when finished */
    size_t nlists, caplists;
    uint32_t *list_hash;  /* by the list's bytes: index into lists + 1 */
    size_t list_hash_cap;
    uint32_t *byunit;     /* finished: present entries ordered by (unit, index) */
    size_t nbyunit;
    bool finished;
};

/* A list in s->ids: a count, then ascending numbers as differences, each as a varint. */
typedef struct {
    const unsigned char *p;
    uint32_t left, last;
} rf_list;
rf_list rf_list_at(const redflag_set *s, uint32_t off);
bool rf_list_next(rf_list *l, uint32_t *out);

static inline const char *rf_file(const redflag_set *s, const rf_entry *en)
{
    (void)s;
    return en->file;
}
static inline const char *rf_unit(const redflag_set *s, const rf_entry *en)
{
    return s->pool + en->str;
}
static inline const char *rf_year(const redflag_set *s, const rf_entry *en)
{
    const char *u = rf_unit(s, en);
    return u + strlen(u) + 1;
}

/* Slot of a digest, or -1 (finished sets: lookup only). */
int64_t rf_slot_find(const redflag_set *s, uint64_t digest);

/* ---- reading a computed draft (redflag_fp.c) ---- */

/* First 8 bytes of the SHA-256 of the parts, each followed by a NUL. */
uint64_t rf_digest(const char *const *parts, size_t n);
/* A copy of s without leading and trailing spaces ("" for NULL); NULL when out of memory. */
char *rf_trimmed(const char *s);

/* Each piece of long text: a line of a field marked "copy_check", spaces removed, at least as
 * long as the mark says; `line` 1, 2, … among the field's non-blank lines, 0 when the field
 * has one line. In document order. Returns 0, the callback's non-zero value, or -1 (OOM). */
typedef int (*rf_piece_fn)(void *ctx, const inode *field, uint32_t line, uint64_t digest);
int rf_pieces(const engine *e, rf_piece_fn fn, void *ctx);

/* Each indicator row with a 三级指标, a target field and a number in its target or actual,
 * with its key: the same indicator in another draft of the same unit (trimmed, not blank)
 * has the same key. Returns 0, the callback's non-zero value, or -1 (OOM). */
typedef int (*rf_row_fn)(void *ctx, const rep_indicator *r, uint64_t key);
int rf_rows(const engine *e, const char *unit, rf_row_fn fn, void *ctx);

#endif
