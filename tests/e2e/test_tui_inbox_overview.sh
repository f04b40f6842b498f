#!/bin/sh
# A submission of several tables opens from the inbox on its overview: the next / previous
# submission (Alt-. / Alt-,) and back to the inbox (Alt-i, on its key bar) work there too,
# and the next submission opens on its overview as well (the reviewer's place is kept).
. "$(dirname "$0")/lib.sh"
e2e_init inbox_overview
in=$E2E_DIR/in
mkdir -p "$in"
S=$PWD/forms/examples/submission.json
jq '.meta.unit = "北京市财政局" | .values.report.cover.unit = "北京市财政局" | .meta.status = "submitted"' "$S" >"$in/a.json"
jq '.meta.unit = "安徽省商务厅" | .values.report.cover.unit = "安徽省商务厅" | .meta.status = "submitted"' "$S" >"$in/b.json"

e2e_start 100 30 review in
e2e_wait "2 submissions"
e2e_wait_line "北京市财政局" "submitted"
e2e_keys Enter
e2e_wait "Overview"
e2e_wait "a.json"
e2e_wait "M-i Inbox"
e2e_keys M-.
e2e_wait "b.json"
e2e_wait "Overview"
e2e_keys M-,
e2e_wait "a.json"
e2e_wait "Overview"
e2e_keys M-i
e2e_wait "2 submissions"
e2e_wait_line "北京市财政局" "submitted"
e2e_keys F10
e2e_wait_exit >/dev/null

# `review .`: the title names the folder, not "."
e2e_start 100 30 review .
e2e_wait "Inbox $(cd "$E2E_DIR" && pwd -P)"
e2e_wait "2 submissions"
e2e_keys F10
e2e_wait_exit >/dev/null
e2e_finish
