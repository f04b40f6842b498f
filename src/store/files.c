/* Naming many drafts: a folder stands for every *.json file below it, sorted by path. */
#include "store/files.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int add(file_list *fl, char *path, char *error)
{
    if (!path) {
        free(error);
        return -1;
    }
    if (fl->n == fl->cap) {
        size_t cap = fl->cap ? fl->cap * 2 : 64;
        file_entry *v = realloc(fl->v, cap * sizeof *v);
        if (!v) {
            free(path);
            free(error);
            return -1;
        }
        fl->v = v;
        fl->cap = cap;
    }
    fl->v[fl->n++] = (file_entry){.path = path, .error = error};
    return 0;
}

static bool digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

bool file_is_recovered_copy(const char *path)
{
    static const char mark[] = ".recovered-";
    const char *at = NULL;
    for (const char *p = strstr(path, mark); p; p = strstr(p + 1, mark))
        at = p;   /* the last one: a folder may have the word in its name */
    if (!at)
        return false;
    const char *t = at + sizeof mark - 1;   /* YYYYMMDD-HHMMSS[-K].json */
    if (strlen(t) < 15 || !digits(t, 8) || t[8] != '-' || !digits(t + 9, 6))
        return false;
    t += 15;
    if (*t == '-') {
        size_t k = strspn(t + 1, "0123456789");
        if (!k)
            return false;
        t += 1 + k;
    }
    return strcmp(t, ".json") == 0;
}

static int add_recovered(file_list *fl, char *path)
{
    if (!path)
        return -1;
    char **v = realloc(fl->recovered, (fl->nrecovered + 1) * sizeof *v);
    if (!v) {
        free(path);
        return -1;
    }
    fl->recovered = v;
    fl->recovered[fl->nrecovered++] = path;
    return 0;
}

static bool ends_with_json(const char *name)
{
    size_t n = strlen(name);
    return n > 5 && strcmp(name + n - 5, ".json") == 0;
}

static char *join(const char *dir, const char *name)
{
    char *p = NULL;
    size_t dl = strlen(dir);
    if (asprintf(&p, "%s%s%s", dir, dl && dir[dl - 1] == '/' ? "" : "/", name) < 0)
        return NULL;
    return p;
}

static bool same_file(const struct stat *st, const file_list_skip *skip)
{
    return skip && skip->set && st->st_dev == skip->dev && st->st_ino == skip->ino;
}

/* Every *.json regular file below dir (hidden names and symbolic links to folders are not
 * followed: no loops, no side files). */
static int walk(file_list *fl, const char *dir, const file_list_skip *skip, int depth)
{
    DIR *d = opendir(dir);
    if (!d) {
        int e = errno;
        char *msg = NULL;
        if (asprintf(&msg, "%s: cannot read the folder: %s", dir, strerror(e)) < 0)
            msg = NULL;
        return add(fl, strdup(dir), msg ? msg : strdup("cannot read the folder"));
    }
    int rc = 0;
    struct dirent *de;
    while (rc == 0 && (de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        char *p = join(dir, de->d_name);
        if (!p) {
            rc = -1;
            break;
        }
        struct stat lst, st;
        if (lstat(p, &lst) != 0) {
            free(p);
            continue;
        }
        if (S_ISDIR(lst.st_mode)) {
            if (depth < 64)
                rc = walk(fl, p, skip, depth + 1);
            free(p);
        } else if (ends_with_json(de->d_name) && stat(p, &st) == 0 && !S_ISDIR(st.st_mode) &&
                   !same_file(&st, skip)) {
            rc = file_is_recovered_copy(de->d_name) ? add_recovered(fl, p) : add(fl, p, NULL);
        } else {
            free(p);
        }
    }
    closedir(d);
    return rc;
}

static int by_path(const void *a, const void *b)
{
    return strcmp(((const file_entry *)a)->path, ((const file_entry *)b)->path);
}

static int by_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int file_list_expand(file_list *fl, const char *const *args, size_t n, const file_list_skip *skip)
{
    memset(fl, 0, sizeof *fl);
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (stat(args[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            size_t from = fl->n, rfrom = fl->nrecovered;
            if (walk(fl, args[i], skip, 0) != 0)
                return -1;
            if (fl->n > from)   /* an empty folder: no array to sort (it may be NULL) */
                qsort(fl->v + from, fl->n - from, sizeof *fl->v, by_path);
            if (fl->nrecovered > rfrom)
                qsort(fl->recovered + rfrom, fl->nrecovered - rfrom, sizeof *fl->recovered,
                      by_str);
        } else if (add(fl, strdup(args[i]), NULL) != 0) {
            return -1;
        }
    }
    return 0;
}

void file_list_free(file_list *fl)
{
    for (size_t i = 0; i < fl->n; i++) {
        free(fl->v[i].path);
        free(fl->v[i].error);
    }
    free(fl->v);
    for (size_t i = 0; i < fl->nrecovered; i++)
        free(fl->recovered[i]);
    free(fl->recovered);
    memset(fl, 0, sizeof *fl);
}
