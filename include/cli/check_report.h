/* What `selfeval check` prints about one draft: the computed figures and the findings, as
 * text for people or as JSON for tools (docs/check-json.md). Reports are built into a buffer
 * (cli/cli.h) and written whole by the caller. */
#ifndef SELFEVAL_CLI_CHECK_REPORT_H
#define SELFEVAL_CLI_CHECK_REPORT_H

#include "cli/cli.h"
#include "core/engine.h"
#include <stdbool.h>
#include <stddef.h>

/* The text report of one draft: a heading (file, form id and version), every computed figure
 * (display path, label, value; a typed figure that disagrees, or an override, shown beside
 * the computed one), every finding (severity, code, display path, message), and the summary
 * line. Labels and messages in English or Chinese. */
void report_text(sbuf *b, engine *e, const char *file, bool english);
/* "seed000.json: 3 errors, 5 warnings, 12 notices" (or its Chinese), with a newline. */
void report_text_summary(sbuf *b, const char *file, const size_t counts[3], bool english);

/* The JSON document: report_json_begin, then one report_json_draft or report_json_error per
 * draft, then report_json_end. */
void report_json_begin(sbuf *b);
void report_json_draft(sbuf *b, engine *e, const char *file);
/* A draft that could not be checked: form null, empty lists, "error" the message. */
void report_json_error(sbuf *b, const char *file, const char *message);
void report_json_end(sbuf *b);

#endif
