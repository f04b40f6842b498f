#!/bin/sh
# The year and unit typed on the cover (封面) are the draft's: the title bar shows them at once,
# and the saved draft's meta says the same, so every output prints what the screen shows.
# A new project table's 主管部门 and 年度 are its unit and year in the same way.
. "$(dirname "$0")/lib.sh"
e2e_init cover_year
E2E_LANG=zh_CN.UTF-8
cp "$SELFEVAL_FORMS/examples/submission.json" "$E2E_DIR/a.json"
e2e_start 80 24 a.json
e2e_wait_line "^ 部门整体支出绩效自评材料" "益阳市商务局 · 2025"
e2e_keys Enter
e2e_wait "部门（单位）名称"
e2e_type "益阳市商务和粮食局"
e2e_keys Tab
e2e_type "2026"
e2e_keys Tab
e2e_wait_line "^ 部门整体支出绩效自评材料" "益阳市商务和粮食局 · 2026"
e2e_keys C-s
e2e_wait "已保存到"
m=$(e2e_json "$E2E_DIR/a.json" "d['meta']['unit'] + '|' + d['meta']['year']")
[ "$m" = "益阳市商务和粮食局|2026" ] || e2e_fail "the saved meta says '$m'"
e2e_keys F10
st=$(e2e_wait_exit)
[ "$st" = 0 ] || e2e_fail "exit status $st"

e2e_start 80 24 --form=project p.json
e2e_wait "第 1/7 节"
e2e_type "城市道路维护项目"
e2e_keys Tab
e2e_type "益阳市住房和城乡建设局"
e2e_keys Tab Tab
e2e_type "2023"
e2e_keys Tab
e2e_wait_line "^ 项目支出绩效自评表" "益阳市住房和城乡建设局 · 2023"
e2e_keys C-s
e2e_wait "已保存到"
m=$(e2e_json "$E2E_DIR/p.json" "d['meta'].get('unit', '') + '|' + d['meta'].get('year', '')")
[ "$m" = "益阳市住房和城乡建设局|2023" ] || e2e_fail "the saved meta says '$m'"
e2e_keys F10
st=$(e2e_wait_exit)
[ "$st" = 0 ] || e2e_fail "exit status $st"
e2e_finish
