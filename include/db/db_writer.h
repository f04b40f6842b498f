/* The database writer: one more writer of the report model (core/report.h). Every draft the
 * walk hands it becomes rows of the bureau's database (db/db.h, docs/database.md): the
 * submission, its tables, indicator rows, figures and findings; a file that could not be read
 * becomes a submission row with its reason. */
#ifndef SELFEVAL_DB_DB_WRITER_H
#define SELFEVAL_DB_DB_WRITER_H

#include "core/report.h"
#include "db/db.h"

/* A writer that owns `d`: its close callback commits the run and closes the database (a run
 * stopped by an error is rolled back instead, and close says why). NULL when out of memory
 * (then `d` is still the caller's). */
report_writer *db_writer_new(db *d);

#endif
