#!/bin/sh
# Never lose work: SIGTERM in the middle of editing (a shutdown, `kill`) leaves the journal
# flushed and the draft as last saved; the editor leaves at once; the next session
# offers the unsaved changes and recovers every one (text, an amount, a table row), and a
# second SIGTERM while the recovery question is open loses nothing either. A new draft killed
# before its first save is offered back too, before any question about its form.
. "$(dirname "$0")/lib.sh"
e2e_init sigterm

E2E_DRAFT=p.json

e2e_start 80 24 --form=project p.json
e2e_wait "Section 1/7"
e2e_type "河道"
e2e_keys C-s
e2e_wait "Saved to"
# unsaved: more of the name, an amount, a table row with Chinese text
e2e_type "整治工程"
e2e_keys C-n Tab Tab
e2e_type "547.6879"
e2e_wait_line "Executed" "547.6879"
e2e_keys C-n C-n C-n
e2e_wait "Section 5/7"
e2e_keys F5
e2e_wait "added"
e2e_keys Tab Tab
e2e_type "清淤长度"
e2e_wait_line '^ *[!?]? *1[< ]' "清淤长度"
e2e_signal_keeps_work TERM "河道"

# SIGTERM while the recovery question waits: nothing is decided, the journal stays
e2e_start 80 24 p.json
e2e_wait "Unsaved changes found"
pid=$(e2e_pid)
kill -TERM "$pid"
e2e_gone_soon "SIGTERM in the recovery dialog"
e2e_wait_exit >/dev/null
[ -s "$E2E_DIR/p.json.journal" ] || e2e_fail "the journal went with the second SIGTERM"

# the next session recovers every change
e2e_start 80 24 p.json
e2e_wait "Unsaved changes found"
e2e_keys Enter
e2e_wait "changes recovered"
e2e_wait_line "Project" "河道整治工程"
e2e_keys C-n
e2e_wait_line "Executed" "547.6879"
e2e_keys C-n C-n C-n
e2e_wait_line '^ *[!?]? *1[< ]' "清淤长度"
e2e_keys C-s
e2e_wait "Saved to"
e2e_keys F10
st=$(e2e_wait_exit)
[ "$st" = 0 ] || e2e_fail "exit status $st"
got=$(e2e_json "$E2E_DIR/p.json" \
      "'%s|%s|%s' % (d['values']['header']['name'], d['values']['funds']['executed'], d['values']['indicators'][0]['level3'])")
[ "$got" = "河道整治工程|547.6879|清淤长度" ] || e2e_fail "saved '$got'"

# a new draft killed before its first save: no file, only its journal. Opening the path
# without a form offers the recovery first (the journal names the form), not the form picker
e2e_start 80 24 --form=project new.json
e2e_wait "Section 1/7"
e2e_type "从未保存"
e2e_wait_line "Project" "从未保存"
kill -TERM "$(e2e_pid)"
e2e_wait_exit >/dev/null
[ -f "$E2E_DIR/new.json" ] && e2e_fail "a draft file appeared without a save"
[ -s "$E2E_DIR/new.json.journal" ] || e2e_fail "no journal for the new draft"
e2e_start 80 24 new.json
e2e_wait "Unsaved changes found"
e2e_line_has "." "choose a form" && e2e_fail "the form picker came first"
e2e_keys Enter
e2e_wait "changes recovered"
e2e_wait "Project expenditure performance self-evaluation"
e2e_wait_line "Project" "从未保存"
e2e_keys C-s
e2e_wait "Saved to"
e2e_keys F10
e2e_wait_exit >/dev/null
got=$(e2e_json "$E2E_DIR/new.json" "d['form']['id'] + '|' + d['values']['header']['name']")
[ "$got" = "project|从未保存" ] || e2e_fail "saved new draft '$got'"
e2e_finish
