/* The editor's own words (not the form's, which come with the form in zh and en).
 *
 * A small table keyed by message id (i18n.c), not gettext catalogs: the program is in two
 * languages only, the table keeps both texts side by side so neither can go missing, and
 * nothing has to be installed into a locale directory for the Chinese text to appear. */
#ifndef SELFEVAL_TUI_I18N_H
#define SELFEVAL_TUI_I18N_H

#include <stdbool.h>

/* X(id, zh, en). Texts with %s / %zu take printf arguments in the same order in both. */
#define TUI_MESSAGES(X) \
    X(M_READONLY,        "只读", "read-only") \
    X(M_SAVED,           "已保存", "saved") \
    X(M_UNSAVED,         "未保存", "unsaved") \
    X(M_TOTAL,           "总分", "Total") \
    X(M_GRADE,           "等级", "Grade") \
    X(M_ERRORS,          "错误", "errors") \
    X(M_WARNINGS,        "警告", "warnings") \
    X(M_ERROR,           "错误", "error") \
    X(M_WARNING,         "警告", "warning") \
    X(M_NOTICE,          "提示", "notice") \
    X(M_SECTION_N,       "第 %zu/%zu 节", "Section %zu/%zu") \
    X(M_NO_ROWS,         "（无行：按 %s 添加一行）", "(no rows: %s adds one)") \
    X(M_TOO_SMALL,       "终端太小：至少需要 %d×%d，当前 %d×%d。请放大窗口。", \
                         "The terminal is too small: %dx%d needed, now %dx%d. Please enlarge it.") \
    X(M_HELD_KEYS,       "已保留输入的 %zu 个按键，窗口放大后生效。", \
                         "%zu keys typed are kept: they take effect once the window is large enough.") \
    X(M_SAVED_TO,        "已保存到 %s", "Saved to %s") \
    X(M_SAVE_FAILED,     "保存失败", "Could not save") \
    X(M_COMPUTED_RO,     "此栏由公式计算，不能填写", "This figure is computed; it cannot be typed") \
    X(M_DOC_RO,          "文件以只读方式打开，不能修改", "The draft is open read-only; nothing can be changed") \
    X(M_NOTHING_UNDO,    "没有可撤销的修改", "Nothing to undo") \
    X(M_NOTHING_REDO,    "没有可重做的修改", "Nothing to redo") \
    X(M_UNDONE,          "已撤销", "Undone") \
    X(M_REDONE,          "已重做", "Redone") \
    X(M_NOT_TABLE,       "此操作只用于表格行", "This works on table rows only") \
    X(M_MAX_ROWS,        "此表最多 %d 行", "This table allows at most %d rows") \
    X(M_MIN_ROWS,        "此表至少需要 %d 行", "This table needs at least %d rows") \
    X(M_ROW_ADDED,       "已添加第 %zu 行", "Row %zu added") \
    X(M_ROW_DUPLICATED,  "已复制为第 %zu 行", "Copied as row %zu") \
    X(M_ROW_DELETED,     "已删除第 %zu 行（%s 可撤销）", "Row %zu deleted (%s undoes)") \
    X(M_ROW_MOVED,       "已移到第 %zu 行", "Moved to row %zu") \
    X(M_DELETE_ROW_Q,    "删除第 %zu 行？", "Delete row %zu?") \
    X(M_DELETE_ROW_T,    "删除行", "Delete row") \
    X(M_YES,             "是", "Yes") \
    X(M_NO,              "否", "No") \
    X(M_OK,              "确定", "OK") \
    X(M_CANCEL,          "取消", "Cancel") \
    X(M_SAVE,            "保存", "Save") \
    X(M_DISCARD,         "不保存", "Don't save") \
    X(M_QUIT_T,          "退出", "Quit") \
    X(M_QUIT_Q,          "有未保存的修改。退出前保存吗？", "There are unsaved changes. Save them before quitting?") \
    X(M_QUIT_JOURNAL,    "不保存的修改仍留在日志中，下次打开时可恢复。", \
                         "Changes not saved stay in the journal and are offered the next time.") \
    X(M_NO_FINDINGS,     "没有发现问题", "No findings") \
    X(M_FINDINGS_T,      "问题列表（%zu）", "Findings (%zu)") \
    X(M_SECTIONS_T,      "各节", "Sections") \
    X(M_HELP_T,          "帮助：全部按键", "Help: every key") \
    X(M_NO_MORE_FIND,    "没有其他带问题的栏目", "No other field has a finding") \
    X(M_REASON_T,        "覆盖原因", "Reason for the override") \
    X(M_REASON_Q,        "得分 %s 与规则计算的 %s 不同。请说明原因：", \
                         "The score %s differs from the rule's %s. Give the reason:") \
    X(M_REASON_NOT,      "此栏目前没有覆盖规则值", "This field does not override the rule's figure") \
    X(M_REASON_SET,      "已记录覆盖原因", "Reason recorded") \
    X(M_OVERRIDE,        "覆盖", "override") \
    X(M_OVERRIDE_PENDING, "覆盖未说明原因（%s）", "override without a reason (%s)") \
    X(M_RULE_GIVES,      "规则值 %s", "rule: %s") \
    X(M_RECOVER_T,       "发现未保存的修改", "Unsaved changes found") \
    X(M_RECOVER_Q,       "上次编辑 %s 时有修改没有保存（日志比文件新）。要怎么处理？", \
                         "The last session editing %s left changes that were not saved (the journal is newer than the file). What should happen to them?") \
    X(M_RECOVER_APPLY,   "恢复", "Recover") \
    X(M_RECOVER_DISCARD, "放弃", "Discard") \
    X(M_RECOVER_BOTH,    "另存", "Keep both") \
    X(M_RECOVERED,       "已恢复 %zu 项修改，按 Ctrl-S 保存", "%zu changes recovered; Ctrl-S saves them") \
    X(M_RECOVER_KEPT,    "恢复的内容已写入 %s", "The recovered draft was written to %s") \
    X(M_RECOVER_DROPPED, "日志已移到一旁（未删除）", "The journal was moved aside (not deleted)") \
    X(M_RECOVER_DISCARD_Q, "放弃这些未保存的修改吗？草稿保持上次保存时的样子；日志移到一旁，存为 %s.journal.discarded-时间（不删除）。", \
                         "Discard the unsaved changes? The draft stays as it was last saved; the journal is moved aside to %s.journal.discarded-TIME (not deleted).") \
    X(M_RECOVER_DISCARD_YES, "放弃修改", "Discard them") \
    X(M_BACK,            "返回", "Back") \
    X(M_RECOVER_LATER,   "未处理的修改留在日志中，下次打开时再问；现为只读", \
                         "The unsaved changes stay in the journal and are offered next time; read-only now") \
    X(M_LOCKED_T,        "文件正被编辑", "The draft is being edited") \
    X(M_LOCKED_Q,        "%s 正在编辑此文件。现以只读方式打开。", \
                         "%s is editing this draft. It opens read-only.") \
    X(M_TAKEN_OVER,      "已接管过期的编辑锁（%s）", "A stale edit lock was taken over (%s)") \
    X(M_STALE_JOURNAL,   "旧日志中的修改已在文件中（上次保存未及清理），已移到 .journal.stale-*", \
                         "An old journal whose changes the file already holds was set aside (.journal.stale-*)") \
    X(M_RO_WHY_T,        "以只读方式打开", "Opened read-only") \
    X(M_RO_WHY,          "此文件不能修改：%s", "This draft cannot be changed: %s") \
    X(M_RECOVER_DOUBT,   "注意：日志开始后文件已被其他方式改动（或上次保存未完成），部分修改可能已在文件中。“另存”最稳妥。", \
                         "Careful: the file was changed by other means since the journal began (or a save was not completed), so some changes may already be in it. Keep both is the safest.") \
    X(M_SAVE_ASK_T,      "确认保存", "Save anyway?") \
    X(M_SAVE_ASK_RO,     "%s 是只读文件（权限 %04o）：仍用你的修改替换它吗？（保存后仍为只读）", \
                         "%s is read-only (mode %04o): replace it with your changes anyway? (it stays read-only)") \
    X(M_SAVE_ASK_OWNER,  "%s 属于 %s：保存后它将换成属于你的副本，%s 可能无法再修改它。仍要保存吗？", \
                         "%s belongs to %s: saving replaces it with a copy that belongs to you, and %s may no longer be able to change it. Save anyway?") \
    X(M_SAVE_ASK_CHANGED, "%s 在你打开之后被其他程序改过：保存会用你的版本替换那个版本（其中的改动将丢失）。仍要保存吗？", \
                         "%s was changed on disk by another program since you opened it: saving replaces that version with yours (its changes are lost). Save anyway?") \
    X(M_SAVE_ASK_REMOVED, "%s 在你打开之后被删除了：仍按你的版本重新写出吗？", \
                         "%s was removed since you opened it: write it again with your changes?") \
    X(M_QUIT_NO_JOURNAL, "注意：这些修改不在日志中（草稿的文件夹已不存在，或日志无法写入）：不保存就退出，它们将丢失。", \
                         "Careful: these changes are not in the journal (the draft's folder is gone, or the journal cannot be written): quitting without saving loses them.") \
    X(M_SAVE_FAILED_KEPT, "你的修改仍在编辑器中，没有丢失。", "Your changes are still here in the editor; nothing was lost.") \
    X(M_SAVE_AS,         "另存为…", "Save as…") \
    X(M_SAVE_AS_T,       "另存为", "Save as") \
    X(M_SAVE_AS_Q,       "保存为文件（之后编辑的就是这个文件）：", "Save as the file (the one edited from then on):") \
    X(M_SAVE_AS_FAILED,  "另存为失败", "Could not save as") \
    X(M_SAVED_AS,        "已另存为 %s（之后编辑的就是这个文件）", "Saved as %s (the file edited from now on)") \
    X(M_SAVE_AS_HINT,    "可按 %s 另存到别处（如另一个文件夹）。", "%s saves it elsewhere (another folder, say).") \
    X(M_LOG_T,           "消息记录（最近 %zu 条，新的在前）", "Messages (the last %zu, newest first)") \
    X(M_LOG_EMPTY,       "还没有消息", "No messages yet") \
    X(M_LOG_MORE,        "（全文：%s 消息记录）", "(in full: %s messages)") \
    X(M_PICK_FORM_T,     "新文件：选择表格", "New draft: choose a form") \
    X(M_NO_FORMS,        "在 %s 中没有找到表格定义", "No form definitions found in %s") \
    X(M_ERROR_T,         "错误", "Error") \
    X(M_CHOICE_T,        "选择", "Choose") \
    X(M_FILTER,          "筛选：", "Filter: ") \
    X(M_CLEAR_VALUE,     "（清空）", "(clear)") \
    X(M_NOT_A_CHOICE,    "“%s”不是可选项（可选：%s），未填入；%s 打开选项列表", \
                         "'%s' is not one of the choices (%s); nothing was stored; %s opens the list") \
    X(M_OVERVIEW_T,      "总览", "Overview") \
    X(M_FILL_NONE,       "上面没有行可复制", "There is no row above to copy from") \
    X(M_FILLED,          "已填入上一行的“%s”", "Filled in '%s' from the row above") \
    X(M_PASTED_CELLS,    "已粘贴 %zu 格（%zu 行）", "Pasted %zu cells (%zu rows)") \
    X(M_PASTE_REFUSED,   "“%s”不是可选项，未填入（第 %zu 行%s，共 %zu 格）；", \
                         "'%s' is not one of the choices, not filled (row %zu, %s; %zu cells in all); ") \
    X(M_PASTE_SKIPPED,   "；%zu 格是计算栏或超出表格，未填入", "; %zu cells were computed or beyond the table, not filled") \
    X(M_PASTE_ROWS_LEFT, "；此表最多 %d 行，%zu 行未粘贴", "; this table allows at most %d rows, %zu lines not pasted") \
    X(M_PARA_T,          "编辑：%s", "Editing: %s") \
    X(M_PASTED,          "已粘贴 %zu 字节", "Pasted %zu bytes") \
    X(M_OUT_OF_MEMORY,   "内存不足：操作未完成，已有内容未丢失", "Out of memory: not done; nothing was lost") \
    X(M_SEARCH_NONE,     "找不到栏目 %s", "No field %s") \
    X(M_LINE_COL,        "行 %zu/%zu", "line %zu/%zu") \
    X(M_NEW_FILE,        "新文件", "new file") \
    X(M_ROW_LABEL,       "行", "Row") \
    X(M_NO_PARTS,        "此表格没有项目（可重复的部分）", "This form has no projects (repeated parts)") \
    X(M_NOT_IN_PART,     "当前不在任何项目中：先进入要操作的项目（F2 各节）", \
                         "Not in a project: go to the project first (F2 Sections)") \
    X(M_PART_ADDED,      "已添加%s %zu", "%s %zu added") \
    X(M_PART_DUPLICATED, "已复制为%s %zu", "Copied as %s %zu") \
    X(M_PART_DELETED,    "已删除%s %zu（%s 可撤销）", "%s %zu deleted (%s undoes)") \
    X(M_PART_DELETE_T,   "删除项目", "Delete project") \
    X(M_PART_DELETE_Q,   "删除%s %zu「%s」？\n其中各节（资金、目标、指标行）的全部内容都会删除。", \
                         "Delete %s %zu \"%s\"?\nEverything in its sections (funds, goals, indicator rows) goes.") \
    X(M_PART_UNNAMED,    "未填写名称", "no name yet") \
    X(M_PART_MAX,        "最多 %d 个项目", "At most %d projects") \
    X(M_PART_MIN,        "至少需要 %d 个项目", "At least %d projects are needed") \
    X(M_JOURNAL_FAILING, "%s — 请立即保存 (Ctrl-S)，或另存到别处 (Alt-w)", \
                         "%s — save now (Ctrl-S), or elsewhere (Alt-w)") \
    X(M_PASTE_DROPPED,   "粘贴的内容中有 %zu 个字节不是有效的 UTF-8 编码，已丢弃；其余内容已保留", \
                         "%zu bytes of the paste were not UTF-8 and were dropped; the rest was kept") \
    X(M_UNKNOWN_KEY,     "未知按键，已忽略。功能键不灵时：Esc 再按 1…0 = F1…F10", \
                         "unknown key, ignored. If F-keys fail: Esc then 1…0 = F1…F10") \
    X(M_RETURNED_T,      "审核方已退回本稿", "Returned by the reviewer") \
    X(M_RETURNED,        "%s（%s）退回的原因：\n\n%s\n\n改好后按 Alt-s 重新送审。", \
                         "%s (%s) returned it because:\n\n%s\n\nFix it, then Alt-s submits it again.") \
    X(M_SUBMITTED_NOTE,  "本稿已送审：此时修改的值不是送审的值，审核方将无法通过（须退回后再送审）", \
                         "This draft is submitted: values changed now are not those submitted, and it cannot be approved (it must be returned and submitted again)") \
    X(M_APPROVED_NOTE,   "本稿已通过审核：修改值会使审核结论失效（selfeval verify 会列出改动）", \
                         "This draft is approved: changing values voids the approval (selfeval verify lists the changes)") \
    X(M_TYPED_NOTE,      "（填报 %s）", "(typed %s)") \
    X(M_TYPED_UNCHECKED, "（填报 %s，无法核对，不计）", "(typed %s: cannot be checked, does not count)") \
    X(M_ALT_NOTHING,     "Alt-%s 在这里没有作用（F1 看按键）", "Alt-%s does nothing here (F1: the keys)") \
    X(M_INBOX_T,         "审核收件箱 %s", "Inbox %s") \
    X(M_INBOX_LAST_T,    "审核收件箱 %s · 对比上年 %s", "Inbox %s · last year: %s") \
    X(M_INBOX_LAST_N_T,  "审核收件箱 %s · 对比上年 %s 等 %zu 份", "Inbox %s · last year: %s and %zu more") \
    X(M_INBOX_READING,   "正在读取 %zu / %zu 个文件…", "Reading %zu of %zu files…") \
    X(M_INBOX_COMPARING, "正在比对文件夹红旗 %zu / %zu…", \
      "Comparing the folder for red flags: %zu of %zu…") \
    X(M_INBOX_N,         "%zu 份", "%zu submissions") \
    X(M_INBOX_1,         "%zu 份", "%zu submission") \
    X(M_INBOX_SHOWN,     "显示 %zu / %zu 份", "%zu of %zu shown") \
    X(M_INBOX_SORTED,    "按%s排序", "sorted by %s") \
    X(M_INBOX_SORTED_DOWN, "按%s倒序", "sorted by %s, down") \
    X(M_INBOX_FILTER,    "筛选：", "only:") \
    X(M_INBOX_F_QUERIES, " 有待答询问", " open queries") \
    X(M_INBOX_F_UNIT,    " 单位含“%s”", " unit contains \"%s\"") \
    X(M_INBOX_SORT_T,    "排序依据", "Sort by") \
    X(M_INBOX_STATUS_T,  "状态", "Status") \
    X(M_INBOX_ALL,       "全部", "all") \
    X(M_INBOX_UNIT_T,    "按单位查找", "Search by unit") \
    X(M_INBOX_UNIT_Q,    "单位名称包含（留空：全部）：", "Unit contains (empty: all):") \
    X(M_INBOX_APPROVE_T, "批量通过", "Approve") \
    X(M_INBOX_RETURN_T,  "批量退回", "Return") \
    X(M_INBOX_APPROVE_Q, "通过显示的 %zu 份？有错误的不会通过。", "Approve the %zu submissions shown? Those with errors are refused.") \
    X(M_INBOX_RETURN_Q,  "把显示的 %zu 份退回填报单位？", "Return the %zu submissions shown to their clerks?") \
    X(M_INBOX_REASON_Q,  "退回原因（必填）：", "Why they are returned (required):") \
    X(M_INBOX_APPROVED_N, "已通过 %zu 份，拒绝 %zu 份", "approved %zu, refused %zu") \
    X(M_INBOX_RETURNED_N, "已退回 %zu 份，拒绝 %zu 份", "returned %zu, refused %zu") \
    X(M_INBOX_WAIT,      "仍在读取文件夹，请稍候再批量操作", "Still reading the folder; wait for it before acting on many") \
    X(M_INBOX_EMPTY,     "此文件夹中没有草稿文件（*.json）", "No draft files (*.json) in this folder") \
    X(M_INBOX_NONE_SHOWN, "没有符合筛选条件的提交", "No submission matches the filter") \
    X(M_INBOX_UNREADABLE, "%s：无法读取：%s", "%s: cannot be read: %s") \
    X(M_INBOX_FIRST,     "已是第一份", "This is the first submission") \
    X(M_INBOX_LAST,      "已是最后一份", "This is the last submission") \
    X(M_INBOX_QUERIES,   "待答询问", "open queries") \
    X(M_INBOX_FLAGS,     "疑点", "red flags") \
    X(M_INBOX_C_FILE,    "文件", "File") \
    X(M_INBOX_C_UNIT,    "单位", "Unit") \
    X(M_INBOX_C_FORM,    "表", "Form") \
    X(M_INBOX_C_YEAR,    "年度", "Year") \
    X(M_INBOX_C_E,       "错", "E") \
    X(M_INBOX_C_W,       "警", "W") \
    X(M_INBOX_C_Q,       "询", "Q") \
    X(M_INBOX_C_F,       "疑", "F") \
    X(M_INBOX_C_STATUS,  "状态", "Status") \
    X(M_INBOX_C_MODIFIED, "修改时间", "Modified") \
    X(M_ST_DRAFT,        "草稿", "draft") \
    X(M_ST_SUBMITTED,    "已送审", "submitted") \
    X(M_ST_RETURNED,     "被退回", "returned") \
    X(M_ST_APPROVED,     "已通过", "approved") \
    X(M_ST_RECHECKED,    "已复核", "rechecked")

typedef enum {
#define TUI_MSG_ENUM(id, zh, en) id,
    TUI_MESSAGES(TUI_MSG_ENUM)
#undef TUI_MSG_ENUM
    M_COUNT
} msg_id;

/* The language of the editor's words: English when forced, else from the locale environment
 * (LANGUAGE, LC_ALL, LC_MESSAGES, LANG: a value starting with "zh" means Chinese). */
void i18n_choose(bool force_english);
bool i18n_english(void);
const char *tr(msg_id id);
/* The text in a given language (tests compare the two). */
const char *tr_lang(msg_id id, bool english);
/* printf into a malloc'd string; NULL when out of memory. */
char *trf(msg_id id, ...);
char *tui_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
