#!/bin/sh
# A save that fails because the draft's folder was removed (a network share gone, a USB
# stick pulled), in the Chinese editor at 80x24: the failure is said in Chinese, with the
# folder named and the clerk told nothing is lost yet; quitting then does not promise that
# the journal keeps the changes (it was in the removed folder) but warns they would be lost.
# The same question with the folder in place still says the journal keeps them.
. "$(dirname "$0")/lib.sh"
e2e_init save_folder_gone
mkdir "$E2E_DIR/d"
cp "$PWD/tests/fixtures/seed001_project.json" "$E2E_DIR/d/x.json"
E2E_LANG=zh_CN.UTF-8
e2e_start 80 24 d/x.json
e2e_wait "第 1/7 节"
e2e_type "测试项目"
e2e_keys Tab
e2e_wait "未保存"
# with the folder in place the journal keeps the changes, and the question says so
e2e_keys F10
e2e_wait "下次打开时可恢复"
e2e_keys Escape
e2e_wait_gone "下次打开时可恢复"
rm -rf "$E2E_DIR/d"
e2e_keys C-s
e2e_wait "不存在"
e2e_capture | grep -q "cannot" && e2e_fail "the failure is in English"
e2e_wait "没有丢失"
e2e_capture | grep -qF "d/x.json" || e2e_fail "the file is not named"
e2e_keys Enter
e2e_wait_gone "没有丢失"
e2e_keys F10
e2e_wait "退出前保存吗"
e2e_capture | grep -q "下次打开时可恢复" && e2e_fail "promises the removed journal keeps the changes"
e2e_wait "将丢失"
e2e_keys Escape
e2e_wait_gone "退出前保存吗"
e2e_keys F10
e2e_wait "退出前保存吗"
e2e_keys Right Enter
st=$(e2e_wait_exit)
[ "$st" = 0 ] || e2e_fail "exit status $st"
e2e_finish
