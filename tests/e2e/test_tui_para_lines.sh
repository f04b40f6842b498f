#!/bin/sh
# The paragraph editor's "行 n/m": text that exactly fills its last line puts the cursor on
# the row below, where the next character goes; that row is counted ("行 4/4", never "行 4/3").
. "$(dirname "$0")/lib.sh"
e2e_init para_lines
E2E_LANG=zh_CN.UTF-8
e2e_start 80 24 --form=project p.json
e2e_wait "第 1/7 节"
e2e_keys C-n C-n C-n
e2e_wait "第 4/7 节"
# 80 columns: the box is 76 wide, 38 Chinese characters a line; 114 fill three lines exactly
text=$(python3 -c 'print("字" * 114)')
e2e_type "$text"
e2e_wait "行 4/4"
e2e_line_has "行" "行 4/3" && e2e_fail "the cursor's row is beyond the count"
# one character more: still the fourth line of four
e2e_type "末"
e2e_wait "行 4/4"
e2e_keys BSpace BSpace
e2e_wait "行 3/3"
e2e_keys Escape
e2e_wait "第 4/7 节"
e2e_keys F10
e2e_wait "保存"
e2e_keys Right Enter
e2e_wait_exit >/dev/null
e2e_finish
