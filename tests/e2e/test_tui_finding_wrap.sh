#!/bin/sh
# The findings list (F3) shows the selected finding's whole text at 80x24, wrapped (issue 13
# item 8): a cost indicator without a comparator gets a long notice whose request — confirm
# the direction — comes at its very end.
. "$(dirname "$0")/lib.sh"
e2e_init finding_wrap
E2E_LANG=zh_CN.UTF-8
e2e_start 80 24 --form=project p.json
e2e_wait "第 1/7 节"
e2e_keys C-n C-n C-n C-n
e2e_wait "第 5/7 节"
e2e_keys F5
e2e_wait "已添加第 1 行"
e2e_type "成本指标"
e2e_keys Tab
e2e_type "经济成本指标"
e2e_keys Tab
e2e_type "单位道路维修成本"
e2e_keys Tab
e2e_type "120万元"
e2e_keys Tab
e2e_type "100万元"
e2e_keys Tab
e2e_type "10"
e2e_wait "没有比较符"
e2e_keys F3
e2e_wait "问题列表"
# down the list to the notice about the direction
i=0
until e2e_capture | tail -8 | grep -qF "成本类指标“单位道路维修成本”"; do
    e2e_keys Down
    i=$((i + 1))
    [ $i -gt 40 ] && e2e_fail "no finding about the cost indicator's direction"
    sleep 0.1
done
e2e_wait "请确认指标方向（正向 / 反向）。"
# the wrapped lines, joined, hold the whole text
e2e_capture | tr -d '\n' | grep -qF "若为反向指标，按比例法（分值×指标值÷实际值）得" ||
    e2e_fail "the middle of the text is missing"
e2e_keys Escape
e2e_wait "第 5/7 节"
e2e_keys F10
e2e_wait "退出前保存吗"
e2e_keys Right Enter
st=$(e2e_wait_exit)
[ "$st" = 0 ] || e2e_fail "exit status $st"
e2e_finish
