/* One inbox row from a read draft, and how rows compare and filter (store/inbox.h). */
#include "inbox_internal.h"

#include "core/query.h"
#include "core/redflag.h"
#include "core/report.h"

#include <stdlib.h>
#include <string.h>

/* ---- making a row ---- */

/* 总分 and 等级 of the first table that declares a total (a submission's department table, a
 * project draft's own): the walk stops there. */
typedef struct {
    const char *total, *grade;
} first_total;

enum { FOUND = 1 };

static int on_table(void *ctx, const rep_table *t)
{
    first_total *ft = ctx;
    if (!t->figure[RF_TOTAL])
        return 0;
    ft->total = inode_display(t->figure[RF_TOTAL]);
    ft->grade = t->figure[RF_GRADE] ? inode_display(t->figure[RF_GRADE]) : NULL;
    return FOUND;
}

enum { T_FILE, T_UNIT, T_FORM, T_YEAR, T_TOTAL, T_GRADE, T_STATUS, T_MODIFIED, T_ERROR, T__N };

/* Copies the texts into one block; r's pointers point into it. */
static int pack(inbox_row *r, const char *const txt[T__N])
{
    size_t len = 0;
    for (int i = 0; i < T__N; i++)
        len += (txt[i] ? strlen(txt[i]) : 0) + 1;
    char *b = malloc(len);
    if (!b)
        return -1;
    const char *at[T__N];
    char *p = b;
    for (int i = 0; i < T__N; i++) {
        size_t l = txt[i] ? strlen(txt[i]) : 0;
        if (l)
            memcpy(p, txt[i], l);
        p[l] = '\0';
        at[i] = p;
        p += l + 1;
    }
    r->block = b;
    r->file = at[T_FILE];
    r->unit = at[T_UNIT];
    r->form = at[T_FORM];
    r->year = at[T_YEAR];
    r->total = at[T_TOTAL];
    r->grade = at[T_GRADE];
    r->status = at[T_STATUS];
    r->modified = at[T_MODIFIED];
    r->error = txt[T_ERROR] ? at[T_ERROR] : NULL;
    return 0;
}

int inbox_row_make(inbox_row *r, const batch_item *it)
{
    memset(r, 0, sizeof *r);
    const char *txt[T__N] = {[T_FILE] = it->path};
    if (it->error || !it->e) {
        txt[T_ERROR] = it->error ? it->error : "cannot be read";
        return pack(r, txt);
    }
    const draft *d = engine_draft(it->e);
    first_total ft = {0};
    report_writer w = {.ctx = &ft, .table = on_table};
    int rc = report_walk(it->e, it->path, NULL, &w);
    if (rc != 0 && rc != FOUND)
        return -1;
    /* the draft's own red flags; the folder's are added when the folder is read
     * (inbox.c) */
    r->flags = (unsigned)redflag_count(it->e);
    r->errors = (unsigned)engine_count(it->e, SEV_ERROR);
    r->warnings = (unsigned)engine_count(it->e, SEV_WARNING);
    r->queries = (unsigned)query_count(d, "open");
    txt[T_UNIT] = d->unit;
    txt[T_FORM] = d->form_id;
    txt[T_YEAR] = d->year;
    txt[T_TOTAL] = ft.total;
    txt[T_GRADE] = ft.grade;
    txt[T_STATUS] = d->status && *d->status ? d->status : "draft";
    txt[T_MODIFIED] = d->modified;
    if (ft.total && *ft.total &&
        dec_parse(ft.total, strlen(ft.total), &r->total_value) == DEC_OK)
        r->has_total = true;
    return pack(r, txt);
}

void inbox_row_clear(inbox_row *r)
{
    free(r->block);
    memset(r, 0, sizeof *r);
}

/* ---- comparing ---- */

static int grade_rank(const char *g)
{
    static const char *const order[] = {"差", "中", "良", "优"};
    for (int i = 0; i < 4; i++)
        if (strcmp(g, order[i]) == 0)
            return i;
    return -1;
}

static int status_rank(const char *s)
{
    static const char *const order[] = {"draft", "submitted", "returned", "approved",
                                        "rechecked"};
    for (int i = 0; i < 5; i++)
        if (strcmp(s, order[i]) == 0)
            return i;
    return 5;   /* a status this version does not know: after the known ones */
}

static int by_count(unsigned a, unsigned b)
{
    return a < b ? -1 : a > b;
}

static int by_text(const char *a, const char *b)
{
    int c = strcmp(a, b);
    return c < 0 ? -1 : c > 0;
}

/* Whether r has no value in column c (it then sorts last). */
static bool blank(const inbox_row *r, inbox_col c)
{
    if (c == IB_FILE)
        return false;
    if (c == IB_ERRORS)
        return false;   /* an unreadable file sorts as the most errors */
    if (r->error)
        return true;
    switch (c) {
    case IB_UNIT: return !*r->unit;
    case IB_FORM: return !*r->form;
    case IB_YEAR: return !*r->year;
    case IB_TOTAL: return !r->has_total;
    case IB_GRADE: return !*r->grade;
    case IB_MODIFIED: return !*r->modified;
    default: return false;
    }
}

static int compare(const inbox_row *a, const inbox_row *b, inbox_col c)
{
    switch (c) {
    case IB_FILE: return by_text(a->file, b->file);
    case IB_UNIT: return by_text(a->unit, b->unit);
    case IB_FORM: return by_text(a->form, b->form);
    case IB_YEAR: return by_text(a->year, b->year);
    case IB_MODIFIED: return by_text(a->modified, b->modified);
    case IB_TOTAL: return dec_cmp(a->total_value, b->total_value);
    case IB_GRADE: {
        int ra = grade_rank(a->grade), rb = grade_rank(b->grade);
        return ra != rb ? (ra < rb ? -1 : 1) : by_text(a->grade, b->grade);
    }
    case IB_ERRORS:
        if (!!a->error != !!b->error)
            return a->error ? 1 : -1;
        return by_count(a->errors, b->errors);
    case IB_WARNINGS: return by_count(a->warnings, b->warnings);
    case IB_QUERIES: return by_count(a->queries, b->queries);
    case IB_FLAGS: return by_count(a->flags, b->flags);
    case IB_STATUS: {
        int ra = status_rank(a->status), rb = status_rank(b->status);
        return ra != rb ? (ra < rb ? -1 : 1) : by_text(a->status, b->status);
    }
    default: return 0;
    }
}

int inbox_row_cmp(const inbox_row *a, const inbox_row *b, inbox_col c, bool descending)
{
    bool ba = blank(a, c), bb = blank(b, c);
    if (ba || bb)
        return ba == bb ? 0 : ba ? 1 : -1;
    int r = compare(a, b, c);
    return descending ? -r : r;
}

/* ---- filtering ---- */

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* needle in hay, ASCII letters in any case; other bytes (Chinese) as they are. Byte-wise
 * matching is exact for UTF-8: a character's bytes never match inside another's. */
static bool contains(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *h = hay; *h; h++) {
        size_t i = 0;
        while (i < n && h[i] && lower(h[i]) == lower(needle[i]))
            i++;
        if (i == n)
            return true;
    }
    return n == 0;
}

bool inbox_row_matches(const inbox_row *r, const inbox_filter *f)
{
    if (f->status && *f->status && (r->error || strcmp(r->status, f->status) != 0))
        return false;
    if (f->errors && !r->error && r->errors == 0)
        return false;
    if (f->open_queries && r->queries == 0)
        return false;
    if (f->unit && *f->unit && (r->error || !contains(r->unit, f->unit)))
        return false;
    return true;
}
