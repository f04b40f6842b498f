#!/bin/sh
# Up / Down in a table go to the same column of the next row as the cell that has the focus,
# whatever put the focus there: a jump from the findings list, a section switch, undo, a click.
# (Before, they went by the column the clerk last moved in sideways, and what was typed next
# replaced another column's value: 产出指标 overwritten by the reason meant for the next row.) Checked
# on the screen and in the saved draft: the value is in the cell shown focused, nothing else
# changed.
. "$(dirname "$0")/lib.sh"
e2e_init table_column
E2E_LANG=zh_CN.UTF-8

# only_change FILE PATH VALUE: the draft's values differ from the bundled example's in PATH
# (indicator row index, column) only, and that cell holds VALUE
only_change() {
    python3 - "$SELFEVAL_FORMS/examples/submission.json" "$1" "$2" "$3" "$4" <<'PY' ||
import json, sys
old = json.load(open(sys.argv[1], encoding='utf-8'))['values']
new = json.load(open(sys.argv[2], encoding='utf-8'))['values']
row, col, want = int(sys.argv[3]), sys.argv[4], sys.argv[5]
got = new['dept']['indicators'][row].get(col)
if got != want:
    sys.exit("indicator row %d %s is %r, not %r" % (row + 1, col, got, want))
old['dept']['indicators'][row][col] = want
def diff(a, b, p):
    if type(a) != type(b):
        return [p]
    if isinstance(a, dict):
        return [x for k in set(a) | set(b) for x in diff(a.get(k), b.get(k), p + '.' + str(k))]
    if isinstance(a, list):
        if len(a) != len(b):
            return [p]
        return [x for i in range(len(a)) for x in diff(a[i], b[i], p + '.' + str(i))]
    return [] if a == b else [p + ': %r -> %r' % (a, b)]
d = diff(old, new, 'values')
if d:
    sys.exit("other values changed: " + '; '.join(d))
PY
    e2e_fail "$1: the value went elsewhere"
}

# 1. after a jump from the findings list: Down goes to row 5's 偏差原因, not its 一级指标
e2e_example_row4 a.json
e2e_keys Down
e2e_wait_line "^ +#" "偏差原因分析及改进措施"
e2e_type "已说明"
e2e_wait "编辑：偏差原因分析及改进措施"
e2e_keys Escape
e2e_wait "第 21/30 节"
e2e_wait_line "^ *[!?i]? *5[< ]" "已说明"
e2e_keys C-s
e2e_wait "已保存到"
only_change "$E2E_DIR/a.json" 4 reason "已说明"
e2e_keys F10
e2e_wait_exit >/dev/null

# 2. after a section switch: Shift-Tab (sideways, to 得分), Ctrl-N, Ctrl-P puts the focus on
# row 1's 一级指标; Down goes to row 2's 一级指标, and two Tabs to its 三级指标
e2e_example_row4 b.json
e2e_keys BTab
e2e_keys C-n
e2e_wait "第 22/30 节"
e2e_keys C-p
e2e_wait "第 21/30 节"
e2e_wait_line "^ +#" "一级指标"
e2e_keys Down Tab Tab
e2e_type "新三级指标"
e2e_wait_line "^ *[!?i]? *2[< ]" "新三级指标"
e2e_keys Tab C-s
e2e_wait "已保存到"
only_change "$E2E_DIR/b.json" 1 level3 "新三级指标"
e2e_keys F10
e2e_wait_exit >/dev/null

# 3. after undo puts the focus back on the field it changed: row 1's 年度指标值 typed, Tab
# (to 实际完成值), Ctrl-Z (back on 年度指标值); Down goes to row 2's 年度指标值
e2e_example_row4 c.json
e2e_keys C-n
e2e_wait "第 22/30 节"
e2e_keys C-p
e2e_wait "第 21/30 节"
e2e_keys Tab Tab Tab
e2e_type "9%"
e2e_wait_line "^ *[!?i]? *1[< ]" "9%"
e2e_keys Tab C-z
e2e_wait "已撤销"
e2e_keys Down
e2e_type "8次"
e2e_wait_line "^ *[!?i]? *2[< ]" "8次"
e2e_keys Tab C-s
e2e_wait "已保存到"
only_change "$E2E_DIR/c.json" 1 target "8次"
e2e_keys F10
e2e_wait_exit >/dev/null
# 4. after a click: Tab×3 on row 1 (to 年度指标值), a click on row 2's 三级指标; Down goes to
# row 3's 三级指标
e2e_example_row4 d.json
e2e_keys C-n
e2e_wait "第 22/30 节"
e2e_keys C-p
e2e_wait "第 21/30 节"
e2e_keys Tab Tab Tab
y=$(e2e_capture | grep -n "^ *2 " | head -1 | cut -d: -f1)
x=$(e2e_capture | sed -n 3p | python3 -c "import sys, unicodedata as u; l = sys.stdin.read(); i = l.index('三级指标'); print(sum(2 if u.east_asian_width(c) in 'WF' else 1 for c in l[:i]) + 1)")
e2e_click "$x" $((y - 1))
# the focused cell's whole text shows under its row
e2e_wait "组织老干部春节、七一、重阳等活动"
e2e_keys Down
e2e_type "三行三级"
e2e_wait_line "^ *[!?i]? *3[< ]" "三行三级"
e2e_keys Tab C-s
e2e_wait "已保存到"
only_change "$E2E_DIR/d.json" 2 level3 "三行三级"
e2e_keys F10
e2e_wait_exit >/dev/null
e2e_finish
