#!/bin/sh
# The whole review loop in the editor and the inbox: the clerk fills and submits (Alt-s); the
# reviewer opens the folder (selfeval review DIR), opens the submission, queries a field and
# returns it with a reason; the clerk sees the reason and the query, fixes the value, answers,
# resubmits; the reviewer closes the query, re-checks one score and approves; verify passes; a
# hand edit is named by verify. The file holds exactly the expected statuses, history, queries and re-check
# figures, and the clerk's values are byte for byte what the clerk left.
. "$(dirname "$0")/lib.sh"
e2e_init review_loop
FIX=$PWD/tests/fixtures
IN=$E2E_DIR/in
mkdir -p "$IN"
D=$IN/a.json
cp "$FIX/seed001_project.json" "$D"
jq '.meta.unit = "长沙市商务局" | .values.header.department = "长沙市商务局"' \
    "$FIX/seed001_project.json" > "$IN/b.json"
json() { jq -r "$1" "$D"; }
want() { [ "$(json "$1")" = "$2" ] || e2e_fail "$1 is '$(json "$1")', expected '$2'"; }
CLERK="SELFEVAL_USER=贺家悦"
REVIEWER="SELFEVAL_USER=市财政局王"

# ---- the clerk fills and submits ----
E2E_ENV=$CLERK
e2e_start 100 30 edit in/a.json
e2e_wait "Section 1/7"
e2e_type "开放型经济发展引导资金"
e2e_keys Tab
e2e_keys M-s
e2e_wait "Submit a.json for review?"
e2e_keys y
e2e_wait "Submitted for review and saved"
e2e_keys F10
e2e_wait "[exit 0]"
want .meta.status submitted

# ---- the reviewer: the inbox, a query on the actual, a return ----
E2E_ENV=$REVIEWER
e2e_start 100 30 review in
e2e_wait "2 submissions"
e2e_wait_line "益阳市商务局" "submitted"
e2e_keys /
e2e_wait "Unit contains"
e2e_type "益阳"
e2e_keys Enter
e2e_wait "1 of 2 shown"
e2e_keys Enter
e2e_wait "Review"
e2e_wait "Section 1/7"
e2e_keys C-n C-n C-n C-n
e2e_wait "Section 5/7"
e2e_keys Tab Tab Tab Tab
e2e_wait "7983"
e2e_keys M-q
e2e_wait "Query on"
e2e_type "完成值依据？"
e2e_keys Enter
e2e_wait "Query q1 opened"
e2e_keys M-t
e2e_wait "Return to the clerk"
e2e_type "请核实完成值"
e2e_keys Enter
e2e_wait "returned"
e2e_keys M-i
e2e_wait_line "益阳市商务局" "returned"
e2e_keys F10
e2e_wait "[exit 0]"
want .meta.status returned
want '.queries[0].path' indicators.r1.actual
want '.queries[0].state' open

# ---- the clerk: sees the query, fixes the value, answers, resubmits ----
E2E_ENV=$CLERK
e2e_start 100 30 edit in/a.json
e2e_wait "Section 1/7"
# the reviewer's reason, first thing
e2e_wait "Returned by the reviewer"
e2e_wait "请核实完成值"
e2e_keys Enter
e2e_wait_gone "Returned by the reviewer"
e2e_keys M-l
e2e_wait "Queries (1)"
e2e_wait_line "q1" "open"
e2e_keys Enter
e2e_wait "Section 5/7"
e2e_wait "Query q1 (open): 完成值依据？"
e2e_type "8000 万美元"
e2e_keys Tab BTab
e2e_wait "8000 万美元"
e2e_keys M-q
e2e_wait "Answer query q1"
e2e_type "已按统计表更正"
e2e_keys Enter
e2e_wait "Query q1 answered"
e2e_keys M-s
e2e_wait "Submit a.json for review?"
e2e_keys y
e2e_wait "Submitted for review and saved"
e2e_keys F10
e2e_wait "[exit 0]"
want .meta.status submitted
want .values.indicators[0].actual "8000 万美元"
want '.queries[0].state' answered
jq -S .values "$D" > "$E2E_DIR/values.clerk"

# ---- the reviewer: closes the query, re-checks the score, approves ----
E2E_ENV=$REVIEWER
e2e_start 100 30 review in
e2e_wait "2 submissions"
e2e_keys /
e2e_wait "Unit contains"
e2e_type "益阳"
e2e_keys Enter
e2e_wait "1 of 2 shown"
e2e_keys Enter
e2e_wait "Review"
e2e_keys M-l
e2e_wait_line "q1" "answered"
e2e_keys c
e2e_wait_line "q1" "closed"
e2e_keys Enter
e2e_wait "Section 5/7"
e2e_keys Tab Tab Tab Tab Tab
e2e_wait "rule: 10.00"
e2e_keys M-r
e2e_wait "Re-check actual"
e2e_keys Enter
e2e_wait "Re-check score"
e2e_type "9"
e2e_keys Enter
e2e_wait "Reason for the re-check"
e2e_type "佐证不足，扣1分"
e2e_keys Enter
e2e_wait "Deviation -1.00"
e2e_keys M-a
e2e_wait "Approve"
e2e_keys y
e2e_wait "approved"
e2e_keys M-i
e2e_wait_line "益阳市商务局" "approved"
e2e_keys F10
e2e_wait "[exit 0]"

# ---- what the file holds ----
want .meta.status approved
want '[.history[].status] | join(",")' submitted,returned,submitted,approved
want '.history[1].note' 请核实完成值
want '.history[2].resubmitted' true
want '.history[3].by' 市财政局王
want '.queries | length' 1
want '[.queries[0].thread[].action] | join(",")' open,answer,close
want '.queries[0].thread[1].by' 贺家悦
want '.queries[0].state' closed
want '.recheck["indicators.r1.score"].score' 9
want '.recheck["indicators.r1.score"].reason' 佐证不足，扣1分
jq -S .values "$D" > "$E2E_DIR/values.after"
cmp -s "$E2E_DIR/values.clerk" "$E2E_DIR/values.after" ||
    e2e_fail "the clerk's values changed: $(diff "$E2E_DIR/values.clerk" "$E2E_DIR/values.after")"
"$SELFEVAL_BIN" verify "$D" >/dev/null 2>&1 || e2e_fail "verify fails after the approval"

# ---- a hand edit: verify names the field ----
jq '.values.indicators[0].actual = "9000 万美元"' "$D" > "$E2E_DIR/edited" && cp "$E2E_DIR/edited" "$D"
"$SELFEVAL_BIN" verify "$D" > "$E2E_DIR/verify.out" 2>&1
st=$?
[ "$st" -eq 1 ] || e2e_fail "verify after a hand edit exits $st, expected 1"
grep -qF "indicators.r1.actual" "$E2E_DIR/verify.out" || e2e_fail "verify does not name the field: $(cat "$E2E_DIR/verify.out")"
e2e_finish
