/* selfeval export DRAFT [--format xlsx|txt|csv|md] [-o FILE] [--force] [--bom]
 *
 * Writes the draft's tables as they are filed. A draft with error findings is exported too,
 * with its findings on a table of their own, and a word on standard error. Exit status: 0
 * written, 2 bad input (unreadable draft, unknown format, an output that exists or cannot be
 * written). */
#include "cli/cli.h"
#include "export/xexport.h"
#include "store/doc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
    const char *draft, *out, *format;
    bool force, bom;
} export_opts;

static int parse_args(int argc, char **argv, export_opts *o)
{
    bool options_done = false;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        int r;
        if (!options_done && a[0] == '-' && a[1] != '\0') {
            if (strcmp(a, "--") == 0) {
                options_done = true;
            } else if (strcmp(a, "--force") == 0) {
                o->force = true;
            } else if (strcmp(a, "--bom") == 0) {
                o->bom = true;
            } else if ((r = cli_opt_value(argc, argv, &i, "--format", &v)) != 0) {
                if (r < 0)
                    return CLI_BAD_INPUT;
                o->format = v;
            } else if ((r = cli_opt_value(argc, argv, &i, "--output", &v)) != 0 ||
                       (r = cli_opt_value(argc, argv, &i, "-o", &v)) != 0) {
                if (r < 0)
                    return CLI_BAD_INPUT;
                o->out = v;
            } else {
                return cli_unknown_option("export", a);
            }
            continue;
        }
        if (o->draft)
            return cli_usage_error("export: one draft at a time ('%s' and '%s' given)", o->draft,
                                   a);
        o->draft = a;
    }
    if (!o->draft)
        return cli_usage_error("export: name a draft (selfeval export DRAFT --format xlsx -o "
                               "FILE)");
    return 0;
}

/* The format from --format, else from the output's extension, else xlsx. */
static int pick_format(const export_opts *o)
{
    if (o->format) {
        int f = xt_format_parse(o->format);
        if (f < 0)
            cli_usage_error("export: unknown format '%s' (xlsx, txt, csv or md)", o->format);
        return f;
    }
    const char *dot = o->out ? strrchr(o->out, '.') : NULL;
    int f = dot ? xt_format_parse(dot + 1) : -1;
    return f >= 0 ? f : XF_XLSX;
}

int cli_export(int argc, char **argv)
{
    export_opts o;
    memset(&o, 0, sizeof o);
    int rc = parse_args(argc, argv, &o);
    if (rc)
        return rc;
    int fmt = pick_format(&o);
    if (fmt < 0)
        return CLI_BAD_INPUT;
    struct stat st;
    if (stat(o.draft, &st) != 0)
        return cli_fail("%s: cannot read: %s", o.draft,
                        errno == ENOENT ? "no such file" : strerror(errno));
    if (S_ISDIR(st.st_mode))
        return cli_fail("%s: is a directory, not a draft file", o.draft);
    char *err = NULL;
    doc_open_info info;
    memset(&info, 0, sizeof info);
    doc *d = doc_open(o.draft, NULL, true, &info, &err);
    if (!d) {
        rc = cli_fail("%s", err ? err : "cannot open the draft");
        free(err);
        return rc;
    }
    if (info.journal_found)
        fprintf(stderr, "selfeval: %s: unsaved changes from an interrupted session are waiting; "
                        "this export does not include them (see 'selfeval recover %s')\n",
                o.draft, o.draft);
    char *def = o.out ? NULL : xt_default_output(o.draft, (xt_format)fmt);
    xt_job j = {.format = (xt_format)fmt, .out = o.out ? o.out : def, .force = o.force,
                .bom = o.bom, .draft_path = o.draft};
    engine *e = doc_engine(d);
    xt_status s = j.out ? xt_export(e, &j, &err) : XT_FAILED;
    if (s == XT_EXISTS) {
        rc = cli_fail("%s (--force replaces it)", err);
    } else if (s != XT_OK) {
        rc = cli_fail("%s", err ? err : "out of memory");
    } else {
        size_t ne = engine_count(e, SEV_ERROR);
        printf("%s\n", j.out);
        if (ne)
            fprintf(stderr, "selfeval: %s: exported with %zu error finding%s; they are listed "
                            "in the export (检查结果)\n",
                    o.draft, ne, ne == 1 ? "" : "s");
        rc = fflush(stdout) == 0 ? CLI_OK : CLI_BAD_INPUT;
    }
    free(err);
    free(def);
    doc_close(d);
    return rc;
}
