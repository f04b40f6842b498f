/* Red flags among a draft's findings (core/redflag.h): the forms raise them as review.* notices,
 * and folder flags are attached to the same fields, so counting is one walk of the findings. */
#include "core/redflag.h"

#include <string.h>

bool redflag_is(const finding *f)
{
    return f && f->code && strncmp(f->code, REDFLAG_PREFIX, sizeof REDFLAG_PREFIX - 1) == 0;
}

static size_t count_below(const inode *n)
{
    size_t c = 0;
    const finding_list *l = inode_findings(n);
    for (size_t i = 0; l && i < l->len; i++)
        c += redflag_is(&l->items[i]);
    for (size_t i = 0; i < inode_nkids(n); i++)
        c += count_below(inode_kid(n, i));
    return c;
}

size_t redflag_count(const engine *e)
{
    return e ? count_below(engine_root(e)) : 0;
}
