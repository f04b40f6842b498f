#!/bin/sh
# A message longer than the status line at 80x24 (the Chinese editor) is shown whole, on lines
# of its own above the status line, until the next key: Alt-j's "已结转到 yiyang-commerce-e1-2026.json（今年的
# 草稿），上年的草稿未改动" with a long file name (the status line cut it). The terminal cursor stays in the
# field (an input method draws there), typing goes into the field, and the next key takes the
# message away. Alt-m (listed by the help) then shows the recent messages in full, newest
# first. In the English editor at 80 columns the title bar gives way in the form's title, not
# in the year ("· 2…"), and a help line whose keys are wider than their column wraps whole
# ("… unsaved chang…" was cut).
. "$(dirname "$0")/lib.sh"
e2e_init long_message
E2E_LANG=zh_CN.UTF-8
cp "$(dirname "$0")/../fixtures/seed001_project.json" "$E2E_DIR/yiyang-commerce-e1-2025.json"
e2e_start 80 24 yiyang-commerce-e1-2025.json
e2e_wait "第 1/7 节"
e2e_keys M-j
e2e_wait "结转到下一年度"
e2e_wait "e1-2026.json"
e2e_keys Enter
e2e_wait_line "^ 项目支出绩效自评表" "e1-2026.json"
e2e_wait "上年的草稿未改动"
# the cursor is in the first field (项目支出名称, line 2), not on the message's lines
at=$(tmux -S "$E2E_SOCK" display-message -p -t "$E2E_TARGET" '#{cursor_y}')
[ "$at" = 2 ] || e2e_fail "the cursor is on line $at, not in the field"
# typing goes into the field; the message goes with the key
e2e_type "新名称"
e2e_wait_gone "上年的草稿未改动"
e2e_wait "新名称"
e2e_wait "未保存"
e2e_keys C-z
e2e_wait "已撤销"
# the log: the carry-over's message whole, below the newer 已撤销
e2e_keys M-m
e2e_wait "消息记录"
e2e_wait "（今年的草稿），上年的草稿未改"
y1=$(e2e_capture | grep -n "已撤销" | head -1 | cut -d: -f1)
y2=$(e2e_capture | grep -n "已结转到" | head -1 | cut -d: -f1)
[ -n "$y1" ] && [ -n "$y2" ] && [ "$y1" -lt "$y2" ] || e2e_fail "the log is not newest first"
e2e_keys Escape
e2e_wait_gone "消息记录"
e2e_keys F1
e2e_wait "帮助：全部按键"
found=
for i in 1 2 3 4 5 6; do
    e2e_capture | grep -q "Alt-m.*消息记录" && { found=1; break; }
    e2e_keys NPage
    sleep 0.2
done
[ -n "$found" ] || e2e_fail "the help does not list Alt-m"
e2e_keys Escape
e2e_wait_gone "帮助：全部按键"
# (undone back to what was saved: nothing to ask)
e2e_keys F10
st=$(e2e_wait_exit)
[ "$st" = 0 ] || e2e_fail "exit status $st"

E2E_LANG=C.UTF-8
# (submitted: the right of the title bar says so, which leaves the left less room)
jq '.meta.status = "submitted"' "$(dirname "$0")/../fixtures/seed001_project.json" \
    >"$E2E_DIR/ex0.json"
e2e_start 80 24 ex0.json
e2e_wait "Section 1/7"
e2e_wait_line "^ " "· 2025"
e2e_keys F1
e2e_wait "Help: every key"
found=
for i in 1 2 3 4 5 6; do
    e2e_capture | grep -A1 "Esc 0" | grep -q "Quit (asks first .*changes)" && { found=1; break; }
    e2e_keys NPage
    sleep 0.2
done
[ -n "$found" ] || e2e_fail "the quit key's help line is cut"
e2e_keys Escape F10
st=$(e2e_wait_exit)
[ "$st" = 0 ] || e2e_fail "exit status $st"
e2e_finish
