#!/bin/sh
# 复核 in a submission of several tables: the status line's 自评总分 · 复核总分 · 偏差 are those
# of the table in view. A project's re-checked score changes the project table's figures and
# leaves the department table's alone (it shows its plain total).
. "$(dirname "$0")/lib.sh"
e2e_init review_parts
D=$E2E_DIR/s.json
cp "$PWD/forms/examples/submission.json" "$D"
"$SELFEVAL_BIN" recheck-score "$D" projects.p1.indicators.r1.score --score 8 \
    --reason 无佐证 --by 王 >/dev/null 2>&1 || e2e_fail "recheck-score of the example failed"

e2e_start 100 30 edit --review s.json
e2e_wait "Overview"
# the status line speaks of the department table: its total, no re-check of its own
e2e_wait_line "department table" "Total 95.40"
e2e_capture | tail -n 2 | grep -qF "Re-check" &&
    e2e_fail "the department table shows the project's re-check: $(e2e_capture | tail -n 2 | head -n 1)"
# the project table: its own figures, 95.53 − 2
e2e_keys Down Down Down Enter
e2e_wait_line "Project tables 1" "Self 95.53 · Re-check 93.53 · Deviation -2.00"
e2e_keys F10
e2e_wait_exit >/dev/null
e2e_finish
