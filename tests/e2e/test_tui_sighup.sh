#!/bin/sh
# Never lose work: SIGHUP in the middle of editing (a dropped SSH session) and a terminal that
# vanishes leave the journal flushed; the editor leaves at once (no waiting, no spinning); the
# next session offers the unsaved changes and recovers every one.
. "$(dirname "$0")/lib.sh"
e2e_init sighup

# the lock is released last thing before exit (e2e_gone_soon)
E2E_DRAFT=p.json

e2e_start 80 24 --form=project p.json
e2e_wait "Section 1/7"
e2e_type "道路"
e2e_keys C-s
e2e_wait "Saved to"
# unsaved edits: a longer name, an amount, a table row
e2e_type "维护项目"
e2e_keys C-n Tab
e2e_type "990"
e2e_keys C-n C-n C-n
e2e_wait "Section 5/7"
e2e_keys F5
e2e_wait "added"
e2e_keys Tab Tab
e2e_type "巡查次数"
e2e_wait_line '^ *[!?]? *1[< ]' "巡查次数"
e2e_signal_keeps_work HUP "道路"

# the next session offers the changes; Recover applies every one
e2e_start 80 24 p.json
e2e_wait "Unsaved changes found"
e2e_keys Enter
e2e_wait "changes recovered"
e2e_wait_line "Project" "道路维护项目"
e2e_keys C-n
e2e_wait_line "Annual budget" "990"
e2e_keys C-n C-n C-n
e2e_wait_line '^ *[!?]? *1[< ]' "巡查次数"
e2e_keys C-s
e2e_wait "Saved to"

# a terminal that vanishes (the window is killed): same
e2e_keys Tab Tab End
e2e_type "甲"
e2e_wait_line '^ *[!?]? *1[< ]' "甲"
tmux -S "$E2E_SOCK" kill-window -t "$E2E_TARGET"
e2e_gone_soon "the terminal vanished"
[ -s "$E2E_DIR/p.json.journal" ] || e2e_fail "no journal after the terminal vanished"
e2e_start 80 24 p.json
e2e_wait "Unsaved changes found"
# Esc decides nothing: the changes wait, this session is read-only
e2e_keys Escape
e2e_wait "read-only"
e2e_keys F10
e2e_wait_exit >/dev/null
[ -s "$E2E_DIR/p.json.journal" ] || e2e_fail "Esc lost the journal"
e2e_start 80 24 p.json
e2e_wait "Unsaved changes found"
e2e_keys Enter
e2e_wait "changes recovered"
e2e_keys C-n C-n C-n C-n
e2e_wait_line '^ *[!?]? *1[< ]' "巡查次数甲"
e2e_keys C-s
e2e_wait "Saved to"
e2e_keys F10
e2e_wait_exit >/dev/null
v=$(e2e_json "$E2E_DIR/p.json" "d['values']['indicators'][0]['level3']")
[ "$v" = "巡查次数甲" ] || e2e_fail "saved '$v'"
e2e_finish
