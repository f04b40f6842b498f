/* selfeval collect --db TARGET DIR|FILE...
 *
 * Puts every draft named (folders: every *.json below them) into the bureau's database
 * (docs/database.md): a SQLite file, or PostgreSQL when TARGET is a postgresql:// URL. The
 * drafts are walked once each through the database writer (db/db_writer.h), as `check` walks
 * them through its own; the whole run is one transaction, so a run that fails or is stopped
 * leaves the database as it was.
 *
 * Exit status: 0 every file collected; 1 collected, but some files could not be read (each is
 * in the database with its reason, and named on standard error); 2 bad command line, or the
 * database could not be opened or written (then nothing was collected). */
#include "cli/cli.h"
#include "cli/draft_files.h"
#include "core/report.h"
#include "db/db_writer.h"
#include "report/writer.h"
#include "store/doc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
    const char *target;
    bool quiet;
    draft_files files;
} collect_opts;

static int parse_args(int argc, char **argv, collect_opts *o)
{
    bool options_done = false;
    size_t named = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        int r;
        if (!options_done && a[0] == '-' && a[1] != '\0') {
            if (strcmp(a, "--") == 0) {
                options_done = true;
            } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
                o->quiet = true;
            } else if ((r = cli_opt_value(argc, argv, &i, "--db", &v)) != 0) {
                if (r < 0)
                    return CLI_BAD_INPUT;
                if (!*v)
                    return cli_usage_error("collect: --db needs a SQLite file or a "
                                           "postgresql:// URL");
                o->target = v;
            } else {
                return cli_unknown_option("collect", a);
            }
            continue;
        }
        char *err = NULL;
        if (draft_files_add(&o->files, a, &err) != 0) {
            int rc = cli_fail("%s", err ? err : "out of memory");
            free(err);
            return rc;
        }
        named++;
    }
    if (!o->target)
        return cli_usage_error("collect: name the database (selfeval collect --db TARGET "
                               "DIR|FILE...)");
    if (!named)
        return cli_usage_error("collect: name at least one draft file or folder");
    return 0;
}

/* Why a path cannot be a draft, before the store is asked (a folder, a missing file). */
static char *precheck(const char *path)
{
    struct stat st;
    char *m = NULL;
    if (stat(path, &st) != 0) {
        int e = errno;
        if (asprintf(&m, "%s: cannot read: %s", path,
                     e == ENOENT ? "no such file" : strerror(e)) < 0)
            m = NULL;
    } else if (S_ISDIR(st.st_mode)) {
        if (asprintf(&m, "%s: is a directory, not a draft file", path) < 0)
            m = NULL;
    }
    return m;
}

/* One draft through the writer. 0 collected, 1 recorded as unreadable, -1 the writer failed. */
static int collect_one(const char *path, const report_writer *w)
{
    char *err = precheck(path);
    doc *d = NULL;
    doc_open_info info;
    memset(&info, 0, sizeof info);
    if (!err) {
        d = doc_open(path, NULL, true, &info, &err);
        if (!d && !err && asprintf(&err, "%s: cannot open", path) < 0)
            err = NULL;
    }
    if (!d) {
        const char *m = err ? err : "out of memory";
        fprintf(stderr, "selfeval: %s\n", m);
        int rc = report_error(w, path, m) ? -1 : 1;
        free(err);
        return rc;
    }
    if (info.journal_found)
        fprintf(stderr,
                "selfeval: %s: unsaved changes from an interrupted session are waiting; "
                "they are not collected (see 'selfeval recover %s')\n",
                path, path);
    int rc = report_walk(doc_engine(d), path, NULL, w) ? -1 : 0;
    doc_close(d);
    return rc;
}

int cli_collect(int argc, char **argv)
{
    collect_opts o;
    memset(&o, 0, sizeof o);
    int rc = parse_args(argc, argv, &o);
    if (rc) {
        draft_files_free(&o.files);
        return rc;
    }
    char *err = NULL;
    db *d = db_open(o.target, &err);
    if (!d) {
        cli_fail("%s", err ? err : "cannot open the database");
        free(err);
        draft_files_free(&o.files);
        return CLI_BAD_INPUT;
    }
    const char *kind = db_kind_name(d);
    report_writer *w = db_writer_new(d);
    if (!w) {
        db_close(d);
        draft_files_free(&o.files);
        return cli_fail("out of memory");
    }
    size_t unreadable = 0;
    for (size_t i = 0; i < o.files.len; i++) {
        int r = collect_one(o.files.v[i], w);
        if (r < 0)
            break;   /* the database failed: close says why and nothing is committed */
        unreadable += (size_t)r;
    }
    if (report_writer_close(w, &err) != 0) {
        cli_fail("%s; nothing was collected, the database is as it was",
                 err ? err : "cannot write the database");
        free(err);
        draft_files_free(&o.files);
        return CLI_BAD_INPUT;
    }
    if (!o.quiet)
        printf("collected %zu file%s into %s (%s)\n", o.files.len, o.files.len == 1 ? "" : "s",
               o.target, kind);
    if (unreadable)
        fprintf(stderr, "selfeval: %zu of %zu files could not be read; each is in the database "
                        "with its reason (submissions.error)\n",
                unreadable, o.files.len);
    draft_files_free(&o.files);
    return unreadable ? CLI_ATTENTION : CLI_OK;
}
