#!/bin/sh
# Fill down and paste from a spreadsheet (issue 13 item 16): Ctrl-D copies the cell above into
# the focused cell; tab-separated lines pasted into a table fill cells from the focused one on,
# each checked as if typed (a closed choice refuses what is not an option), rows added as
# needed, and one undo takes the whole paste back.
. "$(dirname "$0")/lib.sh"
e2e_init fill_paste
E2E_LANG=zh_CN.UTF-8
e2e_start 80 24 --form=project p.json
e2e_wait "第 1/7 节"
e2e_keys C-n C-n C-n C-n
e2e_wait "第 5/7 节"
e2e_keys F5
e2e_wait "已添加第 1 行"
e2e_type "产出指标"
e2e_keys Tab
e2e_type "数量指标"
e2e_keys Tab
e2e_type "道路维修里程"
e2e_keys F5
e2e_wait "已添加第 2 行"
# Ctrl-D: 一级指标 and 二级指标 from row 1
e2e_keys C-d
e2e_wait_line "^ *[!?]? *2[< ]" "产出指标"
e2e_keys Tab C-d
e2e_wait_line "^ *[!?]? *2[< ]" "数量指标"
e2e_keys C-s
e2e_wait "已保存到"

# two lines copied from a spreadsheet, pasted at row 2's 三级指标
e2e_keys Tab
printf '路灯维修数量\t≥100盏\t120盏\t10\t18\n道路平整度\t≥90%%\t95%%\t10\t正向\n' > "$E2E_DIR/rows.tsv"
e2e_paste "$E2E_DIR/rows.tsv"
e2e_wait "不是可选项"
e2e_wait_line "^ *[!?]? *3[< ]" "道路平整度"
e2e_keys C-s
e2e_wait "已保存到"
rows() { e2e_json "$E2E_DIR/p.json" "$1"; }
[ "$(rows "len(d['values']['indicators'])")" = 3 ] || e2e_fail "the paste did not add row 3"
[ "$(rows "d['values']['indicators'][0]['level3']")" = "道路维修里程" ] || e2e_fail "row 1 changed"
[ "$(rows "d['values']['indicators'][1]['level1']")" = "产出指标" ] || e2e_fail "Ctrl-D: 一级指标"
[ "$(rows "d['values']['indicators'][1]['level2']")" = "数量指标" ] || e2e_fail "Ctrl-D: 二级指标"
[ "$(rows "d['values']['indicators'][1]['level3']")" = "路灯维修数量" ] || e2e_fail "row 2 三级指标"
[ "$(rows "d['values']['indicators'][1]['actual']")" = "120盏" ] || e2e_fail "row 2 实际完成值"
[ "$(rows "d['values']['indicators'][1].get('direction', '')")" = "" ] ||
    e2e_fail "the choice took '18'"
[ "$(rows "d['values']['indicators'][2]['target']")" = "≥90%" ] || e2e_fail "row 3 年度指标值"
[ "$(rows "d['values']['indicators'][2]['direction']")" = "正向" ] || e2e_fail "row 3 指标方向"

# one undo: the whole paste, the added row too
e2e_keys C-z
e2e_wait "已撤销"
e2e_keys C-s
e2e_wait "已保存到"
[ "$(rows "len(d['values']['indicators'])")" = 2 ] || e2e_fail "undo left row 3"
[ "$(rows "d['values']['indicators'][1].get('level3', '')")" = "" ] || e2e_fail "undo left row 2's text"
[ "$(rows "d['values']['indicators'][1]['level2']")" = "数量指标" ] || e2e_fail "undo went too far"
e2e_keys F10
st=$(e2e_wait_exit)
[ "$st" = 0 ] || e2e_fail "exit status $st"
e2e_finish
