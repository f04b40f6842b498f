/* selfeval check [--json] [--english] DRAFT...
 *
 * Opens each draft read-only (no lock taken from an editor, no journal written), computes and
 * checks it, and prints every computed figure and every finding. Exit status: 2 when any file
 * could not be read or parsed, else 1 when any draft has an error finding, else 0. */
#include "cli/check_report.h"
#include "cli/cli.h"
#include "store/doc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
    bool json, english;
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
            if (strcmp(a, "--") == 0)
                options_done = true;
            else if (strcmp(a, "--json") == 0)
                o->json = true;
            else if (strcmp(a, "--english") == 0)
                o->english = true;
            else
                return cli_unknown_option("check", a);
            continue;
        }
        o->files[o->nfiles++] = a;
    }
    if (!o->nfiles)
        return cli_usage_error("check: name at least one draft file (selfeval check DRAFT...)");
    return 0;
}

/* A clear message before the store gets a path it cannot use (a directory, a missing file). */
static char *precheck(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        int e = errno;
        char *m = NULL;
        if (asprintf(&m, "%s: cannot read: %s", path,
                     e == ENOENT ? "no such file" : strerror(e)) < 0)
            return NULL;
        return m;
    }
    if (S_ISDIR(st.st_mode)) {
        char *m = NULL;
        if (asprintf(&m, "%s: is a directory, not a draft file", path) < 0)
            return NULL;
        return m;
    }
    return NULL;
}

/* Checks one draft into the report. Returns 0 clean, 1 error findings, 2 not readable. */
static int check_one(const char *path, const check_opts *o, sbuf *out)
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
        if (o->json)
            report_json_error(out, path, m);
        free(err);
        return CLI_BAD_INPUT;
    }
    if (info.journal_found)
        fprintf(stderr,
                "selfeval: %s: unsaved changes from an interrupted session are waiting; "
                "this check does not include them (see 'selfeval recover %s')\n",
                path, path);
    engine *e = doc_engine(d);
    if (o->json) {
        report_json_draft(out, e, path);
    } else {
        report_text(out, e, path, o->english);
    }
    int rc = engine_count(e, SEV_ERROR) ? CLI_ATTENTION : CLI_OK;
    doc_close(d);
    return rc;
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
    sbuf out = {0};
    if (o.json)
        report_json_begin(&out);
    int worst = CLI_OK;
    for (size_t i = 0; i < o.nfiles; i++) {
        if (!o.json && i > 0)
            sb_addn(&out, "\n", 1);
        int r = check_one(o.files[i], &o, &out);
        if (r > worst)
            worst = r;
        /* text reports go out draft by draft, so a long run shows progress */
        if (!o.json) {
            if (sb_write_stdout(&out) != 0) {
                worst = CLI_BAD_INPUT;
                break;
            }
            out.len = 0;
        }
    }
    if (o.json) {
        report_json_end(&out);
        if (sb_write_stdout(&out) != 0)
            worst = CLI_BAD_INPUT;
    }
    sb_free(&out);
    free(o.files);
    return worst;
}
