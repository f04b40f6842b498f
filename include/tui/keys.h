/* The one key table: every action the editor has, the keys bound to it in each context, its
 * help text and its key-bar label. The key lookup, the F1 help screen, the key bar and
 * docs/keys.md are all generated from it, so keys, help and documentation cannot drift apart. */
#ifndef SELFEVAL_TUI_KEYS_H
#define SELFEVAL_TUI_KEYS_H

#include "tui/term.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Where a binding applies. A screen looks keys up in a chain of contexts, first match wins
 * (the section screen: TABLE, LINE, NAV, PART, APP; PART only when the form has a repeated
 * part, such as the project tables of a department's submission). */
typedef enum {
    KC_APP, KC_NAV, KC_LINE, KC_TABLE, KC_PART, KC_PARA, KC_LIST, KC_DIALOG,
    KC_QUERY,      /* queries on fields: the clerk's and the reviewer's */
    KC_REVIEW,     /* review mode (selfeval edit --review): the reviewer's own keys */
    KC_QUERIES,    /* the list of queries */
    KC_INBOX,      /* the reviewer's inbox (selfeval review DIR) */
    KC_INBOX_DOC,  /* a submission opened from the inbox */
    KC_COUNT
} key_ctx;

/* X(id, bar order (0 = not on the bar), bar label zh, bar label en, help zh, help en) */
#define TUI_ACTIONS(X) \
    X(ACT_NONE,         0, "", "", "", "") \
    X(ACT_HELP,         1, "帮助", "Help", "帮助：列出全部按键", "Help: list every key") \
    X(ACT_SAVE,         2, "保存", "Save", "保存（原子写入，失败时文件不变）", "Save (atomic: on failure the file is unchanged)") \
    X(ACT_SAVE_AS,      0, "", "", "另存为：保存为另一个文件，此后编辑新文件", "Save as another file, edited from then on") \
    X(ACT_MESSAGES,     0, "", "", "消息记录：最近的提示全文", "Messages: the recent ones in full") \
    X(ACT_EXPORT,       6, "导出", "Export", "导出为 XLSX 工作簿、文本、CSV 或报告（询问格式和文件名，不会不问就覆盖）", "Export as an XLSX workbook, text, CSV or the report (asks the format and the file; never replaces a file without asking)") \
    X(ACT_SECTIONS,     3, "各节", "Sections", "各节列表，含错误和警告数，可跳转", "List of sections with their error and warning counts; jump to one") \
    X(ACT_FINDINGS,     4, "问题", "Findings", "全部问题列表，回车跳到该栏目", "List of all findings; Enter jumps to the field") \
    X(ACT_NEXT_FINDING, 5, "下一问题", "Next", "跳到下一个有问题的栏目", "Go to the next field with a finding") \
    X(ACT_PREV_FINDING, 0, "", "", "跳到上一个有问题的栏目", "Go to the previous field with a finding") \
    X(ACT_UNDO,         7, "撤销", "Undo", "撤销上一次修改", "Undo the last change") \
    X(ACT_REDO,         0, "", "", "重做被撤销的修改", "Redo what was undone") \
    X(ACT_QUIT,         9, "退出", "Quit", "退出（有未保存的修改时先询问）", "Quit (asks first when there are unsaved changes)") \
    X(ACT_REDRAW,       0, "", "", "重画屏幕", "Redraw the screen") \
    X(ACT_NEXT_FIELD,   0, "", "", "下一栏目", "Next field") \
    X(ACT_PREV_FIELD,   0, "", "", "上一栏目", "Previous field") \
    X(ACT_FIELD_DOWN,   0, "", "", "下一行的栏目", "Field on the next line") \
    X(ACT_FIELD_UP,     0, "", "", "上一行的栏目", "Field on the previous line") \
    X(ACT_PAGE_DOWN,    0, "", "", "向下翻页", "Page down") \
    X(ACT_PAGE_UP,      0, "", "", "向上翻页", "Page up") \
    X(ACT_FIRST_FIELD,  0, "", "", "本节第一栏", "First field of the section") \
    X(ACT_LAST_FIELD,   0, "", "", "本节最后一栏", "Last field of the section") \
    X(ACT_NEXT_SECTION, 0, "", "", "下一节", "Next section") \
    X(ACT_PREV_SECTION, 0, "", "", "上一节", "Previous section") \
    X(ACT_OPEN,         0, "", "", "长文本：打开段落编辑器；选择栏：打开选项列表；刚移到的已填栏：在原处修改（否则输入会替换原内容）；表格中连按 Tab 填写后：下一行的起始列；其他：下一栏", "Long text: open the paragraph editor; choice: open the list; a filled field just moved to: edit it in place (typing otherwise replaces it); after Tabs in a table row: the next row, where they began; else: next field") \
    X(ACT_EDIT,         0, "", "", "在原处修改本栏：光标移到内容末尾，输入加在原内容后（如 Excel 的 F2；长文本：打开段落编辑器；选择栏：打开选项列表）", "Edit this field in place: the cursor goes to the end of its text and typing adds to it (Excel's F2; long text: the paragraph editor; choice: the list)") \
    X(ACT_ZOOM,         0, "", "", "在段落编辑器中编辑本栏（选择栏：打开选项列表）", "Edit this field in the paragraph editor (choice: open the list)") \
    X(ACT_REASON,       0, "", "", "填写或修改覆盖原因（手填得分与规则值不同时）", "Give or change the reason of an override (a typed score that differs from the rule's)") \
    X(ACT_LEFT,         0, "", "", "光标左移一个字", "Cursor left one character") \
    X(ACT_RIGHT,        0, "", "", "光标右移一个字", "Cursor right one character") \
    X(ACT_HOME,         0, "", "", "移到行首", "Start of the line") \
    X(ACT_END,          0, "", "", "移到行尾", "End of the line") \
    X(ACT_WORD_LEFT,    0, "", "", "左移一个词", "Left one word") \
    X(ACT_WORD_RIGHT,   0, "", "", "右移一个词", "Right one word") \
    X(ACT_BACKSPACE,    0, "", "", "删除光标前的字", "Delete the character before the cursor") \
    X(ACT_DELETE,       0, "", "", "删除光标处的字", "Delete the character under the cursor") \
    X(ACT_KILL_END,     0, "", "", "删除到行尾", "Delete to the end of the line") \
    X(ACT_KILL_START,   0, "", "", "删除到行首", "Delete to the start of the line") \
    X(ACT_KILL_WORD,    0, "", "", "删除前一个词", "Delete the word before the cursor") \
    X(ACT_YANK,         0, "", "", "粘回最近删除的文字", "Put back the text deleted last") \
    X(ACT_ROW_ADD,      8, "加行", "Add row", "在当前行下面添加一行", "Add a row below this one") \
    X(ACT_ROW_DUP,      0, "", "", "复制当前行", "Duplicate this row") \
    X(ACT_ROW_DEL,      0, "", "", "删除当前行（先确认）", "Delete this row (asks first)") \
    X(ACT_ROW_UP,       0, "", "", "当前行上移", "Move this row up") \
    X(ACT_ROW_DOWN,     0, "", "", "当前行下移", "Move this row down") \
    X(ACT_FILL_DOWN,    0, "", "", "向下填充：把上一行同一列的内容填入本格（不在表格行中时：删除光标处的字）", "Fill down: copy the cell above into this one (outside a table row: delete the character under the cursor)") \
    X(ACT_PART_ADD,     8, "加项目", "Add project", "添加一个项目（项目支出绩效自评表），在当前项目之后；还没有项目时添加第一个", "Add a project (project self-evaluation table) after the current one, or the first one when there is none") \
    X(ACT_PART_DUP,     0, "", "", "复制当前项目（全部内容），副本放在它后面", "Duplicate the current project (everything in it); the copy goes after it") \
    X(ACT_PART_DEL,     0, "", "", "删除当前项目（先确认，说明项目名称）", "Delete the current project (asks first, naming it)") \
    X(ACT_CARRY_OVER,   0, "", "", "结转到下一年度：以本稿为上年，写出今年的新草稿并打开（询问文件名，不替换已有文件）", "Carry over to next year: this draft as last year's, write this year's new draft and open it (asks the file name; never replaces a file)") \
    X(ACT_OVERVIEW,     0, "", "", "总览：各表和报告的总分、等级、问题数，回车进入", "Overview: each table and the report with its total, grade and findings; Enter goes in") \
    X(ACT_LINE_UP,      0, "", "", "上一行", "Previous line") \
    X(ACT_LINE_DOWN,    0, "", "", "下一行", "Next line") \
    X(ACT_PARA_PGUP,    0, "", "", "向上翻页", "Page up") \
    X(ACT_PARA_PGDN,    0, "", "", "向下翻页", "Page down") \
    X(ACT_NEWLINE,      0, "", "", "换行（分段）", "New line (paragraph break)") \
    X(ACT_CLOSE,        9, "返回", "Back", "关闭，返回上一屏", "Close and go back") \
    X(ACT_LIST_UP,      0, "", "", "上一项", "Previous item") \
    X(ACT_LIST_DOWN,    0, "", "", "下一项", "Next item") \
    X(ACT_LIST_PGUP,    0, "", "", "向上翻页", "Page up") \
    X(ACT_LIST_PGDN,    0, "", "", "向下翻页", "Page down") \
    X(ACT_LIST_HOME,    0, "", "", "第一项", "First item") \
    X(ACT_LIST_END,     0, "", "", "最后一项", "Last item") \
    X(ACT_CHOOSE,       3, "选定", "Choose", "选定（跳转）", "Choose (jump)") \
    X(ACT_DLG_NEXT,     0, "", "", "下一个按钮", "Next button") \
    X(ACT_DLG_PREV,     0, "", "", "上一个按钮", "Previous button") \
    X(ACT_DLG_OK,       0, "", "", "按下选中的按钮", "Press the selected button") \
    X(ACT_DLG_CANCEL,   0, "", "", "取消（不做任何修改）", "Cancel (changes nothing)") \
    X(ACT_INBOX_SORT,    2, "排序", "Sort", "收件箱：选择排序的列（再选同一列：倒序）", "Inbox: pick the column to sort by (the same one again: the other way round)") \
    X(ACT_INBOX_STATUS,  4, "状态", "Status", "收件箱：只显示某一状态", "Inbox: show one status only") \
    X(ACT_INBOX_ERRORS,  8, "有错", "Errors", "收件箱：只显示有错误的（再按：全部）", "Inbox: only those with errors (again: all)") \
    X(ACT_INBOX_QUERIES, 0, "", "", "收件箱：只显示有待答询问的（再按：全部）", "Inbox: only those with open queries (again: all)") \
    X(ACT_INBOX_UNIT,    5, "单位", "Unit", "收件箱：按单位名称查找", "Inbox: search by unit") \
    X(ACT_INBOX_APPROVE, 6, "通过", "Approve", "收件箱：通过显示的全部提交（先询问，有错误的不通过）", "Inbox: approve every submission shown (asks first; those with errors are refused)") \
    X(ACT_INBOX_RETURN,  7, "退回", "Return", "收件箱：退回显示的全部提交（先询问，需填原因）", "Inbox: return every submission shown (asks first, with a reason)") \
    X(ACT_INBOX_NEXT,    0, "", "", "审核：下一份提交（停在同一节、同一栏目）", "Review: the next submission (same section, same field)") \
    X(ACT_INBOX_PREV,    0, "", "", "审核：上一份提交（停在同一节、同一栏目）", "Review: the previous submission (same section, same field)") \
    X(ACT_INBOX_BACK,    9, "收件箱", "Inbox", "审核：回到收件箱（排序、筛选和位置不变）", "Review: back to the inbox (its sort, filter and place kept)") \
    X(ACT_QUERY,        5, "质询", "Query", "质询：审核时对当前栏目提出质询（问题列表中：以所选问题的说明提出）；填报时答复当前栏目的质询", "Query: in review mode, ask a query on this field (in the findings list: on the selected finding, with its text); when filling in, answer this field's query") \
    X(ACT_QUERIES,      0, "", "", "质询列表：状态、栏目、最近的说明，回车跳到该栏目", "List of queries: state, field, last message; Enter jumps to the field") \
    X(ACT_RECHECK,      8, "复核", "Re-check", "复核当前得分栏：复核完成值、复核得分和扣分原因（偏差显示在行摘要和状态行）", "Re-check this score: re-checked actual, re-checked score and the reason for a deduction (the deviation shows under the row and on the status line)") \
    X(ACT_RETURN,       6, "退回", "Return", "退回给填报单位（须填写原因），并保存", "Return the draft to the clerk (a reason is required), and save") \
    X(ACT_APPROVE,      7, "通过", "Approve", "审核通过（先确认），并保存", "Approve the draft (asks first), and save") \
    X(ACT_RELOAD,       0, "", "", "从磁盘重新读取本提交（文件在打开后被改过时；停在同一节、同一栏目；有未保存的质询、复核时先询问，确认后丢弃）", "Reload this submission from disk (when the file changed since you opened it; same section and field; asks first when queries or re-checks are unsaved, which are then lost)") \
    X(ACT_SUBMIT,       0, "", "", "送审：保存并提交审核（先确认；有错误时不送审，打开问题列表）", "Submit for review: save and submit (asks first; refused while the draft has errors, which the findings list then shows)") \
    X(ACT_QUERY_CLOSE,  6, "关闭", "Close", "关闭所选质询（审核时）", "Close the selected query (review mode)") \
    X(ACT_QUERY_REOPEN, 7, "重开", "Reopen", "重新打开所选质询（审核时，须说明原因）", "Reopen the selected query (review mode; asks why)")

typedef enum {
#define TUI_ACTION_ENUM(id, bar, bzh, ben, hzh, hen) id,
    TUI_ACTIONS(TUI_ACTION_ENUM)
#undef TUI_ACTION_ENUM
    ACT_COUNT
} action;

typedef struct {
    key_ctx ctx;
    ev_kind kind;      /* EV_CHAR, EV_KEY or EV_ALT */
    int code;
    action act;
} key_binding;

/* The bindings, in the order help lists them. */
const key_binding *keys_table(size_t *n);

/* The action bound to ev in the first context of chain that binds it; ACT_NONE if none. */
action keys_lookup(const key_ctx *chain, size_t nchain, const term_ev *ev);

/* "Ctrl-S", "F1", "Shift-Tab", "Alt-Up"; short: "^S". Static storage or a small buffer of
 * the caller (buf must hold 32 bytes). */
const char *keys_name(ev_kind kind, int code, bool shortname, char buf[32]);
/* The first key bound to act in chain (its name), NULL when unbound. */
const char *keys_first(const key_ctx *chain, size_t nchain, action act, bool shortname,
                       char buf[32]);

const char *action_help(action a, bool english);
const char *action_bar_label(action a, bool english);
int         action_bar_order(action a);
const char *key_ctx_title(key_ctx c, bool english);

/* The key bar for a chain: up to max entries (key name, label), ordered. Each bar order is
 * one slot: when actions share a slot (Quit and Back, Sections and Choose), the one bound in
 * the earliest context of the chain takes it, so a list shows "Esc Back", not also "Quit".
 * Returns the count. */
typedef struct { char key[32]; const char *label; action act; } bar_item;
size_t keys_bar(const key_ctx *chain, size_t nchain, bool english, bar_item *out, size_t max);

/* Help text: one line per action and context ("Ctrl-S / F2    Save"), headings between
 * contexts. Lines are malloc'd (free each and the array). Returns 0 or -1 (out of memory). */
int keys_help_lines(bool english, char ***lines, size_t *n);
/* The escape sequences real terminals send for function, cursor and editing keys, whatever
 * TERM says (PuTTY's modes, xterm, VT220, the Linux console, rxvt, screen/tmux, Windows
 * Terminal, SecureCRT). term_start adds each with define_key, so curses reports the key. */
typedef struct {
    const char *seq;
    int code;              /* KEY_* or TK_* */
    const char *term;      /* applies only when TERM starts with this (NULL: always) */
    const char *not_term;  /* does not apply when TERM starts with this (NULL: none) */
    const char *senders;   /* who sends it, for docs/keys.md */
} key_seq;
const key_seq *keys_sequences(size_t *n);
/* Whether entry s applies under TERM value term (may be NULL). */
bool keys_seq_applies(const key_seq *s, const char *term);
/* Esc then a digit is a function key (for terminals without working F-keys): 1..9 -> F1..F9,
 * 0 -> F10; -1 for any other character. */
int keys_esc_digit(int c);

/* docs/keys.md: the same as Markdown tables, both languages. */
int keys_markdown(FILE *out);

#endif
