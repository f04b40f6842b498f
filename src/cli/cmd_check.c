/* selfeval check [--json] [--english] DRAFT...
 *
 * Opens each draft read-only (no lock taken from an editor, no journal written), computes and
 * checks it, and prints every computed figure and every finding. Exit status: 2 when any file
 * could not be read or parsed, else 1 when any draft has an error finding, else 0. */
#include "cli/cli.h"
#include "core/report.h"
#include "report/writer.h"
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

/* Checks one draft through the writer. Returns 0 clean, 1 error findings, 2 not readable,
 * -1 when the writer failed (it says why when closed). */
static int check_one(const char *path, const report_writer *w)
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
        char *vis = sb_visible_dup(m);   /* a parse error may quote the file's text */
        fprintf(stderr, "selfeval: %s\n", vis ? vis : "out of memory");
        free(vis);
        int wrc = report_error(w, path, m);
        free(err);
        return wrc ? -1 : CLI_BAD_INPUT;
    }
    if (info.journal_found) {
        char *vis = sb_visible_dup(path);
        fprintf(stderr,
                "selfeval: %s: unsaved changes from an interrupted session are waiting; "
                "this check does not include them (see 'selfeval recover %s')\n",
                vis ? vis : path, vis ? vis : path);
        free(vis);
    }
    engine *e = doc_engine(d);
    int rc = engine_count(e, SEV_ERROR) ? CLI_ATTENTION : CLI_OK;
    if (report_walk(e, path, NULL, w) != 0)
        rc = -1;
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
    report_writer *w = o.json ? check_json_writer(stdout) : check_text_writer(stdout, o.english);
    if (!w) {
        free(o.files);
        return cli_fail("out of memory");
    }
    int worst = CLI_OK;
    for (size_t i = 0; i < o.nfiles; i++) {
        int r = check_one(o.files[i], w);
        if (r < 0) {          /* the output cannot be written: stop; close says why */
            worst = CLI_BAD_INPUT;
            break;
        }
        if (r > worst)
            worst = r;
    }
    char *err = NULL;
    if (report_writer_close(w, &err) != 0) {
        cli_fail("%s", err ? err : "cannot write the report");
        worst = CLI_BAD_INPUT;
    }
    free(err);
    free(o.files);
    return worst;
}
