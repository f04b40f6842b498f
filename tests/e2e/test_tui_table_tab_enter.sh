#!/bin/sh
# Enter after a run of Tabs goes to the next row in the column where the Tabs began, as in a
# spreadsheet; rows pasted from a terminal without bracketed paste (cells arrive as typed keys:
# Tab between cells, a line end between rows) therefore start each row in that column, not
# where the previous row ended. Any other move ends the run. Checked on the screen and in the
# saved draft: every value in its cell, nothing else changed.
. "$(dirname "$0")/lib.sh"
e2e_init table_tab_enter
E2E_LANG=zh_CN.UTF-8

# check FILE PYEXPR: PYEXPR (of n, the saved draft's indicator rows, and o, the example's)
# holds, and nothing outside the indicator rows changed
check() {
    python3 - "$SELFEVAL_FORMS/examples/submission.json" "$1" "$2" <<'PY' ||
import json, sys
old = json.load(open(sys.argv[1], encoding='utf-8'))['values']
new = json.load(open(sys.argv[2], encoding='utf-8'))['values']
o, n = old['dept']['indicators'], new['dept']['indicators']
def cells(r):
    return {k: v for k, v in r.items() if k != '_id' and v != ''}
if not eval(sys.argv[3]):
    sys.exit("not %s: rows 12- are %r" % (sys.argv[3], [cells(r) for r in n[11:]]))
old['dept'].pop('indicators'), new['dept'].pop('indicators')
if old != new:
    sys.exit("values outside the indicator rows changed")
PY
    e2e_fail "$1: values went into the wrong cells"
}
ROW13="{'level1': '产出指标', 'level2': '数量指标', 'level3': '新增外贸企业', 'target': '≥10个', 'actual': '12个', 'weight': '5'}"
ROW14="{'level1': '效益指标', 'level2': '社会效益指标', 'level3': '培训人次', 'target': '≥500人次', 'actual': '450人次', 'weight': '5'}"

# to_new_row DRAFT: opens the example as DRAFT, goes to the indicator table (F3, row 4's
# warning), Ctrl-End, F5: a new row 13, the focus on its 一级指标
to_new_row() {
    e2e_example_row4 "$1"
    e2e_keys C-End F5
    e2e_wait "已添加第 13 行"
}

# 1. two rows pasted unbracketed (send-keys -l: Tab and line end arrive as keys)
to_new_row a.json
e2e_type "$(printf '产出指标\t数量指标\t新增外贸企业\t≥10个\t12个\t5\n效益指标\t社会效益指标\t培训人次\t≥500人次\t450人次\t5')"
e2e_wait_line "^ *[!?i]? *14[< ]" "社会效益指标"
e2e_keys C-s
e2e_wait "已保存到"
check "$E2E_DIR/a.json" "len(n) == 14 and n[:12] == o and cells(n[12]) == $ROW13 and cells(n[13]) == $ROW14"
e2e_keys F10
e2e_wait_exit >/dev/null

# 2. the same typed by hand, Enter at the end of the first row (the last row: Enter adds one)
to_new_row b.json
for v in 产出指标 数量指标 新增外贸企业 ≥10个 12个; do
    e2e_type "$v"
    e2e_wait_line "^ *[!?i]? *13[< ]" "$v"
    e2e_keys Tab
done
e2e_type "5"
e2e_wait "未保存"
e2e_keys Enter
e2e_wait "已添加第 14 行"
e2e_wait_line "^ +#" "一级指标"
for v in 效益指标 社会效益指标 培训人次 ≥500人次 450人次; do
    e2e_type "$v"
    e2e_wait_line "^ *[!?i]? *14[< ]" "$v"
    e2e_keys Tab
done
e2e_type "5"
e2e_keys Tab C-s
e2e_wait "已保存到"
check "$E2E_DIR/b.json" "len(n) == 14 and n[:12] == o and cells(n[12]) == $ROW13 and cells(n[13]) == $ROW14"
e2e_keys F10
e2e_wait_exit >/dev/null

# 3. another move ends the run: Tab Tab from row 1's 一级指标, Down (row 2's 三级指标), typed,
# Enter: the next field (row 2's 年度指标值), not row 3's 一级指标
e2e_example_row4 c.json
e2e_keys C-Home
e2e_wait_line "^ +#" "一级指标"
e2e_keys Tab Tab Down
e2e_type "二行三级"
e2e_wait_line "^ *[!?i]? *2[< ]" "二行三级"
e2e_keys Enter
e2e_type "二行目标"
e2e_wait_line "^ *[!?i]? *2[< ]" "二行目标"
e2e_keys Tab C-s
e2e_wait "已保存到"
check "$E2E_DIR/c.json" "len(n) == 12 and n[2:] == o[2:] and n[0] == o[0] and cells(n[1]) == dict(cells(o[1]), level3='二行三级', target='二行目标')"
e2e_keys F10
e2e_wait_exit >/dev/null
e2e_finish
