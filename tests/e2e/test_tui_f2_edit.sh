#!/bin/sh
# F2 edits the focused field in place, as in Excel (issue 13 item 2): on a filled field just
# reached by Tab, F2 puts the cursor at the end of its text and what is typed next is added,
# not put in its place; the same from PuTTY's F2 (ESC [12~) and from Esc 2. F2 never opens
# the section list: that is Ctrl-G on any terminal, or Alt-g.
. "$(dirname "$0")/lib.sh"
e2e_init f2_edit

# send HEX...: the bytes in one write, as a terminal sends one key
send() {
    for h in $*; do
        # shellcheck disable=SC2059
        printf "\\$(printf '%03o' "0x$h")"
    done > "$E2E_DIR/keys"
    tmux -S "$E2E_SOCK" load-buffer -b k "$E2E_DIR/keys" || e2e_fail "load-buffer failed"
    tmux -S "$E2E_SOCK" paste-buffer -d -r -b k -t "$E2E_TARGET" || e2e_fail "paste failed"
}

E2E_ENV="TERM=xterm"
e2e_start 80 24 --form=project p.json
e2e_wait "Section 1/7"
e2e_type "Road"
e2e_wait_line '^[!? ] +Project' "Road"
# back on it by moving: typing alone would replace it; F2 first adds to it
e2e_keys Tab BTab
e2e_keys F2
e2e_type "works"
e2e_wait_line '^[!? ] +Project' "Roadworks"
e2e_capture | grep -qE '^ *Sections' && e2e_fail "F2 opened the section list"
# PuTTY's F2 (its default function-key mode)
e2e_keys Tab BTab
send 1b 5b 31 32 7e
e2e_type " A"
e2e_wait_line '^[!? ] +Project' "Roadworks A"
# Esc, then 2 (a terminal whose F2 does not arrive)
e2e_keys Tab BTab
send 1b
sleep 0.3
e2e_type "2"
e2e_type "B"
e2e_wait_line '^[!? ] +Project' "Roadworks AB"
e2e_capture | grep -qE '^ *Sections' && e2e_fail "Esc 2 opened the section list"

# an indicator table's cell: F2 on the 三级指标 just reached
e2e_keys C-n C-n C-n C-n
e2e_wait "Section 5/7"
e2e_keys F5
e2e_wait "added"
e2e_keys Tab Tab
e2e_type "GDP"
e2e_wait_line '^ *[!?]? *1[< ]' "GDP"
e2e_keys Tab BTab F2
e2e_type " growth"
e2e_wait_line '^ *[!?]? *1[< ]' "GDP growth"

# the section list: Alt-g (as a terminal sends it: ESC g) and Ctrl-G
send 1b 67
e2e_wait_line '^ *Sections' ""
e2e_keys Escape
e2e_wait "Section 5/7"
e2e_keys C-g
e2e_wait_line '^ *Sections' ""
e2e_keys Home Enter
e2e_wait "Section 1/7"
# F1 help names F2 as the key that edits in place, and the new keys of the section list
e2e_keys F1
e2e_wait "Help: every key"
e2e_wait "Ctrl-G / Alt-g"
# (a page or two down, as the help grows)
for i in 1 2 3; do
    e2e_keys PageDown
    sleep 0.2
    e2e_line_has "F2 / Esc 2" "in place" && break
done
e2e_wait_line "F2 / Esc 2" "in place"
e2e_keys Escape
e2e_wait "Section 1/7"

e2e_keys C-s
e2e_wait "Saved to"
v=$(e2e_json "$E2E_DIR/p.json" "d['values']['header']['name']")
[ "$v" = "Roadworks AB" ] || e2e_fail "the project's name is '$v'"
v=$(e2e_json "$E2E_DIR/p.json" "d['values']['indicators'][0]['level3']")
[ "$v" = "GDP growth" ] || e2e_fail "row 1's 三级指标 is '$v'"
e2e_keys F10
st=$(e2e_wait_exit)
[ "$st" = 0 ] || e2e_fail "exit status $st"
e2e_finish
