/* The screens of a draft: every section instance in document order (sections of included
 * parts too, once per instance of a repeated part), with the title shown for each. */
#include "tui/app.h"

#include "tui/draw.h"

#include <stdlib.h>
#include <string.h>

static int push(app *a, size_t *cap, inode *n, const char *prefix)
{
    if (a->nsecs == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        app_section *ns = realloc(a->secs, nc * sizeof *ns);
        if (!ns)
            return -1;
        a->secs = ns;
        *cap = nc;
    }
    const char *label = node_label(a->english, n);
    char *t = prefix ? tui_asprintf("%s · %s", prefix, label) : strdup(label);
    if (!t)
        return -1;
    a->secs[a->nsecs].node = n;
    a->secs[a->nsecs].title = t;
    a->secs[a->nsecs].label_at = prefix ? strlen(t) - strlen(label) : 0;
    a->nsecs++;
    return 0;
}

static int collect(app *a, size_t *cap, inode *n, const char *prefix)
{
    for (size_t i = 0; i < inode_nkids(n); i++) {
        inode *k = inode_kid(n, i);
        node_kind kind = inode_kind(k);
        if (kind == N_SECTION || kind == N_TABLE) {
            if (push(a, cap, k, prefix))
                return -1;
        } else if (kind == N_PART) {
            const fnode *pd = inode_def(k);
            const char *pl = node_label(a->english, k);
            if (pd->repeat) {
                for (size_t r = 0; r < inode_nkids(k); r++) {
                    char *p = tui_asprintf("%s %zu", pl, r + 1);
                    int rc = p ? collect(a, cap, inode_kid(k, r), p) : -1;
                    free(p);
                    if (rc)
                        return -1;
                }
            } else if (collect(a, cap, k, pl)) {
                return -1;
            }
        }
    }
    return 0;
}

void app_sections_free(app *a)
{
    for (size_t i = 0; i < a->nsecs; i++)
        free(a->secs[i].title);
    free(a->secs);
    a->secs = NULL;
    a->nsecs = 0;
}

int app_sections_build(app *a)
{
    app_sections_free(a);
    size_t cap = 0;
    int rc = collect(a, &cap, engine_root(a->e), NULL);
    if (a->view->cur >= a->nsecs)
        a->view->cur = a->nsecs ? a->nsecs - 1 : 0;
    if (rc)
        app_message_id(a, true, M_OUT_OF_MEMORY);
    return rc;
}

/* Byte length of the longest suffix of s[0..len) that fits in maxw columns (whole clusters). */
static size_t suffix_fitting(const char *s, size_t len, int maxw)
{
    size_t best = 0;
    for (size_t k = len; k-- > 0;) {
        if (((unsigned char)s[k] & 0xc0) == 0x80)
            continue;                       /* inside a character */
        if (draw_widthn(s + k, len - k) > maxw)
            break;
        best = len - k;
    }
    return best;
}

char *app_section_title_fit(const app *a, size_t i, int width)
{
    const app_section *sec = &a->secs[i];
    const char *t = sec->title;
    if (draw_width(t) <= width || sec->label_at == 0)
        return strdup(t);
    const char *sep = " · ";
    size_t plen = sec->label_at - strlen(sep);      /* the prefix, without the separator */
    int room = width - draw_width(t + sec->label_at) - draw_width(sep) - draw_width("…");
    if (room < 4)
        return strdup(t);                           /* draw_text_fit cuts it at the end */
    int tail_w = room / 3 < 6 ? room / 3 : 6;
    size_t tail = suffix_fitting(t, plen, tail_w);
    size_t head = draw_prefix(t, plen - tail, room - draw_widthn(t + plen - tail, tail));
    return tui_asprintf("%.*s…%.*s%s", (int)head, t, (int)tail, t + plen - tail,
                        t + sec->label_at - strlen(sep));
}

size_t app_section_of(const app *a, const inode *n)
{
    for (const inode *p = n; p; p = inode_parent(p))
        for (size_t i = 0; i < a->nsecs; i++)
            if (a->secs[i].node == p)
                return i;
    return a->nsecs;
}

static inode *find_field(inode *n, const char *id)
{
    if (inode_kind(n) == N_FIELD)
        return strcmp(inode_def(n)->id, id) == 0 ? n : NULL;
    for (size_t i = 0; i < inode_nkids(n); i++) {
        node_kind k = inode_kind(inode_kid(n, i));
        if (k == N_TABLE || (k == N_PART && inode_def(inode_kid(n, i))->repeat))
            continue;           /* a total is never a table cell or another part's */
        inode *f = find_field(inode_kid(n, i), id);
        if (f)
            return f;
    }
    return NULL;
}

/* The form instance section n belongs to: a project's own table inside a submission (a row
 * of the repeated part), another included part, or the root. */
static inode *scope_of(inode *n)
{
    inode *scope = n;
    while (inode_parent(scope)) {
        inode *p = inode_parent(scope);
        if (inode_kind(scope) == N_ROW && inode_kind(p) == N_PART)
            break;
        if (inode_kind(scope) == N_PART && !inode_def(scope)->repeat)
            break;
        scope = p;
    }
    return scope;
}

void app_scope_totals(const app *a, inode *scope, bool fallback, inode **total, inode **grade)
{
    *total = find_field(scope, "total");
    *grade = find_field(scope, "grade");
    if (fallback && !*total && inode_parent(scope)) {
        *total = find_field(engine_root(a->e), "total");
        *grade = find_field(engine_root(a->e), "grade");
    }
}

/* The total and grade shown are those of the form instance the current section belongs to
 * (a project's own table inside a submission), found by the field ids "total" and "grade". */
void app_status_fields(const app *a, inode **total, inode **grade)
{
    *total = *grade = NULL;
    if (a->view->cur >= a->nsecs)
        return;
    app_scope_totals(a, scope_of(a->secs[a->view->cur].node), true, total, grade);
}

char *app_scope_name(const app *a, inode *scope)
{
    if (!scope || !inode_parent(scope))
        return NULL;                /* the form itself: the header names it */
    if (inode_kind(scope) == N_ROW)
        return tui_asprintf("%s %zu", node_label(a->english, inode_parent(scope)),
                            inode_index(scope) + 1);
    return strdup(node_label(a->english, scope));
}

char *app_status_scope(const app *a, int maxw)
{
    if (a->view->cur >= a->nsecs)
        return NULL;
    inode *total, *grade;
    app_status_fields(a, &total, &grade);
    /* the table the total belongs to: on the report, the department table's */
    char *name = total ? app_scope_name(a, scope_of(total)) : NULL;
    if (!name || draw_width(name) <= maxw || maxw < 8)
        return name;
    /* cut in the middle: a project's number at the end stays ("项目支出…表 12") */
    size_t len = strlen(name);
    size_t tail = suffix_fitting(name, len, 4);
    size_t head = draw_prefix(name, len - tail, maxw - draw_width("…") - draw_widthn(name + len - tail, tail));
    char *s = tui_asprintf("%.*s…%s", (int)head, name, name + len - tail);
    free(name);
    return s;
}
