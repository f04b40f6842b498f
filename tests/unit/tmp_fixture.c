/* See tmp_fixture.h. */
#include "tmp_fixture.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void tf_use_repo_forms(void)
{
    if (getenv("SELFEVAL_FORMS"))
        return;
    char forms[PATH_MAX];
    if (realpath("forms", forms))
        setenv("SELFEVAL_FORMS", forms, 1);
}

int tf_make_tmpdir(char *dir, size_t size, const char *name)
{
    int n = snprintf(dir, size, "/tmp/selfeval-test-%s-XXXXXX", name);
    if (n < 0 || (size_t)n >= size)
        return -1;
    return mkdtemp(dir) ? 0 : -1;
}

void tf_rm_tree(const char *dir)
{
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d));) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char p[PATH_MAX * 2];
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
            tf_rm_tree(p);
        else
            unlink(p);
    }
    if (d)
        closedir(d);
    rmdir(dir);
}
