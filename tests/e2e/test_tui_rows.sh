#!/bin/sh
# Table rows in the editor: add, duplicate, move, delete (asks first; Esc and No keep the row),
# undo of a delete; the column labels stay in view and columns scroll sideways.
. "$(dirname "$0")/lib.sh"
e2e_init rows

# the three row labels in screen order, as one string ("甲乙丙")
order() {
    e2e_capture | grep -E '^ *[!?]? *[0-9]+[< ]' | grep -oE '甲|乙|丙|丁' | tr -d '\n'
}
wait_order() {
    end=$(( $(date +%s) + E2E_TIMEOUT ))
    while [ "$(order)" != "$1" ]; do
        [ "$(date +%s)" -ge "$end" ] && e2e_fail "row order '$(order)', wanted '$1'"
        sleep 0.05
    done
}

e2e_start 80 24 --form=project p.json
e2e_wait "Section 1/7"
e2e_keys C-n C-n C-n C-n
e2e_wait "Section 5/7"
for name in 甲 乙 丙; do
    e2e_keys F5
    e2e_wait "added"
    e2e_keys Tab Tab
    e2e_type "$name"
done
wait_order "甲乙丙"
e2e_wait "Level 3 (indicator)"

# move the third row up: Alt-Up
e2e_keys M-Up
e2e_wait "Moved to row 2"
wait_order "甲丙乙"
# and down again with Ctrl-Down
e2e_keys C-Down
e2e_wait "Moved to row 3"
wait_order "甲乙丙"

# duplicate the last row
e2e_keys F6
e2e_wait "Copied as row 4"
wait_order "甲乙丙丙"
e2e_keys C-u
e2e_type "丁"
# the focus left the first columns: they scrolled off to the left, the labels still show
e2e_keys Tab Tab Tab Tab Tab
e2e_wait_line "^ +#<" "Direction"
end=$(( $(date +%s) + E2E_TIMEOUT ))
while e2e_line_has "^ +#" "Level 1"; do
    [ "$(date +%s)" -ge "$end" ] && e2e_fail "the column labels did not scroll"
    sleep 0.05
done

# delete asks; Esc and No keep the row
e2e_keys F8
e2e_wait "Delete row 4?"
e2e_keys Escape
e2e_wait_gone "Delete row 4?"
e2e_keys F8
e2e_wait "Delete row 4?"
e2e_keys Enter
e2e_wait_gone "Delete row 4?"
e2e_keys BTab BTab BTab BTab BTab
wait_order "甲乙丙丁"
e2e_keys F8
e2e_wait "Delete row 4?"
e2e_keys y
e2e_wait "Row 4 deleted"
wait_order "甲乙丙"

# undo brings it back, redo deletes it again
e2e_keys C-z
wait_order "甲乙丙丁"
e2e_keys C-y
wait_order "甲乙丙"

e2e_keys C-s
e2e_wait "Saved to"
e2e_keys F10
st=$(e2e_wait_exit)
[ "$st" = 0 ] || e2e_fail "exit status $st"
got=$(e2e_json "$E2E_DIR/p.json" "''.join(r.get('level3','') for r in d['values']['indicators'])")
[ "$got" = "甲乙丙" ] || e2e_fail "saved rows '$got', wanted 甲乙丙"
e2e_finish
