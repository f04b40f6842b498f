#!/bin/sh
# Table columns use the width they have (issue 13 item 6): at 160 columns the text columns
# widen to show "生态环境成本指标" and "服务对象满意度指标" whole; at 80 columns, scrolled right
# to 得分 and 偏差原因, the row keeps its 三级指标 in sight (a frozen column, as a spreadsheet
# freezes panes), so the scores have their labels.
. "$(dirname "$0")/lib.sh"
e2e_init columns
E2E_LANG=zh_CN.UTF-8
e2e_start 160 30 --form=project p.json
e2e_wait "第 1/7 节"
e2e_keys C-n C-n C-n C-n
e2e_wait "第 5/7 节"
e2e_keys F5
e2e_wait "已添加第 1 行"
e2e_type "成本指标"
e2e_keys Tab
e2e_type "生态环境成本指标"
e2e_keys Tab
e2e_type "单位面积绿化养护成本"
e2e_keys Tab
e2e_type "≤12元/平方米"
e2e_keys Tab
e2e_type "11.5元/平方米"
e2e_keys Tab
e2e_type "10"
e2e_keys F5
e2e_wait "已添加第 2 行"
e2e_type "满意度指标"
e2e_keys Tab
e2e_type "服务对象满意度指标"
e2e_keys Tab
e2e_type "沿线居民满意度"
e2e_keys Tab
# not focused, each is drawn whole in its column
e2e_wait_line "^ *[!?]? *1[< ]" "生态环境成本指标"
e2e_wait_line "^ *[!?]? *1[< ]" "单位面积绿化养护成本"
e2e_wait_line "^ *[!?]? *2[< ]" "服务对象满意度指标"
e2e_capture | grep -E "^ *[!?]? *[12][< ]" | grep -qF "…" && e2e_fail "a cell is cut at 160 columns"

# 80 columns: scrolled to 得分, row 1 still shows its 三级指标, the column labels too
e2e_resize 80 24
e2e_keys Up
e2e_wait "第 5/7 节"
e2e_keys Tab Tab Tab Tab Tab Tab
e2e_wait_line "^ +#<" "得分"
e2e_wait_line "^ +#<" "三级指标"
e2e_wait_line "^ *[!?]? *1<" "单位面积"
e2e_keys Tab
e2e_wait_line "^ +#<" "偏差原因"
e2e_wait_line "^ +#<" "三级指标"
e2e_wait_line "^ *[!?]? *2<" "沿线居民"
e2e_keys F10
e2e_wait "退出前保存吗"
e2e_keys Right Enter
st=$(e2e_wait_exit)
[ "$st" = 0 ] || e2e_fail "exit status $st"
e2e_finish
