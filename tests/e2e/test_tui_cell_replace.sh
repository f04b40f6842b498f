#!/bin/sh
# Cells behave like a spreadsheet's (issue 13 item 2): typing into a cell reached by Tab or
# the arrows replaces what it held (a duplicated row's 三级指标 does not become the old text
# with the new one appended); Enter edits in place; a text wider than its column shows a
# marker on the side where text is hidden, and the focused cell's whole text is on screen.
. "$(dirname "$0")/lib.sh"
e2e_init cell_replace
E2E_LANG=zh_CN.UTF-8
e2e_start 80 24 --form=project p.json
e2e_wait "第 1/7 节"
e2e_keys C-n C-n C-n C-n
e2e_wait "第 5/7 节"
e2e_keys F5
e2e_wait "已添加第 1 行"
e2e_keys Tab Tab
e2e_type "社会消费品零售总额增长"
e2e_wait_line "^ *[!?]? *1[< ]" "零售总额增长"
# the copy's 三级指标 is focused: typing replaces it
e2e_keys F6
e2e_wait "已复制为第 2 行"
e2e_type "租金收入"
e2e_wait_line "^ *[!?]? *2[< ]" "租金收入"
# back on it: Enter edits in place, the text typed after it is added at the end
e2e_keys Tab BTab
e2e_keys Enter
e2e_type "甲"
e2e_wait_line "^ *[!?]? *2[< ]" "租金收入甲"
e2e_keys C-s
e2e_wait "已保存到"
v=$(e2e_json "$E2E_DIR/p.json" "d['values']['indicators'][1]['level3']")
[ "$v" = "租金收入甲" ] || e2e_fail "row 2's 三级指标 is '$v'"
v=$(e2e_json "$E2E_DIR/p.json" "d['values']['indicators'][0]['level3']")
[ "$v" = "社会消费品零售总额增长" ] || e2e_fail "row 1's 三级指标 is '$v'"

# a text wider than its column, typed from its end: the start is hidden, and a marker says so;
# the whole text is readable under the row
long="未完成社会消费品零售总额增长目标的原因"
e2e_keys Up
e2e_wait_line "^ *[!?]? *1[< ]" "社会消费品"
e2e_keys Enter C-u
e2e_type "$long"
e2e_wait "$long"
e2e_capture | grep -E "^ *[!?]? *1[< ]" | grep -qF "…" ||
    e2e_fail "no marker where the start of the text is hidden"
e2e_capture | grep -E "^ *[!?]? *1[< ]" | grep -qF "未完成" &&
    e2e_fail "the cell shows its start although it is scrolled"
# another cell focused: the row shows the text's start, cut with a marker at its end
e2e_keys Tab
e2e_wait_line "^ *[!?]? *1[< ]" "未完成"
e2e_capture | grep -E "^ *[!?]? *1[< ]" | grep -qF "…" || e2e_fail "no marker at the cut end"
# back on it by Tab: its start is shown, not scrolled away
e2e_keys BTab
e2e_wait "$long"
e2e_wait_line "^ *[!?]? *1[< ]" "未完成"

e2e_keys F10
e2e_wait "退出前保存吗"
e2e_keys Right Enter
st=$(e2e_wait_exit)
[ "$st" = 0 ] || e2e_fail "exit status $st"
e2e_finish
