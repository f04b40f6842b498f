/* selfeval check [--json] [--english] [-j N] DRAFT...
 *
 * Opens each draft read-only (no lock taken from an editor, no journal written), computes and
 * checks it, and prints every computed figure and every finding: drafts are checked on N
 * threads (default: one per processor), each form loaded once, and reported in the order
 * named as soon as each is done. Exit status: 2 when any file
 * could not be read or parsed, else 1 when any draft has an error finding, else 0. */
#include "cli/cli.h"
#include "core/report.h"
#include "report/writer.h"
#include "store/batch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    bool json, english;
    int jobs;                 /* 0: one per processor */
    const char **files;
    size_t nfiles;
} check_opts;

static int parse_args(int argc, char **argv, check_opts *o)
{
    o->english = cli_english_from_env();
    o->files = calloc((size_t)argc + 1, sizeof *o->files);
    if (!o->files)
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
            else if ((r = cli_jobs_option(argc, argv, &i, &o->jobs)) != 0) {
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
    int worst;
} check_run;

/* One draft, on the main thread, in the order named: its messages, then the writer. */
static int check_one(void *ctx, size_t index, batch_item *it)
{
    (void)index;
    check_run *R = ctx;
    if (it->error) {
        char *vis = sb_visible_dup(it->error);   /* a parse error may quote the file's text */
        fprintf(stderr, "selfeval: %s\n", vis ? vis : "out of memory");
        free(vis);
        if (R->worst < CLI_BAD_INPUT)
            R->worst = CLI_BAD_INPUT;
        return report_error(R->w, it->path, it->error) ? -1 : 0;
    }
    if (it->journal_waiting) {
        char *vis = sb_visible_dup(it->path);
        fprintf(stderr,
                "selfeval: %s: unsaved changes from an interrupted session are waiting; "
                "this check does not include them (see 'selfeval recover %s')\n",
                vis ? vis : it->path, vis ? vis : it->path);
        free(vis);
    }
    if (engine_count(it->e, SEV_ERROR) && R->worst < CLI_ATTENTION)
        R->worst = CLI_ATTENTION;
    return report_walk(it->e, it->path, NULL, R->w) ? -1 : 0;
}

int cli_check(int argc, char **argv)
{
    check_opts o;
    memset(&o, 0, sizeof o);
    int rc = parse_args(argc, argv, &o);
    if (rc) {
        free(o.files);
        return rc;
    }
    report_writer *w = o.json ? check_json_writer(stdout) : check_text_writer(stdout, o.english);
    form_cache *fc = form_cache_new();
    if (!w || !fc) {
        report_writer_close(w, NULL);
        form_cache_free(fc);
        free(o.files);
        return cli_fail("out of memory");
    }
    check_run R = {.w = w, .worst = CLI_OK};
    batch_opts bo = {.journal = true};
    int jobs = o.jobs > 0 ? o.jobs : batch_default_jobs();
    if (batch_run(fc, o.files, o.nfiles, jobs, &bo, check_one, &R) != 0)
        R.worst = CLI_BAD_INPUT;   /* the output failed (close says why) or memory ran out */
    char *err = NULL;
    if (report_writer_close(w, &err) != 0) {
        cli_fail("%s", err ? err : "cannot write the report");
        R.worst = CLI_BAD_INPUT;
    }
    free(err);
    form_cache_free(fc);
    free(o.files);
    return R.worst;
}
