#!/bin/sh
# The reviewer's refusals at 80 columns, in the screen's words and whole: reopening a query
# with no reason; a re-check below the self score with no reason (the whole reason in a box,
# then the score asked again with what was typed, not the three steps anew); a bulk return with
# no reason (said once; no file touched).
. "$(dirname "$0")/lib.sh"
e2e_init review_messages
FIX=$PWD/tests/fixtures
in=$E2E_DIR/in
mkdir -p "$in"
D=$in/d.json
cp "$FIX/seed001_project.json" "$D"
SELFEVAL_USER=clerk "$SELFEVAL_BIN" submit "$D" >/dev/null 2>&1 || e2e_fail "submit failed"
"$SELFEVAL_BIN" query "$D" funds.executed --text 请说明 --by R >/dev/null 2>&1 || e2e_fail "query failed"
"$SELFEVAL_BIN" close "$D" q1 --by R >/dev/null 2>&1 || e2e_fail "close failed"
cp "$D" "$E2E_DIR/d.before"

E2E_ENV="SELFEVAL_USER=市财政局王"
e2e_start 80 24 edit --review --english in/d.json
e2e_wait "Review"
e2e_keys M-l
e2e_wait "Queries (1)"
e2e_keys o
e2e_wait "Reopen query q1"
e2e_keys Enter
e2e_wait "Reopening needs a reason: not reopened"
e2e_keys Escape
e2e_wait_gone "Queries (1)"
e2e_keys C-n C-n C-n C-n
e2e_wait "Section 5/7"
e2e_keys Tab Tab Tab Tab Tab Tab Tab Tab Tab
e2e_wait "rule: 10.00"
e2e_keys M-r
e2e_wait "Re-check actual"
e2e_keys Enter
e2e_wait "Re-check score"
e2e_type "7.5"
e2e_keys Enter
e2e_wait "Reason for the re-check"
e2e_keys Enter
# the refusal whole (it was cut on the status line), then the score again, as typed
e2e_wait "give the reason for the deduction"
e2e_capture | grep -q -- "--reason" && e2e_fail "the box names a command-line flag: $(e2e_capture)"
e2e_keys Enter
e2e_wait "Re-check score"
e2e_capture | grep -q "7.5" || e2e_fail "the score typed is not kept: $(e2e_capture)"
e2e_keys Enter
e2e_wait "Reason for the re-check"
e2e_type "佐证不足"
e2e_keys Enter
e2e_wait "Re-checked"
e2e_keys C-s
e2e_wait "Saved"
e2e_keys F10
e2e_wait "[exit 0]"
[ "$(jq -r '.recheck[0].reason // .recheck["indicators.r1.score"].reason // empty' "$D" 2>/dev/null)" != "" ] ||
  jq -c .recheck "$D" | grep -q "佐证不足" || e2e_fail "the re-check is not in the file: $(jq -c .recheck "$D")"

# a bulk return with no reason: said once, nothing returned
cp "$D" "$E2E_DIR/d.mid"
e2e_start 80 24 review in
e2e_wait "1 submission"
e2e_keys R
e2e_wait "Return the 1 submission"
e2e_keys y
e2e_wait "Why"
e2e_keys Enter
e2e_wait "A return needs a reason: nothing returned"
cmp -s "$D" "$E2E_DIR/d.mid" || e2e_fail "the file changed on a return with no reason"
e2e_keys F10
e2e_wait_exit >/dev/null
e2e_finish
