/* The editor's export key: asks the format and the file (beside the draft by default), never
 * replaces a file without asking, and says where the file went. The export reads the draft as
 * saved — its sha256 goes into the workbook — so unsaved changes are saved first, when the
 * clerk agrees; a failed export changes nothing (export/xexport.h). */
#include "export/xexport.h"
#include "store/doc.h"
#include "tui/app.h"
#include "tui/dialog.h"
#include "tui/i18n.h"

#include <stdlib.h>
#include <string.h>

static const char *say(const char *zh, const char *en)
{
    return i18n_english() ? en : zh;
}

/* The answers so far. */
typedef struct {
    int fmt;
    char *out;
} export_ctx;

static void export_ctx_free(void *p)
{
    export_ctx *c = p;
    free(c->out);
    free(c);
}

static export_ctx *ctx_new(int fmt, const char *out)
{
    export_ctx *c = calloc(1, sizeof *c);
    if (c) {
        c->fmt = fmt;
        c->out = out ? strdup(out) : NULL;
        if (out && !c->out) {
            free(c);
            c = NULL;
        }
    }
    return c;
}

static int run(app *a, int fmt, const char *out, bool force)
{
    xt_job j = {.format = (xt_format)fmt, .out = out, .draft_path = doc_path(a->d),
                .force = force};
    char *err = NULL;
    xt_status s = xt_export(doc_engine(a->d), &j, &err);
    if (s == XT_OK)
        app_message(a, false, say("已导出到 %s", "Exported to %s"), out);
    else
        app_error(a, &err);
    free(err);
    return CH_DRAW;
}

static int replace_answered(app *a, void *ctx, int answer, const char *text)
{
    (void)text;
    export_ctx *c = ctx;
    if (!a->d)
        return CH_NONE;
    if (answer != 0) {
        app_message(a, false, "%s", say("未导出", "Not exported"));
        return CH_DRAW;
    }
    return run(a, c->fmt, c->out, true);
}

static int file_given(app *a, void *ctx, int answer, const char *out)
{
    export_ctx *c = ctx;
    if (answer != 1 || !out || !*out || !a->d)
        return CH_DRAW;
    xt_job j = {.format = (xt_format)c->fmt, .out = out, .draft_path = doc_path(a->d)};
    char *err = NULL;
    xt_status s = xt_export(doc_engine(a->d), &j, &err);
    if (s != XT_EXISTS) {
        if (s == XT_OK)
            app_message(a, false, say("已导出到 %s", "Exported to %s"), out);
        else
            app_error(a, &err);
        free(err);
        return CH_DRAW;
    }
    free(err);
    char *q = NULL;
    if (asprintf(&q, say("%s 已存在，替换它吗？", "%s exists already: replace it?"), out) < 0)
        q = NULL;
    export_ctx *n = ctx_new(c->fmt, out);
    int f = n ? dialog_confirm(a, say("导出", "Export"), q ? q : out, true,
                               (dialog_then){replace_answered, n, export_ctx_free})
              : CH_DRAW;
    free(q);
    return f;
}

static int format_chosen(app *a, void *ctx, int fmt, const char *text)
{
    (void)ctx;
    (void)text;
    if (fmt < 0 || !a->d)
        return CH_DRAW;
    char *def = xt_default_output(doc_path(a->d), (xt_format)fmt);
    export_ctx *c = ctx_new(fmt, NULL);
    int f = c ? dialog_prompt(a, say("导出到", "Export to"),
                              fmt == XF_CSV ? say("文件夹：", "Folder:") : say("文件：", "File:"),
                              def ? def : "", (dialog_then){file_given, c, export_ctx_free})
              : CH_DRAW;
    free(def);
    return f;
}

static int ask_format(app *a)
{
    const char *items[XF__COUNT] = {
        say("XLSX 工作簿（每表一页）", "XLSX workbook (a sheet per table)"),
        say("TXT 文本（带框线的表格）", "TXT text (tables with box lines)"),
        say("CSV（每表一个文件，存入文件夹）", "CSV (a file per table, into a folder)"),
        say("MD 报告（各章与附件表格）", "MD report (chapters and the tables)")};
    return dialog_list(a, say("导出格式", "Export format"), items, XF__COUNT, 0,
                       (dialog_then){format_chosen, NULL, NULL});
}

int app_export(app *a)
{
    if (!a->d)
        return CH_NONE;
    if (doc_dirty(a->d))
        return app_ask_save_first(a, say("导出", "Export"),
                                  say("导出的是已保存的草稿（文件的 sha256 写入导出文件），"
                                      "先保存修改吗？",
                                      "The export is of the saved draft (its sha256 goes into "
                                      "the export): save the changes first?"),
                                  say("保存并导出", "Save and export"), ask_format);
    return ask_format(a);
}
