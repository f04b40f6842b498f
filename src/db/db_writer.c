/* The database writer (db/db_writer.h): the report model's callbacks turned into the rows of
 * docs/database.md. Nothing here walks the engine; it only reads what the walk hands it.
 *
 * A submission's row is written at its first table (or at its end when it has none), because
 * the key of a draft that is one project table includes the project's name. */
#include "db/db_writer.h"
#include "db_internal.h"
#include "core/dec.h"
#include "core/indicator.h"
#include "core/numparse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    report_writer w;        /* first: what the caller holds; its ctx is this struct */
    db *d;
    char *err;              /* the first failure; the run stops there */
    const rep_draft *draft; /* the draft being walked (valid from begin_draft to end_draft) */
    bool begun;             /* its submission row is written */
    int finding_no;
} dbw;

static int failed(dbw *w) { return w->err ? -1 : 0; }

static int oom(dbw *w)
{
    if (!w->err)
        w->err = strdup("out of memory");
    return -1;
}

/* "99.91%" -> "99.91", "547.6879" -> "547.6879"; NULL when the text is not a plain number
 * ("—", "", text). buf >= DEC_STR_MAX. */
static const char *number_of(const char *display, char *buf)
{
    if (!display || !*display)
        return NULL;
    size_t n = strlen(display);
    if (display[n - 1] == '%')
        n--;
    dec_t v;
    if (n == 0 || dec_parse(display, n, &v) != DEC_OK)
        return NULL;
    return dec_format(v, buf);
}

static bool numeric_type(field_type t)
{
    return t == FT_INTEGER || t == FT_DECIMAL || t == FT_MONEY || t == FT_PERCENT;
}

static const char *shown(const inode *n) { return n ? inode_display(n) : NULL; }

static int begin_submission(dbw *w, const char *project)
{
    const rep_draft *r = w->draft;
    const draft *dr = r->draft;
    db_submission s = {
        .file = r->file,
        .unit = dr ? dr->unit : NULL,
        .year = dr ? dr->year : NULL,
        .form = r->form ? r->form->id : NULL,
        .form_version = r->form ? r->form->version : NULL,
        .project = project ? project : "",
        .status = dr ? dr->status : NULL,
        .modified = dr ? dr->modified : NULL,
        .author = dr ? dr->author : NULL,
        .errors = r->counts[SEV_ERROR],
        .warnings = r->counts[SEV_WARNING],
        .notices = r->counts[SEV_NOTICE],
    };
    w->begun = true;
    return db_submission_begin(w->d, &s, &w->err);
}

static int on_begin_draft(void *ctx, const rep_draft *d)
{
    dbw *w = ctx;
    if (failed(w))
        return -1;
    w->draft = d;
    w->begun = false;
    w->finding_no = 0;
    return 0;
}

/* The re-checked score fields of a table (复核): the figures core/recheck.h added up, with
 * what the reviewer wrote beside them. */
static int put_rechecks(dbw *w, const rep_table *t)
{
    const draft *dr = w->draft->draft;
    for (size_t i = 0; i < t->recheck->n; i++) {
        const recheck_row *row = &t->recheck->rows[i];
        const draft_recheck *rc = draft_recheck_get(dr, row->path);
        const inode *n = engine_find(w->draft->e, row->path);
        char *dp = n ? inode_display_path(n) : NULL;
        char self[DEC_STR_MAX], score[DEC_STR_MAX], diff[DEC_STR_MAX];
        db_recheck r = {
            .table_no = (int)t->index + 1,
            .path = dp ? dp : row->path,
            .storage_path = row->path,
            .self_score = n && inode_value(n).kind == V_NUM ? dec_format(row->self, self) : NULL,
            .actual = rc ? rc->actual : NULL,
            .score = dec_format(row->recheck, score),
            .deviation = recheck_fmt(row->diff, diff),
            .reason = rc ? rc->reason : NULL,
            .by = rc ? rc->by : NULL,
            .at = rc ? rc->at : NULL,
        };
        int bad = (n && !dp) ? oom(w) : db_recheck_put(w->d, &r, &w->err);
        free(dp);
        if (bad)
            return -1;
    }
    return 0;
}

static int on_table(void *ctx, const rep_table *t)
{
    dbw *w = ctx;
    if (failed(w))
        return -1;
    if (!w->begun) {
        /* a draft that is one table (a project's own file) is keyed by its name too */
        const char *project = NULL;
        if (t->path[0] == '\0' && t->figure[RF_NAME])
            project = inode_display(t->figure[RF_NAME]);
        if (begin_submission(w, project))
            return -1;
    }
    char b1[DEC_STR_MAX], b2[DEC_STR_MAX], b3[DEC_STR_MAX], b4[DEC_STR_MAX], b5[DEC_STR_MAX];
    db_table r = {
        .table_no = (int)t->index + 1,
        .path = t->path,
        .form = t->form ? t->form->id : "",
        .name = shown(t->figure[RF_NAME]),
        .budget_initial = number_of(shown(t->figure[RF_BUDGET_INITIAL]), b1),
        .budget_annual = number_of(shown(t->figure[RF_BUDGET_ANNUAL]), b2),
        .executed = number_of(shown(t->figure[RF_EXECUTED]), b3),
        .exec_rate = number_of(shown(t->figure[RF_RATE]), b4),
        .total = number_of(shown(t->figure[RF_TOTAL]), b5),
        .grade = shown(t->figure[RF_GRADE]),
        .errors = t->counts[SEV_ERROR],
        .warnings = t->counts[SEV_WARNING],
        .notices = t->counts[SEV_NOTICE],
    };
    if (r.name && !*r.name)
        r.name = NULL;
    if (r.grade && (!*r.grade || strcmp(r.grade, "—") == 0))
        r.grade = NULL;
    char rt[DEC_STR_MAX], dv[DEC_STR_MAX];
    if (t->recheck && t->recheck->has_total) {   /* no total (a report): NULL, as `total` */
        r.recheck_total = recheck_fmt(t->recheck->recheck_total, rt);
        r.deviation = recheck_fmt(t->recheck->deviation, dv);
    }
    if (db_table_put(w->d, &r, &w->err))
        return -1;
    return t->recheck ? put_rechecks(w, t) : 0;
}

/* The path inside its table: "projects[1].funds.rate" in table "projects[1]" -> "funds.rate". */
static const char *inside(const rep_table *t, const char *path)
{
    size_t n = t ? strlen(t->path) : 0;
    if (n && strncmp(path, t->path, n) == 0 && path[n] == '.')
        return path + n + 1;
    return path;
}

/* Every computed figure and every number typed, and the texts outside table rows (names,
 * goals, the reason for a low execution rate). The texts of indicator rows are in
 * `indicators`; blank inputs say nothing. (on_field says the same of a rep_field.) */
static bool kept_field(const inode *n)
{
    if (inode_is_computed(n))
        return true;
    if (!*inode_text(n))
        return false;
    const fnode *def = inode_def(n);
    const inode *p = inode_parent(n);
    return (def && numeric_type(def->type)) || !p || inode_kind(p) != N_ROW;
}

static bool wants_field(void *ctx, const inode *n)
{
    (void)ctx;
    return kept_field(n);
}

static int on_field(void *ctx, const rep_field *f)
{
    dbw *w = ctx;
    if (failed(w))
        return -1;
    bool numeric = f->def && numeric_type(f->def->type);
    if (!f->computed && (!*f->text || (!numeric && f->n && inode_parent(f->n) &&
                                       inode_kind(inode_parent(f->n)) == N_ROW)))
        return 0;   /* as kept_field: wants_field spares the walk most of these */
    char num[DEC_STR_MAX];
    db_figure r = {
        .table_no = f->table ? (int)f->table->index + 1 : 0,
        .path = f->path,
        .storage_path = f->storage_path,
        .field = inside(f->table, f->path),
        .label = f->def ? i18n_get(&f->def->label, false) : NULL,
        .value = f->display,
        .number = f->computed || numeric ? number_of(f->display, num) : NULL,
        .computed = f->computed,
        .typed = f->computed && *f->text ? f->text : NULL,
        .rule = f->computed ? f->rule : NULL,
        .state = f->computed ? field_state_name(f->state) : NULL,
        .override_reason = f->reason,
    };
    return db_figure_put(w->d, &r, &w->err);
}

/* The number and unit of a target or actual ("≥5家" -> 5, 家), when it holds one. */
static void read_amount(const char *s, char *num, const char **value, char **unit)
{
    *value = NULL;
    *unit = NULL;
    ind_value v;
    ind_parse(s, strlen(s), &v);
    if (v.kind != IND_NUMBER)
        return;
    *value = dec_format(v.num.value, num);
    if (v.num.unit.name && v.num.unit.name_len)
        *unit = strndup(v.num.unit.name, v.num.unit.name_len);
}

static int on_indicator(void *ctx, const rep_indicator *r)
{
    dbw *w = ctx;
    if (failed(w))
        return -1;
    const rep_field *sc = r->score;
    /* the row's effective direction and whether it counts: the engine's own scoring of the
     * row (scored again here, by the same rule and the form's settings, only when the engine
     * kept none) */
    ind_result res;
    int rc;
    if (!inode_row_ind_result(r->row, &res)) {
        ind_input in = {.level1 = r->level1, .level2 = r->level2, .level3 = r->level3,
                        .target = r->target, .actual = r->actual,
                        .direction = ind_dir_parse(r->direction),
                        .tier = r->tier && *r->tier ? r->tier : NULL,
                        .na = r->na && *r->na};
        in.has_weight = r->weight && *r->weight &&
                        dec_parse(r->weight, strlen(r->weight), &in.weight) == DEC_OK;
        finding_list notes = {0};
        const ind_settings *set = r->table && r->table->form ? &r->table->form->ind : NULL;
        ind_settings def;
        if (!set) {
            ind_settings_default(&def);
            set = &def;
        }
        rc = ind_score(set, &in, &res, &notes);
        findings_free(&notes);
        if (rc)
            return oom(w);
    }
    char tv[DEC_STR_MAX], av[DEC_STR_MAX], wv[DEC_STR_MAX], rv[DEC_STR_MAX], yv[DEC_STR_MAX],
        sv[DEC_STR_MAX];
    char *tu = NULL, *au = NULL;
    db_indicator row = {
        .table_no = r->table ? (int)r->table->index + 1 : 0,
        .row_no = (int)r->number,
        .row_id = r->row ? inode_row_id(r->row) : NULL,
        .level1 = r->level1, .level2 = r->level2, .level3 = r->level3,
        .target = r->target, .actual = r->actual,
        .direction = res.applicable || res.direction ? ind_dir_name(res.direction) : NULL,
        .tier = r->tier && *r->tier ? r->tier : NULL,
        .applicable = res.applicable,
        .weight = number_of(r->weight, wv),
        .rule_score = sc ? number_of(sc->rule, rv) : NULL,
        .typed_score = sc && *sc->text ? number_of(sc->text, yv) : NULL,
        .score = sc ? number_of(sc->display, sv) : NULL,
        .score_state = sc ? field_state_name(sc->state) : NULL,
        .override_reason = sc ? sc->reason : NULL,
        .why = sc ? sc->why_zh : NULL,   /* the derivation, in the forms' language */
    };
    read_amount(r->target ? r->target : "", tv, &row.target_value, &tu);
    read_amount(r->actual ? r->actual : "", av, &row.actual_value, &au);
    row.target_unit = tu;
    row.actual_unit = au;
    if (row.direction && !*row.direction)
        row.direction = NULL;
    rc = db_indicator_put(w->d, &row, &w->err);
    free(tu);
    free(au);
    return rc;
}

static int on_finding(void *ctx, const rep_finding *f)
{
    dbw *w = ctx;
    if (failed(w))
        return -1;
    if (!w->begun && begin_submission(w, NULL))
        return -1;
    db_finding r = {
        .table_no = f->table ? (int)f->table->index + 1 : 0,
        .finding_no = ++w->finding_no,
        .severity = severity_name(f->f->sev),
        .code = f->f->code,
        .path = f->f->path,
        .message_zh = f->f->msg_zh,
        .message_en = f->f->msg_en,
    };
    return db_finding_put(w->d, &r, &w->err);
}

static int on_end_draft(void *ctx, const rep_draft *d)
{
    (void)d;
    dbw *w = ctx;
    if (failed(w))
        return -1;
    if (!w->begun && begin_submission(w, NULL))
        return -1;
    w->draft = NULL;
    return db_submission_end(w->d, &w->err);
}

static int on_draft_error(void *ctx, const char *file, const char *message)
{
    dbw *w = ctx;
    if (failed(w))
        return -1;
    db_submission s = {.file = file, .error = message ? message : "cannot be read"};
    if (db_submission_begin(w->d, &s, &w->err))
        return -1;
    return db_submission_end(w->d, &w->err);
}

static int on_close(void *ctx, char **err)
{
    dbw *w = ctx;
    int rc = 0;
    if (!w->err)
        db_commit(w->d, &w->err);
    if (w->err) {
        rc = -1;
        if (err) {
            free(*err);
            *err = w->err;
            w->err = NULL;
        }
    }
    db_close(w->d);
    free(w->err);
    free(w);
    return rc;
}

static void init(dbw *w, db *d)
{
    w->d = d;
    w->w = (report_writer){
        .ctx = w, .begin_draft = on_begin_draft, .table = on_table, .field = on_field,
        .indicator = on_indicator, .finding = on_finding, .end_draft = on_end_draft,
        .draft_error = on_draft_error, .close = on_close,
        /* the rows hold an indicator score's derivation in Chinese only, and none for other
         * figures: the walk need not make the rest */
        .skip = REP_SKIP_FIELD_WHY | REP_SKIP_WHY_EN,
        .wants_field = wants_field,
    };
}

report_writer *db_writer_new(db *d)
{
    dbw *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    init(w, d);
    return &w->w;
}

struct db_rows {
    db *kept;      /* a recorder (db_record.c) */
    char *err;     /* why the walk stopped, when it did */
};

void db_rows_free(db_rows *rows)
{
    if (!rows)
        return;
    db_close(rows->kept);
    free(rows->err);
    free(rows);
}

db_rows *db_rows_make(const db *like, const engine *e, const char *file, const char *sha256)
{
    db_rows *rows = calloc(1, sizeof *rows);
    if (!rows || !(rows->kept = db_recorder_open(like))) {
        free(rows);
        return NULL;
    }
    dbw w;
    memset(&w, 0, sizeof w);
    init(&w, rows->kept);
    if (report_walk(e, file, sha256, &w.w) != 0) {
        rows->err = w.err ? w.err : strdup("out of memory");
        w.err = NULL;
        if (!rows->err) {
            db_rows_free(rows);
            return NULL;
        }
    }
    free(w.err);
    return rows;
}

int db_writer_put_rows(const report_writer *rw, const db_rows *rows)
{
    dbw *w = rw->ctx;
    if (failed(w))
        return -1;
    if (rows->err) {
        w->err = strdup(rows->err);
        w->d->failed = true;
        return oom(w);
    }
    return db_replay(w->d, rows->kept, &w->err);
}
