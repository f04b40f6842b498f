/* Loading a form file's "parts": other forms included, each read as its own file. */
#include "form_load_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int fl_load_parts(loader *L, const cJSON *parts, fnode *attach)
{
    if (!parts)
        return 0;
    if (!cJSON_IsArray(parts))
        return fl_fail_at(L, parts, "\"parts\" must be a list%s%s", "", "");
    static const char *const keys[] = {"id", "form", "repeat", "row_prefix", "label", "help", NULL};
    for (const cJSON *p = parts->child; p; p = p->next) {
        const char *id = fl_str(L, p, "id"), *fid = fl_str(L, p, "form");
        size_t pos = id ? loc_find_kv(&L->loc, "id", id) : L->loc.cursor;
        if (!fl_valid_id(id) || !fid)
            return fl_fail(L, pos, "a part needs an \"id\" and a \"form\"%s%s", "", "");
        if (fl_check_keys(L, p, "part", keys))
            return -1;
        if (fnode_child(attach, id))
            return fl_fail(L, pos, "part %s: the id is used twice%s", id, "");
        if (L->depth >= MAX_INCLUDE_DEPTH)
            return fl_fail(L, pos, "part %s: forms include each other too deeply (a loop?)%s", id, "");
        fnode *pn = fl_new_node(L, N_PART, id, attach);
        if (!pn)
            return fl_oom(L);
        pn->pos = pos;
        if (fl_bool(L, p, "repeat", &pn->repeat) || fl_row_prefix(L, p, "p", &pn->row_prefix, id))
            return -1;
        if (fl_i18n(L, p, "label", &pn->label, false, id) || fl_i18n(L, p, "help", &pn->help, false, id))
            return -1;
        char *sbuf = NULL, *sfile = NULL, *serr = NULL;
        size_t slen = 0;
        if (!L->src || L->src(L->src_ctx, fid, &sbuf, &slen, &sfile, &serr) != 0) {
            fl_fail(L, pos, "part %s: form '%s' cannot be loaded", id, fid);
            if (serr) {
                char *e2 = NULL;
                if (asprintf(&e2, "%s: %s", *L->err, serr) >= 0) {
                    free(*L->err);
                    *L->err = e2;
                }
            }
            free(serr);
            free(sbuf);
            free(sfile);
            return -1;
        }
        form **inc = realloc(L->top->includes, (L->top->nincludes + 1) * sizeof *inc);
        form *sub = calloc(1, sizeof *sub);
        if (!inc || !sub) {
            free(inc == L->top->includes ? NULL : inc);
            free(sub);
            free(sbuf);
            free(sfile);
            return fl_oom(L);
        }
        L->top->includes = inc;
        L->top->includes[L->top->nincludes++] = sub;
        sub->file = sfile ? sfile : strdup(fid);
        /* keep the text: positions of its expressions are turned into lines at bind time */
        char **bufs = realloc(L->b->bufs, (L->b->nbufs + 1) * sizeof *bufs);
        size_t *lens = realloc(L->b->lens, (L->b->nbufs + 1) * sizeof *lens);
        if (bufs)
            L->b->bufs = bufs;
        if (lens)
            L->b->lens = lens;
        if (!bufs || !lens) {
            free(sbuf);
            return fl_oom(L);
        }
        L->b->bufs[L->b->nbufs] = sbuf;
        L->b->lens[L->b->nbufs++] = slen;
        loader sub_l = *L;
        sub_l.self = sub;
        sub_l.loc.buf = sbuf;
        sub_l.loc.len = slen;
        sub_l.loc.cursor = 0;
        sub_l.loc.file = sub->file;
        sub_l.depth = L->depth + 1;
        if (fl_load_file(&sub_l, sbuf, slen, pn))
            return -1;
        if (strcmp(sub->id, fid) != 0)
            return fl_fail(L, pos, "part %s: file for form '%s' says its id is something else", id, fid);
        if (!pn->label.zh) {
            pn->label.zh = fl_strdup(sub->title.zh);
            pn->label.en = fl_strdup(sub->title.en);
        }
    }
    return 0;
}
