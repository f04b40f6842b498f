/* Form definitions: lookups and freeing. */
#include "core/form_export.h"
#include "form_internal.h"

#include <stdlib.h>
#include <string.h>

const char *i18n_get(const i18n *t, bool english)
{
    if (!t)
        return "";
    const char *s = english ? t->en : t->zh;
    if (!s)
        s = english ? t->zh : t->en;
    return s ? s : "";
}

fnode *fnode_child(const fnode *n, const char *id)
{
    if (!n || !id)
        return NULL;
    for (size_t i = 0; i < n->nkids; i++)
        if (n->kids[i]->id && strcmp(n->kids[i]->id, id) == 0)
            return n->kids[i];
    return NULL;
}

char *fnode_path(const fnode *n)
{
    /* ids from the root down, joined by '.'; the root (N_FORM) has no id of its own */
    size_t len = 0, count = 0;
    for (const fnode *p = n; p && p->parent; p = p->parent) {
        len += strlen(p->id);
        count++;
    }
    char *out = malloc(len + count + 1);
    if (!out)
        return NULL;
    size_t at = len + (count ? count - 1 : 0);
    out[at] = '\0';
    for (const fnode *p = n; p && p->parent; p = p->parent) {
        size_t l = strlen(p->id);
        at -= l;
        memcpy(out + at, p->id, l);
        if (at > 0)
            out[--at] = '.';
    }
    return out;
}

fnode *fnode_repeat_ancestor(const fnode *n)
{
    for (fnode *p = n ? n->parent : NULL; p; p = p->parent)
        if (p->kind == N_TABLE || (p->kind == N_PART && p->repeat))
            return p;
    return NULL;
}

static void choices_free(form_choice *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(c[i].value);
        free(c[i].en);
    }
    free(c);
}

void fnode_free(fnode *n)
{
    if (!n)
        return;
    free(n->id);
    free(n->label.zh);
    free(n->label.en);
    free(n->help.zh);
    free(n->help.en);
    free(n->kids);
    free(n->unit);
    expr_free(n->required_when);
    choices_free(n->choices, n->nchoices);
    for (size_t i = 0; i < n->nchoices_keys; i++) {
        free(n->choices_keys[i]);
        choices_free(n->choices_by[i], n->nchoices_by[i]);
    }
    free(n->choices_keys);
    free(n->choices_by);
    free(n->nchoices_by);
    expr_free(n->compute);
    expr_free(n->accept_lo);
    expr_free(n->accept_hi);
    free(n->default_text);
    free(n->carry_from);
    free(n->row_prefix);
    free(n->deps);
    free(n);
}

static void form_strings_free(form *f)
{
    form_export_free(f->export);
    free(f->id);
    free(f->version);
    free(f->title.zh);
    free(f->title.en);
    free(f->file);
    for (size_t i = 0; i < f->ngrades; i++) {
        free(f->grades[i].name);
        free(f->grades[i].label.zh);
        free(f->grades[i].label.en);
    }
    free(f->grades);
    for (int i = 0; i < 3; i++)
        free(f->tier_names[i]);
}

void form_free(form *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->nnodes; i++)
        fnode_free(f->nodes[i]);
    free(f->nodes);
    for (size_t i = 0; i < f->nrules; i++) {
        form_rule *r = &f->rules[i];
        free(r->code);
        free(r->message.zh);
        free(r->message.en);
        for (size_t k = 0; k < r->nplaceholders; k++)
            expr_free(r->placeholders[k]);
        free(r->placeholders);
        expr_free(r->when);
        free(r->deps);
    }
    free(f->rules);
    for (size_t i = 0; i < f->nincludes; i++) {
        form_strings_free(f->includes[i]);
        free(f->includes[i]);
    }
    free(f->includes);
    form_strings_free(f);
    free(f);
}
