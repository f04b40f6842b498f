/* What the folder flags read of a computed draft (core/redflag.h): the long texts of the
 * fields a form marks "copy_check", line by line, and the indicator rows with their targets
 * and actuals. The rows are found by the report walk (by their score's computation), the texts
 * by the form's marks, so no column name is known here. Used when a draft is added to a set
 * and again when its flags are found. */
#include "redflag_internal.h"
#include "core/indicator.h"
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

char *rf_trimmed(const char *s)
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

typedef struct {
    rf_piece_fn fn;
    void *ctx;
} piece_walk;

/* One field's text, line by line: each line without its spaces that is at least `min`
 * characters long is a piece. Lines are numbered among the non-blank ones. */
static int text_pieces(piece_walk *P, const inode *n, int min)
{
    const char *s = inode_text(n);
    size_t len = strlen(s), nlines = 0;
    for (size_t i = 0; i < len; i++)
        if (s[i] == '\n' && i + 1 < len)
            nlines++;
    char *buf = malloc(len + 1);
    if (!buf)
        return -1;
    uint32_t line = 0;
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
            rc = P->fn(P->ctx, n, nlines ? line : 0, rf_digest(&part, 1));
        }
        i = j + 1;
    }
    free(buf);
    return rc;
}

static int walk_texts(piece_walk *P, const inode *n)
{
    if (inode_kind(n) == N_FIELD) {
        int min = inode_def(n)->copy_check;
        return min > 0 && *inode_text(n) ? text_pieces(P, n, min) : 0;
    }
    for (size_t i = 0; i < inode_nkids(n); i++) {
        int rc = walk_texts(P, inode_kid(n, i));
        if (rc)
            return rc;
    }
    return 0;
}

int rf_pieces(const engine *e, rf_piece_fn fn, void *ctx)
{
    piece_walk P = {.fn = fn, .ctx = ctx};
    return walk_texts(&P, engine_root(e));
}

static bool is_number(const char *s)
{
    ind_value v;
    ind_parse(s, strlen(s), &v);
    return v.kind == IND_NUMBER;
}

typedef struct {
    rf_row_fn fn;
    void *ctx;
    const char *form_id;
    const char *unit;
} row_walk;

static int one_row(void *ctx, const rep_indicator *r)
{
    row_walk *W = ctx;
    if (!*r->level3 || !r->target_field || (!is_number(r->target) && !is_number(r->actual)))
        return 0;
    /* the table: its name (项目名称) when the form declares one, else where it is */
    const inode *name = r->table ? r->table->figure[RF_NAME] : NULL;
    const char *tname = name && *inode_display(name) ? inode_display(name)
                        : r->table ? r->table->storage_path : "";
    char *level3 = rf_trimmed(r->level3);
    if (!level3)
        return -1;
    /* the table's own form: a project table matches last year's inside a submission */
    const char *fid = r->table && r->table->form ? r->table->form->id : W->form_id;
    /* the unit is the same for every row compared (a draft's rows are compared with its own
     * unit's): a table named after it (a department's 预算部门) is "the unit's", so drafts made
     * from one template share their keys */
    bool own = strcmp(tname, W->unit) == 0;
    const char *parts[] = {fid, own ? "=" : "+", own ? "" : tname, level3};
    uint64_t key = rf_digest(parts, 4);
    free(level3);
    return W->fn(W->ctx, r, key);
}

/* The walk makes no field (no paths, no derivations): only the indicator rows are read. */
static bool no_field(void *ctx, const inode *n)
{
    (void)ctx;
    (void)n;
    return false;
}

int rf_rows(const engine *e, const char *unit, rf_row_fn fn, void *ctx)
{
    row_walk W = {.fn = fn, .ctx = ctx, .form_id = engine_form(e)->id, .unit = unit};
    report_writer w = {.ctx = &W, .indicator = one_row, .wants_field = no_field,
                       .skip = REP_SKIP_FIELD_WHY | REP_SKIP_WHY_EN};
    int rc = report_walk(e, "", NULL, &w);
    return rc;
}
