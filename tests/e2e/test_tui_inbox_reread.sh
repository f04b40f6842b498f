#!/bin/sh
# Back from a submission (Alt-i), its inbox line says what the file and the submission say now:
# a copied text rewritten on disk while the inbox was open drops out of its F column (as its F3
# lists), and a query asked and saved counts in Q.
. "$(dirname "$0")/lib.sh"
e2e_init inbox_reread
FIX=$PWD/tests/fixtures
in=$E2E_DIR/in
mkdir -p "$in"
for u in 子 丑; do
    jq --arg u "${u}单位" '.meta.unit = $u | .values.header.department = $u' "$FIX/seed001_project.json" >"$in/$u.json"
    SELFEVAL_USER=clerk "$SELFEVAL_BIN" submit "$in/$u.json" >/dev/null 2>&1 || e2e_fail "submit failed"
done
# F of a line: the field before the status (Q is blank when 0)
f_of() { e2e_capture | grep -F "$1" | awk '{print $(NF-1)}'; }
flags_in_f3() { e2e_capture | sed -n 2p | sed 's/.*(\([0-9]*\)).*/\1/'; }

E2E_LANG=C.UTF-8
E2E_ENV="SELFEVAL_USER=市财政局王"
e2e_start 80 24 review in
e2e_wait "2 submissions"
e2e_wait_line "丑单位" "submitted"
sleep 1
before=$(f_of "丑单位")
[ -n "$before" ] || e2e_fail "no F for 丑单位: $(e2e_capture)"
jq '.values.goals.achieved = "完全不同的文字内容，用于测试复制文本标记是否随文件变化而更新。"' "$in/丑.json" >"$E2E_DIR/t" &&
    cat "$E2E_DIR/t" >"$in/丑.json"
# 丑 is the first line (sorted by file: 丑 < 子 in UTF-8)
e2e_wait_line "^>" "丑单位"
e2e_keys Enter
e2e_wait "Review"
e2e_keys M-q
e2e_wait "Query on"
e2e_type "请说明"
e2e_keys Enter
e2e_wait "Query q1 opened"
e2e_keys C-s
e2e_wait "Saved"
e2e_keys M-i
e2e_wait "2 submissions"
e2e_wait_line "丑单位" "submitted"
after=$(f_of "丑单位")
[ "$after" = $((before - 1)) ] || e2e_fail "F of 丑单位 is $after, expected $((before - 1)) (was $before): $(e2e_capture)"
q=$(e2e_capture | grep -F "丑单位" | awk '{print $(NF-2)}')
[ "$q" = 1 ] || e2e_fail "Q of 丑单位 is '$q', expected 1: $(e2e_capture)"
e2e_keys F10
e2e_wait_exit >/dev/null
e2e_finish
