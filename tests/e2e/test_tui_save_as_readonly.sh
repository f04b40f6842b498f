#!/bin/sh
# A draft in a folder that cannot be written (a read-only disk: a CD, a read-only share) opens
# read-only, and the box that says why (in Chinese) names the way to keep working: save as (Alt-w) to a
# place that can be written. The copy is then the draft edited: typing and Ctrl-S work there,
# and the original is untouched. The disk: a tmpfs mounted read-only (needs root; the test
# says so and passes without it).
. "$(dirname "$0")/lib.sh"
e2e_init save_as_readonly
RO=$E2E_DIR/ro
mkdir "$RO"
if ! mount -t tmpfs -o size=1m tmpfs "$RO" 2>/dev/null; then
    echo "skip save_as_readonly: cannot mount a tmpfs here (not root?)"
    exit 0
fi
trap 'tmux -S "$E2E_SOCK" kill-server 2>/dev/null; sleep 0.2; umount "$RO" 2>/dev/null; e2e_cleanup' EXIT INT TERM
cp "$PWD/tests/fixtures/seed001_project.json" "$RO/x.json"
mount -o remount,ro "$RO" || e2e_fail "cannot remount read-only"
before=$(sha256sum < "$RO/x.json")
E2E_LANG=zh_CN.UTF-8
e2e_start 80 24 ro/x.json
e2e_wait "此文件不能修改"
e2e_wait "Alt-w"
# why, in Chinese (the lock cannot be made on a read-only disk)
e2e_wait "磁盘只读"
e2e_capture | grep -q "cannot" && e2e_fail "the reason is in English"
e2e_keys Enter
e2e_wait_gone "此文件不能修改"
e2e_keys M-w
e2e_wait "保存为文件"
e2e_keys C-u
e2e_type "copy.json"
e2e_keys Enter
e2e_wait "已另存为 copy.json"
[ -f "$E2E_DIR/copy.json" ] || e2e_fail "no copy written"
e2e_type "可以改了"
e2e_keys Tab
e2e_wait "未保存"
e2e_keys C-s
e2e_wait "已保存到 copy.json"
grep -q "可以改了" "$E2E_DIR/copy.json" || e2e_fail "the change is not in the copy"
[ "$(sha256sum < "$RO/x.json")" = "$before" ] || e2e_fail "the original changed"
e2e_keys F10
st=$(e2e_wait_exit)
[ "$st" = 0 ] || e2e_fail "exit status $st"
e2e_finish
