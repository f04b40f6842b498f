#!/bin/sh
# The terminal's cursor is where typed text goes, in every kind of field (issue 13 item 3): an
# input method opens its candidate window at the cursor, so a cursor parked in the top-left
# corner puts the candidates far from the field. After each Tab through a new project draft
# (line fields, amounts, paragraphs, table cells, choices, computed cells) and in the choice
# list and a dialog, the cursor is inside the screen's body, on the focused field's line.
. "$(dirname "$0")/lib.sh"
e2e_init cursor_fields
E2E_LANG=zh_CN.UTF-8

# cursor_ok WHAT: the cursor is in the body (not on the header, title or status lines, not in
# the left gutter) once the screen has settled after the last key
cursor_ok() {
    sleep 0.15
    at=$(tmux -S "$E2E_SOCK" display-message -p -t "$E2E_TARGET" '#{cursor_x} #{cursor_y}')
    cx=${at% *}; cy=${at#* }
    if [ "$cy" -lt 2 ] || [ "$cy" -ge 22 ] || [ "$cx" -lt 2 ]; then
        e2e_fail "$1: the cursor is at $cx,$cy"
    fi
}

e2e_start 80 24 --form=project p.json
e2e_wait "第 1/7 节"
cursor_ok "the first field"
# sections 1 to 4: header lines, amounts, the goals paragraph
i=0
while ! e2e_capture | grep -qF "第 5/7 节"; do
    e2e_keys Tab
    i=$((i + 1))
    [ $i -gt 40 ] && e2e_fail "Tab did not reach section 5"
    e2e_capture | grep -qF "第 5/7 节" && break
    cursor_ok "Tab $i"
done
# the indicator table: one row, each of its cells
e2e_keys F5
e2e_wait "已添加第 1 行"
cursor_ok "the new row's first cell"
for k in 1 2 3 4 5 6 7 8 9 10; do
    e2e_keys Tab
    cursor_ok "cell $((k + 1)) of row 1"
done
# a choice's list: the cursor is on its filter line, inside the box
e2e_keys Up
e2e_wait "第 5/7 节"
e2e_keys F5
e2e_wait "已添加第 2 行"
e2e_keys Enter
e2e_wait "筛选"
cursor_ok "the choice list"
e2e_keys Escape
e2e_wait_gone "筛选"
# the quit dialog: on its selected button
e2e_keys F10
e2e_wait "退出前保存吗"
cursor_ok "the quit dialog"
e2e_keys Right Enter
st=$(e2e_wait_exit)
[ "$st" = 0 ] || e2e_fail "exit status $st"
e2e_finish
