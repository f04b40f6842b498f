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

/* One draft's rows made ahead, on any thread (collect makes them on its worker threads, beside
 * each other, while one thread writes the drafts before them): what walking the draft through
 * db_writer_new's writer would write, every value copied. */
typedef struct db_rows db_rows;

/* The rows of computed engine `e` for the run of `like` (the database the writer will write
 * to; only read). NULL when out of memory. A row the database would refuse is kept as the
 * rows' failure: writing them then stops the run with it. */
db_rows *db_rows_make(const db *like, const engine *e, const char *file, const char *sha256);
/* Writes them through `w` (a db_writer_new writer), as report_walk into w would have. 0, or
 * -1 (w's close says why, and nothing is committed). */
int db_writer_put_rows(const report_writer *w, const db_rows *rows);
void db_rows_free(db_rows *rows);

#endif
