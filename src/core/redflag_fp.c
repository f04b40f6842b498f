/* A draft's fingerprint for the folder flags (core/redflag.h): digests of the long texts of the
 * fields a form marks "copy_check", line by line, and the indicator rows with their targets and
 * actuals. The rows are found by the report walk (by their score's computation), the texts by
 * the form's marks, so no column name is known here. */
#include "redflag_internal.h"
#include "core/indicator.h"
#include "core/report.h"
#include "core/sha256.h"

#include <stdlib.h>
#include <string.h>

uint64_t rf_digest(const char *const *parts, size_t n)
{
    sha256_ctx c;
    sha256_init(&c);
    for (size_t i = 0; i < n; i++)
        sha256_update(&c, parts[i] ? parts[i] : "", strlen(parts[i] ? parts[i] : "") + 1);
    unsigned char out[32];
    sha256_final(&c, out);
    uint64_t d = 0;
    for (int i = 0; i < 8; i++)
        d = d << 8 | out[i];
    return d;
}

/* Bytes of a space at s: ASCII white space, U+3000, U+00A0; 0 when none. */
static size_t space_at(const char *s)
{
    if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n' || *s == '\v' || *s == '\f')
        return 1;
    if ((unsigned char)s[0] == 0xE3 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0x80)
        return 3;
    if ((unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0)
        return 2;
    return 0;
}

/* A copy of s without leading and trailing spaces ("" for NULL). */
static char *trimmed(const char *s)
{
    if (!s)
        s = "";
    size_t k;
    while ((k = space_at(s)) != 0)
        s += k;
    size_t len = strlen(s), end = 0;
    for (size_t i = 0; i < len;) {
        size_t sp = space_at(s + i);
        i += sp ? sp : 1;
        if (!sp)
            end = i;
    }
    return strndup(s, end);
}

static int add_text(rf_texts *t, rf_text x)
{
    if (t->n == t->cap) {
        size_t nc = t->cap ? t->cap * 2 : 256;
        rf_text *v = realloc(t->v, nc * sizeof *v);
        if (!v)
            return -1;
        t->v = v;
        t->cap = nc;
    }
    t->v[t->n++] = x;
    return 0;
}

typedef struct {
    uint32_t ix;
    rf_entry *en;
    rf_texts *texts;
    rf_rows *rows;
    uint64_t unit;
    const char *form_id;
} fp_ctx;

/* One field's text, line by line: each line without its spaces that is at least `min`
 * characters long is a piece. Lines are numbered among the non-blank ones. */
static int text_pieces(fp_ctx *C, const inode *n, int min)
{
    const char *s = inode_text(n);
    size_t len = strlen(s), nlines = 0, npieces = 0;
    for (size_t i = 0; i < len; i++)
        if (s[i] == '\n' && i + 1 < len)
            nlines++;
    char *buf = malloc(len + 1);
    if (!buf)
        return -1;
    uint32_t line = 0, field = C->en->npaths;
    int rc = 0;
    for (size_t i = 0; i <= len && !rc;) {
        size_t j = i;
        while (j < len && s[j] != '\n')
            j++;
        size_t blen = 0, chars = 0;
        for (size_t k = i; k < j;) {
            size_t sp = space_at(s + k);
            if (sp) {
                k += sp;
                continue;
            }
            if (((unsigned char)s[k] & 0xC0) != 0x80)
                chars++;
            buf[blen++] = s[k++];
        }
        buf[blen] = '\0';
        if (blen)
            line++;
        if (chars >= (size_t)min) {
            const char *part = buf;
            rf_text x = {.digest = rf_digest(&part, 1), .unit = C->unit, .entry = C->ix,
                         .field = field, .line = nlines ? line : 0};
            rc = add_text(C->texts, x);
            npieces++;
        }
        i = j + 1;
    }
    free(buf);
    if (rc || !npieces)
        return rc;
    char **p = realloc(C->en->paths, (C->en->npaths + 1) * sizeof *p);
    if (!p)
        return -1;
    C->en->paths = p;
    if (!(p[C->en->npaths] = inode_display_path(n)))
        return -1;
    C->en->npaths++;
    return 0;
}

static int walk_texts(fp_ctx *C, const inode *n)
{
    if (inode_kind(n) == N_FIELD) {
        int min = inode_def(n)->copy_check;
        return min > 0 && *inode_text(n) ? text_pieces(C, n, min) : 0;
    }
    for (size_t i = 0; i < inode_nkids(n); i++)
        if (walk_texts(C, inode_kid(n, i)) != 0)
            return -1;
    return 0;
}

static bool is_number(const char *s)
{
    ind_value v;
    ind_parse(s, strlen(s), &v);
    return v.kind == IND_NUMBER;
}

static int fp_indicator(void *ctx, const rep_indicator *r)
{
    fp_ctx *C = ctx;
    if (!*r->level3 || !r->target_field || (!is_number(r->target) && !is_number(r->actual)))
        return 0;
    /* the table: its name (项目名称) when the form declares one, else where it is */
    const inode *name = r->table ? r->table->figure[RF_NAME] : NULL;
    const char *tname = name && *inode_display(name) ? inode_display(name)
                        : r->table ? r->table->storage_path : "";
    char *level3 = trimmed(r->level3), *path = inode_display_path(r->target_field);
    int rc = -1;
    if (level3 && path) {
        /* the table's own form: a project table matches last year's inside a submission */
        const char *fid = r->table && r->table->form ? r->table->form->id : C->form_id;
        const char *parts[] = {fid, C->en->unit, tname, level3};
        size_t lt = strlen(r->target), la = strlen(r->actual), ld = strlen(r->direction),
               lp = strlen(path);
        char *s = malloc(lt + la + ld + lp + 4);
        if (s) {
            memcpy(s, r->target, lt + 1);
            memcpy(s + lt + 1, r->actual, la + 1);
            memcpy(s + lt + la + 2, r->direction, ld + 1);
            memcpy(s + lt + la + ld + 3, path, lp + 1);
            rf_rows *R = C->rows;
            if (R->n == R->cap) {
                size_t nc = R->cap ? R->cap * 2 : 256;
                rf_row *v = realloc(R->v, nc * sizeof *v);
                if (v) {
                    R->v = v;
                    R->cap = nc;
                }
            }
            if (R->n < R->cap) {
                R->v[R->n++] = (rf_row){.key = rf_digest(parts, 4), .entry = C->ix, .s = s};
                rc = 0;
            } else {
                free(s);
            }
        }
    }
    free(level3);
    free(path);
    return rc;
}

int rf_fingerprint(const engine *e, uint32_t ix, rf_entry *en, rf_texts *texts, rf_rows *rows)
{
    const draft *d = engine_draft(e);
    if (!(en->unit = trimmed(d->unit)) || !(en->year = trimmed(d->year)))
        return -1;
    char *end = NULL;
    long y = en->year[0] >= '0' && en->year[0] <= '9' ? strtol(en->year, &end, 10) : -1;
    en->year_num = end && *end == '\0' && y > 0 && y < 100000 ? y : -1;
    /* a blank unit is nobody's: its own, so every other draft is "another unit" */
    const char *uparts[] = {*en->unit ? "unit" : "file", *en->unit ? en->unit : en->file};
    fp_ctx C = {.ix = ix, .en = en, .texts = texts, .rows = rows, .unit = rf_digest(uparts, 2),
                .form_id = engine_form(e)->id};
    if (walk_texts(&C, engine_root(e)) != 0)
        return -1;
    if (!*en->unit)
        return 0;   /* last year's draft is found by its unit */
    report_writer w = {.ctx = &C, .indicator = fp_indicator};
    return report_walk(e, en->file, NULL, &w) ? -1 : 0;
}
