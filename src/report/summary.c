/* `selfeval summary`'s writers (report/summary.h): one row per table, as CSV (RFC 4180) or
 * JSON. Rows are written draft by draft; nothing is kept across drafts. */
#include "report/summary.h"

#include <stdlib.h>
#include <string.h>

/* The columns, in order (docs/summary.md). */
enum {
    C_FILE, C_UNIT, C_YEAR, C_FORM, C_TABLE, C_NAME, C_BUDGET_INITIAL, C_BUDGET_ANNUAL,
    C_EXECUTED, C_RATE, C_TOTAL, C_GRADE, C_RECHECK_TOTAL, C_DEVIATION, C_ERRORS, C_WARNINGS, C_NOTICES, C_STATUS, C_MODIFIED,
    C_SHA256, C_ERROR, C__COUNT
};

static const char *const COLUMNS[C__COUNT] = {
    "file", "unit", "year", "form", "table", "name", "budget_initial", "budget_annual",
    "executed", "rate", "total", "grade", "recheck_total", "deviation", "errors", "warnings", "notices", "status",
    "modified", "sha256", "error",
};

/* Which columns are counts (JSON numbers; everything else is text, amounts included). */
static bool is_count(int c)
{
    return c == C_ERRORS || c == C_WARNINGS || c == C_NOTICES;
}

typedef struct {
    report_writer w;
    rw_out out;
    bool json;
    size_t nrows;
    const rep_draft *d;       /* the draft being walked (valid until end_draft) */
    char counts[3][24];
    char recheck[2][DEC_STR_MAX];   /* 复核总分, 偏差 of the table being written */
} summary_writer;

/* ---- CSV ---- */

/* RFC 4180: a field with a comma, a quote, CR or LF is quoted, quotes doubled; CRLF ends a
 * record. */
static void csv_field(sbuf *b, const char *s)
{
    if (!s)
        s = "";
    if (!strpbrk(s, ",\"\r\n")) {
        sb_add(b, s);
        return;
    }
    sb_addn(b, "\"", 1);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            sb_addn(b, "\"", 1);
        sb_addn(b, p, 1);
    }
    sb_addn(b, "\"", 1);
}

static void csv_row(sbuf *b, const char *const v[C__COUNT])
{
    for (int c = 0; c < C__COUNT; c++) {
        if (c)
            sb_addn(b, ",", 1);
        csv_field(b, v[c]);
    }
    sb_add(b, "\r\n");
}

/* ---- JSON ---- */

static void json_row(summary_writer *S, const char *const v[C__COUNT])
{
    sbuf *b = &S->out.b;
    sb_add(b, S->nrows ? ",\n    {" : "\n    {");
    for (int c = 0; c < C__COUNT; c++) {
        if (c)
            sb_add(b, ", ");
        sb_json_str(b, COLUMNS[c]);
        sb_add(b, ": ");
        if (is_count(c) && v[c])
            sb_add(b, v[c]);
        else
            sb_json_str(b, v[c]);
    }
    sb_addn(b, "}", 1);
}

static void row(summary_writer *S, const char *const v[C__COUNT])
{
    if (S->json)
        json_row(S, v);
    else
        csv_row(&S->out.b, v);
    S->nrows++;
}

/* ---- the walk ---- */

static int s_begin(void *ctx, const rep_draft *d)
{
    summary_writer *S = ctx;
    S->d = d;
    return 0;
}

static const char *figure(const rep_table *t, rep_figure f)
{
    return t->figure[f] ? inode_display(t->figure[f]) : NULL;
}

static int s_table(void *ctx, const rep_table *t)
{
    summary_writer *S = ctx;
    const rep_draft *d = S->d;
    const draft *dr = d->draft;
    for (int s = 0; s < 3; s++)
        snprintf(S->counts[s], sizeof S->counts[s], "%zu", t->counts[s]);
    /* a table without a total (the report, the basic data) has no 复核总分 either */
    bool rt = t->recheck && t->recheck->has_total;
    if (rt) {
        recheck_fmt(t->recheck->recheck_total, S->recheck[0]);
        recheck_fmt(t->recheck->deviation, S->recheck[1]);
    }
    const char *v[C__COUNT] = {
        [C_FILE] = d->file,
        [C_UNIT] = dr->unit,
        [C_YEAR] = dr->year,
        [C_FORM] = t->form->id,
        [C_TABLE] = t->path,
        [C_NAME] = figure(t, RF_NAME),
        [C_BUDGET_INITIAL] = figure(t, RF_BUDGET_INITIAL),
        [C_BUDGET_ANNUAL] = figure(t, RF_BUDGET_ANNUAL),
        [C_EXECUTED] = figure(t, RF_EXECUTED),
        [C_RATE] = figure(t, RF_RATE),
        [C_TOTAL] = figure(t, RF_TOTAL),
        [C_GRADE] = figure(t, RF_GRADE),
        [C_RECHECK_TOTAL] = rt ? S->recheck[0] : NULL,
        [C_DEVIATION] = rt ? S->recheck[1] : NULL,
        [C_ERRORS] = S->counts[SEV_ERROR],
        [C_WARNINGS] = S->counts[SEV_WARNING],
        [C_NOTICES] = S->counts[SEV_NOTICE],
        [C_STATUS] = dr->status,
        [C_MODIFIED] = dr->modified,
        [C_SHA256] = d->sha256,
        [C_ERROR] = NULL,
    };
    row(S, v);
    return 0;
}

static int s_end(void *ctx, const rep_draft *d)
{
    summary_writer *S = ctx;
    (void)d;
    S->d = NULL;
    return rw_out_flush(&S->out);
}

/* A file that could not be read: one row with its name and why (never skipped). */
static int s_error(void *ctx, const char *file, const char *message)
{
    summary_writer *S = ctx;
    const char *v[C__COUNT] = {[C_FILE] = file, [C_ERROR] = message};
    row(S, v);
    return rw_out_flush(&S->out);
}

static int s_close(void *ctx, char **err)
{
    summary_writer *S = ctx;
    if (S->json)
        sb_add(&S->out.b, S->nrows ? "\n  ]\n}\n" : "]\n}\n");
    int rc = rw_out_finish(&S->out, err);
    rw_out_free(&S->out);
    free(S);
    return rc;
}

report_writer *summary_writer_new(FILE *out, summary_format fmt, bool bom)
{
    summary_writer *S = calloc(1, sizeof *S);
    if (!S)
        return NULL;
    S->out.fp = out;
    S->json = fmt == SUMMARY_JSON;
    S->w = (report_writer){
        .ctx = S, .begin_draft = s_begin, .table = s_table, .end_draft = s_end,
        .draft_error = s_error, .close = s_close,
    };
    if (S->json) {
        sb_add(&S->out.b, "{\n  \"selfeval_summary\": 1,\n  \"rows\": [");
    } else {
        if (bom)
            sb_add(&S->out.b, "\xef\xbb\xbf");
        for (int c = 0; c < C__COUNT; c++) {
            if (c)
                sb_addn(&S->out.b, ",", 1);
            sb_add(&S->out.b, COLUMNS[c]);
        }
        sb_add(&S->out.b, "\r\n");
    }
    return &S->w;
}
