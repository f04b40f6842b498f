#!/bin/sh
# The export key (Ctrl-O): asks the format and the file (beside the draft by default), writes
# it, says where it went; a second export to the same file asks before replacing it, and "no"
# leaves the file as it was. Unsaved changes are saved first when the clerk agrees.
. "$(dirname "$0")/lib.sh"
e2e_init export
E2E_LANG=zh_CN.UTF-8
cp "$(dirname "$0")/../fixtures/seed001_project.json" "$E2E_DIR/p.json"
e2e_start 100 30 p.json
e2e_wait "第 1/"
e2e_wait "导出"                       # on the key bar
e2e_keys C-o
e2e_wait "导出格式"
e2e_keys Down Enter                   # TXT
e2e_wait "导出到"
e2e_wait "p.txt"                      # the default: beside the draft
e2e_keys Enter
e2e_wait "已导出到"
[ -f "$E2E_DIR/p.txt" ] || e2e_fail "no p.txt beside the draft"
grep -q "2025 年度项目支出绩效自评表" "$E2E_DIR/p.txt" || e2e_fail "p.txt has no table"
echo "changed" >"$E2E_DIR/p.txt"
e2e_keys C-o
e2e_wait "导出格式"
e2e_keys Down Enter
e2e_wait "导出到"
e2e_keys Enter
e2e_wait "替换"
e2e_keys n
e2e_wait "未导出"
[ "$(cat "$E2E_DIR/p.txt")" = "changed" ] || e2e_fail "the file was replaced without asking"
# an unsaved change: saved first, on request, then exported
e2e_type "x"
e2e_keys Tab
e2e_keys C-o
e2e_wait "先保存修改吗"
e2e_keys Enter
e2e_wait "导出格式"
e2e_keys Enter                        # XLSX
e2e_wait "导出到"
e2e_keys Enter
e2e_wait "已导出到"
[ -f "$E2E_DIR/p.xlsx" ] || e2e_fail "no p.xlsx"
v=$(e2e_json "$E2E_DIR/p.json" "d['values']['header']['name']")
[ "$v" != "开放型经济发展与三产业发展引导资金" ] || e2e_fail "the change was not saved"
e2e_keys F10
e2e_wait_exit >/dev/null
e2e_finish
