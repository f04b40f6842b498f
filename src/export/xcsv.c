/* The tables as CSV (one file per table) and the whole submission as a Markdown document. */
#include "export/xrender.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void csv_field(FILE *f, const char *s)
{
    if (!s)
        return;
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            fputc('"', f);
        fputc(*p, f);
    }
    fputc('"', f);
}

int xt_render_csv(const xt_table *t, bool bom, char **out, size_t *len)
{
    FILE *f = open_memstream(out, len);
    if (!f)
        return -1;
    if (bom)
        fputs("\xEF\xBB\xBF", f);
    csv_field(f, t->title);
    for (int k = 1; k < t->ncols; k++)
        fputc(',', f);
    fputs("\r\n", f);
    for (int r = 0; r < t->nrows; r++) {
        for (int k = 0; k < t->ncols; k++) {
            const xt_cell *x = xt_at(t, r, k);
            if (k)
                fputc(',', f);
            if (!x->covered && x->kind != XV_EMPTY)
                csv_field(f, x->text);
        }
        fputs("\r\n", f);
    }
    if (fclose(f) != 0) {
        free(*out);
        *out = NULL;
        return -1;
    }
    return 0;
}

/* ---- Markdown ---- */

/* A cell of a pipe table: one line, pipes escaped, line breaks as <br>. */
static void md_cell(FILE *f, const char *s)
{
    for (const char *p = s ? s : ""; *p; p++) {
        if (*p == '|')
            fputs("\\|", f);
        else if (*p == '\n')
            fputs("<br>", f);
        else if (*p != '\r')
            fputc(*p, f);
    }
}

static void md_table(FILE *f, const xt_table *t)
{
    if (t->title && *t->title)
        fprintf(f, "**%s**\n\n", t->title);
    int first = 0;
    while (first < t->nrows && t->row_style[first] != XS_BODY && t->row_style[first] != XS_HEAD)
        first++;
    bool head_done = false;
    for (int r = first; r < t->nrows; r++) {
        if (t->row_style[r] == XS_FOOT || t->row_style[r] == XS_NOTE) {
            fputc('\n', f);
            for (int k = 0; k < t->ncols; k++) {
                const xt_cell *x = xt_at(t, r, k);
                if (!x->covered && x->kind != XV_EMPTY)
                    fprintf(f, "%s%s", k ? "　" : "", x->text);
            }
            fputs("\n", f);
            continue;
        }
        fputc('|', f);
        for (int k = 0; k < t->ncols; k++) {
            const xt_cell *x = xt_at(t, r, k);
            fputc(' ', f);
            if (!x->covered && x->kind != XV_EMPTY)
                md_cell(f, x->text);
            fputs(" |", f);
        }
        fputc('\n', f);
        if (!head_done) {   /* a pipe table's first row is its heading */
            fputc('|', f);
            for (int k = 0; k < t->ncols; k++)
                fputs(" --- |", f);
            fputc('\n', f);
            head_done = true;
        }
    }
    fputc('\n', f);
}

int xt_render_md(const xt_doc *x, char **out, size_t *len)
{
    FILE *f = open_memstream(out, len);
    if (!f)
        return -1;
    if (xt_doc_title(x))
        fprintf(f, "# %s\n\n", xt_doc_title(x));
    const draft *d = xt_doc_draft(x);
    if (d && d->unit && *d->unit)
        fprintf(f, "部门（单位）名称：%s\n\n", d->unit);
    for (size_t i = 0; i < xt_doc_nchapters(x); i++) {
        const xt_chapter *c = xt_doc_chapter(x, i);
        fprintf(f, "## %s\n\n", c->heading);
        for (size_t k = 0; k < c->ntexts; k++) {
            if (c->subheads[k])
                fprintf(f, "### %s\n\n", c->subheads[k]);
            /* one paragraph per line of the field: Markdown joins lines otherwise */
            for (const char *p = c->texts[k]; *p;) {
                const char *e = strchr(p, '\n');
                size_t n = e ? (size_t)(e - p) : strlen(p);
                if (n)
                    fprintf(f, "%.*s\n\n", (int)n, p);
                p += n + (e != NULL);
            }
        }
    }
    size_t na = 0;
    for (size_t i = 0; i < xt_doc_ntables(x); i++)
        na += !xt_doc_table(x, i)->findings;
    if (xt_doc_nchapters(x) && na) {
        fputs("报告附件：", f);
        size_t k = 0;
        for (size_t i = 0; i < xt_doc_ntables(x); i++)
            if (!xt_doc_table(x, i)->findings)
                fprintf(f, "%s%zu.%s", k ? "；" : "", k + 1, xt_doc_table(x, i)->title), k++;
        fputs("\n\n", f);
    }
    for (size_t i = 0; i < xt_doc_ntables(x); i++) {
        const xt_table *t = xt_doc_table(x, i);
        fprintf(f, "## %s\n\n", t->findings ? "检查结果" : t->heading);
        md_table(f, t);
    }
    if (fclose(f) != 0) {
        free(*out);
        *out = NULL;
        return -1;
    }
    return 0;
}
