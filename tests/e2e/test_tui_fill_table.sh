#!/bin/sh
# A project table filled from nothing in the editor, with Chinese text and numbers: the
# execution score, the indicator score, the total and the grade change on screen as typed.
. "$(dirname "$0")/lib.sh"
e2e_init fill_table
E2E_LANG=zh_CN.UTF-8
e2e_start 80 24 --form=project p.json
e2e_wait "第 1/7 节"
e2e_type "城市道路维护项目"
e2e_wait_line "项目支出名称" "城市道路维护项目"

# funds: the execution rate and its score appear as the figures are typed
e2e_keys C-n
e2e_wait "第 2/7 节"
e2e_keys Tab
e2e_type "990"
e2e_keys Tab
e2e_type "547.6879"
e2e_wait_line "执行率" "55.32%"
e2e_keys Tab
e2e_keys C-u
e2e_type "10"
e2e_wait_line "得分" "5.53"
e2e_wait_line "总分" "总分 5.53"

# indicators: a row added, typed cell by cell (full-width digits in the weight)
e2e_keys C-n C-n C-n
e2e_wait "第 5/7 节"
e2e_wait "无行"
e2e_keys F5
e2e_wait "已添加第 1 行"
e2e_type "产出指标"
e2e_keys Tab
e2e_type "数量指标"
e2e_keys Tab
e2e_type "道路维修里程"
e2e_keys Tab
e2e_type "≥50公里"
e2e_keys Tab
e2e_type "56公里"
e2e_keys Tab
e2e_type "２０"
e2e_wait_line "总分" "总分 25.53"
e2e_wait_line '^ *[!?]? *1[< ]' "道路维修里程"

# the actual falls short: the score, the total and the reason asked for change at once
e2e_keys BTab
e2e_keys C-u
e2e_type "40公里"
e2e_wait_line "总分" "总分 21.53"
e2e_keys F3
e2e_wait "得分（16.00）低于分值（20）"
# the findings list jumps to the field: the 5th finding is the row's missing reason
e2e_keys Down Down Down Down Enter
e2e_wait "第 5/7 节"
e2e_wait "请填写偏差原因分析及改进措施"

# the totals screen shows the same figures
e2e_keys C-n
e2e_wait "第 6/7 节"
e2e_wait_line "分值合计" "30"
e2e_wait_line "总分" "21.53"
e2e_wait_line "等级" "差"

e2e_keys F10
e2e_wait "退出前保存吗"
e2e_keys Right Enter
st=$(e2e_wait_exit)
[ "$st" = 0 ] || e2e_fail "exit status $st"
e2e_finish
