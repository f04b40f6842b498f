#!/bin/sh
# The status line and the first screen (issue 13 item 11): a brand-new draft does not say
# "已保存" before its file exists; the total is labelled with its grade ("总分 5.53 差") and,
# in a submission, with the table it belongs to; a submission opens on an overview of its
# tables and report, each with its total, grade and counts of findings, Enter going into one.
. "$(dirname "$0")/lib.sh"
e2e_init status_overview
E2E_LANG=zh_CN.UTF-8
status() { e2e_capture | sed -n 23p; }

e2e_start 80 24 --form=project p.json
e2e_wait "第 1/7 节"
sleep 0.2
status | grep -qF "已保存" && e2e_fail "a new draft says saved: $(status)"
status | grep -qF "新文件" || e2e_fail "a new draft does not say it is new: $(status)"
e2e_keys C-n
e2e_wait "第 2/7 节"
e2e_keys Tab
e2e_type "990"
e2e_keys Tab
e2e_type "547.6879"
e2e_keys Tab C-u
e2e_type "10"
e2e_wait_line "总分" "总分 5.53 差"
e2e_wait_line "总分" "未保存"
e2e_keys C-s
e2e_wait "已保存到"
e2e_keys Tab
e2e_wait_line "总分" "已保存"
e2e_keys F10
st=$(e2e_wait_exit)
[ "$st" = 0 ] || e2e_fail "exit status $st"

# a submission: the overview first
cp "$(dirname "$0")/../../forms/examples/submission.json" "$E2E_DIR/sub.json" ||
    e2e_fail "no example submission"
e2e_start 80 24 sub.json
e2e_wait "总览"
e2e_wait_line "自评报告" "错误"
e2e_wait_line "附件2 部门整体支出绩效自评表" "总分"
e2e_wait_line "项目支出绩效自评表 1" "总分"
e2e_capture | grep -qF "第 1/" && e2e_fail "the overview is not the first screen"
# Enter on the project's line goes into its first section; the status line names the table
e2e_keys End
e2e_keys Enter
e2e_wait "项目支出绩效自评表 1 · 项目信息"
e2e_wait_line "总分" "项目支出绩效自评表 1"
# and back to the overview
e2e_keys M-v
e2e_wait "总览"
e2e_wait_line "^> " "项目支出绩效自评表 1"
e2e_keys Escape
e2e_wait "项目支出绩效自评表 1 · 项目信息"
e2e_keys F10
st=$(e2e_wait_exit)
[ "$st" = 0 ] || e2e_fail "exit status $st"
e2e_finish
