#!/bin/sh
# The recovery dialogs ask questions the clerk can answer: choosing Discard asks "Discard the
# unsaved changes?" (naming where the journal goes) with buttons that say what they do;
# backing out of that returns to the choice (never to a session that asks the same again on
# every open); confirming sets the journal aside once, and the next open asks nothing.
. "$(dirname "$0")/lib.sh"
e2e_init recovery_dialogs
E2E_DRAFT=p.json
e2e_start 80 24 --form=project p.json
e2e_wait "Section 1/7"
e2e_type "道路"
e2e_keys C-s
e2e_wait "Saved to"
e2e_type "维护"
e2e_wait_line "Project" "道路维护"
e2e_signal_keeps_work HUP "道路"

e2e_start 80 24 p.json
e2e_wait "Unsaved changes found"
e2e_keys Tab Tab Enter
e2e_wait "Discard the unsaved changes?"
e2e_wait "journal.discarded"
e2e_wait "Back"
# Back is the default: Esc or Enter returns to the choice, Discard still selected
e2e_keys Escape
e2e_wait "What should happen to them?"
e2e_wait "[ Discard ]"
e2e_keys Enter
e2e_wait "Discard the unsaved changes?"
e2e_wait "[ Back ]"
e2e_keys Left Enter
e2e_wait "moved aside"
e2e_wait_line "Project" "道路"
e2e_line_has "Project" "维护" && e2e_fail "the discarded change is on screen"
e2e_keys F10
e2e_wait_exit >/dev/null
ls "$E2E_DIR"/p.json.journal.discarded-* >/dev/null 2>&1 || e2e_fail "no journal set aside"
# the next open asks nothing
e2e_start 80 24 p.json
e2e_wait "Section 1/7"
sleep 0.5
e2e_capture | grep -qF "Unsaved changes found" && e2e_fail "the recovery question came back"
e2e_keys F10
e2e_wait_exit >/dev/null
e2e_finish
