/* The reports of `selfeval check`: text for people, JSON for tools (docs/check-json.md).
 * Both walk the engine's instance tree in document order, so the order of figures and of
 * values is the form's order and the same on every run. */
#include "cli/check_report.h"
#include "core/draft.h"
#include "core/form.h"

#include <stdlib.h>
#include <string.h>

/* ---- walking the field instances ---- */

typedef struct {
    inode **v;
    size_t len, cap;
    bool oom;
} field_list;

static void collect(inode *n, field_list *fl)
{
    if (fl->oom)
        return;
    if (inode_kind(n) == N_FIELD) {
        if (fl->len == fl->cap) {
            size_t cap = fl->cap ? fl->cap * 2 : 64;
            inode **v = realloc(fl->v, cap * sizeof *v);
            if (!v) {
                fl->oom = true;
                return;
            }
            fl->v = v;
            fl->cap = cap;
        }
        fl->v[fl->len++] = n;
        return;
    }
    for (size_t i = 0; i < inode_nkids(n); i++)
        collect(inode_kid(n, i), fl);
}

static bool has_finding(const inode *n, const char *code)
{
    const finding_list *l = inode_findings(n);
    for (size_t i = 0; l && i < l->len; i++)
        if (strcmp(l->items[i].code, code) == 0)
            return true;
    return false;
}

/* A typed figure standing beside a computed one, or replacing it. */
typedef enum {
    TYPED_NOTHING, TYPED_AGREES, TYPED_DISAGREES, OVERRIDE_ACTIVE, OVERRIDE_NO_REASON
} typed_state;

static typed_state typed_of(const inode *n)
{
    if (!inode_is_computed(n) || !*inode_text(n))
        return TYPED_NOTHING;
    if (inode_is_override(n))
        return OVERRIDE_ACTIVE;
    if (has_finding(n, "override.reason_missing"))
        return OVERRIDE_NO_REASON;
    if (has_finding(n, "typed.mismatch"))
        return TYPED_DISAGREES;
    return TYPED_AGREES;
}

/* The reason kept in the draft for an override (NULL when none). */
static const char *override_reason(engine *e, const inode *n)
{
    char *sp = inode_storage_path(n);
    const draft_override *o = sp ? draft_override_get(engine_draft(e), sp) : NULL;
    free(sp);
    return o && o->reason && *o->reason ? o->reason : NULL;
}

/* ---- text ---- */

/* What a figure is called: its label, with the grid row's label before it (三公经费 · 本年决算数)
 * and, in a table row, the row's first filled text cell after it (得分（全年整体投入资金）) —
 * a display path alone says "indicators[12]", which a clerk cannot read. */
static void label_of(sbuf *b, const inode *n, bool english)
{
    const inode *p = inode_parent(n);
    const fnode *d = inode_def(n);
    if (p && inode_kind(p) == N_GROUP) {
        sb_add(b, i18n_get(&inode_def(p)->label, english));
        sb_add(b, " · ");
    }
    sb_add(b, i18n_get(&d->label, english));
    if (p && inode_kind(p) == N_ROW) {
        for (size_t i = 0; i < inode_nkids(p); i++) {
            const inode *k = inode_kid(p, i);
            if (inode_kind(k) == N_FIELD && inode_def(k)->type == FT_TEXT &&
                !inode_is_computed(k) && *inode_text(k)) {
                sb_add(b, english ? " (" : "（");
                sb_add(b, inode_text(k));
                sb_add(b, english ? ")" : "）");
                break;
            }
        }
    }
}

static const char *sev_word(severity s, bool english)
{
    static const char *const en[] = {"notice", "warning", "error"};
    static const char *const zh[] = {"提示", "警告", "错误"};
    if ((int)s < 0 || (int)s > 2)
        return "?";
    return english ? en[s] : zh[s];
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

static void text_figures(sbuf *b, engine *e, const field_list *fl, bool english)
{
    int wpath = 0, wlabel = 0;
    for (size_t i = 0; i < fl->len; i++) {
        if (!inode_is_computed(fl->v[i]))
            continue;
        char *p = inode_display_path(fl->v[i]);
        sbuf l = {0};
        label_of(&l, fl->v[i], english);
        int wp = p ? cli_width(p) : 0, wl = l.s ? cli_width(l.s) : 0;
        if (wp > wpath)
            wpath = wp;
        if (wl > wlabel && wl <= 40)   /* one long label must not push every value off screen */
            wlabel = wl;
        free(p);
        sb_free(&l);
    }
    sb_add(b, english ? "Computed figures:\n" : "计算结果：\n");
    size_t shown = 0;
    for (size_t i = 0; i < fl->len; i++) {
        inode *n = fl->v[i];
        if (!inode_is_computed(n))
            continue;
        char *p = inode_display_path(n);
        sbuf l = {0};
        label_of(&l, n, english);
        sb_add(b, "  ");
        sb_add(b, p ? p : "?");
        sb_pad(b, p ? cli_width(p) : 1, wpath + 2);
        sb_add(b, l.s ? l.s : "");
        sb_pad(b, l.s ? cli_width(l.s) : 0, wlabel + 2);
        sb_add(b, inode_display(n));
        switch (typed_of(n)) {
        case TYPED_DISAGREES:
            sb_addf(b, english ? "  (typed %s)" : "（填报 %s）", inode_text(n));
            break;
        case OVERRIDE_ACTIVE: {
            const char *why = override_reason(e, n);
            sb_addf(b, english ? "  (override; the rule gives %s; reason: %s)"
                               : "（人工调整；规则得分 %s；理由：%s）",
                    inode_rule_display(n), why ? why : "");
            break;
        }
        case OVERRIDE_NO_REASON:
            sb_addf(b, english ? "  (typed %s without a reason: the rule's figure counts)"
                               : "（填报 %s 未说明理由，按规则得分计）",
                    inode_text(n));
            break;
        default:
            break;
        }
        sb_addn(b, "\n", 1);
        /* how the figure came about (engine_why), under it */
        char *zh = NULL, *en = NULL;
        if (engine_why(e, n, &zh, &en) != 0)
            b->oom = true;
        else if (zh && en) {
            sb_pad(b, 0, wpath + 4);
            sb_add(b, english ? "why: " : "依据：");
            add_indented(b, english ? en : zh, wpath + 4);
            sb_addn(b, "\n", 1);
        }
        free(zh);
        free(en);
        free(p);
        sb_free(&l);
        shown++;
    }
    if (!shown)
        sb_add(b, english ? "  (none)\n" : "  （无）\n");
}

static void text_findings(sbuf *b, engine *e, bool english)
{
    finding_list fl = {0};
    if (engine_findings(e, &fl) != 0) {
        b->oom = true;
        findings_free(&fl);
        return;
    }
    int wsev = 0, wcode = 0;
    for (size_t i = 0; i < fl.len; i++) {
        int ws = cli_width(sev_word(fl.items[i].sev, english)), wc = cli_width(fl.items[i].code);
        if (ws > wsev)
            wsev = ws;
        if (wc > wcode)
            wcode = wc;
    }
    sb_add(b, english ? "Findings:\n" : "发现：\n");
    for (size_t i = 0; i < fl.len; i++) {
        const finding *f = &fl.items[i];
        const char *sw = sev_word(f->sev, english);
        sb_add(b, "  ");
        sb_add(b, sw);
        sb_pad(b, cli_width(sw), wsev + 2);
        sb_add(b, f->code);
        sb_pad(b, cli_width(f->code), wcode + 2);
        if (f->path && *f->path) {
            sb_add(b, f->path);
            sb_add(b, "  ");
        }
        const char *msg = english ? f->msg_en : f->msg_zh;
        if (!msg || !*msg)
            msg = english ? f->msg_zh : f->msg_en;
        add_indented(b, msg ? msg : "", 4);
        sb_addn(b, "\n", 1);
    }
    if (!fl.len)
        sb_add(b, english ? "  (none)\n" : "  （无）\n");
    findings_free(&fl);
}

void report_text_summary(sbuf *b, const char *file, const size_t counts[3], bool english)
{
    if (english)
        sb_addf(b, "%s: %zu error%s, %zu warning%s, %zu notice%s\n", file, counts[SEV_ERROR],
                counts[SEV_ERROR] == 1 ? "" : "s", counts[SEV_WARNING],
                counts[SEV_WARNING] == 1 ? "" : "s", counts[SEV_NOTICE],
                counts[SEV_NOTICE] == 1 ? "" : "s");
    else
        sb_addf(b, "%s：%zu 个错误，%zu 个警告，%zu 个提示\n", file, counts[SEV_ERROR],
                counts[SEV_WARNING], counts[SEV_NOTICE]);
}

void report_text(sbuf *b, engine *e, const char *file, bool english)
{
    const form *f = engine_form(e);
    sb_addf(b, english ? "%s — form %s %s (%s)\n" : "%s — 表单 %s %s（%s）\n", file, f->id,
            f->version, i18n_get(&f->title, english));
    field_list fl = {0};
    collect(engine_root(e), &fl);
    if (fl.oom)
        b->oom = true;
    else
        text_figures(b, e, &fl, english);
    free(fl.v);
    text_findings(b, e, english);
    size_t counts[3] = {engine_count(e, SEV_NOTICE), engine_count(e, SEV_WARNING),
                        engine_count(e, SEV_ERROR)};
    report_text_summary(b, file, counts, english);
}

/* ---- JSON (docs/check-json.md) ---- */

void report_json_begin(sbuf *b)
{
    sb_add(b, "{\n  \"selfeval_check\": 1,\n  \"drafts\": [");
}

void report_json_end(sbuf *b)
{
    if (b->len && b->s[b->len - 1] == '[')
        sb_add(b, "]\n}\n");
    else
        sb_add(b, "\n  ]\n}\n");
}

static void json_draft_open(sbuf *b, const char *file)
{
    if (!(b->len && b->s[b->len - 1] == '['))
        sb_addn(b, ",", 1);
    sb_add(b, "\n    {\n      \"file\": ");
    sb_json_str(b, file);
    sb_add(b, ",\n");
}

static void json_counts(sbuf *b, const size_t c[3])
{
    sb_addf(b, "      \"counts\": {\"error\": %zu, \"warning\": %zu, \"notice\": %zu},\n",
            c[SEV_ERROR], c[SEV_WARNING], c[SEV_NOTICE]);
}

/* A JSON member list of one line per entry, or {} / [] when empty. */
static void json_list_sep(sbuf *b, size_t k)
{
    sb_add(b, k ? ",\n        " : "\n        ");
}

static void json_values(sbuf *b, const field_list *fl)
{
    sb_add(b, "      \"values\": {");
    for (size_t i = 0; i < fl->len; i++) {
        char *p = inode_display_path(fl->v[i]);
        json_list_sep(b, i);
        sb_json_str(b, p ? p : "");
        sb_add(b, ": ");
        sb_json_str(b, inode_display(fl->v[i]));
        if (!p)
            b->oom = true;
        free(p);
    }
    sb_add(b, fl->len ? "\n      },\n" : "},\n");
}

static void json_computed(sbuf *b, const field_list *fl)
{
    sb_add(b, "      \"computed\": [");
    size_t k = 0;
    for (size_t i = 0; i < fl->len; i++) {
        if (!inode_is_computed(fl->v[i]))
            continue;
        char *p = inode_display_path(fl->v[i]);
        json_list_sep(b, k++);
        sb_json_str(b, p ? p : "");
        if (!p)
            b->oom = true;
        free(p);
    }
    sb_add(b, k ? "\n      ],\n" : "],\n");
}

static void json_typed(sbuf *b, const field_list *fl)
{
    sb_add(b, "      \"typed\": {");
    size_t k = 0;
    for (size_t i = 0; i < fl->len; i++) {
        inode *n = fl->v[i];
        if (typed_of(n) == TYPED_NOTHING)
            continue;
        char *p = inode_display_path(n);
        json_list_sep(b, k++);
        sb_json_str(b, p ? p : "");
        sb_add(b, ": ");
        sb_json_str(b, inode_text(n));
        if (!p)
            b->oom = true;
        free(p);
    }
    sb_add(b, k ? "\n      },\n" : "},\n");
}

static void json_overrides(sbuf *b, engine *e, const field_list *fl)
{
    sb_add(b, "      \"overrides\": [");
    size_t k = 0;
    for (size_t i = 0; i < fl->len; i++) {
        inode *n = fl->v[i];
        typed_state t = typed_of(n);
        if (t != OVERRIDE_ACTIVE && t != OVERRIDE_NO_REASON)
            continue;
        char *p = inode_display_path(n), *sp = inode_storage_path(n);
        json_list_sep(b, k++);
        sb_add(b, "{\"path\": ");
        sb_json_str(b, p ? p : "");
        sb_add(b, ", \"storage_path\": ");
        sb_json_str(b, sp ? sp : "");
        sb_add(b, ", \"typed\": ");
        sb_json_str(b, inode_text(n));
        sb_add(b, ", \"rule\": ");
        sb_json_str(b, inode_rule_display(n));
        sb_add(b, ", \"reason\": ");
        sb_json_str(b, override_reason(e, n));
        sb_addf(b, ", \"active\": %s}", t == OVERRIDE_ACTIVE ? "true" : "false");
        if (!p || !sp)
            b->oom = true;
        free(p);
        free(sp);
    }
    sb_add(b, k ? "\n      ],\n" : "],\n");
}

/* "why": display path -> {"zh", "en"}, the derivation of each computed figure. */
static void json_why(sbuf *b, engine *e, const field_list *fl)
{
    sb_add(b, "      \"why\": {");
    size_t k = 0;
    for (size_t i = 0; i < fl->len; i++) {
        inode *n = fl->v[i];
        if (!inode_is_computed(n))
            continue;
        char *zh = NULL, *en = NULL, *p = inode_display_path(n);
        if (engine_why(e, n, &zh, &en) != 0 || !p)
            b->oom = true;
        if (zh && en && p) {
            json_list_sep(b, k++);
            sb_json_str(b, p);
            sb_add(b, ": {\"zh\": ");
            sb_json_str(b, zh);
            sb_add(b, ", \"en\": ");
            sb_json_str(b, en);
            sb_addn(b, "}", 1);
        }
        free(zh);
        free(en);
        free(p);
    }
    sb_add(b, k ? "\n      },\n" : "},\n");
}

static void json_findings(sbuf *b, engine *e)
{
    finding_list fl = {0};
    if (engine_findings(e, &fl) != 0)
        b->oom = true;
    sb_add(b, "      \"findings\": [");
    for (size_t i = 0; i < fl.len; i++) {
        const finding *f = &fl.items[i];
        json_list_sep(b, i);
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
    }
    sb_add(b, fl.len ? "\n      ],\n" : "],\n");
    findings_free(&fl);
}

void report_json_draft(sbuf *b, engine *e, const char *file)
{
    const form *f = engine_form(e);
    json_draft_open(b, file);
    sb_add(b, "      \"form\": {\"id\": ");
    sb_json_str(b, f->id);
    sb_add(b, ", \"version\": ");
    sb_json_str(b, f->version);
    sb_add(b, "},\n");
    field_list fl = {0};
    collect(engine_root(e), &fl);
    if (fl.oom)
        b->oom = true;
    json_values(b, &fl);
    json_computed(b, &fl);
    json_typed(b, &fl);
    json_overrides(b, e, &fl);
    json_why(b, e, &fl);
    free(fl.v);
    json_findings(b, e);
    size_t counts[3] = {engine_count(e, SEV_NOTICE), engine_count(e, SEV_WARNING),
                        engine_count(e, SEV_ERROR)};
    json_counts(b, counts);
    sb_add(b, "      \"error\": null\n    }");
}

void report_json_error(sbuf *b, const char *file, const char *message)
{
    static const size_t zero[3] = {0, 0, 0};
    json_draft_open(b, file);
    sb_add(b, "      \"form\": null,\n      \"values\": {},\n      \"computed\": [],\n"
              "      \"typed\": {},\n      \"overrides\": [],\n      \"why\": {},\n"
              "      \"findings\": [],\n");
    json_counts(b, zero);
    sb_add(b, "      \"error\": ");
    sb_json_str(b, message);
    sb_add(b, "\n    }");
}
