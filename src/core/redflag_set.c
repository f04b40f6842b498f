/* The folder flags' set (core/redflag.h, redflag_internal.h): adding a draft keeps its unit,
 * file, year and the numbers of its long texts and indicator rows; finishing counts, for each
 * long text, the units that filed it. The flags themselves are found when a draft is reported
 * (redflag_flags.c), so nothing grows with the number of flags. */
#include "redflag_internal.h"

#include <stdlib.h>
#include <string.h>

redflag_set *redflag_set_new(void)
{
    return calloc(1, sizeof(redflag_set));
}

void redflag_set_free(redflag_set *s)
{
    if (!s)
        return;
    free(s->e);
    free(s->pool);
    free(s->ids);
    free(s->slots);
    free(s->slot_hash);
    free(s->rows);
    free(s->row_hash);
    free(s->byunit);
    free(s->lists);
    free(s->list_hash);
    free(s);
}

/* Room for `more` items in a vector of `size`-byte items. */
static int grow(void **v, size_t *cap, size_t n, size_t more, size_t size)
{
    if (n + more <= *cap)
        return 0;
    size_t nc = *cap ? *cap : 64;
    while (nc < n + more)
        nc *= 2;
    if (nc > UINT32_MAX)
        return -1;   /* offsets and numbers are 32 bits */
    void *p = realloc(*v, nc * size);
    if (!p)
        return -1;
    *v = p;
    *cap = nc;
    return 0;
}

/* Appends strings (each with its NUL) to the pool; its offset, or -1. */
static int64_t pool_add(redflag_set *s, const char *const *strs, size_t n)
{
    size_t len = 0;
    for (size_t i = 0; i < n; i++)
        len += strlen(strs[i]) + 1;
    if (grow((void **)&s->pool, &s->cappool, s->npool, len, 1) != 0)
        return -1;
    size_t off = s->npool;
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(strs[i]) + 1;
        memcpy(s->pool + s->npool, strs[i], l);
        s->npool += l;
    }
    return (int64_t)off;
}

/* ---- lists of numbers ---- */

/* Doubles an open-addressing table of `cap` (0: none yet) and puts back the `n` numbers whose
 * hashes `hash_of` gives. */
static int rehash(uint32_t **tab, size_t *cap, size_t n, uint64_t (*hash_of)(const redflag_set *,
                  uint32_t), const redflag_set *s)
{
    size_t nc = *cap ? *cap * 2 : 1024;
    uint32_t *t = calloc(nc, sizeof *t);
    if (!t)
        return -1;
    for (uint32_t i = 0; i < n; i++) {
        size_t h = (size_t)hash_of(s, i) & (nc - 1);
        while (t[h])
            h = (h + 1) & (nc - 1);
        t[h] = i + 1;
    }
    free(*tab);
    *tab = t;
    *cap = nc;
    return 0;
}


static int put_varint(redflag_set *s, uint32_t v)
{
    if (grow((void **)&s->ids, &s->capids, s->nids, 5, 1) != 0)
        return -1;
    do {
        unsigned char b = v & 0x7F;
        v >>= 7;
        s->ids[s->nids++] = b | (v ? 0x80 : 0);
    } while (v);
    return 0;
}

static uint32_t get_varint(const unsigned char **p)
{
    uint32_t v = 0;
    for (int shift = 0; shift < 35; shift += 7) {
        unsigned char b = *(*p)++;
        v |= (uint32_t)(b & 0x7F) << shift;
        if (!(b & 0x80))
            break;
    }
    return v;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static uint64_t bytes_hash(const unsigned char *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 0x100000001b3ULL;
    return h ^ (h >> 31);
}

/* Bytes of the list at `off`. */
static size_t list_len(const redflag_set *s, uint32_t off)
{
    const unsigned char *p = s->ids + off;
    uint32_t n = get_varint(&p);
    for (uint32_t i = 0; i < n; i++)
        (void)get_varint(&p);
    return (size_t)(p - (s->ids + off));
}

static uint64_t list_hash_of(const redflag_set *s, uint32_t i)
{
    uint32_t off = s->lists[i];
    return bytes_hash(s->ids + off, list_len(s, off));
}

/* Stores v[0..n) sorted, each number once; its offset, or -1. Drafts made from one template
 * have the same lists: a list stored before is not stored again. */
static int64_t list_put(redflag_set *s, uint32_t *v, size_t n)
{
    if (n)
        qsort(v, n, sizeof *v, cmp_u32);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!k || v[i] != v[k - 1])
            v[k++] = v[i];
    size_t off = s->nids;
    if (put_varint(s, (uint32_t)k) != 0)
        return -1;
    for (size_t i = 0; i < k; i++)
        if (put_varint(s, i ? v[i] - v[i - 1] : v[i]) != 0)
            return -1;
    size_t len = s->nids - off;
    uint64_t hv = bytes_hash(s->ids + off, len);
    size_t h = s->list_hash_cap ? (size_t)hv & (s->list_hash_cap - 1) : 0;
    for (; s->list_hash_cap && s->list_hash[h]; h = (h + 1) & (s->list_hash_cap - 1)) {
        uint32_t o = s->lists[s->list_hash[h] - 1];
        if (list_len(s, o) == len && memcmp(s->ids + o, s->ids + off, len) == 0) {
            s->nids = off;   /* the same list is there: this copy goes */
            return o;
        }
    }
    if ((s->nlists + 1) * 2 > s->list_hash_cap &&
        rehash(&s->list_hash, &s->list_hash_cap, s->nlists, list_hash_of, s) != 0)
        return -1;
    if (grow((void **)&s->lists, &s->caplists, s->nlists, 1, sizeof *s->lists) != 0)
        return -1;
    s->lists[s->nlists] = (uint32_t)off;
    h = (size_t)hv & (s->list_hash_cap - 1);
    while (s->list_hash[h])
        h = (h + 1) & (s->list_hash_cap - 1);
    s->list_hash[h] = (uint32_t)++s->nlists;
    return (int64_t)off;
}

rf_list rf_list_at(const redflag_set *s, uint32_t off)
{
    rf_list l = {.p = s->ids + off};
    l.left = get_varint(&l.p);
    return l;
}

bool rf_list_next(rf_list *l, uint32_t *out)
{
    if (!l->left)
        return false;
    l->left--;
    l->last += get_varint(&l->p);
    *out = l->last;
    return true;
}

/* ---- distinct texts and rows ---- */

static uint64_t slot_hash_of(const redflag_set *s, uint32_t i) { return s->slots[i].digest; }

int64_t rf_slot_find(const redflag_set *s, uint64_t digest)
{
    if (!s->slot_hash_cap)
        return -1;
    size_t h = (size_t)digest & (s->slot_hash_cap - 1);
    for (; s->slot_hash[h]; h = (h + 1) & (s->slot_hash_cap - 1))
        if (s->slots[s->slot_hash[h] - 1].digest == digest)
            return s->slot_hash[h] - 1;
    return -1;
}

/* The slot of a digest, made when new; -1 when out of memory. */
static int64_t slot_of(redflag_set *s, uint64_t digest)
{
    int64_t f = rf_slot_find(s, digest);
    if (f >= 0)
        return f;
    if ((s->nslots + 1) * 2 > s->slot_hash_cap &&
        rehash(&s->slot_hash, &s->slot_hash_cap, s->nslots, slot_hash_of, s) != 0)
        return -1;
    if (grow((void **)&s->slots, &s->capslots, s->nslots, 1, sizeof *s->slots) != 0)
        return -1;
    s->slots[s->nslots] = (rf_slot){.digest = digest};
    size_t h = (size_t)digest & (s->slot_hash_cap - 1);
    while (s->slot_hash[h])
        h = (h + 1) & (s->slot_hash_cap - 1);
    s->slot_hash[h] = (uint32_t)++s->nslots;
    return (int64_t)s->nslots - 1;
}

static uint64_t mix_text(uint64_t h, const char *t)
{
    for (; *t; t++)
        h = (h ^ (unsigned char)*t) * 0x100000001b3ULL;
    return h ^ (h >> 29);
}

static uint64_t row_hash_of(const redflag_set *s, uint32_t i)
{
    return mix_text(s->rows[i].key, s->pool + s->rows[i].actual);
}

/* The row slot of (key, actual), made when new; -1 when out of memory. */
static int64_t row_of(redflag_set *s, uint64_t key, const char *actual)
{
    uint64_t hv = mix_text(key, actual);
    size_t h = s->row_hash_cap ? (size_t)hv & (s->row_hash_cap - 1) : 0;
    for (; s->row_hash_cap && s->row_hash[h]; h = (h + 1) & (s->row_hash_cap - 1)) {
        const rf_rowslot *r = &s->rows[s->row_hash[h] - 1];
        if (r->key == key && strcmp(s->pool + r->actual, actual) == 0)
            return s->row_hash[h] - 1;
    }
    if ((s->nrows + 1) * 2 > s->row_hash_cap &&
        rehash(&s->row_hash, &s->row_hash_cap, s->nrows, row_hash_of, s) != 0)
        return -1;
    if (grow((void **)&s->rows, &s->caprows, s->nrows, 1, sizeof *s->rows) != 0)
        return -1;
    int64_t off = pool_add(s, &actual, 1);
    if (off < 0)
        return -1;
    s->rows[s->nrows] = (rf_rowslot){.key = key, .actual = (uint32_t)off};
    h = (size_t)hv & (s->row_hash_cap - 1);
    while (s->row_hash[h])
        h = (h + 1) & (s->row_hash_cap - 1);
    s->row_hash[h] = (uint32_t)++s->nrows;
    return (int64_t)s->nrows - 1;
}

/* ---- adding a draft ---- */

typedef struct {
    redflag_set *s;
    uint32_t *v;          /* the numbers found */
    size_t n, cap;
} numbers;

static int numbers_push(numbers *N, int64_t x)
{
    if (x < 0 || grow((void **)&N->v, &N->cap, N->n, 1, sizeof *N->v) != 0)
        return -1;
    N->v[N->n++] = (uint32_t)x;
    return 0;
}

static int add_piece(void *ctx, const inode *field, uint32_t line, uint64_t digest)
{
    (void)field;
    (void)line;
    numbers *N = ctx;
    return numbers_push(N, slot_of(N->s, digest));
}

static int add_row(void *ctx, const rep_indicator *r, uint64_t key)
{
    numbers *N = ctx;
    return *r->actual ? numbers_push(N, row_of(N->s, key, r->actual)) : 0;
}

/* Fills entry `en` from the computed draft: what it adds to the slots and rows stays if this
 * fails (numbers no entry names are harmless). */
static int fill(redflag_set *s, rf_entry *en, const engine *e, const char *file)
{
    const draft *d = engine_draft(e);
    char *unit = rf_trimmed(d->unit), *year = rf_trimmed(d->year);
    numbers N = {.s = s};
    int rc = -1;
    if (!unit || !year)
        goto out;
    char *end = NULL;
    long y = year[0] >= '0' && year[0] <= '9' ? strtol(year, &end, 10) : -1;
    en->year_num = end && *end == '\0' && y > 0 && y < 100000 ? (int32_t)y : -1;
    en->has_unit = *unit != '\0';
    /* a blank unit is nobody's: its own, so every other draft is "another unit" */
    const char *uparts[] = {*unit ? "unit" : "file", *unit ? unit : file};
    en->unit = rf_digest(uparts, 2);
    en->file = file;
    const char *strs[] = {unit, year};
    int64_t off = pool_add(s, strs, 2), list;
    if (off < 0)
        goto out;
    en->str = (uint32_t)off;
    /* a reference's texts are no other unit's: they are never compared */
    if (!en->reference && rf_pieces(e, add_piece, &N) != 0)
        goto out;
    if ((list = list_put(s, N.v, N.n)) < 0)
        goto out;
    en->texts = (uint32_t)list;
    N.n = 0;
    /* last year's draft is found by its unit */
    if (en->has_unit && rf_rows(e, unit, add_row, &N) != 0)
        goto out;
    if ((list = list_put(s, N.v, N.n)) < 0)
        goto out;
    en->rows = (uint32_t)list;
    rc = 0;
out:
    free(N.v);
    free(unit);
    free(year);
    return rc;
}

int redflag_set_add(redflag_set *s, size_t index, const engine *e, const char *file,
                    bool reference)
{
    if (!s || !e || s->finished || index >= UINT32_MAX)
        return -1;
    if (index >= s->ne) {
        if (grow((void **)&s->e, &s->cape, s->ne, index + 1 - s->ne, sizeof *s->e) != 0)
            return -1;
        memset(s->e + s->ne, 0, (index + 1 - s->ne) * sizeof *s->e);
        s->ne = index + 1;
    }
    rf_entry *en = &s->e[index];
    if (en->present)
        return -1;
    en->reference = reference;
    if (fill(s, en, e, file ? file : "") != 0) {
        memset(en, 0, sizeof *en);
        return -1;
    }
    en->present = true;
    return 0;
}

/* ---- finishing ---- */

typedef struct {
    uint64_t unit;
    uint32_t index;
} by_unit;

static int cmp_by_unit(const void *a, const void *b)
{
    const by_unit *x = a, *y = b;
    if (x->unit != y->unit)
        return x->unit < y->unit ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

int redflag_set_finish(redflag_set *s)
{
    if (!s || s->finished)
        return -1;
    by_unit *v = malloc((s->ne ? s->ne : 1) * sizeof *v);
    s->byunit = malloc((s->ne ? s->ne : 1) * sizeof *s->byunit);
    if (!v || !s->byunit) {
        free(v);
        free(s->byunit);
        s->byunit = NULL;
        return -1;
    }
    size_t n = 0;
    for (size_t i = 0; i < s->ne; i++)
        if (s->e[i].present)
            v[n++] = (by_unit){.unit = s->e[i].unit, .index = (uint32_t)i};
    qsort(v, n, sizeof *v, cmp_by_unit);
    for (size_t i = 0; i < n; i++)
        s->byunit[i] = v[i].index;
    s->nbyunit = n;
    free(v);
    /* each text: the units that filed it, counted once each (a unit's drafts may share
     * text), and the first draft of the first two units in (unit, index) order */
    uint32_t group = 0;
    for (size_t i = 0; i < s->nbyunit; i++) {
        const rf_entry *en = &s->e[s->byunit[i]];
        if (i && en->unit != s->e[s->byunit[i - 1]].unit)
            group++;
        if (en->reference)
            continue;
        rf_list l = rf_list_at(s, en->texts);
        uint32_t x;
        while (rf_list_next(&l, &x)) {
            rf_slot *t = &s->slots[x];
            if (t->units && t->mark == group)
                continue;
            t->mark = group;
            if (++t->units == 1)
                t->e1 = s->byunit[i];
            else if (t->units == 2)
                t->e2 = s->byunit[i];
        }
    }
    /* rows are read through their drafts' lists from now on; lists are not added */
    free(s->row_hash);
    s->row_hash = NULL;
    s->row_hash_cap = 0;
    free(s->list_hash);
    s->list_hash = NULL;
    s->list_hash_cap = 0;
    free(s->lists);
    s->lists = NULL;
    s->nlists = s->caplists = 0;
    s->finished = true;
    return 0;
}
