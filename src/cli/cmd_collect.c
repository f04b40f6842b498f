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
#include "store/files.h"
#include "core/report.h"
#include "db/db_writer.h"
#include "report/sbuf.h"
#include "report/writer.h"
#include "store/batch.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *target;
    bool quiet;
    int jobs;
    const char **args;
    size_t nargs;
} collect_opts;

static int parse_args(int argc, char **argv, collect_opts *o)
{
    o->args = calloc((size_t)argc + 1, sizeof *o->args);
    if (!o->args)
        return cli_fail("out of memory");
    bool options_done = false;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        int r;
        if (!options_done && a[0] == '-' && a[1] != '\0') {
            if (strcmp(a, "--") == 0) {
                options_done = true;
            } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
                o->quiet = true;
            } else if ((r = cli_jobs_option(argc, argv, &i, &o->jobs)) != 0) {
                if (r < 0)
                    return CLI_BAD_INPUT;
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
        o->args[o->nargs++] = a;
    }
    if (!o->target)
        return cli_usage_error("collect: name the database (selfeval collect --db TARGET "
                               "DIR|FILE...)");
    if (!o->nargs)
        return cli_usage_error("collect: name at least one draft file or folder");
    return 0;
}

typedef struct {
    const report_writer *w;
    const db *d;
    const file_list *files;
    size_t unreadable;
} collect_run;

static void rows_free(void *p) { db_rows_free(p); }

/* On a worker thread: the draft's rows made there, and the draft and its engine freed there,
 * so that the thread holding the database only writes rows. */
static void prepare(void *ctx, batch_item *it)
{
    const collect_run *R = ctx;
    if (it->error)
        return;
    it->prepared = db_rows_make(R->d, it->e, it->path, NULL);
    if (it->prepared) {
        it->prepared_free = rows_free;
        batch_item_release(it);
    }
}

static void say(const char *msg)
{
    char *vis = sb_visible_dup(msg);
    fprintf(stderr, "selfeval: %s\n", vis ? vis : "out of memory");
    free(vis);
}

#ifdef SELFEVAL_TESTING
/* The crash test stops a collect midway, its transaction open, before killing it:
 * SELFEVAL_TEST_COLLECT_STOP=N stops this process after the N-th draft is written. */
static void test_stop_after(size_t done)
{
    const char *s = getenv("SELFEVAL_TEST_COLLECT_STOP");
    if (s && *s && strtoul(s, NULL, 10) == done)
        raise(SIGSTOP);
}
#else
static void test_stop_after(size_t done) { (void)done; }
#endif

/* One draft through the writer, in the order named. Non-zero: the database failed (close
 * says why, nothing is committed). */
static int collect_one(void *ctx, size_t i, batch_item *it)
{
    collect_run *R = ctx;
    const char *pre = R->files->v[i].error;   /* a folder that could not be read */
    int rc;
    if (pre || it->error) {
        const char *m = pre ? pre : it->error;
        say(m);
        R->unreadable++;
        rc = report_error(R->w, it->path, m);
    } else {
        if (it->journal_waiting)
            fprintf(stderr,
                    "selfeval: %s: unsaved changes from an interrupted session are waiting; "
                    "they are not collected (see 'selfeval recover %s')\n",
                    it->path, it->path);
        /* rows made ahead; a draft whose rows could not be made (out of memory) is walked
         * here, where running out again stops the run */
        rc = it->prepared ? db_writer_put_rows(R->w, it->prepared)
                          : report_walk(it->e, it->path, NULL, R->w);
    }
    test_stop_after(i + 1);
    return rc ? -1 : 0;
}

int cli_collect(int argc, char **argv)
{
    collect_opts o;
    memset(&o, 0, sizeof o);
    int rc = parse_args(argc, argv, &o);
    if (rc) {
        free(o.args);
        return rc;
    }
    char *err = NULL;
    db *d = db_open(o.target, &err);
    if (!d) {
        cli_fail("%s", err ? err : "cannot open the database");
        free(err);
        free(o.args);
        return CLI_BAD_INPUT;
    }
    const char *kind = db_kind_name(d);
    report_writer *w = db_writer_new(d);
    file_list files = {0};
    form_cache *fc = form_cache_new();
    const char **paths = NULL;
    collect_run R = {.w = w, .d = d, .files = &files};
    int br = 0;
    if (!w || !fc || file_list_expand(&files, o.args, o.nargs, NULL) != 0 ||
        !(paths = calloc(files.n + 1, sizeof *paths))) {
        rc = cli_fail("out of memory");
    } else {
        cli_note_recovered("collect", files.recovered, files.nrecovered);
        for (size_t i = 0; i < files.n; i++)
            paths[i] = files.v[i].path;
        int jobs = o.jobs > 0 ? o.jobs : batch_default_jobs();
        /* an item waiting holds its rows only (about 150 KB): while a PostgreSQL server takes
         * a batch, the workers may run further ahead (SQLite never makes them wait long) */
        size_t ahead = (size_t)jobs * 4;
        if (strcmp(kind, "PostgreSQL") == 0 && ahead < 64)
            ahead = 64;
        /* no SHA-256: the database keeps none (summary's CSV does) */
        batch_opts bo = {.journal = true, .prepare = prepare, .prepare_ctx = &R,
                         .ahead = ahead};
        br = batch_run(fc, paths, files.n, jobs, &bo, collect_one, &R);
    }
    /* submissions that replaced another of this run: said once the run is committed (the
     * database's notes go with it when the writer closes) */
    const char *const *notes = NULL;
    char *said[DB_KEYS_SAID_MAX] = {0};
    size_t nsaid = 0, replaced = w ? db_replaced_in_run(d, &notes, &nsaid) : 0;
    if (nsaid > DB_KEYS_SAID_MAX)
        nsaid = DB_KEYS_SAID_MAX;
    for (size_t i = 0; i < nsaid; i++)
        said[i] = strdup(notes[i]);
    if (!w) {
        db_close(d);
    } else if (report_writer_close(w, &err) != 0 || (br && !rc)) {
        cli_fail("%s; nothing was collected, the database is as it was",
                 err ? err : "cannot write the database");
        rc = CLI_BAD_INPUT;
    }
    free(err);
    if (!rc && !o.quiet)
        printf("collected %zu file%s into %s (%s)\n", files.n, files.n == 1 ? "" : "s",
               o.target, kind);
    for (size_t i = 0; !rc && i < nsaid; i++)
        say(said[i] ? said[i] : "out of memory");
    if (!rc && replaced)
        fprintf(stderr, "selfeval: %zu submission%s replaced another of this run (the same unit, "
                        "year, form and project): the database has %zu fewer than the files "
                        "collected\n", replaced, replaced == 1 ? "" : "s", replaced);
    if (!rc && R.unreadable)
        fprintf(stderr, "selfeval: %zu of %zu files could not be read; each is in the database "
                        "with its reason (submissions.error)\n",
                R.unreadable, files.n);
    if (!rc)
        rc = R.unreadable ? CLI_ATTENTION : CLI_OK;
    for (size_t i = 0; i < nsaid; i++)
        free(said[i]);
    free(paths);
    file_list_free(&files);
    form_cache_free(fc);
    free(o.args);
    return rc;
}
