#!/bin/sh
# The mouse is documented and can be left to the terminal: F1 help explains clicks and
# Shift-drag and names --no-mouse; with --no-mouse the editor never switches mouse reporting
# on (tmux's mouse flags of the pane stay 0), so a plain drag selects text.
. "$(dirname "$0")/lib.sh"
e2e_init no_mouse
flags() {
    tmux -S "$E2E_SOCK" display-message -p -t "$E2E_TARGET" \
        '#{mouse_standard_flag}#{mouse_button_flag}#{mouse_any_flag}'
}
e2e_start 100 30 --form=project p.json
e2e_wait "Section 1/7"
[ "$(flags)" = 000 ] && e2e_fail "mouse reporting is off without --no-mouse"
e2e_keys F1
e2e_wait "Help: every key"
e2e_keys End
e2e_wait "no-mouse"
e2e_wait "Shift + drag"
e2e_wait "Esc 1"
e2e_keys Escape F10
e2e_wait_exit >/dev/null

e2e_start 100 30 --no-mouse --form=project q.json
e2e_wait "Section 1/7"
[ "$(flags)" = 000 ] || e2e_fail "mouse reporting switched on with --no-mouse: $(flags)"
e2e_keys F10
[ "$(e2e_wait_exit)" = 0 ] || e2e_fail "exit status"
grep -q -- "--no-mouse" "$(dirname "$0")/../../README.md" || e2e_fail "README does not document --no-mouse"
e2e_finish
