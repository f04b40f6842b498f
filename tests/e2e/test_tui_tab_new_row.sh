#!/bin/sh
# Tab from the last cell of a table's last row adds a row and goes to its first cell, as in a
# spreadsheet or a word processor's table (issue 13 item 12); Tab elsewhere in the table moves
# on as before, and undo takes the new row away.
. "$(dirname "$0")/lib.sh"
e2e_init tab_new_row
E2E_LANG=zh_CN.UTF-8
e2e_start 80 24 --form=project p.json
e2e_wait "第 1/7 节"
e2e_keys C-n C-n C-n C-n
e2e_wait "第 5/7 节"
e2e_keys F5
e2e_wait "已添加第 1 行"
e2e_type "产出指标"
# 11 Tabs: to 上年实际 (last year's actual), the row's last cell
e2e_keys Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab
e2e_wait_line "^ +#" "上年实际"
e2e_capture | grep -qF "已添加第 2 行" && e2e_fail "a row was added before the last cell"
e2e_keys Tab
e2e_wait "已添加第 2 行"
e2e_wait "第 5/7 节"
# the focus is on the new row's first cell: what is typed goes there
e2e_type "效益指标"
e2e_wait_line "^ *[!?]? *2[< ]" "效益指标"
e2e_keys C-s
e2e_wait "已保存到"
v=$(e2e_json "$E2E_DIR/p.json" "d['values']['indicators'][1]['level1']")
[ "$v" = "效益指标" ] || e2e_fail "row 2's 一级指标 is '$v'"
e2e_keys F10
st=$(e2e_wait_exit)
[ "$st" = 0 ] || e2e_fail "exit status $st"
e2e_finish
