/* Expanding DIR|FILE arguments into draft files (cli/draft_files.h). */
#include "cli/draft_files.h"

#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int push(draft_files *l, char *p)
{
    if (l->len == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        char **v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return -1;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->len++] = p;
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_json(const char *name)
{
    size_t n = strlen(name);
    return n > 5 && strcmp(name + n - 5, ".json") == 0;
}

/* The entries of one folder, sorted, then each: files ending in .json added, folders walked. */
static int walk(draft_files *l, const char *dir, int depth, char **err)
{
    if (depth > 64)
        return 0;   /* deeper than any real tree of submissions: a loop of bind mounts */
    DIR *d = opendir(dir);
    if (!d) {
        if (asprintf(err, "%s: cannot read the folder: %s", dir, strerror(errno)) < 0)
            *err = NULL;
        return -1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;   /* ., .., hidden files, and the editor's .lock / journal files */
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            char **v = realloc(names, cap * sizeof *v);
            if (!v) {
                rc = -1;
                break;
            }
            names = v;
        }
        if (!(names[n] = strdup(e->d_name))) {
            rc = -1;
            break;
        }
        n++;
    }
    closedir(d);
    if (rc == 0)
        qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n && rc == 0; i++) {
        char *p = NULL;
        if (asprintf(&p, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", names[i]) < 0) {
            rc = -1;
            break;
        }
        struct stat st;
        if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
            rc = walk(l, p, depth + 1, err);
            free(p);
        } else if (is_json(names[i])) {
            if (push(l, p)) {
                free(p);
                rc = -1;
            }
        } else {
            free(p);
        }
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    if (rc && !*err)
        *err = strdup("out of memory");
    return rc;
}

int draft_files_add(draft_files *l, const char *arg, char **err)
{
    *err = NULL;
    struct stat st;
    if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode))
        return walk(l, arg, 0, err);
    char *p = strdup(arg);
    if (!p || push(l, p)) {
        free(p);
        *err = strdup("out of memory");
        return -1;
    }
    return 0;
}

void draft_files_free(draft_files *l)
{
    for (size_t i = 0; i < l->len; i++)
        free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}
