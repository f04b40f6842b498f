/* Reading drafts for the folder red flags (store/redflag_scan.h): those named as last year's
 * first (a few; one that cannot be read stops everything before the folder is read), then one
 * batch run over this year's, each reduced to its fingerprint in order. */
#include "store/redflag_scan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int redflag_scan_last(form_cache *c, redflag_set *s, size_t first, const char *const *last,
                      size_t nlast, char **err)
{
    *err = NULL;
    batch_opts bo = {0};
    for (size_t i = 0; i < nlast; i++) {
        batch_item it;
        batch_open(c, last[i], &bo, &it);
        int rc = 0;
        if (it.error) {
            if (asprintf(err, "last year's draft %s", it.error) < 0)
                *err = NULL;
            rc = -1;
        } else if (s && redflag_set_add(s, first + i, it.e, last[i], true) != 0) {
            rc = -1;
        }
        batch_item_clear(&it);
        if (rc != 0) {
            if (!*err)
                *err = strdup("out of memory while reading last year's drafts");
            return -1;
        }
    }
    return 0;
}

typedef struct {
    redflag_set *s;
    bool oom;
} scan_run;

static int scan_one(void *ctx, size_t i, batch_item *it)
{
    scan_run *R = ctx;
    if (it->error)
        return 0;   /* its reader reports it */
    if (redflag_set_add(R->s, i, it->e, it->path, false) != 0) {
        R->oom = true;
        return 1;
    }
    return 0;
}

int redflag_scan(form_cache *c, const char *const *paths, size_t n, const char *const *last,
                 size_t nlast, int jobs, redflag_set **out, char **err)
{
    *out = NULL;
    *err = NULL;
    scan_run R = {.s = redflag_set_new()};
    if (!R.s) {
        *err = strdup("out of memory while comparing the drafts");
        return -1;
    }
    if (redflag_scan_last(c, R.s, n, last, nlast, err) != 0) {
        redflag_set_free(R.s);
        return -1;
    }
    batch_opts bo = {0};
    if (batch_run(c, paths, n, jobs, &bo, scan_one, &R) != 0 || redflag_set_finish(R.s) != 0) {
        redflag_set_free(R.s);
        *err = strdup("out of memory while comparing the drafts");
        return -1;
    }
    *out = R.s;
    return 0;
}
