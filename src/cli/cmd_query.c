/* selfeval query | answer | note | close | reopen | queries: queries on a draft's fields,
 * headless (core/query.h for who may do what; the store enforces it through the document's
 * mode: the clerk answers in edit mode, the reviewer does the rest in review mode). */
#include "cli/cli.h"
#include "cli/cli_review.h"
#include "store/draft_file.h"
#include "store/review_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cli_review_parse(const char *cmd, int argc, char **argv, unsigned allow, size_t npos,
                     const char *what, cli_review_opts *o)
{
    memset(o, 0, sizeof *o);
    bool done = false;
    static const struct {
        unsigned bit;
        const char *name;
    } VALUED[] = {{CRO_TEXT, "--text"},     {CRO_BY, "--by"},        {CRO_SCORE, "--score"},
                  {CRO_ACTUAL, "--actual"}, {CRO_REASON, "--reason"}};
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!done && a[0] == '-' && a[1] != '\0') {
            if (strcmp(a, "--") == 0) {
                done = true;
                continue;
            }
            if ((allow & CRO_CLEAR) && strcmp(a, "--clear") == 0) {
                o->clear = true;
                continue;
            }
            if ((allow & CRO_OPEN) && strcmp(a, "--open") == 0) {
                o->open_only = true;
                continue;
            }
            int r = 0;
            for (size_t k = 0; k < sizeof VALUED / sizeof VALUED[0] && r == 0; k++) {
                const char *v = NULL;
                if (!(allow & VALUED[k].bit) ||
                    (r = cli_opt_value(argc, argv, &i, VALUED[k].name, &v)) == 0)
                    continue;
                if (r < 0)
                    return CLI_BAD_INPUT;
                const char **slot[] = {&o->text, &o->by, &o->score, &o->actual, &o->reason};
                *slot[k] = v;
            }
            if (r == 0)
                return cli_unknown_option(cmd, a);
            continue;
        }
        if (o->npos == npos)
            return cli_usage_error("%s: too many arguments (expected %s)", cmd, what);
        o->pos[o->npos++] = a;
    }
    if (o->npos < npos)
        return cli_usage_error("%s: expected %s", cmd, what);
    if (o->by && !*o->by)
        return cli_usage_error("%s: --by needs a name", cmd);
    return 0;
}

int cli_review_fail(const char *msg)
{
    char *vis = sb_visible_dup(msg ? msg : "out of memory");
    fprintf(stderr, "selfeval: %s\n", vis ? vis : "out of memory");
    free(vis);
    return CLI_BAD_INPUT;
}

int cli_review_save(doc *d, int rc_ok)
{
    char *err = NULL;
    int rc = doc_save(d, &err) == 0 ? rc_ok : cli_review_fail(err);
    free(err);
    doc_close(d);
    return rc;
}

/* One action on one query; `mode` the document's (the role it acts in). */
static int act(const char *cmd, query_action a, doc_mode mode, int argc, char **argv)
{
    cli_review_opts o;
    int rc = cli_review_parse(cmd, argc, argv, CRO_TEXT | CRO_BY, 2,
                              a == QA_OPEN ? "DRAFT PATH (\"\" for the whole draft)"
                                           : "DRAFT QUERY-ID",
                              &o);
    if (rc)
        return rc;
    char *me = o.by ? NULL : review_default_user();
    char *err = NULL, *id = NULL;
    doc *d = review_file_open(o.pos[0], mode, o.by ? o.by : me, &err);
    if (!d) {
        free(me);
        rc = cli_review_fail(err);
        free(err);
        return rc;
    }
    int r = a == QA_OPEN ? doc_query_open(d, o.pos[1], o.text, &id, &err)
                         : doc_query_act(d, o.pos[1], a, o.text, &err);
    if (r != 0) {
        rc = cli_review_fail(err);
        free(err);
        free(me);
        doc_close(d);
        return rc;
    }
    const draft_query *q = draft_query_get(doc_draft(d), a == QA_OPEN ? id : o.pos[1]);
    sbuf b = {0};
    sb_add_visible(&b, o.pos[0]);
    sb_add(&b, ": ");
    sb_add_visible(&b, q->id);
    static const char *const DONE[QA__COUNT] = {"opened", "answered", "noted", "closed",
                                                 "reopened"};
    sb_add(&b, " on ");
    sb_add_visible(&b, *q->path ? q->path : "the whole draft");
    sb_addf(&b, " %s by ", DONE[a]);
    sb_add_visible(&b, o.by ? o.by : me ? me : "");
    sb_addf(&b, " (now %s)\n", q->state);
    free(id);
    free(me);
    rc = cli_review_save(d, CLI_OK);
    if (rc == CLI_OK && sb_write_stdout(&b) != 0)
        rc = CLI_BAD_INPUT;
    sb_free(&b);
    return rc;
}

int cli_query(int argc, char **argv)
{
    return act("query", QA_OPEN, DOC_REVIEW, argc, argv);
}

int cli_answer(int argc, char **argv)
{
    return act("answer", QA_ANSWER, DOC_EDIT, argc, argv);
}

int cli_note(int argc, char **argv)
{
    return act("note", QA_NOTE, DOC_REVIEW, argc, argv);
}

int cli_close(int argc, char **argv)
{
    return act("close", QA_CLOSE, DOC_REVIEW, argc, argv);
}

int cli_reopen(int argc, char **argv)
{
    return act("reopen", QA_REOPEN, DOC_REVIEW, argc, argv);
}

static const char *or_dash(const char *s)
{
    return s && *s ? s : "-";
}

/* selfeval queries DRAFT [--open]: every query and its thread; read without a lock. */
int cli_queries(int argc, char **argv)
{
    cli_review_opts o;
    int rc = cli_review_parse("queries", argc, argv, CRO_OPEN, 1, "DRAFT", &o);
    if (rc)
        return rc;
    char *err = NULL;
    draft *d = draft_file_read(o.pos[0], &err);
    if (!d) {
        rc = cli_review_fail(err);
        free(err);
        return rc;
    }
    sbuf b = {0};
    sb_add_visible(&b, o.pos[0]);
    sb_addf(&b, ": %zu quer%s, %zu open, %zu answered, %zu closed\n", d->n_queries,
            d->n_queries == 1 ? "y" : "ies", query_count(d, "open"),
            query_count(d, "answered"), query_count(d, "closed"));
    for (size_t i = 0; i < d->n_queries; i++) {
        const draft_query *q = &d->queries[i];
        if (o.open_only && strcmp(q->state, "open") != 0)
            continue;
        sb_add_visible(&b, q->id);
        sb_add(&b, "\t");
        sb_add_visible(&b, q->state);
        sb_add(&b, "\t");
        sb_add_visible(&b, *q->path ? q->path : "(the whole draft)");
        sb_add(&b, "\n");
        for (size_t k = 0; k < q->n_thread; k++) {
            const draft_query_msg *m = &q->thread[k];
            sb_add(&b, "  ");
            sb_add_visible(&b, m->action);
            sb_add(&b, "\t");
            sb_add_visible(&b, or_dash(m->by));
            sb_add(&b, "\t");
            sb_add_visible(&b, or_dash(m->at));
            sb_add(&b, "\t");
            sb_add_visible(&b, m->text);
            sb_add(&b, "\n");
        }
    }
    draft_free(d);
    rc = sb_write_stdout(&b) == 0 ? CLI_OK : CLI_BAD_INPUT;
    sb_free(&b);
    return rc;
}
