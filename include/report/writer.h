/* Writers of the report model (core/report.h) that write files: what they share, and the
 * writers of `selfeval check`. docs/writers.md says how to add one. */
#ifndef SELFEVAL_REPORT_WRITER_H
#define SELFEVAL_REPORT_WRITER_H

#include "core/report.h"
#include "report/sbuf.h"
#include <stdbool.h>
#include <stdio.h>

/* Where a writer's text goes: built draft by draft in `b`, written whole by rw_out_flush (so
 * each draft goes out as soon as it is done and memory does not grow with the drafts). */
typedef struct {
    FILE *fp;
    sbuf b;
    int err_no;        /* errno of the first failed write; 0 when none */
} rw_out;

/* Writes and empties the buffer. 0, or -1 (out of memory or a failed write; remembered). */
int rw_out_flush(rw_out *o);
/* Flushes the stream too, and says what failed ("cannot write the report: No space left on
 * device"), malloc'd in *err. 0 or -1. */
int rw_out_finish(rw_out *o, char **err);
void rw_out_free(rw_out *o);

/* `selfeval check`'s text for people: a heading per draft (file, form id, version and
 * title), every computed figure (display path, label, value; a typed figure that disagrees
 * and an override shown beside it), every finding (severity, code, path, message), and a
 * summary line; drafts separated by a blank line. Chinese or English. NULL when out of
 * memory. */
report_writer *check_text_writer(FILE *out, bool english);
/* `selfeval check --json` (docs/check-json.md): one JSON document, each draft's object
 * written when the draft is done. */
report_writer *check_json_writer(FILE *out);

/* Calls w->close (ends the output, flushes, frees). 0, or -1 with *err. */
int report_writer_close(report_writer *w, char **err);

/* "seed000.json: 3 errors, 5 warnings, 12 notices" (or its Chinese), with a newline. */
void report_text_summary(sbuf *b, const char *file, const size_t counts[3], bool english);

#endif
