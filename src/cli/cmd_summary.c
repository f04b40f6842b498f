/* selfeval summary DIR|FILE... [--csv|--json] [--bom] [-o FILE] [-j N]
 *
 * One row per table of every draft named (folders: every *.json below them, sorted by path):
 * file, unit, year, form, table, name, budgets, execution, rate, total, grade, finding counts,
 * status, modified, the file's sha256 (docs/summary.md). A file that cannot be read is a row
 * with its reason, and the exit status is then 1. */
#include "cli/cli.h"
#include "cli/progress.h"
#include "store/files.h"
#include "core/report.h"
#include "report/summary.h"
#include "store/batch.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
    summary_format fmt;
    bool bom;
    int jobs;
    const char *output;
    const char **args;
    size_t nargs;
} summary_opts;

static int parse_args(int argc, char **argv, summary_opts *o)
{
    o->args = calloc((size_t)argc + 1, sizeof *o->args);
    if (!o->args)
        return cli_fail("out of memory");
    bool options_done = false, csv = false;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        int r;
        if (!options_done && a[0] == '-' && a[1] != '\0') {
            if (strcmp(a, "--") == 0) {
                options_done = true;
            } else if (strcmp(a, "--csv") == 0) {
                csv = true;
            } else if (strcmp(a, "--json") == 0) {
                o->fmt = SUMMARY_JSON;
            } else if (strcmp(a, "--bom") == 0) {
                o->bom = true;
            } else if ((r = cli_jobs_option(argc, argv, &i, &o->jobs)) != 0) {
                if (r < 0)
                    return CLI_BAD_INPUT;
            } else if (strcmp(a, "-o") == 0 ||
                       (r = cli_opt_value(argc, argv, &i, "--output", &v)) != 0) {
                if (strcmp(a, "-o") == 0) {
                    if (i + 1 >= argc)
                        return cli_usage_error("option -o needs a file name");
                    v = argv[++i];
                } else if (r < 0) {
                    return CLI_BAD_INPUT;
                }
                if (!*v)
                    return cli_usage_error("option -o needs a file name");
                o->output = v;
            } else {
                return cli_unknown_option("summary", a);
            }
            continue;
        }
        o->args[o->nargs++] = a;
    }
    if (csv && o->fmt == SUMMARY_JSON)
        return cli_usage_error("summary: --csv or --json, not both");
    if (o->bom && o->fmt == SUMMARY_JSON)
        return cli_usage_error("summary: --bom is for CSV (JSON has no byte order mark)");
    if (!o->nargs)
        return cli_usage_error("summary: name drafts or folders of drafts "
                               "(selfeval summary DIR|FILE...)");
    return 0;
}

typedef struct {
    const report_writer *w;
    const file_list *files;
    cli_progress prog;
    bool unreadable;
} summary_run;

static void say_error(cli_progress *p, const char *msg)
{
    cli_progress_end(p);
    char *vis = sb_visible_dup(msg);
    fprintf(stderr, "selfeval: %s\n", vis ? vis : "out of memory");
    free(vis);
}

static int summary_one(void *ctx, size_t i, batch_item *it)
{
    summary_run *R = ctx;
    const char *pre = R->files->v[i].error;   /* a folder that could not be read */
    int rc;
    if (pre || it->error) {
        R->unreadable = true;
        say_error(&R->prog, pre ? pre : it->error);
        rc = report_error(R->w, it->path, pre ? pre : it->error);
    } else {
        rc = report_walk(it->e, it->path, it->sha256, R->w);
    }
    cli_progress_step(&R->prog, i + 1, R->files->n);
    return rc ? -1 : 0;
}

static FILE *open_output(const char *path, file_list_skip *skip)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0666);
    if (fd < 0) {
        int e = errno;
        cli_fail("%s: cannot write: %s", path, strerror(e));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) == 0) {
        skip->set = true;
        skip->dev = st.st_dev;
        skip->ino = st.st_ino;
    }
    FILE *fp = fdopen(fd, "w");
    if (!fp) {
        close(fd);
        cli_fail("%s: cannot write: out of memory", path);
    }
    return fp;
}

int cli_summary(int argc, char **argv)
{
    summary_opts o;
    memset(&o, 0, sizeof o);
    int rc = parse_args(argc, argv, &o);
    if (rc) {
        free(o.args);
        return rc;
    }
    file_list_skip skip = {0};
    FILE *out = o.output ? open_output(o.output, &skip) : stdout;
    if (!out) {
        free(o.args);
        return CLI_BAD_INPUT;
    }
    file_list files = {0};
    form_cache *fc = form_cache_new();
    report_writer *w = summary_writer_new(out, o.fmt, o.bom);
    const char **paths = NULL;
    if (!fc || !w || file_list_expand(&files, o.args, o.nargs, &skip) != 0 ||
        !(paths = calloc(files.n + 1, sizeof *paths))) {
        rc = cli_fail("out of memory");
    } else {
        cli_note_recovered("summary", files.recovered, files.nrecovered);
        for (size_t i = 0; i < files.n; i++)
            paths[i] = files.v[i].path;
        summary_run R = {.w = w, .files = &files};
        cli_progress_start(&R.prog, "summary");
        batch_opts bo = {.sha256 = true, .counts_only = true};   /* rows count findings */
        int jobs = o.jobs > 0 ? o.jobs : batch_default_jobs();
        int br = batch_run(fc, paths, files.n, jobs, &bo, summary_one, &R);
        cli_progress_end(&R.prog);
        rc = br ? CLI_BAD_INPUT : R.unreadable ? CLI_ATTENTION : CLI_OK;
    }
    char *err = NULL;
    if (report_writer_close(w, &err) != 0) {
        cli_fail("%s", err ? err : "cannot write the summary");
        rc = CLI_BAD_INPUT;
    }
    free(err);
    if (out != stdout && fclose(out) != 0 && rc != CLI_BAD_INPUT) {
        cli_fail("%s: cannot write: %s", o.output, strerror(errno));
        rc = CLI_BAD_INPUT;
    }
    free(paths);
    file_list_free(&files);
    form_cache_free(fc);
    free(o.args);
    return rc;
}
