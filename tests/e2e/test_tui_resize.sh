#!/bin/sh
# Resizing at any moment: 20x10 shows a message (never a crash), back to 80x24 and on to a
# wide terminal every value is still there; keys typed while too small are kept (the screen
# says so) and take effect once it is large enough, after what was typed before.
. "$(dirname "$0")/lib.sh"
e2e_init resize
E2E_LANG=zh_CN.UTF-8
e2e_start 80 24 --form=project p.json
e2e_wait "第 1/7 节"
e2e_type "城市道路维护项目"
e2e_keys C-n C-n C-n C-n
e2e_wait "第 5/7 节"
e2e_keys F5
e2e_wait "已添加第 1 行"
e2e_keys Tab Tab
e2e_type "道路维修里程"
e2e_resize 20 10
e2e_wait "终端太小"
e2e_type "xyz"
e2e_wait "3"
e2e_resize 80 24
e2e_wait "第 5/7 节"
e2e_wait_line '^ *[!?]? *1[< ]' "道路维修里程xyz"
# small but usable, then wide: more columns show, nothing lost
e2e_resize 60 16
e2e_wait_line '^ *[!?]? *1[< ]' "道路维修里程xyz"
e2e_resize 160 40
e2e_wait "偏差原因分析及改进措施"
e2e_wait_line '^ *[!?]? *1[< ]' "道路维修里程xyz"
e2e_keys C-p C-p C-p C-p
e2e_wait_line "项目支出名称" "城市道路维护项目"
# a dialog survives a resize too
e2e_keys F10
e2e_wait "退出前保存吗"
e2e_resize 30 12
e2e_wait "终端太小"
e2e_resize 80 24
e2e_wait "退出前保存吗"
e2e_keys Right Enter
st=$(e2e_wait_exit)
[ "$st" = 0 ] || e2e_fail "exit status $st"
e2e_finish
