#!/bin/sh
# The whole review loop of issue 12 headless, in the draft file: submit refused with errors
# (listed); submit; the reviewer queries a field and returns with a reason; the clerk answers
# and fixes the value; resubmit; the reviewer closes the query, re-checks one score and
# approves; verify passes; a hand edit is named by verify. The file then holds exactly the
# expected status, history, queries and re-check figures, and the clerk's values byte for
# byte as the clerk left them.
# Usage: sh tests/cli/test_cli_review_loop.sh BUILD_DIR   (env SELFEVAL_BIN, SELFEVAL_FORMS)
set -u
BUILD=${1:-build}
FIX=$PWD/tests/fixtures
unset SELFEVAL_USER
LC_ALL=C.UTF-8; export LC_ALL
. "$PWD/tests/cli/lib.sh"
cli_program test_cli_review_loop
tmp=$(mktemp -d /tmp/selfeval-loop-XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

# the "values" member as printed in the file, byte for byte
values_text() { sed -n '/^  "values": /,/^  "overrides": /p' "$1" | sed '$d'; }

d=$tmp/d.json
W="市财政局 王"
C="贺家悦"
jq '.values.funds.rate = "99%"' "$FIX/seed001_project.json" >"$d"

# -- the clerk submits a draft with an error: refused, listed
t "submit refused while the draft has errors" 1 submit "$d" --by "$C"
has "$tmp/err" "typed.mismatch" "the refusal lists the error"
has "$tmp/err" "funds.rate" "the refusal names its field"
jq '.values.funds.rate = "55.32%"' "$d" >"$tmp/x" && mv "$tmp/x" "$d"
t "submit" 0 submit "$d" --by "$C"

# -- the reviewer queries a field and returns the draft
t "query a field" 0 query "$d" indicators.r2.actual --text "请说明依据" --by "$W"
has "$tmp/out" "q1 on indicators.r2.actual opened by $W (now open)" "query prints its id"
t "a query on a field the draft does not have" 2 query "$d" indicators.r99.actual --text x --by "$W"
has "$tmp/err" "indicators.r99.actual is not a field" "the refusal names the path"
t "a query without text" 2 query "$d" indicators.r2.actual --by "$W"
has "$tmp/err" "without text" "the refusal asks for text"
t "reopen an open query is not allowed" 2 reopen "$d" q1 --text x --by "$W"
has "$tmp/err" "cannot reopen q1: it is open (allowed: answer, note, close)" "the refusal says what is allowed"
t "re-check a score before approval? allowed, but not above the weight" 2 recheck-score "$d" indicators.r2.score --score 12 --reason x --by "$W"
has "$tmp/err" "above its weight 10" "the refusal names the weight"
t "return with a reason" 0 return "$d" --reason "完成值请附佐证" --by "$W"

# -- the clerk sees the query, answers, fixes the value, resubmits
t "queries" 0 queries "$d" --open
has "$tmp/out" "q1	open	indicators.r2.actual" "the clerk sees the open query"
has "$tmp/out" "请说明依据" "with its text"
t "answer" 0 answer "$d" q1 --text "已附统计表，完成值更正为11家" --by "$C"
jq '.values.indicators[1].actual = "11 家"' "$d" >"$tmp/x" && mv "$tmp/x" "$d"
t "resubmit" 0 submit "$d" --by "$C"
values_text "$d" >"$tmp/clerk-values"
[ -s "$tmp/clerk-values" ]; verdict "the clerk's values are found in the file"

# -- the reviewer closes the query, re-checks one score, approves
t "approve refused while q1 is not closed" 2 approve "$d" --by "$W"
has "$tmp/err" "cannot approve: 1 query is not closed (q1)" "the refusal names the query"
t "close" 0 close "$d" q1 --by "$W"
t "answer a closed query is not allowed" 2 answer "$d" q1 --text x --by "$C"
has "$tmp/err" "cannot answer q1: it is closed (allowed: reopen)" "the refusal says what is allowed"
t "a deduction without a reason is refused" 2 recheck-score "$d" indicators.r2.score --score 8 --by "$W"
has "$tmp/err" "below the self score 10" "the refusal asks for the reason"
t "re-check one score" 0 recheck-score "$d" indicators.r2.score --score 8 --actual "10 家" --reason "完成值无佐证，扣2分" --by "$W"
has "$tmp/out" "自评总分 95.53	复核总分 93.53	偏差 -2.00" "recheck-score prints the totals"
t "approve" 0 approve "$d" --by "$W"
t "verify" 0 verify "$d"
t "rechecks" 0 rechecks "$d"
has "$tmp/out" "indicators.r2.score	自评 10.00	复核 8.00	偏差 -2.00	10 家	完成值无佐证，扣2分	$W" "rechecks lists the re-checked score"
has "$tmp/out" "自评总分 95.53	复核总分 93.53	偏差 -2.00" "rechecks prints the totals"

# -- the file holds exactly what the loop did
is "$(jq -r .format "$d")" "selfeval-draft/1.1" "the file is format 1.1"
is "$(jq -r .meta.status "$d")" approved "meta.status is approved"
is "$(jq -c '[.history[] | [.status, .by, .note, (.resubmitted // false)]]' "$d")" \
   "[[\"submitted\",\"$C\",\"\",false],[\"returned\",\"$W\",\"完成值请附佐证\",false],[\"submitted\",\"$C\",\"\",true],[\"approved\",\"$W\",\"\",false]]" \
   "history: submitted, returned with its reason, resubmitted, approved; who"
jq -e '[.history[].sha256 | test("^[0-9a-f]{64}$")] | all' "$d" >/dev/null; verdict "each history entry has its sha256"
is "$(jq -c '[.queries[] | {id, path, state, thread: [.thread[] | [.action, .by, .text]]}]' "$d")" \
   "[{\"id\":\"q1\",\"path\":\"indicators.r2.actual\",\"state\":\"closed\",\"thread\":[[\"open\",\"$W\",\"请说明依据\"],[\"answer\",\"$C\",\"已附统计表，完成值更正为11家\"],[\"close\",\"$W\",\"\"]]}]" \
   "queries: q1 opened, answered, closed, by whom"
jq -e '[.queries[].thread[].at | test("^[0-9]{4}-")] | all' "$d" >/dev/null; verdict "each message has a time"
is "$(jq -c '.recheck | map_values({actual, score, reason, by})' "$d")" \
   "{\"indicators.r2.score\":{\"actual\":\"10 家\",\"score\":\"8\",\"reason\":\"完成值无佐证，扣2分\",\"by\":\"$W\"}}" \
   "recheck: the one re-checked score"
values_text "$d" >"$tmp/final-values"
cmp -s "$tmp/clerk-values" "$tmp/final-values"; verdict "the clerk's values are byte for byte what the clerk left"
is "$(jq -r '.values.indicators[1].actual' "$d")" "11 家" "the clerk's fix is there"
is "$(jq -r '.values.indicators[1].score' "$d")" "10" "the self score is untouched by the re-check"

# -- a hand edit after approval is named by verify
jq '.values.indicators[1].actual = "13 家"' "$d" >"$tmp/x" && mv "$tmp/x" "$d"
t "verify after a hand edit" 1 verify "$d"
has "$tmp/out" "indicators.r2.actual" "verify names the changed field"

# -- a reviewer's session interrupted: its journal (a query, a re-check) recovered for review
r=$tmp/r.json
cp "$FIX/seed001_project.json" "$r"
write_review_journal() {  # DRAFT [N]: the journal of a reviewer's session (its first N records)
python3 - "$@" <<'PY'
import hashlib, json, sys, zlib
draft = sys.argv[1]
keep = int(sys.argv[2]) if len(sys.argv) > 2 else None
data = open(draft, "rb").read()
recs = [{"j": "selfeval-journal/1", "draft": draft, "form": "project", "form_version": "",
         "draft_sha256": hashlib.sha256(data).hexdigest()},
        {"op": "query", "action": "open", "id": "q1", "path": "indicators.r2.actual",
         "by": "王", "at": "2026-05-06T09:00:00+08:00", "text": "请说明依据"},
        {"op": "recheck", "path": "indicators.r2.score", "score": "8", "reason": "无佐证",
         "by": "王", "at": "2026-05-06T09:05:00+08:00"}]
with open(draft + ".journal", "wb") as f:
    for x in recs[:keep]:
        p = json.dumps(x, ensure_ascii=False, separators=(",", ":")).encode()
        f.write(b"J1 %08x %d " % (zlib.crc32(p), len(p)) + p + b"\n")
PY
chmod 600 "$1.journal"
}
write_review_journal "$r"
cp "$r" "$tmp/r.before"
t "a reviewer's journal is not recovered for editing" 2 recover "$r" --apply
has "$tmp/err" "open the draft for review" "the refusal says to open it for review"
cmp -s "$r" "$tmp/r.before"; verdict "the draft is left as it was"
[ -f "$r.journal" ]; verdict "the journal is kept"
t "recovered for review" 0 recover "$r" --apply --review
is "$(jq -c '[.queries[0].id, .queries[0].state, .queries[0].thread[0].text, .recheck."indicators.r2.score".score]' "$r")" \
   '["q1","open","请说明依据","8"]' "the query and the re-check are back"
t "verify of a draft never submitted" 2 verify "$r"
# a reviewer's query alone (no re-check): not recovered into the clerk's session either
q=$tmp/q.json
cp "$FIX/seed001_project.json" "$q"
write_review_journal "$q" 2
t "a reviewer's query is not recovered for editing" 2 recover "$q" --apply
has "$tmp/err" "open the draft for review" "the refusal says to open it for review"
cmp -s "$q" "$FIX/seed001_project.json"; verdict "the draft is left as it was"
t "the query recovered for review" 0 recover "$q" --apply --review
is "$(jq -c '[.queries[0].id, .queries[0].state]' "$q")" '["q1","open"]' "the query is back"

cli_done test_cli_review_loop
