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

int app_export(app *a)
{
    if (!a->d)
        return CH_NONE;
    if (doc_dirty(a->d)) {
        const char *b[] = {say("保存并导出", "Save and export"), say("取消", "Cancel")};
        int r = dialog_ask(a, say("导出", "Export"),
                           say("导出的是已保存的草稿（文件的 sha256 写入导出文件），先保存修改吗？",
                               "The export is of the saved draft (its sha256 goes into the "
                               "export): save the changes first?"),
                           b, 2, 0, NULL);
        if (r == DLG_GONE)
            return CH_GONE;
        if (r != 0)
            return CH_DRAW;
        int f = app_save(a);
        if ((f & CH_GONE) || doc_dirty(a->d))
            return f | CH_DRAW;       /* the save said what went wrong */
    }
    const char *items[XF__COUNT] = {
        say("XLSX 工作簿（每表一页）", "XLSX workbook (a sheet per table)"),
        say("TXT 文本（带框线的表格）", "TXT text (tables with box lines)"),
        say("CSV（每表一个文件，存入文件夹）", "CSV (a file per table, into a folder)"),
        say("MD 报告（各章与附件表格）", "MD report (chapters and the tables)")};
    int fmt = dialog_list(a, say("导出格式", "Export format"), items, XF__COUNT, 0);
    if (fmt == DLG_GONE)
        return CH_GONE;
    if (fmt < 0)
        return CH_DRAW;
    char *def = xt_default_output(doc_path(a->d), (xt_format)fmt);
    char *out = NULL;
    int r = dialog_prompt(a, say("导出到", "Export to"),
                          fmt == XF_CSV ? say("文件夹：", "Folder:") : say("文件：", "File:"),
                          def ? def : "", &out);
    free(def);
    if (r == DLG_GONE)
        return CH_GONE;
    if (r != 1 || !out || !*out) {
        free(out);
        return CH_DRAW;
    }
    xt_job j = {.format = (xt_format)fmt, .out = out, .draft_path = doc_path(a->d)};
    char *err = NULL;
    xt_status s = xt_export(doc_engine(a->d), &j, &err);
    if (s == XT_EXISTS) {
        free(err);
        err = NULL;
        char *q = NULL;
        if (asprintf(&q, say("%s 已存在，替换它吗？", "%s exists already: replace it?"), out) < 0)
            q = NULL;
        bool yes = dialog_confirm(a, say("导出", "Export"), q ? q : out, true);
        free(q);
        if (!yes) {
            app_message(a, false, "%s", say("未导出", "Not exported"));
            free(out);
            return CH_DRAW;
        }
        j.force = true;
        s = xt_export(doc_engine(a->d), &j, &err);
    }
    if (s == XT_OK)
        app_message(a, false, say("已导出到 %s", "Exported to %s"), out);
    else
        app_error(a, &err);
    free(err);
    free(out);
    return CH_DRAW;
}
