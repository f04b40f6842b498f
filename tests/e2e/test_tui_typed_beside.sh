#!/bin/sh
# A figure typed beside a computed one that disagrees (the example's 控制率: typed 102.5%, 199 /
# 195 = 102.05%): the computed figure counts and shows, and the typed one the draft holds shows
# beside it ("（填报 102.5%）") with the focus anywhere, not only on the field, at 80 and 160
# columns.
. "$(dirname "$0")/lib.sh"
e2e_init typed_beside
cp "$PWD/forms/examples/submission.json" "$E2E_DIR/s.json"
E2E_LANG=zh_CN.UTF-8
e2e_start 80 24 s.json
e2e_wait "项目支出绩效自评表 1"
# to the finding of the control rate (the third), then the focus moves off the field
e2e_keys F3
e2e_wait "控制率：填报为 102.5%"
e2e_keys Down Down Enter
e2e_wait "第 12/30 节"
e2e_keys Up
e2e_wait_line "控制率" "102.05%"
e2e_wait_line "控制率" "（填报 102.5%）"
# the file holds the typed figure the note names
v=$(e2e_json "$E2E_DIR/s.json" "d['values']['basic']['staff']['control_rate']")
[ "$v" = "102.5%" ] || e2e_fail "the draft holds '$v'"
# at 160 columns too
e2e_resize 160 30
e2e_wait_line "控制率" "（填报 102.5%）"
e2e_keys F10
e2e_wait_exit >/dev/null
e2e_finish
