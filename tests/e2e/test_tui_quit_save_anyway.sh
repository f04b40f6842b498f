#!/bin/sh
# "Save" in the unsaved-changes question, then yes to "save anyway?" (the draft file is
# read-only, mode 0444): the save is done and what it was for goes on. Quitting: the editor
# ends, the file holds the change and stays read-only (no to the second question writes
# nothing and keeps the editor open). Export and carry-over (they act on the saved file): the
# export's format list, the carry-over's file name are asked next. Going back from a
# submission to the reviewer's inbox (closing the document): the query is saved and the
# inbox is back, not the submission.
. "$(dirname "$0")/lib.sh"
e2e_init quit_save_anyway
cp "$PWD/tests/fixtures/seed001_project.json" "$E2E_DIR/r.json"
chmod 0444 "$E2E_DIR/r.json"
before=$(sha256sum < "$E2E_DIR/r.json")
E2E_LANG=zh_CN.UTF-8
e2e_start 100 30 r.json
e2e_wait "第 1/7 节"

e2e_type "改过的项目名称"
e2e_keys Tab
e2e_wait "未保存"
# quit, Save, then no: the file is as it was, the editor still open and dirty
e2e_keys F10
e2e_wait "保存"
e2e_keys Enter
e2e_wait "只读文件"
e2e_keys n
e2e_wait_gone "只读文件"
[ "$(sha256sum < "$E2E_DIR/r.json")" = "$before" ] || e2e_fail "replaced although the answer was no"
e2e_wait "未保存"
# quit, Save, then yes: saved, and the editor ends
e2e_keys F10
e2e_wait "保存"
e2e_keys Enter
e2e_wait "只读文件"
e2e_keys y
st=$(e2e_wait_exit)
[ "$st" = 0 ] || e2e_fail "exit status $st"
grep -q "改过的项目名称" "$E2E_DIR/r.json" || e2e_fail "not saved after yes"
[ "$(stat -c %a "$E2E_DIR/r.json")" = 444 ] || e2e_fail "no longer read-only: $(stat -c %a "$E2E_DIR/r.json")"

# export and carry-over act on the saved file: "save first", then yes to "save anyway?", and
# the export (its format list) or the carry-over (the new file's name) goes on
cp "$PWD/tests/fixtures/seed001_project.json" "$E2E_DIR/x.json"
chmod 0444 "$E2E_DIR/x.json"
e2e_start 100 30 x.json
e2e_wait "第 1/7 节"
e2e_type "导出前改过"
e2e_keys Tab
e2e_wait "未保存"
e2e_keys C-o
e2e_wait "先保存修改吗"
e2e_keys Enter
e2e_wait "只读文件"
e2e_keys y
e2e_wait "导出格式"
grep -q "导出前改过" "$E2E_DIR/x.json" || e2e_fail "not saved before the export"
e2e_keys Escape
e2e_wait_gone "导出格式"
e2e_type "结转前改过"
e2e_keys Tab
e2e_wait "未保存"
e2e_keys M-j
e2e_wait "先保存修改吗"
e2e_keys Enter
e2e_wait "只读文件"
e2e_keys y
e2e_wait "2026.json"
grep -q "结转前改过" "$E2E_DIR/x.json" || e2e_fail "not saved before the carry-over"
e2e_keys Escape
e2e_wait_gone "2026.json"
e2e_keys F10
st=$(e2e_wait_exit)
[ "$st" = 0 ] || e2e_fail "exit status $st"

# the inbox: a query makes the submission dirty; back to the list asks, Save, yes
mkdir "$E2E_DIR/in"
jq '.meta.unit = "北京市财政局" | .values.header.department = "北京市财政局" | .meta.status = "submitted"' \
    "$PWD/tests/fixtures/seed001_project.json" >"$E2E_DIR/in/a.json"
chmod 0444 "$E2E_DIR/in/a.json"
E2E_LANG=C.UTF-8
e2e_start 100 30 review in
e2e_wait "1 submission ·"   # (not "1 submissions")
e2e_keys Enter
e2e_wait "Section 1/7"
e2e_keys M-q
e2e_wait "Query on"
e2e_type "依据？"
e2e_keys Enter
e2e_wait "Query q1 opened"
e2e_keys M-i
e2e_wait "Save"
e2e_keys Enter
e2e_wait "read-only"
e2e_keys y
# (the inbox's summary line: the submission's header names the unit and status too)
e2e_wait "sorted by file"
e2e_capture | grep -q "Section 1/7" && e2e_fail "still in the submission after saving"
e2e_wait_line "北京市财政局" "submitted"
[ "$(e2e_json "$E2E_DIR/in/a.json" "d['queries'][0]['thread'][0]['text']")" = "依据？" ] ||
    e2e_fail "the query was not saved"
e2e_keys F10
st=$(e2e_wait_exit)
[ "$st" = 0 ] || e2e_fail "exit status $st"
e2e_finish
