#!/bin/sh
# A standalone project table carries its year, as its printed heading does ("2023年度项目支出绩效
# 自评表", issue 13 item 13): the header has a 年度 field, typed and saved like the others.
. "$(dirname "$0")/lib.sh"
e2e_init project_year
E2E_LANG=zh_CN.UTF-8
e2e_start 80 24 --form=project p.json
e2e_wait "第 1/7 节"
e2e_wait "年度"
# the header's fields in order: 项目支出名称, 主管部门, 实施单位, 年度
e2e_type "城市道路维护项目"
e2e_keys Tab Tab Tab
e2e_type "2023"
e2e_keys Tab
e2e_keys C-s
e2e_wait "已保存到"
v=$(e2e_json "$E2E_DIR/p.json" "d['values']['header']['year']")
[ "$v" = "2023" ] || e2e_fail "header.year is '$v'"
e2e_keys F10
st=$(e2e_wait_exit)
[ "$st" = 0 ] || e2e_fail "exit status $st"
e2e_finish
