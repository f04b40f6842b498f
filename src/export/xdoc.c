/* The export model of one draft: what the walk hands over (instances, fields, findings),
 * kept in document order, and turned into tables and chapters at the end. */
#include "xinternal.h"
#include "core/draft_meta.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

xt_doc *xt_doc_new(const draft *d)
{
    xt_doc *x = calloc(1, sizeof *x);
    if (x)
        x->d = d;
    return x;
}

static void chapter_free(xt_chapter *c)
{
    free(c->heading);
    for (size_t i = 0; i < c->ntexts; i++) {
        free(c->subheads[i]);
        free(c->texts[i]);
    }
    free(c->subheads);
    free(c->texts);
}

void xt_doc_free(xt_doc *x)
{
    if (!x)
        return;
    for (size_t i = 0; i < x->ninst; i++) {
        for (size_t k = 0; k < x->inst[i].nf; k++)
            free(x->inst[i].f[k].rel);
        free(x->inst[i].f);
        free(x->inst[i].prefix);
        free(x->inst[i].heading);
        free(x->inst[i].year);
        free(x->inst[i].unit);
    }
    free(x->inst);
    findings_free(&x->findings);
    for (size_t i = 0; i < x->ntables; i++)
        xt_table_free(x->tables[i]);
    free(x->tables);
    for (size_t i = 0; i < x->nch; i++)
        chapter_free(&x->ch[i]);
    free(x->ch);
    free(x->title);
    free(x);
}

/* What a document calls an instance: the part's label ("附件1 …"), a repeated part's label and
 * its number, or the form's title for a draft of one table. */
static char *heading_of(const inode *n)
{
    const fnode *d = inode_def(n);
    const char *l = d && d->label.zh ? d->label.zh : "";
    char *h = NULL;
    if (inode_kind(n) == N_ROW) {
        if (asprintf(&h, "%s（%zu）", l, inode_index(n) + 1) < 0)
            return NULL;
        return h;
    }
    return strdup(l);
}

int xt_doc_instance(xt_doc *x, const inode *n, const char *sp)
{
    const form_export *fx = fnode_export(inode_def(n));
    x->skipping = fx == NULL;
    if (!fx)
        return 0;
    if (x->ninst == x->cap) {
        size_t cap = x->cap ? x->cap * 2 : 8;
        xinst *v = realloc(x->inst, cap * sizeof *v);
        if (!v)
            return -1;
        x->inst = v;
        x->cap = cap;
    }
    xinst *in = &x->inst[x->ninst];
    memset(in, 0, sizeof *in);
    in->x = fx;
    if (*sp) {
        if (asprintf(&in->prefix, "%s.", sp) < 0)
            in->prefix = NULL;
    } else {
        in->prefix = strdup("");
    }
    in->heading = heading_of(n);
    /* a project table's heading has its own 年度; the others the draft's (the cover's) */
    if (x->e) {
        in->year = engine_meta_value(x->e, n, FORM_META_YEAR);
        in->unit = engine_meta_value(x->e, n, FORM_META_UNIT);
    } else {
        in->year = strdup(x->d && x->d->year ? x->d->year : "");
        in->unit = strdup(x->d && x->d->unit ? x->d->unit : "");
    }
    if (!in->prefix || !in->heading || !in->year || !in->unit) {
        free(in->prefix);
        free(in->heading);
        free(in->year);
        free(in->unit);
        return -1;
    }
    x->ninst++;
    return 0;
}

int xt_doc_field(xt_doc *x, const inode *n, const char *path)
{
    if (x->skipping || !x->ninst)
        return 0;
    xinst *in = &x->inst[x->ninst - 1];
    size_t pl = strlen(in->prefix);
    if (strncmp(path, in->prefix, pl) != 0)   /* not below the instance: not ours */
        return 0;
    if (in->nf == in->cap) {
        size_t cap = in->cap ? in->cap * 2 : 64;
        xfield *v = realloc(in->f, cap * sizeof *v);
        if (!v)
            return -1;
        in->f = v;
        in->cap = cap;
    }
    char *sp = strdup(path + pl);
    if (!sp)
        return -1;
    in->f[in->nf].rel = sp;
    in->f[in->nf++].n = n;
    return 0;
}

int xt_doc_finding(xt_doc *x, const finding *f)
{
    return findings_add(&x->findings, f->sev, f->code, f->path, f->msg_zh, f->msg_en);
}

const xfield *xt_find(const xinst *in, const char *rel)
{
    for (size_t i = 0; i < in->nf; i++)
        if (strcmp(in->f[i].rel, rel) == 0)
            return &in->f[i];
    return NULL;
}

/* The report's chapters: each section's paragraphs, in the form's order. Fields that are not
 * paragraphs (the cover's unit, year, date) are what the title is made of, not chapters. */
static int build_chapters(xt_doc *x, const xinst *in)
{
    for (size_t i = 0; i < in->nf; i++) {
        const inode *n = in->f[i].n;
        const fnode *d = inode_def(n);
        if (d->type != FT_PARAGRAPH)
            continue;
        const inode *sec = inode_parent(n);
        const char *head = sec && inode_def(sec)->label.zh ? inode_def(sec)->label.zh : "";
        xt_chapter *c = x->nch ? &x->ch[x->nch - 1] : NULL;
        if (!c || strcmp(c->heading, head) != 0) {
            xt_chapter *v = realloc(x->ch, (x->nch + 1) * sizeof *v);
            if (!v)
                return -1;
            x->ch = v;
            c = &x->ch[x->nch];
            memset(c, 0, sizeof *c);
            if (!(c->heading = strdup(head)))
                return -1;
            x->nch++;
        }
        char **s = realloc(c->subheads, (c->ntexts + 1) * sizeof *s);
        if (!s)
            return -1;
        c->subheads = s;
        char **t = realloc(c->texts, (c->ntexts + 1) * sizeof *t);
        if (!t)
            return -1;
        c->texts = t;
        c->subheads[c->ntexts] = strdup(d->label.zh ? d->label.zh : "");
        c->texts[c->ntexts] = strdup(inode_display(n));
        if (!c->subheads[c->ntexts] || !c->texts[c->ntexts]) {
            free(c->subheads[c->ntexts]);
            free(c->texts[c->ntexts]);
            return -1;
        }
        c->ntexts++;
    }
    /* one paragraph under a heading: its label only repeats the heading */
    for (size_t i = 0; i < x->nch; i++)
        if (x->ch[i].ntexts == 1) {
            free(x->ch[i].subheads[0]);
            x->ch[i].subheads[0] = NULL;
        }
    return 0;
}

static int add_table(xt_doc *x, xt_table *t)
{
    if (!t)
        return -1;
    xt_table **v = realloc(x->tables, (x->ntables + 1) * sizeof *v);
    if (!v) {
        xt_table_free(t);
        return -1;
    }
    x->tables = v;
    x->tables[x->ntables++] = t;
    return 0;
}

int xt_doc_finish(xt_doc *x, char **err)
{
    *err = NULL;
    char **used = calloc(x->ninst + 2, sizeof *used);
    if (!used)
        goto oom;
    size_t nused = 0;
    for (size_t i = 0; i < x->ninst; i++) {
        const xinst *in = &x->inst[i];
        if (in->x->document) {
            if (!x->title && in->x->title.zh && !(x->title = xt_subst(in, in->x->title.zh)))
                goto oom;
            if (build_chapters(x, in))
                goto oom;
            continue;
        }
        if (add_table(x, xt_build_table(x, in, used, nused)))
            goto oom;
        used[nused++] = x->tables[x->ntables - 1]->sheet;
    }
    if (x->findings.len && add_table(x, xt_build_findings(&x->findings, used, nused)))
        goto oom;
    free(used);
    return 0;
oom:
    free(used);
    *err = strdup("out of memory while preparing the export");
    return -1;
}

size_t xt_doc_ntables(const xt_doc *x) { return x->ntables; }
const xt_table *xt_doc_table(const xt_doc *x, size_t i) { return x->tables[i]; }
size_t xt_doc_nchapters(const xt_doc *x) { return x->nch; }
const xt_chapter *xt_doc_chapter(const xt_doc *x, size_t i) { return &x->ch[i]; }
const char *xt_doc_title(const xt_doc *x) { return x->title; }
const draft *xt_doc_draft(const xt_doc *x) { return x->d; }
size_t xt_doc_count(const xt_doc *x, severity s) { return findings_count(&x->findings, s); }
