/* Exporting a draft to a file: what `selfeval export` and the editor's export key share. */
#ifndef SELFEVAL_EXPORT_XEXPORT_H
#define SELFEVAL_EXPORT_XEXPORT_H

#include "core/engine.h"
#include "export/xtable.h"
#include <stdbool.h>

typedef enum { XF_XLSX = 0, XF_TXT, XF_CSV, XF_MD, XF__COUNT } xt_format;

/* "xlsx", "txt", "csv", "md" -> the format; -1 when unknown. */
int         xt_format_parse(const char *name);
const char *xt_format_name(xt_format f);
/* Where an export goes by default: beside the draft, "seed000.json" -> "seed000.xlsx" (csv: a
 * folder "seed000-csv"). Malloc'd. */
char *xt_default_output(const char *draft_path, xt_format f);

/* Feeds an export from an engine: the report walk (core/report.h) with the export as its
 * writer — every table, field and finding in document order. 0, or -1 when out of memory. */
int xt_doc_from_engine(xt_doc *x, const engine *e, const char *file, const char *sha256);

typedef enum {
    XT_OK = 0,
    XT_EXISTS,       /* the output exists and `force` was not given: nothing was written */
    XT_FAILED        /* *err says why; nothing was written (csv: no file was replaced half) */
} xt_status;

typedef struct {
    xt_format format;
    const char *out;          /* file (csv: folder) */
    bool force;               /* replace what is there */
    bool bom;                 /* csv: a UTF-8 byte order mark */
    const char *draft_path;   /* for the sha256 and the properties */
} xt_job;

/* Builds and writes the export of the draft the engine holds. Files are written whole or not
 * at all (atomically, mode 0600 for new ones); the draft is never touched. */
xt_status xt_export(const engine *e, const xt_job *j, char **err);

#endif
