#!/bin/sh
# A choice cell never holds a value that is not one of its options (issue 13 item 1): "18"
# typed into the 不适用 column by a miscounted Tab is refused with a message and stores
# nothing; a typed letter that matches an option opens the list filtered by it; Backspace
# clears the choice. The row's score, the total and the findings agree with what is shown.
. "$(dirname "$0")/lib.sh"
e2e_init choice_typed
E2E_LANG=zh_CN.UTF-8
# the score cell of row 1 no longer shows 20.00 (the row is not scored)
row_score_gone() {
    end=$(( $(date +%s) + E2E_TIMEOUT ))
    while e2e_line_has "^ *[!?]? *1<" "20.00"; do
        [ "$(date +%s)" -ge "$end" ] && e2e_fail "row 1 is still scored"
        sleep 0.05
    done
}
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
e2e_keys Tab
e2e_type "≥50公里"
e2e_keys Tab
e2e_type "56公里"
e2e_keys Tab
e2e_type "20"
e2e_wait "得分 20.00"
# 指标方向, 定性档次, 不适用: the clerk counted one Tab too many and types the score there
e2e_keys Tab Tab Tab
e2e_wait_line "不适用" "不适用"
e2e_type "18"
e2e_wait "不是可选项"
# nothing was stored: the row is still scored, no finding about the choice
e2e_wait_line "^ *[!?]? *1<" "20.00"
e2e_keys C-s
e2e_wait "已保存到"
na=$(e2e_json "$E2E_DIR/p.json" "d['values']['indicators'][0].get('na', '')")
[ -z "$na" ] || e2e_fail "the choice cell stored '$na'"
if e2e_capture | grep -qF "“18”"; then
    # the refusal message may quote it, a finding may not
    e2e_capture | grep -F "“18”" | grep -qF "不是可选项" || e2e_fail "a finding quotes 18"
fi

# a letter of an option opens the list filtered by it; Enter takes it; the row is not scored
e2e_type "不"
e2e_wait "筛选"
e2e_keys Enter
e2e_wait_gone "筛选"
row_score_gone
e2e_keys C-s
e2e_wait "已保存到"
na=$(e2e_json "$E2E_DIR/p.json" "d['values']['indicators'][0].get('na', '')")
[ "$na" = "不适用" ] || e2e_fail "the choice list stored '$na'"

# Backspace clears the choice: the row counts again
e2e_keys BSpace
e2e_wait_line "^ *[!?]? *1<" "20.00"
e2e_keys C-s
e2e_wait "已保存到"
na=$(e2e_json "$E2E_DIR/p.json" "d['values']['indicators'][0].get('na', '')")
[ -z "$na" ] || e2e_fail "Backspace left '$na'"

e2e_keys F10
st=$(e2e_wait_exit)
[ "$st" = 0 ] || e2e_fail "exit status $st"
e2e_finish
