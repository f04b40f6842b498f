/* selfeval check [--json] [--english] [-j N] [--last LAST]... DRAFT|FOLDER...
 *
 * Opens each draft read-only (no lock taken from an editor, no journal written), computes and
 * checks it, and prints every computed figure and every finding: drafts are checked on N
 * threads (default: one per processor), each form loaded once, and reported in the order
 * named as soon as each is done. A folder stands for the *.json files below it. With several
 * drafts, or last year's named with --last, the red flags that compare drafts
 * (docs/review-flags.md) are found first, in a pass that keeps only small fingerprints, and
 * listed with each draft's findings. Exit status: 2 when any file
 * could not be read or parsed, else 1 when any draft has an error finding, else 0. */
#include "cli/cli.h"
#include "core/draft_meta.h"
#include "store/files.h"
#include "core/redflag.h"
#include "core/report.h"
#include "report/writer.h"
#include "store/batch.h"
#include "store/redflag_scan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    bool json, english;
    int jobs;                 /* 0: one per processor */
    const char **files;
    size_t nfiles;
    const char **last;        /* --last: last year's drafts, compared with, not checked */
    size_t nlast;
} check_opts;

static int parse_args(int argc, char **argv, check_opts *o)
{
    o->english = cli_english_from_env();
    o->files = calloc((size_t)argc + 1, sizeof *o->files);
    o->last = calloc((size_t)argc + 1, sizeof *o->last);
    if (!o->files || !o->last)
        return cli_fail("out of memory");
    bool options_done = false;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!options_done && a[0] == '-' && a[1] != '\0') {
            int r;
            if (strcmp(a, "--") == 0)
                options_done = true;
            else if (strcmp(a, "--json") == 0)
                o->json = true;
            else if (strcmp(a, "--english") == 0)
                o->english = true;
            else if ((r = cli_last_option(argc, argv, &i, "check", o->last, &o->nlast)) != 0) {
                if (r < 0)
                    return CLI_BAD_INPUT;
            } else if ((r = cli_jobs_option(argc, argv, &i, &o->jobs)) != 0) {
                if (r < 0)
                    return CLI_BAD_INPUT;
            } else
                return cli_unknown_option("check", a);
            continue;
        }
        o->files[o->nfiles++] = a;
    }
    if (!o->nfiles)
        return cli_usage_error("check: name at least one draft file (selfeval check DRAFT...)");
    return 0;
}

typedef struct {
    const report_writer *w;
    const file_list *files;
    const redflag_set *flags;  /* the folder red flags; NULL when there are none to find */
    int worst;
} check_run;

/* One draft, on the main thread, in the order named: its messages, then the writer. */
static int check_one(void *ctx, size_t index, batch_item *it)
{
    check_run *R = ctx;
    const char *pre = R->files->v[index].error;   /* a folder that could not be read */
    if (pre || it->error) {
        const char *why = pre ? pre : it->error;
        char *vis = sb_visible_dup(why);   /* a parse error may quote the file's text */
        fprintf(stderr, "selfeval: %s\n", vis ? vis : "out of memory");
        free(vis);
        if (R->worst < CLI_BAD_INPUT)
            R->worst = CLI_BAD_INPUT;
        return report_error(R->w, it->path, why) ? -1 : 0;
    }
    if (it->journal_waiting) {
        char *vis = sb_visible_dup(it->path);
        fprintf(stderr,
                "selfeval: %s: unsaved changes from an interrupted session are waiting; "
                "this check does not include them (see 'selfeval recover %s')\n",
                vis ? vis : it->path, vis ? vis : it->path);
        free(vis);
    }
    /* a file whose meta said another unit or year than its cover: say so (it is saved right
     * next time; every output already uses the cover's) */
    finding_list ml = {0};
    int mrc = draft_meta_findings(it->e, &ml);
    if (mrc == 0)
        mrc = engine_add_findings(it->e, &ml);
    findings_free(&ml);
    if (mrc != 0)
        return -1;
    if (R->flags) {
        finding_list fl = {0};
        int frc = redflag_set_findings(R->flags, index, it->e, &fl);
        if (frc == 0)
            frc = engine_add_findings(it->e, &fl);
        findings_free(&fl);
        if (frc != 0)
            return -1;
    }
    if (engine_count(it->e, SEV_ERROR) && R->worst < CLI_ATTENTION)
        R->worst = CLI_ATTENTION;
    return report_walk(it->e, it->path, NULL, R->w) ? -1 : 0;
}

static void opts_free(check_opts *o)
{
    free(o->files);
    free(o->last);
}

int cli_check(int argc, char **argv)
{
    check_opts o;
    memset(&o, 0, sizeof o);
    int rc = parse_args(argc, argv, &o);
    if (rc) {
        opts_free(&o);
        return rc;
    }
    file_list files = {0};
    file_list_skip skip = {0};
    const char **paths = NULL;
    form_cache *fc = form_cache_new();
    if (!fc || file_list_expand(&files, o.files, o.nfiles, &skip) != 0 ||
        !(paths = calloc(files.n + 1, sizeof *paths))) {
        rc = cli_fail("out of memory");
        goto out;
    }
    cli_note_recovered("check", files.recovered, files.nrecovered);
    if (!files.n) {
        rc = cli_usage_error("check: no drafts (*.json) in the folders named");
        goto out;
    }
    for (size_t i = 0; i < files.n; i++)
        paths[i] = files.v[i].path;
    int jobs = o.jobs > 0 ? o.jobs : batch_default_jobs();
    /* the red flags that compare drafts: before anything is printed, so a last year's draft
     * that cannot be read stops the command as a wrong name would */
    redflag_set *flags = NULL;
    if (files.n > 1 || o.nlast) {
        char *err = NULL;
        if (redflag_scan(fc, paths, files.n, o.last, o.nlast, jobs, &flags, &err) != 0) {
            char *vis = sb_visible_dup(err);
            rc = cli_fail("check: %s", vis ? vis : "out of memory");
            free(vis);
            free(err);
            goto out;
        }
    }
    report_writer *w = o.json ? check_json_writer(stdout) : check_text_writer(stdout, o.english);
    if (!w) {
        redflag_set_free(flags);
        rc = cli_fail("out of memory");
        goto out;
    }
    check_run R = {.w = w, .files = &files, .flags = flags, .worst = CLI_OK};
    batch_opts bo = {.journal = true};
    if (batch_run(fc, paths, files.n, jobs, &bo, check_one, &R) != 0)
        R.worst = CLI_BAD_INPUT;   /* the output failed (close says why) or memory ran out */
    char *err = NULL;
    if (report_writer_close(w, &err) != 0) {
        cli_fail("%s", err ? err : "cannot write the report");
        R.worst = CLI_BAD_INPUT;
    }
    free(err);
    redflag_set_free(flags);
    rc = R.worst;
out:
    free(paths);
    file_list_free(&files);
    form_cache_free(fc);
    opts_free(&o);
    return rc;
}
