/* Findings from outside the engine (core/engine.h, engine_add_findings): a reviewer's folder
 * flags, found by comparing drafts, shown with the draft's own findings on the same fields. */
#include "engine_internal.h"

int engine_add_findings(engine *e, const finding_list *l)
{
    for (size_t i = 0; l && i < l->len; i++) {
        const finding *f = &l->items[i];
        inode *n = f->path && *f->path ? engine_find(e, f->path) : NULL;
        if (!n)
            n = e->root;
        /* kept apart from the field's own findings, which computing it again replaces */
        inode_attach *a = eng_attach_of(n, false);
        if (!a || findings_add(&a->outside, f->sev, f->code, f->path ? f->path : "",
                               f->msg_zh, f->msg_en) != 0)
            return -1;
        eng_merge_findings(n);
    }
    return 0;
}
