#!/bin/sh
# 复核 totals that must add up (issue: re-check figures in the totals): a re-check of a row
# the clerk later deleted counts in no total and is reported (recheck.orphan) and can be
# cleared; a table without a total (the report, the basic data) has no 复核总分; a 复核得分
# with more than 2 decimals is refused, and one already in a file counts rounded half up.
# Usage: sh tests/cli/test_recheck_totals.sh BUILD_DIR   (env SELFEVAL_BIN, SELFEVAL_FORMS)
set -u
BUILD=${1:-build}
. "$PWD/tests/cli/lib.sh"
cli_program test_recheck_totals
for tool in jq sqlite3; do
  command -v "$tool" >/dev/null || { echo "test_recheck_totals: $tool is missing"; exit 1; }
done
tmp=$(mktemp -d /tmp/selfeval-rechecktot-XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM HUP
P=tests/fixtures/seed001_project.json

# ---- 1. a re-check of a deleted row (seed 001: 总分 95.53; row 2 weighs 10, self score 10)
cp "$P" "$tmp/r1.json"
t "recheck-score row 2: 10 -> 5" 0 recheck-score "$tmp/r1.json" indicators.r2.score --score 5 --reason 扣分 --by R
has "$tmp/out" "自评总分 95.53	复核总分 90.53	偏差 -5.00" "totals with the row"
jq 'del(.values.indicators[1])' "$tmp/r1.json" >"$tmp/r1b.json"
t "rechecks after the row is deleted" 0 rechecks "$tmp/r1b.json"
has "$tmp/out" "自评总分 85.53	复核总分 85.53	偏差 0.00" "the deleted row's re-check counts in no total"
hasnt "$tmp/out" "复核 5.00" "no figure line for the deleted row"
has "$tmp/out" "indicators.r2.score	not counted: re-check of a row that no longer exists" "listed as not counted"
t "summary (CSV)" 0 summary "$tmp/r1b.json"
is "$(cut -d, -f11-14 "$tmp/out" | tail -n 1)" "85.53,良,85.53,0.00" "summary: 复核总分 = 总分"
t "check --json" 1 check --json "$tmp/r1b.json"
is "$(jq -r '[.. | objects | select(.code? == "recheck.orphan") | .severity + " " + .path] | join(";")' "$tmp/out")" \
   "warning indicators.r2.score" "check: a recheck.orphan warning naming the re-check"
t "the orphan can be cleared" 0 recheck-score "$tmp/r1b.json" indicators.r2.score --clear --by R
t "rechecks after clearing" 0 rechecks "$tmp/r1b.json"
has "$tmp/out" "0 re-checked score(s)" "cleared"
hasnt "$tmp/out" "not counted" "nothing left to list"

# ---- 2. tables without a total: the example submission (report, basic, dept, projects)
cp forms/examples/submission.json "$tmp/g.json"
t "recheck-score a project's row" 0 recheck-score "$tmp/g.json" projects.p1.indicators.r2.score --score 6 --reason 无佐证 --by QA
t "rechecks of a submission" 0 rechecks "$tmp/g.json"
hasnt "$tmp/out" "report: 自评总分" "no totals line for the report"
hasnt "$tmp/out" "basic: 自评总分" "no totals line for the basic data"
has "$tmp/out" "projects.p1: 自评总分" "the project's totals line stays"
t "summary (CSV) of a submission" 0 summary "$tmp/g.json"
is "$(awk -F, '$5 == "report" || $5 == "basic" { print $5 ":" $11 ":" $13 ":" $14 }' "$tmp/out" | tr '\n' ' ')" \
   "report::: basic::: " "summary: report and basic have no 复核总分 or 偏差"
t "collect into SQLite" 0 collect --db "$tmp/b.sqlite" "$tmp/g.json"
is "$(sqlite3 -batch -noheader "$tmp/b.sqlite" "SELECT path || ':' || ifnull(total,'NULL') || ':' || ifnull(recheck_total,'NULL') || ':' || ifnull(deviation,'NULL') FROM tables WHERE path IN ('report','basic') ORDER BY path" | tr '\n' ' ')" \
   "basic:NULL:NULL:NULL report:NULL:NULL:NULL " "collect: recheck_total and deviation NULL where total is"
is "$(sqlite3 -batch -noheader "$tmp/b.sqlite" "SELECT count(*) FROM tables WHERE path = 'projects[1]' AND recheck_total IS NOT NULL")" \
   "1" "collect: the project's 复核总分 kept"

# ---- 3. decimals
cp "$P" "$tmp/sc.json"
t "a 复核得分 with 3 decimals is refused" 2 recheck-score "$tmp/sc.json" indicators.r2.score --score 7.555 --reason r --by R
has "$tmp/err" "has more than 2 decimals: scores have 2 (e.g. 7.56)" "the refusal says what to type"
is "$(jq -c '.recheck // {}' "$tmp/sc.json")" "{}" "nothing written"
t "7.50 is taken" 0 recheck-score "$tmp/sc.json" indicators.r2.score --score 7.50 --reason r --by R
# written by hand with 3 decimals: counted as the score field rounds it (7.56), so it adds up
jq '.recheck["indicators.r2.score"].score = "7.555" | .recheck["indicators.r3.score"] = {"score": "7.555", "reason": "r"}' \
  "$tmp/sc.json" >"$tmp/sc2.json"
t "rechecks of a hand-written 7.555" 0 rechecks "$tmp/sc2.json"
has "$tmp/out" "indicators.r2.score	自评 10.00	复核 7.56	偏差 -2.44" "偏差 = 7.56 − 10.00"
has "$tmp/out" "自评总分 95.53	复核总分 90.65	偏差 -4.88" "the totals add up"

cli_done test_recheck_totals
