/* Loading and checking a form's export block (include/core/form_export.h). Strict like the
 * rest of the form: unknown keys, names the form does not have and rows that do not fill the
 * grid are refused with the place in the file, because a layout that half-works would file a
 * table with a column missing and nobody would notice until a bureau sent it back. */
#include "core/form_export.h"
#include "core/json_strict.h"
#include "form_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XP_MAX_COLS 64
#define XP_MAX_WIDTH 200

typedef struct {
    const char *file, *buf;
    size_t len;
    const cJSON *root;
    const fnode *attach;
    char **err;
} xl;

static int xfail(xl *L, const cJSON *at, const char *fmt, const char *a, const char *b)
{
    if (*L->err)
        return -1;
    size_t pos = at ? json_node_offset(L->buf, L->len, L->root, at, at->string != NULL) : 0;
    *L->err = loc_message(L->file, L->buf, L->len, pos, fmt, a ? a : "", b ? b : "");
    return -1;
}

static int xoom(xl *L)
{
    if (!*L->err)
        *L->err = strdup("out of memory while loading the form's export block");
    return -1;
}

static int check_keys(xl *L, const cJSON *o, const char *what, const char *const *allowed)
{
    for (const cJSON *it = o->child; it; it = it->next) {
        bool ok = false;
        for (const char *const *a = allowed; *a && !ok; a++)
            ok = strcmp(*a, it->string) == 0;
        if (!ok)
            return xfail(L, it, "export: %s: unknown key '%s'", what, it->string);
    }
    return 0;
}

/* A label: a string (the same in both languages) or {"zh": …, "en": …}. */
static int get_text(xl *L, const cJSON *v, i18n *out, const char *what)
{
    if (cJSON_IsString(v)) {
        out->zh = strdup(v->valuestring);
        out->en = strdup(v->valuestring);
    } else if (cJSON_IsObject(v)) {
        static const char *const keys[] = {"zh", "en", NULL};
        if (check_keys(L, v, what, keys))
            return -1;
        const cJSON *zh = cJSON_GetObjectItemCaseSensitive(v, "zh");
        const cJSON *en = cJSON_GetObjectItemCaseSensitive(v, "en");
        if (!cJSON_IsString(zh) || (en && !cJSON_IsString(en)))
            return xfail(L, v, "export: %s: expected {\"zh\": text, \"en\": text}%s", what, "");
        out->zh = strdup(zh->valuestring);
        out->en = strdup(en ? en->valuestring : zh->valuestring);
    } else {
        return xfail(L, v, "export: %s: expected a text or {\"zh\": …, \"en\": …}%s", what, "");
    }
    return out->zh && out->en ? 0 : xoom(L);
}

static int get_int(xl *L, const cJSON *v, int lo, int hi, int *out, const char *what)
{
    if (!cJSON_IsNumber(v) || v->valuedouble != (double)(int)v->valuedouble ||
        v->valueint < lo || v->valueint > hi) {
        char range[64];
        snprintf(range, sizeof range, "%d to %d", lo, hi);
        return xfail(L, v, "export: %s: expected a whole number from %s", what, range);
    }
    *out = v->valueint;
    return 0;
}

/* A dotted path of ids below `from` ("funds.rate", "indicators", "level1"). */
static const fnode *walk(const fnode *from, const char *path)
{
    const fnode *n = from;
    char *copy = strdup(path), *save = NULL;
    if (!copy)
        return NULL;
    for (char *seg = strtok_r(copy, ".", &save); seg && n; seg = strtok_r(NULL, ".", &save))
        n = fnode_child(n, seg);
    free(copy);
    return n == from ? NULL : n;
}

static int load_cell(xl *L, const cJSON *c, const fnode *table, xcell *out)
{
    out->span = 1;
    if (cJSON_IsString(c)) {
        out->kind = XC_TEXT;
        out->text.zh = strdup(c->valuestring);
        out->text.en = strdup(c->valuestring);
        return out->text.zh && out->text.en ? 0 : xoom(L);
    }
    if (!cJSON_IsObject(c))
        return xfail(L, c, "export: a cell is a text or an object with \"text\", \"label\" or "
                           "\"field\"%s%s", "", "");
    static const char *const keys[] = {"text",        "label", "field", "span",
                                       "number_from", "align", "prefix", NULL};
    if (check_keys(L, c, "cell", keys))
        return -1;
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(c, "text");
    const cJSON *l = cJSON_GetObjectItemCaseSensitive(c, "label");
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(c, "field");
    if ((t != NULL) + (l != NULL) + (f != NULL) != 1)
        return xfail(L, c, "export: a cell has exactly one of \"text\", \"label\" and "
                           "\"field\"%s%s", "", "");
    const cJSON *v;
    if ((v = cJSON_GetObjectItemCaseSensitive(c, "span")) &&
        get_int(L, v, 1, XP_MAX_COLS, &out->span, "span"))
        return -1;
    if ((v = cJSON_GetObjectItemCaseSensitive(c, "number_from"))) {
        if (!table)
            return xfail(L, v, "export: \"number_from\" numbers the rows of an \"each\" row "
                               "only%s%s", "", "");
        if (get_int(L, v, 0, 1000000, &out->number_from, "number_from"))
            return -1;
    }
    if ((v = cJSON_GetObjectItemCaseSensitive(c, "align"))) {
        const char *a = cJSON_IsString(v) ? v->valuestring : "";
        if (strcmp(a, "left") == 0)
            out->align = XA_LEFT;
        else if (strcmp(a, "center") == 0)
            out->align = XA_CENTER;
        else if (strcmp(a, "right") == 0)
            out->align = XA_RIGHT;
        else
            return xfail(L, v, "export: \"align\" is \"left\", \"center\" or \"right\"%s%s", "",
                         "");
    }
    if ((v = cJSON_GetObjectItemCaseSensitive(c, "prefix"))) {
        if (!f)
            return xfail(L, v, "export: \"prefix\" goes with a \"field\" cell%s%s", "", "");
        if (get_text(L, v, &out->prefix, "prefix"))
            return -1;
    }
    if (t) {
        out->kind = XC_TEXT;
        return get_text(L, t, &out->text, "text");
    }
    const cJSON *p = l ? l : f;
    if (!cJSON_IsString(p) || !*p->valuestring)
        return xfail(L, p, "export: expected the path of a field, such as \"funds.rate\"%s%s", "",
                     "");
    const char *path = p->valuestring;
    const fnode *n = NULL;
    if (f && table) {
        n = walk(table, path);
        if (!n || n->kind != N_FIELD)
            return xfail(L, p, "export: '%s' is not a column of the table '%s'", path, table->id);
    } else {
        n = walk(L->attach, path);
        if (!n)
            return xfail(L, p, "export: this form has no '%s'%s", path, "");
        if (f) {
            if (n->kind != N_FIELD)
                return xfail(L, p, "export: '%s' is not a field%s", path, "");
            const fnode *ra = fnode_repeat_ancestor(n);
            if (ra && ra != L->attach)
                return xfail(L, p, "export: '%s' is in a table: put it in an \"each\" row of "
                                   "'%s'", path, ra->id);
        }
    }
    out->kind = l ? XC_LABEL : XC_FIELD;
    out->node = n;
    if (f && !(out->path = strdup(path)))
        return xoom(L);
    return 0;
}

static int load_rows(xl *L, const cJSON *rows, int width, xrow **out, size_t *nout);

/* A cell of a column the table hides ("hidden_columns": the 二级指标 of a table printed with
 * 一级 / 三级 only): its heading or its value. */
static bool hidden_cell(const xcell *c)
{
    return (c->kind == XC_FIELD || c->kind == XC_LABEL) && c->node && c->node->kind == N_FIELD &&
           c->node->hidden;
}

/* Drops the cells of hidden columns, giving their columns to the cell after them (the one
 * before, at the end of the row): the row still fills the grid, and the 三级指标 beside a
 * hidden 二级指标 gets its room, where such tables print it. A row of nothing but hidden
 * cells keeps them. */
static void fold_hidden(xrow *r)
{
    size_t keep = 0;
    for (size_t i = 0; i < r->ncells; i++)
        keep += !hidden_cell(&r->cells[i]);
    if (keep == 0 || keep == r->ncells)
        return;
    int carry = 0;
    size_t n = 0;
    for (size_t i = 0; i < r->ncells; i++) {
        xcell *c = &r->cells[i];
        if (hidden_cell(c)) {
            carry += c->span;
            free(c->text.zh);
            free(c->text.en);
            free(c->path);
            free(c->prefix.zh);
            free(c->prefix.en);
            continue;
        }
        c->span += carry;
        carry = 0;
        r->cells[n++] = *c;
    }
    r->cells[n - 1].span += carry;
    r->ncells = n;
}

static int load_cells(xl *L, const cJSON *o, xrow *r, int width, const fnode *table)
{
    const cJSON *cells = cJSON_GetObjectItemCaseSensitive(o, "cells");
    if (!cJSON_IsArray(cells) || !cells->child)
        return xfail(L, cells ? cells : o, "export: a row needs a list of \"cells\"%s%s", "", "");
    size_t n = (size_t)cJSON_GetArraySize(cells);
    r->cells = calloc(n, sizeof *r->cells);
    if (!r->cells)
        return xoom(L);
    int used = 0;
    for (const cJSON *c = cells->child; c; c = c->next) {
        if (load_cell(L, c, table, &r->cells[r->ncells++]))
            return -1;
        used += r->cells[r->ncells - 1].span;
    }
    if (used != width) {
        char a[32], b[32];
        snprintf(a, sizeof a, "%d", used);
        snprintf(b, sizeof b, "%d", width);
        return xfail(L, cells, "export: the cells of this row span %s columns where %s are "
                               "left to fill", a, b);
    }
    fold_hidden(r);
    return 0;
}

static int load_row(xl *L, const cJSON *o, int width, xrow *r)
{
    if (!cJSON_IsObject(o))
        return xfail(L, o, "export: a row is an object with \"cells\", \"each\" or \"band\"%s%s",
                     "", "");
    static const char *const keys[] = {"cells", "each", "merge", "band", "rows", "style", NULL};
    if (check_keys(L, o, "row", keys))
        return -1;
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(o, "style");
    if (st) {
        const char *s = cJSON_IsString(st) ? st->valuestring : "";
        static const char *const names[] = {"body", "head", "foot", "note"};
        int k = -1;
        for (int i = 0; i < 4; i++)
            if (strcmp(s, names[i]) == 0)
                k = i;
        if (k < 0)
            return xfail(L, st, "export: \"style\" is \"body\", \"head\", \"foot\" or "
                                "\"note\"%s%s", "", "");
        r->style = (xrow_style)k;
    }
    const cJSON *band = cJSON_GetObjectItemCaseSensitive(o, "band");
    const cJSON *each = cJSON_GetObjectItemCaseSensitive(o, "each");
    if (band) {
        if (each || cJSON_GetObjectItemCaseSensitive(o, "cells"))
            return xfail(L, o, "export: a \"band\" row holds \"rows\", not \"cells\"%s%s", "", "");
        if (width < 2)
            return xfail(L, band, "export: no column is left for the rows beside the band%s%s",
                         "", "");
        r->kind = XR_BAND;
        if (get_text(L, band, &r->band, "band"))
            return -1;
        const cJSON *rows = cJSON_GetObjectItemCaseSensitive(o, "rows");
        if (!cJSON_IsArray(rows) || !rows->child)
            return xfail(L, o, "export: a \"band\" needs a list of \"rows\"%s%s", "", "");
        return load_rows(L, rows, width - 1, &r->rows, &r->nrows);
    }
    if (cJSON_GetObjectItemCaseSensitive(o, "rows"))
        return xfail(L, o, "export: \"rows\" belong in a \"band\"%s%s", "", "");
    if (!each) {
        if (cJSON_GetObjectItemCaseSensitive(o, "merge"))
            return xfail(L, o, "export: \"merge\" belongs in an \"each\" row%s%s", "", "");
        r->kind = XR_CELLS;
        return load_cells(L, o, r, width, NULL);
    }
    r->kind = XR_EACH;
    if (!cJSON_IsString(each))
        return xfail(L, each, "export: \"each\" names a table of the form%s%s", "", "");
    const fnode *t = walk(L->attach, each->valuestring);
    if (!t || t->kind != N_TABLE)
        return xfail(L, each, "export: '%s' is not a table of this form%s", each->valuestring, "");
    r->table = t;
    if (!(r->table_path = strdup(each->valuestring)))
        return xoom(L);
    if (load_cells(L, o, r, width, t))
        return -1;
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(o, "merge");
    if (!m)
        return 0;
    if (!cJSON_IsArray(m))
        return xfail(L, m, "export: \"merge\" is a list of column ids%s%s", "", "");
    r->merge = calloc((size_t)cJSON_GetArraySize(m) + 1, sizeof *r->merge);
    if (!r->merge)
        return xoom(L);
    for (const cJSON *c = m->child; c; c = c->next) {
        const fnode *col = cJSON_IsString(c) ? walk(t, c->valuestring) : NULL;
        if (col && col->kind == N_FIELD && col->hidden)
            continue;               /* its cells were folded away: nothing to merge */
        int found = -1;
        for (size_t i = 0; cJSON_IsString(c) && i < r->ncells; i++)
            if (r->cells[i].kind == XC_FIELD && strcmp(r->cells[i].path, c->valuestring) == 0)
                found = (int)i;
        if (found < 0)
            return xfail(L, c, "export: \"merge\": '%s' is not a field cell of this row%s",
                         cJSON_IsString(c) ? c->valuestring : "?", "");
        r->merge[r->nmerge++] = found;
    }
    return 0;
}

static int load_rows(xl *L, const cJSON *rows, int width, xrow **out, size_t *nout)
{
    size_t n = (size_t)cJSON_GetArraySize(rows);
    *out = calloc(n ? n : 1, sizeof **out);
    if (!*out)
        return xoom(L);
    for (const cJSON *o = rows->child; o; o = o->next)
        if (load_row(L, o, width, &(*out)[(*nout)++]))
            return -1;
    return 0;
}

int form_export_load(const char *file, const char *buf, size_t len, const cJSON *root,
                     const cJSON *obj, const fnode *attach, form_export **out, char **err)
{
    *out = NULL;
    if (!obj)
        return 0;
    xl L = {.file = file, .buf = buf, .len = len, .root = root, .attach = attach, .err = err};
    if (!cJSON_IsObject(obj))
        return xfail(&L, obj, "export: expected an object {…}%s%s", "", "");
    static const char *const keys[] = {"document", "sheet", "sheet_field", "title", "columns",
                                       "repeat_rows", "rows", "$comment", NULL};
    if (check_keys(&L, obj, "export", keys))
        return -1;
    form_export *x = calloc(1, sizeof *x);
    if (!x)
        return xoom(&L);
    *out = x;
    const cJSON *v;
    x->repeat_rows = 1;
    if ((v = cJSON_GetObjectItemCaseSensitive(obj, "document"))) {
        if (!cJSON_IsBool(v))
            return xfail(&L, v, "export: \"document\" is true or false%s%s", "", "");
        x->document = cJSON_IsTrue(v);
    }
    if (x->document) {
        for (const cJSON *it = obj->child; it; it = it->next)
            if (strcmp(it->string, "document") != 0 && strcmp(it->string, "title") != 0 &&
                strcmp(it->string, "$comment") != 0)
                return xfail(&L, it, "export: a document (the report) takes a \"title\" only, "
                                     "not '%s'%s", it->string, "");
    }
    if ((v = cJSON_GetObjectItemCaseSensitive(obj, "title")) &&
        get_text(&L, v, &x->title, "title"))
        return -1;
    if (x->document)
        return 0;
    if (!(v = cJSON_GetObjectItemCaseSensitive(obj, "sheet")))
        return xfail(&L, obj, "export: a table needs a \"sheet\" name%s%s", "", "");
    if (get_text(&L, v, &x->sheet, "sheet"))
        return -1;
    if ((v = cJSON_GetObjectItemCaseSensitive(obj, "sheet_field"))) {
        const fnode *n = cJSON_IsString(v) ? walk(attach, v->valuestring) : NULL;
        if (!n || n->kind != N_FIELD ||
            (fnode_repeat_ancestor(n) && fnode_repeat_ancestor(n) != attach))
            return xfail(&L, v, "export: \"sheet_field\": '%s' is not a field of this form%s",
                         cJSON_IsString(v) ? v->valuestring : "?", "");
        x->sheet_node = n;
        if (!(x->sheet_field = strdup(v->valuestring)))
            return xoom(&L);
    }
    const cJSON *cols = cJSON_GetObjectItemCaseSensitive(obj, "columns");
    int nc = cJSON_IsArray(cols) ? cJSON_GetArraySize(cols) : 0;
    if (nc < 1 || nc > XP_MAX_COLS)
        return xfail(&L, cols ? cols : obj, "export: \"columns\" lists the table's columns "
                                            "(1 to 64), each {\"min\": …, \"max\": …}%s%s", "", "");
    x->ncols = nc;
    if (!(x->cols = calloc((size_t)nc, sizeof *x->cols)))
        return xoom(&L);
    int i = 0;
    for (const cJSON *c = cols->child; c; c = c->next, i++) {
        static const char *const ck[] = {"min", "max", NULL};
        if (!cJSON_IsObject(c))
            return xfail(&L, c, "export: a column is {\"min\": …, \"max\": …}%s%s", "", "");
        if (check_keys(&L, c, "column", ck))
            return -1;
        x->cols[i].min = 4;
        x->cols[i].max = 40;
        if ((v = cJSON_GetObjectItemCaseSensitive(c, "min")) &&
            get_int(&L, v, 1, XP_MAX_WIDTH, &x->cols[i].min, "min"))
            return -1;
        if ((v = cJSON_GetObjectItemCaseSensitive(c, "max")) &&
            get_int(&L, v, 1, XP_MAX_WIDTH, &x->cols[i].max, "max"))
            return -1;
        if (x->cols[i].min > x->cols[i].max)
            return xfail(&L, c, "export: a column's \"min\" is above its \"max\"%s%s", "", "");
    }
    const cJSON *rows = cJSON_GetObjectItemCaseSensitive(obj, "rows");
    if (!cJSON_IsArray(rows) || !rows->child)
        return xfail(&L, rows ? rows : obj, "export: a table needs a list of \"rows\"%s%s", "",
                     "");
    if (load_rows(&L, rows, nc, &x->rows, &x->nrows))
        return -1;
    if ((v = cJSON_GetObjectItemCaseSensitive(obj, "repeat_rows")) &&
        get_int(&L, v, 0, 100, &x->repeat_rows, "repeat_rows"))
        return -1;
    return 0;
}

static void rows_free(xrow *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        xrow *r = &rows[i];
        for (size_t k = 0; k < r->ncells; k++) {
            free(r->cells[k].text.zh);
            free(r->cells[k].text.en);
            free(r->cells[k].path);
            free(r->cells[k].prefix.zh);
            free(r->cells[k].prefix.en);
        }
        free(r->cells);
        free(r->table_path);
        free(r->merge);
        free(r->band.zh);
        free(r->band.en);
        rows_free(r->rows, r->nrows);
    }
    free(rows);
}

void form_export_free(form_export *x)
{
    if (!x)
        return;
    free(x->sheet.zh);
    free(x->sheet.en);
    free(x->sheet_field);
    free(x->title.zh);
    free(x->title.en);
    free(x->cols);
    rows_free(x->rows, x->nrows);
    free(x);
}

const form_export *fnode_export(const fnode *n)
{
    if (!n)
        return NULL;
    if (n->kind == N_ROW || (n->kind == N_PART && n->nkids))
        n = n->nkids ? n->kids[0] : n;
    return n->origin ? n->origin->export : NULL;
}
