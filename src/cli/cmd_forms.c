/* selfeval forms [--english]
 *
 * Lists the installed forms (FORMS_DIR/<id>.json): id, version and title, each form loaded
 * the way a draft would load it, so a broken form shows here with its message rather than
 * when a clerk opens a draft. Exit 1 when any form cannot be loaded. */
#include "cli/cli.h"
#include "core/form.h"
#include "store/doc.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The ids of the forms folder's <id>.json files, sorted; NULL with *n = 0 and *err set
 * when the folder cannot be read. */
static char **form_ids(const char *dir, size_t *n, int *err)
{
    *n = 0;
    *err = 0;
    DIR *dp = opendir(dir);
    if (!dp) {
        *err = errno;
        return NULL;
    }
    char **ids = NULL;
    size_t cap = 0;
    struct dirent *de;
    while ((de = readdir(dp))) {
        size_t len = strlen(de->d_name);
        if (len <= 5 || strcmp(de->d_name + len - 5, ".json") != 0 || de->d_name[0] == '.')
            continue;
        if (*n == cap) {
            size_t nc = cap ? cap * 2 : 16;
            char **v = realloc(ids, nc * sizeof *v);
            if (!v)
                goto oom;
            ids = v;
            cap = nc;
        }
        if (!(ids[*n] = strndup(de->d_name, len - 5)))
            goto oom;
        (*n)++;
    }
    closedir(dp);
    if (*n)
        qsort(ids, *n, sizeof *ids, by_name);
    return ids;
oom:
    closedir(dp);
    for (size_t i = 0; i < *n; i++)
        free(ids[i]);
    free(ids);
    *n = 0;
    *err = ENOMEM;
    return NULL;
}

int cli_forms(int argc, char **argv)
{
    bool english = cli_english_from_env();
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--english") == 0)
            english = true;
        else if (argv[i][0] == '-')
            return cli_unknown_option("forms", argv[i]);
        else
            return cli_usage_error("forms: takes no arguments ('%s' given)", argv[i]);
    }
    const char *dir = doc_forms_dir();
    size_t n = 0;
    int e = 0;
    char **ids = form_ids(dir, &n, &e);
    if (e)
        return cli_fail("cannot list the forms in %s: %s (set SELFEVAL_FORMS to the forms "
                        "folder)", dir, strerror(e));
    if (!n) {
        fprintf(stderr, "selfeval: no forms installed in %s (set SELFEVAL_FORMS to the forms "
                        "folder)\n", dir);
        free(ids);
        return CLI_ATTENTION;
    }
    int rc = CLI_OK, wid = 0;
    for (size_t i = 0; i < n; i++)
        if (cli_width(ids[i]) > wid)
            wid = cli_width(ids[i]);
    sbuf out = {0};
    sb_add(&out, english ? "Forms in " : "已安装的表单（");
    sb_add(&out, dir);
    sb_add(&out, english ? ":\n" : "）：\n");
    for (size_t i = 0; i < n; i++) {
        char *err = NULL;
        form *f = doc_load_form(ids[i], &err);
        sb_add(&out, "  ");
        sb_add(&out, ids[i]);
        sb_pad(&out, cli_width(ids[i]), wid + 2);
        if (f) {
            sb_add(&out, f->version);
            sb_add(&out, "  ");
            sb_add(&out, i18n_get(&f->title, english));
        } else {
            sb_add(&out, english ? "(cannot be loaded, see below)" : "（无法加载，见下）");
            fprintf(stderr, "selfeval: %s\n", err ? err : "cannot load the form");
            rc = CLI_ATTENTION;
        }
        sb_addn(&out, "\n", 1);
        form_free(f);
        free(err);
        free(ids[i]);
    }
    free(ids);
    if (sb_write_stdout(&out) != 0)
        rc = CLI_BAD_INPUT;
    sb_free(&out);
    return rc;
}
