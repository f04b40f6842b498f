#!/bin/sh
# Projects in a department's submission (the repeated 项目支出绩效自评表): add one after the
# last, type its name and amounts and watch its own total, duplicate it, delete it (asks,
# naming it; Esc keeps it), undo the delete, save, reopen and find it with its values.
. "$(dirname "$0")/lib.sh"
e2e_init projects
cp "$(dirname "$0")/../../forms/examples/submission.json" "$E2E_DIR/sub.json" ||
    e2e_fail "no example submission"

e2e_start 80 24 sub.json
# a submission opens on its overview; the section list is a key away
e2e_wait "Overview"
# from the section list: the last project's line, Shift-F5 adds one after it
e2e_keys C-g End
e2e_wait "Project tables 1 · Filed by"
e2e_keys S-F5
e2e_wait "Project tables 2 added"
e2e_wait_line "^> +31 " "Project tables 2 · Project"
e2e_keys Enter
e2e_wait "Section 31/37"
e2e_wait "error: Project: required"
e2e_type "乡村振兴项目"
e2e_wait_line "Project" "乡村振兴项目"
# its amounts: the project's own total (status line) follows them
e2e_keys C-n
e2e_wait "Section 32/37"
e2e_wait "Total —"
e2e_keys Tab
e2e_type "200"
e2e_keys Tab
e2e_type "150"
e2e_wait_line "Execution rate" "75.00%"
e2e_wait "Total 7.50"
e2e_keys BSpace BSpace BSpace
e2e_type "200"
e2e_wait_line "Execution rate" "100.00%"
e2e_wait "Total 10.00"

# a copy goes after it (Alt-c, for terminals without shifted function keys); undo removes it
e2e_keys M-c
e2e_wait "Copied as Project tables 3"
e2e_wait "Section 38/44"
e2e_wait_line "Project" "乡村振兴项目"
e2e_keys C-z
e2e_wait "/37"

# delete asks and names the project; Esc keeps it, Yes deletes it
e2e_keys C-g End Up Up Up Up Up Up Enter
e2e_wait "Section 31/37"
e2e_keys S-F8
e2e_wait "乡村振兴项目"
e2e_wait "Delete Project tables 2"
e2e_keys Escape
e2e_wait_gone "Delete Project tables 2"
e2e_wait "Section 31/37"
e2e_keys S-F8
e2e_wait "Delete Project tables 2"
e2e_keys y
e2e_wait "Project tables 2 deleted"
e2e_wait "/30 "
e2e_keys C-g End
e2e_wait "Project tables 1 · Filed by"
e2e_wait_gone "Project tables 2"
e2e_keys Escape
# undo brings it back with everything typed
e2e_keys C-z
e2e_wait "/37 "
e2e_keys C-g End Up Up Up Up Up Enter
e2e_wait "Section 32/37"
e2e_wait_line "Executed" "200"
e2e_keys C-s
e2e_wait "Saved to"
e2e_keys F10
st=$(e2e_wait_exit)
[ "$st" = 0 ] || e2e_fail "exit status $st"
got=$(e2e_json "$E2E_DIR/sub.json" \
      "'%d|%s|%s' % (len(d['values']['projects']), d['values']['projects'][1]['header']['name'], d['values']['projects'][1]['funds']['executed'])")
[ "$got" = "2|乡村振兴项目|200" ] || e2e_fail "saved projects: '$got'"

# reopened: the project is there, with its sections
e2e_start 80 24 sub.json
e2e_wait_line "Project tables 2" "Total"
e2e_keys C-g End
e2e_wait_line "^  +37 " "Project tables 2"
e2e_keys Up Up Up Up Up Up Enter
e2e_wait "Section 31/37"
e2e_wait_line "Project" "乡村振兴项目"
e2e_keys C-n
e2e_wait_line "Annual budget" "200"
e2e_wait "Total 10.00"
e2e_keys F10
st=$(e2e_wait_exit)
[ "$st" = 0 ] || e2e_fail "exit status $st after reopening"
e2e_finish
