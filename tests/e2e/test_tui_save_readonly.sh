#!/bin/sh
# Saving over a read-only draft (mode 0444) asks first, as vim does: "n" leaves the file as it
# was, "y" saves, and the file stays read-only.
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
e2e_wait "read-only"
e2e_keys n
e2e_wait_gone "read-only"
[ "$(sha256sum < "$E2E_DIR/r.json")" = "$before" ] || e2e_fail "replaced although the answer was no"
e2e_keys C-s
e2e_wait "read-only"
e2e_keys y
e2e_wait "已保存到"
grep -q "改过的项目名称" "$E2E_DIR/r.json" || e2e_fail "not saved after yes"
[ "$(stat -c %a "$E2E_DIR/r.json")" = 444 ] || e2e_fail "no longer read-only: $(stat -c %a "$E2E_DIR/r.json")"
e2e_keys F10
st=$(e2e_wait_exit)
[ "$st" = 0 ] || e2e_fail "exit status $st"
e2e_finish
