/* `selfeval check --json` (docs/check-json.md) as a writer: each draft's object is built in
 * six lists as the walk goes (values, computed, typed, overrides, why, findings), joined and
 * written when the draft ends. Memory holds one draft, whatever the number of drafts. */
#include "report/writer.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    report_writer w;
    rw_out out;
    size_t ndrafts;
    sbuf values, computed, typed, overrides, why, findings;
    size_t nvalues, ncomputed, ntyped, noverrides, nwhy, nfindings;
} json_writer;

static void reset(json_writer *J)
{
    J->values.len = J->computed.len = J->typed.len = J->overrides.len = J->findings.len = 0;
    J->values.oom = J->computed.oom = J->typed.oom = J->overrides.oom = J->findings.oom = false;
    J->why.len = 0;
    J->why.oom = false;
    J->nvalues = J->ncomputed = J->ntyped = J->noverrides = J->nwhy = J->nfindings = 0;
}

/* A JSON member list of one line per entry. */
static void sep(sbuf *b, size_t *k)
{
    sb_add(b, (*k)++ ? ",\n        " : "\n        ");
}

static void draft_open(json_writer *J, const char *file)
{
    sbuf *b = &J->out.b;
    if (J->ndrafts++)
        sb_addn(b, ",", 1);
    sb_add(b, "\n    {\n      \"file\": ");
    sb_json_str(b, file);
    sb_add(b, ",\n");
}

static void counts(sbuf *b, const size_t c[3])
{
    sb_addf(b, "      \"counts\": {\"error\": %zu, \"warning\": %zu, \"notice\": %zu},\n",
            c[SEV_ERROR], c[SEV_WARNING], c[SEV_NOTICE]);
}

static int j_begin(void *ctx, const rep_draft *d)
{
    json_writer *J = ctx;
    reset(J);
    draft_open(J, d->file);
    sbuf *b = &J->out.b;
    sb_add(b, "      \"form\": {\"id\": ");
    sb_json_str(b, d->form->id);
    sb_add(b, ", \"version\": ");
    sb_json_str(b, d->form->version);
    sb_add(b, "},\n");
    return 0;
}

static int j_field(void *ctx, const rep_field *f)
{
    json_writer *J = ctx;
    sep(&J->values, &J->nvalues);
    sb_json_str(&J->values, f->path);
    sb_add(&J->values, ": ");
    sb_json_str(&J->values, f->display);
    if (!f->computed)
        return 0;
    sep(&J->computed, &J->ncomputed);
    sb_json_str(&J->computed, f->path);
    if (f->why_zh && f->why_en) {
        sep(&J->why, &J->nwhy);
        sb_json_str(&J->why, f->path);
        sb_add(&J->why, ": {\"zh\": ");
        sb_json_str(&J->why, f->why_zh);
        sb_add(&J->why, ", \"en\": ");
        sb_json_str(&J->why, f->why_en);
        sb_addn(&J->why, "}", 1);
    }
    if (f->state == FS_COMPUTED)
        return 0;
    sep(&J->typed, &J->ntyped);
    sb_json_str(&J->typed, f->path);
    sb_add(&J->typed, ": ");
    sb_json_str(&J->typed, f->text);
    if (f->state != FS_OVERRIDE && f->state != FS_OVERRIDE_NO_REASON)
        return 0;
    sbuf *o = &J->overrides;
    sep(o, &J->noverrides);
    sb_add(o, "{\"path\": ");
    sb_json_str(o, f->path);
    sb_add(o, ", \"storage_path\": ");
    sb_json_str(o, f->storage_path);
    sb_add(o, ", \"typed\": ");
    sb_json_str(o, f->text);
    sb_add(o, ", \"rule\": ");
    sb_json_str(o, f->rule ? f->rule : "");
    sb_add(o, ", \"reason\": ");
    sb_json_str(o, f->reason && *f->reason ? f->reason : NULL);
    sb_addf(o, ", \"active\": %s}", f->state == FS_OVERRIDE ? "true" : "false");
    return 0;
}

static int j_finding(void *ctx, const rep_finding *rf)
{
    json_writer *J = ctx;
    const finding *f = rf->f;
    sbuf *b = &J->findings;
    sep(b, &J->nfindings);
    sb_add(b, "{\"severity\": ");
    sb_json_str(b, severity_name(f->sev));
    sb_add(b, ", \"code\": ");
    sb_json_str(b, f->code);
    sb_add(b, ", \"path\": ");
    sb_json_str(b, f->path ? f->path : "");
    sb_add(b, ", \"message_zh\": ");
    sb_json_str(b, f->msg_zh ? f->msg_zh : "");
    sb_add(b, ", \"message_en\": ");
    sb_json_str(b, f->msg_en ? f->msg_en : "");
    sb_addn(b, "}", 1);
    return 0;
}

static void add_list(sbuf *b, const char *key, const sbuf *items, size_t n, bool object)
{
    sb_addf(b, "      \"%s\": %s", key, object ? "{" : "[");
    if (n) {
        sb_addn(b, items->s, items->len);
        sb_add(b, object ? "\n      },\n" : "\n      ],\n");
    } else {
        sb_add(b, object ? "},\n" : "],\n");
    }
    if (items->oom)
        b->oom = true;
}

static int j_end(void *ctx, const rep_draft *d)
{
    json_writer *J = ctx;
    sbuf *b = &J->out.b;
    add_list(b, "values", &J->values, J->nvalues, true);
    add_list(b, "computed", &J->computed, J->ncomputed, false);
    add_list(b, "typed", &J->typed, J->ntyped, true);
    add_list(b, "overrides", &J->overrides, J->noverrides, false);
    add_list(b, "why", &J->why, J->nwhy, true);
    add_list(b, "findings", &J->findings, J->nfindings, false);
    counts(b, d->counts);
    sb_add(b, "      \"error\": null\n    }");
    return rw_out_flush(&J->out);
}

/* A draft that could not be checked: form null, empty lists, "error" the message. */
static int j_error(void *ctx, const char *file, const char *message)
{
    static const size_t zero[3] = {0, 0, 0};
    json_writer *J = ctx;
    sbuf *b = &J->out.b;
    draft_open(J, file);
    sb_add(b, "      \"form\": null,\n      \"values\": {},\n      \"computed\": [],\n"
              "      \"typed\": {},\n      \"overrides\": [],\n      \"why\": {},\n"
              "      \"findings\": [],\n");
    counts(b, zero);
    sb_add(b, "      \"error\": ");
    sb_json_str(b, message);
    sb_add(b, "\n    }");
    return rw_out_flush(&J->out);
}

static int j_close(void *ctx, char **err)
{
    json_writer *J = ctx;
    sb_add(&J->out.b, J->ndrafts ? "\n  ]\n}\n" : "]\n}\n");
    int rc = rw_out_finish(&J->out, err);
    rw_out_free(&J->out);
    sb_free(&J->values);
    sb_free(&J->computed);
    sb_free(&J->typed);
    sb_free(&J->overrides);
    sb_free(&J->why);
    sb_free(&J->findings);
    free(J);
    return rc;
}

report_writer *check_json_writer(FILE *out)
{
    json_writer *J = calloc(1, sizeof *J);
    if (!J)
        return NULL;
    J->out.fp = out;
    J->w = (report_writer){
        .ctx = J, .begin_draft = j_begin, .field = j_field, .finding = j_finding,
        .end_draft = j_end, .draft_error = j_error, .close = j_close,
    };
    sb_add(&J->out.b, "{\n  \"selfeval_check\": 1,\n  \"drafts\": [");
    return &J->w;
}
