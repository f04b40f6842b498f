/* A draft's folder flags (core/redflag.h), found when it is reported from its computed draft
 * and the set's numbers (redflag_internal.h): each field whose long text another unit filed
 * too (review.copied_text) and each target below the same unit's actual of the year before
 * (review.target_below_last_actual). */
#include "redflag_internal.h"
#include "core/carry.h"
#include "core/strfmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Adds a finding in two languages formatted separately (their arguments differ). */
static int add2(finding_list *out, const char *code, const char *path, char *zh, char *en)
{
    int rc = zh && en ? findings_add(out, SEV_NOTICE, code, path, zh, en) : -1;
    free(zh);
    free(en);
    return rc;
}

/* ---- copied text ---- */

/* A field with a piece another unit filed: the piece of the smallest digest counts (one
 * flag per field). */
typedef struct {
    const inode *field;
    uint32_t number;      /* the field's place among those with such pieces */
    uint32_t line;
    uint64_t digest;
    uint32_t slot;
} copy;

typedef struct {
    const redflag_set *s;
    copy *v;
    size_t n, cap;
    uint32_t fields;      /* fields seen with a piece another unit filed */
} copies;

static int on_piece(void *ctx, const inode *field, uint32_t line, uint64_t digest)
{
    copies *C = ctx;
    int64_t slot = rf_slot_find(C->s, digest);
    if (slot < 0 || C->s->slots[slot].units < 2)
        return 0;
    copy *last = C->n ? &C->v[C->n - 1] : NULL;
    if (last && last->field == field) {
        if (digest < last->digest)
            *last = (copy){field, last->number, line, digest, (uint32_t)slot};
        return 0;
    }
    if (C->n == C->cap) {
        size_t nc = C->cap ? C->cap * 2 : 16;
        copy *v = realloc(C->v, nc * sizeof *v);
        if (!v)
            return -1;
        C->v = v;
        C->cap = nc;
    }
    C->v[C->n++] = (copy){field, C->fields++, line, digest, (uint32_t)slot};
    return 0;
}

static int cmp_copy(const void *a, const void *b)
{
    const copy *x = a, *y = b;
    if (x->digest != y->digest)
        return x->digest < y->digest ? -1 : 1;
    return (x->number > y->number) - (x->number < y->number);
}

/* `c` is also filed by the first draft of another unit; `nunits` other units in all. */
static int flag_copy(const redflag_set *s, const rf_entry *en, const copy *c, finding_list *out)
{
    const rf_slot *t = &s->slots[c->slot];
    const rf_entry *other = &s->e[s->e[t->e1].unit != en->unit ? t->e1 : t->e2];
    size_t nunits = t->units - 1;
    char line_zh[32] = "", line_en[32] = "", more_zh[64] = "", more_en[64] = "";
    if (c->line) {
        snprintf(line_zh, sizeof line_zh, "第 %u 段", (unsigned)c->line);
        snprintf(line_en, sizeof line_en, "line %u ", (unsigned)c->line);
    }
    if (nunits > 1) {
        snprintf(more_zh, sizeof more_zh, "，另有 %zu 个单位也相同", nunits - 1);
        snprintf(more_en, sizeof more_en, " and %zu more", nunits - 1);
    }
    const char *unit = rf_unit(s, other), *file = rf_file(s, other);
    char *path = inode_display_path(c->field);
    int rc = path ? add2(out, "review.copied_text", path,
                         str_printf("%s与另一单位（%s，%s）提交的文本相同%s：是否套用了其他单位的材料？"
                             "请核实",
                             line_zh, *unit ? unit : "未填单位", file, more_zh),
                         str_printf("%sis the same text as another unit's submission (%s, %s%s): "
                             "copied from another unit? Check it",
                             line_en, *unit ? unit : "no unit given", file, more_en))
                  : -1;
    free(path);
    return rc;
}

static int find_copies(const redflag_set *s, const rf_entry *en, const engine *e,
                       finding_list *out)
{
    copies C = {.s = s};
    int rc = rf_pieces(e, on_piece, &C) ? -1 : 0;
    if (!rc && C.n)
        qsort(C.v, C.n, sizeof *C.v, cmp_copy);
    for (size_t i = 0; !rc && i < C.n; i++)
        rc = flag_copy(s, en, &C.v[i], out);
    free(C.v);
    return rc;
}

/* ---- last year's actual ---- */

/* Is `l` (a draft of the same unit) last year's for `n`? */
static bool is_last_year(const redflag_set *s, const rf_entry *n, const rf_entry *l)
{
    if (l == n || n->reference)
        return false;
    if (l->reference)   /* named as last year's: any year before, or none known */
        return strcmp(rf_file(s, l), rf_file(s, n)) != 0 &&
               (l->year_num < 0 || n->year_num < 0 || l->year_num < n->year_num);
    return n->year_num > 0 && l->year_num == n->year_num - 1;
}

typedef struct {
    const redflag_set *s;
    const rf_entry *en;
    const uint32_t *last;     /* the drafts that may be last year's, in index order */
    size_t nlast;
    finding_list *out;
} targets;

/* Each row of this draft against the same indicator's rows in last year's drafts (one named
 * as last year's first; drafts of the year before that disagree on the actual are no
 * answer). */
static int on_row(void *ctx, const rep_indicator *r, uint64_t key)
{
    targets *T = ctx;
    const redflag_set *s = T->s;
    const rf_entry *last = NULL;
    const char *actual = NULL;
    bool named = false, unclear = false;
    for (size_t i = 0; i < T->nlast; i++) {
        const rf_entry *m = &s->e[T->last[i]];
        rf_list l = rf_list_at(s, m->rows);
        uint32_t x;
        while (rf_list_next(&l, &x)) {
            const rf_rowslot *row = &s->rows[x];
            const char *a = s->pool + row->actual;
            if (row->key != key)
                continue;
            if (!last || (m->reference && !named)) {
                last = m;
                actual = a;
                named = m->reference;
                unclear = false;
            } else if (m->reference == named && strcmp(actual, a) != 0) {
                unclear = true;
            }
        }
    }
    if (!last || unclear || !ind_target_below_last(r->target, actual, r->direction))
        return 0;
    const char *year = rf_year(s, last), *file = rf_file(s, last);
    char yz[48] = "", ye[48] = "";
    if (*year) {
        snprintf(yz, sizeof yz, "%.20s 年，", year);
        snprintf(ye, sizeof ye, "%.20s, ", year);
    }
    char *path = inode_display_path(r->target_field);
    int rc = path ? add2(T->out, "review.target_below_last_actual", path,
                         str_printf("年度指标值（%s）低于上年实际完成值（%s；%s%s）：目标是否定得偏低？",
                             r->target, actual, yz, file),
                         str_printf("the target (%s) is below last year's actual (%s; %s%s): is it set "
                             "too low?",
                             r->target, actual, ye, file))
                  : -1;
    free(path);
    return rc;
}

/* The first place in byunit of the drafts of `unit` (they are a run there). */
static size_t unit_first(const redflag_set *s, uint64_t unit)
{
    size_t lo = 0, hi = s->nbyunit;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->e[s->byunit[mid]].unit < unit)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int find_targets(const redflag_set *s, const rf_entry *en, const engine *e,
                        finding_list *out)
{
    /* the drafts of its unit: a run of byunit */
    size_t lo = unit_first(s, en->unit);
    size_t nlast = 0;
    for (size_t i = lo; i < s->nbyunit && s->e[s->byunit[i]].unit == en->unit; i++)
        nlast += is_last_year(s, en, &s->e[s->byunit[i]]);
    if (!nlast)
        return 0;
    uint32_t *last = malloc(nlast * sizeof *last);
    if (!last)
        return -1;
    nlast = 0;
    for (size_t i = lo; i < s->nbyunit && s->e[s->byunit[i]].unit == en->unit; i++)
        if (is_last_year(s, en, &s->e[s->byunit[i]]))
            last[nlast++] = s->byunit[i];
    targets T = {.s = s, .en = en, .last = last, .nlast = nlast, .out = out};
    int rc = rf_rows(e, rf_unit(s, en), on_row, &T) ? -1 : 0;
    free(last);
    return rc;
}

int redflag_set_findings(const redflag_set *s, size_t index, const engine *e,
                         finding_list *out)
{
    if (!s || !e || !out || !s->finished || index >= s->ne || !s->e[index].present)
        return 0;
    const rf_entry *en = &s->e[index];
    if (en->reference)
        return 0;   /* compared with, never reported on */
    if (find_copies(s, en, e, out) != 0)
        return -1;
    return en->has_unit ? find_targets(s, en, e, out) : 0;
}

bool redflag_set_may_flag(const redflag_set *s, size_t index)
{
    if (!s || !s->finished || index >= s->ne || !s->e[index].present ||
        s->e[index].reference)
        return false;
    const rf_entry *en = &s->e[index];
    /* a copy: one of its texts filed by another unit too (on_piece) */
    rf_list l = rf_list_at(s, en->texts);
    uint32_t x;
    while (rf_list_next(&l, &x))
        if (s->slots[x].units >= 2)
            return true;
    if (!en->has_unit)
        return false;
    /* a target: a draft of its unit that may be last year's (find_targets) */
    size_t lo = unit_first(s, en->unit);
    for (size_t i = lo; i < s->nbyunit && s->e[s->byunit[i]].unit == en->unit; i++)
        if (is_last_year(s, en, &s->e[s->byunit[i]]))
            return true;
    return false;
}
