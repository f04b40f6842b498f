/* `selfeval check`'s text report (report/writer.h). Figures and findings are kept for one draft
 * (their columns are aligned over the draft), then written when the draft ends. */
#include "report/writer.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    char *path, *label, *display, *text, *rule, *reason, *why;
    field_state state;
} fig;

typedef struct {
    severity sev;
    char *code, *path, *msg;
} fnd;

typedef struct {
    report_writer w;
    rw_out out;
    bool english;
    size_t ndrafts;           /* drafts begun or refused so far (for the blank line between) */
    fig *figs;
    size_t nfigs, capfigs;
    fnd *fnds;
    size_t nfnds, capfnds;
    bool oom;
} text_writer;

/* Copies kept for the end of the draft are already made visible (report/sbuf.h). */
static char *dup_or_null(const char *s)
{
    return s ? sb_visible_dup(s) : NULL;
}

static void clear_draft(text_writer *T)
{
    for (size_t i = 0; i < T->nfigs; i++) {
        fig *g = &T->figs[i];
        free(g->path);
        free(g->label);
        free(g->display);
        free(g->text);
        free(g->rule);
        free(g->reason);
        free(g->why);
    }
    T->nfigs = 0;
    for (size_t i = 0; i < T->nfnds; i++) {
        free(T->fnds[i].code);
        free(T->fnds[i].path);
        free(T->fnds[i].msg);
    }
    T->nfnds = 0;
}

static const char *sev_word(severity s, bool english)
{
    static const char *const en[] = {"notice", "warning", "error"};
    static const char *const zh[] = {"提示", "警告", "错误"};
    if ((int)s < 0 || (int)s > 2)
        return "?";
    return english ? en[s] : zh[s];
}

/* What a figure is called: its label, with the grid row's label before it (三公经费 · 本年决算数)
 * and, in a table row, the row's first filled text cell after it (得分（全年整体投入资金）) —
 * a display path alone says "indicators[12]", which a clerk cannot read. */
static void label_of(sbuf *b, const rep_field *f, bool english)
{
    if (f->group_label) {
        sb_add_visible(b, i18n_get(f->group_label, english));
        sb_add(b, " · ");
    }
    sb_add_visible(b, i18n_get(&f->def->label, english));
    if (f->row_text) {
        sb_add(b, english ? " (" : "（");
        sb_add_visible(b, f->row_text);
        sb_add(b, english ? ")" : "）");
    }
}

static void blank_line_between(text_writer *T)
{
    if (T->ndrafts++ > 0)
        sb_addn(&T->out.b, "\n", 1);
}

static int t_begin(void *ctx, const rep_draft *d)
{
    text_writer *T = ctx;
    clear_draft(T);
    T->oom = false;
    blank_line_between(T);
    const form *f = d->form;
    sbuf *b = &T->out.b;
    sb_add_visible(b, d->file);
    sb_add(b, T->english ? " — form " : " — 表单 ");
    sb_add_visible(b, f->id);
    sb_add(b, " ");
    sb_add_visible(b, f->version);
    sb_add(b, T->english ? " (" : "（");
    sb_add_visible(b, i18n_get(&f->title, T->english));
    sb_add(b, T->english ? ")\n" : "）\n");
    return 0;
}

static int t_field(void *ctx, const rep_field *f)
{
    text_writer *T = ctx;
    if (!f->computed || T->oom)
        return 0;
    if (T->nfigs == T->capfigs) {
        size_t cap = T->capfigs ? T->capfigs * 2 : 64;
        fig *v = realloc(T->figs, cap * sizeof *v);
        if (!v) {
            T->oom = true;
            return 0;
        }
        T->figs = v;
        T->capfigs = cap;
    }
    sbuf l = {0};
    label_of(&l, f, T->english);
    fig *g = &T->figs[T->nfigs++];
    memset(g, 0, sizeof *g);
    g->path = sb_visible_dup(f->path);
    g->label = l.s ? l.s : strdup("");
    g->display = sb_visible_dup(f->display);
    g->text = sb_visible_dup(f->text);
    g->rule = dup_or_null(f->rule);
    g->reason = dup_or_null(f->reason);
    const char *why = T->english ? f->why_en : f->why_zh;
    g->why = dup_or_null(why);   /* texts of the draft are in it: made visible too */
    g->state = f->state;
    if (l.oom || !g->path || !g->label || !g->display || !g->text || (f->rule && !g->rule) ||
        (f->reason && !g->reason) || (why && !g->why))
        T->oom = true;
    return 0;
}

static int t_finding(void *ctx, const rep_finding *rf)
{
    text_writer *T = ctx;
    if (T->oom)
        return 0;
    if (T->nfnds == T->capfnds) {
        size_t cap = T->capfnds ? T->capfnds * 2 : 32;
        fnd *v = realloc(T->fnds, cap * sizeof *v);
        if (!v) {
            T->oom = true;
            return 0;
        }
        T->fnds = v;
        T->capfnds = cap;
    }
    const finding *f = rf->f;
    const char *msg = T->english ? f->msg_en : f->msg_zh;
    if (!msg || !*msg)
        msg = T->english ? f->msg_zh : f->msg_en;
    fnd *x = &T->fnds[T->nfnds++];
    x->sev = f->sev;
    x->code = sb_visible_dup(f->code);
    x->path = sb_visible_dup(f->path);
    sbuf m = {0};    /* a message may have several lines: they stay lines */
    sb_add_visible_n(&m, msg ? msg : "", msg ? strlen(msg) : 0, true);
    x->msg = m.s ? m.s : strdup("");
    if (m.oom)
        T->oom = true;
    if (!x->code || !x->path || !x->msg)
        T->oom = true;
    return 0;
}

/* Message text on one line per paragraph, continuation lines indented under the message. */
static void add_indented(sbuf *b, const char *s, int indent)
{
    for (const char *p = s; *p; p++) {
        if (*p == '\n') {
            sb_addn(b, "\n", 1);
            sb_pad(b, 0, indent);
        } else {
            sb_addn(b, p, 1);
        }
    }
}

static void write_figures(text_writer *T)
{
    sbuf *b = &T->out.b;
    bool en = T->english;
    int wpath = 0, wlabel = 0;
    for (size_t i = 0; i < T->nfigs; i++) {
        int wp = sb_width(T->figs[i].path), wl = sb_width(T->figs[i].label);
        if (wp > wpath)
            wpath = wp;
        if (wl > wlabel && wl <= 40)   /* one long label must not push every value off screen */
            wlabel = wl;
    }
    sb_add(b, en ? "Computed figures:\n" : "计算结果：\n");
    for (size_t i = 0; i < T->nfigs; i++) {
        const fig *g = &T->figs[i];
        sb_add(b, "  ");
        sb_add(b, g->path);
        sb_pad(b, sb_width(g->path), wpath + 2);
        sb_add(b, g->label);
        sb_pad(b, sb_width(g->label), wlabel + 2);
        sb_add(b, g->display);
        switch (g->state) {
        case FS_TYPED_DISAGREES:
            sb_addf(b, en ? "  (typed %s)" : "（填报 %s）", g->text);
            break;
        case FS_TYPED_UNCHECKED:
            sb_addf(b, en ? "  (typed %s: cannot be checked, does not count)"
                          : "（填报 %s：无法核对，不计）", g->text);
            break;
        case FS_OVERRIDE:
            sb_addf(b, en ? "  (override; the rule gives %s; reason: %s)"
                          : "（人工调整；规则得分 %s；理由：%s）",
                    g->rule ? g->rule : "", g->reason ? g->reason : "");
            break;
        case FS_OVERRIDE_NO_REASON:
            sb_addf(b, en ? "  (typed %s without a reason: the rule's figure counts)"
                          : "（填报 %s 未说明理由，按规则得分计）",
                    g->text);
            break;
        default:
            break;
        }
        sb_addn(b, "\n", 1);
        if (g->why) {   /* how it came about, under the figure */
            sb_pad(b, 0, wpath + 4);
            sb_add(b, en ? "why: " : "依据：");
            add_indented(b, g->why, wpath + 4);
            sb_addn(b, "\n", 1);
        }
    }
    if (!T->nfigs)
        sb_add(b, en ? "  (none)\n" : "  （无）\n");
}

static void write_findings(text_writer *T)
{
    sbuf *b = &T->out.b;
    bool en = T->english;
    int wsev = 0, wcode = 0;
    for (size_t i = 0; i < T->nfnds; i++) {
        int ws = sb_width(sev_word(T->fnds[i].sev, en)), wc = sb_width(T->fnds[i].code);
        if (ws > wsev)
            wsev = ws;
        if (wc > wcode)
            wcode = wc;
    }
    sb_add(b, en ? "Findings:\n" : "发现：\n");
    for (size_t i = 0; i < T->nfnds; i++) {
        const fnd *f = &T->fnds[i];
        const char *sw = sev_word(f->sev, en);
        sb_add(b, "  ");
        sb_add(b, sw);
        sb_pad(b, sb_width(sw), wsev + 2);
        sb_add(b, f->code);
        sb_pad(b, sb_width(f->code), wcode + 2);
        if (*f->path) {
            sb_add(b, f->path);
            sb_add(b, "  ");
        }
        add_indented(b, f->msg, 4);
        sb_addn(b, "\n", 1);
    }
    if (!T->nfnds)
        sb_add(b, en ? "  (none)\n" : "  （无）\n");
}

void report_text_summary(sbuf *b, const char *file_raw, const size_t counts[3], bool english)
{
    char *vis = sb_visible_dup(file_raw);
    const char *file = vis ? vis : "?";
    if (english)
        sb_addf(b, "%s: %zu error%s, %zu warning%s, %zu notice%s\n", file, counts[SEV_ERROR],
                counts[SEV_ERROR] == 1 ? "" : "s", counts[SEV_WARNING],
                counts[SEV_WARNING] == 1 ? "" : "s", counts[SEV_NOTICE],
                counts[SEV_NOTICE] == 1 ? "" : "s");
    else
        sb_addf(b, "%s：%zu 个错误，%zu 个警告，%zu 个提示\n", file, counts[SEV_ERROR],
                counts[SEV_WARNING], counts[SEV_NOTICE]);
    free(vis);
}

static int t_end(void *ctx, const rep_draft *d)
{
    text_writer *T = ctx;
    if (T->oom)
        T->out.b.oom = true;
    write_figures(T);
    write_findings(T);
    report_text_summary(&T->out.b, d->file, d->counts, T->english);
    clear_draft(T);
    return rw_out_flush(&T->out);
}

/* A file that could not be checked: its message went to standard error; here only the blank
 * line that separates drafts. */
static int t_error(void *ctx, const char *file, const char *message)
{
    (void)file;
    (void)message;
    text_writer *T = ctx;
    blank_line_between(T);
    return rw_out_flush(&T->out);
}

static int t_close(void *ctx, char **err)
{
    text_writer *T = ctx;
    int rc = rw_out_finish(&T->out, err);
    clear_draft(T);
    free(T->figs);
    free(T->fnds);
    rw_out_free(&T->out);
    free(T);
    return rc;
}

report_writer *check_text_writer(FILE *out, bool english)
{
    text_writer *T = calloc(1, sizeof *T);
    if (!T)
        return NULL;
    T->out.fp = out;
    T->english = english;
    T->w = (report_writer){
        .ctx = T, .begin_draft = t_begin, .field = t_field, .finding = t_finding,
        .end_draft = t_end, .draft_error = t_error, .close = t_close,
    };
    return &T->w;
}
