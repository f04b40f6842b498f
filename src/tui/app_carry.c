/* The editor's way to `selfeval new --from LAST.json -o THIS.json` (issue 13 item 15): from
 * last year's draft, start this year's. It carries over the draft as saved (unsaved changes
 * are saved first, when the clerk agrees), asks for the new file's name (beside this one,
 * the year in its name moved on), never replaces an existing file, writes the new draft
 * atomically and then opens it in place of this one (app_switch_doc). What comes along is the
 * form's business (core/carry.h, docs/form-format.md "Carrying a table over"). */
#include "core/carry.h"
#include "store/doc.h"
#include "store/draft_file.h"
#include "tui/app.h"
#include "tui/dialog.h"
#include "tui/i18n.h"
#include "tui/screen.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *say(const char *zh, const char *en)
{
    return i18n_english() ? en : zh;
}

/* The new file's name offered: "项目2025.json" -> "项目2026.json" (the first time last year's
 * year appears in the name); otherwise "NAME-2026.json" beside it. malloc'd. */
char *app_carry_default_name(const char *path, const char *year, const char *next)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *hit = year && *year && next ? strstr(base, year) : NULL;
    if (hit)
        return tui_asprintf("%.*s%s%s", (int)(hit - path), path, next, hit + strlen(year));
    const char *dot = strrchr(base, '.');
    size_t stem = dot && dot != base ? (size_t)(dot - path) : strlen(path);
    return tui_asprintf("%.*s-%s%s", (int)stem, path, next ? next : say("下一年度", "next-year"),
                        dot && dot != base ? dot : ".json");
}

/* This year's draft from the saved one (the caller made sure it is saved). */
static draft *carried(app *a, char **err)
{
    draft *last = draft_file_read(doc_path(a->d), err);
    if (!last)
        return NULL;
    draft *d = draft_carry_over(a->f, last, err);
    draft_free(last);
    return d;
}

static int name_given(app *a, void *ctx, int answer, const char *out)
{
    (void)ctx;
    if (!a->d)
        return CH_NONE;
    if (answer != 1 || !out || !*out) {
        app_message(a, false, "%s", say("未结转", "Not carried over"));
        return CH_DRAW;
    }
    struct stat st;
    if (lstat(out, &st) == 0 || errno != ENOENT) {
        /* a draft is never replaced by a carried-over one: the clerk names another file */
        app_message(a, true, say("%s 已存在：未结转，请换一个文件名（不会替换已有文件）",
                                 "%s exists already: not carried over; give another name (an "
                                 "existing file is never replaced)"), out);
        return CH_DRAW;
    }
    char *err = NULL;
    draft *d = carried(a, &err);
    int f = CH_DRAW;
    if (!d) {
        app_error(a, &err);
    } else {
        free(d->created);
        free(d->modified);
        d->created = doc_now_iso();
        d->modified = d->created ? strdup(d->created) : NULL;
        if (!d->created || !d->modified) {
            app_message_id(a, true, M_OUT_OF_MEMORY);
        } else if (draft_file_save(out, d, NULL, &err) != 0) {
            app_error(a, &err);
        } else {
            /* last year's draft is saved: this year's takes its place, on the same section */
            char *path = strdup(out);
            app_doc_opts o = {.form_id = NULL, .readonly = false, .overview = true};
            f = path ? app_switch_doc(a, path, &o) : CH_DRAW;
            if (path && a->d && strcmp(doc_path(a->d), path) == 0)
                app_message(a, false, say("已结转到 %s（今年的草稿），上年的草稿未改动",
                                          "Carried over to %s (this year's draft); last "
                                          "year's draft is unchanged"), path);
            free(path);
        }
    }
    free(err);
    draft_free(d);
    return f | CH_DRAW;
}

static int ask_name(app *a)
{
    const draft *now = doc_draft(a->d);
    char *next = NULL;
    if (now->year && strlen(now->year) == 4 && strspn(now->year, "0123456789") == 4)
        next = tui_asprintf("%d", atoi(now->year) + 1);
    char *def = app_carry_default_name(doc_path(a->d), now->year, next);
    free(next);
    int f = dialog_prompt(a, say("结转到下一年度", "Carry over to next year"),
                          say("以本稿为上年，写出今年的新草稿（指标行、分值、年度指标值带过去，"
                              "实际完成值记为上年实际）。新文件：",
                              "This draft as last year's: this year's new draft (indicator rows, "
                              "weights and targets come along, actuals become last year's "
                              "actuals). New file:"),
                          def ? def : "", (dialog_then){name_given, NULL, NULL});
    free(def);
    return f;
}

int app_carry_over(app *a)
{
    if (!a->d)
        return CH_NONE;
    if (a->review || a->readonly) {
        /* next year's draft is the clerk's to start, not written into a reviewer's folder */
        app_message(a, true, "%s", say("结转是填表人在自己草稿上的操作，审核或只读时不能结转",
                                       "Carrying over is the clerk's, on their own draft: not "
                                       "in review or read-only"));
        return CH_DRAW;
    }
    if (a->never_saved) {
        app_message(a, true, "%s", say("本稿还没有保存过：先保存（Ctrl-S），再结转到下一年度",
                                       "This draft was never saved: save it (Ctrl-S) before "
                                       "carrying it over to next year"));
        return CH_DRAW;
    }
    if (doc_dirty(a->d))
        return app_ask_save_first(a, say("结转到下一年度", "Carry over to next year"),
                                  say("结转的是已保存的草稿，先保存修改吗？",
                                      "What is carried over is the saved draft: save the "
                                      "changes first?"),
                                  say("保存并结转", "Save and carry over"), ask_name);
    return ask_name(a);
}
