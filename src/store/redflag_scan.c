/* Reading drafts for the folder red flags (store/redflag_scan.h): one batch run over this
 * year's drafts and those named as last year's, each reduced to its fingerprint in order. */
#include "store/redflag_scan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    redflag_set *s;
    size_t n;          /* entries from n on are references */
    char *err;
    bool oom;
} scan_run;

static int scan_one(void *ctx, size_t i, batch_item *it)
{
    scan_run *R = ctx;
    bool ref = i >= R->n;
    if (it->error) {
        if (!ref)
            return 0;   /* its reader reports it */
        if (asprintf(&R->err, "last year's draft %s", it->error) < 0)
            R->err = NULL;
        return 1;
    }
    if (redflag_set_add(R->s, i, it->e, it->path, ref) != 0) {
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
    const char **all = calloc(n + nlast + 1, sizeof *all);
    scan_run R = {.s = redflag_set_new(), .n = n};
    int rc = -1;
    if (all && R.s) {
        for (size_t i = 0; i < n; i++)
            all[i] = paths[i];
        for (size_t i = 0; i < nlast; i++)
            all[n + i] = last[i];
        batch_opts bo = {0};
        int br = batch_run(c, all, n + nlast, jobs, &bo, scan_one, &R);
        if (br == 0 && redflag_set_finish(R.s) == 0)
            rc = 0;
    }
    if (rc == 0) {
        *out = R.s;
    } else {
        redflag_set_free(R.s);
        *err = R.err ? R.err : strdup("out of memory while comparing the drafts");
        R.err = NULL;
    }
    free(R.err);
    free(all);
    return rc;
}
