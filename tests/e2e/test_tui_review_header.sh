#!/bin/sh
# The review screen at 80 columns: the header of a project draft names its unit and its whole
# status (the reviewer stepping with Alt-. sees whose draft it is), the status spelled as the
# inbox spells it; approving an approved draft is refused at once, saying how its re-check
# (复核) is recorded, with no question first; the findings list puts the cursor on its selection.
. "$(dirname "$0")/lib.sh"
e2e_init review_header
FIX=$PWD/tests/fixtures
D=$E2E_DIR/d_proj_approved.json
jq '.meta.unit = "丁单位" | .values.header.department = "丁单位"' "$FIX/seed001_project.json" >"$D"
SELFEVAL_USER=丁 "$SELFEVAL_BIN" submit "$D" >/dev/null 2>&1 || e2e_fail "submit failed"
SELFEVAL_USER=R "$SELFEVAL_BIN" approve "$D" >/dev/null 2>&1 || e2e_fail "approve failed"

E2E_ENV="SELFEVAL_USER=市财政局王"
e2e_start 80 24 edit --review --english d_proj_approved.json
e2e_wait "Review"
head=$(e2e_capture | sed -n 1p)
echo "$head" | grep -q "丁单位" || e2e_fail "no unit in the header: '$head'"
echo "$head" | grep -q "approved" || e2e_fail "the status is cut in the header: '$head'"
e2e_keys M-a
e2e_wait "selfeval recheck"
e2e_capture | grep -q "Approve d_proj_approved.json?" && e2e_fail "asked before refusing"
e2e_keys Enter
e2e_wait_gone "selfeval recheck"
# the findings list puts the terminal's cursor on the selected finding (line 3), not at the
# top left, as the other lists do
e2e_keys F3
e2e_wait "Findings ("
e2e_wait_cursor 2 0
e2e_keys Down
e2e_wait_cursor 3 0
e2e_keys Escape
e2e_wait_gone "Findings ("
e2e_keys F10
e2e_wait "[exit 0]"
"$SELFEVAL_BIN" recheck "$D" --by R >/dev/null 2>&1 || e2e_fail "recheck failed"
e2e_start 80 24 edit --review --english d_proj_approved.json
e2e_wait "Review"
head=$(e2e_capture | sed -n 1p)
echo "$head" | grep -q "rechecked" || e2e_fail "the status is not spelled as the inbox spells it: '$head'"
e2e_keys F10
e2e_wait "[exit 0]"
e2e_finish
