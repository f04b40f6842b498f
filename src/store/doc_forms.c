/* Where the installed forms are, and loading one by its id. */
#include "doc_internal.h"

#include "store/fileio.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FORM_MAX_BYTES (16u * 1024u * 1024u)

/* ---- forms ---- */

const char *doc_forms_dir(void)
{
    static char *installed;          /* found once; lives as long as the program */
    static bool looked;
    const char *env = getenv("SELFEVAL_FORMS");
    if (env && *env)
        return env;
    if (!looked) {
        looked = true;
        /* <prefix>/bin/selfeval -> <prefix>/share/selfeval/forms */
        char exe[PATH_MAX];
        ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
        if (n > 0) {
            exe[n] = '\0';
            char *dir = fio_dirname(exe);
            char *cand = dir ? fio_strdupf("%s/../share/selfeval/forms", dir) : NULL;
            struct stat st;
            if (cand && stat(cand, &st) == 0 && S_ISDIR(st.st_mode))
                installed = cand;
            else
                free(cand);
            free(dir);
        }
    }
    return installed ? installed : "forms";
}

bool doc_valid_form_id(const char *id)
{
    if (!id || !*id || *id == '.')
        return false;
    for (const char *p = id; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '_' || *p == '-' || *p == '.'))
            return false;
    return true;
}

static int read_form_file(const char *form_id, char **buf, size_t *len, char **file,
                          char **err)
{
    *buf = NULL;
    *len = 0;
    if (file)
        *file = NULL;
    const char *dir = doc_forms_dir();
    if (!doc_valid_form_id(form_id)) {
        fio_set_err(err, fio_strdupf("'%s' is not a form id (letters, digits, '_', '-')",
                                 form_id ? form_id : ""));
        return -1;
    }
    char *path = fio_strdupf("%s/%s.json", dir, form_id);
    if (!path) {
        fio_set_err(err, strdup("out of memory"));
        return -1;
    }
    struct stat st;
    if (stat(path, &st) != 0 && errno == ENOENT) {
        fio_set_err(err, fio_strdupf("form '%s' is not installed (no %s; set SELFEVAL_FORMS to "
                                 "the forms folder)", form_id, path));
        free(path);
        return -1;
    }
    if (fio_read_all(path, FORM_MAX_BYTES, buf, len, err) != 0) {
        free(path);
        return -1;
    }
    if (file)
        *file = path;
    else
        free(path);
    return 0;
}

static int form_source(void *ctx, const char *form_id, char **buf, size_t *len, char **file,
                       char **err)
{
    (void)ctx;
    return read_form_file(form_id, buf, len, file, err);
}

form *doc_load_form(const char *form_id, char **err)
{
    char *buf = NULL, *file = NULL;
    size_t len = 0;
    if (err)
        *err = NULL;
    if (read_form_file(form_id, &buf, &len, &file, err) != 0)
        return NULL;
    char *ferr = NULL;
    form *f = form_load(buf, len, file, form_source, NULL, &ferr);
    free(buf);
    free(file);
    if (!f) {
        fio_set_err(err, ferr ? ferr : strdup("the form could not be loaded"));
        return NULL;
    }
    free(ferr);
    return f;
}

/* Compares dotted versions part by part, numerically where both parts are numbers
 * ("2025.10" is newer than "2025.9"). */
int doc_version_cmp(const char *a, const char *b)
{
    while (*a || *b) {
        size_t la = strcspn(a, "."), lb = strcspn(b, ".");
        bool na = la > 0 && strspn(a, "0123456789") >= la;
        bool nb = lb > 0 && strspn(b, "0123456789") >= lb;
        int c;
        if (na && nb) {
            while (la > 1 && *a == '0')
                a++, la--;
            while (lb > 1 && *b == '0')
                b++, lb--;
            c = la != lb ? (la < lb ? -1 : 1) : strncmp(a, b, la);
        } else {
            size_t m = la < lb ? la : lb;
            c = strncmp(a, b, m);
            if (c == 0 && la != lb)
                c = la < lb ? -1 : 1;
        }
        if (c)
            return c < 0 ? -1 : 1;
        a += la;
        b += lb;
        if (*a == '.')
            a++;
        if (*b == '.')
            b++;
    }
    return 0;
}
