#!/bin/sh
# Mouse clicks (see e2e_click in lib.sh for how a click reaches the program; the cursor shows
# where the focus went before anything is typed): a click on a
# field's label or value focuses it, a click inside the focused value puts the cursor there, a
# click on a table cell focuses that cell, a click in the section list jumps there.
. "$(dirname "$0")/lib.sh"
e2e_init mouse

# line number (from 0) and column (from 0) of TEXT on screen, for lines of ASCII before it
y_of() { e2e_capture | grep -nF -- "$1" | head -1 | cut -d: -f1 | awk '{print $1 - 1}'; }
x_of() { e2e_capture | grep -F -- "$1" | head -1 | awk -v t="$2" '{print index($0, t) - 1}'; }

e2e_start 80 24 --form=project p.json
e2e_wait "Section 1/7"
e2e_keys C-n
e2e_wait "Section 2/7"
# the focus is on the first field; a click on another field's label moves it there
y=$(y_of "Executed")
[ -n "$y" ] && [ "$y" -gt 1 ] || e2e_fail "no Executed line"
e2e_click 4 "$y"
e2e_wait_cursor "$y"
e2e_type "80"
e2e_wait_line "Executed" "80"
e2e_line_has "Initial budget" "80" && e2e_fail "typed into the wrong field"
# a click on the value column of another line
y=$(y_of "Annual budget")
e2e_click 40 "$y"
e2e_wait_cursor "$y"
e2e_type "100"
e2e_wait_line "Annual budget" "100"
e2e_wait_line "Execution rate" "80.00%"
# a click on the first digit of the focused value puts the cursor before it
x=$(x_of "Annual budget" "100")
[ "$x" -gt 10 ] || e2e_fail "no value 100 on the Annual budget line"
e2e_click "$x" "$y"
e2e_wait_cursor "$y" "$x"
e2e_type "2"
e2e_wait_line "Annual budget" "2100"
e2e_wait_line "Execution rate" "3.81%"

# a table cell
e2e_keys C-n C-n C-n
e2e_wait "Section 5/7"
e2e_keys F5
e2e_wait "Row 1 added"
e2e_keys F5
e2e_wait "Row 2 added"
y=$(e2e_capture | grep -nE '^ *[!?]? +1 ' | head -1 | cut -d: -f1)
[ -n "$y" ] || e2e_fail "no row 1"
y=$((y - 1))
x=$(x_of "Level 3" "Level 3")
[ "$x" -gt 10 ] || e2e_fail "no Level 3 column"
e2e_click $((x + 1)) "$y"
e2e_wait_cursor "$y"
e2e_type "甲"
e2e_wait_line '^ *[!?]? +1 ' "甲"
e2e_line_has '^ *[!?]? +2 ' "甲" && e2e_fail "typed into row 2"

# the section list: a click jumps to the section clicked
e2e_keys C-g
e2e_wait "Funds by source"
y=$(y_of "Funds by source")
e2e_click 10 "$y"
e2e_wait "Section 3/7"

e2e_keys C-s
e2e_wait "Saved to"
e2e_keys F10
st=$(e2e_wait_exit)
[ "$st" = 0 ] || e2e_fail "exit status $st"
got=$(e2e_json "$E2E_DIR/p.json" \
      "'%s|%s|%s' % (d['values']['funds']['executed'], d['values']['funds']['budget_annual'], d['values']['indicators'][0].get('level3', ''))")
[ "$got" = "80|2100|甲" ] || e2e_fail "saved '$got'"
e2e_finish
