/* selfeval submit | return | approve | recheck | history | verify: the review states of draft
 * files, headless (core/review.h for the rules, store/review_file.h for the file). */
#include "cli/cli.h"
#include "core/review.h"
#include "store/draft_file.h"
#include "store/review_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *by, *reason;
    const char **files;
    size_t nfiles;
} review_opts;

/* Options of the transition commands; `reason_ok` only for return. */
static int parse(const char *cmd, int argc, char **argv, bool reason_ok, bool many,
                 review_opts *o)
{
    o->files = calloc((size_t)argc + 1, sizeof *o->files);
    if (!o->files)
        return cli_fail("out of memory");
    bool done = false;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        int r;
        if (!done && a[0] == '-' && a[1] != '\0') {
            if (strcmp(a, "--") == 0) {
                done = true;
            } else if ((r = cli_opt_value(argc, argv, &i, "--by", &v)) != 0) {
                if (r < 0)
                    return CLI_BAD_INPUT;
                if (!*v)
                    return cli_usage_error("%s: --by needs a name", cmd);
                o->by = v;
            } else if (reason_ok && (r = cli_opt_value(argc, argv, &i, "--reason", &v)) != 0) {
                if (r < 0)
                    return CLI_BAD_INPUT;
                o->reason = v;
            } else {
                return cli_unknown_option(cmd, a);
            }
            continue;
        }
        o->files[o->nfiles++] = a;
    }
    if (!o->nfiles)
        return cli_usage_error("%s: name a draft file", cmd);
    if (!many && o->nfiles > 1)
        return cli_usage_error("%s: one draft at a time", cmd);
    return 0;
}

static int transition(const char *cmd, review_action a, int argc, char **argv, bool reason_ok,
                      bool many)
{
    review_opts o;
    memset(&o, 0, sizeof o);
    int rc = parse(cmd, argc, argv, reason_ok, many, &o);
    if (rc) {
        free(o.files);
        return rc;
    }
    char *me = o.by ? NULL : review_default_user();
    const char *by = o.by ? o.by : me ? me : "";
    int worst = CLI_OK;
    for (size_t i = 0; i < o.nfiles; i++) {
        finding_list errs = {0};
        char *err = NULL;
        review_result r = review_file_apply(o.files[i], a, by, o.reason, &errs, &err);
        if (r == REVIEW_DONE) {
            printf("%s: %s by %s\n", o.files[i], review_action_status(a), by);
        } else {
            char *vis = sb_visible_dup(err ? err : "out of memory");
            fprintf(stderr, "selfeval: %s\n", vis ? vis : "out of memory");
            free(vis);
            for (size_t k = 0; k < errs.len; k++)
                fprintf(stderr, "  error %s %s: %s\n", errs.items[k].code,
                        errs.items[k].path && *errs.items[k].path ? errs.items[k].path : "-",
                        cli_english_from_env() ? errs.items[k].msg_en : errs.items[k].msg_zh);
            int code = r == REVIEW_HAS_ERRORS ? CLI_ATTENTION : CLI_BAD_INPUT;
            if (code > worst)
                worst = code;
        }
        findings_free(&errs);
        free(err);
    }
    if (fflush(stdout) != 0)
        worst = CLI_BAD_INPUT;
    free(me);
    free(o.files);
    return worst;
}

int cli_submit(int argc, char **argv)
{
    return transition("submit", REVIEW_SUBMIT, argc, argv, false, false);
}

int cli_return(int argc, char **argv)
{
    return transition("return", REVIEW_RETURN, argc, argv, true, false);
}

int cli_approve(int argc, char **argv)
{
    return transition("approve", REVIEW_APPROVE, argc, argv, false, true);
}

int cli_recheck(int argc, char **argv)
{
    return transition("recheck", REVIEW_RECHECK, argc, argv, false, true);
}

/* One draft read without a lock (history and verify change nothing). */
static draft *read_one(const char *cmd, int argc, char **argv, const char **path)
{
    *path = NULL;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0 && i + 1 < argc) {
            *path = argv[i + 1];
            break;
        }
        if (argv[i][0] == '-' && argv[i][1]) {
            cli_unknown_option(cmd, argv[i]);
            return NULL;
        }
        if (*path) {
            cli_usage_error("%s: one draft at a time", cmd);
            return NULL;
        }
        *path = argv[i];
    }
    if (!*path) {
        cli_usage_error("%s: name a draft file", cmd);
        return NULL;
    }
    char *err = NULL;
    draft *d = draft_file_read(*path, &err);
    if (!d) {
        char *vis = sb_visible_dup(err ? err : "out of memory");
        cli_fail("%s", vis ? vis : "out of memory");
        free(vis);
    }
    free(err);
    return d;
}

static const char *str_or(const char *s, const char *dflt)
{
    return s && *s ? s : dflt;
}

int cli_history(int argc, char **argv)
{
    const char *path;
    draft *d = read_one("history", argc, argv, &path);
    if (!d)
        return CLI_BAD_INPUT;
    sbuf b = {0};
    sb_add_visible(&b, path);
    sb_addf(&b, ": %s\n", str_or(d->status, "draft"));
    for (size_t i = 0; i < d->n_history; i++) {
        const draft_event *ev = &d->history[i];
        sb_addf(&b, "%zu\t", i + 1);
        sb_add_visible(&b, str_or(ev->at, "-"));
        sb_add(&b, "\t");
        sb_add_visible(&b, str_or(ev->status, "-"));
        sb_add(&b, ev->resubmitted ? " (resubmitted)\t" : "\t");
        sb_add_visible(&b, str_or(ev->by, "-"));
        sb_add(&b, "\t");
        sb_add_visible(&b, str_or(ev->sha256, "-"));
        sb_add(&b, "\t");
        sb_add_visible(&b, str_or(ev->note, ""));
        sb_add(&b, "\n");
    }
    draft_free(d);
    int rc = sb_write_stdout(&b) == 0 ? CLI_OK : CLI_BAD_INPUT;
    sb_free(&b);
    return rc;
}

int cli_verify(int argc, char **argv)
{
    const char *path;
    draft *d = read_one("verify", argc, argv, &path);
    if (!d)
        return CLI_BAD_INPUT;
    const draft_event *ev = review_reference(d);
    if (!ev) {
        draft_free(d);
        return cli_fail("%s: never submitted: nothing to verify against", path);
    }
    char **paths = NULL;
    size_t n = 0;
    if (review_changed_fields(d, ev, &paths, &n) != 0) {
        draft_free(d);
        return cli_fail("out of memory");
    }
    int rc = CLI_OK;
    if (n == 0) {
        printf("%s: the values are those %s by %s at %s\n", path, str_or(ev->status, "-"),
               str_or(ev->by, "-"), str_or(ev->at, "-"));
    } else {
        printf("%s: %zu field(s) changed since %s by %s at %s:\n", path, n,
               str_or(ev->status, "-"), str_or(ev->by, "-"), str_or(ev->at, "-"));
        for (size_t i = 0; i < n; i++)
            printf("  %s\n", paths[i]);
        rc = CLI_ATTENTION;
    }
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
    draft_free(d);
    return fflush(stdout) == 0 ? rc : CLI_BAD_INPUT;
}
