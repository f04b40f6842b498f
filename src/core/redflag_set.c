/* The folder flags (core/redflag.h): drafts are added as fingerprints; finishing sorts the
 * texts by digest and the rows by indicator, and reports, per draft, each field whose long text
 * another unit filed too (review.copied_text) and each target below the same unit's actual of
 * the year before (review.target_below_last_actual). */
#include "redflag_internal.h"
#include "core/carry.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct redflag_set {
    rf_entry *e;
    size_t ne;
    rf_texts texts;
    rf_rows rows;
    bool finished;
};

redflag_set *redflag_set_new(void)
{
    return calloc(1, sizeof(redflag_set));
}

static void entry_free(rf_entry *en)
{
    free(en->file);
    free(en->unit);
    free(en->year);
    for (uint32_t i = 0; i < en->npaths; i++)
        free(en->paths[i]);
    free(en->paths);
    findings_free(&en->flags);
    memset(en, 0, sizeof *en);
}

void redflag_set_free(redflag_set *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->ne; i++)
        entry_free(&s->e[i]);
    free(s->e);
    for (size_t i = 0; i < s->rows.n; i++)
        free(s->rows.v[i].s);
    free(s->rows.v);
    free(s->texts.v);
    free(s);
}

int redflag_set_add(redflag_set *s, size_t index, const engine *e, const char *file,
                    bool reference)
{
    if (!s || !e || s->finished || index >= UINT32_MAX)
        return -1;
    if (index >= s->ne) {
        size_t nn = index + 1 > s->ne * 2 ? index + 1 : s->ne * 2;
        rf_entry *v = realloc(s->e, nn * sizeof *v);
        if (!v)
            return -1;
        memset(v + s->ne, 0, (nn - s->ne) * sizeof *v);
        s->e = v;
        s->ne = nn;
    }
    rf_entry *en = &s->e[index];
    if (en->present)
        return -1;
    size_t nt = s->texts.n, nr = s->rows.n;
    en->present = true;
    en->reference = reference;
    if (!(en->file = strdup(file ? file : "")) ||
        rf_fingerprint(e, (uint32_t)index, en, &s->texts, &s->rows) != 0) {
        /* leave the set as it was */
        s->texts.n = nt;
        for (size_t i = nr; i < s->rows.n; i++)
            free(s->rows.v[i].s);
        s->rows.n = nr;
        entry_free(en);
        return -1;
    }
    return 0;
}

const finding_list *redflag_set_findings(const redflag_set *s, size_t index)
{
    if (!s || !s->finished || index >= s->ne || !s->e[index].present ||
        !s->e[index].flags.len)
        return NULL;
    return &s->e[index].flags;
}

/* ---- copied text ---- */

static int cmp_text(const void *a, const void *b)
{
    const rf_text *x = a, *y = b;
    if (x->digest != y->digest)
        return x->digest < y->digest ? -1 : 1;
    if (x->unit != y->unit)
        return x->unit < y->unit ? -1 : 1;
    if (x->entry != y->entry)
        return x->entry < y->entry ? -1 : 1;
    return x->field < y->field ? -1 : x->field > y->field;
}

/* Has entry `en` a review.copied_text finding on `path` already (one per field)? */
static bool flagged(const rf_entry *en, const char *path)
{
    for (size_t i = 0; i < en->flags.len; i++)
        if (strcmp(en->flags.items[i].code, "review.copied_text") == 0 &&
            strcmp(en->flags.items[i].path, path) == 0)
            return true;
    return false;
}

/* Adds a finding in two languages formatted separately (their arguments differ). */
static int add2(rf_entry *en, const char *code, const char *path, char *zh, char *en_)
{
    int rc = zh && en_ ? findings_add(&en->flags, SEV_NOTICE, code, path, zh, en_) : -1;
    free(zh);
    free(en_);
    return rc;
}

static char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
static char *fmt(const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    char *s = NULL;
    if (vasprintf(&s, f, ap) < 0)
        s = NULL;
    va_end(ap);
    return s;
}

/* `t` is also filed by `other` (another unit); `nunits` other units in all. */
static int flag_copy(redflag_set *s, const rf_text *t, const rf_entry *other, size_t nunits)
{
    rf_entry *en = &s->e[t->entry];
    const char *path = en->paths[t->field];
    if (flagged(en, path))
        return 0;
    char line_zh[32] = "", line_en[32] = "", more_zh[64] = "", more_en[64] = "";
    if (t->line) {
        snprintf(line_zh, sizeof line_zh, "第 %u 段", (unsigned)t->line);
        snprintf(line_en, sizeof line_en, "line %u ", (unsigned)t->line);
    }
    if (nunits > 1) {
        snprintf(more_zh, sizeof more_zh, "，另有 %zu 个单位也相同", nunits - 1);
        snprintf(more_en, sizeof more_en, " and %zu more", nunits - 1);
    }
    return add2(en, "review.copied_text", path,
                fmt("%s与另一单位（%s，%s）提交的文本相同%s：是否套用了其他单位的材料？请核实",
                    line_zh, *other->unit ? other->unit : "未填单位", other->file, more_zh),
                fmt("%sis the same text as another unit's submission (%s, %s%s): copied from "
                    "another unit? Check it",
                    line_en, *other->unit ? other->unit : "no unit given", other->file,
                    more_en));
}

/* Within a run of texts with one digest (sorted by unit): each text whose run holds another
 * unit is a copy. */
static int copies(redflag_set *s)
{
    rf_text *v = s->texts.v;
    size_t n = s->texts.n;
    qsort(v, n, sizeof *v, cmp_text);
    for (size_t i = 0; i < n;) {
        size_t j = i, units = 0;
        while (j < n && v[j].digest == v[i].digest) {
            if (j == i || v[j].unit != v[j - 1].unit)
                units++;
            j++;
        }
        for (size_t k = i; units > 1 && k < j; k++) {
            /* the first text of another unit in the run */
            size_t o = v[i].unit != v[k].unit ? i : k;
            while (o < j && v[o].unit == v[k].unit)
                o++;
            if (o == j)
                continue;
            if (flag_copy(s, &v[k], &s->e[v[o].entry], units - 1) != 0)
                return -1;
        }
        i = j;
    }
    return 0;
}

/* ---- last year's actual ---- */

static int cmp_row(const void *a, const void *b)
{
    const rf_row *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->entry < y->entry ? -1 : x->entry > y->entry;
}

static const char *row_target(const rf_row *r) { return r->s; }
static const char *row_actual(const rf_row *r) { return r->s + strlen(r->s) + 1; }
static const char *row_direction(const rf_row *r)
{
    const char *a = row_actual(r);
    return a + strlen(a) + 1;
}
static const char *row_path(const rf_row *r)
{
    const char *d = row_direction(r);
    return d + strlen(d) + 1;
}

/* Is `last` (a draft of the same form, unit, table and indicator) last year's for `now`? */
static bool is_last_year(const redflag_set *s, const rf_row *now, const rf_row *last)
{
    const rf_entry *n = &s->e[now->entry], *l = &s->e[last->entry];
    if (now->entry == last->entry || n->reference || !*row_actual(last))
        return false;
    if (l->reference)   /* named as last year's: any year before, or none known */
        return strcmp(l->file, n->file) != 0 &&
               (l->year_num < 0 || n->year_num < 0 || l->year_num < n->year_num);
    return n->year_num > 0 && l->year_num == n->year_num - 1;
}

static int flag_below(redflag_set *s, const rf_row *now, const rf_row *last)
{
    rf_entry *n = &s->e[now->entry];
    const rf_entry *l = &s->e[last->entry];
    char yz[48] = "", ye[48] = "";
    if (*l->year) {
        snprintf(yz, sizeof yz, "%.20s 年，", l->year);
        snprintf(ye, sizeof ye, "%.20s, ", l->year);
    }
    return add2(n, "review.target_below_last_actual", row_path(now),
                fmt("年度指标值（%s）低于上年实际完成值（%s；%s%s）：目标是否定得偏低？",
                    row_target(now), row_actual(last), yz, l->file),
                fmt("the target (%s) is below last year's actual (%s; %s%s): is it set too low?",
                    row_target(now), row_actual(last), ye, l->file));
}

/* Runs of rows with one key are one indicator of one unit over the years: each row is compared
 * with last year's (a draft named as last year's first; drafts of the year before that
 * disagree on the actual are no answer). */
static int targets(redflag_set *s)
{
    rf_row *v = s->rows.v;
    size_t n = s->rows.n;
    qsort(v, n, sizeof *v, cmp_row);
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && v[j].key == v[i].key)
            j++;
        for (size_t k = i; j - i > 1 && k < j; k++) {
            const rf_row *last = NULL;
            bool named = false, unclear = false;
            for (size_t m = i; m < j; m++) {
                if (!is_last_year(s, &v[k], &v[m]))
                    continue;
                bool ref = s->e[v[m].entry].reference;
                if (!last || (ref && !named)) {
                    last = &v[m];
                    named = ref;
                    unclear = false;
                } else if (ref == named && strcmp(row_actual(last), row_actual(&v[m])) != 0) {
                    unclear = true;
                }
            }
            if (last && !unclear &&
                ind_target_below_last(row_target(&v[k]), row_actual(last),
                                      row_direction(&v[k])) &&
                flag_below(s, &v[k], last) != 0)
                return -1;
        }
        i = j;
    }
    return 0;
}

int redflag_set_finish(redflag_set *s)
{
    if (!s || s->finished)
        return -1;
    /* references are compared with, never reported on, and are no other unit's text */
    size_t keep = 0;
    for (size_t i = 0; i < s->texts.n; i++)
        if (!s->e[s->texts.v[i].entry].reference)
            s->texts.v[keep++] = s->texts.v[i];
    s->texts.n = keep;
    if (copies(s) != 0 || targets(s) != 0)
        return -1;
    s->finished = true;
    return 0;
}
