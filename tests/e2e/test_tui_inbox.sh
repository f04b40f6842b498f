#!/bin/sh
# The reviewer's inbox screen (`selfeval review DIR`): one line per submission fitting 80
# columns (unit, total, grade, counts, status; the selected line's file on the summary line)
# and using 160 (file, form, year, modified too);
# sort by a column picked from a list, filters (status, errors, open queries, unit), Enter opens
# a submission, back to the list keeps sort, filter and place; the next submission from inside
# keeps the section; a bulk approve of the filtered set asks first with the count and refuses
# the file with errors, leaving it byte for byte; a folder of 400 is shown while it is read.
. "$(dirname "$0")/lib.sh"
e2e_init inbox
FIX=$(cd "$(dirname "$0")/../fixtures" && pwd)
in=$E2E_DIR/in
mkdir -p "$in"
P=$FIX/seed001_project.json
jq '.meta.unit = "北京市财政局" | .values.header.department = "北京市财政局" | .meta.status = "submitted"' "$P" >"$in/a.json"
jq '.meta.unit = "安徽省商务厅" | .values.header.department = "安徽省商务厅" | .meta.status = "submitted" | .values.funds.rate = "99%"
    | .format = "selfeval-draft/1.1"
    | .queries = [{"id": "q1", "path": "funds.executed", "state": "open",
                   "thread": [{"action": "open", "by": "王", "at": "2026-05-06T09:00:00+08:00",
                               "text": "请说明依据"}]}]' "$P" >"$in/b.json"
jq '.meta.unit = "长沙市教育局" | .values.header.department = "长沙市教育局" | .meta.status = "approved"' "$P" >"$in/c.json"
printf '{ broken' >"$in/d.json"
cp "$in/b.json" "$E2E_DIR/b.before"

# the line number (from 1) of the first screen line holding TEXT; 0 when none
line_of() { e2e_capture | grep -nF -- "$1" | head -1 | cut -d: -f1 | grep . || echo 0; }
above() {  # above A B: A's line is above B's
    la=$(line_of "$1"); lb=$(line_of "$2")
    [ "$la" -gt 0 ] && [ "$lb" -gt 0 ] && [ "$la" -lt "$lb" ] || e2e_fail "'$1' ($la) is not above '$2' ($lb)"
}

E2E_LANG=C.UTF-8
e2e_start 80 24 review in
e2e_wait "4 submissions"
e2e_wait_line "北京市财政局" "95.53"
e2e_wait_line "北京市财政局" "submitted"
e2e_wait_line "d.json" "cannot be read"
# the red flags column (F) counts the folder's flags as check does (a, b and c share their
# texts: copied from another unit), beside the draft's own
flags_of() { python3 -c 'import json, sys
d = [d for d in json.load(sys.stdin)["drafts"] if d["file"].endswith(sys.argv[1])][0]
print(sum(f["code"].startswith("review.") for f in d["findings"]))' "$1"; }
want=$("$SELFEVAL_BIN" check --json "$in/a.json" "$in/b.json" "$in/c.json" | flags_of a.json)
own=$("$SELFEVAL_BIN" check --json "$in/a.json" | flags_of a.json)
[ "$want" -gt "$own" ] || e2e_fail "check finds no folder flags for a.json ($want, own $own)"
got=$(e2e_capture | grep -F "北京市财政局" | awk '{print $(NF-1)}')
[ "$got" = "$want" ] || e2e_fail "F of a.json shows '$got', check counts $want"
# 80 columns: no modified column; every line fits
e2e_capture | grep -q "2026-04-27" && e2e_fail "the modified column at 80 columns"
# nor the file column: the selected line's file is named on the summary line instead
e2e_wait_line "4 submissions" "a.json"
e2e_keys Down
e2e_wait_line "4 submissions" "b.json"
e2e_keys Up
e2e_wait_line "4 submissions" "a.json"
# an Alt key of a submission's (Alt-i: back to the inbox) pressed here: said, and the inbox
# stays (it was read as Esc, which left the program)
e2e_keys M-i
e2e_wait "Alt-i does nothing here"
e2e_wait "4 submissions"
[ -n "$(e2e_pid)" ] || e2e_fail "the inbox ended on Alt-i"
# sorted by file first: a b c d
above "北京市财政局" "安徽省商务厅"
above "安徽省商务厅" "长沙市教育局"
# sort by unit: picked from a list
e2e_keys s
e2e_wait "Sort by"
e2e_type "unit"
e2e_keys Enter
e2e_wait "sorted by unit"
above "北京市财政局" "安徽省商务厅"     # 北 U+5317 before 安 U+5B89
above "安徽省商务厅" "长沙市教育局"
# the same column again turns it round
e2e_keys s
e2e_wait "Sort by"
e2e_type "unit"
e2e_keys Enter
e2e_wait "sorted by unit, down"
above "长沙市教育局" "安徽省商务厅"
# filters
e2e_keys e
e2e_wait "2 of 4 shown"
e2e_capture | grep -q "北京市财政局" && e2e_fail "a row without errors under the errors filter"
e2e_keys e
e2e_wait "4 submissions"
e2e_keys o
e2e_wait "1 of 4 shown"
e2e_wait "安徽省商务厅"
e2e_keys o
e2e_keys /
e2e_wait "Unit contains"
e2e_type "长沙"
e2e_keys Enter
e2e_wait "1 of 4 shown"
e2e_wait "长沙市教育局"
e2e_keys /
e2e_wait "Unit contains"
e2e_keys C-u Enter
e2e_wait "4 submissions"
e2e_keys f
e2e_wait "Status"
e2e_type "submitted"
e2e_keys Enter
e2e_wait "2 of 4 shown"
# Enter opens the selected submission (the second row: 北京, sorted by unit downwards)
e2e_keys Down Enter
e2e_wait "a.json"
e2e_wait "Section 1/7"
e2e_keys C-n
e2e_wait "Section 2/7"
# a is the last one shown: no next; the previous one keeps the section
e2e_keys M-.
e2e_wait "This is the last submission"
e2e_keys M-,
e2e_wait "b.json"
e2e_wait "Section 2/7"
# back to the list: sort, filter and place (now on b) kept
e2e_keys M-i
e2e_wait "2 of 4 shown"
e2e_wait "sorted by unit, down"
e2e_wait_line "^>" "安徽省商务厅"
# bulk approve of the two shown: asks with the count; b.json (errors) is refused
e2e_keys A
e2e_wait "Approve the 2 submissions shown"
e2e_keys n
e2e_wait_gone "Approve the 2 submissions shown"
[ "$(e2e_json "$in/a.json" "d['meta']['status']")" = submitted ] || e2e_fail "approved after No"
e2e_keys A
e2e_wait "Approve the 2 submissions shown"
e2e_keys y
e2e_wait "approved 1, refused 1"
e2e_wait "b.json"
e2e_keys Enter
[ "$(e2e_json "$in/a.json" "d['meta']['status']")" = approved ] || e2e_fail "a.json not approved"
cmp -s "$in/b.json" "$E2E_DIR/b.before" || e2e_fail "b.json changed though refused"
e2e_wait "1 of 4 shown"
e2e_keys F10
st=$(e2e_wait_exit)
[ "$st" = 0 ] || e2e_fail "exit status $st"

# 160 columns: every column
e2e_start 160 24 review in
e2e_wait "4 submissions"
e2e_wait_line "b.json" "2026-04-27 09:00"
e2e_wait_line "a.json" "project"
e2e_line_has "4 submissions" "a.json" && e2e_fail "the file named twice at 160 columns"
e2e_keys F10
e2e_wait_exit >/dev/null

# many files: a progress line while reading, rows shown (and the list usable) before the end
python3 "$FIX/../../scripts/gen-submissions.py" 400 "$E2E_DIR/many" >/dev/null || e2e_fail "gen"
e2e_start 80 24 review many
e2e_wait "Reading"
e2e_wait_line "^>" "测试单位"
e2e_keys Down
e2e_wait_line "^>" "测试单位00002"
e2e_wait "400 submissions" 120
e2e_keys F10
e2e_wait_exit >/dev/null
e2e_finish
