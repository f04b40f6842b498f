#!/bin/sh
# Saving over a read-only draft (mode 0444) asks first, as vim does, in the clerk's language:
# "n" leaves the file as it was, "y" saves, and the file stays read-only. Saving over a draft
# another program changed since it was opened asks too (its changes would be lost): "n" keeps
# that version, "y" replaces it.
. "$(dirname "$0")/lib.sh"
e2e_init save_readonly
cp "$PWD/tests/fixtures/seed001_project.json" "$E2E_DIR/r.json"
chmod 0444 "$E2E_DIR/r.json"
before=$(sha256sum < "$E2E_DIR/r.json")
E2E_LANG=zh_CN.UTF-8
e2e_start 100 30 r.json
e2e_wait "第 1/7 节"

e2e_type "改过的项目名称"
e2e_keys Tab C-s
e2e_wait "只读文件（权限 0444）"
e2e_keys n
e2e_wait_gone "只读文件"
[ "$(sha256sum < "$E2E_DIR/r.json")" = "$before" ] || e2e_fail "replaced although the answer was no"
e2e_keys C-s
e2e_wait "只读文件"
e2e_keys y
e2e_wait "已保存到"
grep -q "改过的项目名称" "$E2E_DIR/r.json" || e2e_fail "not saved after yes"
[ "$(stat -c %a "$E2E_DIR/r.json")" = 444 ] || e2e_fail "no longer read-only: $(stat -c %a "$E2E_DIR/r.json")"

# another program writes its own version while the draft is open
chmod 0644 "$E2E_DIR/r.json"
jq '.values.header.department = "外部改的主管部门"' "$E2E_DIR/r.json" > "$E2E_DIR/r.tmp"
cat "$E2E_DIR/r.tmp" > "$E2E_DIR/r.json"
theirs=$(sha256sum < "$E2E_DIR/r.json")
e2e_keys End
e2e_type "二"
e2e_keys Tab C-s
e2e_wait "被其他程序改过"
e2e_keys n
e2e_wait_gone "被其他程序改过"
[ "$(sha256sum < "$E2E_DIR/r.json")" = "$theirs" ] || e2e_fail "the other program's version was replaced although the answer was no"
e2e_wait "未保存"
e2e_keys C-s
e2e_wait "被其他程序改过"
e2e_keys y
e2e_wait "已保存到"
grep -q '二"' "$E2E_DIR/r.json" || e2e_fail "ours not saved after yes"
grep -q "外部改的主管部门" "$E2E_DIR/r.json" && e2e_fail "the other program's version is still there after yes"
# saved: the next save does not ask
e2e_type "三"
e2e_keys Tab C-s
e2e_wait "已保存到"
e2e_capture | grep -q "被其他程序改过" && e2e_fail "asked again after our own save"
e2e_keys F10
st=$(e2e_wait_exit)
[ "$st" = 0 ] || e2e_fail "exit status $st"
e2e_finish
