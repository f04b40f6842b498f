/* selfeval review DIR [--english] [--no-mouse] [--last LAST]...: the inbox screen (tui_review);
 * selfeval review DIR|FILE... --list [--sort COL]... [--status S] [--errors] [--open-queries]
 *                                   [--unit TEXT] [--json] [-j N] [--last LAST]...
 *
 * The reviewer's inbox without the screen (store/inbox.h): one row per submission, sorted and
 * filtered as the screen would show them, as tab-separated text or JSON, for scripts (approve
 * and return act on the files listed). docs/review.md. */
#include "cli/cli.h"
#include "cli/progress.h"
#include "store/inbox.h"
#include "tui/tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    bool list, json, english, no_mouse;
    int jobs;
    inbox_filter filter;
    const char *sort[8];
    size_t nsort;
    const char **args;
    size_t nargs;
    const char **last;      /* --last: last year's drafts, compared with (as check's) */
    size_t nlast;
} inbox_opts;

static int parse_args(int argc, char **argv, inbox_opts *o)
{
    o->args = calloc((size_t)argc + 1, sizeof *o->args);
    o->last = calloc((size_t)argc + 1, sizeof *o->last);
    if (!o->args || !o->last)
        return cli_fail("out of memory");
    bool done = false;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        int r;
        if (done || a[0] != '-' || a[1] == '\0') {
            o->args[o->nargs++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            done = true;
        } else if (strcmp(a, "--list") == 0) {
            o->list = true;
        } else if (strcmp(a, "--json") == 0) {
            o->json = true;
        } else if (strcmp(a, "--english") == 0) {
            o->english = true;
        } else if (strcmp(a, "--no-mouse") == 0) {
            o->no_mouse = true;
        } else if (strcmp(a, "--errors") == 0) {
            o->filter.errors = true;
        } else if (strcmp(a, "--open-queries") == 0) {
            o->filter.open_queries = true;
        } else if ((r = cli_jobs_option(argc, argv, &i, &o->jobs)) != 0) {
            if (r < 0)
                return CLI_BAD_INPUT;
        } else if ((r = cli_last_option(argc, argv, &i, "review", o->last, &o->nlast)) != 0) {
            if (r < 0)
                return CLI_BAD_INPUT;
        } else if ((r = cli_opt_value(argc, argv, &i, "--status", &v)) != 0) {
            if (r < 0)
                return CLI_BAD_INPUT;
            static const char *const known[] = {"draft", "submitted", "returned", "approved",
                                                "rechecked"};
            bool ok = false;
            for (size_t k = 0; k < sizeof known / sizeof *known; k++)
                ok = ok || strcmp(v, known[k]) == 0;
            if (!ok)
                return cli_usage_error("review: --status %s: no such status (draft, submitted, "
                                       "returned, approved, rechecked)", v);
            o->filter.status = v;
        } else if ((r = cli_opt_value(argc, argv, &i, "--unit", &v)) != 0) {
            if (r < 0)
                return CLI_BAD_INPUT;
            o->filter.unit = v;
        } else if ((r = cli_opt_value(argc, argv, &i, "--sort", &v)) != 0) {
            if (r < 0)
                return CLI_BAD_INPUT;
            if (inbox_col_parse(v[0] == '-' ? v + 1 : v) < 0)
                return cli_usage_error("review: --sort %s: no such column (file, unit, form, "
                                       "year, total, grade, errors, warnings, queries, flags, "
                                       "status, modified; -COL sorts down)", v);
            if (o->nsort == sizeof o->sort / sizeof o->sort[0])
                return cli_usage_error("review: at most %zu --sort options",
                                       sizeof o->sort / sizeof o->sort[0]);
            o->sort[o->nsort++] = v;
        } else {
            return cli_unknown_option("review", a);
        }
    }
    if (!o->nargs)
        return cli_usage_error("review: name the folder of submissions (selfeval review DIR)");
    return 0;
}

/* the batch reader's progress callback */
static int on_progress(void *ctx, size_t done, size_t total)
{
    cli_progress_step(ctx, done, total);
    return 0;
}

static void text_row(sbuf *b, const inbox_row *r)
{
    const char *cols[] = {r->file, r->unit, r->form, r->year, r->total, r->grade};
    for (size_t c = 0; c < sizeof cols / sizeof *cols; c++) {
        sb_add_visible(b, cols[c]);
        sb_add(b, "\t");
    }
    sb_addf(b, "%u\t%u\t%u\t%u\t", r->errors, r->warnings, r->queries, r->flags);
    sb_add_visible(b, r->status);
    sb_add(b, "\t");
    sb_add_visible(b, r->modified);
    sb_add(b, "\t");
    sb_add_visible(b, r->error ? r->error : "");
    sb_add(b, "\n");
}

static void json_text(sbuf *b, const char *key, const char *v, bool comma)
{
    sb_json_str(b, key);
    sb_add(b, ": ");
    if (v && *v)
        sb_json_str(b, v);
    else
        sb_add(b, "null");
    if (comma)
        sb_add(b, ", ");
}

static void json_row(sbuf *b, const inbox_row *r, bool first)
{
    sb_add(b, first ? "\n    {" : ",\n    {");
    json_text(b, "file", r->file, true);
    json_text(b, "unit", r->unit, true);
    json_text(b, "form", r->form, true);
    json_text(b, "year", r->year, true);
    json_text(b, "total", r->total, true);
    json_text(b, "grade", r->grade, true);
    sb_addf(b, "\"errors\": %u, \"warnings\": %u, \"queries\": %u, \"flags\": %u, ", r->errors,
            r->warnings, r->queries, r->flags);
    json_text(b, "status", r->error ? NULL : r->status, true);
    json_text(b, "modified", r->modified, true);
    json_text(b, "error", r->error, false);
    sb_add(b, "}");
}

static int print_rows(const inbox *ib, bool json)
{
    sbuf b = {0};
    size_t n = inbox_count(ib);
    if (json) {
        sb_add(&b, "{\n  \"selfeval_inbox\": 1,\n  \"rows\": [");
    } else {
        for (int c = 0; c < IB__COUNT; c++) {
            sb_add(&b, inbox_col_name(c));
            sb_add(&b, "\t");
        }
        sb_add(&b, "error\n");
    }
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        if (json)
            json_row(&b, inbox_get(ib, i), i == 0);
        else
            text_row(&b, inbox_get(ib, i));
        if (b.len > 65536) {   /* written as it grows: 10,000 rows need no big buffer */
            rc = sb_write_stdout(&b);
            sb_free(&b);
            memset(&b, 0, sizeof b);
        }
    }
    if (json)
        sb_add(&b, n ? "\n  ]\n}\n" : "]\n}\n");
    if (rc == 0)
        rc = sb_write_stdout(&b);
    sb_free(&b);
    return rc;
}

static void opts_free(inbox_opts *o)
{
    free(o->args);
    free(o->last);
}

/* A last year's draft that cannot be read: said, and exit 2 (as check). */
static int last_failed(char *err)
{
    char *vis = sb_visible_dup(err);
    int rc = cli_fail("review: %s", vis ? vis : err ? err : "out of memory");
    free(vis);
    free(err);
    return rc;
}

int cli_review(int argc, char **argv)
{
    inbox_opts o;
    memset(&o, 0, sizeof o);
    int rc = parse_args(argc, argv, &o);
    if (rc) {
        opts_free(&o);
        return rc;
    }
    if (!o.list) {
        /* the screen: one folder; sorting and filters are keys there */
        if (o.nargs != 1 || o.nsort || o.json || o.jobs || o.filter.status || o.filter.errors ||
            o.filter.open_queries || o.filter.unit) {
            opts_free(&o);
            return cli_usage_error("review: the inbox screen takes one folder (selfeval review "
                                   "DIR); --sort, the filters, --json and -j go with --list");
        }
        tui_opts t = {.path = o.args[0], .ambiguous = -1, .english = o.english,
                      .no_mouse = o.no_mouse, .last = o.last, .nlast = o.nlast};
        rc = tui_review(&t);
        opts_free(&o);
        return rc;
    }
    inbox *ib = inbox_new();
    if (!ib || inbox_set_filter(ib, &o.filter) != 0) {
        inbox_free(ib);
        opts_free(&o);
        return cli_fail("out of memory");
    }
    char *lerr = NULL;
    if (inbox_set_last(ib, o.last, o.nlast, &lerr) != 0) {
        inbox_free(ib);
        opts_free(&o);
        return last_failed(lerr);
    }
    /* the first --sort is the main order: applied last */
    for (size_t k = o.nsort; k-- > 0;) {
        const char *s = o.sort[k];
        bool desc = s[0] == '-';
        inbox_sort(ib, (inbox_col)inbox_col_parse(desc ? s + 1 : s), desc);
    }
    cli_progress p;
    cli_progress_start(&p, "review");
    char *err = NULL;
    int r = inbox_read(ib, o.args, o.nargs, o.jobs, on_progress, &p, &err);
    cli_progress_end(&p);
    char *const *rec = NULL;
    size_t nrec = inbox_recovered(ib, &rec);
    cli_note_recovered("review", rec, nrec);
    if (r != 0) {
        rc = cli_fail("%s", err ? err : "out of memory");
    } else if (inbox_refresh(ib) == (size_t)-1) {
        rc = cli_fail("out of memory");
    } else {
        rc = print_rows(ib, o.json) == 0 ? CLI_OK : CLI_BAD_INPUT;
        /* an unreadable file among them: said on stderr too, and exit 1 (as summary) */
        for (size_t i = 0; i < inbox_count(ib); i++) {
            const inbox_row *row = inbox_get(ib, i);
            if (!row->error)
                continue;
            char *vis = sb_visible_dup(row->error);
            fprintf(stderr, "selfeval: %s\n", vis ? vis : "out of memory");
            free(vis);
            if (rc == CLI_OK)
                rc = CLI_ATTENTION;
        }
    }
    free(err);
    inbox_free(ib);
    opts_free(&o);
    return rc;
}
