#!/bin/sh
# Two rows copied from a spreadsheet and sent by a terminal without bracketed paste: the keys
# arrive at once (cells with Tab between, a line end between rows). The editor takes the burst
# as a paste: the rows land in their columns, and one Ctrl-Z takes the whole paste back — the
# cells of the first row typed before the line end showed it was a paste too — as one undo
# takes back a bracketed paste.
. "$(dirname "$0")/lib.sh"
e2e_init paste_burst_undo
E2E_LANG=zh_CN.UTF-8
e2e_start 80 24 --form=project p.json
e2e_wait "第 1/7 节"
e2e_keys C-n C-n C-n C-n
e2e_wait "第 5/7 节"
e2e_keys F5
e2e_wait "已添加第 1 行"
e2e_type "效益指标"
e2e_keys Tab
e2e_type "社会效益指标"
e2e_keys Tab
e2e_type "道路维修里程"
e2e_keys C-s
e2e_wait "已保存到"
e2e_keys F5
e2e_wait "已添加第 2 行"
# the keys of two rows in one write, unbracketed (a terminal sends Enter as CR)
printf '产出指标\t数量指标\t新增外贸企业\t≥10个\t12个\t5\r效益指标\t社会效益指标\t培训人次\t≥500人次\t450人次\t5' \
    > "$E2E_DIR/rows.txt"
tmux -S "$E2E_SOCK" load-buffer -b r "$E2E_DIR/rows.txt" || e2e_fail "load-buffer failed"
tmux -S "$E2E_SOCK" paste-buffer -d -r -b r -t "$E2E_TARGET" || e2e_fail "paste failed"
e2e_wait_line "^ *[!?]? *3[< ]" "效益指标"
e2e_keys C-s
e2e_wait "已保存到"
rows() { e2e_json "$E2E_DIR/p.json" "$1"; }
[ "$(rows "len(d['values']['indicators'])")" = 3 ] || e2e_fail "the burst did not make row 3"
[ "$(rows "d['values']['indicators'][1]['level3']")" = "新增外贸企业" ] || e2e_fail "row 2 三级指标"
[ "$(rows "d['values']['indicators'][2]['level3']")" = "培训人次" ] || e2e_fail "row 3 三级指标"
[ "$(rows "d['values']['indicators'][2]['actual']")" = "450人次" ] || e2e_fail "row 3 实际完成值"

# one undo: the whole burst (both rows' cells and the row it added), nothing before it
e2e_keys C-z
e2e_wait "已撤销"
e2e_keys C-s
e2e_wait "已保存到"
[ "$(rows "len(d['values']['indicators'])")" = 2 ] || e2e_fail "one undo left row 3"
for c in level1 level2 level3 target actual weight; do
    [ "$(rows "d['values']['indicators'][1].get('$c', '')")" = "" ] ||
        e2e_fail "one undo left row 2's $c: $(rows "d['values']['indicators'][1]")"
done
[ "$(rows "d['values']['indicators'][0]['level3']")" = "道路维修里程" ] || e2e_fail "undo went too far"
e2e_keys F10
st=$(e2e_wait_exit)
[ "$st" = 0 ] || e2e_fail "exit status $st"
e2e_finish
