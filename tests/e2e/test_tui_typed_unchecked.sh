#!/bin/sh
# 执行率 and 得分 typed beside computed figures that cannot be computed (全年预算数 cleared): the
# typed 99.91% and 9.99 cannot be checked, so they show as "—" with the typed figure marked
# "（填报 …，无法核对，不计）", and 总分 does not count the typed 9.99 (it is "—" too: one of its
# parts is). A valid budget again gives the computed figures back.
. "$(dirname "$0")/lib.sh"
e2e_init typed_unchecked
cp "$SELFEVAL_FORMS/examples/submission.json" "$E2E_DIR/f.json"
E2E_LANG=zh_CN.UTF-8
e2e_start 80 24 f.json
e2e_wait "总分 95.40"
# 附件2 · 年度预算申请（万元）: 全年预算数 cleared
e2e_keys C-g
e2e_wait "年度预算申请"
e2e_keys End Up Up Up Up Up Up Up Up Up Up Up Enter
e2e_wait_line "^ *第 .*节" "年度预算申请"
e2e_keys Down
e2e_keys C-u Tab
e2e_wait_line "执行率" "（填报 99.91%，无法核对，不计）"
e2e_wait_line "^[!? ] +得分" "（填报 9.99，无法核对，不计）"
e2e_line_has "执行率" "99.91%  " && e2e_fail "the typed rate shows as the figure"
e2e_wait "总分 — "
e2e_line_has "总分" "95.40" && e2e_fail "the total still counts the typed 9.99"
# the focus on 执行率: its finding says it could not be checked and why
e2e_keys Down Down
e2e_wait "无法核对：无法计算（所需数据未填）"
# a valid budget: computed and checked again
e2e_keys Up Up Up
e2e_type 60000
e2e_keys Tab
e2e_wait_line "执行率" "86.61%"
e2e_wait "总分 94.07"
e2e_wait_gone "无法核对"
e2e_keys F10
e2e_wait "保存"
e2e_keys Right Enter
e2e_wait_exit >/dev/null
e2e_finish
