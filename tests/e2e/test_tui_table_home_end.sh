#!/bin/sh
# Ctrl-Home / Ctrl-End in a table go where the help says (本节第一栏 / 本节最后一栏): the first
# cell of the first row, the last cell of the last row, as in a spreadsheet — not the first /
# last row in the column the focus was in. Checked on the screen and in the saved draft: what is
# typed next goes into that cell, nothing else changes.
. "$(dirname "$0")/lib.sh"
e2e_init table_home_end
E2E_LANG=zh_CN.UTF-8

# only_change FILE ROW COL PYEXPR: the draft's values differ from the bundled example's in the
# indicator row ROW's column COL only, and PYEXPR (of v, its value, and o, the old one) holds
only_change() {
    python3 - "$SELFEVAL_FORMS/examples/submission.json" "$1" "$2" "$3" "$4" <<'PY' ||
import json, sys
old = json.load(open(sys.argv[1], encoding='utf-8'))['values']
new = json.load(open(sys.argv[2], encoding='utf-8'))['values']
row, col = int(sys.argv[3]), sys.argv[4]
o, v = old['dept']['indicators'][row].get(col), new['dept']['indicators'][row].get(col)
if not eval(sys.argv[5]):
    sys.exit("indicator row %d %s is %r (was %r): not %s" % (row + 1, col, v, o, sys.argv[5]))
old['dept']['indicators'][row][col] = v
for k in old:
    if old[k] != new[k]:
        sys.exit("other values changed under " + k)
PY
    e2e_fail "$1: the value went elsewhere"
}

# the indicator table, on row 4's 偏差原因分析及改进措施 (a finding's field)
e2e_example_row4 a.json
# Ctrl-Home: row 1's 一级指标 (the columns scroll back to the first), two Tabs: its 三级指标
e2e_keys C-Home
e2e_wait_line "^ +#" "一级指标"
e2e_keys Tab Tab
e2e_type "首行三级指标"
e2e_wait_line "^ *[!?i]? *1[< ]" "首行三级指标"
e2e_keys Tab C-s
e2e_wait "已保存到"
only_change "$E2E_DIR/a.json" 0 level3 "v == '首行三级指标'"
e2e_keys F10
e2e_wait_exit >/dev/null

# Ctrl-End from row 1's 三级指标: row 12's 上年实际 (the row's last cell)
e2e_example_row4 b.json
e2e_keys C-Home
e2e_wait_line "^ +#" "一级指标"
e2e_keys Tab Tab C-End
e2e_wait_line "^ +#" "上年实际"
e2e_type "末行上年"
e2e_wait_line "^ *[!?i]? *12[< ]" "末行上年"
e2e_keys C-s
e2e_wait "已保存到"
only_change "$E2E_DIR/b.json" 11 actual_last "v == '末行上年'"
e2e_keys F10
e2e_wait_exit >/dev/null
e2e_finish
