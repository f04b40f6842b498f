#!/bin/sh
# The copy a recovery's "Keep both" writes beside a draft (DRAFT.recovered-TIME.json) is the same
# unit's draft again, not a submission: a folder's walk leaves it out — the inbox (`review
# --list`), check, summary and collect list one draft, not two — and each says on stderr which
# copy it left out and what to do with it; named on its own, the copy is read as any draft.
# Usage: sh tests/cli/test_recovered_copies.sh BUILD_DIR   (env SELFEVAL_BIN, SELFEVAL_FORMS)
set -u
BUILD=${1:-build}
FIX=$PWD/tests/fixtures
LC_ALL=C.UTF-8; export LC_ALL
. "$PWD/tests/cli/lib.sh"
cli_program test_recovered_copies
tmp=$(mktemp -d /tmp/selfeval-recovered-XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

in=$tmp/in
mkdir -p "$in"
jq '.meta.unit = "卯单位" | .values.header.department = "卯单位" | .meta.status = "submitted"' \
  "$FIX/seed001_project.json" >"$in/mao.json"
copy=$in/mao.recovered-20261207-175258.json
cp "$in/mao.json" "$copy"

t "review --list of the folder" 0 review "$in" --list
is "$(grep -c '卯单位' "$tmp/out")" 1 "review --list: one line of 卯单位"
hasnt "$tmp/out" ".recovered-" "review --list: the copy is no line"
has "$tmp/err" "mao.recovered-20261207-175258.json" "review --list: the copy named on stderr"
has "$tmp/err" "not a submission" "review --list: what it is"

t "check of the folder" 0 check --json "$in"
is "$(jq '.drafts | length' "$tmp/out")" 1 "check: one draft"
has "$tmp/err" "left out 1 recovered copy" "check: the copy named on stderr"

t "summary of the folder" 0 summary --csv "$in"
is "$(grep -c '卯单位' "$tmp/out")" 1 "summary: one row of 卯单位"
has "$tmp/err" "mao.recovered-" "summary: the copy named on stderr"

t "collect of the folder" 0 collect --db "$tmp/c.sqlite" "$in"
is "$(sqlite3 "$tmp/c.sqlite" 'select count(*) from submissions')" 1 "collect: one submission"
has "$tmp/err" "mao.recovered-" "collect: the copy named on stderr"

# named on its own, the copy is read
t "check of the copy named" 0 check --json "$copy"
is "$(jq '.drafts | length' "$tmp/out")" 1 "check of the copy: one draft"
hasnt "$tmp/err" "left out" "check of the copy: nothing left out"

cli_done test_recovered_copies
