/* The reviewer's inbox (`selfeval review DIR`): one compact row per submission of a folder —
 * file, unit, form, year, 总分, grade, errors / warnings, open queries, red flags, status,
 * last modified — read with store/batch.h (form cache, worker threads) and kept as the row's
 * strings only: a draft is dropped as soon as its row is made, so memory grows with the rows,
 * not with the values of the drafts.
 *
 * Rows are read once, in the order of the folder walk (store/files.h); a view (sort keys and a
 * filter) lists some of them in some order. Reading can run on a thread of its own
 * (inbox_start / inbox_poll) so that a screen shows the rows read so far while the rest come.
 *
 * Threads: the inbox's functions are called from one thread; inbox_start's reader only appends
 * rows, under a lock taken by inbox_poll and inbox_refresh. */
#ifndef SELFEVAL_STORE_INBOX_H
#define SELFEVAL_STORE_INBOX_H

#include "core/dec.h"
#include "core/engine.h"
#include "core/finding.h"
#include "core/review.h"
#include "store/review_file.h"
#include <stdbool.h>
#include <stddef.h>

typedef enum {
    IB_FILE = 0, IB_UNIT, IB_FORM, IB_YEAR, IB_TOTAL, IB_GRADE, IB_ERRORS, IB_WARNINGS,
    IB_QUERIES, IB_FLAGS, IB_STATUS, IB_MODIFIED, IB__COUNT
} inbox_col;

/* "file", "unit", "form", "year", "total", "grade", "errors", "warnings", "queries", "flags",
 * "status", "modified"; NULL past the end. */
const char *inbox_col_name(inbox_col c);
/* The column of that name; -1 when none. */
int inbox_col_parse(const char *name);

typedef struct {
    /* texts as stored ("" when blank, never NULL); all in one block owned by the row */
    const char *file, *unit, *form, *year, *total, *grade, *status, *modified;
    const char *error;       /* the file could not be read: why (then the others are ""); else NULL */
    unsigned errors, warnings;
    unsigned queries;        /* open queries */
    unsigned flags;          /* red flags: the draft's own (findings coded review.*) and, once
                              * the folder is read, the folder's (core/redflag.h) */
    bool has_total;          /* total parsed as a number (for sorting) */
    dec_t total_value;
    char *block;             /* owns the texts */
} inbox_row;

/* Rows shown: all filters given must hold. */
typedef struct {
    const char *status;      /* only this status ("draft" for none); NULL or "": any */
    bool errors;             /* only rows with errors (an unreadable file counts) */
    bool open_queries;       /* only rows with open queries */
    const char *unit;        /* the unit contains this text (ASCII letters in any case);
                              * NULL or "": any */
} inbox_filter;

typedef struct inbox inbox;

inbox *inbox_new(void);      /* NULL when out of memory */
void inbox_free(inbox *ib);  /* stops a reading thread first */

/* Names last year's drafts (copied), compared with as `check --last` compares them (a target
 * below last year's actual) and never rows; before inbox_read or inbox_start. Each is read now
 * too, so that one that cannot be read is refused before the folder is: -1 and *err (malloc'd,
 * "last year's draft LAST: cannot read: …"; the names are then unchanged), else 0. The
 * reading reads them again (an error then is its error). */
int inbox_set_last(inbox *ib, const char *const *last, size_t nlast, char **err);

/* Last year's drafts named (inbox_set_last): how many; *names (when not NULL) the inbox's
 * copies of their names. */
size_t inbox_last(const inbox *ib, const char *const **names);

/* Called after each row is read with how many are read and how many there are; non-zero stops
 * the reading. On the reading thread. */
typedef int (*inbox_progress_fn)(void *ctx, size_t done, size_t total);

/* Reads every draft named (folders: every *.json below them, sorted by path) on `jobs` threads
 * (< 1: all processors), then reads them again for the folder's red flags (inbox_comparing;
 * the progress function hears of the first reading only). Returns 0; the progress
 * function's value when it stopped the reading; -1 with *err (malloc'd) when out of memory or
 * a last year's draft (inbox_set_last) cannot be read (then no row is read). Unreadable files
 * are rows with their reason. */
int inbox_read(inbox *ib, const char *const *args, size_t n, int jobs, inbox_progress_fn fn,
               void *ctx, char **err);

/* The same on a thread of its own: returns at once (0; -1 with *err when no thread). */
int inbox_start(inbox *ib, const char *const *args, size_t n, int jobs, char **err);
/* How far the reading is: rows read and rows to read (0 while the folder is being walked).
 * True once it has ended (then *err, malloc'd, says why when it failed). */
bool inbox_poll(inbox *ib, size_t *done, size_t *total, char **err);
/* True while every row is read and the drafts that may have folder red flags are read a
 * second time for them (the flags column then has each draft's own; the folder's are added
 * when this ends); *done of *total (may be NULL) so far. */
bool inbox_comparing(inbox *ib, size_t *done, size_t *total);
/* Stops the reading thread and waits for it (the rows read so far stay). */
void inbox_stop(inbox *ib);

/* Sorts by `col` first, then by the columns sorted by before (the last three), then by file:
 * sorting by status after sorting by unit lists each status's rows by unit. Stable and the same
 * whatever order the rows were read in. Texts (file, unit, form, year, modified) compare by
 * their UTF-8 bytes, which for Chinese unit names is the order of their code points (no
 * pinyin: the same on every machine, no locale needed); 总分 as a number; grade 差 < 中 < 良 <
 * 优; status in the order of the review (draft, submitted, returned, approved, rechecked);
 * counts as numbers. A blank (or an unreadable file's) value comes last in either direction. */
void inbox_sort(inbox *ib, inbox_col col, bool descending);
/* The primary sort column and direction. */
inbox_col inbox_sort_col(const inbox *ib, bool *descending);
/* Copies the filter (texts included). -1 when out of memory (the filter is then unchanged). */
int inbox_set_filter(inbox *ib, const inbox_filter *f);
const inbox_filter *inbox_get_filter(const inbox *ib);

/* Rebuilds the view from the rows read so far (sort and filter applied). Returns the number of
 * rows shown, or (size_t)-1 when out of memory (the previous view stays). */
size_t inbox_refresh(inbox *ib);
/* Appends to *out the folder's red flags of the draft `file` (a row's file), found from `e`:
 * that draft computed again (opened for review) — those its flags column counts, to be
 * attached to it (engine_add_findings). Nothing for a file not read, or before the folder is
 * compared (the column has the draft's own flags only until then). 0, or -1 when out of
 * memory. On the inbox's thread, while reading too. */
int inbox_row_findings(inbox *ib, const char *file, const engine *e, finding_list *out);

/* The recovered copies (DRAFT.recovered-TIME.json, store/files.h) the folder walk left out:
 * how many; *names (when not NULL) their paths, sorted, the inbox's (set once the folder is
 * walked, then unchanged). */
size_t inbox_recovered(inbox *ib, char *const **names);
size_t inbox_count(const inbox *ib);       /* rows in the view */
size_t inbox_read_count(const inbox *ib);  /* rows read (as of the last refresh) */
const inbox_row *inbox_get(const inbox *ib, size_t i);   /* i-th row of the view */
/* Where row `r` (a pointer from inbox_get) now is in the view; (size_t)-1 when filtered out. */
size_t inbox_find(const inbox *ib, const inbox_row *r);

/* Reads the file of row `r` again (after it was reviewed): the row keeps its place in the
 * rows, its texts and counts are new; call inbox_refresh to sort it. Not while reading.
 * 0, or -1 when out of memory or reading (the row is then as it was). */
int inbox_reload(inbox *ib, const inbox_row *r);

/* What a bulk action did with one row: REVIEW_DONE, or why not (msg). */
typedef void (*inbox_bulk_fn)(void *ctx, const inbox_row *r, review_result res,
                              const char *msg);

/* Applies `a` (approve or return, `reason` for a return) by `by` to every row of the view, in
 * view order, through store/review_file.h. A file with errors is refused and left as it is:
 * its row's count, and the file read again just before (it may have changed since). Each row
 * acted on is read again (status, modified). `report` (may be NULL) hears of every row.
 * Not while reading. Returns 0 with *done / *refused set, -1 when out of memory or reading. */
int inbox_bulk(inbox *ib, review_action a, const char *by, const char *reason,
               inbox_bulk_fn report, void *ctx, size_t *done, size_t *refused);

#endif
