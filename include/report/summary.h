/* `selfeval summary`: one row per table of every draft (docs/summary.md), as CSV (RFC 4180,
 * UTF-8, CRLF) or as JSON. A file that could not be read is a row with its reason. */
#ifndef SELFEVAL_REPORT_SUMMARY_H
#define SELFEVAL_REPORT_SUMMARY_H

#include "report/writer.h"
#include <stdbool.h>
#include <stdio.h>

typedef enum { SUMMARY_CSV = 0, SUMMARY_JSON } summary_format;

/* bom: CSV starts with a UTF-8 byte order mark (what spreadsheet programs on Windows need to
 * read UTF-8). NULL when out of memory. */
report_writer *summary_writer_new(FILE *out, summary_format fmt, bool bom);

#endif
