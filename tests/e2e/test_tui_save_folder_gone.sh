#!/bin/sh
# A save that fails because the draft's folder was removed (a network share gone, a USB
# stick pulled), in the Chinese editor at 80x24: the failure is said in Chinese, with the
# folder named and the clerk told nothing is lost yet; quitting then does not promise that
# the journal keeps the changes (it was in the removed folder) but warns they would be lost.
# The same question with the folder in place still says the journal keeps them.
# The way out: save as (Alt-w, and the failure's own first button), the current name offered;
# the new file is then the one edited (saved there, its lock and journal beside it), and a
# name where a file is already is refused (nothing replaced). The help lists the key. Quitting
# goes on after a save as: from the quit question's own button, and from the box of a save
# that failed when the quit question's Save was chosen.
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
# the failure's first button: save as, with the current name offered; a taken name is refused
echo "keep me" >"$E2E_DIR/taken.json"
e2e_keys C-s
e2e_wait "没有丢失"
e2e_capture | grep -q "Alt-w" || e2e_fail "the failure does not name the save-as key"
e2e_keys Left Enter
e2e_wait "保存为文件"
e2e_capture | grep -qF "d/x.json" || e2e_fail "the current name is not offered"
e2e_keys C-u
e2e_type "taken.json"
e2e_keys Enter
e2e_wait "已存在"
[ "$(cat "$E2E_DIR/taken.json")" = "keep me" ] || e2e_fail "an existing file was replaced"
e2e_keys Enter
e2e_wait_gone "已存在"
e2e_keys M-w
e2e_wait "保存为文件"
e2e_keys C-u
e2e_type "y.json"
e2e_keys Enter
e2e_wait "已另存为 y.json"
e2e_wait "y.json"
grep -q "测试项目" "$E2E_DIR/y.json" || e2e_fail "not saved as y.json"
[ -f "$E2E_DIR/y.json.lock" ] || e2e_fail "no lock beside the new file"
[ -f "$E2E_DIR/y.json.journal" ] || e2e_fail "no journal beside the new file"
# edits go on in the new file, and the journal there keeps them again
e2e_keys BTab
e2e_type "又改了"
e2e_keys Tab
e2e_wait "未保存"
e2e_keys F10
e2e_wait "下次打开时可恢复"
e2e_keys Enter
st=$(e2e_wait_exit)
[ "$st" = 0 ] || e2e_fail "exit status $st"
grep -q "又改了" "$E2E_DIR/y.json" || e2e_fail "the next save did not go to y.json"
[ -f "$E2E_DIR/y.json.lock" ] && e2e_fail "the lock stayed"
# the help screen lists the key
e2e_start 80 24 y.json
e2e_wait "第 1/7 节"
e2e_keys F1
e2e_wait "帮助：全部按键"
found=
for i in 1 2 3 4 5 6; do
    e2e_capture | grep -q "Alt-w.*另存为" && { found=1; break; }
    e2e_keys NPage
    sleep 0.2
done
[ -n "$found" ] || e2e_fail "the help does not list Alt-w"
e2e_keys Escape F10
st=$(e2e_wait_exit)
[ "$st" = 0 ] || e2e_fail "exit status $st"

# quit, Save fails (the folder went), the box's save as, a new name: saved there and quits
mkdir "$E2E_DIR/e"
cp "$PWD/tests/fixtures/seed001_project.json" "$E2E_DIR/e/q.json"
e2e_start 80 24 e/q.json
e2e_wait "第 1/7 节"
e2e_type "退出前另存"
e2e_keys Tab
e2e_wait "未保存"
rm -rf "$E2E_DIR/e"
e2e_keys F10
e2e_wait "退出前保存吗"
e2e_keys Enter
e2e_wait "没有丢失"
e2e_keys Left Enter
e2e_wait "保存为文件"
e2e_keys C-u
e2e_type "q2.json"
e2e_keys Enter
st=$(e2e_wait_exit)
[ "$st" = 0 ] || e2e_fail "exit status $st"
grep -q "退出前另存" "$E2E_DIR/q2.json" || e2e_fail "not saved as q2.json before quitting"
[ -f "$E2E_DIR/q2.json.lock" ] && e2e_fail "the lock of q2.json stayed"

# the quit question's own save-as button
e2e_start 80 24 q2.json
e2e_wait "第 1/7 节"
e2e_type "再另存一次"
e2e_keys Tab
e2e_wait "未保存"
e2e_keys F10
e2e_wait "退出前保存吗"
e2e_keys Right Right Enter
e2e_wait "保存为文件"
e2e_keys C-u
e2e_type "q3.json"
e2e_keys Enter
st=$(e2e_wait_exit)
[ "$st" = 0 ] || e2e_fail "exit status $st"
grep -q "再另存一次" "$E2E_DIR/q3.json" || e2e_fail "not saved as q3.json before quitting"
grep -q "再另存一次" "$E2E_DIR/q2.json" && e2e_fail "q2.json changed although saved as q3.json"
[ -f "$E2E_DIR/q2.json.journal" ] && e2e_fail "q2.json's journal stayed (its changes are in q3.json)"
e2e_finish
