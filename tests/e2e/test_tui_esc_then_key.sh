#!/bin/sh
# Esc typed a moment before the next key (issue 13 item 4, seen once after PuTTY's F1): within
# ESCDELAY the bytes "ESC x" are also what a terminal sends for Alt-x, and the help stayed open
# because the Esc was read as Alt with the next key. Where Esc means something (the help, a
# list, a dialog) and Alt-x nothing, it is Esc, then x: the Esc closes, x goes to the screen
# below. Alt keys that mean something keep working. Each "ESC x" is sent in one write, as
# the terminal delivers an Esc and a key pressed close together (or under load).
. "$(dirname "$0")/lib.sh"
e2e_init esc_then_key

send() {   # send PRINTF-FORMAT: the bytes in one write
    # shellcheck disable=SC2059
    printf "$1" > "$E2E_DIR/keys"
    tmux -S "$E2E_SOCK" load-buffer -b k "$E2E_DIR/keys" || e2e_fail "load-buffer failed"
    tmux -S "$E2E_SOCK" paste-buffer -d -r -b k -t "$E2E_TARGET" || e2e_fail "paste failed"
}
name() { e2e_wait_line '^[!? ] +Project' "$1"; }

E2E_ENV="TERM=xterm"
e2e_start 80 24 --form=project p.json
e2e_wait "Section 1/7"
# the help by PuTTY's F1, closed by an Esc with the next letter right behind it
send '\033[11~'
e2e_wait "Help: every key"
send '\033a'
e2e_wait_gone "Help: every key"
name "a"
# the same by tmux's own keys, sent back to back
send '\033[11~'
e2e_wait "Help: every key"
e2e_keys Escape b
e2e_wait_gone "Help: every key"
name "ab"
# an Alt key with a meaning here is still that key: Alt-b, a word to the left
send '\033b'
e2e_type "X"
name "Xab"
# the section list (Ctrl-G), closed by Esc with 'c' behind it — Alt-c (duplicate a project)
# means nothing in a list of a project table
e2e_keys End
e2e_keys C-g
e2e_wait_line '^ *Sections' ""
send '\033c'
e2e_wait_gone "Enter Choose"
name "Xabc"
# a dialog: the question before quitting, cancelled the same way
e2e_keys F10
e2e_wait "Save them before quitting"
send '\033d'
e2e_wait_gone "Save them before quitting"
name "Xabcd"
e2e_keys C-s
e2e_wait "Saved to"
v=$(e2e_json "$E2E_DIR/p.json" "d['values']['header']['name']")
[ "$v" = "Xabcd" ] || e2e_fail "the project's name is '$v'"
e2e_keys F10
st=$(e2e_wait_exit)
[ "$st" = 0 ] || e2e_fail "exit status $st"
e2e_finish
