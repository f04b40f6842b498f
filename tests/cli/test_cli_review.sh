#!/bin/sh
# The review loop headless: submit (refused while the draft has errors), return (a reason is
# required), resubmit, approve, verify; a value edited by hand afterwards is named by verify
# and keeps the re-check from going until it is as approved again.
# Usage: sh tests/cli/test_cli_review.sh BUILD_DIR   (env SELFEVAL_BIN, SELFEVAL_FORMS)
set -u
BUILD=${1:-build}
FIX=$PWD/tests/fixtures
unset SELFEVAL_USER
LC_ALL=C.UTF-8; export LC_ALL
. "$PWD/tests/cli/lib.sh"
cli_program test_cli_review
tmp=$(mktemp -d /tmp/selfeval-review-XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

d=$tmp/d.json
# a filled draft with one error: the typed execution rate disagrees with the computed one
jq '.values.funds.rate = "99%"' "$FIX/seed001_project.json" >"$d"
cp "$d" "$tmp/before"

t "submit refused while the draft has errors" 1 submit "$d" --by 贺家悦
has "$tmp/err" "typed.mismatch" "the refusal lists the error"
has "$tmp/err" "funds.rate" "the refusal names the field"
cmp -s "$d" "$tmp/before"; verdict "a refused submit leaves the file as it was"
t "return before submission is not allowed" 2 return "$d" --reason x --by 王
has "$tmp/err" "the draft is draft" "the message says the status"

# fixed by hand, as the clerk would in the editor
jq '.values.funds.rate = "55.32%"' "$d" >"$tmp/x" && mv "$tmp/x" "$d"
t "submit" 0 submit "$d" --by 贺家悦
[ "$(jq -r .meta.status "$d")" = submitted ]; verdict "meta.status is submitted"
t "return without a reason is refused" 2 return "$d" --by 王
has "$tmp/err" "reason" "the refusal asks for a reason"
[ "$(jq -r .meta.status "$d")" = submitted ]; verdict "a refused return changes nothing"
t "return with a reason" 0 return "$d" --reason "请附支出明细" --by "市财政局 王"
[ "$(jq -r .meta.status "$d")" = returned ]; verdict "meta.status is returned"
t "approve a returned draft is not allowed" 2 approve "$d" --by 王
t "resubmit" 0 submit "$d" --by 贺家悦
[ "$(jq -r '.history[-1].resubmitted' "$d")" = true ]; verdict "the second submission is marked resubmitted"
[ "$(jq -r '.history[0].resubmitted' "$d")" = null ]; verdict "the first is not"
# values changed by hand after the submission: no approval of values nobody submitted
cp "$d" "$tmp/submitted"
jq '.values.funds.executed = "548"' "$d" >"$tmp/x" && mv "$tmp/x" "$d"
t "approve refused: values changed since submitted" 2 approve "$d" --by 王
has "$tmp/err" "values changed since it was submitted (funds.executed" "the refusal names the field"
[ "$(jq -r .meta.status "$d")" = submitted ]; verdict "a refused approval changes nothing"
# ... and an error in them (the typed rate no longer agrees): refused, the count said
jq '.values.funds.rate = "80.00%"' "$tmp/submitted" >"$d"
t "approve refused: changed values with an error" 2 approve "$d" --by 王
# a submitted draft with an error (marked submitted by other means: no history to compare)
jq '.meta.status = "submitted" | .values.funds.rate = "99%"' "$FIX/seed001_project.json" >"$tmp/e.json"
t "approve refused while the draft has errors" 2 approve "$tmp/e.json" --by 王
has "$tmp/err" "cannot approve: the draft has 1 error(s)" "the refusal counts the errors"
[ "$(jq -r .meta.status "$tmp/e.json")" = submitted ]; verdict "still submitted"
cp "$tmp/submitted" "$d"
t "approve" 0 approve "$d" --by "市财政局 王"
[ "$(jq -r .meta.status "$d")" = approved ]; verdict "meta.status is approved"
t "a second approval is not allowed" 2 approve "$d"

# the history: every transition, who, the reason and the values' sha256
[ "$(jq -r '[.history[].status] | join(",")' "$d")" = submitted,returned,submitted,approved ]
verdict "history holds submitted, returned, submitted, approved"
[ "$(jq -r '.history[1].note' "$d")" = "请附支出明细" ]; verdict "the return's reason is kept"
[ "$(jq -r '.history[1].by' "$d")" = "市财政局 王" ]; verdict "who returned it is kept"
jq -e '[.history[].sha256 | test("^[0-9a-f]{64}$")] | all' "$d" >/dev/null
verdict "every entry has a sha256 of 64 hex digits"
jq -e '[.history[].at | length > 0] | all' "$d" >/dev/null; verdict "every entry has a time"
t "history" 0 history "$d"
[ "$(grep -c '^[0-9]' "$tmp/out")" -eq 4 ]; verdict "history prints the 4 entries"
has "$tmp/out" "请附支出明细" "history prints the reason"
has "$tmp/out" "(resubmitted)" "history marks the resubmission"
has "$tmp/out" "$(jq -r '.history[3].sha256' "$d")" "history prints the sha256"

t "verify after approval" 0 verify "$d"
# comments and status are not values: changing them keeps verify passing
jq '.comments = [{"id": "c9", "path": "funds.executed", "text": "ok"}]' "$d" >"$tmp/x" && mv "$tmp/x" "$d"
t "verify ignores comments" 0 verify "$d"
# a value edited by hand after approval
jq '(.values.indicators[] | select(._id == "r2") | .actual) = "99 家"' "$d" >"$tmp/x" && mv "$tmp/x" "$d"
t "verify after a hand edit" 1 verify "$d"
has "$tmp/out" "indicators.r2.actual" "verify names the changed field"
[ "$(grep -c '^  ' "$tmp/out")" -eq 1 ]; verdict "verify names only that field"

# a re-check stands for the values approved: refused while one was changed since, naming it
t "recheck refused after a hand edit" 2 recheck "$d"
has "$tmp/err" "values changed since it was approved (indicators.r2.actual)" \
    "the refusal names the changed field"
# the value as approved again: the re-check goes; the default name comes from the system
jq '(.values.indicators[] | select(._id == "r2") | .actual) = "12 家"' "$d" >"$tmp/x" && mv "$tmp/x" "$d"
t "recheck" 0 recheck "$d"
[ "$(jq -r '.history[-1].by' "$d")" != "" ]; verdict "the default name is not empty"
t "verify compares with the re-check" 0 verify "$d"
t "verify of a draft never submitted" 2 verify "$FIX/seed001_project.json"
t "history of a missing file" 2 history "$tmp/nope.json"

cli_done test_cli_review
