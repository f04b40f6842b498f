#!/bin/sh
# Values typed in the editor are saved (Ctrl-S), the editor quits without asking, and a second
# session shows every value again: text, amounts, a choice picked from the list, a table row.
. "$(dirname "$0")/lib.sh"
e2e_init save_reopen
E2E_LANG=zh_CN.UTF-8
e2e_start 80 24 --form=project p.json
e2e_wait "第 1/7 节"
e2e_type "城市道路维护项目"
e2e_keys Tab
e2e_type "市住房和城乡建设局"
e2e_keys C-n
e2e_wait "第 2/7 节"
e2e_keys Tab
e2e_type "1,234.50"
e2e_keys C-n C-n C-n
e2e_wait "第 5/7 节"
e2e_keys F5
e2e_wait "已添加第 1 行"
# the choice list: filtered by typing, chosen with Enter
e2e_keys Enter
e2e_wait "筛选"
e2e_type "满意"
e2e_wait_gone "产出指标"
e2e_keys Enter
e2e_wait_gone "筛选"
e2e_wait_line '^ *[!?]? *1[< ]' "满意度指标"
e2e_keys Tab Tab
e2e_type "群众满意度"
e2e_keys C-s
e2e_wait "已保存到"
e2e_keys F10
st=$(e2e_wait_exit)
[ "$st" = 0 ] || e2e_fail "exit status $st (quit after saving must not ask)"
[ -f "$E2E_DIR/p.json.lock" ] && e2e_fail "the lock stayed after quitting"

v=$(e2e_json "$E2E_DIR/p.json" "d['values']['header']['name'] + '|' + d['values']['funds']['budget_annual'] + '|' + d['values']['indicators'][0]['level1'] + '|' + d['values']['indicators'][0]['level3']")
[ "$v" = "城市道路维护项目|1,234.50|满意度指标|群众满意度" ] || e2e_fail "saved values: $v"

# a second session finds every value
e2e_start 80 24 p.json
e2e_wait "第 1/7 节"
e2e_wait_line "项目支出名称" "城市道路维护项目"
e2e_wait_line "主管部门" "市住房和城乡建设局"
e2e_keys C-n
e2e_wait_line "全年预算数" "1234.50"
e2e_keys C-n C-n C-n
e2e_wait_line '^ *[!?]? *1[< ]' "群众满意度"
e2e_wait_line '^ *[!?]? *1[< ]' "满意度指标"
e2e_keys F10
st=$(e2e_wait_exit)
[ "$st" = 0 ] || e2e_fail "exit status $st"
e2e_finish
