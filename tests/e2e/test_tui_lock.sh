#!/bin/sh
# A second editor on a draft that is being edited opens it read-only and says who holds it;
# it can look but not change or save (its key bar offers no key that edits), and leaving it
# does not free the first editor's lock.
. "$(dirname "$0")/lib.sh"
e2e_init lock
e2e_start 80 24 --form=project p.json
e2e_wait "Section 1/7"
e2e_type "第一个"
e2e_keys C-s
e2e_wait "Saved to"
first=$E2E_TARGET
e2e_start 80 24 p.json
e2e_wait "The draft is being edited"
e2e_wait "is editing this draft"
e2e_line_has "is editing" "$(id -un)" || e2e_fail "the holder's name is not shown"
e2e_keys Enter
e2e_wait_gone "The draft is being edited"
e2e_wait "read-only"
e2e_wait_line "Project" "第一个"
# the key bar offers no key that edits (save, undo, add a row): they only say "read-only"
bar=$(e2e_capture | grep -E '^F1 ' | tail -1)
[ -n "$bar" ] || e2e_fail "no key bar"
case "$bar" in *"^S"*|*"^Z"*|*"F5"*) e2e_fail "the read-only key bar offers editing keys: $bar" ;; esac
e2e_type "x"
e2e_wait "open read-only"
e2e_keys C-s
e2e_wait "open read-only"
e2e_keys F10
e2e_wait_exit >/dev/null
[ -f "$E2E_DIR/p.json.lock" ] || e2e_fail "the read-only session removed the lock"
E2E_TARGET=$first
e2e_type "的"
e2e_wait_line "Project" "第一个的"
e2e_keys C-s
e2e_wait "Saved to"
e2e_keys F10
e2e_wait_exit >/dev/null
[ -f "$E2E_DIR/p.json.lock" ] && e2e_fail "the lock stayed"
e2e_finish
