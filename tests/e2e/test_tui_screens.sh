#!/bin/sh
# The frame and the other screens: F1 help lists the keys of the key table; the section list
# with its counts jumps; quitting with changes asks and a bare Esc keeps everything; NO_COLOR
# gives no colour; the header and status line carry the form, file, total and state.
. "$(dirname "$0")/lib.sh"
e2e_init screens
e2e_start 80 24 --form=project p.json
e2e_wait "Section 1/7"
e2e_wait "Project expenditure performance self-evaluation"
e2e_wait "p.json"
e2e_wait "F1 Help"
e2e_keys F1
e2e_wait "Help: every key"
e2e_wait "Ctrl-S"
e2e_wait "F10 / Ctrl-Q / Ctrl-C"
e2e_keys PageDown PageDown PageDown
e2e_wait "Alt-Up / Ctrl-Up"
e2e_keys Escape
e2e_wait "Section 1/7"
# the section list: counts, and Enter jumps
e2e_keys C-g
e2e_wait_line "Funds" "!   2"
e2e_keys Down Down Down Down Enter
e2e_wait "Section 5/7"
# unsaved: quitting asks; Esc keeps the editor and the text
e2e_keys F5
e2e_wait "added"
e2e_type "产出指标"
e2e_wait "unsaved"
e2e_keys F10
e2e_wait "Save them before quitting"
e2e_keys Escape
e2e_wait_gone "Save them before quitting"
e2e_wait_line '^ *[!?]? *1[< ]' "产出指标"
e2e_keys C-q
e2e_wait "Save them before quitting"
e2e_keys Enter
st=$(e2e_wait_exit)
[ "$st" = 0 ] || e2e_fail "exit status $st"
v=$(e2e_json "$E2E_DIR/p.json" "d['values']['indicators'][0]['level1']")
[ "$v" = "产出指标" ] || e2e_fail "saved '$v'"

# colours by default, none with NO_COLOR
e2e_start 80 24 p.json
e2e_wait "Section 1/7"
tmux -S "$E2E_SOCK" capture-pane -e -p -t "$E2E_TARGET" | grep -q "$(printf '\033')\[3[0-7]m" ||
    e2e_fail "no colour by default"
e2e_keys F10
e2e_wait_exit >/dev/null
E2E_ENV="NO_COLOR=1"
e2e_start 80 24 p.json
e2e_wait "Section 1/7"
tmux -S "$E2E_SOCK" capture-pane -e -p -t "$E2E_TARGET" | grep -q "$(printf '\033')\[[34][0-7]m" &&
    e2e_fail "colour with NO_COLOR"
e2e_keys F10
e2e_wait_exit >/dev/null
e2e_finish
