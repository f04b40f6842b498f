#!/bin/sh
# The inbox's rows scroll as the other lists do: the selection moves inside the window, and the
# window moves only when the selection would leave it. Down past the last row shown scrolls by
# one; Up from there moves the selection, not the rows (the first row shown stays the same);
# Up past the first row shown scrolls back by one.
. "$(dirname "$0")/lib.sh"
e2e_init inbox_scroll
FIX=$(cd "$(dirname "$0")/../fixtures" && pwd)
python3 "$FIX/../../scripts/gen-submissions.py" 40 "$E2E_DIR/many" >/dev/null || e2e_fail "gen"
E2E_LANG=C.UTF-8
e2e_start 80 24 review many
e2e_wait "40 submissions" 60
e2e_wait_line "^>" "测试单位00001"
# the unit of the first row shown (line 4 of the screen: title, summary, column heads above)
first_row() { e2e_capture | sed -n 4p | grep -o '测试单位[0-9]*'; }
[ "$(first_row)" = "测试单位00001" ] || e2e_fail "first row shown: $(first_row)"
# 24 rows: 19 submissions shown. Down 20 times: the 21st selected, two rows scrolled off
i=0
while [ $i -lt 20 ]; do e2e_keys Down; i=$((i + 1)); done
e2e_wait_line "^>" "测试单位00021"
[ "$(first_row)" = "测试单位00003" ] || e2e_fail "after 20 Down the first row shown is $(first_row)"
# Up: the selection moves up inside the window, which stays where it is
e2e_keys Up
e2e_wait_line "^>" "测试单位00020"
[ "$(first_row)" = "测试单位00003" ] || e2e_fail "Up scrolled the rows: first row shown $(first_row)"
i=0
while [ $i -lt 17 ]; do e2e_keys Up; i=$((i + 1)); done
e2e_wait_line "^>" "测试单位00003"
[ "$(first_row)" = "测试单位00003" ] || e2e_fail "first row shown $(first_row) with 00003 selected"
# Up past the first row shown: the window follows
e2e_keys Up
e2e_wait_line "^>" "测试单位00002"
[ "$(first_row)" = "测试单位00002" ] || e2e_fail "first row shown $(first_row) with 00002 selected"
e2e_keys F10
e2e_wait_exit >/dev/null
e2e_finish
