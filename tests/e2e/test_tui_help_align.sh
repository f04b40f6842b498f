#!/bin/sh
# F1 help: every description starts in the same column, also after keys written with "…"
# ("Esc 1 … Esc 9, Esc 0", "PuTTY F1 … F4": characters of several bytes, one column).
. "$(dirname "$0")/lib.sh"
e2e_init help_align
E2E_LANG=C.UTF-8
e2e_start 80 24 --english "$PWD/tests/fixtures/seed001_project.json" --readonly
e2e_wait "Section 1/"
e2e_keys F1
e2e_wait "Help"
e2e_keys End
e2e_wait "Esc, then a digit"
# the column (in characters: these lines are ASCII but for the one-column "…") where each
# description starts
col() { e2e_capture | python3 -c 'import sys
t = sys.argv[1]
for l in sys.stdin.read().splitlines():
    if t in l:
        print(l.index(t)); break' "$1"; }
want=$(col "the list of sections (F2 edits in place)")
[ -n "$want" ] || e2e_fail "no line to compare with: $(e2e_capture)"
for d in "Esc, then a digit" "PuTTY sends ESC"; do
    got=$(col "$d")
    [ "$got" = "$want" ] || e2e_fail "'$d' starts in column $got, the others in $want: $(e2e_capture)"
done
e2e_keys Escape
e2e_keys F10
e2e_wait_exit >/dev/null
e2e_finish
