#!/bin/sh
# A journal that cannot be written (the disk is full) is a persistent, visible state: the
# status line says so as soon as it happens (no key needed), keeps saying it through further
# keys, and only a successful save ends it. The disk: a small tmpfs (needs root to mount; the
# test says so and passes without it).
. "$(dirname "$0")/lib.sh"
e2e_init journal_full
FULL=$E2E_DIR/full
mkdir "$FULL"
if ! mount -t tmpfs -o size=256k tmpfs "$FULL" 2>/dev/null; then
    echo "skip journal_full: cannot mount a small tmpfs here (not root?)"
    exit 0
fi
trap 'tmux -S "$E2E_SOCK" kill-server 2>/dev/null; sleep 0.2; umount "$FULL" 2>/dev/null; e2e_cleanup' EXIT INT TERM

python3 -c "print('预算执行情况说明' * 600)" > "$E2E_DIR/long.txt"
E2E_LANG=zh_CN.UTF-8
e2e_start 80 24 --form=project full/p.json
e2e_wait "第 1/7 节"
e2e_keys C-s
e2e_wait "已保存到"
# fill the disk, then a change too big for what is left of the journal's last page
dd if=/dev/zero of="$FULL/filler" bs=4k 2>/dev/null
e2e_type "道路维修"
e2e_paste "$E2E_DIR/long.txt"
e2e_wait "无法写入日志" 5
e2e_wait "磁盘已满"
e2e_wait "Ctrl-S"
# and the way out when the disk stays full: save as, elsewhere
e2e_wait "Alt-w"
# still there after other keys
e2e_keys Tab
e2e_type "市住建局"
sleep 0.5
e2e_wait "无法写入日志"
e2e_keys C-n
e2e_wait "第 2/7 节"
e2e_wait "无法写入日志"
# a save that fails (the disk is still full) does not end it
e2e_keys C-s
e2e_wait "磁盘已满"
e2e_keys Enter
e2e_wait "无法写入日志"
# room again: the save works and the state ends
rm -f "$FULL/filler"
e2e_keys C-s
e2e_wait "已保存到"
e2e_wait_gone "无法写入日志"
e2e_keys F10
e2e_wait_exit >/dev/null
e2e_json "$FULL/p.json" "d['values']['header']['name']" | grep -q "道路维修" ||
    e2e_fail "the text typed while the journal failed was not saved"
umount "$FULL"
e2e_finish
