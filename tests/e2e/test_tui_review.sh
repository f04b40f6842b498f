#!/bin/sh
# Review mode in the editor (selfeval edit --review DRAFT): the clerk's values are locked (a
# typed key says why), the header says review and the status; the reviewer queries a field,
# re-checks its score (复核: the deviation on the status line), lists the queries and returns
# the draft with a reason. The clerk sees the queried field marked, jumps to it from the list
# of queries and answers in place. The reviewer closes the query and approves; verify passes
# and the clerk's values are what the clerk left.
. "$(dirname "$0")/lib.sh"
e2e_init review
FIX=$PWD/tests/fixtures
D=$E2E_DIR/d.json
cp "$FIX/seed001_project.json" "$D"
SELFEVAL_USER=贺家悦 "$SELFEVAL_BIN" submit "$D" >/dev/null 2>&1 || e2e_fail "submit of the fixture failed"
jq -S .values "$D" > "$E2E_DIR/values.before"

row1() { e2e_capture | grep -E '^ *[!?i]? +1<' | head -1; }
wait_row1() {
    end=$(( $(date +%s) + E2E_TIMEOUT ))
    while ! row1 | grep -qF -- "$1"; do
        [ "$(date +%s)" -ge "$end" ] && e2e_fail "row 1 has no '$1': $(row1)"
        sleep 0.05
    done
}
json() { jq -r "$1" "$D"; }
want() { [ "$(json "$1")" = "$2" ] || e2e_fail "$1 is '$(json "$1")', expected '$2'"; }

# ---- the reviewer ----
E2E_ENV="SELFEVAL_USER=市财政局王"
e2e_start 100 30 edit --review d.json
e2e_wait "Review"
e2e_wait "submitted"
# carrying over is the clerk's: nothing written into the reviewer's folder
e2e_keys M-j
e2e_wait "Carrying over is the clerk's"
[ -z "$(ls "$E2E_DIR" | grep -- '-2026\|2026\.json')" ] || e2e_fail "a carried-over draft was written: $(ls "$E2E_DIR")"
e2e_keys C-n C-n C-n C-n
e2e_wait "Section 5/7"
e2e_keys Tab Tab Tab Tab Tab Tab Tab Tab Tab
e2e_wait "rule: 10.00"
# values are locked: typing says why, and changes nothing
e2e_type "5"
e2e_wait "values locked"
wait_row1 " 10 "
# a query on the focused score
e2e_keys M-q
e2e_wait "Query on"
e2e_type "请说明依据"
e2e_keys Enter
e2e_wait "Query q1 opened"
wait_row1 "10.00?"
# re-check figures: 复核完成值, 复核得分, the reason for the deduction
e2e_keys M-r
e2e_wait "Re-check actual"
e2e_keys C-u
e2e_type "6500 万美元"
e2e_keys Enter
e2e_wait "Re-check score"
e2e_type "8"
e2e_keys Enter
e2e_wait "Reason for the re-check"
e2e_type "完成值无佐证，扣2分"
e2e_keys Enter
e2e_wait "Re-check 93.53"
e2e_wait "Deviation -2.00"
e2e_wait "re-check 8 · deviation -2.00"
# the list of queries
e2e_keys M-l
e2e_wait "Queries (1)"
e2e_wait_line "q1" "请说明依据"
e2e_keys Escape
e2e_wait "Section 5/7"
# return: a reason is required
e2e_keys M-t
e2e_wait "Return to the clerk"
e2e_keys Enter
e2e_wait "reason"
e2e_keys M-t
e2e_wait "Return to the clerk"
e2e_type "请补充佐证材料"
e2e_keys Enter
e2e_wait "returned"
e2e_keys F10
e2e_wait "[exit 0]"
want .meta.status returned
want '.queries[0].path' indicators.r1.score
want '.queries[0].state' open
want '.queries[0].thread[0].text' 请说明依据
want '.queries[0].thread[0].by' 市财政局王
want '.recheck["indicators.r1.score"].score' 8
want '.recheck["indicators.r1.score"].actual' "6500 万美元"
want '.recheck["indicators.r1.score"].reason' 完成值无佐证，扣2分
want '.history[-1].note' 请补充佐证材料
want '.history[-1].status' returned

# ---- the clerk ----
E2E_ENV="SELFEVAL_USER=贺家悦"
e2e_start 100 30 edit d.json
e2e_wait "Section 1/7"
# the reviewer's reason, first thing
e2e_wait "Returned by the reviewer"
e2e_wait "请补充佐证材料"
e2e_keys Enter
e2e_wait_gone "Returned by the reviewer"
e2e_keys M-l
e2e_wait "Queries (1)"
e2e_wait_line "q1" "open"
e2e_keys Enter
e2e_wait "Section 5/7"
e2e_wait "Query q1 (open): 请说明依据"
# the mark beside the field when the focus is elsewhere in the row
e2e_keys BTab
wait_row1 "10.00?"
e2e_keys Tab
e2e_keys M-q
e2e_wait "Answer query q1"
e2e_type "已附统计表"
e2e_keys Enter
e2e_wait "Query q1 answered"
e2e_keys C-s
e2e_wait "Saved"
e2e_keys F10
e2e_wait "[exit 0]"
want '.queries[0].state' answered
want '.queries[0].thread[1].action' answer
want '.queries[0].thread[1].text' 已附统计表
SELFEVAL_USER=贺家悦 "$SELFEVAL_BIN" submit "$D" >/dev/null 2>&1 || e2e_fail "resubmit failed"

# ---- the reviewer again: close the query, approve ----
E2E_ENV="SELFEVAL_USER=市财政局王"
e2e_start 100 30 edit --review d.json
e2e_wait "submitted"
e2e_keys M-l
e2e_wait_line "q1" "answered"
e2e_keys c
e2e_wait_line "q1" "closed"
e2e_keys Escape
e2e_keys M-a
e2e_wait "Approve"
e2e_keys y
e2e_wait "approved"
e2e_keys F10
e2e_wait "[exit 0]"
want .meta.status approved
want '.queries[0].state' closed
"$SELFEVAL_BIN" verify "$D" >/dev/null 2>&1 || e2e_fail "verify fails after the approval"
jq -S .values "$D" > "$E2E_DIR/values.after"
cmp -s "$E2E_DIR/values.before" "$E2E_DIR/values.after" ||
    e2e_fail "the clerk's values changed: $(diff "$E2E_DIR/values.before" "$E2E_DIR/values.after")"
e2e_finish
